"""A parse that tolerates the line being typed: the statements around a broken one are still analysed.

While a line is being written (`y = torch.`, an unclosed bracket, `if x:` with no body yet) the file
does not parse, and a linter that needs a tree goes silent on the whole file. Here the broken
statement is cut out at statement boundaries — its lines blanked, its first line replaced by `pass`
at the same indentation, so the block structure around it stays valid — and its batch of top-level
statements is parsed again. CPython reports the first error precisely (the unclosed bracket's line,
the header whose block is missing), so one or two rounds are the rule; a region whose repair does not
take grows to the enclosing statement, and after `MAX_ROUNDS` the batch is cut into top-level
statements and only those that do not parse alone are blanked.

The regions are kept (`Recovered.broken`) with the names their text could bind, so the semantic
model can treat each as "anything may have happened here to these names" and never carry a guess
across it. Chosen over parso's error-recovering tree (installed with jedi): parso is pure Python,
several times slower than `ast.parse` on every version, and its tree is not the `ast` every
consumer here reads.
"""

from __future__ import annotations

import ast
import dataclasses
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from notesense.collector import paused
from notesense.lines import LINE_END
from notesense.yielding import brief_point

MAX_ROUNDS = 6
CHUNK_ROUNDS = 3
_PARSE_ERRORS = (SyntaxError, ValueError, RecursionError, MemoryError, SystemError)

_MISSING_BLOCK = re.compile(r"expected an indented block after .* on line (\d+)")
_TARGETS = re.compile(
    r"^\s*(?:async\s+)?(?:(?P<def>def|class)\s+(?P<defname>[A-Za-z_]\w*)"
    r"|(?P<assign>[A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*)\s*(?:[-+*/%@&|^]|//|\*\*|>>|<<)?=(?!=))"
)
_FOR = re.compile(r"\bfor\s+([\w\s,.()]+?)\s+in\b")
_AS = re.compile(r"\bas\s+([A-Za-z_]\w*)")
_WALRUS = re.compile(r"([A-Za-z_]\w*)\s*:=")
_IMPORTED = re.compile(r"^\s*(?:from\s+\S+\s+)?import\s+(.*)")
_NAME = re.compile(r"[A-Za-z_][\w.]*")
_CLOSERS = (")", "]", "}")
_CONTINUATION_KEYWORDS = ("else", "elif", "except", "finally", "case")


BATCH_LINES = 500  # a batch is parsed in one call, holding the GIL; other threads run between batches
# A file parsed by a thread alone (`notesense lint`) has no one to let in between batches, and each
# batch gets its line numbers from one blank line per line above it (500-line batches: a 32,000-line
# file's parse read a million blank lines, ~290 M instructions, its only cost growing faster than its
# length). Alone, a batch is parsed in one call and takes a quarter of the lines above it too: the
# blank lines stay within a few times the file's length, however long it is.
ALONE_BATCH_LINES = 2_000
ALONE_GROWTH = 0.25


@dataclass(frozen=True)
class Batch:
    """Consecutive top-level statements parsed together: `start` is the 0-based first line."""

    start: int
    text: str
    body: list[ast.stmt]
    regions: tuple[tuple[int, int], ...] = ()
    error: SyntaxError | None = None


@dataclass(frozen=True)
class Recovered:
    """A tree for a source that may not parse. `broken` maps the first line (1-based) of each region
    that was cut out to the names (and `self.attr` targets) its text could bind; `regions` are those
    regions as inclusive line ranges; `error` is the source's first syntax error (None when it parsed)."""

    tree: ast.Module
    broken: dict[int, frozenset[str]] = field(default_factory=dict)
    regions: tuple[tuple[int, int], ...] = ()
    error: SyntaxError | None = None
    batches: tuple[Batch, ...] = ()


def recover(source: str, lines: list[str] | None = None, previous: Recovered | None = None,
            alone: bool = False) -> Recovered | None:
    """The tree of `source`, repaired around broken statements; None when nothing can be saved (nesting
    too deep for the parser, a repair that does not converge).

    The source is parsed in batches of top-level statements (`BATCH_LINES` lines or more), each
    with its own line numbers: a thread waiting for the GIL gets it between batches, a broken
    statement costs a re-parse of its batch only, and the batches of `previous` (the last version)
    whose text and position did not change are reused as they are. `alone`: no other thread waits
    (the batch linter): larger batches, each parsed in one call (`ALONE_BATCH_LINES`)."""
    with paused():
        return _recover(source, lines, previous, alone)


