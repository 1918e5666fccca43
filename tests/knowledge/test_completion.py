"""Completion: in-context snippets, alias rewriting, missing imports, plain text, sorting."""

from __future__ import annotations

from notesense.analysis.document import Document
from notesense.features.completion import CompletionOptions, complete, documentation
from notesense.library.index import Library
from written import compile_notes, notebook


def ids(cands) -> list[str]:
    return [c.snippet_id for c in cands]


def test_after_alias_dot_offers_that_modules_snippets(library: Library, at) -> None:
    doc, line, col = at("import torch\nx = torch.randn(4)\nparts = torch.ch|")
    cands = complete(library, doc, line, col, CompletionOptions())
    assert ids(cands) == ["torch.chunk"]
    c = cands[0]
    assert c.label == c.filter_text == "torch.chunk"
    assert (c.line, c.start_col, c.end_col) == (2, 8, 16)  # replaces `torch.ch`
    # mid-expression the call is inserted, its arguments as in the note's example
    assert c.insert_text == "torch.chunk(${1:x}, chunks=${2:2}, dim=${3:0})$0"
    assert c.detail == "chunk()函数" and c.label_detail == "  torch.md:5"
    assert c.additional_edits == []


def test_only_imported_contexts_unless_show_all(library: Library, at) -> None:
    doc, line, col = at("import numpy as np\nconc|")
    assert complete(library, doc, line, col, CompletionOptions()) == []
    shown = complete(library, doc, line, col, CompletionOptions(show_all=True))
    assert ids(shown) == ["pandas.concat-rows"]
    # context `python` applies everywhere
    doc, line, col = at("dictg|")
    assert ids(complete(library, doc, line, col, CompletionOptions())) == ["python.dict-get"]


def test_body_uses_this_files_alias(library: Library, at) -> None:
    doc, line, col = at("import numpy as xp\nidx = xp.argw|")
    [c] = complete(library, doc, line, col, CompletionOptions())
    assert c.label == "xp.argwhere"
    assert c.insert_text == "xp.argwhere(${1:x > 1})$0"
    assert c.additional_edits == []


def test_from_import_alias_and_strings_untouched(library: Library, at) -> None:
    doc, line, col = at("from numpy import argwhere as aw, where\nimport numpy\nwher|")
    [c] = complete(library, doc, line, col, CompletionOptions())
    # `np` becomes the file's `numpy` in the arguments too
    assert c.insert_text == "where(${1:x > 0}, ${2:x}, ${3:numpy.nan})$0"
    # at the start of a statement the whole example comes, the string literal's 'np.nan' as written
    doc, line, col = at("import numpy\nimport pandas as pd\nwhere|")
    [c] = complete(library, doc, line, col, CompletionOptions())
    assert c.insert_text == "${1:y} = numpy.where(${2:x} > 0, ${2:x}, numpy.nan)  # keep 'np.nan' text"


def test_missing_import_becomes_an_additional_edit(library: Library, at) -> None:
    source = '"""Module doc."""\nimport pandas as pd\n\n\ndef f(df):\n    df.lo|\n'
    doc, line, col = at(source)
    [c] = complete(library, doc, line, col, CompletionOptions())
    assert c.insert_text.endswith("] = np.nan")
    [edit] = c.additional_edits
    assert (edit.line, edit.col, edit.end_line, edit.end_col) == (2, 0, 2, 0)
    assert edit.text == "import numpy as np\n"


def test_module_reachable_through_its_package_needs_no_import(library: Library, at) -> None:
    doc, line, col = at("import torch\n\ndef f(logits):\n    return softm|\n")
    [c] = complete(library, doc, line, col, CompletionOptions())
    # after `return` an expression is wanted: the call, spelled the way this file reaches it
    assert c.insert_text == "torch.nn.functional.softmax(${1:logits}, dim=${2:1})$0"
    assert c.additional_edits == []


def test_from_torch_import_nn(library: Library, at) -> None:
    doc, line, col = at("from torch import nn\nclass M(nn.Module):\n    def __init__(self):\n        self.fc = nn.Lin|")
    [c] = complete(library, doc, line, col, CompletionOptions())
    assert c.insert_text == "nn.Linear(${1:128}, ${2:10})$0" and c.additional_edits == []
    assert c.start_col == 18


