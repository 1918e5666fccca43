"""Run the rules over one source and apply their fixes.

One parse (the document's) and one walk per file: the file's imports decide which rules run (a rule
runs only when its context is imported and one of its trigger strings occurs), the walk buckets
nodes by type — the semantic model's statement walker when only statement rules run — and each
rule's `visit_<Type>` methods see only their buckets. That keeps the lint pass close to the speed
of `ast.parse` itself on large trees where most files need no rule at all.
"""

from __future__ import annotations

import ast
import dataclasses
import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from functools import lru_cache
from itertools import accumulate
from typing import TYPE_CHECKING, Any, Protocol

from notesense.analysis.document import Document
from notesense.analysis.imports import ImportMap, may_import, names_text
from notesense.analysis.parts import Part, PartsParse, part_from_row, part_to_row
from notesense.analysis.semantic import own_expressions, walk
from notesense.collector import paused
from notesense.rules.base import Edit, Finding, Fix, FileContext, Rule, line_starts
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
    from notesense.library.model import Pitfall
    from notesense.rules.learned import LearnedRules
    from notesense.rules.pattern.index import WordScan

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
_IMPORTS_CONTEXT = re.compile(rf"^[ \t\f]*(?:from[ \t]+(?:{_CONTEXTS})\b|import[ \t][^\n#]*\b(?:{_CONTEXTS})\b)", re.MULTILINE)
_NODES_PER_ASK = 256  # nodes a rule visits between two questions to `cancelled` (a few ms of work at most)
_NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Za-z]+[0-9]+(?:\s*,\s*[A-Za-z]+[0-9]+)*))?", re.IGNORECASE)


class Partner(Protocol):
    """The other process of a large document's split analysis (`check_document` with `parallel`): it
    parses and analyses the parts below line `split` (`check_lower`), this process those above. Each
    sends the other what its parts show the rest of the file, as plain data (`analysis.parts.part_to_row`),
    so no part is parsed by both. A forked child of the lint CLI (`lint.split`), the server's worker
    process (`analysis.worker`)."""

    split: int
    upper: int  # the parts above `split` as this version's parse cuts them (`Document.split_at`)
    # the parts of this process from this index on are parsed whole before the exchange and analysed
    # after it (those before it as they are parsed: the other process waits for their analysis)
    keep_from: int

    def exchange(self, ours: list[list[Any]], cancelled: Callable[[], bool] | None) -> list[list[Any]] | None:
        """Send the rows of this process's parts; the other's (None: it failed, or `cancelled` said stop)."""

    def findings(self, cancelled: Callable[[], bool] | None) -> dict[int, list[Finding]] | None:
        """The findings of the other process's parts by first line (None: it failed, or `cancelled`)."""


class Parallel(Protocol):
    """What starts a `Partner` for one version of a large document, when a core is idle for it."""

    def submit(self, doc: Document, path: str, rules: Sequence[type[Rule]], taught: list,
               select: Collection[str] | None, ignore: Collection[str] | None,
               learned: LearnedRules | None, pitfalls: Sequence[Pitfall] | None) -> Partner | None: ...


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
    """Findings for `source`, sorted by position. Raises SyntaxError when the source doesn't parse
    (the batch linter reports it and never fixes such a file); the server, which lints what is being
    typed, calls `check_document` instead."""
    doc = Document(source, alone=True)  # no other thread waits on this parse
    error = doc.syntax_error
    if error is not None:
        error.filename = path
        raise error
    return check_document(doc, path=path, select=select, ignore=ignore, library=library, learned=learned)


