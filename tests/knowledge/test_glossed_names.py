"""How a section names the API it is about, as notes are written: the name in brackets after the words
for it ("重置索引（reindex）") or against a Chinese heading ("Pandas reindex重置索引"), a heading that
writes a compound name among words ("按值排序 (sort_values)"), a sentence that puts the API off to a
later section ("这在下一节中将会着重介绍"), and a heading whose one word is a method's name only
capitalised ("### 1.3 Train" over a training loop). Every note here is written for the test."""

from __future__ import annotations

from pathlib import Path

from notesense.library.model import CALLED, NAMED
from written import compile_notes, first_entry

PANDAS_FRAME = 'import pandas as pd\n\ndf = pd.read_csv("a.csv")\n'


def test_a_name_in_brackets_after_chinese_words_is_what_the_note_explains(tmp_path: Path) -> None:
    """The note on `reindex` (its title and first sentence name it, unmarked) answers before a note
    that uses `reindex` on the way to filling gaps."""
    library = compile_notes(tmp_path, {
        "05 重置索引.md": """
            # Pandas reindex重置索引

            重置索引（reindex）可以更改原 DataFrame 的行标签或列标签，并让数据与新标签逐一对齐。

            ## 重置行列标签

            看一组示例：

            ```python
            import pandas as pd
            df = pd.DataFrame({"A": [1, 2, 3]})
            out = df.reindex(index=[0, 2, 5])
            ```
            """,
        "16 缺失值.md": """
            # 缺失值处理

            ## 向前填充

            前面介绍了 ffill() 向前填充，使用它也可以处理 NA 值：

            ```python
            import pandas as pd
            df = pd.DataFrame({"A": [1, None]})
            df = df.reindex([0, 1, 2])
            print(df.ffill())
            ```
            """})
    entry = first_entry(library, PANDAS_FRAME + "out = df.reindex(index=[0, 1])\n", "reindex")
    assert entry is not None and "更改原 DataFrame 的行标签" in entry, entry
    assert max(s.aboutness("pandas.DataFrame.reindex") for s in library.for_symbol("pandas.DataFrame.reindex")
               if s.source.note.startswith("05")) > CALLED


def test_a_heading_that_writes_a_compound_name_among_words_is_the_section_on_it(tmp_path: Path) -> None:
    """Two sections of one note explain `sort_values`; the one whose heading writes it ("按值排序
    (sort_values)") answers before one on a parameter of it whose prose opens with the name."""
    library = compile_notes(tmp_path, {"10 排序.md": """
        # Pandas 排序

        ## 按值排序 (sort_values)

        与按标签排序类似，sort_values() 表示按值排序，by 参数给出要排序的列名。

        ```python
        import pandas as pd
        df = pd.DataFrame({"a": [2, 1, 3]})
        print(df.sort_values(by="a"))
        ```

        ## 排序算法

        sort_values() 提供了参数 kind 用来指定排序算法，默认为快速排序。

        ```python
        import pandas as pd
        df = pd.DataFrame({"a": [2, 1, 3]})
        print(df.sort_values(by="a", kind="mergesort"))
        ```
        """})
    entry = first_entry(library, PANDAS_FRAME + "ranked = df.sort_values(by=['score'])\n", "sort_values")
    assert entry is not None and "表示按值排序" in entry, entry


def test_a_sentence_that_puts_the_api_off_to_a_later_section_does_not_explain_it(tmp_path: Path) -> None:
    """"列的索引也可以使用loc方法，这在下一节中将会着重介绍" only mentions `loc`: the section it points to
    answers first."""
    library = compile_notes(tmp_path, {"04 索引.md": """
        # Pandas 索引

        ## 列索引操作

        ### 1) 列索引选取数据列

        列的索引也可以使用loc()方法，这在下一节行操作中将会着重介绍，示例如下：

        ```python
        import pandas as pd
        df = pd.read_csv("a.csv")
        print(df.loc[:, "name"])
        ```

        ## 行索引操作

        ### 1) 标签索引选取(loc)

        df.loc[] 只能使用标签索引，不能使用整数索引，切片时包括结束的标签。

        ```python
        import pandas as pd
        df = pd.read_csv("a.csv")
        print(df.loc["a":"c"])
        ```
        """})
    entry = first_entry(library, PANDAS_FRAME + "row = df.loc['Tom', 'score']\n", "loc")
    assert entry is not None and "只能使用标签索引" in entry, entry


