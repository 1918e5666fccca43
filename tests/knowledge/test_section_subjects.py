"""Which section a hover opens when several in one note (or several notes) name an API: the one whose
sentence is about it — wherever in its paragraph that sentence stands, and the sentence that leads into
a cell — and a short sentence before a cell that says what the cell does stays in that cell's words.
Every note here is written for the test."""

from __future__ import annotations

from pathlib import Path

import pytest

from notesense.analysis import public_api
from notesense.library.model import EXPLAINED, MENTIONED, NAMED, PROSE
from written import compile_notes, first_entry, notebook

NP = "import numpy as np\n\n"


def _notebooks(tmp_path: Path, notebooks: dict[str, list[tuple[str, str]]]):
    return compile_notes(tmp_path, {name: notebook(cells) for name, cells in notebooks.items()})


def test_a_sentence_later_in_a_paragraph_that_opens_with_the_name_explains_it(tmp_path: Path) -> None:
    """The paragraph first lists three routines, then a sentence starts with one of them: that
    paragraph explains it, above a passing comparison elsewhere that names it among two."""
    library = _notebooks(tmp_path, {
        "01-arrays.ipynb": [
            ("code", "import numpy as np"),
            ("markdown", "## Joining arrays\n\nJoining is done with the routines `np.concatenate`, `np.vstack` and"
                         " `np.hstack`.\n`np.concatenate` takes a tuple or list of arrays as its first argument."),
        ],
        "02-frames.ipynb": [
            ("code", "import numpy as np\nimport pandas as pd"),
            ("markdown", "## Duplicate labels\n\nOne difference between `np.concatenate` and `pd.concat` is that"
                         " pandas keeps the labels, even duplicated ones."),
        ],
    })
    entry = first_entry(library, NP + "joined = np.concatenate([a, b])\n", "concatenate")
    assert entry is not None and "takes a tuple or list of arrays" in entry, entry


def test_the_sentence_that_leads_into_a_cell_is_about_the_name_it_opens_with(tmp_path: Path) -> None:
    """"The `unstack()` method …:" right before the cell: the cell explains unstack, as much as a
    later cell whose lead names it among two, and it comes first in the note."""
    library = _notebooks(tmp_path, {
        "stacking.ipynb": [
            ("code", "import pandas as pd"),
            ("markdown", "## Extra dimensions"),
            ("markdown", "We could have kept the same data in a plain frame instead.\n"
                         "The `unstack()` method turns a multiply indexed `Series` into a conventionally indexed"
                         " `DataFrame`:"),
            ("code", "index = pd.MultiIndex.from_tuples([('a', 1), ('a', 2)])\npop = pd.Series([1, 2], index=index)\n"
                     "frame = pop.unstack()"),
            ("markdown", "## Stacking again"),
            ("markdown", "The opposite of `unstack` is `stack`, which gives the series back:"),
            ("code", "pop.unstack().stack()"),
        ],
    })
    user = "import pandas as pd\n\ns = pd.Series([1, 2])\nwide = s.unstack()\n"
    entry = first_entry(library, user, "unstack")
    assert entry is not None and "conventionally indexed" in entry, entry


def test_a_constant_in_code_marks_is_not_one_of_the_names_a_sentence_lists(tmp_path: Path) -> None:
    """"… are `True`, we can use `np.any` or `np.all`:" names two APIs, not three: the cell explains them."""
    library = _notebooks(tmp_path, {
        "masks.ipynb": [
            ("code", "import numpy as np\nx = np.arange(12).reshape(3, 4)"),
            ("markdown", "## Counting entries"),
            ("markdown", "To check quickly whether any or all the values are `True`, we can use `np.any` or `np.all`:"),
            ("code", "np.any(x > 8)"),
            ("markdown", "## Along an axis"),
            ("markdown", "`np.all` and `np.any` can be used along particular axes as well."),
        ],
    })
    entry = first_entry(library, NP + "found = np.any(values > 0)\n", "any")
    assert entry is not None and "whether any or all the values" in entry, entry


def test_a_short_sentence_that_says_what_its_cell_does_stays_in_that_cells_words(tmp_path: Path) -> None:
    """"丢弃所有含缺失值的行：" before a cell is that cell's explanation, however short; a caption such as
    "输出：" says nothing and is still left out."""
    library = _notebooks(tmp_path, {
        "missing.ipynb": [
            ("code", "import pandas as pd\nimport numpy as np\ndf = pd.DataFrame({'a': [1, np.nan]})"),
            ("markdown", "## 缺失数据"),
            ("markdown", "丢弃所有含缺失值的行："),
            ("code", "df.dropna(how='any')"),
            ("markdown", "输出："),
            ("code", "df.fillna(value=5)"),
        ],
    })
    user = "import pandas as pd\n\ndf = pd.read_csv('a.csv')\nclean = df.dropna(how='any')\n"
    entry = first_entry(library, user, "dropna")
    assert entry is not None and "丢弃所有含缺失值的行" in entry, entry
    fill = next(s for s in library.snippets if "pandas.DataFrame.fillna" in s.symbols[:1])
    assert "输出" not in fill.doc


def test_a_heading_of_a_name_and_the_word_statement_is_about_that_name(tmp_path: Path) -> None:
    library = _notebooks(tmp_path, {
        "where.ipynb": [
            ("code", "from numpy import *"),
            ("markdown", "## where语句"),
            ("markdown", "`where` 函数会返回所有非零元素的索引。"),
            ("code", "where(array([0, 12, 5, 20]) > 10)"),
        ],
    })
    record = next(s for s in library.snippets if "numpy.where" in s.symbols)
    assert record.aboutness("numpy.where") == NAMED


def test_a_heading_word_means_the_sections_library_over_a_builtin_its_prose_also_shows(tmp_path: Path) -> None:
    """"sum 和 mean" in a PyTorch notebook whose prose first shows Python's `sum` for comparison names
    `torch.sum`: the section's explanation is about it, not about the builtin."""
    library = _notebooks(tmp_path, {
        "torch-reduce.ipynb": [
            ("markdown", "# PyTorch 归约"),
            ("code", "import torch"),
            ("markdown", "## sum 和 mean"),
            ("markdown", "Python 里这样写：\n\n```python\nsum([1, 2, 3])\n```"),
            ("markdown", "`torch` 中的 `sum` 对张量的所有元素求和："),
            ("code", "x = torch.ones(3)\ntorch.sum(x)"),
        ],
    })
    headed = next(s for s in library.snippets if s.kind == PROSE and "torch.mean" in s.symbols)
    assert headed.aboutness("torch.sum") == NAMED and "sum" not in headed.symbols[:2], (headed.symbols, headed.about)


def test_a_sentence_that_names_a_builtin_its_cell_calls_explains_it(tmp_path: Path) -> None:
    """"使用 `frozenset` 来进行创建：" before `frozenset([...])`: hovering a user's `frozenset` opens it."""
    library = _notebooks(tmp_path, {
        "frozen.ipynb": [
            ("markdown", "# 不可变集合"),
            ("markdown", "集合有一个不能修改的版本。\n\n使用 `frozenset` 来进行创建："),
            ("code", "s = frozenset([1, 2, 3])\ns"),
        ],
    })
    entry = first_entry(library, "pair = frozenset(['a', 'b'])\n", "frozenset")
    assert entry is not None and "不能修改的版本" in entry, entry


def test_plain_words_in_code_marks_name_nothing(tmp_path: Path) -> None:
    """"（`load string`）" glosses `loads`; it is not the name `load`, which another section explains."""
    library = _notebooks(tmp_path, {
        "pickling.ipynb": [
            ("markdown", "# pickle 模块"),
            ("code", "import pickle\ndata = [1, 2]"),
            ("markdown", "## 编码和解码"),
            ("markdown", "可以用 `pickle.loads()` 从这个字符串中恢复原对象（`load string`）："),
            ("code", "text = pickle.dumps(data)\nprint(pickle.loads(text))"),
            ("markdown", "## 存储和读取文件"),
            ("markdown", "读取的函数：\n\n- `pickle.load(file)` 从 `file` 文件中的内容恢复对象"),
            ("code", "with open('data.pkl', 'rb') as f:\n    back = pickle.load(f)"),
        ],
    })
    glossed = [s for s in library.snippets if "load string" in s.doc and "pickle.load" in s.symbols]
    assert not glossed, [(s.symbols, s.doc[:60]) for s in glossed]
    entry = first_entry(library, "import pickle\n\nwith open('a.pkl', 'rb') as f:\n    obj = pickle.load(f)\n", "load(")
    assert entry is not None and "文件中的内容恢复对象" in entry, entry


def test_a_bullet_that_is_only_a_name_in_code_marks_explains_nothing(tmp_path: Path) -> None:
    """"推荐使用\n- `genfromtxt`" lists a name and says nothing of it: no explanation of its own, so a
    section that explains it answers."""
    library = _notebooks(tmp_path, {
        "a-strings.ipynb": [
            ("code", "import numpy as np\na = np.array([1, 2])"),
            ("markdown", "## fromstring 函数"),
            ("code", "b = np.fromstring(a.tobytes(), dtype=int)"),
            ("markdown", "对于文本文件，推荐使用\n- `loadtxt`\n- `genfromtxt`"),
        ],
        "b-structured.ipynb": [
            ("code", "import numpy as np"),
            ("markdown", "## 从文本中读取"),
            ("markdown", "使用 `genfromtxt` 载入数据，可以自动从第一行读入属性名称："),
            ("code", "data = np.genfromtxt('data.txt', names=True)"),
        ],
    })
    assert not [s for s in library.snippets if s.doc.strip() == "`genfromtxt`" and max(s.about) >= EXPLAINED]
    entry = first_entry(library, NP + "table = np.genfromtxt('t.txt', names=True)\n", "genfromtxt")
    assert entry is not None and "自动从第一行读入属性名称" in entry, entry


