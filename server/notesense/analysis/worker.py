"""The second core for one large file: a worker process that parses and analyses the lower parts of it.

A 50,000-line file's lint is its parse (~1 s CPU) and the analysis of its twenty parts (~1.3 s) in
one process. Started when the server first lints a file analysed in parts (never for a smaller one)
and kept warm for the next edit, a worker is the other process of the engine's split analysis
(`rules.engine.Partner`): it parses the parts below the split line (`SERVER_SHARE` of the lines down)
while the server parses those above, each sends the other what its parts show the rest of the file
(plain rows: `analysis.parts.part_to_row`), and each analyses its own parts between every part's
contexts (`rules.engine.check_lower` here). No part is parsed in both, so the split line is where
both end together. The findings are those of the lint in one process, part for part. The split is
made only when a core is likely idle (`idle_core`), and a large file opened while the first library
load runs is sent at once: the worker starts and parses its parts meanwhile (`PartsWorker.parse_ahead`).

What crosses the pipe is JSON: the text, the rules to run, the user's pitfalls as their cache rows,
the parts' rows both ways and back findings — nothing is unpickled. The worker is spawned (the server
runs threads: no fork), exits when the pipe closes or its parent is gone, and the server lints
in-process whenever the worker cannot start, dies or answers something else.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import queue
import threading
import time
from collections.abc import Callable, Collection, Sequence
from typing import TYPE_CHECKING, Any

from notesense.analysis.parts import line_count
from notesense.rules.base import Edit, Finding, Fix

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

    from notesense.analysis.document import Document
    from notesense.library.model import Pitfall
    from notesense.rules.base import Rule
    from notesense.rules.learned import LearnedRules

log = logging.getLogger(__name__)

# the share of a large file's lines whose parts the server parses and analyses (the worker: the rest)
SERVER_SHARE = 0.5
# the lines of the server's last parts parsed whole before the rows are exchanged and analysed after
# (the others are analysed as they are parsed, their trees freed, as in one process): the worker waits
# for the server's parse and for the analysis of the first ones only; their trees take ~2.6 MB per
# 1,000 lines, within the server's 150 MB
KEPT_LINES = 15_000
_KEPT_DOCUMENTS = 4  # documents whose last version the worker keeps for the next one's reuse
_RESTARTS = 3  # a worker that died this often is not started again: the lint stays in-process


class Ticket:
    """One version sent to the worker: the server's side of the split analysis (`rules.engine.Partner`)."""

    def __init__(self, worker: PartsWorker, number: int, split: int, upper: int, keep_from: int) -> None:
        self._worker = worker
        self._number = number
        self.split = split  # the line the server's parts reach down to
        self.upper = upper
        self.keep_from = keep_from

    def exchange(self, ours: list[list[Any]], cancelled: Callable[[], bool] | None) -> list[list[Any]] | None:
        if not self._worker.send({"op": "contexts", "id": self._number, "rows": ours}):
            return None
        answer = self._worker.answer(self._number, "parts", cancelled)
        return None if answer is None or "error" in answer else answer["rows"]

    def findings(self, cancelled: Callable[[], bool] | None) -> dict[int, list[Finding]] | None:
        answer = self._worker.answer(self._number, "findings", cancelled)
        if answer is None or "error" in answer:
            return None
        self._worker.parts_analysed += len(answer["findings"])
        return {int(start): [finding_from_row(f) for f in found] for start, found in answer["findings"].items()}


