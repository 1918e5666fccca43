"""`notesense serve --stdio` with a clock on each request: from the moment its message is handed to the
protocol (read complete) to the moment its answer is written (write complete). `lsp_bench.py
--server-clock` runs the server through this; the spans go as JSON ({method: [ms, ...]}, in order) to
the file $NOTESENSE_SERVER_CLOCK when `shutdown` arrives. Next to the bench client's wall-clock figure
they show how much of it is the server's: the rest is the client, the pipes and the scheduler.

    python benchmarks/server_clock.py        (the environment of `notesense serve`, PYTHONPATH included)
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any


def install(out: Path) -> None:
    """Wrap the server's protocol so that every request's span is kept, and written at `shutdown`."""
    from notesense.lsp.server import Protocol

    spans: dict[str, list[float]] = {}
    begun: dict[Any, tuple[str, float]] = {}
    receive, handle, send = Protocol.receive, Protocol.handle_message, Protocol._send_response
    read_at = [0.0]

    def timed_receive(self: Protocol, body: bytes) -> None:
        read_at[0] = time.perf_counter()
        receive(self, body)

    def timed_handle(self: Protocol, message: Any) -> None:
        method, msg_id = getattr(message, "method", None), getattr(message, "id", None)
        if method == "shutdown":
            out.write_text(json.dumps(spans), encoding="utf-8")
        elif method is not None and msg_id is not None:
            begun[msg_id] = (method, read_at[0])
        handle(self, message)

    def timed_send(self: Protocol, msg_id: Any, result: Any = None, error: Any = None) -> None:
        try:
            send(self, msg_id, result, error)
        finally:
            if (start := begun.pop(msg_id, None)) is not None:
                spans.setdefault(start[0], []).append((time.perf_counter() - start[1]) * 1000)

    Protocol.receive, Protocol.handle_message, Protocol._send_response = timed_receive, timed_handle, timed_send


def main() -> int:
    from notesense.lsp import command

    install(Path(os.environ["NOTESENSE_SERVER_CLOCK"]))
    parser = argparse.ArgumentParser()
    command.register(parser.add_subparsers())
    args = parser.parse_args(["serve", "--stdio", *sys.argv[1:]])
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
