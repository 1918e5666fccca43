"""The one cache format: plain JSON under a checked header; anything else reads as a miss."""

from __future__ import annotations

import os
import pickle
import sys
from pathlib import Path

import pytest

from notesense import paths, store


def test_round_trip_keeps_json_values(tmp_path: Path) -> None:
    data = {"snippets": [["torch.chunk", 11, ["标题", "chunk"]]], "n": 1.5, "ok": True, "none": None}
    assert store.write(tmp_path / "c" / "lib.json", "library", "3", data)
    assert store.read(tmp_path / "c" / "lib.json", "library", "3") == data


@pytest.mark.parametrize("kind, version", [("lint", "3"), ("library", "4")])
def test_other_kind_or_version_is_a_miss_and_removed(tmp_path: Path, kind: str, version: str) -> None:
    path = tmp_path / "lib.json"
    store.write(path, "library", "3", [1, 2])
    assert store.read(path, kind, version) is None
    assert not path.exists()


def test_a_changed_byte_is_a_miss(tmp_path: Path) -> None:
    path = tmp_path / "lib.json"
    store.write(path, "library", "3", {"doc": "chunk 切块"})
    blob = bytearray(path.read_bytes())
    blob[-3] ^= 0x01
    path.write_bytes(bytes(blob))
    assert store.read(path, "library", "3") is None


def test_truncated_file_is_a_miss(tmp_path: Path) -> None:
    path = tmp_path / "lib.json"
    store.write(path, "library", "3", list(range(1000)))
    path.write_bytes(path.read_bytes()[:200])
    assert store.read(path, "library", "3") is None


class _Planted:
    def __reduce__(self):
        return (Path.touch, (Path(os.environ["PLANTED_MARKER"]),))


def test_a_planted_pickle_never_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    marker = tmp_path / "ran"
    monkeypatch.setenv("PLANTED_MARKER", str(marker))
    path = tmp_path / "lib.json"
    path.write_bytes(pickle.dumps(_Planted()))
    assert store.read(path, "library", "3") is None
    assert not marker.exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "lib.json"
    os.mkfifo(path)
    assert store.read(path, "library", "3") is None  # would block forever if opened


def test_unwritable_cache_only_costs_speed(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert store.write(blocker / "sub" / "lib.json", "library", "3", [1]) is False


def test_values_that_are_not_json_are_refused(tmp_path: Path) -> None:
    assert store.write(tmp_path / "x.json", "library", "3", {"bad": object()}) is False
    assert not (tmp_path / "x.json").exists()


def test_cache_dir_follows_xdg_else_the_platform(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert paths.cache_dir() == tmp_path / "notesense"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/dir")  # not absolute: ignored, as the XDG spec says
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    expected = {"darwin": tmp_path / "home" / "Library" / "Caches"}.get(sys.platform, tmp_path / "home" / ".cache")
    if sys.platform != "win32":
        assert paths.cache_dir() == expected / "notesense"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert Path.cwd() not in paths.cache_dir().parents


def test_project_key_is_stable_and_distinct(tmp_path: Path) -> None:
    assert paths.project_key(tmp_path) == paths.project_key(str(tmp_path))
    assert paths.project_key(tmp_path / "a") != paths.project_key(tmp_path / "b")
