"""The kind of a receiver from the lines that bind its names, without parsing the whole file.

Completion after `df.` runs on every keystroke, on a new version of the file each time; parsing and
inferring a 3,000-line file costs tens of milliseconds, far over the budget. Here a regular
expression finds the lines that bind `df` (assignments, annotations, loop and `as` targets,
parameters), those lines alone (in file order) become a small module, and `analysis.kinds` runs on
that, with the file's imports bound before it. Every binding of the name anywhere in the scope
takes part, so the answer is more often "unknown" than the full inference — never a wrong kind it
would not also give.

A version's answers are kept (`QuickReader`, one per `Document`): completion, its resolve and a hover
ask the same version about the same receiver, and a receiver's scope is scanned once. The small model
of a set of binding lines is kept across versions (`_MODELS`): typing elsewhere in the file leaves the
lines binding `df` as they were, and the next keystroke's `df.` is then only the scan.
"""

from __future__ import annotations

import ast
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import lru_cache

from notesense.analysis.imports import ImportMap
from notesense.analysis.kinds import Kinds
from notesense.analysis.semantic import SemanticModel

MAX_DEPTH = 3  # `df = raw.fillna(0)` needs `raw`'s bindings too, and so on, this far
MAX_LINES = 200  # a scope binding its names on more lines than this is not worth guessing
MAX_CLASS_LINES = 1_000  # a longer class body is left to the full model (its members unknown here)


@lru_cache(maxsize=512)
def _name_re(name: str) -> re.Pattern[str]:
    return re.compile(rf"\b{re.escape(name)}\b")


@lru_cache(maxsize=512)
def _binding_re(name: str) -> re.Pattern[str]:
    """A line that (re)binds `name`: assignment (also in a tuple target), loop or `as` target,
    parameter, walrus, global/nonlocal declaration. Matched per line, on lines that contain `name`."""
    n = re.escape(name)
    return re.compile(
        rf"[ \t]*(?:"
        rf"[\w, ()*]*?\b{n}\b[\w, ()*]*(?::[^=\n]*)?(?:[-+*/%@&|^]|//|\*\*|>>|<<)?=(?!=)"
        rf"|(?:async[ \t]+)?for[ \t].*?\b{n}\b.*?[ \t]in\b"
        rf"|.*\bas[ \t]+{n}\b"
        rf"|(?:async[ \t]+)?def[ \t]+\w+[ \t]*\(.*\b{n}\b"
        rf"|.*\b{n}[ \t]*:="
        rf"|(?:global|nonlocal)[ \t].*\b{n}\b"
        rf"|class[ \t]+{n}\b"
        rf")"
    )


_CLASS_HEADER = re.compile(r"class\s+\w+\s*(?:\([^()]*\))?\s*:")
_CLASS_MEMBER = re.compile(r"(?:async\s+)?def\s+(\w+)|(\w+)\s*(?::[^=\n]*)?=(?!=)")
_SELF_ATTRIBUTE = re.compile(r"\bself\.(\w+)\s*(?::[^=\n]*)?=(?!=)")
_ANNOTATED_PARAM = r"\b{name}\s*:\s*([A-Za-z_][\w.]*(?:\[[^\]\n]*\])?|'[^'\n]*'|\"[^\"\n]*\")"


MAX_KEPT_MODELS = 64  # models of binding lines kept across versions (`_MODELS`), the least recently used dropped
_MODELS: OrderedDict[tuple[str, tuple[tuple[str, str], ...]], Kinds | None] = OrderedDict()
_MODELS_LOCK = threading.Lock()


