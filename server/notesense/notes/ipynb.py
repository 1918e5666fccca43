"""Jupyter notebooks → Markdown, so that one parser handles every note.

Markdown cells are kept as written, code cells become ```python fences, and outputs are dropped:
they are results of one run, not knowledge — except an error a cell raised, which follows the cell as
an output block with its traceback: the cell is a pitfall the note shows failing. Raw cells are skipped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from notesense.notes.model import LineMap


def to_markdown(text: str) -> str:
    """The notebook's cells as one Markdown text; raises ValueError when `text` is not a notebook."""
    return convert(text)[0]


def convert(text: str) -> tuple[str, LineMap]:
    """`to_markdown`, and where each cell's text stands in the notebook file as it is on disk, so that a
    link to a note made from a cell opens the `.ipynb` at that cell (`model.file_line`). The map is
    empty when the file's layout cannot be matched to its cells (then lines stay the Markdown's)."""
    cells = _cells(json.loads(text))
    places = _source_lines(text, cells)
    parts: list[str] = []
    lines: LineMap = []
    at = 1  # the Markdown line the next part starts on
    for number, cell in enumerate(cells):
        if not isinstance(cell, dict):
            continue
        kind = cell.get("cell_type")
        source = _source(cell.get("source", cell.get("input", "")))
        if not source.strip() or kind not in ("markdown", "code"):
            continue
        body = source.strip("\n")
        skipped = source[: len(source) - len(source.lstrip("\n"))].count("\n")  # blank lines dropped above
        if kind == "markdown":
            part, first = body, at
        else:
            fence = "`" * max(3, _longest_backtick_run(source) + 1)
            part, first = f"{fence}python\n{body}\n{fence}", at + 1
        if places is not None:
            line, per_line = places[number]
            lines.append((first, line + skipped if per_line else line, per_line))
        parts.append(part)
        at += part.count("\n") + 2  # parts are joined by one blank line
        error = _error_output(cell) if kind == "code" else ""
        if error:
            part = f"```\n{error}\n```"
            if places is not None:  # the traceback is not in the cell's source: it opens at the cell
                lines.append((at, places[number][0], False))
            parts.append(part)
            at += part.count("\n") + 2
    return ("\n\n".join(parts) + "\n" if parts else ""), lines


def _cells(data: Any) -> list[Any]:
    """The notebook's cells, as Jupyter numbers them; raises ValueError when `data` is no notebook."""
    if not isinstance(data, dict):
        raise ValueError("not a Jupyter notebook (top level is not an object)")
    cells = data.get("cells")
    if cells is None:  # nbformat 3 keeps cells inside worksheets
        cells = [c for ws in data.get("worksheets") or [] if isinstance(ws, dict) for c in ws.get("cells") or []]
    if not isinstance(cells, list):
        raise ValueError("not a Jupyter notebook (no cell list)")
    return cells


def file_positions(text: str) -> Callable[[int, int, int], tuple[int, int]] | None:
    """What takes a cell's position (1-based `cell`, 1-based `line`, 0-based `col`) to where it stands in
    the notebook's file as it is on disk, (1-based line, 0-based column), for tools that mark the file
    itself (GitHub annotations, SARIF); the file is read once for all its findings. None when its
    layout cannot be matched to its cells."""
    try:
        places = _source_lines(text, _cells(json.loads(text)))
    except ValueError:
        return None
    if places is None:
        return None
    rows = text.split("\n")

    def position(cell: int, line: int, col: int) -> tuple[int, int]:
        if not 0 < cell <= len(places):
            return line, col
        first, per_line = places[cell - 1]
        if not per_line:
            return first, 0
        at = first + line - 1
        raw = rows[at - 1] if 0 < at <= len(rows) else ""
        quote = raw.find('"')
        try:
            written = json.loads(raw[quote:].rstrip().rstrip(","))
        except ValueError:
            return at, 0
        return (at, quote + 1 + len(json.dumps(written[:col], ensure_ascii=False)) - 2) if isinstance(written, str) else (at, 0)

    return position


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _error_output(cell: dict[str, Any]) -> str:
    """The traceback of the first error the cell raised (terminal colours removed), or ''."""
    for output in cell.get("outputs") or ():
        if isinstance(output, dict) and output.get("output_type") == "error":
            frames = "\n".join(str(row) for row in output.get("traceback") or ())
            text = _ANSI.sub("", frames).strip("\n")
            last = f"{output.get('ename', 'Error')}: {output.get('evalue', '')}"
            if "Traceback (most recent call last)" not in text:
                text = f"Traceback (most recent call last)\n{text}"
            lines = [line for line in text.split("\n") if line.strip() and not set(line.strip()) <= {"-"}]
            return "\n".join([*lines[:-1], last] if lines and lines[-1].startswith(str(output.get("ename"))) else [*lines, last])
    return ""


_SOURCE_KEY = re.compile(r'"(?:source|input)"\s*:\s*(\[?)([^\n]*)')


def _source_lines(text: str, cells: list[Any]) -> list[tuple[int, bool]] | None:
    """Per cell: the file line of its first source line, and whether each source line has a line of its
    own (the usual `"source": [` layout). None when the keys found do not match the cells one to one."""
    found = [(text.count("\n", 0, m.start()) + 1, m) for m in _SOURCE_KEY.finditer(text)]
    if len(found) != len(cells):
        return None
    out: list[tuple[int, bool]] = []
    for line, m in found:
        listed, rest = m[1] == "[", m[2].strip()
        out.append((line + 1, True) if listed and not rest else (line, False))
    return out


def _longest_backtick_run(text: str) -> int:
    return max((len(run) for run in re.findall(r"`+", text)), default=0)


def _source(value: Any) -> str:
    """A cell's text. Its lines as a list that lost their line ends (`["### Title", "First line."]`, as some
    notebook generators write them; Jupyter would show one run-on line) are lines still: the cell says
    what its author wrote line by line."""
    if isinstance(value, list):
        lines = [str(v) for v in value]
        lost = len(lines) > 1 and not any(line.endswith("\n") for line in lines[:-1])
        return ("\n" if lost else "").join(lines)
    return value if isinstance(value, str) else ""
