"""Reading pitfalls out of a note: which blocks are wrong, which are right, which line fails.

People mark them in many ways, and this module reads them all, in this order of trust:

1. an explicit hint before the block: `<!-- notesense: pitfall=wrong -->` / `pitfall=right`
   (`fix=safe` there or under the heading lets the learned fix be applied without --unsafe-fixes);
2. the lead line right before the block, or the heading when the block opens its section, with a
   marker in any case, Chinese or English: wrong — 错误写法, 错误, 错, 不要, 别这样, 会报错, 报错, ❌,
   旧写法, wrong, bad, don't, before, incorrect, avoid, old, legacy, deprecated; right — 正确写法, 正确, 改成,
   应该, 应改为, 新写法, ✅, right, good, correct, fix, after, instead, do, new (see `marker`: a short label's
   last marker wins, "不要这样写，应该：" is right; prose that merely contains "after" or "right" is not a
   marker);
3. inside the code: a statement with a `# 会报错`, `# 报错`, `# 错误`, `# error`, `# wrong`, `# bad`,
   `# don't` comment (or such a comment on the line above it); `# right`/`# 正确` lines are right;
4. a block followed by the `Traceback … SomethingError:` it printed (or with it pasted inside).

A wrong block is paired with the next right block of its topic (a section, or sibling sections under
`### 错误写法` / `### 正确写法` headings); a wrong block without one becomes a hint without a fix,
pointing at its marked or failing line.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import io
import itertools
import re
import tokenize
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from notesense.analysis.imports import implied_imports
from notesense.compile.learn import Block, learn
from notesense.library.model import Pitfall, PitfallPattern, Source
from notesense.notes.classify import BARE_PROMPT, IPYTHON_PROMPT
from notesense.notes.model import CleanCode, CodeBlock, Note, Section
from notesense.rules.pattern import Pattern, PatternError, compile_rule

WRONG, RIGHT = "wrong", "right"
_CODE_KINDS = ("python", "repl")
_WRONG_WORDS = ["错误写法", "错误示范", "错误", "不要", "别这样", "会报错", "报错", "错", "旧写法", "老写法", "❌", "✗",
                "✘", "🚫", "wrong", "bad", "don't", "don’t", "do not", "before", "incorrect", "avoid", "old",
                "legacy", "deprecated"]
_RIGHT_WORDS = ["正确写法", "正确", "改成", "改为", "应改为", "应该", "推荐", "新写法", "✅", "✓", "✔", "right", "good",
                "correct", "fix", "fixed", "after", "instead", "better", "do", "new"]
# common English words that are a marker only as the label opening a line ("Do:", "Before", "Old way:")
_LABEL_ONLY = frozenset({"do", "before", "after", "fix", "fixed", "good", "bad", "better", "avoid", "old", "new",
                         "legacy", "deprecated"})
# what may follow a label-only word for it to be the label ("Old way:", "After the fix:"), not a topic
# ("Before training:", "New features", "Fix the loader")
_LABEL_REST = re.compile(r"(?:\s+(?:the\s+)?(?:way|version|code|style|api|syntax|spelling|usage|form|examples?|"
                         r"practice|fix|fixing|写法|示例))?\s*(?:$|[:：—–(（-])", re.IGNORECASE)
_INLINE_CODE = re.compile(r"`[^`]*`")
_MARKUP = re.compile(r"[*_#>~\[\]!]+|^\s*[-+]\s+|^\s*\d+\.\s+")
_NOT_WRONG = re.compile(r"不错|不要忘|别忘")  # "not bad" is praise; "don't forget …" asks for something
_LABEL_END = r"(?=\s*(?:$|[:：!！,，.。;；(（—–-]))"  # an English marker is a label: "# wrong: …", not "# error handling"
_COMMENT_WRONG = re.compile(
    r"^#+\s*(?:会报错|报错|错误|错|不要(?!忘)|别这样|❌|✗|✘|"
    rf"(?:wrong|bad|error|don't|don’t|do not|incorrect|raises?|fails?){_LABEL_END}|"
    # the exception the line raises, named as the whole comment: `# AttributeError`, `# -> KeyError!`,
    # `# raises TypeError` (not `# KeyError if the key is missing`, a condition)
    rf"(?:(?:raises?|throws?|->|→|=>)\s*)?(?-i:[A-Z]\w*(?:Error|Exception))\b\W*$)", re.IGNORECASE)
_COMMENT_RIGHT = re.compile(rf"^#+\s*(?:正确|对的|✅|✓|✔|(?:also\s+)?(?:right|good|correct|ok|fixed){_LABEL_END})",
                            re.IGNORECASE)
_TRACEBACK = re.compile(r"Traceback \(most recent call last\)|^\s*\w*(?:Error|Exception)\b.*:", re.MULTILINE)
_ERROR_LINE = re.compile(r"^\s*(?:[\w.]+\.)?(?P<type>\w*(?:Error|Exception))\b\s*:?\s*(?P<message>.*)$")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
# what a traceback alone (no right block, no mark by the author) can teach: errors about how the code
# uses an API, when their message names something the block spells (`Can't call numpy() on Tensor that
# requires grad`, `has no attribute 'ix'`); a ValueError/KeyError/IndexError depends on the data, a
# ConnectionError or FileNotFoundError on the machine, and an exception the note shows on purpose
# (`graphlib.CycleError`) is what the API does
_CODE_ERRORS = frozenset({"AttributeError", "TypeError", "RuntimeError", "ImportError"})
_FRAME = re.compile(r"""(?:File\s+"(?P<file>[^"]*)",\s+line\s+(?P<line>\d+)|Cell\s+In\s*\[\d*\],\s+line\s+(?P<cell>\d+))""")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_REFERENCE = re.compile(r"^(?:参考文献|参考资料|参考|来源|出处|链接|references?|sources?|see also|links?)\s*[:：]", re.I)
_SENTENCE_END = re.compile(r"(?<=[。！？])|(?<=[.!?])\s+|\n\s*\n")  # a semicolon joins clauses of one sentence
_SYMBOLS = re.compile(r"^[\s❌✗✘🚫✅✓✔]+")  # a label's mark opening the sentence the message is taken from
_MAX_LABEL = 30  # a lead line longer than this is prose: only a marker that opens it counts
_BARE_LABEL = 8  # a line ending like a sentence is prose, unless it is about this short ("错误。", "Wrong.")
_SENTENCE_MARKS = ("。", ".", "！", "!", "？", "?", "；", ";")


