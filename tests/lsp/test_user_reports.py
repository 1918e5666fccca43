"""What users hit in real editors (qa14's pass), each through the real server: completion that keeps a
call's shape, inserts one API for an item named for it, and marks what a rule reports removed."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from lsp_helpers import end_position
from lsprotocol import types

TORCH = textwrap.dedent("""\
    # torch 笔记

    ### chunk()函数

    `torch.chunk` 把张量沿 dim 均匀切成几块，返回元组。

    ```python
    import torch
    B = torch.randn((1024, 2))
    res = torch.stack(B.chunk(64, dim=0))
    ```

    ### masked_select

    用布尔掩码取元素：

    ```python
    import torch
    x = torch.randn([3, 4])
    mask = x.ge(0.5).type(torch.BoolTensor)
    y = torch.masked_select(x, mask)
    print(y)
    ```
    """)
PANDAS = textwrap.dedent("""\
    # pandas 笔记

    ### 向 DataFrame 中增加数据

    ```python
    import pandas as pd
    df = pd.DataFrame({"a": [1]})
    df = df.append({"a": 2}, ignore_index=True)
    ```

    ### 排序

    ```python
    import pandas as pd
    df = pd.DataFrame({"a": [2, 1]})
    df = df.sort_values("a")
    ```
    """)


@pytest.fixture
def user_notes(tmp_path: Path) -> Path:
    folder = tmp_path / "user-notes"
    folder.mkdir()
    (folder / "torch.md").write_text(TORCH, encoding="utf-8")
    (folder / "pandas.md").write_text(PANDAS, encoding="utf-8")
    return folder


def _inserted(result: types.CompletionList, label: str) -> list[str]:
    return [i.text_edit.new_text for i in result.items if i.label == label and i.text_edit]


@pytest.mark.asyncio
async def test_completion_keeps_the_shape_of_the_call_and_inserts_one_api(start, user_notes):
    session = await start(options={"notes": [str(user_notes)]})
    await session.wait_ready()
    text = "import torch\n\nx = torch.chu"
    result = await session.complete(session.open("chunk.py", text), end_position(text))
    # the note writes `B.chunk(64, dim=0)`: as `torch.chunk` the tensor is the first argument, a tab stop
    assert "torch.chunk(${1:B}, ${2:64}, dim=${3:0})$0" in _inserted(result, "torch.chunk"), _inserted(result, "torch.chunk")
    assert not any(t.startswith("torch.chunk(${1:64}") for t in _inserted(result, "torch.chunk"))

    text = "import torch\n\ntorch.BoolT"
    result = await session.complete(session.open("mask.py", text), end_position(text))
    # an item named for `torch.BoolTensor` inserts that name, not the masking example it appears in
    assert _inserted(result, "torch.BoolTensor") == ["torch.BoolTensor"]


@pytest.mark.asyncio
async def test_what_a_rule_reports_removed_is_offered_last_and_marked_deprecated(start, user_notes):
    session = await start(options={"notes": [str(user_notes)]})
    await session.wait_ready()
    text = 'import pandas as pd\n\ndf = pd.read_csv("a.csv")\ndf.'
    result = await session.complete(session.open("frame.py", text), end_position(text))
    items = sorted(result.items, key=lambda i: i.sort_text or i.label)
    labels = [i.label for i in items]
    assert "df.append" in labels and "df.sort_values" in labels, labels
    assert labels[-1] == "df.append", labels  # as the client orders them
    append = items[-1]
    assert list(append.tags or ()) == [types.CompletionItemTag.Deprecated]
    assert append.detail and "NS102" in append.detail and "pd.concat" in append.detail  # why, and what instead
    assert not any(i.tags for i in items[:-1])