def check_document(
    doc: Document,
    *,
    path: str = "<string>",
    select: Collection[str] | None = None,
    ignore: Collection[str] | None = None,
    library: Library | None = None,
    learned: LearnedRules | None = None,
    cancelled: Callable[[], bool] | None = None,
    progress: Callable[[list[Finding]], None] | None = None,
    parallel: Parallel | None = None,
) -> list[Finding]:
    """Findings for one analysed version of a file, sorted by position; in a file that does not parse,
    findings from the statements that do (a region being typed is cut out, and nothing known before
    it is carried across it). No findings when nothing of the file parses. `cancelled` is asked
    between rules and the steps before them: when it says yes, the run stops with what it has (the
    caller discards it); the server's lint worker also waits in it while a request runs.

    Learned rules (`rules.learned`) run after the NS rules over the same model: those given, else the
    bundled notes' and `library`'s when a library is given, else none.

    A very large document not parsed whole yet is analysed in parts (`analysis.parts`), each part's
    findings kept for the next version while neither its text nor the rest of the file changes.
    `progress` is given its findings so far (as the result gives them) after each part analysed as
    it was parsed (`Document.parsed_parts`): they stand unless the parts below change what that part
    sees, which only the result knows. `parallel`: what starts another process that analyses the
    lower parts of such a document meanwhile (`Partner`: the server's worker, the lint CLI's child);
    when it cannot, or fails, this process analyses every part."""
    stop = cancelled or (lambda: False)
    pitfalls = None  # the user's, when the learned rules are the library's: what a worker process is sent
    if learned is None and library is not None:
        from notesense.rules.learned import for_library

        learned = for_library(library)
        pitfalls = library.pitfalls
    rules, taught, scan = _gated(doc.source, select, ignore, learned)
    if not rules and not taught:
        return []
    shown = (lambda found: progress(_finished(doc, found, library))) if progress is not None else None
    early: dict[int, tuple[ImportMap, list[Finding]]] = {}
    if doc.in_parts:
        # the parts below a line analysed in another process meanwhile, when one can run (`Partner`)
        partner = parallel.submit(doc, path, rules, taught, select, ignore, learned, pitfalls) if parallel is not None else None
        early = _check_while_parsing(doc, rules, learned, taught, path, cancelled, shown,
                                     *((partner.split, partner.keep_from) if partner is not None else ()))
        if partner is not None and not stop():
            with paused():
                found = _check_split(doc, partner, rules, learned, taught, path, cancelled, early)
            if found is not None:
                return _finished(doc, found, library)
    if stop() or not doc.analysable or stop():  # asked between the long steps too: parsing, the model
        return []
    rules, taught = _imported(doc.imports, rules, learned, taught)
    if not rules and not taught:
        return []
    with paused():
        if doc.in_parts:
            by_part = _check_parts(doc, tuple(rules), learned, taught, path, cancelled, early)
            findings = [f for found in (by_part or {}).values() for f in found]
        else:
            findings = _run(FileContext(doc, path), rules, learned, taught, cancelled, scan=scan)
    return _finished(doc, findings, library)


def _gated(source: str, select: Collection[str] | None, ignore: Collection[str] | None,
           learned: LearnedRules | None) -> tuple[tuple[type[Rule], ...], list, WordScan | None]:
    """The rules that may run on `source`, the learned ones and their gate of the text.

    A rule runs where its context is imported and one of its triggers occurs; the text tells first
    which rules may run, so a file none may run in is not analysed (its model built to know its imports).
    The cheapest tests first: one search for an import of any context, each context's name once, and
    only then the triggers of the rules left (a rule's many triggers are each a search of the whole text)."""
    chosen = learned.selected(select, ignore) if learned else []
    rules = select_rules(select, ignore) if chosen or _IMPORTS_CONTEXT.search(source) else ()
    names = names_text(source) if rules or chosen else source
    named = {c for c in {r.context for r in rules} if may_import(c, names)}
    rules = tuple(r for r in rules if r.context in named and any(t in source for t in r.triggers))
    taught, scan = learned.candidates(source, names, chosen) if learned and chosen else ([], None)
    return rules, taught, scan


def _finished(doc: Document, findings: list[Finding], library: Library | None) -> list[Finding]:
    """Findings as reported: those a `# noqa` silences left out, the NS rules' linked to their notes, sorted."""
    if "noqa" in doc.source:
        findings = [f for f in findings if not _silenced(doc.line(f.line - 1), f.code)]
    if any(f.code in RULES_BY_CODE for f in findings):
        from notesense.rules.links import note_link

        findings = [dataclasses.replace(f, note=note_link(RULES_BY_CODE[f.code], library)) if f.code in RULES_BY_CODE
                    else f for f in findings]
    return sorted(set(findings), key=lambda f: (f.line, f.col, f.code, f.end_line, f.end_col))


