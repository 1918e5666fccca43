"""Posts written the way people keep API notes: a heading per API with its sides under it ("函数原型",
"功能", "代码示例"), prose between blocks that names APIs the code never calls, a block with a slip in it,
and lines of code with their comments written as a paragraph. Every post here is written for the test."""

from __future__ import annotations

from pathlib import Path

from notesense.notes.markdown import parse_sections
from written import compile_notes, first_entry, notebook

ASPECTS = """\
---
title: numpy 笔记
---

## np.argsort
### 函数原型
numpy.argsort(a, axis=-1, kind='quicksort')
axis：沿哪一维排序

### 功能
把数组从小到大排好以后，给出每个元素原来的下标。

### 代码示例
```python
import numpy as np
idx = np.argsort(np.array([3, 1, 2]))
```

## np.clip
### 1. 简单解释
把数值限制在给定区间里。
"""


def test_the_sides_of_an_api_heading_are_one_section() -> None:
    sections = parse_sections(ASPECTS.split("---\n", 2)[2])
    assert [s.heading for s in sections] == [("np.argsort",), ("np.clip",)]
    argsort = sections[0]
    assert "给出每个元素原来的下标" in argsort.prose and "沿哪一维排序" in argsort.prose
    assert len(argsort.blocks) == 1 and "给出每个元素原来的下标" in argsort.lead[0]  # the description leads into the example


def test_an_api_heading_answers_with_what_its_sides_say(tmp_path: Path) -> None:
    library = compile_notes(tmp_path, {"numpy.md": ASPECTS})
    entry = first_entry(library, "import numpy as np\n\norder = np.argsort(values)\n", "argsort")
    assert entry is not None and "给出每个元素原来的下标" in entry, entry
    assert "*numpy 笔记 › np.argsort*" in entry  # no "› 功能": the side is part of the API's section
    entry = first_entry(library, "import numpy as np\n\nnp.clip(x, 0, 1)\n", "clip")
    assert entry is not None and "把数值限制在给定区间里" in entry, entry


def test_how_an_api_works_is_a_side_of_its_note(tmp_path: Path) -> None:
    """"## 核心原理" in a note on one API (`Adam.md`, its signature then its parameters) says how that API
    works: part of its section, shown with it, where it had been a section naming nothing."""
    sections = parse_sections("## np.argsort\n\n给出排序后的下标。\n\n### 实现原理\n\n先排序，再记下原来的位置。\n")
    assert [s.heading for s in sections] == [("np.argsort",)] and "记下原来的位置" in sections[0].prose
    library = compile_notes(tmp_path, {"optim/Adam.md": """\
        ```python
        torch.optim.Adam(params, lr=1e-3, betas=(0.9, 0.999))
        ```

        + lr

          初始学习率，默认0.001

        ## 核心原理

        直观理解：不仅带惯性，还能根据路况调整步长。
        """})
    entry = first_entry(library, "import torch\n\nopt = torch.optim.Adam(model.parameters())\n", "Adam")
    assert entry is not None and "根据路况调整步长" in entry, entry


A_SECTION_WITH_ITS_OWN_SUBTOPICS = """\
## 排序
### np.sort 与 np.argsort 的区别
前者返回排好的数组，后者返回下标。
"""


def test_a_subheading_that_is_a_topic_stays_a_section() -> None:
    sections = parse_sections(A_SECTION_WITH_ITS_OWN_SUBTOPICS)
    assert sections[-1].heading == ("排序", "np.sort 与 np.argsort 的区别")


SAMPLERS = """\
# torch 数据读取

## DataLoader

PyTorch 还提供采样器。常用的有随机采样器`RandomSampler`，`shuffle=True` 时就会用它打乱数据。

```python
import torch
from torch.utils.data import DataLoader
loader = DataLoader(dataset, batch_size=4, shuffle=True)
```
"""


