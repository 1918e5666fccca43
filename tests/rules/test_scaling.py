"""Linting cost grows linearly with a file's length (it grew quadratically: 32,000 lines took 8.7 s, 43
times the 2,000-line file). CPU time of this process, the two sizes measured right after each other in
each of three rounds: the machine's speed drifts over seconds (a fresh-clone CI run saw 24.1x where the
same code gives 16x), so only a ratio measured within one round says how the cost grows."""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from scaling_bench import source  # noqa: E402

from notesense.analysis import recover  # noqa: E402
from notesense.rules.engine import check_source  # noqa: E402


def cpu_seconds(text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        assert [f.code for f in check_source(text)] == ["NS101"]
        best = min(best, time.process_time() - started)
    return best


def test_sixteen_times_the_lines_costs_at_most_about_sixteen_times_as_much() -> None:
    small_text, large_text = source(2_000), source(32_000)
    rounds = [(cpu_seconds(small_text, 3), cpu_seconds(large_text, 1)) for _ in range(3)]
    print(", ".join(f"2,000 lines {small:.3f} s, 32,000 lines {large:.3f} s: {large / small:.1f}x" for small, large in rounds))
    assert min(large / small for small, large in rounds) <= 24


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