def test_receiver_kind_from_inference(library: Library, at) -> None:
    doc, line, col = at("import pandas as pd\ndf = pd.read_csv('a.csv')\ndf.f|")
    cands = complete(library, doc, line, col, CompletionOptions())
    assert set(ids(cands)) == {"pandas.fillna-zero", "pandas.fillna-ffill"}
    assert {c.label for c in cands} == {"df.fillna", "df.ffill"}
    # a dict called df2 gets nothing
    doc, line, col = at("import pandas as pd\ndf2 = {'a': 1}\ndf2.fi|")
    assert complete(library, doc, line, col, CompletionOptions()) == []


def test_plain_text_without_snippet_support(library: Library, at) -> None:
    doc, line, col = at("import pandas as pd\npd.conc|")
    [c] = complete(library, doc, line, col, CompletionOptions(snippet_support=False))
    assert not c.is_snippet
    assert c.insert_text == "pd.concat([df1, df2], ignore_index=True)"


def test_sort_after_others_unless_prefix_typed_exactly(library: Library, at) -> None:
    doc, line, col = at("import pandas as pd\nfill|")
    [partial] = complete(library, doc, line, col, CompletionOptions())
    assert partial.sort_text.startswith("~")
    doc, line, col = at("import pandas as pd\nfillna|")
    [exact] = complete(library, doc, line, col, CompletionOptions())
    assert not exact.sort_text.startswith("~") and exact.sort_text < partial.sort_text


def test_nothing_in_strings_comments_or_numbers(library: Library, at) -> None:
    for source in ("import torch\ns = 'torch.ch|'", "import torch\n# torch.ch|", "import torch\nx = 1.|"):
        doc, line, col = at(source)
        assert complete(library, doc, line, col, CompletionOptions()) == [], source


def test_completion_in_an_f_string_s_replacement_field(library: Library, at) -> None:
    doc, line, col = at("import torch\ns = f'{len(x)} parts: {torch.chu|}'")
    assert complete(library, doc, line, col, CompletionOptions()) != []
    doc, line, col = at("import torch\ns = f'{len(x)} torch.chu|'")
    assert complete(library, doc, line, col, CompletionOptions()) == []


def test_chinese_and_emoji_before_the_cursor(library: Library, at) -> None:
    doc, line, col = at("import torch\ns = '中文😀'; y = torch.chu|")
    [c] = complete(library, doc, line, col, CompletionOptions())
    assert doc.line(line)[c.start_col:c.end_col] == "torch.chu"


def test_half_typed_file(library: Library, at) -> None:
    doc, line, col = at("import pandas as pd\ndef f(:\n    pass\ndf = pd.read_csv('x')\ndf.fill|\nx = [")
    assert doc.tree is None
    assert "pandas.fillna-zero" in ids(complete(library, doc, line, col, CompletionOptions()))


def test_multiline_body_follows_indentation(library: Library, at) -> None:
    """A multi-line body takes the indentation of the line it goes on (item texts are kept unindented)."""
    from notesense.library.model import Snippet, Source

    lib = Library([Snippet(id="os.walk", context="os", title="walk", body="for a in b:\n    print(a)",
                                         code="", source=Source("n.md", 1), prefix=("walk",))])
    doc, line, col = at("import os\nwal|")
    [c] = complete(lib, doc, line, col, CompletionOptions())
    assert c.insert_text == "for a in b:\n    print(a)"
    doc, line, col = at("import os\ndef f():\n    wal|")
    [c] = complete(lib, doc, line, col, CompletionOptions())
    assert c.insert_text == "for a in b:\n        print(a)"


def test_documentation_is_lazy_markdown(library: Library) -> None:
    md = documentation(library, "numpy.argwhere")
    assert md is not None and "返回满足条件的元素的索引" in md and "```python\nidx = np.argwhere(x > 1)\n```" in md
    assert documentation(library, "no.such") is None


