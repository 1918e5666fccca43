"""The semantic model of one Python module: scopes, bindings, and which bindings reach a position.

Built once per parse, lazily, and shared by every consumer (rules, hover, completion, the
compiler): the shape of ruff's `SemanticModel` and pyflakes' scope stack. One statement walk finds
the scopes a module's statements open (module, class, function) and every name they bind (assign,
augmented assign, annotation, parameter, import, loop target, `with`/`except`/`match` targets,
`def`, `class`, `del`, walrus, `global`/`nonlocal`); scopes that live inside expressions (lambda,
comprehension) are read only when a position inside one is asked about. Which bindings of a name
reach a position is a flow question, answered per scope on first use by one pass that knows how
every compound statement (`if`, loops, `try`/`except`/`else`/`finally`, `match`, `with`) joins its
branches.

Positions are the AST's: 1-based lines, 0-based UTF-8 byte columns (`Document.ast_position`
converts an editor position).

Queries, all cheap after the first one on a scope:

- `scope_at(position)` — the innermost scope whose code covers `position`;
- `resolve(name, position)` — the bindings of `name` that may reach `position`, with Python's
  rules for enclosing scopes (class bodies are skipped by nested functions; an enclosing function or
  the module is seen as a whole, since a closure runs later);
- `bindings_before(name, position)` — the bindings of `name` in the scope at `position` written
  before it, in source order (what a reader scrolling up would find);
- `Scope.statements` — every statement of a scope in source order, entering compound statements
  but not nested scopes: the one statement walker;
- `qualified_name(expr)` — `pd.read_csv` → `pandas.read_csv` through the bindings that reach it
  (a parameter called `pd` is not the import);
- `attribute_bindings(cls, name)` — assignments to `self.name` in the methods of class `cls`;
- `blocks` — every statement list with the compound statement holding it, recorded by the same
  statement walk (the learned-rule matcher reads where each statement stands from it);
- `writes` — the assignments into a subscript and the augmented assignments, with their scope,
  recorded by the same walk (the in-place rules read them instead of every statement);
  `scope_holding(stmt)` — the scope a statement is one of;
- `statements_on(line)` — the statements whose own code (`own_lines`: a compound statement's header)
  holds a line, from a line index the same walk records; `holding(needles)` — those on the lines
  where a word stands, `indexed(i)` — one of them with its scope and text: what a rule that looks
  for a word in the text walks instead of the whole tree.

A region that did not parse (see `analysis.recover`) is a `BROKEN` binding of every name its text
mentions: whatever was being typed there may have rebound them, so nothing known before it is
carried across it.
"""

from __future__ import annotations

import ast
import enum
import weakref
from array import array
from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from notesense.analysis.imports import module_spelling, star_names
from notesense.lines import LINE_END
from notesense.yielding import brief_point


Position = tuple[int, int]
END: Position = (1 << 30, 0)


class ScopeKind(enum.Enum):
    MODULE = "module"
    CLASS = "class"
    FUNCTION = "function"
    LAMBDA = "lambda"
    COMPREHENSION = "comprehension"


class BindingKind(enum.Enum):
    ASSIGNMENT = "assignment"
    AUGMENTED = "augmented"  # x += 1: `node` is the AugAssign
    ANNOTATION = "annotation"  # x: T [= v]
    PARAMETER = "parameter"
    IMPORT = "import"
    LOOP = "loop"  # for-loop and comprehension targets
    WITH = "with"
    EXCEPT = "except"
    DEFINITION = "definition"  # def
    CLASS = "class"
    MATCH = "match"
    WALRUS = "walrus"
    DELETE = "delete"
    ATTRIBUTE = "attribute"  # self.x = v in a method: bound on the class
    BROKEN = "broken"  # a region that did not parse mentions the name


class Binding:
    """One place where a name gets a value.

    `value` is the expression the name is bound to when the binding says (`x = value`,
    `x: T = value`, `(x := value)`, `self.x = value`); for an unpacking `a, b = value` it is the whole
    right-hand side and `index` the name's position in the target tuple. `qualified` is what an
    import binds (`pandas`, `numpy.where`)."""

    __slots__ = ("name", "kind", "_scope", "node", "position", "value", "annotation", "index", "qualified")

    def __init__(self, name: str, kind: BindingKind, scope: Scope, node: ast.AST, position: Position,
                 value: ast.expr | None = None, annotation: ast.expr | None = None, index: int | None = None,
                 qualified: str | None = None) -> None:
        self.name = name
        self.kind = kind
        self._scope = weakref.ref(scope)  # a scope holds its bindings: no cycle for the collector to find
        self.node = node
        self.position = position
        self.value = value
        self.annotation = annotation
        self.index = index
        self.qualified = qualified

    @property
    def scope(self) -> Scope:
        scope = self._scope()
        assert scope is not None, "a binding outlived its model"
        return scope

    def __repr__(self) -> str:
        return f"Binding({self.name!r}, {self.kind.value}, {self.position})"


