"""One analysed `Document` per (uri, version), and one per notebook version: completion and hover
on an unchanged file never re-parse it. A request on a notebook cell — or inside a notebook opened as
its JSON text — runs on the notebook's cells joined into one program (`lsp.notebooks`); `Target`
maps its positions between the client's document and that program."""

from __future__ import annotations

import dataclasses
import json
import threading
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from pygls.workspace import Workspace

from notesense.analysis.cells import CellCode, import_line, join, python_code, rooms, split_lines
from notesense.analysis.document import Document
from notesense.lsp.notebooks import NotebookFile, NotebookSnapshot, document_key, is_notebook_file, read_notebook, read_notebook_file
from notesense.notebook_json import NotebookText

from notesense.features.completion import TextEdit

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
    """What a position request reads: the client's document (a file, one notebook cell, or a notebook
    opened as its JSON text) and the program analysed for it, in which the document's line 0 is line
    `offset` — or, for a notebook's JSON text (`file`), code cell i begins on line `starts[i]`."""

    uri: str
    lines: list[str]  # the client's document, split as LSP counts lines: its positions count these
    document: Document
    offset: int = 0
    cell: CellCode | None = None
    file: NotebookText | None = None
    starts: tuple[int, ...] = ()

    def to_program(self, line: int, col: int) -> tuple[int, int] | None:
        """(line, col) of the document in the program; None where the program has nothing (outside
        the code cells of a notebook's JSON text)."""
        if self.file is None:
            return self.offset + line, col
        at = self.file.cell_at(line, col)
        return None if at is None else (self.starts[at[0]] + at[1], at[2])

    def _in_file(self, line: int, col: int) -> tuple[int, int] | None:
        cell = bisect_right(self.starts, line) - 1
        return self.file.text_position(cell, line - self.starts[cell], col)

    def local_candidates(self, candidates: list[Candidate]) -> list[Candidate]:
        """Completion items in the document's coordinates. An import the item adds belongs in the
        document being edited (LSP applies `additionalTextEdits` to that document only): one that
        the program would put in another cell goes to this cell's own import line."""
        if self.file is not None:
            return self._file_candidates(candidates)
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

    def _file_candidates(self, candidates: list[Candidate]) -> list[Candidate]:
        """In a notebook's JSON text every text inserted is JSON string content (`"` → `\\"`, a line
        break → `\\n`). A snippet body with a backslash of its own is left out: the snippet syntax
        would read the escapes it needs as its own."""
        out = []
        for c in candidates:
            start, end = self._in_file(c.line, c.start_col), self._in_file(c.line, c.end_col)
            if start is None or end is None or start[0] != end[0] or (c.is_snippet and "\\" in c.insert_text):
                continue
            edits = []
            for e in c.additional_edits:
                a, b = self._in_file(e.line, e.col), self._in_file(e.end_line, e.end_col)
                if a is None or b is None:
                    break
                edits.append(TextEdit(*a, *b, _json_content(e.text)))
            else:
                out.append(dataclasses.replace(c, line=start[0], start_col=start[1], end_col=end[1],
                                               insert_text=_json_content(c.insert_text), additional_edits=edits))
        return out

    def local_hover(self, result: HoverResult | None) -> HoverResult | None:
        if result is None:
            return None
        if self.file is None:
            return dataclasses.replace(result, line=result.line - self.offset)
        start, end = self._in_file(result.line, result.start_col), self._in_file(result.line, result.end_col)
        if start is None:
            return None
        end_col = end[1] if end is not None and end[0] == start[0] else start[1]
        return dataclasses.replace(result, line=start[0], start_col=start[1], end_col=end_col)


def _json_content(text: str) -> str:
    """`text` as it is written inside a JSON string."""
    return json.dumps(text, ensure_ascii=False)[1:-1]


@dataclass(frozen=True, slots=True)
class Program:
    """A notebook's Python cells read as one program: for completion and hover, and for the rules."""

    cells: tuple[tuple[str, int | None, str], ...]  # (uri, version, source) of each cell it was built from
    codes: tuple[CellCode, ...]
    starts: tuple[int, ...]
    rooms: tuple[int, ...]  # lines each cell takes in the program (`analysis.cells.rooms`)
    document: Document  # the cells as typed
    rules_source: str  # what the rules read: `document.source` itself, unless a cell that does not parse is blanked

    def built_from(self, notebook: NotebookSnapshot) -> bool:
        return len(self.cells) == len(notebook.cells) and all(
            uri == c.uri and version == c.version and source is c.source
            for (uri, version, source), c in zip(self.cells, notebook.cells)
        )


