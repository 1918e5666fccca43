"""Suite-wide guard: in CI nothing the tests need may be missing, so no test can pass by skipping.

Locally, tests that need the private notes corpus (`../shared/notes`) or a test extra skip with a
reason; with `CI` set, a missing one stops the run before any test instead."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

REAL_NOTES = Path(__file__).resolve().parents[1].parent / "shared" / "notes"
TEST_EXTRAS = ("numpy", "pandas", "torch", "sklearn", "scipy", "cv2", "jsonschema", "hypothesis", "pytest_lsp")


def pytest_sessionstart(session: pytest.Session) -> None:
    if not os.environ.get("CI"):
        return
    missing = [m for m in TEST_EXTRAS if importlib.util.find_spec(m) is None]
    if not REAL_NOTES.is_dir():
        missing.append(f"the real notes corpus at {REAL_NOTES}")
    if missing:
        raise pytest.UsageError(f"CI is missing what the tests need (they would skip): {', '.join(missing)}")
