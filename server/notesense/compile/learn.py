"""From a wrong block (and the right block that follows it) to learned-rule patterns.

The rule is the smallest tree edit that turns the wrong code into the right code, plus the context
that edit needs — not the whole block (Getafix's and SYDIT's idea, from one example). The two blocks
are aligned statement by statement (statements the right block leaves out because it builds on the
wrong block's setup, and the asserts it adds to show the result, are not the edit); inside a changed
statement the edit is the deepest pair of subtrees where the two differ. Abstracting that pair gives
the pattern and the fix:

- names that resolve through imports are written canonically (`pandas.concat`) and stay fixed;
- local names become metavariables carrying the kind the note's own code gives them there;
- literals the edit keeps are only context and become metavariables; literals the edit removes or
  changes stay fixed (`error_bad_lines=False`), and a fix whose own numbers may depend on
  abstracted ones is offered only for the note's values;
- a call whose arguments the edit keeps gets `$$$ARGS`, so the user's other arguments ride along.

Each edit yields candidates from general to specific: the edit alone, then wider enclosing code, then
with the statements that give its metavariables their values or that the note marks as the failing
line. A candidate is kept only if it passes the self-check (both parse; it fires on the wrong block
and not on the right one; fixing the wrong block gives the right one modulo formatting; fixing is
idempotent; no NS rule already reports the spot). The compiler later drops candidates that fire on
another note's right blocks or on the bundled examples and keeps the first survivor.
"""

from __future__ import annotations

import ast
import copy
import difflib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace

from notesense.analysis.document import Document
from notesense.analysis.imports import implied_imports
from notesense.rules.base import FileContext
from notesense.library.model import PitfallPattern
from notesense.rules.pattern import Pattern, PatternError, compile_rule
from notesense.rules.pattern.syntax import display, shape

_LITERAL_NODES = (ast.Constant, ast.Slice, ast.Tuple, ast.List, ast.Set, ast.Dict, ast.UnaryOp)
_NAME_OK = re.compile(r"[^A-Z0-9_]")
_DEMO_CALLS = frozenset({"print", "display", "pprint"})
MAX_CANDIDATES = 24
_FIX_FAULTS = ("the learned fix", "fixing the wrong block")  # self-check failures of the fix alone


@dataclass(slots=True)
class Learned:
    """What one wrong block taught: candidates per edit (general first), or why nothing was learned."""

    edits: list[list[PitfallPattern]] = field(default_factory=list)
    problem: str = ""
    covered_by: str = ""  # an NS rule that already reports the wrong code


# ---------------------------------------------------------------------------------------------- parsing
class Block:
    """One note block as the learner sees it: the code with implied imports, parsed, with its kinds."""

    def __init__(self, code: str, implied: str) -> None:
        self.code = code
        self.offset = implied.count("\n")  # lines of implied imports before the block's first line
        self.source = implied + code + ("\n" if not code.endswith("\n") else "")
        self.tree = ast.parse(self.source)
        self.ctx = FileContext(Document.parsed(self.source, self.tree))
        self.body = [s for s in self.tree.body if s.lineno > self.offset]

    def statement_at(self, line: int) -> ast.stmt | None:
        """The innermost statement on the block's 1-based `line` (a simple one when there is one)."""
        target = line + self.offset
        covering = [node for node in ast.walk(self.tree)
                    if isinstance(node, ast.stmt) and node.lineno <= target <= (node.end_lineno or node.lineno)]
        simple = [node for node in covering if not _compound(node)]
        return max(simple or covering, key=lambda node: (node.lineno, node.col_offset), default=None)


def _compound(node: ast.stmt) -> bool:
    return any(isinstance(getattr(node, name, None), list) and getattr(node, name) for name in ("body", "orelse", "finalbody", "handlers", "cases"))


# ---------------------------------------------------------------------------------------------- learning
def learn(wrong: str, right: str | None, marked: Sequence[int] = (), negatives: Sequence[int] = (), setup: str = "",
          heading: str = "") -> Learned:
    """Learn rule candidates from `wrong` (and `right`, when the note gives the right way).

    `marked`: 1-based lines of `wrong` the note marks as failing (`# 会报错`, the traceback's line);
    `negatives`: lines of `wrong` marked as right (`# right`), where the rule must not fire;
    `setup`: code the section ran before (its imports and variables give names their kinds);
    `heading`: the section's headings (an NS rule's own explanation is not learned again).
    """
    implied = implied_imports(setup, wrong, right or "") + (setup + "\n" if setup.strip() else "")
    try:
        w = Block(wrong, implied)
    except SyntaxError as exc:
        return Learned(problem=f"the wrong block does not parse ({exc.msg}, line {max((exc.lineno or 1) - implied.count(chr(10)), 1)})")
    r = None
    if right is not None:
        try:
            r = Block(right, implied)
        except SyntaxError as exc:
            return Learned(problem=f"the right block does not parse ({exc.msg})")
    covered = _covered(w)
    kept = {shape(s) for s in r.body} if r is not None else set()
    marks = [s for line in marked if (s := w.statement_at(line)) is not None and shape(s) not in kept]
    keep_out = [s for line in negatives if (s := w.statement_at(line)) is not None]
    learned = Learned()
    if r is None:
        if not marks:
            return Learned(problem="a wrong block without a right one needs a marked line (`# 会报错`, `# wrong`) "
                                   "or the traceback it raised")
        edits = [_Edit(w, None, [stmt], []) for stmt in dict.fromkeys(marks)]
    else:
        # a pair whose only change is inside what it prints (`print(np.product(a))` → `print(np.prod(a))`)
        # has its edit there: prints count when nothing else differs
        edits = list(_align(w, r, w.body, r.body)) or list(_align(w, r, w.body, r.body, demonstrations=True))
        if not edits:
            return Learned(problem="the wrong and the right block do the same thing (no edit found)")
    for edit in edits:
        # a pair an NS rule already reports (and fixes) teaches nothing new, nor does the rule's own
        # section; a person's marked wrong block is kept even so: its hint is their own note, linked
        # where the same mistake is made again
        own = covered is not None and (r is not None or covered[0] in heading)
        if own and any(_overlaps(stmt, covered[1]) for stmt in edit.w_stmts):
            learned.covered_by = covered[0]
            continue
        edit.marks = [m for m in marks if m not in edit.w_stmts]
        candidates, why = _candidates(edit, keep_out)
        if candidates:
            learned.edits.append(candidates)
        elif why and not learned.problem:
            learned.problem = why
    if not learned.edits and not learned.problem and learned.covered_by:
        learned.problem = f"already reported by {learned.covered_by}"
    return learned


