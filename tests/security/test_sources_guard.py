"""How a path named by a setting, a pyproject.toml or the environment is read — `~`, `$VAR`, `../`,
symlinks — and which folders are refused whatever names them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from notesense.library.sources import ENV_NOTES, Limits, resolve_sources


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    (folder / "notes").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.delenv(ENV_NOTES, raising=False)
    return folder


def test_tilde_variables_and_dotdot_are_resolved_deliberately(tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "work" / "project"
    project.mkdir(parents=True)
    (tmp_path / "work" / "shared-notes").mkdir()
    monkeypatch.setenv("MY_NOTES", str(home / "notes"))
    src = resolve_sources(project, {"notes": ["~/notes", "$MY_NOTES", "${MY_NOTES}", "../shared-notes"]})
    assert src.notes == [home / "notes", home / "notes", home / "notes", tmp_path / "work" / "shared-notes"]
    assert src.refused == ()


def test_an_unset_variable_is_an_error_not_a_folder_named_after_it(tmp_path: Path, home: Path) -> None:
    src = resolve_sources(tmp_path, {"notes": ["$NOTESENSE_SURELY_UNSET/notes", "~/notes"]})
    assert src.notes == [home / "notes"]
    [problem] = src.refused
    assert "$NOTESENSE_SURELY_UNSET" in problem.message and "`notesense.notes`" in problem.message


@pytest.mark.parametrize("named", ["/", "~", "$HOME", "..", "~/.."])
def test_the_root_the_home_folder_and_what_holds_it_are_refused(tmp_path: Path, home: Path, named: str) -> None:
    src = resolve_sources(home, {"notes": [named]})
    assert src.origin == "bundled" and src.notes == []
    [problem] = src.refused
    assert "root of the filesystem" in problem.message or "home folder" in problem.message
    assert "(change the `notesense.notes` setting)" in problem.message


def test_a_symlink_to_the_root_or_a_loop_is_refused(tmp_path: Path, home: Path) -> None:
    (tmp_path / "disk").symlink_to("/")
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    src = resolve_sources(tmp_path, {"notes": ["disk", "loop"]})
    assert src.notes == []
    assert [p.path for p in src.refused] == ["disk", "loop"]
    assert "root of the filesystem" in src.refused[0].message and "symlink loop" in src.refused[1].message


def test_size_limits_count_notes_and_bytes(tmp_path: Path, home: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    for i in range(3):
        (notes / f"n{i}.md").write_bytes(b"# x\n" + b"a" * 600_000)
    (notes / "ignored.bin").write_bytes(b"\0" * 2_000_000)  # not a note: not counted
    assert resolve_sources(tmp_path, {"notes": ["notes"], "limits": {"notes": 3, "megabytes": 2}}).notes == [notes]
    by_count = resolve_sources(tmp_path, {"notes": ["notes"], "limits": {"notes": 2}})
    assert "more than 2 notes" in by_count.refused[0].message
    by_size = resolve_sources(tmp_path, {"notes": ["notes"], "limits": {"megabytes": 1}})
    assert "more than 1 MB" in by_size.refused[0].message and "notesense.limits.megabytes" in by_size.refused[0].message
    assert Limits.parse({"notes": -1, "megabytes": True}) == Limits()


def test_an_untrusted_pyproject_is_not_read_but_the_users_own_sources_are(tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.notesense]\nnotes = ["/"]\n', encoding="utf-8")
    untrusted = resolve_sources(tmp_path, {}, trusted=False)
    assert untrusted.origin == "bundled" and "not trusted" in untrusted.refused[0].message
    monkeypatch.setenv(ENV_NOTES, str(home / "notes"))
    assert resolve_sources(tmp_path, {}, trusted=False).notes == [home / "notes"]
    assert resolve_sources(tmp_path, {"notes": ["~/notes"]}, trusted=False).origin == "options"


def test_the_cli_says_where_its_notes_come_from(tmp_path: Path, home: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "n.md").write_text("# numpy\n\n```python\nimport numpy as np\nnp.argwhere(a)\n```\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.notesense]\nnotes = ["notes", "/"]\n', encoding="utf-8")
    env = {**os.environ, "HOME": str(home), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-m", "notesense", "search", "argwhere"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "n.md" in done.stdout
    assert f"notes from [tool.notesense] in pyproject.toml: {tmp_path / 'notes'}" in done.stderr
    assert "/: is the root of the filesystem; not read (change `notes` in [tool.notesense] of pyproject.toml)" in done.stderr
