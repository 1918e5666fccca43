"""Requests first (`lsp.foreground`): a lint run waits at its pause points while a request the user
waits on is unanswered, and goes on once it is answered; a pull of diagnostics, which itself waits
for the lint, never holds it up."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
import time
from pathlib import Path

from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

from notesense.lsp.diagnostics import Linter, _Job
from notesense.lsp.context import ClientContext
from notesense.lsp.documents import Documents
from notesense.lsp.foreground import Foreground

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from scaling_bench import source  # noqa: E402  (the file the scaling benchmark measures)


def lint_in_thread(foreground: Foreground, text: str) -> tuple[threading.Thread, list]:
    linter = Linter(Documents(), lambda params: None, lambda: PositionCodec(types.PositionEncodingKind.Utf16), foreground.pause)
    done: list = []
    job = _Job("file:///long.py", 1, text, "long.py", None, ClientContext())  # type: ignore[arg-type]
    thread = threading.Thread(target=lambda: done.append(linter._lint(job)), daemon=True)
    thread.start()
    return thread, done


def test_a_lint_waits_while_a_hover_is_unanswered_and_finishes_after() -> None:
    foreground = Foreground()
    foreground.arrived()  # the hover's bytes were read ...
    foreground.started(7, "textDocument/hover")  # ... and it is being answered
    foreground.handled()
    thread, done = lint_in_thread(foreground, source(3_000))
    thread.join(0.5)
    assert thread.is_alive() and not done, "the lint ran on while the hover waited"
    foreground.answered(7)
    thread.join(30)
    assert done and done[0] is not None and done[0].findings, "the lint finishes once the hover is answered"


def test_a_message_not_yet_handled_holds_the_lint_too() -> None:
    foreground = Foreground()
    foreground.arrived()
    thread, done = lint_in_thread(foreground, source(500))
    thread.join(0.3)
    assert thread.is_alive()
    foreground.handled()
    thread.join(30)
    assert done and done[0] is not None


def test_requests_that_wait_on_the_lint_do_not_hold_it() -> None:
    foreground = Foreground()
    foreground.started(8, "textDocument/diagnostic")  # a pull: it waits for this very lint
    foreground.started(9, "shutdown")
    thread, done = lint_in_thread(foreground, source(500))
    thread.join(30)
    assert done and done[0] is not None


def test_an_answer_for_an_unknown_or_repeated_id_changes_nothing() -> None:
    foreground = Foreground()
    foreground.started(1, "textDocument/completion")
    foreground.answered(2)
    assert not foreground._idle.is_set()
    foreground.answered(1)
    foreground.answered(1)  # an answer and then the handler's end: counted once
    assert foreground._idle.is_set()


def _open_request(foreground: Foreground) -> None:
    foreground.arrived()
    foreground.started(5, "textDocument/completion")
    foreground.handled()


def _in_thread(work) -> tuple[threading.Thread, list]:
    done: list = []
    thread = threading.Thread(target=lambda: done.append(work()), daemon=True)
    thread.start()
    return thread, done


def test_compiling_learned_rules_and_saving_a_snapshot_wait_while_a_request_is_unanswered(tmp_path: Path, monkeypatch) -> None:
    """The steps that cannot stop midway give way between their items (`yielding`): in the lint
    thread, compiling a library's learned rules; in the loader's, encoding the library snapshot."""
    from notesense.library.index import Library
    from notesense.library.sources import Sources
    from notesense.library.snapshot import Snapshot, read
    from notesense.lsp.loader import LibraryLoader
    from notesense.paths import cache_dir
    from notesense.rules.learned import LearnedRules, bundled_pitfalls
    from notesense.yielding import pausing
    from tests.knowledge.test_index import snip

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    pitfalls = bundled_pitfalls()
    assert pitfalls
    foreground = Foreground()
    _open_request(foreground)

    def compile_rules() -> LearnedRules:
        with pausing(foreground.pause):
            return LearnedRules(pitfalls)

    compiling, rules = _in_thread(compile_rules)
    library = Library([snip(f"os.{i:04}", ("os.walk",)) for i in range(600)])
    sources = Sources(snippets=[tmp_path / "snippets"], origin="options")
    loader = LibraryLoader(foreground.pause)
    saving, saved = _in_thread(lambda: loader._save(sources, Snapshot({}, library, [])))
    compiling.join(0.3)
    saving.join(0.1)
    assert compiling.is_alive() and saving.is_alive() and not rules and not saved, "they ran on while the request waited"
    foreground.answered(5)
    compiling.join(30)
    saving.join(30)
    assert rules and len(rules[0]) == len({p.id for p in pitfalls if p.enabled})
    back = read(cache_dir(), sources)
    assert saved and back is not None and [s.id for s in back.library.snippets] == [s.id for s in library.snippets]
    loader.shutdown()


def test_a_completion_is_answered_where_it_arrives_once_the_versions_imports_are_known() -> None:
    """`Documents.at_hand`: a version whose imports are known without a parse (parsed already, or
    no import line changed since the last version) needs no thread hop; any other does."""
    from notesense.lsp.documents import Snapshot

    documents = Documents()
    text = source(500)
    uri = "file:///long.py"
    first = Snapshot(uri, 1, text)
    assert documents.at_hand(first) is None  # nothing parsed yet: the parse goes to a thread
    documents.warm(first)
    assert documents.at_hand(first) is not None
    typed = Snapshot(uri, 2, text + "x = np.\n")
    target = documents.at_hand(typed)
    assert target is not None and "recovered" not in target.document.__dict__, "no parse on the event loop"
    assert target.document.imports is documents.at_hand(first).document.imports
    imported = Snapshot(uri, 3, "import os\n" + typed.source)
    assert documents.at_hand(imported) is None  # an import line changed: its imports need the parse
    notebook = Snapshot("file:///a.ipynb", 1, '{"cells": [], "nbformat": 4, "nbformat_minor": 5, "metadata": {}}')
    assert documents.at_hand(notebook) is None


def test_a_learned_rule_gives_way_between_its_candidates_not_only_between_rules() -> None:
    """One learned rule's matching over a long file (hundreds of calls it must look at) is tens of ms:
    a request arriving meanwhile waits no longer than one candidate's match (`yielding.point`)."""
    from notesense.analysis.document import Document
    from notesense.library.model import Pitfall, PitfallPattern, Source
    from notesense.rules.base import FileContext
    from notesense.rules.learned import LearnedRules
    from notesense.yielding import pausing

    calls = 400
    text = "import torch\n\n" + "".join(f"t{i} = torch.ones({i}, {i}).view(-1)\n" for i in range(calls))
    rule = PitfallPattern("torch.ones($A, $B).view(-1)", modules=("torch",))
    rules = LearnedRules([Pitfall("NSN00001", "torch", "t", rule, Source("n.md", 1), wrong="")])
    ctx = FileContext(Document(text), "long.py")
    taught, scan = rules.candidates(text, text, rules.rules)
    assert len(taught) == 1
    points: list[int] = []
    with pausing(lambda: points.append(1)):
        findings = rules.check(ctx, taught, scan)
    assert len(findings) == calls
    assert len(points) >= calls, f"{len(points)} pause points for one rule over {calls} candidates"


