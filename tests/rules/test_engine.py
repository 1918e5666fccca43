"""The engine's contract: context gating, noqa, select/ignore, positions in code points, fix_source."""

from __future__ import annotations

from pathlib import Path

import pytest

from notesense.library.index import Library
from notesense.library.model import Snippet, Source
from notesense.rules.base import Edit, Finding, Fix
from notesense.rules.engine import ALL_RULES, check_source, fix_source
from notesense.rules.links import note_link

CHAINED = "import pandas as pd\ndf = pd.DataFrame({'a': [1], 'b': [0]})\ndf[df.a > 0]['b'] = 1\n"

ROOT = Path(__file__).resolve().parents[2]


def test_rules_run_only_when_their_context_is_imported():
    unimported = CHAINED.replace("import pandas as pd\n", "from mylib import DataFrame as _\n")
    assert check_source(CHAINED)
    assert check_source(unimported) == []


def test_syntax_error_is_raised():
    with pytest.raises(SyntaxError):
        check_source("import pandas as pd\ndf[ = 1\n")


def test_noqa_all_and_by_code():
    lines = CHAINED.splitlines()
    assert check_source("\n".join(lines[:-1] + [lines[-1] + "  # noqa"]) + "\n") == []
    assert check_source("\n".join(lines[:-1] + [lines[-1] + "  # noqa: NS101"]) + "\n") == []
    assert check_source("\n".join(lines[:-1] + [lines[-1] + "  # noqa: NS102, NS103"]) + "\n")


def test_select_and_ignore_take_codes_and_prefixes():
    assert check_source(CHAINED, select=["NS1"])
    assert check_source(CHAINED, select=["NS2"]) == []
    assert check_source(CHAINED, ignore=["NS101"]) == []
    assert check_source(CHAINED, select=["ns101"])


def test_columns_are_code_points_not_bytes():
    source = "import pandas as pd\ndf = pd.DataFrame({'列': [1]})\nx = '数据'; df[df['列'] > 0]['列'] = 2\n"
    [finding] = check_source(source)
    line = source.splitlines()[2]
    assert line[finding.col:finding.end_col] == "df[df['列'] > 0]['列']"
    fixed = fix_source(source, [finding])
    assert fixed.splitlines()[2] == "x = '数据'; df.loc[df['列'] > 0, '列'] = 2"


def test_crlf_and_comments_are_kept():
    source = CHAINED.replace("\n", "\r\n").replace("= 1\r\n", "= 1  # set it\r\n")
    fixed = fix_source(source, check_source(source))
    assert fixed.endswith("df.loc[df.a > 0, 'b'] = 1  # set it\r\n")
    assert fixed.count("\r\n") == source.count("\r\n")


def test_unsafe_fixes_need_opt_in():
    source = "import pandas as pd\ndf = pd.DataFrame({'a': [1]})\ndef add(row):\n    return df.append(row)\n"
    findings = check_source(source)
    assert findings and not findings[0].fixes[0].safe
    assert fix_source(source, findings) == source
    assert "pd.concat([df, row])" in fix_source(source, findings, unsafe=True)


def test_fix_that_breaks_the_code_is_dropped_and_others_kept():
    source = "a = 1\nb = 2\n"
    good = Finding("NS999", "m", "h", "hint", 1, 0, 1, 1, fixes=(Fix("ok", (Edit(1, 0, 1, 1, "x"),), True),))
    broken = Finding("NS999", "m", "h", "hint", 2, 0, 2, 1, fixes=(Fix("bad", (Edit(2, 0, 2, 1, "b b"),), True),))
    assert fix_source(source, [good, broken]) == "x = 1\nb = 2\n"


def test_overlapping_fixes_apply_one_per_pass():
    source = "a = 1\n"
    one = Finding("NS999", "m", "h", "hint", 1, 0, 1, 1, fixes=(Fix("x", (Edit(1, 0, 1, 1, "x"),), True),))
    two = Finding("NS999", "m", "h", "hint", 1, 0, 1, 5, fixes=(Fix("y", (Edit(1, 0, 1, 5, "y = 2"),), True),))
    assert fix_source(source, [one, two]) == "x = 1\n"


def _library(note: Path, **fields) -> Library:
    snippet = Snippet(
        id="pandas.my-note", context="pandas", title="my pandas note", body="x", code="x",
        source=Source(note=str(note), line=42), **fields,
    )
    return Library([snippet])


def test_link_prefers_the_users_own_note(tmp_path):
    rule = ALL_RULES[0]
    note = tmp_path / "my-notes" / "pandas.md"
    note.parent.mkdir()
    note.write_text("# pandas\n", encoding="utf-8")
    expected = f"{note.resolve().as_uri()}#L42"
    by_symbol = _library(note, symbols=("pandas.errors.ChainedAssignmentError",))
    assert note_link(rule, by_symbol) == expected
    by_keyword = _library(note, doc="pandas 会给 SettingWithCopyWarning")
    assert note_link(rule, by_keyword) == expected
    unrelated = _library(note, doc="how to read a csv")
    bundled = (ROOT / "notes" / "pandas-pitfalls.md").resolve().as_uri()
    assert note_link(rule, unrelated).startswith(bundled + "#L")  # no note of the user's: ours explains it
    assert check_source(CHAINED, library=by_symbol)[0].note == expected
    # a note the loaders did not find on disk keeps a relative path and is no link: the bundled explanation
    # stands in
    missing = Path("my-notes") / "gone.md"
    assert note_link(rule, _library(missing, symbols=("pandas.errors.ChainedAssignmentError",))).startswith(bundled + "#L")


