"""Cleaning a note's code block into Python the compiler can trust, with everything else set aside.

Notes paste more than code: HTML from blog exports, Python 2 prints, IPython magics, interpreter
prompts and the output the code printed. Cleaning removes that noise line by line, keeping each
line's note line number, so that code which still does not parse is reported where the user wrote
it. Nothing here executes anything: `ast.parse` is the only judge.
"""

from __future__ import annotations

import ast
import re

from notesense.notes import classify
from notesense.notes.cleanup import (
    find_split_statement,
    fix_elision,
    fix_print,
    fix_slash_comment,
    foreign_cell,
    magic_code,
    magic_reason,
    restore_first_indent,
    straighten_quotes,
    strip_markup,
)
from notesense.notes.model import CleanCode, CodeBlock
from notesense.notes.repl import split_transcript

Line = tuple[int, str]  # (note line, text)
Aside = tuple[int, str, str]  # (note line, text, reason)

_OUTPUT_MARKER = re.compile(r"^\s*(?:>>>|>>|>)\s?")
_OUTPUT_LABEL = re.compile(
    r"^\s*(?:》+|>{3,}\s*(?=输出|结果|[Oo]utput)"
    r"|(?:输出结果|运行结果|输出|结果|Output|Result)\s*[:：]?\s*$)"
)
# a row of a printed array or tensor pasted between statements ("1 1 1", "[[ 2  3  4] # 0行"): numbers
# apart by spaces, no comma, which no Python line is
_NUMBER_ROW = re.compile(r"^[\[\s]*-?\.?\d[\d.e+-]*(?:\s+-?\.?\d[\d.e+-]*)+[\]\s]*(?:#.*)?$")
_CODE_START = re.compile(
    r"""^\s*(?:import\s|from\s+\S+\s+import\s|def\s|class\s|for\s|while\s|with\s|if\s|return\b|[\w.\[\]'"]+\s*=[^=])"""
)
_CLASS_NAMED = re.compile(r"[a-z_]\w*(?:\.\w+)*\.[A-Z][a-z]\w*")  # `threading.Event`, `torch.nn.Linear`; not `df.T`
_MAX_LABELS = 4  # an outline of code with more lines that are no Python is no code
_MAX_TAIL = 400  # pasted output longer than this is not split off line by line
_ON_LINE = re.compile(r"on line (\d+)")
_MISSING_BODY = re.compile(r"expected an indented block after")
# formats a fence may say its lines are, which no one labels Python with (unlike `apache` or `bash`)
_DATA_LABELS = frozenset({"properties", "ini", "toml", "yaml", "yml", "json", "xml", "csv", "conf", "cfg", "env", "dotenv"})


def clean(block: CodeBlock) -> CleanCode:
    """Classify `block` by content and, for Python, clean it (see the module docstring)."""
    raw = block.text
    lines = strip_markup(raw).split("\n")
    if lines and not lines[-1].strip():
        lines.pop()
    present = [line for line in lines if line.strip()]
    if not present:
        return CleanCode(kind="other", code=raw)
    entries = [(block.line + index, text) for index, text in enumerate(lines)]
    if classify.is_repl(present):
        code, outputs = split_transcript(entries)
        return _finish("repl", code, outputs, [])
    if classify.is_shell(present):
        return CleanCode(kind="shell", code=raw)
    raw_lines = [line for line in raw.split("\n") if line.strip()]
    if classify.is_ini(raw_lines):
        return CleanCode(kind="config", code=raw)
    if len(present) == 1 and _CLASS_NAMED.fullmatch(named := present[0].strip()):
        # a class's dotted name alone (`threading.Event` over "实现事件对象的类."), as the reference writes
        # `.. class:: threading.Event` over its description: what the block names, no statement run
        return CleanCode(kind="signature", code=named, signatures=[named])
    if classify.is_python_module(_join(entries)):  # the common case: clean Python, nothing to split
        return _finish("python", entries, [], [])
    if classify.is_config(raw, raw_lines) and not classify.is_python_module(_join(_fill_bodies(entries))) \
            or block.info.strip().lower() in _DATA_LABELS:
        # (a signature pasted without its body, `def init_process_group(\n    backend: Optional[str] = None,`,
        # reads as settings line by line: with its body filled in, it is Python)
        # a fence labelled as data that is no Python module as it stands (`server.port=8848` over
        # `server.servlet.contextPath=/nacos` in a ```properties fence): its lines are settings, not statements
        return CleanCode(kind="config", code=raw)
    python = _clean_python(entries, block.info)
    if python is not None:
        return python
    signatures = classify.signature_lines(present)
    if signatures:
        return CleanCode(kind="signature", code="\n".join(signatures), signatures=signatures)
    return CleanCode(kind="output" if classify.is_output(present) else "other", code=raw)


