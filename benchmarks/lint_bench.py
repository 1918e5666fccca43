"""Lint throughput: notesense cold and cached, side by side with ruff and TorchFix, same files.

    python benchmarks/lint_bench.py                # torch + numpy + pandas sources as installed
    python benchmarks/lint_bench.py --torchfix-files 300   # TorchFix on more (or all: 0) of the files

The comparison tools are optional; to measure them: `pip install ruff torchfix`. TorchFix runs at
about a thousand lines a second, so by default it gets a fixed sample of the corpus (its lines/s
is comparable; its wall time is not) — pass `--torchfix-files 0` to give it every file.
Each tool runs as a subprocess; wall time and CPU time (user+sys of the children) are both shown,
because on a shared machine CPU time is the steadier number.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CORPUS = ("torch", "numpy", "pandas")


def package_dir(name: str) -> Path | None:
    spec = importlib.util.find_spec(name)
    return Path(next(iter(spec.submodule_search_locations))) if spec and spec.submodule_search_locations else None


def python_files(roots: list[Path]) -> list[Path]:
    return sorted(p for r in roots for p in r.rglob("*.py"))


def count_lines(files: list[Path]) -> int:
    return sum(p.read_bytes().count(b"\n") for p in files)


def timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """(wall seconds, child CPU seconds, exit code)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, proc.returncode


def measure(name: str, cmd: list[str], lines: int, ok: tuple[int, ...], env: dict[str, str] | None = None, note: str = "") -> bool:
    """Run `cmd` and print its row; a run that failed (exit code not in `ok`) prints FAILED, never a speed."""
    wall, cpu, code = timed(cmd, env)
    if code not in ok:
        print(f"{name:<34} FAILED (exit code {code}): {' '.join(cmd[:4])} …")
        return False
    print(f"{name:<34} {lines:>10,} {wall:>8.2f} {lines / wall:>12,.0f} {cpu:>8.2f} {lines / max(cpu, 1e-9):>14,.0f}  {note}")
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--torchfix-files", type=int, default=150, help="files given to TorchFix (0 = all)")
    args = parser.parse_args()
    roots = [d for name in CORPUS if (d := package_dir(name)) is not None]
    if not roots:
        print("none of torch, numpy, pandas is installed")
        return 1
    files = python_files(roots)
    lines = count_lines(files)
    paths = [str(r) for r in roots]
    print(f"corpus: {', '.join(paths)}\n{len(files):,} files, {lines:,} lines, {os.cpu_count()} cores\n")
    print(f"{'tool':<34} {'lines':>10} {'wall s':>8} {'lines/s':>12} {'cpu s':>8} {'lines/cpu-s':>14}")

    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "XDG_CACHE_HOME": cache}
        lint = [sys.executable, "-m", "notesense", "lint", "--format", "json", *paths]
        if not (measure("notesense lint (cold)", lint, lines, (0, 1), env)
                and measure("notesense lint (cached)", lint, lines, (0, 1), env)):
            return 1

    ruff = shutil.which("ruff")
    if ruff:
        measure("ruff --select PD,NPY (cold)", [ruff, "check", "--isolated", "--no-cache", "--select", "PD,NPY", "--exit-zero", "--quiet", *paths], lines, (0,))
    else:
        print("ruff: not installed (pip install ruff)")

    torchfix = shutil.which("torchfix")
    if torchfix:
        sample = files if args.torchfix_files <= 0 else files[:: max(1, len(files) // args.torchfix_files)]
        sample_lines = count_lines(sample)
        note = "" if sample is files else f"sample of {len(sample)} files"
        measure("torchfix", [torchfix, *map(str, sample)], sample_lines, (0, 1), note=note)
    else:
        print("torchfix: not installed (pip install torchfix)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
