"""Diagnostics from the rules, in a worker of their own: debounced, latest version only, cancellable.

Linting a long file costs far more than a hover or a completion, so it never runs on the two request
threads: one lint thread takes the newest version of each document that changed (older versions
queued for the same document are dropped before they start, a run overtaken by a newer version is
stopped between rules and never published), and lints the very `Document` the requests read, so
lint, hover and completion share one parse and one model per version. A file being typed is linted
on what parses; a file nothing of which parses says so instead of keeping stale squiggles.

What a run publishes goes through the `Outlet`, the one place that knows how the client takes
diagnostics: pushed (`textDocument/publishDiagnostics`) or, for a client that pulls them (LSP 3.17
`textDocument/diagnostic`), kept per URI until it asks — never both. The same runs serve both.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

from notesense.analysis.parts import LARGE_LINES, line_count
from notesense.i18n import Language, tr
from notesense.lsp import convert
from notesense.lsp.context import ClientContext
from notesense.lsp.pool import started_pool
from notesense.yielding import import_each, pausing

if TYPE_CHECKING:
    from notesense.analysis.document import Document
    from notesense.analysis.worker import PartsWorker
    from notesense.lsp.documents import Documents
    from notesense.library.index import Library
    from notesense.rules.base import Finding

log = logging.getLogger(__name__)

DEBOUNCE_SECONDS = 0.15  # after a change; a document's first lint (just opened) starts at once: nothing to wait for
PROGRESS_SECONDS = 0.25  # a large file's first diagnostics are published part by part, at most this often
# What the first lint imports, leaves first (`import_each`): the rules engine at once is ~15 ms of
# module code holding the GIL; one module at a time, at most ~4 ms (the pattern package imports its
# submodules itself).
_RULES_BEFORE = ("notesense.rules.base", "notesense.analysis.flow", "notesense.analysis.autograd", "notesense.rules.pattern")
_RULES_AFTER = ("notesense.rules.engine", "notesense.rules.learned")
UNANALYSABLE = "notesense: this file cannot be analysed ({error}); diagnostics resume when it parses"


@dataclass(slots=True)
class Linted:
    """The findings behind the diagnostics last published for one version of a document."""

    version: int | None
    positions: convert.Positions
    findings: list[Finding] = field(default_factory=list)
    diagnostics: list[types.Diagnostic] = field(default_factory=list)


@dataclass(slots=True)
class _Job:
    uri: str
    version: int | None
    source: str
    path: str | None
    library: Library
    ctx: ClientContext
    cancelled: threading.Event = field(default_factory=threading.Event)


class Linter:
    """Lints each changed document ~150 ms after its last change, in the lint thread, and publishes."""

    def __init__(
        self,
        documents: Documents,
        publish: Callable[[types.PublishDiagnosticsParams], None],
        codec: Callable[[], PositionCodec],
        pause: Callable[[], None],
    ) -> None:
        self._documents = documents
        self._publish = publish
        self._codec = codec
        self._pause = pause  # waits while a request the user waits on runs (`foreground`)
        self._worker = started_pool(1, "notesense-lint")
        self._pending: dict[str, asyncio.Task] = {}
        self._runs: dict[str, asyncio.Task] = {}  # each document's newest run, kept when done (`settled`)
        self._latest: dict[str, _Job] = {}  # the newest job of each document (others are stale)
        self.results: dict[str, Linted] = {}
        self._prepared = False
        self._parts: PartsWorker | None = None  # started with the first lint of a large document

    def prepare(self, source: str) -> None:
        """A document was opened before the first library load ended (its lint waits for the load):
        for a large one, meanwhile, in the lint thread, import the rules and read the bundled notes'
        pitfalls, and start the worker process that will analyse the file's lower parts, which
        parses the parts above them for their contexts (`PartsWorker.parse_ahead`). None of it
        depends on the user's notes (the first lint compiles the bundled pitfalls with the library's
        own, `learned.for_library`), and read after the load — from files, and cache files written on a
        first start — they held an opened 50,000-line file's first lint back 0.4-0.9 s (0.2-0.3 s CPU).
        Not for a small file: its lint is short, and the start's first requests (answered from the
        library being loaded, which shares the GIL with this) come first."""
        if not self._prepared and line_count(source) > LARGE_LINES:
            self._prepared = True
            self._worker.submit(self._prepare, source)

    def _prepare(self, source: str) -> None:
        self._parts_worker().parse_ahead(source)
        with pausing(self._pause):  # requests first, as in a lint
            try:
                if "notesense.rules.engine" not in sys.modules:
                    import_each(rule_modules())
                from notesense.rules.learned import bundled_pitfalls

                bundled_pitfalls()
            except Exception:
                log.exception("preparing the first lint failed")  # the lint does it again, and says why

    def _parts_worker(self) -> PartsWorker:
        """The worker process for large documents' lower parts, started at the first use (`analysis.worker`)
        when a core is idle for it."""
        if self._parts is None:
            from notesense.analysis.worker import PartsWorker, idle_core

            self._parts = PartsWorker()
            if idle_core():
                self._parts.start()
        return self._parts

    def schedule(
        self,
        uri: str,
        version: int | None,
        source: str,
        path: str | None,
        library: Library,
        ctx: ClientContext,
        enabled: bool,
    ) -> None:
        """Replace any pending or running lint of `uri`; the newest text wins. Called on the event loop.
        A document with no lint yet (just opened, or the first library load ended) is linted at once:
        the debounce gathers a burst of keystrokes, and an opened file's first diagnostics would
        only wait for it (a 50,000-line file's first lint is a run of seconds, cancelled if typed into)."""
        first = uri not in self.results and uri not in self._latest
        if task := self._pending.pop(uri, None):
            task.cancel()
        if (running := self._latest.pop(uri, None)) is not None:
            running.cancelled.set()
        if not enabled:
            if self.results.pop(uri, None) is not None:  # clear once, not on every keystroke
                self._publish(types.PublishDiagnosticsParams(uri=uri, diagnostics=[], version=version))
            return
        job = _Job(uri, version, source, path, library, ctx)
        self._latest[uri] = job
        self._pending[uri] = self._runs[uri] = asyncio.ensure_future(self._debounced(job, 0.0 if first else DEBOUNCE_SECONDS))

    async def settled(self, uri: str) -> None:
        """Return once no run of `uri` waits or runs: what its newest version gives is published."""
        while (run := self._runs.get(uri)) is not None and not run.done():
            await asyncio.wait([run])  # never cancels the run when the waiter is cancelled

    def clear(self, uri: str) -> None:
        self._runs.pop(uri, None)
        if task := self._pending.pop(uri, None):
            task.cancel()
        if (running := self._latest.pop(uri, None)) is not None:
            running.cancelled.set()
        self.results.pop(uri, None)
        self._publish(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    def shutdown(self) -> None:
        for job in self._latest.values():
            job.cancelled.set()
        self._worker.shutdown(wait=False, cancel_futures=True)
        if self._parts is not None:
            self._parts.stop()

    async def _debounced(self, job: _Job, delay: float) -> None:
        await asyncio.sleep(delay)
        if self._pending.get(job.uri) is asyncio.current_task():
            del self._pending[job.uri]
        loop = asyncio.get_running_loop()
        try:
            result = await loop.run_in_executor(self._worker, self._lint, job, loop)
        except Exception:
            log.exception("rules failed on %s", job.uri)
            return
        if result is None or job.cancelled.is_set() or self._latest.get(job.uri) is not job:
            return  # overtaken by a newer version: its own run publishes
        self.results[job.uri] = result
        self._publish(types.PublishDiagnosticsParams(uri=job.uri, diagnostics=result.diagnostics, version=job.version))

    def _lint(self, job: _Job, loop: asyncio.AbstractEventLoop | None = None) -> Linted | None:
        """In the lint thread: None when the job went stale before or while it ran. `loop`: where what a
        first run on a large document finds is published as it goes (`_progress`)."""

        def stop() -> bool:  # asked between steps of the run: first let a waiting request run alone
            self._pause()
            return job.cancelled.is_set()

        if stop():
            return None
        if self._parts is None and line_count(job.source) > LARGE_LINES:  # its start overlaps the steps below
            self._parts_worker()
        if "notesense.rules.engine" not in sys.modules:  # on first use: `initialize` never pays for the rules
            with pausing(self._pause):
                import_each(rule_modules())
        from notesense.rules.engine import check_document

        document = self._documents.analysed(job.uri, job.version, job.source).document
        progress = None
        if loop is not None and document.large and job.uri not in self.results:
            progress = self._progress(job, document, loop)
        with pausing(self._pause):  # also inside the steps that cannot stop (compiling learned rules: `yielding`)
            findings = check_document(document, path=job.path or "<editor>", library=job.library, cancelled=stop,
                                      progress=progress, parallel=self._parts if document.in_parts else None)
        if job.cancelled.is_set():
            return None
        positions = convert.Positions(document.lines, self._codec())
        diagnostics = [convert.diagnostic(f, positions, job.ctx) for f in findings]
        if not document.analysable:
            diagnostics = [_unanalysable(document, job.ctx.language)]
        return Linted(job.version, positions, list(findings), diagnostics)

    def _progress(self, job: _Job, document: Document, loop: asyncio.AbstractEventLoop) -> Callable[[list[Finding]], None]:
        """For the first run on a large document (nothing of it shown yet, so nothing shown can go
        missing meanwhile): the findings of its parts analysed so far, published as they come, at
        most every `PROGRESS_SECONDS`; the run's end publishes what holds for the whole file."""
        positions = convert.Positions(document.lines, self._codec())
        shown = [0.0, 0]  # when findings were last published, and how many

        def publish(findings: list[Finding]) -> None:
            if len(findings) == shown[1] or time.monotonic() - shown[0] < PROGRESS_SECONDS:
                return
            shown[:] = [time.monotonic(), len(findings)]
            diagnostics = [convert.diagnostic(f, positions, job.ctx) for f in findings]
            loop.call_soon_threadsafe(self._partial, job, diagnostics)

        return publish

    def _partial(self, job: _Job, diagnostics: list[types.Diagnostic]) -> None:
        """On the event loop: a run's findings so far, unless the run went stale or a run ended meanwhile."""
        if not job.cancelled.is_set() and self._latest.get(job.uri) is job and job.uri not in self.results:
            self._publish(types.PublishDiagnosticsParams(uri=job.uri, diagnostics=diagnostics, version=job.version))


def rule_modules() -> list[str]:
    """The modules of the rules engine and the learned rules in an order that imports each one's
    notesense dependencies before it: the shared pieces, every NS rule (`notesense.rules.ns*`), the engine."""
    import pkgutil

    import notesense.rules as package

    rules = sorted(m.name for m in pkgutil.iter_modules(package.__path__, f"{package.__name__}.")
                   if m.name.rpartition(".")[2].startswith("ns"))
    return [*_RULES_BEFORE, *rules, *_RULES_AFTER]


@dataclass(frozen=True, slots=True)
class _Kept:
    result_id: str
    version: int | None
    diagnostics: list[types.Diagnostic]


class Outlet:
    """Where published diagnostics go: to the client at once (push), or kept per URI — a document, a
    notebook cell, a notebook opened as its JSON — for it to pull. Decided once per client (`pull`).

    A pull report carries a result id that changes only when what is shown for the URI does (its
    version or its diagnostics), so the client's `previousResultId` is answered `unchanged` while it
    still holds. Nothing to show is kept as nothing: a closed document, a closed notebook's cells and
    a removed cell (all cleared by an empty publish) leave no entry behind."""

    def __init__(self, notify: Callable[[types.PublishDiagnosticsParams], None], key: Callable[[str], str]) -> None:
        self._notify = notify
        self._key = key  # how the server files a URI (a client may spell one URI two ways)
        self.pull = False
        self._kept: dict[str, _Kept] = {}
        self._ids = itertools.count(1)

    def publish(self, params: types.PublishDiagnosticsParams) -> None:
        if not self.pull:
            self._notify(params)
            return
        key = self._key(params.uri)
        if not params.diagnostics:
            self._kept.pop(key, None)
            return
        kept = self._kept.get(key)
        if kept is None or (kept.version, kept.diagnostics) != (params.version, params.diagnostics):
            self._kept[key] = _Kept(f"{params.version}.{next(self._ids)}", params.version, list(params.diagnostics))

    def report(self, uri: str, previous_result_id: str | None) -> types.DocumentDiagnosticReport:
        """What is kept for `uri` (nothing kept: no diagnostics), or `unchanged` when the client has it."""
        kept = self._kept.get(self._key(uri)) or _NOTHING
        if previous_result_id == kept.result_id:
            return types.RelatedUnchangedDocumentDiagnosticReport(result_id=kept.result_id)
        return types.RelatedFullDocumentDiagnosticReport(items=kept.diagnostics, result_id=kept.result_id)


_NOTHING = _Kept("none", None, [])


def _unanalysable(document: Document, lang: Language | None) -> types.Diagnostic:
    """One diagnostic in place of stale ones: where the file stops parsing, and why."""
    error = document.syntax_error
    line = max((error.lineno or 1) - 1, 0) if error is not None else 0
    what = f"{error.msg}, line {line + 1}" if error is not None else "it does not parse"
    return types.Diagnostic(
        range=types.Range(start=types.Position(line=line, character=0), end=types.Position(line=line + 1, character=0)),
        message=tr(lang, UNANALYSABLE, error=what),
        severity=types.DiagnosticSeverity.Information,
        source="notesense",
    )
