"""Rule docs are generated from the rules; `notesense rule CODE` prints the same text."""

from __future__ import annotations

import subprocess
import sys

from notesense.rules.docs import render_all, render_rule_markdown
from notesense.rules.engine import ALL_RULES


def test_render_all_has_every_rule_with_its_sections():
    text = render_all()
    for rule in ALL_RULES:
        assert f"## {rule.code} {rule.name}" in text
        assert rule.hint in text
    assert text.count("### Use instead") == len(ALL_RULES)


def test_rule_command_prints_the_rule_doc():
    out = subprocess.run([sys.executable, "-m", "notesense", "rule", "NS201"], capture_output=True, text=True, check=True)
    assert out.stdout == render_rule_markdown(ALL_RULES[4])
    listing = subprocess.run([sys.executable, "-m", "notesense", "rule"], capture_output=True, text=True, check=True)
    assert all(r.code in listing.stdout for r in ALL_RULES)
    unknown = subprocess.run([sys.executable, "-m", "notesense", "rule", "NS999"], capture_output=True, text=True)
    assert unknown.returncode == 2


def test_docs_rules_md_is_up_to_date():
    """docs/rules.md is what the rules say about themselves; regenerate it when a rule changes."""
    from pathlib import Path

    committed = (Path(__file__).resolve().parents[2] / "docs" / "rules.md").read_text(encoding="utf-8")
    generated = subprocess.run([sys.executable, "-m", "notesense", "rule", "--markdown"], capture_output=True, text=True, check=True).stdout
    assert committed == generated, "docs/rules.md is stale: run `notesense rule --markdown > docs/rules.md`"
