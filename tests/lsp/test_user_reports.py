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
    for name, text in (("torch.md", TORCH), ("pandas.md", PANDAS)):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _inserted(result: types.CompletionList, label: str) -> list[str]:
    return [i.text_edit.new_text for i in result.items if i.label == label and i.text_edit]


async def _completed(session, name: str, text: str) -> types.CompletionList:
    """The completion at the end of `text`, opened as `name`."""
    return await session.complete(session.open(name, text), end_position(text))


@pytest.mark.asyncio
async def test_completion_keeps_the_shape_of_the_call_and_inserts_one_api(start, user_notes):
    session = await start(options={"notes": [str(user_notes)]})
    await session.wait_ready()
    result = await _completed(session, "chunk.py", "import torch\n\nx = torch.chu")
    # the note writes `B.chunk(64, dim=0)`: as `torch.chunk` the tensor is the first argument, a tab stop
    assert "torch.chunk(${1:B}, ${2:64}, dim=${3:0})$0" in _inserted(result, "torch.chunk"), _inserted(result, "torch.chunk")
    assert not any(t.startswith("torch.chunk(${1:64}") for t in _inserted(result, "torch.chunk"))

    result = await _completed(session, "mask.py", "import torch\n\ntorch.BoolT")
    # an item named for `torch.BoolTensor` inserts that name, not the masking example it appears in
    assert _inserted(result, "torch.BoolTensor") == ["torch.BoolTensor"]


@pytest.mark.asyncio
async def test_what_a_rule_reports_removed_is_offered_last_and_marked_deprecated(start, user_notes):
    session = await start(options={"notes": [str(user_notes)]})
    await session.wait_ready()
    result = await _completed(session, "frame.py", 'import pandas as pd\n\ndf = pd.read_csv("a.csv")\ndf.')
    items = sorted(result.items, key=lambda i: i.sort_text or i.label)
    labels = [i.label for i in items]
    assert "df.append" in labels and "df.sort_values" in labels, labels
    assert labels[-1] == "df.append", labels  # as the client orders them
    append = items[-1]
    assert list(append.tags or ()) == [types.CompletionItemTag.Deprecated]
    assert append.detail and "NS102" in append.detail and "pd.concat" in append.detail  # why, and what instead
    assert not any(i.tags for i in items[:-1])


@pytest.mark.asyncio
async def test_a_document_that_starts_with_a_bom_is_analysed(start, user_notes):
    """A byte-order mark (some clients send it in didOpen) does not hide the file from the rules, and
    positions on its first line still count it."""
    session = await start(options={"notes": [str(user_notes)]})
    await session.wait_ready()
    text = "\ufeffimport pandas as pd; df = pd.read_csv('a.csv'); df['a'][0] = 1\ndf[df.a > 1]['b'] = 5\n"
    uri = session.open("bom.py", text)
    found = sorted((d.range.start.line, d.range.start.character, d.code) for d in await session.diagnostics(uri))
    assert found == [(0, text.index("df['a']"), "NS101"), (1, 0, "NS101")], found


@pytest.mark.asyncio
async def test_a_note_with_broken_front_matter_is_reported_once_with_its_line(start, user_notes):
    (user_notes / "broken.md").write_text("---\ntitle: 张量\ntags: [torch\n---\n\n# torch\n\n```python\nimport torch\n"
                                          "x = torch.ones(2)\n```\n", encoding="utf-8")
    (user_notes / "rule.md").write_text("---\n\nprose: with a colon, a rule: around it\n---\n\n# rules\n", encoding="utf-8")
    session = await start(options={"notes": [str(user_notes)]})
    info = await session.wait_ready()
    problems = [p for p in info["problems"] if "front matter" in p["message"]]
    assert len(problems) == 1, problems  # once; a `---` rule around prose is no front matter
    assert (problems[0]["path"], problems[0]["line"]) == (str(user_notes / "broken.md"), 4), problems
    shown = [m.message for m in session.client.messages if "front matter" in m.message]
    assert len(shown) == 1 and "broken.md:4" in shown[0] and "read as Markdown" in shown[0], shown
    result = await _completed(session, "ones.py", "import torch\n\ntorch.on")
    assert any(i.label == "torch.ones" for i in result.items)  # the note itself is still read
