"""Explanation records and aboutness: what a section's prose is about, read from hand-made notes
(the shared notes and d2l-zh probe sets in tests/knowledge judge the whole on real ones)."""

from __future__ import annotations

import time
from pathlib import Path

import yaml

from notesense.compile.build import compile_note
from notesense.compile.pipeline import compile_one
from notesense.library.loader import load_file
from notesense.library.model import CALLED, EXPLAINED, NAMED, SHOWN, Snippet, Source
from notesense.notes.code import clean
from notesense.notes.reader import load_note


def _records(tmp_path: Path, text: str, name: str = "note.md") -> list[Snippet]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return compile_note(load_note(path, name), clean).snippets


def _about(records: list[Snippet], symbol: str) -> list[tuple[str, int]]:
    return [(r.title, r.aboutness(symbol)) for r in records if symbol in r.symbols]


def test_a_word_before_a_cue_in_backticks_names_a_builtin(tmp_path: Path) -> None:
    """"可以调用`dir`函数": the cue word follows the closing backtick; `dir` is what the passage explains."""
    records = _records(tmp_path, "# 查阅文档\n\n## 模块里有什么\n\n为了知道模块中可以调用哪些函数和类，可以调用`dir`函数。\n\n"
                                 "```python\nimport torch\nprint(dir(torch.distributions))\n```\n")
    assert ("模块里有什么", EXPLAINED) in _about(records, "dir")


def test_a_method_written_without_its_receiver_belongs_to_the_librarys_class(tmp_path: Path) -> None:
    """"调用`.detach()`…": a leading dot writes a method, so it is the tensor's `detach`, not `torch.detach`;
    pandas prose `.dropna()` is a DataFrame's. A method no class of the library has names nothing."""
    note = ("# PyTorch 梯度\n\n```python\nimport torch\nw = torch.ones(3, requires_grad=True)\n```\n\n"
            "## 停止追踪\n\n想让一个结果不再参与求导，就调用`.detach()`得到一个新的张量。\n\n"
            "## 没有的方法\n\n调用`.frobnicate()`会怎样？\n")
    records = _records(tmp_path, note)
    assert ("停止追踪", EXPLAINED) in _about(records, "torch.Tensor.detach")
    assert not _about(records, "torch.detach")
    assert not [s for r in records for s in r.symbols if s.endswith("frobnicate")]
    pandas_note = "# pandas 缺失值\n\n```python\nimport pandas as pd\n```\n\n## 删除\n\n`.dropna()`会删掉含缺失值的行。\n"
    assert ("删除", EXPLAINED) in _about(_records(tmp_path, pandas_note, "pd.md"), "pandas.DataFrame.dropna")


def test_a_function_that_returns_its_results_shows_none_of_them(tmp_path: Path) -> None:
    """A block that only defines a function shows what it returns — unless that is a bundle of the
    function's results (`return vocab, rows, TensorDataset(...)`), where the one call among them is
    incidental; returning calls alone (`return DataLoader(a), DataLoader(b)`) still shows them."""
    body = "    rows = [line.split() for line in lines]\n    vocab = sorted(set(rows[0]))\n"
    note = ("# 读数据\n\n```python\nimport torch\nfrom torch.utils import data\n```\n\n"
            "## 一\n\n先把文件读成词表和样本。\n\n```python\ndef read(lines):\n" + body +
            "    return vocab, rows, data.TensorDataset(torch.tensor([1]))\n```\n\n"
            "## 二\n\n把两份样本各包成一个迭代器。\n\n```python\ndef loaders(a, b):\n"
            "    return data.DataLoader(a, 2), data.DataLoader(b, 2)\n```\n")
    records = _records(tmp_path, note)
    assert _about(records, "torch.utils.data.TensorDataset") == [("一", CALLED)]
    assert ("二", SHOWN) in _about(records, "torch.utils.data.DataLoader")


def test_names_are_ascii_words_inside_chinese_prose(tmp_path: Path) -> None:
    """`nn.Sequential`定义了…: the Chinese after a name is not part of it, and tab prose reads its own tab's imports."""
    note = (
        "# 层和块\n\n```{.python .input}\nfrom mxnet.gluon import nn\nnet = nn.Sequential()\n```\n\n"
        "```{.python .input}\n#@tab pytorch\nfrom torch import nn\nnet = nn.Sequential(nn.Linear(20, 256))\n```\n\n"
        ":begin_tab:`pytorch`\n简而言之，(**`nn.Sequential`定义了一种特殊的`Module`**)，即在PyTorch中表示一个块的类。\n:end_tab:\n"
    )
    symbols = [s for r in _records(tmp_path, note) if r.is_explanation for s in r.symbols]
    assert "torch.nn.Sequential" in symbols
    assert all(s.isascii() for s in symbols), symbols


