"""Notebook cells as one program (analysis.cells): IPython syntax blanked line by line, positions mapped."""

from __future__ import annotations

import ast

import pytest

from notesense.analysis.cells import ROOM_TO_GROW, import_line, join, lines_with_ends, python_code, rooms, split_lines, to_cell
from notesense.rules.base import Edit, Finding, Fix


@pytest.mark.parametrize(
    "line",
    [
        "%matplotlib inline",
        "%pip install -q torch",
        "!ls -la data/",
        "!{sys.executable} -m pip list",
        "files = !ls *.csv",
        "t = %timeit -o f()",
        "df.fillna?",
        "pd.read_csv??",
        "?torch.chunk",
        "%time result = model(x)",
        "pip install torch",
        "cd data",
        "cat scripts/hello-world.py",  # IPython's default shell aliases and line magics, automagic
        "timeit dprod.dprod(xvec)",
        "mkdir out",
        "pylab inline",
    ],
)
def test_ipython_lines_are_blanked_and_keep_their_place(line: str):
    source = f"import pandas as pd\n{line}\ndf = pd.read_csv('a.csv')"
    code = python_code(source)
    assert code.parses and code.ipython == frozenset({1})
    assert code.text == "import pandas as pd\n\ndf = pd.read_csv('a.csv')"
    assert code.lines == 3


def test_python_is_left_alone_even_when_it_looks_like_ipython():
    source = "x = 10 % 3\nok = x != 3\nls = [1]\npip = 2\nwhy = 'what?'\ntime.sleep(1)\ncat(a, b)\nrm -1\n"
    code = python_code(source)
    assert code.text == source and not code.ipython and code.parses


def test_line_breaks_survive_blanking():
    code = python_code("%matplotlib inline\r\nx = 1\r\n!echo hi\r\n")
    assert lines_with_ends(code.text) == ["\r\n", "x = 1\r\n", "\r\n", ""]


def test_a_magic_inside_a_block_becomes_pass():
    code = python_code("for i in range(3):\n    %time f(i)\nprint(i)")
    assert code.parses and code.text.split("\n")[1] == "    pass"


def test_a_shell_command_continued_on_the_next_line():
    code = python_code("!pip install \\\n    torch pandas\nimport torch")
    assert code.ipython == frozenset({0, 1}) and code.parses


def test_a_line_magic_goes_on_while_its_brackets_are_open():
    """IPython reads `%timeit f(a,` to the end of its logical line: the next line is the magic's too
    (a Python Data Science Handbook cell), not an indented Python line."""
    code = python_code("%timeit np.fromiter((x for x in y),\n                    dtype=float, count=3)\nz = 1")
    assert code.parses and code.text == "\n\nz = 1" and code.ipython == {0, 1}
    code = python_code("%time s = f(')(')\ny = 2")  # brackets inside quotes do not count
    assert code.parses and code.text == "\ny = 2" and code.ipython == {0}


def test_an_indented_magic_outside_a_block_is_dropped_not_passed():
    """` %timeit f()` (a cell typed with a leading space, which IPython strips) is no block's body:
    blanked to nothing, it parses; inside a block it still becomes `pass`."""
    code = python_code(" %timeit for row in lst: list(row)")
    assert code.parses and code.text == ""
    code = python_code("x = 1\n  %time f()\ny = x")
    assert code.parses and code.text == "x = 1\n\ny = x"
    assert python_code("if x:\n    %time f()\n").text == "if x:\n    pass\n"


def test_a_cell_typed_with_a_leading_indent_is_no_syntax_error():
    """IPython strips a cell's common leading indent (` a.all()` runs in Jupyter): not reported as
    a syntax error; read as blank lines, since its columns are not the program's."""
    code = python_code(" a.all()\n b = a.any()")
    assert code.parses and code.text == "\n" and code.ipython == {0, 1}
    assert not python_code(" a.all()\nb = (").parses  # still broken once dedented: reported


