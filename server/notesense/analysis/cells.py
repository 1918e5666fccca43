"""Notebook cells as one Python program, and positions mapped between the cells and that program.

A notebook runs its cells in order in one namespace, so `import torch` in cell 1 is what `torch` means
in cell 5: the analysis reads the code cells joined with `\\n` (as jedi-language-server does), each
cell starting on a known line. IPython syntax (`%magic`, `%%cell magic`, `!shell`, `obj?`) is not
Python; it is blanked line by line, keeping every line, so positions stay the cell's own. Both the
language server (cells as LSP documents) and `notesense lint` (cells from an .ipynb) use this module.
"""

from __future__ import annotations

import ast
import dataclasses
import itertools
import re
import textwrap
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from notesense.analysis.imports import parse_imports
from notesense.lines import LINE_END

if TYPE_CHECKING:
    from notesense.rules.base import Edit, Finding

# `%magic`, `!cmd`, `?obj`, and the assignment forms `files = !ls`, `t = %timeit -o f()`
_ESCAPED = re.compile(r"^\s*(?:[%!?]|[A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*\s*=\s*[%!])")
# `obj?`, `obj.attr??`, `%magic?` (help): a name-like target and the question marks closing the line
_HELP_END = re.compile(r"^\s*[%\w.\[\]()'\"]+\?{1,2}\s*$")
# IPython's automagic (on in Jupyter): `pip install torch`, `cd data`, `timeit f(x)` without the `%`,
# and its default shell aliases (`cat a.py`, `mkdir out`). Only the commands people type bare, and
# only when followed by an argument that is not Python (`pip = 3`, `cd(x)`, `time.sleep(1)` stay Python).
_AUTOMAGIC = re.compile(
    r"^\s*(?:aimport|alias|autoreload|bookmark|cat|cd|clear|conda|cp|dhist|dirs|env|history|less|load_ext|ls|"
    r"lsmagic|mamba|man|matplotlib|mkdir|more|mv|pip|popd|prun|pushd|pwd|pylab|reload_ext|reset|rm|rmdir|run|"
    r"set_env|sx|time|timeit|who|whos|xmode)"
    r"(?:\s*$|\s+(?![=(\[.,:+\-*/%<>!&|^@]))"
)
_CELL_MAGIC = re.compile(r"^%%(\w+)")
# Cell magics whose body is ordinary Python run in the kernel's namespace (ruff's list and a few
# more); the body of any other (`%%bash`, `%%html`, `%%writefile` …) is not this program's code.
TRANSPARENT_CELL_MAGICS = frozenset({"capture", "debug", "ipytest", "memit", "prun", "snakeviz", "time", "timeit"})


def split_lines(text: str) -> list[str]:
    """Lines as LSP and the rules count them (only \\n, \\r\\n and \\r end a line); `str.split` when
    there is no `\\r`: 5x faster than the regex on a notebook's JSON, split again at every keystroke."""
    return text.split("\n") if "\r" not in text else LINE_END.split(text)


def lines_with_ends(text: str) -> list[str]:
    """`split_lines(text)`, each line with the line break that ended it: joined, they are `text`."""
    return [line + end for line, end in zip(LINE_END.split(text), [*LINE_END.findall(text), ""])]


@dataclass(frozen=True, slots=True)
class CellCode:
    """One code cell read as Python."""

    text: str  # the cell with IPython syntax blanked: same lines and line breaks, same text on Python lines
    ipython: frozenset[int]  # 0-based lines that held IPython syntax (blanked in `text`)
    parses: bool  # `text` is valid Python (a cell being typed usually is not)
    lines: int  # how many lines the cell has
    first_code_line: int  # where the cell's Python begins (after a `%%time` line): imports go no higher

    @property
    def blank(self) -> str:
        """The cell as empty lines: what the rules read for a cell that does not parse, so one
        half-typed cell does not hide every other cell's findings."""
        return "\n" * (self.lines - 1)


def _parses(text: str) -> bool:
    try:
        ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError, SystemError):
        return False
    return True


def _blanked(line: str, in_block: bool = True) -> str:
    """An IPython line (with its line break) as Python with no effect: nothing, or `pass` where a
    block needs a statement (an indented line, when `in_block`). The line break stays."""
    body = line.rstrip("\r\n")
    indent = body[: len(body) - len(body.lstrip())]
    return (f"{indent}pass" if indent and in_block else "") + line[len(body) :]


_OPEN, _CLOSE = frozenset("([{"), frozenset(")]}")


def _depth(line: str, depth: int) -> int:
    """Brackets still open after `line` (`%timeit f(a,` goes on on the next line, as IPython reads a
    line magic to the end of its logical line); quoted text is skipped."""
    quote = ""
    for ch in line:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "#":
            break
        elif ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(depth - 1, 0)
    return depth


