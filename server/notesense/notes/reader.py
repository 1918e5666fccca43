"""Finding note files and reading them into `Note`s, whatever their encoding or line endings.

Years of notes come from Windows editors (GBK, CRLF, BOMs), Typora and Jupyter: reading must accept
all of them, and a file that cannot be read at all must be reported, never crash the run.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

from notesense.notes.model import Note, NoteError

NOTE_SUFFIXES = frozenset({".md", ".markdown", ".txt", ".ipynb"})
SKIPPED_DIRS = frozenset({".git", "node_modules", ".ipynb_checkpoints", "__pycache__"})


def discover(paths: Sequence[Path]) -> tuple[list[tuple[Path, str]], list[NoteError]]:
    """Every note under `paths` with its display path, sorted; byte-identical copies dropped.

    A folder's notes are named relative to that folder; a file given directly by its name. Of
    several identical files the first in sorted order is kept, so the result is deterministic.
    """
    found: list[tuple[str, Path]] = []
    errors: list[NoteError] = []
    for root in paths:
        root = Path(root)
        if root.is_dir():
            found.extend(_walk(root))
        elif root.is_file():
            found.append((root.name, root))
        else:
            errors.append(NoteError(str(root), "no such file or directory"))
    found.sort(key=lambda item: (item[0], str(item[1])))
    notes: list[tuple[Path, str]] = []
    seen: set[str] = set()
    for display, path in found:
        try:
            digest = file_digest(path)
        except OSError as exc:
            errors.append(NoteError(display, f"cannot read: {exc.strerror or exc}"))
            continue
        if digest not in seen:
            seen.add(digest)
            notes.append((path, display))
    return notes, errors


# path -> (size, mtime, ctime, inode), sha256: for the language server, which discovers the notes
# again on every change and would otherwise read and hash every unchanged file each time
_DIGESTS: dict[str, tuple[tuple[int, int, int, int], str]] = {}


def file_digest(path: Path) -> str:
    """The sha256 of a file's bytes, remembered while its size, times and inode stay the same."""
    st = os.stat(path)
    signature = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
    known = _DIGESTS.get(str(path))
    if known is not None and known[0] == signature:
        return known[1]
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    _DIGESTS[str(path)] = (signature, digest)
    return digest


def _walk(root: Path) -> list[tuple[str, Path]]:
    found: list[tuple[str, Path]] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS and not d.startswith(".")]
        for name in files:
            if name.startswith(".") or Path(name).suffix.lower() not in NOTE_SUFFIXES:
                continue
            path = Path(folder) / name
            found.append((path.relative_to(root).as_posix(), path))
    return found


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def read_text(data: bytes, display: str) -> tuple[str, str]:
    """Decode `data` → (text with `\\n` line endings, encoding name); NoteError for binary data."""
    text = encoding = None
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text, encoding = data.decode(name), name
            except UnicodeDecodeError:
                reason = f"starts with a {name} byte-order mark but does not decode as {name}"
                raise NoteError(display, reason) from None
            break
    if text is None:
        if b"\x00" in data:
            raise NoteError(display, "binary file (contains NUL bytes)")
        for name in ("utf-8", "gb18030"):
            try:
                text, encoding = data.decode(name), name
                break
            except UnicodeDecodeError:
                continue
        else:
            raise NoteError(display, "not text: neither UTF-8, UTF-16 nor GB18030")
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, encoding


def load_note(path: Path, display: str) -> Note:
    """Read one note file completely; NoteError only when nothing of it can be read."""
    # the parsers (markdown-it-py) are imported here, not with the module: finding and hashing notes,
    # which a warm start of the server does, needs none of them
    from notesense.notes.frontmatter import split_front_matter
    from notesense.notes.ipynb import to_markdown
    from notesense.notes.markdown import parse_sections

    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise NoteError(display, f"cannot read: {exc.strerror or exc}") from None
    text, encoding = read_text(data, display)
    note = Note(path=display, sha256=hashlib.sha256(data).hexdigest(), encoding=encoding)
    if Path(path).suffix.lower() == ".ipynb":
        try:
            text = to_markdown(text)
        except ValueError as exc:  # json.JSONDecodeError is a ValueError
            raise NoteError(display, f"invalid notebook: {exc}") from None
    header = split_front_matter(text)
    note.title, note.tags, note.hints = header.title, header.tags, header.hints
    note.sections = parse_sections(header.body, header.first_line)
    return note
