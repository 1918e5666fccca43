"""Which import context a snippet belongs to, and what its local names stand for.

Evidence is weighed in the order a reader would trust it: an explicit hint, the block's own imports,
the conventional aliases it uses without importing them (`np`, `pd`, `F`), then the headings and front
matter around it. Notes rarely import what they use, so the fallbacks carry most of the weight.
"""

from __future__ import annotations

import ast
import builtins
import re
import sys
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from notesense.analysis import public_api
from notesense.analysis.imports import CONVENTIONAL_ALIASES, PYTHON2_NAMES, SUBMODULE_NAMES, ImportMap, parse_imports, submodule_of

PYTHON = "python"

# Words in headings, titles and tags that name a third-party library (lower-cased ASCII tokens).
LIBRARY_WORDS: dict[str, str] = {
    "pandas": "pandas",
    "dataframe": "pandas",
    "torch": "torch",
    "pytorch": "torch",
    "numpy": "numpy",
    "tensorflow": "tensorflow",
    "keras": "tensorflow",
    "opencv": "cv2",
    "opencv2": "cv2",
    "cv2": "cv2",
    "matplotlib": "matplotlib",
    "matplot": "matplotlib",
    "pyplot": "matplotlib",
    "seaborn": "seaborn",
    "sklearn": "sklearn",
    "scikit": "sklearn",  # "scikit_train_test_split.md", "scikit 笔记": scikit-learn said short
    "scipy": "scipy",
    "torchvision": "torchvision",
    "tqdm": "tqdm",
    "jax": "jax",
    # libraries whose name is no everyday word, so a heading or a dotted name in prose that writes one
    # means it (`### xgboost.plot_importance`)
    **{name: name for name in (
        "xgboost lightgbm catboost dask pyspark statsmodels gensim jieba plotly polars prophet nltk spacy "
        "networkx sympy joblib"
    ).split()},
}

# Packages a note's code uses through their own name without importing them (`requests.get(url)`,
# `yaml.safe_load(f)`, `h5py.File(p)`), as the standard library's `os.path.join`: the libraries above
# named as they are imported, and others no one names a variable after (a note that assigns one keeps it).
PACKAGE_NAMES = frozenset(word for word, library in LIBRARY_WORDS.items() if word == library) | frozenset((
    "requests yaml h5py bs4 lxml flask django fastapi sqlalchemy pymysql redis boto3 scrapy selenium openpyxl "
    "xlrd xlwt docx numba cupy paddle mxnet keras torchaudio transformers PIL skimage onnx onnxruntime gym "
    "gymnasium wandb tensorboardX pytest click fire"
).split())

# Standard-library module names that are also everyday words in headings ("this code", "test"):
# taking them as a context would mislabel far more sections than it would label right.
AMBIGUOUS_STDLIB = frozenset(
    {"this", "code", "test", "string", "types", "array", "select", "token", "site", "copy", "io", "cmd",
     "dis", "ast", "abc", "nt", "posix", "numbers", "operator", "symbol", "keyword", "parser", "resource",
     "signal", "queue", "time", "pwd", "grp", "imp", "new", "user", "tty", "pty", "mailbox", "profile",
     "trace", "tabnanny", "turtle", "wave", "chunk", "sched", "stat", "secrets", "random", "platform"}
)
STDLIB = frozenset(m for m in sys.stdlib_module_names if not m.startswith("_"))
_HEADING_STDLIB = STDLIB - AMBIGUOUS_STDLIB
_BUILTIN_NAMES = frozenset(dir(builtins)) | {"builtins"}  # `builtins.globals`: plain Python too
_CONTEXT_NAME = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")
_WORD_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")


@lru_cache(maxsize=8192)
def words(text: str) -> tuple[str, ...]:
    """ASCII identifier-like tokens of a heading or title, dotted names kept whole (cached: every
    block of a section asks about the same headings)."""
    return tuple(_WORD_RE.findall(text))


