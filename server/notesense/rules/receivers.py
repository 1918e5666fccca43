"""What the rules need to know about receivers, on top of `analysis.infer`.

`infer_kinds` answers "is `df` a DataFrame / is `model` a Module". Two questions it doesn't answer
live here, because only rules ask them: an un-annotated parameter that the function plainly uses as
a module (`model.eval()`, `model.parameters()`), and whether a tensor is part of an autograd graph
(needed to tell a real second-backward or in-place bug from harmless tensor code).
"""

from __future__ import annotations

import ast
import re

from notesense.analysis.infer import DATAFRAME, MODULE, SERIES, TENSOR
from notesense.rules.base import FileContext

# Methods only nn.Module (not optimizers, not data loaders) has; seeing one on a name marks it a module.
_MODULE_USE = re.compile(
    r"\b([A-Za-z_]\w*)\.(?:parameters|named_parameters|named_modules|named_children|register_buffer|eval)\("
)
# Operations whose backward needs their own *output*: writing into that output in place breaks backward.
SAVES_OUTPUT = frozenset(
    "exp tanh sigmoid relu softmax log_softmax sqrt rsqrt exp2 expm1 relu6 hardtanh elu".split()
)
# Results that are cut off from the graph.
_DETACHING = frozenset({"detach", "item", "tolist", "numpy", "cpu_numpy"})
_NO_GRAD_ATTRS = frozenset({"data", "grad", "shape", "dtype", "device"})


# DataFrame attributes that are not columns (`df.attrs[...] = v` is not chained assignment).
_FRAME_PROPERTIES = frozenset(
    "attrs flags columns index values dtypes axes shape style plot loc iloc at iat T empty size ndim "
    "sparse array str dt cat name".split()
)
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def kind(ctx: FileContext, node: ast.expr) -> str | None:
    """`infer`'s kind, refined where precision needs flow order or pandas' column attributes.

    `infer` is flow-insensitive: after `df = pd.read_csv(p); df = df.append(row)` it (rightly, for
    completion) calls `df` unknown. A rule looking at the `append` call wants the binding that is
    live *there*, so an unknown name falls back to its latest binding above it in the same scope.
    """
    result = ctx.kinds.kind_of(node)
    if result is not None:
        return result
    if isinstance(node, ast.Name):
        return _latest_binding_kind(ctx, node)
    if isinstance(node, ast.Attribute) and node.attr not in _FRAME_PROPERTIES and not node.attr.startswith("_"):
        if kind(ctx, node.value) == DATAFRAME:
            return SERIES
    return None


class _Bindings:
    """Every binding of every name, per scope, in source order (built once per file, on demand)."""

    def __init__(self, tree: ast.Module) -> None:
        self.by_scope: dict[tuple[int, str], list[tuple[tuple[int, int], ast.expr | None]]] = {}
        self.scopes: list[ast.AST] = []
        self.parent: dict[int, ast.AST] = {}
        self._visit(tree, tree)
        for entries in self.by_scope.values():
            entries.sort(key=lambda e: e[0])

    def _bind(self, scope: ast.AST, name: str, at: ast.AST, value: ast.expr | None) -> None:
        pos = (getattr(at, "end_lineno", 0) or 0, getattr(at, "end_col_offset", 0) or 0)
        self.by_scope.setdefault((id(scope), name), []).append((pos, value))

    def _visit(self, node: ast.AST, scope: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, _SCOPES):
                self.scopes.append(child)
                self.parent[id(child)] = scope
                if not isinstance(child, ast.Lambda):
                    self._bind(scope, child.name, child, None)
                if not isinstance(child, ast.ClassDef):
                    for arg in ast.walk(child.args):
                        if isinstance(arg, ast.arg):
                            self._bind(child, arg.arg, child.args, None)
                self._visit(child, child)
                continue
            if isinstance(child, ast.Assign) and all(isinstance(t, ast.Name) for t in child.targets):
                for target in child.targets:
                    self._bind(scope, target.id, child, child.value)  # type: ignore[attr-defined]
                self._visit(child.value, scope)
                continue
            if isinstance(child, ast.AnnAssign) and isinstance(child.target, ast.Name):
                self._bind(scope, child.target.id, child, child.value)
                if child.value is not None:
                    self._visit(child.value, scope)
                continue
            if isinstance(child, ast.Name) and not isinstance(child.ctx, ast.Load):
                self._bind(scope, child.id, child, None)
            elif isinstance(child, (ast.Import, ast.ImportFrom)):
                for alias in child.names:
                    self._bind(scope, (alias.asname or alias.name).split(".")[0], child, None)
            self._visit(child, scope)

    def scope_of(self, node: ast.AST, tree: ast.Module) -> ast.AST:
        best: ast.AST = tree
        line = node.lineno  # type: ignore[attr-defined]
        for scope in self.scopes:
            if scope.lineno <= line <= scope.end_lineno and (best is tree or scope.lineno >= best.lineno):  # type: ignore[attr-defined]
                if not isinstance(scope, ast.ClassDef) or best is tree:
                    best = scope
        return best