def test_functional_alias_and_imported_local_names(library: Library, at) -> None:
    doc, line, col = at("import torch\nimport torch.nn.functional as F\np = F.sof|")
    [c] = complete(library, doc, line, col, CompletionOptions())
    assert (c.label, c.snippet_id) == ("F.softmax", "torch.softmax-dim")
    assert c.insert_text == "F.softmax(${1:logits}, dim=${2:1})$0"
    doc, line, col = at("from numpy import argwhere as aw\nidx = a|")
    [c] = complete(library, doc, line, col, CompletionOptions())
    assert (c.label, c.snippet_id) == ("aw", "numpy.argwhere")
    assert c.insert_text == "aw(${1:x > 1})$0" and c.additional_edits == []


def test_note_import_lines_move_to_the_top_of_the_file() -> None:
    """A note's example starts with its imports; inserted mid-function they would be wrong code.
    The ones the file has are dropped, the missing ones become an additional edit at the top."""
    from notesense.analysis.document import Document
    from notesense.library.model import Snippet, Source

    snippet = Snippet(
        id="torch.note-imports", context="torch", title="t", prefix=("gates",), source=Source("n.md", 1),
        body="import torch\nimport warnings\nfrom torch import nn\n\nw = torch.ones(${1:2})\nwarnings.warn('x')",
        code="", aliases=(("torch", "torch"),),
    )
    source = 'import torch\n\ndef f():\n    gat\n'
    cands = complete(Library([snippet]), Document(source), 3, 7, CompletionOptions())
    assert len(cands) == 1
    assert cands[0].insert_text == "w = torch.ones(${1:2})\n    warnings.warn('x')"
    [edit] = cands[0].additional_edits
    assert (edit.line, edit.col) == (1, 0)
    assert edit.text == "import warnings\nfrom torch import nn\n"


def test_mid_expression_only_calls_fit(library: Library, at) -> None:
    """`df.fi` inside an expression: the fillna call fits, a whole example (the ffill note's
    `df = df.ffill()`) would be broken code there and is left out. At a statement start too: an item
    named `df.fillna` inserts that API, never another note's example that only names it (the ffill
    note is offered as `df.ffill`); its bare name adds nothing to the fillna note's call."""
    for source in ("out = df.fi|", "df.fi|"):
        doc, line, col = at(f"import pandas as pd\ndf = pd.read_csv('a.csv')\n{source}")
        cands = complete(library, doc, line, col, CompletionOptions())
        assert [c.insert_text for c in cands] == ["df.fillna(${1:0})$0"], source


def test_one_note_explaining_two_calls_offers_both() -> None:
    from notesense.analysis.document import Document
    from notesense.library.model import Snippet, Source

    snippet = Snippet(
        id="torch.chunk-note", context="torch", title="切块", source=Source("n.md", 1), symbols=("torch.chunk", "torch.arange"),
        body="import torch\nx = torch.arange(10)\nparts = torch.chunk(x, 3, dim=0)",
        code="import torch\nx = torch.arange(10)\nparts = torch.chunk(x, 3, dim=0)",
    )
    source = "import torch as th\ny = th."
    cands = complete(Library([snippet]), Document(source), 1, len("y = th."), CompletionOptions())
    assert sorted(c.insert_text for c in cands) == ["th.arange(${1:10})$0", "th.chunk(${1:x}, ${2:3}, dim=${3:0})$0"]


def test_a_signature_the_notes_write_is_offered_as_the_call(tmp_path, at) -> None:
    """`### torch.clamp` over the signature in backticks, no example: completing `torch.cla` inserts the
    call with the signature's required parameters, and shows the signature."""
    from notesense.compile.build import compile_note
    from notesense.notes.code import clean
    from notesense.notes.reader import load_note

    note = tmp_path / "张量.md"
    note.write_text("# 张量\n\n### torch.clamp\n\n`torch.clamp(input, min=None, max=None, *, out=None) → Tensor`\n\n"
                    "把元素限制在范围 [min, max] 内。\n", encoding="utf-8")
    records = compile_note(load_note(note, "张量.md"), clean).snippets
    doc, line, col = at("import torch as th\ny = th.cla|")
    [c] = complete(Library(records), doc, line, col, CompletionOptions())
    assert c.insert_text == "th.clamp(${1:input})$0"
    assert c.detail.startswith("torch.clamp(input, min=None")
    assert "限制在范围" in (documentation(Library(records), c.snippet_id) or "")


