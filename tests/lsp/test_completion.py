"""Completion: context, aliases, imports the file lacks, lazy documentation, snippet format, sync kinds."""

from __future__ import annotations

import pytest
from lsp_helpers import end_position
from lsprotocol import types
from pytest_lsp import client_capabilities


def ids(result: types.CompletionList) -> list[str]:
    return [item.data["id"] for item in result.items]


def inserted(item: types.CompletionItem) -> str:
    return item.text_edit.new_text if item.text_edit else item.insert_text or item.label


@pytest.mark.asyncio
async def test_completion_follows_the_imports(start, notes):
    session = await start(options={"notes": [str(notes)]})
    await session.wait_ready()
    text = 'import pandas as pd\n\ndf = pd.read_csv("a.csv")\ndf.'
    uri = session.open("frame.py", text)
    result = await session.complete(uri, end_position(text))
    assert result.items, "a pandas file gets the pandas notes"
    assert not result.is_incomplete
    assert all(i.startswith("pandas") for i in ids(result)), ids(result)
    for item in result.items:
        assert item.kind == types.CompletionItemKind.Snippet
        assert item.text_edit.range.end == end_position(text)
        assert item.documentation is None  # filled by completionItem/resolve
        assert item.detail or item.label_details

    other = "import os\n\nx = os.path\nx."
    uri2 = session.open("plain.py", other)
    result = await session.complete(uri2, end_position(other))
    assert not any(i.startswith(("pandas", "torch", "numpy")) for i in ids(result)), ids(result)


@pytest.mark.asyncio
async def test_show_all_offers_every_context(start, notes):
    session = await start(options={"notes": [str(notes)], "completion": {"showAll": True}})
    await session.wait_ready()
    text = "import os\nchunk"
    uri = session.open("any.py", text)
    result = await session.complete(uri, end_position(text))
    assert any(i.startswith("torch") for i in ids(result)), ids(result)


@pytest.mark.asyncio
async def test_alias_rewriting(start, notes):
    session = await start(options={"notes": [str(notes)]})
    await session.wait_ready()
    text = "import numpy as xp\n\nxp."
    uri = session.open("alias.py", text)
    result = await session.complete(uri, end_position(text))
    argwhere = [item for item in result.items if "argwhere" in inserted(item)]
    assert argwhere, [inserted(i) for i in result.items]
    for item in argwhere:
        body = inserted(item)
        assert "np." not in body, body
        assert "xp.argwhere" in body or body.startswith("argwhere"), body


@pytest.mark.asyncio
async def test_missing_import_comes_as_an_additional_text_edit(start, notes):
    session = await start(options={"notes": [str(notes)]})
    await session.wait_ready()
    text = '"""A module."""\nimport pandas as pd\n\ndf = pd.read_csv("a.csv")\ndf.loc'
    uri = session.open("needs_numpy.py", text)
    result = await session.complete(uri, end_position(text))
    with_import = [item for item in result.items if item.additional_text_edits]
    assert with_import, [(i.label, inserted(i)) for i in result.items]
    edit = with_import[0].additional_text_edits[0]
    assert "import numpy as np" in edit.new_text
    assert edit.range.start.line == 2, edit  # after the docstring and the existing import
    assert "np.nan" in inserted(with_import[0])


@pytest.mark.asyncio
async def test_resolve_fills_markdown_documentation_in_chinese(start, notes):
    session = await start(options={"notes": [str(notes)]})
    await session.wait_ready()
    text = "import torch\n\ntorch."
    uri = session.open("t.py", text)
    result = await session.complete(uri, end_position(text))
    chunk = next(item for item in result.items if "chunk" in inserted(item))
    resolved = await session.client.completion_item_resolve_async(chunk)
    assert isinstance(resolved.documentation, types.MarkupContent)
    assert resolved.documentation.kind == types.MarkupKind.Markdown
    assert "切成若干块" in resolved.documentation.value
    assert "```python" in resolved.documentation.value


