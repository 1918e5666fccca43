"""Truth by execution: each NS101/NS201/NS202 bad example really fails under pandas 3 / torch, and
the program that `notesense lint --fix --unsafe-fixes` leaves runs and does what was meant.

These are our own example programs (the rules' BAD lists), never user code. The intent of each
example is written out below by hand, so a fix that runs but does the wrong thing still fails.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

from notesense.rules.engine import RULES_BY_CODE

# What each example was trying to do, as an assertion appended to the program.
INTENT = {
    ("NS101", 0): "assert df.b.tolist() == [0, 9, 9]",
    ("NS101", 1): "assert df.b.tolist() == [0, 9, 9]",
    ("NS101", 2): "assert df.b.tolist() == [9, 0, 0]",
    ("NS101", 3): "assert df.b.tolist() == [0, 0, 9]",
    ("NS101", 4): "assert df.b.tolist() == [0, 9, 9]",
    ("NS101", 5): "assert df.b.tolist() == [0, 9, 9]",
    ("NS101", 6): "assert df.b.tolist() == [0, 5, 5]",
    ("NS101", 7): "assert df.b.tolist() == [1.0, 0.0, 3.0]",
    ("NS101", 8): "assert df.b.tolist() == [0, 9, 0]",
    ("NS101", 9): "assert df.b.tolist() == [0, 5, 9]",
    ("NS101", 10): "assert df.b.tolist() == [1.0, 9.0, 3.0]",
    ("NS101", 11): "assert df.b.tolist() == [0, 0, 9]",
    ("NS101", 12): "assert df.b.tolist() == [9, 0, 0]",
    ("NS101", 13): "assert df.b.tolist() == [0, 9, 0]",
    ("NS101", 14): "assert df.b.tolist() == [9, 0]",
    ("NS101", 15): "df = prep(pd.DataFrame({'b': [1.0, None]})); assert df.b.tolist() == [1.0, 0.0]",
    ("NS101", 16): "df = munge(pd.DataFrame({'Title': [7, 1]})); assert df.Is_Married.tolist() == [1, 0]",
    ("NS101", 17): "assert df.b.tolist() == [1, 0]",
    ("NS201", 0): "assert G.weight.grad is not None and D.weight.grad is not None",
    ("NS201", 1): "assert model.weight.grad is not None and model.weight.grad.abs().sum() > 0",
    ("NS201", 2): "assert torch.allclose(w.grad, 2 * w.detach().exp())",
    ("NS201", 3): "m = nn.Linear(3, 3); g = train(m, torch.randn(2, 3), torch.zeros(2, 3)); "
                  "assert g[0].shape == (3, 3) and m.weight.grad is not None",
    ("NS201", 4): "assert cell.weight_hh.grad is not None",
    ("NS201", 5): "assert cell.weight_hh.grad is not None and size.item() >= 0",
    ("NS201", 6): "assert rnn.weight_hh_l0.grad is not None",
    ("NS201", 7): "assert lstm.weight_hh_l0.grad is not None",
    ("NS202", 0): "assert w.grad is not None and torch.isfinite(w.grad).all()",
    ("NS202", 1): "h = Head(); h(torch.randn(2, 4)).sum().backward(); assert h.fc.weight.grad is not None",
    ("NS202", 2): "assert w.grad is not None and w.grad.shape == (3,)",
    ("NS202", 3): "assert w.grad is not None",
}
FAILURE = {
    "NS101": "ChainedAssignmentError",
    "NS201": "backward through the graph a second time",
    "NS202": "modified by an inplace operation",
}
NEEDS = {"NS101": "pandas", "NS201": "torch", "NS202": "torch"}

CASES = [
    pytest.param(code, i, source, id=f"{code}-bad{i}")
    for code in FAILURE
    for i, source in enumerate(bad.code for bad in RULES_BY_CODE[code].BAD)
]


def _run(path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-W", "always", str(path)], capture_output=True, text=True, timeout=120)


def test_every_example_has_an_intent():
    assert {(code, i) for code, i, _ in (p.values for p in CASES)} == set(INTENT)


@pytest.mark.parametrize(("code", "index", "source"), CASES)
def test_bad_example_fails_and_fixed_program_works(code, index, source, tmp_path):
    if importlib.util.find_spec(NEEDS[code]) is None:
        pytest.skip(f"{NEEDS[code]} is not installed")
    program = source + "\n" + INTENT[(code, index)] + "\n"
    original = tmp_path / "original.py"
    original.write_text(program, encoding="utf-8")
    before = _run(original)
    assert before.returncode != 0, "the bad example should not reach its intent"
    assert FAILURE[code] in before.stderr

    fixed = tmp_path / "fixed.py"
    fixed.write_text(program, encoding="utf-8")
    lint = subprocess.run(
        [sys.executable, "-m", "notesense", "lint", "--fix", "--unsafe-fixes", "--no-cache", "--select", code, str(fixed)],
        capture_output=True, text=True, timeout=120,
    )
    if RULES_BY_CODE[code].BAD[index].fixed is None:
        assert lint.returncode == 1 and fixed.read_text(encoding="utf-8") == program, "no fix offered: file untouched"
        return
    assert lint.returncode == 0, lint.stdout + lint.stderr
    assert fixed.read_text(encoding="utf-8") != program
    after = _run(fixed)
    assert after.returncode == 0, after.stderr
    assert FAILURE[code] not in after.stderr


REAL_NOTES = Path(__file__).resolve().parents[2].parent / "shared" / "notes"
ACTOR_DRIVER = """

