"""A notebook opened as its JSON text (Neovim) is read again at every keystroke. With image outputs its
text is megabytes on few lines: in real Neovim a 4.8 MB notebook answered each hover or completion
after an edit in 300-800 ms, most of it two regex walks over every character of the JSON (its line
starts, its lines). Without a `\\r` both now come from `str.find`/`str.split`; the positions are the same."""

from __future__ import annotations

import base64
import json
import os
import re

import pytest

from notesense import lines, notebook_json
from notesense.analysis import cells, document
from notesense.lsp.notebooks import read_notebook_file

LINE_END = re.compile(r"\r\n|\r|\n")


@pytest.mark.parametrize("text", [
    "", "a", "a\n", "\n\n", "a\nb", "a\r\nb\rc\n", "\r", "x\r\n", "多行\n文本\n\n末行", "a\x0bb\x0cc\u2028d\n",
])
def test_line_starts_and_lines_are_lsps(text):
    assert lines.line_starts(text) == [0, *(m.end() for m in LINE_END.finditer(text))]
    assert cells.split_lines(text) == LINE_END.split(text)


class _Spy:
    """Stands in for the line-end regex and records the length of every text it walks."""

    def __init__(self, pattern: re.Pattern[str], walked: list[int]) -> None:
        self.pattern, self.walked = pattern, walked

    def __getattr__(self, name):
        method = getattr(self.pattern, name)

        def call(text, *args, **kwargs):
            self.walked.append(len(text))
            return method(text, *args, **kwargs)

        return call


def _notebook_with_outputs() -> str:
    image = base64.b64encode(os.urandom(300_000)).decode()
    made = []
    for i in range(12):
        made.append({"cell_type": "code", "metadata": {}, "execution_count": i, "id": f"c{i}",
                     "source": ["import torch\n", f"x{i} = torch.chunk(torch.ones(4), 2)\n"],
                     "outputs": [{"output_type": "display_data", "metadata": {}, "data": {"image/png": image}}]})
    notebook = {"cells": made, "metadata": {"kernelspec": {"name": "python3", "language": "python"}},
                "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(notebook, indent=1)


def test_reading_a_notebooks_json_walks_no_regex_over_it(monkeypatch):
    text = _notebook_with_outputs()
    walked: list[int] = []
    for module in (lines, cells, notebook_json, document):
        if hasattr(module, "LINE_END"):
            monkeypatch.setattr(module, "LINE_END", _Spy(module.LINE_END, walked))
    read = read_notebook_file("file:///n.ipynb", 1, text)
    assert read.cells is not None and len(read.cells.cells) == 12
    assert len(read.lines) == text.count("\n") + 1
    assert list(read.text.line_starts) == [0, *(m.end() for m in LINE_END.finditer(text))]
    assert not [n for n in walked if n > len(text) // 2], walked  # no walk over the whole JSON text
