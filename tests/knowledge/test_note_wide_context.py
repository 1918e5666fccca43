"""How a note's sections are read beyond their own headings: the libraries the rest of the note's code
uses and the one its prose names, the words around a name (a layer, a contrast, an indexed value, a
heading that spells a class), and the one class a compound-named method can belong to. The notes are
written for these tests (most filed under a numbered folder that names nothing, as a book's chapters are)."""

from __future__ import annotations

from pathlib import Path

import pytest

from notesense.analysis.document import Document
from notesense.analysis.resolve import symbol_at
from notesense.library.index import Library
from notesense.library.sources import Sources, load_library
from written import first_entry

TORCH = "import torch\n\n"


def _library(folder: Path, notes: dict[str, str]) -> Library:
    for name, text in notes.items():
        path = folder / "第六章" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    found, problems = load_library(Sources(notes=[folder], snippets=[], origin="options"), None)
    assert not problems
    return found


SCHEDULERS = """\
# 6.2 调整学习率

## 6.2.1 官方的调整策略

框架在`torch.optim.lr_scheduler`里封装好了这些调整学习率的策略：

+ [`lr_scheduler.StepLR`](https://example.org/StepLR.html)
+ [`lr_scheduler.ExponentialLR`](https://example.org/ExponentialLR.html)

```python
optimizer = torch.optim.Adam(net.parameters(), lr=0.1)
```
"""


def test_a_partial_dotted_name_resolves_in_the_library_the_notes_code_uses(tmp_path: Path) -> None:
    """`lr_scheduler.ExponentialLR` under headings that name no library, in a note whose code calls
    torch: torch's one name that ends so."""
    first = first_entry(_library(tmp_path, {"6.2.md": SCHEDULERS}),
                        TORCH + "s = torch.optim.lr_scheduler.ExponentialLR(opt, gamma=0.9)\n", "ExponentialLR")
    assert first is not None and "ExponentialLR" in first, first


DATA = """\
# 3.3 读数据

我们可以定义自己的数据集类，定义的类需要继承框架自身的Dataset类，并实现两个函数。

```python
from torchvision import datasets
train = datasets.ImageFolder(path)
```

```python
class Folder(Dataset):
    def __len__(self):
        return 3
```

```python
from torchvision import datasets
test = datasets.ImageFolder(path)
```
"""


def test_a_class_the_notes_code_never_imports_is_the_one_a_library_of_the_note_has(tmp_path: Path) -> None:
    """"继承框架自身的Dataset类" in a note whose code mostly calls torchvision: torch's Dataset, the
    one class so named in a library the note's code uses."""
    first = first_entry(_library(tmp_path, {"3.3.md": DATA}),
                        "from torch.utils.data import Dataset\n\nclass Mine(Dataset):\n    pass\n", "Dataset")
    assert first is not None and "继承框架自身的Dataset类" in first, first


TRAINING = """\
# 3.7 训练和评估

在PyTorch中，训练之前先设置模型的状态：训练状态下参数可以被修改，验证状态下参数保持不变。

```python
model.train()   # 训练状态
```

PyTorch会在每一批数据之后更新参数。
"""


def test_an_import_less_note_is_about_the_library_its_prose_names(tmp_path: Path) -> None:
    """`model.train()` in a note whose code imports nothing, under headings and folders that name no
    library: the library the prose names is what the note is about."""
    first = first_entry(_library(tmp_path, {"3.7.md": TRAINING}),
                        TORCH + "net = torch.nn.Linear(2, 1)\nnet.train()\n", "train")
    assert first is not None and "训练状态下参数可以被修改" in first, first


BOARD = """\
# 7.3 记录训练过程

```python
from tensorboardX import SummaryWriter
writer = SummaryWriter('./runs')
```

给定一个输入，前向传播之后就能画出模型的结构，用add_graph：

```python
writer.add_graph(model, torch.rand(1, 3, 8, 8))
```
"""


def test_tensorboardx_writer_is_torchs(tmp_path: Path) -> None:
    """torch's SummaryWriter is tensorboardX's, ported: a note written with either answers for both."""
    first = first_entry(_library(tmp_path, {"7.3.md": BOARD}),
                        TORCH + "from torch.utils.tensorboard import SummaryWriter\nw = SummaryWriter()\n"
                        "w.add_graph(net, x)\n", "add_graph")
    assert first is not None and "画出模型的结构" in first, first


LAYERS = """\
# 网络结构

```python
import torch
x = torch.ones(3)
```

## dropout层

训练时按一定的概率暂时丢弃一部分神经元，用来防止过拟合。

## 循环层

RNN一次处理整个序列；RNNCell层一次只处理序列中的一个时间点。
"""


