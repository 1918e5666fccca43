"""The canonical public API names a snippet explains (`torch.chunk`, `pandas.DataFrame.loc`).

Names come from two places. The code: attribute chains resolved through the block's imports and
conventional aliases, and method calls on objects whose class the semantic model's kind inference
knows (`df = pd.read_csv(..)` makes `df` a DataFrame; `analysis.api` holds the library facts). The heading: "chunk()函数" under torch names
`torch.chunk`. Heading names rank first because they say what the snippet is *about*; the code's
other calls are only what it happens to touch, so few of them are kept.
"""

from __future__ import annotations

import ast
import builtins
import functools
import keyword
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain

from notesense.analysis import api, public_api
from notesense.analysis.imports import CONVENTIONAL_ALIASES, FRAME_NAME, ImportMap, submodule_of, with_foundations
from notesense.analysis.kinds import UNKNOWN, OwnKinds
from notesense.analysis.semantic import SemanticModel, child_fields
from notesense.compile.context import AMBIGUOUS_STDLIB, LIBRARY_WORDS, PYTHON, STDLIB
from notesense.lines import LINE_END
from notesense.library.words import GLOSS_MARK, REFERENCES_TITLE
from notesense.notes.model import LIST_BULLET

MAX_SYMBOLS = 6
MAX_EXTRA = 3  # code names kept after the ones the heading or lead sentence names

_MODULE_VALUES = frozenset(CONVENTIONAL_ALIASES.values())
# libraries a note uses beside pandas, none with a frame of its own
_BESIDE_PANDAS = frozenset({"matplotlib", "seaborn", "numpy", "scipy", "sklearn", "statsmodels"})
# DataFrame members a pandas heading may name on their own ("fillna 空值处理" → pandas.DataFrame.fillna)
_HEADING_MEMBERS = frozenset(
    "fillna dropna ffill bfill merge join groupby apply drop sort_values sort_index value_counts to_csv "
    "to_pickle to_numpy rename reset_index set_index pivot pivot_table map astype isnull isna notnull "
    "head tail describe sample query assign melt copy".split()
) | api.PROPERTIES[api.DATAFRAME]
# Names a note's code uses without saying what they hold: one named like a DataFrame
# (`api.conventional_kinds`), or indexed with `.loc`, is a DataFrame in a pandas note; one with
# `.backward()` is a tensor in a torch note.
_TENSOR_ONLY = frozenset({"backward", "detach", "requires_grad_", "retain_grad"})
_TOKEN = re.compile(r"([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)(\s*\()?")
# what follows a parameter's name written where an API's could stand ("the `dim` argument", "接受一个
# `device`参数", "Stack/Unstack with dropna Parameter", "The `loc` (legend location) parameter"): the
# name is a keyword's, not the API spelt so
PARAMETER_AFTER = re.compile(
    r"[`*_]*\s*(?:[(（][^()（）\n]{1,40}[)）]\s*)?(?:参数|(?:parameter|argument|keyword)s?\b)", re.IGNORECASE)

_BUILTINS = frozenset(n for n in dir(builtins) if not n.startswith("_"))


# methods a builtin value has too (`count`, `copy`, `index`, `pop`, `update` …): they say nothing of pandas
_BUILTIN_METHODS = frozenset(n for t in (list, dict, str, set, tuple, bytes) for n in dir(t) if not n.startswith("_"))


def _pandas_owner(attr: str) -> str | None:
    """The pandas class a value with method `attr` must be, in a pandas note whose code does not say
    where the value came from (`games = read_table(url)`, then `games.set_index('date')`): a
    DataFrame's, else a Series' own member that no builtin value has; None otherwise."""
    if attr in _BUILTIN_METHODS or attr.startswith("_"):
        return None
    return next((owner for owner in (api.DATAFRAME, api.SERIES) if public_api.is_public(f"{owner}.{attr}")), None)


Outer = Callable[[str], "str | None"]  # a name the block reads but never binds -> the kind earlier blocks left it


@dataclass(slots=True)
class CodeSymbols:
    """Canonical names the code uses, most used first, and the local variable each method was called on."""

    ranked: list[str] = field(default_factory=list)
    receivers: dict[str, str] = field(default_factory=dict)  # 'pandas.DataFrame.loc' -> 'dfa'
    called_builtins: set[str] = field(default_factory=set)
    shown: list[str] = field(default_factory=list)  # called by the block's last expression (what it shows)
    # read only as a keyword argument's value (`dtype=torch.long`): a setting of a call, not what the block does
    settings: frozenset[str] = frozenset()


