"""Cleaning and classifying code blocks by content, never by their fence label."""

from __future__ import annotations

import ast

import pytest

from notesense.notes import classify
from notesense.notes.cleanup import fix_print
from notesense.notes.classify import without_printed
from notesense.notes.code import clean, printed_block
from notesense.notes.model import CodeBlock


def run(text: str, info: str = "", line: int = 10):
    return clean(CodeBlock(info=info, text=text, line=line))


@pytest.mark.parametrize("label", ["apache", "prolog", "lua", "haskell", "cmd", "sql", ""])
def test_python_is_python_whatever_the_label(label: str) -> None:
    result = run("df = df.fillna(0)\ndf['x1'] = df.apply(lambda x: x.amount, axis=1)\n", label)
    assert result.kind == "python" and result.error is None


@pytest.mark.parametrize("elided", ["......", "…", "……  # 省略"])
def test_a_signature_whose_body_is_left_out_with_dots_is_python(elided: str) -> None:
    """A signature pasted from the docs with its body left out in more dots than `...`: Python, the
    dots read as `...` (its comment kept)."""
    result = run(f"def scatter(\n    tensor: torch.Tensor,\n    src: Optional[int] = None,\n):\n    {elided}\n", "python3")
    assert result.kind == "python" and result.error is None, result
    assert result.code.endswith("\n    ..." + ("  # 省略" if "#" in elided else "")), result.code
    assert ast.parse(result.code)


def test_a_signature_pasted_without_its_body_is_python_not_settings() -> None:
    """`def init_process_group(\n    backend: Optional[str] = None,\n …) -> None:` with no body: its lines
    look like settings (`name: type = value`), but with the body filled in it is Python."""
    signature = ("def init_process_group(\n    backend: Optional[str] = None,\n    init_method: Optional[str] = None,\n"
                 "    timeout: Optional[timedelta] = None,\n    world_size: int = -1,\n    rank: int = -1,\n"
                 "    store: Optional[Store] = None,\n    group_name: str = \"\",\n) -> None:\n")
    result = run(signature, "python3")
    assert result.kind == "python" and result.code.endswith("\n    ..."), result
    assert run("backend: nccl\nmaster_addr: 10.0.0.1\nworld_size: 4\n").kind == "config"


def test_shell_is_shell_even_when_labelled_python() -> None:
    for text in (
        "pip install torch\n",
        "conda config --add channels https://mirrors.example/anaconda\nconda config --show\n",
        "$ ls -la\n",
        "> python -m ensurepip\n> python -m pip install --upgrade pip\n",
        "git clone https://example.org/x.git\ncd x\n",
        "sudo apt-get install -y build-essential\n",
        "./configure --prefix=/opt\nmake -j4\nmake install\n",
        "gcc --version\n",
        "nvidia-smi\n",
        "#!/bin/bash\nfor f in *.txt; do\n  echo $f\ndone\n",
        "export PATH=/opt/bin:$PATH\nsource ~/.bashrc\n",
    ):
        assert run(text, "python").kind == "shell", text


@pytest.mark.parametrize(
    "text",
    [
        '{\n    // comment\n    "version": "0.2.0",\n    "args": [],\n}\n',
        '{"a": true, "b": null}\n',
        "channels:\n  - defaults\nshow_channel_urls: true\n",
        "[tool]\nname = demo\nversion = 1\n",
        '<div align=center>\n<img src="x.png">\n</div>\n',
    ],
)
def test_config(text: str) -> None:
    assert run(text, "python").kind == "config"


def test_python_dict_with_calls_is_not_config() -> None:
    assert run("cfg = {'lr': 0.1}\nmodel = build(cfg)\n").kind == "python"


def test_output_and_other() -> None:
    assert run("A      (4d array):  8 x 1 x 6 x 1\nB      (3d array):      7 x 1 x 5\n").kind == "output"
    assert run("TensorFlow: Resource exhausted: OOM when allocating tensor\n", "cmd").kind == "output"
    assert run("spam/\n    __init__.py\n    foo.py\n").kind == "other"
    assert run('package main\n\nfunc main() {\n    fmt.Println("hi");\n}\n', "python").kind == "other"
    assert run("#include <stdio.h>\nint main(void) {\n    return 0;\n}\n").kind == "other"
    assert run("SELECT * FROM t WHERE a = 1;\n", "python").kind == "other"
    assert run("const x = require('y');\nfunction f() { return 1; }\n", "python").kind == "other"
    assert run("   A  B\n0  1  4\n1  2  5\n", "python").kind == "output"
    assert run("# Title\n\n*demo* 斜体\n\n- 列表\n\n1. 有序\n", "markdown").kind == "other"