@pytest.mark.parametrize(("code", "word", "phrase"), [
    ("d = torch.nn.Dropout(0.5)\n", "Dropout", "暂时丢弃一部分神经元"),
    ("cell = torch.nn.RNNCell(4, 3)\n", "RNNCell", "一个时间点"),
])
def test_a_word_called_a_layer_is_the_frameworks_layer(tmp_path: Path, code: str, word: str, phrase: str) -> None:
    """"dropout层" names `torch.nn.Dropout` (not the function `torch.dropout`), "RNNCell层" `torch.nn.RNNCell`."""
    first = first_entry(_library(tmp_path, {"layers.md": LAYERS}), TORCH + code, word)
    assert first is not None and phrase in first, first


SVM = """\
# Classifiers

## Fitting a support vector machine

Let's fit one: Scikit-Learn's support vector classifier (`SVC`) draws the boundary that maximizes the margin.

```python
from sklearn.svm import SVC
model = SVC(kernel='linear')
model.fit(X, y)
```

## Training on image patches

We will use `LinearSVC`, because in comparison to `SVC` it scales better to many samples.

```python
from sklearn.svm import LinearSVC
```
"""


def test_a_name_set_against_the_subject_is_not_what_the_sentence_explains(tmp_path: Path) -> None:
    """"…because in comparison to `SVC` it scales better" explains LinearSVC, not SVC: the section that
    says what SVC does comes first (the second `SVC` is found as a word, not inside `LinearSVC`)."""
    first = first_entry(_library(tmp_path, {"svm.md": SVM}),
                        "from sklearn.svm import SVC\n\nm = SVC(C=1.0)\n", "SVC")
    assert first is not None and "maximizes the margin" in first, first


TENSOR = """\
# 2.2 快速入门

## 2.2.1 Tensor

Tensor是一个高维数组。

```python
import torch as t
a = t.tensor([3, 4])
```

## 2.2.2 创建

`t.tensor()`类似np.array的构造函数，会拷贝数据。

```python
b = t.tensor([1, 2])
```
"""


def test_a_capitalised_heading_names_the_class_not_the_codes_function(tmp_path: Path) -> None:
    """A heading "Tensor" over `t.tensor(...)` names the class `torch.Tensor`; the section that explains
    the function `torch.tensor` answers for it."""
    library = _library(tmp_path, {"2.md": TENSOR})
    first = first_entry(library, "import torch\n\nx = torch.tensor([1.0])\n", "tensor(")
    assert first is not None and "类似np.array的构造函数" in first, first


ZEROS = """\
# 张量

## 开始

```python
import torch
```

创建一个0填充的矩阵，数据类型为long:

```python
x = torch.zeros(5, 3, dtype=torch.long)
print(x)
```

## 初始化

有许多默认的初始化方法可以使用：

```python
y = torch.zeros(2, 2)
y
```
"""


def test_a_keyword_arguments_value_does_not_make_a_short_block_about_two_apis(tmp_path: Path) -> None:
    """`dtype=torch.long` sets the call: the two-line block under "创建一个0填充的矩阵" shows zeros as much
    as a later block that ends by showing it, and comes first, being first."""
    first = first_entry(_library(tmp_path, {"t.md": ZEROS}), TORCH + "x = torch.zeros(2)\n", "zeros")
    assert first is not None and "创建一个0填充的矩阵" in first, first


HOOKS = """\
# 7.2 特征图

在前向传播过程中获取特征图：在某一层预先设置一个钩子。

```python
import torch

def plot_feature(model, idx, inputs):
    hh = Hook()
    model.features[idx].register_forward_hook(hh)
    return model(inputs)
```
"""


def test_a_compound_method_on_an_unknown_value_is_its_one_owners(tmp_path: Path) -> None:
    """`model.features[idx].register_forward_hook(hh)` on a parameter: only torch's Module has that
    method, in the note's code and in the user's file that imports only torchvision."""
    library = _library(tmp_path, {"7.2.md": HOOKS})
    source = "import torchvision\n\nmodel = torchvision.models.vgg11()\nmodel.features[4].register_forward_hook(f)\n"
    first = first_entry(library, source, "register_forward_hook")
    assert first is not None and "预先设置一个钩子" in first, first


