"""`.ipynb` files for `notesense lint`, the way ruff reads them: the code cells linted as one program
(`analysis.cells`), findings reported per cell (`nb.ipynb:cell 5:2:1`, cells numbered 1-based over
all cells as Jupyter shows them), and `--fix` rewriting only the `source` of the cells it changed.

Everything else in the file stays byte for byte: outputs, execution counts, metadata, ids, key order
and the JSON layout (Jupyter's `indent=1` or any other). The new `source` is written into the span
the old one occupied, in the style of the old one (an array of lines or one string; its indentation
and escaping), and unchanged lines keep their original bytes, so the diff shows only fixed lines.
"""

from __future__ import annotations

import ast
import codecs
import difflib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from notesense.analysis.cells import CellCode, Joined, join, lines_with_ends, python_code, split_lines, to_cell
from notesense.files import NotWritten, Snapshot, replace_checked

if TYPE_CHECKING:
    from notesense.lint.runner import FileResult, Options
    from notesense.rules.base import Finding

_WS = re.compile(r"[ \t\n\r]*")
_CELL_MARK = "# notesense-cell-boundary"
_MARKS = re.compile(rf"^{_CELL_MARK} (\d+)(?:\r\n|\n)", re.MULTILINE)
_IPYTHON_MARK = re.compile(r"^[ \t]*pass  # notesense-ipython (\d+):(\d+)$")


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
    cells: tuple[CodeCell, ...]  # the Python code cells, in order
    python: bool  # False for a notebook in another language: nothing to lint

    @property
    def codes(self) -> list[CellCode]:
        return [python_code(c.source) for c in self.cells]


