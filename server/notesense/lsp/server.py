"""The notesense language server: thin handlers that translate LSP ⇄ library calls.

Every handler reads the document (on the event loop, where it cannot change under us), hands the CPU
work to a thread, and converts the answer (`convert`) — except a completion in a file whose imports are
known (`Documents.at_hand`), answered on the loop as soon as it is read: its millisecond of work is
less than the two thread hops would cost while the lint holds the GIL. State lives on `NotesenseServer`.
"""

from __future__ import annotations

import asyncio
import dataclasses
import inspect
import json
import logging
import socket
import sys
import uuid
from collections.abc import Callable, Coroutine
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

import attrs
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.io_ import StdoutWriter
from pygls.lsp.server import LanguageServer
from pygls.protocol import JsonRPCProtocol, LanguageServerProtocol, default_converter
from pygls.uris import to_fs_path
from pygls.workspace.position_codec import PositionCodec

from notesense import __version__
from notesense.features.completion import CompletionOptions, Completions, complete, documentation, warm
from notesense.features.hover import hover
from notesense.features.search import search
from notesense.i18n import tr
from notesense.library.index import Library
from notesense.library.sources import Problem, Sources, pyprojects, resolve_sources
from notesense.lsp import actions, convert, notebooks
from notesense.lsp.config import Settings
from notesense.lsp.context import ClientContext
from notesense.lsp.diagnostics import Linter, Outlet
from notesense.lsp.documents import Documents, Snapshot, Target, open_document
from notesense.lsp.foreground import Foreground
from notesense.lsp.framing import FramingError, Item, LoopReader, Pump, pollable
from notesense.lsp.loader import EMPTY, LibraryLoader
from notesense.lsp.notebooks import NotebookDiagnostics, NotebookSnapshot, document_key, is_cell, is_notebook_file, read_notebook
from notesense.lsp.pool import started_pool
from notesense.lsp.text import Texts
from notesense.lsp.watch import PollingWatcher, registration, unregistration

log = logging.getLogger(__name__)

LIBRARY_INFO = "notesense/libraryInfo"
RECOMPILE_COMMAND = "notesense.recompile"
# seconds after `initialize` during which requests wait for the user's library: a warm one is read from its
# snapshot by then; while a cold one loads, requests answer nothing (completion lists marked incomplete)
FIRST_REQUEST_WAIT = 0.25
# seconds a hover (any request but a completion) waits, at most, for a snapshot of the user's library
# being read (a busy machine takes longer than `FIRST_REQUEST_WAIT`): answered from it as soon as it is
# read, where an empty answer would not be asked again. A completion answers at once, its list marked
# incomplete: the editor asks again as the user types.
SNAPSHOT_WAIT = 2.0
RELOAD_DEBOUNCE = 0.3
CONFIGURATION_TIMEOUT = 2.0
MAX_SYMBOLS = 100


