"""A reference listing written as prose, no bullets and no code block: one API a line, its signature
then what it does after a wide gap or straight into Chinese (`meshgrid\\( \\*xi \\)  从坐标向量返回坐标矩阵`,
as Typora and GitBook escape it, or `searchsorted(a, v[, side])    Find indices …` copied from a
reference page). Each line is an entry of its own: the hover on that API shows its line, not the
paragraph's first. Every note here is written for the test."""

from __future__ import annotations

from pathlib import Path

from notesense.library.model import EXPLAINED
from written import compile_notes, first_entry

# each line ends in two spaces, the hard line break these notes write
CREATION = "\n".join([
    "# Numpy 数组的创建",
    "",
    "## 全0和全1的数据块",
    "",
    "empty\\( `shape`,      dtype,  order \\)            创建一块空数据，没有初始化工作，节省时间  ",
    "ones\\( `shape`,  dtype, order \\)   全1数据块  ",
    "asarray\\( `a`,  dtype, order \\)  ",
    "meshgrid\\( \\*xi, \\*\\*kwargs \\) 从坐标向量返回坐标矩阵  ",
    "mgrid           是 nd\\_grid 实例，返回一个稠密的多维度网格",
    "",
])
SEARCHING = "\n".join([
    "# numpy 排序和搜索",
    "",
    "argmax(a[, axis, out])    Returns the indices of the maximum values along an axis.  ",
    "searchsorted(a, v[, side, sorter])    Find indices where elements should be inserted to maintain order.  ",
    "extract(condition, arr)    Return the elements of an array that satisfy some condition.",
    "",
])


def test_each_line_of_a_listing_explains_its_own_api(tmp_path: Path) -> None:
    library = compile_notes(tmp_path, {"numpy/creation.md": CREATION, "numpy/searching.md": SEARCHING})
    by_symbol = {s.symbols[0]: s for s in library.snippets if s.symbols}
    for symbol, line, words in [("numpy.empty", 5, "没有初始化工作"), ("numpy.ones", 6, "全1数据块"),
                                ("numpy.meshgrid", 8, "从坐标向量返回坐标矩阵"), ("numpy.searchsorted", 4, "maintain order")]:
        record = by_symbol[symbol]
        assert record.source.line == line and words in record.doc, (symbol, record)
        assert record.about[:1] == (EXPLAINED,), record
    # the spans among a signature's arguments are its parameters (`shape`), no API it explains
    assert by_symbol["numpy.empty"].symbols == ("numpy.empty",), by_symbol["numpy.empty"]
    meshgrid = first_entry(library, "import numpy as np\n\nxx, yy = np.meshgrid(x, y)\n", "meshgrid")
    assert meshgrid is not None and "从坐标向量返回坐标矩阵" in meshgrid and "创建一块空数据" not in meshgrid, meshgrid
    found = first_entry(library, "import numpy as np\n\ni = np.searchsorted(a, 3)\n", "searchsorted")
    assert found is not None and "maintain order" in found and "maximum values" not in found, found


def test_a_paragraph_that_only_writes_calls_is_no_listing(tmp_path: Path) -> None:
    """A paragraph of calls that says nothing of them, and Chinese prose that opens with a word and a
    bracket ("torch中图像的shape是('RGB', w, h)"), stay one paragraph: nothing in them is an entry."""
    note = "\n".join([
        "# Numpy 函数",
        "",
        "arange( start, stop, step, dtype)  ",
        "linspace( start, stop, num, endpoint )",
        "",
        "torch中图像的shape是('RGB', width, height)，而numpy和matplotlib中都是(width, height, 'RGB')  ",
        "imshow()需要的参数是图像矩阵，整数的值要在区间[0,255]之内",
        "",
    ])
    library = compile_notes(tmp_path, {"numpy/funcs.md": note})
    assert not any(s.source.line in (4, 7) for s in library.snippets), library.snippets


