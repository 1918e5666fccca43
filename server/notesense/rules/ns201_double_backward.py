"""NS201: a second backward through a graph whose saved tensors the first backward freed."""

from __future__ import annotations

import ast
from bisect import bisect_right
from functools import cached_property

from notesense.analysis import api
from notesense.analysis.autograd import GraphUse, RegionGraph
from notesense.analysis.semantic import header_holds, keyword, start_of
from notesense.analysis.flow import Region, is_barrier, own_nodes, region_of
from notesense.rules.base import Bad, Edit, FileContext, Fix, Rule, example


def _backward_call(ctx: FileContext, node: ast.AST) -> tuple[ast.Call, ast.expr] | None:
    """`loss.backward(...)` -> (call, loss); `torch.autograd.grad(loss, ...)` -> (call, loss)."""
    if not isinstance(node, ast.Call):
        return None
    func = node.func
    if isinstance(func, ast.Attribute) and func.attr == "backward":
        return node, func.value
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
    if node.args and name in ("grad", "backward") and ctx.qualname(func) in api.BACKWARD_FUNCTIONS:
        return node, node.args[0]
    return None


def _retains(call: ast.Call) -> bool:
    for name in ("retain_graph", "create_graph"):
        kw = keyword(call, name)
        if kw is not None and not (isinstance(kw.value, ast.Constant) and kw.value.value in (False, None)):
            return True
    return len(call.args) >= 3 and isinstance(call.func, ast.Attribute) and call.func.attr == "backward"


