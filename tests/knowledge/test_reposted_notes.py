"""Notes as people keep them after reading blogs and the docs: a Typora note titled only by its file name,
code that uses a package it never imports, a paragraph copied from CSDN or Jianshu with the site's
footer, one-line notes on a module's function, a list of a library's less common submodules. Every
note here is written for the test."""

from __future__ import annotations

from pathlib import Path

from notesense.analysis import public_api
from notesense.analysis.document import Document
from notesense.compile.snippet import clean_prose
from notesense.features.hover import hover
from notesense.library.model import EXPLAINED
from written import compile_notes, first_entry


def shows(tmp_path: Path, notes: dict[str, str], code: str, word: str, phrase: str) -> str:
    entry = first_entry(compile_notes(tmp_path, notes), code, word)
    assert entry is not None and phrase in entry, entry
    return entry


def test_a_typora_note_s_file_name_is_its_title(tmp_path: Path) -> None:
    """No heading names the module: the file name does, and the code uses it without an import."""
    note = """\
        ### 简介

        h5py用来处理hdf5文件格式。

        ### 读取

        ```python
        f_id = h5py.File('test.h5', 'r')
        data = f_id['key']
        ```
        """
    shows(tmp_path, {"模块——h5py.md": note}, "import h5py\n\nf = h5py.File('a.h5', 'r')\n", "File", "处理hdf5文件格式")


def test_a_package_used_without_its_import_is_the_package(tmp_path: Path) -> None:
    """`requests.get(url)` in a snippet that never imports requests is the package's function, never a
    dict's `get`; a note that makes its own `requests` list keeps it a variable."""
    note = "## 下载\n\n发一个 GET 请求，拿到网页内容：\n\n```python\nr = requests.get(url)\nconf = yaml.safe_load(f)\n```\n"
    library = compile_notes(tmp_path, {"web.md": note})
    assert [s.symbols for s in library.snippets] == [("requests.get", "yaml.safe_load")]
    own = "## 队列\n\n```python\nrequests = {}\nfirst = requests.get('a')\n```\n"
    assert "requests.get" not in [x for s in compile_notes(tmp_path, {"own.md": own}).snippets for x in s.symbols]


def test_a_sentence_under_a_module_s_title_explains_the_module_s_function(tmp_path: Path) -> None:
    """`torch.no_grad` is `torch.autograd.no_grad`: a note titled "Autograd" whose one sentence is on
    it explains it, before code elsewhere that only decorates a function with it."""
    note = "# Autograd——排除计算图\n\n如果不希望计算结果包含进梯度， 那么可以将变量包裹在 `with torch.no_grad()`中。\n"
    other = """\
        # apply函数

        model.apply(fn) 会递归地将函数 fn 应用到每个子模块。

        ```python
        import torch
        import torch.nn as nn

        @torch.no_grad()
        def init_weights(m):
            if type(m) == nn.Linear:
                m.weight.fill_(1.0)

        net = nn.Sequential(nn.Linear(2, 4), nn.Linear(4, 8))
        net.apply(init_weights)
        ```
        """
    code = "import torch\n\nwith torch.no_grad():\n    y = model(x)\n"
    shows(tmp_path, {"PyTorch/a_apply.md": other, "PyTorch/b_autograd.md": note}, code, "no_grad", "包裹在")


def test_a_note_without_headings_is_shown_under_its_file_name_once(tmp_path: Path) -> None:
    """A one-sentence note titled only by its file name: its hover is titled `排除计算图`, not the file's
    name with `.md`, and the passage's second record (the title's and the sentence's) is not linked again."""
    note = "如果不希望计算结果包含进梯度， 那么可以将变量包裹在 `with torch.no_grad()`中。\n"
    library = compile_notes(tmp_path, {"PyTorch/Autograd——排除计算图.md": note})
    code = "import torch\n\nwith torch.no_grad():\n    y = model(x)\n"
    found = hover(library, Document(code), 2, 12)
    assert found is not None and found.markdown.startswith("**Autograd——排除计算图**\n"), found
    assert found.markdown.count("排除计算图.md:1") == 1, found.markdown


