"""A person's own reference notes on the standard library: definition lists whose entries open with a
bare name ("resolve: 把相对路径转化成绝对路径"), a signature on a bullet's first line with what it does
below, and headings that link their one name to the reference page."""

from __future__ import annotations

from pathlib import Path

from notesense.library.model import NAMED
from written import compile_notes, first_entry

PATHLIB = """\
# pathlib

## 属性
* parent
* stem: 最后的目录(排除后缀)

## methods
* exists: 判断是否存在
* resolve: 把相对路径转化成绝对路径. 并且会把软链接也解析
* rmdir: 删除空目录
"""

HEAPQ = """\
# [heapq](https://docs.python.org/3/library/heapq.html)

* heapify
* heappushpop(heap, item)
把元素item添加到heap, 然后pop出最小的

* heapreplace(heap, item)
先从heap里面拿出最小的，然后push进去item
"""

COLLECTIONS = """\
# collections

## [Namedtuple](https://docs.python.org/3/library/collections.html#collections.namedtuple)
```
// 自定义不可变的类
Point = namedtuple("Point", ["x", "y"])
p = Point(11, y=22)
```
"""

PATH_FILE = "from pathlib import Path\np = Path('a')\n"


def test_an_entry_that_opens_with_a_bare_name_explains_that_member(tmp_path: Path) -> None:
    """Under a note on pathlib, "resolve: …" is `Path.resolve`, and "stem: …" is `Path.stem`, which
    pathlib lists on both `PurePath` and `Path` (one API, two spellings); a bare `parent` that says
    nothing is no explanation."""
    library = compile_notes(tmp_path, {"pathlib.md": PATHLIB})
    resolved = first_entry(library, PATH_FILE + "q = p.resolve()\n", "resolve")
    assert resolved is not None and "绝对路径" in resolved, resolved
    stem = first_entry(library, PATH_FILE + "name = p.stem\n", "stem")
    assert stem is not None and "排除后缀" in stem, stem
    assert first_entry(library, PATH_FILE + "up = p.parent\n", "parent") is None


def test_a_signature_on_a_bullets_first_line_is_explained_by_the_lines_below(tmp_path: Path) -> None:
    library = compile_notes(tmp_path, {"heapq.md": HEAPQ})
    first = first_entry(library, "import heapq\nsmallest = heapq.heappushpop(h, 3)\n", "heappushpop")
    assert first is not None and "pop出最小的" in first, first
    assert "heappushpop(heap, item)" in first  # its signature, as the note writes it


def test_a_heading_that_links_its_name_to_the_reference_page_names_that_api(tmp_path: Path) -> None:
    """`Namedtuple` is spelt as a word, and the block does not parse (a `//` comment): the link's
    anchor (`#collections.namedtuple`) says which API the section is about."""
    library = compile_notes(tmp_path, {"collections.md": COLLECTIONS})
    first = first_entry(library, "from collections import namedtuple\nPoint = namedtuple('Point', 'x y')\n", "namedtuple")
    assert first is not None and "Point(11, y=22)" in first, first


SIGNATURES = """\
# pytorch Tensor变换 op 总结

维度： i.e. 几维，1-d，2-d 这样

```python
torch.cat(seq, dim=0, out=None) -> Tensor
# 将 一系列的 tensor 给 通过给定的维度 连接起来
# seq ： a list of tensor 或者 a tuple of tensor
```
"""


def test_a_signatures_comments_are_the_notes_words_on_it(tmp_path: Path) -> None:
    """A block that writes a signature (`-> Tensor`: no Python) and comments under it: the comments say
    what it does, before the section's other prose."""
    library = compile_notes(tmp_path, {"ops.md": SIGNATURES})
    first = first_entry(library, "import torch\nx = torch.cat([a, b], dim=0)\n", "cat")
    assert first is not None and "通过给定的维度 连接起来" in first, first
    assert first.index("连接起来") < first.index("几维"), first


PARAMETERS = """\
# torch

### torch.utils.data.DataLoader()

除了dataset是必选的，其余都是可选的参数。

1. dataset：需要训练的数据集
2. sampler：定义了怎么从数据集中取样本
3. pin_memory：True固定内存大小。

### torch.nn

1. `nn.Conv2d(input_channel,output_channel,kernel_size,stride,padding)`

   1. input_channel: 输入的通道数
   2. stride: 卷积核每次移动的步长。

### argparse

- type：命令行参数应该被转换成的类型
"""


def test_a_list_of_a_calls_parameters_names_no_apis(tmp_path: Path) -> None:
    """`pin_memory：…` under `### torch.utils.data.DataLoader()`, `stride: …` under the signature that
    lists it, `type：…` (a builtin's name): a call's parameters, described one by one, not the tensor's
    `pin_memory`/`stride` methods nor the builtin `type`."""
    library = compile_notes(tmp_path, {"torch.md": PARAMETERS})
    tensor = "import torch\nx = torch.zeros(2)\n"
    assert first_entry(library, tensor + "y = x.pin_memory()\n", "pin_memory") is None
    assert first_entry(library, tensor + "s = x.stride()\n", "stride") is None
    assert first_entry(library, "t = type(3)\n", "type") is None


METRICS = """\
# Classification metrics

### [Log Loss](https://scikit-learn.org/stable/modules/generated/sklearn.metrics.log_loss.html#sklearn.metrics.log_loss)

- Also called *logistic regression loss* or *cross-entropy loss*.
- Binary classification: the negative log-likelihood of the classifier given a true label.

### [Standard Scaling](https://scikit-learn.org/stable/modules/generated/sklearn.preprocessing.StandardScaler.html)

- Removes the mean and scales each feature to unit variance.

### Reading further

- More on scoring in the [API](https://scikit-learn.org/stable/modules/generated/sklearn.metrics.accuracy_score.html).
"""

TREES = """\
# Decision trees

### Missing Values

for classification: when `splitter='best'` and criterion is `gini`, `entropy` or `log_loss`.
"""


def test_a_heading_in_words_that_links_one_reference_page_is_about_that_api(tmp_path: Path) -> None:
    """A course's notes title each section as the user guide does ("Log Loss", "Standard Scaling") and
    link the API's page: the section explains that API, before another note that only writes its
    name among values; a section whose prose (not heading) links a page is not named by it."""
    library = compile_notes(tmp_path, {"10_trees.md": TREES, "33_metrics.md": METRICS})
    loss = first_entry(library, "from sklearn.metrics import log_loss\nloss = log_loss(y, p)\n", "log_loss")
    assert loss is not None and "cross-entropy loss" in loss, loss
    scaler = first_entry(library, "from sklearn.preprocessing import StandardScaler\ns = StandardScaler()\n", "StandardScaler")
    assert scaler is not None and "unit variance" in scaler, scaler
    levels = [level for s in library.snippets for symbol, level in zip(s.symbols, s.about) if symbol == "sklearn.metrics.accuracy_score"]
    assert all(level < NAMED for level in levels), levels  # a page its prose links: no heading names it
