"""What the rules need to know about receivers, on top of `analysis.kinds`.

`analysis.kinds` answers "is `df` a DataFrame / is `model` a Module". Two questions it doesn't answer
live here, because only rules ask them: an un-annotated parameter that the function plainly uses as
a module (`model.eval()`, `model.parameters()`), and whether a tensor is part of an autograd graph
(needed to tell a real second-backward or in-place bug from harmless tensor code).
"""

from __future__ import annotations

import ast
import re

from notesense.analysis.api import DATAFRAME, MODULE, SERIES, TENSOR
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




def kind(ctx: FileContext, node: ast.expr) -> str | None:
    """The kind the semantic model gives `node` at its position."""
    return ctx.kinds.kind_of(node)


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