def test_what_the_prose_before_a_block_names_is_found_there(tmp_path: Path) -> None:
    """RandomSampler is only named in the prose that leads into a DataLoader block: that block answers
    for it, as mentioned in passing (below anything that says more)."""
    library = compile_notes(tmp_path, {"loader.md": SAMPLERS})
    entry = first_entry(library, "from torch.utils.data import RandomSampler\n\ns = RandomSampler(data)\n", "RandomSampler(")
    assert entry is not None and "随机采样器" in entry, entry
    record = next(s for s in library.snippets if "torch.utils.data.DataLoader" in s.symbols)
    assert record.symbols[0] == "torch.utils.data.DataLoader"  # still first about what it calls
    assert record.aboutness("torch.utils.data.RandomSampler") == 0


SLIP = """\
## 深拷贝

```python
from copy import deepcopy
a = ['hello', [1, 2]
b = deepcopy(a)
```
拷贝以后，a 和 b 里每个可变元素都是新的对象。
"""


def test_a_block_with_a_slip_still_says_what_it_calls(tmp_path: Path) -> None:
    library = compile_notes(tmp_path, {"copy.md": SLIP})
    entry = first_entry(library, "from copy import deepcopy\n\nb = deepcopy(a)\n", "deepcopy(")
    assert entry is not None and "每个可变元素都是新的对象" in entry, entry


UNFENCED = """\
## 文件操作

shutil.copyfile(src, dst)    # 只复制文件内容
shutil.copytree(src, dst)    # 递归复制整个目录树，dst 不能已存在
os.makedirs(path, exist_ok=True)   # 逐级创建目录

Use os.path.join(a, b) to build paths, it picks the separator for you.
"""


def test_lines_of_code_written_as_a_paragraph_are_a_block(tmp_path: Path) -> None:
    sections = parse_sections(UNFENCED)
    assert len(sections[0].blocks) == 1 and "shutil.copytree" in sections[0].blocks[0].text
    assert "os.path.join" in sections[0].prose  # a sentence naming code is prose
    library = compile_notes(tmp_path, {"files.md": UNFENCED})
    entry = first_entry(library, "import shutil\n\nshutil.copytree('a', 'b')\n", "copytree")
    assert entry is not None and "递归复制整个目录树" in entry, entry


IMPORT_LINE = """\
### 在 sklearn 中使用 K-Means

from sklearn.cluster import KMeans

### K-Means 的重要参数

KMeans(n_clusters=8, init='k-means++', n_init=10)

n_init：初始化中心点的运算次数，默认是 10。
"""


def test_an_import_written_as_a_line_of_its_own_is_code(tmp_path: Path) -> None:
    """`from sklearn.cluster import KMeans` as a paragraph is the note's import, unfenced: the call
    written bare under the next heading is sklearn's `KMeans`, and the parameters under it answer."""
    sections = parse_sections(IMPORT_LINE)
    assert [b.text for b in sections[0].blocks] == ["from sklearn.cluster import KMeans\n"], sections[0].blocks
    assert not parse_sections("Then\n\nfrom the start, import it all.\n")[0].blocks  # a sentence stays prose
    library = compile_notes(tmp_path, {"kmeans.md": IMPORT_LINE})
    entry = first_entry(library, "from sklearn.cluster import KMeans\n\nkm = KMeans(n_clusters=3)\n", "KMeans(")
    assert entry is not None and "初始化中心点的运算次数" in entry, entry


def test_a_builtins_name_in_a_note_titled_by_a_class_is_its_method(tmp_path: Path) -> None:
    """"在 `eval()` 模式下，Dropout 层会停止随机丢弃神经元" in a note titled "模型基类：Module": the module's
    `eval`, not the builtin the name also spells."""
    library = compile_notes(tmp_path, {"nn/模型基类：Module.md": """\
        # 模型基类：Module

        `nn.Module` 是所有神经网络模块的基类，你写的模型本质上就是：

        ```python
        class MyModel(nn.Module):
            ...
        ```

        ## 控制训练 / 推理状态

        在 `eval()` 模式下，Dropout 层会停止随机丢弃神经元。
        """})
    code = "import torch.nn as nn\n\nmodel = nn.Sequential(nn.Linear(4, 4), nn.Dropout(0.5))\nmodel.eval()\n"
    entry = first_entry(library, code, "eval")
    assert entry is not None and "停止随机丢弃神经元" in entry, entry
    assert not any("eval" in s.symbols for s in library.snippets)


