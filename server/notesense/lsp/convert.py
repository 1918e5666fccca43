"""Library results → LSP (lsprotocol types; plain JSON for the completion hot path). The only place
that turns code-point columns into the client's units (UTF-16 by default), so every feature gets
Chinese and emoji right the same way."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from json.encoder import encode_basestring_ascii as _json_str
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from lsprotocol import types
from pygls.uris import from_fs_path
from pygls.workspace.position_codec import PositionCodec

from notesense.i18n import Language, finding_text, fix_title, tr
from notesense.lsp.context import ClientContext
from notesense.lines import LINE_END

if TYPE_CHECKING:
    from notesense.features.completion import Candidate
    from notesense.features.hover import HoverResult
    from notesense.library.model import Snippet
    from notesense.rules.base import Edit, Finding, Fix

SOURCE = "notesense"
FIX_ALL_KIND = "source.fixAll.notesense"
SHOW_NOTE_COMMAND = "notesense.showNote"

_SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
    "hint": types.DiagnosticSeverity.Hint,
}



def lsp_lines(source: str) -> list[str]:
    """Lines as LSP counts them: only \\n, \\r\\n and \\r end a line (str.splitlines also splits on
    \\x0c, \\u2028 …, which would shift every position after them)."""
    return LINE_END.split(source)


class Wire(str):
    """A result already in its JSON wire form, as `json.dumps` writes it (pygls' separators, ASCII
    escapes); `server.Protocol` puts it into the response as it is, without cattrs or the encoder."""


class Positions:
    """Code points (what the library speaks) ⇄ client units, over one version of a document. On an
    ASCII line both count the same (one unit a character, in UTF-8, UTF-16 and UTF-32): no walk over
    its characters (pygls' codec counts each one, a fifth of a completion's CPU)."""

    def __init__(self, lines: Sequence[str], codec: PositionCodec) -> None:
        self.lines = lines
        self.codec = codec

    def position(self, line: int, col: int) -> types.Position:
        """0-based line and code-point column; a line past the end clamps to the end of the text."""
        if line >= len(self.lines):
            last = len(self.lines) - 1
            return types.Position(
                line=max(last, 0), character=self.codec.client_num_units(self.lines[last]) if last >= 0 else 0
            )
        head = self.lines[line][:col]
        return types.Position(line=line, character=len(head) if head.isascii() else self.codec.client_num_units(head))

    def from_client(self, position: types.Position) -> tuple[int, int]:
        """A client's position as (0-based line, code-point column): the codec's
        `position_from_client_units`, its answers and clamping the same."""
        line, character = position.line, position.character
        text = self.lines[line] if line < len(self.lines) else None
        if text is None or not text.isascii() or "\r" in text:
            at = self.codec.position_from_client_units(self.lines, types.Position(line=line, character=character))
            return at.line, at.character
        if not text:
            return line, 0
        return line, character if character <= len(text) else len(text) - 1

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


def completion_list(
    candidates: Iterable[Candidate], pos: Positions, ctx: ClientContext, uri: str, complete: bool
) -> Wire:
    """`Candidate`s as a CompletionList, written as JSON text. Completion is the hot path: ~50 items
    as lsprotocol objects unstructured by cattrs cost ~8 ms, as dicts for `json.dumps` ~1 ms, written
    here ~0.25 ms, and ~0.05 ms once an item's text is kept (`_item_text`: the next completion in the
    file offers mostly the same items) — the same bytes as `json.dumps` of those dicts (a test holds
    them equal). Documentation is left for `completionItem/resolve` (keeps the list small)."""
    ranges: dict[tuple[int, int, int], str] = {}
    data_uri = _json_str(uri)
    items = []
    for c in candidates:
        key = (c.line, c.start_col, c.end_col)
        edit_range = ranges.get(key)
        if edit_range is None:
            edit_range = ranges[key] = _json_range(pos.range(c.line, c.start_col, c.line, c.end_col))
        head, tail = _item_text(c.label, c.snippet_id, c.insert_text, c.is_snippet and ctx.snippet_support, c.detail,
                                c.sort_text, c.filter_text, c.label_detail, ctx.label_details, data_uri, c.deprecated)
        if c.additional_edits:
            edits = ", ".join(
                f'{{"range": {_json_range(pos.range(e.line, e.col, e.end_line, e.end_col))}, "newText": {_json_str(e.text)}}}'
                for e in c.additional_edits
            )
            items.append(f'{head}{edit_range}{tail}, "additionalTextEdits": [{edits}]}}')
        else:
            items.append(f"{head}{edit_range}{tail}}}")
    return Wire(f'{{"isIncomplete": {"false" if complete else "true"}, "items": [{", ".join(items)}]}}')


@lru_cache(maxsize=4096)
def _item_text(
    label: str, snippet_id: str, insert_text: str, snippet: bool, detail: str, sort_text: str, filter_text: str,
    label_detail: str, label_details: bool, data_uri: str, deprecated: bool = False,
) -> tuple[str, str]:
    """A completion item's JSON but its edit range and additional edits, as the text before the range
    and after it (open: the caller closes the object)."""
    fmt = int(types.InsertTextFormat.Snippet if snippet else types.InsertTextFormat.PlainText)
    head = (f'{{"label": {_json_str(label)}, "kind": {int(types.CompletionItemKind.Snippet)}, "insertTextFormat": {fmt}, '
            f'"textEdit": {{"range": ')
    tail = [f', "newText": {_json_str(insert_text)}}}, "data": {{"id": {_json_str(snippet_id)}, "uri": {data_uri}}}']
    if detail:
        tail.append(f', "detail": {_json_str(detail)}')
    if sort_text:
        tail.append(f', "sortText": {_json_str(sort_text)}')
    if filter_text:
        tail.append(f', "filterText": {_json_str(filter_text)}')
    if deprecated:
        tail.append(f', "tags": [{int(types.CompletionItemTag.Deprecated)}]')
    if label_detail:
        if label_details:
            tail.append(f', "labelDetails": {{"description": {_json_str(label_detail.strip())}}}')
        elif not detail:
            tail.append(f', "detail": {_json_str(label_detail.strip())}')
    return head, "".join(tail)


def _json_range(r: types.Range) -> str:
    return (
        f'{{"start": {{"line": {r.start.line}, "character": {r.start.character}}}, '
        f'"end": {{"line": {r.end.line}, "character": {r.end.character}}}}}'
    )


def hover(result: HoverResult, pos: Positions, ctx: ClientContext) -> types.Hover:
    return types.Hover(
        contents=ctx.markup(result.markdown, ctx.hover_markdown),
        range=pos.range(result.line, result.start_col, result.line, result.end_col),
    )


def workspace_symbol(snippet: Snippet) -> types.WorkspaceSymbol | None:
    """A snippet found by `search`, located at its line in the note it came from; None when that
    note is not on disk (nowhere to jump to)."""
    uri = snippet.source.uri()
    if uri is None:
        return None
    return types.WorkspaceSymbol(
        name=snippet.title or snippet.id,
        kind=types.SymbolKind.Function if snippet.kind == "signature" else types.SymbolKind.String,
        location=note_location(uri, snippet.source.line),
        container_name=snippet.context,
    )


def diagnostic(finding: Finding, pos: Positions, ctx: ClientContext) -> types.Diagnostic:
    """A rule `Finding` (1-based lines, code-point columns), its text in the client's language."""
    message = finding_text(finding.message, finding.hint, ctx.language)
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


