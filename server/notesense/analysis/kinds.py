"""What the expressions of a module hold: DataFrame, Series, ndarray, Tensor, nn.Module, optimizer …

A kind inference over the bindings of `analysis.semantic`: the kind of a name at a position is the
union of the kinds of the bindings that reach it (so `df = pd.read_csv(p); df = df.append(row)` is a
DataFrame where `append` is called, whatever `df` becomes afterwards), a conditional expression gives
the union of its branches, attributes assigned on `self` (in `__init__` or any method) are known in
every method and on instances (`model.fc.weight`), a local function's kind is what it returns, and a
local class is an nn.Module, Dataset … when it subclasses one. Library facts come from
`analysis.api`; unknown is always the safe answer — a rule that fires on a dict because we guessed
"DataFrame" is worse than one that stays silent.

Queries (`Kinds(model)`, built once per model, evaluated lazily):

- `kind_of(node)` — the one kind of an expression of the model's tree (`pandas.DataFrame`,
  `torch.nn.Module` for an instance of a local nn.Module subclass, …) or None;
- `kinds_of(node)` — every kind it may have (None stands for "unknown" among them);
- `kind_at(name, position)` / `kind_of_source(text, position)` — for a name or an expression's text
  read at a position (the receiver before a dot in the editor);
- `canonical(node)` — the public API name a reference denotes: `pandas.read_csv` for `pd.read_csv`,
  `pandas.Series.str.split` for `s.str.split`, `torch.nn.Module.eval` for `model.eval` after
  `model = Net()`;
- `names(position)` — every module-level name with a known kind at a position (default: the end),
  what the next cell of a notebook or block of a note starts from;
- `receiver_of_source(text, position)` — what completion after `text.` needs: the value's most
  specific class and the members its local class defines itself.

Displays and literals are their builtin type (`list`, `dict`, `str` …: hover names `dict.get`), an
instance of a library class the API table has no facts on is that class (`api.library_class`).

Internally a value's kinds are a frozenset of strings: public kinds from `api`, `?` for unknown, and
`<import>X` (a module or an imported object `X`), `<class>…`, `<local>…` (an instance of a local
class) and `<def>…` (a local function) for things only this module defines.
"""

from __future__ import annotations

import ast
import functools
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence

from notesense.analysis import api, public_api
from notesense.analysis.semantic import (
    END,
    Binding,
    BindingKind,
    Position,
    Scope,
    ScopeKind,
    SemanticModel,
    start_of,
)

UNKNOWN = "?"
_IMPORT = "<import>"
_CLASS = "<class>"
_LOCAL = "<local>"
_DEF = "<def>"
KindSet = frozenset[str]
_UNKNOWN: KindSet = frozenset({UNKNOWN})
_NOTHING: KindSet = frozenset()  # no information yet (a cycle): ignored by unions
_MASKED = api.PANDAS_DATA | {api.NDARRAY}  # what a comparison with a string keeps, element by element
MAX_DEPTH = 60  # nested expressions evaluated before giving up (unknown)
# the displays and literals whose kinds the node alone says (`_literal_kinds`), with no name resolved
LITERALS = (ast.List, ast.Dict, ast.Set, ast.Tuple, ast.Constant, ast.JoinedStr, ast.ListComp, ast.DictComp, ast.SetComp)
# of those, the ones whose kind is the node's alone, in full: a list comprehension's items are what its element makes
_SELF_TYPED = tuple(t for t in LITERALS if t is not ast.ListComp)
WARM_DEPTH = 24  # deeper than this, a scope's bindings are evaluated in order instead of recursively


def _locked(method):
    """One query at a time: the lint worker and a hover thread may ask the same version's kinds, and an
    evaluation keeps state on the object (what is being evaluated, where text is read)."""

    @functools.wraps(method)
    def locked(self, *args, **kwargs):
        with self._lock:
            return method(self, *args, **kwargs)

    locked.unlocked = method  # type: ignore[attr-defined]  # what `OwnKinds` calls
    return locked


def _single(kinds: Iterable[str]) -> str | None:
    found = set(kinds)
    return found.pop() if len(found) == 1 else None


