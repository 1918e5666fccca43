"""`notesense lint` of one very large file on two cores: a forked child parses and analyses its lower parts.

A 32,000-line file's lint is about half parse (CPython's parser: a floor no rule work goes below) and
half model and rules, in one process, while the batch linter leaves the second core idle (it starts
worker processes only for many files). A file large enough to be analysed in parts (`analysis.parts`,
as the server analyses it) is analysed as the server analyses it with its worker process
(`rules.engine.check_document` with a `Partner`): the parent parses the parts above `SHARE` of its
lines, a child forked from it (the imported modules and compiled rules are there already: no
start-up) parses those below (`rules.engine.check_lower`), each sends the other what its parts show
the rest of the file as plain data (`analysis.parts.part_to_row`), and each analyses its own parts.
The child is forked before the parent reads which rules may run and is told them (`_Fork`); each
process parses each of its parts in one call (`Document` alone) and keeps the memory a part's
parse frees for the next (`analysis.parts.keep_freed_heap`).
The child sends its findings back as JSON and exits without freeing its trees and models; the parent
keeps its own for the command's exit too (`left_to_exit`: `cli.main` ends with `os._exit`).

No child is forked on a machine loaded far beyond its cores (`idle_core`: the two processes would
only take turns with the others, for more CPU in all), while other threads run, or where there is no
`os.fork`; the parent then analyses every part, as it does when the child fails. The findings are
those of the same analysis in one process, part for part. A part that does not parse (a syntax
error, a cut inside a string) ends it: the caller lints the file whole, which reports the error.
"""

from __future__ import annotations

import gc
import json
import os
import signal
import struct
import threading
from collections.abc import Collection, Sequence
from typing import IO, TYPE_CHECKING, Any, TypeAlias

from notesense.analysis.document import Document
from notesense.analysis.parts import LARGE_LINES, keep_freed_heap, line_count
from notesense.analysis.worker import cores_and_load, finding_from_row, finding_to_row
from notesense.rules.base import Finding
from notesense.rules.engine import RULES_BY_CODE, check_document, check_lower

if TYPE_CHECKING:
    from collections.abc import Callable

    from notesense.library.model import Pitfall
    from notesense.rules.base import Rule
    from notesense.rules.learned import LearnedRules

    # the child's work (`_serve`), given what reads the parent's rules and what exchanges the parts' rows
    _Lower: TypeAlias = Callable[[Callable[[], Any], Callable[[list[list[Any]]], list[list[Any]] | None]],
                                 dict[int, list[Finding]] | None]

# the parent's share of the lines: measured (32,000 lines, CPU of each process): 0.5 gave the parent 589 ms
# and the child 440 ms, 0.45 gave 525 and 530 ms, 0.4 gave 515 and 600 ms (when the parent still freed each
# part's tree after its analysis); the parts of `scaling_bench`'s 32,000 lines are 2,508 lines long:
# 0.40-0.47 all give the parent 6 parts of 13 (47% of the lines), 0.5 gives it 7
SHARE = 0.45

# the last large file's analysis in parts, its trees and models held unfreed for the process's exit
# (`left_to_exit`): freeing them cost the parent ~60 ms of CPU on 32,000 lines, for nothing in a
# one-shot command; the next large file's lint frees them first, so at most one file's are held
_left: Document | None = None


def check_large(source: str, *, path: str = "<string>", select: Collection[str] | None = None,
                ignore: Collection[str] | None = None, learned: LearnedRules | None = None,
                fork: bool = True) -> list[Finding] | None:
    """The findings of `source` analysed in parts when it is large enough (`Document.large`), sorted
    as `check_source` gives them; the parts below `SHARE` of the lines by a forked child when `fork`
    and the platform allow. None when the file is not that large or a part does not parse: the caller
    lints it whole (`check_source`, which raises the syntax error)."""
    global _left
    if line_count(source) < LARGE_LINES:  # before splitting the text into lines: most files are far smaller
        return None
    _left = None
    keep_freed_heap()
    doc = Document(source, alone=True)  # no thread here waits for the GIL between two parses of a part
    if not doc.large:
        return None
    forking = _Fork.start(doc, path, select, ignore, learned) if fork else None
    try:
        found = check_document(doc, path=path, select=select, ignore=ignore, learned=learned, parallel=forking)
    finally:
        if forking is not None and forking.child is not None:
            forking.child.stop()
    if doc.left:
        _left = doc
    parsing = doc.__dict__.get("_parts_parse")  # None: no rule may run here, nothing was parsed
    if parsing is None or not parsing.done or parsing.failed or any(p.error is not None for p in parsing.parts):
        return None
    return found


