"""The library as a VS Code `.code-snippets` file.

VS Code snippet files cannot condition on a file's imports, so every context maps to the `python`
scope and the context is named in the description; the server is what adds import awareness.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from notesense.library.model import Snippet


def snippet_prefixes(snippet: Snippet) -> list[str]:
    """What the user types to get the snippet: its prefixes, else the last part of its id."""
    return list(snippet.prefix) or [snippet.id.rsplit(".", 1)[-1]]


def describe(snippet: Snippet) -> str:
    """One line: context, title and the note it came from."""
    return f"[{snippet.context}] {snippet.title} — {snippet.source.note}:{snippet.source.line}"


def to_vscode(snippets: Iterable[Snippet]) -> str:
    """JSON text of a `.code-snippets` file, keys sorted so the export is deterministic."""
    entries = {
        s.id: {
            "scope": "python",
            "prefix": snippet_prefixes(s),
            "body": s.body.split("\n"),
            "description": describe(s),
        }
        for s in snippets
    }
    return json.dumps(dict(sorted(entries.items())), ensure_ascii=False, indent=2) + "\n"
