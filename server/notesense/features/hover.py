"""Hover: what the user's notes say about the symbol under the cursor — or nothing at all, so the
user's main language server answers alone on symbols the notes do not cover."""

from __future__ import annotations

from dataclasses import dataclass

from notesense.analysis.document import Document
from notesense.analysis.resolve import symbol_at
from notesense.features.render import HOVER_BUDGET, merged_markdown
from notesense.library.index import Library


@dataclass(frozen=True, slots=True)
class HoverResult:
    markdown: str
    line: int  # the hovered name: [start_col, end_col) of 0-based `line`, code points
    start_col: int
    end_col: int


def hover(
    library: Library, doc: Document, line: int, col: int, budget: int = HOVER_BUDGET, locale: str = ""
) -> HoverResult | None:
    """The notes on the symbol at (line, col): the one that explains it best in full, the others as
    links; None when none cover it. `locale` (`zh-cn`, `en`) puts the reader's language first."""
    if not library.snippets:
        return None
    resolved = symbol_at(doc, line, col, worth_jedi=library.names_something,
                         covered=lambda symbol: bool(library.for_member(symbol, locale)))
    if resolved is None:
        return None
    snippets = library.for_member(resolved.canonical, locale)
    if not snippets:
        return None
    return HoverResult(merged_markdown(snippets, budget, locale), resolved.line, resolved.start, resolved.end)
