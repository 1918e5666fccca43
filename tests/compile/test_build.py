"""Context, symbols, body, prefixes, ids, doc and language of single snippets built from hand-made notes."""

from __future__ import annotations

from compile_helpers import expand, make_note, make_section

from notesense.analysis.imports import parse_imports
from notesense.compile.build import compile_note
from notesense.compile.snippet import clean_prose, escape, join_doc, language, snippet_id
from notesense.compile.symbols import qualify_written
from notesense.library.model import validate_snippet
from notesense.notes.code import clean
from notesense.notes.model import CleanCode


def one(code: str, heading: tuple[str, ...] = ("Notes",), **kw):
    outcome = compile_note(make_note(make_section(heading, code, **kw)), clean)
    assert len(outcome.snippets) == 1, outcome
    return outcome.snippets[0]


def test_context_from_imports_beats_headings():
    s = one("import torch\nx = torch.zeros(3)\ny = torch.chunk(x, 3)\n", ("Pandas 一些语法", "杂项"))
    assert s.context == "torch"
    assert "torch.chunk" in s.symbols and "torch.zeros" in s.symbols


def test_context_from_conventional_alias_without_import():
    s = one("y = np.argwhere(x > 1)\n", ("杂记",))
    assert s.context == "numpy"
    assert s.symbols[0] == "numpy.argwhere"
    assert s.aliases == (("np", "numpy"),)


def test_context_from_heading_when_code_names_no_library():
    s = one("data['d'] = 0\n", ("Pandas 一些语法", "增加操作"))
    assert s.context == "pandas"


def test_weak_alias_use_does_not_override_the_heading_library():
    s = one("dfa.loc[dfa.start_time==0, 'start_time'] = np.nan\n", ("Pandas 一些语法", "loc 操作 / iloc 操作"))
    assert s.context == "pandas"
    assert s.symbols[:2] == ("pandas.DataFrame.loc", "pandas.DataFrame.iloc")
    assert s.requires == ("pandas", "numpy")
    assert "df.loc" in s.prefix and "loc" in s.prefix


def test_a_column_of_the_notes_undefined_frame_has_the_series_accessors():
    """`df['name'].str.strip()` in a pandas note that never defines `df`: the frame is a DataFrame (as
    `df.isna()` already says), so its column's accessors name `Series.str.strip` and `Series.dt.year`."""
    s = one("df['name'] = df['name'].str.strip().str.lower()\n", ("Pandas 一些语法", "字符串列"))
    assert "pandas.Series.str.strip" in s.symbols and "pandas.Series.str.lower" in s.symbols
    assert "pandas.Series.dt.year" in one("df['year'] = df['date'].dt.year\n", ("Pandas 一些语法", "日期列")).symbols
    assert not one("rows['a'] = rows['b'].str.strip()\n", ("Pandas 一些语法", "别的名字")).symbols


def test_library_heading_beats_standard_module_word():
    s = one("df.to_csv('a.csv', index_label='i')\n", ("Pandas 一些语法", "保存为 CSV 文件"))
    assert s.context == "pandas"
    assert s.symbols == ("pandas.DataFrame.to_csv",)


def test_standard_library_topic_and_plain_python():
    assert one("from collections import namedtuple\nUser = namedtuple('User', ['a'])\n", ("Tuple", "nametuple")).symbols[0] == "collections.namedtuple"
    assert one("import os\nos.makedirs(p, exist_ok=True)\n").context == "os"
    s = one("a = [1, 2]\nb = [x * 2 for x in a]\n", ("Python 原生语法", "列表推导"))
    assert s.context == "python" and s.symbols == ()


def test_a_capitalised_english_word_is_not_a_standard_module():
    """"Corpus Statistics" or "Logging in" is English, not the `statistics` or `logging` module; `json
    模块`, `JSON 基础` and `os.path` name modules as code spells them."""
    from notesense.compile.context import context_of_texts

    assert context_of_texts(["Skip-Gram with Global Corpus Statistics"]) is None
    assert context_of_texts(["Logging in to GitHub"]) is None
    assert [context_of_texts([h]) for h in ("json 模块", "JSON 基础", "os.path 模块")] == ["json", "json", "os"]


