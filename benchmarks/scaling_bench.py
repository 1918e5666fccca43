"""Cost of linting one file as it grows, and the server on a 50,000-line file.

    python benchmarks/scaling_bench.py              # lint 2k / 8k / 32k lines (one-shot and in-process, best of 3)
    python benchmarks/scaling_bench.py --server     # also: the server on 50,000 lines

The file is the same small pandas/torch function repeated (`FUNCTION`), plus a chained
assignment at its end, so every size has one finding to report. In-process figures are the lint of one file
as `notesense lint FILE` runs it (`lint.runner.run`: read, parse, every rule and the bundled notes'
learned rules; no start-up, no output), wall time, the CPU time of this process and of the child
process a large file's lower parts are analysed in (`lint.split`), next to the CPU time of parsing
the same text alone (the floor under any lint of it in one process); the targets are 32,000 lines
in ≤ 0.5 s (wall: what the user waits) and ≤ ~16× the 2,000-line cost (CPU, both processes).
Each size is measured twice. *One-shot*: in a fresh process that has linted a small file first (imports,
rules and learned rules loaded: start-up not counted), one lint, as one `notesense lint FILE` costs.
*In-process*: three lints in a row in this process, where each lint after the first reuses the heap
the last one freed; a small file's lint gains from that (2,000 lines, 2026-12-06: 0.019–0.023 s
against 0.023–0.027 s one-shot, a fresh process touching new pages: 2,710 page faults in that lint), a large file's forked child
never does (its heap is always fresh), so the in-process ratio favours the small file. `--server` starts
`notesense serve`, opens the 50,000-line file, edits its last line, and prints how long the first
diagnostics took to arrive (and the server's CPU seconds until then), those of the edit, the
slowest hover answered meanwhile, and the server's resident memory (now and at its peak).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

FUNCTION = textwrap.dedent('''
    def step_{i}(path, x):
        df = pd.read_csv(path)
        df = df.fillna(0)
        df["b"] = df["a"] * 2
        t = torch.tensor(df["b"].to_numpy())
        y = torch.sigmoid(t) + x
        rows = []
        if y.sum() > 0:
            df.loc[df.a > 1, "c"] = 1
            rows.append(y.mean().item())
        return rows
''')
TAIL = 'frame = pd.read_csv("a.csv")\nframe[frame.a > 1]["b"] = 0\nparts = torch.chunk(torch.arange(10), 3)\n'
TORCH_NOTE = "# torch\n\n## chunk\n\n`torch.chunk` 把张量切成若干块。\n\n```python\nimport torch\nparts = torch.chunk(torch.arange(10), 3)\n```\n"


def source(lines: int) -> str:
    """At least `lines` lines: the function repeated, the one chained assignment last but one."""
    copies = -(-lines // FUNCTION.count("\n"))
    return "import pandas as pd\nimport torch\n" + "".join(FUNCTION.format(i=i) for i in range(copies)) + TAIL


def lint_scaling(sizes: tuple[int, ...] = (2_000, 8_000, 32_000), repeat: int = 3) -> dict[int, tuple[float, float, float, float]]:
    """size -> (wall s, CPU s of this process, CPU s of its child processes) of linting it as
    `notesense lint` does, and the CPU s of parsing it alone (`parse_floor`); each the best of
    `repeat`, the two measured in turn."""
    from notesense.lint.runner import Options, run
    from notesense.lint.split import release

    results: dict[int, tuple[float, float, float, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            text = source(size)
            path = Path(tmp) / f"scaling_{size}.py"
            path.write_text(text, encoding="utf-8")
            best = [float("inf")] * 4
            for _ in range(repeat):
                children = children_cpu()
                wall, cpu = time.perf_counter(), time.process_time()
                report = run([str(path)], Options())
                measured = (time.perf_counter() - wall, time.process_time() - cpu, children_cpu() - children, parse_floor(text))
                release()  # what `notesense lint`'s exit drops unfreed (`lint.split.left_to_exit`), untimed
                best = [min(b, m) for b, m in zip(best, measured)]
                findings = [f.code for r in report.results for f in r.findings]
                if findings != ["NS101"] or report.errors:
                    raise SystemExit(f"{size} lines: expected one NS101 finding, got {report.results}")
            results[size] = (best[0], best[1], best[2], best[3])
    return results


def lint_once(size: int) -> tuple[float, float, float]:
    """(wall s, CPU s of this process, CPU s of its children) of one lint of `size` lines in a fresh
    process (`--once`), the best of three such processes for each figure."""
    best = [float("inf")] * 3
    for _ in range(3):
        done = subprocess.run([sys.executable, __file__, "--once", str(size)], capture_output=True, text=True, check=True)
        best = [min(b, m) for b, m in zip(best, json.loads(done.stdout))]
    return best[0], best[1], best[2]


def once(size: int) -> list[float]:
    """The one-shot lint (`lint_once`), run in this fresh process: a 20-line file of the same code
    linted first, untimed, then the file of `size` lines once."""
    from notesense.lint.runner import Options, run

    with tempfile.TemporaryDirectory() as tmp:
        small, large = Path(tmp) / "small.py", Path(tmp) / "large.py"
        small.write_text(source(20), encoding="utf-8")
        large.write_text(source(size), encoding="utf-8")
        run([str(small)], Options())
        children = children_cpu()
        wall, cpu = time.perf_counter(), time.process_time()
        report = run([str(large)], Options())
        measured = [time.perf_counter() - wall, time.process_time() - cpu, children_cpu() - children]
    if [f.code for r in report.results for f in r.findings] != ["NS101"] or report.errors:
        raise SystemExit(f"{size} lines: expected one NS101 finding, got {report.results}")
    return measured


def children_cpu() -> float:
    """CPU seconds (user and system) of the child processes this one has waited for."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def parse_floor(text: str) -> float:
    """CPU seconds of the linter's parse of `text` alone (`Document.recovered`: in batches, the cyclic
    collector paused) and freeing its tree: what no lint of the file goes below, since the rules read
    the whole tree."""
    from notesense.analysis.document import Document

    started = time.process_time()
    doc = Document(text, alone=True)
    assert doc.recovered is not None and doc.recovered.error is None
    del doc
    return time.process_time() - started


