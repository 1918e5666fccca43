"""A course's lecture summaries beside its project notebooks: each lecture note lists "Functions and
methods" with no code of its own, and each entry says whose the name is in its own words ("`sklearn.metrics`
class for…", "Scikit-Learn class for…", "a function from pandas"), or writes it on a frame's column
(`df[x].nunique()`). Those entries are what explains the API; the notebooks only run it under outline
headings. Also: a notebook converted from reStructuredText, whose `<div class="alert">` note goes on in
indented lines, and a bold name spelt in words in a section with no code."""

from __future__ import annotations

from pathlib import Path

from written import compile_notes, first_entry, notebook

LECTURE = """\
    ## Notes

    **Mutual information** is a concept from information theory.

    **Functions and methods:**

    * `df[x].nunique()` - returns the number of unique values in x series
    * `df['plan'].str.contains('pro')` - which values of the column hold the text
    * `mutual_info_score(x, y)` - Scikit-Learn class for calculating the mutual information between x and y.
    * `accuracy_score(x, y)` - `sklearn.metrics` class for calculating the accuracy of a model.
    * `LogisticRegression(solver='lbfgs')` - class instance of logistic regression from package **linear_model** in **Scikit-Learn**.
    * `export_text`: method from `sklearn.tree` class to display the text report showing the rules of a tree.
    """


def _symbols(tmp_path: Path, notes: dict[str, str]) -> set[str]:
    return {symbol for s in compile_notes(tmp_path, notes).snippets for symbol in s.symbols}


def test_an_entry_that_says_whose_it_is_names_that_library_s_api(tmp_path: Path) -> None:
    symbols = _symbols(tmp_path, {"lecture04.md": LECTURE})
    assert {"sklearn.metrics.mutual_info_score", "sklearn.metrics.accuracy_score",
            "sklearn.linear_model.LogisticRegression", "sklearn.tree.export_text",
            "pandas.Series.nunique", "pandas.Series.str.contains"} <= symbols, symbols


def test_a_name_an_entry_leaves_without_a_library_stays_unresolved(tmp_path: Path) -> None:
    """An entry naming no library ("`fit(x)` - train on x") in a note with no code: no API is invented,
    not even the one the next entry's library has (each line says only whose its own name is)."""
    symbols = _symbols(tmp_path, {"lecture.md": """\
        ### Functions and methods:

        * `smooth(x)` - our own helper from the lecture, which averages the neighbours of each value
        * `accuracy_score(x, y)` - `sklearn.metrics` class for calculating the accuracy of a model.
        """})
    assert symbols == {"sklearn.metrics.accuracy_score", "sklearn.metrics"}, symbols


def test_the_entry_that_explains_answers_before_a_notebook_that_only_runs_it(tmp_path: Path) -> None:
    project = notebook([
        ("markdown", "## 6.3 Decision trees\n\n* How a decision tree looks like\n* Training a decision tree\n"),
        ("code", "from sklearn.tree import DecisionTreeClassifier, export_text\n\n"
                 "dt = DecisionTreeClassifier(max_depth=3)\ndt.fit(X_train, y_train)\nprint(export_text(dt))\n"),
    ])
    library = compile_notes(tmp_path, {"lecture06.md": LECTURE, "project-week06.ipynb": project})
    code = "from sklearn.tree import export_text\n\nprint(export_text(model))\n"
    entry = first_entry(library, code, "export_text")
    assert entry is not None and "text report" in entry, entry


def test_an_alert_note_that_goes_on_in_indented_lines_is_prose(tmp_path: Path) -> None:
    """sphinx-gallery's conversion: the HTML block ends at the first blank line, and what follows,
    indented four spaces, is no code (Markdown would make it a code block): its sentences explain."""
    cell = ('<div class="alert alert-info"><h4>Note</h4><p>``torch.nn`` 只支持小批量输入。\n\n'
            "    例如，``nn.Conv2d`` 接受一个4维的张量。\n\n"
            "    如果你有单个样本，只需使用 ``input.unsqueeze(0)`` 来添加其它的维数</p></div>\n")
    library = compile_notes(tmp_path, {"nn_tutorial.ipynb": notebook([
        ("markdown", "# Neural Networks\n"),
        ("code", "import torch\nimport torch.nn as nn\n\nnet = nn.Conv2d(1, 6, 3)\n"),
        ("markdown", cell),
    ])})
    code = "import torch\n\nimg = torch.randn(1, 32, 32)\nbatch = img.unsqueeze(0)\n"
    entry = first_entry(library, code, "unsqueeze")
    assert entry is not None and "来添加其它的维数" in entry and "</p>" not in entry, entry


def test_a_bold_name_in_words_in_a_section_with_no_code(tmp_path: Path) -> None:
    """"the **leaky ReLU** is specially popular" under a heading with no code, in a note whose code is
    torch's: the class `torch.nn.LeakyReLU`."""
    symbols = _symbols(tmp_path, {"gan.md": """\
        # GANs

        ## Tips for training

        - For the hidden layers, the **leaky ReLU** is specially popular: its gradient is not 0 for negative values.

        ## MNIST GAN

        ```python
        import torch.nn as nn

        layer = nn.Linear(784, 128)
        ```
        """})
    assert "torch.nn.LeakyReLU" in symbols, symbols


def test_a_compound_name_one_library_has_names_it_in_a_diary_with_no_code(tmp_path: Path) -> None:
    """A learning diary's entry, under a date, with no code and no library named: `train_test_split`函数
    and "LogisticRegression()函数" are names only scikit-learn has. A plain word (`scatter()`) or a name
    several APIs share (`fit_transform`) stays unresolved, and so does a method, which is its receiver's."""
    symbols = _symbols(tmp_path, {"journal1.md": """\
        2019/4/18
        ===========

        1、`train_test_split`函数用于将矩阵随机划分为训练子集和测试子集。

        2、`scatter()`:绘制散点图；`fit_transform(trainData)`对部分数据先拟合；`is_set()` 查询标志。

        3、[LogisticRegression()函数](https://blog.csdn.net/x/article/details/1)
        """})
    assert symbols == {"sklearn.model_selection.train_test_split", "sklearn.linear_model.LogisticRegression"}, symbols


def test_a_compound_name_of_another_library_than_the_note_s_is_not_its(tmp_path: Path) -> None:
    """"Keras 卷积层默认 `channels_last`" in a note on TensorFlow: no `torch.channels_last`."""
    symbols = _symbols(tmp_path, {"tf.md": """\
        # Keras

        Keras 卷积层默认 `channels_last`，即 `(batch, 高, 宽, 通道)`。

        ```python
        import tensorflow as tf

        x = tf.zeros((2, 8, 8, 3))
        ```
        """})
    assert not any(symbol.startswith("torch") for symbol in symbols), symbols
