"""Names a note writes without marking them as API, the way people write: a chart drawn by keyword
(`df.plot(kind="area")`), a call written bare in Chinese prose (`text()函数`, `encode()`), names joined
before one cue word ("set_xlim或者set_ylim函数"), a member capitalised as a topic ("Pandas的Merge"), a
full path in a table cell, a listing pasted as `<pre>` text, and classes an example makes without
importing them. Every note here is written for the test."""

from __future__ import annotations

from pathlib import Path

from notesense.compile.pipeline import compile_notes as compile_folder
from notesense.compile.symbols import names_only
from notesense.library.index import Library
from notesense.notes.classify import listing_entries
from notesense.notes.reader import load_note
from written import compile_notes, first_entry, notebook


def test_a_chart_drawn_by_keyword_explains_the_accessor_method(tmp_path: Path) -> None:
    library = compile_notes(tmp_path, {"plots.md": """
        # 面积图

        面积图默认是堆叠的，`stacked=False` 画出不堆叠的面积图。

        ```python
        import pandas as pd
        df = pd.read_csv("a.csv")
        df.plot(kind="area", stacked=False)
        ```
        """})
    entry = first_entry(library, 'import pandas as pd\ndf = pd.read_csv("b.csv")\ndf.plot.area(alpha=0.5)\n', "area")
    assert entry is not None and "不堆叠的面积图" in entry, entry
    # a keyword that names no chart the accessor draws is no method of it
    other = compile_notes(tmp_path / "other", {"plots.md": """
        # 画图

        用变量选择图的种类。

        ```python
        import pandas as pd
        df = pd.read_csv("a.csv")
        df.plot(kind="sideways")
        ```
        """})
    assert first_entry(other, 'import pandas as pd\ndf = pd.read_csv("b.csv")\ndf.plot.area()\n', "area") is None
    assert not other.for_symbol("pandas.plotting.PlotAccessor.sideways")


def test_a_bare_call_in_prose_is_the_function_of_the_module_the_code_calls(tmp_path: Path) -> None:
    """`text()` is pyplot's (the note's code calls `plt.plot`), not the module `matplotlib.text`."""
    library = compile_notes(tmp_path, {"matplotlib/pyplot.md": """
        # pyplot 教程

        ```python
        import matplotlib.pyplot as plt
        plt.plot([1, 2, 3])
        plt.show()
        ```

        ### 文字

        text()函数可以在图中任意位置写字，annotate()函数用箭头标出一个点。
        """})
    for word in ("text", "annotate"):
        entry = first_entry(library, f'import matplotlib.pyplot as plt\nplt.plot([1, 2])\nplt.{word}(1, 2, "a")\n', word)
        assert entry is not None and "任意位置写字" in entry, (word, entry)


def test_names_joined_before_one_cue_word_are_each_named(tmp_path: Path) -> None:
    library = compile_notes(tmp_path, {"matplotlib/axes.md": """
        # 坐标轴

        ### Axes

        每个 Axes 可以用 set_xlim 或者 set_ylim 函数控制显示的范围。

        ### 图片

        读进来的 image 或者 imshow 函数显示的图片。
        """})
    for word in ("set_xlim", "set_ylim"):
        code = f"import matplotlib.pyplot as plt\nfig, ax = plt.subplots()\nax.{word}(0, 10)\n"
        entry = first_entry(library, code, word)
        assert entry is not None and "控制显示的范围" in entry, (word, entry)
    # a plain word joined to a cued name is no API ("image 或者 imshow 函数": not the module `matplotlib.image`)
    assert not library.for_symbol("matplotlib.image")


def test_a_method_called_in_a_note_on_plain_python_is_the_builtin_types(tmp_path: Path) -> None:
    library = compile_notes(tmp_path, {"network/notes.md": """
        网络上传的是字节，发送之前要先把字符串 encode() 成字节，收到后再转换。
        """})
    entry = first_entry(library, 'msg = "hello"\ndata = msg.encode()\n', "encode")
    assert entry is not None and "encode() 成字节" in entry, entry


