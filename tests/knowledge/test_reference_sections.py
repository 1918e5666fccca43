"""Reference-style notes: a section that opens with an API's signature written as a call, a list of a
class's methods under a line that names the class, and methods that share a name across classes that
do different things (an optimizer's `step` and a scheduler's)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from notesense.compile.symbols import pasted_def, written_signature
from written import compile_notes, first_entry

LOSSES = """\
# 损失函数

## 交叉熵损失函数

```python
torch.nn.CrossEntropyLoss(weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean')
```

**功能**：计算交叉熵函数，`ignore_index`忽略某个类的损失。

```python
loss = nn.CrossEntropyLoss()
output = loss(torch.randn(3, 5), torch.empty(3, dtype=torch.long).random_(5))
```
"""

TRAINING = """\
# 图像分类实战

## 设定损失函数

使用torch.nn模块自带的CrossEntropy损失，PyTorch会自动把整数型的label转为one-hot型：

```python
import torch
from torch import nn
criterion = nn.CrossEntropyLoss()
```
"""


def test_a_section_that_opens_with_the_signature_it_documents_explains_that_api(tmp_path: Path) -> None:
    """The reference section (the signature written as a call, then what it does) comes before a
    training walkthrough that shows the class once, read first in the notes' order."""
    library = compile_notes(tmp_path, {"a_training.md": TRAINING, "b_losses.md": LOSSES})
    first = first_entry(library, "import torch.nn as nn\nloss_fn = nn.CrossEntropyLoss()\n", "CrossEntropyLoss")
    assert first is not None and "忽略某个类的损失" in first, first


@pytest.mark.parametrize(("code", "signature"), [
    ("torch.nn.CrossEntropyLoss(weight=None, ignore_index=-100, reduction='mean')", True),
    ("nn.Conv2d(in_channels, out_channels, kernel_size, stride=1, padding=0)", True),
    ("torch.nn.init.uniform_(tensor, a=0.0, b=1.0)", True),
    ("pd.read_csv(path, *args, sep=',', **kwargs)", False),  # one literal default: a call with a setting
    ("plt.plot(x, y, color='r')", False),
    ("loss = nn.CrossEntropyLoss(weight=None)", False),  # assigned: an example that runs it
    ("nn.Linear(10, 2, bias=False, device=torch.device('cpu'))", False),  # a value computed in the call
    ("model.fit(X, y, epochs=10, verbose=0)\nmodel.evaluate(X, y)", False),
])
def test_a_signature_is_told_from_a_call_by_its_literal_defaults(code: str, signature: bool) -> None:
    assert written_signature(ast.parse(code)) is signature


SUBPLOTS = """\
# subplots绘制多子图

## 调整子图间距和整体空白

```python
fig.tight_layout()#调整整体空白
```

创建一个图像对象（figure） 和 一系列的子图（`subplots`）。

```python
def subplots(nrows=1, ncols=1, sharex=False, sharey=False, squeeze=True, **fig_kw):

# 返回值
return fig, axs
```

- `nrows` ，`ncols` ：子图的行列数。
- `sharex` , `sharey` ：设置为 `col` 时，每一列的子图会共享 x 或者 y 轴。

## 规则划分

```python
import matplotlib.pyplot as plt
fig, ax = plt.subplots()
ax.plot(x, y)
```
"""


def test_a_def_line_copied_with_no_body_is_the_signature_of_the_api_the_note_calls_so(tmp_path: Path) -> None:
    """`def subplots(nrows=1, …):` over nothing but `return fig, axs`, its parameters listed under it: the
    reference's signature of `plt.subplots`, which the note's code calls in a later section."""
    library = compile_notes(tmp_path, {"subplots.md": SUBPLOTS})
    first = first_entry(library, "import matplotlib.pyplot as plt\nfig, axes = plt.subplots(2, 2, sharex='col')\n", "subplots")
    assert first is not None and "子图的行列数" in first, first


