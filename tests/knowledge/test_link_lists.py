"""A reading list of links whose text is a class-qualified name (`[DataFrame.pipe](…)`), in a note whose
code imports that class's library, explains that member; in a note that imports nothing of it, the same
words name nothing. Every note here is written for the test."""

from __future__ import annotations

from pathlib import Path

from written import compile_notes, first_entry

LINKS = """\
    # Tidying the scraped table

    ```python
    import pandas as pd

    raw = pd.read_html('https://example.org/t')[0]
    ```

    Further reading:

    - [DataFrame.pipe](https://pandas.pydata.org/docs/reference/api/pandas.DataFrame.pipe.html) threads your own cleaning functions through a chain
    - [Index.difference](https://pandas.pydata.org/docs/reference/api/pandas.Index.difference.html) keeps the labels the other one lacks
    """


def test_a_link_named_by_class_and_member_explains_it(tmp_path: Path) -> None:
    library = compile_notes(tmp_path, {"tidy.md": LINKS})
    user = "import pandas as pd\n\nt = pd.read_csv('t.csv')\ntidy = t.pipe(clean)\nextra = t.columns.difference(['id'])\n"
    pipe = first_entry(library, user, "pipe")
    assert pipe is not None and "threads your own cleaning functions" in pipe
    difference = first_entry(library, user, "difference")
    assert difference is not None and "keeps the labels the other one lacks" in difference


def test_without_the_library_imported_the_link_names_nothing(tmp_path: Path) -> None:
    library = compile_notes(tmp_path, {"plain.md": "# Reading\n\n- [DataFrame.pipe](https://example.org/p) is neat\n"})
    assert not any("pandas.DataFrame.pipe" in snippet.symbols for snippet in library.snippets)
