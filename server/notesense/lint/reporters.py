"""Output formats of `notesense lint`: text, json, sarif (2.1.0) and GitHub annotations.

Columns are 1-based in every format meant for people and tools (text, SARIF, GitHub), as ruff and
flake8 print them; the JSON keeps the engine's 0-based code-point columns next to 1-based lines,
the same positions the language server uses. In a notebook, positions are the cell's own and the
cell is named as ruff names it: `nb.ipynb:cell 5:2:1:` in text, `cell` in JSON; GitHub annotations and
SARIF, which mark the file itself, give the line of the `.ipynb` that holds the code (the cell and its
own position in the message, or in SARIF's properties).
A finding's message is in the language asked for, as the language server shows it
(`i18n.finding_text`: for Chinese, the note's words).
"""

from __future__ import annotations

import difflib
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO
from urllib.parse import urlparse
from urllib.request import url2pathname

from notesense import __version__
from notesense.i18n import Language, finding_text
from notesense.lint.runner import FileResult, Report
from notesense.notes.ipynb import file_positions
from notesense.rules.base import Finding

SYNTAX_CODE = "syntax-error"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note", "hint": "note"}
_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice", "hint": "notice"}


def _items(report: Report) -> Iterator[tuple[str, Finding, int | None]]:
    """(path, finding, notebook cell or None) for every problem of the report, a file's in order (a file
    that does not parse has the findings of what parses beside its syntax error, as in the editor)."""
    for result in report.results:
        cells = result.cells or (None,) * len(result.findings)
        found: list[tuple[Finding, int | None]] = list(zip(result.findings, cells, strict=True))
        if result.syntax_error is not None:
            line, col, msg = result.syntax_error
            syntax = Finding(SYNTAX_CODE, f"SyntaxError: {msg}", "", "error", line, col, line, col)
            found.append((syntax, result.syntax_cell))
            found.sort(key=lambda item: (item[1] or 0, item[0].line, item[0].col))
        for finding, cell in found:
            yield result.path, finding, cell