def without_bom(source: str) -> str:
    """A text as Python reads it, positions kept: a leading byte-order mark (which Python drops from a
    file, but `ast.parse` of a str refuses: the whole file would go unanalysed) becomes a form feed,
    the one character Python ignores at a line's start, so line 0's columns still count it."""
    return "\f" + source[1:] if source.startswith("\ufeff") else source


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
        self._programs: dict[str, Program] = {}  # notebook key -> its program
        self._files: dict[str, tuple[int | None, str, NotebookFile]] = {}  # uri -> a notebook's JSON text read
        self._lock = threading.Lock()

    def get(self, snap: Snapshot) -> Target | None:
        """`snap` must be read on the event loop (a later didChange mutates the documents). None for
        a notebook's JSON text with nothing to analyse (unreadable, or not Python)."""
        if snap.notebook is not None and (index := snap.notebook.index(snap.uri)) is not None:
            program = self.program(snap.notebook)
            return Target(snap.uri, split_lines(snap.source), program.document, program.starts[index], program.codes[index])
        if is_notebook_file(snap.uri, snap.source):
            read = self.notebook_file(snap)
            if read.cells is None:
                return None
            program = self.program(read.cells)
            return Target(snap.uri, read.lines, program.document, file=read.text, starts=program.starts)
        analysed = self.analysed(snap.uri, snap.version, snap.source)
        return Target(snap.uri, analysed.lines, analysed.document)

    def at_hand(self, snap: Snapshot) -> Target | None:
        """The target of a plain document when what a completion reads of this version is there
        without a parse (its lines and imports, `Document.imports_known`); None otherwise (a notebook,
        or a version whose imports must be parsed first)."""
        if snap.notebook is not None or is_notebook_file(snap.uri, snap.source):
            return None
        analysed = self.analysed(snap.uri, snap.version, snap.source)
        return Target(snap.uri, analysed.lines, analysed.document) if analysed.document.imports_known else None

    def notebook_file(self, snap: Snapshot) -> NotebookFile:
        """A notebook's JSON text read, once per version (requests and the lint share it)."""
        with self._lock:
            hit = self._files.get(snap.uri)
            if hit is not None and hit[0] == snap.version and hit[1] is snap.source:
                return hit[2]
        read = read_notebook_file(snap.uri, snap.version, snap.source)
        with self._lock:
            self._files[snap.uri] = (snap.version, snap.source, read)
        return read

    def analysed(self, uri: str, version: int | None, source: str) -> Analysed:
        """The analysis of one version of a document (or a virtual one: a notebook's program for the
        rules). Creating a `Document` is cheap (its analyses are lazy), so it happens under the lock:
        two requests — and the lint worker — on one version share one analysis."""
        with self._lock:
            hit = self._cache.get(uri)
            if hit is not None and hit.version == version and hit.source is source:
                return hit
            previous = hit.document if hit is not None else None  # lets an unchanged import block be reused
            analysed = Analysed(uri, version, source, Document(without_bom(source), previous))
            if hit is None or version is None or hit.version is None or version >= hit.version:
                self._cache[uri] = analysed
            return analysed

    def program(self, notebook: NotebookSnapshot) -> Program:
        """The notebook's cells joined; only changed cells are read again, the cells keep their room
        in the program while they fit (an edit in one moves no other: the parse of the others is
        reused), and the imports carry over while no import line changed (`Document`)."""
        key = document_key(notebook.uri)
        with self._lock:
            hit = self._programs.get(key)
            if hit is not None and hit.built_from(notebook):
                return hit
            codes = tuple(python_code(c.source) for c in notebook.cells)
            had = dict(zip((uri for uri, _, _ in hit.cells), hit.rooms)) if hit is not None else {}
            room = rooms(codes, [had.get(c.uri) for c in notebook.cells])
            joined = join(codes, rooms=room)
            program = Program(
                tuple((c.uri, c.version, c.source) for c in notebook.cells),
                codes,
                joined.starts,
                room,
                Document(joined.source, hit.document if hit is not None else None),
                joined.source if all(c.parses for c in codes) else join(codes, for_rules=True, rooms=room).source,
            )
            self._programs[key] = program
            return program

    def rules_program(self, uri: str, run: int, notebook: NotebookSnapshot) -> Program:
        """`program(notebook)` for lint run `run` of `uri`. When every cell parses the rules read the
        very `Document` completion and hover read: one parse and one model for both (the `Linter`
        asks `analysed(uri, run, program.rules_source)` and finds it here)."""
        program = self.program(notebook)
        if program.rules_source is program.document.source:
            with self._lock:
                hit = self._cache.get(uri)
                if hit is None or hit.version is None or run >= hit.version:
                    self._cache[uri] = Analysed(uri, run, program.rules_source, program.document)
        return program

    def warm(self, snap: Snapshot) -> None:
        """Parse a just-opened file or notebook now: the first completion or hover in it then costs
        milliseconds. Not a large file (`Document.large`): the lint parses it part by part and
        analyses each part while its tree is alive (`Document.parsed_parts`); parsed here first,
        its parts would wait for the lint's analysis as trees 150 MB could not hold, and be parsed
        again."""
        target = self.get(snap)
        if target is not None and not target.document.large:
            target.document.imports, target.document.tree  # noqa: B018 - computing the cached analyses is the point

    def forget(self, uri: str) -> None:
        """A closed document or notebook."""
        with self._lock:
            self._cache.pop(uri, None)
            self._files.pop(uri, None)
            self._programs.pop(document_key(uri), None)
