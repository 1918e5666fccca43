"""The person's own notes teach the linter: the `Actor.forward` in ../shared/notes, whose in-place
softmax line is marked `# 会报错！！！`, becomes a hint rule that links the note and flags the same
in-place write in a program written by someone else (and not the look-alikes that are right)."""

from __future__ import annotations

import ast
import importlib.util
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from notesense.compile.pipeline import compile_notes
from notesense.rules.engine import check_source
from notesense.rules.learned import LearnedRules

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "notes"
D2L = SHARED.parent / "corpora" / "d2l-zh"

POLICY = textwrap.dedent('''
    import torch
    from torch import nn
    import torch.nn.functional as fn


    class Policy(nn.Module):
        def __init__(self, n_obs, n_act):
            super().__init__()
            self.body = nn.Sequential(nn.Linear(n_obs, n_act), nn.Tanh())

        def forward(self, obs):
            logits = self.body(obs)
            logits[:, :2] = fn.softmax(logits[:, :2], dim=-1)
            return logits


    policy = Policy(4, 3)
    policy(torch.randn(5, 4)).sum().backward()
''')
RIGHT = {
    "a new tensor": "        logits = torch.cat([fn.softmax(logits[:, :2], dim=-1), logits[:, 2:]], dim=1)\n",
    "a copy first": "        logits = self.body(obs).clone()\n        logits[:, :2] = fn.softmax(logits[:, :2], dim=-1)\n",
}


@pytest.fixture(scope="module")
def learned():
    if not SHARED.is_dir():
        pytest.fail(f"the shared notes are missing ({SHARED})")
    result = compile_notes([SHARED])
    return result


def _actor(result):
    found = [p for p in result.pitfalls if p.enabled and "softmax" in p.rule.pattern]
    assert len(found) == 1, [(p.source, p.rule.pattern) for p in result.pitfalls]
    return found[0]


def test_the_actor_note_becomes_a_hint_rule_linked_to_the_note(learned):
    pitfall = _actor(learned)
    assert pitfall.severity == "hint" and pitfall.rule.fix is None
    assert pitfall.source.note.endswith(".txt") and pitfall.source.line > 1
    note_line = (SHARED / pitfall.source.note).read_text(encoding="utf-8").splitlines()[pitfall.source.line - 1]
    assert "会报错" in note_line and "softmax" in note_line
    assert pitfall.message == pitfall.title  # the section's prose is only a reference: its heading speaks


def test_it_flags_the_same_in_place_write_in_someone_elses_program(learned, tmp_path):
    pitfall = _actor(learned)
    rules = LearnedRules([pitfall])
    findings = [f for f in check_source(POLICY, learned=rules) if f.code == pitfall.id]
    line = POLICY.splitlines().index("        logits[:, :2] = fn.softmax(logits[:, :2], dim=-1)") + 1
    assert [(f.line, f.severity) for f in findings] == [(line, "hint")]
    assert findings[0].message == pitfall.message
    if importlib.util.find_spec("torch") is not None:  # the program really fails the way the note says
        program = tmp_path / "policy.py"
        program.write_text(POLICY, encoding="utf-8")
        run = subprocess.run([sys.executable, str(program)], capture_output=True, text=True, timeout=120)
        assert run.returncode != 0 and "inplace operation" in run.stderr


def test_notesense_lint_links_the_finding_to_the_note(learned, tmp_path):
    """Through the CLI, as a user runs it: `notesense lint --notes <their notes>` on someone else's file."""
    pitfall = _actor(learned)
    program = tmp_path / "policy.py"
    program.write_text(POLICY, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "notesense", "lint", "--no-cache", "--notes", str(SHARED), "--select", "NSN",
                           "--format", "json", str(program)], capture_output=True, text=True, timeout=300)
    [finding] = json.loads(done.stdout)
    line = POLICY.splitlines().index("        logits[:, :2] = fn.softmax(logits[:, :2], dim=-1)") + 1
    assert (finding["code"], finding["line"], finding["severity"], finding["fix"]) == (pitfall.id, line, "hint", None)
    assert finding["message"] == pitfall.message
    assert finding["note"] == f"{(SHARED / pitfall.source.note).resolve().as_uri()}#L{pitfall.source.line}"


@pytest.mark.parametrize("form", sorted(RIGHT))
def test_right_forms_of_the_same_code_get_no_finding(learned, form):
    pitfall = _actor(learned)
    wrong = "        logits = self.body(obs)\n        logits[:, :2] = fn.softmax(logits[:, :2], dim=-1)\n"
    source = POLICY.replace(wrong, "        logits = self.body(obs)\n" + RIGHT[form] if form == "a new tensor" else RIGHT[form])
    assert source != POLICY
    ast.parse(source)
    assert not [f for f in check_source(source, learned=LearnedRules([pitfall])) if f.code == pitfall.id]


def test_a_textbook_that_marks_no_pitfall_teaches_none():
    """d2l-zh's prose says 错误 and 正确 in passing; no block of it is a wrong example."""
    if not D2L.is_dir():
        pytest.fail(f"the d2l-zh corpus is missing ({D2L})")
    result = compile_notes([D2L], jobs=1)
    assert result.snippets and not result.pitfalls and not result.report.pitfall_problems
