"""`notesense doctor`: the report `:checkhealth notesense` reads — where the notes come from, whether
each folder can be read and how many notes it holds, the library's size and its problems."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import notesense


def doctor(args: list[str], cwd: Path, tmp_path: Path) -> tuple[int, dict]:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "PYTHONIOENCODING": "utf-8"}
    env.pop("NOTESENSE_NOTES", None)
    done = subprocess.run([sys.executable, "-m", "notesense", "doctor", "--format", "json", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    return done.returncode, json.loads(done.stdout)


def test_notes_folder_is_counted_and_compiled(tmp_path: Path, fixtures_dir: Path) -> None:
    notes = Path(shutil.copytree(fixtures_dir / "notes", tmp_path / "notes"))
    (notes / "broken.md").write_bytes(b"# \x00\xff\x00\n")
    code, report = doctor(["--notes", str(notes)], tmp_path, tmp_path)
    assert (report["version"], report["executable"], report["origin"]) == (notesense.__version__, sys.executable, "options")
    [folder] = report["notes"]
    assert (folder["path"], folder["readable"], folder["notes"]) == (str(notes), True, 2)
    assert report["library"]["snippets"] > 0 and set(report["library"]["contexts"]) >= {"pandas"}
    assert [p for p in report["problems"] if "broken.md" in p], report["problems"]
    assert (code, report["healthy"]) == (1, False)  # a note that cannot be read is a problem to fix


def test_missing_notes_folder_is_reported(tmp_path: Path) -> None:
    code, report = doctor(["--notes", str(tmp_path / "nowhere")], tmp_path, tmp_path)
    assert report["notes"] == [{"path": str(tmp_path / "nowhere"), "exists": False, "readable": False, "notes": 0, "unreadable": []}]
    assert (code, report["healthy"]) == (1, False)


def test_pyproject_of_the_root_names_the_notes(tmp_path: Path, fixtures_dir: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    shutil.copytree(fixtures_dir / "notes", project / "docs" / "notes")
    (project / "pyproject.toml").write_text('[tool.notesense]\nnotes = ["docs/notes"]\n', encoding="utf-8")
    code, report = doctor(["--root", str(project)], tmp_path, tmp_path)
    assert (code, report["healthy"], report["origin"]) == (0, True, "pyproject")
    assert [(f["path"], f["notes"]) for f in report["notes"]] == [(str(project / "docs" / "notes"), 1)]


def test_nothing_set_serves_the_bundled_library_in_text(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "PYTHONIOENCODING": "utf-8"}
    env.pop("NOTESENSE_NOTES", None)
    done = subprocess.run([sys.executable, "-m", "notesense", "doctor"], cwd=tmp_path, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith(f"notesense {notesense.__version__} from ") and "notes from: bundled" in lines[2]
    assert any(line.startswith("library: ") and " snippets (" in line for line in lines)


def test_problems_in_the_language_asked_for(tmp_path: Path, fixtures_dir: Path) -> None:
    """`--locale zh-CN` (as `:checkhealth` passes the plugin's): why each note or snippet file could not
    be used, in Chinese; the paths as they are. English with `--locale en`."""
    notes = Path(shutil.copytree(fixtures_dir / "notes", tmp_path / "notes"))
    (notes / "broken.md").write_bytes(b"# \x00\xff\x00\n")
    (notes / "loop.md").symlink_to(notes / "loop.md")
    snippets = tmp_path / "snippets"
    snippets.mkdir()
    (snippets / "bad.yaml").write_text("context: pandas\nsnippets: [\n  - id: x\n    body: : :\n", encoding="utf-8")
    reports = {lang: doctor(["--notes", str(notes), "--snippets", str(snippets), "--locale", lang], tmp_path, tmp_path)[1]
               for lang in ("zh-CN", "en")}
    zh, en = reports["zh-CN"], reports["en"]
    assert f"{notes / 'broken.md'}: 二进制文件（含 NUL 字节）" in zh["problems"], zh["problems"]
    assert [p for p in zh["problems"] if p.startswith(f"{snippets / 'bad.yaml'}: YAML 无效（第 ")], zh["problems"]
    assert zh["notes"][0]["unreadable"] == ["loop.md: 符号链接循环（链接指回它自己）"], zh["notes"]
    assert f"{notes / 'broken.md'}: binary file (contains NUL bytes)" in en["problems"], en["problems"]
    assert [p for p in en["problems"] if p.startswith(f"{snippets / 'bad.yaml'}: invalid YAML (line ")], en["problems"]
    assert en["notes"][0]["unreadable"] == ["loop.md: symlink loop (the link points back at itself)"], en["notes"]
