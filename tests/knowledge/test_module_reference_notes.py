"""Reference notes on the standard library and the small libraries around a project: a module's
attribute alone in a block under a heading that says what it is, a class's methods as headings under
the class's heading, a signature block whose section's only words lead into its second block, a
progress bar made and then updated, a function the note calls without importing it, a method written
as a call in prose over code that makes its object, notebooks explained in their cells' comments, and
notes kept one per class and named for it."""

from __future__ import annotations

from pathlib import Path

from notesense.analysis import public_api
from notesense.analysis.document import Document
from written import compile_notes, first_entry, notebook


def test_a_modules_attribute_alone_under_a_heading_that_says_what_it_is_is_explained(tmp_path: Path) -> None:
    """`sys.executable` alone in a block is the note's example of it when its heading describes it;
    under a heading that is only a name, a bare dotted value stays a bare name, as before."""
    library = compile_notes(tmp_path, {"interp.md": """\
        # 解释器信息

        ## 当前解释器的可执行文件

        ```python
        sys.executable
        ```

        ## 本机的字节顺序

        ```python
        sys.byteorder
        ```

        ## x

        ```python
        sys.platform
        ```
        """})
    for attribute, words in (("executable", "可执行文件"), ("byteorder", "字节顺序")):
        first = first_entry(library, f"import sys\nprint(sys.{attribute})\n", attribute)
        assert first is not None and words in first, (attribute, first)
    assert first_entry(library, "import sys\nprint(sys.platform)\n", "platform") is None


def test_a_method_heading_under_its_classs_heading_explains_the_classs_method(tmp_path: Path) -> None:
    """`#### setLevel(level)` under `### logging.Logger` is `logging.Logger.setLevel`, although
    `logging.Handler` has a method spelt the same."""
    library = compile_notes(tmp_path, {"log.md": """\
        # 日志

        ### logging.Logger

        用 `logging.getLogger(name)` 取得，不要自己创建。

        #### setLevel(level)

        给记录器设一个门槛，比它低的消息直接丢掉。

        #### getChild(suffix)

        返回名字再加一段后缀的子记录器。
        """})
    user = 'import logging\nlog = logging.getLogger("app")\nlog.{}\n'
    for call, words in (("setLevel(logging.INFO)", "门槛"), ('getChild("db")', "子记录器")):
        first = first_entry(library, user.format(call), call.partition("(")[0])
        assert first is not None and words in first, (call, first)


def test_a_block_whose_section_speaks_only_of_the_next_block_keeps_the_sections_words(tmp_path: Path) -> None:
    """Under `## traceback.print_exc`, a signature block then "是下面这个调用的简写：" over a second
    block: the first block's hover shows the section's words, not the note's introduction; a caption
    ("输出：") is no such words."""
    library = compile_notes(tmp_path, {"tb.md": """\
        # traceback

        这个模块按解释器的格式提取和打印栈回溯。

        ## traceback.print_exc

        ```python
        traceback.print_exc(limit=None, file=None, chain=True)
        ```

        是下面这个调用的简写：

        ```python
        traceback.print_exception(*sys.exc_info(), limit=limit, file=file, chain=chain)
        ```

        ## traceback.format_exc

        ```python
        traceback.format_exc(limit=None, chain=True)
        ```

        输出：

        ```
        Traceback (most recent call last):
        ```
        """})
    first = first_entry(library, "import traceback\ntraceback.print_exc()\n", "print_exc")
    assert first is not None and "简写" in first and "按解释器的格式" not in first, first
    first = first_entry(library, "import traceback\ns = traceback.format_exc()\n", "format_exc")
    assert first is not None and "输出：" not in first, first


def test_a_progress_bar_made_then_updated_is_tqdms() -> None:
    """`tqdm.tqdm` is listed with its members, and calling it (or entering it) gives the bar."""
    assert public_api.is_public("tqdm.tqdm.update") and public_api.is_public("tqdm.trange")
    made = Document("from tqdm import tqdm\nbar = tqdm(total=10)\nbar.update(1)\n")
    assert made.member_symbol("bar", "update", 2) == "tqdm.tqdm.update"
    entered = Document("from tqdm import tqdm\nwith tqdm(total=10) as bar:\n    bar.update(1)\n")
    assert entered.member_symbol("bar", "update", 2) == "tqdm.tqdm.update"


