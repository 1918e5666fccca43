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
    notes.mkdir()
    (notes / "随手记.md").write_text(NOTE, encoding="utf-8")
    (notes / "画图.ipynb").write_text(json.dumps(NOTEBOOK, ensure_ascii=False), encoding="utf-8")
    session = await start(options={"notes": [str(notes)]})
    await session.wait_ready()
    uri = session.open("user.py", USER)
    expected = {
        "sort": "原地排序",
        "drop_duplicates": "按指定的列去重",
        "view": "shares storage",
        "fit_predict": "每个样本的簇标签",
        "set_xlabel": "设置 x 轴的文字",
    }
    for name, words in expected.items():
        hover = await session.hover(uri, utf16_position(USER, f".{name}", 1))
        assert hover is not None, name
        first = hover.contents.value.split("\n---", 1)[0]
        assert words in first, (name, first)
