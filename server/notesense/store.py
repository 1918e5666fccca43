"""Caches as plain data: the one on-disk format every notesense cache uses.

A cache is a speed-up, never a source of truth, and never something that can run code: it holds only
JSON values, under a header that names what it is (`kind`, `version`) and a checksum of the payload.
A file that is missing, truncated, of another kind or version, or damaged reads as `None` (and is
removed), so the caller rebuilds it. No pickle, no marshal: a cache file planted by someone
else can at worst cost a rebuild.

Layout of a file: one header line `notesense-cache <kind> <version> <crc32-hex of payload>\\n`,
then the payload, UTF-8 JSON. The checksum catches truncation and bit rot (a CRC is made for that, and
is five times faster than a cryptographic hash over the megabytes of a library snapshot); it does not
authenticate, and need not: whatever a cache file says, it can only be data.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import stat
import zlib
from pathlib import Path
from typing import Any

from notesense import __version__
from notesense.files import write_atomic
from notesense.paths import cache_dir, project_key

MAGIC = b"notesense-cache"
MAX_BYTES = 512 * 1024 * 1024  # a cache larger than this is not one notesense wrote
_PACKAGE = Path(__file__).resolve().parent
# The code that shapes cached records: the readers, the compiler, the analyses it uses, the records
# and their loaders, and the rules (the learner self-checks its pitfalls with the pattern matcher and
# leaves out what an NS rule reports). A change to any of it (an upgrade, a local edit) is a new cache
# version.
RECORD_CODE = ("notes", "compile", "analysis", "library", "rules")


def _digest(payload: bytes) -> str:
    return f"{zlib.crc32(payload):08x}"


def _check_label(value: str) -> str:
    if not value or any(c.isspace() for c in value):
        raise ValueError(f"cache kind/version must be one word, got {value!r}")
    return value


@functools.cache
def code_fingerprint(*parts: str) -> str:
    """A digest of notesense's version and the source of `parts` (folders, searched recursively, or
    files, relative to the package): put it in a cache's version and an edit to any of that code, or
    an upgrade, turns every old entry into a miss. Data the code reads counts as code
    (`analysis/public_api.txt` decides which names are real).

    Hashing a megabyte of source is 10-40 ms, on the way to a warm start's first hover: the digest is
    kept in the cache folder under the files' stat (`_code_stat`), so a start stats the files and
    hashes them only when one changed. A stat that changes with the same content (a checkout, a
    reinstall) costs one hash, not a cold library."""
    files = _code_files(parts)
    stat_key = _code_stat(files)
    memo = cache_dir() / "code" / f"{project_key(_PACKAGE)}-{'-'.join(p.replace('/', '.') for p in parts)}.json"
    known = read(memo, "code", stat_key)
    if isinstance(known, str):
        return known
    digest = hashlib.blake2b(__version__.encode(), digest_size=8)
    for relative in files:
        digest.update(relative.encode() + b"\0")
        try:
            digest.update((_PACKAGE / relative).read_bytes())
        except OSError:
            digest.update(b"unreadable")
    write(memo, "code", stat_key, digest.hexdigest())
    return digest.hexdigest()


def _code_files(parts: tuple[str, ...]) -> list[str]:
    """The `.py` and `.txt` files of `parts`, relative to the package (posix), sorted."""
    found: list[str] = []
    for part in parts:
        where = _PACKAGE / part
        if not where.is_dir():
            found.append(part)
            continue
        for folder, _dirs, names in os.walk(where):
            within = Path(folder).relative_to(_PACKAGE).as_posix()
            found.extend(f"{within}/{name}" for name in names if name.endswith((".py", ".txt")))
    return sorted(found)


def _code_stat(files: list[str]) -> str:
    """A digest of every file's stat (inode, size, modified and changed times): any write changes it."""
    digest = hashlib.blake2b(__version__.encode(), digest_size=8)
    for relative in files:
        try:
            st = os.stat(_PACKAGE / relative)
        except OSError:
            digest.update(f"{relative}\0-\n".encode())
            continue
        digest.update(f"{relative}\0{st.st_ino} {st.st_size} {st.st_mtime_ns} {st.st_ctime_ns}\n".encode())
    return digest.hexdigest()