@pytest.mark.parametrize(("code", "name"), [
    ("def subplots(nrows=1, ncols=1, **fig_kw):\n    ...\n\nreturn fig, axs", "subplots"),
    ("def read_csv(filepath, sep=',', header='infer'):\n    \"\"\"Read a CSV.\"\"\"\n    pass", "read_csv"),
    ("def add(a, b=1):\n    return a + b", None),  # the note's own function: it computes something
    ("def scale(x, factor=2):\n    return x", None),  # returns what it was given: a body
    ("def hello():\n    pass", None),  # no parameter a reference would document
    ("def f(a=1):\n    pass\nf()", None),  # and then called: an example
])
def test_a_pasted_def_is_told_from_the_notes_own_function(code: str, name: str | None) -> None:
    assert pasted_def(ast.parse(code)) == name


OPTIMIZER = """\
# 优化器

PyTorch提供了一个优化器的库`torch.optim`，里面有`torch.optim.SGD`、`torch.optim.Adam`等优化器。

**`Optimizer`还有以下的方法：**

+ `zero_grad()`：清空所管理参数的梯度

+ `step()`：执行一步梯度更新，参数更新

+ `load_state_dict()` ：加载状态参数字典，可以用来进行模型的断点续训练

```python
import torch
optimizer = torch.optim.SGD([torch.randn(2, requires_grad=True)], lr=0.1)
```
"""

SCHEDULER = """\
# 动态调整学习率

使用`torch.optim.lr_scheduler`时，需要将`scheduler.step()`放在`optimizer.step()`后面：学习率每轮调整一次。
"""

FILE = """\
import torch
model = torch.nn.Linear(2, 2)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=30)
"""


def test_a_bare_method_in_a_list_under_a_line_naming_its_class_is_that_classs(tmp_path: Path) -> None:
    """`load_state_dict()` (a module has one too) under "`Optimizer`还有以下的方法" is the optimizer's;
    `step()` is the Optimizer's, not that of `torch.optim.SGD` named before it."""
    library = compile_notes(tmp_path, {"optim.md": OPTIMIZER})
    loaded = first_entry(library, FILE + "optimizer.load_state_dict(state)\n", "load_state_dict")
    assert loaded is not None and "断点续训练" in loaded, loaded
    stepped = first_entry(library, FILE + "optimizer.step()\n", "step")
    assert stepped is not None and "执行一步梯度更新" in stepped, stepped


def test_a_method_of_another_modules_class_never_stands_in_for_one_spelt_alike(tmp_path: Path) -> None:
    """A scheduler's `step` adjusts the learning rate; the note on the optimizer's `step` is no answer
    for it, while the note that writes `scheduler.step()` is."""
    library = compile_notes(tmp_path, {"optim.md": OPTIMIZER})
    assert first_entry(library, FILE + "scheduler.step()\n", "step") is None
    library = compile_notes(tmp_path, {"optim.md": OPTIMIZER, "lr.md": SCHEDULER})
    first = first_entry(library, FILE + "scheduler.step()\n", "step")
    assert first is not None and "学习率每轮调整一次" in first, first


OLD_PANDAS = """\
# 数据预处理

```python
import pandas as pd
df = pd.DataFrame({'a': [1.5, 2.25]})
df.apply(lambda col: col * 2)
```

`applymap`方法会把函数作用到`DataFrame`的每一个元素上，`apply`方法作用到每一列，在数据预处理的时候经常用到。
"""


def test_a_note_on_a_member_pandas_has_since_removed_still_answers(tmp_path: Path) -> None:
    """Notes written for pandas 1.x explain `applymap` (removed in 3.0): code that still runs on that
    release hovers it and gets the note, whatever pandas the list was made from."""
    library = compile_notes(tmp_path, {"old.md": OLD_PANDAS})
    first = first_entry(library, "import pandas as pd\ndf = pd.read_csv('a.csv')\ndf.applymap(str)\n", "applymap")
    assert first is not None and "每一个元素" in first, first