def _recover(source: str, lines: list[str] | None, previous: Recovered | None, alone: bool) -> Recovered | None:
    lines = list(lines) if lines is not None else LINE_END.split(source)
    reuse = {(b.start, b.text): b for b in previous.batches} if previous is not None else {}
    sizes = (ALONE_BATCH_LINES, None, ALONE_GROWTH) if alone else (BATCH_LINES, BATCH_LINES, 0.0)
    batches = list(iter_batches(lines, reuse, *sizes))
    if not all(batches):
        return None
    body = [stmt for b in batches for stmt in b.body]
    regions = tuple(r for b in batches for r in b.regions)
    error = next((b.error for b in batches if b.error is not None), None)
    return Recovered(ast.Module(body=body, type_ignores=[]), broken_names(lines, regions), regions, error, tuple(batches))


def broken_names(lines: list[str], regions: Iterable[tuple[int, int]]) -> dict[int, frozenset[str]]:
    """First line of each cut-out region → the names its text could bind."""
    return {start: frozenset(bound_names(lines[start - 1:end])) for start, end in regions}


def iter_batches(lines: list[str], reuse: Mapping[tuple[int, str], Batch], size: int = BATCH_LINES,
                 parse_lines: int | None = BATCH_LINES, grow: float = 0.0,
                 moved: Mapping[str, Batch] | None = None,
                 spans: list[tuple[int, int]] | None = None) -> Iterator[Batch | None]:
    """The batches of `lines` (`size` lines or more, and `grow` times the lines above) one at a time,
    each parsed (`parse_lines` at a time, None: in one call) or repaired as it is reached, or taken
    from `reuse` when its place and text are unchanged; None (and the end) when one cannot be saved.
    A caller that keeps only part of each batch holds one batch's tree at a time.

    `moved`: batches of the last version by text, taken wherever they begin now (lines were inserted
    or deleted above them), with `start` set to their new place; a span is cut where one begins, so
    one edited batch does not shift the cuts of all that follow it. Their trees are not moved: only a
    caller that keeps no tree of a reused batch passes them (`analysis.parts`). `spans`: the cuts, when
    the caller made them (`batch_spans`: a process that parses only some of a large file's parts)."""
    spans = list(spans) if spans is not None else batch_spans(lines, size, grow, moved)
    i = 0
    merged_for: tuple[int | None, str | None] | None = None
    while i < len(spans):
        start, end = spans[i]
        text = "\n".join(lines[start:end])
        batch = reuse.get((start, text))
        if batch is None and moved and text in moved:
            batch = dataclasses.replace(moved[text], start=start)
        if batch is None:
            brief_point()  # a completion answered on the server's loop goes first (`yielding`)
            try:
                batch = Batch(start, text, _parse_unit(lines, start, end, parse_lines=parse_lines))
            except SyntaxError as exc:
                exc.__traceback__ = None  # kept with the result: no frames (and their locals) kept alive
                if i + 1 < len(spans) and _split_inside(exc, end, merged_for):
                    spans[i:i + 2] = [(start, spans[i + 1][1])]  # cut inside a string or bracket: parse together
                    merged_for = (exc.lineno, exc.msg)
                    continue
                batch = _repair(lines[start:end], start, exc)
            except _PARSE_ERRORS:
                batch = None
        yield batch
        if batch is None:
            return
        i += 1
        merged_for = None


def batch_spans(lines: list[str], size: int, grow: float = 0.0, moved: Mapping[str, Batch] | None = None) -> list[tuple[int, int]]:
    """The [start, end) spans `iter_batches` cuts `lines` in (a span a parse finds cut inside a string
    is joined with the next one then)."""
    return _batches(lines, size, grow, _anchors(moved) if moved else None)


def parse_batch(lines: list[str], start: int, end: int) -> Batch | None:
    """The lines [start, end) of a file parsed (or repaired) as one batch, with the file's line numbers
    (`BATCH_LINES` at a time, as `iter_batches` does: a part of a large file is one batch)."""
    text = "\n".join(lines[start:end])
    with paused():
        try:
            return Batch(start, text, _parse_unit(lines, start, end))
        except SyntaxError as exc:
            exc.__traceback__ = None
            return _repair(lines[start:end], start, exc)
        except _PARSE_ERRORS:
            return None