def test_a_function_called_without_its_import_is_the_imported_modules(tmp_path: Path) -> None:
    """`trange(5)` in a block after `from tqdm import tqdm` is `tqdm.trange`; a function the note
    defines itself (`def mean`) is the note's, whatever a module it imports from has."""
    library = compile_notes(tmp_path, {"bars.md": """\
        # 进度条

        ```python
        from tqdm import tqdm
        for i in tqdm(range(5)):
            pass
        ```

        数字范围可以直接用 trange，少写一个 range：

        ```python
        for i in trange(5):
            pass
        ```
        """, "own.md": """\
        # 自己的平均

        ```python
        from numpy import array
        def mean(values):
            return sum(values) / len(values)
        ```

        用自己写的平均：

        ```python
        m = mean(array([1, 2]))
        ```
        """})
    first = first_entry(library, "from tqdm import trange\nfor i in trange(3):\n    pass\n", "trange")
    assert first is not None and "少写一个 range" in first, first
    assert first_entry(library, "import numpy as np\nm = np.mean([1])\n", "mean") is None


def test_a_method_written_as_a_call_in_prose_is_that_of_the_object_the_code_makes(tmp_path: Path) -> None:
    """"`wait()` 会阻塞" over code that makes a `threading.Event` explains `Event.wait` (threading has
    several `wait` methods, and no function so named)."""
    library = compile_notes(tmp_path, {"event.md": """\
        # 用事件同步线程

        一个线程 `set()` 之后，别的线程的 `wait()` 就不再阻塞，直到有人 `clear()`。

        ```python
        import threading
        ready = threading.Event()
        worker = threading.Thread(target=lambda: ready.set())
        worker.start()
        ```
        """})
    first = first_entry(library, "import threading\nev = threading.Event()\nev.wait()\n", "wait")
    assert first is not None and "不再阻塞" in first, first


def test_a_notebooks_badge_is_no_prose(tmp_path: Path) -> None:
    """A notebook that opens with an "Open in Colab" badge: no cell's hover shows the badge's HTML."""
    badge = ('<a href="https://colab.research.google.com/github/someone/notes/blob/main/s.ipynb" target="_parent">'
             '<img src="https://colab.research.google.com/assets/colab-badge.svg" alt="Open In Colab"/></a>')
    library = compile_notes(tmp_path, {"series.ipynb": notebook([
        ("markdown", badge), ("code", "import pandas as pd\ns = pd.Series([3, 1, 2])"), ("code", "s.sort_values()")])})
    first = first_entry(library, "import pandas as pd\nt = pd.Series([1]).sort_values()\n", "sort_values")
    assert first is not None and "colab" not in first.lower(), first


def test_a_cells_comment_naming_its_one_call_is_the_notes_word_on_it(tmp_path: Path) -> None:
    """A cell of one comment over one line explains that line's call when the comment names it; a
    comment that says what the line does with the call ("# 加一列日期") does not."""
    library = compile_notes(tmp_path, {"series.ipynb": notebook([
        ("code", "import pandas as pd\ns = pd.Series([1, 1, None])"),
        ("code", "# nunique -> 缺失值不计入\ns.nunique()"),
        ("code", "frame = pd.DataFrame({'a': [1, 2]})"),
        ("code", "# 加一列日期\nframe['d'] = pd.date_range('2024-01-01', periods=2)"),
    ])})
    said = {symbol: s.doc for s in library.snippets if s.kind == "prose" for symbol in s.symbols}
    assert "缺失值不计入" in said.get("pandas.Series.nunique", ""), said
    assert "pandas.date_range" not in said, said


