"""A pitfall written in the user's note, in the editor: a hint diagnostic in the note's own words that
links the note, a quick fix that applies, and a pair added to the note that changes the diagnostics of
open documents without a restart."""

from __future__ import annotations

import asyncio
import time

import pytest
from lsprotocol import types
from test_diagnostics import apply, code_actions

NOTE = """\
# 我的 pandas 笔记

## swapaxes 没有了

pandas 3 删掉了 DataFrame.swapaxes，转置要用 transpose。

错误写法：

```python
import pandas as pd
table = pd.DataFrame({"a": [1, 2]})
flipped = table.swapaxes(0, 1)
```

正确写法：

```python
import pandas as pd
table = pd.DataFrame({"a": [1, 2]})
flipped = table.transpose()
```
"""
ADDED = """
## NaN 的写法

NumPy 2 删除了 np.NaN 这个别名。

Wrong:

```python
import numpy as np
missing = np.NaN
```

Right:

```python
import numpy as np
missing = np.nan
```
"""
PROGRAM = """\
import numpy as np
import pandas as pd

frame = pd.read_parquet("orders.parquet")
wide = frame.swapaxes(0, 1)
gap = np.NaN
"""


async def learned(session, uri, timeout: float = 30.0) -> list[types.Diagnostic]:
    deadline = time.monotonic() + timeout
    while True:
        found = [d for d in session.client.diagnostics.get(uri, []) if str(d.code).startswith("NSN")]
        if found or time.monotonic() > deadline:
            return found
        await asyncio.sleep(0.1)


@pytest.mark.asyncio
async def test_learned_pitfall_is_a_hint_in_the_notes_words_and_its_fix_applies(start, tmp_path):
    notes = tmp_path / "mine"
    notes.mkdir()
    (notes / "pandas.md").write_text(NOTE, encoding="utf-8")
    session = await start("visual-studio-code", options={"notes": [str(notes)]})
    await session.wait_ready()
    uri = session.open("report.py", PROGRAM)
    found = await learned(session, uri)
    assert len(found) == 1, session.client.diagnostics.get(uri)
    diag = found[0]
    assert diag.severity == types.DiagnosticSeverity.Hint
    assert diag.message.startswith("pandas 3 删掉了 DataFrame.swapaxes")
    assert diag.range.start.line == 4
    assert diag.code_description and diag.code_description.href.startswith((notes / "pandas.md").resolve().as_uri())
    actions = await code_actions(session, uri, diag.range, [diag])
    fixes = [a for a in actions if a.get("kind") == "quickfix" and "edit" in a]
    assert fixes and not fixes[0].get("isPreferred"), "learned fixes are unsafe unless the note says fix=safe"
    fixed = apply(PROGRAM, fixes[0]["edit"]["changes"][uri])
    assert "wide = frame.transpose()" in fixed and fixed.count("\n") == PROGRAM.count("\n")
    assert any(a.get("command", {}).get("command") == "notesense.showNote" for a in actions)


@pytest.mark.asyncio
async def test_a_pair_added_to_the_note_changes_diagnostics_without_a_restart(start, tmp_path):
    notes = tmp_path / "mine"
    notes.mkdir()
    note = notes / "pandas.md"
    note.write_text(NOTE, encoding="utf-8")
    session = await start("neovim", options={"notes": [str(notes)]})  # no client watching: the server polls
    await session.wait_ready()
    uri = session.open("report.py", PROGRAM)
    before = await learned(session, uri)
    assert [d.range.start.line for d in before] == [4]
    note.write_text(NOTE + ADDED, encoding="utf-8")
    deadline = time.monotonic() + 30
    while len(after := await learned(session, uri)) < 2 and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
    assert sorted(d.range.start.line for d in after) == [4, 5], after
    new = next(d for d in after if d.range.start.line == 5)
    assert new.message.startswith("NumPy 2 删除了 np.NaN") and new.severity == types.DiagnosticSeverity.Hint