def _covered(w: Block) -> tuple[str, ast.AST] | None:
    """The first NS rule finding on the wrong block (code, a node spanning it), if any."""
    from notesense.rules.engine import check_source

    try:
        findings = check_source(w.source)
    except (SyntaxError, ValueError, RecursionError):
        return None
    for f in findings:
        if f.code.startswith("NSN"):
            continue
        spot = ast.Pass(lineno=f.line, col_offset=0, end_lineno=f.end_line, end_col_offset=0)
        return f.code, spot
    return None


def _overlaps(a: ast.AST, b: ast.AST) -> bool:
    return a.lineno <= (b.end_lineno or b.lineno) and b.lineno <= (a.end_lineno or a.lineno)  # type: ignore[attr-defined]


@dataclass(slots=True)
class _Edit:
    """Wrong statements (consecutive, in one statement list) that the right block replaces."""

    w: Block
    r: Block | None
    w_stmts: list[ast.stmt]
    r_stmts: list[ast.stmt]
    marks: list[ast.stmt] = field(default_factory=list)
    guards: list[ast.stmt] = field(default_factory=list)  # blocks the right code wraps the wrong code in


def _align(w: Block, r: Block, ws: list[ast.stmt], rs: list[ast.stmt], demonstrations: bool = False) -> Iterator[_Edit]:
    """The edits between two statement lists (recursing into compound statements that keep their header);
    imports, and the prints and asserts added to show a result, are left out (only imports with
    `demonstrations`)."""
    shown = _imported if demonstrations else _demonstration
    ws = [s for s in ws if not _setup_left_out(s, rs) and not shown(s)]
    rs_kept = [s for s in rs if not shown(s)]
    matcher = difflib.SequenceMatcher(a=[shape(s) for s in ws], b=[shape(s) for s in rs_kept], autojunk=False)
    for tag, i1, i2, j1, j2 in _dependent_together(matcher.get_opcodes(), ws, rs_kept):
        if tag == "equal":
            continue
        w_part, r_part = ws[i1:i2], rs_kept[j1:j2]
        if not w_part:  # an insertion: the wrong statement it goes before (or after) is the context
            if i1 < len(ws):
                w_part, r_part = [ws[i1]], [*r_part, rs_kept[j2]] if j2 < len(rs_kept) else r_part
            elif ws:
                w_part, r_part = [ws[-1]], [rs_kept[j1 - 1], *r_part] if j1 > 0 else r_part
            else:
                continue
        if len(w_part) == 1 and len(r_part) == 1 and _same_header(w_part[0], r_part[0]):
            for name in ("body", "orelse", "finalbody"):
                yield from _align(w, r, getattr(w_part[0], name, []), getattr(r_part[0], name, []), demonstrations)
            continue
        if len(w_part) == len(r_part) > 1 and all(not _compound(s) for s in [*w_part, *r_part]):
            for a, b in zip(w_part, r_part):
                yield _Edit(w, r, [a], [b])
            continue
        wrapped = {shape(s) for s in w_part}
        guards = [b for b in r_part if _compound(b) and wrapped & {shape(x) for x in getattr(b, "body", [])}]
        yield _Edit(w, r, w_part, r_part, guards=guards)


def _dependent_together(opcodes: list[tuple[str, int, int, int, int]], ws: list[ast.stmt],
                        rs: list[ast.stmt]) -> list[tuple[str, int, int, int, int]]:
    """Merge a list's changes when a later one reads a name an earlier one binds (`w = zeros(...,
    requires_grad=True)` changed, and a statement added after `w[0] = 1.0`): one edit, one fix, one
    self-check, since neither half fixes anything alone."""
    merged: list[tuple[str, int, int, int, int]] = []
    for op in opcodes:
        if op[0] != "equal" and merged:
            last = next((m for m in reversed(merged) if m[0] != "equal"), None)
            if last is not None:
                _, b1, _, _, _ = last
                binds = set().union(*(_binds(s) for s in ws[b1:last[2]]))
                reads, _ = _reads_and_binds([*ws[op[1]:op[2]], *rs[op[3]:op[4]]])
                if binds & reads:
                    while merged[-1] is not last:
                        merged.pop()
                    merged[-1] = ("replace", last[1], op[2], last[3], op[4])
                    continue
        merged.append(op)
    return merged


