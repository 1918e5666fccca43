"""Notes on the libraries around the core ones, and the ways reference notes are laid out: torchvision's
transforms listed by bare name, a signature shown in a one-cell table over the paragraph documenting it,
a module spelt like its own function (`glob`), one note per builtin (`# enumerate`) beside a tutorial
that mentions it, a class written as a call in prose, and the pools and queues of `multiprocessing`."""

from __future__ import annotations

from pathlib import Path

import pytest

from notesense.analysis import api, public_api
from notesense.analysis.document import Document
from notesense.compile.context import folder_module
from notesense.compile.symbols import exercises_named, is_task
from written import compile_notes, first_entry, notebook

TRANSFORMS = """\
# 图像预处理

## 0 数据集

```python
import torch
from torch.utils.data import Dataset

class Pairs(Dataset):
    def __init__(self):
        self.x = torch.arange(10.0)
        self.y = torch.sin(self.x)

    def __len__(self):
        return len(self.x)

    def __getitem__(self, i):
        return torch.stack([self.x[i], self.y[i]]), torch.tensor(i % 2)
```

## 1 torchvision 库

`torchvision.transforms` 提供常用的图像变换。

### 1.1 只能处理 Tensor

- `Normalize` ：按通道减去均值再除以标准差
- `RandomErasing` ：随机抹掉一块矩形区域

### 1.2 两种输入都可以

- `Resize` ：把图片缩放到给定大小
- `RandomHorizontalFlip` `RandomVerticalFlip` ：随机做水平或竖直翻转

> 多个变换可以用 `transforms.Compose` 串成一条流水线。

### 1.3 用法

```python
import torch
from torchvision import transforms
pipeline = transforms.Compose([transforms.Resize(64), transforms.Normalize(mean=[0.5], std=[0.5])])
image = pipeline(torch.rand(3, 128, 128))
```
"""


def test_torchvision_and_matplotlib_are_listed_api() -> None:
    """The names the compiler may resolve bare words to: torchvision's transforms and datasets,
    pyplot's functions, the Axes and Figure methods (whatever version the list was made from)."""
    for name in ("torchvision.transforms.ToTensor", "torchvision.transforms.Normalize", "torchvision.datasets.ImageFolder",
                 "torchvision.models.resnet18", "matplotlib.pyplot.subplots", "matplotlib.axes.Axes.set_xlabel",
                 "matplotlib.figure.Figure.savefig"):
        assert public_api.is_public(name), name
    assert public_api.is_closed("torchvision.transforms") and not public_api.is_public("torchvision.transforms.ToTensr")
    assert not public_api.is_closed("torchvision.models.detection.fasterrcnn_resnet50_fpn")  # a module left out


MASKED = """\
# numpy 掩码数组

`numpy.ma` 模块里的函数都返回掩码数组。

| 函数名 | 功能 |
|:---:|:---:|
| `masked_where`(condition, a[, copy]) | 把满足条件的元素遮住，只留下其余的元素 |
| `masked_invalid`(a[, copy]) | 把 NaN 和 inf 遮住 |

要修改一个 `hard_mask` 数组里被遮住的元素，先用 `soften_mask` 方法把它变软。

只要有效的元素，可以用 `compressed` 方法，它返回一维的 `ndarray`。

```python
import numpy.ma as ma
x = ma.array([1, 2, 3], mask=[0, 0, 1], hard_mask=True)
x.soften_mask()
x[-1] = 5
x.compressed()
```
"""


