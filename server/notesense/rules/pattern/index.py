"""Where patterns can start in one file (`FileIndex`), found from the text and the semantic model
rather than by walking every node; one index per file, shared by every learned rule."""

from __future__ import annotations

import ast
import bisect
import functools
import itertools
import operator
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from notesense.analysis.semantic import walk
from notesense.rules.pattern.syntax import BODIES, COMPOUND, SCOPES, is_block, position_of
from notesense.yielding import point

if TYPE_CHECKING:
    from notesense.rules.base import FileContext


_START = operator.attrgetter("lineno", "col_offset")
_FEW = 16  # statements a located word may stand in to be searched from without counting the others
# every byte that cannot be part of an identifier becomes a space (UTF-8 bytes of non-ASCII letters stay)
_NOT_IDENTIFIER = bytes(b if b >= 0x80 or chr(b).isalnum() or b == 0x5F else 0x20 for b in range(256))
_SLICE = 4096  # characters (whole lines) scanned at a time: a scan holds the GIL, and tells its slice apart


class WordScan:
    """Which of a set of words stand in a file as whole identifiers, and in which slices of it: one
    scan of the text for every learned rule (their gate), which `FileIndex.located` reads again to
    search a word only where it can be. A slice of ASCII lines whose identifiers are not the word
    holds no occurrence of it; a slice with other characters is searched whatever it holds (`，sum`
    in a comment is found by the search, and is no identifier here).

    The text becomes identifiers by bytes, not a regex: the bytes that cannot be in an identifier
    become spaces and the rest is split, a table lookup and a split in C at about half the cost of a
    regex `findall`; each piece is looked up in the words wanted, never stored (a set of all the
    file's identifiers, with its growth and its duplicates compared, cost as much again)."""

    def __init__(self, source: str, wanted: frozenset[bytes]) -> None:
        self.source = source
        self.wanted = wanted
        self._starts: list[int] = []  # where each slice begins, and the end of the text
        self._mixed: list[int] = []  # the slices that are not ASCII
        where: dict[bytes, list[int]] = {}
        for k, (start, text) in enumerate(slices(source)):
            self._starts.append(start)
            if text.isascii():
                data = text.encode("ascii")
            else:
                self._mixed.append(k)
                data = text.encode("utf-8", "surrogatepass")
            for word in wanted.intersection(data.translate(_NOT_IDENTIFIER).split()):
                where.setdefault(word, []).append(k)
        self._starts.append(len(source))
        self._where = where
        self.present = frozenset(where)

    def ranges(self, word: str) -> list[tuple[int, int]] | None:
        """The [start, end) offsets of the text that can hold `word` as a whole identifier, adjacent
        slices joined; None for a word not scanned for (then the whole text can)."""
        key = word.encode("utf-8", "surrogatepass")
        if key not in self.wanted:
            return None
        found = self._where.get(key, [])
        if self._mixed:
            found = sorted({*found, *self._mixed})
        ranges: list[tuple[int, int]] = []
        for k in found:
            start, end = self._starts[k], self._starts[k + 1]
            if ranges and ranges[-1][1] == start:
                ranges[-1] = (ranges[-1][0], end)
            else:
                ranges.append((start, end))
        return ranges


