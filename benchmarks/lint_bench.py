"""Lint throughput: notesense cold and cached, side by side with ruff and TorchFix, same files.

    python benchmarks/lint_bench.py                # torch + numpy + pandas sources as installed
    python benchmarks/lint_bench.py --torchfix-files 300   # TorchFix on more (or all: 0) of the files
    python benchmarks/lint_bench.py --learned 100          # NS rules only vs. with 100 learned rules
    python benchmarks/lint_bench.py --learned 100 --rounds 5   # … in 5 interleaved rounds (default 3)

With `--learned N` it compares the NS rules alone (`--ignore NSN`) with the NS rules plus N learned
rules: the bundled notes' and rules learned from a generated notes folder of wrong/right pairs that
rename members people really call (`t.view`, `np.concatenate`, `df.groupby` …), so the rules match and
render fixes across the corpus instead of being skipped by their word pre-check. Both sides run
cold in interleaved rounds: the first round's figure, then the median and best of the rounds.

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
    parser.add_argument("--learned", type=int, default=0, metavar="N", help="compare with N learned rules loaded")
    parser.add_argument("--rounds", type=int, default=3, metavar="R",
                        help="with --learned: rounds of both runs, interleaved (median and best reported)")
    args = parser.parse_args()
    roots = [d for name in CORPUS if (d := package_dir(name)) is not None]
    if not roots:
        print("none of torch, numpy, pandas is installed")
        return 1
    files = python_files(roots)
    lines = count_lines(files)
    paths = [str(r) for r in roots]
    print(f"corpus: {', '.join(paths)}\n{len(files):,} files, {lines:,} lines, {os.cpu_count()} cores\n")
    if args.learned:
        return compare_learned(args.learned, paths, lines, max(args.rounds, 1))
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


# (package, receiver set-up, member) whose rename the generated notes teach: members the corpus calls
_TORCH = ("view reshape transpose permute unsqueeze squeeze expand contiguous flatten sum mean max min float long to cpu "
          "detach clone item size dim add mul pow exp abs sqrt softmax argmax norm chunk split sub div log relu sigmoid "
          "tanh argmin topk sort cumsum masked_fill index_select gather repeat narrow unbind roll flip").split()
_NUMPY = ("zeros ones array asarray arange concatenate stack where sum mean max min abs sqrt exp log dot reshape transpose "
          "clip cumsum argmax argmin sort unique linspace full empty vstack hstack").split()
_PANDAS = ("groupby merge sort_values reset_index set_index drop fillna dropna rename astype apply head tail copy "
           "pivot_table melt explode sample nunique value_counts describe").split()


def generated_notes(folder: Path, count: int) -> None:
    """`count` wrong/right pairs in the note style the learner reads: a member renamed on a tensor, an
    array function renamed, a DataFrame method renamed (the new names are made up; the old ones are
    what the corpus calls, so the rules match there)."""
    pairs = []
    for member in _TORCH:
        pairs.append(("import torch\nt = torch.ones(4, 4)\nout = t.{0}(1)\n", "import torch\nt = torch.ones(4, 4)\nout = t.{0}_v2(1)\n", member))
    for func in _NUMPY:
        pairs.append(("import numpy as np\na = np.ones(3)\nout = np.{0}(a)\n", "import numpy as np\na = np.ones(3)\nout = np.{0}_v2(a)\n", func))
    for method in _PANDAS:
        pairs.append(("import pandas as pd\ndf = pd.DataFrame({{'a': [1]}})\nout = df.{0}('a')\n",
                      "import pandas as pd\ndf = pd.DataFrame({{'a': [1]}})\nout = df.{0}_v2('a')\n", method))
    sections = []
    for i, (wrong, right, name) in enumerate(pairs[:count]):
        sections.append(f"## {name} {i}\n\n{name} was renamed.\n\nWrong:\n\n```python\n{wrong.format(name)}```\n\n"
                        f"Right:\n\n```python\n{right.format(name)}```\n")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "renames.md").write_text("# Renames\n\n" + "\n".join(sections), encoding="utf-8")


def compare_learned(count: int, paths: list[str], lines: int, rounds: int) -> int:
    """NS rules alone vs. NS rules with `count` learned rules loaded, both cold, in `rounds` rounds.

    Each round runs both, the order swapped every round (a load that rises or falls during a round
    weighs on each side alike), each with an empty lint cache (the notes are compiled into their
    cache before: the measured run lints, it does not learn). The first round's rows are the cold
    figure as a single run gives it; the median and best of the rounds, and their ratios, are the
    steadier instrument on a shared machine."""
    import json
    import statistics

    from notesense.rules.learned import bundled_pitfalls

    bundled = sum(p.enabled for p in bundled_pitfalls())
    with tempfile.TemporaryDirectory() as work:
        notes = Path(work) / "notes"
        generated_notes(notes, max(count - bundled, 0))
        check = subprocess.run([sys.executable, "-m", "notesense", "rule", "--learned", "--notes", str(notes), "--format", "json"],
                               capture_output=True, text=True)
        learned = sum(r["check"] == "ok" for r in json.loads(check.stdout)["rules"]) + bundled
        print(f"learned rules loaded: {learned} ({bundled} from the bundled notes); {rounds} round(s), order swapped each round\n")
        print(f"{'tool':<34} {'lines':>10} {'wall s':>8} {'lines/s':>12} {'cpu s':>8} {'lines/cpu-s':>14}")
        sides = {"NS rules only": ["--ignore", "NSN"], f"NS + {learned} learned rules": ["--notes", str(notes)]}
        envs = {name: {**os.environ, "XDG_CACHE_HOME": str(Path(work) / f"cache{k}")} for k, name in enumerate(sides)}
        for name, extra in sides.items():  # compile the notes into their cache first
            subprocess.run([sys.executable, "-m", "notesense", "lint", "--no-cache", *extra, __file__], capture_output=True, env=envs[name])
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name in sides}
        for k in range(rounds):
            for name in (list(sides) if k % 2 == 0 else list(sides)[::-1]):
                shutil.rmtree(Path(envs[name]["XDG_CACHE_HOME"]) / "notesense" / "lint", ignore_errors=True)  # cold
                wall, cpu, code = timed([sys.executable, "-m", "notesense", "lint", "--format", "json", *sides[name], *paths], envs[name])
                if code not in (0, 1):
                    print(f"{name:<34} FAILED (exit code {code})")
                    return 1
                runs[name].append((wall, cpu))
                print(f"{name:<34} {lines:>10,} {wall:>8.2f} {lines / wall:>12,.0f} {cpu:>8.2f} {lines / max(cpu, 1e-9):>14,.0f}  round {k + 1}")
        ns_runs, l_runs = runs.values()
        print(f"\nround 1 (cold, as one run gives it): with learned rules {100 * ns_runs[0][0] / l_runs[0][0]:.0f}% "
              f"of the NS-only throughput (wall), {100 * ns_runs[0][1] / l_runs[0][1]:.0f}% (CPU)")
        if rounds > 1:
            for label, pick in (("median", statistics.median), ("best", min)):
                ns_wall, ns_cpu = pick(w for w, _ in ns_runs), pick(c for _, c in ns_runs)
                l_wall, l_cpu = pick(w for w, _ in l_runs), pick(c for _, c in l_runs)
                print(f"{label} of {rounds}: NS only {lines / ns_wall:,.0f} lines/s wall, {lines / ns_cpu:,.0f} lines/cpu-s; "
                      f"with learned {lines / l_wall:,.0f} lines/s wall, {lines / l_cpu:,.0f} lines/cpu-s; "
                      f"ratio {100 * ns_wall / l_wall:.0f}% (wall), {100 * ns_cpu / l_cpu:.0f}% (CPU)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