def test_a_lone_printed_value_is_output_not_python() -> None:
    """`[('a', 3), ('b', 2)]` on its own is a value a program printed: it parses, but names no API.
    After a label that introduces output (`输出：`, `Output:`) so is a printed call of names only
    (`array([3, 0, 4])`), while code that reads a variable stays code even there."""
    assert run("[('a', 3), ('b', 2)]\n").kind == "output"
    assert run("(3, 4)\n").kind == "output"
    assert run("x = [('a', 3)]\n").kind == "python"
    for lead in ("输出：", "Output:", "**运行结果如下：**", "which prints:"):
        assert printed_block(run("array([3, 0, 4], dtype=np.int64)\n"), lead).kind == "output", lead
        assert printed_block(run("[3 0 4 0 5]\n"), lead).kind == "output", lead
    assert printed_block(run("df.describe()\n"), "结果：").kind == "python"
    assert printed_block(run("array([3, 0, 4])\n"), "Then we call it like this:").kind == "python"
    assert printed_block(run("np.zeros(3)\n"), "").kind == "python"


def test_repl_transcript_prompts_outputs_and_continuations() -> None:
    text = (
        ">>> import numpy as np\n"
        ">>> np.where([[True, False], [True, True]],\n"
        "             [[1, 2], [3, 4]],\n"
        "             [[9, 8], [7, 6]])\n"
        "array([[1, 8],\n"
        "       [3, 4]])\n"
        ">>> for i in range(2):\n"
        "...     print(i)\n"
        "...\n"
        "0\n"
        "1\n"
        ">>>\n"
    )
    result = run(text, "lua", line=100)
    assert result.kind == "repl"
    assert result.code == (
        "import numpy as np\nnp.where([[True, False], [True, True]],\n"
        "             [[1, 2], [3, 4]],\n             [[9, 8], [7, 6]])\nfor i in range(2):\n    print(i)"
    )
    assert result.outputs == ["array([[1, 8],\n       [3, 4]])", "0\n1"]
    assert result.error is None


def test_ipython_transcript() -> None:
    result = run("In [1]: x = [1, 2]\n\nIn [2]: len(x)\nOut[2]: 2\n\nIn [3]: %timeit len(x)\n")
    assert result.kind == "repl"
    assert result.code == "x = [1, 2]\nlen(x)"
    assert result.outputs == ["2"]
    assert result.set_aside == [(15, "%timeit len(x)", "IPython magic")]


def test_a_compound_statement_typed_without_continuation_prompts() -> None:
    """A course's session that leaves out the `...` prompts of a `with` block's body, then elides its
    output with "... look at the output ...": the indented lines are the body, the elision is output."""
    result = run(">>> import gzip\n>>> with gzip.open('portfolio.csv.gz', 'rt') as f:\n    for line in f:\n"
                 "        print(line, end='')\n\n... look at the output ...\n>>>\n", "python")
    assert (result.kind, result.error) == ("repl", None)
    assert result.code == "import gzip\nwith gzip.open('portfolio.csv.gz', 'rt') as f:\n    for line in f:\n        print(line, end='')"
    assert result.outputs == ["... look at the output ..."]
    printed = run(">>> for x in [1, 2]:\n...     print(x)\n...\n1\n2\n", "python")
    assert (printed.code, printed.outputs) == ("for x in [1, 2]:\n    print(x)", ["1\n2"])


def test_a_console_transcript_whose_prompts_have_no_space() -> None:
    """`In[201]:` as some consoles copy it (a blog's torch notes, every block so): a session like
    `In [201]:`, its `Out[201]:` what it printed."""
    result = run("In[201]: torch.randn(3,3)\nOut[201]: \ntensor([[ 0.3099, -0.8410],\n        [ 1.0023, -0.4343]])\n"
                 "In[202]: a = torch.rand(3,3)\n", "python")
    assert (result.kind, result.error) == ("repl", None)
    assert result.code == "torch.randn(3,3)\na = torch.rand(3,3)"
    assert result.outputs == ["tensor([[ 0.3099, -0.8410],\n        [ 1.0023, -0.4343]])"]


