"""A reading list of links whose text is a class-qualified name (`[DataFrame.pipe](…)`), in a note whose
code imports that class's library, explains that member; in a note that imports nothing of it, the same
words name nothing. Every note here is written for the test."""

from __future__ import annotations

from pathlib import Path

from written import compile_notes, first_entry

LINKS = """\
    # Tidying the scraped table

    ```python
    import pandas as pd

    raw = pd.read_html('https://example.org/t')[0]
    ```

    Further reading:

    - [DataFrame.pipe](https://pandas.pydata.org/docs/reference/api/pandas.DataFrame.pipe.html) threads your own cleaning functions through a chain
    - [Index.difference](https://pandas.pydata.org/docs/reference/api/pandas.Index.difference.html) keeps the labels the other one lacks
    """


def test_a_link_named_by_class_and_member_explains_it(tmp_path: Path) -> None:
    library = compile_notes(tmp_path, {"tidy.md": LINKS})
    user = "import pandas as pd\n\nt = pd.read_csv('t.csv')\ntidy = t.pipe(clean)\nextra = t.columns.difference(['id'])\n"
    pipe = first_entry(library, user, "pipe")
    assert pipe is not None and "threads your own cleaning functions" in pipe
    difference = first_entry(library, user, "difference")
    assert difference is not None and "keeps the labels the other one lacks" in difference


def test_without_the_library_imported_the_link_names_nothing(tmp_path: Path) -> None:
    library = compile_notes(tmp_path, {"plain.md": "# Reading\n\n- [DataFrame.pipe](https://example.org/p) is neat\n"})
    assert not any("pandas.DataFrame.pipe" in snippet.symbols for snippet in library.snippets)


def test_an_index_entry_that_links_to_another_note_answers_after_that_note(tmp_path: Path) -> None:
    """A map of content lists the notes on each chart, each entry a wikilink and the calls in parentheses
    ("- [[Histogram|Histogram]] (`plt.hist()` / `ax.hist()`)"): the hover answers with the note on
    histograms, which explains it, and the index only mentions it. An entry that goes on to explain
    (a sentence after its link) still does."""
    library = compile_notes(tmp_path, {
        "Matplotlib/_MOC.md": """
            # Matplotlib MOC

            ## Basic Plotting
            -   [[Histogram|Histogram]] (`plt.hist()` / `ax.hist()`)
            -   [[Box_Plot|Box Plot]] (`plt.boxplot()` / `ax.boxplot()`)
            -   [[Pie_Chart|Pie Chart]] `plt.pie()` draws each value as a wedge whose angle is its share of the total
            """,
        "Matplotlib/Basic_Plotting.md": """
            # Basic Plotting Functions

            - Histogram
                - **Function:** `plt.hist()` or `ax.hist()`
                - **Purpose:** Represents the distribution of one variable by dividing the data range into bins.

            ```python
            import matplotlib.pyplot as plt
            plt.hist([1, 2, 2, 3], bins=3)
            ```
            """})
    user = "import matplotlib.pyplot as plt\nplt.hist(data, bins=30)\n"
    entry = first_entry(library, user, "hist")
    assert entry is not None and "dividing the data range" in entry, entry
    for symbol in ("matplotlib.pyplot.hist", "matplotlib.pyplot.boxplot"):
        explaining = [s for s in library.for_symbol(symbol) if s.source.note.endswith("_MOC.md") and s.aboutness(symbol) >= 3]
        assert not explaining, explaining
    pie = first_entry(library, "import matplotlib.pyplot as plt\nplt.pie(sizes)\n", "pie")
    assert pie is not None and "wedge" in pie, pie


def test_an_api_an_article_under_references_is_about_is_named_in_passing(tmp_path: Path) -> None:
    """"参考文章" over links to articles, each with a line on what it covers ("aiohttp框架中使用
    `ThreadPoolExecutor()`"), over the block that follows them: what the articles are about, in passing; the
    section headed by the class, in the note on it, answers first."""
    library = compile_notes(tmp_path, {"aiohttp/后台线程.md": """\
        # 后台线程

        参考文章

        1. [Background tasks](https://docs.aiohttp.org/en/stable/web_advanced.html)
            - `app.on_startup.append()`与`app.on_cleanup.append()`后台协程任务
        2. [Threaded workers with AIOHTTP](https://snorfalorpagus.net/blog/2020/05/10/threaded-workers-with-aiohttp/)
            - aiohttp框架中使用`ThreadPoolExecutor()`

        ```python
        from aiohttp import web
        from concurrent.futures import ThreadPoolExecutor
        app = web.Application()
        app["executor"] = ThreadPoolExecutor(max_workers=3)
        ```
        """, "并发/futures.md": """\
        # concurrent.futures模块

        ## 2. 多线程ThreadPoolExecutor

        计算密集型应用, 使用多线程模型的效果不大.

        ```python
        from concurrent.futures import ThreadPoolExecutor
        pool = ThreadPoolExecutor(max_workers=4)
        results = list(pool.map(gcd, numbers))
        ```
        """})
    user = "from concurrent.futures import ThreadPoolExecutor\nwith ThreadPoolExecutor(max_workers=4) as pool:\n    pool.map(f, xs)\n"
    entry = first_entry(library, user, "ThreadPoolExecutor")
    assert entry is not None and "使用多线程模型的效果不大" in entry, entry
