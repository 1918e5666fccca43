"""Snippets as Markdown for hovers and completion documentation: the note's own words, its example,
its links, and a link back to the note at the line it came from."""

from __future__ import annotations

import os
import re

from notesense.library.model import EXPLAINED, Snippet, language_rank, unsaid
from notesense.library.words import language

HOVER_BUDGET = 4000  # characters; editors clip or scroll beyond about this


def note_label(snippet: Snippet) -> str:
    """`pandas.md:612`: short enough for a completion item's label details."""
    return f"{os.path.basename(snippet.source.note)}:{snippet.source.line}"


def _fence(code: str) -> str:
    """A ```python fence that survives backticks inside the code."""
    ticks = "```"
    while ticks in code:
        ticks += "`"
    return f"{ticks}python\n{code.rstrip()}\n{ticks}"


def snippet_markdown(snippet: Snippet, with_code: bool = True, doc_limit: int | None = None, locale: str = "",
                     said: str = "") -> str:
    """Title, prose (as written: Chinese stays Chinese), example, links, and where it came from.
    With a `locale`, a bilingual note shows the reader's language first (title halves, paragraphs).
    `said`: prose shown just above it, whose paragraphs are not shown again."""
    parts = [f"**{in_reading_order(snippet.title or snippet.id, locale, ' / ')}**"]
    if snippet.signature:
        parts.append(_fence(snippet.signature))
    doc = in_reading_order(snippet.doc.strip(), locale, "\n\n")
    if said:
        doc = unsaid(doc, said)
    if doc_limit is not None and len(doc) > doc_limit:
        doc = doc[: max(doc_limit, 0)].rstrip() + " …"
    if doc:
        parts.append(doc)
    if with_code and snippet.code.strip() and snippet.code.strip() != snippet.signature.strip():
        parts.append(_fence(snippet.code))  # a block that is the signature shown above is not shown twice
    if snippet.links:
        parts.append("\n".join(f"- <{link}>" for link in snippet.links))
    uri = snippet.source.uri()
    where = " › ".join(snippet.source.heading) or snippet.title
    label = note_label(snippet)
    parts.append(f"*{where}* — [{label}]({uri})" if uri else f"*{where}* — {label}")
    return "\n\n".join(parts)


MAX_LINKS = 8  # further notes listed as links under the first one


def in_reading_order(text: str, locale: str, separator: str) -> str:
    """`text`'s parts (split at `separator`) with the reader's language first, each language keeping
    its own order; unchanged without a locale or when the text is in one language."""
    if not locale or separator not in text:
        return text
    parts = text.split(separator)
    # a part of no language of its own (a parameter's name, `+ lr`, over its description) goes with the
    # part before it (the first, with the part after it), not to the other language's half
    ranks: list[int | None] = [language_rank(language(part), locale) if _worded(part) else None for part in parts]
    said = [rank for rank in ranks if rank is not None]
    if not said:
        return text
    last = said[0]
    for i, rank in enumerate(ranks):
        ranks[i] = last = last if rank is None else rank
    ranked = sorted(range(len(parts)), key=lambda i: (ranks[i], i))
    return separator.join(parts[i] for i in ranked)


_WORD = re.compile(r"[A-Za-z]{2,}[,.:;!?]?")


def _worded(part: str) -> bool:
    """Whether a part says something in a language: a CJK letter, or two English words."""
    return not part.isascii() or sum(1 for token in part.split() if _WORD.fullmatch(token)) >= 2