TRAINING_LOOP = """
    ```python
    import torch
    import torch.nn as nn
    model = nn.Sequential(nn.Linear(4, 2), nn.Dropout(0.2))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    for epoch in range(3):
        model.train()
        optimizer.zero_grad()
        loss = model(torch.randn(8, 4)).sum()
        loss.backward()
        optimizer.step()
    ```
    """


def test_a_capitalised_word_over_a_training_loop_is_no_heading_on_the_method(tmp_path: Path) -> None:
    """"### 1.3 Train" says what the loop does; the bullet that says what `model.train()` does answers
    first. A heading so worded over an example of the one method ("### Backward") still names it."""
    library = compile_notes(tmp_path, {
        "lab.md": "# Transfer learning\n\n## 1. Training\n\n### 1.3 Train\n" + TRAINING_LOOP,
        "guide.md": """
            # Guide

            ## Inference and validation

            - `model.train()`: training mode, dropout on
            - `model.eval()`: evaluation mode, dropout off
            """,
        "autograd.md": """
            # Autograd

            ### Backward

            ```python
            import torch
            x = torch.ones(2, requires_grad=True)
            x.sum().backward()
            ```
            """})
    lab = [s for s in library.for_symbol("torch.nn.Module.train") if s.source.note == "lab.md"]
    assert lab and max(s.aboutness("torch.nn.Module.train") for s in lab) <= CALLED
    entry = first_entry(library, "import torch.nn as nn\n\nmodel = nn.Linear(4, 2)\nmodel.train()\n", "train")
    assert entry is not None and "training mode" in entry, entry
    backward = [s for s in library.for_symbol("torch.Tensor.backward") if s.source.note == "autograd.md"]
    assert backward and max(s.aboutness("torch.Tensor.backward") for s in backward) == NAMED


def test_a_decorator_written_with_its_at_sign_is_the_api_the_section_explains(tmp_path: Path) -> None:
    """"通过@staticmethod装饰器即可…" over a class whose method it decorates explains `staticmethod`: the
    `@` marks the name as code, and the block applies it as a call would."""
    library = compile_notes(tmp_path, {"面向对象进阶.md": """
        # 面向对象进阶

        **静态方法**

        - 通过@staticmethod装饰器即可把其装饰的方法变为一个静态方法，静态方法不可以访问实例变量或类变量。

        ```python
        class Dog(object):
            def __init__(self, name):
                self.name = name

            @staticmethod  # 把eat方法变为静态方法
            def eat():
                print("is eating")
        ```

        属性方法的作用就是通过@property把一个方法变成一个静态属性。

        ```python
        class Flight(object):
            @property
            def status(self):
                return 1
        ```
        """})
    code = "class Cat:\n    @staticmethod\n    def meow():\n        return 1\n"
    entry = first_entry(library, code, "staticmethod")
    assert entry is not None and "变为一个静态方法" in entry, entry
    entry = first_entry(library, "class Plane:\n    @property\n    def speed(self):\n        return 1\n", "property")
    assert entry is not None and "变成一个静态属性" in entry, entry


def test_a_section_whose_heading_writes_the_name_and_whose_words_open_with_it_comes_first(tmp_path: Path) -> None:
    """"[ Cross-Tabulations: Crosstab ]" over "crosstab for short is a special case of a pivot table…"
    answers before an overview's bullet that writes `crosstab()` in code marks."""
    library = compile_notes(tmp_path, {
        "1_overview.md": """
            # Group operations

            ## Pivot tables and cross-tabulations

            - `crosstab()` is used for frequency tables:

            ```python
            import pandas as pd
            df = pd.read_csv("a.csv")
            pd.crosstab(df["gender"], df["product"])
            ```
            """,
        "5_pivot_tables.md": """
            # Pivot tables

            ## [ Cross-Tabulations: Crosstab ]

            crosstab for short is a special case of a pivot table that computes group frequencies.

            ```python
            import pandas as pd
            df = pd.read_csv("a.csv")
            pd.crosstab(df["Nationality"], df["Handedness"], margins=True)
            ```
            """})
    entry = first_entry(library, PANDAS_FRAME + "table = pd.crosstab(df['a'], df['b'])\n", "crosstab")
    assert entry is not None and "computes group frequencies" in entry, entry