def _run(ctx: FileContext, rules: Sequence[type[Rule]], learned: LearnedRules | None, taught: list,
         cancelled: Callable[[], bool] | None, lines: tuple[int, int] | None = None,
         scan: WordScan | None = None) -> list[Finding]:
    """Every rule over one file context; with `lines` (1-based, inclusive), over the statements on those
    lines only, and only their findings (the rest of the tree is there to be asked about). `scan`: the
    learned rules' gate of the text (`LearnedRules.candidates`)."""
    if lines is not None:
        starts = ctx.doc.line_starts
        ctx.region = (starts[lines[0] - 1], starts[lines[1]] if lines[1] < len(starts) else len(ctx.source))
    statements: dict[type, list[ast.AST]] = defaultdict(list)
    statements[ast.Module].append(ctx.tree)
    for node in ctx.semantic.statements():  # the model's one statement walker
        if lines is None or lines[0] <= node.lineno <= lines[1]:  # type: ignore[attr-defined]
            statements[type(node)].append(node)
    findings: list[Finding] = []
    for rule_class in rules:
        if cancelled is not None and cancelled():
            break
        rule = rule_class(ctx)
        buckets = statements
        if any(not issubclass(t, (ast.stmt, ast.Module)) for t, _ in _visitors(rule_class)):
            buckets = _expression_buckets(ctx, rule, statements, lines)
        for node_type, method in _visitors(rule_class):
            visit = getattr(rule, method)
            for n, node in enumerate(buckets.get(node_type, ()), 1):
                if n % _NODES_PER_ASK == 0 and cancelled is not None and cancelled():
                    break
                visit(node)
        findings.extend(rule.findings)
    if taught and not (cancelled is not None and cancelled()):
        findings.extend(learned.check(ctx, taught, scan))  # type: ignore[union-attr]
    ctx.memo.clear()  # what rules shared may point back at the context: no cycle outlives the run (`collector`)
    if lines is not None:
        findings = [f for f in findings if lines[0] <= f.line <= lines[1]]
    return findings


def _imported(imports: ImportMap, rules: Sequence[type[Rule]], learned: LearnedRules | None,
              taught: list) -> tuple[list[type[Rule]], list]:
    """The rules and learned rules whose context `imports` imports."""
    return ([r for r in rules if imports.imports_context(r.context)],
            learned.imported(taught, imports.modules) if learned and taught else [])


def _check_while_parsing(doc: Document, rules: Sequence[type[Rule]], learned: LearnedRules | None, taught: list,
                         path: str, cancelled: Callable[[], bool] | None,
                         progress: Callable[[list[Finding]], None] | None, until: int | None = None,
                         keep_from: int | None = None) -> dict[int, tuple[ImportMap, list[Finding]]]:
    """The parts of a large document this run parses, each analysed as soon as it is parsed, while its
    tree is alive, between the parts before it (`Document.parsed_parts`, with `until` and `keep_from`):
    part index → the imports it was analysed with and its findings. `_check_parts` takes those that
    hold for the whole file; the others are the only parts parsed twice. `progress`: given all
    findings so far after each part that has some."""
    early: dict[int, tuple[ImportMap, list[Finding]]] = {}
    with paused():
        for index, part, view in doc.parsed_parts(until, keep_from):
            if cancelled is not None and cancelled():
                break
            now, known = _imported(view.imports, rules, learned, taught)
            found = _run(FileContext(view, path), now, learned, known, cancelled, (part.start + 1, part.end)) if now or known else []
            early[index] = (view.imports, found)
            if found and progress is not None and not (cancelled is not None and cancelled()):
                progress([f for _, findings in early.values() for f in findings])
    return early


def _check_parts(doc: Document, rules: tuple[type[Rule], ...], learned: LearnedRules | None, taught: list, path: str,
                 cancelled: Callable[[], bool] | None, early: dict[int, tuple[ImportMap, list[Finding]]],
                 only: Collection[int] | None = None) -> dict[int, list[Finding]] | None:
    """Each part of a large document between the contexts of the others (those of `only`: the rest
    are another process's), its findings by part index (`_each_part`); a part analysed as it was
    parsed (`early`) is taken where that analysis holds (`Document.early_holds`). None when cancelled."""
    parts = doc.parts or []

    def fresh(k: int) -> list[Finding]:
        if k in early and doc.early_holds(k, early[k][0]):
            return early[k][1]
        return _full_view(doc, parts, k, rules, learned, taught, path, cancelled)

    keys = _part_keys(parts, surroundings(parts), rules, learned, taught)
    return _each_part(doc, parts, keys, fresh, cancelled, only)


def _each_part(doc: Document, parts: Sequence[Part], keys: list[tuple], fresh: Callable[[int], list[Finding]],
               cancelled: Callable[[], bool] | None, only: Collection[int] | None = None) -> dict[int, list[Finding]] | None:
    """The findings of each part (of those in `only`, when given) by index: of a part whose text, place
    among the parts and surroundings (its key, `_part_keys`) did not change since the last version,
    the last version's, moved with the part when lines were inserted or deleted above it; of the
    others, `fresh(k)`. Kept for the next version (`doc.previous_findings`) — a run stopped midway
    (None: `cancelled` said stop) keeps the last version's too, so the next run loses none of them."""
    earlier = doc.previous_findings
    kept: dict[tuple, tuple[int, list[Finding]]] = {}
    findings: dict[int, list[Finding]] = {}
    for k, part in enumerate(parts):
        if cancelled is not None and cancelled():
            doc.previous_findings = {**earlier, **kept}
            return None
        if only is not None and k not in only:
            continue
        found = _moved_findings(earlier[keys[k]], part) if keys[k] in earlier else None
        if found is None:
            found = fresh(k)
        kept[keys[k]] = (part.start, found)
        findings[k] = found
    doc.previous_findings = kept  # for the next version (`Document` hands them on)
    return findings


