"""A notebook opened as a plain file holding its JSON, as Neovim (and any client without notebook sync)
opens an .ipynb: the Python code cells are still one program, every answer lands inside the cell's
`source` string of the JSON text, and a fix rewrites only the fixed source line (issue 11)."""

from __future__ import annotations

import asyncio
import json
import time

import pytest
from lsp_helpers import apply, code_actions, utf16_position
from lsprotocol import types
from test_uris import FOLDER, nvim_uri, vscode_uri

CHAINED = 'df[df.a > 1]["b"] = 0'
CELLS = [
    ("markdown", f"# 分析\n\n`{CHAINED}` 在这里只是文字。"),
    ("code", "import pandas as pd\nimport torch"),
    ("code", "%matplotlib inline\nx = torch.arange(10)\nprint(\"😀\"); parts = torch.chunk(x, 3)"),
    ("code", f"df = pd.DataFrame({{'a': [1, 2], 'b': [3, 4]}})\n{CHAINED}"),
    ("code", "frames = [df, df]\npd."),  # being typed
]


def notebook_json(cells: list[tuple[str, str]]) -> str:
    """As Jupyter writes one: sorted keys, indent 1, a source line per array element, outputs kept."""
    out = []
    for n, (kind, text) in enumerate(cells):
        cell = {"cell_type": kind, "metadata": {}, "source": text.splitlines(keepends=True)}
        if kind == "code":
            cell |= {"execution_count": n, "outputs": [{"name": "stdout", "output_type": "stream", "text": ["ok\n"]}]}
        out.append(cell)
    nb = {"cells": out, "metadata": {"language_info": {"name": "python"}}, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


TEXT = notebook_json(CELLS)


async def opened(start, notes, text: str = TEXT, language: str = "json", spell=nvim_uri):
    session = await start(options={"notes": [str(notes)]})
    await session.wait_ready()
    folder = session.workspace / FOLDER
    folder.mkdir()
    path = folder / "分析.ipynb"
    path.write_text(text, encoding="utf-8")
    uri = spell(str(path))  # Neovim's lowercase escapes unless told
    session.client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)
        )
    )
    return session, uri


async def published(session, uri: str, predicate, what: str, timeout: float = 10.0) -> list[types.Diagnostic]:
    deadline = time.monotonic() + timeout
    while not predicate(session.client.diagnostics.get(uri)):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}: {session.client.diagnostics.get(uri)}")
        await asyncio.sleep(0.05)
    return list(session.client.diagnostics[uri])


def text_at(text: str, r: types.Range) -> str:
    assert r.start.line == r.end.line, r
    units = text.split("\n")[r.start.line].encode("utf-16-le")
    return units[2 * r.start.character : 2 * r.end.character].decode("utf-16-le")


@pytest.mark.asyncio
async def test_chained_assignment_reported_in_its_source_string_and_fixed_there(start, notes):
    session, uri = await opened(start, notes)
    [ns101] = await published(session, uri, lambda d: d, "diagnostics")
    assert ns101.code == "NS101"  # once: the markdown cell's text is not code
    # the same code as a plain file says which characters the finding covers; in the JSON text they
    # are the same characters, escaped
    plain = "import pandas as pd\n" + CELLS[3][1]
    [expected] = [d for d in await session.diagnostics(session.open("plain.py", plain)) if d.code == "NS101"]
    covered = text_at(plain, expected.range)
    assert covered.startswith("df[df.a > 1]")
    assert text_at(TEXT, ns101.range) == json.dumps(covered)[1:-1]  # `\"` counted as the JSON text has it

    actions = await code_actions(session, uri, ns101.range, [ns101])
    fixes = [a for a in actions if a.get("kind") == "quickfix" and "edit" in a]
    assert fixes and list(fixes[0]["edit"]["changes"]) == [uri]
    fixed = apply(TEXT, fixes[0]["edit"]["changes"][uri])
    changed = [(a, b) for a, b in zip(TEXT.split("\n"), fixed.split("\n"), strict=True) if a != b]
    assert len(changed) == 1 and changed[0][1].strip().replace("'", '\\"') == '"df.loc[df.a > 1, \\"b\\"] = 0"', changed
    before, after = json.loads(TEXT), json.loads(fixed)
    after["cells"][3]["source"] = before["cells"][3]["source"]
    assert after == before  # outputs, counts, metadata: all as they were
    fix_all = await code_actions(session, uri, ns101.range, [], only=["source.fixAll"])
    assert [apply(TEXT, a["edit"]["changes"][uri]) for a in fix_all] == [fixed]