def test_a_sentence_that_refers_elsewhere_does_not_explain(tmp_path: Path) -> None:
    note = (
        "# 训练\n\n有关`DataLoader`的详细介绍，请参阅 :numref:`sec_fashion_mnist`。\n\n"
        "```python\nfrom torch.utils import data\nimport torchvision\n\ndef load(batch_size):\n"
        "    train = torchvision.datasets.CIFAR10(root='../data')\n"
        "    return data.DataLoader(train, batch_size, shuffle=True)\n```\n"
    )
    levels = [level for _title, level in _about(_records(tmp_path, note), "torch.utils.data.DataLoader")]
    assert levels and max(levels) < EXPLAINED, levels


def test_levels_name_explain_show_call(tmp_path: Path) -> None:
    """A heading that is only the name > prose that names it > an example that shows it > a call."""
    note = (
        "# 张量\n\n## torch.clamp\n\n把张量的元素限制在范围内。\n\n```python\nimport torch\ny = torch.clamp(x, 0, 1)\n```\n\n"
        "## 矩阵乘法\n\n`mm` 计算两个矩阵的乘积。\n\n```python\nimport torch\nC = torch.mm(A, B)\n```\n\n"
        "## 点积\n\n两个向量的点积：\n\n```python\nimport torch\nx = torch.ones(3)\ntorch.dot(x, x)\n```\n\n"
        "## 计时\n\n看看要多久。\n\n```python\nimport torch, time\nstart = time.time()\nfor _ in range(10):\n"
        "    C = torch.mm(A, B)\nprint(time.time() - start)\n```\n"
    )
    records = _records(tmp_path, note)
    assert ("torch.clamp", NAMED) in _about(records, "torch.clamp")
    assert ("矩阵乘法", EXPLAINED) in _about(records, "torch.mm")
    assert ("点积", SHOWN) in _about(records, "torch.dot")
    assert ("计时", CALLED) in _about(records, "torch.mm")


def test_a_heading_with_a_subject_of_its_own_only_mentions_the_name(tmp_path: Path) -> None:
    """"Sequential的混合式编程" is about hybridizing; "Squeeze 和 Unsqueeze 函数" is about the two functions."""
    note = (
        "# 计算性能\n\n## Sequential的混合式编程\n\n把模型编译得更快。\n\n```python\nimport torch\nfrom torch import nn\n"
        "net = nn.Sequential(nn.Linear(4, 2))\nnet = torch.jit.script(net)\n```\n\n"
        "## Squeeze 和 Unsqueeze 函数\n\n压缩和扩充维度。\n\n```python\nimport torch\ny = torch.squeeze(x)\nz = torch.unsqueeze(y, 0)\n```\n"
    )
    records = _records(tmp_path, note)
    assert max(level for _t, level in _about(records, "torch.nn.Sequential")) == EXPLAINED
    assert ("Squeeze 和 Unsqueeze 函数", NAMED) in _about(records, "torch.squeeze")


def test_pasted_output_is_never_hover_prose(tmp_path: Path) -> None:
    note = (
        "# 保存模型\n\n`torch.save` 把对象序列化到磁盘。\n\n"
        "epoch 1, loss 0.0412, train acc 0.853\nepoch 2, loss 0.0301, train acc 0.871\n\n"
        "Traceback (most recent call last):\n  File \"train.py\", line 3, in <module>\n\n"
        "100%|██████████| 60/60 [00:03<00:00, 17.2it/s]\n"
    )
    records = _records(tmp_path, note)
    docs = "\n".join(r.doc for r in records)
    assert "序列化到磁盘" in docs
    for pasted in ("loss 0.0412", "Traceback", "File \"train.py\"", "60/60"):
        assert pasted not in docs, (pasted, docs)


def test_a_long_paragraph_compiles_in_linear_time(tmp_path: Path) -> None:
    """A 25 kB paragraph without a space once took seconds (a regex that backtracked over it)."""
    prose = "把张量沿某个维度切成若干块，最后一块可能更小。" * 900
    path = tmp_path / "long.md"
    path.write_text(f"# 笔记\n\n## 切块 chunk\n\n{prose}\n\n```python\nimport torch\nparts = torch.chunk(x, 2)\n```\n",
                    encoding="utf-8")
    compile_one(path, "warm-up.md")
    started = time.perf_counter()
    outcome = compile_one(path, "long.md")
    assert time.perf_counter() - started < 0.5
    assert any("torch.chunk" in s.symbols for s in outcome.snippets)