def test_a_class_the_heading_names_over_its_unimported_method_is_its_library_s():
    """`PurePath.joinpath(*other)` under "PurePath.joinpath" in a pathlib note is pathlib's, never a
    package named PurePath (an unknown package's `pygame.Surface(...)` under "pygame.Surface" still is)."""
    s = one("PurePath.joinpath(*other)\n", ("PurePath.joinpath", "方法和属性", "pathlib"))
    assert s.context == "pathlib" and s.symbols[0].startswith("pathlib.") and s.symbols[0].endswith(".joinpath"), s
    s = one("pygame.Surface((w, h))\n", ("pygame.Surface",))
    assert s.context == "pygame" and s.symbols[0] == "pygame.Surface"


def test_a_conventional_alias_the_note_assigns_is_its_own_variable():
    """`px = px.asfreq("B")` (the frame made in a cell set aside): `px` is the note's prices, not
    plotly.express, so nothing here is `plotly.express.pct_change`."""
    s = one('px = px.asfreq("B").fillna(method="pad")\nrets = px.pct_change()\n', ("收益",))
    assert not any(symbol.startswith("plotly.") for symbol in s.symbols), s.symbols


def test_a_method_a_listed_class_does_not_have_is_no_api():
    """`session.query(User).filter_by(...)` and `session.commit()` where the code took `session` for a
    frame: a frame has `query` but no `filter_by` nor `commit`, and the record names none it lacks."""
    s = one("import pandas as pd\ndf = pd.read_csv('a.csv')\nx = df.query('a > 1').filter_by(name=1)\ndf.commit()\n"
            "df.append(df)\n", ("合并",))
    assert "pandas.DataFrame.query" in s.symbols and "pandas.DataFrame.append" in s.symbols  # removed in pandas 2: still its API
    assert "pandas.DataFrame.filter_by" not in s.symbols and "pandas.DataFrame.commit" not in s.symbols, s.symbols


def test_a_heading_naming_a_file_names_no_api():
    """"## setup.py" over `from setuptools import setup`: a file's name, never `setuptools.setup.py`."""
    s = one('from setuptools import setup\nsetup(version="1")\n', ("Setup", "setup.py"))
    assert s.symbols == ("setuptools.setup",), s.symbols


def test_a_module_s_member_written_after_importing_its_namesake_class_is_the_module_s():
    """"class `datetime.timedelta`" after `from datetime import datetime`: the module's class, never
    `datetime.datetime.timedelta` (which the class does not have)."""
    names = parse_imports("from datetime import datetime")
    assert qualify_written("datetime.timedelta", (names,)) == "datetime.timedelta"
    assert qualify_written("datetime.now", (names,)) == "datetime.datetime.now"


def test_the_folder_a_note_is_kept_in_names_its_library():
    """`PyTorch/训练/评估.md` whose code imports nothing: `model.eval()` is torch's, as in a torch note; a
    heading's library or module still comes first, and a folder named like a standard module is a topic."""
    def built(path: str, code: str, heading: tuple[str, ...] = ("评估",)):
        # the block's record (a heading naming a module also makes the section's prose a record on it)
        return next(s for s in compile_note(make_note(make_section(heading, code, prose="切换到评估模式。"), path=path),
                                            clean).snippets if s.kind != "prose")

    s = built("PyTorch/训练/评估.md", "model.eval()\n")
    assert s.context == "torch" and s.symbols[0] == "torch.nn.Module.eval"
    assert built("杂项/评估.md", "model.eval()\n").context == "python"
    assert built("PyTorch/数据.md", "data = json.loads(text)\n", ("json 模块",)).context == "json"
    assert built("os/进程.md", "x = 1 + 2\nprint(x)\n").context == "python"


def test_a_lead_naming_a_method_is_about_every_api_of_the_block_spelt_so():
    """`drop_duplicates` called on a frame and on a column: the sentence that names it leads into both."""
    code = "import pandas as pd\ndf = pd.read_csv('a.csv')\ndf.drop_duplicates(['a', 'b'])\ndf['a'].drop_duplicates()\n"
    lead = "如果想要观察多个列组合的唯一值，可以使用 ``drop_duplicates`` 。关键参数是 ``keep`` 与 ``first`` 。"
    s = one(code, ("唯一值",), leads=[lead], prose=lead)
    levels = dict(zip(s.symbols, s.about))
    assert levels["pandas.DataFrame.drop_duplicates"] >= 2 and levels["pandas.Series.drop_duplicates"] >= 2, levels


