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
learned rule's example) asks for `sweep`, one collection of the young generation, which holds just
what the pause made (the collector promotes nothing while it is off), before the freeze.
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
def paused(sweep: bool = False) -> Iterator[None]:
    global _holders, _was_enabled
    with _lock:
        if _holders == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _holders += 1
    try:
        yield
        if sweep:
            gc.collect(0)
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0:
                gc.freeze()
                if _was_enabled:
                    gc.enable()