def _marker_regex() -> re.Pattern[str]:
    parts = []
    for kind, words in (("w", _WRONG_WORDS), ("r", _RIGHT_WORDS)):
        for word in sorted(words, key=len, reverse=True):
            escaped = re.escape(word)
            if word[0].isascii() and word[0].isalpha():
                escaped = rf"(?<![A-Za-z]){escaped}(?![A-Za-z])"
            parts.append(f"(?P<{kind}{len(parts)}>{escaped})")
    return re.compile("|".join(parts), re.IGNORECASE)


_MARKER = _marker_regex()


def marker(text: str, heading: bool = False) -> str | None:
    """WRONG, RIGHT or None for a lead line or heading. A label opening the line counts ("Wrong: the
    loop copies the frame every time", "错误写法：…", "Before"); otherwise only a short line that is not
    a sentence is a label, and its last marker wins ("不要这样写，应该：" is right), so "select the right
    columns" and "…以防在错误的环境中使用它们。" are prose. A heading counts only when a marker opens it
    ("错误写法", "Before"): "view after transpose" is a topic."""
    return _line_marker(next((row for row in reversed(text.strip().splitlines()) if row.strip()), ""), heading)


@functools.lru_cache(maxsize=4096)  # headings and labels repeat (a lead's prose above its last line need not)
def _line_marker(line: str, heading: bool) -> str | None:
    line = _NOT_WRONG.sub(" ", _MARKUP.sub(" ", _INLINE_CODE.sub(" ", line))).strip()
    sentence = line.endswith(_SENTENCE_MARKS) and len(line) > _BARE_LABEL
    line = line.strip(" \t:：,，.。!！")
    found = [m for m in _MARKER.finditer(line)
             if m.group(0).lower() not in _LABEL_ONLY or (m.start() <= 2 and _LABEL_REST.match(line, m.end()))]
    if not found:
        return None
    opens = found[0].start() <= 2
    label = opens and (heading or re.match(r"\s*(?:$|[:：—–(（-])", line[found[0].end():]) is not None)
    if label:
        found = found[:1] if heading or len(line) > _MAX_LABEL else found
    elif heading or sentence or len(line) > _MAX_LABEL:
        return None  # "After `backward()` the graph is freed" is prose; "After: …" is a label
    return WRONG if (found[-1].lastgroup or "").startswith("w") else RIGHT


