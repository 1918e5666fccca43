"""A cheat sheet written as code (a blog post's block of one call per line, each with a comment of
Chinese saying what it does): every such line explains the API it calls, at its own line, in the
note's words; printed values, asides and a program's step-by-step comments do not. Every note here is
written for the test."""

from __future__ import annotations

from pathlib import Path

from notesense.library.index import Library
from notesense.library.model import CALLED, Snippet, Source
from notesense.notes.classify import commented_lines
from written import compile_notes, first_entry

SHEET = """
    ---
    title: 【torch】张量速查
    categories: torch
    ---

    ## 新建与切分

    ```python
    torch.manual_seed(7)          # 固定随机数种子，结果可以复现
    w = torch.rand(2, 6)          # 0～1 之间的均匀分布
    w.size()                      # torch.Size([2, 6])
    parts = w.chunk(3, dim=1)     # 沿第 1 维尽量平均地切成三块
    print(torch.initial_seed())   # 查看当前的种子
    ```

    ## 搭网络

    ```python
    import torch.nn as nn

    net = nn.Sequential(
        nn.Linear(8, 16),   # 输入 8 维，隐藏层 16 个单元
        nn.ReLU(),          # 非线性激活，负数变成 0
    )
    ```

    ## 梯度放在哪

    ```python
    import torch

    v = torch.arange(3.0)
    ```

    求导之前要先让张量记录梯度，算出的梯度要有地方存放。

    ```python
    v.requires_grad_(True)   # 等价于创建时写 requires_grad=True
    v.grad                   # 还没有求导，所以是 None
    ```

    ## 训练一步

    ```python
    import torch

    def step(model, opt, loss):
        opt.zero_grad()   # 先把上一步的梯度清掉
        loss.backward()   # 反向传播
        opt.step()        # 更新参数
    ```

    ## 保存

    ```python
    import torch

    torch.save(model.state_dict(), "m.pt")  # 保存成功
    ```
    """


def test_each_commented_line_of_a_cheat_sheet_explains_its_call_at_its_own_line(tmp_path: Path) -> None:
    library = compile_notes(tmp_path, {"torch-sheet.md": SHEET})
    seed = first_entry(library, "import torch\n\ntorch.manual_seed(0)\n", "manual_seed")
    assert seed is not None and "固定随机数种子" in seed and "torch-sheet.md:9" in seed
    chunk = first_entry(library, "import torch\n\nx = torch.ones(4, 4)\nhalves = x.chunk(2, dim=0)\n", "chunk")
    assert chunk is not None and "尽量平均地切成三块" in chunk and "torch-sheet.md:12" in chunk
    shown = first_entry(library, "import torch\n\nprint(torch.initial_seed())\n", "initial_seed")
    assert shown is not None and "查看当前的种子" in shown
    # an element of a call spread over lines, with its own comment: at its own line, not the block's
    layer = first_entry(library, "from torch import nn\n\nact = nn.ReLU()\n", "ReLU")
    assert layer is not None and "负数变成 0" in layer and "torch-sheet.md:23" in layer


def test_a_block_that_is_about_the_api_comes_before_its_own_lines_comment(tmp_path: Path) -> None:
    """The block's lead says what it does; a comment on its line adds an aside, not a second record."""
    library = compile_notes(tmp_path, {"torch-sheet.md": SHEET})
    entry = first_entry(library, "import torch\n\nw = torch.ones(2)\nw.requires_grad_()\n", "requires_grad_")
    assert entry is not None and "求导之前要先让张量记录梯度" in entry
    assert not [s for s in library.snippets if s.kind == "prose" and "torch.Tensor.requires_grad_" in s.symbols]


def test_printed_values_asides_and_a_programs_steps_are_not_explanations(tmp_path: Path) -> None:
    library = compile_notes(tmp_path, {"torch-sheet.md": SHEET})
    words = [s.doc for s in library.snippets if s.kind == "prose"]
    assert not any("torch.Size([2, 6])" in doc for doc in words)  # a printed value
    assert not any("清掉" in doc or "反向传播" in doc for doc in words)  # the steps of a function
    assert not any("保存成功" in doc for doc in words)  # the block's one comment: an aside on the result


def test_a_hash_inside_a_string_is_not_a_comment_and_directives_are_not_prose() -> None:
    text = ('label = "a # b"  # 标签里可以有井号\nimport os  # noqa: F401 unused here\nx = 1  # [1, 2, 3]\n'
            "y = '#'  # 一个井号\n")
    found = [(index, code, comment) for index, code, comment, _statement in commented_lines(text)]
    assert found == [(0, 'label = "a # b"', "标签里可以有井号"), (3, "y = '#'", "一个井号")]
    assert commented_lines('label = "a # b"  # 标签里可以有井号\nx = 1\n') == []  # one comment is an aside