def test_schema_v1_files_load_and_records_round_trip(tmp_path: Path) -> None:
    """A version 1 library (no `about`, no `explanations`) still loads, its first symbol counted as
    explained and the others as called; v2 records survive YAML and the cache row codec unchanged."""
    v1 = {"version": 1, "context": "torch", "snippets": [{
        "id": "torch/chunk", "title": "chunk", "body": "torch.chunk(${1:x}, 2)", "code": "torch.chunk(x, 2)",
        "kind": "python", "symbols": ["torch.chunk", "torch.cat"], "lang": "zh", "source": {"note": "a.md", "line": 3},
    }]}
    (tmp_path / "torch.yaml").write_text(yaml.safe_dump(v1, allow_unicode=True), encoding="utf-8")
    (record,), problems = load_file(tmp_path / "torch.yaml")
    assert problems == []
    assert (record.aboutness("torch.chunk"), record.aboutness("torch.cat"), record.aboutness("torch.stack")) == (EXPLAINED, CALLED, -1)
    explanation = Snippet(id="torch/squeeze-a-md-3", context="torch", title="squeeze", body="", code="",
                          source=Source("a.md", 3, ("张量", "squeeze")), symbols=("torch.squeeze", "torch.Tensor.squeeze"),
                          doc="去掉维数为 1 的维度", lang="zh", kind="prose", signature="torch.squeeze(input, dim=None)",
                          about=(NAMED, SHOWN))
    v2 = {"version": 2, "context": "torch", "snippets": [], "explanations": [explanation.to_dict()]}
    (tmp_path / "v2.yaml").write_text(yaml.safe_dump(v2, allow_unicode=True), encoding="utf-8")
    (loaded,), problems = load_file(tmp_path / "v2.yaml")
    assert problems == [] and loaded == explanation
    docs: dict[str, int] = {}
    row = explanation.to_row(docs)
    assert Snippet.from_row(row, list(docs)) == explanation
    v1["explanations"] = [explanation.to_dict()]
    (tmp_path / "bad.yaml").write_text(yaml.safe_dump(v1, allow_unicode=True), encoding="utf-8")
    assert "needs version 2" in load_file(tmp_path / "bad.yaml")[1][0].message


def test_labels_that_introduced_a_block_do_not_dangle_in_hover_prose(tmp_path: Path) -> None:
    """`Wrong:` / `**正确写法：**` / `输出：` only introduce a block; the block is not prose, so without
    it the label would hang before the next paragraph (\"Wrong:\\n\\nRight:\")."""
    note = (
        "# 张量\n\n## torch.cat 拼接\n\n`torch.cat` 沿已有维度拼接张量。\n\nWrong:\n\n```python\nimport torch\n"
        "y = torch.cat(a, b)\n```\n\n**正确写法：**\n\n```python\nimport torch\ny = torch.cat([a, b], dim=0)\n```\n\n"
        "输出：\n\n```\ntensor([1, 2])\n```\n\n参数要放进一个列表里。\n"
    )
    records = _records(tmp_path, note)
    assert records
    for record in records:
        assert "沿已有维度拼接张量" in record.doc and "参数要放进一个列表里" in record.doc, record.doc
        for label in ("Wrong:", "正确写法", "输出："):
            assert label not in record.doc, (label, record.doc)


def test_a_member_written_with_its_owner_names_the_owners_member(tmp_path: Path) -> None:
    """Prose names a method with what it belongs to ("list 的 sort 方法", "DataFrame 的 drop_duplicates
    方法", "a tensor's `view` method", "numpy 的 where 函数"), and with no code in the section that is
    the whole explanation; an owner that names nothing ("it's") or a member the owner lacks gives nothing."""
    note = (
        "# 笔记\n\n## 排序\n\nlist 的 sort 方法是原地排序，返回值是 None。\n\n"
        "## 去重\n\nDataFrame 的 drop_duplicates 方法可以按指定列去重。\n\n"
        "## Tensor tricks\n\nA tensor's `view` method shares storage with the original.\n\n"
        "## 条件选择\n\nnumpy 的 where 函数按条件在两个数组里挑元素。\n\n"
        "## 没有的\n\nlist 的 frobnicate 方法并不存在; it's fine.\n"
    )
    records = _records(tmp_path, note)
    assert ("排序", EXPLAINED) in _about(records, "list.sort")
    assert ("去重", EXPLAINED) in _about(records, "pandas.DataFrame.drop_duplicates")
    assert ("Tensor tricks", EXPLAINED) in _about(records, "torch.Tensor.view")
    assert ("条件选择", EXPLAINED) in _about(records, "numpy.where")
    assert not [s for r in records if r.title == "没有的" for s in r.symbols]


