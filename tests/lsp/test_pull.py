"""Pull diagnostics (LSP 3.17 `textDocument/diagnostic`) for a client that announces them, pushed
`publishDiagnostics` for one that does not — never both to one client (issue 12)."""

from __future__ import annotations

import asyncio

import pytest
from lsp_helpers import NOTEBOOK_CAPABILITIES
from lsprotocol import types
from pytest_lsp import client_capabilities

from notesense.lsp.diagnostics import Outlet
from notesense.lsp.notebooks import document_key
from notesense.rules.ns101_chained_assignment import ChainedAssignment

CHAINED = 'import pandas as pd\n\ndf = pd.read_csv("a.csv")\ndf[df.a > 1]["b"] = 0\n'
FIXED = CHAINED.replace('df[df.a > 1]["b"] = 0', 'df.loc[df.a > 1, "b"] = 0')


def pulling(notebooks: bool = False) -> types.ClientCapabilities:
    """VS Code's capabilities with pull diagnostics and their refresh, as vscode-languageclient 8+ announces them."""
    caps = client_capabilities("visual-studio-code")
    caps.text_document.diagnostic = types.DiagnosticClientCapabilities(dynamic_registration=True)
    caps.workspace.diagnostics = types.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
    if notebooks:
        caps.notebook_document = NOTEBOOK_CAPABILITIES
    return caps


async def started(start, notes, **kwargs):
    session = await start(options={"notes": [str(notes)]}, capabilities=pulling(**kwargs), locale="zh-CN")
    await session.wait_ready()
    return session


async def pull(session, uri: str, previous: str | None = None) -> types.DocumentDiagnosticReport:
    params = types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri), previous_result_id=previous)
    return await asyncio.wait_for(session.client.text_document_diagnostic_async(params), 20)


def whole(text: str) -> types.TextDocumentContentChangeWholeDocument:
    return types.TextDocumentContentChangeWholeDocument(text=text)


def test_the_outlet_keeps_for_a_pull_what_a_push_would_send():
    """Kept under the URI however the client spells it; the result id holds while the version and the
    diagnostics do; a cleared URI (closed, removed cell) keeps nothing; pushing sends at once."""
    sent: list[types.PublishDiagnosticsParams] = []
    outlet = Outlet(sent.append, document_key)
    outlet.pull = True
    found = types.Diagnostic(range=types.Range(start=types.Position(line=3, character=0), end=types.Position(line=3, character=9)), message="m")
    outlet.publish(types.PublishDiagnosticsParams(uri="file:///my%20notes/a.py", diagnostics=[found], version=2))
    full = outlet.report("file:///my notes/a.py", None)
    assert (full.kind, list(full.items)) == ("full", [found])
    outlet.publish(types.PublishDiagnosticsParams(uri="file:///my%20notes/a.py", diagnostics=[found], version=2))  # a re-lint
    assert outlet.report("file:///my%20notes/a.py", full.result_id).kind == "unchanged"
    outlet.publish(types.PublishDiagnosticsParams(uri="file:///my%20notes/a.py", diagnostics=[found], version=3))
    assert outlet.report("file:///my%20notes/a.py", full.result_id).result_id != full.result_id
    outlet.publish(types.PublishDiagnosticsParams(uri="file:///my%20notes/a.py", diagnostics=[]))  # closed
    assert outlet.report("file:///my%20notes/a.py", None) == outlet.report("file:///never/opened.py", None)
    assert sent == []
    outlet.pull = False
    outlet.publish(types.PublishDiagnosticsParams(uri="file:///b.py", diagnostics=[found], version=1))
    assert [p.uri for p in sent] == ["file:///b.py"]


