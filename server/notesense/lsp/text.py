"""Text documents that take an editor's incremental edit in C-speed steps.

pygls applies an edit by writing every line of the document, one Python call each, into a buffer: on a
50,000-line file that is 16-18 ms on the event loop per keystroke, before the hover or completion the
editor sent after it can be answered. Here the lines before and after the edit are joined as they are;
the result is the text pygls makes (`tests/lsp/test_text_edits.py` compares them)."""

from __future__ import annotations

from lsprotocol import types
from pygls.workspace import TextDocument, Workspace


class Text(TextDocument):
    """A TextDocument whose incremental edit joins the untouched lines in one step."""

    def _apply_incremental_change(self, change: types.TextDocumentContentChangePartial) -> None:
        lines = self.lines
        at = self._position_codec.range_from_client_units(lines, change.range)
        first, last = at.start.line, at.end.line
        if first == len(lines):  # an edit at the very end
            self._source = self.source + change.text
            return
        tail = lines[last][at.end.character:] if last < len(lines) else ""
        self._source = "".join((*lines[:first], lines[first][:at.start.character], change.text, tail, *lines[last + 1:]))


class Texts(Workspace):
    """The server's workspace: its text documents are `Text`s."""

    def _create_text_document(self, doc_uri: str, source: str | None = None, version: int | None = None,
                              language_id: str | None = None) -> TextDocument:
        return Text(doc_uri, source=source, version=version, language_id=language_id,
                    sync_kind=self._sync_kind, position_codec=self._position_codec)
