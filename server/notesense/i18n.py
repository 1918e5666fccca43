"""The interface's two languages. One place decides what a locale means (`zh`, `zh-CN`, `zh_TW.UTF-8`:
Chinese; any other: English; none: both, as before a client said which) and holds the Chinese of
every text the server itself shows: diagnostics, window messages, progress and code-action titles.

The rules' own texts need no table: each rule (and each pitfall learned from a note) has an English
`message` and a `hint` in the note's words, which for our rules is Chinese; for Chinese the hint is
the message.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Literal

Language = Literal["en", "zh"]

# English text (a format string) -> its Chinese. A text missing here is shown in English.
_ZH: dict[str, str] = {
    "notesense: this file cannot be analysed ({error}); diagnostics resume when it parses":
        "notesense：此文件无法分析（{error}）；能解析后诊断会恢复",
    "notesense: could not load the notes: {error}": "notesense：无法加载笔记：{error}",
    "notesense: {problem}": "notesense：{problem}",
    "notesense: {problem} (and {more} more problems: see `notesense doctor` or the server log)":
        "notesense：{problem}（还有 {more} 个问题：见 `notesense doctor` 或服务器日志）",
    "notesense: see {note}": "notesense：见 {note}",
    "loading notes": "正在加载笔记",
    "notes loaded": "笔记已加载",
    "{code}: show the note": "{code}：打开笔记",
    "Show the note": "打开笔记",
    "notesense: fix all safe problems": "notesense：修复所有安全问题",
    "notesense: fix all safe problems in the notebook": "notesense：修复笔记本里所有安全问题",
}


def environment_locale(environ: Mapping[str, str] | None = None) -> str | None:
    """The locale the environment asks for, for a command with no client to say it: the first set
    of LANGUAGE, LC_ALL, LC_MESSAGES, LANG (gettext's order; LANGUAGE may list several, the first
    counts); None for none, or for `C`/`POSIX`, which name no language (as the Neovim plugin reads
    `v:lang`)."""
    environ = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        if value := environ.get(name, "").split(":")[0].strip():
            return None if value.split(".")[0] in ("C", "POSIX") else value
    return None


def language(locale: str | None) -> Language | None:
    """The language a locale tag asks for (BCP 47 as LSP sends it, or POSIX as `$LANG` has it);
    None when there is no tag."""
    if not locale:
        return None
    return "zh" if locale.strip().lower().replace("_", "-").split("-")[0] == "zh" else "en"


def tr(lang: Language | None, text: str, **fields: object) -> str:
    """`text` (an English format string listed above) in `lang`, formatted with `fields`."""
    template = _ZH.get(text, text) if lang == "zh" else text
    return template.format(**fields) if fields else template


def finding_text(message: str, hint: str, lang: Language | None) -> str:
    """A finding as one diagnostic message: the hint for Chinese (the message when it has none), the
    message for English, both when the client named no language."""
    if lang == "zh":
        return hint or message
    if lang == "en" or not hint:
        return message
    return f"{message}\n{hint}"