def test_a_member_capitalised_as_a_topic_word_is_the_owners(tmp_path: Path) -> None:
    library = compile_notes(tmp_path, {"merge.ipynb": notebook([
        ("markdown", "## Pandas怎样实现DataFrame的Merge"),
        ("markdown", "Pandas的Merge，就像数据库的连接，把两张表按照键对齐成一张表"),
        ("markdown", "### merge的语法\n\n* how：连接方式\n* on：用哪一列对齐"),
        ("code", "import pandas as pd\nleft = pd.read_csv('a.csv')\nright = pd.read_csv('b.csv')\n"
                 "both = pd.merge(left, right, on='key', how='inner')"),
    ])})
    entry = first_entry(library, "import pandas as pd\na = pd.read_csv('a.csv')\nb = pd.merge(a, a, on='k')\n", "merge")
    # the note's opening words (what it is) above the section on its syntax (how it is called)
    assert entry is not None and "就像数据库的连接" in entry and "how：连接方式" in entry, entry
    assert entry.index("就像数据库的连接") < entry.index("how：连接方式"), entry


def test_a_label_before_a_colon_that_names_nothing_does_not_make_a_heading_about_one_api() -> None:
    named = ["pandas.DataFrame.groupby", "pandas.core.groupby.DataFrameGroupBy.apply"]
    assert not names_only("方法3：使用groupby之后apply对每个子df单独统计", named)
    assert names_only("pd.to_datetime() — Parsing Dates", ["pandas.to_datetime"])


def test_a_short_label_then_the_call_alone_is_a_heading_about_it(tmp_path: Path) -> None:
    """"**encoding: dumps()**" over a session that calls it is about `json.dumps`, as "dumps()" alone would be,
    and answers before a paragraph elsewhere that only uses it; "Step 1: load data with read_csv()" says more."""
    assert names_only("encoding: dumps()", ["json.dumps"]) and names_only("方法二：pd.merge()", ["pandas.merge"])
    assert not names_only("Step 1: load data with read_csv()", ["pandas.read_csv"])
    library = compile_notes(tmp_path, {
        "json.md": """
            # JSON

            **encoding: dumps()**

                >>> import json
                >>> data_json = json.dumps([{"lang": ("python", "english")}])

            请注意观察`data`和`data_json`的不同——lang的值从元组变成了列表。
            """,
        "mongo.md": """
            # MongoDB

            文档读出来以后，无法直接用JSON中的`json.dumps()`方法操作文档，删除`'_id'`以后再使用`json.dumps()`即可。
            """})
    entry = first_entry(library, "import json\ntext = json.dumps({'a': 1})\n", "dumps")
    assert entry is not None and "从元组变成了列表" in entry, entry


def test_a_pre_listing_of_methods_with_their_descriptions_explains_each(tmp_path: Path) -> None:
    library = compile_notes(tmp_path, {"python-list.md": """
        # 列表

        ### 列表的方法

        <pre>
        list.append(obj)  在列表末尾加上一个对象
        list.pop(index=-1)  取出并删掉一个位置上的对象，默认取最后一个
        </pre>

        ### 字符串的方法

        <pre>
        string.partition(sep)
            把字符串在第一个分隔符处切成三段

        string.rpartition(sep)
            和 partition 一样，只是从右边开始找
        </pre>
        """})
    entry = first_entry(library, "stack = [1, 2]\ntop = stack.pop()\n", "pop")
    assert entry is not None and "默认取最后一个" in entry, entry
    entry = first_entry(library, 'line = "a=b"\nkey, sep, value = line.partition("=")\n', "partition")
    assert entry is not None and "切成三段" in entry, entry


def test_listing_descriptions_are_words_never_code() -> None:
    assert listing_entries("os.path.join(a, b)\n    把路径拼起来\nos.path.exists(p)\n    路径是否存在\n") == [
        (0, "os.path.join", "os.path.join(a, b)", "把路径拼起来"), (2, "os.path.exists", "os.path.exists(p)", "路径是否存在")]
    # code indented under a call is a continuation, no description
    assert listing_entries("os.path.join(a,\n    b)\nos.path.exists(p)\n    x = 1\n") == []
    # what each call printed, pasted as comments under it, is no description: the block is an example
    printed = "df.corrwith(df['A'])\n# A    1.000000\n# B   -0.388459\n\ndf.corrwith(df)\n# A    1.0\n# B    1.0\n"
    assert listing_entries(printed) == []
    assert listing_entries("a.sum()\n# 求和\nb.mean()\n# in place\n# torch.Size([5, 3])\n") == [
        (0, "a.sum", "a.sum()", "求和"), (2, "b.mean", "b.mean()", "in place")]