def test_a_sentence_that_sets_two_names_side_by_side_says_something(tmp_path: Path) -> None:
    """"torch.repeat和np.tile用法相同" after the block explains repeat: Chinese words after a name are no
    part of it, so the line is no bare list of names (which would only mention them)."""
    note = """\
        ## pytorch

        ### 复制维度

        ```python
        >>> x = torch.randn(2, 3)
        >>> x.repeat(3, 4).shape
        torch.Size([6, 12])
        ```

        torch.repeat和np.tile用法相同
        """
    library = compile_notes(tmp_path, {"dims.md": note})
    said = [s for s in library.snippets if s.doc == "torch.repeat和np.tile用法相同" and not s.code]
    assert [s.aboutness("torch.Tensor.repeat") for s in said] == [EXPLAINED], [(s.symbols, s.about) for s in said]


def test_a_listed_submodule_s_function_written_in_full_is_explained(tmp_path: Path) -> None:
    """`scipy.sparse.linalg.eigs` is real API (the table lists the submodule), so its bullet explains it;
    a builtin's name in a torch note is the builtin, not `torch.hub.list`."""
    note = """\
        # 稀疏矩阵的线性代数

        ## 特征值分解

        - `scipy.sparse.linalg.eigs`
            - 返回前 k 大的特征值和特征向量
        """
    code = "from scipy.sparse.linalg import eigs\n\nvals, vecs = eigs(A, k=6)\n"
    shows(tmp_path, {"sparse.md": note}, code, "eigs", "特征值和特征向量")
    torch_note = "# torch\n\n## 转置\n\n- map(list, zip(*a))：再对每个元素应用 list()函数，将 tuple 转换为 list；\n"
    assert "torch.hub.list" not in [x for s in compile_notes(tmp_path, {"t.md": torch_note}).snippets for x in s.symbols]


def test_a_member_of_a_class_whose_members_are_not_listed_is_taken_as_written() -> None:
    """The table lists `unittest.mock.Mock` but not its members: `Mock.side_effect` is not refused as
    unreal; a member of a class whose members are listed still is."""
    assert public_api.is_public("unittest.mock.Mock") and not public_api.is_closed("unittest.mock.Mock.side_effect")
    assert public_api.is_closed("pandas.DataFrame.no_such_method")
    assert public_api.is_closed("matplotlib.image.PIL.Image")  # a module `matplotlib.image` imports, no class


def test_a_copied_paragraph_loses_the_site_s_footer_but_keeps_its_link() -> None:
    copied = (
        "pytorch中的model.apply(fn)会递归地应用到每个子模块。\n\n"
        "————————————————\n"
        "版权声明：本文为CSDN博主「someone」的原创文章，遵循CC 4.0 BY-SA版权协议，转载请附上原文出处链接及本声明。\n"
        "原文链接：https://blog.csdn.net/someone/article/details/1\n\n"
        "作者：某人\n链接：https://www.jianshu.com/p/1\n来源：简书\n"
        "著作权归作者所有。商业转载请联系作者获得授权，非商业转载请注明出处。\n"
    )
    assert clean_prose(copied) == (
        "pytorch中的model.apply(fn)会递归地应用到每个子模块。\n\n"
        "原文链接：https://blog.csdn.net/someone/article/details/1\n\n"
        "链接：https://www.jianshu.com/p/1"
    )
    kept = "作者：张三\n\n版权声明一节说明了许可。"  # no footer: an author's line without a link, a heading's words
    assert clean_prose(kept) == kept


def test_a_variable_the_note_makes_is_no_module_its_file_name_names(tmp_path: Path) -> None:
    """A book's chapter `attention-scoring.md` makes `attention` in each framework's block and reads
    `attention.attention_weights` in one shared by all: the variable, not a package `attention`."""
    note = """\
        # 注意力评分函数

        ```{.python .input}
        attention = AdditiveAttention(num_hiddens=8, dropout=0.1)
        attention.initialize()
        ```

        ```{.python .input}
        #@tab pytorch
        attention = AdditiveAttention(key_size=2, query_size=20, num_hiddens=8, dropout=0.1)
        attention.eval()
        ```

        注意力权重是均匀的。

        ```{.python .input}
        #@tab all
        d2l.show_heatmaps(d2l.reshape(attention.attention_weights, (1, 1, 2, 10)), xlabel='Keys')
        ```
        """
    library = compile_notes(tmp_path, {"attention-scoring.md": note})
    assert not [(s.context, s.symbols) for s in library.snippets if s.context == "attention" or
                any(x.startswith("attention.") for x in s.symbols)]