class Scope:
    """A module, class, function, lambda or comprehension: the names it binds, and its statements.

    The model is free of reference cycles (a scope's parent and a binding's scope are weak
    references): when a version of a file is dropped, reference counting frees it at once, and the
    cyclic collector never has to walk a big file's analysis."""

    __slots__ = ("kind", "node", "_parent", "start", "end", "bindings", "statements", "children", "globals",
                 "nonlocals", "attributes", "self_name", "_child_starts", "_versions", "_sequential", "_body_ids", "__weakref__")

    def __init__(self, kind: ScopeKind, node: ast.AST, parent: Scope | None, start: Position, end: Position) -> None:
        self.kind = kind
        self.node = node
        self._parent = weakref.ref(parent) if parent is not None else None
        self.start = start  # the scope's own code: a def's body, not its decorators and defaults
        self.end = end
        self.bindings: dict[str, list[Binding]] = {}
        self.statements: list[ast.stmt] = []
        self.children: list[Scope] = []  # def/class scopes, in source order
        self.globals: set[str] = set()
        self.nonlocals: set[str] = set()
        self.attributes: dict[str, list[Binding]] = {}  # class scopes: self.<name>
        self.self_name: str | None = None  # method scopes: the first parameter
        self._child_starts: array[int] | None = None
        self._versions: dict[str, tuple[list[Position], list[tuple[Binding, ...]]]] | None = None
        self._sequential: bool | None = None  # its body is simple statements only (`SemanticModel.reaching`)
        self._body_ids: frozenset[int] | None = None  # id() of each statement of its body (`_in_sequence`)

    def __repr__(self) -> str:
        return f"Scope({self.kind.value}, {self.name!r}, {self.start})"

    @property
    def parent(self) -> Scope | None:
        return self._parent() if self._parent is not None else None

    @property
    def name(self) -> str | None:
        return getattr(self.node, "name", None)

    def class_scope(self) -> Scope | None:
        """For a method, the class it is defined in."""
        parent = self.parent
        return parent if self.kind is ScopeKind.FUNCTION and parent is not None and parent.kind is ScopeKind.CLASS else None

    def child_at(self, position: Position) -> Scope | None:
        """The def/class scope directly inside this one whose body covers `position`."""
        if not self.children:
            return None
        if self._child_starts is None:  # positions as one int each, in an array: no tuple or int object read
            self._child_starts = array("q", [c.start[0] << 32 | c.start[1] for c in self.children])
        i = bisect_right(self._child_starts, position[0] << 32 | position[1]) - 1
        if i >= 0 and position <= self.children[i].end:
            return self.children[i]
        return None


def start_of(node: ast.AST) -> Position:
    return node.lineno, node.col_offset  # type: ignore[attr-defined]


def end_of(node: ast.AST) -> Position:
    return node.end_lineno, node.end_col_offset  # type: ignore[attr-defined]


_SCOPE_NODES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)
_BLOCK_FIELDS = ("body", "orelse", "finalbody")


def call_name(node: ast.expr) -> str | None:
    """The last dotted part of a call's function: `torch.exp(x)` and `x.exp()` both give `exp`."""
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Attribute):
            return func.attr
        if isinstance(func, ast.Name):
            return func.id
    return None


def keyword(call: ast.Call, name: str) -> ast.keyword | None:
    return next((k for k in call.keywords if k.arg == name), None)


