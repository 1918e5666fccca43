"""A heading spells an API the way prose does, not as code: "RMSProp" for `torch.optim.RMSprop`, "Xavier
初始化" for the family `xavier_normal_` / `xavier_uniform_`. It names them when the code of the section, or
of the sections under it (a bold line opens a section of its own), uses them; the section's opening prose
is then what a hover shows, not the paragraph that happens to stand over the example."""

from __future__ import annotations

from pathlib import Path

import pytest

from notesense.analysis.public_api import titled_class
from notesense.library.model import EXPLAINED
from written import compile_notes, first_entry, notebook


def _answers(tmp_path: Path, notes: dict[str, str], source: str, needle: str, phrase: str) -> None:
    """The hover on `needle` in `source` shows `phrase` first."""
    entry = first_entry(compile_notes(tmp_path, notes), source, needle)
    assert entry is not None and phrase in entry, entry


OPTIMIZERS = """
    # 优化方法

    ## AdaGrad

    AdaGrad 为每个参数累积梯度的平方，学习率只会越来越小。

    ## RMSProp

    RMSProp 是一种按参数调整步长的优化方法，用滑动平均代替累加，旧的梯度会慢慢被忘掉。

    **优点**

    - 学习率不会一直变小。

    **缺点**

    衰减系数要调。

    ```python
    import torch
    from torch import nn
    model = nn.Linear(10, 1)
    optimizer = torch.optim.RMSprop(model.parameters(), lr=0.01, alpha=0.9)
    ```
    """

INIT = """
    # 参数初始化

    ## Xavier 初始化

    Xavier 初始化让每层输出的方差和输入的方差保持一致，适合 tanh 这类激活函数。

    **(1) 前向**

    前向传播时方差由输入个数决定。

    **(2) 示例**

    ```python
    import torch.nn as nn
    linear = nn.Linear(6, 4)
    nn.init.xavier_normal_(linear.weight)
    nn.init.xavier_uniform_(linear.weight)
    ```

    ## 常数初始化

    Xavier 之外也可以全部填同一个数。

    ```python
    import torch.nn as nn
    nn.init.constant_(nn.Linear(6, 4).weight, 0.5)
    ```
    """


def test_a_heading_cased_otherwise_names_the_api_its_sub_sections_call(tmp_path: Path) -> None:
    library = compile_notes(tmp_path, {"optim.md": OPTIMIZERS})
    source = "import torch\nnet = torch.nn.Linear(3, 1)\nopt = torch.optim.RMSprop(net.parameters(), lr=0.01)\n"
    entry = first_entry(library, source, "RMSprop(")
    assert entry is not None and "用滑动平均代替累加" in entry, entry


def test_a_heading_word_names_the_family_its_code_calls(tmp_path: Path) -> None:
    library = compile_notes(tmp_path, {"init.md": INIT})
    for call in ("xavier_normal_", "xavier_uniform_"):
        source = f"import torch.nn as nn\nlayer = nn.Linear(6, 4)\nnn.init.{call}(layer.weight)\n"
        entry = first_entry(library, source, f"{call}(")
        assert entry is not None and "方差保持一致" in entry, (call, entry)
    # the word in a heading whose code calls nothing of that family names nothing there
    headed = {s.source.heading[-1]: s.symbols for s in library.snippets if s.is_explanation}
    assert not any("xavier" in symbol for symbol in headed.get("常数初始化", ())), headed


def test_a_heading_word_alone_names_nothing(tmp_path: Path) -> None:
    """No code uses an API so spelt: the heading is a topic, kept for search only."""
    library = compile_notes(tmp_path, {"init.md": """
        # 参数初始化

        ## Xavier 初始化

        Xavier 初始化让每层输出的方差和输入的方差保持一致。
        """})
    assert all(not s.symbols for s in library.snippets), [(s.id, s.symbols) for s in library.snippets]


def test_a_dotted_heading_names_the_real_api(tmp_path: Path) -> None:
    """"## torch.repeat" over `t.repeat(...)`: the tensor's method, which is real, never `torch.repeat`."""
    library = compile_notes(tmp_path, {"ops.md": """
        # 张量操作

        ## torch.repeat

        沿着某个维度把张量复制几份。

        ```python
        import torch
        temp = torch.ones((2, 1, 3))
        target = temp.repeat(1, 3, 1)
        ```
        """})
    block = next(s for s in library.snippets if not s.is_explanation)
    assert "torch.Tensor.repeat" in block.symbols and "torch.repeat" not in block.symbols, block.symbols
    entry = first_entry(library, "import torch\nx = torch.zeros(4, 1)\ny = x.repeat(1, 2)\n", "repeat(")
    assert entry is not None and "把张量复制几份" in entry, entry


