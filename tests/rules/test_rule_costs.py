"""What the model and the rules do once per file, or not at all, counted: each test fails when the saving
is undone (issue 13: a 32,000-line file's model and rules cost as much as its parse)."""

from __future__ import annotations

import textwrap

from notesense.analysis.document import Document
from notesense.rules.base import FileContext
from notesense.rules.engine import check_source
from notesense.rules.pattern import Pattern
from notesense.rules.pattern.index import file_index

from tests.rules.test_learned import _only

# every way Python lets a call's first argument open with `[`: spaces, a comment, a parenthesised
# callee or argument, a line continuation, the name a from-import gives it
OPENED = textwrap.dedent('''\
    import torch
    from torch import tensor as mk
    a = torch.tensor([torch.ones(1), torch.ones(2)])
    b = torch.tensor( # c
        ([torch.ones(1)]))
    c = (torch.tensor)([torch.ones(1)])
    d = mk([torch.ones(1)])
    e = torch.tensor(x)
    f = torch.tensor \\
       ([torch.ones(1)])
    ''')


def _tensor_of_tensors() -> Pattern:
    return Pattern("torch.tensor([$$$FIRSTS])", modules=["torch"], where={"FIRSTS": "torch.Tensor"})


def test_a_call_pattern_whose_first_argument_is_a_list_finds_it_however_the_call_is_written():
    assert [f.line for f in check_source(OPENED, learned=_only(_tensor_of_tensors()))] == [3, 4, 6, 7, 9]


def test_no_statement_is_walked_for_a_list_argument_no_call_of_the_name_opens_with():
    """`torch.tensor(x)` in every function of a long file (the common form) is no `torch.tensor([...])`:
    the text says so, and none of the statements writing `torch.tensor` is walked."""
    lines = ["import torch", *(f"t{i} = torch.tensor(df['b'].to_numpy())  # not [a list]" for i in range(200))]
    rules = _only(_tensor_of_tensors())
    ctx = FileContext(Document("\n".join(lines) + "\n"))
    assert rules.check(ctx, rules.rules) == []
    assert file_index(ctx)._head_tails == {}  # the statements whose nodes were walked
    # one call written with a list: its statements are walked (the rest of the text does not tell)
    ctx = FileContext(Document("\n".join([*lines, "u = torch.tensor([torch.ones(1)])"]) + "\n"))
    assert [f.line for f in rules.check(ctx, rules.rules)] == [202]
    assert len(file_index(ctx)._head_tails) == 201
