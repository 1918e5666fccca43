"""Learned rules piece by piece: reading markers, learning from a pair, matching through imports and
kinds, rendering fixes, the self-check report, the library record, and --select/--ignore/# noqa."""

from __future__ import annotations

import ast
import importlib.util
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from notesense.compile.learn import learn
from notesense.compile.pipeline import compile_notes, write_library
from notesense.compile.pitfalls import _comment_marks, marker
from notesense.library.index import Library
from notesense.library.model import PitfallPattern
from notesense.library.sources import Sources, load_library
from notesense.rules.engine import check_source, fix_source
from notesense.rules.learned import LearnedRules
from notesense.rules.pattern import Pattern, PatternError


def note(tmp_path: Path, text: str, name: str = "note.md") -> Path:
    folder = tmp_path / "notes"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def rules_from(folder: Path) -> LearnedRules:
    return LearnedRules(compile_notes([folder]).pitfalls)


def fixed(source: str, rules: LearnedRules) -> str:
    return fix_source(source, check_source(source, learned=rules), unsafe=True)


READ_CSV = """\
    # 笔记

    ## 坏行

    pandas 2 删了 error_bad_lines。

    错误写法：

    ```python
    import pandas as pd
    df = pd.read_csv(f, error_bad_lines=False)
    ```

    正确写法：

    ```python
    import pandas as pd
    df = pd.read_csv(f, on_bad_lines="skip")
    ```
    """


@pytest.mark.parametrize(("line", "expected"), [
    ("错误写法：", "wrong"), ("**正确写法**", "right"), ("WRONG:", "wrong"), ("don't:", "wrong"), ("❌", "wrong"),
    ("✅ 改成这样", "right"), ("不要这样写，应该：", "right"), ("Before", "wrong"), ("after:", "right"),
    ("这样写会报错：", "wrong"), ("Instead, use concat:", "right"), ("不错的写法：", None),
    ("After `backward()` the saved tensors are freed, so a second pass fails", None),
    ("下面的代码演示了一种常见的错误用法，请引以为戒。", None),  # prose that mentions 错误 is not a label
    ("Wrong: the loop copies the frame on every pass, which is slow.", "wrong"),
    ("What do we get:", None), ("Do (fill it first):", "right"),
    ("Select the right columns from the frame before you join them:", None),
    ("旧写法：", "wrong"), ("新写法：", "right"), ("Old way:", "wrong"), ("New:", "right"), ("Deprecated:", "wrong"),
    ("Use instead:", "right"), ("What is new in pandas 2", None), ("Before training:", None), ("After the fix:", "right"),
    ("Bad example:", "wrong"), ("The old API was removed, so the new one is needed here:", None),
])
def test_lead_line_markers_any_case_chinese_or_english(line, expected):
    assert marker(line) == expected


def test_headings_count_only_when_a_marker_opens_them():
    assert marker("错误写法", heading=True) == "wrong"
    assert marker("Wrong way", heading=True) == "wrong"
    assert marker("view after transpose", heading=True) is None
    for topic in ("New features", "Legacy loaders", "Fix the loader", "Good practices for training", "Before training"):
        assert marker(topic, heading=True) is None, topic  # a section about something, not a label
    assert marker("Old API", heading=True) == "wrong" and marker("After", heading=True) == "right"


def test_comment_markers_mark_their_statement_or_the_next_one():
    code = "a = 1\nb = a.view(-1)  # 会报错！！！\n# wrong\nc = 2\nd = 3  # right\ne = 4  # error handling\n"
    assert _comment_marks(code) == ([2, 4], [5])


def test_comment_markers_are_comments_only():
    """A marker word in a string is no comment; `#` inside a string before a real marking comment, and
    Windows line ends, do not hide the comment; a block without one is not tokenized for nothing."""
    assert _comment_marks("x = '# wrong'\ny = 2\n") == ([], [])
    assert _comment_marks("s = '#'; t = s.strip()  # 报错\n") == ([1], [])
    assert _comment_marks("a = 1\r\nb = a.ix[0]  # wrong\r\n") == ([2], [])
    assert _comment_marks("a = 1  # a note\nb = 2\n") == ([], [])


def _single(code: str) -> list[str]:
    """The patterns a block with one marked line teaches (no right block)."""
    line = code.count("\n", 0, code.index("  #")) + 1
    return [c.pattern for edit in learn(code, None, marked=[line]).edits for c in edit]


def test_a_marked_line_alone_teaches_no_rule_about_what_every_program_does():
    """A marked compound statement is about its header, not its body (`for … in s.iteritems():  # wrong`
    never becomes `print($K, $V)`); a marked line whose only names are builtins (`with open(p) as f:`)
    or live API nested in the failing call (`torch.ones(2)` inside `torch.tensor([...])`) names no
    mistake by them; a removed name (`np.float`) still does."""
    loop = "import pandas as pd\ns = pd.Series([1])\nfor k, v in s.iteritems():  # wrong\n    print(k, v)\n"
    assert _single(loop) and not [p for p in _single(loop) if "print" in p.split("\n")[0] and "iteritems" not in p]
    assert not _single("for k, v in s.iteritems():  # wrong\n    print(k, v)\n")
    assert not _single("with open(p) as f:  # 报错\n    data = json.load(f)\n")
    nested = _single("import torch\nx = torch.tensor([torch.ones(2), torch.ones(2)])  # 报错\n")
    assert nested and all("torch.tensor(" in p.split("\n")[0] for p in nested), nested
    assert "numpy.float" in _single("import numpy as np\nx = np.float(3)  # 报错\n")


