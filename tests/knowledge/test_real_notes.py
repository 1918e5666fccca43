"""On the real notes (../shared/notes): hover and completion for the symbols they explain."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from notesense.features.completion import CompletionOptions, complete
from notesense.features.hover import hover
from notesense.library.index import Library
from notesense.library.sources import Sources, load_library

REAL_NOTES = Path(__file__).resolve().parents[2].parent / "shared" / "notes"


@pytest.fixture(scope="module")
def real_library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    if not REAL_NOTES.is_dir():
        pytest.skip(f"the real notes corpus is absent ({REAL_NOTES}); CI has it beside the repository")
    library, _ = load_library(Sources(notes=[REAL_NOTES], snippets=[], origin="options"), tmp_path_factory.mktemp("cache"))
    assert len(library) > 50
    return library


SOURCE = """\
import numpy as np
import pandas as pd
import torch

df = pd.read_csv("data.csv")
df = df.fillna(0)
x = torch.randn(128, 3)
parts = torch.chunk(x, 4)  # 切块 😀
idx = np.argwhere(x.numpy() > 1)
"""


def _at(needle: str, offset: int = 1) -> tuple[int, int]:
    for i, line in enumerate(SOURCE.splitlines()):
        col = line.find(needle)
        if col >= 0:
            return i, col + offset
    raise AssertionError(needle)


@pytest.mark.parametrize(
    ("needle", "symbol"),
    [("chunk(x", "torch.chunk"), ("argwhere", "numpy.argwhere"), ("fillna", "pandas.DataFrame.fillna")],
)
def test_hover_on_real_notes(real_library: Library, at, needle: str, symbol: str) -> None:
    doc, _, _ = at(SOURCE + "|")
    line, col = _at(needle)
    result = hover(real_library, doc, line, col)
    assert result is not None, symbol
    explained = real_library.for_symbol(symbol)
    assert explained and f"**{explained[0].title}**" in result.markdown
    assert any("\u4e00" <= ch <= "\u9fff" for ch in result.markdown), "the note's Chinese prose is shown"
    assert "```python" in result.markdown and f"#L{explained[0].source.line}" in result.markdown
    assert REAL_NOTES.resolve().as_uri() in result.markdown  # the link names the real note file


@pytest.mark.parametrize(
    ("typed", "symbol"),
    [("torch.chu", "torch.chunk"), ("np.argw", "numpy.argwhere"), ("df.filln", "pandas.DataFrame.fillna")],
)
def test_completion_on_real_notes(real_library: Library, at, typed: str, symbol: str) -> None:
    doc, line, col = at(SOURCE + typed + "|")
    cands = complete(real_library, doc, line, col, CompletionOptions())
    wanted = {s.id for s in real_library.for_symbol(symbol)}
    assert wanted and wanted & {c.snippet_id for c in cands}
    assert all(c.start_col == 0 and c.end_col == len(typed) for c in cands)


def test_a_member_typed_on_a_value_inserts_that_member_of_that_value(real_library: Library, at) -> None:
    """`df.lo` where a statement starts: each note's example is offered from its line on the member typed,
    with the user's `df` as the variable (the notes write `stock`, `sub_test_df`); an example that never
    starts a line so (an `.iloc` one, a loop that uses `.loc` inside) inserts the name typed, never that
    program. The real notes hold all three kinds."""
    doc, line, col = at(SOURCE + "df.lo|")
    cands = complete(real_library, doc, line, col, CompletionOptions())
    examples = [c.insert_text for c in cands if c.insert_text != "df.loc"]
    assert len(examples) >= 2, [c.insert_text for c in cands]
    for text in examples:
        assert text.startswith("${1:df}.loc["), text
        assert all(stop == "${1:df}" for stop in re.findall(r"\$\{1:[^}]*\}", text)), text


def test_on_receiver_keeps_a_member_example_from_its_line() -> None:
    """The three shapes `_on_receiver` tells apart, as data."""
    from notesense.features.completion import _on_receiver

    setup = '${1:stock} = pd.read_csv("s.csv")\n${1:stock}.loc[0:5, ["a"]]'
    assert _on_receiver(setup, "df", "loc") == '${1:df}.loc[0:5, ["a"]]'
    assert _on_receiver("${1:stock}.iloc[0:6, 0:8]", "df", "loc") is None
    assert _on_receiver("for i in range(3):\n    ${1:t}.loc[i, 'a'] = 0", "df", "loc") is None
    assert _on_receiver("df.loc[df.a > 1, 'b'] = 0", "df", "loc") == "df.loc[df.a > 1, 'b'] = 0"
    assert _on_receiver("df.local = 1", "df", "loc") is None
