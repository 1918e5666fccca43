"""Through a real client, notes written the way people write them: members explained only in prose
("list 的 sort 方法", "DataFrame 的 drop_duplicates 方法", "a tensor's `view` method", an sklearn
estimator's method in a heading), and a notebook whose `ax` comes from `plt.subplots()` in an earlier
cell. Each hovers on the user's own code, written with other names and aliases, with the note's words
first."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lsp_helpers import utf16_position

NOTE = """\
---
title: 随手记
tags: [python, pandas, sklearn]
---

[toc]

# 随手记

## 排序

list 的 sort 方法是原地排序，返回值是 None，所以别写 a = a.sort()。

## 去重

DataFrame 的 drop_duplicates 方法按指定的列去重，keep 决定留第一条还是最后一条。

## Tensor tricks

A tensor's `view` method shares storage with the original, so writing into one changes the other.

## KMeans 的 fit_predict 方法

一步完成聚类，直接拿到每个样本的簇标签。
"""

NOTEBOOK = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
    {"cell_type": "markdown", "metadata": {}, "source": ["# 画图\n", "\n", "plt.subplots 一次拿到 figure 和 axes。"]},
    {"cell_type": "code", "metadata": {}, "execution_count": 1, "outputs": [],
     "source": ["import matplotlib.pyplot as plt\n", "fig, ax = plt.subplots(figsize=(6, 4))"]},
    {"cell_type": "markdown", "metadata": {}, "source": ["## 坐标轴标签\n", "\n", "set_xlabel 设置 x 轴的文字，fontsize 控制字号。"]},
    {"cell_type": "code", "metadata": {}, "execution_count": 2, "outputs": [],
     "source": ["ax.set_xlabel('time', fontsize=12)"]},
]}

USER = """\
import pandas
import torch as T
from sklearn.cluster import KMeans as KM
from matplotlib import pyplot

rows = [3, 1, 2]
rows.sort(reverse=True)
frame = pandas.read_csv("a.csv")
frame = frame.drop_duplicates(subset=["id"])
flat = T.ones(6).view(2, 3)
labels = KM(n_clusters=3).fit_predict(frame)
figure, axis = pyplot.subplots()
axis.set_xlabel("epoch")
"""


@pytest.mark.asyncio
async def test_members_explained_in_prose_or_by_earlier_cells_hover_first(start, tmp_path: Path) -> None:
    notes = tmp_path / "我的 笔记"
    await first_entries_hold(start, notes, {"随手记.md": NOTE, "画图.ipynb": json.dumps(NOTEBOOK, ensure_ascii=False)}, USER, {
        "sort": "原地排序",
        "drop_duplicates": "按指定的列去重",
        "view": "shares storage",
        "fit_predict": "每个样本的簇标签",
        "set_xlabel": "设置 x 轴的文字",
    })


async def first_entries_hold(start, notes: Path, files: dict[str, str], source: str, expected: dict[str, str]) -> None:
    """With `files` written under `notes` (relative paths) and `notes` configured, the hover on each
    `.name` in `source` shows its words in its first entry."""
    for name, text in files.items():
        (notes / name).parent.mkdir(parents=True, exist_ok=True)
        (notes / name).write_text(text, encoding="utf-8")
    session = await start(options={"notes": [str(notes)]})
    await session.wait_ready()
    uri = session.open("user.py", source)
    for name, words in expected.items():
        hover = await session.hover(uri, utf16_position(source, f".{name}", 1))
        assert hover is not None, name
        first = hover.contents.value.split("\n---", 1)[0]
        assert words in first, (name, first)


BLOG = """\
# Notes from a week of data wrangling

## Files

`f.readlines()` returns every remaining line, each still ending in its newline.

```python
with open("rows.txt", encoding="utf-8") as f:
    rows = f.readlines()
```

## Paths

```python
from pathlib import Path
out = Path.cwd() / "reports"
```

`out.with_suffix(".csv")` swaps the extension and gives a new path.

