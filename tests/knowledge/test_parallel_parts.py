"""A large file's lower parts parsed and analysed in a worker process (`analysis.worker`): the same
findings as the lint in one process, each process parses only its own parts (the other's come as
rows), and the lint completes in-process when the worker cannot start or dies. The worker is a real spawned process (thresholds cannot be
patched into it): these files are above `LARGE_LINES`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from test_parts import large_source

from notesense.analysis import recover
from notesense.analysis import worker as worker_module
from notesense.analysis.document import Document
from notesense.analysis.parts import part_from_row, part_to_row, spelled_by
from notesense.analysis.worker import PartsWorker
from notesense.library.index import Library
from notesense.rules.engine import check_document

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from large_edit_bench import typed_line  # noqa: E402
from scaling_bench import source  # noqa: E402


@pytest.fixture(autouse=True)
def quiet_machine(monkeypatch) -> None:
    """A core idle for the worker, whatever else runs on the machine while the tests do (`worker.idle_core`)."""
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    monkeypatch.setattr(os, "getloadavg", lambda: (0.0, 0.0, 0.0))


@pytest.fixture(scope="module")
def parts_worker():
    worker = PartsWorker()
    yield worker
    worker.stop()


@pytest.fixture(scope="module")
def library() -> Library:
    return Library([])


def both(text: str, library: Library, worker: PartsWorker, previous: tuple[Document, Document] | None = None):
    """(in one process, split with the worker), each a new version of `previous`'s when given."""
    alone = Document(text, previous[0] if previous else None)
    split = Document(text, previous[1] if previous else None)
    return alone, check_document(alone, library=library), split, check_document(split, library=library, parallel=worker)


def test_the_split_lint_finds_what_one_process_finds_on_the_scaling_file(parts_worker, library, monkeypatch) -> None:
    text = source(50_000)
    analysed = parts_worker.parts_analysed
    alone = Document(text)
    found = check_document(alone, library=library)
    parsed: list[int] = []  # the first line of each piece this process parses
    original = recover._parse_unit
    monkeypatch.setattr(recover, "_parse_unit", lambda lines, start, *a, **k: parsed.append(start) or original(lines, start, *a, **k))
    split = Document(text)
    found_split = check_document(split, library=library, parallel=parts_worker)
    monkeypatch.undo()
    assert [f.code for f in found] == ["NS101"] and found_split == found  # same fixes, notes, positions
    lower = split.split_at(worker_module.split_line(text))[1][0][0]
    assert parts_worker.parts_analysed - analysed >= 5, "the lower parts were analysed in the worker"
    assert parsed and max(parsed) < lower, "the server parsed only the parts above the split"
    assert len(split.parts) == len(alone.parts) and all(p.start == q.start for p, q in zip(split.parts, alone.parts))
    for edit in (typed_line(text), text.replace('["b"] = 0\n', '["b"] = 1\n')):  # the next versions reuse both sides' parts
        alone, found, split, found_split = both(edit, library, parts_worker, (alone, split))
        assert found_split == found and found


def test_parts_that_need_each_other_across_the_split(parts_worker, library) -> None:
    """Upper parts call loaders defined below the split and read a frame bound at the top; lower
    parts read it too, and a module-level `if` below may rebind it; an import comes last: each process
    analyses its own parts, reading the other's context statements it reaches from their rows (the
    barriers, the imports), and the findings are those of one process — also after edits that change what the parts
    show each other (a new module-level name below the split: every upper part is analysed again)."""
    text = large_source(4200) + textwrap.dedent('''
        if BASE is None:
            BASE = pd.read_csv("again.csv")

        def late_use(rows):
            BASE["c"][rows] = 1
            return BASE.append(BASE)

        import numpy as np
    ''')
    analysed = parts_worker.parts_analysed
    alone, found, split, found_split = both(text, library, parts_worker)
    assert {f.code for f in found} == {"NS101", "NS102", "NS202"}
    assert found_split == found
    assert parts_worker.parts_analysed > analysed
    lines = text.split("\n")
    below = int(len(lines) * 0.9)
    for edit in (text.replace('BASE["c"][rows] = 1', 'BASE["c"][rows] = 2'),
                 "\n".join(lines[:below] + ["LATE = pd.DataFrame()"] + lines[below:])):
        alone, found, split, found_split = both(edit, library, parts_worker, (alone, split))
        assert found_split == found