@pytest.mark.asyncio
async def test_plain_text_when_the_client_has_no_snippets(start, notes):
    caps = client_capabilities("visual-studio-code")
    caps.text_document.completion.completion_item.snippet_support = False
    session = await start(options={"notes": [str(notes)]}, capabilities=caps)
    await session.wait_ready()
    text = "import torch\n\ntorch."
    uri = session.open("plain.py", text)
    result = await session.complete(uri, end_position(text))
    assert result.items
    for item in result.items:
        assert item.insert_text_format in (None, types.InsertTextFormat.PlainText)
        assert "${" not in inserted(item) and "$0" not in inserted(item), inserted(item)


@pytest.mark.asyncio
@pytest.mark.parametrize("profile", ["visual-studio-code", "neovim"])
async def test_incremental_and_full_changes(start, notes, profile):
    session = await start(profile, options={"notes": [str(notes)]})
    await session.wait_ready()
    text = "x = 1\n"
    uri = session.open("typing.py", text)
    result = await session.complete(uri, types.Position(line=1, character=0))
    assert not any(i.startswith("torch") for i in ids(result))

    # incremental: insert an import at the top, then type `torch.` at the end
    session.change(
        uri,
        types.TextDocumentContentChangePartial(
            range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)),
            text="import torch\n",
        ),
    )
    session.change(
        uri,
        types.TextDocumentContentChangePartial(
            range=types.Range(start=types.Position(line=2, character=0), end=types.Position(line=2, character=0)),
            text="torch.",
        ),
    )
    result = await session.complete(uri, types.Position(line=2, character=6))
    assert any(i.startswith("torch") for i in ids(result)), ids(result)

    # full: replace everything with a numpy file
    full = "import numpy as np\nnp."
    session.change(uri, types.TextDocumentContentChangeWholeDocument(text=full))
    result = await session.complete(uri, end_position(full))
    assert result.items and all(i.startswith("numpy") for i in ids(result)), ids(result)


@pytest.mark.asyncio
async def test_label_details_name_the_note_when_the_client_shows_them(start, notes):
    caps = client_capabilities("visual-studio-code")
    caps.text_document.completion.completion_item.label_details_support = True
    session = await start(options={"notes": [str(notes)]}, capabilities=caps)
    await session.wait_ready()
    text = "import torch\n\ntorch."
    uri = session.open("details.py", text)
    result = await session.complete(uri, end_position(text))
    chunk = next(item for item in result.items if "chunk" in inserted(item))
    assert chunk.label_details is not None and "torch.md:" in chunk.label_details.description
    assert chunk.detail and "torch.md" not in chunk.detail  # the title; the note is in the label details


@pytest.mark.asyncio
async def test_a_list_cut_short_is_incomplete_so_the_client_asks_again(start, tmp_path):
    """More matches than `MAX_CANDIDATES`: the list says it is incomplete, else the client would only
    filter the first ones as the user types and never show the note for `torch.chunk_70`."""
    from notesense.features.completion import MAX_CANDIDATES

    notes = tmp_path / "many"
    notes.mkdir()
    sections = "".join(
        f"## chunk_{i}\n\n切块 {i}。\n\n```python\nimport torch\ntorch.chunk_{i}(x, 2)\n```\n\n" for i in range(MAX_CANDIDATES + 30)
    )
    (notes / "torch.md").write_text("# torch\n\n" + sections, encoding="utf-8")
    session = await start(options={"notes": [str(notes)]})
    await session.wait_ready()
    text = "import torch\n\ntorch."
    uri = session.open("cut.py", text)
    cut = await session.complete(uri, end_position(text))
    assert len(cut.items) == MAX_CANDIDATES and cut.is_incomplete
    narrow = "import torch\n\ntorch.chunk_7"
    session.change(uri, types.TextDocumentContentChangeWholeDocument(text=narrow))
    whole = await session.complete(uri, end_position(narrow))
    labels = sorted(item.label for item in whole.items)
    assert labels == sorted(f"torch.chunk_{i}" for i in (7, *range(70, 80))) and not whole.is_incomplete, labels
