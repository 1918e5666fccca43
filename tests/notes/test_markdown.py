"""Sections from Markdown: headings, prose as written, links, hints, fences (also in list items)."""

from __future__ import annotations

import pytest

from notesense.notes.markdown import parse_sections

NOTE = """\
# Pandas 一些语法

[toc]

<!-- more -->

## loc 操作 / iloc 操作

根据标签（label）索引，见 [文档](https://pandas.pydata.org/docs/) 和 <https://example.org/a>。
另见 https://example.com/b，或者 http://x.y/z.

```python
dfa.loc[dfa.start_time==0, 'start_time'] = np.nan
```

第二段说明。

~~~
stock.iloc[0:6,0:8]
~~~
Setext 标题
-----------

正文。
<!-- notesense: context=pandas symbols=pandas.DataFrame.loc,pandas.DataFrame.iloc prefix="loc at" -->
"""


def test_heading_paths_lines_and_setext() -> None:
    sections = parse_sections(NOTE)
    assert [(s.heading, s.line) for s in sections] == [
        (("Pandas 一些语法",), 1),
        (("Pandas 一些语法", "loc 操作 / iloc 操作"), 7),
        (("Pandas 一些语法", "Setext 标题"), 21),  # `---` underline: a level-2 heading
    ]


def test_prose_drops_code_toc_and_comments_but_keeps_markdown() -> None:
    top, loc, setext = parse_sections(NOTE)
    assert top.prose == ""  # only [toc] and an HTML comment
    assert loc.prose.startswith("根据标签（label）索引，见 [文档](https://pandas.pydata.org/docs/)")
    assert "第二段说明。" in loc.prose
    assert "dfa.loc" not in loc.prose and "iloc" not in loc.prose and "```" not in loc.prose
    assert setext.prose == "正文。"
    for toc in ("@[TOC](文章目录)", "@[toc]", "[TOC]"):  # CSDN's and Typora's contents markers
        assert not parse_sections(f"{toc}\n\n# 前言\n\n正文。\n")[0].prose.startswith(("@", "[")), toc


def test_blocks_lines_and_leads() -> None:
    loc = parse_sections(NOTE)[1]
    assert [(b.info, b.line, b.text) for b in loc.blocks] == [
        ("python", 13, "dfa.loc[dfa.start_time==0, 'start_time'] = np.nan\n"),
        ("", 19, "stock.iloc[0:6,0:8]\n"),
    ]
    assert loc.lead[0].startswith("根据标签") and loc.lead[1] == "第二段说明。"


def test_links_inline_autolink_and_bare() -> None:
    loc = parse_sections(NOTE)[1]
    assert loc.links == [
        "https://pandas.pydata.org/docs/",
        "https://example.org/a",
        "https://example.com/b",
        "http://x.y/z",
    ]


def test_hints_from_comments() -> None:
    setext = parse_sections(NOTE)[2]
    assert setext.hints == {
        "context": "pandas",
        "symbols": "pandas.DataFrame.loc,pandas.DataFrame.iloc",
        "prefix": "loc at",
    }


def test_first_line_offsets_every_line() -> None:
    sections = parse_sections(NOTE, first_line=10)
    assert sections[1].line == 16 and sections[1].blocks[0].line == 22


def test_fences_in_list_items_with_tabs_and_spaces_are_dedented() -> None:
    text = (
        "# T\n\n- 添加源：\n\n\t```cmd\n\tconda config --show\n\t```\n\n"
        "- item\n\n  ```python\n  if x:\n      y = 1\n  ```\n"
    )
    blocks = parse_sections(text)[0].blocks
    assert [(b.info, b.line, b.text) for b in blocks] == [
        ("cmd", 6, "conda config --show\n"),
        ("python", 12, "if x:\n    y = 1\n"),
    ]
    assert parse_sections(text)[0].lead == ["- 添加源：", "- item"]


def test_indented_blocks_only_when_clearly_code() -> None:
    text = (
        "# T\n\n说明：\n\n    import numpy as np\n    x = np.zeros(3)\n\n"
        "再说明：\n\n    这是缩进的一段中文文字，不是代码。\n\n    Note: call foo() first\n"
    )
    section = parse_sections(text)[0]
    assert [(b.info, b.line) for b in section.blocks] == [("", 5)]
    assert "这是缩进的一段中文文字" in section.prose and "Note: call foo() first" in section.prose