class _Walker:
    """One pass over a block in source order, asking the block's semantic model what each reference
    names (`analysis.kinds`: the same inference the server runs on the user's file)."""

    def __init__(
        self, names: ImportMap, context: str, tree: ast.Module, nodes: list[ast.AST], code: str,
        outer: Outer | None = None, shift: int = 0, imported: Collection[str] = (), topic: str | None = None,
        spoken: str | None = None,
    ) -> None:
        self.names = names
        self.spoken = spoken
        self.counts: Counter[str] = Counter()
        self.order: dict[str, int] = {}
        self.receivers: dict[str, str] = {}
        self.called_builtins: set[str] = set()
        self.settings: set[str] = set()  # symbols read as a keyword argument's value
        self.elsewhere: set[str] = set()  # symbols read anywhere else
        self._setting = False
        self._resolved: dict[tuple[int, bool], str | None] = {}  # (id(attribute), called) -> `resolve`'s answer
        implied: dict[str, str] = {}
        called: set[str] = set()  # names the block calls without binding them by an import
        used: dict[str, set[str]] = {}  # name -> the members the block reads on it
        pandas = context == "pandas" or "pandas" in imported  # this block's library, or one the note imported
        libraries = self.libraries = {context, *imported}
        self.imported = {*imported, *names.modules}  # the packages the note's code imports, up to this block
        # a note that names no library at all (a cheat sheet's `df.groupby('a').size()`, never importing
        # pandas): its `df` is the DataFrame everyone means by it, for a member a DataFrame lists
        unnamed = not any(lib and lib != PYTHON and lib not in STDLIB for lib in libraries)
        # (and in a note on a library used beside pandas, a `df` nothing binds is the frame too:
        # `df.boxplot(column=…, by=…)` in notes on matplotlib)
        beside = all(lib in _BESIDE_PANDAS for lib in libraries if lib and lib != PYTHON and lib not in STDLIB)
        # `Series.value_counts(normalize=False, …)`, `Tensor.view(*shape)` copied from the reference: the
        # library's class so named, read as imported, never a value of some kind
        spelt: dict[str, str] = {}
        owners = [lib for lib in (*sorted(libraries - {None}), spoken) if lib and lib != PYTHON]
        for node in nodes:
            if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and (pandas or unnamed) \
                    and api.DATAFRAME in api.conventional_kinds(node.value.id) and node.value.id not in names.names:
                implied[node.value.id] = api.DATAFRAME  # `df['name'].str.strip()`: a column of the note's frame
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id not in names.names:
                called.add(node.func.id)
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                base = node.value.id
                if base in names.names or base in spelt:
                    continue
                if base in _BUILTINS:  # `bytes.fromhex(…)`, `dict.fromkeys(…)`: the builtin type's, in any library's note
                    if base in api.BUILTIN_TYPES and public_api.is_public(f"{base}.{node.attr}"):
                        implied[base] = base
                    continue
                if base[:1].isupper() and (cls := next((f"{lib}.{base}" for lib in owners if f"{lib}.{base}" in _LISTED_CLASSES), None)):
                    spelt[base] = cls
                    continue
                used.setdefault(base, set()).add(node.attr)
                if pandas and (node.attr in api.INDEXERS or api.DATAFRAME in api.conventional_kinds(base)):
                    implied[base] = api.DATAFRAME
                elif pandas and base not in implied and (owner := _pandas_owner(node.attr)):
                    implied[base] = owner  # `rest.unstack()`: only a frame (or a series) has that method
                elif context == "torch" and node.attr in _TENSOR_ONLY:
                    implied[base] = api.TENSOR
                elif base not in implied and (named := api.named_kind(base, node.attr, libraries)):
                    implied[base] = named  # `ax.set_xticks(...)` in a matplotlib note: an Axes
                elif beside and base not in implied and FRAME_NAME.fullmatch(base) and _pandas_owner(node.attr) == api.DATAFRAME:
                    implied[base] = api.DATAFRAME
                elif unnamed and base not in implied and (owner := builtin_owner(node.attr, topic)):
                    implied[base] = owner  # `a.append(6)` in notes on plain Python: a list
        for name in called - spelt.keys():
            if name[:1].isupper() and (cls := public_api.class_named(name)) and cls.partition(".")[0] in owners:
                spelt[name] = cls  # `StepLR(optimizer, step_size=10)` in a note on torch that never imports it
            elif (found := public_api.sole_named(name)) and "." in found and not public_api.held_by_class(found) \
                    and (outer is None or outer(name) is None):
                # `SelectPercentile(f_classif)`, `cross_val_score(...)` in a post that shows no import: a compound
                # name only one library has, whichever libraries the note imports (not what it defined itself)
                spelt[name] = found
            elif unnamed and name.isupper() and len(name) >= 3 and (cls := public_api.class_named(name)) \
                    and (outer is None or outer(name) is None):
                # `SVC(kernel="linear")`, `PCA(n_components=2)` called in a course's notes that import nothing and
                # name no other library: the one listed class so spelt (an acronym in words may be a word)
                spelt[name] = cls
        for name in called - implied.keys():
            if kind := api.called_kind(name, libraries, used.get(name, ())):
                implied[name] = kind  # `pred = model(x)` in a torch note: a module, its output a tensor

        def assume(name: str) -> str | None:
            """What the block reads without binding: what earlier blocks of the note left it, else
            what the way it is used implies."""
            earlier = outer(name) if outer is not None and name not in names.names else None
            return earlier or implied.get(name)

        # the text lets the model skip looking for lambdas, comprehensions and `:=` where it has none
        lines = LINE_END.split(code)
        if shift:  # the tree stands where the block stands in its note: the model reads its lines there
            lines = [""] * shift + lines
        self.kinds = OwnKinds(SemanticModel(tree, source=code, lines=lines, implicit={**spelt, **names.names}), assume=assume)

    def record(self, symbol: str, receiver: ast.expr | None = None) -> None:
        (self.settings if self._setting else self.elsewhere).add(symbol)
        self.counts[symbol] += 1
        self.order.setdefault(symbol, len(self.order))
        if isinstance(receiver, ast.Name) and symbol not in self.receivers:
            self.receivers[symbol] = receiver.id

    def visit(self, node: ast.AST) -> None:
        if isinstance(node, ast.Assign):
            self.visit(node.value)
            for target in node.targets:
                if not isinstance(target, ast.Name):
                    self.visit(target)
        elif isinstance(node, ast.Call):
            callee = self.visit_ref(node.func, called=True)
            if callee and callee.endswith(".plot"):
                kind = next((kw.value.value for kw in node.keywords if kw.arg == "kind" and isinstance(kw.value, ast.Constant)), None)
                if drawn := api.plot_kind(callee, kind):
                    self.record(drawn)  # `df.plot(kind="area")` draws what `df.plot.area()` does
            for arg in node.args:
                self.visit(arg)
            for kw in node.keywords:
                setting, self._setting = self._setting, isinstance(kw.value, (ast.Attribute, ast.Name))
                self.visit(kw.value)
                self._setting = setting
        elif isinstance(node, (ast.Attribute, ast.Name)):
            self.visit_ref(node, called=False)
        else:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                for decorator in node.decorator_list:  # `@staticmethod`, `@torch.no_grad`: applied, as a call is
                    if isinstance(decorator, (ast.Name, ast.Attribute)):
                        self.visit_ref(decorator, called=True)
                    else:
                        self.visit(decorator)
            for name in child_fields(type(node)):
                if name == "decorator_list":
                    continue
                value = getattr(node, name, None)
                if type(value) is list:
                    for item in value:
                        if isinstance(item, ast.AST):
                            self.visit(item)
                elif isinstance(value, ast.AST):
                    self.visit(value)

    def visit_ref(self, node: ast.expr, called: bool) -> str | None:
        """Record what a name or attribute read refers to; an attribute's canonical name is returned."""
        if isinstance(node, ast.Name):
            if isinstance(node.ctx, ast.Load):
                target = self.kinds.canonical(node)
                if target and "." in target and target not in _MODULE_VALUES:
                    self.record(target)
                elif called and node.id in _BUILTINS and node.id not in self.names.names:
                    self.called_builtins.add(node.id)
            return None
        if not isinstance(node, ast.Attribute):
            self.visit(node)
            return None
        symbol = self._resolved[id(node), called] = self.resolve(node, called)
        if symbol and symbol not in _MODULE_VALUES:
            typed = isinstance(node.value, ast.Name) and self.kinds.kind_of(node.value) is not None
            self.record(symbol, node.value if typed else None)
        if not _is_name_chain(node.value):
            self.visit(node.value)
        return symbol

    def reference(self, node: ast.expr, called: bool) -> str | None:
        """What a name or attribute read refers to (a module-level function through the imports, a
        member through its receiver's kind)."""
        if isinstance(node, ast.Name):
            return self.kinds.canonical(node)
        if not isinstance(node, ast.Attribute):
            return None
        found = self._resolved.get((id(node), called), _UNRESOLVED)  # the walk resolved most of them already
        return self.resolve(node, called) if found is _UNRESOLVED else found

    def resolve(self, node: ast.Attribute, called: bool) -> str | None:
        """Canonical name of a reference, or None when it cannot be known without running the code: a
        value's member counts when it is called or is API read without a call (`df.loc`, `x.shape`),
        never a DataFrame column read as an attribute (`dfa.start_time`)."""
        if node.attr.startswith("_"):
            return None
        kind = self.kinds.class_of(node.value)
        if kind is not None and not (called or api.is_property(kind, node.attr)):
            return None
        found = self.kinds.canonical(node)
        if found is None and called and self.kinds.of(node.value) <= {UNKNOWN}:
            # `model.features[i].register_forward_hook(hook)` on a parameter: the one main class with it; a
            # standard module's only where the code imports it (`path.relative_to(base)` in a note that did
            # `from pathlib import Path`), not where a title names it as the note's topic
            owners = with_foundations(lib for lib in (*self.libraries, self.spoken)
                                      if lib and (lib not in STDLIB or lib in self.imported))
            # `data.to_sql(...)` of a frame the note never made: a frame's, a series' being the same operation
            found = public_api.sole_owner(node.attr, owners) or api.mirrored_owner(node.attr, owners)
        elif found is not None and called:
            # `net = LeNet(classes=2)` from the project's own `model.py`, then `net.load_state_dict(...)` in
            # a note that uses torch (imports it, reads it, or its prose names it): torch.nn.Module's
            frameworks = chain(self.libraries, (self.spoken,), (q.split(".", 1)[0] for q in self.names.names.values()))
            found = api.made_member(found.rpartition(".")[0], node.attr, frameworks) or found
        head = node.value.id if isinstance(node.value, ast.Name) else ""
        if found == f"{head}.{head}.{node.attr}" and not public_api.is_public(found) and public_api.is_public(f"{head}.{node.attr}"):
            # `random.choices(...)` in a note that did `from random import random` earlier: the function has
            # no such member; the module it is named after has, and the block is written for that
            found = f"{head}.{node.attr}"
        if called and found is not None and found.rpartition(".")[0] in _LISTED_CLASSES and not public_api.is_public(found):
            return None  # `session.commit()` on what the code was taken for, a frame: no method the class has
        return found


# the classes whose methods the table lists in full (what each has, removed ones included): a method of
# one not listed is never its API (what an instance is given in `__init__`, `opt.param_groups`, is no
# method: a property's own list says which it has)
_LISTED_CLASSES = frozenset(public_api.CLASSES)


_UNRESOLVED = object()  # no answer kept for that reference


def _is_name_chain(node: ast.expr) -> bool:
    while isinstance(node, ast.Attribute):
        node = node.value
    return isinstance(node, ast.Name)


def parameter_named(text: str, token: str, end: int, called: bool) -> bool:
    """Whether `token`, ending at `end` in `text`, is a keyword's name: a plain lowercase word, not
    called, that a parameter word follows ("with dropna Parameter"; "Model Parameters" names the class)."""
    return not called and "." not in token and not token[:1].isupper() and PARAMETER_AFTER.match(text, end) is not None


