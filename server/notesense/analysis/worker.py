"""The second core for one large file: a worker process that analyses the lower parts of it.

A 50,000-line file's lint is its parse (~1 s CPU) and the analysis of its twenty parts (~1.3 s) in
one process. Started when the server first lints a file analysed in parts (never for a smaller one)
and kept warm for the next edit, a worker parses every part of the version sent to it — it needs the
upper parts' contexts, which are trees and stay in it — and analyses the parts below the split line
(`SERVER_SHARE` of the lines down), while the server parses and analyses only the parts above it.
An upper part that reaches a part below (the worker tells which) is analysed in the worker; the
others in the server, which gets from the worker all their view between every part lacks: the file's
imports and the barriers of the parts below. The findings are those of the lint in one process, part
for part (`rules.engine._check_split`). The worker's parse of the upper parts (and its start) is the
price: on 50,000 lines ~0.8 s more CPU in all, two processes of ~2.2 s each instead of one of ~3.4 s.
So the split is made only when a core is likely idle (`idle_core`), and a large file opened while the
first library load runs is sent at once: the worker starts and parses the upper parts meanwhile
(`PartsWorker.parse_ahead`), before the lint can begin.

What crosses the pipe is JSON: the text, the rules to run, the user's pitfalls as their cache rows,
and back findings, imports, barriers and flags — nothing is unpickled. The worker is spawned (the server runs
threads: no fork), exits when the pipe closes or its parent is gone, and the server lints in-process
whenever the worker cannot start, dies or answers something else.
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
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from notesense.analysis.imports import ImportMap
from notesense.analysis.parts import line_count
from notesense.rules.base import Edit, Finding, Fix

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

    from notesense.library.model import Pitfall
    from notesense.rules.base import Rule

log = logging.getLogger(__name__)

# the share of a large file's lines whose parts the server analyses: the worker also parses those
# above them (their contexts), so it takes fewer lines; both end together at about 0.65 (50,000 lines: ~2.3 s CPU each)
SERVER_SHARE = 0.65
_KEPT_DOCUMENTS = 4  # documents whose last version the worker keeps for the next one's reuse
_RESTARTS = 3  # a worker that died this often is not started again: the lint stays in-process


@dataclass(frozen=True)
class Reply:
    """What the worker found of one version: how many parts lie above the split, whether each reaches
    a part below it, the file's imports, what the parts show each other (`engine.surroundings`) and
    the findings of the parts it analysed by their first line (`engine.check_below`)."""

    upper: int
    below: list[bool]
    imports: ImportMap
    surroundings: str
    findings: dict[int, list[Finding]]
    barriers: dict[int, frozenset[str]]  # of the parts below the split, in order: line → names they may bind


class Ticket:
    """One version sent to the worker: wait for its `result`."""

    def __init__(self, worker: PartsWorker, number: int, split: int) -> None:
        self._worker = worker
        self._number = number
        self.split = split  # the line the server's parts reach down to

    def result(self, cancelled: Callable[[], bool] | None = None) -> Reply | None:
        """The worker's reply; None when it failed, died or `cancelled` said stop."""
        answer = self._worker.answer(self._number, cancelled)
        if answer is None or "error" in answer:
            return None
        self._worker.parts_analysed += len(answer["findings"])
        return Reply(answer["upper"], answer["below"], imports_from_row(answer["imports"]), answer["surroundings"],
                     {int(start): [finding_from_row(f) for f in found] for start, found in answer["findings"].items()},
                     {line: frozenset(names) for line, names in answer["barriers"]})


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

    def submit(self, source: str, path: str, rules: Sequence[type[Rule]], taught: Sequence[tuple[Pitfall, Any]],
               select: Collection[str] | None, ignore: Collection[str] | None,
               pitfalls: Sequence[Pitfall] | None) -> Ticket | None:
        """Send one version of a large document, the rules its text lets run (`taught`: of the learned
        rules — the bundled pitfalls' and `pitfalls`, the user's — those `select`/`ignore` keep); None
        when no core is idle for it (`idle_core`), or no worker runs or starts."""
        if not idle_core() or not self.start():
            return None
        number = next(self._numbers)
        split = split_line(source)
        request: dict[str, Any] = {"op": "lint", "id": number, "source": source, "path": path, "split": split,
                                   "rules": [r.code for r in rules], "taught": [p.id for p, _ in taught],
                                   "select": sorted(select) if select is not None else None,
                                   "ignore": sorted(ignore) if ignore else None}
        if pitfalls is not None:
            from notesense.lint.runner import records_key

            key = records_key(tuple(pitfalls))
            request["key"] = key
            if key != self._records_key:
                request["pitfalls"] = [p.to_row() for p in pitfalls]
                self._records_key = key
        return Ticket(self, number, split) if self.send(request) else None

    def parse_ahead(self, source: str) -> None:
        """A large document opened while its lint cannot begin yet (the first library load): the worker
        starts now and parses the parts above the split meanwhile — it needs their contexts, and the
        lint's request (`submit`) for this text then finds them parsed."""
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

    def answer(self, number: int, cancelled: Callable[[], bool] | None) -> dict[str, Any] | None:
        """The worker's answer to request `number` (older answers are dropped); None when it died or
        `cancelled` said stop (its answer is then dropped when the next is read)."""
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
            if answer.get("id") == number:
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
    threading.Thread(target=_read, args=(conn, inbox), name="reader", daemon=True).start()
    from notesense.rules import engine  # noqa: F401  (imported and read before the first request comes)
    from notesense.rules.learned import bundled_pitfalls

    bundled_pitfalls()
    state = _State()
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
            conn.send_bytes(json.dumps({"id": message["id"], **answer}).encode())


