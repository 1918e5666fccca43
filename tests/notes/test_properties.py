"""Random Markdown (fences, headings, CJK, stray `\\r`, prompts, HTML) never crashes the parser or cleaner."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notesense.notes.code import clean
from notesense.notes.markdown import parse_sections
from notesense.notes.model import CodeBlock, NoteError
from notesense.notes.reader import read_text

PIECES = st.sampled_from([
    "# 标题", "## Heading", "Setext", "----", "====", "```", "```python", "~~~", "````", "    code = 1",
    "\t```", "- item", "1. step", "> quote", ">>> x = 1", "... y", "In [1]: z", "Out[1]: 2", "%timeit f()",
    "!pip install x", "print x", "<em>#c</em>", "&lt;", "<!-- notesense: context=torch a=b,c -->",
    "<!-- open", "[toc]", "[t](http://a.b)", "https://x.y/z", "import numpy as np", "def f(x):",
    "    return x", "x = F.re", "lu(y)", "100%|███| 5/5", "Traceback (most recent call last):", "中文说明",
    "", " ", "\r", "\r\n", "\t", "\x00", "{", "}", '"k": 1,', "key: value", "[section]", "$ ls",
    "class a.b.C(x, y=1)", "f(a[, b])", "f(a) → T", "》》》输出结果", "'''", '"""',
])
def _gb18030(text: str) -> bytes:
    return text.encode("gb18030", errors="replace")


TEXT = st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=40).map("\n".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, st.integers(min_value=1, max_value=500))
def test_parse_sections_never_crashes_and_lines_stay_in_range(text: str, first_line: int) -> None:
    sections = parse_sections(text, first_line)
    last = first_line + text.replace("\r\n", "\n").replace("\r", "\n").count("\n")
    for section in sections:
        assert len(section.lead) == len(section.blocks)
        for block in section.blocks:
            assert first_line <= block.line <= last
            assert "\r" not in block.text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, st.sampled_from(["", "python", "apache", "bash", "json"]))
def test_clean_never_crashes_and_reports_lines_inside_the_block(text: str, info: str) -> None:
    block = CodeBlock(info=info, text=text, line=7)
    result = clean(block)
    assert result.kind in {"python", "repl", "signature", "shell", "config", "output", "other"}
    if result.error is not None:
        assert 7 <= result.error[0] <= 7 + text.count("\n")
    for number, _, reason in result.set_aside:
        assert 7 <= number <= 7 + text.count("\n") and reason


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=200), TEXT.map(lambda t: t.encode("utf-8")), TEXT.map(_gb18030)))
def test_read_text_decodes_or_raises_note_error(data: bytes) -> None:
    try:
        text, encoding = read_text(data, "n.md")
    except NoteError as error:
        assert error.path == "n.md" and error.reason
        return
    assert "\r" not in text and encoding in ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "gb18030")
