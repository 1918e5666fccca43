"""Notebooks in the language server: the Python cells of an open notebook analysed as one program
(`analysis.cells`), and what that program's analysis says mapped back to each cell.

pygls keeps the notebook (LSP 3.17 notebook sync) and a text document per cell. Requests name a cell;
the program is the notebook's Python code cells joined in order. Diagnostics come from one `Linter`
run over the whole program (cells that do not parse read as blank, so a half-typed cell hides nothing
else) and are split by cell: published under each cell's URI, cleared when a cell becomes clean, a
cell is removed or the notebook closes; a cell being typed keeps what it showed until it parses.
Code actions work on the findings of one cell in that cell's coordinates; the notebook-wide fix-all
edits every cell in one `WorkspaceEdit`.

A client without notebook sync (Neovim) opens an .ipynb as a plain document holding its JSON. That
document is read the same way — its Python code cells as one program — with positions mapped into
the JSON text (`notebook_json`): diagnostics and hovers land on the cell's line inside its `source`
string, and a fix is an edit of the JSON text that rewrites only the changed source lines.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

import attrs
from lsprotocol import types
from pygls.workspace import Workspace
from pygls.workspace.position_codec import PositionCodec

from notesense.analysis.cells import CellCode, Joined, split_lines, to_cell
from notesense.i18n import Language, tr
from notesense.lsp import actions, convert
from notesense.lsp.diagnostics import Linted, Linter
from notesense.notebook_json import NotebookError, NotebookText

if TYPE_CHECKING:
    from notesense.library.index import Library
    from notesense.lsp.context import ClientContext
    from notesense.lsp.documents import Documents, Snapshot
    from notesense.rules.base import Finding

NOTEBOOK_TYPES = ("jupyter-notebook", "interactive")
NOTEBOOK_FIX_ALL_KIND = f"notebook.{convert.FIX_ALL_KIND}"

SYNC_OPTIONS = types.NotebookDocumentSyncOptions(
    notebook_selector=[
        types.NotebookDocumentFilterWithCells(
            notebook=types.NotebookDocumentFilterNotebookType(notebook_type=kind),
            cells=[types.NotebookCellLanguage(language="python")],
        )
        for kind in NOTEBOOK_TYPES
    ],
    save=False,
)


@lru_cache(maxsize=8192)
def document_key(uri: str) -> str:
    """How pygls files a document or notebook: under its percent-decoded URI. Cached: a request on a
    notebook cell looks up every cell of the notebook, on the event loop."""
    return unquote(uri)


@dataclass(frozen=True, slots=True)
class Cell:
    """One Python code cell as read on the event loop."""

    uri: str  # as the client sent it
    version: int | None
    source: str


@dataclass(frozen=True, slots=True)
class NotebookSnapshot:
    uri: str
    cells: tuple[Cell, ...]  # the Python code cells, in notebook order

    def index(self, cell_uri: str) -> int | None:
        """Where the cell is among the Python cells; None for another cell (markdown, another language)."""
        for i, cell in enumerate(self.cells):  # the URI as opened: the common case, one comparison each
            if cell.uri == cell_uri:
                return i
        key = document_key(cell_uri)
        return next((i for i, c in enumerate(self.cells) if document_key(c.uri) == key), None)


def read_notebook(workspace: Workspace, *, notebook_uri: str | None = None, cell_uri: str | None = None) -> NotebookSnapshot | None:
    """The open notebook named by its URI or one of its cells' URIs; None when there is none. Reads
    every cell's text together, on the event loop, so a later change cannot mix two versions."""
    notebook = workspace.get_notebook_document(notebook_uri=notebook_uri, cell_uri=cell_uri)
    if notebook is None:
        return None
    cells = []
    for cell in notebook.cells:
        doc = workspace.text_documents.get(document_key(cell.document))
        if cell.kind == types.NotebookCellKind.Code and doc is not None and doc.language_id == "python":
            cells.append(Cell(doc.uri, doc.version, doc.source))
    return NotebookSnapshot(notebook.uri, tuple(cells))


_JSON_OBJECT = re.compile(r"\s*\{")