def test_indented_sentences_are_passages_of_prose() -> None:
    """Sentences indented four spaces (a converted notebook's `<div class="alert">` note goes on so)
    are no code: they are passages, their HTML tags dropped, and say what the note says."""
    text = ('# T\n\n<div class="alert alert-info"><h4>Note</h4><p>``torch.nn`` 只支持小批量输入。\n\n'
            "    如果你有单个样本，只需使用 ``input.unsqueeze(0)`` 来添加其它的维数</p></div>\n")
    section = parse_sections(text)[0]
    passages = [p.text for p in section.passages]
    assert any("来添加其它的维数" in p and "</p>" not in p for p in passages), passages
    assert not section.blocks


def test_a_numbered_title_underlined_is_a_heading_not_a_list() -> None:
    """"1. np.union1d()" over dashes (a plain-text note's sections) is the heading its author wrote:
    Markdown alone reads a one-item list and a rule, and "2. …" over `====` a list item. A numbered list
    with no underline, and the same lines in a fence, stay as they are."""
    text = ("SET OPERATIONS\n==============\n\n1. np.union1d()\n----------------\nReturns all unique values.\n\n"
            "2. np.intersect1d()\n====================\nReturns values present in both.\n\n3. plain item\n4. second\n\n"
            "```\n1. not a heading\n---\n```\n")
    sections = parse_sections(text)
    assert [(s.heading, s.line) for s in sections] == [
        (("SET OPERATIONS",), 1), (("SET OPERATIONS", "1. np.union1d()"), 4), (("2. np.intersect1d()",), 8)]
    assert sections[1].prose.strip() == "Returns all unique values."
    assert "3. plain item" in sections[2].prose and sections[2].blocks[0].text == "1. not a heading\n---\n"


def test_a_plain_text_banner_is_titled_by_its_words() -> None:
    """"=====" over a title and under it (a plain-text note's banner) is one setext heading in Markdown,
    whose first line is the rule: the title is the words, not the rule and the words."""
    text = "=" * 40 + "\nNUMPY CONCEPTS DEMONSTRATED\n" + "=" * 40 + "\n\nSome text.\n"
    assert [(s.heading, s.line) for s in parse_sections(text)] == [(("NUMPY CONCEPTS DEMONSTRATED",), 1)]


def test_text_before_first_heading_and_empty_input() -> None:
    assert parse_sections("") == []
    (only,) = parse_sections("plain text\n\n```\nx = 1\n```\n")
    assert only.heading == () and only.line == 1 and only.prose == "plain text" and only.blocks[0].line == 4


def test_empty_fences_are_skipped_and_unclosed_fence_runs_to_end() -> None:
    sections = parse_sections("# A\n\n```python\n\n```\n\n# B\n\n```\nx = 1\n")
    assert sections[0].blocks == []
    assert [(b.line, b.text) for b in sections[1].blocks] == [(10, "x = 1\n")]


def test_cr_line_endings_do_not_shift_lines() -> None:
    sections = parse_sections("# A\r\rtext\r\r```\rx = 1\r```\r")
    assert sections[0].blocks[0].line == 6 and sections[0].prose == "text"


def test_code_line_that_slipped_out_of_a_list_fence_does_not_swallow_the_note() -> None:
    text = "# A\n\n- item\n  ```python\n  x = 1\ny = 2\n  ```\n\nmore text\n\n# B\n\ntext b\n\n```\nz = 3\n```\n"
    a, b = parse_sections(text)
    assert [(blk.line, blk.text) for blk in a.blocks] == [(5, "x = 1\ny = 2\n")]
    assert a.prose == "- item\n\nmore text"
    assert (b.heading, b.line, b.prose) == (("B",), 11, "text b")
    assert [(blk.line, blk.text) for blk in b.blocks] == [(16, "z = 3\n")]


def test_a_list_fence_that_really_ends_is_left_alone() -> None:
    a, b = parse_sections("# A\n\n- item\n  ```python\n  x = 1\n\n# B\n\n```\nz = 3\n```\n")
    assert [blk.text for blk in a.blocks] == ["x = 1\n\n"]
    assert b.heading == ("B",) and [(blk.line, blk.text) for blk in b.blocks] == [(10, "z = 3\n")]


