"""Code actions for the findings behind published diagnostics: quick fixes, "show the note", fix-all."""

from __future__ import annotations

from lsprotocol import types

from notesense.i18n import Language
from notesense.lsp import convert
from notesense.lsp.diagnostics import Linted


def wants(only: list[str] | None, kind: str) -> bool:
    """LSP kinds are hierarchical: asking for `source.fixAll` includes `source.fixAll.notesense`."""
    return only is None or any(kind == k or kind.startswith(f"{k}.") for k in only)


def _overlaps(a: types.Range, b: types.Range) -> bool:
    return (a.start.line, a.start.character) <= (b.end.line, b.end.character) and (
        b.start.line,
        b.start.character,
    ) <= (a.end.line, a.end.character)


def safe_edits(linted: Linted) -> list[types.TextEdit]:
    """Every safe fix's edits, dropping any that would overlap an edit already taken (one pass, no conflicts)."""
    spans = []
    for finding in linted.findings:
        for fix in finding.fixes:
            if fix.safe:
                spans.extend(((e.line, e.col), (e.end_line, e.end_col), e) for e in fix.edits)
                break
    taken = []
    last_end = (0, -1)
    for start, end, edit in sorted(spans, key=lambda s: (s[0], s[1])):
        if start >= last_end:
            taken.append(edit)
            last_end = end
    return [convert.rule_edit(e, linted.positions) for e in taken]


def code_actions(
    linted: Linted | None, uri: str, version: int | None, params: types.CodeActionParams, lang: Language | None
) -> list[types.CodeAction]:
    """Only for the version the findings were computed on: edits for older text would corrupt the file."""
    if linted is None or linted.version != version:
        return []
    only = list(params.context.only) if params.context.only else None
    actions: list[types.CodeAction] = []
    if wants(only, types.CodeActionKind.QuickFix):
        for finding, diag in zip(linted.findings, linted.diagnostics, strict=True):
            if not _overlaps(diag.range, params.range):
                continue
            actions.extend(convert.quick_fix(fix, diag, linted.positions, uri, lang) for fix in finding.fixes)
            if finding.note:
                actions.append(convert.show_note_action(finding, diag, lang))
    if wants(only, convert.FIX_ALL_KIND) and (fix_all := convert.fix_all_action(safe_edits(linted), uri, lang)):
        actions.append(fix_all)
    return actions