def check_lower(doc: Document, spans: list[tuple[int, int]], exchange: Callable[[list[list[Any]]], list[list[Any]] | None], *,
                path: str, rules: Sequence[type[Rule]], taught: list, learned: LearnedRules | None,
                cancelled: Callable[[], bool]) -> dict[int, list[Finding]] | None:
    """The other process of a split analysis (`Partner`): parse the parts of `doc` on `spans` (those
    below the split), `exchange` their rows for those of the parts above, and analyse its own parts
    between every part's contexts, as `check_document` analyses them in one process: their findings
    by first line (each part's kept for the next version, `_each_part`). None when a part cannot be
    parsed, the exchange fails or `cancelled` says stop. `rules`, `taught`: those the other process's
    gate of the text let through (`_gated`)."""
    own = doc.parse_spans(spans, cancelled)
    if own is None:
        return None
    parts, bodies = own
    rows = exchange([part_to_row(part) for part in parts])
    if rows is None or not rows or cancelled():
        return None
    theirs = [part_from_row(row, doc.lines) for row in rows]
    if theirs[-1].end != parts[0].start:  # the two parses cut the file differently (a cut inside a string)
        return None
    doc.parsed_apart(PartsParse.given(doc.lines, [*theirs, *parts], bodies))
    rules, taught = _imported(doc.imports, rules, learned, taught)
    found = _check_parts(doc, tuple(rules), learned, taught, path, cancelled, {},
                         range(len(theirs), len(theirs) + len(parts))) if rules or taught else {}
    if found is None:
        return None
    return {parts[k - len(theirs)].start: f for k, f in found.items()}


def surroundings(parts: Sequence[Part]) -> str:
    """What the parts show each other, in order (a part that shows nothing, a line typed alone between
    two parts, changes nothing): part of the key of each part's findings."""
    return hashlib.blake2b("".join(p.digest for p in parts if p.context).encode(), digest_size=12).hexdigest()


def _part_keys(parts: Sequence[Part], around: str, rules: Sequence[type[Rule]], learned: LearnedRules | None,
               taught: list) -> list[tuple]:
    """The key of each part's findings: its place (how many parts that show something come before
    it), its text, its surroundings and the rules (a reloaded library: new rules)."""
    shown_before = list(accumulate((bool(p.context) for p in parts), initial=0))
    codes = (*(r.code for r in rules), id(learned), *(pitfall.id for pitfall, _ in taught))
    return [(shown_before[k], part.text, around, codes) for k, part in enumerate(parts)]


def _full_view(doc: Document, parts: list[Part], k: int, rules: Sequence[type[Rule]], learned: LearnedRules | None,
               taught: list, path: str, cancelled: Callable[[], bool] | None) -> list[Finding]:
    """Part `k` analysed between the contexts of every other part it reaches (`Document.part_view`)."""
    view = doc.part_view(parts, k)
    part = parts[k]
    return [] if view is None else _run(FileContext(view, path), rules, learned, taught, cancelled, (part.start + 1, part.end))


def _check_split(doc: Document, partner: Partner, rules: Sequence[type[Rule]], learned: LearnedRules | None,
                 taught: list, path: str, cancelled: Callable[[], bool] | None,
                 early: dict[int, tuple[ImportMap, list[Finding]]]) -> list[Finding] | None:
    """The findings of a large document whose parts below `partner.split` another process parsed and
    analyses (`check_lower`) while this one parsed those above it (and analysed each it could as it
    was parsed: `early`): what `_check_parts` gives in one process, finding for finding. The rows of
    the parts are exchanged, the other process's parts complete this one's parse (`Document.adopt_parts`;
    their context statements are parsed here only where a view reaches them), and this process
    analyses its parts between every part. None when cancelled, when the parts differ from the other
    process's cut (a cut inside a string) or when it fails: the caller analyses the rest here."""
    mine = doc.parts_parsed()
    upper = len(mine)
    if upper != partner.upper:
        return None
    rows = partner.exchange([part_to_row(part) for part in mine], cancelled)
    if not rows:
        return None
    theirs = [part_from_row(row, doc.lines) for row in rows]
    doc.adopt_parts(theirs)
    parts = doc.parts  # those adopted (or, when a request parsed the rest here meanwhile, those)
    if parts is None or [(p.start, p.end) for p in parts[upper:]] != [(p.start, p.end) for p in theirs]:
        return None
    now, known = _imported(doc.imports, rules, learned, taught)
    found = _check_parts(doc, tuple(now), learned, known, path, cancelled, early, range(upper)) if now or known else {}
    below = partner.findings(cancelled)
    if found is None or below is None:
        return None
    return [f for k in range(upper) for f in found.get(k, ())] + [f for start in sorted(below) for f in below[start]]


