"""Where a note says something of an API without a section on it: a bold sentence that defines it under a
question, a method written with its dot in plain prose, a closing remark that offers another function
instead, a heading in plain English words, and a note on the theory with no code at all. Every note here
is written for the test."""

from __future__ import annotations

from pathlib import Path

from notesense.library.model import CALLED
from notesense.notes.markdown import parse_sections
from written import compile_notes, first_entry

SCHEDULER = "import torch\nfrom torch.optim.lr_scheduler import StepLR\n\nopt = torch.optim.SGD([], lr=0.1)\nsched = StepLR(opt, 30)\n"


def test_a_bold_sentence_that_defines_the_api_stays_in_the_section_that_asks_what_it_is(tmp_path: Path) -> None:
    """"**StepLR 是一种分段衰减的调度策略**" under "## StepLR 是什么？" is the answer, in bold: no heading of a
    part of its own, so the section keeps its words and the hover on StepLR shows them."""
    text = ("# StepLR\n\n```python\nimport torch\nStepLR(optimizer, step_size=30)\n```\n\n## StepLR 是什么？\n\n"
            "**StepLR 是一种分段衰减的调度策略**\n\n简单说：\n\n**每隔若干轮，就把学习率乘以 gamma**\n\n"
            "## 直觉\n\n先大步走，再小步调。StepLR 最简单。\n")
    sections = parse_sections(text)
    assert [s.heading[-1] for s in sections] == ["StepLR", "StepLR 是什么？", "直觉"], [s.heading for s in sections]
    assert "**StepLR 是一种分段衰减的调度策略**" in sections[1].prose
    # a bold title of a few words, and a question, still open a part
    titled = parse_sections("## 用法\n\n**模型保存**\n\n```python\ntorch.save(m, 'a.pt')\n```\n\n**What is a Tensor**\n\nwords\n")
    assert [s.heading[-1] for s in titled] == ["模型保存", "What is a Tensor"], [s.heading for s in titled]
    entry = first_entry(compile_notes(tmp_path, {"StepLR.md": text}), SCHEDULER, "StepLR(opt")
    assert entry is not None and "就把学习率乘以 gamma" in entry, entry


def test_a_method_written_with_its_dot_in_plain_prose_is_that_method(tmp_path: Path) -> None:
    """"除非调用 .retain_grad()" writes the method as a code span would (`.retain_grad()`), unmarked: the
    note's words on it answer a hover on it. A dot after a word ("file.txt()") is no such method."""
    library = compile_notes(tmp_path, {"leaf.md": """
        # 叶子张量

        ```python
        import torch
        x = torch.ones(2, requires_grad=True)
        y = x * 2
        ```

        - 非叶子张量在反向传播后默认不保存梯度，除非调用 .retain_grad()；
        - 它们是计算图里的中间节点
        """})
    entry = first_entry(library, "import torch\n\nx = torch.ones(2, requires_grad=True)\ny = x * 2\ny.retain_grad()\n", "retain_grad")
    assert entry is not None and "默认不保存梯度" in entry, entry


def test_a_remark_that_offers_another_function_instead_is_where_the_note_speaks_of_it(tmp_path: Path) -> None:
    """A section on `re.match` closes with "to match the entire string, use `re.fullmatch()` instead": the
    only place the note speaks of fullmatch, so its hover shows that section, as mentioned in passing
    (the section stays about re.match)."""
    library = compile_notes(tmp_path, {"regex.md": """
        ## `re.match()`

        It tries the pattern at the start of the string only.

        ```python
        import re
        re.match(r"\\d+", "42 apples")
        ```

        **Note** _to match the entire string against the pattern, use `re.fullmatch()` instead._
        """})
    entry = first_entry(library, 'import re\n\nok = re.fullmatch(r"\\d+", "42")\n', "fullmatch")
    assert entry is not None and "entire string" in entry, entry
    record = next(s for s in library.snippets if "re.fullmatch" in s.symbols)
    assert record.symbols[0] == "re.match" and dict(zip(record.symbols, record.about))["re.fullmatch"] == 0, record


def test_a_heading_in_plain_english_words_names_no_api_spelt_like_one_of_them(tmp_path: Path) -> None:
    """"# Backpropagate all things" is a phrase: its `all` is no `torch.all`, and what its bold sentence
    says of `backward` is what the section explains."""
    library = compile_notes(tmp_path, {"autograd.md": """
        # Backpropagate all things

        **Calling `backward` adds the new gradients to the ones already in the leaves.**

        ```python
        import torch
        w = torch.ones(2, requires_grad=True)
        (w * 3).sum().backward()
        ```
        """})
    assert not [s.symbols for s in library.snippets if {"all", "torch.all"} & set(s.symbols)]
    entry = first_entry(library, "import torch\n\nw = torch.ones(2, requires_grad=True)\nw.sum().backward()\n", "backward")
    assert entry is not None and "adds the new gradients" in entry, entry


