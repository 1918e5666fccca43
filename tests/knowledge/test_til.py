"""A "today I learned" repository (one topic per file, English prose first, a README that links every
note under its title): the note comes before the index that links it, a link whose text is an API's
name marks it as the sentence's subject, and a quoted warning is about the API it names. Every note
here is written for the test."""

from __future__ import annotations

from pathlib import Path

from notesense.notes.model import navigates
from written import compile_notes, first_entry

NOTES = {
    "README.md": """
        # TIL

        ## python

        * [shutil.rmtree() stops at the first read-only file](https://github.com/someone/til/blob/main/python/rmtree.md) - 2024-01-02
        * [json.dumps() escapes every non-ASCII character](python/json-ascii.md) - 2024-02-03
        * [datetime.datetime.utcfromtimestamp() is on its way out](python/utc.md#the-fix) - 2024-03-04
        """,
    "python/rmtree.md": """
        # shutil.rmtree() stops at the first read-only file

        Cleaning a build folder failed halfway through on a read-only file, leaving half the tree behind.
        Passing an `onexc` callback that clears the read-only bit and retries gets through all of it.

        ```python
        import os
        import shutil
        import stat

        def retry(func, path, exc):
            os.chmod(path, stat.S_IWRITE)
            func(path)

        shutil.rmtree("build", onexc=retry)
        ```
        """,
    "python/json-ascii.md": """
        # Readable Chinese in JSON output

        Chinese text came out as long runs of backslash escapes in the exported file.
        Passing `ensure_ascii=False` to [json.dumps(obj, ensure_ascii=False)](https://docs.python.org/3/library/json.html#json.dumps)
        keeps the characters as they are, which also makes the file smaller.
        """,
    "python/utc.md": """
        # Fixing a clock warning

        > `DeprecationWarning: datetime.datetime.utcfromtimestamp() is deprecated and scheduled for removal in a future version. Use timezone-aware objects to represent datetimes in UTC: datetime.datetime.fromtimestamp(timestamp, datetime.UTC).`

        ## The fix

        Build an aware value instead, with an explicit time zone argument.
        """,
}


def test_links_to_notes_navigate_and_links_to_documentation_do_not() -> None:
    assert navigates("python/json-ascii.md") and navigates("#the-fix") and navigates("../notes/a.ipynb#cell")
    assert navigates("https://github.com/someone/til/blob/main/python/rmtree.md")
    assert not navigates("https://docs.python.org/3/library/json.html#json.dumps")
    assert not navigates("https://pandas.pydata.org/docs/reference/api/pandas.DataFrame.merge.html")


def test_the_note_comes_before_the_index_that_links_it(tmp_path: Path) -> None:
    library = compile_notes(tmp_path, NOTES)
    first = first_entry(library, "import shutil\n\nshutil.rmtree('dist')\n", "rmtree")
    assert first is not None and "rmtree.md" in first and "clears the read-only bit" in first
    assert "README.md" not in first


def test_a_link_whose_text_is_the_api_makes_the_sentence_about_it(tmp_path: Path) -> None:
    library = compile_notes(tmp_path, NOTES)
    first = first_entry(library, "import json\n\ntext = json.dumps({'名字': '值'}, ensure_ascii=False)\n", "dumps")
    assert first is not None and "json-ascii.md" in first and "keeps the characters as they are" in first


def test_a_quoted_warning_is_about_the_api_it_names(tmp_path: Path) -> None:
    library = compile_notes(tmp_path, NOTES)
    code = "import datetime\n\nwhen = datetime.datetime.utcfromtimestamp(0)\n"
    first = first_entry(library, code, "utcfromtimestamp")
    assert first is not None and "utc.md" in first and "scheduled for removal" in first


def test_a_picture_or_a_file_linked_by_its_name_is_no_api(tmp_path: Path) -> None:
    """`![module_detail.png](images/module_detail.png)` and `[train.csv](data/train.csv)` write a file's
    name where a reference page's link writes an API's: no record names `module_detail.png`."""
    library = compile_notes(tmp_path, {"模型.md": """\
        # 模型

        ## 模块

        注意：
        * 先降维

        具体解释：
        ![module_detail.png](images/module_detail.png)

        数据见 [train.csv](data/train.csv)

        ```python
        import torch
        x = torch.zeros(3)
        ```
        """})
    assert [s.symbols for s in library.snippets] == [("torch.zeros",)]
