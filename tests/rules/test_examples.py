"""Every rule's GOOD/BAD examples are its tests (Fixit style): each bad example is found, at exactly
the span it names, with its message, and fixed as it says; plus the rule metadata contract."""

from __future__ import annotations

import ast
import re
from urllib.parse import urlparse

import pytest
from rule_examples import bad_examples, good_examples

from notesense.rules.base import SEVERITIES, line_starts
from notesense.rules.docs import rule_sections
from notesense.rules.engine import ALL_RULES, check_source, fix_source


@pytest.mark.parametrize(("rule", "index", "bad"), bad_examples())
def test_bad_example_is_found_and_fixed(rule, index, bad):
    source, expected = bad.code, bad.fixed
    findings = [f for f in check_source(source) if f.code == rule.code]
    assert findings, f"{rule.code} BAD[{index}] not found"
    starts = line_starts(source)
    spans = [source[starts[f.line - 1] + f.col:starts[f.end_line - 1] + f.end_col] for f in findings]
    assert bad.span is not None and bad.span in spans, f"found at {spans}, not at {bad.span!r}"
    finding = findings[spans.index(bad.span)]
    assert finding.message == (bad.message or rule.message)
    if bad.safe is not None:
        assert finding.fixes and finding.fixes[0].safe is bad.safe, f"the fix should be {'safe' if bad.safe else 'unsafe'}"
    fixed = fix_source(source, findings, unsafe=True)
    if expected is None:
        assert not any(f.fixes for f in findings), "an example without an expected fix must not offer one"
        return
    assert fixed == expected
    again = check_source(fixed)
    assert not [f for f in again if f.code == rule.code], "the fixed code must be clean"
    assert fix_source(fixed, again, unsafe=True) == fixed, "fixing the fix changes nothing"


@pytest.mark.parametrize(("rule", "source"), good_examples())
def test_good_example_is_not_flagged(rule, source):
    assert not [f for f in check_source(source) if f.code == rule.code]


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_rule_metadata(rule):
    assert re.fullmatch(r"NS[1-3]\d\d", rule.code)
    assert rule.severity in SEVERITIES
    assert rule.fix_safety in ("safe", "unsafe", "mixed", "none")
    assert rule.message and rule.hint and re.search(r"[\u4e00-\u9fff]", rule.hint), "hint is short Chinese"
    assert rule.GOOD and rule.BAD
    summary, sections = rule_sections(rule)
    assert summary
    assert set(sections) == {"What it does", "Why is this bad?", "做什么", "为什么不好", "Example", "Use instead"}
    assert all(re.search(r"[\u4e00-\u9fff]", sections[name]) for name in ("做什么", "为什么不好")), "the Chinese half"
    for bad in rule.BAD:
        ast.parse(bad.code)
    has_fix = any(bad.fixed is not None for bad in rule.BAD)
    assert has_fix == (rule.fix_safety != "none")


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_finding_links_to_the_bundled_heading(rule):
    finding = next(f for f in check_source(rule.BAD[0].code) if f.code == rule.code)
    uri = urlparse(finding.note)
    assert uri.scheme == "file"
    path, line = uri.path, int(uri.fragment.removeprefix("L"))
    heading = open(path, encoding="utf-8").read().splitlines()[line - 1]
    assert re.match(rf"#+\s+{rule.code}\b", heading)


def test_codes_are_unique_and_in_order():
    codes = [r.code for r in ALL_RULES]
    assert codes == sorted(set(codes))
