"""Start-up, progress, the libraryInfo request, and surviving malformed input."""

from __future__ import annotations

import asyncio
import json
import socket
import sys

import pytest
from lsp_helpers import plain, utf16_position
from lsprotocol import types
from pygls.exceptions import JsonRpcException


@pytest.mark.asyncio
async def test_initialize_with_options_loads_the_notes_with_progress(start, notes):
    session = await start(options={"notes": [str(notes)]})
    info = await session.wait_ready()
    assert info["origin"] != "bundled"
    assert {"pandas", "torch", "numpy"} <= set(info["counts"]), info
    assert info["total"] == sum(info["counts"].values()) > 0
    assert info["errors"] == []
    kinds = [[type(v).__name__ for v in reports] for reports in session.client.progress_reports.values()]
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
    # Garbage on the wire (not even JSON), and a notification whose params do not deserialise.
    stdin = session.client._server.stdin
    stdin.write(b"Content-Length: 9\r\n\r\n{garbage}")
    bad = json.dumps({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"contentChanges": 7}}).encode()
    stdin.write(b"Content-Length: %d\r\n\r\n" % len(bad) + bad)
    await stdin.drain()
    text = "import torch\ntorch.chunk(x, 2)\n"
    uri = session.open("after.py", text)
    hover = await session.hover(uri, utf16_position(text, "chunk", 1))
    assert hover is not None and "chunk" in hover.contents.value


@pytest.mark.asyncio
async def test_tcp_mode_and_log_file(tmp_path, notes):
    """`serve --tcp HOST:PORT --log-file F`: the same server on a socket; stdout stays silent."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = tmp_path / "server.log"
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "notesense",
        "serve",
        "--tcp",
        f"127.0.0.1:{port}",
        "--log-file",
        str(log),
        "-v",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        for _ in range(100):
            try:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                break
            except OSError:
                await asyncio.sleep(0.1)
        else:
            raise AssertionError("the server never listened")
        body = json.dumps(
            {
                "jsonrpc": "2.0",
                "id": 1,
                "method": "initialize",
                "params": {
                    "processId": None,
                    "rootUri": None,
                    "capabilities": {},
                    "initializationOptions": {"notes": [str(notes)]},
                },
            }
        ).encode()
        writer.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        await writer.drain()
        length = 0
        while (line := await asyncio.wait_for(reader.readline(), 20)) != b"\r\n":
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        reply = json.loads(await reader.readexactly(length))
        assert reply["id"] == 1 and reply["result"]["serverInfo"]["name"] == "notesense"
        writer.close()
    finally:
        proc.terminate()
        stdout, _ = await proc.communicate()
    assert stdout == b""
    assert "notesense" in log.read_text(encoding="utf-8")


@pytest.mark.asyncio
@pytest.mark.parametrize("how", ["pulled", "pushed"])
async def test_configuration_change_turns_lint_off(start, notes, how):
    session = await start(configuration={"notes": [str(notes)]})
    await session.wait_ready()
    text = 'import pandas as pd\n\ndf = pd.read_csv("a.csv")\ndf[df.a > 1]["b"] = 0\n'
    uri = session.open("cfg.py", text)
    assert await session.diagnostics(uri)
    quiet = {"notes": [str(notes)], "lint": {"enable": False}}
    if how == "pulled":  # VS Code: a null push, then workspace/configuration
        session.client.set_configuration(quiet, section="notesense")
        pushed = None
    else:  # clients that push every section they have
        pushed = {"python": {"analysis": {}}, "notesense": quiet}
    session.client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=pushed))
    for _ in range(100):
        if not session.client.diagnostics[uri]:
            break
        await asyncio.sleep(0.05)
    assert list(session.client.diagnostics[uri]) == []


@pytest.mark.asyncio
async def test_a_large_note_folder_loads_in_a_child_and_no_other_note_answers_meanwhile(start, tmp_path):
    """Over 1 MB of notes: the cold compile runs in a child process (which itself uses the compiler's
    process pool), its progress reaches the editor, and the server then loads the warmed caches.
    While that folder loads, no hover shows a note from elsewhere: the bundled starter notes explain
    `torch.chunk` too, and used to answer in that window."""
    folder = tmp_path / "many"
    folder.mkdir()
    prose = "把张量沿某个维度切成若干块，最后一块可能更小。" * 900  # ~25 kB of UTF-8 per note
    for i in range(45):
        (folder / f"note{i:02d}.md").write_text(
            f"# 笔记 {i}\n\n## 切块 chunk {i}\n\n{prose}\n\n```python\nimport torch\n"
            f"parts_{i} = torch.chunk(x, {i + 2}, dim=0)\n```\n",
            encoding="utf-8",
        )
    session = await start(options={"notes": [str(folder)]})
    text = "import torch\n\nparts = torch.chunk(x, 2)\n"
    uri = session.open("while_loading.py", text)
    position = utf16_position(text, "chunk", 2)
    while_loading: list[str] = []
    deadline = asyncio.get_running_loop().time() + 180
    while not (await session.library_info())["ready"]:
        assert asyncio.get_running_loop().time() < deadline, "the library never became ready"
        hover = await session.hover(uri, position)
        while_loading.append(hover.contents.value if hover is not None else "")
        await asyncio.sleep(0.05)
    info = await session.wait_ready()
    assert while_loading, "no hover was sent while the folder loaded: the test saw no loading window"
    assert all(not answer or folder.as_uri() in answer for answer in while_loading), while_loading
    hover = await session.hover(uri, position)
    assert hover is not None and folder.as_uri() in hover.contents.value
    assert info["counts"].get("torch", 0) >= 45, info
    assert info["errors"] == []
    reports = [v for values in session.client.progress_reports.values() for v in values]
    messages = [r.message for r in reports if isinstance(r, types.WorkDoneProgressReport)]
    assert any(m and "note" in m for m in messages), messages
    assert isinstance(reports[-1], types.WorkDoneProgressEnd)
    assert any((tmp_path / "cache").rglob("library/*.json")), "the child filled the cache the server loaded from"


@pytest.mark.asyncio
async def test_without_settings_the_bundled_library_serves(start):
    session = await start("neovim")
    info = await session.wait_ready()
    assert info["origin"] == "bundled" and info["total"] > 0, info
    assert session.registrations == []  # nothing to watch: the bundled library does not change
