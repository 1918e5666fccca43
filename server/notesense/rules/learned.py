"""Learned rules: the library's pitfalls, run over a file by the rules engine like the NS rules.

Each enabled `Pitfall` is compiled once into a `Pattern`. For a file, a rule runs only when the file
imports its context and contains every word its pattern names (the same two gates the NS rules have,
both asked of the text first: the imports take the semantic model to know);
with many rules one scan of the text (`WordScan`) finds every rule's words at once, and tells the
rules' searches which slices of the file a word stands in.
Findings carry the note's own words, a link to the note, the severity the note asked for (a hint by
default), and the learned fix — unsafe unless the note said `fix=safe`.
"""

from __future__ import annotations

import hashlib
import logging
import weakref
from collections.abc import Collection, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from notesense.analysis.imports import may_import
from notesense.library.model import Pitfall, Source
from notesense.rules.base import FileContext, Finding, Fix
from notesense.rules.pattern import Pattern, PatternError, compile_rule
from notesense.rules.pattern.index import WordScan, file_index
from notesense.yielding import point

if TYPE_CHECKING:
    from notesense.library.index import Library

log = logging.getLogger(__name__)

_SET_FROM = 8  # rules past the import gate from which one identifier scan beats a substring search per word
_TITLE_WIDTH = 60
_CODE = "NSN"  # what every learned rule's code starts with


class LearnedRules:
    """The enabled pitfalls of a library (or given), compiled; `check` runs them over one file."""

    def __init__(self, pitfalls: Sequence[Pitfall]) -> None:
        self.rules: list[tuple[Pitfall, Pattern]] = []
        seen: set[str] = set()
        for pitfall in pitfalls:
            if not pitfall.enabled or pitfall.id in seen:
                continue
            point()  # a library's rules compile in milliseconds each: the server's requests go first
            try:
                self.rules.append((pitfall, compile_rule(pitfall.rule)))
            except (PatternError, SyntaxError, RecursionError) as exc:
                log.warning("learned rule %s (%s:%d) is not valid: %s", pitfall.id, pitfall.source.note,
                            pitfall.source.line, exc)
                continue
            seen.add(pitfall.id)
        # everything a finding carries: a cached lint result must change when the note's words or link do
        digest = hashlib.blake2b(digest_size=12)
        for pitfall, _ in self.rules:
            digest.update(repr((pitfall.id, pitfall.rule, pitfall.severity, pitfall.safe, pitfall.message,
                                pitfall.title, pitfall.hint, pitfall.source.uri())).encode())
        self.fingerprint = digest.hexdigest()
        # each rule's words as the identifier scan spells them (UTF-8), for the gate of a file with many rules
        self._words = {id(pattern): frozenset(w.encode() for w in pattern.words) for _, pattern in self.rules}
        # the canonical names the expression patterns are rooted at (`FileIndex.written`)
        self._canonical = frozenset(name for _, pattern in self.rules for form in (pattern, pattern.inline) if form is not None
                                    for name in form.root_canonical)
        self._selected: dict[tuple, list[tuple[Pitfall, Pattern]]] = {}
        self._links: dict[Source, str] = {}  # see `_link`
        self._gates: dict[int, tuple[list, frozenset[str], dict[frozenset[str], tuple[list, frozenset[bytes]]]]] = {}

    def __len__(self) -> int:
        return len(self.rules)

    def selected(self, select: Collection[str] | None, ignore: Collection[str] | None) -> list[tuple[Pitfall, Pattern]]:
        """The rules `--select`/`--ignore` keep (codes or prefixes, as for the NS rules); the answer is
        kept per choice, since the linter asks once per file."""
        key = (tuple(select) if select is not None else None, tuple(ignore or ()))
        chosen = self._selected.get(key)
        if chosen is None:
            chosen = self._selected[key] = [(p, pattern) for p, pattern in self.rules if _chosen(p.id, select, ignore)]
        return chosen

    def candidates(self, source: str, names: str, rules: list[tuple[Pitfall, Pattern]]) -> tuple[list[tuple[Pitfall, Pattern]], WordScan | None]:
        """The rules whose context's name (in `names`, the source's `names_text`) and all whose words
        are written in the file (what the text alone says: `imported` then asks the file's imports,
        which take the semantic model to know); and the scan that found the words, when there was
        one (`check` then searches a word only where the scan saw it)."""
        gated, wanted = self._gate(rules, names)
        if len(gated) < _SET_FROM:
            return [(p, pattern) for p, pattern in gated if pattern.applies(source)], None
        scan = WordScan(source, wanted)
        words = scan.present
        return [(p, pattern) for p, pattern in gated if self._words[id(pattern)] <= words], scan

    @staticmethod
    def imported(rules: list[tuple[Pitfall, Pattern]], modules: Collection[str]) -> list[tuple[Pitfall, Pattern]]:
        """Of the `candidates`, those whose context the file imports (or plain Python's)."""
        return [(p, pattern) for p, pattern in rules if p.context == "python" or p.context in modules]

    def _gate(self, rules: list[tuple[Pitfall, Pattern]], names: str) -> tuple[list[tuple[Pitfall, Pattern]], frozenset[bytes]]:
        """The rules whose context's name the file's text holds (a file imports a package only by
        writing its name), or plain Python's, and all their words (what the `WordScan` looks for),
        once per list of rules and set of their contexts written: the files of a project name the
        same few, and a hundred rules looked at for each file cost as much as its gate."""
        entry = self._gates.get(id(rules))
        if entry is None or entry[0] is not rules:  # a list given once and dropped: its id is reused
            if len(self._gates) > 8:
                self._gates.clear()
            entry = self._gates[id(rules)] = (rules, frozenset(p.context for p, _ in rules if p.context != "python"), {})
        _, contexts, by_written = entry
        written = frozenset(c for c in contexts if may_import(c, names))
        found = by_written.get(written)
        if found is None:
            gated = [(p, pattern) for p, pattern in rules if p.context == "python" or p.context in written]
            wanted = frozenset().union(*(self._words[id(pattern)] for _, pattern in gated)) if len(gated) >= _SET_FROM else frozenset()
            found = by_written[written] = (gated, wanted)
        return found

    def check(self, ctx: FileContext, rules: list[tuple[Pitfall, Pattern]], scan: WordScan | None = None) -> list[Finding]:
        """The findings of `rules` (as `candidates` chose them) in one file; `scan`: the one `candidates`
        made, of this text or (a part of a large document) another."""
        index = file_index(ctx)
        index.canonical = self._canonical  # where the file writes them is found in one search per import name
        if scan is not None and scan.source is ctx.source:
            index.scan = scan
        findings: list[Finding] = []
        for pitfall, pattern in rules:
            point()
            for match in pattern.find(ctx):
                first, last = match.focus[0], match.focus[-1]
                edits = pattern.edits(ctx, match)
                fixes = (Fix(_title(edits[0].text), tuple(edits), safe=pitfall.safe),) if edits else ()
                # the note's own words, what is wrong and then what to do, in whatever language it is
                # written: not a message and its Chinese hint (`i18n.finding_text`), which showed a
                # Chinese reader only the second sentence
                findings.append(Finding(
                    pitfall.id, "\n".join(filter(None, (pitfall.message or pitfall.title, pitfall.hint))), "", pitfall.severity,
                    *ctx.start(first), *ctx.end(last), note=self._link(pitfall.source), fixes=fixes,
                ))
        return findings

    def _link(self, source: Source) -> str:
        """The note's link a finding carries, made once per note and line: a path made a URI costs
        more than the rest of a finding, and a rule may find hundreds."""
        link = self._links.get(source)
        if link is None:
            link = self._links[source] = source.uri() or ""
        return link