def test_an_english_word_in_chinese_prose_is_the_api_the_note_s_code_calls(tmp_path: Path) -> None:
    """Chinese prose marks no code: "solve适用于满秩矩阵" under "solve和lstsq的不同之处" speaks of the
    `np.linalg.solve` an earlier section calls; "查看cuda版本" speaks of the device, not `Tensor.cuda`."""
    note = """\
        # 矩阵

        ## 矩阵除法

        ```python
        import numpy as np
        x = np.linalg.solve(A, B)
        y = np.linalg.lstsq(A, B)
        ```

        ## solve和lstsq的不同之处

        solve适用于满秩矩阵，此时计算更快

        ## 环境

        查看cuda版本：`nvidia-smi`

        显卡上的张量

        ```python
        import torch
        x = torch.ones(2).cuda()
        ```
        """
    library = compile_notes(tmp_path, {"linalg.md": note})
    shows(tmp_path, {"linalg.md": note}, "import numpy as np\n\nx = np.linalg.solve(a, b)\n", "solve", "此时计算更快")
    assert not [s for s in library.snippets if s.kind == "prose" and "torch.Tensor.cuda" in s.symbols]


def test_a_word_joined_to_one_the_code_calls_is_the_same_owner_s_member(tmp_path: Path) -> None:
    """"reshape和view的区别" in a notebook whose code calls `reshape` only: `view` is the tensor's too, and
    the words on the difference answer a hover on it; a joined word the owner has no member for names nothing."""
    note = """\
        # 数据操作

        ```python
        import torch
        a = torch.arange(12)
        b = a.reshape((3, 4))
        ```

        - reshape和view的区别
          - 区别在于被操作的那个tensor是否是连续的，不连续时reshape会返回新的tensor

        - reshape与frobnicate的关系：没有这个方法
        """
    shows(tmp_path, {"data.md": note}, "import torch\n\na = torch.arange(12)\nb = a.view(3, 4)\n", "view", "是否是连续的")
    library = compile_notes(tmp_path, {"data.md": note})
    assert not [s for r in library.snippets for s in r.symbols if "frobnicate" in s]


def test_a_heading_over_examples_names_the_method_they_call_not_the_builtin(tmp_path: Path) -> None:
    """"## format用法" says what `format()` does over sub-sections whose code calls `'{}'.format(…)`:
    `str.format`, not the builtin `format`; its words answer first."""
    note = """\
        # print

        ## format用法

        相对‘%’的方法，format()功能更强大，该函数把字符串当成一个模板，通过传入的参数进行格式化。

        ### 位置匹配

        - 不带编号，{}
        - 带数字编号，可调换顺序，{1}，{2}

        ```python
        print('{} {}'.format('hello', 'world'))
        print('{1} {0}'.format('hello', 'world'))
        ```
        """
    shows(tmp_path, {"print.md": note}, "msg = 'hello {}'.format(name)\n", "format", "把字符串当成一个模板")


def test_a_method_a_heading_names_without_its_receiver_is_the_one_the_examples_below_call(tmp_path: Path) -> None:
    """"## Shifting Rows (`.shift()`)" and its words, over "### Shift Execution Example" whose code calls
    `df['status'].shift(periods=1)`: a series' shift (a frame has one too), which the words explain."""
    note = """\
        # Pandas Window Functions

        ## 1. Shifting Rows for Comparison (`.shift()`)

        The `.shift()` method moves a column's data vector up or down by a specified number of rows.

        ### Shift Execution Example

        ```python
        import pandas as pd
        df = pd.DataFrame({'status': ['START', 'RUNNING', 'STOP']})
        df['previous_status'] = df['status'].shift(periods=1)
        ```
        """
    library = compile_notes(tmp_path, {"window.md": note})
    explained = [s for s in library.snippets if s.is_explanation and "moves a column's data vector" in s.doc]
    assert [s.symbols for s in explained] == [("pandas.Series.shift",)], [(s.symbols, s.doc) for s in explained]


