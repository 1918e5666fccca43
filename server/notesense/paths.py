"""Where the bundled library lives: inside the installed wheel, or at the top of a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent.parent  # server/notesense -> repository root


def bundled_dir(name: str) -> Path:
    """`snippets` or `notes` shipped with notesense; the wheel copy wins over a checkout's."""
    packaged = _PACKAGE / "_bundled" / name
    return packaged if packaged.is_dir() else _CHECKOUT / name