def is_true(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


def names_in_target(target: ast.expr) -> Iterator[tuple[ast.Name, int | None]]:
    """The names an assignment target binds, each with its index in a flat tuple target."""
    if isinstance(target, ast.Name):
        yield target, None
    elif isinstance(target, (ast.Tuple, ast.List)):
        flat = not any(isinstance(e, (ast.Tuple, ast.List, ast.Starred)) for e in target.elts)
        for i, elt in enumerate(target.elts):
            if isinstance(elt, ast.Name):
                yield elt, i if flat else None
            else:
                for name, _ in names_in_target(elt):
                    yield name, None
    elif isinstance(target, ast.Starred):
        yield from names_in_target(target.value)


class SemanticModel:
    """Scopes and bindings of one module (see the module docstring for the queries)."""

    def __init__(self, tree: ast.Module, *, source: str | None = None,
                 lines: list[str] | None = None, broken: Mapping[int, Iterable[str]] | None = None,
                 implicit: Mapping[str, str] | None = None) -> None:
        """`source`: the text `tree` was parsed from, when the caller has it (lets the model skip looking
        for `:=` in files without one, and lambdas in statements that have none); `lines`: that text
        split as the tokenizer splits it, when the caller has split it already. `broken`: 1-based line of each region that did not parse → the
        names its text may bind; the region is a `pass` statement on that line (see `analysis.recover`).
        `implicit`: names bound as imports before the first statement (`{"np": "numpy"}`): what a note's
        code means without importing, or what the earlier cells of a notebook imported."""
        self.tree = tree
        self.broken: dict[int, frozenset[str]] = {line: frozenset(names) for line, names in (broken or {}).items()}
        self.module = Scope(ScopeKind.MODULE, tree, None, (0, 0), END)
        self.scopes: list[Scope] = [self.module]
        self.definitions: dict[int, Scope] = {}  # id(def/class/lambda/comprehension node) -> its scope
        self._expression_scopes: dict[int, list[Scope]] = {}  # id(statement) -> scopes in its expressions
        self._line_scopes: dict[int, list[Scope]] = {}  # line -> those of the statements whose own code holds it
        self._has_walrus = (":=" in source) if source is not None else any(isinstance(n, ast.NamedExpr) for n in ast.walk(tree))
        self._lines = lines if lines is not None else LINE_END.split(source) if source is not None else None
        # the lines holding `:=`: only statements whose own code spans one are searched for a walrus
        self._walrus_lines: list[int] | None = None
        if self._has_walrus and self._lines is not None:
            self._walrus_lines = [i for i, text in enumerate(self._lines, 1) if ":=" in text]
        self.walrus: dict[int, list[Binding]] = {}  # id(statement) -> the walrus bindings in its expressions
        self.imported: list[tuple[str | None, str]] = []  # (local name or None for `*`, what it stands for), in order
        # every statement list (the module's, each block's) with the compound statement holding it
        self.blocks: list[tuple[list[ast.stmt], ast.stmt | None]] = []
        # the statements that write into an object or update a value in place, with their scope, in the
        # walk's order: every assignment to a subscript (`df["a"][m] = v`) and every augmented one
        # (`x += 1`, `x[i] += 1`) — what the in-place rules (NS101, NS202) read instead of every statement
        self.writes: list[tuple[ast.Assign | ast.AugAssign, Scope]] = []
        # every statement in source order (the walk's order) with the first and last line of its own
        # code, and the farthest last line so far (a `match` owns its cases' lines: own code can nest);
        # the lines are copied into arrays, which a bisection reads without visiting the tree's ints
        self._own: list[ast.stmt] = []
        self._own_scope: list[Scope] = []
        self._own_first = array("l")
        self._own_reach = array("l")
        self._own_last = array("l")
        self._self_names: frozenset[str] | None = None
        for name, target in (implicit or {}).items():
            self._bind(self.module, name, BindingKind.IMPORT, tree, (0, 0), qualified=target)
        self._visit_body(tree.body, self.module)

    # ------------------------------------------------------------------------------ building
    def _bind(self, scope: Scope, name: str, kind: BindingKind, node: ast.AST, position: Position,
              value: ast.expr | None = None, annotation: ast.expr | None = None, index: int | None = None,
              qualified: str | None = None) -> Binding:
        target = scope
        if name in scope.globals:
            target = self.module
        elif name in scope.nonlocals:
            target = self._enclosing_function(scope, name) or scope
        binding = Binding(name, kind, target, node, position, value, annotation, index, qualified)
        target.bindings.setdefault(name, []).append(binding)
        return binding

    def _enclosing_function(self, scope: Scope, name: str) -> Scope | None:
        outer = scope.parent
        while outer is not None and outer.kind is not ScopeKind.MODULE:
            if outer.kind is ScopeKind.FUNCTION and name in outer.bindings:
                return outer
            outer = outer.parent
        return None

    def _new_scope(self, kind: ScopeKind, node: ast.AST, parent: Scope, start: Position, end: Position) -> Scope:
        scope = Scope(kind, node, parent, start, end)
        if kind in (ScopeKind.FUNCTION, ScopeKind.CLASS):
            parent.children.append(scope)
        self.scopes.append(scope)
        self.definitions[id(node)] = scope
        return scope

    def _visit_body(self, body: list[ast.stmt], scope: Scope, owner: ast.stmt | None = None) -> None:
        """Each statement of a block: recorded in its scope and the line index, then what it binds. The
        loop is the model's hottest code (a 32,000-line file has ~30,000 statements): what it reads is
        held in locals, and a statement that binds nothing and holds no block costs no further call."""
        if not body:
            return
        self.blocks.append((body, owner))
        # the line index, recorded while the statement is at hand (read again later, a large file's
        # statements are no longer in the processor's caches)
        add_statement = scope.statements.append
        add_own, add_scope = self._own.append, self._own_scope.append
        add_first, add_last, reach = self._own_first.append, self._own_last.append, self._own_reach
        walrus = self._has_walrus
        module = owner is None
        for stmt in body:
            if module:
                brief_point()  # between top-level statements, a completion answered on the server's loop goes first
            add_statement(stmt)
            if walrus and self._may_walrus(stmt):
                self._walrus_in(stmt, scope)
            kind = type(stmt)
            first = stmt.lineno
            if kind in _BLOCKLESS:
                last = stmt.end_lineno
            elif kind in _HEADED:
                last = stmt.body[0].lineno - 1  # type: ignore[attr-defined]
                last = first if last < first else last
            else:
                first, last = own_lines(stmt)
            add_own(stmt)
            add_scope(scope)
            add_first(first)
            add_last(last)  # type: ignore[arg-type]
            reach.append(last if not reach or last > reach[-1] else reach[-1])  # type: ignore[operator]
            if kind not in _INERT:  # most statements of a file bind nothing and hold no block
                self._visit_statement(stmt, kind, scope)

    def _visit_statement(self, stmt: ast.stmt, kind: type, scope: Scope) -> None:
        """What a statement binds, and the blocks it holds (`_visit_body` recorded it)."""
        end = (stmt.end_lineno, stmt.end_col_offset)
        if kind is ast.Assign:  # the most common binding statement first
            into = False
            for target in stmt.targets:  # type: ignore[attr-defined]
                target_kind = type(target)
                if target_kind is ast.Name:
                    self._bind(scope, target.id, BindingKind.ASSIGNMENT, stmt, end, stmt.value)  # type: ignore[attr-defined]
                elif target_kind is ast.Subscript:  # `df["a"] = …` binds no name: it writes into an object
                    into = True
                else:
                    self._bind_target(target, stmt.value, stmt, scope, end, BindingKind.ASSIGNMENT)  # type: ignore[attr-defined]
            if into:
                self.writes.append((stmt, scope))
        elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            body_start = start_of(stmt.body[0])
            inner = self._new_scope(ScopeKind.FUNCTION, stmt, scope, body_start, end)
            if scope.kind is ScopeKind.CLASS:
                params = [*stmt.args.posonlyargs, *stmt.args.args]
                static = any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in stmt.decorator_list)
                if params and not static:
                    inner.self_name = params[0].arg
            self._bind_parameters(stmt.args, inner, body_start)
            self._visit_body(stmt.body, inner, stmt)
            self._bind(scope, stmt.name, BindingKind.DEFINITION, stmt, end)
        elif isinstance(stmt, ast.ClassDef):
            inner = self._new_scope(ScopeKind.CLASS, stmt, scope, start_of(stmt.body[0]), end)
            self._visit_body(stmt.body, inner, stmt)
            self._bind(scope, stmt.name, BindingKind.CLASS, stmt, end)
        elif isinstance(stmt, ast.AnnAssign):
            if isinstance(stmt.target, ast.Name):
                self._bind(scope, stmt.target.id, BindingKind.ANNOTATION, stmt, end, value=stmt.value,
                           annotation=stmt.annotation)
            else:
                self._bind_target(stmt.target, stmt.value, stmt, scope, end, BindingKind.ANNOTATION)
        elif isinstance(stmt, ast.AugAssign):
            self.writes.append((stmt, scope))
            if isinstance(stmt.target, ast.Name):
                self._bind(scope, stmt.target.id, BindingKind.AUGMENTED, stmt, end, value=stmt.value)
            else:
                self._bind_attribute(stmt.target, None, stmt, scope, end)
        elif isinstance(stmt, (ast.For, ast.AsyncFor)):
            self._bind_target(stmt.target, None, stmt, scope, end_of(stmt.iter), BindingKind.LOOP)
            self._visit_body(stmt.body, scope, stmt)
            self._visit_body(stmt.orelse, scope, stmt)
        elif isinstance(stmt, (ast.While, ast.If)):
            self._visit_body(stmt.body, scope, stmt)
            self._visit_body(stmt.orelse, scope, stmt)
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            for item in stmt.items:
                if item.optional_vars is not None:
                    self._bind_target(item.optional_vars, None, stmt, scope, end_of(item.optional_vars), BindingKind.WITH)
            self._visit_body(stmt.body, scope, stmt)
        elif isinstance(stmt, (ast.Import, ast.ImportFrom)):
            self._bind_import(stmt, scope, end)
        elif isinstance(stmt, (ast.Global, ast.Nonlocal)):
            (scope.globals if isinstance(stmt, ast.Global) else scope.nonlocals).update(stmt.names)
        elif isinstance(stmt, _TRY):
            self._visit_body(stmt.body, scope, stmt)
            for handler in stmt.handlers:
                if handler.name:
                    at = end_of(handler.type) if handler.type is not None else start_of(handler)
                    self._bind(scope, handler.name, BindingKind.EXCEPT, handler, at)
                self._visit_body(handler.body, scope, stmt)
            self._visit_body(stmt.orelse, scope, stmt)
            self._visit_body(stmt.finalbody, scope, stmt)
        elif isinstance(stmt, ast.Match):
            for case in stmt.cases:
                for node in ast.walk(case.pattern):
                    if isinstance(node, (ast.MatchAs, ast.MatchStar)):
                        name = node.name
                    else:
                        name = node.rest if isinstance(node, ast.MatchMapping) else None
                    if name:
                        self._bind(scope, name, BindingKind.MATCH, case, end_of(case.pattern))
                self._visit_body(case.body, scope, stmt)
        elif isinstance(stmt, ast.Delete):
            for target in stmt.targets:
                for name, _ in names_in_target(target):
                    self._bind(scope, name.id, BindingKind.DELETE, stmt, end)
        elif isinstance(stmt, ast.Pass) and stmt.lineno in self.broken:
            self._bind_broken(stmt, scope, end)

    def _bind_import(self, stmt: ast.Import | ast.ImportFrom, scope: Scope, end: Position) -> None:
        module = module_spelling(stmt.module) if isinstance(stmt, ast.ImportFrom) and stmt.module else None
        relative = isinstance(stmt, ast.ImportFrom) and (bool(stmt.level) or module is None)
        for alias in stmt.names:
            if alias.name == "*":
                if not relative:
                    self.imported.append((None, module or ""))
                    for local, qualified in star_names(module or ""):
                        self._bind(scope, local, BindingKind.IMPORT, stmt, end, qualified=qualified)
                        self.imported.append((local, qualified))
                continue
            if isinstance(stmt, ast.ImportFrom):
                qualified = None if relative else f"{module}.{alias.name}"
                local = alias.asname or alias.name
            elif alias.asname:
                qualified, local = module_spelling(alias.name), alias.asname
            else:
                local = alias.name.split(".")[0]
                qualified = module_spelling(local)
            self._bind(scope, local, BindingKind.IMPORT, stmt, end, qualified=qualified)
            if qualified is not None:
                self.imported.append((local, qualified))

    def _bind_broken(self, stmt: ast.Pass, scope: Scope, end: Position) -> None:
        """A region that did not parse may have bound any name it spells in a target position."""
        owner = scope.class_scope()
        for name in self.broken[stmt.lineno]:
            head, _, attr = name.partition(".")
            if attr:
                if owner is not None and head == scope.self_name:
                    owner.attributes.setdefault(attr, []).append(Binding(attr, BindingKind.BROKEN, scope, stmt, end))
            else:
                self._bind(scope, name, BindingKind.BROKEN, stmt, end)

    def _bind_parameters(self, args: ast.arguments, scope: Scope, position: Position) -> None:
        for arg in [*args.posonlyargs, *args.args, *args.kwonlyargs]:
            self._bind(scope, arg.arg, BindingKind.PARAMETER, arg, position, annotation=arg.annotation)
        for arg in (args.vararg, args.kwarg):
            if arg is not None:
                self._bind(scope, arg.arg, BindingKind.PARAMETER, arg, position)

    def _bind_target(self, target: ast.expr, value: ast.expr | None, stmt: ast.AST, scope: Scope,
                     position: Position, kind: BindingKind) -> None:
        if isinstance(target, ast.Name):
            self._bind(scope, target.id, kind, stmt, position, value=value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            values = value.elts if isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == len(target.elts) else None
            if values is not None and any(isinstance(e, ast.Starred) for e in (*values, *target.elts)):
                values = None
            for i, elt in enumerate(target.elts):
                if isinstance(elt, ast.Name):
                    self._bind(scope, elt.id, kind, stmt, position, value=value, index=i if value is not None else None)
                elif isinstance(elt, ast.Attribute):
                    self._bind_attribute(elt, values[i] if values else None, stmt, scope, position)
                else:
                    self._bind_target(elt, None, stmt, scope, position, kind)
        elif isinstance(target, ast.Starred):
            self._bind_target(target.value, None, stmt, scope, position, kind)
        else:
            self._bind_attribute(target, value, stmt, scope, position)

    def _bind_attribute(self, target: ast.expr, value: ast.expr | None, stmt: ast.AST, scope: Scope, position: Position) -> None:
        """`self.x = value` in a method binds `x` on the class."""
        owner = scope.class_scope()
        if (owner is not None and isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)
                and target.value.id == scope.self_name):
            owner.attributes.setdefault(target.attr, []).append(
                Binding(target.attr, BindingKind.ATTRIBUTE, scope, stmt, position, value=value))

    def _may_walrus(self, stmt: ast.stmt) -> bool:
        """Whether a line of the statement's own code holds `:=`."""
        return self._walrus_lines is None or header_holds(stmt, self._walrus_lines)

    def _walrus_in(self, stmt: ast.stmt, scope: Scope) -> None:
        found: list[Binding] = []
        todo = [e for e in own_expressions(stmt) if isinstance(e, ast.expr)]
        while todo:
            node = todo.pop()
            if isinstance(node, ast.Lambda):
                continue  # a walrus in a lambda binds in the lambda
            if isinstance(node, ast.NamedExpr) and isinstance(node.target, ast.Name):
                found.append(self._bind(scope, node.target.id, BindingKind.WALRUS, node, end_of(node), value=node.value))
            todo.extend(ast.iter_child_nodes(node))
        if found:
            self.walrus[id(stmt)] = sorted(found, key=lambda b: b.position)

    # --------------------------------------------------------------------------------- scopes
    def scope_at(self, position: Position) -> Scope:
        """The innermost scope whose own code covers `position` (a lambda's body, a comprehension
        after its first iterable, a def's body; not a def's decorators, defaults or annotations)."""
        scope = self.module
        while (child := scope.child_at(position)) is not None:
            scope = child
        # a lambda or comprehension covering it is in the own code of a statement on its line
        line = position[0]
        candidates = self._line_scopes.get(line)
        if candidates is None:  # found once per line: a line reads several names, and most lines hold neither
            candidates = self._line_scopes[line] = [c for i in self._own_on(line) for c in self._own_expression_scopes(i)]
        for candidate in candidates:  # outer ones first: the last that covers it is the innermost
            if candidate.start <= position <= candidate.end and not _in_first_iterable(candidate, position):
                scope = candidate
        return scope

    def _own_expression_scopes(self, i: int) -> list[Scope]:
        """The lambdas' and comprehensions' scopes in the own code of statement `i` of the line index,
        made the first time a line of the statement is asked about."""
        stmt = self._own[i]
        scopes = self._expression_scopes.get(id(stmt))
        if scopes is None:
            scopes = self._scan_expression_scopes(stmt, self._own_scope[i]) if self._may_nest(i) else []
            self._expression_scopes[id(stmt)] = scopes
        return scopes

    def statements_on(self, line: int) -> list[ast.stmt]:
        """The statements, of every scope, whose own code (`own_lines`) holds 1-based `line`, in source
        order: a compound statement only for its header, a statement with a lambda or comprehension
        in it for those too."""
        return [self._own[i] for i in self._own_on(line)]

    def holding(self, source: str, starts: Sequence[int], needles: Iterable[str],
                lo: int = 0, hi: int | None = None) -> list[int]:
        """The statements whose own code holds a line on which one of `needles` stands between offsets
        `lo` and `hi` of `source` (`starts`: the offsets of its lines), as indices of the line index
        (`indexed`) in the walk's order: what a rule that knows which words its findings spell walks
        instead of every statement of the file."""
        end = len(source) if hi is None else hi
        lines: set[int] = set()
        for needle in needles:
            at = source.find(needle, lo, end)
            while at >= 0:
                line = bisect_right(starts, at)
                lines.add(line)
                if line >= len(starts):
                    break
                at = source.find(needle, starts[line], end)  # the line's next occurrence adds nothing
        found: set[int] = set()
        for line in lines:
            found.update(self._own_on(line))
        return sorted(found)

    def scope_holding(self, stmt: ast.stmt) -> Scope:
        """The scope whose statements `stmt` (a statement of this tree) is one of: a module's, a class's
        or a function's, never a lambda or comprehension around its start."""
        for i in self._own_on(stmt.lineno):
            if self._own[i] is stmt:
                return self._own_scope[i]
        raise ValueError("not a statement of this model")

    def statement(self, i: int) -> ast.stmt:
        """Statement `i` of the line index (`holding`)."""
        return self._own[i]

    def indexed(self, i: int) -> tuple[ast.stmt, Scope | None, str | None]:
        """Statement `i` of the line index (`holding`); the scope every name its own code reads is read
        in, None when that code may hold a lambda or a comprehension (scopes of their own); the text of
        its own lines (None when the model was given no source). What lets a rule tell from the text
        and the scope's bindings, without walking the statement, that it holds no finding."""
        if self._lines is None:
            return self._own[i], None, None
        text = "\n".join(self._lines[self._own_first[i] - 1:self._own_last[i]])
        return self._own[i], None if _nests(text) else self._own_scope[i], text

    def _own_on(self, line: int) -> list[int]:
        lo = bisect_left(self._own_reach, line)  # before it, every statement's own code ends above the line
        hi = bisect_right(self._own_first, line, lo)
        last = self._own_last
        return [i for i in range(lo, hi) if last[i] >= line]

    def scope_of(self, node: ast.AST) -> Scope:
        """The scope a node of this tree is evaluated in."""
        return self.scope_at(start_of(node))

    def _may_nest(self, i: int) -> bool:
        """Whether the own text of statement `i` of the line index can hold a lambda or a comprehension
        (a substring test on its lines, when the model has the source: most statements hold neither)."""
        return self._lines is None or _nests("\n".join(self._lines[self._own_first[i] - 1:self._own_last[i]]))

    def _scan_expression_scopes(self, stmt: ast.stmt, scope: Scope) -> list[Scope]:
        """Lambdas and comprehensions in the statement's own expressions (not in nested blocks)."""
        found: list[Scope] = []
        todo: deque[tuple[ast.AST, Scope]] = deque((c, scope) for c in own_expressions(stmt))
        while todo:
            node, owner = todo.popleft()
            if isinstance(node, ast.Lambda):
                inner = self._new_scope(ScopeKind.LAMBDA, node, owner, start_of(node.body), end_of(node))
                self._bind_parameters(node.args, inner, start_of(node.body))
                found.append(inner)
                todo.extend((d, owner) for d in [*node.args.defaults, *(d for d in node.args.kw_defaults if d)])
                todo.append((node.body, inner))
            elif isinstance(node, _COMPREHENSIONS):
                inner = self._new_scope(ScopeKind.COMPREHENSION, node, owner, start_of(node), end_of(node))
                found.append(inner)
                for i, gen in enumerate(node.generators):
                    todo.append((gen.iter, owner if i == 0 else inner))
                    self._bind_target(gen.target, None, gen, inner, start_of(node), BindingKind.LOOP)
                    todo.extend((cond, inner) for cond in gen.ifs)
                parts = [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]
                todo.extend((p, inner) for p in parts)
            else:
                todo.extend((child, owner) for child in ast.iter_child_nodes(node))
        return found

    # ------------------------------------------------------------------------------ flow
    def reaching(self, scope: Scope, name: str, position: Position) -> tuple[Binding, ...] | None:
        """The bindings of `name` in `scope` that may reach `position` (flow-sensitive); None when
        `scope` never binds `name`."""
        if name not in scope.bindings:
            return None
        if scope.kind in (ScopeKind.LAMBDA, ScopeKind.COMPREHENSION):
            return tuple(scope.bindings[name])
        if scope._versions is None:
            # a body of simple statements only (a module of definitions, a short function with no
            # branch): the flow is their order, followed for the names asked, not all of them at once
            body = getattr(scope.node, "body", [])
            scope._sequential = not self.walrus and all(type(s) in _SIMPLE for s in body)
            scope._versions = {} if scope._sequential else _Flow(self, scope).run()
        versions = scope._versions.get(name)
        if versions is None and scope._sequential:
            versions = scope._versions[name] = self._in_sequence(scope, name)
        if versions is None:
            return ()
        positions, values = versions
        i = bisect_right(positions, position) - 1
        return values[i] if i >= 0 else ()

    def _in_sequence(self, scope: Scope, name: str) -> tuple[list[Position], list[tuple[Binding, ...]]]:
        """What `_Flow` finds for `name` in a scope whose body is simple statements only: its parameter
        (or implicit import) from the start, then each statement of the body binding it, in order."""
        statements = scope._body_ids  # one set per scope, not per name asked about
        if statements is None:
            statements = scope._body_ids = frozenset(id(s) for s in scope.node.body)  # type: ignore[attr-defined]
        positions: list[Position] = []
        values: list[tuple[Binding, ...]] = []
        events = [b for b in scope.bindings[name] if b.kind is BindingKind.PARAMETER or b.node is scope.node]
        events += [b for b in scope.bindings[name] if b.scope is scope and id(b.node) in statements]
        for b in events:
            value = () if b.kind is BindingKind.DELETE else (b,)
            if positions and positions[-1] >= b.position:
                values[-1] = value  # the later event at the same point wins
            else:
                positions.append(b.position)
                values.append(value)
        return positions, values

    def resolve(self, name: str, position: Position) -> tuple[Binding, ...]:
        """The bindings of `name` that a read at `position` may see; () when none does (a builtin,
        a name the module never binds, a local read before it is bound)."""
        return self.resolve_in(self.scope_at(position), name, position)

    def resolve_in(self, scope: Scope, name: str, position: Position) -> tuple[Binding, ...]:
        """Like `resolve`, for a read in `scope` at `position`. Code that runs where it is written
        (the scope itself, a comprehension, a class body) sees the bindings that reach `position`; a
        function or lambda runs later, so what it reads from an enclosing scope is every binding there."""
        current: Scope | None = scope
        in_place = True
        first = True
        while current is not None:
            if first or current.kind is not ScopeKind.CLASS:
                if name in current.globals and current is not self.module:
                    return tuple(self.module.bindings.get(name, ()))
                if name in current.bindings:
                    if in_place:
                        return self.reaching(current, name, position) or ()
                    return tuple(current.bindings[name])
            if current.kind in (ScopeKind.FUNCTION, ScopeKind.LAMBDA):
                in_place = False
            first = False
            current = current.parent
        return ()

    def self_names(self) -> frozenset[str]:
        """The names methods give their instance (`self`, or whatever the first parameter is called)."""
        if self._self_names is None:
            self._self_names = frozenset(s.self_name for s in self.scopes if s.self_name is not None)
        return self._self_names

    def bindings_before(self, name: str, position: Position) -> list[Binding]:
        """Bindings of `name` in the scope at `position` that take effect before it, in source order."""
        scope = self.scope_at(position)
        return [b for b in scope.bindings.get(name, ()) if b.position <= position]

    def attribute_bindings(self, cls: Scope, name: str) -> list[Binding]:
        """`self.<name> = ...` in the methods of `cls`, and `<name> = ...` in its body."""
        return [*cls.attributes.get(name, ()), *cls.bindings.get(name, ())]

    # ------------------------------------------------------------------------- names
    def qualified_name(self, expr: ast.expr) -> str | None:
        """`pd.DataFrame.loc` → `pandas.DataFrame.loc` when `pd` is an import that reaches `expr`;
        None for a name bound otherwise (a parameter called `pd`), calls, subscripts."""
        parts: list[str] = []
        node = expr
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if not isinstance(node, ast.Name):
            return None
        head = self.import_of(node)
        if head is None:
            return None
        return ".".join([head, *reversed(parts)])

    def import_of(self, name: ast.Name) -> str | None:
        """What the import reaching `name` stands for. An import on one branch and a fallback on
        another (`try: import torch` / `except ImportError: torch = None`) still counts; two different
        imports, or no import at all, do not."""
        found = self.resolve(name.id, start_of(name))
        targets = {b.qualified for b in found if b.kind is BindingKind.IMPORT}
        if len(targets) != 1:
            return None
        return targets.pop()

    def statements(self) -> Iterator[ast.stmt]:
        """Every statement of every scope (a scope's own statements in source order)."""
        for scope in self.scopes:
            yield from scope.statements


