"""`notesense doctor`: what a setup resolves to — the version and Python that run, where the notes come
from and whether they can be read, the library they give and its problems.

For a user asking "why do I see nothing?", and for editors: `:checkhealth notesense` reads the JSON.
The notes are found (`resolve_sources`) and loaded (`load_library`, with the server's cache) exactly as
the server does it, so the report and the editor never disagree.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from notesense.i18n import Language

MAX_PROBLEMS_SHOWN = 20


def register(subparsers: argparse._SubParsersAction) -> None:
    help_text = "check the setup: version, Python, notes folders, the library and its problems"
    parser = subparsers.add_parser("doctor", help=help_text, description=help_text)
    parser.add_argument(
        "--root", type=Path, default=None, help="the project whose pyproject.toml may name the notes (default: this folder)"
    )
    parser.add_argument("--notes", action="append", default=[], metavar="DIR", help="a notes folder or file, as the editor sets it (repeatable)")
    parser.add_argument("--snippets", action="append", default=[], metavar="DIR", help="a compiled snippets folder (repeatable)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--locale", metavar="TAG",
                        help="language of the problems: zh, zh-CN, … Chinese; en English (default: from the environment, as `lint`)")
    parser.set_defaults(run=run)


def _notes_folder(path: Path, lang: Language | None = None) -> dict[str, Any]:
    """Can the server read this notes path, and how many notes does it hold?"""
    from notesense.i18n import reason
    from notesense.notes.reader import discover

    if not path.exists():
        return {"path": str(path), "exists": False, "readable": False, "notes": 0, "unreadable": []}
    readable = os.access(path, os.R_OK | (os.X_OK if path.is_dir() else 0))
    found, errors = discover([path]) if readable else ([], [])
    return {"path": str(path), "exists": True, "readable": readable, "notes": len(found), "unreadable": [f"{e.path}: {reason(lang, e.reason)}" for e in errors]}


def diagnose(root: Path, notes: list[str], snippets: list[str], lang: Language | None = None) -> dict[str, Any]:
    """The whole report as JSON-ready data, its problems in `lang`; `healthy` is False when something
    the user set is unusable."""
    import notesense
    from notesense.library.sources import load_library, resolve_sources
    from notesense.paths import cache_dir

    sources = resolve_sources(root, {"notes": notes, "snippets": snippets})
    folders = [_notes_folder(path, lang) for path in sources.notes]
    library, problems = load_library(sources, cache_dir())
    counts = dict(library.counts())
    return {
        "version": notesense.__version__,
        "python": platform.python_version(),
        "executable": sys.executable,
        "location": str(Path(notesense.__file__).resolve().parent),
        "root": str(root),
        "origin": sources.origin,
        "notes": folders,
        "snippet_dirs": [{"path": str(p), "exists": p.is_dir()} for p in sources.snippets],
        "library": {"snippets": sum(counts.values()), "contexts": counts},
        "problems": [p.shown(lang) for p in problems],
        "cache": str(cache_dir()),
        "healthy": not problems and all(f["readable"] for f in folders) and bool(counts),
    }


def _text(report: dict[str, Any]) -> str:
    lines = [
        f"notesense {report['version']} from {report['location']}",
        f"Python {report['python']} ({report['executable']})",
        f"notes from: {report['origin']} (project {report['root']})",
    ]
    for folder in report["notes"]:
        state = f"{folder['notes']} notes" if folder["readable"] else "cannot be read" if folder["exists"] else "does not exist"
        lines.append(f"  {folder['path']}: {state}")
    lines.extend(f"  {d['path']}{'' if d['exists'] else ': does not exist'}" for d in report["snippet_dirs"])
    library = report["library"]
    per_context = ", ".join(f"{c} {n}" for c, n in sorted(library["contexts"].items(), key=lambda item: -item[1]))
    lines.append(f"library: {library['snippets']} snippets" + (f" ({per_context})" if per_context else ""))
    problems = report["problems"]
    if problems:
        lines.append(f"problems ({len(problems)}):")
        lines.extend(f"  {p}" for p in problems[:MAX_PROBLEMS_SHOWN])
        if len(problems) > MAX_PROBLEMS_SHOWN:
            lines.append(f"  … and {len(problems) - MAX_PROBLEMS_SHOWN} more (--format json lists them all)")
    lines.append(f"cache: {report['cache']}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from notesense.i18n import cli_language

    report = diagnose((args.root or Path.cwd()).resolve(), args.notes, args.snippets, cli_language(args.locale))
    print(json.dumps(report, ensure_ascii=False, indent=2) if args.format == "json" else _text(report))
    return 0 if report["healthy"] else 1