def any_chosen(select: Collection[str] | None, ignore: Collection[str] | None) -> bool:
    """Whether `--select`/`--ignore` may keep a learned rule (their codes are all `NSN…`): with
    `--ignore NSN` no worker needs the rules loaded or compiled."""
    if ignore and any(_CODE.startswith(s.upper()) for s in ignore):
        return False
    return select is None or any(_CODE.startswith(s.upper()) or s.upper().startswith(_CODE) for s in select)


def _chosen(code: str, select: Collection[str] | None, ignore: Collection[str] | None) -> bool:
    if select is not None and not any(code.startswith(s.upper()) for s in select):
        return False
    return not (ignore and any(code.startswith(s.upper()) for s in ignore))


def _title(text: str) -> str:
    flat = " ".join(text.split())
    return f"Rewrite as the note does: {flat if len(flat) <= _TITLE_WIDTH else flat[:_TITLE_WIDTH - 1] + '…'}"


_per_library: weakref.WeakKeyDictionary[Library, LearnedRules] = weakref.WeakKeyDictionary()


def for_library(library: Library | None) -> LearnedRules:
    """The rules of the bundled notes and of `library`'s notes (compiled once per library object)."""
    if library is None:
        return bundled()
    rules = _per_library.get(library)
    if rules is None:
        rules = _per_library[library] = LearnedRules([*library.pitfalls, *bundled_pitfalls()])
    return rules


@lru_cache(maxsize=1)
def none() -> LearnedRules:
    """No learned rule: what a run that ignores them all loads."""
    return LearnedRules(())


@lru_cache(maxsize=1)
def bundled() -> LearnedRules:
    return LearnedRules(bundled_pitfalls())


@lru_cache(maxsize=1)
def bundled_pitfalls() -> tuple[Pitfall, ...]:
    """The pitfalls of the library bundled with notesense (read once per process, from the snippet
    files' caches: parsing their YAML took the first lint of every server start ~300 ms)."""
    from notesense.library.loader import load_dirs
    from notesense.paths import bundled_dir, cache_dir

    folder = bundled_dir("snippets")
    found: list[Pitfall] = []
    if folder.is_dir():
        load_dirs([folder], cache_dir(), found)
    return tuple(found)


_by_key: dict[str, LearnedRules] = {}


def from_records(key: str, pitfalls: Sequence[Pitfall]) -> LearnedRules:
    """Compiled rules for records sent to a worker process, once per process (`key` names the set)."""
    rules = _by_key.get(key)
    if rules is None:
        if len(_by_key) > 8:
            _by_key.clear()
        rules = _by_key[key] = LearnedRules(pitfalls)
    return rules
