"""Fixtures for the knowledge layer: a small hand-written library (zh + en) and documents."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from notesense.analysis.document import Document
from notesense.library.index import Library

sys.path.insert(0, str(Path(__file__).resolve().parent))  # importlib mode: make `probes` importable

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SNIPPETS = FIXTURES / "snippets"
NOTES = FIXTURES / "notes"
REAL_NOTES = Path(__file__).resolve().parents[2].parent / "shared" / "notes"


@pytest.fixture(scope="session")
def library() -> Library:
    lib, problems = Library.load([SNIPPETS])
    assert problems == []
    return lib


def make_doc(source: str) -> Document:
    return Document(textwrap.dedent(source).lstrip("\n"))


def cursor(source: str, marker: str = "|") -> tuple[Document, int, int]:
    """A Document from `source` with the cursor where `marker` stands (the marker is removed)."""
    text = textwrap.dedent(source).lstrip("\n")
    for line_no, line in enumerate(text.split("\n")):
        col = line.find(marker)
        if col >= 0:
            lines = text.split("\n")
            lines[line_no] = line[:col] + line[col + len(marker):]
            return Document("\n".join(lines)), line_no, col
    raise AssertionError("no cursor marker in source")


@pytest.fixture
def at():
    """`at(source)` → (Document, line, col) at the `|` marker."""
    return cursor


@pytest.fixture
def doc_of():
    return make_doc


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture
def real_notes() -> Path:
    if not REAL_NOTES.is_dir():
        pytest.skip(f"the real notes corpus is not here ({REAL_NOTES}); it lives beside the repository in CI")
    return REAL_NOTES