class Protocol(LanguageServerProtocol):
    """pygls' protocol, held to the LSP lifecycle and the JSON-RPC rules pygls leaves open.

    - A request before `initialize` is answered ServerNotInitialized (-32002), a second `initialize`
      and any request after `shutdown` InvalidRequest; notifications then are dropped. `exit` ends
      the server with 0 after `shutdown`, else 1 (`exit_code`).
    - A body that is not JSON gets ParseError; one whose params do not deserialise gets an error
      response (pygls only logs it, leaving the client waiting forever); params may be left out.
    - Futures of finished handlers are forgotten: pygls keeps one per notification otherwise.

    Error responses carry code and message only (the traceback goes to the log: `converter`), and a
    `convert.Wire` result, JSON text already, is written as it is (`_send_wire`). A request the user
    waits on is counted by the server's `Foreground` from its start to its answer."""

    def __init__(self, server: LanguageServer, converter: Any) -> None:
        super().__init__(server, converter)
        self.initialize_seen = False
        self.exit_code: int | None = None

    @property
    def shutdown_requested(self) -> bool:
        return self._shutdown

    def receive(self, body: bytes) -> None:
        """Handle the body of one framed message."""
        try:
            data = json.loads(body)
        except ValueError:
            self.reply_error(None, types.ErrorCodes.ParseError, "the message is not JSON")
            return
        is_request = isinstance(data, dict) and "id" in data and "method" in data
        if not isinstance(data, dict) or data.get("jsonrpc") != JsonRPCProtocol.VERSION:
            self.reply_error(data.get("id") if is_request else None, types.ErrorCodes.InvalidRequest,
                             'not a JSON-RPC 2.0 message (an object with "jsonrpc": "2.0")')
            return
        if "method" in data:
            data.setdefault("params", None)  # optional in JSON-RPC
        try:
            message = self.structure_message(data)
        except JsonRpcException as exc:  # logged by structure_message
            if is_request:
                self.reply_error(data["id"], exc.code, exc.message)
            return
        self.handle_message(message)

    def handle_message(self, message: Any) -> None:
        method = getattr(message, "method", None)
        if method is None:  # a response to one of our requests
            super().handle_message(message)
            return
        request = getattr(message, "id", None) is not None
        if method == types.EXIT:
            self.exit_code = 0 if self._shutdown else 1
        elif self._shutdown:
            if request:
                self.reply_error(message.id, types.ErrorCodes.InvalidRequest, "the server is shutting down")
        elif not self.initialize_seen and method != types.INITIALIZE:
            if request:
                self.reply_error(message.id, types.ErrorCodes.ServerNotInitialized, "initialize first")
        elif self.initialize_seen and method == types.INITIALIZE:
            self.reply_error(message.id, types.ErrorCodes.InvalidRequest, "the server is already initialized")
        else:
            self.initialize_seen = True
            if request:
                self._server.foreground.started(message.id, method)
            super().handle_message(message)

    def reply_error(self, msg_id: Any, code: int, message: str) -> None:
        self._send_response(msg_id, None, types.ResponseError(code=int(code), message=message))

    def _send_response(self, msg_id: Any, result: Any = None, error: Any = None) -> None:
        try:
            if error is None and isinstance(result, convert.Wire):
                self._send_wire(msg_id, result)
            else:
                super()._send_response(msg_id, result, error)
        finally:
            self._server.foreground.answered(msg_id)

    def _send_wire(self, msg_id: Any, result: convert.Wire) -> None:
        """A response whose result is JSON text already, framed as pygls frames every message (the
        same bytes `_send_data` writes for that result as a dict)."""
        body = f'{{"id": {json.dumps(msg_id)}, "jsonrpc": "{JsonRPCProtocol.VERSION}", "result": {result}}}'.encode(self.CHARSET)
        header = f"Content-Length: {len(body)}\r\nContent-Type: {self.CONTENT_TYPE}; charset={self.CHARSET}\r\n\r\n"
        try:
            written = self.writer.write((header.encode(self.CHARSET) if self._include_headers else b"") + body)
            if inspect.isawaitable(written):
                asyncio.ensure_future(written)
        except BrokenPipeError:
            raise
        except Exception:
            log.exception("could not send the response to %r", msg_id)

    def _execute_handler(self, msg_id, handler, callback, args=None, kwargs=None) -> None:
        """pygls files the future of every handler it runs under its message id and removes it only
        when it answers a request: every notification (and every user handler a built-in one calls)
        would stay in `_request_futures` forever, about 2 KB each."""
        super()._execute_handler(msg_id, handler, callback, args, kwargs)
        future = self._request_futures.get(msg_id)
        if future is not None:
            self._forget_when_done(msg_id, future)

    def _forget_when_done(self, msg_id: Any, future: Any) -> None:
        # later, on the loop: a future may finish in a worker thread, or while pygls iterates
        # over `_request_futures` (cancelling them at shutdown runs their callbacks at once)
        loop = asyncio.get_running_loop()
        future.add_done_callback(lambda done: loop.call_soon_threadsafe(self._forget, msg_id, done))

    def _send_handler_result(self, future: Any, *, msg_id: Any) -> None:
        """A plain handler answers in the loop iteration that read its request; one that can answer
        only later returns a coroutine, run here as a task of its own (pygls runs an `async def`
        handler as a task even when it never waits: two more loop iterations, each a wait for the
        GIL while the lint holds it)."""
        if not future.cancelled() and future.exception() is None and asyncio.iscoroutine(later := future.result()):
            task = asyncio.ensure_future(later)
            self._request_futures[msg_id] = task  # cancellable as any running request
            task.add_done_callback(partial(super()._send_handler_result, msg_id=msg_id))
            self._forget_when_done(msg_id, task)
            return
        super()._send_handler_result(future, msg_id=msg_id)

    def _forget(self, msg_id: Any, future: Any) -> None:
        if self._request_futures.get(msg_id) is future:
            self._request_futures.pop(msg_id, None)
        self._server.foreground.answered(msg_id)  # a handler that ended without an answer (cancelled)


def converter() -> Any:
    """pygls' converter plus a hook: an error response is code and message only — pygls puts the
    Python traceback, with install paths, into `data`; it belongs in the log. Its protocol classes'
    type hints are resolved when a message first needs them (`_resolved_on_demand`)."""
    made = _resolved_on_demand(default_converter)
    made.register_unstructure_hook(
        types.ResponseErrorMessage,
        lambda m: {"jsonrpc": m.jsonrpc, "id": m.id, "error": {"code": m.error.code, "message": m.error.message}},
    )
    return made


def _resolved_on_demand(make: Callable[[], Any]) -> Any:
    """`make()`, a converter built by lsprotocol, without its first step: resolving the type hints
    of all ~560 protocol classes (`typing.get_type_hints` each, about a tenth of the server's start-up
    CPU), of which a session uses a few dozen. Each class is resolved the same way (lsprotocol's names)
    just before the converter first makes its structure or unstructure hook, which reads them. An
    lsprotocol without that step's flag is left to resolve them all, as it did."""
    from lsprotocol import _hooks

    if getattr(_hooks, "_resolved_forward_references", None) is not False:
        return make()
    _hooks._resolved_forward_references = True  # this converter only: another one still resolves them all
    try:
        made = make()
    finally:
        _hooks._resolved_forward_references = False
    resolved: set[type] = set()

    def unresolved(cls: Any) -> bool:
        return isinstance(cls, type) and cls.__module__ == types.__name__ and cls not in resolved and attrs.has(cls)

    def resolving(hook_for: Callable[[Any], Any]) -> Callable[[type], Any]:
        def factory(cls: type) -> Any:
            attrs.resolve_types(cls, types.ALL_TYPES_MAP, {})
            resolved.add(cls)
            return hook_for(cls)  # now lsprotocol's factory, as `unresolved` no longer matches

        return factory

    made.register_structure_hook_factory(unresolved, resolving(made.get_structure_hook))
    made.register_unstructure_hook_factory(unresolved, resolving(made.get_unstructure_hook))
    return made


