"""Re-linting a 50,000-line file after one edit, as the server does it (in-process, no LSP).

    python benchmarks/large_edit_bench.py [--lines 50000]
    python benchmarks/large_edit_bench.py --server   # also: the server, a line typed mid-file

The file is `scaling_bench.source` (the same small pandas/torch function repeated). A document that
long is analysed in parts (`analysis.parts`); each edit below is linted as the server's next version
of the opened file (`Document(text, previous=...)` then `check_document`): a character changed on
the last line, a line typed in the middle of a function halfway down the file (Enter, then text),
and a line deleted there. Wall and CPU seconds, best of 3, each edit made on the opened version.
`--server` runs `scaling_bench.server_run` (the server on 50,000 lines) with the typed line as its edit.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scaling_bench import print_server, server_run, source  # noqa: E402


def edits(text: str) -> dict[str, str]:
    lines = text.split("\n")
    middle = _middle(lines)
    return {
        "last line changed": text.replace('["b"] = 0\n', '["b"] = 1\n'),
        "line typed mid-file": typed_line(text),
        "line deleted mid-file": "\n".join(lines[:middle + 2] + lines[middle + 3:]),
    }


def typed_line(text: str) -> str:
    """A line typed into the function that begins halfway down the file (after its second line)."""
    lines = text.split("\n")
    middle = _middle(lines)
    return "\n".join(lines[:middle + 2] + ["    z = x * 2"] + lines[middle + 2:])


def _middle(lines: list[str]) -> int:
    """The first line of the function that begins halfway down the file."""
    return next(i for i in range(len(lines) // 2, len(lines)) if lines[i].startswith("def "))


def main() -> int:
    from notesense.analysis.document import Document
    from notesense.rules.engine import check_document

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=50_000)
    parser.add_argument("--server", action="store_true", help="also: the server, a line typed mid-file")
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}")
    text = source(args.lines)
    wall, cpu = time.perf_counter(), time.process_time()
    opened = Document(text)
    found = check_document(opened)
    print(f"open {args.lines:,} lines: wall {time.perf_counter() - wall:.3f} s, cpu {time.process_time() - cpu:.3f} s, "
          f"{len(opened.parts or [])} parts, {len(found)} finding(s)")
    for label, edited in edits(text).items():
        best_wall = best_cpu = float("inf")
        for _ in range(3):
            wall, cpu = time.perf_counter(), time.process_time()
            after = check_document(Document(edited, previous=opened))
            best_wall = min(best_wall, time.perf_counter() - wall)
            best_cpu = min(best_cpu, time.process_time() - cpu)
        print(f"{label:>24}: wall {best_wall:.3f} s, cpu {best_cpu:.3f} s, {len(after)} finding(s)")
    if args.server:
        print_server(asyncio.run(server_run(args.lines, typed_line)), f"{args.lines:,}", "a line typed mid-file")
    return 0


if __name__ == "__main__":
    sys.exit(main())
