"""Notes in styles nobody tuned on, compiled, then hovered from the user's own code: the note that
explains what the cursor is on comes first. Each case is a general way of writing a note or a
program (a file object, a path, an estimator named in prose, an IPython session pasted as text,
Keras under either spelling); each failed on main before its fix."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from notesense.analysis.document import Document
from notesense.compile.build import compile_note
from notesense.features.hover import hover
from notesense.library.index import Library
from notesense.notes.code import clean
from notesense.notes.reader import load_note


def _library(tmp_path: Path, notes: dict[str, str]) -> Library:
    snippets = []
    for name, text in notes.items():
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        snippets += compile_note(load_note(path, name), clean).snippets
    return Library(snippets)


def _hover(library: Library, source: str, line_text: str, word: str) -> str | None:
    """The hover's first note (its title and first prose) on `word` in the line starting `line_text`."""
    source = textwrap.dedent(source).lstrip("\n")
    lines = source.split("\n")
    line = next(i for i, text in enumerate(lines) if text.startswith(line_text))
    found = hover(library, Document(source), line, lines[line].rindex(word) + 1)
    return found.markdown.split("\n---\n")[0] if found else None


KERAS_TF = """
    # Dense layers

    ```python
    from tensorflow import keras
    model = keras.Sequential([keras.layers.Dense(10, activation="relu")])
    ```

    `keras.layers.Dense` is a fully connected layer: every input feeds every unit.
    """
KERAS_3 = """
    # Dropout in Keras 3

    ```python
    import keras
    inputs = keras.Input(shape=(32,))
    x = keras.layers.Dropout(0.5)(inputs)
    ```

    `keras.layers.Dropout` zeroes a random share of its inputs while training.
    """


@pytest.mark.parametrize(
    ("user", "line_text", "word", "phrase"),
    [
        ("import keras\nlayer = keras.layers.Dense(4)\n", "layer", "Dense", "fully connected layer"),
        ("import tensorflow as tf\nlayer = tf.keras.layers.Dense(4)\n", "layer", "Dense", "fully connected layer"),
        ("import tensorflow as tf\ndrop = tf.keras.layers.Dropout(0.1)\n", "drop", "Dropout", "zeroes a random share"),
        ("from tensorflow.keras import layers\ndrop = layers.Dropout(0.1)\n", "drop", "Dropout", "zeroes a random share"),
        ("import tensorflow as tf\ninp = tf.keras.Input(shape=(3,))\n", "inp", "Input", "Dropout in Keras 3"),  # its code
    ],
)
def test_keras_and_tf_keras_notes_and_files_meet(tmp_path: Path, user, line_text, word, phrase) -> None:
    """A note importing `from tensorflow import keras` and one importing Keras 3 (`import keras`) answer
    a file that spells Keras the other way: both are one API, spelt `keras.*`."""
    library = _library(tmp_path, {"tf.md": KERAS_TF, "k3.md": KERAS_3})
    found = _hover(library, user, line_text, word)
    assert found is not None and phrase in found


def test_a_notes_typos_never_become_symbols(tmp_path: Path) -> None:
    """Note code that misspells an API (`pd.read_cvs`, `df.fillnaa`, `np.arrange`, `torch.tensr`), in a
    block or a heading, names nothing; the real names around it still count. Compiled code used to take
    any attribute chain through the imports as API."""
    note = """
        # 清洗数据

        ## pd.read_cvs 读文件

        ```python
        import pandas as pd
        import numpy as np
        raw = pd.read_cvs("a.csv")
        df = pd.read_csv("a.csv")
        df.fillnaa(0)
        idx = np.arrange(10)
        ```

        ## torch.unsqeeze(input, dim)

        ```python
        import torch
        t = torch.tensr([1, 2])
        u = torch.unsqueeze(torch.zeros(2), 0)
        ```
        """
    library = _library(tmp_path, {"typos.md": note})
    symbols = {s for snippet in library.snippets for s in snippet.symbols}
    assert {"pandas.read_csv", "torch.unsqueeze"} <= symbols
    assert not symbols & {"pandas.read_cvs", "pandas.DataFrame.fillnaa", "numpy.arrange", "torch.tensr",
                          "torch.unsqeeze"}, symbols