@pytest.mark.parametrize(("source", "expected"), [
    ("import torch\n\ndef f(m):\n    m.blocks[0].register_forward_hook(g)\n", "torch.nn.Module.register_forward_hook"),
    ("import torch\n\ndef f(env):\n    env.step(1)\n", None),  # a one-word verb says nothing of whose it is
    ("import pandas\n\ndef f(m):\n    m.register_forward_hook(g)\n", None),  # torch is not imported
    ("import torch\n\nclass H:\n    def register_forward_hook(self, f): ...\n\nH().register_forward_hook(g)\n",
     None),  # the file's own class has it
    # a training loop's parameters, named as everyone names them: their conventional kinds
    ("import torch\n\ndef fit(model, optimizer):\n    optimizer.zero_grad()\n", "torch.optim.Optimizer.zero_grad"),
    ("import torch\n\ndef fit(model, loss):\n    loss.backward()\n", "torch.Tensor.backward"),
    ("import torch\n\ndef fit(model):\n    model.eval()\n", "torch.nn.Module.eval"),
    ("import pandas as pd\n\ndef fit(loss):\n    loss.backward()\n", None),  # torch is not imported
    ("import torch\n\ndef fit(optimizer):\n    optimizer.fit_transform()\n", None),  # an optimizer has no such member
    ("import torch\n\noptimizer = 'sgd'\noptimizer.zero_grad()\n", None),  # the file says what it holds
    # a standard module's class counts as a library's does, where the file uses the module
    ("from pathlib import Path\n\ndef short(p, root):\n    return p.relative_to(root)\n", "pathlib.Path.relative_to"),
    ("import collections\n\ndef top(c):\n    return c.most_common(3)\n", "collections.Counter.most_common"),
    ("import os\n\ndef short(p, root):\n    return p.relative_to(root)\n", None),  # no pathlib here
])
def test_the_sole_owner_guess_is_only_taken_where_nothing_else_tells(source: str, expected: str | None) -> None:
    lines = source.split("\n")
    line = max(i for i, text in enumerate(lines) if "(" in text and "." in text)
    col = lines[line].rindex(".") + 2
    found = symbol_at(Document(source), line, col, use_jedi=False)
    assert (found.canonical if found else None) == expected


DIMS = """\
# 3 张量

```python
import torch
a = torch.ones(2, 3)
```

## 改变维度

- `tensor.squeeze()`：将尺寸为1的维度去掉。
- `tensor[None]` 和`tensor.unsqueeze(dim)`：为Tensor新建一个维度，该维度尺寸为1。
"""
BROADCAST = """\
# 6 广播

```python
import torch
b = torch.ones(2).unsqueeze(0)
```

- `unsqueeze`、`view`或者`tensor[None]`：为某一维度补1，实现广播。
"""


def test_an_indexed_value_is_not_the_function_spelt_so(tmp_path: Path) -> None:
    """`tensor[None]` indexes a value: the entry that writes it beside `tensor.unsqueeze(dim)` is about
    unsqueeze alone (not also `torch.tensor`), and the later one that explains unsqueeze together with
    view answers after it."""
    first = first_entry(_library(tmp_path, {"3.md": DIMS, "6.md": BROADCAST}),
                        TORCH + "x = torch.ones(2, 3)\ny = x.unsqueeze(1)\n", "unsqueeze")
    assert first is not None and "新建一个维度" in first, first


MIXTURES = """\
# In Depth: Gaussian Mixtures

## Generalizing E-M: Gaussian Mixture Models

A Gaussian mixture model finds a mixture of multidimensional Gaussian distributions that best models the data.

```python
import matplotlib.pyplot as plt
from sklearn.mixture import GaussianMixture
gmm = GaussianMixture(n_components=4).fit(X)
labels = gmm.predict(X)
plt.scatter(X[:, 0], X[:, 1], c=labels)
plt.scatter(X[:, 0], X[:, 1], s=4)
```

## How many components?

Scikit-Learn's `GaussianMixture` estimator includes methods that compute the AIC and BIC:

```python
models = [GaussianMixture(n).fit(X) for n in range(1, 21)]
plt.plot([m.bic(X) for m in models])
```
"""


def test_a_heading_that_spells_a_class_in_words_names_it(tmp_path: Path) -> None:
    """"Gaussian Mixture Models" over `GaussianMixture(...)` names the class: that section says what it
    is, before a later one that uses it to pick a number of components."""
    first = first_entry(_library(tmp_path, {"gmm.md": MIXTURES}),
                        "from sklearn.mixture import GaussianMixture\n\ng = GaussianMixture(3)\n", "GaussianMixture(")
    assert first is not None and "multidimensional Gaussian" in first, first


WRAPPED = """\
# 4.5 多卡训练

## DataParallel

把模型作为参数传进去，包一层就能多卡训练。

```python
import torch
import torchvision
model = torchvision.models.resnet50()
mdp = torch.nn.DataParallel(model)
```

包裹之后保存权重时，要先取出里面原始的模型再保存。

```python
m = mdp.module
```

## 线性层的权重

```python
fc = torch.nn.Linear(4, 2)
```

权重矩阵的形状是（输出，输入）。

```python
print(fc.weight)
```
"""