class PartsWorker:
    """The server's side: starts the worker when first asked, sends versions, reads replies."""

    def __init__(self) -> None:
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None
        self._numbers = itertools.count(1)
        self._records_key: str | None = None  # the pitfalls the worker holds
        self._lock = threading.Lock()
        self.deaths = 0
        self.parts_analysed = 0  # parts whose findings the worker gave

    def submit(self, doc: Document, path: str, rules: Sequence[type[Rule]], taught: Sequence[tuple[Pitfall, Any]],
               select: Collection[str] | None, ignore: Collection[str] | None, learned: LearnedRules | None,
               pitfalls: Sequence[Pitfall] | None) -> Ticket | None:
        """Send one version of a large document, the rules its text lets run (`taught`: of the learned
        rules — the bundled pitfalls' and `pitfalls`, the user's, which the worker compiles as
        `learned.for_library` does — those `select`/`ignore` keep); None when the learned rules are
        not a library's, no core is idle for it (`idle_core`), no part lies below the split, or no
        worker runs or starts."""
        split = split_line(doc.source)
        cut = doc.split_at(split, KEPT_LINES) if pitfalls is not None else None
        if cut is None or not idle_core() or not self.start():
            return None
        number = next(self._numbers)
        request: dict[str, Any] = {"op": "lint", "id": number, "source": doc.source, "path": path, "spans": cut[1],
                                   "rules": [r.code for r in rules], "taught": [p.id for p, _ in taught],
                                   "select": sorted(select) if select is not None else None,
                                   "ignore": sorted(ignore) if ignore else None}
        from notesense.lint.runner import records_key

        key = records_key(tuple(pitfalls or ()))
        request["key"] = key
        if key != self._records_key:
            request["pitfalls"] = [p.to_row() for p in pitfalls or ()]
            self._records_key = key
        return Ticket(self, number, split, cut[0], cut[2]) if self.send(request) else None

    def parse_ahead(self, source: str) -> None:
        """A large document opened while its lint cannot begin yet (the first library load): the worker
        starts now and parses the parts below the split meanwhile; the lint's request (`submit`) for
        this text then finds them parsed."""
        if idle_core() and self.start():
            self.send({"op": "parse", "id": next(self._numbers), "source": source, "split": split_line(source)})

    def start(self) -> bool:
        """Start the worker unless it runs (or died too often: False)."""
        if self._process is not None and self._process.is_alive():
            return True
        if self._process is not None:
            self._died()
        if self.deaths >= _RESTARTS:
            return False
        try:
            import multiprocessing

            ctx = multiprocessing.get_context("spawn")  # never fork: the server runs threads
            ours, theirs = ctx.Pipe(duplex=True)
            process = ctx.Process(target=serve, args=(theirs, os.getpid()), name="notesense-parts", daemon=True)
            process.start()
            theirs.close()
        except Exception:  # no process can be started here: the lint stays in-process
            log.exception("the parts worker did not start")
            self.deaths = _RESTARTS
            return False
        self._process, self._conn, self._records_key = process, ours, None
        log.info("parts worker started, process %s", process.pid)
        return True

    def send(self, message: dict[str, Any]) -> bool:
        conn = self._conn
        if conn is None:
            return False
        try:
            with self._lock:
                conn.send_bytes(json.dumps(message).encode())
        except (OSError, ValueError):
            self._died()
            return False
        return True

    def answer(self, number: int, kind: str, cancelled: Callable[[], bool] | None) -> dict[str, Any] | None:
        """The worker's answer of `kind` (or its error) to request `number` (older answers are dropped);
        None when it died or `cancelled` said stop (its answer is then dropped when the next is read)."""
        conn = self._conn
        while conn is not None:
            try:
                if not conn.poll(0.02):
                    if cancelled is not None and cancelled():
                        return None
                    if self._process is not None and not self._process.is_alive():
                        raise EOFError
                    continue
                answer = json.loads(conn.recv_bytes())
            except (OSError, EOFError, ValueError):
                self._died()
                return None
            if answer.get("id") == number and (answer.get("kind") == kind or "error" in answer):
                return answer
        return None

    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def _died(self) -> None:
        log.warning("the parts worker stopped (exit code %s); linting in-process", self._process and self._process.exitcode)
        self.deaths += 1
        self.stop()

    def stop(self) -> None:
        conn, process = self._conn, self._process
        self._conn = self._process = None
        if conn is not None:
            conn.close()
        if process is not None and process.is_alive():
            process.terminate()


def idle_core() -> bool:
    """Whether the worker likely finds a core idle: this process may run on two or more, and fewer
    processes than that were runnable, on average, over the last minute. Split, the lint costs more
    CPU in all (the worker parses the parts above the split too, for their contexts); with no core
    idle that made it slower than the lint in one process (50,000 lines at load ~6 on two cores: the
    first diagnostics 7.2-8.2 s split, 5.7-7.2 s in one process; an edit's 0.66-0.89 s, 0.44-0.89 s)."""
    cores, load = cores_and_load()
    return cores > 1 and load < cores


def cores_and_load() -> tuple[int, float]:
    """The cores this process may run on, and the 1-minute load average (0 where the system does not
    tell it: a second core is then taken to be free). What a split across processes is decided on."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    try:
        return cores, os.getloadavg()[0]
    except OSError:
        return cores, 0.0


def split_line(source: str) -> int:
    """The line above which the server analyses a large file's parts (`SERVER_SHARE` of its lines)."""
    return int(line_count(source) * SERVER_SHARE)