def test_a_sentence_on_what_using_an_api_takes_explains_it(tmp_path: Path) -> None:
    """"If we use `CrossEntropyLoss()`, we need to return the non-activated output; if we return the
    `log_softmax()`, we need to use the `NLLLoss()`": each condition is about the API it uses."""
    library = compile_notes(tmp_path, {"guide.md": """
        # Pytorch guide

        ### Summary of guidelines for the architecture

        - Use `relu()` activation after each convolution, but not after max-pooling.
        - If we use `CrossEntropyLoss()`, we need to return the `relu()`/non-activated output; if we return the `log_softmax()`, we need to use the `NLLLoss()`. `CrossEntropy() == log_softmax() + NLLLoss()`.

        ## Training

        ```python
        import torch.nn as nn
        model = nn.Sequential(nn.Linear(4, 2))
        criterion = nn.CrossEntropyLoss()
        ```
        """})
    code = "import torch.nn as nn\n\ncriterion = nn.CrossEntropyLoss()\n"
    entry = first_entry(library, code, "CrossEntropyLoss")
    assert entry is not None and "we need to return the" in entry, entry



def test_a_label_before_a_headings_colon_names_no_api(tmp_path: Path) -> None:
    """"Loss function: MSE" is a label, then the loss: its "function" is no `torch.autograd.function`,
    and the section's words on `squeeze()` explain the method its code calls."""
    library = compile_notes(tmp_path, {"foundations.md": """
        # Foundations

        ## Loss function: MSE

        We need `squeeze()` to get rid of that trailing (,1), in order to use `mse`.

        ```python
        import torch
        preds = torch.randn(3, 1)
        out = preds.squeeze(-1)
        ```
        """})
    assert not library.for_symbol("torch.autograd.function")
    entry = first_entry(library, "import torch\n\npreds = torch.randn(64, 1)\nflat = preds.squeeze(-1)\n", "squeeze")
    assert entry is not None and "get rid of that trailing" in entry, entry


def test_a_heading_on_creating_a_class_names_it(tmp_path: Path) -> None:
    """"创建Series对象" (like "Creating a DataFrame") is a heading on the class, as "Series常用属性" is: the
    section that says how to make one answers a hover on the call that makes one."""
    library = compile_notes(tmp_path, {"02 Series.md": """
        # 02 Pandas Series结构和属性

        ## 创建Series对象

        Pandas 使用 Series() 函数来创建 Series 对象，通过这个对象可以调用相应的方法和属性：

        ```python
        import pandas as pd
        s = pd.Series([1, 2, 3], index=["a", "b", "c"])
        ```

        ## Series常用属性

        下面我们介绍 Series 的常用属性和方法。

        ```python
        import pandas as pd
        s = pd.Series([1, 2, 3])
        print(s.axes, s.dtype, s.ndim)
        ```
        """})
    entry = first_entry(library, "import pandas as pd\n\ns = pd.Series([88, 92], index=['Tom', 'Jack'])\n", "Series")
    assert entry is not None and "Series() 函数来创建" in entry, entry


def test_a_heading_that_links_to_a_notebook_is_that_notebooks_contents_entry(tmp_path: Path) -> None:
    """A README whose headings link to the notebooks (`## [十分钟入门](…/10minutes.ipynb)` over the list of
    what that notebook covers) names what those notebooks explain: the notebook answers first."""
    library = compile_notes(tmp_path, {
        "pandas/README.md": """
            # pandas

            ## [官方十分钟入门解析](https://nbviewer.jupyter.org/github/someone/notes/blob/master/pandas/10minutes.ipynb)
            1. 基础数据结构:Series, DataFrame
            2. groupby()
            3. pivot_table()数据视图
            4. 时间序列
            """,
        "pandas/pivot.md": """
            # 数据透视表

            ## 复杂的聚合

            &#x1F449;pivot_table()参数说明表：values 是待聚合的列的名称，index 是用于分组的列名。

            ```python
            import pandas as pd
            df = pd.read_csv("a.csv")
            df.pivot_table(values="x", index="a", columns="b", aggfunc="mean")
            ```
            """})
    entry = first_entry(library, PANDAS_FRAME + "table = df.pivot_table(index='a', values='x')\n", "pivot_table")
    assert entry is not None and "参数说明表" in entry, entry


