"""A very large file analysed in parts, in bounded memory.

The syntax tree of a 50,000-line file takes about 150 MB; the server must stay well under that while
it lints such a file on every edit. Above `LARGE_LINES` lines a document is therefore parsed in its
batches of top-level statements (`analysis.recover`), and each batch is kept only as its *context*:
what the rest of the file can see of it — its imports and module-level assignments as written, its
functions and classes reduced to their signatures, `return` statements and `self.x = …` assignments,
and each other compound statement reduced to a barrier that may rebind the names it binds. A part
is analysed as its own statements in full between the contexts of all the others, and its findings
are kept while neither its text nor any context changes: an edit inside one function re-analyses one
part, and lines typed or deleted above a part move it (context and findings) without analysing it
again. What is lost is only what a finding would have to guess across parts (a branch of a module-level
`if` in another part), never something made up.

A part is analysed with only the context statements its code can reach by name (`Reach`): those
binding a name its text spells, then those binding a name their own text spells, and so on, with
every import. A statement that binds no name a part reaches cannot change what any of its names
holds; modelling it anyway made each part's analysis cost as much as the whole file's contexts
(opening a 50,000-line file built twenty models over ~4,000 signatures each).

Each part is parsed once per version (`PartsParse`). The lint analyses a part as soon as it has
parsed it, while its tree is alive, between the contexts of the parts before it — the part's view
with every part, when it reaches nothing below it and the imports are all above it, which the text
tells beforehand (`last_bindings`; after an edit, the last version's parts below it:
`PartsParse.bindings_below`) and the whole parse confirms (`Document.early_holds`). Kept for
an analysis after the parse instead, the trees of all twenty parts would not fit in 150 MB: all but
two were parsed again.
"""

from __future__ import annotations

import ast
import hashlib
import re
import threading
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

from notesense.analysis.recover import BATCH_LINES, Batch, batch_spans, broken_names, iter_batches
from notesense.collector import paused

LARGE_LINES = 20_000
PART_LINES = 2_500  # each part is analysed with every other part's context: fewer, larger parts cost less
# parts parsed for a version whose trees wait for their analysis after the parse (those a request parsed,
# or whose analysis needs the parts below them; an edit touches one or two)
KEEP_FULL = 2


@dataclass(frozen=True)
class Part:
    """One batch of a large file: its lines, what the rest of the file sees of it, its own cut-out
    regions (a statement being typed) and the barriers its context holds."""

    start: int  # 0-based first line
    end: int  # 0-based line after the last
    text: str
    context: Sequence[ast.stmt]  # a tuple; of a part that moved, a `Moved` (its statements moved when read)
    broken: dict[int, frozenset[str]]  # the part's own cut-out regions: first line → names they may bind
    regions: tuple[tuple[int, int], ...]
    error: SyntaxError | None
    barriers: dict[int, frozenset[str]]  # the compound statements its context stands in for
    digest: str  # of the context: a change here changes what the other parts are analysed with
    # per context statement: the names it binds (None: an import, which every part sees) and the names
    # its shown text spells (what a part that reaches it reaches in turn; None in a part another process
    # parsed, read from the statement where a part reaches it: `spelled_by`)
    names: tuple[tuple[frozenset[str] | None, frozenset[str] | None], ...]
    spelled: frozenset[str]  # the names its own text spells (`identifiers`)