def test_a_cell_under_a_heading_of_two_apis_is_about_the_one_it_calls(tmp_path: Path) -> None:
    """Under "np.sort and np.argsort", a cell that calls only `argsort` is about argsort alone: it is not
    put after a later cell for sharing its heading with `sort` (`argsort(` is no call of `sort`)."""
    library = _notebooks(tmp_path, {
        "sorting.ipynb": [
            ("code", "import numpy as np"),
            ("markdown", "## Fast sorting: np.sort and np.argsort"),
            ("markdown", "A related function is `argsort`, which instead returns the *indices* of the sorted elements:"),
            ("code", "x = np.array([2, 1, 4, 3])\ni = np.argsort(x)"),
            ("markdown", "## Example: nearest neighbours"),
            ("markdown", "With the distances computed, we can now use `np.argsort` to sort along each row:"),
            ("code", "nearest = np.argsort(dist, axis=1)"),
        ],
    })
    entry = first_entry(library, NP + "order = np.argsort(values)\n", "argsort")
    assert entry is not None and "returns the *indices*" in entry, entry


def test_special_methods_and_folders_in_code_marks_name_no_namesake(tmp_path: Path) -> None:
    """`__init__()` in a code span is the special method, not a bold "init" (`torch.nn.init`, which the
    note imports); `nn.Module.__init__(self)` is about `nn.Module`; `data/` is a folder, not `Tensor.data`
    nor the `data` module the note imports."""
    library = compile_notes(tmp_path, {"layers.md": """\
        # torch 自定义层

        ## 构造函数

        - 定义自己的 `__init__()` 时需要声明参数，或者直接使用 `nn.Module.__init__(self)`
        - `data/`：数据相关操作，包括数据预处理。

        ```python
        import torch.nn as nn
        from torch.nn import init
        from torch.utils import data
        layer = nn.Linear(3, 4)
        init.zeros_(layer.bias)
        ```
        """})
    named = {x for s in library.snippets if s.kind == PROSE for x in s.symbols}
    assert "torch.nn.Module" in named, [(s.symbols, s.doc) for s in library.snippets]
    assert not named & {"torch.nn.init", "torch.utils.data", "torch.Tensor.data"}, named


def test_a_headings_word_is_the_api_its_prose_names(tmp_path: Path) -> None:
    """"抽样--sample函数": `sample` could be a frame's or a series' method; the bullets under it call
    `df.sample(...)`, so the heading names DataFrame.sample and the hover shows the whole section, the
    sentence after its bullets included."""
    library = compile_notes(tmp_path, {"pandas数据处理.md": """\
        # pandas 数据处理

        ```python
        import pandas as pd
        df = pd.read_csv("a.csv")
        ```

        ## 抽样--sample函数

        - `df.sample(n=1)`随机取出n条数据
        - `df.sample(frac)`指定随机取出数据的比例

        它们都是不放回抽样
        """})
    entry = first_entry(library, "import pandas as pd\ndf = pd.read_csv('b.csv')\npart = df.sample(frac=0.3)\n", "sample")
    assert entry is not None and "它们都是不放回抽样" in entry and "指定随机取出数据的比例" in entry, entry


def test_a_call_written_with_its_parameters_in_plain_prose_is_explained_one_with_values_is_an_example(tmp_path: Path) -> None:
    """"当你用 plt.xlim(a, b) 手动限制横轴范围…" explains xlim though nothing marks it as code; "When
    you call, say, torch.rand(2,2), it …" only shows a call in passing."""
    library = compile_notes(tmp_path, {
        "matplotlib笔记.md": """\
            ## 如果x的范围不同会取并集

            当你用 plt.xlim(a, b) 手动限制横轴范围为 [a, b] 时，任何落在此区间之外的数据点都不会被绘制到图上。

            ```python
            import matplotlib.pyplot as plt
            plt.plot([0, 1, 2], [1, 4, 9])
            ```
            """,
        "internals.md": """\
            ## The C++ bridge

            PyTorch exposes its C++ core as torch._C. When you call, say, torch.rand(2,2), it might be bound
            to a C++ function that creates a tensor.

            ```python
            import torch
            ```
            """,
    })
    entry = first_entry(library, "import matplotlib.pyplot as plt\nplt.xlim(0, 2)\n", "xlim")
    assert entry is not None and "都不会被绘制到图上" in entry, entry
    assert not any("torch.rand" in s.symbols[:1] for s in library.snippets), [(s.symbols, s.doc) for s in library.snippets]


def test_an_entry_named_as_a_builtin_is_the_member_of_the_class_it_says(tmp_path: Path) -> None:
    """"map：应用在单独一个Series的每个元素中": `map` is a builtin's name too, and a frame has one since
    pandas 2.1; the entry says whose it is, so it explains `Series.map`."""
    library = compile_notes(tmp_path, {"pandas.md": """\
        # pandas

        ## 数据操作

        apply：应用在DataFrame的行或列中，也可以应用到单独一个Series的每个元素中

        map：应用在单独一个Series的每个元素中

        ```python
        import pandas as pd
        df = pd.read_csv("a.csv")
        df.apply(lambda col: col.max())
        ```
        """})
    entry = first_entry(library, "import pandas as pd\ns = pd.Series([1, 2])\ns2 = s.map(str)\n", "map")
    assert entry is not None and "应用在单独一个Series的每个元素中" in entry, entry
    assert all("map" not in s.symbols for s in library.snippets)  # no builtin `map` from the entry


def test_the_methods_listed_under_a_queue_are_the_queues(tmp_path: Path) -> None:
    """"`Queue`常用的方法有以下四个：" over `task_done()` and `put()` bullets: the API table lists what a
    queue, a lock or a template has, so each bullet explains the queue's method."""
    library = compile_notes(tmp_path, {"线程通信.md": """\
        # 使用 queue 进行线程通信

        `Queue`常用的方法有以下四个：

        - `put()`: 往queue中放一个item
        - `task_done()`: 每次item被处理的时候需要调用这个方法

        ```python
        from queue import Queue
        from threading import Thread
        q = Queue()
        ```
        """})
    entry = first_entry(library, "import queue\nq = queue.Queue()\nq.task_done()\n", "task_done")
    assert entry is not None and "每次item被处理的时候需要调用这个方法" in entry, entry


def test_a_line_numbered_against_its_name_explains_that_name(tmp_path: Path) -> None:
    """"1.torch.cuda.device_count(): 计算当前可见可用gpu数" — a number written against the name, no
    space (no Markdown list, a paragraph of lines): the name after the number is what the line explains."""
    library = compile_notes(tmp_path, {"GPU的使用.md": """\
        # GPU的使用

        #### torch.cuda常用方法

        1.torch.cuda.device_count(): 计算当前可见可用gpu数
        2.torch.cuda.get_device_name(): 获取gpu名称
        """})
    entry = first_entry(library, "import torch\nn = torch.cuda.device_count()\n", "device_count")
    assert entry is not None and "计算当前可见可用gpu数" in entry, entry


def test_a_name_the_prose_compares_with_is_not_what_it_explains(tmp_path: Path) -> None:
    """"与Series的apply方法类似，DataFrame中也有相同名字的方法": the section explains the frame's apply,
    not the series' it is set beside; the series' own note answers a hover on a series' apply before
    the frame's, however the frame's section is titled."""
    library = _notebooks(tmp_path, {
        "2.11_series.ipynb": [
            ("code", "import pandas as pd\nscores = pd.Series({'a': 92, 'b': 67})"),
            ("markdown", "## 二、对元素分别执行相同操作\n\napply方法，接收函数作为参数，然后调用时把Series里各个元素，分别作为那个函数的参数"),
            ("code", "grades = scores.apply(str)"),
        ],
        "2.17_dataframe.ipynb": [
            ("code", "import pandas as pd\ndf = pd.DataFrame({'a': [1, 2]})"),
            ("markdown", "## 二、apply方法\n\n与Series的apply方法类似，DataFrame中也有相同名字的方法。\n\n参数接受一个函数，调用后把DataFrame的每列传入函数"),
            ("code", "df.apply(sum)"),
        ],
    })
    assert not any("pandas.Series.apply" in s.symbols[:1] for s in library.snippets if "2.17" in s.source.note)
    entry = first_entry(library, "import pandas as pd\ns = pd.Series([1, 2])\nhalf = s.apply(lambda x: x / 2)\n", "apply")
    assert entry is not None and "把Series里各个元素" in entry, entry


def test_a_dotted_name_the_prose_compares_with_is_not_what_it_explains(tmp_path: Path) -> None:
    """"和`pd.date_range`一样，`pd.period_range`也有…参数": the section on `period_range` sets it beside
    `date_range` (a dotted name, whose dots end no sentence); a hover on `date_range` shows the section
    that says what it does, though read later."""
    library = compile_notes(tmp_path, {"时间.md": """\
        # 时间和日期

        ## PeriodIndex和period_range

        和`pd.date_range`一样，`pd.period_range`也有`start`和`end`以及`periods`参数，创建对象的时候至少指定其中的2个参数：

        ## 生成时间范围

        `pd.date_range()`可以快速方便的创建出时间索引序列，默认频率是日历日。
        """})
    assert not any("pandas.date_range" in s.symbols[:1] for s in library.snippets if s.title.startswith("PeriodIndex"))
    entry = first_entry(library, "import pandas as pd\nidx = pd.date_range('2020-01-01', periods=3)\n", "date_range")
    assert entry is not None and "默认频率是日历日" in entry, entry


