"""Frames that other libraries' loaders hand over (`web.DataReader(...)`, `pd.read_html(url)[0]`,
`yf.download(...)`, the example frames `sns.load_dataset(...)` and `px.data.gapminder()`) and a column picked
by a number (`df[2013]`, a year): the hover on their methods names pandas' method, so the note that
explains it answers. Every note here is written for the test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from notesense.analysis.document import Document
from notesense.analysis.resolve import symbol_at
from notesense.library.sources import Sources, load_library
from written import first_entry

DATAREADER = "import pandas_datareader.data as web\n\nprices = web.DataReader(['IBM', 'KO'], 'stooq')\n"


def _resolved(code: str, word: str) -> str | None:
    line = code.count("\n", 0, code.rindex(word))
    col = code.rindex(word) - (code.rfind("\n", 0, code.rindex(word)) + 1) + 1
    found = symbol_at(Document(code), line, col, worth_jedi=lambda _: False, covered=lambda _: True)
    return found.canonical if found else None


@pytest.mark.parametrize(("code", "word", "symbol"), [
    (DATAREADER + "long = prices.stack()\n", "stack", "pandas.DataFrame.stack"),
    ("from pandas_datareader import data\n\nspy = data.get_data_fred('SP500')\nspy.resample('M')\n",
     "resample", "pandas.DataFrame.resample"),
    ("import yfinance as yf\n\nraw = yf.download('KO', start='2020-01-01')\nraw.dropna()\n", "dropna",
     "pandas.DataFrame.dropna"),
    ("import pandas as pd\n\ntable = pd.read_html(url)[0]\ntable.set_index('Rank')\n", "set_index",
     "pandas.DataFrame.set_index"),
    ("import pandas as pd\n\nfor table in pd.read_html(url):\n    table.describe()\n", "describe",
     "pandas.DataFrame.describe"),
    ("import pandas as pd\n\nfirst, second = pd.read_html(url)\nsecond.melt()\n", "melt", "pandas.DataFrame.melt"),
    ("import pandas as pd\n\ndocs = pd.read_excel(url)\ndocs[2013].isnull()\n", "isnull", "pandas.Series.isnull"),
    ("import pandas as pd\n\nsheet = pd.read_excel(url, header=None)\nsheet[0].str.strip()\n", "strip",
     "pandas.Series.str.strip"),
    ("import seaborn as sns\n\nplanets = sns.load_dataset('planets')\nplanets.groupby('method')\n", "groupby",
     "pandas.DataFrame.groupby"),
    ("import plotly.express as px\n\ngap = px.data.gapminder()\ngap.query('year == 2007')\n", "query",
     "pandas.DataFrame.query"),
])
def test_a_loaded_frame_names_pandas_methods(code: str, word: str, symbol: str) -> None:
    assert _resolved(code, word) == symbol


def test_a_list_of_tables_is_no_frame_itself() -> None:
    """`pd.read_html` gives a list: its own `append` is the list's, not a frame's."""
    assert _resolved("import pandas as pd\n\ntables = pd.read_html(url)\ntables.append(1)\n", "append") != \
        "pandas.DataFrame.append"


CELLS = [
    ("markdown", "# Prices by ticker\n\nWe keep daily closes for a few tickers, one column each."),
    ("code", "import pandas as pd\n\ncloses = pd.read_csv('closes.csv', index_col=0)"),
    ("markdown", "## Going long\n\n`stack` folds the column labels down into the row index: wide to long, "
                 "one row per date and ticker."),
    ("code", "long = closes.stack()\nlong.head()"),
]


def test_the_note_on_stack_answers_on_a_datareader_frame(tmp_path: Path) -> None:
    root = tmp_path / "notes"
    root.mkdir()
    cells = [{"cell_type": kind, "metadata": {}, "source": [text], **({"outputs": [], "execution_count": None}
             if kind == "code" else {})} for kind, text in CELLS]
    (root / "prices.ipynb").write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                                                   "cells": cells}), encoding="utf-8")
    library, problems = load_library(Sources(notes=[root], snippets=[], origin="options"), None)
    assert not problems
    entry = first_entry(library, "import pandas as pd\n" + DATAREADER + "long = prices.stack()\n", "stack")
    assert entry is not None and "wide to long" in entry and "prices.ipynb" in entry