def test_an_interpreter_session_pasted_without_a_fence_is_a_transcript_block() -> None:
    """`>>>` lines in Markdown are nested block quotes to CommonMark; in a note they are a session:
    one code block from the first prompt to the output after the last, out of the prose."""
    text = ("# numpy\n\n## 广播\n\n形状从右往左对齐。\n\n>>> x = np.arange(3).reshape(3, 1)\n>>> (x + np.arange(4)).shape\n"
            "(3, 4)\n\n后面的话。\n")
    [_, section] = parse_sections(text)
    [block] = section.blocks
    assert block.line == 7 and block.text.startswith(">>> x = np.arange(3)") and "(3, 4)" in block.text
    assert ">>>" not in section.prose and "(3, 4)" not in section.prose
    assert "形状从右往左对齐" in section.prose and "后面的话" in section.prose
    assert section.lead == ["形状从右往左对齐。"]
    [quoted] = parse_sections("# q\n\n> 引用一句话\n")
    assert not quoted.blocks and quoted.prose == "> 引用一句话"  # an ordinary quote stays prose


def test_code_pasted_into_a_quote_is_a_block_led_by_the_prose_above() -> None:
    """A blog editor's quote holding code (`> import pickle`, the lines under it lazily quoted, comments
    alone on a line) is a block the note set off as a quote: the sentence above leads into it. A quote
    of words, or of one line of code, stays prose; so does a quote holding a list."""
    text = ("# 保存\n\n## Pickle\nPickle is the standard way of serializing objects in Python.  \n示例：  \n"
            "> import pickle  \n#save model to file  \npickle.dump(model, open('m.dat', 'wb'))  \n"
            "loaded = pickle.load(open('m.dat', 'rb'))\n\n详见参考\n\n"
            "> 引用一句话，提到 pickle.dump(obj, f)\n\n> x = pickle.loads(data)\n\n> - import os\n> - os.getcwd()\n")
    [_, section] = parse_sections(text)
    [block] = section.blocks
    assert block.line == 6 and block.text.startswith("import pickle") and "pickle.load(open" in block.text
    assert ">" not in block.text
    assert section.lead == ["Pickle is the standard way of serializing objects in Python.\n示例："]
    assert "pickle.dump(model" not in section.prose and "详见参考" in section.prose
    assert "> 引用一句话" in section.prose and "> x = pickle.loads(data)" in section.prose and "os.getcwd()" in section.prose


def test_an_ipython_session_pasted_as_text_is_a_transcript_block() -> None:
    """`In [1]:` / `Out[1]:` lines pasted into a blog post without a fence read as paragraphs; they are a
    session: one transcript block from the first prompt to the last output (indented output and
    blank lines between prompts included), prose before and after stays prose."""
    text = ("# Tips\n\nLoad the data first:\n\nIn [1]: import pandas as pd\n\nIn [2]: df = pd.read_csv('tips.csv')\n\n"
            "In [3]: df.head(2)\nOut[3]:\n   total_bill   tip\n0       16.99  1.01\n\n"
            "    1       10.34  1.66\n\nThen summarise it.\n\nIn [4]: df.describe()\nOut[4]:\n       tip\ncount  244.0\n\n"
            "Inline In [5]: prompts inside a sentence stay prose.\n")
    [section] = parse_sections(text)
    first, second = section.blocks
    assert first.line == 5 and first.text.startswith("In [1]: import pandas") and "10.34" in first.text
    assert second.line == 18 and second.text.startswith("In [4]: df.describe()") and "244.0" in second.text
    assert "In [" not in section.prose.replace("Inline In [5]", "") and "16.99" not in section.prose
    assert "Load the data first" in section.prose and "Then summarise it." in section.prose
    assert section.lead == ["Load the data first:", "Then summarise it."]  # each block's lead sentence


def test_blog_engines_code_tags_are_code_blocks() -> None:
    """Hexo's `{% codeblock lang:python %}` / `{% code %}` and Jekyll's `{% highlight python %}` hold
    code, on the lines they stand on; an opening tag never closed stays prose."""
    text = ("# 博客\n\n## zip\n\n{% codeblock zip.py lang:python %}\nfor n, a in zip(names, ages):\n    print(n, a)\n"
            "{% endcodeblock %}\n\nzip 按最短的截断。\n\n## sorted\n\n{% highlight python linenos %}\nsorted(xs, key=len)\n"
            "{% endhighlight %}\n\n## 没关\n\n{% code %}\n说明文字\n")
    _, first, second, third = parse_sections(text)
    [block] = first.blocks
    assert (block.info, block.line, block.text) == ("python", 6, "for n, a in zip(names, ages):\n    print(n, a)\n")
    assert "codeblock" not in first.prose and "zip 按最短的截断" in first.prose
    assert [(b.info, b.line, b.text) for b in second.blocks] == [("python", 15, "sorted(xs, key=len)\n")]
    assert not third.blocks and "{% code %}" in third.prose


