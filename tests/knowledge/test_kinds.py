"""Kind inference (`analysis.kinds`): precise on the common pandas/numpy/torch patterns, flow-aware,
silent (None) on everything else."""

from __future__ import annotations

import ast
import textwrap

import pytest

from notesense.analysis.imports import parse_imports
from notesense.analysis.kinds import Kinds, analyse
from notesense.analysis.semantic import END, SemanticModel

HEADER = """\
import pandas as pd
import numpy as np
import torch
from torch import nn
import torch.nn.functional as F
"""


def infer_kinds(tree: ast.Module, imports) -> Kinds:
    return Kinds(SemanticModel(tree, implicit=imports.names))


def kinds(body: str) -> dict[str, str | None]:
    """Kind of every name assigned by `name = value`, as seen right after its (last) assignment."""
    src = HEADER + textwrap.dedent(body)
    tree = ast.parse(src)
    kmap = infer_kinds(tree, parse_imports(src))
    out: dict[str, str | None] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            out[node.targets[0].id] = kmap.kind_at(node.targets[0].id, (node.end_lineno, node.end_col_offset))
        elif isinstance(node, ast.Expr):
            out[ast.unparse(node.value)] = kmap.kind_of(node.value)
    return out


def at_end(kmap: Kinds, name: str) -> str | None:
    return kmap.kind_at(name, END)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("df = pd.read_csv('a.csv')", "pandas.DataFrame"),
        ("df = pd.read_excel('a.xlsx')", "pandas.DataFrame"),
        ("df = pd.concat([a, b])", "pandas.DataFrame"),
        ("s = pd.Series([1, 2])", "pandas.Series"),
        ("a = np.zeros((2, 3))", "numpy.ndarray"),
        ("a = np.where(x > 0, 1, 0)", "numpy.ndarray"),
        ("t = torch.randn(3, 4)", "torch.Tensor"),
        ("t = F.softmax(torch.randn(3), dim=0)", "torch.Tensor"),
        ("m = nn.Linear(3, 4)", "torch.nn.Module"),
        ("p = torch.optim.SGD([], lr=0.1)", "torch.optim.Optimizer"),
    ],
)
def test_constructors(code: str, expected: str) -> None:
    name = code.split(" =")[0]
    assert kinds(code)[name] == expected


def test_dataframe_methods_and_indexing() -> None:
    got = kinds(
        """
        df = pd.read_csv("a.csv")
        df = df.fillna(0)
        head = df.head()
        col = df["a"]
        sub = df[["a", "b"]]
        masked = df[df["a"] > 1]
        masked2 = df[df.a > 1]
        agg = df.groupby("a").agg("sum")
        per_col = df.groupby("a")["b"].sum()
        loc_frame = df.loc[df.a > 1, ["a", "b"]]
        loc_series = df.loc[df.a > 1, "b"]
        iloc_col = df.iloc[:, 0]
        last_col = df.iloc[:, -1]
        last_row = df.iloc[-1]
        target = df.iloc[:, -1].values
        features = df.iloc[:, :-1]
        values = df.to_numpy()
        cols = df.columns
        nothing = df.fillna(0, inplace=True)
        scalar = df.loc[0, "a"]
        """
    )
    assert got["df"] == "pandas.DataFrame"
    assert got["head"] == got["sub"] == got["masked"] == got["masked2"] == got["agg"] == "pandas.DataFrame"
    assert got["loc_frame"] == "pandas.DataFrame"
    assert got["col"] == got["per_col"] == got["loc_series"] == got["iloc_col"] == "pandas.Series"
    assert got["last_col"] == got["last_row"] == "pandas.Series"  # `-1`: the last one, a position as `0` is
    assert got["features"] == "pandas.DataFrame"
    assert got["values"] == got["target"] == "numpy.ndarray"
    assert got["cols"] == "pandas.Index"
    assert got["nothing"] is None  # inplace=True returns None
    assert got["scalar"] is None


def test_a_column_compared_with_a_string_is_a_mask() -> None:
    """`df[df["city"] == "Paris"]` and `df[df["day"] >= "2026-07-07"]` keep the frame, as a comparison
    with a number does; a string added to a column stays unknown (it may concatenate)."""
    got = kinds(
        """
        df = pd.read_csv("a.csv")
        paris = df[df["city"] == "Paris"]
        recent = df["2026-07-07" <= df.day]
        mask = df.city != f"P{1}"
        joined = df["a"] + "_x"
        """
    )
    assert got["paris"] == got["recent"] == "pandas.DataFrame"
    assert got["mask"] == "pandas.Series"
    assert got["joined"] is None


