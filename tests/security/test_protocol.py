"""The server never wedges: broken framing ends it (non-zero, so the client restarts it), the LSP
lifecycle answers what the spec says, errors carry no traceback, and notifications leave no trace."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from notesense.lsp.framing import MAX_BODY

CODE = "import torch\nx = torch.arange(10)\nparts = torch.chunk(x, 3)\n"


def opened(server, root: Path) -> str:
    uri = (root / "t.py").as_uri()
    server.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": CODE}})
    return uri


def hover(server, uri: str) -> dict:
    return server.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 2, "character": 16}})


@pytest.mark.parametrize("frame", [
    pytest.param(b"Content-Length: abc\r\n\r\n{}", id="length-not-a-number"),
    pytest.param(b"Content-Type: application/vscode-jsonrpc\r\n\r\n{}", id="length-missing"),
    pytest.param(b"Content-Length: 99999999999999\r\n\r\n{}", id="length-absurd"),
    pytest.param(b"Content-Length: %d\r\n\r\n" % (MAX_BODY + 1), id="length-over-the-cap"),
    pytest.param(b'{"jsonrpc": "2.0", "id": 5, "method": "shutdown"}\r\n', id="no-header-at-all"),
    pytest.param(b"Content-Length: 2\r\n\r\n{}}}}}\r\n\r\n", id="length-too-short-desyncs"),
])
def test_broken_framing_ends_the_server_with_a_nonzero_code(raw_server, tmp_path: Path, frame: bytes) -> None:
    server = raw_server()
    server.initialize(tmp_path / "project")
    server.write(frame)
    code = server.exit_code(timeout=10)
    assert code is not None, "the server is still running on a desynchronised stream"
    assert code == 2
    assert "broke the message framing" in server.log.read_text(encoding="utf-8")


def test_lifecycle_follows_the_spec(raw_server, tmp_path: Path) -> None:
    root = tmp_path / "project"
    server = raw_server()
    early = hover(server, (root / "t.py").as_uri())
    assert early["error"]["code"] == -32002
    server.initialize(root)
    uri = opened(server, root)
    assert "chunk" in hover(server, uri)["result"]["contents"]["value"]
    again = server.request("initialize", {"processId": None, "rootUri": root.as_uri(), "capabilities": {}})
    assert again["error"]["code"] == -32600
    assert "chunk" in hover(server, uri)["result"]["contents"]["value"], "a second initialize forgot the document"
    info = server.request("notesense/libraryInfo", with_params=False)
    assert info["result"]["total"] > 0
    assert server.request("shutdown")["result"] is None
    late = hover(server, uri)
    assert late["error"]["code"] == -32600
    server.notify("exit")
    assert server.exit_code() == 0


def test_exit_without_shutdown_is_exit_code_1(raw_server, tmp_path: Path) -> None:
    server = raw_server()
    server.initialize(tmp_path / "project")
    server.notify("exit")
    assert server.exit_code() == 1


def test_a_body_that_is_not_json_is_a_parse_error_and_the_server_goes_on(raw_server, tmp_path: Path) -> None:
    server = raw_server()
    server.initialize(tmp_path / "project")
    server.write(b"Content-Length: 9\r\n\r\n{not json")
    assert server.response(None)["error"]["code"] == -32700
    assert server.request("notesense/libraryInfo", {})["result"]["ready"] in (True, False)


def test_error_responses_carry_no_traceback(raw_server, tmp_path: Path) -> None:
    server = raw_server()
    server.initialize(tmp_path / "project")
    failed = server.request("workspace/executeCommand", {"command": "notesense.showNote", "arguments": ["bad\u0000path"]})
    error = failed["error"]
    assert error["code"] == -32603 and "data" not in error
    assert "Traceback" not in str(failed) and sys.prefix not in str(failed)
    assert "Traceback" in server.log.read_text(encoding="utf-8"), "the traceback goes to the log"


def test_memory_stays_flat_over_20000_did_change(raw_server, tmp_path: Path) -> None:
    root = tmp_path / "project"
    server = raw_server()
    server.initialize(root)
    uri = opened(server, root)

    def changes(first: int, last: int) -> None:
        for version in range(first, last):
            server.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"text": CODE + f"# {version}\n"}],
            })
        server.request("notesense/libraryInfo", {}, timeout=120)  # answered once all before it were handled

    changes(2, 3002)
    before = server.rss_kb()
    changes(3002, 20002)
    grown = server.rss_kb() - before
    assert grown < 6 * 1024, f"RSS grew {grown} KB over 17,000 didChange notifications"


def test_the_pygls_internals_the_protocol_relies_on_are_still_there() -> None:
    """`server.Protocol` uses pygls internals for what pygls has no public hook for: it extends
    `_execute_handler` (to forget finished futures) and `_send_handler_result` (a handler's coroutine
    answers later), reads `_request_futures` and `_shutdown`, and sends lifecycle errors with
    `_send_response`. A pygls upgrade that changes them fails here."""
    import inspect

    from pygls.protocol import JsonRPCProtocol, LanguageServerProtocol

    from notesense.lsp.server import Protocol, server

    assert list(inspect.signature(JsonRPCProtocol._execute_handler).parameters) == [
        "self", "msg_id", "handler", "callback", "args", "kwargs"]
    assert list(inspect.signature(JsonRPCProtocol._send_response).parameters)[:4] == ["self", "msg_id", "result", "error"]
    assert list(inspect.signature(JsonRPCProtocol._send_handler_result).parameters) == ["self", "future", "msg_id"]
    protocol = server.protocol
    assert isinstance(protocol, Protocol) and isinstance(protocol, LanguageServerProtocol)
    assert isinstance(protocol._request_futures, dict) and protocol._shutdown is False
    assert Protocol._serialize_message is JsonRPCProtocol._serialize_message, "serialising goes through the converter"
    assert Protocol.structure_message is JsonRPCProtocol.structure_message


def test_a_load_cut_short_by_shutdown_shows_no_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """VS Code restarts the server when a setting or the workspace trust changes, often while notes
    are still loading: a load that `shutdown` cuts short (its worker pools closed) is not an error to
    pop up. Deterministic: the load starts after `stop`."""
    import asyncio

    from notesense.lsp.server import NotesenseServer

    server = NotesenseServer()
    shown: list[str] = []
    monkeypatch.setattr(server, "window_show_message", lambda params: shown.append(params.message))
    server.stop()
    asyncio.run(server.reload())
    assert shown == []


def test_shutdown_while_notifications_are_in_flight_is_answered(raw_server, tmp_path: Path) -> None:
    """`shutdown` cancels the handlers still running; their futures leave `_request_futures` later,
    on the loop, never while pygls iterates over it (which failed the shutdown request)."""
    notes = tmp_path / "notes"
    notes.mkdir()
    for i in range(200):
        (notes / f"n{i}.md").write_text(f"# 笔记 {i}\n\n```python\nimport torch\np{i} = torch.chunk(x, {i + 2})\n```\n",
                                        encoding="utf-8")
    server = raw_server()
    root = tmp_path / "project"
    server.request("initialize", {"processId": None, "rootUri": root.as_uri(), "capabilities": {},
                                  "initializationOptions": {"notes": [str(notes)]}})
    server.notify("initialized", {})
    opened(server, root)
    stopped = server.request("shutdown")
    assert stopped.get("result", "error") is None, stopped
    server.notify("exit")
    assert server.exit_code() == 0