def test_upper_parts_are_analysed_in_the_server_between_every_part(parts_worker, library, monkeypatch) -> None:
    """A name bound below the split, new in the next version, changes what the parts show each
    other: the upper parts are analysed again in the server, between every part (the lower ones
    as rows from the worker)."""
    text = source(40_000)
    lines = text.split("\n")
    edit = "\n".join(lines[:-40] + ["LATE = pd.DataFrame()"] + lines[-40:])
    alone, _, split, _ = both(text, library, parts_worker)
    views = []
    original = Document.part_view
    monkeypatch.setattr(Document, "part_view", lambda self, parts, index, *a: views.append((len(parts), index)) or original(self, parts, index, *a))
    split = Document(edit, split)
    found_split = check_document(split, library=library, parallel=parts_worker)
    monkeypatch.undo()
    assert found_split == check_document(Document(edit), library=library) and found_split
    upper = [index for count, index in views if count == len(split.parts)]
    assert len(upper) >= 5 and max(upper) < split.split_at(worker_module.split_line(edit))[0], "the upper parts were analysed in the server"


def test_with_no_core_idle_the_lint_stays_in_one_process(parts_worker, library, monkeypatch) -> None:
    """More processes runnable than cores (or one core): the split would only add the worker's CPU."""
    text = source(25_000)
    reference = check_document(Document(text), library=library)
    for cores, load in ((2, 2.5), (1, 0.0)):
        monkeypatch.setattr(os, "sched_getaffinity", lambda pid, n=cores: set(range(n)))
        monkeypatch.setattr(os, "getloadavg", lambda load=load: (load, load, load))
        analysed = parts_worker.parts_analysed
        doc = Document(text)
        assert check_document(doc, library=library, parallel=parts_worker) == reference
        assert parts_worker.parts_analysed == analysed and doc.parts is not None, "linted in one process"
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    monkeypatch.setattr(os, "getloadavg", lambda: (1.5, 1.5, 1.5))
    analysed = parts_worker.parts_analysed
    assert check_document(Document(text), library=library, parallel=parts_worker) == reference
    assert parts_worker.parts_analysed > analysed, "a core idle: split"


def test_a_worker_that_dies_leaves_the_lint_in_process(library) -> None:
    text = source(25_000)
    worker = PartsWorker()
    try:
        reference = check_document(Document(text), library=library)
        assert check_document(Document(text), library=library, parallel=worker) == reference
        os.kill(worker.pid(), signal.SIGKILL)  # between two versions
        time.sleep(0.2)
        doc = Document(text)
        assert check_document(doc, library=library, parallel=worker) == reference
        assert doc.parts is not None and worker.deaths >= 1
    finally:
        worker.stop()


def test_a_worker_that_cannot_start_leaves_the_lint_in_process(library, monkeypatch) -> None:
    import multiprocessing

    def refused(method):
        raise OSError("no processes here")

    monkeypatch.setattr(multiprocessing, "get_context", refused)
    text = source(25_000)
    worker = PartsWorker()
    doc = Document(text)
    assert check_document(doc, library=library, parallel=worker) == check_document(Document(text), library=library)
    assert worker.pid() is None and worker.parts_analysed == 0