def test_a_block_that_imports_one_api_shows_it(tmp_path: Path) -> None:
    """`from torch.autograd.functional import jacobian` alone, the note's words on it after it, is the
    note's opening on jacobian: before the example further down that calls it among other APIs."""
    note = """\
        ```python
        from torch.autograd.functional import jacobian
        ```

        jacobian可以求解一个python函数的输出对其输入的雅可比矩阵，即偏导数矩阵。

        ### 范例

        ```python
        import torch
        def func(x):
            return torch.matmul(x, x.T)
        x = torch.tensor([[1, 2, 3], [4, 5, 6]], dtype=torch.float32)
        out = jacobian(func, x)
        ```

        对于上例的func函数，输出是一个四维张量。
        """
    library = compile_notes(tmp_path, {"PyTorch/雅可比矩阵.md": note})
    code = "import torch\nfrom torch.autograd.functional import jacobian\n\nj = jacobian(f, x)\n"
    shows(tmp_path, {"PyTorch/雅可比矩阵.md": note}, code, "jacobian", "即偏导数矩阵")
    # "func函数" is the note's own `def func`, not the module `torch.func`
    assert "torch.func" not in [x for s in library.snippets for x in s.symbols]
    private = "# NBA\n\n修改过的模块：\n\n```python\nfrom goldsberry.player import _Player as pl_old\n```\n"
    assert [s.symbols for s in compile_notes(tmp_path, {"nba.md": private}).snippets if s.code] == [()]


def test_a_name_the_prose_misspells_is_the_api_the_note_s_code_calls(tmp_path: Path) -> None:
    """"nn.Sequetial" (an `n` dropped) in a note whose code calls `nn.Sequential` is that class; a slip
    the note's code never writes stays unresolved rather than guessed."""
    note = """\
        # 模型容器

        常用的容器有 3 个，这些容器都是继承自`nn.Module`。

        * nn.Sequetial：按照顺序包装多个网络层
        * nn.ModuleList：像 python 的 list 一样包装多个网络层

        ```python
        import torch.nn as nn
        net = nn.Sequential(nn.Linear(4, 2), nn.ReLU())
        ```
        """
    library = compile_notes(tmp_path, {"PyTorch/containers.md": note})
    assert [s.doc for s in library.snippets if s.kind == "prose" and "torch.nn.Sequential" in s.symbols] == [
        "nn.Sequetial：按照顺序包装多个网络层"]
    other = "# 层\n\n* nn.Lineer：全连接层\n\n```python\nimport torch.nn as nn\nact = nn.ReLU()\n```\n"
    symbols = [x for s in compile_notes(tmp_path, {"PyTorch/layers.md": other}).snippets for x in s.symbols]
    assert "torch.nn.Linear" not in symbols and "torch.nn.Lineer" not in symbols


def test_a_model_a_builder_returns_is_a_module(tmp_path: Path) -> None:
    """`models.resnet18()` hands back a network: `load_state_dict` on it is the module's, whose note answers."""
    note = """\
        # 模型保存与加载

        ## 只加载模型的参数

        `load_state_dict()` 把参数加载到模型中：

        ```python
        import torch
        import torch.nn as nn

        class LeNet(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(4, 2)

        net = LeNet()
        state_dict = torch.load("model.pkl")
        net.load_state_dict(state_dict)
        ```
        """
    code = ("import torch\nimport torchvision.models as models\n\nresnet18 = models.resnet18()\n"
            "resnet18.load_state_dict(torch.load('resnet18.pth'))\n")
    shows(tmp_path, {"PyTorch/save.md": note}, code, "load_state_dict", "把参数加载到模型中")


def test_a_generic_written_with_its_parameters_is_typing_s(tmp_path: Path) -> None:
    """"the generator type is represented as `Generator[BinaryFile, None, None]`" in a note that imports
    nothing: a type hint's generic, `typing.Generator` (a name indexed, `df['a']`, stays a value)."""
    note = """\
        # Generator

        ## return type Generator

        In type hinting, `Generator[BinaryFile, None, None]` is a generator that yields BinaryFile values and accepts nothing through `send()`.
        """
    code = "from typing import Generator\n\nChunks = Generator[bytes, None, None]\n"
    shows(tmp_path, {"Generator.md": note}, code, "Generator", "accepts nothing through")


def test_an_example_section_answers_after_the_section_its_heading_names(tmp_path: Path) -> None:
    """"卷积网络示例" uses `nn.Conv2d(3, 1, 3)` and says so; "二维卷积：nn.Conv2d()" says what it is: the
    example answers after the section whose heading names the API."""
    example = """\
        # 卷积层

        ## 卷积网络示例

        这里使用卷积核`nn.Conv2d(3, 1, 3)`，代码如下：

        ```python
        import torch.nn as nn
        conv_layer = nn.Conv2d(3, 1, 3)
        img_conv = conv_layer(img_tensor)
        ```
        """
    named = """\
        # 卷积层

        ## 二维卷积：nn.Conv2d()

        这个函数的功能是对多个二维信号进行二维卷积，主要参数如下：

        * in_channels：输入通道数
        * out_channels：输出通道数，等价于卷积核个数
        """
    code = "import torch.nn as nn\n\nconv = nn.Conv2d(3, 6, 5)\n"
    shows(tmp_path, {"PyTorch/a_example.md": example, "PyTorch/b_conv.md": named}, code, "Conv2d", "对多个二维信号")


