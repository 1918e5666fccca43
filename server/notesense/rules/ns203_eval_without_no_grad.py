"""NS203: an evaluation loop after `model.eval()` that still records autograd graphs."""

from __future__ import annotations

import ast

from notesense.rules.base import Edit, Fix, Rule
from notesense.rules.receivers import call_name, is_module

_GUARDS = ("no_grad", "inference_mode", "set_grad_enabled")
_TRAINING = frozenset({"backward", "step", "zero_grad", "train"})


def _mentions_guard(node: ast.AST) -> bool:
    return any(isinstance(n, (ast.Attribute, ast.Name)) and (getattr(n, "attr", None) or getattr(n, "id", None)) in _GUARDS
               for n in ast.walk(node))


def _multiline_string(nodes: list[ast.stmt]) -> bool:
    return any(
        isinstance(n, (ast.Constant, ast.JoinedStr)) and n.lineno != n.end_lineno
        for stmt in nodes for n in ast.walk(stmt)
    )


class EvalWithoutNoGrad(Rule):
    """`model.eval()` followed by an evaluation loop that is not under `torch.no_grad()`.

    What it does:
        Finds a loop that calls a model after `model.eval()` in the same block, with no
        `torch.no_grad()` / `torch.inference_mode()` around it (or around the function) and no
        training step (`backward`, `optimizer.step`) inside it.

    Why is this bad?
        `eval()` only switches dropout and batch-norm to inference behaviour; it does not turn
        off autograd. Every forward still records a graph and keeps activations alive, so
        evaluation runs slower and uses far more memory (often out-of-memory on a GPU).

    Example:
        model.eval()
        for x, y in loader:
            pred = model(x)

    Use instead:
        model.eval()
        for x, y in loader:
            with torch.no_grad():
                pred = model(x)
    """

    code = "NS203"
    name = "eval-without-no-grad"
    context = "torch"
    severity = "hint"
    message = "Evaluation loop after model.eval() runs with autograd on; wrap it in torch.no_grad()"
    hint = "eval() 不会关闭梯度；评估循环要放进 torch.no_grad() 或 torch.inference_mode()"
    note = "torch-pitfalls.md"
    note_symbols = ("torch.no_grad", "torch.inference_mode", "torch.nn.Module.eval")
    note_keywords = ("no_grad", "inference_mode", "model.eval")
    fix_safety = "unsafe"
    triggers = (".eval()",)

    GOOD = [
        "import torch\nimport torch.nn as nn\nmodel = nn.Linear(2, 2)\nmodel.eval()\nwith torch.no_grad():\n"
        "    for x in torch.randn(3, 1, 2):\n        y = model(x)\n",
        "import torch\nimport torch.nn as nn\n\n\n@torch.no_grad()\ndef evaluate(model: nn.Module, data):\n"
        "    model.eval()\n    for x in data:\n        y = model(x)\n",
        "import torch\nimport torch.nn as nn\nmodel = nn.Linear(2, 2)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\n"
        "model.eval()\nfor x in torch.randn(3, 1, 2):\n    loss = model(x).sum()\n    loss.backward()\n    opt.step()\n",
        "import torch\nimport torch.nn as nn\nmodel = nn.Linear(2, 2)\nmodel.eval()\nfor x in torch.randn(3, 1, 2):\n"
        "    with torch.inference_mode():\n        y = model(x)\n",
    ]
    BAD = [
        (
            "import torch\nimport torch.nn as nn\n\nmodel = nn.Linear(2, 2)\nmodel.eval()\n"
            "for x in torch.randn(3, 1, 2):\n    y = model(x)  # predict\n    print(y.shape)\n",
            "import torch\nimport torch.nn as nn\n\nmodel = nn.Linear(2, 2)\nmodel.eval()\n"
            "for x in torch.randn(3, 1, 2):\n    with torch.no_grad():\n        y = model(x)  # predict\n"
            "        print(y.shape)\n",
        ),
        (
            "import torch\n\n\ndef evaluate(model, loader):\n    model.eval()\n    total = 0\n"
            "    for x, y in loader:\n        total += (model(x).argmax(1) == y).sum().item()\n\n        # next batch\n"
            "    return total\n",
            "import torch\n\n\ndef evaluate(model, loader):\n    model.eval()\n    total = 0\n"
            "    for x, y in loader:\n        with torch.no_grad():\n"
            "            total += (model(x).argmax(1) == y).sum().item()\n\n        # next batch\n"
            "    return total\n",
        ),
        (
            "import torch\n\n\ndef fit(model, opt, train, val, epochs):\n    for epoch in range(epochs):\n"
            "        model.train()\n        for x, y in train:\n            opt.zero_grad()\n"
            "            model(x).sum().backward()\n            opt.step()\n        model.eval()\n"
            "        for x, y in val:\n            print(epoch, model(x).sum().item())\n",
            "import torch\n\n\ndef fit(model, opt, train, val, epochs):\n    for epoch in range(epochs):\n"
            "        model.train()\n        for x, y in train:\n            opt.zero_grad()\n"
            "            model(x).sum().backward()\n            opt.step()\n        model.eval()\n"
            "        for x, y in val:\n            with torch.no_grad():\n"
            "                print(epoch, model(x).sum().item())\n",
        ),
    ]

    def visit_Module(self, node: ast.Module) -> None:
        self._block(node.body)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        if not any(_mentions_guard(d) for d in node.decorator_list):
            self._block(node.body)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        if not any(_mentions_guard(d) for d in node.decorator_list):
            self._block(node.body)

    def _block(self, body: list[ast.stmt]) -> None:
        models: dict[str, ast.expr] = {}  # text of a receiver of .eval() -> the receiver
        for stmt in body:
            if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
                call = stmt.value
                if isinstance(call.func, ast.Attribute) and call.func.attr in ("eval", "train") and not call.args:
                    receiver = call.func.value
                    text = self.ctx.text(receiver)
                    if call.func.attr == "eval" and is_module(self.ctx, receiver):
                        models[text] = receiver
                    elif call.func.attr == "train":
                        models.pop(text, None)
                continue
            if isinstance(stmt, (ast.With, ast.AsyncWith)):
                if not any(_mentions_guard(item.context_expr) for item in stmt.items):
                    self._block(stmt.body)
                continue
            if isinstance(stmt, ast.If):
                self._block(stmt.body)
                self._block(stmt.orelse)
            elif isinstance(stmt, ast.Try):
                for block in (stmt.body, *(h.body for h in stmt.handlers), stmt.orelse, stmt.finalbody):
                    self._block(block)
            elif isinstance(stmt, (ast.For, ast.AsyncFor, ast.While)):
                if not (models and self._check_loop(stmt, models)):
                    self._block(stmt.body)  # an epoch loop: eval() and the evaluation loop sit inside it

    def _check_loop(self, loop: ast.For | ast.AsyncFor | ast.While, models: dict[str, ast.expr]) -> bool:
        """Report `loop` if it evaluates one of `models` with autograd on; True when reported."""
        ctx = self.ctx
        calls = [n for s in loop.body for n in ast.walk(s) if isinstance(n, ast.Call)]
        if any(call_name(c) in _TRAINING for c in calls) or any(_mentions_guard(s) for s in loop.body):
            return False
        if not any(ctx.text(c.func) in models for c in calls):
            return False
        header_end = loop.test if isinstance(loop, ast.While) else loop.iter
        span = (*ctx.start(loop), *ctx.end(header_end))
        self.report(loop, self._fixes(loop), span=span)
        return True

    def _fixes(self, loop: ast.For | ast.AsyncFor | ast.While) -> tuple[Fix, ...]:
        ctx = self.ctx
        no_grad = ctx.local("torch.no_grad")
        body = loop.body
        first_line, first_col = ctx.start(body[0])
        indent = ctx.indent_of(first_line)
        if no_grad is None or len(indent) != first_col or first_line == loop.lineno or _multiline_string(body):
            return ()
        outer = ctx.indent_of(loop.lineno)
        unit = indent[len(outer):] if indent.startswith(outer) and len(indent) > len(outer) else "    "
        edits = [Edit(first_line, 0, first_line, 0, f"{indent}with {no_grad}():{ctx.newline}{unit}")]
        for line in range(first_line + 1, body[-1].end_lineno + 1):
            if ctx.line_text(line).strip():
                edits.append(Edit(line, 0, line, 0, unit))
        return (Fix(f"Wrap the loop body in {no_grad}()", tuple(edits), safe=False),)