class PartsParse:
    """The parse of a large source, one part at a time, shared by the threads that need its parts.

    The lint steps through it (`step`) and analyses each part it parses while that part's tree is
    alive: the tree of a 50,000-line file is never whole, and no part is parsed twice. A request that
    needs every part first (`finish`: the imports for a hover) parses what is left, keeping the trees
    of the first `KEEP_FULL` parts it parses for the lint. Each part is parsed by whichever thread
    reaches it first; a part of `previous` (the last version's) is reused wherever its text now
    stands (typing a line break moves every part below it), and is not parsed at all."""

    def __init__(self, lines: list[str], previous: Sequence[Part] = (), previous_lines: int | None = None,
                 spans: list[tuple[int, int]] | None = None, alone: bool = False) -> None:
        """`spans`: the parts to parse, when they are some of the file's (`spans` of the whole file's
        parse: the other process of a split analysis parses the rest). `alone`: no other thread waits
        for the GIL (`Document`'s): each part is parsed in one call, not `BATCH_LINES` at a time, each
        call of which reads one blank line per line above it (`recover._parse`: on 32,000 lines
        ~900,000 blank lines, 0.04 s)."""
        self._lines = lines
        self._previous_lines = previous_lines  # of the last version, whose parts `previous` are
        self._by_text = {part.text: part for part in previous}
        moved = {text: Batch(part.start, text, []) for text, part in self._by_text.items()}  # only needs to know they parse
        self.spans = spans if spans is not None else batch_spans(lines, PART_LINES, moved=moved)  # as planned: before any merge
        self._batches = iter_batches(lines, {}, PART_LINES, None if alone else BATCH_LINES, moved=moved, spans=self.spans)
        self._lock = threading.Lock()
        self.parts: list[Part] = []  # parsed so far, in order; complete once `done`
        self.full: dict[int, list[ast.stmt]] = {}  # start line → statements, of parts `finish` parsed
        self.reach = Reach()  # of the parts parsed so far
        self.done = False
        self.failed = False  # a part could not be parsed: nothing of the source is analysed in parts

    @classmethod
    def given(cls, lines: list[str], parts: Sequence[Part], bodies: dict[int, list[ast.stmt]]) -> PartsParse:
        """A parse made part by part elsewhere (`rules.engine.check_lower`: two processes each parsed
        some of the parts), complete: `bodies`, the statements of the parts to analyse here by start line."""
        parsing = cls(lines, spans=[])
        for part in parts:
            parsing.reach.add(len(parsing.parts), part)
            parsing.parts.append(part)
        parsing.full.update(bodies)
        parsing.done = True
        return parsing

    def adopt(self, parts: Sequence[Part]) -> bool:
        """The parts after those parsed here, parsed by another process (`rules.engine`'s split
        analysis): the parse is complete with them, none of them parsed here. False (nothing changed)
        when this parse went on meanwhile (a request needed every part) or they do not follow on."""
        with self._lock:
            if self.done or not parts or not self.parts or parts[0].start != self.parts[-1].end:
                return False
            for part in parts:
                self.reach.add(len(self.parts), part)
                self.parts.append(part)
            self.done = True
            self._by_text, self._batches = {}, iter(())
            return True

    def step(self) -> tuple[int, list[ast.stmt] | None] | None:
        """Parse the next part: its index and its statements (None when the last version's part was
        reused); None once every part is parsed or one cannot be."""
        with self._lock, paused():
            if self.done:
                return None
            batch = next(self._batches, _END)
            if batch is None or batch is _END:
                self.done, self.failed = True, batch is None
                self._by_text, self._batches = {}, iter(())  # the last version's parts are let go
                return None
            old = self._by_text.get(batch.text)
            if old is not None:
                part, body = old if old.start == batch.start else moved_part(old, batch.start - old.start), None
            else:
                part, body = part_of(batch, self._lines), batch.body
            self.reach.add(len(self.parts), part)
            self.parts.append(part)
            return len(self.parts) - 1, body

    def bindings_below(self, line: int) -> dict[str | None, int] | None:
        """`last_bindings` from line `line` on, told by the last version's parts instead of the text,
        when this version has them (a line typed: the parts below it are found again, moved): each
        name a part's context binds (None: an import) at that part's last line, moved as the lines
        since the last version were. None when there are none to tell, or they stop short of the last
        version's end (its lint was split with a worker process, which parsed the rest): the text must say."""
        previous = list(self._by_text.values())
        if not previous:
            return None
        end = max(part.end for part in previous)
        if self._previous_lines is not None and end != self._previous_lines:
            return None
        shift = len(self._lines) - end  # the lines typed (deleted) above them
        found: dict[str | None, int] = {}
        for part in sorted(previous, key=lambda p: p.start):
            at = part.end - 1 + shift
            if at < line:
                continue
            for binds, _ in part.names:
                for name in (None,) if binds is None else binds:
                    found[name] = at
        return found

    def known(self) -> list[Part]:
        """What the next version may reuse: the parts parsed so far, and the last version's while some
        are left to parse (the lint of this version stopped midway: a newer one came)."""
        return self.parts if self.done else [*self.parts, *self._by_text.values()]

    def finish(self) -> list[Part] | None:
        """Every part (those left parsed now); None when one cannot be parsed."""
        while (step := self.step()) is not None:
            index, body = step
            if body is not None and len(self.full) < KEEP_FULL:
                self.full[self.parts[index].start] = body
        return None if self.failed else self.parts


