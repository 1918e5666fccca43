"""Where the bundled library lives: inside the installed wheel, or at the top of a source checkout."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent.parent  # server/notesense -> repository root


def bundled_dir(name: str) -> Path:
    """`snippets` or `notes` shipped with notesense; the wheel copy wins over a checkout's."""
    packaged = _PACKAGE / "_bundled" / name
    return packaged if packaged.is_dir() else _CHECKOUT / name


def cache_dir() -> Path:
    """`$XDG_CACHE_HOME/notesense`: the compile and library caches the server and the CLI share; never
    inside a notes folder, where watching it would loop."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "notesense"
