"""Where patterns can start in one file (`FileIndex`), found from the text and the semantic model
rather than by walking every node; one index per file, shared by every learned rule."""

from __future__ import annotations

import ast
import bisect
import functools
import re
import unicodedata
from collections.abc import Iterator, Sequence
from operator import itemgetter
from typing import TYPE_CHECKING

from notesense.analysis.semantic import walk
from notesense.rules.pattern.syntax import BODIES, COMPOUND, SCOPES, is_block, position_of

if TYPE_CHECKING:
    from notesense.rules.base import FileContext


class FileIndex:
    """Where patterns can start in one file, found from the text rather than by walking every node.

    A pattern names at least one word (a method, a keyword, a canonical name's last part). Only the
    statements where that word occurs are walked, so the cost follows the word's occurrences, not the
    file's size: a hundred learned rules cost little more than one. The semantic model's line index
    says which statements an occurrence's line holds (`located`); nothing is built before a pattern
    asks: the statement lists (`place`, `owner`) only for statement patterns and guards, the index
    of `except` and `case` headers only for an occurrence in one.
    """

    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx
        self._place: dict[int, tuple[list[ast.stmt], int]] | None = None
        self._owner: dict[int, ast.stmt] | None = None
        self._heads: list[ast.AST] | None = None
        self._head_starts: list[tuple[int, int]] = []
        self._head_ends: list[int] = []
        self._head_lines: list[tuple[int, int]] = []
        self._head_tails: dict[int, dict[str, list[ast.AST]]] = {}
        self._located: dict[str, tuple[list[ast.stmt], list[int]]] = {}
        self._counts: dict[str, int] = {}
        self._locals: dict[str, list[str]] | None = None  # canonical name -> the local names imports give it
        self._normalised: bool | None = None
        self._near: dict[str, list[ast.AST]] = {}
        self._units_near: dict[str, list[ast.stmt]] = {}
        self._walked: dict[int, list[ast.AST]] = {}
        self._parents: dict[int, tuple[ast.AST, str]] | None = None
        self._tails: dict[tuple[frozenset[str], frozenset[frozenset[str]]], list[ast.AST]] = {}

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

    def spellings(self, dotted: str) -> list[str]:
        """The words a canonical name can be written with in this file: its last part, and the local
        names its imports give it (`from torch.nn.functional import softmax as sm`)."""
        if self._locals is None:
            self._locals = {}
            for local, target in self.ctx.imports.names.items():
                self._locals.setdefault(target, []).append(local)
        return sorted({dotted.rpartition(".")[2], *self._locals.get(dotted, ())})

    def located(self, word: str) -> tuple[list[ast.stmt], list[int]]:
        """The statements whose own code holds `word` (as a whole identifier), from the semantic
        model's line index (`statements_on`) at each place the word stands, kept when their own code
        covers that place (the search goes on after the end of a simple statement found: a word
        written many times in one statement is looked up once); and the lines of the occurrences no
        statement's own code holds — an `except` or `case` header — which the heads index
        (`_heads_at`) places. An occurrence in a comment is no code: skipped."""
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
            after = match.end()
            owners = [stmt for stmt in model.statements_on(line) if _owns(stmt, (line, col))]
            for stmt in owners:
                found[id(stmt)] = stmt
                if type(stmt) not in COMPOUND:  # nothing after this occurrence up to its end is another's
                    after = max(after, ctx.offset(*ctx.end(stmt)))
            if not owners and not _in_comment(texts[line - 1], col):
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
                    units.update((id(unit), unit) for unit in self.ctx.semantic.statements_on(line))
            self._units_near[key] = list(units.values())
        return self._units_near[key]

    def near(self, words: Sequence[str]) -> list[ast.AST]:
        """Every node of the statements whose own lines hold one of `words` (the statements too)."""
        key = "\0".join(sorted(words))
        if key not in self._near:
            nodes = [node for unit in self.statements_near(words) for node in self._own_nodes(unit)]
            nodes.sort(key=position_of)
            self._near[key] = nodes
        return self._near[key]

    def by_tail(self, tails: frozenset[str], needs: frozenset[frozenset[str]] = frozenset()) -> list[ast.AST]:
        """The names, attributes and calls whose last name (a name's, an attribute's, a call's callee's)
        is one of `tails`, in document order. Such a node's last name is written where the word
        stands, so only the statements (and `except`/`case` headers) whose own code holds one of its
        occurrences are walked, each at most once per file however many rules ask.

        `needs`: the words a match's own code must also hold (one word of each set: `ones` for
        `torch.ones(...).view(1)`, with the file's names for a canonical one). The statements are then
        found from the rarest set, and only those whose text holds the others are walked: a common
        last name (`view`) costs what its rarest companion costs."""
        key = (tails, needs)
        nodes = self._tails.get(key)
        if nodes is None:
            if len(needs) > 1 and self._is_normalised():
                rarest = min(needs, key=lambda words: sum(map(self._count, words)))
                heads = {k: head for k, head in self._heads_of(rarest).items()
                         if all(any(w in text for w in words) for text in [self._own_text(head)] if text is not None
                                for words in needs)}
            else:
                heads = self._heads_of(tails)
            nodes = [n for head in heads.values() for tail, found in self._tails_in(head).items() if tail in tails
                     for n in found]
            nodes.sort(key=position_of)
            self._tails[key] = nodes
        return nodes

    def _count(self, word: str) -> int:
        """How often `word` is written in the file (as any text), once per file: many rules share a word."""
        count = self._counts.get(word)
        if count is None:
            count = self._counts[word] = self.ctx.source.count(word)
        return count

    def _heads_of(self, words: frozenset[str]) -> dict[int, ast.AST]:
        """The statements, `except` and `case` headers whose own code holds one of `words`."""
        heads: dict[int, ast.AST] = {}
        for word in words:
            stmts, lines = self.located(word)
            heads.update((id(head), head) for head in stmts)
            for line in self._normalised_lines(word, lines):
                heads.update((id(head), head) for head in self._heads_at(line))
        return heads

    def _own_text(self, head: ast.AST) -> str | None:
        """The text of a head's own code (its decorators too; a compound statement's up to its first
        block); None for a `case`, which has no position."""
        if not hasattr(head, "lineno"):
            return None
        ctx = self.ctx
        line, col = _text_start(head) if isinstance(head, ast.stmt) else (head.lineno, head.col_offset)  # type: ignore[attr-defined]
        block = _block_start(head) if isinstance(head, ast.stmt) else None
        if block is None and not isinstance(head, ast.stmt):  # an `except` header: up to its body
            block = (head.body[0].lineno, head.body[0].col_offset)  # type: ignore[attr-defined]
        end = ctx.offset(block[0], ctx.col(*block)) if block is not None else ctx.offset(*ctx.end(head))
        return ctx.source[ctx.offset(line, ctx.col(line, col)):end]

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
        if self._is_normalised():
            return lines
        spelled = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
        extra = [i + 1 for i, text in enumerate(self.ctx.doc.lines)
                 if not text.isascii() and spelled.search(unicodedata.normalize("NFKC", text))]
        return sorted({*lines, *extra})

    def _is_normalised(self) -> bool:
        """Whether the file's text is as Python reads its identifiers (NFKC): then a word is written
        the way the tree names it."""
        if self._normalised is None:
            source = self.ctx.source
            self._normalised = source.isascii() or unicodedata.is_normalized("NFKC", source)
        return self._normalised

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
            if type(stmt) not in COMPOUND:
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
        if nodes is None and type(unit) not in COMPOUND and isinstance(unit, ast.stmt):
            nodes = self._walked[id(unit)] = walk(unit)  # a simple statement is all its own code
        if nodes is None:
            nodes = [unit]
            for name, value in ast.iter_fields(unit):
                if name in BODIES or name in ("handlers", "cases"):
                    continue
                for part in value if isinstance(value, list) else [value]:
                    if isinstance(part, ast.AST):
                        nodes.extend(walk(part))
            self._walked[id(unit)] = nodes
        return nodes

    def blocks_around(self, node: ast.AST) -> Iterator[ast.stmt]:
        """The compound statements `node` stands in, innermost first, up to its function or class."""
        unit = node if id(node) in self.place else self._unit_of(node)
        if unit is None or id(unit) not in self.place:
            return
        if unit is not node and is_block(unit):
            yield unit  # an expression in a compound statement's header
        stmts = self.place[id(unit)][0]
        while True:
            owner = self.owner.get(id(stmts))
            if owner is None or isinstance(owner, SCOPES) or id(owner) not in self.place:
                return
            yield owner
            stmts = self.place[id(owner)][0]

    def _unit_of(self, node: ast.AST) -> ast.stmt | None:
        """The statement whose own code holds an expression node (the innermost: the last in source order)."""
        position = (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))
        on_line = self.ctx.semantic.statements_on(position[0])
        owners = [stmt for stmt in on_line if _owns(stmt, position)]
        return (owners or on_line or [None])[-1]

    def enclosing(self, stmts: list[ast.stmt]) -> Iterator[list[ast.stmt]]:
        """`stmts` and the statement lists around it, up to the function (or class) it is in."""
        while True:
            yield stmts
            owner = self.owner.get(id(stmts))
            if owner is None or isinstance(owner, SCOPES) or id(owner) not in self.place:
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


@functools.lru_cache(maxsize=1024)
def _finder(word: str) -> re.Pattern[str]:
    """`word` not followed by an identifier character; the word as a literal prefix, so the regex
    engine searches for it as fast as `str.find`."""
    return re.compile(rf"{re.escape(word)}(?!\w)")


def _block_start(stmt: ast.stmt) -> tuple[int, int] | None:
    """Where a compound statement's first inner statement, handler or case begins (a decorator
    included): its own code ends there. None for a simple statement."""
    if type(stmt) not in COMPOUND:
        return None
    starts = [_text_start(body[0]) for name in BODIES if (body := getattr(stmt, name, None))]
    starts.extend((h.lineno, h.col_offset) for h in getattr(stmt, "handlers", ()))
    starts.extend((c.pattern.lineno, c.pattern.col_offset) for c in getattr(stmt, "cases", ()))
    return min(starts, default=None)


def _owns(stmt: ast.stmt, position: tuple[int, int]) -> bool:
    """Whether `position` is in the statement's own code (a compound statement's: before its first block)."""
    if position < _text_start(stmt):
        return False
    block = _block_start(stmt)
    if block is not None:
        return position < block
    return position < (stmt.end_lineno or stmt.lineno, stmt.end_col_offset or 0)


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