def test_what_a_library_is_said_to_provide_is_the_sentence_s_subject(tmp_path: Path) -> None:
    """"另外，sklearn 提供了 [TfidfVectorizer](…)，集成了 [CountVectorizer](…) 和 [TfidfTransformer](…) 两个类的功能":
    after an example of another class, the sentence explains the one sklearn provides, not the two it
    combines; a note that lists the same classes as quotes says less of it."""
    doc = "https://scikit-learn.org/stable/modules/generated/sklearn.feature_extraction.text"
    library = compile_notes(tmp_path, {
        "a_fetchers.md": "# Dataset Fetchers\n\n## 20newsgroups vectorized\n\n通过\n\n"
                         "> sklearn.feature_extraction.text.CountVectorizer  \n> sklearn.feature_extraction.text.TfidfTransformer  \n"
                         "> sklearn.feature_extraction.text.TfidfVectorizer  \n\n将文本转换为特征向量。\n",
        "b_text.md": "# Text Feature Extraction\n\n## 2. TF-IDF weighting\n\n在 sklearn 中通过类 "
                     f"[sklearn.feature_extraction.text.TfidfTransformer]({doc}.TfidfTransformer.html) 进行 TF-IDF 处理：\n\n"
                     "```python\nfrom sklearn.feature_extraction.text import TfidfTransformer\n\n"
                     "tfidf = TfidfTransformer().fit_transform(counts)\n```\n\n"
                     f"另外，sklearn 提供了 [sklearn.feature_extraction.text.TfidfVectorizer]({doc}.TfidfVectorizer.html)，集成了 "
                     f"[sklearn.feature_extraction.text.CountVectorizer]({doc}.CountVectorizer.html) 和 "
                     f"[sklearn.feature_extraction.text.TfidfTransformer]({doc}.TfidfTransformer.html) 两个类的功能。\n",
    })
    source = "from sklearn.feature_extraction.text import TfidfVectorizer\nvec = TfidfVectorizer()\n"
    entry = first_entry(library, source, "TfidfVectorizer(")
    assert entry is not None and "两个类的功能" in entry, entry


def test_a_passage_that_opens_with_a_keyword_is_about_the_statement(tmp_path: Path) -> None:
    """"`yield`能够临时挂起当前函数…在下一次执行`next()`方法时从当前位置继续执行" is about `yield`; the
    iterator note's "执行`next()`…计算出迭代器中的下一个值" explains `next`, though read later."""
    library = compile_notes(tmp_path, {
        "a_generator.md": "# 生成器\n\n## yield 原理\n\n`yield`能够临时挂起当前函数，记住上下文，将控制权返回给函数调用者，"
                          "并在下一次执行`next()`方法时从当前位置继续执行\n",
        "b_iterator.md": "# 迭代器\n\n## 迭代器对象\n\n执行迭代器对象`next()`方法计算出迭代器中的下一个值\n",
    })
    assert all(s.aboutness("next") <= MENTIONED for s in library.snippets if s.source.note == "a_generator.md")
    entry = first_entry(library, "it = iter([10, 20, 30])\nfirst = next(it)\n", "next(")
    assert entry is not None and "计算出迭代器中的下一个值" in entry, entry


def test_a_section_that_shows_only_pictures_answers_after_one_with_words(tmp_path: Path) -> None:
    """Two sections on `torch.chunk`, the first read holding a screenshot alone: a hover cannot show a
    picture kept beside the note, so the one that says something answers first."""
    block = "```python\nimport torch\nparts = torch.chunk(x, 2)\n```\n"
    library = compile_notes(tmp_path, {
        "a.md": f"# torch\n\n## torch.chunk\n\n![image-2021](a.assets/image-2021.png)\n\n{block}",
        "b.md": f"# torch\n\n## torch.chunk\n\n把张量沿一个维度切成若干块。\n\n{block}",
    })
    entry = first_entry(library, "import torch\nparts = torch.chunk(t, 3)\n", "chunk")
    assert entry is not None and "切成若干块" in entry, entry


def test_a_bare_method_is_the_one_of_the_class_the_notes_title_names(tmp_path: Path) -> None:
    """"zero_grad() : 清空所管理参数的梯度" and "step() : 执行一步更新" in a note titled
    "优化器optimizer的概念", whose code quotes torch's own class (importing nothing) and which later shows
    the method in a screenshot alone: a module and an optimizer both have `zero_grad`, and `step` is a
    one-word verb anything may have; the title's word says whose they are, and a hover on an
    optimizer's `zero_grad` shows that line."""
    library = compile_notes(tmp_path, {"优化器optimizer的概念.md": """\
        pytorch的优化器:管理并更新模型中可学习参数的值

        zero_grad() : 清空所管理参数的梯度

        step() : 执行一步更新

        pytorch特性 : 张量梯度不自动清零

        ```python
        class Optimizer(object):
            def zero_grad(self):
                pass
        ```

        ### zero_grad

        ![image-2020](优化器.assets/image-2020.png)
        """})
    symbols = {s.symbols[0] for s in library.snippets if s.symbols}
    assert {"torch.optim.Optimizer.zero_grad", "torch.optim.Optimizer.step"} <= symbols, symbols
    user = "import torch\nnet = torch.nn.Linear(4, 2)\noptimizer = torch.optim.SGD(net.parameters(), lr=0.1)\noptimizer.zero_grad()\n"
    entry = first_entry(library, user, "zero_grad")
    assert entry is not None and "清空所管理参数的梯度" in entry, entry


def test_a_name_copied_by_a_text_recognizer_is_read_as_the_api(tmp_path: Path) -> None:
    """"### nn.MaxPoo12d" (a heading copied from a slide by OCR: `l` read as `1`) names `nn.MaxPool2d`."""
    library = compile_notes(tmp_path, {"池化层.md": """\
        # 池化层

        ### nn.MaxPoo12d
        功能:对二维信号（图像)进行最大值池化

        ### nn.Linear
        功能:对一维信号（向量）进行线性组合

        ```python
        import torch.nn as nn
        fc = nn.Linear(4, 2)
        ```
        """})
    entry = first_entry(library, "import torch.nn as nn\npool = nn.MaxPool2d(kernel_size=2)\n", "MaxPool2d")
    assert entry is not None and "进行最大值池化" in entry, entry


def test_a_long_name_written_with_an_s_too_many_or_too_few_is_read_as_the_api(tmp_path: Path) -> None:
    """"`cv2.namedWindows(winname, flags)` 创建窗口" and "`cv2.destroyAllWindow()` 删除所有窗口": one letter
    off the names cv2 has; a short name so spelt stays a word ("`cv2.imread`s" is no API of its own)."""
    library = compile_notes(tmp_path, {"图片.md": """\
        # 显示图像

        - `cv2.namedWindows(winname, flags)` 创建一个窗口，flags决定窗口是否可以调整大小
        - `cv2.destroyAllWindow()` 删除所有建立的窗口
        """})
    entry = first_entry(library, "import cv2\ncv2.namedWindow('image', cv2.WINDOW_NORMAL)\n", "namedWindow")
    assert entry is not None and "决定窗口是否可以调整大小" in entry, entry
    entry = first_entry(library, "import cv2\ncv2.destroyAllWindows()\n", "destroyAllWindows")
    assert entry is not None and "删除所有建立的窗口" in entry, entry
    assert public_api.canonical("torch.Tensor.sizes") is None  # a short name: no spelling taken for another


def test_a_function_of_the_module_named_before_it_is_that_modules(tmp_path: Path) -> None:
    """"copy 模块中的 `copy()` 属于浅拷贝" in a note on dicts (which have a `copy` method too), and "通过
    `subprocess`模块的`call`函数": the module the words name before the function."""
    library = compile_notes(tmp_path, {"映射类型(dict).md": """\
        # 映射类型(dict)

        ## 拷贝字典

        浅拷贝时，原映射中的可变对象不会产生新副本。copy 模块中的 `copy()` 属于浅拷贝

        ## 子进程

        我们还可以通过`subprocess`模块的`call`函数执行其他的命令来创建子进程
        """})
    symbols = {s.symbols[0] for s in library.snippets if s.symbols}
    assert {"copy.copy", "subprocess.call"} <= symbols, symbols


def test_the_bullets_of_a_note_titled_by_a_module_are_that_modules(tmp_path: Path) -> None:
    """A note named "Sys Module.md" (its title the file's name, capitalised as a title is) lists
    "- **argv:** This is a list of command-line arguments…": the module's `argv`."""
    library = compile_notes(tmp_path, {"Sys Module.md": """\
        Tags: #python

        Here are some of the most common sys module variables:

        - **argv:** This is a list of command-line arguments passed to the Python interpreter.
        - **path:** This is a list of directories that are searched for modules.
        """})
    entry = first_entry(library, "import sys\nargs = sys.argv[1:]\n", "argv")
    assert entry is not None and "command-line arguments" in entry, entry


def test_a_bullet_that_is_a_name_alone_is_explained_by_the_paragraphs_under_it(tmp_path: Path) -> None:
    """An outline: "- re.compile()" with its paragraphs indented under it. The bullet heads them: a
    hover shows the name and its paragraphs together, the second one too, not the first alone."""
    library = compile_notes(tmp_path, {"RegEx.md": """\
        # Regular expressions

        - methods to match

            The **`re`** module provides several functions for working with regular expressions.

            - re.compile()

                The **`re.compile()`** function in Python's **`re`** module compiles a pattern into an object.

                Compiling a pattern using **`re.compile()`** improves performance by pre-compiling the pattern.
        """})
    entry = first_entry(library, 'import re\nphone = re.compile(r"\\d{3}")\n', "compile")
    assert entry is not None and "compiles a pattern into an object" in entry and "pre-compiling" in entry, entry


