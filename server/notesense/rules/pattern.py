"""Learned-rule patterns: Python code with metavariables, matched over one file's semantic model.

A pattern is written the way ast-grep and semgrep write theirs, in the language itself: `$X` is any
expression (of a kind, when `where` says so), `$$$ARGS` is the rest of a call's arguments, and a
line `...` between two statements lets any statements stand in between. Names that resolve through
imports are written canonically (`pandas.concat`) and match however a file spells them (`pd.concat`,
`from pandas import concat`); any other name in a pattern is a builtin and matches itself.

A fix is the same kind of text. Rendering it pastes the user's own code: every subtree of the fix that
also occurs in the pattern is replaced by the text that subtree matched (their names, literals,
formatting and extra keyword arguments), canonical names are spelled the file's way, and the result
is parenthesised where the surrounding code needs it and re-indented to the statement it replaces.

Patterns are data in the library (`library.model.Pitfall`), never generated Python; nothing here
executes anything.
"""

from __future__ import annotations

import ast
import bisect
import builtins
import copy
import functools
import itertools
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING

from notesense.analysis.imports import dotted_name
from notesense.analysis.semantic import walk
from notesense.rules.base import Edit

if TYPE_CHECKING:
    from notesense.library.model import PitfallPattern
    from notesense.rules.base import FileContext

META = "__ns_"  # `$X` in a pattern is the identifier `__ns_X` in its tree
REST = "__nsv_"  # `$$$ARGS` is `__nsv_ARGS`
_LINK = "__nsl_"  # placeholders while a fix is rendered
_DISPLAY = re.compile(
    r"""(?P<str>(?:[rRbBuUfF]{0,2})(?:'''[\s\S]*?'''|\"\"\"[\s\S]*?\"\"\"|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"))"""
    r"""|\$\$\$(?P<rest>[A-Z][A-Z0-9_]*)|\$(?P<meta>[A-Z][A-Z0-9_]*)"""
)
_ENCODED = re.compile(rf"\b(?:{META}|{REST})([A-Z][A-Z0-9_]*)\b")
_CTX = re.compile(r", ctx=(?:Load|Store|Del)\(\)")
_BUILTINS = frozenset(dir(builtins))
# Slots where an expression needs no parentheses whatever it is (a tuple excepted).
_FREE_SLOTS = {
    (ast.Call, "args"), (ast.keyword, "value"), (ast.List, "elts"), (ast.Set, "elts"), (ast.Dict, "keys"),
    (ast.Dict, "values"), (ast.Subscript, "slice"), (ast.Assign, "value"), (ast.Assign, "targets"),
    (ast.AugAssign, "value"), (ast.AnnAssign, "value"), (ast.Return, "value"), (ast.Expr, "value"),
}
_ATOMS = (ast.Name, ast.Attribute, ast.Call, ast.Subscript, ast.Constant, ast.List, ast.Dict, ast.Set,
          ast.ListComp, ast.DictComp, ast.SetComp, ast.GeneratorExp, ast.JoinedStr)


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


def shape(node: ast.AST) -> str:
    """A node's structure without positions or load/store context: equal shapes, equal code."""
    return _CTX.sub("", ast.dump(node))


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


@dataclass
class Match:
    """One place a pattern matched: the user nodes behind each pattern node and metavariable."""

    nodes: dict[int, ast.AST] = field(default_factory=dict)  # id(pattern node) -> user node
    binds: dict[str, ast.AST] = field(default_factory=dict)  # metavariable -> user node
    reads: dict[str, ast.AST] = field(default_factory=dict)  # metavariable -> first user node it is read at
    rest: dict[str, list[ast.AST]] = field(default_factory=dict)  # $$$NAME -> user args and keywords
    extra: bool = False  # a call carried keywords the pattern has no place for: report, don't fix
    focus: list[ast.AST] = field(default_factory=list)  # the user expression, or statements, to report/fix
    via: "Pattern | None" = None  # the pattern's inlined form matched (`x.t().view(…)`): it renders the fix

    def copy(self) -> "Match":
        return Match(dict(self.nodes), dict(self.binds), dict(self.reads), {k: list(v) for k, v in self.rest.items()},
                     self.extra, list(self.focus), self.via)


