"""Which section answers when a course's notes come with their outline: a README's table of contents
names each chapter, a section lists the parameters of the call its heading names, a block sits under a
bare label ("**Options:**"), a heading says "Time Series", a heading names the library an example uses."""

from __future__ import annotations

from pathlib import Path

from written import compile_notes, first_entry, notebook

PANDAS = "import pandas as pd\n\n"


def test_a_table_of_contents_entry_answers_after_the_chapter_it_lists(tmp_path: Path) -> None:
    """"2. Series" in a README over the topics it covers stands for the note titled "🟢 2. Series"."""
    library = compile_notes(tmp_path, {
        "README.md": "# pandas-notes\n\n## Beginner\n\n### 2. Series\n\n* Creating Series\n* Indexing and slicing\n"
                     "* `.head()`, `.tail()`\n",
        "2_Series.md": """
            ## 🟢 **2. Series**

            ### ✅ Creating a Series

            A Series is a one-dimensional labeled array that holds any data type.

            ```python
            import pandas as pd
            s = pd.Series([10, 20, 30])
            ```
            """,
    })
    entry = first_entry(library, PANDAS + "s = pd.Series([1, 2])\n", "Series(")
    assert entry is not None and "labeled array" in entry, entry


def test_a_guide_s_section_headed_by_a_notebook_s_file_answers_after_that_notebook(tmp_path: Path) -> None:
    """A study vault's `guide.md` has "## py12.ipynb: NumPy 常用数组创建函数" over one line per API the notebook
    covers: it stands for that notebook, and the notebook whose section is on `reshape` says it first."""
    library = compile_notes(tmp_path, {
        "guide.md": "# 索引\n\n## py12.ipynb: NumPy 常用数组创建函数\n\n- `np.linspace(0, 1, 10).reshape([10, 1])`: 将等间隔结果"
                    "调整为列向量。\n- `np.arange(5)`: 创建等差数组。\n",
        "py14.ipynb": notebook([
            ("markdown", "# py14: NumPy 数组操作\n\n## 1. 维度、形状与 reshape"),
            ("code", "import numpy as np\n\na = np.arange(12)\n# reshape：在不改变数据的条件下修改形状\nb = a.reshape(3, 4)"),
        ])})
    entry = first_entry(library, "import numpy as np\n\nx = np.zeros(12)\ny = x.reshape(4, 3)\n", "reshape")
    assert entry is not None and "在不改变数据的条件下修改形状" in entry, entry


def test_a_parameter_list_under_its_call_explains_it(tmp_path: Path) -> None:
    """"Common Parameters in `read_csv()`:" over "* `header=None`: Use when file has no headers" documents
    read_csv; a block under "**Options:**" says nothing of it in words."""
    library = compile_notes(tmp_path, {"io.md": """
        ## Importing Data

        ### CSV File

        **Options:**

        ```python
        pd.read_csv('file.csv', delimiter=',', header=0, index_col=0)
        ```

        ### Common Parameters in `read_csv()`:

        * `sep=','`: Define a different delimiter
        * `header=None`: Use when file has no headers
        * `usecols=['a', 'b']`: Load only specific columns
        """})
    entry = first_entry(library, PANDAS + "raw = pd.read_csv('m.tsv', sep='\\t')\n", "read_csv")
    assert entry is not None and "no headers" in entry, entry


def test_time_series_is_no_pandas_series(tmp_path: Path) -> None:
    """A title-cased "Time Series Handling" speaks of time series: its words are no explanation of
    pandas' Series, which the section titled by it explains."""
    library = compile_notes(tmp_path, {
        "a_time.md": "# 12. Time Series Handling\n\nPandas makes dates and times easy to parse and resample.\n",
        "b_series.md": "# Core Data Structures\n\n## 1.1 Series - One-dimensional labeled array\n\n"
                       "```python\nimport pandas as pd\ns1 = pd.Series([1, 3, 5])\n```\n",
    })
    entry = first_entry(library, PANDAS + "s = pd.Series([1, 2])\n", "Series(")
    assert entry is not None and "labeled array" in entry, entry


def test_an_example_under_its_library_s_name_comes_first(tmp_path: Path) -> None:
    """Two sections only call `joblib.dump`: the one headed "Using `joblib` (preferred for large arrays)"
    answers before one on categories that saves an encoder on the way (which the reading order put
    first), and its heading names the module, not a `joblib.joblib`."""
    library = compile_notes(tmp_path, {
        "a_encoding.md": """
            # Encoding

            ## Handle Unknown Categories

            Encoding turns categories into numbers.

            ```python
            import joblib
            encoder = OneHotEncoder(handle_unknown='ignore')
            encoder.fit(train[['category']])
            joblib.dump(encoder, 'encoder.pkl')
            loaded = joblib.load('encoder.pkl')
            encoded = loaded.transform(test[['category']])
            ```
            """,
        "b_deploy.md": """
            # Deployment

            You can export trained models with `joblib` or `pickle`.

            ## Using `joblib` (preferred for large numpy arrays)

            ```python
            import joblib
            joblib.dump(model, 'model.pkl')
            loaded = joblib.load('model.pkl')
            ```
            """,
    })
    assert all("joblib.joblib" not in s.symbols for s in library.snippets)
    entry = first_entry(library, "import joblib\n\njoblib.dump(clf, 'clf.pkl')\n", "dump")
    assert entry is not None and "model.pkl" in entry, entry