## A session

In [1]: import pandas as pd

In [2]: tips = pd.read_csv("tips.csv")

In [3]: tips.nlargest(2, "tip")
Out[3]:
     total_bill   tip
170       50.81  10.0

## Forests

```python
from sklearn.ensemble import RandomForestClassifier
clf = RandomForestClassifier()
clf.fit(X, y)
```

After fitting, `clf.predict_proba(X)` gives one probability column per class, and `clf.apply(X)` the leaves.

## Keras

```python
import keras
head = keras.layers.Dense(1)
```

`keras.layers.Dense` connects every input to every unit.
"""

BLOG_USER = """\
from pathlib import Path
import pandas as pd
import tensorflow as tf
from sklearn.ensemble import RandomForestClassifier

with open("log.txt") as handle:
    lines = handle.readlines()
target = Path("data") / "train.parquet"
csv = target.with_suffix(".csv")
frame = pd.read_csv(csv)
top = frame.nlargest(5, "price")
model = RandomForestClassifier().fit(X, y)
proba = model.predict_proba(X)
layer = tf.keras.layers.Dense(8)
"""


@pytest.mark.asyncio
async def test_files_paths_sessions_estimators_and_keras_from_a_blog_hover_first(start, tmp_path: Path) -> None:
    """A blog-style note: a file object's method, a Path's, an IPython session pasted as text, an
    estimator's method explained mid-paragraph, Keras 3; the user's file spells each its own way
    (another file name, `/` on a Path, a fitted model, `tf.keras`)."""
    await first_entries_hold(start, tmp_path / "blog", {"week.md": BLOG}, BLOG_USER, {
        "readlines": "each still ending in its newline",
        "with_suffix": "swaps the extension",
        "nlargest": "tips.nlargest",
        "predict_proba": "one probability column per class",
        "Dense": "connects every input",
    })


CHEAT_SHEET = """\
# 速查

| 方法 | 说明 |
| --- | --- |
| `torch.logspace()` | 按对数刻度均匀取点 |
| `pd.read_sql()` | 从数据库查询结果建表 |

## 数据库

```python
import sqlite3
conn = sqlite3.connect("a.db")
cur = conn.cursor()
```

`cur.fetchall()` 一次取回剩下的所有行，每行是一个元组。

## 训练循环

```python
import torch
x = torch.zeros(2)
```

`x.to(device)` 把一批数据搬到显卡上，返回新的张量。
"""

CHEAT_USER = """\
import sqlite3
import torch
import pandas as pd
from torch.utils.data import DataLoader

ticks = torch.logspace(0, 2, 5)
table = pd.read_sql("select 1", None)
db = sqlite3.connect("shop.db")
rows = db.cursor().execute("select 1").fetchall()
loader = DataLoader(dataset, batch_size=8)
for step, (inputs, targets) in enumerate(loader):
    inputs = inputs.to("cuda")
"""


VAULT = {
    "第三方库/pandas/pandas.函数.md": "##### Pandas.函数\n- [[pd.cut()]]  分箱\n- [[Series.ewm()]]  指数加权\n",
    "第三方库/pandas/pd.cut().md": (
        "##### `pd.cut(x, bins, right=True, labels=None, retbins=False, precision=3, include_lowest=False)`\n"
        "**功能简介:**\n- 按给定边界把连续数值切成区间，得到每个值所在区间的标签。\n"
    ),
    "第三方库/pandas/Series.ewm().md": (
        "##### `Series.ewm(com=None, span=None, halflife=None, alpha=None, min_periods=0, adjust=True)`\n"
        "- 指数加权窗口：越近的观测权重越大。\n\n"
        "```python\nimport pandas as pd\nsmooth = pd.Series([1.0, 3.0]).ewm(span=2).mean()\n```\n"
    ),
    "标准库/class collections.Counter.md": (
        "##### class collections.Counter\n```python\nCounter.most_common([n])\n# 出现最多的 n 个元素及次数\n"
        "Counter.total()\n# 所有次数之和\n```\n"
    ),
}
VAULT_USER = """\
import pandas as pd
from collections import Counter

