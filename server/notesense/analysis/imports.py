"""Imports and aliases of a Python source: which contexts a file uses and what its local names mean.

Shared by the compiler (the imports of a note's code), the server (the open document) and the rules
(which rules run, and what `pd`/`F`/`nn` stand for). It must tolerate files that are half-typed, so
when `ast.parse` fails it falls back to reading import statements line by line.
"""

from __future__ import annotations

import ast
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from notesense.analysis import public_api

# The names people use without importing them in notes, by convention. A note's code says `np.where`
# with no import line more often than not; the compiler needs to know that `np` is numpy.
CONVENTIONAL_ALIASES: dict[str, str] = {
    "np": "numpy",
    "numpy": "numpy",
    "pd": "pandas",
    "pandas": "pandas",
    "torch": "torch",
    "nn": "torch.nn",
    "F": "torch.nn.functional",
    "optim": "torch.optim",
    "dist": "torch.distributed",
    "tf": "tensorflow",
    "keras": "keras",  # Keras 3, or TensorFlow's `tf.keras`: one API under `keras` (`api.public_name`)
    "cv2": "cv2",
    "cv": "cv2",  # OpenCV's own tutorials write `import cv2 as cv`
    "transforms": "torchvision.transforms",
    "mpimg": "matplotlib.image",
    "plt": "matplotlib.pyplot",
    "mpl": "matplotlib",
    "sns": "seaborn",
    "sklearn": "sklearn",
    "scipy": "scipy",
    "jnp": "jax.numpy",
    "xgb": "xgboost",
    "lgb": "lightgbm",
    "sm": "statsmodels.api",
    "smf": "statsmodels.formula.api",
    "px": "plotly.express",
    "Image": "PIL.Image",
}


# Submodules notes write by their last name alone, as code that imports them does (`from torch.optim
# import lr_scheduler`); which one, only the members written after it say (`datasets.MNIST`,
# `datasets.load_iris`). Never a default: `init` or `transforms` may as well be the note's own variable.
SUBMODULE_NAMES: dict[str, tuple[str, ...]] = {
    "lr_scheduler": ("torch.optim.lr_scheduler",), "transforms": ("torchvision.transforms",),
    "datasets": ("torchvision.datasets", "sklearn.datasets"), "init": ("torch.nn.init",),
    "functional": ("torch.nn.functional",), "optim": ("torch.optim",), "data": ("torch.utils.data",),
    "models": ("torchvision.models",), "distributions": ("torch.distributions",),
    # `from sklearn import preprocessing` left out of a note: `preprocessing.LabelEncoder()`
    **{name: (f"sklearn.{name}",) for name in (
        "preprocessing", "metrics", "model_selection", "linear_model", "ensemble", "cluster", "decomposition",
        "svm", "tree", "neighbors", "naive_bayes", "feature_extraction", "pipeline", "impute")},
    "stats": ("scipy.stats",), "optimize": ("scipy.optimize",), "signal": ("scipy.signal",),
}


def submodule_of(name: str, members: Iterable[str]) -> str | None:
    """The submodule an unbound `name` is (`SUBMODULE_NAMES`) when every one of `members`, the
    attributes the code or prose reads on it, is a listed name of it; None otherwise."""
    wanted = list(members)
    return next((module for module in SUBMODULE_NAMES.get(name, ())
                 if wanted and all(public_api.is_public(f"{module}.{member}") for member in wanted)), None)


# Python 2 names old notes use without an import, and the Python 3 API they are (`reduce(f, xs)` was a
# builtin; `cPickle.dump` is `pickle.dump`)
PYTHON2_MODULES: dict[str, str] = {
    "cPickle": "pickle", "urllib2": "urllib.request", "cStringIO": "io", "ConfigParser": "configparser", "Queue": "queue",
}
PYTHON2_NAMES: dict[str, str] = {"reduce": "functools.reduce", **PYTHON2_MODULES}


# Packages another one ships: a file that imports the provider can use them under its name.
PROVIDED_BY = {"keras": "tensorflow"}
# Packages built on another one, whose values are the foundation's (torchvision's models are torch Modules)
BUILT_ON = {"torchvision": "torch", "torchaudio": "torch", "torchtext": "torch", "timm": "torch",
            "pytorch_lightning": "torch", "lightning": "torch"}


