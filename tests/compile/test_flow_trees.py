"""A note's code is parsed once: the flow model of each reader is put together from the blocks' own
trees (moved to where each block stands in the reading), not from a second parse of the joined text.
That must change nothing: the same tree, the same kinds, the same records."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from notesense.analysis.imports import ImportMap, imports_from_nodes, parse_imports
from notesense.compile import flow
from notesense.compile.build import compile_note
from notesense.analysis.semantic import walk
from notesense.notes import code as note_code
from notesense.notes.reader import discover, load_note

ROOT = Path(__file__).resolve().parents[2]

# a multi-framework book's note: blocks for every reader and for one, a block that does not parse (its
# imports still count), a later `from __future__` line (dropped from the joined text), a class defined
# in one block and used in the next, a frame read from a file and queried later
TABBED = '''# Tabs

```python
#@tab all
import torch
from torch import nn
import pandas as pd
df = pd.read_csv("a.csv")
```

```python
#@tab pytorch
class Net(nn.Module):
    def forward(self, x):
        return torch.relu(x)
net = Net()
```

```python
#@tab mxnet
from mxnet import np
x = np.arange(4)
```

```python
import numpy as np
def broken(:
```

```python
#@tab pytorch
from __future__ import annotations
net.eval()
out = df.query("a > 1")
lengths = [len(t) for t in out.columns]
```

```python
#@tab all
y = torch.ones(3)
y.sum().backward()
```
'''


def _blocks(texts: list[tuple[str, str]]) -> list[flow.FlowBlock]:
    out = []
    for code, variant in texts:
        try:
            tree = ast.parse(code)
        except SyntaxError:
            tree = None
        out.append(flow.FlowBlock(code, variant, walk(tree) if tree is not None else None, tree))
    return out


TEXTS = [
    ("import torch\nimport pandas as pd\ndf = pd.read_csv('a')\n", "all"),
    ("class Net(torch.nn.Module):\n    pass\nnet = Net()", "pytorch"),
    ("from mxnet import np\nx = np.arange(4)", "mxnet"),
    ("import numpy as np\ndef broken(:", "pytorch"),
    ("from __future__ import annotations\nnet.eval()\ny = [v for v in df.columns if (w := v)]", "pytorch"),
    ("z = torch.ones(3)\nz.sum()", "all"),
]


@pytest.mark.parametrize("reader", ["all", "pytorch", "mxnet"])
def test_a_readers_joined_tree_is_the_tree_of_its_joined_text(reader: str, monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = _blocks(TEXTS)
    members = [i for i, b in enumerate(blocks) if flow._reads(reader, b.variant)]
    built = flow._infer(blocks, members)
    monkeypatch.setattr(flow, "_joined_tree", lambda *args: None)  # the tolerant parse of the joined text
    parsed = flow._infer(_blocks(TEXTS), members)
    assert built.starts == parsed.starts
    assert built.kinds is not None and parsed.kinds is not None
    dump = ast.dump(built.kinds.model.tree, include_attributes=True)
    assert dump == ast.dump(parsed.kinds.model.tree, include_attributes=True)
    for index in members:  # what each block's reader is told at its first line
        for name in ("df", "net", "np", "x", "torch", "z"):
            position = (built.starts[index], 0)
            assert built.kinds.carried(name, position) == parsed.kinds.carried(name, position)


def test_notes_compile_the_same_whether_the_flow_reads_the_blocks_trees_or_parses_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "tabs.md").write_text(TABBED, encoding="utf-8")
    files = discover([ROOT / "notes", tmp_path])[0]

    def compile_all() -> list:
        return [compile_note(load_note(path, display), note_code.clean) for path, display in files]

    reused = compile_all()
    monkeypatch.setattr(flow, "_joined_tree", lambda *args: None)
    assert reused == compile_all()
    assert any(s.symbols and s.symbols[0] == "torch.nn.Module.eval" for o in reused for s in o.snippets)


def _merged_from_scratch(blocks: list[flow.FlowBlock], index: int) -> ImportMap:
    """What block `index` inherits, by the definition: every earlier block its reader reads, in order."""
    merged = ImportMap()
    reader = flow._reader(blocks[index].variant)
    for block in blocks[:index]:
        if flow._reads(reader, block.variant) or not block.variant:
            imports = imports_from_nodes(block.nodes) if block.nodes is not None else parse_imports(flow._imports_only(block.code))
            merged.names.update(imports.names)
            merged.modules.update(imports.modules)
    return merged


def test_each_block_inherits_the_imports_of_the_blocks_its_reader_read_before_it() -> None:
    blocks = _blocks(TEXTS + [("import os as o\nfrom torch import nn", "mxnet"), ("nn.Linear(2, 3)", "pytorch")])
    inherited = flow._inherited_imports(blocks)
    for index in range(len(blocks)):
        expected = _merged_from_scratch(blocks, index)
        assert (list(inherited[index].names.items()), inherited[index].modules) == (list(expected.names.items()), expected.modules)
    last = inherited[-1].names  # a PyTorch block: the shared block's and PyTorch's imports, never MXNet's
    assert (last["torch"], last["np"]) == ("torch", "numpy") and "o" not in last and "nn" not in last
    inherited[1].names["x"] = "changed"  # each block's map is its own
    assert "x" not in inherited[2].names


def test_a_notebooks_inherited_imports_are_merged_once_per_cell_not_once_per_earlier_cell(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A notebook of n cells that each import: each earlier cell's imports are merged into a reader's
    map once (n merges), not again for every later cell (n²/2: 45,000 for 300 cells)."""
    cells = 300
    blocks = _blocks([(f"import mod{i}\nx{i} = mod{i}.f()", "") for i in range(cells)])
    merges = 0
    reads = flow._reads

    def counted(reader: str, variant: str) -> bool:
        nonlocal merges
        merges += 1
        return reads(reader, variant)

    monkeypatch.setattr(flow, "_reads", counted)
    inherited = flow._inherited_imports(blocks)
    assert len(inherited[-1].names) == cells - 1
    assert merges <= cells
