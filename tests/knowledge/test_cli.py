"""The CLI twins run the server's code paths from a shell (1-based positions, text or JSON)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def run(args: list[str], cwd: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "PYTHONIOENCODING": "utf-8"}
    env.pop("NOTESENSE_NOTES", None)
    return subprocess.run([sys.executable, "-m", "notesense", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)


@pytest.fixture
def user_file(tmp_path: Path) -> Path:
    path = tmp_path / "work.py"
    path.write_text("import pandas as pd\nimport numpy as xp\ndf = pd.read_csv('a.csv')\ndf.fillna(0)  # 中文😀\nxp.argw\n",
                    encoding="utf-8")
    return path


def test_hover_json(tmp_path: Path, user_file: Path, fixtures_dir: Path) -> None:
    proc = run(["hover", f"{user_file}:4:5", "--snippets", str(fixtures_dir / "snippets"), "--format", "json"], tmp_path, tmp_path)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert (data["line"], data["start_col"], data["end_col"]) == (4, 4, 10)
    assert "fillna 空值处理" in data["markdown"]


def test_hover_nothing_exits_1(tmp_path: Path, user_file: Path, fixtures_dir: Path) -> None:
    proc = run(["hover", f"{user_file}:3:1", "--snippets", str(fixtures_dir / "snippets")], tmp_path, tmp_path)
    assert proc.returncode == 1 and proc.stdout.strip() == ""
    assert f"no note explains the name at {user_file}:3:1" in proc.stderr


def test_complete_text_with_notes_and_snippets(tmp_path: Path, user_file: Path, fixtures_dir: Path) -> None:
    proc = run(["complete", f"{user_file}:5:8", "--snippets", str(fixtures_dir / "snippets"),
                "--notes", str(fixtures_dir / "notes")], tmp_path, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["xp.argwhere\tArgwhere 非零元素的索引\tnumpy.md:8"]


def test_complete_json_plain(tmp_path: Path, user_file: Path, fixtures_dir: Path) -> None:
    proc = run(["complete", f"{user_file}:5:8", "--snippets", str(fixtures_dir / "snippets"), "--plain",
                "--format", "json"], tmp_path, tmp_path)
    [item] = json.loads(proc.stdout)
    assert item["insert_text"] == "xp.argwhere(x > 1)" and item["is_snippet"] is False


def test_search_compiles_notes(tmp_path: Path, fixtures_dir: Path) -> None:
    proc = run(["search", "合并", "--notes", str(fixtures_dir / "notes"), "--format", "json"], tmp_path, tmp_path)
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout)
    assert found[0]["context"] == "pandas" and "pandas.merge" in found[0]["symbols"]
    assert found[0]["note"].endswith("demo.md")


def test_an_empty_search_is_a_usage_error_and_no_match_says_so(tmp_path: Path, fixtures_dir: Path) -> None:
    empty = run(["search", " ", "--snippets", str(fixtures_dir / "snippets")], tmp_path, tmp_path)
    assert empty.returncode == 2 and "give one or more words" in empty.stderr
    none = run(["search", "zzqqxx", "--snippets", str(fixtures_dir / "snippets")], tmp_path, tmp_path)
    assert none.returncode == 1 and none.stdout == "" and "no note matches 'zzqqxx'" in none.stderr
    as_json = run(["search", "zzqqxx", "--snippets", str(fixtures_dir / "snippets"), "--format", "json"], tmp_path, tmp_path)
    assert as_json.returncode == 1 and json.loads(as_json.stdout) == [] and as_json.stderr == ""


def test_bad_position_is_a_usage_error(tmp_path: Path, user_file: Path) -> None:
    proc = run(["hover", f"{user_file}:0:1"], tmp_path, tmp_path)
    assert proc.returncode == 2 and "FILE:LINE:COL" in proc.stderr


def test_problems_go_to_stderr(tmp_path: Path, user_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    proc = run(["search", "x", "--snippets", str(tmp_path / "nowhere")], tmp_path, tmp_path)
    assert "snippet directory not found" in proc.stderr and proc.returncode == 1
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")  # in the terminal's language, as `doctor` says it
    proc = run(["hover", f"{user_file}:4:5", "--notes", str(tmp_path / "missing")], tmp_path, tmp_path)
    assert f"{tmp_path / 'missing'}: 找不到笔记路径" in proc.stderr, proc.stderr