def test_only_a_near_miss_under_a_complete_listing_is_a_typo() -> None:
    """A name one slip from a listed one is misspelt; a member set at run time, an API removed since the
    note was written, a short name and a library the list does not cover are left alone."""
    from notesense.analysis.public_api import misspelt

    for typo in ("pandas.read_cvs", "numpy.zeross", "torch.Tensor.unsqeeze", "torch.nn.functinal.relu", "json.lods",
                 "sklearn.ensemble.RandomForestClassifier.predict_probaa", "io.TextIOWrapper.raed"):
        assert misspelt(typo), typo
    for name in ("pandas.read_csv", "torch.nn.Linear.weight", "numpy.object", "numpy.float", "numpy.int",
                 "pandas.DataFrame.iteritems", "pandas.DataFrame.ix", "keras.layers.Densse",
                 "torch.utils.tensorboard.SummaryWriter.add_scalar", "pathlib.Path.suffix"):
        assert not misspelt(name), name


FOREST_EN = """
    # Random forests

    ```python
    from sklearn.ensemble import RandomForestClassifier
    clf = RandomForestClassifier(n_estimators=100)
    clf.fit(X_train, y_train)
    ```

    After fitting, `clf.predict_proba(X_test)` returns one column per class, the share of trees voting for
    it, while `clf.predict` gives the majority label. `clf.apply(X)` returns the leaf each tree sends a sample to.
    """
FOREST_ZH = """
    # 梯度提升

    ```python
    from sklearn.ensemble import GradientBoostingRegressor
    gbr = GradientBoostingRegressor(n_estimators=300)
    gbr.fit(X, y)
    ```

    训练完成后，`model.staged_predict(X)` 逐轮给出预测，可以用来挑选最合适的迭代次数。
    """


@pytest.mark.parametrize(
    ("user", "line_text", "word", "phrase"),
    [
        ("from sklearn.ensemble import RandomForestClassifier\nforest = RandomForestClassifier()\n"
         "probs = forest.predict_proba(X)\n", "probs", "predict_proba", "one column per class"),
        ("from sklearn.ensemble import RandomForestClassifier\nforest = RandomForestClassifier()\n"
         "leaves = forest.apply(X)\n", "leaves", "apply", "the leaf each tree sends"),
        ("from sklearn import ensemble\nm = ensemble.GradientBoostingRegressor()\n"
         "for p in m.staged_predict(X):\n    pass\n", "for p", "staged_predict", "逐轮给出预测"),
    ],
)
def test_estimator_methods_explained_in_prose_hover(tmp_path: Path, user, line_text, word, phrase) -> None:
    """A paragraph whose sentences each open with an estimator's method (`clf.predict_proba(X)` returns …,
    `clf.apply(X)` returns …) explains each; a receiver named differently from the code's variable
    (`model.` over code that fits a `gbr`) is the one class the section's code uses that has that method."""
    library = _library(tmp_path, {"forest.md": FOREST_EN, "gbr.md": FOREST_ZH})
    found = _hover(library, user, line_text, word)
    assert found is not None and phrase in found, found


LIBRARIES_ZH = """
    # 常用库

    ## requests 请求

    ```python
    import requests
    resp = requests.get("https://example.com/api", timeout=10)
    data = resp.json()
    ```

    `resp.raise_for_status()` 在状态码是 4xx/5xx 时抛出 HTTPError，省得自己判断。

    ## re 正则

    ```python
    import re
    nums = re.findall(r"\\d+", "a1b22")
    ```

    `re.findall` 返回所有匹配的字符串列表。
    """


