"""What keeps the server's loop answering while a large file is linted (`test_large_file` end to end):
the lint worker holds the GIL for short steps only — no C call parses or scans a whole large file or
part at once — and no request starts a thread (the pools' threads run before the first request)."""

from __future__ import annotations

import re
import sys
import threading
from itertools import accumulate
from pathlib import Path

from notesense.analysis import parts, recover
from notesense.analysis.document import Document
from notesense.lsp.pool import started_pool
from notesense.rules.pattern.index import WordScan, slices
from notesense.rules.engine import check_document

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from scaling_bench import source  # noqa: E402  (the file the scaling benchmark measures)


def test_no_parse_of_a_large_file_covers_more_than_one_batch(monkeypatch) -> None:
    """Every `ast.parse` — of its parts, of a part analysed in full, of a part repaired around the line
    being typed — takes one batch of statements (~`BATCH_LINES` lines; two, once, when an unclosed bracket
    may have been cut by the batch's end), never a part (`PART_LINES`), nor the rest of the file after
    an unclosed bracket."""
    assert parts.PART_LINES >= 4 * recover.BATCH_LINES  # else this test could not tell them apart
    sizes: list[int] = []
    original = recover._parse

    def recorded(text: str, offset: int):
        sizes.append(text.count("\n") + 1)
        return original(text, offset)

    monkeypatch.setattr(recover, "_parse", recorded)
    text = source(30_000)
    first = Document(text)
    assert first.in_parts
    assert check_document(first)
    typing = text.replace("def step_1500(path, x):\n    df = pd.read_csv(path)\n", "def step_1500(path, x):\n    df = pd.read_csv(path\n", 1)
    assert typing != text
    second = Document(typing, first)
    assert check_document(second) and second.parts[0].error is None and any(p.error for p in second.parts)
    assert sizes and max(sizes) <= 2 * recover.BATCH_LINES + 20, f"one parse of {max(sizes)} lines"


def test_identifiers_are_scanned_a_slice_at_a_time() -> None:
    """The learned rules' word gate reads a large file in slices of whole lines, and finds every identifier."""
    text = source(20_000) + "tail_name = 1\nnon_ascii = 'ｖｉｅｗ' + é_x"
    chunks = list(slices(text))
    assert "".join(c for _, c in chunks) == text and all(c.endswith("\n") for _, c in chunks[:-1])
    assert [start for start, _ in chunks] == list(accumulate((len(c) for _, c in chunks[:-1]), initial=0))
    assert len(chunks) > 4 and max(len(c.encode()) for _, c in chunks) <= 64 * 1024
    identifiers = {w.encode() for w in re.findall(r"(?<![^\x00-\x7f])[A-Za-z_]\w*", text, re.ASCII)}
    wanted = frozenset({*identifiers, b"tail_name", "é_x".encode(), "ｖｉｅｗ".encode(), b"_x", b"never_written"})
    assert WordScan(text, wanted).present == wanted - {b"_x", b"never_written"}


def _new_threads(before: set[int]) -> list[str]:
    return sorted(t.name for t in threading.enumerate() if t.ident not in before)


def test_the_server_pools_start_their_threads_when_made() -> None:
    before = {t.ident for t in threading.enumerate()}
    pool = started_pool(2, "short-holds-test")
    try:
        assert _new_threads(before) == ["short-holds-test_0", "short-holds-test_1"]
        assert pool.submit(lambda: 1).result() == 1
        assert _new_threads(before) == ["short-holds-test_0", "short-holds-test_1"]
    finally:
        pool.shutdown()
    from notesense.lsp.server import NotesenseServer

    before = {t.ident for t in threading.enumerate()}
    server = NotesenseServer()
    try:  # the library loader, the file and notebook linters, the two request threads
        assert _new_threads(before) == ["notesense-lint_0", "notesense-lint_0", "notesense-load_0",
                                        "notesense-request_0", "notesense-request_1"]
    finally:
        server.stop()
