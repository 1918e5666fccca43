"""Requests first (`lsp.foreground`): a lint run waits at its pause points while a request the user
waits on is unanswered, and goes on once it is answered; a pull of diagnostics, which itself waits
for the lint, never holds it up."""

from __future__ import annotations

import sys
import threading
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
