"""Finding and reading note files: encodings, line endings, front matter, notebooks, bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from notesense.notes.model import NoteError
from notesense.notes.reader import discover, load_note, read_text

ZH = "# 张量操作\n\n中文说明：合并张量。\n\n```python\nimport torch\nx = torch.cat([a, b])\n```\n"


def _only_block(note):
    blocks = [b for s in note.sections for b in s.blocks]
    assert len(blocks) == 1
    return blocks[0]


def test_gb18030_file(tmp_path: Path) -> None:
    path = tmp_path / "gbk.md"
    path.write_bytes(ZH.encode("gb18030"))
    note = load_note(path, "gbk.md")
    assert note.encoding == "gb18030"
    assert note.sections[0].heading == ("张量操作",)
    assert "中文说明" in note.sections[0].prose
    assert _only_block(note).line == 6


def test_utf8_bom_file(tmp_path: Path) -> None:
    path = tmp_path / "bom.md"
    path.write_bytes(b"\xef\xbb\xbf" + ZH.encode("utf-8"))
    note = load_note(path, "bom.md")
    assert note.encoding == "utf-8-sig"
    assert note.sections[0].heading == ("张量操作",)  # the BOM must not hide the heading
    assert _only_block(note).line == 6


def test_utf16_bom_file(tmp_path: Path) -> None:
    path = tmp_path / "wide.md"
    path.write_bytes(ZH.encode("utf-16"))
    note = load_note(path, "wide.md")
    assert note.encoding == "utf-16"
    assert _only_block(note).text == "import torch\nx = torch.cat([a, b])\n"


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_cr_files(tmp_path: Path, newline: str) -> None:
    path = tmp_path / "win.md"
    path.write_bytes(ZH.replace("\n", newline).encode("utf-8"))
    note = load_note(path, "win.md")
    block = _only_block(note)
    assert "\r" not in block.text and "\r" not in note.sections[0].prose
    assert block.line == 6
    assert block.text == "import torch\nx = torch.cat([a, b])\n"


def test_read_text_order_and_binary() -> None:
    assert read_text("héllo".encode("utf-8"), "a") == ("héllo", "utf-8")
    assert read_text("中文".encode("gbk"), "a") == ("中文", "gb18030")
    with pytest.raises(NoteError) as info:
        read_text(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "img.md")
    assert info.value.path == "img.md" and "binary" in info.value.reason


def test_stray_nul_bytes_in_a_note_are_dropped_not_the_note() -> None:
    """A blog editor left two NULs before a picture in a long note: the note is text, read whole (and
    every line where it was); a file that is mostly NULs, or has other control bytes, is still binary."""
    body = "## 管道\n\n还可以使用管道来进行消息传递。\n\n```python\nfrom multiprocessing import Pipe\n```\n" * 20
    data = body.encode("utf-8").replace("传递。\n".encode(), "传递。\n\x00\x00".encode(), 1)
    text, encoding = read_text(data, "ipc.md")
    assert (text, encoding) == (body, "utf-8")
    for binary in (b"\x00" * 64 + body.encode("utf-8"), b"\x00\x01\x02 " + body.encode("utf-8")):
        with pytest.raises(NoteError, match="binary"):
            read_text(binary, "ipc.md")


def test_a_note_with_the_ascii_table_pasted_is_text() -> None:
    """A note on strings pastes what `''.join(chr(x) for x in range(128))` printed: a NUL and every other
    control character, in a fence under words. The note is text, read whole; its fence keeps the characters
    (but the NUL) as pasted."""
    table = "".join(chr(x) for x in range(128))
    body = f"# Strings\n\nWe can get all 128 characters of ASCII:\n\n```\n{table}\n```\n\n## split\n\n`split(s)` returns parts.\n"
    text, encoding = read_text(body.encode("utf-8"), "strings.md")
    assert (text, encoding) == (body.replace("\x00", "").replace("\r", "\n"), "utf-8")


def test_a_markdown_note_with_a_merge_conflict_is_read_as_its_first_side(tmp_path: Path) -> None:
    """A note synced with git, a conflict left in it: Markdown would read "=======" as underlining the
    line above into a heading. The note is its first side, lines where they stand, the conflict reported;
    conflict markers inside a fence (a note on git showing one) are the note's own text."""
    path = tmp_path / "pandas.md"
    path.write_text("# merge\n\n<<<<<<< HEAD\n`pd.merge` 按键合并两个表。\n=======\n`pd.merge` joins two frames.\n"
                    ">>>>>>> laptop\n\n```text\n<<<<<<< HEAD\nmine\n=======\ntheirs\n>>>>>>> b\n```\n", encoding="utf-8")
    note = load_note(path, "pandas.md")
    assert [s.heading for s in note.sections] == [("merge",)]
    assert "按键合并两个表" in note.sections[0].prose and "joins two frames" not in note.sections[0].prose
    assert note.sections[0].blocks[0].text == "<<<<<<< HEAD\nmine\n=======\ntheirs\n>>>>>>> b\n"
    assert [line for line, _ in note.problems] == [3] and "merge conflict" in note.problems[0][1]
    fenced = tmp_path / "git.md"
    fenced.write_text("# git\n\n```\n<<<<<<< HEAD\na\n=======\nb\n>>>>>>> x\n```\n", encoding="utf-8")
    assert load_note(fenced, "git.md").problems == []


