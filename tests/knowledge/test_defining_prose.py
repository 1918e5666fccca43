"""How study notes define an API: a line "name()：what it does" the prose then goes on about, a notebook
whose explanations are docstrings in code cells with an example cell after them, an imported function
written against Chinese words with no code marks. Every note here is written for the test."""

from __future__ import annotations

from pathlib import Path

import pytest

from notesense.analysis import public_api
from notesense.compile.glossary import english_term
from notesense.library.model import EXPLAINED, MENTIONED, SHOWN
from written import compile_notes, first_entry, notebook

TORCH = "import torch\n\nw = torch.ones(3, requires_grad=True)\n"


def test_a_definition_the_prose_goes_on_explaining_comes_before_its_bullets(tmp_path: Path) -> None:
    """"detach()：…" opens a paragraph, and the bullets under it say more of it: the definition answers
    first, not a bullet that only names it again."""
    note = """\
        # 自动微分

        ## 1. 基础概念

        detach()：把张量从计算图里拿出来，返回一个共享数据的新张量，不会追踪梯度。

        **特点**：

        - 对 x.detach() 的结果做运算不会影响原始张量的梯度。
        - 推荐使用 detach()，它比 data 更安全。

        ## 2. 计算梯度

        ```python
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        y = x.detach()
        y.sum()
        ```
        """
    entry = first_entry(compile_notes(tmp_path, {"grad.md": note}), TORCH + "v = w.detach()\n", "detach")
    assert entry is not None and "从计算图里拿出来" in entry, entry


def test_a_cell_a_docstring_calls_an_example_shows_what_the_cell_above_explains(tmp_path: Path) -> None:
    """A notebook kept as code cells: one cell's docstring says what `unsqueeze` does, the next opens
    a docstring "Tensor.unsqueeze 和 Tensor.squeeze 方法示例" over calls of both. The caption calls the cell an
    example: it shows them, and the cell above explains them."""
    cells = [
        ("code", '"""\n升维和降维是常用操作。\n\n    Tensor.unsqueeze(dim: int)\n        在指定位置插入一个大小为 1 的新维度。\n'
                 '    Tensor.squeeze(dim=None)\n        移除所有大小为 1 的维度。\n"""\n'),
        ("code", '"""\nTensor.unsqueeze 和 Tensor.squeeze 方法示例\n"""\nimport torch\n\nt = torch.zeros(3, 4)\n'
                 't1 = t.unsqueeze(0)\nt2 = torch.zeros(2, 1, 3).squeeze()\n'),
    ]
    library = compile_notes(tmp_path, {"shape.ipynb": notebook(cells)})
    example = next(s for s in library.snippets if "t1 = t.unsqueeze(0)" in s.code)
    assert dict(zip(example.symbols, example.about))["torch.Tensor.unsqueeze"] == SHOWN
    entry = first_entry(library, TORCH + "b = w.unsqueeze(0)\n", "unsqueeze")
    assert entry is not None and "插入一个大小为 1 的新维度" in entry, entry


def test_an_imported_function_written_against_chinese_words_is_that_function(tmp_path: Path) -> None:
    """"用train_test_split把数据集…": no code marks, no cue word; the note's code imports the function by
    that name, so the word is the function (a name the note assigns itself would be its own)."""
    note = """\
        # 数据划分

        用train_test_split把数据集随机划分为训练集和测试集。

        ```python
        from sklearn.model_selection import train_test_split
        X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)
        ```
        """
    library = compile_notes(tmp_path, {"split.md": note})
    record = next(s for s in library.snippets if s.is_explanation)
    assert dict(zip(record.symbols, record.about)) == {"sklearn.model_selection.train_test_split": EXPLAINED}


def test_a_standard_module_s_function_written_against_chinese_words_under_its_heading(tmp_path: Path) -> None:
    """"### Python的pickle模块" over "dumps将所传入的变量的值序列化为一个bytes": the note's code calls only
    `pickle.dump`, yet `dumps` under the heading naming pickle is pickle's function; "dumps和dump都是进行
    序列化" is about both alike, so the line on `dumps` alone answers first."""
    note = """\
        ### Python的pickle模块

        - pickle是python中独有的序列化模块。
        - dumps和dump都是进行序列化，而loads和load则是反序列化。
        - dumps将所传入的变量的值序列化为一个bytes，然后就可以写入磁盘。

        ### 一个例子

        ```python
        import pickle
        pickle.dump(user, open('user.pkl', 'wb'))
        ```
        """
    library = compile_notes(tmp_path, {"pickle.md": note})
    both = next(s for s in library.snippets if s.doc.startswith("dumps和dump"))
    assert dict(zip(both.symbols, both.about)) == {"pickle.dumps": EXPLAINED, "pickle.dump": EXPLAINED,
                                                   "pickle.loads": MENTIONED, "pickle.load": MENTIONED}
    entry = first_entry(library, "import pickle\n\nblob = pickle.dumps({'a': 1})\n", "dumps")
    assert entry is not None and "序列化为一个bytes" in entry, entry


