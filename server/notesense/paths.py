"""Where notesense's own files live: the bundled library (inside the wheel, or at the top of a source
checkout) and the user's cache folder (never inside a project or a notes folder)."""

from __future__ import annotations

import hashlib
import os
import re
import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent.parent  # server/notesense -> repository root


def bundled_dir(name: str) -> Path:
    """`snippets` or `notes` shipped with notesense; the wheel copy wins over a checkout's."""
    packaged = _PACKAGE / "_bundled" / name
    return packaged if packaged.is_dir() else _CHECKOUT / name


def cache_dir() -> Path:
    """The user's cache folder for notesense: `$XDG_CACHE_HOME/notesense`, else the platform's
    (`~/.cache`, `~/Library/Caches`, `%LOCALAPPDATA%`). Every cache lives under it — never in the
    working tree, where a cloned repository could plant one, nor in a notes folder, where watching it
    would loop."""
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        base = Path(xdg)
    elif sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path.home() / ".cache"
    return base / "notesense"


def project_key(path: Path | str) -> str:
    """A short stable key for a project folder (its absolute path), to keep per-project caches apart."""
    absolute = os.path.abspath(os.fspath(path))
    return hashlib.blake2b(absolute.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


_DIGITS = re.compile(r"(\d+)")


def file_stem(path: str) -> str:
    """A note's file name without its suffix (`notes/nn.Embedding.md` → `nn.Embedding`): what a note
    kept one file per API is named for."""
    name = path.replace("\\", "/").rpartition("/")[2]
    return name.rpartition(".")[0] or name


def natural_key(path: str) -> tuple:
    """Sort key for paths as people number them: `ch2/2.10_x.md` after `ch2/2.9_x.md`, `ch10` after
    `ch2`; case does not matter."""
    return tuple(int(part) if part.isdigit() else part.lower() for part in _DIGITS.split(path))


# Folders that documentation builders fill with copies of the notes (Sphinx `_build` and `_sources`,
# MkDocs `site`, Jekyll `_site`, jupyter-book `_build/jupyter_execute`).
BUILD_DIRS = frozenset({"_build", "_sources", "site", "_site", "jupyter_execute"})


def is_build_copy(path: str) -> bool:
    """Whether a note's path lies in a folder a documentation builder writes: the reader asks with the
    path relative to the notes folder, the hover's ranking with the note's full path (a folder above
    the notes is shared by all of them, so it orders none before another)."""
    return _IN_BUILD_DIR.search(path) is not None


# a folder part named so, followed by more path (one search: every note is asked on each discovery)
_IN_BUILD_DIR = re.compile(r"(?:^|[/\\])(?:%s)[/\\]" % "|".join(map(re.escape, sorted(BUILD_DIRS))))