def test_a_removed_method_old_code_calls_still_returns_the_frame() -> None:
    """`df = df.append(row)` (removed in pandas 2; NS102 reports it) still made a DataFrame in the code
    that spells it: what follows keeps its kind, so later rules (NS103, NS101) still see a frame."""
    got = kinds(
        """
        df = pd.read_csv("a.csv")
        df = df.append(df)
        s = df["a"].append(df["b"])
        rows = [1]
        rows.append(2)
        """
    )
    assert got["df"] == "pandas.DataFrame" and got["s"] == "pandas.Series" and got["rows"] != "pandas.DataFrame"


def test_columns_chosen_through_a_name_keep_the_frame() -> None:
    """`df = df[df.columns[:7]]` or `df[cols]` early in a notebook must not lose `df` for every later cell."""
    got = kinds(
        """
        df = pd.read_csv("a.csv")
        first = df[df.columns[:3]]
        cols = ["a", "b"]
        picked = df[cols]
        labels = np.array(["a", "b"])
        by_array = df[labels]
        name = "a"
        one = df[name]
        one_f = df[f"col_{name}"]
        df = df[df.columns[:7]]
        n = 0
        unknown = df[n]
        """
    )
    assert got["first"] == got["picked"] == got["by_array"] == got["df"] == "pandas.DataFrame"
    assert got["one"] == got["one_f"] == "pandas.Series"
    assert got["unknown"] is None


def test_precision_dicts_lists_arrays_are_never_frames() -> None:
    got = kinds(
        """
        d = {"a": [1, 2]}
        d2 = dict(a=1)
        item = d["a"]
        l = [1, 2, 3]
        part = l[0:2]
        nested = {"x": {"y": 1}}
        deep = nested["x"]["y"]
        arr = np.array([[1, 2], [3, 4]])
        row = arr[0]
        cols = arr[:, 0]
        s = "text"
        up = s.upper()
        n = 3
        total = n + 1
        """
    )
    for name in ("item", "deep", "row", "n", "total"):
        assert got[name] is None, name
    # displays and builtin constructors are their builtin type (hover names `dict.get`, `str.join`), a
    # string's method gives a string, and a slice of a list is a list
    assert (got["d"], got["d2"], got["nested"], got["l"], got["part"], got["s"], got["up"]) == (
        "dict", "dict", "dict", "list", "list", "str", "str")
    assert got["arr"] == got["cols"] == "numpy.ndarray"
    assert "pandas.DataFrame" not in got.values()


def test_a_rebinding_to_something_else_makes_the_name_unknown_from_there_on() -> None:
    src = HEADER + textwrap.dedent(
        """
        x = pd.read_csv("a.csv")
        x = x.to_dict()
        y = pd.read_csv("b.csv")
        for y in range(3):
            pass
        """
    )
    kmap = infer_kinds(ast.parse(src), parse_imports(src))
    assert at_end(kmap, "x") == "dict"  # no frame any more: what `to_dict()` made
    assert at_end(kmap, "y") is None  # the loop may have rebound it
    assert kmap.kind_at("x", (8, 4)) == "pandas.DataFrame"  # but where `x.to_dict()` is called, it is a frame


def test_annotations_and_parameters() -> None:
    src = HEADER + textwrap.dedent(
        """
        def clean(frame: pd.DataFrame, arr: "np.ndarray", other):
            return frame, arr, other

        def load() -> pd.DataFrame:
            ...

        t: torch.Tensor = make()
        loaded = load()
        """
    )
    tree = ast.parse(src)
    kmap = infer_kinds(tree, parse_imports(src))
    ret = next(n for n in ast.walk(tree) if isinstance(n, ast.Return))
    assert [kmap.kind_of(e) for e in ret.value.elts] == ["pandas.DataFrame", "numpy.ndarray", None]
    assert at_end(kmap, "t") == "torch.Tensor"
    assert at_end(kmap, "loaded") == "pandas.DataFrame"


def test_modules_and_tensors() -> None:
    src = HEADER + textwrap.dedent(
        """
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(3, 3)

            def forward(self, x):
                h = self.fc(x)
                return h.relu()

        class Pair(nn.Module):
            def forward(self, x):
                return x, x

        class Plain:
            pass

        model = Net().to("cpu")
        out = model(torch.randn(2, 3))
        pair = Pair()(torch.randn(2))
        lstm_out = nn.LSTM(3, 3)(torch.randn(1, 1, 3))
        plain = Plain()
        prod = out @ torch.randn(3, 3)
        first = out[0]
        chunks = torch.chunk(out, 2)
        arr = out.detach().numpy()
        """
    )
    tree = ast.parse(src)
    kmap = infer_kinds(tree, parse_imports(src))
    assert at_end(kmap, "model") == "torch.nn.Module"
    assert at_end(kmap, "out") == at_end(kmap, "prod") == at_end(kmap, "first") == "torch.Tensor"
    assert kmap.kind_at("h", (14, 0)) == "torch.Tensor"
    assert at_end(kmap, "arr") == "numpy.ndarray"
    for name in ("pair", "lstm_out", "plain", "chunks"):
        assert at_end(kmap, name) is None, name