class QuickReader:
    """The line-based answers about one version of a file (its lines and imports), each computed once:
    a receiver's text is answered the same wherever in its scope it is read. Safe to share between
    threads (a race computes an answer twice, the same)."""

    def __init__(self, lines: list[str], imports: ImportMap) -> None:
        self._lines = lines
        self._imports = imports
        self._names = tuple(sorted(imports.names.items()))  # the imports as the model reads them: part of its key
        self._answers: dict[tuple[str, str, str, int], object] = {}
        self._programs: dict[tuple[frozenset[str], int], str | None] = {}
        self._module: list[int] | None = None

    def kind(self, expr: str, line: int) -> str | None:
        """The kind of `expr` (a receiver's text) read on 0-based `line`, from the bindings of its names
        in the function around `line` (or at module level when that function does not bind them)."""
        return self._answer("kind", expr, "", line)  # type: ignore[return-value]

    def symbol(self, receiver: str, member: str, line: int) -> str | None:
        """The public name of `receiver.member` read on 0-based `line` (see `kind`)."""
        return self._answer("symbol", receiver, member, line)  # type: ignore[return-value]

    def receiver(self, expr: str, line: int) -> tuple[str | None, frozenset[str]]:
        """`Kinds.receiver_of_source` for `expr` read on 0-based `line` (see `kind`)."""
        return self._answer("receiver", expr, "", line)  # type: ignore[return-value]

    def _answer(self, what: str, expr: str, member: str, line: int) -> object:
        key = (what, expr, member, _scope_of(self._lines, line))
        try:
            return self._answers[key]
        except KeyError:
            pass
        kinds = self._kinds(expr, key[3])
        if kinds is None:
            found: object = (None, frozenset()) if what == "receiver" else None
        elif what == "kind":
            found = kinds.kind_of_source(expr)
        elif what == "symbol":
            found = kinds.member_symbol_at(expr, member)
        else:
            found = kinds.receiver_of_source(expr)
        self._answers[key] = found
        return found

    def _kinds(self, expr: str, scope: int) -> Kinds | None:
        """The model of the lines binding the names `expr` reads, as `scope` sees them."""
        try:
            node = ast.parse(expr.strip(), mode="eval")
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return None
        key = (frozenset(n.id for n in ast.walk(node) if isinstance(n, ast.Name)), scope)
        if key in self._programs:
            program = self._programs[key]
        else:
            statements = _bindings(self._lines, set(key[0]), self._imports, scope, self._module_lines)
            program = None if statements is None else "\n".join(text for _, text in sorted(statements))
            self._programs[key] = program
        return None if program is None else _model(program, self._names)

    def _module_lines(self) -> list[int]:
        if self._module is None:
            self._module = module_lines(self._lines)
        return self._module


def _model(program: str, names: tuple[tuple[str, str], ...]) -> Kinds | None:
    """The kinds of the binding lines `program`, the imports `names` bound before it; kept across
    versions, so that a keystroke that leaves a receiver's binding lines as they were parses nothing."""
    key = (program, names)
    with _MODELS_LOCK:
        if key in _MODELS:
            _MODELS.move_to_end(key)
            return _MODELS[key]
    try:
        kinds: Kinds | None = Kinds(SemanticModel(ast.parse(program), implicit=dict(names)))
    except (SyntaxError, ValueError, RecursionError, MemoryError, SystemError):
        kinds = None
    with _MODELS_LOCK:
        _MODELS[key] = kinds
        if len(_MODELS) > MAX_KEPT_MODELS:
            _MODELS.popitem(last=False)
    return kinds


def module_lines(lines: list[str]) -> list[int]:
    """0-based numbers of the module-level lines: outside every top-level `def`/`class` body (their
    header lines included), in one pass."""
    out: list[int] = []
    in_block = False
    for i, text in enumerate(lines):
        header = False
        if text[:1] not in ("", " ", "\t", "#", ")", "]", "}"):
            in_block = text.startswith(("def ", "async def ", "class ", "@"))
            header = in_block
        if header or not in_block:
            out.append(i)
    return out


def _bindings(
    lines: list[str], names: set[str], imports: ImportMap, scope: int, module_of: Callable[[], list[int]]
) -> list[tuple[int, str]] | None:
    """(line, statement) for each binding of `names` (and of the names their values use) in `scope`,
    falling back to module level (`module_of()`: its lines) for a name `scope` does not bind; None when
    there are too many."""
    statements: list[tuple[int, str]] = []
    seen: set[str] = set()
    todo = set(names)
    region = _region(lines, scope) if scope >= 0 else range(0)
    for _ in range(MAX_DEPTH):
        next_names: set[str] = set()
        for name in sorted(todo - seen):
            seen.add(name)
            if name in imports.names:
                continue  # the ImportMap already says what it is
            chosen = _binding_lines(lines, name, region, scope)
            if not chosen:
                chosen = _binding_lines(lines, name, module_of(), -1)
            if len(statements) + len(chosen) > MAX_LINES:
                return None
            for at, text in chosen:
                owner = _method_owner(lines, at, name) if text.startswith(("def ", "async def ")) else None
                if owner is not None:  # `self` in a method: an instance of the class around it
                    statements.append((owner[0], _class_statement(lines, owner[0], owner[1], imports)))
                    stmt = f"{name} = {owner[1]}()"
                else:
                    stmt = _class_statement(lines, at, name, imports) if text.startswith("class ") else _statement(name, text)
                statements.append((at, stmt))
                if stmt != f"{name} = ..." and (stmt.startswith(("with ", "for ")) or re.match(rf"\(?{_TARGET}=(?!=)", stmt)):
                    next_names.update(_used(stmt))
        todo = next_names
        if not todo - seen:
            break
    return statements