def test_numpys_masked_arrays_are_listed_api(tmp_path: Path) -> None:
    """numpy.ma (its functions and `MaskedArray`'s methods), numpy.char and sklearn's own functions
    are in the list, so a note on masked arrays explains the functions its table names without their
    module, `x.soften_mask()` on an array it never made is the masked array's, and so is `compressed()` on
    what a masker gives (the API table's return kinds)."""
    for name in ("numpy.ma.masked_where", "numpy.ma.MaskedArray.soften_mask", "numpy.char.upper", "sklearn.set_config"):
        assert public_api.is_public(name), name
    library = compile_notes(tmp_path, {"ma.md": MASKED})
    where = first_entry(library, "import numpy as np\nimport numpy.ma as ma\nm = ma.masked_where(a > 2, a)\n", "masked_where")
    assert where is not None and "只留下其余的元素" in where, where
    soften = first_entry(library, "import numpy.ma as ma\ny = ma.array([1, 2])\ny.soften_mask()\n", "soften_mask")
    assert soften is not None and "先用" in soften, soften
    valid = first_entry(library, "import numpy.ma as ma\ny = ma.masked_invalid([1.0, 2.0])\nv = y.compressed()\n", "compressed")
    assert valid is not None and "返回一维" in valid, valid  # what `masked_invalid` gives: a masked array


def test_bare_transform_names_in_a_list_explain_torchvisions_transforms(tmp_path: Path) -> None:
    """Bullets that name a transform without its module, under headings on torchvision, explain it;
    an entry that names several explains its first, and a heading that uses "Tensor" as a word keeps
    no passage under it from its subject (`transforms.Compose` in the quote)."""
    library = compile_notes(tmp_path, {"vision.md": TRANSFORMS})
    user = "from torchvision import transforms\nt = transforms.{}\n"
    for name, words in (("Normalize(mean=[0.5], std=[0.5])", "减去均值"), ("RandomErasing()", "抹掉"),
                        ("RandomHorizontalFlip()", "水平或竖直翻转"), ("Compose([])", "流水线")):
        first = first_entry(library, user.format(name), name.partition("(")[0])
        assert first is not None and words in first, (name, first)


def test_a_class_written_as_a_call_outranks_a_heading_using_its_name_as_a_word(tmp_path: Path) -> None:
    """`torch.Tensor()` written as code in a bullet speaks of the API; a later heading that says
    "仅支持 Tensor" over a list of transforms uses the word for the kind of input."""
    library = compile_notes(tmp_path, {
        "a_tensor.md": """\
            # 张量

            ## 创建

            - `torch.Tensor()` 只分配空间，不初始化数值

            ```python
            import torch
            x = torch.Tensor(2, 3)
            ```
            """,
        "b_vision.md": TRANSFORMS,
    })
    first = first_entry(library, "import torch\nx = torch.Tensor(4, 4)\n", "Tensor")
    assert first is not None and "只分配空间" in first, first


GLOB = """\
# glob 模块

## 1. glob 模块简介

`glob` 模块按 shell 的通配规则查找路径。

## 2. 函数

| 函数 |
| ---- |
| `glob.glob(pathname, *, root_dir=None, recursive=False)` |

返回与 `pathname` 匹配的路径列表，可能为空。

| 函数 |
| ---- |
| `glob.iglob(pathname, *, recursive=False)` |

返回一个迭代器，结果和 `glob()` 一样，但不会一次全部保存。
"""


def test_a_signature_in_a_one_cell_table_is_documented_by_the_paragraph_under_it(tmp_path: Path) -> None:
    """The paragraph under a boxed signature documents it, even where it compares it with another
    function (`glob()`); the module's introduction, under a heading that says "glob 模块", is about
    the module, not about `glob.glob`."""
    library = compile_notes(tmp_path, {"glob.md": GLOB})
    first = first_entry(library, "import glob\nfiles = glob.glob('*.py')\n", "glob(")
    assert first is not None and "路径列表" in first, first
    first = first_entry(library, "import glob\nfiles = glob.iglob('*.py')\n", "iglob")
    assert first is not None and "一次全部保存" in first, first
    intro = [s for s in library.snippets if s.source.line == 3]
    assert intro and intro[0].symbols[0] == "glob" and "glob.glob" not in intro[0].symbols, intro