@dataclass(slots=True)
class _Block:
    """A Python block of a topic with what the note says about it."""

    block: CodeBlock
    cleaned: CleanCode
    section: Section
    index: int  # in its section
    owner: Section | None = None  # the section the topic is about, when this one is a `### 错误写法` under it
    role: str | None = None
    marked: list[int] = field(default_factory=list)  # 1-based lines of the cleaned code marked wrong
    right_lines: list[int] = field(default_factory=list)
    explicit: bool = False  # the role came from a hint, a lead line or a heading (not only the code)
    failed: bool = False  # the note shows the traceback it printed
    error: tuple[str, str] | None = None  # the traceback's (exception, message), when that alone made the block wrong

    @property
    def code(self) -> str:
        return self.cleaned.code

    def note_line(self, code_line: int) -> int:
        """The note line of a line of the cleaned code (found by its text in the raw block)."""
        lines = self.code.split("\n")
        if 1 <= code_line <= len(lines):
            text = lines[code_line - 1].strip()
            for offset, raw in enumerate(self.block.text.split("\n")):
                if text and raw.strip() == text:
                    return self.block.line + offset
        return self.block.line


@dataclass(slots=True)
class NotePitfalls:
    """What one note says about pitfalls: learned records, right blocks (negatives), problems."""

    pitfalls: list[Pitfall] = field(default_factory=list)
    rights: list[tuple[int, str]] = field(default_factory=list)  # (note line, code) of the right blocks
    wrong_blocks: set[int] = field(default_factory=set)  # note lines of blocks that are wrong examples
    problems: list[tuple[int, str]] = field(default_factory=list)  # (note line, why nothing was learned)


def read_pitfalls(note: Note, cleaned: Sequence[Sequence[CleanCode]]) -> NotePitfalls:
    """Pitfalls of every topic of `note`; `cleaned[i][j]` is section i's block j, cleaned."""
    result = NotePitfalls()
    for topic in _topics(note, cleaned):
        _read_topic(note, topic, result)
    return result


def wrong_examples(note: Note, cleaned: Sequence[Sequence[CleanCode]]) -> set[int]:
    """Note lines of the blocks that are wrong examples (by a hint, a lead line, a heading or the
    traceback after them): they become rules, never snippets, and are not meant to run."""
    return {item.block.line for topic in _topics(note, cleaned) for item in topic if _wrong_example(item)}


def _wrong_example(item: _Block) -> bool:
    return item.role == WRONG and (item.explicit or item.failed)


def _topics(note: Note, cleaned: Sequence[Sequence[CleanCode]]) -> list[list[_Block]]:
    """Python blocks grouped by topic: a section, or sibling sections headed by markers."""
    topics: list[list[_Block]] = []
    last_key: tuple[str, ...] | None = None
    by_heading: dict[tuple[str, ...], Section] = {}
    for section, blocks in zip(note.sections, cleaned):
        by_heading[tuple(section.heading)] = section
        heading_marker = marker(section.heading[-1], heading=True) if section.heading else None
        key = section.heading[:-1] if heading_marker else section.heading
        if key != last_key or not topics:
            topics.append([])
            last_key = key
        topic = topics[-1]
        owner = by_heading.get(tuple(key)) if heading_marker else None
        for index, (block, clean) in enumerate(zip(section.blocks, blocks)):
            if clean.kind not in _CODE_KINDS:
                if topic and _TRACEBACK.search(block.text):
                    _failed(topic[-1], block.text)
                continue
            item = _Block(block, clean, section, index, owner)
            _judge(item, heading_marker if index == 0 else None)
            for output in clean.outputs:
                if _TRACEBACK.search(output):
                    _failed(item, output)
            topic.append(item)
    return [t for t in topics if t]


def _judge(item: _Block, heading_marker: str | None) -> None:
    """The block's role from its hint, its lead line (or heading), and its comments."""
    explicit = item.block.hints.get("pitfall", "").strip().lower()
    lead = item.section.lead[item.index] if item.index < len(item.section.lead) else ""
    if explicit in (WRONG, RIGHT):
        item.role, item.explicit = explicit, True
    elif (found := marker(lead) if lead.strip() else heading_marker) is not None:
        item.role, item.explicit = found, True
    item.marked, item.right_lines = _comment_marks(item.code)
    if item.role is None and item.marked:
        item.role = WRONG