def test_the_worker_dies_with_its_parent(tmp_path: Path) -> None:
    """No orphan: the server killed (no cleanup of its own runs), its worker exits within seconds."""
    script = tmp_path / "parent.py"
    script.write_text(textwrap.dedent('''
        import os, sys, time
        from notesense.analysis.worker import PartsWorker

        if __name__ == "__main__":
            os.sched_getaffinity, os.getloadavg = lambda pid: {0, 1}, lambda: (0.0, 0.0, 0.0)  # a core idle
            worker = PartsWorker()
            assert worker.start()
            print(worker.pid(), flush=True)
            time.sleep(60)
    '''), encoding="utf-8")
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True, env=os.environ.copy())
    try:
        child = int(parent.stdout.readline())
        assert Path(f"/proc/{child}").exists()
        parent.kill()
        parent.wait()
        deadline = time.monotonic() + 5
        while _running(child) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _running(child), "the worker outlived the server"
    finally:
        parent.kill()


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_a_text_parsed_ahead_is_not_parsed_again_for_its_lint(library, tmp_path: Path, monkeypatch) -> None:
    """Opened while the library loads, a large file's parts below the split are parsed in the worker
    ahead of its lint (`PartsWorker.parse_ahead`): the lint's request finds them parsed — no piece of
    the file is parsed twice in the worker, none of the server's parts is parsed there but the two
    imports its parts reach — and the findings are one process's."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "lsp"))
    from test_one_parse import COUNTER  # logs each parse with its process

    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(COUNTER, encoding="utf-8")
    log = tmp_path / "parses.log"
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]))
    monkeypatch.setenv("NOTESENSE_PARSE_LOG", str(log))
    text = source(50_000)
    lines = text.split("\n")
    worker = PartsWorker()
    try:
        worker.parse_ahead(text)

        def parsed() -> list[tuple[int, str]]:  # (line, digest) of each piece of the file the worker parsed
            rows = [row.split("\t", 3) for row in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []
            return [(int(at), sha) for by, at, sha, first in rows
                    if int(by) == worker.pid() and int(at) < len(lines) and lines[int(at)] == first and first.strip()]

        deadline = time.monotonic() + 120
        while not any(at > 0.95 * len(lines) for at, _ in parsed()):  # reached the last part
            assert time.monotonic() < deadline, "the worker parsed nothing ahead"
            time.sleep(0.05)
        ahead = parsed()
        doc = Document(text)
        found = check_document(doc, library=library, parallel=worker)
        assert found == check_document(Document(text), library=library) and found
        pieces = parsed()
        assert len(pieces) == len(set(pieces)), f"{len(pieces) - len(set(pieces))} pieces parsed twice in the worker"
        lower = doc.split_at(worker_module.split_line(text))[1][0][0]
        assert {at for at, _ in pieces if at < lower} <= {0, 1}, "the worker parsed the server's parts"
        assert min(at for at, _ in ahead) >= lower, "the worker parsed the server's parts ahead"
        assert worker.parts_analysed >= 5
    finally:
        worker.stop()


def test_findings_and_parts_cross_the_pipe_as_json_values() -> None:
    """A part comes to the other process as JSON values: the same part, its context statements parsed
    from the text where read (each as the parse reduced it), of a part as parsed and one that moved."""
    import ast
    import json

    from notesense.rules.base import Edit, Finding, Fix

    finding = Finding("NS101", "m", "h", "warning", 3, 0, 3, 5, "file:///n.md#L1",
                      (Fix("t", (Edit(3, 0, 3, 5, "x"),), True),))
    assert worker_module.finding_from_row(json.loads(json.dumps(worker_module.finding_to_row(finding)))) == finding
    text = large_source(4200)
    doc = Document(text)
    moved = Document("\n\n" + text, doc)
    for parts in (doc.parts, moved.parts):
        for part in parts:
            row = part_from_row(json.loads(json.dumps(part_to_row(part))), moved.lines if parts is moved.parts else doc.lines)
            for name in ("start", "end", "text", "digest", "spelled", "barriers", "error"):
                assert getattr(row, name) == getattr(part, name), name
            assert [b for b, _ in row.names] == [b for b, _ in part.names]
            assert len(row.context) == len(part.context) > 0
            assert [spelled_by(row, j) for j in range(len(row.context))] == [s for _, s in part.names]
            assert [ast.dump(s, include_attributes=True) for s in row.context] == [ast.dump(s, include_attributes=True) for s in part.context]


def test_a_row_leaves_what_each_statement_spells_to_the_parts_that_reach_it() -> None:
    """A part's row says what each context statement binds, not what its text spells (a third of the
    rows' cost, made, sent and read for statements almost none of which a part reaches): the other
    process reads that of a statement a part reaches, parsing that statement alone (`spelled_by`)."""
    import json

    doc = Document(large_source(4200))
    part = doc.parts[0]
    row = json.loads(json.dumps(part_to_row(part)))
    assert row[4] == [None if binds is None else sorted(binds) for binds, _ in part.names]
    theirs = part_from_row(row, doc.lines)
    assert [binds for binds, _ in theirs.names] == [binds for binds, _ in part.names]
    assert all(spelled is None for _, spelled in theirs.names)
    j = next(j for j, (binds, _) in enumerate(part.names) if binds)
    assert spelled_by(theirs, j) == part.names[j][1] and spelled_by(part, j) == part.names[j][1]
    assert list(theirs.context._made) == [j], "only the statement asked about was parsed"


def test_a_parse_ahead_told_to_stop_after_its_last_part_is_kept(monkeypatch) -> None:
    """The lint's request that arrives while the worker parses the last part ahead (`cancelled`: a
    message waits) finds the parse complete and kept, not dropped and done again (the lint's
    request came as the last part was parsed: every part was parsed twice, the test above flaked)."""
    text = source(24_000)
    spans = Document(text).split_at(12_000)[1]
    parsed: list[int] = []
    real = recover._parse
    monkeypatch.setattr(recover, "_parse", lambda code, offset: parsed.append(offset) or real(code, offset))
    doc = Document(text, alone=True)
    assert doc.parse_spans(spans, lambda: len(parsed) == len(spans), ahead=True) is not None
    assert len(parsed) == len(spans)
    assert doc.parse_spans(spans, lambda: False) is not None and len(parsed) == len(spans)
    assert Document(text, alone=True).parse_spans(spans, lambda: len(parsed) > len(spans)) is None, "stopped with parts left"