def test_a_marked_line_teaches_only_about_a_library_it_names_and_not_a_plain_live_call():
    """Taken from notes read for learned-rule precision: `b = broadcast(b, root=0)  # 错误` names no library
    (a rule on it would flag every call with `root=`); `s.pop()  # 报错` after `s = set()` and
    `conn.execute(q)` are live API called on plain values, wrong only in the note's context, so they are
    never a rule alone (which would flag every `set.pop()`, every query)."""
    assert not _single("if rank == 0:\n    b = load()\nb = broadcast(b, root=0)  # 错误，b 未定义\n")
    assert all("set()" in p for p in _single("s = set()\ns.pop()  # 报错\n")), _single("s = set()\ns.pop()  # 报错\n")
    executed = _single("import sqlite3\nconn = sqlite3.connect('f.db')\nconn.execute('select 1')  # 报错\n")
    assert all("sqlite3.connect" in p for p in executed), executed


def test_a_reminder_or_a_mark_above_switched_off_code_marks_nothing():
    """`# 不要忘了 ToTensor()` asks for something; a mark whose next line is commented-out code is about
    that code (`# 错误提示：ProxyError …` above `#df = ak.stock_info(…)`), not the live line after it."""
    assert _comment_marks("t = [\n    f,\n]\n# 不要忘记了使用ToTensor()\nx = ToTensor()\n") == ([], [])
    assert marker("别忘了先 import") is None and marker("不要忘记归一化") is None
    off = "import ak\n# 错误提示：ProxyError: Max retries exceeded\n#df = ak.stock_info(symbol='1')\nok = ak.stock_basic(symbol='2')\n"
    assert _comment_marks(off) == ([], [])
    prose = "import torch\n# 错误\n# 原因：形状不对\ny = torch.mm(a, b)\n"
    assert _comment_marks(prose) == ([4], [])  # a prose comment between the mark and its line is skipped


def _traceback_note(code: str, error: str) -> str:
    return (f"## topic\n\nrun it:\n\n```python\n{code}```\n\n```\nTraceback (most recent call last):\n"
            f'  File "<stdin>", line {code.count(chr(10))}, in <module>\n{error}\n```\n')


@pytest.mark.parametrize(("code", "error"), [
    ("import plotly.express as px\nfig = px.bar(df, x='country', y=['a', 'b'])\n",
     "ValueError: All arguments should have the same length. The length of argument `y` is 2"),
    ("import graphlib\ngraphlib.TopologicalSorter({'a': {'b'}, 'b': {'a'}}).prepare()\n",
     "graphlib.CycleError: ('nodes are in a cycle', ['a', 'b', 'a'])"),
    ("import akshare as ak\ninfo = ak.stock_info(symbol='000001')\n",
     "requests.exceptions.ProxyError: HTTPSConnectionPool(host='push2.eastmoney.com', port=443)"),
    ("words = '1, 2'.split('.')\nchars = words[1]\n", "IndexError: list index out of range"),
])
def test_a_traceback_of_the_data_the_machine_or_the_apis_own_behaviour_teaches_no_rule(tmp_path, code, error):
    """A traceback alone (no right block, no mark) is a pitfall only when it says what in the code is
    wrong; these depend on the data, the network, or are what the API is documented to do."""
    folder = note(tmp_path, _traceback_note(code, error))
    compiled = compile_notes([folder])
    assert not [p for p in compiled.pitfalls if p.check == "ok"], [p.rule.pattern for p in compiled.pitfalls]
    assert any("does not say what in the code is wrong" in str(problem) for problem in compiled.report.pitfall_problems), compiled.report.pitfall_problems


def test_a_traceback_that_names_the_misused_api_still_teaches_a_hint(tmp_path):
    """`AttributeError: … has no attribute 'ix'` names what the block spells: the removed member is the rule."""
    folder = note(tmp_path, _traceback_note("import pandas as pd\ndf = pd.DataFrame({'a': [1]})\nrow = df.ix[0]\n",
                                            "AttributeError: 'DataFrame' object has no attribute 'ix'"))
    rules = [p for p in compile_notes([folder]).pitfalls if p.check == "ok"]
    assert rules and all(".ix" in p.rule.pattern for p in rules), [p.rule.pattern for p in rules]


MERGE_NOTE = """\
    # 连接

    ## 左连接

    ```python
    import pandas as pd
    df1 = pd.DataFrame({'Name': ['a', 'b'], 'Age': [20, 30]})
    df2 = pd.DataFrame({'Name': ['b', 'c'], 'Class': ['x', 'y']})
    df1.merge(df2, on='Name', how='left')
    ```

    ## 重复的键

    ```python
    import pandas as pd
    df1 = pd.DataFrame({'Name': ['a', 'a'], 'Class': ['x', 'y']})
    df2 = pd.DataFrame({'Name': ['a', 'a'], 'Class': ['y', 'x']})
    df1.merge(df2, on='Name', how='left')  # 错误的结果
    ```

    ```python
    df1.merge(df2, on=['Name', 'Class'], how='left')  # 正确的结果
    ```
    """


