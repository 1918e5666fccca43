"""An index's members: what only a MultiIndex or a DatetimeIndex has (`ddi.index.levels`,
`bikes.index.weekday`) is named on that kind, in the user's code and in a note's prose that writes the
chain through its frame (`ddi.index.levels`), so the note answers. Every note here is written for the test."""

from __future__ import annotations

from pathlib import Path

import pytest

from notesense.analysis.document import Document
from notesense.analysis.resolve import symbol_at
from written import compile_notes, first_entry

FRAME = "import pandas as pd\n\ndf = pd.read_csv('a.csv', index_col=0, parse_dates=True)\n"


def _resolved(code: str, word: str) -> str | None:
    at = code.rindex(word)
    line, col = code.count("\n", 0, at), at - (code.rfind("\n", 0, at) + 1) + 1
    found = symbol_at(Document(code), line, col, worth_jedi=lambda _: False, covered=lambda _: True)
    return found.canonical if found else None


@pytest.mark.parametrize(("code", "word", "symbol"), [
    (FRAME + "wide = df.set_index(['a', 'b'])\nprint(wide.index.levels)\n", "levels", "pandas.MultiIndex.levels"),
    (FRAME + "df['weekday'] = df.index.weekday\n", "weekday", "pandas.DatetimeIndex.weekday"),
    (FRAME + "print(df.index.names)\n", "names", "pandas.Index.names"),  # every Index has names
    (FRAME + "common = df.index.intersection(other)\n", "intersection", "pandas.Index.intersection"),
    (FRAME + "gone = df.columns.difference(['a'])\n", "difference", "pandas.Index.difference"),
])
def test_an_index_member_is_named_on_the_kind_that_has_it(code: str, word: str, symbol: str) -> None:
    assert _resolved(code, word) == symbol


NOTE = """\
    # Multi-level labels

    ```python
    import pandas as pd

    sales = pd.read_csv('sales.csv')
    wide = sales.set_index(['region', 'store'])
    ```

    Two names go in, so the index gets two tiers.

    * `wide.index.levels` lists the distinct labels of every tier, tier by tier.
    * `wide.index.names` gives the tier names back.
    """


def test_prose_that_writes_the_chain_through_a_frame_explains_the_index_member(tmp_path: Path) -> None:
    library = compile_notes(tmp_path, {"tiers.md": NOTE})
    code = "import pandas as pd\n\nt = pd.read_csv('t.csv').set_index(['x', 'y'])\nprint(t.index.levels)\n"
    entry = first_entry(library, code, "levels")
    assert entry is not None and "distinct labels of every tier" in entry


ENGLISH_HEADING = """\
    # pandas shaping

    ## Swapping levels

    Put the store tier on top.

    ```python
    import pandas as pd

    wide = pd.read_csv('s.csv').set_index(['region', 'store'])
    top = wide.swaplevel(0, 1)
    ```

    ## Looking at the tiers

    ```python
    print(wide.index.levels)
    ```
    """


def test_an_english_heading_word_names_no_index_member(tmp_path: Path) -> None:
    """"levels" in a heading is a word: neither the table's one name ending so nor what another section's
    code reads."""
    library = compile_notes(tmp_path, {"shaping.md": ENGLISH_HEADING})
    headed = [snippet for snippet in library.snippets if "Put the store tier on top" in snippet.doc]
    assert headed and not any("levels" in s for snippet in headed for s in snippet.symbols)
