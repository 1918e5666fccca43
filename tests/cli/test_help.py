"""`notesense --help` is the first thing a new user reads: it says what the tool does for them and where
to start, not how the command is built (it said "a thin dispatcher over the sub-commands each package
registers")."""

from __future__ import annotations

import subprocess
import sys


def test_help_speaks_to_the_user() -> None:
    done = subprocess.run([sys.executable, "-m", "notesense", "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    text = " ".join(done.stdout.split())
    assert "dispatcher" not in text and "each package registers" not in text, text
    assert "notes" in text and "VS Code" in text and "Neovim" in text, text
    assert "notesense demo" in text and "notesense doctor" in text, text  # where to start
    for command in ("compile", "serve", "hover", "search", "doctor", "lint", "demo"):
        assert f" {command} " in text, command