def test_a_pitfall_its_own_note_shows_as_ordinary_code_is_disabled(tmp_path):
    """The chapter's first example is the very join it later marks wrong for its data: the mark is about
    the data, not the code, so the rule is disabled (it would flag the note's own example); the same
    ordinary code in another note does not disable it (old notes keep code a newer note calls wrong)."""
    folder = note(tmp_path, MERGE_NOTE)
    [rule] = compile_notes([folder]).pitfalls
    assert not rule.enabled and rule.check.startswith("fires on right code at note.md:"), rule.check
    # as the editor and `lint --notes` load it (notes named by their path there)
    library, _ = load_library(Sources(notes=[folder], snippets=[], origin="options"), tmp_path / "cache")
    assert [p.enabled for p in library.pitfalls] == [False]
    split = tmp_path / "split"
    split.mkdir()
    note(split, MERGE_NOTE.split("    ## 重复的键")[0], name="intro.md")
    note(split, "    # 连接\n\n    ## 重复的键\n" + MERGE_NOTE.split("    ## 重复的键")[1], name="keys.md")
    [rule] = compile_notes([split / "notes"]).pitfalls
    assert rule.enabled, rule.check


def test_a_comment_that_names_the_exception_marks_the_line_wrong():
    """`# AttributeError`, `# -> KeyError!`, `# raises TypeError` say what the line raises; a comment
    that only talks about an exception (`# KeyError if the key is missing`, `# catch ValueError here`) does not."""
    code = ("a = s.iteritems()  # AttributeError\nb = d['x']  # -> KeyError!\nc = f(1)  # raises TypeError\n"
            "e = d['y']  # KeyError if the key is missing\ng = h()  # catch ValueError here\n")
    assert _comment_marks(code) == ([1, 2, 3], [])


def test_the_issues_read_csv_pair_catches_other_spellings_and_keeps_other_arguments(tmp_path):
    rules = rules_from(note(tmp_path, READ_CSV))
    assert len(rules) == 1
    source = 'import pandas\n\ndata = pandas.read_csv(path, sep=";", error_bad_lines=False)\n'
    [finding] = check_source(source, learned=rules)
    assert finding.severity == "hint" and finding.message == "pandas 2 删了 error_bad_lines。"
    assert fixed(source, rules) == 'import pandas\n\ndata = pandas.read_csv(path, sep=";", on_bad_lines="skip")\n'  # its quotes
    for right in ('import pandas as pd\nd = pd.read_csv(p, on_bad_lines="skip")\n',
                  "import pandas as pd\nd = pd.read_csv(p, error_bad_lines=True)\n",  # the edit's literal is kept
                  "import other\nd = other.read_csv(p, error_bad_lines=False)\n"):
        assert not check_source(right, learned=rules), right


def test_names_are_canonical_whatever_the_import():
    pattern = Pattern("pandas.concat([$$$FRAMES])", modules=["pandas"])
    for source in ("import pandas as pd\npd.concat([a, b])\n", "import pandas\npandas.concat([a, b])\n",
                   "from pandas import concat\nconcat([a, b])\n", "from pandas import concat as cat\ncat([a, b])\n"):
        assert check_source(source, learned=_only(pattern)), source
    assert not check_source("import mylib as pd\npd.concat([a, b])\n", learned=_only(pattern))


def _only(pattern: Pattern) -> LearnedRules:
    rules = LearnedRules([])
    from notesense.library.model import Pitfall, Source

    record = Pitfall("NSN00001", sorted(pattern.modules)[0], "t", PitfallPattern(pattern.text, tuple(pattern.where.items()), tuple(pattern.modules),
                                                                pattern.fix_text), Source("n.md", 1), wrong="")
    rules.rules.append((record, pattern))
    return rules


def test_placeholders_carry_the_kind_the_note_gives_them():
    learned = learn("import pandas as pd\ndf = pd.DataFrame({'a': [1]})\nrow = pd.DataFrame({'a': [2]})\ndf = df.append(row)\n",
                    "import pandas as pd\ndf = pd.DataFrame({'a': [1]})\nrow = pd.DataFrame({'a': [2]})\ndf = pd.concat([df, row])\n")
    assert learned.problem == "" or learned.covered_by == "NS102"  # NS102 already reports it: nothing to learn
    learned = learn("import pandas as pd\nframe = pd.DataFrame({'a': [1.5]})\nout = frame.applymap(round)\n",
                    "import pandas as pd\nframe = pd.DataFrame({'a': [1.5]})\nout = frame.map(round)\n")
    first = learned.edits[0][0]
    assert first.pattern == "$FRAME.applymap" and dict(first.where) == {"FRAME": "pandas.DataFrame"}
    pattern = Pattern(first.pattern, where=dict(first.where), modules=first.modules, fix=first.fix)
    rules = _only(pattern)
    assert check_source("import pandas as pd\nt = pd.read_csv('x')\nt.applymap(str)\n", learned=rules)
    assert not check_source("import pandas as pd\nclass Ledger:\n    def applymap(self, f): pass\nLedger().applymap(str)\n", learned=rules)
    assert not check_source("import pandas as pd\ndef f(t):\n    return t.applymap(str)\n", learned=rules)  # kind unknown


