"""Diagnostics from the rules and the code actions that fix them (issue 4, in the editor)."""

from __future__ import annotations

import asyncio

import pytest
from lsp_helpers import apply, code_actions
from lsprotocol import types

CHAINED = """\
import pandas as pd

df = pd.read_csv("a.csv")
df[df.a > 1]["b"] = 0
"""


@pytest.mark.asyncio
async def test_chained_assignment_diagnostic_and_quick_fix(start, notes):
    session = await start(options={"notes": [str(notes)]})
    await session.wait_ready()
    uri = session.open("chained.py", CHAINED)
    diagnostics = await session.diagnostics(uri)
    ns101 = [d for d in diagnostics if d.code == "NS101"]
    assert ns101, diagnostics
    diag = ns101[0]
    assert diag.source == "notesense"
    assert diag.range.start.line == 3
    assert diag.code_description and diag.code_description.href
    actions = await code_actions(session, uri, diag.range, [diag])
    fixes = [a for a in actions if a.get("kind") == "quickfix" and "edit" in a]
    assert fixes, actions
    assert fixes[0]["isPreferred"] is True and fixes[0]["diagnostics"][0]["code"] == "NS101"
    fixed = apply(CHAINED, fixes[0]["edit"]["changes"][uri])
    assert 'df.loc[df.a > 1, "b"] = 0' in fixed.replace("'", '"'), fixed
    show = [
        a for a in actions if isinstance(a.get("command"), dict) and a["command"]["command"] == "notesense.showNote"
    ]
    assert show, actions
    await session.request(
        types.WORKSPACE_EXECUTE_COMMAND,
        types.ExecuteCommandParams(command=show[0]["command"]["command"], arguments=show[0]["command"]["arguments"]),
    )
    assert session.client.shown_documents, "the note was opened with window/showDocument"
    shown = session.client.shown_documents[-1]
    assert shown.uri == diag.code_description.href.split("#")[0]
    assert shown.uri.startswith("file://") and shown.take_focus


@pytest.mark.asyncio
async def test_fix_all_applies_every_safe_fix(start, notes):
    session = await start(options={"notes": [str(notes)]})
    await session.wait_ready()
    text = CHAINED + 'df[df.a > 2]["c"] = 1\n'
    uri = session.open("many.py", text)
    diagnostics = await session.diagnostics(uri)
    assert len([d for d in diagnostics if d.code == "NS101"]) == 2, diagnostics
    whole = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=5, character=0))
    actions = await code_actions(session, uri, whole, [], only=["source.fixAll"])
    assert [a["kind"] for a in actions] == ["source.fixAll.notesense"], actions
    fixed = apply(text, actions[0]["edit"]["changes"][uri]).replace("'", '"')
    assert 'df.loc[df.a > 1, "b"] = 0' in fixed and 'df.loc[df.a > 2, "c"] = 1' in fixed, fixed


@pytest.mark.asyncio
async def test_diagnostics_follow_changes(start, notes):
    session = await start(options={"notes": [str(notes)]})
    await session.wait_ready()
    uri = session.open("edit.py", CHAINED)
    assert any(d.code == "NS101" for d in await session.diagnostics(uri))
    session.change(
        uri,
        types.TextDocumentContentChangeWholeDocument(
            text=CHAINED.replace('df[df.a > 1]["b"]', 'df.loc[df.a > 1, "b"]')
        ),
    )
    for _ in range(100):
        await asyncio.sleep(0.05)
        if not any(d.code == "NS101" for d in session.client.diagnostics[uri]):
            break
    assert not any(d.code == "NS101" for d in session.client.diagnostics[uri])


@pytest.mark.asyncio
async def test_lint_disabled_publishes_nothing(start, notes):
    session = await start(options={"notes": [str(notes)], "lint": {"enable": False}})
    await session.wait_ready()
    uri = session.open("quiet.py", CHAINED)
    await asyncio.sleep(0.6)
    assert not session.client.diagnostics.get(uri)