def test_a_method_called_on_a_string_written_out_is_str_s(tmp_path: Path) -> None:
    """A style guide's bullets, no code block anywhere: "应该用''.join() 来取代", "使用''.startswith() 和
    ''.endswith()而非字符切片": `str.join` and `str.startswith`, however the user's string is made."""
    note = """\
        # 编程建议

        - 在性能敏感的库中，应该用''.join() 来取代 a += b，这样拼接花费的时间呈线性。
        - 使用''.startswith() 和 ''.endswith()而非字符切片去检测前缀或后缀。
        """
    library = compile_notes(tmp_path, {"pep8.md": note})
    code = "with open('a.txt') as f:\n    line = f.readline()\nparts = line.split(',')\n"
    entry = first_entry(library, code + "row = ' | '.join(parts)\n", "join")
    assert entry is not None and "花费的时间呈线性" in entry, entry
    entry = first_entry(library, code + "skip = line.startswith('#')\n", "startswith")
    assert entry is not None and "检测前缀或后缀" in entry, entry


def test_chinese_prose_that_spells_a_class_out_from_its_module_is_about_it(tmp_path: Path) -> None:
    """"实现了一个功能强大的进程池（multiprocessing.Pool）": the one API the sentence names, spelt from its
    module, is what it is about (Chinese prose marks no code)."""
    note = """\
        ### Python的进程池

        Python中已经实现了一个功能强大的进程池（multiprocessing.Pool），可以很方便地创建进程池对象。
        """
    library = compile_notes(tmp_path, {"pool.md": note})
    entry = first_entry(library, "from multiprocessing import Pool\n\npool = Pool(processes=4)\n", "Pool(")
    assert entry is not None and "创建进程池对象" in entry, entry


def test_a_library_s_name_in_prose_is_the_library_not_a_method_spelt_so(tmp_path: Path) -> None:
    """"如果你有一个 `numpy` 数组并且想避免拷贝，请使用 `torch.as_tensor()`" over code that calls `t.numpy()`:
    `numpy` is the library, not `Tensor.numpy`, and the sentence is about what it recommends."""
    note = """\
        ## 创建 tensor

        通过 torch.tensor() 传入数据时，`torch.tensor()` 总是拷贝 data 且不会改变原有数据的 `dtype`。如果只想改变它的
        `requires_grad` 属性，可用 `requires_grad_()` 或者 `detach()` 来避免拷贝。如果你有一个 `numpy` 数组并且想避免拷贝，
        请使用 `torch.as_tensor()`。

        ```python
        t = torch.tensor([1.0, 2.0])
        a = t.numpy()
        ```
        """
    library = compile_notes(tmp_path, {"tensor.md": note})
    record = next(s for s in library.snippets if s.is_explanation)
    assert "torch.as_tensor" in record.symbols and "torch.Tensor.numpy" not in record.symbols, record.symbols
    entry = first_entry(library, "import numpy as np\nimport torch\n\nx = torch.as_tensor(np.ones(3))\n", "as_tensor")
    assert entry is not None and "想避免拷贝" in entry, entry