def test_fix_is_parenthesised_reindented_and_idempotent():
    pattern = Pattern("$X.view($$$ARGS)", where={"X": "torch.Tensor"}, modules=["torch"], fix="$X.reshape($$$ARGS)")
    rules = _only(pattern)
    source = "import torch\n\ndef f(a):\n    t = torch.ones(2)\n    if a:\n        b = t.view(\n            -1)\n    return b\n"
    once = fixed(source, rules)
    assert once == "import torch\n\ndef f(a):\n    t = torch.ones(2)\n    if a:\n        b = t.reshape(-1)\n    return b\n"
    assert fixed(once, rules) == once
    swap = Pattern("$A.t().mm($B)", where={"A": "torch.Tensor"}, modules=["torch"], fix="($B.t().mm($A)).t()")
    out = fixed("import torch\nx = torch.ones(2, 2)\ny = (x + 1).t().mm(x - 1)\n", _only(swap))
    assert ast.dump(ast.parse(out).body[-1].value) == ast.dump(ast.parse("((x - 1).t().mm(x + 1)).t()", mode="eval").body)


def test_statement_fix_keeps_the_indentation_of_the_block():
    pattern = Pattern("$W.uniform_($L1, $L2)", where={"W": "torch.Tensor"}, modules=["torch"],
                      fix="with torch.no_grad():\n    $W.uniform_($L1, $L2)")
    source = "import torch\nfor _ in range(2):\n    w = torch.empty(3)\n    w.uniform_(-1, 1)\n"
    assert fixed(source, _only(pattern)) == source  # an expression fix cannot be a block
    block = Pattern("$W.uniform_($L1, $L2)\n...\n$W.sum()", where={"W": "torch.Tensor"}, modules=["torch"], focus=(0, 1),
                    fix="with torch.no_grad():\n    $W.uniform_($L1, $L2)")
    source = "import torch\nfor _ in range(2):\n    w = torch.empty(3)\n    w.uniform_(-1, 1)\n    w.sum()\n"
    assert fixed(source, _only(block)) == (
        "import torch\nfor _ in range(2):\n    w = torch.empty(3)\n    with torch.no_grad():\n        w.uniform_(-1, 1)\n    w.sum()\n")


def test_invalid_patterns_are_refused_with_a_reason():
    with pytest.raises(PatternError, match="neither a metavariable"):
        Pattern("undefined_name.attr", modules=[])
    with pytest.raises(PatternError, match="does not bind"):
        Pattern("$A.f()", modules=[], fix="$B.g()")


def test_noqa_select_and_ignore_work_on_learned_rules(tmp_path):
    rules = rules_from(note(tmp_path, READ_CSV))
    code = rules.rules[0][0].id
    line = "df = pd.read_csv(p, error_bad_lines=False)"
    source = f"import pandas as pd\n{line}\n"
    assert [f.code for f in check_source(source, learned=rules)] == [code]
    assert not check_source(f"import pandas as pd\n{line}  # noqa: {code}\n", learned=rules)
    assert not check_source(f"import pandas as pd\n{line}  # noqa\n", learned=rules)
    assert check_source(f"import pandas as pd\n{line}  # noqa: NS101\n", learned=rules)
    assert not check_source(source, learned=rules, ignore=["NSN"])
    assert not check_source(source, learned=rules, select=["NS1"])
    assert check_source(source, learned=rules, select=[code])


def test_a_pair_that_fails_its_self_check_is_reported_with_file_line_and_why(tmp_path):
    folder = note(tmp_path, """\
        ## 两个不相干的块

        错误写法：

        ```python
        import torch
        a = torch.ones(2)
        ```

        正确写法：

        ```python
        import torch
        a = torch.ones(2)
        ```
        """)
    result = compile_notes([folder])
    assert not result.pitfalls
    assert [(n, line) for n, line, _ in result.report.pitfall_problems] == [("note.md", 6)]
    assert "no edit found" in result.report.pitfall_problems[0][2]
    report = result.report.to_dict()
    assert report["pitfall_problems"][0]["note"] == "note.md" and report["pitfalls"] == 0


def test_explicit_hints_win_and_fix_safe_makes_the_fix_safe(tmp_path):
    folder = note(tmp_path, """\
        ## np.NaN

        NumPy 2 removed np.NaN.

        <!-- notesense: pitfall=wrong fix=safe -->

        ```python
        import numpy as np
        gap = np.NaN
        ```

        <!-- notesense: pitfall=right -->

        ```python
        import numpy as np
        gap = np.nan
        ```
        """)
    [pitfall] = compile_notes([folder]).pitfalls
    assert pitfall.safe and pitfall.rule.pattern == "numpy.NaN"
    [finding] = check_source("import numpy\nx = numpy.NaN\n", learned=LearnedRules([pitfall]))
    assert finding.fixes[0].safe


def test_records_round_trip_through_the_library_and_the_schema(tmp_path):
    folder = note(tmp_path, READ_CSV)
    result = compile_notes([folder])
    out = tmp_path / "snippets"
    write_library(result, out)
    doc = yaml.safe_load((out / "pandas.yaml").read_text(encoding="utf-8"))
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.validate(doc, json.loads((out / "schema.json").read_text(encoding="utf-8")))
    library, problems = Library.load([out])
    assert not problems and [p.id for p in library.pitfalls] == [p.id for p in result.pitfalls]
    assert library.pitfalls[0].source.uri() == (folder / "note.md").resolve().as_uri() + "#L10"
    broken = dict(doc, pitfalls=[dict(doc["pitfalls"][0], severity="loud")])
    (out / "pandas.yaml").write_text(yaml.safe_dump(broken, allow_unicode=True), encoding="utf-8")
    library, problems = Library.load([out])
    assert not library.pitfalls and "severity" in str(problems[0]) and library.snippets