def serve(conn: Connection, parent: int) -> None:
    """The worker process: read requests, answer the newest lint (a parse ahead is not answered);
    exit with the server."""
    threading.Thread(target=_watch, args=(parent,), name="parent-watch", daemon=True).start()
    inbox: queue.Queue[dict[str, Any] | None] = queue.Queue()
    contexts: queue.Queue[dict[str, Any]] = queue.Queue()  # the server's rows of a lint's upper parts
    threading.Thread(target=_read, args=(conn, inbox, contexts), name="reader", daemon=True).start()
    from notesense.analysis.parts import keep_freed_heap
    from notesense.rules import engine  # noqa: F401  (imported and read before the first request comes)
    from notesense.rules.learned import bundled_pitfalls

    bundled_pitfalls()
    keep_freed_heap()  # its documents' parts are parsed in one call each (`_State.handle`)
    state = _State(conn, contexts)
    while True:
        message = inbox.get()
        while message is not None and not inbox.empty():  # a newer request replaces one not begun
            newer = inbox.get()
            message = message if newer is not None and newer["op"] == "parse" and message["op"] == "lint" else newer
        if message is None:
            return
        try:
            answer = state.handle(message, cancelled=lambda: not inbox.empty())
        except Exception as exc:  # answered, so the server lints in-process
            log.exception("parts worker failed")
            answer = {"error": repr(exc)}
        if message["op"] == "lint":
            conn.send_bytes(json.dumps({"id": message["id"], "kind": "findings", **answer}).encode())


def _read(conn: Connection, inbox: queue.Queue[dict[str, Any] | None], contexts: queue.Queue[dict[str, Any]]) -> None:
    try:
        while True:
            message = json.loads(conn.recv_bytes())
            (contexts if message["op"] == "contexts" else inbox).put(message)
    except (OSError, EOFError):
        os._exit(0)  # the server closed the pipe or is gone


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


class _State:
    """The worker's documents (the last version of each, for the next to reuse) and rule sets."""

    def __init__(self, conn: Connection, contexts: queue.Queue[dict[str, Any]]) -> None:
        self.conn = conn
        self.contexts = contexts
        self.documents: dict[str, Any] = {}  # path → Document
        self.ahead: Any = None  # the Document of a text parsed ahead (`PartsWorker.parse_ahead`), until its lint comes
        self.pitfalls: dict[str, tuple[Pitfall, ...]] = {}

    def handle(self, message: dict[str, Any], cancelled: Callable[[], bool]) -> dict[str, Any]:
        from notesense.analysis.document import Document
        from notesense.library.model import Pitfall
        from notesense.rules import engine, learned

        if message["op"] == "parse":
            self.ahead = Document(message["source"], alone=True)
            cut = self.ahead.split_at(message["split"])
            if cut is not None:
                self.ahead.parse_spans(cut[1], cancelled, ahead=True)
            return {}
        if "pitfalls" in message:
            self.pitfalls = {message["key"]: tuple(Pitfall.from_row(row) for row in message["pitfalls"])}
        chosen = learned.from_records(message["key"], [*self.pitfalls[message["key"]], *learned.bundled_pitfalls()])
        path, ahead, self.ahead = message["path"], self.ahead, None
        previous = self.documents.pop(path, None) or ahead  # a text typed into since: its parts are found again
        reuse = ahead is not None and previous is ahead and ahead.source == message["source"]
        # alone: each part parsed in one call (its other threads wait on the pipe and the clock: none needs the
        # GIL between two parses of a part), not `BATCH_LINES` at a time, each call reading a blank line per
        # line above it (the lower 25,000 lines of 50,000: ~1.9 M blank lines, ~0.08 s)
        doc = ahead if reuse else Document(message["source"], previous, alone=True)
        self.documents[path] = doc
        while len(self.documents) > _KEPT_DOCUMENTS:
            self.documents.pop(next(iter(self.documents)))
        taught = set(message["taught"])
        number = message["id"]

        def exchange(rows: list[list[Any]]) -> list[list[Any]] | None:
            self.conn.send_bytes(json.dumps({"id": number, "kind": "parts", "rows": rows}).encode())
            while not cancelled():
                try:
                    theirs = self.contexts.get(timeout=0.02)
                except queue.Empty:
                    continue
                if theirs["id"] == number:
                    return theirs["rows"]
            return None

        found = engine.check_lower(doc, [tuple(span) for span in message["spans"]], exchange, path=path,
                                   rules=tuple(engine.RULES_BY_CODE[c] for c in message["rules"]),
                                   taught=[(p, pattern) for p, pattern in chosen.selected(message["select"], message["ignore"])
                                           if p.id in taught], learned=chosen, cancelled=cancelled)
        if found is None:
            return {"error": "not analysed"}
        return {"findings": {str(start): [finding_to_row(f) for f in found] for start, found in found.items()}}


def finding_to_row(f: Finding) -> list[Any]:
    """A finding as JSON values (`finding_from_row` reads it back)."""
    return [f.code, f.message, f.hint, f.severity, f.line, f.col, f.end_line, f.end_col, f.note,
            [[x.title, [[e.line, e.col, e.end_line, e.end_col, e.text] for e in x.edits], x.safe] for x in f.fixes]]


def finding_from_row(row: list[Any]) -> Finding:
    *head, fixes = row
    return Finding(*head, fixes=tuple(Fix(title, tuple(Edit(*e) for e in edits), safe) for title, edits, safe in fixes))