def test_a_heading_names_what_it_is_about_not_what_it_is_an_alternative_to(tmp_path: Path) -> None:
    """"## itertuples() — a faster alternative to iterrows()" is about itertuples, over code or over words
    alone: the section above that says why `iterrows()` is slow answers a hover on iterrows first."""
    note = """\
        # Performance

        ## Why loops over DataFrames are slow

        `iterrows()` exists and works, but it is one of the slowest ways to do anything in pandas: it
        recreates a Series object for every single row.

        ```python
        import pandas as pd
        df = pd.read_csv("people.csv")
        for i, row in df.iterrows():
            df.at[i, "bonus"] = row["salary"] * 0.1
        ```

        ## itertuples() — a faster alternative to iterrows()

        It yields plain namedtuples, so it is several times quicker.

        ```python
        for row in df.itertuples():
            print(row.name, row.age)
        ```
        """
    said = note.split("```python\n        for row", 1)[0]  # the same heading over its words alone
    library = compile_notes(tmp_path, {"perf.md": note, "said.md": said})
    entry = first_entry(library, "import pandas as pd\ndf = pd.read_csv('a.csv')\nfor i, row in df.iterrows():\n    pass\n", "iterrows")
    assert entry is not None and "recreates a Series object" in entry, entry
    for record in library.snippets:
        if "itertuples" in record.title:
            assert "pandas.DataFrame.iterrows" not in record.symbols, (record.doc, record.symbols)


def test_an_api_label_or_a_reference_page_s_class_line_names_what_the_item_is_about(tmp_path: Path) -> None:
    """"- api：sklearn.preprocessing.MinMaxScaler (feature_range=(0,1)… )" and "class
    sklearn.tree.DecisionTreeClassifier(criterion=’gini’, …)" over its parameters: each is about that
    class, though the name does not open the line."""
    note = """\
        # 特征预处理

        - 归一化：
            - api：sklearn.preprocessing.MinMaxScaler (feature_range=(0,1)… )
                - 参数:feature_range -- 自己指定范围,默认0-1

        # 决策树

        class sklearn.tree.DecisionTreeClassifier(criterion=’gini’, max_depth=None,random_state=None)
        - criterion
            - 特征选择标准，"gini"或者"entropy"，前者代表基尼系数
        """
    library = compile_notes(tmp_path, {"ml.md": note})
    code = "from sklearn.preprocessing import MinMaxScaler\n\nscaler = MinMaxScaler(feature_range=(0, 1))\n"
    entry = first_entry(library, code, "MinMaxScaler(feature")
    assert entry is not None and "自己指定范围" in entry, entry
    code = "from sklearn.tree import DecisionTreeClassifier\n\nclf = DecisionTreeClassifier(max_depth=3)\n"
    entry = first_entry(library, code, "DecisionTreeClassifier(max")
    assert entry is not None and "criterion" in entry, entry


def test_a_heading_in_words_over_a_block_shows_its_call_with_a_line_on_it_after(tmp_path: Path) -> None:
    """"## 删除整行&整列" over `data.drop(…)`, then "参数可以是list，以删除多行/多列": the heading says what
    the block does, as it would with nothing after the block: the block shows `drop`, more than a call."""
    note = """\
        # pandas 数据清洗

        ## 删除整行&整列

        ```python
        import pandas as pd
        data.drop('animal2', axis='columns', inplace=True)
        ```

        参数可以是list，以删除多行/多列
        """
    library = compile_notes(tmp_path, {"pandas3.md": note})
    block = next(s for s in library.snippets if "data.drop" in s.code)
    assert dict(zip(block.symbols, block.about))["pandas.DataFrame.drop"] == SHOWN
    code = "import pandas as pd\ndf = pd.read_csv('a.csv')\ndf = df.drop(['a', 'b'], axis=1)\n"
    entry = first_entry(library, code, "drop(")
    assert entry is not None and "以删除多行/多列" in entry, entry


def test_a_heading_that_writes_a_class_s_words_without_its_kind_names_that_class(tmp_path: Path) -> None:
    """"## Cross Entropy" in a torch post is `nn.CrossEntropyLoss` (the words, without the "Loss" the
    library's name ends in), not `torch.cross`; "Random Forest" is a classifier and a regressor: neither."""
    note = """\
        # PyTorch Modeling

        ## Cross Entropy

        There are two loss functions you can typically use: `nn.CrossEntropyLoss()` and `nn.NLLLoss()`. The
        former applies a softmax to the output before calculating the loss, the latter does not.

        ```python
        import torch
        x = torch.randn(64, 3, 32, 32)
        print(model(x).shape)
        ```
        """
    library = compile_notes(tmp_path, {"modeling.md": note})
    assert not any("torch.cross" in s.symbols for s in library.snippets)
    entry = first_entry(library, "import torch.nn as nn\n\ncriterion = nn.CrossEntropyLoss()\n", "CrossEntropyLoss")
    assert entry is not None and "applies a softmax" in entry, entry
    assert public_api.titled_class("Random Forest") is None