def test_a_pages_script_is_neither_python_nor_a_signature() -> None:
    """`axios.get(url).then(response => {…})` in a ```javascript block of a note on Vue opens like a
    library's call and does not parse: it is a script, not a signature pasted with a slip, and says
    nothing of Python's `dict.get`."""
    for line in ('axios.get("http://x").then(r => { this.weather = r.data })',
                 "app.get('/', function (req, res) { res.send('hi') })", "vm.items.filter(x => x.done === true)"):
        assert run(line + "\n", "javascript").kind not in ("python", "signature", "repl"), line
    assert classify.signature_lines(["torch.cat(tensors, dim=0) -> Tensor"]) == ["torch.cat(tensors, dim=0) -> Tensor"]


def test_a_books_session_without_numbers() -> None:
    """`In:` with the cell's other lines indented under its first (a book's printed session), `Out:`."""
    result = run("In: import torch as t\n    a = t.ones(3)\n    for x in a:\n        print(x)\nOut: tensor(1.)\n")
    assert (result.kind, result.error) == ("repl", None)
    assert result.code == "import torch as t\na = t.ones(3)\nfor x in a:\n    print(x)"
    assert result.outputs == ["tensor(1.)"]
    assert run("In = 3\nprint(In)\n").kind == "python"


def test_short_prompt_transcript_and_prompt_without_space() -> None:
    assert run(">> x = np.arange(3)\n>> x.shape\n(3,)\n").outputs == ["(3,)"]
    result = run(">>>x = 7\n>>> eval('3 * x')\n21\n")
    assert (result.kind, result.code, result.outputs) == ("repl", "x = 7\neval('3 * x')", ["21"])


def test_python2_prints_become_python3() -> None:
    result = run("l = [1, 2]\nprint l\nprint zip(*l)  # 注释\nprint\n", "python")
    assert result.kind == "python" and result.error is None
    assert result.code == "l = [1, 2]\nprint(l)\nprint(zip(*l))  # 注释\nprint()"
    assert fix_print('print "a", b,') == 'print("a", b, end=" ")'
    assert fix_print("print >>f, x") == "print(x, file=f)"
    assert fix_print("    print 'x # y'") == "    print('x # y')"
    assert fix_print("print (x)") == "print (x)"
    assert fix_print("print = log") == "print = log"


def test_comments_written_as_in_c_become_python_comments() -> None:
    """`x = np.linalg.solve(a, b)    // Method 2 (Recommended)`: a line that does not parse with its `//`
    comment, and does as a `#` one; floor division (`total // 2`) stays as written."""
    result = run("A = np.array([[1, 2], [3, 4]])\nx = np.linalg.solve(A, b)\t\t// Method 2 (Recommended)\n"
                 "half = total // 2\n", "python")
    assert result.kind == "python" and result.error is None
    assert result.code == "A = np.array([[1, 2], [3, 4]])\nx = np.linalg.solve(A, b)\t\t# Method 2 (Recommended)\nhalf = total // 2"