def slices(source: str) -> Iterator[tuple[int, str]]:
    """`source` a slice of whole lines at a time (at least `_SLICE` characters but the last), with
    where each begins: no word is cut, and one scan of a 50,000-line file does not hold the GIL for
    milliseconds, which a hover waiting on the server's loop would wait out."""
    start, size = 0, len(source)
    while start < size:
        end = source.find("\n", start + _SLICE)
        end = size if end < 0 else end + 1
        yield start, source[start:end]
        start = end


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
        self.scan: WordScan | None = None  # the learned rules' gate of this text, when it was scanned
        self._place: dict[int, tuple[list[ast.stmt], int]] | None = None
        self._owner: dict[int, ast.stmt] | None = None
        self._heads: list[ast.AST] | None = None
        self._head_starts: list[tuple[int, int]] = []
        self._head_ends: list[int] = []
        self._head_lines: list[tuple[int, int]] = []
        self._head_tails: dict[int, dict[str, list[ast.AST]]] = {}
        self._located: dict[str, tuple[list[ast.stmt], list[int]]] = {}
        self._written: dict[str, dict[int, ast.AST]] = {}  # see `written`
        self.canonical: frozenset[str] = frozenset()  # the canonical names the rules ask `written` about
        self._rests: dict[tuple[str, frozenset[str]], tuple[str, ...]] = {}  # see `_rests_under`
        self._chain_offsets: dict[tuple[str, tuple[str, ...]], dict[str, list[int]]] = {}  # see `_chains`
        self._counts: dict[str, int] = {}
        self._locals: dict[str, list[str]] | None = None  # canonical name -> the local names imports give it
        self._spellings: dict[str, list[str]] = {}  # see `spellings`
        self._near: dict[tuple[str, type], list[ast.AST]] = {}
        self._units_near: dict[str, list[ast.stmt]] = {}
        self._walked: dict[int, list[ast.AST]] = {}
        self._parents: dict[int, tuple[ast.AST, str]] | None = None
        self._tails: dict[tuple[frozenset[str], frozenset[frozenset[str]]], list[ast.AST]] = {}
        self._spans: dict[int, tuple[tuple[int, int], tuple[int, int], int]] = {}  # see `_span`
        self._on_line: dict[int, list[ast.stmt]] = {}
        self._spans_on: dict[int, list[tuple[ast.stmt, tuple[int, int], tuple[int, int], int]]] = {}  # line -> `_span`s
        self._qualnames: dict[int, tuple[ast.expr, str | None]] = {}
        self._non_ascii_lines: list[tuple[int, str]] | None = None
        self._ascii: bool | None = None
        self._nfkc_lines: list[tuple[int, str]] | None = None

    @property
    def place(self) -> dict[int, tuple[list[ast.stmt], int]]:
        """id(statement) -> (the statement list it stands in, its index there), from the model's blocks."""
        if self._place is None:
            place: dict[int, tuple[list[ast.stmt], int]] = {}
            for body, _ in self.ctx.semantic.blocks:  # the pairs made in C: a file has thousands of statements
                place.update(zip(map(id, body), zip(itertools.repeat(body), itertools.count())))
            self._place = place
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
        found = self._spellings.get(dotted)
        if found is None:  # once per name and file: each rule rooted at it asks
            if self._locals is None:
                self._locals = {}
                for local, target in self.ctx.imports.names.items():
                    self._locals.setdefault(target, []).append(local)
            found = self._spellings[dotted] = sorted({dotted.rpartition(".")[2], *self._locals.get(dotted, ())})
        return found

    def located(self, word: str) -> tuple[list[ast.stmt], list[int]]:
        """The statements whose own code holds `word` (as a whole identifier), from the semantic
        model's line index (`statements_on`) at each place the word stands, kept when their own code
        covers that place (the search goes on after the end of a simple statement found: a word
        written many times in one statement is looked up once); and the lines of the occurrences no
        statement's own code holds — an `except` or `case` header — which the heads index
        (`_heads_at`) places. An occurrence in a comment is no code: skipped, with the rest of its line."""
        done = self._located.get(word)
        if done is None:
            source = self.ctx.source
            ranges = self._ranges(word)
            search = _finder(word).search

            def find(pos: int, end: int) -> tuple[int, int] | None:
                match = search(source, pos, end)
                return None if match is None else match.span()

            done = self._located[word] = self._search(find, ranges)
        return done

    def _ranges(self, word: str | None) -> list[tuple[int, int]] | None:
        """Where in the text to look for `word`: the learned rules' gate's ranges of it (when the gate
        scanned this text), within the context's region (a large document's part); None: everywhere."""
        source = self.ctx.source
        ranges = self.scan.ranges(word) if word is not None and self.scan is not None and self.scan.source is source else None
        region = self.ctx.region
        if region is None:
            return ranges
        lo, hi = region
        if ranges is None:
            return [region]
        return [(max(a, lo), min(b, hi)) for a, b in ranges if a < hi and b > lo]

    def _search(self, find: Callable[[int, int], tuple[int, int] | None],
                ranges: list[tuple[int, int]] | None) -> tuple[list[ast.stmt], list[int]]:
        """`located`'s answer for what `find(pos, end)` finds (the first occurrence's span in
        [pos, end), or None), in `ranges` of the text, else all of it."""
        source = self.ctx.source
        starts = self.ctx.doc.line_starts
        texts = self.ctx.doc.lines
        ascii_source = source.isascii()
        found: dict[int, ast.stmt] = {}
        other: list[int] = []
        after = 0
        spans_on = self._spans_on
        for lo, hi in ranges if ranges is not None else [(0, len(source))]:
            match = find(max(lo, after), hi) if after < hi else None
            while match is not None:
                point()  # a word written a thousand times in a long file: the server's requests go first
                at, after = match
                line = bisect.bisect_right(starts, at)
                col = at - starts[line - 1]
                if not ascii_source and not texts[line - 1].isascii():
                    col = len(texts[line - 1][:col].encode("utf-8", "surrogatepass"))
                position = (line, col)
                owned = False
                on_line = spans_on.get(line)
                if on_line is None:
                    on_line = spans_on[line] = [(stmt, *self._span(stmt)) for stmt in self._statements_on(line)]
                for stmt, start, stop, end in on_line:
                    if start <= position < stop:
                        owned = True
                        found[id(stmt)] = stmt
                        after = max(after, end)
                if not owned:
                    if _in_comment(texts[line - 1], col):  # nothing after it on the line is code
                        after = max(after, starts[line] if line < len(starts) else len(source))
                    else:
                        other.append(line)
                match = find(after, hi) if after < hi else None
        return list(found.values()), sorted(set(other))

    def written(self, dotted: str) -> dict[int, ast.AST] | None:
        """The statements, `except` and `case` headers whose own code writes canonical `dotted` as
        this file can: a name one of its imports binds (at any depth: `SemanticModel.imported`),
        then the rest of the name, `.`-joined (`np.linalg.norm`, `la.norm`, `norm`). A node whose
        canonical name is `dotted` is written so (`FileContext.qualname` resolves a name through an
        import only), and a common last name (`array`, `int`) is written far more often than the
        file's spelling of the canonical one. None when the text is not as Python reads its
        identifiers (NFKC): then the words tell (`by_tail`)."""
        if not self._is_normalised():
            return None
        heads = self._written.get(dotted)
        if heads is None:
            heads = self._written[dotted] = {}
            for local, target in dict.fromkeys(self.ctx.semantic.imported):  # each pair once, in order
                if local is None or not (dotted == target or dotted.startswith(target + ".")):
                    continue
                if dotted == target:
                    stmts, lines = self.located(local)
                else:
                    rest = dotted[len(target):]
                    rests = self._rests_under(target) if dotted in self.canonical else (rest,)
                    offsets = self._chains(local, rests).get(rest, [])

                    def find(pos: int, end: int, offsets: list[int] = offsets, width: int = len(local)) -> tuple[int, int] | None:
                        k = bisect.bisect_left(offsets, pos)
                        return (offsets[k], offsets[k] + width) if k < len(offsets) and offsets[k] < end else None

                    stmts, lines = self._search(find, self._ranges(None))
                heads.update((id(head), head) for head in stmts)
                for line in lines:
                    heads.update((id(head), head) for head in self._heads_at(line))
        return heads

    def _statements_on(self, line: int) -> list[ast.stmt]:
        """The model's `statements_on(line)`, once per line: the words of many rules stand on it."""
        on_line = self._on_line.get(line)
        if on_line is None:
            on_line = self._on_line[line] = self.ctx.semantic.statements_on(line)
        return on_line

    def _span(self, stmt: ast.stmt) -> tuple[tuple[int, int], tuple[int, int], int]:
        """Where a statement's own code starts and stops (`_owns`), and the code-point offset of a
        simple statement's end (-1 for a compound one), once per statement however many words hit it."""
        span = self._spans.get(id(stmt))
        if span is None:
            block = _block_start(stmt)
            if block is not None:
                span = (_text_start(stmt), block, -1)
            else:
                stop = (stmt.end_lineno or stmt.lineno, stmt.end_col_offset or 0)
                span = (_text_start(stmt), stop, self._offset(*stop) if type(stmt) not in COMPOUND else -1)
            self._spans[id(stmt)] = span
        return span

    def _offset(self, line: int, byte_col: int) -> int:
        """The code-point offset in the source of an AST position (a UTF-8 column)."""
        if self._ascii is None:
            self._ascii = self.ctx.source.isascii()
        if self._ascii:
            return self.ctx.doc.line_starts[line - 1] + byte_col
        return self.ctx.offset(line, self.ctx.col(line, byte_col))

    def _owns(self, stmt: ast.stmt, position: tuple[int, int]) -> bool:
        """Whether `position` is in the statement's own code (a compound statement's: before its first block)."""
        start, stop, _ = self._span(stmt)
        return start <= position < stop

    def qualname(self, node: ast.expr) -> str | None:
        """`FileContext.qualname`, once per node: the rules that start at one canonical name (a hundred
        `torch.ones(...)` patterns) each ask it about the same nodes."""
        entry = self._qualnames.get(id(node))
        if entry is None or entry[0] is not node:
            entry = self._qualnames[id(node)] = (node, self.ctx.qualname(node))
        return entry[1]

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

    def near(self, words: Sequence[str], kind: type) -> list[ast.AST]:
        """The nodes of type `kind` of the statements whose own lines hold one of `words` (the
        statements too), in document order: only those a pattern rooted at a `kind` can start at
        are put in order."""
        key = ("\0".join(sorted(words)), kind)
        nodes = self._near.get(key)
        if nodes is None:
            nodes = [node for unit in self.statements_near(words) for node in self._own_nodes(unit) if type(node) is kind]
            nodes.sort(key=position_of)
            self._near[key] = nodes
        return nodes

    def opens(self, tails: frozenset[str], bracket: str) -> bool:
        """Whether the text may call a name ending in one of `tails` with a first argument that opens
        with `bracket` (`[`, `{`): the name, what may stand between it and the call's `(` (gaps, the
        closing brackets of a parenthesised callee), the `(`, then gaps and opening parentheses (a
        parenthesised argument) before the bracket. Searched where the word can stand (`_ranges`);
        yes when the text is not as Python reads its identifiers (NFKC): then the words do not tell."""
        if not self._is_normalised():
            return True
        source = self.ctx.source
        for word in tails:
            search = _opened(word, bracket).search
            ranges = self._ranges(word)
            if ranges is None:
                ranges = [(0, len(source))]
            elif not ranges:
                continue
            k = 0
            found = search(source, ranges[0][0])  # no end given: a gap may reach past a range's last line
            while found is not None:
                at = found.start()
                while k < len(ranges) and ranges[k][1] <= at:
                    k += 1
                if k == len(ranges):
                    break
                if ranges[k][0] <= at:
                    return True
                found = search(source, ranges[k][0])
        return False

    def by_tail(self, tails: frozenset[str], needs: frozenset[frozenset[str]] = frozenset(),
                canonical: frozenset[str] = frozenset()) -> list[ast.AST]:
        """The names, attributes and calls whose last name (a name's, an attribute's, a call's callee's)
        is one of `tails`, in document order. Such a node's last name is written where the word
        stands, so only the statements (and `except`/`case` headers) whose own code holds one of its
        occurrences are walked, each at most once per file however many rules ask.

        `needs`: the words a match's own code must also hold (one word of each set: `ones` for
        `torch.ones(...).view(1)`, with the file's names for a canonical one). The statements are then
        found from the rarest set, and only those whose text holds the others are walked: a common
        last name (`view`) costs what its rarest companion costs.

        `canonical`: the canonical names a match writes (`numpy.array` in `numpy.array($A)`): only the
        statements that write each the file's way (`written`) are walked, not every one that holds
        the word `array`; their text is not searched for `needs` (a node whose last name is a tail
        holds it), since the rules rooted at one name share their walks."""
        key = (tails, needs, canonical)
        nodes = self._tails.get(key)
        if nodes is None:
            heads = self._writing(canonical) if canonical else None
            if heads is None and len(needs) > 1 and self._is_normalised():
                heads = {k: head for k, head in self._heads_of(self._rarest(needs)).items()
                         if all(any(w in text for w in words) for text in [self._own_text(head)] if text is not None
                                for words in needs)}
            if heads is None:
                heads = self._heads_of(tails)
            if len(tails) == 1:
                [tail] = tails
                nodes = [n for head in heads.values() for n in self._tails_in(head).get(tail, ())]
            else:
                nodes = [n for head in heads.values() for tail, found in self._tails_in(head).items() if tail in tails
                         for n in found]
            nodes.sort(key=_START)  # names, attributes and calls: every one has a position
            self._tails[key] = nodes
        return nodes

    def _rests_under(self, target: str) -> tuple[str, ...]:
        """What follows `target` in the `canonical` names under it (`.linalg.norm` under `numpy`)."""
        key = (target, self.canonical)
        found = self._rests.get(key)
        if found is None:
            found = self._rests[key] = tuple(sorted(d[len(target):] for d in self.canonical if d.startswith(target + ".")))
        return found

    def _chains(self, local: str, rests: tuple[str, ...]) -> dict[str, list[int]]:
        """Where the text writes `local` followed by one of `rests` (`.array`, `.linalg.norm`), and
        so every shorter chain of them (`.linalg`), with the offsets `local` begins at: one search
        of the text per name and set of rests, however many canonical names are asked about."""
        key = (local, rests)
        chains = self._chain_offsets.get(key)
        if chains is None:
            chains = self._chain_offsets[key] = {}
            lo, hi = self.ctx.region or (0, len(self.ctx.source))
            for match in _chain(local, rests).finditer(self.ctx.source, lo, hi):
                rest = match.group(1)
                if not _PLAIN_REST.fullmatch(rest):
                    rest = _BETWEEN_NAMES.sub("", rest)
                at = match.start()
                cut = rest.find(".", 1)
                while cut > 0:
                    chains.setdefault(rest[:cut], []).append(at)
                    cut = rest.find(".", cut + 1)
                chains.setdefault(rest, []).append(at)
        return chains

    def _writing(self, canonical: frozenset[str]) -> dict[int, ast.AST] | None:
        """The heads that write every one of `canonical` (`written`), or None when the text cannot tell."""
        found = [self.written(dotted) for dotted in sorted(canonical)]
        if any(heads is None for heads in found):
            return None
        if len(found) == 1:
            return found[0]
        first, *others = sorted(found, key=len)  # type: ignore[arg-type]
        return {k: head for k, head in first.items() if all(k in heads for heads in others)}  # type: ignore[union-attr]

    def _rarest(self, needs: frozenset[frozenset[str]]) -> frozenset[str]:
        """The set of `needs` written least often. A set whose words were located already (by another
        rule, or by this rule's statement form: `torch.ones` for `$T = torch.ones(...)` … `$T.view`)
        is taken when it holds few statements, without counting the others over the whole text."""
        located = [words for words in needs if all(w in self._located for w in words)]
        if located:
            best = min(located, key=lambda words: sum(len(self._located[w][0]) + len(self._located[w][1]) for w in words))
            if sum(len(self._located[w][0]) + len(self._located[w][1]) for w in best) <= _FEW:
                return best
        return min(needs, key=lambda words: sum(map(self._count, words)))

    def _count(self, word: str) -> int:
        """How often `word` is written in the file (as any text; in the slices where the scan saw it,
        when it did: the others hold no identifier of it), once per file: many rules share a word."""
        count = self._counts.get(word)
        if count is None:
            source = self.ctx.source
            ranges = self._ranges(word)
            count = sum(source.count(word, lo, hi) for lo, hi in ranges) if ranges is not None else source.count(word)
            self._counts[word] = count
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
        if isinstance(head, ast.stmt):
            start, stop, _ = self._span(head)
        else:  # an `except` header: up to its body
            start, stop = (head.lineno, head.col_offset), (head.body[0].lineno, head.body[0].col_offset)  # type: ignore[attr-defined]
        return self.ctx.source[self._offset(*start):self._offset(*stop)]

    def _tails_in(self, head: ast.AST) -> dict[str, list[ast.AST]]:
        """The nodes of a head's own code that have a last name, by that name."""
        found = self._head_tails.get(id(head))
        if found is None:
            point()
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
        if self._nfkc_lines is None:  # once per file, not once per word
            self._nfkc_lines = [(line, unicodedata.normalize("NFKC", text)) for line, text in self._non_ascii()]
        spelled = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
        extra = [line for line, text in self._nfkc_lines if spelled.search(text)]
        return sorted({*lines, *extra})

    def _non_ascii(self) -> list[tuple[int, str]]:
        """The lines (1-based) that are not ASCII, with their text: an ASCII line is already normalised."""
        if self._non_ascii_lines is None:  # each line tested in C (`map`, `compress`): most lines are ASCII
            lines = self.ctx.doc.lines
            numbers = itertools.compress(itertools.count(1), map(operator.not_, map(str.isascii, lines)))
            self._non_ascii_lines = [(line, lines[line - 1]) for line in numbers]
        return self._non_ascii_lines

    def _is_normalised(self) -> bool:
        """Whether the file's text is as Python reads its identifiers (`FileContext.normalised`): then
        a word is written the way the tree names it."""
        return self.ctx.normalised

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
        rows.sort(key=operator.itemgetter(0))
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
        on_line = self._statements_on(position[0])
        owners = [stmt for stmt in on_line if self._owns(stmt, position)]
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
    """`word` as a whole identifier: neither followed nor preceded by an identifier character. The
    word comes first, a literal prefix, so the regex engine searches for it as fast as `str.find`;
    the character before it is tested after it (a lookbehind over the word), inside the engine: a
    word that ends many others (`t`, `array` in `ndarray`) costs no step in Python per such end."""
    word = re.escape(word)
    return re.compile(rf"{word}(?!\w)(?<!\w{word})")