def test_a_note_on_a_builtin_answers_before_a_tutorial_that_mentions_it(tmp_path: Path) -> None:
    """A note titled by the function, opening with its signature written without code marks
    (`🔨 reversed(*seq*, /)`), comes before a tutorial's section that calls it in passing, read first."""
    library = compile_notes(tmp_path, {
        "a_tutorial/流程控制.md": """\
            # 流程控制

            ## 8.5 reversed()

            倒着遍历一个序列，可以调用 [`reversed()`](../library/functions.html#reversed) 函数：

            ```python
            for i in reversed(range(1, 10, 2)):
                print(i)
            ```
            """,
        "b_builtins/reversed.md": """\
            # reversed

            🔨 reversed(*seq*, /)

            返回 *seq* 的反向迭代器，按相反的顺序产出其中的元素。

            ```python
            >>> list(reversed([1, 2, 3]))
            [3, 2, 1]
            ```
            """,
    })
    first = first_entry(library, "for x in reversed([1, 2]):\n    print(x)\n", "reversed")
    assert first is not None and "反向迭代器" in first, first


def test_a_pools_and_a_queues_methods_are_known_under_the_names_people_write() -> None:
    """`multiprocessing.Pool` and `Queue` are the default context's factories; their classes' members
    are listed under those names, `with Pool() as p` binds the pool, and the implementation's
    spelling (`multiprocessing.pool.Pool.map`) is the same API."""
    assert public_api.is_public("multiprocessing.Pool.apply_async") and public_api.is_public("multiprocessing.Queue.put")
    assert api.public_name("multiprocessing.pool.Pool.map") == "multiprocessing.Pool.map"
    doc = Document("from multiprocessing import Pool\nwith Pool(4) as p:\n    r = p.map(f, xs)\n")
    assert doc.member_symbol("p", "map", 2) == "multiprocessing.Pool.map"


def test_an_example_nested_under_a_listed_function_is_that_entrys_not_its_own(tmp_path: Path) -> None:
    """A sub-item that only shows the call its item explains (`- `pairwise`: …` over
    `  - `pairs = itertools.pairwise(xs)``) is the entry's example: the hover shows what the entry says."""
    library = compile_notes(tmp_path, {"iter.md": """\
        # itertools notes

        - `pairwise`: yields overlapping pairs of neighbours.
          - `pairs = itertools.pairwise([1, 2, 3])`
        - `starmap`: calls the function with each tuple unpacked as its arguments.
          - `sums = itertools.starmap(pow, [(2, 3), (3, 2)])`
        """})
    for call, words in (("pairwise([1, 2])", "overlapping pairs"), ("starmap(pow, [(2, 5)])", "each tuple unpacked")):
        first = first_entry(library, f"import itertools\nit = itertools.{call}\n", call.partition("(")[0])
        assert first is not None and words in first, (call, first)


def test_a_value_named_for_its_type_in_prose_has_that_types_method(tmp_path: Path) -> None:
    """Beginners' notes write `list1.copy()` or `dict2.items()` in prose with no code defining them:
    the name says the type."""
    library = compile_notes(tmp_path, {"basics.md": """\
        # 列表和字典

        - 复制列表：`list2 = list1.copy()` 得到一个新的列表，改动它不影响原来的
        - 遍历字典：`dict1.items()` 同时给出键和值
        """})
    for source, word, words in (("a = [1]\nb = a.copy()\n", "copy", "不影响原来的"),
                                ("d = {}\nfor k, v in d.items():\n    pass\n", "items", "同时给出键和值")):
        first = first_entry(library, source, word)
        assert first is not None and words in first, (word, first)