def test_a_line_cleaning_asks_about_again_is_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The print fix tries a line as written and fixed, the Python share asks about each line again,
    and notes repeat their lines: a line is parsed once (its answers kept as flags, never as trees),
    while a long piece is parsed every time and never kept."""
    parsed: list[str] = []
    line_tree = classify._line_tree

    def counted(source: str):
        parsed.append(source)
        return line_tree(source)

    monkeypatch.setattr(classify, "_line_tree", counted)
    text = "u = User('n1', 3)\nprint u.name\nprint u.age\n"
    first, again = run(text, "python"), run(text, "python")
    assert first == again and first.code == "u = User('n1', 3)\nprint(u.name)\nprint(u.age)"
    assert parsed and len(parsed) == len(set(parsed))  # each line once, the second block asked nothing new
    long_piece = "x = 1\n" * 60
    assert classify.parses_line(long_piece) and classify.parses_line(long_piece)
    assert parsed.count(long_piece) == 2

def test_html_inside_code_is_removed() -> None:
    text = "df_clear = df.drop(df[df['x']<0.01].index)\n<em># 也可以\n</em>x = a &lt; b <em>#注释</em>\n"
    result = run(text, "apache")
    assert result.kind == "python"
    assert result.code == "df_clear = df.drop(df[df['x']<0.01].index)\n# 也可以\nx = a < b #注释"


def test_magics_and_shell_escapes_are_set_aside() -> None:
    result = run("%matplotlib inline\n!pip install seaborn\nimport seaborn as sns\nsns.set()\n", "python", line=5)
    assert result.kind == "python" and result.code == "import seaborn as sns\nsns.set()"
    assert result.set_aside == [
        (5, "%matplotlib inline", "IPython magic"),
        (6, "!pip install seaborn", "IPython shell escape"),
    ]
    assert run("%%bash\nls -la\necho hi\n", "python").kind == "shell"
    timed = run("%%time\nx = sum(range(10))\n", "python", line=1)
    assert (timed.kind, timed.code) == ("python", "x = sum(range(10))")
    assert timed.set_aside == [(1, "%%time", "IPython cell magic")]
    mixed = run("$ pip install torch\nimport torch\nx = torch.zeros(3)\n", "", line=1)
    assert (mixed.kind, mixed.code) == ("python", "import torch\nx = torch.zeros(3)")
    assert mixed.set_aside == [(1, "$ pip install torch", "shell command")]


def test_pasted_summary_table_is_split_from_code() -> None:
    text = (
        "model = Net()\n"
        "summary(model, (1, 28, 28))\n"
        "# 输出\n"
        "----------------------------------------------------------------\n"
        "        Layer (type)               Output Shape         Param #\n"
        "================================================================\n"
        "            Conv2d-1           [-1, 10, 24, 24]             260\n"
        "================================================================\n"
        "Total params: 21,840\n"
        "----------------------------------------------------------------\n"
    )
    result = run(text, "python")
    assert result.kind == "python" and result.error is None
    assert result.code == "model = Net()\nsummary(model, (1, 28, 28))\n# 输出"
    assert len(result.outputs) == 1 and "Total params: 21,840" in result.outputs[0]


def test_tqdm_bars_and_out_markers_are_outputs() -> None:
    bar = "100%|██████████| 100/100 [00:06<00:00, 16.04it/s]"
    result = run(f"for i in trange(100):\n    time.sleep(0.05)\n{bar}\n", "apache")
    assert result.kind == "python" and result.code == "for i in trange(100):\n    time.sleep(0.05)"
    assert result.outputs == [bar]
    marked = run('pd.isnull("A")\n> False\n\npd.isnull(None)\n> True\n', "vbscript")
    assert marked.kind == "python" and marked.outputs == ["False", "True"]
    assert marked.code == 'pd.isnull("A")\n\npd.isnull(None)'


def test_trailing_output_and_prose_are_split() -> None:
    result = run("torch.ge(a, b)\n 1  1\n 0  1\n[torch.ByteTensor of size 2x2]\n", "python")
    assert result.kind == "python" and result.code == "torch.ge(a, b)"
    assert result.outputs == [" 1  1\n 0  1\n[torch.ByteTensor of size 2x2]"]
    prose = run("mask = np.where(m > 0)\n\n中大于0的位置有：(0,2)(1,0)\n", "", line=1)
    assert prose.kind == "python" and prose.code == "mask = np.where(m > 0)"
    assert prose.set_aside == [(3, "中大于0的位置有：(0,2)(1,0)", "prose in a code block")]
    labelled = run("def f(*a):\n\tprint(a)\nf(1, 2)\n\n》》》输出结果\n(1, 2)\n", "python", line=1)
    assert labelled.code == "def f(*a):\n\tprint(a)\nf(1, 2)" and labelled.outputs == ["(1, 2)"]
    assert labelled.set_aside == [(5, "》》》输出结果", "output label")]


def test_prose_between_statements_stays_as_a_comment_over_the_code_it_speaks_of() -> None:
    """A sentence of Chinese between two examples of one block ("两个函数都能接受一个关键字参数…：" over the
    call that passes `key=`) is the note's word on the code under it: it stays there as a comment, and the
    block stays as the note indents it."""
    text = ("import heapq\nprint(heapq.nsmallest(3, nums))\n\n两个函数都能接受一个关键字参数，用于更复杂的数据结构中：\n"
            "portfolio = [\n    {'name': 'IBM', 'price': 91.1},\n]\ncheap = heapq.nsmallest(1, portfolio, key=lambda s: s['price'])\n")
    result = run(text, "python")
    assert result.kind == "python" and result.error is None and result.set_aside == []
    assert result.code.split("\n")[3] == "# 两个函数都能接受一个关键字参数，用于更复杂的数据结构中："
    assert "    {'name': 'IBM', 'price': 91.1}," in result.code
    # a line that is no prose stops it as before: the outline's label is set aside
    outline = run("DataFrame.loc[]\n\tdf.loc['a']\n\t\tprint(df.loc['a'])\n", "python")
    assert [reason for *_, reason in outline.set_aside] == ["not Python: a label in an outline of code"]


def test_a_class_signature_over_several_lines_is_a_signature_not_an_outline() -> None:
    """`class sklearn.tree.DecisionTreeClassifier(criterion='gini',` over one parameter a line and `)`, as a
    note copies the reference: the signature, never its first and last lines set aside as an outline's labels."""
    text = ("class sklearn.tree.DecisionTreeClassifier(criterion='gini', \n                    splitter='best', \n"
            "                    max_depth=None, \n                    random_state=None\n                   )\n")
    result = run(text, "python")
    assert result.kind == "signature" and result.set_aside == [], result
    assert result.signatures == ["class sklearn.tree.DecisionTreeClassifier(criterion='gini', splitter='best', "
                                 "max_depth=None, random_state=None )"], result.signatures