class FileIndex:
    """Where patterns can start in one file, found from the text rather than by walking every node.

    A pattern names at least one word (a method, a keyword, a canonical name's last part). Only the
    statements where that word occurs are walked, so the cost follows the word's occurrences, not the
    file's size: a hundred learned rules cost little more than one. The semantic model says which
    statement holds an occurrence (`located`); nothing is built before a pattern asks: the statement
    lists (`place`, `owner`) only for statement patterns and guards, the line index of every
    statement's own code only for the few occurrences the model does not place (an `except` or
    `case` header, or a decorator of a class's first method).
    """

    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx
        self._units: list[tuple[int, int, ast.stmt]] | None = None
        self._place: dict[int, tuple[list[ast.stmt], int]] | None = None
        self._owner: dict[int, ast.stmt] | None = None
        self._starts: list[int] = []
        self._heads: list[ast.AST] | None = None
        self._head_starts: list[tuple[int, int]] = []
        self._head_ends: list[int] = []
        self._head_lines: list[tuple[int, int]] = []
        self._head_tails: dict[int, dict[str, list[ast.AST]]] = {}
        self._located: dict[str, tuple[list[ast.stmt], list[int]]] = {}
        self._locals: dict[str, list[str]] | None = None  # canonical name -> the local names imports give it
        self._normalised: bool | None = None
        self._near: dict[str, list[ast.AST]] = {}
        self._units_near: dict[str, list[ast.stmt]] = {}
        self._walked: dict[int, list[ast.AST]] = {}
        self._parents: dict[int, tuple[ast.AST, str]] | None = None
        self._tails: dict[frozenset[str], list[ast.AST]] = {}

    @property
    def place(self) -> dict[int, tuple[list[ast.stmt], int]]:
        """id(statement) -> (the statement list it stands in, its index there), from the model's blocks."""
        if self._place is None:
            self._place = {id(stmt): (body, i) for body, _ in self.ctx.semantic.blocks for i, stmt in enumerate(body)}
        return self._place

    @property
    def owner(self) -> dict[int, ast.stmt]:
        """id(statement list) -> the compound statement holding it, from the model's blocks."""
        if self._owner is None:
            self._owner = {id(body): stmt for body, stmt in self.ctx.semantic.blocks if stmt is not None}
        return self._owner

    @property
    def units(self) -> list[tuple[int, int, ast.stmt]]:
        """(first line, last line of its own code, statement) of every statement of the model, by position."""
        if self._units is None:
            units: list[tuple[int, int, ast.stmt]] = []
            for stmt in self.ctx.semantic.statements():
                end = stmt.end_lineno or stmt.lineno
                if type(stmt) in _COMPOUND:  # a compound statement's own code is its header
                    bodies = [getattr(stmt, name) for name in _BODIES if getattr(stmt, name, None)]
                    bodies.extend(part.body for part in (*getattr(stmt, "handlers", ()), *getattr(stmt, "cases", ())))
                    if bodies:
                        end = max(stmt.lineno, min(b[0].lineno for b in bodies if b) - 1)
                units.append((stmt.lineno, end, stmt))
            units.sort(key=itemgetter(0, 1))
            self._starts = [u[0] for u in units]
            self._units = units
        return self._units

    def spellings(self, dotted: str) -> list[str]:
        """The words a canonical name can be written with in this file: its last part, and the local
        names its imports give it (`from torch.nn.functional import softmax as sm`)."""
        if self._locals is None:
            self._locals = {}
            for local, target in self.ctx.imports.names.items():
                self._locals.setdefault(target, []).append(local)
        return sorted({dotted.rpartition(".")[2], *self._locals.get(dotted, ())})

    def located(self, word: str) -> tuple[list[ast.stmt], list[int]]:
        """The statements whose own code holds `word` (as a whole identifier), each asked of the
        semantic model at a place the word stands (a bisection per scope, no index of the file's
        statements; the search goes on after the end of a simple statement found, so a word written
        many times in one statement costs one question); and the lines of the occurrences the model
        does not place in a statement's own code — an `except` or `case` header — which the line
        index (`_heads_at`, `_units_at`) places. An occurrence in a comment is no code: skipped."""
        done = self._located.get(word)
        if done is not None:
            return done
        ctx = self.ctx
        model = ctx.semantic
        source = ctx.source
        starts = ctx.doc.line_starts
        texts = ctx.doc.lines
        ascii_source = source.isascii()
        found: dict[int, ast.stmt] = {}
        other: list[int] = []
        search = _finder(word).search
        match = search(source)
        while match is not None:
            at = match.start()
            if at and (source[at - 1].isalnum() or source[at - 1] == "_"):
                match = search(source, match.end())
                continue
            line = bisect.bisect_right(starts, at)
            col = at - starts[line - 1]
            if not ascii_source and not texts[line - 1].isascii():
                col = len(texts[line - 1][:col].encode("utf-8", "surrogatepass"))
            position = (line, col)
            stmt = model.statement_covering(position)
            block = _block_start(stmt) if stmt is not None else None
            after = match.end()
            if stmt is not None and (block is None or position < block):
                found[id(stmt)] = stmt
                if block is None:  # a simple statement: nothing after this occurrence up to its end is another's
                    after = max(after, ctx.offset(*ctx.end(stmt)))
            elif not _in_comment(texts[line - 1], col):
                other.append(line)
            match = search(source, after)
        done = self._located[word] = (list(found.values()), sorted(set(other)))
        return done

    def statements_near(self, words: Sequence[str]) -> list[ast.stmt]:
        """The statements whose own lines hold one of `words`."""
        key = "\0".join(sorted(words))
        if key not in self._units_near:
            units: dict[int, ast.stmt] = {}
            for word in words:
                stmts, lines = self.located(word)
                units.update((id(unit), unit) for unit in stmts)
                for line in lines:
                    units.update((id(unit), unit) for unit in self._units_at(line))
            self._units_near[key] = list(units.values())
        return self._units_near[key]

    def near(self, words: Sequence[str]) -> list[ast.AST]:
        """Every node of the statements whose own lines hold one of `words` (the statements too)."""
        key = "\0".join(sorted(words))
        if key not in self._near:
            nodes = [node for unit in self.statements_near(words) for node in self._own_nodes(unit)]
            nodes.sort(key=_position)
            self._near[key] = nodes
        return self._near[key]

    def by_tail(self, tails: frozenset[str]) -> list[ast.AST]:
        """The names, attributes and calls whose last name (a name's, an attribute's, a call's callee's)
        is one of `tails`, in document order. Such a node's last name is written where the word
        stands, so only the statements (and `except`/`case` headers) whose own code holds one of its
        occurrences are walked, each at most once per file however many rules ask."""
        nodes = self._tails.get(tails)
        if nodes is None:
            heads: dict[int, ast.AST] = {}
            for tail in tails:
                stmts, lines = self.located(tail)
                heads.update((id(head), head) for head in stmts)
                for line in self._normalised_lines(tail, lines):
                    heads.update((id(head), head) for head in self._heads_at(line))
            nodes = [n for head in heads.values() for tail, found in self._tails_in(head).items() if tail in tails
                     for n in found]
            nodes.sort(key=_position)
            self._tails[tails] = nodes
        return nodes

    def _tails_in(self, head: ast.AST) -> dict[str, list[ast.AST]]:
        """The nodes of a head's own code that have a last name, by that name."""
        found = self._head_tails.get(id(head))
        if found is None:
            found = self._head_tails[id(head)] = {}
            for node in self._own_nodes(head):
                kind = type(node)
                if kind is ast.Call:  # the callee's last name
                    node_func = node.func  # type: ignore[attr-defined]
                    kind = type(node_func)
                    tail = node_func.attr if kind is ast.Attribute else node_func.id if kind is ast.Name else None
                else:
                    tail = node.attr if kind is ast.Attribute else node.id if kind is ast.Name else None  # type: ignore[attr-defined]
                if tail is not None:
                    found.setdefault(tail, []).append(node)
        return found

    def _normalised_lines(self, word: str, lines: list[int]) -> list[int]:
        """`lines`, and the lines whose identifiers only read as `word` once normalised as Python
        normalises them (NFKC: `ｖｉｅｗ` is `view`)."""
        if self._normalised is None:
            source = self.ctx.source
            self._normalised = source.isascii() or unicodedata.is_normalized("NFKC", source)
        if self._normalised:
            return lines
        spelled = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
        extra = [i + 1 for i, text in enumerate(self.ctx.doc.lines)
                 if not text.isascii() and spelled.search(unicodedata.normalize("NFKC", text))]
        return sorted({*lines, *extra})

    def _heads_at(self, line: int) -> list[ast.AST]:
        """The statements, `except` and `case` headers whose own code may hold `line` (a compound
        statement's own code is taken to reach its block's first line: a header ending on that line
        is covered; a few extra nodes are walked)."""
        if self._heads is None:
            self._index_heads()
        heads = self._heads
        assert heads is not None
        lo = bisect.bisect_left(self._head_ends, line)
        hi = bisect.bisect_right(self._head_starts, (line, 1 << 30))
        return [heads[i] for i in range(lo, hi) if self._head_lines[i][0] <= line <= self._head_lines[i][1]]

    def _index_heads(self) -> None:
        """Each statement of the model (every statement, in every scope) and every handler and case
        header, with the lines of its own code, sorted by where it starts."""
        rows: list[tuple[tuple[int, int], int, ast.AST]] = []
        for stmt in self.ctx.semantic.statements():
            if type(stmt) not in _COMPOUND:
                rows.append(((stmt.lineno, stmt.col_offset), stmt.end_lineno or stmt.lineno, stmt))
                continue
            start = (stmt.lineno, stmt.col_offset)
            for decorator in getattr(stmt, "decorator_list", ()):
                start = min(start, (decorator.lineno, decorator.col_offset))
            blocks = [b for b in (getattr(stmt, "body", None), getattr(stmt, "orelse", None)) if b]
            first_block = min((b[0].lineno for b in blocks), default=None)
            for handler in getattr(stmt, "handlers", ()):
                rows.append(((handler.lineno, handler.col_offset), handler.body[0].lineno, handler))
                first_block = min(first_block or handler.lineno, handler.lineno)
            for case in getattr(stmt, "cases", ()):
                rows.append(((case.pattern.lineno, case.pattern.col_offset), case.body[0].lineno, case))
                first_block = min(first_block or case.pattern.lineno, case.pattern.lineno)
            rows.append((start, max(start[0], first_block or stmt.end_lineno or stmt.lineno), stmt))
        rows.sort(key=itemgetter(0))
        self._heads = [r[2] for r in rows]
        self._head_starts = [r[0] for r in rows]
        self._head_lines = [(r[0][0], r[1]) for r in rows]
        ends: list[int] = []
        reach = 0
        for r in rows:  # the farthest line reached so far: a bisection finds the first head that can cover a line
            reach = max(reach, r[1])
            ends.append(reach)
        self._head_ends = ends

    def _own_nodes(self, unit: ast.stmt) -> list[ast.AST]:
        """The statement and every node of its own code (once per file, however many rules ask)."""
        nodes = self._walked.get(id(unit))
        if nodes is None and type(unit) not in _COMPOUND and isinstance(unit, ast.stmt):
            nodes = self._walked[id(unit)] = walk(unit)  # a simple statement is all its own code
        if nodes is None:
            nodes = [unit]
            for name, value in ast.iter_fields(unit):
                if name in _BODIES or name in ("handlers", "cases"):
                    continue
                for part in value if isinstance(value, list) else [value]:
                    if isinstance(part, ast.AST):
                        nodes.extend(walk(part))
            self._walked[id(unit)] = nodes
        return nodes

    def _units_at(self, line: int) -> list[ast.stmt]:
        """The statements whose own code holds `line`, innermost first. Own code never nests (a compound
        statement owns only its header), so it is the last statement starting at or before `line`, and
        any other starting on that same line (`if x: y = 1`)."""
        units = self.units
        i = bisect.bisect_right(self._starts, line)
        if not i:
            return []
        first = self._starts[i - 1]
        found = []
        while i and self._starts[i - 1] == first:
            start, last, stmt = units[i - 1]
            if last >= line:
                found.append(stmt)
            i -= 1
        return found

    def blocks_around(self, node: ast.AST) -> Iterator[ast.stmt]:
        """The compound statements `node` stands in, innermost first, up to its function or class."""
        unit = node if id(node) in self.place else self._unit_of(node)
        if unit is None or id(unit) not in self.place:
            return
        if unit is not node and _is_block(unit):
            yield unit  # an expression in a compound statement's header
        stmts = self.place[id(unit)][0]
        while True:
            owner = self.owner.get(id(stmts))
            if owner is None or isinstance(owner, _SCOPES) or id(owner) not in self.place:
                return
            yield owner
            stmts = self.place[id(owner)][0]

    def _unit_of(self, node: ast.AST) -> ast.stmt | None:
        """The statement whose own code holds an expression node."""
        position = (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))
        stmt = self.ctx.semantic.statement_covering(position)
        if stmt is not None:
            block = _block_start(stmt)
            if block is None or position < block:
                return stmt
        return next(iter(self._units_at(position[0])), None)

    def enclosing(self, stmts: list[ast.stmt]) -> Iterator[list[ast.stmt]]:
        """`stmts` and the statement lists around it, up to the function (or class) it is in."""
        while True:
            yield stmts
            owner = self.owner.get(id(stmts))
            if owner is None or isinstance(owner, _SCOPES) or id(owner) not in self.place:
                return
            stmts = self.place[id(owner)][0]

    def parent(self, node: ast.AST) -> tuple[ast.AST, str] | None:
        """The node's parent and the field holding it (built on first use: only fixes ask)."""
        if self._parents is None:
            self._parents = {}
            for parent in ast.walk(self.ctx.tree):
                for name, value in ast.iter_fields(parent):
                    for child in value if isinstance(value, list) else [value]:
                        if isinstance(child, ast.AST):
                            self._parents[id(child)] = (parent, name)
        return self._parents.get(id(node))