def _moved_findings(earlier: tuple[int, list[Finding]], part: Part) -> list[Finding] | None:
    """A part's findings of the last version (found when it began on 0-based line `start`) where the
    part begins now; None when one of them reaches outside the part (a fix that adds an import at
    the top of the file) and the part moved: only the part's own lines are known to have moved alike."""
    start, found = earlier
    delta = part.start - start
    if not delta:
        return found
    lines = range(start + 1, start + part.end - part.start + 1)

    def inside(f: Finding | Edit) -> bool:
        return f.line in lines and f.end_line in lines

    if not all(inside(f) and all(inside(e) for x in f.fixes for e in x.edits) for f in found):
        return None

    def moved(f: Finding | Edit):
        return dataclasses.replace(f, line=f.line + delta, end_line=f.end_line + delta)

    return [dataclasses.replace(moved(f), fixes=tuple(dataclasses.replace(x, edits=tuple(map(moved, x.edits)))
                                                      for x in f.fixes)) for f in found]


def _expression_buckets(ctx: FileContext, rule: Rule, statements: dict[type, list[ast.AST]],
                        lines: tuple[int, int] | None) -> dict[type, list[ast.AST]]:
    """Nodes, by type, of the statements whose own code is on a line holding one of the rule's
    `locators` (`SemanticModel.holding`) and that the rule says may hold a finding (`Rule.may_find`):
    the expressions of a 30,000-line file are walked only where a finding can start. Only the types
    the rule visits are collected; a statement's expressions are walked once per file, whichever rules
    locate it."""
    source = ctx.source
    model = ctx.semantic
    starts = ctx.doc.line_starts
    lo = starts[lines[0] - 1] if lines else 0
    hi = starts[lines[1]] if lines and lines[1] < len(starts) else len(source)
    rule_class = type(rule)
    located = model.holding(source, starts, rule_class.locators or rule_class.triggers, lo, hi)
    if rule_class.may_find is not Rule.may_find:
        located = [i for i in located if rule.may_find(*model.indexed(i))]
    wanted = {t for t, _ in _visitors(rule_class)}
    buckets: dict[type, list[ast.AST]] = {t: statements[t] for t in wanted if t in statements}
    wanted = {t for t in wanted if not issubclass(t, (ast.stmt, ast.Module))}  # the statements' lists stay as they are
    walked: dict[int, list[ast.AST]] = ctx.memo.setdefault("engine.own", {})  # type: ignore[assignment]
    for i in located:
        stmt = model.statement(i)
        key = id(stmt)
        nodes = walked.get(key)
        if nodes is None:
            nodes = walked[key] = [node for root in own_expressions(stmt) for node in walk(root)]
        for node in nodes:
            kind = type(node)
            if kind in wanted:
                buckets.setdefault(kind, []).append(node)
    return buckets


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
    """`source` with the first applicable fix of each finding applied (see `apply_fixes`)."""
    return apply_fixes(source, findings, unsafe=unsafe)[0]


def apply_fixes(source: str, findings: Sequence[Finding], *, unsafe: bool = False) -> tuple[str, int]:
    """(`source` with the first applicable fix of each finding applied, how many fixes that is).

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
        return source, 0
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
        return fixed, len(accepted)
    result, applied = source, 0
    kept: list[tuple[int, int, str]] = []
    for ranges in accepted:
        attempt = _apply(source, kept + ranges)
        if _parses(attempt):
            kept.extend(ranges)
            result, applied = attempt, applied + 1
    return result, applied


def apply_edits(source: str, edits: Sequence[Edit]) -> str:
    """`source` with one fix's edits applied (non-overlapping, as a rule makes them)."""
    starts = line_starts(source)
    return _apply(source, [(_offset(starts, e.line, e.col), _offset(starts, e.end_line, e.end_col), e.text) for e in edits])


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