def test_a_tensor_making_transform_s_call_is_a_tensor() -> None:
    """`transforms.ToTensor()(image)` and a `Normalize` kept in a name give tensors; `Resize` gives what
    it is given and `Compose` what its parts make: unknown."""
    src = HEADER + textwrap.dedent(
        """
        import torchvision.transforms as transforms
        from torchvision.transforms import Normalize, Resize, Compose
        img = transforms.ToTensor()(image)
        norm = Normalize((0.5,), (0.5,))
        x = norm(img)
        small = Resize(32)(image)
        both = Compose([Resize(32), transforms.ToTensor()])(image)
        """
    )
    tree = ast.parse(src)
    kmap = infer_kinds(tree, parse_imports(src))
    assert at_end(kmap, "img") == at_end(kmap, "x") == "torch.Tensor"
    assert at_end(kmap, "small") is None and at_end(kmap, "both") is None


def test_an_alternative_constructor_of_an_unlisted_class_makes_its_instance() -> None:
    """`tf.data.Dataset.range(100)`, `AutoTokenizer.from_pretrained(...)`: an instance of the class, so
    `dataset.batch` is `Dataset.batch` for hover and compiler alike; a listed class keeps its facts
    (`pd.DataFrame.from_dict` is a frame) and another method of an unlisted class says nothing."""
    src = HEADER + textwrap.dedent(
        """
        import tensorflow as tf
        from transformers import AutoTokenizer
        dataset = tf.data.Dataset.range(100)
        pairs = tf.data.Dataset.from_tensor_slices((x, y))
        tok = AutoTokenizer.from_pretrained("bert-base-chinese")
        frame = pd.DataFrame.from_dict({"a": [1]})
        other = AutoTokenizer.register(config, tokenizer)
        """
    )
    tree = ast.parse(src)
    kmap = infer_kinds(tree, parse_imports(src))
    assert at_end(kmap, "dataset") == at_end(kmap, "pairs") == "tensorflow.data.Dataset"
    assert at_end(kmap, "tok") == "transformers.PreTrainedTokenizerBase"  # the family every tokenizer is of
    assert at_end(kmap, "frame") == "pandas.DataFrame"
    assert at_end(kmap, "other") is None


def test_a_tf_data_pipeline_is_a_dataset_at_every_step() -> None:
    """`Dataset.range(100).shuffle(100).batch(32)`, then `.prefetch(1)`: each step of a tf.data pipeline
    gives the next dataset, so `dataset.prefetch` is `Dataset.prefetch` in the hover and the compiler
    alike; what is not a step (`cardinality()`, a number) says nothing. TensorFlow's math gives tensors
    (`tf.add(3, 5)`), whose `numpy()` is an array."""
    src = HEADER + textwrap.dedent(
        """
        import tensorflow as tf
        files = tf.data.Dataset.list_files(paths, seed=42)
        lines = files.interleave(lambda p: tf.data.TextLineDataset(p).skip(1), cycle_length=5)
        dataset = tf.data.Dataset.range(100).shuffle(100).batch(32)
        dataset = dataset.prefetch(1)
        size = dataset.cardinality()
        a = tf.add(3, 5)
        b = a.numpy()
        """
    )
    tree = ast.parse(src)
    kmap = infer_kinds(tree, parse_imports(src))
    assert at_end(kmap, "files") == at_end(kmap, "lines") == at_end(kmap, "dataset") == "tensorflow.data.Dataset"
    assert at_end(kmap, "size") is None
    assert at_end(kmap, "a") == "tensorflow.Tensor"
    assert at_end(kmap, "b") == "numpy.ndarray"


def test_what_torch_calls_a_models_methods_with_is_a_tensor() -> None:
    """`forward(self, x)` of an nn.Module and `forward(ctx, input)` / `backward(ctx, grad)` of an autograd
    Function take a tensor first; a later parameter, one with a default, or a plain class's `forward`
    says nothing. A module's parameters and submodules, iterated, are tensors and modules."""
    src = HEADER + textwrap.dedent(
        """
        from torch.autograd import Function

        class Net(nn.Module):
            def forward(self, x, mask, hidden=None):
                return x, mask, hidden

        class Square(Function):
            @staticmethod
            def forward(ctx, input, power):
                return input, power

            @staticmethod
            def backward(ctx, grad):
                return grad, ctx

        class Plain:
            def forward(self, x):
                return x

        class Optional(nn.Module):
            def forward(self, x=None):
                return x

        net = Net()
        for p in net.parameters():
            weight = p
        for m in net.modules():
            sub = m
        """
    )
    tree = ast.parse(src)
    kmap = infer_kinds(tree, parse_imports(src))
    returned = [[kmap.kind_of(e) for e in r.value.elts] if isinstance(r.value, ast.Tuple) else [kmap.kind_of(r.value)]
                for r in ast.walk(tree) if isinstance(r, ast.Return)]
    assert returned == [["torch.Tensor", None, None], ["torch.Tensor", None], ["torch.Tensor", None], [None], [None]]
    assert at_end(kmap, "weight") == "torch.Tensor"
    assert at_end(kmap, "sub") == "torch.nn.Module"