# what Chinese notes call the builtin types and the main array classes
CLASS_NOUNS = {"张量": "torch.Tensor", "列表": "list", "字典": "dict", "字符串": "str", "元组": "tuple", "集合": "set",
               "数组": "numpy.ndarray", "文件": api.TEXT_FILE}
# what headings call the builtin types: "# 列表", "## Python Lists", "### 字典操作", "Strings"
_TYPE_OF_WORD = {**{noun: t for noun, t in CLASS_NOUNS.items() if t in api.BUILTIN_TYPES},
                 **dict.fromkeys(("list", "lists"), "list"), **dict.fromkeys(("str", "string", "strings"), "str"),
                 **dict.fromkeys(("dict", "dicts", "dictionary", "dictionaries"), "dict"),
                 **dict.fromkeys(("tuple", "tuples"), "tuple"),
                 # "set" alone is as often the verb ("Set the index"); "Set Methods" is the type
                 **dict.fromkeys(("sets", "set methods", "set operations", "set objects", "set type", "set types"), "set")}
_TYPE_WORDS = re.compile(rf"({'|'.join(w for w in _TYPE_OF_WORD if not w.isascii())})"
                         rf"|\b({'|'.join(w for w in _TYPE_OF_WORD if w.isascii())})\b", re.IGNORECASE)


# the nouns a heading opens with to be about the type: plurals and Chinese nouns ("4. Sets - Unique Collections",
# "Python Lists", "字典操作"), where a singular English word opens as many headings on something else ("List
# comprehension", "String formatting") and a later noun is a task's object ("Sorting lists")
_TYPE_OPENING = re.compile(
    r"[^\w-]*(?:[\d.]+[.、)）]?\s*)?(?:python\s*(?:的)?\s*)?"
    rf"(?:({'|'.join(w for w in _TYPE_OF_WORD if w.isascii() and w.endswith('s') and ' ' not in w)})\b"
    rf"|({'|'.join(w for w in _TYPE_OF_WORD if not w.isascii())}))", re.IGNORECASE)


# a heading that is the type's singular noun and nothing else ("## dictionary", "# String"): no other word
# for the noun to be the object or the verb of
_TYPE_ALONE = re.compile(
    r"[^\w-]*(?:[\d.]+[.、)）]?\s*)?(?:python\s*(?:的)?\s*)?"
    rf"({'|'.join(w for w in _TYPE_OF_WORD if w.isascii() and not w.endswith('s') and ' ' not in w)})[^\w]*", re.IGNORECASE)


def opening_type(heading: str) -> str | None:
    """The builtin type a heading opens with by its plural or Chinese noun (`_TYPE_OPENING`), or is
    by its singular noun alone (`_TYPE_ALONE`)."""
    if m := _TYPE_OPENING.match(heading):
        return _TYPE_OF_WORD[(m[1] or m[2]).lower()]
    m = _TYPE_ALONE.fullmatch(heading.strip())
    return _TYPE_OF_WORD[m[1].lower()] if m else None


def heading_type(headings: Sequence[str]) -> str | None:
    """The builtin type the innermost heading that names one names, if it names only one."""
    for heading in reversed(headings):
        found = {_TYPE_OF_WORD[(m[1] or m[2]).lower()] for m in _TYPE_WORDS.finditer(heading)}
        if found:
            return found.pop() if len(found) == 1 else None
    return None


def builtin_owner(method: str, topic: str | None) -> str | None:
    """The builtin type an unbound name's `method` says it is: the one type with that method, or among
    several (`update`: dict and set) the one the headings name."""
    owners = builtin_owners(method)
    return owners[0] if len(owners) == 1 else topic if topic in owners else None


@functools.cache
def builtin_owners(method: str) -> tuple[str, ...]:
    """The builtin types that have the method `method`."""
    return tuple(t for t in sorted(api.BUILTIN_TYPES) if public_api.is_public(f"{t}.{method}"))


def code_symbols(
    tree: ast.Module | None,
    nodes: list[ast.AST] | None,
    code: str,
    names: ImportMap,
    context: str,
    outer: Outer | None = None,
    shift: int = 0,
    imported: Collection[str] = (),
    topic: str | None = None,
    spoken: str | None = None,
) -> CodeSymbols:
    """Names used by the code, ranked by use count then first use. Unparsable code falls back to its
    dotted tokens resolved through the aliases, so a broken block still says what it is about.
    `shift`: how far the tree's lines were moved down from the code's (`flow`); `imported`: the top-level
    packages the note imported before the block; `topic`: the builtin type the section's headings
    name (`heading_type`); `spoken`: the library the note's prose names."""
    if tree is None or nodes is None:
        counts: Counter[str] = Counter()
        order: dict[str, int] = {}
        for token in _TOKEN.finditer(code):
            qualified = names.qualify(token[1]) if "." in token[1] else None
            if qualified and qualified not in _MODULE_VALUES and not public_api.misspelt(qualified):
                counts[qualified] += 1
                order.setdefault(qualified, len(order))
        return CodeSymbols(sorted(counts, key=lambda s: (-counts[s], order[s])))
    if brings_names_only(tree):
        # `from torch.autograd.functional import jacobian` alone, the section's words on it around it: the
        # block shows the one API it brings in (several, or a module, `from torch import nn`, say nothing)
        brought = [names.qualify(alias.asname or alias.name) for node in tree.body for alias in node.names]
        one = brought[0] if len(brought) == 1 else None
        if one and one not in public_api.MODULES and not any(part.startswith("_") for part in one.split(".")) \
                and not public_api.misspelt(one) \
                and (public_api.is_public(one) or not public_api.is_closed(one)):
            return CodeSymbols([one], shown=[one])
    walker = _Walker(names, context, tree, nodes, code, outer, shift, imported, topic, spoken)
    walker.visit(tree)
    # a misspelt name (`pd.read_cvs`) is no API: a note's typo must not become a symbol
    public = [s for s in walker.counts if not any(part.startswith("_") for part in s.split(".")) and not public_api.misspelt(s)]
    # a builtin type's methods (`list.append` in a loop) rank after the library's API the block is about;
    # a name imported as itself (`from sklearn.cluster import KMeans`) before those reached through a
    # module (`plt.plot`, `np.array` called ten times around one `KMeans(...)`)
    named = set(names.names.values())
    ranked = sorted(public, key=lambda s: (s.split(".", 1)[0] in api.BUILTIN_TYPES, s not in named,
                                           -walker.counts[s], walker.order[s]))
    shown = [s for s in _shown(tree.body, walker) if s in public]
    return CodeSymbols(ranked, walker.receivers, walker.called_builtins, list(dict.fromkeys(shown)),
                       frozenset(walker.settings - walker.elsewhere))


def brings_names_only(tree: ast.Module) -> bool:
    """Whether a block does nothing but `from … import` names: what it shows is the name it brings in."""
    return bool(tree.body) and all(isinstance(node, ast.ImportFrom) for node in tree.body)


# calls that only display what they are given: `print(f(x))` shows `f`
DISPLAY = frozenset({"print", "display", "repr", "str", "list", "tuple", "len", "type"})


def _shown(body: list[ast.stmt], walker: "_Walker") -> list[str]:
    """What a block demonstrates: the outermost calls (and properties) of its last expression, the
    value a notebook cell shows (`torch.mm(A, B)`, `X.sum(axis=0), X.mean()`, `torch.bmm(X, Y).shape`),
    or of what a block that only defines a function returns. Arguments are not shown: in
    `d2l.plot(x.detach(), …)` the block shows a plot, not `detach`."""
    if not body:
        return []
    last = body[-1]
    if isinstance(last, ast.Expr):
        shown = _outermost(last.value, walker)
        before = body[-2] if len(body) > 1 else None
        if isinstance(last.value, ast.Attribute) and isinstance(last.value.value, ast.Name) \
                and isinstance(before, ast.Expr) and isinstance(before.value, ast.Call):
            # a call made for what it changes, then the value it changed shown (`y.backward()` then
            # `x.grad`, `df.dropna(inplace=True)` then `df.shape`): the block shows the call at work
            shown = [*_outermost(before.value, walker), *shown]
        elif isinstance(before, ast.Assign) and len(before.targets) == 1 and (
                _base_name(target := before.targets[0]) in _displayed_names(last.value)):
            # `tokens = tokenizer.tokenize(sequence)` then `print(tokens)`: the value the call just made, shown;
            # `df.at[0, "name"] = "kelly"` then `print(df)`: the frame the indexer just changed
            shown = [*_outermost(before.value if isinstance(target, ast.Name) else target, walker), *shown]
        return shown
    if len(body) == 1 and isinstance(last, (ast.FunctionDef, ast.AsyncFunctionDef)):
        # `return vocab, dataset, Data.TensorDataset(...)` hands back what the function built, one call
        # among its results; `return DataLoader(a), DataLoader(b)` still shows the calls it returns
        returns = [n.value for n in last.body if isinstance(n, ast.Return) and n.value is not None
                   and not (isinstance(n.value, ast.Tuple) and not all(isinstance(e, ast.Call) for e in n.value.elts))
                   and not _last_step(n.value, last)]
        return [s for value in returns for s in _outermost(value, walker)]
    return []


