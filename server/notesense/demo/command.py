"""`notesense demo`: the first five minutes, without an editor.

It copies the bundled `examples/` project to a temporary folder (nothing of the user's is touched)
and runs the real features on it — the rules engine, hover, completion and the lint fixer — against
the bundled library, then says where to go next. Every figure shown is computed, none is canned.
"""

from __future__ import annotations

import argparse
import difflib
import shutil
import tempfile
from pathlib import Path

# Where the demo points the cursor: (file, the text to find, offset into it). Found by search, not by
# line number, so editing the examples never silently breaks the demo.
HOVERS = (("train.py", "torch.chunk(", len("torch.")), ("clean_sales.py", ".fillna(", 1))
COMPLETION_FILE = "train.py"
COMPLETION_AFTER = "        opt.step()\n"  # a new line is typed after this one
COMPLETION_TEXT = "        F."
MAX_HOVER_LINES = 18


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="show what notesense does, on a copy of the bundled example project",
        description="Diagnostics with their hints, two hovers, completions at a cursor and the diff "
        "`notesense lint --fix` would apply, on a temporary copy of examples/.",
    )
    parser.add_argument("--keep", type=Path, metavar="DIR", help="copy the example project here and keep it")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from notesense.library.sources import Sources, load_library
    from notesense.paths import bundled_dir

    console = Console()
    library, problems = load_library(Sources(snippets=[bundled_dir("snippets")]), None)
    for problem in problems:
        console.print(f"[yellow]notesense: {problem}[/]")
    with tempfile.TemporaryDirectory(prefix="notesense-demo-") as tmp:
        project = Path(args.keep) if args.keep else Path(tmp) / "examples"
        shutil.copytree(bundled_dir("examples"), project, dirs_exist_ok=True)
        files = {p.name: p.read_text(encoding="utf-8") for p in sorted(project.glob("*.py"))}
        console.rule(f"[bold]notesense demo[/] — {len(library.snippets)} snippets from the bundled notes, project copied to {project}")
        _diagnostics(console, library, files)
        _hovers(console, library, files)
        _completions(console, library, files[COMPLETION_FILE])
        _fix_diff(console, files)
    _next_steps(console)
    return 0


def _diagnostics(console, library, files: dict[str, str]) -> None:
    from rich.markup import escape

    from notesense.rules.engine import check_source

    console.rule("1. Diagnostics (what the editor underlines)")
    for name, source in files.items():
        for f in check_source(source, path=name, library=library):
            console.print(f"[bold]{name}:{f.line}:{f.col + 1}[/] [red]{f.code}[/] {escape(f.message)}", highlight=False)
            console.print(f"    [cyan]{escape(f.hint)}[/]", highlight=False)
            if f.note:
                console.print(f"    note: {f.note}", style="dim", highlight=False, markup=False)


def _find(source: str, needle: str, offset: int) -> tuple[int, int]:
    """0-based (line, col) of `offset` characters into the first `needle` in `source`."""
    index = source.index(needle) + offset
    line = source.count("\n", 0, index)
    return line, index - (source.rfind("\n", 0, index) + 1)


def _hovers(console, library, files: dict[str, str]) -> None:
    from rich.markdown import Markdown

    from notesense.analysis.document import Document
    from notesense.features.hover import hover

    for name, needle, offset in HOVERS:
        source = files[name]
        line, col = _find(source, needle, offset)
        word = source.splitlines()[line][col:].split("(")[0]
        console.rule(f"2. Hover on `{word}` ({name}:{line + 1}:{col + 1})")
        result = hover(library, Document(source), line, col)
        if result is None:
            console.print("[yellow]the bundled notes say nothing about this symbol[/]")
            continue
        lines = result.markdown.splitlines()
        shown = "\n".join(lines[:MAX_HOVER_LINES]) + ("\n\n…" if len(lines) > MAX_HOVER_LINES else "")
        console.print(Markdown(shown))


def _completions(console, library, source: str) -> None:
    from rich.markup import escape

    from notesense.analysis.document import Document
    from notesense.features.completion import CompletionOptions, complete

    at = source.index(COMPLETION_AFTER) + len(COMPLETION_AFTER)
    typed = source[:at] + COMPLETION_TEXT + "\n" + source[at:]
    line = typed.count("\n", 0, at)
    console.rule(f"3. Completions after typing `{COMPLETION_TEXT.strip()}` ({COMPLETION_FILE}:{line + 1})")
    candidates = complete(library, Document(typed), line, len(COMPLETION_TEXT), CompletionOptions(snippet_support=False))
    for c in candidates[:3]:
        console.print(f"[bold]{escape(c.label)}[/]  [dim]{escape(c.detail + c.label_detail)}[/]", highlight=False)
        body = c.insert_text.splitlines()
        shown = "\n".join(["    " + body[0], *body[1:4]]) + ("\n    …" if len(body) > 4 else "")
        console.print(shown, highlight=False, markup=False)
    if not candidates:
        console.print("[yellow]no completion from the bundled notes here[/]")


def _fix_diff(console, files: dict[str, str]) -> None:
    from rich.syntax import Syntax

    from notesense.lint.fixer import fix_text
    from notesense.lint.runner import Options

    console.rule("4. What `notesense lint --fix --unsafe-fixes` would change")
    for name, source in files.items():
        fixed, _left, _applied = fix_text(source, name, Options(fix=True, unsafe_fixes=True))
        diff = "".join(difflib.unified_diff(source.splitlines(True), fixed.splitlines(True), f"a/{name}", f"b/{name}"))
        if diff:
            console.print(Syntax(diff, "diff", theme="ansi_dark", background_color="default"))


def _next_steps(console) -> None:
    console.rule("Next")
    console.print(
        "- VS Code: install vscode-extension/notesense-*.vsix (see README › VS Code)\n"
        "- Neovim: this repository as a plugin (lazy.nvim spec in README › Neovim); :checkhealth notesense\n"
        "- Your own notes: notesense compile ~/notes -o ~/.notesense/snippets, or set NOTESENSE_NOTES=~/notes\n"
        "- CI and pre-commit: notesense lint src/ (and --fix); rules: notesense rule NS101",
        highlight=False,
    )
