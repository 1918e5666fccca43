"""Which note explains a finding: the user's own note about the pitfall if they have one, else ours.

A user's note "is about" a rule when a wrong example of theirs is one the rule reports, else when one
of its snippets (of the rule's context) mentions the rule's keywords (in its heading most) or names one
of its symbols (`_aboutness`). The answer is cached per library object (a reload
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
    from notesense.library.model import Snippet, Source
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
    """The user's note that shows this very mistake (a wrong example of theirs the rule flags), else
    their section most about the pitfall (`_aboutness`); empty when none is."""
    shown = _showing(rule, library)
    if shown is not None:
        return shown.uri() or ""
    symbols = set(rule.note_symbols)
    keywords = [k.lower() for k in rule.note_keywords]
    best: Snippet | None = None
    best_score = 0
    for snippet in library.snippets:
        if snippet.context.split(".")[0] not in (rule.context, "python"):
            continue
        score = _aboutness(snippet, symbols, keywords)
        if score > best_score:
            best, best_score = snippet, score
    return (best.source.uri() or "") if best is not None else ""


def _aboutness(snippet: Snippet, symbols: set[str], keywords: list[str]) -> int:
    """How much a section is about a pitfall: its keywords in the heading weigh most, then in the prose,
    then one of the rule's symbols named, then a keyword in the code; a passing use of a symbol the
    rule's fix calls (`torch.cat` for NS202) is the least."""
    score = 2 * bool(symbols.intersection(snippet.symbols))
    for text, weight in ((snippet.title, 8), (snippet.doc, 4), (snippet.code, 1)):
        lowered = text.lower()
        score += weight * sum(k in lowered for k in keywords)
    return score


def _showing(rule: type[Rule], library: Library) -> Source | None:
    """Where a wrong example the notes give (a learned pitfall's) is one this rule reports: that note
    explains this mistake in the user's own code. The example is read as the learner read it, with the
    conventional imports it uses without writing them (`implied_imports`); it is never run."""
    from notesense.analysis.imports import implied_imports
    from notesense.rules.engine import check_source

    for pitfall in library.pitfalls:
        if pitfall.context != rule.context or pitfall.source.uri() is None:
            continue
        try:
            found = check_source(implied_imports(pitfall.wrong) + pitfall.wrong, select=(rule.code,))
        except (SyntaxError, RecursionError):  # a wrong example that does not parse shows nothing
            continue
        if found:
            return pitfall.source
    return None


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