BOLD = """\
# 网络层

**1) nn.Conv2d()**

`nn.Conv2d(in_channels, out_channels, kernel_size)`

函数功能：在多通道的二维输入上做卷积

**2) nn.MaxPool2d()**

函数功能：二维最大值池化

**下面几种激活函数都是为了解决这个问题，依次介绍：**

- 第一种
"""


def test_a_line_all_in_bold_is_a_heading(tmp_path: Path) -> None:
    """Notebooks and posts write sub-headings in bold; a bold sentence that leads into a list is none."""
    sections = parse_sections(BOLD)
    assert [s.heading for s in sections] == [("网络层",), ("网络层", "1) nn.Conv2d()"), ("网络层", "2) nn.MaxPool2d()")]
    assert "依次介绍" in sections[-1].prose
    library = compile_notes(tmp_path, {"layers.md": BOLD})
    entry = first_entry(library, "import torch.nn as nn\n\nconv = nn.Conv2d(3, 6, 5)\n", "Conv2d(")
    assert entry is not None and "在多通道的二维输入上做卷积" in entry and "最大值池化" not in entry, entry
    entry = first_entry(library, "import torch.nn as nn\n\npool = nn.MaxPool2d(2)\n", "MaxPool2d(")
    assert entry is not None and "二维最大值池化" in entry, entry


def test_a_variable_of_an_earlier_cell_is_no_module_a_heading_names(tmp_path: Path) -> None:
    """The heading says "optimizer" and a cell reads `optimizer.param_groups` without binding it: the
    variable an earlier cell made, not a module named optimizer (no invented `optimizer.*` symbols)."""
    cells = [("markdown", "# 1. optimizer 的基本情况\n\n优化器管理并更新参数。"),
             ("markdown", "## 2.1 step()\n\n功能：执行一步梯度更新"),
             ("code", "import torch\n\nw = torch.randn((2, 2), requires_grad=True)\noptimizer = torch.optim.SGD([w], lr=1)\noptimizer.step()\n"),
             ("code", "print(optimizer.param_groups)\n"),
             ("markdown", "## 2.2 zero_grad()\n\n功能：清空所管理参数的梯度。"),
             ("code", "print(w.grad)\noptimizer.zero_grad()\n")]
    library = compile_notes(tmp_path, {"opt.ipynb": notebook(cells)})
    assert not [x for s in library.snippets for x in s.symbols if x.startswith("optimizer.")]
    entry = first_entry(library, "import torch\n\nopt = torch.optim.SGD(params, lr=0.1)\nopt.zero_grad()\n", "zero_grad")
    assert entry is not None and "清空所管理参数的梯度" in entry, entry


PRINTED = """\
## 浅拷贝

```python
import copy
a = ['hello', [1, 2]]
b = copy.copy(a)
print(a, b)
print(id(a), id(b))
```
> ['hello', [1, 2]] ['hello', [1, 2]]
140234 140236

外层是新列表，里面的可变元素还是同一个对象。
"""


def test_what_the_code_printed_is_not_the_hover_text(tmp_path: Path) -> None:
    entry = first_entry(compile_notes(tmp_path, {"copy.md": PRINTED}), "import copy\n\nb = copy.copy(a)\n", "copy(")
    assert entry is not None and "里面的可变元素还是同一个对象" in entry, entry
    assert "140234" not in entry and "['hello', [1, 2]] ['hello'" not in entry.split("```")[-1], entry


def shows(tmp_path: Path, notes: dict[str, str], code: str, word: str, phrase: str) -> str:
    """The hover's first entry on `word` in `code`, over a library of `notes`: it must say `phrase`."""
    entry = first_entry(compile_notes(tmp_path, notes), code, word)
    assert entry is not None and phrase in entry, entry
    return entry


