"""Hover: the note's Chinese prose and a link back to the note, with UTF-16 columns right."""

from __future__ import annotations

import pytest
from lsp_helpers import utf16_position
from lsprotocol import types
from pytest_lsp import client_capabilities


@pytest.mark.asyncio
async def test_hover_shows_the_note_in_chinese_with_its_link(start, notes):
    session = await start(options={"notes": [str(notes)]})
    await session.wait_ready()
    text = "import torch\n\nparts = torch.chunk(x, 3)\n"
    uri = session.open("h.py", text)
    hover = await session.hover(uri, utf16_position(text, "chunk", 2))
    assert hover is not None
    assert hover.contents.kind == types.MarkupKind.Markdown
    assert "切成若干块" in hover.contents.value
    assert (notes / "torch.md").as_uri() in hover.contents.value
    start_at = utf16_position(text, "chunk")
    assert hover.range.start.line == start_at.line
    assert hover.range.start.character <= start_at.character < hover.range.end.character


@pytest.mark.asyncio
async def test_no_hover_on_what_the_notes_do_not_cover(start, notes):
    session = await start(options={"notes": [str(notes)]})
    await session.wait_ready()
    text = "import torch\n\ny = torch.randn(3)\n"
    uri = session.open("none.py", text)
    assert await session.hover(uri, utf16_position(text, "randn", 1)) is None


@pytest.mark.asyncio
async def test_a_module_no_note_is_about_lists_the_notes_on_its_names(start, notes):
    """`np` in `x = np.argwhere(...)`'s file: no note is about numpy itself; the hover lists the note on
    `argwhere`, linked at its line, over the module alias's own range."""
    session = await start(options={"notes": [str(notes)]})
    await session.wait_ready()
    text = "import numpy as np\n\nidx = np.argwhere(a > 0)\n"
    uri = session.open("m.py", text)
    at = utf16_position(text, "np.", 1)
    hover = await session.hover(uri, at)
    assert hover is not None and hover.contents.value.startswith("**numpy**"), hover
    assert "`argwhere` — 找非零元素 argwhere — [numpy.md:" in hover.contents.value
    assert (notes / "numpy.md").as_uri() in hover.contents.value
    assert (hover.range.start.line, hover.range.start.character, hover.range.end.character) == (at.line, at.character - 1, at.character + 1)


@pytest.mark.asyncio
async def test_utf16_columns_after_chinese_and_emoji(start, notes):
    session = await start(options={"notes": [str(notes)]})
    await session.wait_ready()
    text = 'import numpy as np\n\nlabel = "数据😀🧪"; idx = np.argwhere(a)\n'
    uri = session.open("emoji.py", text)
    at = utf16_position(text, "argwhere", 3)
    # the emoji are two UTF-16 units each: a code-point column would land 2 units too early
    assert at.character == text.split("\n")[2].index("argwhere") + 3 + 2
    hover = await session.hover(uri, at)
    assert hover is not None and "非零元素" in hover.contents.value
    start_at = utf16_position(text, "np.argwhere")
    end_at = utf16_position(text, "argwhere", len("argwhere"))
    assert hover.range.start.character in (start_at.character, start_at.character + 3)
    assert hover.range.end.character == end_at.character


@pytest.mark.asyncio
async def test_plaintext_hover_for_clients_without_markdown(start, notes):
    caps = client_capabilities("visual-studio-code")
    caps.text_document.hover.content_format = [types.MarkupKind.PlainText]
    session = await start(options={"notes": [str(notes)]}, capabilities=caps)
    await session.wait_ready()
    text = "import torch\ntorch.chunk(x, 2)\n"
    uri = session.open("p.py", text)
    hover = await session.hover(uri, utf16_position(text, "chunk", 1))
    assert hover is not None and hover.contents.kind == types.MarkupKind.PlainText
    assert "切成若干块" in hover.contents.value