@lru_cache(maxsize=8192)
def _text_contexts(text: str) -> tuple[str | None, str | None]:
    """(third-party library, standard-library module) that a heading, title or tag names. A module
    counts as code spells it (`json`, `os.path`, `CSV`), not as a capitalised English word ("Corpus
    Statistics", "Logging in", "Code, Math, and HTML")."""
    stdlib: str | None = None
    text = _SCIKIT_LEARN.sub("sklearn", text) if "cikit" in text else text  # the package's name in words
    # "Sys Module", "Random 模块": any module, however spelt, that the text calls a module
    moduled = {m[1].lower() for m in _MODULE_WORD.finditer(text)}
    for token in words(text):
        head = token.split(".")[0].lower()
        if head in LIBRARY_WORDS:
            return LIBRARY_WORDS[head], stdlib
        if stdlib is None and head in STDLIB and (
                "." in token or (head in _HEADING_STDLIB and not token.istitle()) or head in moduled):
            stdlib = head
    return None, stdlib


_SCIKIT_LEARN = re.compile(r"scikit[-_ ]learn", re.IGNORECASE)
_MODULE_WORD = re.compile(r"([A-Za-z_]\w*)[`*]*\s*(?:module\b|模块)", re.IGNORECASE | re.ASCII)


def context_of_texts(texts: Iterable[str], folders: Iterable[str] = ()) -> str | None:
    """The context `texts` name, most specific first (innermost heading, ..., title, tags), else the
    library the folders the note is kept in name (innermost first: `pandas笔记/`, `PyTorch/`).

    A library named at any level wins over a standard-library word: "保存为 CSV 文件" under
    "Pandas 一些语法" is about `DataFrame.to_csv`, not the csv module, and so does the library of the
    folder a note is kept in ("READ JSON" in `pandas/read_json/` is `pandas.read_json`). A standard
    module counts only from the innermost text that names one, when no library is named anywhere; a
    folder names only a library (a folder `os/` or `test/` is a topic, not the module).
    """
    stdlib: str | None = None
    for text in texts:
        library, std = _text_contexts(text)
        if library:
            return library
        stdlib = stdlib or std
    # a folder's words may be joined by underscores (`pytorch_notes/`), a heading's not (`read_csv`)
    folder_library = (_text_contexts(folder.replace("_", " "))[0] for folder in folders)
    return next((library for library in folder_library if library), None) or stdlib


def folder_module(folders: Sequence[str], libraries: Collection[str] = (), title: str = "") -> str | None:
    """The module the folders a note is kept in spell, innermost last, as notes kept along a library's
    tree name them (`工具：utils/数据：data/数据集合：Dataset.md`: `torch.utils.data`; `Sklearn机器学习库/
    preprocessing/`: `sklearn.preprocessing`): the submodule whose dotted name ends with the last English
    word of each of two folders or more, or of the innermost one alone where the note's code is that
    module's library (`分布式：distributed/` in a note on torch); of the `libraries` first, the shallowest
    (`torch.distributed`, not `torch.utils.data.distributed`), one only. A standard module's own name
    alone counts where the note's `title` is one of its members, however cased (`collections/counter.md`:
    a folder `os/` is a topic otherwise). `folders`: innermost first."""
    words: list[str] = []
    for folder in folders:
        found = _FOLDER_WORD.findall(folder)
        if not found:
            break
        words.append(found[-1].lower())
    for count in range(len(words), 0, -1):
        dotted = ".".join(reversed(words[:count]))
        # a submodule (`sklearn.preprocessing` as spelt, `torch.utils.data` ending so): a library's own name says only the library
        named = [m for m in public_api.MODULES if m.endswith(f".{dotted}") or count > 1 and m == dotted]
        named = [m for m in named if m.partition(".")[0] in libraries] or named
        named = [m for m in named if m.count(".") == min(n.count(".") for n in named)]  # not `torch.utils.data.distributed`
        if len(named) == 1 and (count > 1 or named[0].partition(".")[0] in libraries):
            return named[0]
    member = _FOLDER_WORD.findall(title)
    if words and member and words[0] in STDLIB and public_api.member_ignoring_case(words[0], member[-1]):
        return words[0]  # (a library's folder, `numpy/np.pad().md`, says the library: its bare words are the note's)
    return None


_FOLDER_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


# a class's name ("DataFrame": pandas' or Spark's) in prose does not say which library the note is about
_PROSE_LIBRARY_WORDS = {word: library for word, library in LIBRARY_WORDS.items() if word != "dataframe"}


