"""Rules that tell from a statement's text and its scope's bindings that it holds no finding leave it
unwalked and ask no kind about it (`Rule.may_find`): on the scaling benchmark's file every function
fills a list (`rows.append(...)`), and asking each receiver's kind was a third of the lint's
model-and-rules time of the 32,000-line file."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from scaling_bench import source  # noqa: E402

from notesense.analysis.kinds import Kinds  # noqa: E402
from notesense.rules import engine  # noqa: E402
from notesense.rules.engine import check_source  # noqa: E402


def _counting(monkeypatch) -> dict[str, int]:
    counts = {"walked": 0, "asked": 0}
    own, of = engine.own_expressions, Kinds.of

    def walked(stmt):
        counts["walked"] += 1
        return own(stmt)

    def asked(self, node):
        counts["asked"] += 1
        return of(self, node)

    monkeypatch.setattr(engine, "own_expressions", walked)
    monkeypatch.setattr(Kinds, "of", asked)
    return counts


def test_a_list_each_function_fills_is_neither_walked_nor_asked_about(monkeypatch) -> None:
    counts = _counting(monkeypatch)
    text = source(2_000)
    assert text.count("rows.append(") > 150
    assert [f.code for f in check_source(text, select=["NS102"])] == []
    assert counts == {"walked": 0, "asked": 0}


def test_a_receiver_that_may_be_a_frame_is_still_asked_about(monkeypatch) -> None:
    """Each statement below but one has an `.append(` whose receiver is not a literal in every binding
    there: a DataFrame rebound, a parameter, an attribute, a subscript, a name read in a comprehension
    (its own scope)."""
    counts = _counting(monkeypatch)
    text = (
        "import pandas as pd\n"
        "rows = []\n"
        "rows = pd.DataFrame({'a': [1]})\n"
        "rows = rows.append({'a': 2}, ignore_index=True)\n"
        "def add(df: pd.DataFrame, row):\n"
        "    items = []\n"
        "    items.append(row)\n"
        "    return df.append(row)\n"
        "class Log:\n"
        "    def __init__(self):\n"
        "        self.frame = pd.DataFrame({'a': [1]})\n"
        "        self.frame.append({'a': 2}, ignore_index=True)\n"
        "frames = {'x': pd.DataFrame({'a': [1]})}\n"
        "frames['x'].append({'a': 2}, ignore_index=True)\n"
        "done = []\n"
        "out = [done.append(1) for done in [pd.DataFrame({'a': [1]})]]\n"
    )
    found = [(f.code, f.line) for f in check_source(text, select=["NS102"])]
    assert ("NS102", 4) in found and ("NS102", 8) in found
    assert counts["walked"] == 5  # the six statements but `items.append(row)`: its receiver is a literal list where it is read


def test_a_write_into_a_name_or_its_indexer_is_let_go_at_once(monkeypatch) -> None:
    """NS101 asks nothing more of `df["b"] = …` and `df.loc[m, "c"] = …` (each function of the scaling
    file writes both): a write into a name's own object is no chained assignment."""
    from notesense.rules.ns101_chained_assignment import ChainedAssignment

    checked: list[int] = []
    check = ChainedAssignment._check_target

    def counted(self, target):
        checked.append(target.lineno)
        return check(self, target)

    monkeypatch.setattr(ChainedAssignment, "_check_target", counted)
    text = source(2_000)
    found = check_source(text, select=["NS101"])
    assert [f.code for f in found] == ["NS101"] and checked == [found[0].line]