@pytest.mark.parametrize(("user", "word", "words"), [
    ("model = torchvision.models.resnet50()\nwrapped = torch.nn.DataParallel(model)\nm = wrapped.module\n",
     "module", "原始的模型"),
    ("fc = torch.nn.Linear(8, 3)\nprint(fc.weight)\n", "weight", "（输出，输入）"),
])
def test_a_later_block_knows_the_class_an_earlier_block_made(tmp_path: Path, user: str, word: str, words: str) -> None:
    """A later block's `mdp.module` / `fc.weight` reads the kind the earlier block gave the name — the
    class itself (a DataParallel, a Linear), not only its family (an nn.Module has neither member) — so
    the block explains `torch.nn.DataParallel.module` / `torch.nn.Linear.weight`, and the user's file,
    read the same way, finds it."""
    first = first_entry(_library(tmp_path, {"4.5.md": WRAPPED}), TORCH + "import torchvision\n" + user, word)
    assert first is not None and words in first, first


def test_a_wrapped_model_s_methods_are_the_model_s() -> None:
    """`ddp.module.state_dict()`: the wrapper's `.module` is the nn.Module it wraps (`api.MODEL_WRAPPERS`)."""
    source = TORCH + "ddp = torch.nn.parallel.DistributedDataParallel(net)\nddp.module.state_dict()\nddp.module\n"
    doc = Document(source)
    lines = source.split("\n")
    found = symbol_at(doc, 3, lines[3].index("state_dict") + 1, worth_jedi=lambda s: True, covered=lambda s: True)
    assert found is not None and found.canonical == "torch.nn.Module.state_dict"
    found = symbol_at(doc, 4, lines[4].index("module") + 1, worth_jedi=lambda s: True, covered=lambda s: True)
    assert found is not None and found.canonical == "torch.nn.parallel.DistributedDataParallel.module"


SPLIT = """\
# 切分

`chunk()` 把张量沿着某一维均匀切成几块，最后一块可能更小。
"""


@pytest.mark.parametrize("collection", ["Hello-PyTorch", "pytorch_notes"])
def test_the_name_of_the_notes_folder_itself_names_the_library(tmp_path: Path, collection: str) -> None:
    """A collection named for its library (`Hello-PyTorch/`, `pytorch_notes/`, words joined by an
    underscore as folder names often are): a note in it whose code, headings and own folders name
    nothing is about that library. The same note in a folder named `notes/` names nothing; the
    compile cache keeps the two apart (the note's path and text are the same)."""
    cache = tmp_path / "cache"
    user = TORCH + "a, b = torch.chunk(x, 2)\n"
    for root, expected in ((collection, True), ("notes", False)):
        (tmp_path / root / "第六章").mkdir(parents=True)
        (tmp_path / root / "第六章" / "切分.md").write_text(SPLIT, encoding="utf-8")
        found, problems = load_library(Sources(notes=[tmp_path / root], snippets=[], origin="options"), cache)
        assert not problems
        first = first_entry(found, user, "chunk")
        assert (first is not None and "均匀切成几块" in first) is expected, (root, first)


ARGMAX = """\
# 下标

```python
import numpy as np
a = np.array([3, 1, 2])
```

`argmax()` 返回最大值所在的下标。
"""


def test_the_notes_folders_name_gives_way_to_the_library_a_note_imports(tmp_path: Path) -> None:
    """The collection's name is the weakest word on what a note is about: in `pandas_notes/`, a note
    whose code imports numpy explains numpy's `argmax`, not the frame's."""
    root = tmp_path / "pandas_notes"
    (root / "杂项").mkdir(parents=True)
    (root / "杂项" / "下标.md").write_text(ARGMAX, encoding="utf-8")
    found, problems = load_library(Sources(notes=[root], snippets=[], origin="options"), None)
    assert not problems
    first = first_entry(found, "import numpy as np\ni = np.argmax(np.zeros(3))\n", "argmax")
    assert first is not None and "返回最大值所在的下标" in first, first


PATHS = """\
# 路径

```python
from pathlib import Path
```

## 相对路径

把一个完整路径减去前面的基准目录，得到剩下的那一段，打印的时候短很多。

```python
path.relative_to(base_dir)
```
"""


def test_a_compound_method_of_a_standard_class_files_a_note_on_that_module(tmp_path: Path) -> None:
    """A note on pathlib writes `path.relative_to(base_dir)` of a path it never made: Path's, the one
    class of the module the note uses that has the method, as a user's file that makes its paths reads."""
    library = _library(tmp_path, {"paths.md": PATHS})
    source = "from pathlib import Path\n\nfull = Path('/srv/app/data.csv')\nrest = full.relative_to('/srv')\n"
    first = first_entry(library, source, "relative_to")
    assert first is not None and "减去前面的基准目录" in first, first
