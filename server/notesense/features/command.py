"""`notesense hover|complete|search`: the server's features from a shell, on the same code paths.

For scripts and for debugging a user's setup ("why does this hover show nothing?"): the library is
found and loaded exactly as the server does it, and positions are 1-based as editors show them.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from notesense.analysis.document import Document


def register(subparsers: argparse._SubParsersAction) -> None:
    for name, help_text, arg, arg_help in (
        ("hover", "show what the notes say about the symbol at FILE:LINE:COL", "position", "FILE:LINE:COL (1-based)"),
        ("complete", "list the note snippets offered at FILE:LINE:COL", "position", "FILE:LINE:COL (1-based)"),
        ("search", "search the notes by title, symbol or words (zh/en)", "query", "words to look for"),
    ):
        parser = subparsers.add_parser(name, help=help_text, description=help_text)
        parser.add_argument(arg, nargs="+" if name == "search" else None, help=arg_help)
        parser.add_argument("--notes", action="append", default=[], metavar="DIR", help="a notes folder or file (repeatable)")
        parser.add_argument("--snippets", action="append", default=[], metavar="DIR", help="a compiled snippets folder (repeatable)")
        parser.add_argument("--format", choices=("text", "json"), default="text")
        parser.add_argument("--locale", default="", metavar="LANG",
                            help="the language you read first (zh, zh-CN, en): a bilingual note's half in it first")
        if name == "complete":
            parser.add_argument("--plain", action="store_true", help="plain text instead of snippet syntax")
            parser.add_argument("--all", action="store_true", help="snippets of every context, not only the imported ones")
        if name == "search":
            parser.add_argument("--limit", type=int, default=20)
        parser.set_defaults(run=run, feature=name)


_CELL = re.compile(r"^(?P<path>.+\.ipynb):cell (?P<cell>\d+)$")


def _position(text: str) -> tuple[Path, int | None, int, int]:
    """(file, notebook cell or None, 0-based line, 0-based column) of `FILE:LINE:COL`, or of
    `NOTEBOOK.ipynb:cell N:LINE:COL` as `notesense lint` names a place in a notebook."""
    path, line, col = text.rsplit(":", 2) if text.count(":") >= 2 else (text, "", "")
    if not (line.isdigit() and col.isdigit()) or int(line) < 1 or int(col) < 1:
        raise ValueError(f"expected FILE:LINE:COL with 1-based numbers, got {text!r}")
    cell = _CELL.match(path)
    return (Path(cell["path"]), int(cell["cell"]), int(line) - 1, int(col) - 1) if cell else (Path(path), None, int(line) - 1, int(col) - 1)


def _document(path: Path, cell: int | None, line: int, col: int) -> tuple[Document, int, int]:
    """The document to answer in and the position in it: a script as it is; a notebook as its code
    cells joined (as the editor reads it), the position given in a cell (`cell N`, counting every
    cell as Jupyter does) or in the file's JSON text as an editor opens it. Raises ValueError with
    what is wrong for a position that is not in the file's code."""
    from notesense.analysis.cells import join
    from notesense.analysis.document import Document
    from notesense.notebook_json import NotebookText

    text = path.read_text(encoding="utf-8-sig")
    if path.suffix != ".ipynb":
        doc = Document(text)
        if line >= len(doc.lines):
            raise ValueError(f"{path} has {len(doc.lines)} lines; line {line + 1} is past its end")
        return doc, line, col
    notebook = NotebookText.parse(text)  # NotebookError (a ValueError) says why it is no notebook
    joined = join(notebook.notebook.codes)
    if cell is not None:
        index = next((i for i, c in enumerate(notebook.notebook.cells) if c.index == cell - 1), None)
        if index is None:
            raise ValueError(f"cell {cell} of {path} is not a code cell")
    elif (found := notebook.cell_at(line, col)) is not None:
        index, line, col = found
    else:
        raise ValueError(f"line {line + 1}, column {col + 1} of {path} is not in a code cell's source")
    if line >= notebook.notebook.codes[index].lines:
        raise ValueError(f"cell {notebook.notebook.cells[index].index + 1} of {path} has no line {line + 1}")
    return Document(joined.source), joined.line_in_program(index, line), col


def run(args: argparse.Namespace) -> int:
    from notesense.library.sources import load_for_cli

    position = None
    if args.feature == "search" and not " ".join(args.query).strip():
        print("notesense search: give one or more words to search for, e.g. `notesense search merge`", file=sys.stderr)
        return 2
    if args.feature != "search":
        try:
            position = _position(args.position)
        except ValueError as exc:
            print(f"notesense {args.feature}: {exc}", file=sys.stderr)
            return 2
    library = load_for_cli(args.notes, args.snippets)
    if args.feature == "search":
        return _search(library, " ".join(args.query), args)
    assert position is not None
    path, cell, line, col = position
    try:
        doc, line, col = _document(path, cell, line, col)
    except (OSError, UnicodeDecodeError) as exc:
        print(f"notesense {args.feature}: cannot read {path}: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"notesense {args.feature}: {exc}", file=sys.stderr)
        return 2
    if args.feature == "hover":
        return _hover(library, doc, line, col, args)
    return _complete(library, doc, line, col, args)


def _emit(args: argparse.Namespace, data: Any, text: str) -> None:
    if args.format == "json":
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(text + ("\n" if text and not text.endswith("\n") else ""))


def _nothing(args: argparse.Namespace, why: str) -> None:
    """Say why the answer is empty (exit 1), on stderr so stdout stays parseable."""
    if args.format != "json":
        print(f"notesense {args.feature}: {why}", file=sys.stderr)


def _hover(library, doc, line: int, col: int, args: argparse.Namespace) -> int:
    from notesense.features.hover import hover

    result = hover(library, doc, line, col, locale=args.locale)
    if result is None:
        _emit(args, None, "")
        _nothing(args, f"no note explains the name at {args.position}")
        return 1
    data = {"markdown": result.markdown, "line": result.line + 1, "start_col": result.start_col + 1, "end_col": result.end_col + 1}
    _emit(args, data, result.markdown)
    return 0


def _complete(library, doc, line: int, col: int, args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from notesense.features.completion import CompletionOptions, complete

    options = CompletionOptions(snippet_support=not args.plain, show_all=args.all, locale=args.locale)
    candidates = complete(library, doc, line, col, options)
    rows = [f"{c.label}\t{c.detail}\t{c.label_detail.strip()}" for c in candidates]
    _emit(args, [asdict(c) for c in candidates], "\n".join(rows))
    if not candidates:
        _nothing(args, f"no note offers a completion at {args.position}")
    return 0 if candidates else 1


def _search(library, query: str, args: argparse.Namespace) -> int:
    from notesense.features.search import search

    found = search(library, query, limit=args.limit, locale=args.locale)
    data = [
        {"id": s.id, "title": s.title, "context": s.context, "symbols": list(s.symbols), "note": s.source.note, "line": s.source.line}
        for s in found
    ]
    rows = [f"{s.title}\t{s.context}\t{s.source.note}:{s.source.line}" for s in found]
    _emit(args, data, "\n".join(rows))
    if not found:
        _nothing(args, f"no note matches {query!r}")
    return 0 if found else 1