def is_notebook_file(uri: str, source: str) -> bool:
    """A Jupyter notebook opened as a plain document holding its JSON (Neovim, or any client without
    notebook sync). An .ipynb a client shows as Python (jupytext) is a Python document, and a cell
    (`vscode-notebook-cell:…/a.ipynb#…`) is a cell."""
    parts = urlsplit(uri)
    return parts.scheme in ("file", "untitled") and parts.path.lower().endswith(".ipynb") and _JSON_OBJECT.match(source) is not None


@dataclass(frozen=True, slots=True)
class NotebookFile:
    """A notebook document's JSON text read: its Python code cells as a notebook of virtual cells,
    or why it cannot be read (invalid JSON while being edited, not nbformat 3 or 4)."""

    text: NotebookText | None
    cells: NotebookSnapshot | None  # None: nothing to analyse (unreadable, or not a Python notebook)
    error: str | None = None
    lines: list[str] = dataclasses.field(default_factory=list)  # the JSON text's, as LSP counts them


def read_notebook_file(uri: str, version: int | None, source: str) -> NotebookFile:
    try:
        text = NotebookText.parse(source)
    except NotebookError as exc:
        return NotebookFile(None, None, str(exc))
    if not text.notebook.python or not text.notebook.cells:
        return NotebookFile(text, None)
    cells = tuple(Cell(f"{uri}#cell{c.index + 1}", version, c.source) for c in text.notebook.cells)
    return NotebookFile(text, NotebookSnapshot(uri, cells), lines=split_lines(source))


def is_cell(workspace: Workspace, uri: str) -> bool:
    """A cell of an open notebook: analysed with its notebook, never on its own."""
    return workspace.get_notebook_document(cell_uri=uri) is not None


def _shift_range(r: types.Range, lines: int) -> types.Range:
    return types.Range(
        start=types.Position(line=r.start.line + lines, character=r.start.character),
        end=types.Position(line=r.end.line + lines, character=r.end.character),
    )


@dataclass(frozen=True, slots=True)
class _Run:
    """One lint run of a notebook: its cells and where they were in the program the rules read;
    for a notebook opened as its JSON text, that text and the document's version."""

    snapshot: NotebookSnapshot
    codes: tuple[CellCode, ...]
    joined: Joined
    file: NotebookText | None = None
    version: int | None = None


def program_for_rules(
    documents: Documents, uri: str, run: int, snapshot: NotebookSnapshot, file: NotebookText | None = None,
    version: int | None = None,
) -> _Run:
    """Lint run `run` of the notebook `uri`: the program completion and hover read too (`Documents`)."""
    program = documents.rules_program(uri, run, snapshot)
    return _Run(snapshot, program.codes, Joined(program.rules_source, program.starts), file, version)


def _in_file(finding: Finding, cell: int, source: str, text: NotebookText) -> Finding:
    """A finding in the coordinates of code cell `cell` moved into the notebook's JSON text; each fix
    becomes the one edit of the JSON text that writes the fixed cell's source (`notebook_json`)."""
    from notesense.rules.base import Edit
    from notesense.rules.engine import apply_edits

    def line_col(offset: int) -> tuple[int, int]:
        line, col = text.position(offset)
        return line + 1, col

    line, col = text.text_position(cell, finding.line - 1, finding.col) or (0, 0)
    end_line, end_col = text.text_position(cell, finding.end_line - 1, finding.end_col) or (line, col)
    fixes = []
    for fix in finding.fixes:
        start, end, new = text.replace_source(cell, apply_edits(source, fix.edits))
        fixes.append(dataclasses.replace(fix, edits=(Edit(*line_col(start), *line_col(end), new),)))
    return dataclasses.replace(finding, line=line + 1, col=col, end_line=end_line + 1, end_col=end_col, fixes=tuple(fixes))


