"""`notesense lint` of one very large file on two cores: a forked child parses and analyses its lower parts.

A 32,000-line file's lint is about half parse (CPython's parser: a floor no rule work goes below) and
half model and rules, in one process, while the batch linter leaves the second core idle (it starts
worker processes only for many files). A file large enough to be analysed in parts (`analysis.parts`,
as the server analyses it) is split at a part boundary: the parent parses the parts above `SHARE` of
its lines, a child forked from it (the imported modules and compiled rules are there already: no
start-up) parses those below, each sends the other what its parts show the rest of the file — as
plain data: the names each context statement binds and spells, where it stands, the barriers — and
each analyses its own parts between the contexts they reach, parsing from the text only those of the
other process's context statements that one of its parts reaches (the file's imports, a function a
part calls). The child sends its findings back as data and exits without freeing its trees.

No child is forked on a machine loaded far beyond its cores (`idle_core`: the two processes would
only take turns with the others, for more CPU in all), while other threads run, or where there is no `os.fork`. The
findings are those of the same analysis in one process (`check_large` with `fork=False`, also when the
child fails), part for part: each part is analysed in the same view (`Document.part_view`). A part that does not parse (a syntax error, a cut inside a string) ends it:
the caller lints the file whole, which reports the error.
"""

from __future__ import annotations

import ast
import gc
import json
import os
import signal
import struct
import threading
from collections.abc import Collection, Iterable, Sequence
from typing import IO, TYPE_CHECKING, Any

from notesense.analysis.document import Document
from notesense.analysis.imports import ImportMap, imports_from_nodes, insert_line
from notesense.analysis.parts import LARGE_LINES, Part, PartsParse, line_count, part_of, part_spans
from notesense.analysis.recover import Batch, parse_batch
from notesense.analysis.worker import cores_and_load, finding_from_row, finding_to_row
from notesense.collector import paused
from notesense.rules.base import Finding
from notesense.rules.engine import _finished, _full_view, _gated, _imported

if TYPE_CHECKING:
    from notesense.rules.learned import LearnedRules

# the parent's share of the lines (it frees its trees while it waits for the child, which exits instead)
SHARE = 0.5


def check_large(source: str, *, path: str = "<string>", select: Collection[str] | None = None,
                ignore: Collection[str] | None = None, learned: LearnedRules | None = None,
                fork: bool = True) -> list[Finding] | None:
    """The findings of `source` analysed in parts when it is large enough (`Document.large`), sorted
    as `check_source` gives them; the parts below `SHARE` of the lines by a forked child when `fork`
    and the platform allow. None when the file is not that large or a part does not parse: the caller
    lints it whole (`check_source`, which raises the syntax error)."""
    if line_count(source) < LARGE_LINES:  # before splitting the text into lines: most files are far smaller
        return None
    doc = Document(source)
    if not doc.large:
        return None
    spans = part_spans(doc.lines)
    cut = min(range(1, len(spans)), key=lambda k: abs(spans[k][0] - SHARE * len(doc.lines)), default=0)  # nearest to SHARE
    child = _Child.fork(doc, spans, cut, path, (select, ignore), learned) if fork and 0 < cut < len(spans) else None
    with paused():
        own = _parse(doc.lines, spans, range(cut) if child is not None else range(len(spans)))
        if own is None:
            if child is not None:
                child.stop()
            return None
        gate = _gated(source, select, ignore, learned)  # which rules may run: each process asks the text
        theirs = child.exchange(own) if child is not None else []
        if theirs is None:  # the child failed: its parts are parsed here
            child = None
            rest = _parse(doc.lines, spans, range(cut, len(spans)))
            if rest is None:
                return None
            own, theirs = own + rest, []
        findings = _analyse(doc, _apart(doc, own, theirs), range(len(own)), path, gate, learned)
        if child is not None:
            # what this process analysed is freed while the child may still work (`_finished` reads the text)
            own = theirs = None  # type: ignore[assignment]
            doc = Document(source)
            found = child.findings()
            if found is None:  # the child died after the exchange: the lint is done here, as without it
                return check_large(source, path=path, select=select, ignore=ignore, learned=learned, fork=False)
            findings += found
    return _finished(doc, findings, None)