def test_transparent_cell_magic_keeps_its_python_body():
    code = python_code("%%time\nimport torch\nx = torch.zeros(3)")
    assert code.parses and code.ipython == frozenset({0}) and code.first_code_line == 1
    assert code.text == "\nimport torch\nx = torch.zeros(3)"
    assert import_line(code) == 2  # after the cell's import, never above the magic


def test_foreign_cell_magic_blanks_the_whole_cell():
    code = python_code("%%bash\necho hi\nls -la")
    assert code.parses and code.text == "\n\n" and code.lines == 3


def test_a_cell_that_does_not_parse_is_blank_for_the_rules_only():
    cells = [python_code("import pandas as pd"), python_code("df = pd.read_csv("), python_code("x = 1")]
    assert not cells[1].parses
    for_features, for_rules = join(cells), join(cells, for_rules=True)
    assert for_features.source == "import pandas as pd\ndf = pd.read_csv(\nx = 1"
    assert for_rules.source == "import pandas as pd\n\nx = 1"
    ast.parse(for_rules.source)


def test_positions_map_between_cells_and_the_program():
    texts = ["import torch\n", "%matplotlib inline\nx = torch.arange(3)", "", "y = x + 1\nz = y"]
    joined = join([python_code(t) for t in texts])
    assert joined.starts == (0, 2, 4, 5)
    program = split_lines(joined.source)
    for cell, text in enumerate(texts):
        for line, content in enumerate(split_lines(text)):
            at = joined.line_in_program(cell, line)
            assert joined.cell_at(at) == (cell, line)
            assert program[at] == (content if not content.startswith("%") else "")


def test_a_cell_keeps_its_room_in_the_program_while_it_fits():
    texts = ["import torch\n", "%matplotlib inline\nx = torch.arange(3)", "", "y = x + 1\nz = y"]
    first = rooms([python_code(t) for t in texts], [None] * 4)
    assert first == tuple(len(split_lines(t)) + ROOM_TO_GROW for t in texts)
    texts[1] += "\nw = 2"  # a line more: still fits
    texts[2] = "a = 1\n" * (first[2] + 1)  # outgrows its room
    codes = [python_code(t) for t in texts]
    second = rooms(codes, [*first[:3], None])  # the last cell is new
    assert second == (first[0], first[1], first[2] + 2 + ROOM_TO_GROW, 2 + ROOM_TO_GROW)
    for for_rules in (False, True):
        joined = join(codes, rooms=second, for_rules=for_rules)
        assert joined.starts == (0, first[0], first[0] + first[1], first[0] + first[1] + second[2])
        program = split_lines(joined.source)
        assert len(program) == sum(second)
        for cell, code in enumerate(codes):
            assert program[joined.starts[cell] : joined.starts[cell] + code.lines] == split_lines(code.text)
            assert not "".join(program[joined.starts[cell] + code.lines : joined.starts[cell] + second[cell]])
            assert joined.cell_at(joined.starts[cell] + code.lines - 1) == (cell, code.lines - 1)


def test_a_finding_moves_to_its_cell_and_drops_a_fix_reaching_into_another():
    cells = [python_code("import pandas as pd\n"), python_code("df = pd.DataFrame()\ndf[df.a > 1]['b'] = 0")]
    joined = join(cells)
    own = Fix("loc", (Edit(4, 0, 4, 21, "df.loc[df.a > 1, 'b']"),), True)
    reaching = Fix("import", (Edit(2, 0, 2, 0, "import numpy as np\n"), Edit(4, 0, 4, 1, "d")), True)
    finding = Finding("NS101", "m", "h", "warning", 4, 0, 4, 21, fixes=(own, reaching))
    index, local = to_cell(finding, joined, cells)
    assert index == 1 and (local.line, local.end_line) == (2, 2)
    assert [f.title for f in local.fixes] == ["loc"] and local.fixes[0].edits[0].line == 2
