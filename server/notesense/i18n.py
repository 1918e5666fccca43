"""The interface's two languages. One place decides what a locale means (`zh`, `zh-CN`, `zh_TW.UTF-8`:
Chinese; any other: English; none: both, as before a client said which) and holds the Chinese of
every text the server itself shows: diagnostics, window messages, progress and code-action titles.

The rules' own texts need no table: each rule (and each pitfall learned from a note) has an English
`message` and a `hint` in the note's words, which for our rules is Chinese; for Chinese the hint is
the message.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from functools import lru_cache
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


# Why a note, a snippet file or a notes setting could not be used (`files`, `notes.reader`, `library`).
# These are kept in English where they are stored (library snapshots, compile reports, `doctor --format
# json`), so they are read back against these templates to be shown (`reason`); a field that is itself
# one of them is translated too. A text not listed stays English.
_ZH_REASONS: dict[str, str] = {
    "symlink loop (the link points back at itself)": "符号链接循环（链接指回它自己）",
    "no such file (or a broken symlink)": "文件不存在（或符号链接已断开）",
    "no such file or directory": "文件或文件夹不存在",
    "permission denied": "没有读取权限",
    "{what}, not a regular file": "{what}，不是普通文件",
    "a folder": "文件夹",
    "a named pipe (FIFO)": "命名管道（FIFO）",
    "a character device": "字符设备",
    "a block device": "块设备",
    "a socket": "套接字",
    "not a regular file": "不是普通文件",
    "larger than the {limit} MB limit ({size} MB)": "超过 {limit} MB 的上限（{size} MB）",
    "larger than the {limit} MB limit": "超过 {limit} MB 的上限",
    "changed while being opened": "打开时被改动了",
    "cannot read this folder ({error}); its notes were skipped": "无法读取此文件夹（{error}）；其中的笔记已跳过",
    "starts with a {name} byte-order mark but does not decode as {name}": "以 {name} 字节顺序标记开头，却不能按 {name} 解码",
    "binary file (contains NUL bytes)": "二进制文件（含 NUL 字节）",
    "not text: neither UTF-8, UTF-16 nor GB18030": "不是文本：既不是 UTF-8、UTF-16，也不是 GB18030",
    "invalid notebook: {error}": "笔记本格式无效：{error}",
    "unreadable reStructuredText: {error}": "无法读取的 reStructuredText：{error}",
    "front matter (line {line}): {error}": "front matter（第 {line} 行）：{error}",
    "too deeply nested or too large to compile ({error})": "嵌套太深或太大，无法编译（{error}）",
    "internal compiler error: {error}": "编译器内部错误：{error}",
    "cannot read: {error}": "无法读取：{error}",
    "invalid YAML (line {line}, column {column}): {error}": "YAML 无效（第 {line} 行，第 {column} 列）：{error}",
    "invalid YAML: {error}": "YAML 无效：{error}",
    "note path not found": "找不到笔记路径",
    "snippet directory not found": "找不到片段文件夹",
    "duplicate snippet id {id}; the first one is used": "片段 id {id} 重复；使用第一个",
    "duplicate snippet id; the first one loaded is used": "片段 id 重复；使用最先加载的那个",
    "this workspace is not trusted, so the notes named in [tool.notesense] are not read; trust the workspace to use them":
        "此工作区未受信任，[tool.notesense] 指定的笔记没有读取；信任此工作区后才会使用",
    "{error}; not read (change {setting})": "{error}；未读取（请修改 {setting}）",
    "uses ${name}, which is not set": "用到了未设置的 ${name}",
    "is the root of the filesystem": "是文件系统的根目录",
    "is your whole home folder": "是你的整个主目录",
    "holds your home folder ({home})": "包含你的主目录（{home}）",
    "holds more than {count} notes (the limit, `notesense.limits.notes`)": "笔记超过 {count} 篇（上限见 `notesense.limits.notes`）",
    "holds more than {count} MB of notes (the limit, `notesense.limits.megabytes`)":
        "笔记超过 {count} MB（上限见 `notesense.limits.megabytes`）",
    "missing required field '{key}'": "缺少必填字段 '{key}'",
    "unknown field '{key}'": "未知字段 '{key}'",
    "expected a mapping, got {type}": "应为映射，实际是 {type}",
    "expected a list, got {type}": "应为列表，实际是 {type}",
    "expected a string, got {type}": "应为字符串，实际是 {type}",
    "expected an integer, got {value}": "应为整数，实际是 {value}",
    "expected one of {options}, got {value}": "应为 {options} 之一，实际是 {value}",
    "top level: expected a mapping with 'context' and 'snippets', got {type}":
        "顶层：应为含 'context' 和 'snippets' 的映射，实际是 {type}",
}


# A quick fix's title (a rule's `Fix.title`, an English format string around the code it writes) -> its
# Chinese; `{code}` is code and stays as written. A title not listed stays English.
_ZH_FIXES: dict[str, str] = {
    "Assign the result: {code}": "把结果赋回：{code}",
    "Assign in one step: {code}": "一步赋值：{code}",
    "Wrap the loop body in {code}()": "把循环体放进 {code}()",
    "Keep the graph: retain_graph=True": "保留计算图：retain_graph=True",
    "Keep the graph on the first backward: retain_graph=True": "第一次 backward 保留计算图：retain_graph=True",
    "Backward once on the summed losses": "对 loss 之和只 backward 一次",
    "Detach the carried state at the start of each iteration: {code}": "每轮迭代开始时 detach 传下来的状态：{code}",
    "Clone first: {code}": "先复制一份：{code}",
    "Use .{code}()": "改用 .{code}()",
    "Use {code}": "改用 {code}",
    "Replace with {code}([...])": "改用 {code}([...])",
    "Rewrite as the note does: {code}": "照笔记的写法改：{code}",
}


@lru_cache(maxsize=None)
def _patterns(table: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    """Each template of `_ZH_REASONS` or `_ZH_FIXES` as a pattern (a field named twice must match the
    same text), the most specific (longest fixed text) first."""
    made = []
    for english, chinese in (_ZH_REASONS if table == "reasons" else _ZH_FIXES).items():
        parts, seen, fixed = re.split(r"\{(\w+)\}", english), set(), 0
        regex = ""
        for i, part in enumerate(parts):
            if i % 2 == 0:
                regex += re.escape(part)
                fixed += len(part)
            else:
                regex += f"(?P={part})" if part in seen else f"(?P<{part}>.+?)"
                seen.add(part)
        made.append((fixed, re.compile(regex, re.DOTALL), chinese))
    return tuple((pattern, chinese) for _, pattern, chinese in sorted(made, key=lambda m: -m[0]))


def reason(lang: Language | None, text: str) -> str:
    """Why something could not be used (an English text from above) in `lang`. A text that is
    `where: why` (a schema path, an entry) keeps its `where` and has its `why` translated."""
    if lang != "zh":
        return text
    for pattern, chinese in _patterns("reasons"):
        if found := pattern.fullmatch(text):
            return chinese.format(**{k: reason(lang, v) for k, v in found.groupdict().items()})
    where, colon, why = text.partition(": ")
    return f"{where}: {reason(lang, why)}" if colon else text


def fix_title(lang: Language | None, title: str) -> str:
    """A quick fix's title in `lang`: the rules write theirs in English around the code they insert
    (`Assign in one step: df.loc[m, "b"]`); the code is kept as it is."""
    if lang != "zh":
        return title
    for pattern, chinese in _patterns("fixes"):
        if found := pattern.fullmatch(title):
            return chinese.format(**found.groupdict())
    return title


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


def cli_language(locale: str | None) -> Language:
    """The language of a command's output: `--locale`, else the environment's; English when neither
    names one (a terminal line holds one text, never both)."""
    return language(locale or environment_locale()) or "en"


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
