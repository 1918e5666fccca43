"""The loaded snippet library and the look-ups the server makes on every keystroke.

Built once per load, read from many request threads, never mutated: a reload builds a new `Library`
and the server swaps the reference. Indexes that only search needs (words) are built on first use,
so start-up pays only for what completion and hover need.
"""

from __future__ import annotations

import bisect
import os
import re
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from operator import itemgetter
from pathlib import Path

from notesense.library.loader import LoadProblem, load_dirs
from notesense.library.model import Pitfall, Snippet, language_rank
from notesense.library.words import terms
from notesense.paths import bundled_dir, natural_key

__all__ = ["Library", "LoadProblem"]

REPEATED = "duplicate snippet id; the first one loaded is used"


class Library:
    """Snippets indexed by id, context, symbol, symbol tail, prefix and (lazily) search words; and the
    pitfalls the notes taught (learned rules: the linter runs the enabled ones)."""

    def __init__(self, snippets: Iterable[Snippet], pitfalls: Iterable[Pitfall] = (), order: Sequence[str] = ()) -> None:
        """Index `snippets`; of a repeated id (the same note in two folders, a copied library file) the
        first is kept and the others are listed in `repeated`, for the caller to report. Of a pitfall
        learned twice (the same rule from two notes) the first note names it. `order`: the notes' paths
        in reading order (`notes.order`), which settles ties between equally relevant notes."""
        learned: dict[str, Pitfall] = {}
        for pitfall in pitfalls:
            learned.setdefault(pitfall.id, pitfall)
        self.pitfalls: list[Pitfall] = list(learned.values())
        self.order: list[str] = list(order)
        self._position = {note: i for i, note in enumerate(self.order)}
        self.snippets: list[Snippet] = []
        self.repeated: list[Snippet] = []
        self._by_id: dict[str, Snippet] = {}
        self._by_context: dict[str, list[Snippet]] = defaultdict(list)
        self._by_symbol: dict[str, list[Snippet]] = defaultdict(list)
        self._by_tail: dict[tuple[str, str], list[str]] = defaultdict(list)  # (package, last name) -> symbols
        for snippet in snippets:
            if snippet.id in self._by_id:
                self.repeated.append(snippet)
                continue
            self._by_id[snippet.id] = snippet
            self.snippets.append(snippet)
            self._by_context[snippet.context].append(snippet)
            for symbol in snippet.symbols:
                self._by_symbol[symbol].append(snippet)
        for symbol in self._by_symbol:
            head, _, tail = symbol.rpartition(".")
            if head:
                self._by_tail[(symbol.split(".", 1)[0], tail)].append(symbol)
        # sorted (key, position) pairs for prefix ranges; lower-cased prefixes, case-kept symbols. Made in
        # position order, so a stable sort by key alone gives the pairs' order (string compares, not tuples)
        self._prefixes = [(p.lower(), i) for i, s in enumerate(self.snippets) for p in (s.prefix or ())]
        self._prefixes.sort(key=itemgetter(0))
        self._prefix_keys = [k for k, _ in self._prefixes]
        self._symbols = sorted(self._by_symbol)
        self._last_names = frozenset(symbol.rpartition(".")[2] for symbol in self._by_symbol)
        self._words: dict[str, dict[str, set[int]]] | None = None
        self._ranked_cache: dict[str, list[Snippet]] = {}
        self._words_lock = threading.Lock()
        self.contexts: set[str] = set(self._by_context)

    # -------------------------------------------------------------- building
    @classmethod
    def load(cls, dirs: Sequence[Path], cache_dir: Path | None = None) -> tuple["Library", list[LoadProblem]]:
        """Load every `*.yaml` of `dirs`; bad files/entries and repeated ids become problems, the rest loads.

        `cache_dir` (optional) keeps each file's parsed records, so an unchanged library loads fast."""
        pitfalls: list[Pitfall] = []
        snippets, problems = load_dirs(dirs, cache_dir, pitfalls)
        library = cls(snippets, pitfalls)
        return library, problems + [LoadProblem(Path(s.source.note), f"entry {s.id}", REPEATED) for s in library.repeated]

    # -------------------------------------------------------------- look-ups
    def get(self, id: str) -> Snippet | None:
        return self._by_id.get(id)

    def in_context(self, context: str) -> list[Snippet]:
        return list(self._by_context.get(context, ()))

    def counts(self) -> dict[str, int]:
        """Snippets per context, contexts sorted."""
        return {c: len(self._by_context[c]) for c in sorted(self._by_context)}

    def __len__(self) -> int:
        return len(self.snippets)

    def for_symbol(self, canonical: str, locale: str = "") -> list[Snippet]:
        """Records that explain `canonical`, the one most about it first (see `_ranked`).

        The same name on a sibling in the same package stands in too (`pandas.Series.fillna` →
        `pandas.DataFrame.fillna`, `torch.Tensor.chunk` → `torch.chunk`), because notes rarely say
        which class they meant and the methods behave alike: a section that explains `ge` ranks
        above code that merely calls `x.ge`, an exact match first among records as much about it.
        `locale` puts the records in the reader's language first among equals. Answers are kept per
        (symbol, language): the library never changes once built."""
        key = f"{locale[:2].lower()}\0{canonical}"
        cached = self._ranked_cache.get(key)
        if cached is not None:
            return cached
        package = canonical.split(".", 1)[0]
        tail = canonical.rpartition(".")[2]
        found: dict[str, tuple[Snippet, int]] = {}
        for symbol in (canonical, *self._by_tail.get((package, tail), ())):
            for snippet in self._by_symbol.get(symbol, ()):
                level = snippet.aboutness(symbol)
                known = found.get(snippet.id)
                if known is None or level > known[1]:
                    found[snippet.id] = (snippet, level)
        ranked = _ranked([s for s, _level in found.values()], canonical, locale, self._position)
        self._ranked_cache[key] = ranked
        return ranked

    def names_something(self, name: str) -> bool:
        """Some symbol the notes explain ends in `name`: the cheap test before asking jedi about it."""
        return name in self._last_names

    def symbols_with_prefix(self, dotted: str) -> list[str]:
        """Known symbols starting with `dotted` (case-sensitive: Python names are), sorted."""
        lo = bisect.bisect_left(self._symbols, dotted)
        hi = bisect.bisect_left(self._symbols, dotted + "\U0010ffff")
        return self._symbols[lo:hi]

    def with_prefix(self, typed: str) -> list[tuple[str, Snippet]]:
        """(prefix, snippet) for every snippet prefix starting with `typed` (case-insensitive)."""
        return list(self.iter_prefix(typed))

    def iter_prefix(self, typed: str) -> Iterator[tuple[str, Snippet]]:
        """`with_prefix`, lazily, in prefix order: completion stops once it has enough."""
        key = typed.lower()
        lo = bisect.bisect_left(self._prefix_keys, key)
        hi = bisect.bisect_left(self._prefix_keys, key + "\U0010ffff")
        for pos in range(lo, hi):
            k, i = self._prefixes[pos]
            snippet = self.snippets[i]
            yield next((p for p in snippet.prefix if p.lower() == k), k), snippet

    def words(self) -> dict[str, dict[str, set[int]]]:
        """Inverted indexes for search, per field: {'title'|'symbol'|'text': {term: positions}}."""
        if self._words is None:
            with self._words_lock:
                if self._words is None:
                    self._words = _build_words(self.snippets)
        return self._words


