"""A blog series kept as notebooks (English prose cells around method chains on frames loaded by some
other library): a value whose source the code does not type is a frame once it is used with a method
only pandas objects have, so the cells that reshape it explain those methods. Every note here is
written for the test."""

from __future__ import annotations

import ast
from pathlib import Path

from notesense.analysis.imports import parse_imports
from notesense.analysis.semantic import walk
from notesense.compile.explain import _bare_names
from notesense.compile.symbols import code_symbols
from notesense.library.sources import Sources, load_library
from written import compile_notes, first_entry, notebook

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


def test_a_notebook_s_bare_cell_repeating_a_note_s_example_is_no_translation_of_it(tmp_path: Path) -> None:
    """A course keeps each chapter as a post and as the notebook it ran: the notebook's cell repeats the
    example with no words of its own. It answers after the post's section that the heading names, not
    beside it as its translation would."""
    code = ("import torch\n\n# 使用.to方法，将 Tensor 转移至第 0 块GPU上\nt = torch.tensor([1, 2, 3])\n"
            "t_cuda = t.to('cuda:0')\nprint(t_cuda.is_cuda)\n")
    library = compile_notes(tmp_path, {
        "a_code04.ipynb": notebook([("code", code)]),
        "note04.md": f"""
            # GPU 加速

            ## 1 .cuda() 方法

            张量 `.cuda()` 返回新的对象。

            ## 2 .to(device) 方法

            `.to(device)` 方法可以指定设备

            ```python
            {code.replace(chr(10), chr(10) + ' ' * 12)}
            ```
            """})
    entry = first_entry(library, "import torch\n\nx = torch.randn(3)\nx = x.to(device)\n", "to(")
    assert entry is not None and entry.startswith("**2 .to(device) 方法**") and "方法可以指定设备" in entry, entry


def test_names_listed_after_a_caption_and_before_an_ellipsis_say_nothing_of_each(tmp_path: Path) -> None:
    """A course's README sums up "丰富的函数支持: resample(), truncate(), ...": names only, after a caption.
    A hover on `truncate` answers with the notebook cell whose comment says what it does."""
    library = compile_notes(tmp_path, {
        "README.md": """
            # 量化投资与Python

            ## pandas-时间序列

            - 时间序列就是以时间对象为索引的Series或DataFrame
            - 丰富的函数支持: resample(), truncate(), ...
            """,
        "pandas-时间序列.ipynb": notebook([
            ("markdown", "## 时间序列"),
            ("code", "import pandas as pd\n\nsr = pd.Series(range(5), index=pd.date_range('2018-02-01', periods=5))"),
            ("code", "sr.truncate(before='2018-02-03') # 截断掉某日期之前的，类似切片"),
        ])})
    source = "import pandas as pd\n\nnav = pd.read_csv('nav.csv', index_col=0, parse_dates=True)['nav']\nnav.truncate(before='2021-01-01')\n"
    entry = first_entry(library, source, "truncate")
    assert entry is not None and "截断掉某日期之前的" in entry, entry



def test_one_name_after_a_label_is_what_the_label_says() -> None:
    """"Signature: `axis(*v, **kwargs)`" is the signature the docstring under it documents; names after a caption
    are a list said in passing only when an ellipsis ends them."""
    assert not _bare_names("Signature: `axis(*v, **kwargs)`")
    assert _bare_names("丰富的函数支持: resample(), truncate(), ...")
