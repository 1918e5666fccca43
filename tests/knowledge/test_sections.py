"""Which section a hover opens with: in a long notebook, the cell whose prose is about the API, not an
earlier cell that uses it on the way to something else; a section that explains a method, not a row
of a summary table of many methods (which still answers when nothing says more). The notes under
`fixtures/sections` are written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from notesense.library.index import Library
from notesense.library.sources import Sources, load_library
from written import compile_notes, first_entry

SECTIONS = Path(__file__).resolve().parent / "fixtures" / "sections"


def _loaded(folder: str) -> Library:
    """The notes of one fixture folder, loaded as the server loads a notes folder."""
    found, problems = load_library(Sources(notes=[SECTIONS / folder], snippets=[], origin="options"), None)
    assert not problems
    return found


@pytest.fixture(scope="module")
def library() -> Library:
    """Cheat sheets (read first: `a …`) beside the notes that explain some of their entries (`b …`)."""
    return _loaded("sheets")


PANDAS = "import pandas as pd\n\nleft = pd.read_csv('a.csv')\n"


@pytest.mark.parametrize(("folder", "words"), [
    ("survey", "keeps every row of the left frame"),
    ("scores", "两边的行都留下"),
])
def test_the_later_cell_about_the_api_comes_before_an_earlier_cell_that_uses_it(folder: str, words: str) -> None:
    """Earlier cells name `pd.merge` first too, but their prose is about another API as well (`groupby`
    counting per group, `query` picking rows); the later cell's prose is about merging alone."""
    entry = first_entry(_loaded(folder), PANDAS + "both = pd.merge(left, people, on='sid')\n", "merge")
    assert entry is not None and f"{folder}.ipynb" in entry and words in entry, entry


def test_a_section_about_a_method_comes_before_its_row_in_a_table_of_methods(library: Library) -> None:
    entry = first_entry(library, PANDAS + "left = left.fillna(0)\n", "fillna")
    assert entry is not None and "carry the last good reading" in entry, entry


def test_a_paragraph_about_a_function_comes_before_its_bullet_in_a_cheat_sheet(library: Library) -> None:
    entry = first_entry(library, "import torch\n\nx = torch.stack([a, b], dim=0)\n", "stack")
    assert entry is not None and "比输入多一维" in entry, entry


def test_a_row_of_the_table_still_answers_when_nothing_says_more(library: Library) -> None:
    entry = first_entry(library, PANDAS + "wide = left.pivot_table(index='a', columns='b')\n", "pivot_table")
    assert entry is not None and "spreads a column into many" in entry, entry


def test_a_short_remark_still_comes_first_when_it_alone_is_about_the_api(tmp_path: Path) -> None:
    """The one-line entry ranks below prose about the same API only: a longer paragraph about another
    API that calls this one in passing does not overtake it."""
    library = compile_notes(tmp_path, {
        "a.md": "# 排序\n\n- `df.sort_values()`：按列排序\n",
        "b.md": """
            # 透视

            ```python
            import pandas as pd

            t = pd.read_csv('t.csv')
            ```

            `pivot_table` 把一列的取值摊成多列，聚合方式由 `aggfunc` 决定，默认求平均；排好序再看更清楚。

            ```python
            wide = t.pivot_table(index='a', columns='b').sort_values('a')
            ```
            """,
    })
    entry = first_entry(library, PANDAS + "left = left.sort_values('a')\n", "sort_values")
    assert entry is not None and "按列排序" in entry, entry


def test_a_syllabus_entry_answers_after_the_section_that_shows_the_api(tmp_path: Path) -> None:
    """A README's outline ("Sorting values (`sort_values()`)": a label and the name in brackets) is a
    listing's entry, as a cheat sheet's bullet is: the section whose example sorts comes first."""
    library = compile_notes(tmp_path, {
        "README.md": """
            # pandas notes

            #### 9. Sorting and Ranking

            * Sorting values (`sort_values()`)
            * Sorting index (`sort_index()`)
            * Ranking (`rank()`)
            """,
        "8_transform.md": """
            ## 8. Data Transformation

            Data transformation reshapes raw data into a form fit for analysis.

            ### Sorting Data

            ```python
            df.sort_values('Age')                      # Ascending by Age
            df.sort_values('Age', ascending=False)     # Descending
            ```
            """,
    })
    entry = first_entry(library, PANDAS + "left = left.sort_values('a')\n", "sort_values")
    assert entry is not None and "Descending" in entry and "Sorting index" not in entry, entry


