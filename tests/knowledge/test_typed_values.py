"""What a value is, when the note or the user's file does not say it in an import: a builtin type's method
on a name no block binds, under a heading that names the type; a column read as an attribute of the
groups; the strings `str.split` gives, item by item."""

from __future__ import annotations

from pathlib import Path

from notesense.analysis.document import Document
from written import compile_notes, first_entry


def test_a_method_on_an_unbound_name_under_a_heading_naming_a_builtin_type_is_that_types(tmp_path: Path) -> None:
    """`b_list.insert(1, 'red')` in a note on plain Python: only lists have `insert`. `s.update(...)`,
    which dicts and sets share, is the set's under "## 集合" and the dict's under "## Dictionaries"."""
    library = compile_notes(tmp_path, {"数据结构.md": """\
        # 列表

        `insert` 可以在特定的位置插入元素。

        ```python
        b_list.insert(1, 'red')
        ```

        ## 集合

        `update` 把另一个集合的元素并进来。

        ```python
        seen.update(more)
        ```

        ## Dictionaries

        `update` merges another mapping's keys into this one.

        ```python
        table.update(extra)
        ```
        """})
    first = first_entry(library, "colors = ['a']\ncolors.insert(0, 'b')\n", "insert")
    assert first is not None and "特定的位置插入元素" in first, first
    first = first_entry(library, "s = set()\ns.update([1])\n", "update")
    assert first is not None and "集合的元素并进来" in first, first
    first = first_entry(library, "d = {}\nd.update(a=1)\n", "update")
    assert first is not None and "another mapping" in first, first


def test_a_column_read_as_an_attribute_of_the_groups_is_a_series_groupby() -> None:
    """`df.groupby("k").price` is `df.groupby("k")["price"]`; a member of the groups stays a member."""
    doc = Document('import pandas as pd\ndf = pd.read_csv("a.csv")\ng = df.groupby("k")\n'
                   'stats = g.price.agg(["min"])\nflat = g.points.mean().reset_index()\nsix = g.nth(6)\n')
    assert doc.member_symbol("g.price", "agg", 3) == "pandas.core.groupby.SeriesGroupBy.agg"
    assert doc.member_symbol("g.points.mean()", "reset_index", 4) == "pandas.Series.reset_index"
    assert doc.member_symbol("g", "nth", 5) == "pandas.core.groupby.DataFrameGroupBy.nth"


def test_the_strings_a_string_method_gives_are_strings() -> None:
    """`str.split` gives a list of str (typeshed writes `list[LiteralString]` for a literal's): its items,
    in a loop or a comprehension, are strings, and so is what `strip` or `lower` gives."""
    source = 'line = "a, b"\nparts = [p.strip() for p in line.split(",")]\nwords = line.strip().lower().split()\n'
    doc = Document(source)
    assert doc.member_symbol("p", "strip", 1, source.splitlines()[1].index("p.strip"), analyse=True) == "str.strip"
    assert doc.member_symbol("line.strip().lower()", "split", 2) == "str.split"


def test_a_model_made_from_the_projects_own_class_in_a_torch_note_has_the_modules_methods(tmp_path: Path) -> None:
    """`from model import LeNet; net = LeNet(classes=2); net.load_state_dict(...)` in a note on PyTorch:
    LeNet is the reader's own model, so its `load_state_dict` is torch.nn.Module's, which the hover on
    any model's `load_state_dict` shows."""
    library = compile_notes(tmp_path, {"保存与加载.md": """\
        # PyTorch 模型的加载

        这种方法需要事先创建一个模型对象，再使用模型的 `load_state_dict()` 方法把参数加载到模型中。

        ```python
        from model import LeNet
        net = LeNet(classes=2)
        state = torch.load("./model_state_dict.pkl")
        net.load_state_dict(state)
        ```
        """})
    first = first_entry(library, "import torch\nnet = torch.nn.Linear(2, 1)\nnet.load_state_dict(torch.load('m.pkl'))\n",
                        "load_state_dict")
    assert first is not None and "把参数加载到模型中" in first, first


def test_a_frame_made_without_an_import_is_a_frame_in_the_blocks_after_it(tmp_path: Path) -> None:
    """A note that never imports pandas makes `df = pd.DataFrame(...)` in one block and explains
    `df["a"].transform(...)` under its own heading in a later one: the column is a Series there too."""
    library = compile_notes(tmp_path, {"变换.md": """\
        # 数据处理

        ```python
        df = pd.DataFrame({"a": [1, 4]})
        ```

        ## transform

        transform 可接收多个函数进行多项处理。

        ```python
        print(df["a"].transform([np.sqrt, np.exp]))
        ```
        """})
    first = first_entry(library, "import pandas as pd\ns = pd.Series([1])\nt = s.transform([abs])\n", "transform")
    assert first is not None and "可接收多个函数" in first, first


def test_what_a_builtin_gives_as_text_is_a_string() -> None:
    """`input()`, `repr(x)`, `hex(n)`: the line typed, the value's text: `raw.strip()` is `str.strip`."""
    doc = Document("raw = input('name: ')\nname = raw.strip()\nh = hex(255)\nh.upper()\n")
    assert doc.member_symbol("raw", "strip", 1, 7, analyse=True) == "str.strip"
    assert doc.member_symbol("h", "upper", 3, 0, analyse=True) == "str.upper"
