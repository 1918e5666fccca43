"""Only regular files, bounded, in notes, snippets and lint trees: FIFOs, devices, symlink loops,
oversized and unreadable files are reported and skipped — never opened, never waited on — and hostile
YAML costs only its own file, quickly and within a memory cap."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from notesense.files import MAX_FILE_BYTES

NOTE = "# NumPy 笔记\n\n## 找非零元素 argwhere\n\n`np.argwhere` 返回非零元素的下标。\n\n```python\nimport numpy as np\nidx = np.argwhere(a > 0)\n```\n"
WIDE_NOTE = "# 宽字符 note\n\n## torch.chunk 切块\n\n`torch.chunk` 把张量切块。\n\n```python\nimport torch\nparts = torch.chunk(torch.arange(6), 2)\n```\n"
BAD_PY = "import pandas as pd\ndf = pd.DataFrame({'a': [1, 2], 'b': [0, 0]})\ndf[df.a > 1]['b'] = 5\n"
LAUGHS = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9) if prev else ', '.join(['lol'] * 9)}]\n"
    for prev, name in zip(["", *"abcdefgh"], "abcdefghi")
)
FIXTURES = Path(__file__).resolve().parents[1] / "knowledge" / "fixtures"
UNPRIVILEGED = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"] if os.geteuid() == 0 else []
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")


def hostile(folder: Path, suffix: str) -> None:
    """A FIFO, a link to /dev/zero, a symlink loop and a sparse file over the size cap."""
    folder.mkdir(parents=True, exist_ok=True)
    os.mkfifo(folder / f"pipe{suffix}")
    (folder / f"zero{suffix}").symlink_to("/dev/zero")
    (folder / f"loop{suffix}").symlink_to(folder / f"loop{suffix}")
    with open(folder / f"huge{suffix}", "wb") as fh:
        fh.truncate(MAX_FILE_BYTES + 1)


def locked(folder: Path, name: str, text: str) -> Path:
    sub = folder / "locked"
    sub.mkdir()
    (sub / name).write_text(text, encoding="utf-8")
    sub.chmod(0)
    return sub


@pytest.fixture(autouse=True)
def unlock(tmp_path: Path):
    yield
    for sub in tmp_path.rglob("locked"):
        sub.chmod(0o755)


def cli(*args: str, cwd: Path, unprivileged: bool = False, memory_mb: int | None = None, timeout: float = 60):
    """Run `notesense ARGS` (optionally without root's permission bypass, under a memory cap)."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cwd / "cache")}
    prefix = UNPRIVILEGED if unprivileged and shutil.which("setpriv") else []
    limit = f"import resource; resource.setrlimit(resource.RLIMIT_AS, ({memory_mb << 20}, {memory_mb << 20})); " if memory_mb else ""
    code = f"{limit}import sys; from notesense.cli import main; sys.exit(main(sys.argv[1:]))"
    began = time.monotonic()
    done = subprocess.run([*prefix, sys.executable, "-c", code, *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)
    return done, time.monotonic() - began


@needs_fifo
def test_compile_skips_and_reports_what_is_not_a_readable_note(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    hostile(notes, ".md")
    (notes / "good.md").write_text(NOTE, encoding="utf-8")
    (notes / "wide.md").write_bytes(WIDE_NOTE.encode("utf-16-le"))  # UTF-16 without a BOM
    locked(notes, "hidden.md", NOTE)
    done, _ = cli("compile", "notes", "-o", "out", "--report", "report.json", cwd=tmp_path, unprivileged=True)
    assert done.returncode == 0, done.stderr
    unread = {row["path"]: row["reason"] for row in json.loads((tmp_path / "report.json").read_text())["unreadable"]}
    assert "named pipe" in unread["pipe.md"] and "character device" in unread["zero.md"]
    assert "symlink loop" in unread["loop.md"] and "50 MB limit" in unread["huge.md"]
    if UNPRIVILEGED or os.geteuid() != 0:
        assert "cannot read this folder" in unread["locked/"]
    library = (tmp_path / "out" / "numpy.yaml").read_text(encoding="utf-8") + (tmp_path / "out" / "torch.yaml").read_text(encoding="utf-8")
    assert "np.argwhere" in library and "torch.chunk" in library, "the readable notes (UTF-16 too) compiled"


@needs_fifo
def test_lint_skips_and_reports_what_is_not_a_regular_file(tmp_path: Path) -> None:
    tree = tmp_path / "src"
    hostile(tree, ".py")
    (tree / "good.py").write_text(BAD_PY, encoding="utf-8")
    locked(tree, "hidden.py", BAD_PY)
    done, _ = cli("lint", "src", cwd=tmp_path, unprivileged=True)
    assert done.returncode == 2
    out = done.stdout
    assert "src/good.py:3:1: NS101" in out
    assert "src/pipe.py: error: a named pipe (FIFO), not a regular file" in out
    assert "src/zero.py: error: a character device, not a regular file" in out
    assert "src/loop.py: error: symlink loop" in out and "src/huge.py: error: larger than the 50 MB limit" in out
    if UNPRIVILEGED or os.geteuid() != 0:
        assert "src/locked: error: cannot read folder" in out
    direct, _ = cli("lint", "src/pipe.py", cwd=tmp_path)
    assert direct.returncode == 2 and "named pipe" in direct.stdout


@needs_fifo
def test_snippet_folder_with_hostile_files_loads_the_rest_quickly_under_a_memory_cap(tmp_path: Path) -> None:
    snippets = tmp_path / "snippets"
    hostile(snippets, ".yaml")
    shutil.copy(FIXTURES / "snippets" / "numpy.yaml", snippets / "numpy.yaml")
    (snippets / "laughs.yaml").write_text(LAUGHS, encoding="utf-8")
    (snippets / "twice.yaml").write_text("version: 1\ncontext: os\ncontext: sys\nsnippets: []\n", encoding="utf-8")
    assert len(LAUGHS.encode()) < 520
    done, took = cli("search", "argwhere", "--snippets", "snippets", cwd=tmp_path, memory_mb=1024, timeout=60)
    assert done.returncode == 0 and "numpy" in done.stdout, done.stderr
    assert took < 20
    problems = done.stderr
    assert "laughs.yaml: invalid YAML" in problems and "aliases expand it" in problems
    assert "twice.yaml: invalid YAML (line 3, column 1): duplicate key 'context'" in problems
    for name, reason in (("pipe", "named pipe"), ("zero", "character device"), ("loop", "symlink loop"), ("huge", "50 MB limit")):
        assert any(f"{name}.yaml" in line and reason in line for line in problems.splitlines()), (name, problems)


def test_billion_laughs_in_front_matter_costs_only_that_note(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "good.md").write_text(NOTE, encoding="utf-8")
    (notes / "laughs.md").write_text(f"---\ntitle: lol\n{LAUGHS}---\n\n# Hi\n", encoding="utf-8")
    # a key given twice (every post of a Hugo blog has two `aliases:`) costs the note nothing: the last is read
    (notes / "twice.md").write_text("---\ntitle: a\ntitle: b\n---\n\n# Hi\n\n```python\nimport os\nos.getcwd()\n```\n",
                                    encoding="utf-8")
    done, took = cli("compile", "notes", "-o", "out", "--report", "report.json", cwd=tmp_path, memory_mb=1024, timeout=60)
    assert done.returncode == 0, done.stderr
    assert took < 20
    report = json.loads((tmp_path / "report.json").read_text())
    unread = {row["path"]: row["reason"] for row in report["unreadable"]}
    assert "aliases expand it" in unread["laughs.md"]
    assert "twice.md" not in unread
    said = {(row["note"], row["line"]): row["reason"] for row in report["note_problems"]}
    assert said[("twice.md", 3)] == "front matter: duplicate key 'title'; the last one is read", said
    assert "os.getcwd" in (tmp_path / "out" / "os.yaml").read_text(encoding="utf-8")
    assert "np.argwhere" in (tmp_path / "out" / "numpy.yaml").read_text(encoding="utf-8")


@needs_fifo
def test_the_server_loads_recompiles_and_exits_with_a_fifo_in_the_notes(raw_server, tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "good.md").write_text(NOTE, encoding="utf-8")
    os.mkfifo(notes / "pipe.md")
    server = raw_server()
    server.initialize(tmp_path / "project", {"notes": [str(notes)]})
    info = server.request("notesense/libraryInfo", {})["result"]
    assert info["counts"].get("numpy") and any("pipe.md" in e and "named pipe" in e for e in info["errors"]), info
    again = server.request("workspace/executeCommand", {"command": "notesense.recompile", "arguments": []}, timeout=30)
    assert again["result"]["generation"] == info["generation"] + 1
    assert server.request("shutdown")["result"] is None
    server.notify("exit")
    assert server.exit_code(timeout=10) == 0
