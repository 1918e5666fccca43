"""A note that names no library and imports none (`ufuncs/floating.md`: "isfinite( x [, out] ) 判断是不是NaN
和无穷大数据") kept among notes on one library (a GitBook on numpy whose chapters around it use `np.`):
it is read as if its folder were named after that library. Every note here is written for the test."""

from __future__ import annotations

from pathlib import Path

import pytest

from notesense.compile import cache as note_cache
from notesense.compile import pipeline
from notesense.compile.pipeline import compile_notes
from notesense.library.index import Library
from written import first_entry

CHAPTER = "# {title}\n\n{words}\n\n```python\nimport numpy as np\na = np.{call}\nprint(a)\n```\n"
FLOATING = "\n".join([
    "isfinite\\( x  \\[, out\\] \\) 判断是不是NaN 和无穷大数据",
    "",
    "isinf\\( x  \\[, out\\] \\)     判断是不是无穷大数据",
    "",
])


def _write(root: Path, notes: dict[str, str]) -> Path:
    for name, text in notes.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _book(root: Path, second: str = "numpy") -> Path:
    chapters = {
        "creation.md": CHAPTER.format(title="创建数组", words="用 np.zeros 创建全0数据块。", call="zeros((2, 3))"),
        "sorting.md": CHAPTER.format(title="排序", words="np.sort 返回排好序的副本。", call="sort([3, 1, 2])"),
    }
    if second != "numpy":  # the second chapter is on another library: the neighbours do not agree
        chapters["sorting.md"] = "# 排序\n\n```python\nimport pandas as pd\ndf = pd.read_csv('a.csv').sort_values('k')\n```\n"
    return _write(root, {**chapters, "ufuncs/floating.md": FLOATING})


def test_a_library_less_note_among_notes_on_numpy_is_on_numpy(tmp_path: Path) -> None:
    result = compile_notes([_book(tmp_path / "book")], jobs=1)
    floating = [s for s in result.snippets if s.source.note.endswith("floating.md")]
    assert any(s.symbols[:1] == ("numpy.isfinite",) and s.source.line == 1 for s in floating), floating
    entry = first_entry(Library(result.snippets), "import numpy as np\n\nok = np.isfinite(x)\n", "isfinite")
    assert entry is not None and "判断是不是NaN" in entry, entry


def test_neighbours_on_several_libraries_say_nothing(tmp_path: Path) -> None:
    result = compile_notes([_book(tmp_path / "book", second="pandas")], jobs=1)
    assert not any("numpy.isfinite" in s.symbols for s in result.snippets), result.snippets


def test_the_note_read_among_its_neighbours_is_cached_under_its_own_key(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The next compile (a fresh process: only the disk cache) reads both outcomes from the cache."""
    book, cache = _book(tmp_path / "book"), tmp_path / "cache"
    compile_notes([book], cache_dir=cache, jobs=1)
    note_cache._MEMORY.clear()  # as a fresh process starts
    compiled: list[str] = []
    original = pipeline.compile_one
    monkeypatch.setattr(pipeline, "compile_one", lambda path, display, *rest: compiled.append(display) or original(path, display, *rest))
    again = compile_notes([book], cache_dir=cache, jobs=1)
    assert compiled == [] and again.report.notes_cached == 3
    assert any("numpy.isfinite" in s.symbols for s in again.snippets)


def test_a_note_on_the_theory_among_them_stays_one_on_no_library(tmp_path: Path) -> None:
    """A note that lists no calls (quantisation's theory, whose "`-|max|` 和 `|max|`" is a formula's)
    is no reference listing whose library went unsaid: its neighbours do not make `max` numpy's."""
    book = _book(tmp_path / "book")
    _write(book, {"theory/quantization.md": "# 量化基础\n\n简单的将一个 tensor 中的 `-|max|` 和 `|max|` 映射为 -127 和 127，"
                                             "中间值按照线性关系进行映射。\n"})
    result = compile_notes([book], jobs=1)
    theory = [s for s in result.snippets if s.source.note.endswith("quantization.md")]
    assert theory and not any(s.symbols for s in theory), theory


def test_a_note_titled_by_a_call_alone_is_read_among_its_neighbours(tmp_path: Path) -> None:
    """One short note per API in a folder named for no library (`tensor/分割_重组.md`: "## chunk(n)" over
    one line of prose; "## 2. y = x.clone()"), among notes whose code imports torch: the heading is a
    reference entry's title, and the note is read under torch."""
    chapter = "# {title}\n\n{words}\n\n```python\nimport torch\nx = torch.{call}\n```\n"
    book = _write(tmp_path / "book", {
        "tensor/创建.md": chapter.format(title="创建", words="用 torch.zeros 创建全0张量。", call="zeros(2, 3)"),
        "tensor/排序.md": chapter.format(title="排序", words="torch.sort 返回排好序的值和下标。", call="sort(torch.rand(3))"),
        "tensor/分割.md": "## chunk(n)\n分块函数，默认为dim=0 分为n块\n",
        "tensor/复制.md": "## 1. y = x.clone()\n新的变量y开创新的内存\n\n## 2. y = x.detach()\n不再和x共享梯度\n",
    })
    library = Library(compile_notes([book], jobs=1).snippets)
    entry = first_entry(library, "import torch\nx = torch.rand(6)\nparts = torch.chunk(x, 3)\n", "chunk")
    assert entry is not None and "分块函数" in entry, entry
    entry = first_entry(library, "import torch\nx = torch.rand(6)\ny = x.clone()\n", "clone")
    assert entry is not None and "开创新的内存" in entry, entry
    # the same heading alone, among notes on no library, names nothing
    alone = _write(tmp_path / "alone", {"tensor/分割.md": "## chunk(n)\n分块函数，默认为dim=0 分为n块\n"})
    assert not any(s.symbols for s in compile_notes([alone], jobs=1).snippets)


SCHEDULERS = """\
# Learning Rate Scheduler

A **Learning Rate Scheduler** adjusts the optimizer's LR during training.

## ReduceLROnPlateau

Metric-based: must be called **after validation**, with the metric it watches.

## Common Schedulers

- **StepLR** – drop LR by `gamma` every `step_size` epochs

`lr_t = lr_0 × gamma^(⌊epoch / step_size⌋)`

```python
scheduler = StepLR(optimizer, step_size=10, gamma=0.1)
```

- **MultiStepLR** – drop LR at specific epochs in `milestones`

```python
scheduler = MultiStepLR(optimizer, milestones=[30, 80], gamma=0.1)
```

- **CosineAnnealingLR** – cosine decay over `T_max` steps

`lr_t = lr_min + 0.5 × (lr_max − lr_min) × (1 + cos(π × t / T_max))`
"""


def test_a_note_that_names_its_library_reads_its_unimported_classes_under_it(tmp_path: Path) -> None:
    """A docs page on torch's schedulers whose examples import nothing (`scheduler = StepLR(optimizer, …)`)
    but whose heading names one of them (`ReduceLROnPlateau`, torch's alone): the note is on torch, and
    its bare class names are torch's; a formula in code marks (`… cos(π × t / T_max)`) names nothing."""
    result = compile_notes([_write(tmp_path / "docs", {"02-learning-rate-scheduler.md": SCHEDULERS})], jobs=1)
    entry = first_entry(Library(result.snippets), "from torch.optim.lr_scheduler import StepLR\n"
                        "scheduler = StepLR(optimizer, step_size=10, gamma=0.1)\n", "StepLR(")
    assert entry is not None and "drop LR by" in entry, entry
    assert not any("torch.cos" in s.symbols for s in result.snippets), result.snippets
