"""Builtins the notes explain (`zip`, `sorted`, `isinstance`, `dict.get`, `str.join`, `list.sort`), in prose
or code: hovering them in any file (no import needed) shows the explaining section first; a passing
use of `zip` in another block does not outrank it."""

from __future__ import annotations

import pytest

from notesense.features.completion import CompletionOptions, complete
from notesense.features.hover import hover
from notesense.library.index import Library

NOTE = """\
# Python 基础

### Sorted

- key 指定排序依据，reverse=True 从大到小，返回新的列表。

```python
nums = [3, 1, 2]
print(sorted(nums, reverse=True))
```

### dict.get

取不到键时返回默认值，不会抛 KeyError。

### 拼接字符串

`str.join(iterable)`：用分隔符把字符串序列连成一个字符串。

```python
line = ", ".join(["a", "b"])
```

### 列表原地排序

列表的 sort 方法原地排序，返回 None。

```python
a = [3, 1, 2]
a.sort()
```

### 读两列数据

```python
for x, y in zip(xs, ys):
    print(isinstance(x + y, int), sorted([x, y]))
```

### zip

`zip()` 把几个序列按位置打包成一个个元组，长度取最短的那个。

### isinstance

isinstance(obj, cls) 判断对象是否是某个类（或其子类）的实例。

### Enumerate

同时拿到下标和元素，不用自己数。

```python
import torch

for i, row in enumerate(torch.eye(3)):
    print(i, row.sum())
```
"""


@pytest.fixture(scope="module")
def notes(tmp_path_factory: pytest.TempPathFactory) -> Library:
    from notesense.compile.build import compile_note
    from notesense.notes.code import clean
    from notesense.notes.reader import load_note

    path = tmp_path_factory.mktemp("notes") / "基础.md"
    path.write_text(NOTE, encoding="utf-8")
    records = compile_note(load_note(path, "基础.md"), clean).snippets
    plain = [r for r in records if "torch" not in r.code]
    assert all(r.context == "python" and not r.requires for r in plain)  # a builtin needs no import
    return Library(records)


@pytest.mark.parametrize(("source", "title", "words"), [
    ("b = sor|ted(a)\n", "Sorted", "返回新的列表"),
    ("d = {}\nv = d.g|et('k', 0)\n", "dict.get", "不会抛 KeyError"),
    ("d = dict(a=1)\nv = d.g|et('k', 0)\n", "dict.get", "不会抛 KeyError"),
    ("s = '-'.jo|in(parts)\n", "拼接字符串", "用分隔符"),
    ("a = sorted(xs)\na.so|rt()\n", "列表原地排序", "原地排序"),
    ("pairs = list(zi|p(a, b))\n", "zip", "打包成一个个元组"),
    ("ok = isins|tance(x, int)\n", "isinstance", "判断对象"),
    ("for i, x in enumer|ate(xs):\n    pass\n", "Enumerate", "下标和元素"),  # a heading over a torch block
])
def test_a_builtin_hovers_the_section_that_explains_it(notes: Library, at, source: str, title: str, words: str) -> None:
    doc, line, col = at(source)
    result = hover(notes, doc, line, col)
    assert result is not None, source
    first = result.markdown.split("\n\n---\n\n", 1)[0]
    assert first.startswith(f"**{title}**") and words in first, first[:200]


def test_a_rebound_builtin_or_a_method_no_builtin_has_shows_nothing(notes: Library, at) -> None:
    for source in ("def zip(a, b):\n    return a\npairs = zi|p(a, b)\n", "s = 'text'\ns.joi|ned()\n", "x = 3\nx.so|rt()\n"):
        doc, line, col = at(source)
        assert hover(notes, doc, line, col) is None, source


def test_completion_offers_a_builtin_types_method_without_imports(notes: Library, at) -> None:
    doc, line, col = at("d = {'a': 1}\nv = d.ge|")
    [item] = complete(notes, doc, line, col, CompletionOptions())
    assert item.label == "d.get" and item.additional_edits == []



@pytest.mark.parametrize("context", ["python", "cv2", "torch", "pandas"])
def test_a_builtin_types_own_function_is_its_whatever_the_notes_library(context: str) -> None:
    """`bytes.fromhex(…)`, `dict.fromkeys(…)` in a block read under any library (a note whose prose
    credits a picture to OpenCV reads as cv2's) are the builtin types': no library's value is implied
    for a builtin's name."""
    import ast

    from notesense.analysis.imports import parse_imports
    from notesense.compile.symbols import code_symbols

    source = 'raw = bytes.fromhex("7b 7d")\nkeys = dict.fromkeys(["a", "b"], 0)\n'
    tree = ast.parse(source)
    found = code_symbols(tree, list(ast.walk(tree)), source, parse_imports(source), context).ranked
    assert "bytes.fromhex" in found and "dict.fromkeys" in found, found