def printed_block(cleaned: CleanCode, lead: str) -> CleanCode:
    """`cleaned`, or output when the prose right before the block introduces it as output (`输出：`,
    `Output:`) and it is not code: one printed value (`array([3, 0, 4])`, `[('a', 3), ('b', 2)]`) is
    what the code before it printed, no example of anything."""
    label = lead.strip().rsplit("\n", 1)[-1].strip("*_> \t")
    if cleaned.kind not in ("python", "config", "other") or not classify.PRINTED_LABEL.match(label):
        return cleaned
    if cleaned.kind != "python":  # `[3 0 4 0 5]` looks like an INI section; the label says what it is
        return CleanCode(kind="output", code=cleaned.code)
    tree = classify.parse_tree(cleaned.code)
    if isinstance(tree, tuple) or len(tree.body) != 1 or not isinstance(tree.body[0], ast.Expr):
        return cleaned
    if not classify.printed_value(tree.body[0].value):
        return cleaned
    return CleanCode(kind="output", code=cleaned.code)


def _clean_python(entries: list[Line], info: str) -> CleanCode | None:
    """The block as Python with outputs and noise split off, or None when it is not Python."""
    entries = [(number, fix_elision(text)) for number, text in entries]
    whole = classify.parses(_join(entries))
    if whole:  # pasted output never parses, so a block that does has nothing to split off
        code, outputs, set_aside = entries, [], []
    else:
        code, outputs, set_aside = _split_noise(entries)
    code = _trim([(number, fix_print(fix_slash_comment(text) if not whole else text)) for number, text in code])
    if not code:
        return None
    code = straighten_quotes(code) or code
    code = restore_first_indent(code) or code
    error = classify.parse_error(_join(code))
    if error is not None:
        code, tail = _split_tail(code, error[0])
        for number, line in tail:
            if not line.strip():
                continue
            if classify.cjk_prose(line):
                set_aside.append((number, line.strip(), "prose in a code block"))
            else:
                outputs.append((number, line))
    text = _join(code)
    if not classify.parses(text) and (commented := _prose_as_comments(code)) is not None:
        code, text = commented, _join(commented)
    if not classify.parses(text) and classify.signature_lines([line for _, line in code if line.strip()]):
        return None  # `class sklearn.tree.DecisionTreeClassifier(criterion='gini',` over its parameters: a signature
    if not classify.parses(text) and (outline := _outline(code)) is not None:
        code, pseudo = outline
        set_aside += [(number, line.strip(), "not Python: a label in an outline of code") for number, line in pseudo]
        text = _join(code)
    present = [line for _, line in code if line.strip()]
    if classify.parses(text):
        if not classify.has_statements(text):
            only_comments = all(line.strip().startswith("#") for line in present)
            if not (only_comments and info.strip().lower() in classify.PYTHON_LABELS):
                return None
        elif classify.is_data_literal(text):
            return None
    elif classify.signature_lines(present):
        return None
    if not whole and (classify.python_lines(present) == 0 or classify.python_share(present) < 0.6):
        return None
    return _finish("python", code, _group(outputs), set_aside)


