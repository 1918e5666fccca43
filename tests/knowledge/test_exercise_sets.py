"""Exercise sets kept among notes (the "100 numpy exercises" notebook, a book's "Exercise solutions"):
a task's hint, a task measured against an API, and the solutions at a chapter's end name APIs without
explaining them, so the note that explains one answers first. Every note here is written for the test."""

from __future__ import annotations

from pathlib import Path

from notesense.library.model import SHOWN
from written import compile_notes, first_entry, notebook

NUMPY_SUMS = "import numpy as np\n\nm = np.arange(6).reshape(2, 3)\ntotal = np.sum(m, axis=0)\n"
SUM_SHEET = """
    # Used code

    ## numpy module

    - `np.sum(a, axis=0)`: 按行求和，axis 参数从最外层开始算
    """


def test_a_hint_over_a_task_names_what_to_look_up(tmp_path: Path) -> None:
    """"(**hint**: np.sum)" over a task's answer says nothing of `np.sum`: the cheat sheet's line on it
    answers first, and the answer is no example the hint describes."""
    library = compile_notes(tmp_path, {
        "exercises.ipynb": notebook([
            ("markdown", "# 100 numpy exercises\n\n#### 26. What is the output of the following script? (★☆☆)\n"
                         "(**hint**: np.sum)"),
            ("code", "import numpy as np\nprint(sum(range(5), -1))\nprint(np.sum(range(5), -1))"),
        ]),
        "code.md": SUM_SHEET})
    entry = first_entry(library, NUMPY_SUMS, "sum")
    assert entry is not None and "按行求和" in entry, entry
    answers = [s for s in library.for_symbol("numpy.sum") if s.source.note == "exercises.ipynb"]
    assert answers and max(s.aboutness("numpy.sum") for s in answers) < SHOWN


def test_a_task_that_measures_itself_against_an_api_is_not_about_it(tmp_path: Path) -> None:
    """"How to sum a small array faster than np.sum?" is about `np.add.reduce`, its answer."""
    library = compile_notes(tmp_path, {
        "exercises.ipynb": notebook([
            ("markdown", "# 100 numpy exercises\n\n#### 41. How to sum a small array faster than np.sum? (★★☆)"),
            ("code", "import numpy as np\nZ = np.arange(10)\nnp.add.reduce(Z)"),
        ]),
        "code.md": SUM_SHEET})
    assert not [s for s in library.for_symbol("numpy.sum") if s.source.note == "exercises.ipynb"]
    entry = first_entry(library, NUMPY_SUMS, "sum")
    assert entry is not None and "按行求和" in entry, entry


def test_a_chapters_exercise_solutions_answer_after_its_explanation(tmp_path: Path) -> None:
    """The solutions at the end of a book's chapter ("Exercise solutions › 7.") use `train_test_split`
    as a step of a task; the chapter that explains it answers first."""
    library = compile_notes(tmp_path, {
        "Chapter2/README.md": """
            # 第二章 端到端的机器学习项目

            ## 创建测试集

            Scikit-Learn提供了一些函数，可以通过多种方式将数据集分成多个子集。最简单的函数是`train_test_split()`，它也有random_state参数。

            ```python
            from sklearn.model_selection import train_test_split
            train_set, test_set = train_test_split(housing, test_size=0.2, random_state=42)
            ```
            """,
        "Chapter6/06_decision_trees.ipynb": notebook([
            ("markdown", "# 第六章 决策树\n\n## Exercise solutions\n\n### 7.\n\n"
                         "b. Split it into a training set and a test set using `train_test_split()`.\n\n"
                         "b.使用`train_test_split()`拆分训练集和测试集"),
            ("code", "from sklearn.model_selection import train_test_split\n"
                     "X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)"),
        ])})
    code = "from sklearn.model_selection import train_test_split\n\nX_train, X_test = train_test_split(X, test_size=0.2)\n"
    entry = first_entry(library, code, "train_test_split")
    assert entry is not None and "最简单的函数是" in entry, entry
