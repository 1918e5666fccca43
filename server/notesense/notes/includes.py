"""Code a note shows without holding it: Sphinx's `.. literalinclude:: code/train.py` and MyST's
```` ```{literalinclude} ../src/train.py ```` (Jupyter Book, PyMOTW keep their examples so).

The included file is read as text, never run, and only when it is a regular file inside the notes
folder the note was found in (no `../../.ssh/id_rsa`, no link out of it) and under `LIMIT`; anything
else leaves the directive out, as an unknown one is. The options people use to cut a part out of the
file are honoured: `:lines:`, `:pyobject:` (found with `ast`, not imported), `:start-after:`,
`:end-before:`, `:dedent:`. A note's cache key holds the digests of the files it includes
(`include_digest`), so a changed example is compiled again.
"""

from __future__ import annotations

import ast
import hashlib
import os
import re
import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path

from notesense.files import check_regular, read_regular

LIMIT = 512 * 1024  # an included example larger than this is no example
# (target, options) -> (the file's text, cut as the options say; its language) or None: what a reader asks for
Include = Callable[[str, Mapping[str, str]], "tuple[str, str] | None"]
# where a note names a file to include: an rst directive or a MyST fence (` ``` ` or `:::`), at a line's start
_TARGETS = re.compile(rb"(?m)^[ \t]*(?:\.\.[ \t]+literalinclude::|(?:`{3,}|:{3,})[ \t]*\{literalinclude\})[ \t]*(\S[^\r\n]*?)[ \t]*$")
_LANGUAGES = {".py": "python", ".pyi": "python", ".ipy": "python", ".sh": "bash", ".json": "json", ".yaml": "yaml",
              ".yml": "yaml", ".toml": "toml", ".cfg": "ini", ".ini": "ini", ".txt": "text", ".c": "c", ".cpp": "cpp"}


def targets(data: bytes) -> tuple[str, ...]:
    """The files a note's bytes name for inclusion, as written (one scan in C when it names none)."""
    if b"literalinclude" not in data:
        return ()
    return tuple(m[1].decode("utf-8", "replace") for m in _TARGETS.finditer(data))


def included(note: Path, root: Path, target: str) -> Path | None:
    """The file `target` names (relative to the note; from `/`, to the notes folder `root`), if it is a
    regular file inside `root` under `LIMIT`; None for anything else."""
    written = target.strip()
    if not written or "\0" in written:
        return None
    base = root if written.startswith("/") else Path(os.path.abspath(note)).parent
    try:
        path = (base / written.lstrip("/")).resolve()
        inside = path.is_relative_to(root.resolve())
        if inside:
            check_regular(path, LIMIT)
    except (OSError, RuntimeError, ValueError):
        return None
    return path if inside else None


def reader(note: Path, root: Path) -> Include:
    """What a note at `note`, found in the notes folder `root`, includes: `Include`."""
    def include(target: str, options: Mapping[str, str]) -> tuple[str, str] | None:
        path = included(note, root, target)
        if path is None:
            return None
        try:
            text = read_regular(path, LIMIT)[0].decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        part = _cut(text.replace("\r\n", "\n"), options)
        language = (options.get("language") or _LANGUAGES.get(path.suffix.lower(), "")).strip()
        return (part, language) if part is not None and part.strip() else None
    return include


def include_digest(note: Path, root: Path, names: tuple[str, ...]) -> str:
    """The digest of the files `names` (a note's `targets`) stand for: "" when there are none; a file
    that is missing or refused counts as its name."""
    if not names:
        return ""
    h = hashlib.sha256()
    for name in names:
        path = included(note, root, name)
        h.update(name.encode() + b"\0")
        if path is not None:
            try:
                h.update(read_regular(path, LIMIT)[0])
            except OSError:
                pass
    return h.hexdigest()


def _cut(text: str, options: Mapping[str, str]) -> str | None:
    """The part of `text` the directive's options keep (Sphinx's order: object, lines, markers, dedent)."""
    lines = text.split("\n")
    if obj := options.get("pyobject", "").strip():
        span = _pyobject(text, obj)
        if span is None:
            return None
        lines = lines[span[0] - 1:span[1]]
    if spec := options.get("lines", "").strip():
        lines = _selected(lines, spec)
    if after := options.get("start-after", ""):
        at = next((i for i, line in enumerate(lines) if after in line), None)
        lines = lines[at + 1:] if at is not None else lines
    if before := options.get("end-before", ""):
        at = next((i for i, line in enumerate(lines) if before in line), None)
        lines = lines[:at] if at is not None else lines
    out = "\n".join(lines)
    return textwrap.dedent(out) if "dedent" in options else out


def _pyobject(text: str, name: str) -> tuple[int, int] | None:
    """The lines [first, last] of the function or class `name` (`Cls.method` for a method), by its tree."""
    try:
        body: list[ast.stmt] = ast.parse(text).body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    node: ast.stmt | None = None
    for part in name.split("."):
        node = next((n for n in body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                     and n.name == part), None)
        if node is None:
            return None
        body = node.body  # type: ignore[attr-defined]
    first = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", ()))])
    return first, node.end_lineno or node.lineno


def _selected(lines: list[str], spec: str) -> list[str]:
    """`:lines: 1,3,5-10,20-`: those lines (1-based), in that order; a malformed part keeps nothing of it."""
    out: list[str] = []
    for part in spec.split(","):
        first, dash, last = part.strip().partition("-")
        try:
            start = int(first) if first else 1
            end = (int(last) if last else len(lines)) if dash else start
        except ValueError:
            continue
        out.extend(lines[max(start, 1) - 1:end])
    return out