def prose_library(prose: Iterable[str], imported: Collection[str] = ()) -> str | None:
    """The library a note's prose names most ("在PyTorch中，模型的状态设置非常简便"), when one is named
    more often than any other: what a note whose code imports nothing, and whose headings and folders
    name no library, is about (`model.train()` in a chapter of a PyTorch book). Named once, it counts
    only where the note's code imports it (`imported`): "XGBoost can handle NaN" in notes on
    preprocessing is a passing remark, not the topic."""
    counts: Counter[str] = Counter()
    for text in prose:
        for token in _WORD_RE.findall(text):
            library = _PROSE_LIBRARY_WORDS.get(token.split(".")[0].lower())
            if library:
                counts[library] += 1
    top = counts.most_common(2)
    if not top or (len(top) > 1 and top[0][1] == top[1][1]) or (top[0][1] < 2 and top[0][0] not in imported):
        return None
    return top[0][0]


@dataclass(slots=True)
class CodeFacts:
    """What a block's code says about its libraries, gathered once and shared with symbol inference."""

    imports: ImportMap  # the block's own imports
    names: ImportMap  # imports plus conventional aliases the code uses without importing them
    weights: Counter[str] = field(default_factory=Counter)  # top-level module -> strength of evidence
    import_order: list[str] = field(default_factory=list)  # top-level modules in import order
    free_bases: list[str] = field(default_factory=list)  # unbound names used as `x.attr` (maybe a module)


def code_facts(code: str, nodes: list[ast.AST] | None, inherited: ImportMap | None = None, shift: int = 0,
               bound: Callable[[str], bool] | None = None, spoken: Callable[[str], str | None] | None = None) -> CodeFacts:
    """Imports, implied aliases and per-module evidence of one cleaned block (`nodes`: `semantic.walk`
    of its tree, None when it does not parse; `shift`: how far its lines were moved down, `flow`).
    `inherited`: what earlier blocks of the note imported, for names this block uses without binding them;
    `bound`: whether an earlier block binds a name (a function the note defines is no library's);
    `spoken`: the module the note's prose names in full by a last name (`prose_modules`).

    A call through a module (`np.argwhere(...)`) is strong evidence; a bare constant (`np.nan`) is weak:
    `dfa.loc[..] = np.nan` is a pandas snippet that happens to need numpy.
    """
    imports = _imports(code, nodes, shift) if "import" in code else ImportMap()
    names = ImportMap(names=dict(imports.names), modules=set(imports.modules))
    weights: Counter[str] = Counter()
    order: list[str] = []
    free: list[str] = []
    if imports.modules:
        order = _import_order(code, imports)
    if nodes is not None:
        assigned: set[str] = set()
        called: set[int] = set()
        attr_bases: set[int] = set()
        read_on: dict[str, list[str]] = {}  # what the code reads on a name a submodule goes by
        loads: list[ast.Name] = []
        for node in nodes:
            if isinstance(node, ast.Name):
                if isinstance(node.ctx, ast.Load):
                    loads.append(node)
                else:
                    assigned.add(node.id)
            elif isinstance(node, ast.Attribute):
                if isinstance(node.value, ast.Name):
                    attr_bases.add(id(node.value))
                    if node.value.id in SUBMODULE_NAMES:
                        read_on.setdefault(node.value.id, []).append(node.attr)
            elif isinstance(node, ast.Call):
                base = _base(node.func)
                if base is not None:
                    called.add(id(base))
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                assigned.add(node.name)
            elif isinstance(node, ast.arg):
                assigned.add(node.arg)
        for name, members in read_on.items():  # `lr_scheduler.StepLR(...)` in a block that imports nothing
            module = None if name in assigned or name in names.names or (bound and bound(name)) else submodule_of(name, members)
            if module:
                names.names[name] = module
                names.modules.add(_top(module))
        for node in loads:
            _bind_alias(names, node.id, assigned, id(node) in attr_bases, inherited, id(node) in called, bound, spoken)
            target = names.names.get(node.id)
            if target is not None:
                weights[_top(target)] += 3 if id(node) in called else 1
            elif id(node) in attr_bases and node.id not in assigned and node.id not in free:
                free.append(node.id)
    else:
        for token in sorted(set(_WORD_RE.findall(code))):
            head = token.split(".")[0]
            if "." in token:
                _bind_alias(names, head, set(), True, inherited)
                if head in names.names:
                    weights[_top(names.names[head])] += 1
    for module in imports.modules:
        weights[module] += 1
    return CodeFacts(imports, names, weights, order, free)