class _Fork:
    """The child for one file (`rules.engine.Parallel`), forked before the parent reads which rules may
    run (`engine._gated`: ~15 ms on 32,000 lines, a scan of the whole text): the child parses its
    parts meanwhile and is told the rules (`submit`) before it has parsed its first part."""

    def __init__(self, child: _Child | None) -> None:
        self.child = child

    @classmethod
    def start(cls, doc: Document, path: str, select: Collection[str] | None, ignore: Collection[str] | None,
              learned: LearnedRules | None) -> _Fork:
        """Fork the child that parses and analyses the parts below `SHARE` of the lines, unless none
        can start, or in a process that runs other threads (a lock one of them holds would never be
        released in the child: the server, a test runner's helpers)."""
        if not hasattr(os, "fork") or threading.active_count() > 1 or not idle_core():
            return cls(None)
        split = int(len(doc.lines) * SHARE)
        cut = doc.split_at(split)
        if cut is None:
            return cls(None)

        def lower(told: Callable[[], list[list[str]] | None],
                  exchange: Callable[[list[list[Any]]], list[list[Any]] | None]) -> dict[int, list[Finding]] | None:
            doc.left = []  # the child's part views are held until its `os._exit`
            if doc.parse_spans(cut[1], lambda: False, ahead=True) is None:  # kept for `check_lower`
                return None
            rules = told()  # sent as soon as the parent's gate of the text chose them
            if rules is None:
                return None
            codes, ids = rules[0], set(rules[1])
            return check_lower(doc, cut[1], exchange, path=path, rules=tuple(RULES_BY_CODE[code] for code in codes),
                               taught=[entry for entry in (learned.selected(select, ignore) if learned else []) if entry[0].id in ids],
                               learned=learned, cancelled=lambda: False)

        return cls(_Child.fork(doc, split, cut, lower))

    def submit(self, doc: Document, path: str, rules: Sequence[type[Rule]], taught: list,
               select: Collection[str] | None, ignore: Collection[str] | None,
               learned: LearnedRules | None, pitfalls: Sequence[Pitfall] | None) -> _Child | None:
        """The child, told the rules the parent's gate chose (as codes and pitfall ids: the child has
        the same learned rules, `LearnedRules.selected` gives them in the same order); None when none
        was forked or it is gone (the parent then analyses every part)."""
        child = self.child
        if child is None or not child.tell([[r.code for r in rules], [p.id for p, _ in taught]]):
            return None
        return child