def test_a_section_on_the_api_answers_before_its_sub_sections_of_examples(tmp_path: Path) -> None:
    """"四，任意维张量运算(torch.einsum)" (the name in brackets after words) over what einsum is, then
    "2，einsum基础范例" and "3，einsum高级范例" whose prose opens with the name: the examples answer after."""
    library = compile_notes(tmp_path, {"math.md": """
        # 张量的数学运算

        ### 四，任意维张量运算(torch.einsum)

        如果问最强大的数学函数是哪一个？我会说是爱因斯坦求和函数，它支持求导和反向传播。

        #### 2，einsum基础范例

        einsum用元素计算公式来表达张量运算。

        ```python
        import torch
        A = torch.randn(3, 4)
        B = torch.einsum("ij->ji", A)
        ```

        #### 3，einsum高级范例

        einsum可用于超过两个张量的计算。

        ```python
        import torch
        q, k = torch.randn(2, 5), torch.randn(2, 5)
        A = torch.einsum("ik,ik->i", q, k)
        ```
        """})
    source = "import torch\nx = torch.randn(2, 3)\ny = torch.einsum('ij->j', x)\n"
    entry = first_entry(library, source, "einsum(")
    assert entry is not None and "爱因斯坦求和函数" in entry, entry


ML_BASICS = """
    # Machine Learning Basics

    ### Overview:

    Machine learning is a subset of AI where systems learn patterns from data.

    ### 4.4 Splitting the data

    #### Train-Test Split:

    ```python
    from sklearn.model_selection import train_test_split
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)
    ```
    """

SPLITTING = """
    # Data Splitting

    ## 2. Train-Test Split

    Divide the dataset into a training set and a test set before anything else.

    ```python
    from sklearn.model_selection import train_test_split
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25)
    ```
    """


def test_a_heading_spelling_a_function_in_words_names_it_over_the_note_s_introduction(tmp_path: Path) -> None:
    """"Train-Test Split" over `train_test_split(...)` names it; the block under it says nothing, and the
    note's introduction ("Machine learning is a subset of AI…") says nothing of it either: the note whose
    section explains the split answers first."""
    library = compile_notes(tmp_path, {"a_basics.md": ML_BASICS, "b_splitting.md": SPLITTING})
    blocks = {s.source.note: s for s in library.snippets if not s.is_explanation}
    basics = blocks["a_basics.md"]
    assert "subset of AI" not in basics.doc, basics.doc
    source = "from sklearn.model_selection import train_test_split\nparts = train_test_split(features, labels)\n"
    entry = first_entry(library, source, "train_test_split(features")
    assert entry is not None and "training set and a test set" in entry, entry


def test_a_note_s_introduction_still_answers_for_the_api_it_names(tmp_path: Path) -> None:
    """The introduction names the API the heading names ("…也能调用 torch.autograd.grad 函数来求梯度"): the
    block under "利用autograd.grad方法求导数" keeps it."""
    library = compile_notes(tmp_path, {"autograd.md": """
        # 自动微分机制

        深度学习框架可以自动求梯度。除此之外，也能调用 torch.autograd.grad 函数来实现求梯度计算。

        ### 二，利用autograd.grad方法求导数

        ```python
        import torch
        x = torch.tensor(0.0, requires_grad=True)
        y = x ** 2 + 1
        dy_dx = torch.autograd.grad(y, x, create_graph=True)[0]
        ```
        """})
    block = next(s for s in library.snippets if not s.is_explanation)
    assert "torch.autograd.grad" in block.symbols and "函数来实现求梯度计算" in block.doc, (block.symbols, block.doc)


def test_a_heading_asking_what_the_api_is_names_it(tmp_path: Path) -> None:
    """"What is a Series?" over prose that says so, in a note whose code imports pandas only further on."""
    library = compile_notes(tmp_path, {"series.md": """
        ## 2. Series

        ### What is a Series?

        * A **Pandas Series** is a one-dimensional labeled array holding any data type.

        ### Creating a Series

        ```python
        import pandas as pd
        s = pd.Series([10, 20, 30])
        ```
        """})
    entry = first_entry(library, "import pandas as pd\nprices = pd.Series([1.5, 2.0])\n", "Series(")
    assert entry is not None and "one-dimensional labeled array" in entry, entry


