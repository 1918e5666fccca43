"""Library results → lsprotocol types. The only place that turns code-point columns into the
client's units (UTF-16 by default), so every feature gets Chinese and emoji right the same way."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from urllib.parse import urlsplit

from lsprotocol import types
from pygls.uris import from_fs_path
from pygls.workspace.position_codec import PositionCodec

from notesense.features.render import note_uri
from notesense.lsp.context import ClientContext

SOURCE = "notesense"
FIX_ALL_KIND = "source.fixAll.notesense"
SHOW_NOTE_COMMAND = "notesense.showNote"

_SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
    "hint": types.DiagnosticSeverity.Hint,
}

_LSP_LINE_END = re.compile(r"\r\n|\r|\n")


def lsp_lines(source: str) -> list[str]:
    """Lines as LSP counts them: only \\n, \\r\\n and \\r end a line (str.splitlines also splits on
    \\x0c, \\u2028 …, which would shift every position after them)."""
    return _LSP_LINE_END.split(source)


class Positions:
    """Code points (what the library speaks) → client units, over one version of a document."""

    def __init__(self, lines: Sequence[str], codec: PositionCodec) -> None:
        self.lines = lines
        self.codec = codec

    def position(self, line: int, col: int) -> types.Position:
        """0-based line and code-point column; a line past the end clamps to the end of the text."""
        if line >= len(self.lines):
            last = len(self.lines) - 1
            return types.Position(line=max(last, 0), character=self.codec.client_num_units(self.lines[last]) if last >= 0 else 0)
        text = self.lines[line]
        return types.Position(line=line, character=self.codec.client_num_units(text[:col]))

    def range(self, line: int, col: int, end_line: int, end_col: int) -> types.Range:
        return types.Range(start=self.position(line, col), end=self.position(end_line, end_col))


def note_location(note: str, line: int) -> types.Location:
    """A `file:` URI (optionally `#L12`, as rules give it) or a path, as an LSP location at its line."""
    if note.startswith("file:"):
        parts = urlsplit(note)
        uri = note.split("#", 1)[0]
        fragment = parts.fragment
        if fragment.startswith("L") and fragment[1:].isdigit():
            line = int(fragment[1:])
    else:
        uri = from_fs_path(str(Path(note).resolve())) or note
    start = types.Position(line=max(line - 1, 0), character=0)
    return types.Location(uri=uri, range=types.Range(start=start, end=start))


def completion_item(candidate, pos: Positions, ctx: ClientContext, uri: str) -> types.CompletionItem:
    """One `Candidate`; documentation is left for `completionItem/resolve` (keeps the list small)."""
    snippet = candidate.is_snippet and ctx.snippet_support
    edit_range = pos.range(candidate.line, candidate.start_col, candidate.line, candidate.end_col)
    item = types.CompletionItem(
        label=candidate.label,
        kind=types.CompletionItemKind.Snippet,
        detail=candidate.detail or None,
        sort_text=candidate.sort_text or None,
        filter_text=candidate.filter_text or None,
        insert_text_format=types.InsertTextFormat.Snippet if snippet else types.InsertTextFormat.PlainText,
        text_edit=types.TextEdit(range=edit_range, new_text=candidate.insert_text),
        additional_text_edits=[text_edit(e, pos) for e in candidate.additional_edits] or None,
        data={"id": candidate.snippet_id, "uri": uri},
    )
    if candidate.label_detail:
        if ctx.label_details:
            item.label_details = types.CompletionItemLabelDetails(description=candidate.label_detail)
        elif not item.detail:
            item.detail = candidate.label_detail
    return item


def text_edit(edit, pos: Positions) -> types.TextEdit:
    """A library `TextEdit` (0-based lines, code-point columns)."""
    return types.TextEdit(range=pos.range(edit.line, edit.col, edit.end_line, edit.end_col), new_text=edit.text)


def hover(result, pos: Positions, ctx: ClientContext) -> types.Hover:
    return types.Hover(
        contents=ctx.markup(result.markdown, ctx.hover_markdown),
        range=pos.range(result.line, result.start_col, result.line, result.end_col),
    )


def workspace_symbol(snippet) -> types.WorkspaceSymbol | None:
    """A snippet found by `search`, located at its line in the note it came from; None when that
    note is not on disk (nowhere to jump to)."""
    uri = note_uri(snippet.source.note, snippet.source.line)
    if uri is None:
        return None
    return types.WorkspaceSymbol(
        name=snippet.title or snippet.id,
        kind=types.SymbolKind.Function if snippet.kind == "signature" else types.SymbolKind.String,
        location=note_location(uri, snippet.source.line),
        container_name=snippet.context,
    )


def diagnostic(finding, pos: Positions, ctx: ClientContext) -> types.Diagnostic:
    """A rule `Finding` (1-based lines, code-point columns); message and hint in one text."""
    message = f"{finding.message}\n{finding.hint}" if finding.hint else finding.message
    description = None
    if finding.note and ctx.diagnostic_code_description:
        description = types.CodeDescription(href=finding.note)
    return types.Diagnostic(
        range=pos.range(finding.line - 1, finding.col, finding.end_line - 1, finding.end_col),
        message=message,
        severity=_SEVERITY.get(finding.severity, types.DiagnosticSeverity.Warning),
        code=finding.code,
        code_description=description,
        source=SOURCE,
    )


def rule_edit(edit, pos: Positions) -> types.TextEdit:
    """A rule `Edit` (1-based lines, code-point columns)."""
    return types.TextEdit(range=pos.range(edit.line - 1, edit.col, edit.end_line - 1, edit.end_col), new_text=edit.text)


def quick_fix(fix, diag: types.Diagnostic, pos: Positions, uri: str) -> types.CodeAction:
    return types.CodeAction(
        title=fix.title,
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diag],
        is_preferred=bool(fix.safe),
        edit=types.WorkspaceEdit(changes={uri: [rule_edit(e, pos) for e in fix.edits]}),
    )


def show_note_action(finding, diag: types.Diagnostic) -> types.CodeAction:
    """Runs `notesense.showNote` on the server, which asks the client to open the note (window/showDocument)."""
    return types.CodeAction(
        title=f"{finding.code}: show the note",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diag],
        command=types.Command(title="Show the note", command=SHOW_NOTE_COMMAND, arguments=[finding.note]),
    )


def fix_all_action(edits: Iterable[types.TextEdit], uri: str) -> types.CodeAction | None:
    """Every safe fix of the file in one edit; None when there is nothing to apply."""
    edits = list(edits)
    if not edits:
        return None
    return types.CodeAction(
        title="notesense: fix all safe problems",
        kind=FIX_ALL_KIND,
        edit=types.WorkspaceEdit(changes={uri: edits}),
    )