_TRY = (ast.Try, ast.TryStar) if hasattr(ast, "TryStar") else (ast.Try,)
_SIMPLE = frozenset({ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Import, ast.ImportFrom, ast.Pass,
                     ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Delete, ast.Assert, ast.Global,
                     ast.Nonlocal})
_LEAVING = frozenset({ast.Return, ast.Raise, ast.Break, ast.Continue})
_INERT = frozenset({ast.Expr, ast.Return, ast.Raise, ast.Break, ast.Continue, ast.Assert})  # bind no name, hold no block
_BLOCKLESS = _INERT | {ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Import, ast.ImportFrom, ast.Pass, ast.Delete,
                       ast.Global, ast.Nonlocal}  # own code: the whole statement
_HEADED = frozenset({ast.If, ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith, *_TRY})  # own code: to the block


def _nests(text: str) -> bool:
    """Whether code can hold a lambda or a comprehension: its text spells `lambda` or `for`."""
    return "lambda" in text or "for" in text


def _in_first_iterable(scope: Scope, position: Position) -> bool:
    if scope.kind is not ScopeKind.COMPREHENSION:
        return False
    first = scope.node.generators[0].iter  # type: ignore[attr-defined]
    return start_of(first) <= position <= end_of(first)


def own_lines(stmt: ast.stmt) -> tuple[int, int]:
    """The lines of a statement's own code: a compound statement's header (with its decorators), not
    its blocks."""
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        decorators = stmt.decorator_list
        first = min([d.lineno for d in decorators]) if decorators else stmt.lineno
        return first, max(first, stmt.body[0].lineno - 1)
    body = getattr(stmt, "body", None)
    if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
        return stmt.lineno, max(stmt.lineno, body[0].lineno - 1)
    return stmt.lineno, stmt.end_lineno  # type: ignore[return-value]


