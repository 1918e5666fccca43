"""Finding note files and reading them into `Note`s, whatever their encoding or line endings.

Years of notes come from Windows editors (GBK, CRLF, BOMs), Typora and Jupyter: reading must accept
all of them, and a file that cannot be read at all must be reported, never crash the run.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from notesense.files import Unreadable, check_regular, read_regular
from notesense.notes import includes
from notesense.notes.conflict import READ_AS, first_side
from notesense.notes.model import NOTE_SUFFIXES, LineMap, Note, NoteError, file_line
from notesense.paths import BUILD_DIRS, is_build_copy

SKIPPED_DIRS = frozenset({".git", "node_modules", ".ipynb_checkpoints", "__pycache__"})


def discover(paths: Sequence[Path], digests: dict[str, str] | None = None,
             signatures: dict[str, tuple[int, int]] | None = None) -> tuple[list[tuple[Path, str]], list[NoteError]]:
    """Every note under `paths` with its display path, sorted; byte-identical copies dropped.

    A folder's notes are named relative to that folder; a file given directly by its name. Of
    several identical files the first in sorted order is kept, so the result is deterministic.
    What cannot be read — a FIFO, a device, a file over the size cap, a symlink loop, a folder
    without permission — is listed in the errors, never opened or waited on. `digests`, when given,
    receives each note's sha256 by `str(path)` (the compile cache's key is made of it); `signatures`
    its (mtime_ns, size) as just stat'ed (the reading order reads a note's references by it).
    """
    found: list[tuple[str, Path]] = []
    errors: list[NoteError] = []
    for root in paths:
        root = Path(root)
        if root.is_dir():
            found.extend(walk_notes(root, errors))
        elif os.path.lexists(root):
            found.append((root.name, root))
        else:
            errors.append(NoteError(str(root), "no such file or directory"))
    # sources before build copies, so that of identical files the source is the one kept
    ranked = sorted((is_build_copy(display), display, str(path), path) for display, path in found)
    # what the sources are copies of, asked only when some note lies in a build folder
    sources = ({tail for build, display, _name, _path in ranked if not build for tail in _tails(copy_of(display))}
               if any(build for build, _display, _name, _path in ranked) else set())
    notes: list[tuple[Path, str]] = []
    seen: set[str] = set()
    for build, display, _name, path in ranked:
        if build and copy_of(display) in sources:
            continue  # `_build/html/_sources/x.md.txt` beside `x.md`: the source is the note
        try:
            digest = file_digest(path)
        except Unreadable as exc:
            errors.append(NoteError(display, exc.reason))
            continue
        if digest not in seen:
            seen.add(digest)
            notes.append((path, display))
            if digests is not None:
                digests[str(path)] = digest
            if signatures is not None:
                size, mtime, _ctime, _inode = _DIGESTS[str(path)][0]  # what `file_digest` just stat'ed
                signatures[str(path)] = (mtime, size)
    return notes, errors


_COPY_SUFFIX = re.compile(r"(?:\.(?:md|markdown|rst|ipynb|py))?\.txt$|-checkpoint(?=\.\w+$)", re.I)


def copy_of(display: str) -> str:
    """What a note is (a copy of), as a path to compare: `_build/html/_sources/ch1/x.md.txt` → `ch1/x`,
    the source `ch1/x.md` → `ch1/x`."""
    parts = display.replace("\\", "/").split("/")
    builds = [i for i, part in enumerate(parts[:-1]) if part in BUILD_DIRS]
    rest = parts[builds[-1] + 1:] if builds else parts
    rest[-1] = _COPY_SUFFIX.sub("", rest[-1]).rsplit(".", 1)[0]
    return "/".join(rest).lower()


def _tails(key: str) -> list[str]:
    """`a/b/c` → `a/b/c`, `b/c`, `c`: a copy made from a sub-folder matches its source by any of them."""
    parts = key.split("/")
    return ["/".join(parts[i:]) for i in range(len(parts))]


# path -> (size, mtime, ctime, inode), sha256: for the language server, which discovers the notes
# again on every change and would otherwise read and hash every unchanged file each time
_DIGESTS: dict[str, tuple[tuple[int, int, int, int], str]] = {}


def file_digest(path: Path) -> str:
    """The sha256 of a file's bytes, remembered while its size, times and inode stay the same.
    Raises `files.Unreadable` (an OSError) for anything but a regular file within the size cap."""
    st = check_regular(path)
    signature = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
    known = _DIGESTS.get(str(path))
    if known is not None and known[0] == signature:
        return known[1]
    data = read_regular(path)[0]
    digest = hashlib.sha256(data).hexdigest()
    _DIGESTS[str(path)] = (signature, digest)
    _INCLUDED[str(path)] = (signature, includes.targets(data))  # the bytes are at hand: no second read
    return digest


# note path -> (its stat signature, the files it names in `literalinclude`s)
_INCLUDED: dict[str, tuple[tuple[int, int, int, int] | None, tuple[str, ...]]] = {}


def included_digest(path: Path, display: str) -> str:
    """The digest of the files the note at `path` includes, "" when it includes none: part of its cache
    key, so that a changed example compiles the note again. What it names is read once per version of
    the note (a notebook names none)."""
    if Path(path).suffix.lower() == ".ipynb":
        return ""
    signature = stat_signature(path)
    known = _INCLUDED.get(str(path))
    if known is None or signature is None or known[0] != signature:
        known = (signature, includes.targets(read_regular(path)[0]))
        _INCLUDED[str(path)] = known
    folder = notes_folder(path, display)
    return includes.include_digest(path, Path(folder), known[1]) if known[1] and folder else ""


def remembered_digest(path: str) -> tuple[tuple[int, int, int, int], str] | None:
    """(stat signature, sha256) of the note at `path` as `file_digest` last found them, for a cache to
    keep (a library snapshot: `remember_digest` in the next process); after the sha256, a line for each
    file it includes, when that is known for this version of it (none: a bare line end)."""
    known = _DIGESTS.get(path)
    if known is None:
        return None
    included = _INCLUDED.get(path)
    if included is None or included[0] != known[0]:
        return known
    return known[0], known[1] + "\n" + "\n".join(included[1])


def remember_digest(path: str, signature: tuple[int, int, int, int], digest: str) -> None:
    """Take the digest a cache kept of `path` at `signature` as if `file_digest` had found it (and what
    the note includes, when kept with it): a new process then reads and hashes a note only once its stat
    differs, and reads none to learn that it includes nothing. What this process found is kept."""
    sha, known, names = digest.partition("\n")
    _DIGESTS.setdefault(path, (signature, sha))
    if known:
        _INCLUDED.setdefault(path, (signature, tuple(name for name in names.split("\n") if name)))


def stat_signature(path: Path | str) -> tuple[int, int, int, int] | None:
    """(size, mtime_ns, ctime_ns, inode) of the note at `path` as `file_digest` last stat'ed it (symlinks
    followed), or None: what a caller keeps facts about the file by, without a `stat` of its own."""
    known = _DIGESTS.get(str(path))
    return known[0] if known is not None else None


def walk_notes(root: Path, errors: list[NoteError]) -> Iterator[tuple[str, Path]]:
    """(display path, path) of every file under the folder `root` that is named like a note,
    hidden and tool folders skipped; nothing is opened. A folder that cannot be listed is added
    to `errors` (by its display path) instead of vanishing from the notes silently."""

    def unread(exc: OSError) -> None:
        where = Path(exc.filename or root)
        display = where.relative_to(root).as_posix() if where != root and where.is_relative_to(root) else str(where)
        errors.append(NoteError(f"{display}/", f"cannot read this folder ({(exc.strerror or str(exc)).lower()}); its notes were skipped"))

    top = os.fspath(root)
    for folder, dirs, files in os.walk(root, onerror=unread):
        dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS and not d.startswith(".")]
        # names as strings (pathlib's rules): the language server walks every note on each change
        below = folder[len(top):].lstrip(os.sep).replace(os.sep, "/")
        known = _CHILDREN.get(folder, {})
        here: dict[str, Path] = {}
        for name in files:
            dot = name.rfind(".")
            if name.startswith(".") or not 0 < dot < len(name) - 1 or name[dot:].lower() not in NOTE_SUFFIXES:
                continue
            path = here[name] = known.get(name) or Path(folder, name)
            yield f"{below}/{name}" if below else name, path
        _CHILDREN[folder] = here


# folder -> {note file name: its Path} as the last walk found them: a Path costs more to make than the
# rest of a note's discovery, and the language server walks every note again on each change
_CHILDREN: dict[str, dict[str, Path]] = {}


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
    if text is None and b"\x00" in data:
        found = _utf16_without_bom(data) or _with_stray_nuls(data)
        if found is None:
            raise NoteError(display, "binary file (contains NUL bytes)")
        text, encoding = found
    if text is None:
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


_CONTROL = frozenset(chr(c) for c in range(32)) - set("\t\n\r\f\v") | {"\ufffe", "\uffff"}


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) of data saved as UTF-16-LE without a byte-order mark (Windows tools do
    that), or None for data that is binary. Such text has zero high bytes wherever it is ASCII
    (Markdown syntax, code, line breaks) and decodes without control characters."""
    if len(data) % 2 or data[1::2].count(0) * 4 < len(data) // 2:
        return None
    try:
        text = data.decode("utf-16-le")
    except UnicodeDecodeError:
        return None
    return None if _CONTROL.intersection(text) else (text, "utf-16-le")