def test_the_one_api_the_sentence_into_a_block_names_is_what_it_explains():
    """"…就可以使用DataLoader来按批次读入数据了，实现代码如下：" over code that makes a DataLoader: the sentence
    that leads into the block names one of its APIs, bare, and that is what the block explains; a
    sentence naming two of them explains neither by that alone."""
    code = "import torch\nfrom torch.utils.data import DataLoader\ntrain_loader = DataLoader(train_data, batch_size=256)\nx = torch.zeros(3)\n"
    lead = "构建好Dataset后，就可以使用DataLoader来按批次读入数据了，实现代码如下："
    s = one(code, ("3.3 数据读入",), leads=[lead], prose=lead)
    assert dict(zip(s.symbols, s.about))["torch.utils.data.DataLoader"] == 3
    both = "随后可以使用DataLoader读入数据，再用zeros建一个张量，实现代码如下："
    s = one(code, ("3.3 数据读入",), leads=[both], prose=both)
    assert dict(zip(s.symbols, s.about))["torch.utils.data.DataLoader"] < 3


def test_heading_call_names_the_explained_function_first():
    code = "import torch\nA = torch.randint(0, 255, (128, 3))\nresult = torch.chunk(input=A, chunks=14, dim=0)\n"
    s = one(code, ("Torch 一些语法", "chunk()函数"))
    assert s.symbols[0] == "torch.chunk"
    assert s.id.startswith("torch.chunk-")
    assert s.prefix[0] == "chunk"


def test_a_pandas_member_named_as_a_word_counts_only_among_words_of_another_language():
    """"fillna 空值处理" names `fillna`; in the English sentence "Use dropna() to drop rows having missing
    values", "drop" and "values" are words, and only the call names an API."""
    code = "import pandas as pd\ndf = pd.read_csv('a.csv')\ndf = df.dropna(axis=1)\n"
    assert one(code, ("Pandas", "dropna 空值处理")).symbols[0] == "pandas.DataFrame.dropna"
    s = one(code, ("Pandas", "Use dropna() to drop rows having missing values"))
    assert "pandas.DataFrame.dropna" in s.symbols
    assert not {"pandas.DataFrame.drop", "pandas.DataFrame.values"} & set(s.symbols)


def test_method_calls_on_inferred_objects():
    s = one("import pandas as pd\ndf = pd.read_csv('a.csv')\ndf = df.fillna(0)\n")
    assert "pandas.DataFrame.fillna" in s.symbols and "pandas.read_csv" in s.symbols
    t = one("import torch\nx = torch.randn(3, requires_grad=True)\nloss = (x * 2).sum()\nloss.backward()\n")
    assert "torch.Tensor.backward" in t.symbols
    # an unknown object's methods and a DataFrame's columns are never symbols
    u = one("import pandas as pd\ndf = pd.DataFrame()\ndf.start_time.plot()\nthing.frobnicate()\n")
    assert not any("start_time" in x or "frobnicate" in x for x in u.symbols)


def test_hints_override_inference():
    section = make_section(("Misc",), "y = f(x)\n")
    section.hints = {"context": "pandas", "symbols": "pandas.DataFrame.pipe", "prefix": "pipe,df.pipe"}
    s = compile_note(make_note(section), clean).snippets[0]
    assert (s.context, s.symbols, s.prefix) == ("pandas", ("pandas.DataFrame.pipe",), ("pipe", "df.pipe"))


def test_placeholder_for_main_receiver_expands_back():
    s = one("dfa.loc[dfa.start_time==0, 'dfa'] = 1  # dfa $1 }\n", ("Pandas", "loc 操作"))
    assert s.body.startswith("${1:dfa}.loc[${1:dfa}.start_time")
    assert "'dfa'" in s.body  # strings are never placeholders
    assert expand(s.body) == s.code


def test_escape_keeps_dollars_backslashes_and_braces_literal():
    code = "s = '$10^3$'\np = 'C:\\\\data'\nd = {'a': 1}\n"
    assert escape(code) == "s = '\\$10^3\\$'\np = 'C:\\\\\\\\data'\nd = {'a': 1\\}\n"
    assert expand(escape(code)) == code


def test_non_python_blocks_and_trivial_code_are_set_aside():
    note = make_note(make_section(("Setup",), "pip install torch\nconda activate env\n", '{"a": 1, "b": [1, 2]}\n', "x = np.zeros(3)\n"))
    outcome = compile_note(note, clean)
    assert [s.code for s in outcome.snippets] == ["x = np.zeros(3)"]
    reasons = [r for _, r in outcome.set_aside]
    assert reasons[0] == "shell block" and len(reasons) == 2 and reasons[1].endswith(" block")


