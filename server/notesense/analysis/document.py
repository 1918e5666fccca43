"""One version of a Python file, analysed lazily and at most once: the ONE parse per version.

Rules, hover and completion all ask the same `Document`: one tolerant parse (`analysis.recover`:
a line being typed is cut out, the rest still parses), one semantic model, one kind inference.
Nothing is computed before someone asks for it, and a new version reuses what the previous one
computed while it is still right: the imports while no import line changed (the common case while
typing), the parsed batches of statements whose text did not change. Completion runs on every
keystroke, on a version nobody has parsed yet: until the model of that version exists (the lint
worker builds it moments after each edit), a receiver's kind comes from the few lines that bind its
names (`QuickReader`), which costs about a millisecond on any file size, once per receiver and version.
"""

from __future__ import annotations

import ast
import threading
from collections.abc import Callable, Iterator
from itertools import accumulate
from typing import Any

from notesense.analysis import api
from notesense.analysis.imports import ImportMap, imports_from_nodes, insert_line, parse_imports_tolerant, with_foundations
from notesense.analysis.kinds import Kinds
from notesense.analysis.parts import KEEP_FULL, LARGE_LINES, Part, PartsParse, last_bindings, line_count, upper_parts
from notesense.analysis.quick import QuickReader
from notesense.analysis.recover import Recovered, parse_batch, recover
from notesense.analysis.semantic import Position, SemanticModel
from notesense.collector import paused
from notesense.lines import LINE_END



class cached_property:  # noqa: N801 - a drop-in for functools.cached_property
    """Computed at most once per instance, under a lock of that instance and property. (On Python <
    3.12, `functools.cached_property` holds one lock for all instances of a class: a hover on one file
    would wait for the linter's parse of another; one lock per instance would make a hover reading a
    version's imports wait for the linter's parse of that version.)"""

    def __init__(self, fn: Callable[[Any], Any]) -> None:
        self.fn = fn
        self.name = fn.__name__
        self.__doc__ = fn.__doc__

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        done = obj.__dict__
        if self.name in done:
            return done[self.name]
        with obj._locks.setdefault(self.name, threading.RLock()):  # setdefault is atomic: one lock per name
            if self.name not in done:
                done[self.name] = self.fn(obj)
            return done[self.name]


