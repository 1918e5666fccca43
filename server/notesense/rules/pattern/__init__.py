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
executes anything. The parts: `syntax` (pattern text as Python), `index` (where a
pattern can start in a file), `match` (matching), `fix` (rendering a fix); this module compiles a
pattern.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from notesense.rules.base import Edit
from notesense.rules.pattern.fix import Renderer
from notesense.rules.pattern.index import FileIndex, file_index
from notesense.rules.pattern.match import Match, Matcher, first_match
from notesense.rules.pattern.syntax import (BUILTINS, PatternError, chain, display, is_block, is_gap, keywords_by_callee,
                                            literal, meta_name, metas, parse_pattern, position_of, rest_name, shape, substitute)
from notesense.yielding import point

if TYPE_CHECKING:
    from notesense.library.model import PitfallPattern
    from notesense.rules.base import FileContext

__all__ = ["Pattern", "PatternError", "compile_rule"]


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
        self.tree = parse_pattern(text, "pattern")
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
        self._root_words: list[tuple[str, str]] | None = None  # see `_needs`
        self.inner: set[int] = set()  # the nodes inside those chains
        self.words: set[str] = set()
        self._scan(self.tree)
        # the canonical names a match of an expression pattern writes (`FileIndex.written`)
        self.root_canonical = frozenset(self.canonical[id(n)] for n in ast.walk(self.root) if id(n) in self.canonical)
        unknown = set(self.where) - self.metavariables()
        if unknown:
            raise PatternError(f"`where` names {sorted(unknown)}, which the pattern does not use")
        self.early = self._early()
        self.opening = self._opening()
        self.fix_tree = parse_pattern(fix, "fix") if fix is not None else None
        self.forbidden: set[str] = set()
        self.not_inside: list[ast.stmt] = []
        for text in not_inside:
            guard = parse_pattern(text, "not_inside").body
            if len(guard) != 1 or not is_block(guard[0]):
                raise PatternError(f"not_inside must be one compound statement header, got {text!r}")
            self.not_inside.append(guard[0])
            self._scan_guard(guard[0])
        if self.fix_tree is not None:
            missing = metas(self.fix_tree) - self.metavariables()
            if missing:
                raise PatternError(f"the fix uses {sorted('$' + m for m in missing)}, which the pattern does not bind")
            self.fix_canonical: dict[int, str] = {}
            self._scan_fix(self.fix_tree)
            self.fix_names = tuple(sorted({name for name in self.fix_canonical.values() if name}))
            self.templates: dict[tuple[str | None, ...], object] = {}  # the file's spellings of fix_names -> `fix._Template`
            self.links = self._link_fix()
            pasted = [p for p in self.links.values()]
            self.pasted = {id(n) for p in pasted for n in ast.walk(p)}  # pattern nodes the fix pastes whole
            # a keyword the fix adds to a call it keeps marks code that is already right: never a match
            added = keywords_by_callee(self.fix_tree)
            had = keywords_by_callee(self.tree)
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
        if name is None or name in metas(first.value):
            return None
        uses = [n for n in ast.walk(focus) if meta_name(n) == name]
        if len(uses) != 1 or not isinstance(uses[0].ctx, ast.Load):  # type: ignore[attr-defined]
            return None
        fix = None
        if self.fix_tree is not None:
            if sum(meta_name(n) == name for n in ast.walk(self.fix_tree)) > 1:
                return None  # the fix would compute the value twice
            fix = display(ast.unparse(substitute(self.fix_tree, name, first.value)))
        text = display(ast.unparse(substitute(ast.Module(body=[focus], type_ignores=[]), name, first.value)))
        try:
            inline = Pattern(text, where={k: v for k, v in self.where.items() if k != name}, modules=sorted(self.modules),
                             fix=fix, fix_requires=fix_requires, not_inside=not_inside)
        except PatternError:
            return None
        return inline if inline.metavariables() <= self.metavariables() else None

    # ------------------------------------------------------------------ reading the pattern
    def metavariables(self) -> set[str]:
        return metas(self.tree)

    def _early(self) -> dict[int, str]:
        """id(pattern node) -> the kind `where` asks of it, for the metavariables the matcher may ask
        about a literal as soon as it binds one (`Matcher._literals_hold`: `[1, 2]` is no ndarray, and
        its callee's names need not be resolved): in an expression pattern, whose match is tried once
        per node and dropped when it fails, each metavariable written once (the node `kinds` asks
        about), whose kind is required (`?`: an unknown kind holds)."""
        if not self.is_expression:
            return {}
        written = [(node, name) for node in ast.walk(self.tree) if (name := meta_name(node) or rest_name(node))]
        once = {name for name in {n for _, n in written} if sum(n == name for _, n in written) == 1}
        return {id(node): want for node, name in written
                if name in once and (want := self.where.get(name)) and not want.endswith("?")}

    def _opening(self) -> str | None:
        """The bracket a match's first argument opens with, when the pattern is a call whose first
        argument is a list, set or dict display (`torch.tensor([$$$FIRSTS])`): a call of the same
        name written with another first argument (`torch.tensor(x)`, the common form) is no match,
        and the text tells where none is written (`FileIndex.opens`) before any statement is walked."""
        root = self.root
        if not (self.is_expression and isinstance(root, ast.Call) and root.args):
            return None
        first = type(root.args[0])
        return "[" if first in (ast.List, ast.ListComp) else "{" if first in (ast.Dict, ast.Set, ast.DictComp, ast.SetComp) else None

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
                if node.id not in BUILTINS:
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
            if isinstance(node, (ast.Name, ast.Attribute)) and id(node) not in self.fix_canonical:
                parts = chain(node)
                if parts and parts[0] in self.modules:
                    self.fix_canonical[id(node)] = ".".join(parts)
                    for inner in ast.walk(node):
                        if inner is not node:
                            self.fix_canonical[id(inner)] = ""

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
        # the statement form first: the statements it locates (`torch.ones` for `$T = torch.ones(...)`)
        # are where the inlined form's rarest word is found, without counting the others (`FileIndex.by_tail`)
        own = list(self._find(ctx))
        chained = list(self.inline._find(ctx))  # the same code with the context value inlined
        for m in chained:
            m.via = self.inline
        yield from sorted((*own, *chained), key=lambda m: position_of(m.focus[0]))

    def _find(self, ctx: FileContext) -> Iterator[Match]:
        index = file_index(ctx)
        matcher = Matcher(self, ctx)
        anchors, in_focus = self._anchors(ctx)
        if self.is_expression:
            tails = self._tails(self.root, anchors)
            if tails is not None and self.opening is not None and not index.opens(tails, self.opening):
                return  # no call of the name is written with such a first argument
            # without a last name to look for, the root's own type: a node of another type is never a match (`may_start`)
            candidates = (index.by_tail(tails, self._needs(index), self.root_canonical) if tails is not None
                          else index.near(anchors, type(self.root)))
            for node in candidates:
                point()  # a rule may have hundreds of candidates in a long file: the server's requests go first
                if self.may_start(self.root, node):
                    m = Match()
                    if matcher.node(self.root, node, m) and matcher.kinds(m) and not matcher.guarded(node):
                        m.focus = [node]
                        yield m
            return
        first = type(self.statements[0])
        # a match starts only at a statement whose own code holds the first pattern statement's word
        # (`ones` for `$T = torch.ones(...)`), not at every statement of every list the focus word is in
        words = self._words_of(self.statements[0], ctx) if len(self.statements) > 1 else None
        starts = [n for n in index.statements_near(words) if type(n) is first] if words else None
        if starts == []:
            return  # no statement can begin a match: the focus word's statements need not be looked for
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
        if starts is not None:  # those statements, where they stand in one of the lists: (list's rank, index in it)
            rank = {key: k for k, key in enumerate(lists)}
            places = (index.place.get(id(n)) for n in starts)
            begins = sorted((rank[id(place[0])], place[1]) for place in places if place and id(place[0]) in rank)
        else:
            begins = [(k, i) for k, stmts in enumerate(lists.values()) for i, stmt in enumerate(stmts) if type(stmt) is first]
        ordered = list(lists.values())
        found: dict[int, Match] = {}
        for k, i in begins:
            point()
            for m in first_match(matcher.sequence(ordered[k], i)):
                found.setdefault(id(m.focus[0]), m)
        yield from sorted(found.values(), key=lambda m: position_of(m.focus[0]))

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
            if isinstance(node, ast.Name) and node.id in BUILTINS:
                return "word", node.id
        return "word", ""

    def _needs(self, index: FileIndex) -> frozenset[frozenset[str]]:
        """The words a match of an expression pattern is written with, one set per word (a canonical
        name's set: the ways this file can write it), for `FileIndex.by_tail`."""
        if self._root_words is None:
            words: list[tuple[str, str]] = []
            for node in ast.walk(self.root):
                dotted = self.canonical.get(id(node))
                if dotted:
                    words.append(("canonical", dotted))
                elif id(node) in self.inner:
                    continue
                elif isinstance(node, ast.Attribute):
                    words.append(("word", node.attr))
                elif isinstance(node, ast.keyword) and node.arg:
                    words.append(("word", node.arg))
                elif isinstance(node, ast.Name) and node.id in BUILTINS:
                    words.append(("word", node.id))
            self._root_words = words
        return frozenset(frozenset(index.spellings(word)) if kind == "canonical" else frozenset({word})
                         for kind, word in self._root_words)

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
        kept = set(self.fix_canonical.values())
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
        return Renderer(self, ctx, m).edits()


def compile_rule(rule: PitfallPattern) -> Pattern:
    """The runnable form of a library record (raises PatternError when the record is not valid)."""
    return Pattern(rule.pattern, where=dict(rule.where), modules=rule.modules, fix=rule.fix, focus=rule.focus,
                   fix_requires=dict(rule.fix_requires), not_inside=rule.not_inside)
