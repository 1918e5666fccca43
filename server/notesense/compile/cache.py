"""Per-note compile cache: a note whose bytes, display path and compiler version are unchanged is
not parsed again. Entries live in memory for the life of the process (the language server recompiles
on every note change) and, when a cache folder is given, on disk for the next process.

The disk entries are pickles the compiler wrote itself; anything that fails to load or is not a
`NoteOutcome` is treated as a miss and overwritten, never trusted.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from notesense.compile.build import NoteOutcome

# Bump on a change of the cache format; changes to the code that shapes snippets are caught by
# `_code_digest`, so an upgraded (or locally edited) compiler never serves stale entries.
CACHE_FORMAT = "1"
_PACKAGE = Path(__file__).resolve().parent.parent


def _code_digest() -> str:
    digest = hashlib.sha256(CACHE_FORMAT.encode())
    # the compiler reads notes with the analysis layer too (imports, the kind inference of the flow,
    # the public API list that decides which names are real)
    sources = [*sorted((_PACKAGE / "notes").glob("*.py")), *sorted((_PACKAGE / "compile").glob("*.py")),
               *sorted((_PACKAGE / "analysis").glob("*.py")), _PACKAGE / "analysis" / "public_api.txt",
               _PACKAGE / "library" / "model.py"]
    for source in sources:
        try:
            digest.update(source.name.encode() + b"\0" + source.read_bytes())
        except OSError:
            digest.update(source.name.encode())
    return digest.hexdigest()[:16]


COMPILER_VERSION = _code_digest()

_MEMORY: dict[str, NoteOutcome] = {}


def cache_key(data: bytes, display: str) -> str:
    """sha256 over the compiler version, the display path (it is in every snippet's provenance and
    id) and the note's bytes."""
    digest = hashlib.sha256(f"{COMPILER_VERSION}\0{display}\0".encode())
    digest.update(data)
    return digest.hexdigest()


# path, display -> (stat signature, key): an unchanged file is not read and hashed again
_STAT_KEYS: dict[tuple[str, str], tuple[tuple[int, int, int, int], str]] = {}


class NoteCache:
    """Look-ups for one compile that was given a cache folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.seen: set[str] = set()

    @staticmethod
    def key_for(path: Path, display: str) -> str | None:
        """The note's cache key; None when it cannot be read (the compile then reports why)."""
        try:
            st = os.stat(path)
            signature = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
            known = _STAT_KEYS.get((str(path), display))
            if known is not None and known[0] == signature:
                return known[1]
            key = cache_key(Path(path).read_bytes(), display)
        except OSError:
            return None
        _STAT_KEYS[(str(path), display)] = (signature, key)
        return key

    def _file(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pickle"

    def get(self, key: str) -> NoteOutcome | None:
        self.seen.add(key)
        entry = _MEMORY.get(key)
        if entry is not None:
            return entry
        try:
            with open(self._file(key), "rb") as fh:
                entry = pickle.load(fh)
        except Exception:  # missing, truncated or foreign file: a miss
            return None
        if not isinstance(entry, NoteOutcome):
            return None
        _MEMORY[key] = entry
        return entry

    def put(self, key: str, entry: NoteOutcome) -> None:
        self.seen.add(key)
        _MEMORY[key] = entry
        target = self._file(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        except OSError:
            return  # a cache that cannot be written only costs time on the next run
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(entry, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, target)
        except OSError:
            Path(tmp).unlink(missing_ok=True)

    def keep_seen(self) -> None:
        """Forget memory entries for notes no longer compiled, so the language server's memory
        tracks the current notes rather than every version of them it ever saw."""
        for key in [k for k in _MEMORY if k not in self.seen]:
            del _MEMORY[key]
