"""Notebooks over LSP 3.17 notebook sync (issue 11): the cells are one program, every answer lands in
its cell. The notebook sits in a folder named in Chinese with a space, its cells under VS Code's
percent-encoded `vscode-notebook-cell:` URIs."""

from __future__ import annotations

import asyncio
import time

import pytest
from lsp_helpers import NOTEBOOK_CAPABILITIES, apply, code_actions, end_position, utf16_position
from lsprotocol import types
from pytest_lsp import client_capabilities

IMPORTS = "import pandas as pd\nimport torch"
LOADED = IMPORTS + "\ndf = pd.read_csv('a.csv')"
MAGIC = "%matplotlib inline\ndf = pd.DataFrame({'a': [1, 2], 'b': [3, 4]})"
CHAINED = 'df[df.a > 1]["b"] = 0'


def vscode() -> types.ClientCapabilities:
    caps = client_capabilities("visual-studio-code")
    caps.notebook_document = NOTEBOOK_CAPABILITIES
    return caps


async def started(start, notes):
    session = await start(options={"notes": [str(notes)]}, capabilities=vscode())
    await session.wait_ready()
    return session


async def settled(session, predicate, what: str, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}: {session.client.diagnostics}")
        await asyncio.sleep(0.05)


def codes(session, uri: str) -> list[str]:
    return [d.code for d in session.client.diagnostics.get(uri, [])]


@pytest.mark.asyncio
async def test_server_declares_notebook_sync_for_python_cells(start, notes):
    session = await started(start, notes)
    sync = session.capabilities.capabilities.notebook_document_sync
    kinds = {s.notebook.notebook_type for s in sync.notebook_selector}
    assert kinds == {"jupyter-notebook", "interactive"}
    assert all([c.language for c in s.cells] == ["python"] for s in sync.notebook_selector)


@pytest.mark.asyncio
async def test_chained_assignment_on_the_third_cell_only_at_its_own_range(start, notes):
    session = await started(start, notes)
    nb = session.open_notebook("我的 笔记 分析.ipynb", [("code", IMPORTS), ("code", MAGIC), ("code", CHAINED)])
    diagnostics = await session.diagnostics(nb.cells[2])
    assert [d.code for d in diagnostics] == ["NS101"]
    # the same line in a plain file gives the range the cell must get, shifted to the cell's first line
    joined = "\n".join([IMPORTS, "", MAGIC.split("\n", 1)[1], CHAINED])
    plain = await session.diagnostics(session.open("plain.py", joined))
    expected = next(d for d in plain if d.code == "NS101").range
    assert expected.start.line == 4
    got = diagnostics[0].range
    assert (got.start.line, got.start.character, got.end.line, got.end.character) == (
        0, expected.start.character, expected.end.line - 4, expected.end.character
    )
    assert codes(session, nb.cells[0]) == [] and codes(session, nb.cells[1]) == []
    assert nb.uri not in session.client.diagnostics  # nothing under the notebook's own URI


@pytest.mark.asyncio
async def test_a_cell_with_a_magic_keeps_its_diagnostics_and_quick_fix_rewrites_that_cell(start, notes):
    session = await started(start, notes)
    cell = "%matplotlib inline\n!pip list\ndf.fillna?\n" + CHAINED
    nb = session.open_notebook("magic.ipynb", [("code", LOADED), ("code", cell)])
    diagnostics = await session.diagnostics(nb.cells[1])
    ns101 = [d for d in diagnostics if d.code == "NS101"]
    assert [d.range.start.line for d in ns101] == [3]
    actions = await code_actions(session, nb.cells[1], ns101[0].range, ns101)
    fixes = [a for a in actions if a.get("kind") == "quickfix" and "edit" in a]
    assert fixes and list(fixes[0]["edit"]["changes"]) == [nb.cells[1]]
    fixed = apply(cell, fixes[0]["edit"]["changes"][nb.cells[1]])
    assert fixed.split("\n")[:3] == cell.split("\n")[:3]  # the magics are left as they were
    assert fixed.split("\n")[3].replace("'", '"') == 'df.loc[df.a > 1, "b"] = 0'


@pytest.mark.asyncio
async def test_hover_in_a_later_cell_uses_the_import_of_cell_one(start, notes):
    session = await started(start, notes)
    later = "x = torch.arange(10)\nparts = torch.chunk(x, 3)"
    nb = session.open_notebook("hover.ipynb", [("code", IMPORTS), ("markdown", "# 切块"), ("code", later)])
    hover = await session.hover(nb.cells[2], utf16_position(later, "chunk(", 2))
    assert hover is not None and "切成若干块" in hover.contents.value
    at = utf16_position(later, "chunk(")
    assert hover.range.start.line == 1  # the cell's own line, not the program's
    assert hover.range.start.character <= at.character < hover.range.end.character


@pytest.mark.asyncio
async def test_completion_after_pd_dot_in_a_later_cell(start, notes):
    session = await started(start, notes)
    later = 'frames = [pd.read_csv("a.csv"), pd.read_csv("b.csv")]\npd.'
    nb = session.open_notebook("complete.ipynb", [("code", "import pandas as pd"), ("code", later)])
    result = await session.complete(nb.cells[1], end_position(later))
    labels = [item.label for item in result.items]
    assert any("concat" in label for label in labels), labels
    for item in result.items:
        assert item.text_edit.range.end == end_position(later)  # in the cell's own coordinates


