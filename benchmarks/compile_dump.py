"""Everything a compile produces, as text to diff: `python benchmarks/compile_dump.py OUT [--bench-notes N] [ROOT ...]`.

A speed change to the compiler must leave its output alone. This writes, for each ROOT compiled on
its own (default: the shared corpora d2l-zh and the user's notes) and for a generated compile_bench
corpus of N notes, every record (`Snippet.to_dict`: symbols, docs, links, ids …), every learned
pitfall, the report (all but its timing) and the reading order, one JSON line each. Run it with the
base tree and with yours (`PYTHONPATH=<tree>/server`) and compare the two files: `cmp a b`.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import tempfile
from pathlib import Path
from typing import Any, TextIO

from compile_bench import generate

from notesense.compile.pipeline import compile_notes

DEFAULT_ROOTS = ["/work/shared/corpora/d2l-zh", "/work/shared/notes"]


def _line(out: TextIO, value: Any) -> None:
    out.write(json.dumps(value, ensure_ascii=False, sort_keys=True, default=list) + "\n")


def dump(root: Path, label: str, out: TextIO, jobs: int | None) -> int:
    """Write what compiling `root` gives, under `label`; the number of records."""
    result = compile_notes([root], jobs=jobs)
    _line(out, {"root": label})
    for snippet in result.snippets:
        _line(out, snippet.to_dict())
    for pitfall in result.pitfalls:
        _line(out, pitfall.to_dict())
    _line(out, {f.name: getattr(result.report, f.name) for f in dataclasses.fields(result.report) if f.name != "seconds"})
    _line(out, result.order)
    return len(result.snippets)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("roots", nargs="*", default=DEFAULT_ROOTS)
    parser.add_argument("--bench-notes", type=int, default=150, help="notes of the generated corpus (0: none)")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: all cores)")
    args = parser.parse_args()
    records = 0
    with args.out.open("w", encoding="utf-8") as out:
        for root in args.roots:
            records += dump(Path(root), Path(root).name, out, args.jobs)
        if args.bench_notes:
            with tempfile.TemporaryDirectory() as tmp:
                generate(Path(tmp), args.bench_notes)  # its display paths are relative: the same each run
                records += dump(Path(tmp), f"compile_bench {args.bench_notes}", out, args.jobs)
    print(f"{records} records written to {args.out}")


if __name__ == "__main__":
    main()