_BODIES = ("body", "orelse", "finalbody")
_COMPOUND = frozenset({ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.If, ast.While, ast.For, ast.AsyncFor,
                       ast.With, ast.AsyncWith, ast.Try, ast.Match, *([ast.TryStar] if hasattr(ast, "TryStar") else [])})
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _position(node: ast.AST) -> tuple[int, int]:
    return getattr(node, "lineno", 0), getattr(node, "col_offset", 0)


@functools.lru_cache(maxsize=1024)
def _finder(word: str) -> re.Pattern[str]:
    """`word` not followed by an identifier character; the word as a literal prefix, so the regex
    engine searches for it as fast as `str.find`."""
    return re.compile(rf"{re.escape(word)}(?!\w)")


def _block_start(stmt: ast.stmt) -> tuple[int, int] | None:
    """Where a compound statement's first inner statement, handler or case begins (a decorator
    included): its own code ends there. None for a simple statement."""
    if type(stmt) not in _COMPOUND:
        return None
    starts = [_text_start(body[0]) for name in _BODIES if (body := getattr(stmt, name, None))]
    starts.extend((h.lineno, h.col_offset) for h in getattr(stmt, "handlers", ()))
    starts.extend((c.pattern.lineno, c.pattern.col_offset) for c in getattr(stmt, "cases", ()))
    return min(starts, default=None)