def test_a_method_call_from_its_functions_signature_leaves_the_receiver_out(tmp_path, at) -> None:
    """The note writes the function's signature (`torch.squeeze(input, dim)`), the user calls the method
    on a tensor: `x.squeeze(dim)`, never `x.squeeze(input, dim)` (the receiver is `input`); the function
    itself still takes it."""
    from notesense.compile.build import compile_note
    from notesense.notes.code import clean
    from notesense.notes.reader import load_note

    note = tmp_path / "张量.md"
    note.write_text("# torch\n\n## 维度\n\n```python\nimport torch\nx = torch.ones(1, 3)\ny = x.squeeze(0)\n```\n\n"
                    "### squeeze\n\n`torch.squeeze(input, dim)`\n\n去掉大小为 1 的维度。\n", encoding="utf-8")
    records = compile_note(load_note(note, "张量.md"), clean).snippets
    for source, inserted in (("import torch\nx = torch.ones(2, 1)\nx.squ|", ["x.squeeze(${1:0})$0", "x.squeeze(${1:dim})$0"]),
                             ("import torch\ntorch.squ|", ["torch.squeeze(${1:input}, ${2:dim})$0", "torch.squeeze(${1:x}, ${2:0})$0"])):
        doc, line, col = at(source)
        cands = complete(Library(records), doc, line, col, CompletionOptions())
        assert sorted(c.insert_text for c in cands) == inserted, (source, [c.insert_text for c in cands])


def test_an_explanation_without_code_never_inserts_nothing(tmp_path, at) -> None:
    """A note that explains `pd.concat` in prose only (no example, no signature): completing `pd.con` at
    the start of a statement inserts the name, never an empty edit that would delete `pd.con`; a record
    with nothing to insert and no name is not offered."""
    from notesense.compile.build import compile_note
    from notesense.notes.code import clean
    from notesense.notes.reader import load_note

    note = tmp_path / "表格.md"
    note.write_text("# pandas\n\n### pandas.concat\n\n把几张表上下拼起来，`ignore_index=True` 重新编号。\n", encoding="utf-8")
    records = compile_note(load_note(note, "表格.md"), clean).snippets
    assert any(r.is_explanation and "pandas.concat" in r.symbols for r in records)
    for source in ("import pandas as pd\npd.con|", "import pandas as pd\npd.|", "import pandas as pd\n    pd.con|"):
        doc, line, col = at(source)
        cands = complete(Library(records), doc, line, col, CompletionOptions())
        assert cands and all(c.insert_text.strip() for c in cands), source
        assert [c.insert_text for c in cands if c.label == "pd.concat"] == ["pd.concat"], source


def test_item_texts_are_made_once_per_file_imports_and_follow_them(library: Library, at, monkeypatch) -> None:
    """A completion asked again in a file whose imports did not change makes no item text again; one
    whose imports changed gets texts spelled for its new imports, never the kept ones."""
    from notesense.features import completion

    made: list[str] = []
    original = completion._insert

    def counted(snippet, *args):
        made.append(snippet.id)
        return original(snippet, *args)

    monkeypatch.setattr(completion, "_insert", counted)
    doc, line, col = at("import numpy as xp\na = 1 + wher|\nb = 2")
    first = complete(library, doc, line, col, CompletionOptions())
    assert [c.insert_text for c in first] == ["xp.where(${1:x > 0}, ${2:x}, ${3:xp.nan})$0"] and made
    made.clear()
    text = doc.source.replace("b = 2", "b = 2 + wher")
    again = complete(library, Document(text, doc), 2, len("b = 2 + wher"), CompletionOptions())
    assert [c.insert_text for c in again] == [c.insert_text for c in first] and (again[0].line, again[0].start_col) == (2, 8)
    assert made == [], "the imports did not change: the kept text is used"
    respelt = text.replace("import numpy as xp", "import numpy")
    moved = complete(library, Document(respelt, doc), 2, len("b = 2 + wher"), CompletionOptions())
    assert [c.insert_text for c in moved] == ["numpy.where(${1:x > 0}, ${2:x}, ${3:numpy.nan})$0"] and made