def test_a_loop_over_column_names_reads_one_column_at_a_time() -> None:
    """`for col in df.columns`, over a display of strings, or over a name only ever bound to one: each
    `df[col]` is a Series; over a list of lists of names each `df[g]` is a frame (its columns); over the
    index it says nothing. What a frame's `plot()`
    draws on is an Axes (an array of them with `subplots=True`), `to_dict()` a dict, `tolist()` a list,
    a function applied to a Series' values a Series."""
    src = HEADER + textwrap.dedent(
        """
        df = pd.read_csv("a.csv")
        cols = ["a", "b"]
        groups = [["a", "b"], ["c"]]
        for col in df.columns:
            by_column = df[col]
        for name in ("a", "b"):
            by_name = df[name]
        for c in cols:
            by_list = df[c]
        for g in groups:
            by_group = df[g]
        for i in df.index:
            by_index = df[i]
        ax = df.plot(kind="bar")
        axes = df.plot(subplots=True)
        d = df.to_dict()
        values = df["a"].tolist()
        upper = df["a"].apply(str)
        """
    )
    tree = ast.parse(src)
    kmap = infer_kinds(tree, parse_imports(src))
    for name in ("by_column", "by_name", "by_list", "upper"):
        assert at_end(kmap, name) == "pandas.Series", name
    assert at_end(kmap, "by_group") == "pandas.DataFrame"
    for name in ("by_index", "axes"):
        assert at_end(kmap, name) is None, name
    assert at_end(kmap, "ax") == "matplotlib.axes.Axes"
    assert (at_end(kmap, "d"), at_end(kmap, "values")) == ("dict", "list")


def test_an_old_variable_is_a_tensor() -> None:
    """`Variable(t)` has given a tensor since torch 0.4: its `backward` is a tensor's, as old tutorials
    and notes that wrap every tensor in one mean it."""
    assert kinds(
        """
        from torch.autograd import Variable
        v = Variable(torch.ones(2), requires_grad=True)
        w = torch.autograd.Variable(torch.ones(2))
        """
    ) == {"v": "torch.Tensor", "w": "torch.Tensor"}


def test_rows_estimators_outputs_and_products_of_arrays() -> None:
    """`for i, row in df.iterrows()` (and a frame's `items()`): a label, then a Series; an estimator's
    `fit_transform`/`predict` give an array; `a.T.dot(a)` is an array."""
    src = HEADER + textwrap.dedent(
        """
        from sklearn.preprocessing import StandardScaler
        df = pd.read_csv("a.csv")
        for i, row in df.iterrows():
            one = row
            label = i
        for name, column in df.items():
            col = column
        scaled = StandardScaler().fit_transform(df)
        a = np.zeros((2, 3))
        gram = a.T.dot(a)
        """
    )
    kmap = infer_kinds(ast.parse(src), parse_imports(src))
    assert [at_end(kmap, n) for n in ("one", "label", "col", "scaled", "gram")] == [
        "pandas.Series", None, "pandas.Series", "numpy.ndarray", "numpy.ndarray"]


def test_scopes_shadowing_and_imports_inside_functions() -> None:
    src = textwrap.dedent(
        """
        import pandas as pd

        df = pd.read_csv("a.csv")

        def f(df):
            return df

        def g():
            import numpy as xp
            arr = xp.ones(3)
            return arr

        def h(pd):
            frame = pd.read_csv("x")
            return frame

        rows = [df for df in range(3)]
        """
    )
    tree = ast.parse(src)
    kmap = infer_kinds(tree, parse_imports(src))
    returns = [n for n in ast.walk(tree) if isinstance(n, ast.Return)]
    assert kmap.kind_of(returns[0].value) is None  # the parameter shadows the module's df
    assert kmap.kind_of(returns[1].value) == "numpy.ndarray"
    assert kmap.kind_of(returns[2].value) is None  # `pd` is a parameter here, not pandas
    assert at_end(kmap, "df") == "pandas.DataFrame"
    assert kmap.kind_of_source("df.head()", (5, 0)) == "pandas.DataFrame"
    assert kmap.kind_of_source("df[", (5, 0)) is None


def test_parameter_annotated_with_a_local_module_class_is_a_module() -> None:
    src = HEADER + textwrap.dedent("""
        class Net(nn.Module):
            def forward(self, x):
                return x

        class Plain:
            pass

        def run(model: Net, other: Plain, x):
            model
            other
    """)
    tree = ast.parse(src)
    kmap = infer_kinds(tree, parse_imports(src))
    uses = [n.value for n in ast.walk(tree) if isinstance(n, ast.Expr) and isinstance(n.value, ast.Name)]
    assert [kmap.kind_of(n) for n in uses] == ["torch.nn.Module", None]