def _bundled_prefix() -> str:
    return str(bundled_dir("notes").resolve()) + os.sep


_BUNDLED = _bundled_prefix()


def _ranked(snippets: list[Snippet], symbol: str, locale: str = "", position: dict[str, int] | None = None) -> list[Snippet]:
    """The records about `symbol` (or a sibling of it), the one most about it first:

    the user's own notes before the bundled ones; then by aboutness (named by a hint or the heading >
    explained in the prose > shown by an example > called in the code > mentioned in passing), a
    translation counting as much as its original; among a section's blocks the one whose code writes
    the name (not the setup before it); the exact name before a sibling; the reader's
    language; prose that names it more often; then the reading order (the note that introduces
    it), and within a note the focused record (the symbol first among few) before the broad one."""
    tail = symbol.rpartition(".")[2]
    named = re.compile(rf"(?<![A-Za-z0-9_]){re.escape(tail)}(?![A-Za-z0-9_])")
    position = position or {}
    levels = {s.id: _level(s, symbol, tail) for s in snippets}
    for group in _translations(snippets):
        best = max(levels[s.id] for s in group)
        for s in group:
            levels[s.id] = best

    def key(s: Snippet) -> tuple:
        note = s.source.note
        return (
            note.startswith(_BUNDLED),
            -levels[s.id],
            bool(s.code) and not named.search(s.code),  # the section's setup block, beside the one that uses it
            symbol not in s.symbols,
            language_rank(s.lang, locale),
            not s.doc,
            -repeated(s),
            index(s) >= _MAIN_SYMBOLS,  # among the record's main APIs, or one of many it touches
            position.get(note, len(position)),
            natural_key(note),
            index(s),
            s.source.line,
            len(s.symbols),
            len(s.code),
        )

    def repeated(s: Snippet) -> int:
        """How often the words name it beyond once (a name said once may be said in passing)."""
        return max(min(len(named.findall(s.title)) + len(named.findall(s.doc)), _MANY_MENTIONS) - 1, 0)

    def index(s: Snippet) -> int:
        return next((i for i, x in enumerate(s.symbols) if x.rpartition(".")[2] == tail), len(s.symbols))

    return sorted(snippets, key=key)


_MANY_MENTIONS = 3  # beyond this many, prose naming a symbol more often is not more about it
_MAIN_SYMBOLS = 2  # a record's first symbols are what it is about; the rest it only touches
_COMMENT = re.compile(r"#[^\n]*")


def _level(s: Snippet, symbol: str, tail: str) -> int:
    if symbol in s.symbols:
        return s.aboutness(symbol)
    return max((s.aboutness(x) for x in s.symbols if x.rpartition(".")[2] == tail), default=-1)


def _translations(snippets: list[Snippet]) -> list[list[Snippet]]:
    """Records that hold the same example (comments and spacing aside) in notes of different
    languages: a translated book keeps its original beside it, and a section is as much about an API
    in the one language as in the other."""
    groups: dict[str, list[Snippet]] = defaultdict(list)
    for s in snippets:
        if len(s.code) >= _MIN_TWIN_CODE:
            groups[" ".join(_COMMENT.sub("", s.code).split())].append(s)
    return [g for g in groups.values() if len(g) > 1 and len({s.lang for s in g}) > 1]


_MIN_TWIN_CODE = 20  # characters: shorter examples are alike by chance


def _build_words(snippets: Sequence[Snippet]) -> dict[str, dict[str, set[int]]]:
    fields: dict[str, dict[str, set[int]]] = {"title": defaultdict(set), "symbol": defaultdict(set), "text": defaultdict(set)}
    for i, s in enumerate(snippets):
        for t in terms(" ".join([s.title, *s.source.heading])):
            fields["title"][t].add(i)
        for t in terms(" ".join([*s.symbols, *s.prefix])):
            fields["symbol"][t].add(i)
        for t in terms(" ".join([s.doc, *s.tags, s.context])):
            fields["text"][t].add(i)
    return {name: dict(index) for name, index in fields.items()}