def test_a_heading_that_glosses_the_api_explains_it(tmp_path: Path) -> None:
    """"1.1 Series - One-dimensional labeled array" over code alone says what a Series is; "Series operations"
    over code alone only shows it."""
    block = "```python\nimport pandas as pd\ns = pd.Series([1, 3, 5])\nprint(s.sum())\n```\n"
    library = compile_notes(tmp_path, {
        "a_ops.md": f"# Pandas\n\n## Series operations\n\n{block}",
        "b_fundamentals.md": f"# Pandas Fundamentals\n\n## 1. Core Data Structures\n\n### 1.1 Series - One-dimensional labeled array\n\n{block}",
    })
    ranked = library.for_symbol("pandas.Series")
    assert ranked and ranked[0].source.note == "b_fundamentals.md", [s.source.note for s in ranked]


def test_a_heading_glossing_the_name_is_about_it_alone(tmp_path: Path) -> None:
    """"pd.to_datetime() — Parsing Dates" is about to_datetime alone, as "pd.to_datetime()" is; its prose
    answers before a link to the docs over an example."""
    _answers(tmp_path, {
        "a_time.md": "# Time Methods\n\n## pd.to_datetime()\n\nhttps://pandas.pydata.org/docs/user_guide/timeseries.html\n\n"
                     "```python\nimport pandas as pd\n# 10th of Dec OR 12th of October?\n# We may need to tell pandas\n"
                     "pd.to_datetime('10-12-2000', dayfirst=True)\n```\n",
        "b_chapter.md": "# Chapter 03: Time Methods\n\n## pd.to_datetime() — Parsing Dates\n\n"
                        "Pandas can parse a wide variety of date string formats into proper datetime objects.\n\n"
                        "```python\nimport pandas as pd\npd.to_datetime(['2024-01-15', '15/01/2024'], format='mixed')\n```\n",
    }, "import pandas as pd\nwhen = pd.to_datetime(df['date'])\n", "to_datetime(", "date string formats")


def test_a_heading_listing_the_names_its_prose_writes_in_full_names_them(tmp_path: Path) -> None:
    """"dup, dup2, tmpfile and stdout in python" over "using os.dup and os.dup2 to redirect…": the section
    explains os.dup2, before a recipe that calls it on its way to silencing output."""
    _answers(tmp_path, {
        "a_logging.md": "# Stdout\n\n## Suppress stdout and stderr\n\nstdout is shared between threads.\n\n"
                        "```python\nimport os\nnull = os.open(os.devnull, os.O_RDWR)\nsaved = os.dup(1)\nos.dup2(null, 1)\n```\n",
        "b_io.md": "# StdOutErr\n\n## dup, dup2, tmpfile and stdout in python\n\n"
                   "python's sys.stdout wraps the actual stdout, so replacing it does not silence C code.\n\n"
                   "We need to duplicate the actual stdout (1) using os.dup and os.dup2 to redirect the messages.\n",
    }, "import os, sys\nfd = os.open('out.log', os.O_WRONLY)\nos.dup2(fd, sys.stdout.fileno())\n", "dup2(",
        "duplicate the actual stdout")


def test_a_named_api_that_only_a_passage_explains_keeps_its_record(tmp_path: Path) -> None:
    """"cuda、cudnn、cuda toolkit 的区别" over a block that shows `torch.version.cuda` and an entry "cudnn：…": the block
    carries cuda, and the entry still explains cudnn."""
    library = compile_notes(tmp_path, {"cuda.md": """
        # Torch

        ## cuda、cudnn、cuda toolkit 的区别

        - 区分

          - cudnn：为深度学习计算设计的软件库。
          - cuda：为 GPU 通用计算构建的运算平台。

        ```python
        import torch
        # Pytorch 实际使用的 cuda 版本
        torch.version.cuda
        ```
        """})
    explained = [s for s in library.snippets if "torch.backends.cudnn" in s.symbols]
    assert explained and "深度学习计算设计的软件库" in explained[0].doc, [(s.symbols, s.doc) for s in library.snippets]


def test_the_reader_s_language_explains_before_an_original_whose_heading_names_the_class(tmp_path: Path) -> None:
    """A translated chapter ("暂退法" explains nn.Dropout in its prose) beside its English original titled
    "Dropout": a Chinese reader gets the translation first."""
    library = compile_notes(tmp_path, {
        "dropout.md": "# 暂退法\n\n在训练时，`nn.Dropout` 以暂退概率把每个神经元的输出置零。\n\n## 简洁实现\n\n"
                      "```python\nfrom torch import nn\nnet = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Dropout(0.5))\n```\n",
        "dropout_origin.md": "# Dropout\n\nDuring training, dropout zeroes each neuron with the dropout probability.\n\n"
                             "## Concise Implementation\n\n"
                             "```python\nfrom torch import nn\nnet = nn.Sequential(nn.Linear(4, 8), nn.Dropout(0.2))\n```\n",
    })
    ranked = library.for_symbol("torch.nn.Dropout", "zh-CN")
    assert ranked and ranked[0].source.note == "dropout.md", [(s.source.note, s.source.heading) for s in ranked]


