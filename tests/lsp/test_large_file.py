"""A 50,000-line file in the server: lint runs in its own worker, so a hover — in that file or in
another one — is answered within 100 ms while the file is re-linted after three keystrokes;
diagnostics of the last keystroke arrive within 2 s of it; memory stays ≤ 150 MB (the file is analysed
in parts, never as one 150 MB tree).

The keystrokes are sent as editors send them, incremental changes (the server asks for those): as
three whole-document changes, 4.5 MB of JSON, the first hover waits behind their transfer and reading
(on a 2-core machine at load 7 it took 112 and 191 ms, where every hover after it took at most 89 ms).

100 ms holds on a machine with a core for every runnable process. On an oversubscribed one every thread
hop of a request waits for a core, and the lint thread, preempted while it holds the GIL, stalls the
request threads until the OS runs it again: measured on 2 cores at load 5-7 (three CPU burners beside
other work), the slowest hover of a run took 64-109 ms (before the lint paused for requests: 89-314 ms),
at load 10-12 up to 324 ms. So the bounds (100 ms for a hover, 2 s for the diagnostics) are times the
load per core when that is over 1; a lint that blocked the hovers would still miss the hover bound by
far (the re-lint takes 0.5 s quiet, 2-3 s at load 10)."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path

import pytest
from lsp_helpers import code_actions, utf16_position
from lsprotocol import types
from test_one_parse import counting_session, parse_pids, parses

from notesense.analysis.document import Document
from notesense.analysis.worker import split_line

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from large_edit_bench import typed_line  # noqa: E402  (the edit the large-file benchmark times)
from scaling_bench import source  # noqa: E402  (the file the scaling benchmark measures)

HOVER_BOUND = 0.1  # seconds, with a core for every runnable process (see the module docstring)
DIAGNOSTICS_BOUND = 2.0


def memory_mb(pid: int, field: str) -> int:
    status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    return int(status.split(f"{field}:")[1].split()[0]) // 1024


@pytest.mark.asyncio
async def test_a_50000_line_file_while_it_is_being_linted(start, notes):
    session = await start(options={"notes": [str(notes)]})
    await session.wait_ready()
    text = source(50_000)
    assert text.count("\n") >= 50_000
    uri = session.open("long.py", text)
    last = text.count("\n") - 2
    await session.diagnostics(uri, timeout=180)  # the first, cold lint of the whole file
    other_text = "import torch\nhalves = torch.chunk(torch.arange(6), 2)\n"
    other = session.open("other.py", other_text)
    assert text.count('["b"] = 0\n') == 1
    line = text[: text.index('["b"] = 0\n')].count("\n")
    col = text.split("\n")[line].index('["b"] = ') + len('["b"] = ')
    written = "0"
    for typed in ("1", "12", "123"):  # three keystrokes, each a new version to re-lint
        at = types.Range(start=types.Position(line=line, character=col), end=types.Position(line=line, character=col + len(written)))
        session.change(uri, types.TextDocumentContentChangePartial(range=at, text=typed))
        written = typed
    edited = text.replace('["b"] = 0\n', '["b"] = 123\n')
    edit_done = time.monotonic()
    hovers: list[float] = []
    fixed_in = None
    while time.monotonic() - edit_done < 30:
        for where, shown in ((uri, edited), (other, other_text)):
            asked = time.monotonic()
            hover = await session.hover(where, utf16_position(shown, "chunk(", 2))
            hovers.append(time.monotonic() - asked)
            assert hover is not None and "切成若干块" in hover.contents.value
        diagnostics = [d for d in session.client.diagnostics[uri] if d.code == "NS101"]
        actions = await code_actions(session, uri, diagnostics[0].range, diagnostics) if diagnostics else []
        if any(a.get("kind") == "quickfix" and "edit" in a for a in actions):  # offered only for the linted version
            fixed_in = time.monotonic() - edit_done
            break
        await asyncio.sleep(0.02)
    pid = session.client._server.pid
    print(f"diagnostics of the edit after {fixed_in} s; slowest of {len(hovers)} hovers {max(hovers) * 1000:.0f} ms; "
          f"RSS {memory_mb(pid, 'VmRSS')} MB, peak {memory_mb(pid, 'VmHWM')} MB")
    load = os.getloadavg()[0]
    oversubscribed = max(1.0, load / (os.cpu_count() or 1))
    assert fixed_in is not None and fixed_in <= DIAGNOSTICS_BOUND * oversubscribed, f"diagnostics for the edit after {fixed_in} s (load {load})"
    assert diagnostics[0].range.start.line == last
    assert max(hovers) <= HOVER_BOUND * oversubscribed, f"hovers took up to {max(hovers) * 1000:.0f} ms while linting (load {load})"
    assert memory_mb(pid, "VmHWM") <= 150, f"peak {memory_mb(pid, 'VmHWM')} MB"


def parses_of(log: Path, text: str, pid: int | None = None, after: int = 0) -> list[tuple[int, str]]:
    """The parses of pieces of `text` logged after the first `after` parses (a piece's first line is
    the file's line it starts on), in process `pid` only when given: (0-based line, digest) each."""
    lines = text.split("\n")
    return [(at, sha) for at, sha, first in parses(log, pid, after) if at < len(lines) and lines[at] == first and first.strip()]


@pytest.mark.asyncio
async def test_each_statement_of_a_large_file_is_parsed_once_per_version(start, notes, tmp_path: Path):
    """Opened, a 50,000-line file is parsed part by part and each part is analysed while its tree is
    alive: no piece of it is parsed twice in a process (not by a warm-up parse before the lint, not
    again because the trees of 20 parts cannot all be kept for their analysis). The server parses
    only the parts above the split (`analysis.worker.SERVER_SHARE`), its worker process only those
    below (each gets the other's as rows, and parses of them only the statements its parts reach:
    here the two imports). A line typed in the middle then parses the part it is in, once, in the
    process whose part it is."""
    session, log = await counting_session(start, notes, tmp_path)
    server = session.client._server.pid
    text = source(50_000)
    lines = text.split("\n")
    uri = session.open("long.py", text)
    assert [d.code for d in await session.diagnostics(uri, timeout=180)] == ["NS101"]
    logged = len(parses(log))
    workers = parse_pids(log) - {server}
    assert len(workers) == 1, f"parsed in processes {parse_pids(log)}, server {server}"
    for pid in (server, *workers):
        opened = parses_of(log, text, pid)
        assert len(opened) == len(set(opened)), f"{len(opened) - len(set(opened))} pieces of the file parsed twice in {pid}"
    in_server = parses_of(log, text, server)
    split = split_line(text)
    # the server parses its parts BATCH_LINES at a time (requests are answered in between), the worker
    # each of its parts in one call (`Document` alone)
    assert sum(1 for at, _ in in_server if lines[at].startswith("def step_")) > 40, "the server parsed the parts above the split"
    assert max(at for at, _ in in_server) < split + 3000, "the server parsed the parts below the split"
    below = Document(text).split_at(split)[1]
    for pid in workers:
        assert {at for at, _ in parses_of(log, text, pid) if at < split - 3000} <= {0, 1}, "the worker parsed the server's parts"
        assert {start for start, _ in below} <= {at for at, _ in parses_of(log, text, pid)}, "the worker parsed every part below the split"
    typed = typed_line(text)
    session.change(uri, types.TextDocumentContentChangeWholeDocument(text=typed))
    deadline = time.monotonic() + 60
    while [d.range.start.line for d in session.client.diagnostics[uri]] != [typed.count("\n") - 2]:
        assert time.monotonic() < deadline, "no diagnostics for the typed line"
        await asyncio.sleep(0.05)
    assert parses_of(log, typed, after=logged), "the part typed in was not parsed"
    for pid in (server, *workers):
        edited = parses_of(log, typed, pid, after=logged)
        assert len(edited) == len(set(edited)), f"the part typed in was parsed twice in {pid}"
        assert len(edited) <= 6, f"{len(edited)} pieces parsed for one line typed in {pid}"  # one part: ~5 batches


@pytest.mark.asyncio
async def test_the_first_diagnostics_of_a_large_file_come_part_by_part(start, notes):
    """Opened, a 50,000-line file shows the findings of its first parts as soon as they are analysed
    (nothing of it is shown yet, so nothing goes missing meanwhile), before its last part is even
    parsed; the end of the run then publishes every finding of the file."""
    session = await start(options={"notes": [str(notes)]})
    await session.wait_ready()
    lines = source(50_000).split("\n")
    text = "\n".join(lines[:2] + ['top = pd.read_csv("t.csv")', 'top[top.a > 1]["b"] = 0'] + lines[2:])
    uri = session.open("long.py", text)
    shown: list[list[int]] = []
    deadline = time.monotonic() + 180
    while not shown or len(shown[-1]) < 2:
        assert time.monotonic() < deadline, f"diagnostics shown: {shown}"
        now = [d.range.start.line for d in session.client.diagnostics.get(uri, [])]
        if now and (not shown or now != shown[-1]):
            shown.append(now)
        await asyncio.sleep(0.01)
    assert shown[0] == [3], f"first shown: {shown[0]}"  # the first part's finding, alone
    assert shown[-1] == [3, text.count("\n") - 2]


def test_a_large_file_opened_while_the_library_loads_prepares_its_first_lint(monkeypatch) -> None:
    """Its lint waits for the library load; meanwhile the lint thread reads what the lint needs that
    does not depend on the user's notes (the rules, the bundled notes' pitfalls), and starts the
    worker process, which parses the parts below the split (`PartsWorker.parse_ahead`), so that the
    lint starts on the file as soon as the load ends. A small file's open prepares nothing."""
    from notesense.lsp.documents import Snapshot
    from notesense.lsp.server import NotesenseServer
    from notesense.rules import learned

    monkeypatch.setattr(os, "getloadavg", lambda: (0.0, 0.0, 0.0))  # a core idle for the worker
    server = NotesenseServer()
    texts = {"file:///small.py": "import torch\n", "file:///long.py": source(21_000)}
    monkeypatch.setattr(server, "snapshot", lambda uri: Snapshot(uri, 1, texts[uri]))
    learned.bundled_pitfalls.cache_clear()
    try:
        assert not server._lint_ready.is_set()
        for uri in texts:  # didOpen before the first load ended
            server.lint(uri)
            server.linter._worker.submit(lambda: None).result(60)  # what the lint thread was given is done
            read = learned.bundled_pitfalls.cache_info().currsize
            assert read == (uri == "file:///long.py"), uri
            assert (server.linter._parts is not None) == read, "the worker is started for the large file only"
        assert learned.bundled_pitfalls(), "the bundled notes have pitfalls"
        assert not server.linter.results, "nothing was linted before the load"
        assert server.linter._parts.pid() is not None
    finally:
        server.linter.shutdown()
        server.loader.shutdown()