def _comment_marks(code: str) -> tuple[list[int], list[int]]:
    """Lines whose statement a comment marks wrong / right (a comment alone on its line marks the next)."""
    wrong: list[int] = []
    right: list[int] = []
    if not _may_mark(code):
        return wrong, right
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return wrong, right
    lines = code.split("\n")
    for token in tokens:
        if token.type != tokenize.COMMENT:
            continue
        text = token.string
        target = wrong if _COMMENT_WRONG.match(text) else right if _COMMENT_RIGHT.match(text) else None
        if target is None:
            continue
        line = token.start[0]
        if not lines[line - 1][: token.start[1]].strip():  # a comment on its own line: the next statement
            line = _next_statement(lines, line)
            if line is None:
                continue
        target.append(line)
    return wrong, right


def _next_statement(lines: list[str], line: int) -> int | None:
    """The line a marking comment alone on `line` is about: the next statement, past blank lines and
    prose comments; None when commented-out code comes first (`# 错误提示：…` above `#df = ak.…(…)`:
    the mark is about the code the author switched off)."""
    for n in range(line + 1, len(lines) + 1):
        text = lines[n - 1].strip()
        if not text:
            continue
        if not text.startswith("#"):
            return n
        if _commented_code(text):
            return None
    return line


def _commented_code(comment: str) -> bool:
    """Whether a comment is a switched-off statement (`#x = f(1)`, `# print(df)`), not prose."""
    try:
        body = ast.parse(comment.lstrip("#").strip()).body
    except (SyntaxError, ValueError):
        return False
    return any(not (isinstance(stmt, ast.Expr) and isinstance(stmt.value, (ast.Name, ast.Constant))) for stmt in body)


def _may_mark(code: str) -> bool:
    """Whether some `#` of `code`, read to the end of its line, is a marking comment: every comment
    token is such a text (it ends before `\r` or `\n`), so when none is, tokenizing the block (most
    of them) finds nothing."""
    for line in code.replace("\r", "\n").split("\n"):
        at = line.find("#")
        while at >= 0:
            rest = line[at:]
            if _COMMENT_WRONG.match(rest) or _COMMENT_RIGHT.match(rest):
                return True
            at = line.find("#", at + 1)
    return False


def _failed(item: _Block, traceback: str) -> None:
    """A traceback printed by the block: the block is wrong, and the frame's line is the failing one."""
    if item.role == RIGHT and item.explicit:
        return
    if item.role is None:
        item.role = WRONG
        item.error = _error_line(traceback)
    item.failed = True
    if item.marked:
        return
    code_lines = [line.strip() for line in item.code.split("\n")]
    rows = traceback.split("\n")
    found: int | None = None
    for i, row in enumerate(rows):
        frame = _FRAME.search(row)
        if frame is None:
            continue
        source = rows[i + 1].strip() if i + 1 < len(rows) else ""
        if source and source in code_lines:
            found = code_lines.index(source) + 1
        elif item.cleaned.kind == "repl":  # each `>>>` statement is line 1 of <stdin>: the failing one is the last
            found = max((n for n, line in enumerate(code_lines, 1) if line and not line.startswith("#")), default=None)
        elif frame["cell"] or (frame["file"] or "").startswith(("<stdin>", "<ipython-input", "<string>")):
            number = int(frame["cell"] or frame["line"])
            if 1 <= number <= len(code_lines):
                found = number
    if found is not None:
        item.marked = [found]


def _goes_on(text: str) -> bool:
    """A session that shows an error and then goes on to the way that works (`>>> c[10:20]`, its
    TypeError, then `>>> for x in itertools.islice(c, 10, 20):`): an example of that, not a wrong one
    (unless the note calls the block wrong: then all of it is)."""
    error = _TRACEBACK.search(text)
    return error is not None and _NEXT_STATEMENT.search(text, error.end()) is not None


# a prompt with a statement, not a comment (`>>>`, IPython's `In [4]:`, a book's `In :`)
_NEXT_STATEMENT = re.compile(rf"^\s*(?:>>>|{IPYTHON_PROMPT}|{BARE_PROMPT}) *(?!#)\S", re.MULTILINE)


