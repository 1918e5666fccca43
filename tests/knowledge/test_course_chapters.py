"""A course's chapters: a module one library imports into another (`plt.style` is `matplotlib.style`),
a chapter README's "Key Concepts" restating a lesson, and a heading over a link to the docs and an
example, which says nothing of its own beside a lesson's paragraph on the same call."""

from __future__ import annotations

from pathlib import Path

import pytest
from written import compile_notes, first_entry

from notesense.analysis import public_api
from notesense.library.index import Library
from notesense.library.model import EXPLAINED, MENTIONED, Snippet, Source

PLOT = "import matplotlib.pyplot as plt\n\n"
PANDAS = "import pandas as pd\n\n"


def test_a_module_held_by_another_is_its_members_owner() -> None:
    """`matplotlib.pyplot.style.use`, as the code resolves `plt.style.use`, is real: pyplot holds the
    module `matplotlib.style`; a name that module lacks is still none."""
    assert public_api.canonical("matplotlib.pyplot.style.use") == "matplotlib.pyplot.style.use"
    assert public_api.canonical("matplotlib.pyplot.style.paint") is None


def test_prose_on_a_member_of_a_held_module_explains_it(tmp_path: Path) -> None:
    """"Use `plt.style.use()` to apply a sheet globally" over code that lists the sheets: the hover on
    `plt.style.use(...)` shows those words."""
    library = compile_notes(tmp_path, {"styling.md": """
        # Styling plots

        ## Style sheets

        Matplotlib comes with named style sheets. Use `plt.style.use()` to apply one for every later figure.

        ```python
        import matplotlib.pyplot as plt
        print(sorted(plt.style.available))
        ```
        """})
    entry = first_entry(library, PLOT + "plt.style.use('ggplot')\n", "use(")
    assert entry is not None and "for every later figure" in entry, entry


def test_a_readme_key_concepts_answers_after_the_lesson(tmp_path: Path) -> None:
    """A chapter README's "Key Concepts" bullet restates what the lesson's section explains: the lesson
    answers first."""
    library = compile_notes(tmp_path, {
        "chapter_03/README.md": """
            # Chapter 03: Reshaping

            ## Key Concepts

            - Pivot tables (`df.pivot_table()`) summarise a frame in one call
            """,
        "chapter_03/reshaping.md": """
            # Reshaping

            ## Pivot tables

            `df.pivot_table()` groups the rows by the index columns and aggregates each group into one cell of a grid.
            """,
    })
    entry = first_entry(library, PANDAS + "df = pd.read_csv('a.csv')\nt = df.pivot_table(index='a')\n", "pivot_table")
    assert entry is not None and "one cell of a grid" in entry, entry


def test_a_key_concepts_entry_answers_where_nothing_else_explains_it(tmp_path: Path) -> None:
    """An interview-prep note defines each scaler in its "Key Concepts" list and then only applies them in
    a walkthrough and asks about them in a question no answer follows (which explains nothing): the
    definition is its explanation, and answers first."""
    library = compile_notes(tmp_path, {"scaling/README.md": """
        # Scaling and Normalization

        ## Key Concepts

        - **StandardScaler**: Standardizes features to have mean=0 and variance=1, ideal for normal data.
        - **MinMaxScaler**: Scales features to a fixed range (e.g., [0, 1]).

        ## Example Walkthrough

        The `scaling.py` file demonstrates:
        1. **Dummy Data**: synthetic features.
        2. **Scaling**: Applying `StandardScaler` and `MinMaxScaler`.

        ```python
        from sklearn.preprocessing import StandardScaler
        scaler = StandardScaler()
        X_scaled = scaler.fit_transform(X)
        ```

        ## Interview Tips

        - What is the difference between `StandardScaler` and `MinMaxScaler`?
        """})
    source = "from sklearn.preprocessing import StandardScaler\n\nscaler = StandardScaler()\n"
    entry = first_entry(library, source, "StandardScaler")
    assert entry is not None and "to have mean=0" in entry, entry
    [question] = [s for s in library.snippets if "What is the difference" in s.doc]
    assert set(question.about) == {MENTIONED}, question


