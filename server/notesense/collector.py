"""Pausing Python's cycle collector while many long-lived objects are made, safely across threads.

Building a large structure (a big file's syntax tree, a library snapshot) makes CPython run its
collections again and again over objects none of which is garbage; a 32,000-line file parsed four
times slower with it on. Several threads may do such work at once (the lint worker, a request, the
library loader), so pausing is counted: the collector runs again when the last one leaves, and only
if it was running when the first one came.

What was made meanwhile is then frozen (`gc.freeze`) rather than left for the collector to scan on
its next run (a 50,000-line file's analysis took it over a second, holding the GIL): these structures
hold no reference cycles (a test keeps it so), so reference counting still frees them. Garbage in a
cycle that is frozen stays for good: work that makes some (a library reload: the analysis of a
learned rule's example) calls `sweep`.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager


class _Counted:
    """A setting several threads may hold at once: `first` runs when the first holder comes, `last`
    when the last one leaves (what `first` found is what `last` puts back)."""

    def __init__(self, first: Callable[..., None], last: Callable[[], None]) -> None:
        self._lock = threading.Lock()
        self._holders = 0
        self._first, self._last = first, last

    @contextmanager
    def held(self, *args: object) -> Iterator[None]:
        with self._lock:
            if self._holders == 0:
                self._first(*args)
            self._holders += 1
        try:
            yield
        finally:
            with self._lock:
                self._holders -= 1
                if self._holders == 0:
                    self._last()

    def while_held(self, action: Callable[[], None]) -> None:
        """`action`, only while someone holds the setting."""
        with self._lock:
            if self._holders:
                action()


_was_enabled = False
_saved_threshold = gc.get_threshold()


def _pause() -> None:
    global _was_enabled
    _was_enabled = gc.isenabled()
    gc.disable()


def _resume() -> None:
    gc.freeze()
    if _was_enabled:
        gc.enable()


def _collect_less(threshold: tuple[int, int, int]) -> None:
    global _saved_threshold
    _saved_threshold = gc.get_threshold()
    gc.set_threshold(*threshold)


_PAUSE = _Counted(_pause, _resume)
_LESS = _Counted(_collect_less, lambda: gc.set_threshold(*_saved_threshold))


def paused() -> AbstractContextManager[None]:
    return _PAUSE.held()


def collecting_less(threshold: tuple[int, int, int]) -> AbstractContextManager[None]:
    """Collections at `threshold` (rarer young ones) while held: work that makes many objects and few
    cycles (a compile in this process, as a pool worker runs) spends less time in the collector, which
    finds the same garbage. Nothing is frozen: a long-running caller's objects stay collectable."""
    return _LESS.held(threshold)


def sweep() -> None:
    """Collect the young generation: during a pause, what the pause has made so far (the collector
    promotes nothing while it is off), so that a freeze keeps none of its garbage cycles. Called after
    the work that leaves some and before large long-lived structures are made, which it would scan."""
    gc.collect(0)


def freeze_made() -> None:
    """During a pause, freeze what the pause has made so far (as its end would), so that a later `sweep`
    traverses only what is made after this: a young collection costs every young container it visits,
    and a reload's discovery alone makes tens of thousands, none of them in a cycle. Outside a pause
    it does nothing (a running collector is not to be kept from what it may free)."""
    _PAUSE.while_held(gc.freeze)