def test_english_prose_that_says_an_api_in_its_words_explains_it(tmp_path: Path) -> None:
    """A post whose code makes `nn.LayerNorm(2)` says "Layer normalization is similar to batch
    normalization…" without marking a name: the words of `LayerNorm` (each opening a word of the prose)
    are that class; a method's name that opens with a plain verb (`setUp`: "Set up the model first") has
    no such words."""
    note = """\
        # Transformer

        ## Normalization

        We also add dropout. Layer normalization is similar to batch normalization, but it simply normalizes
        each individual sample.

        ## Code

        ```python
        import torch
        import torch.nn as nn
        layer_norm = nn.LayerNorm(2)
        data = torch.arange(0, 10).reshape(5, 2).to(torch.float32)
        ```
        """
    library = compile_notes(tmp_path, {"transformer.md": note})
    said = {s.title: dict(zip(s.symbols, s.about)) for s in library.snippets if s.is_explanation}
    assert said.get("Normalization", {}).get("torch.nn.LayerNorm") == EXPLAINED, said
    entry = first_entry(library, "import torch.nn as nn\n\nnorm = nn.LayerNorm(512)\n", "LayerNorm")
    assert entry is not None and "each individual sample" in entry, entry
    # the words a name is said in: a method's name that opens with a plain verb has none
    assert [english_term(n) for n in ("LayerNorm", "CrossEntropyLoss", "MaxPool2d", "train_test_split")] == [
        "layer norm", "cross entropy loss", "max pool", "train test split"]
    assert [english_term(n) for n in ("setUp", "is_available", "set_index", "Dropout")] == [None] * 4


def test_a_call_written_with_its_arguments_in_chinese_prose_is_the_api(tmp_path: Path) -> None:
    """"线程可以通过setDaemon(True)被设置为守护线程": the call the note's code makes on its thread; "把2向量
    shape(...,2) 变为复数" writes dimensions, and "input(Tensor) - 输入张量" a parameter's type: no call."""
    note = """\
        ### Python里的守护线程

        要点：线程可以通过setDaemon(True)被设置为守护线程，当仅有守护线程运行时，主程序才能退出。

        ### 复数

        把2向量shape(...,2) 变为复数，通过`torch.view_as_complex()`和`torch.view_as_real()`；注意这不是copy操作。

        - input(Tensor) - 需要进行索引操作的输入张量；

        ### 例子

        ```python
        import threading
        import torch
        t = threading.Thread(target=print)
        t.setDaemon(True)
        t.start()
        ```
        """
    library = compile_notes(tmp_path, {"daemon.md": note})
    said = {s.source.line: dict(zip(s.symbols, s.about)) for s in library.snippets if s.is_explanation}
    assert said[3] == {"threading.Thread.setDaemon": EXPLAINED}, said
    assert said[7] == {"torch.view_as_complex": EXPLAINED, "torch.view_as_real": EXPLAINED}, said
    assert not any("input" in symbols for symbols in said.values()), said


def test_a_bare_signature_in_a_note_on_a_listed_library_invents_no_name(tmp_path: Path) -> None:
    """"bar(x, height, width, bottom, *, align)" in a note on matplotlib: `matplotlib.bar` does not exist
    (pyplot's and the Axes' do): the signature names the one module of the library the note imports
    that has it, in whichever block the note imports it."""
    note = """\
        # Bar Plot

        The most commonly used library for visualization is called **matplotlib**.

        ## Syntax

        ```
        bar(x, height, width, bottom, *, align)
        ```

        ## Example

        ```python
        import matplotlib.pyplot as plt
        plt.bar(["a", "b"], [1, 2])
        ```
        """
    library = compile_notes(tmp_path, {"bar.md": note})
    symbols = {x for s in library.snippets for x in s.symbols}
    assert "matplotlib.bar" not in symbols, symbols
    # the module the note's later cell imports is where the bare name is from
    [signed] = [s for s in library.snippets if s.kind == "signature"]
    assert signed.symbols[:1] == ("matplotlib.pyplot.bar",), signed.symbols