def test_a_note_on_the_theory_with_no_code_answers_for_the_class_its_heading_spells(tmp_path: Path) -> None:
    """A lecture note has "## Dropout" and no code nor library: a reader of it writes `nn.Dropout`, and the
    hover shows the note, as much as code calling it would (so does a heading's short name, "(t-SNE)"); a note whose torch code explains nn.Dropout
    comes first. A heading in a note on some library is read as before."""
    theory = {"lectures/tips.md": """
        # Tips for training

        ## Dropout

        While training, every neuron is switched off with probability p; at test time none is.

        ## T-distributed Stochastic Neighbor Embedding (t-SNE)

        Keeps close points close in two dimensions, good for looking at clusters.
        """}
    code = "import torch.nn as nn\n\nlayer = nn.Dropout(0.5)\n"
    library = compile_notes(tmp_path / "a", theory)
    entry = first_entry(library, code, "Dropout(")
    assert entry is not None and "switched off with probability" in entry, entry
    record = next(s for s in library.snippets if "torch.nn.Dropout" in s.symbols)
    assert dict(zip(record.symbols, record.about))["torch.nn.Dropout"] == CALLED, record
    entry = first_entry(library, "from sklearn.manifold import TSNE\n\nxy = TSNE(n_components=2).fit_transform(x)\n", "TSNE(")
    assert entry is not None and "good for looking at clusters" in entry, entry
    library = compile_notes(tmp_path / "b", {**theory, "torch/layers.md": """
        # Layers

        ## nn.Dropout

        `nn.Dropout(p)` zeroes each element with probability p during training.

        ```python
        import torch.nn as nn
        drop = nn.Dropout(0.2)
        ```
        """})
    entry = first_entry(library, code, "Dropout(")
    assert entry is not None and "zeroes each element" in entry, entry


def test_a_note_that_works_the_idea_out_in_numpy_is_one_on_the_theory(tmp_path: Path) -> None:
    """A note on optimizers writes "## 5、Adam" and works it out in NumPy, plotting the path: a reader of it
    writes `optim.Adam`, and the hover shows the note."""
    library = compile_notes(tmp_path, {"优化器.md": """
        # 优化器

        ## 5、Adam

        Adam 在 RMSProp 的基础上加入了动量，并做了偏差纠正。

        ```python
        import numpy as np
        import matplotlib.pyplot as plt
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g ** 2
        x = x - lr * m / (np.sqrt(v) + eps)
        plt.plot(xs, ys)
        ```
        """})
    entry = first_entry(library, "import torch.optim as optim\n\nopt = optim.Adam(model.parameters(), lr=1e-3)\n", "Adam(")
    assert entry is not None and "偏差纠正" in entry, entry


def test_a_theory_note_titled_by_a_hyphened_name_in_a_folder_on_that_library(tmp_path: Path) -> None:
    """"# t-SNE" over prose alone, in a folder of notes on scikit-learn (no code anywhere in the note):
    the title is the class's name, hyphen and all, and the note answers for `TSNE` as a theory note does."""
    library = compile_notes(tmp_path, {"scikit-learn/017tSNE.md": """
        # t-SNE

        t-SNE 把高维数据降到二维或三维，让相近的点在低维空间里依然相近，用来把聚类画出来看。

        ## 概述

        它用自由度为 1 的 t 分布衡量低维空间里两点的相似度。
        """})
    entry = first_entry(library, "from sklearn.manifold import TSNE\n\nxy = TSNE(n_components=2).fit_transform(x)\n", "TSNE(")
    assert entry is not None and "让相近的点在低维空间里依然相近" in entry, entry
    record = next(s for s in library.snippets if "sklearn.manifold.TSNE" in s.symbols)
    assert dict(zip(record.symbols, record.about))["sklearn.manifold.TSNE"] == CALLED, record