def _setup_left_out(stmt: ast.stmt, right: list[ast.stmt]) -> bool:
    """A wrong-block import, or assignment of a name the right block reads but never binds."""
    if isinstance(stmt, (ast.Import, ast.ImportFrom)):
        return True
    if not isinstance(stmt, ast.Assign) or not right:
        return False
    # the names it binds: `df["double"] = …` binds none (it writes into `df`, a setup's frame is never so)
    bound = {n.id for t in stmt.targets for n in ast.walk(t) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    reads, binds = _reads_and_binds(right)
    first_right = shape(right[0])
    return bool(bound & reads) and not (bound & binds) and shape(stmt) != first_right


def _reads_and_binds(stmts: list[ast.stmt]) -> tuple[set[str], set[str]]:
    reads: set[str] = set()
    binds: set[str] = set()
    for stmt in stmts:
        if isinstance(stmt, ast.AugAssign) and isinstance(stmt.target, ast.Name) and stmt.target.id not in binds:
            reads.add(stmt.target.id)  # `w += 1` reads `w` before it binds it again
        for node in ast.walk(stmt):
            if isinstance(node, ast.Name):
                if isinstance(node.ctx, ast.Store):
                    binds.add(node.id)
                elif node.id not in binds:
                    reads.add(node.id)
    return reads, binds


def _imported(stmt: ast.stmt) -> bool:
    return isinstance(stmt, (ast.Import, ast.ImportFrom))


def _demonstration(stmt: ast.stmt) -> bool:
    """What a right block adds to show its result: asserts, prints, imports, a bare name."""
    if isinstance(stmt, ast.Assert) or _imported(stmt):
        return True
    if isinstance(stmt, ast.Expr):
        value = stmt.value
        if isinstance(value, ast.Name):
            return True
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id in _DEMO_CALLS:
            return True
    return False


def _same_header(a: ast.stmt, b: ast.stmt) -> bool:
    """Two compound statements that differ only inside their bodies."""
    if type(a) is not type(b) or not _compound(a):
        return False
    fields = [f for f in a._fields if f not in ("body", "orelse", "finalbody", "handlers", "cases", "type_comment")]
    return all(shape(getattr(a, f)) == shape(getattr(b, f)) if isinstance(getattr(a, f), ast.AST)
               else repr(getattr(a, f)) == repr(getattr(b, f)) for f in fields) and not isinstance(a, (ast.Try, ast.Match))


# ---------------------------------------------------------------------------------------------- candidates
def _candidates(edit: _Edit, keep_out: list[ast.stmt]) -> tuple[list[PitfallPattern], str]:
    """Self-checked candidates for one edit, general first; or why there are none."""
    found: list[PitfallPattern] = []
    hints: list[PitfallPattern] = []  # candidates whose only fault is their fix, as hints without one
    reasons: list[str] = []
    for candidate in _levels(edit):
        if candidate in found:
            continue
        why = _self_check(candidate, edit, keep_out)
        if why:
            reasons.append(why)
            if candidate.fix is not None and why.startswith(_FIX_FAULTS) and len(hints) < MAX_CANDIDATES:
                hint = replace(candidate, fix=None, fix_requires=())
                if hint not in hints and not _self_check(hint, edit, keep_out):
                    hints.append(hint)
            continue
        found.append(candidate)
        if len(found) >= MAX_CANDIDATES:
            break
    # a fix the file cannot spell (it needs an import the wrong block lacks) still leaves a real pitfall:
    # a hint that links the note, whose right block shows the way
    return found or hints, (reasons[-1] if reasons else "no part of the wrong code is specific enough to match")


def _levels(edit: _Edit) -> Iterator[PitfallPattern]:
    """Candidate rules for the edit, from the smallest code to the most context."""
    r = edit.r
    single = len(edit.w_stmts) == 1 and (r is None or len(edit.r_stmts) == 1)
    pairs = _edit_path(edit.w_stmts[0], edit.r_stmts[0]) if single and r is not None else []
    if pairs and _compound(edit.w_stmts[0]) and isinstance(pairs[-1][0], ast.expr):
        # the edit is in a compound statement's header (`for k, v in s.iteritems():`): its expressions
        if not edit.marks:
            for wn, rn in reversed(pairs):
                if isinstance(wn, ast.expr) and isinstance(rn, ast.expr):
                    yield from _abstracted(edit, [wn], [rn], expression=True)
        return
    if single and r is not None and not _compound(edit.w_stmts[0]) and not _compound(edit.r_stmts[0]):
        grows = _wraps(pairs[-1]) if pairs else False
        expressions = [(wn, rn) for wn, rn in reversed(pairs) if isinstance(wn, ast.expr) and isinstance(rn, ast.expr)]
        # the edit alone can be the rule, unless what it replaces is live API used in the wrong place
        alone = not edit.marks and not grows and not _live_member(edit, pairs) and not _made_with_flag(edit)
        for before, after in [*([([], [])] if alone else []), *_context(edit, grows)]:
            for wn, rn in expressions:  # deepest first; after `...` an expression matches in any statement
                yield from _abstracted(edit, [wn], [rn], expression=True, before=before, after=after)
            yield from _abstracted(edit, edit.w_stmts, edit.r_stmts, before=before, after=after)
        return
    if r is None:
        stmt = edit.w_stmts[0]
        alone = not _made_with_flag(edit) and not _calls_live_api(stmt, edit.w)
        if not edit.marks and alone:
            nested = {id(a) for call in ast.walk(stmt) if isinstance(call, ast.Call)
                      for arg in [*call.args, *(k.value for k in call.keywords)] for a in ast.walk(arg)}
            for part in _parts(stmt):  # the marked line's calls and names, smallest first
                if not _live_name(part, edit.w, id(part) in nested):
                    yield from _abstracted(edit, [part], [], expression=True)
        for before, after in [*([([], [])] if alone else []), *_context(edit, False)]:
            yield from _abstracted(edit, edit.w_stmts, [], before=before, after=after)
        return
    for before, after in [([], []), *_context(edit, True)]:
        yield from _abstracted(edit, edit.w_stmts, edit.r_stmts, before=before, after=after)


def _made_with_flag(edit: _Edit) -> bool:
    """Whether a value the edit reads was made by a call with a flag turned on (`w = torch.ones(3,
    requires_grad=True)`): then that is what makes the code wrong (`w.numpy()` fails only for such a
    `w`), and the rule must carry the statement that made it."""
    place = _place(edit.w, edit.w_stmts[0])
    if place is None:
        return False
    stmts, start = place
    reads, _ = _reads_and_binds(edit.w_stmts)
    for stmt in stmts[:start]:
        if stmt.lineno > edit.w.offset and _binds(stmt) & reads and isinstance(getattr(stmt, "value", None), ast.Call):
            if any(k.arg and isinstance(k.value, ast.Constant) and k.value.value is True for k in stmt.value.keywords):
                return True
    return False


def _calls_live_api(stmt: ast.stmt, w: Block) -> bool:
    """Whether a marked statement is one call of live API on plain names and literals (`s.pop()`,
    `rows = conn.execute(q)`): such a call is no mistake alone (`s.pop()` fails on the empty set the
    note made just before), so the rule needs that context; arguments built otherwise
    (`torch.tensor([torch.ones(2), …])`) can be the mistake."""
    value = stmt.value if isinstance(stmt, (ast.Expr, ast.Assign, ast.AnnAssign)) else None
    return (isinstance(value, ast.Call) and _live_name(value, w, nested=True)
            and all(isinstance(a, (ast.Name, ast.Constant)) for a in [*value.args, *(k.value for k in value.keywords)]))


def _parts(stmt: ast.stmt) -> list[ast.expr]:
    """The expressions of a statement that a rule could be about, smallest first: dotted names that a
    call or an attribute access starts from, then calls (a removed function is wrong wherever it is
    named; a misused one only with its arguments). A compound statement is marked on its header
    (`for k, v in s.iteritems():  # wrong`): its body is not what the mark is about."""
    nodes = [n for part in _header(stmt) for n in ast.walk(part)] if _compound(stmt) else list(ast.walk(stmt))
    names = [n for n in nodes if isinstance(n, ast.Attribute) and isinstance(n.ctx, ast.Load)]
    calls = [n for n in nodes if isinstance(n, ast.Call)]
    size = lambda node: (node.end_col_offset or 0) - node.col_offset + 1000 * ((node.end_lineno or 0) - node.lineno)
    return sorted(names, key=size) + sorted(calls, key=size)


def _live_name(part: ast.expr, w: Block, nested: bool) -> bool:
    """A name, or a call nested in another call's arguments, that is live public API (`torch.ones`,
    `torch.ones(2)` in a marked `torch.tensor([torch.ones(2)])`): naming or calling it is no mistake,
    unlike a removed name (`np.float`), so it is no rule on its own."""
    callee = part.func if isinstance(part, ast.Call) and nested else part
    if not isinstance(callee, ast.Attribute):
        return False
    dotted = w.ctx.qualname(callee)
    if dotted is None and (kind := w.ctx.kinds.kind_of(callee.value)) is not None:
        dotted = f"{kind.rstrip('?')}.{callee.attr}"  # `conn.execute` of a `sqlite3.Connection`, `s.pop` of a set
    return dotted is not None and is_public(dotted)


def _header(stmt: ast.stmt) -> list[ast.AST]:
    """The expressions in a compound statement's header: a loop's target and iterable, a `with`'s
    items, an `if`/`while`'s test, a definition's decorators and defaults."""
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [*stmt.decorator_list, *(stmt.bases if isinstance(stmt, ast.ClassDef) else [stmt.args])]
    return [value for name, value in ast.iter_fields(stmt)
            if name not in ("body", "orelse", "finalbody", "handlers", "cases") and isinstance(value, ast.AST)
            ] + [item for item in getattr(stmt, "items", ())]


def _edit_path(a: ast.AST, b: ast.AST) -> list[tuple[ast.AST, ast.AST]]:
    """Pairs from the two statements down to the deepest pair of subtrees where they differ."""
    path = [(a, b)]
    while True:
        a, b = path[-1]
        if type(a) is not type(b):
            return path
        differing: list[tuple[ast.AST, ast.AST]] = []
        for name, av in ast.iter_fields(a):
            if name in ("ctx", "type_comment", "kind"):
                continue
            bv = getattr(b, name, None)
            if isinstance(av, ast.AST) and isinstance(bv, ast.AST):
                if shape(av) != shape(bv):
                    differing.append((av, bv))
            elif isinstance(av, list) and isinstance(bv, list):
                if len(av) != len(bv):
                    return path
                for x, y in zip(av, bv):
                    if isinstance(x, ast.AST) and isinstance(y, ast.AST):
                        if shape(x) != shape(y):
                            differing.append((x, y))
                    elif x != y:
                        return path
            elif av != bv:
                return path
        if len(differing) != 1:
            return path
        a, b = differing[0]
        if isinstance(a, ast.keyword):
            if not isinstance(b, ast.keyword) or a.arg != b.arg:
                return path  # a keyword renamed, added or dropped: the edit is the call
            differing = [(a.value, b.value)]  # `dtype=np.bool` → `dtype=bool`: the edit is the value
        path.append(differing[0])


def _live_member(edit: _Edit, pairs: list[tuple[ast.AST, ast.AST]]) -> bool:
    """Whether the edit swaps one member of a known kind for another while the member it removes is
    still public API (`loss.data[0]` → `loss.item()`, `x.view(…)` → `x.reshape(…)`): then the wrong
    code is only wrong in some context (a 0-dim loss, a transposed tensor), and the rule must carry
    it. A member that is gone (`s.iteritems`, `a.ptp`) is wrong wherever it is written."""
    ctx = edit.w.ctx
    for wn, rn in pairs:
        if isinstance(wn, ast.Attribute) and (not isinstance(rn, ast.Attribute) or rn.attr != wn.attr):
            kind = ctx.kinds.kind_of(wn.value)
            if kind is not None and is_public(f"{kind}.{wn.attr}"):
                return True
    return False


def is_public(name: str) -> bool:
    """Whether `name` is public API of the library versions the API table was made from (False when
    no table is installed: then every removed-looking member is taken as removed)."""
    try:
        from notesense.analysis import public_api
    except ImportError:
        return False
    return public_api.is_current(name)


def _wraps(pair: tuple[ast.AST, ast.AST]) -> bool:
    """The right side keeps the wrong side whole and adds around it (`x` → `x.clone()`): the wrong code
    alone is fine, the pitfall is in what follows, so the rule needs that context."""
    wrong, right = pair
    target = shape(wrong)
    return any(shape(node) == target for node in ast.walk(right) if node is not right)


def _context(edit: _Edit, uses: bool) -> Iterator[tuple[list[ast.stmt], list[ast.stmt]]]:
    """Context statements (before, after the edit) in its statement list, least first: the note's
    marked failing line; the statements that bind the names the edit reads; the first statement
    that reads a name the edit binds."""
    place = _place(edit.w, edit.w_stmts[0])
    if place is None:
        return
    stmts, start = place
    end = start + len(edit.w_stmts)
    stmts = [s if s.lineno > edit.w.offset else ast.Pass(lineno=0) for s in stmts]  # the implied lines are no context
    marks_before = [s for s in edit.marks if s in stmts[:start]]
    marks_after = [s for s in edit.marks if s in stmts[end:]]
    if edit.marks:
        if marks_before or marks_after:
            yield marks_before, marks_after
        return
    reads, binds = _reads_and_binds(edit.w_stmts)
    defs = [s for s in stmts[:start] if _binds(s) & reads and not _compound(s)]
    latest: dict[str, ast.stmt] = {}
    for s in defs:
        for name in _binds(s) & reads:
            latest[name] = s
    defs = sorted(set(latest.values()), key=lambda s: s.lineno)
    use = next((s for s in stmts[end:] if _reads_and_binds([s])[0] & binds and not _compound(s)
                and not _demonstration(s)), None)
    if uses and use is not None:
        yield [], [use]
    if defs:
        yield defs, []
        if uses and use is not None:
            yield defs, [use]


def _binds(stmt: ast.stmt) -> set[str]:
    targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target] if isinstance(stmt, (ast.AugAssign, ast.AnnAssign)) else []
    return {t.id for t in targets if isinstance(t, ast.Name)}


