"""Cheap checks first: a call pattern rooted at a canonical name rejects a literal argument of the
wrong kind (`np.array([1, 2])` is no ndarray) before any name of its callee is resolved, and the
findings are those the whole match gives."""

from __future__ import annotations

from notesense.analysis.document import Document
from notesense.rules.base import FileContext
from notesense.rules.engine import check_source
from notesense.rules.pattern import Pattern
from notesense.rules.pattern.index import FileIndex, file_index

from tests.rules.test_learned import _only

SOURCE = """\
import numpy as np
import torch
a = np.array([1, 2, 3])
b = np.array((1, 2), dtype=float)
c = np.array(5)
d = np.array(np.ones(3))
e = np.array([x for x in range(3)])
f = torch.tensor([1.0, 2.0])
g = torch.tensor([torch.ones(2), torch.ones(2)])
"""


def _resolved(monkeypatch) -> list[str]:
    """The callees whose names the matcher resolves, as their text."""
    asked: list[str] = []
    qualname = FileIndex.qualname

    def spy(self: FileIndex, node):
        asked.append(self.ctx.text(node))
        return qualname(self, node)

    monkeypatch.setattr(FileIndex, "qualname", spy)
    return asked


def test_a_literal_argument_of_the_wrong_kind_is_rejected_before_the_callee_is_resolved(monkeypatch):
    asked = _resolved(monkeypatch)
    found = check_source(SOURCE, learned=_only(Pattern("numpy.array($A)", where={"A": "numpy.ndarray"}, modules=["numpy"],
                                                       fix="numpy.asarray($A)")))
    assert [f.line for f in found] == [6]  # the one call whose argument is an array
    assert asked.count("np.array") == 1  # the four literals never asked what `np.array` is
    assert found[0].fixes and found[0].fixes[0].edits


def test_the_elements_of_a_rest_are_asked_before_the_callee_is_resolved(monkeypatch):
    asked = _resolved(monkeypatch)
    found = check_source(SOURCE, learned=_only(Pattern("torch.tensor([$$$ITEMS])", where={"ITEMS": "torch.Tensor"},
                                                       modules=["torch"], fix="torch.stack([$$$ITEMS])")))
    assert [f.line for f in found] == [9]
    assert asked.count("torch.tensor") == 1  # `[1.0, 2.0]` holds numbers, no tensor


def test_an_unknown_kind_allowed_or_a_repeated_metavariable_waits_for_the_whole_match():
    """`?` lets an unknown kind (a number) hold, and a metavariable written twice is asked where the
    match reads it first: neither is asked early, and both still match as before."""
    assert Pattern("numpy.array($A)", where={"A": "numpy.ndarray?"}, modules=["numpy"]).early == {}
    assert Pattern("numpy.maximum($A, $A)", where={"A": "numpy.ndarray"}, modules=["numpy"]).early == {}
    assert len(Pattern("numpy.array($A)", where={"A": "numpy.ndarray"}, modules=["numpy"]).early) == 1
    found = check_source(SOURCE, learned=_only(Pattern("numpy.array($A)", where={"A": "numpy.ndarray?"}, modules=["numpy"])))
    assert [f.line for f in found] == [5, 6]  # a number (kind unknown) and an array; lists, tuples and a comprehension are known not to be


def test_rules_rooted_at_one_canonical_name_share_the_statements_that_write_it():
    """Two chained-call rules rooted at `torch.ones` walk each statement writing it once, and find
    their own member only."""
    source = "import torch\nt = torch.ones(3).view(1)\nu = torch.ones(3).sum()\nv = w.view(2)\n"
    ctx = FileContext(Document(source))
    index = file_index(ctx)
    index.canonical = frozenset({"torch.ones"})
    view = Pattern("torch.ones($$$C).view", modules=["torch"])
    total = Pattern("torch.ones($$$C).sum", modules=["torch"])
    assert [m.focus[0].lineno for m in view.find(ctx)] == [2]
    assert [m.focus[0].lineno for m in total.find(ctx)] == [3]
    assert sorted(index._head_tails) == sorted(id(head) for head in index.written("torch.ones").values())