def test_inplace_write_on_the_output_of_an_annotated_local_module():
    """`model: Net` (a local nn.Module) makes `model(x)` part of the graph, as `Net()(x)` would."""
    source = (
        "import torch\nimport torch.nn.functional as F\nfrom torch import nn\n\n\n"
        "class Net(nn.Module):\n    def forward(self, x):\n        return x\n\n\n"
        "def scores(model: Net, x: torch.Tensor) -> torch.Tensor:\n"
        "    out = torch.sigmoid(model(x))\n"
        "    out[:, 0:3] = F.softmax(out[:, 0:3], dim=1)\n"
        "    return out\n"
    )
    assert [(f.code, f.line) for f in check_source(source)] == [("NS202", 13)]
    plain = source.replace("class Net(nn.Module):", "class Net:")
    assert check_source(plain) == []


def test_a_lint_leaves_no_reference_cycles():
    """The lint runs with the cycle collector paused and then freezes what it made (`collector`), so a
    cycle left behind by any rule is never freed: the server grew by its context and tree on every
    version (a 50,000-line file held in ~500 MB instead of ~80). Every rule here finds something."""
    import textwrap
    import weakref

    from notesense.analysis.document import Document
    from notesense.rules.engine import check_document
    from notesense.rules.learned import bundled

    source = textwrap.dedent("""
        import pandas as pd
        import torch
        df = pd.read_csv("a.csv", error_bad_lines=False)
        df[df.a > 1]["b"] = 0
        table = df.applymap(str)
        w = torch.randn(3, requires_grad=True)
        y = w.exp()
        y += 1
        y.sum().backward()
        loss = (w * 2).sum()
        loss.backward()
        loss.backward()
    """)
    doc = Document(source)
    codes = {f.code for f in check_document(doc, learned=bundled())}
    assert {"NS101", "NS201", "NS202"} <= codes and sum(c.startswith("NSN") for c in codes) >= 2, codes
    gone = weakref.ref(doc)
    del doc
    assert gone() is None, "a lint left a reference cycle holding the document"


def test_a_call_inside_a_lambda_a_comprehension_or_a_decorator_is_found():
    """Expression rules see every node of the statements on a line holding their word: the call in a
    lambda, a comprehension or a decorator's arguments too (the lookup by position stopped at the
    lambda and comprehension scopes, and before a decorated definition)."""
    source = (
        "import pandas as pd\n"
        "df = pd.DataFrame({'a': [1]})\n"
        "grow = lambda: df.append(df)\n"
        "frames = [df.append(df) for _ in range(2)]\n"
        "@register(df.fillna(method='ffill'))\n"
        "def f():\n"
        "    return df.append(df)\n"
    )
    found = [(f.code, f.line, f.col) for f in check_source(source)]
    assert found == [("NS102", 3, 15), ("NS102", 4, 10), ("NS103", 5, 10), ("NS102", 7, 11)]


def test_fillna_calls_are_visited_only_in_statements_that_spell_method(monkeypatch):
    """NS103 reports a call with the keyword `method=`: a statement that does not spell it (most
    `fillna(0)`) is not walked, one that spells it on another line of the call still is."""
    from notesense.rules.ns103_fillna_method import FillnaMethod

    visited: list[int] = []
    visit = FillnaMethod.visit_Call
    monkeypatch.setattr(FillnaMethod, "visit_Call", lambda self, node: (visited.append(node.lineno), visit(self, node))[1])
    source = (
        "import pandas as pd\n"
        "df = pd.read_csv('a.csv')\n"
        + "df = df.fillna(0)\n" * 50
        + "df = df.fillna(\n    method='ffill')\n"
    )
    assert [(f.code, f.line) for f in check_source(source)] == [("NS103", 53)]
    assert visited == [53]


def test_inplace_rule_skips_a_file_that_spells_no_output_saving_operation(monkeypatch):
    """Every NS202 finding needs a producer that saves its output, and each spells its operation or
    activation module: a torch file of in-place writes into other tensors is not walked at all."""
    from notesense.rules.ns202_inplace_autograd import InplaceAutograd

    writes: list[object] = []
    check = InplaceAutograd._check
    monkeypatch.setattr(InplaceAutograd, "_check", lambda self, stmt, *rest: (writes.append(stmt), check(self, stmt, *rest))[1])
    quiet = "import torch\nw = torch.randn(3, requires_grad=True)\nx = w * 2\nx[0] = 1\nx.add_(1)\n"
    assert check_source(quiet) == [] and writes == []
    saving = quiet.replace("w * 2", "torch.exp(w)")
    assert [(f.code, f.line) for f in check_source(saving)] == [("NS202", 4), ("NS202", 5)] and writes
