"""Through a real client: a blog-style notebook whose prose names methods bare (`stack`), or through a
frame's index (`wide.index.levels`), hovers first on frames the user loads with other libraries
(`web.DataReader(...)`, `pd.read_html(url)[0]`). The notebook is written for the test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_user_notes import first_entries_hold

CELLS = [
    ("markdown", "# Closing prices\n\nDaily closes for a few tickers, one column each."),
    ("markdown", "## Going long\n\n`stack` folds the ticker columns down into the row index: wide to long."),
    ("markdown", "## Tiers\n\n* `wide.index.levels` lists the distinct labels of every tier."),
    ("markdown", "## The steps"),
    ("code", "import pandas as pd\n\ncloses = pd.read_csv('closes.csv', index_col=0)\nlong = closes.stack()\n"
             "wide = closes.reset_index().set_index(['Date', 'Symbol'])"),
]
NOTEBOOK = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
    {"cell_type": kind, "metadata": {}, "source": [text], **({"outputs": [], "execution_count": None}
     if kind == "code" else {})} for kind, text in CELLS]}

USER = """\
import pandas as pd
import pandas_datareader.data as web

prices = web.DataReader(["IBM", "KO"], "stooq")
tall = prices.stack()
table = pd.read_html("https://example.org/tickers")[0]
tiers = table.set_index(["sector", "ticker"])
print(tiers.index.levels)
"""


@pytest.mark.asyncio
async def test_blog_prose_hovers_first_on_frames_other_libraries_load(start, tmp_path: Path) -> None:
    await first_entries_hold(start, tmp_path / "notes", {"closes.ipynb": json.dumps(NOTEBOOK)}, USER, {
        "stack": "wide to long",
        "levels": "distinct labels of every tier",
    })
