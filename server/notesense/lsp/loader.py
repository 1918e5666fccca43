"""The library the server answers from: loaded off the event loop, swapped atomically on reload.

Only the library of the configured sources is ever answered from. A warm start publishes the last
snapshot of those sources at once (one cache file, see `library.snapshot`), then checks the note files
against it and loads again only what changed; a cold load of a large library runs in a child process
(`prewarm`). Until something of the configured sources is loaded the server answers nothing — never
the bundled starter notes or a previous configuration's notes.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import Future, wait

from notesense.library import snapshot
from notesense.library.index import Library
from notesense.library.snapshot import Snapshot
from notesense.library.sources import Sources, refresh
from notesense.lsp.pool import started_pool
from notesense.lsp.prewarm import PREWARM_MIN_BYTES, Prewarmer
from notesense.paths import cache_dir
from notesense.yielding import pausing

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
EMPTY = Library([])
SAVE_ON_EXIT = 5.0  # seconds a shutdown waits for the snapshot being saved (else the next start is cold)


class LibraryLoader:
    """Holds the current sources' `Library`; `reload` loads in a one-thread pool and swaps the reference."""

    def __init__(self, pause: Callable[[], None] = lambda: None) -> None:
        """`pause`: where the snapshot save waits while a request the user waits on runs (`foreground`)."""
        self._pool = started_pool(1, "notesense-load")
        self._pause = pause
        self._prewarmer = Prewarmer()
        self._lock = asyncio.Lock()
        self._loaded: Snapshot | None = None  # of `sources`: their snapshot until `ready`, then their load
        self.available = asyncio.Event()  # something of the current sources can answer
        self.settled = asyncio.Event()  # no snapshot of the current sources is being read (`_adopt`)
        self.settled.set()
        self.ready = asyncio.Event()  # ... and it is checked against the files on disk
        self.sources: Sources | None = None
        self.problems: list = []
        self.generation = 0
        self._saving: Future | None = None  # the newest snapshot write

    @property
    def library(self) -> Library | None:
        """The library of the configured sources, or None while nothing of them is loaded."""
        return self._loaded.library if self._loaded is not None else None

    def preload(self, resolve: Callable[[], Sources]) -> asyncio.Future:
        """Answer from the snapshot of the sources `resolve` names as soon as it is read (called at
        `initialize`, when the settings already name the notes: the full `reload` must wait for
        `initialized`). Both are one call in the load thread, submitted now: the snapshot is read while
        the loop answers `initialize` and reads the next messages, not after them."""
        self.settled.clear()
        reading = self._pool.submit(_read_snapshot, resolve)
        return asyncio.ensure_future(self._preloaded(reading))

    async def _preloaded(self, reading: Future) -> None:
        try:
            async with self._lock:
                sources, known = await asyncio.wrap_future(reading)
                if sources != self.sources:
                    self._switch(sources, known)
        finally:
            self.settled.set()

    async def _adopt(self, sources: Sources) -> None:
        """Switch to `sources`: forget the previous sources' library, publish these' snapshot if any."""
        if sources == self.sources:
            return
        self._switch(sources, None)
        self.settled.clear()
        try:
            known = await asyncio.get_running_loop().run_in_executor(self._pool, snapshot.read, cache_dir(), sources)
            self._switch(sources, known)
        finally:
            self.settled.set()

    def _switch(self, sources: Sources, known: Snapshot | None) -> None:
        """Answer from `known`, the snapshot of `sources` (None: nothing of them until they load)."""
        self.sources, self._loaded = sources, known
        self.ready.clear()
        if known is None:
            self.available.clear()
            return
        self.available.set()
        log.info("answering from the last snapshot of %s (%d snippets)", sources.origin, len(known.library))

    async def reload(self, sources: Sources, progress: Progress | None = None, recompile: bool = False) -> list:
        """Load `sources` (only what changed since the snapshot or the previous load is read again;
        with `recompile`, every note and snippet file, from their own caches where unchanged);
        returns the problems that are new since the previous load."""
        async with self._lock:
            await self._adopt(sources)
            loop = asyncio.get_running_loop()
            # the snapshot answers from the records a look-up asks for; the rest are decoded now, requests first
            known = self._loaded = await loop.run_in_executor(
                self._pool, snapshot.whole, cache_dir(), sources, self._loaded, self._pause) if self._loaded else None
            current = await loop.run_in_executor(self._pool, snapshot.stamp, snapshot.roots(sources))
            cold = snapshot.changed_bytes(current, known.stamp if known is not None else None)
            warmed = False
            if cold >= PREWARM_MIN_BYTES:
                # much to compile or parse: a child does it and fills the caches this process then reads
                warmed = await loop.run_in_executor(self._pool, self._prewarmer.run, sources, cache_dir(), progress)
                if warmed:
                    known = await loop.run_in_executor(self._pool, snapshot.read, cache_dir(), sources) or known
                    progress = None
            unless = None if recompile and not warmed else known  # the child's load is a recompile
            loaded = await loop.run_in_executor(self._pool, refresh, sources, cache_dir(), unless, progress, current)
            problems = [*sources.refused, *loaded.problems]  # refused paths: see `sources.load_library`
            fresh = [p for p in problems if p not in self.problems]
            self._loaded, self.problems = loaded, problems
            self.generation += 1
            self.available.set()
            self.ready.set()
            log.info("library %d loaded from %s: %s", self.generation, sources.origin, loaded.library.counts())
            if loaded is not known:  # saved after it answers; the one-thread pool orders it before a next load
                self._saving = self._pool.submit(self._save, sources, loaded)
            return fresh

    def after_load(self, work: Callable[[], object]) -> Future | None:
        """Run `work` in the load thread, after any load or save queued there, giving way to requests
        at its `yielding.point`s: for what a loaded library makes worth doing ahead of the requests.
        None once the loader is shut down."""

        def run() -> None:
            with pausing(self._pause):
                try:
                    work()
                except Exception:
                    log.exception("work after a library load failed")

        try:
            return self._pool.submit(run)
        except RuntimeError:  # shut down: the server is exiting
            return None

    def _save(self, sources: Sources, loaded: Snapshot) -> None:
        with pausing(self._pause):  # encoded piece by piece, requests first (`yielding`)
            snapshot.write(cache_dir(), sources, loaded)

    def shutdown(self) -> None:
        """Stop loading, but let the snapshot being saved be written: a `shutdown` soon after a load
        (a busy machine delays the write) would otherwise cancel it, or end the process halfway
        through it, and the next start would be cold."""
        self._prewarmer.stop()
        if self._saving is not None:
            wait([self._saving], SAVE_ON_EXIT)
        self._pool.shutdown(wait=False, cancel_futures=True)


def _read_snapshot(resolve: Callable[[], Sources]) -> tuple[Sources, Snapshot | None]:
    sources = resolve()
    return sources, snapshot.read(cache_dir(), sources)
