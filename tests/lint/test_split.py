"""`notesense lint` of one large file on two cores (`lint.split`): a forked child parses and analyses the
lower parts. The findings are those of the same parts analysed in one process (and, on these files,
of the whole file), fixes and notes included; the parent parses only its own parts and, of the child's,
only the context statements its parts reach; a child that fails or cannot be forked leaves the lint
to the parent; a file that does not parse is reported as before."""

from __future__ import annotations

import os
import sys
import weakref
from pathlib import Path

import pytest

from notesense.analysis import parts as parts_module
from notesense.analysis import recover
from notesense.analysis.document import Document
from notesense.lint import split
from notesense.lint.runner import Options, check_text, run
from notesense.rules.engine import check_source

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "knowledge"))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from scaling_bench import source  # noqa: E402
from test_parts import large_source  # noqa: E402

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the split needs os.fork")


@pytest.fixture(autouse=True)
def quiet_machine(monkeypatch) -> None:
    """The split forks only when a core is free (`split.idle_core`): the tests run on busy machines too.
    And only in a process with no other thread: the suite's own process has some by now (the hover's
    jedi pool, idle on its queue, holding no lock the lint needs); the test of that refusal pins it."""
    monkeypatch.setattr(split, "idle_core", lambda: True)
    monkeypatch.setattr(split.threading, "active_count", lambda: 1)


@pytest.fixture(scope="module")
def learned():
    return Options().learned_rules()


@pytest.fixture(scope="module")
def cross() -> str:
    """Findings that need what other parts hold: a module-level frame, loaders defined far below."""
    return large_source()


@pytest.fixture
def forked(monkeypatch) -> list[int]:
    """The children `os.fork` makes during the test."""
    pids: list[int] = []
    real = os.fork

    def recorded() -> int:
        pid = real()
        if pid:
            pids.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", recorded)
    return pids


def reaped(pids: list[int]) -> bool:
    """Every one of `pids` has exited and was waited for (no zombie left)."""
    for pid in pids:
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            continue
        return False
    return True


def test_the_split_finds_what_one_process_and_the_whole_file_find(cross, learned, forked) -> None:
    found = split.check_large(cross, learned=learned)
    assert found is not None and {f.code for f in found} == {"NS101", "NS102", "NS202"}
    assert found == split.check_large(cross, learned=learned, fork=False)  # fixes, notes, positions
    assert found == check_source(cross, learned=learned)
    assert len(forked) == 1 and reaped(forked)


def test_the_parent_parses_its_own_parts_and_only_the_child_s_contexts_it_reaches(cross, learned, monkeypatch, forked) -> None:
    parsed: list[int] = []
    reached: list[int] = []
    original, unparsed = recover._parse_unit, parts_module.Unparsed._parse
    monkeypatch.setattr(recover, "_parse_unit", lambda lines, start, *a, **k: parsed.append(start) or original(lines, start, *a, **k))

    def counted(self, index):
        reached.append(index)
        return unparsed(self, index)

    monkeypatch.setattr(parts_module.Unparsed, "_parse", counted)
    doc = Document(cross)
    upper, lower, _ = doc.split_at(int(split.SHARE * len(doc.lines)))
    found = split.check_large(cross, learned=learned)
    assert len(forked) == 1 and reaped(forked)
    assert sorted(set(parsed)) == [start for start, _ in Document(cross)._parts_parse.spans[:upper]], "the parent parsed its parts"
    assert max(parsed) < lower[0][0], "the child parsed the lower parts"
    assert {f.code for f in found} == {"NS101", "NS102", "NS202"}
    assert 0 < len(reached) <= 12, "the loaders the upper parts call, not every context of the lower parts"



def test_a_child_that_fails_leaves_the_same_lint_to_the_parent(cross, learned, monkeypatch, forked) -> None:
    expected = split.check_large(cross, learned=learned, fork=False)
    monkeypatch.setattr(split, "_serve", lambda *args: os._exit(1))  # dies before sending anything
    assert split.check_large(cross, learned=learned) == expected
    assert len(forked) == 1 and reaped(forked)


def test_a_child_that_dies_after_the_exchange_leaves_its_parts_to_the_parent(cross, learned, monkeypatch, forked) -> None:
    expected = split.check_large(cross, learned=learned, fork=False)
    real = split._message

    def dies_before_its_findings(value):
        if isinstance(value, dict):  # the child's findings by part
            os._exit(1)
        return real(value)

    monkeypatch.setattr(split, "_message", dies_before_its_findings)
    assert split.check_large(cross, learned=learned) == expected
    assert len(forked) == 1 and reaped(forked)


def test_without_fork_the_parts_are_analysed_in_one_process(cross, learned, monkeypatch) -> None:
    expected = split.check_large(cross, learned=learned)
    monkeypatch.delattr(os, "fork")
    assert split.check_large(cross, learned=learned) == expected


def test_no_child_is_forked_while_another_thread_runs(cross, learned, monkeypatch) -> None:
    expected = split.check_large(cross, learned=learned, fork=False)
    monkeypatch.setattr(split.threading, "active_count", lambda: 2)
    monkeypatch.setattr(split.os, "fork", lambda: pytest.fail("forked"))
    assert split.check_large(cross, learned=learned) == expected


