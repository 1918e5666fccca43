"""Cheat-sheet notes: code blocks that write each API as `<result> = module.call(<args>)  # what it does`,
with `<placeholders>` for values, so the block is not Python. Each commented line explains the API it
calls in its comment's words; `a/b` alternatives share it; a method of a placeholder is the method of
what an earlier line (in any section) put in it. Every note here is written for the test."""

from __future__ import annotations

import signal
import time
from pathlib import Path

from notesense.library.index import Library
from written import compile_notes, first_entry, notebook

SHEET = """
    # My Python cheat sheet

    ## Archives
    ```python
    import zipfile as zf
    ```

    ```python
    <Zip>  = zf.ZipFile(<path>, mode='r')    # 打开一个压缩包，mode='w' 会清空重写
    <list> = <Zip>.namelist()               # 包里所有成员的文件名，按写入顺序
    <Zip>.extractall(path=<dir>)            # 把每个成员解压到目录里
    ```

    ## Copying
    ```python
    import shutil as sh
    <str> = sh.copy/copy2(<src>, <dst>)     # copies one file; the second one keeps timestamps too
    <str> = sh.move(<src>, <dst>)           # renames, or copies and deletes across disks
    ```

    ## Database
    ```python
    import sqlite3
    ```

    ```python
    <con> = sqlite3.connect(<path>)         # opens the database file, creating it when missing
    <cur> = <con>.cursor()                  # a cursor to run statements with
    ```

    ### Saving
    ```python
    <con>.commit()                          # makes every pending change permanent on disk
    <con>.rollback()                        # throws away what changed since the last commit
    ```
    """
CODE = """import shutil
import sqlite3
import zipfile

archive = zipfile.ZipFile('data.zip')
members = archive.namelist()
shutil.copy2('a.txt', 'b.txt')
con = sqlite3.connect('app.db')
con.commit()
"""


def _library(tmp_path: Path) -> Library:
    return compile_notes(tmp_path, {"cheatsheet.md": SHEET})


def _first(library: Library, word: str) -> str:
    found = first_entry(library, CODE, word)
    assert found is not None, word
    return found


def test_each_commented_line_of_a_cheat_sheet_explains_the_api_it_calls(tmp_path: Path) -> None:
    library = _library(tmp_path)
    assert "包里所有成员的文件名" in _first(library, "namelist")  # `<Zip>` was made by zf.ZipFile
    assert "keeps timestamps too" in _first(library, "copy2")  # the second of `copy/copy2`
    assert "creating it when missing" in _first(library, "connect")
    # `<con>` was typed in the section above: its method is sqlite3.Connection.commit
    commit = _first(library, "commit")
    assert "makes every pending change permanent" in commit and "cheatsheet.md:33" in commit  # its own line
    symbols = {s for snippet in library.snippets for s in snippet.symbols}
    assert {"shutil.copy", "shutil.copy2", "zipfile.ZipFile.extractall", "sqlite3.Connection.rollback"} <= symbols


def test_python_code_with_trailing_comments_is_not_a_cheat_sheet() -> None:
    from notesense.notes.classify import cheat_sheet_entries

    code = "import re\nwords = re.findall(r'<w>', text)  # every match\nfirst = re.search(r'<w>', text)  # the first\n"
    assert cheat_sheet_entries(code) == []  # it parses: ordinary code, explained as code
    one = "<list> = re.findall(r'\\w+', text)  # every match\nfirst = re.search(r'\\w', text)\n"
    assert cheat_sheet_entries(one) == []  # a single commented placeholder line is not a sheet


class _Slow(Exception):
    pass


def _on_alarm(_signum: int, _frame: object) -> None:
    raise _Slow