def test_binary_note_raises_note_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.md"
    path.write_bytes(b"\x00\x01\x02 not text")
    with pytest.raises(NoteError, match="broken.md"):
        load_note(path, "broken.md")


def test_yaml_front_matter_sets_title_tags_hints_and_keeps_lines(tmp_path: Path) -> None:
    path = tmp_path / "fm.md"
    path.write_text(
        "---\ntitle: Pandas 笔记\ntags: [pandas, 数据]\nnotesense:\n  context: pandas\n---\n\n"
        "## loc\n\n```python\ndf.loc[df.a > 1, 'b'] = 0\n```\n",
        encoding="utf-8",
    )
    note = load_note(path, "fm.md")
    assert note.title == "Pandas 笔记"
    assert note.tags == ["pandas", "数据"]
    assert note.hints == {"context": "pandas"}
    section = note.sections[0]
    assert section.heading == ("loc",) and section.line == 8
    assert _only_block(note).line == 11


def test_toml_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "fm.md"
    path.write_text('+++\ntitle = "Torch"\ntags = ["torch"]\n+++\n# chunk\n\n```\nx = 1\n```\n', encoding="utf-8")
    note = load_note(path, "fm.md")
    assert (note.title, note.tags) == ("Torch", ["torch"])
    assert note.sections[0].line == 5
    assert _only_block(note).line == 8


def test_broken_front_matter_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "fm.md"
    path.write_text("---\ntitle: [unclosed\n---\n# Head\n\n```\nx = 1\n```\n", encoding="utf-8")
    note = load_note(path, "fm.md")
    assert note.title == ""
    assert any(s.heading == ("Head",) and s.line == 4 for s in note.sections)
    assert _only_block(note).line == 7


def test_a_key_given_twice_in_front_matter_reads_the_last_and_says_so(tmp_path: Path) -> None:
    """Hugo blogs write `aliases:` twice in every post; the post's title and description still count
    (the last value of a repeated key is read, as the blog engine reads it) and the note says where."""
    path = tmp_path / "post.md"
    path.write_text('---\ntitle: "Crosstabs In pandas"\naliases: [/a/]\naliases:\n    - /b.html\n'
                    'description: "Counting pairs of categories."\n---\n# Head\n\n```\nx = 1\n```\n', encoding="utf-8")
    note = load_note(path, "post.md")
    assert note.title == "Crosstabs In pandas"
    assert note.summary == "Counting pairs of categories."
    assert note.problems == [(4, "front matter: duplicate key 'aliases'; the last one is read")]
    assert _only_block(note).line == 11


def test_scalar_tags_and_categories(tmp_path: Path) -> None:
    path = tmp_path / "fm.md"
    path.write_text("---\ntitle: x\ntags: 技术杂记\ncategories: 技术杂记\n---\ntext\n", encoding="utf-8")
    assert load_note(path, "fm.md").tags == ["技术杂记"]