def test_no_child_is_forked_on_a_machine_loaded_far_beyond_its_cores(cross, learned, monkeypatch) -> None:
    expected = split.check_large(cross, learned=learned, fork=False)
    monkeypatch.undo()
    monkeypatch.setattr(split.os, "getloadavg", lambda: (3.0 * (os.cpu_count() or 1), 0.0, 0.0))
    monkeypatch.setattr(split.os, "fork", lambda: pytest.fail("forked"))
    assert split.check_large(cross, learned=learned) == expected
    monkeypatch.setattr(split.os, "getloadavg", lambda: (2.0, 0.0, 0.0))  # this process and one other
    assert split.idle_core() is ((os.cpu_count() or 1) > 1)


def test_a_syntax_error_in_a_lower_part_is_reported_as_by_the_whole_lint(learned, forked) -> None:
    text = source(24_000) + "def broken(:\n    pass\n"
    assert split.check_large(text, learned=learned) is None
    assert len(forked) == 1 and reaped(forked)
    with pytest.raises(SyntaxError) as raised:
        check_text(text, "big.py", Options(), split=True)
    assert raised.value.lineno == text.count("\n") - 1


def test_the_split_leaves_no_reference_cycle(cross, learned, monkeypatch) -> None:
    """The lint runs with the cycle collector paused and freezes what it made (`collector`): a cycle
    left behind would hold the file's analysis for good."""
    made: list[weakref.ref] = []

    def document(source: str, **kwargs) -> Document:
        doc = Document(source, **kwargs)
        made.append(weakref.ref(doc))
        return doc

    monkeypatch.setattr(split, "Document", document)
    for fork in (True, False):
        assert split.check_large(cross, learned=learned, fork=fork)
    assert len(made) == 2 and all(ref() is None for ref in made)


def test_a_file_below_the_parts_threshold_is_linted_whole(learned) -> None:
    assert split.check_large(source(2_000), learned=learned) is None


def test_the_cli_splits_a_large_file_it_lints_alone(tmp_path, monkeypatch, forked) -> None:
    path = tmp_path / "long.py"
    path.write_text(source(24_000), encoding="utf-8")
    forked: list[int] = []
    real = split._Child.fork
    monkeypatch.setattr(split._Child, "fork", classmethod(lambda cls, *a: forked.append(1) or real.__func__(cls, *a)))
    report = run([str(path)], Options())
    assert [f.code for r in report.results for f in r.findings] == ["NS101"] and forked == [1]
    assert run([str(path)], Options(), jobs=1).results == report.results and forked == [1]  # one core: no child
    assert reaped(forked)


def test_the_parent_sends_its_parts_before_it_analyses_any(cross, learned, monkeypatch, forked) -> None:
    """The child's analysis needs the parent's parts: the parent parses its parts whole, sends them,
    and only then analyses them (`keep_from`), so the two analyses run at once, not one after the other."""
    from notesense.rules import engine

    events: list[str] = []
    run, exchange = engine._run, split._Child.exchange
    monkeypatch.setattr(engine, "_run", lambda *a, **k: events.append("analysed") or run(*a, **k))
    monkeypatch.setattr(split._Child, "exchange", lambda self, *a: events.append("sent") or exchange(self, *a))
    assert split.check_large(cross, learned=learned) == check_source(cross, learned=learned)
    assert len(forked) == 1 and reaped(forked)
    assert events[0] == "sent" and events.count("analysed") >= 2


def test_a_file_whose_rules_need_an_import_it_lacks_at_the_top(learned, forked) -> None:
    """The text lets the rules run (an indented import), the parts' imports do not: no findings,
    split or not (the split's own parts then give nothing to report, not an error)."""
    text = source(24_000).replace("import pandas as pd\nimport torch\n", "def load():\n    import pandas as pd\n    import torch\n", 1)
    assert split.check_large(text, learned=learned) == split.check_large(text, learned=learned, fork=False) == []
    assert len(forked) == 1 and reaped(forked)


def test_a_part_s_view_does_not_count_the_file_s_lines(cross, learned, monkeypatch) -> None:
    """Each part is analysed as a document of its own over the file's text (`Document.part_view`);
    asking whether that document is analysed in parts once counted every line of the file, three
    passes over the text per part: a cost of the file's length times its parts."""
    from notesense.analysis import document

    counted: list[int] = []
    real = document.line_count
    monkeypatch.setattr(document, "line_count", lambda text: counted.append(1) or real(text))
    doc = Document(cross)
    assert doc.large and len(doc._parts_parse.spans) >= 8
    counted.clear()
    assert split.check_large(cross, learned=learned, fork=False)
    assert len(counted) == 1, "the file's own document only"