def test_warm_makes_the_first_completion_after_each_imported_name(library: Library, at, monkeypatch) -> None:
    """`warm` (run by the server after a load and at didOpen) completes after each imported name ahead:
    the user's first `torch.` then ranks no note and makes no item text anew, on any line, however
    indented, and offers what it would have offered unwarmed."""
    import notesense.features.completion as completion
    import notesense.library.index as index

    source = "import torch\nimport numpy as np\n\n\ndef f(x):\n    parts = torch.|\n"
    doc, line, col = at(source)
    unwarmed = complete(Library(library.snippets), doc, line, col, CompletionOptions())
    assert unwarmed, "nothing to complete: the test would show nothing"

    fresh = Library(library.snippets)
    monkeypatch.setattr(completion, "_INSERTS", completion._Kept(completion.MAX_KEPT_INSERTS))
    doc, line, col = at(source)
    assert completion.warm(fresh, doc, CompletionOptions()) > 0
    made: list[str] = []
    ranked: list[str] = []
    real_insert, real_ranked = completion._insert, index._ranked
    monkeypatch.setattr(completion, "_insert", lambda snippet, *a: made.append(snippet.id) or real_insert(snippet, *a))
    monkeypatch.setattr(index, "_ranked", lambda snippets, symbol, *a: ranked.append(symbol) or real_ranked(snippets, symbol, *a))
    warmed = complete(fresh, doc, line, col, CompletionOptions())
    assert (made, ranked) == ([], []), "the first completion after `torch.` was not made ahead"
    assert warmed == unwarmed



def test_a_completion_is_planned_once_per_what_is_typed_where(library: Library, at, monkeypatch) -> None:
    """`torch.` completed again on another line of the same indentation finds and ranks nothing again
    (the plan kept, `_PLANS`): only the line and columns differ. Other indentation, another import
    block or a reloaded library plan anew, and what they offer follows them."""
    import dataclasses

    import notesense.features.completion as completion

    planned: list[str] = []
    real_plan = completion._plan
    monkeypatch.setattr(completion, "_plan", lambda library, doc, chain, *a: planned.append(chain.receiver) or real_plan(library, doc, chain, *a))
    lib = Library(library.snippets)
    text = "import torch\n\ndef f(x):\n    a = torch.|\n    b = 1\n"
    doc, line, col = at(text)
    first = complete(lib, doc, line, col, CompletionOptions())
    assert first and planned == ["torch"]
    later = Document(text.replace("|", "").replace("b = 1", "b = torch."), doc)
    again = complete(lib, later, 4, len("    b = torch."), CompletionOptions())
    assert planned == ["torch"], "the same completion on the next line was planned again"
    assert [(c.line, c.start_col, c.end_col) for c in again] == [(4, 8, 14)] * len(first)
    assert [(c.label, c.insert_text, c.sort_text, c.additional_edits) for c in again] == [
        (c.label, c.insert_text, c.sort_text, c.additional_edits) for c in first]

    top = Document(text.replace("|", "").replace("    b = 1", "b = torch."), doc)
    assert complete(lib, top, 4, len("b = torch."), CompletionOptions()) and planned == ["torch", "torch"]
    reloaded = Library(library.snippets)
    assert complete(reloaded, later, 4, len("    b = torch."), CompletionOptions()) == again
    assert planned == ["torch"] * 3, "a reloaded library was answered from the previous one's plan"
    more = Document(later.source.replace("import torch", "import torch\nimport numpy as np"), later)
    assert complete(lib, more, 5, len("    b = torch."), CompletionOptions()) == [
        dataclasses.replace(c, line=5) for c in again]
    assert planned == ["torch"] * 4, "another import block was answered from the previous one's plan"
    aliased = Document(later.source.replace("import torch", "import torch as th").replace("torch.", "th."), later)
    respelt = complete(lib, aliased, 4, len("    b = th."), CompletionOptions())
    assert planned == ["torch"] * 4 + ["th"]
    assert [c.insert_text for c in respelt] == [c.insert_text.replace("torch.", "th.") for c in first]


