"""Jupyter notebooks → Markdown, so that one parser handles every note.

Markdown cells are kept as written, code cells become ```python fences, and outputs are dropped:
they are results of one run, not knowledge. Raw cells are skipped.
"""

from __future__ import annotations

import json
import re
from typing import Any


def to_markdown(text: str) -> str:
    """The notebook's cells as one Markdown text; raises ValueError when `text` is not a notebook."""
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError("not a Jupyter notebook (top level is not an object)")
    cells = data.get("cells")
    if cells is None:  # nbformat 3 keeps cells inside worksheets
        cells = [c for ws in data.get("worksheets") or [] if isinstance(ws, dict) for c in ws.get("cells") or []]
    if not isinstance(cells, list):
        raise ValueError("not a Jupyter notebook (no cell list)")
    parts: list[str] = []
    for cell in cells:
        if not isinstance(cell, dict):
            continue
        kind = cell.get("cell_type")
        source = _source(cell.get("source", cell.get("input", "")))
        if not source.strip():
            continue
        if kind == "markdown":
            parts.append(source.strip("\n"))
        elif kind == "code":
            fence = "`" * max(3, _longest_backtick_run(source) + 1)
            parts.append(f"{fence}python\n{source.strip(chr(10))}\n{fence}")
    return "\n\n".join(parts) + "\n" if parts else ""


def _longest_backtick_run(text: str) -> int:
    return max((len(run) for run in re.findall(r"`+", text)), default=0)


def _source(value: Any) -> str:
    if isinstance(value, list):
        return "".join(str(v) for v in value)
    return value if isinstance(value, str) else ""
