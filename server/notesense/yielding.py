"""Points where long background work lets a request the user waits on run first.

CPython runs one thread at a time, and a thread that holds the GIL gives it up only every switch
interval: a hover or a completion that arrives while the server's lint compiles a library's learned
rules, or while it saves a library snapshot, shares the CPU with that work slice by slice and takes
several times as long. The server's background threads therefore install a pause (`pausing`: the
lint worker's and the snapshot save's wait while a request is open, `lsp.foreground`), and loops
that can run for tens of milliseconds call `point()` between their items.

A point must sit where the thread holds no lock a request could need (a half-built analysis of the
document, say): the pause would wait for the request, and the request for the lock. Inside such a
step, `brief_point()` gives way only to what cannot wait on that lock: the event loop answering a
completion in the callback that read it. In any thread without a pause installed — a request's, the
CLI's, a test's — neither does anything.
"""

from __future__ import annotations

import importlib
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

_local = threading.local()


def point() -> None:
    """Wait here while a request is open, when this thread's work is one that gives way."""
    pause = getattr(_local, "pause", None)
    if pause is not None:
        pause()


def brief_point() -> None:
    """`point` inside a step that holds a lock a request may wait on (a document's parse or model being
    made): gives way only while the event loop handles a message in the callback that read it, as it
    answers a completion at once (taking no such lock), and briefly at that; never to a request answered
    later, which may be waiting on the lock this thread holds. A pause that has no `brief` (a plain
    callable) is not called here."""
    brief = getattr(getattr(_local, "pause", None), "brief", None)
    if brief is not None:
        brief()


@contextmanager
def pausing(pause: Callable[[], None]) -> Iterator[None]:
    """Within the block, this thread's `point()` calls `pause`."""
    previous = getattr(_local, "pause", None)
    _local.pause = pause
    try:
        yield
    finally:
        _local.pause = previous


def import_each(modules: Iterable[str]) -> None:
    """Import `modules` in order, with a `point()` before each one not imported yet. A module's code
    runs holding the GIL, and a package's first import is many modules' code in one go: imported leaves
    first, it gives way between them. The points stand only between imports, never inside one, where
    the thread would hold the module's import lock (a request importing it would wait on the pause)."""
    for name in modules:
        if name not in sys.modules:
            point()
            importlib.import_module(name)