class Kinds:
    """Kind inference over one `SemanticModel` (see the module docstring)."""

    def __init__(self, model: SemanticModel, assume: Callable[[str], str | None] | None = None) -> None:
        """`assume`: the kind of a name the code reads but never binds to anything known (a note's
        `df` with no assignment in sight, or what an earlier block or cell left it: `carried`);
        unknown when not given."""
        self.model = model
        self._assume = assume
        self._lock = threading.RLock()
        self._bindings: dict[int, KindSet] = {}  # id(binding) -> kinds
        self._active: set[int] = set()
        self._warm: dict[int, bool] = {}  # id(scope) -> True when done, False while in progress
        self._returns: dict[int, KindSet] = {}  # id(def scope) -> what calling it returns
        self._locals: dict[str, Scope] = {}  # '<class>Net@3' -> the class scope, '<def>f@9' -> function
        self._families: dict[str, str | None] = {}  # '<local>Net@3' -> 'torch.nn.Module'
        self._at: tuple[Scope, Position, bool] | None = None  # names resolve here (text not in the tree)
        self._depth = 0
        self._asked: dict[int, tuple[ast.expr, KindSet]] = {}  # id(node) -> (node, its kinds), asked from outside
        self._literal: dict[tuple[int, str], KindSet | None] = {}  # (id(scope), name) -> `_only_literals`
        self._public: dict[tuple[KindSet, bool], frozenset[str | None]] = {}  # see `public`

    # ===================================================================== public queries
    @_locked
    def kind_of(self, node: ast.expr) -> str | None:
        """The one kind of `node` as a family (`torch.nn.Module` for an `nn.Linear`, an instance of a
        local nn.Module subclass …), or None when it is unknown or could be several."""
        kinds = self.kinds_of(node)
        return _single(kinds) if None not in kinds else None

    @_locked
    def kinds_of(self, node: ast.expr) -> frozenset[str | None]:
        """Every kind (as a family) `node` may have; None among them when some possibility is unknown."""
        return self.public(self.of(node))

    @_locked
    def class_of(self, node: ast.expr) -> str | None:
        """The most specific public class of `node` (`torch.nn.Linear`, `torch.optim.SGD`), or None."""
        kinds = self.public(self.of(node), specific=True)
        return _single(kinds) if None not in kinds else None

    def kind_at(self, name: str, position: Position) -> str | None:
        """The kind of `name` read at `position`."""
        return self.kind_of_source(name, position)

    @_locked
    def kind_of_source(self, expr: str, position: Position | None = None) -> str | None:
        """The kind of an expression given as text, read at `position` (None: after the whole module,
        as a function defined at its end would see it)."""
        try:
            node = ast.parse(expr.strip(), mode="eval").body
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return None
        if position is None:
            self._at = (self.model.module, END, False)
        else:
            self._at = (self.model.scope_at(position), position, True)
        try:
            kinds = self.public(self.of(node))
        finally:
            self._at = None
        return _single(kinds) if None not in kinds else None

    @_locked
    def names(self, position: Position = END) -> dict[str, str]:
        """Module-level names with a known kind at `position` (imports excluded)."""
        out: dict[str, str] = {}
        for name in self.model.module.bindings:
            reaching = self.model.reaching(self.model.module, name, position) or ()
            kinds = self.public(self._union(self.binding(b) for b in reaching)) if reaching else frozenset({None})
            kind = _single(kinds) if None not in kinds else None
            if kind is not None:
                out[name] = kind
        return out

    @_locked
    def carried(self, name: str, position: Position = END) -> str | None:
        """What code elsewhere that reads the module-level `name` without binding it (a later block
        of a note, a later notebook cell) should `assume` it holds at `position`: the public kind of
        its value, or for a local class the library class it stands for (`class MLP(nn.Module)`
        defined above: calling `MLP()` below gives an nn.Module). None when unknown or several."""
        self._at = (self.model.module, position, True)
        try:
            kinds = self.of(ast.Name(id=name, ctx=ast.Load(), lineno=position[0], col_offset=position[1]))
        finally:
            self._at = None
        kind = _single(kinds)
        if kind is None:
            return None
        if kind.startswith(_CLASS):
            fam = self._family(_LOCAL + kind[len(_CLASS):])
            return _IMPORT + fam if fam else None
        if kind.startswith(_IMPORT):
            return kind
        return _single(self.public(kinds, specific=True))  # `mdp.module` below needs the DataParallel, not its family

    @_locked
    def canonical(self, node: ast.expr) -> str | None:
        """The public API name `node` refers to (`pd.read_csv` → `pandas.read_csv`, `df.fillna` →
        `pandas.DataFrame.fillna`), or None when it names nothing known."""
        if isinstance(node, ast.Name):
            kinds = self.of(node)
            if kinds and all(k.startswith(_IMPORT) for k in kinds):
                return _single(api.public_name(k[len(_IMPORT):]) for k in kinds)
            return None
        if not isinstance(node, ast.Attribute):
            return None
        names: set[str] = set()
        for kind in self.of(node.value):
            name = self.member_symbol(kind, node.attr)
            if name is None and kind not in api.BUILTIN_TYPES:
                return None
            if name is not None:  # of a dict or a list (decoded JSON), the one that has the member
                names.add(name)
        return _single(names)

    @_locked
    def member_symbol(self, kind: str, member: str) -> str | None:
        """The public name of `member` on a value of (internal or public) `kind`."""
        if kind.startswith(_IMPORT):
            return api.public_name(f"{kind[len(_IMPORT):]}.{member}")
        if kind.startswith(_LOCAL):
            cls = self._locals.get(_CLASS + kind[len(_LOCAL):])
            if cls is not None and self._class_member(cls, member):
                return None  # the class defines it itself
            fam = self._family(kind)
            return api.member_name(fam, member) if fam else None
        if kind.startswith("<") or kind == UNKNOWN:
            return None
        if (plain := api.name_of(kind)) in api.BUILTIN_TYPES or api.from_stubs(plain):
            name = f"{plain}.{member}"  # `list[str]`: a list's
            return name if public_api.is_public(name) else None  # `s.foo()` on a str names nothing
        return api.member_name(kind, member)

    def public(self, kinds: KindSet, specific: bool = False) -> frozenset[str | None]:
        """Internal kinds → public kinds (families, unless `specific`): a local class instance counts
        as its library family; a module, a class or a function object is no kind (None). Once per set:
        a file's reads ask about the same few sets thousands of times."""
        key = (kinds, specific)
        found = self._public.get(key)
        if found is None:
            out: set[str | None] = set()
            for kind in kinds:
                if kind.startswith(_LOCAL):
                    out.add(self._family(kind))
                elif kind.startswith("<") or kind == UNKNOWN:
                    out.add(None)
                else:
                    out.add(kind if specific else api.family(kind))
            found = self._public[key] = frozenset(out) if out else frozenset({None})
        return found

    @_locked
    def member_symbol_at(self, receiver: str, member: str, position: Position | None = None) -> str | None:
        """The public name of `receiver.member` with the receiver given as text read at `position`
        (`s.str` + `split` → `pandas.Series.str.split`)."""
        try:
            node = ast.parse(f"({receiver.strip()}).{member}", mode="eval").body
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return None
        self._at = (self.model.module, END, False) if position is None else (self.model.scope_at(position), position, True)
        try:
            return self.canonical(node)
        finally:
            self._at = None

    def receiver_unless_busy(self, expr: str, position: Position | None = None) -> tuple[str | None, frozenset[str]] | None:
        """`receiver_of_source`, or None at once while another thread queries this model (the lint's
        first evaluation of a scope can hold it for tens of milliseconds): for a caller that must not wait."""
        if not self._lock.acquire(blocking=False):
            return None
        try:
            return self.receiver_of_source(expr, position)
        finally:
            self._lock.release()

    @_locked
    def receiver_of_source(self, expr: str, position: Position | None = None) -> tuple[str | None, frozenset[str]]:
        """What completing `expr.` needs: the most specific public class of the value (`torch.nn.Linear`
        for `model.fc`, the library class a local class extends for `model`; None when unknown or
        several), and the members a local class defines itself (its own `forward`, the attributes its
        methods assign), which a library note must not claim."""
        try:
            node = ast.parse(expr.strip(), mode="eval").body
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return None, frozenset()
        self._at = (self.model.module, END, False) if position is None else (self.model.scope_at(position), position, True)
        try:
            kinds = self.of(node)
            classes = self.public(kinds, specific=True)
        finally:
            self._at = None
        own: set[str] = set()
        for kind in kinds:
            cls = self._locals.get(_CLASS + kind[len(_LOCAL):]) if kind.startswith(_LOCAL) else None
            for scope in self._class_chain(cls) if cls is not None else ():
                own.update(scope.attributes, scope.bindings)
        return (_single(classes) if None not in classes else None), frozenset(own)

    # ===================================================================== evaluation
    def of(self, node: ast.expr) -> KindSet:
        """Internal kinds of an expression (see the module docstring). A question from outside about a
        node is answered once: the compiler and the rules ask about the same receiver for its class,
        its kind and the member's name. Only then: inside an evaluation a binding may be half done (a
        cycle), and a node parsed from text (`_at` set) is gone after the question."""
        if self._depth == 0 and self._at is None:
            key = id(node)
            entry = self._asked.get(key)
            if entry is None or entry[0] is not node:  # a node made and dropped by the caller: its id is reused
                entry = self._asked[key] = (node, self._of(node))
            return entry[1]
        return self._of(node)

    def _of(self, node: ast.expr) -> KindSet:
        if self._depth > MAX_DEPTH:
            return _UNKNOWN
        self._depth += 1
        try:
            method = getattr(self, "_" + type(node).__name__, None)
            return method(node) if method is not None else _UNKNOWN
        finally:
            self._depth -= 1

    @staticmethod
    def _union(parts: Iterable[KindSet]) -> KindSet:
        out: set[str] = set()
        for part in parts:
            out |= part
        return frozenset(out)

    def _lift(self, receiver: KindSet, fn) -> KindSet:
        """Apply `fn(kind) -> KindSet` to each kind of a union (unknown stays unknown)."""
        if not receiver:
            return _NOTHING
        out: set[str] = set()
        for kind in receiver:
            out |= _UNKNOWN if kind == UNKNOWN else fn(kind)
        return frozenset(out)

    # -- names and bindings
    def _Name(self, node: ast.Name) -> KindSet:
        position = start_of(node)
        scope = self.model.scope_at(position) if self._at is None else None  # found once for both questions
        literal = self._only_literals(node.id, scope) if scope is not None else None
        if literal is not None:
            found = literal  # `rows = []`: nothing here can make it a DataFrame, no need to follow the flow
        else:
            bindings = (self.model.resolve_in(scope, node.id, position) if scope is not None
                        else self._resolve(node.id, position))
            found = self._union(self.binding(b) for b in bindings) if bindings else _UNKNOWN
        if found == _UNKNOWN and self._assume is not None and (assumed := self._assume(node.id)):
            return frozenset({assumed})
        return found

    def _only_literals(self, name: str, scope: Scope) -> KindSet | None:
        """When every binding of `name` in `scope` (where it is read) gives it a literal (a list, a
        dict, a number …), what those literals are (their builtin types, unknown for numbers) whichever
        of them reaches the read; None otherwise. Memoized per scope and name: it holds for every read
        of the name there."""
        key = (id(scope), name)
        if key in self._literal:
            return self._literal[key]
        found = None
        bindings = scope.bindings.get(name)
        if (bindings and scope.kind not in (ScopeKind.LAMBDA, ScopeKind.COMPREHENSION) and name not in scope.globals
                and all(b.kind is BindingKind.ASSIGNMENT and b.index is None and isinstance(b.value, _SELF_TYPED) for b in bindings)):
            found = self._union(_literal_kinds(b.value) for b in bindings)  # type: ignore[arg-type]
        self._literal[key] = found
        return found

    @_locked
    def literal_kinds(self, name: str, scope: Scope) -> frozenset[str | None] | None:
        """The kinds (as `kinds_of` gives them) of `name` read anywhere in `scope` when every binding of
        it there is a literal (`rows = []`), without a position or a flow question; None when not so.
        What lets a rule see from a statement's text that its receivers are no DataFrame, unwalked."""
        found = self._only_literals(name, scope)
        if found is None or (found == _UNKNOWN and self._assume is not None and self._assume(name)):
            return None
        return self.public(found)

    def _resolve(self, name: str, position: Position) -> tuple[Binding, ...]:
        model = self.model
        if self._at is None:
            return model.resolve(name, position)
        scope, at, in_place = self._at
        if in_place:
            return model.resolve_in(scope, name, at)
        return tuple(scope.bindings.get(name, ())) or model.resolve_in(scope, name, at)

    def binding(self, b: Binding) -> KindSet:
        """What a binding gives its name."""
        key = id(b)
        found = self._bindings.get(key)
        if found is not None:
            return found
        if key in self._active:
            return _NOTHING  # a cycle (`x = x + 1` in a loop): no information from this side
        scope = b.scope
        if b.kind is not BindingKind.ATTRIBUTE:
            state = self._warm.get(id(scope))
            if state is False:
                return _NOTHING  # its scope is being evaluated in order and has not got there yet
            if state is None and self._depth > WARM_DEPTH:
                self._warm_scope(scope)
                return self._bindings.get(key, _NOTHING)
        return self._evaluate(b)

    def _evaluate(self, b: Binding) -> KindSet:
        key = id(b)
        self._active.add(key)
        saved, self._at = self._at, None
        try:
            result = self._binding_value(b)
        finally:
            self._active.discard(key)
            self._at = saved
        self._bindings[key] = result
        return result

    def _warm_scope(self, scope: Scope) -> None:
        """Evaluate a scope's bindings in source order, so a long chain of rebindings (`df = df.x()`
        ten thousand times) never recurses deeper than one step. Done only when a recursive
        evaluation gets deep: most questions need a few bindings, not all of them."""
        self._warm[id(scope)] = False
        ordered = sorted((b for bs in scope.bindings.values() for b in bs if b.scope is scope), key=lambda b: b.position)
        for b in ordered:
            if id(b) not in self._bindings:
                self._evaluate(b)
        for b in ordered:
            if not self._bindings.get(id(b)):
                self._bindings[id(b)] = _UNKNOWN
        self._warm[id(scope)] = True

    def _binding_value(self, b: Binding) -> KindSet:
        kind = b.kind
        if kind is BindingKind.IMPORT:
            return frozenset({_IMPORT + b.qualified}) if b.qualified else _UNKNOWN
        if kind is BindingKind.PARAMETER:
            if b.annotation is not None:
                return self._annotation(b.annotation)
            cls = b.scope.class_scope()
            if cls is not None and b.scope.self_name == b.name and not self._is_classmethod(b.scope):
                return frozenset({_LOCAL + self._class_key(cls)})
            if cls is not None and self._forward_input(b, cls):
                return frozenset({api.TENSOR})
            return _UNKNOWN
        if kind is BindingKind.DEFINITION:
            scope = self.model.definitions.get(id(b.node))
            if scope is None:
                return _UNKNOWN
            key = f"{_DEF}{b.name}@{b.node.lineno}"  # type: ignore[attr-defined]
            self._locals[key] = scope
            return frozenset({key})
        if kind is BindingKind.CLASS:
            scope = self.model.definitions.get(id(b.node))
            return frozenset({_CLASS + self._class_key(scope)}) if scope is not None else _UNKNOWN
        if kind is BindingKind.ANNOTATION and b.annotation is not None:
            declared = self._annotation(b.annotation)
            if declared != _UNKNOWN or b.value is None:
                return declared
        if kind is BindingKind.AUGMENTED:
            stmt = b.node
            assert isinstance(stmt, ast.AugAssign)
            before = self._union(self.binding(x) for x in self._resolve(b.name, start_of(stmt.target)) if x is not b)
            return self._arithmetic(before or _UNKNOWN, self.of(stmt.value), None, stmt.value)
        if kind in (BindingKind.ASSIGNMENT, BindingKind.ANNOTATION, BindingKind.WALRUS, BindingKind.ATTRIBUTE):
            value = b.value
            if value is None:
                return _UNKNOWN
            if b.index is not None:
                if isinstance(value, (ast.Tuple, ast.List)) and b.index < len(value.elts):
                    return self.of(value.elts[b.index])
                if isinstance(value, ast.Call):  # `fig, ax = plt.subplots()`
                    found = self._lift(self.of(value.func), lambda kind: self._unpacked(kind, value, b.index))
                    if found == _UNKNOWN and isinstance(value.func, ast.Attribute) and (method := self.canonical(value.func)):
                        part = api.unpacked_result(method, b.index)  # `conn, addr = server.accept()`
                        found = frozenset({part}) if part else _UNKNOWN
                    # else what the call gives, taken apart: `images, labels = next(iter(loader))`
                    return found if found != _UNKNOWN else self._lift(self.of(value), _unpacked_element)
                return _UNKNOWN
            return self.of(value)
        if kind is BindingKind.LOOP:  # `for f in folder.glob("*.csv")`, `for i, line in enumerate(file)`
            return self._loop_item(b)
        if kind is BindingKind.WITH:  # `with open(p) as f:`: what the context manager's `__enter__` gives
            item = next((i for i in getattr(b.node, "items", ()) if isinstance(i.optional_vars, ast.Name)
                         and i.optional_vars.id == b.name), None)
            if item is not None:
                return self._lift(self.of(item.context_expr), _entered)
        return _UNKNOWN

    def _loop_item(self, b: Binding) -> KindSet:
        """What a loop (or comprehension) binds to its name: an item of what it iterates, or of the
        argument `enumerate`/`zip` pair it with, unpacked as deep as the target is nested
        (`for i, (x, y) in enumerate(loader)`: `x` is a part of a batch)."""
        target, iterated = getattr(b.node, "target", None), getattr(b.node, "iter", None)
        path = _path_to(target, b.name) if target is not None else None
        return _UNKNOWN if path is None or iterated is None else self._item(iterated, path)

    def _item(self, iterated: ast.expr, path: Sequence[int]) -> KindSet:
        """The kind of the part at `path` (indices into nested tuple targets) of an item of `iterated`."""
        if isinstance(iterated, (ast.List, ast.Tuple, ast.Set)) and iterated.elts:
            # `for name, t in [("x", x), ("y", y)]`, `for t in (x, y)`: the part of each item written out
            return self._union(self._part(element, path) for element in iterated.elts)
        if not path:
            if self._labels(iterated):
                return frozenset({"str"})
            return self._lift(self.of(iterated), _element)
        if isinstance(iterated, ast.Call) and isinstance(iterated.func, ast.Name) \
                and not self._resolve(iterated.func.id, start_of(iterated.func)):
            source = api.paired_argument(iterated.func.id, path[0], len(iterated.args))
            if source is not None and not isinstance(iterated.args[source], ast.Starred):
                return self._item(iterated.args[source], path[1:])
            if iterated.func.id in ("enumerate", "zip"):
                return _UNKNOWN  # the counter
        if len(path) == 1:
            return self._lift(self.of(iterated), lambda kind: _unpacked_item(kind, path[0]))
        return _UNKNOWN

    def _part(self, item: ast.expr, path: Sequence[int]) -> KindSet:
        """The kind of the part at `path` of an item written out in a display (`("x", x)`, path [1]: `x`);
        a part of anything else is unknown, as `a, b = pair` leaves it."""
        if not path:
            return _UNKNOWN if isinstance(item, ast.Starred) else self.of(item)
        if isinstance(item, (ast.Tuple, ast.List)) and len(item.elts) > path[0]:
            return self._part(item.elts[path[0]], path[1:])
        return _UNKNOWN

    def _labels(self, iterated: ast.expr) -> bool:
        """Whether a loop over `iterated` goes through column names: a frame's `.columns`, a display
        of strings (`for col in ['a', 'b']`), or a name only ever bound to one (`cols = ['a', 'b']`),
        so that `df[col]` in it is one column."""
        if isinstance(iterated, ast.Attribute) and iterated.attr == "columns":
            return api.DATAFRAME in self.of(iterated.value)
        if isinstance(iterated, ast.Name):
            bindings = self._resolve(iterated.id, start_of(iterated))
            return bool(bindings) and all(b.kind is BindingKind.ASSIGNMENT and b.index is None and _strings(b.value)
                                          for b in bindings)
        return _strings(iterated)

    def _forward_input(self, b: Binding, cls: Scope) -> bool:
        """Whether `b` is the input torch calls a method with (`api.TENSOR_INPUT_METHODS`: `def
        forward(self, x)` of an nn.Module, `forward(ctx, input)` of an autograd Function): the first
        parameter after `self`/`ctx`, with no default, is a tensor."""
        function = b.scope.node
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return False
        positional = [*function.args.posonlyargs, *function.args.args]
        if len(positional) < 2 or positional[1].arg != b.name or len(positional) - len(function.args.defaults) < 2:
            return False
        return b.scope.name in api.TENSOR_INPUT_METHODS.get(self._family(_LOCAL + self._class_key(cls)) or "", ())

    @staticmethod
    def _is_classmethod(scope: Scope) -> bool:
        return any(isinstance(d, ast.Name) and d.id == "classmethod" for d in getattr(scope.node, "decorator_list", ()))

    def _class_key(self, scope: Scope) -> str:
        key = f"{scope.name}@{scope.node.lineno}"  # type: ignore[attr-defined]
        self._locals[_CLASS + key] = scope
        return key

    def _annotation(self, node: ast.expr) -> KindSet:
        """`pd.DataFrame`, `"pd.DataFrame"`, `npt.NDArray[np.float64]`, `Net` → an instance kind;
        `Optional[...]` and anything else → unknown."""
        position = start_of(node)
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            try:
                node = ast.parse(node.value, mode="eval").body
            except (SyntaxError, ValueError):
                return _UNKNOWN
        if isinstance(node, ast.Subscript):
            node = node.value
        if not isinstance(node, (ast.Name, ast.Attribute)):
            return _UNKNOWN
        saved, self._at = self._at, (self.model.scope_at(position), position, True)
        try:
            kinds = self.of(node)
        finally:
            self._at = saved
        return self._lift(kinds, self._instance) if kinds else _UNKNOWN

    def _instance(self, kind: str) -> KindSet:
        """What an instance of the class object `kind` is."""
        if kind.startswith(_IMPORT):
            # (a library class the table has no facts on is that class, as its constructor's call gives:
            # `request: Request` in a FastAPI route is a `fastapi.Request`)
            name = kind[len(_IMPORT):]
            found = api.instance_kind(name) or api.library_class(name)
            return frozenset({found}) if found else _UNKNOWN
        if kind.startswith(_CLASS):
            return frozenset({_LOCAL + kind[len(_CLASS):]})
        return _UNKNOWN

    # -- local classes
    def _family(self, kind: str) -> str | None:
        """The library family of a local class instance (`<local>Net@3` → `torch.nn.Module`), from
        its bases; None when it has none we know."""
        if kind in self._families:
            return self._families[kind]
        self._families[kind] = None  # a class that (indirectly) subclasses itself has none
        cls = self._locals.get(_CLASS + kind[len(_LOCAL):])
        found: str | None = None
        for base in cls.node.bases if cls is not None else ():  # type: ignore[attr-defined]
            for base_kind in self.of(base):
                if base_kind.startswith(_IMPORT):
                    name = api.public_name(base_kind[len(_IMPORT):])
                    fam = api.family(name)
                    found = found or (fam if api.instance_kind(fam) is not None else api.library_class(name))
                elif base_kind.startswith(_CLASS):
                    found = found or self._family(_LOCAL + base_kind[len(_CLASS):])
        self._families[kind] = found
        return found

    def _class_chain(self, cls: Scope) -> list[Scope]:
        """The class and its local base classes, nearest first."""
        chain = [cls]
        for scope in chain:
            for base in scope.node.bases:  # type: ignore[attr-defined]
                for kind in self.of(base):
                    found = self._locals.get(kind) if kind.startswith(_CLASS) else None
                    if found is not None and found not in chain:
                        chain.append(found)
        return chain

    def _class_member(self, cls: Scope, name: str) -> list[Binding]:
        for scope in self._class_chain(cls):
            found = self.model.attribute_bindings(scope, name)
            if found:
                return found
        return []

    def _instance_attribute(self, kind: str, attr: str) -> KindSet:
        cls = self._locals.get(_CLASS + kind[len(_LOCAL):])
        if cls is None:
            return _UNKNOWN
        found = self._class_member(cls, attr)
        if found:
            return self._union(self.binding(b) for b in found) or _UNKNOWN
        fam = self._family(kind)
        result = api.attribute_result(fam, attr) if fam else None
        return frozenset({result}) if result else _UNKNOWN

    def _local_call(self, kind: str, node: ast.Call) -> KindSet:
        """Calling an instance of a local class: an nn.Module gives its forward output (a tensor,
        unless forward returns a tuple)."""
        fam = self._family(kind)
        if fam != api.MODULE:
            return _UNKNOWN
        cls = self._locals.get(_CLASS + kind[len(_LOCAL):])
        for scope in self._class_chain(cls) if cls is not None else ():
            for child in scope.children:
                if child.name == "forward":
                    returns = [s for s in child.statements if isinstance(s, ast.Return)]
                    return _UNKNOWN if any(isinstance(r.value, ast.Tuple) for r in returns) else frozenset({api.TENSOR})
        return frozenset({api.TENSOR})

    @_locked
    def method_of(self, node: ast.expr, name: str) -> Scope | None:
        """The function scope of method `name` of the local class whose instance (or constructor call)
        `node` is, searching its local bases too; None when `node` is no local class instance."""
        for kind in self.of(node):
            if kind.startswith(_LOCAL):
                found = self._method(kind, name)
                if found is not None:
                    return found
        return None

    def _method(self, kind: str, name: str) -> Scope | None:
        cls = self._locals.get(_CLASS + kind[len(_LOCAL):])
        for scope in self._class_chain(cls) if cls is not None else ():
            for child in scope.children:
                if child.kind is ScopeKind.FUNCTION and child.name == name:
                    return child
        return None

    @_locked
    def returns(self, scope: Scope) -> KindSet:
        """What calling the local function `scope` gives: its return annotation, else the union of
        what its `return` statements return (unknown for generators and bare returns)."""
        key = id(scope)
        if key in self._returns:
            return self._returns[key]
        self._returns[key] = _NOTHING  # recursion: no information from this side
        node = scope.node
        if getattr(node, "returns", None) is not None:
            result = self._annotation(node.returns)  # type: ignore[attr-defined]
        else:
            values: list[KindSet] = []
            for stmt in scope.statements:
                if isinstance(stmt, ast.Return):
                    values.append(self.of(stmt.value) if stmt.value is not None else _UNKNOWN)
                elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, (ast.Yield, ast.YieldFrom, ast.Await)):
                    values.append(_UNKNOWN)
            result = self._union(values) if values else _UNKNOWN
            if any(isinstance(n, (ast.Yield, ast.YieldFrom)) for s in scope.statements for n in ast.walk(s)
                   if not isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))):
                result = _UNKNOWN
        self._returns[key] = result or _UNKNOWN
        return self._returns[key]

    # -- expressions
    def _Call(self, node: ast.Call) -> KindSet:
        func = node.func
        if isinstance(func, ast.Attribute):
            receiver = self.of(func.value)
            return self._lift(receiver, lambda kind: self._method_call(kind, func.attr, node))
        if isinstance(func, ast.Name) and func.id in ("next", "iter") and node.args \
                and not self._resolve(func.id, start_of(func)):
            # `next(csv.reader(f))` is a row, `next(iter(loader))` a batch: an item, as a loop would bind it
            items = self._lift(self.of(node.args[0]), _element)
            return items if func.id == "next" else self._lift(items, _iterator_of)
        if isinstance(func, ast.Name) and func.id in api.BUILTIN_CALLS and not self._resolve(func.id, start_of(func)):
            facts = _call_facts(node)  # `sorted(x)`, `open(p, "rb")`: the builtin, not rebound
            found = api.builtin_result(func.id, facts["arguments"], facts["keywords"])
            return frozenset({found}) if found else _UNKNOWN
        return self._lift(self.of(func), lambda kind: self._call_kind(kind, node))

    def _literal(self, node: ast.expr) -> KindSet:
        return _literal_kinds(node)

    _List = _Dict = _DictComp = _Set = _SetComp = _Tuple = _JoinedStr = _Constant = _literal

    def _ListComp(self, node: ast.ListComp) -> KindSet:
        """`[threading.Thread(target=crawl, args=(i,)) for i in range(4)]`: a list of what its element makes,
        so that `for t in threads: t.join()` is a thread's."""
        items = self.of(node.elt)
        item = next(iter(items)) if len(items) == 1 else None
        return frozenset({api.generic("list", item) if item and item != UNKNOWN and not item.startswith("<") else "list"})

    def _call_kind(self, kind: str, node: ast.Call) -> KindSet:
        if kind.startswith(_IMPORT):
            name = api.public_name(kind[len(_IMPORT):])
            if api.decodes_json(name):
                return api.JSON_DOCUMENT
            found = api.call_result(name, len(node.args)) or api.library_class(name) or api.made_by_class(name) or (
                api.converted(name, self.public(self.of(node.args[0]))) if node.args else None)
            if found in api.KEYWORD_RESULTS and node.keywords:  # `plt.axes(projection="3d")`, `load_iris(as_frame=True)`
                found = api.keyword_result(found, _call_facts(node)["keywords"])
            return frozenset({found}) if found else _UNKNOWN
        if kind.startswith(_CLASS):
            return frozenset({_LOCAL + kind[len(_CLASS):]})
        if kind.startswith(_DEF):
            scope = self._locals.get(kind)
            return self.returns(scope) if scope is not None else _UNKNOWN
        if kind.startswith(_LOCAL):
            return self._local_call(kind, node)
        found = api.call_of_instance(kind)
        return frozenset({found}) if found else _UNKNOWN

    def _unpacked(self, kind: str, node: ast.Call, index: int) -> KindSet:
        """Element `index` of what calling `kind` returns, unpacked."""
        if not kind.startswith(_IMPORT):
            return _UNKNOWN
        facts = _call_facts(node)
        name = api.public_name(kind[len(_IMPORT):])
        argument = api.unpacked_argument(name, index, facts["positional"])
        if argument is not None:  # `train_test_split(df)`: the part of a frame is a frame
            given = self.of(node.args[argument])
            return given if given and all(k in api.SPLIT_KINDS for k in given) else _UNKNOWN
        found = api.unpacked_result(name, index, facts["arguments"], facts["keywords"])
        return frozenset({found}) if found else _UNKNOWN

    def _method_call(self, kind: str, method: str, node: ast.Call) -> KindSet:
        if kind.startswith(_IMPORT):
            return self._call_kind(f"{kind}.{method}", node)
        if kind.startswith(_CLASS):
            return _UNKNOWN  # Class.method(...): a static/class method of a local class
        if kind.startswith(_LOCAL):
            scope = self._method(kind, method)
            if scope is not None:
                return self.returns(scope)
            attribute = self._class_member(self._locals[_CLASS + kind[len(_LOCAL):]], method) \
                if _CLASS + kind[len(_LOCAL):] in self._locals else []
            if attribute:  # self.fc(x): an attribute holding a module
                return self._lift(self._union(self.binding(b) for b in attribute), lambda k: self._call_kind(k, node))
            fam = self._family(kind)
            if fam is None:
                return _UNKNOWN
            found = api.method_result(fam, method, **_call_facts(node))
            return frozenset({kind if found == fam else found}) if found else _UNKNOWN
        if kind.startswith("<"):
            return _UNKNOWN
        callee = api.attribute_result(kind, method)
        if callee is not None and api.family(callee) == api.MODULE:
            return self._call_kind(callee, node)  # model.fc(x) on a library module with that attribute
        if api.decodes_json(f"{api.name_of(kind)}.{method}"):
            return api.JSON_DOCUMENT
        found = api.method_result(kind, method, **_call_facts(node))
        return frozenset({found}) if found else _UNKNOWN

    def _Attribute(self, node: ast.Attribute) -> KindSet:
        receiver = self.of(node.value)
        if isinstance(node.value, ast.Name) and node.value.id[:1].isupper() and receiver <= _UNKNOWN \
                and (value := api.class_attribute(None, node.attr)):
            # `Article.objects` of a class the file does not define or import by a path (`from .models import Article`)
            return frozenset({value})
        return self._lift(receiver, lambda kind: self._attribute(kind, node.attr))

    def _attribute(self, kind: str, attr: str) -> KindSet:
        if kind.startswith(_IMPORT):
            value = api.imported_value(api.public_name(f"{kind[len(_IMPORT):]}.{attr}"))
            return frozenset({value or f"{kind}.{attr}"})  # `cm.jet` a colormap; `np.linalg` the module
        if kind.startswith(_LOCAL):
            return self._instance_attribute(kind, attr)
        if kind.startswith(_CLASS):
            cls = self._locals.get(kind)
            found = self.model.attribute_bindings(cls, attr) if cls is not None else []
            if not found and (fam := self._family(_LOCAL + kind[len(_CLASS):])) and (value := api.class_attribute(fam, attr)):
                return frozenset({value})  # `Post.objects` of `class Post(models.Model)`: its manager
            return self._union(self.binding(b) for b in found) or _UNKNOWN
        if kind.startswith("<"):
            return _UNKNOWN
        found = api.attribute_result(kind, attr)
        return frozenset({found}) if found else _UNKNOWN

    def _Subscript(self, node: ast.Subscript) -> KindSet:
        return self._lift(self.of(node.value), lambda kind: self._subscript(kind, node.slice))

    def _subscript(self, kind: str, key: ast.expr) -> KindSet:
        if kind.startswith(_IMPORT) and (held := api.INDEXED_VALUES.get(api.public_name(kind[len(_IMPORT):]))):
            return frozenset({held})  # `np.c_[a, b]`, `np.mgrid[0:3, 0:3]`, `matplotlib.colormaps["viridis"]`
        if kind == api.DATAFRAME:
            return self._frame_getitem(key)
        if kind in (api.FRAME_INDEXERS["loc"], api.FRAME_INDEXERS["iloc"]):
            return self._frame_loc(key)
        if kind in (api.SERIES, api.SERIES_INDEXERS["loc"], api.SERIES_INDEXERS["iloc"]):
            return frozenset({api.SERIES}) if self._is_multi(key) else _UNKNOWN
        if kind == api.FRAME_GROUPBY:
            if isinstance(key, ast.List):
                return frozenset({api.FRAME_GROUPBY})
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                return frozenset({api.SERIES_GROUPBY})
            return _UNKNOWN
        if api.name_of(kind) == api.NDARRAY and api.parameter_of(kind):  # an array of objects: `plt.subplots(1, 3)`'s axes
            item: str | None = kind
            for part in key.elts if isinstance(key, ast.Tuple) else [key]:
                if isinstance(part, ast.Slice) or api.NDARRAY in self.of(part):
                    return _UNKNOWN  # a part of the array, not one of its objects
                item = api.parameter_of(item) if item else None
            return frozenset({item}) if item else _UNKNOWN
        if kind == api.NDARRAY:
            parts = key.elts if isinstance(key, ast.Tuple) else [key]
            if any(isinstance(p, ast.Slice) for p in parts) or api.NDARRAY in self.of(key):
                return frozenset({api.NDARRAY})
            return _UNKNOWN
        if kind in (api.TENSOR, api.TF_TENSOR):
            return frozenset({kind})
        if held := api.item_of(kind, key.value if isinstance(key, ast.Constant) else ...):
            return frozenset({held})  # `client["test"]`, `link["href"]`
        if kind == api.INDEX:
            return frozenset({api.INDEX}) if self._is_multi(key) else _UNKNOWN
        if api.name_of(kind) in api.CONTAINER_MODULES:
            return frozenset({api.MODULE})
        if api.name_of(kind) in ("list", "tuple") and isinstance(key, ast.Slice):
            return frozenset({kind})  # `names[1:]`: a list still
        if api.name_of(kind) in ("list", "tuple") and api.parameter_of(kind):
            return frozenset({api.parameter_of(kind)})  # `batch[0]` of a DataLoader's batch: a tensor
        return _UNKNOWN

    def _frame_getitem(self, key: ast.expr) -> KindSet:
        if isinstance(key, ast.Constant) and isinstance(key.value, (str, int, float)) and not isinstance(key.value, bool):
            return frozenset({api.SERIES})  # one column, labelled by a name or a number (`df[2013]`, a year)
        if isinstance(key, (ast.List, ast.Slice)):
            return frozenset({api.DATAFRAME})
        kinds = self.of(key)
        if not kinds:
            return _NOTHING
        key_kind = _single(kinds)
        # a boolean mask (df[df > 0]), or a set of columns held in a name: `cols = [...]`, an Index
        # (`df[df.columns[:7]]`), an array of labels or booleans
        if key_kind and api.name_of(key_kind) in (api.SERIES, api.DATAFRAME, api.INDEX, api.NDARRAY, "list"):
            return frozenset({api.DATAFRAME})
        if key_kind == "str":  # `df[name]`, `df[f"col_{i}"]`: one column
            return frozenset({api.SERIES})
        return _UNKNOWN

    def _frame_loc(self, key: ast.expr) -> KindSet:
        if isinstance(key, ast.Tuple) and len(key.elts) == 2:
            rows, cols = key.elts
            rows_multi, cols_multi = self._is_multi(rows), self._is_multi(cols)
            if rows_multi and cols_multi:
                return frozenset({api.DATAFRAME})
            if rows_multi != cols_multi and _is_scalar_key(cols if rows_multi else rows):
                return frozenset({api.SERIES})
            return _UNKNOWN
        if self._is_multi(key):
            return frozenset({api.DATAFRAME})
        if _is_scalar_key(key):
            return frozenset({api.SERIES})
        return _UNKNOWN

    def _is_multi(self, key: ast.expr) -> bool:
        """A key that selects several rows/columns: a slice, a list, or a boolean Series/array mask."""
        if isinstance(key, (ast.Slice, ast.List)):
            return True
        return _single(self.of(key)) in (api.SERIES, api.NDARRAY, api.INDEX)

    def _BinOp(self, node: ast.BinOp) -> KindSet:
        left, right = self.of(node.left), self.of(node.right)
        found = api.operator_result(_single(left), type(node.op).__name__, _single(right))  # `Path / "x"`
        return frozenset({found}) if found else self._arithmetic(left, right, node.left, node.right)

    def _arithmetic(self, left: KindSet, right: KindSet, left_node: ast.expr | None, right_node: ast.expr | None) -> KindSet:
        """Arithmetic and comparisons: the array-like side wins over scalars; two different kinds → unknown."""
        if not left or not right:
            return _NOTHING
        lk = _single(left) if _single(left) in api.ARRAY_LIKE else None
        rk = _single(right) if _single(right) in api.ARRAY_LIKE else None
        if lk and rk:
            if lk == rk:
                return frozenset({lk})
            if {lk, rk} == {api.DATAFRAME, api.SERIES}:
                return frozenset({api.DATAFRAME})
            if api.NDARRAY in (lk, rk) and ({lk, rk} & api.PANDAS_DATA):
                return frozenset({lk if lk != api.NDARRAY else rk})
            return _UNKNOWN
        known = lk or rk
        if known is None:
            return _UNKNOWN
        other = right_node if lk else left_node
        # the other side is a number, a name we know nothing about, or an expression; lists, dicts and
        # strings make the result unknown
        if other is not None and (isinstance(other, (ast.List, ast.Dict, ast.Set, ast.Tuple, ast.JoinedStr))
                                  or isinstance(other, ast.Constant) and isinstance(other.value, str)):
            return _UNKNOWN
        return frozenset({known})

    def _UnaryOp(self, node: ast.UnaryOp) -> KindSet:
        if isinstance(node.op, ast.Not):
            return _UNKNOWN
        inner = self.of(node.operand)
        if not inner:
            return _NOTHING
        return inner if _single(inner) in api.ARRAY_LIKE else _UNKNOWN

    def _Compare(self, node: ast.Compare) -> KindSet:
        if len(node.ops) != 1 or isinstance(node.ops[0], (ast.Is, ast.IsNot, ast.In, ast.NotIn)):
            return _UNKNOWN
        left, right = node.left, node.comparators[0]
        for side, other in ((left, right), (right, left)):
            # a column compared with a string (`df["city"] == "Paris"`, `df["day"] >= "2026-07-07"`): a mask,
            # element by element, as with a number (where `+ "x"` may concatenate, a comparison never does)
            if isinstance(other, ast.JoinedStr) or isinstance(other, ast.Constant) and isinstance(other.value, str):
                kinds = self.of(side)
                if _single(kinds) in _MASKED:
                    return kinds
        return self._arithmetic(self.of(left), self.of(right), left, right)

    def _IfExp(self, node: ast.IfExp) -> KindSet:
        """The union of the branches; a branch we know nothing about is taken to agree with the
        other (`load() if ok else pd.DataFrame()`: the author means one kind of value)."""
        both = self.of(node.body) | self.of(node.orelse)
        known = both - _UNKNOWN
        return known if known else both

    def _NamedExpr(self, node: ast.NamedExpr) -> KindSet:
        return self.of(node.value)

    def _Await(self, node: ast.Await) -> KindSet:
        return _UNKNOWN


