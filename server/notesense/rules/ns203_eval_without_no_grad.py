"""NS203: an evaluation loop after `model.eval()` that still records autograd graphs."""

from __future__ import annotations

import ast

from notesense.analysis import api
from notesense.analysis.flow import Region, is_barrier, region_of
from notesense.analysis.semantic import call_name, end_of, start_of
from notesense.rules.base import Bad, Edit, Fix, Rule, example


def _mentions_guard(node: ast.AST) -> bool:
    return any(isinstance(n, (ast.Attribute, ast.Name)) and (getattr(n, "attr", None) or getattr(n, "id", None)) in api.GRAD_GUARDS
               for n in ast.walk(node))


def _multiline_string(nodes: list[ast.stmt]) -> bool:
    return any(
        isinstance(n, (ast.Constant, ast.JoinedStr)) and n.lineno != n.end_lineno
        for stmt in nodes for n in ast.walk(stmt)
    )


def _frozen(call: ast.Call) -> ast.expr | None:
    """`model.requires_grad_(False)`: the model, whose parameters no longer record a graph."""
    func = call.func
    if (isinstance(func, ast.Attribute) and func.attr == "requires_grad_" and len(call.args) == 1
            and isinstance(call.args[0], ast.Constant) and call.args[0].value is False):
        return func.value
    return None


def _freezes_parameters(loop: ast.For | ast.AsyncFor) -> ast.expr | None:
    """`for p in model.parameters(): p.requires_grad = False` (or `p.requires_grad_(False)`): the model
    it freezes. Calling a frozen model on inputs that need no grad records no graph."""
    it = loop.iter
    if not (isinstance(it, ast.Call) and isinstance(it.func, ast.Attribute) and it.func.attr == "parameters"
            and isinstance(loop.target, ast.Name)):
        return None
    param = loop.target.id
    for stmt in loop.body:
        if (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(t := stmt.targets[0], ast.Attribute)
                and t.attr == "requires_grad" and isinstance(t.value, ast.Name) and t.value.id == param
                and isinstance(stmt.value, ast.Constant) and stmt.value.value is False):
            return it.func.value
        if (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) and (frozen := _frozen(stmt.value)) is not None
                and isinstance(frozen, ast.Name) and frozen.id == param):
            return it.func.value
    return None