def header_holds(stmt: ast.stmt, lines: list[int]) -> bool:
    """Whether one of the sorted 1-based `lines` falls in the statement's own code, with its decorators,
    taken to reach its block's first line (`if (a and\n b): x = 1` ends its header there): the cheap
    pre-check of a rule or analysis that knows on which lines the text it looks for stands."""
    first = stmt.lineno
    decorators = getattr(stmt, "decorator_list", None)
    if decorators:
        first = min(first, *(d.lineno for d in decorators))
    body = getattr(stmt, "body", None)
    last = body[0].lineno if isinstance(body, list) and body and isinstance(body[0], ast.stmt) else stmt.end_lineno
    i = bisect_left(lines, first)
    return i < len(lines) and lines[i] <= last  # type: ignore[operator]


# fields that never hold a node (names, flags, the expression context `Load`/`Store`/`Del`)
_LEAF_FIELDS = frozenset({"id", "attr", "arg", "module", "level", "kind", "type_comment", "conversion", "is_async",
                          "name", "ctx", "simple", "rest", "tag", "kwd_attrs"})
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {ast.Constant: ()}


def child_fields(kind: type) -> tuple[str, ...]:
    """The fields of node type `kind` that may hold nodes, in `_fields` order (no names, flags or contexts)."""
    names = _CHILD_FIELDS.get(kind)
    if names is None:
        names = _CHILD_FIELDS[kind] = tuple(f for f in kind._fields if f not in _LEAF_FIELDS)
    return names