def test_a_heading_or_bare_word_names_a_class_member_of_an_estimator_library(tmp_path: Path) -> None:
    """sklearn estimators' members are public API (`StandardScaler.fit_transform`), a bare name under the
    library's heading is its one public name that ends so (`cross_val_score`), and a possessive heading
    names the member, not its owner."""
    note = (
        "# sklearn 笔记\n\n## StandardScaler.fit_transform\n\n只在训练集上调用，测试集用 transform。\n\n"
        "## 交叉验证\n\n`cross_val_score(model, X, y, cv=5)` 返回每一折的得分。\n\n"
        "## KMeans 的 fit_predict 方法\n\n一步完成聚类并返回每个样本的簇标签。\n"
    )
    records = _records(tmp_path, note)
    assert _about(records, "sklearn.preprocessing.StandardScaler.fit_transform")
    assert ("交叉验证", EXPLAINED) in _about(records, "sklearn.model_selection.cross_val_score")
    kmeans = [r.symbols for r in records if r.title.startswith("KMeans")]
    assert kmeans == [("sklearn.cluster.KMeans.fit_predict",)]


def test_a_plain_word_before_a_cue_names_the_librarys_api_but_not_an_english_builtin(tmp_path: Path) -> None:
    """"DataFrame 的 … `drop_duplicates 方法`" needs no backticks; in English a plain word before
    "function" is only code when the library has it ("the sigmoid function"), never a builtin ("a hash function")."""
    note = (
        "# torch 激活\n\n## 激活\n\nsigmoid 函数把任意实数压到 0 和 1 之间。\n\n"
        "## Hashing\n\nA good hash function spreads keys evenly over the buckets.\n"
    )
    records = _records(tmp_path, note)
    assert ("激活", EXPLAINED) in _about(records, "torch.sigmoid")
    assert not _about(records, "hash")


def test_a_line_of_code_inside_the_prose_names_its_api(tmp_path: Path) -> None:
    """Plain-text notes write code into a paragraph ("to remove duplicate rows:" then
    `df = df.drop_duplicates(...)` on the next line): that line names its call as surely as a code span
    does; an English sentence with parentheses is not code."""
    note = ("pandas tips\n===========\n\nto remove duplicate rows:\ndf = df.drop_duplicates(subset=['id'], keep='last')\n\n"
            "Sorting (see df.sort_values for details) is stable.\n")
    records = _records(tmp_path, note, "tips.txt")
    assert ("pandas tips", EXPLAINED) in _about(records, "pandas.DataFrame.drop_duplicates")
    assert not [r for r in records if "pandas.DataFrame.sort_values" in r.symbols[:1]]


def test_a_member_written_after_its_owner_word_or_before_of_its_owner(tmp_path: Path) -> None:
    """"Match 对象的 span 方法", "张量的 view 方法", "字典的 get 方法" (the Chinese name of the type), and in
    English "the sort method of a list", "the `group` method of a Match object"."""
    note = (
        "# 笔记\n\n## 一\n\nMatch 对象的 span 方法返回匹配的起止位置。\n\n## 二\n\n张量的 view 方法要求内存连续。\n\n"
        "## 三\n\n字典的 get 方法在键不存在时返回默认值。\n\n"
        "## Four\n\nThe sort method of a list sorts in place and returns None.\n\n"
        "## Five\n\nThe `group` method of a Match object returns one capture group.\n\n"
        "## Six\n\nNumPy's argsort returns the indices that would sort the array.\n"
    )
    records = _records(tmp_path, note)
    assert ("一", EXPLAINED) in _about(records, "re.Match.span")
    assert ("二", EXPLAINED) in _about(records, "torch.Tensor.view")
    assert ("三", EXPLAINED) in _about(records, "dict.get")
    assert ("Four", EXPLAINED) in _about(records, "list.sort")
    assert ("Five", EXPLAINED) in _about(records, "re.Match.group")
    assert ("Six", EXPLAINED) in _about(records, "numpy.argsort")