@pytest.mark.asyncio
async def test_hover_and_completion_in_later_cells_use_the_imports_of_an_earlier_one(start, notes):
    session, uri = await opened(start, notes)
    hover = await session.hover(uri, utf16_position(TEXT, "chunk(x", 2))
    assert hover is not None and "切成若干块" in hover.contents.value
    assert text_at(TEXT, hover.range) == "chunk"  # UTF-16 columns, after the emoji on the same line
    assert await session.hover(uri, utf16_position(TEXT, '"nbformat"', 2)) is None  # JSON, not a cell

    result = await session.complete(uri, utf16_position(TEXT, '"pd."', len('"pd.')))
    texts = {}
    for item in result.items:
        edit = item.text_edit
        where = {"start": {"line": edit.range.start.line, "character": edit.range.start.character},
                 "end": {"line": edit.range.end.line, "character": edit.range.end.character}}
        cell = json.loads(apply(TEXT, [{"range": where, "newText": edit.new_text}]))["cells"][4]  # still a notebook
        texts[item.label] = "".join(cell["source"]).split("\n")[-1]
    assert texts["pd.concat"].startswith("pd.concat("), texts
    assert texts["pd.read_csv"].startswith('pd.read_csv(${1:"'), texts  # its quotes were escaped as JSON


@pytest.mark.asyncio
async def test_json_being_typed_says_so_and_closing_clears(start, notes):
    session, uri = await opened(start, notes)
    await published(session, uri, lambda d: d and d[0].code == "NS101", "NS101")
    broken = TEXT.replace('"nbformat": 4,', '"nbformat": 4', 1)
    session.client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=broken)],
        )
    )
    [why] = await published(session, uri, lambda d: d and d[0].code is None, "the reason")
    assert "cannot read the notebook: invalid JSON at line" in why.message
    assert await session.hover(uri, utf16_position(broken, "chunk(x", 2)) is None
    session.client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    await published(session, uri, lambda d: d is not None and not d, "the diagnostics to clear")


@pytest.mark.asyncio
async def test_an_ipynb_shown_as_python_is_a_python_file(start, notes):
    """jupytext.nvim and similar plugins show the notebook as Python under its .ipynb name."""
    text = "# %%\nimport pandas as pd\n\n# %%\n" + CELLS[3][1] + "\n"
    session, uri = await opened(start, notes, text, "python")
    [ns101] = await published(session, uri, lambda d: d, "NS101")
    assert ns101.range.start.line == text.split("\n").index(CHAINED)


@pytest.mark.asyncio
async def test_vscode_reopened_as_text_editor_gets_the_same(start, notes):
    """VS Code's "Reopen Editor With… → Text Editor" on an .ipynb: a `json` document under the file's
    URI in VS Code's spelling (uppercase escapes). Diagnostics, hover and the quick fix as in Neovim."""
    session, uri = await opened(start, notes, spell=vscode_uri)
    assert "%E5%88%86%E6%9E%90.ipynb" in uri
    [ns101] = await published(session, uri, lambda d: d, "diagnostics")
    assert ns101.code == "NS101" and TEXT.split("\n")[ns101.range.start.line].strip().startswith('"df[df.a > 1]')
    hover = await session.hover(uri, utf16_position(TEXT, "chunk(x", 2))
    assert hover is not None and "切成若干块" in hover.contents.value
    fixes = [a for a in await code_actions(session, uri, ns101.range, [ns101]) if a.get("kind") == "quickfix" and "edit" in a]
    fixed = json.loads(apply(TEXT, fixes[0]["edit"]["changes"][uri]))
    assert fixed["cells"][3]["source"][-1] == 'df.loc[df.a > 1, "b"] = 0'