def _text_start(stmt: ast.stmt) -> tuple[int, int]:
    """Where a statement's text begins: its first decorator's line, for a decorated one."""
    decorators = getattr(stmt, "decorator_list", None)
    return (decorators[0].lineno, 0) if decorators else (stmt.lineno, stmt.col_offset)


def _in_comment(text: str, col: int) -> bool:
    """Whether UTF-8 column `col` of a line is in its comment: after a `#` with no quote before it
    (which could make it part of a string) — a cheap test that may say no to a comment, never yes to code."""
    head = text[:col] if text.isascii() else text.encode("utf-8", "surrogatepass")[:col].decode("utf-8", "ignore")
    hash_at = head.find("#")
    return hash_at >= 0 and "'" not in head[:hash_at] and '"' not in head[:hash_at]


def file_index(ctx: FileContext) -> FileIndex:
    index = ctx.memo.get("pattern.index")
    if index is None:
        index = ctx.memo["pattern.index"] = FileIndex(ctx)
    return index  # type: ignore[return-value]


class Pattern:
    """A compiled pattern (and optional fix): `find` its matches in a file, `edits` for one match.

    `where` maps a metavariable to the kind its code must have there (`pandas.DataFrame`): the kind
    must be inferred, an unknown kind never matches — unless the kind ends with `?` (`torch.Tensor?`:
    that kind or unknown), which the learner writes where a context statement already says what the
    value is (`$Y = $X.t()`). `modules` are the top-level packages whose
    dotted names in the pattern are canonical. `focus` (statement patterns) is the [start, end) slice
    of the pattern's statements (gaps not counted) that a finding points at and the fix replaces.
    `fix_requires` maps a literal metavariable to the text the note had: the fix holds only for it.
    """

    def __init__(
        self,
        text: str,
        *,
        where: Mapping[str, str] | None = None,
        modules: Sequence[str] = (),
        fix: str | None = None,
        focus: tuple[int, int] | None = None,
        fix_requires: Mapping[str, str] | None = None,
        not_inside: Sequence[str] = (),
    ) -> None:
        self.text = text
        self.where = dict(where or {})
        self.modules = frozenset(modules)
        self.fix_text = fix
        self.fix_requires = dict(fix_requires or {})
        self.tree = _parse(text, "pattern")
        body = self.tree.body
        if not body or is_gap(body[0]) or is_gap(body[-1]):
            raise PatternError("a pattern needs a statement or an expression (and no `...` at either end)")
        self.statements = [s for s in body if not is_gap(s)]
        self.gaps = [i > 0 and is_gap(body[body.index(s) - 1]) for i, s in enumerate(self.statements)]
        self.is_expression = len(body) == 1 and isinstance(body[0], ast.Expr)
        self.root: ast.AST = body[0].value if self.is_expression else self.statements[0]  # type: ignore[attr-defined]
        n = len(self.statements)
        self.focus = focus if focus is not None else (0, n)
        if not (0 <= self.focus[0] < self.focus[1] <= n):
            raise PatternError(f"focus {self.focus} is outside the pattern's {n} statements")
        if any(self.gaps[self.focus[0] + 1:self.focus[1]]):
            raise PatternError("the focus must be statements that follow each other (no `...` inside it)")
        self.canonical: dict[int, str] = {}  # id(pattern node) -> dotted name, for canonical chains
        self._top_words: dict[int, tuple[str, str]] = {}  # see `_word_of`
        self.inner: set[int] = set()  # the nodes inside those chains
        self.words: set[str] = set()
        self._scan(self.tree)
        unknown = set(self.where) - self.metavariables()
        if unknown:
            raise PatternError(f"`where` names {sorted(unknown)}, which the pattern does not use")
        self.fix_tree = _parse(fix, "fix") if fix is not None else None
        self.forbidden: set[str] = set()
        self.not_inside: list[ast.stmt] = []
        for text in not_inside:
            guard = _parse(text, "not_inside").body
            if len(guard) != 1 or not _is_block(guard[0]):
                raise PatternError(f"not_inside must be one compound statement header, got {text!r}")
            self.not_inside.append(guard[0])
            self._scan_guard(guard[0])
        if self.fix_tree is not None:
            missing = _metas(self.fix_tree) - self.metavariables()
            if missing:
                raise PatternError(f"the fix uses {sorted('$' + m for m in missing)}, which the pattern does not bind")
            self._fix_canonical: dict[int, str] = {}
            self._scan_fix(self.fix_tree)
            self._links = self._link_fix()
            pasted = [p for p in self._links.values()]
            self._pasted = {id(n) for p in pasted for n in ast.walk(p)}  # pattern nodes the fix pastes whole
            # a keyword the fix adds to a call it keeps marks code that is already right: never a match
            added = _keywords_by_callee(self.fix_tree)
            had = _keywords_by_callee(self.tree)
            self.forbidden = {k for callee, keys in added.items() if callee in had for k in keys - had[callee]}
        self.inline = self._inlined(not_inside, self.fix_requires)

    def _inlined(self, not_inside: Sequence[str], fix_requires: Mapping[str, str]) -> "Pattern | None":
        """`$Y = E` … `<focus reading $Y once>` written without the name, `<focus with E for $Y>`: a
        note's `y = x.t()` then `y.view(-1)` is the same mistake as `x.t().view(-1)`. None when the
        pattern is not of that form (or the inlined text is not a valid pattern, as `f() += 1`)."""
        if len(self.statements) != 2 or self.focus != (1, 2) or not self.gaps[1]:
            return None
        first, focus = self.statements
        if not (isinstance(first, ast.Assign) and len(first.targets) == 1):
            return None
        name = meta_name(first.targets[0])
        if name is None or name in _metas(first.value):
            return None
        uses = [n for n in ast.walk(focus) if meta_name(n) == name]
        if len(uses) != 1 or not isinstance(uses[0].ctx, ast.Load):  # type: ignore[attr-defined]
            return None
        fix = None
        if self.fix_tree is not None:
            if sum(meta_name(n) == name for n in ast.walk(self.fix_tree)) > 1:
                return None  # the fix would compute the value twice
            fix = display(ast.unparse(_substitute(self.fix_tree, name, first.value)))
        text = display(ast.unparse(_substitute(ast.Module(body=[focus], type_ignores=[]), name, first.value)))
        try:
            inline = Pattern(text, where={k: v for k, v in self.where.items() if k != name}, modules=sorted(self.modules),
                             fix=fix, fix_requires=fix_requires, not_inside=not_inside)
        except PatternError:
            return None
        return inline if inline.metavariables() <= self.metavariables() else None

    # ------------------------------------------------------------------ reading the pattern
    def metavariables(self) -> set[str]:
        return _metas(self.tree)

    def _scan(self, tree: ast.AST) -> None:
        """Find canonical chains (matched by resolved name) and the words a file must contain."""
        for node in ast.walk(tree):  # breadth first: a chain's outer node comes before its parts
            if id(node) in self.inner:
                continue
            dotted = self._claim(node)
            if dotted is not None:
                self.words.add(dotted.rpartition(".")[2])
                continue
            if isinstance(node, ast.Attribute):
                self.words.add(node.attr)
            elif isinstance(node, ast.keyword) and node.arg:
                self.words.add(node.arg)
            elif isinstance(node, ast.Name) and meta_name(node) is None and rest_name(node) is None:
                if node.id not in _BUILTINS:
                    raise PatternError(f"`{node.id}` is neither a metavariable, a builtin nor in modules")
                self.words.add(node.id)

    def _claim(self, node: ast.AST) -> str | None:
        """The dotted name when `node` is a chain in `modules`, registered as canonical (its parts are
        then only inside it); else None."""
        if not isinstance(node, (ast.Name, ast.Attribute)) or id(node) in self.inner:
            return None
        parts = chain(node)
        if not parts or parts[0] not in self.modules:
            return None
        self.canonical[id(node)] = ".".join(parts)
        self.inner.update(id(inner) for inner in ast.walk(node) if inner is not node)
        return self.canonical[id(node)]

    def _scan_guard(self, guard: ast.stmt) -> None:
        """A guard's canonical chains match however the file spells them (`with tt.no_grad():`)."""
        for node in ast.walk(guard):
            self._claim(node)

    def _scan_fix(self, tree: ast.AST) -> None:
        for node in ast.walk(tree):
            if isinstance(node, (ast.Name, ast.Attribute)) and id(node) not in self._fix_canonical:
                parts = chain(node)
                if parts and parts[0] in self.modules:
                    self._fix_canonical[id(node)] = ".".join(parts)
                    for inner in ast.walk(node):
                        if inner is not node:
                            self._fix_canonical[id(inner)] = ""

    def _link_fix(self) -> dict[int, ast.AST]:
        """Fix subtrees that also occur in the pattern → that pattern node (whose match is pasted)."""
        shapes: dict[str, ast.AST] = {}
        for node in ast.walk(self.tree):
            if id(node) in self.inner or (isinstance(node, ast.stmt) and is_gap(node)):
                continue
            if isinstance(node, (ast.expr, ast.stmt)):
                shapes.setdefault(shape(node), node)
        links: dict[int, ast.AST] = {}
        assert self.fix_tree is not None
        todo: list[ast.AST] = list(self.fix_tree.body)
        while todo:
            node = todo.pop()
            found = shapes.get(shape(node)) if isinstance(node, (ast.expr, ast.stmt)) else None
            if found is not None and rest_name(node) is None:
                links[id(node)] = found
                continue
            todo.extend(ast.iter_child_nodes(node))
        return links

    # ------------------------------------------------------------------ matching
    def applies(self, source: str) -> bool:
        """The cheap pre-check: every word of the pattern occurs in the file's text."""
        return all(word in source for word in self.words)

    def find(self, ctx: FileContext) -> Iterator[Match]:
        """Every match in the file, in document order (a match inside an earlier one included)."""
        if self.inline is None:
            yield from self._find(ctx)
            return
        chained = list(self.inline._find(ctx))  # the same code with the context value inlined
        for m in chained:
            m.via = self.inline
        yield from sorted((*self._find(ctx), *chained), key=lambda m: _position(m.focus[0]))

    def _find(self, ctx: FileContext) -> Iterator[Match]:
        index = file_index(ctx)
        matcher = _Matcher(self, ctx)
        anchors, in_focus = self._anchors(ctx)
        if self.is_expression:
            tails = self._tails(self.root, anchors)
            for node in index.by_tail(tails) if tails is not None else index.near(anchors):
                if self.may_start(self.root, node):
                    m = Match()
                    if matcher.node(self.root, node, m) and matcher.kinds(m) and not matcher.guarded(node):
                        m.focus = [node]
                        yield m
            return
        near = index.statements_near(anchors)
        focus = self.statements[self.focus[0]]
        # the anchor may stand in a context statement only (`$W = $MAKE(..., requires_grad=True)`
        # before `$W += 1`): then every statement list the anchor's lines are in is searched
        anywhere = not in_focus
        lists: dict[int, list[ast.stmt]] = {}
        for node in near:
            if (anywhere or type(node) is type(focus) or isinstance(focus, ast.Expr)) and id(node) in index.place:
                for stmts in index.enclosing(index.place[id(node)][0]) if any(self.gaps) else [index.place[id(node)][0]]:
                    lists.setdefault(id(stmts), stmts)
        first = type(self.statements[0])
        # a match starts only at a statement whose own lines hold the first pattern statement's word
        # (`ones` for `$T = torch.ones(...)`), not at every statement of every list the focus word is in
        words = self._words_of(self.statements[0], ctx) if len(self.statements) > 1 else None
        if words:  # those statements, where they stand in one of the lists: (list's rank, index in it)
            rank = {key: k for k, key in enumerate(lists)}
            places = (index.place.get(id(n)) for n in index.statements_near(words) if type(n) is first)
            begins = sorted((rank[id(place[0])], place[1]) for place in places if place and id(place[0]) in rank)
        else:
            begins = [(k, i) for k, stmts in enumerate(lists.values()) for i, stmt in enumerate(stmts) if type(stmt) is first]
        ordered = list(lists.values())
        found: dict[int, Match] = {}
        for k, i in begins:
            for m in _first(matcher.sequence(ordered[k], i)):
                found.setdefault(id(m.focus[0]), m)
        yield from sorted(found.values(), key=lambda m: _position(m.focus[0]))

    def _anchors(self, ctx: FileContext) -> tuple[list[str], bool]:
        """The words one of which must stand on a match's line: the focus's most specific word, with
        the local names a file may give a canonical name (`from torch.nn.functional import softmax as sm`);
        and whether they are the focus's (else they are the context's: `requires_grad`)."""
        top = self.root if self.is_expression else self.statements[self.focus[0]]
        words = self._words_of(top, ctx)
        return (words, True) if words is not None else (sorted(self.words), False)

    def _words_of(self, top: ast.AST, ctx: FileContext) -> list[str] | None:
        """The most specific word of one pattern statement or expression (see `_anchors`), or None."""
        kind, word = self._word_of(top)
        if kind == "canonical":
            return file_index(ctx).spellings(word)
        return [word] if word else None

    def _word_of(self, top: ast.AST) -> tuple[str, str]:
        """("canonical", dotted name) or ("word", word) for `_words_of`, found once per pattern node:
        a pattern's tree does not change."""
        found = self._top_words.get(id(top))
        if found is None:
            found = self._top_words[id(top)] = self._find_word(top)
        return found

    def _find_word(self, top: ast.AST) -> tuple[str, str]:
        for node in ast.walk(top):
            dotted = self.canonical.get(id(node))
            if dotted:
                return "canonical", dotted
        for node in ast.walk(top):
            if isinstance(node, ast.Attribute) and id(node) not in self.inner:
                return "word", node.attr
            if isinstance(node, ast.keyword) and node.arg:
                return "word", node.arg
            if isinstance(node, ast.Name) and node.id in _BUILTINS:
                return "word", node.id
        return "word", ""

    def _tails(self, p: ast.AST, anchors: list[str]) -> frozenset[str] | None:
        """The last names a matching node (or its callee) can end in: `div` for `$E.div` and
        `$E.div(...)`, the anchors (`zeros`, or the file's alias for it) for a canonical `numpy.zeros(...)`.
        A cheap first test for each candidate node, before any name is resolved; None: no such test."""
        if isinstance(p, ast.Call):
            p = p.func
        if id(p) in self.canonical:
            return frozenset(anchors)
        if isinstance(p, ast.Attribute) and id(p) not in self.inner:
            return frozenset({p.attr})
        return None

    def may_start(self, p: ast.AST, u: ast.AST) -> bool:
        """Whether user node `u` can match pattern node `p` by its type: a canonical name matches a
        bare name too (`alltrue` after `from numpy import alltrue` is `numpy.alltrue`)."""
        return type(u) is type(p) or (id(p) in self.canonical and isinstance(u, (ast.Name, ast.Attribute)))

    def _respells_import(self, m: Match) -> bool:
        """Whether the match reached a canonical name through `from … import name` and the fix drops
        that name: the import line itself would still fail, so a fix at the use is not a fix."""
        assert self.fix_tree is not None
        kept = set(self._fix_canonical.values())
        return any(isinstance(m.nodes.get(pid), ast.Name) and dotted not in kept and "." in dotted
                   for pid, dotted in self.canonical.items())

    # ------------------------------------------------------------------ fixing
    def edits(self, ctx: FileContext, m: Match) -> list[Edit] | None:
        """The edits that turn this match into the fix, or None when the fix does not hold here."""
        if m.via is not None and m.via is not self:
            return m.via.edits(ctx, m)
        if self.fix_tree is None or m.extra or self._respells_import(m):
            return None
        for name, text in self.fix_requires.items():
            bound = m.binds.get(name)
            if bound is None or shape(bound) != shape(literal(text)):
                return None
        return _Renderer(self, ctx, m).edits()