def test_pelican_metadata_lines_are_the_header(tmp_path: Path) -> None:
    """Pelican and MultiMarkdown write their header as `Key: value` lines up to the first blank line."""
    path = tmp_path / "post.md"
    path.write_text("Title: Join Two Frames  \nSlug: join\nSummary: How to join frames\n    on a key in pandas.\n"
                    "Date: 2017-09-22 12:00\nCategory: Data Wrangling\nTags: Pandas, Merge\n\n"
                    "## Merge\n\n```python\nx = 1\n```\n", encoding="utf-8")
    note = load_note(path, "post.md")
    assert (note.title, note.summary) == ("Join Two Frames", "How to join frames on a key in pandas.")
    assert note.tags == ["Pandas", "Merge", "Data Wrangling"]
    assert note.sections[0].heading == ("Merge",) and note.sections[0].line == 9
    assert _only_block(note).line == 12


@pytest.mark.parametrize("text", [
    "Note: pandas copies on every merge.\nSee the docs.\n\n## Merge\n",  # not a blog engine's keys
    "Date: 2020-01-01\nTags: a\n\n## Merge\n",  # no title
    "Title: Only a header\nDate: 2020-01-01\n",  # nothing after it: the note is those lines
])
def test_lines_that_only_look_like_metadata_stay_prose(tmp_path: Path, text: str) -> None:
    path = tmp_path / "post.md"
    path.write_text(text, encoding="utf-8")
    note = load_note(path, "post.md")
    assert note.title == "" and note.sections[0].line == 1


