"""The misses the one semantic model fixes (issue: one model per document version), each a finding the
per-rule walkers and the three disagreeing API tables got wrong."""

from __future__ import annotations

import textwrap

import pytest

from notesense.rules.base import line_starts
from notesense.rules.engine import check_source


def found(code: str, rule: str) -> list[str]:
    """The text of each `rule` finding in `code`."""
    source = textwrap.dedent(code)
    starts = line_starts(source)
    return [source[starts[f.line - 1] + f.col:starts[f.end_line - 1] + f.end_col]
            for f in check_source(source) if f.code == rule]


def test_a_comprehension_target_does_not_hide_the_frame() -> None:
    assert found(
        """
        import pandas as pd
        df = pd.read_csv("a.csv")
        n = [df for df in range(3)]
        df = df.append(df)
        """,
        "NS102",
    ) == ["df.append(df)"]


@pytest.mark.parametrize(
    "block",
    [
        "try:\n    pass\nexcept ValueError:\n    loss = w.exp().sum()\n    loss.backward()\n    loss.backward()\n",
        "try:\n    loss = w.exp().sum()\nexcept ValueError:\n    pass\nelse:\n    loss.backward()\n    loss.backward()\n",
        "match mode:\n    case 1:\n        loss = w.exp().sum()\n        loss.backward()\n        loss.backward()\n",
    ],
    ids=["except", "try-else", "match"],
)
def test_double_backward_in_every_block(block: str) -> None:
    source = "import torch\nmode = 1\nw = torch.randn(3, requires_grad=True)\n" + block
    assert found(source, "NS201") == ["loss.backward()"]


def test_inplace_write_in_a_match_case() -> None:
    source = (
        "import torch\nmode = 1\nw = torch.randn(3, requires_grad=True)\n"
        "match mode:\n    case 1:\n        y = w.tanh(); y.clamp_(min=0)\n        y.sum().backward()\n"
    )
    assert found(source, "NS202") == ["y.clamp_(min=0)"]


ACTOR = """
import torch
import torch.nn as nn
import torch.nn.functional as F


class Actor(nn.Module):
    def __init__(self, state_dim, action_dim):
        super(Actor, self).__init__()
        self.actor = nn.Sequential(
            nn.Linear(state_dim, action_dim),
            nn.Tanh(),
        )

    def forward(self, state):
        raw_action = self.actor(state)
        raw_action[:, 0:3] = F.softmax(raw_action[:, 0:3], dim=1)
        return raw_action
"""


def test_inplace_write_into_a_module_output_stored_on_self() -> None:
    """The person's note: `self.actor` is an nn.Sequential ending in nn.Tanh, set in __init__."""
    assert found(ACTOR, "NS202") == ["raw_action[:, 0:3]"]
    relu_free = ACTOR.replace("nn.Tanh(),", "nn.Identity(),")
    assert found(relu_free, "NS202") == []  # an output nothing saved may be written into


def test_a_receiver_bound_through_a_conditional_expression() -> None:
    assert found(
        """
        import pandas as pd
        from shop import load
        ok = True
        sales = load() if ok else pd.DataFrame({"qty": [1, 2]})
        sales["qty"].iloc[0] = 99
        """,
        "NS101",
    ) == ['sales["qty"].iloc[0]']


@pytest.mark.parametrize(
    ("statement", "span"),
    [
        ('df["a"].at[0] = 0', 'df["a"].at[0]'),
        ("df[0:3].iat[0, 0] = 10", "df[0:3].iat[0, 0]"),
        ('result = df["a"].interpolate(inplace=True)', 'df["a"].interpolate(inplace=True)'),
        ('result = df[["a"]].clip(0, 1, inplace=True)', 'df[["a"]].clip(0, 1, inplace=True)'),
        ('getattr(df["a"], name)(inplace=True)', 'getattr(df["a"], name)(inplace=True)'),
        ("df.xs(2)[:] = 20", "df.xs(2)[:]"),
        ('df.loc[0]["z"].iloc[0] = 1.0', 'df.loc[0]["z"].iloc[0]'),
        ("ser.dt.hour[0] = 5", "ser.dt.hour[0]"),
    ],
)
def test_chained_assignment_forms_pandas_proves_raise(statement: str, span: str) -> None:
    source = (
        'import pandas as pd\nname = "ffill"\ndf = pd.DataFrame({"a": [1.0, 2.0, 3.0], "z": [0.0, 1.0, 2.0]})\n'
        'ser = pd.Series(pd.date_range("2020-01-01", periods=3, freq="h"))\n' + statement + "\n"
    )
    assert found(source, "NS101") == [span]


def test_the_rows_of_each_group_a_loop_over_a_groupby_binds() -> None:
    """`for key, group in df.groupby(...)`: the second name is a DataFrame (of a Series' groupby, a
    Series); the key is not known, so nothing is said of it."""
    assert found(
        """
        import pandas as pd
        df = pd.read_csv("a.csv")
        for key, group in df.groupby("k"):
            group["x"].fillna(0, inplace=True)
            key[0][1] = 2
        for key, part in df["x"].groupby(df["k"]):
            part.iloc[0] = 1
        """,
        "NS101",
    ) == ['group["x"].fillna(0, inplace=True)']
