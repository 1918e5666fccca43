"""A notebook cell's words: the markdown that opens its section and the markdown right before it, not
the markdown of the section's other cells, unless that names what the cell shows."""

from __future__ import annotations

from pathlib import Path

from written import compile_notes, first_entry, notebook


def test_a_cell_in_a_tour_under_one_heading_keeps_its_own_markdown(tmp_path: Path) -> None:
    """One heading over a cell-by-cell tour of `os.path`: the hover on `join` shows the section's opening,
    the markdown before the import (which leads into what follows it) and its own cell's words, not the
    words on `exists` or `splitext`; a later cell's words that name `join` are still its."""
    library = compile_notes(tmp_path, {"os.ipynb": notebook([
        ("markdown", "## File Operations"),
        ("markdown", "Paths are strings the os.path module takes apart and puts together."),
        ("code", "import os\nhere = os.getcwd()"),
        ("markdown", "The os.path functions build paths portably."),
        ("code", "import os.path"),
        ("markdown", "The function join glues a folder and a name with the right separator:"),
        ("code", "path = os.path.join(here, 'data.csv')"),
        ("markdown", "The function exists says whether the file is there:"),
        ("code", "os.path.exists(path)"),
        ("markdown", "The function splitext parts a path from its extension:"),
        ("code", "os.path.splitext(path)"),
        ("markdown", "Note that join drops everything before an absolute part."),
        ("code", "os.path.join('a', '/b')"),
    ])})
    first = first_entry(library, "import os\np = os.path.join('x', 'y')\n", "join")
    assert first is not None and "right separator" in first, first
    assert "takes apart and puts together" in first and "build paths portably" in first, first
    assert "drops everything before an absolute part" in first, first
    assert "whether the file is there" not in first and "from its extension" not in first, first
    first = first_entry(library, "import os\nok = os.path.exists('x')\n", "exists")
    assert first is not None and "whether the file is there" in first and "right separator" not in first, first


def test_a_markdown_notes_words_after_its_block_stay_its_words(tmp_path: Path) -> None:
    """In a Markdown note the words after a block often explain it: its section's prose stays whole."""
    library = compile_notes(tmp_path, {"merge.md": """\
        ## 合并

        ```python
        m = pd.merge(a, b, on="key")
        ```

        merge 按键连接两个表，像 SQL 的 join。

        ```python
        c = pd.concat([a, b])
        ```
        """})
    first = first_entry(library, "import pandas as pd\nm = pd.merge(x, y)\n", "merge")
    assert first is not None and "按键连接两个表" in first, first


def test_a_cell_under_a_heading_that_says_nothing_shows_what_the_section_above_says_of_it(tmp_path: Path) -> None:
    """"#### ax.tick_params 的用法" over a cell, under "### 设置刻度线" whose prose lists a dozen APIs
    (more than a hover shows): the cell's doc is the item on tick_params, not an opening cut short of it."""
    items = "\n".join(f"- Axes.xaxis.set_major_locator(MultipleLocator({n})): 在坐标轴范围内每隔 {n} 个单位生成一个主刻度，"
                      "刻度间距尽量整洁，适合数值型的坐标轴" for n in range(1, 13))
    library = compile_notes(tmp_path, {"matplotlib笔记.ipynb": notebook([
        ("markdown", f"### 设置刻度线\n两种组合：\n{items}\n3. ax.tick_params(axis, which) 统一控制刻度线和刻度标签的外观"),
        ("markdown", "#### ax.tick_params 的用法："),
        ("code", "import matplotlib.pyplot as plt\nfig, ax = plt.subplots()\nax.plot([1, 2], [3, 4])\n"
                 "ax.tick_params(axis='both', which='major', labelsize=12)"),
    ])})
    entry = first_entry(library, "import matplotlib.pyplot as plt\nfig, ax = plt.subplots()\nax.tick_params(labelsize=8)\n",
                        "tick_params")
    assert entry is not None and "统一控制刻度线和刻度标签的外观" in entry, entry


def test_words_right_under_a_sample_in_a_markdown_cell_are_the_samples(tmp_path: Path) -> None:
    """A course notebook writes a method's syntax as an indented sample inside its markdown cell and says
    what it does on the very next line; the cells after it run an example. The sample's record keeps those
    words (the cell goes on about it), in English and in Chinese."""
    library = compile_notes(tmp_path, {"sets.ipynb": notebook([
        ("markdown", "# Sets, further"),
        ("code", "a = {1, 2, 3}"),
        ("markdown", "## intersection_update\nThe syntax is:\n\n    left.intersection_update(right)\n"
                     "keeps in left only what right holds too, in place"),
        ("code", "a = {1, 2, 3}"),
        ("code", "b = {2, 3, 4}"),
        ("code", "a.intersection_update(b)"),
        ("markdown", "## symmetric_difference\n写法：\n\n    left.symmetric_difference(right)\n"
                     "返回只在其中一个集合里的元素"),
        ("code", "c = {5, 6}"),
        ("code", "a.symmetric_difference(c)"),
    ])})
    entry = first_entry(library, "s = {1, 2}\ns.intersection_update({2})\n", "intersection_update")
    assert entry is not None and "keeps in left only what right holds too" in entry, entry
    entry = first_entry(library, "s = {1, 2}\ns.symmetric_difference({2})\n", "symmetric_difference")
    assert entry is not None and "返回只在其中一个集合里的元素" in entry, entry


def test_a_markdown_cell_indented_as_a_whole_is_its_author_s_prose(tmp_path: Path) -> None:
    """An author who indents every markdown cell by four spaces ("    注意：…" right under a code cell): in
    a notebook, whose outputs stay out of its cells, that is prose, not what the cell above printed; the
    same block in a Markdown export of a notebook under a fence is still taken for its output."""
    cells = [
        ("markdown", "## 张量的形状"),
        ("code", "import torch\nx = torch.randn(4, 4)\ny = x.view(16)"),
        ("markdown", "    除了 torch.view()，还可以用 torch.reshape() 改变张量的形状，\n    它不保证返回的是副本。"),
        ("code", "z = torch.reshape(x, (2, 8))"),
    ]
    library = compile_notes(tmp_path, {"shapes.ipynb": notebook(cells)})
    entry = first_entry(library, "import torch\n\nt = torch.zeros(6)\nu = torch.reshape(t, (2, 3))\n", "reshape")
    assert entry is not None and "不保证返回的是副本" in entry, entry
    export = "## 张量的形状\n\n```python\nprint(torch.randn(2))\n```\n\n    tensor([0.1, 0.2])\n"
    library = compile_notes(tmp_path / "export", {"shapes.md": export})
    assert not any("tensor([0.1" in s.doc for s in library.snippets)
