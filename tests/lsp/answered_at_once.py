"""Drives the server's protocol in this process, message by message, and prints as JSON what it had
written when each completion request had been handled (`test_on_the_loop.py`).

    python answered_at_once.py WORKDIR
"""

from __future__ import annotations

import asyncio
import json
import sys
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


def main() -> None:
    out = Written()
    server.protocol.set_writer(out)
    try:
        found = asyncio.run(session(Path(sys.argv[1]), out))
    finally:
        server.stop()
    print(json.dumps(found))


if __name__ == "__main__":
    main()
