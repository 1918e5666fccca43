"""Search the notes by title, symbol or words, Chinese and English (workspace/symbol, `notesense search`).

Scoring is deliberately simple and explainable: a term found in a symbol or prefix counts most, in a
title or heading next, in the prose least; snippets matching more of the query's terms rank above
those matching fewer, and an exact id/symbol/title match ranks first."""

from __future__ import annotations

from collections import defaultdict

from notesense.library.index import Library
from notesense.library.model import Snippet, language_rank
from notesense.library.words import terms

_WEIGHTS = {"symbol": 4.0, "title": 3.0, "text": 1.0}


def search(library: Library, query: str, limit: int = 50, locale: str = "") -> list[Snippet]:
    """Snippets and explanations for `query`, best first (the reader's language first among equals);
    an empty query finds nothing."""
    query = query.strip()
    if not query or limit <= 0:
        return []
    wanted = terms(query)
    index = library.words()
    scores: dict[int, float] = defaultdict(float)
    matched: dict[int, set[str]] = defaultdict(set)
    for term in wanted:
        for field_name, weight in _WEIGHTS.items():
            for i in index[field_name].get(term, ()):
                scores[i] += weight
                matched[i].add(term)
    lowered = query.lower()
    snippets = library.snippets
    if len(scores) < limit:  # substring fallback: a query shorter than a term ("fil"), odd punctuation
        for i, s in enumerate(snippets):
            if i not in scores and (lowered in s.title.lower() or any(lowered in sym.lower() for sym in s.symbols)):
                scores[i] += 0.5
    for i in scores:
        s = snippets[i]
        if lowered == s.id.lower() or lowered in (sym.lower() for sym in s.symbols) or lowered == s.title.lower():
            scores[i] += 100.0

    def key(i: int) -> tuple:
        s = snippets[i]
        return (scores[i] < 100.0, -len(matched.get(i, ())), -scores[i], language_rank(s.lang, locale), s.title, s.id)

    return [snippets[i] for i in sorted(scores, key=key)[:limit]]