def test_an_entry_written_plain_before_a_dash_is_the_sections_librarys(tmp_path: Path) -> None:
    """"- dumps - 将Python对象处理成JSON格式的字符串" under "读写JSON文件": no code marks, the name and
    a dash; the parameters listed under a signature ("- shape - 数组的形状" under `np.zeros(shape, …)`,
    though numpy has a `shape` function) stay parameters."""
    library = compile_notes(tmp_path, {"文件.md": """\
        # 文件操作

        ## 读写JSON文件

        `json`模块主要有四个比较重要的函数，分别是：

        - dump - 将Python对象按照JSON格式序列化到文件中
        - dumps - 将Python对象处理成JSON格式的字符串
        """, "数组.md": """\
        # numpy 数组

        ## np.zeros(shape, dtype=float)

        - shape - 数组的形状
        - dtype - 数据类型
        """})
    entry = first_entry(library, "import json\ns = json.dumps({'a': 1})\n", "dumps")
    assert entry is not None and "处理成JSON格式的字符串" in entry, entry
    assert not any("numpy.shape" in s.symbols for s in library.snippets)


def test_a_paragraph_indented_with_spacers_and_the_builtin_open(tmp_path: Path) -> None:
    """"&nbsp;&nbsp;`open()`函数用于创建或打开指定文件" in a note whose code imports io and never
    calls `open`: the builtin a user's `open(...)` calls (`io.open` is that builtin), shown without the
    spacers that indent the paragraph."""
    library = compile_notes(tmp_path, {"文件.md": """\
        # 文件操作

        ## 读和写文件

        &nbsp;&nbsp;&nbsp;&nbsp;`open()`函数用于创建或打开指定文件，该函数的常用语法格式如下：

        ## 内存中的文件

        ```python
        import io
        buffer = io.StringIO("a")
        ```
        """})
    entry = first_entry(library, "with open('data.txt') as f:\n    text = f.read()\n", "open")
    assert entry is not None and "函数用于创建或打开指定文件" in entry and "&nbsp;" not in entry, entry


def test_a_notebook_table_before_a_cell_is_shown_once_with_its_line_breaks_as_spaces(tmp_path: Path) -> None:
    """A markdown cell that is a table (no outer pipes, `<br>` inside its cells) over code cells: the
    cell's hover shows the table as written, its rows not repeated as sentences, and "regex<br>Returns"
    as two words."""
    library = _notebooks(tmp_path, {"re.ipynb": [
        ("markdown", "## re functions\n\nFunction | Description\n--- | ---\n"
                     "re.findall(regex, str) | Find all occurances of regex<br>Returns list of matches\n"
                     "re.sub(regex, str) | Replace all instances of regex with another<br>Returns string"),
        ("code", "import re\nre.findall(r'yo', 'yo yo')"),
        ("code", "re.sub(r'green', r'yellow', 'green bananas')"),
    ]})
    entry = first_entry(library, "import re\nfound = re.findall(r'a', 'aa')\n", "findall")
    assert entry is not None and "occurances of regex Returns list" in entry, entry
    assert entry.count("Find all occurances") == 1, entry


def test_dist_is_torch_distributed_where_nothing_binds_it(tmp_path: Path) -> None:
    """`rank = dist.get_rank(group=None)` in a note that imports nothing: `dist` is what every torch
    program names `torch.distributed`, as `nn` and `optim` are named."""
    library = compile_notes(tmp_path, {"get_rank.md": """\
        ```python
        rank = dist.get_rank(group=None)
        ```

        它的作用是：获取当前进程在分布式进程组中的唯一标识符（即 Rank）
        """})
    entry = first_entry(library, "import torch.distributed as dist\nrank = dist.get_rank()\n", "get_rank")
    assert entry is not None and "唯一标识符" in entry, entry


def test_a_tables_row_headed_by_a_method_with_its_dot_explains_that_method(tmp_path: Path) -> None:
    """"Series Methods" as a table whose rows start with the method, its receiver left out
    (`.pct_change() | No | Percent change between consecutive elements`): each row explains it."""
    library = _notebooks(tmp_path, {"pandas_method.ipynb": [
        ("code", "import pandas as pd"),
        ("markdown", "## Series Methods\n\nMethod | DF Method as well? | Description\n--- | --- | ---\n"
                     ".diff() | No | Difference between consecutive elements\n"
                     ".pct_change() | No | Percent change between consecutive elements"),
    ]})
    user = "import pandas as pd\nprices = pd.Series([100, 105, 98])\nreturns = prices.pct_change()\n"
    entry = first_entry(library, user, "pct_change")
    assert entry is not None and "Percent change between" in entry, entry


def test_a_heading_naming_a_classs_member_names_the_session_under_it(tmp_path: Path) -> None:
    """"#### PurePath.stem" over a `>>>` session that imports nothing, in a note on pathlib: the
    session shows `stem` (a user's `Path(...).stem`) with the sentence that leads into it."""
    library = compile_notes(tmp_path, {"pathlib.md": """\
        # pathlib

        #### PurePath.stem

        路径最后的部分，不包含后缀：

        ```py
        >>> PurePosixPath('my/library.tar.gz').stem
        'library.tar'
        ```
        """})
    entry = first_entry(library, "from pathlib import Path\np = Path('data/archive.tar.gz')\nprint(p.stem)\n", "stem")
    assert entry is not None and "不包含后缀" in entry, entry


def test_a_heading_naming_what_a_class_does_is_about_that_class(tmp_path: Path) -> None:
    """"### Label Encoding" over code that makes a `LabelEncoder` (and "### One-Hot Encoding" over a
    `OneHotEncoder`): the heading names the technique, the class is what does it."""
    block = "```python\nfrom sklearn.preprocessing import {0}\n\nencoder = {0}()\nX = encoder.fit_transform(df[['size']])\n```"
    library = compile_notes(tmp_path, {"categorical.md": f"""\
# Categorical Feature Engineering

## Basic Encoding Techniques

### Label Encoding

Converts categorical values into numeric labels. Best for ordinal categories.

{block.format("LabelEncoder")}

### One-Hot Encoding

Creates one binary column per category.

{block.format("OneHotEncoder")}
"""})
    for cls in ("LabelEncoder", "OneHotEncoder"):
        records = [s for s in library.snippets if f"sklearn.preprocessing.{cls}" in s.symbols[:1]]
        assert records and records[0].about[0] >= EXPLAINED, (cls, records)


@pytest.mark.parametrize(("user", "expected"), [
    # one line, and a call written one argument per line
    ("import torch.optim as optim\noptimizer = optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)\n", "discourage large weights"),
    ("import torch.optim as optim\noptimizer = optim.Adam(\n    model.parameters(),\n    weight_decay=1e-4,\n)\n", "discourage large weights"),
    # the prose leaves out the keyword's unit: "Early stopping" for `early_stopping_rounds`
    ("import xgboost as xgb\ncv = xgb.cv(params, dtrain, nfold=3, early_stopping_rounds=10)\n", "after every boosting round"),
    ("import torch.optim as optim\noptimizer = optim.Adam(model.parameters(), betas=(0.9, 0.99))\n", None),  # no note speaks of it
    ("import pandas as pd\nfound = df.query('weight_decay=1')\n", None),  # in a string: no argument
])
def test_a_keyword_argument_shows_the_note_on_the_call_that_speaks_of_it(tmp_path: Path, user: str, expected: str | None) -> None:
    """"### Weight Decay" over `optim.Adam(…, weight_decay=1e-5)`: a hover on the keyword shows that
    section, the notes on the call that speak of it (or, after them, whose code passes it)."""
    library = compile_notes(tmp_path, {"training.md": """\
        # Training

        ### Weight Decay

        Weight decay (L2 regularization) adds a penalty to the loss function to discourage large weights:

        ```python
        import torch.optim as optim
        optimizer = optim.Adam(model.parameters(), lr=0.001, weight_decay=1e-5)
        ```

        #### Early stopping

        Early stopping works by testing the XGBoost model after every boosting round against a hold-out dataset.

        ```python
        import xgboost as xgb
        cv_results = xgb.cv(dtrain=housing_dmatrix, params=params, nfold=3, early_stopping_rounds=10)
        ```
        """})
    word = next(w for w in ("weight_decay", "early_stopping_rounds", "betas") if w in user)
    entry = first_entry(library, user, word)
    assert (entry is None) if expected is None else (entry is not None and expected in entry), entry


def test_a_fitted_attribute_is_the_estimators_and_its_heading_the_word_for_it(tmp_path: Path) -> None:
    """`model.inertia_` after `model.fit(X)`: the API table lists the attributes an estimator's
    docstring says `fit` sets, so the block reads it as `KMeans.inertia_`, and "## 2. Inertia
    (Within-Cluster Sum of Squares)" over it names it without its underscore."""
    library = compile_notes(tmp_path, {"evaluation.md": """\
        # K-means evaluation

        ## 2. Inertia (Within-Cluster Sum of Squares)

        Inertia measures how internally coherent clusters are.

        ```python
        from sklearn.cluster import KMeans
        inertias = []
        for k in range(1, 5):
            model = KMeans(n_clusters=k)
            model.fit(X)
            inertias.append(model.inertia_)
        ```
        """})
    block = next(s for s in library.snippets if "sklearn.cluster.KMeans.inertia_" in s.symbols)
    assert block.aboutness("sklearn.cluster.KMeans.inertia_") >= EXPLAINED, block
    user = "from sklearn.cluster import KMeans\nkm = KMeans(n_clusters=4, n_init=10).fit(X)\nprint(km.inertia_)\n"
    entry = first_entry(library, user, "inertia_")
    assert entry is not None and "how internally coherent" in entry, entry


