"""Fixing a file: apply fixes until nothing more changes, and write the result atomically — only over
the very bytes the fixes were computed from."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import TYPE_CHECKING

from notesense.files import Snapshot, replace_checked
from notesense.rules.base import Finding
from notesense.rules.engine import apply_fixes

if TYPE_CHECKING:
    from notesense.lint.runner import Options

MAX_PASSES = 5  # overlapping fixes land on later passes; a handful is plenty


def fix_text(source: str, path: str, options: Options) -> tuple[str, list[Finding], int]:
    """(fixed source, findings still left, number of fixes applied). Raises SyntaxError if `source`
    doesn't parse; the result always parses (`apply_fixes` guarantees it)."""
    from notesense.lint.runner import check_text

    current = source
    applied = 0
    findings = check_text(current, path, options)  # as the lint without --fix finds them
    for _ in range(MAX_PASSES):
        fixable = [f for f in findings if any(x.safe or options.unsafe_fixes for x in f.fixes)]
        if not fixable:
            break
        updated, count = apply_fixes(current, fixable, unsafe=options.unsafe_fixes)
        if updated == current:
            break
        applied += count
        current = updated
        findings = check_text(current, path, options)
    return current, findings, applied


def write_fixed(path: Path, data: bytes, expected: Snapshot, *, force: bool = False) -> Path:
    """Write a fixed source over the user's file, atomically, only if it still parses and the file
    is still exactly what was read (`expected`): the last guard before a user file changes, whatever
    computed the fix. Raises SyntaxError, `files.NotWritten` or OSError; returns the file written."""
    ast.parse(data)
    return replace_checked(path, data, expected, force=force)
