"""The last library a set of sources produced, kept whole: what a warm start loads.

Compiling notes and parsing YAML is seconds of work on a large library; even reading back one cache
entry per note and re-indexing costs more than the user should wait for after an editor restart.
So every load saves its result as one `notesense.store` file (records in their row format, the
problems, and the size and mtime of every input file), in the user's cache folder, keyed by the
absolute paths of the sources. The next start reads that one file, answers from it at once, and
loads again only if an input file changed since (`stamp` differs).

Answering at once means before the records are decoded: the first hover after an editor restart
needs the few records about one symbol, and decoding ten thousand (JSON, `Snippet`s, the index) took
as long as the rest of the server's start. So the file is one JSON object laid out to be read in
parts: a small head first (the stamp, the problems, the pitfalls, the reading order, which records
each symbol is filed under, and the byte offset of every record and doc text), then the records and
the doc texts, each at its offset. `read` decodes the head; the library (`_Stored`) decodes a record
when a look-up first asks for it, and the rest of the library (`whole`) right after the first
answers, in the loader's thread. The layout is checked as it is read: a file that is intact JSON of
another layout (an older notesense's) is discarded like a damaged one.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from notesense import store
from notesense.collector import paused
from notesense.library.index import Library, first_occurrence, last_names, tails_of
from notesense.library.model import Pitfall, Snippet
from notesense.notes.order import known_anchors
from notesense.notes.reader import NOTE_SUFFIXES, SKIPPED_DIRS, remember_digest, remembered_digest
from notesense.yielding import pausing, point

if TYPE_CHECKING:
    from notesense.compile.build import NoteOutcome
    from notesense.library.sources import Problem, Sources

KIND = "library"
# notes, snippet files, and the examples notes include (`literalinclude` of a `.py`): what a library is made of
INPUT_SUFFIXES = (*NOTE_SUFFIXES, ".yaml", ".yml", ".py")

Stamp = dict[str, tuple[int, int]]  # path -> (mtime_ns, size)


def stamp(roots: Iterable[Path]) -> Stamp:
    """(mtime_ns, size) of every note and snippet file under `roots` (a root may be a single file):
    a changed stamp is a changed library. The file watcher polls the same function."""
    seen: Stamp = {}
    for root in roots:
        files: Iterable[str] = [str(root)] if os.path.isfile(root) else _walk(root)
        for path in files:
            try:
                st = os.stat(path)
            except OSError:
                continue
            seen[path] = (st.st_mtime_ns, st.st_size)
    return seen


_SUFFIXES = frozenset(INPUT_SUFFIXES)


def _walk(root: Path) -> Iterator[str]:
    """The input files under `root` (`os.path.join`'s paths). Each reload stamps every note: a name is
    tested and joined with string operations, not `splitext`/`join` calls (a third of a stamp's time)."""
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS and not d.startswith(".")]
        within = os.path.join(folder, "")
        for name in names:
            dot = name.rfind(".")
            if dot > 0 and name[0] != "." and name[dot:].lower() in _SUFFIXES:
                yield within + name


def changed_bytes(now: Stamp, before: Stamp | None) -> int:
    """How much input a load would have to read again: the bytes of the files new or changed since `before`."""
    return sum(size for path, (mtime, size) in now.items() if before is None or before.get(path) != (mtime, size))


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A loaded library, its problems, and the stamp of the input files it was loaded from."""

    stamp: Stamp
    library: Library
    problems: list[Problem]
    # each compiled note's compile-cache entry: (key, where, outcome) from a load, or as `read` found it,
    # a row `[key, where, positions of its records in library.snippets, the outcome's other fields, what
    # the reading order read of the note]` (decoded only when a reload asks: `prime`)
    notes: Sequence[Any] = ()
    # as `read` found them, rows `[note path, its stat signature (4 numbers), its sha256]` (see `prime`)
    digests: Sequence[Any] = ()


def roots(sources: Sources) -> list[Path]:
    """Every folder or file the sources name: what `stamp` walks."""
    return [*sources.notes, *sources.snippets]


def path_for(cache_dir: Path, sources: Sources) -> Path:
    """One file per set of sources (absolute paths, in order): two projects never share a library."""
    named = json.dumps([[os.path.abspath(p) for p in sources.notes], [os.path.abspath(p) for p in sources.snippets]])
    return Path(cache_dir) / "library" / f"{hashlib.blake2b(named.encode('utf-8', 'surrogatepass'), digest_size=10).hexdigest()}.json"


def read(cache_dir: Path, sources: Sources) -> Snapshot | None:
    """The snapshot of `sources`, or None (none yet, damaged, or of another notesense). Its library
    decodes its records as they are asked for (`_Stored`); `whole` decodes the rest."""
    from notesense.library.sources import Problem

    target = path_for(cache_dir, sources)
    with paused():
        payload = store.read_payload(target, KIND, store.code_version())
        if payload is None:
            return None
        try:
            data, rows, docs, notes, digests = _parts(payload)
            files = {path: (int(mtime), int(size)) for path, mtime, size in data["stamp"]}
            problems = [Problem(str(path), line, str(message)) for path, line, message in data["problems"]]
            library = _Stored(rows, docs, data["symbols"], [Pitfall.from_row(row) for row in data["pitfalls"]],
                              [str(n) for n in data["order"]])
        except (TypeError, ValueError, KeyError, IndexError):
            store.discard(target)
            return None
    return Snapshot(files, library, problems, notes, digests)


def whole(cache_dir: Path, sources: Sources, known: Snapshot, pause: Callable[[], None] | None = None) -> Snapshot | None:
    """`known` with every record of its library decoded and indexed; None when one does not decode
    (the file is then discarded: the caller loads as if there were none). `pause`: where the decoding
    gives way to the requests (`yielding`)."""
    library = known.library
    if not isinstance(library, _Stored):
        return known
    try:
        with paused(), pausing(pause) if pause is not None else nullcontext():
            library.build()
    except Damaged:
        store.discard(path_for(cache_dir, sources))
        return None
    return known


class Damaged(ValueError):
    """A stored record that does not decode: the snapshot file is not one `write` made."""


# The file's layout (`write`): {"size": <bytes of the head>, "head": {...}, "snippets": [...], "docs": [...],
# "notes": [...], "digests": [...]}
_SIZE = re.compile(rb'\{"size":([0-9]{1,12}),"head":')
_ROWS = b',"snippets":['
_DOCS = b'],"docs":['
_NOTES = b'],"notes":['
_DIGESTS = b'],"digests":['
_END = b"]}"


def _parts(payload: memoryview) -> tuple[dict[str, Any], _Part, _Part, _Part, _Part]:
    """The decoded head of a snapshot's payload, and its records, doc texts, notes' cache entries and
    notes' digests (undecoded); ValueError for any other layout."""
    found = _SIZE.match(payload)
    if found is None:
        raise ValueError("layout")
    end = found.end() + int(found[1])
    head = json.loads(bytes(payload[found.end():end]))
    rows = _Part(payload, end + len(_ROWS), head["rows"])
    docs = _Part(payload, rows.end + len(_DOCS), head["docs"])
    notes = _Part(payload, docs.end + len(_NOTES), head["notes"])
    digests = _Part(payload, notes.end + len(_DIGESTS), head["digests"])
    if (payload[end:rows.base] != _ROWS or payload[rows.end:docs.base] != _DOCS or payload[docs.end:notes.base] != _NOTES
            or payload[notes.end:digests.base] != _DIGESTS or payload[digests.end:] != _END):
        raise ValueError("layout")
    return head, rows, docs, notes, digests


class _Part(Sequence[Any]):
    """A JSON array's items in a snapshot's bytes, decoded one at a time or a stretch at a time."""

    __slots__ = ("_payload", "base", "end", "_starts")

    def __init__(self, payload: memoryview, base: int, starts: list[int]) -> None:
        """`starts`: where each item starts, from `base`, and one more: past the last one's comma."""
        if not (isinstance(starts, list) and starts and starts[0] == 0):
            raise ValueError("offsets")
        self._payload = payload
        self.base = base
        self.end = base + max(starts[-1] - 1, 0)
        self._starts = starts

    def __len__(self) -> int:
        return len(self._starts) - 1

    def __getitem__(self, i: int) -> Any:  # type: ignore[override]  # no slices
        if not 0 <= i < len(self):
            raise IndexError(i)
        return json.loads(self._stretch(i, i + 1))

    def __iter__(self) -> Iterator[Any]:
        return iter(self.items(0, len(self)))

    def items(self, lo: int, hi: int) -> list[Any]:
        """Items lo..hi-1, in one C call."""
        return json.loads(b"[" + self._stretch(lo, hi) + b"]")

    def _stretch(self, lo: int, hi: int) -> bytes:
        return bytes(self._payload[self.base + self._starts[lo]:self.base + self._starts[hi] - 1])  # without the comma


class _Stored(Library):
    """A library read from a snapshot: each record is decoded when a look-up first needs it.

    Until `build`, a hover's look-ups (`for_symbol`, `on_module`, `names_something`, `len`) answer from the head's
    filing of records under symbols, decoding only the records asked for; anything else builds the
    whole `Library` first (every record, one object each: those already decoded are kept), and from
    then on this is that library."""

    def __init__(self, rows: _Part, docs: _Part, filed: dict[str, list[int]], pitfalls: list[Pitfall],
                 order: list[str]) -> None:
        if not isinstance(filed, dict):
            raise TypeError("symbols")
        self._describe(pitfalls, order)
        self._stored_rows = rows
        self._stored_docs = _Texts(docs)
        self._stored_made: list[Snippet | None] = [None] * len(rows)
        self._stored_filed = filed
        self._stored_tails: dict[tuple[str, str], list[str]] = {}
        self._stored_names: dict[str, bool] = {}
        self._stored_lock = threading.Lock()
        self._ranked_cache = {}
        self._modules = {}

    def __getattr__(self, name: str) -> Any:
        """An index the head does not hold: the whole library is built, then asked."""
        if name.startswith(("__", "_stored")):
            raise AttributeError(name)
        self.build()
        return object.__getattribute__(self, name)

    def __len__(self) -> int:
        return len(self._stored_made)

    def _built(self) -> bool:
        return "_by_symbol" in self.__dict__

    @property
    def decoded(self) -> bool:  # type: ignore[override]
        return self._built()

    def _filed(self, symbol: str) -> Sequence[Snippet]:
        if self._built():
            return super()._filed(symbol)
        return [self._record(i) for i in self._stored_filed.get(symbol, ())]

    def _under(self, module: str) -> Sequence[str]:
        if self._built():
            return super()._under(module)
        return sorted(y for y in self._stored_filed if y.startswith(module + "."))

    def _siblings(self, key: tuple[str, str]) -> Sequence[str]:
        """The tail index's entry for `key`, found among the filed symbols (a build indexes them all)."""
        if self._built():
            return super()._siblings(key)
        found = self._stored_tails.get(key)
        if found is None:
            ending = "." + key[1]
            found = self._stored_tails[key] = tails_of(y for y in self._stored_filed if y.endswith(ending))[key]
        return found

    def names_something(self, name: str) -> bool:
        if self._built():
            return super().names_something(name)
        found = self._stored_names.get(name)
        if found is None:
            found = self._stored_names[name] = name in last_names(y for y in self._stored_filed if y.endswith(name))
        return found

    def _record(self, i: int) -> Snippet:
        made = self._stored_made[i]
        if made is None:
            made = self._stored_made[i] = self._from_row(self._stored_rows[i])  # two threads may both: one is kept
        return made

    def _from_row(self, row: Any) -> Snippet:
        try:
            return Snippet.from_row(row, self._stored_docs)
        except (TypeError, ValueError, KeyError, IndexError) as exc:
            raise Damaged(f"a record: {exc}") from exc

    def build(self) -> None:
        """Decode every record (a stretch at a time, giving way at `yielding.point`s between) and index
        them all as `Library` does."""
        if self._built():
            return
        made = self._stored_made
        try:
            rows = self._stored_rows
            self._stored_docs.decode_all()
            for lo in range(0, len(made), _PIECE):
                point()
                hi = min(lo + _PIECE, len(made))
                for i, row in zip(range(lo, hi), rows.items(lo, hi)):
                    if made[i] is None:
                        made[i] = self._from_row(row)
        except (AttributeError, ValueError) as exc:  # AttributeError: another thread built it meanwhile
            if not self._built():
                raise Damaged(str(exc)) from exc
        with self._stored_lock:
            if self._built():
                return
            built = Library(made, self.pitfalls, self.order)  # type: ignore[arg-type]  # every one decoded
            if built.repeated:
                raise Damaged("a repeated id")  # `write` saves a library's records, which have none
            self.__dict__.update(vars(built))  # one C call: a reader sees the stored look-ups or the built ones
            # every record is decoded: the file's bytes and the head's look-ups can go
            del self._stored_rows, self._stored_docs, self._stored_filed, self._stored_tails, self._stored_names


class _Texts:
    """The doc texts of a snapshot, each decoded when a record first names it (`Snippet.from_row`)."""

    def __init__(self, part: _Part) -> None:
        self._part = part
        self._decoded: dict[int, str] = {}

    def __getitem__(self, i: int) -> str:
        text = self._decoded.get(i)
        if text is None:
            text = self._decoded[i] = self._part[i]
        if not isinstance(text, str):
            raise TypeError("doc")
        return text

    def decode_all(self) -> None:
        for lo in range(0, len(self._part), _PIECE):
            point()
            hi = min(lo + _PIECE, len(self._part))
            self._decoded.update(zip(range(lo, hi), self._part.items(lo, hi)))


def entries(snapshot: Snapshot) -> list[tuple[str, str, NoteOutcome]]:
    """The compile-cache entries a snapshot `read` found (`Snapshot.notes`), each outcome's records the
    library's own objects; a row of another shape is left out (its note is then read from its cache
    file). A snapshot this process loaded has none to give: its entries are in memory already."""
    from notesense.compile.build import NoteOutcome

    records = snapshot.library.snippets
    out: list[tuple[str, str, NoteOutcome]] = []
    for entry in snapshot.notes:
        if not isinstance(entry, list):
            continue
        try:
            key, where, positions, data, _anchors = entry
            if not (isinstance(key, str) and isinstance(where, str) and isinstance(data, dict)):
                continue
            if positions and not (0 <= min(positions) and max(positions) < len(records)):
                continue
            outcome = NoteOutcome.from_data({**data, "snippets": []})
            outcome.snippets = [records[i] for i in positions]
        except (TypeError, ValueError, KeyError, IndexError):
            continue
        out.append((key, where, outcome))
    return out


def prime(snapshot: Snapshot) -> None:
    """Hand what the snapshot kept of each note to the compile cache's memory, the reading order's and
    discovery's, and its records' order to the compile's (a reload after a warm start then reads only the
    notes that changed, not every note's cache file and text, nor hashes or sorts every note's records);
    what memory already holds is kept."""
    from notesense.compile.cache import NoteCache
    from notesense.compile.pipeline import remember_order
    from notesense.notes.order import remember_anchors

    rows = list(snapshot.notes)  # decoded once
    kept = entries(replace(snapshot, notes=rows))
    NoteCache.prime(kept)
    # the compile's records lead the library (snippet folders' follow): a row left out makes the first
    # recompile find records it puts in already there, and sort them all as it would have
    outcomes = [outcome for _key, _where, outcome in kept]
    remember_order(outcomes, snapshot.library.snippets[:sum(len(outcome.snippets) for outcome in outcomes)])
    for row in rows:
        if isinstance(row, list) and len(row) == 5 and isinstance(row[1], str) and row[1]:
            remember_anchors(row[1], row[4])
    for row in snapshot.digests:
        if (isinstance(row, list) and len(row) == 6 and isinstance(row[0], str) and isinstance(row[5], str)
                and all(type(n) is int for n in row[1:5])):
            remember_digest(row[0], (row[1], row[2], row[3], row[4]), row[5])


def _note_row(entry: Any, where_is: dict[int, int]) -> Any:
    """One entry of `Snapshot.notes` as a row for the file; None for an outcome with a record the
    library does not hold as it is (a repeated id, renumbered): `entries` leaves it out."""
    if not isinstance(entry, tuple):
        return entry
    key, where, outcome = entry
    positions = [where_is.get(id(record)) for record in outcome.snippets]
    if None in positions:
        return None
    data = outcome.to_data()
    data["snippets"] = []
    return [key, where, positions, data, known_anchors(where) if where else None]


def write(cache_dir: Path, sources: Sources, snapshot: Snapshot) -> bool:
    """Save `snapshot` for the next start, in the layout `read` reads in parts; False when the cache
    folder cannot be written.

    The server saves after each load, while the user may be typing: a large library encoded in one
    call would hold the GIL for a quarter of a second, so it is encoded `_PIECE` records at a time,
    a `yielding.point()` between pieces."""
    docs: dict[str, int] = {}
    library = snapshot.library
    where_is = dict(zip(map(id, library.snippets), range(len(library.snippets))))
    # the library's own filing, as positions, symbols in the order a build files them (`_Stored` takes
    # its tail index from that order): what a look-up reads until the stored library is built
    by_symbol = library._by_symbol
    filed = {y: [where_is[id(s)] for s in by_symbol[y]] for y in sorted(by_symbol, key=first_occurrence(by_symbol, where_is))}
    try:
        rows, row_starts = _items(library.snippets, lambda s: s.to_row(docs))
        texts, doc_starts = _items(list(docs), lambda doc: doc)
        notes, note_starts = _items(list(snapshot.notes), lambda entry: _note_row(entry, where_is))
        # what discovery found of each note this process read (a snapshot it started from: what that kept)
        found = [[path, *known[0], known[1]] for path in snapshot.stamp if (known := remembered_digest(path)) is not None]
        digests, digest_starts = _items(found or list(snapshot.digests), lambda row: row)
        head = store.encode({
            "stamp": [[path, mtime, size] for path, (mtime, size) in snapshot.stamp.items()],
            "problems": [[p.path, p.line, p.message] for p in snapshot.problems],
            "pitfalls": [p.to_row() for p in library.pitfalls],
            "order": library.order,
            "symbols": filed,
            "rows": row_starts,
            "docs": doc_starts,
            "notes": note_starts,
            "digests": digest_starts,
        })
    except (ValueError, TypeError):  # not JSON: no snapshot, as `store.write` would say
        return False
    payload = b"".join((b'{"size":%d,"head":' % len(head), head, _ROWS, rows, _DOCS, texts, _NOTES, notes, _DIGESTS, digests, _END))
    return store.write_encoded(path_for(cache_dir, sources), KIND, store.code_version(), payload)


_PIECE = 256  # records encoded (or decoded) between two pauses: about a millisecond of work


def _items(items: list[Any], row: Callable[[Any], Any]) -> tuple[bytes, list[int]]:
    """The JSON of `row(item)` for every item, comma-separated, and where each starts (one more: past
    the last one's comma), encoded a piece at a time."""
    encoded: list[bytes] = []
    for start in range(0, len(items), _PIECE):
        point()
        encoded.extend(store.encode(row(item)) for item in items[start:start + _PIECE])
    starts = [0]
    for item in encoded:
        starts.append(starts[-1] + len(item) + 1)
    return b",".join(encoded), starts