def test_a_server_start_imports_no_rules_and_the_first_lint_imports_them_a_module_at_a_time(tmp_path: Path) -> None:
    """What `notesense serve` imports before its first hover is the start-up's largest cost: not the
    rules, YAML, the compiler or ctypes. The first lint then imports the rules engine (~15 ms of module
    code, holding the GIL) one module at a time with a pause point between: a request then waits for
    one module's import at most. In a fresh interpreter."""
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import sys\n"
        "from lsprotocol import types\n"
        "from pygls.workspace.position_codec import PositionCodec\n"
        "from notesense.lsp.server import server  # what `notesense serve` imports before any lint\n"
        "from notesense.lsp.context import ClientContext\n"
        "from notesense.lsp.diagnostics import Linter, _Job\n"
        "from notesense.lsp.documents import Documents\n"
        "heavy = ('notesense.rules.engine', 'notesense.compile', 'yaml', 'markdown_it', 'ctypes')\n"
        "assert not [m for m in heavy if m in sys.modules], [m for m in heavy if m in sys.modules]\n"
        "def loaded():\n"
        "    return {m for m in sys.modules if m.startswith('notesense.rules')}\n"
        "seen, steps = [loaded()], []\n"
        "def pause():\n"
        "    now = loaded()\n"
        "    steps.append(len(now - seen[-1]))\n"
        "    seen.append(now)\n"
        "linter = Linter(Documents(), lambda p: None, lambda: PositionCodec(types.PositionEncodingKind.Utf16), pause)\n"
        "job = _Job('file:///a.py', 1, 'import pandas as pd\\ndf = pd.DataFrame()\\n', 'a.py', None, ClientContext())\n"
        "linter._lint(job)\n"
        "linter.shutdown()\n"
        "print(max(steps), len(loaded() - seen[0]))\n",
        encoding="utf-8",
    )
    done = subprocess.run([sys.executable, str(probe)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    most, imported = map(int, done.stdout.split())
    assert imported >= 15, "the lint imported the rules engine"
    assert most <= 5, f"{most} rules modules imported between two pause points"  # the pattern package: itself and its 4 modules


def test_a_document_s_first_lint_starts_at_once_and_a_change_s_after_the_debounce() -> None:
    """The debounce gathers a burst of keystrokes; an opened file has none to wait for, and its first
    diagnostics (seconds of lint on a 50,000-line file) would only start `DEBOUNCE_SECONDS` later."""
    from notesense.lsp.diagnostics import DEBOUNCE_SECONDS

    started: list[tuple[int | None, float]] = []

    async def run() -> None:
        linter = Linter(Documents(), lambda params: None, lambda: PositionCodec(types.PositionEncodingKind.Utf16), lambda: None)
        linter._lint = lambda job, loop=None: started.append((job.version, time.monotonic()))  # type: ignore[method-assign]
        uri = "file:///opened.py"
        for version in (1, 2):
            asked = time.monotonic()
            linter.schedule(uri, version, "x = 1\n", "opened.py", None, ClientContext(), True)  # type: ignore[arg-type]
            await linter.settled(uri)
            assert started[-1][0] == version
            waited = started[-1][1] - asked
            if version == 1:
                assert waited < DEBOUNCE_SECONDS / 2, f"the opened document's lint waited {waited:.3f} s"
            else:
                assert waited >= DEBOUNCE_SECONDS * 0.9, "a change is linted after the debounce"
        linter.shutdown()

    asyncio.run(run())


def test_a_brief_point_waits_only_while_the_loop_handles_a_message() -> None:
    """Inside a document's parse or model build (`yielding.brief_point`) the lint gives way to a message
    being handled on the loop (a completion answered at once), never to a request answered later: that
    one may be waiting on the very analysis the lint is making."""
    from notesense.lsp import foreground as module

    foreground = Foreground()
    foreground.arrived()
    foreground.started(3, "textDocument/hover")
    foreground.handled()  # the hover is answered later, in a thread: it may wait on the model's lock
    began = time.perf_counter()
    foreground.brief()
    assert time.perf_counter() - began < module.MAX_BRIEF / 2, "a brief point waited for a request answered later"
    foreground.arrived()  # a completion, answered in the callback that read it
    released = threading.Timer(0.02, foreground.handled)
    released.start()
    began = time.perf_counter()
    foreground.brief()
    assert time.perf_counter() - began >= 0.015, "a brief point did not wait for the loop's message"
    released.join()


def test_a_document_s_parse_and_model_build_give_way_between_top_level_statements() -> None:
    """The parse between its batches and the model build between top-level statements reach a brief
    point (the lint thread installs the foreground's pause); a thread without one passes none."""
    from notesense.analysis.document import Document
    from notesense.analysis.recover import BATCH_LINES
    from notesense.yielding import pausing

    class Counting:
        def __init__(self) -> None:
            self.brief_points = 0

        def __call__(self) -> None:
            pass

        def brief(self) -> None:
            self.brief_points += 1

    text = source(3_000)
    counting = Counting()
    with pausing(counting):
        document = Document(text)
        assert document.recovered is not None
        parsed = counting.brief_points
        assert document.semantic is not None
    assert parsed >= text.count("\n") // BATCH_LINES - 1, "the parse gave way only between a few batches"
    top_level = len(document.recovered.tree.body)
    assert counting.brief_points - parsed == top_level
    assert Document(text).semantic is not None  # no pause installed: nothing is called
    assert counting.brief_points - parsed == top_level
