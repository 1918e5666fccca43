"""NS202: an in-place write into a tensor whose value autograd saved for backward."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from notesense.rules.base import Fix, Rule
from notesense.rules.receivers import GradEnv, saves_output


def _statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement of one scope in source order, entering blocks but not nested functions."""
    for stmt in body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        yield stmt
        for name in ("body", "orelse", "finalbody"):
            yield from _statements(getattr(stmt, name, []) or [])
        for handler in getattr(stmt, "handlers", []) or []:
            yield from _statements(handler.body)


def _written_name(stmt: ast.stmt) -> tuple[str, ast.AST] | None:
    """The tensor a statement writes into in place: `x[...] = v`, `x[...] += v`, `x += v`, `x.add_(v)`."""
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
        target = stmt.targets[0]
        if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
            return target.value.id, target
    if isinstance(stmt, ast.AugAssign):
        target = stmt.target
        if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
            return target.value.id, target
        if isinstance(target, ast.Name):
            return target.id, target
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
        func = stmt.value.func
        if (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.attr.endswith("_")
                and not func.attr.startswith("_") and func.attr not in ("requires_grad_", "share_memory_")):
            return func.value.id, stmt.value
    return None


class InplaceAutograd(Rule):
    """In-place write into a tensor that autograd still needs.

    What it does:
        Finds in-place writes (`x[:, 0:3] = ...`, `x[i] += ...`, `x += ...`, `x.clamp_(...)`) into
        a tensor produced in the forward pass by an operation whose backward uses its own output
        (`exp`, `tanh`, `sigmoid`, `relu`, `softmax`, ...).

    Why is this bad?
        Those operations save their result for the backward pass. Overwriting it bumps the
        tensor's version and `backward()` fails with `RuntimeError: one of the variables needed
        for gradient computation has been modified by an inplace operation`.

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
    triggers = ("=", "_(")

    GOOD = [
        "import torch\nimport torch.nn.functional as F\nw = torch.randn(2, 5, requires_grad=True)\n"
        "x = torch.exp(w)\nx = x.clone()\nx[:, 0:3] = F.softmax(x[:, 0:3], dim=1)\n",
        "import torch\nx = torch.zeros(2, 5)\nx[:, 0:3] = torch.softmax(x[:, 0:3], dim=1)\n",
        "import torch\nimport torch.nn as nn\nlin = nn.Linear(5, 5)\nx = lin(torch.randn(2, 5))\nx[:, 0] = 0\n",
        "import torch\nw = torch.randn(3, requires_grad=True)\nwith torch.no_grad():\n    w.data = w.exp().data\n",
        "import torch\nscores = {'a': [1, 2]}\nscores['a'][0] = 3\n",
    ]
    BAD = [
        (
            "import torch\nimport torch.nn.functional as F\n\nw = torch.randn(2, 5, requires_grad=True)\n"
            "x = torch.exp(w)\nx[:, 0:3] = F.softmax(x[:, 0:3], dim=1)\nx.sum().backward()\n",
            "import torch\nimport torch.nn.functional as F\n\nw = torch.randn(2, 5, requires_grad=True)\n"
            "x = torch.exp(w)\nx = x.clone()\nx[:, 0:3] = F.softmax(x[:, 0:3], dim=1)\nx.sum().backward()\n",
        ),
        (
            "import torch\nimport torch.nn as nn\n\n\nclass Head(nn.Module):\n    def __init__(self):\n"
            "        super().__init__()\n        self.fc = nn.Linear(4, 4)\n\n    def forward(self, h):\n"
            "        x = torch.sigmoid(self.fc(h))\n        x[:, 0] += 1.0\n        return x\n\n\n"
            "Head()(torch.randn(2, 4)).sum().backward()\n",
            "import torch\nimport torch.nn as nn\n\n\nclass Head(nn.Module):\n    def __init__(self):\n"
            "        super().__init__()\n        self.fc = nn.Linear(4, 4)\n\n    def forward(self, h):\n"
            "        x = torch.sigmoid(self.fc(h))\n        x = x.clone()\n        x[:, 0] += 1.0\n        return x\n\n\n"
            "Head()(torch.randn(2, 4)).sum().backward()\n",
        ),
        (
            "import torch\n\nw = torch.randn(3, requires_grad=True)\ny = w.tanh()\ny.clamp_(min=0)\ny.sum().backward()\n",
            "import torch\n\nw = torch.randn(3, requires_grad=True)\ny = w.tanh()\ny = y.clone()\ny.clamp_(min=0)\n"
            "y.sum().backward()\n",
        ),
    ]

    def visit_Module(self, node: ast.Module) -> None:
        self._scope(node.body)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._scope(node.body)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self._scope(node.body)

    def _scope(self, body: list[ast.stmt]) -> None:
        """One pass in source order: remember each name's producer, check each in-place write.

        Whether a producer is in the graph is only asked (and the file's kinds only inferred) for
        the rare write into the output of an output-saving operation."""
        producer: dict[str, ast.expr] = {}
        history: list[tuple[str, ast.expr | None]] = []  # every binding, in order
        for stmt in _statements(body):
            written = _written_name(stmt)
            if written is not None:
                name, node = written
                value = producer.get(name)
                if value is not None and saves_output(self.ctx, value) and self._in_graph(value, history):
                    self.report(node, self._fixes(stmt, name))
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                name = stmt.targets[0].id
                producer[name] = stmt.value
                history.append((name, stmt.value))
            elif isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.For, ast.With)):
                for target in _bound(stmt):
                    producer.pop(target, None)
                    history.append((target, None))

    def _in_graph(self, value: ast.expr, history: list[tuple[str, ast.expr | None]]) -> bool:
        """Replay the bindings so far to learn which names hold graph tensors, then ask about `value`."""
        env = GradEnv(self.ctx)
        for name, bound in history:
            (env.graph.add if bound is not None and env.in_graph(bound) else env.graph.discard)(name)
        return env.in_graph(value)

    def _fixes(self, stmt: ast.stmt, name: str) -> tuple[Fix, ...]:
        ctx = self.ctx
        line, col = ctx.start(stmt)
        indent = ctx.indent_of(line)
        text = f"{name} = {name}.clone(){ctx.newline}{indent}" if len(indent) == col else f"{name} = {name}.clone(); "
        return (Fix(f"Clone first: {name} = {name}.clone()", (ctx.insert(line, col, text),), safe=False),)


def _bound(stmt: ast.stmt) -> list[str]:
    if isinstance(stmt, ast.Assign):
        targets = stmt.targets
    elif isinstance(stmt, ast.AnnAssign):
        targets = [stmt.target]
    elif isinstance(stmt, ast.For):
        targets = [stmt.target]
    else:
        targets = [item.optional_vars for item in stmt.items if item.optional_vars is not None]  # type: ignore[attr-defined]
    return [n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)]
