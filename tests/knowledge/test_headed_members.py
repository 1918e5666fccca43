"""A heading that names a module or class says what its section is about; a paragraph in it that marks
a *member* of that module or class (`scipy.signal.welch` under "scipy.signal") explains that member,
in reStructuredText as in Markdown. Every note here is written for the test."""

from __future__ import annotations

from pathlib import Path

from notesense.library.index import Library
from notesense.library.model import EXPLAINED
from written import compile_notes, first_entry

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
