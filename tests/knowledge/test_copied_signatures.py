"""A signature copied from the reference into a note's code block (`Series.value_counts(normalize=False, …)`,
`Tensor.view(*shape)`): the class it names is the library's class, whatever other class has a method so
named. Every note here is written for the test."""

from __future__ import annotations

from pathlib import Path

import pytest

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
