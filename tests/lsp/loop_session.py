"""The server in this process, for what a client cannot see (`test_on_the_loop.py`); prints JSON.

    python loop_session.py answers WORKDIR   what the protocol had written when each completion
                                             request had been handled (messages given one by one)
    python loop_session.py reader            the threads serving a session over a pipe
    python loop_session.py warmed WORKDIR    the symbols ranked after a didOpen, no request asked
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import threading
from pathlib import Path

from notesense.lsp.framing import Frames
from notesense.lsp.server import server

SNIPPETS = Path(__file__).resolve().parents[1] / "knowledge" / "fixtures" / "snippets"
TEXT = "import pandas as pd\ndf = pd.read_csv('a.csv')\ndf.fi"


class Written:
    """The server's output stream, cut into the messages it wrote."""

    def __init__(self) -> None:
        self._frames = Frames()
        self.messages: list[dict] = []

    def write(self, data: bytes) -> None:
        self.messages += [json.loads(body) for body in self._frames.feed(data)]

    def close(self) -> None:
        pass

    def answer(self, msg_id: int) -> dict | None:
        return next((m for m in self.messages if m.get("id") == msg_id and "method" not in m), None)


def send(msg_id: int | None, method: str, params: dict) -> None:
    message = {"jsonrpc": "2.0", "method": method, "params": params}
    server.protocol.receive(json.dumps(message if msg_id is None else {**message, "id": msg_id}).encode())


async def session(workdir: Path, out: Written) -> list[dict | None]:
    uri = (workdir / "a.py").as_uri()

    def complete_at(msg_id: int, line: int) -> None:
        send(msg_id, "textDocument/completion", {"textDocument": {"uri": uri}, "position": {"line": line, "character": 5}})

    send(1, "initialize", {"processId": None, "rootUri": workdir.as_uri(), "capabilities": {},
                           "initializationOptions": {"snippets": [str(SNIPPETS)]}})
    send(None, "initialized", {})
    await asyncio.wait_for(server.loader.ready.wait(), 120)
    send(None, "textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": TEXT}})
    while server.documents.at_hand(server.snapshot(uri)) is None:  # didOpen parses it in a thread
        await asyncio.sleep(0.01)
    complete_at(2, 2)
    at_once = out.answer(2)
    send(None, "textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                          "contentChanges": [{"text": "import numpy as np\n" + TEXT}]})
    complete_at(3, 3)
    parsed_first = out.answer(3)
    for _ in range(6000):
        if out.answer(3) is not None:
            break
        await asyncio.sleep(0.01)
    return [at_once, parsed_first, out.answer(3)]


async def warming(workdir: Path) -> list[str]:
    """Open a file once the library is loaded, ask nothing: the symbols whose notes the server then
    ranked by itself (in the load thread: `completion.warm`)."""
    uri = (workdir / "a.py").as_uri()
    send(1, "initialize", {"processId": None, "rootUri": workdir.as_uri(), "capabilities": {},
                           "initializationOptions": {"snippets": [str(SNIPPETS)]}})
    send(None, "initialized", {})
    await asyncio.wait_for(server.loader.ready.wait(), 120)
    library = server.loader.library
    send(None, "textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": TEXT}})
    for _ in range(3000):
        if library._ranked_cache:
            break
        await asyncio.sleep(0.01)
    return sorted(key.split("\0", 1)[1] for key in library._ranked_cache)


def warmed(workdir: Path) -> list[str]:
    server.protocol.set_writer(Written())
    try:
        return asyncio.run(warming(workdir))
    finally:
        server.stop()


def answers(workdir: Path) -> list[dict | None]:
    out = Written()
    server.protocol.set_writer(out)
    try:
        return asyncio.run(session(workdir, out))
    finally:
        server.stop()


def frame(message: dict) -> bytes:
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def reader() -> dict:
    """Serve initialize, shutdown and exit over a pipe; the names of the threads running while the
    server waited for them, and its exit code. (The caller ends the process as the server does: a
    reader thread, if there were one, would still wait on the pipe.)"""
    read_end, write_end = os.pipe()
    out_read, out_write = os.pipe()
    result: dict = {}
    rfile, wfile = os.fdopen(read_end, "rb"), os.fdopen(out_write, "wb")
    serving = threading.Thread(target=lambda: result.update(code=server.start_io(rfile, wfile)), name="serving")
    serving.start()
    os.write(write_end, frame({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                               "params": {"processId": None, "rootUri": None, "capabilities": {}}}))
    result["initialized"] = b'"id": 1' in os.read(out_read, 65536)
    result["threads"] = sorted(t.name for t in threading.enumerate())
    os.write(write_end, frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}) + frame({"jsonrpc": "2.0", "method": "exit"}))
    serving.join(60)
    return result


if __name__ == "__main__":
    mode = sys.argv[1]
    print(json.dumps(answers(Path(sys.argv[2])) if mode == "answers" else warmed(Path(sys.argv[2])) if mode == "warmed"
                     else reader()), flush=True)
    os._exit(0)