def test_a_note_that_names_no_library_reads_its_df_as_a_dataframe(tmp_path: Path) -> None:
    """A cheat sheet that never imports pandas nor names it (`df.groupby('Gender').size()`): its `df` is
    the DataFrame everyone means, for members a DataFrame lists; a name no frame goes by stays unknown."""
    library = compile_notes(tmp_path, {
        "9_grouping.md": """
            ## Grouping and Aggregation

            ### Using size() and count()

            Count the rows in each group.

            ```python
            df.groupby('Gender').size()
            df['Gender'].map({'Male': 1, 'Female': 0})
            table.groupby('Gender').count()
            ```
            """,
    })
    symbols = {s for record in library.snippets for s in record.symbols}
    assert {"pandas.DataFrame.groupby", "pandas.core.groupby.DataFrameGroupBy.size", "pandas.Series.map"} <= symbols
    assert "pandas.core.groupby.DataFrameGroupBy.count" not in symbols and "map" not in symbols


def test_a_heading_s_signature_without_prose_is_a_record_the_library_loads(tmp_path: Path) -> None:
    """`### Filtering with `query()`` over code alone: its explanation has a signature and no prose, and
    its YAML still has the `doc` the schema requires (it was left out, and every load reported it)."""
    from notesense.compile.pipeline import compile_notes as compile_folder, write_library
    from notesense.library.loader import load_file

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "6_filter.md").write_text("## 6. Selection\n\n### Filtering with `query()`\n\n"
                                      "```python\nimport pandas as pd\ndf = pd.read_csv('a.csv')\n"
                                      "df.query(\"Age > 21\")\n```\n", encoding="utf-8")
    out = tmp_path / "snippets"
    written = write_library(compile_folder([notes]), out)
    loaded = [load_file(path) for path in written if path.suffix == ".yaml"]
    assert loaded and all(not problems for _, problems in loaded), [p for _, problems in loaded for p in problems]
    assert any(r.signature == "query()" and r.is_explanation for records, _ in loaded for r in records)


@pytest.mark.parametrize("outline", [
    "* Exporting to file formats\n\n  * `.to_csv()`, `.to_excel()`, `.to_json()`\n",
    "* Writing files: `to_csv()`, `to_excel()`\n",
])
def test_an_outline_s_list_of_methods_answers_after_the_section_that_shows_one(tmp_path: Path, outline: str) -> None:
    """Methods listed without their receiver (`.to_csv()`, …) or after a label and a colon name what a
    chapter covers; the section that writes a CSV answers first."""
    library = compile_notes(tmp_path, {
        "README.md": f"# pandas notes\n\n#### 4. Importing and Exporting Data\n\n{outline}",
        "4_io.md": """
            ## 4. Importing and Exporting Data

            Reading and writing the usual file formats.

            ### To CSV

            ```python
            df.to_csv('output.csv', index=False)
            ```
            """,
    })
    entry = first_entry(library, PANDAS + "left.to_csv('b.csv')\n", "to_csv")
    assert entry is not None and "output.csv" in entry, entry


@pytest.mark.parametrize("line", [
    "x   (`a`),   " * 24 + " :",
    ("word " * 8 + "(`a`, `b`) ") * 24 + "!",
])
def test_a_long_line_that_is_no_entry_is_refused_at_once(line: str) -> None:
    """The hover ranks by `_listing`: a syllabus pattern whose separators could be split several ways
    tried 2^n splits of a line that fails (24 entries: minutes); read one way, it fails in microseconds."""
    import time

    from notesense.library.index import _listing

    started = time.perf_counter()
    assert not _listing(line)
    assert time.perf_counter() - started < 0.5