def test_a_fix_whose_numbers_depend_on_abstracted_literals_is_offered_only_for_the_notes_values():
    pattern = Pattern("$X[$L1] = torch.sigmoid($X[$L1])", where={"X": "torch.Tensor"}, modules=["torch"],
                      fix="$X = torch.cat([torch.sigmoid($X[$L1]), $X[:, 3:]], dim=1)", fix_requires={"L1": ":, 0:3"})
    rules = _only(pattern)
    same = "import torch\nx = torch.ones(2, 5)\nx[:, 0:3] = torch.sigmoid(x[:, 0:3])\n"
    other = "import torch\nx = torch.ones(2, 5)\nx[:, :2] = torch.sigmoid(x[:, :2])\n"
    [with_fix] = check_source(same, learned=rules)
    [without] = check_source(other, learned=rules)
    assert with_fix.fixes and not without.fixes  # both flagged; `3:` is only right after `0:3`
    assert fixed(same, rules).endswith("x = torch.cat([torch.sigmoid(x[:, 0:3]), x[:, 3:]], dim=1)\n")


def test_an_array_viewed_as_another_class_is_not_flagged_as_an_ndarray():
    """numpy's own tests: `mx = x.view(np.matrix); mx.ptp()` (np.matrix still has ptp)."""
    from notesense.rules.learned import bundled

    viewed = "import numpy as np\nx = np.arange(4).reshape((2, 2))\nmx = x.view(np.matrix)\nr = mx.ptp()\n"
    plain = "import numpy as np\nx = np.arange(4).reshape((2, 2))\nr = x.ptp()\n"
    assert not check_source(viewed, learned=bundled())
    assert [f.line for f in check_source(plain, learned=bundled())] == [3]


def test_a_notes_undefined_df_is_a_dataframe(tmp_path):
    """Notes leave `df` undefined as they leave `pd` unimported; the rule still needs the user's kinds."""
    rules = rules_from(note(tmp_path, """\
        ## groupby mean

        pandas 2 no longer drops non-numeric columns in groupby reductions.

        Wrong:

        ```python
        df.groupby("team").mean()
        ```

        Right:

        ```python
        df.groupby("team").mean(numeric_only=True)
        ```
        """))
    source = "import pandas as pd\nscores = pd.read_csv('s.csv')\navg = scores.groupby('city').mean()\n"
    assert fixed(source, rules).endswith("avg = scores.groupby('city').mean(numeric_only=True)\n")
    assert not check_source("import pandas as pd\ndef f(t):\n    return t.groupby('c').mean()\n", learned=rules)
    assert not check_source("import pandas as pd\ns = pd.read_csv('s')\ns.groupby('c').mean(numeric_only=False)\n",
                            learned=rules)


def test_a_name_imported_from_the_module_is_the_canonical_name(tmp_path):
    """`from numpy import alltrue` then `alltrue(x)` is `numpy.alltrue`; a fix at the use would leave the
    failing import, so only the module spelling gets one."""
    rules = rules_from(note(tmp_path, """\
        ## np.alltrue

        NumPy 2.0 removed `np.alltrue`; use `np.all`.

        Wrong:

        ```python
        import numpy as np
        ok = np.alltrue(np.array([True]))
        ```

        Right:

        ```python
        import numpy as np
        ok = np.all(np.array([True]))
        ```
        """))
    [finding] = check_source("from numpy import alltrue\nflags = alltrue([1, 2])\n", learned=rules)
    assert finding.line == 2 and not finding.fixes
    assert finding.message == "NumPy 2.0 removed `np.alltrue`; use `np.all`."  # a semicolon does not end it
    assert fixed("import numpy\nflags = numpy.alltrue([1, 2])\n", rules) == "import numpy\nflags = numpy.all([1, 2])\n"
    assert not check_source("from numpy import all as alltrue\nflags = alltrue([1, 2])\n", learned=rules)


def test_a_context_value_used_without_a_name_is_the_same_mistake():
    pattern = Pattern("$COLS = $GRID.t($$$C1)\n...\n$COLS.view", where={"COLS": "torch.Tensor?", "GRID": "torch.Tensor?"},
                      modules=["torch"], focus=(1, 2), fix="$COLS.reshape")
    rules = _only(pattern)
    source = "import torch\nx = torch.ones(2, 3)\nflat = x.t().view(-1)\ny = x.t()\nz = y.view(6)\n"
    assert [f.line for f in check_source(source, learned=rules)] == [3, 5]
    assert fixed(source, rules) == "import torch\nx = torch.ones(2, 3)\nflat = x.t().reshape(-1)\ny = x.t()\nz = y.reshape(6)\n"
    for right in ("import torch\nx = torch.ones(2, 3)\nflat = x.t().contiguous().view(-1)\n",
                  "import torch\nx = torch.ones(2, 3)\nflat = x.view(-1).t()\n"):
        assert not check_source(right, learned=rules), right