def _with_stray_nuls(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) of a UTF-8 note with a few stray NUL bytes in it (a blog editor's paste before a
    picture, the output of `''.join(chr(x) for x in range(128))` pasted), the NULs dropped; None for
    binary data, which has many, or control bytes in its first line (a file format's header: a note's
    first line is its words; one without NULs keeps its control characters too)."""
    if data.count(0) > max(_STRAY_NULS, len(data) // 1000):
        return None
    try:
        text = data.replace(b"\x00", b"").decode("utf-8")
    except UnicodeDecodeError:
        return None
    return None if _CONTROL.intersection(text.partition("\n")[0]) else (text, "utf-8")


_STRAY_NULS = 8  # at most this many (or one in a thousand bytes) in a note read as text


def root_name(path: Path, display: str) -> str:
    """The name of the folder `display` is relative to (`~/Hello-PyTorch` for `分布式/scatter.md`);
    for a note given by its own name, the folder it is in."""
    folder = notes_folder(path, display)
    return os.path.basename(folder) if folder else ""


def notes_folder(path: Path | str, display: str) -> str:
    """The folder `display` (the note's path as shown) is relative to, "" when there is none (a display
    path deeper than the path itself). String operations: a recompile asks it of every note, and pathlib's
    parsing took 5.8 µs a note where these take 2.1 µs (timeit)."""
    parts = [part for part in display.replace("\\", "/").split("/") if part and part != "."]
    folder = os.path.abspath(path)
    for _ in parts:
        parent = os.path.dirname(folder)
        if parent == folder:
            return ""
        folder = parent
    return folder if parts else ""


# what a web page or a chat window leaves in pasted text: shows nothing, and breaks Markdown and code
# (`1 \u200b**.numpy()**`: before `**` it keeps bold from opening; in a block, Python refuses it)
_INVISIBLE_MARKS = "\u200b\u2060\ufeff"
_INVISIBLE = re.compile(f"(^[ \t>]*)?[{_INVISIBLE_MARKS}]([ \t])?", re.M)


def _visible(m: re.Match[str]) -> str:
    """The text around an invisible character, without it; one that opens a line (or a quoted line)
    before spaces stays: Typora writes it so that an indented line of prose is not read as code."""
    if m[1] is not None and m[2] is not None:
        return m[0]
    return (m[1] or "") + (m[2] or "")


def load_note(path: Path, display: str) -> Note:
    """Read one note file completely; NoteError only when nothing of it can be read."""
    # the parsers (markdown-it-py) are imported here, not with the module: finding and hashing notes,
    # which a warm start of the server does, needs none of them
    from notesense.notes.frontmatter import split_front_matter
    from notesense.notes import ipynb, rst
    from notesense.notes.markdown import parse_sections

    try:
        data, _ = read_regular(path)
    except Unreadable as exc:
        raise NoteError(display, exc.reason) from None
    text, encoding = read_text(data, display)
    # the files it shows as code (`literalinclude`), read from inside its notes folder only
    include = includes.reader(path, Path(folder)) if includes.targets(data) and (folder := notes_folder(path, display)) else None
    note = Note(path=display, sha256=hashlib.sha256(data).hexdigest(), encoding=encoding, root=root_name(path, display))
    lines: LineMap = []
    suffix = Path(path).suffix.lower()
    conflict: tuple[int, str] | None = None  # a merge conflict left in the note: (its file line, what was read)
    if suffix == ".ipynb":
        try:
            text, lines = ipynb.convert(text)
        except ValueError as exc:  # json.JSONDecodeError is a ValueError
            if (merged := first_side(text)) is None:
                raise NoteError(display, f"invalid notebook: {exc}") from None
            try:  # committed with a merge conflict left in it: its first side, reported
                text, lines = ipynb.convert(merged[0])
            except ValueError:
                raise NoteError(display, f"invalid notebook: {exc}") from None
            conflict = (merged[1], READ_AS)
    elif suffix == ".rst":
        try:
            text, lines = rst.convert(text, include)
        except Exception as exc:  # noqa: BLE001 - docutils can fail in many ways on broken markup
            raise NoteError(display, f"unreadable reStructuredText: {type(exc).__name__}: {exc}") from None
    elif merged := first_side(text, fenced=True):
        # Markdown with a merge conflict left in it: "=======" would underline the line above as a heading
        text, conflict = merged[0], (merged[1], READ_AS)
    if any(mark in text for mark in _INVISIBLE_MARKS):  # a scan in C; the pattern's own search is 60 times slower
        text = _INVISIBLE.sub(_visible, text)
    header = split_front_matter(text, display)
    note.title, note.summary, note.tags, note.hints = header.title, header.summary, header.tags, header.hints
    note.sections = parse_sections(header.body, header.first_line, notebook=suffix == ".ipynb", include=include)
    if header.problem is not None:
        line, why = header.problem
        note.problems.append((file_line(lines, line) if lines else line, why))
    if conflict is not None:
        note.problems.append(conflict)
    if lines:  # lines of the file as it is on disk, not of its Markdown form
        for section in note.sections:
            section.line = file_line(lines, section.line)
            for block in section.blocks:
                block.line = file_line(lines, block.line)
            for passage in section.passages:
                passage.line, passage.end = file_line(lines, passage.line), file_line(lines, passage.end)
    return note
