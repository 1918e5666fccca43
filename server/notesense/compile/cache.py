"""Per-note compile cache: a note whose bytes, display path and compiler are unchanged is not parsed
again. Entries live in memory for the life of the process (the language server recompiles on every
note change) and, when a cache folder is given, on disk for the next process.

On disk an entry is a `notesense.store` file: JSON under a kind/version/checksum header, never code.
A missing, damaged or foreign entry is a miss; the note is compiled again and the entry rewritten.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from pathlib import Path

from notesense import store
from notesense.compile.build import NoteOutcome
from notesense.notes.reader import file_digest, included_digest, root_name

KIND = "note"


@functools.lru_cache(maxsize=1 << 16)  # the language server asks again for every note on each change
def _key(version: str, display: str, root: str, digest: str) -> str:
    """A note's cache key: a hash of the record code's version, the display path (it is in every
    snippet's provenance and id), the notes folder's name (it may name the library) and the note's
    content digest."""
    return hashlib.sha256(f"{version}\0{display}\0{root}\0{digest}".encode()).hexdigest()


# (key, absolute note path or "") -> outcome; shared by every compile in this process
_MEMORY: dict[tuple[str, str], NoteOutcome] = {}


class NoteCache:
    """Look-ups for one compile that was given a cache folder (entries under `<folder>/notes`)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder) / "notes"
        self.seen: set[str] = set()
        self.version = store.code_version()  # asked once per compile: a reload makes every note's key

    def key_for(self, path: Path, display: str, digest: str | None = None, root: str | None = None) -> str | None:
        """The note's cache key (`digest`: its content's, if the caller has it; `root`: the notes folder's
        name it is compiled as having, when not its own: `pipeline._from_neighbours`); None when it cannot
        be read (the compile then reports why)."""
        try:
            digest = (digest or file_digest(path)) + included_digest(path, display)
            return _key(self.version, display, root or root_name(path, display), digest)
        except OSError:
            return None

    def _file(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str, where: str = "") -> NoteOutcome | None:
        """The outcome for `key`, its records located at `where` when given (see `NoteOutcome.located`);
        the same object on every call in this process, which lets a recompile patch its order."""
        self.seen.add(key)
        entry = _MEMORY.get((key, where))
        if entry is not None:
            return entry
        data = store.read(self._file(key), KIND, self.version)
        if not isinstance(data, dict):
            return None
        try:
            entry = NoteOutcome.from_data(data)
        except (TypeError, ValueError, KeyError):
            store.discard(self._file(key))  # intact JSON of another shape: not ours to trust
            return None
        return self._remember(key, where, entry)

    def put(self, key: str, entry: NoteOutcome, where: str = "") -> NoteOutcome:
        """Store `entry` (on disk as compiled; in memory located at `where`); returns the memory copy."""
        self.seen.add(key)
        store.write(self._file(key), KIND, self.version, entry.to_data())
        return self._remember(key, where, entry)

    @staticmethod
    def _remember(key: str, where: str, entry: NoteOutcome) -> NoteOutcome:
        located = entry.located(where) if where else entry
        _MEMORY[(key, where)] = located
        return located

    @staticmethod
    def prime(entries: Iterable[tuple[str, str, NoteOutcome]]) -> None:
        """Put outcomes a library snapshot kept (key, where, outcome located there) in memory, unless
        memory has them: after a warm start the next compile finds its notes there, the snapshot's own
        records, instead of reading a cache file per note and making every record again."""
        for key, where, entry in entries:
            _MEMORY.setdefault((key, where), entry)

    def keep_seen(self) -> None:
        """Forget memory entries for notes no longer compiled, so the language server's memory
        tracks the current notes rather than every version of them it ever saw."""
        for memo in [m for m in _MEMORY if m[0] not in self.seen]:
            del _MEMORY[memo]