def _error_line(traceback: str) -> tuple[str, str] | None:
    """(exception, message) of the last `SomeError: message` line of a traceback, terminal colours removed."""
    found = [m for row in _ANSI.sub("", traceback).split("\n") if (m := _ERROR_LINE.match(row))]
    return (found[-1]["type"], found[-1]["message"].strip()) if found else None


def _names_what_fails(item: _Block) -> bool:
    """Whether a traceback alone says the block misuses an API: a code error (`_CODE_ERRORS`) whose
    message names an identifier of 3+ letters that the block spells (underscores read as spaces:
    `requires_grad` in "a leaf Variable that requires grad")."""
    if item.error is None or item.error[0] not in _CODE_ERRORS:
        return False
    try:
        tree = ast.parse(item.code)
    except (SyntaxError, ValueError):
        return False
    words = {node.attr if isinstance(node, ast.Attribute) else node.arg if isinstance(node, ast.keyword)
             else node.id if isinstance(node, ast.Name) else ""
             for node in ast.walk(tree)}
    message = item.error[1]
    return any(len(word) >= 3 and re.search(rf"(?<!\w){re.escape(word).replace('_', '[_ ]')}(?!\w)", message)
               for word in words if word)


def _read_topic(note: Note, topic: list[_Block], result: NotePitfalls) -> None:
    setup: list[str] = []
    for i, item in enumerate(topic):
        if item.role == RIGHT:
            result.rights.append((item.block.line, item.code))
            continue
        if item.role != WRONG:
            if item.cleaned.error is None:
                setup.append(item.code)
            continue
        if _wrong_example(item) and (item.explicit or not _goes_on(item.block.text)):
            result.wrong_blocks.add(item.block.line)
        right = next((other for other in topic[i + 1:] if other.role == RIGHT), None)
        if right is not None and any(other.role == WRONG and other.explicit for other in topic[i + 1:topic.index(right)]) and not item.explicit:
            right = None
        line = item.note_line(item.marked[0]) if item.marked else item.block.line
        if right is None and item.error is not None and not _names_what_fails(item):
            result.problems.append((line, f"pitfall not learned: the traceback ({item.error[0]}) "
                                          "does not say what in the code is wrong; mark the failing line (`# 会报错`) "
                                          "or add the right version after it"))
            continue
        try:
            learned = learn(item.code, right.code if right is not None else None, item.marked, item.right_lines,
                            setup="\n".join(setup), heading=" / ".join(item.section.heading))
        except (RecursionError, MemoryError, ValueError, TypeError, AttributeError) as exc:  # one pitfall, not the note
            result.problems.append((line, f"pitfall not learned: internal error ({type(exc).__name__}: {exc})"))
            continue
        if not learned.edits:
            result.problems.append((line, f"pitfall not learned: {learned.problem}"))
            continue
        for number, candidates in enumerate(learned.edits):
            result.pitfalls.append(_record(note, item, right, candidates, line, number))


def _record(note: Note, item: _Block, right: _Block | None, candidates: list, line: int, number: int) -> Pitfall:
    """The library record for one learned edit, still carrying every candidate (the compiler picks one
    after checking them against the other notes)."""
    patterns = tuple(candidates)
    hints = {**note.hints, **item.section.hints, **item.block.hints}
    safe = hints.get("fix", "").strip().lower() == "safe"
    severity = hints.get("severity", "hint").strip().lower()
    message, hint = _words(item, right)
    first = patterns[0]
    context = _context(first, hints.get("context", ""))
    return Pitfall(
        id=pitfall_id(first),
        context=context,
        title=_topic_title(item.section) or note.title,
        rule=first,
        safe=safe and first.fix is not None,
        severity=severity if severity in ("error", "warning", "info", "hint") else "hint",
        message=message,
        hint=hint,
        wrong=item.code,
        right=right.code if right is not None else "",
        source=Source(note.path, line, note.trail(item.section)),
        candidates=patterns,
        part=number,
    )


def _topic_title(section: Section) -> str:
    """The section's heading, or its parent's when the heading is only a marker (`### Before`)."""
    heading = list(section.heading)
    while len(heading) > 1 and marker(heading[-1], heading=True) is not None:
        heading.pop()
    return heading[-1] if heading else ""


def _context(rule: PitfallPattern, section_context: str) -> str:
    top = section_context.split(".")[0]
    if top in rule.modules:
        return top
    return rule.modules[0] if rule.modules else top or "python"