def test_an_original_naming_the_api_in_english_words_does_not_beat_a_translation_that_shows_it(tmp_path: Path) -> None:
    """The original's "Maximum Pooling" heading names nn.MaxPool2d in English words; the translation's
    "汇聚层" section only shows it in its example: a Chinese reader still gets the translation first."""
    library = compile_notes(tmp_path, {
        "pooling.md": "# 汇聚层\n\n## 填充和步幅\n\n默认情况下，深度学习框架中的步幅与汇聚窗口的大小相同。\n\n"
                      "```python\nfrom torch import nn\npool2d = nn.MaxPool2d(3)\n```\n",
        "pooling_origin.md": "# Pooling\n\n## Maximum Pooling and Average Pooling\n\n"
                             "Like convolutional layers, pooling operators consist of a fixed-shape window slid over the input.\n\n"
                             "## Padding and Stride\n\n"
                             "```python\nfrom torch import nn\npool2d = nn.MaxPool2d(3)\n```\n",
    })
    ranked = library.for_symbol("torch.nn.MaxPool2d", "zh-CN")
    assert ranked and ranked[0].source.note == "pooling.md", [(s.source.note, s.source.heading, s.about) for s in ranked]


def test_a_section_titled_as_an_example_of_nothing_it_names_is_no_example_section(tmp_path: Path) -> None:
    """"一个简单的例子" is where a chapter explains `backward`: only a title naming the API as well
    ("einsum基础范例") marks a section of examples of it."""
    _answers(tmp_path, {"autograd.md": """
        # 自动微分

        ## 一个简单的例子

        深度学习框架通过自动计算导数来加快求导，调用反向传播函数即可得到梯度。

        ```python
        import torch
        x = torch.arange(4.0, requires_grad=True)
        y = 2 * torch.dot(x, x)
        y.backward()
        ```

        ## 非标量变量的反向传播

        当`y`不是标量时，我们通常对它求和后再反向传播。

        ```python
        x.grad.zero_()
        y = x * x
        y.sum().backward()
        ```
        """}, "import torch\nw = torch.ones(3, requires_grad=True)\nloss = (w * 2).sum()\nloss.backward()\n", "backward",
        "自动计算导数")


@pytest.mark.parametrize("references", ["参考资料", "🌈 Additional Resources 🌈", "Learn More", "推荐阅读", "Useful Links"])
def test_a_note_s_references_answer_after_what_explains_the_api(tmp_path: Path, references: str) -> None:
    """"参考资料" ("Additional Resources", "Learn More", "推荐阅读") cites the paper or the reference page of
    `optim.Adam`; the list entry that says what Adam does answers first, though the references come first
    in reading order."""
    _answers(tmp_path, {"a_reading.md": f"""
        # Optimizers

        ## {references}

        - [`torch.optim.Adam`](https://pytorch.org/docs/stable/generated/torch.optim.Adam.html): the reference page of Adam
        """, "b_optim.md": """
        # 优化器

        ### SGD

        #### 10 款优化器：

        - optim.SGD: 随机梯度下降法
        - optim.Adam: RMSprop 结合 Momentum
        """}, "import torch\nopt = torch.optim.Adam(net.parameters(), lr=1e-3)\n", "Adam(", "RMSprop 结合 Momentum")


def test_a_heading_naming_the_library_and_its_class_is_about_the_class(tmp_path: Path) -> None:
    """"sklearn Pipeline: Chaining Preprocessing + Model" is about Pipeline alone (the library says whose),
    before "Pipeline Best Practices", which is about using it well."""
    block = "```python\nfrom sklearn.pipeline import Pipeline\nfrom sklearn.preprocessing import StandardScaler\n" \
            "from sklearn.linear_model import LogisticRegression\npipe = Pipeline([('s', StandardScaler()), ('m', LogisticRegression())])\n```\n"
    _answers(tmp_path, {
        "a_practices.md": "# Pipelines\n\n## Pipeline Best Practices\n\n1. **Always use pipelines in production code.** "
                          "Manual `Pipeline()` set-up elsewhere leaks data.\n\n" + block,
        "b_chapter.md": "# Chapter 09\n\n## sklearn Pipeline: Chaining Preprocessing + Model\n\n"
                        "A `Pipeline` is an ordered sequence of transformers followed by an optional final estimator.\n\n" + block,
    }, "from sklearn.pipeline import Pipeline\np = Pipeline(steps)\n", "Pipeline(steps", "optional final estimator")