def _base_name(node: ast.expr) -> str | None:
    """`df` of `df`, `df.at[0, "a"]` or `df.loc[rows, "b"]`; None for anything else."""
    while isinstance(node, (ast.Subscript, ast.Attribute)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _displayed_names(node: ast.expr) -> set[str]:
    """The names a block's last expression shows as they are: `x`, `print(a, b)`, `x, y`."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in DISPLAY:
        return {arg.id for arg in node.args if isinstance(arg, ast.Name)}
    if isinstance(node, ast.Tuple):
        return {element.id for element in node.elts if isinstance(element, ast.Name)}
    return {node.id} if isinstance(node, ast.Name) else set()


def _last_step(value: ast.expr, function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Whether `value` only converts or packs what a function of the note's own built (its body branches or
    runs on: `def bilinear_kernel(...)`, a dozen lines on an array, then `return torch.from_numpy(weight)`;
    `return nn.Sequential(*layers)` after a loop): a call given nothing but that one value. A call it
    configures (`return DataLoader(train, batch_size, shuffle=True)`) is what the function sets up, and a
    short wrapper (`def load(path): return torch.load(path)`) shows what it returns."""
    if not (isinstance(value, ast.Call) and len(value.args) == 1 and not value.keywords
            and isinstance(value.args[0].value if isinstance(value.args[0], ast.Starred) else value.args[0], ast.Name)):
        return False
    body = function.body[1:] if ast.get_docstring(function, clean=False) is not None else function.body
    return len(body) > _WRAPPER_STATEMENTS or any(isinstance(stmt, _FLOW) for stmt in body)


_WRAPPER_STATEMENTS = 3  # statements, the return among them: a wrapper's set-up is short
_FLOW = (ast.If, ast.For, ast.AsyncFor, ast.While, ast.Try, ast.With)


def _outermost(node: ast.expr, walker: "_Walker") -> list[str]:
    if isinstance(node, (ast.Tuple, ast.List)):
        return [s for element in node.elts for s in _outermost(element, walker)]
    if isinstance(node, ast.Call):
        if isinstance(node.func, ast.Name) and node.func.id in DISPLAY and node.args:
            return [s for arg in node.args for s in _outermost(arg, walker)]
        symbol = walker.reference(node.func, called=True)
        inner = _outermost(node.func.value, walker) if isinstance(node.func, ast.Attribute) else []
        return ([symbol] if symbol else []) + inner  # `x.sum().backward()`: both calls are shown
    if isinstance(node, (ast.Attribute, ast.Subscript)):
        symbol = walker.reference(node, called=False) if isinstance(node, ast.Attribute) else None
        return ([symbol] if symbol else []) + _outermost(node.value, walker)
    if isinstance(node, (ast.BinOp, ast.Compare, ast.UnaryOp, ast.BoolOp)):
        parts = ([node.left, node.right] if isinstance(node, ast.BinOp) else [node.left, *node.comparators]
                 if isinstance(node, ast.Compare) else [node.operand] if isinstance(node, ast.UnaryOp) else node.values)
        return [s for part in parts for s in _outermost(part, walker)]
    return []


def pasted_def(tree: ast.Module | None) -> str | None:
    """The name of the one function a block writes out with no body (`def subplots(nrows=1, ncols=1,
    sharex=False, …):` over `...`, `pass`, a docstring or `return fig, axs` of names it never binds): a
    reference's `def` line copied to show an API's parameters and defaults, not a function of the note's.
    None for any other block, and for one with no parameter a default or `*` gathers."""
    if tree is None or not tree.body or not isinstance(func := tree.body[0], (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    arguments = func.args
    if not (arguments.defaults or any(arguments.kw_defaults) or arguments.vararg or arguments.kwarg):
        return None
    bound = {a.arg for a in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs, arguments.vararg, arguments.kwarg) if a}
    return func.name if all(_no_body(stmt, bound) for stmt in (*func.body, *tree.body[1:])) else None


def _no_body(stmt: ast.stmt, bound: set[str]) -> bool:
    """`pass`, `...`, a docstring, or a `return` of names the function does not bind: no statement run."""
    if isinstance(stmt, ast.Pass) or isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
        return True
    if not isinstance(stmt, ast.Return):
        return False
    values = stmt.value.elts if isinstance(stmt.value, ast.Tuple) else [stmt.value] if stmt.value else []
    return all(isinstance(v, ast.Name) and v.id not in bound for v in values)


def written_signature(tree: ast.Module | None) -> bool:
    """Whether the block is one call written as a signature, its parameters and their defaults
    (`torch.nn.CrossEntropyLoss(weight=None, ignore_index=-100, reduction='mean')`,
    `nn.Conv2d(in_channels, out_channels, kernel_size, stride=1, padding=0)`): the API a reference
    section documents, not an example that runs it. Its names are the parameters' own, its values
    literals; a default of None, or two literal defaults, tell it from a call with one setting
    (`plt.plot(x, y, color='r')`)."""
    if tree is None or len(tree.body) != 1 or not isinstance(call := getattr(tree.body[0], "value", None), ast.Call) \
            or not isinstance(tree.body[0], ast.Expr) or not _is_name_chain(call.func):
        return False
    if not all(isinstance(arg.value if isinstance(arg, ast.Starred) else arg, (ast.Name, ast.Constant)) for arg in call.args):
        return False
    defaults = 0
    for keyword in call.keywords:
        value = keyword.value.operand if isinstance(keyword.value, ast.UnaryOp) else keyword.value
        if isinstance(value, (ast.Tuple, ast.List)) and all(isinstance(e, ast.Constant) for e in value.elts):
            defaults += 1  # `target_size=(256, 256)`: a default written as a literal too
        elif isinstance(value, ast.Constant):
            if value.value is None:
                return True
            defaults += 1
        elif not _is_name_chain(value):
            return False
    return defaults >= 2


# the name a signature is written for (`class torch.optim.X(…)`, `flow_from_directory(directory, …)`, a class's
# dotted name alone)
SIGNED_NAME = re.compile(r"\s*(?:class\s+|def\s+)?([A-Za-z_][\w.]*)\s*(?:\(|$)")


def signature_symbols(signatures: Sequence[str], names: ImportMap, context: str, heading: str,
                      note_imports: ImportMap | None = None) -> list[str]:
    """`os.walk(top[, topdown=True])` -> `os.walk`; `class torch.optim.X(...)` -> `torch.optim.X`;
    a bare `Surface(...)` under the heading "pygame.Surface" -> `pygame.Surface`; a bare `bar(x, height)`
    in a note on matplotlib whose code imports `matplotlib.pyplot` (`note_imports`, any block's) ->
    `matplotlib.pyplot.bar`."""
    out: list[str] = []
    dotted = [t for t in (m[1] for m in _TOKEN.finditer(heading)) if "." in t]
    for sig in signatures:
        m = SIGNED_NAME.match(sig)
        if not m:
            continue
        spelled = next((t for t in dotted if t.endswith("." + m[1])), None)
        # `Tensor.expand(*sizes)` in a torch note: a member of the library's class, when the library has it
        member = public_api.canonical(f"{context}.{m[1]}") if "." in m[1] and public_api.is_closed(context) else None
        name = qualify_written(m[1], (names,)) or spelled or member or (
            _bare_signed(m[1], (names, note_imports) if note_imports else (names,), context)
            if context != PYTHON and "." not in m[1] else None
        )
        if name and name not in out:
            out.append(name)
    return out


def _bare_signed(name: str, maps: Iterable[ImportMap], context: str) -> str | None:
    """A bare signature's function in a note on `context` (`bar(x, height, width)`): the library's name
    so spelt; where the library lists its names and has none so, the one module of it the block (or the
    note) imports that has it (`matplotlib.pyplot.bar` over `import matplotlib.pyplot as plt`, never
    `matplotlib.bar`)."""
    written = f"{context}.{name}"
    if not public_api.is_closed(context) or public_api.is_public(written):
        return written
    top = context.partition(".")[0]
    found = {f"{module}.{name}" for names in maps for module in names.names.values()
             if module.partition(".")[0] == top and public_api.is_public(f"{module}.{name}")}
    return found.pop() if len(found) == 1 else None


# what a written name ending so is: a file ("setup.py", "model.h5"), never an API (`.json`, `.csv`, `.html`,
# `.pdf` are: `r.json()`, `pyarrow.csv`, `norm.pdf`)
FILE_SUFFIXES = frozenset("py txt md png jpg jpeg gif svg npy npz pkl pt pth h5 ipynb yaml yml".split())


def qualify_written(token: str, maps: Iterable[ImportMap]) -> str | None:
    """A dotted name written in prose, a heading or a signature, as its full path: through the first
    of the note's import maps that binds its head, a conventional alias, a submodule the block reads
    by its last name, or a library/standard module it starts with (an ambiguous standard name such
    as `copy` only with a member it really has). The compiler's one reading of a written name."""
    head, _, rest = token.partition(".")
    if not rest or rest.rpartition(".")[2].lower() in FILE_SUFFIXES:
        return None
    qualified = next((names.qualify(token) for names in maps if head in names.names), None)
    if qualified and not public_api.is_public(qualified) and public_api.is_public(token):
        # "`datetime.timedelta`" after `from datetime import datetime`: the module's class, as written
        return token
    if qualified:
        return qualified
    if head in CONVENTIONAL_ALIASES:
        return f"{CONVENTIONAL_ALIASES[head]}.{rest}"
    if module := submodule_of(head, (rest,)):  # `lr_scheduler.StepLR(optimizer, step_size)`: torch's
        return f"{module}.{rest}"
    if head.lower() in LIBRARY_WORDS and head.lower() == LIBRARY_WORDS[head.lower()]:
        return f"{head.lower()}.{rest}"
    if head in STDLIB and (head not in AMBIGUOUS_STDLIB or public_api.is_public(token)):
        return token
    if head[:1].isalpha() and api.public_name(token) != token:
        return token  # `tensorboardX.SummaryWriter`: a package the API table knows another spelling of
    return None


def uncontrasted(heading: str) -> str:
    """A heading without what it sets its subject against ("itertuples() — a faster alternative to
    iterrows()", "Using map instead of a for loop"): those names are not what its section is about."""
    cut = _CONTRASTED.sub("", heading)
    return cut if cut.strip(" -—–:：") else heading


# the words that set a name against the one a sentence or heading is about ("in comparison to `SVC`",
# "a faster alternative to iterrows()", "而不是`view`"), or beside it ("torch.squeeze()对应了np.squeeze()"):
# English ones, then Chinese
CONTRAST_EN = (r"compared (?:to|with)|in comparison (?:to|with)|unlike|instead of|rather than|as opposed to|alternatives? (?:to|for)"
               r"|equivalent to|the same as|corresponds? to|analogous to")
CONTRAST_ZH = r"相比于?|相较于?|不同于|而不是|而非|区别于|对应(?:了|于)?|相当于|等价于|等同于"
# where a heading starts to name what its subject is set against
_CONTRASTED = re.compile(rf"(?:\s(?:{CONTRAST_EN})\s|{CONTRAST_ZH}).*$", re.IGNORECASE)


def heading_symbols(heading: str, found: CodeSymbols, names: ImportMap, context: str, exercises: bool = False) -> list[str]:
    """The API a heading names: "chunk()函数" -> `torch.chunk`, "loc 操作 / iloc 操作" under pandas ->
    `pandas.DataFrame.loc`, `pandas.DataFrame.iloc`. Ordinary words name nothing: a heading token
    counts only when it is dotted, matches a name the code uses, is a known DataFrame member, or is
    written as a call."""
    out: list[str] = []
    tokens, words = _heading_words(heading)
    if is_task(heading, exercises):  # an exercise's task: its words say what to do, not which API does it
        tokens = tuple((token, is_call) for token, is_call in tokens if task_names(token, is_call))
        words = ()
    # "Use `dropna()` to drop rows having missing values": an English sentence, whose "drop" and "values"
    # are words; "fillna 空值处理", "loc 操作 / iloc 操作" name members among words of another language
    sentence = sum(token not in _HEADING_MEMBERS for token, _call in tokens) > 1
    for token, is_call in tokens:
        if "." in token:
            qualified = None if token.partition(".")[0] in names.names else _code_module_member(token, found)
            qualified = qualified or qualify_written(token, (names,)) or _class_member(token, context)
            if qualified and public_api.is_closed(qualified.partition(".")[0]):
                qualified = public_api.canonical(qualified)  # "## pd.quantile": the frame's; never `pandas.quantile`
            if qualified:
                out.append(qualified)
                continue
            token = token.rsplit(".", 1)[1]
        # "Argwhere" or "Detach 函数" names `argwhere`; "Conversion to the Tensor Format" names nothing
        # ("Tensor" over `t.tensor(...)` names the class `torch.Tensor`, which that code does not use)
        loose = (is_call or len(tokens) == 1) and not (
            token[:1].isupper() and public_api.is_public(f"{context}.{token}"))
        low = token.lower()
        # "Inertia" over code reading `model.inertia_`: a fitted attribute is spoken of without its underscore
        matches = [s for s in found.ranked if (tail := s.rsplit(".", 1)[-1]) == token
                   or loose and tail.lower() == low and not sentence_cased(token, s, len(found.ranked))
                   or tail.endswith("_") and tail[:-1].lower() == low]
        # "# .sort()" names the array's method: over `a.sort()` that, over `np.sort(a)` not the function (the
        # section sets the two apart); "### `.eye`" the library's function, no class having one so named
        method = _receiverless(heading, token) and any(public_api.held_by_class(n) for n in public_api.suffix_matches(token, context))
        if method:
            matches = [s for s in matches if public_api.held_by_class(s)]
        if matches:
            out.extend(matches)
        elif context == "pandas" and token in _HEADING_MEMBERS and not sentence:
            out.append(f"{api.DATAFRAME}.{token}")
        elif (builtin := low if loose and low in _BUILTINS else token) in _BUILTINS and (
                builtin in found.called_builtins or is_call and context == PYTHON):
            out.append(builtin)  # "zip()", "Sorted" over code that calls sorted(), in any library's note
        elif is_call and not method and context not in STDLIB and context != PYTHON and _plain_function(token) \
                and token != context.rpartition(".")[2]:  # "Using joblib (preferred for …)": the module, no joblib.joblib
            named = public_api.canonical(f"{context}.{token}")
            if named:
                out.append(named)
    for symbol in found.ranked if len(words) > 1 else ():
        # "Gaussian Mixture Models" over `GaussianMixture(...)`, "Train-Test Split" over `train_test_split(...)`:
        # the name written as words
        tail = symbol.rpartition(".")[2]
        parts = [p for p in tail.split("_") if p] if tail.islower() else [p.lower() for p in _CAMEL_PART.findall(tail)]
        if symbol not in out and (len(parts) > 1 and _spelt_out(parts, words) or _layer_spelt(tail, heading, words)):
            out.append(symbol)
    return _unique(out)


def _layer_spelt(tail: str, heading: str, words: Sequence[str]) -> bool:
    """Whether a heading is a layer's name written as words, its dimension before or after them and its
    short parts in full: "2D convolution" over `nn.Conv2d(...)`, "Max Pooling 2D" over `nn.MaxPool2d`,
    "Batch Normalization" over `nn.BatchNorm1d`; nothing else but "layer" beside them ("Convolutional
    neural networks" over a model built of `Conv2d` layers is about the network)."""
    m = _DIMENSIONED.fullmatch(tail)
    if m is None:
        return False
    dimension = re.search(r"(?<![\w.])([1-3])[-\s]?d(?![a-z])", heading, re.IGNORECASE)
    if dimension and dimension[1] != m[2]:
        return False
    parts = [p.lower() for p in _CAMEL_PART.findall(m[1])]
    spoken = [w for w in words if w not in ("d", "layer", "layers")]
    return len(spoken) == len(parts) and all(
        w == p or w == p + "s" or len(p) >= 4 and w.startswith(p) for w, p in zip(spoken, parts))


_DIMENSIONED = re.compile(r"((?:[A-Z][a-z]+)+)([1-3])d")  # `Conv2d`, `MaxPool1d`, `BatchNorm3d`


def sentence_cased(token: str, symbol: str, apis: int) -> bool:
    """Whether a heading's word is `symbol`'s lower-case name only capitalised, over code that uses more
    `apis` than an example of one does: "### 1.3 Train" over a training loop that calls `model.train()`
    among much else says what the code does, where "### Backward" over `y.sum().backward()` names it."""
    name = symbol.rpartition(".")[2]
    return token != name and token == name.capitalize() and apis > _FEW_APIS


_FEW_APIS = 3  # as many APIs as code shows one of them with (a tensor made, summed, its `backward()` called)


def _code_module_member(token: str, found: CodeSymbols) -> str | None:
    """"### `.random.seed`" over `np.random.seed(0)`, or over `np.random.rand(5, 3)`: the member of the
    module of that name the code uses (`numpy.random`), not the standard module spelt so."""
    if used := next((s for s in found.ranked if s.endswith(f".{token}")), None):
        return used
    head, _, rest = token.partition(".")
    modules = dict.fromkeys(s.rpartition(".")[0] for s in found.ranked if f".{head}." in s)
    return next((f"{m}.{rest}" for m in modules if m.endswith(f".{head}") and public_api.is_public(f"{m}.{rest}")), None)


def _class_member(token: str, context: str) -> str | None:
    """`Path.stem`, `PurePath.as_posix` in a heading over code that imports nothing (a note's `>>>`
    session): the member of the one class so named, of the block's library (or of any, where the block
    has none)."""
    head, _, rest = token.partition(".")
    cls = public_api.class_named(head) if head[:1].isupper() else None
    if cls is None or context not in (PYTHON, cls.partition(".")[0]):
        return None
    found = public_api.canonical(f"{cls}.{rest}")
    return api.public_name(found) if found else None


def is_task(heading: str, exercises: bool = False) -> bool:
    """An exercise's heading: a numbered task ("4. How to find the memory size of any array (★☆☆)",
    "Q28. Compute the square of x", "Step 4. What is the number of observations in the dataset?", "练习3",
    "第2题"): the solution under it shows the API its words only describe. A numbered question ("1. What is
    the difference between loc and iloc?") is a topic, not a task. In a note of exercises (`exercises`:
    "Pandas练习题50题") every numbered heading is one ("18. 计算df中每个种类animal的数量")."""
    return bool(_TASK.search(heading)) or (exercises and bool(_NUMBERED.match(heading)))


def task_names(token: str, coded: bool) -> bool:
    """Whether a word of an exercise's task names an API: written as code or as a call (`Z.size`,
    `reshape()`), dotted, or a class's name (`DataFrame`); "memory size of any array" are words."""
    return coded or "." in token or token[:1].isupper()


def exercises_named(texts: Iterable[str]) -> bool:
    """Whether a note's title, file name or first heading says it is a set of exercises ("Pandas练习题50题",
    "100 numpy exercises", "Exercise_with_Solutions.ipynb")."""
    return any(_EXERCISES.search(text) for text in texts if text)


_NUMBER = r"^\s*(?:Q\s*)?\d+\s*[.:、)．]"  # "4.", "Q28.", "18、"
_NUMBERED = re.compile(_NUMBER)
_EXERCISES = re.compile(r"练习|习题|exercise|quiz|\d+\s*题", re.IGNORECASE)
_TASK = re.compile(
    _NUMBER + r"\s*(?:how to|write|create|print|compute|find|given|consider|convert|make|get"
    r"|extract|replace|normalize|reverse|generate|implement|declare|subtract|multiply|swap|sort|let)\b"
    r"|^\s*(?:step|exercise|ex|task|练习|习题)\s*\d+|^\s*第\s*\d+\s*题|\(★+☆*\)", re.IGNORECASE)
_HEADING_WORD = re.compile(r"[A-Za-z]+")
_CAMEL_PART = re.compile(r"[A-Z][a-z]+")


def _receiverless(heading: str, token: str) -> bool:
    """Whether the heading writes `token` as a member without its receiver (".sort()", "`.eye`")."""
    return f".{token}" in heading and re.search(rf"(?<![\w.])\.{re.escape(token)}(?!\w)", heading) is not None


@functools.lru_cache(maxsize=1024)
def _heading_words(heading: str) -> tuple[tuple[tuple[str, bool], ...], tuple[str, ...]]:
    """A heading's name tokens (each with whether it is written as a call) and its words, lowercased (none
    for a one-word heading), less what it sets its subject against (`uncontrasted`). Read once per
    heading: every block of a section, and every section under a chapter, asks about the same heading text."""
    heading = uncontrasted(heading)
    tokens = tuple((m[1], bool(m[2])) for m in _TOKEN.finditer(heading)
                   if not parameter_named(heading, m[1], m.end(), bool(m[2])) and not _parameter_of_call(heading, m)
                   and not measured_against(heading, m.start()) and not a_noun(heading, m))
    return tokens, tuple(w.lower() for w in _HEADING_WORD.findall(heading)) if " " in heading else ()


def a_noun(heading: str, m: re.Match[str]) -> bool:
    """Whether the name `m` matched is an English noun after its article ("1. Shape - The dimensions of a
    tensor", "Sorting an array"): lower-case, neither called, dotted, in code marks, a library's name ("to a
    numpy array" names `Tensor.numpy` over `x.numpy()`) nor said to be a method or function ("Using the
    apply method" names `apply`); not the API spelt so (`torch.tensor`, `np.array`)."""
    return m[1][:1].islower() and not m[2] and "." not in m[1] and m[1] not in public_api.MODULES \
        and _ARTICLE.search(heading, max(0, m.start() - 5), m.start()) is not None and _SAID_API.match(heading, m.end()) is None


_ARTICLE = re.compile(r"\b(?:a|an|the)\s+\Z", re.IGNORECASE)
_SAID_API = re.compile(r"\s*(?:method|function|attribute|class|module|parameter|argument)s?\b", re.IGNORECASE)


def measured_against(heading: str, at: int) -> bool:
    """Whether the name at `at` is what the heading measures its subject against ("How to sum a small
    array faster than np.sum?", "比 np.sum 更快的求和"): not what the section is about."""
    return _MEASURED_AGAINST.search(heading, max(0, at - 12), at) is not None


_MEASURED_AGAINST = re.compile(r"(?:\bthan|(?<![对好无])比)\s*[`*_]*$", re.IGNORECASE)


def _parameter_of_call(heading: str, m: re.Match[str]) -> bool:
    """A plain name inside a call's brackets that is not called itself: a parameter of the signature the
    heading writes out (`join`, `copy` in "Series.align(other, join='outer', copy=None)"), never an API.
    Brackets after a word are an aside ("拼表操作(join/merge)", "Gated Recurrent Units (GRU)")."""
    if m[2] or "." in m[1] or "(" not in heading[:m.start()]:
        return False
    depth = 0
    for call in _CALL_BRACKET.finditer(heading, 0, m.start()):
        depth += 1 if call[0][-1] == "(" else -1 if depth else 0
    return depth > 0


_CALL_BRACKET = re.compile(r"(?<=[A-Za-z0-9_\]])\(|\)")


def _spelt_out(parts: list[str], words: Sequence[str]) -> bool:
    """Whether `words` hold `parts` one after another, each maybe plural (`Gaussian Mixture Models`
    holds gaussian, mixture; `Linear Regressions` holds linear, regression), a doer named by what it
    does (`Label Encoding` over `LabelEncoder`, `Standard Scaling` over `StandardScaler`)."""
    n = len(parts)
    return any(all(w == p or w == p + "s" or _doing(w, p) for w, p in zip(words[i:i + n], parts))
               for i in range(len(words) - n + 1))


def _doing(word: str, doer: str) -> bool:
    """`encoding` / `encoder`, `scaling` / `scaler`, `classification` / `classifier`, `imputation` /
    `imputer`: the action and the name of what does it."""
    m = _DOER.fullmatch(doer)
    return m is not None and len(m[1]) >= 4 and word.startswith(m[1]) and word.endswith(_ACTION_ENDS)


_DOER = re.compile(r"([a-z]+?)(?:ier|er|or)")
_ACTION_ENDS = ("ing", "ion", "ions", "ings")


# Words a heading adds around the names it is about without changing its subject ("chunk()函数",
# "loc 和 iloc 的区别", "The Sequential Class"); any other word gives the heading a subject of its own
# ("Sequential的混合式编程", "Hybridizing the Sequential Class").
_HEADING_FILLER = re.compile(
    r"[\W\d_]+|以及|的|和|与|及|或|中|里|函数|方法|操作|用法|使用|介绍|作用|详解|简介|区别|对比|比较|总结|笔记"
    r"|理解|类|模块|属性|参数|语法|语句|命令|示例|例子|常用|相关|注意|算法|优化器|层|模型|对象|实例|接口|什么是|是什么|为什么"
    r"|基础|入门|基本|概述|初识|创建|构造"
)
_FILLER_WORDS = frozenset(
    "a an the of and or vs in on with for to how use using usage class function functions method methods "
    "module attribute attributes example examples api apis note notes what is are why understanding "
    "basic basics intro introduction overview guide tutorial primer getting started working "
    "create creating construct constructing".split()
)


# the argument list written right after a name (`pd.cut(x, bins, right=True)`, `f(a, names=("x", "y"))`)
_ARGUMENTS = re.compile(r"(?<=[A-Za-z0-9_])\s*\((?:[^()]|\([^()]*\))*\)")


# a heading's words, then a name in parentheses (group 2)
_WORDS_THEN = r"([A-Za-z][A-Za-z -]*?)\s*[(（]\s*"
# a heading's short name in parentheses after its words: "Stochastic Gradient Descent (SGD)", "Stacking (np.stack)",
# "T-distributed Stochastic Neighbor Embedding (t-SNE)"
_SHORT_NAME = re.compile(rf"{_WORDS_THEN}((?:[A-Za-z]-)?[A-Z][A-Za-z0-9]*(?:\.[A-Za-z_]\w*)*)\s*[)）]\s*$")
# the API the words spell, a module's class written after them: "Cross-Entropy Loss (`nn.CrossEntropyLoss`)"
_SPELT_NAME = re.compile(rf"{_WORDS_THEN}`?((?:[A-Za-z_]\w*\.)*[A-Z][A-Za-z0-9]*)`?\s*[)）]")


def short_name(heading: str) -> re.Match[str] | None:
    """The short name a heading ends with in parentheses (group 2), after the words before it (group 1)."""
    return _SHORT_NAME.search(heading)


def _acronym_of(heading: str) -> str | None:
    """The name a heading is nothing but the spelling of, written after it in parentheses: an acronym
    ("Stochastic Gradient Descent (SGD)": `SGD`) or an API whose last part the words spell
    ("Cross-Entropy Loss (`nn.CrossEntropyLoss`)", "Mean Squared Error Loss (nn.MSELoss)")."""
    found = _SPELT_NAME.fullmatch(heading.strip())
    if found is None:
        return None
    name = found[2].rpartition(".")[2].lower()
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", found[1])]
    # each word whole or by its initial, in order: "mean squared error loss" spells `mseloss`
    spelt = re.fullmatch("".join(f"(?:{re.escape(w)}|{w[0]})" for w in words), name) if words and len(name) > 1 else None
    return found[2] if spelt else None



def names_only(heading: str, named: Sequence[str]) -> bool:
    """Whether `heading` says nothing but the names `named` (their last parts, any case) and filler:
    then it is about them and nothing else. A heading that writes one out with its parameters (the
    signature `Series.ewm(com=None, span=None)`) says nothing else either."""
    tails = {symbol.rsplit(".", 1)[-1].lower() for symbol in named}
    if not tails:
        return False
    if (glossed := _GLOSSED.fullmatch(heading)) and any(
            word.lower().rsplit(".", 1)[-1] in tails for word in _IDENTIFIER.findall(glossed[1])) and names_only(glossed[1], named):
        # "pd.to_datetime() — Parsing Dates", "Series - One-dimensional labeled array": what it is, after it
        # (not "方法3：使用groupby之后apply…", whose label before the colon names nothing)
        return True
    if (labelled := _LABELLED.fullmatch(heading)) and names_only(labelled[1], named):
        return True  # "encoding: dumps()", "方法二：pd.merge()": a short label, then the names alone
    if (glossing := _GLOSSING.fullmatch(heading)) and names_only(glossing[1], named):
        return True  # "一、图像放缩与插值 — cv.resize()": what it is, then the name alone after a dash
    heading = _acronym_of(heading) or heading  # "Stochastic Gradient Descent (SGD)": the name, spelt out before it
    rest = []
    for word in _IDENTIFIER.split(_ARGUMENTS.sub("", heading)):
        low = word.lower()
        if low.rsplit(".", 1)[-1] in tails or low in _FILLER_WORDS or low in LIBRARY_WORDS:
            continue  # "sklearn Pipeline", "Pandas DataFrame": the library says whose, nothing else
        rest.append(word)
    return not _HEADING_FILLER.sub("", "".join(rest)).strip()


_GLOSSED = re.compile(rf"(.+?){GLOSS_MARK}\S.*")  # a name, then a dash or colon and what it is
_GLOSSING = re.compile(r".*?\S\s*(?:—+|–|\s-\s)\s*(\S[^—–]*)")  # words, a dash, then the rest (no other dash)
_LABELLED = re.compile(r"[^:：(（`]{1,16}[:：]\s*(\S[^:：]*)")  # a label of a few words, a colon, then the rest
_IDENTIFIER = re.compile(r"([A-Za-z_][A-Za-z0-9_.]*)")  # (captured: `split` keeps the names)


def _plain_function(token: str) -> bool:
    return token.islower() and len(token) > 1 and not keyword.iskeyword(token) and token not in _BUILTINS


# A sentence that sends the reader elsewhere for an API ("有关`DataLoader`的详细介绍，请参阅…", "see
# :numref:`sec_x` for details", "`argsort`在入门篇中已有介绍，此处不再赘述") names it without explaining it.
_DEFERS = re.compile(
    r"请参[阅考见]|参[阅见考]|详见|见第|可参考|已(?:经)?(?:做了|有|做过)?介绍|介绍过|不再赘述"
    # and one that puts it off to a later part ("这在下一节行操作中将会着重介绍", "后面会详细讲解")
    r"|(?:下一?[节章篇部]|后面|后文|后续|稍后)[^。！？!?；;\n]{0,12}?(?:介绍|讲解|讲到|讲述|详述|详解)"
    r"|\bsee\b|\brefer to\b|\b(?:described|discussed|explained|introduced|covered) (?:in|earlier|above|later)"
    r"|:(?:num)?ref:|\{(?:num)?ref\}",
    re.I,
)
_SENTENCE_END = re.compile(r"[。！？!?；;\n]|\.(?:\s|$)")


def sentence_start(text: str, at: int) -> int:
    """Where the sentence of `text` that holds offset `at` begins."""
    return max((m.end() for m in _SENTENCE_END.finditer(text, 0, at)), default=0)


# what may stand before the name a sentence is about: markup, a short clause ("After fitting, ",
# "训练完成后，", "Then: "), an article ("The `unstack()` method …")
_OPENING = re.compile(r"(?:[^,，:：\n`]{0,30}[,，:：])?[\s`*_>-]*(?:(?:[Tt]he|An?)\s+(?:[\w-]+\s+(?:method|function)\s+)?[`*_]*"
                      # or a condition on using it ("If we use `CrossEntropyLoss()`, we need to…", "如果使用`X`，…")
                      r"|(?:[Ii]f|[Ww]hen)\s+(?:(?:we|you)\s+)?(?:use|using|call|calling)\s+(?:the\s+)?[`*_]*"
                      r"|(?:如果|若|当)(?:我们|你)?(?:使用|调用)\s*[`*_]*)?")


def opens_sentence(text: str, at: int) -> bool:
    """Whether the name at `at` is what its sentence starts with: in a paragraph that names several
    APIs, each sentence that opens with one (`clf.predict_proba(X)` returns …; `clf.predict` gives …)
    explains it."""
    return _OPENING.fullmatch(text, sentence_start(text, at), at) is not None


def _sentence(text: str, at: int) -> tuple[int, int]:
    """[start, end) of the sentence of `text` that holds offset `at`."""
    end = _SENTENCE_END.search(text, at)
    return sentence_start(text, at), end.start() if end else len(text)


def alone_in_sentence(text: str, at: int, others: Sequence[int]) -> bool:
    """Whether no other name (`others`: where the passage's names stand) shares the sentence of the name
    at `at`: "to force an update, use `plt.draw`." is about it, whatever the sentences around it name."""
    start, stop = _sentence(text, at)
    return not any(start <= other < stop for other in others if other != at)


def defers(text: str, at: int) -> bool:
    """Whether the sentence of `text` around offset `at` refers the reader elsewhere."""
    return bool(_DEFERS.search(text, *_sentence(text, at)))


def is_hint(lead: str) -> bool:
    """Whether the words over a block are an exercise's hint: a "hint" label and one line after it, in
    brackets or not ("(**hint**: np.sum)", "提示：np.add.reduce"): the names to look up, not what they do."""
    return _HINT.fullmatch(lead) is not None


_HINT = re.compile(r"\s*[(（]?\s*[*_]*(?:hints?|提示)[*_]*\s*[:：]\s*[^()（）\n]*[)）]?\s*", re.IGNORECASE)


def lead_symbols(lead: str, found: CodeSymbols) -> tuple[list[str], list[str]]:
    """Code names the sentence before the block writes: (those it is about, those it only mentions).
    It is about a name it starts with, one its last sentence (the one that leads into the block) starts
    with, or one it marks as code among at most two (``fillna`` 空值处理)
    or in bold; a name among several, or in a sentence that refers elsewhere, is only mentioned."""
    if not found.ranked and not found.called_builtins:
        return [], []  # the code names nothing the sentence could be about
    # the code's API, and the builtins it calls: "使用 `frozenset` 来进行创建：" explains frozenset
    # a name may stand for several of the code's APIs (`df.drop_duplicates()`, `s.drop_duplicates()`)
    tails: dict[str, list[str]] = {name: [name] for name in found.called_builtins}
    for symbol in found.ranked:
        tails.setdefault(symbol.rsplit(".", 1)[-1], []).append(symbol)
    if is_hint(lead):  # "(**hint**: np.sum)" over an exercise's answer: what to look up, nothing said of it
        return [], list(dict.fromkeys(s for _m, tail in _named_tokens(lead, tails) for s in tails[tail]))
    marked = {m[1] for m in _MARKED.finditer(lead) if not keyword.iskeyword(m[1])}  # `True` is no name
    if "@" in lead:  # "通过@staticmethod装饰器即可…": a decorator's `@` marks it as code
        marked.update(m[1] for m in DECORATOR.finditer(lead))
    # "`pickle` python objects for later use" over `pickle.dump(d, f)` then `f.close()`: a standard module
    # the sentence marks as code stands for the one or two of its functions the block calls (a library's
    # name, "用 pandas 读入数据", says which library, not what the block is about; a link to a module's
    # documentation points elsewhere)
    modules: dict[str, list[str]] = {}
    for symbol in found.ranked:
        module, _, function = symbol.partition(".")
        if module in marked and module in STDLIB and function and "." not in function:
            modules.setdefault(module, []).append(symbol)
    for module, used in modules.items():
        if len(used) <= 2:
            tails.setdefault(module, used)
    tokens = _named_tokens(lead, tails)
    if not tokens:
        return [], []  # the sentence writes none of the code's names (most leads): its sentences go unread
    first = tokens[0][0]
    leading = not lead[: first.start()].strip(" \t-*+>#`[(")
    last = sentence_start(lead, len(lead.rstrip()))  # the sentence that leads into the block
    bold = [span.span() for span in _BOLD.finditer(lead)]
    # the one API of the block that the sentence leading into it names ("…就可以使用DataLoader来按批次读入数据了：")
    led = {tail for m, tail in tokens if m.start() >= last}
    sole = next(iter(led)) if len(led) == 1 else None
    about: list[str] = []
    mentioned: list[str] = []
    cited = _cited_end(lead)
    for m, tail in tokens:
        symbols = [s for s in tails[tail] if s not in about]
        if not symbols or parameter_named(lead, m[1], m.end(1), bool(m[2])):
            continue  # "The `loc` (legend location) parameter …" over `df.loc[…]`: a keyword's name
        if m.start() < cited and "](" not in line_at(lead, m.start()):
            # "参考文章" over a link to an article and "- aiohttp框架中使用`ThreadPoolExecutor()`" under it: what the
            # article is about, in passing (a link named for the API, "[DataFrame.pipe](…) threads…", says more)
            mentioned.extend(symbols)
            continue
        emphasized = any(start <= m.start() < end for start, end in bold)  # (**实例化一个`SGD`实例**)
        subject = ((leading and m is first) or (m.start() >= last and opens_sentence(lead, m.start()))
                   or (m.start() >= last and tail == sole)
                   or (m[1] in marked and (len(marked) <= 2 or emphasized)))
        (about if subject and not defers(lead, m.start()) else mentioned).extend(symbols)
    return about, [s for s in dict.fromkeys(mentioned) if s not in about]


def _named_tokens(lead: str, tails: Collection[str]) -> list[tuple[re.Match[str], str]]:
    """The names `lead` writes whose last part is one of `tails`, each with that part, in order; a lead
    that holds none of `tails` at all is not scanned."""
    if not any(tail in lead for tail in tails):
        return []
    return [(m, tail) for m in _TOKEN.finditer(lead) if (tail := m[1].rsplit(".", 1)[-1]) in tails]


def line_at(text: str, at: int) -> str:
    """The line of `text` that offset `at` stands on."""
    end = text.find("\n", at)
    return text[text.rfind("\n", 0, at) + 1:end if end >= 0 else len(text)]


def _cited_end(lead: str) -> int:
    """Where the list of links a references label opens the lead with ("参考文章" over "1. [Threaded workers
    with AIOHTTP](…)" and its sub-items) ends; 0 when the lead opens with no such label, or the list under
    it links nothing (a quick reference: "**Reference:**" over "- `from sklearn… import …` - Split data")."""
    lines = lead.split("\n")
    at, index = 0, 0
    while index < len(lines) and not lines[index].strip():
        at, index = at + len(lines[index]) + 1, index + 1
    if index == len(lines) or not REFERENCES_TITLE.fullmatch(lines[index].strip().strip("*_")):
        return 0
    at, index = at + len(lines[index]) + 1, index + 1
    start = at
    while index < len(lines) and (not lines[index].strip() or LIST_BULLET.match(lines[index]) or lines[index][:1].isspace()):
        at, index = at + len(lines[index]) + 1, index + 1
    return at if "](" in lead[start:at] else 0


_MARKED = re.compile(r"`([A-Za-z_][A-Za-z0-9_.]*)(?:\([^`]*\))?`")
DECORATOR = re.compile(r"(?<![A-Za-z0-9_.@])@([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)")  # `@property`, "@torch.no_grad()" (no e-mail address)
_BOLD = re.compile(r"\*\*(.+?)\*\*|<(?:strong|b)>(.+?)</(?:strong|b)>", re.S)


def rank_symbols(named: Sequence[str], mentioned: Sequence[str], found: CodeSymbols) -> list[str]:
    """Heading names first (those the code really uses before the others), then names the lead
    sentence mentions, then a few of the code's most used names."""
    in_code = set(found.ranked)
    first = sorted(named, key=lambda s: s not in in_code) + list(mentioned)
    out = _unique([s for s in first if not public_api.misspelt(s)])  # a heading's `pd.read_cvs` is no API
    extra = MAX_EXTRA if out else MAX_SYMBOLS
    for symbol in found.ranked:
        if extra <= 0 or len(out) >= MAX_SYMBOLS:
            break
        if symbol not in out:
            out.append(symbol)
            extra -= 1
    return out[:MAX_SYMBOLS]


def _unique(items: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(items))
