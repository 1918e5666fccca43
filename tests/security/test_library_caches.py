"""The library's caches (per-note compile results, per-file snippet records, the whole-library snapshot)
are data only: a damaged, truncated, foreign or planted file is discarded and rebuilt, and the pickle
and marshal files earlier versions kept are never read."""

from __future__ import annotations

import asyncio
import marshal
import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import ClientServerConfig, client_capabilities

from old_caches import Planted, old_compile_key, old_marshal_name, old_marshal_stamp

from notesense import store
from notesense.compile import cache as note_cache
from notesense.compile import pipeline
from notesense.library import loader, snapshot
from notesense.library.sources import Sources, load_library

SERVER = Path(__file__).resolve().parents[2] / "server"
FIXTURES = Path(__file__).resolve().parents[1] / "knowledge" / "fixtures"
TORCH = "# Torch 一些语法\n\n## chunk()函数\n\n把张量沿维度切成块。\n\n```python\nimport torch\nparts = torch.chunk(x, 2)\n```\n"


@pytest.fixture
def sources(tmp_path: Path) -> Sources:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "torch.md").write_text(TORCH, encoding="utf-8")
    snippets = tmp_path / "snippets"
    shutil.copytree(FIXTURES / "snippets", snippets)
    return Sources(notes=[notes], snippets=[snippets], origin="options")