DESCRIBE = """\
# 描述统计

`describe()`方法可以获得所有的描述性统计信息，如下所示。

```python
import pandas as pd
df = pd.DataFrame({'k': ['a', 'b'], 'v': [1, 2]})
df.describe()
```
"""


def test_a_groupbys_method_is_answered_by_the_note_on_the_frames(tmp_path: Path) -> None:
    """A GroupBy hands what it does not implement to its groups' frames, and pandas defines it in an
    implementation module (`pandas.core.groupby`): the note on `DataFrame.describe` answers
    `df.groupby('k').describe()`, as `Series.describe` would."""
    library = compile_notes(tmp_path, {"describe.md": DESCRIBE})
    first = first_entry(library, "import pandas as pd\ndf = pd.read_csv('a.csv')\ndf.groupby('k').describe()\n", "describe")
    assert first is not None and "描述性统计信息" in first, first


SPACING = """\
# Multiple subplots

## plt.subplot: Simple Grids of Subplots

```python
import matplotlib.pyplot as plt
for i in range(1, 7):
    plt.subplot(2, 3, i)
```

The command `plt.subplots_adjust` can be used to adjust the spacing between these plots.
The following code uses the equivalent object-oriented command, `fig.add_subplot`:

```python
import matplotlib.pyplot as plt
fig = plt.figure()
fig.subplots_adjust(hspace=0.4, wspace=0.4)
for i in range(1, 7):
    ax = fig.add_subplot(2, 3, i)
```
"""

DIGITS = """\
# Classifying digits

## Example

```python
import matplotlib.pyplot as plt
import numpy as np
fig, axes = plt.subplots(8, 8)
plt.subplots_adjust(left=0, right=1, bottom=0, top=1)
for ax in axes.flat:
    ax.imshow(np.zeros((8, 8)))
```
"""


def test_pyplots_function_is_answered_by_the_section_on_the_method_it_calls(tmp_path: Path) -> None:
    """`plt.subplots_adjust` adjusts the current figure (`Figure.subplots_adjust`): the section that
    explains the spacing with `fig.subplots_adjust`, naming the pyplot function in passing, comes before
    a script read first that only calls `plt.subplots_adjust`."""
    library = compile_notes(tmp_path, {"a_digits.md": DIGITS, "b_subplots.md": SPACING})
    first = first_entry(library, "import matplotlib.pyplot as plt\nplt.subplots_adjust(hspace=0.5)\n", "subplots_adjust")
    assert first is not None and "adjust the spacing" in first, first


SHELL = """\
# Plotting from an IPython shell

## Interactive mode

Any `plt` plot command will cause a figure window to open.
Some changes will not draw automatically: to force an update, use `plt.draw`.
Using `plt.show` in IPython's Matplotlib mode is not required.
"""


def test_the_one_api_a_sentence_names_is_what_that_sentence_explains(tmp_path: Path) -> None:
    """A paragraph that names three APIs explains each one its own sentence names alone: "to force an
    update, use `plt.draw`" answers a hover on `plt.draw`."""
    library = compile_notes(tmp_path, {"shell.md": SHELL})
    first = first_entry(library, "import matplotlib.pyplot as plt\nplt.draw()\n", "draw")
    assert first is not None and "force an update" in first, first


IX = """\
# Pandas

```python
import pandas as pd
df_3 = pd.DataFrame({'state': ['VA', 'MD'], 'pop': [5.0, 4.0]})
```

Retrieve a row by position:

```python
df_3.ix[0]
```
"""


def test_the_indexer_pandas_removed_is_read_as_an_indexer(tmp_path: Path) -> None:
    """`df.ix[0]` (pandas < 1.0) is the frame's `ix` indexer, read without a call as `loc` is: the
    cell that retrieves a row with it answers a hover on `ix` in code that still runs that release."""
    library = compile_notes(tmp_path, {"pandas.md": IX})
    first = first_entry(library, "import pandas as pd\ndf = pd.read_csv('a.csv')\nrow = df.ix[0]\n", "ix")
    assert first is not None and "Retrieve a row by position" in first, first