def pitfall_id(rule: PitfallPattern) -> str:
    """`NSN` and five digits from what the rule matches: stable across recompiles and note edits that
    leave the rule alone, the same for the same pitfall written in two notes."""
    key = "\0".join([rule.pattern, repr(rule.where), repr(rule.focus)])
    return f"NSN{int(hashlib.blake2b(key.encode(), digest_size=8).hexdigest(), 16) % 100000:05d}"


def _words(item: _Block, right: _Block | None) -> tuple[str, str]:
    """Message and hint in the note's own words: the section's first sentence, and what the right block's
    lead line says (else the next sentence)."""
    sentences: list[str] = []
    for section in (item.section, item.owner):  # under `### 错误写法` the topic's own prose speaks
        if section is not None and not sentences:
            sentences = [s for s in (_plain(p) for p in _SENTENCE_END.split(section.prose) if p)
                         if s and (marker(s) is None or len(s) > 12)  # a bare "错误写法：" is not a sentence
                         and not _REFERENCE.match(s) and "://" not in s]
    message = _SYMBOLS.sub("", sentences[0]).rstrip(":：") if sentences else _topic_title(item.section)
    hint = ""
    if right is not None:
        leads = right.section.lead
        lead = leads[right.index] if right.index < len(leads) else ""
        if right.index and lead == leads[right.index - 1]:
            lead = ""  # the paragraph stands before the block above it too: not what the right block says
        hint = _advice(_plain(next((row for row in reversed(lead.splitlines()) if row.strip()), "")))
    if not hint and len(sentences) > 1:
        hint = _advice(sentences[1])
    return message[:300], hint[:300]


def _advice(text: str) -> str:
    """`text` as what to do, without its label's mark and colon; nothing when it is only a label
    ("✅ cast instead:", "正确写法：") that leads into the right block."""
    return _SYMBOLS.sub("", text).strip().rstrip(":：") if len(_MARKER.sub("", text).strip(" :：,，.。")) > 4 else ""


def _plain(text: str) -> str:
    """Prose as one line of text: links become their text, emphasis and list bullets go; code spans
    stay as written (`np.bool_`, `x.add_(1)`: an underscore there is the name's)."""
    text = _LINK.sub(r"\1", text)
    parts = text.split("`")
    parts[::2] = [_EMPHASIS.sub("", part) for part in parts[::2]]
    return " ".join(re.sub(r"^\s*(?:[-+*]|\d+\.)\s+", "", "`".join(parts), flags=re.M).split())


_EMPHASIS = re.compile(r"\*\*|__|(?<!\w)[*_](?!\s)|(?<!\s)[*_](?!\w)")


# ---------------------------------------------------------------------------------------------- the library
@dataclass(frozen=True, slots=True)
class Known:
    """Code known to be right: where it is, and the lines inside it a comment marks wrong."""

    where: str  # note:line or file, for the report
    code: str


class Negatives:
    """Right code every learned rule must stay silent on: the notes' right blocks, the bundled examples,
    and the bundled notes' own (tested, runnable) code; and, for a pitfall, the other code of the note
    that teaches it (`own`): a note does not show its own pitfall as ordinary code (a `merge(on='Name')`
    marked wrong where the chapter's first example is that very join was a rule about the data).
    Each is parsed once per process."""

    _parsed: dict[str, tuple[Block, frozenset[int]] | None] = {}

    def __init__(self, known: Sequence[Known], own: dict[str, list[Known]] | None = None) -> None:
        self.known = list(known)
        self.own = own or {}

    def first_hit(self, pattern: Pattern, note: str = "") -> tuple[str, str | None] | None:
        """Where the pattern fires on right code (or on `note`'s own other code), and the `with` block
        it fires in there (a guard the rule may learn: `with torch.no_grad(): ...`); None when it stays
        silent."""
        for item in itertools.chain(self.known, self.own.get(note, ())):
            if not pattern.applies(item.code):
                continue
            parsed = self._parse(item.code)
            if parsed is None:
                continue
            block, wrong_lines = parsed
            for m in pattern.find(block.ctx):
                lines = {line - block.offset for node in m.focus
                         for line in range(node.lineno, (node.end_lineno or node.lineno) + 1)}
                if not lines & wrong_lines:
                    return item.where, _with_guard(block, m.focus[0])
        return None

    @classmethod
    def _parse(cls, code: str) -> tuple[Block, frozenset[int]] | None:
        if code not in cls._parsed:
            if len(cls._parsed) > 20_000:
                cls._parsed.clear()
            try:
                cls._parsed[code] = (Block(code, implied_imports(code)), frozenset(_comment_marks(code)[0]))
            except (SyntaxError, ValueError, RecursionError):
                cls._parsed[code] = None
        return cls._parsed[code]


