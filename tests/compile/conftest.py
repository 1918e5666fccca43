"""Fixtures for the compiler tests; `compile_helpers` (beside this file) holds the shared helpers."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # importlib mode: make compile_helpers importable

REAL_NOTES = Path(__file__).resolve().parents[2].parent / "shared" / "notes"


@pytest.fixture(scope="session")
def real_notes() -> Path:
    if not REAL_NOTES.is_dir():
        pytest.skip(f"the private test corpus {REAL_NOTES} is absent (it exists only beside the CI checkout)")
    return REAL_NOTES
