"""A heading that names a module or class says what its section is about; a paragraph in it that marks
a *member* of that module or class (`scipy.signal.welch` under "scipy.signal") explains that member,
in reStructuredText as in Markdown. Every note here is written for the test."""

from __future__ import annotations

from pathlib import Path

from notesense.library.index import Library
from notesense.library.model import EXPLAINED
from written import compile_notes, first_entry

RST = """
    Signal processing: :mod:`scipy.signal`
    ======================================

    :mod:`scipy.signal` works on regularly sampled one-dimensional signals.

    **Spectra**: :func:`scipy.signal.periodogram` squares the FFT of the whole signal, while
    :func:`scipy.signal.welch` averages the periodograms of overlapping segments, trading resolution
    for a smoother estimate.

    Some other words about filters, naming nothing in particular.
    """
USER = "import scipy as sp\n\nf, pxx = sp.signal.welch(samples, fs=100)\nf2, p2 = sp.signal.periodogram(samples)\n"


def _first(library: Library, word: str) -> str:
    found = first_entry(library, USER, word)
    assert found is not None, word
    return found


def test_a_paragraph_under_a_module_heading_explains_the_members_it_marks(tmp_path: Path) -> None:
    library = compile_notes(tmp_path, {"signal.rst": RST})
    for word, words in (("welch", "overlapping segments"), ("periodogram", "squares the FFT")):
        first = _first(library, word)
        # the paragraph that explains it, not the whole section where it is one name among others
        assert words in first and "regularly sampled" not in first and "signal.rst:6" in first, first
    explained = {s for snippet in library.snippets for s, level in zip(snippet.symbols, snippet.about) if level == EXPLAINED}
    assert {"scipy.signal.welch", "scipy.signal.periodogram"} <= explained