def test_a_syllabus_label_answers_after_the_example_though_nothing_else_explains_it(tmp_path: Path) -> None:
    """A README's syllabus lists "Dropping (`dropna()`)": a label, which says nothing of the call; the chapter
    that shows it answers first even where no prose explains it."""
    library = compile_notes(tmp_path, {
        "README.md": """
            # pandas-notes

            #### 7. **Handling Missing Data**

            * Detecting missing values
            * Filling (`fillna()`), forward/backward fill (`ffill()`, `bfill()`)
            * Dropping (`dropna()`)
            """,
        "7_Data_Cleaning.md": """
            ## 🟢 **7. Data Cleaning**

            Cleaning data is a crucial step in any data analysis pipeline.

            ### ✅ Handling Missing Data

            #### Drop Missing Data

            ```python
            df.dropna()            # Drop rows with any missing values
            df.dropna(axis=1)      # Drop columns with any missing values
            ```
            """,
    })
    entry = first_entry(library, PANDAS + "df = pd.read_csv('a.csv')\nclean = df.dropna()\n", "dropna")
    assert entry is not None and "df.dropna(axis=1)" in entry, entry


def test_a_heading_over_a_link_and_an_example_says_nothing(tmp_path: Path) -> None:
    """"### pd.to_datetime()" over a link to the docs and a call shows the call as any example does: the
    lesson's paragraph that says what it does answers first."""
    library = compile_notes(tmp_path, {
        "a_time.md": """
            # Time methods

            ### pd.to_datetime()

            https://pandas.pydata.org/docs/user_guide/timeseries.html#converting-to-timestamps

            ```python
            import pandas as pd
            pd.to_datetime(ser)
            ```
            """,
        "b_dates.md": """
            # Dates

            ## Parsing dates

            `pd.to_datetime()` turns strings into timestamps, guessing the format of each one.
            """,
    })
    entry = first_entry(library, PANDAS + "d = pd.to_datetime(['2020-01-01'])\n", "to_datetime")
    assert entry is not None and "guessing the format" in entry, entry


def test_a_chapter_exercise_asks_about_it_and_answers_last(tmp_path: Path) -> None:
    """"Exercises" at a chapter's end asks about the API ("If we replace `nn.MSELoss()` with …, why?"): the
    section that says what it computes answers first, though the exercise comes in reading order first."""
    library = compile_notes(tmp_path, {
        "a_regression.md": """
            # Linear regression

            ## Exercises

            1. If we replace `nn.MSELoss()` with `nn.MSELoss(reduction='sum')`, how must the learning rate change?
            """,
        "b_losses.md": """
            # Losses

            ## Mean squared error

            The `nn.MSELoss` class computes the mean squared error, averaged over the examples by default.
            """,
    })
    entry = first_entry(library, "import torch.nn as nn\n\nloss = nn.MSELoss()\n", "MSELoss")
    assert entry is not None and "averaged over the examples" in entry, entry


@pytest.mark.parametrize("quiz", [
    "# 🏁 Wrap-up quiz\n\n## Ridge\n\nLoad the data and fit a `Ridge()` model with `alpha=10`; what is its test score?\n",
    "# Module 4 wrap-up\n\n## Question 1\n\nFit a `Ridge()` model with `alpha=10`: what is its test score?\n",
    "# Glossary\n\n## Ridge\n\nA model whose weights pay a penalty: `Ridge()` is the usual example of regularization.\n",
    "# House prices\n\n## Todos\n\nTry a `Ridge()` model with `alpha=10` instead of the plain fit.\n",
    "# 🧠 Ridge\n\n## ❓ Quick Questions\n\n1. What does `Ridge()` do with a large `alpha`?\n",
    "# 🧠 Ridge\n\n## 🧪 Try It Yourself\n\n- [ ] Fit `Ridge()` with `alpha=10` and compare the coefficients.\n",
    "# Regularization\n\n## 🛠️ Practical Tasks\n\n1. Apply `Ridge()` with `alpha=10` to a dataset and compare the coefficients.\n",
])
def test_a_course_s_quiz_or_glossary_answers_after_the_lesson(tmp_path: Path, quiz: str) -> None:
    """A course's wrap-up quiz (the note's title, a numbered "Question 1", a lesson's "Quick Questions",
    "Try It Yourself" or "Practical Tasks") or a notebook's to-dos ask
    the reader to use the API, and a glossary's entry names it as an example of a term: the lesson that says what it does answers
    first, though the quiz and the glossary come first in reading order and write the call as code."""
    library = compile_notes(tmp_path, {
        "a_quiz.md": "```python\nfrom sklearn.linear_model import Ridge\n```\n\n" + quiz,
        "b_lesson.md": """
            # Linear models with scikit-learn

            ## Regularized regression

            `Ridge()` shrinks the coefficients toward zero by penalising their squared size; `alpha` sets how hard.
            """,
    })
    entry = first_entry(library, "from sklearn.linear_model import Ridge\n\nreg = Ridge(alpha=0.5)\n", "Ridge")
    assert entry is not None and "penalising their squared size" in entry, entry