def test_an_english_word_in_bold_is_emphasis_not_a_member_of_the_notes_library(tmp_path: Path) -> None:
    """"Keep the **values** small" under a pandas heading stresses a word: no record on
    `DataFrame.values`; the same word as code (`values`) still names the attribute."""
    library = compile_notes(tmp_path, {"p.md": """\
        # pandas 笔记

        ## 读取

        Keep the **values** small and the **order** stable when you read files.

        ```python
        import pandas as pd
        df = pd.read_csv("a.csv")
        ```

        ## 属性

        `values` 返回底层的 NumPy 数组。
        """})
    values = [s for s in library.snippets if "pandas.DataFrame.values" in s.symbols]
    assert [s.source.line for s in values] == [14], [(s.source.line, s.doc) for s in values]


def test_a_library_the_prose_names_once_in_passing_is_not_the_notes_topic(tmp_path: Path) -> None:
    """"XGBoost can handle NaN" in notes on preprocessing does not make the note's unimported
    `df.dropna(...)` an XGBoost snippet; a library named once that the note's code imports still counts
    (`%matplotlib inline` among them)."""
    library = compile_notes(tmp_path, {"prep.md": """\
        # Feature preprocessing

        ## Missing data

        - Dropping rows loses information
          ```python
          df.dropna(inplace=True)
          ```
        - XGBoost can handle NaN
        """, "boxes.md": """\
        # 边界框

        用 matplotlib 画出边界框。

        ```python
        %matplotlib inline
        fig = plt.imshow(img)
        fig.axes.add_patch(rect)
        ```
        """})
    symbols = {s.source.note: s.symbols for s in library.snippets if s.code}
    assert symbols["prep.md"] == ("pandas.DataFrame.dropna",), symbols
    assert "matplotlib.axes.Axes.add_patch" in symbols["boxes.md"], symbols


def test_a_one_line_cell_with_its_comment_outranks_an_exercise_that_uses_the_api(tmp_path: Path) -> None:
    """A notebook of one-line cells says what each does in its comment (`np.square(arr)  # 求平方`,
    `data.ndim  # 数组维度的个数`); an exercise collection's numbered tasks ("4. How to find the memory
    size of any array (★☆☆)") say what to do, so their words name no API: the solution only shows one."""
    exercises = notebook([
        ("markdown", "# 100 numpy exercises\n\nExercises gathered from the mailing list."), ("code", "import numpy as np"),
        ("markdown", "#### 4. How to find the memory size of any array (★☆☆)"),
        ("code", "Z = np.zeros((10, 10))\nprint(Z.size * Z.itemsize)"),
        ("markdown", "#### 28. Compute the square of x, element-wise and keep the maximum value (★☆☆)"),
        ("code", "x = np.array([1, 2, -1])\nout = np.maximum(np.square(x), 1)"),
    ])
    course = notebook([
        ("markdown", "## 1.1 数组对象"), ("code", "import numpy as np"), ("code", "data = np.arange(12).reshape(3, 4)"),
        ("code", "data.ndim         # 数组维度的个数"), ("code", "data.size         # 数组元素的个数"),
        ("markdown", "## 1.7 通用函数"), ("code", "arr = np.array([4, 9, 16])"),
        ("code", "np.square(arr)  # 求平方"), ("code", "np.maximum(arr, 5)  # 元素级最大值"),
    ])
    library = compile_notes(tmp_path, {"a_exercises.ipynb": exercises, "b_course.ipynb": course})
    user = "import numpy as np\ndata = np.ones((2, 3))\n"
    for line, word, words in (("data.ndim", "ndim", "维度的个数"), ("data.size", "size", "元素的个数"),
                              ("np.square(data)", "square", "求平方"), ("np.maximum(data, 1)", "maximum", "最大值")):
        first = first_entry(library, user + line + "\n", word)
        assert first is not None and words in first, (word, first)
    assert not [s for s in library.snippets if s.source.note == "a_exercises.ipynb" and s.is_explanation
                and "numpy.ndarray.size" in s.symbols], "a task's words named the API"
    solutions = [s for s in library.snippets if s.source.note == "a_exercises.ipynb" and "np.square" in s.code]
    assert solutions and not any("mailing list" in s.doc for s in solutions), [s.doc for s in solutions]