class Document:
    """The source of one version, its lines (split as LSP counts them), imports, tree, model and kinds."""

    def __init__(self, source: str, previous: Document | None = None, *, alone: bool = False) -> None:
        """`alone`: no other thread waits while this version is parsed (the batch linter), so it is parsed
        in a few large calls rather than in short ones between which the server answers (`recover`)."""
        self.source = source
        self._alone = alone
        self._locks: dict[str, threading.RLock] = {}
        # Only finished analyses are carried over, never the previous Document: no chain of versions.
        self._prev_imports: tuple[tuple[tuple[int, str], ...], ImportMap] | None = None
        self._prev_recovered: Recovered | None = None
        self._prev_parts: list[Part] = []
        self._prev_lines: int | None = None  # how many lines the version of `_prev_parts` had
        self.previous_findings: dict[tuple, tuple[int, list]] = {}  # a large document's findings by part, for the next version
        # the part views made (`part_view`), held here instead of being freed once analysed, when set: by a
        # one-shot process that exits without freeing them (`lint.split`; the server frees each: bounded memory)
        self.left: list[Document] | None = None
        if previous is not None:
            done = previous.__dict__
            if "imports" in done and "_import_signature" in done:
                self._prev_imports = (done["_import_signature"], done["imports"])
            else:
                self._prev_imports = previous._prev_imports
            self._prev_recovered = done.get("recovered") or previous._prev_recovered
            parsing = done.get("_parts_parse")
            self._prev_parts = done.get("parts") or (parsing.known() if parsing is not None else previous._prev_parts)
            self._prev_lines = len(done["lines"]) if parsing is not None and "lines" in done else previous._prev_lines
            self.previous_findings = previous.previous_findings

    @classmethod
    def parsed(cls, source: str, tree: ast.Module) -> Document:
        """A document whose source the caller has parsed already (the tree is used as it is, node for
        node: a caller holding nodes of it can ask the model about them)."""
        doc = cls(source)
        doc.__dict__["recovered"] = Recovered(tree)
        return doc

    @cached_property
    def lines(self) -> list[str]:
        source = self.source
        return source.split("\n") if "\r" not in source else LINE_END.split(source)  # the plain split is ten times faster

    @cached_property
    def line_starts(self) -> list[int]:
        """Offsets where each line begins (the same line breaks as `lines` and the tokenizer)."""
        if "\r" in self.source:
            return [0, *(m.end() for m in LINE_END.finditer(self.source))]
        return list(accumulate(map((1).__add__, map(len, self.lines[:-1])), initial=0))  # each line and its "\n"

    @cached_property
    def _import_signature(self) -> tuple[tuple[int, str], ...]:
        """The lines that can change what the file imports, with where they start (a substring search:
        cheap on a 50,000-line file on every keystroke; typing above an import line changes it)."""
        source = self.source
        breaks = ("\n", "\r") if "\r" in source else ("\n",)
        found: list[tuple[int, str]] = []
        at = source.find("import")
        while at >= 0:
            start = max(source.rfind(b, 0, at) for b in breaks) + 1
            ends = [e for e in (source.find(b, at) for b in breaks) if e >= 0]
            end = min(ends) if ends else len(source)
            found.append((start, source[start:end]))
            at = source.find("import", end)
        return tuple(found)

    @cached_property
    def recovered(self) -> Recovered | None:
        """The parse of this version, repaired around a statement being typed; None when nothing of
        the file can be parsed. The previous version's unchanged batches of statements are reused."""
        previous, self._prev_recovered = self._prev_recovered, None
        return recover(self.source, self.lines, previous, self._alone)

    @cached_property
    def large(self) -> bool:
        """Too long to hold its whole tree (`analysis.parts`): the server analyses it in parts."""
        return line_count(self.source) > LARGE_LINES

    @property
    def in_parts(self) -> bool:
        """Analysed in parts: a large document nobody asked to parse whole (the batch linter does). A
        part's view (`part_view`) holds its tree: not counting the whole file's lines for each view
        (three passes over the text per part: a cost of the file's length times its parts)."""
        return "recovered" not in self.__dict__ and self.large

    @property
    def analysable(self) -> bool:
        """Something of this version parses."""
        if self.in_parts:
            return self.parts is not None
        return self.recovered is not None

    def parsed_apart(self, parsing: PartsParse) -> None:
        """Every part of this large version parsed, those above the parts of this process by another
        (`rules.engine.check_lower`): its parts are analysed from these, none is parsed again."""
        self.__dict__["_parts_parse"] = parsing

    def adopt_parts(self, parts: list[Part]) -> bool:
        """The parts after those this process parsed, parsed by another (`rules.engine`'s split
        analysis, `PartsParse.adopt`); False when the parse went on here meanwhile."""
        return self._parts_parse.adopt(parts)

    def split_at(self, split: int, kept_lines: int | None = None) -> tuple[int, list[tuple[int, int]], int] | None:
        """How many parts lie above line `split` (`upper_parts`), the [start, end) lines of those below,
        as this version's parse cuts them (`PartsParse.spans`), and the first of the parts above whose
        lines down to the split are at most `kept_lines` (all of them when None); None when no part
        lies below."""
        spans = self._parts_parse.spans
        upper = upper_parts(spans, split)
        if upper is None or upper >= len(spans):
            return None
        end = spans[upper][0]
        keep_from = 0 if kept_lines is None else next(k for k in range(upper + 1) if k == upper or end - spans[k][0] <= kept_lines)
        return upper, spans[upper:], keep_from

    def parse_spans(self, spans: list[tuple[int, int]], stop: Callable[[], bool],
                    ahead: bool = False) -> tuple[list[Part], dict[int, list[ast.stmt]]] | None:
        """The parts of this version on `spans` (the lower ones of a split analysis: another process
        parses those above), the last version's taken where their text stands (`PartsParse`), and the
        statements of those parsed, by first line; None when one cannot be parsed or `stop` said so.
        Parsed once per version and spans: a parse `ahead` of the lint (a worker process) is kept for
        the lint's call, which takes it (the trees are then freed as their parts are analysed)."""
        key = [tuple(span) for span in spans]
        done = self.__dict__.pop("_spans_parsed", None)
        if done is not None and done[0] == key:
            return done[1]
        parsing = PartsParse(self.lines, self._prev_parts, self._prev_lines, spans=key, alone=self._alone)
        bodies: dict[int, list[ast.stmt]] = {}
        while (step := parsing.step()) is not None:
            if step[1] is not None:
                bodies[parsing.parts[step[0]].start] = step[1]
            if stop() and parsing.parts[-1].end < key[-1][1]:  # parts left: a parse ahead stopped after its last part is kept
                return None
        if parsing.failed:
            return None
        if ahead:
            self.__dict__["_spans_parsed"] = (key, (parsing.parts, bodies))
        return parsing.parts, bodies

    @cached_property
    def _parts_parse(self) -> PartsParse:
        previous, self._prev_parts = self._prev_parts, []
        return PartsParse(self.lines, previous, self._prev_lines, alone=self._alone)

    @cached_property
    def parts(self) -> list[Part] | None:
        """A large document's parts, parsed one at a time (unchanged ones taken from the last version;
        those the lint parsed already, as it analysed them: `parsed_parts`)."""
        return self._parts_parse.finish()

    def parsed_parts(self, until: int | None = None, keep_from: int | None = None) -> Iterator[tuple[int, Part, Document]]:
        """For the lint: this large version parsed part by part, and each part the calling thread
        parses — whose analysis the parts after it will likely not change (`last_bindings`) — as its
        view (`part_view`) between the contexts of the parts before it, given while its tree is
        alive: analysed there, it is never parsed again. Whether each such analysis holds for the
        whole version is `early_holds`, once every part is parsed.

        Split between two processes at a line (`upper_parts`): `until` it, the parse stops after the
        parts above it; the parts from index `keep_from` on are kept whole instead, for their analysis
        once the other process has sent its parts (`rules.engine`): the other process waits for this
        one's parse, not for the analysis of these."""
        parsing = self._parts_parse
        last: dict[str | None, int] | None = None
        while (until is None or upper_parts(parsing.parts, until) is None) and (step := parsing.step()) is not None:
            if step[1] is None:
                continue
            if keep_from is not None and step[0] >= keep_from:
                parsing.full[parsing.parts[step[0]].start] = step[1]
                continue
            if last is None:  # the lines below the first part parsed (typing: the one typed in)
                end = parsing.parts[step[0]].end
                last = parsing.bindings_below(end)  # typing: the last version's parts tell, no scan of the text
                if last is None:
                    last = last_bindings(self.source, end, self.line_starts[end] if end < len(self.line_starts) else len(self.source))
            index, view = step[0], self._early_view(parsing, last, *step)
            step = None  # the part's tree lives in its view alone: freed as soon as the lint drops it
            if view is not None:
                yield index, parsing.parts[index], view
                view = None

    def _early_view(self, parsing: PartsParse, last: dict[str | None, int], index: int,
                    body: list[ast.stmt]) -> Document | None:
        """The view of a part just parsed, between the parts before it; None for a part above an
        import or spelling a name bound below it (its statements are kept for the lint's view of it
        with every part while `KEEP_FULL` allows, as `finish` keeps them)."""
        part = parsing.parts[index]
        if last.get(None, -1) >= part.end or any(last.get(name, -1) >= part.end for name in part.spelled):
            if len(parsing.full) < KEEP_FULL:
                parsing.full[part.start] = body
            return None
        return self.part_view(parsing.parts[:index + 1], index, body)

    def early_holds(self, index: int, imports: ImportMap) -> bool:
        """An analysis of part `index` made as it was parsed (`parsed_parts`, with `imports`, those
        of the parts before it) is this version's: the part reaches nothing of the parts after it
        and the file's imports are those it saw — then its view was the one `part_view` gives now."""
        return self.parts is not None and not self.reaches_below(index) and imports == self.imports

    def reaches_below(self, index: int) -> bool:
        """Part `index` reaches a context statement of a part after it (every part parsed)."""
        parts = self.parts
        return parts is not None and bool(self._parts_parse.reach.reached(parts, index)[1])

    def parts_parsed(self) -> list[Part]:
        """The parts of this large version parsed so far, in order (all of them once `parts` is asked)."""
        return self._parts_parse.parts

    def part_view(self, parts: list[Part], index: int, body: list[ast.stmt] | None = None) -> Document | None:
        """Part `index` in full between the contexts of the other parts that it reaches by name
        (`analysis.parts.Reach`), as a document of its own (same source and lines, so positions are
        the file's); None when it cannot be parsed. `parts`: this version's, or those parsed so far
        (with the imports they hold); `body`: the part's statements, when the caller holds them."""
        part = parts[index]
        if body is None:
            body = self._parts_parse.full.pop(part.start, None)
        if body is None:
            batch = parse_batch(self.lines, part.start, part.end)
            if batch is None:
                return None
            body = batch.body
        before, after = self._parts_parse.reach.reached(parts, index)
        broken = {**{line: names for p in parts if p is not part for line, names in p.barriers.items()}, **part.broken}
        view = Document(self.source)
        # the file's imports, when they are there without the parts below (no import line changed):
        # else those of the parts parsed so far, which `early_holds` compares with the file's
        whole = parts is self.__dict__.get("parts") or self.imports_known
        imports = self.imports if whole else self._imports_of(parts)
        view.__dict__.update(lines=self.lines, line_starts=self.line_starts, imports=imports,
                             recovered=Recovered(ast.Module(body=before + body + after, type_ignores=[]), broken, part.regions,
                                                 part.error))
        if self.left is not None:
            self.left.append(view)
        return view

    @property
    def tree(self) -> ast.Module | None:
        """The module's AST when the whole file parses, else None (also for a document analysed in
        parts: its whole tree is never built)."""
        if self.in_parts:
            return None
        recovered = self.recovered
        return recovered.tree if recovered is not None and recovered.error is None else None

    @property
    def syntax_error(self) -> SyntaxError | None:
        """The first syntax error of this version (None when it parses)."""
        recovered = self.recovered
        if recovered is None:
            try:
                ast.parse(self.source)
            except SyntaxError as exc:
                return exc
            except (ValueError, RecursionError, MemoryError, SystemError) as exc:
                return SyntaxError(str(exc) or type(exc).__name__)
            return None
        return recovered.error

    @cached_property
    def imports(self) -> ImportMap:
        signature = self._import_signature  # kept with the result, for the next version to compare
        if self._prev_imports is not None and self._prev_imports[0] == signature:
            return self._prev_imports[1]
        if self.in_parts:
            return self._imports_of(self.parts)
        recovered = self.recovered
        if recovered is None or recovered.error is not None:
            return parse_imports_tolerant(self.source)
        model = self.semantic
        assert model is not None
        result = ImportMap()
        for local, target in model.imported:  # the model read every import, at any depth, in order
            result.modules.add(target.split(".")[0])
            if local is not None:
                result.names[local] = target
        result.insert_line = insert_line(recovered.tree)
        return result

    @cached_property
    def _imports_read(self) -> ImportMap:
        """The imports read line by line, of a large document part of which does not parse (asked for
        each part analysed after the broken one as it is parsed: read once)."""
        return parse_imports_tolerant(self.source)

    def _imports_of(self, parts: list[Part] | None) -> ImportMap:
        """What the top-level imports of `parts` (all or the first ones of a large document) import."""
        if parts is None or any(p.error is not None for p in parts):
            return self._imports_read
        # a context holds the top-level imports only (`analysis.parts`): no walk into its definitions
        # (asked once per part the lint analyses as it parses it, with the parts before it); only
        # its imports are read (another process's parts are parsed only where they are read: `Unparsed`)
        nodes: list[ast.stmt] = []
        leading: list[ast.stmt] = []
        ended = False
        for part in parts:
            for j, (binds, _) in enumerate(part.names):
                if binds is None:  # an import (or a `global`)
                    nodes.append(part.context[j])
                    if not ended:
                        leading.append(nodes[-1])
                elif not ended:
                    ended = True
                    leading.append(ast.Pass())  # the leading block ends here, where `insert_line` stops
        result = imports_from_nodes(nodes)
        result.insert_line = insert_line(ast.Module(body=leading, type_ignores=[]))
        return result

    @property
    def imports_known(self) -> bool:
        """This version's imports are there without a parse: computed, or the previous version's (no
        import line changed, the common case while typing). A request that needs no more than the
        imports and the lines can then be answered at once, where it arrives."""
        if "imports" in self.__dict__:
            return True
        return self._prev_imports is not None and self._prev_imports[0] == self._import_signature

    @cached_property
    def semantic(self) -> SemanticModel | None:
        """Scopes and bindings of this version (of what parsed); None when nothing parsed, and for a
        document analysed in parts (hover and completion then read the lines that bind a name)."""
        if self.in_parts:
            return None
        recovered = self.recovered
        if recovered is None:
            return None
        with paused():  # tens of thousands of bindings and scopes, none of them garbage (`collector`)
            return SemanticModel(recovered.tree, source=self.source, lines=self.lines, broken=recovered.broken)

    @cached_property
    def kinds(self) -> Kinds | None:
        model = self.semantic
        return Kinds(model) if model is not None else None

    def ast_position(self, line: int, col: int) -> Position:
        """0-based line and code-point column (the editor's) → the AST's 1-based line, UTF-8 byte column."""
        text = self.line(line)
        return line + 1, len(text[:col].encode("utf-8")) if not text.isascii() else col

    @cached_property
    def _quick(self) -> QuickReader:
        """This version's line-based answers, kept for every request on it until its model exists."""
        return QuickReader(self.lines, self.imports)

    def _analysed(self) -> bool:
        """The model of this version exists already (building it is the linter's job, not a keystroke's)."""
        return "kinds" in self.__dict__ and self.kinds is not None

    def receiver_kind(self, expr: str, line: int, col: int | None = None) -> str | None:
        """The kind of a receiver's text read on 0-based `line` (at code-point `col`, else the line's end)."""
        if self._analysed():
            return self.kinds.kind_of_source(expr, self.ast_position(line, len(self.line(line)) if col is None else col))
        return self._quick.kind(expr, line)

    def receiver(
        self, expr: str, line: int, col: int | None = None, wait: bool = True
    ) -> tuple[str | None, frozenset[str]]:
        """What completing `expr.` on 0-based `line` needs: the value's most specific public class and
        the members its local class defines itself (`Kinds.receiver_of_source`). `wait`: False for a
        caller that must not wait while another thread queries the model (the event loop): the
        line-based reader answers then, as it does before the model exists."""
        if self._analysed():
            at = self.ast_position(line, len(self.line(line)) if col is None else col)
            found = self.kinds.receiver_of_source(expr, at) if wait else self.kinds.receiver_unless_busy(expr, at)
            if found is not None:
                return found
        return self._quick.receiver(expr, line)

    def member_symbol(
        self, receiver: str, member: str, line: int, col: int | None = None, analyse: bool = False
    ) -> str | None:
        """The public name of `receiver.member` on 0-based `line` (`s.str` + `split` → `pandas.Series.str.split`).
        `analyse`: when the receiver's binding lines do not tell (`model = Net()` needs `class
        Net(nn.Module)`), build this version's model now rather than answer unknown."""
        if not self._analysed():
            found = self._quick.symbol(receiver, member, line)
            if found is not None or not analyse or self.kinds is None:
                return found
        at = self.ast_position(line, len(self.line(line)) if col is None else col)
        return self.kinds.member_symbol_at(receiver, member, at)

    def guessed_member_symbol(self, receiver: str, member: str, line: int, col: int | None = None) -> str | None:
        """`member_symbol`, where a name the file reads without saying what it holds takes the kind its
        name conventionally holds (`api.called_kind`: after `pred = model(x)`, `model` a parameter nothing
        annotates, `pred` is a tensor; `api.guessed_kind`: `df.groupby("a").sum()`, `df` a parameter, is a
        grouping's sum), as the compiler reads such names in notes. A guess, for a hover that found
        nothing else: asked of a model of its own, so the rules' answers stay facts."""
        if self._guessing is None:
            return None
        at = self.ast_position(line, len(self.line(line)) if col is None else col)
        return self._guessing.member_symbol_at(receiver, member, at)

    @cached_property
    def _guessing(self) -> Kinds | None:
        """This version's model read with `api.called_kind`'s guesses, made once for every hover on it."""
        model = self.semantic
        if model is None:
            return None
        libraries = with_foundations(self.imports.modules)
        return Kinds(model, assume=lambda name: api.called_kind(name, libraries) or api.guessed_kind(name, libraries))

    def line(self, index: int) -> str:
        """The text of 0-based line `index` ('' past the end)."""
        lines = self.lines
        return lines[index] if 0 <= index < len(lines) else ""

