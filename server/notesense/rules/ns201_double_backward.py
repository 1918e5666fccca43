"""NS201: a second backward through a graph whose saved tensors the first backward freed."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from notesense.rules.base import Edit, FileContext, Fix, Rule
from notesense.rules.receivers import GradEnv, call_name, keyword, requires_grad_leaf


@dataclass
class _Def:
    """One assignment inside a region: what it read, whether it is graph, and loop-carried names."""

    deps: set[int]
    graph: bool
    leaf: bool = False
    carried: set[str] = field(default_factory=set)


@dataclass
class _Backward:
    call: ast.Call
    stmt: ast.stmt
    target: ast.expr
    closure: set[int]
    carried: set[str]
    retains: bool


def _backward_call(node: ast.AST, ctx: FileContext) -> tuple[ast.Call, ast.expr] | None:
    """`loss.backward(...)` -> (call, loss); `torch.autograd.grad(loss, ...)` -> (call, loss)."""
    if not isinstance(node, ast.Call):
        return None
    func = node.func
    if isinstance(func, ast.Attribute) and func.attr == "backward":
        return node, func.value
    if ctx.qualname(func) in ("torch.autograd.grad", "torch.autograd.backward") and node.args:
        return node, node.args[0]
    return None


def _retains(call: ast.Call) -> bool:
    for name in ("retain_graph", "create_graph"):
        kw = keyword(call, name)
        if kw is not None and not (isinstance(kw.value, ast.Constant) and kw.value.value in (False, None)):
            return True
    return len(call.args) >= 3 and isinstance(call.func, ast.Attribute) and call.func.attr == "backward"


def _assigned_names(target: ast.expr) -> list[str]:
    """Names bound by a target (`out, h = ...`), not names only read in it (`opt[0] = ...`)."""
    return [n.id for n in ast.walk(target) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)]


_CONVERSIONS = frozenset("to cuda cpu float double half bfloat16 view reshape requires_grad_ contiguous".split())


def _leaf_like(ctx: FileContext, value: ast.expr) -> bool:
    """A leaf that requires grad, maybe moved or reshaped (`torch.rand(..., requires_grad=True).cuda()`):
    its graph saves no tensors, so sharing it between two backward calls is harmless."""
    while isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr in _CONVERSIONS:
        if value.func.attr == "requires_grad_":
            return True
        value = value.func.value
    return requires_grad_leaf(ctx, value)


_CUTS = frozenset({"detach", "item", "tolist", "numpy"})


def _graph_reads(expr: ast.expr):
    """Names whose graph `expr` reaches: not those under `.detach()`, `.item()` or `.data`."""
    todo = [expr]
    while todo:
        node = todo.pop()
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _CUTS:
            todo.extend(node.args)
            todo.extend(k.value for k in node.keywords)
            continue
        if isinstance(node, ast.Attribute) and node.attr == "data":
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            yield node
        todo.extend(ast.iter_child_nodes(node))


def _expects_error(stmt: ast.With | ast.AsyncWith) -> bool:
    """`with self.assertRaises(...)` / `with pytest.raises(...)`: a failing backward is the point."""
    return any(
        isinstance(item.context_expr, ast.Call) and (call_name(item.context_expr) or "").lower().endswith(("raises", "raisesregex"))
        for item in stmt.items
    )


def _targets(stmt: ast.stmt) -> list[ast.expr]:
    if isinstance(stmt, ast.Assign):
        return stmt.targets
    if isinstance(stmt, (ast.AnnAssign, ast.AugAssign)):
        return [stmt.target]
    return []


def _walk_here(node: ast.AST):
    """`ast.walk` that stays out of nested functions, lambdas and classes."""
    todo = [node]
    while todo:
        current = todo.pop()
        yield current
        for child in ast.iter_child_nodes(current):
            if not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                todo.append(child)


class DoubleBackward(Rule):
    """A second `backward()` through the same graph.

    What it does:
        Finds two `.backward()` / `torch.autograd.grad` calls in one block or loop iteration whose
        losses share part of one forward computation, when the first doesn't keep the graph
        (`retain_graph=True`); the same loss backward twice; and a loss that reaches back into the
        previous loop iteration through carried state (an RNN hidden state, a running memory).
        A fresh forward between the calls, separate graphs, or `retain_graph` already set are fine.

    Why is this bad?
        The first backward frees the tensors the graph saved, so the second raises
        `RuntimeError: Trying to backward through the graph a second time`. For two losses,
        keep the graph on the first call or backward once on their sum. For carried state,
        `retain_graph=True` is the wrong fix: the graph (and memory) grows every step; cut the
        state off with `.detach()` at the start of each iteration instead.

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
        "import torch\nimport torch.nn as nn\nmodel = nn.Linear(4, 2)\nx = torch.randn(8, 4)\n"
        "out = torch.tanh(model(x))\nloss_a = out.pow(2).mean()\nloss_b = out.abs().mean()\n"
        "loss_a.backward(retain_graph=True)\nloss_b.backward()\n",
        "import torch\nimport torch.nn as nn\nmodel = nn.Linear(4, 2)\nx = torch.randn(8, 4)\n"
        "loss = torch.tanh(model(x)).sum()\nloss.backward()\nloss = torch.tanh(model(x)).sum()\nloss.backward()\n",
        "import torch\nimport torch.nn as nn\nenc, dec = nn.Linear(4, 4), nn.Linear(4, 2)\nx = torch.randn(2, 4)\n"
        "loss_1 = torch.tanh(enc(x)).sum()\nloss_2 = torch.tanh(dec(x)).sum()\nloss_1.backward()\nloss_2.backward()\n",
        "import torch\nimport torch.nn as nn\ncell = nn.RNNCell(4, 8)\nh = torch.zeros(1, 8)\nfor step in range(3):\n"
        "    h = h.detach()\n    h = cell(torch.randn(1, 4), h)\n    loss = h.pow(2).sum()\n    loss.backward()\n",
        "import torch\nimport torch.nn as nn\nmodel = nn.Linear(4, 2)\nfor x in torch.randn(3, 2, 4):\n"
        "    loss = torch.tanh(model(x)).sum()\n    loss.backward()\n",
        "import torch\nw = torch.randn(3, requires_grad=True)\nif True:\n    (w * 2).sum().backward()\nelse:\n"
        "    (w * 3).sum().backward()\n",
        "import torch\nimport torch.nn as nn\nG, D = nn.Linear(2, 4), nn.Linear(4, 1)\nfake = torch.tanh(G(torch.randn(8, 2)))\n"
        "d_loss = D(fake.detach()).mean()\nd_loss.backward()\ng_loss = -D(fake).mean()\ng_loss.backward()\n",
    ]
    BAD = [
        (
            "import torch\nimport torch.nn as nn\n\nG, D = nn.Linear(2, 4), nn.Linear(4, 1)\n"
            "fake = torch.tanh(G(torch.randn(8, 2)))\nd_loss = D(fake).mean()\nd_loss.backward()\n"
            "g_loss = -D(fake).mean()\ng_loss.backward()\n",
            "import torch\nimport torch.nn as nn\n\nG, D = nn.Linear(2, 4), nn.Linear(4, 1)\n"
            "fake = torch.tanh(G(torch.randn(8, 2)))\nd_loss = D(fake).mean()\nd_loss.backward(retain_graph=True)\n"
            "g_loss = -D(fake).mean()\ng_loss.backward()\n",
        ),
        (
            "import torch\nimport torch.nn as nn\n\nmodel = nn.Linear(4, 2)\nx = torch.randn(8, 4)\n"
            "out = torch.tanh(model(x))\nloss_a = out.pow(2).mean()\nloss_b = out.abs().mean()\n"
            "loss_a.backward()\nloss_b.backward()\n",
            "import torch\nimport torch.nn as nn\n\nmodel = nn.Linear(4, 2)\nx = torch.randn(8, 4)\n"
            "out = torch.tanh(model(x))\nloss_a = out.pow(2).mean()\nloss_b = out.abs().mean()\n"
            "loss_a.backward(retain_graph=True)\nloss_b.backward()\n",
        ),
        (
            "import torch\n\nw = torch.randn(3, requires_grad=True)\nloss = w.exp().sum()\n"
            "loss.backward()\nloss.backward()  # accumulate twice\n",
            "import torch\n\nw = torch.randn(3, requires_grad=True)\nloss = w.exp().sum()\n"
            "loss.backward(retain_graph=True)\nloss.backward()  # accumulate twice\n",
        ),
        (
            "import torch\nimport torch.nn as nn\n\n\ndef train(model: nn.Module, x, y):\n"
            "    hidden = torch.sigmoid(model(x))\n    loss_1 = (hidden - y).pow(2).sum()\n"
            "    loss_2 = hidden.mean()\n    grads = torch.autograd.grad(loss_1, model.weight)\n"
            "    loss_2.backward()\n    return grads\n\n\n"
            "train(nn.Linear(3, 3), torch.randn(2, 3), torch.zeros(2, 3))\n",
            "import torch\nimport torch.nn as nn\n\n\ndef train(model: nn.Module, x, y):\n"
            "    hidden = torch.sigmoid(model(x))\n    loss_1 = (hidden - y).pow(2).sum()\n"
            "    loss_2 = hidden.mean()\n    grads = torch.autograd.grad(loss_1, model.weight, retain_graph=True)\n"
            "    loss_2.backward()\n    return grads\n\n\n"
            "train(nn.Linear(3, 3), torch.randn(2, 3), torch.zeros(2, 3))\n",
        ),
        (
            "import torch\nimport torch.nn as nn\n\ncell = nn.RNNCell(4, 8)\nh = torch.zeros(1, 8)\n"
            "for step in range(3):\n    x = torch.randn(1, 4)\n    h = cell(x, h)\n"
            "    loss = h.pow(2).sum()\n    loss.backward()\n",
            "import torch\nimport torch.nn as nn\n\ncell = nn.RNNCell(4, 8)\nh = torch.zeros(1, 8)\n"
            "for step in range(3):\n    h = h.detach()\n    x = torch.randn(1, 4)\n    h = cell(x, h)\n"
            "    loss = h.pow(2).sum()\n    loss.backward()\n",
        ),
    ]

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self._loop_first: dict[int, ast.stmt] = {}  # id(statement in a loop body) -> the body's first statement

    def visit_Module(self, node: ast.Module) -> None:
        self._scope(node.body)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        if any(t in self.ctx.text(node) for t in self.triggers):
            self._scope(node.body)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        if any(t in self.ctx.text(node) for t in self.triggers):
            self._scope(node.body)

    # ---------------------------------------------------------------- regions
    def _scope(self, body: list[ast.stmt]) -> None:
        if not any(_backward_call(n, self.ctx) for s in body for n in _walk_here(s)):
            return
        self._region(body, loop=False, graph=self._scope_graph(body))

    def _scope_graph(self, body: list[ast.stmt]) -> set[str]:
        """Names that hold a graph tensor somewhere in this scope (flow-insensitive, two rounds)."""
        env = GradEnv(self.ctx)
        assigns = [n for s in body for n in _walk_here(s) if isinstance(n, (ast.Assign, ast.AnnAssign, ast.AugAssign))]
        for _ in range(2):
            for node in assigns:
                if isinstance(node, ast.Assign):
                    if env.in_graph(node.value):
                        env.graph.update(n for t in node.targets for n in _assigned_names(t))
                elif node.value is not None and env.in_graph(node.value):
                    env.graph.update(_assigned_names(node.target))
        return env.graph

    def _region(self, body: list[ast.stmt], *, loop: bool, graph: set[str]) -> None:
        """Follow defs and backward calls through one straight-line block (one loop iteration)."""
        stmts = list(self._linear(body, graph))
        if loop and body:
            self._loop_first.update((id(s), body[0]) for s in stmts)
        assigned_here = {n for s in stmts for t in _targets(s) for n in _assigned_names(t)}
        env = GradEnv(self.ctx, graph)
        defs: list[_Def] = []
        current: dict[str, int] = {}
        backwards: list[_Backward] = []

        def read(name: str, deps: set[int], carried: set[str]) -> None:
            if name in current:
                deps.add(current[name])
            elif loop and name in assigned_here:
                carried.add(name)

        def reads(expr: ast.expr) -> tuple[set[int], set[str]]:
            deps: set[int] = set()
            carried: set[str] = set()
            for node in _graph_reads(expr):
                read(node.id, deps, carried)
            return deps, carried

        def closure(deps: set[int]) -> tuple[set[int], set[str]]:
            seen: set[int] = set()
            carried: set[str] = set()
            todo = list(deps)
            while todo:
                i = todo.pop()
                if i in seen:
                    continue
                seen.add(i)
                if not defs[i].graph:
                    continue  # detached or never in the graph: the chain stops here
                carried |= defs[i].carried
                todo.extend(defs[i].deps)
            return {i for i in seen if defs[i].graph and not defs[i].leaf}, carried

        for stmt in stmts:
            for node in _walk_here(stmt):
                found = _backward_call(node, self.ctx)
                if found is not None:
                    call, target = found
                    deps, carried = reads(target)
                    shared, carried_via = closure(deps)
                    backwards.append(_Backward(call, stmt, target, shared, carried | carried_via, _retains(call)))
            targets = _targets(stmt)
            value = getattr(stmt, "value", None)
            if not targets or value is None:
                continue
            deps, carried = reads(value)
            names = [n for t in targets for n in _assigned_names(t)]
            is_graph = env.in_graph(value)
            if isinstance(stmt, ast.AugAssign):
                for name in names:
                    read(name, deps, carried)
                is_graph = is_graph or any(n in env.graph for n in names)
            if is_graph:
                env.graph.update(names)
            else:
                env.graph.difference_update(names)
            defs.append(_Def(deps, is_graph, _leaf_like(self.ctx, value), carried if is_graph else set()))
            for name in names:
                current[name] = len(defs) - 1

        self._report(backwards, defs, current, loop)

    def _report(self, backwards: list[_Backward], defs: list[_Def], current: dict[str, int], loop: bool) -> None:
        flagged: set[int] = set()
        for j, second in enumerate(backwards):
            for first in reversed(backwards[:j]):
                if first.retains or not (first.closure & second.closure):
                    continue
                self.report(second.call, self._retain_fixes(first, second))
                flagged.add(j)
                break
        if not loop:
            return
        for j, bw in enumerate(backwards):
            if j in flagged or bw.retains:
                continue
            names = sorted(n for n in bw.carried if n in current and defs[current[n]].graph)
            if names:
                self.report(
                    bw.call,
                    self._detach_fixes(bw, names),
                    message=self.carried_message.format(name=", ".join(names)),
                    hint=self.carried_hint,
                )

    def _linear(self, body: list[ast.stmt], graph: set[str]):
        """Statements of one straight-line block; nested loops and branches become their own regions."""
        for stmt in body:
            if isinstance(stmt, (ast.With, ast.AsyncWith)) and _expects_error(stmt):
                self._region(stmt.body, loop=False, graph=graph)
            elif isinstance(stmt, (ast.With, ast.AsyncWith)):
                yield from self._linear(stmt.body, graph)
            elif isinstance(stmt, ast.Try):
                yield from self._linear(stmt.body, graph)
                yield from self._linear(stmt.finalbody, graph)
            elif isinstance(stmt, (ast.For, ast.AsyncFor, ast.While)):
                self._region(stmt.body, loop=True, graph=graph)
            elif isinstance(stmt, ast.If):
                self._region(stmt.body, loop=False, graph=graph)
                self._region(stmt.orelse, loop=False, graph=graph)
            elif not isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                yield stmt

    # ------------------------------------------------------------------ fixes
    def _retain_fixes(self, first: _Backward, second: _Backward) -> tuple[Fix, ...]:
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

    def _sum_fix(self, first: _Backward, second: _Backward) -> Fix | None:
        """`a.backward()` then `b.backward()` on adjacent lines -> `(a + b).backward()`."""
        ctx = self.ctx
        simple = all(
            isinstance(b.stmt, ast.Expr) and b.stmt.value is b.call and not b.call.args and not b.call.keywords
            and isinstance(b.call.func, ast.Attribute)
            for b in (first, second)
        )
        if not simple or first.stmt.end_lineno + 1 != second.stmt.lineno or ctx.text(first.target) == ctx.text(second.target):
            return None
        new = f"({ctx.text(first.target)} + {ctx.text(second.target)}).backward()"
        edits = (Edit(*ctx.start(first.stmt), *ctx.start(second.stmt), ""), ctx.replace(second.call, new))
        return Fix("Backward once on the summed losses", edits, safe=False)

    def _detach_fixes(self, bw: _Backward, names: list[str]) -> tuple[Fix, ...]:
        loop_first = self._loop_first.get(id(bw.stmt))
        if loop_first is None:
            return ()
        ctx = self.ctx
        line, col = ctx.start(loop_first)
        indent = ctx.indent_of(line)
        if len(indent) != col:
            return ()
        text = "".join(f"{n} = {n}.detach(){ctx.newline}{indent}" for n in names)
        return (Fix(f"Detach the carried state at the start of each iteration: {', '.join(names)}",
                    (ctx.insert(line, col, text),), safe=False),)