def test_http_responses_and_a_heading_that_names_its_library(tmp_path: Path) -> None:
    """`requests.get(...)` (or a Session's `post`) gives a Response, so its `raise_for_status` explained in
    prose hovers on the user's response; a heading naming a library ("re 正则") names the library,
    not a member spelt like it (`re.Match.re`)."""
    library = _library(tmp_path, {"libs.md": LIBRARIES_ZH})
    user = ("import requests\nsession = requests.Session()\nr = session.post('https://x', json={})\n"
            "r.raise_for_status()\n")
    found = _hover(library, user, "r.raise", "raise_for_status")
    assert found is not None and "4xx/5xx" in found
    assert not [s for snippet in library.snippets for s in snippet.symbols if s == "re.Match.re"]


SCRAPING_ZH = """
    # 爬虫笔记

    ## 二进制数据

    ```python
    import requests
    response = requests.get("https://github.com/favicon.ico")
    print(response.content)
    ```

    图片、音频这类文件，抓取时使用 content 属性拿到字节。

    ## find_all

    ```python
    from bs4 import BeautifulSoup
    soup = BeautifulSoup(html, "lxml")
    for link in soup.find_all("a"):
        print(link.get("href"))
    ```

    find_all() 搜索当前标签的全部子孙节点，返回所有符合条件的标签。

    ## 标签的文字

    ```python
    print(soup.title.string)
    ```

    string 属性取出标签里唯一的一段文字。

    ## pyquery 子节点

    ```python
    from pyquery import PyQuery as pq
    doc = pq(html)
    lis = doc(".list").children(".active")
    ```

    只想查找子节点时用 children 方法，传入 CSS 选择器筛选。
    """


@pytest.mark.parametrize(
    ("user", "line_text", "word", "phrase"),
    [
        ("import requests\nr = requests.get(url)\nopen('a.png', 'wb').write(r.content)\n", "open", "content", "content 属性"),
        ("from bs4 import BeautifulSoup\nsoup = BeautifulSoup(text, 'html.parser')\n"
         "box = soup.find('div', class_='box')\nlinks = box.find_all('a')\n", "links", "find_all", "全部子孙节点"),
        ("from bs4 import BeautifulSoup\npage = BeautifulSoup(text, 'lxml')\nfor item in page.select('li'):\n"
         "    print(item.a.string)\n", "    print", "string", "唯一的一段文字"),
        ("from pyquery import PyQuery as pq\ndoc = pq(url='https://x')\nul = doc('ul')\nitems = ul.children()\n",
         "items", "children", "只想查找子节点"),
    ],
)
def test_scraped_pages_and_responses_hover_by_what_they_are(tmp_path: Path, user, line_text, word, phrase) -> None:
    """A Response's attributes read without a call (`r.content`), Beautiful Soup's tags (the soup and every tag a
    search or a tag name finds: their members are `Tag`'s) and a PyQuery selection called with a selector: the
    note's block and the user's file name them alike."""
    library = _library(tmp_path, {"spider.md": SCRAPING_ZH})
    found = _hover(library, user, line_text, word)
    assert found is not None and phrase in found


COLORMAP_ZH = """
    # colormap

    ```python
    import matplotlib.cm as cm
    import matplotlib.colors as mcolors
    ```

    ## LinearSegmentedColormap

    这里介绍其辅助方法 from_list，用锚点的颜色线性插值：

    ```python
    cmap1 = mcolors.LinearSegmentedColormap.from_list("cmap1", colors)
    show_cmap(cmap1)
    ```

    以内置的 `jet` 为例

    ```
    In : cm.jet.colors
    ---------------------------------------------------------------------------
    AttributeError: 'LinearSegmentedColormap' object has no attribute 'colors'

    In : cm.jet.N
    Out: 256
    ```
    """