def rule_edit(edit: Edit, pos: Positions) -> types.TextEdit:
    """A rule `Edit` (1-based lines, code-point columns)."""
    return types.TextEdit(range=pos.range(edit.line - 1, edit.col, edit.end_line - 1, edit.end_col), new_text=edit.text)


def quick_fix(fix: Fix, diag: types.Diagnostic, pos: Positions, uri: str, lang: Language | None) -> types.CodeAction:
    return types.CodeAction(
        title=fix_title(lang, fix.title),
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diag],
        is_preferred=bool(fix.safe),
        edit=types.WorkspaceEdit(changes={uri: [rule_edit(e, pos) for e in fix.edits]}),
    )


def show_note_action(finding: Finding, diag: types.Diagnostic, lang: Language | None) -> types.CodeAction:
    """Runs `notesense.showNote` on the server, which asks the client to open the note (window/showDocument)."""
    return types.CodeAction(
        title=tr(lang, "{code}: show the note", code=finding.code),
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diag],
        command=types.Command(title=tr(lang, "Show the note"), command=SHOW_NOTE_COMMAND, arguments=[finding.note]),
    )


def fix_all_action(edits: Iterable[types.TextEdit], uri: str, lang: Language | None) -> types.CodeAction | None:
    """Every safe fix of the file in one edit; None when there is nothing to apply."""
    edits = list(edits)
    if not edits:
        return None
    return types.CodeAction(
        title=tr(lang, "notesense: fix all safe problems"),
        kind=FIX_ALL_KIND,
        edit=types.WorkspaceEdit(changes={uri: edits}),
    )