def test_gitbook_ace_editor_tags_are_code_blocks() -> None:
    """GitBook's ace plugin, `{%ace edit=true, lang='python'%}` … `{%endace%}`, holds code with its
    language, on the lines it stands on."""
    text = ("# 模型持久化\n\n可使用 pickle 模块持久化模型。\n\n{%ace edit=true, lang='java'%}\nimport pickle\n"
            "pickle.dump(clf, f)\n{%endace%}\n\n之后的说明。\n")
    [section] = parse_sections(text)
    [block] = section.blocks
    assert (block.info, block.line, block.text) == ("java", 6, "import pickle\npickle.dump(clf, f)\n")
    assert "ace" not in section.prose and "之后的说明" in section.prose


def test_blog_engines_prose_wrappers_are_no_prose() -> None:
    """Hexo's `{% cq %}…{% endcq %}`, NexT's `{% note info %}` and GitBook's `{% hint %}` wrap the note's
    words: the words stay, the tags go; inside a fence (a Django template) they are code, kept."""
    text = ("# 梯度\n\n{% cq %}本篇介绍梯度是什么。 {% endcq %}\n\n## grad\n\n{% note info %}\n"
            "`torch.autograd.grad` 计算并返回梯度。\n{% endnote %}\n\n```html\n{% raw %}{{ x }}{% endraw %}\n```\n")
    first, second = parse_sections(text)
    assert "本篇介绍梯度是什么。" in first.prose and "{%" not in first.prose
    assert "计算并返回梯度" in second.prose and "{%" not in second.prose
    assert second.blocks[0].text == "{% raw %}{{ x }}{% endraw %}\n"


def test_a_notebook_exported_to_markdown_keeps_its_outputs_out_of_the_prose() -> None:
    """nbconvert indents what a cell printed under its fence: a warning with the source line it
    points at is no prose; the words after it are."""
    text = (
        "# 训练\n\n```python\nfor epoch in range(3):\n    train(epoch)\n```\n\n"
        "    /opt/lib/python3.8/site-packages/torch/nn/functional.py:718: UserWarning: Named tensors are experimental.\n"
        "      return torch.max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode)\n\n"
        "训练完成后，可以使用 torch.save 保存模型。\n\n    这一段缩进的说明不紧跟代码块，仍是正文。\n"
    )
    [section] = parse_sections(text)
    assert "UserWarning" not in section.prose and "max_pool2d" not in section.prose
    assert "训练完成后" in section.prose and "仍是正文" in section.prose


def test_what_a_page_loads_and_a_stray_rule_are_no_prose() -> None:
    """A blog post's embed script (`<script async src="…widgets.js">`) and a `===` a blank line parts from
    the sentence it would underline are the page's, not the note's words; the sentences stay."""
    text = ("# TIL\n\nToday I learned about the `math.nextafter` method.\n\n===\n\n"
            '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>\n\n'
            "It gives the next float after x towards y.\n")
    [section] = parse_sections(text)
    assert "Today I learned" in section.prose and "next float after x" in section.prose
    assert "<script" not in section.prose and "===" not in section.prose


def test_a_warning_line_is_pasted_output() -> None:
    from notesense.notes.classify import pasted_output_line

    assert pasted_output_line("/data1/envs/lib/python3.8/site-packages/torchvision/datasets/mnist.py:498: UserWarning: x")
    assert pasted_output_line("  main.py:3: DeprecationWarning: use y")
    assert not pasted_output_line("见 utils.py:3 的说明：Warning 不是错误。")


def test_a_callouts_end_heading_returns_to_the_section_it_interrupted() -> None:
    """`#### 【NOTE】…` opens a callout and `#### 【END】` closes it (a course's notebooks write both as
    headings): the prose after the END belongs to the section before the callout again."""
    text = "### 1. 读取\n\n读文件。\n\n#### 【NOTE】类型\n\n混合类型。\n\n#### 【END】\n\n可以使用`drop_duplicates`。\n"
    sections = parse_sections(text)
    assert [s.heading for s in sections] == [("1. 读取",), ("1. 读取", "【NOTE】类型"), ("1. 读取",)]
    assert "drop_duplicates" in sections[-1].prose