def _split_noise(entries: list[Line]) -> tuple[list[Line], list[Line], list[Aside]]:
    """Separate magics, shell lines, output markers and pasted output regions from the code lines."""
    code: list[Line] = []
    outputs: list[Line] = []
    set_aside: list[Aside] = []
    rules = [i for i, (_, text) in enumerate(entries) if classify.output_line(text) and text.strip()[:1] in "-=_+"]
    table = range(rules[0], rules[-1] + 1) if rules else range(0)
    printed = False  # after a line that is only `>>>`: what the code above printed, up to a blank line
    for index, (number, text) in enumerate(entries):
        stripped = text.strip()
        if printed and stripped:
            outputs.append((number, text))
        elif printed:
            printed = False
        elif stripped in (">>>", ">>"):
            # `print(np.random.randint(10))`, then `>>>` alone over `5`: a mark that output follows (a Sphinx
            # note's way), not a prompt; the code goes on after the blank line that ends the output
            printed = True
        elif index in table or classify.output_line(text) or _NUMBER_ROW.match(stripped):
            outputs.append((number, text))
        elif stripped.startswith("Traceback (most recent call last)"):
            outputs.extend(entries[index:])
            break
        elif _OUTPUT_LABEL.match(stripped):
            set_aside.append((number, stripped, "output label"))
            outputs.extend(entries[index + 1:])
            break
        elif foreign_cell(text):
            set_aside.extend((n, t.rstrip(), "non-Python cell magic") for n, t in entries[index:] if t.strip())
            break
        elif (python := magic_code(text)) is not None:
            code.append((number, python))
        elif magic_reason(text):
            set_aside.append((number, stripped, magic_reason(text) or ""))
        elif stripped.startswith(">"):
            outputs.append((number, _OUTPUT_MARKER.sub("", text, count=1)))
        elif classify.shell_line(text) and not classify.parses_line(stripped):
            set_aside.append((number, stripped, "shell command"))
        else:
            code.append((number, text))
    return code, outputs, set_aside


def _split_tail(code: list[Line], error_line: int) -> tuple[list[Line], list[Line]]:
    """Cut trailing pasted output/prose off code that stops parsing there; else leave it whole.

    The cut is made only when the head parses and the tail holds nothing that looks like code
    (no assignment, def, import, loop…), so a real syntax error in the middle stays reported.
    """
    last = min(error_line, len(code))
    for cut in range(last - 1, max(0, last - 40), -1):
        head, tail = code[:cut], code[cut:]
        if len(tail) > _MAX_TAIL or any(_CODE_START.match(text) for _, text in tail):
            break
        if classify.parses_line("\n".join(text.strip() for _, text in tail)):
            continue
        head_text = _join(head)
        if classify.has_statements(head_text):  # parses, with statements (the tree is cached for later)
            return _trim(head), tail
    return code, []


def _finish(kind: str, code: list[Line], outputs: list[str], set_aside: list[Aside]) -> CleanCode:
    """Shared last steps: magics out, prints fixed, blank edges trimmed, indentation removed, parse checked."""
    kept = code
    if "%" in "".join(text[:2] for _, text in code) or "!" in "".join(text for _, text in code):
        kept = []
        for number, text in code:
            reason = magic_reason(text)
            if (python := magic_code(text)) is not None:
                kept.append((number, python))
            elif reason:
                set_aside.append((number, text.strip(), reason))
            else:
                kept.append((number, text))
    if any("print" in text for _, text in kept):
        kept = [(number, fix_print(text)) for number, text in kept]
    kept = _dedent(_trim(kept))
    text = _text(kept)  # trimmed and dedented already
    error = classify.parse_error(text) if text else None
    located = None
    if error is not None:
        message = _ON_LINE.sub(lambda m: f"on line {_note_line(kept, int(m.group(1)))}", error[1])
        located = (_note_line(kept, error[0]), message)
        if _MISSING_BODY.search(error[1]):  # reported all the same: the note has a hole its reader should know of
            filled = _fill_bodies(kept)
            if classify.parses(_text(filled)):
                kept, text = filled, _text(filled)
    elif text:
        located = find_split_statement(kept, text)
    set_aside.sort()
    outputs = [output for output in outputs if output.strip()]
    return CleanCode(kind=kind, code=text, outputs=outputs, set_aside=set_aside, error=located)