@pytest.mark.parametrize("challenge", [
    "## Challenge 2: Purging empty rows\n\n### Your Tasks:\n\n",
    "## 练习 2：删除空行\n\n",
])
def test_a_numbered_challenges_task_answers_after_the_guide(tmp_path: Path, challenge: str) -> None:
    """A challenge's task ("Use `.dropna()` with `how='all'` to …", under "Your Tasks:" or a
    numbered "练习 2：") tells the reader to call it: the guide's paragraph on what it does answers first,
    though the task opens with its name."""
    library = compile_notes(tmp_path, {
        "a_challenges.md": "# Pandas deletion practice\n\n" + challenge
        + "Use `.dropna()` with `how='all'` to drop the rows where every cell is empty.\n",
        "b_deletion.md": """
            # Pandas deletion

            ## Null purging

            When rows hold missing markers, the `.dropna()` method discards every row that has one.
            """,
    })
    entry = first_entry(library, PANDAS + "df = pd.read_csv('a.csv')\nclean = df.dropna()\n", "dropna")
    assert entry is not None and "discards every row" in entry, entry


def test_a_cheat_sheets_line_answers_after_the_guide(tmp_path: Path) -> None:
    """A note kept as a cheat sheet restates in a line what a guide explains: the guide answers first,
    however often the sheet names the call; with no guide, the sheet still answers."""
    sheet = """
        # Pandas Syntax Cheatsheet

        ### Vectorized conditionals (`np.where()`)

        * **Syntax:** `np.where(condition, a, b)`
        * **Explanation:** `np.where()` picks from a or b by the condition, element-wise.
        """
    code = "import numpy as np\n\nlabels = np.where(x > 0, 'up', 'down')\n"
    library = compile_notes(tmp_path / "sheet", {"0_cheatsheet.md": sheet})
    entry = first_entry(library, code, "where")
    assert entry is not None and "picks from a or b" in entry, entry
    library = compile_notes(tmp_path / "both", {"0_cheatsheet.md": sheet, "16_speed.md": """
        # Speed

        ## The fast alternative

        Instead of a loop over the rows, `np.where()` maps the condition over the column at the C layer.
        """})
    entry = first_entry(library, code, "where")
    assert entry is not None and "at the C layer" in entry, entry


def test_a_contents_entry_naming_a_notes_file_answers_after_the_note() -> None:
    """A README listing the notes by file ("`19_conditions.md` — Guide: Masking (`.mask`)") stands for the
    note it names: that note's paragraph answers first, though the README is read first and both explain."""
    def record(note: str, doc: str) -> Snippet:
        return Snippet(id=note, context="pandas", title="t", body="", code="", source=Source(note=note, line=3, heading=("t",)),
                       symbols=("pandas.Series.mask",), about=(EXPLAINED,), doc=doc, kind="prose", lang="en")

    library = Library([
        record("0_README.md", "`19_conditions.md` — Guide: Preservation (`.where`), Masking (`.mask`) & Clipping (`.clip`)"),
        record("19_conditions.md", "Pipelines often hide values: `.mask()` hides them where the condition holds."),
    ])
    assert [s.source.note for s in library.for_symbol("pandas.Series.mask")] == ["19_conditions.md", "0_README.md"]