_END = Batch(-1, "", [])


# a block this large, mapped (not touched) and freed, makes glibc's malloc keep up to twice its size of
# freed heap memory (`keep_freed_heap`); under 32 MB, glibc's cap on that adjustment
_HEAP_KEPT = 16 << 20


def keep_freed_heap() -> None:
    """Keep the memory one part's parse frees for the next part's parse, in a process that parses
    parts in one call each (`PartsParse` alone: the lint CLI, the server's worker). CPython's parser
    builds its C tree of a part (~6 MB for 2,500 lines) on the heap and frees it when the call returns; glibc gives
    the freed top of the heap back to the system past its trim threshold (128 kB, or twice the
    largest block mapped and freed so far: the file's text), and the next part touches fresh pages:
    ~3,300 page faults per part of 2,500 lines, ~1,800 with the freed memory kept, at ~4 µs a fault
    on this VM. Freeing a block mapped for itself raises glibc's mmap threshold to its size and the
    trim threshold to twice that (`mallopt(3)`: the dynamic mmap threshold), with no `ctypes` to
    import; `bytes(n)` is calloc'ed from fresh pages it never touches. Elsewhere: one map and unmap."""
    bytes(_HEAP_KEPT)


def line_count(source: str) -> int:
    """The lines of `source` as the editor counts them (`\r\n`, `\r` and `\n` each end one; an empty
    last line not counted), without splitting it: whether a file is large (`Document.large`), and
    where a large file's analysis is split between two processes (`analysis.worker.split_line`)."""
    breaks = source.count("\n") + source.count("\r") - source.count("\r\n")
    return breaks + 1 - (not source or source.endswith(("\n", "\r")))


def upper_parts(parts: Sequence[Part] | Sequence[tuple[int, int]], split: int) -> int | None:
    """How many parts lie above line `split` when a large file's analysis is split between two
    processes (`analysis.worker`): those up to the first that reaches down to `split`; None while
    `parts` (the first ones) do not reach it. Each process finds the same count in its own parse."""
    for k, part in enumerate(parts):
        if (part.end if isinstance(part, Part) else part[1]) >= split:
            return k + 1
    return None


def part_of(batch: Batch, lines: list[str]) -> Part:
    end = batch.start + batch.text.count("\n") + 1
    context, barriers = _context(batch.body)
    shown = _shown(context, lines)
    digest = hashlib.blake2b("\n".join(shown).encode(), digest_size=12).hexdigest()
    names = tuple((_binds(stmt, barriers), identifiers(text)) for stmt, text in zip(context, shown))
    return Part(batch.start, end, batch.text, tuple(context), broken_names(lines, batch.regions), batch.regions,
                batch.error, barriers, digest, names, identifiers(batch.text))


# a top-level line that binds a name: a def, a class, an import, `name =` or `name: T =`; searched for
# after a line break (a literal first character: the search skips to each "\n" instead of trying every
# character for a line start, ~40% less time on 32,000 lines)
_BINDING = r"(?:(?:async[ \t]+)?def[ \t]+(\w+)|class[ \t]+(\w+)|(?:import|from)[ \t]|(\w+)[ \t]*(?::[^=\n]*)?=(?!=))"
_TOP_BINDING = re.compile("\n" + _BINDING)
_FIRST_BINDING = re.compile(_BINDING)


def last_bindings(source: str, line: int = 0, at: int = 0) -> dict[str | None, int]:
    """Name → the 0-based line of the last top-level line that binds it (None: of the last import),
    among the lines from `line` (which begins at offset `at`) on, read from the text alone before
    the parts there are parsed: which parts the parts below them will likely not change (a part
    that spells a name bound below it, or any part above an import, reaches the context of a part
    after it). A guess that only decides what is analysed early: `Document.early_holds` checks each
    early analysis once every part is parsed."""
    found: dict[str | None, int] = {}
    first = _FIRST_BINDING.match(source, at) if at == 0 or source[at - 1] == "\n" else None
    if first is not None:
        found[first.group(1) or first.group(2) or first.group(3)] = line
    for match in _TOP_BINDING.finditer(source, at):
        line += source.count("\n", at, match.start() + 1)
        at = match.start() + 1
        found[match.group(1) or match.group(2) or match.group(3)] = line
    return found