def drop_ins(imports: ImportMap) -> ImportMap:
    """A note's imports, with a drop-in replacement imported under the standard module's name (`import
    regex as re`, `import simplejson as json`, `import cPickle as pickle`) read as that module: the
    note's `re.findall` explains the `re.findall` its reader calls. `imports` is changed in place."""
    for local, target in list(imports.names.items()):
        # a whole package under a listed standard module's name; `from thop import profile` is a function
        if local != target and "." not in target and local in _STANDARD and not public_api.is_closed(target):
            imports.names[local] = local
            imports.modules.discard(target)
            imports.modules.add(local)
    return imports


_STANDARD = frozenset(m for m in public_api.STDLIB_MODULES if "." not in m)


def _imports(code: str, nodes: list[ast.AST] | None, shift: int = 0) -> ImportMap:
    """`parse_imports` of the block, fed only the import statements when the block parsed, so a big
    block is not parsed a second time for its two import lines."""
    if nodes is None:
        return drop_ins(parse_imports(code))
    spans = sorted({(n.lineno, n.end_lineno or n.lineno) for n in nodes if isinstance(n, (ast.Import, ast.ImportFrom))})
    if not spans:
        return ImportMap()
    lines = code.split("\n")
    # the import statements' own lines, dedented one by one (imports inside functions count too)
    found = _parse_import_lines("\n".join("\n".join(lines[a - 1 - shift:b - shift]).strip() for a, b in spans))
    return drop_ins(ImportMap(dict(found.names), set(found.modules), found.insert_line, found.tolerant))


@lru_cache(maxsize=2048)
def _parse_import_lines(text: str) -> ImportMap:
    """`parse_imports` of a block's import lines, which repeat from block to block (`import torch`);
    read-only: `_imports` hands out copies."""
    return parse_imports(text)


def _bind_alias(
    names: ImportMap, name: str, assigned: set[str], dotted: bool, inherited: ImportMap | None = None,
    call: bool = False, bound: Callable[[str], bool] | None = None, spoken: Callable[[str], str | None] | None = None,
) -> None:
    """Bind what an earlier block imported, `np`, `pd`, `F`, ... (and `os.path`, `requests.get` used
    without an import) when the code uses them; a bare `copy` or `array` is more likely a variable
    than the standard module. A function called without an import (`call`) is the one so named in a
    module the note imports names from (`trange(100)` after `from tqdm import tqdm`), and a module used
    without an import is the one the prose names in full (`spoken`: `datasets.FashionMNIST(...)` where it
    speaks of `torchvision.datasets`), unless an earlier block binds the name (`bound`), which makes
    even a conventional alias's name (`px`, `F`) that block's value."""
    if name in names.names or name in assigned:
        return
    target = inherited.names.get(name) if inherited is not None else None
    if target is None and bound is not None and bound(name):
        return  # an earlier block made it a value (`px = DataFrame(...)`): no module, however it is spelt
    target = target or CONVENTIONAL_ALIASES.get(name) or PYTHON2_NAMES.get(name)
    if target is None and dotted and (name in STDLIB or name in PACKAGE_NAMES):
        target = name
    if target is None:
        guessed = (_sibling(name, names, inherited) if call and not hasattr(builtins, name) else None) or (
            spoken(name) if dotted and spoken is not None else None)
        target = None if guessed is None or bound is not None and bound(name) else guessed
    if target is not None:
        names.names[name] = target
        names.modules.add(_top(target))


def _sibling(name: str, *imported: ImportMap | None) -> str | None:
    """`module.name` for the one module a name was imported from (`from tqdm import tqdm`) that has a
    public function `name` (a module imported whole, `from torch import nn`, is not one)."""
    found = {f"{module}.{name}" for names in imported if names is not None for target in names.names.values()
             if (module := target.rpartition(".")[0]) and target not in public_api.MODULES
             and public_api.is_closed(module) and public_api.is_public(f"{module}.{name}")}
    return found.pop() if len(found) == 1 and name[:1].islower() else None


def prose_modules(prose: Iterable[str]) -> dict[str, str]:
    """The listed modules the prose names in full (`torchvision.datasets`, `scipy.stats`), by last
    name, where that last name is one module's: what the note's code means by a bare `datasets.` or
    `stats.` it never imports."""
    found: dict[str, set[str]] = {}
    for text in prose:
        for m in _DOTTED_MODULE.finditer(text) if "." in text else ():
            if m[1] in public_api.MODULES:
                found.setdefault(m[1].rpartition(".")[2], set()).add(m[1])
    return {last: next(iter(modules)) for last, modules in found.items() if len(modules) == 1}


