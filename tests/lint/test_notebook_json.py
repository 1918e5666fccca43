"""`notebook_json`: positions between a notebook's code cells and its JSON text, through every escape
JSON writers produce, and the smallest edit that gives a cell a new source."""

from __future__ import annotations

import json

import pytest

from notesense.analysis.cells import split_lines
from notesense.notebook_json import NotebookError, NotebookText, parse_notebook, rewrite

SOURCES = [
    'import pandas as pd\nname = "数据\\t😀"\n',  # quotes, a backslash, CJK, an astral character
    "%%time\r\nx = 1\r\ny = '中'\r\n",  # CRLF
    "",  # empty
    "a = 1\rb = 2",  # old Mac line ends, no final newline
    "p = r'C:\\new\\users'\nx = 1 + \\\n    2\nrx = r'\\d+\\\\'  # C:\\\n",  # Windows path, continuation, regex
]


def notebook(sources: list[str], *, ensure_ascii: bool, as_lines: bool, indent: int | None) -> str:
    cells = [{"cell_type": "markdown", "metadata": {}, "source": ["# 标题\n", "text"]}]
    for source in sources:
        value = source.splitlines(keepends=True) if as_lines else source
        cells.append({"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": value})
    nb = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(nb, indent=indent, ensure_ascii=ensure_ascii)


@pytest.mark.parametrize("ensure_ascii", [False, True])
@pytest.mark.parametrize(("as_lines", "indent"), [(True, 1), (False, 2), (True, None)])
def test_every_cell_position_maps_to_its_character_in_the_json_and_back(ensure_ascii: bool, as_lines: bool, indent: int | None):
    text = notebook(SOURCES, ensure_ascii=ensure_ascii, as_lines=as_lines, indent=indent)
    nb = NotebookText.parse(text)
    assert [c.source for c in nb.notebook.cells] == SOURCES
    decoder = json.JSONDecoder()
    for cell, source in enumerate(SOURCES):
        if not source and as_lines:  # `"source": []`: no string to point into
            assert nb.text_position(cell, 0, 0) is None and nb.cell_at(*nb.position(text.index('"source": []') + 11)) is None
            continue
        for line, content in enumerate(split_lines(source)):
            for col in range(len(content) + 1):
                at = nb.text_position(cell, line, col)
                assert at is not None
                assert nb.cell_at(*at) == (cell, line, col), (cell, line, col, at)
                if col < len(content):  # up to the next character, the JSON text encodes exactly this one
                    encoded = text[nb.offset(*at) : nb.offset(*nb.text_position(cell, line, col + 1))]
                    assert decoder.decode(f'"{encoded}"') == content[col], (cell, line, col, encoded)
    assert nb.cell_at(0, 0) is None  # `{`: no cell there


def test_the_edit_for_a_new_source_touches_only_the_changed_line():
    text = notebook(SOURCES, ensure_ascii=False, as_lines=True, indent=1)
    nb = NotebookText.parse(text)
    start, end, new = nb.replace_source(1, SOURCES[1].replace("x = 1", 'x = "二"'))
    edited = text[:start] + new + text[end:]
    assert json.loads(edited)["cells"][2]["source"] == ["%%time\r\n", 'x = "二"\r\n', "y = '中'\r\n"]
    assert text.count("\n") == edited.count("\n") and new == '\\"二\\"'


@pytest.mark.parametrize("text", ["{", '{"nbformat": 3, "cells": []}', "[]"])
def test_text_that_is_not_a_notebook_says_why(text: str):
    with pytest.raises(NotebookError):
        NotebookText.parse(text)


def test_a_code_cell_without_source_reads_as_empty():
    """nbformat requires `source`, but a hand-written or generated notebook may leave it out."""
    cells = [{"cell_type": "code", "metadata": {}, "outputs": []}, {"cell_type": "code", "source": ["x = '数'\n", "y = 2"]}]
    text = json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1)
    nb = NotebookText.parse(text)
    assert [c.source for c in nb.notebook.cells] == ["", "x = '数'\ny = 2"]
    assert nb.text_position(0, 0, 0) is None
    at = nb.text_position(1, 1, 4)
    assert at is not None and text.split("\n")[at[0]][at[1]] == "2" and nb.cell_at(*at) == (1, 1, 4)


def test_a_backslash_before_u_is_not_an_ascii_escape():
    """An ASCII notebook holding `C:\\users` was not written with `ensure_ascii`: a new line keeps its 中."""
    source = ["p = r'C:\\users\\me'\n", "x = 1\n"]
    text = json.dumps({"cells": [{"cell_type": "code", "source": source}], "metadata": {}, "nbformat": 4}, indent=1)
    assert "\\u" in text and text.isascii()
    new = rewrite(parse_notebook(text), {0: "p = r'C:\\users\\me'\nx = '中'\n"})
    assert "x = '中'" in new and json.loads(new)["cells"][0]["source"] == ["p = r'C:\\users\\me'\n", "x = '中'\n"]
    escaped = json.dumps({"cells": [{"cell_type": "code", "source": ["s = '\u00e9'\n"]}], "nbformat": 4}, ensure_ascii=True)
    assert "\\u4e2d" in rewrite(parse_notebook(escaped), {0: "s = '中'\n"})  # written with ensure_ascii: stays so


def test_an_nbformat_3_notebooks_cells_are_found_in_its_worksheets():
    """The server reads a notebook opened as a plain file (Neovim) through `NotebookText`: an old
    notebook's positions map into each code cell's `input`, counted across worksheets."""
    code = {"cell_type": "code", "input": ["import pandas as pd\n", 'df = pd.DataFrame({"中": [1]})'], "language": "python",
            "metadata": {}, "outputs": []}
    sheets = [{"cells": [{"cell_type": "markdown", "source": "# 标题"}]}, {"cells": [code]}]
    text = json.dumps({"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": sheets}, indent=1)
    nb = NotebookText.parse(text)
    assert [c.index for c in nb.notebook.cells] == [1]
    line, col = nb.text_position(0, 1, 0)
    assert split_lines(text)[line][col:].startswith('df = pd.DataFrame({\\"\\u4e2d\\"')  # 中 as JSON escaped it
    assert nb.cell_at(line, col + 1) == (0, 1, 1)
    edited = rewrite(nb.notebook, {1: "import pandas as pd\ndf = None"})
    assert json.loads(edited)["worksheets"][1]["cells"][0]["input"] == ["import pandas as pd\n", "df = None"]