def test_html_paragraphs_are_prose_and_their_tables_are_not() -> None:
    """A paragraph pasted from a web page as HTML is prose (its `<code>` and `<strong>` as marks, its
    entities decoded); the table after it in the same block, and an exported DataFrame, are data."""
    sections = parse_sections(
        "## shift\n"
        "<p>shift函数是对数据进行<strong>移动</strong>的操作，例如 <code>df.shift(1)</code> &amp; 更多：</p>\n"
        "<table>\n<tr><th>index</th><th>value1</th></tr>\n<tr><td>0</td><td>42</td></tr>\n</table>\n"
        "\n"
        "<div>\n<table border=\"1\" class=\"dataframe\">\n<tr><td>Alexandria</td></tr>\n</table>\n</div>\n"
    )
    (section,) = sections
    assert "shift函数是对数据进行**移动**的操作，例如 `df.shift(1)` & 更多：" in section.prose
    assert "42" not in section.prose and "<" not in section.prose and "Alexandria" not in section.prose
    (passage,) = section.passages
    assert passage.line == 2 and passage.code == ("df.shift(1)",) and passage.strong == ("移动",)


def test_a_repeated_link_is_normalised_once(monkeypatch) -> None:
    # every section of a note may link the same doc page: markdown-it's destination normalising
    # (mdurl parse, punycode, percent-encoding) runs once per distinct link, not at each link
    from markdown_it.common import normalize_url

    from notesense.notes import markdown

    seen: list[str] = []
    original = normalize_url.normalizeLink
    monkeypatch.setattr(normalize_url, "normalizeLink", lambda url: seen.append(url) or original(url))
    markdown._MD.normalizeLink.cache_clear()
    text = "".join(f"## Part {i}\n\nSee [the docs](https://example.org/dö/{{x}}) here.\n\n" for i in range(4))
    sections = parse_sections(text)
    assert [s.links for s in sections] == [["https://example.org/d%C3%B6/%7Bx%7D"]] * 4
    assert seen == ["https://example.org/dö/{x}"]


def test_printed_values_are_pasted_output() -> None:
    """What `print` wrote under the code, pasted as a quote or bare: values only, never the note's words."""
    from notesense.notes.classify import pasted_output_line

    for line in ["> ['hello', [1, 2]] ['hello', [1, 2]]", "140234 140236", "tensor([1., 2.], requires_grad=True)",
                 "> None", "{'lr': 0.1}", "(2, 3)", "> ['https://a ', 'https://b ']   # the last one has no space"]:
        assert pasted_output_line(line), line
    for line in ["3 ways to sort", "(x + y) * 2", "True if found", "-1 means the last axis", "(optional) axis",
                 "1.https://stackoverflow.com/q/1", "a 和 b 的地址都不一样", "[link](https://example.org/3)"]:
        assert not pasted_output_line(line), line


def test_a_book_tab_marker_says_the_blocks_reader_and_is_no_code(tmp_path) -> None:
    """d2l-book's `#@tab pytorch` first line: the block's reader (`variant`), left out of the code a hover
    shows and a completion inserts; the block keeps its lines (the marker's is left blank), so its
    record still links to the block's first line."""
    from notesense.compile.build import compile_note
    from notesense.notes.code import clean
    from notesense.notes.reader import load_note

    text = "# 张量\n\n```{.python .input}\n#@tab pytorch\nimport torch\nx = torch.arange(12)\nx.reshape(3, 4)\n```\n"
    [section] = parse_sections(text)
    [block] = section.blocks
    assert block.variant == "pytorch" and block.text.split("\n")[:2] == ["", "import torch"] and block.line == 4
    assert clean(block).code.strip("\n").startswith("import torch")
    note = tmp_path / "张量.md"
    note.write_text(text, encoding="utf-8")
    [record] = [r for r in compile_note(load_note(note, "张量.md"), clean).snippets if r.code]
    assert "#@tab" not in record.code and "#@tab" not in record.body and record.source.line == 4


def test_asides_read_as_prose_without_their_markup() -> None:
    """Doc sites' containers (`::: tip 标题` … `:::`), GitHub alerts and Obsidian callouts (`> [!NOTE]`)
    and MyST's fenced admonitions (```{note}) are prose: their markers stay out, their titles stay in."""
    section = parse_sections(
        "# 表\n\n::: tip 合并前\n先用 `df.dropna()` 去掉空行。\n:::\n\n> [!NOTE]\n> `df.copy()` returns a new frame.\n\n"
        "> [!tip]- 小技巧\n> 用 `df.pipe` 串起来。\n\n```{note}\nIndices are **not** inclusive.\n```\n\n"
        ":::{admonition,important}\nFancy indexing creates copies.\n:::\n"
    )[0]
    texts = [p.text for p in section.passages]
    assert texts == ["**合并前**\n先用 `df.dropna()` 去掉空行。", "> **Note**\n> `df.copy()` returns a new frame.",
                     "> **小技巧**\n> 用 `df.pipe` 串起来。", "Indices are **not** inclusive.", "Fancy indexing creates copies."], texts
    assert not section.blocks  # the fenced note is no code block
    assert ":::" not in section.prose and "[!" not in section.prose and "```" not in section.prose


