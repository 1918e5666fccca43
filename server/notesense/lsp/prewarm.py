"""Cold loads happen in a child process; the server process only ever loads warm caches.

A cold load (parsing every snippet file, compiling every changed note) is seconds of CPU and tens of
MB of short-lived memory. In the server process that CPU would share the GIL with the completions the
user is waiting for, and the memory would stay in its peak RSS. A child does that work, filling the
per-file snippet cache and the per-note compile cache on disk, and exits; the server then loads the
same sources from those caches in a fraction of the time. Small sources (most personal note folders)
load faster in-process than a child can start, so only large ones go through a child.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from notesense.library.sources import Sources
from notesense.lsp.watch import snapshot

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]

PREWARM_MIN_BYTES = 1_000_000  # notes + snippet files; below this a cold in-process load takes well under a second


def worth_a_child(sources: Sources) -> bool:
    """Large enough that a cold load would be felt while typing (a stat per file: cheap)."""
    total = sum(size for _mtime, size in snapshot([*sources.notes, *sources.snippets]).values())
    return total >= PREWARM_MIN_BYTES


def _context() -> multiprocessing.context.BaseContext:
    """Never plain fork: the server runs threads, and a forked child can inherit a lock one held."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _warm(conn: Connection, sources: Sources, cache_dir: Path) -> None:
    """In the child: load once so that the caches are written; report progress up the pipe."""
    from notesense.library.sources import load_library

    try:
        load_library(sources, cache_dir, progress=lambda done, total, name: conn.send((done, total, name)))
    finally:
        conn.close()


class Prewarmer:
    """Runs one child at a time; `stop` ends a running one (server shutdown)."""

    def __init__(self) -> None:
        self._child: BaseProcess | None = None

    def run(self, sources: Sources, cache_dir: Path, progress: Progress | None) -> bool:
        """Blocking (call it from a worker thread). False when the child failed: the caller then
        loads cold itself, which is slower but gives the same library."""
        ctx = _context()
        receive, send = ctx.Pipe(duplex=False)
        child = ctx.Process(target=_warm, args=(send, sources, cache_dir), name="notesense-prewarm")
        child.start()
        self._child = child
        log.info("warming the library caches in child process %s", child.pid)
        send.close()
        try:
            while True:
                try:
                    done, total, name = receive.recv()
                except EOFError:
                    break
                if progress is not None:
                    progress(done, total, name)
        finally:
            receive.close()
            child.join()
            self._child = None
        if child.exitcode != 0:
            log.warning("pre-warming the library caches failed (exit code %s)", child.exitcode)
        return child.exitcode == 0

    def stop(self) -> None:
        child = self._child
        if child is not None and child.is_alive():
            child.terminate()