def with_foundations(packages: Iterable[str]) -> tuple[str, ...]:
    """`packages`, then the ones they are built on: a file importing only torchvision holds torch values."""
    found = tuple(dict.fromkeys(packages))
    return tuple(dict.fromkeys((*found, *(BUILT_ON[p] for p in found if p in BUILT_ON))))


@dataclass(slots=True)
class ImportMap:
    """Local names bound by imports, and the top-level packages (contexts) the source imports."""

    names: dict[str, str] = field(default_factory=dict)  # local name -> canonical dotted name
    modules: set[str] = field(default_factory=set)  # top-level packages: 'pandas', 'torch', 'os'
    insert_line: int = 0  # 0-based line where a new import statement belongs
    tolerant: bool = False  # True when the source did not parse and the line fallback was used

    def qualify(self, dotted: str) -> str | None:
        """`pd.DataFrame.loc` -> `pandas.DataFrame.loc` when `pd` is bound by an import; else None."""
        head, _, rest = dotted.partition(".")
        target = self.names.get(head)
        if target is None:
            return None
        return f"{target}.{rest}" if rest else target

    def local_name(self, canonical: str) -> str | None:
        """The shortest local spelling of `canonical` in this file: `numpy.where` -> `xp.where`."""
        best: str | None = None
        for local, target in self.names.items():
            if canonical == target or canonical.startswith(target + "."):
                spelled = local + canonical[len(target):]
                if best is None or len(spelled) < len(best):
                    best = spelled
        return best

    def imports_context(self, context: str) -> bool:
        """A snippet of `context` applies here. `python` (no library) applies to every file; `keras`
        to a file that imports TensorFlow too (`tf.keras`)."""
        top = context.split(".")[0]
        return context == "python" or top in self.modules or top in PROVIDED_BY and PROVIDED_BY[top] in self.modules


def names_text(source: str) -> str:
    """`source` as Python reads its names (NFKC: `ｔｏｒｃｈ` is `torch`), for `may_import`."""
    return source if source.isascii() else unicodedata.normalize("NFKC", source)


def may_import(context: str, text: str) -> bool:
    """Whether a file whose `names_text` is `text` can import `context` (`ImportMap.imports_context`),
    asked without parsing it: a file imports a package only by writing its name."""
    top = context.split(".")[0]
    return context == "python" or top in text or top in PROVIDED_BY and PROVIDED_BY[top] in text


def dotted_name(node: ast.expr) -> str | None:
    """`pd.DataFrame.loc` for an attribute chain on a plain name; None for anything else (calls, subscripts)."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def parse_imports(source: str) -> ImportMap:
    """Every import in `source`, at any depth (imports inside functions count)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError, SystemError):
        # SystemError: CPython 3.11 raises it for some deeply nested inputs instead of a SyntaxError
        return parse_imports_tolerant(source)
    result = imports_from_nodes(ast.walk(tree))
    result.insert_line = insert_line(tree)
    return result


def imports_from_nodes(nodes: Iterable[ast.AST]) -> ImportMap:
    """The bindings of the import statements among `nodes`, in order: for callers that already walked
    the tree (the rules engine) and must not parse and walk the file a second time."""
    result = ImportMap()
    for node in nodes:
        if isinstance(node, ast.Import):
            for alias in node.names:
                _bind_import(result, alias.name, alias.asname)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                _bind_from(result, node.module, alias.name, alias.asname)
    return result


def module_spelling(module: str) -> str:
    """`module` with its package spelt as Python spells it: a note's `import NumPy as np` or `import
    Pandas` (a name capitalised as prose writes it, which no import finds) is numpy's or pandas'; a
    package the list does not cover, or spelt right, is left as written."""
    head, dot, rest = module.partition(".")
    if head in public_api.CLOSED or head.islower() or (lower := head.lower()) not in public_api.CLOSED:
        return module
    return lower + dot + rest


def _bind_import(result: ImportMap, module: str, asname: str | None) -> None:
    module = module_spelling(module)
    result.modules.add(module.split(".")[0])
    if asname:
        result.names[asname] = module
    else:
        head = module.split(".")[0]
        result.names[head] = head