def walk(root: ast.AST) -> list[ast.AST]:
    """The nodes of `ast.walk(root)`, in its (breadth-first) order, less the expression contexts
    (`Load`, `Store`, `Del`, which no rule asks about): a list built without the generator per node
    that `ast.walk` costs, for the paths that walk many statements of a large file."""
    out = [root]
    append = out.append
    fields = _CHILD_FIELDS
    node_type = ast.AST
    i = 0
    while i < len(out):
        node = out[i]
        i += 1
        names = fields.get(type(node))
        if names is None:
            names = child_fields(type(node))
        for name in names:
            value = getattr(node, name, None)
            if type(value) is list:
                for child in value:
                    if isinstance(child, node_type):
                        append(child)
            elif isinstance(value, node_type):
                append(value)
    return out


def own_expressions(stmt: ast.stmt) -> list[ast.AST]:
    """The expressions a statement evaluates itself, not those of the blocks it contains."""
    kind = type(stmt)
    if kind is ast.Expr or kind is ast.Return:  # the commonest statements, their fields read directly
        return [stmt.value] if stmt.value is not None else []  # type: ignore[attr-defined]
    if kind is ast.Assign:
        return [*stmt.targets, stmt.value]  # type: ignore[attr-defined]
    out: list[ast.AST] = []
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        out.extend(stmt.decorator_list)
        if isinstance(stmt, ast.ClassDef):
            out.extend([*stmt.bases, *(k.value for k in stmt.keywords)])
        else:
            out.extend(d for d in [*stmt.args.defaults, *stmt.args.kw_defaults] if d is not None)
        return out
    for name, value in ast.iter_fields(stmt):
        if name in _BLOCK_FIELDS or name == "handlers":
            continue
        if name == "cases":
            out.extend(c.guard for c in value if c.guard is not None)
        elif isinstance(value, ast.AST):
            out.append(value)
        elif isinstance(value, list):
            out.extend(v for v in value if isinstance(v, ast.AST))
    return out