@lru_cache(maxsize=4096)
def python_code(source: str) -> CellCode:
    """`source` (one cell) as Python. Cached by text: an edit re-reads only the cell it changed."""
    lines = lines_with_ends(source)
    if _parses(source):
        return CellCode(source, frozenset(), True, len(lines), 0)
    out = list(lines)
    ipython: set[int] = set()
    first = next((i for i, line in enumerate(lines) if line.strip()), 0)
    code_from = 0
    if match := _CELL_MAGIC.match(lines[first].lstrip()):
        if match[1] not in TRANSPARENT_CELL_MAGICS:  # the whole cell belongs to another language
            return _unread(lines, len(lines))
        out[first] = _blanked(lines[first])
        ipython.add(first)
        code_from = first + 1
    continued = False
    depth = 0
    for i in range(code_from, len(lines)):
        line = lines[i]
        if continued:  # its indentation is not a block's: nothing but the line break
            out[i] = line[len(line.rstrip("\r\n")) :]
        elif _ESCAPED.match(line) or _HELP_END.match(line) or _AUTOMAGIC.match(line):
            out[i] = _blanked(line)
            depth = 0
        else:
            continue
        ipython.add(i)
        depth = _depth(line, depth)
        # `!pip install a \` and `%timeit f(a,` go on on the next line
        continued = depth > 0 or line.rstrip().endswith("\\")
    if not ipython:
        if source[:1] in (" ", "\t") and _parses(textwrap.dedent(source)):
            # IPython strips a cell's common leading indent (` a.all()` runs): no syntax error, but its
            # columns are not the program's, so the rules read it as blank lines
            return _unread(lines, code_from)
        return CellCode(source, frozenset(), False, len(lines), code_from)
    text = "".join(out)
    parses = _parses(text)
    if not parses:  # an indented magic outside any block (` %timeit f()`, IPython drops a cell's indent)
        flat = "".join(_blanked(lines[i], in_block=False) if i in ipython and out[i].strip() else out[i]
                       for i in range(len(lines)))
        if _parses(flat):
            text, parses = flat, True
    return CellCode(text, frozenset(ipython), parses, len(lines), code_from)


def _unread(lines: list[str], first_code_line: int) -> CellCode:
    """A cell none of whose lines is read as this program's Python: only its line breaks, every line
    with text counted as IPython's."""
    breaks = "".join(line[len(line.rstrip("\r\n")) :] for line in lines)
    return CellCode(breaks, frozenset(i for i, line in enumerate(lines) if line.strip()), True, len(lines), first_code_line)


@dataclass(frozen=True, slots=True)
class Joined:
    """Cells joined into one program, and where each cell's lines are in it."""

    source: str
    starts: tuple[int, ...]  # 0-based line of the program where each cell begins, in cell order

    def cell_at(self, line: int) -> tuple[int, int]:
        """(cell index, line within that cell) of a 0-based line of the program."""
        cell = max(bisect_right(self.starts, line) - 1, 0)
        return cell, line - self.starts[cell]

    def line_in_program(self, cell: int, line: int) -> int:
        return self.starts[cell] + line


def join(cells: Sequence[CellCode], *, for_rules: bool = False, rooms: Sequence[int] | None = None) -> Joined:
    """The cells as one program. `for_rules` blanks the cells that do not parse (see `CellCode.blank`);
    completion and hover read them as typed, through the tolerant parse of `analysis.document`.
    `rooms`: the lines each cell takes in the program, its own followed by blank ones (see `rooms`);
    by default just its own."""
    sizes = [cell.lines for cell in cells] if rooms is None else rooms
    texts = [
        (cell.text if cell.parses or not for_rules else cell.blank) + "\n" * (size - cell.lines)
        for cell, size in zip(cells, sizes, strict=True)
    ]
    return Joined("\n".join(texts), tuple(itertools.accumulate(sizes[:-1], initial=0)))


ROOM_TO_GROW = 3  # blank lines after a cell in the language server's program


def rooms(cells: Sequence[CellCode], before: Sequence[int | None]) -> tuple[int, ...]:
    """The lines each cell takes in the language server's program: the room it had in the last one
    (`before`; None for a new cell) while it fits there, else its own lines and `ROOM_TO_GROW` more.
    A line added or removed in one cell then moves no other cell, so the parse of the statements
    after it is reused as it is (`analysis.recover` reuses what kept its text and its lines)."""
    return tuple(
        room if room is not None and cell.lines <= room else cell.lines + ROOM_TO_GROW
        for cell, room in zip(cells, before, strict=True)
    )


def import_line(cell: CellCode) -> int:
    """Where a new import belongs inside `cell`: after its own leading imports, below a cell magic."""
    return max(parse_imports(cell.text).insert_line, cell.first_code_line)


def shift_edit(edit: Edit, lines: int) -> Edit:
    return dataclasses.replace(edit, line=edit.line + lines, end_line=edit.end_line + lines)


def to_cell(finding: Finding, joined: Joined, cells: Sequence[CellCode]) -> tuple[int, Finding]:
    """(cell index, `finding` in that cell's coordinates) for a finding on the joined program. A fix
    that would edit another cell is dropped: such an edit cannot be applied to one cell (the finding
    itself still shows)."""
    index, _ = joined.cell_at(finding.line - 1)
    start = joined.starts[index]
    inside = range(1, cells[index].lines + 1)
    fixes = tuple(
        dataclasses.replace(fix, edits=tuple(shift_edit(e, -start) for e in fix.edits))
        for fix in finding.fixes
        if all(e.line - start in inside and e.end_line - start in inside for e in fix.edits)
    )
    return index, dataclasses.replace(finding, line=finding.line - start, end_line=finding.end_line - start, fixes=fixes)
