"""NS202: an in-place write into a tensor whose value autograd saved for backward."""

from __future__ import annotations

import ast

from notesense.analysis import api
from notesense.analysis.flow import definitions
from notesense.analysis.semantic import Scope, ScopeKind
from notesense.rules.base import Bad, Fix, Rule, example


def _written(stmt: ast.stmt) -> tuple[ast.Name, ast.AST] | None:
    """The tensor a statement writes into in place, and the node to report: `x[...] = v`, `x[...] += v`,
    `x += v`, `x.add_(v)`. (Asked of every write and expression statement: exact type tests, the cheapest.)"""
    kind = type(stmt)
    if kind is ast.Assign:
        if len(stmt.targets) == 1:  # type: ignore[attr-defined]
            target = stmt.targets[0]  # type: ignore[attr-defined]
            if type(target) is ast.Subscript and type(target.value) is ast.Name:
                return target.value, target  # type: ignore[return-value]
    elif kind is ast.AugAssign:
        target = stmt.target  # type: ignore[attr-defined]
        if type(target) is ast.Subscript and type(target.value) is ast.Name:
            return target.value, target  # type: ignore[return-value]
        if type(target) is ast.Name:
            return target, target
    elif kind is ast.Expr and type(stmt.value) is ast.Call:  # type: ignore[attr-defined]
        func = stmt.value.func  # type: ignore[attr-defined]
        if (type(func) is ast.Attribute and type(func.value) is ast.Name and func.attr.endswith("_")
                and not func.attr.startswith("_") and func.attr not in ("requires_grad_", "share_memory_")):
            return func.value, stmt.value  # type: ignore[attr-defined]
    return None