def test_printed_array_rows_between_statements_are_output() -> None:
    """A session pasted without prompts: the tensor's rows it printed ("1 1 1", "2 3 4 # 0行") sit between
    the statements, which stay one example."""
    text = ("x = torch.ones(3, 3)\nx\n1 1 1\n1 1 1\nt = torch.arange(9).view(3, 3)\n"
            "x.index_add_(0, index, t)  # 按行添加\nx\n2 3 4 # 0行\n[[ 8  9 10]\n")
    result = run(text, "py")
    assert result.kind == "python" and result.error is None
    assert result.code == "x = torch.ones(3, 3)\nx\nt = torch.arange(9).view(3, 3)\nx.index_add_(0, index, t)  # 按行添加\nx"
    assert "1 1 1" in result.outputs[0] and "2 3 4 # 0行" in "\n".join(result.outputs)
    # a row with commas is a line of a literal, never taken out
    literal = run("a = np.array([[1, 2],\n              [3, 4]])\nb = a.T\nc = (\n", "py")
    assert "[3, 4]])" in literal.code


def test_printed_dataframe_after_code_is_output() -> None:
    text = "df = pd.DataFrame({'A': [1, 2], 'B': [4, 5]})\nprint(df)\n   A  B\n0  1  4\n1  2  5\n"
    result = run(text, "python")
    assert result.kind == "python" and result.code == "df = pd.DataFrame({'A': [1, 2], 'B': [4, 5]})\nprint(df)"
    assert result.outputs == ["   A  B\n0  1  4\n1  2  5"]


def test_traceback_is_output() -> None:
    trace = 'Traceback (most recent call last):\n  File "<stdin>", line 1\nZeroDivisionError: division by zero'
    text = f"x = 1 / 0\n{trace}\n"
    result = run(text)
    assert result.code == "x = 1 / 0" and "ZeroDivisionError" in result.outputs[0]


def test_syntax_error_is_reported_at_the_note_line_and_code_kept() -> None:
    text = "import torch\nedge = torch.tensor([[0, 1],\n                     [1, 0]], dtype=torch,long)\n"
    result = run(text, "python", line=40)
    assert result.kind == "python" and result.code == text.rstrip("\n")
    assert result.error == (42, "positional argument follows keyword argument")


def test_unfinished_block_error_names_note_lines() -> None:
    result = run("# 本地\nwith tf.Session() as sess:\n  # ...\n\nx = 1\n", "python", line=100)
    assert result.kind == "python"
    assert result.error == (104, "expected an indented block after 'with' statement on line 101")


def test_statement_split_across_two_lines_is_reported() -> None:
    text = (
        "def forward(self, x):\n"
        "    x = F.relu(self.conv1(x))\n"
        "    x = F.re\n"
        "    lu(self.conv2(x))\n"
        "    return x\n"
    )
    result = run(text, "python", line=20)
    assert result.kind == "python" and result.code == text.rstrip("\n")
    assert result.error is not None and result.error[0] == 22 and "x = F.relu(self.conv2(x))" in result.error[1]
    assert run("x = y\nprint(x)\nfoo = bar\nbaz(foo)\n").error is None  # `baz` defined nowhere, but no wrap


