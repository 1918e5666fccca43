"""A vault of one-API-per-file notes (Obsidian style: the file and its heading are the API's signature,
index notes list many APIs as `[[wiki links]]` with a few words each): the file that explains an API
comes first, the index only links to it, and no heading or link costs the compiler more than linear
time. Every note here is written for the test."""

from __future__ import annotations

import signal
from pathlib import Path

from notesense.compile.build import compile_note
from notesense.compile.snippet import clean_prose
from notesense.library.index import Library
from notesense.library.model import NAMED
from notesense.notes.code import clean
from notesense.notes.reader import load_note
from written import compile_notes, first_entry

INDEX = """
    ##### 常用函数
    - [[pd.cut()]]  连续值分箱
    - [[pd.qcut()]]  按分位数分箱
    - [[Series.ewm()]]  指数加权  [[class pd.Window#ewm|返回 EWM 对象]]
    - [[Series.shift()]]  平移
    """
CUT = """
    ##### `pd.cut(x, bins, right=True, labels=None, retbins=False, precision=3, include_lowest=False, duplicates='raise', ordered=True)`
    **功能简介:**
    - 把连续的数值按给定的边界切成区间，每个值落进哪个区间就得到哪个区间标签。

    **用法示例:**
    ```python
    import pandas as pd
    ages = pd.Series([3, 17, 45, 80])
    groups = pd.cut(ages, bins=[0, 18, 60, 100], labels=["少年", "成年", "老年"])
    ```
    """
EWM = """
    ##### `Series.ewm(com=None, span=None, halflife=None, alpha=None, min_periods=0, adjust=True, times=None, method="single")`
    **功能简介:**
    - 建一个指数加权的窗口，越近的值权重越大，常用来平滑曲线。

    ```python
    import pandas as pd
    s = pd.Series([1.0, 2.0, 4.0, 8.0])
    smooth = s.ewm(span=3).mean()
    ```
    """
# a signature whose default is a tuple: the kind of heading that used to send the signature pattern into
# exponential backtracking (seconds for five parameters, hours for ten)
RENAME = """
    ##### `DataFrame.compare(other, align_axis=1, keep_shape=False, keep_equal=False, on_left=None, on_right=None, with_index=True, sort=False, result_names=("self", "other"))`
    - 逐个元素比较两张表，只留下不同的地方。

    ```python
    import pandas as pd
    a = pd.DataFrame({"x": [1, 2]})
    b = pd.DataFrame({"x": [1, 3]})
    print(a.compare(b))
    ```
    """


VAULT = {f"第三方库/pandas/{name}": text for name, text in {
    "pandas.函数.md": INDEX, "pd.cut().md": CUT, "Series.ewm().md": EWM, "DataFrame.compare().md": RENAME}.items()}


def _first_entry(library: Library, source: str, word: str) -> str:
    entry = first_entry(library, source, word)
    assert entry is not None, word
    return entry


class _Slow(Exception):
    pass


def _on_alarm(_signum: int, _frame: object) -> None:
    raise _Slow


def test_the_file_whose_heading_is_the_signature_comes_before_the_index_that_links_it(tmp_path: Path) -> None:
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.alarm(60)  # the old pattern took hours on the compare heading; linear takes milliseconds
    try:
        library = compile_notes(tmp_path, VAULT)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    code = "import pandas as pd\n\nprices = pd.Series([1.0, 2.0])\nbins = pd.cut(prices, 3)\nflat = prices.ewm(span=2).mean()\n"
    cut = _first_entry(library, code, "cut(")
    assert "每个值落进哪个区间" in cut and "pd.cut().md" in cut
    ewm = _first_entry(library, code, "ewm")
    assert "越近的值权重越大" in ewm and "Series.ewm().md" in ewm
    compare = [s for s in library.snippets if s.source.note.endswith("DataFrame.compare().md")]
    assert compare and compare[0].about[0] == NAMED  # the heading is its signature: it names nothing else


def test_wiki_links_read_as_their_text_and_code_stays_as_written() -> None:
    assert clean_prose("- [[Series.ewm()]]  指数加权  [[class pd.Window#ewm|返回 EWM 对象]]") == "- Series.ewm()  指数加权  返回 EWM 对象"
    assert clean_prose("见 [[pd.cut()#示例]]。![[图.png]]") == "见 pd.cut() > 示例。"
    code = 'x = [[1, 2]], np.array([[1, 2]]), `[[a]]`, df[["a"]], a[[i]]'
    assert clean_prose(code) == code


