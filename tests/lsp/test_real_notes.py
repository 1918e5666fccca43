"""The acceptance examples on the real notes beside the repository (`../shared/notes`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsp_helpers import utf16_position

REAL_NOTES = Path(__file__).resolve().parents[2].parent / "shared" / "notes"

pytestmark = pytest.mark.skipif(not REAL_NOTES.is_dir(), reason=f"{REAL_NOTES} is absent (private test corpus)")

CASES = [
    ("import torch\n\nparts = torch.chunk(x, 2)\n", "chunk"),
    ("import numpy as np\n\nidx = np.argwhere(a)\n", "argwhere"),
    ('import pandas as pd\n\ndf = pd.read_csv("a.csv")\ndf.fillna(0)\n', "fillna"),
]


@pytest.mark.asyncio
@pytest.mark.parametrize(("code", "symbol"), CASES, ids=[c[1] for c in CASES])
async def test_hover_and_completion_on_the_real_notes(start, code, symbol):
    session = await start(options={"notes": [str(REAL_NOTES)]})
    await session.wait_ready(timeout=120)
    uri = session.open(f"real_{symbol}.py", code)
    hover = await session.hover(uri, utf16_position(code, symbol, 1))
    assert hover is not None, symbol
    assert REAL_NOTES.resolve().as_uri() in hover.contents.value  # the user's note, not the bundled library
    line_text = code.split("\n")[utf16_position(code, symbol).line]
    prefix = line_text[: line_text.index(symbol)]
    result = await session.complete(uri, utf16_position(code, symbol, len(symbol)))
    labels = [(i.label, i.filter_text, i.text_edit.new_text if i.text_edit else "") for i in result.items]
    assert any(symbol in " ".join(filter(None, parts)) for parts in labels), (prefix, labels[:20])


@pytest.mark.asyncio
async def test_no_completion_item_deletes_what_was_typed(start):
    """After `np.` / `torch.` / `cv2.` at the start of a statement, notes that explain an API in prose only
    (no example) used to give items whose edit was empty: accepting one deleted `np.`. Every item now
    inserts something (the call, the name, or at a statement start the note's whole example)."""
    session = await start(options={"notes": [str(REAL_NOTES)]})
    await session.wait_ready(timeout=120)
    for number, (module, alias) in enumerate((("numpy", "np"), ("torch", "torch"), ("cv2", "cv2"), ("shutil", "shutil"))):
        code = f"import {module} as {alias}\n\n{alias}."
        uri = session.open(f"members_{number}.py", code)
        result = await session.complete(uri, utf16_position(code, f"{alias}.", len(alias) + 1))
        assert result.items, alias
        for item in result.items:
            assert item.text_edit is not None and item.text_edit.new_text.strip(), (alias, item.label)
