"""workspace/symbol searches the notes, Chinese and English, and points at the note's line."""

from __future__ import annotations

import pytest
from lsp_helpers import NUMPY_NOTE
from lsprotocol import types


@pytest.mark.asyncio
@pytest.mark.parametrize("query", ["argwhere", "非零元素"])
async def test_workspace_symbol_finds_the_note(start, notes, query):
    session = await start(options={"notes": [str(notes)]})
    await session.wait_ready()
    found = await session.client.workspace_symbol_async(types.WorkspaceSymbolParams(query=query))
    assert found, query
    best = found[0]
    assert best.location.uri == (notes / "numpy.md").as_uri()
    heading_line = NUMPY_NOTE.split("\n").index("## 找非零元素 argwhere")
    # the snippet's line: its heading or the code block under it (0-based in LSP)
    assert heading_line <= best.location.range.start.line <= heading_line + 6, best


@pytest.mark.asyncio
async def test_workspace_symbol_without_matches_is_empty(start, notes):
    session = await start(options={"notes": [str(notes)]})
    await session.wait_ready()
    found = await session.client.workspace_symbol_async(types.WorkspaceSymbolParams(query="zzqxv-nothing-like-this"))
    assert not found
