"""A large document's part is linted between the other parts' contexts: the learned rules look for
their words in the part's own text only (`FileContext.region`), not in the whole file once per part
(twenty full-text searches per rule word for a 50,000-line file)."""

from __future__ import annotations

import textwrap

from notesense.analysis.document import Document
from notesense.rules.base import FileContext
from notesense.rules.pattern.index import file_index

SOURCE = textwrap.dedent("""\
    import numpy as np

    def first():
        return np.array([1, 2])

    def second():
        return np.array([3, 4])
""")


def _context(region_lines: tuple[int, int] | None) -> FileContext:
    doc = Document(SOURCE)
    ctx = FileContext(doc)
    if region_lines is not None:
        starts = doc.line_starts
        ctx.region = (starts[region_lines[0] - 1], starts[region_lines[1]])
    return ctx


def test_a_word_is_looked_up_in_the_region_only() -> None:
    whole = file_index(_context(None))
    assert sorted(stmt.lineno for stmt in whole.located("array")[0]) == [4, 7]
    part = file_index(_context((6, 7)))
    assert [stmt.lineno for stmt in part.located("array")[0]] == [7]


def test_a_canonical_name_is_written_in_the_region_only() -> None:
    index = file_index(_context((3, 4)))
    index.canonical = frozenset({"numpy.array"})
    written = index.written("numpy.array")
    assert written is not None and sorted(node.lineno for node in written.values()) == [4]
