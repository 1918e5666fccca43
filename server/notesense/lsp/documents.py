"""One analysed `Document` per (uri, version), and one per notebook version: completion and hover
on an unchanged file never re-parse it. A request on a notebook cell runs on the notebook's cells
joined into one program (`lsp.notebooks`); `Target` maps its positions between the two."""

from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from pygls.workspace import Workspace

from notesense.analysis.cells import CellCode, import_line, join, python_code, split_lines
from notesense.analysis.document import Document
from notesense.lsp.notebooks import NotebookSnapshot, document_key, read_notebook

if TYPE_CHECKING:
    from notesense.features.completion import Candidate
    from notesense.features.hover import HoverResult


class Snapshot(NamedTuple):
    """An open document's text and version, read together on the event loop (with, for a notebook
    cell, every cell of its notebook). `uri` is spelled as the client opened it: diagnostics, edits
    and every cache here use that one spelling."""

    uri: str
    version: int | None
    source: str
    notebook: NotebookSnapshot | None = None


def open_document(workspace: Workspace, uri: str) -> Snapshot | None:
    """The open document `uri` names, however the client percent-encoded it; None when not open.

    pygls files documents under the percent-decoded URI (`Workspace.put_text_document`), so looking
    one up by the URI as sent misses every name with a space, Chinese characters or an escaped drive
    colon (`file:///c%3A/...`), and lowercase and uppercase escapes of one name are the same document."""
    doc = workspace.text_documents.get(document_key(uri))
    if doc is None:
        return None
    return Snapshot(doc.uri, doc.version, doc.source, read_notebook(workspace, cell_uri=doc.uri))


@dataclass(frozen=True, slots=True)
class Target:
    """What a position request reads: the client's document (a file, or one notebook cell) and the
    program analysed for it, in which the document's line 0 is line `offset`."""

    uri: str
    lines: list[str]  # the client's document, split as LSP counts lines: its positions count these
    document: Document
    offset: int = 0
    cell: CellCode | None = None

    def local_candidates(self, candidates: list[Candidate]) -> list[Candidate]:
        """Completion items in the document's coordinates. An import the item adds belongs in the
        document being edited (LSP applies `additionalTextEdits` to that document only): one that
        the program would put in another cell goes to this cell's own import line."""
        if self.cell is None:
            return candidates
        inside = range(self.offset, self.offset + len(self.lines))
        own = None
        out = []
        for c in candidates:
            edits = []
            for e in c.additional_edits:
                if e.line in inside and e.end_line in inside:
                    edits.append(dataclasses.replace(e, line=e.line - self.offset, end_line=e.end_line - self.offset))
                else:
                    own = import_line(self.cell) if own is None else own
                    edits.append(dataclasses.replace(e, line=own, col=0, end_line=own, end_col=0))
            out.append(dataclasses.replace(c, line=c.line - self.offset, additional_edits=edits))
        return out

    def local_hover(self, result: HoverResult | None) -> HoverResult | None:
        return None if result is None else dataclasses.replace(result, line=result.line - self.offset)


@dataclass(frozen=True, slots=True)
class _Program:
    """A notebook's Python cells read as one program, for completion and hover."""

    cells: tuple[tuple[str, int | None, str], ...]  # (uri, version, source) of each cell it was built from
    codes: tuple[CellCode, ...]
    starts: tuple[int, ...]
    document: Document

    def built_from(self, notebook: NotebookSnapshot) -> bool:
        return len(self.cells) == len(notebook.cells) and all(
            uri == c.uri and version == c.version and source is c.source
            for (uri, version, source), c in zip(self.cells, notebook.cells)
        )


@dataclass(frozen=True, slots=True)
class Analysed:
    uri: str
    version: int | None
    source: str
    document: Document

    @property
    def lines(self) -> list[str]:
        """Split as LSP counts lines (the same split `Document` and `convert.lsp_lines` use)."""
        return self.document.lines


class Documents:
    """Latest analysis of each open document and notebook; safe to call from the request threads."""

    def __init__(self) -> None:
        self._cache: dict[str, Analysed] = {}
        self._programs: dict[str, _Program] = {}  # notebook key -> its program
        self._lock = threading.Lock()

    def get(self, snap: Snapshot) -> Target:
        """`snap` must be read on the event loop (a later didChange mutates the documents)."""
        if snap.notebook is not None and (index := snap.notebook.index(snap.uri)) is not None:
            program = self._program(snap.notebook)
            return Target(snap.uri, split_lines(snap.source), program.document, program.starts[index], program.codes[index])
        analysed = self.analysed(snap.uri, snap.version, snap.source)
        return Target(snap.uri, analysed.lines, analysed.document)

    def analysed(self, uri: str, version: int | None, source: str) -> Analysed:
        """The analysis of one version of a document (or a virtual one: a notebook's program for the
        rules). Creating a `Document` is cheap (its analyses are lazy), so it happens under the lock:
        two requests — and the lint worker — on one version share one analysis."""
        with self._lock:
            hit = self._cache.get(uri)
            if hit is not None and hit.version == version and hit.source is source:
                return hit
            previous = hit.document if hit is not None else None  # lets an unchanged import block be reused
            analysed = Analysed(uri, version, source, Document(source, previous))
            if hit is None or version is None or hit.version is None or version >= hit.version:
                self._cache[uri] = analysed
            return analysed

    def _program(self, notebook: NotebookSnapshot) -> _Program:
        """The notebook's cells joined; only changed cells are read again, and the imports carry
        over from the last program while no import line changed (`Document`)."""
        key = document_key(notebook.uri)
        with self._lock:
            hit = self._programs.get(key)
            if hit is not None and hit.built_from(notebook):
                return hit
            codes = tuple(python_code(c.source) for c in notebook.cells)
            joined = join(codes)
            program = _Program(
                tuple((c.uri, c.version, c.source) for c in notebook.cells),
                codes,
                joined.starts,
                Document(joined.source, hit.document if hit is not None else None),
            )
            self._programs[key] = program
            return program

    def warm(self, snap: Snapshot) -> None:
        """Parse a just-opened file or notebook now: the first completion or hover in it then costs
        milliseconds."""
        document = self.get(snap).document
        document.imports, document.tree  # noqa: B018 - computing the cached analyses is the point

    def forget(self, uri: str) -> None:
        """A closed document or notebook."""
        with self._lock:
            self._cache.pop(uri, None)
            self._programs.pop(document_key(uri), None)