def _binding_lines(lines: list[str], name: str, candidates, scope: int) -> list[tuple[int, str]]:
    """(line, stripped text) of the lines among `candidates` that bind `name` and belong to `scope` itself."""
    word = _name_re(name)
    binding = _binding_re(name)
    out: list[tuple[int, str]] = []
    for i in candidates:
        text = lines[i]
        if name not in text or not word.search(text) or not binding.match(text):
            continue
        stripped = text.strip()
        if scope >= 0:
            owner = i if stripped.startswith(("def ", "async def ")) else _scope_of(lines, i)
            if owner != scope:
                continue  # a nested function's own binding
        elif stripped.startswith(("def ", "async def ")):
            continue  # a parameter of a module-level-looking def (inside `if`): not a module binding
        out.append((i, stripped))
    return out


def _region(lines: list[str], start: int) -> range:
    """Lines of the block headed at `start` (the header included): up to the next line indented as
    little as the header."""
    indent = _indent(lines[start])
    end = start + 1
    while end < len(lines):
        text = lines[end]
        stripped = text.lstrip()
        if stripped and not stripped.startswith("#") and len(text) - len(stripped) <= indent:
            break
        end += 1
    return range(start, end)


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip())


def _scope_of(lines: list[str], line: int) -> int:
    """The 0-based line of the `def` (or `class`) whose body holds `line`; -1 for module level."""
    if not 0 <= line < len(lines):
        return -1
    text = lines[line]
    indent = _indent(text) if text.strip() else 1 << 30
    for i in range(line - 1, -1, -1):
        if indent == 0:
            return -1
        candidate = lines[i]
        stripped = candidate.lstrip()
        if not stripped or stripped.startswith("#"):
            continue
        level = len(candidate) - len(stripped)
        if level < indent:
            if stripped.startswith(("def ", "async def ", "class ")):
                return i
            indent = level
    return -1


_CLASS_NAME = re.compile(r"class\s+(\w+)")
_PLAIN_DECORATORS = ("@staticmethod", "@classmethod")


def _method_owner(lines: list[str], start: int, name: str) -> tuple[int, str] | None:
    """(line, name) of the class whose method, headed at `start`, takes `name` as its first
    parameter (`self`); None for a function, a static or class method, or another parameter."""
    if not re.match(rf"\s*(?:async\s+)?def\s+\w+\s*\(\s*{re.escape(name)}\s*[,)]", lines[start]):
        return None
    above = next((lines[i].strip() for i in range(start - 1, -1, -1) if lines[i].strip()), "")
    if above.startswith(_PLAIN_DECORATORS):
        return None
    owner = _scope_of(lines, start)
    found = _CLASS_NAME.match(lines[owner].strip()) if owner >= 0 else None
    return (owner, found[1]) if found else None


def _class_statement(lines: list[str], start: int, name: str, imports: ImportMap) -> str:
    """The class headed at `start` as its header and one binding per member its body defines
    (methods, class attributes, `self.x = …`): a member the class defines itself names no library API,
    as the full model says (`model.fc` on an `nn.Module` subclass setting `self.fc`). A member set once,
    on one line, to a call of an imported name (`self.fc = nn.Linear(4, 2)`) keeps that value, so that
    `model.fc.weight` is known; any other member is unknown."""
    header = _CLASS_HEADER.match(lines[start].strip())
    region = _region(lines, start)
    if header is None or len(region) > MAX_CLASS_LINES:
        return f"{name} = ..."
    members: dict[str, str] = {}
    body_indent: int | None = None
    for i in region[1:]:
        text = lines[i]
        stripped = text.lstrip()
        if not stripped or stripped.startswith("#"):
            continue
        if body_indent is None:
            body_indent = _indent(text)
        if _indent(text) == body_indent and (own := _CLASS_MEMBER.match(stripped)):
            members[own[1] or own[2]] = "..."
        for attr in _SELF_ATTRIBUTE.findall(text):
            value = _held_call(stripped, attr, imports) if attr not in members else None
            members[attr] = value or "..."
    body = "".join(f"\n    {member} = {value}" for member, value in members.items()) or " pass"
    return header[0] + body