REFERENCE_BRACKETS = """\
## 删除目录
shutil.copytree(src, dst)   # 递归地复制整个目录
shutil.rmtree(path[, ignore_errors[, onerror]])   # 删除一个完整的目录，无论目录是否为空
"""


def test_optional_argument_brackets_of_a_reference_page_still_name_the_call(tmp_path: Path) -> None:
    shows(tmp_path, {"shutil.md": REFERENCE_BRACKETS}, "import shutil\n\nshutil.rmtree('build')\n", "rmtree",
          "无论目录是否为空")


def test_the_call_the_optional_brackets_stand_for() -> None:
    from notesense.notes.classify import fix_optional_args

    assert fix_optional_args("range([start,] stop[, step])") == "range(start, stop, step)"
    assert fix_optional_args("os.makedirs(name[, mode])  # 建目录") == "os.makedirs(name, mode)  # 建目录"
    for line in ("x = a[0]", "f(a[0], b)", "y = [[1, 2], [3]]"):  # Python as written stays
        assert fix_optional_args(line) == line


def test_a_cell_that_repeats_the_set_up_is_about_the_line_it_adds(tmp_path: Path) -> None:
    setup = ("import numpy as np\nimport torch\nimport torch.nn as nn\n\nclass MLP(nn.Module):\n    def __init__(self):\n"
             "        super().__init__()\n        self.layers = nn.ModuleList([nn.Linear(8, 8) for _ in range(4)])\n\n"
             "    def forward(self, x):\n        for layer in self.layers:\n            x = torch.tanh(layer(x))\n"
             "            if torch.isnan(x.std()):\n                break\n        return x\n\n"
             "    def initialize(self):\n        for m in self.modules():\n            a = np.sqrt(6 / 16)\n{init}\n\n"
             "torch.manual_seed(1)\nnet = MLP()\nnet.initialize()\nout = net(torch.randn(2, 8))\n")
    cells = [
        ("markdown", "# 权值初始化\n\n先用均匀分布初始化："),
        ("code", setup.format(init="            nn.init.uniform_(m.weight.data, -1, 1)")),
        ("markdown", "PyTorch 也提供了 Xavier 初始化方法，可以直接调用："),
        ("code", setup.format(init="            nn.init.xavier_uniform_(m.weight.data)")),
    ]
    code = "import torch.nn as nn\n\nfc = nn.Linear(4, 4)\nnn.init.xavier_uniform_(fc.weight)\n"
    shows(tmp_path, {"init.ipynb": notebook(cells)}, code, "xavier_uniform_", "也提供了 Xavier 初始化方法")


SIGNATURE_PAGES = """\
# 模型保存

`torch.save(obj, f, pickle_module, pickle_protocol=2)`

**主要参数**：
- obj：保存的对象，可以是整个模型，也可以是 dict
- f：输出路径

**1. nn.CrossEntropyLoss(weight=None, ignore_index=-100, reduction='mean')**

功能：把 nn.LogSoftmax() 和 nn.NLLLoss() 结合，计算交叉熵。

**2. nn.MSELoss(reduction='mean')**

功能：计算 inputs 与 target 之差的平方
"""


def test_a_signature_over_its_parameters_explains_the_api(tmp_path: Path) -> None:
    notes = {"save.md": "```python\nimport torch\nimport torch.nn as nn\n```\n\n" + SIGNATURE_PAGES}
    shows(tmp_path / "a", notes, "import torch\n\ntorch.save(model.state_dict(), 'm.pt')\n", "save", "可以是整个模型")
    # a bold signature is a heading however many parameters it lists: what follows is its description
    code = "import torch.nn as nn\n\nloss_fn = nn.CrossEntropyLoss()\n"
    shows(tmp_path / "b", notes, code, "CrossEntropyLoss", "结合，计算交叉熵")