def _place(block: Block, stmt: ast.stmt) -> tuple[list[ast.stmt], int] | None:
    for node in ast.walk(block.tree):
        for name in ("body", "orelse", "finalbody"):
            stmts = getattr(node, name, None)
            if isinstance(stmts, list) and stmt in stmts:
                return stmts, stmts.index(stmt)
    return None


# ---------------------------------------------------------------------------------------------- abstraction
def _abstracted(
    edit: _Edit,
    w_nodes: list[ast.AST],
    r_nodes: list[ast.AST],
    *,
    expression: bool = False,
    before: list[ast.stmt] | None = None,
    after: list[ast.stmt] | None = None,
) -> Iterator[PitfallPattern]:
    """The candidates for these wrong/right nodes, general first: the arguments an edited call keeps
    folded into `$$$ARGS`, then spelled out (their kinds can be what makes the code wrong); literals
    only context abstracted, then kept as written."""
    for opaque in (True, False):
        for fold in (True, False):
            for keep_literals in (False, True):
                abstraction = _Abstraction(edit, keep_literals, fold, opaque)
                candidate = abstraction.build(w_nodes, r_nodes, expression, before or [], after or [])
                if candidate is not None and (abstraction.receivers or not opaque):
                    yield candidate


class _Abstraction:
    """Turns note code into pattern/fix text: canonical names, metavariables with kinds, literals."""

    def __init__(self, edit: _Edit, keep_literals: bool, fold: bool, opaque: bool = False) -> None:
        self.edit = edit
        self.keep_literals = keep_literals
        self.fold = fold
        self.opaque = opaque  # a value both sides build the same way is only the receiver: `$E` of its kind
        self.receivers = 0
        self.receiver_metas: dict[str, str] = {}  # the receiver's code -> its metavariable
        self.receiver_literals: set[str] = set()  # constants inside the receivers
        self.right_shapes: set[str] = set()
        self.metas: dict[str, str] = {}  # local name, or dotted local chain -> metavariable
        self.literals: dict[str, str] = {}  # literal shape -> metavariable
        self.literal_text: dict[str, str] = {}  # metavariable -> the note's text
        self.where: dict[str, str] = {}
        self.modules: set[str] = set()
        self.shared: set[str] = set()  # literal shapes both sides contain (only context)
        self.anchors = 0
        self.builtin_anchors = 0  # of them, builtins (`open`, `print`): common to every program
        self.rests = 0  # `$$$C<n>` taken by context calls
        self.lists: dict[tuple[str, ...], str] = {}  # list of local names -> its `$$$` metavariable

    def build(self, w_nodes: list[ast.AST], r_nodes: list[ast.AST], expression: bool,
              before: list[ast.stmt], after: list[ast.stmt]) -> PitfallPattern | None:
        edit = self.edit
        w_ctx = edit.w.ctx
        r_ctx = edit.r.ctx if edit.r is not None else None
        if not self.keep_literals:
            w_lits = {shape(n) for x in w_nodes for n in ast.walk(x) if _is_literal(n)}
            r_lits = {shape(n) for x in r_nodes for n in ast.walk(x) if _is_literal(n)}
            self.shared = w_lits & r_lits if edit.r is not None else w_lits
            if not self.shared:
                return None  # the same as keeping literals: the next pass makes it
        calls = _corresponding_calls(w_nodes, r_nodes) if self.fold else {}
        if self.opaque:
            self.right_shapes = {shape(n) for x in r_nodes for n in ast.walk(x)} if edit.r is not None else set()
        context_before = [self.shallow(s, w_ctx) for s in before]
        self.anchors = self.builtin_anchors = 0  # only the focus's own names, methods and keywords make a rule specific
        focus = [self.node(n, w_ctx, "w", calls) for n in w_nodes]
        anchors = self.anchors
        if edit.r is None and anchors and anchors == self.builtin_anchors:
            return None  # a marked `print(k, v)` or `open(p)` alone: without a right way, no mistake to name
        context_after = [self.shallow(s, w_ctx) for s in after]
        if edit.r is None and not self.modules:
            return None  # a marked `b = broadcast(b, root=0)` names no library: no API to warn about
        if anchors == 0 and not any(isinstance(n, ast.keyword) for s in context_before for n in ast.walk(s)):
            # nothing names the focus (`w += 1`, `w[0] = 5.0`): only a flag its value was made with
            # (`requires_grad=True`) can make the rule specific enough
            return None
        fix_nodes = [self.node(n, r_ctx, "r", calls) for n in r_nodes] if r_ctx is not None else []
        if expression and not (before or after):
            pattern = ast.unparse(focus[0])
            fix = ast.unparse(fix_nodes[0]) if fix_nodes else None
            span = None
        else:
            # context statements stand anywhere before/after the edit in its block: `...` between
            lines = [*(f"{ast.unparse(n)}\n..." for n in context_before), *(ast.unparse(n) for n in focus),
                     *(f"...\n{ast.unparse(n)}" for n in context_after)]
            pattern = "\n".join(lines)
            fix = "\n".join(ast.unparse(n) for n in fix_nodes) if fix_nodes else None
            span = (len(before), len(before) + len(w_nodes)) if before or after else None
        if fix is not None and self.receiver_literals & {shape(n) for x in fix_nodes for n in ast.walk(x)
                                                           if isinstance(n, ast.Constant)}:
            fix = None  # `$E1['a'].item()`: the fix reads the note's own data, which `$E1` no longer shows
        guards = tuple(self.guard(g, r_ctx) for g in edit.guards) if r_ctx is not None else ()
        where = dict(self.where)
        for stmt in [*context_before, *context_after]:  # the context says what these values are
            callees = {id(n.func) for n in ast.walk(stmt) if isinstance(n, ast.Call)}
            for node in ast.walk(stmt):
                if id(node) in callees or not (isinstance(node, ast.Name) and node.id.startswith("__ns_")):
                    continue  # what is called keeps its kind: `self.net(x).clone()` is not a module's output
                name = node.id[len("__ns_"):]
                if name in where and not where[name].endswith("?"):
                    where[name] += "?"
        requires: dict[str, str] = {}
        if fix is not None and self.literal_text:
            fix_tree = ast.parse(fix)
            numbers = [n for n in ast.walk(fix_tree) if isinstance(n, ast.Constant) and isinstance(n.value, (int, float))
                       and not isinstance(n.value, bool)]
            if numbers:
                requires = dict(self.literal_text)
        return PitfallPattern(
            pattern=display(pattern),
            where=tuple(sorted(where.items())),
            modules=tuple(sorted(self.modules)),
            fix=display(fix) if fix is not None else None,
            focus=span,
            fix_requires=tuple(sorted(requires.items())),
            not_inside=guards,
        )

    def guard(self, block: ast.stmt, ctx: FileContext) -> str:
        """The header of the block the right code puts the wrong statement under, as a `not_inside`
        pattern: `with torch.no_grad(): ...`."""
        header = type(block)()
        for name, value in ast.iter_fields(block):
            if name in ("body", "orelse", "finalbody", "handlers", "cases"):
                setattr(header, name, [ast.Expr(value=ast.Constant(value=...))] if name == "body" else [])
            elif isinstance(value, ast.AST):
                setattr(header, name, self.node(value, ctx, "r", {}))
            elif isinstance(value, list):
                setattr(header, name, [self.node(v, ctx, "r", {}) if isinstance(v, ast.AST) else v for v in value])
            else:
                setattr(header, name, value)
        header.lineno = header.end_lineno = 1
        return display(ast.unparse(header))

    def shallow(self, stmt: ast.stmt, ctx: FileContext) -> ast.AST:
        """A context statement as only what it says about the edit: `y = x.t()` gives `$Y = $X.t($$$C1)`
        (how the value was made), not the note's incidental arguments and literals."""
        if not (isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Call)):
            return self.node(stmt, ctx, "w", {})
        func = stmt.value.func
        if isinstance(func, ast.Attribute) and not isinstance(func.value, (ast.Name, ast.Attribute)):
            callee: ast.expr = ast.Attribute(value=self._opaque(func.value, ctx), attr=func.attr, ctx=ast.Load())
        else:
            callee = self.node(func, ctx, "w", {})  # type: ignore[assignment]
        self.rests += 1
        flags = [ast.keyword(arg=k.arg, value=ast.Constant(value=k.value.value)) for k in stmt.value.keywords
                 if k.arg and _flag(k.value)]
        if flags:  # `requires_grad=True` is what the value is about, whichever factory made it
            callee = _meta(self._fresh("MAKE"))
        call = ast.Call(func=callee, args=[ast.Name(id=f"__nsv_C{self.rests}", ctx=ast.Load())], keywords=flags)
        assign = ast.Assign(targets=[self.node(t, ctx, "w", {}) for t in stmt.targets], value=call)
        assign.lineno = assign.end_lineno = 1
        return assign

    def _receiver(self, value: ast.expr, ctx: FileContext, side: str) -> bool:
        """Whether `value`, the object a member is taken from, is a library call both blocks make alike
        (`pd.DataFrame({...}).bool()` → `pd.DataFrame({...})["a"].item()`): then only its kind matters,
        and it becomes a metavariable of that kind (a method chain, `x.t()`, stays: it may be the point)."""
        if side != "w" or not isinstance(value, ast.Call) or ctx.qualname(value.func) is None:
            return False
        if any(_flag(k.value) for k in value.keywords):
            return False  # `torch.ones(3, requires_grad=True).numpy()`: the flag is the point
        if shape(value) not in self.right_shapes and self.edit.r is not None:
            return False
        kind = ctx.kinds.kind_of(value)
        if kind is None:
            return False
        self.receiver_metas[ast.unparse(value)] = self._opaque(value, ctx).id[len("__ns_"):]
        self.receiver_literals |= {shape(n) for n in ast.walk(value) if isinstance(n, ast.Constant)}
        self.receivers += 1
        return True

    def _opaque(self, node: ast.expr, ctx: FileContext) -> ast.Name:
        """A metavariable for a whole expression (of the kind the note's code gives it)."""
        name = f"E{len(self.metas) + 1}"
        self.metas[ast.unparse(node)] = name
        kind = ctx.kinds.kind_of(node)
        if kind is not None:
            self.where[name] = kind
            self.modules.add(kind.split(".")[0])
        return _meta(name)

    # one node -------------------------------------------------------------------------------------
    def node(self, node: ast.AST, ctx: FileContext, side: str, calls: dict[int, set]) -> ast.AST:
        if self.opaque and isinstance(node, ast.expr):
            if self.receivers and (name := self.receiver_metas.get(ast.unparse(node))) is not None:
                return _meta(name)
            if isinstance(node, ast.Attribute) and self._receiver(node.value, ctx, side):
                self.anchors += side == "w"  # the member: `$E.bool` is about `bool`
                return ast.Attribute(value=_meta(self.receiver_metas[ast.unparse(node.value)]), attr=node.attr,
                                     ctx=ast.Load())
        if isinstance(node, (ast.Name, ast.Attribute)):
            replaced = self._name(node, ctx, side)
            if replaced is not None:
                return replaced
            if isinstance(node, ast.Attribute) and side == "w":
                self.anchors += 1  # an attribute of a DataFrame, a tensor …
        if _is_literal(node):
            key = shape(node)
            if not self.keep_literals and key in self.shared and not _flag(node):
                if key not in self.literals:
                    name = f"L{len(self.literals) + 1}"
                    self.literals[key] = name
                    self.literal_text[name] = _source_of_literal(node)
                return _meta(self.literals[key])
            if isinstance(node, ast.Constant):
                return ast.Constant(value=node.value)
        if isinstance(node, ast.Call):
            return self._call(node, ctx, side, calls)
        if isinstance(node, ast.JoinedStr):  # an f-string's text and format specs are what it says
            return ast.JoinedStr(values=[
                ast.FormattedValue(value=self.node(v.value, ctx, side, calls), conversion=v.conversion,
                                   format_spec=copy.deepcopy(v.format_spec))
                if isinstance(v, ast.FormattedValue) else copy.deepcopy(v) for v in node.values])
        if isinstance(node, (ast.List, ast.Tuple)) and isinstance(node.ctx, ast.Load):
            many = self._many(node, ctx, side)
            if many is not None:
                return many
        if isinstance(node, ast.keyword):
            if node.arg:
                self.anchors += side == "w"
            return ast.keyword(arg=node.arg, value=self.node(node.value, ctx, side, calls))
        new = type(node)()
        if isinstance(node, ast.stmt):
            new.lineno = new.end_lineno = 1  # unparse looks up type comments by line
        for name, value in ast.iter_fields(node):
            if isinstance(value, ast.AST):
                setattr(new, name, self.node(value, ctx, side, calls))
            elif isinstance(value, list):
                setattr(new, name, [self.node(v, ctx, side, calls) if isinstance(v, ast.AST) else v for v in value])
            else:
                setattr(new, name, value)
        return new

    def _call(self, node: ast.Call, ctx: FileContext, side: str, calls: dict[int, set]) -> ast.Call:
        func = self.node(node.func, ctx, side, calls)
        if isinstance(func, ast.Attribute) and side == "w":
            self.anchors += 1  # a method name
        shared = calls.get(id(node))
        if shared is not None:  # the edit keeps this call's positional arguments: they ride in $$$ARGS
            keywords = [self.node(k, ctx, side, calls) for k in node.keywords
                        if k.arg is not None and (k.arg, shape(k.value)) not in shared]
            return ast.Call(func=func, args=[ast.Name(id="__nsv_ARGS", ctx=ast.Load())], keywords=keywords)
        return ast.Call(func=func, args=[self.node(a, ctx, side, calls) for a in node.args],
                        keywords=[self.node(k, ctx, side, calls) for k in node.keywords])

    def _name(self, node: ast.Name | ast.Attribute, ctx: FileContext, side: str) -> ast.AST | None:
        """Canonical name, builtin or metavariable for a name or attribute chain; None when the chain
        is an attribute of a value of known kind (`x.data`, `df.loc`): that attribute is API."""
        dotted = ctx.qualname(node)
        if dotted is not None:
            self.modules.add(dotted.split(".")[0])
            self.anchors += side == "w"
            return ast.parse(dotted, mode="eval").body
        root = node
        while isinstance(root, ast.Attribute):
            root = root.value
        if not isinstance(root, ast.Name):
            return None
        if isinstance(node, ast.Name) and _builtin(node.id, ctx):
            counts = side == "w" and node.id not in ("True", "False", "None")
            self.anchors += counts
            self.builtin_anchors += counts
            return ast.Name(id=node.id, ctx=ast.Load())
        if isinstance(node, ast.Attribute) and root.id not in ("self", "cls"):
            if ctx.kinds.kind_of(node.value) is not None or self._kind_of_key(node.value) is not None:
                return None
        key = ast.unparse(node)
        if key not in self.metas:
            self.metas[key] = self._fresh(key)
        name = self.metas[key]
        if side == "w" and name not in self.where and isinstance(node.ctx, ast.Load):  # a kind is where it is read
            kind = ctx.kinds.kind_of(node)
            if kind is not None:
                self.where[name] = kind
                self.modules.add(kind.split(".")[0])
        return _meta(name)

    def _many(self, node: ast.List | ast.Tuple, ctx: FileContext, side: str) -> ast.AST | None:
        """`[a, b]` of local names of one kind → `[$$$AS]`: a list of any length of that kind."""
        key = tuple(ast.unparse(e) for e in node.elts)
        name = self.lists.get(key)
        if name is None and side == "w" and len(node.elts) >= 2:
            if not all(isinstance(e, ast.Name) and ctx.qualname(e) is None and not _builtin(e.id, ctx) for e in node.elts):
                return None
            kinds = {ctx.kinds.kind_of(e) for e in node.elts}
            if len(kinds) != 1 or None in kinds:
                return None
            name = self.lists[key] = self._fresh(f"{key[0]}S")
            kind = kinds.pop()
            self.where[name] = kind  # type: ignore[assignment]
            self.modules.add(kind.split(".")[0])  # type: ignore[union-attr]
        if name is None:
            return None
        return type(node)(elts=[ast.Name(id=f"__nsv_{name}", ctx=ast.Load())], ctx=ast.Load())

    def _kind_of_key(self, node: ast.expr) -> str | None:
        key = ast.unparse(node)
        return self.where.get(self.metas.get(key, ""))

    def _fresh(self, key: str) -> str:
        base = _NAME_OK.sub("_", key.upper().replace(".", "_")) or "V"
        if not base[0].isalpha():
            base = "V" + base
        name, n = base, 2
        taken = set(self.metas.values()) | set(self.literals.values())
        taken |= set(self.lists.values())
        while name in taken or re.fullmatch(r"L\d+|ARGS|C\d+|E\d+", name):
            name, n = f"{base}{n}", n + 1
        return name


