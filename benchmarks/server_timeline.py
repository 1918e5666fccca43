"""Where the server's CPU goes between opening a 50,000-line file and its diagnostics: a timeline.

    python benchmarks/server_timeline.py [--lines 50000]

Starts `notesense serve` through this file (`--serve`), which wraps the steps of the open → lint →
publish path (the library load, the learned rules' compile, the part-by-part parse, each part's
analysis, the publish) so that each call writes one line: its thread, when it began and ended, and the
CPU its thread spent in it (`time.thread_time`). Then opens the file as `scaling_bench.server_run`
does and prints, per thread and step, the calls, wall and CPU seconds from the open, the server's
CPU until each publish, and the cycle collector's pauses meanwhile. A step nested in another is
counted in both (`_check_while_parsing` holds `PartsParse.step` and `engine._run`).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import functools
import gc
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scaling_bench import TORCH_NOTE, server_cpu, source  # noqa: E402

# (module, attribute holding the function or class, method or None, label)
STEPS = (
    ("notesense.lsp.server", "NotesenseServer", "lint", "server.lint (didOpen, lint_all)"),
    ("notesense.lsp.loader", "refresh", None, "library load (refresh)"),
    ("notesense.lsp.diagnostics", "Linter", "_lint", "Linter._lint"),
    ("notesense.lsp.diagnostics", "Outlet", "publish", "publish"),
    ("notesense.rules.learned", "for_library", None, "learned rules compiled"),
    ("notesense.rules.engine", "check_document", None, "check_document"),
    ("notesense.rules.engine", "_gated", None, "rules gated by the text"),
    ("notesense.analysis.worker", "PartsWorker", "start", "parts worker started"),
    ("notesense.analysis.worker", "PartsWorker", "parse_ahead", "parts worker: parse ahead sent"),
    ("notesense.analysis.worker", "PartsWorker", "submit", "parts worker: version sent"),
    ("notesense.analysis.worker", "Ticket", "exchange", "parts worker: rows exchanged (waits for its parse)"),
    ("notesense.analysis.worker", "Ticket", "findings", "parts worker: findings waited for"),
    ("notesense.rules.engine", "_check_split", None, "split: parts above checked"),
    ("notesense.rules.engine", "_check_while_parsing", None, "parts analysed as parsed"),
    ("notesense.rules.engine", "_check_parts", None, "parts checked whole"),
    ("notesense.analysis.parts", "PartsParse", "step", "PartsParse.step (parse, context)"),
    ("notesense.analysis.recover", "_parse", None, "  ast.parse"),
    ("notesense.rules.engine", "_run", None, "engine._run (model, rules)"),
    ("notesense.rules.learned", "LearnedRules", "check", "  learned rules run"),
)


def serve(out: str) -> None:
    """`notesense serve` with every step in `STEPS` timed into the file `out`."""
    import importlib

    log = open(out, "w", encoding="utf-8", buffering=1)  # noqa: SIM115 - written until the process ends
    began = time.perf_counter()
    collecting = [0.0]

    def collected(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collecting[0] = time.perf_counter()
        else:
            log.write(json.dumps(["gc", collecting[0] - began, time.perf_counter() - collecting[0], info["generation"]]) + "\n")

    gc.callbacks.append(collected)
    for module, name, method, label in STEPS:
        owner = importlib.import_module(module)
        if method is not None:
            owner = getattr(owner, name)
        attr = method or name
        setattr(owner, attr, _timed(getattr(owner, attr), label, log, began))
    sys.argv = ["notesense", "serve"]
    from notesense.cli import main

    main()


def _timed(fn: Any, label: str, log: Any, began: float) -> Any:
    @functools.wraps(fn)
    def timed(*args: Any, **kwargs: Any) -> Any:
        wall, cpu = time.perf_counter(), time.thread_time()
        try:
            return fn(*args, **kwargs)
        finally:
            log.write(json.dumps(["step", threading.current_thread().name, label, wall - began,
                                  time.perf_counter() - began, time.thread_time() - cpu]) + "\n")

    return timed


async def drive(lines: int, out: str) -> list[tuple[float, float]]:
    """Open the file, wait for its diagnostics (and 2 s more for later publishes): (s, server CPU s) of each."""
    from lsprotocol import types
    from pytest_lsp import ClientServerConfig, client_capabilities

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "notes").mkdir()
        (root / "notes" / "torch.md").write_text(TORCH_NOTE, encoding="utf-8")
        env = {**os.environ, "XDG_CACHE_HOME": str(root / "cache")}
        client = await ClientServerConfig(server_command=[sys.executable, __file__, "--serve", out], server_env=env).start()
        await client.initialize_session(types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"), root_uri=root.as_uri(),
            initialization_options={"notes": [str(root / "notes")]}))
        uri = (root / "long.py").as_uri()
        pid = client._server.pid
        opened, cpu = time.perf_counter(), server_cpu(pid)
        client.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="python", version=1, text=source(lines))))
        published: list[tuple[float, float]] = []
        seen = None
        while time.perf_counter() - opened < 60 and not (published and time.perf_counter() - opened > published[-1][0] + 2):
            if (now := client.diagnostics.get(uri)) is not None and now is not seen:
                seen = now
                published.append((time.perf_counter() - opened, server_cpu(pid) - cpu))
            await asyncio.sleep(0.01)
        await client.shutdown_session()
    return published


def report(out: str, published: list[tuple[float, float]]) -> None:
    rows = [json.loads(line) for line in Path(out).read_text(encoding="utf-8").splitlines() if line.strip()]
    steps = [r for r in rows if r[0] == "step"]
    opened = next(r[3] for r in steps if r[2].startswith("server.lint"))  # didOpen's
    end = opened + (published[-1][0] if published else 60)
    totals: dict[tuple[str, str], list[float]] = collections.defaultdict(lambda: [0, 0.0, 0.0, float("inf"), 0.0])
    for _, thread, label, start, stop, cpu in steps:
        if start >= opened - 0.05 and stop <= end + 0.05:
            t = totals[(thread, label)]
            t[0] += 1
            t[1] += stop - start
            t[2] += cpu
            t[3], t[4] = min(t[3], start - opened), max(t[4], stop - opened)
    print(f"{'thread':<20} {'step':<34} {'calls':>5} {'wall s':>7} {'cpu s':>6} {'from':>6} {'to':>6}")
    for (thread, label), (n, wall, cpu, a, b) in sorted(totals.items(), key=lambda kv: kv[1][3]):
        print(f"{thread[:20]:<20} {label:<34} {n:>5} {wall:>7.2f} {cpu:>6.2f} {a:>6.2f} {b:>6.2f}")
    for at, cpu in published:
        print(f"published {at:.2f} s after the open (server CPU {cpu:.2f} s)")
    pauses = [r for r in rows if r[0] == "gc" and opened <= r[1] <= end]
    print(f"collector: {len(pauses)} collections, {sum(r[2] for r in pauses):.3f} s, "
          f"{sum(r[3] == 2 for r in pauses)} of generation 2")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=50_000)
    parser.add_argument("--serve", metavar="OUT", help=argparse.SUPPRESS)  # the server side, started by the bench
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return 0
    print(f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "steps.jsonl")
        report(out, asyncio.run(drive(args.lines, out)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