def test_a_submodule_written_by_its_last_name_is_the_one_whose_members_the_note_reads(tmp_path: Path) -> None:
    """`lr_scheduler.StepLR(optimizer, step_size, gamma=0.1)` under "#### 1.StepLR", importing nothing:
    torch's scheduler. `datasets.load_iris()` is scikit-learn's, `datasets.MNIST(...)` torchvision's; a
    note's own variable named so (`transforms = [...]`) stays the note's."""
    library = compile_notes(tmp_path, {"学习率调整.md": """\
        # 学习率调整

        #### 1.StepLR

        功能: 等间隔调整学习率

        ```python
        lr_scheduler.StepLR(optimizer, step_size, gamma=0.1, last_epoch=-1)
        ```

        #### 数据集

        ```python
        iris = datasets.load_iris()
        ```

        ```python
        mnist = datasets.MNIST("data", download=True)
        ```

        ```python
        transforms = ["flip", "crop"]
        transforms.append("blur")
        ```
        """})
    entry = first_entry(library, "import torch.optim as optim\nscheduler = optim.lr_scheduler.StepLR(optimizer, step_size=10)\n", "StepLR")
    assert entry is not None and "等间隔调整学习率" in entry, entry
    symbols = {x for s in library.snippets for x in s.symbols}
    assert {"sklearn.datasets.load_iris", "torchvision.datasets.MNIST"} <= symbols, symbols
    assert not any(x.startswith("torchvision.transforms") for x in symbols), symbols


def test_a_heading_that_is_a_particular_class_name_alone_names_it(tmp_path: Path) -> None:
    """"### BCEWithLogitsLoss" in a lesson note with no code and no library in its headings: the one
    class spelt so (torch's). "#### 1.3 ImageNet的发展" says more than a name: no API."""
    library = compile_notes(tmp_path, {"损失函数.md": """\
        # 损失函数（一

        ### BCEWithLogitsLoss

        功能:结合Sigmoid与二分类交叉熵
        注意事项:网络最后不加sigmoid函数

        #### 1.3 ImageNet的发展

        深度学习从这里爆发
        """})
    entry = first_entry(library, "import torch.nn as nn\nloss_fn = nn.BCEWithLogitsLoss()\n", "BCEWithLogitsLoss")
    assert entry is not None and "结合Sigmoid与二分类交叉熵" in entry, entry
    assert not any("torchvision.datasets.ImageNet" in s.symbols for s in library.snippets)


def test_tensorboardx_and_a_bare_summarywriter_are_torchs_writer(tmp_path: Path) -> None:
    """"`SummaryWriter`：创建编写器，保存日志" in a note on tensorboardX kept under "PyTorch 可视化/",
    that imports nothing, answers a
    user's `from tensorboardX import SummaryWriter` (the package torch's writer was made from, the same
    methods) as it answers `torch.utils.tensorboard`'s."""
    library = compile_notes(tmp_path, {"PyTorch 可视化/tensorboardX/readme.md": """\
        ## tensorboardX 工具

        * tensorboardX 是帮助 PyTorch 使用Tensorboard 进行可视化的一个工具。

        * `SummaryWriter`：创建编写器，保存日志

        ```python
        writer = SummaryWriter()
        writer.add_scalar('tag', value, iteration)
        ```
        """})
    for user in ("from tensorboardX import SummaryWriter\nwriter = SummaryWriter(log_dir='./runs/log')\n",
                 "from torch.utils.tensorboard import SummaryWriter\nwriter = SummaryWriter()\n"):
        entry = first_entry(library, user, "SummaryWriter")
        assert entry is not None and "创建编写器" in entry, (user, entry)


def test_the_rows_of_a_table_written_as_html_explain_their_apis(tmp_path: Path) -> None:
    """A summary pasted as an HTML table (`<tr><td>re.finditer(pattern, string, flags=0)</td><td>…
    返回一个迭代器</td></tr>`): each row explains the API in its first cell, as a Markdown table's would."""
    library = compile_notes(tmp_path, {"re.md": """\
        # re 模块

        小结：
        <table>
        <tr>
        <th>函数</th>
        <th>说明</th>
        </tr>
        <tr>
        <td>re.findall(pattern, string, flags=0)</td>
        <td>查找字符串所有与正则表达式匹配的模式 返回字符串的列表</td>
        </tr>
        <tr>
        <td>re.finditer(pattern, string, flags=0)</td>
        <td>查找字符串所有与正则表达式匹配的模式 返回一个迭代器</td>
        </tr>
        </table>
        """})
    entry = first_entry(library, "import re\nfor m in re.finditer(r'\\d+', 'a1b22'):\n    print(m)\n", "finditer")
    assert entry is not None and "返回一个迭代器" in entry, entry
    record = next(s for s in library.snippets if s.symbols[:1] == ("re.finditer",))  # the row's own record
    assert record.source.line == 14, record.source  # its first cell's line


def test_the_rows_of_a_table_aligned_with_spaces_explain_their_apis(tmp_path: Path) -> None:
    """A book's table of functions copied into a notebook's markdown cell as indented lines ("    solve
    解线性方程组Ax = b，其中A为一个方阵" under "常用的numpy.linalg函数"): each row explains the function it
    names, as a Markdown table's row would; its line is the row's own."""
    table = (
        "## 常用的numpy.linalg函数\n\n"
        "           函数             说明\n\n"
        "           diag             以一维数组的形式返回方阵的对角线元素\n\n"
        "           inv              计算方阵的逆\n\n"
        "           solve            解线性方程组Ax = b，其中A为一个方阵\n\n"
        "           lstsq            计算Ax= b的最小二乘解\n"
    )
    library = compile_notes(tmp_path, {"linalg.ipynb": notebook([("code", "import numpy as np"), ("markdown", table)])})
    entry = first_entry(library, NP + "x = np.linalg.solve(A, b)\n", "solve")
    assert entry is not None and "其中A为一个方阵" in entry, entry
    record = next(s for s in library.snippets if s.symbols[:1] == ("numpy.linalg.solve",))
    assert "计算方阵的逆" not in record.doc, record.doc  # the row alone


def test_lines_of_code_aligned_with_spaces_are_no_table(tmp_path: Path) -> None:
    """Indented lines that line up a name and what follows it with spaces but write code (`x  = np.ones(3)`)
    or print a frame are code and output, never rows that explain anything."""
    library = compile_notes(tmp_path, {"a.md": """\
        # 数组

            x      = np.ones(3)
            y      = np.zeros(3)
            total  = x + y

        说明文字。
        """})
    assert not any(s.is_explanation and "numpy.ones" in s.symbols for s in library.snippets)


def test_prose_and_headings_read_a_written_name_one_way(tmp_path: Path) -> None:
    """One reading of a dotted name for headings and prose: "### string.Formatter" names the class
    (`string` is also an ordinary word, so only with a member the module really has: "### string.join"
    names nothing), and `transforms.Normalize(mean, std)` in prose, importing nothing, is torchvision's
    as it is in code."""
    library = compile_notes(tmp_path, {"笔记/格式化.md": """\
        # 字符串格式化

        ### string.Formatter

        继承这个类可以自定义格式化行为，和内置的格式化共用同一套语法。

        ### string.join

        早已删除的写法。
        """, "笔记/图像预处理.md": """\
        # 图像预处理

        `transforms.Normalize(mean, std)` 用给定的均值和标准差逐通道归一化图像。
        """})
    entry = first_entry(library, "import string\nf = string.Formatter()\n", "Formatter")
    assert entry is not None and "自定义格式化行为" in entry, entry
    assert not any("string.join" in s.symbols for s in library.snippets)
    entry = first_entry(library, "import torchvision.transforms as T\nnorm = T.Normalize((0.5,), (0.5,))\n", "Normalize")
    assert entry is not None and "逐通道归一化" in entry, entry


def test_a_file_named_for_its_api_names_the_section_it_opens_with(tmp_path: Path) -> None:
    """`叶子张量：is_leaf.md` opens under a heading of its own ("## 1️⃣ 叶子张量"): that first section is
    about `is_leaf`, above a comparison table's row on it further down. A file name of English words
    (`object-oriented-programming.md`, `index.md`) names a topic, not `object` or `index`."""
    library = compile_notes(tmp_path, {"张量/叶子张量：is_leaf.md": """\
        ## 1️⃣ 叶子张量

        在 PyTorch 中，叶子张量是用户直接创建的张量，没有 grad_fn。

        ```python
        import torch
        x = torch.randn(3, requires_grad=True)
        print(x.is_leaf)
        print(x.grad_fn)
        ```

        ## 2️⃣ 对比

        | 特性 | 叶子 | 非叶子 |
        |---|---|---|
        | `is_leaf` | True | False |
        | `grad_fn` | None | 有 |
        """, "python/object-oriented-programming.md": """\
        ## Classes

        A class bundles data and behaviour; every class derives from a common base.
        """, "python/index.md": """\
        ## Contents

        Lists, tuples and strings.
        """})
    entry = first_entry(library, "import torch\nw = torch.ones(2, requires_grad=True)\nw.is_leaf\n", "is_leaf")
    assert entry is not None and "用户直接创建的张量" in entry.split("\n*")[0], entry  # before the first provenance
    assert not any(x in s.symbols for s in library.snippets for x in ("object", "list.index", "str.index")), \
        [s.symbols for s in library.snippets]


def test_a_table_of_builtins_and_of_a_types_methods_explains_each_row(tmp_path: Path) -> None:
    """A cheat sheet whose first column only marks the classes (`T | class bool()`, `- | hasattr()`):
    a dashed row is about its next cell. Bare methods in a table under "### Set Methods" are the
    set's."""
    library = compile_notes(tmp_path, {"standard.md": """\
        ## Built In Functions

        Class | Function | Params | Description
        --- | --- | --- | ---
        T | class bool() | object | Returns new boolean converted version of object
        -| hasattr() | (object, name:str) | Returns boolean<br> Checks if name is a property or method of the object.

        ### Set Methods

        Method | Params | Description
        --- | --- | ---
        union() | iterables | Returns a new set of elements present in at least one iterable
        symmetric_difference() | iterables | Returns a new set with elements in either set but NOT both
        """})
    entry = first_entry(library, "class Foo:\n    bar = 1\nif hasattr(Foo, 'bar'):\n    pass\n", "hasattr")
    assert entry is not None and "is a property or method" in entry, entry
    entry = first_entry(library, "a = {1, 2}\nd = a.symmetric_difference({2, 3})\n", "symmetric_difference")
    assert entry is not None and "either set but NOT both" in entry, entry


