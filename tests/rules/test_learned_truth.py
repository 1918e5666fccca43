"""Truth by execution for the pitfalls the bundled notes teach: each wrong example really fails under
the installed pandas / numpy / torch, its own learned rule flags it through `notesense lint`, and the
program that `notesense lint --fix --unsafe-fixes` leaves runs (the right examples run in
tests/starter/test_examples_run.py, as every section's example does).

The wrong examples are our own notes' code, executed on purpose, each in its own interpreter.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from notesense.compile.pipeline import compile_notes
from notesense.compile.pitfalls import marker
from notesense.rules.learned import bundled_pitfalls

NOTES = Path(__file__).resolve().parents[2] / "notes"

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


def _style(pitfall) -> str:
    """How the note marks the pitfall's wrong block: its explicit hint, its lead line's label
    (Chinese or English), a comment on the failing line, or the traceback printed after it."""
    lines = (NOTES / Path(pitfall.source.note).name).read_text(encoding="utf-8").splitlines()
    fence = next(i for i in range(pitfall.source.line - 1, -1, -1) if lines[i].startswith("```"))
    lead = next((line for line in reversed(lines[:fence]) if line.strip()), "")
    if "pitfall=wrong" in lead:
        return "explicit hint"
    if marker(lead) == "wrong":
        return "Chinese label" if re.search(r"[\u4e00-\u9fff]", lead) else "English label"
    if re.search(r"#\s*(会报错|报错|错误|wrong|error|bad)", lines[pitfall.source.line - 1], re.I):
        return "comment"
    return "traceback"


def test_every_bundled_pitfall_passes_its_self_check_in_both_marker_styles():
    """Compiling the bundled notes from scratch: every marked pitfall becomes an enabled rule (the ones an
    NS rule already reports excepted), and the notes mark them the ways people do, Chinese and English."""
    result = compile_notes([NOTES], jobs=1)
    problems = [p for p in result.report.pitfall_problems if not re.search(r"already reported by NS\d+$", p[2])]
    assert not problems, problems
    assert result.pitfalls and all(p.enabled for p in result.pitfalls)
    assert sorted(p.id for p in result.pitfalls) == sorted(p.id for p in PITFALLS), "snippets/ is the compiled notes"
    styles = Counter(_style(p) for p in PITFALLS)
    assert styles["Chinese label"] >= 3 and styles["English label"] >= 3, styles
    assert styles["comment"] and styles["traceback"] and styles["explicit hint"], styles


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