def test_a_section_implementing_the_api_anew_answers_after_the_one_on_what_it_does(tmp_path: Path) -> None:
    """"## 高阶函数的应用：实现内置函数 sorted" writes the note's own `sort` after the builtin: what
    `sorted` itself does ("返回一个新的已排序列表") answers first, though the other note is read first."""
    library = compile_notes(tmp_path, {
        "a_functions.md": """
            # 函数高级

            ## 高阶函数的应用：实现内置函数 sorted

            **仿照内建函数 `sorted`**，请自行实现一个 `sort` 函数，使用 `key` 传递比较规则。
            """,
        "b_builtins.md": """
            # 内置函数

            ## 排序

            内置函数 `sorted()` 返回一个新的已排序列表，原来的可迭代对象不变。
            """,
    })
    entry = first_entry(library, "ranking = sorted(scores, key=scores.get)\n", "sorted")
    assert entry is not None and "返回一个新的已排序列表" in entry, entry


def test_a_call_then_the_value_it_changed_shows_the_call(tmp_path: Path) -> None:
    """A cell that calls `y.backward()` and then shows `x.grad` demonstrates backward at work, as much as
    it shows the gradient: under prose that says so (in words that do not spell the name), it answers
    before a later example that also calls it."""
    library = compile_notes(tmp_path, {"autograd.md": """
        # Autograd

        ## A first gradient

        ```python
        import torch
        x = torch.arange(4.0, requires_grad=True)
        y = 2 * torch.dot(x, x)
        ```

        接着反向求导，每个分量的梯度都会算出来。

        ```python
        y.backward()
        x.grad
        ```

        ## Gradients through control flow

        Gradients flow through loops and branches too.

        ```python
        a = torch.randn(size=(), requires_grad=True)
        d = a * 2 if a > 0 else a * 3
        d.backward()
        ```
        """})
    code = "import torch\n\nx = torch.ones(3, requires_grad=True)\nx.sum().backward()\n"
    entry = first_entry(library, code, "backward")
    assert entry is not None and "每个分量的梯度" in entry, entry


def test_a_value_made_then_printed_shows_the_call_that_made_it(tmp_path: Path) -> None:
    """`tokens = tokenizer.tokenize(sequence)` then `print(tokens)` shows what tokenize gives, as
    `print(tokenizer.tokenize(sentence))` would; `df.at[0, "name"] = "kelly"` then `print(df)` shows the
    indexer at work. Each answers before a later block that only calls the API on its way elsewhere."""
    library = compile_notes(tmp_path, {"tokenizer.md": """
        # Tokenizers

        ## Splitting text

        下面我们首先使用 BERT 分词器来对文本进行分词：

        ```python
        from transformers import AutoTokenizer
        tokenizer = AutoTokenizer.from_pretrained("bert-base-cased")
        tokens = tokenizer.tokenize("Using a Transformer network is simple")
        print(tokens)
        ```

        ## Adding tokens

        直接使用分词器处理带特殊标记的句子会出问题：

        ```python
        tokenizer.add_tokens(["[ENT_START]"])
        print(len(tokenizer), tokenizer.tokenize("[ENT_START] cars"))
        ```
        """, "frames.md": """
        # 行操作

        ## 修改单元格

        直接改一个格子的值：

        ```python
        import pandas as pd
        students = pd.read_excel("./student.xlsx")
        students.at[0, "name"] = "kelly"
        print(students)
        ```

        ## 读取某列的第一个元素

        读出来的就是那个值：

        ```python
        books = pd.read_excel("./books.xlsx")
        first = books.at[0, "名称"]
        print(first, books.shape)
        ```
        """})
    code = "from transformers import AutoTokenizer\n\ntok = AutoTokenizer.from_pretrained('bert')\nparts = tok.tokenize('hi')\n"
    entry = first_entry(library, code, "tokenize")
    assert entry is not None and "来对文本进行分词" in entry, entry
    entry = first_entry(library, "import pandas as pd\n\ndf = pd.read_csv('a.csv')\ndf.at[1, 'b'] = 2\n", "at")
    assert entry is not None and "改一个格子的值" in entry, entry


