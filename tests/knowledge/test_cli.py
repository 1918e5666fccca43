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


def test_hover_in_a_notebook_by_cell_or_by_the_files_own_line(tmp_path: Path, fixtures_dir: Path) -> None:
    """`nb.ipynb:cell N:LINE:COL` as `notesense lint` prints it, or a line of the .ipynb file as an editor
    opens its JSON; a position outside the code says where it is, with exit 2."""
    cells = [{"cell_type": "markdown", "metadata": {}, "source": ["# 分析"]},
             {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
              "source": ["import pandas as pd\n", "df = pd.read_csv('a.csv')\n", "df.fillna(0)\n"]}]
    notebook = tmp_path / "分析.ipynb"
    notebook.write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}, indent=1,
                                   ensure_ascii=False), encoding="utf-8")
    snippets = ["--snippets", str(fixtures_dir / "snippets"), "--format", "json"]
    by_cell = run(["hover", f"{notebook}:cell 2:3:5", *snippets], tmp_path, tmp_path)
    assert by_cell.returncode == 0 and "fillna" in json.loads(by_cell.stdout)["markdown"], by_cell.stderr
    line = next(n for n, text in enumerate(notebook.read_text(encoding="utf-8").split("\n"), 1) if "df.fillna" in text)
    column = notebook.read_text(encoding="utf-8").split("\n")[line - 1].index("fillna") + 1
    by_line = run(["hover", f"{notebook}:{line}:{column}", *snippets], tmp_path, tmp_path)
    assert json.loads(by_line.stdout) == json.loads(by_cell.stdout)
    outside = run(["hover", f"{notebook}:cell 1:1:1", *snippets], tmp_path, tmp_path)
    assert outside.returncode == 2 and "cell 1 of" in outside.stderr and "not a code cell" in outside.stderr
    script = tmp_path / "two.py"
    script.write_text("import pandas as pd\ndf = pd.read_csv('a.csv')", encoding="utf-8")
    past = run(["hover", f"{script}:9:1", *snippets], tmp_path, tmp_path)
    assert past.returncode == 2 and "has 2 lines; line 9 is past its end" in past.stderr, past.stderr