@pytest.mark.parametrize(("heading", "task"), [
    ("4. How to find the memory size of any array (★☆☆)", True),
    ("Q28. Compute the square of x, element-wise.", True),
    ("7. How to reverse an array", True),
    ("1. What is the difference between loc and iloc?", False),
    ("45. Create random vector of size 10 (★★☆)", True),
    ("Step 4. What is the number of observations in the dataset?", True),
    ("练习3 按列求和", True),
    ("Stacking arrays", False),
    ("Steps of a training loop", False),
    ("1.7 NumPy通用函数", False),
    ("2. 创建数组", False),
    ("What is new in pandas 2.0", False),  # a question only with its question mark
])
def test_an_exercises_task_is_told_from_a_topic(heading: str, task: bool) -> None:
    assert is_task(heading) is task


def test_a_tables_bare_function_names_are_the_notes_librarys(tmp_path: Path) -> None:
    """A table of functions in a PyTorch chapter (`|trace|对角线元素之和|`, `|triu/tril|…|`) names torch's functions; a
    parameter list under a signature written over several lines (`stride：…`) names parameters, and a
    generic word (`data：…`) that is no function of the library names nothing."""
    library = compile_notes(tmp_path, {"ch3.md": """\
        # 第三章 Tensor

        ```python
        import torch
        x = torch.arange(6.0).reshape(2, 3)
        ```

        ## 线性代数

        |函数|功能|
        |:---:|:---:|
        |trace|对角线元素之和(矩阵的迹)|
        |inverse|求逆矩阵|
        |triu/tril|矩阵的上三角/下三角|

        ## 卷积层

        ```python
        torch.nn.Conv2d(in_channels: int,
                        out_channels: int,
                        stride: int = 1)
        ```

        - stride：每次卷积操作移动的步长；
        - data：训练用的数组。
        """})
    for call, words in (("torch.trace(x)", "对角线元素之和"), ("torch.inverse(x)", "求逆矩阵"), ("torch.tril(x)", "下三角")):
        first = first_entry(library, f"import torch\nx = torch.eye(3)\ny = {call}\n", call.partition("(")[0].rpartition(".")[2])
        assert first is not None and words in first, (call, first)
    named = {symbol for s in library.snippets if s.is_explanation for symbol in s.symbols}
    assert not {"torch.Tensor.stride", "torch.Tensor.data", "torch.nn.Conv2d.stride"} & named, named


def test_in_a_note_of_exercises_every_numbered_heading_is_a_task(tmp_path: Path) -> None:
    """"Pandas练习题20题" says the note is exercises: "5. 计算每个种类animal的数量" is a task, its solution
    shown under it without the note's introduction; the same heading elsewhere is a topic."""
    assert is_task("5. 计算每个种类animal的数量", exercises=True) and not is_task("5. 计算每个种类animal的数量")
    assert exercises_named(["Pandas练习题20题"]) and exercises_named(["Exercise_with_Solutions.ipynb"])
    assert not exercises_named(["Pandas 数据处理", "数据处理.md"])
    library = compile_notes(tmp_path, {"drill.ipynb": notebook([
        ("markdown", "# Pandas练习题20题\n\n这些题目来自社区，用来熟悉 DataFrame 的基本操作。"),
        ("code", "import pandas as pd\ndf = pd.read_csv('pets.csv')"),
        ("markdown", "### 5. 计算每个种类animal的数量"), ("code", "df['animal'].value_counts()"),
    ])})
    solution = next(s for s in library.snippets if "value_counts" in s.code)
    assert "来自社区" not in solution.doc, solution.doc


