"""Fix rendering: the fix text of one match with the user's own code pasted in, canonical names
spelled the file's way, parenthesised and re-indented where needed, as minimal text edits."""

from __future__ import annotations

import ast
import copy
import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from notesense.rules.base import Edit
from notesense.rules.pattern.index import file_index
from notesense.rules.pattern.syntax import rest_name

if TYPE_CHECKING:
    from notesense.rules.base import FileContext
    from notesense.rules.pattern import Pattern
    from notesense.rules.pattern.match import Match

_LINK = "__nsl_"  # placeholders while a fix is rendered
# Slots where an expression needs no parentheses whatever it is (a tuple excepted).
_FREE_SLOTS = {
    (ast.Call, "args"), (ast.keyword, "value"), (ast.List, "elts"), (ast.Set, "elts"), (ast.Dict, "keys"),
    (ast.Dict, "values"), (ast.Subscript, "slice"), (ast.Assign, "value"), (ast.Assign, "targets"),
    (ast.AugAssign, "value"), (ast.AnnAssign, "value"), (ast.Return, "value"), (ast.Expr, "value"),
}
_ATOMS = (ast.Name, ast.Attribute, ast.Call, ast.Subscript, ast.Constant, ast.List, ast.Dict, ast.Set,
          ast.ListComp, ast.DictComp, ast.SetComp, ast.GeneratorExp, ast.JoinedStr)


class Renderer:
    """The fix of one match as text edits (see the module docstring)."""

    def __init__(self, pattern: Pattern, ctx: FileContext, m: Match) -> None:
        self.p = pattern
        self.ctx = ctx
        self.m = m
        self.texts: dict[str, tuple[str, ast.AST | None]] = {}  # placeholder -> (user text, user node)

    def edits(self) -> list[Edit] | None:
        ctx, m = self.ctx, self.m
        template = self._template()
        if template is None or not self._pasted(template):
            return None
        first, last = m.focus[0], m.focus[-1]
        if self.p.is_expression or isinstance(first, ast.expr):
            root = template.tree.body[0].value  # type: ignore[attr-defined]
            text = self._fill(template.text(root), "")
            if text is None:
                return None
            if not isinstance(root, _ATOMS) and not self._free(first):
                text = f"({text})"
            return [self._minimal(*ctx.span(first), text)]
        line, col = ctx.start(first)
        indent = ctx.line_text(line)[:col]
        if indent.strip():  # the statement shares its line with another (`a = 1; b = 2`): leave it
            return None
        text = self._fill(template.text(template.tree), indent)
        if text is None:
            return None
        return [self._minimal(line, col, *ctx.end(last), text)]

    def _minimal(self, line: int, col: int, end_line: int, end_col: int, text: str) -> Edit:
        """The replacement narrowed to what differs from the text it replaces: the user's formatting
        and comments around the change stay byte for byte, and fixes next to each other do not overlap."""
        ctx = self.ctx
        start, end = ctx.offset(line, col), ctx.offset(end_line, end_col)
        old = ctx.source[start:end]
        head = 0
        while head < min(len(old), len(text)) and old[head] == text[head]:
            head += 1
        tail = 0
        while tail < min(len(old), len(text)) - head and old[len(old) - 1 - tail] == text[len(text) - 1 - tail]:
            tail += 1
        return Edit(*ctx.position(start + head), *ctx.position(end - tail), text[head:len(text) - tail])

    def _template(self) -> _Template | None:
        """The fix tree with pasted parts as placeholders and canonical names spelled as this file
        spells them; None when the file cannot name one of them. Made once per pattern and spelling
        (never changed after): it is the same for every match, only the pasted texts differ."""
        assert self.p.fix_tree is not None
        spelled = tuple(self.ctx.local(name) for name in self.p.fix_names)
        template = self.p.templates.get(spelled, _UNMADE)
        if template is _UNMADE:
            memo: dict[int, object] = {}
            tree = copy.deepcopy(self.p.fix_tree, memo)
            original = {id(c): o for o, c in memo.items() if isinstance(c, ast.AST)}  # copy -> id(original)
            fill = _Fill(self.p, dict(zip(self.p.fix_names, spelled)), original)
            try:
                template = _Template(fill.visit(tree), fill.slots)  # type: ignore[arg-type]
            except _NoFix:
                template = None
            self.p.templates[spelled] = template
        return template  # type: ignore[return-value]

    def _pasted(self, template: _Template) -> bool:
        """The user's texts for the template's placeholders, in its order; False when the match lacks
        a part the fix pastes."""
        ctx, m = self.ctx, self.m
        for slot in template.slots:
            if slot.link is not None:
                user = m.nodes.get(slot.link)
                if user is None:
                    return False
                self.texts[slot.key] = (ctx.text(user), user)
            else:
                self.texts[slot.key] = (", ".join(ctx.text(a) for a in m.rest.get(slot.rest or "", [])), None)
        return True

    def _fill(self, text: str, indent: str) -> str | None:
        """Indent the template's lines, put the user's texts in for the placeholders (parenthesised
        where their slot needs it, statements re-indented to where they now stand), and check that
        the result parses."""
        needs = _paren_slots(text)
        if self._double_quoted():  # the fix's own strings in the file's quote style
            text = _SINGLE_QUOTED.sub(lambda q: f'"{q.group(1)}"', text)
        lines = text.split("\n")
        out = ("\n" + indent).join(lines)
        for key, (user_text, user) in sorted(self.texts.items(), key=lambda kv: -len(kv[0])):
            if user is None and not user_text:  # an empty $$$REST takes its comma with it
                out = re.sub(rf",\s*{key}\b|\b{key}\s*,\s*|\b{key}\b", "", out)
                continue
            if isinstance(user, ast.stmt):
                rows = out.split("\n")
                row = next(i for i, line in enumerate(rows) if re.search(rf"\b{key}\b", line))
                column = len(rows[row]) - len(rows[row].lstrip()) + (len(indent) if row == 0 else 0)
                user_text = _shift(user_text, column - self.ctx.start(user)[1])
            elif key in needs and user is not None and _loose(user, user_text):
                user_text = f"({user_text})"
            out = re.sub(rf"\b{key}\b", lambda _m, t=user_text: t, out)
        out = out.replace("\n", self.ctx.newline) if self.ctx.newline != "\n" else out
        try:
            ast.parse(f"if 1:\n{indent}{out}" if indent else out)
        except SyntaxError:
            return None
        return out

    def _double_quoted(self) -> bool:
        """Whether the replaced code quotes its strings with `"` (then so does the fix)."""
        first, last = self.m.focus[0], self.m.focus[-1]
        span = self.ctx.source[self.ctx.offset(*self.ctx.start(first)):self.ctx.offset(*self.ctx.end(last))]
        return span.count('"') > span.count("'")

    def _free(self, node: ast.AST) -> bool:
        parent = file_index(self.ctx).parent(node)
        return parent is None or (type(parent[0]), parent[1]) in _FREE_SLOTS