def test_a_module_the_api_list_leaves_out_is_taken_as_written(tmp_path: Path) -> None:
    note = ("# 可视化\n\n## SummaryWriter 类\n\n`torch.utils.tensorboard.SummaryWriter(log_dir=None, comment='')`\n\n"
            "功能：提供创建 event file 的高级接口\n")
    code = "from torch.utils.tensorboard import SummaryWriter\n\nwriter = SummaryWriter('runs')\n"
    shows(tmp_path, {"tb.md": note}, code, "SummaryWriter", "提供创建 event file 的高级接口")


ELIDED_BODY = """\
## 选项的名字
用 `click.option` 的第三个参数给选项起一个不和内置函数重名的名字：
```python
import click

@click.command()
@click.option("-o", "--open", "open_browser", is_flag=True)
def main(open_browser):
    # 函数体省略
```
"""


def test_a_header_whose_body_the_note_leaves_out_still_counts(tmp_path: Path) -> None:
    code = "import click\n\n@click.option('--name')\ndef run(name):\n    pass\n"
    shows(tmp_path, {"click.md": ELIDED_BODY}, code, "option", "不和内置函数重名")


def test_the_folder_a_note_is_kept_in_names_its_library(tmp_path: Path) -> None:
    note = "## READ JSON\n\n可以使用`read_json()`函数来读取JSON文件，得到一个 DataFrame。\n"
    code = "import pandas as pd\n\ndf = pd.read_json('data.json')\n"
    shows(tmp_path, {"pandas/basic/read_json/README.md": note}, code, "read_json", "函数来读取JSON文件")


DROP_IN = """\
## re.findall(pattern, string, flags=0)
查找字符串中所有匹配 pattern 的子串
```python
import regex as re
urls = re.findall("https.+? ", "https://abc https://dcdf ")
```
"""


def test_a_drop_in_imported_under_the_standard_name_explains_the_standard_api(tmp_path: Path) -> None:
    code = "import re\n\nfound = re.findall(r'\\d+', text)\n"
    shows(tmp_path, {"regex.md": DROP_IN}, code, "findall", "所有匹配 pattern 的子串")


def test_a_link_to_a_reference_page_names_the_api_in_full(tmp_path: Path) -> None:
    note = ("# Copying an upload\n\nStarlette uploads arrive as a "
            "[SpooledTemporaryFile](https://docs.python.org/3/library/tempfile.html#tempfile.SpooledTemporaryFile), "
            "which has no stable path on disk.\n\nA [layer](https://example.com/guide.html#torch.nn.Conv2d) link whose "
            "words are not its name names nothing.\n")
    library = compile_notes(tmp_path, {"til.md": note})
    entry = first_entry(library, "import tempfile\n\nf = tempfile.SpooledTemporaryFile()\n", "SpooledTemporaryFile")
    assert entry is not None and "no stable path on disk" in entry, entry
    assert first_entry(library, "import torch.nn as nn\n\nconv = nn.Conv2d(1, 2, 3)\n", "Conv2d") is None


WRONG_EXAMPLE = """\
## Cancelling a long query
This sets a progress handler called every 200 opcodes; returning 1 makes the query stop:
```pycon
>>> import sqlite3
>>> conn = sqlite3.connect("fixtures.db")
>>> conn.set_progress_handler(lambda: 1, 200)
>>> conn.execute("select * from facetable").fetchall()
Traceback (most recent call last):
  File "<stdin>", line 1, in <module>
sqlite3.OperationalError: interrupted
```
"""


def test_a_wrong_example_still_answers_for_the_apis_it_calls(tmp_path: Path) -> None:
    code = "import sqlite3\n\nconn = sqlite3.connect('a.db')\nconn.set_progress_handler(handler, 100)\n"
    entry = shows(tmp_path, {"sqlite.md": WRONG_EXAMPLE}, code, "set_progress_handler", "returning 1 makes the query stop")
    assert "```" not in entry  # its words, never the wrong code as an example to copy


