"""Linting cost grows linearly with a file's length (it grew quadratically: 32,000 lines took 8.7 s).
CPU time of this process, best of two, so a busy machine does not decide the result."""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from scaling_bench import source  # noqa: E402

from notesense.rules.engine import check_source  # noqa: E402


def cpu_seconds(text: str) -> float:
    best = float("inf")
    for _ in range(2):
        started = time.process_time()
        assert [f.code for f in check_source(text)] == ["NS101"]
        best = min(best, time.process_time() - started)
    return best


def test_sixteen_times_the_lines_costs_at_most_about_sixteen_times_as_much() -> None:
    small, large = cpu_seconds(source(2_000)), cpu_seconds(source(32_000))
    print(f"2,000 lines {small:.3f} s, 32,000 lines {large:.3f} s: {large / small:.1f}x")
    assert large <= 24 * small