def test_a_session_after_a_block_is_no_output_of_it(tmp_path: Path) -> None:
    """A fence that opens with a book's bare prompt (`In : cm.jet.colors`) is a session of its own: the
    error it shows is not the block above failing, so that block (`from_list`) stays an example."""
    library = _library(tmp_path, {"cmap.md": COLORMAP_ZH})
    user = "import matplotlib.colors as mcolors\ncmap = mcolors.LinearSegmentedColormap.from_list('a', ['r', 'b'])\n"
    found = _hover(library, user, "cmap", "from_list")
    assert found is not None and "辅助方法" in found


AFTER_ASIDE = """
    # Pseudo-code for training

    # b. Evaluation phase
    Set the model to evaluation mode
    Disable gradient computations (torch.no_grad)
    For each batch in the testing DataLoader:
        Compute loss
    """


def test_a_name_an_aside_gives_for_the_words_before_it_is_explained(tmp_path: Path) -> None:
    """"Disable gradient computations (torch.no_grad)" in English prose with no code marks: the aside
    names the API the words describe, as "进程池（multiprocessing.Pool）" does in Chinese."""
    library = _library(tmp_path, {"steps.md": AFTER_ASIDE})
    user = "import torch\nwith torch.no_grad():\n    pass\n"
    found = _hover(library, user, "with", "no_grad")
    assert found is not None and "Disable gradient computations" in found


def test_prose_about_file_objects_names_the_file_class(tmp_path: Path) -> None:
    """"文件对象的 readlines 方法", "the write method of a file object", and `f.seek(0)` in a note with no
    code: a file's methods, hovered on the user's `open()` result."""
    note = """
        # 文件操作

        ## 按行读

        文件对象的 readlines 方法一次返回所有行组成的列表。

        ## Writing

        The write method of a file object does not add a newline.

        ## 回到开头

        `f.seek(0)` 把读写位置移回文件开头。
        """
    library = _library(tmp_path, {"files.md": note})
    user = 'with open("a.txt", "r+") as handle:\n    rows = handle.readlines()\n    handle.seek(0)\n    handle.write("x")\n'
    for line_text, word, phrase in (("    rows", "readlines", "所有行组成的列表"), ("    handle.seek", "seek", "移回文件开头"),
                                    ("    handle.write", "write", "does not add a newline")):
        found = _hover(library, user, line_text, word)
        assert found is not None and phrase in found, (word, found)


CHEAT_SHEET = """
    # 速查表

    ## 读写数据

    | 函数 | 作用 | 常用参数 |
    | :--- | :--- | :--- |
    | `pd.read_sql()` | 从数据库查询结果建表 | `sql, con` |
    | `df.to_parquet()` | 存成列式文件，体积小 | - |

    ## 张量

    | 方法 | 说明 | 例子 |
    | --- | --- | --- |
    | `torch.logspace()` | 按对数刻度均匀取点 | `torch.logspace(0, 2, 5)` |
    | `torch.full()` | 每个元素都是同一个值 | `torch.full((2, 2), 7.0)` |

    ```python
    import torch
    grid = torch.full((3, 3), 0.5)
    ```
    """


@pytest.mark.parametrize(
    ("user", "line_text", "word", "phrase"),
    [
        ("import pandas as pd\nframe = pd.read_sql('select 1', con)\n", "frame", "read_sql", "从数据库查询结果建表"),
        ("import pandas as pd\ndf = pd.read_csv('a.csv')\ndf.to_parquet('a.pq')\n", "df.to", "to_parquet", "体积小"),
        ("import torch\nticks = torch.logspace(0, 3, 4)\n", "ticks", "logspace", "按对数刻度均匀取点"),
        ("import torch\nmask = torch.full((4, 4), float('-inf'))\n", "mask", "full", "同一个值"),
    ],
)
def test_a_cheat_sheets_table_rows_explain_the_api_each_starts_with(tmp_path: Path, user, line_text, word, phrase) -> None:
    """A Markdown table of `API | what it does | parameters/example` (a cheat sheet, 速查表) reads row by
    row: each row explains the API in its first cell, in the row's words, even when a code block in the
    same section also uses it."""
    library = _library(tmp_path, {"cheat.md": CHEAT_SHEET})
    found = _hover(library, user, line_text, word)
    assert found is not None and phrase in found, found