def _parse_unit(lines: list[str], start: int, end: int, offset: int = 0,
                parse_lines: int | None = BATCH_LINES) -> list[ast.stmt]:
    """The statements of lines [start, end) (line `i` is the file's line `offset + i`), parsed
    `parse_lines` at a time however long the unit is (the GIL is held for one call at a time; None:
    in one call); raises the unit's first SyntaxError."""
    spans = [(start, end)] if parse_lines is None else [(start + a, start + b) for a, b in _batches(lines[start:end], parse_lines)]
    body: list[ast.stmt] = []
    i = 0
    merged_for: tuple[int | None, str | None] | None = None
    while i < len(spans):
        a, b = spans[i]
        try:
            body.extend(_parse("\n".join(lines[a:b]), offset + a).body)
        except SyntaxError as exc:
            if i + 1 < len(spans) and _split_inside(exc, offset + b, merged_for):
                spans[i:i + 2] = [(a, spans[i + 1][1])]
                merged_for = (exc.lineno, exc.msg)
                continue
            raise
        i += 1
        merged_for = None
    return body


def _parse(text: str, offset: int) -> ast.Module:
    """Parse lines that start at 0-based line `offset` of the file, with the file's line numbers."""
    return ast.parse("\n" * offset + text)


def _batches(lines: list[str], size: int, grow: float = 0.0,
             anchors: Mapping[str, list[tuple[int, str, str]]] | None = None) -> list[tuple[int, int]]:
    """[start, end) line spans of at least `size` lines (and `grow` times the lines before the span),
    cut where a top-level statement starts (and the code line before it neither decorates nor
    continues into it). Only lines that far past the last cut are looked at: most files are one span,
    found without reading a line. `anchors` (the last version's spans by first line, `_anchors`): a
    span that begins where one of their texts stands is that text, and a span ends early where one
    begins."""
    if anchors:
        return _anchored_batches(lines, size, anchors)
    spans: list[tuple[int, int]] = []
    start = 0
    i = size
    while i < len(lines):
        if _cut_at(lines, i):
            spans.append((start, i))
            start = i
            i += max(size, int(start * grow))
        else:
            i += 1
    spans.append((start, len(lines)))
    return spans


def _anchors(batches: Mapping[str, Batch]) -> dict[str, list[tuple[int, str, str]]]:
    """First line → (line count, last line, text) of each batch: where a span may be recognised again."""
    found: dict[str, list[tuple[int, str, str]]] = {}
    for text in batches:
        found.setdefault(text.split("\n", 1)[0], []).append((text.count("\n") + 1, text.rsplit("\n", 1)[-1], text))
    return found


def _anchored_batches(lines: list[str], size: int, anchors: Mapping[str, list[tuple[int, str, str]]]) -> list[tuple[int, int]]:
    """`_batches` (no growth) that re-finds the spans of the last version wherever they now stand: a
    span that is not one of them ends where the next one begins, if that is within twice `size` (an
    edited span that grew or shrank a little stays one span), else as `_batches` cuts it."""
    spans: list[tuple[int, int]] = []
    start = 0
    count = len(lines)
    while start < count:
        end = _anchor_at(lines, start, anchors)
        if end is None:
            end = next((i for i in range(start + 1, min(count, start + 2 * size)) if lines[i] in anchors
                        and _cut_at(lines, i) and _anchor_at(lines, i, anchors) is not None), None)
        if end is None:
            end = next((i for i in range(start + size, count) if _cut_at(lines, i)), count)
        spans.append((start, end))
        start = end
    return spans or [(0, count)]


def _anchor_at(lines: list[str], start: int, anchors: Mapping[str, list[tuple[int, str, str]]]) -> int | None:
    """The end of a span of the last version whose text begins at `start` and can be cut after."""
    for length, last, text in anchors.get(lines[start], ()):
        end = start + length
        if (end <= len(lines) and lines[end - 1] == last and (end == len(lines) or _cut_at(lines, end))
                and "\n".join(lines[start:end]) == text):  # the join last: it copies the whole span
            return end
    return None


def _cut_at(lines: list[str], i: int) -> bool:
    """A top-level statement starts on line `i` and the code line before it does not run into it."""
    return _starts_chunk(lines[i]) and not _continued(_code_before(lines, i))


