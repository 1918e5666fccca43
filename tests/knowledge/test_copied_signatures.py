"""A signature copied from the reference into a note's code block (`Series.value_counts(normalize=False, …)`,
`Tensor.view(*shape)`): the class it names is the library's class, whatever other class has a method so
named. Every note here is written for the test."""

from __future__ import annotations

from pathlib import Path

import pytest

from notesense.library.model import MENTIONED
from written import compile_notes, first_entry


@pytest.mark.parametrize(("title", "signature", "symbol", "code", "needle"), [
    pytest.param("Pandas value_counts()函数", "Series.value_counts(normalize=False,\n                    sort=True, dropna=True)",
                 "pandas.Series.value_counts", "import pandas as pd\n\ns = pd.Series([1, 1, 2])\ns.value_counts()\n",
                 "value_counts", id="a-series-method-a-frame-has-too"),
    pytest.param("PyTorch 的 view 函数", "Tensor.view(*shape)", "torch.Tensor.view",
                 "import torch\n\nx = torch.ones(4)\nx.view(2, 2)\n", "view(", id="a-tensor-method"),
])
def test_a_signature_copied_from_the_reference_is_its_class_s_method(
        tmp_path: Path, title: str, signature: str, symbol: str, code: str, needle: str) -> None:
    library = compile_notes(tmp_path, {"note.md": f"# {title}\n\n```python\n{signature}\n```\n\n返回按值计数或改变形状后的结果，这里是笔记自己的话。\n"})
    record = next(s for s in library.snippets if s.code)
    assert record.symbols[:1] == (symbol,), record.symbols
    entry = first_entry(library, code, needle)
    assert entry is not None and "笔记自己的话" in entry, entry


def test_a_signature_copied_with_its_link_over_what_it_does_explains_it(tmp_path: Path) -> None:
    """"[random.seed(seed=None)](…/numpy.random.seed.html)" on a line of its own, over a paragraph on what
    it does: the reference page's signature, copied with its address, documented by the paragraph, before
    a histogram's code that seeds the generator on its way (a list of links alone, "- [numpy.std](…)",
    still only says where the docs are)."""
    library = compile_notes(tmp_path, {"matplotlib/hist.md": """
        # 直方图

        ```python
        import numpy as np
        import matplotlib.pyplot as plt
        np.random.seed(2000)
        plt.hist(np.random.standard_normal(1000), bins=25)
        ```
        """, "numpy/statistics.md": """
        # 统计学常用方法

        ## Random generator

        [random.seed(seed=None)](https://numpy.org/doc/stable/reference/random/generated/numpy.random.seed.html)

        设定随机数生成器的种子：同一个种子生成的是同一个伪随机序列，不设置时每次运行都不一样。

        ## 参考

        - [numpy.std](https://numpy.org/doc/stable/reference/generated/numpy.std.html)
        """})
    entry = first_entry(library, "import numpy as np\n\nnp.random.seed(2000)\n", "seed(")
    assert entry is not None and "同一个伪随机序列" in entry, entry
    listed = [dict(zip(s.symbols, s.about))["numpy.std"] for s in library.snippets if "numpy.std" in s.symbols]
    assert listed == [MENTIONED], listed


def test_a_class_s_dotted_name_alone_in_a_block_heads_its_description(tmp_path: Path) -> None:
    """A Sphinx note copies the reference's layout: a block holding only `threading.Event`, then what that
    class is. The block names the class it documents, as a signature would, before a table row that lists it."""
    library = compile_notes(tmp_path, {
        "threading.rst": """
            ``threading``\\ 模块
            ===================

            在Python中, 通常使用\\ ``threading``\\ 模块来实现多线程编程.

            +-------------+--------------------------+
            | 对象        | 描述                     |
            +=============+==========================+
            | ``Event``   | 条件变量的通用版本       |
            |             |                          |
            |             | 任意数量的线程等待某个事 |
            |             | 件发生, 之后全部被激活   |
            +-------------+--------------------------+
            | ``Lock``    | 锁原语对象               |
            +-------------+--------------------------+
            """,
        "sync/event.rst": """
            事件对象
            ========

            这是线程间通信的最简单的机制之一.

            .. code-block:: python

                threading.Event

            实现事件对象的类.

            事件对象管理一个内部标志, 调用\\ ``set()``\\ 方法可将其设置为\\ ``true``\\ .
            """})
    entry = first_entry(library, "import threading\n\nstop = threading.Event()\n", "Event")
    assert entry is not None and entry.startswith("**事件对象**") and "管理一个内部标志" in entry, entry


def test_a_bare_method_signature_under_a_class_s_page_is_that_class_s_method(tmp_path: Path) -> None:
    """A page per class, its constructor's signature first, then "## 方法" › "### flow_from_directory" over
    `flow_from_directory(directory, target_size=(256, 256), …)` with no receiver: the class's method."""
    library = compile_notes(tmp_path, {"ImageDataGenerator.md": """
        # ImageDataGenerator

        ## 简介

        通过**数据增强**生成批量的图像张量数据。

        ```python
        tf.keras.preprocessing.image.ImageDataGenerator(
            rotation_range=0,
            zoom_range=0.0,
        )
        ```

        ## 方法

        ### flow_from_directory

        ```python
        flow_from_directory(
            directory, target_size=(256, 256), color_mode='rgb', classes=None,
            batch_size=32, shuffle=True
        )
        ```

        从指定路径为参数，生成经过数据增强后的数据，在一个循环中产生 batch 数据。
        """})
    source = ("from tensorflow.keras.preprocessing.image import ImageDataGenerator\n\n"
              "datagen = ImageDataGenerator(rescale=1.0 / 255)\ntrain = datagen.flow_from_directory('data/train')\n")
    entry = first_entry(library, source, "flow_from_directory")
    assert entry is not None and "生成经过数据增强后的数据" in entry, entry
