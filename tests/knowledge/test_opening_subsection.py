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