def _latest_binding_kind(ctx: FileContext, node: ast.Name) -> str | None:
    bindings = ctx.memo.get("bindings")
    if bindings is None:
        bindings = ctx.memo["bindings"] = _Bindings(ctx.tree)
    assert isinstance(bindings, _Bindings)
    scope = bindings.scope_of(node, ctx.tree)
    pos = (node.lineno, node.col_offset)
    while True:
        entries = bindings.by_scope.get((id(scope), node.id))
        if entries:
            if scope is bindings.scope_of(node, ctx.tree):
                before = [value for at, value in entries if at <= pos]
                return ctx.kinds.kind_of(before[-1]) if before and before[-1] is not None else None
            kinds = {ctx.kinds.kind_of(v) if v is not None else None for _, v in entries}
            return kinds.pop() if len(kinds) == 1 else None
        if scope is ctx.tree:
            return None
        scope = bindings.parent[id(scope)]
        while isinstance(scope, ast.ClassDef):
            scope = bindings.parent[id(scope)]


def is_frame(ctx: FileContext, node: ast.expr) -> bool:
    return kind(ctx, node) == DATAFRAME


def is_pandas(ctx: FileContext, node: ast.expr) -> bool:
    return kind(ctx, node) in (DATAFRAME, SERIES)


def module_names(ctx: FileContext) -> frozenset[str]:
    """Names the file uses with module-only methods (`model.eval()`), computed once per file."""
    names = ctx.memo.get("module_names")
    if names is None:
        names = frozenset(m[1] for m in _MODULE_USE.finditer(ctx.source)) - {"self", "torch", "nn"}
        ctx.memo["module_names"] = names
    return names  # type: ignore[return-value]


def is_module(ctx: FileContext, node: ast.expr) -> bool:
    """An nn.Module by inference, or a bare name the file uses as one."""
    if kind(ctx, node) == MODULE:
        return True
    return isinstance(node, ast.Name) and node.id in module_names(ctx)


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


def requires_grad_leaf(ctx: FileContext, node: ast.expr) -> bool:
    """`torch.randn(..., requires_grad=True)`, `nn.Parameter(...)`, `t.requires_grad_()`."""
    if not isinstance(node, ast.Call):
        return False
    kw = keyword(node, "requires_grad")
    if kw is not None and is_true(kw.value):
        return True
    if isinstance(node.func, ast.Attribute) and node.func.attr == "requires_grad_":
        return True
    return ctx.qualname(node.func) in ("torch.nn.Parameter", "torch.nn.parameter.Parameter")


class GradEnv:
    """Which local names hold graph tensors, updated statement by statement in source order.

    A name is in the graph when its value comes from calling a module, from a leaf that requires
    grad, or from any operation on such a value; `.detach()`, `.item()` and `.data` cut it off.
    """

    def __init__(self, ctx: FileContext, graph: set[str] | None = None) -> None:
        self.ctx = ctx
        self.graph: set[str] = set(graph or ())

    def copy(self) -> GradEnv:
        return GradEnv(self.ctx, self.graph)

    def in_graph(self, expr: ast.expr) -> bool:
        outer = expr
        if isinstance(outer, ast.Call) and call_name(outer) in _DETACHING:
            return False
        if isinstance(outer, ast.Attribute) and outer.attr in _NO_GRAD_ATTRS:
            return False
        for node in ast.walk(expr):
            if isinstance(node, ast.Name) and node.id in self.graph:
                return True
            if isinstance(node, ast.Call) and (requires_grad_leaf(self.ctx, node) or is_module(self.ctx, node.func)):
                return True
        return False


def saves_output(ctx: FileContext, value: ast.expr) -> bool:
    """The outermost operation of `value` keeps its result for backward (`torch.exp`, `x.tanh()`)."""
    return isinstance(value, ast.Call) and call_name(value) in SAVES_OUTPUT and kind(ctx, value) in (TENSOR, None)