def test_a_bullet_opening_with_a_pictograph_is_read_past_it(tmp_path: Path) -> None:
    """"- ✅ Cosine similarity compares directions of vectors.": the check mark is the list's mark, as a
    bullet is; the sentence opens with the English words of the API the note's code calls."""
    note = ("# Embeddings\n\n```python\nimport torch\nv = torch.ones(3)\n"
            "s = torch.cosine_similarity(v, v, dim=0)\n```\n\n"
            "## 📝 Important Points\n\n- ✅ Cosine similarity compares directions of vectors.\n")
    assert ("📝 Important Points", EXPLAINED) in _about(_records(tmp_path, note), "torch.cosine_similarity")


def test_a_name_spelt_as_code_in_english_prose_is_the_api_the_note_s_code_uses(tmp_path: Path) -> None:
    """"ReLU is the default choice for hidden layers": unmarked, but spelt as no English word is, and the
    note's code uses `nn.ReLU`; "PyTorch" and "GitHub" are spelt so too and name nothing the code uses."""
    note = ("# Activations\n\n```python\nimport torch.nn as nn\nnet = nn.Sequential(nn.Linear(2, 4), nn.ReLU())\n```\n\n"
            "## Points\n\nReLU is the default choice for hidden layers.\n\n"
            "## Sharing\n\nPyTorch code is easy to share on GitHub.\n")
    records = _records(tmp_path, note)
    assert ("Points", EXPLAINED) in _about(records, "torch.nn.ReLU")
    assert not [s for r in records if r.title == "Sharing" for s in r.symbols], [r.symbols for r in records]


def test_str_dot_a_method_in_a_note_on_pandas_is_the_accessors(tmp_path: Path) -> None:
    """"* str.strip():删除左右两侧的空白" under "字符串" in a note on pandas is the `.str` accessor's method (what
    `df['name'].str.strip()` calls); in a note on plain Python it is the string's own."""
    pandas_note = ("# Pandas Notes\n\n```python\nimport pandas as pd\ndf = pd.read_csv('a.csv')\n```\n\n"
                   "## 去空白\n\n* str.strip():删除左右两侧的空白\n")
    assert ("去空白", EXPLAINED) in _about(_records(tmp_path, pandas_note, "pd.md"), "pandas.Series.str.strip")
    python_note = "# Python 字符串\n\n## 去空白\n\n* str.strip():删除左右两侧的空白\n"
    records = _records(tmp_path, python_note, "py.md")
    assert ("去空白", EXPLAINED) in _about(records, "str.strip") and not _about(records, "pandas.Series.str.strip")


def test_a_dotted_name_of_no_known_package_is_taken_as_written_only_when_written_as_a_call_in_code_marks(tmp_path: Path) -> None:
    """"**隐式 State 写法 request.state.user**：✅ 清爽" (a bold label, then its colon) names a value's attribute
    path, no API: nothing is filed under `request.state.user`. Written as a call in code marks
    (`jinja2.utils.htmlsafe_json_dumps()`), a package's function nothing else here knows is taken as written."""
    records = _records(tmp_path, "# FastAPI\n\n## 对比\n\n- **隐式 State 写法 request.state.user**：✅ 清爽，函数签名很短。\n"
                                 "- 转义用 `jinja2.utils.htmlsafe_json_dumps()`：输出可以放进 script 标签。\n")
    symbols = {symbol for record in records for symbol in record.symbols}
    assert "jinja2.utils.htmlsafe_json_dumps" in symbols and not any(s.startswith("request.") for s in symbols), symbols


def test_a_long_block_keeps_the_apis_its_comments_name_among_what_it_calls_in_passing(tmp_path: Path) -> None:
    """A training loop calls a dozen APIs; of those beyond its main ones, it keeps the one its comment
    names ("put the testing code under 'torch.no_grad()' to avoid troubles") for a hover to find."""
    records = _records(tmp_path, """# ResNet

```python
import torch
import torch.nn as nn
import torch.optim as optim

device = torch.device("cuda:0")
model = nn.Sequential(nn.Conv2d(3, 8, 3), nn.ReLU(), nn.Flatten(), nn.Linear(8, 10)).to(device)
criterion = nn.CrossEntropyLoss().to(device)
optimizer = optim.Adam(model.parameters(), lr=0.001)
for epoch in range(10):
    model.train()
    loss = criterion(model(torch.randn(4, 3, 5, 5)), torch.zeros(4, dtype=torch.long))
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    model.eval()
    # put the testing code under 'torch.no_grad()' to avoid troubles
    with torch.no_grad():
        preds = model(torch.randn(4, 3, 5, 5)).argmax(dim=1)
```
""")
    assert any("torch.no_grad" in record.symbols for record in records), [r.symbols for r in records]
