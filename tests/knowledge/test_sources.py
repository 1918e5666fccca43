"""Where the notes come from (first source wins) and loading them into one library."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from notesense.library.sources import ENV_NOTES, load_library, resolve_sources
from notesense.paths import bundled_dir


@pytest.fixture
def no_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.delenv(ENV_NOTES, raising=False)
    return monkeypatch


def test_options_win(tmp_path: Path, no_env: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.notesense]\nnotes = ["other"]\n', encoding="utf-8")
    no_env.setenv(ENV_NOTES, "/elsewhere")
    src = resolve_sources(tmp_path, {"notes": ["mynotes", "/abs/notes"], "snippets": []})
    assert src.origin == "options"
    assert src.notes == [tmp_path / "mynotes", Path("/abs/notes")]


def test_pyproject_then_env_then_bundled(tmp_path: Path, no_env: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.notesense]\nnotes = ["docs/notes"]\nsnippets = "snips"\n', encoding="utf-8")
    src = resolve_sources(tmp_path, {"notes": [], "snippets": []})
    assert (src.origin, src.notes, src.snippets) == ("pyproject", [tmp_path / "docs/notes"], [tmp_path / "snips"])

    (tmp_path / "pyproject.toml").write_text("[tool.other]\nx = 1\n", encoding="utf-8")
    no_env.setenv(ENV_NOTES, os.pathsep.join(["/a/notes", "rel"]))
    src = resolve_sources(tmp_path, None)
    assert (src.origin, src.notes) == ("env", [Path("/a/notes"), tmp_path / "rel"])

    no_env.delenv(ENV_NOTES)
    src = resolve_sources(tmp_path, {})
    assert (src.origin, src.notes, src.snippets) == ("bundled", [], [bundled_dir("snippets")])


def test_broken_pyproject_is_ignored(tmp_path: Path, no_env: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.notesense\nnotes = 1", encoding="utf-8")
    assert resolve_sources(tmp_path, None).origin == "bundled"


def test_load_library_merges_notes_and_snippets(tmp_path: Path, fixtures_dir: Path) -> None:
    from notesense.library.sources import Sources

    sources = Sources(notes=[fixtures_dir / "notes", tmp_path / "missing"], snippets=[fixtures_dir / "snippets"], origin="options")
    library, problems = load_library(sources, tmp_path / "cache")
    assert [str(p) for p in problems] == [f"{tmp_path / 'missing'}: note path not found"]
    merged = library.for_symbol("pandas.merge")
    assert merged, "the compiled note explains pandas.merge"
    assert Path(merged[0].source.note).is_absolute() and merged[0].source.note.endswith("demo.md")
    assert library.get("torch.chunk") is not None  # and the YAML library is there too


def test_unreadable_note_is_a_problem_with_its_full_path(tmp_path: Path) -> None:
    from notesense.library.sources import Sources

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "good.md").write_text("# Numpy\n\n```python\nimport numpy as np\nnp.argwhere(x)\n```\n", encoding="utf-8")
    (notes / "broken.ipynb").write_text('{"cells": [ not json', encoding="utf-8")
    library, problems = load_library(Sources(notes=[notes], snippets=[], origin="options"), tmp_path / "cache")
    [problem] = problems
    assert problem.path == str((notes / "broken.ipynb").resolve()) and problem.message
    assert library.for_symbol("numpy.argwhere")
