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