IN_PLACE = """\
    ## 叶子张量的原地写

    requires_grad 的叶子张量不能原地修改。

    ### 错误写法

    ```python
    import torch
    w = torch.zeros(3, requires_grad=True)
    w[0] = 5.0
    ```

    ### 正确写法

    ```python
    import torch
    w = torch.zeros(3, requires_grad=True)
    with torch.no_grad():
        w[0] = 5.0
    ```

    ## augmented

    Adding in place to such a leaf fails the same way.

    ```python
    import torch
    w = torch.ones(3, requires_grad=True)
    w += 1
    ```

    ```
    Traceback (most recent call last):
      File "<stdin>", line 3, in <module>
    RuntimeError: a leaf Variable that requires grad is being used in an in-place operation.
    ```
    """


def test_in_place_writes_on_a_leaf_are_learned_from_the_flag_it_was_made_with(tmp_path):
    """`w[0] = 5.0` and `w += 1` name nothing; the `requires_grad=True` their tensor was made with does."""
    rules = rules_from(note(tmp_path, IN_PLACE))
    assert len(rules) == 2
    program = ("import torch as tt\n\ndef reset(n):\n    bias = tt.full((n,), 0.5, requires_grad=True)\n"
               "    for i in range(n):\n        bias[i] = 0.0\n    return bias\n\n"
               "scale = tt.ones(2, requires_grad=True)\nscale += 1\n"
               "free = tt.ones(2)\nfree += 1\nfree[0] = 3.0\n"
               "with tt.no_grad():\n    guarded = tt.ones(2, requires_grad=True)\n    guarded[0] = 2.0\n"
               "made = tt.ones(2, requires_grad=True)\nmade = made * 2\nmade += 1\nreset(2)\n")
    found = check_source(program, learned=rules)
    assert [(f.line, f.severity) for f in found] == [(6, "hint"), (10, "hint")]
    assert found[1].message == "Adding in place to such a leaf fails the same way." and found[0].message == "requires_grad 的叶子张量不能原地修改。"
    assert found[0].fixes and not found[1].fixes  # a traceback alone teaches a hint, not a fix
    once = fixed(program, rules)
    assert once == program.replace("        bias[i] = 0.0\n", "        with tt.no_grad():\n            bias[i] = 0.0\n")
    assert fixed(once, rules) == once and [f.line for f in check_source(once, learned=rules)] == [11]
    if importlib.util.find_spec("torch") is not None:  # the flagged code fails as the note says, the fixed runs
        script = tmp_path / "leaf.py"
        for source, runs in ((program, False), (once.replace("scale += 1\n", ""), True)):
            script.write_text(source, encoding="utf-8")
            done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
            assert (done.returncode == 0) is runs and (runs or "in-place operation" in done.stderr), done.stderr


def test_a_receiver_both_blocks_build_alike_is_only_its_kind(tmp_path):
    """`pd.Series([...]).view("int64")` → `….astype("int64")` is about any Series; a fix that reads the
    note's own data (`["a"]` of the frame it built) is not offered for someone else's frame."""
    rules = rules_from(note(tmp_path, """\
        ## Series.view

        ❌ `Series.view` is gone in pandas 3:

        ```python
        bits = pd.Series([1.0, 2.0]).view("int64")
        ```

        ✅ cast instead:

        ```python
        bits = pd.Series([1.0, 2.0]).astype("int64")
        ```

        ## DataFrame.bool

        Before:

        ```python
        flag = pd.DataFrame({"a": [True]}).bool()
        ```

        After:

        ```python
        flag = pd.DataFrame({"a": [True]})["a"].item()
        ```
        """))
    source = ("import pandas as pd\nprices = pd.read_csv('p.csv')['price']\nraw = prices.view('int64')\n"
              "table = pd.read_csv('t.csv')\nsingle = table.bool()\n")
    found = check_source(source, learned=rules)
    assert [(f.line, bool(f.fixes)) for f in found] == [(3, True), (5, False)]
    assert found[0].message == "`Series.view` is gone in pandas 3"  # the label's mark and colon are not words
    assert fixed(source, rules).splitlines()[2] == "raw = prices.astype('int64')"
    for right in ("import numpy as np\nraw = np.arange(3).view('int64')\n", "import pandas as pd\nlooks = pd.Index([1]).view()\n"):
        assert not check_source(right, learned=rules), right


def test_a_pair_whose_fix_needs_an_import_is_still_a_hint(tmp_path):
    """The right block imports another name: the fix cannot be written where only the old one is
    imported, but the mistake is as real: a hint without a fix, linking the note."""
    rules = rules_from(note(tmp_path, """\
        ## load_boston 没了

        sklearn 1.2 删掉了 load_boston。

        错误写法：

        ```python
        from sklearn.datasets import load_boston
        X, y = load_boston(return_X_y=True)
        ```

        正确写法：

        ```python
        from sklearn.datasets import fetch_california_housing
        X, y = fetch_california_housing(return_X_y=True)
        ```
        """))
    [(pitfall, _)] = rules.rules
    assert pitfall.rule.fix is None and pitfall.rule.pattern == "sklearn.datasets.load_boston"
    [finding] = check_source("from sklearn import datasets\nboston = datasets.load_boston()\n", learned=rules)
    assert finding.message == "sklearn 1.2 删掉了 load_boston。" and not finding.fixes