class _Child:
    """The parent's side of the forked child (`rules.engine.Partner`): the pipes to it and its process id."""

    def __init__(self, pid: int, split: int, upper: int, reader: IO[bytes], writer: IO[bytes], doc: Document) -> None:
        self.pid: int | None = pid
        self._doc = doc
        self.split = split
        self.upper = upper
        self.keep_from = 0  # the parent's parts are parsed whole before the exchange (the child waits for no analysis)
        self._reader = reader
        self._writer = writer

    @classmethod
    def fork(cls, doc: Document, split: int, cut: tuple[int, list[tuple[int, int]], int], lower: _Lower) -> _Child | None:
        pipes: list[int] = []
        try:
            pipes = [*os.pipe(), *os.pipe()]  # parent → child, child → parent
            pid = os.fork()
        except OSError:
            for fd in pipes:
                os.close(fd)
            return None
        if pid == 0:
            os.close(pipes[1])
            os.close(pipes[2])
            _serve(lower, os.fdopen(pipes[0], "rb"), os.fdopen(pipes[3], "wb"))
        os.close(pipes[0])
        os.close(pipes[3])
        return cls(pid, split, cut[0], os.fdopen(pipes[2], "rb"), os.fdopen(pipes[1], "wb"), doc)

    def tell(self, value: Any) -> bool:
        """Send the child a message it reads before the rows (the rules); False when it is gone."""
        try:
            _write(self._writer, _message(value))
        except OSError:
            self.stop()
            return False
        return True

    def exchange(self, ours: list[list[Any]], cancelled: Callable[[], bool] | None) -> list[list[Any]] | None:
        """The child's rows (it sends them first, once parsed: neither blocks on a full pipe), after
        which ours are sent; None when the child failed."""
        message = _message(ours)  # made while the child may still parse
        rows = _receive(self._reader)
        if rows is None:
            return None
        try:
            _write(self._writer, message)
        except OSError:
            return None
        self._doc.left = []  # the views of this process's parts, analysed from now on, are left for its exit
        return rows

    def findings(self, cancelled: Callable[[], bool] | None) -> dict[int, list[Finding]] | None:
        """The findings of the child's parts by first line; None when it died first."""
        found = _receive(self._reader)
        self.stop(found is None)
        return None if found is None else {int(start): [finding_from_row(row) for row in rows] for start, rows in found.items()}

    def stop(self, kill: bool = True) -> None:
        """Close the pipes and reap the child (killed first unless it is done): no orphan."""
        if self.pid is None:
            return
        for stream in (self._reader, self._writer):
            try:
                stream.close()
            except OSError:  # what a child gone first was not sent (it is closed all the same)
                pass
        if kill:  # failed or not needed: the parent analyses every part, freeing each (bounded memory)
            self._doc.left = None
            try:
                os.kill(self.pid, signal.SIGKILL)
            except OSError:
                pass
        os.waitpid(self.pid, 0)
        self.pid = None


def left_to_exit() -> bool:
    """Whether this process holds a large file's trees that its exit may drop unfreed (`os._exit` once
    the output is flushed: the `notesense lint` command)."""
    return _left is not None


def release() -> None:
    """Free what the last large file's analysis left for the exit (a caller that goes on instead: a
    benchmark between two timed runs, as the command's exit would)."""
    global _left
    _left = None


def idle_core() -> bool:
    """Whether the child will get a core's share worth having: not on one core, nor while the load
    average of the last minute is three times the cores or more. Measured on two cores: at a load of
    4.6 the split lint of 32,000 lines took 1.1 s against 1.9 s in one process; at a load of 9 it took
    2.4 s against 2.2 s (the processes only took turns with the others, for more CPU in all). The
    load counts this process too while it runs, so "a core left free" (load < cores) never held in a
    benchmark's loop."""
    cores, load = cores_and_load()
    return cores > 1 and load < 3 * cores


def _serve(lower: _Lower, reader: IO[bytes], writer: IO[bytes]) -> None:
    """The child: parse its parts, read the rules, send the parts' rows, read the parent's, analyse its
    parts, send the findings, and exit at once (no tree freed, no exit handler of the parent's run)."""
    try:
        gc.disable()  # what this process makes lives until it exits

        def exchange(rows: list[list[Any]]) -> list[list[Any]] | None:
            _write(writer, _message(rows))
            return _receive(reader)

        found = lower(lambda: _receive(reader), exchange)
        if found is not None:
            _write(writer, _message({str(start): [finding_to_row(f) for f in rows] for start, rows in found.items()}))
    finally:
        os._exit(0)


def _message(value: Any) -> bytes:
    data = json.dumps(value).encode()
    return struct.pack("!Q", len(data)) + data


def _write(writer: IO[bytes], message: bytes) -> None:
    writer.write(message)
    writer.flush()


def _receive(reader: IO[bytes]) -> Any | None:
    """The next message; None at the end of the pipe (the other process is gone)."""
    head = reader.read(8)
    if len(head) < 8:
        return None
    (size,) = struct.unpack("!Q", head)
    data = reader.read(size)
    return json.loads(data) if len(data) == size else None
