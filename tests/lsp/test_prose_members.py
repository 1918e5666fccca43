"""Through a real client: notes that explain members only in prose ("list 的 sort 方法", "DataFrame 的
drop_duplicates 方法", "a tensor's `view` method", an sklearn estimator's method in a heading) hover on
the user's own code, written with other names and aliases, with the note's words first."""

from __future__ import annotations

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

USER = """\
import pandas
import torch as T
from sklearn.cluster import KMeans as KM

rows = [3, 1, 2]
rows.sort(reverse=True)
frame = pandas.read_csv("a.csv")
frame = frame.drop_duplicates(subset=["id"])
flat = T.ones(6).view(2, 3)
labels = KM(n_clusters=3).fit_predict(frame)
"""


@pytest.mark.asyncio
async def test_members_explained_in_prose_hover_first(start, tmp_path: Path) -> None:
    notes = tmp_path / "我的 笔记"
    notes.mkdir()
    (notes / "随手记.md").write_text(NOTE, encoding="utf-8")
    session = await start(options={"notes": [str(notes)]})
    await session.wait_ready()
    uri = session.open("user.py", USER)
    expected = {
        "sort": "原地排序",
        "drop_duplicates": "按指定的列去重",
        "view": "shares storage",
        "fit_predict": "每个样本的簇标签",
    }
    for name, words in expected.items():
        hover = await session.hover(uri, utf16_position(USER, f".{name}", 1))
        assert hover is not None, name
        first = hover.contents.value.split("\n---", 1)[0]
        assert words in first, (name, first)