def test_a_note_in_another_language_is_no_translation_unless_it_sits_beside_one(tmp_path: Path) -> None:
    """A Chinese note that compares cumsum in passing does not hold back a pasted English reference
    titled by the name: only an original beside its translation (`x_origin.md` by `x.md`) gives way."""
    library = compile_notes(tmp_path, {
        "a_compare.md": "# 累计运算\n\n`np.cumsum` 和 `np.cumprod` 的区别：一个累加，一个累乘。\n",
        "b_reference.md": "# numpy.cumsum\n\nReturn the cumulative sum of the elements along a given axis.\n",
    })
    ranked = library.for_symbol("numpy.cumsum", "zh-CN")
    assert ranked and ranked[0].source.note == "b_reference.md", [(s.source.note, s.about) for s in ranked]


def test_a_section_on_a_class_that_says_what_its_method_does_is_about_the_class(tmp_path: Path) -> None:
    """"A Pipeline chains … During `fit`, transformers learn …": the class's own method named beside it is
    no other API; the section that says what a Pipeline is answers before a later one that adds steps."""
    setup = "from sklearn.pipeline import Pipeline\nfrom sklearn.linear_model import LogisticRegression\n" \
            "from sklearn.preprocessing import StandardScaler\nfrom sklearn.feature_selection import SelectKBest\n"
    _answers(tmp_path, {
        "pipeline.md": "# Scikit-Learn Pipeline\n\n## Solution: Simple Pipeline\n\n"
                       "A Pipeline chains preprocessing and model training in a fixed order.\n"
                       "During `fit`, transformers learn only from training data.\n\n"
                       f"```python\n{setup}pipeline = Pipeline([('s', StandardScaler()), ('m', LogisticRegression())])\n"
                       "pipeline.fit(X_train, y_train)\n```\n\n"
                       "## Feature Selection in a Pipeline\n\nYou can add automatic feature selection as steps.\n\n"
                       "```python\nselected = Pipeline([('k', SelectKBest(k=3)), ('m', LogisticRegression())])\n```\n",
    }, "from sklearn.pipeline import Pipeline\np = Pipeline(steps)\n", "Pipeline(steps", "in a fixed order")


def test_a_numbered_heading_that_writes_a_class_in_words_names_that_class(tmp_path: Path) -> None:
    """"## 5. Leaky ReLU" in a note on torch's activations is `nn.LeakyReLU`, as "Leaky ReLU" is: the
    section's number is no word of it (nor is its `ReLU` the class `nn.ReLU`)."""
    library = compile_notes(tmp_path, {"activations.md": """
        # Activation functions

        ```python
        import torch.nn as nn
        act = nn.ReLU()
        ```

        ## 5. Leaky ReLU

        - Lets a small gradient through for negative inputs, so no neuron dies.
        """})
    entry = first_entry(library, "import torch.nn as nn\n\nact = nn.LeakyReLU(0.1)\n", "LeakyReLU")
    assert entry is not None and "so no neuron dies" in entry, entry
    record = next(s for s in library.snippets if s.title.endswith("Leaky ReLU"))
    assert record.symbols[0] == "torch.nn.LeakyReLU", record.symbols


def test_a_heading_naming_what_a_class_does_names_the_class_the_note_imports(tmp_path: Path) -> None:
    """"### D. Robust Scaling" is `RobustScaler` ("Scaling" is what a scaler does; "KNN Imputation" a
    `KNNImputer`), in a note whose one demo imports it from sklearn though its calls are mostly numpy's:
    the heading's letter is its number, and the class the note's code imports is one it may be about."""
    library = compile_notes(tmp_path, {"025_feature_scaling.md": """
        # Feature Scaling - Normalization

        ## 2. The Normalization Techniques

        ### D. Robust Scaling

        Robust Scaling is designed to handle datasets with significant outliers: it uses the median and
        the Interquartile Range (IQR), which are statistically robust to extreme values.

        ## 4. Hands-on Python Implementation

        ```python
        import numpy as np
        from sklearn.preprocessing import MinMaxScaler, RobustScaler

        data = np.concatenate([np.random.normal(15.0, 2.0, 200), np.array([150.0, 300.0])])
        scaled = RobustScaler().fit_transform(data.reshape(-1, 1))
        print(np.round(scaled[:5], 2), np.median(data))
        ```
        """})
    source = "from sklearn.preprocessing import RobustScaler\n\nscaler = RobustScaler()\n"
    entry = first_entry(library, source, "RobustScaler")
    assert entry is not None and "Interquartile Range" in entry, entry
    assert titled_class("KNN Imputation") == "sklearn.impute.KNNImputer"
    assert titled_class("One-Hot Encoding") == "sklearn.preprocessing.OneHotEncoder"
    assert titled_class("Feature Scaling") is None