class InplaceAutograd(Rule):
    """In-place write into a tensor that autograd still needs.

    What it does:
        Finds in-place writes (`x[:, 0:3] = ...`, `x[i] += ...`, `x += ...`, `x.clamp_(...)`) into
        a tensor produced in the forward pass by an operation whose backward uses its own output
        (`exp`, `tanh`, `sigmoid`, `relu`, `softmax`, ...). A tensor produced under
        `torch.no_grad()` (or `inference_mode()`, `set_grad_enabled(False)`) is in no graph: writing
        into it is fine.

    Why is this bad?
        Those operations save their result for the backward pass. Overwriting it bumps the
        tensor's version and `backward()` fails with `RuntimeError: one of the variables needed
        for gradient computation has been modified by an inplace operation`.

    做什么:
        查找对前向计算中某个张量的原地写入（`x[:, 0:3] = ...`、`x[i] += ...`、`x += ...`、
        `x.clamp_(...)`），而产生它的运算在反向时要用到自己的输出（`exp`、`tanh`、
        `sigmoid`、`relu`、`softmax` 等）。在 `torch.no_grad()`（或 `inference_mode()`、
        `set_grad_enabled(False)`）里产生的张量不在计算图中，原地写入没有问题。

    为什么不好:
        这些运算把结果保存下来供反向传播使用。覆盖它会改变张量的版本号，`backward()`
        随即失败：`RuntimeError: one of the variables needed for gradient computation has
        been modified by an inplace operation`。

    Example:
        x = torch.exp(model(h))
        x[:, 0:3] = F.softmax(x[:, 0:3], dim=1)

    Use instead:
        x = torch.exp(model(h))
        x = x.clone()
        x[:, 0:3] = F.softmax(x[:, 0:3], dim=1)
        # or build a new tensor: x = torch.cat([F.softmax(x[:, 0:3], dim=1), x[:, 3:]], dim=1)
    """

    code = "NS202"
    name = "inplace-autograd"
    context = "torch"
    severity = "warning"
    message = "In-place write into a tensor autograd saved for backward; backward() will fail"
    hint = "原地修改了 autograd 反向需要的张量，backward 会报错；先 x = x.clone() 或用 torch.cat 生成新张量"
    note = "torch-pitfalls.md"
    note_symbols = ("torch.Tensor.clone", "torch.cat")
    note_keywords = ("modified by an inplace operation", "inplace", "原地修改")
    fix_safety = "unsafe"
    # a finding needs a producer that saves its output, and each spells one of these words (the
    # operation, `x.exp()`, or the activation module's class, `nn.Tanh()`, a container's last layer,
    # or what a local module's `forward` returns): a file that spells none has no in-place write to ask about
    # (the operations first: a file this rule runs on mostly calls one, and the gate stops at the first found)
    triggers = (*sorted(api.SAVES_OUTPUT), *sorted(api.SAVES_OUTPUT_CLASS_NAMES))

    GOOD = [
        example("""\
            import torch
            import torch.nn.functional as F
            w = torch.randn(2, 5, requires_grad=True)
            x = torch.exp(w)
            x = x.clone()
            x[:, 0:3] = F.softmax(x[:, 0:3], dim=1)
            """),
        example("""\
            import torch
            x = torch.zeros(2, 5)
            x[:, 0:3] = torch.softmax(x[:, 0:3], dim=1)
            """),
        example("""\
            import torch
            import torch.nn as nn
            lin = nn.Linear(5, 5)
            x = lin(torch.randn(2, 5))
            x[:, 0] = 0
            """),
        example("""\
            import torch
            w = torch.randn(3, requires_grad=True)
            with torch.no_grad():
                w.data = w.exp().data
            """),
        example("""\
            import torch
            scores = {'a': [1, 2]}
            scores['a'][0] = 3
            """),
        example("""\
            import torch
            import torch.nn as nn
            model = nn.Linear(3, 2)
            x = torch.randn(4, 3)
            model.eval()
            with torch.no_grad():
                probs = torch.softmax(model(x), dim=1)
                probs[probs < 0.5] = 0
            """),
        example("""\
            import torch
            w = torch.randn(3, requires_grad=True)
            
            
            @torch.inference_mode()
            def postprocess():
                y = torch.sigmoid(w)
                y[y < 0.5] = 0
                return y
            
            
            def scores():
                torch.set_grad_enabled(False)
                y = w.exp()
                y.clamp_(max=1.0)
                return y
            """),
        example("""\
            import torch
            w = torch.randn(3, requires_grad=True)
            with torch.set_grad_enabled(False):
                y = torch.tanh(w)
                y[0] = 0
            """),
    ]
    BAD = [
        Bad(
            """\
            import torch
            import torch.nn.functional as F
            
            w = torch.randn(2, 5, requires_grad=True)
            x = torch.exp(w)
            x[:, 0:3] = F.softmax(x[:, 0:3], dim=1)
            x.sum().backward()
            """,
            fixed="""\
            import torch
            import torch.nn.functional as F
            
            w = torch.randn(2, 5, requires_grad=True)
            x = torch.exp(w)
            x = x.clone()
            x[:, 0:3] = F.softmax(x[:, 0:3], dim=1)
            x.sum().backward()
            """,
            span='x[:, 0:3]',
        ),
        Bad(
            """\
            import torch
            import torch.nn as nn
            
            
            class Head(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.fc = nn.Linear(4, 4)
            
                def forward(self, h):
                    x = torch.sigmoid(self.fc(h))
                    x[:, 0] += 1.0
                    return x
            
            
            Head()(torch.randn(2, 4)).sum().backward()
            """,
            fixed="""\
            import torch
            import torch.nn as nn
            
            
            class Head(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.fc = nn.Linear(4, 4)
            
                def forward(self, h):
                    x = torch.sigmoid(self.fc(h))
                    x = x.clone()
                    x[:, 0] += 1.0
                    return x
            
            
            Head()(torch.randn(2, 4)).sum().backward()
            """,
            span='x[:, 0]',
        ),
        Bad(
            """\
            import torch
            
            w = torch.randn(3, requires_grad=True)
            y = w.tanh()
            y.clamp_(min=0)
            y.sum().backward()
            """,
            fixed="""\
            import torch
            
            w = torch.randn(3, requires_grad=True)
            y = w.tanh()
            y = y.clone()
            y.clamp_(min=0)
            y.sum().backward()
            """,
            span='y.clamp_(min=0)',
        ),
        Bad(  # written under no_grad, produced outside it: the saved output is still overwritten
            """\
            import torch
            
            w = torch.randn(3, requires_grad=True)
            y = torch.exp(w)
            with torch.no_grad():
                y[0] = 0
            y.sum().backward()
            """,
            fixed=None,  # a clone made under no_grad would hold no graph: backward() would fail again
            span='y[0]',
        ),
    ]

    def visit_Module(self, node: ast.Module) -> None:
        """The in-place writes by assignment (`x[:, 0] = v`, `x += v`): the model's `writes`, once,
        not every statement of every scope."""
        for stmt, scope in self.ctx.writes():
            written = _written(stmt)
            if written is not None and scope.kind is not ScopeKind.CLASS:
                self._check(stmt, scope, *written)

    def visit_Expr(self, node: ast.Expr) -> None:
        """An in-place method call (`y.clamp_(min=0)`)."""
        written = _written(node)
        if written is not None:
            scope = self.ctx.semantic.scope_holding(node)
            if scope.kind is not ScopeKind.CLASS:
                self._check(node, scope, *written)

    def _check(self, stmt: ast.stmt, scope: Scope, name: ast.Name, reported: ast.AST) -> None:
        """One in-place write (in a function's or the module's code), against the values that reach it.
        Only a write into the output of an output-saving operation asks whether that output is in the
        graph (and only then are the file's kinds inferred)."""
        ctx = self.ctx
        ag = ctx.autograd
        local = scope.bindings.get(name.id)
        if local is not None and not any(b.value is not None and ag.saves_output(b.value, check_module=False)
                                         for b in local):
            return  # no value this scope gives the name could be a saved output
        producers = definitions(ctx.semantic, name)
        if producers and any(ag.saves_output(p) and ag.in_graph(p) and not ag.grad_off(p) for p in producers):
            self.report(reported, self._fixes(stmt, name.id))

    def _fixes(self, stmt: ast.stmt, name: str) -> tuple[Fix, ...]:
        """Clone before the write; none where autograd is off, where the clone would hold no graph."""
        ctx = self.ctx
        if ctx.autograd.grad_off(stmt):
            return ()
        line, col = ctx.start(stmt)
        indent = ctx.indent_of(line)
        text = f"{name} = {name}.clone(){ctx.newline}{indent}" if len(indent) == col else f"{name} = {name}.clone(); "
        return (Fix(f"Clone first: {name} = {name}.clone()", (ctx.insert(line, col, text),), safe=False),)
