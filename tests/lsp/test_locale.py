"""The server speaks the client's language (`initialize.locale`, or `serve --locale` over it): Chinese
diagnostics, code-action titles and window messages for `zh*`, English for `en`, both texts of a
finding when the client names no language; one popup however many notes could not be read."""

from __future__ import annotations

import asyncio
import re

import pytest
from lsp_helpers import code_actions
from lsprotocol import types

from notesense.i18n import environment_locale, language
from notesense.rules.ns101_chained_assignment import ChainedAssignment

CHAINED = 'import pandas as pd\n\ndf = pd.read_csv("a.csv")\ndf[df.a > 1]["b"] = 0\n'
HAN = re.compile(r"[\u4e00-\u9fff]")


async def ns101(session, name: str = "chained.py") -> tuple[str, types.Diagnostic]:
    uri = session.open(name, CHAINED)
    [diagnostic] = [d for d in await session.diagnostics(uri) if d.code == "NS101"]
    return uri, diagnostic


async def action_titles(session, uri: str, diagnostic: types.Diagnostic) -> list[str]:
    whole = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=4, character=0))
    found = await code_actions(session, uri, diagnostic.range, [diagnostic])
    found += await code_actions(session, uri, whole, [], only=["source.fixAll"])
    return [a["title"] for a in found]


@pytest.mark.parametrize("tag, expected", [
    ("zh-CN", "zh"), ("zh-cn", "zh"), ("zh-TW", "zh"), ("zh_CN.UTF-8", "zh"), ("zh", "zh"), ("ZH-Hans", "zh"),
    ("en", "en"), ("en-US", "en"), ("fr", "en"), ("C.UTF-8", "en"), ("", None), (None, None),
])
def test_locale_tags(tag, expected):
    assert language(tag) == expected


@pytest.mark.parametrize("environ, expected", [
    ({"LANG": "zh_CN.UTF-8"}, "zh_CN.UTF-8"), ({"LANGUAGE": "zh_TW:en", "LANG": "en_US.UTF-8"}, "zh_TW"),
    ({"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}, "en_GB.UTF-8"), ({"LC_MESSAGES": "zh_CN", "LANG": "C"}, "zh_CN"),
    ({"LANGUAGE": "", "LANG": "C.UTF-8"}, None), ({"LANG": "POSIX"}, None), ({}, None),
])
def test_the_environment_locale_of_a_command_line_run(environ, expected):
    assert environment_locale(environ) == expected


ZH = (ChainedAssignment.hint, {"NS101：打开笔记", "notesense：修复所有安全问题"}, ["正在加载笔记", "笔记已加载"])
EN = (ChainedAssignment.message, {"NS101: show the note", "notesense: fix all safe problems"}, ["loading notes", "notes loaded"])


@pytest.mark.asyncio
@pytest.mark.parametrize("locale, expected", [("zh-CN", ZH), ("en", EN)])
async def test_the_locale_picks_the_language_of_diagnostics_and_titles(start, notes, locale, expected):
    message, titles, progress = expected
    session = await start(options={"notes": [str(notes)]}, locale=locale)
    await session.wait_ready()
    [reports] = session.client.progress_reports.values()
    assert [r.message for r in reports if r.kind in ("begin", "end")] == progress
    uri, diagnostic = await ns101(session)
    assert diagnostic.message == message
    offered = await action_titles(session, uri, diagnostic)
    assert titles <= set(offered), offered
    if expected is EN:
        assert not [t for t in offered if HAN.search(t)], offered


@pytest.mark.asyncio
async def test_no_locale_gives_message_and_hint(start, notes):
    session = await start(options={"notes": [str(notes)]})
    await session.wait_ready()
    _, diagnostic = await ns101(session)
    assert diagnostic.message == f"{ChainedAssignment.message}\n{ChainedAssignment.hint}"


@pytest.mark.asyncio
async def test_serve_locale_overrides_the_client(start, notes):
    """Neovim sends no locale: the plugin passes `--locale`; it also wins over a client's own."""
    session = await start(options={"notes": [str(notes)]}, locale="en", serve_args=("--locale", "zh_CN.UTF-8"))
    await session.wait_ready()
    _, diagnostic = await ns101(session)
    assert diagnostic.message == ChainedAssignment.hint


@pytest.mark.asyncio
async def test_unreadable_notes_make_one_popup(start, notes):
    """Three notes that cannot be read: one warning naming the first, why (in Chinese), and counting the others."""
    for name in ("a", "b", "c"):
        (notes / f"{name}-broken.md").write_bytes(b"# \x00\xff\x00 " + name.encode() + b"\n")  # unlike: not one note thrice
    session = await start(options={"notes": [str(notes)]}, locale="zh-CN")
    await session.wait_ready()
    await asyncio.sleep(0.3)
    warnings = [m.message for m in session.client.messages if m.type == types.MessageType.Warning]
    assert len(warnings) == 1, warnings
    [warning] = warnings
    assert warning.startswith("notesense：") and "broken.md: 二进制文件（含 NUL 字节）" in warning, warning  # the reason too
    assert warning.endswith("（还有 2 个问题：见 `notesense doctor` 或服务器日志）"), warning