def _prose_as_comments(code: list[Line]) -> list[Line] | None:
    """The code with each line of Chinese prose that stops it parsing written as a comment in its place
    (`两个函数都能接受一个关键字参数，用于更复杂的数据结构中：` between two examples): the note's words
    stay over the code they speak of. None when a line that is no prose stops it too."""
    out = list(code)
    for _ in range(_MAX_LABELS):
        error = classify.parse_error(_join(out))
        if error is None:
            return out
        if not 0 < error[0] <= len(out) or not classify.cjk_prose(line := out[error[0] - 1][1]):
            return None
        out[error[0] - 1] = (out[error[0] - 1][0], f"{line[:len(line) - len(line.lstrip())]}# {line.strip()}")
    return out if classify.parses(_join(out)) else None


def _outline(code: list[Line]) -> tuple[list[Line], list[Line]] | None:
    """Code a note indents as an outline, not as blocks (`DataFrame.loc[label]` over `\t\t# 返回 Series 一行`
    over `\t\t\tprint(df.loc['a'])`), and the few labels in it that are no Python (`DataFrame.loc[]`):
    its lines flush left, those labels apart. None when a line opens a block (its indentation is
    Python's) or more than a few lines are labels."""
    if any(text.split("#", 1)[0].rstrip().endswith(":") for _, text in code):
        return None
    flat = [(number, text.strip()) for number, text in code]
    labels: list[Line] = []
    while (error := classify.parse_error(_text(flat))) is not None:
        if len(labels) >= _MAX_LABELS or not 0 < error[0] <= len(flat) or not flat[error[0] - 1][1]:
            return None
        labels.append(flat.pop(error[0] - 1))
    statements = sum(1 for _, text in flat if text and not text.startswith("#"))
    return (flat, labels) if statements > len(labels) and classify.has_statements(_text(flat)) else None


def _fill_bodies(code: list[Line]) -> list[Line]:
    """`...` under each header whose body the note leaves out (`def forward(self, x):` over nothing
    but a comment, `class Net(nn.Module):` at the end of a block): the statements around it, and
    the decorators over it, still say what the block calls."""
    out: list[Line] = []
    for index, (number, text) in enumerate(code):
        out.append((number, text))
        if not text.split("#", 1)[0].rstrip().endswith(":"):
            continue
        indent = len(text) - len(text.lstrip())
        body = next((t for _, t in code[index + 1:] if t.strip() and not t.lstrip().startswith("#")), None)
        if body is None or len(body) - len(body.lstrip()) <= indent:
            out.append((number, " " * (indent + 4) + "..."))
    return out


def _note_line(code: list[Line], line: int) -> int:
    """The note line of the code's 1-based `line`."""
    return code[min(max(line, 1), len(code)) - 1][0]


def _trim(code: list[Line]) -> list[Line]:
    start, end = 0, len(code)
    while start < end and not code[start][1].strip():
        start += 1
    while end > start and not code[end - 1][1].strip():
        end -= 1
    return code[start:end]


def _dedent(code: list[Line]) -> list[Line]:
    """Remove the indentation common to all non-blank lines (tabs and spaces compared as written);
    trailing whitespace goes too."""
    for _, text in code:
        if text and text[0] != " " and text[0] != "\t":  # a line starts at column 0: nothing to remove
            return [(number, text.rstrip()) for number, text in code]
    margins = [text[: len(text) - len(text.lstrip())] for _, text in code if text.strip()]
    if not margins:
        return code
    common = margins[0]
    for margin in margins[1:]:
        while not margin.startswith(common):
            common = common[:-1]
    width = len(common)
    return [(number, text[width:].rstrip() if text.strip() else "") for number, text in code]


def _join(code: list[Line]) -> str:
    """The code as one text, the same way everywhere so that parse results are shared (cached)."""
    return _text(_dedent(_trim(code)))


def _text(code: list[Line]) -> str:
    return "\n".join(text for _, text in code)


def _group(lines: list[Line]) -> list[str]:
    """Output lines in note order; lines on consecutive note lines form one output text."""
    groups: list[list[str]] = []
    previous = None
    for number, text in sorted(lines):
        if previous is None or number != previous + 1:
            groups.append([])
        groups[-1].append(text.rstrip())
        previous = number
    return ["\n".join(group).strip("\n") for group in groups]
