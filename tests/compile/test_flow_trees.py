"""A note's code is parsed once: the flow model of each reader is put together from the blocks' own
trees (moved to where each block stands in the reading), not from a second parse of the joined text.
That must change nothing: the same tree, the same kinds, the same records."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

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