COUNTER = """
    ##### class collections.Counter 计数器
    - 常用方法
    ```python
    Counter.most_common([n])
    # 按次数从多到少列出前 n 个元素和它们的次数

    Counter.subtract([iterable-or-mapping])
    # 逐个减去另一个可迭代对象或映射里的次数

    c = Counter("hello")
    c.most_common(1)
    ```
    """
RESPONSE = """
    ##### class requests.Response
    ```python
    Response.status_code
        # 服务器回的状态码，200 表示成功
    Response.json(**kwargs)
        # 把响应体按 JSON 解析成字典
    ```
    """
ORDINARY = """
    ##### 读表
    ```python
    import pandas as pd
    # 读入数据
    df = pd.read_csv("a.csv")
    df.head()
    # 看看前几行
    df.tail()
    # 再看最后几行
    ```
    """


def test_each_commented_entry_of_an_api_listing_explains_that_api_at_its_own_line(tmp_path: Path) -> None:
    library = compile_notes(tmp_path, {"class collections.Counter.md": COUNTER, "class requests.Response.md": RESPONSE,
                                       "读表.md": ORDINARY})
    counter = "from collections import Counter\n\nwords = Counter('a b a'.split())\ntop = words.most_common(1)\n"
    first = _first_entry(library, counter, "most_common")
    assert "按次数从多到少列出前 n 个元素" in first and "class collections.Counter.md:4" in first
    assert "逐个减去" not in first  # the next entry's words are the next entry's
    response = "import requests\n\nr = requests.get('https://example.com')\nok = r.status_code == 200\n"
    first = _first_entry(library, response, "status_code")
    assert "200 表示成功" in first and "class requests.Response.md:3" in first
    # comments in ordinary code say what the line after them does: no entry is read from them
    assert not [s for s in library.snippets if s.source.note == "读表.md" and s.kind == "prose" and "pandas.DataFrame.head" in s.symbols]


# a note kept as one file per API, no heading: the file name is the API, the prose and signature open it
TOPK = """
    沿指定维度取出最大的 k 个元素，连同它们的下标一起返回。

    ```python
    Tensor.topk(k, dim=None, largest=True, sorted=True) -> (Tensor, LongTensor)
    ```

    ## demo

    ```python
    import torch
    values, idx = torch.arange(6.0).topk(2)
    ```
    """
RANDPERM = """
    ```python
    torch.randperm(n, *, generator=None, out=None, dtype=torch.int64,
                   layout=torch.strided, device=None, requires_grad=False) -> Tensor
    ```

    返回 0 到 n-1 的一个随机排列，常用来打乱样本的下标。

    ## demo

    ```python
    import torch
    order = torch.randperm(10)
    ```
    """


def test_a_note_with_no_heading_is_about_what_its_file_name_and_signature_name(tmp_path: Path) -> None:
    library = compile_notes(tmp_path, {"torch/topk.md": TOPK, "torch/randperm.md": RANDPERM})
    code = "import torch\n\nscores = torch.randn(8)\nbest = scores.topk(3)\nshuffled = torch.randperm(8)\n"
    topk = _first_entry(library, code, "topk")
    assert "最大的 k 个元素" in topk and "topk.md:" in topk  # `Tensor.topk` in a torch note is torch's
    randperm = _first_entry(library, code, "randperm")
    assert "随机排列" in randperm and "randperm.md:" in randperm  # a signature over two lines is one


def test_a_run_of_glued_dotted_names_before_prose_costs_linear_time(tmp_path: Path) -> None:
    """A passage that is a long run of dotted names ending in prose: read as "only names?" one name at a
    time. The one regex that repeated a name over the whole passage tried every split of the run
    (3 s for 12 names, years for 40) before failing on the prose."""
    note = "# 索引\n\n前言一句。\n\nnp.triu " + "ab.cd" * 40 + " 见下文。\n\n```python\nimport numpy as np\nnp.triu(np.ones((3, 3)))\n```\n"
    path = tmp_path / "glued.md"
    path.write_text(note, encoding="utf-8")
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.alarm(30)
    try:
        snippets = compile_note(load_note(path, "glued.md"), clean).snippets
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert any("numpy.triu" in s.symbols for s in snippets)