def test_a_function_written_as_code_is_the_one_the_note_s_code_calls(tmp_path: Path) -> None:
    """"`read_parquet` vs `scan_parquet`" over a note whose code calls `pl.scan_parquet(...)`: polars'
    function; a class's name written so ("the *tensor class*") is no function of the note's."""
    note = """\
        # Parquet

        ## `read_parquet` vs `scan_parquet`
        - `read_parquet` will load all data in RAM and cannot apply any optimization to the scan level
        - `scan_parquet` is recommended when dealing with larger file sizes

        ## Read parquet with filters
        ```py
        import polars as pl
        df = pl.scan_parquet('df.parquet').filter(pl.col('a') > 1).collect()
        ```
        """
    code = "import polars as pl\n\nlazy = pl.scan_parquet('trips.parquet')\n"
    shows(tmp_path, {"Parquet.md": note}, code, "scan_parquet", "recommended when dealing with larger file sizes")
    tensors = ("# Data\n\nEvery framework has a *tensor class* (`ndarray` in MXNet), much like NumPy's.\n\n"
               "## Getting started\n\n```python\nimport torch\nx = torch.tensor([1, 2])\n```\n")
    library = compile_notes(tmp_path, {"data.md": tensors})
    assert not [s.symbols for s in library.snippets if s.kind == "prose" and "torch.tensor" in s.symbols]


def test_a_polars_frame_s_method_hovers_with_the_note_on_it(tmp_path: Path) -> None:
    """polars' readers give a DataFrame (`api`): `df.with_columns` after `pl.read_csv(...)` is
    `polars.DataFrame.with_columns`, in the note and in the user's file."""
    note = """\
        # Polars

        ## add columns

        `with_columns` creates a copy of the original columns, so chain it once:

        ```py
        import polars as pl
        df = pl.read_csv('a.csv')
        df = df.with_columns(pl.col('a').alias('b'))
        ```
        """
    code = "import polars as pl\n\ndf = pl.read_csv('trips.csv')\ndf = df.with_columns(pl.col('d').alias('km'))\n"
    shows(tmp_path, {"Polars.md": note}, code, "with_columns", "creates a copy of the original columns")


def test_the_parameters_a_signature_heading_lists_are_no_apis(tmp_path: Path) -> None:
    """"##### `Series.align(other, join='outer', copy=None)`" over "- `join`：…", "- `copy`：…": parameters,
    not `DataFrame.join` and `DataFrame.copy`; brackets after a word are an aside ("拼表操作(join/merge)")."""
    note = """\
        ##### `Series.align(other, join='outer', axis=None, copy=None, fill_value=None)`
        **功能简介:**
        - 用于对齐两个 Series 对象的方法。

        **参数说明:**
        - `other`：另一个 Series 对象。
        - `join`：对齐时使用的连接方式，默认 'outer'
        - `copy`：是否复制数据，默认为 True。

        **用法示例:**
        ```python
        import pandas as pd
        s1 = pd.Series([1, 2, 3], index=['a', 'b', 'c'])
        s2 = pd.Series([4, 5, 6], index=['b', 'c', 'd'])
        a, b = s1.align(s2, join='outer', fill_value=0)
        ```
        """
    library = compile_notes(tmp_path, {"pandas/Series.align().md": note})
    symbols = {x for s in library.snippets for x in s.symbols}
    assert "pandas.Series.align" in symbols and not symbols & {"pandas.DataFrame.join", "pandas.DataFrame.copy"}, symbols
    aside = ("# pandas\n\n### 拼表操作(join/merge)\n\n```python\nimport pandas as pd\n"
             "all_df = a.merge(b, how='outer')\nboth = a.join(b)\n```\n")
    named = [s for s in compile_notes(tmp_path, {"merge.md": aside}).snippets if "pandas.DataFrame.join" in s.symbols]
    assert [s.aboutness("pandas.DataFrame.join") for s in named] == [EXPLAINED]