_DOTTED_MODULE = re.compile(r"(?<![\w.])([a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)+)(?![\w(])")


def _import_order(code: str, imports: ImportMap) -> list[str]:
    order: list[str] = []
    for line in code.splitlines():
        m = re.match(r"\s*(?:from|import)\s+([A-Za-z_]\w*)", line)
        if m and m[1] in imports.modules and m[1] not in order:
            order.append(m[1])
    order.extend(sorted(imports.modules - set(order)))
    return order


def _base(node: ast.expr) -> ast.Name | None:
    """`np` of `np.random.choice`; None for `f(x).y`."""
    while isinstance(node, ast.Attribute):
        node = node.value
    return node if isinstance(node, ast.Name) else None


def _top(dotted: str) -> str:
    return dotted.split(".")[0]


def infer_context(
    facts: CodeFacts, around: Iterable[str], hint: str | None = None, folders: Iterable[str] = (),
    prose: str | None = None,
) -> str:
    """The snippet's context: a hint; else the code's libraries, weighed by use, with the library
    the headings name given the weight of one call; else the headings' library; else `python`.

    `around` is the heading path innermost first, then the note title and tags; `folders` those the
    note is kept in, innermost first; `prose` the library the note's prose names most, the last word.
    """
    if hint and _CONTEXT_NAME.fullmatch(hint):
        return hint.split(".")[0]
    texts = list(around)
    named = context_of_texts(texts, folders)
    if named is None or named in STDLIB:  # "file encodings using click.File": `click`, not `encodings`
        named = _free_base_named(facts, texts) or named or prose
    weights = Counter({m: w for m, w in facts.weights.items() if m != "__future__"})
    if named in weights:
        weights[named] += 3
    candidates = [m for m in facts.import_order if m != "__future__"]
    if candidates:
        return max(candidates, key=lambda m: (weights[m], -candidates.index(m)))
    strong = any(w >= 3 for w in weights.values())  # at least one call through a library
    if named and named not in weights and (not strong or named in facts.free_bases):
        return named
    if weights:
        return min(weights, key=lambda m: (-weights[m], m))
    return named or PYTHON


def symbols_library(symbols: Sequence[str]) -> str | None:
    """The library a record's first symbol belongs to (`torch.Tensor.add`: torch), None for a builtin
    or a builtin type's member (`print`, `dict.get`): the context of a record whose own code or prose
    imports nothing while what it explains is a library's (a notebook cell on `y.add(x)` after the
    cell that made `y` a tensor). Completion offers a record only where its context is imported."""
    head, dot, _ = symbols[0].partition(".") if symbols else ("", "", "")
    return head if dot and head not in _BUILTIN_NAMES else None


NUMBERING = re.compile(r"^[\s#*]*(?:[\d一二三四五六七八九十]+[.、．)）]\s*|[A-H][.)]\s+)+")  # "一、toad", "2. pygame", "A. Min-Max Scaling"
_MODULE_SAID = re.compile(r"模块|库|包|\b(?:module|package|library)\b", re.IGNORECASE)


def _free_base_named(facts: CodeFacts, texts: list[str]) -> str | None:
    """`pygame.Surface(..)` with no import under a heading "pygame.Surface": the code's own unbound
    module name, when the headings name it too, as a module: dotted, said to be one ("模块——h5py"), or
    alone ("## pygame"); a word among others ("09.04-graph-structures" over `graph.append(x)`) is the
    note's variable. A known class's name is no module: `PurePath.joinpath(*other)` under
    "PurePath.joinpath" is pathlib's."""
    if not facts.free_bases:
        return None
    for text in texts:
        said = _MODULE_SAID.search(text) is not None
        for token in words(text):
            head = token.split(".")[0]
            if head in facts.free_bases and ("." in token or said or NUMBERING.sub("", text).strip(" #`*:：") == token):
                cls = public_api.class_named(head) if head[:1].isupper() else None
                return cls.partition(".")[0] if cls else head
    return None


def required_modules(facts: CodeFacts, context: str) -> list[str]:
    """Top-level packages the code needs, the context first."""
    mods = {m for m in facts.names.modules if m != "__future__"} | ({context} if context != PYTHON else set())
    rest = sorted(mods - {context})
    return ([context] if context in mods else []) + rest
