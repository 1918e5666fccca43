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
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_holders = 0
_was_enabled = False


@contextmanager
def paused() -> Iterator[None]:
    global _holders, _was_enabled
    with _lock:
        if _holders == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0:
                gc.freeze()
                if _was_enabled:
                    gc.enable()


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
    with _lock:
        if _holders:
            gc.freeze()
