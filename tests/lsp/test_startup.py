"""Start-up, progress, the libraryInfo request, and surviving malformed input."""

from __future__ import annotations

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException

from lsp_helpers import plain, utf16_position


@pytest.mark.asyncio
async def test_initialize_with_options_loads_the_notes_with_progress(start, notes):
    session = await start(options={"notes": [str(notes)]})
    info = await session.wait_ready()
    assert info["origin"] != "bundled"
    assert {"pandas", "torch", "numpy"} <= set(info["counts"]), info
    assert info["total"] == sum(info["counts"].values()) > 0
    assert info["errors"] == []
    kinds = [
        [type(v).__name__ for v in reports] for reports in session.client.progress_reports.values()
    ]
    assert ["WorkDoneProgressBegin"] == [k[0] for k in kinds if k][:1]
    assert any(k[-1] == "WorkDoneProgressEnd" for k in kinds)


@pytest.mark.asyncio
async def test_settings_from_workspace_configuration(start, notes):
    session = await start(configuration={"notes": [str(notes)]})
    info = await session.wait_ready()
    assert "torch" in info["counts"], info


@pytest.mark.asyncio
async def test_capabilities_and_the_recompile_command(start, notes):
    session = await start(options={"notes": [str(notes)]})
    caps = session.capabilities.capabilities
    assert list(caps.completion_provider.trigger_characters) == ["."]
    assert caps.completion_provider.resolve_provider is True
    assert caps.hover_provider and caps.workspace_symbol_provider
    assert "notesense.recompile" in caps.execute_command_provider.commands
    assert "source.fixAll.notesense" in caps.code_action_provider.code_action_kinds
    first = await session.wait_ready()
    result = await session.request(
        types.WORKSPACE_EXECUTE_COMMAND, types.ExecuteCommandParams(command="notesense.recompile", arguments=[])
    )
    result = plain(result)
    assert result["ready"] and result["generation"] == first["generation"] + 1, result
    assert result["counts"] == first["counts"]


@pytest.mark.asyncio
async def test_malformed_requests_get_errors_and_the_server_keeps_serving(start, notes):
    session = await start(options={"notes": [str(notes)]})
    await session.wait_ready()
    # Params that do not match the method's schema: the typed client cannot even send these.
    for method, params in [
        (types.TEXT_DOCUMENT_HOVER, {"textDocument": 5, "position": "nowhere"}),
        (types.TEXT_DOCUMENT_COMPLETION, {"textDocument": {"uri": "file:///x.py"}}),
        (types.WORKSPACE_SYMBOL, None),
    ]:
        with pytest.raises(JsonRpcException) as raised:
            await session.raw_request(method, params)
        assert raised.value.code == -32602, raised.value  # InvalidParams
    with pytest.raises(JsonRpcException):
        await session.request("notesense/noSuchThing", {})
    with pytest.raises(JsonRpcException):
        await session.request(
            types.WORKSPACE_EXECUTE_COMMAND, types.ExecuteCommandParams(command="notesense.noSuchCommand")
        )
    # A document that was never opened: an empty answer, not a crash.
    hover = await session.hover("file:///never/opened.py", types.Position(line=0, character=0))
    assert hover is None
    # Garbage on the wire: not even JSON.
    stdin = session.client._server.stdin
    stdin.write(b"Content-Length: 9\r\n\r\n{garbage}")
    await stdin.drain()
    text = "import torch\ntorch.chunk(x, 2)\n"
    uri = session.open("after.py", text)
    hover = await session.hover(uri, utf16_position(text, "chunk", 1))
    assert hover is not None and "chunk" in hover.contents.value