class NotesenseServer(LanguageServer):
    """The server's state: client context, settings, the library, open documents, diagnostics."""

    def __init__(self) -> None:
        super().__init__(
            "notesense", __version__, notebook_document_sync=notebooks.SYNC_OPTIONS, protocol_cls=Protocol,
            converter_factory=converter,
        )
        self.ctx = ClientContext()
        self.locale: str | None = None  # `serve --locale`: over the client's `initialize.locale`
        self.settings = Settings()
        self.trusted = True  # the workspace's pyproject.toml is read only when trusted (see `adopt`)
        self._stopping = False  # set by `stop` (shutdown): loads it cuts short are not failures
        self.root: Path | None = None
        self.foreground = Foreground()  # the lint workers pause while a request the user waits on runs
        self.loader = LibraryLoader(self.foreground)
        self.documents = Documents()
        self.outlet = Outlet(self.text_document_publish_diagnostics, document_key)  # push or pull: see `initialize`
        self.linter = Linter(self.documents, self.outlet.publish, self.codec, self.foreground)
        self.notebooks = NotebookDiagnostics(
            self.in_thread, self.documents, self.outlet.publish, self.codec, self.foreground
        )
        self._notebook_lints: dict[str, asyncio.Future] = {}  # notebook key -> its newest `notebooks.schedule*`
        self._requests = started_pool(2, "notesense-request")
        self._watcher: PollingWatcher | None = None
        self._watching: Sources | None = None  # the sources `watch` last watched
        self._registered = False  # client-side watchers registered (dynamic registration)
        self._reload_timer: asyncio.TimerHandle | None = None
        self._preload: asyncio.Future | None = None
        self._lint_ready = asyncio.Event()  # set when the first library load has ended
        self._wait_until = 0.0  # loop time until which requests wait for the user's library

    def start_io(self, stdin: BinaryIO | None = None, stdout: BinaryIO | None = None) -> int:
        """Serve one client over stdin/stdout; returns the exit code: 0 after `shutdown` and `exit`,
        1 for `exit` without `shutdown` or a client gone, 2 for a stream that broke the framing."""
        return self._serve(stdin or sys.stdin.buffer, stdout or sys.stdout.buffer)

    def start_tcp(self, host: str, port: int) -> int:
        """Serve the first client that connects to host:port (as pygls does); the exit code."""
        with socket.create_server((host, port)) as listener:
            log.info("listening on %s:%d", host, port)
            connection, _ = listener.accept()
        with connection, connection.makefile("rb") as rfile, connection.makefile("wb") as wfile:
            return self._serve(rfile, wfile)

    def _serve(self, rfile: BinaryIO, wfile: BinaryIO) -> int:
        self.protocol.set_writer(StdoutWriter(wfile))
        try:
            return asyncio.run(self._dispatch(rfile))
        finally:
            self.stop()

    async def _dispatch(self, rfile: BinaryIO) -> int:
        """Hand each message read to the protocol, on this loop; the exit code. The loop reads the stream
        itself where it can wait on it (`framing.LoopReader`) and handles each message in the callback
        that read it: a queue between them would cost every request one more loop iteration — a wait
        for the GIL while the lint holds it. Else a thread reads (`framing.Pump`) into a queue."""
        loop = asyncio.get_running_loop()
        if (fd := pollable(rfile)) is not None:
            ended: asyncio.Future[int] = loop.create_future()

            def handle(item: Item) -> None:
                if isinstance(item, bytes):
                    self.foreground.arrived()  # the lint pauses from now: this may be a request
                if not ended.done() and (code := self._take(item)) is not None:
                    ended.set_result(code)
                reader.done()

            try:
                reader = LoopReader(fd, handle)
            except NotImplementedError:  # a loop that cannot wait on a descriptor (Windows' proactor)
                pass
            else:
                try:
                    return await ended
                finally:
                    reader.close()
        inbox: asyncio.Queue[Item] = asyncio.Queue()

        def deliver(item: Item) -> None:
            if isinstance(item, bytes):
                self.foreground.arrived()
            try:
                loop.call_soon_threadsafe(inbox.put_nowait, item)
            except RuntimeError:  # the loop has ended: the server is exiting
                pass

        pump = Pump(rfile, deliver)
        while True:
            item = await inbox.get()
            pump.done()
            if (code := self._take(item)) is not None:
                return code

    def _take(self, item: Item) -> int | None:
        """Handle one item read; the exit code once the server is to end (the stream ended or broke,
        or `exit`), else None."""
        protocol: Protocol = self.protocol  # type: ignore[assignment]
        if isinstance(item, FramingError):
            log.error("the client broke the message framing (%s): exiting so that it can restart the server", item)
            return 2
        if item is None:
            log.info("the client closed the connection")
            return 0 if protocol.shutdown_requested else 1
        try:
            protocol.receive(item)
        except BrokenPipeError:
            log.error("the client is gone")
            return 1
        except Exception:  # one message the protocol could not handle: the stream is still in step
            log.exception("could not handle a message from the client")
        finally:
            self.foreground.handled()
        return protocol.exit_code

    def codec(self) -> PositionCodec:
        """Chosen at `initialize` from the client's position encodings (UTF-16 unless it offers others)."""
        return self.workspace.position_codec

    async def in_thread(self, fn, *args, **kwargs):
        return await asyncio.get_running_loop().run_in_executor(self._requests, partial(fn, *args, **kwargs))

    def report_server_error(self, error: Exception, source) -> None:
        """Log, never pop up: a malformed message from the client is not the user's problem."""
        log.error("%s: %s", getattr(source, "__name__", source), error)

    # -- documents -------------------------------------------------------------------------------

    def snapshot(self, uri: str) -> Snapshot | None:
        """The one lookup of an open document by a URI from the client (see `open_document`)."""
        return open_document(self.workspace, uri)

    def lint(self, uri: str) -> None:
        """Debounced diagnostics; none before the first library load ends (its `lint_all` covers every
        open document, with links to the user's notes, and the start-up CPU goes to the first requests;
        a large file's lint reads meanwhile what it needs besides the library, `Linter.prepare`).
        A notebook cell is linted with its whole notebook, never on its own; a notebook opened as its
        JSON text is linted as its cells' program."""
        snap = self.snapshot(uri)
        if snap is None:
            return
        if not self._lint_ready.is_set():
            self.linter.prepare(snap.source)  # what a long first lint needs besides the library, read while it loads
            return
        if snap.notebook is not None:
            self.lint_notebook(snap.notebook)
            return
        library = self.loader.library or EMPTY
        if is_notebook_file(snap.uri, snap.source):
            self._notebook_lints[document_key(snap.uri)] = asyncio.ensure_future(
                self.notebooks.schedule_file(snap, _path(snap.uri), library, self.ctx, self.settings.lint_enable)
            )
            return
        self.linter.schedule(snap.uri, snap.version, snap.source, _path(snap.uri), library, self.ctx, self.settings.lint_enable)

    def lint_notebook(self, notebook: NotebookSnapshot | None) -> None:
        if notebook is not None and self._lint_ready.is_set():
            library, ctx, enabled = self.loader.library or EMPTY, self.ctx, self.settings.lint_enable
            self._notebook_lints[document_key(notebook.uri)] = asyncio.ensure_future(
                self.notebooks.schedule(notebook, _path(notebook.uri), library, ctx, enabled)
            )

    def lint_all(self, refresh: bool = True) -> None:
        """Every open document linted again (the library, its learned rules or the settings changed); a
        client that pulls is asked to pull again (`refresh`) — its requests wait for these runs (`pulled`)."""
        if refresh and self.outlet.pull:
            self.workspace_diagnostic_refresh(None)
        for doc in list(self.workspace.text_documents.values()):
            if not is_cell(self.workspace, doc.uri):
                self.lint(doc.uri)
        for notebook in list(self.workspace.notebook_documents.values()):
            self.lint_notebook(read_notebook(self.workspace, notebook_uri=notebook.uri))

    def closed(self, uri: str, notebook: bool = False) -> None:
        """A document or a notebook closed: its lint stopped, what it showed cleared."""
        self.documents.forget(uri)
        if notebook or document_key(uri) in self.notebooks.files:
            self.notebooks.close(uri)
        else:
            self.linter.clear(uri)
        self._notebook_lints.pop(document_key(uri), None)

    async def pulled(self, uri: str, previous_result_id: str | None) -> types.DocumentDiagnosticReport:
        """`textDocument/diagnostic`: the diagnostics of `uri` once the runs its current text asked for
        have published (a cell's are its notebook's run; none run before the first library load)."""
        await self._lint_ready.wait()
        notebook = self.workspace.get_notebook_document(cell_uri=uri)
        target = notebook.uri if notebook is not None else uri
        linter = self.notebooks.linter if notebook is not None or document_key(uri) in self._notebook_lints else self.linter
        while True:
            scheduling = self._notebook_lints.get(document_key(target))
            if scheduling is not None and not scheduling.done():
                await asyncio.wait([scheduling])
            await linter.settled(target)
            if self._notebook_lints.get(document_key(target)) is scheduling:
                return self.outlet.report(uri, previous_result_id)

    # -- the library -------------------------------------------------------------------------------

    async def library(self, snapshot_wait: bool = True) -> tuple[Library, bool]:
        """(library, complete): the configured sources' library, waited for during the first moment after
        start-up (a warm one is there by then) and, with `snapshot_wait`, while its snapshot is being
        read (`SNAPSHOT_WAIT`). While it loads: an empty library, never notes from elsewhere (the
        bundled ones, a previous configuration's), with `complete` False."""
        remaining = self._wait_until - asyncio.get_running_loop().time()
        if not self.loader.available.is_set() and remaining > 0:
            await _waited(self.loader.available, remaining)
        if snapshot_wait and not self.loader.available.is_set() and not self.loader.settled.is_set():
            await _waited(self.loader.settled, SNAPSHOT_WAIT)
        return self._library_as_is()

    def library_now(self) -> tuple[Library, bool] | None:
        """`library(snapshot_wait=False)` when it would not wait and is all decoded (a completion on the
        loop must not decode a library read from its snapshot: `Library.decoded`); None during the
        first moment while the user's library loads, or while its snapshot's records are decoded."""
        if not self.loader.available.is_set() and self._wait_until > asyncio.get_running_loop().time():
            return None
        now = self._library_as_is()
        return now if now[0].decoded else None

    def _library_as_is(self) -> tuple[Library, bool]:
        library = self.loader.library
        return library or EMPTY, library is not None and self.loader.ready.is_set()

    def resolve(self) -> Sources:
        """Where the notes are (settings, workspace if trusted, environment): one call for `preload`
        and `reload`."""
        return resolve_sources(self.root, self.settings.options(), trusted=self.trusted, folders=self.folders())

    def folders(self) -> list[Path]:
        """The workspace folders on disk (each one's pyproject.toml counts)."""
        return [Path(path) for folder in self.workspace.folders.values() if (path := to_fs_path(folder.uri))]

    def preload(self) -> None:
        """At `initialize`: when the sources are already known (named by initializationOptions, or the
        client has no settings to ask for), start answering from their snapshot before `initialized`."""
        if self.settings.names_sources or not self.ctx.configuration:
            self._preload = self.loader.preload(self.resolve)

    def adopt(self, settings: Settings) -> bool:
        """Use `settings`; a settings object that says whether the workspace is trusted also sets
        the trust (one that says nothing leaves it). True when the trust changed."""
        self.settings = settings
        if settings.trusted is None or settings.trusted == self.trusted:
            return False
        self.trusted = settings.trusted
        log.info("workspace %s", "trusted" if self.trusted else "not trusted: its pyproject.toml is not read")
        return True

    async def start(self) -> None:
        """After `initialized`: settings, sources, the library (from its snapshot, if `preload` began
        reading it), watching."""
        if self._preload is not None:
            await self._preload
        if not self.settings.names_sources and self.ctx.configuration:
            self.adopt(await self.fetch_settings(self.settings))
        await self.reload(progress=True)
        await self.watch()

    async def fetch_settings(self, fallback: Settings) -> Settings:
        try:
            result = await asyncio.wait_for(
                self.workspace_configuration_async(
                    types.ConfigurationParams(items=[types.ConfigurationItem(section="notesense")])
                ),
                CONFIGURATION_TIMEOUT,
            )
        except Exception as exc:
            log.warning("workspace/configuration failed: %s", exc)
            return fallback
        return Settings.parse(result[0]) if result and result[0] else fallback

    async def reload(self, progress: bool = False, recompile: bool = False) -> None:
        """Resolve the sources again and load them (`recompile`: even if no file changed since the
        snapshot); report broken notes; re-lint open documents."""
        token = await self.begin_progress() if progress else None
        loop = asyncio.get_running_loop()
        last = [-1]

        def report(done: int, total: int, name: str) -> None:
            percent = int(100 * done / total) if total else 100
            if token is not None and percent != last[0]:
                last[0] = percent
                loop.call_soon_threadsafe(
                    self.work_done_progress.report,
                    token,
                    types.WorkDoneProgressReport(message=f"{done}/{total} {name}", percentage=percent),
                )

        try:
            sources = await self.in_thread(self.resolve)
            log.info("%s", sources.describe())
            if sources.origin in ("pyproject", "env"):  # named by the workspace or the environment: say so
                self.window_log_message(
                    types.LogMessageParams(type=types.MessageType.Info, message=f"notesense: {sources.describe()}")
                )
            fresh = await self.loader.reload(sources, report, recompile)
        except Exception as exc:
            if self._stopping:  # a shutdown cut the load short: nothing to tell the user
                log.info("library load ended by shutdown: %s", exc)
                return
            log.exception("loading the library failed")
            failed = tr(self.ctx.language, "notesense: could not load the notes: {error}", error=exc)
            self.window_show_message(types.ShowMessageParams(type=types.MessageType.Error, message=failed))
            fresh = []
        finally:
            if token is not None:
                loaded = tr(self.ctx.language, "notes loaded")
                self.work_done_progress.end(token, types.WorkDoneProgressEnd(message=loaded))
                self.work_done_progress.tokens.pop(token, None)  # pygls keeps every token otherwise
        if fresh:
            warning = self.problems_message(fresh)
            self.window_show_message(types.ShowMessageParams(type=types.MessageType.Warning, message=warning))
        first = not self._lint_ready.is_set()
        self._lint_ready.set()
        self.lint_all(refresh=not first)
        self.warm_completions()

    def completion_options(self) -> CompletionOptions:
        """One place for both: what `warm_completions` makes ahead is what a completion then finds kept."""
        return CompletionOptions(show_all=self.settings.show_all, snippet_support=self.ctx.snippet_support, locale=self.ctx.locale)

    def warm_completions(self, snaps: list[Snapshot] | None = None) -> None:
        """Complete, in the load thread, after each name a document imports (`completion.warm`): after
        a load for every open document, at didOpen for that one. Nothing while no library of the
        configured sources is loaded, and nothing for a large document (`Document.large`): its imports
        need every part parsed, which its lint does part by part, once (`Document.parsed_parts`)."""
        library = self.loader.library
        if library is None:
            return
        if snaps is None:
            snaps = [snap for doc in list(self.workspace.text_documents.values()) if (snap := self.snapshot(doc.uri))]
        options = self.completion_options()

        def run() -> None:
            warmed: set[int] = set()  # a notebook's cells share one program
            for snap in snaps:
                target = self.documents.get(snap)
                if target is not None and not target.document.large and id(target.document) not in warmed:
                    warmed.add(id(target.document))
                    warm(library, target.document, options)

        self.loader.after_load(run)

    def problems_message(self, problems: list[Problem]) -> str:
        """One popup for a load however many notes it could not read: the first problem and how many
        more (each is in the log, `notesense doctor` lists them all)."""
        for problem in problems:
            log.warning("%s", problem)
        lang = self.ctx.language
        first = problems[0].shown(lang)
        if len(problems) == 1:
            return tr(lang, "notesense: {problem}", problem=first)
        return tr(
            lang, "notesense: {problem} (and {more} more problems: see `notesense doctor` or the server log)",
            problem=first, more=len(problems) - 1,
        )

    async def begin_progress(self) -> str | None:
        if not self.ctx.work_done_progress:
            return None
        token = f"notesense-load-{uuid.uuid4().hex}"
        try:
            await self.work_done_progress.create_async(token)
        except Exception as exc:
            log.warning("window/workDoneProgress/create failed: %s", exc)
            return None
        self.work_done_progress.begin(
            token,
            types.WorkDoneProgressBegin(title="notesense", message=tr(self.ctx.language, "loading notes"), percentage=0),
        )
        return token

    def schedule_reload(self) -> None:
        """Coalesce bursts of file events (an editor's save writes several times) into one reload.
        Only the timer is cancelled, never a reload already running (reloads queue on the loader)."""
        if self._reload_timer is not None:
            self._reload_timer.cancel()
        loop = asyncio.get_running_loop()
        self._reload_timer = loop.call_later(RELOAD_DEBOUNCE, lambda: asyncio.ensure_future(self.reload_changed()))

    async def reload_changed(self) -> None:
        """After files changed on disk: reload, and watch again when that changed the sources (a
        pyproject.toml now names other notes)."""
        await self.reload()
        if self.loader.sources != self._watching:
            await self.watch()

    async def watch(self) -> None:
        """Watch the folders of the current sources (the bundled library does not change while the
        server runs) and, in a trusted workspace, every folder's pyproject.toml, so that a
        `[tool.notesense]` added or edited takes effect without a restart."""
        await self.unwatch()
        sources = self._watching = self.loader.sources
        named = sources is not None and sources.origin != "bundled"
        roots = [Path(p) for p in (*sources.notes, *sources.snippets)] if named else []
        files = pyprojects(self.root, self.folders()) if self.trusted else []
        if not roots and not files:
            return
        if self.ctx.watch_registration:
            try:
                watchers = registration(roots, self.ctx.watch_relative_patterns, files)
                await self.client_register_capability_async(watchers)
                self._registered = True
                return
            except Exception as exc:
                log.warning("could not register file watchers (%s); polling instead", exc)
        loop = asyncio.get_running_loop()
        self._watcher = PollingWatcher([*roots, *files], lambda _paths: loop.call_soon_threadsafe(self.schedule_reload))
        self._watcher.start()

    async def unwatch(self) -> None:
        if self._watcher is not None:
            self._watcher.stop()
            self._watcher = None
        if self._registered:
            self._registered = False
            try:
                await self.client_unregister_capability_async(unregistration())
            except Exception as exc:
                log.warning("could not unregister file watchers: %s", exc)

    def stop(self) -> None:
        self._stopping = True
        if self._watcher is not None:
            self._watcher.stop()
        self.loader.shutdown()
        self.linter.shutdown()
        self.notebooks.linter.shutdown()
        self._requests.shutdown(wait=False, cancel_futures=True)

    def library_info(self) -> dict[str, Any]:
        sources = self.loader.sources
        library = self.loader.library or EMPTY
        return {
            "ready": self.loader.ready.is_set(),
            "generation": self.loader.generation,
            "origin": sources.origin if sources else "bundled",
            "trusted": self.trusted,
            "notes": [str(p) for p in sources.notes] if sources else [],
            "snippets": [str(p) for p in sources.snippets] if sources else [],
            "counts": dict(library.counts()),
            "total": sum(library.counts().values()),
            "errors": [str(p) for p in self.loader.problems],  # `path[:line]: message`, one per problem
            "problems": [{"path": p.path, "line": p.line, "message": p.message} for p in self.loader.problems],
        }