def _parse(lines: list[str], spans: Sequence[tuple[int, int]], which: Iterable[int]) -> list[tuple[Part, list[ast.stmt]]] | None:
    """The parts of `spans` numbered `which`, each with its statements; None when one does not parse."""
    parsed = []
    for k in which:
        batch = parse_batch(lines, *spans[k])
        if batch is None or batch.error is not None:
            return None
        parsed.append((part_of(batch, lines), batch.body))
    return parsed


def _apart(doc: Document, own: list[tuple[Part, list[ast.stmt]]], theirs: list[Part]) -> list[Part]:
    """Every part of `doc`: those parsed here (`own`, with their statements) and the other process's
    (`theirs`, before or after them), given to it with the file's imports (`Document.parsed_apart`)."""
    parts = [part for part, _ in own]
    parts = parts + theirs if not theirs or theirs[0].start > parts[0].start else theirs + parts
    doc.parsed_apart(PartsParse.given(doc.lines, parts, {part.start: body for part, body in own}), _imports(parts))
    return parts


def _analyse(doc: Document, parts: list[Part], mine: Iterable[int], path: str, gate: tuple,
             learned: LearnedRules | None) -> list[Finding]:
    """The findings of parts `mine` of the file's `parts`, each between the contexts it reaches, as
    `rules.engine` analyses a part with every part parsed; `gate`: what `rules.engine._gated` let run."""
    rules, taught, _ = gate
    rules, taught = _imported(doc.imports, rules, learned, taught)
    if not rules and not taught:
        return []
    return [f for k in mine for f in _full_view(doc, parts, k, rules, learned, taught, path, None)]


def _imports(parts: Sequence[Part]) -> ImportMap:
    """The file's imports as `Document` reads them from its parts' contexts (the imports among them,
    the line after their leading block), reading of the other process's context statements the
    imports only."""
    nodes: list[ast.stmt] = []
    leading: list[ast.stmt] = []
    ended = False
    for part in parts:
        for j, (binds, _) in enumerate(part.names):
            if binds is None:  # an import (or a `global`): every part sees it
                nodes.append(part.context[j])
                if not ended:
                    leading.append(part.context[j])
            elif not ended:
                ended = True
                leading.append(ast.Pass())  # the leading block ends here, where `insert_line` stops
    result = imports_from_nodes(nodes)
    result.insert_line = insert_line(ast.Module(body=leading, type_ignores=[]))
    return result


class _Unparsed(Sequence[ast.stmt]):
    """The context of a part the other process parsed: each statement parsed from its lines (and
    reduced as `analysis.parts` reduces it) when a view first reaches it."""

    __slots__ = ("_lines", "_spans", "_made")

    def __init__(self, lines: list[str], spans: list[list[int]]) -> None:
        self._lines = lines
        self._spans = spans  # per statement: first line (decorators too), last line, its line and column
        self._made: dict[int, ast.stmt] = {}

    def __len__(self) -> int:
        return len(self._spans)

    def __getitem__(self, index: int) -> ast.stmt:  # type: ignore[override]  (a context is read by index, never sliced)
        made = self._made.get(index)
        if made is None:
            made = self._made[index] = self._parse(*self._spans[index])
        return made

    def _parse(self, first: int, last: int, line: int, col: int) -> ast.stmt:
        tree = ast.parse("\n".join(self._lines[first - 1:last]))
        ast.increment_lineno(tree, first - 1)
        stmt = next(s for s in tree.body if s.lineno == line and s.col_offset == col)
        return part_of(Batch(first - 1, "", [stmt]), self._lines).context[0]


def _part_row(part: Part) -> list[Any]:
    """What the other process needs of a part it did not parse (`_part_from_row` reads it)."""
    spans = [[min([s.lineno, *(d.lineno for d in getattr(s, "decorator_list", ()))]), s.end_lineno, s.lineno, s.col_offset]
             for s in part.context]
    return [part.start, part.end, part.digest, spans, [[None if b is None else sorted(b), sorted(s)] for b, s in part.names],
            sorted(part.spelled), [[line, sorted(names)] for line, names in part.barriers.items()]]


