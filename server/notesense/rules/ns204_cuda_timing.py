"""NS204: timing CUDA work with wall-clock timers and no `torch.cuda.synchronize()`."""

from __future__ import annotations

import ast
import re
import unicodedata
from bisect import bisect_right

from notesense.analysis import api
from notesense.analysis.flow import is_barrier, own_nodes, region_of
from notesense.analysis.semantic import BindingKind, call_name, header_holds, keyword, start_of
from notesense.rules.base import Bad, FileContext, Rule, example


class CudaTiming(Rule):
    """Wall-clock timing of CUDA work without `torch.cuda.synchronize()`.

    What it does:
        Finds two timer reads (`time.time()`, `time.perf_counter()`, ...) in one block around
        torch work in code that uses CUDA, with no synchronizing call between them
        (`torch.cuda.synchronize()`, `.item()`, `.cpu()`, ...). Torch work is a call of a module,
        `@`, or a torch operation that can queue device work: not host-side calls such as
        `torch.from_numpy(batch)`, `torch.manual_seed(0)` or `torch.zeros(n)` without a `device`.

    Why is this bad?
        CUDA kernels run asynchronously: the Python call returns as soon as the work is queued,
        so the timer measures the launch, not the computation, and reports numbers that are far
        too small (and then absurdly large wherever a later call happens to wait).

    做什么:
        在使用 CUDA 的代码里，查找同一代码块中夹着 torch 运算的两次计时（`time.time()`、
        `time.perf_counter()` 等），而两次之间没有任何同步调用（`torch.cuda.synchronize()`、
        `.item()`、`.cpu()` 等）。torch 运算指调用模型、`@`、或可能在设备上排队的 torch 函数；
        只在主机上运行的调用不算，比如 `torch.from_numpy(batch)`、`torch.manual_seed(0)`、
        没有 `device` 参数的 `torch.zeros(n)`。

    为什么不好:
        CUDA 内核是异步执行的：Python 调用在任务排进队列后就返回，计时量到的只是启动时间，
        不是计算本身，得到的数字小得离谱（而在之后某个恰好等待的调用处又大得离谱）。

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
        example("""\
            import time
            import torch
            x = torch.randn(2, 2).cuda()
            start = time.time()
            y = x @ x
            torch.cuda.synchronize()
            print(time.time() - start)
            """),
        example("""\
            import time
            import torch
            start = time.time()
            y = torch.randn(2, 2) @ torch.randn(2, 2)
            print(time.time() - start)
            """),
        example("""\
            import time
            import torch
            x = torch.randn(2, 2).cuda()
            start = time.perf_counter()
            v = (x @ x).sum().item()
            print(time.perf_counter() - start)
            """),
        example("""\
            import time
            import numpy as np
            import torch
            model = torch.nn.Linear(3, 3).cuda()
            start = time.time()
            batch = torch.from_numpy(np.ones((4, 3), dtype="float32"))
            noise = torch.randn(4, 3)
            print("load", time.time() - start)
            """),
        example("""\
            import time
            import torch
            a = torch.rand(1000, 1000)
            start = time.time()
            c = torch.matmul(a, a)  # the CPU run a GPU one is compared with
            print("cpu", time.time() - start)
            g = a.cuda()
            """),
        example("""\
            import time
            import torch
            import torch.nn as nn
            import torch.nn.functional as F
            model = nn.Linear(2, 2).cuda()
            start = time.time()
            for step in range(100):
                loss = F.mse_loss(model(torch.randn(4, 2).cuda()), torch.zeros(4, 2).cuda())
                loss.backward()
                if step % 50 == 0:
                    print(f"loss {loss:.4f}")  # a tensor made a number waits for the work
            print(f"took {time.time() - start:.1f} s")
            """),
        example("""\
            import time
            import torch
            import torch.nn as nn
            model = nn.Linear(2, 2).cuda()


            def accuracy(model, x):
                return (model(x).argmax(1) == 0).float().mean().item()


            start = time.time()
            out = model(torch.randn(4, 2).cuda())
            acc = accuracy(model, torch.randn(8, 2).cuda())  # its `.item()` waits for the work
            print(f"took {time.time() - start:.1f} s")
            """),
    ]
    BAD = [
        Bad(
            """\
            import time
            import torch
            import torch.nn as nn
            model = nn.Linear(2, 2).cuda()
            x = torch.randn(4, 2).cuda()
            start = time.time()
            out = model(x)
            elapsed = time.time() - start
            """,
            span='time.time()',
        ),
        Bad(
            """\
            import time
            import torch
            
            
            def bench(x):
                x = x.to('cuda')
                t0 = time.perf_counter()
                for _ in range(10):
                    y = torch.matmul(x, x)
                return time.perf_counter() - t0
            """,
            span='time.perf_counter()',
        ),
        Bad(
            """\
            import time
            import torch
            
            start = time.time()
            noise = torch.randn(4096, 4096, device='cuda')
            print(time.time() - start)
            """,
            span='time.time()',
        ),
    ]

    _timer_lines: list[int] | bool | None = None  # the lines that spell a timer (False: not known)

    def visit_Module(self, node: ast.Module) -> None:
        self._scope(node.body, self.ctx.source)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._function(node)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self._function(node)

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        """A function whose own text says `cuda` (found in the file's text, not copied out of it)."""
        ctx = self.ctx
        start, end = ctx.offset(*ctx.start(node)), ctx.offset(*ctx.end(node))
        if ctx.source.find("cuda", start, end) >= 0:
            self._scope(node.body, "cuda")

    def _scope(self, body: list[ast.stmt], text: str) -> None:
        if "cuda" not in text:
            return
        for region in region_of(body).walk():
            self._region(region.statements)

    def _timer(self, stmt: ast.stmt) -> ast.Call | None:
        if not self._may_hold_timer(stmt):
            return None
        for n in own_nodes(stmt):
            if isinstance(n, ast.Call) and not n.args and _may_time(n.func) and self.ctx.qualname(n.func) in api.TIMERS:
                return n
        return None

    def _may_hold_timer(self, stmt: ast.stmt) -> bool:
        """Whether a line of the statement's own code spells a timer: its last name, or a name a timer
        is imported as. A file whose identifiers Python would normalise (NFKC) is not pre-checked."""
        if self._timer_lines is None:
            self._timer_lines = _timer_lines(self.ctx)
        return self._timer_lines is False or header_holds(stmt, self._timer_lines)  # type: ignore[arg-type]

    def _region(self, statements: list[ast.stmt]) -> None:
        """Two timer reads in one region with unsynchronised device work between them."""
        start: int | None = None
        for i, stmt in enumerate(statements):
            if is_barrier(self.ctx.semantic, stmt):
                start = None  # what the cut-out statement did is unknown: it may have synchronised
                continue
            timer = self._timer(stmt)
            if timer is None:
                continue
            if start is not None and self._unsynced_work(statements[start + 1:i], stmt, timer):
                self.report(timer)
            start = i

    def _unsynced_work(self, between: list[ast.stmt], end: ast.stmt, timer: ast.Call) -> bool:
        ctx = self.ctx
        inner = [n for s in between for n in ast.walk(s)]
        nodes = [*inner, *ast.walk(end)]
        calls = [n for n in nodes if isinstance(n, ast.Call) and n is not timer]
        if any(call_name(c) in api.SYNCING or self._syncing_function(c) for c in calls) or any(self._to_host(n) for n in nodes):
            return False
        return any(ctx.autograd.is_module(c.func) or self._device_op(c) for c in calls) or any(
            isinstance(n, ast.BinOp) and isinstance(n.op, ast.MatMult) and not self._on_host(n) for n in inner)

    def _syncing_function(self, call: ast.Call) -> bool:
        """A call of a function the file defines whose own body synchronises (an evaluation helper
        that sums its accuracy with `.item()`): the work queued before it is done when it returns."""
        if not isinstance(call.func, ast.Name):
            return False
        return any(b.kind is BindingKind.DEFINITION and any(
            isinstance(n, ast.Call) and call_name(n) in api.SYNCING for n in ast.walk(b.node))
            for b in self.ctx.semantic.resolve(call.func.id, start_of(call)))

    def _to_host(self, node: ast.AST) -> bool:
        """A tensor turned into a Python value, which waits for the work that makes it: formatted
        (`f"{loss:.4f}"`), printed, or passed to `float`/`int`/`bool`/`str`."""
        if isinstance(node, ast.FormattedValue):
            values = [node.value]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and (
                node.func.id == "print" or node.func.id in _HOST_CASTS and len(node.args) == 1):
            values = node.args
        else:
            return False
        return any(self.ctx.kinds.kind_of(value) == api.TENSOR for value in values)

    def _device_op(self, call: ast.Call) -> bool:
        """A torch operation that may queue device work: any but those `_on_host` knows run on the host."""
        return api.DEVICE_OP.match(self.ctx.qualname(call.func) or "") is not None and not self._on_host(call)

    def _on_host(self, expr: ast.expr, depth: int = 2) -> bool:
        """Whether `expr` is known to be computed on the host: by a torch function that runs there only
        (`torch.from_numpy(batch)`, `torch.manual_seed(0)`), by a factory that names no device
        (`torch.zeros(3)`, `torch.rand(n, n)`), or by a torch operation or `@` of such tensors
        (`torch.mm(a_cpu, b_cpu)` beside a GPU run it is compared with); names are followed to every value
        they may hold there. Anything else (a module's output, `.cuda()`) may be on the GPU."""
        if isinstance(expr, ast.Constant):
            return True
        if isinstance(expr, ast.BinOp):
            return self._on_host(expr.left, depth) and self._on_host(expr.right, depth)
        if isinstance(expr, ast.Name):
            bindings = self.ctx.semantic.resolve(expr.id, start_of(expr))
            return depth > 0 and bool(bindings) and all(
                b.value is not None and b.kind is BindingKind.ASSIGNMENT and self._on_host(b.value, depth - 1)
                for b in bindings)
        if not isinstance(expr, ast.Call):
            return False
        qualified = self.ctx.qualname(expr.func) or ""
        if not api.DEVICE_OP.match(qualified):
            return False
        name = qualified.rpartition(".")[2]
        if name in api.HOST_ONLY:
            return True
        if keyword(expr, "device") is not None:
            return False
        return name in api.DEFAULT_DEVICE_FACTORIES or bool(expr.args) and all(
            not isinstance(a, ast.Starred) and self._on_host(a, depth) for a in expr.args)


_HOST_CASTS = frozenset({"float", "int", "bool", "str"})


_TIMER_NAMES = frozenset(t.rpartition(".")[2] for t in api.TIMERS)


def _timer_lines(ctx: FileContext) -> list[int] | bool:
    """The 1-based lines on which a timer can be called: where a timer's last name or a local name
    a timer is imported as stands as a word; False when the file's identifiers need normalising."""
    source = ctx.source
    if not source.isascii() and not unicodedata.is_normalized("NFKC", source):
        return False
    model = ctx.semantic
    words = set(_TIMER_NAMES)
    words.update(local for local, target in model.imported if local is not None and target in api.TIMERS)
    words.update(name for name, bindings in model.module.bindings.items()
                 if any(b.kind is BindingKind.IMPORT and b.qualified in api.TIMERS for b in bindings))
    starts = ctx.doc.line_starts
    spelled = re.compile("(?:" + "|".join(sorted(map(re.escape, words))) + r")(?!\w)")
    return sorted({bisect_right(starts, m.start()) for m in spelled.finditer(source)
                   if not m.start() or not (source[m.start() - 1].isalnum() or source[m.start() - 1] == "_")})


def _may_time(func: ast.expr) -> bool:
    """Whether a callee can name a timer: a bare name (maybe imported as one), or an attribute whose
    last part is a timer's (`time.perf_counter`); what resolving the name would tell, without resolving."""
    return type(func) is ast.Name or (type(func) is ast.Attribute and func.attr in _TIMER_NAMES)  # type: ignore[attr-defined]
