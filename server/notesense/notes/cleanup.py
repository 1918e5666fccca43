"""Line-level repairs for Python pasted into notes: blog HTML, Python 2 prints, IPython magics,
and statements an editor soft-wrapped in two. Each function is pure and never executes code.
"""

from __future__ import annotations

import ast
import builtins
import html
import re
from collections.abc import Callable

from notesense.notes.classify import code_chars, parse_tree, parses_line

Line = tuple[int, str]  # (note line, text)

_TAG = re.compile(
    r"</?(?:em|strong|b|i|u|s|del|ins|span|font|code|mark|sup|sub|kbd|a|br|p|div|pre)(?:\s[^<>\n]*)?/?>", re.I
)
_ENTITY = re.compile(r"&(?:[A-Za-z]{2,8}|#\d{1,6}|#x[0-9A-Fa-f]{1,6});")
_MAGIC = re.compile(r"^\s*(?:%%?[A-Za-z]\w*|!\s*[A-Za-z.~/])")
_FOREIGN_CELL = re.compile(
    r"^\s*%%(?:bash|sh|script|html|javascript|js|latex|markdown|writefile|perl|ruby|sql|svg|cmd|powershell)\b"
)
_PRINT2 = re.compile(r"^(?P<indent>\s*)print(?P<args>\s+[^\s(=.,\[].*|\s+\(.*\)\s*,.*|\s*>>.*|\s*)$")
_ENDS_IN_ATTRIBUTE = re.compile(r"[\w)\]]\.[A-Za-z_]\w*\s*$")
_STARTS_WITH_CALL = re.compile(r"^\s*(?P<name>[A-Za-z_]\w*)\(")
_BUILTINS = frozenset(dir(builtins))


def strip_markup(text: str) -> str:
    """Inline HTML left by blog exports (`<em>#x</em>` → `#x`, `&lt;` → `<`), and the spaces a web page
    pastes that Python refuses where the text does not parse with them (no-break, em, ideographic:
    plain spaces; zero-width ones dropped), so `resample(df,\n\xa0\xa0\xa0replace=True)` copied from a
    blog parses, while one in a string literal of code that parses stays. Other text untouched."""
    if "<" in text:
        text = _TAG.sub("", text)
    if "&" in text and _ENTITY.search(text):
        text = html.unescape(text).replace("\xa0", " ").replace("\u2003", " ")
    if not text.isascii() and _PASTED_SPACE.search(text) and isinstance(parse_tree(text), tuple):
        text = _PASTED_SPACE.sub(lambda m: "" if m[0] in _ZERO_WIDTH else " ", text)
    return text


_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_PASTED_SPACE = re.compile(f"[\xa0\u2000-\u200a\u202f\u205f\u3000{_ZERO_WIDTH}]")


def magic_reason(line: str) -> str | None:
    """Why an IPython line is set aside (`%timeit`, `%%time`, `!pip install`), or None for Python."""
    if not _MAGIC.match(line):
        return None
    stripped = line.strip()
    if stripped.startswith("!"):
        return "IPython shell escape"
    return "IPython cell magic" if stripped.startswith("%%") else "IPython magic"


_PYLAB = re.compile(r"^(\s*)%pylab\b")


def magic_code(line: str) -> str | None:
    """The Python an IPython magic line stands for, where it binds names later code uses: `%pylab
    inline` star-imports numpy and pyplot (`from pylab import *`) before `array(...)`, `plot(...)`."""
    m = _PYLAB.match(line)
    return f"{m[1]}from pylab import *" if m else None


def foreign_cell(line: str) -> bool:
    """`%%bash`, `%%html`…: the rest of the cell is not Python."""
    return bool(_FOREIGN_CELL.match(line))


_ELISION = re.compile(r"(\s*)(?:\.{4,}|\.*…[.…]*)\s*(#.*)?")


def fix_elision(line: str) -> str:
    """A line that leaves a body out with more dots than Python's `...` (`......`, `…`, under a
    signature pasted as `def scatter(tensor, src=None):`) → `...`, its indent and comment kept."""
    match = _ELISION.fullmatch(line)
    return line if match is None else f"{match[1]}...{'  ' + match[2] if match[2] else ''}"


# `//` after code and a space, then words: a comment as C, Java or JavaScript write it
_SLASH_COMMENT = re.compile(r"(?<=\S)([ \t]+)//(?=[ \t]*\S)")


def fix_slash_comment(line: str) -> str:
    """`x = np.linalg.solve(a, b)    // Method 2 (Recommended)` → a `#` comment: the line changed only
    when it does not parse as it is and then does (`a // b` divides, and parses)."""
    if "//" not in line or parses_line(line.strip()):
        return line
    fixed = _SLASH_COMMENT.sub(r"\1#", line, count=1)
    return fixed if fixed != line and parses_line(fixed.strip()) else line


