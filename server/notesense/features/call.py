"""The call a member completion inserts: `th.chu|` becomes `th.chunk(${1:x}, ${2:3})`.

After `alias.` the user is in the middle of an expression, so the note's whole example would be
wrong code there. What fits is the call, with the arguments the note's example passes as the
placeholders' defaults; the whole example stays in the item's documentation.
"""

from __future__ import annotations

import ast
import re
from functools import lru_cache

from notesense.analysis.imports import CONVENTIONAL_ALIASES, dotted_name, imports_from_nodes
from notesense.analysis.public_api import MODULES
from notesense.library.model import Snippet, escape

_LINE_BREAK = re.compile(r"\s*\n\s*")  # an argument written over several lines is inserted on one


def call_body(snippet: Snippet, symbol: str, spelled: str) -> tuple[str, dict[str, str]] | None:
    """`spelled(args…)` as an LSP snippet, args from the example's first call of `symbol`, and what
    the names in those args mean (for alias rewriting); None when the example never calls `symbol`
    (then the caller falls back to the whole example)."""
    found = example_call(snippet.code, symbol, snippet.aliases)
    if found is None:
        return None
    args, names = found
    stops = ", ".join(
        f"{keyword}=${{{i}:{escape(value)}}}" if keyword else f"${{{i}:{escape(value)}}}"
        for i, (keyword, value) in enumerate(args, start=1)
    )
    return f"{spelled}({stops})$0", dict(names)


@lru_cache(maxsize=4096)
def example_call(
    code: str, symbol: str, aliases: tuple[tuple[str, str], ...]
) -> tuple[tuple[tuple[str | None, str], ...], tuple[tuple[str, str], ...]] | None:
    """The source text of each argument of the first call to `symbol` in `code`, and the module names
    the example binds (its imports, else the note's aliases and the conventional ones).

    A call matches when its callee, read through those names, is `symbol`; failing that, a method
    call whose name is the symbol's last part (`batch.chunk(2)` for `torch.Tensor.chunk`). For a
    module's function (`torch.chunk`) that method's receiver is the first argument, so the call keeps
    its shape: `B.chunk(64, dim=0)` gives `torch.chunk(B, 64, dim=0)`, not `torch.chunk(64, dim=0)`."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError, SystemError):
        return None
    nodes = list(ast.walk(tree))  # one parse and one walk for the imports and the calls: a first completion makes fifty
    names = {**CONVENTIONAL_ALIASES, **dict(aliases), **imports_from_nodes(nodes).names}
    tail = symbol.rsplit(".", 1)[-1]
    by_method: tuple[str, ...] | None = None
    for node in nodes:
        if not isinstance(node, ast.Call):
            continue
        dotted = dotted_name(node.func)
        if dotted is None:
            continue
        head, _, rest = dotted.partition(".")
        target = names.get(head)
        qualified = (f"{target}.{rest}" if rest else target) if target else None
        if qualified == symbol:
            return _arguments(code, node), tuple(sorted(names.items()))
        if by_method is None and isinstance(node.func, ast.Attribute) and node.func.attr == tail and target is None:
            by_method = _arguments(code, node)
            if symbol.rpartition(".")[0] in MODULES:
                by_method = ((None, _LINE_BREAK.sub(" ", ast.get_source_segment(code, node.func.value) or "")), *by_method)
    return None if by_method is None else (by_method, tuple(sorted(names.items())))


def _arguments(code: str, call: ast.Call) -> tuple[tuple[str | None, str], ...]:
    """(keyword or None, value as written) for the positional then the keyword arguments; `*args`
    and `**kwargs` keep their stars in the value."""
    out: list[tuple[str | None, str]] = [(None, ast.get_source_segment(code, a) or "") for a in call.args]
    for k in call.keywords:
        value = ast.get_source_segment(code, k.value) or ""
        out.append((k.arg, value) if k.arg else (None, f"**{value}"))
    return tuple((k, _LINE_BREAK.sub(" ", v)) for k, v in out if v)


_SIGNATURE_CALL = re.compile(r"^\s*(?:class\s+|def\s+)?([A-Za-z_][\w.]*)\s*\((.*)\)", re.S)


@lru_cache(maxsize=4096)
def signature_call(signature: str, symbol: str, spelled: str) -> str | None:
    """`spelled(…)` from a signature the note writes out (`torch.clamp(input, min=None, max=None)`,
    `os.walk(top[, topdown=True])`): its required parameters as placeholders, the optional ones left to
    the documentation; None when no line of `signature` is a signature of `symbol`. A method's call
    (`x.squeeze` for `torch.Tensor.squeeze`) from its module function's signature (`torch.squeeze(input,
    dim)`) leaves out the first parameter, which the receiver is, as it leaves out `self`."""
    tail = symbol.rsplit(".", 1)[-1]
    method = symbol.rpartition(".")[0] not in MODULES
    for line in signature.split("\n"):
        m = _SIGNATURE_CALL.match(line.split("->")[0].split("→")[0])
        if m is None or m[1].rsplit(".", 1)[-1] != tail:
            continue
        params = re.sub(r"[\[\]]", "", m[2]).strip().lstrip(",")
        try:
            args = ast.parse(f"def _({params}): pass").body[0].args  # type: ignore[attr-defined]
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue
        positional = [*args.posonlyargs, *args.args]
        required = positional[: len(positional) - len(args.defaults)]
        qualifier = m[1].rpartition(".")[0]
        if required and (required[0].arg in ("self", "cls") or method and CONVENTIONAL_ALIASES.get(qualifier, qualifier) in MODULES):
            required = required[1:]
        stops = ", ".join(f"${{{i}:{escape(a.arg)}}}" for i, a in enumerate(required, start=1))
        return f"{spelled}({stops})$0"
    return None
