"""Learned rules: the library's pitfalls, run over a file by the rules engine like the NS rules.

Each enabled `Pitfall` is compiled once into a `Pattern`. For a file, a rule runs only when the file
imports its context and contains every word its pattern names (the same two gates the NS rules have);
with many rules the file's identifiers are collected once and the words are looked up in that set.
Findings carry the note's own words, a link to the note, the severity the note asked for (a hint by
default), and the learned fix — unsafe unless the note said `fix=safe`.
"""

from __future__ import annotations

import hashlib
import logging
import weakref
from collections.abc import Collection, Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from notesense.library.model import Pitfall
from notesense.rules.base import FileContext, Finding, Fix
from notesense.rules.pattern import Pattern, PatternError, compile_rule
from notesense.yielding import point

if TYPE_CHECKING:
    from notesense.library.index import Library

log = logging.getLogger(__name__)

# every byte that cannot be part of an identifier becomes a space (UTF-8 bytes of non-ASCII letters stay)
_NOT_IDENTIFIER = bytes(b if b >= 0x80 or chr(b).isalnum() or b == 0x5F else 0x20 for b in range(256))
_SCAN_BYTES = 64 * 1024  # one scan holds the GIL: a 50,000-line file is read in slices this long
_SET_FROM = 8  # rules past the import gate from which one identifier scan beats a substring search per word
_TITLE_WIDTH = 60


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
        self._selected: dict[tuple, list[tuple[Pitfall, Pattern]]] = {}

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

    def candidates(self, source: str, rules: list[tuple[Pitfall, Pattern]], modules: Collection[str]) -> list[tuple[Pitfall, Pattern]]:
        """The rules whose context the file imports and whose words all occur in it."""
        gated = [(p, pattern) for p, pattern in rules if p.context == "python" or p.context in modules]
        if len(gated) < _SET_FROM:
            return [(p, pattern) for p, pattern in gated if pattern.applies(source)]
        words = _identifiers(source)
        return [(p, pattern) for p, pattern in gated if self._words[id(pattern)] <= words]

    @staticmethod
    def check(ctx: FileContext, rules: list[tuple[Pitfall, Pattern]]) -> list[Finding]:
        findings: list[Finding] = []
        for pitfall, pattern in rules:
            point()
            for match in pattern.find(ctx):
                first, last = match.focus[0], match.focus[-1]
                edits = pattern.edits(ctx, match)
                fixes = (Fix(_title(edits[0].text), tuple(edits), safe=pitfall.safe),) if edits else ()
                findings.append(Finding(
                    pitfall.id, pitfall.message or pitfall.title, pitfall.hint, pitfall.severity,
                    *ctx.start(first), *ctx.end(last), note=pitfall.source.uri() or "", fixes=fixes,
                ))
        return findings


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


def _identifiers(source: str) -> set[bytes]:
    """Every identifier in `source` (UTF-8; numbers too, which no word is): the bytes that cannot be
    in an identifier become spaces and the rest is split, a table lookup and a split in C at about
    half the cost of a regex `findall`."""
    words: set[bytes] = set()
    for chunk in _slices(source.encode("utf-8", "surrogatepass")):
        words.update(chunk.translate(_NOT_IDENTIFIER).split())
    return words


def _slices(data: bytes) -> Iterator[bytes]:
    """`data` a slice of whole lines at a time: one scan of a 50,000-line file holds the GIL for
    milliseconds, which a hover waiting on the server's loop would wait out."""
    start = 0
    while start < len(data):
        end = data.find(b"\n", start + _SCAN_BYTES)
        end = len(data) if end < 0 else end + 1
        yield data[start:end]
        start = end


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