@pytest.mark.asyncio
async def test_a_client_that_pulls_gets_reports_per_version_and_nothing_pushed(start, notes):
    session = await started(start, notes)
    provider = session.capabilities.capabilities.diagnostic_provider
    assert (provider.identifier, provider.inter_file_dependencies, provider.workspace_diagnostics) == ("notesense", False, False)

    uri = session.open("pulled.py", CHAINED)
    first = await pull(session, uri)  # asked at once, as editors do after didOpen: answered when linted
    assert first.kind == "full" and first.result_id
    [ns101] = [d for d in first.items if d.code == "NS101"]
    assert (ns101.range.start.line, ns101.range.start.character, ns101.range.end.line) == (3, 0, 3)
    assert ns101.message == ChainedAssignment.hint  # locale zh-CN: the note's words

    again = await pull(session, uri, first.result_id)
    assert again.kind == "unchanged" and again.result_id == first.result_id

    session.change(uri, whole(FIXED))
    fixed = await pull(session, uri, first.result_id)
    assert fixed.kind == "full" and fixed.result_id != first.result_id
    assert not [d for d in fixed.items if d.code == "NS101"], fixed.items

    session.change(uri, whole("# 再来一次\n" + CHAINED))
    moved = await pull(session, uri, fixed.result_id)
    assert [d.range.start.line for d in moved.items if d.code == "NS101"] == [4]
    await asyncio.sleep(0.3)
    assert session.client.diagnostics == {}, "a pulling client must get no publishDiagnostics"


@pytest.mark.asyncio
@pytest.mark.parametrize("profile", ["visual-studio-code", "neovim"])
async def test_a_client_that_cannot_be_asked_to_pull_again_gets_them_pushed(start, notes, profile):
    """Without pull, and with pull but no `workspace/diagnostic/refresh` (Neovim 0.11): a notes edit
    changes diagnostics the client would not pull until its next edit, so they are pushed."""
    caps = client_capabilities(profile)
    assert caps.workspace.diagnostics is None
    session = await start(options={"notes": [str(notes)]}, capabilities=caps, locale="zh-CN")
    assert session.capabilities.capabilities.diagnostic_provider is None  # or Neovim would pull as well
    await session.wait_ready()
    uri = session.open("pushed.py", CHAINED)
    [ns101] = [d for d in await session.diagnostics(uri) if d.code == "NS101"]
    assert ns101.range.start.line == 3 and ns101.message == ChainedAssignment.hint


@pytest.mark.asyncio
async def test_each_notebook_cell_is_pulled_on_its_own(start, notes):
    session = await started(start, notes, notebooks=True)
    nb = session.open_notebook(
        "pulled.ipynb", [("code", "import pandas as pd\ndf = pd.read_csv('a.csv')"), ("markdown", "# 说明"), ("code", "x = 1\n" + 'df[df.a > 1]["b"] = 0')]
    )
    first, notes_cell, chained = nb.cells
    report = await pull(session, chained)
    assert [(d.code, d.range.start.line) for d in report.items] == [("NS101", 1)]  # the cell's own line
    assert not (await pull(session, first)).items
    assert not (await pull(session, notes_cell)).items
    nb.replace_text(chained, "x = 1\n" + "df.loc[df.a > 1, 'b'] = 0")
    cleared = await pull(session, chained, report.result_id)
    assert cleared.kind == "full" and not cleared.items
    await asyncio.sleep(0.3)
    assert session.client.diagnostics == {}


@pytest.mark.asyncio
async def test_notes_or_settings_changed_ask_the_client_to_pull_again(start, notes):
    session = await started(start, notes)
    uri = session.open("refreshed.py", CHAINED)
    first = await pull(session, uri)
    assert session.client.diagnostic_refresh_count == 0  # the first load ended before anything was shown: nothing to refresh

    (notes / "pandas.md").write_text((notes / "pandas.md").read_text(encoding="utf-8") + "\n## 又一条\n", encoding="utf-8")
    session.client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(changes=[types.FileEvent(uri=(notes / "pandas.md").as_uri(), type=types.FileChangeType.Changed)])
    )
    for _ in range(200):
        if session.client.diagnostic_refresh_count:
            break
        await asyncio.sleep(0.05)
    assert session.client.diagnostic_refresh_count == 1, "a note edited: the client is asked to pull again"
    assert (await pull(session, uri, first.result_id)).kind == "unchanged"  # the same findings, already shown

    session.client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"notesense": {"notes": [str(notes)], "lint": {"enable": False}}})
    )
    for _ in range(200):
        if session.client.diagnostic_refresh_count == 2:
            break
        await asyncio.sleep(0.05)
    assert session.client.diagnostic_refresh_count == 2, "lint turned off: the client is asked to pull again"
    off = await pull(session, uri, first.result_id)
    assert off.kind == "full" and not off.items
    assert session.client.diagnostics == {}
