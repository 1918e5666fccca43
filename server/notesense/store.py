"""Caches as plain data: the one on-disk format every notesense cache uses.

A cache is a speed-up, never a source of truth, and never something that can run code: it holds only
JSON values, under a header that names what it is (`kind`, `version`) and a checksum of the payload.
A file that is missing, truncated, of another kind or version, or altered in any way reads as `None`
(and is removed), so the caller rebuilds it. No pickle, no marshal: a cache file planted by someone
else can at worst cost a rebuild.

Layout of a file: one header line `notesense-cache <kind> <version> <blake2b-hex of payload>\\n`,
then the payload, UTF-8 JSON.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from functools import lru_cache
from pathlib import Path
from typing import Any

from notesense import __version__
from notesense.files import digest, write_atomic

_PACKAGE = Path(__file__).resolve().parent

MAGIC = b"notesense-cache"
MAX_BYTES = 512 * 1024 * 1024  # a cache larger than this is not one notesense wrote


@lru_cache(maxsize=None)
def code_fingerprint(*parts: str) -> str:
    """A hash of notesense's version and the source of `parts` (folders, searched recursively, or
    files, relative to the package): put it in a cache's version and an edit to any of that code,
    or an upgrade, turns every old entry into a miss."""
    hasher = hashlib.blake2b(__version__.encode(), digest_size=8)
    for part in parts:
        where = _PACKAGE / part
        for source in sorted(where.rglob("*.py")) if where.is_dir() else [where]:
            hasher.update(source.relative_to(_PACKAGE).as_posix().encode() + b"\0")
            try:
                hasher.update(source.read_bytes())
            except OSError:
                hasher.update(b"-")
    return hasher.hexdigest()


def _check_label(value: str) -> str:
    if not value or any(c.isspace() for c in value):
        raise ValueError(f"cache kind/version must be one word, got {value!r}")
    return value


def dumps(kind: str, version: str, data: Any) -> bytes:
    """The bytes of a cache file holding `data` (JSON values only: dict, list, str, int, float, bool, None)."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
    header = b" ".join((MAGIC, _check_label(kind).encode(), _check_label(version).encode(), digest(payload).encode()))
    return header + b"\n" + payload


def loads(blob: bytes, kind: str, version: str) -> Any | None:
    """The data of a cache file's bytes, or None unless it is intact and of this kind and version."""
    head, sep, payload = blob.partition(b"\n")
    if not sep:
        return None
    parts = head.split(b" ")
    if len(parts) != 4 or parts[0] != MAGIC or parts[1] != kind.encode() or parts[2] != version.encode():
        return None
    if parts[3] != digest(payload).encode():
        return None
    try:
        return json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None


def read(path: Path, kind: str, version: str) -> Any | None:
    """The data cached at `path`, or None (missing, not a regular file, too large, stale or damaged). A
    damaged or foreign file is deleted so the next `write` starts clean."""
    path = Path(path)
    try:
        st = path.lstat()
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_BYTES:
        _discard(path)
        return None
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    data = loads(blob, kind, version)
    if data is None:
        _discard(path)
    return data


def write(path: Path, kind: str, version: str, data: Any) -> bool:
    """Store `data` at `path` atomically (folders made as needed, private to the user). False when the
    cache cannot be written: a read-only cache only costs speed."""
    path = Path(path)
    try:
        blob = dumps(kind, version, data)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_atomic(path, blob, mode=0o600)
    except (OSError, ValueError, TypeError):
        return False
    return True


def _discard(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
