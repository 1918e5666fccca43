"""`.ipynb` files for `notesense lint`, the way ruff reads them: the code cells linted as one program
(`analysis.cells`), findings reported per cell (`nb.ipynb:cell 5:2:1`, cells numbered 1-based over
all cells as Jupyter shows them), and `--fix` rewriting only the `source` of the cells it changed.

Everything else in the file stays byte for byte: outputs, execution counts, metadata, ids, key order
and the JSON layout (Jupyter's `indent=1` or any other). The new `source` is written into the span
the old one occupied, in the style of the old one (`notebook_json.rewrite`), and unchanged lines keep
their original bytes, so the diff shows only fixed lines.
"""

from __future__ import annotations

import ast
import codecs
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from notesense.analysis.cells import CellCode, Joined, join, lines_with_ends, python_code, split_lines, to_cell
from notesense.files import NotWritten, Snapshot, replace_checked
from notesense.notebook_json import CodeCell, Notebook, NotebookError, read_notebook, rewrite

if TYPE_CHECKING:
    from notesense.lint.runner import FileResult, Options
    from notesense.rules.base import Finding

_CELL_MARK = "# notesense-cell-boundary"
_MARKS = re.compile(rf"^{_CELL_MARK} (\d+)(?:\r\n|\n)", re.MULTILINE)
_IPYTHON_MARK = re.compile(r"^[ \t]*pass  # notesense-ipython (\d+):(\d+)$")


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
    return rewrite(nb, {c.index: s for c, s in zip(nb.cells, sources) if s != c.source}), checked, applied


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