def test_a_fence_labelled_as_data_holds_settings_not_statements():
    """```properties over `server.port=8848` and `server.servlet.contextPath=/nacos`: settings, however
    many of its lines would parse as assignments; a ```json fence of pasted output likewise. (What parses
    whole as Python is read as Python, whatever the label.)"""
    blocks = ("server.servlet.contextPath=/nacos\nserver.port=8848\ndb.num=1\n",
              "Parameter containing:\ntensor([1.], requires_grad=True)\ntensor([[26., 32.]])\n")
    section = make_section(("nacos",), *blocks)
    section.blocks[0].info, section.blocks[1].info = "properties", "json"
    outcome = compile_note(make_note(section), clean)
    assert outcome.snippets == [] and [r for _, r in outcome.set_aside] == ["config block", "config block"], outcome


def test_empty_and_bare_name_code_is_set_aside_with_a_reason():
    def cleaner(block):
        return CleanCode(kind="python", code=block.text)

    outcome = compile_note(make_note(make_section(("A",), "np.nan\n", "\n\n", "x = 1\n")), cleaner)
    assert [r for _, r in outcome.set_aside] == ["trivial (a bare name)", "empty after cleaning"]
    assert [s.code for s in outcome.snippets] == ["x = 1"]
    # a value's attribute under the prose that explains it is kept: the cell shows what the prose says
    led = compile_note(make_note(make_section(("A",), "import numpy as np\n", "np.nan\n",
                                              leads=["", "缺失值用 ``np.nan`` 表示："])), cleaner)
    assert [s.symbols for s in led.snippets][-1] == ("numpy.nan",) and not led.set_aside


def test_a_groupby_attribute_under_its_explanation_is_a_record():
    """`gb.ngroups` after `gb = df.groupby(...)`, under "通过 `ngroups` 属性，可以得到分组个数：": the
    GroupBy's attribute, explained."""
    setup = "import pandas as pd\ndf = pd.read_csv('a.csv')\ngb = df.groupby(['School', 'Grade'])\n"
    lead = "通过 `ngroups` 属性，可以得到分组个数："
    outcome = compile_note(make_note(make_section(("分组",), setup, "gb.ngroups\n", leads=["", lead], prose=lead)), clean)
    last = outcome.snippets[-1]
    assert last.symbols == ("pandas.core.groupby.DataFrameGroupBy.ngroups",) and last.about == (3,)


def test_repl_kind_and_parse_errors_reported_with_note_line():
    note = make_note(make_section(("REPL",), ">>> import numpy as np\n>>> np.arange(3)\narray([0, 1, 2])\n", "def f(:\n    pass\n", line=10))
    outcome = compile_note(note, clean)
    kinds = {s.kind for s in outcome.snippets}
    assert "repl" in kinds
    assert outcome.parse_errors and outcome.parse_errors[0][0] >= 12


def test_ids_depend_on_note_heading_and_index_only():
    a = snippet_id("torch", "chunk", "n.md", ("A", "B"), 0)
    assert a == snippet_id("torch", "chunk", "n.md", ("A", "B"), 0)
    assert len({a, snippet_id("torch", "chunk", "m.md", ("A", "B"), 0), snippet_id("torch", "chunk", "n.md", ("A",), 0),
                snippet_id("torch", "chunk", "n.md", ("A", "B"), 1)}) == 4


def test_doc_keeps_chinese_prose_and_puts_the_lead_first():
    prose = "- 参考文献：[x](https://x.org)\n- 函数会将输入张量<strong>均匀</strong>分割\n\n- 注意，最后可以执行这个函数"
    doc = join_doc(clean_prose(prose), clean_prose("- 注意，最后可以执行这个函数"))
    assert doc.startswith("- 注意，最后可以执行这个函数")
    assert "函数会将输入张量均匀分割" in doc and "<strong>" not in doc
    assert len(join_doc(clean_prose("很长的句子。\n" * 1000), "")) <= 1600


def test_a_short_lead_that_says_what_the_block_does_is_its_doc_a_caption_is_not():
    """`删除文件：` or `Read a file:` is all a notebook says about the cell under it: its doc. A caption
    (`输出：`, `For example:`, `正确写法：`) names only a kind of block and says nothing about it."""
    for lead in ("删除文件：", "字符串的分割：", "Read a file:"):
        code = "import os\nos.remove('a.txt')"
        assert one(code, ("文件",), leads=[lead], prose=lead).doc == lead, lead
    for lead in ("输出：", "For example:", "**正确写法：**", "运行结果如下："):
        assert one("import os\nos.remove('a.txt')", ("文件",), leads=[lead], prose=lead).doc == "", lead


def test_language_by_cjk_share():
    assert language("根据标签索引，返回一个新的表格") == "zh"
    assert language("Returns the indices of non-zero elements") == "en"
    assert language("torch.chunk 函数 splits a tensor into chunks") == "mixed"


