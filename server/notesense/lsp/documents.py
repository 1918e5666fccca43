"""One analysed `Document` per (uri, version): completion and hover on an unchanged file never re-parse it."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import NamedTuple
from urllib.parse import unquote

from pygls.workspace import Workspace

from notesense.analysis.document import Document


class Snapshot(NamedTuple):
    """An open document's text and version, read together on the event loop. `uri` is spelled as
    the client opened it: diagnostics, edits and every cache here use that one spelling."""

    uri: str
    version: int | None
    source: str


def open_document(workspace: Workspace, uri: str) -> Snapshot | None:
    """The open document `uri` names, however the client percent-encoded it; None when not open.

    pygls files documents under the percent-decoded URI (`Workspace.put_text_document`), so looking
    one up by the URI as sent misses every name with a space, Chinese characters or an escaped drive
    colon (`file:///c%3A/...`), and lowercase and uppercase escapes of one name are the same document."""
    doc = workspace.text_documents.get(unquote(uri))
    return None if doc is None else Snapshot(doc.uri, doc.version, doc.source)


@dataclass(frozen=True, slots=True)
class Analysed:
    uri: str
    version: int | None
    source: str
    document: Document

    @property
    def lines(self) -> list[str]:
        """Split as LSP counts lines (the same split `Document` and `convert.lsp_lines` use)."""
        return self.document.lines


class Documents:
    """Latest analysis of each open document; safe to call from the request threads."""

    def __init__(self) -> None:
        self._cache: dict[str, Analysed] = {}
        self._lock = threading.Lock()

    def get(self, uri: str, version: int | None, source: str) -> Analysed:
        """`source` and `version` must be read together on the event loop (a later didChange mutates
        the document). Creating a `Document` is cheap (its analyses are lazy), so it happens under the
        lock: two requests on one version share one analysis."""
        with self._lock:
            hit = self._cache.get(uri)
            if hit is not None and hit.version == version and hit.source is source:
                return hit
            previous = hit.document if hit is not None else None  # lets an unchanged import block be reused
            analysed = Analysed(uri, version, source, Document(source, previous))
            if hit is None or version is None or hit.version is None or version >= hit.version:
                self._cache[uri] = analysed
            return analysed

    def warm(self, uri: str, version: int | None, source: str) -> None:
        """Parse a just-opened file now: the first completion or hover in it then costs milliseconds."""
        document = self.get(uri, version, source).document
        document.imports, document.tree  # noqa: B018 - computing the cached analyses is the point

    def forget(self, uri: str) -> None:
        with self._lock:
            self._cache.pop(uri, None)
