"""What a code block *is*, judged from its lines: Python, shell, config, signature, output or other.

Fence labels in real notes are noise (Python labelled `apache`, `lua`, `prolog`…), so every
decision here looks at content only. Whole-block `ast.parse` is the cheap, decisive test; the
per-line scorer runs only for blocks that do not parse, so large clean blocks cost one parse.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from functools import lru_cache

_SHELL_COMMANDS = frozenset(
    """
    pip pip3 conda mamba micromamba python python3 py git apt apt-get yum dnf brew sudo wget curl cd ls
    ll mkdir rm cp mv tar ln make cmake export source vim vi nano bash sh zsh gcc g++ nvcc nvidia-smi
    tensorboard chmod chown echo cat docker kubectl npm npx yarn node nohup ssh scp rsync unzip zip
    jupyter ipython pytest poetry pipenv virtualenv activate deactivate kill ps top htop which whereis
    touch grep find sed awk head tail less more du df free screen tmux set setx where dir cls type
    """.split()
)
_BARE_COMMANDS = frozenset(
    "ls ll pwd make cls top htop deactivate nvidia-smi ipython jupyter bash sh zsh python python3 free df ps".split()
)
_SHELL_SYNTAX = re.compile(
    r"^\s*(?:do|done|then|fi|else|esac|(?:el)?if\s+\[.*\];?\s*then|for\s+\w+\s+in\s+.*;\s*do|while\s+.*;\s*do)\s*$"
)
_SHEBANG = re.compile(r"^#!\s*/(?:usr/)?bin/(?:env\s+)?(?:ba|z|da|k)?sh\b")
_SHELL_LINE = re.compile(
    r"""^\s*(?:\$\s+|>\s+|\#\s+(?=sudo|apt|pip|conda))?(?:sudo\s+)?(?:[A-Z_][A-Z0-9_]*=\S*\s+)*
        (?P<cmd>\.{0,2}/[\w./-]+|[\w][\w.+-]*)(?P<rest>(?:\s+.*)?)$""",
    re.X,
)
_PYTHONIC = re.compile(
    r"""^\s*(?:import\s+[\w.]+|from\s+[.\w]+\s+import\b|def\s+\w+\s*\(|class\s+\w+\s*[(:]|return\b|yield\b|
        (?:el)?if\s.*:\s*(?:\#.*)?$|else\s*:|for\s.+\sin\s.+:|while\s.+:|with\s.+:|try\s*:|except\b.*:|
        finally\s*:|@\w[\w.]*|lambda\b|raise\b|assert\b|global\b|nonlocal\b|async\s+def\b|
        print\s*\(|[\w.\[\]'"]+\s*(?:[-+*/%&|^]|//|\*\*)?=\s*[^=\s]|[A-Za-z_][\w.]*\(.*\)\S*\s*(?:\#.*)?$)""",
    re.X,
)
_C_LIKE = re.compile(
    r"(?:;\s*(?://.*)?$|^\s*[{}]\s*$|^\s*#include\b|^\s*(?:int|void|func|fn|var|let|const|public|private)\s+\w)"
)
_CONFIG_LINE = re.compile(
    r"""^\s*(?:-\s+\S.*|["']?[\w.-]+["']?\s*:(?:\s+.*)?|\[[\w.\s-]+\]|[\w.-]+\s*=\s*.*|<[!?/]?[A-Za-z][^>]*>.*
         |//.*|\#.*)\s*$""",
    re.X,
)
_INI_SECTION = re.compile(r"^\s*\[[A-Za-z][\w.\s:-]*\]\s*$")
_INI_LINE = re.compile(r"^\s*(?:\[[\w.\s:-]+\]|[\w.-]+\s*[=:].*)\s*$")
_MARKUP_LINE = re.compile(r"^\s*</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>")
_JSON_KEY = re.compile(r"""(?:^|[{,])\s*"[^"\n]+"\s*:""", re.M)
_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)*%?")
_ERROR_TEXT = re.compile(
    r"(?:\b\w*(?:Error|Exception|Warning)\b|Traceback \(most recent call last\)|exhausted|\bfailed\b)"
)
_RULE = re.compile(r"^\s*(?:[-=_+]\s*){8,}$")
_TQDM = re.compile(r"\d+%\|.*\|\s*\d+/\d+")
_SHARE_SAMPLE = 200
_CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef]")
_SIGNATURE = re.compile(
    r"""^\s*(?:
        (?:class\s+)?[A-Za-z_][\w.]*\s*\(.*\)\s*(?:->|→|=>)\s*\S.*                    # f(a, b) → Tensor
      | class\s+[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+\s*\(.*                                # class a.b.C(...)
      | [A-Za-z_][\w.]*\s*\((?=[^)]*\[\s*,).*\)?                                    # f(a[, b=1])
      | [A-Za-z_][\w.]*\s*\((?=.*[(,]\s*[*/]\s*[,)]).*\)                             # f(a, *, b=1)
    )\s*$""",
    re.X,
)


_DOTTED_CALL = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+\s*\(.*\)")  # `module.function(...)`, whole line
# what only a script in a page writes (`axios.get(url).then(response => {`, `this.items = …`, `a === b`)
_SCRIPT = re.compile(r"=>\s*\{|\bthis\.\w|\bfunction\s*\(|\b(?:console|document|window)\.\w|[!=]==")


def looks_like_code(text: str) -> bool:
    """Whether an *indented* Markdown block is code (True) or indented prose (False)."""
    kind = guess_kind(text)
    if kind == "config":  # one `Note: …` line is prose; config needs a few lines of structure
        return text.strip().count("\n") >= 1
    return kind in ("python", "repl", "shell", "signature")


def guess_kind(text: str) -> str:
    """A quick content-only kind for `text` (no cleaning); `notes.code.clean` refines Python."""
    lines = [line for line in text.split("\n") if line.strip()]
    if not lines:
        return "other"
    if is_repl(lines):
        return "repl"
    if is_shell(lines):
        return "shell"
    if is_config(text, lines):
        return "config"
    if parses(text) and has_statements(text):
        return "python"
    if signature_lines(lines):
        return "signature"
    if python_share(lines) >= 0.6:
        return "python"
    return "output" if is_output(lines) else "other"


def parses(source: str) -> bool:
    """Whether a whole block parses (cached: the same block text is asked about several times)."""
    return not isinstance(parse_tree(source), tuple)


# the start of a Python statement: a name (or a tuple of them), an attribute or an item, then an assignment or a call
_STATEMENT_START = re.compile(r"[A-Za-z_][\w.]*(?:\[[^\]]*\])?\s*(?:,\s*[A-Za-z_]\w*\s*)*(?:[-+*/]?=[^=]|\()")
_SENTENCE = re.compile(r"[A-Za-z]+ [A-Za-z]+ [A-Za-z]+ [A-Za-z]+")  # four words in a row: English prose, not code


def statement_like(text: str) -> bool:
    """Whether a line of a note's prose reads as a Python statement written there (`df = df.dropna()`,
    `shutil.copytree(src, dst)`): ASCII, opening as an assignment or a call, no run of four words."""
    return text.isascii() and bool(_STATEMENT_START.match(text)) and not _SENTENCE.search(text)


def parses_line(source: str) -> bool:
    """Whether a line (or a candidate piece of a block) parses. Remembered as a flag, not a tree (no
    block tree is ever evicted for it): cleaning asks about the same line several times (the print fix
    tries a line as written and fixed, the Python share asks again), and notes repeat their lines."""
    return _line_facts(source)[0]


_LINE_KEPT = 240  # characters: a longer piece (a block's tail) is parsed each time, never kept


def _line_facts(source: str) -> tuple[bool, bool]:
    """(whether `source` parses, whether it then says something: `_says_something`), from one parse."""
    return _short_line_facts(source) if len(source) <= _LINE_KEPT else _facts_of(_line_tree(source))


@lru_cache(maxsize=4096)
def _short_line_facts(source: str) -> tuple[bool, bool]:
    return _facts_of(_line_tree(source))


def _facts_of(tree: ast.Module | None) -> tuple[bool, bool]:
    return tree is not None, _says_something(tree)


def _line_tree(source: str) -> ast.Module | None:
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return None


# the trees of the last block texts asked about, oldest first (a server compiles notes in a thread of
# its own: each step below is one dict operation, which the interpreter does whole)
_TREES: dict[str, ast.Module | tuple[int, str]] = {}
_TREES_KEPT = 64


def parse_tree(source: str) -> ast.Module | tuple[int, str]:
    """The module for `source`, or (1-based line, message) of its first syntax error; never executes it.

    Cached because classifying and cleaning ask about the same text several times.
    """
    found = _TREES.get(source)
    if found is None:
        found = _TREES[source] = _parse(source)
        if len(_TREES) > _TREES_KEPT:
            try:
                _TREES.pop(next(iter(_TREES)), None)
            except (StopIteration, RuntimeError):  # another thread changed it meanwhile
                pass
    return found


def own_tree(source: str) -> ast.Module | tuple[int, str]:
    """`parse_tree(source)` for a caller that will change the tree (the compiler moves a block's lines
    to where the block stands in its note): taken out of the cache, so nobody else is handed it."""
    found = _TREES.pop(source, None)
    return found if found is not None else _parse(source)


def _parse(source: str) -> ast.Module | tuple[int, str]:
    try:
        return ast.parse(source)  # its warnings (`"\d"` in a pasted regex) are silenced: see `notesense`
    except SyntaxError as exc:
        return (exc.lineno or 1, exc.msg)
    except (ValueError, MemoryError, RecursionError) as exc:  # NUL bytes, absurd nesting
        return (1, str(exc) or type(exc).__name__)


def parse_error(source: str) -> tuple[int, str] | None:
    """(1-based line, message) of the first syntax error in `source`, or None."""
    tree = parse_tree(source)
    return tree if isinstance(tree, tuple) else None


def has_statements(source: str) -> bool:
    """True when `source` holds more than comments, a lone name or a lone constant."""
    tree = parse_tree(source)
    if isinstance(tree, tuple) or not tree.body:
        return False
    body = tree.body
    if len(body) == 1 and isinstance(body[0], ast.Expr) and (
            isinstance(body[0].value, ast.Name) or printed_value(body[0].value, calls=False)):
        return False  # a lone name or value (`[('a', 3), ('b', 2)]`, pasted output) names no API
    return True


def printed_value(node: ast.expr, calls: bool = True) -> bool:
    """An expression that is a value the way Python prints one: literals, and (with `calls`) calls of
    dotted names with such arguments — `array([3, 0, 4])`, `tensor([1.], dtype=torch.float64)`,
    `Counter({'a': 3})`. It reads no variable, so as a block of its own it is output, not code."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return all(printed_value(e, calls) for e in node.elts)
    if isinstance(node, ast.Dict):
        return all(k is not None and printed_value(k, calls) for k in node.keys) and all(
            printed_value(v, calls) for v in node.values)
    if isinstance(node, ast.UnaryOp):
        return printed_value(node.operand, calls)
    if isinstance(node, ast.Call) and calls:
        # a repr names a constructor (`array(…)`, `np.float64(1.0)`); `df.describe()` calls a method
        constructor = isinstance(node.func, ast.Name) or _dotted_name(node.func) and bool(node.args)
        return constructor and all(printed_value(a) for a in node.args) and all(
            printed_value(k.value) or _dotted_name(k.value) for k in node.keywords)
    return False


def _dotted_name(node: ast.expr) -> bool:
    while isinstance(node, ast.Attribute):
        node = node.value
    return isinstance(node, ast.Name)


def is_python_module(source: str) -> bool:
    """The whole text parses as Python with real statements, and is not just a JSON-like literal."""
    return parses(source) and has_statements(source) and not is_data_literal(source)


def is_data_literal(source: str) -> bool:
    """A block that is one JSON-like literal (dict/list of constants): config, not Python."""
    tree = parse_tree(source)
    if isinstance(tree, tuple):
        return False
    body = tree.body
    if len(body) != 1 or not isinstance(body[0], ast.Expr) or not isinstance(body[0].value, (ast.Dict, ast.List)):
        return False
    for node in ast.walk(body[0].value):
        if isinstance(node, (ast.Call, ast.Attribute, ast.BinOp, ast.Subscript, ast.Lambda, ast.comprehension)):
            return False
        if isinstance(node, ast.Name) and node.id not in ("true", "false", "null", "True", "False", "None"):
            return False
    return isinstance(body[0].value, ast.Dict) or source.count("\n") > 1


# IPython's input prompt: `In [3]:`, or `In[3]:` as some consoles copy it
IPYTHON_PROMPT = r"In ?\[\d*\]:"
# a book's or a blog's session without numbers: `In: a = t.ones(3)`, `In : cm.jet.N`
BARE_PROMPT = r"In ?:"
_BARE_PROMPT_LINE = re.compile(rf"{BARE_PROMPT} ")


def is_repl(lines: list[str]) -> bool:
    """The first non-comment line carries a `>>>` / `In [n]:` / `In:` prompt (or `>>` followed by Python)."""
    for line in lines:
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith(">>>") or re.match(IPYTHON_PROMPT, stripped):
            return True
        if bare := _BARE_PROMPT_LINE.match(stripped):
            return parses_line(stripped[bare.end():].strip()) or stripped.rstrip().endswith(("\\", ":", "(", "[", "{", ","))
        if stripped.startswith(">> "):
            return parses_line(stripped[3:].strip())
        return False
    return False


def shell_line(line: str) -> bool:
    """`pip install x`, `$ ls -la`, `> python -m pip …`, `./configure --prefix=…`, `export A=b`."""
    stripped = line.strip()
    if not stripped or stripped.startswith("#"):
        return False
    if stripped.startswith("$ "):
        return True
    word = stripped.split(None, 1)[0]
    if word.lower() not in _SHELL_COMMANDS and word[0] not in "$>#./" and word != "sudo" and "=" not in word:
        return False  # the common case, decided without the regex
    match = _SHELL_LINE.match(stripped)
    if not match:
        return False
    cmd, rest = match.group("cmd"), match.group("rest").strip()
    if cmd.startswith(("./", "../", "/")):
        return True
    if cmd.lower() not in _SHELL_COMMANDS:
        return False
    if not rest:
        return not parses_line(stripped) or cmd in _BARE_COMMANDS
    if rest[0] in "=(.[,:" or rest.startswith(("+=", "-=", "*=", "==", "in ", "is ", "if ", "for ", "and ", "or ")):
        return False  # `source = …`, `type(x)`, `set()`: Python that happens to start with a command word
    return True


def is_shell(lines: list[str]) -> bool:
    if lines and _SHEBANG.match(lines[0].strip()):
        return True
    code = [line for line in lines if line.strip() and not line.strip().startswith(("#", "//", "rem ", "REM "))]
    if not code:
        return False
    shell = sum(1 for line in code if shell_line(line) or _SHELL_SYNTAX.match(line))
    return shell >= 1 and shell >= 0.5 * len(code) and shell > python_lines(code)


def python_lines(lines: list[str]) -> int:
    """Lines that are unmistakably Python (imports, defs, assignments with calls…) and not shell."""
    return sum(1 for line in lines if _PYTHONIC.match(line) and not shell_line(line) and not _C_LIKE.search(line))


def is_ini(lines: list[str]) -> bool:
    """`[section]` followed by `key = value` lines: INI even though it may parse as Python."""
    content = [line for line in lines if line.strip() and not line.lstrip().startswith((";", "#"))]
    return bool(content) and bool(_INI_SECTION.match(content[0])) and all(
        _INI_LINE.match(line) and "(" not in line for line in content
    )


def is_config(text: str, lines: list[str]) -> bool:
    """JSON (with comments), YAML, INI, XML/HTML: mostly `key: value` / `<tag>` lines that are not Python."""
    stripped = text.strip()
    markup = sum(1 for line in lines if _MARKUP_LINE.match(line))
    if markup and markup >= 0.5 * len(lines):
        return True
    if stripped[:1] in "{[" and stripped[-1:] in "}]" and _JSON_KEY.search(text):
        return not parses(stripped) or is_data_literal(stripped)
    # the lines are read as settings before the text is parsed: most blocks asked about (code that does
    # not parse as it stands) are no settings, and then the parse is not needed
    return (is_ini(lines) or _mostly_settings(lines)) and not parses(text) \
        and not any(_ERROR_TEXT.search(line) for line in lines[:2])


def _mostly_settings(lines: list[str]) -> bool:
    """Seven in ten of the lines that are no comment are `key: value` / `key = value` settings, no Python."""
    content = [line for line in lines if not line.lstrip().startswith(("#", "//"))]
    config = sum(1 for line in content if _CONFIG_LINE.match(line) and not _PYTHONIC.match(line))
    return config >= 0.7 * len(content) > 0


def signature_lines(lines: list[str]) -> list[str]:
    """The API signature lines of a block made of signatures (and comments / plain calls), else []. A
    signature broken over lines inside its parentheses counts as one line."""
    found: list[str] = []
    for line in _joined(lines):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if (_SIGNATURE.match(stripped) or _DOTTED_CALL.match(stripped)) and not parses_line(stripped) \
                and not _C_LIKE.search(stripped) and not _SCRIPT.search(stripped):
            # a signature; or a library's call written out with a slip in its defaults
            # (`lr_scheduler.ReduceLROnPlateau(optimizer, …, threshold_mode\'rel', …)`)
            found.append(stripped)
        elif not (re.match(r"^[\w.]+\(.*\)$", stripped) and parses_line(stripped)):
            return []
    return found


def python_share(lines: list[str]) -> float:
    """Share of logical lines that parse alone or are unmistakably Python; C-like lines count against."""
    logical = logical_lines(lines)
    if not logical:
        return 0.0
    if len(logical) > _SHARE_SAMPLE:  # an even sample keeps huge blocks linear-time and cheap
        logical = logical[:: len(logical) // _SHARE_SAMPLE]
    good = 0.0
    for text in logical:
        first = text.split("\n", 1)[0]
        if _C_LIKE.search(first) or _SCRIPT.search(first) or shell_line(first):
            continue
        body = text.strip()
        if body.endswith(":") and _PYTHONIC.match(first):
            good += 1
        elif _line_facts(body)[1] and not _bare_reference(body):
            good += 1
        elif _PYTHONIC.match(first) and not _CJK.search(body.split("#", 1)[0]):
            good += 0.75
    return good / len(logical)


def _says_something(tree: ast.Module | None) -> bool:
    """Parsed, and more than a lone constant (`1`, `'x'`, `...`), which proves nothing."""
    if tree is None or not tree.body:
        return False
    body = tree.body
    return not (len(body) == 1 and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant))


def _bare_reference(source: str) -> bool:
    """`foo.py`, `os.path`: parses, but on its own line proves nothing (file trees look like this)."""
    return re.fullmatch(r"[A-Za-z_][\w.]*", source.split("#", 1)[0].strip()) is not None


def logical_lines(lines: list[str]) -> list[str]:
    """Join physical lines while brackets are open; comments and blank lines are dropped."""
    out: list[str] = []
    current: list[str] = []
    depth = 0
    for line in lines:
        if not current and (not line.strip() or line.strip().startswith("#")):
            continue
        current.append(line)
        depth = max(0, depth + bracket_delta(line))
        if depth == 0:
            out.append("\n".join(current))
            current = []
    if current:
        out.append("\n".join(current))
    return out


def code_chars(line: str) -> Iterator[tuple[int, str]]:
    """(index, character) of `line` outside string literals; a `#` that starts a comment is yielded
    and ends the scan. Rough by design (no multi-line strings) and never raises."""
    quote = ""
    index = 0
    while index < len(line):
        char = line[index]
        if quote:
            if char == "\\":
                index += 1
            elif line.startswith(quote, index):
                index += len(quote) - 1
                quote = ""
        elif char in "\"'":
            quote = line[index:index + 3] if line.startswith(char * 3, index) else char
            index += len(quote) - 1
        else:
            yield index, char
            if char == "#":
                return
        index += 1


def bracket_delta(line: str) -> int:
    """Open minus closed brackets on `line`, ignoring strings and comments."""
    if "'" not in line and '"' not in line and "#" not in line:  # every character is code: counted in C
        return (line.count("(") + line.count("[") + line.count("{")
                - line.count(")") - line.count("]") - line.count("}"))
    depth = 0
    for _, char in code_chars(line):
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
    return depth


def output_line(line: str) -> bool:
    """A line that is unmistakably program output: rules, tqdm bars, tracebacks, `Out[n]:`."""
    stripped = line.strip()
    return bool(
        _RULE.match(stripped)
        or _TQDM.search(stripped)
        or stripped.startswith(("Traceback (most recent call last)", "Out["))
        or re.match(r"^\[torch\.\w+ of size [\dx]+\]$", stripped)
    )


_TRACEBACK_FRAME = re.compile(
    r'^\s*(?:Traceback \(most recent call last\)|File "[^"]+", line \d+|\S+\.py:\d+: \w*(?:Warning|Error)\b)'
)  # the last: a line the warnings module prints (`…/functional.py:718: UserWarning: …`)
_PROGRESS = re.compile(r"\d+%\|[^|]*\|\s*\d+/\d+|\[=*>?\.*\]\s*-\s*(?:ETA|\d+m?s)|^\s*\d+/\d+\s*\[[=>.]+\]")
_TRAINING_LOG = re.compile(
    r"(?i)^\s*\[?(?:epoch|iter(?:ation)?|step|batch)\b[\s:#\[]*\d+.*\b(?:loss|acc\w*|lr)\b\s*[:=]?\s*[-\d.e]+"
)


@lru_cache(maxsize=4096)  # every block's doc repeats its section's lines
def pasted_output_line(line: str) -> bool:
    """A line of *prose* that is pasted program output: a traceback frame, a warning, a progress bar,
    a training log line, `Out[n]:`, an exported output figure, printed values. Hovers never show these as
    the note's words."""
    return bool(
        _TRACEBACK_FRAME.match(line)
        or _PROGRESS.search(line)
        or _TRAINING_LOG.match(line)
        or line.lstrip().startswith("Out[")
        or _OUTPUT_IMAGE.match(line)
        or _value_line(line)
    )


# what `print` writes for values, quoted or not (`> ['hello', [123]] ['hello', [123]]`, `2432356775368 24323…`,
# `tensor([1., 2.], requires_grad=True)`): it opens with a bracket, a number or one of these words, and
# outside its strings writes no other word
_VALUE_START = re.compile(r"\s*(?:>\s*)*(?=[\[({]|-?\.?\d|(?:None|True|False|nan|inf|array|tensor)\b)")
_QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"")
_VALUE_NAME = re.compile(r"[A-Za-z_]\w*")
_VALUE_WORDS = frozenset(
    "None True False nan inf array tensor dtype device requires_grad grad_fn torch cpu cuda e j bool "
    "float16 float32 float64 int8 int16 int32 int64 uint8 complex64 complex128".split()
)


def _value_line(line: str) -> bool:
    """A line that is only printed values, a `# comment` after them allowed (what a post pastes under its
    code, as a quote or bare)."""
    start = _VALUE_START.match(line)
    if start is None or not line.isascii():
        return False
    values = _QUOTED.sub("''", line[start.end():]).split("#", 1)[0]
    return all(word in _VALUE_WORDS for word in _VALUE_NAME.findall(values))


# a figure a notebook exporter (nbconvert, jupytext) wrote for a cell's output: `![png](output_3_1.png)`
_OUTPUT_IMAGE = re.compile(r"\s*!\[(?:png|jpe?g|svg|gif|output)\]\([^)\s]*\)\s*$", re.IGNORECASE)


def is_pasted_output(text: str) -> bool:
    """A paragraph at least half of whose lines are pasted output."""
    lines = [line for line in text.split("\n") if line.strip()]
    return bool(lines) and sum(map(pasted_output_line, lines)) * 2 >= len(lines)


# the line that introduces what the code printed: `输出：`, `运行结果如下：`, `Output:`, "which prints:"
_PRINTED = r"[^\n。.!?！？]{0,20}(?:输出|结果|打印|output|prints?|returns?|result)[^\n。.!?！？]{0,10}[:：]"
PRINTED_LABEL = re.compile(rf"(?i)^{_PRINTED}$")
_PRINTED_LINE = re.compile(rf"(?im)^{_PRINTED}[*_ \t]*$")  # one search tells whether a text has such a label


# What a label's line must hold (`_PRINTED`): a colon and one of its words. Checked with `in` first: every
# hover's doc is asked, and the multi-line search costs a regex step at each character. The letters that
# match the ASCII words only under IGNORECASE (`ſ`, `K`, `ı`, `İ`) leave the answer to the search.
_PRINTED_WORDS = ("输出", "结果", "打印")
_PRINTED_ASCII = ("output", "print", "return", "result")
_FOLDED_LETTERS = frozenset("ſKıİ")


def _may_have_printed_label(text: str) -> bool:
    """False only when `_PRINTED_LINE` cannot match `text` (no colon, or none of its words)."""
    if ":" not in text and "：" not in text:
        return False
    if any(word in text for word in _PRINTED_WORDS):
        return True
    low = text.lower()
    return any(word in low for word in _PRINTED_ASCII) or not text.isascii() and not _FOLDED_LETTERS.isdisjoint(text)


def without_printed(text: str) -> str:
    """Prose minus output pasted into it under a label ("运行结果：" then `bj    2` …): the label and
    the lines after it that are not sentences, up to a blank line or the first sentence."""
    if not _may_have_printed_label(text) or not _PRINTED_LINE.search(text):
        return text
    lines = text.split("\n")
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        end = index + 1
        if line.rstrip().endswith((":", "：")) and PRINTED_LABEL.match(line.strip().strip("*_> \t")):
            while end < len(lines) and lines[end].strip() and not _sentence(lines[end]):
                end += 1
            if end > index + 1:
                index = end
                continue
        out.append(line)
        index += 1
    return "\n".join(out)


_WORD = re.compile(r"[A-Za-z]{2,}")


def _sentence(line: str) -> bool:
    """A line of prose rather than printed values: a few Chinese words, or five English ones."""
    return len(_CJK.findall(line)) >= 4 or len(_WORD.findall(line)) >= 5


def is_output(lines: list[str]) -> bool:
    """Pasted output: numbers, tables, error messages — not prose, not a file tree."""
    if any(_ERROR_TEXT.search(line) for line in lines[:3]) or any(output_line(line) for line in lines):
        return True
    numeric = sum(1 for line in lines if len(_NUMBER.findall(line)) >= 2 or _NUMBER.fullmatch(line.strip()))
    return numeric >= 0.6 * len(lines)


def cjk_prose(line: str) -> bool:
    """A line of (mostly Chinese) prose that slipped into a code block."""
    return bool(_CJK.search(line)) and not line.lstrip().startswith("#") and not parses_line(line.strip())


def _joined(lines: list[str]) -> list[str]:
    """Lines with the ones an open parenthesis carries on joined to it (`f(a, b,` / `  c=None) -> T`)."""
    out: list[str] = []
    depth = 0
    for line in lines:
        stripped = line.strip()
        if depth > 0 and out and not stripped.startswith("#"):
            out[-1] = f"{out[-1].rstrip()} {stripped}"
        else:
            out.append(line)
        if not stripped.startswith("#"):
            depth = max(depth + stripped.count("(") - stripped.count(")"), 0)
    return out


# A reference listing: a block that writes API names (or their signatures) one per line, each followed by
# comment lines saying what it does — the way people copy an API table into a note:
#     Counter.most_common([n])
#         # 返回出现次数最多的 n 个元素
#     Response.status_code
#         # HTTP 状态码
_LISTED_NAME = r"^(?:class\s+)?([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)"
_LISTED = re.compile(rf"{_LISTED_NAME}\s*(\(.*\))?\s*(?:(?:->|→)\s*\S.*)?$")


def _said(text: str) -> bool:
    """Words, no code: Chinese (a Chinese word parses as a name), or English words that do not parse."""
    return bool(_CJK.search(text)) or len(_WORD.findall(text)) >= 2 and not parses_line(text)


# an entry, then two spaces or more and what it does on the same line (`list.count(obj)  返回 obj 出现的次数`),
# or Chinese right after its call's parentheses (`os.path.join()将分离的各部分组合成一个路径名`)
_GLOSSED_ENTRY = re.compile(
    rf"{_LISTED_NAME}((?:\s*\([^()]*(?:\([^()]*\)[^()]*)*\))?)(?:\s{{2,}}|(?<=\))\s*(?={_CJK.pattern}))([^\s#].*)$"
)


# what a fence says its lines are when it says Python (`jupyter`: a notebook's cell exported)
PYTHON_LABELS = frozenset({"python", "py", "python3", "python2", "ipython", "ipython3", "pycon", "jupyter"})
_NOT_PROSE = re.compile(r"\s*(?:noqa|type:|pragma|pylint|fmt:|nosec|isort:|mypy:)", re.I)


def code_line_count(text: str) -> int:
    """The lines of a block that are neither blank nor only a comment."""
    return sum(1 for line in text.split("\n") if line.strip() and not line.lstrip().startswith("#"))


# a print of values alone (`print('随机矩阵3')`, `print(d3, d3.dtype, d3.shape)`) or a figure shown (`plt.show()`):
# it calls nothing else, so it shows what the statement beside it made and is no step of the program
_SHOWS_VALUES = re.compile(r"""print\((?:[^()'"]|'[^'\n]*'|"[^"\n]*")*\)|\w+\.show\(\)""")


def commented_lines(text: str) -> list[tuple[int, str, str, ast.stmt]]:
    """(0-based line, the code, its comment, its statement) for each line of a top-level statement that
    carries a comment of prose on the same line (`torch.manual_seed(2)  # 设置种子`, or an element of a
    call spread over lines: `, transforms.ColorJitter(0.2)  # 亮度、对比度`), or on the comment line
    right above a one-line statement that stands alone under it (`# 切换到评估模式` then `model.eval()`;
    over several statements a comment names a step of the program), or on the comment lines right below
    a one-line statement that stands alone above them (`model.fit(x, y)` then `# 训练模型`, then a blank
    line): the note's words about what that line does. Inside a function or loop a comment narrates a program's step instead.
    Printed values (`# torch.Size([5, 3])`) and tool directives (`# noqa`) are not prose, and a block
    with fewer than two such lines has none (one comment may be an aside: `# 加载成功`) unless it is that
    one line (a notebook's one-line cell, `np.square(arr)  # 求平方`, or its comment over its one line,
    `# nunique: NaN 不算` then `s.nunique()`: what it does, said)."""
    least = 1 if code_line_count(text) <= 1 else 2  # a block of one line of code needs only its own comment
    if text.count("#") < least:
        return []
    found: list[tuple[int, str, str]] = []
    depth = 0  # brackets open at the line's start (strings are not told apart: a guess is enough here)
    top = False  # the statement the line belongs to starts unindented
    above = ""  # the prose of the comment lines right above this line, at the top level
    alone: tuple[int, str, str] | None = None  # a statement under its comment, until a next one joins it
    over: tuple[int, str] | None = None  # a statement alone after a blank line: the comment under it may be its
    group = ""  # the comment over the statements below it, while they go on: it may name the call of one
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if depth == 0:
            top = not line[:1].isspace()
        code, comment = _split_comment(line) if "#" in line else (line, "")
        opened = depth
        depth = max(depth + code.count("(") + code.count("[") + code.count("{")
                    - code.count(")") - code.count("]") - code.count("}"), 0)
        if top and opened == 0 == depth and not comment and _SHOWS_VALUES.fullmatch(code.strip()):
            continue  # `print('随机矩阵3')` under the comment, `print(d3, d3.shape)` under its statement: no step
        if alone is not None and (not line.strip() or (top and not code.strip())):
            found.append(alone)  # nothing else under the comment: it says what that statement does
        elif alone is not None:
            group = alone[2]  # a next statement joins it: the comment says a step, unless it names one's call
            if _names_call(group, alone[1]):
                found.append(alone)
                group = ""
        alone = None
        if not line.strip() or top and not code.strip():
            group = ""
        elif group and top and opened == 0 and _names_call(group, code):
            # "# 减少则使用subtract()方法：" over `c = Counter('which')` and `c.subtract('witch')  # …`: the line it names
            if not comment:
                found.append((index, code.strip(), group))
            else:
                comment = f"{group} {comment.lstrip('#').strip()}"
            group = ""
        if top and not code.strip() and comment and opened == 0:
            text_above = comment.lstrip("#").strip()
            above = f"{above} {text_above}".strip() if _prose_comment(text_above) else ""
            continue
        if over is not None and above and not line.strip():
            found.append((*over, above))  # `model.fit(x, y)` over `# 训练模型`, then a blank line
            above = ""
        over = None
        if not comment and above and top and opened == 0 == depth and code.strip():
            alone, above = (index, code.strip(), above), ""  # `# 切换到评估模式` over `model.eval()` alone
            continue
        if not comment and top and opened == 0 == depth and code.strip() and (index == 0 or not lines[index - 1].strip()):
            over = (index, code.strip())
        above = ""
        if not comment or not top:
            continue
        code, comment = code.strip().strip(","), comment.lstrip("#").strip()
        if code.startswith((">>> ", "... ")):
            code = code[4:]
        if code and _prose_comment(comment):
            found.append((index, code.strip(), comment))
    if alone is not None:
        found.append(alone)
    elif over is not None and above:
        found.append((*over, above))
    if len(found) < least:
        return []  # the parses below are the cost: most blocks stop here
    out = [(index, code, comment, tree.body[0]) for index, code, comment in found
           if (tree := _line_tree(code) or _line_tree(fix_optional_args(code))) is not None and len(tree.body) == 1]
    return out if len(out) >= least else []


_CALLED_NAME = re.compile(r"([A-Za-z_]\w{2,})\s*\(")


def names_call(comment: str, name: str) -> bool:
    """Whether a comment names the call `name` as code: `subtract()`, `.subtract`, "subtract 方法", "the
    subtract method"; not as a word of its sentence ("if reshape c as [3,1]")."""
    return name in comment and re.search(
        rf"(?:\.|(?<![A-Za-z0-9_])){re.escape(name)}(?:\s*\(|\s*(?:方法|函数|method|function)|`)|`\.?{re.escape(name)}\b"
        rf"|\.{re.escape(name)}(?![A-Za-z0-9_])", comment) is not None


def _names_call(comment: str, code: str) -> bool:
    """Whether a comment names a call the line makes (`subtract()` over `c.subtract('witch')`)."""
    return any(names_call(comment, name) for name in _CALLED_NAME.findall(code) if name not in ("print", "len", "list"))


_OPTIONAL_OPEN = re.compile(r"\[\s*,|(?<=[(,])\s*\[(?=\s*[\w*])")


def fix_optional_args(line: str) -> str:
    """Documentation's optional-argument brackets → a call: `shutil.rmtree(path[, ignore_errors[, onerror]])`
    → `shutil.rmtree(path, ignore_errors, onerror)`, `range([start,] stop[, step])` → `range(start, stop, step)`.

    Reference pages and the notes copied from them write signatures so; as written the line does not
    parse and its call would be lost. Changed only when the line does not parse and the call form does."""
    if "[" not in line or not _OPTIONAL_OPEN.search(line):
        return line
    statement, comment = _split_comment(line)
    if parses_line(statement.strip()):
        return line
    opened = _OPTIONAL_OPEN.sub(lambda m: "," if "," in m[0] else m[0][:-1], statement)
    kept: list[str] = []
    depth: list[str] = []
    for char in opened:  # drop each `]` that closes no `[`: the optional groups' ends
        if char in "([{":
            depth.append(char)
        elif char in ")]}":
            if char == "]" and (not depth or depth[-1] != "["):
                continue
            if depth:
                depth.pop()
        kept.append(char)
    fixed = "".join(kept).rstrip()
    if not parses_line(fixed.strip()):
        return line
    return fixed + (f"  # {comment}" if comment else "")


def _worded(comment: str) -> bool:
    """A comment in words, however few (`# 求和`, `# in place`), not a printed value (`# A    1.000000`,
    `# torch.Size([5, 3])`, `# True`): what a listing's entry carries."""
    return bool(comment) and not _NOT_PROSE.match(comment) and bool(
        _CJK.search(comment) or (_WORD.search(comment) and not parses_line(comment)))


def _prose_comment(comment: str) -> bool:
    """A comment that says something in words: Chinese words are Python names too (`设置种子` parses),
    so only an ASCII comment can be printed code."""
    return bool(comment) and not _NOT_PROSE.match(comment) and bool(
        _CJK.search(comment) or (len(_WORD.findall(comment)) >= 3 and not parses_line(comment)))


# a string alone on a line that names a call (`'''torch.randn()'''`, `"""np.where"""`): a part's caption
_CAPTION_STRING = re.compile(r"""^(?:'{3}|"{3}|'|")\s*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)\s*(?:\(\))?\s*(?:'{3}|"{3}|'|")\s*$""")


def captioned_parts(text: str) -> list[tuple[int, str, str]]:
    """(0-based line, dotted name, the comment under it) for each part of a long cell that a string alone
    captions with the API it shows (`'''torch.randn()'''` over "# initialization: random values
    subjective to normal distribution N~(0,1)", then its calls): a notebook kept as one cell per topic,
    each part headed so. Only unindented captions with comment lines of words right under them count,
    and only in a block with two captions at least: one string alone may be any docstring."""
    lines = text.split("\n")
    found: list[tuple[int, str, str]] = []
    captions = 0
    for index, line in enumerate(lines):
        m = _CAPTION_STRING.match(line)
        if m is None:
            continue
        captions += 1
        words: list[str] = []
        for below in lines[index + 1:]:
            stripped = below.strip()
            if not stripped.startswith("#"):
                break
            if _prose_comment(comment := stripped.lstrip("#").strip()):
                words.append(comment)
        if words:
            found.append((index, m[1], "\n".join(words)))
    return found if captions >= 2 else []


def listing_entries(text: str) -> list[tuple[int, str, str, str]]:
    """(0-based line, dotted name, the entry as written, its comment) for each commented entry of the
    reference listing a block opens with; [] for any other block. The listing runs while lines are
    entries, comments or blank (an example may follow it); it counts only when it opens the block and
    at least two entries carry a comment. In ordinary code a comment says what the line after it does.
    A listing pasted as preformatted text says it in words with no `#`: indented under the entry
    (`string.partition(str)` over "    有点像 find()和 split()的结合体…") or after two spaces on its line
    (`list.pop(index=-1)  删除并返回指定位置的对象`), words that are no code."""
    entries: list[tuple[int, str, str, list[str]]] = []
    for index, line in enumerate(text.split("\n")):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            if not entries:
                return []
            if _worded(comment := stripped.lstrip("#").strip()):  # not what the entry printed (`# A    1.000000`)
                entries[-1][3].append(comment)
            continue
        m = _LISTED.match(stripped)
        if m is None and (glossed := _GLOSSED_ENTRY.match(stripped)) and _said(glossed[3]):
            entries.append((index, glossed[1], stripped[:glossed.end(2)].rstrip(), [glossed[3]]))
            continue
        if m is None and entries and line[:1].isspace() and _said(stripped):
            entries[-1][3].append(stripped)
            continue
        if m is None and entries and re.match(_LISTED_NAME, stripped) and _CJK.search(stripped):
            continue  # an entry written some other way (`os.mkdir/makedirs 创建目录/多层目录`): the listing goes on
        if m is None:
            break
        entries.append((index, m[1], stripped, []))
    commented = [(index, name, written, "\n".join(c for c in comment if c)) for index, name, written, comment in entries]
    commented = [entry for entry in commented if entry[3]]
    return commented if len(commented) >= 2 else []


# A cheat sheet's line: what a call gives, written with <placeholders> for the values, and a comment on
# the same line saying what it does (the layout of the widely copied "Comprehensive Python Cheatsheet"):
#     <list>  = re.findall(r'<regex>', text)   # Returns all occurrences as string objects.
#     <write>.writerow(<collection>)           # a method of what an earlier line made
#     <array> = np.zeros/ones/empty(shape)     # one comment for three functions
# Placeholders are delimited by `<` and `>`, names by `.`, `/` and `,`: one way to read a line, in linear time.
_PLACEHOLDER = r"<[^<>\n]*>"
_TARGET = rf"(?:{_PLACEHOLDER}|[A-Za-z_]\w*)"
_CHEAT_LINE = re.compile(
    rf"^(?:({_TARGET})(?:\s*,\s*{_TARGET})*\s*=\s*)?({_PLACEHOLDER}|[A-Za-z_]\w*)((?:\.[A-Za-z_]\w*)*)"
    rf"((?:/[A-Za-z_]\w*)*)\s*(?:\(.*)?$"
)
_HAS_PLACEHOLDER = re.compile(_PLACEHOLDER)


def cheat_sheet_entries(text: str) -> list[tuple[int, str, list[str], str]]:
    """(0-based line, the placeholder or name it assigns ('' for none), the names it calls — `<recv>.member`
    for a method of a placeholder, one per `a/b` alternative —, its same-line comment) for each call line
    of a cheat-sheet block; [] for any other block. A block is a cheat sheet when it does not parse and at
    least two lines with a placeholder carry a comment; a line without a comment still types its target."""
    lines = text.split("\n")
    if sum(1 for line in lines if "#" in line and _HAS_PLACEHOLDER.search(line)) < 2 or parses(text):
        return []
    entries: list[tuple[int, str, list[str], str]] = []
    commented = 0
    for index, line in enumerate(lines):
        code, comment = _split_comment(line)
        m = _CHEAT_LINE.match(code.strip())
        if m is None or not (m[3] or "(" in code):
            continue
        called = m[2] + m[3]
        names = [called]
        if m[4]:
            stem = called.rpartition(".")[0]
            names.extend(f"{stem}.{alt}" if stem else alt for alt in m[4][1:].split("/"))
        entries.append((index, m[1] or "", names, comment))
        commented += bool(comment and _HAS_PLACEHOLDER.search(line))
    return entries if commented >= 2 else []


def _split_comment(line: str) -> tuple[str, str]:
    """A line's code and the text of its trailing comment ('' when it has none)."""
    for index, char in code_chars(line):
        if char == "#":
            return line[:index], line[index + 1:].strip()
    return line, ""