def _corresponding_calls(w_nodes: list[ast.AST], r_nodes: list[ast.AST]) -> dict[int, set]:
    """Calls on both sides that are the same call, edited (same positional arguments, the callee the
    same or renamed) → the keywords they share. Their positional arguments and shared keywords become
    `$$$ARGS`, so whatever else the user passed rides along into the fix."""
    found: dict[int, set] = {}
    for w, r in zip(w_nodes, r_nodes):
        for a, b in _edit_path(w, r):
            if isinstance(a, ast.Call) and isinstance(b, ast.Call) and shape(a) != shape(b):
                if [shape(x) for x in a.args] == [shape(y) for y in b.args] and _callee_kept(a.func, b.func):
                    shared = {(k.arg, shape(k.value)) for k in a.keywords} & {(k.arg, shape(k.value)) for k in b.keywords}
                    found[id(a)] = found[id(b)] = shared
    return found


def _callee_kept(a: ast.expr, b: ast.expr) -> bool:
    if shape(a) == shape(b):
        return True
    return isinstance(a, ast.Attribute) and isinstance(b, ast.Attribute) and shape(a.value) == shape(b.value)


def _meta(name: str) -> ast.Name:
    return ast.Name(id=f"__ns_{name}", ctx=ast.Load())


def _is_literal(node: ast.AST) -> bool:
    """Code made of constants only (`3`, `'a'`, `:, 0:3`, `-1`, `(1, 2)`)."""
    if isinstance(node, ast.Constant):
        return node.value is not Ellipsis
    if isinstance(node, ast.Slice):
        return all(part is None or _is_literal(part) for part in (node.lower, node.upper, node.step))
    if isinstance(node, ast.UnaryOp):
        return isinstance(node.op, (ast.USub, ast.UAdd)) and _is_literal(node.operand)
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return bool(node.elts) and all(_is_literal(e) for e in node.elts)
    if isinstance(node, ast.Dict):
        return bool(node.keys) and all(k is not None and _is_literal(k) for k in node.keys) and all(_is_literal(v) for v in node.values)
    return False