def test_a_summary_that_repeats_the_title_says_nothing(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_text("---\ntitle: Join Frames\ndescription: Join frames.\n---\n\ntext\n", encoding="utf-8")
    assert load_note(path, "post.md").summary == ""


def test_notebook_cells_become_markdown(tmp_path: Path) -> None:
    notebook = {
        "nbformat": 4,
        "cells": [
            {"cell_type": "markdown", "source": ["# Numpy\n", "说明"]},
            {"cell_type": "code", "source": ["import numpy as np\n", "np.argwhere(x > 1)"], "outputs": [{"text": "9"}]},
            {"cell_type": "raw", "source": "ignored"},
        ],
    }
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    note = load_note(path, "nb.ipynb")
    block = _only_block(note)
    assert block.info == "python" and block.text == "import numpy as np\nnp.argwhere(x > 1)\n"
    assert note.sections[0].heading == ("Numpy",) and note.sections[0].prose == "说明"
    assert "ignored" not in note.sections[0].prose and "9" not in note.sections[0].prose


def test_notebook_lines_that_lost_their_line_ends_are_lines(tmp_path: Path) -> None:
    """Some notebook generators write a cell's lines without their "\\n": Jupyter shows a run-on heading,
    the author wrote a heading over sentences, and code over several lines. A cell whose last line
    alone lacks its end (Jupyter's own layout) is read as it is."""
    notebook = {
        "nbformat": 4,
        "cells": [
            {"cell_type": "markdown", "source": ["### Accessing Values", "Values are read by key.", "Use `get()` to avoid KeyError."]},
            {"cell_type": "code", "source": ["d = {'a': 1}", "x = d.get('b', 0)"], "outputs": []},
            {"cell_type": "markdown", "source": ["# Two\n", "word ", "and word"]},
        ],
    }
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    first, second = load_note(path, "nb.ipynb").sections
    assert first.heading == ("Accessing Values",) and first.prose == "Values are read by key.\nUse `get()` to avoid KeyError."
    assert [b.text for b in first.blocks] == ["d = {'a': 1}\nx = d.get('b', 0)\n"]
    assert second.heading == ("Two",) and second.prose == "word and word"


def test_invalid_notebook_is_a_note_error(tmp_path: Path) -> None:
    path = tmp_path / "nb.ipynb"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(NoteError, match="invalid notebook"):
        load_note(path, "nb.ipynb")


def test_discover_skips_hidden_vendor_and_duplicates(tmp_path: Path) -> None:
    root = tmp_path / "notes"
    for rel, body in {
        "b.md": "same",
        "a/z.md": "same",  # identical bytes to b.md; 'a/z.md' sorts first, so it is the one kept
        "c.txt": "c",
        "d.ipynb": "{}",
        "e.markdown": "e",
        "skip.py": "x = 1",
        ".hidden/h.md": "h",
        ".git/g.md": "g",
        "node_modules/n.md": "n",
        "nb/.ipynb_checkpoints/k.ipynb": "k",
    }.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    single = tmp_path / "single.md"
    single.write_text("single", encoding="utf-8")
    found, errors = discover([root, single, tmp_path / "missing"])
    assert [display for _, display in found] == ["a/z.md", "c.txt", "d.ipynb", "e.markdown", "single.md"]
    assert found[0][0] == root / "a" / "z.md"
    assert len(errors) == 1 and errors[0].path.endswith("missing") and "no such" in errors[0].reason
    assert discover([root]) == discover([root])  # deterministic


def test_a_quarto_note_is_a_markdown_note(tmp_path: Path) -> None:
    """Quarto's `.qmd` is Markdown with front matter and ```{python} cells: found, and read as Markdown."""
    note = tmp_path / "分组.qmd"
    note.write_text("---\ntitle: 分组\n---\n\n## agg\n\n`df.agg` 对每组做聚合。\n\n```{python}\n#| echo: false\n"
                    "import pandas as pd\ng = df.groupby('k').agg('sum')\n```\n", encoding="utf-8")
    found, errors = discover([tmp_path])
    assert [display for _, display in found] == ["分组.qmd"] and not errors
    loaded = load_note(note, "分组.qmd")
    assert loaded.title == "分组"
    [section] = [s for s in loaded.sections if s.blocks]
    assert section.heading[-1] == "agg" and section.blocks[0].line == 10 and "df.agg" in section.prose


def test_invisible_characters_pasted_from_the_web_are_dropped(tmp_path: Path) -> None:
    """A zero-width space before `**` keeps bold from opening ("1 \u200b**.numpy()…**\u200b" stayed a title
    with its stars) and, in a block, makes Python refuse the line: notes lose them, lines unchanged."""
    path = tmp_path / "zw.md"
    path.write_text("# 转换\n\n## 1 \u200b**.numpy()：Tensor → ndarray**\u200b\n\n```python\nimport torch\n"
                    "a = torch.ones(2).numpy()\u200b\n```\n", encoding="utf-8")
    note = load_note(path, "zw.md")
    section = note.sections[-1]
    assert section.heading[-1] == "1 .numpy()：Tensor → ndarray" and section.line == 3
    assert _only_block(note).text == "import torch\na = torch.ones(2).numpy()\n"
    # Typora keeps an indented line of prose from becoming code with one before its spaces: it stays
    path.write_text("# 数据库\n\n非关系型数据库:\n\n\u200b\tRedis, HBase, MongoDB(文档型数据库)\n\n"
                    "> \u200b    Redis(键值)\n", encoding="utf-8")
    [section] = load_note(path, "zw.md").sections
    assert not section.blocks and "MongoDB(文档型数据库)" in section.prose and "Redis(键值)" in section.prose


def test_a_notebook_committed_with_a_merge_conflict_is_read_as_its_first_side(tmp_path: Path) -> None:
    """Git left `<<<<<<< HEAD … ======= … >>>>>>> other` in a notebook's JSON: not JSON, but every cell
    is there. The note is read as the side before `=======`, cells on the lines they stand on in the file,
    and the conflict is reported (file line and what to do); a file with no markers stays an error."""
    cells = [{"cell_type": "markdown", "metadata": {}, "source": ["## merge\n", "合并两个表：`pd.merge`\n"]},
             {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": 1,
              "source": ["import pandas as pd\n", "df = pd.merge(a, b, on='id')\n"]}]
    good = json.dumps({"cells": cells, "metadata": {"kernelspec": {"name": "python3"}}, "nbformat": 4,
                       "nbformat_minor": 4}, indent=1, ensure_ascii=False)
    lines = good.split("\n")
    at = next(i for i, line in enumerate(lines) if '"name": "python3"' in line)
    conflicted = lines[:at] + ["<<<<<<< HEAD", lines[at], "=======", '    "name": "conda-env-py"', ">>>>>>> laptop"] + lines[at + 1:]
    path = tmp_path / "review.ipynb"
    path.write_text("\n".join(conflicted), encoding="utf-8")
    note = load_note(path, "review.ipynb")
    block = next(b for s in note.sections for b in s.blocks)
    assert "pd.merge(a, b, on='id')" in block.text and block.line == good.split("\n").index(
        next(line for line in lines if "import pandas" in line)) + 1
    assert note.problems == [(at + 1, note.problems[0][1])] and "merge conflict" in note.problems[0][1]
    broken = tmp_path / "broken.ipynb"
    broken.write_text(good[:-20], encoding="utf-8")
    with pytest.raises(NoteError, match="invalid notebook"):
        load_note(broken, "broken.ipynb")
