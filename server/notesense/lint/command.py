"""`notesense lint` and `notesense rule`.

Exit codes follow ruff: 0 nothing found (or everything fixed), 1 problems remain (a file that does
not parse counts as a problem, reported as `syntax-error`, and is never touched by --fix),
2 the run itself failed (a path that doesn't exist, a file that can't be read or written, bad
arguments). With --diff nothing is written and the exit code is 1 when a file would change.
"""

from __future__ import annotations

import argparse
import sys


def _codes(value: str) -> tuple[str, ...]:
    return tuple(c.strip().upper() for c in value.split(",") if c.strip())


def register(subparsers: argparse._SubParsersAction) -> None:
    lint = subparsers.add_parser("lint", help="check Python files and Jupyter notebooks for the pitfalls the notes describe")
    lint.add_argument("paths", nargs="*", default=["."], metavar="PATH",
                      help="files or folders (.py, .pyi, .ipynb); default: the current folder, as ruff does "
                           "(hidden folders, virtual environments and build output skipped)")
    lint.add_argument("--fix", action="store_true", help="apply safe fixes in place (atomically)")
    lint.add_argument("--force", action="store_true",
                      help="with --fix, also rewrite read-only and hard-linked files and files owned by someone else")
    lint.add_argument("--unsafe-fixes", action="store_true", help="also apply fixes that may change behaviour")
    lint.add_argument("--diff", action="store_true", help="print the fixes as a diff instead of writing them")
    lint.add_argument("--select", type=_codes, default=None, metavar="IDS", help="only these rules (codes or prefixes)")
    lint.add_argument("--ignore", type=_codes, default=(), metavar="IDS", help="skip these rules (codes or prefixes)")
    lint.add_argument("--format", choices=("text", "json", "sarif", "github"), default="text")
    lint.add_argument("--notes", action="append", default=[], metavar="DIR",
                      help="your notes: the pitfalls they describe become rules, findings link to them (may repeat)")
    lint.add_argument("--no-cache", action="store_true",
                      help="don't read or write the result cache (kept in the user's cache folder, never in the project)")
    lint.add_argument("--jobs", type=int, default=None, metavar="N", help="worker processes (default: all cores)")
    lint.add_argument("--locale", metavar="TAG",
                      help="language of the messages: zh, zh-CN, … Chinese (the note's words); en English "
                           "(default: LANGUAGE, LC_ALL, LC_MESSAGES or LANG; English when they name none)")
    lint.set_defaults(run=run)

    rule = subparsers.add_parser("rule", help="explain a rule (or list them all)")
    rule.add_argument("code", nargs="?", help="e.g. NS101, or a learned rule's NSN code")
    rule.add_argument("--markdown", action="store_true", help="print every rule's doc (this is docs/rules.md)")
    rule.add_argument("--learned", action="store_true",
                      help="list the rules learned from notes: pattern, fix, note, self-check result")
    rule.add_argument("--notes", action="append", default=[], metavar="DIR",
                      help="learn from the notes in DIR too (may repeat); default: the bundled notes")
    rule.add_argument("--format", choices=("text", "json"), default="text")
    rule.set_defaults(run=run_rule)


def run(args: argparse.Namespace) -> int:
    from notesense.i18n import cli_language
    from notesense.library.sources import load_for_cli
    from notesense.lint import reporters
    from notesense.lint.runner import LintCache, Options, cache_folder
    from notesense.lint.runner import run as run_lint

    # `--notes`, else the notes [tool.notesense] or NOTESENSE_NOTES name: a pre-commit hook or CI job
    # learns the same pitfalls as the editor does
    library = load_for_cli(args.notes, [], bundled=False)
    learned = None if library is None else _learned(library)
    options = Options(select=args.select, ignore=args.ignore, fix=args.fix, unsafe_fixes=args.unsafe_fixes,
                      diff=args.diff, force=args.force, learned=learned)
    cache = None if args.no_cache or options.fixing else LintCache(cache_folder(), options)
    report = run_lint(args.paths, options, cache=cache, library=library, jobs=args.jobs)
    out = sys.stdout
    if args.diff:
        diffs = [reporters.diff(r) for r in report.results]
        out.write("".join(diffs))
        if report.errors:
            sys.stderr.write(reporters.text(_errors_only(report)))
            return 2
        return 1 if any(diffs) else 0
    if args.format == "text":
        out.write(reporters.text(report, cli_language(args.locale), hyperlinks=reporters.hyperlinks(out)))
        out.flush()  # the notes and the summary go to stderr; keep them after the findings on a terminal
        sys.stderr.write(reporters.notes(report) + reporters.summary(report))
    else:
        out.write(reporters.FORMATS[args.format](report, cli_language(args.locale)))
    if report.errors:
        return 2
    return 1 if report.findings else 0


def _errors_only(report):
    from dataclasses import replace

    return replace(report, results=[r for r in report.results if r.error])


def _learned(library):
    """The bundled notes' pitfalls and the library's, each id once (the user's own note first)."""
    from notesense.rules.learned import bundled_pitfalls

    chosen = {}
    for pitfall in [*library.pitfalls, *bundled_pitfalls()]:
        chosen.setdefault(pitfall.id, pitfall)
    return tuple(chosen.values())


def run_rule(args: argparse.Namespace) -> int:
    from notesense.rules.docs import render_all, render_rule_markdown
    from notesense.rules.engine import ALL_RULES, RULES_BY_CODE

    if args.learned or (args.code or "").upper().startswith("NSN"):
        return _run_learned(args)
    if args.markdown:
        sys.stdout.write(render_all())
        return 0
    if not args.code:
        for rule in ALL_RULES:
            sys.stdout.write(f"{rule.code}  {rule.name:<22} {rule.context:<11} {rule.message}\n")
        return 0
    rule = RULES_BY_CODE.get(args.code.upper())
    if rule is None:
        sys.stderr.write(f"unknown rule {args.code}; known: {', '.join(RULES_BY_CODE)}\n")
        return 2
    text = render_rule_markdown(rule)
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.markdown import Markdown

        Console().print(Markdown(text))
    else:
        sys.stdout.write(text)
    return 0


def _run_learned(args: argparse.Namespace) -> int:
    """`notesense rule --learned`: every learned rule with its pattern, fix, note and self-check result
    (disabled ones too, saying why), and the pitfalls that taught nothing."""
    import json
    from pathlib import Path

    from notesense.rules.docs import render_learned
    from notesense.rules.learned import bundled_pitfalls

    problems: list[tuple[str, int, str]] = []
    if args.notes:
        from notesense.compile.pipeline import compile_notes
        from notesense.paths import cache_dir

        result = compile_notes([Path(p) for p in args.notes], cache_dir=cache_dir())
        pitfalls = list(result.pitfalls)
        problems = [p for p in result.report.pitfall_problems if not p[2].startswith("pitfall disabled")]
    else:
        pitfalls = list(bundled_pitfalls())
    if args.code:
        pitfalls = [p for p in pitfalls if p.id == args.code.upper()]
        if not pitfalls:
            sys.stderr.write(f"no learned rule {args.code}\n")
            return 2
    if args.format == "json":
        rows = [dict(p.to_dict(), context=p.context) for p in pitfalls]
        json.dump({"rules": rows, "not_learned": [{"note": n, "line": line, "reason": r} for n, line, r in problems]},
                  sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    sys.stdout.write(render_learned(pitfalls, problems))
    return 0