def read_notebook(data: bytes) -> Notebook:
    """Parse and check an .ipynb; raises NotebookError with the reason (invalid JSON, not nbformat 4,
    a cell without a usable `source`)."""
    bom = data.startswith(codecs.BOM_UTF8)
    try:
        text = data[3:].decode("utf-8") if bom else data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotebookError(f"not UTF-8 ({exc.reason} at byte {exc.start}); a notebook is UTF-8 JSON") from None
    try:
        nb = json.loads(text)
    except json.JSONDecodeError as exc:
        raise NotebookError(f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    if not isinstance(nb, dict):
        raise NotebookError("not a Jupyter notebook: the top level is not a JSON object")
    if nb.get("nbformat") != 4:
        raise NotebookError(f"not an nbformat 4 notebook (nbformat: {nb.get('nbformat')!r}); open and save it in Jupyter to upgrade it")
    if not isinstance(nb.get("cells"), list):
        raise NotebookError("not a Jupyter notebook: no `cells` list at the top level")
    cells = []
    for index, cell in enumerate(nb["cells"]):
        if not isinstance(cell, dict):
            raise NotebookError(f"cell {index + 1} is not a JSON object")
        source = cell.get("source", "")
        if isinstance(source, list) and all(isinstance(s, str) for s in source):
            source = "".join(source)
        if not isinstance(source, str):
            raise NotebookError(f"cell {index + 1}: `source` is neither a string nor a list of strings")
        if cell.get("cell_type") == "code":
            cells.append(CodeCell(index, source))
    metadata = nb.get("metadata") if isinstance(nb.get("metadata"), dict) else {}
    language = (metadata.get("language_info") or {}).get("name") or (metadata.get("kernelspec") or {}).get("language")
    python = not isinstance(language, str) or language.lower() in ("python", "python3", "ipython")
    return Notebook(text, bom, tuple(cells), python)


@dataclass(frozen=True)
class Checked:
    """Findings in cell coordinates, each with its 1-based notebook cell number."""

    findings: tuple[Finding, ...]
    cells: tuple[int, ...]
    syntax_error: tuple[int, int, int, str] | None  # (cell, line, col, message) of the first cell that does not parse


def check(nb: Notebook, path: str, options: Options) -> Checked:
    from notesense.rules.engine import check_source

    if not nb.python or not nb.cells:
        return Checked((), (), None)
    codes = nb.codes
    joined = join(codes, for_rules=True)
    findings = check_source(joined.source, path=path, select=options.select, ignore=options.ignore,
                            learned=options.learned_rules())
    return _localise(findings, nb, codes, joined)


def _localise(findings: list[Finding], nb: Notebook, codes: list[CellCode], joined: Joined) -> Checked:
    local = [to_cell(f, joined, codes) for f in findings]
    syntax = next((error for c, code in zip(nb.cells, codes) if not code.parses and (error := _syntax_error(c, code))), None)
    return Checked(tuple(f for _, f in local), tuple(nb.cells[i].index + 1 for i, _ in local), syntax)


def _syntax_error(cell: CodeCell, code: CellCode) -> tuple[int, int, int, str] | None:
    """(cell, line, col, message) of a cell that does not parse; None for a cell IPython runs anyway
    (top-level `await`): not analysed, but not an error either."""
    try:
        compile(code.text, f"<cell {cell.index + 1}>", "exec", ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
    except SyntaxError as exc:
        return cell.index + 1, exc.lineno or 1, max((exc.offset or 1) - 1, 0), exc.msg
    except (ValueError, RecursionError, MemoryError, SystemError) as exc:
        return cell.index + 1, 1, 0, str(exc) or type(exc).__name__
    return None


def fix(nb: Notebook, path: str, options: Options) -> tuple[str | None, Checked, int]:
    """(the notebook's new text or None when nothing changed, findings left, fixes applied).

    The fixer (`lint.fixer.fix_text`, the one used for .py files) runs on the cells joined with a
    marker comment between them and each IPython line held by a marked `pass`; afterwards the markers
    give each cell's new text back, with its IPython lines as they were."""
    from notesense.lint.fixer import fix_text

    if not nb.python or not nb.cells:
        return None, Checked((), (), None), 0
    codes = nb.codes
    newline = "\r\n" if any("\r\n" in c.source for c in nb.cells) else "\n"
    marked = newline.join(
        f"{_CELL_MARK} {i}{newline}{_marked_cell(i, code)}" for i, code in enumerate(codes)
    )
    fixed, findings, applied = fix_text(marked, path, options)
    sources = _unmark(fixed, nb, codes, newline) if fixed != marked else [c.source for c in nb.cells]
    if sources is None:  # a fix reached across a cell boundary: leave the notebook as it was
        return None, check(nb, path, options), 0
    program = _marked_program(fixed)
    checked = _localise(findings, nb, [python_code(s) for s in sources], program)
    if fixed == marked:
        return None, checked, 0
    return _rewrite(nb, {c.index: s for c, s in zip(nb.cells, sources) if s != c.source}), checked, applied


def _marked_cell(index: int, code: CellCode) -> str:
    """A cell as the fixer reads it: IPython lines held by a marked `pass`, a cell that does not parse
    as blank lines (the fixer never touches it)."""
    if not code.parses:
        return code.blank
    if not code.ipython:
        return code.text
    lines = lines_with_ends(code.text)
    for j in sorted(code.ipython):
        body = lines[j].rstrip("\r\n")
        indent = body[: len(body) - len(body.lstrip())]
        lines[j] = f"{indent}pass  # notesense-ipython {index}:{j}" + lines[j][len(body):]
    return "".join(lines)


def _marked_program(text: str) -> Joined:
    """Where each cell begins in the marked text (the line after its marker)."""
    starts = tuple(text.count("\n", 0, m.start()) + 1 for m in _MARKS.finditer(text))
    return Joined(text, starts)


def _unmark(text: str, nb: Notebook, codes: list[CellCode], newline: str) -> list[str] | None:
    marks = list(_MARKS.finditer(text))
    if [int(m[1]) for m in marks] != list(range(len(nb.cells))):
        return None
    sources = []
    for i, mark in enumerate(marks):
        begin = mark.end()
        end = marks[i + 1].start() - len(newline) if i + 1 < len(marks) else len(text)
        body = text[begin:end]
        if not codes[i].parses:
            sources.append(nb.cells[i].source)
            continue
        original = split_lines(nb.cells[i].source)
        restored = []
        for line in lines_with_ends(body):
            held = _IPYTHON_MARK.match(line.rstrip("\r\n"))
            if held and int(held[1]) == i:
                restored.append(original[int(held[2])] + line[len(line.rstrip("\r\n")):])
            else:
                restored.append(line)
        sources.append("".join(restored))
    return sources


# -- writing the changed cells back into the JSON text ------------------------------------------


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


def _source_spans(text: str) -> dict[int, tuple[int, int]]:
    """Cell index -> span of its `source` value in the JSON text (the last one, as JSON readers take)."""
    decoder = json.JSONDecoder()
    top = _skip_ws(text, 0)
    spans: dict[int, tuple[int, int]] = {}
    for key, start, _ in _members(decoder, text, top):
        if key != "cells":
            continue
        for index, (cell_start, _) in enumerate(_elements(decoder, text, start)):
            for cell_key, value_start, value_end in _members(decoder, text, cell_start):
                if cell_key == "source":
                    spans[index] = (value_start, value_end)
    return spans


def _rewrite(nb: Notebook, new_sources: dict[int, str]) -> str:
    text = nb.text
    spans = _source_spans(text)
    escape_non_ascii = text.isascii() and "\\u" in text  # written with json's ensure_ascii
    out = []
    last = 0
    for index in sorted(new_sources):
        start, end = spans[index]
        out.append(text[last:start])
        out.append(_source_json(text, start, end, new_sources[index], escape_non_ascii))
        last = end
    out.append(text[last:])
    return "".join(out)


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


def write(path: Path, before: Notebook, text: str, expected: Snapshot, *, force: bool = False) -> None:
    """Write a fixed notebook atomically, and only if it is still a notebook with the same cells, each
    code cell that parsed still parsing, and the file on disk is still `expected` (see
    `files.replace_checked`): the last guard before the user's file changes."""
    data = (codecs.BOM_UTF8 if before.bom else b"") + text.encode("utf-8")
    after = read_notebook(data)
    same_cells = [c.index for c in after.cells] == [c.index for c in before.cells]
    if not same_cells or any(old.parses and not new.parses for old, new in zip(before.codes, after.codes)):
        raise NotebookError("internal error: the fixed notebook would not be valid; nothing was written")
    replace_checked(path, data, expected, force=force)


def lint_path(path: str, data: bytes, expected: Snapshot, options: Options) -> FileResult:
    """`runner.lint_file` for an .ipynb: one file's result, findings in cell coordinates. `expected`:
    the file as `data` was read, which a fix may replace only if it is still that."""
    from notesense.lint.runner import FileResult

    def result(checked: Checked, **more: Any) -> FileResult:
        syntax = checked.syntax_error
        return FileResult(path, checked.findings, syntax_error=syntax[1:] if syntax else None,
                          syntax_cell=syntax[0] if syntax else None, cells=checked.cells, **more)

    try:
        nb = read_notebook(data)
    except NotebookError as exc:
        return FileResult(path, error=f"cannot read the notebook: {exc}")
    if not options.fixing:
        return result(check(nb, path, options))
    updated, checked, applied = fix(nb, path, options)
    if updated is None:
        return result(checked)
    if options.fix and not options.diff:
        try:
            write(Path(path), nb, updated, expected, force=options.force)
        except NotWritten as exc:  # the file changed meanwhile, or may not be rewritten: its own findings
            return result(check(nb, path, options), error=f"not fixed: {exc.reason}")
        except (OSError, NotebookError) as exc:
            return result(checked, error=f"cannot write: {exc}")
    return result(checked, fixed=applied, original=nb.text, updated=updated)