def changed_last_line(text: str) -> str:
    """The edit `--server` times: a character of the chained assignment's line changed."""
    return text.replace('["b"] = 0\n', '["b"] = 1\n')


async def server_run(lines: int = 50_000, edit: Callable[[str], str] = changed_last_line) -> dict[str, float]:
    from lsprotocol import types
    from pytest_lsp import ClientServerConfig, client_capabilities

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        notes = root / "notes"
        notes.mkdir()
        (notes / "torch.md").write_text(TORCH_NOTE, encoding="utf-8")
        env = {**os.environ, "XDG_CACHE_HOME": str(root / "cache")}
        client = await ClientServerConfig(server_command=[sys.executable, "-m", "notesense", "serve"], server_env=env).start()
        await client.initialize_session(types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"), root_uri=root.as_uri(),
            initialization_options={"notes": [str(notes)]}))
        text = source(lines)
        path = root / "long.py"
        path.write_text(text, encoding="utf-8")
        uri = path.as_uri()
        pid = client._server.pid
        opened, cpu = time.perf_counter(), server_cpu(pid)
        client.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text)))
        while uri not in client.diagnostics:
            await asyncio.sleep(0.02)
        first, first_cpu = time.perf_counter() - opened, server_cpu(pid) - cpu
        helpers = children(pid)  # the parts worker (`analysis.worker`), started by this lint
        helpers_cpu = sum(server_cpu(child) for child in helpers)
        edited = edit(text)
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=edited)]))
        edit = time.perf_counter()
        last = edited.count("\n") - 2
        chunk = edited.splitlines()[-1].index("chunk") + 2
        slowest = 0.0
        while True:
            asked = time.perf_counter()
            await client.text_document_hover_async(types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=last + 1, character=chunk)))
            slowest = max(slowest, time.perf_counter() - asked)
            actions = await client.text_document_code_action_async(types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=types.Range(start=types.Position(line=last, character=0), end=types.Position(line=last, character=5)),
                context=types.CodeActionContext(diagnostics=[])))
            if actions:  # offered only for the version that was linted: the edit's diagnostics are out
                relinted = time.perf_counter() - edit
                break
            if time.perf_counter() - edit > 60:
                raise SystemExit("no diagnostics for the edit within 60 s")
            await asyncio.sleep(0.01)
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
        rss = int(status.split("VmRSS:")[1].split()[0]) / 1024
        peak = int(status.split("VmHWM:")[1].split()[0]) / 1024
        helpers_peak = sum(int(Path(f"/proc/{child}/status").read_text(encoding="utf-8").split("VmHWM:")[1].split()[0]) / 1024
                           for child in helpers)
        await client.shutdown_session()
    return {"first": first, "first_cpu": first_cpu, "relinted": relinted, "hover": slowest, "rss": rss, "peak": peak,
            "helpers_cpu": helpers_cpu, "helpers_peak": helpers_peak}


