"""`notesense compile -o DIR` replaces the library as a unit: a `kill -9` at any point of the write
leaves the previous library or the new one — never a mix, never a temp file in DIR — and the next
compile sweeps what the killed one left beside it."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from notesense.compile.pipeline import compile_notes, write_library
from notesense.library.loader import load_dirs


def note(title: str, module: str, call: str) -> str:
    return f"# {title}\n\n## {call}\n\n`{call}` 的用法。\n\n```python\nimport {module}\n{call}(x)\n```\n"


OLD = {"numpy.md": note("NumPy", "numpy", "numpy.argwhere"), "pandas.md": note("Pandas", "pandas", "pandas.concat"),
       "torch.md": note("Torch", "torch", "torch.chunk")}
NEW = {"numpy.md": note("NumPy 新", "numpy", "numpy.where"), "torch.md": note("Torch 新", "torch", "torch.split"),
       "os.md": note("OS", "os", "os.walk")}

# In the child: pause (and signal the test) at the K-th fsync, i.e. somewhere inside the write.
CHILD = """
import os, sys, time
real, calls = os.fsync, [0]
def paused(fd):
    real(fd)
    calls[0] += 1
    if calls[0] == int(os.environ["PAUSE_AT"]):
        open(os.environ["PAUSED"], "w").close()
        time.sleep(120)
os.fsync = paused
from notesense.cli import main
sys.exit(main(sys.argv[1:]))
"""


def write_notes(folder: Path, notes: dict[str, str]) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for name, text in notes.items():
        (folder / name).write_text(text, encoding="utf-8")


def contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def library(tmp_path: Path, notes: dict[str, str], name: str) -> dict[str, bytes]:
    write_notes(tmp_path / "notes", notes)
    out = tmp_path / name
    write_library(compile_notes([tmp_path / "notes"], jobs=1), out)
    (out / "README.md").write_text("not ours: kept in every generation\n", encoding="utf-8")
    return contents(out)


def test_kill_9_during_a_compile_leaves_the_old_or_the_new_library(tmp_path: Path) -> None:
    old = library(tmp_path, OLD, "old")
    new = library(tmp_path, NEW, "new")
    assert old.keys() != new.keys() and old["numpy.yaml"] != new["numpy.yaml"]
    outcomes = set()
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    for pause_at in (1, 2, 3, 4, 99):
        out = tmp_path / "lib"
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(tmp_path / "old", out)
        paused = tmp_path / f"paused-{pause_at}"
        child = subprocess.Popen([sys.executable, "-c", CHILD, "compile", "notes", "-o", "lib"], cwd=tmp_path,
                                 env={**env, "PAUSE_AT": str(pause_at), "PAUSED": str(paused)},
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while not paused.exists() and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        if child.poll() is None:
            os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
        now = contents(out)
        assert now in (old, new), f"a mix after kill -9 at fsync #{pause_at}: {sorted(now)}"
        outcomes.add("new" if now == new else "old")
        loaded, problems = load_dirs([out])
        assert loaded and not problems
    assert outcomes == {"old", "new"}, "the kills landed both before and after the switch"
    done = subprocess.run([sys.executable, "-m", "notesense", "compile", "notes", "-o", "lib"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert contents(tmp_path / "lib") == new
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".lib.")], "the killed compiles' stages are swept"


def test_unchanged_files_keep_their_inode_and_a_symlinked_library_stays_a_link(tmp_path: Path) -> None:
    write_notes(tmp_path / "notes", OLD)
    real = tmp_path / "real-lib"
    write_library(compile_notes([tmp_path / "notes"], jobs=1), real)
    link = tmp_path / "lib"
    link.symlink_to(real)
    numpy_inode = (real / "numpy.yaml").stat().st_ino
    (tmp_path / "notes" / "torch.md").write_text(NEW["torch.md"], encoding="utf-8")
    touched = write_library(compile_notes([tmp_path / "notes"], jobs=1), link)
    assert [p.name for p in touched] == ["torch.yaml"]
    assert link.is_symlink() and (link / "torch.yaml").read_text(encoding="utf-8").count("torch.split")
    assert (real / "numpy.yaml").stat().st_ino == numpy_inode, "an unchanged file is carried, not rewritten"
    assert write_library(compile_notes([tmp_path / "notes"], jobs=1), link) == [], "nothing changed: nothing written"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder anyway")
def test_a_read_only_parent_falls_back_to_replacing_files_one_by_one(tmp_path: Path) -> None:
    write_notes(tmp_path / "notes", OLD)
    parent = tmp_path / "ro"
    out = parent / "lib"
    write_library(compile_notes([tmp_path / "notes"], jobs=1), out)
    parent.chmod(0o555)
    try:
        (tmp_path / "notes" / "torch.md").write_text(NEW["torch.md"], encoding="utf-8")
        assert [p.name for p in write_library(compile_notes([tmp_path / "notes"], jobs=1), out)] == ["torch.yaml"]
    finally:
        parent.chmod(0o755)
