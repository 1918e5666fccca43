"""A hover on a module (or an imported class) that no note is about itself, while notes cover its names:
those notes as links, the name each covers first. The notes are written for this test."""

from __future__ import annotations

from pathlib import Path

from notesense.analysis.document import Document
from notesense.features.hover import hover
from notesense.library import snapshot
from notesense.library.sources import Sources, refresh
from written import compile_notes, first_entry

NOTES = {
    "python.md": """\
        # Python 标准库

        ## 命令行参数

        用 `add_argument` 声明一个参数，`--epochs` 这样的可选参数有默认值：

        ```python
        import argparse
        parser = argparse.ArgumentParser()
        parser.add_argument("--epochs", type=int, default=10)
        args = parser.parse_args()
        ```

        ## 条件选取

        `np.where(cond, a, b)` 按条件在两个数组之间逐个挑选。

        ```python
        import numpy as np
        x = np.where(np.arange(4) > 1, 1, 0)
        ```
        """,
    "torch.md": """\
        # torch.nn

        `torch.nn` 是搭网络用的层和损失函数所在的模块。

        ```python
        import torch.nn as nn
        layer = nn.Linear(2, 3)
        ```
        """,
}

SOURCE = "import argparse\nimport numpy as np\nimport torch.nn as nn\nfrom argparse import ArgumentParser\ndf = np.ones(3)\n"


def _hover(library, line: int, word: str) -> str | None:
    col = SOURCE.splitlines()[line].rindex(word) + 1
    result = hover(library, Document(SOURCE), line, col)
    return None if result is None else result.markdown


def test_a_module_no_note_is_about_lists_the_notes_on_its_names(tmp_path: Path) -> None:
    library = compile_notes(tmp_path, NOTES)
    argparse = _hover(library, 0, "argparse")
    assert argparse is not None and argparse.startswith("**argparse**"), argparse
    assert "\n- `ArgumentParser.add_argument` — 命令行参数 — " in argparse and "python.md:8" in argparse, argparse
    numpy = _hover(library, 1, "np")  # the alias: numpy
    assert numpy is not None and "`where` — 条件选取" in numpy and "命令行参数" not in numpy, numpy
    # an imported class a note is about (its block makes one) answers with that note
    parser = _hover(library, 3, "ArgumentParser")
    assert parser is not None and parser.startswith("**命令行参数**"), parser
    # a module a note is about answers with that note, not a list
    module = _hover(library, 2, "nn")
    assert module is not None and "搭网络用的层" in module and "your notes on its names" not in module, module
    # a variable is no import: nothing for it
    assert _hover(library, 4, "df") is None


def test_a_library_read_from_its_snapshot_lists_them_without_decoding_every_record(tmp_path: Path) -> None:
    """The hover a restarted server answers from its snapshot (`library.snapshot`) lists the same
    notes, decoding only the records it names."""
    notes = tmp_path / "notes"
    compile_notes(notes, NOTES)
    sources = Sources(notes=[notes], origin="options")
    cache = tmp_path / "cache"
    loaded = refresh(sources, cache, None)
    expected = _hover(loaded.library, 0, "argparse")
    assert expected is not None and "(file://" in expected  # each entry links to the note at its line
    snapshot.write(cache, sources, loaded)
    stored = snapshot.read(cache, sources)
    assert stored is not None and not stored.library.decoded
    assert _hover(stored.library, 0, "argparse") == expected
    assert not stored.library.decoded


MODULE_NOTES = {
    "stdlib.md": """\
        # 标准库笔记

        ## heapq — 堆队列算法

        这个模块实现了最小堆，堆顶总是最小的元素。

        ## re 模块

        正则表达式都在这里，先编译再匹配会快一些。

        ## logging

        日志分五个级别，默认只打印 WARNING 以上。

        ```python
        import logging
        logging.warning("disk almost full")
        ```

        ## string

        字符串的切片和拼接都会生成新的对象。
        """,
}


def test_a_section_headed_by_a_module_is_about_the_module(tmp_path: Path) -> None:
    """A reference page's title ("heapq — …"), a module named a module ("re 模块"), a module's bare
    name over a note that imports it: the section explains the module, and hovering its name shows it.
    A bare word that only happens to be a module's name ("string" over prose on str) names nothing."""
    library = compile_notes(tmp_path, MODULE_NOTES)
    source = "import heapq\nimport re\nimport logging\nimport string\n"
    assert "堆顶总是最小的元素" in (first_entry(library, source, "heapq") or "")
    assert "先编译再匹配" in (first_entry(library, source, "re") or "")
    assert "默认只打印 WARNING" in (first_entry(library, source, "logging") or "")
    assert first_entry(library, source, "string") is None


def test_a_reference_page_s_bare_functions_are_its_module_s(tmp_path: Path) -> None:
    """A note that is a module's reference page ("random --- Pseudo-random Numbers", its examples kept in
    files of their own) writes its functions bare, as code: ``shuffle()`` is `random.shuffle`; a heading's
    capitalised word ("Random Integers") is a word, not the class `random.Random`."""
    library = compile_notes(tmp_path, {"random.md": """\
        # random --- Pseudo-random Numbers

        Numbers that only look random, from a seeded generator.

        ## Permutations

        A deck is mixed up in place with ``shuffle()``, each card dealt once.

        ## Random Integers

        ``randint()`` picks a whole number between its two ends, both included.
        """})
    source = "import random\n\ndeck = list(range(52))\nrandom.shuffle(deck)\n"
    assert "each card dealt once" in (first_entry(library, source, "shuffle") or "")
    source = "import random\n\nroll = random.randint(1, 6)\n"
    assert "both included" in (first_entry(library, source, "randint") or "")
    assert not any("random.Random" in s.symbols for s in library.snippets)


def test_a_module_s_name_before_its_class_s_member_is_that_class_s(tmp_path: Path) -> None:
    """"Use ``datetime.strptime()`` to read a date" on a page that imports nothing: the module's class
    `datetime.datetime` has `strptime`, as `from datetime import datetime` spells it."""
    library = compile_notes(tmp_path, {"dates.md": """\
        # Dates

        ## Parsing

        Use ``datetime.strptime()`` to read a date out of text in a known layout.
        """})
    source = "from datetime import datetime\n\nstamp = datetime.strptime('2024-03-01', '%Y-%m-%d')\n"
    assert "out of text in a known layout" in (first_entry(library, source, "strptime") or "")