def test_a_values_properties_read_without_a_call_are_its_api(tmp_path: Path) -> None:
    """`s.hasnans`, `x.grad_fn`, `a.nbytes` shown alone in a cell are those properties."""
    library = compile_notes(tmp_path, {"props.ipynb": notebook([
        ("code", "import pandas as pd\nimport numpy as np\nimport torch\ns = pd.Series([1.0, None])"),
        ("markdown", "有没有缺失值，看 hasnans："),
        ("code", "s.hasnans"),
        ("markdown", "由运算得到的张量记得创建它的函数："),
        ("code", "x = torch.ones(2, requires_grad=True)\ny = x * 2\ny.grad_fn"),
        ("markdown", "数组占用的字节数："),
        ("code", "a = np.zeros(3)\na.nbytes"),
    ])})
    for source, word, words in (
            ("import pandas as pd\nh = pd.Series([1]).hasnans\n", "hasnans", "缺失值"),
            ("import torch\nx = torch.ones(1, requires_grad=True)\nf = (x * 3).grad_fn\n", "grad_fn", "创建它的函数"),
            ("import numpy as np\nn = np.ones(4).nbytes\n", "nbytes", "字节数")):
        first = first_entry(library, source, word)
        assert first is not None and words in first, (word, first)


def test_a_split_strings_parts_are_a_series_or_with_expand_a_frame() -> None:
    """`s.str.split(",")` holds lists (a Series: `.str.get(0)` takes each first part); with
    `expand=True`, and `partition` by default, the parts are a frame's columns."""
    doc = Document('import pandas as pd\ns = pd.Series(["a,b"])\nfirst = s.str.split(",").str.get(0)\n'
                   'wide = s.str.split(",", expand=True)\nparts = s.str.partition(",")\n')
    assert doc.member_symbol('s.str.split(",").str', "get", 2) == "pandas.Series.str.get"
    assert doc.receiver_kind('s.str.split(",", expand=True)', 3) == "pandas.DataFrame"
    assert doc.receiver_kind('s.str.partition(",")', 4) == "pandas.DataFrame"


def test_a_note_titled_by_a_class_is_about_that_class_without_importing_it(tmp_path: Path) -> None:
    """Notes kept one per estimator (`Ridge.md`, `Logistic Regression.md`), whose code implements the
    method by hand and imports nothing: the file name is the class, so the bold name opening the note
    is that class. A title that is a main class's name as a word ("Series") says nothing of a library."""
    library = compile_notes(tmp_path, {
        "Ridge.md": """\
            **Ridge (L2 penalty)** shrinks the weights of a linear model by adding their squared norm to the loss.

            ```python
            w = np.linalg.solve(X.T @ X + alpha * np.eye(X.shape[1]), X.T @ y)
            ```
            """,
        "Logistic Regression.md": """\
            **Logistic Regression** predicts the probability of a binary outcome through the sigmoid of a linear score.

            ```python
            p = 1 / (1 + np.exp(-(X @ w + b)))
            ```
            """})
    for source, word, words in (
            ("from sklearn.linear_model import Ridge\nm = Ridge(alpha=0.5)\n", "Ridge", "squared norm"),
            ("from sklearn.linear_model import LogisticRegression\nm = LogisticRegression()\n", "LogisticRegression",
             "probability of a binary outcome")):
        first = first_entry(library, source, word)
        assert first is not None and words in first, (word, first)
    keras = compile_notes(tmp_path / "keras", {"Transformer.md": """\
        **Transformer** stacks self-attention and feed-forward blocks.

        ```python
        import tensorflow as tf
        block = tf.keras.layers.MultiHeadAttention(num_heads=2, key_dim=4)
        ```
        """})
    assert first_entry(keras, "import torch\nt = torch.nn.Transformer()\n", "Transformer") is None  # TensorFlow's note
    assert public_api.titled_class("Elastic-net") == "sklearn.linear_model.ElasticNet"
    assert public_api.titled_class("KNeighborsClassifier") == "sklearn.neighbors.KNeighborsClassifier"
    assert public_api.titled_class("Series") is None and public_api.titled_class("Bubble sort") is None


