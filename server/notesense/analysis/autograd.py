"""The autograd environment the torch rules need: which values carry a graph, which outputs autograd saved.

A value is part of an autograd graph when it comes from calling a module, from a leaf that requires
grad (`torch.randn(..., requires_grad=True)`, `nn.Parameter(...)`, `t.requires_grad_()`), or from
any operation on such a value; `.detach()`, `.item()`, `.tolist()`, `.numpy()` and `.data` cut it
off. Names are followed through the bindings that reach them (`analysis.semantic`), so the answer
is the one at the position asked about. An operation *saves its output* when its backward reads
it (`exp`, `tanh`, `sigmoid`, `relu`, `softmax` …), and so does a module that ends in one: `nn.Tanh()`,
an `nn.Sequential(…, nn.Tanh())`, a local module whose `forward` returns such an output.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from notesense.analysis import api
from notesense.analysis.flow import definitions, own_nodes
from notesense.analysis.kinds import Kinds
from notesense.analysis.semantic import BindingKind, Position, ScopeKind, SemanticModel, call_name, end_of, is_true, keyword, start_of

MAX_DEPTH = 8  # bindings followed when asking whether a value is in the graph
# a module-only method called (`.eval(`): found first, the name before it read back from there (a
# pattern that starts with the name tries every word of the file, 30 times slower on the lint corpus)
_MODULE_CALL = re.compile(r"\.(?:" + "|".join(sorted(api.MODULE_ONLY_METHODS)) + r")\(")
_NAME_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")


@lru_cache(maxsize=1)
def _spells_saving_module(source: str) -> bool:
    """`Autograd.may_save_in_modules` of a text, once per text: a large file is analysed in parts, each
    with its own autograd environment over the same text (kept until the next text is asked about)."""
    return "forward" in source or any(name in source for name in api.SAVES_OUTPUT_CLASS_NAMES)


class Autograd:
    """Graph questions about the expressions of one analysed file."""

    def __init__(self, model: SemanticModel, kinds: Kinds, source: str) -> None:
        self.model = model
        self.kinds = kinds
        self.source = source
        self._module_names: frozenset[str] | None = None
        self._saving_modules: bool | None = None  # see `may_save_in_modules`
        self._graph: dict[int, bool] = {}
        self._active: set[int] = set()
        self._grad_off: dict[int, list[tuple[Position, Position]]] | None = None  # see `grad_off`

    # ------------------------------------------------------------------------------ modules
    def module_names(self) -> frozenset[str]:
        """Names the file uses with module-only methods (`model.eval()`): a parameter called
        `model` that nothing annotates is still a module there."""
        if self._module_names is None:
            source = self.source
            found: set[str] = set()
            for call in _MODULE_CALL.finditer(source):
                end = start = call.start()
                while start and (source[start - 1].isalnum() or source[start - 1] == "_"):  # what `\w` matches
                    start -= 1
                if start < end and source[start] in _NAME_START:  # a name, not `2.eval(` nor `é.eval(`
                    found.add(source[start:end])
            self._module_names = frozenset(found - {"self", "torch", "nn"})
        return self._module_names

    def is_module(self, node: ast.expr) -> bool:
        """An nn.Module by inference, or a bare name the file uses as one."""
        if self.kinds.kind_of(node) == api.MODULE:
            return True
        return isinstance(node, ast.Name) and node.id in self.module_names()

    def may_save_in_modules(self) -> bool:
        """Whether the text spells a module that can save its output: an activation's class (`Tanh`,
        for itself or a container's last layer) or a local module's `forward`. Most files spell
        neither, and no call there is asked where its callee was bound (`module_saves_output`)."""
        if self._saving_modules is None:
            self._saving_modules = _spells_saving_module(self.source)
        return self._saving_modules

    def module_saves_output(self, module: ast.expr, depth: int = 2) -> bool:
        """Calling `module` returns an output autograd saved: a saving activation, a container whose
        last layer is one, or a local module whose forward returns such a value."""
        if not self.may_save_in_modules():
            return False
        values = definitions(self.model, module) if isinstance(module, (ast.Name, ast.Attribute)) else [module]
        if not values:
            return False
        return all(self._constructs_saving_module(v, depth) for v in values)

    def _constructs_saving_module(self, value: ast.expr, depth: int) -> bool:
        if not isinstance(value, ast.Call):
            return False
        cls = self.kinds.class_of(value)
        if cls in api.SAVES_OUTPUT_MODULES:
            return True
        if cls is not None and api.name_of(cls) in api.CONTAINER_MODULES and value.args:
            last = value.args[-1]
            return not isinstance(last, ast.Starred) and self._constructs_saving_module(last, depth)
        if depth > 0 and cls == api.MODULE:
            forward = self.kinds.method_of(value, "forward")
            if forward is not None:
                returns = [s.value for s in forward.statements if isinstance(s, ast.Return) and s.value is not None]
                return bool(returns) and all(self.saves_output(r, depth - 1) for r in returns)
        return False

    # ------------------------------------------------------------------------------ leaves
    def requires_grad_leaf(self, node: ast.expr) -> bool:
        """`torch.randn(..., requires_grad=True)`, `nn.Parameter(...)`, `t.requires_grad_()`."""
        if not isinstance(node, ast.Call):
            return False
        kw = keyword(node, "requires_grad")
        if kw is not None and is_true(kw.value):
            return True
        if isinstance(node.func, ast.Attribute) and node.func.attr == "requires_grad_":
            return True
        return self.model.qualified_name(node.func) in api.LEAF_FACTORIES

    def leaf_like(self, value: ast.expr) -> bool:
        """A leaf that requires grad, maybe moved or reshaped (`torch.rand(..., requires_grad=True).cuda()`):
        its graph saves no tensors, so sharing it between two backward calls is harmless."""
        while isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr in api.CONVERSIONS:
            if value.func.attr == "requires_grad_":
                return True
            value = value.func.value
        return self.requires_grad_leaf(value)

    # ------------------------------------------------------------------------------ grad mode
    def grad_off(self, node: ast.AST) -> bool:
        """Autograd records nothing where `node` runs: in a `with torch.no_grad():` block (or
        `inference_mode()`, `set_grad_enabled(False)`), in a function decorated with one, or after a
        `torch.set_grad_enabled(False)` statement of its scope. What runs there holds no graph and
        saves nothing for backward, whatever it reads. (A nested function's own code is asked of that
        function, which runs later; a lambda or comprehension of its enclosing function.)"""
        if self._grad_off is None:
            self._grad_off = self._grad_off_spans()
        at = start_of(node)
        scope = self.model.scope_at(at)
        while scope.kind not in (ScopeKind.FUNCTION, ScopeKind.MODULE) and scope.parent is not None:
            scope = scope.parent
        return any(start <= at <= end for start, end in self._grad_off.get(id(scope), ()))

    def _grad_off_spans(self) -> dict[int, list[tuple[Position, Position]]]:
        """Each function's and the module's spans with autograd off (`grad_off`), by id of its scope."""
        spans: dict[int, list[tuple[Position, Position]]] = {}
        for scope in self.model.scopes:
            if scope.kind not in (ScopeKind.FUNCTION, ScopeKind.MODULE):
                continue
            found: list[tuple[Position, Position]] = []
            if scope.kind is ScopeKind.FUNCTION and any(grad_off_call(d) for d in scope.node.decorator_list):  # type: ignore[attr-defined]
                found.append((scope.start, scope.end))
            for stmt in scope.statements:
                if isinstance(stmt, (ast.With, ast.AsyncWith)) and any(grad_off_call(i.context_expr) for i in stmt.items):
                    found.append((start_of(stmt.body[0]), end_of(stmt)))
                elif isinstance(stmt, ast.Expr) and grad_off_call(stmt.value) and call_name(stmt.value) == "set_grad_enabled":
                    found.append((end_of(stmt), scope.end))
            if found:
                spans[id(scope)] = found
        return spans

    # ------------------------------------------------------------------------------ graph
    def in_graph(self, expr: ast.expr, depth: int = MAX_DEPTH) -> bool:
        """`expr` evaluates to a tensor that is part of an autograd graph."""
        if isinstance(expr, ast.Call) and call_name(expr) in api.DETACHING:
            return False
        if isinstance(expr, ast.Attribute) and expr.attr in api.NO_GRAD_ATTRS:
            return False
        for node in _graph_nodes(expr):
            if isinstance(node, ast.Call) and (self.requires_grad_leaf(node) or self.is_module(node.func)):
                return True
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and depth > 0 and self._name_in_graph(node, depth):
                return True
        return False

    def _name_in_graph(self, name: ast.Name, depth: int) -> bool:
        bindings = self.model.resolve(name.id, start_of(name))
        found = False
        for b in bindings:
            key = id(b)
            if key in self._graph:
                found = found or self._graph[key]
                continue
            if key in self._active or b.value is None:
                continue  # (an unpacked element of a graph computation's result is in the graph too)
            self._active.add(key)
            try:
                result = self.in_graph(b.value, depth - 1)
            finally:
                self._active.discard(key)
            self._graph[key] = result
            found = found or result
        return found

    def saves_output(self, value: ast.expr, depth: int = 2, check_module: bool = True) -> bool:
        """The outermost operation of `value` keeps its result for backward: `torch.exp(h)`, `x.tanh()`,
        `self.actor(state)` where `self.actor = nn.Sequential(..., nn.Tanh())`. Without `check_module`,
        a call whose callee ends in such an operation counts without asking whether it is a module
        (cheaper: no kinds)."""
        if not isinstance(value, ast.Call):
            return False
        if call_name(value) in api.SAVES_OUTPUT:
            return not check_module or self.kinds.kind_of(value) in (api.TENSOR, None)
        func = value.func
        return self.module_saves_output(func, depth) and (not check_module or self.is_module(func))


def graph_reads(expr: ast.expr) -> Iterator[ast.Name]:
    """Names whose graph `expr` reaches: not those under `.detach()`, `.item()`, `.data` or `.grad`."""
    for node in _graph_nodes(expr):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            yield node


def _graph_nodes(expr: ast.expr) -> Iterator[ast.AST]:
    """The nodes of `expr` through which a graph may flow: none under a call that detaches (its
    receiver; its arguments still count) nor under an attribute that holds no graph (`w.grad`,
    `x.data`, `x.shape`): `v = gamma * v + lr * w.grad` is a plain tensor, whatever `w` is."""
    todo: list[ast.AST] = [expr]
    while todo:
        node = todo.pop()
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in api.DETACHING:
            todo.extend(node.args)
            todo.extend(k.value for k in node.keywords)
            continue
        if isinstance(node, ast.Attribute) and node.attr in api.NO_GRAD_ATTRS:
            continue
        yield node
        todo.extend(ast.iter_child_nodes(node))


@dataclass
class _Def:
    """One assignment in a region: the definitions it read, whether it holds a graph tensor, whether
    it is a leaf, and the names it read from the previous iteration of the loop."""

    deps: set[int]
    graph: bool
    leaf: bool = False
    carried: set[str] = field(default_factory=set)


@dataclass
class GraphUse:
    """A call that consumes a graph (a `backward()`), with the forward computations of its region it
    reaches (`defs`: indices of graph definitions that are not leaves) and the loop-carried names
    through which it reaches into the previous iteration."""

    call: ast.Call
    stmt: ast.stmt
    target: ast.expr
    defs: set[int]
    carried: set[str]


class RegionGraph:
    """The definitions of one region in order and what each graph use in it reaches.

    `use(node)` recognises a graph-consuming call among a statement's nodes and returns (call, the
    tensor it consumes). A barrier (a statement that did not parse) ends what is known: uses and
    definitions before it are not related to those after it.
    """

    def __init__(self, ag: Autograd, statements: list[ast.stmt], loop: ast.For | ast.AsyncFor | ast.While | None,
                 use: Callable[[ast.AST], tuple[ast.Call, ast.expr] | None], barrier: Callable[[ast.stmt], bool]) -> None:
        self.ag = ag
        self.loop = loop is not None
        # a `for` loop's target is bound afresh by every iteration: it carries nothing from the previous one
        self.fresh = set(assigned_names(loop.target)) if isinstance(loop, (ast.For, ast.AsyncFor)) else set()
        self.defs: list[_Def] = []
        self.current: dict[str, int] = {}
        self.uses: list[GraphUse] = []
        self.segments: list[list[GraphUse]] = [[]]
        self.assigned = {n for s in statements for t in _targets(s) for n in assigned_names(t)}
        self.unrecorded = {id(inner) for s in statements if isinstance(s, (ast.With, ast.AsyncWith))
                           and any(grad_off_call(i.context_expr) for i in s.items)
                           for inner in _statements_in(s.body)}
        for stmt in statements:
            if barrier(stmt):
                self.current.clear()
                self.segments.append([])
                self.assigned = set()  # nothing is known to carry across an unknown statement
                continue
            self._statement(stmt, use)

    def _reads(self, expr: ast.expr) -> tuple[set[int], set[str]]:
        """The definitions `expr` reads and the names it reads from the previous iteration. A name read
        only through something the analysis cannot see through (`_unseen_reads`) is carried by no
        known path: `h = tuple(e.detach() for e in h)`, `h = repackage_hidden(h)` may well cut it off."""
        deps: set[int] = set()
        carried: set[str] = set()
        unseen = self._unseen_reads(expr)
        for node in graph_reads(expr):
            self._read(node.id, deps, set() if id(node) in unseen else carried)
        return deps, carried

    def _unseen_reads(self, expr: ast.expr) -> set[int]:
        """The names (by id) read in `expr` under a comprehension, a lambda or a call of a function
        that is neither torch's nor a module (one the file defines or imports from elsewhere), or of
        one given such a function (`map(lambda t: t.detach(), h)`): what that code makes of them is
        not known."""
        unseen: set[int] = set()
        for node in _graph_nodes(expr):
            if isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.Lambda)) or (
                    isinstance(node, ast.Call) and (self._foreign(node.func) or any(
                        isinstance(a, ast.Lambda) or self._defined(a) for a in node.args))):
                unseen.update(id(n) for n in ast.walk(node) if isinstance(n, ast.Name))
        return unseen

    def _defined(self, expr: ast.expr) -> bool:
        """A name bound to a function the file defines (`def repackage_hidden(h): ...`)."""
        return isinstance(expr, ast.Name) and any(b.kind is BindingKind.DEFINITION
                                                  for b in self.ag.model.resolve(expr.id, start_of(expr)))

    def _foreign(self, func: ast.expr) -> bool:
        """A callee whose code the analysis does not follow: a function the file defines, or one
        imported from outside torch (`from utils import repackage_hidden`)."""
        if self._defined(func):
            return True
        qualified = self.ag.model.qualified_name(func)
        return qualified is not None and qualified.split(".")[0] != "torch" and not self.ag.is_module(func)

    def _read(self, name: str, deps: set[int], carried: set[str]) -> None:
        if name in self.current:
            deps.add(self.current[name])
        elif self.loop and name in self.assigned and name not in self.fresh:
            carried.add(name)

    def closure(self, deps: set[int]) -> tuple[set[int], set[str]]:
        """The graph definitions reachable from `deps` (leaves excluded), and the carried names on the way."""
        seen: set[int] = set()
        carried: set[str] = set()
        todo = list(deps)
        while todo:
            i = todo.pop()
            if i in seen:
                continue
            seen.add(i)
            if not self.defs[i].graph:
                continue  # detached or never in the graph: the chain stops here
            carried |= self.defs[i].carried
            todo.extend(self.defs[i].deps)
        return {i for i in seen if self.defs[i].graph and not self.defs[i].leaf}, carried

    def _statement(self, stmt: ast.stmt, use) -> None:
        for node in own_nodes(stmt):
            found = use(node)
            if found is not None:
                call, target = found
                deps, carried = self._reads(target)
                reached, carried_via = self.closure(deps)
                graph_use = GraphUse(call, stmt, target, reached, carried | carried_via)
                self.uses.append(graph_use)
                self.segments[-1].append(graph_use)
        if isinstance(stmt, ast.If):  # a branch's assignments are its own region's; what every path leaves is this one's
            cut = self._cut(stmt)
        else:
            cut = {name} if (name := _detached_in_place(stmt)) else set()
        for name in cut:
            self.defs.append(_Def(set(), False))
            self.current[name] = len(self.defs) - 1
        if cut or isinstance(stmt, ast.If):
            return
        targets = _targets(stmt)
        value = getattr(stmt, "value", None)
        if not targets or value is None:
            return
        deps, carried = self._reads(value)
        names = [n for t in targets for n in assigned_names(t)]
        is_graph = self.ag.in_graph(value)
        if isinstance(stmt, ast.AugAssign):
            for name in names:
                self._read(name, deps, carried)
            is_graph = is_graph or any(self.defs[self.current[n]].graph for n in names if n in self.current)
        if id(stmt) in self.unrecorded:
            # under `torch.no_grad()` autograd records nothing: `w -= lr * w.grad` leaves the leaf a leaf,
            # `x = f(w)` holds no graph (an in-place update of a graph tensor keeps the graph it had)
            previous = [self.defs[self.current[n]] for n in names if n in self.current]
            is_graph = isinstance(stmt, ast.AugAssign) and any(d.graph and not d.leaf for d in previous)
        leaf = self.ag.leaf_like(value) or (is_graph and not isinstance(stmt, ast.AugAssign) and self._saves_nothing(value))
        self.defs.append(_Def(deps, is_graph, leaf, carried if is_graph else set()))
        for name in names:
            self.current[name] = len(self.defs) - 1

    def _cut(self, stmt: ast.If) -> set[str]:
        """The names every path through an `if` leaves holding no graph: rebound to a detached value, or
        None where the test says so. An RNN loop cuts its carried state off so (`if state is not None:`,
        then `state = state.detach()`, or a tuple of detached tensors for an LSTM's `(h, c)`)."""
        paths = [self._path_cut(stmt.body), self._path_cut(stmt.orelse)]
        for path, none in zip(paths, _none_tested(stmt.test)):
            if none:
                path.add(none)  # `if h is not None: …` leaves `h` None on the other path
        return paths[0] & paths[1]

    def _path_cut(self, body: list[ast.stmt]) -> set[str]:
        """The names one branch's statements leave bound to a value that holds no graph."""
        cut: set[str] = set()
        for stmt in body:
            if isinstance(stmt, ast.If):
                cut |= self._cut(stmt)
            elif name := _detached_in_place(stmt):
                cut.add(name)
            elif (targets := _targets(stmt)) and (value := getattr(stmt, "value", None)) is not None:
                names = {n for t in targets for n in assigned_names(t)}
                if isinstance(stmt, ast.Assign) and not self.ag.in_graph(value):
                    cut |= names
                else:
                    cut -= names
        return cut

    def _saves_nothing(self, value: ast.expr) -> bool:
        """`value` is made from leaves (or values made so) by operations that save no tensor for backward
        (`api.SAVES_NOTHING`, `+`, `-`, plain indexing), or holds no graph at all: like a leaf, sharing it
        between two backward calls is harmless."""
        if isinstance(value, ast.Name) and (at := self.current.get(value.id)) is not None:
            return self.defs[at].leaf or not self.defs[at].graph
        if isinstance(value, ast.BinOp) and isinstance(value.op, (ast.Add, ast.Sub)):
            return self._saves_nothing(value.left) and self._saves_nothing(value.right)
        if isinstance(value, ast.UnaryOp) and isinstance(value.op, (ast.USub, ast.UAdd)):
            return self._saves_nothing(value.operand)
        if isinstance(value, (ast.List, ast.Tuple)):
            return all(self._saves_nothing(e) for e in value.elts)
        if isinstance(value, ast.Subscript) and _plain_index(value.slice):
            return self._saves_nothing(value.value)
        if isinstance(value, ast.Call) and isinstance(func := value.func, ast.Attribute) and func.attr in api.SAVES_NOTHING:
            qualified = self.ag.model.qualified_name(func)  # None for a method, whose receiver is an operand too
            if qualified is None or qualified == f"torch.{func.attr}":
                operands = [*value.args, *(k.value for k in value.keywords), *([func.value] if qualified is None else [])]
                return all(self._saves_nothing(o) for o in operands)
        return not self.ag.in_graph(value)

    def holds_graph(self, name: str) -> bool:
        """`name`'s last definition in the region holds a graph tensor."""
        return name in self.current and self.defs[self.current[name]].graph


def _detached_in_place(stmt: ast.stmt) -> str | None:
    """The name a statement detaches in place (`h.detach_()`)."""
    call = stmt.value if isinstance(stmt, ast.Expr) else None
    if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "detach_" \
            and isinstance(call.func.value, ast.Name):
        return call.func.value.id
    return None


def _none_tested(test: ast.expr) -> tuple[str | None, str | None]:
    """The name a test says is None on its true path or on its false one: `h is None` (true),
    `h is not None` (false)."""
    if isinstance(test, ast.Compare) and isinstance(test.left, ast.Name) and len(test.ops) == 1 \
            and isinstance(test.comparators[0], ast.Constant) and test.comparators[0].value is None:
        if isinstance(test.ops[0], ast.Is):
            return test.left.id, None
        if isinstance(test.ops[0], ast.IsNot):
            return None, test.left.id
    return None, None


def grad_off_call(expr: ast.expr) -> bool:
    """`torch.no_grad()`, `torch.inference_mode()`, `torch.set_grad_enabled(False)` (also a decorator
    written without the call, `@torch.no_grad`): a context in which autograd records nothing."""
    name = expr.attr if isinstance(expr, ast.Attribute) else call_name(expr)
    if name not in api.GRAD_GUARDS or name == "set_grad_enabled" and isinstance(expr, ast.Attribute):
        return False
    return name != "set_grad_enabled" or (bool(expr.args) and isinstance(expr.args[0], ast.Constant)  # type: ignore[attr-defined]
                                          and expr.args[0].value is False)  # type: ignore[attr-defined]


def _statements_in(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """The statements of a block and of the blocks in it, not of the functions and classes it defines."""
    todo = list(body)
    while todo:
        stmt = todo.pop()
        yield stmt
        if not isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            todo.extend(c for c in ast.iter_child_nodes(stmt) if isinstance(c, ast.stmt))
            for handler in getattr(stmt, "handlers", ()):
                todo.extend(handler.body)
            for case in getattr(stmt, "cases", ()):
                todo.extend(case.body)


def _plain_index(index: ast.expr) -> bool:
    """`[0]`, `[1:]`, `[0, :2]`: an index whose backward keeps no tensor (a tensor index is saved)."""
    parts = index.elts if isinstance(index, ast.Tuple) else [index]
    return all(isinstance(p, ast.Constant) or (isinstance(p, ast.Slice) and all(
        b is None or isinstance(b, ast.Constant) for b in (p.lower, p.upper, p.step))) for p in parts)


def assigned_names(target: ast.expr) -> list[str]:
    """Names bound by a target (`out, h = ...`), not names only read in it (`opt[0] = ...`)."""
    return [n.id for n in ast.walk(target) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)]


def _targets(stmt: ast.stmt) -> list[ast.expr]:
    if isinstance(stmt, ast.Assign):
        return stmt.targets
    if isinstance(stmt, (ast.AnnAssign, ast.AugAssign)):
        return [stmt.target]
    return []
