"""Requests first: the lint workers step aside while a request the user waits on is being answered.

CPython runs one thread at a time. While a lint worker runs, a hover or a completion gets the GIL
only when the lint is made to drop it (every switch interval), and then shares the CPU with it, one
slice each: a 2 ms answer takes 5-10 ms, and on a busy machine, where the OS also takes the CPU from
the lint thread while it holds the GIL, 100 ms and more. So a request the user waits on is counted
from the moment its bytes are read until its answer is written, and a lint worker that reaches a
`pause` point while one is counted waits, without the GIL, until none is. The request then runs
alone; the lint resumes in the gaps between requests and finishes as soon as the user stops asking.

The same pause holds the steps that cannot stop midway at the points between their items (compiling
a library's learned rules in the lint thread, encoding its snapshot in the loader's: `yielding`).

A pause is bounded (`MAX_PAUSE`) so that a request that never answers cannot stop the lint for good.
"""

from __future__ import annotations

import threading

# methods the user waits on that never wait on a lint themselves (a pull of diagnostics does: it
# must not be counted, or it would wait on the lint that waits on it)
INTERACTIVE = frozenset({
    "textDocument/hover",
    "textDocument/completion",
    "completionItem/resolve",
    "textDocument/codeAction",
    "workspace/symbol",
})
MAX_PAUSE = 1.0  # seconds a lint waits at one pause point, at most
MAX_BRIEF = 0.05  # seconds it waits at one brief point (`yielding.brief_point`), at most


class Foreground:
    """How many messages are read and not yet handled, and which interactive requests are unanswered.
    Thread-safe: messages are read in the reader thread, handled and answered on the event loop."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._unread = 0
        self._requests: set[object] = set()
        self._idle = threading.Event()
        self._idle.set()
        self._loop_free = threading.Event()  # no message is being handled on the loop
        self._loop_free.set()

    def arrived(self) -> None:
        """A message was read (reader thread): until it is handled it may be a request."""
        with self._lock:
            self._unread += 1
            self._idle.clear()
            self._loop_free.clear()

    def handled(self) -> None:
        """The message `arrived` announced was handed to its handler (or dropped)."""
        with self._lock:
            self._unread -= 1
            if self._unread <= 0:
                self._loop_free.set()
            self._settle()

    def started(self, msg_id: object, method: str) -> None:
        """A request began; counted until `answered` when the user waits on it (`INTERACTIVE`)."""
        if method in INTERACTIVE:
            with self._lock:
                self._requests.add(msg_id)
                self._idle.clear()

    def answered(self, msg_id: object) -> None:
        """The answer to `msg_id` was written, or its handler ended without one (cancelled)."""
        with self._lock:
            self._requests.discard(msg_id)
            self._settle()

    def _settle(self) -> None:
        if self._unread <= 0 and not self._requests:
            self._idle.set()

    def pause(self) -> None:
        """Called by a lint worker between steps: return once no request is waiting (or `MAX_PAUSE`)."""
        self._idle.wait(MAX_PAUSE)

    __call__ = pause  # installed as the pause itself (`yielding.pausing`), `brief` beside it

    def brief(self) -> None:
        """Called inside a step that holds a lock of a document's analysis (`yielding.brief_point`):
        return once no message is being handled on the loop (from `arrived` to `handled`: a completion
        answered at once, whole), or after `MAX_BRIEF`; never waits for a request answered later."""
        self._loop_free.wait(MAX_BRIEF)