def test_notes_that_insert_the_same_text_are_one_item(tmp_path) -> None:
    notes = {f"n{i}.md": f"# 张量 {i}\n\n`torch.Tensor` 是多维数组，第 {i} 篇笔记。\n" for i in range(3)}
    library = compile_notes(tmp_path, notes)
    source = "import torch\nx = torch.Ten"
    cands = complete(library, Document(source), 1, len("x = torch.Ten"), CompletionOptions())
    assert [c.label for c in cands] == ["torch.Tensor"], [(c.label, c.insert_text) for c in cands]


def test_a_cell_on_a_value_an_earlier_cell_made_is_offered_where_its_library_is_imported(tmp_path) -> None:
    """A notebook cell that shows a tensor's method (`y.add_(x)`, `y` made in the cell before) imports
    nothing itself; it is torch's record all the same: offered in a file that imports torch, never in
    one that does not (a plain-Python record would be offered in every file)."""
    cells = [("markdown", "# 张量运算"),
             ("code", "import torch\nx = torch.ones(2)\ny = torch.zeros(2)"),
             ("markdown", "以 `_` 结尾的方法会原地修改张量，`add_` 把结果写回 `y`："),
             ("code", "y.add_(x)\nprint(y)")]
    library = compile_notes(tmp_path, {"ops.ipynb": notebook(cells)})
    [record] = [s for s in library.snippets if "torch.Tensor.add_" in s.symbols and s.kind == "python"]
    assert record.context == "torch" and record.id.startswith("torch."), (record.context, record.id)
    for source, offered in (("import torch\nadd_", True), ("import os\nadd_", False)):
        cands = complete(library, Document(source), 1, len("add_"), CompletionOptions())
        assert any(c.snippet_id == record.id for c in cands) is offered, (source, [c.snippet_id for c in cands])


def test_a_prefix_where_a_statement_starts_never_inserts_another_notes_class(at) -> None:
    """`F.so` where a statement starts, matched by a note's prefix: its example defines a class that
    calls `F.softmax` inside; the item inserts the call the note explains (here it names no API: the
    name typed), never the class (another program). An example that is a program of statements is
    still inserted whole."""
    from notesense.library.model import Snippet, Source

    def example(id: str, line: int, code: str) -> Snippet:
        return Snippet(id=id, context="torch", title=id, body=code, code=code, source=Source("attention.md", line),
                       prefix=("F.softmax",), aliases=(("F", "torch.nn.functional"),))

    defining = example("torch.attend-1", 12, "import torch.nn.functional as F\n# 注意力\n\nclass Attend:\n"
                                             "    def forward(self, e):\n        return F.softmax(e, dim=-1)")
    program = example("torch.scores-2", 40, "import torch.nn.functional as F\nscores = torch.ones(2, 3)\n"
                                             "weights = F.softmax(scores, dim=1)")
    doc, line, col = at("import torch\nimport torch.nn.functional as F\nF.so|")
    cands = complete(Library([defining, program]), doc, line, col, CompletionOptions())
    inserted = {c.snippet_id: c.insert_text for c in cands}
    assert inserted["torch.attend-1"] == "F.softmax", inserted
    assert inserted["torch.scores-2"].startswith("scores = torch.ones(2, 3)\nweights = F.softmax("), inserted


def test_a_note_that_names_its_values_in_chinese_is_respelled_for_this_files_alias(tmp_path, at) -> None:
    # Python names are Unicode: the alias rewriting reads `数组` as one name, not as a stray character
    library = compile_notes(tmp_path, {"numpy.md": """
        # numpy

        ## argwhere

        ```python
        import numpy as np
        数组 = np.arange(6)
        位置 = np.argwhere(数组 > 1)
        ```
        """})
    doc, line, col = at("import numpy as xp\nargwh|")
    [c] = complete(library, doc, line, col, CompletionOptions(snippet_support=False))
    assert c.insert_text == "数组 = xp.arange(6)\n位置 = xp.argwhere(数组 > 1)"