async def _waited(event: asyncio.Event, timeout: float) -> None:
    """Until `event` is set, or `timeout` seconds."""
    try:
        await asyncio.wait_for(event.wait(), timeout)
    except asyncio.TimeoutError:
        pass


def _path(uri: str) -> str | None:
    """The file behind a `file:` URI (a notebook's for its cells), for the rules' messages."""
    return to_fs_path(uri) if uri.startswith("file:") else None


server = NotesenseServer()


@server.feature(types.INITIALIZE)
def initialize(ls: NotesenseServer, params: types.InitializeParams) -> None:
    ls.workspace.__class__ = Texts  # pygls made it just now, empty: its documents take edits faster (`lsp.text`)
    ls.ctx = ClientContext.from_capabilities(params.capabilities, ls.locale or params.locale)  # `serve --locale` wins
    if ls.ctx.pull_diagnostics:  # declared to this client only: another would pull as well as get pushes
        ls.outlet.pull = True
        ls.feature(types.TEXT_DOCUMENT_DIAGNOSTIC, PULL_OPTIONS)(diagnostic)
    settings = Settings.parse(params.initialization_options)
    if settings.trusted is None:
        log.info("the client does not say whether the workspace is trusted: trusting it")
    ls.adopt(settings)
    root = ls.workspace.root_path
    ls.root = Path(root) if root else None
    ls._wait_until = asyncio.get_running_loop().time() + FIRST_REQUEST_WAIT
    ls.preload()