def _part_from_row(row: list[Any], lines: list[str]) -> Part:
    start, end, digest, spans, names, spelled, barriers = row
    return Part(start, end, "\n".join(lines[start:end]), _Unparsed(lines, spans), {}, (), None,
                {line: frozenset(n) for line, n in barriers}, digest,
                tuple((None if b is None else frozenset(b), frozenset(s)) for b, s in names), frozenset(spelled))


class _Child:
    """The parent's side of the forked child: the pipes to it and its process id."""

    def __init__(self, pid: int, lines: list[str], reader: IO[bytes], writer: IO[bytes]) -> None:
        self.pid = pid
        self._lines = lines
        self._reader = reader
        self._writer = writer

    @classmethod
    def fork(cls, doc: Document, spans: Sequence[tuple[int, int]], cut: int, path: str,
             chosen: tuple[Collection[str] | None, Collection[str] | None], learned: LearnedRules | None) -> _Child | None:
        """The child that parses and analyses parts `cut` on (`_serve`); None where none can start, and
        in a process that runs other threads (a lock one of them holds would never be released in
        the child: the server, a test runner's helpers)."""
        if not hasattr(os, "fork") or threading.active_count() > 1 or not idle_core():
            return None
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
            _serve(doc, spans, cut, path, chosen, learned, os.fdopen(pipes[0], "rb"), os.fdopen(pipes[3], "wb"))
        os.close(pipes[0])
        os.close(pipes[3])
        return cls(pid, doc.lines, os.fdopen(pipes[2], "rb"), os.fdopen(pipes[1], "wb"))

    def exchange(self, own: list[tuple[Part, list[ast.stmt]]]) -> list[Part] | None:
        """The child's parts (it sends them first, once parsed), after which ours are sent; None when
        the child failed (it is stopped)."""
        ours = _message([_part_row(part) for part, _ in own])  # made while the child may still parse
        rows = _receive(self._reader)
        if rows is None:
            self.stop()
            return None
        try:
            _write(self._writer, ours)
        except OSError:
            self.stop()
            return None
        lines = self._lines
        return [_part_from_row(row, lines) for row in rows]

    def findings(self) -> list[Finding] | None:
        """The findings of the child's parts; None when it died first."""
        rows = _receive(self._reader)
        self.stop(rows is None)
        return None if rows is None else [finding_from_row(row) for row in rows]

    def stop(self, kill: bool = True) -> None:
        for stream in (self._reader, self._writer):
            stream.close()
        if kill:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except OSError:
                pass
        os.waitpid(self.pid, 0)


def idle_core() -> bool:
    """Whether the child will get a core's share worth having: not on one core, nor while the load
    average of the last minute is three times the cores or more. Measured on two cores: at a load of
    4.6 the split lint of 32,000 lines took 1.1 s against 1.9 s in one process; at a load of 9 it took
    2.4 s against 2.2 s (the processes only took turns with the others, for more CPU in all). The
    load counts this process too while it runs, so "a core left free" (load < cores) never held in a
    benchmark's loop."""
    cores, load = cores_and_load()
    return cores > 1 and load < 3 * cores


def _serve(doc: Document, spans: Sequence[tuple[int, int]], cut: int, path: str,
           chosen: tuple[Collection[str] | None, Collection[str] | None], learned: LearnedRules | None,
           reader: IO[bytes], writer: IO[bytes]) -> None:
    """The child: parse parts `cut` on, send them, read the parent's, analyse its own parts between
    them, send the findings, and exit at once (no tree freed, no exit handler of the parent's run)."""
    try:
        gc.disable()  # what this process makes lives until it exits
        own = _parse(doc.lines, spans, range(cut, len(spans)))
        if own is None:
            return
        _send(writer, [_part_row(part) for part, _ in own])
        gate = _gated(doc.source, *chosen, learned)
        rows = _receive(reader)
        if rows is None:
            return
        parts = _apart(doc, own, [_part_from_row(row, doc.lines) for row in rows])
        found = _analyse(doc, parts, range(len(parts) - len(own), len(parts)), path, gate, learned)
        _send(writer, [finding_to_row(f) for f in found])
    finally:
        os._exit(0)


def _send(writer: IO[bytes], value: Any) -> None:
    _write(writer, _message(value))


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