class NotebookDiagnostics:
    """Lints each open notebook as one program and publishes the findings per cell."""

    def __init__(
        self,
        run_in_thread: Callable[..., Awaitable],
        documents: Documents,
        publish: Callable[[types.PublishDiagnosticsParams], None],
        codec: Callable[[], PositionCodec],
        pause: Callable[[], None],
    ) -> None:
        self._run_in_thread = run_in_thread
        self._publish = publish
        self._codec = codec
        self.linter = Linter(documents, self._split, codec, pause)  # the program of the cells, linted as a document
        self._runs: dict[str, dict[int, _Run]] = {}  # notebook key -> run id -> run, while its lint is due
        self._latest: dict[str, int] = {}  # notebook key -> newest run id asked for
        self._ids = itertools.count(1)
        self.results: dict[str, Linted] = {}  # cell key -> its findings in its own coordinates
        self._shown: dict[str, dict[str, Cell]] = {}  # notebook key -> cells showing diagnostics, by key
        self._documents = documents
        self.files: set[str] = set()  # keys of the notebooks open as their JSON text

    async def schedule(
        self, snapshot: NotebookSnapshot, path: str | None, library: Library, ctx: ClientContext, enabled: bool
    ) -> None:
        """Read the cells as Python in a thread (only changed cells are parsed again), then hand the
        program to the debounced `Linter`; the newest call for a notebook wins."""
        key = document_key(snapshot.uri)
        run_id = self._latest[key] = next(self._ids)
        run = await self._run_in_thread(program_for_rules, self._documents, snapshot.uri, run_id, snapshot)
        if self._latest.get(key) != run_id:
            return  # a newer change, or the notebook closed
        self._runs.setdefault(key, {})[run_id] = run
        self.linter.schedule(snapshot.uri, run_id, run.joined.source, path, library, ctx, enabled)

    async def schedule_file(
        self, snap: Snapshot, path: str | None, library: Library, ctx: ClientContext, enabled: bool
    ) -> None:
        """A notebook opened as its JSON text: read in a thread (once per version, shared with the
        requests), then linted as its cells' program and published under the document's URI. JSON
        that does not read as a notebook (being typed) gets one diagnostic saying why."""
        key = document_key(snap.uri)
        self.files.add(key)
        run_id = self._latest[key] = next(self._ids)
        read = await self._run_in_thread(self._documents.notebook_file, snap)
        if self._latest.get(key) != run_id:
            return
        if read.cells is None:
            self.linter.schedule(snap.uri, run_id, "", path, library, ctx, False)  # drop a lint in flight
            why = [] if read.error is None else [_unreadable(read.error)]
            self._publish(types.PublishDiagnosticsParams(uri=snap.uri, diagnostics=why, version=snap.version))
            return
        run = await self._run_in_thread(program_for_rules, self._documents, snap.uri, run_id, read.cells, read.text, snap.version)
        if self._latest.get(key) != run_id:
            return
        self._runs.setdefault(key, {})[run_id] = run
        self.linter.schedule(snap.uri, run_id, run.joined.source, path, library, ctx, enabled)

    def close(self, notebook_uri: str) -> None:
        """The notebook closed: every cell that shows diagnostics is cleared."""
        key = document_key(notebook_uri)
        self._latest.pop(key, None)
        self._runs.pop(key, None)
        self.linter.clear(notebook_uri)

    def _split(self, params: types.PublishDiagnosticsParams) -> None:
        """The `Linter`'s result for the whole program, published cell by cell."""
        key = document_key(params.uri)
        linted = self.linter.results.get(params.uri)
        runs = self._runs.get(key, {})
        run = runs.get(params.version) if params.version is not None else None
        for old in [r for r in runs if params.version is not None and r < params.version]:
            del runs[old]
        if key in self.files:
            self._publish_file(params.uri, key, linted, run)
            return
        shown = self._shown.setdefault(key, {})
        if linted is None or run is None:  # cleared: lint turned off, or the notebook closed
            for cell_key, cell in shown.items():
                self.results.pop(cell_key, None)
                self._publish(types.PublishDiagnosticsParams(uri=cell.uri, diagnostics=[]))
            shown.clear()
            if key not in self._latest:
                self._shown.pop(key, None)
            return
        by_cell: dict[int, list[int]] = {}
        for i, finding in enumerate(linted.findings):
            by_cell.setdefault(run.joined.cell_at(finding.line - 1)[0], []).append(i)
        current = {document_key(cell.uri) for cell in run.snapshot.cells}
        for cell_key in [k for k in shown if k not in current]:  # removed from the notebook
            gone = shown.pop(cell_key)
            self.results.pop(cell_key, None)
            self._publish(types.PublishDiagnosticsParams(uri=gone.uri, diagnostics=[]))
        for index, cell in enumerate(run.snapshot.cells):
            cell_key = document_key(cell.uri)
            items = by_cell.get(index, [])
            if not run.codes[index].parses or (not items and cell_key not in shown):
                continue  # being typed: keeps what it showed; or clean before and after
            start = run.joined.starts[index]
            local = Linted(
                cell.version,
                convert.Positions(split_lines(cell.source), self._codec()),
                [to_cell(linted.findings[i], run.joined, run.codes)[1] for i in items],
                [
                    attrs.evolve(linted.diagnostics[i], range=_shift_range(linted.diagnostics[i].range, -start))
                    for i in items
                ],
            )
            before = self.results.get(cell_key)
            if items:
                self.results[cell_key] = local
                shown[cell_key] = cell
            else:
                self.results.pop(cell_key, None)
                shown.pop(cell_key, None)
            if before is None or (before.version, before.diagnostics) != (local.version, local.diagnostics):
                # an edit in one cell re-lints them all: the others, unchanged, are not sent again
                self._publish(types.PublishDiagnosticsParams(uri=cell.uri, diagnostics=local.diagnostics, version=cell.version))

    def _publish_file(self, uri: str, key: str, linted: Linted | None, run: _Run | None) -> None:
        """The program's findings moved into the notebook's JSON text, published under its URI."""
        if linted is None or run is None or run.file is None:  # cleared
            self.results.pop(key, None)
            if key not in self._latest:
                self.files.discard(key)
            self._publish(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
            return
        positions = convert.Positions(split_lines(run.file.notebook.text), self._codec())
        findings, diagnostics = [], []
        for finding, diagnostic in zip(linted.findings, linted.diagnostics, strict=True):
            index, local = to_cell(finding, run.joined, run.codes)
            moved = _in_file(local, index, run.snapshot.cells[index].source, run.file)
            findings.append(moved)
            diagnostics.append(attrs.evolve(diagnostic, range=positions.range(moved.line - 1, moved.col, moved.end_line - 1, moved.end_col)))
        self.results[key] = Linted(run.version, positions, findings, diagnostics)
        self._publish(types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=run.version))

    def code_actions(
        self, notebook: NotebookSnapshot, uri: str, version: int | None, params: types.CodeActionParams,
        lang: Language | None,
    ) -> list[types.CodeAction]:
        """The cell's quick fixes and fix-all (its own findings, in its coordinates); the notebook-wide
        fix-all only when asked for by its kind (`notebook.source.fixAll`, as VS Code does on save)."""
        found = actions.code_actions(self.results.get(document_key(uri)), uri, version, params, lang)
        only = list(params.context.only) if params.context.only else None
        if only is not None and actions.wants(only, NOTEBOOK_FIX_ALL_KIND) and (fix := self.fix_all(notebook, lang)):
            found.append(fix)
        return found

    def fix_all(self, snapshot: NotebookSnapshot, lang: Language | None) -> types.CodeAction | None:
        """Every safe fix of every cell, one edit per cell, in one action; None when there is none
        (or the findings are older than a cell's text: edits for older text would corrupt it)."""
        changes: dict[str, list[types.TextEdit]] = {}
        for cell in snapshot.cells:
            linted = self.results.get(document_key(cell.uri))
            if linted is None or linted.version != cell.version:
                continue
            if edits := actions.safe_edits(linted):
                changes[cell.uri] = edits
        if not changes:
            return None
        return types.CodeAction(
            title=tr(lang, "notesense: fix all safe problems in the notebook"),
            kind=NOTEBOOK_FIX_ALL_KIND,
            edit=types.WorkspaceEdit(changes=changes),
        )


def _unreadable(reason: str) -> types.Diagnostic:
    start = types.Position(line=0, character=0)
    return types.Diagnostic(
        range=types.Range(start=start, end=types.Position(line=1, character=0)),
        message=f"notesense: cannot read the notebook: {reason}; diagnostics resume when it reads again",
        severity=types.DiagnosticSeverity.Information,
        source="notesense",
    )
