"""Pattern text as Python: `$X` and `$$$ARGS` encoded as identifiers, and the helpers that read
pattern trees (metavariables, gaps, dotted chains, shapes), shared by compiling, matching and fixing."""

from __future__ import annotations

import ast
import builtins
import copy
import re

from notesense.analysis.imports import dotted_name

META = "__ns_"  # `$X` in a pattern is the identifier `__ns_X` in its tree
REST = "__nsv_"  # `$$$ARGS` is `__nsv_ARGS`
_DISPLAY = re.compile(
    r"""(?P<str>(?:[rRbBuUfF]{0,2})(?:'''[\s\S]*?'''|\"\"\"[\s\S]*?\"\"\"|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"))"""
    r"""|\$\$\$(?P<rest>[A-Z][A-Z0-9_]*)|\$(?P<meta>[A-Z][A-Z0-9_]*)"""
)
_ENCODED = re.compile(rf"\b(?:{META}|{REST})([A-Z][A-Z0-9_]*)\b")
BUILTINS = frozenset(dir(builtins))


class PatternError(ValueError):
    """A pattern or fix text that is not valid pattern syntax; the message says what."""


def encode(text: str) -> str:
    """Pattern text as parseable Python: `$X` → `__ns_X`, `$$$A` → `__nsv_A` (not inside strings)."""

    def sub(m: re.Match) -> str:
        if m["str"] is not None:
            return m["str"]
        return f"{REST}{m['rest']}" if m["rest"] else f"{META}{m['meta']}"

    return _DISPLAY.sub(sub, text)


def display(text: str) -> str:
    """The inverse of `encode`, for code the learner unparsed: `__ns_X` → `$X`, `__nsv_A` → `$$$A`."""
    return _ENCODED.sub(lambda m: ("$$$" if m.group(0).startswith(REST) else "$") + m.group(1), text)


def shape(node: ast.AST | list | object) -> str:
    """A node's structure without positions or load/store context: equal shapes, equal code. The text
    of `ast.dump(node)` without its `ctx` fields, written here because `ast.dump` makes a
    self-referencing closure on every call: a reference cycle only the collector frees, which the
    library reload would leave frozen (`collector`)."""
    if isinstance(node, ast.AST):
        cls = type(node)
        fields = []
        for name in node._fields:
            value = getattr(node, name, _MISSING)
            if name == "ctx" or value is _MISSING or (value is None and getattr(cls, name, ...) is None):
                continue
            fields.append(f"{name}={shape(value)}")
        return f"{cls.__name__}({', '.join(fields)})"
    if isinstance(node, list):
        return f"[{', '.join(map(shape, node))}]"
    return repr(node)


_MISSING = object()


def meta_name(node: ast.AST) -> str | None:
    """`X` for the pattern node of `$X`, else None."""
    if isinstance(node, ast.Name) and node.id.startswith(META):
        return node.id[len(META):]
    return None


def rest_name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name) and node.id.startswith(REST):
        return node.id[len(REST):]
    return None


def is_gap(stmt: ast.stmt) -> bool:
    """A `...` line between two pattern statements."""
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and stmt.value.value is Ellipsis


def chain(node: ast.AST) -> list[str] | None:
    """`a.b.c` → ['a', 'b', 'c'] for a Name/Attribute chain, else None."""
    dotted = dotted_name(node) if isinstance(node, ast.expr) else None
    return dotted.split(".") if dotted else None


def parse_pattern(text: str, what: str) -> ast.Module:
    try:
        return ast.parse(encode(text))
    except SyntaxError as exc:
        raise PatternError(f"the {what} does not parse: {exc.msg} (line {exc.lineno})") from None


def literal(text: str) -> ast.AST:
    """The expression `text` stands for; slices (`:, 0:3`) too, read as a subscript would read them."""
    return ast.parse(f"_[{text}]", mode="eval").body.slice  # type: ignore[attr-defined]


def keywords_by_callee(tree: ast.AST) -> dict[str, set[str]]:
    """Keyword names per called thing (`pandas.read_csv`, `.backward`, `$F`)."""
    found: dict[str, set[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            parts = chain(func)
            callee = ".".join(parts) if parts else f".{func.attr}" if isinstance(func, ast.Attribute) else ""
            if isinstance(func, ast.Attribute) and parts and parts[0].startswith(META):
                callee = f".{func.attr}"
            found.setdefault(callee, set()).update(k.arg for k in node.keywords if k.arg)
    return found


def substitute(tree: ast.AST, name: str, value: ast.expr) -> ast.AST:
    """A copy of `tree` with the metavariable `$name` replaced by `value`."""
    return _Swap(name, value).visit(copy.deepcopy(tree))


class _Swap(ast.NodeTransformer):
    """Replaces `$name` by copies of `value` (module-level: no class per call, no cycle to collect)."""

    def __init__(self, name: str, value: ast.expr) -> None:
        self.name = name
        self.value = value

    def visit_Name(self, node: ast.Name) -> ast.AST:
        return copy.deepcopy(self.value) if meta_name(node) == self.name else node


def is_block(stmt: ast.stmt) -> bool:
    return isinstance(stmt, (ast.With, ast.AsyncWith, ast.If, ast.Try, ast.For, ast.While)) or type(stmt).__name__ == "TryStar"


def metas(tree: ast.AST) -> set[str]:
    return {name for node in ast.walk(tree) if (name := meta_name(node) or rest_name(node))}


BODIES = ("body", "orelse", "finalbody")
COMPOUND = frozenset({ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.If, ast.While, ast.For, ast.AsyncFor,
                       ast.With, ast.AsyncWith, ast.Try, ast.Match, *([ast.TryStar] if hasattr(ast, "TryStar") else [])})
SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def position_of(node: ast.AST) -> tuple[int, int]:
    return getattr(node, "lineno", 0), getattr(node, "col_offset", 0)