def test_a_word_of_a_file_name_is_no_module_of_the_note_s_code(tmp_path: Path) -> None:
    """`09.04-graph-structures.md` over `graph.append(x)`: the note's own list, not a package `graph`;
    "## 一、toad" over `toad.metrics.KS_bucket(...)` names the package alone."""
    note = "# Graph\n\n把节点加进去：\n\n```python\ngraph.append(node)\nprint(len(graph))\n```\n"
    symbols = [x for s in compile_notes(tmp_path, {"09.04-graph-structures.md": note}).snippets for x in s.symbols]
    assert not [x for x in symbols if x.startswith("graph.")], symbols
    toad = "## 评分卡建模包\n\n## 一、toad\n\n计算 KS：\n\n```python\nks = toad.metrics.KS_bucket(pred, y, bucket=10)\n```\n"
    symbols = [x for s in compile_notes(tmp_path, {"风控.md": toad}).snippets for x in s.symbols]
    assert "toad.metrics.KS_bucket" in symbols, symbols


def test_a_submodule_the_note_imports_later_is_the_library_s_in_a_table_above(tmp_path: Path) -> None:
    """A table of scipy's submodules ("`optimize`| 优化和求根") above `from scipy import linalg, optimize` and
    `np.info(optimize.fmin)`: each row is the submodule it names (an import is no variable of the note's,
    and a value passed to a call is no parameter of a signature)."""
    note = """\
        # Scipy

        **`Scipy`** 由不同科学计算领域的子模块组成：

        子模块|描述
        ----|----
        `odr`| 正交距离回归
        `optimize`| 优化和求根

        ```python
        import numpy as np
        from scipy import linalg, optimize
        np.info(optimize.fmin)
        ```
        """
    library = compile_notes(tmp_path, {"scipy.md": note})
    rows = [s.symbols for s in library.snippets if s.kind == "prose"]
    assert ("scipy.optimize",) in rows and ("scipy.odr",) in rows, rows


def test_a_standard_module_the_note_imports_is_no_library_s_namesake(tmp_path: Path) -> None:
    """"NumPy 和 `random` 的种子不会" in a torch note whose code imports `random`: the standard module,
    not `torch.random`."""
    note = """\
        # DataLoader

        DataLoader 自动设定每个 worker 的 torch 种子，但 NumPy 和 `random` 的种子不会：

        ```python
        import random
        import numpy as np
        import torch

        def seed_worker(worker_id):
            seed = torch.initial_seed() % 2**32
            np.random.seed(seed)
            random.seed(seed)
        ```
        """
    symbols = [x for s in compile_notes(tmp_path, {"PyTorch/data.md": note}).snippets for x in s.symbols]
    assert "torch.random" not in symbols, symbols


def test_the_table_generator_leaves_out_what_a_module_only_imports() -> None:
    """`public_api._borrowed`, which `generate()` applies where a module has no `__all__`: another module
    (`torch.hub.os`), a class or function made elsewhere (`sklearn.base.defaultdict`), a builtin type
    under another name (`typing.Text`) are borrowed; what the module or a private module makes is its own."""
    import collections
    import importlib.util
    import os
    import typing

    assert public_api._borrowed(os, "torch.hub")
    assert public_api._borrowed(collections.defaultdict, "sklearn.base")
    assert public_api._borrowed(typing.Text, "torch.utils.checkpoint")
    assert not public_api._borrowed(importlib.util.module_from_spec, "importlib.util")  # made in `_frozen_importlib`
    assert not public_api._borrowed(collections.Counter, "collections")
    assert not public_api._borrowed(importlib.util, "importlib")  # a submodule of the module


def test_a_post_titled_for_a_builtin_type_owns_the_methods_its_list_names(tmp_path: Path) -> None:
    """A blog post titled "Python Note 400 - String" (its front matter's title, no heading in the body)
    lists "zfill(width) 返回…": the string's `zfill` (bytes has one too; the title says which)."""
    note = """\
        ---
        title: Python Note 400 - String
        tags:
         - python
        ---

        -   capitalize() 首字符大写
        -   zfill(width) 返回长度为width的字符串,原字符串 string 右对齐,前面填充0
        """
    shows(tmp_path, {"400str.md": note}, "s = '7'\npadded = s.zfill(3)\n", "zfill", "前面填充0")
