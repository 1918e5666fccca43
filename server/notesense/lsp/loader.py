"""The library the server answers from: loaded off the event loop (its cold part in a child process,
see `prewarm`), swapped atomically on reload.

Until the user's notes are loaded, requests are answered from the bundled library, so the first
completion after `initialize` never waits for a cold compile of a large note folder.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from notesense.library.index import Library
from notesense.library.sources import Sources, load_library
from notesense.lsp.prewarm import Prewarmer, worth_a_child
from notesense.paths import bundled_dir, cache_dir

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]


class LibraryLoader:
    """Holds the current `Library`; `reload` compiles in a one-thread pool and swaps the reference."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="notesense-load")
        self._prewarmer = Prewarmer()
        self._user: Library | None = None
        self._bundled: Library = Library.from_snippets([])
        self._lock = asyncio.Lock()
        self.ready = asyncio.Event()
        self.sources: Sources | None = None
        self.problems: list = []
        self.generation = 0

    @property
    def library(self) -> Library:
        """The user's library once loaded, the bundled one before."""
        return self._user if self._user is not None else self._bundled

    async def load_bundled(self) -> None:
        """The small library shipped with notesense (cached: a few ms), answering until the user's loads."""
        loop = asyncio.get_running_loop()
        folder = bundled_dir("snippets")
        if folder.is_dir():
            self._bundled, problems = await loop.run_in_executor(self._pool, Library.load, [folder], cache_dir())
            for problem in problems:
                log.warning("bundled library: %s", problem)

    async def reload(self, sources: Sources, progress: Progress | None = None) -> list:
        """Load `sources` (the per-note cache makes a reload cost only the changed notes); returns the
        problems that are new since the previous load."""
        async with self._lock:
            loop = asyncio.get_running_loop()
            warm = worth_a_child(sources) and await loop.run_in_executor(
                self._pool, self._prewarmer.run, sources, cache_dir(), progress
            )
            library, problems = await loop.run_in_executor(
                self._pool, lambda: load_library(sources, cache_dir(), progress=None if warm else progress)
            )
            fresh = [p for p in problems if p not in self.problems]
            self._user, self.sources, self.problems = library, sources, list(problems)
            self.generation += 1
            self.ready.set()
            log.info("library %d loaded from %s: %s", self.generation, sources.origin, library.counts())
            return fresh

    def shutdown(self) -> None:
        self._prewarmer.stop()
        self._pool.shutdown(wait=False, cancel_futures=True)
