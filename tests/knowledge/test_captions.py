"""Handouts that explain an API around its bare call: a list item's caption over a call nested under it,
a bold constructor over paragraphs headed by its parameters, and names whose underscores a converter
escaped (`pivot\\_table`). Each would otherwise be a name "mentioned in passing" that a demo outranks."""

from __future__ import annotations

from pathlib import Path

from written import compile_notes, first_entry

PANDAS = "import pandas as pd\n\n"

HANDOUT = """
    # 高级处理

    ## 交叉表与透视表有什么作用？

    - 交叉表：

      交叉表用于计算一列数据对于另外一列数据的分组个数
      - pd.crosstab(value1, value2)
    - 透视表：

      透视表是将原有的DataFrame的列分别作为行索引和列索引，然后对指定的列应用聚集函数
      - data.pivot\\_table(）
      - DataFrame.pivot\\_table(\\[], index=\\[])

    ## 案例

    ```python
    import pandas as pd
    data = pd.read_csv("stock.csv")
    count = pd.crosstab(data['week'], data['posi_neg'])
    table = data.pivot_table(['posi_neg'], index='week')
    ```
    """


def test_a_caption_explains_the_call_nested_under_it(tmp_path: Path) -> None:
    """"- 交叉表：" and its paragraph say what the `pd.crosstab(value1, value2)` nested under them does:
    that item, not the case study's call, opens the hover, with the caption's words and not the next
    item's."""
    library = compile_notes(tmp_path, {"pandas.md": HANDOUT})
    entry = first_entry(library, PANDAS + "t = pd.crosstab(df.a, df.b)\n", "crosstab")
    assert entry is not None and "分组个数" in entry and "pd.crosstab(value1, value2)" in entry, entry
    assert "透视表是" not in entry, entry


def test_an_escaped_underscore_is_part_of_the_name(tmp_path: Path) -> None:
    """`DataFrame.pivot\\_table` is pivot_table (not `DataFrame.pivot`), explained by its caption; two calls
    listed under one caption share it."""
    library = compile_notes(tmp_path, {"pandas.md": HANDOUT})
    entry = first_entry(library, PANDAS + "df = pd.read_csv('a.csv')\nt = df.pivot_table(index='a')\n", "pivot_table")
    assert entry is not None and "聚集函数" in entry, entry
    pivot = first_entry(library, PANDAS + "df = pd.read_csv('a.csv')\nt = df.pivot(index='a')\n", "pivot(")
    assert pivot is None or "透视表" not in pivot, pivot


def test_several_names_under_a_topic_are_an_outline(tmp_path: Path) -> None:
    """"- 导出：" over "  - `.to_csv()`, `.to_excel()`" lists what a chapter covers: the section that writes a
    CSV answers first."""
    library = compile_notes(tmp_path, {
        "README.md": "# pandas\n\n- 导出文件：\n\n  把数据写到文件里\n  - `.to_csv()`, `.to_excel()`\n",
        "io.md": "# 读写\n\n## 写 CSV\n\n```python\ndf.to_csv('output.csv', index=False)\n```\n",
    })
    entry = first_entry(library, PANDAS + "df = pd.read_csv('a.csv')\ndf.to_csv('b.csv')\n", "to_csv")
    assert entry is not None and "output.csv" in entry, entry


def test_a_bold_constructor_over_its_parameters_explains_it(tmp_path: Path) -> None:
    """`**sklearn.ensemble.RandomForestClassifier()**` on a line of its own over "**n_estimators**：…",
    "**max_depth**：…" documents the class: it answers before the practice section that only calls it."""
    library = compile_notes(tmp_path, {"forest.md": """
        # 随机森林

        ## 随机森林 API

        **sklearn.ensemble.RandomForestClassifier()**

        **n_estimators**：决策树数量，(default = 10)

        **criterion**：entropy、或者 gini

        **max_depth**：指定树的最大深度

        ## 实践：泰坦尼克号

        泰坦尼克号案例实战：

        ```python
        from sklearn.ensemble import RandomForestClassifier
        rf = RandomForestClassifier()
        rf.fit(x_train, y_train)
        ```
        """})
    source = "from sklearn.ensemble import RandomForestClassifier\n\nclf = RandomForestClassifier(n_estimators=50)\n"
    entry = first_entry(library, source, "RandomForestClassifier(")
    assert entry is not None and "决策树数量" in entry, entry


def test_a_standard_module_marked_in_the_lead_stands_for_the_function_the_block_calls(tmp_path: Path) -> None:
    """"- `pickle` python objects for later use" over `pickle.dump(d, f)` then `f.close()`: the block is
    about `pickle.dump`, before a notebook that calls it on its way to something else."""
    library = compile_notes(tmp_path, {
        "a_language_model.md": "# Neural Language Model\n\n- [How to build a word-level model](https://example.org/lm)\n\n"
                               "```python\nfrom pickle import dump\nmodel.save('model.h5')\n"
                               "dump(tokenizer, open('tokenizer.pkl', 'wb'))\n```\n",
        "b_pickle.md": "# Object Serialization\n\n- `pickle` python objects for later use\n\n"
                       "```python\nimport pickle\nout = open('dict.pickle', 'wb')\npickle.dump({1: 'a'}, out)\nout.close()\n```\n",
    })
    source = "import pickle\nwith open('d.pkl', 'wb') as f:\n    pickle.dump(data, f)\n"
    entry = first_entry(library, source, "dump(")
    assert entry is not None and "python objects for later use" in entry, entry


def test_names_given_as_instances_in_brackets_are_passing(tmp_path: Path) -> None:
    """"选择一个优化器（如`optim.SGD`或`optim.Adam`）并设置学习率" names SGD as an instance of what it
    speaks of: the note that explains SGD answers first."""
    library = compile_notes(tmp_path, {
        "a_project.md": "# 项目实战\n\n选择一个优化器（如`optim.SGD`或`optim.Adam`）并设置学习率。\n",
        "b_optim.md": "# 优化方法\n\n## 随机梯度下降\n\n随机梯度下降每次仅使用一个样本来计算梯度并更新参数。\n\n"
                      "```python\nimport torch\nmodel = torch.nn.Linear(10, 1)\n"
                      "optimizer = torch.optim.SGD(model.parameters(), lr=0.01)\n```\n",
    })
    source = "import torch\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\n"
    entry = first_entry(library, source, "SGD(")
    assert entry is not None and "仅使用一个样本来计算梯度" in entry, entry
