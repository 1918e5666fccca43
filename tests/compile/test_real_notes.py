"""Acceptance on the real notes in ../shared/notes (skipped where that private corpus is absent)."""

from __future__ import annotations

import re

import pytest
from compile_helpers import expand

from notesense.compile.pipeline import compile_notes, render_library
from notesense.notes.code import clean
from notesense.notes.reader import discover, load_note

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{4,}")
EXPECTED = {
    "torch.chunk": "torch",
    "torch.masked_select": "torch",
    "numpy.argwhere": "numpy",
    "pandas.DataFrame.loc": "pandas",
    "pandas.DataFrame.fillna": "pandas",
    "collections.namedtuple": "collections",
}


@pytest.fixture(scope="module")
def compiled(real_notes):
    return compile_notes([real_notes], jobs=1)


@pytest.fixture(scope="module")
def note_texts(real_notes) -> dict[str, str]:
    files, _ = discover([real_notes])
    return {display: load_note(path, display) for path, display in files}


def test_no_crash_and_most_python_blocks_become_snippets(compiled):
    report = compiled.report
    assert report.notes_read >= 1 and not report.unreadable
    assert report.python_blocks > 0
    assert len(compiled.snippets) >= 0.9 * report.python_blocks


@pytest.mark.parametrize("symbol", sorted(EXPECTED))
def test_named_symbols_have_a_snippet_with_context_and_chinese_prose(compiled, real_notes, symbol):
    hits = [s for s in compiled.snippets if symbol in s.symbols]
    assert hits, f"no snippet names {symbol}"
    best = hits[0] if hits[0].symbols[0] == symbol else next((s for s in hits if s.symbols[0] == symbol), hits[0])
    assert best.context == EXPECTED[symbol]
    # inline HTML pasted from web pages (<strong>元组</strong>) is dropped from docs, the words kept
    note_text = re.sub(r"<[^>]+>", "", (real_notes / best.source.note).read_text(encoding="utf-8"))
    runs = _CJK_RUN.findall(best.doc)
    assert runs and all(run in note_text for run in runs), "doc must be the note's own Chinese prose"


def test_non_python_blocks_never_become_snippets(compiled, note_texts):
    non_python = set()
    for display, note in note_texts.items():
        for section in note.sections:
            for block in section.blocks:
                if clean(block).kind in ("shell", "config", "output", "other"):
                    non_python.add((display, block.line))
    assert non_python, "the corpus has shell/config/output blocks; the test would prove nothing"
    assert not [s.id for s in compiled.snippets if (s.source.note, s.source.line) in non_python]
    assert not [s.id for s in compiled.snippets if re.match(r"\s*(pip|conda|sudo|apt-get) ", s.code)]


def test_report_lists_code_that_does_not_parse_with_file_and_line(compiled, real_notes):
    broken = []
    for path in sorted(real_notes.iterdir()):
        for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
            if line.strip() == "x = F.re":
                broken.append((path.name, number))
    assert broken, "the x = F.re line is no longer in the corpus"
    listed = {(note, line) for note, line, _ in compiled.report.parse_errors}
    assert set(broken) <= listed


def test_bodies_expand_back_to_the_cleaned_code(compiled):
    for s in compiled.snippets:
        assert expand(s.body) == s.code, s.id


def test_compile_is_deterministic_and_independent_of_path_order(compiled, real_notes):
    files = sorted(p for p in real_notes.iterdir() if p.is_file())
    again = compile_notes(list(reversed(files)), jobs=1)
    assert render_library(again.snippets) == render_library(compiled.snippets)
    assert [s.id for s in compile_notes([real_notes], jobs=2).snippets] == [s.id for s in compiled.snippets]