def test_mkdocs_admonitions_and_tabs_read_as_their_bodies_line_for_line() -> None:
    """MkDocs' `!!! note "标题"`, `??? tip` and `=== "Tab"` indent their bodies four spaces, which plain
    Markdown reads as a code block: their prose is prose, a fence inside one is a code block at its
    own line, and a fence's own `!!!` line is code."""
    sections = parse_sections(
        '# 去重\n\n!!! note "注意"\n    `df.drop_duplicates()` 默认保留第一次出现的行。\n\n'
        '??? example\n    ```python\n    s = df.duplicated()\n    ```\n\n'
        '=== "按列"\n\n    `pd.concat([a, b], axis=1)` 按列拼接。\n\n'
        '```text\n!!! note\n    not an aside\n```\n\n'
        '!!! note "Create a tensor with a fixed seed"\n    ```python\n    torch.manual_seed(0)\n    ```\n'
    )
    section = sections[0]
    texts = [p.text for p in section.passages]
    # a title that says something is what the note says of its body; a label ("注意") is none
    assert texts == ["`df.drop_duplicates()` 默认保留第一次出现的行。", "`pd.concat([a, b], axis=1)` 按列拼接。",
                     "Create a tensor with a fixed seed"], texts
    assert section.lead[-1] == "Create a tensor with a fixed seed", section.lead
    python = [b for b in section.blocks if b.text.startswith("s = ")]
    assert len(python) == 1 and python[0].line == 8, [(b.line, b.text) for b in section.blocks]
    assert any("!!! note\n    not an aside" in b.text for b in section.blocks), [b.text for b in section.blocks]


def test_myst_code_cell_options_are_no_code_and_keep_the_lines() -> None:
    """Jupyter Book's Markdown notebooks put a cell's options atop its fence (`:tags: [hide-output]`, or a
    `---` YAML block): they are build settings, so the block is the cell's code alone, and each code
    line keeps its place in the note (the blanked options still count)."""
    from notesense.notes.code import clean

    sections = parse_sections(
        "# 分箱\n\n```{code-cell} ipython3\n:tags: [hide-output]\n:name: cut\nb = pd.cut(s, bins=3)\n```\n\n"
        "```{code-cell} ipython3\n---\ntags: [remove-input]\n---\nlong = pd.melt(df, id_vars=['id'])\n```\n\n"
        "```python\n:not: an option outside a directive\n```\n"
    )
    blocks = sections[0].blocks
    cells = [clean(block) for block in blocks[:2]]
    assert [c.kind for c in cells] == ["python", "python"], cells
    assert [c.code.strip() for c in cells] == ["b = pd.cut(s, bins=3)", "long = pd.melt(df, id_vars=['id'])"]
    assert [block.line + block.text.split("\n").index(code.code.strip()) for block, code in zip(blocks, cells)] == [6, 13]
    assert blocks[2].text.startswith(":not:")  # only a directive's fence has options


def test_an_example_heading_after_a_sections_prose_is_that_sections_example() -> None:
    """"#### Example" right after "#### Inverse Matrix" and its words is the example of what they explain:
    one section, its block led by them. An example heading after a section with no words of its own, or
    one at another level, stays a section."""
    sections = parse_sections(
        "### Inverses\n\n#### Inverse Matrix\n\nThe inverse is crucial in solving systems.\n\n#### Example\n\n"
        "```python\ninv_M = np.linalg.inv(M)\n```\n\n#### Determinant\n\n#### 示例\n\n```python\nnp.linalg.det(M)\n```\n"
    )
    headings = [s.heading[-1] for s in sections]
    assert headings == ["Inverses", "Inverse Matrix", "Determinant", "示例"], headings
    inverse = sections[1]
    assert len(inverse.blocks) == 1 and "crucial in solving" in inverse.prose and "Example" not in inverse.prose
    assert inverse.blocks[0].line == 10