def test_a_parameter_named_with_a_gloss_in_parentheses_is_no_api(tmp_path: Path) -> None:
    """"The `loc` (legend location) parameter accepts strings" in a plotting notebook names a keyword of
    `plt.legend`: no `DataFrame.loc`, which a notebook on selecting rows explains."""
    library = compile_notes(tmp_path, {
        "legends.ipynb": notebook([
            ("markdown", "## Legends\n\nThe `loc` (legend location) parameter accepts strings, ints, and tuples.\n"),
            ("code", "import matplotlib.pyplot as plt\nimport pandas as pd\n\ndf = pd.read_csv('a.csv')\n"
                     "plt.plot(df.loc[:, 'x'], df['y'], label='y')\nplt.legend(loc='upper right')\n"),
        ]),
        "slicing.ipynb": notebook([
            ("markdown", "## Selecting Columns\n\nThe pandas attribute .loc allows you to select columns, index, and slice your data.\n"),
            ("code", "import pandas as pd\n\ndf = pd.read_csv('a.csv')\ndf.loc[:, ['x']]\n"),
        ]),
    })
    said = [(s.symbols, s.about) for s in library.snippets if s.source.note == "legends.ipynb"
            and dict(zip(s.symbols, s.about)).get("pandas.DataFrame.loc", -1) >= EXPLAINED]
    assert not said, said
    entry = first_entry(library, "import pandas as pd\n\ndf = pd.read_csv('a.csv')\nsub = df.loc[:, ['x']]\n", "loc")
    assert entry is not None and "slice your data" in entry, entry


def test_prose_that_spells_the_attribute_with_its_dot_writes_it_as_code(tmp_path: Path) -> None:
    """Two notes explain `.loc` in words: one writes it as code without backticks ("The pandas attribute
    .loc allows…"), the other in backticks ("used the `loc` command"). Both write it as code: the
    attribute spelt with its dot counts as much as backticks, and the section titled by it answers
    first, whichever note comes first in reading order."""
    library = compile_notes(tmp_path, {
        "a_filtering.ipynb": notebook([
            ("markdown", "## Combining Filters\n\nWe created `car_filter` and used the `loc` command to filter the data "
                         "by applying `car_filter` first.\n"),
            ("code", "import pandas as pd\n\ndf = pd.read_csv('a.csv')\ncar_filter = df['car'] == 'x'\ndf.loc[car_filter]\n"),
        ]),
        "b_slicing.ipynb": notebook([
            ("markdown", "## Selecting Columns using loc\n\nThe pandas attribute .loc allows you to select columns, index, "
                         "and slice your data.\n"),
            ("code", "import pandas as pd\n\ndf = pd.read_csv('a.csv')\ndf.loc[:, ['car']]\n"),
        ]),
    })
    entry = first_entry(library, "import pandas as pd\n\ndf = pd.read_csv('a.csv')\nsub = df.loc[:, ['car']]\n", "loc")
    assert entry is not None and "slice your data" in entry, entry


def test_a_bare_name_in_a_note_titled_by_its_library_is_the_module_s_function(tmp_path: Path) -> None:
    """A note with no code, its file named "Numpy中的shuffle和permutation区别", writes `shuffle` and
    `permutation` bare: numpy's `numpy.random.shuffle` and `numpy.random.permutation` (the module's
    functions, whose `Generator` methods are their newer spelling, not a reason to name neither)."""
    library = compile_notes(tmp_path, {"Numpy中的shuffle和permutation区别.md": """\
        # 主要区别

        - `shuffle`没有返回值，直接在原来的数据上打乱；而`permutation`在数据副本上打乱，返回打乱之后的副本。
        - 对二维数据，两者都只对第一维进行打乱。
        """})
    for name in ("shuffle", "permutation"):
        entry = first_entry(library, f"import numpy as np\n\na = np.arange(10)\nb = np.random.{name}(a)\n", name)
        assert entry is not None and "在数据副本上打乱" in entry, (name, entry)


def test_a_note_on_one_api_with_no_example_goes_on_with_its_section_on_what_it_does(tmp_path: Path) -> None:
    """A note on `plt.clf` writes its code inline, never fenced: its opening line answers first, and the
    hover goes on with the section saying what it does, where a note with an example shows that."""
    library = compile_notes(tmp_path, {"plt.clf_help.md": """\
        # Understanding `plt.clf`: Clearing Figures

        The function `plt.clf()` is a quick way to empty the current figure.

        ## What Does `plt.clf()` Do?

        * `plt.clf()` stands for **clear figure**: it removes every plot from the figure but keeps the window open.

        ## Related Functions

        * `plt.close()` closes the window itself.
        """})
    entry = first_entry(library, "import matplotlib.pyplot as plt\n\nplt.plot([1, 2])\nplt.clf()\n", "clf")
    assert entry is not None and "quick way to empty" in entry and "keeps the window open" in entry, entry
    assert "closes the window itself" not in entry, entry


