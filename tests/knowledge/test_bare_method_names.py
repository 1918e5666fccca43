"""A blog notebook's prose names a method bare (`melt`, `pivot`), in a cell with no code, under headings
that never name the library: the name means the member the note's own code calls on a value of a known
kind, in whatever cell that call is — and only when the code calls exactly one such member. Every note
here is written for the test."""

from __future__ import annotations

import json
from pathlib import Path

from notesense.library.sources import Sources, load_library
from written import compile_notes, first_entry


def _notebook(root: Path, name: str, cells: list[tuple[str, str]]) -> None:
    root.mkdir(exist_ok=True)
    body = [{"cell_type": kind, "metadata": {}, "source": [text], **({"outputs": [], "execution_count": None}
             if kind == "code" else {})} for kind, text in cells]
    (root / name).write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": body}),
                             encoding="utf-8")


MELT = [
    ("markdown", "# Rainfall by town\n\nOne column per month, one row per town: fine to read, awkward to plot."),
    ("markdown", "## Going long\n\n`melt` turns the month columns into rows: one row per town and month, "
                 "the month's name in a column of its own."),
    ("markdown", "## All the steps\n\nLoad, reshape, plot."),
    ("code", "import pandas as pd\n\nrain = pd.read_csv('rain.csv')\nlong = rain.melt(id_vars='town', var_name='month')"),
]


def test_a_bare_name_in_a_cell_without_code_means_the_member_the_notes_code_calls(tmp_path: Path) -> None:
    _notebook(tmp_path / "notes", "rain.ipynb", MELT)
    library, problems = load_library(Sources(notes=[tmp_path / "notes"], snippets=[], origin="options"), None)
    assert not problems
    entry = first_entry(library, "import pandas as pd\n\nt = pd.read_csv('t.csv')\nt.melt(id_vars='id')\n", "melt")
    assert entry is not None and "one row per town and month" in entry


PIVOT = """\
    # pandas: reshaping sales

    ## Short cut

    The `pivot` method: give it the column for the rows, the one for the columns, and the values.

    ## Example

    ```python
    import pandas as pd

    sales = pd.read_csv('sales.csv')
    table = sales.pivot(index='store', columns='year', values='total')
    ```
    """


def test_the_notes_code_outweighs_a_module_function_of_the_same_name(tmp_path: Path) -> None:
    """`pandas.pivot` exists too, but the note's code calls the frame's method."""
    library = compile_notes(tmp_path, {"sales.md": PIVOT})
    symbols = {s for snippet in library.snippets if "the one for the columns" in snippet.doc for s in snippet.symbols}
    assert "pandas.DataFrame.pivot" in symbols and "pandas.pivot" not in symbols


TWO_OWNERS = """\
    # Wide and long

    ## Unstacking

    `unstack` moves the innermost row level up into the columns.

    ## Code

    ```python
    import pandas as pd

    frame = pd.read_csv('a.csv').set_index(['a', 'b'])
    wide = frame.unstack()
    col = frame['x']
    col.unstack()
    ```
    """


def test_no_guess_when_the_notes_code_calls_the_name_on_two_kinds(tmp_path: Path) -> None:
    library = compile_notes(tmp_path, {"wide.md": TWO_OWNERS})
    prose = [snippet for snippet in library.snippets if "innermost row level" in snippet.doc and not snippet.code]
    assert prose and not any("unstack" in s for snippet in prose for s in snippet.symbols)


def test_a_file_name_in_a_code_span_names_no_api(tmp_path: Path) -> None:
    """`cat.10000.jpg` in a torch note is a picture of a cat, not `torch.cat`: a code span that is one
    word ending in a file suffix is a file the note names."""
    library = compile_notes(tmp_path, {"pets.md": """
        # PyTorch 实战：猫狗分类

        ```python
        import torch
        ```

        ## 数据

        图片都在一个文件夹里，文件名形如 `cat.10000.jpg`、`dog.12.jpg`，标签写在文件名的开头。

        ## 拼成一批

        ```python
        import torch

        batch = torch.cat(images)
        ```
        """})
    assert [s.source.line for s in library.snippets if "torch.cat" in s.symbols] == [14]  # the code, not the file names


SENSOR = [
    ("markdown", "# Cleaning the logger's export\n\nThe logger writes every column as text."),
    ("code", "import pandas as pd\n\nraw = pd.read_csv('log.csv')\nraw.head()"),
    ("markdown", "## Notes to self\n\n`to_numeric` turns a column of text into numbers; with `errors='coerce'` whatever "
                 "cannot be read becomes NaN instead of stopping with an error.\n\n"
                 "`tz_localize` gives naive timestamps the zone they were taken in."),
]


def test_a_bare_name_written_as_code_is_the_one_function_of_the_library_the_notes_code_uses(tmp_path: Path) -> None:
    """No heading names pandas and no code calls `to_numeric`, but the note's code is about pandas and
    pandas has exactly one `to_numeric`; `tz_localize` belongs to frames and series alike (and the code
    calls it on neither), so the note does not say whose: no guess."""
    _notebook(tmp_path / "notes", "logger.ipynb", SENSOR)
    library, problems = load_library(Sources(notes=[tmp_path / "notes"], snippets=[], origin="options"), None)
    assert not problems
    entry = first_entry(library, "import pandas as pd\n\nn = pd.to_numeric(s, errors='coerce')\n", "to_numeric")
    assert entry is not None and "becomes NaN" in entry and "logger.ipynb" in entry
    assert not [s for s in library.snippets for symbol in s.symbols if symbol.endswith(".tz_localize")]


def test_a_name_given_a_value_in_a_code_span_is_an_argument_not_an_api(tmp_path: Path) -> None:
    """`errors='coerce'` under a pandas heading is `to_numeric`'s argument, not the `pandas.errors` module."""
    library = compile_notes(tmp_path, {"clean.md": """
        # pandas 数据清洗

        `pd.to_numeric` 把文本列转成数字，加上 `errors='coerce'` 读不出的值变成 NaN。
        """})
    symbols = {s for snippet in library.snippets for s in snippet.symbols}
    assert "pandas.to_numeric" in symbols and "pandas.errors" not in symbols


WARNINGS = [
    ("markdown", "# The logger's messages\n\nOne row per message the logger wrote."),
    ("code", "import pandas as pd\n\nlog = pd.read_csv('log.csv')\nlog.head()"),
    ("markdown", "## Finding the warnings\n\n`.str.contains` tests every string of a column for a pattern and "
                 "gives a boolean mask to pick rows with."),
    ("code", "log[log['level'] == 'WARN']"),
]


def test_a_method_without_receiver_under_a_heading_that_names_a_standard_module_is_the_notes_librarys(
        tmp_path: Path) -> None:
    """"Finding the warnings" names the `warnings` module by its word, which has no class with a `str`
    accessor; the note's code is about pandas, whose series have it."""
    _notebook(tmp_path / "notes", "log.ipynb", WARNINGS)
    library, problems = load_library(Sources(notes=[tmp_path / "notes"], snippets=[], origin="options"), None)
    assert not problems
    entry = first_entry(library, "import pandas as pd\n\ns = pd.Series(['a'])\nm = s.str.contains('a')\n", "contains")
    assert entry is not None and "boolean mask" in entry