ODD = [
    "x = x\nfor x in x: x = x.x\n",
    "class A(A): pass\nA().a.b\n",
    "def f(): return f()\ny = f()\n",
    "a = b = c = a\nb.c\n",
    "global g\ng = g + 1\n",
    "lambda: (yield)\n",
    "[x := y for y in z]\n",
    "match m:\n    case {'a': a, **rest}: rest.append(a)\n",
    "import pandas as pd\ndf = pd.read_csv(1) if c else (df := pd.DataFrame())\ndf['a'].iloc[0] = 1\n",
    "class C:\n    def __init__(self):\n        self.x = self.x\n    def m(self):\n        return self.x.y\n",
    "@d\nclass E(nn.Module):\n    x: int = 1\nE()(1).sum()\n",
]


@pytest.mark.parametrize("source", ODD)
def test_analysis_of_odd_code_never_raises(source: str) -> None:
    from notesense.analysis.kinds import analyse

    kinds = analyse(HEADER + source, implicit={"nn": "torch.nn"})
    assert kinds is not None
    kinds.names()
    for node in ast.walk(kinds.model.tree):
        if isinstance(node, ast.expr):
            kinds.kinds_of(node)
            kinds.canonical(node)


def test_a_chain_of_ten_thousand_rebindings_is_followed_without_recursing() -> None:
    src = HEADER + "df = pd.read_csv('a')\n" + "df = df.fillna(0)\n" * 10_000 + "df\n"
    tree = ast.parse(src)
    kmap = infer_kinds(tree, parse_imports(src))
    assert kmap.kind_of(tree.body[-1].value) == "pandas.DataFrame"


def test_conditional_expressions_and_returns_and_self_attributes() -> None:
    got = kinds(
        """
        def load():
            return pd.read_csv("x.csv")

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.head = nn.Sequential(nn.Linear(3, 3), nn.Tanh())

            def forward(self, x):
                return self.head(x)

        loaded = load()
        either = loaded if ok else None
        both = loaded if ok else torch.zeros(3)
        out = Net().head(torch.zeros(3))
        weight = nn.Linear(3, 3).weight
        """
    )
    assert got["loaded"] == got["either"] == "pandas.DataFrame"  # an unknown branch agrees with the known one
    assert got["both"] is None  # a frame or a tensor: no one kind
    assert got["out"] == got["weight"] == "torch.Tensor"


def test_a_library_class_without_facts_is_its_own_kind() -> None:
    """An instance of a class the API table knows nothing of is that class (its members are named
    `<class>.<member>` by hover and compiler alike); a local class extending one belongs to it; a
    typing construct or a function call stays unknown, and so does what its methods return (but for
    scikit-learn's `fit`, which returns the estimator, and its `predict`, which gives an array)."""
    got = kinds(
        """
        from pathlib import Path
        from sklearn.linear_model import LinearRegression
        from typing import NamedTuple
        import abc

        reg = LinearRegression()
        predicted = reg.predict(X)
        fitted = reg.fit(X, y)
        p = Path("a")

        class Mine(LinearRegression):
            pass

        class Base(abc.ABC):
            pass

        class Row(NamedTuple):
            a: int

        mine = Mine()
        base = Base()
        row = Row(1)
        made = make_pipeline(reg)
        """
    )
    assert (got["reg"], got["p"], got["mine"]) == ("sklearn.linear_model.LinearRegression", "pathlib.Path",
                                                   "sklearn.linear_model.LinearRegression")
    assert got["fitted"] == "sklearn.linear_model.LinearRegression"  # an estimator's fit returns it
    assert got["predicted"] == "numpy.ndarray"
    for name in ("base", "row", "made"):
        assert got[name] is None, name


def test_unpacking_a_call_that_returns_a_tuple_gives_each_element_its_kind() -> None:
    """`fig, ax = plt.subplots()` binds a Figure and an Axes (their methods are then
    `matplotlib.axes.Axes.set_xlabel`); a grid of panels is an array of arrays of Axes, not one; `torch.sort`
    gives two tensors, `torch.max` only with a dim; an unknown call unpacks to nothing."""
    src = textwrap.dedent(
        """\
        import matplotlib.pyplot as plt
        import torch
        fig, ax = plt.subplots(figsize=(6, 4))
        big, panels = plt.subplots(2, 2)
        values, order = torch.sort(torch.ones(3))
        top, where = torch.max(torch.ones(3), dim=0)
        whole, nothing = torch.max(torch.ones(3))
        left, right = helper()
        ax.set_xlabel("t")
        """
    )
    tree = ast.parse(src)
    kmap = infer_kinds(tree, parse_imports(src))
    assert [at_end(kmap, n) for n in ("fig", "ax", "big", "panels")] == [
        "matplotlib.figure.Figure", "matplotlib.axes.Axes", "matplotlib.figure.Figure",
        "numpy.ndarray[numpy.ndarray[matplotlib.axes.Axes]]"]
    assert [at_end(kmap, n) for n in ("values", "order", "top", "where", "whole", "nothing", "left")] == [
        "torch.Tensor", "torch.Tensor", "torch.Tensor", "torch.Tensor", None, None, None]
    call = tree.body[-1].value
    assert kmap.canonical(call.func) == "matplotlib.axes.Axes.set_xlabel"