def test_signatures() -> None:
    for text in (
        "os.walk(top[, topdown=True[, onerror=None[, followlinks=False]]])\n",
        "class torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode='min', factor=0.1)\n",
        "torch.chunk(tensor, chunks, dim=0) → List of Tensors\n",
        "# 两种方法\nSurface((width, height), flags=0) -> Surface\n",
        "json.dumps(obj, *, skipkeys=False, indent=None, **kw)\n",
        "divmod(a, b, /)\n",
    ):
        result = run(text, "python")
        signature = text.strip().split("\n")[-1]
        assert (result.kind, result.signatures, result.code) == ("signature", [signature], signature)


def test_indentation_and_blank_edges_are_trimmed() -> None:
    result = run("\n\n    for ind, c in enumerate(idx):\n            sub = labels[c]\n\n\n", "swift", line=1)
    assert result.code == "for ind, c in enumerate(idx):\n        sub = labels[c]"
    assert result.error is None


def test_comment_only_blocks_depend_on_the_label() -> None:
    assert run("# -*- coding:utf-8 -*-\n", "python").kind == "python"
    assert run("# matmul 矩阵乘法\n# mul 对应元素相乘\n", "").kind == "other"


def test_cleaned_python_parses_or_reports() -> None:
    broken = run("x = (\n")
    assert broken.kind == "python" and broken.error is not None and "never closed" in broken.error[1]
    for text in ("print 'a' 'b'\n", "a = 1\n>>> b\n"):
        result = run(text)
        assert result.kind in ("python", "repl") and result.error is None, text
        ast.parse(result.code)


def test_empty_block() -> None:
    assert run("\n\n").kind == "other"


def test_output_pasted_into_prose_under_a_label_is_not_prose() -> None:
    """"运行结果：" then the printed Series: the label and the printed lines leave the prose, up to a
    blank line or the first sentence; a label followed by a sentence is prose."""
    assert without_printed("统计次数。\n运行结果：\nbj    2\nsh    1\nName: city, dtype: int64\n\n后文。") == "统计次数。\n\n后文。"
    assert without_printed("Output:\n[3 0 4]\nwhich is what we want here") == "which is what we want here"
    assert without_printed("返回值：\n这是一个新列表，原列表不变。") == "返回值：\n这是一个新列表，原列表不变。"


def test_without_printed_asks_its_regex_only_when_a_label_can_be_there(monkeypatch) -> None:
    # every hover's doc goes through `without_printed`: prose with no colon, or with none of a label's
    # words, is answered without the multi-line regex (which costs a step at every character)
    from notesense.notes import classify

    label = classify._PRINTED_LINE
    texts = ["统计次数。\n运行结果：\nbj    2", "Output:\n[3]", "PRINTS:\n1", "the reſult:\n1", "x: 1\ny: 2",
             "没有标签的说明。", "Returns a new tensor.", "字典：键和值", "returns a copy: see below", ""]
    expected = {text: without_printed(text) for text in texts}
    assert all(classify._may_have_printed_label(t) for t in texts if label.search(t))  # never skips a label

    class Counting:
        calls = 0

        def search(self, text: str):
            Counting.calls += 1
            return label.search(text)

    monkeypatch.setattr(classify, "_PRINTED_LINE", Counting())
    assert {text: without_printed(text) for text in texts} == expected
    assert Counting.calls == 5  # the four labelled texts, and the one with a colon and "returns"


@pytest.mark.parametrize("line", [
    "x = f(a[0], {'k': (1, 2)})", "print(')')  # (", 'g("[", [1, 2]', "y = h(2, (3", "a)]}", "# (((", "",
    "d = {", "s = '''('''", "call(x)(y)[0]{", "t = r'\\''; u = (", "v = [1, # ]",
])
def test_bracket_delta_counts_code_only(line: str, monkeypatch) -> None:
    """Open minus closed brackets outside strings and comments, whether the line needs the scanner or not;
    a line with no quote and no `#` is counted without it (the per-line scan of every block that does
    not parse as a whole)."""
    from notesense.notes import classify

    expected = sum(1 if c in "([{" else -1 if c in ")]}" else 0 for _, c in classify.code_chars(line))
    assert classify.bracket_delta(line) == expected
    if not any(mark in line for mark in "'\"#"):
        monkeypatch.setattr(classify, "code_chars", None)  # not asked
        assert classify.bracket_delta(line) == expected


