"""Run the rules over one source and apply their fixes.

One parse and one walk per file: the walk buckets nodes by type, the file's imports decide which
rules run (a rule runs only when its context is imported and one of its trigger strings occurs),
and each rule's `visit_<Type>` methods see only their buckets. That keeps the lint pass close to
the speed of `ast.parse` itself on large trees where most files need no rule at all.
"""

from __future__ import annotations

import ast
import dataclasses
import hashlib
import re
from collections import defaultdict
from collections.abc import Collection, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from notesense.analysis.imports import imports_from_nodes
from notesense.rules.base import Finding, Fix, FileContext, Rule, line_starts
from notesense.rules.ns101_chained_assignment import ChainedAssignment
from notesense.rules.ns102_dataframe_append import DataFrameAppend
from notesense.rules.ns103_fillna_method import FillnaMethod
from notesense.rules.ns104_ix_indexer import IxIndexer
from notesense.rules.ns201_double_backward import DoubleBackward
from notesense.rules.ns202_inplace_autograd import InplaceAutograd
from notesense.rules.ns203_eval_without_no_grad import EvalWithoutNoGrad
from notesense.rules.ns204_cuda_timing import CudaTiming
from notesense.rules.ns301_tf1_api import Tf1Api

if TYPE_CHECKING:
    from notesense.library.index import Library
    from notesense.rules.learned import LearnedRules

ALL_RULES: tuple[type[Rule], ...] = (
    ChainedAssignment,
    DataFrameAppend,
    FillnaMethod,
    IxIndexer,
    DoubleBackward,
    InplaceAutograd,
    EvalWithoutNoGrad,
    CudaTiming,
    Tf1Api,
)
RULES_BY_CODE: dict[str, type[Rule]] = {rule.code: rule for rule in ALL_RULES}

_CONTEXTS = "|".join(sorted({r.context for r in ALL_RULES}))
# A cheap over-approximation of "imports one of the contexts": skips files that cannot need a rule.
_IMPORTS_CONTEXT = re.compile(rf"^[ \t]*(?:from[ \t]+(?:{_CONTEXTS})\b|import[ \t][^\n#]*\b(?:{_CONTEXTS})\b)", re.MULTILINE)
_STATEMENT_FIELDS = ("body", "orelse", "finalbody", "handlers", "cases")
_NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Za-z]+[0-9]+(?:\s*,\s*[A-Za-z]+[0-9]+)*))?", re.IGNORECASE)


def select_rules(select: Collection[str] | None = None, ignore: Collection[str] | None = None) -> tuple[type[Rule], ...]:
    """Rules whose code starts with one of `select` (all when None) and with none of `ignore`."""
    chosen = []
    for rule in ALL_RULES:
        if select is not None and not any(rule.code.startswith(s.upper()) for s in select):
            continue
        if ignore and any(rule.code.startswith(s.upper()) for s in ignore):
            continue
        chosen.append(rule)
    return tuple(chosen)


def check_source(
    source: str,
    *,
    path: str = "<string>",
    select: Collection[str] | None = None,
    ignore: Collection[str] | None = None,
    library: Library | None = None,
    learned: LearnedRules | None = None,
) -> list[Finding]:
    """Findings for `source`, sorted by position. Raises SyntaxError when the source doesn't parse.

    Learned rules (`rules.learned`) run after the NS rules over the same tree and imports: those
    given, else the bundled notes' and `library`'s when a library is given, else none."""
    tree = ast.parse(source, filename=path)
    if learned is None and library is not None:
        from notesense.rules.learned import for_library

        learned = for_library(library)
    taught = learned.selected(select, ignore) if learned else []
    candidates = [r for r in select_rules(select, ignore) if any(t in source for t in r.triggers)]
    if not taught and (not candidates or not _IMPORTS_CONTEXT.search(source)):
        return []
    statements: dict[type, list[ast.AST]] = defaultdict(list)
    for node in _statements(tree):
        statements[type(node)].append(node)
    imports = imports_from_nodes([*statements[ast.Import], *statements[ast.ImportFrom]])
    rules = [r for r in candidates if imports.imports_context(r.context)]
    taught = learned.candidates(source, taught, imports.modules) if learned and taught else []
    if not rules and not taught:
        return []
    buckets = statements
    if any(not issubclass(t, (ast.stmt, ast.Module)) for r in rules for t, _ in _visitors(r)):
        buckets = defaultdict(list)
        for node in ast.walk(tree):
            buckets[type(node)].append(node)
    ctx = FileContext(source, tree, imports, path)
    findings: list[Finding] = []
    for rule_class in rules:
        rule = rule_class(ctx)
        for node_type, method in _visitors(rule_class):
            visit = getattr(rule, method)
            for node in buckets.get(node_type, ()):
                visit(node)
        findings.extend(rule.findings)
    if taught:
        findings.extend(learned.check(ctx, taught))  # type: ignore[union-attr]
    if "noqa" in source:
        findings = [f for f in findings if not _silenced(ctx.line_text(f.line), f.code)]
    if any(f.code in RULES_BY_CODE for f in findings):
        from notesense.rules.links import note_link

        findings = [dataclasses.replace(f, note=note_link(RULES_BY_CODE[f.code], library)) if f.code in RULES_BY_CODE
                    else f for f in findings]
    return sorted(set(findings), key=lambda f: (f.line, f.col, f.code, f.end_line, f.end_col))