def test_a_value_made_with_a_flag_keeps_the_statement_that_made_it(tmp_path):
    """`t.numpy()` is wrong only for a `t` made with `requires_grad=True`: a marked line reading such a
    value is learned with the statement that made it, never as `$T.numpy()` on any tensor."""
    rules = rules_from(note(tmp_path, """\
        ## tensor to list

        ```python
        import torch
        t = torch.ones(2, requires_grad=True)
        # don't
        values = t.numpy().tolist()
        ```
        """))
    [(pitfall, _)] = rules.rules
    assert "requires_grad=True" in pitfall.rule.pattern
    flagged = "import torch\ng = torch.zeros(3, requires_grad=True)\nout = g.numpy().tolist()\n"
    assert [f.line for f in check_source(flagged, learned=rules)] == [3]
    for right in ("import torch\nu = torch.zeros(3)\nout = u.numpy().tolist()\n",
                  "import torch\nout = torch.zeros(3, requires_grad=True).detach().numpy().tolist()\n"):
        assert not check_source(right, learned=rules), right


def test_expression_patterns_are_found_wherever_the_name_is_written():
    """The matcher looks only at the code on lines where a pattern's last name stands: its own code
    of every statement, decorators, `except` and `case` headers, a header that ends on its block's
    line, expressions inside lambdas and f-strings, and a name Python normalises (NFKC) all count."""
    pattern = Pattern("numpy.trapz", modules=["numpy"])
    source = textwrap.dedent('''\
        import numpy as np
        @np.trapz
        def f(x=lambda y: np.trapz):
            try:
                pass
            except np.trapz:
                pass
            match x:
                case 1 if np.trapz:
                    pass
            if (x and
                    np.trapz): y = 1
            return f"{np.trapz}"
        class C(np.trapz):
            pass
        z = np.ｔｒａｐｚ
        ''')
    found = sorted(f.line for f in check_source(source, learned=_only(pattern)))
    assert found == [2, 3, 6, 9, 12, 13, 14, 16]


def test_the_index_finds_every_node_ending_in_a_word_as_a_walk_of_the_whole_tree_does():
    """The statements holding a word are read from the semantic model's line index where it stands;
    whatever those places are (a class's first method's decorator, a decorator in a block, after
    non-ASCII text, a chain broken over lines, a comment, a comprehension), the nodes found are
    those a walk of the whole tree finds."""
    from notesense.analysis.document import Document
    from notesense.rules.base import FileContext
    from notesense.rules.pattern.index import file_index

    source = textwrap.dedent('''\
        import numpy as np
        class C:
            @np.view(1)
            def first(self): ...
            @np.view
            def second(self): return "ü" + np.view(2)
        if C:
            # a comment: np.view
            @np.view
            def g(): ...
        x = ("é", np.
             view, [np.view(v) for v in range(3)])  # view
        try:
            pass
        except np.view as view:
            view = x.view
        ''')
    ctx = FileContext(Document(source))
    expected = [n for n in ast.walk(ctx.tree) if (isinstance(n, ast.Attribute) and n.attr == "view")
                or (isinstance(n, ast.Name) and n.id == "view")
                or (isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "view")]
    found = file_index(ctx).by_tail(frozenset({"view"}))
    assert sorted(map(id, found)) == sorted(map(id, expected))
    assert len(found) == 12


def test_a_word_is_located_alike_whether_or_not_the_gate_scan_says_where_it_stands():
    """The learned rules' gate scans the text once (`WordScan`) and a word is then searched only in
    the slices that hold it as an identifier, or that are not ASCII: the statements and lines found
    are those a search of the whole text finds, wherever the word stands (a comment, a docstring,
    next to a full-width comma or a combining mark, the last line of a slice, a long file)."""
    from notesense.analysis.document import Document
    from notesense.rules.base import FileContext
    from notesense.rules.pattern.index import FileIndex, WordScan, slices

    block = textwrap.dedent('''\
        import numpy as np
        def f(a):
            """sum of a, or np.sum(a)"""
            total = np.sum(a)  # sum
            return total.view(1)
        class K:
            view = 1
        try:
            pass
        except ValueError as view:
            pass
        ''')
    filler = "".join(f"x{i} = {i}\n" for i in range(1500))  # slices without the words
    odd = "y = 1  # 全角，sum，view\nz = 'a·sum'\nsum\u0301 = 2\n"
    source = block + filler + odd + filler + block + "q = np.sum([1]).view(2)"
    assert len(list(slices(source))) > 4
    words = ["sum", "view", "np", "total", "never"]
    for text in (source, source.replace("全角，sum，view", "plain")):
        doc = Document(text)
        plain = FileIndex(FileContext(doc))
        scanned = FileIndex(FileContext(doc))
        scanned.scan = WordScan(text, frozenset(w.encode() for w in words))
        for word in words:
            stmts, lines = plain.located(word)
            found, other = scanned.located(word)
            assert [id(s) for s in found] == [id(s) for s in stmts] and other == lines, word
        assert scanned.scan.present == {b"sum", b"view", b"np", b"total"}


def test_an_expression_is_found_from_its_rarest_word_however_the_file_names_it():
    """`torch.ones(...).view(1)` is looked for where `ones` stands (rarer than `view`), and `ones`
    is also what the file imports it as: `o(3).view(1)` after `from torch import ones as o`."""
    pattern = Pattern("torch.ones($$$A).view(1)", modules=["torch"])
    source = textwrap.dedent('''\
        import torch as tt
        from torch import ones as o
        a = o(3).view(1)
        b = o(3).view(2)
        c = tt.ones(2, 2).view(1)
        d = tt.zeros(2).view(1)
        e = [tt.ones(v).view(1) for v in range(3)]
        ''')
    assert sorted(f.line for f in check_source(source, learned=_only(pattern))) == [3, 5, 7]


