"""reStructuredText notes, read with docutils: Sphinx code directives, `::` literal blocks, doctest and
ipython blocks become code; API roles become names; every record points at its line in the `.rst`."""

from __future__ import annotations

from pathlib import Path

from notesense.compile.build import compile_note
from notesense.notes.code import clean
from notesense.notes.reader import discover, load_note

NOTE = """\
张量操作
========

torch.clamp
-----------

:func:`torch.clamp` 把张量的元素限制在 ``[min, max]`` 范围内。

.. code-block:: python

   import torch
   y = torch.clamp(torch.randn(4), min=-0.5, max=0.5)

Squeeze
-------

``squeeze`` 去掉维数为 1 的维度::

    import torch
    y = torch.squeeze(torch.zeros(2, 1, 3))

>>> import numpy as np
>>> np.triu(np.ones((3, 3)))

.. ipython:: python
   :suppress:

   import pandas as pd
   df = pd.DataFrame({'a': [1, None]})
   df.fillna(0)

.. autofunction:: torch.chunk

.. include:: /etc/passwd

.. note::

   :meth:`torch.Tensor.view` 与 ``reshape`` 不同，**要求内存连续**。
"""


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), start=1) if needle in line)


def test_rst_notes_are_found_and_their_code_and_prose_become_records(tmp_path: Path) -> None:
    path = tmp_path / "tensor.rst"
    path.write_text(NOTE, encoding="utf-8")
    assert [display for _path, display in discover([tmp_path])[0]] == ["tensor.rst"]
    note = load_note(path, "tensor.rst")
    assert [s.heading for s in note.sections][:3] == [("张量操作",), ("张量操作", "torch.clamp"), ("张量操作", "Squeeze")]
    records = compile_note(note, clean).snippets
    where = {symbol: r.source.line for r in records for symbol in r.symbols[:1]}
    # each record links to the line of its code (or prose) in the .rst file, not of the converted text
    assert where["torch.clamp"] == _line_of(NOTE, "y = torch.clamp") - 1
    assert where["torch.squeeze"] == _line_of(NOTE, "y = torch.squeeze") - 1
    assert where["numpy.triu"] == _line_of(NOTE, ">>> import numpy")
    assert where["pandas.DataFrame.fillna"] == _line_of(NOTE, "import pandas")
    assert any("torch.Tensor.view" in r.symbols and r.source.line == _line_of(NOTE, ":meth:") for r in records)
    clamp = next(r for r in records if r.symbols[:1] == ("torch.clamp",))
    assert "限制在" in clamp.doc and ":func:" not in clamp.doc
    docs = "\n".join(r.doc + r.code for r in records)
    assert "root:" not in docs and "autofunction" not in docs  # `include` is never followed; unknown directives drop


def test_broken_rst_still_reads(tmp_path: Path) -> None:
    path = tmp_path / "broken.rst"
    path.write_text("Title\n===\n\n.. code-block::\n\n  x = (\n\n* unclosed *emphasis\n\n:unknown:`role`\n", encoding="utf-8")
    note = load_note(path, "broken.rst")
    assert note.sections and note.sections[0].heading == ("Title",)


REFERENCE = """\
shutil
======

.. function:: shutil.rmtree(path, ignore_errors=False)

  删除一个完整的目录树。

.. module:: collections

.. class:: Counter([iterable-or-mapping])
   :noindex:

   计数用的字典子类。

   .. method:: most_common([n])

      返回出现次数最多的 n 个元素。

.. py:function:: namedtuple(typename, field_names)

   返回一个具名元组的子类。
"""


def test_python_domain_descriptions_explain_the_api_they_name(tmp_path: Path) -> None:
    """A note copied from a library's reference explains each API under `.. function::` / `.. class::` /
    `.. method::`: the text is the API's explanation, named as Sphinx names it (module, class)."""
    path = tmp_path / "stdlib.rst"
    path.write_text(REFERENCE, encoding="utf-8")
    note = load_note(path, "stdlib.rst")
    records = compile_note(note, clean).snippets
    doc_of = {r.symbols[0]: r for r in records if r.symbols}
    assert "删除一个完整的目录树" in doc_of["shutil.rmtree"].doc
    assert doc_of["shutil.rmtree"].source.line == _line_of(REFERENCE, ".. function:: shutil.rmtree")
    assert "计数用的字典子类" in doc_of["collections.Counter"].doc
    assert "返回出现次数最多" in doc_of["collections.Counter.most_common"].doc
    assert "具名元组" in doc_of["collections.namedtuple"].doc
    assert not any(":noindex:" in r.doc for r in records)