def test_a_call_in_code_marks_after_like_is_an_instance_of_what_the_item_speaks_of(tmp_path: Path) -> None:
    """"A **transformer** (like `StandardScaler()`)" names one transformer as an instance of the kind the
    item is about: written as a call in code marks, it is still passed, not the item's subject; the note
    that says what StandardScaler does answers first."""
    library = compile_notes(tmp_path, {
        "a_wrapped.md": """
            # Wrapping a regressor

            ## How it works

            1. You provide:
               * A **regressor** (like `LinearRegression()`).
               * A **transformer** (like `StandardScaler()`).
            2. When you call `.fit(X, y)`, the targets are transformed first.

            ## Fitting the wrapped model

            ```python
            from sklearn.compose import TransformedTargetRegressor
            from sklearn.linear_model import LinearRegression
            from sklearn.preprocessing import StandardScaler
            model = TransformedTargetRegressor(LinearRegression(), transformer=StandardScaler())
            ```
            """,
        "b_scaling.md": """
            # Scaling

            `StandardScaler` shifts every feature to mean 0 and scales it to unit variance.

            ```python
            from sklearn.preprocessing import StandardScaler
            StandardScaler().fit_transform(X)
            ```
            """})
    entry = first_entry(library, "from sklearn.preprocessing import StandardScaler\n\nscaler = StandardScaler()\n", "StandardScaler()")
    assert entry is not None and "unit variance" in entry, entry


def test_an_english_possessive_names_a_member_only_when_it_writes_code(tmp_path: Path) -> None:
    """"The optimizer updates the model's parameters" is English: no `Module.parameters` explained beside
    the loss the item is about; "a model's `parameters()` method" writes the member as code."""
    library = compile_notes(tmp_path, {"train.md": """
        # Training

        ```python
        import torch.nn as nn
        model = nn.Linear(4, 2)
        criterion = nn.CrossEntropyLoss()
        ```

        `nn.CrossEntropyLoss`: for multi-class problems. The optimizer then updates the model's parameters.

        ## Parameters

        Ask a model's `parameters()` method for every weight it holds.
        """})
    said = {s.source.line: dict(zip(s.symbols, s.about)) for s in library.snippets}
    loss = next(about for about in said.values() if about.get("torch.nn.CrossEntropyLoss", -1) >= 3)
    assert "torch.nn.Module.parameters" not in loss, loss
    assert any(about.get("torch.nn.Module.parameters", -1) >= 3 for about in said.values()), said


def test_a_name_in_an_aside_is_an_instance_not_what_the_paragraph_explains(tmp_path: Path) -> None:
    """"(i.e., classes with `__iter__()` and `next()`)" illustrates what a course leaves out: the
    exercise that says what `next()` does answers first, though it is read later and an exercise
    answers after any section that explains."""
    library = compile_notes(tmp_path, {
        "a_instructor.md": """
            # Instructor notes

            ## Generators

            The notes skip making iterable objects of your own (i.e., classes with `__iter__()` and
            `next()`); generators are usually the easier way, so the time goes there instead.
            """,
        "b_files.md": """
            # Files

            ## Exercise 1.26: File preliminaries

            `next()` returns the next line of the file; call it once before the loop to skip the header.

            ```python
            >>> f = open('portfolio.csv', 'rt')
            >>> headers = next(f)
            >>> for line in f:
                row = line.split(',')
                print(row)

            >>> f.close()
            ```
            """,
    })
    entry = first_entry(library, 'with open("a.csv") as f:\n    first = next(f)\n', "next(")
    assert entry is not None and "returns the next line" in entry, entry


def test_a_name_the_sentence_measures_against_is_not_what_it_explains(tmp_path: Path) -> None:
    """"这个转换可能比MinMaxScaler更好" under "rank" is about the rank transform; the note that explains
    MinMaxScaler answers for it, though later in reading order."""
    library = compile_notes(tmp_path, {
        "1.kaggle.md": """
            # 数值特征

            ## rank

            这个转换可能比MinMaxScaler更好，因为秩转换将使异常值更接近其他对象。

            ```python
            from sklearn.preprocessing import MinMaxScaler
            from scipy.stats import rankdata
            x = rankdata([3, 1, 2])
            ```
            """,
        "2.preprocessing.md": """
            # 归一化

            ## MinMax scaling

            把数据放缩到给定范围，归一化后值的范围是[0, 1]，更容易受离散点影响。

            ```python
            from sklearn.preprocessing import MinMaxScaler
            scaled = MinMaxScaler().fit_transform([[1.0], [2.0]])
            ```
            """})
    user = "from sklearn.preprocessing import MinMaxScaler\nscaler = MinMaxScaler()\n"
    entry = first_entry(library, user, "MinMaxScaler")
    assert entry is not None and "归一化后值的范围" in entry, entry