def test_every_built_snippet_passes_the_schema():
    s = one("import torch\nx = torch.ones(2)\n", ("Torch", "ones"), prose="说明 [link](https://a.b)", links=["https://a.b", "https://a.b"])
    validate_snippet(s.to_dict(), "snippet")
    assert s.links == ("https://a.b",)


def test_a_malformed_context_hint_is_ignored():
    section = make_section(("Numpy",), "y = np.zeros(3)\n")
    section.hints = {"context": "my lib!"}
    s = compile_note(make_note(section), clean).snippets[0]
    assert s.context == "numpy"
    validate_snippet(s.to_dict(), s.id)


def test_later_blocks_know_what_earlier_blocks_and_cells_bound():
    """Note-level flow over the one semantic model: `model.eval()` after `model = Net()` (a local
    nn.Module class, even one defined in an earlier block), `df.query` after `df = pd.read_csv(...)`,
    `optimizer.zero_grad()` after an SGD, each block read with the blocks before it."""
    setup = make_section(("模型",), "import torch\nfrom torch import nn\n\nclass Net(nn.Module):\n"
                         "    def forward(self, x):\n        return x\n\nmodel = Net()\n"
                         "optimizer = torch.optim.SGD(model.parameters(), lr=0.1)\n")
    data = make_section(("数据",), "import pandas as pd\ndf = pd.read_csv('sales.csv')\n", line=40)
    later = make_section(("评估",), "model.eval()\n", "df.query('amount > 100')\n", "optimizer.zero_grad()\n",
                         "clone = Net()\nclone.load_state_dict(state)\n", line=80)
    snippets = compile_note(make_note(setup, data, later), clean).snippets
    by_code = {s.code.strip(): s.symbols for s in snippets}
    assert by_code["model.eval()"][0] == "torch.nn.Module.eval"
    assert by_code["df.query('amount > 100')"][0] == "pandas.DataFrame.query"
    assert by_code["optimizer.zero_grad()"][0] == "torch.optim.Optimizer.zero_grad"
    assert "torch.nn.Module.load_state_dict" in by_code["clone = Net()\nclone.load_state_dict(state)"]


def test_a_heading_is_read_once_for_all_its_blocks() -> None:
    # every block of a section (and every section under a chapter) asks what the same heading names:
    # its tokens and words are read once, and the blocks still get the heading's API
    from notesense.compile import symbols

    symbols._heading_words.cache_clear()
    codes = [f"import torch\nA = torch.randn({n}, 3)\nparts = torch.chunk(A, 2, dim=0)\n" for n in range(4)]
    note = make_note(make_section(("Torch 一些语法", "chunk()函数 切分"), *codes))
    outcome = compile_note(note, clean)
    assert [s.symbols[0] for s in outcome.snippets[:4]] == ["torch.chunk"] * 4
    info = symbols._heading_words.cache_info()
    assert info.misses == 2 and info.hits >= 6  # the section's heading and its chapter's, once each


def test_a_lead_of_several_paragraphs_is_not_said_twice():
    """A notebook block's lead is every markdown cell before it; the section's prose holds the same cells
    but for the lead's last line (`例如…：`): each paragraph once."""
    intro, params = "提供了`dropna`函数来进行操作。", "`dropna`的主要参数为`axis`和`how`。"
    doc = join_doc(f"{intro}\n\n{params}\n\n当然，也可以使用布尔索引来完成：", f"{intro}\n\n{params}\n\n例如，删除至少有一个缺失的行：")
    assert doc.count(intro) == 1 and doc.count(params) == 1 and "布尔索引" in doc and doc.startswith(intro)


def test_a_list_in_the_lead_is_not_said_again_item_by_item():
    """A notebook cell's lead holds a list as written ("- 常用的统计计算" over "    - sum: 求和"); the
    section's prose reads each item without its bullet: each item once."""
    lead = "- 常用的统计计算\n\n    - sum: 求和\n    - mean: 算术平均数\n\n这些运算可以使用参数axis表示对哪个维度计算"
    prose = "常用的统计计算\n\nsum: 求和\n\nmean: 算术平均数\n\n这些运算可以使用参数axis表示对哪个维度计算\n\n后面的话。"
    doc = join_doc(prose, lead)
    assert doc.count("求和") == 1 and doc.count("算术平均数") == 1 and doc.count("常用的统计计算") == 1, doc
    assert doc.startswith("- 常用的统计计算") and doc.endswith("后面的话。")