def test_a_function_written_with_its_modules_alias_against_chinese_is_written_as_code(tmp_path: Path) -> None:
    """"np.where函数是三元表达式…的向量化版本" writes `np.where` as code as much as "`np.where()`" does:
    the section that says what it is answers before one that only prefers it."""
    library = compile_notes(tmp_path, {
        "100NumpyTest.md": """
            # Numpy exercises

            ## 找出非零元素的位置

            个人更喜欢`np.where()`实现：

            ```python
            import numpy as np
            print(np.where(np.array([1, 2, 0, 0, 4, 0]) != 0))
            ```
            """,
        "NumPyBase.md": """
            # Numpy基础

            ## 将条件逻辑作为数组操作

            np.where函数是三元表达式 x if condition else y 的向量化版本。

            ```python
            import numpy as np
            result = np.where(np.array([True, False]), 1, 2)
            ```
            """})
    entry = first_entry(library, "import numpy as np\n\na = np.arange(5)\nb = np.where(a > 2, a, 0)\n", "where")
    assert entry is not None and "三元表达式" in entry, entry


def test_a_method_written_without_its_receiver_is_the_builtin_types_that_has_it(tmp_path: Path) -> None:
    """"However, the list method .sort() mutates the list it acts on" explains `list.sort`, in a note
    whose other code uses a library (whose classes have no `sort`)."""
    library = compile_notes(tmp_path, {"python.md": """
        # Python notes

        ## Frames

        ```python
        import pandas as pd
        df = pd.read_csv("a.csv")
        df.head()
        ```

        ## Sorting

        ```python
        names = sorted(["b", "a"])
        ```

        The built-in sorted() does not change the object passed to it.
        However, the list method .sort() mutates the list it acts on.
        """})
    entry = first_entry(library, "scores = [88, 42, 97]\nscores.sort(reverse=True)\n", "sort(")
    assert entry is not None and "mutates the list it acts on" in entry, entry


def test_a_heading_that_writes_a_short_name_titles_its_example(tmp_path: Path) -> None:
    """"min and max with key" over an example of both answers before a solution elsewhere whose code
    happens to end by showing `max(...)`."""
    library = compile_notes(tmp_path, {
        "leetcode.md": """
            Best Time to Buy and Sell Stock

            Say you have an array for which the ith element is the price of a given stock on day i.

            In this case, no transaction is done, i.e. max profit = 0.

            ```python
            class Solution(object):
                def maxProfit(self, prices):
                    best, low = 0, prices[0]
                    for p in prices:
                        best = max(best, p - low)
                        low = min(low, p)
                    return best
            ```
            """,
        "python.md": """
            # Python notes

            ## min and max with key

            ```python
            people = [("Ann", 31), ("Bo", 45)]
            youngest = min(people, key=lambda p: p[1])
            oldest = max(people, key=lambda p: p[1])
            ```
            """})
    entry = first_entry(library, "ages = [3, 9, 4]\noldest = max(ages, key=abs)\n", "max(")
    assert entry is not None and "min and max with key" in entry, entry


def test_a_class_named_in_words_is_one_of_the_libraries_the_note_uses(tmp_path: Path) -> None:
    """"the [**Dataset**](…/tf/data/Dataset) class" in a post on TensorFlow is no `torch.utils.data.Dataset`;
    "the Counter class" in a torch notebook is still the standard library's."""
    library = compile_notes(tmp_path, {
        "tf-high-level-api.md": """
            # TensorFlow Higher-Level APIs

            ### Dataset

            We'll be using the [**Dataset**](https://www.tensorflow.org/api_docs/python/tf/data/Dataset) class to represent our training data.

            ```python
            import tensorflow as tf
            ds = tf.data.Dataset.from_tensor_slices([1, 2, 3])
            ```
            """,
        "bleu_metric.md": """
            # BLEU

            Specifically we are going to use the Counter class, which counts the number of instances of each n-gram.

            ```python
            import torch
            from collections import Counter
            counts = Counter(["a", "b", "a"])
            scores = torch.tensor([1.0])
            ```
            """})
    assert not library.for_symbol("torch.utils.data.Dataset")
    entry = first_entry(library, "from collections import Counter\n\nc = Counter('hello')\n", "Counter(")
    assert entry is not None and "counts the number of instances" in entry, entry
