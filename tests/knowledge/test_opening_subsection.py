"""A study note lays out each API as a heading with nothing under it but labelled sub-sections ("## 2.
TfidfVectorizer" over "### 一句话理解", "### 调参速览", "### 跑一下"): the first of them is the heading's own words
on the API, titled by it; a parameter it writes bare is no other class's attribute. Every note here is
written for the test."""

from __future__ import annotations

from pathlib import Path

from written import compile_notes, first_entry

NOTE = """
    # 文本特征

    ```python
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
    ```

    ## 1. CountVectorizer

    ### 一句话理解

    - 只数每个词出现了几次，词序被丢掉。

    ### 跑一下

    ```python
    vec = CountVectorizer()
    counts = vec.fit_transform(docs)
    ```

    ## 2. TfidfVectorizer

    ### 一句话理解

    - 词频再乘上逆文档频率，常见词的权重被压低。
    - 用 `max_features` 限制词表大小。

    ### 调参速览

    | 参数 | 说明 |
    |---|---|
    | `ngram_range` | 词组长度范围 |

    ### 跑一下

    ```python
    tfidf = TfidfVectorizer(max_features=50)
    weights = tfidf.fit_transform(docs)
    ```

    ### 小心

    - 测试集只能 transform，不能再 fit。
    """


def test_the_first_sub_section_under_an_api_heading_explains_it(tmp_path: Path) -> None:
    library = compile_notes(tmp_path, {"text_features.md": NOTE})
    entry = first_entry(library, "from sklearn.feature_extraction.text import TfidfVectorizer\n\n"
                                 "vec = TfidfVectorizer(min_df=2)\n", "TfidfVectorizer")
    assert entry is not None and "逆文档频率" in entry and "2. TfidfVectorizer" in entry, entry
    entry = first_entry(library, "from sklearn.feature_extraction.text import CountVectorizer\n\n"
                                 "vec = CountVectorizer()\n", "CountVectorizer")
    assert entry is not None and "词序被丢掉" in entry, entry
    opening = [s for s in library.snippets if s.is_explanation and "逆文档频率" in s.doc]
    assert [s.title for s in opening] == ["2. TfidfVectorizer"]
    assert opening[0].source.heading[-1] == "一句话理解"  # the link still lands on the sub-section
    # the later sub-sections are the API's parts, not its opening: titled as written
    assert all(s.title != "2. TfidfVectorizer" for s in library.snippets if "不能再 fit" in s.doc)
    # `max_features`, bare under the class's heading, is its parameter: no other class's attribute
    assert not any(symbol.endswith(".max_features") for s in library.snippets for symbol in s.symbols)


def test_a_note_s_title_over_its_first_section_names_no_api(tmp_path: Path) -> None:
    """"# TfidfVectorizer" as the note's one title, over "## Normalization": a part of the note's
    subject, titled as written."""
    library = compile_notes(tmp_path, {"tfidf.md": """
        # TfidfVectorizer

        ## Normalization

        Each row is scaled to unit length, so long documents do not weigh more.
        """})
    opening = [s for s in library.snippets if "unit length" in s.doc]
    assert opening and all(s.title == "Normalization" for s in opening)


def test_an_outline_of_names_explains_each_by_the_items_under_it(tmp_path: Path) -> None:
    """"1. flatten" over nested items saying what it gives, "2. 展平ravel" (the words for it before it) over
    its own: each name is the API those items explain; a list of plain words with nothing under them names
    nothing."""
    library = compile_notes(tmp_path, {"arrays.md": """
        # Array notes

        ```python
        import numpy as np
        grid = np.zeros((2, 3))
        ```

        ## Making arrays one-dimensional

        1. flatten
            - always hands back a fresh copy
        2. 展平ravel
            - hands back a view when the memory allows it

        ## Words

        - contiguous
        - strides
        """})
    entry = first_entry(library, "import numpy as np\n\ngrid = np.ones((2, 2))\nline = grid.flatten()\n", "flatten")
    assert entry is not None and "fresh copy" in entry and "view when" not in entry, entry
    entry = first_entry(library, "import numpy as np\n\ngrid = np.ones((2, 2))\nline = grid.ravel()\n", "ravel")
    assert entry is not None and "view when" in entry, entry
    assert not any(s.symbols for s in library.snippets if s.source.heading[-1] == "Words")


def test_a_listing_of_classes_each_named_before_a_colon_explains_each(tmp_path: Path) -> None:
    """"- RFECV：用交叉验证…" among "- VarianceThreshold：…": a listing of the library's classes, each a name
    and a colon before what it is, though no code marks say so; a word no library has ("Tip: …") names
    nothing."""
    library = compile_notes(tmp_path, {"selection.md": """
        # 特征选择

        ```python
        from sklearn.feature_selection import SelectKBest
        ```

        - VarianceThreshold：去掉几乎不变的特征。
        - RFECV：用交叉验证决定留下几个特征。
        - Tip: 先标准化再筛选。
        """})
    entry = first_entry(library, "from sklearn.feature_selection import RFECV\n\nsel = RFECV(model)\n", "RFECV")
    assert entry is not None and "用交叉验证决定" in entry and "几乎不变" not in entry, entry
    entry = first_entry(library, "from sklearn.feature_selection import VarianceThreshold\n\n"
                                 "sel = VarianceThreshold(0.1)\n", "VarianceThreshold")
    assert entry is not None and "几乎不变" in entry, entry
    assert not any(symbol.endswith("Tip") for s in library.snippets for symbol in s.symbols)