def _held_call(stripped: str, attr: str, imports: ImportMap) -> str | None:
    """The value of `self.<attr> = <call>` when the whole statement is on this line and the callee is
    reached through an import (`nn.Linear(4, 2)`, `torch.optim.SGD(...)`)."""
    m = re.match(rf"self\.{re.escape(attr)}\s*=\s*(.+)$", stripped.split("  #", 1)[0].rstrip())
    if m is None:
        return None
    try:
        value = ast.parse(m[1], mode="eval").body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    func = value.func if isinstance(value, ast.Call) else None
    while isinstance(func, ast.Attribute):
        func = func.value
    return m[1] if isinstance(func, ast.Name) and func.id in imports.names else None


@lru_cache(maxsize=4096)
def _statement(name: str, line: str) -> str:
    """The binding on `line` as a one-line statement; an unknown binding when it is not a plain one.
    Kept: the next version's scan meets the same lines (each is a parse)."""
    unknown = f"{name} = ..."
    if line.startswith(("def ", "async def ")):
        m = re.search(_ANNOTATED_PARAM.format(name=re.escape(name)), line)
        return f"{name}: {m.group(1)}" if m else unknown
    if line.startswith(("with ", "for ")) and line.endswith(":") and ":=" not in line:
        header = _header(name, line)  # `with open(p) as f:`, `for path in root.glob("*.csv"):`
        if header is not None:
            return header
    if line.startswith(("for ", "async for ", "global ", "nonlocal ")) or " as " in line or ":=" in line:
        return unknown
    if line.endswith((":", "\\", "(", "[", "{", ",")):
        return unknown
    candidate = line.split("  #", 1)[0].rstrip()
    try:
        tree = ast.parse(candidate)
    except (SyntaxError, ValueError, RecursionError, MemoryError, SystemError):
        return unknown
    if len(tree.body) != 1 or not isinstance(tree.body[0], (ast.Assign, ast.AnnAssign, ast.AugAssign)):
        return unknown
    stmt = tree.body[0]
    if isinstance(stmt, ast.Assign) and not (len(stmt.targets) == 1 and _flat_target(stmt.targets[0])):
        return unknown  # nested or starred targets, chained assignments: not worth the risk
    return candidate


def _header(name: str, line: str) -> str | None:
    """A `with` or `for` header that binds `name` (a plain name, or one of a `for`'s tuple of names),
    as a statement with an empty body: the model reads what the context manager or the iteration
    gives it."""
    try:
        tree = ast.parse(line.split("  #", 1)[0].rstrip() + " pass")
    except (SyntaxError, ValueError, RecursionError, MemoryError, SystemError):
        return None
    stmt = tree.body[0] if len(tree.body) == 1 else None
    if isinstance(stmt, ast.With) and any(isinstance(i.optional_vars, ast.Name) and i.optional_vars.id == name
                                          for i in stmt.items):
        return ast.unparse(stmt).replace("\n", " ")
    names = stmt.target.elts if isinstance(stmt, ast.For) and isinstance(stmt.target, ast.Tuple) else [getattr(stmt, "target", None)]
    if isinstance(stmt, ast.For) and any(isinstance(n, ast.Name) and n.id == name for n in names):
        return ast.unparse(stmt).replace("\n", " ")  # `for i, line in enumerate(f):` too
    return None


@lru_cache(maxsize=4096)
def _used(stmt: str) -> frozenset[str]:
    """The names a binding statement reads: right of its `=`, or in a `with`/`for` header's values
    (kept, as `_statement`)."""
    if stmt.startswith(("with ", "for ")):
        tree = ast.parse(stmt)
        node = tree.body[0]
        values = [i.context_expr for i in node.items] if isinstance(node, ast.With) else [node.iter]
        return frozenset(n.id for v in values for n in ast.walk(v) if isinstance(n, ast.Name))
    return frozenset(_names_in(stmt.partition("=")[2]))


_TARGET = r"[\w\s,()\[\]]*"  # a statement's (flat) target, before its `=`


def _flat_target(target: ast.expr) -> bool:
    """`x`, or `fig, ax` (names only): the full model reads element by element what such a target binds."""
    return isinstance(target, ast.Name) or isinstance(target, (ast.Tuple, ast.List)) and all(
        isinstance(e, ast.Name) for e in target.elts)


def _names_in(text: str) -> set[str]:
    try:
        node = ast.parse(text.strip(), mode="eval")
    except (SyntaxError, ValueError):
        return set()
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