def compile_rule(rule: PitfallPattern) -> Pattern:
    """The runnable form of a library record (raises PatternError when the record is not valid)."""
    return Pattern(rule.pattern, where=dict(rule.where), modules=rule.modules, fix=rule.fix, focus=rule.focus,
                   fix_requires=dict(rule.fix_requires), not_inside=rule.not_inside)


_PROBE = 3  # statements in a `try` that is there to see whether they fail
_COMPAT_EXCEPTIONS = frozenset({"AttributeError", "ImportError", "ModuleNotFoundError", "TypeError", "NameError"})
_VERSION = re.compile(r"version|_GE_|_LT_|_GT_|_LE_|_V\d|PY\d", re.IGNORECASE)


def _compat(block: ast.stmt) -> bool:
    """A guard: code that only runs on some library versions (`hasattr`, a version test, `except
    ImportError`), or that a short `try` runs to see it fail."""
    if isinstance(block, ast.Try) and block.handlers:
        if len(block.body) <= _PROBE:
            return True  # a few statements tried and caught: the code probes what fails, on purpose
        caught: set[str] = set()
        for handler in block.handlers:
            kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
            caught.update(k.attr if isinstance(k, ast.Attribute) else k.id if isinstance(k, ast.Name) else "" for k in kinds if k)
        return bool(caught & _COMPAT_EXCEPTIONS)
    if isinstance(block, (ast.If, ast.While)):
        for node in ast.walk(block.test):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("hasattr", "getattr"):
                return True
            name = node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else ""
            if name and _VERSION.search(name):
                return True
    return False