def test_a_cheat_sheets_struck_out_name_and_pyplots_methods_written_bare(tmp_path: Path) -> None:
    """`~~.values~~<br>.to_numpy()` in a table of a frame's methods: the row is about `to_numpy`, the
    name struck out is the one it replaced. `.scatter()` in a table under "pyplot module of matplotlib
    package" is pyplot's, and `.matplotlib` (a folder's name) is no member of it."""
    library = compile_notes(tmp_path, {"pandas_method.md": """\
        # Pandas

        ```python
        import pandas as pd
        ```

        ## Series Methods

        Method | df? | Description
        --- | --- | ---
        .isna() | Yes | Returns boolean series or dataframe
        ~~.values~~<br>.to_numpy() | Yes | Convert Series of df to numpy array
        """, "matplotlib.md": """\
        ## pyplot module of matplotlib package

        ### Chart Types

        Chart Types | Description
        --- | ---
        .plot() | Line plot
        .scatter() | Scatter plot<br>Visualize relationship between values

        Fonts are listed in the `.matplotlib` folder of your home directory.
        """})
    entry = first_entry(library, "import pandas as pd\ndf = pd.DataFrame({'a': [1]})\narr = df.to_numpy()\n", "to_numpy")
    assert entry is not None and "Convert Series of df to numpy" in entry, entry
    entry = first_entry(library, "import matplotlib.pyplot as plt\nplt.scatter([1], [2])\n", "scatter")
    assert entry is not None and "Visualize relationship" in entry, entry
    assert not any(s.endswith(".matplotlib") for r in library.snippets for s in r.symbols)


def test_a_bare_name_is_the_one_standard_module_the_note_imports_that_has_it(tmp_path: Path) -> None:
    """"- `permutations` 排列（不放回抽样排列）" in a note whose later block does `import itertools`:
    itertools'. A short word in code marks (`name`) is not `os.name`, and a method's name (`replace`,
    `sample()`) is no module's function. A
    `>>>` session that forgot `from sklearn import preprocessing` still makes a LabelEncoder."""
    library = compile_notes(tmp_path, {"python.md": """\
        # Python

        12. 排列组合
        - `product` 笛卡尔积（有放回抽样排列）
        - `permutations` 排列（不放回抽样排列）

        ```python
        import itertools
        import os
        import random
        itertools.product('ABCD', repeat=2)
        ```

        - `name`：浏览器的名称
        - 使用`replace`操作去除前缀
        - `Categorical(logits=...)` 表示一个离散分布，`sample()` 抽出类别下标

        10. LabelEncoder

        LabelEncoder是用来对分类型特征值进行编码。

        ```
        >>> le = preprocessing.LabelEncoder()
        >>> le.fit(["paris", "tokyo"])
        ```
        """})
    entry = first_entry(library, "from itertools import permutations\nfor p in permutations([1, 2, 3], 2):\n    pass\n", "permutations")
    assert entry is not None and "不放回抽样排列" in entry, entry
    symbols = {x for s in library.snippets for x in s.symbols}
    assert "sklearn.preprocessing.LabelEncoder" in symbols and not {"os.name", "os.replace", "random.sample"} & symbols, symbols


def test_an_outline_of_linked_entries_explains_each_with_its_nested_items(tmp_path: Path) -> None:
    """A reference outline: "- [`numpy.eye`](…)" over nested items that say what it does, show its
    signature in a block and list its parameters. The linked name heads its entry (a link alone is
    otherwise a pointer to the docs), and the block's lead is its own entry's items, not the previous
    entry's parameters."""
    library = compile_notes(tmp_path, {"numpy.md": """\
        ### Array Creation Routines

        - From shape or value
            - [`numpy.eye`](https://numpy.org/doc/stable/reference/generated/numpy.eye.html)
                - Return a 2-D array with ones on the diagonal and zeros elsewhere.
                - Parameters:
                    - `N`: `int`. Number of rows in the output.
            - [`numpy.logspace`](https://numpy.org/doc/stable/reference/generated/numpy.logspace.html)
                - Return numbers spaced evenly on a log scale.
                - Signature:
                ```
                numpy.logspace(start, stop, num=50, endpoint=True, base=10.0)
                ```
                - Parameters:
                    - `start`: `array_like`. The starting value of the sequence.
                    - `stop`: `array_like`. The final value of the sequence.
            - [`numpy.meshgrid`](https://numpy.org/doc/stable/reference/generated/numpy.meshgrid.html)
                - Return coordinate matrices from coordinate vectors.
                - Signature:
                ```
                numpy.meshgrid(*xi, copy=True, sparse=False, indexing='xy')
                ```
        """, "weights.md": """        ## Weights

        ```python
        import numpy as np
        w = np.eye(4) * 2
        ```
        """})
    entry = first_entry(library, "import numpy as np\nI = np.eye(3)\n", "eye")
    assert entry is not None and "ones on the diagonal" in entry.split("\n*")[0], entry  # its entry, not the section
    assert "log scale" not in entry.split("\n*")[0], entry
    entry = first_entry(library, "import numpy as np\nxx, yy = np.meshgrid(x, y)\n", "meshgrid")
    assert entry is not None and "coordinate matrices" in entry, entry
    assert "starting value" not in entry[:entry.index("coordinate matrices")], entry  # its own words first


def test_a_written_call_through_a_conventional_name_or_under_a_types_heading(tmp_path: Path) -> None:
    """"`df.col1.str.contains('sub')` if you want strings that contain a substring": a frame's column,
    then its string accessor — never a name `df.col1.str.contains` made up from the words. Under "# Sets",
    `a.issubset(b)` is the set's (a frozenset has it too), in a note whose prose is mostly on pandas."""
    library = compile_notes(tmp_path, {"keywords/notes.md": """\
        Related: [[pandas]], and the [[pandas]] cheat sheet.

        # Quering and filtering

        * `df.col1.str.contains('sub')` if you want strings that contain a substring.

        # Sets

        * Set-level checks: `a.issubset(b)` (whether a is a subset of b).
        """})
    symbols = {x for s in library.snippets for x in s.symbols}
    assert not any(x.startswith("df.") for x in symbols), symbols
    entry = first_entry(library, "import pandas as pd\ndf = pd.DataFrame({'n': ['a']})\nhits = df['n'].str.contains('sub')\n", "contains")
    assert entry is not None and "contain a substring" in entry, entry
    entry = first_entry(library, "a = {1, 2}\nok = a.issubset({1, 2, 3})\n", "issubset")
    assert entry is not None and "whether a is a subset" in entry, entry


def test_a_string_in_code_marks_is_a_value_not_an_api(tmp_path: Path) -> None:
    """"output is a scalar if the `reduction` argument is `"mean"`" (and `'cuda'`, `'cpu'`): the quoted
    words are values a parameter takes, never `torch.mean` or `torch.cuda`."""
    library = compile_notes(tmp_path, {"nn.LossFunctions.md": """\
        - For `nn.NLLLoss()`, output is a scalar if the `reduction` argument is `"mean"`.
        - Move it with `device = torch.device('cuda')` or use `'cpu'`.
        """})
    symbols = {x for s in library.snippets for x in s.symbols}
    assert "torch.nn.NLLLoss" in symbols and not {"torch.mean", "torch.Tensor.cpu"} & symbols, symbols


def test_a_conventional_name_says_whose_method_over_the_classes_the_code_makes(tmp_path: Path) -> None:
    """"opt.zero_grad() clears old gradients" in a note whose code makes layers: the optimizer's, as its
    name says, not the module's the code's classes have."""
    library = compile_notes(tmp_path, {"pytorch_basics.md": """\
        ## Training

        - opt.zero_grad() clears old gradients from the last step.

        ```python
        import torch
        drop = torch.nn.Dropout(0.5)
        drop.eval()
        ```
        """})
    entry = first_entry(library, "import torch\nopt = torch.optim.SGD(params, lr=0.1)\nopt.zero_grad()\n", "zero_grad")
    assert entry is not None and "clears old gradients" in entry, entry


def test_lines_that_each_open_with_a_break_are_passages_of_their_own(tmp_path: Path) -> None:
    """A site's page written in HTML breaks (`<br>&emsp;…<b>np.eye(N,M,k)</b>，…` line after line): one
    paragraph to Markdown, a line of its own to the reader, each explaining the name it holds."""
    library = compile_notes(tmp_path, {"numpy1.md": """\
        ## 创建数组

        <br>&emsp;&emsp;&emsp;全n数组，<b>np.full(size,value)</b>
        <br>&emsp;&emsp;&emsp;空数组，<b>np.empty(size)</b>
        <br>&emsp;&emsp;&emsp;类似单位矩阵的数组，<b>np.eye(N,M,k)</b>，大小为M*N，没有M时为N*N，k表示主对角线偏移量

        ```python
        import numpy as np
        np.full((2, 2), 7)
        ```
        """})
    entry = first_entry(library, "import numpy as np\nI = np.eye(4, 4, -2)\n", "eye")
    assert entry is not None and "k表示主对角线偏移量" in entry.split("\n*")[0] and "空数组" not in entry.split("\n*")[0], entry