def test_a_listing_glossed_in_chinese_right_after_each_call_explains_each(tmp_path: Path) -> None:
    """A block that lists a module's functions with what each does written straight after its parentheses
    (`os.path.join()将分离的各部分组合成一个路径名`), one entry written another way among them
    (`os.mkdir/makedirs 创建目录/多层目录`), which does not end the listing."""
    text = ("os.path.join()将分离的各部分组合成一个路径名\nos.walk()生成目录树下的所有文件名\n\n"
            "os.mkdir/makedirs 创建目录/多层目录\nos.path.basename()去掉目录路径,返回文件名\n"
            "os.path.split()返回(dirname(),basename())元组\n")
    assert listing_entries(text) == [
        (0, "os.path.join", "os.path.join()", "将分离的各部分组合成一个路径名"),
        (1, "os.walk", "os.walk()", "生成目录树下的所有文件名"),
        (4, "os.path.basename", "os.path.basename()", "去掉目录路径,返回文件名"),
        (5, "os.path.split", "os.path.split()", "返回(dirname(),basename())元组")]
    # a name run into the words with no call is no entry: where the name ends is not written
    assert listing_entries("os.walk生成目录树\nos.getcwd取得当前工作目录\n") == []
    library = compile_notes(tmp_path, {"os模块.md": f"### OS模块\n\n```python\n{text}```\n"})
    entry = first_entry(library, "import os\nname = os.path.basename('/var/log/a.log')\n", "basename")
    assert entry is not None and "去掉目录路径,返回文件名" in entry, entry


def test_bare_calls_listed_under_an_instance_are_its_class_methods(tmp_path: Path) -> None:
    """`terminate() # 立即终止子进程` listed under `p = Process(target=demo)`: the method of the class the
    block makes, whose code never calls it."""
    library = compile_notes(tmp_path, {"进程.md": """
        ### 进程

        ```python
        from multiprocessing import Process

        p = Process(target=demo)
        p.start()

        start()       # :启动子进程实例(创建子进程)
        is_alive()    # :判断进程子进程是否还在活着
        terminate()   # :不管任务是否完成,立即终止子进程
        ```
        """})
    code = "from multiprocessing import Process\np = Process(target=print)\np.start()\np.terminate()\n"
    entry = first_entry(library, code, "terminate")
    assert entry is not None and "立即终止子进程" in entry, entry


def test_a_full_path_written_unmarked_in_a_table_cell_is_named(tmp_path: Path) -> None:
    library = compile_notes(tmp_path, {"clusters.md": """
        # Evaluating clusters

        | Method | Description | Implementation |
        |--------|-------------|----------------|
        | **Davies-Bouldin** | Average similarity of each cluster with its closest one | sklearn.metrics.davies_bouldin_score |
        """})
    code = "from sklearn.metrics import davies_bouldin_score\nscore = davies_bouldin_score(X, labels)\n"
    entry = first_entry(library, code, "davies_bouldin_score")
    assert entry is not None and "closest one" in entry, entry


def test_classes_an_example_makes_without_importing_them_name_their_library(tmp_path: Path) -> None:
    """One example makes two of sklearn's classes and imports neither: the note is read as one on sklearn,
    whatever the notes around it are about."""
    root = tmp_path / "notes"
    (root / "linear").mkdir(parents=True)
    (root / "linear" / "sgd.md").write_text(
        "# Stochastic gradient descent\n\nScales to very large datasets.\n\n```python\n"
        "clf = SGDClassifier(random_state=0)\nsearch = GridSearchCV(clf, {'alpha': [0.1, 1]}, cv=5)\n"
        "search.fit(X, y)\n```\n", encoding="utf-8")
    (root / "linear" / "plot.md").write_text(
        "# Plot\n\n```python\nimport matplotlib.pyplot as plt\nplt.plot([1, 2])\n```\n", encoding="utf-8")
    library = Library(compile_folder([root], jobs=1).snippets)
    entry = first_entry(library, "from sklearn.linear_model import SGDClassifier\nclf = SGDClassifier()\n", "SGDClassifier")
    assert entry is not None and "very large datasets" in entry, entry


