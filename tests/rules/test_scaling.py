"""Linting cost grows linearly with a file's length (it grew quadratically: 32,000 lines took 8.7 s).
CPU time of this process, best of two, so a busy machine does not decide the result."""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from scaling_bench import source  # noqa: E402

from notesense.analysis import recover  # noqa: E402
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


def test_the_line_number_padding_of_a_parse_grows_linearly(monkeypatch) -> None:
    """Each batch of a parsed file gets its line numbers from one blank line per line above it. With
    batches of a fixed size those blank lines grow with the square of the file's length: 500-line
    batches read a million of them for 32,000 lines, the one cost of linting that file that grew
    faster than its length. The batch linter's batches grow with what is above them instead."""
    offsets: list[int] = []
    original = recover._parse

    def recorded(text: str, offset: int):
        offsets.append(offset)
        return original(text, offset)

    monkeypatch.setattr(recover, "_parse", recorded)
    text = source(32_000)
    assert [f.code for f in check_source(text)] == ["NS101"]
    assert sum(offsets) <= 5 * text.count("\n")
    for length in (100_000, 1_000_000):  # any length: only the cuts are computed
        spans = recover._batches(["x = 1"] * length, recover.ALONE_BATCH_LINES, recover.ALONE_GROWTH)
        assert sum(start for start, _ in spans) <= 5 * length
