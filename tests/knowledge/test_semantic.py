"""The semantic model: scopes, bindings with positions, which bindings reach a read, one statement walker."""

from __future__ import annotations

import ast
import textwrap

import pytest

from notesense.analysis.semantic import BindingKind, ScopeKind, SemanticModel


def model(code: str) -> tuple[SemanticModel, list[str]]:
    src = textwrap.dedent(code)
    return SemanticModel(ast.parse(src), source=src), src.splitlines()


def at(lines: list[str], marker: str, word: str | None = None) -> tuple[int, int]:
    """(line, col) of `word` on the first line containing `marker` (1-based line, as the AST)."""
    i = next(i for i, line in enumerate(lines) if marker in line)
    return i + 1, lines[i].index(word or marker)


def values(m: SemanticModel, name: str, position: tuple[int, int]) -> list[str]:
    return sorted(ast.unparse(b.value) if b.value is not None else b.kind.value for b in m.resolve(name, position))


def test_every_kind_of_binding_with_its_position() -> None:
    m, lines = model(
        """\
        import numpy as np
        from os import path as p
        x = 1
        x += 2
        y: int = 3
        for i in range(3):
            pass
        with open(p) as fh:
            pass
        try:
            pass
        except ValueError as err:
            pass
        def f(a, *args, b=1, **kw):
            global g
            g = a
        class C:
            pass
        match x:
            case [first, *rest]:
                pass
        if (w := 5):
            del w
        """
    )
    module = m.module
    kinds = {name: [b.kind for b in bs] for name, bs in module.bindings.items()}
    assert kinds["np"] == [BindingKind.IMPORT] and module.bindings["np"][0].qualified == "numpy"
    assert module.bindings["p"][0].qualified == "os.path"
    assert kinds["x"] == [BindingKind.ASSIGNMENT, BindingKind.AUGMENTED]
    assert kinds["y"] == [BindingKind.ANNOTATION]
    assert kinds["i"] == [BindingKind.LOOP]
    assert kinds["fh"] == [BindingKind.WITH]
    assert kinds["err"] == [BindingKind.EXCEPT]
    assert kinds["f"] == [BindingKind.DEFINITION] and kinds["C"] == [BindingKind.CLASS]
    assert kinds["g"] == [BindingKind.ASSIGNMENT]  # declared global in f: bound on the module
    assert kinds["first"] == kinds["rest"] == [BindingKind.MATCH]
    assert kinds["w"] == [BindingKind.WALRUS, BindingKind.DELETE]
    function = m.definitions[id(next(n for n in ast.walk(m.tree) if isinstance(n, ast.FunctionDef)))]
    assert function.kind is ScopeKind.FUNCTION
    assert set(function.bindings) == {"a", "args", "b", "kw"}
    assert module.bindings["x"][0].position == (3, 5)  # an assignment takes effect at its end


def test_a_comprehension_does_not_leak_its_target() -> None:
    m, lines = model(
        """\
        import pandas as pd
        df = pd.read_csv("a.csv")
        n = [df for df in range(3)]
        df.append(df)
        """
    )
    assert values(m, "df", at(lines, "df.append")) == ["pd.read_csv('a.csv')"]
    inside = at(lines, "[df for", "df")
    assert m.scope_at(inside).kind is ScopeKind.COMPREHENSION
    assert [b.kind for b in m.resolve("df", inside)] == [BindingKind.LOOP]


def test_branches_join_and_a_block_that_returns_does_not() -> None:
    m, lines = model(
        """\
        def f(c):
            x = 1
            if c:
                x = 2
            else:
                x = 3
            use(x)
            if c:
                y = 1
            use(y)
            z = 1
            if c:
                z = 2
                return z
            use(z)
        """
    )
    assert values(m, "x", at(lines, "use(x)")) == ["2", "3"]
    assert values(m, "y", at(lines, "use(y)")) == ["1"]  # or unbound: no other binding reaches
    assert values(m, "z", at(lines, "use(z)")) == ["1"]
    assert values(m, "x", at(lines, "x = 3", "3")) == ["1"]  # the else branch starts from before the if


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("try:\n    x = 1\nexcept E:\n    use(x)\n", ["1"]),  # or unbound
        ("x = 0\ntry:\n    x = 1\n    x = 2\nexcept E:\n    use(x)\n", ["0", "1", "2"]),
        ("x = 0\ntry:\n    x = 1\nexcept E:\n    x = 2\nelse:\n    use(x)\n", ["1"]),
        ("x = 0\ntry:\n    x = 1\nexcept E:\n    x = 2\nelse:\n    x = 3\nuse(x)\n", ["2", "3"]),
        ("x = 0\ntry:\n    x = 1\nfinally:\n    use(x)\n", ["0", "1"]),
        ("x = 0\nmatch v:\n    case 1:\n        x = 1\n        use(x)\n", ["1"]),
        ("x = 0\nmatch v:\n    case 1:\n        x = 1\n    case _:\n        use(x)\n", ["0"]),
        ("x = 0\nmatch v:\n    case 1:\n        x = 1\nuse(x)\n", ["0", "1"]),
        ("x = 0\nfor i in r:\n    use(x)\n    x = x + 1\n", ["0", "x + 1"]),
        ("x = 0\nwhile c:\n    x = 1\nuse(x)\n", ["0", "1"]),
        ("with a as x:\n    use(x)\n", ["with"]),
    ],
)
def test_every_compound_statement_flows_the_same_way(code: str, expected: list[str]) -> None:
    m, lines = model(code)
    assert values(m, "x", at(lines, "use(x)")) == expected