class OwnKinds(Kinds):
    """`Kinds` for a model that one thread builds, asks and drops (the compiler's models of a note's
    blocks): the same queries without taking the lock on each, which cost the compiler about a
    twentieth of its time."""


for _name, _member in list(vars(Kinds).items()):
    if hasattr(_member, "unlocked"):
        setattr(OwnKinds, _name, _member.unlocked)


_DISPLAYS: dict[type, str] = {ast.List: "list", ast.ListComp: "list", ast.Dict: "dict", ast.DictComp: "dict",
                              ast.Set: "set", ast.SetComp: "set", ast.Tuple: "tuple", ast.JoinedStr: "str"}


def _strings(node: ast.expr | None) -> bool:
    """A list, tuple or set display of string constants only."""
    return isinstance(node, (ast.List, ast.Tuple, ast.Set)) and bool(node.elts) and all(
        isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts)


def _literal_kinds(node: ast.expr) -> KindSet:
    """The builtin type of a display or literal (`[]` → list, `f"…"` → str); numbers, None and
    booleans are unknown: notes explain the methods of containers and strings, not of numbers."""
    found = _DISPLAYS.get(type(node))
    if found is None and isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)):
        found = type(node.value).__name__
    if found in ("list", "tuple") and isinstance(node, (ast.List, ast.Tuple)) and node.elts and (item := _items_kind(node.elts)):
        found = api.generic(found, item)  # `names = ["a", "b"]`: `names[0]` is a str
    return frozenset({found}) if found else _UNKNOWN