def test_each_process_leaves_its_trees_to_its_exit(cross, learned, monkeypatch, forked, tmp_path) -> None:
    """Freeing a part's tree and model once it is analysed costs CPU a one-shot command need not pay:
    the child holds its part views until its `os._exit`, the parent until the next large file or the
    command's exit (`left_to_exit`, `cli.main`), both no more than they held whole before analysing."""
    from notesense.rules import engine

    held = tmp_path / "held"
    real = split.check_lower

    def lower(doc, spans, *args, **kwargs):
        found = real(doc, spans, *args, **kwargs)
        held.write_text(f"{len(doc.left)} {len(spans)}")  # in the child, just before it sends its findings
        return found

    monkeypatch.setattr(split, "check_lower", lower)
    analysed = engine._full_view
    views: list[int] = []
    monkeypatch.setattr(engine, "_full_view", lambda doc, parts, k, *a: views.append(k) or analysed(doc, parts, k, *a))
    found = split.check_large(cross, learned=learned)
    assert len(forked) == 1 and reaped(forked)
    assert found == split.check_large(cross, learned=learned, fork=False) and not split.left_to_exit()
    kept, lower_parts = map(int, held.read_text().split())
    assert kept == lower_parts > 0, "every part view of the child held"
    views.clear()
    assert split.check_large(cross, learned=learned) == found and split.left_to_exit()
    assert len(split._left.left) == len(views) > 0, "every part view of the parent held"
    split.release()
    assert not split.left_to_exit()


def test_the_command_that_leaves_its_trees_to_its_exit_writes_all_its_output(tmp_path) -> None:
    """`notesense lint` of a large file ends with `os._exit` (`cli.main`): its findings and summary are
    written first, and the exit code is the lint's."""
    import json
    import subprocess

    path = tmp_path / "long.py"
    path.write_text(source(24_000), encoding="utf-8")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-m", "notesense", "lint", "--no-cache", "--format", "json", str(path)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 1, done.stderr
    assert [f["code"] for f in json.loads(done.stdout)] == ["NS101"]



def test_each_part_of_a_large_file_is_parsed_in_one_call_in_both_processes(monkeypatch) -> None:
    """Each parse call reads one blank line per line above it (`recover._parse`): a lint that parsed its
    parts `BATCH_LINES` at a time read ~32 blank lines per line of a 32,000-line file, ~6 in one call
    per part. Counted where each process parses: the parent's parts (`check_large`, in one process
    here) and the child's spans (`Document.parse_spans` of the parent's document, which it forks)."""
    text = source(24_000)
    offsets: list[int] = []
    real = recover._parse
    monkeypatch.setattr(recover, "_parse", lambda code, offset: offsets.append(offset) or real(code, offset))
    learned = Options().learned_rules()
    assert [f.code for f in split.check_large(text, learned=learned, fork=False)] == ["NS101"]
    parts = Document(text)._parts_parse.spans
    assert sorted(offsets) == [start for start, _ in parts] and sum(offsets) < 8 * text.count("\n")
    offsets.clear()
    doc = Document(text, alone=True)
    assert doc.parse_spans(parts[3:], lambda: False) is not None
    assert sorted(offsets) == [start for start, _ in parts[3:]]


def test_the_child_is_forked_before_the_gate_of_the_text(cross, learned, monkeypatch, forked) -> None:
    """The child parses its parts while the parent reads which rules may run (`engine._gated`, a scan of
    the whole text), and is told them after; a file no rule may run in leaves no child behind."""
    from notesense.rules import engine

    expected = check_source(cross, learned=learned)
    events: list[str] = []
    gated, fork = engine._gated, split._Child.fork
    monkeypatch.setattr(engine, "_gated", lambda *a: events.append("gated") or gated(*a))
    monkeypatch.setattr(split._Child, "fork", classmethod(lambda cls, *a: events.append("forked") or fork.__func__(cls, *a)))
    assert split.check_large(cross, learned=learned) == expected
    assert events == ["forked", "gated"] and len(forked) == 1 and reaped(forked)
    assert split.check_large(cross, select=["NS999"], learned=learned) is None  # nothing parsed: linted whole
    assert len(forked) == 2 and reaped(forked)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc and /proc's page faults")
def test_the_memory_one_part_s_parse_frees_is_kept_for_the_next(tmp_path) -> None:
    """`parts.keep_freed_heap`: a part parsed in one call frees its C tree (~6 MB), which glibc gave back
    to the system after each part (the next part faulted its pages in again). Counted in a fresh process:
    the page faults of parsing a 2,500-line part, its tree kept, before and after."""
    import subprocess

    script = tmp_path / "faults.py"
    script.write_text(
        "import ast, gc, resource, sys\n"
        f"sys.path[:0] = {[str(Path(split.__file__).parents[2]), str(Path(__file__).resolve().parents[2] / 'benchmarks')]!r}\n"
        "from scaling_bench import source\n"
        "from notesense.lint.split import keep_freed_heap\n"
        "gc.disable()\n"
        "text = source(2_500)\n"
        "kept = [ast.parse(text)]\n"
        "def faults():\n"
        "    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt\n"
        "    kept.extend(ast.parse(text) for _ in range(3))\n"
        "    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before\n"
        "freed = faults()\n"
        "keep_freed_heap()\n"
        "kept.append(ast.parse(text))\n"
        "print(freed, faults())\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    freed, kept = map(int, done.stdout.split())
    assert kept < 0.75 * freed, (freed, kept)
