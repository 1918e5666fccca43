"""Acceptance on real notes: the APIs a note explains (in prose, often with no code) hover with the
note's own words, first. Probe sets: `probes.py` (written from reading the notes, before tuning)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from notesense.analysis.document import Document
from notesense.cli import main
from notesense.features.hover import hover
from notesense.library.index import Library
from notesense.library.sources import Sources, load_library
from probes import D2L, D2L_PROBES, REAL_NOTES, SHARED, Probe, first_entry, right_first


def _library(root: Path, cache: Path) -> Library:
    if not root.is_dir():
        pytest.skip(f"{root} is absent (the shared corpora live beside the repository)")
    library, _ = load_library(Sources(notes=[root], snippets=[], origin="options"), cache)
    return library


@pytest.mark.parametrize("probe", SHARED, ids=[p.symbol for p in SHARED])
def test_shared_note_explanations_hover_through_the_cli(probe: Probe, tmp_path: Path, capsys, monkeypatch) -> None:
    """`notesense hover FILE:LINE:COL --notes …` shows the explaining note first, in its own words."""
    if not REAL_NOTES.is_dir():
        pytest.skip(f"{REAL_NOTES} is absent")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path.parent / "cache"))  # shared by the probes: warm after the first
    source = tmp_path / "probe.py"
    source.write_text(probe.code, encoding="utf-8")
    line, col = probe.position()
    code = main(["hover", f"{source}:{line + 1}:{col + 1}", "--notes", str(REAL_NOTES), "--format", "json"])
    out = capsys.readouterr().out
    assert code == 0, f"no hover for {probe.symbol}"
    markdown = json.loads(out)["markdown"]
    assert right_first(probe, markdown, REAL_NOTES) is None, (probe.symbol, first_entry(markdown)[:300])


@pytest.fixture(scope="module")
def d2l_library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    return _library(D2L, tmp_path_factory.mktemp("d2l-cache"))


def test_d2l_probes_show_the_explaining_note_first(d2l_library: Library) -> None:
    """At least 90% of the APIs the d2l-zh textbook explains hover with that section first (a Chinese
    reader: locale zh-CN), showing its words."""
    misses = []
    for probe in D2L_PROBES:
        line, col = probe.position()
        result = hover(d2l_library, Document(probe.code), line, col, locale="zh-CN")
        why = right_first(probe, result.markdown if result else None, D2L)
        if why:
            misses.append(f"{probe.symbol}: {why}")
    score = 1 - len(misses) / len(D2L_PROBES)
    assert score >= 0.9, f"{score:.0%} right first; misses:\n" + "\n".join(misses)
