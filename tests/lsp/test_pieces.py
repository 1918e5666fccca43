"""The server's own small pieces, without a client: settings, capabilities, positions, watching."""

from __future__ import annotations

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