def merged_markdown(snippets: list[Snippet], budget: int = HOVER_BUDGET, locale: str = "", symbol: str = "") -> str:
    """The first (most explaining) snippet about `symbol` in full, with what its note goes on to say
    when it has no code (`_continued`: the note's next section explaining `symbol`, its example); every
    other note on the symbol as a one-line link below it, so nothing is cut off silently. The whole
    stays within `budget` characters: the links are kept, the borrowed sections go back among them (the
    last borrowed first), then the first snippet gives up its own example, then prose, to make room."""
    first = snippets[0]
    # a second record of the very passage shown (a note's heading and its one sentence, each naming the
    # API) is no other note to link to, nor is a copy of a record in a twin note (a notebook and the
    # Markdown page exported from it): the first of each is listed
    snippets = _distinct(snippets)
    if (opening := _opening(first, snippets[1:], symbol)) is not None:
        # the note's opening words on the API ("Pandas的Merge，相当于Sql的Join…") above the section shown
        # ("merge的语法" and its parameters): what it is, then how it is called, when both fit
        tail = _links([s for s in snippets[1:] if s is not opening])
        shown = (snippet_markdown(opening, with_code=False, locale=locale) + "\n\n"
                 + snippet_markdown(first, locale=locale, said=opening.doc))
        if len(shown) + len(tail) <= budget:
            return shown + tail
    text = snippet_markdown(first, locale=locale)
    borrowed = _continued(first, snippets[1:], symbol)
    while borrowed:
        tail = _links([s for s in snippets[1:] if not any(s is b for b in borrowed)])
        said, parts = first.doc, [text]
        for more in borrowed:
            parts.append(snippet_markdown(more, locale=locale, said=said))
            said = f"{said}\n\n{more.doc}"
        merged = "\n\n".join(parts)
        if len(merged) <= max(budget - len(tail), budget // 2):
            return merged + tail
        borrowed = borrowed[:-1]
    tail = _links(snippets[1:])
    room = max(budget - len(tail), budget // 2)
    if len(text) > room:  # too long: drop the example, then shorten the prose
        text = snippet_markdown(first, with_code=False, locale=locale)
        if len(text) > room:
            limit = len(first.doc) - (len(text) - room) - 2
            text = snippet_markdown(first, with_code=False, doc_limit=limit, locale=locale)
    return text + tail


def _distinct(snippets: list[Snippet]) -> list[Snippet]:
    """`snippets` without a second record of a place already listed or a copy of a record already
    listed (its title, words and code alike, spacing aside). Only records of one title are compared,
    their words normalised then: a hover does not rewrite the words of every record on a much-noted API."""
    said: dict[int, tuple[str, str]] = {}

    def words(s: Snippet) -> tuple[str, str]:
        if id(s) not in said:
            said[id(s)] = (" ".join(s.doc.split()), " ".join(s.code.split()))
        return said[id(s)]

    places: set[tuple[str, int]] = set()
    by_title: dict[str, list[Snippet]] = {}
    kept: list[Snippet] = []
    for s in snippets:
        place = (s.source.note, s.source.line)
        alike = by_title.setdefault(s.title, [])
        if place in places or any(words(other) == words(s) for other in alike):
            continue
        kept.append(s)
        places.add(place)
        alike.append(s)
    return kept


def _links(others: list[Snippet]) -> str:
    """The other notes as a list of links under a rule (empty when there are none). The records of one
    section of one note (a notebook's cells under "loc and iloc") are one link, to the first of them in
    rank, saying how many more the section holds: eight lines of one title say no more than one."""
    places: dict[tuple[str, str], list[Snippet]] = {}
    for s in others:
        places.setdefault((s.source.note, s.title or s.id), []).append(s)
    lines = [_link_line(same[0]) + (f" (+{len(same) - 1} more there)" if len(same) > 1 else "")
             for same in list(places.values())[:MAX_LINKS]]
    if len(places) > MAX_LINKS:
        lines.append(f"- … {len(places) - MAX_LINKS} more")
    return "\n\n---\n\n*Also in your notes:*\n" + "\n".join(lines) if lines else ""


def members_markdown(name: str, found: list[tuple[str, Snippet]], locale: str = "") -> str:
    """What the notes hold on the names under `name` (a module, a class no note is about itself): one
    link per record, the member it covers first, within `MAX_LINKS` and a count of the rest."""
    lines = [f"- `{symbol[len(name) + 1:]}` — {in_reading_order(snippet.title or snippet.id, locale, ' / ')}"
             f" — {_where(snippet)}" for symbol, snippet in found[:MAX_LINKS]]
    if len(found) > MAX_LINKS:
        lines.append(f"- … {len(found) - MAX_LINKS} more")
    return f"**{name}** — *your notes on its names:*\n" + "\n".join(lines)


def _continued(first: Snippet, others: list[Snippet], symbol: str = "") -> list[Snippet]:
    """What an explanation with no code of its own is shown with, from the same note: where it says
    little (a note's opening line: "This notebook covers how K-Means works…"), the note's next-ranked
    section explaining `symbol` or its namesake on a sibling class ("What is K-Means Clustering"), not
    the rest of its own section, which may be about other APIs; then the note's best-ranked example,
    unless that section holds one: the prose says what the API is, the example how it is called."""
    if first.code.strip():
        return []
    same = [s for s in others if s.source.note == first.source.note]
    section = _next_section(first, same, symbol) if symbol and len(first.doc) < _SAYS_LITTLE else None
    if section is not None and section.code.strip():
        return [section]
    example = next((s for s in same if s.code.strip()), None)
    return [s for s in (section, example) if s is not None]


def _opening(first: Snippet, others: list[Snippet], symbol: str) -> Snippet | None:
    """The words that open `first`'s note (under its title, before any section) when they explain `symbol`
    in a sentence or two with no code, and `first` is a later section with an example."""
    if not symbol or not first.code.strip() or len(first.source.heading) < 2:
        return None
    tail = symbol.rpartition(".")[2]
    return next((s for s in others if s.source.note == first.source.note and s.source.line < first.source.line
                 and len(s.source.heading) <= 1 and not s.code.strip() and 0 < len(s.doc.strip()) < _SAYS_LITTLE
                 and max((s.aboutness(x) for x in s.symbols if x.rpartition(".")[2] == tail), default=-1) >= EXPLAINED), None)


def _next_section(first: Snippet, same: list[Snippet], symbol: str) -> Snippet | None:
    """The best-ranked record of `first`'s note in another section that explains `symbol` (or its
    namesake: `DataFrame.isin` for `Series.isin`)."""
    tail = symbol.rpartition(".")[2]
    return next((s for s in same if s.doc.strip() and s.source.heading != first.source.heading and max(
        (s.aboutness(x) for x in s.symbols if x.rpartition(".")[2] == tail), default=-1) >= EXPLAINED), None)


_SAYS_LITTLE = 400  # characters of prose: a note's opening sentence or two, no section's explanation


def _link_line(snippet: Snippet) -> str:
    return f"- {snippet.title or snippet.id} — {_where(snippet)}"


def _where(snippet: Snippet) -> str:
    """`[pandas.md:612](file:///…#L612)`: the link to the note at the record's line."""
    uri = snippet.source.uri()
    label = note_label(snippet)
    return f"[{label}]({uri})" if uri else label
