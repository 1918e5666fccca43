"""NS204: timing CUDA work with wall-clock timers and no `torch.cuda.synchronize()`."""

from __future__ import annotations

import ast
import re

from notesense.rules.base import Rule
from notesense.rules.receivers import call_name, is_module

_TIMERS = frozenset({"time.time", "time.perf_counter", "time.monotonic", "timeit.default_timer"})
# A public torch operation that queues device work: `torch.matmul`, `torch.nn.functional.conv2d`.
_TORCH_OP = re.compile(r"^torch\.(?:nn\.functional\.|linalg\.|fft\.)?[a-z][a-z0-9_]*$")
_SYNCING = frozenset({"synchronize", "item", "cpu", "tolist", "numpy", "elapsed_time", "wait"})


class CudaTiming(Rule):
    """Wall-clock timing of CUDA work without `torch.cuda.synchronize()`.

    What it does:
        Finds two timer reads (`time.time()`, `time.perf_counter()`, ...) in one block around
        torch work in code that uses CUDA, with no synchronizing call between them
        (`torch.cuda.synchronize()`, `.item()`, `.cpu()`, ...).

    Why is this bad?
        CUDA kernels run asynchronously: the Python call returns as soon as the work is queued,
        so the timer measures the launch, not the computation, and reports numbers that are far
        too small (and then absurdly large wherever a later call happens to wait).

    Example:
        start = time.time()
        out = model(x.cuda())
        elapsed = time.time() - start

    Use instead:
        start = time.time()
        out = model(x.cuda())
        torch.cuda.synchronize()
        elapsed = time.time() - start
    """

    code = "NS204"
    name = "cuda-timing"
    context = "torch"
    severity = "hint"
    message = "Timing CUDA work without torch.cuda.synchronize() measures only the kernel launch"
    hint = "CUDA 是异步的：计时前后要 torch.cuda.synchronize()，或用 torch.cuda.Event 计时"
    note = "torch-pitfalls.md"
    note_symbols = ("torch.cuda.synchronize", "torch.cuda.Event")
    note_keywords = ("synchronize", "cuda 计时", "CUDA timing")
    triggers = ("cuda",)

    GOOD = [
        "import time\nimport torch\nx = torch.randn(2, 2).cuda()\nstart = time.time()\ny = x @ x\n"
        "torch.cuda.synchronize()\nprint(time.time() - start)\n",
        "import time\nimport torch\nstart = time.time()\ny = torch.randn(2, 2) @ torch.randn(2, 2)\nprint(time.time() - start)\n",
        "import time\nimport torch\nx = torch.randn(2, 2).cuda()\nstart = time.perf_counter()\nv = (x @ x).sum().item()\n"
        "print(time.perf_counter() - start)\n",
    ]
    BAD = [
        (
            "import time\nimport torch\nimport torch.nn as nn\nmodel = nn.Linear(2, 2).cuda()\nx = torch.randn(4, 2).cuda()\n"
            "start = time.time()\nout = model(x)\nelapsed = time.time() - start\n",
            None,
        ),
        (
            "import time\nimport torch\n\n\ndef bench(x):\n    x = x.to('cuda')\n    t0 = time.perf_counter()\n"
            "    for _ in range(10):\n        y = torch.matmul(x, x)\n    return time.perf_counter() - t0\n",
            None,
        ),
    ]

    def visit_Module(self, node: ast.Module) -> None:
        self._block(node.body, node)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._block(node.body, node)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self._block(node.body, node)

    def _timer(self, node: ast.AST) -> ast.Call | None:
        for n in ast.walk(node):
            if isinstance(n, ast.Call) and not n.args and self.ctx.qualname(n.func) in _TIMERS:
                return n
        return None

    def _block(self, body: list[ast.stmt], scope: ast.AST) -> None:
        if "cuda" not in (self.ctx.source if isinstance(scope, ast.Module) else self.ctx.text(scope)):
            return
        start: int | None = None
        for i, stmt in enumerate(body):
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                continue
            timer = self._timer(stmt)
            if timer is None:
                continue
            if start is not None and self._unsynced_work(body[start + 1:i], stmt, timer):
                self.report(timer)
            start = i

    def _unsynced_work(self, between: list[ast.stmt], end: ast.stmt, timer: ast.Call) -> bool:
        ctx = self.ctx
        calls = [n for s in [*between, end] for n in ast.walk(s) if isinstance(n, ast.Call) and n is not timer]
        if any(call_name(c) in _SYNCING for c in calls):
            return False
        return any(is_module(ctx, c.func) or _TORCH_OP.match(ctx.qualname(c.func) or "") for c in calls) or any(
            isinstance(n, ast.BinOp) and isinstance(n.op, ast.MatMult) for s in between for n in ast.walk(s)
        )