class _Flow:
    """Reaching bindings for one function, class body or module, in one pass over its statements.

    The environment maps each local name to the bindings that may reach the current point; every
    change is recorded as a version of the name at the position it takes effect. Branches start from
    the environment before them and join (union) after; a loop body starts from the join of what
    reaches the loop and what its body binds (the next iteration); an `except` handler from what the
    `try` body may have reached at any point. A block that always returns, raises, breaks or
    continues does not flow into what follows it.
    """

    def __init__(self, model: SemanticModel, scope: Scope) -> None:
        self.model = model
        self.scope = scope
        self.has_walrus = bool(model.walrus)
        self.env: dict[str, tuple[Binding, ...]] = {}
        self.trail: list[tuple[str, tuple[Binding, ...] | None]] = []
        self.versions: dict[str, tuple[list[Position], list[tuple[Binding, ...]]]] = {}
        self.by_node: dict[int, list[Binding]] = {}
        ordered: list[Binding] = []
        for bindings in scope.bindings.values():
            for b in bindings:
                if b.scope is scope and b.kind is not BindingKind.WALRUS:
                    self.by_node.setdefault(id(b.node), []).append(b)
                if b.scope is scope and b.kind not in (BindingKind.PARAMETER, BindingKind.DELETE):
                    ordered.append(b)
        ordered.sort(key=lambda b: b.position)
        self.ordered = ordered
        self.ordered_at = [b.position for b in ordered]

    def run(self) -> dict[str, tuple[list[Position], list[tuple[Binding, ...]]]]:
        for bindings in self.scope.bindings.values():
            for b in bindings:
                if b.kind is BindingKind.PARAMETER or b.node is self.scope.node:  # parameters, implicit imports
                    self._set(b.name, (b,), b.position)
        node = self.scope.node
        self._block(getattr(node, "body", []))
        return self.versions

    # -- the environment
    def _set(self, name: str, value: tuple[Binding, ...], position: Position) -> None:
        self.trail.append((name, self.env.get(name)))
        self.env[name] = value
        self._version(name, value, position)

    def _version(self, name: str, value: tuple[Binding, ...], position: Position) -> None:
        positions, values = self.versions.setdefault(name, ([], []))
        if positions and positions[-1] >= position:
            values[-1] = value  # the later event at the same point wins
        else:
            positions.append(position)
            values.append(value)

    def _changed(self, mark: int) -> dict[str, tuple[Binding, ...]]:
        return {name: self.env.get(name, ()) for name, _ in self.trail[mark:]}

    def _undo(self, mark: int, position: Position) -> None:
        """Back to the environment at `mark`; the restored values are versions from `position` on."""
        restored: dict[str, tuple[Binding, ...] | None] = {}
        for name, old in reversed(self.trail[mark:]):
            restored[name] = old
        del self.trail[mark:]
        for name, old in restored.items():
            if old is None:
                self.env.pop(name, None)
            else:
                self.env[name] = old
            self._version(name, old or (), position)

    def _join(self, outcomes: list[dict[str, tuple[Binding, ...]] | None], position: Position) -> bool:
        """After the branches (the environment is back to before them): each name a live branch
        changed gets the union over the live branches; False when no branch flows on."""
        live = [o for o in outcomes if o is not None]
        if not live:
            return False
        for name in {n for o in live for n in o}:
            merged: dict[int, Binding] = {}
            for outcome in live:
                for b in outcome.get(name, self.env.get(name, ())):
                    merged[id(b)] = b
            self._set(name, tuple(merged.values()), position)
        return True

    def _with_body_bindings(self, body: list[ast.stmt], base: dict[str, tuple[Binding, ...]] | None = None) -> dict[str, tuple[Binding, ...]]:
        """Each name bound anywhere in `body` → the union of what it held (`base`, else now) and
        those bindings: what the name may hold at an arbitrary point of the body's executions."""
        if not body:
            return {}
        lo = bisect_right(self.ordered_at, start_of(body[0])) - 1
        hi = bisect_right(self.ordered_at, end_of(body[-1]))
        found: dict[str, dict[int, Binding]] = {}
        for b in self.ordered[max(lo, 0):hi]:
            if start_of(body[0]) <= b.position <= end_of(body[-1]):
                found.setdefault(b.name, {})[id(b)] = b
        out = {}
        for name, bindings in found.items():
            before = (base if base is not None else self.env).get(name, ())
            out[name] = tuple({**{id(b): b for b in before}, **bindings}.values())
        return out

    # -- statements
    def _bind_here(self, node: ast.AST) -> None:
        found = self.by_node.get(id(node))
        if found:
            for b in found:
                self._set(b.name, () if b.kind is BindingKind.DELETE else (b,), b.position)

    def _walrus(self, stmt: ast.stmt) -> None:
        for b in self.model.walrus.get(id(stmt), ()):
            if b.scope is self.scope:
                self._set(b.name, (b,), b.position)

    def _block(self, body: list[ast.stmt]) -> bool:
        """Walk a block; False when control never leaves its end (return/raise/break/continue)."""
        for stmt in body:
            if not self._statement(stmt):
                return False
        return True

    def _statement(self, stmt: ast.stmt) -> bool:
        kind = type(stmt)
        if kind in _SIMPLE:
            if self.has_walrus:
                self._walrus(stmt)
            self._bind_here(stmt)
            return True
        if self.has_walrus:
            self._walrus(stmt)
        if kind in _LEAVING:
            return False
        if isinstance(stmt, ast.If):
            return self._branches(stmt, [stmt.body, stmt.orelse])
        if isinstance(stmt, (ast.For, ast.AsyncFor, ast.While)):
            return self._loop(stmt)
        if isinstance(stmt, _TRY):
            return self._try(stmt)
        if isinstance(stmt, ast.Match):
            return self._branches(stmt, [c.body for c in stmt.cases], heads=stmt.cases)
        self._bind_here(stmt)
        if isinstance(stmt, (ast.With, ast.AsyncWith)):
            return self._block(stmt.body)
        return True

    def _branches(self, stmt: ast.stmt, blocks: list[list[ast.stmt]], heads: list[ast.AST] | None = None) -> bool:
        """`if`/`else` or the cases of a `match`: each from the environment before, joined after."""
        outcomes: list[dict[str, tuple[Binding, ...]] | None] = []
        for i, block in enumerate(blocks):
            if not block:
                outcomes.append({})
                continue
            mark = len(self.trail)
            if heads is not None:
                self._bind_here(heads[i])
            alive = self._block(block)
            outcomes.append(self._changed(mark) if alive else None)
            self._undo(mark, end_of(block[-1]))
        if heads is not None:
            outcomes.append({})  # no case matched
        return self._join(outcomes, end_of(stmt))

    def _loop(self, stmt: ast.For | ast.AsyncFor | ast.While) -> bool:
        if isinstance(stmt, ast.While):
            carried_at = start_of(stmt)  # the test runs again after each iteration
        else:
            self._bind_here(stmt)  # the target, bound before each iteration
            carried_at = start_of(stmt.body[0])
        carried = self._with_body_bindings(stmt.body)
        before = {name: self.env.get(name, ()) for name in carried}
        for name, value in carried.items():
            self._set(name, value, carried_at)
        mark = len(self.trail)
        self._block(stmt.body)
        self._undo(mark, end_of(stmt.body[-1]))
        # after the loop: what reached it (no iteration), or any binding of the body
        for name, value in self._with_body_bindings(stmt.body, before).items():
            self._set(name, value, end_of(stmt.body[-1]))
        return self._block(stmt.orelse) or True

    def _try(self, stmt: ast.Try) -> bool:
        anywhere = self._with_body_bindings(stmt.body)  # the body may fail at any point
        mark = len(self.trail)
        alive = self._block(stmt.body)
        body_end = self._changed(mark) if alive else None
        restart = start_of(stmt.handlers[0]) if stmt.handlers else start_of(stmt.orelse[0]) if stmt.orelse else end_of(stmt.body[-1])
        self._undo(mark, restart)
        outcomes: list[dict[str, tuple[Binding, ...]] | None] = []
        for handler in stmt.handlers:
            start = len(self.trail)
            for name, value in anywhere.items():
                self._set(name, value, start_of(handler))
            self._bind_here(handler)
            handler_alive = self._block(handler.body)
            outcomes.append(self._changed(start) if handler_alive else None)
            self._undo(start, end_of(handler.body[-1]))
        if stmt.orelse and body_end is not None:
            start = len(self.trail)
            for name, value in body_end.items():
                self._set(name, value, start_of(stmt.orelse[0]))
            orelse_alive = self._block(stmt.orelse)
            outcomes.append(self._changed(start) if orelse_alive else None)
            self._undo(start, end_of(stmt.orelse[-1]))
        else:
            outcomes.append(body_end)
        if not stmt.finalbody:
            return self._join(outcomes, end_of(stmt))
        # `finally` also runs when an exception escapes: then anything the body bound may hold
        alive = self._join([*outcomes, anywhere], start_of(stmt.finalbody[0]))
        self._block(stmt.finalbody)
        return any(o is not None for o in outcomes) and alive
