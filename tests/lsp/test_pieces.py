"""The server's own small pieces, without a client: settings, capabilities, positions, watching."""

from __future__ import annotations

import os
import time
from pathlib import Path

from lsprotocol import types
from notesense.lsp.config import Settings
from notesense.lsp.context import ClientContext
from notesense.lsp.convert import Positions, lsp_lines, note_location
from notesense.library.snapshot import stamp
from notesense.lsp.watch import PollingWatcher, registration
from pygls.workspace.position_codec import PositionCodec
from pytest_lsp import client_capabilities


def test_settings_accept_the_section_or_a_wrapper():
    raw = {"notes": "~/notes", "snippets": ["a", 3], "completion": {"showAll": True}, "lint": {"enable": False}}
    for value in (raw, {"notesense": raw}):
        s = Settings.parse(value)
        assert s.notes == ("~/notes",) and s.snippets == ("a",)
        assert s.show_all and not s.lint_enable and s.names_sources
    empty = Settings.parse(None)
    assert not empty.names_sources and empty.lint_enable and not empty.show_all
    assert Settings.parse({"completion": "yes"}).show_all is False


def test_client_context_from_real_profiles():
    vscode = ClientContext.from_capabilities(client_capabilities("visual-studio-code"))
    assert vscode.snippet_support and vscode.hover_markdown and vscode.watch_registration
    old_nvim = ClientContext.from_capabilities(client_capabilities("neovim@v0.6.1"))
    assert not old_nvim.snippet_support and not old_nvim.watch_registration
    bare = ClientContext.from_capabilities(types.ClientCapabilities())
    assert not bare.snippet_support and not bare.hover_markdown and not bare.work_done_progress


def test_positions_count_utf16_units():
    text = 'x = "数据😀"; np.argwhere(a)\r\nsecond\u2028same line'
    lines = lsp_lines(text)
    assert len(lines) == 2  # \u2028 does not end a line in LSP
    pos = Positions(lines, PositionCodec(types.PositionEncodingKind.Utf16))
    col = lines[0].index("np.")
    assert pos.position(0, col) == types.Position(line=0, character=col + 1)  # 😀 is two units
    utf32 = Positions(lines, PositionCodec(types.PositionEncodingKind.Utf32))
    assert utf32.position(0, col).character == col
    assert pos.position(9, 0) == types.Position(line=1, character=len("second\u2028same line"))


def test_note_locations(tmp_path: Path):
    note = tmp_path / "笔记.md"
    loc = note_location(note.as_uri() + "#L12", 1)
    assert loc.uri == note.as_uri() and loc.range.start.line == 11
    loc = note_location(str(note), 3)
    assert loc.uri == note.as_uri() and loc.range.start.line == 2


def test_stamp_names_the_inputs_as_the_watcher_globs_them(tmp_path: Path):
    """The stamp tests and joins names by string operations (each reload stamps every note): the same
    files, named as `os.path.join` names them, as the suffix rules say."""
    names = ["a.md", "B.MD", "c.ipynb", "lib.yaml", "x.", "noext", ".x.md", "x.md.bak", "md", "d.rst.txt"]
    for name in names:
        (tmp_path / name).write_text("x", encoding="utf-8")
    for folder in ("sub", "node_modules", ".git"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "n.markdown").write_text("x", encoding="utf-8")
    expected = sorted(str(tmp_path / n) for n in ("a.md", "B.MD", "c.ipynb", "lib.yaml", "d.rst.txt", "sub/n.markdown"))
    assert sorted(stamp([tmp_path])) == expected
    assert sorted(stamp([Path(f"{tmp_path}{os.sep}")])) == expected  # a root written with its slash


