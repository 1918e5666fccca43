"""Property: on variations of every bad example (other names, spacing, comments, CRLF), the rule
still fires, its fixes always give code that parses, and fixing the fixed code changes nothing."""

from __future__ import annotations

import ast
import builtins
import io
import keyword
import tokenize

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notesense.rules.engine import ALL_RULES, check_source, fix_source

EXAMPLES = [(rule, bad.code, bad.fixed) for rule in ALL_RULES for bad in rule.BAD]


def renameable(source: str) -> list[str]:
    """Variables the example binds that never appear as an attribute or keyword name."""
    tree = ast.parse(source)
    bound = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    taken = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    taken |= {k.arg for k in ast.walk(tree) if isinstance(k, ast.keyword) and k.arg}
    return sorted(bound - taken)


def rename(source: str, old: str, new: str) -> str:
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    out = [t._replace(string=new) if t.type == tokenize.NAME and t.string == old else t for t in tokens]
    return tokenize.untokenize(out)


identifiers = st.from_regex(r"[a-z][a-z0-9_]{0,7}", fullmatch=True).filter(
    lambda s: not keyword.iskeyword(s) and not hasattr(builtins, s)
)


@st.composite
def variations(draw):
    rule, source, expected = draw(st.sampled_from(EXAMPLES))
    names = renameable(source)
    if names:
        old = draw(st.sampled_from(names))
        new = draw(identifiers.filter(lambda s: s not in source))
        source = rename(source, old, new)
        expected = rename(expected, old, new) if expected is not None else None
    if draw(st.booleans()):
        lines = source.splitlines()
        i = draw(st.integers(0, len(lines) - 1))
        if lines[i].strip():
            lines[i] += "  # " + draw(st.text("abc 数据", max_size=8))
            expected = None
        source = "\n".join(lines) + "\n"
    if draw(st.booleans()):
        source = source.replace(" = ", "=", 1)
        expected = None
    if draw(st.booleans()):
        source = source.replace("\n", "\r\n")
        expected = expected.replace("\n", "\r\n") if expected is not None else None
    return rule, source, expected


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(variations())
def test_fixes_parse_and_are_idempotent(case):
    rule, source, expected = case
    findings = check_source(source)
    assert any(f.code == rule.code for f in findings)
    fixed = fix_source(source, findings, unsafe=True)
    ast.parse(fixed)
    if expected is not None:
        assert fixed == expected
    assert fix_source(fixed, check_source(fixed), unsafe=True) == fixed