def test_calls_as_bullets_each_over_the_paragraph_that_documents_it(tmp_path: Path) -> None:
    """A reference page's layout: "- len(seq)", then a paragraph on what it does, then the next bullet."""
    library = compile_notes(tmp_path, {"sequence.md": """
        # 序列

        ### 内建函数

        Python 为序列提供以下操作：

        - enumerate(iterable)

        接受一个可迭代对象，返回一个迭代器，每次给出下标和元素组成的元组

        - len(seq)

        返回序列的长度

        - reversed(seq)

        返回一个倒着访问序列的迭代器
        """})
    for word, said in (("enumerate", "下标和元素组成的元组"), ("reversed", "倒着访问序列")):
        entry = first_entry(library, f"names = ['a', 'b']\nfor x in {word}(names):\n    print(x)\n", word)
        assert entry is not None and said in entry, (word, entry)
    # one bullet that is a call, then a paragraph: an example and what it printed, no documentation
    single = compile_notes(tmp_path / "single", {"example.md": """
        # 例子

        - print(names)

        打印出来的结果如下
        """})
    assert first_entry(single, "names = [1]\nprint(names)\n", "print") is None


def test_a_pre_block_is_a_code_block_in_the_language_its_class_names(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_text('# 文件\n\n读文件：\n\n<pre><code class="language-python">with open("a.txt") as f:\n'
                    '    lines = f.readlines()  # 所有行，&lt;list&gt;\n</code></pre>\n\n后面的话\n', encoding="utf-8")
    (block,) = [b for s in load_note(path, "post.md").sections for b in s.blocks]
    assert block.info == "python" and block.line == 5, block  # the `<pre>` line holds the first line of code
    assert block.text.startswith('with open("a.txt") as f:') and "<list>" in block.text, block.text



def test_a_package_written_under_its_other_name_is_named(tmp_path: Path) -> None:
    """`tensorboardX.SummaryWriter` in prose is the writer torch ported (the API table's other
    spelling), though the note's section imports nothing."""
    library = compile_notes(tmp_path, {"tensorboard.md": """
        # TensorBoard

        需要设定一个对象 `tensorboardX.SummaryWriter`，之后添加可视化内容。
        """})
    entry = first_entry(library, 'import tensorboardX\nwriter = tensorboardX.SummaryWriter("runs")\n', "SummaryWriter")
    assert entry is not None and "需要设定一个对象" in entry, entry
    # a package the table knows no other spelling of stays unnamed
    other = compile_notes(tmp_path / "other", {"board.md": "# Board\n\n需要设定一个对象 `boardlib.Writer`。\n"})
    assert not other.for_symbol("boardlib.Writer")


def test_a_function_written_by_the_name_it_had_first_is_the_one_code_calls_now(tmp_path: Path) -> None:
    """torch 0.4 renamed its initialisers in place (`init.xavier_uniform` → `init.xavier_uniform_`) and kept the
    old names as deprecated aliases: a note of that time explains what today's code calls, and the old name too."""
    library = compile_notes(tmp_path, {"init.md": """
        # 参数初始化

        PyTorch 提供了内置初始化方式，仍然在 Tensor 上进行。

        ```python
        import torch.nn as nn
        from torch.nn import init
        layer = nn.Linear(30, 40)
        init.xavier_uniform(layer.weight)
        nn.utils.clip_grad_norm(layer.parameters(), 5)
        ```
        """})
    head = "import torch.nn as nn\nfrom torch.nn import init\nlayer = nn.Linear(3, 4)\n"
    for call in ("init.xavier_uniform_(layer.weight)", "init.xavier_uniform(layer.weight)",
                 "nn.utils.clip_grad_norm_(layer.parameters(), 1)"):
        word = call.split("(")[0].rpartition(".")[2]
        entry = first_entry(library, head + call + "\n", word)
        assert entry is not None and "内置初始化方式" in entry, (call, entry)


def test_methods_written_with_a_leading_dot_are_the_one_class_that_has_them_all(tmp_path: Path) -> None:
    """"The `.cpu()` function … the `.detach()` function … the `.numpy()` function" under a heading whose
    words name numpy: only a tensor has all three, so each is torch.Tensor's."""
    library = compile_notes(tmp_path, {"notes/cpu-detach-numpy.md": """
        ## What is cpu, detach, and numpy?

        ```
        history["train_loss"].append(avg_train_loss.cpu().detach().numpy())
        ```

        The `.cpu()` function is used to transfer the tensor from any device to the CPU.

        The `.detach()` function creates a tensor detached from the computation graph.

        Finally, the `.numpy()` function converts the tensor to an array.
        """})
    code = "import torch\nx = torch.rand(3, requires_grad=True)\ny = x.cpu().detach().numpy()\n"
    for word, phrase in (("cpu", "from any device"), ("detach", "detached from"), ("numpy", "converts the tensor")):
        entry = first_entry(library, code, word)
        assert entry is not None and phrase in entry, (word, entry)
    # one method alone says no class, even one only a tensor has: "the `.numpy()` function" in a note on no
    # library may be anything's
    alone = compile_notes(tmp_path / "alone", {"numpy.md": "## numpy\n\nThe `.numpy()` function converts it.\n"})
    assert not alone.for_symbol("torch.Tensor.numpy")


def test_names_written_with_a_leading_dot_in_a_notebook_on_a_library_are_its_functions(tmp_path: Path) -> None:
    """A notebook on numpy titles its sections "### `.eye`", "### `.random.seed`" (the `np` left out) in one
    markdown cell, the code cells after it: each heading is numpy's function, `.random.seed` numpy's
    random module's and not the standard module's, and so is a sentence that opens with "The `.linspace`
    method"."""
    library = compile_notes(tmp_path, {"creating_arrays.ipynb": notebook([
        ("markdown", "# Creating arrays\n\nFunctions that make arrays."),
        ("code", "import numpy as np"),
        ("markdown", "## Functions\n\n### `.eye`\n\nCreates an Identity matrix of the size it receives.\n\n"
                     "### `.random.seed`\n\nSets where the random number generator starts.\n\n"
                     "### Spacing\n\nThe `.linspace` method generates evenly spaced numbers over an interval."),
        ("code", "identity = np.eye(3)\nidentity"),
        ("code", "np.random.seed(seed=0)\nnumbers = np.random.randint(10, size=(5, 3))"),
    ])})
    for user, word, phrase in (("m = np.eye(4)", "eye", "Identity matrix"),
                               ("np.random.seed(42)", "seed", "random number generator starts"),
                               ("xs = np.linspace(0, 1, 5)", "linspace", "evenly spaced numbers")):
        entry = first_entry(library, f"import numpy as np\n{user}\n", word)
        assert entry is not None and phrase in entry, (word, entry)
    assert not library.for_symbol("random.seed")


def test_a_name_in_brackets_after_chinese_words_is_what_the_heading_is_about(tmp_path: Path) -> None:
    """"分离(detach)", "暂退层（Dropout）": the English name in brackets after the Chinese one, as a dotted
    one is ("张量运算(torch.einsum)"); a letter in brackets after words ("函数(x)") names nothing."""
    library = compile_notes(tmp_path, {"PyTorch/基础.md": """
        # 分离(detach)

        会返回一个新的tensor，从当前计算图中分离下来，不具有grad。

        # 暂退层（Dropout）

        训练时按比例随机把元素置零。

        # 函数(x)

        函数就是映射。
        """})
    user = "import torch\nimport torch.nn as nn\nx = torch.rand(3, requires_grad=True)\n"
    entry = first_entry(library, user + "y = x.detach()\n", "detach")
    assert entry is not None and "从当前计算图中分离下来" in entry, entry
    entry = first_entry(library, user + "drop = nn.Dropout(0.5)\n", "Dropout")
    assert entry is not None and "随机把元素置零" in entry, entry
    mapping = [s for s in library.snippets if "函数就是映射" in s.doc]
    assert mapping and not any(s.symbols for s in mapping), mapping


def test_a_section_on_3d_plots_explains_the_3d_axes_methods(tmp_path: Path) -> None:
    """A note's `ax = fig.add_subplot(111, projection='3d')` makes a 3D Axes, whose `view_init` the table
    under the example explains; a user's 3D Axes finds it, a 2D Axes' `scatter` does not take the 3D one's."""
    library = compile_notes(tmp_path, {"matplotlib/3d.md": """
        # 3D Plotting

        ```python
        import matplotlib.pyplot as plt
        fig = plt.figure()
        ax = fig.add_subplot(111, projection='3d')
        ax.scatter(x, y, z)
        ax.view_init(elev=30, azim=45)
        ```

        | Function | Description |
        |----------|-------------|
        | `ax.view_init(elev, azim)` | Sets the viewing angle: `elev` controls the vertical tilt. |
        | `ax.scatter(x, y, z)` | Plots points in three dimensions. |
        """})
    user = "import matplotlib.pyplot as plt\nax = plt.axes(projection='3d')\nax.view_init(20, 60)\n"
    entry = first_entry(library, user, "view_init")
    assert entry is not None and "vertical tilt" in entry, entry
    flat = first_entry(library, "import matplotlib.pyplot as plt\nfig, ax = plt.subplots()\nax.scatter(a, b)\n", "scatter")
    assert flat is None or "three dimensions" not in flat, flat


def test_a_name_alone_on_its_line_heads_the_paragraphs_under_it(tmp_path: Path) -> None:
    """"hexbin" on a line of its own, then what the chart does, in a note whose code draws with
    matplotlib: the name heads that explanation (pyplot's function, the Axes method's other spelling),
    as "小提琴图violinplot" heads its own; a table's cell that is one name does not."""
    library = compile_notes(tmp_path, {"常用图表.md": """\
        ## 各种图表的作用

        小提琴图violinplot

        是箱线图和密度图的结合

        hexbin

        在Hexbin散点图中，我们将数据表示在六边形箱的顶部。每个箱显示点的密度。

        ## Matplotlib 绘图函数汇总

        |函数|图形|用途|
        | :-: | :-: | :-: |
        | hist | 直方图 | 分析对比数据 |

        ## 直方图

        ```python
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots()
        ax.hist([1, 2, 2, 3])
        ```
        """})
    code = "import numpy as np\nimport matplotlib.pyplot as plt\n\nfig, ax = plt.subplots()\nax.hexbin(x, y, gridsize=30)\n"
    entry = first_entry(library, code, "hexbin")
    assert entry is not None and "六边形箱的顶部" in entry, entry
    violin = first_entry(library, "import matplotlib.pyplot as plt\n\nplt.violinplot(data)\n", "violinplot")
    assert violin is not None and "箱线图和密度图的结合" in violin, violin
    rows = [s for s in library.snippets if s.kind == "prose" and any(x.rpartition(".")[2] == "hist" for x in s.symbols)]
    assert not rows, [(s.doc, s.symbols) for s in rows]


def test_a_table_of_bare_methods_no_builtin_type_has_is_the_file_objects(tmp_path: Path) -> None:
    """"# 常用方法" over a table of `readlines()`, `seek(offset[,whence])`, `tell()` in a note on plain Python:
    methods no str, list or dict has are those of the file `open()` gives; `count()` stays unresolved,
    several types have it and no heading says whose."""
    library = compile_notes(tmp_path, {"文件/method.md": """
        # 常用方法

        | 方法名 | 说明 |
        |---|---|
        | `readlines()` | 把文本文件中每行都作为独立的字符串对象，并将这些对象放入列表中返回 |
        | `seek(offset[,whence])` | 把文件指针移动到新的位置 |
        | `count()` | 统计出现的次数 |
        """})
    entry = first_entry(library, "with open('log.txt', encoding='utf-8') as f:\n    lines = f.readlines()\n", "readlines")
    assert entry is not None and "放入列表中返回" in entry, entry
    entry = first_entry(library, "f = open('log.txt')\nf.read()\nf.seek(0)\n", "seek")
    assert entry is not None and "文件指针" in entry, entry
    assert not [s for s in library.snippets if any(symbol.endswith(".count") for symbol in s.symbols)]


def test_a_call_in_english_prose_on_a_module_is_its_classs_method_not_an_attribute(tmp_path: Path) -> None:
    """"use the groups() method on the object that the search function returns" in a note on `re`: the
    match's method, not the pattern's attribute spelt alike; and "Deque objects also have extend and
    extendleft methods": a plural cue names each method the module's one class has."""
    library = compile_notes(tmp_path, {"module_re.rst": """
        The re module
        =============

        To get access to the groups that the parser remembered along the way, use the groups() method on the
        object that the search function returns.
        """, "module_collections.rst": """
        The collections module
        ======================

        Deque objects also have extend and extendleft methods, with extendleft working analogously to
        appendleft. Note that the elements will appear in the deque in reverse order.
        """})
    entry = first_entry(library, "import re\nm = re.search(r'(a)(b)', 'ab')\nprint(m.groups())\n", "groups")
    assert entry is not None and "remembered along the way" in entry, entry
    entry = first_entry(library, "from collections import deque\nq = deque([1])\nq.extendleft([2, 3])\n", "extendleft")
    assert entry is not None and "in reverse order" in entry, entry
