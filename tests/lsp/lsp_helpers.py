"""Shared by the server tests: the notes they write, UTF-16 positions, and a `Session` around one client."""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

from lsprotocol import types
from pytest_lsp import LanguageClient

SERVER = [sys.executable, "-m", "notesense", "serve"]
# What VS Code declares about notebooks (the saved capability profiles predate notebook sync).
NOTEBOOK_CAPABILITIES = types.NotebookDocumentClientCapabilities(
    synchronization=types.NotebookDocumentSyncClientCapabilities(dynamic_registration=True, execution_summary_support=True)
)

PANDAS_NOTE = """\
# Pandas 笔记

## 缺失值填充 fillna

用 `fillna` 把缺失值（NaN）替换成指定的值，返回一个新的 DataFrame，原来的不变。

```python
import pandas as pd
df = pd.read_csv("data.csv")
df = df.fillna(0)
```

## 按条件赋值 loc

根据标签（label）选中行再赋值，一步完成，避免链式赋值。

```python
import pandas as pd
import numpy as np
df.loc[df.start_time == 0, 'start_time'] = np.nan
```

## 合并 concat

把多个 DataFrame 按行拼接起来。

```python
import pandas as pd
pd.concat([df1, df2], ignore_index=True)
```
"""

TORCH_NOTE = """\
# PyTorch 笔记

## 切块 chunk

`torch.chunk` 把张量沿某个维度切成若干块 🧩，最后一块可能更小。

```python
import torch
x = torch.arange(10)
parts = torch.chunk(x, 3, dim=0)
```
"""

NUMPY_NOTE = """\
# NumPy 笔记

## 找非零元素 argwhere

`np.argwhere` 返回非零元素的下标，每个元素一行。

```python
import numpy as np
idx = np.argwhere(a > 0)
```
"""


def utf16_position(text: str, needle: str, offset: int = 0) -> types.Position:
    """The LSP position (UTF-16 columns) of `needle` (+ `offset` code points) in `text`."""
    index = text.index(needle) + offset
    line = text.count("\n", 0, index)
    start = text.rfind("\n", 0, index) + 1
    return types.Position(line=line, character=len(text[start:index].encode("utf-16-le")) // 2)


def end_position(text: str) -> types.Position:
    lines = text.split("\n")
    return types.Position(line=len(lines) - 1, character=len(lines[-1].encode("utf-16-le")) // 2)


def plain(value: Any) -> Any:
    """pygls hands untyped results (custom requests) back as namedtuples; tests read them as JSON."""
    if hasattr(value, "_asdict"):
        return {k: plain(v) for k, v in value._asdict().items()}
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


class Session:
    """One started server and the client talking to it, with the helpers every test needs."""

    def __init__(self, client: LanguageClient, workspace: Path) -> None:
        self.client = client
        self.workspace = workspace
        self._versions: dict[str, int] = {}
        self.capabilities: types.InitializeResult | None = None
        self.registrations: list[types.Registration] = []  # client/registerCapability requests received

    async def request(self, method: str, params: Any) -> Any:
        return await self.client.protocol.send_request_async(method, params)

    async def raw_request(self, method: str, params: Any) -> Any:
        """Write a request straight to the server's stdin (bypassing the client's type checks) and wait
        for its response through the client's own response handling."""
        msg_id = f"raw-{time.monotonic_ns()}"
        future = asyncio.get_running_loop().create_future()
        self.client.protocol._request_futures[msg_id] = future
        body = json.dumps({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params}).encode()
        stdin = self.client._server.stdin
        stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        await stdin.drain()
        return await asyncio.wait_for(future, 10)

    async def library_info(self) -> dict[str, Any]:
        return plain(await self.request("notesense/libraryInfo", {}))

    async def wait_ready(self, timeout: float = 30.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            info = await self.library_info()
            if info["ready"]:
                return info
            if time.monotonic() > deadline:
                raise AssertionError(f"library never became ready: {info}")
            await asyncio.sleep(0.05)

    def open(self, name: str, text: str) -> str:
        path = self.workspace / name
        path.write_text(text, encoding="utf-8")
        return self.open_uri(path.as_uri(), text)

    def open_uri(self, uri: str, text: str) -> str:
        """Open `text` under `uri` exactly as spelled (an editor's own percent-encoding, a cell URI)."""
        self._versions[uri] = 1
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text)
            )
        )
        return uri

    def change(self, uri: str, *changes: types.TextDocumentContentChangeEvent) -> None:
        self._versions[uri] += 1
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=self._versions[uri]),
                content_changes=list(changes),
            )
        )

    def open_notebook(
        self, name: str, cells: list[tuple[str, str]], notebook_type: str = "jupyter-notebook"
    ) -> OpenNotebook:
        """`cells`: (kind, text) with kind "code" (Python) or "markdown"."""
        return OpenNotebook(self, self.workspace / name, cells, notebook_type)

    async def complete(self, uri: str, position: types.Position) -> types.CompletionList:
        result = await self.client.text_document_completion_async(
            types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=position)
        )
        assert isinstance(result, types.CompletionList), result
        return result

    async def hover(self, uri: str, position: types.Position) -> types.Hover | None:
        return await self.client.text_document_hover_async(
            types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=position)
        )

    async def diagnostics(self, uri: str, timeout: float = 10.0) -> list[types.Diagnostic]:
        deadline = time.monotonic() + timeout
        while uri not in self.client.diagnostics:
            if time.monotonic() > deadline:
                raise AssertionError(f"no diagnostics published for {uri}")
            await asyncio.sleep(0.05)
        return list(self.client.diagnostics[uri])


