"""`[tool.notesense]` in every workspace folder's pyproject.toml: each folder's notes are served
(relative paths from that folder, merged), and a pyproject.toml added or edited while the server runs
takes effect without a restart."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from lsp_helpers import NUMPY_NOTE, TORCH_NOTE, plain, utf16_position
from lsprotocol import types

CODE = "import numpy as np\nimport torch\nidx = np.argwhere(a)\nparts = torch.chunk(x, 2)\n"


def folder_with_notes(path: Path, note: str, pyproject: bool = True) -> str:
    """A folder with notes/note.md (and a pyproject.toml naming it); the note's URI, as hovers link it."""
    (path / "notes").mkdir(parents=True)
    (path / "notes" / "note.md").write_text(note, encoding="utf-8")
    if pyproject:
        name_notes(path)
    return (path / "notes" / "note.md").as_uri()


def name_notes(path: Path) -> None:
    (path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.notesense]\nnotes = ["notes"]\n', encoding="utf-8")


async def hovers(session) -> str:
    uri = session.open("w.py", CODE)
    found = [await session.hover(uri, utf16_position(CODE, word, 1)) for word in ("argwhere", "chunk")]
    return "\n".join(h.contents.value for h in found if h)


async def eventually(session, phrase: str, timeout: float = 20.0) -> str:
    """The hovers once they show `phrase` (the server reloads by itself)."""
    deadline = time.monotonic() + timeout
    while phrase not in (text := await hovers(session)):
        if time.monotonic() > deadline:
            raise AssertionError(f"no {phrase!r} in {text[:300]!r}")
        await asyncio.sleep(0.2)
    return text


@pytest.mark.asyncio
async def test_every_folders_pyproject_is_read(start, tmp_path):
    first_note = folder_with_notes(tmp_path / "project", NUMPY_NOTE)
    second_note = folder_with_notes(second := tmp_path / "second", TORCH_NOTE)
    session = await start("visual-studio-code", options={"trusted": True}, folders=(second,))
    info = await session.wait_ready()
    assert (info["origin"], info["notes"]) == ("pyproject", [str(tmp_path / "project" / "notes"), str(second / "notes")])
    text = await hovers(session)
    assert first_note in text and second_note in text, text
    watched = [r for r in session.registrations if r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES]
    globs = [str(w["globPattern"]) for w in plain(watched[0].register_options)["watchers"]]
    assert {f"{(tmp_path / 'project').as_posix()}/pyproject.toml", f"{second.as_posix()}/pyproject.toml"} <= set(globs), globs


@pytest.mark.asyncio
async def test_a_pyproject_added_in_a_folder_is_followed(start, tmp_path):
    """Neovim has no dynamic watch registration: the server polls the folders' pyproject.toml too."""
    second_note = folder_with_notes(second := tmp_path / "second", TORCH_NOTE, pyproject=False)
    session = await start("neovim", folders=(second,))
    assert (await session.wait_ready())["origin"] == "bundled"
    assert second_note not in await hovers(session)
    name_notes(second)
    await eventually(session, second_note)
    assert (await session.library_info())["notes"] == [str(second / "notes")]


@pytest.mark.asyncio
async def test_an_untrusted_workspace_reads_no_folders_pyproject(start, tmp_path):
    second_note = folder_with_notes(second := tmp_path / "second", TORCH_NOTE)
    session = await start("visual-studio-code", options={"trusted": False}, folders=(second,))
    info = await session.wait_ready()
    assert info["origin"] == "bundled"
    assert second_note not in await hovers(session)
    await asyncio.sleep(0.3)
    warnings = [m.message for m in session.client.messages if m.type == types.MessageType.Warning]
    assert len(warnings) == 1 and str(second / "pyproject.toml") in warnings[0], warnings