def settle(pitfalls: Sequence[Pitfall], negatives: Negatives) -> tuple[list[Pitfall], list[tuple[str, int, str]]]:
    """Each pitfall's first candidate that stays silent on all right code becomes its rule, under a
    stable id; a pitfall with none is kept disabled, its `check` saying where it fired. Returns the
    records sorted by id, and (note, line, problem) for the report."""
    settled: dict[str, Pitfall] = {}
    problems: list[tuple[str, int, str]] = []
    for pitfall in pitfalls:
        chosen, check = pitfall.rule, "ok"
        for candidate in pitfall.candidates or (pitfall.rule,):
            hit: tuple[str, str | None] | None = None
            for _ in range(3):  # each round may learn a guard the right code uses
                try:
                    hit = negatives.first_hit(compile_rule(candidate), pitfall.source.note)
                except PatternError as exc:
                    hit = (f"(invalid pattern: {exc})", None)
                guard = hit[1] if hit is not None else None
                if guard is None or guard in candidate.not_inside or _guarded_wrong(pitfall, candidate, guard):
                    break
                candidate = replace(candidate, not_inside=(*candidate.not_inside, guard))
            chosen = candidate
            if hit is None:
                check = "ok"
                break
            check = f"fires on right code at {hit[0]}"
        record = replace(pitfall, rule=chosen, check=check, candidates=())
        if check != "ok":
            problems.append((pitfall.source.note, pitfall.source.line, f"pitfall disabled: {check}"))
        ident = pitfall_id(chosen)
        while ident in settled and settled[ident].rule != chosen:
            ident = f"NSN{(int(ident[3:]) + 1) % 100000:05d}"
        if ident in settled:
            first = settled[ident]
            problems.append((pitfall.source.note, pitfall.source.line,
                             f"pitfall {ident} is the same rule as {first.source.note}:{first.source.line}"))
            continue
        settled[ident] = replace(record, id=ident)
    disabled = {(p.source.note, p.wrong) for p in settled.values() if not p.enabled}
    for ident, pitfall in list(settled.items()):
        if pitfall.enabled and pitfall.rule.fix is not None and (pitfall.source.note, pitfall.wrong) in disabled:
            # the pair's other edit is off: this fix alone would not turn the wrong block into the right one
            settled[ident] = replace(pitfall, rule=replace(pitfall.rule, fix=None), safe=False)
            problems.append((pitfall.source.note, pitfall.source.line,
                             f"pitfall {ident} keeps no fix: another edit of the same pair is disabled"))
    return sorted(settled.values(), key=lambda p: p.id), problems


def _with_guard(block: Block, node: ast.AST) -> str | None:
    """The innermost `with` block around `node` whose items are library calls, as a `not_inside`
    header in canonical names (`with torch.no_grad(): ...`), or None."""
    from notesense.rules.pattern.index import file_index

    for outer in file_index(block.ctx).blocks_around(node):
        if isinstance(outer, ast.With) and all(
            isinstance(item.context_expr, ast.Call) and block.ctx.qualname(item.context_expr.func)
            for item in outer.items
        ):
            calls = ", ".join(f"{block.ctx.qualname(item.context_expr.func)}()" for item in outer.items
                              if not item.context_expr.args and not item.context_expr.keywords)  # type: ignore[union-attr]
            return f"with {calls}: ..." if calls and calls.count(",") == len(outer.items) - 1 else None
    return None


def _guarded_wrong(pitfall: Pitfall, candidate: PitfallPattern, guard: str) -> bool:
    """Whether the guard would also silence the rule on its own wrong example."""
    try:
        pattern = compile_rule(replace(candidate, not_inside=(*candidate.not_inside, guard)))
        wrong = Block(pitfall.wrong, implied_imports(pitfall.wrong))
    except (PatternError, SyntaxError):
        return True
    return not any(True for _ in pattern.find(wrong.ctx))
