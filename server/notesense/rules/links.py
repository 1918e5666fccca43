"""Which note explains a finding: the user's own note about the pitfall if they have one, else ours.

A user's note "is about" a rule when one of its snippets (of the rule's context) names one of the
rule's symbols or mentions one of its keywords. The answer is cached per library object (a reload
builds a new library) and the bundled heading lines are found once per rule.
"""

from __future__ import annotations

import re
import weakref
from functools import lru_cache
from typing import TYPE_CHECKING

from notesense.paths import bundled_dir

if TYPE_CHECKING:
    from notesense.library.index import Library
    from notesense.library.model import Snippet
    from notesense.rules.base import Rule

_per_library: weakref.WeakKeyDictionary[Library, dict[str, str]] = weakref.WeakKeyDictionary()


def note_link(rule: type[Rule], library: Library | None = None) -> str:
    """A `file://...#L<line>` URI for the note that explains `rule` (empty if none can be found)."""
    if library is not None:
        cache = _per_library.setdefault(library, {})
        if rule.code not in cache:
            cache[rule.code] = _user_link(rule, library)
        if cache[rule.code]:
            return cache[rule.code]
    return bundled_link(rule.code, rule.note)


def _user_link(rule: type[Rule], library: Library) -> str:
    symbols = set(rule.note_symbols)
    keywords = [k.lower() for k in rule.note_keywords]
    by_keyword: Snippet | None = None
    for snippet in library.snippets:
        if snippet.context.split(".")[0] not in (rule.context, "python"):
            continue
        if symbols.intersection(snippet.symbols):
            return snippet.source.uri() or ""
        if by_keyword is None:
            text = f"{snippet.title}\n{snippet.code}\n{snippet.doc}".lower()
            if any(k in text for k in keywords):
                by_keyword = snippet
    return (by_keyword.source.uri() or "") if by_keyword is not None else ""


@lru_cache(maxsize=None)
def bundled_link(code: str, note_file: str) -> str:
    """Our note's heading that starts with `code` (e.g. `## NS101 链式赋值 / ...`)."""
    path = bundled_dir("notes") / note_file
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return ""
    heading = re.compile(rf"^#+\s+{re.escape(code)}\b")
    for number, line in enumerate(text.splitlines(), start=1):
        if heading.match(line):
            return f"{path.resolve().as_uri()}#L{number}"
    return path.resolve().as_uri()