def test_a_part_titled_in_bold_ends_at_the_next_bold_title_even_one_with_a_comma() -> None:
    """A notebook titles its parts in bold lines; the next part's title holds a comma, which a bold line
    alone would read as a sentence. Under a bold title it opens the next part, so the first part keeps
    its own cells only. A bold line that ends a sentence or labels stays emphasis in its part, and so does
    a bold sentence under a real heading."""
    sections = parse_sections(
        "## 函数配合使用\n\n**列表原地排序**\n\n```python\nnums.sort()\n```\n\n**接着，我们写一个猜数小游戏**\n\n"
        "```python\ndef ask():\n    return input()\n```\n\n**Tuples are immutable!**\n\n**小练习：改成猜三次，再看结果**\n\n"
        "```python\nanswer = ask()\n```\n\n## Next\n\n**Well, this is emphasis**\n\n```python\nx = 1\n```\n"
    )
    assert [(s.heading[-1], len(s.blocks)) for s in sections] == [
        ("函数配合使用", 0), ("列表原地排序", 1), ("接着，我们写一个猜数小游戏", 2), ("Next", 1)], sections
    assert "**Tuples are immutable!**" in sections[2].prose and "**小练习：改成猜三次，再看结果**" in sections[2].prose
    assert "**Well, this is emphasis**" in sections[3].prose


def test_a_heading_written_as_html_opens_a_section() -> None:
    """Notebooks title their parts in HTML (`<h3 align='Left'>Plotting Original Data</h3>`): a section
    opens there as under `###`, at its level, and lines after it in the same HTML block are prose."""
    sections = parse_sections(
        "<h1>Sampling with Replacement</h1>\n\nWhat it is.\n\n"
        "<h3 align='Left'>Using <b>pandas</b></h3>\nThe code below uses <code>df.sample</code>.\n\n"
        "```python\ndf.sample(frac=1, replace=True)\n```\n\n<h2>Without Replacement</h2>\n\nNo repeats.\n"
    )
    assert [s.heading for s in sections] == [
        ("Sampling with Replacement",), ("Sampling with Replacement", "Using pandas"), ("Sampling with Replacement", "Without Replacement")]
    assert sections[1].line == 5 and [p.text for p in sections[1].passages] == ["The code below uses `df.sample`."]
    assert len(sections[1].blocks) == 1 and "<h" not in sections[0].prose + sections[1].prose


def test_a_line_of_display_math_is_no_heading_underline_nor_item() -> None:
    """A notebook's equation over several lines (`J =`, `\\begin{bmatrix} … \\end{bmatrix}`, then `=` on a
    line of its own, then `- b^2`) is one paragraph of the section: its `=` line underlines no heading
    and its `- b^2` opens no list, so the words after it stay in the section."""
    sections = parse_sections(
        "## Backward for vectors\n\nThe output is a vector now.\n\n$$\nJ =\n\\begin{bmatrix}\na \\\\\n\\end{bmatrix}\n"
        "=\n\\begin{bmatrix}\nb\n\\end{bmatrix}\n- c^2\n$$\n\nPass the vector to `y.backward(v)`.\n\n"
        "```python\nx = 1\n=\n```\n"
    )
    assert [s.heading for s in sections] == [("Backward for vectors",)], [s.heading for s in sections]
    prose = sections[0].prose
    assert "y.backward(v)" in prose and "J =" in prose and "c^2" in prose, prose
    assert sections[0].blocks[0].text == "x = 1\n=\n", sections[0].blocks[0].text


def test_display_math_left_open_escapes_nothing_after_its_paragraph() -> None:
    """A `$$` that opens and never closes (an inline `$$x$$` counted wrong, a typo) ends with its paragraph:
    the heading and the list after it are Markdown still."""
    sections = parse_sections("## Loss\n\n$$ L = \\sum_i l_i\n\n### Why it works\n\n- it is smooth\n- it is convex\n")
    assert [s.heading[-1] for s in sections] == ["Loss", "Why it works"], [s.heading for s in sections]
    assert "- it is smooth" in sections[1].prose, sections[1].prose