def fix_print(line: str) -> str:
    """Python 2 `print x` → `print(x)`; `print "a", b,` → `print("a", b, end=" ")`; `print >>f, x` too.

    A line is changed only when it does not parse as it is and the Python 3 form does, so
    `print (x)` and `print = log` stay as written.
    """
    match = _PRINT2.match(line)
    if not match:
        return line
    statement, comment = split_comment(line)
    args = statement.strip()[len("print"):].strip()
    tail = ""
    if args.startswith(">>"):
        target, _, args = args[2:].partition(",")
        tail = f", file={target.strip()}"
        args = args.strip()
    if args.endswith(","):
        args = args[:-1].rstrip()
        tail = ', end=" "' + tail
    fixed = f"{match.group('indent')}print({args}{tail})"
    if not parses_line(fixed.strip()) or (args and not tail and parses_line(statement.strip())):
        return line
    return fixed + (f"  {comment}" if comment else "")


_TYPOGRAPHIC_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})


def straighten_quotes(code: list[Line]) -> list[Line] | None:
    """The block with typographic quotes made straight (`reduction='mean’` from a blog editor that
    curled the closing quote), when it does not parse as written and then parses further on; None
    otherwise. A block that parses keeps its quotes: they are inside its strings."""
    if not any(q in text for _, text in code for q in "‘’“”"):
        return None
    return _parses_further(code, lambda: [(number, text.translate(_TYPOGRAPHIC_QUOTES)) for number, text in code])


def restore_first_indent(code: list[Line]) -> list[Line] | None:
    """The block with the lines after the first moved left by their common margin, when it was copied
    from inside a function and lost only its first line's indentation (`user = {...}` over
    `    print(user)`, `    juser = json.dumps(user)`) and parses further on so; None otherwise. A first
    line that opens a body (`def f(x):`) is no such line: its body is indented."""
    lines = [text for _, text in code if text.strip()]
    if len(lines) < 2 or lines[0][:1].isspace() or lines[0].rstrip().endswith((":", "\\", "(", "[", "{", ",")):
        return None
    margin = min(len(text) - len(text.lstrip()) for text in lines[1:])
    if not margin:
        return None
    first = next(i for i, (_, text) in enumerate(code) if text.strip())
    return _parses_further(code, lambda: [(number, text[margin:] if i > first and text.strip() else text)
                                          for i, (number, text) in enumerate(code)])


def _parses_further(code: list[Line], repair: Callable[[], list[Line]]) -> list[Line] | None:
    """`repair()` of a block that does not parse, when the repaired block parses or fails only further
    on; None for a block that parses (nothing to repair) or a repair that does not help."""
    error = parse_tree("\n".join(text for _, text in code))
    if not isinstance(error, tuple):
        return None
    repaired = repair()
    after = parse_tree("\n".join(text for _, text in repaired))
    return repaired if not isinstance(after, tuple) or after[0] > error[0] else None


def split_comment(line: str) -> tuple[str, str]:
    """`code  # comment` → ('code', '# comment'); a `#` inside a string literal is not a comment."""
    for index, char in code_chars(line):
        if char == "#":
            return line[:index].rstrip(), line[index:]
    return line.rstrip(), ""


def find_split_statement(code: list[Line], source: str) -> tuple[int, str] | None:
    """A statement soft-wrapped in two that still parses (`x = F.re` / `lu(...)`): (note line, message).

    Flagged only when the first line ends in an attribute (`F.re`), the second calls a name defined
    nowhere (not in the block, not a builtin), and the two joined parse: a pasted wrap, not a style.
    """
    defined: set[str] | None = None
    for (number, first), (_, second) in zip(code, code[1:]):
        call = _STARTS_WITH_CALL.match(second)
        if not call or call.group("name") in _BUILTINS or not _ENDS_IN_ATTRIBUTE.search(first):
            continue
        head, comment = split_comment(first)
        if comment or not _ENDS_IN_ATTRIBUTE.search(head) or _indent(first) != _indent(second):
            continue
        if defined is None:  # walk the tree only for the rare block that has a candidate pair
            tree = parse_tree(source)
            defined = set() if isinstance(tree, tuple) else _defined_names(tree)
        if call.group("name") not in defined and parses_line((head.rstrip() + second.strip()).strip()):
            joined = head.strip() + second.strip()
            return number, f"statement split across two lines: did you mean `{_shorten(joined)}`?"
    return None


def _defined_names(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).split(".")[0])
    return names


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