def _first(matches: Iterator[Match]) -> list[Match]:
    return list(itertools.islice(matches, 1))


def _parse(text: str, what: str) -> ast.Module:
    try:
        return ast.parse(encode(text))
    except SyntaxError as exc:
        raise PatternError(f"the {what} does not parse: {exc.msg} (line {exc.lineno})") from None


def literal(text: str) -> ast.AST:
    """The expression `text` stands for; slices (`:, 0:3`) too, read as a subscript would read them."""
    return ast.parse(f"_[{text}]", mode="eval").body.slice  # type: ignore[attr-defined]


def _keywords_by_callee(tree: ast.AST) -> dict[str, set[str]]:
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


def _substitute(tree: ast.AST, name: str, value: ast.expr) -> ast.AST:
    """A copy of `tree` with the metavariable `$name` replaced by `value`."""
    return _Swap(name, value).visit(copy.deepcopy(tree))


class _Swap(ast.NodeTransformer):
    """Replaces `$name` by copies of `value` (module-level: no class per call, no cycle to collect)."""

    def __init__(self, name: str, value: ast.expr) -> None:
        self.name = name
        self.value = value

    def visit_Name(self, node: ast.Name) -> ast.AST:
        return copy.deepcopy(self.value) if meta_name(node) == self.name else node


def _is_block(stmt: ast.stmt) -> bool:
    return isinstance(stmt, (ast.With, ast.AsyncWith, ast.If, ast.Try, ast.For, ast.While)) or type(stmt).__name__ == "TryStar"


def _metas(tree: ast.AST) -> set[str]:
    return {name for node in ast.walk(tree) if (name := meta_name(node) or rest_name(node))}