def test_a_heading_writing_a_function_in_words_names_the_function_the_note_imports(tmp_path: Path) -> None:
    """"### F1-Score (Harmonic Mean)" is `f1_score` (snake case taken apart), which the note's demo
    imports from sklearn though its calls are mostly numpy's; "## Mean Squared Error" under sklearn is
    `mean_squared_error`, the one function of sklearn so named."""
    library = compile_notes(tmp_path, {"077_precision_recall_and_f1_score.md": """
        # Class Imbalance Metrics

        ### F1-Score (Harmonic Mean)

        The F1-Score combines Precision and Recall into a single metric: it is the **harmonic mean**
        of the two, which penalises extreme values.

        ## Python Implementation

        ```python
        import numpy as np
        from sklearn.metrics import accuracy_score, f1_score

        y_true, y_pred = np.array([0, 1, 1, 0]), np.array([0, 1, 0, 0])
        print(np.round(accuracy_score(y_true, y_pred), 2), np.round(f1_score(y_true, y_pred), 2))
        ```
        """, "sklearn/regression_metrics.md": """
        # sklearn 回归指标

        ## Mean Squared Error

        The average of the squared differences between predictions and targets.
        """})
    entry = first_entry(library, "from sklearn.metrics import f1_score\n\nscore = f1_score(y, p)\n", "f1_score")
    assert entry is not None and "harmonic mean" in entry, entry
    mse = next(s for s in library.snippets if s.title == "Mean Squared Error")
    assert mse.symbols[:1] == ("sklearn.metrics.mean_squared_error",), mse.symbols


def test_a_division_label_opening_a_heading_names_no_class(tmp_path: Path) -> None:
    """"Module 1.1: Creating Tensors" is a course's module: the hover on `nn.Module` shows the note that
    explains the class, not every lesson whose heading starts with the word (`asyncio.Task` likewise)."""
    notes = {
        "01_creating_tensors.md": """
            # Module 1.1: Creating Tensors

            Learn different ways to create tensors in PyTorch.

            ```python
            import torch
            x = torch.zeros(2, 3)
            ```
            """,
        "02_nn_module.md": """
            # Module 4.1: Understanding nn.Module

            ## What is nn.Module?

            `nn.Module` is the base class for all neural network components in PyTorch.

            ```python
            import torch.nn as nn
            class Net(nn.Module):
                pass
            ```
            """,
    }
    source = "import torch.nn as nn\n\nprint(isinstance(model, nn.Module))\n"
    _answers(tmp_path, notes, source, "Module", "base class for all neural network")


def test_a_class_s_primer_heading_still_names_it(tmp_path: Path) -> None:
    """"Series 101" is no division's label (none follows the number): its prose is on the class."""
    library = compile_notes(tmp_path, {"structures.md": """
        ```python
        import pandas as pd
        ```

        ## Series 101

        Series are one-dimensional arrays, like R's vectors.
        """})
    [primer] = [s for s in library.snippets if "one-dimensional" in s.doc]
    assert "pandas.Series" in primer.symbols, primer