def test_a_module_the_prose_names_in_full_is_what_the_codes_bare_name_means(tmp_path: Path) -> None:
    """The prose says "`torchvision.datasets` 提供常用的数据集", the code writes `datasets.FashionMNIST(...)`
    without importing it: the dataset is torchvision's."""
    library = compile_notes(tmp_path, {"data.md": """\
        # 内置数据集

        `torchvision.datasets` 模块提供了常用的图像数据集。

        ## 例子

        衣物图片的十分类数据集，第一次使用时下载：

        ```python
        train = datasets.FashionMNIST(root="data", train=True, download=True)
        ```
        """})
    first = first_entry(library, "from torchvision import datasets\nd = datasets.FashionMNIST('data')\n", "FashionMNIST")
    assert first is not None and "十分类" in first, first


def test_a_method_on_an_unnamed_value_in_plain_python_notes_is_the_one_builtin_types(tmp_path: Path) -> None:
    """`counters.setdefault(key, [])` in a note on plain Python: only `dict` has `setdefault`; `index`,
    which lists, tuples and strings all have, stays unresolved."""
    library = compile_notes(tmp_path, {"dicts.md": """\
        # Missing keys

        - `counters.setdefault(key, [])` returns the value, storing the default first when the key is missing.
        - `items.index(x)` gives the position of the first x.
        """})
    first = first_entry(library, "d = {}\nd.setdefault('a', []).append(1)\n", "setdefault")
    assert first is not None and "storing the default" in first, first
    assert first_entry(library, "xs = [1]\ni = xs.index(1)\n", "index") is None


# a session that slices a generator and fails; `GOES_ON` carries it on the way that works
FAILS = """\
# 切片迭代器

生成器不能直接切片，用 `itertools.islice()`：

```python
>>> gen = (n * n for n in range(10))
>>> gen[2:4]
Traceback (most recent call last):
  File "<stdin>", line 1, in <module>
TypeError: 'generator' object is not subscriptable
"""
GOES_ON = """\
>>> import itertools
>>> list(itertools.islice(gen, 2, 4))
[4, 9]
"""


def test_a_session_that_shows_an_error_and_goes_on_is_an_example_not_a_wrong_one(tmp_path: Path) -> None:
    """`>>> gen[2:4]` raising TypeError, then `>>> itertools.islice(gen, 2, 4)` that works, in one
    session: the hover shows the session's code; a session that ends in its error is still a wrong one."""
    library = compile_notes(tmp_path, {"slices.md": FAILS + GOES_ON + "```\n"})
    first = first_entry(library, "import itertools\nxs = list(itertools.islice(range(9), 2, 4))\n", "islice")
    assert first is not None and "itertools.islice(gen, 2, 4)" in first, first
    ends = compile_notes(tmp_path / "ends", {"slices.md": FAILS + "```\n"})
    assert ends.snippets and all(s.kind == "prose" for s in ends.snippets), [(s.kind, s.symbols) for s in ends.snippets]


def test_a_session_the_note_calls_wrong_stays_wrong_however_it_goes_on(tmp_path: Path) -> None:
    """A session under "错误写法：" is a wrong example even where it goes on after its error: no
    record offers its code."""
    library = compile_notes(tmp_path, {"slices.md": FAILS.replace("用 `itertools.islice()`：", "错误写法：") + GOES_ON + "```\n"})
    assert library.snippets and all(not s.code for s in library.snippets), [(s.kind, s.code) for s in library.snippets]


def test_opencv_written_as_cv_without_its_import_is_cv2(tmp_path: Path) -> None:
    """A course's daily notes on OpenCV write `cv.addWeighted(...)` and never repeat `import cv2 as cv`
    (OpenCV's own tutorials spell it so): the call is `cv2.addWeighted`, in the code and in the heading."""
    library = compile_notes(tmp_path, {"day4.md": """\
        # Day 4

        ## 1. cv.addWeighted() — 图像加权混合

        按权重把两张图叠加，常用来调节亮度与对比度。

        ```python
        dst = cv.addWeighted(image, 1.2, blank, 0.0, 10)
        cv.imshow("result", dst)
        ```
        """})
    source = "import cv2 as cv\n\nimage = cv.imread('a.jpg')\nout = cv.addWeighted(image, 0.5, image, 0.5, 0)\n"
    first = first_entry(library, source, "addWeighted")
    assert first is not None and "按权重把两张图叠加" in first, first