class OpenNotebook:
    """A notebook open in the server, driven as VS Code drives one: `vscode-notebook-cell:` URIs
    (percent-encoded like the notebook's), notebookDocument/didOpen, didChange, didClose."""

    def __init__(self, session: Session, path: Path, cells: list[tuple[str, str]], notebook_type: str) -> None:
        self.session = session
        self.path = path
        self.uri = "file://" + quote(str(path))
        self.version = 0
        self._made = 0
        self.cells: list[str] = []  # cell URIs in notebook order
        self.texts: dict[str, str] = {}
        self.kinds: dict[str, str] = {}
        self.versions: dict[str, int] = {}
        items = [self._item(kind, text) for kind, text in cells]
        session.client.notebook_document_did_open(
            types.DidOpenNotebookDocumentParams(
                notebook_document=types.NotebookDocument(
                    uri=self.uri, notebook_type=notebook_type, version=0, cells=[self._cell(i.uri) for i in items]
                ),
                cell_text_documents=items,
            )
        )
        self.cells = [i.uri for i in items]

    def _item(self, kind: str, text: str) -> types.TextDocumentItem:
        uri = f"vscode-notebook-cell:{quote(str(self.path))}#W{self._made}sZmlsZQ%3D%3D"
        self._made += 1
        self.texts[uri] = text
        self.kinds[uri] = kind
        self.versions[uri] = 1
        return types.TextDocumentItem(uri=uri, language_id="python" if kind == "code" else "markdown", version=1, text=text)

    def _cell(self, uri: str) -> types.NotebookCell:
        kind = types.NotebookCellKind.Code if self.kinds[uri] == "code" else types.NotebookCellKind.Markup
        return types.NotebookCell(kind=kind, document=uri)

    def _change(self, cells: types.NotebookDocumentCellChanges) -> None:
        self.version += 1
        self.session.client.notebook_document_did_change(
            types.DidChangeNotebookDocumentParams(
                notebook_document=types.VersionedNotebookDocumentIdentifier(version=self.version, uri=self.uri),
                change=types.NotebookDocumentChangeEvent(cells=cells),
            )
        )

    def insert(self, index: int, text: str, kind: str = "code") -> str:
        item = self._item(kind, text)
        self.cells.insert(index, item.uri)
        array = types.NotebookCellArrayChange(start=index, delete_count=0, cells=[self._cell(item.uri)])
        self._change(types.NotebookDocumentCellChanges(structure=types.NotebookDocumentCellChangeStructure(array=array, did_open=[item])))
        return item.uri

    def remove(self, index: int) -> str:
        uri = self.cells.pop(index)
        array = types.NotebookCellArrayChange(start=index, delete_count=1)
        closed = [types.TextDocumentIdentifier(uri=uri)]
        self._change(types.NotebookDocumentCellChanges(structure=types.NotebookDocumentCellChangeStructure(array=array, did_close=closed)))
        return uri

    def replace_text(self, uri: str, text: str) -> None:
        """A whole-text change of one cell, as a content change of the notebook."""
        whole = types.Range(start=types.Position(line=0, character=0), end=end_position(self.texts[uri]))
        self._change(types.NotebookDocumentCellChanges(text_content=[self._edit(uri, whole, text)]))

    def insert_and_edit(self, index: int, text: str, uri: str, at: types.Range, new_text: str) -> str:
        """One didChange as VS Code sends a paste over cells: a cell inserted at `index` and, in the same
        event, `at` in cell `uri` replaced by `new_text` (an incremental edit)."""
        item = self._item("code", text)
        self.cells.insert(index, item.uri)
        array = types.NotebookCellArrayChange(start=index, delete_count=0, cells=[self._cell(item.uri)])
        self._change(types.NotebookDocumentCellChanges(
            structure=types.NotebookDocumentCellChangeStructure(array=array, did_open=[item]),
            text_content=[self._edit(uri, at, new_text)],
        ))
        return item.uri

    def _edit(self, uri: str, at: types.Range, new_text: str) -> types.NotebookDocumentCellContentChanges:
        lines = self.texts[uri].split("\n")
        start = sum(len(line) + 1 for line in lines[: at.start.line]) + at.start.character
        end = sum(len(line) + 1 for line in lines[: at.end.line]) + at.end.character
        self.texts[uri] = self.texts[uri][:start] + new_text + self.texts[uri][end:]  # ASCII: UTF-16 = code points
        self.versions[uri] += 1
        return types.NotebookDocumentCellContentChanges(
            document=types.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
            changes=[types.TextDocumentContentChangePartial(range=at, text=new_text)],
        )

    def close(self) -> None:
        self.session.client.notebook_document_did_close(
            types.DidCloseNotebookDocumentParams(
                notebook_document=types.NotebookDocumentIdentifier(uri=self.uri),
                cell_text_documents=[types.TextDocumentIdentifier(uri=u) for u in self.cells],
            )
        )


def apply(text: str, edits: list[dict]) -> str:
    """Apply LSP edits given as JSON (ASCII text here, so UTF-16 columns are code points)."""
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)

    def offset(p: dict) -> int:
        return offsets[p["line"]] + p["character"]

    for edit in sorted(edits, key=lambda e: offset(e["range"]["start"]), reverse=True):
        text = text[: offset(edit["range"]["start"])] + edit["newText"] + text[offset(edit["range"]["end"]) :]
    return text


async def code_actions(session: Session, uri, range_: types.Range, diagnostics, only=None) -> list[dict]:
    """As JSON: lsprotocol's client-side union hook reads any CodeAction that has a `command` as a
    Command, which editors (checking `typeof command === "string"`) do not."""
    params = types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=range_,
        context=types.CodeActionContext(diagnostics=diagnostics, only=only),
    )
    unstructure = session.client.protocol._converter.unstructure
    return plain(await session.raw_request(types.TEXT_DOCUMENT_CODE_ACTION, unstructure(params)))