def test_standard_library_calls_return_the_classes_their_stubs_name() -> None:
    """What a standard call returns comes from its type stub (generated with the API table): a
    `re.match` result's `group` is `re.Match.group`, `datetime.now()`'s `strftime` is
    `datetime.datetime.strftime`, `'a b'.split()` is a list; a member the class lacks names nothing."""
    src = textwrap.dedent(
        """\
        import re
        import datetime as dt
        m = re.match(r"(a)", "a")
        m.group(1)
        dt.datetime.now().strftime("%H")
        "a b".split().append("c")
        m.frobnicate()
        """
    )
    tree = ast.parse(src)
    kmap = infer_kinds(tree, parse_imports(src))
    assert at_end(kmap, "m") == "re.Match"
    calls = [stmt.value.func for stmt in tree.body if isinstance(stmt, ast.Expr)]
    assert [kmap.canonical(f) for f in calls] == [
        "re.Match.group", "datetime.datetime.strftime", "list.append", None]


def test_text_functions_of_the_standard_library_give_text() -> None:
    """A stub's `AnyStr` function (`os.path.basename`) and one with an overload for bytes beside the one
    for text (`os.path.join`, `re.sub`) give text, what a script passes them; a function only for bytes
    keeps its bytes (`base64.b64encode`), and one whose text overloads disagree gives nothing (`codecs.encode`)."""
    src = textwrap.dedent(
        """\
        import os, re, base64, codecs
        name = os.path.basename("/data/report.csv")
        name.startswith("report")
        os.path.join("a", "b").endswith("b")
        re.sub("a", "b", "abc").upper()
        base64.b64encode(b"x").decode()
        codecs.encode("x", "rot13").upper()
        """
    )
    tree = ast.parse(src)
    kmap = infer_kinds(tree, parse_imports(src))
    calls = [stmt.value.func for stmt in tree.body if isinstance(stmt, ast.Expr)]
    assert [kmap.canonical(f) for f in calls] == [
        "str.startswith", "str.endswith", "str.upper", "bytes.decode", None]


def test_a_frame_squeezed_along_an_axis_is_a_series() -> None:
    """pandas 2 dropped `read_csv(squeeze=True)`: `pd.read_csv(p).squeeze("columns")` is how a one-column
    file becomes a Series now (along either axis, by name or number); with no axis it may be a scalar too."""
    src = textwrap.dedent(
        """\
        import pandas as pd
        s = pd.read_csv("prices.csv", index_col="day").squeeze("columns")
        t = pd.read_csv("prices.csv").squeeze(axis=1)
        u = pd.read_csv("prices.csv").squeeze()
        """
    )
    kmap = infer_kinds(ast.parse(src), parse_imports(src))
    assert [at_end(kmap, n) for n in ("s", "t", "u")] == ["pandas.Series", "pandas.Series", None]


def test_an_axes_axis_sets_its_ticks() -> None:
    """`ax.xaxis` is the Axes' x axis, a `matplotlib.axis.Axis`: `ax.xaxis.set_major_locator(…)` is its
    method, as the notes that set ticks write it. `matplotlib.axis` is a module the table leaves out,
    not a slip of `matplotlib.axes` (`matplotlib.axes.Axes.plott` still is one)."""
    from notesense.analysis import public_api

    src = "import matplotlib.pyplot as plt\nfig, ax = plt.subplots()\nax.xaxis.set_major_locator(loc)\nax.yaxis.set_ticks_position('right')\n"
    tree = ast.parse(src)
    kmap = infer_kinds(tree, parse_imports(src))
    calls = [stmt.value.func for stmt in tree.body if isinstance(stmt, ast.Expr)]
    assert [kmap.canonical(f) for f in calls] == ["matplotlib.axis.Axis.set_major_locator", "matplotlib.axis.Axis.set_ticks_position"]
    assert not public_api.misspelt("matplotlib.axis.Axis.set_major_locator")
    assert public_api.misspelt("matplotlib.axes.Axes.plott")