ages = pd.Series([3.0, 40.0])
groups = pd.cut(ages, 3)
trend = ages.ewm(span=3)
top = Counter("abca").most_common(1)
"""


@pytest.mark.asyncio
async def test_cheat_sheet_rows_cursors_and_unpacked_batches_hover_first(start, tmp_path: Path) -> None:
    """A cheat sheet's table rows explain the API each starts with; a sqlite3 cursor's and an unpacked
    DataLoader batch's members hover with the notes that explain them."""
    await first_entries_hold(start, tmp_path / "cheat", {"速查.md": CHEAT_SHEET}, CHEAT_USER, {
        "logspace": "按对数刻度均匀取点",
        "read_sql": "从数据库查询结果建表",
        "fetchall": "每行是一个元组",
        "to": "搬到显卡上",
    })


@pytest.mark.asyncio
async def test_a_vault_of_one_api_per_file_notes_in_chinese_folders_hovers_the_explaining_file(start, tmp_path: Path) -> None:
    """Obsidian-style: each API in its own file named and headed by its signature, an index note that
    wiki-links them, an API listing whose entries are explained by the comments under them."""
    await first_entries_hold(start, tmp_path / "笔记" / "Python", VAULT, VAULT_USER, {
        "cut": "每个值所在区间的标签",
        "ewm": "越近的观测权重越大",
        "most_common": "出现最多的 n 个元素及次数",
    })


PLACEHOLDER_SHEET = """\
# Stdlib cheat sheet

## Archives
```python
import zipfile as zf
<Zip>  = zf.ZipFile(<path>, mode='r')    # 打开一个压缩包，mode='w' 会清空重写
<list> = <Zip>.namelist()               # 包里所有成员的文件名，按写入顺序
```

## Database
```python
import sqlite3
<con> = sqlite3.connect(<path>)         # opens the database file, creating it when missing
<con>.commit()                          # makes every pending change permanent on disk
```

## Queues
```python
from collections import deque
<deque> = deque(<coll>, maxlen=<int>)   # a queue with fast appends at both ends
<deque>.rotate(n=1)                     # 把最后 n 个元素挪到最前面
```
"""
BATCH_NOTE = """\
# 训练循环

每个批次是一个列表，第一项是输入张量，用 to 搬到显卡上再算。

```python
import torch
from torch.utils.data import DataLoader

loader = DataLoader(train_set, batch_size=64, shuffle=True)
for batch in loader:
    inputs = batch[0].to("cuda")
```
"""
PLACEHOLDER_USER = """\
import sqlite3
import zipfile
from collections import deque

from torch.utils.data import DataLoader

members = zipfile.ZipFile('data.zip').namelist()
con = sqlite3.connect('app.db')
con.commit()
recent = deque([1, 2, 3])
recent.rotate(1)
for batch in DataLoader(dataset, batch_size=8):
    x = batch[0].to('cuda')
"""


@pytest.mark.asyncio
async def test_a_cheat_sheets_placeholder_lines_explain_the_api_each_calls(start, tmp_path: Path) -> None:
    """`<result> = module.call(<args>)  # comment` lines (not Python: the placeholders) explain their call in
    the comment's words; a method of a placeholder is the method of what an earlier line put in it. A
    lower-case stdlib class (`deque`) and a DataLoader batch's item (`batch[0]`) are typed alike in the
    notes and in the user's file."""
    await first_entries_hold(start, tmp_path / "sheet", {"stdlib.md": PLACEHOLDER_SHEET, "batches.md": BATCH_NOTE},
                             PLACEHOLDER_USER, {
        "namelist": "包里所有成员的文件名",
        "connect": "creating it when missing",
        "commit": "makes every pending change permanent",
        "rotate": "把最后 n 个元素挪到最前面",
        "to": "第一项是输入张量",
    })