def _read(conn: Connection, inbox: queue.Queue[dict[str, Any] | None]) -> None:
    try:
        while True:
            inbox.put(json.loads(conn.recv_bytes()))
    except (OSError, EOFError):
        os._exit(0)  # the server closed the pipe or is gone


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


class _State:
    """The worker's documents (the last version of each, for the next to reuse) and rule sets."""

    def __init__(self) -> None:
        self.documents: dict[str, Any] = {}  # path → Document
        self.ahead: Any = None  # the Document of a text parsed ahead (`PartsWorker.parse_ahead`), until its lint comes
        self.pitfalls: dict[str, tuple[Pitfall, ...]] = {}

    def handle(self, message: dict[str, Any], cancelled: Callable[[], bool]) -> dict[str, Any]:
        from notesense.analysis.document import Document
        from notesense.rules import engine, learned
        from notesense.library.model import Pitfall

        if message["op"] == "parse":
            self.ahead = Document(message["source"])
            self.ahead.parse_above(message["split"], cancelled)
            return {}
        if "pitfalls" in message:
            self.pitfalls = {message["key"]: tuple(Pitfall.from_row(row) for row in message["pitfalls"])}
        chosen = learned.bundled()
        if "key" in message:
            chosen = learned.from_records(message["key"], [*self.pitfalls[message["key"]], *learned.bundled_pitfalls()])
        path, ahead, self.ahead = message["path"], self.ahead, None
        previous = self.documents.pop(path, None) or ahead  # a text typed into since: its parts are found again
        reuse = ahead is not None and previous is ahead and ahead.source == message["source"]
        doc = ahead if reuse else Document(message["source"], previous)
        self.documents[path] = doc
        while len(self.documents) > _KEPT_DOCUMENTS:
            self.documents.pop(next(iter(self.documents)))
        taught = set(message["taught"])
        found = engine.check_below(doc, message["split"], path=path, rules=tuple(engine.RULES_BY_CODE[c] for c in message["rules"]),
                                   taught=[(p, pattern) for p, pattern in chosen.selected(message["select"], message["ignore"])
                                           if p.id in taught], learned=chosen, cancelled=cancelled)
        if found is None:
            return {"error": "not analysed"}
        upper, below, imports, around, findings, barriers = found
        return {"upper": upper, "below": below, "imports": imports_to_row(imports), "surroundings": around,
                "findings": {str(start): [finding_to_row(f) for f in found] for start, found in findings.items()},
                "barriers": [[line, sorted(names)] for line, names in barriers.items()]}


def finding_to_row(f: Finding) -> list[Any]:
    """A finding as JSON values (`finding_from_row` reads it back)."""
    return [f.code, f.message, f.hint, f.severity, f.line, f.col, f.end_line, f.end_col, f.note,
            [[x.title, [[e.line, e.col, e.end_line, e.end_col, e.text] for e in x.edits], x.safe] for x in f.fixes]]


def finding_from_row(row: list[Any]) -> Finding:
    *head, fixes = row
    return Finding(*head, fixes=tuple(Fix(title, tuple(Edit(*e) for e in edits), safe) for title, edits, safe in fixes))


def imports_to_row(imports: ImportMap) -> dict[str, Any]:
    return {"names": imports.names, "modules": sorted(imports.modules), "insert_line": imports.insert_line,
            "tolerant": imports.tolerant}


def imports_from_row(row: dict[str, Any]) -> ImportMap:
    return ImportMap(dict(row["names"]), set(row["modules"]), row["insert_line"], row["tolerant"])
