"""A very large file analysed in parts (bounded memory): the same findings as the whole file, and an
edit inside one function re-analyses one part."""

from __future__ import annotations

import ast
import textwrap

from notesense.analysis import document, recover
from notesense.analysis import parts as parts_module
from notesense.analysis.document import Document
from notesense.rules.engine import check_document, check_source

HEAD = "import pandas as pd\nimport torch\n\nBASE = pd.read_csv('base.csv')\n"
PLAIN = textwrap.dedent('''
    def step_{i}(path, x):
        df = pd.read_csv(path)
        df["b"] = df["a"] * 2
        y = torch.sigmoid(torch.tensor(df["b"].to_numpy())) + x
        return y.mean().item()
''')
# findings that need what other parts hold: a module-level frame, a function defined far below
CROSS = textwrap.dedent('''
    def uses_{i}(rows):
        BASE["b"][rows] = 0
        frame = load_{j}()
        frame = frame.append(frame)
        w = torch.randn(3, requires_grad=True)
        y = w.tanh()
        y.clamp_(min=0)
        return frame
''')
LOADER = textwrap.dedent('''
    def load_{j}():
        return pd.read_csv("far.csv")
''')


def large_source(functions: int = 4200) -> str:
    pieces = [HEAD]
    for i in range(functions):
        if i % 700 == 3:
            pieces.append(CROSS.format(i=i, j=functions - i))
        elif i % 700 == 5:
            pieces.append(LOADER.format(j=functions - i + 2))
        else:
            pieces.append(PLAIN.format(i=i))
    for i in range(functions):
        if i % 700 == 3:
            pieces.append(LOADER.format(j=functions - i))
    return "".join(pieces)


def spans(findings) -> list[tuple[str, int, int]]:
    return sorted((f.code, f.line, f.col) for f in findings)


def test_parts_find_what_the_whole_file_finds() -> None:
    source = large_source()
    doc = Document(source)
    assert doc.large and doc.in_parts
    in_parts = check_document(doc)
    assert "recovered" not in doc.__dict__, "the whole tree was never built"
    whole = check_source(source)
    assert spans(in_parts) == spans(whole)
    assert {f.code for f in whole} == {"NS101", "NS102", "NS202"}
    assert len(doc.parts) > 4


def test_an_edit_in_one_function_re_analyses_one_part(monkeypatch) -> None:
    source = large_source()
    first = Document(source)
    before = check_document(first)
    views: list[int] = []
    original = Document.part_view

    def counted(self, parts, index, body=None):
        views.append(index)
        return original(self, parts, index, body)

    monkeypatch.setattr(Document, "part_view", counted)
    edited = source.replace('df["b"] = df["a"] * 2\n    y = torch.sigmoid(torch.tensor(df["b"].to_numpy())) + x\n    return y.mean().item()\n\n'
                            "def step_2000(", 'df["b"] = df["a"] * 3\n    y = torch.sigmoid(torch.tensor(df["b"].to_numpy())) + x\n'
                            "    return y.mean().item()\n\ndef step_2000(", 1)
    assert edited != source
    second = Document(edited, previous=first)
    assert spans(check_document(second)) == spans(before)
    assert len(views) == 1
    views.clear()
    rebound = edited.replace("BASE = pd.read_csv('base.csv')", "BASE = {'b': {}}")
    third = Document(rebound, previous=second)
    after = check_document(third)
    assert len(views) == len(third.parts), "what every part may see changed: all are analysed again"
    assert "NS101" not in {f.code for f in after}  # BASE is a dict now


def test_the_threshold_is_the_parts_module_own() -> None:
    assert not Document("x = 1\n" * parts_module.LARGE_LINES).large
    assert Document("x = 1\n" * (parts_module.LARGE_LINES + 1)).large


def test_one_line_count_for_large_files_and_their_split() -> None:
    """Lines end in `\r\n`, `\r` or `\n` as the editor counts them, for whether a file is large and for
    where its analysis is split between the server and its worker process (`parts.line_count`)."""
    from notesense.analysis.worker import SERVER_SHARE, split_line

    for end in ("\n", "\r\n", "\r"):
        text = f"x = 1{end}" * (parts_module.LARGE_LINES + 1)
        assert Document(text).large and len(Document(text).lines) == parts_module.LARGE_LINES + 2
        assert split_line(text) == int((parts_module.LARGE_LINES + 1) * SERVER_SHARE), repr(end)
    assert not Document("x = 1\r" * parts_module.LARGE_LINES).large


def test_last_bindings_reads_each_top_level_binding_line_from_the_line_it_is_given() -> None:
    """The text's guess of what the parts below bind (`parts.last_bindings`, searched line break by line
    break): the line given first counts, a line ending in `\r\n` too, an indented or compared name
    does not, and the last binding of a name wins."""
    text = ("x = 1\r\n"
            "import os\n"
            "def f(a):\n"
            "    y = 2\n"
            "if x == 1:\n"
            "    pass\n"
            "async  def g(): ...\n"
            "class C: ...\n"
            "z: int = 3\n"
            "x += 1\n"
            "x = 4\n")
    assert parts_module.last_bindings(text) == {"x": 10, None: 1, "f": 2, "g": 6, "C": 7, "z": 8}
    at = text.index("def f")
    assert parts_module.last_bindings(text, 2, at) == {"f": 2, "g": 6, "C": 7, "z": 8, "x": 10}
    assert parts_module.last_bindings(text, 2, at + 1) == {"g": 6, "C": 7, "z": 8, "x": 10}  # not a line start


