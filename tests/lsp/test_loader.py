"""The server's library loader without a client: what it answers from before, during and after a load."""

from __future__ import annotations

from pathlib import Path

import pytest

from notesense.library.sources import Sources
from notesense.lsp.loader import EMPTY, LibraryLoader

TORCH = "# Torch\n\n## chunk\n\n切块。\n\n```python\nimport torch\nparts = torch.chunk(x, 2)\n```\n"
NUMPY = "# Numpy\n\n## argwhere\n\n索引。\n\n```python\nimport numpy as np\nnp.argwhere(x > 1)\n```\n"


def folder(root: Path, name: str, text: str) -> Sources:
    notes = root / name
    notes.mkdir()
    (notes / f"{name}.md").write_text(text, encoding="utf-8")
    return Sources(notes=[notes], snippets=[], origin="options")


@pytest.mark.asyncio
async def test_other_sources_never_answer_and_a_restart_answers_from_the_snapshot(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    torch_notes, numpy_notes = folder(tmp_path, "torch", TORCH), folder(tmp_path, "numpy", NUMPY)
    loader = LibraryLoader()
    try:
        assert loader.library is None  # nothing configured is loaded yet: nothing answers
        await loader.reload(torch_notes)
        assert loader.library.for_symbol("torch.chunk") and loader.ready.is_set()
        loaded = loader.library
        await loader.reload(torch_notes)  # nothing changed: the same library answers
        assert loader.library is loaded
        await loader.reload(torch_notes, recompile=True)  # the recompile command loads it again
        assert loader.library is not loaded and loader.library.snippets == loaded.snippets
        await loader.preload(lambda: numpy_notes)  # another configuration, never loaded: no snapshot yet
        assert loader.library is None and not loader.available.is_set()
        await loader.reload(numpy_notes)
        assert loader.library.for_symbol("numpy.argwhere") and not loader.library.for_symbol("torch.chunk")
    finally:
        loader.shutdown()
    restarted = LibraryLoader()
    try:
        await restarted.preload(lambda: torch_notes)  # a new process: the torch notes' snapshot answers at once
        assert restarted.available.is_set() and not restarted.ready.is_set()
        assert restarted.library.for_symbol("torch.chunk")
        (torch_notes.notes[0] / "more.md").write_text(NUMPY, encoding="utf-8")
        await restarted.reload(torch_notes)  # checked against the disk: the new note is seen
        assert restarted.ready.is_set() and restarted.library.for_symbol("numpy.argwhere")
    finally:
        restarted.shutdown()


@pytest.mark.asyncio
async def test_a_shutdown_right_after_a_load_still_saves_its_snapshot(tmp_path: Path, monkeypatch) -> None:
    """On a busy machine the snapshot is written well after the load answers; a shutdown then must
    not cancel the write (nor end the process halfway through it): the next start would be cold."""
    import threading

    from notesense.library import snapshot

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    torch_notes = folder(tmp_path, "torch", TORCH)
    write = snapshot.write

    def slow(*args):
        threading.Event().wait(0.5)  # a write the machine is slow to get to
        return write(*args)

    monkeypatch.setattr(snapshot, "write", slow)
    first = LibraryLoader()
    await first.reload(torch_notes)
    first.shutdown()
    restarted = LibraryLoader()
    try:
        await restarted.preload(lambda: torch_notes)
        assert restarted.library is not None and restarted.library.for_symbol("torch.chunk"), "no snapshot was saved"
    finally:
        restarted.shutdown()


@pytest.mark.asyncio
async def test_a_request_waits_for_the_snapshot_being_read(tmp_path: Path, monkeypatch) -> None:
    """On a busy machine a warm start reads its snapshot after the first moment (`FIRST_REQUEST_WAIT`):
    a hover then waits for it and answers from it, rather than answering nothing (it is not asked
    again); a completion answers at once, its list incomplete (the editor asks again as the user types)."""
    import asyncio
    import time

    from notesense.library import snapshot
    from notesense.lsp.server import NotesenseServer

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    torch_notes = folder(tmp_path, "torch", TORCH)
    first = LibraryLoader()
    await first.reload(torch_notes)
    first.shutdown()  # waits for the snapshot to be saved
    read = snapshot.read
    monkeypatch.setattr(snapshot, "read", lambda *args: time.sleep(0.6) or read(*args))
    server = NotesenseServer()
    try:
        server._wait_until = asyncio.get_running_loop().time() + 0.05
        preloading = server.loader.preload(lambda: torch_notes)
        await asyncio.sleep(0.2)  # the first moment is over, the snapshot still being read
        assert server.library_now() == (EMPTY, False), "a completion waited for the snapshot"
        library, _ = await server.library()
        assert library.for_symbol("torch.chunk"), "answered before the snapshot was read"
        await preloading
    finally:
        server.stop()


@pytest.mark.asyncio
async def test_the_snapshot_is_read_while_the_loop_is_still_busy_with_initialize(tmp_path: Path, monkeypatch) -> None:
    """`preload` hands the sources' look-up and the snapshot read to the load thread at once: they run
    while the loop is still answering `initialize` (here: busy without yielding), not after it."""
    import threading

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    torch_notes = folder(tmp_path, "torch", TORCH)
    first = LibraryLoader()
    await first.reload(torch_notes)
    first.shutdown()
    resolved = threading.Event()
    restarted = LibraryLoader()
    try:
        preloading = restarted.preload(lambda: resolved.set() or torch_notes)
        assert not restarted.settled.is_set(), "a hover would not wait for the snapshot being read"
        assert resolved.wait(5), "the read waited for the loop"  # the loop thread blocks here, never yielding
        await preloading
        assert restarted.available.is_set() and restarted.library.for_symbol("torch.chunk")
    finally:
        restarted.shutdown()


@pytest.mark.asyncio
async def test_a_completion_before_the_snapshot_is_decoded_answers_at_once_and_decodes_nothing(tmp_path: Path, monkeypatch) -> None:
    """Right after a warm start the library is read from its snapshot but not decoded: a completion
    (which needs every record's prefixes) answers incomplete at once, as while the library loads, rather
    than decode the whole library for its answer; the hover decodes only its records (`test_snapshot`)."""
    from lsprotocol import types

    from notesense.library import snapshot
    from notesense.lsp import server as module
    from notesense.lsp.documents import Snapshot

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    torch_notes = folder(tmp_path, "torch", TORCH)
    first = LibraryLoader()
    await first.reload(torch_notes)
    first.shutdown()

    def whole_library(self) -> None:
        raise AssertionError("the whole library was decoded for a completion")

    monkeypatch.setattr(snapshot._Stored, "build", whole_library)
    server = module.NotesenseServer()
    try:
        await server.loader.preload(lambda: torch_notes)
        assert server.loader.available.is_set() and not server.loader.library.decoded
        text = "import torch\ntorch.ch"
        snap = Snapshot("file:///a.py", 1, text)
        server.documents.warm(snap)
        params = types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=snap.uri),
                                        position=types.Position(line=1, character=8))
        monkeypatch.setattr(server, "codec", lambda: module.PositionCodec(types.PositionEncodingKind.Utf16))
        answer = await module._completion_later(server, params, snap, server.completion_options())
        assert answer is not None and '"isIncomplete": true' in str(answer)
    finally:
        server.stop()
