"""Matching: a compiled pattern's nodes against one file's nodes (`Matcher`), the metavariables
bound (`Match`), the kinds `where` asks for, and the guards a match may stand in."""

from __future__ import annotations

import ast
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from notesense.analysis.kinds import LITERALS
from notesense.analysis.semantic import walk
from notesense.rules.pattern.index import file_index
from notesense.rules.pattern.syntax import BODIES, SCOPES, meta_name, position_of, rest_name, shape

if TYPE_CHECKING:
    from notesense.rules.base import FileContext
    from notesense.rules.pattern import Pattern


@dataclass
class Match:
    """One place a pattern matched: the user nodes behind each pattern node and metavariable."""

    nodes: dict[int, ast.AST] = field(default_factory=dict)  # id(pattern node) -> user node
    binds: dict[str, ast.AST] = field(default_factory=dict)  # metavariable -> user node
    reads: dict[str, ast.AST] = field(default_factory=dict)  # metavariable -> first user node it is read at
    rest: dict[str, list[ast.AST]] = field(default_factory=dict)  # $$$NAME -> user args and keywords
    extra: bool = False  # a call carried keywords the pattern has no place for: report, don't fix
    focus: list[ast.AST] = field(default_factory=list)  # the user expression, or statements, to report/fix
    via: "Pattern | None" = None  # the pattern's inlined form matched (`x.t().view(…)`): it renders the fix

    def copy(self) -> "Match":
        return Match(dict(self.nodes), dict(self.binds), dict(self.reads), {k: list(v) for k, v in self.rest.items()},
                     self.extra, list(self.focus), self.via)


_PROBE = 3  # statements in a `try` that is there to see whether they fail
_COMPAT_EXCEPTIONS = frozenset({"AttributeError", "ImportError", "ModuleNotFoundError", "TypeError", "NameError"})
_VERSION = re.compile(r"version|_GE_|_LT_|_GT_|_LE_|_V\d|PY\d", re.IGNORECASE)


def compat(block: ast.stmt) -> bool:
    """A guard: code that only runs on some library versions (`hasattr`, a version test, `except
    ImportError`), or that a short `try` runs to see it fail."""
    if isinstance(block, ast.Try) and block.handlers:
        if len(block.body) <= _PROBE:
            return True  # a few statements tried and caught: the code probes what fails, on purpose
        caught: set[str] = set()
        for handler in block.handlers:
            kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
            caught.update(k.attr if isinstance(k, ast.Attribute) else k.id if isinstance(k, ast.Name) else "" for k in kinds if k)
        return bool(caught & _COMPAT_EXCEPTIONS)
    if isinstance(block, (ast.If, ast.While)):
        for node in ast.walk(block.test):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("hasattr", "getattr"):
                return True
            name = node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else ""
            if name and _VERSION.search(name):
                return True
    return False


def first_match(matches: Iterator[Match]) -> list[Match]:
    return list(itertools.islice(matches, 1))