def _truncate(path: Path, kind: str, marker: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _flip(path: Path, kind: str, marker: Path) -> None:
    blob = bytearray(path.read_bytes())
    blob[-5] ^= 0x20
    path.write_bytes(bytes(blob))


def _foreign(path: Path, kind: str, marker: Path) -> None:
    path.write_bytes(store.dumps("lint", store.code_version(), store.read(path, kind, store.code_version())))


def _wrong_shape(path: Path, kind: str, marker: Path) -> None:
    """Intact header and checksum, but records of another shape: the reader must not trust them."""
    data = store.read(path, kind, store.code_version())
    data[ROWS[kind]] = [["not", "a", "record"]]
    path.write_bytes(store.dumps(kind, store.code_version(), data))


def _pickle(path: Path, kind: str, marker: Path) -> None:
    path.write_bytes(pickle.dumps(Planted(marker)))


DAMAGE: dict[str, Callable[[Path, str, Path], None]] = {
    "truncated": _truncate, "flipped byte": _flip, "foreign kind": _foreign, "wrong shape": _wrong_shape,
    "pickle": _pickle,
}
FOLDERS = {"note": "notes", "snippet-file": "snippet-files", "library": "library"}
ROWS = {"note": "snippets", "snippet-file": "rows", "library": "snippets"}


@pytest.mark.parametrize("damage", DAMAGE)
@pytest.mark.parametrize("kind", FOLDERS)
def test_a_damaged_cache_is_discarded_and_rebuilt(
    tmp_path: Path, sources: Sources, monkeypatch: pytest.MonkeyPatch, kind: str, damage: str
) -> None:
    marker = tmp_path / "ran"
    cache = tmp_path / "cache"
    expected, problems = load_library(sources, cache)
    files = sorted((cache / FOLDERS[kind]).rglob("*.json"))
    assert files, f"no {kind} cache was written"
    if kind != "library":  # the snapshot answers before the per-note and per-file caches are read
        snapshot.path_for(cache, sources).unlink()
    monkeypatch.setattr(note_cache, "_MEMORY", {})  # a new process: only the disk remembers
    for path in files:
        DAMAGE[damage](path, kind, marker)
    rebuilt: list[str] = []
    compile_one, load_file = pipeline.compile_one, loader.load_file
    monkeypatch.setattr(pipeline, "compile_one", lambda *a: rebuilt.append("note") or compile_one(*a))
    monkeypatch.setattr(loader, "load_file", lambda *a: rebuilt.append("snippet-file") or load_file(*a))
    library, again = load_library(sources, cache)
    assert library.snippets == expected.snippets and again == problems
    assert not marker.exists()
    assert all(isinstance(store.read(path, kind, store.code_version()), dict) for path in files), "rebuilt"
    if kind != "library":
        assert rebuilt.count(kind) == len(files)


@pytest.fixture
def planted(tmp_path: Path, sources: Sources) -> tuple[dict[str, str], Path]:
    """A home folder whose cache holds, where earlier versions kept their caches, a pickle for the note
    (creating `marker` if ever loaded) and marshal files for the snippet files, carrying a snippet of
    their own; the environment to run notesense in there with XDG_CACHE_HOME unset."""
    home = tmp_path / "home"
    old = home / ".cache" / "notesense"
    note = sources.notes[0] / "torch.md"
    key = old_compile_key(note.read_bytes(), "torch.md")
    (old / key[:2]).mkdir(parents=True)
    marker = tmp_path / "ran"
    (old / key[:2] / f"{key}.pickle").write_bytes(pickle.dumps(Planted(marker)))
    planted_row = ("planted.evil", "torch", "planted", "x", "x", "n.md", 1, (), ("chunk",), ("torch.chunk",), (), (),
                   "PLANTED DOC", "en", (), "python", "", ())
    (old / "library").mkdir()
    for yaml_file in sorted(sources.snippets[0].glob("*.yaml")):
        (old / "library" / old_marshal_name(yaml_file)).write_bytes(marshal.dumps((old_marshal_stamp(yaml_file), [planted_row], [])))
    env = {k: v for k, v in os.environ.items() if k not in ("XDG_CACHE_HOME", "NOTESENSE_NOTES")}
    env.update(HOME=str(home), PYTHONPATH=str(SERVER))
    return env, marker


USER_CODE = "import torch\n\nparts = torch.chunk(x, 2)\n"


def test_pickles_and_marshals_planted_where_earlier_versions_kept_caches_never_run(
    tmp_path: Path, sources: Sources, planted: tuple[dict[str, str], Path]
) -> None:
    """The CLI twin, cold then warm from the caches it wrote, loads past everything planted: nothing
    planted runs or is served, the answer is right."""
    env, marker = planted
    user = tmp_path / "user.py"
    user.write_text(USER_CODE, encoding="utf-8")
    args = ["hover", f"{user}:3:17", "--notes", str(sources.notes[0]), "--snippets", str(sources.snippets[0])]
    for _ in range(2):
        out = subprocess.run([sys.executable, "-m", "notesense", *args], capture_output=True, text=True, env=env,
                             cwd=tmp_path, timeout=120)
        assert out.returncode == 0, out.stderr
        assert "把张量沿维度切成块" in out.stdout and "PLANTED" not in out.stdout
        assert not marker.exists()
    assert any((Path(env["HOME"]) / ".cache" / "notesense" / "snippet-files").glob("*.json"))


@pytest.mark.asyncio
async def test_the_server_never_runs_or_serves_what_was_planted(
    tmp_path: Path, sources: Sources, planted: tuple[dict[str, str], Path]
) -> None:
    """The language server, cold then warm, in the same planted home."""
    env, marker = planted
    user = tmp_path / "user.py"
    user.write_text(USER_CODE, encoding="utf-8")
    options = {"notes": [str(sources.notes[0])], "snippets": [str(sources.snippets[0])]}
    for _ in range(2):
        client = await ClientServerConfig(server_command=[sys.executable, "-m", "notesense", "serve"], server_env=env).start()
        try:
            await client.initialize_session(types.InitializeParams(
                capabilities=client_capabilities("neovim"), initialization_options=options, root_uri=tmp_path.as_uri(),
            ))
            for _ in range(600):
                if (await client.protocol.send_request_async("notesense/libraryInfo", {})).ready:
                    break
                await asyncio.sleep(0.05)
            client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
                uri=user.as_uri(), language_id="python", version=1, text=USER_CODE)))
            hover = await client.text_document_hover_async(types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=user.as_uri()), position=types.Position(line=2, character=16)))
            assert hover is not None and "把张量沿维度切成块" in hover.contents.value
            assert "PLANTED" not in hover.contents.value and not marker.exists()
        finally:
            await client.shutdown_session()
            await client.stop()