def test_a_class_named_with_a_letter_is_said_with_it(tmp_path: Path) -> None:
    """"K-means clustering is a popular centroid-based clustering algorithm" under "What is K-Means
    Clustering", in a notebook whose code makes `KMeans(...)`: the letter is a word of `KMeans` ("k
    means"), said only as a letter ("kernel means" says nothing of it)."""
    library = compile_notes(tmp_path, {"kmeans.ipynb": notebook([
        ("markdown", "## K-Means\nThis notebook covers how it works and how to use it in Python.\n"),
        ("markdown", "### What is K-Means Clustering\nK-means clustering is a popular centroid-based clustering "
                     "algorithm. In k-means clustering, k refers to the number of user specified clusters.\n"),
        ("code", "import pandas as pd\nfrom sklearn.cluster import KMeans\n"),
        ("markdown", "### Cluster the Data\nWith three clusters.\n"),
        ("code", "X = pd.read_csv('a.csv')\nkmeans = KMeans(n_clusters=3)\nkmeans.fit(X)\n"),
    ])})
    entry = first_entry(library, "from sklearn.cluster import KMeans\n\nmodel = KMeans(n_clusters=3)\n", "KMeans(")
    assert entry is not None and "centroid-based" in entry, entry
    assert english_term("KMeans") == "k means" and english_term("PCA") is None


def test_an_outline_writes_its_code_inline_and_its_modules_as_parent_items(tmp_path: Path) -> None:
    """Notes kept as outlines (Obsidian, Logseq) write code in spans: a bare name in an item under one
    that opens with a standard module ("- `shutil`：…" over "  - `rmtree`递归删除") is that module's
    function; an import written inline binds what the spans after it use (`defaultdict`); a method
    called on a string written out is str's (`'a.b.c.txt'.rsplit('.', 1)`). An inline import of no
    real module names nothing (`from package import item`)."""
    library = compile_notes(tmp_path, {
        "os-shutil.md": """\
            - `os`：和操作系统交互
              - `getcwd`获取当前目录
            - `shutil`：更多和系统相关的操作
              - `move`移动
              - `rmtree`递归删除
                - `ignore_errors=True`不存在也不报错
            """,
        "defaultdict.md": """\
            - `from collections import defaultdict`
            - 然后比如`d = defaultdict(list)`，`d[<任意键>]`就默认是`[]`了
              - 此时可以直接`append`，省略了初始化步骤
            - 使用 `from package import item` 导入包里的子模块，其中 `item` 可以是子模块
            """,
        "string.md": """\
            - `split`
              - `'a.b.c.txt'.rsplit('.', 1)`输出`['a.b.c', 'txt']`（从右到左只切一次）
            """,
    })
    for code, needle, phrase in (
        ("import shutil\n\nshutil.rmtree('build')\n", "rmtree", "递归删除"),
        ("from collections import defaultdict\n\nd = defaultdict(list)\n", "defaultdict(", "省略了初始化步骤"),
        ("name = 'a.b.txt'\nstem, ext = name.rsplit('.', 1)\n", "rsplit", "从右到左只切一次"),
    ):
        entry = first_entry(library, code, needle)
        assert entry is not None and phrase in entry, (needle, entry)
    assert not any(symbol.startswith("package") for s in library.snippets for symbol in s.symbols)