def test_enclosing_scopes_class_bodies_and_shadowing() -> None:
    m, lines = model(
        """\
        import pandas as pd
        K = 1
        class C:
            K = 2
            def m(self):
                return K
        def h(pd):
            return pd.read_csv("x")
        def g():
            return pd.read_csv("y")
        try:
            import torch
        except ImportError:
            torch = None
        torch.zeros(3)
        """
    )
    assert values(m, "K", at(lines, "return K", "K")) == ["1"]  # a method does not see the class body
    calls = [n for n in ast.walk(m.tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)]
    by_line = {c.lineno: m.qualified_name(c.func) for c in calls}
    assert by_line[8] is None  # `pd` is the parameter
    assert by_line[10] == "pandas.read_csv"
    assert by_line[15] == "torch.zeros"  # an import with a fallback is still the import


def test_self_attributes_are_bound_on_the_class() -> None:
    m, lines = model(
        """\
        class Net:
            def __init__(self, n):
                self.fc = make(n)
                self.a, self.b = 1, 2
            def forward(self, x):
                return self.fc(x)
        """
    )
    cls = m.module.children[0]
    assert [ast.unparse(b.value) for b in m.attribute_bindings(cls, "fc")] == ["make(n)"]
    assert [ast.unparse(b.value) for b in m.attribute_bindings(cls, "b")] == ["2"]
    assert m.scope_at(at(lines, "return self", "self")).self_name == "self"


def test_scope_at_def_defaults_and_decorators_belong_outside() -> None:
    m, lines = model(
        """\
        @deco(a)
        def f(x=b, *, y: T = c) -> R:
            return lambda z: z + [w for w in z]
        """
    )
    assert m.scope_at(at(lines, "deco(a)", "a")).kind is ScopeKind.MODULE
    assert m.scope_at(at(lines, "x=b", "b")).kind is ScopeKind.MODULE
    assert m.scope_at(at(lines, "return", "return")).kind is ScopeKind.FUNCTION
    assert m.scope_at(at(lines, "lambda z", "z +")).kind is ScopeKind.LAMBDA
    assert m.scope_at(at(lines, "[w for", "w for")).kind is ScopeKind.COMPREHENSION
    first_iterable = at(lines, "in z", "z]")
    assert m.scope_at(first_iterable).kind is ScopeKind.LAMBDA  # a comprehension's first iterable is outside it


def test_bindings_before_are_in_source_order() -> None:
    m, lines = model("x = 1\nx = 2\nuse(x)\nx = 3\n")
    assert [ast.unparse(b.value) for b in m.bindings_before("x", at(lines, "use(x)"))] == ["1", "2"]


def test_one_statement_walker_enters_every_compound_statement() -> None:
    m, _ = model(
        """\
        with a:
            s1 = 1
        try:
            s2 = 1
        except E:
            s3 = 1
        else:
            s4 = 1
        finally:
            s5 = 1
        match v:
            case 1:
                s6 = 1
        for i in r:
            s7 = 1
        else:
            s8 = 1
        while c:
            s9 = 1
        async def f():
            async with b:
                s10 = 1
        """
    )
    names = [s.targets[0].id for s in m.statements() if isinstance(s, ast.Assign)]
    assert names == [f"s{i}" for i in range(1, 11)]


def test_a_broken_region_rebinds_what_it_may_have_assigned() -> None:
    src = "import pandas as pd\ndf = pd.read_csv('a')\npass\nuse(df)\n"
    m = SemanticModel(ast.parse(src), source=src, broken={3: {"df"}})
    assert [b.kind for b in m.resolve("df", (4, 4))] == [BindingKind.BROKEN]
    untouched = SemanticModel(ast.parse(src), source=src, broken={3: {"other"}})
    assert [b.kind for b in untouched.resolve("df", (4, 4))] == [BindingKind.ASSIGNMENT]


def test_implicit_imports_are_bound_before_the_first_statement() -> None:
    src = "x = np.zeros(3)\nnp = 1\n"
    m = SemanticModel(ast.parse(src), source=src, implicit={"np": "numpy"})
    call = m.tree.body[0].value
    assert m.qualified_name(call.func) == "numpy.zeros"


def test_a_body_of_simple_statements_is_followed_in_order_without_a_flow_pass(monkeypatch) -> None:
    """A module of definitions (the long files: thousands of functions) answers which bindings reach a
    read from the bindings of the name asked, not from a pass over every name; the answer is the one
    the flow pass gives, checked on this project's own modules."""
    from pathlib import Path

    import notesense as package
    from notesense.analysis import semantic

    sources = [p.read_text(encoding="utf-8") for p in sorted(Path(package.__file__).parent.rglob("*.py"))]
    compared = 0
    for src in sources:
        m = SemanticModel(ast.parse(src), source=src)
        for scope in list(m.scopes):
            if scope.kind in (ScopeKind.LAMBDA, ScopeKind.COMPREHENSION) or m.walrus:
                continue
            if not all(type(s) in semantic._SIMPLE for s in getattr(scope.node, "body", [])):
                continue
            flow = semantic._Flow(m, scope).run()
            for name in scope.bindings:
                ordered = m._in_sequence(scope, name)
                expected = flow.get(name, ([], []))
                assert ordered[0] == expected[0] and [list(map(id, v)) for v in ordered[1]] == [list(map(id, v)) for v in expected[1]]
                compared += 1
    assert compared > 100

    runs: list[object] = []
    monkeypatch.setattr(semantic._Flow, "run", lambda self: runs.append(self) or {})
    m, lines = model("import pandas as pd\n" + "".join(f"def f{i}(x):\n    return x\n" for i in range(50)) + "df = pd.DataFrame()\ndf = 1\n")
    assert values(m, "df", (len(lines) + 1, 0)) == ["1"]
    assert values(m, "df", (len(lines), 0)) == ["pd.DataFrame()"]
    assert values(m, "df", (2, 0)) == []
    assert not runs