def _bind_from(result: ImportMap, module: str, name: str, asname: str | None) -> None:
    module = module_spelling(module)
    result.modules.add(module.split(".")[0])
    if name != "*":
        result.names[asname or name] = f"{module}.{name}"
    else:
        for local, member in star_names(module):
            result.names.setdefault(local, member)


# Modules whose `*` is another's namespace: pylab hands out numpy's names (and pyplot's)
_STAR_OF = {"pylab": "numpy", "matplotlib.pylab": "numpy"}


def star_names(module: str) -> list[tuple[str, str]]:
    """What `from module import *` binds (local name, public name), for a module the public-API list
    covers (`from numpy import *` in old notes: `array` is `numpy.array`; `from pylab import *` too);
    [] for any other."""
    module = _STAR_OF.get(module, module)
    if not public_api.is_closed(module):
        return []
    return [(member[len(module) + 1:], member) for member in public_api.members(module)]


def insert_line(tree: ast.Module) -> int:
    """After the module docstring, `__future__` imports and the leading block of imports."""
    line = 0
    for i, node in enumerate(tree.body):
        is_doc = i == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
        if is_doc or isinstance(node, (ast.Import, ast.ImportFrom)):
            line = node.end_lineno or node.lineno
        else:
            break
    return line


_IMPORT_RE = re.compile(r"^\s*import\s+(?P<names>[\w.]+(?:\s+as\s+\w+)?(?:\s*,\s*[\w.]+(?:\s+as\s+\w+)?)*)")
_FROM_RE = re.compile(r"^\s*from\s+(?P<module>[\w.]+)\s+import\s+(?P<names>\(?[^#]*)")
_NAME_AS_RE = re.compile(r"([\w.*]+)(?:\s+as\s+(\w+))?")


def parse_imports_tolerant(source: str) -> ImportMap:
    """Line-based reading of import statements for sources that do not parse (being typed)."""
    result = ImportMap(tolerant=True)
    lines = source.splitlines()
    i = 0
    leading = True
    while i < len(lines):
        line = lines[i]
        if m := _IMPORT_RE.match(line):
            for part in m["names"].split(","):
                if nm := _NAME_AS_RE.search(part.strip()):
                    _bind_import(result, nm[1], nm[2])
        elif (m := _FROM_RE.match(line)) and not m["module"].startswith("."):
            names = m["names"]
            # a parenthesised list may run over several lines
            while names.lstrip().startswith("(") and ")" not in names and i + 1 < len(lines):
                i += 1
                names += " " + lines[i].split("#")[0]
            for part in names.strip().strip("()").split(","):
                if nm := _NAME_AS_RE.search(part.strip()):
                    _bind_from(result, m["module"], nm[1], nm[2])
        elif line.strip() and not line.lstrip().startswith("#"):
            leading = False
        if leading and (line.lstrip().startswith(("import ", "from "))):
            result.insert_line = i + 1
        i += 1
    return result


# the names people give a DataFrame (`df`, `df2`, `df_sales`, `train_df`): a note's frame that nothing
# defines, and a value's conventional kind (`api.conventional_kinds`)
FRAME_NAME = re.compile(r"df\w*|\w+_df")


def implied_imports(*codes: str) -> str:
    """Import lines for the conventional aliases (`pd`, `F`, `nn` …) the code uses without importing:
    notes leave them out more often than not."""
    used: set[str] = set()
    bound: set[str] = set()
    for code in codes:
        try:
            tree = ast.parse(code)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Name):
                (bound if isinstance(node.ctx, ast.Store) else used).add(node.id)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                bound.update((a.asname or a.name).split(".")[0] for a in node.names)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                bound.add(node.name)
            elif isinstance(node, ast.arg):
                bound.add(node.arg)
    lines = []
    for alias in sorted(used - bound):
        module = CONVENTIONAL_ALIASES.get(alias)
        if module is not None:
            lines.append(f"import {module}" if module == alias else f"import {module} as {alias}")
    frames = sorted(name for name in used - bound if FRAME_NAME.fullmatch(name))
    if frames:  # a note's `df` that nothing defines is a DataFrame, as its `pd` is pandas
        lines.append("import pandas as _pandas")
        lines.extend(f"{name} = _pandas.DataFrame()" for name in frames)
    return "".join(f"{line}\n" for line in lines)