def test_a_line_break_typed_or_deleted_re_analyses_the_part_it_is_in(monkeypatch) -> None:
    """Typing Enter (or deleting a line) moves every part below it: they are found again where their
    text now stands, and their findings (fixes too) move with them, equal to a fresh analysis. (Parts
    of a smaller file, to keep the test short: the threshold and part size are the parts module's.)"""
    monkeypatch.setattr(document, "LARGE_LINES", 1_000)
    monkeypatch.setattr(parts_module, "PART_LINES", 500)
    source = large_source(800)
    lines = source.split("\n")
    middle = lines.index("def uses_703(rows):")
    edits = {
        "line typed in a function body": lines[:middle + 2] + ["    z = 0"] + lines[middle + 2:],
        "line deleted": lines[:middle + 3] + lines[middle + 4:],
        "blank line at the top": ["", *lines],
        "comment typed between two functions": lines[:middle] + ["# the loaders", ""] + lines[middle:],
    }
    views: list[int] = []
    original = Document.part_view

    def counted(self, parts, index, body=None):
        views.append(index)
        return original(self, parts, index, body)

    first = Document(source)
    assert {f.code for f in check_document(first)} == {"NS101", "NS102", "NS202"}
    monkeypatch.setattr(Document, "part_view", counted)
    for label, edited in edits.items():
        text = "\n".join(edited)
        views.clear()
        incremental = check_document(Document(text, previous=first))
        analysed = len(views)
        fresh = Document(text)
        assert incremental == check_document(fresh), label
        assert analysed <= 2 < len(fresh.parts), label


def test_a_line_typed_copies_only_the_moved_context_an_analysis_reads(monkeypatch) -> None:
    """Every part below a typed line moves; only the statements of their contexts that the one part
    analysed again reaches are copied to their new lines (`parts.Moved`), not every moved context
    (that copying was a fifth of the lint of a line typed halfway down a 50,000-line file)."""
    monkeypatch.setattr(document, "LARGE_LINES", 1_000)
    monkeypatch.setattr(parts_module, "PART_LINES", 500)
    source = large_source(800)
    lines = source.split("\n")
    middle = lines.index("def uses_3(rows):")
    text = "\n".join(lines[:middle + 2] + ["    z = 0"] + lines[middle + 2:])
    first = Document(source)
    check_document(first)
    copied: list[ast.AST] = []
    original = parts_module._shifted

    def counted(node, delta):
        copied.append(node)
        return original(node, delta)

    monkeypatch.setattr(parts_module, "_shifted", counted)
    edited = Document(text, previous=first)
    incremental = check_document(edited)
    assert incremental == check_document(Document(text))
    below = [p for p in first.parts if p.start > middle]  # what the typed line moved
    assert len(below) >= len(first.parts) - 2
    nodes = sum(1 for p in below for stmt in p.context for _ in ast.walk(stmt))
    assert 0 < len(copied) < nodes / 20, (len(copied), nodes)


def test_a_line_typed_takes_the_bindings_below_it_from_the_last_version_s_parts(monkeypatch) -> None:
    """Whether the part typed in can be analysed as soon as it is parsed depends on the names bound
    below it: on open the text below is scanned (`last_bindings`), after a keystroke the last
    version's parts tell (`PartsParse.bindings_below`), and the part is still parsed once."""
    monkeypatch.setattr(document, "LARGE_LINES", 1_000)
    monkeypatch.setattr(parts_module, "PART_LINES", 500)
    source = large_source(800)
    lines = source.split("\n")
    scans: list[int] = []
    original = document.last_bindings

    def counted(*args, **kwargs):
        scans.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(document, "last_bindings", counted)
    first = Document(source)
    check_document(first)
    assert scans == [1]
    parsed: list[int] = []
    batch = recover._parse

    def parse(text, offset):
        parsed.append(offset)
        return batch(text, offset)

    monkeypatch.setattr(recover, "_parse", parse)
    for typed in ("def uses_703(rows):", "def step_2(path, x):"):  # above a loader it reaches; near the top
        middle = lines.index(typed)
        text = "\n".join(lines[:middle + 2] + ["    z = 0"] + lines[middle + 2:])
        parsed.clear()
        scans.clear()
        incremental = check_document(Document(text, previous=first))
        assert not scans, typed
        assert len(parsed) == len(set(parsed)) <= 3, typed  # the part typed in, parsed once (one or two calls)
        assert incremental == check_document(Document(text)), typed