class Matcher:
    """Structural matching of pattern nodes against user nodes for one file."""

    def __init__(self, pattern: Pattern, ctx: FileContext) -> None:
        self.p = pattern
        self.ctx = ctx
        self.index = file_index(ctx)

    def node(self, p: ast.AST, u: ast.AST, m: Match) -> bool:
        name = meta_name(p)
        if name is not None:
            if not isinstance(u, ast.expr) or not self._literals_hold(p, [u]):
                return False
            bound = m.binds.get(name)
            if bound is None:
                m.binds[name] = u
            elif bound is not u and shape(bound) != shape(u):
                return False
            if name not in m.reads and not isinstance(getattr(u, "ctx", None), (ast.Store, ast.Del)):
                m.reads[name] = u
            m.nodes[id(p)] = u
            return True
        canonical = self.p.canonical.get(id(p))
        if canonical is not None:
            if not isinstance(u, (ast.Name, ast.Attribute)) or self.index.qualname(u) != canonical:
                return False
            m.nodes[id(p)] = u
            return True
        if type(p) is not type(u):
            return False
        if isinstance(p, ast.Call):
            ok = self._call(p, u, m)  # type: ignore[arg-type]
        elif isinstance(p, ast.Constant):
            ok = type(p.value) is type(u.value) and p.value == u.value  # type: ignore[attr-defined]
        else:
            ok = self._fields(p, u, m)
        if ok:
            m.nodes[id(p)] = u
        return ok

    def _fields(self, p: ast.AST, u: ast.AST, m: Match) -> bool:
        if isinstance(p, (ast.List, ast.Tuple, ast.Set)) and p.elts and rest_name(p.elts[-1]) is not None:
            return self._elements(p, u, m)  # type: ignore[arg-type]
        if isinstance(p, ast.Attribute) and p.attr != u.attr:  # type: ignore[attr-defined]
            return False  # the name first: resolving the value's names is what costs
        for name, pv in ast.iter_fields(p):
            if name in ("ctx", "type_comment", "kind"):
                continue
            uv = getattr(u, name, None)
            if isinstance(pv, ast.AST):
                if not isinstance(uv, ast.AST) or not self.node(pv, uv, m):
                    return False
            elif isinstance(pv, list):
                if not isinstance(uv, list) or len(pv) != len(uv):
                    return False
                for a, b in zip(pv, uv):
                    if isinstance(a, ast.AST):
                        if not isinstance(b, ast.AST) or not self.node(a, b, m):
                            return False
                    elif a != b:
                        return False
            elif pv != uv:
                return False
        return True

    def _elements(self, p: ast.List | ast.Tuple | ast.Set, u: ast.List | ast.Tuple | ast.Set, m: Match) -> bool:
        """`[$A, $$$REST]`: the explicit elements first, then any number of others (at least one)."""
        explicit = p.elts[:-1]
        if len(u.elts) <= len(explicit) or any(isinstance(e, ast.Starred) for e in u.elts):
            return False
        for a, b in zip(explicit, u.elts):
            if not self.node(a, b, m):
                return False
        rest = list(u.elts[len(explicit):])
        if not self._literals_hold(p.elts[-1], rest):
            return False
        m.rest[rest_name(p.elts[-1]) or ""] = rest
        return True

    def _literals_hold(self, p: ast.AST, nodes: list[ast.AST]) -> bool:
        """Whether the literals among the user `nodes` bound to pattern node `p` have the kind `where`
        asks of it, when it is one the pattern asks early (`Pattern.early`); the other nodes are
        asked with the whole match (`kinds`)."""
        want = self.p.early.get(id(p))
        return want is None or all(self.ctx.kinds.kind_of(n) == want for n in nodes if type(n) in LITERALS)

    def _call(self, p: ast.Call, u: ast.Call, m: Match) -> bool:
        rest = rest_name(p.args[-1]) if p.args else None
        explicit = p.args[:-1] if rest is not None else p.args
        if len(u.args) < len(explicit) or (rest is None and len(u.args) != len(explicit)):
            return False  # the arguments' count first: resolving the callee's names is what costs
        if u.keywords or p.keywords:
            named = {k.arg for k in p.keywords}
            if not named <= {k.arg for k in u.keywords} or any(
                    k.arg in self.p.forbidden and k.arg not in named for k in u.keywords):
                return False
        # a canonical callee binds no metavariable: in an expression pattern (one try per node, its match
        # dropped when it fails) its names are resolved last, after the arguments' cheap checks
        late = id(p.func) in self.p.canonical and self.p.is_expression
        if not late and not self.node(p.func, u.func, m):
            return False
        for a, b in zip(explicit, u.args):
            if not self.node(a, b, m):
                return False
        absorbed: list[ast.AST] = list(u.args[len(explicit):])
        if rest is not None and not self._literals_hold(p.args[-1], absorbed):
            return False
        by_name = {k.arg: k for k in u.keywords if k.arg is not None}
        wanted = set()
        for k in p.keywords:
            if k.arg is None:
                return False  # `**kw` in a pattern: not something a note teaches
            other = by_name.get(k.arg)
            if other is None or not self.node(k.value, other.value, m):
                return False
            m.nodes[id(k)] = other
            wanted.add(k.arg)
        leftover = [k for k in u.keywords if k.arg not in wanted or k.arg is None]
        if any(k.arg in self.p.forbidden for k in leftover):
            return False
        if late and not self.node(p.func, u.func, m):
            return False
        if rest is not None:
            m.rest[rest] = sorted([*absorbed, *leftover], key=position_of)
        elif leftover and id(p) not in getattr(self.p, "pasted", ()):
            m.extra = True  # keywords the fix has no place for: report, but offer no fix
        return True

    def guarded(self, node: ast.AST) -> bool:
        """Whether `node` stands inside a guard: a compatibility check (`hasattr`, a version test,
        `try … except AttributeError/ImportError/TypeError`, a branch of either), or a block the rule
        learned the right code uses (`with torch.no_grad():`)."""
        for block in self.index.blocks_around(node):
            if compat(block):
                return True
            if any(type(guard) is type(block) and self._header(guard, block) for guard in self.p.not_inside):
                return True
        return False

    def _header(self, guard: ast.stmt, block: ast.stmt) -> bool:
        m = Match()
        for name, value in ast.iter_fields(guard):
            if name in BODIES or name in ("handlers", "cases", "type_comment"):
                continue
            other = getattr(block, name, None)
            if isinstance(value, list):
                if not isinstance(other, list) or len(value) != len(other):
                    return False
                if not all(self.node(a, b, m) if isinstance(a, ast.AST) else a == b for a, b in zip(value, other)):
                    return False
            elif isinstance(value, ast.AST):
                if not isinstance(other, ast.AST) or not self.node(value, other, m):
                    return False
            elif value != other:
                return False
        return True

    def kinds(self, m: Match) -> bool:
        """Every metavariable with a `where` kind holds that kind (inferred, never guessed)."""
        kinds = self.ctx.kinds
        for name, want in self.p.where.items():
            kind, lenient = want.rstrip("?"), want.endswith("?")
            nodes = m.rest[name] if name in m.rest else [m.reads.get(name) or m.binds.get(name)]  # known where read
            for node in nodes:
                found = kinds.kind_of(node) if node is not None else None  # type: ignore[arg-type]
                if found != kind and not (lenient and found is None):
                    return False
        return True

    def sequence(self, stmts: list[ast.stmt], start: int) -> Iterator[Match]:
        """Matches of the pattern's statements beginning at stmts[start]."""
        pattern = self.p.statements
        m = Match()
        unit = self.statement(pattern[0], stmts[start], m)
        if unit is None:
            return
        yield from self._rest(stmts, start, 1, m, [unit])

    def statement(self, p: ast.stmt, u: ast.stmt, m: Match) -> ast.AST | None:
        """Match one pattern statement; what it matched (the statement, or for an expression line of a
        statement pattern the expression inside `u`: semgrep's `$X.view(...)` after `...`)."""
        if self.node(p, u, m):
            return u
        if not (isinstance(p, ast.Expr) and len(self.p.statements) > 1):
            return None
        for name, value in ast.iter_fields(u):
            if name in BODIES or name in ("handlers", "cases"):
                continue
            for part in value if isinstance(value, list) else [value]:
                if isinstance(part, ast.expr):
                    for node in walk(part):
                        if not self.p.may_start(p.value, node):
                            continue  # the node's type first: a copy of the match per node is what costs
                        trial = m.copy()
                        if self.node(p.value, node, trial):
                            m.__dict__.update(trial.__dict__)
                            return node
        return None

    def _rest(self, stmts: list[ast.stmt], at: int, k: int, m: Match, used: list[ast.stmt]) -> Iterator[Match]:
        pattern = self.p.statements
        if k == len(pattern):
            lo, hi = self.p.focus
            if self.kinds(m) and not self.guarded(used[lo]):
                m.focus = used[lo:hi]
                yield m
            return
        if not self.p.gaps[k]:
            if at + 1 < len(stmts):
                trial = m.copy()
                unit = self.statement(pattern[k], stmts[at + 1], trial)
                if unit is not None:
                    yield from self._rest(stmts, at + 1, k + 1, trial, [*used, unit])
            return
        names = {b.id for b in m.binds.values() if isinstance(b, ast.Name)}
        for j in range(at + 1, len(stmts)):
            if j > at + 1 and names and _rebinds(stmts[j - 1], names):
                return  # a name the pattern tied together was bound again in between
            for inner, inner_list, inner_at in self._within(stmts[j]):  # `...` reaches into nested blocks
                trial = m.copy()
                unit = self.statement(pattern[k], inner, trial)
                if unit is not None:
                    yield from self._rest(inner_list, inner_at, k + 1, trial, [*used, unit])
                    return

    def _within(self, stmt: ast.stmt) -> Iterator[tuple[ast.stmt, list[ast.stmt], int]]:
        """`stmt` and the statements nested in it (not into functions or classes), in order."""
        index = self.index
        todo = [stmt]
        while todo:
            node = todo.pop(0)
            place = index.place.get(id(node))
            if place is not None:
                yield node, place[0], place[1]
            if isinstance(node, SCOPES):
                continue  # another scope: its names are not the pattern's
            children = [child for name in BODIES for child in getattr(node, name, ()) or ()]
            for part in (*getattr(node, "handlers", ()), *getattr(node, "cases", ())):
                children.extend(part.body)
            todo[:0] = sorted(children, key=position_of)


def _rebinds(stmt: ast.stmt, names: set[str]) -> bool:
    """Whether `stmt` (its blocks included) assigns one of `names`."""
    return any(type(node) is ast.Name and type(node.ctx) is ast.Store and node.id in names  # type: ignore[attr-defined]
               for node in walk(stmt))