def test_long_adversarial_cheat_sheet_lines_cost_linear_time() -> None:
    from notesense.notes.classify import cheat_sheet_entries

    tail = "\n<a> = f(<x>)  # one\n<b> = g(<y>)  # two\n"
    runs = {
        "targets": "<x>, " * 4000 + "<y> ! # c",
        "names": "a, " * 4000 + "b ! # c",
        "dotted": "<a> = " + "a." * 4000 + "!  # c",
        "alternatives": "<a> = " + "a/" * 4000 + "!  # c",
        "brackets": "<" * 4000 + " = x  # c",
    }
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.alarm(30)  # a backtracking pattern takes minutes on these; linear reading takes milliseconds
    try:
        for name, line in runs.items():
            start = time.perf_counter()
            assert len(cheat_sheet_entries(line + tail)) == 2, name
            assert time.perf_counter() - start < 2.0, name
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_a_table_of_apis_under_a_heading_leaves_each_row_to_the_note_that_explains_it(tmp_path: Path) -> None:
    """A quick-reference table under "## Numpy ndarray" names `np.arange` in one row among twenty: its
    row has a record of its own, and the section names it in passing, so a note that explains `arange`
    in its own words, in a list item over its example, answers first."""
    rows = "\n".join(f"| `np.{name}(shape)` | 创建{name}数组 |" for name in ("zeros", "ones", "empty", "full", "eye"))
    library = compile_notes(tmp_path, {
        "速查.md": "# Python 常用 API 速查\n\n## Numpy ndarray\n\n| API | 简单说明 |\n| :--- | :--- |\n"
                   "| `np.array(lst)` | 列表转数组 |\n| `np.arange(start, stop, step)` | 创建等步长数组 |\n" + rows + "\n",
        "Numpy.md": """\
            ## np 数组创建

            - arange 创建递增或递减数列

              ```py
              np.arange(3, 7)
              ```
            """,
    })
    first = first_entry(library, "import numpy as np\nsteps = np.arange(10, 0, -2)\n", "arange")
    assert first is not None and "递增或递减数列" in first, first


def test_of_two_rows_on_one_api_the_one_with_the_calls_keyword_answers_it(tmp_path: Path) -> None:
    """A quick-reference table with a row for `json.dumps(obj)` and one for `json.dumps(obj,
    ensure_ascii=False)`: a call that passes `ensure_ascii` opens on the second row, a plain call on the
    first, as does one passing a keyword no row writes."""
    library = compile_notes(tmp_path, {"Python常用API速查.md": """\
        # Python 常用 API 速查

        ## JSON

        | 用法 | 说明 |
        | --- | --- |
        | `json.dumps(obj)` | Python 对象转 JSON 字符串 |
        | `json.dumps(obj, ensure_ascii=False)` | 转 JSON 时保留中文 |
        | `json.loads(s)` | JSON 字符串转 Python 对象 |
        """})
    for arguments, row in ((", ensure_ascii=False", "保留中文"), ("", "Python 对象转 JSON 字符串"),
                           (", indent=2", "Python 对象转 JSON 字符串")):
        entry = first_entry(library, f'import json\ntext = json.dumps({{"name": "张三"}}{arguments})\n', "dumps")
        assert entry is not None and row in entry, (arguments, entry)


def test_of_two_cells_on_one_api_the_one_calling_it_with_as_many_arguments_answers_it(tmp_path: Path) -> None:
    """A notebook's cells under "np.where(condition, x, y)": one calls `np.where(a < 10)`, the next
    `np.where(b % 2 == 0, b, c)`, which the ranking puts first. A call with a condition alone opens on the
    first, one with three arguments (a comma in a string no parting of them) on the second, and so does a
    call still being typed (no closing parenthesis): where the ranking put it."""
    cells = [
        ("markdown", "# where\n\n## np.where(condition, x, y)\n\nReturn indices of satisfied elements"),
        ("code", "import numpy as np\na = np.arange(20, 0, -2)\nnp.where(a < 10)"),
        ("markdown", "where the condition holds, the element of b is kept; elsewhere it is replaced by c's"),
        ("code", "b = np.arange(12).reshape(3, 4)\nc = b ** 2\nnp.where(b % 2 == 0, b, c)"),
    ]
    library = compile_notes(tmp_path, {"where.ipynb": notebook(cells)})
    three, one = "np.where(b % 2 == 0, b, c)", "np.where(a < 10)"
    for call, said in (("np.where(m % 2 == 0, m, -m)", three), ("np.where(m > 3)", one),
                       ("np.where(m > 3, ','.join('ab'), m)", three), ("np.where(m > 3, m", three)):
        entry = first_entry(library, f"import numpy as np\nm = np.arange(6)\nout = {call}\n", "where")
        assert entry is not None and said in entry, (call, entry)
