"""What the event loop does itself never waits on another thread: it reads the client's bytes itself
(`framing.LoopReader`: no reader thread to wake first), and a completion it answers reads a receiver's
kind from the line-based reader while the lint holds the file's model (`CompletionOptions.at_once`)."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from notesense.analysis.document import Document
from notesense.features.completion import CompletionOptions, complete
from notesense.library.index import Library
from notesense.library.model import Snippet, Source
from notesense.lsp.framing import MAX_BODY, FramingError, Frames, LoopReader, pollable


def frame(body: bytes) -> bytes:
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


STREAM = frame(b'{"id": 1}') + b"Content-Type: application/vscode-jsonrpc\r\n" + frame("{\"名\": 2}".encode()) + frame(b"{}")
BODIES = [b'{"id": 1}', "{\"名\": 2}".encode(), b"{}"]


def fed(data: bytes, size: int) -> tuple[list, FramingError | None]:
    frames = Frames()
    found: list = []
    for at in range(0, len(data), size):
        found += frames.feed(data[at : at + size])
    return found, frames.end()


@pytest.mark.parametrize("size", [1, 2, 7, 64, len(STREAM)])
def test_messages_are_cut_alike_however_their_bytes_arrive(size: int) -> None:
    assert fed(STREAM, size) == (BODIES, None)


@pytest.mark.parametrize(("data", "why"), [
    (b"Content-Length: abc\r\n\r\n{}", "not a byte count"),
    (b"Content-Type: application/vscode-jsonrpc\r\n\r\n{}", "without a Content-Length"),
    (b"Content-Length: %d\r\n\r\n" % (MAX_BODY + 1), "byte limit"),
    (b'{"jsonrpc": "2.0", "id": 5, "method": "shutdown"}\r\n', "not a header line"),
    (b"Content-Length: " + b"1" * 9000, "longer than"),
])
def test_a_broken_stream_is_reported_once_and_ends_the_messages(data: bytes, why: str) -> None:
    for size in (1, 5, len(data)):
        found, _ = fed(data, size)
        assert len(found) == 1 and isinstance(found[0], FramingError) and why in str(found[0])


def test_a_stream_that_ends_inside_a_message_says_so() -> None:
    for cut in (b"Content-Len", frame(b'{"id": 1}')[:-2]):
        found, end = fed(cut, 3)
        assert found == [] and isinstance(end, FramingError)


def test_a_pipe_is_read_by_the_event_loop_itself(tmp_path: Path) -> None:
    """No thread reads a pipe: each body is delivered on the loop's own thread, and the stream's end
    after them. A regular file, which the loop cannot wait on, is left to the reader thread."""
    read_end, write_end = os.pipe()
    regular = tmp_path / "in.bin"
    regular.write_bytes(STREAM)
    with os.fdopen(read_end, "rb", buffering=0) as rfile, regular.open("rb") as ffile:
        assert pollable(rfile) == read_end
        assert pollable(ffile) is None

        async def read_all() -> tuple[list, set[int], int]:
            got: list = []
            threads: set[int] = set()
            done = asyncio.Event()

            def deliver(item) -> None:
                got.append(item)
                threads.add(threading.get_ident())
                reader.done()
                if item is None:
                    done.set()

            before = threading.active_count()
            reader = LoopReader(rfile.fileno(), deliver)
            started = threading.active_count() - before

            def write() -> None:
                for at in range(0, len(STREAM), 5):
                    os.write(write_end, STREAM[at : at + 5])
                os.close(write_end)

            await asyncio.get_running_loop().run_in_executor(None, write)
            await asyncio.wait_for(done.wait(), 10)
            return got, threads, started

        loop_thread = threading.get_ident()
        got, threads, started = asyncio.run(read_all())
    assert got == [*BODIES, None]
    assert threads == {loop_thread} and started == 0


def test_a_reader_holds_back_while_its_window_is_full() -> None:
    """A client that sends faster than the server handles waits in its pipe: after `window` bodies not
    yet taken the loop stops reading, and reads on once one is taken."""
    read_end, write_end = os.pipe()
    os.write(write_end, frame(b"1") + frame(b"2"))

    async def run() -> tuple[list, list]:
        got: list = []
        reader = LoopReader(read_end, got.append, window=2)
        await asyncio.sleep(0.05)
        first = list(got)
        os.write(write_end, frame(b"3"))
        await asyncio.sleep(0.05)
        held = list(got)
        reader.done()
        await asyncio.sleep(0.05)
        reader.close()
        return first + ["|"] + held, got

    try:
        window, after = asyncio.run(run())
    finally:
        os.close(read_end)
        os.close(write_end)
    assert window == [b"1", b"2", "|", b"1", b"2"], "read on with two bodies waiting"
    assert after == [b"1", b"2", b"3"]


FILLNA = Snippet(
    id="pandas.fillna-note", context="pandas", title="fillna", source=Source("n.md", 1),
    symbols=("pandas.DataFrame.fillna",), body="df = df.fillna(0)", code="df = df.fillna(0)",
)


def test_a_completion_answered_at_once_never_waits_for_a_model_the_lint_holds() -> None:
    """While another thread queries the file's model (the lint's first evaluation of a scope can hold
    it for tens of milliseconds), a completion answered on the loop reads the receiver's kind from the
    lines; one answered in a request thread waits for the model."""
    text = "import pandas as pd\ndf = pd.read_csv('a.csv')\ndf.fi"
    doc = Document(text)
    assert doc.kinds is not None  # the model exists: queries go through its lock
    library = Library([FILLNA])
    held, release = threading.Event(), threading.Event()

    def lint() -> None:
        with doc.kinds._lock:
            held.set()
            release.wait(30)

    holder = threading.Thread(target=lint, daemon=True)
    holder.start()
    assert held.wait(10)
    answers: dict[bool, list[str]] = {}

    def ask(at_once: bool) -> threading.Thread:
        def run() -> None:
            answers[at_once] = [c.label for c in complete(library, doc, 2, 5, CompletionOptions(at_once=at_once))]

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        return thread

    try:
        at_once = ask(True)
        at_once.join(10)
        assert not at_once.is_alive(), "the completion waited for the lint's hold on the model"
        assert answers[True] == ["df.fillna"]
        waiting = ask(False)
        waiting.join(0.3)
        assert waiting.is_alive(), "the model's lock is not the one its queries take"
    finally:
        release.set()
    waiting.join(10)
    assert answers[False] == ["df.fillna"]



def session(tmp_path: Path, *args: str):
    """`loop_session.py` run in a process of its own (it drives the server's own handlers)."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "NOTESENSE_NOTES": ""}
    script = Path(__file__).with_name("loop_session.py")
    run = subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True, env=env, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_the_server_reads_a_pipe_on_its_event_loop(tmp_path: Path) -> None:
    """Served over a pipe, no reader thread runs (`framing.Pump` is for streams a loop cannot wait on)."""
    found = session(tmp_path, "reader")
    assert found["initialized"] and found["code"] == 0
    assert not [name for name in found["threads"] if name.startswith("notesense-read")], found["threads"]
    assert any(name.startswith("notesense-lint") for name in found["threads"]), "the thread names are not the server's"


def test_a_completion_whose_imports_are_known_is_answered_before_the_loop_turns_again(tmp_path: Path) -> None:
    """The completion is answered within the handling of the message that asked (no task, no thread:
    each would be another wait for the GIL while the lint holds it); a version whose import lines
    changed needs its parse first, and is answered later, off the loop."""
    at_once, parsed_first, later = session(tmp_path, "answers", str(tmp_path))
    assert at_once is not None, "the completion was not answered while its request was handled"
    assert {i["label"] for i in at_once["result"]["items"]} == {"df.fillna"}
    assert parsed_first is None, "a version whose imports changed was answered before its parse"
    assert later is not None and {i["label"] for i in later["result"]["items"]} == {"df.fillna"}


def test_an_opened_file_s_first_completion_is_made_before_it_is_asked_for(tmp_path: Path) -> None:
    """Once the library is loaded, opening a file makes its first completion after each imported name
    in the load thread (`completion.warm`): the notes of `pd.`'s members are ranked before any request."""
    ranked = session(tmp_path, "warmed", str(tmp_path))
    assert any(symbol.startswith("pandas.") for symbol in ranked), ranked