def test_a_word_after_its_article_is_a_noun_not_the_api_spelt_so(tmp_path: Path) -> None:
    """"The dimensions of a tensor" over code that makes one with `torch.tensor` is on shapes: the word is
    English; the note that explains `torch.tensor` answers. "Using the apply method" still names `apply`, and "to a
    numpy array" the method `numpy()` its code calls (a library's name is no noun)."""
    notes = {
        "attributes.md": """
            # Tensor attributes

            Learn about the key properties of tensors: **shape**, **dtype**, and **device**.

            ## 1. Shape - The dimensions of a tensor

            ```python
            import torch
            x = torch.tensor([[1, 2], [3, 4]])
            print(x.shape)
            ```
            """,
        "creating.md": """
            # Creating tensors

            ## Summary

            - `torch.tensor(data)`: from a Python list or a NumPy array
            - `torch.zeros(shape)`: all zeros
            """,
        "frames.md": """
            # Frames

            ## Using the apply method

            It runs a function on every column.

            ```python
            import pandas as pd
            df = pd.DataFrame({'a': [1, 2]})
            df.apply(sum)
            ```
            """,
    }
    notes["convert.md"] = """
        # Tensors and NumPy

        ## Convert tensor to a numpy array

        Shares memory with the tensor on the CPU.

        ```python
        import torch
        a = torch.ones(5)
        b = a.numpy()
        ```
        """
    _answers(tmp_path, notes, "import torch\n\nt = torch.tensor([1, 2])\n", "tensor(", "from a Python list")
    library = compile_notes(tmp_path, notes)
    [converted] = [s for s in library.snippets if s.kind == "python" and "a.numpy()" in s.code]
    assert converted.about[converted.symbols.index("torch.Tensor.numpy")] == EXPLAINED, converted
    [applied] = [s for s in library.snippets if s.kind == "python" and "df.apply(sum)" in s.code]
    assert applied.about[applied.symbols.index("pandas.DataFrame.apply")] >= EXPLAINED, applied
    _answers(tmp_path, notes, "import pandas as pd\n\ndf = pd.read_csv('a.csv')\ndf.apply(len)\n", "apply", "every column")


def test_a_heading_that_glosses_then_names_after_a_dash_names_only_that(tmp_path: Path) -> None:
    """"一、图像放缩与插值 — cv.resize()" is the name and what it is, as "cv.resize() — 放大直方图" is: the
    chapter on resizing answers before a step of another note that calls it on the way."""
    notes = {
        "day10.md": """
            # Day10

            ## 一、图像放缩与插值 — cv.resize()

            ### 1. 为什么需要图像放缩

            模型要求固定尺寸，必须缩放。

            ### 2. 参数

            fx 是宽度缩放因子，fy 是高度缩放因子。

            ```python
            import cv2 as cv
            dst = cv.resize(src, None, fx=0.5, fy=0.5, interpolation=cv.INTER_LINEAR)
            ```
            """,
        "day13.md": """
            # Day13 直方图

            ## 5. 可视化流程中的关键步骤

            ### 步骤③：cv.resize() — 放大直方图

            原始 hist 太小，放大后清晰可见。

            ```python
            import cv2 as cv
            hist = cv.resize(hist, (400, 400))
            ```
            """,
    }
    source = "import cv2 as cv\n\nimg = cv.imread('a.jpg')\nsmall = cv.resize(img, (224, 224))\n"
    _answers(tmp_path, notes, source, "resize", "必须缩放")


def test_a_heading_spelling_a_class_in_other_capitals_names_the_note_s_library_s(tmp_path: Path) -> None:
    """"## RMSProp" over the note's own optimizer class, in a notebook whose code trains with torch: the
    class as torch spells it, `torch.optim.RMSprop`, though the code never calls it."""
    notes = {"accelerations.md": """
        # Accelerations

        ```python
        import torch
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        ```

        ## RMSProp

        RMSProp scales the gradients by a moving average of their squares, as Hinton described it.

        ```python
        class RMSProp(SGD):
            def opt_step(self, p):
                p.sqr_avg = p.sqr_avg * 0.99 + p.grad ** 2 * 0.01
        ```
        """}
    source = "import torch\n\nopt = torch.optim.RMSprop(model.parameters(), lr=3e-3)\n"
    _answers(tmp_path, notes, source, "RMSprop", "moving average of their squares")


def test_a_recap_explains_nothing_first(tmp_path: Path) -> None:
    """A note's "## 总结" names again what its sections explain ("`dumps()`/`loads()`用于字符串转换"): a
    hover answers with the section that shows it first, even one whose prose does not spell its name."""
    library = compile_notes(tmp_path, {"json.md": """
        # Python JSON处理

        JSON是一种轻量级的数据交换格式，易于人阅读和编写。

        ## 请求

        ```python
        import json
        import requests
        data = requests.get("https://example.org/a.json").json()
        ```

        ## 编码

        把Python对象转换为JSON字符串，加上 ensure_ascii=False 保留中文：

        ```python
        text = json.dumps(data, ensure_ascii=False)
        ```

        ## 总结

        1. **基础操作**：`json.dumps()`/`json.loads()`用于字符串转换，`json.dump()`/`json.load()`用于文件操作
        """})
    entry = first_entry(library, "import json\n\ns = json.dumps({'a': 1})\n", "dumps")
    assert entry is not None and entry.startswith("**编码**") and "保留中文" in entry, entry