def test_a_comment_over_several_statements_speaks_of_the_one_whose_call_it_names() -> None:
    """"# 减少则使用subtract()方法：" over `c = Counter('which')` and `c.subtract('witch')  # …`: the comment
    names the call of the second line, and joins that line's own words; a comment that uses a method's
    name as a word of its sentence ("if reshape c as [3,1]") names no call, and says a step."""
    text = ("c = Counter('which')\nc.update('witch')  # 使用另一个iterable对象更新\n\n# 减少则使用subtract()方法：\n"
            "c = Counter('which')\nc.subtract('witch')  # 使用另一个iterable对象更新\n\n"
            "# if reshape c as [3,1], the product is a matrix again\nc = c.reshape(3, 1)\nprint(c.shape)\nd = c.sum()\n")
    found = [(index, code, comment) for index, code, comment, _statement in commented_lines(text)]
    assert found == [(1, "c.update('witch')", "使用另一个iterable对象更新"),
                     (5, "c.subtract('witch')", "减少则使用subtract()方法： 使用另一个iterable对象更新")]


def test_a_commented_line_is_about_the_call_its_comment_names(tmp_path: Path) -> None:
    """"# itemgetter() 函数也支持多个 keys" over `sorted(rows, key=itemgetter('lname', 'fname'))`: the line
    speaks of itemgetter, not of the `sorted` it is passed to."""
    library = compile_notes(tmp_path, {"operator.md": """
        # operator

        ```python
        from operator import itemgetter
        rows_by_uid = sorted(rows, key=itemgetter(1))  # 按照元祖的第二个值排序

        # itemgetter() 函数也支持多个 keys，比如下面的代码
        rows_by_lfname = sorted(rows, key=itemgetter('lname', 'fname'))
        ```
        """})
    said = {symbol: s.doc for s in library.snippets if s.kind == "prose" for symbol in s.symbols}
    assert "也支持多个 keys" in said.get("operator.itemgetter", ""), said
    assert "builtins.sorted" not in said and "sorted" not in said, said



FITTING = """from sklearn.linear_model import LinearRegression

model = LinearRegression()

model.fit(x_train, y_train)
# 用训练集求出每个特征的系数和截距

y_pred = model.predict(x_test)
# 对没见过的样本给出预测值
# 返回的是一维数组

score = evaluate(y_pred)
# 自己写的评估函数
x = 1
y = 2
"""


def test_a_comment_right_below_a_statement_that_stands_alone_explains_it(tmp_path: Path) -> None:
    """`model.fit(x, y)` then `# 训练模型…` then a blank line: the comment is about the line above it;
    a comment followed by the next statement is not (it may lead into that one)."""
    found = [(index, code, comment) for index, code, comment, _statement in commented_lines(FITTING)]
    assert found == [(4, "model.fit(x_train, y_train)", "用训练集求出每个特征的系数和截距"),
                     (7, "y_pred = model.predict(x_test)", "对没见过的样本给出预测值 返回的是一维数组")]
    library = compile_notes(tmp_path, {"fit.md": f"# 线性回归\n\n```python\n{FITTING}```\n"})
    code = "from sklearn.linear_model import LinearRegression\n\nm = LinearRegression()\nm.fit(a, b)\n"
    entry = first_entry(library, code, "fit")
    assert entry is not None and "`model.fit(x_train, y_train)` — 用训练集求出每个特征的系数和截距" in entry, entry


def test_a_print_of_values_between_a_comment_and_its_statement_is_no_step() -> None:
    """A student's block labels each step with a print and prints what it made: `# 正态分布的数组`, then
    `print('随机矩阵3')`, the call, then `print(d3, d3.shape)`; a figure saved, then shown. The comment says
    what the call does; a print that calls something is a statement of its own."""
    text = ("# low~high之间的整数\nprint('随机矩阵1')\nd1 = np.random.randint(10, 20, (4, 5))\nprint(d1, d1.dtype, d1.shape)\n\n"
            "# 0~1之间生成符合正态分布的数组\nprint('随机矩阵3')\nd3 = np.random.randn(3, 5)\nprint(d3, d3.dtype)\n\n"
            "# 查看当前的种子\nprint(np.random.get_state()[1][0])\nx = np.ones(3)\n\n"
            "# 图像保存（最好使用SVG矢量图保存）\nplt.savefig('a.svg')\nplt.show()\n")
    found = [(index, code, comment) for index, code, comment, _statement in commented_lines(text)]
    assert found == [(2, "d1 = np.random.randint(10, 20, (4, 5))", "low~high之间的整数"),
                     (7, "d3 = np.random.randn(3, 5)", "0~1之间生成符合正态分布的数组"),
                     (15, "plt.savefig('a.svg')", "图像保存（最好使用SVG矢量图保存）")]


def test_among_blocks_that_only_call_an_api_one_whose_comments_speak_of_it_answers_first() -> None:
    """Two notebook cells call `.size()` in passing: one under a caption about conv layers, one whose comment
    says "# .shape is the same with .size()". The comment is the only word either says of it."""
    def cell(note: str, code: str, doc: str) -> Snippet:
        return Snippet(id=f"torch.{note}", context="torch", title=note, body=code, code=code, source=Source(note, 3),
                       symbols=("torch.randn", "torch.Tensor.size"), about=(CALLED, CALLED), doc=doc)

    conv = cell("conv.ipynb", "x = torch.randn(1, 1, 28, 28)\nprint(layer(x).size())", "create 2d-CNN layer by class: torch.nn")
    shape = cell("datatype.ipynb", "a = torch.randn(2, 3)\n# .shape is the same with .size()\nprint(a.shape, a.size())", "")
    assert [s.source.note for s in Library([conv, shape]).for_symbol("torch.Tensor.size")] == ["datatype.ipynb", "conv.ipynb"]
