"""Helpers for the compiler tests: note builders and a strict LSP snippet expander."""

from __future__ import annotations

import re

from notesense.notes.model import CodeBlock, Note, Section


def make_note(*sections: Section, path: str = "notes/a.md", title: str = "", tags: list[str] | None = None) -> Note:
    return Note(path=path, sha256="0" * 64, title=title, tags=tags or [], sections=list(sections))


def make_section(
    heading: tuple[str, ...], *codes: str, prose: str = "", leads: list[str] | None = None, line: int = 1,
    links: list[str] | None = None,
) -> Section:
    blocks = [CodeBlock(info="", text=code, line=line + 2 + 10 * i) for i, code in enumerate(codes)]
    return Section(heading=heading, line=line, prose=prose, blocks=blocks, lead=leads or [""] * len(codes), links=links or [])


_INT = re.compile(r"\d+")


class SnippetSyntaxError(ValueError):
    pass


def expand(body: str) -> str:
    """Expand an LSP snippet body with every placeholder at its default, escapes removed.

    Strict: a `$` or `}` or `\\` that is neither an escape nor part of a construct is an error, as
    is a mirrored tab stop whose defaults disagree."""
    defaults: dict[int, str] = {}
    text, end = _parse(body, 0, False, defaults)
    if end != len(body):
        raise SnippetSyntaxError(f"unexpected '}}' at {end}")
    return text


def _parse(s: str, i: int, nested: bool, defaults: dict[int, str]) -> tuple[str, int]:
    out: list[str] = []
    while i < len(s):
        c = s[i]
        if c == "\\":
            if i + 1 < len(s) and s[i + 1] in "\\$}":
                out.append(s[i + 1])
                i += 2
                continue
            raise SnippetSyntaxError(f"lone backslash at {i}")
        if c == "}":
            if nested:
                return "".join(out), i
            raise SnippetSyntaxError(f"unescaped '}}' at {i}")
        if c == "$":
            if i + 1 < len(s) and s[i + 1].isdigit():
                m = _INT.match(s, i + 1)
                i = m.end()
                continue
            if s.startswith("${", i) and (m := _INT.match(s, i + 2)):
                index, j = int(m.group()), m.end()
                if j < len(s) and s[j] == "}":
                    i = j + 1
                    continue
                if j < len(s) and s[j] == ":":
                    inner, k = _parse(s, j + 1, True, defaults)
                    if k >= len(s) or s[k] != "}":
                        raise SnippetSyntaxError(f"unclosed placeholder at {i}")
                    if defaults.setdefault(index, inner) != inner:
                        raise SnippetSyntaxError(f"tab stop {index} has two defaults")
                    out.append(inner)
                    i = k + 1
                    continue
            raise SnippetSyntaxError(f"unescaped '$' at {i}")
        out.append(c)
        i += 1
    if nested:
        raise SnippetSyntaxError("unclosed placeholder at end")
    return "".join(out), i