class _Matcher:
    """Structural matching of pattern nodes against user nodes for one file."""

    def __init__(self, pattern: Pattern, ctx: FileContext) -> None:
        self.p = pattern
        self.ctx = ctx

    def node(self, p: ast.AST, u: ast.AST, m: Match) -> bool:
        name = meta_name(p)
        if name is not None:
            if not isinstance(u, ast.expr):
                return False
            bound = m.binds.get(name)
            if bound is None:
                m.binds[name] = u
            elif bound is not u and shape(bound) != shape(u):
                return False
            if name not in m.reads and not isinstance(getattr(u, "ctx", None), (ast.Store, ast.Del)):
                m.reads[name] = u
            m.nodes[id(p)] = u
            return True
        canonical = self.p.canonical.get(id(p))
        if canonical is not None:
            if not isinstance(u, (ast.Name, ast.Attribute)) or self.ctx.qualname(u) != canonical:
                return False
            m.nodes[id(p)] = u
            return True
        if type(p) is not type(u):
            return False
        if isinstance(p, ast.Call):
            ok = self._call(p, u, m)  # type: ignore[arg-type]
        elif isinstance(p, ast.Constant):
            ok = type(p.value) is type(u.value) and p.value == u.value  # type: ignore[attr-defined]
        else:
            ok = self._fields(p, u, m)
        if ok:
            m.nodes[id(p)] = u
        return ok

    def _fields(self, p: ast.AST, u: ast.AST, m: Match) -> bool:
        if isinstance(p, (ast.List, ast.Tuple, ast.Set)) and p.elts and rest_name(p.elts[-1]) is not None:
            return self._elements(p, u, m)  # type: ignore[arg-type]
        if isinstance(p, ast.Attribute) and p.attr != u.attr:  # type: ignore[attr-defined]
            return False  # the name first: resolving the value's names is what costs
        for name, pv in ast.iter_fields(p):
            if name in ("ctx", "type_comment", "kind"):
                continue
            uv = getattr(u, name, None)
            if isinstance(pv, ast.AST):
                if not isinstance(uv, ast.AST) or not self.node(pv, uv, m):
                    return False
            elif isinstance(pv, list):
                if not isinstance(uv, list) or len(pv) != len(uv):
                    return False
                for a, b in zip(pv, uv):
                    if isinstance(a, ast.AST):
                        if not isinstance(b, ast.AST) or not self.node(a, b, m):
                            return False
                    elif a != b:
                        return False
            elif pv != uv:
                return False
        return True

    def _elements(self, p: ast.List | ast.Tuple | ast.Set, u: ast.List | ast.Tuple | ast.Set, m: Match) -> bool:
        """`[$A, $$$REST]`: the explicit elements first, then any number of others (at least one)."""
        explicit = p.elts[:-1]
        if len(u.elts) <= len(explicit) or any(isinstance(e, ast.Starred) for e in u.elts):
            return False
        for a, b in zip(explicit, u.elts):
            if not self.node(a, b, m):
                return False
        m.rest[rest_name(p.elts[-1]) or ""] = list(u.elts[len(explicit):])
        return True

    def _call(self, p: ast.Call, u: ast.Call, m: Match) -> bool:
        rest = rest_name(p.args[-1]) if p.args else None
        explicit = p.args[:-1] if rest is not None else p.args
        if len(u.args) < len(explicit) or (rest is None and len(u.args) != len(explicit)):
            return False  # the arguments' count first: resolving the callee's names is what costs
        if u.keywords or p.keywords:
            named = {k.arg for k in p.keywords}
            if not named <= {k.arg for k in u.keywords} or any(
                    k.arg in self.p.forbidden and k.arg not in named for k in u.keywords):
                return False
        if not self.node(p.func, u.func, m):
            return False
        for a, b in zip(explicit, u.args):
            if not self.node(a, b, m):
                return False
        absorbed: list[ast.AST] = list(u.args[len(explicit):])
        by_name = {k.arg: k for k in u.keywords if k.arg is not None}
        wanted = set()
        for k in p.keywords:
            if k.arg is None:
                return False  # `**kw` in a pattern: not something a note teaches
            other = by_name.get(k.arg)
            if other is None or not self.node(k.value, other.value, m):
                return False
            m.nodes[id(k)] = other
            wanted.add(k.arg)
        leftover = [k for k in u.keywords if k.arg not in wanted or k.arg is None]
        if any(k.arg in self.p.forbidden for k in leftover):
            return False
        if rest is not None:
            m.rest[rest] = sorted([*absorbed, *leftover], key=_position)
        elif leftover and id(p) not in getattr(self.p, "_pasted", ()):
            m.extra = True  # keywords the fix has no place for: report, but offer no fix
        return True

    def guarded(self, node: ast.AST) -> bool:
        """Whether `node` stands inside a guard: a compatibility check (`hasattr`, a version test,
        `try … except AttributeError/ImportError/TypeError`, a branch of either), or a block the rule
        learned the right code uses (`with torch.no_grad():`)."""
        for block in file_index(self.ctx).blocks_around(node):
            if _compat(block):
                return True
            if any(type(guard) is type(block) and self._header(guard, block) for guard in self.p.not_inside):
                return True
        return False

    def _header(self, guard: ast.stmt, block: ast.stmt) -> bool:
        m = Match()
        for name, value in ast.iter_fields(guard):
            if name in _BODIES or name in ("handlers", "cases", "type_comment"):
                continue
            other = getattr(block, name, None)
            if isinstance(value, list):
                if not isinstance(other, list) or len(value) != len(other):
                    return False
                if not all(self.node(a, b, m) if isinstance(a, ast.AST) else a == b for a, b in zip(value, other)):
                    return False
            elif isinstance(value, ast.AST):
                if not isinstance(other, ast.AST) or not self.node(value, other, m):
                    return False
            elif value != other:
                return False
        return True

    def kinds(self, m: Match) -> bool:
        """Every metavariable with a `where` kind holds that kind (inferred, never guessed)."""
        kinds = self.ctx.kinds
        for name, want in self.p.where.items():
            kind, lenient = want.rstrip("?"), want.endswith("?")
            nodes = m.rest[name] if name in m.rest else [m.reads.get(name) or m.binds.get(name)]  # known where read
            for node in nodes:
                found = kinds.kind_of(node) if node is not None else None  # type: ignore[arg-type]
                if found != kind and not (lenient and found is None):
                    return False
        return True

    def sequence(self, stmts: list[ast.stmt], start: int) -> Iterator[Match]:
        """Matches of the pattern's statements beginning at stmts[start]."""
        pattern = self.p.statements
        m = Match()
        unit = self.statement(pattern[0], stmts[start], m)
        if unit is None:
            return
        yield from self._rest(stmts, start, 1, m, [unit])

    def statement(self, p: ast.stmt, u: ast.stmt, m: Match) -> ast.AST | None:
        """Match one pattern statement; what it matched (the statement, or for an expression line of a
        statement pattern the expression inside `u`: semgrep's `$X.view(...)` after `...`)."""
        if self.node(p, u, m):
            return u
        if not (isinstance(p, ast.Expr) and len(self.p.statements) > 1):
            return None
        for name, value in ast.iter_fields(u):
            if name in _BODIES or name in ("handlers", "cases"):
                continue
            for part in value if isinstance(value, list) else [value]:
                if isinstance(part, ast.expr):
                    for node in ast.walk(part):
                        trial = m.copy()
                        if self.p.may_start(p.value, node) and self.node(p.value, node, trial):
                            m.__dict__.update(trial.__dict__)
                            return node
        return None

    def _rest(self, stmts: list[ast.stmt], at: int, k: int, m: Match, used: list[ast.stmt]) -> Iterator[Match]:
        pattern = self.p.statements
        if k == len(pattern):
            lo, hi = self.p.focus
            if self.kinds(m) and not self.guarded(used[lo]):
                m.focus = used[lo:hi]
                yield m
            return
        if not self.p.gaps[k]:
            if at + 1 < len(stmts):
                trial = m.copy()
                unit = self.statement(pattern[k], stmts[at + 1], trial)
                if unit is not None:
                    yield from self._rest(stmts, at + 1, k + 1, trial, [*used, unit])
            return
        names = {b.id for b in m.binds.values() if isinstance(b, ast.Name)}
        for j in range(at + 1, len(stmts)):
            if j > at + 1 and names and _rebinds(stmts[j - 1], names):
                return  # a name the pattern tied together was bound again in between
            for inner, inner_list, inner_at in self._within(stmts[j]):  # `...` reaches into nested blocks
                trial = m.copy()
                unit = self.statement(pattern[k], inner, trial)
                if unit is not None:
                    yield from self._rest(inner_list, inner_at, k + 1, trial, [*used, unit])
                    return

    def _within(self, stmt: ast.stmt) -> Iterator[tuple[ast.stmt, list[ast.stmt], int]]:
        """`stmt` and the statements nested in it (not into functions or classes), in order."""
        index = file_index(self.ctx)
        todo = [stmt]
        while todo:
            node = todo.pop(0)
            place = index.place.get(id(node))
            if place is not None:
                yield node, place[0], place[1]
            if isinstance(node, _SCOPES):
                continue  # another scope: its names are not the pattern's
            children = [child for name in _BODIES for child in getattr(node, name, ()) or ()]
            for part in (*getattr(node, "handlers", ()), *getattr(node, "cases", ())):
                children.extend(part.body)
            todo[:0] = sorted(children, key=_position)


