"""The `notesense` command: a thin dispatcher over the sub-commands each package registers.

Each command module exposes `register(subparsers)`, which adds its parser and sets `run` as the
handler (`run(args) -> int`). Command modules import their heavy dependencies inside `run`, so that
`notesense lint` never pays for pygls and `notesense serve` never pays for rich.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from notesense import __version__

COMMAND_MODULES = (
    "notesense.compile.command",
    "notesense.lsp.command",
    "notesense.features.command",
    "notesense.library.command",
    "notesense.lint.command",
    "notesense.export.command",
    "notesense.demo.command",
)
SERVE_MODULE = "notesense.lsp.command"  # registers `serve`
# What `notesense --help` says first: what the tool does for its user (the module docstring is for
# developers).
DESCRIPTION = (
    "Your own notes, back in your editor: compile Markdown notes and notebooks into hovers, completions "
    "and lint rules, served to VS Code and Neovim or checked from the command line."
)
EPILOG = "Start with `notesense demo`; `notesense doctor` checks the setup; `notesense COMMAND -h` for a command's options."


def build_parser(modules: Sequence[str] = COMMAND_MODULES) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="notesense", description=DESCRIPTION, epilog=EPILOG)
    parser.add_argument("--version", action="version", version=f"notesense {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in modules:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    own = argv is None  # this process's own command line, not a caller's (a test's)
    argv = sys.argv[1:] if argv is None else argv
    # an editor runs `notesense serve` at every start, waiting: the other commands' modules and
    # parsers (~20-30 ms of CPU) say nothing about it
    parser = build_parser((SERVE_MODULE,) if argv[:1] == ["serve"] else COMMAND_MODULES)
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        code = int(args.run(args) or 0)
    except KeyboardInterrupt:
        return 130
    split = sys.modules.get("notesense.lint.split")
    if own and split is not None and split.left_to_exit():
        # a large file's trees and models were left unfreed (`lint.split`): end without freeing them
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except OSError:  # a closed pipe (`| head`): nothing more can be written
            pass
        os._exit(code)
    return code