_SINGLE_QUOTED = re.compile(r"(?<![\w'\"])'([^'\"\\\n]*)'")


class _NoFix(Exception):
    """A fix that cannot be written in this file (a name it cannot spell)."""


@dataclass(frozen=True)
class _Slot:
    """A placeholder of a template: the pattern node whose match is pasted there, or the `$$$REST`."""

    key: str
    link: int | None  # id(pattern node)
    rest: str | None


class _Template:
    """A fix tree ready to be filled, and the placeholders in it in the order they were made."""

    def __init__(self, tree: ast.Module, slots: list[_Slot]) -> None:
        self.tree = tree
        self.slots = slots
        self._texts: dict[int, str] = {}

    def text(self, node: ast.AST) -> str:
        """The source of the template or its root expression, unparsed once."""
        text = self._texts.get(id(node))
        if text is None:
            text = self._texts[id(node)] = ast.unparse(node)
        return text


_UNMADE = object()


class _Fill(ast.NodeTransformer):
    """The fix tree's pasted parts as placeholders, its canonical names as the file spells them
    (`spelled`: canonical name -> local spelling, None when the file has none)."""

    def __init__(self, pattern: Pattern, spelled: dict[str, str | None], original: dict[int, int]) -> None:
        self.pattern = pattern
        self.spelled = spelled
        self.original = original
        self.slots: list[_Slot] = []

    def _placeholder(self, link: int | None, rest: str | None) -> ast.Name:
        key = f"{_LINK}{len(self.slots)}"
        self.slots.append(_Slot(key, link, rest))
        return ast.Name(id=key, ctx=ast.Load())

    def visit(self, node: ast.AST) -> ast.AST:
        node_id = self.original.get(id(node), 0)
        linked = self.pattern.links.get(node_id)
        if linked is not None:
            placeholder = self._placeholder(id(linked), None)
            return ast.Expr(value=placeholder) if isinstance(node, ast.stmt) else placeholder
        canonical = self.pattern.fix_canonical.get(node_id)
        if canonical:
            local = self.spelled[canonical]
            if local is None:  # the file cannot name it without a new import: no fix
                raise _NoFix
            return ast.parse(local, mode="eval").body
        rest = rest_name(node)
        if rest is not None:
            return self._placeholder(None, rest)
        return self.generic_visit(node)


@functools.lru_cache(maxsize=1024)
def _paren_slots(text: str) -> frozenset[str]:
    """Placeholders standing where a non-atomic expression would need parentheses, in a template's
    text (the same for every match of a pattern in files that spell its names alike)."""
    needs: set[str] = set()
    for node in ast.walk(ast.parse(text)):
        for name, value in ast.iter_fields(node):
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, ast.Name) and item.id.startswith(_LINK) and (type(node), name) not in _FREE_SLOTS:
                    needs.add(item.id)
    return frozenset(needs)


def _loose(user: ast.AST, text: str) -> bool:
    """Whether pasting `text` into an operand slot could change how it groups."""
    if isinstance(user, ast.Tuple):
        return not (text.startswith("(") and text.endswith(")"))
    return not isinstance(user, _ATOMS)


def _shift(text: str, by: int) -> str:
    """A statement's text moved `by` columns: its continuation lines follow its first line."""
    if by == 0 or "\n" not in text:
        return text
    lines = text.split("\n")
    if by > 0:
        moved = [" " * by + line if line.strip() else line for line in lines[1:]]
    else:
        moved = [line[min(-by, len(line) - len(line.lstrip(" "))):] for line in lines[1:]]
    return "\n".join([lines[0], *moved])