def test_an_entry_written_with_its_arguments_is_no_parameter_of_another(tmp_path: Path) -> None:
    """`load_state_dict(state_dict, strict=True)` in the list takes a `state_dict`; the next item,
    `state_dict(destination=None, …)  # 返回…`, is still the module's method, explained by its comment."""
    library = compile_notes(tmp_path, {"pytorch-nn.md": """
        # torch.nn

        ## Module

        Module是所有模型的基类，它有以下几个常用的函数。

        ### 常见的函数

        - load_state_dict(state_dict, strict=True)  # 加载模型参数
        - parameters() # 返回模型参数的迭代器
        - state_dict(destination=None, prefix='', keep_vars=False)  # 返回整个module的state，包含parameters和buffers
        """})
    entry = first_entry(library, "import torch.nn as nn\n\nmodel = nn.Linear(2, 3)\nsd = model.state_dict()\n", "state_dict")
    assert entry is not None and "返回整个module的state" in entry and "加载模型参数" not in entry, entry


def test_a_heading_word_in_capitals_names_the_call_its_prose_writes(tmp_path: Path) -> None:
    """"## Search" over "Match anywhere in string" and `re.search(r'Kenneth', data)`: the section is on
    `re.search`, before a line elsewhere that writes `re.search(...)` in a list of options."""
    library = compile_notes(tmp_path, {"python/regular-expressions.md": """
        # Regular Expressions

        ## Match

        Match only at the beginning of the string

        `re.match(r'Love', data)`

        ## Search

        Match anywhere in string

        `re.search(r'Kenneth', data)`
        """, "tools/rules.md": """
        # Rules

        ## Criteria Types

        `regex` - regular expression - `re.search('pattern', trigger_value)`
        `contains` - contains string case sensitive
        """})
    entry = first_entry(library, "import re\n\nm = re.search(r'\\d+', text)\n", "search")
    assert entry is not None and "Match anywhere in string" in entry, entry


def test_a_table_row_naming_its_calls_parameters_explains_the_call(tmp_path: Path) -> None:
    """"array with random integer values | `a = np.random.randint(min, max, size=(rows, cols))`<br>`min`
    defaults to zero…": `min` and `max` are the call's parameters (a tuple among its arguments too),
    not numpy's functions so named, and the row explains `randint`."""
    library = compile_notes(tmp_path, {"numpy.md": """
        # NumPy

        ## Creating Arrays

        | Operation | Code |
        | --- | --- |
        | array with random float values | `a = np.random.rand(rows, cols)`<br>Values are between 0 and 1. |
        | array with random integer values | `a = np.random.randint(min, max, size=(rows, cols))`<br>`min` defaults to zero and is inclusive.<br>`max` has no default and is exclusive. |
        | identity matrix | `a = np.identity(n, dtype=np.type)` |
        """})
    entry = first_entry(library, "import numpy as np\n\nrolls = np.random.randint(1, 7, size=(10, 2))\n", "randint")
    assert entry is not None and "random integer values" in entry and "random float values" not in entry, entry
    assert not any("numpy.min" in s.symbols for s in library.snippets), library.snippets


def test_a_call_chained_in_a_span_is_what_the_span_shows(tmp_path: Path) -> None:
    """"To get only the top counts, use `players.team.value_counts().nlargest(2)`": the chained call is
    typed on what `value_counts()` returns (a Series), and the sentence is about it; `value_counts`, its
    receiver on the way, is explained by the sentence before that writes it last."""
    library = compile_notes(tmp_path, {"pandas.md": """
        # pandas

        ## Aggregating Data

        ```python
        import pandas as pd
        players = pd.read_csv('players.csv')
        ```

        To get the number of players for each team in the `DataFrame`,
        use `players.team.value_counts()` which outputs:

        ```text
        Oilers       3
        Bruins       2
        ```

        To get only the top counts, in this case the top 2, use
        `players.team.value_counts().nlargest(2)` which outputs:

        ```text
        Oilers    3
        Bruins    2
        ```
        """})
    code = "import pandas as pd\n\nplayers = pd.read_csv('players.csv')\ncounts = players.team.value_counts()\n"
    counts = first_entry(library, code, "value_counts")
    assert counts is not None and "for each team" in counts, counts
    top = first_entry(library, code + "top = counts.nlargest(2)\n", "nlargest")
    assert top is not None and "only the top counts" in top, top