TABLE = """\
time
====

Here are some functions.

========================== ==================================================
Function                   Description
========================== ==================================================
asctime([tuple])           Converts time tuple to a string
strptime(string[, format]) Parses a string into a time tuple
========================== ==================================================

>>> import time
>>> time.asctime((2005, 1, 1, 0, 0, 0, -1, -1, -1))
"""


def test_a_table_s_rows_are_read_as_a_markdown_table_s(tmp_path: Path) -> None:
    """A reference table in a module's note ("strptime(string[, format])  Parses a string into a time
    tuple"): each row explains the function it names, linked to the row's own line."""
    path = tmp_path / "module_time.rst"
    path.write_text(TABLE, encoding="utf-8")
    records = compile_note(load_note(path, "module_time.rst"), clean).snippets
    row = next(r for r in records if r.symbols[:1] == ("time.strptime",))
    assert "Parses a string into a time tuple" in row.doc and row.source.line == _line_of(TABLE, "strptime("), row


DEFINITIONS = """\
concurrent
==========

class concurrent.futures.Executor
  抽象类提供异步执行调用方法。

  .. function:: submit(fn, /, *args, **kwargs)

    调度可调用对象 fn，返回一个 Future 对象。

time
====

strptime(string[, format])
    Parses a string into a time tuple.

>>> import time
>>> time.strptime('2011-05-05', '%Y-%m-%d')
"""


def test_a_definition_list_s_term_is_what_its_definition_explains(tmp_path: Path) -> None:
    """A term over its definition ("strptime(string[, format])" over "Parses a string…") is an entry on
    the API it names, where the term had been dropped; a term that is a class's line heads the functions
    described under it as its methods."""
    path = tmp_path / "stdlib.rst"
    path.write_text(DEFINITIONS, encoding="utf-8")
    records = compile_note(load_note(path, "stdlib.rst"), clean).snippets
    doc_of = {r.symbols[0]: r for r in records if r.symbols}
    assert "返回一个 Future 对象" in doc_of["concurrent.futures.Executor.submit"].doc
    assert "Parses a string into a time tuple" in doc_of["time.strptime"].doc  # the example's words, said over it


def test_a_code_block_with_sphinx_options_is_read(tmp_path: Path) -> None:
    """`.. code-block:: python` with `:linenos:`, `:lineno-start:`, `:caption:`: Sphinx's options, which
    docutils' own directive rejects (it would drop the block); a block in another language keeps its label."""
    note = ("数组\n====\n\n层叠\n----\n\ntile 把数组复制铺开。\n\n.. code-block:: python\n  :linenos:\n  :lineno-start: 0\n"
            "  :caption: tile.py\n  :emphasize-lines: 2\n\n  import numpy as np\n  print(np.tile(1, (2, 3)))\n\n"
            ".. code-block:: bash\n  :linenos:\n\n  pip install numpy\n")
    path = tmp_path / "numpy.rst"
    path.write_text(note, encoding="utf-8")
    blocks = [b for s in load_note(path, "numpy.rst").sections for b in s.blocks]
    assert [(b.info, b.text.strip()) for b in blocks] == [
        ("python", "import numpy as np\nprint(np.tile(1, (2, 3)))"), ("bash", "pip install numpy")]
    assert blocks[0].line == _line_of(note, "import numpy")
    records = compile_note(load_note(path, "numpy.rst"), clean).snippets
    assert any(r.symbols[:1] == ("numpy.tile",) for r in records)


def test_the_content_of_a_sphinx_extensions_box_is_read(tmp_path: Path) -> None:
    """`.. dropdown:: 答案` (sphinx-design), `.. tab:: PyTorch` (sphinx-tabs): directives docutils does not
    know, whose content it would drop whole; their words and code are the note's."""
    note = ("张量\n====\n\n.. dropdown:: 答案\n\n   ``torch.cat`` 沿已有的维度拼接张量。\n\n   .. code-block:: python\n\n"
            "      import torch\n      y = torch.cat([a, b], dim=0)\n\n.. tabs::\n\n   .. tab:: PyTorch\n\n"
            "      ``torch.stack`` 沿新的维度堆叠张量。\n")
    path = tmp_path / "t.rst"
    path.write_text(note, encoding="utf-8")
    records = compile_note(load_note(path, "t.rst"), clean).snippets
    assert any(r.symbols[:1] == ("torch.cat",) and r.kind == "python" for r in records)
    assert any("torch.stack" in r.symbols and "沿新的维度" in r.doc for r in records)