def test_polling_watcher_sees_add_change_delete(tmp_path: Path):
    (tmp_path / "a.md").write_text("# a\n", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.md").write_text("x", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    assert list(stamp([tmp_path])) == [str(tmp_path / "a.md")]
    seen: list[list[str]] = []
    watcher = PollingWatcher([tmp_path], seen.append, interval=0.05)
    watcher.start()
    try:
        time.sleep(0.1)
        (tmp_path / "b.txt").write_text("new", encoding="utf-8")
        deadline = time.monotonic() + 5
        while not seen and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        watcher.stop()
    assert seen and seen[0] == [str(tmp_path / "b.txt")]


def test_watch_registration_globs(tmp_path: Path):
    params = registration([tmp_path], relative_patterns=True)
    watcher = params.registrations[0].register_options.watchers[0]
    assert watcher.glob_pattern.base_uri == tmp_path.as_uri() and "md" in watcher.glob_pattern.pattern
    params = registration([tmp_path], relative_patterns=False)
    glob = params.registrations[0].register_options.watchers[0].glob_pattern
    assert glob.startswith(tmp_path.as_posix() + "/**/*.{")


def _candidates():
    from notesense.features.completion import Candidate, TextEdit

    tricky = 'df.fillna("数据😀", path="C:\\\\x")\n\tx\x01'
    return [
        Candidate("df.fillna", "pandas.fillna-1", "df.fillna(${1:0})$0", True, 1, 4, 7, "df.fillna", "~0000",
                  "fillna 的用法", "  note.md:3", [TextEdit(0, 0, 0, 0, "import pandas as pd\n")]),
        Candidate("标签😀", "zh-2", tricky, False, 1, 0, 2, "", "", "", "  笔记.md:9", []),
        Candidate("np.where", "numpy.where-3", "np.where(a)", True, 2, 0, 3, "np.where", "00001", "", "", []),
        Candidate("df.append", "pandas.append-4", "df.append(${1:x})$0", True, 1, 4, 7, "df.append", "~~~0004",
                  "NS102: use pd.concat", "", [], deprecated=True),
    ]


def test_completion_list_is_the_json_of_its_lsp_items():
    """The hot path writes the JSON text itself: it must be what `json.dumps` (pygls' encoder) gives
    for the same items, and those items what lsprotocol's converter makes of the LSP types."""
    import json

    from notesense.lsp.convert import Wire, completion_list
    from notesense.lsp.server import converter

    lines = ["import pandas as pd", "df.fil 数据😀", "np."]
    pos = Positions(lines, PositionCodec(types.PositionEncodingKind.Utf16))
    for caps in (client_capabilities("visual-studio-code"), client_capabilities("neovim@v0.6.1")):
        ctx = ClientContext.from_capabilities(caps)
        for complete in (True, False):
            wire = completion_list(_candidates(), pos, ctx, "file:///tmp/數 據.py", complete)
            assert isinstance(wire, Wire) and wire.isascii()
            data = json.loads(wire)
            assert json.dumps(data) == wire  # pygls' separators, key order as written, ASCII escapes
            items = []
            for c in _candidates():
                details = types.CompletionItemLabelDetails(description=c.label_detail.strip()) if ctx.label_details else None
                items.append(types.CompletionItem(
                    label=c.label, kind=types.CompletionItemKind.Snippet,
                    insert_text_format=types.InsertTextFormat.Snippet if c.is_snippet and ctx.snippet_support
                    else types.InsertTextFormat.PlainText,
                    text_edit=types.TextEdit(range=pos.range(c.line, c.start_col, c.line, c.end_col), new_text=c.insert_text),
                    data={"id": c.snippet_id, "uri": "file:///tmp/數 據.py"},
                    detail=c.detail or (None if ctx.label_details else c.label_detail.strip()) or None,
                    sort_text=c.sort_text or None, filter_text=c.filter_text or None,
                    label_details=details if c.label_detail else None,
                    additional_text_edits=[types.TextEdit(range=pos.range(e.line, e.col, e.end_line, e.end_col), new_text=e.text)
                                           for e in c.additional_edits] or None,
                    tags=[types.CompletionItemTag.Deprecated] if c.deprecated else None,
                ))
            expected = converter().unstructure(types.CompletionList(is_incomplete=not complete, items=items))
            assert data == expected


def test_a_wire_result_is_framed_as_pygls_frames_a_dict():
    import io
    import json

    from notesense.lsp.convert import completion_list
    from notesense.lsp.server import server
    from pygls.io_ import StdoutWriter

    ctx = ClientContext.from_capabilities(client_capabilities("visual-studio-code"))
    pos = Positions(["import pandas as pd", "df.fil 数据😀", "np."], PositionCodec(types.PositionEncodingKind.Utf16))
    wire = completion_list(_candidates(), pos, ctx, "file:///tmp/a.py", True)
    sent = []
    for result in (wire, json.loads(wire)):  # the text as it is; the same value through pygls' encoder
        out = io.BytesIO()
        server.protocol.set_writer(StdoutWriter(out))
        server.protocol._send_response(7, result)
        sent.append(out.getvalue())
    assert sent[0] == sent[1] and sent[0].startswith(b"Content-Length: ")


def test_an_item_offered_again_is_not_written_again():
    """The next completion in a file offers mostly the items of the last one, at another place: each
    item's text is written once and kept (only its range is new); the list is the same JSON."""
    import json

    from notesense.lsp.convert import _item_text, completion_list

    ctx = ClientContext.from_capabilities(client_capabilities("visual-studio-code"))
    pos = Positions(["import pandas as pd", "df.fil 数据😀", "np.", "np."], PositionCodec(types.PositionEncodingKind.Utf16))
    first = completion_list(_candidates(), pos, ctx, "file:///tmp/kept.py", True)
    written = _item_text.cache_info().misses
    moved = [c for c in _candidates() if c.line == 2]
    for c in moved:
        c.line = 3
    again = completion_list(moved, pos, ctx, "file:///tmp/kept.py", True)
    assert _item_text.cache_info().misses == written
    assert json.loads(again)["items"][0]["textEdit"]["range"]["start"]["line"] == 3
    assert json.loads(again)["items"][0]["label"] == json.loads(first)["items"][2]["label"]


def test_positions_from_and_to_the_client_are_the_codecs():
    """`Positions` answers what pygls' codec answers, in every encoding, clamping included; on an
    ASCII line without the codec's walk over its characters (a fifth of a completion's CPU)."""
    lines = ["import pandas as pd", "", "df.fil 数据😀 x", "x = '😀😀' + y", "tail\r", "np."]
    for encoding in (types.PositionEncodingKind.Utf8, types.PositionEncodingKind.Utf16, types.PositionEncodingKind.Utf32):
        codec = PositionCodec(encoding)
        pos = Positions(lines, codec)
        for line in range(len(lines) + 2):
            for character in range(0, 24):
                want = codec.position_from_client_units(lines, types.Position(line=line, character=character))
                assert pos.from_client(types.Position(line=line, character=character)) == (want.line, want.character)
            for col in range(0, 22):
                text = lines[line] if line < len(lines) else ""
                if line < len(lines):
                    assert pos.position(line, col).character == codec.client_num_units(text[:col])

    class Counting(PositionCodec):
        calls = 0

        def client_num_units(self, chars: str) -> int:
            Counting.calls += 1
            return super().client_num_units(chars)

        def position_from_client_units(self, lines, position):
            Counting.calls += 1
            return super().position_from_client_units(lines, position)

    ascii_only = Positions(["import numpy as np", "np.whe"], Counting())
    assert ascii_only.from_client(types.Position(line=1, character=6)) == (1, 6)
    assert ascii_only.range(1, 0, 1, 6).end.character == 6
    assert Counting.calls == 0
