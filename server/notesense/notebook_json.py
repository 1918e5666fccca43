"""An .ipynb file as JSON text: its code cells, where each cell's `source` lies in the text, and the
text with new sources written in the old layout.

`notesense lint` reads notebooks from disk through it; the language server reads a notebook an editor
opened as a plain file (Neovim, or any client without notebook sync) through it. Both need more than
`json.loads`: the server maps positions inside the cells to positions in the JSON text (escapes such
as `\\"` and `\\n` make that more than an offset), and a fix must rewrite only the changed source
lines, so that outputs, metadata, key order and layout stay byte for byte.
"""

from __future__ import annotations

import codecs
import difflib
import json
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property

from notesense.analysis.cells import CellCode, lines_with_ends, python_code
from notesense.lines import line_starts

_WS = re.compile(r"[ \t\n\r]*")


class NotebookError(ValueError):
    """The file is not a notebook notesense can read; the message says why."""


@dataclass(frozen=True)
class CodeCell:
    index: int  # among all the notebook's cells (0-based); `cell N` is index + 1
    source: str


@dataclass(frozen=True)
class Notebook:
    text: str  # the JSON as decoded (without a BOM)
    bom: bool
    version: int  # nbformat: 3 or 4
    cells: tuple[CodeCell, ...]  # the Python code cells, in order
    python: bool  # False for a notebook in another language: nothing to lint

    @property
    def codes(self) -> list[CellCode]:
        return [python_code(c.source) for c in self.cells]


def read_notebook(data: bytes) -> Notebook:
    """Decode and parse an .ipynb file's bytes (see `parse_notebook`)."""
    bom = data.startswith(codecs.BOM_UTF8)
    try:
        text = data[3:].decode("utf-8") if bom else data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotebookError(f"not UTF-8 ({exc.reason} at byte {exc.start}); a notebook is UTF-8 JSON") from None
    return parse_notebook(text, bom)


