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
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import chain, repeat
from operator import attrgetter, eq, is_
from pathlib import Path

from notesense.analysis import api
from notesense.analysis.imports import CONVENTIONAL_ALIASES
from notesense.collector import paused
from notesense.library.loader import LoadProblem, load_dirs
from notesense.library.model import CALLED, EXPLAINED, MAIN_SYMBOLS, MENTIONED, NAMED, SHOWN, Pitfall, Snippet, Source, language_rank
from notesense.library.words import (
    CJK_CHAR, EXAMPLES_END, GLOSS_MARK, IN_WORDS, LABEL_LINE, NAME_WORD, PICTURE, REFERENCES_TITLE, TERMS, terms,
)
from notesense.notes.order import INDEX_STEMS
from notesense.paths import bundled_dir, file_stem, is_build_copy, natural_key

__all__ = ["Library", "LoadProblem"]

REPEATED = "duplicate snippet id; the first one loaded is used"


class Library:
    """Snippets indexed by id, context, symbol, symbol tail, prefix and (lazily) search words; and the
    pitfalls the notes taught (learned rules: the linter runs the enabled ones)."""

    decoded = True  # every record made and indexed (one read from its snapshot: not until it is built)

    def __init__(self, snippets: Iterable[Snippet], pitfalls: Iterable[Pitfall] = (), order: Sequence[str] = ()) -> None:
        """Index `snippets`; of a repeated id (the same note in two folders, a copied library file) the
        first is kept and the others are listed in `repeated`, for the caller to report. Of a pitfall
        learned twice (the same rule from two notes) the first note names it. `order`: the notes' paths
        in reading order (`notes.order`), which settles ties between equally relevant notes."""
        self._describe(pitfalls, order)
        self.snippets: list[Snippet] = []
        self.repeated: list[Snippet] = []
        self._by_id: dict[str, Snippet] = {}
        by_context: defaultdict[str, list[Snippet]] = defaultdict(list)
        by_symbol: defaultdict[str, list[Snippet]] = defaultdict(list)
        # lower-cased prefix -> its records; a record filed twice under one (`DF` and `df`) is there twice
        by_prefix: defaultdict[str, list[Snippet]] = defaultdict(list)
        for snippet in snippets:
            if snippet.id in self._by_id:
                self.repeated.append(snippet)
                continue
            self._by_id[snippet.id] = snippet
            self.snippets.append(snippet)
            by_context[snippet.context].append(snippet)
            for symbol in snippet.symbols:
                by_symbol[symbol].append(snippet)
            for prefix in snippet.prefix or ():
                by_prefix[prefix.lower()].append(snippet)
        # each key's records in library order, filed in chunks (`_Filed`: what a reload copies of them)
        self._by_context = _filings(by_context)
        self._by_symbol = _filings(by_symbol)
        self._by_prefix = _filings(by_prefix)
        self._by_tail: dict[tuple[str, str], list[str]] = tails_of(self._by_symbol)  # (package, last name) -> symbols
        self._prefix_keys = sorted(self._by_prefix)  # for prefix ranges
        self._symbols = sorted(self._by_symbol)
        self.reindexed: int | None = None  # records a patched index re-indexed (`updated`); None: built whole
        self._derive()
        self._positions()  # part of the index: the first reload patches by it

    def _describe(self, pitfalls: Iterable[Pitfall], order: Sequence[str]) -> None:
        learned: dict[str, Pitfall] = {}
        for pitfall in pitfalls:
            learned.setdefault(pitfall.id, pitfall)
        self.pitfalls: list[Pitfall] = list(learned.values())
        self.order: list[str] = list(order)
        self._position = {note: i for i, note in enumerate(self.order)}

    def _positions(self) -> Positions:
        """id(record) -> its position in `snippets`: what `updated` patches by (a patched library's are
        its predecessor's and the moves the patch made, `_Positions`)."""
        if self._ids is None:
            self._ids = dict(zip(map(id, self.snippets), range(len(self.snippets))))
        return self._ids

    def _derive(self) -> None:
        """What follows from the indexes, and the caches a new library starts without."""
        self._ids: Positions | None = None
        self._last_names = last_names(self._by_symbol)
        self._words: dict[str, dict[str, set[int]]] | None = None
        self._ranked_cache: dict[str, list[Snippet]] = {}
        self._members: dict[str, list[str]] = {}  # owner -> `members(owner)`
        self._modules: dict[str, list[tuple[str, Snippet]]] = {}  # `on_module`'s answers
        self._words_lock = threading.Lock()
        self.contexts: set[str] = set(self._by_context)

    @classmethod
    def updated(cls, previous: "Library | None", snippets: Sequence[Snippet], pitfalls: Iterable[Pitfall] = (),
                order: Sequence[str] = ()) -> "Library":
        """`Library(snippets, pitfalls, order)`, made by patching `previous` when `snippets` are mostly its
        very records (the compile cache hands back the same objects for unchanged notes): the records
        that left are taken out of each index and the new ones put in where a full build would put them.
        A reload after one note of a large library changed then re-indexes that note, not the library.
        Anything a patch does not cover (repeated ids, records that moved, many changes) builds anew."""
        if previous is None:
            return cls(snippets, pitfalls, order)
        if not _mostly_its_own(previous, snippets):
            previous = _rebased(previous, snippets)  # the first reload after a warm start (see `_rebased`)
        patched = _patched(previous, snippets, pitfalls, order) if previous is not None else None
        return patched if patched is not None else cls(snippets, pitfalls, order)

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
        which class they meant and the methods behave alike (`_alike`): a section that explains `ge` ranks
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
        for symbol in (canonical, *self._siblings((package, tail))):
            if symbol != canonical and not _alike(canonical, symbol):
                continue
            for snippet in self._filed(symbol):
                level = snippet.aboutness(symbol)
                known = found.get(snippet.id)
                if known is None or level > known[1]:
                    found[snippet.id] = (snippet, level)
        ranked = _ranked([s for s, _level in found.values()], canonical, locale, self._position)
        self._ranked_cache[key] = ranked
        return ranked

    def on_module(self, module: str) -> list[tuple[str, Snippet]]:
        """(member, record) for the members of `module` the notes cover (`argparse.ArgumentParser.add_argument`
        under `argparse`): each member's record most about it, a record once; the user's notes first,
        then those that explain a member before those that call one, then in reading order. What a hover
        on a module lists when no note is about the module itself. Kept per module: the library never
        changes once built."""
        kept = self._modules.get(module)
        if kept is not None:
            return kept
        best: dict[str, tuple[str, Snippet, int]] = {}
        for symbol in self._under(module):
            for snippet in self._filed(symbol):
                level = snippet.aboutness(symbol)
                known = best.get(snippet.id)
                if known is None or level > known[2]:
                    best[snippet.id] = (symbol, snippet, level)
        position = self._position
        ranked = sorted(best.values(), key=lambda found: (
            found[1].source.note.startswith(_BUNDLED), is_build_copy(found[1].source.note), -min(found[2], EXPLAINED),
            position.get(found[1].source.note, len(position)), natural_key(found[1].source.note), found[1].source.line))
        kept = self._modules[module] = [(symbol, snippet) for symbol, snippet, _level in ranked]
        return kept

    def _under(self, module: str) -> Sequence[str]:
        """The symbols filed under `module`'s names (`module.x`, `module.x.y`)."""
        return self.symbols_with_prefix(module + ".")

    def _filed(self, symbol: str) -> Sequence[Snippet]:
        """The records filed under `symbol`, in library order (a stored library decodes just these)."""
        return self._by_symbol.get(symbol, ())

    def _siblings(self, key: tuple[str, str]) -> Sequence[str]:
        """The symbols filed under (package, last name) in the tail index."""
        return self._by_tail.get(key, ())

    def names_something(self, name: str) -> bool:
        """Some symbol the notes explain ends in `name`: the cheap test before asking jedi about it."""
        return name in self._last_names

    def symbols_with_prefix(self, dotted: str) -> list[str]:
        """Known symbols starting with `dotted` (case-sensitive: Python names are), sorted."""
        lo = bisect.bisect_left(self._symbols, dotted)
        hi = bisect.bisect_left(self._symbols, dotted + "\U0010ffff")
        return self._symbols[lo:hi]

    def members(self, owner: str, start: str = "") -> list[str]:
        """Known symbols `owner.name`, `name` starting with `start` and holding no dot (`torch` has
        torch.chunk, not torch.nn.functional.softmax), sorted. Completion after `pd.` asks for these on
        every keystroke: each owner's are listed once, not picked again out of everything under it."""
        listed = self._members.get(owner)
        if listed is None:
            cut = len(owner) + 1
            listed = self._members[owner] = [s for s in self.symbols_with_prefix(owner + ".") if "." not in s[cut:]]
        if not start:
            return listed
        lo = bisect.bisect_left(listed, f"{owner}.{start}")
        hi = bisect.bisect_left(listed, f"{owner}.{start}\U0010ffff")
        return listed[lo:hi]

    def with_prefix(self, typed: str) -> list[tuple[str, Snippet]]:
        """(prefix, snippet) for every snippet prefix starting with `typed` (case-insensitive)."""
        return list(self.iter_prefix(typed))

    def iter_prefix(self, typed: str) -> Iterator[tuple[str, Snippet]]:
        """`with_prefix`, lazily, in prefix order: completion stops once it has enough."""
        key = typed.lower()
        keys = self._prefix_keys
        for k in keys[bisect.bisect_left(keys, key):bisect.bisect_left(keys, key + "\U0010ffff")]:
            for snippet in self._by_prefix[k]:
                yield next((p for p in snippet.prefix if p.lower() == k), k), snippet

    def words(self) -> dict[str, dict[str, set[int]]]:
        """Inverted indexes for search, per field: {'title'|'symbol'|'text': {term: positions}}."""
        if self._words is None:
            with self._words_lock:
                if self._words is None:
                    self._words = _build_words(self.snippets)
        return self._words


