"""`notesense export --format vscode|luasnip`: the library as plain editor snippets."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export",
        help="write the library as a VS Code .code-snippets file or a LuaSnip Lua file",
        description="Write the snippet library as plain snippets (no import awareness: every context maps "
        "to the python scope). VS Code: save as .vscode/notesense.code-snippets. LuaSnip: save as "
        "python.lua in a folder loaded with require('luasnip.loaders.from_lua').load({paths = {folder}}).",
    )
    parser.add_argument("--format", choices=("vscode", "luasnip"), required=True)
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    parser.add_argument("--notes", action="append", default=[], metavar="DIR", help="a notes folder or file (repeatable)")
    parser.add_argument("--snippets", action="append", default=[], metavar="DIR", help="a compiled snippets folder (repeatable)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from notesense.files import write_atomic
    from notesense.library.sources import load_for_cli

    library = load_for_cli(args.notes, args.snippets)
    if args.format == "vscode":
        from notesense.export.vscode import to_vscode as render
    else:
        from notesense.export.luasnip import to_luasnip as render
    text = render(library.snippets)
    if args.output is None:
        sys.stdout.write(text)
    else:
        write_atomic(args.output, text.encode("utf-8"))
        print(f"notesense: wrote {len(library.snippets)} snippets to {args.output}", file=sys.stderr)
    return 0