def test_a_section_on_an_error_answers_after_the_one_on_what_the_api_does(tmp_path: Path) -> None:
    error = ("# GPU\n\n## 加载时的报错\n\n在 GPU 上保存的模型直接在 CPU 上加载会报 RuntimeError，要先设置 map_location：\n\n"
             "```python\nimport torch\nstate = torch.load('m.pkl', map_location='cpu')\n```\n")
    load = ("# 保存和加载\n\n## 加载模型\n\n把保存的文件读回内存，得到保存时的对象：\n\n"
            "```python\nimport torch\nstate = torch.load('m.pkl')\n```\n")
    code = "import torch\n\nstate = torch.load(path)\n"
    shows(tmp_path, {"a_gpu.md": error, "b_save.md": load}, code, "load", "得到保存时的对象")


def test_a_module_the_title_names_is_the_context_not_an_english_word(tmp_path: Path) -> None:
    note = ("# Explicit file encodings using click.File\n\n`click.File()` opens the file for you and reads `-` "
            "as standard input:\n\n```python\n@click.argument(\"json_file\", type=click.File())\n"
            "def command(json_file):\n    # ...\n```\n")  # no import, and "encodings" is a standard module's name too
    shows(tmp_path, {"til.md": note}, "import click\n\nsrc = click.File('r')\n", "File", "reads `-` as standard input")


def test_a_full_path_written_as_a_call_names_a_function_of_any_package(tmp_path: Path) -> None:
    note = "# Safe JSON\n\nJinja escapes it for you with `jinja2.utils.htmlsafe_json_dumps()`, safe inside a script tag.\n"
    code = "from jinja2.utils import htmlsafe_json_dumps\n\nsafe = htmlsafe_json_dumps(data)\n"
    shows(tmp_path, {"til.md": note}, code, "htmlsafe_json_dumps", "safe inside a script tag")


def test_a_link_names_in_full_what_the_passage_writes_as_code(tmp_path: Path) -> None:
    note = ("# Retrying\n\nYou can set `mock.side_effect` to a list and it will [cycle through those items in turn]"
            "(https://docs.python.org/3/library/unittest.mock.html#unittest.mock.Mock.side_effect).\n")
    code = "from unittest import mock\n\nstart = mock.Mock()\nstart.side_effect = [ValueError('x'), 1]\n"
    shows(tmp_path, {"til.md": note}, code, "side_effect", "cycle through those items in turn")


def test_a_blogdown_post_whose_r_blocks_are_python_but_one_is_a_python_note(tmp_path: Path) -> None:
    """A blogdown post run through reticulate labels its Python ```r; one block of printed output among
    them does not make it a note on R: its code and words on `dropna` answer the hover."""
    r_block = "```r\n{}\n```\n\n"
    note = ("# Dealing with missing values\n\n" + r_block.format("import pandas as pd\ndf = pd.read_csv('a.csv')")
            + r_block.format("df.isnull().sum()") + r_block.format("   Name  Age\n0  Anton  32.0\n1   Moni   NaN")
            + "## Droping of Missing Values\n\nAll rows with minimum one NaN will be dropped:\n\n"
            + r_block.format("df.dropna()") + r_block.format("df.fillna(0)"))
    shows(tmp_path, {"post.md": note}, "import pandas as pd\n\ndf = pd.read_csv('x.csv')\nclean = df.dropna()\n",
          "dropna", "minimum one NaN")


def test_a_note_on_another_language_names_no_python_builtin(tmp_path: Path) -> None:
    """A note on C (its blocks labelled ```c) speaks of the system call `open()`, and a line of its C
    happens to parse as Python: neither is the builtin. A note whose every ```lua block is Python is a
    Python note mislabelled."""
    library = compile_notes(tmp_path, {
        "linux_io.md": """\
            # 文件 IO

            系统调用 `open()` 打开 pathname 指定的文件，成功则返回文件描述符。

            ```c
            fd = open(pathname, O_WRONLY | O_CREAT | O_TRUNC, mode);
            ```

            ```c
            int main(int argc, char *argv[]) { return 0; }
            ```
            """,
        "py_io.md": """\
            # Python 文件

            ```lua
            import json
            with open("a.json", encoding="utf-8") as f:
                data = json.load(f)
            ```
            """,
    })
    named = {symbol: s.source.note for s in library.snippets for symbol in s.symbols}
    assert named.get("json.load") == "py_io.md", named
    assert not any(s.source.note == "linux_io.md" and s.symbols for s in library.snippets)