@pytest.mark.parametrize(("folders", "libraries", "module"), [
    (["数据：data", "工具：utils", "Hello-PyTorch"], (), "torch.utils.data"),
    (["preprocessing", "Sklearn机器学习库", "1、AI相关库使用"], (), "sklearn.preprocessing"),
    (["分布式：distributed"], ("torch",), "torch.distributed"),  # not `torch.utils.data.distributed`
    (["分布式：distributed"], (), None),  # one word alone: only in a note on the library
    (["data"], (), None),  # a topic folder
    (["linalg"], ("numpy",), "numpy.linalg"),
    (["linalg"], (), None),  # numpy's, scipy's or torch's
    (["pandas", "notes"], ("pandas",), None),  # a library's own name says only the library
])
def test_the_folders_a_note_is_kept_in_may_spell_a_module(folders: list[str], libraries: tuple[str, ...], module: str | None) -> None:
    assert folder_module(folders, libraries) == module


def test_a_standard_modules_folder_spells_it_where_the_notes_title_is_a_member() -> None:
    """`collections/counter.md` is a note on `collections.Counter`; a folder `os/` over `notes.md`, or a
    library's folder (`numpy/np.pad().md`, where the library is said already), spells no module."""
    assert folder_module(["collections", "python-notes"], (), "counter") == "collections"
    assert folder_module(["collections", "python-notes"], (), "deque") == "collections"
    assert folder_module(["os", "python-notes"], (), "notes") is None
    assert folder_module(["numpy", "python-notes"], ("numpy",), "np.pad()") is None


def test_a_note_kept_along_a_librarys_tree_explains_its_members(tmp_path: Path) -> None:
    """Notes kept in folders named as the library's modules (`工具：utils/数据：data/`, `分布式：distributed/`)
    name its members bare: the title "数据集合：Dataset" is `torch.utils.data.Dataset`, though the note never
    writes torch, and "张量分发：scatter" over a signature pasted as a stub is `torch.distributed.scatter`,
    not `torch.scatter`."""
    library = compile_notes(tmp_path, {
        "工具：utils/数据：data/数据集合：Dataset.md": """\
            Dataset = 一个"可索引的数据集合"

            它只负责两件事：给我第 i 个样本，告诉我总共有多少个样本。
            """,
        "分布式：distributed/张量分发：scatter.md": """\
            ```python3
            def scatter(tensor: torch.Tensor, scatter_list=None, src=None):
                ......
            ```

            scatter 把一个张量列表从一个源进程发送到所有进程：源进程持有 N 份数据。
            """,
    })
    entry = first_entry(library, "from torch.utils.data import Dataset\n\nclass Rows(Dataset):\n    pass\n", "Dataset)")
    assert entry is not None and "可索引的数据集合" in entry, entry
    entry = first_entry(library, "import torch.distributed as dist\n\ndist.scatter(out, chunks, src=0)\n", "scatter")
    assert entry is not None and "源进程持有 N 份数据" in entry, entry
    assert not any("torch.scatter" in s.symbols for s in library.snippets)


def test_a_function_named_after_the_module_the_sentence_names_is_that_modules(tmp_path: Path) -> None:
    """"在标准库 `itertools` 中提供了一个 `zip_longest(…)`", "标准库 `functools` 提供了 `partial()`" in a note that
    imports nothing: that module's function."""
    library = compile_notes(tmp_path, {"内置函数.md": """\
        # 内置函数

        ## 适应最长

        在标准库 `itertools` 中提供了一个 `zip_longest(*iterables, fillvalue=None)`，对于较短的可迭代对象，会使用 `fillvalue` 进行填充
        """})
    entry = first_entry(library, "from itertools import zip_longest\n\npairs = list(zip_longest(xs, ys))\n", "zip_longest(xs")
    assert entry is not None and "会使用 `fillvalue` 进行填充" in entry, entry
    library = compile_notes(tmp_path / "partial", {"偏函数.md": """\
        # 偏函数

        标准库 `functools` 提供了 `partial()` 的函数，它返回一个固定了部分参数的新函数。
        """})
    entry = first_entry(library, "from functools import partial\n\nparse_hex = partial(int, base=16)\n", "partial(int")
    assert entry is not None and "固定了部分参数" in entry, entry