actor = Actor(4, 5)
out = actor(torch.randn(2, 4))
out.sum().backward()
assert actor.actor[0].weight.grad is not None
"""


def test_good_examples_run(tmp_path):
    """What the torch rules' GOOD lists say is fine really runs (a second backward through `x.sum()`
    accumulates the gradient; it does not fail). One interpreter runs them all, each in its own namespace."""
    if importlib.util.find_spec("torch") is None:
        pytest.skip("torch is not installed")
    sources = [source for code in ("NS201", "NS202") for source in RULES_BY_CODE[code].GOOD]
    driver = tmp_path / "good.py"
    driver.write_text(
        "import sys, traceback\n"
        f"SOURCES = {sources!r}\n"
        "failed = 0\n"
        "for i, source in enumerate(SOURCES):\n"
        "    try:\n"
        "        exec(compile(source, f'<good {i}>', 'exec'), {'__name__': '__main__'})\n"
        "    except Exception:\n"
        "        failed += 1\n"
        "        print(f'GOOD {i} failed:', traceback.format_exc(), file=sys.stderr)\n"
        "sys.exit(1 if failed else 0)\n", encoding="utf-8")
    done = _run(driver)
    assert done.returncode == 0, done.stderr


def _actor_block() -> str | None:
    """The block of the person's note marked `# 会报错！！！` that defines `Actor` (found by its content,
    whatever the note file is called)."""
    for note in sorted(REAL_NOTES.glob("*")) if REAL_NOTES.is_dir() else ():
        text = note.read_text(encoding="utf-8", errors="replace")
        for block in re.findall(r"```[^\n]*\n(.*?)```", text, re.S):
            if "会报错！！！" in block and "class Actor" in block:
                return block
    return None


def test_the_notes_actor_fails_under_torch_and_runs_after_the_fix(tmp_path):
    """The in-place softmax on the output of `self.actor` (an nn.Sequential ending in nn.Tanh, stored
    on self in __init__): backward fails as the note says; `lint --fix --unsafe-fixes` makes it run."""
    block = _actor_block()
    if block is None:
        pytest.skip("the shared notes are not here")
    if importlib.util.find_spec("torch") is None:
        pytest.skip("torch is not installed")
    program = "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\n\n" + block + ACTOR_DRIVER
    path = tmp_path / "actor.py"
    path.write_text(program, encoding="utf-8")
    before = _run(path)
    assert before.returncode != 0 and FAILURE["NS202"] in before.stderr
    lint = subprocess.run(
        [sys.executable, "-m", "notesense", "lint", "--fix", "--unsafe-fixes", "--no-cache", "--select", "NS202", str(path)],
        capture_output=True, text=True, timeout=120,
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr
    assert "raw_action = raw_action.clone()" in path.read_text(encoding="utf-8")
    after = _run(path)
    assert after.returncode == 0, after.stderr
