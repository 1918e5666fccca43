"""One parse per document version in the server: lint, hover and completion on a version share the
parse of it (the semantic-model issue). `ast.parse` is counted inside the real server process."""

from __future__ import annotations

import asyncio
import hashlib
import os
import time
from pathlib import Path

import pytest
from lsp_helpers import Session, utf16_position
from lsprotocol import types
from test_typing import TYPED, fixes_for

# logs each `ast.parse` in the server (and in its worker process: the pid says which): how many blank lines pad the text (`analysis.recover` numbers a
# batch's lines so), a digest of the text after them, and its first line
COUNTER = '''\
import ast
import hashlib
import os

_parse = ast.parse


def _counted(source, *args, **kwargs):
    text = source.decode("utf-8", "replace") if isinstance(source, bytes) else str(source)
    code = text.lstrip("\\n")
    with open(os.environ["NOTESENSE_PARSE_LOG"], "a", encoding="utf-8") as log:
        log.write(f"{os.getpid()}\\t{len(text) - len(code)}\\t{hashlib.sha1(code.encode()).hexdigest()}\\t{code.partition(chr(10))[0]}\\n")
    return _parse(source, *args, **kwargs)


ast.parse = _counted
os.getloadavg = lambda: (0.0, 0.0, 0.0)  # a core idle: a large file's lint is split with the worker (`analysis.worker.idle_core`)
'''


async def counting_session(start, notes: Path, tmp_path: Path, **kwargs) -> tuple[Session, Path]:
    """A ready server that logs each `ast.parse` it makes (`COUNTER`) to the file returned with it."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(COUNTER, encoding="utf-8")
    log = tmp_path / "parses.log"
    env = {"PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]), "NOTESENSE_PARSE_LOG": str(log)}
    session = await start(options={"notes": [str(notes)]}, env=env, **kwargs)
    await session.wait_ready()
    return session, log


def parses(log: Path, pid: int | None = None, after: int = 0) -> list[tuple[int, str, str]]:
    """What `COUNTER` logged after its first `after` lines: (blank lines before the text, its digest,
    its first line) per parse, in process `pid` only when given."""
    rows = [row.split("\t", 3) for row in log.read_text(encoding="utf-8").splitlines()[after:]]
    return [(int(pad), sha, first) for by, pad, sha, first in rows if pid is None or int(by) == pid]


def parse_pids(log: Path) -> set[int]:
    """The processes whose parses `COUNTER` logged."""
    return {int(row.partition("\t")[0]) for row in log.read_text(encoding="utf-8").splitlines()}


def digest(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


@pytest.mark.asyncio
async def test_lint_hover_and_completion_share_one_parse_per_version(start, notes, tmp_path: Path):
    session, log = await counting_session(start, notes, tmp_path)
    versions = [TYPED, TYPED.replace('"b"] = 0', '"b"] = 1')]
    uri = session.open("counted.py", versions[0])
    for i, text in enumerate(versions):
        if i:
            session.change(uri, types.TextDocumentContentChangeWholeDocument(text=text))
        await fixes_for(session, uri, 4)  # linted: diagnostics and their fixes for this version
        hover = await session.hover(uri, utf16_position(text, "chunk(x, 3)", 2))
        assert hover is not None
        await session.complete(uri, utf16_position(text, "torch.chunk", len("torch.")))
        await session.hover(uri, utf16_position(text, "read_csv", 2))
    await asyncio.sleep(0.3)
    parsed = [sha for _, sha, _ in parses(log, session.client._server.pid)]
    assert parsed, "the counter ran in the server"
    for text in versions:
        assert parsed.count(digest(text)) == 1, f"version parsed {parsed.count(digest(text))} times"



@pytest.mark.asyncio
async def test_a_notebook_version_is_parsed_once_for_lint_hover_and_completion(start, notes, tmp_path: Path):
    """The rules and the requests read one program of the cells; an edit that adds a line to one
    cell re-parses the program once, and the cells after it keep their lines in it."""
    from notesense.analysis.cells import join, python_code, rooms
    from test_notebooks import vscode

    session, log = await counting_session(start, notes, tmp_path, capabilities=vscode())
    cells = ["import pandas as pd\nimport torch", "%matplotlib inline\ndf = pd.DataFrame()", 'x = torch.arange(10)\ndf[df.a > 1]["b"] = 0']
    nb = session.open_notebook("counted.ipynb", [("code", text) for text in cells])
    room = rooms([python_code(text) for text in cells], [None] * len(cells))
    programs = []
    for version, edited in enumerate([0, 1]):
        if version:
            cells[1] += '\ndf[df.a > 2]["c"] = 1'
            nb.replace_text(nb.cells[1], cells[1])
        programs.append(join([python_code(text) for text in cells], rooms=room).source)  # no cell moved
        deadline = time.monotonic() + 10
        while [d.code for d in session.client.diagnostics.get(nb.cells[2 - edited], [])] != ["NS101"]:
            assert time.monotonic() < deadline, session.client.diagnostics
            await asyncio.sleep(0.05)
        assert await session.hover(nb.cells[2], utf16_position(cells[2], "arange", 2)) is not None
        await session.complete(nb.cells[2], utf16_position(cells[2], "torch.arange", len("torch.")))
    await asyncio.sleep(0.3)
    parsed = [sha for _, sha, _ in parses(log)]
    for program in programs:
        assert parsed.count(digest(program)) == 1, f"program parsed {parsed.count(digest(program))} times"
