"""What a rule is and what it reports: findings, fixes and edits, plus the per-file context rules read.

Positions are 1-based lines and 0-based *code-point* columns, the unit the server and the lint
reporters speak. The AST gives UTF-8 byte columns; `FileContext` converts them in one place.
"""

from __future__ import annotations

import ast
import textwrap
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, ClassVar

from notesense.analysis.imports import dotted_name
from notesense.lines import LINE_END

if TYPE_CHECKING:
    from notesense.analysis.autograd import Autograd
    from notesense.analysis.document import Document
    from notesense.analysis.kinds import Kinds
    from notesense.analysis.semantic import Scope, SemanticModel

SEVERITIES = ("error", "warning", "info", "hint")


@dataclass(frozen=True)
class Edit:
    """Replace the text between two positions (1-based lines, 0-based code-point columns) with `text`."""

    line: int
    col: int
    end_line: int
    end_col: int
    text: str


@dataclass(frozen=True)
class Fix:
    """A titled set of edits applied together; `safe` fixes keep the program's meaning."""

    title: str
    edits: tuple[Edit, ...]
    safe: bool


@dataclass(frozen=True)
class Finding:
    """One reported pitfall. `note` is the URI of the note that explains it (the user's own, or ours)."""

    code: str
    message: str
    hint: str
    severity: str
    line: int
    col: int
    end_line: int
    end_col: int
    note: str = ""
    fixes: tuple[Fix, ...] = ()


def example(code: str) -> str:
    """An example's code written as an indented triple-quoted string, dedented."""
    return textwrap.dedent(code).lstrip("\n")


@dataclass(frozen=True)
class Bad:
    """A bad example of a rule — its test, Fixit-style. `code` and `fixed` are written as indented
    triple-quoted strings (dedented here); `fixed` is what the rule's first fix makes of `code` (None:
    the rule offers no fix), `span` the exact text the finding covers, `message` the finding's
    message when it is not the rule's own, `safe` whether that fix is safe (None: as the rule's
    `fix_safety` says, not checked)."""

    code: str
    fixed: str | None = None
    span: str | None = None
    message: str | None = None
    safe: bool | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "code", example(self.code))
        if self.fixed is not None:
            object.__setattr__(self, "fixed", example(self.fixed))


def line_starts(source: str) -> list[int]:
    """Offsets where each line begins, splitting on the same line breaks as the tokenizer."""
    return [0, *(m.end() for m in LINE_END.finditer(source))]


class FileContext:
    """One analysed file as the rules see it: the document's source, tree (what parsed of it), imports,
    semantic model and kinds, and position helpers."""

    def __init__(self, doc: Document, path: str = "<string>") -> None:
        recovered = doc.recovered
        if recovered is None:
            raise ValueError("a file with no analysable statement has no rule context")
        self.doc = doc
        self.source = doc.source
        self.tree = recovered.tree
        self.imports = doc.imports
        self.path = path
        self.memo: dict[str, object] = {}  # per-file analyses shared between rules
        # the offsets of the text whose findings are asked for (a large document's part), the rest of it
        # context: a word's occurrences are looked up there only; None: all of it
        self.region: tuple[int, int] | None = None

    @property
    def semantic(self) -> SemanticModel:
        model = self.doc.semantic
        assert model is not None  # the document parsed, or there would be no context
        return model

    @property
    def _starts(self) -> list[int]:
        return self.doc.line_starts

    @cached_property
    def newline(self) -> str:
        """The file's own line break, for fixes that insert lines."""
        match = LINE_END.search(self.source)
        return match.group() if match else "\n"

    @cached_property
    def normalised(self) -> bool:
        """Whether the text is as Python reads its identifiers (NFKC): then a name the tree holds is
        written so, and a word's absence from the text says no statement spells it."""
        return self.source.isascii() or unicodedata.is_normalized("NFKC", self.source)

    def in_region(self, stmt: ast.stmt) -> bool:
        """Whether a statement begins in the text whose findings are asked for (`region`)."""
        if self.region is None:
            return True
        lo, hi = self.region
        return lo <= self._starts[stmt.lineno - 1] < hi

    def writes(self) -> list[tuple[ast.Assign | ast.AugAssign, Scope]]:
        """The model's `writes` (assignments into a subscript, augmented assignments) in `region`, found
        once for the rules that read them."""
        writes = self.semantic.writes
        if self.region is None:
            return writes
        kept = self.memo.get("writes")
        if kept is None or kept[0] != self.region:  # type: ignore[index]
            lo, hi = self.region
            starts = self._starts
            kept = self.memo["writes"] = (self.region, [w for w in writes if lo <= starts[w[0].lineno - 1] < hi])
        return kept[1]  # type: ignore[index]

    def spelling(self, words: Iterable[str], kinds: tuple[type[ast.stmt], ...]) -> list[ast.stmt]:
        """The statements of `kinds` in `region` whose own code may spell one of `words` (a line of
        it holds one: `SemanticModel.holding`), in the walk's order; every one of those kinds when
        the text is not `normalised`."""
        model = self.semantic
        if not self.normalised:
            return [s for s in model.statements() if type(s) in kinds and self.in_region(s)]
        lo, hi = self.region or (0, len(self.source))
        found = (model.statement(i) for i in model.holding(self.source, self._starts, words, lo, hi))
        return [s for s in found if type(s) in kinds and self.in_region(s)]

    @property
    def kinds(self) -> Kinds:
        """Receiver kinds, computed only when a rule first asks (most files never need them)."""
        kinds = self.doc.kinds
        assert kinds is not None
        return kinds

    @cached_property
    def autograd(self) -> Autograd:
        from notesense.analysis.autograd import Autograd

        return Autograd(self.semantic, self.kinds, self.source)

    def line_text(self, line: int) -> str:
        starts = self._starts
        end = starts[line] if line < len(starts) else len(self.source)
        return LINE_END.sub("", self.source[starts[line - 1]:end])

    def col(self, line: int, byte_col: int) -> int:
        """AST byte column -> code-point column on 1-based `line`."""
        text = self.line_text(line)
        if text.isascii():
            return byte_col
        return len(text.encode("utf-8")[:byte_col].decode("utf-8", errors="replace"))

    def start(self, node: ast.AST) -> tuple[int, int]:
        return node.lineno, self.col(node.lineno, node.col_offset)  # type: ignore[attr-defined]

    def end(self, node: ast.AST) -> tuple[int, int]:
        line = node.end_lineno  # type: ignore[attr-defined]
        return line, self.col(line, node.end_col_offset)  # type: ignore[attr-defined]

    def span(self, node: ast.AST) -> tuple[int, int, int, int]:
        return (*self.start(node), *self.end(node))

    def offset(self, line: int, col: int) -> int:
        return self._starts[line - 1] + col

    def position(self, offset: int) -> tuple[int, int]:
        """Absolute code-point offset -> (1-based line, 0-based column)."""
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1]

    def text(self, node: ast.AST) -> str:
        """The exact source text of `node` (comments and formatting inside it kept)."""
        s, e = self.start(node), self.end(node)
        return self.source[self.offset(*s):self.offset(*e)]

    def replace(self, node: ast.AST, text: str) -> Edit:
        return Edit(*self.span(node), text)

    def insert(self, line: int, col: int, text: str) -> Edit:
        return Edit(line, col, line, col, text)

    def indent_of(self, line: int) -> str:
        text = self.line_text(line)
        return text[: len(text) - len(text.lstrip())]

    def qualname(self, node: ast.expr) -> str | None:
        """`pd.concat` -> `pandas.concat` through the import that reaches `node` (a parameter called
        `pd` is not pandas); None for anything else. The file's imports answer first: most names are
        no import at all, and those need no model."""
        dotted = dotted_name(node)
        if dotted is None or self.imports.qualify(dotted) is None:
            return None
        return self.semantic.qualified_name(node)

    def local(self, canonical: str) -> str | None:
        """How this file spells `canonical` (`pandas.concat` -> `pd.concat`), or None if it can't."""
        return self.imports.local_name(canonical)


