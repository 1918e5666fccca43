"""Hover: the notes on a covered symbol (Chinese as written, example, links, note link); else nothing."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from notesense.features.hover import hover
from notesense.features.render import merged_markdown
from notesense.library.index import Library
from notesense.library.model import Snippet, Source


def test_hover_on_covered_symbol(library: Library, at) -> None:
    doc, line, col = at("import torch\nx = torch.randn(4)\nparts = torch.ch|unk(x, 2)  # 切块😀")
    result = hover(library, doc, line, col)
    assert result is not None
    assert (result.line, result.start_col, result.end_col) == (2, 14, 19)
    md = result.markdown
    assert md.startswith("**chunk()函数**")
    assert "沿指定维度把张量均匀切成若干块，返回元组（tuple）。" in md
    assert "```python\nparts = torch.chunk(x, chunks=2, dim=0)\n```" in md
    assert "<https://pytorch.org/docs/stable/generated/torch.chunk.html>" in md
    assert "Torch 一些语法 › chunk()函数" in md and "torch.md:5" in md


def test_hover_merges_several_notes_best_first(library: Library, at) -> None:
    doc, line, col = at("import pandas as pd\ndf = pd.read_csv('a.csv')\ndf.fil|lna(0)")
    md = hover(library, doc, line, col).markdown
    assert md.index("fillna 空值处理") < md.index("用上一行填充")
    assert "\n---\n" in md


def test_an_f_string_s_replacement_field_is_code(library: Library, at) -> None:
    """`print(f"parts: {torch.chunk(x, 2)}")`: the field is code the hover reads, with a string inside it
    a string again; the f-string's own text and a plain string's braces are no code."""
    doc, line, col = at("import torch\nx = torch.randn(4)\nprint(f\"parts: {torch.ch|unk(x, 2)!r:>10} {x['a']}\")")
    found = hover(library, doc, line, col)
    assert found is not None and "chunk()函数" in found.markdown
    for text in ("print(f\"torch.ch|unk\")", "print(\"{torch.ch|unk(x)}\")", "print(f\"{x['torch.ch|unk']}\")",
                 "print(f\"{{torch.ch|unk(x)}}\")"):
        doc, line, col = at(f"import torch\nx = torch.randn(4)\n{text}")
        assert hover(library, doc, line, col) is None, text


def test_a_signature_block_is_shown_once() -> None:
    """A block that is nothing but the call's signature (`numpy.asarray(a, dtype=None)` under its heading)
    heads the entry; it is not shown again as the example."""
    signature = "numpy.asarray(a, dtype=None, order=None)"
    record = Snippet(id="numpy.asarray", context="numpy", title="numpy.asarray", body=signature, code=signature,
                     source=Source("n.md", 3), symbols=("numpy.asarray",), doc="Convert the input to an array.",
                     kind="signature", signature=signature)
    md = merged_markdown([record])
    assert md.count(signature) == 1 and md.index(signature) < md.index("Convert the input")


def test_no_hover_on_uncovered_symbols(library: Library, at) -> None:
    for source in ("import pandas as pd\npd.mer|ge(a, b)", "x = {}\nx.ke|ys()", "import torch\n# torch.ch|unk"):
        doc, line, col = at(source)
        assert hover(library, doc, line, col) is None, source


def test_budget_keeps_the_best_and_a_valid_fence() -> None:
    long_doc = "很长的说明。" * 2000
    snippets = [
        Snippet(id=f"torch.s{i}", context="torch", title=f"标题{i}", body="x", code="torch.chunk(x, 2)",
                source=Source("n.md", i + 1), symbols=("torch.chunk",), doc=long_doc if i == 0 else "短")
        for i in range(3)
    ]
    md = merged_markdown(snippets, budget=1000)
    assert len(md) <= 1000
    assert md.startswith("**标题0**") and md.count("```") % 2 == 0
    first, others = md.split("\n\n---\n\n")
    assert "标题1" not in first and "- 标题1 — n.md:2\n- 标题2 — n.md:3" in others  # listed, not cut off
    md2 = merged_markdown(snippets[1:], budget=4000)
    assert md2.startswith("**标题1**") and "短" in md2 and "- 标题2 — n.md:3" in md2


def test_note_link_is_a_file_uri_with_line_and_never_touches_the_disk(tmp_path: Path, monkeypatch) -> None:
    """The loaders make a note's path absolute exactly when they find the file; a hover then builds
    the link from the path alone (it used to stat the note on every hover)."""
    import os

    note = tmp_path / "笔记.md"

    def no_disk(*args, **kwargs):
        raise AssertionError("a hover link must not touch the disk")

    monkeypatch.setattr(os, "stat", no_disk)
    uri = Source(str(note), 612).uri()
    assert uri == note.as_uri() + "#L612"
    assert Source("notes/not-found.md", 1).uri() is None


def test_hover_asks_jedi_only_about_names_the_notes_explain(library: Library, at, monkeypatch) -> None:
    """jedi costs tens of milliseconds a call: a hover on a local name the notes cannot explain must
    not pay it; a name some note explains may still be resolved through jedi."""
    from notesense.analysis import resolve

    asked: list[int] = []
    monkeypatch.setattr(resolve, "_jedi_name", lambda doc, line, col: asked.append(col) or None)
    doc, line, col = at("def f(total_count):\n    return total_c|ount + 1\n")
    assert hover(library, doc, line, col) is None and asked == []
    doc, line, col = at("def f(x):\n    return x.fill|na(0)\n")
    assert hover(library, doc, line, col) is None and len(asked) == 1


def _note(i: int, note: str, code: str, doc: str) -> Snippet:
    return Snippet(id=f"sklearn.s{i}", context="sklearn", title=f"标题{i}", body=code or "x", code=code,
                   source=Source(note, i + 1), symbols=("sklearn.cluster.KMeans",), doc=doc,
                   kind="python" if code else "prose")


def test_an_explanation_without_code_shows_its_notes_example() -> None:
    """The prose that explains an API says what it is; the same note's best example says how it is
    called: the first entry shows both, and the example is not listed again as a link."""
    snippets = [
        _note(0, "k.ipynb", "", "k-means 把样本分到最近的中心。"),
        _note(1, "other.ipynb", "KMeans(2).fit(X)", "另一个笔记"),
        _note(2, "k.ipynb", "model = KMeans(n_clusters=4)", "用估计器的接口来训练。"),
        _note(3, "k.ipynb", "KMeans(8).fit_predict(X)", "后面的例子"),
    ]
    first, others = merged_markdown(snippets).split("\n\n---\n\n")
    assert first.startswith("**标题0**") and "最近的中心" in first
    assert "用估计器的接口来训练。" in first and "model = KMeans(n_clusters=4)" in first
    assert "标题2" not in others and "- 标题1 — other.ipynb:2" in others and "- 标题3 — k.ipynb:4" in others
    # an explanation that has its own example borrows none
    own = [_note(0, "k.ipynb", "KMeans(3)", "自己的例子"), *snippets[1:]]
    first, others = merged_markdown(own).split("\n\n---\n\n")
    assert "n_clusters=4" not in first and "- 标题2 — k.ipynb:3" in others


def test_a_borrowed_example_that_does_not_fit_goes_back_to_the_links() -> None:
    snippets = [_note(0, "k.ipynb", "", "说明" * 300), _note(1, "k.ipynb", "x = 1\n" * 200, "例子")]
    md = merged_markdown(snippets, budget=1000)
    assert len(md) <= 1000
    first, others = md.split("\n\n---\n\n")
    assert "x = 1" not in first and "- 标题1 — k.ipynb:2" in others


def test_the_cells_of_one_section_are_one_link() -> None:
    """A notebook's twelve cells under "loc and iloc" after the first entry are one link, to the best
    ranked of them, with how many more the section holds; other sections keep a link each, within
    `MAX_LINKS` places and a count of the rest."""
    from notesense.features.render import MAX_LINKS

    first = _note(0, "a.ipynb", "df.loc[0]", "第一个")
    cells = [replace(_note(10 + i, "nb.ipynb", f"df.loc[{i}]", f"第{i}格"), title="loc and iloc") for i in range(12)]
    others = [_note(30 + i, f"n{i}.ipynb", f"df.loc[{i}]", "别处") for i in range(MAX_LINKS + 2)]
    links = merged_markdown([first, *cells, *others]).split("\n\n---\n\n")[1].split("\n")[1:]
    assert links[0] == "- loc and iloc — nb.ipynb:11 (+11 more there)", links
    assert len(links) == MAX_LINKS + 1 and links[-1] == f"- … {MAX_LINKS + 3 - MAX_LINKS} more", links


def test_an_explanation_s_example_does_not_repeat_its_prose() -> None:
    """A notebook section's intro cell (the explanation, shown first) and the example below it, whose
    prose begins with the same cell: the example shows only what it adds."""
    from notesense.library.model import PROSE

    intro = "`pandas`中提供了`dropna`函数来进行操作。"
    snippets = [
        Snippet(id="pandas.p1", context="pandas", title="缺失信息的删除", body="", code="", kind=PROSE,
                source=Source("ch7.ipynb", 224), symbols=("pandas.DataFrame.dropna",), doc=intro),
        Snippet(id="pandas.s1", context="pandas", title="缺失信息的删除", body="x", code="df.dropna(how='any')",
                source=Source("ch7.ipynb", 250), symbols=("pandas.DataFrame.dropna",),
                doc=f"{intro}\n\n`dropna`的主要参数为轴方向`axis`、删除方式`how`。"),
    ]
    md = merged_markdown(snippets)
    assert md.count(intro) == 1 and "删除方式`how`" in md and "df.dropna(how='any')" in md, md


def test_a_twin_note_s_copy_of_a_record_is_listed_once() -> None:
    """A notebook and the Markdown page exported from it hold the same sections: each is linked once
    (the first found), so the links left are other sections, not copies."""
    from dataclasses import replace

    opening, example = _note(0, "numba.ipynb", "", "慢了很多。"), _note(2, "numba.ipynb", "go_fast(a)", "并行更快。")
    snippets = [opening, replace(opening, source=Source("numba.md", 41)), example,
                replace(example, source=Source("numba.md", 64)), _note(4, "other.md", "", "别的笔记。")]
    md = merged_markdown(snippets)
    assert "numba.md" not in md and "other.md:5" in md.split("\n\n---\n\n")[1], md


def test_the_readers_language_first_keeps_a_parameters_name_over_its_description() -> None:
    """A bilingual record shows the reader's half first; a parameter list's names (`+ lr`, a word of no
    language) stay over their Chinese descriptions instead of going to the English half."""
    from notesense.features.render import in_reading_order

    listing = "+ lr\n\n  初始学习率，默认0.001\n\n+ betas\n\n  一阶/二阶矩的指数衰减系数"
    assert in_reading_order(listing, "zh-CN", "\n\n") == listing
    assert in_reading_order(listing, "en", "\n\n") == listing
    bilingual = "Pools the maximum of each window.\n\n+ kernel_size\n\n对每个窗口取最大值。"
    assert in_reading_order(bilingual, "zh-CN", "\n\n") == "对每个窗口取最大值。\n\nPools the maximum of each window.\n\n+ kernel_size"
    assert in_reading_order("Maximum Pooling / 最大池化", "zh-CN", " / ") == "最大池化 / Maximum Pooling"
