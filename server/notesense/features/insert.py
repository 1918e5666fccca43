"""The text a completion inserts: the snippet body, spoken in this file's aliases, as an LSP snippet
or as plain text for clients without snippet support."""

from __future__ import annotations

import re
from dataclasses import dataclass

from notesense.analysis.imports import ImportMap, parse_imports

_IDENT = re.compile(r"[^\W\d]\w*(?:\s*\.\s*[^\W\d]\w*)*")  # Python names are Unicode (`张量 = 1`)
_STRING_START = re.compile(r"(?i)(?:rb|br|fr|rf|[rbuf])?('''|\"\"\"|'|\")")


@dataclass(frozen=True, slots=True)
class Rewritten:
    text: str
    imports: tuple[str, ...]  # import statements the file lacks, e.g. "import numpy as np"


def rewrite_aliases(body: str, aliases: dict[str, str], imports: ImportMap) -> Rewritten:
    """Respell every `alias.attr…` chain of the note (outside strings and comments) the way this
    file imports it; chains the file cannot spell keep the note's alias and need an import."""
    if not aliases or all(_spelled_alike(head, module, body, imports) for head, module in aliases.items()):
        return Rewritten(body, ())  # the common case: the file uses the note's own aliases
    out: list[str] = []
    needed: dict[str, None] = {}
    i, n = 0, len(body)
    while i < n:
        ch = body[i]
        if ch == "#" and (i == 0 or body[i - 1] != "$"):
            end = body.find("\n", i)
            end = n if end < 0 else end
            out.append(body[i:end])
            i = end
            continue
        m = _STRING_START.match(body, i) if ch in "'\"rRbBuUfF" and (i == 0 or not _is_ident(body[i - 1])) else None
        if m and (ch in "'\"" or m.end() > i + 1):
            end = _string_end(body, m.end(), m.group(1))
            out.append(body[i:end])
            i = end
            continue
        if ch.isalpha() or ch == "_":
            m = _IDENT.match(body, i)
            assert m is not None
            chain = m.group()
            prev = body[:i].rstrip()[-1:]
            if prev != "." and not (i > 0 and _is_ident(body[i - 1])):
                chain = _respell(chain, aliases, imports, needed)
            out.append(chain)
            i = m.end()
            continue
        out.append(ch)
        i += 1
    return Rewritten("".join(out), tuple(needed))


def split_imports(body: str, aliases: dict[str, str], imports: ImportMap) -> tuple[str, tuple[str, ...]]:
    """Take the body's own top-level import lines out of the inserted text: the ones the file already
    has (under the same name, or under another name the alias rewriting will switch to) are dropped,
    the others are returned to be added at the top of the file, where imports belong."""
    if "import" not in body:
        return body, ()
    kept: list[str] = []
    missing: list[str] = []
    bound = set(imports.names.values())
    for line in body.split("\n"):
        if line.startswith(("import ", "from ")):
            found = parse_imports(expand(line))
            if not found.tolerant and found.names:
                if not all(
                    imports.names.get(local) == target or (local in aliases and target in bound)
                    for local, target in found.names.items()
                ):
                    missing.append(expand(line).strip())
                continue
        kept.append(line)
    return "\n".join(kept).strip("\n"), tuple(missing)


def _spelled_alike(head: str, module: str, body: str, imports: ImportMap) -> bool:
    """The note's alias means the same in this file, or the body never uses it."""
    return head not in body or imports.names.get(head) == module


def _is_ident(ch: str) -> bool:
    return ch == "_" or ch.isalnum()


def _string_end(text: str, start: int, quote: str) -> int:
    i = start
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if text.startswith(quote, i):
            return i + len(quote)
        if ch == "\n" and len(quote) == 1:
            return i
        i += 1
    return len(text)


def _respell(chain: str, aliases: dict[str, str], imports: ImportMap, needed: dict[str, None]) -> str:
    parts = [p.strip() for p in chain.split(".")]
    head = parts[0]
    module = aliases.get(head)
    if module is None:
        return chain
    rest = parts[1:]
    same = [local for local, target in imports.names.items() if target == module]
    if same:
        local = head if head in same else min(same, key=len)
        return ".".join([local, *rest])
    spelled = imports.local_name(".".join([module, *rest]))
    if spelled is not None:
        return spelled
    if head not in imports.names:
        needed[import_statement(module, head)] = None
    return chain


def import_statement(module: str, local: str) -> str:
    """`import numpy as np`, `import os`, `from torch import nn`."""
    if local == module:
        return f"import {module}"
    package, _, last = module.rpartition(".")
    if package and last == local:
        return f"from {package} import {local}"
    return f"import {module} as {local}"


def expand(body: str) -> str:
    """An LSP snippet as the plain text it stands for: placeholders become their defaults, choices their
    first option, tab stops and variables nothing; `\\$`, `\\}`, `\\\\` unescape."""
    text, _ = _expand(body, 0, in_placeholder=False)
    return text


def _expand(s: str, i: int, in_placeholder: bool) -> tuple[str, int]:
    out: list[str] = []
    n = len(s)
    while i < n:
        ch = s[i]
        if ch == "\\" and i + 1 < n and s[i + 1] in "$}\\":
            out.append(s[i + 1])
            i += 2
        elif ch == "}" and in_placeholder:
            return "".join(out), i + 1
        elif ch == "$":
            text, i = _expand_dollar(s, i)
            out.append(text)
        else:
            out.append(ch)
            i += 1
    return "".join(out), i


_SIMPLE = re.compile(r"\$(\d+|[A-Za-z_][A-Za-z0-9_]*)")
_BRACED = re.compile(r"\$\{(\d+|[A-Za-z_][A-Za-z0-9_]*)([:|}])")


def _expand_dollar(s: str, i: int) -> tuple[str, int]:
    if m := _SIMPLE.match(s, i):
        return "", m.end()
    m = _BRACED.match(s, i)
    if m is None:
        return "$", i + 1
    if m.group(2) == "}":
        return "", m.end()
    if m.group(2) == ":":
        return _expand(s, m.end(), in_placeholder=True)
    # choice: ${1|one,two|}
    j = m.end()
    first: list[str] = []
    done_first = False
    while j < len(s):
        ch = s[j]
        if ch == "\\" and j + 1 < len(s):
            if not done_first:
                first.append(s[j + 1])
            j += 2
            continue
        if s.startswith("|}", j):
            return "".join(first), j + 2
        if ch == ",":
            done_first = True
        elif not done_first:
            first.append(ch)
        j += 1
    return "$", i + 1