def test_the_stub_reader_takes_the_text_overload() -> None:
    """`generate_returns` reads the stubs jedi ships, each function's overloads for text taken over those
    for bytes; the table it wrote says so too."""
    from notesense.analysis import public_api

    stubs = public_api._Stubs({c for c in public_api.CLASSES if "." not in c})
    assert stubs.function("os.path", "join") == {"str"} and stubs.function("os.path", "basename") == {"str"}
    assert stubs.module("re").functions["sub"] == {"str"} and stubs.module("base64").functions["b64encode"] == {"bytes"}
    assert public_api._agreed(stubs.function("codecs", "encode")) == "-"

    returns = dict(line.split(" ", 2)[:2] for line in public_api.RETURNS.read_text(encoding="utf-8").splitlines())
    assert {name: returns.get(name) for name in ("os.path.join", "os.path.basename", "re.sub", "base64.b64encode")} == {
        "os.path.join": "str", "os.path.basename": "str", "re.sub": "str", "base64.b64encode": "bytes"}
    assert "codecs.encode" not in returns


@pytest.mark.parametrize("name", ["df", "df2", "df_sales", "dfa", "train_df"])
def test_a_frame_s_conventional_name_is_one_fact_for_kinds_and_implied_imports(name: str) -> None:
    """A learned pitfall's `train_df` that nothing defines is read as a DataFrame (`implied_imports`),
    as the hover's guess by name (`conventional_kinds`) reads it: both ask `imports.FRAME_NAME`."""
    from notesense.analysis.api import DATAFRAME, conventional_kinds
    from notesense.analysis.imports import implied_imports

    assert conventional_kinds(name) == (DATAFRAME,)
    assert f"{name} = _pandas.DataFrame()" in implied_imports(f"{name}['a'][0] = 1\n").splitlines()


@pytest.mark.parametrize("name", ["pdf", "mydf", "index"])
def test_names_that_are_not_a_frame_s_are_not_read_as_one(name: str) -> None:
    from notesense.analysis.api import DATAFRAME, conventional_kinds
    from notesense.analysis.imports import implied_imports

    assert DATAFRAME not in conventional_kinds(name)
    assert "_pandas" not in implied_imports(f"{name}['a'][0] = 1\n")


def test_an_axes_taken_from_the_array_subplots_returns_is_an_axes() -> None:
    """`fig, axes = plt.subplots(1, 3)` (a lecture notebook's every figure) gives a row of Axes:
    `axes[0].set_ylim` is the Axes method, as `grid[0, 1]` is in a grid; a row of the grid is an
    array; a loop over a row binds each Axes; a slice and sizes that are not literals give no Axes."""
    src = textwrap.dedent(
        """\
        import matplotlib.pyplot as plt
        fig, axes = plt.subplots(1, 3, figsize=(12, 4))
        axes[2].set_ylim([0, 60])
        axes[i].grid(True)
        _, grid = plt.subplots(nrows=2, ncols=2)
        grid[0, 1].legend()
        grid[0].flatten()
        axes[1:].legend()
        _, unknown = plt.subplots(n, 1)
        unknown[0].legend()
        _, kept = plt.subplots(1, 1, squeeze=False)
        kept[0, 0].legend()
        for ax in axes:
            ax.plot([1])
        """
    )
    kinds = analyse(src)
    calls = [node.func for node in ast.walk(ast.parse(src)) if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
             and node.func.attr != "subplots"]
    assert [kinds.canonical(f) for f in sorted(calls, key=lambda f: f.lineno)] == [
        "matplotlib.axes.Axes.set_ylim", "matplotlib.axes.Axes.grid", "matplotlib.axes.Axes.legend",
        "numpy.ndarray.flatten", None, None, "matplotlib.axes.Axes.legend", "matplotlib.axes.Axes.plot"]


def test_scikit_learn_datasets_hold_arrays_or_frames_as_asked() -> None:
    """`load_iris()` is a Bunch whose `data` and `target` are arrays (frames and a Series with
    `as_frame=True`); `return_X_y=True` gives the pair itself, and `make_classification` its samples and
    targets; a loader called with other keywords is still a Bunch, an unknown loader nothing."""
    src = textwrap.dedent(
        """\
        from sklearn import datasets
        from sklearn.datasets import load_iris, make_classification, fetch_california_housing
        iris = load_iris()
        iris.data.mean()
        iris.target.reshape(-1, 1)
        framed = datasets.load_iris(as_frame=True)
        framed.data.describe()
        framed.target.value_counts()
        X, y = load_iris(return_X_y=True)
        X.sum()
        Xf, yf = load_iris(return_X_y=True, as_frame=True)
        Xf.head()
        yf.unique()
        pair = load_iris(return_X_y=True)
        pair.keys()
        housing = fetch_california_housing(data_home="d")
        housing.frame.head()
        Xc, yc = make_classification(n_samples=10)
        yc.mean()
        Xo, yo = other_loader()
        Xo.mean()
        """
    )
    kinds = analyse(src)
    calls = [node.func for node in ast.walk(ast.parse(src)) if isinstance(node, ast.Call)
             and isinstance(node.func, ast.Attribute) and node.func.attr != "load_iris"]
    assert [kinds.canonical(f) for f in sorted(calls, key=lambda f: f.lineno)] == [
        "numpy.ndarray.mean", "numpy.ndarray.reshape", "pandas.DataFrame.describe", "pandas.Series.value_counts",
        "numpy.ndarray.sum", "pandas.DataFrame.head", "pandas.Series.unique", None, "pandas.DataFrame.head",
        "numpy.ndarray.mean", None]