def _statements(tree: ast.Module):
    """The module and every statement in it, nested or not, without visiting expressions: a fraction
    of the nodes, enough for the rules that work on statement blocks."""
    todo: list[ast.AST] = [tree]
    while todo:
        node = todo.pop()
        yield node
        for name in _STATEMENT_FIELDS:
            children = getattr(node, name, None)
            if children:
                for child in children:
                    if isinstance(child, (ast.excepthandler, ast.match_case)):
                        todo.extend(child.body)
                    else:
                        todo.append(child)


@lru_cache(maxsize=None)
def _visitors(rule_class: type[Rule]) -> tuple[tuple[type, str], ...]:
    return tuple(rule_class.visitors())


def _silenced(line: str, code: str) -> bool:
    match = _NOQA.search(line)
    if match is None:
        return False
    codes = match["codes"]
    return codes is None or code.upper() in {c.strip().upper() for c in codes.split(",")}


def fix_source(source: str, findings: Sequence[Finding], *, unsafe: bool = False) -> str:
    """`source` with the first applicable fix of each finding applied.

    Fixes whose edits overlap an earlier fix are left for a later pass (the lint fixer re-checks and
    repeats); the result must parse, otherwise fixes are applied one by one and the breaking ones
    dropped. Applying to an already fixed source changes nothing, because fixed code has no findings.
    """
    fixes: list[Fix] = []
    for finding in sorted(findings, key=lambda f: (f.line, f.col)):
        fix = next((x for x in finding.fixes if x.safe or unsafe), None)
        if fix is not None and fix not in fixes:
            fixes.append(fix)
    if not fixes:
        return source
    starts = line_starts(source)
    taken: list[tuple[int, int]] = []
    planned: list[tuple[int, int, str]] = []
    accepted: list[list[tuple[int, int, str]]] = []
    for fix in fixes:
        ranges = [(_offset(starts, e.line, e.col), _offset(starts, e.end_line, e.end_col), e.text) for e in fix.edits]
        if any(_overlaps(a, b, s, e) for s, e, _ in ranges for a, b in taken):
            continue
        taken.extend((s, e) for s, e, _ in ranges)
        planned.extend(ranges)
        accepted.append(ranges)
    fixed = _apply(source, planned)
    if _parses(fixed):
        return fixed
    result = source
    kept: list[tuple[int, int, str]] = []
    for ranges in accepted:
        attempt = _apply(source, kept + ranges)
        if _parses(attempt):
            kept.extend(ranges)
            result = attempt
    return result


def _offset(starts: list[int], line: int, col: int) -> int:
    return starts[line - 1] + col


def _overlaps(a: int, b: int, s: int, e: int) -> bool:
    return (s < b and a < e) or s == a


def _apply(source: str, edits: list[tuple[int, int, str]]) -> str:
    out = source
    for start, end, text in sorted(edits, key=lambda r: (r[0], r[1]), reverse=True):
        out = out[:start] + text + out[end:]
    return out


def _parses(source: str) -> bool:
    try:
        ast.parse(source)
    except (SyntaxError, ValueError):
        return False
    return True


@lru_cache(maxsize=1)
def ruleset_fingerprint() -> str:
    """Changes whenever any rule's code changes: part of the lint cache key."""
    digest = hashlib.blake2b(digest_size=12)
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