def _items_kind(items: list[ast.expr]) -> str | None:
    """The one builtin type of a display's items when each is a string, or each a list or dict display
    (`[[1, 2], [3]]`, `[{"a": 1}, {"a": 2}]`); None otherwise, numbers included (read no further than the
    first item that differs: a file's long tuples of numbers cost one look)."""
    first = items[0]
    if isinstance(first, ast.Constant):
        return "str" if all(isinstance(e, ast.Constant) and type(e.value) is str for e in items) else None
    shape = type(first)
    if shape is ast.List or shape is ast.Dict:
        return _DISPLAYS[shape] if all(type(e) is shape for e in items) else None
    return None


def _element(kind: str) -> KindSet:
    found = api.element_of(kind) if not kind.startswith("<") else None
    return frozenset({found}) if found else _UNKNOWN


def _iterator_of(item: str) -> KindSet:
    return frozenset({api.generic("typing.Iterator", item)})


def _unpacked_element(kind: str) -> KindSet:
    found = api.unpacked_element(kind) if not kind.startswith("<") else None
    return frozenset({found}) if found else _UNKNOWN


def _unpacked_item(kind: str, index: int) -> KindSet:
    found = api.unpacked_item(kind, index) if not kind.startswith("<") else None
    return frozenset({found}) if found else _UNKNOWN