def test_a_list_under_a_paragraph_naming_a_module_lists_that_module_s_names(tmp_path: Path) -> None:
    """"For images, we often use `torchvision.transforms` …" then "- `ToTensor`: Convert image to
    tensor": each bare name of the list is that module's, in a note whose code imports torch."""
    library = compile_notes(tmp_path, {"data.md": """
        # Data

        ```python
        import torch
        from torch.utils.data import DataLoader
        loader = DataLoader(dataset, batch_size=4)
        ```

        ## Image transforms

        For images, we often use `torchvision.transforms` for preprocessing.

        Common transforms:
        - `ToTensor`: Convert image to tensor (scales to 0-1)
        - `Normalize`: Normalize with mean and std
        """})
    by_symbol = {s.symbols[0]: s.doc for s in library.snippets if s.symbols}
    assert "Convert image to tensor" in by_symbol.get("torchvision.transforms.ToTensor", ""), by_symbol
    assert "mean and std" in by_symbol.get("torchvision.transforms.Normalize", ""), by_symbol


def test_a_class_of_a_module_whose_newer_twin_is_under_it_is_the_outer_module_s() -> None:
    """`ToTensor` is listed by `torchvision.transforms` and by its newer twin `torchvision.transforms.v2`,
    neither with members of its own to tell them apart: the outer module's, as notes mean it; `AdamW`
    and `TensorDataset` are their modules' though the list has none of their members."""
    assert public_api.class_named("ToTensor") == "torchvision.transforms.ToTensor"
    assert public_api.class_named("AdamW") == "torch.optim.AdamW"
    assert public_api.class_named("TensorDataset") == "torch.utils.data.TensorDataset"


def test_a_class_other_modules_import_is_its_own_modules() -> None:
    """The list names a module's own classes, not those it imports (`sklearn.calibration` imports
    `LeaveOneOut`, `IsotonicRegression` and `BaseEstimator`): each is its own module's. A class two
    modules list with the same members (`DataConversionWarning`, which `sklearn.utils` hands on from
    `sklearn.exceptions`), neither sharing more than the other, stays unknown rather than guessed."""
    assert public_api.class_named("LeaveOneOut") == "sklearn.model_selection.LeaveOneOut"
    assert public_api.class_named("IsotonicRegression") == "sklearn.isotonic.IsotonicRegression"
    assert public_api.class_named("BaseEstimator") == "sklearn.base.BaseEstimator"
    assert not public_api.is_public("sklearn.calibration.cross_val_predict")
    assert public_api.class_named("DataConversionWarning") is None


def test_a_bullet_names_a_class_the_note_never_imports(tmp_path: Path) -> None:
    """"- `LeaveOneOut`: …" among a note's cross-validation methods, in a notebook whose code imports
    others from `sklearn.model_selection`: the hover on `LeaveOneOut()` shows the bullet's words."""
    library = compile_notes(tmp_path, {"tuning.md": """
        # Hyper-parameter tuning

        ## Cross-validation

        - `KFold`: split the data into k folds, each the validation set once
        - `LeaveOneOut`: every sample in turn is the one held out for validation

        ```python
        from sklearn.model_selection import KFold, cross_val_score
        scores = cross_val_score(model, X, y, cv=KFold(5))
        ```
        """})
    code = "from sklearn.model_selection import LeaveOneOut\n\nloo = LeaveOneOut()\n"
    entry = first_entry(library, code, "LeaveOneOut(")
    assert entry is not None and "held out for validation" in entry, entry


def test_a_paragraph_opening_with_the_name_after_an_article_is_about_it(tmp_path: Path) -> None:
    """"The `StreamHandler` class … sends logging output to streams" under "## logging handler" is about
    StreamHandler, as a sentence opening with the name is: it answers before a recipe that calls it."""
    library = compile_notes(tmp_path, {
        "a_recipes.md": """
            # Recipes

            ## Log to stdout and a file

            ```python
            import logging, sys
            root = logging.getLogger()
            root.addHandler(logging.StreamHandler(sys.stdout))
            ```
            """,
        "b_logging.md": """
            # Logging

            ## logging handler

            The `StreamHandler` class sends log records to a stream such as sys.stdout or any file-like object.

            The `FileHandler` class writes them to a file on disk.
            """,
    })
    code = "import logging\n\nhandler = logging.StreamHandler()\n"
    entry = first_entry(library, code, "StreamHandler(")
    assert entry is not None and "sends log records to a stream" in entry, entry
    assert "writes them to a file" not in entry, entry