def code_version() -> str:
    """The version every record cache is stamped with (`RECORD_CODE`'s fingerprint), so that no
    notesense ever reads records another notesense (or an earlier edit of this one) shaped."""
    return code_fingerprint(*RECORD_CODE)


# `json.dumps` with these options makes an encoder per call: a snapshot encodes each record on its own
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def encode(data: Any) -> bytes:
    """The payload of a cache file holding `data` (JSON values only: dict, list, str, int, float, bool, None)."""
    return _ENCODER.encode(data).encode("utf-8")


def dumps(kind: str, version: str, data: Any) -> bytes:
    """The bytes of a cache file holding `data`."""
    return _framed(kind, version, encode(data))


def _framed(kind: str, version: str, payload: bytes) -> bytes:
    header = b" ".join((MAGIC, _check_label(kind).encode(), _check_label(version).encode(), _digest(payload).encode()))
    return header + b"\n" + payload


def loads(blob: bytes, kind: str, version: str) -> Any | None:
    """The data of a cache file's bytes, or None unless it is intact and of this kind and version."""
    payload = _payload(blob, kind, version)
    return None if payload is None else _decoded(payload)


def _payload(blob: bytes, kind: str, version: str) -> memoryview | None:
    """The payload of a cache file's bytes (a view: a snapshot's megabytes are not copied), or None
    unless it is intact and of this kind and version."""
    at = blob.find(b"\n")
    if at < 0:
        return None
    head, payload = blob[:at], memoryview(blob)[at + 1:]
    parts = head.split(b" ")
    if len(parts) != 4 or parts[0] != MAGIC or parts[1] != kind.encode() or parts[2] != version.encode():
        return None
    if parts[3] != _digest(payload).encode():
        return None
    return payload


def _decoded(payload: memoryview) -> Any | None:
    try:
        return json.loads(str(payload, "utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None


def read(path: Path, kind: str, version: str) -> Any | None:
    """The data cached at `path`, or None (missing, not a regular file, too large, stale or damaged). A
    damaged or foreign file is deleted so the next `write` starts clean."""
    payload = read_payload(path, kind, version)
    data = None if payload is None else _decoded(payload)
    if payload is not None and data is None:
        discard(path)
    return data


def read_payload(path: Path, kind: str, version: str) -> memoryview | None:
    """`read`'s payload, checked but not decoded: for a cache that decodes its parts as they are asked
    for (`library.snapshot`), and must `discard` the file itself should a part not decode."""
    path = Path(path)
    try:
        st = path.lstat()
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_BYTES:
        discard(path)
        return None
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    payload = _payload(blob, kind, version)
    if payload is None:
        discard(path)
    return payload


def write(path: Path, kind: str, version: str, data: Any) -> bool:
    """Store `data` at `path` atomically (folders made as needed, private to the user). False when the
    cache cannot be written: a read-only cache only costs speed."""
    try:
        payload = encode(data)
    except (ValueError, TypeError):
        return False
    return write_encoded(path, kind, version, payload)


def write_encoded(path: Path, kind: str, version: str, payload: bytes) -> bool:
    """`write` for a payload the caller encoded (with `encode`, piece by piece: a large one can then be
    made between other work)."""
    path = Path(path)
    try:
        blob = _framed(kind, version, payload)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # not synced: `read` checks the checksum, so a write a crash loses is a miss; an fsync per
        # compiled note put several milliseconds (more on a busy disk) into every one-note reload
        write_atomic(path, blob, mode=0o600, sync=False)
    except (OSError, ValueError):
        return False
    return True


def discard(path: Path) -> None:
    """Remove a cache file (a reader that finds intact JSON of the wrong shape calls this too)."""
    try:
        os.unlink(path)
    except OSError:
        pass
