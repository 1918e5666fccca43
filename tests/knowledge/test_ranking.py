"""Ranking by aboutness: a passing use (`torch.save` as the last line of a long training script, an
`nn.Parameter` inside an unrelated model, read first in the notes' order) never outranks the section
that explains the API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from notesense.analysis import api
from notesense.analysis.document import Document
from notesense.features.hover import hover
from notesense.library.index import Library
from notesense.library.model import MENTIONED, SHOWN
from notesense.library.sources import Sources, load_library
from written import compile_notes, first_entry, notebook

def _loaded(tmp_path: Path, files: dict[str, str]) -> Library:
    """The library of notes folder `files` (name → text), loaded as the server loads it."""
    root = tmp_path / "notes"
    root.mkdir()
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    library, problems = load_library(Sources(notes=[root], snippets=[], origin="options"), None)
    assert not problems
    return library


SCRIPT = '''\
# 训练一个小模型

## 完整训练脚本

下面是完整的训练过程，训练完把权重存下来。

```python
import torch
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.randn(3, 1))

    def forward(self, x):
        return x @ self.w


model = Net()
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for epoch in range(10):
    loss = model(torch.randn(8, 3)).pow(2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"epoch {epoch} loss {loss.item():.3f}")
torch.save(model.state_dict(), "net.pt")
```
'''
EXPLAINED = '''\
# 模型保存与参数

## 保存模型

训练好的参数要存到磁盘上，下次直接读回来，不用重新训练。

```python
torch.save(model.state_dict(), "m.pt")
```

## 可训练参数

`nn.Parameter` 是一种特殊的张量：赋给 Module 的属性时会自动注册为可训练参数。
'''


@pytest.fixture(scope="module")
def notes(tmp_path_factory: pytest.TempPathFactory) -> Library:
    root = tmp_path_factory.mktemp("notes")
    (root / "01-训练.md").write_text(SCRIPT, encoding="utf-8")  # read first: the reading order favours it
    (root / "02-保存.md").write_text(EXPLAINED, encoding="utf-8")
    library, problems = load_library(Sources(notes=[root], snippets=[], origin="options"), None)
    assert not problems
    return library


@pytest.mark.parametrize(("source", "needle", "section"), [
    ("import torch\ntorch.save(model.state_dict(), 'a.pt')\n", "save", "保存模型"),
    ("import torch\nfrom torch import nn\nw = nn.Parameter(torch.zeros(3))\n", "Parameter", "可训练参数"),
])
def test_the_explaining_section_comes_before_a_passing_use(notes: Library, source: str, needle: str, section: str) -> None:
    line = source.rstrip("\n").count("\n")
    col = source.split("\n")[line].index(needle) + 1
    result = hover(notes, Document(source), line, col)
    assert result is not None
    assert result.markdown.startswith(f"**{section}**"), result.markdown.split("\n", 1)[0]


def test_the_block_that_uses_the_name_comes_before_its_sections_setup(tmp_path) -> None:
    """A section whose heading names an API ("读入后 describe") holds a setup cell (`pd.read_csv`) and
    then the cell that calls it: both are as much about it by the heading, but the hover opens with
    the one whose code shows it, whichever comes first in the notebook."""
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": ["## DataFrame 读入后 describe\n", "\n",
                                                               "describe 给出每一列的计数、均值、标准差和分位数。"]},
        {"cell_type": "code", "metadata": {}, "execution_count": 1, "outputs": [],
         "source": ["import pandas as pd\n", "df = pd.read_csv('a.csv')"]},
        {"cell_type": "code", "metadata": {}, "execution_count": 2, "outputs": [], "source": ["df.describe()"]},
    ]
    library = _loaded(tmp_path, {"pandas.ipynb": json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                                                             "cells": cells})})
    first = first_entry(library, "import pandas\nframe = pandas.read_csv('x.csv')\nframe.describe()\n", "describe")
    assert first is not None and "df.describe()" in first and "read_csv" not in first, first


NAMESAKES = {
    "frame.md": """\
# 表的变换