def test_a_notebook_cell_that_raised_is_a_wrong_block_at_the_cells_line(tmp_path):
    """A notebook keeps the error a cell raised (`output_type: error`, terminal colours and all): the
    cell is a wrong block, its traceback's `----> 3` line the failing one, the markdown above its words,
    and the rule's note link is that line of the cell in the `.ipynb` as saved."""
    red = "\u001b[0;31m"
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": ["## 张量转 numpy\n", "\n", "需要梯度的张量不能直接转成 numpy，要先 detach。"]},
        {"cell_type": "code", "metadata": {}, "execution_count": 1,
         "source": ["import torch\n", "w = torch.ones(3, requires_grad=True)\n", "a = w.numpy()"],
         "outputs": [{"output_type": "error", "ename": "RuntimeError", "evalue": "Can't call numpy() on Tensor that requires grad.",
                      "traceback": [f"{red}{'-' * 40}", f"{red}RuntimeError{red}   Traceback (most recent call last)",
                                    f"Cell {red}In[1], line 3\n      1 import torch\n----> 3 a = w.numpy()",
                                    f"{red}RuntimeError{red}: Can't call numpy() on Tensor that requires grad."]}]},
    ]
    folder = tmp_path / "notes"
    folder.mkdir()
    text = json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}, ensure_ascii=False, indent=1)
    (folder / "grad.ipynb").write_text(text, encoding="utf-8")
    [rule] = [p for p in compile_notes([folder]).pitfalls if p.check == "ok"]
    assert rule.message.startswith("需要梯度的张量")
    cell_line = text.split("\n").index('    "import torch\\n",') + 1
    assert rule.source.line == cell_line + 2  # `a = w.numpy()`, the cell's third line
    source = "import torch\nparams = torch.zeros(4, requires_grad=True)\nhost = params.numpy()\n"
    assert [f.code for f in check_source(source, learned=LearnedRules([rule]))] == [rule.id]


def test_a_column_written_in_both_blocks_is_the_edit_not_setup_left_out() -> None:
    """`df['double'] = [x*2 for x in df['value']]` then `df['double'] = df['value'] * 2`: writing into a
    column binds no name, so the wrong statement is the pair's edit (it was taken for setup the right
    block reads, and the report said the two blocks do the same thing)."""
    from notesense.compile.learn import learn

    learned = learn("df['double'] = [x*2 for x in df['value']]\n", "df['double'] = df['value'] * 2\n")
    assert "no edit found" not in learned.problem
    assert "do the same thing" in learn("a = 1\n", "a = 1\n").problem


@pytest.mark.parametrize("lang", ["zh", "en", None])
def test_a_learned_finding_says_what_is_wrong_then_what_to_do_in_every_language(tmp_path, lang):
    """A learned rule's words are the note's, in the language it is written in: a Chinese reader (the
    editor's locale zh-CN) reads what is wrong first and then what to do, not only the second sentence
    (the built-in rules' Chinese hint slot); a bare label ("正确写法：") is no advice."""
    from notesense.i18n import finding_text

    rules = rules_from(note(tmp_path, """\
        ## trapz 改名

        `np.trapz` 在 NumPy 2.0 改名为 `np.trapezoid`，旧名字调用会报错。参数顺序不变：先 `y` 再 `x`。

        ```python
        import numpy as np
        area = np.trapz(y, x)
        ```

        ```
        AttributeError: module 'numpy' has no attribute 'trapz'
        ```

        正确写法：

        ```python
        import numpy as np
        area = np.trapezoid(y, x)
        ```
        """))
    [found] = check_source("import numpy as np\narea = np.trapz([1, 2], [0, 1])\n", learned=rules)
    assert finding_text(found.message, found.hint, lang) == (
        "`np.trapz` 在 NumPy 2.0 改名为 `np.trapezoid`，旧名字调用会报错。\n参数顺序不变：先 `y` 再 `x`。"), found


def test_a_learned_findings_words_keep_the_code_the_note_writes(tmp_path):
    """"`w.uniform_(-1, 1)` 会报错": the underscore that makes the call in-place is the name's, not
    emphasis, so the finding says `uniform_` and `requires_grad_()` as the note does."""
    rules = rules_from(note(tmp_path, """\
        ## 叶子张量的原地操作

        `requires_grad=True` 的叶子张量不能直接做原地操作：`w.uniform_(-1, 1)` 会报 `RuntimeError`。先初始化、再 `requires_grad_()`。

        ```python
        import torch
        w = torch.empty(3, requires_grad=True)
        w.uniform_(-1, 1)
        ```

        ```
        RuntimeError: a leaf Variable that requires grad is being used in an in-place operation.
        ```

        正确写法：

        ```python
        import torch
        w = torch.empty(3).uniform_(-1, 1).requires_grad_()
        ```
        """))
    found = check_source("import torch\nw = torch.empty(3, requires_grad=True)\nw.uniform_(-1, 1)\n", learned=rules)
    assert found and "`w.uniform_(-1, 1)`" in found[0].message and "`requires_grad_()`" in found[0].message, found