def _on_disk(report: Report) -> Iterator[tuple[str, Finding, int | None, tuple[int, int, int, int]]]:
    """`_items` with each finding's (line, 1-based column, end line, end column) in the file as it is on
    disk: a notebook finding's cell position taken to the line of the `.ipynb` that holds it, so that a
    GitHub annotation or a SARIF viewer marks that line (the cell's own position, when the file's layout
    cannot be matched, or the file is gone). Each notebook is read once."""
    positions: dict[str, Callable[[int, int, int], tuple[int, int]] | None] = {}
    for path, f, cell in _items(report):
        if cell is not None and path not in positions:
            try:
                positions[path] = file_positions(Path(path).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                positions[path] = None
        position = positions.get(path) if cell is not None else None
        if position is None:
            start, end = (f.line, f.col), (f.end_line, f.end_col)
        else:
            start, end = position(cell, f.line, f.col), position(cell, f.end_line, f.end_col)  # type: ignore[arg-type]
        yield path, f, cell, (start[0], start[1] + 1, end[0], end[1] + 1)


def _where(path: str, cell: int | None) -> str:
    return path if cell is None else f"{path}:cell {cell}"


def _message(finding: Finding, lang: Language) -> str:
    return finding_text(finding.message, finding.hint, lang)


def text(report: Report, lang: Language = "en", hyperlinks: bool = False) -> str:
    """One line a problem, ruff's concise format; with `hyperlinks` (a terminal that shows them), each
    code links to the note that explains it, as ruff links its codes to the rule's page."""
    lines = [f"{_where(path, cell)}:{f.line}:{f.col + 1}: {_linked(f.code, f.note) if hyperlinks else f.code} "
             f"{' '.join(_message(f, lang).splitlines())}"  # one line a problem: a learned rule's two sentences too
             for path, f, cell in _items(report)]
    lines += [f"{r.path}: error: {r.error}" for r in report.results if r.error]
    lines += [f"{path}: error: no such file or directory" for path in report.missing]
    return "\n".join(lines) + ("\n" if lines else "")


def _linked(label: str, uri: str) -> str:
    """`label` as an OSC 8 terminal hyperlink to `uri` (the label alone when there is none)."""
    return f"\x1b]8;;{uri}\x1b\\{label}\x1b]8;;\x1b\\" if uri else label


def hyperlinks(stream: TextIO) -> bool:
    """Whether to write terminal hyperlinks on `stream`: FORCE_HYPERLINK=1/0 decides (the convention of
    the `supports-hyperlinks` libraries ruff uses), else a terminal that is not `dumb`."""
    forced = os.environ.get("FORCE_HYPERLINK")
    if forced:
        return forced != "0"
    return stream.isatty() and os.environ.get("TERM", "") != "dumb"


def notes(report: Report) -> str:
    """Where each reported rule is explained, once a rule: the note the editor's "open note" opens, as
    `path:line` (relative to the working folder when under it) that terminals and editors open."""
    seen: dict[str, str] = {}
    for _path, f, _cell in _items(report):
        if f.note and f.code not in seen:
            seen[f.code] = _note_place(f.note)
    return "".join(f"{code} note: {place}\n" for code, place in sorted(seen.items()))


def _note_place(uri: str) -> str:
    """`file:///…/note.md#L12` as `…/note.md:12`."""
    if not uri.startswith("file:"):
        return uri
    target, _, fragment = uri.partition("#L")
    path = Path(url2pathname(urlparse(target).path))
    try:
        path = path.relative_to(Path.cwd())
    except ValueError:
        pass
    return f"{path}:{fragment}" if fragment.isdigit() else str(path)


def summary(report: Report) -> str:
    fixed = sum(r.fixed for r in report.results)
    parts = [f"Found {report.findings} problem{'s' if report.findings != 1 else ''}"]
    if fixed:
        parts.append(f"fixed {fixed}")
    findings = [f for _, f, _ in _items(report) if f.fixes]
    safe = sum(1 for f in findings if any(x.safe for x in f.fixes))
    if safe and not fixed:
        parts.append(f"{safe} fixable with --fix")
    if len(findings) > safe:
        parts.append(f"{len(findings) - safe} more with --unsafe-fixes")
    failed = sum(r.error is not None for r in report.results)
    files = len(report.results) - failed
    unchecked = f"{failed} file{'s' if failed != 1 else ''} could not be checked (see above)"
    if failed and not files:
        return unchecked[0].upper() + unchecked[1:] + ".\n"  # not "Found 0 problems": nothing was looked at
    found = ", ".join(parts) + f" in {files} file{'s' if files != 1 else ''}"
    return found + (f"; {unchecked}" if failed else "") + ".\n"


def _fix_json(finding: Finding) -> dict | None:
    if not finding.fixes:
        return None
    fix = finding.fixes[0]
    return {
        "title": fix.title,
        "safe": fix.safe,
        "edits": [
            {"line": e.line, "col": e.col, "end_line": e.end_line, "end_col": e.end_col, "text": e.text}
            for e in fix.edits
        ],
    }


def as_json(report: Report, lang: Language = "en") -> str:
    rows = [
        {
            "path": path,
            "line": f.line,
            "col": f.col,
            "end_line": f.end_line,
            "end_col": f.end_col,
            "code": f.code,
            "message": _message(f, lang),
            "hint": f.hint,
            "severity": f.severity,
            "note": f.note,
            "fix": _fix_json(f),
            "cell": cell,
        }
        for path, f, cell in _items(report)
    ]
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def sarif(report: Report, lang: Language = "en") -> str:
    from notesense.rules.engine import ALL_RULES

    rules = [
        {
            "id": r.code,
            "name": r.name,
            "shortDescription": {"text": r.message},
            "fullDescription": {"text": (r.__doc__ or "").strip().splitlines()[0]},
            "defaultConfiguration": {"level": _SARIF_LEVEL[r.severity]},
            "properties": {"context": r.context, "hint": r.hint},
        }
        for r in ALL_RULES
    ]
    index = {r["id"]: i for i, r in enumerate(rules)}
    for _path, f, _cell in _items(report):  # rules learned from notes: described by their own findings
        if f.code.startswith("NSN") and f.code not in index:
            index[f.code] = len(rules)
            rules.append({"id": f.code, "shortDescription": {"text": f.message},
                          "defaultConfiguration": {"level": _SARIF_LEVEL.get(f.severity, "note")},
                          **({"helpUri": f.note} if f.note else {}), "properties": {"learned": True, "hint": f.hint}})
    results = []
    for path, f, cell, (line, col, end_line, end_col) in _on_disk(report):
        result = {
            "ruleId": f.code,
            "level": _SARIF_LEVEL.get(f.severity, "warning"),
            "message": {"text": f"{f.message} ({f.hint})" if f.hint and lang == "en" else _message(f, lang)},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": {"uri": path.replace("\\", "/")},
                    "region": {"startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col},
                }
            }],
        }
        if f.code in index:
            result["ruleIndex"] = index[f.code]
        if cell is not None:  # where a notebook viewer shows it: the cell, and the line and column in it
            result["properties"] = {"cell": cell, "cellLine": f.line, "cellColumn": f.col + 1}
        results.append(result)
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "notesense", "version": __version__, "rules": rules}},
            "results": results,
        }],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def github(report: Report, lang: Language = "en") -> str:
    def esc(value: str) -> str:
        return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    lines = [
        f"::{_GITHUB_LEVEL.get(f.severity, 'warning')} file={esc(path)},line={line},col={col},"
        f"endLine={end_line},endColumn={end_col},title={f.code}::"
        f"{esc(f'{_where(path, cell)}:{f.line}:{f.col + 1}: ' if cell else '')}{esc(f'{f.code} {_message(f, lang)}')}"
        for path, f, cell, (line, col, end_line, end_col) in _on_disk(report)
    ]
    lines += [f"::error file={esc(r.path)}::{esc(r.error)}" for r in report.results if r.error]
    return "\n".join(lines) + ("\n" if lines else "")


def diff(result: FileResult) -> str:
    """A unified diff `git apply`/`patch -p1` take for paths under the working folder; other paths as given."""
    if result.original is None or result.updated is None:
        return ""
    path = Path(result.path)
    if path.is_absolute():
        try:
            path = path.relative_to(Path.cwd())
        except ValueError:
            path = None
    old, new = (f"a/{path.as_posix()}", f"b/{path.as_posix()}") if path is not None else (result.path, result.path)
    return "".join(difflib.unified_diff(
        result.original.splitlines(keepends=True), result.updated.splitlines(keepends=True), fromfile=old, tofile=new,
    ))


FORMATS = {"text": text, "json": as_json, "sarif": sarif, "github": github}