def test_a_post_named_for_its_library_explains_the_call_its_block_makes_of_an_unmade_frame(tmp_path: Path) -> None:
    """"pandas_sql.md" (a blog post: no title, no pandas import) writes `data.to_sql(...)` of a frame it
    never made, then lists the call's parameters: the file name's words say pandas, the call is the
    frame's `to_sql` (a series' being the same operation), and the entry on its `index` parameter
    ("是否将df的index单独写到一列中") explains the parameter, not `DataFrame.index`."""
    library = compile_notes(tmp_path, {"pandas_sql.md": """\
        # 写入数据库
        ```python
        from sqlalchemy import create_engine
        engine = create_engine("sqlite://")
        data.to_sql(name="price", con=engine, if_exists='replace', index=False)
        ```
        - `to_sql`其他的参数说明:
        - `name`: 输出的表名
        - `if_exists`： fail，若表存在，则不输出；replace：覆盖原来表里的数据
        - `index`：是否将df的index单独写到一列中
        """})
    entry = first_entry(library, "import pandas as pd\n\ndf = pd.read_csv('a.csv')\ndf.to_sql('t', con)\n", "to_sql")
    assert entry is not None and "输出的表名" in entry, entry
    block = next(s for s in library.snippets if "data.to_sql" in s.code)
    assert "pandas.DataFrame.to_sql" in block.symbols, block.symbols
    # the user's own code does the same with a parameter nothing annotates: the hover reads it alike
    entry = first_entry(library, "import pandas as pd\n\n\ndef save(table, con):\n    table.to_sql('t', con)\n", "to_sql")
    assert entry is not None and "输出的表名" in entry, entry
    said = [(s.symbols, s.about) for s in library.snippets
            if dict(zip(s.symbols, s.about)).get("pandas.DataFrame.index", -1) >= EXPLAINED]
    assert not said, said


@pytest.mark.parametrize(("notes", "code", "needle", "phrase"), [
    # "torch.squeeze()对应了np.squeeze()" in a note on tensors is about torch's (a name set beside the
    # subject, as "equivalent to" sets it, is not what the sentence explains); numpy's own note, whatever
    # the reading order, explains np.squeeze
    pytest.param({"a_tensor_shape.md": "# 减少维度\n\n`torch.squeeze()`对应了`np.squeeze()`\n\n```python\nimport torch\n"
                                       "z = torch.zeros(2, 1)\nz.squeeze()\n```\n",
                  "b_numpy_shape.md": "# 减少维度\n\n`squeeze(a, axis=None)`去掉长度为1的维度\n\n```python\nimport numpy as np\n"
                                      "a = np.zeros((2, 1))\nnp.squeeze(a)\n```\n"},
                 "import numpy as np\n\nb = np.squeeze(np.zeros((3, 1)))\n", "squeeze", "去掉长度为1的维度",
                 id="a-name-set-beside-the-subject"),
    # a blog's "pandas_apply.md" opens with its explanation and no heading: its file name says it is on
    # `apply` ("pandas apply"), as a title would, before another post's section headed "apply" that maps
    # one column's values
    pytest.param({"pandas_apply.md": "`apply()`遍历行(`axis=1`)或遍历列(`axis=0`)对其应用某个函数(`lambda`).\n\n"
                                     "# 行遍历操作(axis=1)\n```python\nimport pandas as pd\ndf = pd.DataFrame([[4, 9]] * 3)\n"
                                     "df.apply(lambda row: row.mean(), axis=1)\n```\n",
                  "pandas_update.md": "# apply\n\n映射替换一列的所有数据\n\n```python\nimport pandas as pd\n"
                                      "df = pd.DataFrame({'fruit': ['apple']})\ndf['fruit'].apply(lambda x: {'apple': 10}[x])\n```\n"},
                 "import pandas as pd\n\ndf = pd.read_csv('a.csv')\nout = df.apply(sum, axis=1)\n", "apply(", "对其应用某个函数",
                 id="a-post-named-library-underscore-api"),
])
def test_which_of_two_notes_explains_it(tmp_path: Path, notes: dict[str, str], code: str, needle: str, phrase: str) -> None:
    entry = first_entry(compile_notes(tmp_path, notes), code, needle)
    assert entry is not None and phrase in entry, entry


def test_scikit_said_short_is_scikit_learn(tmp_path: Path) -> None:
    """"scikit_train_test_split.md" opens "用来分割训练集和测试集." with no name: the file says scikit-learn
    (short) and the function, so that line is what the note says of it."""
    library = compile_notes(tmp_path, {"scikit_train_test_split.md": """\
        用来分割训练集和测试集.

        ```python
        from sklearn.model_selection import train_test_split
        train, test = train_test_split(df, test_size=.3)
        ```

        # 应用

        `X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.33, random_state=42)`
        """})
    code = "from sklearn.model_selection import train_test_split\n\na, b = train_test_split(X, test_size=0.2)\n"
    entry = first_entry(library, code, "train_test_split(")
    assert entry is not None and "用来分割训练集和测试集" in entry, entry
    # the file name is read as words for what it names; the records before any heading keep it as written
    assert {s.title for s in library.snippets if not s.source.heading} == {"scikit_train_test_split"}