def test_two_letters_typed_the_wrong_way_round_in_a_long_name(tmp_path: Path) -> None:
    """"<b>regex=re.complie(pattern,flags=0)</b>将正则表达式的字符串形式编译成正则表达式对象": a typo of
    `re.compile`, the one member it can be. A short word stays a word: `main` in a note on PyTorch is
    no `torch.amin`."""
    library = compile_notes(tmp_path, {"re.md": """\
        ## Re库的基本使用

        <br/><b>regex=re.complie(pattern,flags=0)</b>将正则表达式的字符串形式编译成正则表达式对象。
        """, "visdom.md": """\
        ## PyTorch 可视化

        env：环境，不指定时默认使用`main`。
        """})
    entry = first_entry(library, "import re\npat = re.compile(r'[1-9]\\d{5}')\n", "compile")
    assert entry is not None and "编译成正则表达式对象" in entry, entry
    assert not any("torch.amin" in s.symbols for s in library.snippets)


def test_a_cheat_sheet_row_that_imports_a_name_explains_that_name(tmp_path: Path) -> None:
    """"- `from sklearn.model_selection import train_test_split` - Split data": the row is about the
    function it imports, not its module, and answers before a warning elsewhere that only uses it."""
    library = compile_notes(tmp_path, {"ml.md": """\
        # Machine learning

        **Reference:**

        - `from sklearn.model_selection import train_test_split` - Split data into train and test sets
        - `from sklearn.preprocessing import StandardScaler` - Scale features
        """, "pitfalls.md": """\
        # Pitfalls

        ## Random split on time series

        ```python
        from sklearn.model_selection import train_test_split
        X_train, X_test = train_test_split(X, shuffle=True)  # leaks the future
        ```
        """})
    user = "from sklearn.model_selection import train_test_split\n\na, b = train_test_split(X)\n"
    entry = first_entry(library, user, "train_test_split")
    assert entry is not None and "Split data into train and test sets" in entry, entry


def test_a_heading_word_before_the_word_parameter_names_a_keyword_not_the_api(tmp_path: Path) -> None:
    """"Stack/Unstack with dropna Parameter" is about stack's `dropna=` keyword: a hover on
    `df.dropna()` opens the section on missing data, not that one ("Model Parameters" still names a
    class)."""
    library = compile_notes(tmp_path, {"reshape.md": """\
        # Reshaping

        ## Stack/Unstack with dropna Parameter

        The stack() and unstack() methods have a dropna parameter that controls how missing values are handled.

        ```python
        import pandas as pd
        df = pd.DataFrame({'a': [1, None]})
        long = df.stack(dropna=False)
        wide = long.unstack()
        ```
        """, "cleaning.md": """\
        # Cleaning

        ## Handling missing data

        Missing values are removed or filled before analysis.

        ```python
        import pandas as pd
        df = pd.read_csv('survey.csv')
        df = df.dropna()
        df = df.fillna(0)
        ```
        """})
    entry = first_entry(library, "import pandas as pd\n\ndf = pd.read_csv('a.csv')\ndf.dropna()\n", "dropna")
    assert entry is not None and "removed or filled before analysis" in entry, entry


def test_a_heading_of_a_name_and_words_like_basics_is_about_that_name(tmp_path: Path) -> None:
    """"The Basics of pd.merge()" says nothing but merge: it names it, and opens before a section
    whose heading ("Merging on Index") and prose explain a variant of the same call."""
    library = compile_notes(tmp_path, {"bonus.md": """\
        # Bonus

        ## Merging on Index

        Instead of merging on columns, you can merge using the index of one or both DataFrames.

        - `pd.merge(left, right, left_index=True, right_index=True)` - Merge both indexes

        ```python
        import pandas as pd
        merged = pd.merge(left, right, left_index=True, right_index=True)
        ```
        """, "lecture.md": """\
        # Lecture 6

        ## The Basics of pd.merge()

        The `pd.merge()` function is your workhorse for combining datasets on shared key columns.

        ```python
        import pandas as pd
        merged = pd.merge(customers, purchases)
        ```
        """})
    merge = [s for s in library.snippets if s.source.note == "lecture.md" and "pandas.merge" in s.symbols]
    assert merge and all(s.about[s.symbols.index("pandas.merge")] == NAMED for s in merge), merge
    entry = first_entry(library, "import pandas as pd\n\nm = pd.merge(a, b)\n", "merge")
    assert entry is not None and "your workhorse" in entry, entry


def test_a_tests_self_written_alone_in_a_note_on_unittest_is_the_test_case(tmp_path: Path) -> None:
    """`with self.assertRaises(KeyError):` in a block of its own, after the note's test class: the
    block is about TestCase.assertRaises, and its lead is what a hover on it in a test shows."""
    library = compile_notes(tmp_path, {"单元测试.md": """\
        # 单元测试

        ```python
        import unittest

        class TestDict(unittest.TestCase):
            def test_init(self):
                self.assertEqual(abs(-1), 1)
        ```

        另一种重要的断言就是**期待抛出指定类型的Error**，比如访问不存在的key时：

        ```python
        with self.assertRaises(KeyError):
            value = d['empty']
        ```
        """})
    user = "import unittest\n\n\nclass T(unittest.TestCase):\n    def test_a(self):\n        with self.assertRaises(ValueError):\n            int('x')\n"
    entry = first_entry(library, user, "assertRaises")
    assert entry is not None and "期待抛出指定类型的Error" in entry, entry


def test_a_models_method_in_a_section_on_one_library_is_no_other_frameworks(tmp_path: Path) -> None:
    """A course note on scikit-learn (its name written in words) and then Keras: "`model.fit(X, y)` -
    Train model" under scikit-learn is no Keras model's, though the note imports TensorFlow further on,
    and "`model.compile(...)`" under Keras is no torch Module's."""
    library = compile_notes(tmp_path, {"lecture.md": """\
        # Machine learning

        ## Introduction to `scikit-learn`

        **Reference:**

        - `from sklearn.linear_model import LinearRegression` - Linear regression
        - `model.fit(X, y)` - Train model
        - `model.score(X, y)` - Calculate accuracy

        ## Keras

        - `model.compile(optimizer, loss)` - Configure training

        ```python
        import tensorflow as tf
        from tensorflow import keras
        model = keras.Sequential([keras.layers.Dense(1)])
        model.compile(optimizer='adam', loss='mse')
        ```
        """})
    by_line = {s.source.line: s.symbols for s in library.snippets if s.kind == PROSE}
    rows = {line: symbols for line, symbols in by_line.items() if line in (8, 9)}
    assert not any(symbol.startswith("keras.") for symbols in rows.values() for symbol in symbols), rows
    # the bullet is spelt as the code under it spells the call: that block's record carries it, and says it
    compiled = [s for s in library.snippets if any(x.endswith(".compile") for x in s.symbols)]
    assert [x for s in compiled for x in s.symbols if x.endswith(".compile")] == ["keras.Model.compile"], compiled
    assert "Configure training" in compiled[0].doc


def test_a_chapters_summary_answers_after_the_section_that_explains(tmp_path: Path) -> None:
    """"10. 总结 › DataParallel" names the API alone, but restates in a line what "6. DataParallel：多 GPU
    训练" explains: the section answers first."""
    library = _notebooks(tmp_path, {
        "gpu.ipynb": [
            ("markdown", "# GPU 的使用"),
            ("code", "import torch.nn as nn"),
            ("markdown", "## 6. DataParallel：多 GPU 训练\n\n`nn.DataParallel` 把数据沿 batch 维度拆分到 N 个 GPU，"
                         "是最简单的多 GPU 训练方式。"),
            ("markdown", "## 10. 总结\n\n### DataParallel\n\n- 简单的多 GPU 并行: `model = nn.DataParallel(model)`"),
        ],
    })
    user = "import torch.nn as nn\n\nnet = nn.DataParallel(net)\n"
    entry = first_entry(library, user, "DataParallel")
    assert entry is not None and "最简单的多 GPU 训练方式" in entry, entry


def test_a_module_function_imported_by_its_modules_name_leaves_the_module_to_later_blocks(tmp_path: Path) -> None:
    """`from random import random` in one section, `random.choices(...)` in a later one written as if the
    module were imported: the module's function, never a made-up `random.random.choices`."""
    library = compile_notes(tmp_path, {"random.md": """\
        # Random

        ## Random number

        ```python
        from random import random
        x = random()
        ```

        ## Choices

        Pick several items with replacement.

        ```python
        random.choices(items, k=3)
        ```
        """})
    symbols = {x for s in library.snippets for x in s.symbols}
    assert "random.choices" in symbols and "random.random.choices" not in symbols, symbols


def test_a_plain_word_beside_the_api_a_heading_names_is_no_builtin(tmp_path: Path) -> None:
    """"### Auto enumerate" over `RED = auto()` names enum.auto; "enumerate" is a word there, so a
    hover on the builtin opens the note that explains it."""
    library = compile_notes(tmp_path, {"enum.md": """\
        # Enum

        ### Auto enumerate

        ```python
        from enum import Enum, auto

        class Color(Enum):
            RED = auto()
            BLUE = auto()
        ```

        These will use 1, 2, etc.
        """, "enumerate.md": """\
        # Enumerate

        Iterate over a sequence and get the index and the item together.

        ```python
        for i, item in enumerate(items):
            print(i, item)
        ```
        """})
    assert not any("enumerate" in s.symbols for s in library.snippets if s.source.note == "enum.md")
    entry = first_entry(library, "for i, x in enumerate(xs):\n    pass\n", "enumerate")
    assert entry is not None and "get the index and the item together" in entry, entry


def test_a_signature_linked_to_its_reference_page_is_the_api_the_page_names(tmp_path: Path) -> None:
    """"[random.seed(seed=None)](…/numpy.random.seed.html)" over the sentence that explains it, in a
    numpy note that never imports: numpy's seed, as the link's address says, not the standard module's."""
    library = compile_notes(tmp_path, {"numpy/statistics.md": """\
        # 统计

        ## Random generator

        [random.seed(seed=None)](https://docs.scipy.org/doc/numpy/reference/generated/numpy.random.seed.html#numpy.random.seed)

        设定随机数生成器的种子，基于相同种子所生成的实际上是伪随机序列。
        """})
    symbols = {x for s in library.snippets for x in s.symbols}
    assert "numpy.random.seed" in symbols and "random.seed" not in symbols, symbols
    entry = first_entry(library, "import numpy as np\n\nnp.random.seed(0)\n", "seed")
    assert entry is not None and "伪随机序列" in entry, entry


