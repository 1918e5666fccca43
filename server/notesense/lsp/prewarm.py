"""Cold loads happen in a child process; the server process only ever loads warm caches.

A cold load (parsing every snippet file, compiling every changed note) is seconds of CPU and tens of
MB of short-lived memory. In the server process that CPU would share the GIL with the completions the
user is waiting for, and the memory would stay in its peak RSS. A child does that work, filling the
per-file snippet cache, the per-note compile cache and the library snapshot on disk, and exits; the
server then reads the snapshot in a fraction of the time. A few changed notes (most restarts, every
edit) load faster in-process than a child can start, so only large changes go through a child.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from notesense.library.sources import Sources

if TYPE_CHECKING:  # multiprocessing itself is imported when a child is started: a warm start needs none
    from multiprocessing.connection import Connection
    from multiprocessing.context import BaseContext
    from multiprocessing.process import BaseProcess

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]

# bytes of notes and snippet files to read again (new or changed since the last snapshot) from which
# a child is worth starting; below this a cold in-process load takes well under a second
PREWARM_MIN_BYTES = 1_000_000


def _context() -> BaseContext:
    """Never plain fork: the server runs threads, and a forked child can inherit a lock one held."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _warm(conn: Connection, sources: Sources, cache_dir: Path) -> None:
    """In the child: load once so that the caches are written; report progress up the pipe. The
    bundled notes' snippet files too: their pitfalls are the learned rules of the server's first lint,
    which would otherwise parse their YAML while the user's first requests wait on the GIL."""
    from notesense.library.sources import load_library
    from notesense.rules.learned import bundled_pitfalls

    try:
        load_library(sources, cache_dir, progress=lambda done, total, name: conn.send((done, total, name)))
        bundled_pitfalls()
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
