"""Regions of straight-line code and definitions reaching a use: what the flow rules walk.

A region is what runs one statement after the other in one pass: a function's body, one iteration
of a loop body, one branch of an `if`, one `except` handler, one `match` case. `with` blocks and a
`try`'s body, `else` and `finally` continue the region they are in (they run in sequence with it);
branches, handlers, cases and loop bodies are regions of their own, nested in it. Every compound
statement is entered here, the same way for every rule.

A statement that did not parse (cut out by `analysis.recover`) is a `barrier`: what it did is not
known, so a rule must not pair something before it with something after it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field

from notesense.analysis.semantic import _TRY, Binding, BindingKind, SemanticModel, start_of

_NESTED_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


@dataclass(eq=False)
class Region:
    """Statements that run in sequence (compound statements flattened into their inline parts), the
    loop this region is one iteration of (or None), and the regions nested in it."""

    statements: list[ast.stmt] = field(default_factory=list)
    loop: ast.For | ast.AsyncFor | ast.While | None = None
    expects_error: bool = False  # the body of `with pytest.raises(...)`: failing is the point
    children: list[Region] = field(default_factory=list)
    head: ast.stmt | None = None  # the statement of the enclosing region this one runs after

    def after(self, stmt: ast.stmt | None) -> list[Region]:
        """The nested regions that run after `stmt` of this region (None: before its first statement)."""
        return [c for c in self.children if c.head is stmt]

    def walk(self) -> Iterator[Region]:
        """This region and every region nested in it, outer first."""
        yield self
        for child in self.children:
            yield from child.walk()


def expects_error(stmt: ast.With | ast.AsyncWith) -> bool:
    """`with self.assertRaises(...)` / `with pytest.raises(...)`."""
    for item in stmt.items:
        call = item.context_expr
        if isinstance(call, ast.Call):
            func = call.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if name.lower().endswith(("raises", "raisesregex")):
                return True
    return False


def region_of(body: list[ast.stmt], loop: ast.For | ast.AsyncFor | ast.While | None = None,
              expecting: bool = False) -> Region:
    """The region tree of a block (a scope's body, a loop's body)."""
    region = Region(loop=loop, expects_error=expecting)
    _fill(region, body)
    return region


def _nest(region: Region, child: Region) -> None:
    child.head = region.statements[-1] if region.statements else None
    region.children.append(child)


def _fill(region: Region, body: list[ast.stmt]) -> None:
    for stmt in body:
        if isinstance(stmt, _NESTED_SCOPES):
            continue
        if isinstance(stmt, (ast.With, ast.AsyncWith)):
            if expects_error(stmt):
                _nest(region, region_of(stmt.body, expecting=True))
            else:
                region.statements.append(stmt)
                _fill(region, stmt.body)
        elif isinstance(stmt, _TRY):
            _fill(region, stmt.body)
            for handler in stmt.handlers:
                _nest(region, region_of(handler.body))
            _fill(region, stmt.orelse)
            _fill(region, stmt.finalbody)
        elif isinstance(stmt, (ast.For, ast.AsyncFor, ast.While)):
            region.statements.append(stmt)
            _nest(region, region_of(stmt.body, loop=stmt))
            if stmt.orelse:
                _nest(region, region_of(stmt.orelse))
        elif isinstance(stmt, ast.If):
            region.statements.append(stmt)
            _nest(region, region_of(stmt.body))
            if stmt.orelse:
                _nest(region, region_of(stmt.orelse))
        elif isinstance(stmt, ast.Match):
            region.statements.append(stmt)
            for case in stmt.cases:
                _nest(region, region_of(case.body))
        else:
            region.statements.append(stmt)


def own_nodes(stmt: ast.stmt) -> Iterator[ast.AST]:
    """The nodes a statement evaluates itself: for a compound statement its header (test, iterable,
    context managers), never the blocks under it nor nested functions, lambdas and classes."""
    if isinstance(stmt, (ast.If, ast.While)):
        roots: list[ast.AST] = [stmt.test]
    elif isinstance(stmt, (ast.For, ast.AsyncFor)):
        roots = [stmt.target, stmt.iter]
    elif isinstance(stmt, (ast.With, ast.AsyncWith)):
        roots = list(stmt.items)
    elif isinstance(stmt, ast.Match):
        roots = [stmt.subject]
    else:
        roots = [stmt]
    todo = roots
    while todo:
        node = todo.pop()
        yield node
        todo.extend(c for c in ast.iter_child_nodes(node) if not isinstance(c, _NESTED_SCOPES))


def is_barrier(model: SemanticModel, stmt: ast.stmt) -> bool:
    """A statement cut out because it did not parse: it may have done anything."""
    return isinstance(stmt, ast.Pass) and stmt.lineno in model.broken


def definitions(model: SemanticModel, expr: ast.expr, depth: int = 3) -> list[ast.expr] | None:
    """The expressions `expr` (a name, or `self.attr` in a method) may hold where it is read: the
    values of the bindings that reach it, followed through plain renamings up to `depth`; None when
    one of them binds no plain value (a parameter, a loop target, a broken region)."""
    if depth < 0:
        return None
    bindings: list[Binding]
    if isinstance(expr, ast.Name):
        bindings = list(model.resolve(expr.id, start_of(expr)))
    elif isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name):
        if expr.value.id not in model.self_names():
            return None  # no method calls its instance that: not `self.attr` wherever it stands
        scope = model.scope_at(start_of(expr))
        cls = scope.class_scope()
        if cls is None or expr.value.id != scope.self_name:
            return None
        bindings = model.attribute_bindings(cls, expr.attr)
    else:
        return [expr]
    if not bindings:
        return None
    out: list[ast.expr] = []
    for b in bindings:
        if b.kind not in (BindingKind.ASSIGNMENT, BindingKind.ANNOTATION, BindingKind.WALRUS, BindingKind.ATTRIBUTE):
            return None
        value = b.value
        if value is None or b.index is not None:
            return None
        if isinstance(value, (ast.Name, ast.Attribute)) and value is not expr:
            followed = definitions(model, value, depth - 1)
            if followed is None:
                return None
            out.extend(followed)
        else:
            out.append(value)
    return out
