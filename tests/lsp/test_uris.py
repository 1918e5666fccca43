"""Documents whose URI needs percent-encoding, sent exactly as real editors spell them (issue 11).

pygls files open documents under the decoded URI; every feature must find them however the client
encoded the name (VS Code: uppercase escapes and `c%3A` drives; Neovim: lowercase escapes and `C:`),
and diagnostics and edits must come back under the URI the client sent.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from lsp_helpers import apply, code_actions, utf16_position

FOLDER = "我的 笔记 project"
TEXT = """\
import pandas as pd
import torch

df = pd.read_csv("a.csv")
df[df.a > 1]["b"] = 0
parts = torch.chunk(x, 3)
y = torch.chu
"""


def vscode_uri(path: str, scheme: str = "file", fragment: str = "") -> str:
    """As VS Code's `URI.toString()`: every byte outside [A-Za-z0-9-._~/] escaped in uppercase hex,
    a drive letter lowercased with its colon escaped (`file:///c%3A/...`)."""
    if path[1:2] == ":":
        path = "/" + path[0].lower() + path[1:]
    encoded = quote(path, safe="/-._~")
    authority = "//" if scheme == "file" else ""
    return f"{scheme}:{authority}{encoded}" + (f"#{quote(fragment, safe='')}" if fragment else "")


def nvim_uri(path: str) -> str:
    """As Neovim's `vim.uri_from_fname`: RFC 3986 reserved characters kept, the rest escaped in
    lowercase hex; a Windows drive kept as `C:`."""
    drive, rest = (path[:2], path[2:]) if path[1:2] == ":" else ("", path)
    encoded = "".join(
        ch if ch.isascii() and (ch.isalnum() or ch in "-._~!$&'()*+,;=:@/") else "".join(f"%{b:02x}" for b in ch.encode())
        for ch in rest
    )
    return f"file:///{drive}{encoded}" if drive else f"file://{encoded}"


def forms(workspace: Path) -> dict[str, str]:
    folder = workspace / FOLDER
    posix = str(folder / "训练.py")
    windows = "C:/Users/李雷/" + FOLDER + "/训练.py"
    return {
        "vscode": vscode_uri(posix),
        "neovim": nvim_uri(posix),
        "vscode-windows-drive": vscode_uri(windows),
        "neovim-windows-drive": nvim_uri(windows),
        "vscode-notebook-cell": vscode_uri(str(folder / "分析.ipynb"), "vscode-notebook-cell", "W1sZmlsZQ=="),
    }


def test_the_uri_forms_are_spelled_as_the_editors_spell_them(tmp_path: Path) -> None:
    """The helpers above must produce what the issue quotes, or the server test proves nothing."""
    uris = forms(tmp_path)
    assert "%E6%88%91%E7%9A%84%20%E7%AC%94%E8%AE%B0%20project" in uris["vscode"]
    assert "%e6%88%91%e7%9a%84%20%e7%ac%94%e8%ae%b0%20project" in uris["neovim"]
    assert uris["vscode-windows-drive"].startswith("file:///c%3A/Users/")
    assert uris["neovim-windows-drive"].startswith("file:///C:/Users/")
    assert uris["vscode-notebook-cell"].startswith("vscode-notebook-cell:/") and uris["vscode-notebook-cell"].endswith("#W1sZmlsZQ%3D%3D")


@pytest.mark.asyncio
async def test_every_feature_answers_for_every_uri_form(start, notes):
    session = await start(options={"notes": [str(notes)]})
    await session.wait_ready()
    for form, uri in forms(session.workspace).items():
        session.open_uri(uri, TEXT)

        hover = await session.hover(uri, utf16_position(TEXT, "chunk(", 2))
        assert hover is not None and "切成若干块" in hover.contents.value, form

        completion = await session.complete(uri, utf16_position(TEXT, "torch.chu", len("torch.chu")))
        assert any("chunk" in item.label for item in completion.items), (form, [i.label for i in completion.items])

        diagnostics = await session.diagnostics(uri)
        ns101 = [d for d in diagnostics if d.code == "NS101"]
        assert [d.range.start.line for d in ns101] == [4], (form, diagnostics)

        actions = await code_actions(session, uri, ns101[0].range, ns101)
        fixes = [a for a in actions if a.get("kind") == "quickfix" and "edit" in a]
        assert fixes, (form, actions)
        assert list(fixes[0]["edit"]["changes"]) == [uri], form  # the edit names the document as the client does
        assert ".loc[df.a > 1," in apply(TEXT, fixes[0]["edit"]["changes"][uri]), form
    published = set(session.client.diagnostics)
    assert published == set(forms(session.workspace).values()), published  # no second, decoded spelling
