"""Receiver kinds from the binding lines alone: same answers as the full inference on plain code,
scoped to the enclosing function, and unknown whenever a binding is doubtful."""

from __future__ import annotations

import textwrap

import pytest

from notesense.analysis.document import Document
from notesense.analysis.imports import parse_imports
from notesense.analysis import quick
from notesense.analysis.quick import QuickReader
from notesense.analysis.semantic import END

SOURCE = textwrap.dedent(
    """\
    import pandas as pd
    import numpy as np
    import torch

    raw = pd.read_csv("a.csv")
    df = raw.fillna(0)
    arr = np.zeros(3)
    cfg = {"a": 1}

    def clean(df, n: int, frame: pd.DataFrame):
        t = torch.randn(3)
        return df

    def other():
        return df

    for item in range(3):
        pass
    item = pd.Series([1])
    half = pd.read_csv(
        "b.csv")
    name, frame2 = "x", pd.read_csv("c.csv")
    head, *rest = pd.read_csv("d.csv"), 1
    """
)
LINES = SOURCE.split("\n")


def kind(expr: str, line: int) -> str | None:
    return QuickReader(LINES, parse_imports(SOURCE)).kind(expr, line)


@pytest.mark.parametrize(
    ("expr", "line", "expected"),
    [
        ("df", 20, "pandas.DataFrame"),  # transitively through `raw`
        ("df['a']", 20, "pandas.Series"),
        ("arr", 20, "numpy.ndarray"),
        ("cfg", 20, "dict"),  # a dict display: a builtin type, never a frame
        ("df", 11, None),  # inside clean, `df` is the parameter
        ("frame", 11, "pandas.DataFrame"),  # annotated parameter
        ("t", 11, "torch.Tensor"),
        ("df", 14, "pandas.DataFrame"),  # other() does not bind df: the module's
        ("item", 20, None),  # a loop target and a Series: unknown
        ("half", 20, None),  # a statement over two lines is not guessed
        ("nothing", 20, None),
        ("frame2", 22, "pandas.DataFrame"),  # a flat tuple target, element by element
        ("name", 22, "str"),
        ("head", 22, None),  # a starred target is not guessed
        ("df[", 20, None),
    ],
)
def test_quick_kind(expr: str, line: int, expected: str | None) -> None:
    assert kind(expr, line) == expected


def test_agrees_with_the_full_inference_where_both_know() -> None:
    doc = Document(SOURCE)
    for name in ("raw", "df", "arr", "cfg"):
        assert kind(name, 20) == doc.kinds.kind_at(name, END)


def test_document_uses_quick_path_until_full_kinds_exist() -> None:
    doc = Document(SOURCE + "df.fil(\n")
    assert doc.receiver_kind("df", 20) == "pandas.DataFrame"
    assert "kinds" not in doc.__dict__ and "tree" not in doc.__dict__  # the file was never parsed


def test_with_and_for_headers_bind_what_the_context_or_the_iteration_gives() -> None:
    """`with open(p) as f:` binds a file object and `for path in root.glob(...):` a Path, read from the
    header lines alone (and the lines binding the names their values use), before any model exists."""
    source = textwrap.dedent(
        """\
        from pathlib import Path
        root = Path("data").resolve()
        with open("a.txt") as f, open("b.bin", "rb") as g:
            rows = f.readlines()
        for path in root.glob("*.csv"):
            print(path.stem)
        for n, line in enumerate(f):
            pass
        """
    )
    lines, imports = source.splitlines(), parse_imports(source)
    assert QuickReader(lines, imports).kind("f", 3) == "io.TextIOWrapper"
    assert QuickReader(lines, imports).kind("g", 3) == "io.BufferedReader"
    assert QuickReader(lines, imports).kind("path", 5) == "pathlib.Path"
    assert QuickReader(lines, imports).kind("line", 7) == "str"


class _Counted:
    """Wraps a function of `notesense.analysis.quick`, counting its calls."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
        self.calls = 0
        wrapped = getattr(quick, name)

        def counted(*args, **kwargs):
            self.calls += 1
            return wrapped(*args, **kwargs)

        monkeypatch.setattr(quick, name, counted)


def test_a_version_answers_a_receiver_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Completion, its resolve and a hover ask one version about one receiver: its binding lines are
    scanned and its small model built once, however many requests (and lines of the scope) ask."""
    scans, models = _Counted(monkeypatch, "_bindings"), _Counted(monkeypatch, "SemanticModel")
    quick._MODELS.clear()
    doc = Document(SOURCE + "df.fil(\n")
    assert doc.receiver("df", 20) == ("pandas.DataFrame", frozenset())
    assert doc.receiver("df", 21) == ("pandas.DataFrame", frozenset())  # the same scope, another line
    assert doc.receiver_kind("df", 20) == "pandas.DataFrame"
    assert doc.member_symbol("df", "fillna", 20) == "pandas.DataFrame.fillna"
    assert (scans.calls, models.calls) == (1, 1)
    assert doc.receiver("df", 11) == (None, frozenset())  # inside `clean`, its parameter: a scope of its own
    assert scans.calls == 2
    assert "kinds" not in doc.__dict__


def test_the_next_version_reuses_the_model_of_unchanged_binding_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    """A keystroke that leaves the lines binding `df` as they were parses no model again: only the
    scan of the new version's lines runs."""
    quick._MODELS.clear()
    first = Document(SOURCE + "df.fil(\n")
    assert first.receiver("df", 20) == ("pandas.DataFrame", frozenset())
    scans, models = _Counted(monkeypatch, "_bindings"), _Counted(monkeypatch, "SemanticModel")
    typed = Document(SOURCE + "df.fill(\n", first)
    assert typed.receiver("df", 20) == ("pandas.DataFrame", frozenset())
    assert (scans.calls, models.calls) == (1, 0)
    rebound = Document(SOURCE.replace('df = raw.fillna(0)', 'df = np.zeros(3)') + "df.fil(\n", typed)
    assert rebound.receiver("df", 20) == ("numpy.ndarray", frozenset())  # other binding lines: another model
    assert models.calls == 1


def test_module_level_lines_are_found_once_per_version(monkeypatch: pytest.MonkeyPatch) -> None:
    """A function that does not bind a name reads the module's bindings: the module's lines are listed
    once for the version, not once per receiver."""
    listed = _Counted(monkeypatch, "module_lines")
    doc = Document(SOURCE)
    assert doc.receiver_kind("df", 14) == "pandas.DataFrame"  # other() does not bind df: the module's
    assert doc.receiver_kind("arr", 14) == "numpy.ndarray"
    assert listed.calls == 1
