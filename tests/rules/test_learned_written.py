"""Where a canonical name is written: a pattern rooted at one (`numpy.array($A)`) walks only the
statements that write it the file's way, not every statement holding its last name (`array`)."""

from __future__ import annotations

import ast
import textwrap

from notesense.analysis.document import Document
from notesense.rules.base import FileContext
from notesense.rules.engine import check_source
from notesense.rules.pattern import Pattern
from notesense.rules.pattern.index import file_index

from tests.rules.test_learned import _only

SPELLINGS = textwrap.dedent('''\
    import numpy as np
    import numpy.linalg as la
    import numpy.linalg
    from numpy.linalg import norm
    from numpy import linalg as lin
    a = np.linalg.norm(x)
    b = ( np ).linalg . norm(x)
    c = (np  # a comment
         .linalg  # another # with a hash
         .norm(x))
    d = np.linalg.\\
        norm(x)
    e = la.norm(x) + lin.norm(x) + norm(x) + numpy.linalg.norm(x)
    def f(v):
        import cupy as np
        return np.linalg.norm(v)
    def g(v):
        import numpy as xp
        return [xp.linalg.norm(w) for w in v]
    try:
        pass
    except np.linalg.norm:
        pass
    h = np.linalg.normal(x) + npx.linalg.norm(x) + "np.linalg.norm"
    ''')


def _context(source: str) -> FileContext:
    return FileContext(Document(source))


def test_every_node_of_the_canonical_name_stands_in_a_statement_that_writes_it():
    """Whatever the spelling (an alias, a submodule import, a from-import, a function's own import,
    spaces, brackets, comments and a line continuation between the names, an `except` header), the
    statements found hold every node whose canonical name it is; a look-alike (`normal`, `npx`, a
    string) is a statement found that holds none, which the matcher then rejects."""
    ctx = _context(SPELLINGS)
    index = file_index(ctx)
    heads = index.written("numpy.linalg.norm")
    assert heads is not None
    # asked with the other names the rules look for (one search of the text finds them all): the same
    other = file_index(_context(SPELLINGS))
    other.canonical = frozenset({"numpy.linalg.norm", "numpy.linalg", "numpy.array", "numpy.linalg.normal", "torch.ones"})
    assert sorted(h.lineno for h in other.written("numpy.linalg.norm").values()) == sorted(h.lineno for h in heads.values())
    # and the shorter name: also where an import writes it (2-5: `la`, `numpy.linalg`, `lin`), and in `.linalg.normal`
    assert sorted(h.lineno for h in other.written("numpy.linalg").values()) == [2, 3, 4, 5, 6, 7, 8, 11, 13, 16, 19, 22, 24]
    nodes = [n for n in ast.walk(ctx.tree) if isinstance(n, (ast.Name, ast.Attribute)) and ctx.qualname(n) == "numpy.linalg.norm"]
    assert len(nodes) == 10
    inside = {id(node) for head in heads.values() for node in index._own_nodes(head)}
    assert all(id(node) in inside for node in nodes)
    # 4 writes the bare `norm` its import binds; `np` is cupy on 16 and 24 holds look-alikes: the matcher says no
    assert sorted(head.lineno for head in heads.values()) == [4, 6, 7, 8, 11, 13, 16, 19, 22, 24]
    found = check_source(SPELLINGS, learned=_only(Pattern("numpy.linalg.norm($X)", modules=["numpy"])))
    assert sorted(f.line for f in found) == [6, 7, 8, 11, 13, 13, 13, 13, 19]


def test_a_last_name_written_everywhere_costs_only_the_statements_that_write_the_canonical_name():
    """`array` in docstrings, attributes and a local function is no `numpy.array`: of a hundred
    statements holding the word, only the one that writes `np.array` is walked."""
    lines = ["import numpy as np", "def array(v):", '    """an array"""', "    return v"]
    lines += [f"x{i} = array(self.array[{i}])  # array" for i in range(100)]
    lines.append("y = np.array(x1)")
    source = "\n".join(lines) + "\n"
    rules = _only(Pattern("numpy.array($A)", modules=["numpy"]))
    doc = Document(source)
    ctx = FileContext(doc)
    index = file_index(ctx)
    assert [f.line for f in rules.check(ctx, rules.rules)] == [105]
    assert len(index._head_tails) == 1  # the statements whose nodes were walked