def test_a_paragraph_that_goes_on_about_the_same_api_is_one_explanation(tmp_path: Path) -> None:
    """"`logging.basicConfig(**kwargs)` 函数会…提供默认基本配置" then "`logging.basicConfig()` 支持以下关键字参数"
    over its table: one explanation, opening with what it does, not two with the table's first."""
    library = compile_notes(tmp_path, {"logging.md": """\
        # 日志处理

        ```python
        import logging
        ```

        ## 配置根记录器

        `logging.basicConfig(**kwargs)` 函数会使用默认的格式化器创建一个流式处理器，从而为日志记录系统提供默认基本配置。

        `logging.basicConfig()` 支持以下关键字参数

        | 格式 | 描述 |
        | --- | --- |
        | `filename` | 日志被写入的文件 |
        | `force` | 强制执行 `basicConfig` 配置 |
        """})
    entry = first_entry(library, "import logging\n\nlogging.basicConfig(level=logging.INFO)\n", "basicConfig")
    assert entry is not None and "提供默认基本配置" in entry and "日志被写入的文件" in entry, entry
    openings = [s.doc.split("\n")[0] for s in library.snippets if "logging.basicConfig" in s.symbols and s.is_explanation]
    assert not any(line.startswith("`logging.basicConfig()` 支持") for line in openings), openings


def test_attributes_each_with_its_comment_written_as_a_paragraph_are_code() -> None:
    """A notebook's markdown cell lists "arr.ndim        # attribute", "arr.shape       # attribute": code left
    unfenced, each line with its comment, not prose that explains `ndim`; a sentence naming an attribute
    with a "#" in it stays prose."""
    sections = parse_sections("# Arrays\n\narr.ndim        # attribute\narr.shape       # attribute\n\n"
                              "arr.sum()       # method\narr.mean()      # method\n")
    assert [b.text for b in sections[0].blocks] == [
        "arr.ndim        # attribute\narr.shape       # attribute\n", "arr.sum()       # method\narr.mean()      # method\n"]
    assert not parse_sections("# Arrays\n\nUse arr.ndim to count axes; # is a comment.\nThat is all.\n")[0].blocks


def test_a_note_on_a_library_used_from_another_language_names_none_of_its_python_api(tmp_path: Path) -> None:
    """A day of notes on OpenCV in C++ (its blocks ```cpp) says "`imread` 读不出任何像素": the C++ function,
    no `cv2.imread`. The Python notes on OpenCV beside it explain that."""
    library = compile_notes(tmp_path, {
        "day46.md": """\
            # Day46：C++17 文件系统与批量图像处理

            ## 3. OpenCV 批量读取与失败隔离

            测试样本的内容是一行纯文本，`imread` 读不出任何像素，正好用来验证失败隔离。

            ```cpp
            cv::Mat img = cv::imread(path.string(), cv::IMREAD_COLOR);
            if (img.empty()) { return false; }
            ```
            """,
        "day1.md": """\
            # Day1：图像读取

            `cv.imread()` 读取图片，返回一个 NumPy 数组，默认是 BGR 色彩顺序。

            ```python
            import cv2 as cv
            image = cv.imread("a.jpg")
            ```
            """,
    })
    assert not any(s.source.note == "day46.md" and s.symbols for s in library.snippets)
    entry = first_entry(library, "import cv2\n\nimg = cv2.imread('a.jpg')\n", "imread")
    assert entry is not None and "BGR 色彩顺序" in entry, entry


