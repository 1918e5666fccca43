"""Fixing a file: apply fixes until nothing more changes, and write the result atomically."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import TYPE_CHECKING

from notesense.files import write_atomic
from notesense.rules.base import Finding
from notesense.rules.engine import check_source, fix_source

if TYPE_CHECKING:
    from notesense.lint.runner import Options

MAX_PASSES = 5  # overlapping fixes land on later passes; a handful is plenty


def fix_text(source: str, path: str, options: Options) -> tuple[str, list[Finding], int]:
    """(fixed source, findings still left, number of fixes applied). Raises SyntaxError if `source`
    doesn't parse; the result always parses (`fix_source` guarantees it)."""
    current = source
    applied = 0
    learned = options.learned_rules()
    findings = check_source(current, path=path, select=options.select, ignore=options.ignore, learned=learned)
    for _ in range(MAX_PASSES):
        fixable = [f for f in findings if any(x.safe or options.unsafe_fixes for x in f.fixes)]
        if not fixable:
            break
        updated = fix_source(current, fixable, unsafe=options.unsafe_fixes)
        if updated == current:
            break
        after = check_source(updated, path=path, select=options.select, ignore=options.ignore, learned=learned)
        applied += max(len(findings) - len(after), 0)
        current, findings = updated, after
    return current, findings, applied


def write_fixed(path: Path, data: bytes) -> None:
    """Write a fixed source over the user's file, atomically, and only if it still parses: the last
    guard before a user file changes, whatever computed the fix."""
    ast.parse(data)
    write_atomic(path, data)