def test_a_note_titled_for_another_class_s_namesake_answers_after_the_very_api(tmp_path: Path) -> None:
    """A note titled `Series.groupby(by=None, …)` is the account of a series' groupby: a hover on a frame's
    answers first with the section showing `df.groupby`, and lists the series' note after it."""
    library = compile_notes(tmp_path, {
        "Series.groupby().md": """
            ##### Series.groupby(by=None, axis=0, level=None, as_index=True, sort=True)

            **功能简介:**
            - 用于将 Series 按照指定的分组条件进行分组，并返回一个 GroupBy 对象。

            ```python
            s.groupby(level=0).sum()
            ```
            """,
        "class pd.GroupBy.md": """
            ##### class pd.GroupBy
            - 包括SeriesGroupBy和DataFrameGroupBy

            ##### GroupBy 示例
            ```python
            import pandas as pd

            df = pd.DataFrame({'City': ['A', 'B', 'A'], 'Sales': [100, 150, 200]})
            # 按城市分组
            grouped = df.groupby('City')
            grouped.get_group('A')
            ```
            """})
    source = "import pandas as pd\n\nsales = pd.read_csv('s.csv')\nsales.groupby('region').sum()\n"
    entry = first_entry(library, source, "groupby")
    assert entry is not None and entry.startswith("**GroupBy 示例**") and "按城市分组" in entry, entry


def test_a_heading_naming_a_kind_of_chart_names_the_function_its_block_draws_it_with(tmp_path: Path) -> None:
    """A student's note "条形图" has "水平条形图" over `plt.barh(...)` and "垂直条形图" over `plt.bar(...)`,
    code alone: each heading names its chart's function, and the note titled for the chart answers before
    an overview's block that also happens to draw bars."""
    library = compile_notes(tmp_path, {
        "Matplotlib/index.md": """
            # Matplotlib

            ## 导入数据

            - **通过分组绘图**

            ```py
            group_name = ["A", "B", "C"]  # 组的名称
            plt.figure(1, figsize=(10, 5))
            plt.subplot(131)
            plt.bar(group_name, [1, 20, 30])
            ```
            """,
        "Matplotlib/03_条形图.md": """
            # 条形图

            ### 水平条形图
            ```py
            score = [69, 85, 98]
            plt.barh(range(3), score, color="red")
            plt.yticks(range(3), ["Wilson", "Warren", "Leon"])
            ```

            ### 垂直条形图
            ```py
            en_bar = plt.bar(range(3), height=[69, 85, 72], width=0.3, label="英语成绩")
            plt.legend()
            ```
            """})
    source = "import matplotlib.pyplot as plt\n\nplt.bar(['Jan', 'Feb'], [230, 180], width=0.5)\nplt.barh(['a'], [1])\n"
    bar = first_entry(library, source.rsplit("\n", 2)[0] + "\n", "bar(")
    assert bar is not None and bar.startswith("**垂直条形图**"), bar
    barh = first_entry(library, source, "barh")
    assert barh is not None and barh.startswith("**水平条形图**"), barh


def test_a_chart_s_name_over_a_block_shows_its_function_and_titles_no_notebook(tmp_path: Path) -> None:
    """A lecture notebook opens with "# Scatterplots" among "# Line Plots" and "# Bar Charts", code under each:
    the blocks show `plt.scatter`, and the notebook is no account of it. The learner's note whose words say
    what `plt.scatter` does answers first."""
    library = compile_notes(tmp_path, {
        "notebooks/Week02.ipynb": notebook([
            ("markdown", "# Scatterplots"),
            ("code", "import numpy as np\nimport matplotlib.pyplot as plt\n\nx = np.array([1, 2, 3, 4])\nplt.figure()\n"
                     "plt.scatter(x, x)"),
            ("markdown", "plot a second data series in blue using the last elements of x and y"),
            ("code", "plt.scatter(x[2:], x[2:], c='blue', label='Short students')"),
            ("markdown", "# Line Plots"),
            ("code", "plt.plot(x, x ** 2, '-o')"),
            ("markdown", "# Bar Charts"),
            ("code", "plt.bar(range(4), x)"),
        ]),
        "02-BasicChart.md": """
            # Basic Charting

            ## Scatterplots

            + `plt.scatter` function: Make a scatter plot of `x` vs `y`
                + `s`: size in $points^2$, scalar or array_like
                + `c`: color, sequence, or sequence of color

            ```python
            import matplotlib.pyplot as plt
            plt.scatter([1, 2], [3, 4], s=50)
            ```
            """})
    source = "import matplotlib.pyplot as plt\n\nplt.scatter([170, 180], [65, 80], s=80, alpha=0.6)\n"
    entry = first_entry(library, source, "scatter")
    assert entry is not None and "size in $points^2$" in entry, entry