def test_an_element_of_a_display_of_strings_is_a_string() -> None:
    """`names = ["TestHook", "TestCase"]`: `names[0]` is a str, as each name a loop over it binds; an
    element of a list of lists is a list; a display that mixes kinds, or holds numbers, says nothing of
    its elements, and a slice of it is no element."""
    src = textwrap.dedent(
        """\
        names = ["TestHook", "TestCase"]
        names[0].removeprefix("Test")
        rows = [[1, 2], [3]]
        rows[-1].append(4)
        pair = ("a", "b")
        pair[1].upper()
        mixed = ["a", 1]
        mixed[0].upper()
        numbers = [1, 2]
        numbers[0].bit_length()
        names[:1].append("x")
        """
    )
    kinds = analyse(src)
    calls = [node.func for node in ast.walk(ast.parse(src)) if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)]
    assert [kinds.canonical(f) for f in sorted(calls, key=lambda f: f.lineno)] == [
        "str.removeprefix", "list.append", "str.upper", None, None, "list.append"]


def test_a_frame_s_style_is_a_styler_that_each_step_hands_on() -> None:
    """`df.style` is the frame's Styler; `highlight_max()` and `format()` hand it on, so a chain of steps
    names each one; what exports it (`to_html()`) is no Styler."""
    src = textwrap.dedent(
        """\
        import pandas as pd
        df = pd.read_csv("a.csv")
        df.style.highlight_max(axis=0).background_gradient(cmap="Blues")
        html = df.style.to_html()
        html.bar()
        """
    )
    kinds = analyse(src)
    calls = [node.func for node in ast.walk(ast.parse(src)) if isinstance(node, ast.Call)
             and isinstance(node.func, ast.Attribute) and node.func.attr != "read_csv"]
    assert sorted((f.lineno, f.col_offset, kinds.canonical(f)) for f in calls) == [
        (3, 0, "pandas.io.formats.style.Styler.background_gradient"),
        (3, 0, "pandas.io.formats.style.Styler.highlight_max"),
        (4, 7, "pandas.io.formats.style.Styler.to_html"), (5, 0, None)]


def test_a_loop_over_a_display_binds_the_part_of_each_item_written_out() -> None:
    """`for name, t in [("x", x), ("y", y)]`: `t` is what the second place of every item is (a tensor
    here, as a computational-graph note walks its tensors); `for u in (x, w)` each one; an item that is
    something else in that place (`(1, 2)`) or unpacked (`*rest`) leaves it unknown."""
    src = HEADER + textwrap.dedent(
        """
        x = torch.tensor(2.0, requires_grad=True)
        w = x * 3
        for name, t in [("x", x), ("w", w)]:
            leaf = t
        for u in (x, w):
            each = u
        for a, b in [(1, 2), (x, w)]:
            mixed = a
        rest = [x]
        for r in [*rest, x]:
            starred = r
        """
    )
    kmap = infer_kinds(ast.parse(src), parse_imports(src))
    assert [at_end(kmap, n) for n in ("leaf", "each", "name", "mixed", "starred")] == [
        "torch.Tensor", "torch.Tensor", "str", None, None]


def test_a_django_models_manager_answers_with_a_querysets_methods() -> None:
    """`Post.objects` of `class Post(models.Model)`, of a model imported from an app (`from blog.models
    import Article`) or from the project's own package (`from .models import Tag`, which names no path), and
    of a note's `Entry` from its project: the model's manager, whose methods the reference spells on
    QuerySet; each filtering step hands a QuerySet on. A class of the file's own with no such base has none."""
    src = textwrap.dedent(
        """\
        from django.db import models
        from blog.models import Article
        from .models import Tag

        class Post(models.Model):
            title = models.CharField(max_length=9)

        class Plain:
            pass

        Post.objects.filter(title="a").order_by("-id")
        Article.objects.get(pk=1)
        Tag.objects.get_or_create(name="x")
        Entry.objects.create(headline="b")
        Plain.objects.get()
        """
    )
    tree = ast.parse(src)
    kmap = infer_kinds(tree, parse_imports(src))
    calls = [stmt.value.func for stmt in tree.body if isinstance(stmt, ast.Expr)]
    assert [kmap.canonical(f) for f in calls] == [
        "django.db.models.query.QuerySet.order_by", "django.db.models.query.QuerySet.get",
        "django.db.models.query.QuerySet.get_or_create", "django.db.models.query.QuerySet.create", None]