# share of the records changed beyond which a full build is the cheaper one: a patch costs about ten times
# as much per changed record as a full build does per record (64,000 records: 4% changed patched in 60% of
# a full build's time), so it stops well before
_MAX_PATCHED = 0.02


def _tail_key(symbol: str) -> tuple[str, str]:
    """Where a dotted symbol is filed in the tail index: (package, last name)."""
    return symbol.split(".", 1)[0], symbol.rpartition(".")[2]


def tails_of(symbols: Iterable[str]) -> defaultdict[tuple[str, str], list[str]]:
    """The tail index of `symbols` given in the order each first occurs in the library (the order
    `_patch_tails` keeps to): (package, last name) -> the dotted symbols filed there."""
    tails: defaultdict[tuple[str, str], list[str]] = defaultdict(list)
    for symbol in symbols:
        if "." in symbol:
            tails[_tail_key(symbol)].append(symbol)
    return tails


def first_occurrence(by_symbol: Mapping[str, Sequence[Snippet]], at: Mapping[int, int]) -> Callable[[str], tuple[int, int]]:
    """Sort key of a symbol of `by_symbol` by where it first occurs in the library (`at`: id(record) ->
    its position): its first record's position, then its place among that record's symbols. The
    order a full build files symbols in, and `tails_of` takes them in; a patched index puts new ones last."""
    return lambda symbol: (at[id(by_symbol[symbol][0])], by_symbol[symbol][0].symbols.index(symbol))


def last_names(symbols: Iterable[str]) -> frozenset[str]:
    """The last names of `symbols`: what `Library.names_something` answers from."""
    return frozenset(symbol.rpartition(".")[2] for symbol in symbols)


class _Unpatchable(Exception):
    """The previous index does not hold what a patch expects: build the library whole."""


def _patched(previous: Library, snippets: Sequence[Snippet], pitfalls: Iterable[Pitfall],
             order: Sequence[str]) -> Library | None:
    """`Library.updated`'s patch, or None when a full build is needed. What changed is found by comparing
    the two record lists by identity a stretch at a time (`_diff`), and the positions of the records
    that stay are the previous ones shifted past those changes (`_Positions`): besides C-level copies of
    the lists it holds, a patch costs the changed records, not the library."""
    if previous.repeated:
        return None
    diff = _diff(previous.snippets, snippets, max(int(_MAX_PATCHED * len(snippets)), 64))
    if diff is None:
        return None
    gone_at, new_at = diff
    gone, new = [previous.snippets[i] for i in gone_at], [snippets[i] for i in new_at]
    if not {id(s) for s in gone}.isdisjoint(map(id, new)):
        return None  # a record that stays changed places: positions below would not hold
    before = previous._positions()
    shifted = _Positions.after(before, gone_at, new_at, new)
    # a few patches in a row are looked up through; then one map of every record is made again
    after = shifted if len(shifted.steps) <= _Positions.MOST_STEPS else dict(zip(map(id, snippets), range(len(snippets))))
    by_id = dict(previous._by_id)
    for s in gone:
        del by_id[s.id]
    for s in new:
        if s.id in by_id:
            return None  # a repeated id (or the same record twice): the full build reports it
        by_id[s.id] = s
    library = Library.__new__(Library)
    library._describe(pitfalls, order)
    library.snippets = list(snippets)
    library.repeated = []
    library._by_id = by_id
    try:
        library._by_context = _patch_lists(previous._by_context, [(s.context, s) for s in gone],
                                           [(s.context, s) for s in new], before, after)
        library._by_symbol = _patch_lists(previous._by_symbol, [(y, s) for s in gone for y in s.symbols],
                                          [(y, s) for s in new for y in s.symbols], before, after)
        library._by_prefix = _patch_lists(previous._by_prefix, [(p.lower(), s) for s in gone for p in s.prefix or ()],
                                          [(p.lower(), s) for s in new for p in s.prefix or ()], before, after)
    except _Unpatchable:
        return None
    changed = {y for s in (*gone, *new) for y in s.symbols}
    library._by_tail = _patch_tails(previous._by_tail, library._by_symbol, changed, after)
    library._symbols = _patch_sorted(previous._symbols, changed, library._by_symbol)
    library._prefix_keys = _patch_sorted(previous._prefix_keys, {p.lower() for s in (*gone, *new) for p in s.prefix or ()},
                                         library._by_prefix)
    library.reindexed = len(gone) + len(new)
    library._derive()
    library._ids = after  # the next patch starts from these positions
    return library


_STRETCH = 512  # records compared by identity in one C-level step while looking for a change


def _diff(old: Sequence[Snippet], new: Sequence[Snippet], most: int) -> tuple[list[int], list[int]] | None:
    """(positions in `old` of the records not in `new`, positions in `new` of those not in `old`), read by
    identity, when `new` is `old` with at most `most` records taken out or put in; else None. Equal
    stretches are skipped `_STRETCH` records at a time; after a change, the lists meet again at the
    first record of `old` found a little further on in `new` (looking further while none is). A record
    that moved shows as both taken out and put in (the caller checks)."""
    gone: list[int] = []
    fresh: list[int] = []
    i = j = 0
    n, m = len(old), len(new)
    while True:
        while i + _STRETCH <= n and j + _STRETCH <= m and all(map(is_, old[i:i + _STRETCH], new[j:j + _STRETCH])):
            i += _STRETCH
            j += _STRETCH
        while i < n and j < m and old[i] is new[j]:
            i += 1
            j += 1
        if i == n or j == m:
            break
        width = 16
        while True:
            ahead: dict[int, int] = {}
            for k, record in enumerate(new[j:j + width]):
                ahead.setdefault(id(record), k)
            met = next(((d, ahead[id(r)]) for d, r in enumerate(old[i:i + width]) if id(r) in ahead), None)
            if met is not None or (i + width >= n and j + width >= m) or width > 2 * most:
                break
            width *= 4
        if met is None:
            break
        d, k = met
        gone.extend(range(i, i + d))
        fresh.extend(range(j, j + k))
        i, j = i + d, j + k
        if len(gone) + len(fresh) > most:
            return None
    gone.extend(range(i, n))
    fresh.extend(range(j, m))
    return (gone, fresh) if len(gone) + len(fresh) <= most else None


class _Positions:
    """id(record) -> position in a patched library's `snippets`, without a map of every record made
    anew: the records a patch put in, and for those that stayed the previous position shifted past the
    records taken out before it and the ones put in. After a few patches in a row the shifts are folded
    into one map again (each look-up walks every patch since)."""

    __slots__ = ("_base", "steps")
    MOST_STEPS = 4

    def __init__(self, base: dict[int, int], steps: tuple) -> None:
        self._base = base
        self.steps = steps  # (positions of the records put in, positions taken out, shifts), oldest first

    @classmethod
    def after(cls, before: Positions, gone_at: list[int], new_at: list[int],
              new: list[Snippet]) -> "_Positions":
        """The positions once the records at `gone_at` (previous positions) are taken out and `new` put in
        at `new_at`. A record that stays keeps its order among those that stay: it lands after the
        records put in whose count of staying records before them is at most its own."""
        base, steps = (before._base, before.steps) if isinstance(before, _Positions) else (before, ())
        stayers_before = [at - k for k, at in enumerate(new_at)]
        return cls(base, (*steps, (dict(zip(map(id, new), new_at)), gone_at, stayers_before)))

    def __getitem__(self, key: int) -> int:
        steps = self.steps
        start = len(steps)
        while start:
            at = steps[start - 1][0].get(key)
            if at is not None:
                break
            start -= 1
        else:
            at = self._base[key]
        for _put, taken, stayers_before in steps[start:]:
            kept = at - bisect.bisect_left(taken, at)
            at = kept + bisect.bisect_right(stayers_before, kept)
        return at


