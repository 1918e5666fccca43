"""Notes edited, added, broken on disk: the server follows without a restart."""

from __future__ import annotations

import asyncio
import time

import pytest
from lsp_helpers import NUMPY_NOTE, plain, utf16_position
from lsprotocol import types

CODE = "import numpy as np\nidx = np.argwhere(a)\n"


async def hover_text(session, uri) -> str:
    hover = await session.hover(uri, utf16_position(CODE, "argwhere", 1))
    return hover.contents.value if hover else ""


async def wait_for(predicate, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while not (result := await predicate()):
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        await asyncio.sleep(0.1)
    return result


@pytest.mark.asyncio
async def test_note_edited_on_disk_changes_the_hover_with_client_watching(start, notes):
    """VS Code watches for us (dynamic registration); the test plays the client's file watcher."""
    session = await start("visual-studio-code", options={"notes": [str(notes)]})
    await session.wait_ready()
    uri = session.open("w.py", CODE)
    assert "非零元素" in await hover_text(session, uri)
    watched = [r for r in session.registrations if r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES]
    assert watched, session.registrations
    globs = [w["globPattern"] for w in plain(watched[0].register_options)["watchers"]]
    assert any(str(g).startswith(notes.as_posix() + "/**/*.{") for g in globs), globs
    note = notes / "numpy.md"
    note.write_text(NUMPY_NOTE.replace("返回非零元素的下标", "返回满足条件的位置（新写的）"), encoding="utf-8")
    session.client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=note.as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    text = await wait_for(lambda: _contains(session, uri, "新写的"))
    assert "返回非零元素的下标" not in text


@pytest.mark.asyncio
async def test_note_edited_on_disk_changes_the_hover_by_polling(start, notes):
    """Neovim on Linux offers no dynamic watch registration: the server polls the folder itself."""
    session = await start("neovim", options={"notes": [str(notes)]})
    await session.wait_ready()
    uri = session.open("w.py", CODE)
    assert "非零元素" in await hover_text(session, uri)
    (notes / "numpy.md").write_text(
        NUMPY_NOTE.replace("返回非零元素的下标", "返回满足条件的位置（轮询）"), encoding="utf-8"
    )
    await wait_for(lambda: _contains(session, uri, "轮询"))
    (notes / "numpy.md").unlink()
    await wait_for(lambda: _gone(session, uri))


@pytest.mark.asyncio
async def test_broken_note_warns_and_the_rest_is_served(start, notes):
    session = await start("neovim", options={"notes": [str(notes)]})
    await session.wait_ready()
    broken = notes / "broken.ipynb"
    broken.write_text('{"cells": [ this is not json', encoding="utf-8")
    await wait_for(lambda: _warned(session, "broken.ipynb"))
    info = await session.library_info()
    assert any("broken.ipynb:" in e for e in info["errors"]), info
    broken = [p for p in info["problems"] if p["path"].endswith("broken.ipynb")]
    assert broken and broken[0]["message"], info
    assert {"pandas", "torch", "numpy"} <= set(info["counts"])
    uri = session.open("still.py", CODE)
    assert "非零元素" in await hover_text(session, uri)


async def _contains(session, uri, needle):
    text = await hover_text(session, uri)
    return text if needle in text else None


async def _gone(session, uri):
    return await hover_text(session, uri) == ""


async def _warned(session, name):
    return any(m.type == types.MessageType.Warning and name in m.message for m in session.client.messages)