_IDENTIFIER = re.compile(r"[^\W\d]\w*")
_NOT_WORD = str.maketrans({chr(c): " " for c in range(128) if not (chr(c).isalnum() or chr(c) == "_")})


def identifiers(text: str) -> frozenset[str]:
    """The words of `text` that can be names, as Python reads them (NFKC-normalised): a superset of the
    names its code reads, since words in strings and comments (and numbers) count too."""
    if text.isascii():
        return frozenset(text.translate(_NOT_WORD).split())  # a quarter of the regular expression's time
    return frozenset(_IDENTIFIER.findall(unicodedata.normalize("NFKC", text)))


@dataclass
class Reach:
    """Where the context statements of a version's parts bind each name: (part, statement) pairs, and
    the imports, which every part sees. Grown a part at a time as the parts are parsed (`add`)."""

    by_name: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    imports: list[tuple[int, int]] = field(default_factory=list)

    def add(self, index: int, part: Part) -> None:
        """Part `index`'s context statements, once the parts before it are in."""
        for j, (binds, _) in enumerate(part.names):
            if binds is None:
                self.imports.append((index, j))
            else:
                for name in binds:
                    self.by_name.setdefault(name, []).append((index, j))

    def reached(self, parts: Sequence[Part], index: int) -> tuple[list[ast.stmt], list[ast.stmt]]:
        """The context statements of the other parts that part `index` reaches by name (see the module
        docstring), those before it and those after it, each in source order. `parts` may be the
        first ones only (a part analysed as soon as it is parsed): the others are not looked at."""
        known = len(parts)
        chosen = {at for at in self.imports if at[0] != index and at[0] < known}
        todo = list(parts[index].spelled)
        seen: set[str] = set()
        while todo:
            name = todo.pop()
            if name in seen:
                continue
            seen.add(name)
            for at in self.by_name.get(name, ()):
                if at[0] != index and at[0] < known and at not in chosen:
                    chosen.add(at)
                    todo.extend(spelled_by(parts[at[0]], at[1]))
        ordered = sorted(chosen)
        return ([parts[i].context[j] for i, j in ordered if i < index],
                [parts[i].context[j] for i, j in ordered if i > index])


def spelled_by(part: Part, index: int) -> frozenset[str]:
    """The names context statement `index` of `part` spells (`Part.names`); of a part another process
    parsed, those of the statement parsed here from its lines (`Unparsed`)."""
    spelled = part.names[index][1]
    if spelled is not None:
        return spelled
    context = part.context
    return (context._origin if isinstance(context, Moved) else context).spelled(index)  # type: ignore[union-attr]


def _binds(stmt: ast.stmt, barriers: dict[int, frozenset[str]]) -> frozenset[str] | None:
    """The module-level names a context statement binds; None for an import (or `global`), seen by all."""
    if isinstance(stmt, (ast.Import, ast.ImportFrom, ast.Global)):
        return None
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return frozenset({stmt.name})
    if isinstance(stmt, ast.Pass):
        return barriers.get(stmt.lineno, frozenset())
    targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]  # type: ignore[attr-defined]
    return frozenset(n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name))


def moved_part(part: Part, delta: int) -> Part:
    """`part` `delta` lines further down (lines were inserted or deleted above it): its context as
    copies with the new line numbers, made when read (`Moved`), what it says about lines moved alike.
    Its digest reads no line number: it stays."""
    context = Moved(part.context, delta)
    error = part.error
    if error is not None:
        error = SyntaxError(error.msg, (error.filename, (error.lineno or 1) + delta, error.offset, error.text,
                                        (error.end_lineno or error.lineno or 1) + delta, error.end_offset))
    return Part(part.start + delta, part.end + delta, part.text, context,
                {line + delta: names for line, names in part.broken.items()},
                tuple((a + delta, b + delta) for a, b in part.regions), error,
                {line + delta: names for line, names in part.barriers.items()}, part.digest, part.names, part.spelled)