class EvalWithoutNoGrad(Rule):
    """`model.eval()` followed by an evaluation loop that is not under `torch.no_grad()`.

    What it does:
        Finds a loop that calls a model after `model.eval()` in the same block, with no
        `torch.no_grad()` / `torch.inference_mode()` around it (or around the function), no
        `torch.set_grad_enabled(False)` before it, and nothing in it that needs gradients (a
        training step, `torch.autograd.grad`, `x.requires_grad_()`: an adversarial attack or a
        saliency map). A model whose parameters were frozen (`requires_grad = False`) records no
        graph either.

    Why is this bad?
        `eval()` only switches dropout and batch-norm to inference behaviour; it does not turn
        off autograd. Every forward still records a graph and keeps activations alive, so
        evaluation runs slower and uses far more memory (often out-of-memory on a GPU).

    做什么:
        查找 `model.eval()` 之后、同一代码块里调用模型的循环：外面（或所在函数外面）没有
        `torch.no_grad()` / `torch.inference_mode()`，前面没有 `torch.set_grad_enabled(False)`，
        循环里也没有需要梯度的代码（训练步骤、`torch.autograd.grad`、`x.requires_grad_()`：
        对抗攻击或显著图）。参数已冻结（`requires_grad = False`）的模型也不记录计算图。

    为什么不好:
        `eval()` 只把 dropout 和 batch-norm 切换到推理模式，并不关闭自动求导。每次前向仍然
        记录计算图、保留中间激活，评估因此更慢、占用多得多的显存（在 GPU 上常常直接 OOM）。

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
        example("""\
            import torch
            import torch.nn as nn
            model = nn.Linear(2, 2)
            model.eval()
            with torch.no_grad():
                for x in torch.randn(3, 1, 2):
                    y = model(x)
            """),
        example("""\
            import torch
            import torch.nn as nn
            
            
            @torch.no_grad()
            def evaluate(model: nn.Module, data):
                model.eval()
                for x in data:
                    y = model(x)
            """),
        example("""\
            import torch
            import torch.nn as nn
            model = nn.Linear(2, 2)
            opt = torch.optim.SGD(model.parameters(), lr=0.1)
            model.eval()
            for x in torch.randn(3, 1, 2):
                loss = model(x).sum()
                loss.backward()
                opt.step()
            """),
        example("""\
            import torch
            import torch.nn as nn
            model = nn.Linear(2, 2)
            model.eval()
            for x in torch.randn(3, 1, 2):
                with torch.inference_mode():
                    y = model(x)
            """),
        example("""\
            import torch
            import torch.nn as nn
            model = nn.Linear(3, 2)
            loader = [(torch.randn(4, 3), torch.tensor([0, 1, 0, 1]))]
            model.eval()
            for x, y in loader:  # FGSM: the attack needs the input's gradient
                x.requires_grad_(True)
                loss = nn.functional.cross_entropy(model(x), y)
                grad, = torch.autograd.grad(loss, x)
                x_adv = x + 0.1 * grad.sign()
            """),
        example("""\
            import torch
            import torch.nn as nn
            model = nn.Linear(3, 2)
            torch.set_grad_enabled(False)
            model.eval()
            for x in torch.randn(3, 4, 3):
                out = model(x)
            """),
        example("""\
            import torch
            import torch.nn as nn
            model = nn.Linear(3, 2)
            model.eval()
            for p in model.parameters():
                p.requires_grad = False
            for x in torch.randn(3, 4, 3):
                out = model(x)
            """),
    ]
    BAD = [
        Bad(
            """\
            import torch
            import torch.nn as nn
            
            model = nn.Linear(2, 2)
            model.eval()
            for x in torch.randn(3, 1, 2):
                y = model(x)  # predict
                print(y.shape)
            """,
            fixed="""\
            import torch
            import torch.nn as nn
            
            model = nn.Linear(2, 2)
            model.eval()
            for x in torch.randn(3, 1, 2):
                with torch.no_grad():
                    y = model(x)  # predict
                    print(y.shape)
            """,
            span='for x in torch.randn(3, 1, 2)',
        ),
        Bad(
            """\
            import torch
            
            
            def evaluate(model, loader):
                model.eval()
                total = 0
                for x, y in loader:
                    total += (model(x).argmax(1) == y).sum().item()
            
                    # next batch
                return total
            """,
            fixed="""\
            import torch
            
            
            def evaluate(model, loader):
                model.eval()
                total = 0
                for x, y in loader:
                    with torch.no_grad():
                        total += (model(x).argmax(1) == y).sum().item()
            
                    # next batch
                return total
            """,
            span='for x, y in loader',
        ),
        Bad(
            """\
            import torch
            
            
            def fit(model, opt, train, val, epochs):
                for epoch in range(epochs):
                    model.train()
                    for x, y in train:
                        opt.zero_grad()
                        model(x).sum().backward()
                        opt.step()
                    model.eval()
                    for x, y in val:
                        print(epoch, model(x).sum().item())
            """,
            fixed="""\
            import torch
            
            
            def fit(model, opt, train, val, epochs):
                for epoch in range(epochs):
                    model.train()
                    for x, y in train:
                        opt.zero_grad()
                        model(x).sum().backward()
                        opt.step()
                    model.eval()
                    for x, y in val:
                        with torch.no_grad():
                            print(epoch, model(x).sum().item())
            """,
            span='for x, y in val',
        ),
    ]

    def visit_Module(self, node: ast.Module) -> None:
        self._scope(node, node.body)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        if not any(_mentions_guard(d) for d in node.decorator_list):
            self._scope(node, node.body)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        if not any(_mentions_guard(d) for d in node.decorator_list):
            self._scope(node, node.body)

    def _scope(self, node: ast.AST, body: list[ast.stmt]) -> None:
        model = self.ctx.semantic
        scope = model.module if isinstance(node, ast.Module) else model.definitions[id(node)]
        self._guarded = [(start_of(s), end_of(s)) for s in scope.statements
                         if isinstance(s, (ast.With, ast.AsyncWith)) and any(_mentions_guard(i.context_expr) for i in s.items)]
        self._region(region_of(body), {})

    def _region(self, region: Region, outer: dict[str, ast.expr]) -> None:
        """Follow `.eval()` / `.train()` calls in order; check each loop run while a model is in eval mode."""
        models = dict(outer)  # text of a receiver of .eval() -> the receiver
        for child in region.after(None):
            self._region(child, models)
        for stmt in region.statements:
            reported = False
            if is_barrier(self.ctx.semantic, stmt):
                models.clear()
            elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
                call = stmt.value
                if isinstance(call.func, ast.Attribute) and call.func.attr in ("eval", "train") and not call.args:
                    receiver = call.func.value
                    text = self.ctx.text(receiver)
                    if call.func.attr == "eval" and self.ctx.autograd.is_module(receiver):
                        models[text] = receiver
                    elif call.func.attr == "train":
                        models.pop(text, None)
                frozen = _frozen(call)
                if frozen is not None:
                    models.pop(self.ctx.text(frozen), None)
            elif isinstance(stmt, (ast.For, ast.AsyncFor)) and (frozen := _freezes_parameters(stmt)) is not None:
                models.pop(self.ctx.text(frozen), None)
            elif (isinstance(stmt, (ast.For, ast.AsyncFor, ast.While)) and models and not self._under_guard(stmt)
                  and not self.ctx.autograd.grad_off(stmt)):
                reported = self._check_loop(stmt, models)
            for child in region.after(stmt):
                if not (reported and child.loop is stmt):  # an epoch loop: eval() and the evaluation loop sit inside it
                    self._region(child, models)

    def _under_guard(self, stmt: ast.stmt) -> bool:
        at = start_of(stmt)
        return any(start <= at <= end for start, end in self._guarded)

    def _check_loop(self, loop: ast.For | ast.AsyncFor | ast.While, models: dict[str, ast.expr]) -> bool:
        """Report `loop` if it evaluates one of `models` with autograd on; True when reported."""
        ctx = self.ctx
        calls = [n for s in loop.body for n in ast.walk(s) if isinstance(n, ast.Call)]
        if self._needs_autograd(loop, calls) or any(_mentions_guard(s) for s in loop.body):
            return False
        if any(is_barrier(ctx.semantic, s) for s in loop.body):
            return False
        if not any(ctx.text(c.func) in models for c in calls):
            return False
        header_end = loop.test if isinstance(loop, ast.While) else loop.iter
        span = (*ctx.start(loop), *ctx.end(header_end))
        self.report(loop, self._fixes(loop), span=span)
        return True

    def _needs_autograd(self, loop: ast.For | ast.AsyncFor | ast.While, calls: list[ast.Call]) -> bool:
        """The loop asks for gradients itself: a training step, `torch.autograd.grad(...)`, a tensor made
        to require grad (`x.requires_grad_()`, `x.requires_grad = True`: an FGSM attack, a saliency
        map). Under no_grad those fail, so the loop is no evaluation to wrap."""
        ctx = self.ctx
        if any(call_name(c) in api.TRAINING_CALLS or ctx.qualname(c.func) in api.BACKWARD_FUNCTIONS
               or ctx.autograd.requires_grad_leaf(c) for c in calls):
            return True
        return any(isinstance(n, ast.Assign) and any(isinstance(t, ast.Attribute) and t.attr == "requires_grad"
                                                     for t in n.targets)
                   for s in loop.body for n in ast.walk(s))

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
