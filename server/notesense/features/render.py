"""Snippets as Markdown for hovers and completion documentation: the note's own words, its example,
its links, and a link back to the note at the line it came from."""

from __future__ import annotations

import os

from notesense.library.model import Snippet

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


def snippet_markdown(snippet: Snippet, with_code: bool = True, doc_limit: int | None = None) -> str:
    """Title, prose (as written: Chinese stays Chinese), example, links, and where it came from."""
    parts = [f"**{snippet.title or snippet.id}**"]
    if snippet.signature:
        parts.append(_fence(snippet.signature))
    doc = snippet.doc.strip()
    if doc_limit is not None and len(doc) > doc_limit:
        doc = doc[: max(doc_limit, 0)].rstrip() + " …"
    if doc:
        parts.append(doc)
    if with_code and snippet.code.strip():
        parts.append(_fence(snippet.code))
    if snippet.links:
        parts.append("\n".join(f"- <{link}>" for link in snippet.links))
    uri = snippet.source.uri()
    where = " › ".join(snippet.source.heading) or snippet.title
    label = note_label(snippet)
    parts.append(f"*{where}* — [{label}]({uri})" if uri else f"*{where}* — {label}")
    return "\n\n".join(parts)


def merged_markdown(snippets: list[Snippet], budget: int = HOVER_BUDGET) -> str:
    """Several snippets, best first, as long as they fit the budget (the first always shows)."""
    out: list[str] = []
    used = 0
    for snippet in snippets:
        text = snippet_markdown(snippet)
        if out and used + len(text) + 7 > budget:
            break
        if not out and len(text) > budget:  # too long even alone: drop the example, then shorten the prose
            text = snippet_markdown(snippet, with_code=False)
            if len(text) > budget:
                text = snippet_markdown(snippet, with_code=False, doc_limit=len(snippet.doc) - (len(text) - budget))
        out.append(text)
        used += len(text) + 7
    return "\n\n---\n\n".join(out)