class Rule:
    """A pitfall rule: metadata, examples that are its tests, and a detector over AST nodes.

    Subclasses define `visit_<NodeType>(node)` methods; the engine calls them for every node of
    that type in files that import `context` and contain one of `triggers` (a cheap text pre-check);
    visitors of expressions see only the statements whose lines hold one of `locators`.
    """

    code: ClassVar[str]
    name: ClassVar[str]
    context: ClassVar[str]
    severity: ClassVar[str] = "warning"
    message: ClassVar[str]
    hint: ClassVar[str]
    note: ClassVar[str]  # bundled note file under notes/
    note_symbols: ClassVar[tuple[str, ...]] = ()
    note_keywords: ClassVar[tuple[str, ...]] = ()
    # the APIs it reports as removed or deprecated: completion offers them last, tagged deprecated, with
    # the rule's message (its replacement) as their detail
    removes: ClassVar[tuple[str, ...]] = ()
    fix_safety: ClassVar[str] = "none"  # 'safe' | 'unsafe' | 'mixed' | 'none'
    triggers: ClassVar[tuple[str, ...]] = ()
    # what a line of the statement holding a finding of an expression visitor spells (substrings of the
    # statement's own code, `SemanticModel.holding`); default: the triggers
    locators: ClassVar[tuple[str, ...]] = ()
    GOOD: ClassVar[list[str]] = []
    BAD: ClassVar[list[Bad]] = []

    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx
        self.findings: list[Finding] = []

    def may_find(self, stmt: ast.stmt, scope: Scope | None, text: str | None) -> bool:
        """Whether a statement the `locators` found can hold a finding of an expression visitor, told
        before its expressions are walked and visited: `scope` is where the names of its own code are
        read (None when that code may hold a lambda or comprehension), `text` its own lines (None when
        unknown). A rule that can tell from those cheaply (`DataFrameAppend`: every receiver is a
        literal list) overrides it; unsure is always yes."""
        return True

    @classmethod
    def visitors(cls) -> Iterator[tuple[type[ast.AST], str]]:
        for attr in dir(cls):
            if attr.startswith("visit_"):
                yield getattr(ast, attr[6:]), attr

    def report(
        self,
        node: ast.AST,
        fixes: tuple[Fix, ...] = (),
        *,
        message: str | None = None,
        hint: str | None = None,
        span: tuple[int, int, int, int] | None = None,
    ) -> None:
        line, col, end_line, end_col = span or self.ctx.span(node)
        self.findings.append(
            Finding(self.code, message or self.message, hint or self.hint, self.severity,
                    line, col, end_line, end_col, fixes=fixes)
        )
