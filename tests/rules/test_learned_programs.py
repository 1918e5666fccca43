"""Programs written by someone else make the bundled notes' pitfalls with other names, aliases,
literals and surrounding code: the learned rules flag every mistake, and after
`notesense lint --fix --unsafe-fixes` the program runs. Correct look-alikes (the right spelling, the
same method names on other types, the guarded forms) get no finding and stay byte-for-byte the same.

The programs are in `learned_programs/`; each `bad_*.py` fails when run as written.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROGRAMS = Path(__file__).with_name("learned_programs")
BAD = sorted(PROGRAMS.glob("bad_*.py"))
# The mistakes each program makes (line: the removed or misused API), read from `# mistake` comments
# would tie the test to its fixture; the expected line numbers are listed here instead.
EXPECTED = {
    "bad_frames.py": {10, 16, 17, 18, 20, 21},
    "bad_arrays.py": {5, 6, 7, 8, 9, 11},
    "bad_tensors.py": {8, 13, 19, 30, 35},
    "bad_pipeline.py": {15, 19, 23, 28, 33, 35},
}
OK = sorted(PROGRAMS.glob("ok_*.py"))


def _lint(path: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "notesense", "lint", "--no-cache", "--select", "NSN", *extra, str(path)],
                          capture_output=True, text=True, timeout=300)


def _needs(path: Path) -> None:
    for module in re.findall(r"^import (\w+)", path.read_text(encoding="utf-8"), re.M):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} is not installed")


@pytest.mark.parametrize("program", BAD, ids=[p.name for p in BAD])
def test_someone_elses_program_is_flagged_and_runs_after_the_fix(program, tmp_path):
    _needs(program)
    copy = tmp_path / program.name
    shutil.copy(program, copy)
    before = subprocess.run([sys.executable, str(copy)], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert before.returncode != 0, "the program should fail as written"

    found = _lint(copy)
    lines = {int(m.group(1)) for m in re.finditer(rf"{re.escape(copy.name)}:(\d+):\d+: NSN\d+", found.stdout)}
    assert lines == EXPECTED[program.name], found.stdout

    fixed = _lint(copy, "--fix", "--unsafe-fixes")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    after = subprocess.run([sys.executable, str(copy)], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert after.returncode == 0, copy.read_text(encoding="utf-8") + "\n" + after.stderr[-2000:]


@pytest.mark.parametrize("program", OK, ids=[p.name for p in OK])
def test_correct_look_alikes_get_no_finding_and_stay_unchanged(program, tmp_path):
    _needs(program)
    copy = tmp_path / program.name
    shutil.copy(program, copy)
    assert subprocess.run([sys.executable, str(copy)], capture_output=True, timeout=120, cwd=tmp_path).returncode == 0
    found = _lint(copy)
    assert found.returncode == 0 and "NSN" not in found.stdout, found.stdout
    assert _lint(copy, "--fix", "--unsafe-fixes").returncode == 0
    assert copy.read_bytes() == program.read_bytes()
