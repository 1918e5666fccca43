"""The server's text documents take an incremental edit as pygls does, in a few C calls instead of a
Python step per line (`notesense.lsp.text`): a keystroke in a 50,000-line file is answered sooner."""

from __future__ import annotations

import sys

from hypothesis import given, settings
from hypothesis import strategies as st
from lsprotocol import types
from pygls.workspace import TextDocument
from pygls.workspace.position_codec import PositionCodec

from notesense.lsp.text import Text, Texts

LINES = st.lists(st.sampled_from(["", "x = 1", "df['a'] = 0", "中文注释", "emoji 😀 here", "\t  tail "]), max_size=8)


def _pair(source: str, encoding: types.PositionEncodingKind) -> tuple[TextDocument, Text]:
    codec = PositionCodec(encoding=encoding)
    return (TextDocument("file:///a.py", source, position_codec=codec), Text("file:///a.py", source, position_codec=codec))


@settings(max_examples=300, deadline=None)
@given(lines=LINES, ending=st.sampled_from(["\n", "\r\n"]), positions=st.lists(st.integers(0, 12), min_size=4, max_size=4),
       text=st.sampled_from(["", "1", "ab\ncd", "😀", "新\r\n"]),
       encoding=st.sampled_from([types.PositionEncodingKind.Utf16, types.PositionEncodingKind.Utf8,
                                 types.PositionEncodingKind.Utf32]))
def test_an_edit_gives_the_text_pygls_gives(lines: list[str], ending: str, positions: list[int], text: str,
                                            encoding: types.PositionEncodingKind) -> None:
    source = ending.join(lines)
    ours, theirs = _pair(source, encoding)[1], _pair(source, encoding)[0]
    a, b, c, d = positions
    start, end = sorted([(a % (len(lines) + 1), b), (c % (len(lines) + 1), d)])
    change = types.TextDocumentContentChangePartial(
        range=types.Range(start=types.Position(line=start[0], character=start[1]),
                          end=types.Position(line=end[0], character=end[1])), text=text)
    theirs.apply_change(change)
    ours.apply_change(change)
    assert ours.source == theirs.source


def test_an_edit_in_a_large_file_takes_a_few_calls_not_one_per_line() -> None:
    source = "".join(f"value_{i} = {i}\n" for i in range(50_000))
    ours, theirs = _pair(source, types.PositionEncodingKind.Utf16)[1], _pair(source, types.PositionEncodingKind.Utf16)[0]
    change = types.TextDocumentContentChangePartial(
        range=types.Range(start=types.Position(line=25_000, character=8), end=types.Position(line=25_000, character=9)),
        text="7")
    calls = {}
    for name, document in (("pygls", theirs), ("ours", ours)):
        count = 0

        def counted(frame, event, arg) -> None:
            nonlocal count
            count += event == "c_call"

        sys.setprofile(counted)
        try:
            document.apply_change(change)
        finally:
            sys.setprofile(None)
        calls[name] = count
    assert ours.source == theirs.source
    assert calls["pygls"] > 50_000 and calls["ours"] < 100, calls


def test_the_workspace_makes_such_documents() -> None:
    workspace = Texts(None)
    workspace.put_text_document(types.TextDocumentItem(uri="file:///a.py", language_id="python", version=1, text="x = 1\n"))
    assert isinstance(workspace.get_text_document("file:///a.py"), Text)
