"""Notes written for a test, compiled in-process, and the hover a user gets on them."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from notesense.analysis.document import Document
from notesense.compile.build import compile_note
from notesense.features.hover import hover
from notesense.library.index import Library
from notesense.notes.code import clean
from notesense.notes.reader import load_note


def compile_notes(root: Path, notes: dict[str, str]) -> Library:
    """A library of `notes` (relative path → text, dedented) written under `root`."""
    snippets = []
    for name, text in notes.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        snippets += compile_note(load_note(path, name), clean).snippets
    return Library(snippets)


def first_entry(library: Library, source: str, word: str) -> str | None:
    """The hover's first entry on `word` in the last line of `source` that holds it (None: no hover)."""
    lines = source.split("\n")
    line = max(i for i, text in enumerate(lines) if word in text)
    found = hover(library, Document(source), line, lines[line].index(word) + 1)
    return found.markdown.split("\n---\n")[0] if found else None


def notebook(cells: list[tuple[str, str]]) -> str:
    """The JSON of a notebook of (`markdown` | `code`, source) cells, as Jupyter writes it."""
    written = [{"cell_type": kind, "metadata": {}, "source": [text],
                **({"outputs": [], "execution_count": None} if kind == "code" else {})} for kind, text in cells]
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": written}, ensure_ascii=False)