def test_a_layers_buffers_and_per_layer_weights_are_its_attributes(tmp_path: Path) -> None:
    """A batch norm's running statistics (`layer.running_mean`, what `model.eval()` switches it to) and a
    recurrent layer's weights per layer (`rnn.weight_ih_l0`) are attributes its reference documents,
    though the layer sets them in its constructor: the cell that explains them answers a hover on them."""
    cells = [
        ("markdown", "# Batch Normalization"),
        ("code", "import torch\nimport torch.nn as nn\nlayer = nn.BatchNorm1d(16)\nout = layer(torch.rand(100, 16, 784))\n"
                 "# running_mean & running_var:\n# the dynamically updated mean and std of the batches seen\n"
                 "print(layer.running_mean, layer.running_var)"),
        ("markdown", "# RNN\n\n`weight_ih_l0` holds the weights for the input on layer 0, of shape [hidden, input]."),
        ("code", "rnn = nn.RNN(input_size=20, hidden_size=10, num_layers=1)\nprint(rnn.weight_ih_l0.shape)"),
    ]
    library = compile_notes(tmp_path, {"layers.ipynb": notebook(cells)})
    entry = first_entry(library, "import torch.nn as nn\nbn = nn.BatchNorm1d(8)\nprint(bn.running_mean)\n", "running_mean")
    assert entry is not None and "dynamically updated mean" in entry, entry
    entry = first_entry(library, "import torch.nn as nn\nrnn = nn.RNN(8, 4)\nw = rnn.weight_ih_l0\n", "weight_ih_l0")
    assert entry is not None and "weights for the input on layer 0" in entry, entry


def test_a_long_cell_captioned_part_by_part_explains_each_parts_api(tmp_path: Path) -> None:
    """A notebook kept as one long cell per topic, each part captioned with a string naming the API it
    shows (`'''torch.randn()'''`) over comments of words: each part explains its API in those words. A
    cell with one string alone opens with a docstring, no caption."""
    cell = ("import torch\n'''torch.rand()'''\n# the initialization of torch.rand() will be random float in: [0,1]\n"
            "rand_0 = torch.rand((3, 3))\nprint(rand_0.shape)\n\n'''torch.randn()'''\n"
            "# initialization: random values subjective to normal distribution N~(0,1)\nprint('=' * 20)\n"
            "randn_0 = torch.randn(3, 3)\nprint('type:', randn_0.type(), 'dim:', randn_0.dim())\n")
    lone = "'''torch.ones()'''\n# every element is one, as the first example in the book\nx = torch.ones(2)\ny = torch.zeros(2)\n"
    library = compile_notes(tmp_path, {"building.ipynb": notebook([("markdown", "# random initialization"), ("code", cell),
                                                                   ("markdown", "# ones"), ("code", lone)])})
    entry = first_entry(library, "import torch\nw = torch.randn(3, 3)\n", "randn")
    assert entry is not None and "normal distribution N~(0,1)" in entry.split("\n\n")[1], entry
    assert not [s for s in library.snippets if s.is_explanation and "torch.ones" in s.symbols]


def test_a_note_on_django_queries_answers_a_hover_on_a_models_manager(tmp_path: Path) -> None:
    """A note's `Article.objects.get(pk=1)` over what it does (its `Article` from a project it does not show)
    answers `Article.objects.get` in a file that imports the model from an app, or from its own package."""
    library = compile_notes(tmp_path, {"02 - Making queries.md": """\
        # Making queries

        ## Retrieving a single object

        Use `get()` when you know there is exactly one row; it raises `DoesNotExist` otherwise.

        ```python
        article = Article.objects.get(pk=1)  # Retrieve the article with primary key 1
        ```
        """})
    for imported in ("from blog.models import Article", "from .models import Article"):
        entry = first_entry(library, f"{imported}\n\ndef detail(pk):\n    return Article.objects.get(pk=pk)\n", "get")
        assert entry is not None and "exactly one row" in entry, (imported, entry)