@pytest.mark.asyncio
async def test_an_import_a_completion_adds_goes_into_the_cell_being_edited(start, notes):
    session = await started(start, notes)
    later = 'import os\ndf = pd.read_csv("a.csv")\ndf.loc'
    nb = session.open_notebook("imports.ipynb", [("code", "import pandas as pd\n"), ("code", later)])
    result = await session.complete(nb.cells[1], end_position(later))
    with_import = [item for item in result.items if item.additional_text_edits]
    assert with_import, [item.label for item in result.items]
    edit = with_import[0].additional_text_edits[0]
    assert "import numpy as np" in edit.new_text
    # after this cell's own `import os`, not at the end of cell 1 where the program's imports end
    assert (edit.range.start.line, edit.range.start.character) == (1, 0), edit


@pytest.mark.asyncio
async def test_inserting_removing_and_editing_cells_moves_the_diagnostics(start, notes):
    session = await started(start, notes)
    nb = session.open_notebook("edit.ipynb", [("code", LOADED), ("code", CHAINED)])
    second = nb.cells[1]
    await session.diagnostics(second)
    assert codes(session, second) == ["NS101"]

    inserted = nb.insert(1, "x = 1\n" + CHAINED)  # a new cell with its own finding, on its line 1
    await settled(session, lambda: codes(session, inserted) == ["NS101"], "the inserted cell's NS101")
    assert session.client.diagnostics[inserted][0].range.start.line == 1
    assert codes(session, second) == ["NS101"]

    nb.replace_text(second, "df.loc[df.a > 1, 'b'] = 0")  # fixed by hand: cleared
    await settled(session, lambda: codes(session, second) == [], "the fixed cell to clear")
    assert codes(session, inserted) == ["NS101"]

    nb.remove(1)  # the cell with the finding goes: its diagnostics go with it
    await settled(session, lambda: codes(session, inserted) == [], "the removed cell to clear")

    nb.replace_text(second, "# back again\n" + CHAINED)
    await settled(session, lambda: [d.range.start.line for d in session.client.diagnostics[second]] == [1], "NS101 on line 1")
    nb.remove(0)  # without its imports the rule no longer applies
    await settled(session, lambda: codes(session, second) == [], "no pandas import, no NS101")


@pytest.mark.asyncio
async def test_one_did_change_inserting_a_cell_and_typing_in_another(start, notes):
    """VS Code sends a structure change and incremental text edits in one event: both apply, in order."""
    session = await started(start, notes)
    nb = session.open_notebook("paste.ipynb", [("code", LOADED), ("code", CHAINED)])
    second = nb.cells[1]
    assert [d.range.start.line for d in await session.diagnostics(second)] == [0]
    at_start = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0))
    inserted = nb.insert_and_edit(1, "y = 2\nz = 3\n" + CHAINED, second, at_start, "# 移到下一行\n")
    await settled(session, lambda: codes(session, inserted) == ["NS101"], "the inserted cell's NS101")
    await settled(session, lambda: [d.range.start.line for d in session.client.diagnostics[second]] == [1], "NS101 on line 1")
    assert session.client.diagnostics[inserted][0].range.start.line == 2
    assert nb.texts[second] == "# 移到下一行\n" + CHAINED


@pytest.mark.asyncio
async def test_a_half_typed_cell_hides_no_other_cell(start, notes):
    session = await started(start, notes)
    nb = session.open_notebook("typing.ipynb", [("code", LOADED), ("code", "df = pd.read_csv("), ("code", CHAINED)])
    await settled(session, lambda: codes(session, nb.cells[2]) == ["NS101"], "NS101 despite the broken cell")


@pytest.mark.asyncio
async def test_closing_the_notebook_clears_its_cells(start, notes):
    session = await started(start, notes)
    nb = session.open_notebook("close.ipynb", [("code", LOADED), ("code", CHAINED), ("code", "x = 1\n" + CHAINED)])
    await settled(session, lambda: codes(session, nb.cells[1]) and codes(session, nb.cells[2]), "both findings")
    nb.close()
    await settled(session, lambda: not codes(session, nb.cells[1]) and not codes(session, nb.cells[2]), "the cells to clear")


@pytest.mark.asyncio
async def test_notebook_wide_fix_all_edits_every_cell(start, notes):
    session = await started(start, notes)
    third = "x = 1\n" + CHAINED
    nb = session.open_notebook("fixall.ipynb", [("code", LOADED), ("code", CHAINED), ("code", third)])
    await settled(session, lambda: codes(session, nb.cells[1]) and codes(session, nb.cells[2]), "both findings")
    whole = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0))
    actions = await code_actions(session, nb.cells[0], whole, [], only=["notebook.source.fixAll"])
    assert [a["kind"] for a in actions] == ["notebook.source.fixAll.notesense"], actions
    changes = actions[0]["edit"]["changes"]
    assert set(changes) == {nb.cells[1], nb.cells[2]}
    assert ".loc[" in apply(CHAINED, changes[nb.cells[1]]) and ".loc[" in apply(third, changes[nb.cells[2]]).split("\n")[1]
    per_cell = await code_actions(session, nb.cells[1], whole, [], only=["source.fixAll"])
    assert [list(a["edit"]["changes"]) for a in per_cell] == [[nb.cells[1]]]  # a cell's own fix-all stays in it


@pytest.mark.asyncio
async def test_interactive_window_cells_are_served_too(start, notes):
    session = await started(start, notes)
    nb = session.open_notebook("Interactive-1.interactive", [("code", LOADED), ("code", CHAINED)], "interactive")
    assert [d.code for d in await session.diagnostics(nb.cells[1])] == ["NS101"]