class Moved(Sequence[ast.stmt]):
    """The context of a part that moved, each statement copied `delta` lines further down when it is
    first read (the last version's trees stay as they were: a request may still read them). A line
    typed near the top of a large file moves every part below it, and another part's analysis reads
    only the statements it reaches (`Reach`): copying every moved context on each keystroke was a
    fifth of the lint of a line typed halfway down a 50,000-line file."""

    __slots__ = ("_origin", "_delta", "_copies")

    def __init__(self, context: Sequence[ast.stmt], delta: int) -> None:
        if isinstance(context, Moved):  # moved again: one copy from the statements as parsed
            context, delta = context._origin, context._delta + delta
        self._origin: Sequence[ast.stmt] = context
        self._delta = delta
        self._copies: dict[int, ast.stmt] = {}

    def __len__(self) -> int:
        return len(self._origin)

    @overload
    def __getitem__(self, index: int) -> ast.stmt: ...

    @overload
    def __getitem__(self, index: slice) -> list[ast.stmt]: ...

    def __getitem__(self, index: int | slice) -> ast.stmt | list[ast.stmt]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        index = index + len(self) if index < 0 else index
        stmt = self._copies.get(index)
        if stmt is None:  # two threads may copy one statement: either copy is right
            stmt = self._copies[index] = _shifted(self._origin[index], self._delta)
        return stmt


_SHARED = (ast.expr_context, str, int, float, complex, bytes, bool, type(None), type(...))  # nodes and values kept as they are


def _shifted(node: ast.AST, delta: int) -> ast.AST:
    """A copy of `node` `delta` lines further down (what `copy.deepcopy` and `ast.increment_lineno`
    make, in one pass and without their per-object bookkeeping: a part's context has a few thousand
    nodes, moved on every line typed above it)."""
    fields = dict(node.__dict__)
    for name, value in fields.items():
        if isinstance(value, ast.AST) and not isinstance(value, ast.expr_context):
            fields[name] = _shifted(value, delta)
        elif type(value) is list:
            fields[name] = [v if isinstance(v, _SHARED) else _shifted(v, delta) for v in value]
    if "lineno" in fields:
        fields["lineno"] += delta
    if fields.get("end_lineno") is not None:
        fields["end_lineno"] += delta
    new = type(node).__new__(type(node))
    new.__dict__.update(fields)
    return new


def _context(body: list[ast.stmt]) -> tuple[list[ast.stmt], dict[int, frozenset[str]]]:
    """What the rest of a file sees of these top-level statements (see the module docstring), and the
    barriers standing for compound statements: line → names they may bind."""
    out: list[ast.stmt] = []
    barriers: dict[int, frozenset[str]] = {}
    for stmt in body:
        if isinstance(stmt, (ast.Import, ast.ImportFrom, ast.Global)) or _binds_a_name(stmt):
            out.append(stmt)
        elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            out.append(_signature(stmt, keep=_return))
        elif isinstance(stmt, ast.ClassDef):
            members = [_signature(s, keep=_self_write_or_return) if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))
                       else s for s in stmt.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Assign, ast.AnnAssign))]
            out.append(_copy(stmt, body=members or [_ellipsis(stmt)]))
        elif isinstance(stmt, (ast.If, ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith, ast.Try, ast.Match)) or (
                hasattr(ast, "TryStar") and isinstance(stmt, ast.TryStar)):
            barrier = ast.copy_location(ast.Pass(), stmt)
            barrier.end_lineno, barrier.end_col_offset = stmt.end_lineno, stmt.end_col_offset
            out.append(barrier)
            barriers[stmt.lineno] = frozenset(_bound(stmt))
    return out, barriers


def _shown(context: list[ast.stmt], lines: list[str]) -> list[str]:
    """The text of what each statement of a context shows (its lines; of a def, its header and what it
    kept), with their depth and kind but not their line numbers: equal texts mean equal contexts
    wherever the part stands (the other parts' analyses depend on the order of what they see, not on
    its line numbers), and reading it costs far less than dumping trees."""
    return ["\n".join(_shown_lines(stmt, lines)) for stmt in context]


