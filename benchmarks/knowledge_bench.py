"""Knowledge-layer micro-benchmark: library load, completion and hover on a large file.

Generates a 10,000-snippet library (YAML, zh + en prose) and a 3,000-line pandas/numpy/torch file,
then reports:
  - library load: cold (YAML parse + validation), warm from the library snapshot (what every start
    of the server and the CLI twins reads), and from the per-file caches (what a reload reads after
    one library file changed);
  - completion and hover p50/p95 at many positions, both on one analysed version of the file (what
    the server does for repeated requests) and with a new version per request (typing: each request
    sees a changed file and reuses what the previous version computed).
Targets from issue 3: completion p50 <= 5 ms, p95 <= 20 ms; hover p50 <= 5 ms, p95 <= 30 ms; and
for the library a load under 150 ms. Load times are given as wall and CPU time: on a shared machine
the wall time also measures the neighbours.

    python benchmarks/knowledge_bench.py [--snippets 10000] [--lines 3000] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

from notesense.analysis.document import Document
from notesense.features.completion import CompletionOptions, complete
from notesense.features.hover import hover
from notesense.library.index import Library
from notesense.library.model import SCHEMA_VERSION, Snippet, Source
from notesense.library.sources import Sources, load_library

CONTEXTS = {  # context -> (alias in the notes, symbol stem)
    "pandas": ("pd", "pandas.DataFrame"),
    "numpy": ("np", "numpy"),
    "torch": ("torch", "torch"),
    "os": ("os", "os.path"),
    "collections": ("collections", "collections"),
}


def make_library(folder: Path, count: int) -> None:
    """`count` snippets spread over the contexts, each explaining one generated symbol."""
    per = count // len(CONTEXTS) + 1
    for context, (alias, stem) in CONTEXTS.items():
        entries = []
        for i in range(per):
            name = f"op{i}"
            snippet = Snippet(
                id=f"{context}.gen-{i}", context=context, title=f"{name} 的用法 / how {name} works",
                body=f"${{1:out}} = {alias}.{name}(${{2:x}}, axis=${{3:0}})",
                code=f"out = {alias}.{name}(x, axis=0)",
                source=Source(f"notes/{context}.md", 10 + i * 7, (f"{context} 笔记", f"{name} 函数")),
                prefix=(name, f"{alias}.{name}"), symbols=(f"{stem}.{name}",), requires=(context,),
                aliases=((alias, context),),
                doc=f"把输入按维度处理，返回新的结果；{name} 不修改原对象。Returns a new object; see the note. " * 2,
                lang="mixed", links=(f"https://example.org/{context}/{name}",),
            )
            entries.append(snippet.to_dict())
        text = yaml.dump({"version": SCHEMA_VERSION, "context": context, "snippets": entries},
                         allow_unicode=True, sort_keys=False, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper))
        (folder / f"{context}.yaml").write_text(text, encoding="utf-8")


def make_source(lines: int, rng: random.Random) -> str:
    out = ["import os", "import numpy as np", "import pandas as pd", "import torch", "from torch import nn", ""]
    while len(out) < lines:
        i = rng.randrange(1000)
        out += [
            f"def step_{len(out)}(path):",
            "    df = pd.read_csv(path)",
            f"    out = df.op{i}(0)  # 中文注释 😀",
            f"    arr = np.op{i}(df.to_numpy(), axis=0)",
            "    t = torch.tensor(arr)",
            f"    parts = torch.op{i}(t, 2)",
            "    return os.path.join(path, 'out.csv'), parts",
            "",
        ]
    return "\n".join(out[:lines]) + "\n"


def positions(source: str, rng: random.Random, n: int) -> tuple[list[tuple[int, int]], list[tuple[int, int]], list[tuple[int, str]]]:
    """Points on the file's calls of generated names: completion in the middle of a name being typed
    (`df.op1|23`), hover on a name, and lines to retype for the new-version runs."""
    lines = source.split("\n")
    comp: list[tuple[int, int]] = []
    hov: list[tuple[int, int]] = []
    typed: list[tuple[int, str]] = []
    candidates = [i for i, line in enumerate(lines) if ".op" in line]
    for line_no in rng.sample(candidates, min(n, len(candidates))):
        line = lines[line_no]
        dot = line.index(".op")
        comp.append((line_no, dot + 4))
        hov.append((line_no, dot + 2))
        typed.append((line_no, line[: dot + 4]))  # the line as it is while being typed: `    df = df.op1`
    return comp, hov, typed


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def summary(values: list[float]) -> dict[str, float]:
    return {"p50_ms": round(pct(values, 50), 3), "p95_ms": round(pct(values, 95), 3),
            "mean_ms": round(statistics.fmean(values), 3), "n": len(values)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--snippets", type=int, default=10_000)
    parser.add_argument("--lines", type=int, default=3_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    rng = random.Random(7)
    report: dict[str, object] = {"snippets": args.snippets, "lines": args.lines}
    if hasattr(os, "getloadavg"):  # wall times on a busy machine are not the code's: say how busy it was
        report["load_average"] = round(os.getloadavg()[0], 2)
    with tempfile.TemporaryDirectory() as tmp:
        folder, cache = Path(tmp) / "snippets", Path(tmp) / "cache"
        folder.mkdir()
        make_library(folder, args.snippets)
        report["library_mb"] = round(sum(f.stat().st_size for f in folder.iterdir()) / 1e6, 2)
        sources = Sources(snippets=[folder], origin="options")
        started, cpu = time.perf_counter(), time.process_time()
        library, problems = load_library(sources, cache)
        report["load_cold_ms"] = round((time.perf_counter() - started) * 1000, 1)
        report["load_cold_cpu_ms"] = round((time.process_time() - cpu) * 1000, 1)
        for name, load in (("warm", lambda: load_library(sources, cache)), ("file_caches", lambda: Library.load([folder], cache))):
            wall, cpus = [], []
            for _ in range(5):
                started, cpu = time.perf_counter(), time.process_time()
                library, problems = load()
                wall.append((time.perf_counter() - started) * 1000)
                cpus.append((time.process_time() - cpu) * 1000)
            report[f"load_{name}_ms"] = round(statistics.median(wall), 1)
            report[f"load_{name}_cpu_ms"] = round(statistics.median(cpus), 1)
            assert not problems and len(library) >= args.snippets
    source = make_source(args.lines, rng)
    comp, hov, typed = positions(source, rng, args.requests)
    lines = source.split("\n")
    options = CompletionOptions()

    # one analysed version, as the server keeps it per (uri, version)
    doc = Document(source)
    started = time.perf_counter()
    doc.imports, doc.kinds  # noqa: B018 - the first request's analysis, reported on its own
    report["first_analysis_ms"] = round((time.perf_counter() - started) * 1000, 1)
    c_times, h_times, c_found, h_found = [], [], 0, 0
    for (c_line, c_col), (h_line, h_col) in zip(comp, hov):
        started = time.perf_counter()
        c_found += bool(complete(library, doc, c_line, c_col, options))
        c_times.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        h_found += hover(library, doc, h_line, h_col) is not None
        h_times.append((time.perf_counter() - started) * 1000)
    report["complete_same_version"] = {**summary(c_times), "answered": c_found}
    report["hover_same_version"] = {**summary(h_times), "answered": h_found}

    # typing: every request on a new version of the file (what the previous version computed is reused)
    previous = Document(source)
    previous.imports, previous.kinds  # noqa: B018
    c_times, h_times, c_found = [], [], 0
    for (line_no, text), (h_line, h_col) in zip(typed, hov):
        current = Document("\n".join([*lines[:line_no], text, *lines[line_no + 1:]]), previous=previous)
        started = time.perf_counter()
        c_found += bool(complete(library, current, line_no, len(text), options))
        c_times.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        hover(library, current, h_line, h_col)
        h_times.append((time.perf_counter() - started) * 1000)
        previous = current
    report["complete_new_version"] = {**summary(c_times), "answered": c_found}
    report["hover_new_version"] = summary(h_times)

    if args.json:
        json.dump(report, sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        for key, value in report.items():
            print(f"{key:24} {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
