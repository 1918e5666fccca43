"""The `notesense` command: a thin dispatcher over the sub-commands each package registers.

Each command module exposes `register(subparsers)`, which adds its parser and sets `run` as the
handler (`run(args) -> int`). Command modules import their heavy dependencies inside `run`, so that
`notesense lint` never pays for pygls and `notesense serve` never pays for rich.
"""

from __future__ import annotations

import argparse
import importlib
import sys

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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="notesense", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"notesense {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.run(args) or 0)
    except KeyboardInterrupt:
        return 130
