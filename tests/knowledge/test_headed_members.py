"""A heading that names a module or class says what its section is about; a paragraph in it that marks
a *member* of that module or class (`scipy.signal.welch` under "scipy.signal") explains that member,
in reStructuredText as in Markdown. Every note here is written for the test."""

from __future__ import annotations

from pathlib import Path

from notesense.library.index import Library
from notesense.library.model import EXPLAINED
from written import compile_notes, first_entry, notebook

RST = """
    Signal processing: :mod:`scipy.signal`
    ======================================

    :mod:`scipy.signal` works on regularly sampled one-dimensional signals.

    **Spectra**: :func:`scipy.signal.periodogram` squares the FFT of the whole signal, while
    :func:`scipy.signal.welch` averages the periodograms of overlapping segments, trading resolution
    for a smoother estimate.

    Some other words about filters, naming nothing in particular.
    """
USER = "import scipy as sp\n\nf, pxx = sp.signal.welch(samples, fs=100)\nf2, p2 = sp.signal.periodogram(samples)\n"


def _first(library: Library, word: str) -> str:
    found = first_entry(library, USER, word)
    assert found is not None, word
    return found


def test_a_paragraph_under_a_module_heading_explains_the_members_it_marks(tmp_path: Path) -> None:
    library = compile_notes(tmp_path, {"signal.rst": RST})
    for word, words in (("welch", "overlapping segments"), ("periodogram", "squares the FFT")):
        first = _first(library, word)
        # the paragraph that explains it, not the whole section where it is one name among others
        assert words in first and "regularly sampled" not in first and "signal.rst:6" in first, first
    explained = {s for snippet in library.snippets for s, level in zip(snippet.symbols, snippet.about) if level == EXPLAINED}
    assert {"scipy.signal.welch", "scipy.signal.periodogram"} <= explained


def test_a_list_of_calls_under_a_heading_on_a_class_lists_its_methods(tmp_path: Path) -> None:
    """"### Module" over "#### 常用方法" and its bullets "- eval()  # …", "- cpu()  # …": each is the class's
    method, not the builtin `eval` nor `torch.cpu`, and a signature with many defaults
    (`state_dict(destination=None, prefix='', keep_vars=False)`) is one too, with its own words."""
    library = compile_notes(tmp_path, {"nn.md": """
        # torch.nn

        ```python
        import torch.nn as nn
        net = nn.Linear(2, 2)
        ```

        ### Module

        Module 是所有模型的基类。

        #### 常用方法

        - cpu()     # 把参数和缓冲区搬到 cpu
        - eval()    # 置为评估模式，Dropout 在测试时关闭
        - state_dict(destination=None, prefix='', keep_vars=False)  # 返回整个模型的状态字典
        - zero_grad()   # 把梯度清零
        """})
    said = {s.symbols[0] for s in library.snippets if s.symbols and s.title == "常用方法"}
    assert {"torch.nn.Module.cpu", "torch.nn.Module.eval", "torch.nn.Module.state_dict", "torch.nn.Module.zero_grad"} <= said, said
    assert not said & {"eval", "torch.cpu"}, said
    code = "import torch.nn as nn\n\nnet = nn.Linear(2, 2)\nnet.eval()\nsd = net.state_dict()\n"
    entry = first_entry(library, code, "eval()")
    assert entry is not None and "Dropout 在测试时关闭" in entry, entry
    entry = first_entry(library, code, "state_dict")
    assert entry is not None and "整个模型的状态字典" in entry, entry


def test_a_numbered_heading_on_a_method_written_with_its_dot(tmp_path: Path) -> None:
    """"## 3.3 `.clip()`" says in a sentence what the method does, then a sub-heading gives its signature
    over the example: the numbered heading names `DataFrame.clip` (as "### `.eye`" names `np.eye`), and
    its sentence is what the hover shows first."""
    library = compile_notes(tmp_path, {"9. 数值运算.ipynb": notebook([
        ("markdown", "# 数值运算\n"),
        ("code", "import pandas as pd\nimport numpy as np\n\ndf1 = pd.DataFrame(np.random.randn(3, 3))\n"),
        ("markdown", "## 3.3 `.clip()`\n顾名思义，裁剪也即将数据裁剪到一定范围内。\n"
                     "#### `DataFrame.clip(lower=None, upper=None)`\n- lower：float\n- upper：float\n"),
        ("code", "df1.clip(-0.5, 0.5)\n"),
    ])})
    code = "import pandas as pd\n\ndf = pd.read_csv('a.csv')\nout = df.clip(0, 1)\n"
    entry = first_entry(library, code, "clip")
    assert entry is not None and "裁剪到一定范围内" in entry, entry


def test_a_heading_on_a_keras_layer_is_spelt_as_the_code_under_it_spells_it(tmp_path: Path) -> None:
    """"Understanding LSTM" names the layer the notebook's code imports from `tensorflow.keras.layers`:
    one API, `keras.layers.LSTM`, however the heading reached it, so the section that explains it ranks
    with (and before) the examples that only build one."""
    library = compile_notes(tmp_path, {"10_2_lstm.ipynb": notebook([
        ("markdown", "# Part 10.2: Programming LSTM with Keras and TensorFlow\n"),
        ("code", "from tensorflow.keras.models import Sequential\nfrom tensorflow.keras.layers import Dense, LSTM\n"),
        ("markdown", "## Understanding LSTM\n\nLong Short Term Memory (LSTM) layers are a type of recurrent unit. "
                     "You can think of LSTM as a layer type that keeps a state between the steps of a sequence.\n"),
        ("markdown", "## Simple Keras LSTM Example\n\nThe following code creates the LSTM network.\n"),
        ("code", "model = Sequential()\nmodel.add(LSTM(128, dropout=0.2, input_shape=(None, 1)))\nmodel.add(Dense(4))\n"),
    ])})
    code = "from tensorflow.keras.layers import LSTM\n\nlayer = LSTM(64)\n"
    entry = first_entry(library, code, "LSTM")
    assert entry is not None and "think of LSTM as a layer type" in entry, entry


def test_an_entry_written_as_a_call_under_a_class_s_heading_is_its_method_not_a_parameter(tmp_path: Path) -> None:
    """Under "# threading.Thread" a table of "属性/方法": `is_alive()` written as a call is the class's method,
    explained by its row, where a bare `name` under a class's heading may still be a constructor's parameter."""
    library = compile_notes(tmp_path, {"thread.md": """
        # threading.Thread

        `Thread`类的常用属性和方法:

        | 属性/方法 | 描述 |
        | --- | --- |
        | `name` | 线程名 |
        | `start()` | 开始执行线程 |
        | `is_alive()` | 布尔标志, 表示这个线程是否还存活 |
        """})
    source = "import threading\nimport time\n\nt = threading.Thread(target=time.sleep, args=(3,))\nprint(t.is_alive())\n"
    entry = first_entry(library, source, "is_alive")
    assert entry is not None and "是否还存活" in entry and "thread.md:9" in entry, entry  # the row's own record
