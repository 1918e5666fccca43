"""A function's bindings are made when first read: a lint of a long file builds only the functions a
rule asks about, and what is built late is what the one walk would have built (issue 13)."""

from __future__ import annotations

import ast
import textwrap

from notesense.analysis.document import Document
from notesense.analysis.semantic import Scope, ScopeKind, SemanticModel
from notesense.rules.engine import check_document

# every binding form the walk knows, in a function, a method, nested functions, and around `global`
# and `nonlocal` (which bind in other scopes, so their functions are bound at once)
EVERYTHING = textwrap.dedent('''\
    import pandas as pd
    counter = 0

    def load(path, *rest, scale: float = 1.0, **options):
        import numpy as np
        from os.path import join as joined
        frame = pd.read_csv(path)
        a, b = frame.shape
        (first, *others), c = rest, 3
        total: int = 0
        total += a
        for i, row in frame.iterrows():
            if (n := len(row)) > 2:
                total += n
        with open(path) as handle, open(path) as (other):
            text = handle.read()
        try:
            value = int(text)
        except ValueError as error:
            value = error
        else:
            pass
        finally:
            del other
        match value:
            case [x, *tail]:
                found = x
            case {"k": y, **extra}:
                found = y
            case _:
                found = None
        squares = [k * k for k in range(a) if (m := k)]
        scale_of = lambda f=scale: f * 2

        def inner(q):
            return q + total

        class Local:
            kind = "local"

        return frame, np, joined, squares, scale_of, inner, Local, found, m

    class Net:
        def __init__(self, width):
            self.width = width
            self.layers, self.depth = [], 3

        def grow(self):
            self.width += 1
            self.extra = pd.DataFrame()
            return self.width

    def bump():
        global counter
        counter += 1

    def outer():
        count = 0

        def step():
            nonlocal count
            count += 1
            return count

        return step
''')


def signature(model: SemanticModel) -> list[tuple]:
    """Every scope's bindings and attributes, in order, with the scope each binding belongs to."""
    index = {id(s): i for i, s in enumerate(model.scopes)}
    out: list[tuple] = []
    for i, scope in enumerate(model.scopes):
        for name, bindings in scope.bindings.items():
            out.append((i, name, [(b.kind, b.position, index[id(b.scope)], id(b.node), b.index) for b in bindings]))
        for name, bindings in scope.attributes.items():
            out.append((i, "self." + name, [(b.kind, b.position, index[id(b.scope)], id(b.node)) for b in bindings]))
    return out


def functions(model: SemanticModel) -> list[Scope]:
    return [s for s in model.scopes if s.kind is ScopeKind.FUNCTION]


def test_a_function_is_bound_only_when_read_and_then_as_the_walk_binds() -> None:
    tree = ast.parse(EVERYTHING)
    lazy = SemanticModel(tree, source=EVERYTHING)
    eager = SemanticModel(tree)  # no text to tell which functions say `global`: every one is bound at once
    assert not any(s.pending for s in functions(eager))
    pending = {s.name for s in functions(lazy) if s.pending}
    assert pending == {"load", "inner", "__init__", "grow"}  # bump, outer and step bind in other scopes
    assert lazy.imported == eager.imported  # the imports inside a function are known before it is bound
    # read in an order of its own, nested before enclosing, a method's class before the method
    for scope in sorted(lazy.scopes, key=lambda s: s.kind is not ScopeKind.CLASS):
        scope.attributes
    for scope in reversed(lazy.scopes):
        scope.bindings
    assert not any(s.pending for s in lazy.scopes)
    assert signature(lazy) == signature(eager)


def test_a_query_builds_the_function_it_reads_and_no_other() -> None:
    model = SemanticModel(ast.parse(EVERYTHING), source=EVERYTHING)
    lines = EVERYTHING.splitlines()
    row = next(i for i, line in enumerate(lines, 1) if "def inner" in line)
    found = model.resolve("total", (row + 1, 20))  # `total` in `inner` comes from `load`
    assert [b.kind.value for b in found] == ["annotation", "augmented", "augmented"]
    assert {s.name for s in functions(model) if s.pending} == {"__init__", "grow"}
    net = next(s for s in model.scopes if s.name == "Net")
    assert sorted(model.attribute_bindings(net, "width"), key=lambda b: b.position)[0].scope.name == "__init__"
    assert not any(s.pending for s in functions(model))


def test_a_lint_of_a_long_file_binds_only_the_functions_a_rule_asks_about() -> None:
    quiet = "".join(f"def quiet_{i}(x):\n    y = x + {i}\n    return [y, x]\n\n" for i in range(200))
    source = ("import pandas as pd\n\n" + quiet
              + "def grow(df: pd.DataFrame, row):\n    return df.append(row)\n")
    doc = Document(source, alone=True)
    findings = check_document(doc)
    assert [f.code for f in findings] == ["NS102"]
    built = [s.name for s in functions(doc.semantic) if not s.pending]
    assert built == ["grow"]
