"""What the model and the rules do once per file, or not at all, counted: each test fails when the saving
is undone (issue 13: a 32,000-line file's model and rules cost as much as its parse)."""

from __future__ import annotations

import ast
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


WRITES = textwrap.dedent('''\
    import torch
    a = {}
    a["k"] = 1
    n = 0
    n += 1
    b = c = 2
    b, c["k"] = 3, 4
    try:
        a["t"] = 1
    except KeyError as e:
        a["e"] += 1
    else:
        a["o"] = 1
    finally:
        a["f"] = 1
    match n:
        case 1:
            a["m"] = 1
    with open("f") as fh:
        a["w"] = 1
    for i in range(3):
        a[i] = i
    else:
        a["l"] = 1
    while n:
        n -= 1
    def f(x):
        x[0] = 1
        return [y for y in x]
    class K:
        s = {}
        s["k"] = 1
        def m(self):
            self.v = 1
            self.w[0] += 1
    ''')


def test_the_model_records_every_write_into_an_object_in_every_block_once():
    """The in-place rules read the statements that write into an object or update a value from the
    one statement walk (`SemanticModel.writes`), in every kind of block and scope, with their scope:
    an assignment to a subscript (not one to a name, an attribute or an unpacking with none), any
    augmented assignment."""
    model = Document(WRITES).semantic
    assert [stmt.lineno for stmt, _ in model.writes] == [3, 5, 9, 11, 13, 15, 18, 20, 22, 24, 26, 28, 32, 35]
    assert [scope.kind.value for _, scope in model.writes][-3:] == ["function", "class", "function"]
    assert all(stmt in scope.statements for stmt, scope in model.writes)


def test_in_place_calls_are_looked_for_only_where_the_text_spells_inplace_or_update(monkeypatch):
    """`df = df.fillna(0)` on every line (a writing method's name, assigned back) is no chained in-place
    call: every form NS101 reports spells `inplace=` or `update`, and only the statement that does is asked."""
    from notesense.rules.ns101_chained_assignment import ChainedAssignment

    asked: list[int] = []
    check = ChainedAssignment._check_call
    monkeypatch.setattr(ChainedAssignment, "_check_call", lambda self, call, stmt: (asked.append(call.lineno), check(self, call, stmt))[1])
    source = "import pandas as pd\ndf = pd.read_csv('a.csv')\n" + "df = df.fillna(0)\n" * 300 + "df['a'].fillna(0, inplace=True)\n"
    assert [(f.code, f.line) for f in check_source(source)] == [("NS101", 303)]
    assert asked == [303]
    # a text Python reads otherwise than it is written (NFKC) is asked statement by statement: still found
    odd = source.replace("fillna(0, inplace", "ｆillna(0, ｉnplace")
    assert [(f.code, f.line) for f in check_source(odd)] == [("NS101", 303)]


def test_where_a_callee_was_bound_is_asked_only_when_the_text_spells_a_module_that_saves_its_output(monkeypatch):
    """A write into a tensor made by a call (`df["b"] = …` after `df = pd.read_csv(…)`) asks whether the
    callee is a module that saves its output only in a file that spells one (an activation's class,
    a `forward`): elsewhere no call's callee is followed to its binding."""
    from notesense.analysis import autograd

    followed: list[ast.expr] = []
    definitions = autograd.definitions
    monkeypatch.setattr(autograd, "definitions", lambda model, expr, *rest: (followed.append(expr), definitions(model, expr, *rest))[1])
    body = ("    df = pd.read_csv(p)\n    df['b'] = torch.sigmoid(x)\n"
            "    w = torch.randn(3, requires_grad=True)\n    y = torch.exp(w)\n    y[0] = 1\n")
    source = "import pandas as pd\nimport torch\n" + "".join(f"def f{i}(p, x):\n{body}" for i in range(50))
    assert [f.code for f in check_source(source)] == ["NS202"] * 50
    assert followed == []
    module = "class M(torch.nn.Module):\n    def forward(self, x):\n        return torch.tanh(x)\n"
    assert [f.code for f in check_source(source + module)] == ["NS202"] * 50
    assert followed


def test_the_writes_of_a_part_are_those_that_begin_in_its_region():
    """A large file's part is analysed with the rest of the file as context: the in-place rules read
    the writes that begin in the part's lines only, found once for both (`FileContext.writes`)."""
    doc = Document(WRITES)
    ctx = FileContext(doc)
    starts = doc.line_starts
    ctx.region = (starts[8], starts[20])  # lines 9-20
    assert [stmt.lineno for stmt, _ in ctx.writes()] == [9, 11, 13, 15, 18, 20]
    assert ctx.writes() is ctx.writes()


def test_a_set_of_kinds_is_made_public_once(monkeypatch):
    """A file's reads ask about the same few sets of kinds thousands of times (every `rows = []` of
    a 32,000-line file): each set's public kinds are worked out once (`Kinds.public`)."""
    from notesense.analysis import api

    asked: list[str] = []
    family = api.family
    monkeypatch.setattr(api, "family", lambda kind: (asked.append(kind), family(kind))[1])
    kinds = Document("import pandas as pd\n" + "".join(f"def f{i}():\n    rows = []\n    rows.append(1)\n" for i in range(50))).kinds
    model = kinds.model
    scopes = [s for s in model.scopes if s.name and s.name.startswith("f")]
    assert all(kinds.literal_kinds("rows", scope) == frozenset({"list"}) for scope in scopes)
    assert asked == ["list"]