def children(pid: int) -> list[int]:
    """The processes `pid` started that still run (a worker process of the server)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text(encoding="utf-8").split()]
    return found


def server_cpu(pid: int) -> float:
    """CPU seconds the server process has used (user and system): on a machine whose load drifts,
    what the wall times above vary around."""
    fields = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", action="store_true", help="also measure the server on 50,000 lines")
    parser.add_argument("--once", type=int, metavar="LINES", help=argparse.SUPPRESS)  # one `lint_once` run, as JSON
    args = parser.parse_args()
    if args.once:
        print(json.dumps(once(args.once)))
        return 0
    print(f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}")
    print(f"{'lines':>8} {'':>9} {'wall s':>8} {'cpu s':>8} {'child cpu s':>12} {'x 2k (cpu)':>11} {'parse cpu s':>12}")
    sizes = (2_000, 8_000, 32_000)
    shots = {size: lint_once(size) for size in sizes}
    results = lint_scaling(sizes)
    for label, figures in (("one-shot", shots), ("in-process", {s: r[:3] for s, r in results.items()})):
        base = sum(figures[2_000][1:3])
        for size, (wall, cpu, child) in figures.items():
            parse = f"{results[size][3]:>12.3f}" if label == "in-process" else ""
            print(f"{size:>8,} {label:>9} {wall:>8.3f} {cpu:>8.3f} {child:>12.3f} {(cpu + child) / base:>11.1f} {parse}")
    print("best of 3 each; one-shot: a fresh process per lint (start-up not counted), in-process: three lints in a row here;"
          " cpu s: this process; child cpu s: the process a large file's lower parts are analysed in;"
          " parse cpu s: the linter's parse of the same text alone and freeing its tree, same run")
    if args.server:
        print_server(asyncio.run(server_run()), "50,000", "an edit")
    return 0


def print_server(found: dict[str, float], lines: str, edit: str) -> None:
    """One line for a `server_run`: its figures, with how many `lines` and which `edit` it made."""
    print(f"server, {lines} lines: first diagnostics {found['first']:.2f} s (server CPU {found['first_cpu']:.2f} s); diagnostics of {edit} "
          f"{found['relinted']:.2f} s after it; slowest hover meanwhile {found['hover'] * 1000:.0f} ms; "
          f"RSS {found['rss']:.0f} MB (peak {found['peak']:.0f} MB)"
          + (f"; worker process: CPU {found['helpers_cpu']:.2f} s to the first diagnostics, peak RSS {found['helpers_peak']:.0f} MB"
             if found.get("helpers_cpu") else ""))


if __name__ == "__main__":
    sys.exit(main())