def test_a_method_written_without_its_receiver_is_the_class_its_heading_names(tmp_path: Path) -> None:
    """"## Element-wise transformation (`.apply()` on a Series)": the series' `apply`, first for a
    hover on `df["email"].apply(…)`; "Time Series" in a heading names the topic, not the class."""
    library = compile_notes(tmp_path, {
        "1_speed.md": """\
            # Pandas speed

            ## The slow row-by-row approach (`.apply()`)

            The `.apply()` method passes each row or element through a Python function one by one.
            """,
        "6_transform.md": """\
            # Pandas transformations

            ## Element-wise transformation (`.apply()` on a Series)

            The `.apply()` method runs a Python function on every cell down a single column.

            ## Time Series windows

            The `.shift()` method moves the values down by one period.
            """,
    })
    entry = first_entry(library, 'import pandas as pd\n\ndf = pd.read_csv("a.csv")\ndf["e"] = df["email"].apply(str.lower)\n', "apply")
    assert entry is not None and "every cell down a single column" in entry, entry
    shifted = next(s for s in library.snippets if "shift" in s.doc)
    assert "pandas.Series.shift" not in shifted.symbols, shifted.symbols


def test_a_class_s_own_note_opening_with_its_name_answers_before_a_note_that_writes_it_dotted(tmp_path: Path) -> None:
    """"Dataset = 一个可索引的数据集合" opening `数据集合：Dataset.md` defines the class; the DataLoader note's
    "传入一个继承自 torch.utils.data.Dataset 的对象", read first and written as code, mentions it for its own sake."""
    library = compile_notes(tmp_path, {
        "data/1_批量数据加载：DataLoader.md": """\
            `torch.utils.data.DataLoader` 是 PyTorch 中用于批量加载数据的工具。

            + dataset

              传入一个继承自 torch.utils.data.Dataset 的对象。这个对象包含了如何加载单个数据点的代码。
            """,
        "data/2_数据集合：Dataset.md": """\
            Dataset = 一个"可索引的数据集合"

            它只负责两件事：给我第 i 个样本，告诉我总共有多少个样本。

            ```python
            import torch
            from torch.utils.data import Dataset
            ```
            """,
    })
    entry = first_entry(library, "from torch.utils.data import Dataset\n\nclass Rows(Dataset):\n    pass\n", "Dataset)")
    assert entry is not None and "可索引的数据集合" in entry, entry


def test_a_note_kept_for_one_api_answers_before_another_notes_section_on_it(tmp_path: Path) -> None:
    """`cross_val_score.md`'s "## cross_val_score 的使用" speaks of it as much as a section of an overview
    that writes it in code marks, though its prose does not: the note kept for the API answers first."""
    library = compile_notes(tmp_path, {
        "a_overview.md": """\
            # 模型选择

            ```python
            from sklearn.model_selection import cross_val_score
            ```

            ## cross_val_score

            `cross_val_score` 也可以用。
            """,
        "cross_val_score.md": """\
            # 交叉验证

            ```python
            from sklearn.model_selection import cross_val_score
            ```

            ## cross_val_score 的使用

            把数据分成 k 折，每一折轮流做验证集，返回每一折的分数。
            """,
    })
    entry = first_entry(library, "from sklearn.model_selection import cross_val_score\n\nscores = cross_val_score(model, X, y, cv=5)\n", "cross_val_score(model")
    assert entry is not None and "每一折轮流做验证集" in entry, entry