def _code_before(lines: list[str], i: int) -> str:
    """The last line before `i` that is neither blank nor a comment, right-stripped ("" if none)."""
    for j in range(i - 1, -1, -1):
        text = lines[j]
        stripped = text.strip()
        if stripped and not stripped.startswith("#"):
            return text.rstrip()
    return ""


def _continued(previous: str) -> bool:
    return previous.startswith("@") or previous.endswith(("\\", ",", "(", "[", "{"))


def _split_inside(error: SyntaxError, end: int, merged_for: tuple[int | None, str | None] | None) -> bool:
    """A batch cut inside a multi-line string or bracket fails at its end, or says so — unless joining
    it to the next one (`merged_for`: the error that did) left the same error: then the bracket or
    string is really unclosed (a line being typed), and joining on would parse the rest of the file in
    one call."""
    msg = error.msg or ""
    if merged_for == (error.lineno, error.msg):
        return False
    return "never closed" in msg or "unterminated triple-quoted" in msg or (error.lineno or 0) >= end


def _repair(lines: list[str], offset: int, first: SyntaxError) -> Batch | None:
    """Cut broken statements out of one batch (lines from 0-based `offset`) until it parses: a region
    grows when its cut does not take, and after `MAX_ROUNDS` each top-level statement that does not
    parse alone is cut out."""
    regions: list[tuple[int, int]] = []  # 1-based, within the batch
    error = _local(first, offset)
    for _ in range(MAX_ROUNDS):
        region = _region(lines, error, regions)
        if region is None:
            break
        _merge(regions, region)
        blanked = _blanked(lines, regions)
        try:
            body = _parse_unit(blanked, 0, len(blanked), offset)
        except SyntaxError as exc:
            error = _local(exc, offset)
            continue
        except _PARSE_ERRORS:
            return None
        return _batch(lines, offset, body, regions, first)
    return _by_chunks(lines, offset, first)


def _local(error: SyntaxError, offset: int) -> SyntaxError:
    """The error with line numbers counted from the batch's first line (its message kept)."""
    msg = error.msg or ""
    if m := _MISSING_BLOCK.search(msg):
        msg = msg.replace(f"on line {m[1]}", f"on line {int(m[1]) - offset}")
    line = (error.lineno or 1) - offset
    return SyntaxError(msg, (error.filename, line, error.offset, error.text, (error.end_lineno or line + offset) - offset,
                             error.end_offset))


def _batch(lines: list[str], offset: int, body: list[ast.stmt], regions: list[tuple[int, int]], error: SyntaxError) -> Batch:
    absolute = tuple((a + offset, b + offset) for a, b in regions)
    return Batch(offset, "\n".join(lines), body, absolute, error)


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip())


def _blank_or_comment(text: str) -> bool:
    stripped = text.strip()
    return not stripped or stripped.startswith("#")