def _source_of_literal(node: ast.AST) -> str:
    """A literal as it would be written inside `x[...]` (a tuple of slices has no parentheses there)."""
    if isinstance(node, ast.Tuple) and any(isinstance(e, ast.Slice) for e in node.elts):
        return ", ".join(ast.unparse(e) for e in node.elts)
    return ast.unparse(node)


def _flag(node: ast.AST) -> bool:
    """True/False/None: a flag's value is what the code means (`inplace=True`), never only context."""
    return isinstance(node, ast.Constant) and (node.value is None or isinstance(node.value, bool))


def _builtin(name: str, ctx: FileContext) -> bool:
    import builtins

    if not hasattr(builtins, name):
        return False
    return not any(isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store) and n.id == name for n in ast.walk(ctx.tree))


# ---------------------------------------------------------------------------------------------- self-check
def _self_check(candidate: PitfallPattern, edit: _Edit, keep_out: list[ast.stmt]) -> str:
    """Why the candidate fails its self-check, or '' when it passes."""
    try:
        pattern = compile_rule(candidate)
    except (PatternError, SyntaxError) as exc:
        return f"the learned pattern is not valid ({exc})"
    w = edit.w
    matches = list(pattern.find(w.ctx))
    hits = [m for m in matches if any(_overlaps(f, s) for f in m.focus for s in edit.w_stmts)]
    if not hits:
        return "the learned rule does not fire on the wrong block (the kind of a name may not be known there)"
    if any(any(_overlaps(f, s) for f in m.focus for s in keep_out) for m in matches):
        return "the learned rule also fires on a line the note marks as right"
    if edit.r is not None:
        if any(True for _ in pattern.find(edit.r.ctx)):
            return "the learned rule also fires on the right block"
        if pattern.fix_text is not None:
            why = _check_fix(pattern, edit, hits)
            if why:
                return why
    return ""


