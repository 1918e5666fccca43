"""On the real notes (../shared/notes): hover and completion for the symbols they explain."""

from __future__ import annotations

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
