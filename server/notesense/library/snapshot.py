"""The last library a set of sources produced, kept whole: what a warm start loads.

Compiling notes and parsing YAML is seconds of work on a large library; even reading back one cache
entry per note and re-indexing costs more than the user should wait for after an editor restart.
So every load saves its result as one `notesense.store` file (records in their row format, the
problems, and the size and mtime of every input file), in the user's cache folder, keyed by the
absolute paths of the sources. The next start reads that one file, answers from it at once, and
loads again only if an input file changed since (`stamp` differs).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from notesense import store
from notesense.collector import paused
from notesense.library.index import Library
from notesense.library.model import Pitfall, Snippet
from notesense.notes.order import known_anchors
from notesense.notes.reader import NOTE_SUFFIXES, SKIPPED_DIRS
from notesense.yielding import point

if TYPE_CHECKING:
    from notesense.compile.build import NoteOutcome
    from notesense.library.sources import Problem, Sources

KIND = "library"
INPUT_SUFFIXES = (*NOTE_SUFFIXES, ".yaml", ".yml")

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


def _walk(root: Path) -> Iterator[str]:
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS and not d.startswith(".")]
        for name in names:
            if not name.startswith(".") and os.path.splitext(name)[1].lower() in INPUT_SUFFIXES:
                yield os.path.join(folder, name)


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


def roots(sources: Sources) -> list[Path]:
    """Every folder or file the sources name: what `stamp` walks."""
    return [*sources.notes, *sources.snippets]


def path_for(cache_dir: Path, sources: Sources) -> Path:
    """One file per set of sources (absolute paths, in order): two projects never share a library."""
    named = json.dumps([[os.path.abspath(p) for p in sources.notes], [os.path.abspath(p) for p in sources.snippets]])
    return Path(cache_dir) / "library" / f"{hashlib.blake2b(named.encode('utf-8', 'surrogatepass'), digest_size=10).hexdigest()}.json"


def read(cache_dir: Path, sources: Sources) -> Snapshot | None:
    """The snapshot of `sources`, or None (none yet, damaged, or of another notesense)."""
    from notesense.library.sources import Problem

    target = path_for(cache_dir, sources)
    with paused():
        data = store.read(target, KIND, store.code_version())
        if not isinstance(data, dict):
            return None
        try:
            files = {path: (int(mtime), int(size)) for path, mtime, size in data["stamp"]}
            problems = [Problem(str(path), line, str(message)) for path, line, message in data["problems"]]
            docs = data["docs"]
            library = Library([Snippet.from_row(row, docs) for row in data["snippets"]],
                              [Pitfall.from_row(row) for row in data["pitfalls"]], [str(n) for n in data["order"]])
            notes = data["notes"]
            if not isinstance(notes, list):
                raise TypeError("notes")
        except (TypeError, ValueError, KeyError, IndexError):
            store.discard(target)
            return None
    return Snapshot(files, library, problems, notes)


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
    """Hand what the snapshot kept of each note to the compile cache's memory and the reading order's
    (a reload after a warm start then reads only the notes that changed, not every note's cache file
    and text); what memory already holds is kept."""
    from notesense.compile.cache import NoteCache
    from notesense.notes.order import remember_anchors

    NoteCache.prime(entries(snapshot))
    for row in snapshot.notes:
        if isinstance(row, list) and len(row) == 5 and isinstance(row[1], str) and row[1]:
            remember_anchors(row[1], row[4])


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
    """Save `snapshot` for the next start; False when the cache folder cannot be written.

    The server saves after each load, while the user may be typing: a large library encoded in one
    call would hold the GIL for a quarter of a second, so it is encoded `_PIECE` records at a time,
    a `yielding.point()` between pieces (the same JSON as one `store.encode` of the whole)."""
    docs: dict[str, int] = {}
    library = snapshot.library
    where_is = dict(zip(map(id, library.snippets), range(len(library.snippets)))) if snapshot.notes else {}
    try:
        snippets = _array(library.snippets, lambda s: s.to_row(docs))
        fields = {
            "stamp": store.encode([[path, mtime, size] for path, (mtime, size) in snapshot.stamp.items()]),
            "problems": store.encode([[p.path, p.line, p.message] for p in snapshot.problems]),
            "snippets": snippets,
            "pitfalls": store.encode([p.to_row() for p in library.pitfalls]),
            "docs": _array(list(docs), lambda doc: doc),
            "order": store.encode(library.order),
            "notes": _array(list(snapshot.notes), lambda entry: _note_row(entry, where_is)),
        }
    except (ValueError, TypeError):  # not JSON: no snapshot, as `store.write` would say
        return False
    payload = b"{" + b",".join(store.encode(name) + b":" + value for name, value in fields.items()) + b"}"
    return store.write_encoded(path_for(cache_dir, sources), KIND, store.code_version(), payload)


_PIECE = 256  # records encoded between two pauses: about a millisecond of work


def _array(items: list[Any], row: Callable[[Any], Any]) -> bytes:
    """The JSON array of `row(item)` for every item, encoded a piece at a time."""
    pieces = []
    for start in range(0, len(items), _PIECE):
        point()
        pieces.append(store.encode([row(item) for item in items[start:start + _PIECE]])[1:-1])
    return b"[" + b",".join(pieces) + b"]"