def _region(lines: list[str], error: SyntaxError, taken: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The lines to cut out for `error`: its statement (a header whose block is missing; the line of
    an unclosed bracket and what is indented under it), grown when that line was cut out before."""
    line = error.lineno or 0
    if m := _MISSING_BLOCK.search(error.msg or ""):
        line = int(m[1])
    if not 1 <= line <= len(lines):
        line = len(lines)
        while line > 1 and _blank_or_comment(lines[line - 1]):
            line -= 1
        if not lines:
            return None
    start = _statement_start(lines, line)
    end = _statement_end(lines, start, line)
    for a, b in taken:
        if a <= line <= b or a <= start <= b:  # cut out already and still failing: grow to what encloses it
            start, end = _grow(lines, min(a, start), max(b, end))
            if (start, end) == (a, b):
                return None
    return start, end


def _statement_start(lines: list[str], line: int) -> int:
    """Go up over continuation lines: the previous line ends with a backslash, or this line is indented
    deeper than a previous line that opens no block."""
    start = line
    while start > 1:
        prev = start - 1
        while prev >= 1 and _blank_or_comment(lines[prev - 1]):
            prev -= 1
        if prev < 1:
            break
        above = lines[prev - 1].rstrip()
        if above.endswith("\\") or (_indent(lines[start - 1]) > _indent(above) and not above.endswith(":")):
            start = prev
        else:
            break
    return start


def _statement_end(lines: list[str], start: int, line: int) -> int:
    """The last line of the statement starting at `start` that contains `line`: lines indented deeper
    than its first (continuations, or the block of a broken header) and closing-bracket lines."""
    base = _indent(lines[start - 1])
    end = max(start, line)
    i = end + 1
    while i <= len(lines):
        text = lines[i - 1]
        if _blank_or_comment(text):
            i += 1
            continue
        if _indent(text) > base or (_indent(text) == base and text.lstrip().startswith(_CLOSERS)):
            end = i
            i += 1
            continue
        break
    return end


def _grow(lines: list[str], start: int, end: int) -> tuple[int, int]:
    """The statement around lines start..end: up to the previous line indented less, down over what
    is indented under it."""
    base = _indent(lines[start - 1])
    new_start = start
    i = start - 1
    while i >= 1:
        if not _blank_or_comment(lines[i - 1]):
            new_start = i
            if _indent(lines[i - 1]) < base or base == 0:
                break
        i -= 1
    return new_start, max(end, _statement_end(lines, new_start, end))


def _merge(regions: list[tuple[int, int]], region: tuple[int, int]) -> None:
    start, end = region
    kept = [(a, b) for a, b in regions if b < start or a > end]
    for a, b in regions:
        if not (b < start or a > end):
            start, end = min(a, start), max(b, end)
    kept.append((start, end))
    kept.sort()
    regions[:] = kept


def _blanked(lines: list[str], regions: list[tuple[int, int]]) -> list[str]:
    """The lines with each region cut out: its first line `pass` at its indentation, the rest blank."""
    out = list(lines)
    for start, end in regions:
        indent = lines[start - 1][: _indent(lines[start - 1])]
        out[start - 1] = f"{indent}pass"
        for i in range(start, end):
            out[i] = ""
    return out


def _by_chunks(lines: list[str], offset: int, first: SyntaxError) -> Batch | None:
    """Last resort: parse each top-level statement of the batch alone and cut out those that fail."""
    starts = [i for i, text in enumerate(lines, start=1) if _starts_chunk(text)]
    if not starts or starts[0] != 1:
        starts.insert(0, 1)
    regions: list[tuple[int, int]] = []
    for n, start in enumerate(starts):
        end = starts[n + 1] - 1 if n + 1 < len(starts) else len(lines)
        chunk = lines[start - 1:end]
        repaired = _repair_chunk(chunk)
        if repaired is None:
            regions.append((start, end))
        else:
            regions.extend((start + a - 1, start + b - 1) for a, b in repaired)
    regions.sort()
    blanked = _blanked(lines, regions)
    try:
        body = _parse_unit(blanked, 0, len(blanked), offset)
    except _PARSE_ERRORS:
        return None
    return _batch(lines, offset, body, regions, first)


def _starts_chunk(text: str) -> bool:
    if not text or text[0] in " \t#" or text.startswith(_CLOSERS):
        return False
    word = re.match(r"\w+", text)
    return not (word and word[0] in _CONTINUATION_KEYWORDS)


def _repair_chunk(chunk: list[str]) -> list[tuple[int, int]] | None:
    """Regions (chunk-relative) that make one top-level statement parse alone; None if none do."""
    regions: list[tuple[int, int]] = []
    for _ in range(CHUNK_ROUNDS + 1):
        try:
            ast.parse("\n".join(_blanked(chunk, regions)))
            return regions
        except SyntaxError as exc:
            region = _region(chunk, exc, regions)
            if region is None:
                return None
            _merge(regions, region)
        except _PARSE_ERRORS:
            return None
    return None


def bound_names(lines: list[str]) -> set[str]:
    """Names (and `self.attr` targets) the text of a broken region could bind: assignment targets,
    loop, `as` and walrus targets, imports, defs and classes."""
    names: set[str] = set()
    for text in lines:
        if m := _TARGETS.match(text):
            if m["def"]:
                names.add(m["defname"])
            else:
                names.update(n.strip() for n in m["assign"].split(","))
        for m in _FOR.finditer(text):
            names.update(_NAME.findall(m[1]))
        names.update(_AS.findall(text))
        names.update(_WALRUS.findall(text))
        if m := _IMPORTED.match(text):
            for part in m[1].split(","):
                words = part.split()
                if words:
                    names.add(words[-1].split(".")[0].strip("()"))
    return {n for n in names if n}
