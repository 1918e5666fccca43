"""`notesense compile NOTES_PATH... -o OUT_DIR [--check] [--report FILE.json] [--jobs N] [--cache DIR]`.

Exit codes: 0 done (or up to date), 1 `--check` found a difference, 2 usage or fatal error (no notes,
output folder not writable). Progress and the summary go to stderr; stdout carries only the list of
differing files under `--check`, so scripts can use it.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

PROGRESS_MIN_NOTES = 50


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "compile",
        help="compile Markdown notes into the YAML snippet library",
        description="Compile notes (.md, .markdown, .txt, .ipynb, .rst) into one YAML snippet file per import context.",
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="NOTES_PATH", help="note files or folders")
    parser.add_argument("-o", "--out", required=True, type=Path, metavar="OUT_DIR", help="library folder")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if OUT_DIR is not up to date")
    parser.add_argument("--report", type=Path, metavar="FILE.json", help="write the compile report as JSON")
    parser.add_argument("--jobs", type=int, metavar="N", help="worker processes (default: all cores for many notes)")
    parser.add_argument("--cache", type=Path, metavar="DIR", help="per-note cache folder for fast recompiles")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from notesense.compile.pipeline import check_library, compile_notes, write_library
    from notesense.compile.report import render_summary

    console = Console(stderr=True)
    if args.jobs is not None and args.jobs < 1:
        console.print("[red]error[/]: --jobs must be at least 1")
        return 2
    with _Progress(console) as progress:
        result = compile_notes(args.paths, cache_dir=args.cache, jobs=args.jobs, progress=progress.update)
    report = result.report
    if report.notes_read == 0:
        render_summary(report, console)
        console.print("[red]error[/]: no readable notes found under " + ", ".join(map(str, args.paths)))
        return 2
    if args.report is not None:
        try:
            args.report.parent.mkdir(parents=True, exist_ok=True)
            args.report.write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        except OSError as exc:
            console.print(f"[red]error[/]: cannot write the report {args.report}: {exc.strerror or exc}")
            return 2
    render_summary(report, console)
    if args.check:
        diffs = check_library(result, args.out)
        for line in diffs:
            print(line)
        if diffs:
            console.print(f"[yellow]{args.out} is out of date[/] ({len(diffs)} files differ); run without --check to update")
            return 1
        console.print(f"{args.out} is up to date")
        return 0
    try:
        touched = write_library(result, args.out)
    except OSError as exc:
        console.print(f"[red]error[/]: cannot write to {args.out}: {exc.strerror or exc}")
        return 2
    console.print(f"wrote {len(touched)} changed files to {args.out}" if touched else f"{args.out} already up to date")
    return 0


class _Progress:
    """A rich progress bar on stderr, shown only once a run turns out to have many notes."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.bar = None
        self.task = None

    def __enter__(self) -> "_Progress":
        return self

    def update(self, done: int, total: int, note: str) -> None:
        if total <= PROGRESS_MIN_NOTES or not self.console.is_terminal:
            return
        if self.bar is None:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.bar = Progress(
                TextColumn("compiling"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                TextColumn("{task.description}"), console=self.console, transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task("", total=total)
        self.bar.update(self.task, completed=done, description=note[-50:])

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()
