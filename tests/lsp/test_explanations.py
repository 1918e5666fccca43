"""Acceptance through a real client (pytest-lsp): every API the shared notes explain in prose hovers
with the explaining note first, in its own words (the probe set in tests/knowledge/probes.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from lsprotocol import types

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "knowledge"))  # importlib mode: the probe set

from probes import REAL_NOTES, SHARED, first_entry, right_first  # noqa: E402

pytestmark = pytest.mark.skipif(not REAL_NOTES.is_dir(), reason=f"{REAL_NOTES} is absent (private test corpus)")


@pytest.mark.asyncio
async def test_every_shared_note_explanation_hovers_first(start) -> None:
    session = await start(options={"notes": [str(REAL_NOTES)]})
    await session.wait_ready(timeout=120)
    misses = []
    for number, probe in enumerate(SHARED):
        uri = session.open(f"probe_{number}.py", probe.code)
        line, col = probe.position()
        result = await session.hover(uri, types.Position(line=line, character=col))
        markdown = result.contents.value if result is not None else None
        why = right_first(probe, markdown, REAL_NOTES)
        if why:
            misses.append(f"{probe.symbol}: {why}: {first_entry(markdown or '')[:200]}")
    assert not misses, "\n".join(misses)
