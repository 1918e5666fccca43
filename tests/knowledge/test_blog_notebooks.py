"""A blog series kept as notebooks (English prose cells around method chains on frames loaded by some
other library): a value whose source the code does not type is a frame once it is used with a method
only pandas objects have, so the cells that reshape it explain those methods. Every note here is
written for the test."""

from __future__ import annotations

import ast
from pathlib import Path

from notesense.analysis.imports import parse_imports
from notesense.analysis.semantic import walk
from notesense.compile.symbols import code_symbols
from notesense.library.sources import Sources, load_library
from written import first_entry, notebook

CELLS = [
    ("markdown", "# Reshaping game results\n\nThe results come from a scraper of ours, one row per game."),
    ("code", "import pandas as pd\nimport scraper\n\nscores = scraper.fetch('2024')"),
    ("markdown", "`unstack` moves the innermost level of the index up to the columns: long to wide."),
    ("code", "wide = scores.set_index(['team', 'week']).unstack()\nwide.head()"),
]


def test_a_value_used_with_a_method_only_pandas_has_is_a_frame() -> None:
    code = "import pandas as pd\nrest = make_rest()\nrest.unstack()\nrest.count()\nitems = load()\nitems.pop()\n"
    tree = ast.parse(code)
    found = code_symbols(tree, walk(tree), code, parse_imports(code), "pandas").ranked
    assert "pandas.DataFrame.unstack" in found and "pandas.DataFrame.count" in found
    assert not any(symbol.endswith(".pop") for symbol in found)  # a list has `pop` too: no guess


def test_the_cell_that_reshapes_an_untyped_frame_explains_the_method(tmp_path: Path) -> None:
    root = tmp_path / "notes"
    root.mkdir()
    (root / "reshaping.ipynb").write_text(notebook(CELLS), encoding="utf-8")
    library, problems = load_library(Sources(notes=[root], snippets=[], origin="options"), None)
    assert not problems
    entry = first_entry(library, "import pandas as pd\nframe = pd.read_csv('a.csv')\nframe.unstack()\n", "unstack")
    assert entry is not None and "long to wide" in entry and "reshaping.ipynb" in entry