Positions = dict[int, int] | _Positions  # id(record) -> its position in a library's `snippets`


def _mostly_its_own(previous: Library, snippets: Sequence[Snippet]) -> bool:
    """Most of `snippets` are `previous`'s very records, judged from a sample of them: when they are
    not (after a warm start), a patch is worth trying only once `previous` is rebased on them."""
    sample = snippets[:: max(len(snippets) // 32, 1)]
    return sum(previous._by_id.get(s.id) is s for s in sample) * 2 >= len(sample)


# what a record is filed under: where the index puts it (its position in `snippets` aside)
_INDEXED = attrgetter("id", "context", "symbols", "prefix")
_ID = attrgetter("id")
_NOBODY = Snippet("", "", "", "", "", Source("", 0))  # stands for "no record of that id"


def _rebased(previous: Library, snippets: Sequence[Snippet]) -> Library | None:
    """`previous`'s indexes holding, in place of each of its records, the record of `snippets` filed
    under the same id, context, symbols and prefixes, so that `_patched` finds them by identity (and
    re-files those that moved); None when fewer than half are alike. The indexes hold nothing else of
    a record: what is derived from the rest (rankings, search words) a new library makes afresh.

    After a warm start the library's records are the snapshot's, and a reload's are the compile
    cache's: equal records, other objects. Rebasing is a pass over the indexes, against a full
    build's sorting and hashing of every record."""
    by_id = previous._by_id
    known = list(map(by_id.get, map(_ID, snippets), repeat(_NOBODY)))  # C-level passes, then one comprehension
    alike = map(eq, map(_INDEXED, known), map(_INDEXED, snippets))
    same = {id(k): s for k, s, a in zip(known, snippets, alike) if a and k is not _NOBODY}
    if len(same) * 2 < len(snippets):
        return None
    get = same.get
    rebased = Library.__new__(Library)
    rebased._describe(previous.pitfalls, previous.order)
    with paused():  # hundreds of thousands of entries, none of them garbage (`collector`)
        rebased.snippets = [get(id(s), s) for s in previous.snippets]
        rebased.repeated = [get(id(s), s) for s in previous.repeated]
        rebased._by_id = {key: get(id(s), s) for key, s in by_id.items()}
        rebased._by_context, rebased._by_symbol, rebased._by_prefix = (
            {key: _filing([[get(id(s), s) for s in chunk] for chunk in _chunks(filed)]) for key, filed in index.items()}
            for index in (previous._by_context, previous._by_symbol, previous._by_prefix))
    rebased._by_tail = previous._by_tail  # symbols only, no records: shared, never changed
    rebased._prefix_keys = previous._prefix_keys
    rebased._symbols = previous._symbols
    rebased.reindexed = previous.reindexed
    rebased._derive()
    return rebased


_CHUNK = 256  # records per chunk of a long filing (`_Filed`)


class _Filed(Sequence[Snippet]):
    """The records filed under one key of an index, in library order, held in chunks of about `_CHUNK`:
    a patch copies the chunks it changes and the list of chunks, not every record filed there (in a
    library of few APIs each key files tens of thousands, and a one-note reload copied them all). A
    filing of one chunk is that list itself (most keys file a few records: no object more per key)."""

    __slots__ = ("chunks", "_size")

    def __init__(self, chunks: list[list[Snippet]]) -> None:
        self.chunks = chunks  # none empty, none changed once the filing is made (libraries share them)
        self._size = sum(map(len, chunks))

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[Snippet]:
        return chain.from_iterable(self.chunks)

    def __getitem__(self, i: int) -> Snippet:  # type: ignore[override]  # no slices
        if i < 0:
            i += self._size
        for chunk in self.chunks:
            if 0 <= i < len(chunk):
                return chunk[i]
            i -= len(chunk)
        raise IndexError(i)


Filing = list[Snippet] | _Filed  # a key's records in library order: one chunk, or several


def _chunks(filed: Filing) -> list[list[Snippet]]:
    return filed.chunks if isinstance(filed, _Filed) else [filed]


def _filing(chunks: list[list[Snippet]]) -> Filing:
    return chunks[0] if len(chunks) == 1 else _Filed(chunks)


def _filings(lists: Mapping[str, list[Snippet]]) -> dict[str, Filing]:
    """Each key's records (in library order) as a filing."""
    return {key: records if len(records) <= _CHUNK else _Filed([records[i:i + _CHUNK] for i in range(0, len(records), _CHUNK)])
            for key, records in lists.items()}


def _patch_lists(lists: dict[str, Filing], gone: list[tuple[str, Snippet]], new: list[tuple[str, Snippet]],
                 before: Positions, after: Positions) -> dict[str, Filing]:
    """A copy of `lists` without the (key, record) pairs of `gone` and with those of `new`, each filing in
    library order; other keys' filings, and the chunks of a filing no pair falls in, are shared, never
    changed (the previous library is still read). A record's chunk is the last one starting at or
    before it; a chunk grown to twice `_CHUNK` is split."""
    out = dict(lists)
    patched: dict[str, list[list[Snippet]]] = {}  # key -> its filing's chunks (the list copied)
    owned: list[list[Snippet]] = []  # the chunks copied or made here (kept alive: their ids stay theirs)
    mine: set[int] = set()

    def chunks_of(key: str) -> list[list[Snippet]]:
        chunks = patched.get(key)
        if chunks is None:
            chunks = patched[key] = list(_chunks(lists[key])) if key in lists else []
        return chunks

    def made(chunk: list[Snippet]) -> list[Snippet]:
        owned.append(chunk)
        mine.add(id(chunk))
        return chunk

    def own(chunks: list[list[Snippet]], i: int) -> list[Snippet]:
        if id(chunks[i]) not in mine:
            chunks[i] = made(list(chunks[i]))
        return chunks[i]

    def find(chunks: list[list[Snippet]], position: int, at: Positions) -> int:
        return bisect.bisect_right(chunks, position, key=lambda chunk: at[id(chunk[0])]) - 1

    for key, snippet in gone:
        position = before[id(snippet)]
        chunks = chunks_of(key)
        i = find(chunks, position, before)
        chunk = own(chunks, i) if i >= 0 else []
        at = bisect.bisect_left(chunk, position, key=lambda s: before[id(s)])
        if at == len(chunk) or chunk[at] is not snippet:
            raise _Unpatchable(key)
        del chunk[at]
        if not chunk:
            del chunks[i]
    for key, snippet in new:  # in library order: a record's own repeats stay in place
        position = after[id(snippet)]
        chunks = chunks_of(key)
        if not chunks:
            chunks.append(made([snippet]))
            continue
        chunk = own(chunks, i := max(find(chunks, position, after), 0))  # before the first: the first takes it
        chunk.insert(bisect.bisect_right(chunk, position, key=lambda s: after[id(s)]), snippet)
        if len(chunk) >= 2 * _CHUNK:
            chunks[i:i + 1] = [made(chunk[:_CHUNK]), made(chunk[_CHUNK:])]
    for key, chunks in patched.items():
        if chunks:
            out[key] = _filing(chunks)
        else:
            del out[key]
    return out


def _patch_sorted(keys: list[str], changed: set[str], filed: Mapping[str, object]) -> list[str]:
    """`keys` (sorted) with those of `changed` that are no longer `filed` taken out and the newly filed
    put in; `keys` itself when none came or went (the usual edit): the list is never changed in place."""
    out = keys
    for key in sorted(changed):
        at = bisect.bisect_left(out, key)
        present = at < len(out) and out[at] == key
        if present != (key in filed):
            if out is keys:
                out = list(keys)
            if present:
                del out[at]
            else:
                out.insert(at, key)
    return out


def _patch_tails(tails: dict[tuple[str, str], list[str]], by_symbol: dict[str, list[Snippet]], changed: set[str],
                 after: Positions) -> dict[tuple[str, str], list[str]]:
    """The (package, last name) -> symbols index with the `changed` symbols' entries made again, each list
    in the order a full build makes it: where each symbol first occurs in the library."""
    out: dict[tuple[str, str], list[str]] = defaultdict(list, tails)
    dotted = [symbol for symbol in changed if "." in symbol]
    for key in {_tail_key(symbol) for symbol in dotted}:
        members = [y for y in dict.fromkeys([*tails.get(key, ()), *(y for y in dotted if _tail_key(y) == key)])
                   if y in by_symbol]
        if members:
            out[key] = sorted(members, key=lambda y: (after[id(by_symbol[y][0])], by_symbol[y][0].symbols.index(y)))
        else:
            out.pop(key, None)
    return out


def _bundled_prefix() -> str:
    return str(bundled_dir("notes").resolve()) + os.sep


_BUNDLED = _bundled_prefix()


# a heading numbered as one of a sequence ("0 SummaryWriter", "3. Adam", "2、chunk"): a section among
# others of a note, not a title the note opens with, though no heading stands above it
_SEQUENCE_HEADING = re.compile(r"\s*(?:\d{1,2}(?:\.\d{1,2})*[.、)\s]|[（(]?[一二三四五六七八九十]{1,3}[、.)）])")


def _note_title(s: Snippet) -> str:
    """The heading `s`'s note opens under ("" for none): its first, unless that is numbered as one of a
    sequence of sections ("0 SummaryWriter", "3. Adam", "一、通过plot函数设置样式") that no title stands above."""
    first = s.source.heading[0] if s.source.heading else ""
    return "" if _SEQUENCE_HEADING.match(first) else first


def _opens_with(doc: str, tail: str) -> bool:
    """Whether `doc`'s first words write the name ("用 y.backward() 做反向传播…", "The `merge` function
    joins…"): what it says is said of it, where prose that names it further on ("框架在你调用 `y.backward()`
    时建好计算图…") speaks of something else first."""
    window = len(tail) + _OPENING + 20  # room for a receiver and marks before it
    at = doc.find(tail, 0, window)
    while at >= 0 and not _mentions(doc[max(at - 1, 0):at + len(tail) + 1], tail, 1):
        at = doc.find(tail, at + 1, window)
    before = _RECEIVER.sub("", doc[:at]) if at >= 0 else ""
    return at >= 0 and len(before) + len(_WIDE.findall(before)) <= _OPENING


_OPENING = 5  # columns before the name (its receiver and marks aside) that still open the doc: "Using", "使用"
_RECEIVER = re.compile(r"[A-Za-z0-9_.]*\.$|[`*_\[\s]+")  # `tensor.` before `backward`, code and bold marks, spaces
_WIDE = re.compile(r"[^\x00-\x7f]")  # a Chinese character says as much as a word: two columns


def _worded(doc: str) -> bool:
    """Whether `doc` has words besides its pictures, the addresses it links and lines of a call alone (a
    heading over a link to the docs and an example, or over `torch.save(net, path)`, says nothing of its own)."""
    if "![" in doc or "<img" in doc:
        doc = PICTURE.sub("", doc)
    if "://" in doc:
        doc = _ADDRESS.sub("", doc)
    if "(" in doc:
        doc = _CALL_LINE.sub("", doc)
    return bool(re.search(r"\w", doc))


def _says_little(doc: str) -> bool:
    """Whether `doc` is a line of a word or two ("Data Tables" under "## Merge", "见下" under a heading):
    a subtitle, which says less of the API than any section of its own words on it."""
    if "://" in doc:
        doc = _ADDRESS.sub("", doc)
    return 0 < len(_ASCII_WORDS.findall(doc)) + (len(CJK_CHAR.findall(doc)) + 1) // 2 <= 2


def _explains(doc: str, name: str) -> bool:
    """Whether an entry's line says what `name` does in words of its own (five or more besides the
    name, code marks and a link's address: "`export_text`: method from `sklearn.tree` class to display the text report…"),
    not only a label ("Sorting values (`sort_values()`)")."""
    words = _CODE_SPAN.sub(" ", _ADDRESS.sub(" ", doc.split("\n", 1)[0])).replace(name, " ")
    return len(_ASCII_WORDS.findall(words)) + len(CJK_CHAR.findall(words)) // 2 >= 5


_CODE_SPAN = re.compile(r"`[^`\n]*`")
_ADDRESS = re.compile(r"<?https?://[^\s>]*>?")
# a line that is a call and nothing else (`torch.save(net, path)`, "`df.head()`"): code, no words
_CALL_LINE = re.compile(r"(?m)^[ \t`*>-]*[A-Za-z_][\w.]*\((?:[^()\n]|\([^()\n]*\))*\)[ \t`*]*$")


def _ranked(snippets: list[Snippet], symbol: str, locale: str = "", position: dict[str, int] | None = None) -> list[Snippet]:
    """The records about `symbol` (or a sibling of it), the one most about it first:

    the user's own notes before the bundled ones, the sources before a documentation builder's copies
    of them (whatever they are named there); then by aboutness (named by a hint or the heading >
    explained in the prose > shown by an example > called in the code > mentioned in passing), a
    translation counting as much as its original, an entry of a listing (a row of a summary table of
    methods, a cheat sheet's bullet) counting as an example shown under a heading, and so does a
    chapter's summary; among a section's blocks the one whose code writes the name (not the setup
    before it); a section on what it does before one on an error it raised or one titled as an example
    of it ("Example: Using optim.SGD"); the very API before the same operation of a sibling class (a
    series' `apply` before a frame's, however titled); the opening of a note titled by its name alone
    before the sections under it; prose that writes a function's name as code before a heading that
    uses it as a word (`Looping over array elements`);
    a record whose heading (or note's file name) names the operation (`Stacking` for `stack`) before one
    under a heading about something else; prose about it alone before prose that explains other APIs alongside (a
    notebook's cell that merges frames on the way to grouping them, before the later cell on merging);
    a paragraph before an entry of a listing, which still answers when nothing says more; the exact
    name before a sibling; the reader's language; words before pictures alone; a note whose title or file name names it (`# reversed`,
    `nn.Embedding.md`) before a section of a note on something else; prose that names it more often;
    then the reading order (the note that introduces it), and within a note the focused record (the
    symbol first among few) before the broad one.

    One record is its own ranking: most symbols of a large library have one, and the first completion
    after `pd.` ranks fifty of them."""
    if len(snippets) < 2:
        return list(snippets)

    tail = symbol.rpartition(".")[2]
    owner = symbol.rpartition(".")[0].rpartition(".")[2].lower()
    stem = _stem(tail)
    position = position or {}
    levels = {s.id: _level(s, symbol, tail) for s in snippets}
    for group in _translations(snippets):
        best = max(levels[s.id] for s in group)
        for s in group:
            levels[s.id] = best
    # a note titled for it ("How to create Pandas Pivot Table", a post on it alone; one with no heading over
    # its opening, by its file's name: `pandas_apply.md`) is its account of it: a section that a note on
    # something else heads with the name ("Count Duplicates › pivot_table") says no more than the words of
    # that note, which answer first among as much about it (not a note titled for another class's namesake:
    # "Series.groupby(by=None, …)" is no account of `DataFrame.groupby`)
    # (or by the chart it draws: a note titled "条形图" over its sections on `plt.bar`, not a notebook's first
    # section "Scatterplots" among "Line Plots" and "Bar Charts")
    titled_notes = {s.source.note for s in snippets if levels[s.id] >= SHOWN and len(s.source.heading) > 1
                    and api.charted(_note_title(s), (symbol,))
                    or levels[s.id] >= EXPLAINED and _title_names(title := _note_title(s), tail)
                    and not _owned_otherwise(title, tail, owner) or levels[s.id] >= NAMED and not s.source.heading}  # (its file named it when it was compiled)
    if titled_notes:
        for s in snippets:
            if levels[s.id] == NAMED and len(s.source.heading) > 1 and s.source.note not in titled_notes:
                levels[s.id] = EXPLAINED
    # Prose that explains it as an entry of a listing (a table's row, a cheat sheet's bullet: the name,
    # a colon, one short line) says no more of it than a heading over code alone: it answers after the
    # section that shows it, unless a heading names it (`### torch.clamp` over its one line). Only prose
    # explaining it counts: a line of code with its comment says no less than the block it stands in.
    # (a listing of the parameters of a call its heading names, "`header=None`: Use when file has no
    # headers" under "Common Parameters in `read_csv()`", is the call's documentation, not such an entry;
    # nor is a definition the prose then goes on explaining: "detach()：张量 x 从计算图中分离出来…" over
    # "特点：… 对 x.detach() 的操作不会影响原始张量的梯度计算")
    entries = {s.id for s in snippets if levels[s.id] >= EXPLAINED and s.is_explanation and _listing(s.doc)
               and _mentions((parts := s.doc.split("\n\n", 1))[0], tail, 1)
               and not (len(parts) > 1 and _mentions(parts[1], tail, 1))}

    explaining_entries = any(_explains(s.doc, tail) for s in snippets if s.id in entries)

    # A chapter's summary, objectives or quick reference ("10. 总结 › DataParallel", "Key Takeaways",
    # "初始化方法速查") restates in a line what a section of its own explains: it answers as an example
    # would, after that section, however plainly its heading names the API (a note titled "用法总结"
    # is no such recap: it is the note's own explanation)
    recaps = {s.id for s in snippets if levels[s.id] > SHOWN and _under(s, _RECAP_TITLE, titled=False)}
    # and so do, after the words on what the API itself does: a whole note kept as a cheat sheet ("Pandas
    # Syntax Cheatsheet", `11_Cheatsheet/…`, "速查表"), whose one line restates what a note of its own
    # explains; an entry of a table of contents that lists notes by file ("`19_masking.md` — Guide:
    # Masking (`.mask`)"), or a section of one headed by a note's file ("## py12.ipynb: NumPy 常用数组创建函数"),
    # which stands for that note; a section that implements it anew ("实现内置函数
    # sorted", "Implementing zip"), the note's own version; a section titled as an example of it ("Example of
    # Sequential vs ModuleList", "Example: Using optim.SGD"), which shows it
    implements = re.compile(rf"(?:实现|手写|仿写|implement(?:ing)?|re-?implement(?:ing)?)\s*(?:python\s*)?(?:的)?(?:内置|内建|built-?in)?"
                            rf"\s*(?:函数|function)?\s*[`*]*{re.escape(tail)}(?![\w])", re.IGNORECASE)
    for s in snippets:
        if levels[s.id] > SHOWN and (_CHEAT_SHEET.search(s.source.note) or s.source.heading and _CHEAT_SHEET.search(s.source.heading[0])
                                     or _NOTE_ENTRY.match(s.doc) or s.source.heading and _NOTE_ENTRY.match(s.source.heading[-1])
                                     or implements.search(s.title) or _EXAMPLE_TITLE.match(s.title)):
            levels[s.id] = SHOWN

    # a chapter's exercises ("Exercises", "练习", "Question 2", the reader's to-dos: "Todos" over "Try the
    # `nn.LSTM` and `nn.GRU` layers"), or a whole note of them (a course's "🏁 Wrap-up quiz"), ask about it
    # ("If we replace `nn.MSELoss()` with …, why?"): a question names it as a call does, and answers after
    # every section that says what it is
    _cap_under(levels, snippets, _EXERCISES_TITLE, CALLED, titled=False)
    # a glossary's entry defines a term ("sample, instance", "regressor") and names an API as its example
    # ("if we define `clf = KNeighborsClassifier()`, `clf` is an instance"): it shows the API, after the
    # sections that explain it
    _cap_under(levels, snippets, _GLOSSARY_TITLE, SHOWN, titled=False)

    # a translated book's original beside its translation (`dropout_origin.md` by `dropout.md`, `x.en.md`
    # by `x.md`): where the translation, in the reader's language, explains or shows the API, the
    # original (its heading naming the class outright, or in English words: "Maximum Pooling") answers
    # no higher
    originals = [(s, twin) for s in snippets if locale and language_rank(s.lang, locale)
                 and (twin := _ORIGINAL_SUFFIX.sub(r"\1", s.source.note)) != s.source.note]
    if originals:
        translated: dict[str, int] = {}
        for s in snippets:
            if not language_rank(s.lang, locale):
                translated[s.source.note] = max(levels[s.id], translated.get(s.source.note, -1))
        for s, twin in originals:
            if SHOWN <= translated.get(twin, -1) < levels[s.id]:
                levels[s.id] = translated[twin]

    # a section with nothing in it but pictures (a screenshot under "#### BatchNorm2d") says nothing a
    # hover can show: it answers after every record with words or code, a passing mention's included
    worded = {s.id: _worded(s.doc) for s in snippets}
    for s in snippets:
        if not s.code and not s.signature and not worded[s.id]:
            levels[s.id] = MENTIONED - 1

    # a note's references ("参考资料", "References", "Further reading") cite where an API is explained
    # ("optim.Adam : 《Adam: A Method for Stochastic Optimization》"): a passing mention
    _cap_under(levels, snippets, REFERENCES_TITLE, MENTIONED)

    # a table of contents' entry ("2. Series" in a README, over a bullet list of what the chapter
    # covers) stands for the note titled so ("🟢 2. Series"): it answers after that note's sections (a
    # chapter's section titled as a notebook is, "Subplots" over the signature it explains, is no entry)
    titles = {_title_key(s.source.heading[0]): s.source.note for s in snippets if s.source.heading}
    for s in snippets:
        if levels[s.id] > SHOWN and s.is_explanation and len(s.source.heading) > 1 and not s.code \
                and file_stem(s.source.note).lower() in INDEX_STEMS \
                and titles.get(_title_key(s.source.heading[-1]), s.source.note) != s.source.note:
            levels[s.id] = SHOWN

    # (entries and recaps answer so once the rest is ranked: where nothing else explains it, "**StandardScaler**:
    # Standardizes features to have mean=0…" under "Key Concepts" over a walkthrough that only applies it and
    # the chapter's exercises, the entry is its explanation)
    # (a label, "Dropping (`dropna()`)" in a syllabus, says nothing of its own, and a table's row over the
    # cell its section shows it in is that cell's words: they answer so anyway)
    restated = any(levels[s.id] >= EXPLAINED and s.id not in entries and s.id not in recaps for s in snippets)
    showing = {(s.source.note, s.source.heading) for s in snippets
               if levels[s.id] >= SHOWN and s.id not in entries and s.id not in recaps}
    for s in snippets:
        if (s.id in recaps and levels[s.id] > SHOWN or s.id in entries and levels[s.id] == EXPLAINED) and (
                restated or (s.source.note, s.source.heading) in showing or not _explains(s.doc, tail)):
            levels[s.id] = SHOWN
    # a summary names again what its own note's sections above explain or show ("## 总结" over "`json.dumps()`
    # 用于字符串转换" after "## 编码", whose example calls it): the note answers with those sections first (an
    # overview ahead of them, "Key Concepts", is the note's explanation where nothing else explains it)
    own = {s.source.note for s in snippets if s.id not in recaps and levels[s.id] >= CALLED}
    for s in snippets:
        if s.id in recaps and s.source.note in own and _under(s, _SUMMARY_TITLE, titled=False):
            levels[s.id] = min(levels[s.id], CALLED)

    def key(s: Snippet) -> tuple:
        note = s.source.note
        return (
            note.startswith(_BUNDLED),
            is_build_copy(note),  # a builder's copy (`_build/`, `docs/_sources/x.md.txt`) after the sources
            -levels[s.id],
            s.source.note not in titled_notes,
            # the very API before the same operation of a sibling class (a series' apply before a frame's),
            # however their sections are titled; a sibling's other operation is ranked as a call below
            symbol not in s.symbols and levels[s.id] > CALLED,
            _says_little(s.doc),  # "Data Tables", all a section on it says (code alone is ranked below)
            bool(s.code) and not _mentions(s.code, tail, 1),  # the section's setup block, beside the one that uses it
            bool(_ERROR_TITLE.search(s.title)),  # a section on an error it raised, after one on what it does
            # "Example: Using optim.SGD", "einsum高级范例": after the section that says what it is
            # ("卷积网络示例" after "二维卷积：nn.Conv2d()", the heading that names it: among sections that
            # only show it, "一个简单的例子" is as much the explanation as any)
            bool(_EXAMPLE_TITLE.match(s.title)) or (bool(EXAMPLES_END.search(s.title)) and (
                tail.lower() in s.title.lower() or levels[s.id] in named_levels)),
            not opening(s),
            s.id in nested,  # a section headed by its name alone before the sections under it
            # a section that asks what it is ("什么是标准化层输入（Layer Normalization）？", "What is Threading?")
            # and explains it: the definition, before the sections that write its name in code marks
            not asks_what(s),
            not coded(s),
            not titled(s),
            levels[s.id] <= SHOWN and not owner_titled(s),
            shared(s),
            # a block shown under words that never name it (a notebook's outline, "How a decision tree looks
            # like", over code calling `export_text`) after a listing's entry that says what it does (not a
            # syllabus's label, "Sorting values (`sort_values()`)")
            explaining_entries and levels[s.id] == SHOWN and bool(s.code) and not _mentions(s.doc, tail, 1),
            s.id in entries,
            symbol not in s.symbols,
            language_rank(s.lang, locale),
            # among blocks that only call it, one whose comments speak of it ("# .shape is the same with .size()")
            levels[s.id] <= CALLED and not _commented_on(s.code, tail),
            # no prose, pictures alone (`![](loss.png)`) or a label alone ("**Options:**" over code): nothing said
            not worded[s.id] or bool(LABEL_LINE.fullmatch(s.doc)),
            not on_it(s),  # a note on it before a passing section
            not _opens_with(s.doc, tail),
            -repeated(s),
            index(s) >= MAIN_SYMBOLS,  # among the record's main APIs, or one of many it touches
            position.get(note, len(position)),
            natural_key(note),
            index(s),
            s.source.line,
            len(s.symbols),
            len(s.code),
        )

    # the records under a section that its heading alone names ("2. DataLoader" › "2.1 创建DataLoader"), as much
    # about it as that section's own: its words say what it is, the sections under it how it is used
    named_sections = {(s.source.note, s.source.heading) for s in snippets if levels[s.id] == NAMED and s.source.heading}
    nested = {s.id for s in snippets if levels[s.id] == NAMED and any(
        (s.source.note, s.source.heading[:depth]) in named_sections for depth in range(1, len(s.source.heading)))}

    def opening(s: Snippet) -> bool:
        """It opens a note whose title is nothing but the API's name ("# Adam", then "Adam 是一个结合了…"):
        the words under that title say what it is, where a section below it uses it ("## Adam 算法" over a
        training loop that writes `torch.optim.Adam()` and says it more often)."""
        return levels[s.id] == NAMED and len(s.source.heading) == 1 and worded[s.id] and bool(_note_title(s))

    def shared(s: Snippet) -> bool:
        """The record explains another API as much as this one: its prose is about both, and its code,
        if any, calls both (`pd.merge(...)` then `.groupby(...)`; `help(torch.ones)` calls help alone).
        Its owner (`torch.Tensor` beside `torch.Tensor.ge`) is no other API, nor is its own member (a
        section on `Pipeline` that says what its `fit` does)."""
        return any(level >= EXPLAINED and (other := x.rpartition(".")[2]) != tail and not symbol.startswith(f"{x}.")
                   and not x.startswith(f"{symbol}.")
                   and (not s.code or _calls(s.code, other))
                   for x, level in zip(s.symbols, s.about))

    # a class's name in code marks that a record's words open with, a verb after it (`coded`), compiled once a ranking
    opens_coded = None if tail.islower() else re.compile(rf"[^\w`]*`{re.escape(tail)}`\s+[a-z]")

    def coded(s: Snippet) -> bool:
        """Its prose writes a function's name as code (`numpy.array`, `sort_values()`), or opens a line
        with its signature (`🔨 enumerate(*iterable*, *start=0*)`): it speaks of the API, where a heading
        may use the same word for the thing (`Iterating over array elements`). A class counts where the
        code writes it as API, dotted or called (`torch.Tensor()`), not a bare `Tensor` or `DataFrame`
        that names the kind of a value in passing; a listing's entry writes every name as code (it says
        no more than a heading over code, see `entries`). Prose that spells it as an attribute outside
        backticks ("The pandas attribute .loc allows…", "df.loc") writes it as code too, and so do words that
        open with a class's name in code marks."""
        return s.id not in entries and (("`" in s.doc and any(
            _mentions(part, tail, 1) and (tail.islower() or f".{tail}" in part or f"{tail}(" in part)
            for part in s.doc.split("`")[1::2])) or _signature_line(s.doc, tail) or _dotted(s.doc, tail, owner)
            # its own note, under a heading that names it or (a class) opening with its name ("Dataset = 一个可索引的
            #数据集合" in "数据集合：Dataset.md", "## cross_val_score 的使用" in `cross_val_score.md`)
            or (levels[s.id] >= NAMED or not tail.islower() and _opens_with(s.doc, tail)) and on_it(s)
            # a section whose heading writes the name and whose words open with it ("[ Cross-Tabulations:
            # Crosstab ]" over "crosstab for short is a special case of a pivot table…"): the words speak of
            # the API, as code marks would say
            or _opens_with(s.doc, tail) and _mentions(s.title.lower(), tail.lower(), 1) > 0
            # a class's name in code marks that the words open with, a verb after it ("`DataLoader` wraps an
            # iterable around…", not "`DataLoader`'s created!"): what they go on to say is said of it
            or opens_coded is not None and opens_coded.match(s.doc) is not None)

    def on_it(s: Snippet) -> bool:
        """Its note is about it: the note's first heading names it, or its file's name does (a note kept
        one file per API: `nn.Embedding.md`)."""
        return bool(_mentions(_note_title(s), tail, 1)) or bool(
            _mentions(file_stem(s.source.note), tail, 1))

    # `LayerNorm` → layer, norm; `BatchNorm1d` → batch, norm, 1d (a heading on batch normalization in general
    # asks about no one of its dimensions)
    name_words = [w.lower() for w in NAME_WORD.findall(tail) if len(w) > 1 or w[0].isdigit()]

    def asks_what(s: Snippet) -> bool:
        """Its heading asks what the API is, in its name's words ("什么是标准化层输入（Layer Normalization）？"
        for `LayerNorm`, "What is Threading?" for `Thread`) or by what Chinese notes call it ("什么是逻辑回归？"),
        and its words explain it."""
        if levels[s.id] < EXPLAINED or not s.source.heading or not _ASKS_WHAT.match(heading := s.source.heading[-1]):
            return False
        if any(term in heading for term in TERMS.get(tail, ())):
            return True  # "什么是逻辑回归？" for `LogisticRegression`: what Chinese notes call it
        opened = {w.lower() for w in _WORD_START.findall(heading)}
        return bool(name_words) and all(any(o.startswith(w) for o in opened) for w in name_words)

    def titled(s: Snippet) -> bool:
        """Its heading (or its note's file name) names the operation, as written or as a word (`Stacking` for `stack`, `Reshaping,
        squeezing and unsqueezing` for `unsqueeze`), where a passing use stands under a heading about
        something else (`Predicting on custom images`). A heading in a language the reader does not read
        counts for nothing (an English original beside a Chinese translation has words the translation lacks), and
        so does a heading over a namesake (`transform：逐列变换` for `DataFrame.transform` says another
        operation than `SeriesGroupBy.transform`: its record is at most as much about it as a call)."""
        named = f"{s.title} {file_stem(s.source.note)}"  # and the file's (`nn.Embedding.md`)
        if stem is None:  # `sort_values`, `MaxPool2d`, `max`: as written ("按值排序 (sort_values)", "min and max with key")
            return levels[s.id] > CALLED and language_rank(s.lang, locale) == 0 and _mentions(named, tail, 1) > 0
        if levels[s.id] <= CALLED or stem not in (title := named.lower()):
            return False  # most titles: one substring search
        return language_rank(s.lang, locale) == 0 and any(
            word.startswith(stem) and word[len(stem):] in _STEM_ENDINGS for word in _TITLE_WORD.findall(title))

    def owner_titled(s: Snippet) -> bool:
        """Its heading names the module or class the API belongs to ("Using joblib (preferred for large
        arrays)" over `joblib.dump(...)`): among examples, one on that library before a section about
        something else that calls it on the way ("Handle Unknown Categories"). As with `titled`, a heading
        in a language the reader does not read counts for nothing (an English original's "Tensor
        Arithmetic" beside its Chinese translation)."""
        return bool(owner) and _mentions(s.title.lower(), owner, 1) > 0 and language_rank(s.lang, locale) == 0

    def repeated(s: Snippet) -> int:
        """How often the words name it beyond once (a name said once may be said in passing). A link's
        address is no word: `[`nn.Sequential`](…/torch.nn.Sequential.html)` names it once."""
        doc = _LINK_TARGET.sub("]", s.doc) if "](" in s.doc else s.doc
        return max(min(_mentions(s.title, tail, _MANY_MENTIONS) + _mentions(doc, tail, _MANY_MENTIONS), _MANY_MENTIONS) - 1, 0)

    def index(s: Snippet) -> int:
        return next((i for i, x in enumerate(s.symbols) if x.rpartition(".")[2] == tail), len(s.symbols))

    # the levels at which a record's heading names the API (as a word, `titled`, or as written), asked only
    # where a title is an example's
    named_levels = frozenset(levels[s.id] for s in snippets if titled(s) or _mentions(s.title, tail, 1)) \
        if any(EXAMPLES_END.search(s.title) for s in snippets) else frozenset()
    return sorted(snippets, key=key)


def _dotted(doc: str, tail: str, owner: str) -> bool:
    """Whether prose spells `tail` as code without backticks, as an attribute of nothing named (`.loc`)
    or of its `owner` (lower case) or the alias it goes by (`autograd.grad`, `np.where`, not a tensor's
    `x.grad`), not in an address
    (`…/sklearn.linear_model.LogisticRegression.html`)."""
    at = doc.find(f".{tail}")
    while at >= 0:
        end = at + 1 + len(tail)
        word = doc[max(doc.rfind(" ", 0, at), doc.rfind("\n", 0, at), 0):at].strip()
        written = word.rpartition(".")[2]
        if not (end < len(doc) and doc[end] in _WORD) and "/" not in word \
                and (not word or not (word[-1].isalnum() or word[-1] == "_") or written.lower() == owner
                     or CONVENTIONAL_ALIASES.get(written, "").rpartition(".")[2] == owner):  # `np.where`, `F.relu`
            return True
        at = doc.find(f".{tail}", end)
    return False


def _cap_under(levels: dict[str, int], snippets: Sequence[Snippet], title: re.Pattern[str], cap: int,
               titled: bool = True) -> None:
    """Lower to `cap` the level of each record under a heading (below the note's title) that `title`
    matches whole: what such a part of a note says of an API (a recap, an exercise, a reference) is no
    more than that, however plainly it names it. `titled=False`: a first heading so worded is no title
    either ("## 📌 Summary" after the "## Step …" sections of a note with no title of its own)."""
    for s in snippets:
        if levels[s.id] > cap and _under(s, title, titled):
            levels[s.id] = cap


def _under(s: Snippet, title: re.Pattern[str], titled: bool = True) -> bool:
    """Whether the record stands under a heading (below the note's title, `titled`) that `title` matches whole."""
    return any(title.fullmatch(heading) for heading in s.source.heading[1 if titled else 0:])


def _title_key(heading: str) -> str:
    """A heading as a table of contents and the note it lists may both write it: letters and digits
    alone, case folded ("🟢 **2. Series**" and "2. Series" are one)."""
    return "".join(c for c in heading.casefold() if c.isalnum())


def _stem(name: str) -> str | None:
    """The English stem of a name that is a verb or noun (`reshape` → `reshap`, `unsqueeze` →
    `unsqueez`, `stack`), for headings that say it as a word; None for names too short to tell
    (`cat`, `add`) or not one word (`state_dict`, `MaxPool2d`: a heading names those as written)."""
    word = name.lower().rstrip("_")
    if not word.isalpha() or len(word) < 4:
        return None
    return word[:-1] if word.endswith("e") else word


_WORD_START = re.compile(r"[A-Za-z0-9]+")
# a heading that asks what something is ("什么是逻辑回归？", "What is Threading?")
_ASKS_WHAT = re.compile(r"[\W\d_]*(?:什么是|何为|何谓|what\s+(?:is|are)\b)", re.IGNORECASE)
# a heading that reports an error ("GPU 相关的报错", "调用to_numeric()出现ValueError", "KeyError when…")
# (an exception's name, not the word: "Mean squared error", "异常值" are topics)
_ERROR_TITLE = re.compile(r"报错|错误(?!率)|(?<![A-Za-z0-9_])(?:[A-Z][A-Za-z]*(?:Error|Exception|Warning)|Traceback)(?![A-Za-z0-9_])")
# a heading that only says it sums up what came before ("10. 总结", "本章小结：", "Key Takeaways (Part 1)",
# "Conclusion"), or one over a chapter's overview or quick reference ("Key Concepts", "初始化方法速查")
_SUMMARY = (r"(?:(?:本章|本节|本文|本篇|章节)?(?:总结|小结|要点回顾|回顾|复习)|summary|conclusions?|recap|wrap[- ]?up|tl;?\s*dr|"
            r"(?:key\s+)?takeaways?|what\s+you(?:'ve)?\s+learned)")
_OVERVIEW = (r"(?:要点|key\s+(?:concepts|points|ideas)|learning\s+(?:objectives|goals)|objectives|quick\s+reference|"
             r"cheat\s*sheet|.{0,12}速查表?)")
_RECAP_TITLE, _SUMMARY_TITLE = (re.compile(rf"[\W\d_]*{words}[\W_]*(?:[(（](?:part|第)[^()（）]*[)）][\W_]*)?", re.IGNORECASE)
                                for words in (f"(?:{_SUMMARY}|{_OVERVIEW})", _SUMMARY))
# a contents entry naming a note's file ("`19_masking.md` — Guide: …"); a note kept as a cheat sheet, by its
# path or title (`11_Cheatsheet/`, "速查表")
_NOTE_ENTRY = re.compile(r"[\W\d]*`?[^`\n]+\.(?:md|markdown|ipynb|rst|txt)`?\s*[—–:：-]", re.IGNORECASE)
_CHEAT_SHEET = re.compile(r"cheat[\s_-]*sheet|quick[\s_-]*reference|速查", re.IGNORECASE)
# a chapter's exercises ("Exercises", "练习", "Your Tasks:", "课后作业", "Quick Questions", "Try It Yourself") or
# their solutions ("Exercise solutions", "习题解答"), or one of them numbered ("Challenge 1: Dropping columns",
# "练习 3：…"); not "Problem 1": a note's pitfalls are numbered so too
_EXERCISES_TITLE = re.compile(r"[\W\d_]*(?:exercises?|problems|(?:(?:quick|review|practice|self[-\s]?check)\s+)?questions"
                              r"|(?:wrap[-\s]?up\s+)?quizz?(?:es)?|练习题?|习题|课后练习|思考题|check\s+your\s+understanding|try\s+it(?:\s+yourself)?|"
                              r"your\s+tasks?|(?:(?:practical|practice|hands[-\s]?on)\s+)?tasks|to-?dos?|next\s+steps|待办(?:事项)?|challenges|homework|assignments?|(?:课后)?作业)(?:\s*(?:solutions?|answers?|解答|答案))?[\W\d_]*"
                              r"|[\W\d_]*(?:solutions?|answers?)\s+to\s+(?:the\s+)?exercises[\W\d_]*"
                              r"|\W*(?:exercise|challenge|question|练习|习题|作业)\s*\d+\s*(?:[:：.)\-–].*)?", re.IGNORECASE)
_GLOSSARY_TITLE = re.compile(r"[\W\d_]*(?:glossary|terminology|(?:专业)?术语表?|名词解释)[\W\d_]*", re.IGNORECASE)
_ORIGINAL_SUFFIX = re.compile(r"(?:_origin|[._-](?:en|zh|cn))(\.[A-Za-z]+)$")  # `dropout_origin.md`, `README.en.md`
# "Example: Using optim.SGD", "示例1：…", "Example of Sequential vs ModuleList", "An example using pipes", or
# the word alone under the heading it is an example of ("K-Fold › eg", "示例")
_EXAMPLE_TITLE = re.compile(r"\s*(?:(?:examples?|示例|例子|举例|实例)(?:\s*\d+)?\s*[:：]|(?:an?\s+)?examples?\s+(?:of|for|using|with)\b"
                            r"|(?:e\.?g\.?|examples?|示例|例子|举例|实例|样例)\s*\d*\s*[:：]?\s*$)", re.IGNORECASE)
_STEM_ENDINGS = frozenset({"", "e", "s", "es", "ed", "ing", "ion", "ions", "ation", "ations"})
_TITLE_WORD = re.compile(r"[a-z]+")
_MANY_MENTIONS = 3  # beyond this many, prose naming a symbol more often is not more about it
# a listing's entry: a name or call (marked up or not), a colon, a description of one short line
# (a linked name too: `[`torch.squeeze(input)`](https://…)：…`; an arrow for the colon in a table of
# equivalents: "`df.plot(kind='line')` -> `sns.lineplot(data=df, ...)`"), or a short description, a colon and the
# code alone (a cheat sheet whose first column says what its second does: "按维度求累加和：`np.cumsum(arr, axis)`"),
# or short descriptions each with its code in brackets (a syllabus: "Sorting values (`sort_values()`)",
# "Filling (`fillna()`), forward/backward fill (`ffill()`, `bfill()`)"; each description begins with
# neither a space nor a comma, so what stands between two of them is read one way only: a line that
# does not match fails in linear time instead of trying every split)
_ENTRY = re.compile(r"\[?(?:\*\*|<strong>|`)*@?[A-Za-z_<][\w.<>]*(?:\([^()\n]*\))?(?:\*\*|</strong>|`)*(?:\]\([^()\s]*\))?"
                    r"\s*(?:[:：]|->|→|=>)[^\n]{0,100}|[^\n:：`]{1,40}[:：]\s*`[^`\n]+`(?:\s*[,，、]\s*`[^`\n]+`)*\s*"
                    r"|(?:[^\s:：`()（）,，、][^\n:：`()（）]{0,39}[(（]\s*`[^`\n]+`(?:\s*[,，、]\s*`[^`\n]+`)*\s*[)）]\s*(?:[,，、]\s*)?)+")


def _listing(doc: str) -> bool:
    """Whether `doc` opens with a listing's entries: each line of its first paragraph is one (cheat
    sheet bullets read together are), where a paragraph that opens "**Spectra**: `welch` averages…"
    runs on to the next line."""
    return all(_ENTRY.fullmatch(line) for line in doc.split("\n\n", 1)[0].split("\n"))


_LINK_TARGET = re.compile(r"\]\([^()\s]*\)")  # a Markdown link's address
_COMMENT = re.compile(r"#[^\n]*")
_WORD = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


def _calls(code: str, name: str) -> bool:
    """Whether `code` calls `name` (`name(` standing as a whole word: `np.sort(` but not `argsort(`)."""
    call = f"{name}("
    at = code.find(call)
    while at >= 0:
        if at == 0 or code[at - 1] not in _WORD:
            return True
        at = code.find(call, at + 1)
    return False


def _signature_line(doc: str, name: str) -> bool:
    """A line of `doc` opens with a call of `name`, alone or under its module (`🔨 enumerate(*iterable*)`,
    `pickle.dump(obj, file)`): its signature, written without code marks."""
    at = doc.find(name + "(")
    while at >= 0:
        if _CALL_LINE_HEAD.fullmatch(doc, doc.rfind("\n", 0, at) + 1, at):
            return True
        at = doc.find(name + "(", at + 1)
    return False


# what may stand before a signature on its line: marks and symbols (`🔨 `, `- `), then its owner's dotted name
_CALL_LINE_HEAD = re.compile(r"[^\w\n]*(?:[A-Za-z_][\w.]*\.)?", re.ASCII)


def _mentions(text: str, name: str, most: int) -> int:
    """How often `name` stands in `text` as a whole word (no ASCII letter, digit or `_` on either side),
    counting up to `most`. Substring searches: a regex would be compiled for every symbol ranked, and
    the first completion after `pd.` ranks fifty (a regex compile costs more than the whole ranking)."""
    found = 0
    at = text.find(name) if name else -1
    while at >= 0 and found < most:
        end = at + len(name)
        if (at == 0 or text[at - 1] not in _WORD) and (end == len(text) or text[end] not in _WORD):
            found += 1
            at = text.find(name, end)
        else:
            at = text.find(name, at + 1)
    return found


def _alike(symbol: str, sibling: str) -> bool:
    """Whether `sibling` (the same last name in the same package) behaves like `symbol`: a module's
    function and a class's method of that name do (`torch.chunk`, `torch.Tensor.chunk`; `pyplot.plot`,
    `Axes.plot`), and so do two classes of one module, counting a library's implementation modules as
    the library (`pandas.Series`, `pandas.DataFrame`, `pandas.core.groupby.DataFrameGroupBy`); two
    classes of different modules are different things that share a word (`torch.optim.Optimizer.step`
    updates the parameters, `torch.optim.lr_scheduler.LRScheduler.step` the learning rate). Whether an
    alike sibling is the very same operation, and so as much about it, is `api.mirrors`'s to say."""
    owner, sibling_owner = symbol.rpartition(".")[0], sibling.rpartition(".")[0]
    module, name = owner.rpartition(".")[::2]
    sibling_module, sibling_name = sibling_owner.rpartition(".")[::2]
    if not (name[:1].isupper() and sibling_name[:1].isupper()):
        return True
    return _home(module) == _home(sibling_module)


def _home(module: str) -> str:
    """The public module a class is used from: `pandas.core.groupby` is pandas'."""
    parts = module.split(".")
    inner = next((i for i, part in enumerate(parts) if part == "core" or part.startswith("_")), len(parts))
    return ".".join(parts[:inner])


def _level(s: Snippet, symbol: str, tail: str) -> int:
    """How much `s` is about `symbol`, or about a sibling spelt alike: fully when the sibling is the
    same operation (`torch.sum` for `Tensor.sum`, `Series.isnull` for `DataFrame.isnull`, `plt.plot` for
    `Axes.plot`), also where it names `symbol` itself only in passing, else at most
    as much as a call (`DataFrame.transform` for `DataFrameGroupBy.transform`): the very API, even a
    line that calls it, comes before a section explaining a different operation of the same name."""
    exact = symbol in s.symbols  # written too (maybe only in passing): a namesake then adds nothing
    level = max((s.aboutness(x) if api.mirrors(x, symbol) else -1 if exact else min(s.aboutness(x), CALLED)
                 for x in s.symbols if x.rpartition(".")[2] == tail), default=-1)
    # a heading that names it over code alone shows it; over code whose comments say what it does, or
    # saying itself what it is ("1.1 Series - One-dimensional labeled array"), explains it
    return level if level <= SHOWN or _worded(s.doc) or _SAYS.search(s.code) or _glossed(s.title, tail) else SHOWN


def _title_names(title: str, tail: str) -> bool:
    """Whether a title writes a function's name, or spells a snake-case one out in words ("Pivot Table"
    for `pivot_table`, "Drop Duplicates" for `drop_duplicates`). Not a class's (a post on reindexing
    "pandas Series and DataFrames" is on neither), not a short word any title may say ("How to use …"),
    and not a sentence ("将numpy的datetime64对象转换为…。", an exercise's task)."""
    if not tail.islower() or len(tail) < 4 or title.rstrip().endswith(("。", "；")):
        return False
    if _mentions(title, tail, 1):
        return True
    parts = [p for p in tail.split("_") if p]
    words = _TITLE_WORD.findall(title.lower())
    # only a name of more than one word is spelt out ("Subplots" over a notebook is its topic in a word)
    return len(parts) > 1 and any(all(w in (p, p + "s") for w, p in zip(words[i:i + len(parts)], parts))
                                  for i in range(len(words) - len(parts) + 1))


def _commented_on(code: str, tail: str) -> bool:
    """Whether a comment of `code` writes the API as a call (`.size()`, `torch.no_grad()`): it says something of it."""
    return "#" in code and f"{tail}(" in code and any(f"{tail}(" in line.partition("#")[2] for line in code.split("\n"))


def _owned_otherwise(title: str, tail: str, owner: str) -> bool:
    """Whether a title writes the name as another class's member (`Series.groupby` when `owner` is
    `dataframe`); a variable's (`df.groupby`) or a module's (`pd.merge`) says nothing of the class."""
    return any(m[1].lower() != owner for m in re.finditer(rf"\b([A-Z]\w*)\.{re.escape(tail)}\b", title))


def _glossed(title: str, tail: str) -> bool:
    """Whether a heading says what the API it names is, after a dash or colon ("Series - One-dimensional
    labeled array", "view()：共享内存的变形"): two words or more, or four Chinese characters."""
    at = title.find(tail)
    if at < 0 or not (m := _GLOSS.match(title, at + len(tail))):
        return False
    return len(_ASCII_WORDS.findall(m[1])) >= 2 or len(CJK_CHAR.findall(m[1])) >= 4


def _translations(snippets: list[Snippet]) -> list[list[Snippet]]:
    """Records that hold the same example (comments and spacing aside) in notes of different
    languages: a translated book keeps its original beside it, and a section is as much about an API
    in the one language as in the other. Only worded records have a language: a notebook's bare cell
    repeating the example a note explains is no translation of it."""
    groups: dict[str, list[Snippet]] = defaultdict(list)
    for s in snippets:
        if len(s.code) >= _MIN_TWIN_CODE and s.doc.strip():
            groups[" ".join(_COMMENT.sub("", s.code).split())].append(s)
    return [g for g in groups.values() if len(g) > 1 and len({s.lang for s in g}) > 1]


_GLOSS = re.compile(rf"(?:\(\))?{GLOSS_MARK}(.+)")  # what a heading writes after the name it is about
_ASCII_WORDS = re.compile(r"[A-Za-z]{2,}")
# a comment in words ("# 默认按行（axis=1）排序的索引", "# sum across rows"), not a line of code left out
_SAYS = re.compile(rf"#[^\n]*?(?:{IN_WORDS.pattern})")
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
