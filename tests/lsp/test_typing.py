"""Lint while typing (the semantic-model issue, in the editor): a broken last line does not hide the
findings above it, their quick-fixes apply to the version being typed, hover and completion answer;
a file nothing of which can be analysed says so instead of keeping stale squiggles."""

from __future__ import annotations

import asyncio
import time

import pytest
from lsp_helpers import apply, code_actions, utf16_position
from lsprotocol import types

TYPED = """\
import pandas as pd
import torch

df = pd.read_csv("a.csv")
df[df.a > 1]["b"] = 0
x = torch.arange(10)
parts = torch.chunk(x, 3)
"""


async def fixes_for(session, uri, line: int, timeout: float = 15.0) -> tuple[list[types.Diagnostic], list[dict]]:
    """The NS101 diagnostics and their quick fixes once the server has linted the current version
    (code actions are only offered for the version the findings were computed on)."""
    deadline = time.monotonic() + timeout
    while True:
        diagnostics = [d for d in session.client.diagnostics.get(uri, []) if d.code == "NS101"]
        if diagnostics:
            actions = await code_actions(session, uri, diagnostics[0].range, diagnostics)
            fixes = [a for a in actions if a.get("kind") == "quickfix" and "edit" in a]
            if fixes:
                return diagnostics, fixes
        if time.monotonic() > deadline:
            raise AssertionError(f"no quick fix for the typed version: {session.client.diagnostics.get(uri)}")
        await asyncio.sleep(0.05)


@pytest.mark.asyncio
@pytest.mark.parametrize("typing", ["y = torch.", "z = torch.chunk(x,"], ids=["attribute", "unclosed-bracket"])
async def test_a_line_being_typed_keeps_the_findings_above_it(start, notes, typing):
    session = await start(options={"notes": [str(notes)]})
    await session.wait_ready()
    uri = session.open("typing.py", TYPED)
    await fixes_for(session, uri, 4)
    text = TYPED + typing
    session.change(uri, types.TextDocumentContentChangeWholeDocument(text=text))
    diagnostics, fixes = await fixes_for(session, uri, 4)
    assert diagnostics[0].range.start.line == 4
    fixed = apply(text, fixes[0]["edit"]["changes"][uri]).replace("'", '"')
    assert 'df.loc[df.a > 1, "b"] = 0' in fixed and fixed.endswith(typing), fixed
    hover = await session.hover(uri, utf16_position(text, "chunk(x, 3)", 2))
    assert hover is not None and "切成若干块" in hover.contents.value
    completion = await session.complete(uri, utf16_position(text, typing, len("y = torch.")))
    assert any(item.label.endswith("chunk") for item in completion.items), [i.label for i in completion.items]


@pytest.mark.asyncio
async def test_a_file_that_cannot_be_analysed_says_so_instead_of_keeping_old_squiggles(start, notes):
    session = await start(options={"notes": [str(notes)]})
    await session.wait_ready()
    uri = session.open("hopeless.py", TYPED)
    await fixes_for(session, uri, 4)
    session.change(uri, types.TextDocumentContentChangeWholeDocument(text=TYPED + "x = " + "-" * 100_000 + "1\n"))
    deadline = time.monotonic() + 15
    while any(d.code == "NS101" for d in session.client.diagnostics[uri]) and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    [notice] = session.client.diagnostics[uri]
    assert notice.code is None and "cannot be analysed" in notice.message
    assert notice.severity == types.DiagnosticSeverity.Information