def _shown_lines(top: ast.stmt, lines: list[str]) -> list[str]:
    out: list[str] = []
    todo = [(top, 0)]
    while todo:
        stmt, depth = todo.pop()
        body = getattr(stmt, "body", None)
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            first = min([stmt.lineno, *(d.lineno for d in stmt.decorator_list)])
            header_end = stmt.lineno  # the line that ends the signature with its colon
            while header_end < len(lines) and not lines[header_end - 1].split("#")[0].rstrip().endswith(":"):
                header_end += 1
            out.append(f"{depth}:" + "\n".join(lines[first - 1:header_end]))
            todo.extend((s, depth + 1) for s in reversed(body or ()))
        else:
            out.append(f"{depth}:{type(stmt).__name__}:" + "\n".join(lines[stmt.lineno - 1:stmt.end_lineno]))
    return out


def _binds_a_name(stmt: ast.stmt) -> bool:
    """An assignment that gives a name a value (not `df["a"] = …` or `obj.x = …`: those bind nothing)."""
    if isinstance(stmt, ast.Assign):
        targets = stmt.targets
    elif isinstance(stmt, (ast.AnnAssign, ast.AugAssign)):
        targets = [stmt.target]
    else:
        return False
    return any(isinstance(t, (ast.Name, ast.Tuple, ast.List, ast.Starred)) for t in targets)


def _signature(func: ast.FunctionDef | ast.AsyncFunctionDef, keep: Callable[[ast.stmt], bool]) -> ast.stmt:
    """A function without its body but for the statements `keep` selects (its returns, its `self.x =`)
    among those of its body and of the blocks in it, not inside nested definitions, in the order of
    a walk that enters each block's `body`, `orelse`, `finalbody`, then its handlers and cases (a
    loop over a stack: every function of a large file passes here)."""
    kept: list[ast.stmt] = []
    todo = func.body[::-1]
    while todo:
        stmt = todo.pop()
        kind = type(stmt)
        fields = _BLOCK_FIELDS.get(kind)
        if fields is None:
            if kind not in _DEFS and keep(stmt):
                kept.append(stmt)
            continue
        blocks = [getattr(stmt, name) for name in fields]
        if kind in _TRIES:
            blocks += [h.body for h in stmt.handlers]  # type: ignore[attr-defined]
        elif kind is ast.Match:
            blocks += [c.body for c in stmt.cases]  # type: ignore[attr-defined]
        for block in reversed(blocks):
            todo.extend(reversed(block))
    return _copy(func, body=kept or [_ellipsis(func.body[0])])


def _return(stmt: ast.stmt) -> bool:
    return type(stmt) is ast.Return


def _self_write_or_return(stmt: ast.stmt) -> bool:
    if isinstance(stmt, ast.Return):
        return True
    targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target] if isinstance(stmt, ast.AnnAssign) else []
    return any(isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) for t in targets)


_DEFS = frozenset({ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef})
_TRIES = frozenset({ast.Try, *((ast.TryStar,) if hasattr(ast, "TryStar") else ())})
# the statement lists of each kind of compound statement (but for handlers and cases), in walk order
_BLOCK_FIELDS: dict[type, tuple[str, ...]] = {
    kind: tuple(name for name in ("body", "orelse", "finalbody") if name in kind._fields)
    for kind in (ast.If, ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith, ast.Match, *_TRIES)}


def _copy(node: ast.stmt, **fields: Any) -> ast.stmt:
    """`node` with `fields` replaced (a field-by-field copy, as `_shifted` makes: the constructor with
    keywords and `ast.copy_location` cost three times as much, once per function of a large file)."""
    new = type(node).__new__(type(node))
    new.__dict__.update(node.__dict__)
    new.__dict__.update(fields)
    return new


def _ellipsis(at: ast.AST) -> ast.stmt:
    stmt = ast.copy_location(ast.Expr(ast.copy_location(ast.Constant(...), at)), at)
    stmt.end_lineno = stmt.value.end_lineno = at.lineno  # type: ignore[attr-defined]
    stmt.end_col_offset = stmt.value.end_col_offset = at.col_offset  # type: ignore[attr-defined]
    return stmt