def test_headings_written_without_the_space_are_headings() -> None:
    """Older editors and blog engines took "##list函数" for a heading, and people wrote them so; one `#`
    counts too in a note written that way, unless the line is tags (`#pandas #numpy`). Code keeps its `##`."""
    text = ("#列表(3)\n\n接着上节内容。\n\n##list函数\n\n###insert\n\n`insert()`是插入。\n\n#pandas #numpy\n\n"
            "###pop和remove\n`list.pop([i])`默认删除最后一个。\n\n```python\n##not a heading\nx = 1\n```\n")
    sections = parse_sections(text)
    assert [(s.heading, s.line) for s in sections] == [
        (("列表(3)",), 1),
        (("列表(3)", "list函数"), 5),
        (("列表(3)", "list函数", "insert"), 7),
        (("列表(3)", "list函数", "pop和remove"), 13),
    ]
    assert sections[-1].prose.strip() == "`list.pop([i])`默认删除最后一个。"
    assert sections[-1].blocks[0].text == "##not a heading\nx = 1\n"
    # a note with no `##`-deep one is left as CommonMark reads it: "#hashtag" lines are tags, no headings
    assert [s.heading for s in parse_sections("# Title\n\n#seed\n\n正文。\n")] == [("Title",)]


def test_a_bold_line_after_a_short_label_is_the_label_s_value_not_a_heading() -> None:
    """"返回值：" then "**每次进行验证的分数列表**": the bold line says what the label leads into, in the
    section's prose; after a longer line that ends in a colon it still titles a part."""
    sections = parse_sections(
        "# cross_val_score\n\n参数：\n\n- `cv`：几折交叉验证\n\n返回值：\n\n**每次进行验证的分数列表**\n\n"
        "下面用随机森林演示整个流程的写法：\n\n**随机森林回归**\n\n```python\nx = 1\n```\n")
    assert [s.heading[-1] for s in sections] == ["cross_val_score", "随机森林回归"], sections
    assert "**每次进行验证的分数列表**" in sections[0].prose


def test_a_heading_s_attributes_are_no_part_of_its_title() -> None:
    """GitBook and Pandoc exports end headings with `{#id}` or `{.class}`: the title is the words before."""
    sections = parse_sections("# 发送请求\n\n## 3. 高级用法 {#3-高级用法}\n\n### 认证 {#认证 .small}\n\n说明\n\n## dict {key: value}\n\nx\n")
    assert [s.heading[-1] for s in sections[1:]] == ["3. 高级用法", "认证", "dict {key: value}"], sections


def test_a_heading_on_a_side_of_the_api_above_it_reads_as_part_of_its_section() -> None:
    """"#### 参数详解" right under "### 2. `cv.resize()` — 核心 API": the parameters of what that section is
    about, in its section, not a section of their own."""
    sections = parse_sections(
        "# Day10\n\n### 2. `cv.resize()` — 核心 API\n\n```python\ndst = cv.resize(image, (0, 0), fx=0.75)\n```\n\n"
        "#### 参数详解\n\n|参数|含义|\n|---|---|\n|fx|宽度缩放因子|\n")
    assert [s.heading[-1] for s in sections] == ["Day10", "2. cv.resize() — 核心 API"], sections
    assert "宽度缩放因子" in sections[1].prose


@pytest.mark.parametrize(("text", "said"), [
    # a notebook's author boxes their own words in ```text; a text fence of a program or its output stays a block
    ("### Decoding\n\n```text\n- Decoding is going the other way around: from vocabulary indices, we want a string.\n"
     "- This can be done with the decode() method as follows:\n```\n\n"
     "### Output\n\n```text\n[101, 7993, 170, 102]\ntensor([[0.1, 0.9]])\n```\n\n"
     "### Request\n\n```text\nimport urllib.request\nresponse = urllib.request.urlopen('https://www.python.org')\n```\n",
     ["with the decode() method as follows:"]),
    # a fence labelled python of the names it explains and Chinese sentences; Chinese a program printed
    # ("张三 18 男") and code with Chinese comments stay blocks
    ("### 参考区域\n\n```python\naxhspan() / axvspan()\n\nh ~ horizontal，水平的\nv ~ vertical，垂直的\n"
     "这两个函数分别用于设置平行于x轴/y轴的参考区域。\n```\n\n"
     "### 输出\n\n```python\n张三 18 男\n李四 20 女\n王五 19 男\n```\n\n"
     "### 代码\n\n```python\n# 这两个函数分别用于设置参考区域。\nplt.axhspan(0, 1)\n```\n",
     ["这两个函数分别用于设置平行于x轴/y轴的参考区域。", "axhspan() / axvspan()"]),
])
def test_a_fence_of_sentences_is_prose(text: str, said: list[str]) -> None:
    """A fence whose lines are its author's sentences is the section's prose, its fence lines no part of it;
    the sections after it, each a fence of a program or what one printed, keep their block."""
    boxed, *others = parse_sections(text)
    assert all(words in boxed.prose for words in said) and not boxed.blocks, boxed
    assert "```" not in boxed.prose
    assert all(len(section.blocks) == 1 for section in others), others