def test_a_purpose_under_a_title_naming_the_api_explains_it(tmp_path: Path) -> None:
    """"🔹 `StandardScaler` – Standardization" then "### ✅ Purpose:" and its bullets: the purpose is the
    title's, as "### 功能" under "## np.argsort" is; a passing "(like `StandardScaler`)" elsewhere, read
    first, is an instance of what that note speaks of and does not answer before it."""
    library = compile_notes(tmp_path, {
        "a_estimators.md": "# Estimators\n\n## What Is an Estimator?\n\nA transformer (like `StandardScaler`)\n\n"
                           "Or a pipeline combining several steps\n",
        "b_scaler.md": """
            ## 🔹 `StandardScaler` – Standardization

            ### ✅ Purpose:

            * It standardizes features by removing the mean and scaling to unit variance.

            ### 🔧 How to Use:

            ```python
            from sklearn.preprocessing import StandardScaler
            scaler = StandardScaler()
            ```
            """,
    })
    source = "from sklearn.preprocessing import StandardScaler\n\nscaler = StandardScaler()\n"
    entry = first_entry(library, source, "StandardScaler(")
    assert entry is not None and "unit variance" in entry, entry


def test_a_name_given_as_an_instance_is_mentioned_in_passing(tmp_path: Path) -> None:
    """"A transformer (like `StandardScaler`)", "例如 `nn.ReLU`": the passage speaks of a kind of thing and
    names the API as one instance; the paragraph that says what it does answers first."""
    library = compile_notes(tmp_path, {
        "a_estimators.md": "# Estimators in sklearn\n\n## What Is an Estimator?\n\nA transformer (like `StandardScaler`) changes data.\n",
        "b_scaling.md": "# Scaling in sklearn\n\n## Standardization\n\n`StandardScaler` removes the mean and scales to unit variance.\n",
    })
    source = "from sklearn.preprocessing import StandardScaler\n\nscaler = StandardScaler()\n"
    entry = first_entry(library, source, "StandardScaler(")
    assert entry is not None and "unit variance" in entry, entry


def test_an_outline_entry_compared_with_another_api_explains_its_name(tmp_path: Path) -> None:
    """"- `random.randint()`" over its paragraph "It is similar to `randrange()` but the stop is inclusive":
    the paragraph says what randint does (compared with randrange), before an example section."""
    library = compile_notes(tmp_path, {"random.md": """
        # The `random` Module

        **Some of the functions are as follows:**

        - `random.randrange()`

          It accepts `start`, `stop` and `step` as `range()` does.

        - `random.randint()`

          It is similar to `randrange()` method but the `stop` number is inclusive

        ## Printing out a random number from a range 1 to 6

        `random.randint()`

        ```python
        import random

        print(random.randint(1, 6))
        ```
        """})
    entry = first_entry(library, "import random\n\nroll = random.randint(1, 6)\n", "randint")
    assert entry is not None and "number is inclusive" in entry, entry


def test_an_owner_named_in_an_original_s_heading_does_not_beat_its_translation(tmp_path: Path) -> None:
    """An English original's "Basic Properties of Tensor Arithmetic" names the Tensor a `clone` belongs to,
    its Chinese translation "张量算法的基本性质" does not: a Chinese reader still gets the translation first."""
    from notesense.analysis.document import Document
    from notesense.features.hover import hover

    code = "```python\nimport torch\nA = torch.arange(20).reshape(5, 4)\nB = A.clone()\nA + B\n```\n"
    library = compile_notes(tmp_path, {
        "la.md": f"# 线性代数\n\n## 张量算法的基本性质\n\n给定具有相同形状的任意两个张量，按元素运算的结果形状相同。\n\n{code}",
        "la_origin.md": f"# Linear Algebra\n\n## Basic Properties of Tensor Arithmetic\n\n"
                        f"Given any two tensors with the same shape, elementwise results have that shape.\n\n{code}",
    })
    source = "import torch\n\nA = torch.ones(2)\nB = A.clone()\n"
    found = hover(library, Document(source), 3, source.split("\n")[3].index("clone") + 1, locale="zh-CN")
    assert found is not None and "按元素运算" in found.markdown.split("\n---\n")[0], found and found.markdown


def test_a_chapter_section_titled_as_a_notebook_is_no_contents_entry(tmp_path: Path) -> None:
    """A course note's "Subplots" section (the signature and what it does, pasted from the help) is
    the explanation, not a contents entry standing for the lecture notebook that opens "# Subplots"."""
    library = compile_notes(tmp_path, {
        "03-ChartFund.md": """
            # Charting Fundamentals

            ## Subplots

            `plt.subplots` method of `matplotlib.pyplot`

            Signature: `subplots(nrows=1, ncols=1, sharex=False, sharey=False)`

            Docstring: Create a figure and a set of subplots. `sharex` controls sharing of the x axis.
            """,
        "notebooks/Week03.ipynb": notebook([
            ("markdown", "# Subplots"),
            ("code", "import matplotlib.pyplot as plt\nimport numpy as np\n\n# create a 2x2 grid of subplots, sharing x\n"
                     "fig, ((ax1, ax2), (ax3, ax4)) = plt.subplots(2, 2, sharex=True)\nax1.plot(np.arange(5))"),
        ])})
    entry = first_entry(library, "import matplotlib.pyplot as plt\n\nfig, axes = plt.subplots(1, 2)\n", "subplots")
    assert entry is not None and "a set of subplots" in entry, entry
