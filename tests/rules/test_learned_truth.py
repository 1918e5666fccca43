"""Truth by execution for the pitfalls the bundled notes teach: each wrong example really fails under
the installed pandas / numpy / torch, its own learned rule flags it through `notesense lint`, and the
program that `notesense lint --fix --unsafe-fixes` leaves runs (the right examples run in
tests/starter/test_examples_run.py, as every section's example does).

The wrong examples are our own notes' code, executed on purpose, each in its own interpreter.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from notesense.rules.learned import bundled_pitfalls

PITFALLS = [p for p in bundled_pitfalls() if p.enabled]
# An example that fails with one of these is broken, not wrong in the way the note means.
BROKEN = ("NameError", "SyntaxError", "IndentationError", "ModuleNotFoundError", "ImportError")


def _run(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=120, cwd=path.parent)


def _lint(path: Path, code: str, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "notesense", "lint", "--no-cache", "--select", code, *extra, str(path)],
        capture_output=True, text=True, timeout=120,
    )


def test_the_bundled_notes_teach_at_least_twelve_pitfalls():
    assert len(PITFALLS) >= 12, [p.title for p in PITFALLS]
    assert sum(p.rule.fix is not None for p in PITFALLS) >= 10
    assert all(p.severity == "hint" for p in PITFALLS), "a learned rule is a hint unless the note says otherwise"


@pytest.mark.parametrize("pitfall", PITFALLS, ids=[f"{p.id}-{Path(p.source.note).name}:{p.source.line}" for p in PITFALLS])
def test_wrong_example_fails_is_flagged_and_its_fix_runs(pitfall, tmp_path):
    if importlib.util.find_spec(pitfall.context) is None:
        pytest.skip(f"{pitfall.context} is not installed")
    program = tmp_path / "wrong.py"
    program.write_text(pitfall.wrong + "\n", encoding="utf-8")
    before = _run(program)
    assert before.returncode != 0, f"{pitfall.source.note}:{pitfall.source.line}: the wrong example runs"
    last = before.stderr.strip().splitlines()[-1]
    assert not last.startswith(BROKEN), f"the wrong example is broken, not wrong: {last}"

    flagged = _lint(program, pitfall.id)
    assert flagged.returncode == 1 and pitfall.id in flagged.stdout, flagged.stdout + flagged.stderr
    if pitfall.rule.fix is None:
        return
    together = ",".join(sorted(q.id for q in PITFALLS if q.wrong == pitfall.wrong))  # a pair can teach several edits
    fixed = _lint(program, together, "--fix", "--unsafe-fixes")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert program.read_text(encoding="utf-8") != pitfall.wrong + "\n"
    after = _run(program)
    assert after.returncode == 0, f"{program.read_text(encoding='utf-8')}\n{after.stderr[-2000:]}"