## transform：逐列变换

transform 把函数用到表的每一列上，返回和原表一样形状的结果。

```python
import pandas as pd
df = pd.DataFrame({"a": [1, 2], "b": [3, 4]})
df.transform(lambda col: col * 10)
```

## isnull：找出缺失值

isnull 对每个元素给出是否缺失，得到同样形状的布尔值。

```python
import pandas as pd
s = pd.Series([1.0, None])
s.isnull()
```
""",
    "groupby.md": """\
# 分组

## 分组后的各种操作

```python
import pandas as pd
df = pd.DataFrame({"k": ["x", "x", "y"], "v": [1.0, 2.0, 4.0]})
df.groupby("k")["v"].transform(lambda s: (s - s.mean()) / s.std())  # 每组内部做标准化，形状和原来一样
df.groupby("k")["v"].sum()  # 每组求和
df[df["v"].isnull()]
```
""",
}


def test_the_very_api_before_a_namesake_and_a_mirror_as_much_as_the_api(tmp_path) -> None:
    """A section explaining `DataFrame.transform` (a namesake: a different operation) comes after the
    line that explains `SeriesGroupBy.transform` itself; a section explaining `Series.isnull` (the same
    operation as `DataFrame.isnull`) still comes before a block that merely calls `DataFrame.isnull`."""
    library = _loaded(tmp_path, NAMESAKES)
    source = "import pandas as pd\nsales = pd.read_csv('s.csv')\nz = sales.groupby('shop')['qty'].transform('mean')\nmissing = sales.isnull()\n"
    grouped = first_entry(library, source, "transform")
    assert grouped is not None and "每组内部做标准化" in grouped
    missing = first_entry(library, source, "isnull")
    assert missing is not None and "是否缺失" in missing


def test_a_compiled_patterns_method_explains_the_module_function(tmp_path: Path) -> None:
    """`re.sub(p, r, s)` is `re.compile(p).sub(r, s)`: prose on a compiled pattern's `sub` comes before
    an example earlier in the note that shows `re.sub` under words on something else (and
    `random.Random`'s `randint` is `random.randint`)."""
    library = _loaded(tmp_path, {"python-for-data-analysis.md": """# Python for Data Analysis

## Functions are objects

You can use functions as arguments to other functions

    def remove_punctuation(value):
        return re.sub('[!#?]', '', value)

## Regular Expressions

    In [119]: import re
    In [120]: regex = re.compile(r'[A-Z]+@[A-Z]+', flags=re.IGNORECASE)

`regex.sub` will return a new string with matches replaced:

    In [127]: print(regex.sub('REDACTED', text))
    Dave REDACTED
            Steve REDACTED
"""})
    entry = first_entry(library, "import re\n\nout = re.sub(r'\\d+', '#', line)\n", "sub")
    assert entry is not None and "a new string with matches replaced" in entry, entry
    assert api.mirrors("random.randint", "random.Random.randint") and not api.mirrors("re.sub", "str.replace")


def test_a_heading_that_names_an_api_over_code_alone_comes_after_prose_that_explains_it(tmp_path) -> None:
    """A cheat sheet's `## apply` over a bare block names the API but says nothing of it; another
    note's section whose prose explains it opens the hover, and the bare block still follows."""
    library = _loaded(tmp_path, {
        "a-tools.md": "# 清洗工具\n\n## apply\n\n```python\nimport pandas as pd\ndf = pd.DataFrame({'x': [1]})\n"
                      "df.apply(lambda row: row, axis=1)\n```\n",
        "b-pandas.md": "# pandas 变换\n\n## apply 按行处理\n\napply 每次把一行（axis=1）交给函数，函数的返回值拼成新的表。\n\n"
                       "```python\nimport pandas as pd\ndf = pd.DataFrame({'x': [1, 2]})\ndf.apply(lambda r: r * 2, axis=1)\n```\n",
    })
    source = "import pandas as pd\nsales = pd.read_csv('s.csv')\nout = sales.apply(len, axis=1)\n"
    result = hover(library, Document(source), 2, source.split("\n")[2].index("apply") + 1)
    assert result is not None
    first, rest = result.markdown.split("---", 1)
    assert "每次把一行" in first and "a-tools.md" in rest


def test_one_record_is_its_own_ranking(monkeypatch) -> None:
    """Most symbols of a large library have one record: ranking it computes nothing (the first
    completion after `pd.` asks for fifty such rankings)."""
    import notesense.library.index as index
    from notesense.library.model import Snippet, Source

    def no_level(*args):
        raise AssertionError("a single record was ranked")

    monkeypatch.setattr(index, "_level", no_level)
    only = Snippet(id="a", context="pandas", title="t", body="pd.concat(x)", code="pd.concat(x)",
                   source=Source("n.md", 1), symbols=("pandas.concat",))
    assert Library([only]).for_symbol("pandas.concat") == [only]


NOUNS = '''\
# NumPy basics

## Looping over array elements

Loops over the elements of arrays are slow in Python; vectorised operations are faster.

```python
from numpy import *
v = array([1, 2, 3])
for x in v:
    print(x)
```

## Creating arrays from lists

To make a vector or a matrix from nested Python lists, call the `numpy.array` function.

```python
from numpy import *
M = array([[1, 2], [3, 4]])
```
'''


def test_prose_that_writes_a_function_as_code_before_a_heading_that_uses_its_name_as_a_word(tmp_path: Path) -> None:
    """"Looping over array elements" uses `array` as a noun; the section whose prose writes `numpy.array`
    as code is the one about the function. (A class spelled in words in a heading still names it:
    tests/knowledge/test_note_wide_context.py.)"""
    library = _loaded(tmp_path, {"numpy.md": NOUNS})
    first = first_entry(library, "import numpy as np\nM = np.array([[1, 2]])\n", "array(")
    assert first is not None and "nested Python lists" in first, first


OPENING = '''\
# RMSprop

RMSprop 是一种自适应学习率的优化算法，用梯度平方的移动平均来缩放每个参数的步长。

## RMSprop 算法

先看效果：rmsprop 收敛得很快，不过 rmsprop 对学习率很敏感。PyTorch 自带 rmsprop，调用 `torch.optim.RMSprop()` 即可，
下面用 rmsprop 训练一个小网络。

```python
import torch
from torch import nn

net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
optimizer = torch.optim.RMSprop(net.parameters(), lr=1e-3, alpha=0.9)
for x, y in batches:
    optimizer.zero_grad()
    loss = nn.functional.mse_loss(net(x), y)
    loss.backward()
    optimizer.step()
```
'''


def test_the_opening_of_a_note_titled_by_the_name_alone_before_a_section_that_says_it_more(tmp_path: Path) -> None:
    """"# RMSprop" opens by saying what it is; the section below writes `torch.optim.RMSprop()` as code and
    names it more often, on the way to a training loop: the note's opening answers first."""
    library = _loaded(tmp_path, {"rmsprop.md": OPENING})
    first = first_entry(library, "import torch\nopt = torch.optim.RMSprop(params, lr=0.01)\n", "RMSprop(")
    assert first is not None and "一种自适应学习率的优化算法" in first, first


KERNEL = '''\
# 上采样

## 双线性核

转置卷积的权重可以用双线性核来初始化，下面是一个例子

```python
def bilinear(channels, size):
    """a bilinear upsampling kernel"""
    factor = (size + 1) // 2
    if size % 2 == 1:
        center = factor - 1
    else:
        center = factor - 0.5
    grid = np.ogrid[:size, :size]
    filt = (1 - abs(grid[0] - center) / factor) * (1 - abs(grid[1] - center) / factor)
    weight = np.zeros((channels, channels, size, size), dtype='float32')
    weight[range(channels), range(channels), :, :] = filt
    return torch.from_numpy(weight)
```
'''

CONVERT = '''\
# 张量和 NumPy

NumPy 的数组可以用下面两种写法变成张量，前一种复制数据，后一种和数组共享内存：

```python
t1 = torch.Tensor(arr)
t2 = torch.from_numpy(arr)
```
'''

WRAPPER = '''\
# 小工具

```python
import torch
```

把数组交给 PyTorch 的一行包装：

```python
def as_tensor(arr):
    return torch.from_numpy(arr)
```
'''


def test_a_call_that_ends_a_function_of_the_notes_own_is_no_example_of_it(tmp_path: Path) -> None:
    """A helper that computes a kernel in a dozen lines and returns `torch.from_numpy(weight)` only converts
    its result, where the note read first calls it among the ways to convert arrays: both call it, and
    the reading order decides. A one-line wrapper still shows what it returns."""
    library = _loaded(tmp_path, {"a_numpy.md": CONVERT, "b_kernel.md": KERNEL})
    first = first_entry(library, "import torch\nx = torch.from_numpy(a)\n", "from_numpy")
    assert first is not None and "和数组共享内存" in first, first
    (tmp_path / "w").mkdir()
    wrapped = _loaded(tmp_path / "w", {"a_wrapper.md": WRAPPER})
    (record,) = wrapped.for_symbol("torch.from_numpy")
    assert record.aboutness("torch.from_numpy") == SHOWN


@pytest.mark.parametrize("recap", ["## 📌 Summary", "## 🧠 TL;DR"])
def test_a_recap_that_opens_no_title_of_its_own_answers_after_the_explanation(tmp_path: Path, recap: str) -> None:
    """A note with no title of its own ("## Step 1 …", then "## 📌 Summary") recaps in one line what
    another note explains: its summary is no title, and answers after the explanation, as a summary under
    a title does."""
    library = compile_notes(tmp_path, {
        "a_tutorial.md": f"""
            ## Step 1: load the data

            ```python
            from sklearn.datasets import fetch_openml
            mnist = fetch_openml("mnist_784", as_frame=False)
            ```

            {recap}

            | Step      | Description                     |
            | --------- | ------------------------------- |
            | Load data | Use `fetch_openml("mnist_784")` |
            | Train     | `SGDClassifier.fit()`           |
            """,
        "b_datasets.md": """
            # Loading MNIST

            ```python
            from sklearn.datasets import fetch_openml
            mnist = fetch_openml("mnist_784")
            ```

            > Data sets returned by `fetch_openml()` are not always shuffled, and it caches them on disk.
            """})
    code = "from sklearn.datasets import fetch_openml\n\nX, y = fetch_openml('mnist_784', return_X_y=True)\n"
    entry = first_entry(library, code, "fetch_openml(")
    assert entry is not None and "caches them on disk" in entry, entry


def test_a_section_titled_as_an_example_of_it_answers_after_the_words_on_it(tmp_path: Path) -> None:
    """"## Example of Sequential vs ModuleList" names both as plainly as a heading can, and shows them (a
    picture and its caption): it answers after the section that says what Sequential does, as
    "Example: …" does."""
    library = compile_notes(tmp_path, {"layers.md": """
        # Building models

        ```python
        import torch.nn as nn
        layer = nn.Linear(4, 2)
        ```

        ## How to manage layers

        We can use `torch.nn.Sequential`: it chains the modules and builds the forward pass for us.

        ## Example of Sequential vs ModuleList

        | Sequential | ModuleList |
        | --- | --- |
        | ![](seq.png) | ![](list.png) |
        | Two layers with torch.nn.Sequential | Two layers with torch.nn.ModuleList |
        """})
    code = "import torch.nn as nn\n\nnet = nn.Sequential(nn.Linear(2, 2))\n"
    entry = first_entry(library, code, "Sequential(")
    assert entry is not None and entry.startswith("**How to manage layers**") and "builds the forward pass" in entry, entry


def test_a_post_titled_for_a_function_answers_before_a_section_of_a_post_on_something_else(tmp_path: Path) -> None:
    """A blog whose posts each take one task: "How to create Pandas Pivot Table" is the post on
    `pivot_table`; "Count Duplicates › pivot_table" in the post on counting duplicate rows heads a
    section with the name alone, and answers after the post titled for it."""
    library = compile_notes(tmp_path, {"2023-04-20-count-duplicate-rows.md": """\
        ---
        title: "pandas count duplicate rows"
        ---

        Let us count the duplicate rows of a frame in a few ways.

        ## Count Duplicates

        ### pivot_table

        We discuss the `pivot_table` function in this section: it groups by the columns and counts each group.

        ```python
        import pandas as pd
        df = pd.read_csv("people.csv")
        df.pivot_table(index=["name", "age"], aggfunc="size")
        ```
        """, "2019-07-24-create-pivot-table.md": """\
        ---
        title: "How to create Pandas Pivot Table"
        ---

        A pivot table lets you summarize and aggregate your data, as a spreadsheet does.

        ```python
        import pandas as pd
        df = pd.read_csv("sales.csv")
        df.pivot_table(index="site", columns="category", values="sales", aggfunc="sum")
        ```
        """})
    code = "import pandas as pd\n\ndf = pd.read_csv('a.csv')\nt = df.pivot_table(index='a', values='b')\n"
    entry = first_entry(library, code, "pivot_table(")
    assert entry is not None and entry.startswith("**How to create Pandas Pivot Table**") and "spreadsheet" in entry, entry


def test_a_first_heading_numbered_in_chinese_is_no_title(tmp_path: Path) -> None:
    """"一、通过plot函数设置样式" opens a notebook's first section, as "1. …" would: the note is not titled
    for `plot`, and the section headed "plt.plot()函数" in the note that introduces it answers first."""
    library = compile_notes(tmp_path, {"02-折线图入门.md": """\
        # 折线图入门

        ## plt.plot()函数

        plt.plot()函数用来绘制折线图，传入x和y两组数据即可。

        ```python
        import matplotlib.pyplot as plt
        plt.plot([1, 2, 3], [2, 4, 1])
        ```
        """, "03-折线图样式设置.md": """\
        # 一、通过plot函数设置样式

        可以在调用时传入颜色、线型和标记等参数来设置线条的样式。

        ```python
        import matplotlib.pyplot as plt
        plt.plot([1, 2, 3], [2, 4, 1], color="red", linestyle="--", marker="o")
        ```
        """})
    code = "import matplotlib.pyplot as plt\n\nplt.plot(x, y)\n"
    entry = first_entry(library, code, "plot(")
    assert entry is not None and entry.startswith("**plt.plot()函数**"), entry


def test_a_section_headed_by_the_name_alone_answers_before_the_sections_under_it(tmp_path: Path) -> None:
    """"## 2. DataLoader" says what the class is; "### 2.1 创建DataLoader" under it shows how one is made:
    both are headed by the name, and the section the sub-sections belong to answers first."""
    library = compile_notes(tmp_path, {"04-Dataset和DataLoader.md": """\
        # Dataset和DataLoader的基本使用

        ## 2. DataLoader

        为了批处理和并行加载数据，通常会使用`DataLoader`。常用的参数：
        - `dataset`: 必填，数据集实例
        - `batch_size`: 每个批次的样本数量，默认是1
        - `shuffle`: `True`表示每次迭代前都打乱数据顺序

        ### 2.1 创建DataLoader

        ```python
        from torch.utils.data import DataLoader
        loader = DataLoader(dataset=demo, batch_size=2, shuffle=False)
        ```

        `DataLoader`实例化时`batch_size=2`，for 循环每次取出两个样本。
        """})
    code = "from torch.utils.data import DataLoader\n\nloader = DataLoader(images, batch_size=10, shuffle=True)\n"
    entry = first_entry(library, code, "DataLoader(")
    assert entry is not None and entry.startswith("**2. DataLoader**") and "并行加载数据" in entry, entry


def test_a_heading_that_is_only_the_word_example_answers_after_the_section_above_it(tmp_path: Path) -> None:
    """"#### eg" (or "示例", "Example") under "### K-Fold" is an example of what the section above it
    explains: however much its own words on the code say of the class, the section that says what
    K-fold cross-validation is answers first."""
    library = compile_notes(tmp_path, {"cv.md": """
        # 交叉验证

        ### K-Fold

        - K折交叉验证的基本思想是将数据集分成K个子集，轮流用其中一个作验证集。
        - 以下代码演示了KFold是怎么工作的

        #### eg

        ```python
        from sklearn.model_selection import KFold
        kf = KFold(n_splits=2)
        for train_index, test_index in kf.split(X):
            print(train_index, test_index)
        ```

        - 这段代码使用了Scikit-learn库中的`KFold`类进行K折交叉验证。
        - 在`KFold`对象中，设置`n_splits=2`，表示将数据集划分为2个子集。
        - 在每个折叠中，`KFold`类返回一个元组`(train_index, test_index)`。
        """})
    code = "from sklearn.model_selection import KFold\n\nkf = KFold(n_splits=5)\n"
    entry = first_entry(library, code, "KFold(")
    assert entry is not None and entry.startswith("**K-Fold**") and "基本思想" in entry, entry


def test_a_heading_that_writes_a_layer_out_in_words_names_it(tmp_path: Path) -> None:
    """"### 2D convolution" over `nn.Conv2d(...)` is the layer's name in words (its dimension, its short
    part in full): that section answers before a model that only builds one among other layers."""
    library = compile_notes(tmp_path, {"01-lenet.md": """
        # LeNet5

        LeNet5 can be implemented in PyTorch with the following code:

        ```python
        import torch.nn as nn
        class LeNet5(nn.Module):
            def __init__(self):
                super().__init__()
                self.conv1 = nn.Conv2d(1, 20, 5, 1)
                self.conv2 = nn.Conv2d(20, 20, 5, 1)
                self.fc = nn.Linear(500, 10)
        ```
        """, "02-conv.md": """
        # Convolutions

        ### 2D convolution

        The input has 20 channels; the layer has 16 kernels of size 3 x 5, so the output has 16 channels.

        ```python
        import torch
        import torch.nn as nn
        x = torch.rand(1, 20, 64, 128)
        conv = nn.Conv2d(20, 16, (3, 5))
        conv(x).size()
        ```
        """})
    code = "import torch.nn as nn\n\nconv = nn.Conv2d(3, 8, 3)\n"
    entry = first_entry(library, code, "Conv2d(")
    assert entry is not None and entry.startswith("**2D convolution**") and "16 kernels" in entry, entry


def test_words_that_open_with_a_class_in_code_marks_say_what_it_is(tmp_path: Path) -> None:
    """"- `DataLoader` wraps an iterable around the dataset…" says what DataLoader does; the item above it
    names it in full beside Dataset ("two data primitives: `torch.utils.data.DataLoader` and …") and
    says nothing of it: the item that opens with it answers first."""
    library = compile_notes(tmp_path, {"data.md": """
        # Datasets and Dataloaders

        - PyTorch provides two data primitives: `torch.utils.data.DataLoader` and `torch.utils.data.Dataset`
        - `Dataset` stores the samples and their labels
        - `DataLoader` wraps an iterable around the `Dataset` and hands out minibatches of samples.

        ```python
        from torch.utils.data import DataLoader
        loader = DataLoader(train_set, batch_size=64)
        ```
        """})
    code = "from torch.utils.data import DataLoader\n\nloader = DataLoader(ds, batch_size=8, shuffle=True)\n"
    entry = first_entry(library, code, "DataLoader(ds")
    assert entry is not None and "hands out minibatches" in entry.split("\n\n*")[0], entry


COMBINING = """\
# Combining DataFrames

```python
import pandas as pd
registrations = pd.DataFrame({'id': [1, 2], 'name': ['Andrew', 'Bob']})
logins = pd.DataFrame({'id': [1, 2], 'name': ['Xavier', 'Andrew']})
```

## Merge

Data Tables

## Inner Join

```python
import pandas as pd
both = pd.merge(registrations, logins, how='inner', on='name')
```
"""

MERGING = """\
# Merging

## pd.merge() — Database-style Joins

Merge combines DataFrames based on shared column values, similar to SQL JOINs.

```python
import pandas as pd
joined = pd.merge(orders, customers, on='customer_id')
```
"""


def test_a_section_of_two_words_answers_after_one_that_says_something(tmp_path: Path) -> None:
    """"## Merge" over "Data Tables" (a subtitle, all the section says) names merge as plainly as a
    heading can in a folder on pandas, and so does "pd.merge() — Database-style Joins" over a sentence
    on what it does: that sentence answers first, though its note is read later."""
    library = compile_notes(tmp_path, {"03-Pandas/a_combining.md": COMBINING, "03-Pandas/b_merging.md": MERGING})
    first = first_entry(library, "import pandas as pd\nm = pd.merge(a, b, on='k')\n", "merge")
    assert first is not None and "similar to SQL JOINs" in first, first


def test_a_table_of_equivalents_answers_after_the_section_on_the_api(tmp_path: Path) -> None:
    """Bullets that map one API to another ("`df.plot(kind='line')` -> `sns.lineplot(data=df)`") are a
    listing's entries: read first in the notes' order, they still answer after the section that says
    what `DataFrame.plot` does."""
    library = compile_notes(tmp_path, {
        "a_seaborn.ipynb": notebook([
            ("markdown", "## 1. Plotting Directly from DataFrames: The Seaborn Way\n\n"
                         "* `df.plot(kind='line')` -> `sns.lineplot(data=df, ...)`\n"
                         "* `df.plot(kind='hist')` -> `sns.histplot(data=df, ...)`\n"),
            ("code", "import pandas as pd\nimport seaborn as sns\ndf = pd.read_csv('titanic.csv')\nsns.histplot(data=df, x='Age')\n"),
        ]),
        "b_pandas.ipynb": notebook([
            ("markdown", "## 1. Pandas Plotting Basics (df.plot())\n\n"
                         "Pandas provides a simple `.plot()` method directly on the DataFrame, where the `kind` "
                         "parameter determines the chart type.\n"),
            ("code", "import pandas as pd\ndf = pd.read_csv('titanic.csv')\ndf['Age'].plot(kind='hist')\n"
                     "df[['Age', 'Fare']].plot(kind='box')\n"),
        ]),
    })
    for locale in ("", "zh-CN"):  # the section's English heading counts for a reader of English only
        first = library.for_symbol("pandas.DataFrame.plot", locale)[0]
        assert "parameter determines the chart type" in first.doc, (locale, first.doc)


def test_a_long_block_s_other_calls_are_found_in_passing(tmp_path: Path) -> None:
    """A block that calls more APIs than a record keeps as its own (`joblib.dump` after six sklearn and
    pickle calls) still answers a hover on the last of them, as a passing mention: after any record
    about it, and never a completion's prefix."""
    library = compile_notes(tmp_path, {"persistence.md": """
        # Model Persistence

        可使用 pickle 和 joblib 模块持久化模型。

        ```python
        from sklearn import svm, datasets
        import pickle
        import joblib

        clf = svm.SVC(gamma='scale')
        iris = datasets.load_iris()
        clf.fit(iris.data, iris.target)
        saved = pickle.dumps(clf)
        again = pickle.loads(saved)
        with open('model.pickle', 'wb') as f:
            pickle.dump(clf, f)
        with open('model.pickle', 'rb') as f:
            clf2 = pickle.load(f)
        joblib.dump(clf, 'model.joblib')
        clf3 = joblib.load('model.joblib')
        ```
        """})
    [record] = library.snippets
    assert record.aboutness("joblib.dump") == MENTIONED and record.aboutness("pickle.dumps") > MENTIONED
    assert not any("joblib" in prefix for prefix in record.prefix)
    entry = first_entry(library, "import joblib\njoblib.dump(model, 'm.joblib')\n", "dump(")
    assert entry is not None and "持久化模型" in entry, entry


def test_an_attribute_touched_in_passing_answers_after_the_note_on_its_class(tmp_path: Path) -> None:
    """`requires_grad` set in passing in a long loading script, and a note on `torch.Tensor` whose words
    say what the attribute does: a hover on `w.requires_grad` shows the words first."""
    library = compile_notes(tmp_path, {
        "a_loading.md": """
            # Loading a trained model

            All we need to do is load the weights.

            ```python
            import torch
            import torchvision
            model = torchvision.models.resnet18()
            model.load_state_dict(torch.load('model.pt'))
            data = torchvision.datasets.ImageFolder('images')
            loader = torch.utils.data.DataLoader(data, batch_size=8)
            for p in model.parameters():
                p.requires_grad = False
            x = torch.randn(1, 3, 224, 224)
            y = torch.sigmoid(model(x))
            torch.save(model.state_dict(), 'frozen.pt')
            ```
            """,
        "b_autograd.md": """
            # AutoGrad

            `torch.Tensor` is the central class of the package. If you set its attribute `.requires_grad`
            as `True`, it starts to track all operations on it.

            ```python
            import torch
            x = torch.ones(2, 2, requires_grad=True)
            y = torch.Tensor.sum(x * 3)
            ```
            """,
    })
    assert any("torch.Tensor.requires_grad" in s.symbols for s in library.snippets if s.source.note == "a_loading.md")
    entry = first_entry(library, "import torch\nw = torch.randn(3, 1)\nw.requires_grad = True\n", "requires_grad")
    assert entry is not None and "starts to track all operations" in entry, entry


LAYER_NORM = """
    ## 标准化层输入

    ### 什么是标准化层输入（Layer Normalization）？

    层标准化（Layer Normalization，简称LN）是一种正则化技术，它对单个样本的特征维度归一化，不依赖批量大小。

    ### Python代码示例

    ```python
    import torch.nn as nn
    norm = nn.LayerNorm(128)
    ```

    ### 代码说明

    在第一层全连接（`fc1`）后添加`nn.LayerNorm(128)`，对128维特征进行归一化。
    """
BATCH_NORM = """
    # Batch Normalization with PyTorch

    ## What is Batch Normalization?

    **Batch Normalization** normalizes the inputs to each layer; `nn.BatchNorm1d` and `nn.BatchNorm2d` both do it.

    ## One-dimensional inputs

    `nn.BatchNorm1d` takes a 2D or 3D input: a number of samples, possibly channels.

    ```python
    import torch.nn as nn
    bn = nn.BatchNorm1d(64)
    ```
    """


LOGISTIC = """
    # 监督学习

    ### 1. 什么是逻辑回归？

    逻辑回归是一种用于二分类的模型，输出样本属于正类的概率。

    ### 2. 代码实现

    ```python
    from sklearn.linear_model import LogisticRegression
    model = LogisticRegression()
    ```

    这里用`LogisticRegression()`建立模型，再调用`fit`训练。
    """


def test_a_section_that_asks_what_it_is_explains_it_first(tmp_path) -> None:
    """A section whose heading asks what the API is in its name's words ("什么是…（Layer Normalization）？")
    is its definition: it answers before the sections that write the name in code marks. A heading that
    asks about the idea a family shares ("What is Batch Normalization?") is no one member's definition."""
    library = compile_notes(tmp_path, {"ln.md": LAYER_NORM, "bn.md": BATCH_NORM, "lr.md": LOGISTIC})
    entry = first_entry(library, "import torch.nn as nn\nln = nn.LayerNorm(64)\n", "LayerNorm")
    assert entry is not None and entry.startswith("**什么是标准化层输入"), entry
    entry = first_entry(library, "import torch.nn as nn\nbn = nn.BatchNorm1d(64)\n", "BatchNorm1d")
    assert entry is not None and entry.startswith("**One-dimensional inputs**"), entry
    # asked by what Chinese notes call it
    entry = first_entry(library, "from sklearn.linear_model import LogisticRegression\nclf = LogisticRegression()\n",
                        "LogisticRegression")
    assert entry is not None and entry.startswith("**1. 什么是逻辑回归？**"), entry