def test_typos_in_pandas_accessor_members_never_become_symbols(tmp_path: Path) -> None:
    """The `.str`, `.dt` and `.cat` accessors' members are listed in full, so a note's `s.str.contians`
    or `s.dt.hourr` is a typo (no symbol) while `s.str.contains`, `s.dt.total_seconds` and
    `s.cat.codes` stay real API."""
    note = """
        # 字符串与时间列

        ```python
        import pandas as pd
        df = pd.read_csv("a.csv")
        hits = df["name"].str.contians("li")
        ok = df["name"].str.contains("li")
        hours = df["when"].dt.hourr
        spans = df["took"].dt.total_seconds()
        codes = df["kind"].cat.codes
        ```
        """
    library = _library(tmp_path, {"accessors.md": note})
    symbols = {s for snippet in library.snippets for s in snippet.symbols}
    assert {"pandas.Series.str.contains", "pandas.Series.dt.total_seconds", "pandas.Series.cat.codes"} <= symbols
    assert not symbols & {"pandas.Series.str.contians", "pandas.Series.dt.hourr"}, symbols


COURSE = """
    # 模型层

    常用的层（函数形式在 F 里，类形式在 nn 里）：

    * nn.Embedding
    * nn.GRU, nn.LSTM

    # 常用层说明

    * nn.Embedding：把离散的编号映射成可学习的稠密向量。
    * nn.GRU：门控循环单元，参数比 LSTM 少。

    # 构建数据集

    * 使用 torch.utils.data.TensorDataset 把特征张量和标签张量按第一维配成样本。
    * 调用 torch.utils.data.random_split 按给定长度随机切分数据集。
    """


@pytest.mark.parametrize(
    ("user", "line_text", "word", "phrase"),
    [
        ("import torch\nfrom torch import nn\nemb = nn.Embedding(100, 8)\n", "emb", "Embedding", "稠密向量"),
        ("import torch\nfrom torch import nn\nrnn = nn.GRU(8, 16)\n", "rnn", "GRU", "门控循环单元"),
        ("from torch.utils.data import TensorDataset\nds = TensorDataset(x, y)\n", "ds", "TensorDataset", "配成样本"),
        ("import torch\ntrain, val = torch.utils.data.random_split(ds, [8, 2])\n", "train", "random_split", "随机切分"),
    ],
)
def test_the_item_that_explains_comes_before_a_bare_list_of_names(tmp_path: Path, user, line_text, word, phrase) -> None:
    """A list item that only names APIs (`* nn.GRU, nn.LSTM`) mentions them; the item that says what
    one is explains it and comes first, also when it opens with a verb ("使用 X 把…", "调用 X 按…")."""
    library = _library(tmp_path, {"layers.md": COURSE})
    found = _hover(library, user, line_text, word)
    assert found is not None and phrase in found, found


def test_an_accessor_method_written_without_its_series_is_pandas(tmp_path: Path) -> None:
    """Under a pandas heading, `.str.strip()` and `.dt.day_name()` (the Series left out) are the
    accessors' methods, not the builtin `str.strip`."""
    note = """
        # pandas 字符串和日期

        * `.str.strip()`：去掉每个值两端的空白。
        * `.dt.day_name()`：给出星期几的英文名。
        """
    library = _library(tmp_path, {"pandas-str.md": note})
    user = ("import pandas as pd\ndf = pd.read_csv('a.csv')\nnames = df['name'].str.strip()\n"
            "days = df['when'].dt.day_name()\n")
    for line_text, word, phrase in (("names", "strip", "两端的空白"), ("days", "day_name", "星期几")):
        found = _hover(library, user, line_text, word)
        assert found is not None and phrase in found, (word, found)
    assert "str.strip" not in {s for snippet in library.snippets for s in snippet.symbols}
