"""A raw LSP client over pipes, for what a well-behaved client library cannot send: broken framing,
requests out of order, tens of thousands of notifications as fast as the pipe takes them."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # importlib mode: make old_caches importable

SERVER = [sys.executable, "-m", "notesense", "serve"]


class RawServer:
    """`python -m notesense serve` on pipes; messages are read in a thread into a queue."""

    def __init__(self, tmp_path: Path, env: dict[str, str | None] | None = None) -> None:
        """`env` overrides the environment; a None value removes the variable."""
        self.log = tmp_path / "server.log"
        server_env = {k: v for k, v in os.environ.items() if k != "NOTESENSE_NOTES"}
        server_env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
        for name, value in (env or {}).items():
            if value is None:
                server_env.pop(name, None)
            else:
                server_env[name] = value
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(SERVER + ["-v"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log,
                                         env=server_env, cwd=tmp_path)
        self.inbox: queue.Queue[dict[str, Any]] = queue.Queue()
        self.received: list[dict[str, Any]] = []  # every message from the server, in order
        self._next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.proc.stdout
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    return
                if not line.strip():
                    break
                name, _, value = line.decode().partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            message = json.loads(stream.read(length))
            self.received.append(message)
            self.inbox.put(message)

    def write(self, raw: bytes) -> None:
        self.proc.stdin.write(raw)
        self.proc.stdin.flush()

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        self.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def notify(self, method: str, params: Any = None) -> None:
        self.send({"method": method, **({} if params is None else {"params": params})})

    def request(self, method: str, params: Any = None, *, with_params: bool = True, timeout: float = 20) -> dict:
        """Send a request and return its response (other messages are skipped)."""
        self._next_id += 1
        msg_id = self._next_id
        self.send({"id": msg_id, "method": method, **({"params": params} if with_params else {})})
        return self.response(msg_id, timeout)

    def response(self, msg_id: Any, timeout: float = 20) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            try:
                message = self.inbox.get(timeout=max(deadline - time.monotonic(), 0.01))
            except queue.Empty:
                raise AssertionError(f"no response to {msg_id!r} within {timeout} s") from None
            if "method" in message and "id" in message:  # a request from the server: answer it
                self.send({"id": message["id"], "result": None})
            elif message.get("id") == msg_id and "method" not in message:
                return message

    def initialize(self, root: Path, options: dict | None = None) -> dict:
        """`initialize` and `initialized`, then wait until the library has loaded."""
        result = self.request("initialize", {"processId": None, "rootUri": root.as_uri(), "capabilities": {},
                                             "initializationOptions": options or {}})
        self.notify("initialized", {})
        deadline = time.monotonic() + 60
        while not self.request("notesense/libraryInfo", {})["result"]["ready"]:
            assert time.monotonic() < deadline, "the library never loaded"
            time.sleep(0.05)
        return result

    def exit_code(self, timeout: float = 10) -> int | None:
        """The server's exit code once it has ended, None if it is still running after `timeout`."""
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def rss_kb(self) -> int:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise AssertionError("no VmRSS")

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture
def raw_server(tmp_path: Path):
    """`raw_server(env=None)` → a started RawServer; every one is killed at the end."""
    started: list[RawServer] = []

    def start(env: dict[str, str | None] | None = None) -> RawServer:
        (tmp_path / "project").mkdir(exist_ok=True)
        server = RawServer(tmp_path, env)
        started.append(server)
        return server

    yield start
    for server in started:
        server.close()