# the user's library, not other files, is what a file's diagnostics depend on: a library change is
# announced with `workspace/diagnostic/refresh`
PULL_OPTIONS = types.DiagnosticOptions(identifier="notesense", inter_file_dependencies=False, workspace_diagnostics=False)


async def diagnostic(ls: NotesenseServer, params: types.DocumentDiagnosticParams) -> types.DocumentDiagnosticReport:
    """Pull diagnostics (LSP 3.17), registered at `initialize` for a client that pulls."""
    return await ls.pulled(params.text_document.uri, params.previous_result_id)


@server.feature(types.INITIALIZED)
async def initialized(ls: NotesenseServer, params: types.InitializedParams) -> None:
    await ls.start()


@server.feature(types.SHUTDOWN)
def shutdown(ls: NotesenseServer, params: None) -> None:
    ls.stop()


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
async def did_open(ls: NotesenseServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.lint(params.text_document.uri)
    if (snap := ls.snapshot(params.text_document.uri)) is not None:
        await ls.in_thread(ls.documents.warm, snap)
        ls.warm_completions([snap])


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: NotesenseServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.lint(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: NotesenseServer, params: types.DidCloseTextDocumentParams) -> None:
    ls.closed(params.text_document.uri)


@server.feature(types.NOTEBOOK_DOCUMENT_DID_OPEN)
async def notebook_did_open(ls: NotesenseServer, params: types.DidOpenNotebookDocumentParams) -> None:
    notebook = read_notebook(ls.workspace, notebook_uri=params.notebook_document.uri)
    ls.lint_notebook(notebook)
    if notebook is not None and notebook.cells and (snap := ls.snapshot(notebook.cells[0].uri)) is not None:
        await ls.in_thread(ls.documents.warm, snap)
        ls.warm_completions([snap])


@server.feature(types.NOTEBOOK_DOCUMENT_DID_CHANGE)
def notebook_did_change(ls: NotesenseServer, params: types.DidChangeNotebookDocumentParams) -> None:
    ls.lint_notebook(read_notebook(ls.workspace, notebook_uri=params.notebook_document.uri))


@server.feature(types.NOTEBOOK_DOCUMENT_DID_CLOSE)
def notebook_did_close(ls: NotesenseServer, params: types.DidCloseNotebookDocumentParams) -> None:
    ls.closed(params.notebook_document.uri, notebook=True)


@server.feature(
    types.TEXT_DOCUMENT_COMPLETION,
    types.CompletionOptions(trigger_characters=["."], resolve_provider=True),
)
def completion(ls: NotesenseServer, params: types.CompletionParams) -> convert.Wire | None | Coroutine:
    """About a millisecond once the file's imports are known and the library needs no waiting for:
    answered at once, in the loop iteration that read the request, never waiting on the lint's query
    of the model (`at_once`). A thread hop, or even a task's two more loop iterations, would cost more:
    each is a wait for the GIL while the lint holds it (`foreground`). Otherwise answered later
    (`Protocol._send_handler_result`). The answer is JSON already (`convert.completion_list`)."""
    snap = ls.snapshot(params.text_document.uri)
    if snap is None:
        return None
    options = ls.completion_options()
    if (now := ls.library_now()) is not None and (target := ls.documents.at_hand(snap)) is not None:
        return _completion_list(ls, params, snap.uri, target, *now, dataclasses.replace(options, at_once=True))
    return _completion_later(ls, params, snap, options)


async def _completion_later(
    ls: NotesenseServer, params: types.CompletionParams, snap: Snapshot, options: CompletionOptions
) -> convert.Wire | None:
    library, ready = await ls.library(snapshot_wait=False)
    if not library.decoded:  # read from its snapshot, its records still decoded (`loader`): offered as while it
        library, ready = EMPTY, False  # loads, the list incomplete; decoding all of it here would hold this answer
    if library.decoded and (target := ls.documents.at_hand(snap)) is not None:
        return _completion_list(ls, params, snap.uri, target, library, ready, dataclasses.replace(options, at_once=True))
    return await ls.in_thread(lambda: _completion_list(ls, params, snap.uri, ls.documents.get(snap), library, ready, options))


def _completion_list(
    ls: NotesenseServer, params: types.CompletionParams, uri: str, target: Target | None, library: Library,
    ready: bool, options: CompletionOptions,
) -> convert.Wire | None:
    if target is None:
        return None
    positions = convert.Positions(target.lines, ls.codec())
    where = target.to_program(*positions.from_client(params.position))
    found = Completions() if where is None else complete(library, target.document, *where, options)
    return convert.completion_list(target.local_candidates(found), positions, ls.ctx, uri, ready and not found.cut)


@server.feature(types.COMPLETION_ITEM_RESOLVE)
async def completion_resolve(ls: NotesenseServer, item: types.CompletionItem) -> types.CompletionItem:
    data = item.data if isinstance(item.data, dict) else {}
    snippet_id = data.get("id")
    if isinstance(snippet_id, str):
        library, _ = await ls.library()
        text = await ls.in_thread(documentation, library, snippet_id)
        if text:
            item.documentation = ls.ctx.markup(text, ls.ctx.completion_markdown)
    return item


@server.feature(types.TEXT_DOCUMENT_HOVER)
async def on_hover(ls: NotesenseServer, params: types.HoverParams) -> types.Hover | None:
    snap = ls.snapshot(params.text_document.uri)
    if snap is None:
        return None
    library, _ = await ls.library()

    def run() -> types.Hover | None:
        target = ls.documents.get(snap)
        if target is None:
            return None
        positions = convert.Positions(target.lines, ls.codec())
        where = target.to_program(*positions.from_client(params.position))
        found = None if where is None else hover(library, target.document, *where, locale=ls.ctx.locale)
        result = target.local_hover(found)
        return None if result is None else convert.hover(result, positions, ls.ctx)

    return await ls.in_thread(run)


@server.feature(types.WORKSPACE_SYMBOL)
async def workspace_symbol(ls: NotesenseServer, params: types.WorkspaceSymbolParams) -> list[types.WorkspaceSymbol]:
    library, _ = await ls.library()
    found = await ls.in_thread(search, library, params.query, MAX_SYMBOLS, ls.ctx.locale)
    return [symbol for s in found if (symbol := convert.workspace_symbol(s)) is not None]


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, convert.FIX_ALL_KIND, notebooks.NOTEBOOK_FIX_ALL_KIND]
    ),
)
def code_action(ls: NotesenseServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    """Cheap: the findings were computed with the diagnostics; this only picks and converts."""
    snap = ls.snapshot(params.text_document.uri)
    if snap is None:
        return []
    if snap.notebook is not None:
        return ls.notebooks.code_actions(snap.notebook, snap.uri, snap.version, params, ls.ctx.language)
    if (key := document_key(snap.uri)) in ls.notebooks.files:  # a notebook opened as its JSON text
        return actions.code_actions(ls.notebooks.results.get(key), snap.uri, snap.version, params, ls.ctx.language)
    return actions.code_actions(ls.linter.results.get(snap.uri), snap.uri, snap.version, params, ls.ctx.language)


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def watched_files_changed(ls: NotesenseServer, params: types.DidChangeWatchedFilesParams) -> None:
    ls.schedule_reload()


@server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
async def configuration_changed(ls: NotesenseServer, params: types.DidChangeConfigurationParams) -> None:
    """Pushed settings when they carry a `notesense` section (some clients push every section they
    have), else pulled with workspace/configuration (VS Code pushes null)."""
    pushed = params.settings
    if isinstance(pushed, dict) and isinstance(pushed.get("notesense"), dict):
        settings = Settings.parse(pushed)
    elif ls.ctx.configuration:
        settings = await ls.fetch_settings(ls.settings)
    else:
        return
    previous = ls.settings
    trust_changed = ls.adopt(settings)
    if trust_changed or (previous.notes, previous.snippets, previous.raw.get("limits")) != (
        settings.notes, settings.snippets, settings.raw.get("limits")
    ):
        await ls.reload(progress=True)
        await ls.watch()
    elif previous.lint_enable != settings.lint_enable:
        ls.lint_all()


@server.command(RECOMPILE_COMMAND)
async def recompile(ls: NotesenseServer, *args: Any) -> dict[str, Any]:
    await ls.reload(progress=True, recompile=True)
    return ls.library_info()


@server.command(convert.SHOW_NOTE_COMMAND)
async def show_note(ls: NotesenseServer, note: str) -> bool:
    location = convert.note_location(note, 1)
    if ls.ctx.show_document:
        result = await ls.window_show_document_async(
            types.ShowDocumentParams(uri=location.uri, take_focus=True, selection=location.range)
        )
        return bool(result and result.success)
    see = tr(ls.ctx.language, "notesense: see {note}", note=note)
    ls.window_show_message(types.ShowMessageParams(type=types.MessageType.Info, message=see))
    return False


@server.feature(LIBRARY_INFO)
def library_info(ls: NotesenseServer, params: Any) -> dict[str, Any]:
    return ls.library_info()
