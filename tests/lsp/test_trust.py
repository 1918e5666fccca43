"""Workspace trust and refused folders, through the real server: a cloned repository's pyproject.toml
cannot aim notesense at the whole disk, and a trusted one with a sane path works."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from lsp_helpers import NUMPY_NOTE, utf16_position
from lsprotocol import types

CODE = "import numpy as np\nidx = np.argwhere(a)\n"
WORKSPACE_PHRASE = "工作区里的笔记"


def workspace(tmp_path: Path, notes: str) -> Path:
    project = tmp_path / "project"
    (project / "notes").mkdir(parents=True)
    (project / "notes" / "numpy.md").write_text(NUMPY_NOTE.replace("返回非零元素的下标", WORKSPACE_PHRASE), encoding="utf-8")
    (project / "pyproject.toml").write_text(f'[tool.notesense]\nnotes = ["{notes}"]\n', encoding="utf-8")
    return project


def warnings(session) -> list[str]:
    return [m.message for m in session.client.messages if m.type == types.MessageType.Warning]


async def hover_text(session) -> str:
    uri = session.open("w.py", CODE)
    hover = await session.hover(uri, utf16_position(CODE, "argwhere", 1))
    return hover.contents.value if hover else ""


async def settled(session) -> dict:
    """libraryInfo once the first load has ended and its messages have had time to arrive."""
    info = await session.wait_ready()
    await asyncio.sleep(0.3)
    return info


@pytest.mark.asyncio
@pytest.mark.parametrize("trusted, expected", [
    (False, ["not trusted", "pyproject.toml"]),
    (True, ["root of the filesystem", "`notes` in [tool.notesense] of pyproject.toml"]),
])
async def test_a_workspace_naming_the_root_compiles_nothing_and_warns_once(start, tmp_path, trusted, expected):
    """Untrusted, the pyproject.toml is not read; trusted, `/` is refused naming the setting."""
    workspace(tmp_path, "/")
    began = time.monotonic()
    session = await start("visual-studio-code", options={"trusted": trusted})
    info = await settled(session)
    assert time.monotonic() - began < 20
    assert (info["origin"], info["notes"], info["trusted"]) == ("bundled", [], trusted)
    assert not list((tmp_path / "cache").rglob("notes/*/*.json")), "a note was compiled"
    [warning] = warnings(session)
    assert all(part in warning for part in expected), warning
    assert WORKSPACE_PHRASE not in await hover_text(session)


@pytest.mark.asyncio
async def test_trusted_workspace_with_a_sane_path_serves_its_notes(start, tmp_path):
    project = workspace(tmp_path, "notes")
    session = await start("visual-studio-code", options={"trusted": True})
    info = await settled(session)
    assert (info["origin"], info["notes"], info["trusted"]) == ("pyproject", [str(project / "notes")], True)
    assert list((tmp_path / "cache").rglob("notes/*/*.json")), "the workspace's note was compiled (and cached)"
    assert warnings(session) == []
    assert WORKSPACE_PHRASE in await hover_text(session)


@pytest.mark.asyncio
async def test_a_client_that_says_nothing_about_trust_is_trusted(start, tmp_path):
    """Neovim and other clients have no workspace trust: the server trusts and logs what it compiles."""
    workspace(tmp_path, "notes")
    session = await start("neovim")
    info = await settled(session)
    assert (info["origin"], info["trusted"]) == ("pyproject", True)
    logged = [m.message for m in session.client.log_messages]
    assert any("notes from [tool.notesense] in pyproject.toml" in m for m in logged), logged
    assert WORKSPACE_PHRASE in await hover_text(session)


@pytest.mark.asyncio
async def test_home_folder_from_settings_is_refused(start, tmp_path):
    home = tmp_path / "home"
    (home / "notes").mkdir(parents=True)
    session = await start("visual-studio-code", options={"notes": ["~"]}, env={"HOME": str(home)})
    info = await settled(session)
    assert info["origin"] == "bundled"
    [warning] = warnings(session)
    assert "home folder" in warning and "`notesense.notes`" in warning


@pytest.mark.asyncio
async def test_a_folder_over_the_limit_is_refused_naming_the_limit(start, tmp_path):
    big = tmp_path / "big"
    big.mkdir()
    for i in range(6):
        (big / f"n{i}.md").write_text(f"# note {i}\n", encoding="utf-8")
    session = await start("visual-studio-code", options={"notes": [str(big)], "limits": {"notes": 5}})
    info = await settled(session)
    assert info["origin"] == "bundled"
    [warning] = warnings(session)
    assert "more than 5 notes" in warning and "notesense.limits.notes" in warning and "`notesense.notes`" in warning