def test_a_word_the_prose_says_is_called_is_code(tmp_path: Path) -> None:
    """"通过调用 backward 我们可以…": Chinese prose marks no code, but a word it says is called is the API."""
    library = compile_notes(tmp_path, {"autograd.md": """\
        # 自动求导

        ## 对向量求导

        如果结果不是标量，需要往`backward()`中传入一个和结果一样形状的权重。

        ```python
        import torch
        m = torch.ones(2, requires_grad=True)
        n = m * 2
        n.backward(torch.ones_like(n))
        ```

        ## 两次求导

        通过调用 backward 我们可以求一次导数，第二次再调用会报错：计算图用完就释放了。

        ```python
        import torch
        x = torch.ones(1, requires_grad=True)
        y = x * 2
        y.backward(retain_graph=True)
        y.backward()
        ```
        """})
    record = next(s for s in library.snippets if s.kind == "prose" and s.source.heading[-1] == "两次求导")
    assert dict(zip(record.symbols, record.about)).get("torch.Tensor.backward") == 3, record


def test_a_call_written_among_another_calls_arguments_is_passed_to_it_not_explained(tmp_path: Path) -> None:
    """"只存参数就写 `torch.save(model.state_dict(), 'w.pt')`": a span is about its outer call; one written
    among its arguments (or a keyword's value) is mentioned in passing, however the prose reads the dotted
    name again. A builtin that only shows its argument (`print(df.head())`) leaves the span to the inner call."""
    library = compile_notes(tmp_path, {"torch/存取.md": """\
        # 存取模型

        ## 只存参数

        只存参数就写 `torch.save(model.state_dict(), 'w.pt')`，文件小很多。

        ## Memory

        Memory of a model: `torch.cuda.memory_allocated(device=torch.device('cuda'))` in bytes.
        """, "pandas/frames.md": """\
        # Frames

        ## Looking

        Look at the first rows with `print(df.head())` before anything else.
        """})
    saved = next(s for s in library.snippets if "文件小很多" in s.doc)
    assert saved.aboutness("torch.save") >= EXPLAINED and saved.aboutness("torch.nn.Module.state_dict") < EXPLAINED
    memory = next(s for s in library.snippets if "in bytes" in s.doc)
    assert memory.aboutness("torch.cuda.memory_allocated") >= EXPLAINED and memory.aboutness("torch.device") < EXPLAINED
    shown = next(s for s in library.snippets if "first rows" in s.doc)
    assert shown.aboutness("pandas.DataFrame.head") >= EXPLAINED


def test_a_call_written_in_a_sentence_with_its_values_is_code_the_sentence_is_about(tmp_path: Path) -> None:
    """"你可以用 df.info(memory_usage='deep') 查看内存消耗" after a block that makes `df`: the call is code,
    written out with its values, and the sentence explains it, as it would with `df.info()` or code marks."""
    library = compile_notes(tmp_path, {"memory.md": """
        # pandas 内存

        ## 类型优化

        ```python
        import pandas as pd
        df = pd.read_parquet("file.parquet")
        df["id"] = df["id"].astype("int32")
        ```

        你可以用 df.info(memory_usage='deep') 查看内存消耗。

        也可以用 df.to_hdf('frame.h5', 'table') 存成 HDF5，用时 1.72 秒。
        """})
    source = "import pandas as pd\nframe = pd.read_csv('a.csv')\nframe.info()\nframe.to_hdf('b.h5', 'x')\n"
    shown = first_entry(library, source, "info")
    assert shown is not None and "查看内存消耗" in shown and "HDF5" not in shown, shown
    shown = first_entry(library, source, "to_hdf")
    assert shown is not None and "存成 HDF5" in shown, shown


def test_a_conventional_alias_the_note_makes_a_value_is_that_value_in_prose(tmp_path: Path) -> None:
    """"`px.values` 是价格的数组" after `px = pd.read_csv(...)`: the note's frame of prices, never
    plotly.express (which `px` conventionally names)."""
    library = compile_notes(tmp_path, {"收益.md": """
        # 收益

        ```python
        import pandas as pd
        px = pd.read_csv("px.csv")
        ```

        `px.values` 是价格的数组。
        """})
    said = [s.symbols for s in library.snippets if s.is_explanation]
    assert said == [("pandas.DataFrame.values",)], said


def test_a_name_in_prose_is_spelt_as_code_spells_it(tmp_path: Path) -> None:
    """"**tf.keras.preprocessing.sequence.pad_sequences**" in prose is the `keras.…` a user's
    `tf.keras.preprocessing.sequence.pad_sequences(...)` calls: one spelling for prose and code."""
    library = compile_notes(tmp_path, {"masking.md": """
        ## Padding sequence data

        Samples shorter than the longest need to be padded with some placeholder value.

        Keras provides an API to easily truncate and pad sequences to a common length:
        **tf.keras.preprocessing.sequence.pad_sequences**
        """})
    source = "import tensorflow as tf\npadded = tf.keras.preprocessing.sequence.pad_sequences(seqs)\n"
    shown = first_entry(library, source, "pad_sequences")
    assert shown is not None and "pad sequences to a common length" in shown, shown


def test_a_class_named_with_an_acronym_in_chinese_prose_is_code(tmp_path: Path) -> None:
    """"RLock 是可重入锁，自带计数器": a name with an acronym's capitals (`RLock`, as `MLPClassifier`) written in
    Chinese prose is code, though the note's code only uses its sibling `Lock`."""
    library = compile_notes(tmp_path, {"threading.md": """\
        # threading

        ## 资源锁定

        ```python
        import threading
        lock = threading.Lock()
        with lock:
            counter -= 1
        ```

        Lock 与 RLock 的区别，Lock 只能锁一次，再次请求就会挂起，RLock 是可重入锁，自带计数器，在一个线程中可以请求多次。
        """})
    entry = first_entry(library, "import threading\n\nmutex = threading.RLock()\n", "RLock")
    assert entry is not None and "自带计数器" in entry, entry


def test_a_name_in_a_chinese_list_of_examples_is_no_subject(tmp_path: Path) -> None:
    """"适用于…任务，如聚类、KMeans 可视化、信息检索等" names `KMeans` as one example of what GloVe serves: the
    section on GloVe is not about it: the section that uses it to cluster explains it."""
    library = compile_notes(tmp_path, {
        "a-glove.md": """
            # 词向量

            ```python
            from sklearn.cluster import KMeans
            ```

            ## GloVe 的意义

            适用于需要静态词表示的 NLP 任务，如聚类、KMeans 可视化、信息检索等。
            """,
        "b-cluster.md": """
            # 聚类

            ```python
            from sklearn.cluster import KMeans
            ```

            ## 常见模型

            这里用 KMeans 将数据划分为 k 个簇，它适合球形聚类。
            """,
    })
    entry = first_entry(library, "from sklearn.cluster import KMeans\nkm = KMeans(3)\n", "KMeans")
    assert entry is not None and entry.startswith("**常见模型**"), entry


def test_a_bare_method_under_a_heading_naming_an_unlisted_class_is_that_classs(tmp_path: Path) -> None:
    """"**3. add_histogram()**" over what it does, under "#### 0 SummaryWriter" in a note whose code makes a
    writer but never calls that method: the writer's method (a class the API table does not list, whose
    members the note is the only word on); a listed class's method it lacks stays unnamed."""
    library = compile_notes(tmp_path, {"tensorboard.md": """\
        # TensorBoard使用

        ```python
        from torch.utils.tensorboard import SummaryWriter
        writer = SummaryWriter(comment='test')
        writer.add_scalar('y=2x', 2, 1)
        ```

        #### 0 SummaryWriter

        **3. add_histogram()**

        功能:统计直方图与多分位数折线图
        values: 要统计的参数

        #### 1 DataFrame

        **frobnicate()**

        功能:并不存在的方法
        """})
    user = "from torch.utils.tensorboard import SummaryWriter\nw = SummaryWriter()\nw.add_histogram('w', p, 1)\n"
    entry = first_entry(library, user, "add_histogram")
    assert entry is not None and "统计直方图与多分位数折线图" in entry, entry
    assert not [s for r in library.snippets for s in r.symbols if "frobnicate" in s]


def test_a_heading_of_chinese_words_then_class_names_is_about_those_classes(tmp_path: Path) -> None:
    """"# 旋转 RandomRotation" and "# 翻转 RandomHorizontalFlip与RandomVerticalFlip" in notes on transforms with
    no code: the words say what the classes do, the classes are what the sections are about; "# ImageNet的发展"
    (words after the name) is about something else."""
    library = compile_notes(tmp_path, {"transforms.md": """\
        # transforms常用的图像预处理方法

        # 旋转 RandomRotation
        功能：随机旋转图片

        # 翻转 RandomHorizontalFlip与RandomVerticalFlip
        功能：依概率水平或者垂直翻转图片

        # ImageNet的发展
        功能：一个数据集的历史
        """})
    user = "import torchvision.transforms as T\naug = T.Compose([T.RandomRotation(30), T.RandomVerticalFlip(p=0.5)])\n"
    for name, said in (("RandomRotation", "随机旋转图片"), ("RandomVerticalFlip", "垂直翻转图片")):
        entry = first_entry(library, user, name)
        assert entry is not None and said in entry, (name, entry)
    assert not library.for_symbol("torchvision.datasets.ImageNet")