def _path_to(target: ast.expr, name: str) -> list[int] | None:
    """The indices leading to `name` in a (nested) tuple or list target; None when it is not there."""
    if isinstance(target, ast.Name):
        return [] if target.id == name else None
    if isinstance(target, (ast.Tuple, ast.List)):
        for index, element in enumerate(target.elts):
            found = _path_to(element, name)
            if found is not None:
                return [index, *found]
    return None


def _entered(kind: str) -> KindSet:
    found = api.entered(kind) if not kind.startswith("<") else None
    return frozenset({found}) if found else _UNKNOWN


def _call_facts(node: ast.Call) -> dict:
    """What `api.method_result` needs to know about a call's arguments."""
    keywords = {k.arg: k.value.value for k in node.keywords if k.arg and isinstance(k.value, ast.Constant)}
    inplace = any(k.arg == "inplace" and not (isinstance(k.value, ast.Constant) and not k.value.value) for k in node.keywords)
    return {
        "inplace": inplace,
        "axis_none": "axis" in keywords and keywords["axis"] is None,
        "positional": len(node.args),
        "arguments": tuple(a.value if isinstance(a, ast.Constant) else ... for a in node.args),
        "keywords": {**keywords, **{k.arg: ... for k in node.keywords if k.arg and k.arg not in keywords}},
    }


def _is_scalar_key(node: ast.expr) -> bool:
    """A label or position that selects one row or column: `'a'`, `2`, `-1` (the last)."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        node = node.operand
        return isinstance(node, ast.Constant) and type(node.value) is int
    return isinstance(node, ast.Constant) and isinstance(node.value, (str, int))


def analyse(source: str, implicit: Mapping[str, str] | None = None, owned: bool = False) -> Kinds | None:
    """The kinds of any Python text — a note's block, a notebook's cells joined in order — parsed
    tolerantly (a broken statement is cut out) and never raising; None when nothing of it parses.
    `implicit`: names bound as imports before the text (`{"pd": "pandas"}`: what a note means
    without importing, or what earlier cells imported). `owned`: only the calling thread ever asks
    (`OwnKinds`)."""
    from notesense.analysis.recover import recover

    recovered = recover(source)
    if recovered is None:
        return None
    model = SemanticModel(recovered.tree, source=source, broken=recovered.broken, implicit=implicit)
    return OwnKinds(model) if owned else Kinds(model)