def test_a_part_sees_the_contexts_it_reaches_by_name_and_no_others(monkeypatch) -> None:
    """Each part is modelled with the other parts' statements that bind a name it spells, then a name
    those spell, and so on (with every import): a chain of calls across three parts still gives the
    finding, while an unrelated function of another part is not modelled again for every part."""
    monkeypatch.setattr(document, "LARGE_LINES", 1_000)
    monkeypatch.setattr(parts_module, "PART_LINES", 500)
    pieces = [HEAD, "def user():\n    frame = middle()\n    frame = frame.append(frame)\n    return frame\n"]
    pieces += [PLAIN.format(i=i) for i in range(120)]
    pieces.append("\ndef middle():\n    return loader()\n")
    pieces += [PLAIN.format(i=i) for i in range(120, 240)]
    pieces.append("\ndef loader():\n    return pd.read_csv('far.csv')\n")
    source = "".join(pieces)
    doc = Document(source)
    assert doc.in_parts
    parts = doc.parts
    assert len(parts) >= 3
    first = doc.part_view(parts, 0)
    names = {getattr(s, "name", None) for s in first.tree.body}
    assert {"user", "middle", "loader"} <= names
    assert "step_200" not in names, "a function nobody in the part names is not in its model"
    whole = check_source(source)
    assert [f.code for f in whole] == ["NS102"]
    assert spans(check_document(Document(source))) == spans(whole)


def linted_then_typed(monkeypatch, function: int) -> tuple[Document, str]:
    """A large file (in small parts) linted, and its text with a line typed into function `function`."""
    monkeypatch.setattr(document, "LARGE_LINES", 1_000)
    monkeypatch.setattr(parts_module, "PART_LINES", 500)
    source = large_source(800)
    first = Document(source)
    check_document(first)
    return first, source.replace(f"def step_{function}(path, x):\n", f"def step_{function}(path, x):\n    w = 2\n", 1)


def test_a_run_stopped_midway_leaves_its_parts_to_the_next_version(monkeypatch) -> None:
    """A version's lint stopped while its parts were being parsed (a newer version came): the next
    version still reuses the parts parsed so far and the last version's others — typing fast into a
    large file parses the part typed in, not the whole file again."""
    first, typed = linted_then_typed(monkeypatch, 20)
    second = Document(typed, previous=first)
    assert check_document(second, cancelled=lambda: True) == []  # stopped at its first part parsed
    assert "parts" not in second.__dict__, "the run stopped before every part was parsed"
    parsed: list[int] = []  # where each parse of a batch begins
    parse = recover._parse
    monkeypatch.setattr(recover, "_parse", lambda text, offset: parsed.append(offset) or parse(text, offset))
    third = Document(typed.replace("def step_700(path, x):\n", "def step_700(path, x):\n    z = 1\n", 1), previous=second)
    found = check_document(third)
    pieces = len(set(parsed))  # the batches parsed (a part is one or two)
    assert spans(found) == spans(check_document(Document(third.source)))
    assert len(third.parts) > 6
    assert pieces <= 2, f"{pieces} pieces parsed for one part typed in"


def test_a_request_needing_every_part_midway_through_the_lint_parse(monkeypatch) -> None:
    """A hover asks for the imports (every part) while the lint is parsing the parts one by one: it
    parses those left; the lint analyses them after the parse, with the same findings as the file."""
    monkeypatch.setattr(document, "LARGE_LINES", 1_000)
    monkeypatch.setattr(parts_module, "PART_LINES", 500)
    source = large_source(800)
    doc = Document(source)
    asked: list[int] = []

    def hover_meanwhile() -> bool:  # asked by the lint between its steps
        if not asked:
            asked.append(len(doc.parts or []))
        return False

    assert spans(check_document(doc, cancelled=hover_meanwhile)) == spans(check_source(source))
    assert asked and asked[0] > 6


def test_a_run_stopped_among_its_parts_keeps_the_last_version_findings(monkeypatch) -> None:
    """A version's lint stopped while it took each part's findings (a newer version came) keeps the
    last version's findings with those it reached: the next version analyses the part typed in, not
    every part the stopped run did not reach (`engine._each_part`)."""
    from notesense.rules import engine

    first, typed = linted_then_typed(monkeypatch, 700)
    each_part = engine._each_part

    def stopped(doc, parts, keys, fresh, cancelled, only=None):  # stops at the third part
        asked = iter(range(3))
        return each_part(doc, parts, keys, fresh, lambda: next(asked, None) is None, only)

    monkeypatch.setattr(engine, "_each_part", stopped)
    second = Document(typed, previous=first)
    check_document(second)
    assert len(second.parts) > 6
    monkeypatch.setattr(engine, "_each_part", each_part)
    runs: list[int] = []
    run = engine._run
    monkeypatch.setattr(engine, "_run", lambda ctx, *a, **k: runs.append(1) or run(ctx, *a, **k))
    third = Document(typed, previous=second)
    found = check_document(third)
    assert len(runs) <= 1, f"{len(runs)} parts analysed again after the stopped run"
    assert spans(found) == spans(check_document(Document(typed)))