def _bound(stmt: ast.stmt) -> set[str]:
    """Names a compound statement binds anywhere in it (targets, loop and `as` names, defs, imports)."""
    names: set[str] = set()
    for node in ast.walk(stmt):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
    return names


# A large file's analysis split between two processes (`rules.engine`: the lint CLI's forked child, the
# server's worker process) exchanges what each process's parts show the rest of the file as plain data.

def part_to_row(part: Part) -> list[Any]:
    """What the other process needs of a part it did not parse, as JSON values (`part_from_row`): its
    lines, what its context statements bind and where they stand, its barriers, its error. Not what
    each statement spells: the other process reads that only of the few statements its parts reach,
    from the statement as it parses it there (`Unparsed`); sending it was a third of the rows' cost
    (made, encoded, decoded, turned into sets: ~12 ms of the two processes' CPU on 32,000 lines)."""
    error = part.error
    return [part.start, part.end, part.digest, _statement_spans(part.context),
            [None if b is None else sorted(b) for b, _ in part.names], sorted(part.spelled),
            [[line, sorted(names)] for line, names in part.barriers.items()],
            None if error is None else [error.msg, error.lineno, error.offset, error.end_lineno, error.end_offset]]


def part_from_row(row: list[Any], lines: list[str]) -> Part:
    """A part the other process parsed: its context statements parsed from the text when a view first
    reaches one (`Unparsed`: most are never read)."""
    start, end, digest, spans, binds, spelled, barriers, error = row
    return Part(start, end, "\n".join(lines[start:end]), Unparsed(lines, spans), {}, (),
                None if error is None else SyntaxError(error[0], ("<unknown>", error[1], error[2], None, error[3], error[4])),
                {line: frozenset(n) for line, n in barriers}, digest,
                tuple((None if b is None else frozenset(b), None) for b in binds), frozenset(spelled))


def _statement_spans(context: Sequence[ast.stmt]) -> list[list[int]]:
    """Per context statement: its first line (decorators too), last line, line and column — read without
    copying the statements of a part that moved (`Moved`) or parsing those of one made from a row."""
    if isinstance(context, Moved):
        delta = context._delta
        return [[a + delta, b + delta, line + delta, col] for a, b, line, col in _statement_spans(context._origin)]
    if isinstance(context, Unparsed):
        return [list(span) for span in context._spans]
    return [[min([s.lineno, *(d.lineno for d in getattr(s, "decorator_list", ()))]), s.end_lineno, s.lineno, s.col_offset]  # type: ignore[list-item]
            for s in context]


class Unparsed(Sequence[ast.stmt]):
    """The context of a part another process parsed: each statement parsed from its lines (and reduced
    as `_context` reduces it) when a view first reaches it, or a part's reach what it spells."""

    __slots__ = ("_lines", "_spans", "_made", "_spelled")

    def __init__(self, lines: list[str], spans: list[list[int]]) -> None:
        self._lines = lines
        self._spans = spans  # per statement: first line (decorators too), last line, its line and column
        self._made: dict[int, ast.stmt] = {}
        self._spelled: dict[int, frozenset[str]] = {}

    def __len__(self) -> int:
        return len(self._spans)

    def __getitem__(self, index: int) -> ast.stmt:  # type: ignore[override]  (a context is read by index, never sliced)
        made = self._made.get(index)
        if made is None:  # two threads may parse one statement: either is right
            self._parse(index)
            made = self._made[index]
        return made

    def spelled(self, index: int) -> frozenset[str]:
        """The names statement `index` spells as the other process's parse reduced it (`Part.names`)."""
        spelled = self._spelled.get(index)
        if spelled is None:
            self._parse(index)
            spelled = self._spelled[index]
        return spelled

    def _parse(self, index: int) -> None:
        first, last, line, col = self._spans[index]
        tree = ast.parse("\n" * (first - 1) + "\n".join(self._lines[first - 1:last]))
        stmt = next(s for s in tree.body if s.lineno == line and s.col_offset == col)
        part = part_of(Batch(first - 1, "", [stmt]), self._lines)
        self._spelled[index] = part.names[0][1]  # type: ignore[assignment]  (a part parsed here spells them)
        self._made[index] = part.context[0]
