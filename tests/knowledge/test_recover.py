"""The tolerant parse: the statement being typed is cut out, every other statement is still there."""

from __future__ import annotations

import ast

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notesense.analysis.recover import bound_names, recover

BODY = "import torch\nx = 1\n{broken}\nz = 2\n\ndef g():\n    return z\n"


def names(tree: ast.Module) -> set[str]:
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)} | {
        n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)
    }


@pytest.mark.parametrize(
    ("broken", "bound"),
    [
        ("y = torch.", {"y"}),  # an attribute being typed
        ("y = f(a,", {"y"}),  # an unclosed bracket, more code after it
        ("y = f(a,\n      b=2,", {"y", "b"}),  # its argument lines too
        ("if x:", set()),  # a header whose block is not written yet
        ("s = 'abc", {"s"}),  # an unterminated string
        ("for i in", {"i"}),
        ("self.w = torch.", {"self.w"}),
        ("y = (1))", {"y"}),  # an extra closing bracket
    ],
)
def test_only_the_broken_statement_is_cut_out(broken: str, bound: set[str]) -> None:
    source = BODY.format(broken=broken)
    recovered = recover(source)
    assert recovered is not None and recovered.error is not None
    assert {"x", "z", "g"} <= names(recovered.tree)
    [(start, end)] = recovered.regions
    assert start == 3 and end == 3 + broken.count("\n")
    assert recovered.broken == {3: frozenset(bound)}


def test_an_error_inside_a_call_grows_to_the_whole_statement() -> None:
    source = "a = 1\nx = foo(\n    a,\n    b c,\n)\nz = 1\n"
    recovered = recover(source)
    assert recovered is not None and recovered.regions == ((2, 5),)
    assert names(recovered.tree) == {"a", "z"}


def test_a_valid_file_is_parsed_once_and_reported_clean() -> None:
    recovered = recover("x = 1\n")
    assert recovered is not None and recovered.error is None and not recovered.regions


def test_many_broken_statements_are_each_cut_out() -> None:
    source = "\n".join(f"x{i} = (" if i % 50 == 0 else f"y{i} = {i}" for i in range(400)) + "\n"
    recovered = recover(source)
    assert recovered is not None
    assert len(recovered.regions) == 8
    assert len(names(recovered.tree)) == 400 - 8


def test_nothing_to_save_gives_none() -> None:
    assert recover("x = " + "-" * 100_000 + "1\n") is None


def test_names_a_broken_region_may_bind() -> None:
    assert bound_names(["a, b = f(", "for i, (j, k) in zip(", "with open(p) as fh:", "import numpy as xp, os"]) == {
        "a", "b", "i", "j", "k", "fh", "xp", "os"}
    assert bound_names(["df.loc[0] = f(", "x == (", "def fn(a"]) == {"fn"}


PROGRAM = (
    "import pandas as pd\n\n\ndef load(path):\n    df = pd.read_csv(path)\n    df['b'] = df['a'] * 2\n"
    "    return df\n\n\nclass Box:\n    def __init__(self):\n        self.items = [1, 2, 3]\n\n"
    "    def total(self):\n        return sum(x for x in self.items if x)\n\n\nresult = load('a.csv')\n"
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(PROGRAM) - 1), st.integers(1, 12), st.sampled_from(["", "(", "'", ":", "\n    ", "=", "."]))
def test_any_edit_recovers_or_says_it_cannot(at: int, width: int, insert: str) -> None:
    """Deleting a few characters anywhere (and typing one) never crashes the recovery, and what it
    returns parses and keeps the untouched top-level statements' lines."""
    source = PROGRAM[:at] + insert + PROGRAM[at + width:]
    recovered = recover(source)
    if recovered is None:
        return
    assert isinstance(recovered.tree, ast.Module)
    for start, end in recovered.regions:
        assert 1 <= start <= end <= source.count("\n") + 1