def test_typographic_quotes_a_blog_editor_curled_are_made_straight() -> None:
    """`reduction='mean’`: the closing quote curled by a blog editor; the call is Python once it is
    straight. A block that parses keeps its quotes (they are inside its strings)."""
    curled = run("nn.MSELoss(size_average=None, reduce=None, reduction='mean\u2019)\n", "python")
    assert curled.kind == "python" and curled.error is None, curled
    assert curled.code.strip() == "nn.MSELoss(size_average=None, reduce=None, reduction='mean')"
    double = run("x = np.array([1, 2])\nprint(\u201cshape\u201d, x.shape)\n", "python")
    assert double.error is None and 'print("shape", x.shape)' in double.code, double
    quoted = "title = '他说\u201c好\u201d'\nprint(title)\n"
    assert run(quoted, "python").code.strip() == quoted.strip()


def test_a_block_that_lost_only_its_first_line_s_indentation_is_moved_left() -> None:
    """Copied from inside a function: `user = {...}` at the margin, every line after it indented. The
    lines after it move left by their common margin; a block whose first
    line opens a body (`def f():`) keeps its indentation."""
    pasted = ("user = {'id': 1, 'name': 'python'}\n    print(type(user))   # < type 'dict' >\n\n"
              "    juser = json.dumps(user)\n    user2 = json.loads(juser)\n")
    moved = run(pasted, "")
    assert moved.kind == "python" and moved.error is None, moved
    assert moved.code.split("\n")[3:5] == ["juser = json.dumps(user)", "user2 = json.loads(juser)"], moved.code
    body = "def f(x):\n    y = x + 1\n    return y\n"
    assert run(body, "python").code.strip() == body.strip()


def test_spaces_a_web_page_pastes_are_plain_spaces_where_python_refuses_them() -> None:
    """A blog's code copied with no-break spaces lining up a call's arguments (and an ideographic one,
    a zero-width one): Python refuses them, so the block is read with plain spaces and parses whole. A
    no-break space inside a string of code that parses is the code's own, kept."""
    pasted = ("from sklearn.utils import resample\n\nup = resample(df_minority,\n"
              "\xa0\xa0\xa0\xa0\xa0\xa0\xa0\xa0replace=True,\xa0\xa0\xa0\xa0# sample with replacement\n"
              "\u3000\u3000\u3000\u3000n_samples=576)\u200b\n")
    cleaned = run(pasted)
    assert cleaned.kind == "python" and "resample(df_minority," in cleaned.code, cleaned
    assert "\xa0" not in cleaned.code and "\u3000" not in cleaned.code and "\u200b" not in cleaned.code
    ast.parse(cleaned.code)
    literal = run("sep = '\xa0'\nparts = text.split(sep)\n")
    assert "'\xa0'" in literal.code, literal


def test_a_line_that_is_only_the_prompt_marks_the_output_under_it() -> None:
    """`print(np.random.randint(10))`, then `>>>` alone over `5` (a Sphinx note's way to show output): the
    lines up to the blank line are output, and the code after it is code again."""
    result = run("print(np.random.randint(10))\n\n>>>\n5\n\n# 从 [0-2) 中取随机数\nprint(np.random.randint(2, size=10))\n\n"
                 ">>>\n[0 0 1 1 1 0 0 1 0 1]\n", "python")
    assert result.kind == "python" and result.error is None
    assert result.code == "print(np.random.randint(10))\n\n# 从 [0-2) 中取随机数\nprint(np.random.randint(2, size=10))"
    assert result.outputs == ["5", "[0 0 1 1 1 0 0 1 0 1]"]


def test_code_indented_as_an_outline_is_python_with_its_labels_set_aside() -> None:
    """A note that indents its code as an outline (a label, then what it returns, then the call under
    it, each a tab deeper) holds Python all the same: flush left, the labels that are no Python apart."""
    text = ("# 行索引\n\tDataFrame.loc[label]\n\t\t# 返回 Series 一行\n\t\t\tprint(df.loc['a'])\n"
            "DataFrame.iloc[]\n\tprint(df.iloc[0])  # 第一行\n")
    result = clean(CodeBlock(text=text, line=10, info="python"))
    assert result.kind == "python" and ast.parse(result.code)
    assert "print(df.loc['a'])" in result.code and "# 返回 Series 一行" in result.code
    assert result.set_aside == [(14, "DataFrame.iloc[]", "not Python: a label in an outline of code")]