def test_a_parameter_annotated_with_a_class_the_table_has_no_facts_on_is_that_class(tmp_path: Path) -> None:
    """A FastAPI route takes `response: Response` and sets a cookie on it: in the note's code and in the
    user's, `response.set_cookie` is `fastapi.Response.set_cookie`, as it would be after `Response()`."""
    library = compile_notes(tmp_path, {"fastapi.md": '''
        # FastAPI

        ## Cookie

        在路由里声明 `Response` 参数，就可以往响应里写 Cookie：

        ```python
        from fastapi import FastAPI, Response

        app = FastAPI()

        @app.post("/login/")
        async def login(response: Response):
            # httponly=True 是安全最佳实践，防止前端 JS 偷取
            response.set_cookie(key="fakesession", value="v", httponly=True)
            return {"message": "Logged in"}
        ```
        '''})
    source = ("from fastapi import FastAPI, Response\n\napp = FastAPI()\n\n\n@app.post('/auth')\n"
              "async def auth(response: Response):\n    response.set_cookie('token', 't', max_age=3600)\n")
    entry = first_entry(library, source, "set_cookie")
    assert entry is not None and "是安全最佳实践" in entry, entry


SQLALCHEMY = '''
    # SQLAlchemy

    ## Session

    Session 是暂存区，只有手动commit之后数据才会被真正写入。

    ```python
    from sqlalchemy import create_engine
    from sqlalchemy.orm import sessionmaker

    engine = create_engine("sqlite:///a.db")
    SessionLocal = sessionmaker(bind=engine)
    session = SessionLocal()
    session.add(user)
    session.commit()
    ```

    ## Query

    `session.query(User)` 构造查询，`filter_by` 按列的值筛选，`all()` 取出全部结果。

    ```python
    users = session.query(User).filter_by(name="a").all()
    ```
    '''


def test_a_session_a_sessionmaker_makes_is_sqlalchemy_s_session(tmp_path: Path) -> None:
    """`SessionLocal = sessionmaker(bind=engine)` is a factory whose call is a Session: the note's
    `session.commit()` and the user's, typed by an annotation or made by the factory, are one API, and
    so are a query's filtering steps."""
    library = compile_notes(tmp_path, {"sqlalchemy.md": SQLALCHEMY})
    annotated = "from sqlalchemy.orm import Session\n\n\ndef save(session: Session, row) -> None:\n    session.add(row)\n    session.commit()\n"
    entry = first_entry(library, annotated, "commit")
    assert entry is not None and "只有手动commit之后" in entry, entry
    made = ("from sqlalchemy import create_engine\nfrom sqlalchemy.orm import sessionmaker\n\n"
            "Session = sessionmaker(bind=create_engine('sqlite://'))\ndb = Session()\n"
            "rows = db.query(Order).filter_by(paid=True)\n")
    entry = first_entry(library, made, "filter_by")
    assert entry is not None and "按列的值筛选" in entry, entry


def test_scikit_learn_s_shorthand_constructors_make_their_classes(tmp_path: Path) -> None:
    """`make_pipeline(StandardScaler(), LogisticRegression())` is a Pipeline: the note's `pipe.fit` (on a
    `Pipeline([...])`) answers a user's pipeline made the short way, and so for `make_column_transformer`."""
    library = compile_notes(tmp_path, {"pipeline.md": '''
        # Pipelines

        A pipeline ends in an estimator: use .fit() on the whole pipeline to fit every step in turn.

        ```python
        from sklearn.pipeline import Pipeline
        from sklearn.preprocessing import StandardScaler
        from sklearn.linear_model import LogisticRegression

        pipe = Pipeline([("scale", StandardScaler()), ("clf", LogisticRegression())])
        pipe.fit(X_train, y_train)
        ```
        '''})
    source = ("from sklearn.pipeline import make_pipeline\nfrom sklearn.preprocessing import StandardScaler\n"
              "from sklearn.linear_model import LogisticRegression\n\npipe = make_pipeline(StandardScaler(), LogisticRegression())\n"
              "pipe.fit(X_train, y_train)\n")
    entry = first_entry(library, source, "fit(")
    assert entry is not None and "ends in an estimator" in entry, entry
    assert api.call_result("sklearn.compose.make_column_transformer") == "sklearn.compose.ColumnTransformer"