def parse_notebook(text: str, bom: bool = False) -> Notebook:
    """Parse and check a notebook's JSON text; raises NotebookError with the reason (invalid JSON, not
    nbformat 3 or 4, a cell without a usable `source`). nbformat 3 (IPython 1–2, years of old study
    notebooks) keeps its cells in `worksheets` and a code cell's code in `input`: its cells are numbered
    in order across the worksheets, as Jupyter shows them after upgrading the file."""
    try:
        nb = json.loads(text)
    except json.JSONDecodeError as exc:
        raise NotebookError(f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    if not isinstance(nb, dict):
        raise NotebookError("not a Jupyter notebook: the top level is not a JSON object")
    version = nb.get("nbformat")
    if version not in (3, 4):
        raise NotebookError(f"not an nbformat 3 or 4 notebook (nbformat: {version!r}); open and save it in Jupyter to upgrade it")
    all_cells = _v3_cells(nb) if version == 3 else nb.get("cells")
    if not isinstance(all_cells, list):
        where = "in its `worksheets`" if version == 3 else "at the top level"
        raise NotebookError(f"not a Jupyter notebook: no `cells` list {where}")
    cells = []
    for index, cell in enumerate(all_cells):
        if not isinstance(cell, dict):
            raise NotebookError(f"cell {index + 1} is not a JSON object")
        key = code_key(version, cell.get("cell_type"))
        source = cell.get(key, "")
        if isinstance(source, list) and all(isinstance(s, str) for s in source):
            source = "".join(source)
        if not isinstance(source, str):
            raise NotebookError(f"cell {index + 1}: `{key}` is neither a string nor a list of strings")
        if cell.get("cell_type") == "code" and (version == 4 or _python_language(cell.get("language"))):
            cells.append(CodeCell(index, source))
    metadata = nb.get("metadata") if isinstance(nb.get("metadata"), dict) else {}
    language = (metadata.get("language_info") or {}).get("name") or (metadata.get("kernelspec") or {}).get("language")
    return Notebook(text, bom, version, tuple(cells), _python_language(language))


def _python_language(language: object) -> bool:
    """A notebook's (or an nbformat 3 cell's) language is Python, or unsaid."""
    return not isinstance(language, str) or language.lower() in ("python", "python3", "ipython")


def _v3_cells(nb: dict) -> list | None:
    """An nbformat 3 notebook's cells, every worksheet's in order; None when they are not lists."""
    sheets = nb.get("worksheets")
    if not isinstance(sheets, list) or not all(isinstance(w, dict) and isinstance(w.get("cells", []), list) for w in sheets):
        return None
    return [cell for sheet in sheets for cell in sheet.get("cells", [])]


def code_key(version: int, cell_type: object) -> str:
    """The key of a cell's text: `input` for an nbformat 3 code cell, `source` for everything else."""
    return "input" if version == 3 and cell_type == "code" else "source"


# -- where things are in the JSON text ------------------------------------------------------------


def _skip_ws(text: str, i: int) -> int:
    return _WS.match(text, i).end()


def _value_end(decoder: json.JSONDecoder, text: str, i: int) -> int:
    return decoder.raw_decode(text, i)[1]


def _members(decoder: json.JSONDecoder, text: str, i: int):
    """(key, value start, value end) of the object starting at `text[i] == '{'`."""
    i = _skip_ws(text, i + 1)
    while text[i] != "}":
        key, i = json.decoder.scanstring(text, i + 1)
        i = _skip_ws(text, _skip_ws(text, i) + 1)  # past ':'
        end = _value_end(decoder, text, i)
        yield key, i, end
        i = _skip_ws(text, end)
        if text[i] == ",":
            i = _skip_ws(text, i + 1)


def _elements(decoder: json.JSONDecoder, text: str, i: int):
    """(start, end) of each element of the array starting at `text[i] == '['`."""
    i = _skip_ws(text, i + 1)
    while text[i] != "]":
        end = _value_end(decoder, text, i)
        yield i, end
        i = _skip_ws(text, end)
        if text[i] == ",":
            i = _skip_ws(text, i + 1)


def source_spans(text: str, version: int) -> dict[int, tuple[int, int]]:
    """Cell index -> span of its text (`code_key`) in the JSON text of an nbformat `version` notebook
    (the last one, as JSON readers take); cells numbered as `parse_notebook` numbers them."""
    decoder = json.JSONDecoder()
    spans: dict[int, tuple[int, int]] = {}
    for index, cell_start in enumerate(_cell_starts(decoder, text, version)):
        members = list(_members(decoder, text, cell_start))
        cell_type = next((decoder.decode(text[a:b]) for k, a, b in members if k == "cell_type"), None)
        key = code_key(version, cell_type)
        for cell_key, value_start, value_end in members:
            if cell_key == key:
                spans[index] = (value_start, value_end)
    return spans


def _cell_starts(decoder: json.JSONDecoder, text: str, version: int):
    """Where each cell's object starts: in `cells` (nbformat 4) or in each worksheet's `cells` (3)."""
    for key, start, _ in _members(decoder, text, _skip_ws(text, 0)):
        if key == "cells" and version == 4:
            yield from (cell for cell, _ in _elements(decoder, text, start))
        elif key == "worksheets" and version == 3:
            for sheet, _ in _elements(decoder, text, start):
                for sheet_key, cells, _ in _members(decoder, text, sheet):
                    if sheet_key == "cells":
                        yield from (cell for cell, _ in _elements(decoder, text, cells))


# one escape of a JSON string: a surrogate pair (one character), `\\uXXXX`, or `\\` and one character
_ESCAPE = re.compile(r"\\(?:u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)")


@dataclass(frozen=True, slots=True)
class _Piece:
    """One JSON string of a cell's `source` (the whole source, or one element of its array). Between
    escapes, characters and the text advance together; `escapes` says where each escape is."""

    start: int  # offset of its opening quote in the JSON text
    decoded_start: int  # where its first character is in the cell's source
    length: int  # decoded characters
    decoded: tuple[int, ...] = ()  # the character each escape stands for (offsets in the piece)
    raw: tuple[int, ...] = ()  # where each escape begins, after the opening quote
    raw_end: tuple[int, ...] = ()  # and where it ends

    def to_text(self, d: int) -> int:
        """JSON text offset of the piece's character `d` (`length`: its closing quote)."""
        k = bisect_right(self.decoded, d) - 1
        if k < 0:
            return self.start + 1 + d
        return self.start + 1 + (self.raw[k] if d == self.decoded[k] else self.raw_end[k] + d - self.decoded[k] - 1)

    def to_source(self, offset: int) -> int:
        """The piece's character at JSON text `offset` (inside an escape: the escaped character)."""
        r = offset - self.start - 1
        k = bisect_right(self.raw, r) - 1
        if k < 0:
            d = r
        elif r < self.raw_end[k]:
            d = self.decoded[k]
        else:
            d = self.decoded[k] + 1 + r - self.raw_end[k]
        return min(max(d, 0), self.length)


def _piece(text: str, start: int, end: int, decoded_start: int) -> _Piece:
    """The JSON string text[start:end], with where its escapes are."""
    body = text[start + 1 : end - 1]
    if "\\" not in body:
        return _Piece(start, decoded_start, len(body))
    decoded, raw, raw_end = [], [], []
    shrink = 0  # text characters so far beyond the characters they stand for
    for match in _ESCAPE.finditer(body):
        decoded.append(match.start() - shrink)
        raw.append(match.start())
        raw_end.append(match.end())
        shrink += match.end() - match.start() - 1
    return _Piece(start, decoded_start, len(body) - shrink, tuple(decoded), tuple(raw), tuple(raw_end))


@dataclass(frozen=True)
class CellMap:
    """Where the characters of one code cell's source are in the notebook's JSON text."""

    pieces: tuple[_Piece, ...]
    line_starts: tuple[int, ...]  # offsets in the source where each of its lines begins

    @cached_property
    def _piece_starts(self) -> list[int]:
        return [p.decoded_start for p in self.pieces]

    def to_text(self, line: int, col: int) -> int | None:
        """JSON text offset of (line, code-point col) of the cell; None past its end."""
        if not self.pieces or line >= len(self.line_starts):
            return None
        d = self.line_starts[line] + col
        piece = self.pieces[max(bisect_right(self._piece_starts, d) - 1, 0)]
        return piece.to_text(min(d - piece.decoded_start, piece.length))

    def contains(self, offset: int) -> _Piece | None:
        """The piece whose string holds JSON text `offset` (its closing quote counts: the cursor at
        the end of a line stands there)."""
        for piece in self.pieces:
            if piece.start < offset <= piece.to_text(piece.length):
                return piece
        return None

    def to_cell(self, piece: _Piece, offset: int) -> tuple[int, int]:
        d = piece.decoded_start + piece.to_source(offset)
        line = bisect_right(self.line_starts, d) - 1
        return line, d - self.line_starts[line]


@dataclass(frozen=True)
class NotebookText:
    """A notebook opened as its JSON text: its code cells, and positions between them and the text."""

    notebook: Notebook
    spans: dict[int, tuple[int, int]]  # cell index -> span of its `source`
    maps: tuple[CellMap, ...]  # one per code cell, in order
    line_starts: tuple[int, ...]  # offsets in the JSON text where each of its lines begins

    @classmethod
    def parse(cls, text: str) -> NotebookText:
        """Raises NotebookError (with the reason) for text that is not a notebook."""
        notebook = parse_notebook(text)
        spans = source_spans(text, notebook.version)
        decoder = json.JSONDecoder()
        maps = []
        for cell in notebook.cells:
            span = spans.get(cell.index)  # None: a code cell without `source` (nbformat needs one), read as empty
            if span is None:
                bounds = []
            elif text[span[0]] == "[":
                bounds = list(_elements(decoder, text, span[0]))
            else:
                bounds = [span]
            pieces, decoded = [], 0
            for a, b in bounds:
                pieces.append(_piece(text, a, b, decoded))
                decoded += pieces[-1].length
            if decoded != len(cell.source):
                raise NotebookError(f"cell {cell.index + 1}: its `source` could not be located in the text")
            starts = [0]
            for line in lines_with_ends(cell.source)[:-1]:
                starts.append(starts[-1] + len(line))
            maps.append(CellMap(tuple(pieces), tuple(starts)))
        return cls(notebook, spans, tuple(maps), tuple(line_starts(text)))

    def position(self, offset: int) -> tuple[int, int]:
        """(0-based line, code-point column) of a JSON text offset."""
        line = bisect_right(self.line_starts, offset) - 1
        return line, offset - self.line_starts[line]

    def offset(self, line: int, col: int) -> int:
        return self.line_starts[min(line, len(self.line_starts) - 1)] + col

    def cell_at(self, line: int, col: int) -> tuple[int, int, int] | None:
        """(code cell, line, column in the cell) at a position of the JSON text; None outside every
        code cell's source."""
        offset = self.offset(line, col)
        for index, (cell, cell_map) in enumerate(zip(self.notebook.cells, self.maps)):
            start, end = self.spans.get(cell.index, (0, 0))
            if start < offset < end and (piece := cell_map.contains(offset)) is not None:
                return (index, *cell_map.to_cell(piece, offset))
        return None

    def text_position(self, cell: int, line: int, col: int) -> tuple[int, int] | None:
        """Where (line, col) of code cell `cell` is in the JSON text."""
        offset = self.maps[cell].to_text(line, col)
        return None if offset is None else self.position(offset)

    @cached_property
    def _ascii_only(self) -> bool:
        return _escapes_non_ascii(self.notebook.text)

    def replace_source(self, cell: int, source: str) -> tuple[int, int, str]:
        """(start, end, text): the smallest change to the JSON text that gives code cell `cell` the
        source `source`, written in the notebook's layout (see `rewrite`)."""
        text = self.notebook.text
        start, end = self.spans[self.notebook.cells[cell].index]
        old, new = text[start:end], _source_json(text, start, end, source, self._ascii_only)
        same = 0
        limit = min(len(old), len(new))
        while same < limit and old[same] == new[same]:
            same += 1
        tail = 0
        while tail < limit - same and old[len(old) - 1 - tail] == new[len(new) - 1 - tail]:
            tail += 1
        return start + same, end - tail, new[same : len(new) - tail]


# -- writing new sources into the JSON text ------------------------------------------------------


def rewrite(nb: Notebook, new_sources: dict[int, str]) -> str:
    """The notebook's text with the `source` of the cells in `new_sources` (by cell index) replaced;
    each in the style of the old one, unchanged lines keeping their bytes."""
    text = nb.text
    spans = source_spans(text, nb.version)
    escape_non_ascii = _escapes_non_ascii(text)
    out = []
    last = 0
    for index in sorted(new_sources):
        start, end = spans[index]
        out.append(text[last:start])
        out.append(_source_json(text, start, end, new_sources[index], escape_non_ascii))
        last = end
    out.append(text[last:])
    return "".join(out)


# a `\uXXXX` escape: after an even number of backslashes (the JSON text `C:\\users` is a backslash and `users`)
_UNICODE_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\u[0-9a-fA-F]{4}")


def _escapes_non_ascii(text: str) -> bool:
    """The notebook was written with json's `ensure_ascii` (`\\u4e2d` for 中): new lines are too."""
    return text.isascii() and _UNICODE_ESCAPE.search(text) is not None


def _source_json(text: str, start: int, end: int, source: str, ascii_only: bool) -> str:
    """The new `source` value in the style of the old one at text[start:end]."""
    old = text[start:end]
    if not old.startswith("["):
        return json.dumps(source, ensure_ascii=ascii_only)
    decoder = json.JSONDecoder()
    spans = list(_elements(decoder, text, start))
    raw = [text[a:b] for a, b in spans]
    values = [decoder.decode(r) for r in raw]
    lines = _source_lines(source)
    if spans:
        first = text[start + 1 : spans[0][0]]  # '[' to the first element: e.g. "\n    "
        separator = text[spans[0][1] : spans[1][0]] if len(spans) > 1 else "," + first
        closing = text[spans[-1][1] : end - 1]
    else:
        first, separator, closing = _empty_array_layout(text, start)
    if not lines:
        return "[]"
    matcher = difflib.SequenceMatcher(a=values, b=lines, autojunk=False)
    items: list[str] = []
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            items.extend(raw[a0:a1])
        else:
            items.extend(json.dumps(line, ensure_ascii=ascii_only) for line in lines[b0:b1])
    return "[" + first + separator.join(items) + closing + "]"


def _source_lines(source: str) -> list[str]:
    """nbformat's split: each line keeps its line ending; no empty last element."""
    return re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", source)


def _empty_array_layout(text: str, start: int) -> tuple[str, str, str]:
    """An empty `source: []` becomes a multi-line array indented one step deeper than its key."""
    line_start = text.rfind("\n", 0, start) + 1
    indent = re.match(r"[ \t]*", text[line_start:]).group()
    unit = re.search(r"\n([ \t]+)\S", text)
    step = unit.group(1) if unit else " "
    newline = "\r\n" if "\r\n" in text else "\n"
    return newline + indent + step, "," + newline + indent + step, newline + indent
