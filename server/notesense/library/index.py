"""The loaded snippet library and the look-ups the server makes on every keystroke.

Built once per load, read from many request threads, never mutated: a reload builds a new `Library`
and the server swaps the reference. Indexes that only search needs (words) are built on first use,
so start-up pays only for what completion and hover need.
"""

from __future__ import annotations

import bisect
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from notesense.library.loader import LoadProblem, load_dirs
from notesense.library.model import Pitfall, Snippet
from notesense.library.words import terms

__all__ = ["Library", "LoadProblem"]

REPEATED = "duplicate snippet id; the first one loaded is used"


class Library:
    """Snippets indexed by id, context, symbol, symbol tail, prefix and (lazily) search words; and the
    pitfalls the notes taught (learned rules: the linter runs the enabled ones)."""

    def __init__(self, snippets: Iterable[Snippet], pitfalls: Iterable[Pitfall] = ()) -> None:
        """Index `snippets`; of a repeated id (the same note in two folders, a copied library file) the
        first is kept and the others are listed in `repeated`, for the caller to report. Of a pitfall
        learned twice (the same rule from two notes) the first note names it."""
        learned: dict[str, Pitfall] = {}
        for pitfall in pitfalls:
            learned.setdefault(pitfall.id, pitfall)
        self.pitfalls: list[Pitfall] = list(learned.values())
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
        # sorted (key, position) pairs for prefix ranges; lower-cased prefixes, case-kept symbols
        self._prefixes = sorted(
            (p.lower(), i) for i, s in enumerate(self.snippets) for p in (s.prefix or ())
        )
        self._prefix_keys = [k for k, _ in self._prefixes]
        self._symbols = sorted(self._by_symbol)
        self._last_names = frozenset(symbol.rpartition(".")[2] for symbol in self._by_symbol)
        self._words: dict[str, dict[str, set[int]]] | None = None
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

    def for_symbol(self, canonical: str) -> list[Snippet]:
        """Snippets that explain `canonical`, best first.

        Exact matches win; without one, the same name on a sibling in the same package stands in
        (`pandas.Series.fillna` → `pandas.DataFrame.fillna`, `torch.Tensor.chunk` → `torch.chunk`),
        because notes rarely say which class they meant and the methods behave alike.
        """
        exact = self._by_symbol.get(canonical)
        if exact:
            return _ranked(exact, canonical)
        package = canonical.split(".", 1)[0]
        tail = canonical.rpartition(".")[2]
        depth = canonical.count(".")
        siblings = sorted(self._by_tail.get((package, tail), ()), key=lambda s: (abs(s.count(".") - depth), s))
        out: list[Snippet] = []
        seen: set[str] = set()
        for symbol in siblings:
            for snippet in _ranked(self._by_symbol[symbol], symbol):
                if snippet.id not in seen:
                    seen.add(snippet.id)
                    out.append(snippet)
        return out

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


def _ranked(snippets: list[Snippet], symbol: str) -> list[Snippet]:
    """Primary explanations first (the symbol is the snippet's first), then notes with prose, then short."""
    tail = symbol.rpartition(".")[2].lower()

    def key(s: Snippet) -> tuple:
        return (
            s.symbols.index(symbol) if symbol in s.symbols else len(s.symbols),
            tail not in s.title.lower(),
            not s.doc,
            s.kind != "python",
            len(s.symbols),
            s.source.note,
            s.source.line,
        )

    return sorted(snippets, key=key)


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