def _rebinds(stmt: ast.stmt, names: set[str]) -> bool:
    """Whether `stmt` (its blocks included) assigns one of `names`."""
    return any(type(node) is ast.Name and type(node.ctx) is ast.Store and node.id in names  # type: ignore[attr-defined]
               for node in walk(stmt))


class _Renderer:
    """The fix of one match as text edits (see the module docstring)."""

    def __init__(self, pattern: Pattern, ctx: FileContext, m: Match) -> None:
        self.p = pattern
        self.ctx = ctx
        self.m = m
        self.texts: dict[str, tuple[str, ast.AST | None]] = {}  # placeholder -> (user text, user node)

    def edits(self) -> list[Edit] | None:
        ctx, m = self.ctx, self.m
        template = self._template()
        if template is None:
            return None
        first, last = m.focus[0], m.focus[-1]
        if self.p.is_expression or isinstance(first, ast.expr):
            root = template.body[0].value  # type: ignore[attr-defined]
            text = self._fill(ast.unparse(root), "")
            if text is None:
                return None
            if not isinstance(root, _ATOMS) and not self._free(first):
                text = f"({text})"
            return [self._minimal(*ctx.span(first), text)]
        line, col = ctx.start(first)
        indent = ctx.line_text(line)[:col]
        if indent.strip():  # the statement shares its line with another (`a = 1; b = 2`): leave it
            return None
        text = self._fill(ast.unparse(template), indent)
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

    def _template(self) -> ast.Module | None:
        """The fix tree with pasted parts replaced by placeholders and canonical names respelled."""
        assert self.p.fix_tree is not None
        memo: dict[int, object] = {}
        tree = copy.deepcopy(self.p.fix_tree, memo)
        original = {id(c): o for o, c in memo.items() if isinstance(c, ast.AST)}  # copy -> id(original)
        try:
            return _Fill(self, original).visit(tree)  # type: ignore[return-value]
        except _NoFix:
            return None

    def _placeholder(self, text: str, user: ast.AST | None) -> ast.Name:
        key = f"{_LINK}{len(self.texts)}"
        self.texts[key] = (text, user)
        return ast.Name(id=key, ctx=ast.Load())

    def _fill(self, text: str, indent: str) -> str | None:
        """Indent the template's lines, put the user's texts in for the placeholders (parenthesised
        where their slot needs it, statements re-indented to where they now stand), and check that
        the result parses."""
        template = ast.parse(text)
        needs = _paren_slots(template)
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
    """A fix that cannot be written in this file (a name it cannot spell, a part it did not match)."""


class _Fill(ast.NodeTransformer):
    """The fix tree's pasted parts as placeholders, its canonical names as the file spells them. A
    module-level class: one made per call would be a reference cycle holding the file's context."""

    def __init__(self, renderer: _Renderer, original: dict[int, int]) -> None:
        self.renderer = renderer
        self.original = original

    def visit(self, node: ast.AST) -> ast.AST:
        renderer = self.renderer
        node_id = self.original.get(id(node), 0)
        linked = renderer.p._links.get(node_id)
        if linked is not None:
            user = renderer.m.nodes.get(id(linked))
            if user is None:
                raise _NoFix
            placeholder = renderer._placeholder(renderer.ctx.text(user), user)
            return ast.Expr(value=placeholder) if isinstance(node, ast.stmt) else placeholder
        canonical = renderer.p._fix_canonical.get(node_id)
        if canonical:
            local = renderer.ctx.local(canonical)
            if local is None:  # the file cannot name it without a new import: no fix
                raise _NoFix
            return ast.parse(local, mode="eval").body
        rest = rest_name(node)
        if rest is not None:
            args = renderer.m.rest.get(rest, [])
            return renderer._placeholder(", ".join(renderer.ctx.text(a) for a in args), None)
        return self.generic_visit(node)


def _paren_slots(template: ast.Module) -> set[str]:
    """Placeholders standing where a non-atomic expression would need parentheses."""
    needs: set[str] = set()
    for node in ast.walk(template):
        for name, value in ast.iter_fields(node):
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, ast.Name) and item.id.startswith(_LINK) and (type(node), name) not in _FREE_SLOTS:
                    needs.add(item.id)
    return needs


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