def _check_fix(pattern: Pattern, edit: _Edit, hits: list) -> str:
    from notesense.rules.base import Finding, Fix
    from notesense.rules.engine import fix_source

    w, r = edit.w, edit.r
    assert r is not None
    edits = [pattern.edits(w.ctx, m) for m in hits]
    if any(e is None for e in edits):
        return "the learned fix cannot be applied to the wrong block"
    findings = [Finding("NSN", "", "", "hint", 1, 0, 1, 0, fixes=(Fix("fix", tuple(e), False),)) for e in edits if e]
    fixed = fix_source(w.source, findings, unsafe=True)
    try:
        fixed_tree = ast.parse(fixed)
    except SyntaxError:
        return "fixing the wrong block does not give code that parses"
    expected = _spliced(edit)
    if expected is None or shape(fixed_tree) != shape(expected):
        return "fixing the wrong block does not give the right block"
    fixed_ctx = FileContext(Document.parsed(fixed, fixed_tree))
    if any(True for _ in pattern.find(fixed_ctx)):
        return "the learned fix is not idempotent (the rule fires again on the fixed code)"
    return ""


def _spliced(edit: _Edit) -> ast.Module | None:
    """The wrong block with the edit's statements replaced by the right block's: what fixing must give."""
    w, r = edit.w, edit.r
    assert r is not None
    first, last = edit.w_stmts[0], edit.w_stmts[-1]
    lines = w.source.split("\n")
    indent = lines[first.lineno - 1][: first.col_offset]
    texts = []
    for stmt in edit.r_stmts:
        text = ast.get_source_segment(r.source, stmt) or ast.unparse(stmt)
        rows = text.split("\n")
        texts.append("\n".join([rows[0], *(_shifted(row, first.col_offset - stmt.col_offset) for row in rows[1:])]))
    new = (indent + ("\n" + indent).join(texts)).split("\n") if texts else []
    try:
        return ast.parse("\n".join([*lines[: first.lineno - 1], *new, *lines[last.end_lineno or last.lineno:]]))
    except SyntaxError:
        return None


def _shifted(row: str, by: int) -> str:
    if by >= 0:
        return " " * by + row if row.strip() else row
    return row[min(-by, len(row) - len(row.lstrip(" "))):]


__all__ = ["Learned", "learn"]