# what may stand between two tokens of a dotted name: white space (line breaks inside brackets), a
# line continuation, a comment (to its line's end); each text has one reading, so a failed search
# does not backtrack over the ways of splitting it
_GAP = r"(?:\s|\\[\r\n]|#[^\r\n]*(?![^\r\n]))"


@functools.lru_cache(maxsize=256)
def _opened(word: str, bracket: str) -> re.Pattern[str]:
    """`word` as a whole identifier called with a first argument that opens with `bracket` (see
    `FileIndex.opens`); the word first, a literal prefix (see `_finder`)."""
    name = re.escape(word)
    return re.compile(rf"{name}(?!\w)(?<!\w{name})(?:{_GAP}|\))*\((?:{_GAP}|\()*{re.escape(bracket)}")


_PLAIN_REST = re.compile(r"(?:\.\w+)+")
_BETWEEN_NAMES = re.compile(r"#[^\r\n]*|[\s\\)]")  # what `_chain` lets stand between the names


@functools.lru_cache(maxsize=1024)
def _chain(local: str, rests: tuple[str, ...]) -> re.Pattern[str]:
    """`local` followed by one of `rests` as Python may write it (group 1: from the first dot):
    gaps between the tokens, and the closing brackets of a parenthesised head before a dot
    (`(np).array`). The name comes first, a literal prefix (see `_finder`); a longer rest is tried
    before one it extends (`.linalg.norm` before `.linalg`), and a name the rests do not hold
    (`np.testing`) fails inside the regex engine."""
    name = re.escape(local)
    between = rf"(?:{_GAP}|\))*\.{_GAP}*"
    spelled = [between.join(map(re.escape, rest[1:].split("."))) for rest in sorted(rests, key=lambda r: (-r.count("."), r))]
    return re.compile(rf"{name}(?<!\w{name})({between}(?:{'|'.join(spelled)})(?!\w))")


def _block_start(stmt: ast.stmt) -> tuple[int, int] | None:
    """Where a compound statement's first inner statement, handler or case begins (a decorator
    included): its own code ends there. None for a simple statement."""
    if type(stmt) not in COMPOUND:
        return None
    starts = [_text_start(body[0]) for name in BODIES if (body := getattr(stmt, name, None))]
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