class DoubleBackward(Rule):
    """A second `backward()` through the same graph.

    What it does:
        Finds two `.backward()` / `torch.autograd.grad` calls in one block or loop iteration whose
        losses share part of one forward computation, when the first doesn't keep the graph
        (`retain_graph=True`); the same loss backward twice; and a loss that reaches back into the
        previous loop iteration through carried state (an RNN hidden state, a running memory).
        A fresh forward between the calls, separate graphs, `retain_graph` already set, or a graph that
        saves no tensor (sums, means, additions and reshapes of leaves: `x.sum()`) are fine. State
        rebound through code the analysis does not follow (`tuple(e.detach() for e in h)`, a function
        of the project's own such as `repackage_hidden(h)`) is not reported, and `h = h.detach()` is
        offered only where `h` is known to be a tensor (an LSTM's state is a tuple).

    Why is this bad?
        The first backward frees the tensors the graph saved, so the second raises
        `RuntimeError: Trying to backward through the graph a second time`. For two losses,
        keep the graph on the first call or backward once on their sum. For carried state,
        `retain_graph=True` is the wrong fix: the graph (and memory) grows every step; cut the
        state off with `.detach()` at the start of each iteration instead.

    做什么:
        查找同一个代码块或同一次循环里的两次 `.backward()` / `torch.autograd.grad`，它们的
        损失共用同一次前向计算的一部分，而第一次没有保留计算图（`retain_graph=True`）；
        同一个损失反向传播两次；以及通过跨迭代保留的状态（RNN 的隐藏状态、滚动的记忆）
        连回上一次迭代的损失。两次调用之间重新做了前向、图本来就分开、已经设了
        `retain_graph`、或计算图不保存张量（对叶子张量只做求和、求均值、加减、变形：`x.sum()`）
        的都没有问题。状态经过分析看不透的代码重新赋值（`tuple(e.detach() for e in h)`、项目自己的
        函数如 `repackage_hidden(h)`）时不报告；只有确知 `h` 是张量时才给出 `h = h.detach()`
        （LSTM 的状态是元组）。

    为什么不好:
        第一次反向传播会释放计算图保存的张量，第二次就抛出
        `RuntimeError: Trying to backward through the graph a second time`。两个损失时，
        第一次保留计算图，或者对它们的和只反向一次。跨迭代的状态不要用
        `retain_graph=True`：图（和显存）会一步步变大；应在每次迭代开始时用 `.detach()` 切断。

    Example:
        out = torch.tanh(model(x))
        loss_a, loss_b = out.pow(2).mean(), out.abs().mean()
        loss_a.backward()
        loss_b.backward()          # RuntimeError

        for x in steps:
            h = cell(x, h)         # h carries last step's graph
            h.sum().backward()     # RuntimeError on the second step

    Use instead:
        loss_a.backward(retain_graph=True)
        loss_b.backward()          # or: (loss_a + loss_b).backward()

        for x in steps:
            h = h.detach()
            h = cell(x, h)
            h.sum().backward()
    """

    code = "NS201"
    name = "double-backward"
    context = "torch"
    severity = "warning"
    message = "Second backward through the same graph: the first backward already freed it"
    hint = "同一计算图第二次 backward 会报错：第一次加 retain_graph=True，或对 loss 之和只 backward 一次"
    carried_message = "Loss reaches into the previous iteration through carried state '{name}'"
    carried_hint = "跨迭代保留的状态（如 RNN hidden）要在每轮开头 .detach()，不要用 retain_graph=True"
    note = "torch-pitfalls.md"
    note_symbols = ("torch.Tensor.backward", "torch.autograd.backward", "torch.autograd.grad")
    note_keywords = ("retain_graph", "backward through the graph a second time", "第二次 backward")
    fix_safety = "mixed"
    triggers = (".backward(", "autograd.grad(", "autograd.backward(")

    GOOD = [
        example("""\
            import torch
            import torch.nn as nn
            model = nn.Linear(4, 2)
            x = torch.randn(8, 4)
            out = torch.tanh(model(x))
            loss_a = out.pow(2).mean()
            loss_b = out.abs().mean()
            loss_a.backward(retain_graph=True)
            loss_b.backward()
            """),
        example("""\
            import torch
            import torch.nn as nn
            model = nn.Linear(4, 2)
            x = torch.randn(8, 4)
            loss = torch.tanh(model(x)).sum()
            loss.backward()
            loss = torch.tanh(model(x)).sum()
            loss.backward()
            """),
        example("""\
            import torch
            import torch.nn as nn
            enc, dec = nn.Linear(4, 4), nn.Linear(4, 2)
            x = torch.randn(2, 4)
            loss_1 = torch.tanh(enc(x)).sum()
            loss_2 = torch.tanh(dec(x)).sum()
            loss_1.backward()
            loss_2.backward()
            """),
        example("""\
            import torch
            import torch.nn as nn
            cell = nn.RNNCell(4, 8)
            h = torch.zeros(1, 8)
            for step in range(3):
                h = h.detach()
                h = cell(torch.randn(1, 4), h)
                loss = h.pow(2).sum()
                loss.backward()
            """),
        example("""\
            import torch
            import torch.nn as nn
            model = nn.Linear(4, 2)
            for x in torch.randn(3, 2, 4):
                loss = torch.tanh(model(x)).sum()
                loss.backward()
            """),
        example("""\
            import torch
            w = torch.randn(3, requires_grad=True)
            if True:
                (w * 2).sum().backward()
            else:
                (w * 3).sum().backward()
            """),
        example("""\
            import torch
            import torch.nn as nn
            G, D = nn.Linear(2, 4), nn.Linear(4, 1)
            fake = torch.tanh(G(torch.randn(8, 2)))
            d_loss = D(fake.detach()).mean()
            d_loss.backward()
            g_loss = -D(fake).mean()
            g_loss.backward()
            """),
        example("""\
            import torch
            x = torch.ones(2, 2, requires_grad=True)
            y = x.sum()
            y.backward()
            y.backward()  # x.grad accumulates: a sum of a leaf saves no tensor for backward
            """),
        example("""\
            import torch
            w = torch.randn(3, 1, requires_grad=True)
            for step in range(5):
                loss = (torch.randn(4, 3) @ w).pow(2).mean()
                loss.backward()
                with torch.no_grad():  # a leaf updated in place under no_grad stays a leaf
                    w -= 0.1 * w.grad
                w.grad.zero_()
            """),
        example("""\
            import torch
            w = torch.tensor(0.0, requires_grad=True)
            velocity = 0.0
            for step in range(5):
                loss = ((w - 0.9 * velocity) * 3.0 - 6.0) ** 2  # Nesterov's look-ahead
                loss.backward()
                velocity = 0.9 * velocity + 0.01 * w.grad  # a gradient holds no graph
                with torch.no_grad():
                    w -= velocity
                w.grad.zero_()
            """),
        example("""\
            import torch
            import torch.nn as nn
            lstm = nn.LSTM(4, 8)
            h = (torch.zeros(1, 1, 8), torch.zeros(1, 1, 8))
            for step in range(3):
                h = tuple([each.data for each in h])  # udacity's Sentiment_RNN: detached one by one
                out, h = lstm(torch.randn(1, 1, 4), h)
                out.pow(2).mean().backward()
            """),
        example("""\
            import torch
            import torch.nn as nn
            
            
            def repackage_hidden(h):
                if isinstance(h, torch.Tensor):
                    return h.detach()
                return tuple(repackage_hidden(v) for v in h)
            
            
            lstm = nn.LSTM(4, 8)
            hidden = (torch.zeros(1, 1, 8), torch.zeros(1, 1, 8))
            for step in range(3):
                hidden = repackage_hidden(hidden)  # pytorch/examples' word_language_model
                out, hidden = lstm(torch.randn(1, 1, 4), hidden)
                out.pow(2).mean().backward()
            """),
        example("""\
            import torch
            import torch.nn as nn
            lstm = nn.LSTM(4, 8)
            state = None
            for step in range(3):
                if state is not None:  # Dive-into-DL-PyTorch: cut off on every path the loop takes
                    if isinstance(state, tuple):
                        state = (state[0].detach(), state[1].detach())
                    else:
                        state = state.detach()
                out, state = lstm(torch.randn(1, 1, 4), state)
                out.pow(2).mean().backward()
            """),
        example("""\
            import torch
            import torch.nn as nn
            rnn = nn.RNN(4, 8)
            hidden = None
            for step in range(3):
                if hidden is not None: hidden.detach_()  # detached in place
                out, hidden = rnn(torch.randn(1, 1, 4), hidden)
                out.sum().backward()
            """),
        example("""\
            import torch
            import torch.nn as nn
            gru = nn.GRU(4, 8)
            h = [torch.zeros(1, 1, 8)]
            for step in range(3):
                h = list(map(lambda t: t.detach(), h))
                out, h0 = gru(torch.randn(1, 1, 4), h[0])
                h = [h0]
                out.sum().backward()
            """),
        example("""\
            import torch
            import torch.nn as nn
            model = nn.Linear(3, 2)
            for x in torch.randn(2, 4, 3):
                x = x.requires_grad_()  # the loop's own variable: a new tensor every iteration
                model(x).sum().backward()
                saliency = x.grad.abs()
            """),
    ]
    BAD = [
        Bad(
            """\
            import torch
            import torch.nn as nn
            
            G, D = nn.Linear(2, 4), nn.Linear(4, 1)
            fake = torch.tanh(G(torch.randn(8, 2)))
            d_loss = D(fake).mean()
            d_loss.backward()
            g_loss = -D(fake).mean()
            g_loss.backward()
            """,
            fixed="""\
            import torch
            import torch.nn as nn
            
            G, D = nn.Linear(2, 4), nn.Linear(4, 1)
            fake = torch.tanh(G(torch.randn(8, 2)))
            d_loss = D(fake).mean()
            d_loss.backward(retain_graph=True)
            g_loss = -D(fake).mean()
            g_loss.backward()
            """,
            span='g_loss.backward()',
        ),
        Bad(
            """\
            import torch
            import torch.nn as nn
            
            model = nn.Linear(4, 2)
            x = torch.randn(8, 4)
            out = torch.tanh(model(x))
            loss_a = out.pow(2).mean()
            loss_b = out.abs().mean()
            loss_a.backward()
            loss_b.backward()
            """,
            fixed="""\
            import torch
            import torch.nn as nn
            
            model = nn.Linear(4, 2)
            x = torch.randn(8, 4)
            out = torch.tanh(model(x))
            loss_a = out.pow(2).mean()
            loss_b = out.abs().mean()
            loss_a.backward(retain_graph=True)
            loss_b.backward()
            """,
            span='loss_b.backward()',
        ),
        Bad(
            """\
            import torch
            
            w = torch.randn(3, requires_grad=True)
            loss = w.exp().sum()
            loss.backward()
            loss.backward()  # accumulate twice
            """,
            fixed="""\
            import torch
            
            w = torch.randn(3, requires_grad=True)
            loss = w.exp().sum()
            loss.backward(retain_graph=True)
            loss.backward()  # accumulate twice
            """,
            span='loss.backward()',
        ),
        Bad(
            """\
            import torch
            import torch.nn as nn
            
            
            def train(model: nn.Module, x, y):
                hidden = torch.sigmoid(model(x))
                loss_1 = (hidden - y).pow(2).sum()
                loss_2 = hidden.mean()
                grads = torch.autograd.grad(loss_1, model.weight)
                loss_2.backward()
                return grads
            
            
            train(nn.Linear(3, 3), torch.randn(2, 3), torch.zeros(2, 3))
            """,
            fixed="""\
            import torch
            import torch.nn as nn
            
            
            def train(model: nn.Module, x, y):
                hidden = torch.sigmoid(model(x))
                loss_1 = (hidden - y).pow(2).sum()
                loss_2 = hidden.mean()
                grads = torch.autograd.grad(loss_1, model.weight, retain_graph=True)
                loss_2.backward()
                return grads
            
            
            train(nn.Linear(3, 3), torch.randn(2, 3), torch.zeros(2, 3))
            """,
            span='loss_2.backward()',
        ),
        Bad(
            """\
            import torch
            import torch.nn as nn
            
            cell = nn.RNNCell(4, 8)
            h = torch.zeros(1, 8)
            for step in range(3):
                x = torch.randn(1, 4)
                h = cell(x, h)
                loss = h.pow(2).sum()
                loss.backward()
            """,
            fixed="""\
            import torch
            import torch.nn as nn
            
            cell = nn.RNNCell(4, 8)
            h = torch.zeros(1, 8)
            for step in range(3):
                h = h.detach()
                x = torch.randn(1, 4)
                h = cell(x, h)
                loss = h.pow(2).sum()
                loss.backward()
            """,
            span='loss.backward()',
            message="Loss reaches into the previous iteration through carried state 'h'",
        ),
        Bad(  # what is read under no_grad changes nothing: the hidden state still carries its graph
            """\
            import torch
            import torch.nn as nn

            cell = nn.RNNCell(4, 8)
            h = torch.zeros(1, 8)
            for step in range(3):
                h = cell(torch.randn(1, 4), h)
                loss = h.sum()
                loss.backward()
                with torch.no_grad():
                    size = h.norm()
            """,
            fixed="""\
            import torch
            import torch.nn as nn

            cell = nn.RNNCell(4, 8)
            h = torch.zeros(1, 8)
            for step in range(3):
                h = h.detach()
                h = cell(torch.randn(1, 4), h)
                loss = h.sum()
                loss.backward()
                with torch.no_grad():
                    size = h.norm()
            """,
            span='loss.backward()',
            message="Loss reaches into the previous iteration through carried state 'h'",
        ),
        Bad(  # cut off on some iterations only: the others still reach into the one before (an RNN's
            # unpacked state is not known to be a tensor: no fix)
            """\
            import torch
            import torch.nn as nn

            rnn = nn.RNN(4, 8)
            h = torch.zeros(1, 1, 8)
            for step in range(30):
                if step % 10 == 0:
                    h = h.detach()
                out, h = rnn(torch.randn(1, 1, 4), h)
                out.sum().backward()
            """,
            span='out.sum().backward()',
            message="Loss reaches into the previous iteration through carried state 'h'",
        ),
        Bad(  # an LSTM's state is a tuple: `state.detach()` would raise, so no fix is offered
            """\
            import torch
            import torch.nn as nn
            
            lstm = nn.LSTM(4, 8)
            state = (torch.zeros(1, 1, 8), torch.zeros(1, 1, 8))
            for step in range(3):
                out, state = lstm(torch.randn(1, 1, 4), state)
                loss = out.pow(2).sum()
                loss.backward()
            """,
            span='loss.backward()',
            message="Loss reaches into the previous iteration through carried state 'state'",
        ),
    ]

    def visit_Module(self, node: ast.Module) -> None:
        self._scope(node.body, self.ctx.source)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._scope(node.body, self.ctx.text(node))

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self._scope(node.body, self.ctx.text(node))

    def _scope(self, body: list[ast.stmt], text: str) -> None:
        if not any(t in text for t in self.triggers):
            return
        for region in region_of(body).walk():
            # `with pytest.raises(...)`: the failing backward is the point
            if not region.expects_error and self._uses_graph(region):
                self._region(region)

    def _uses_graph(self, region: Region) -> bool:
        """Whether a statement of the region calls backward (`_backward_call`). A region with no such
        call has no finding, and its graph (an autograd question per assignment) is not built: in a
        function that calls backward once, that is every region but the one of the call. Only the
        statements whose own code stands on a line spelling `backward` or `grad` are walked."""
        ctx, lines = self.ctx, self._use_lines
        return any(header_holds(stmt, lines) and any(_backward_call(ctx, node) for node in own_nodes(stmt))
                   for stmt in region.statements)

    @cached_property
    def _use_lines(self) -> list[int]:
        """The sorted 1-based lines where a graph use (`_backward_call`) may stand: each spells
        `backward` or `grad`, the attribute or the name it calls. Only in the text whose findings are
        asked for (a large document's part): a use elsewhere reports nothing kept."""
        ctx = self.ctx
        source, starts = ctx.source, ctx.doc.line_starts
        lo, hi = ctx.region or (0, len(source))
        found: set[int] = set()
        for needle in ("backward", "grad"):
            at = source.find(needle, lo, hi)
            while at >= 0:
                found.add(bisect_right(starts, at))
                at = source.find(needle, at + len(needle), hi)
        return sorted(found)

    def _region(self, region: Region) -> None:
        ctx = self.ctx
        graph = RegionGraph(ctx.autograd, region.statements, region.loop,
                            lambda node: _backward_call(ctx, node), lambda stmt: is_barrier(ctx.semantic, stmt))
        flagged: set[int] = set()
        for uses in graph.segments:
            for j, second in enumerate(uses):
                first = next((u for u in reversed(uses[:j]) if not _retains(u.call) and u.defs & second.defs), None)
                if first is not None:
                    self.report(second.call, self._retain_fixes(first, second))
                    flagged.add(id(second))
        if region.loop is None or len(graph.segments) > 1:
            return
        for use in graph.uses:
            if id(use) in flagged or _retains(use.call):
                continue
            names = sorted(n for n in use.carried if graph.holds_graph(n))
            if names:
                self.report(use.call, self._detach_fixes(region, names),
                            message=self.carried_message.format(name=", ".join(names)), hint=self.carried_hint)

    # ------------------------------------------------------------------ fixes
    def _retain_fixes(self, first: GraphUse, second: GraphUse) -> tuple[Fix, ...]:
        ctx = self.ctx
        call = first.call
        fixes: list[Fix] = []
        kw = keyword(call, "retain_graph")
        if kw is not None:
            fixes.append(Fix("Keep the graph: retain_graph=True", (ctx.replace(kw.value, "True"),), safe=True))
        else:
            text = ctx.text(call)
            close = text.rfind(")")
            before = text[:close].rstrip()
            sep = "" if before.endswith("(") else " " if before.endswith(",") else ", "
            at = ctx.position(ctx.offset(*ctx.start(call)) + len(before))
            fixes.append(Fix("Keep the graph on the first backward: retain_graph=True",
                             (ctx.insert(*at, f"{sep}retain_graph=True"),), safe=True))
        summed = self._sum_fix(first, second)
        if summed is not None:
            fixes.append(summed)
        return tuple(fixes)

    def _sum_fix(self, first: GraphUse, second: GraphUse) -> Fix | None:
        """`a.backward()` then `b.backward()` on adjacent lines -> `(a + b).backward()`."""
        ctx = self.ctx
        simple = all(
            isinstance(u.stmt, ast.Expr) and u.stmt.value is u.call and not u.call.args and not u.call.keywords
            and isinstance(u.call.func, ast.Attribute)
            for u in (first, second)
        )
        if not simple or first.stmt.end_lineno + 1 != second.stmt.lineno or ctx.text(first.target) == ctx.text(second.target):
            return None
        new = f"({ctx.text(first.target)} + {ctx.text(second.target)}).backward()"
        edits = (Edit(*ctx.start(first.stmt), *ctx.start(second.stmt), ""), ctx.replace(second.call, new))
        return Fix("Backward once on the summed losses", edits, safe=False)

    def _detach_fixes(self, region: Region, names: list[str]) -> tuple[Fix, ...]:
        """`h = h.detach()` at the start of the loop body, only for state known to be a tensor there: an
        LSTM's `(h, c)` is a tuple, whose `.detach()` raises."""
        ctx = self.ctx
        first = region.loop.body[0]  # type: ignore[union-attr]
        line, col = ctx.start(first)
        indent = ctx.indent_of(line)
        if len(indent) != col or any(ctx.kinds.kind_at(n, start_of(first)) != api.TENSOR for n in names):
            return ()
        text = "".join(f"{n} = {n}.detach(){ctx.newline}{indent}" for n in names)
        return (Fix(f"Detach the carried state at the start of each iteration: {', '.join(names)}",
                    (ctx.insert(line, col, text),), safe=False),)
