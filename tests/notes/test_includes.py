"""`literalinclude` (Sphinx's directive, MyST's fence): the example file's code becomes the note's block,
cut as the options say, read as text from inside the notes folder only; a changed example compiles the
note again."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from notesense.compile.pipeline import compile_notes
from notesense.notes.reader import load_note

TRAIN = """\
import torch


def train(model, loader):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    for x, y in loader:
        opt.zero_grad()
        model(x).sum().backward()
        opt.step()


def evaluate(model):
    model.eval()
"""


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    folder = tmp_path / "notes"
    (folder / "code").mkdir(parents=True)
    (folder / "code" / "train.py").write_text(TRAIN, encoding="utf-8")
    (tmp_path / "secret.py").write_text("TOKEN = 'do-not-show'\n", encoding="utf-8")
    return folder


def _blocks(folder: Path, name: str, text: str) -> list[tuple[int, str, str]]:
    (folder / name).write_text(text, encoding="utf-8")
    note = load_note(folder / name, name)
    return [(b.line, b.info, b.text) for s in note.sections for b in s.blocks]


def test_a_myst_fence_includes_the_part_its_options_name(notes: Path) -> None:
    blocks = _blocks(notes, "train.md", "# 训练\n\n清零梯度：\n\n```{literalinclude} code/train.py\n:pyobject: train\n```\n\n"
                                        "```{literalinclude} /code/train.py\n:lines: 12-13\n:language: python\n```\n")
    assert [(line, info) for line, info, _ in blocks] == [(5, "python"), (9, "python")]
    assert blocks[0][2].startswith("def train(model, loader):") and "def evaluate" not in blocks[0][2]
    assert blocks[1][2].strip() == "def evaluate(model):\n    model.eval()"


def test_an_rst_directive_includes_the_lines_after_its_marker(notes: Path) -> None:
    blocks = _blocks(notes, "train.rst", "训练\n====\n\n.. literalinclude:: code/train.py\n   :start-after: for x, y in loader:\n"
                                         "   :end-before: def evaluate\n   :dedent:\n   :caption: train.py\n")
    assert len(blocks) == 1 and blocks[0][0] == 4
    assert blocks[0][2].strip().split("\n")[0] == "opt.zero_grad()" and "evaluate" not in blocks[0][2]


def test_nothing_outside_the_notes_folder_is_read(notes: Path, tmp_path: Path) -> None:
    (notes / "link.py").symlink_to(tmp_path / "secret.py")
    for target in ("../secret.py", str(tmp_path / "secret.py"), "link.py", "code", "missing.py", "/../secret.py"):
        blocks = _blocks(notes, "leak.md", f"# x\n\n```{{literalinclude}} {target}\n```\n")
        assert blocks == [], target
        blocks = _blocks(notes, "leak.rst", f"x\n=\n\n.. literalinclude:: {target}\n")
        assert blocks == [], target


def test_the_included_code_is_the_records_and_a_changed_example_compiles_the_note_again(notes: Path, tmp_path: Path) -> None:
    (notes / "train.md").write_text("# 训练\n\n`opt.zero_grad()` 把梯度清零。\n\n```{literalinclude} code/train.py\n"
                                    ":pyobject: train\n```\n", encoding="utf-8")
    cache = tmp_path / "cache"
    first = compile_notes([notes], cache_dir=cache)
    code = [s for s in first.snippets if s.source.note == "train.md" and s.kind == "python"]
    assert code and "torch.optim.Optimizer.zero_grad" in code[0].symbols and code[0].source.line == 5
    example = notes / "code" / "train.py"
    example.write_text(TRAIN.replace("opt.zero_grad()", "opt.zero_grad(set_to_none=True)"), encoding="utf-8")
    os.utime(example, ns=(example.stat().st_mtime_ns + 10**9,) * 2)
    again = compile_notes([notes], cache_dir=cache)
    code = [s for s in again.snippets if s.source.note == "train.md" and s.kind == "python"]
    assert "set_to_none=True" in code[0].code


def test_a_warm_start_learns_what_a_note_includes_from_the_snapshot_not_by_reading_it(notes: Path, monkeypatch) -> None:
    """The digest a library snapshot keeps of a note says what it includes (nothing, for most), so that the
    next process computes its cache key without reading the note again; a digest kept by an older process,
    which says nothing of it, makes the note be read."""
    from notesense.notes import reader

    plain = notes / "plain.md"
    plain.write_text("# x\n\n```python\nimport torch\n```\n", encoding="utf-8")
    including = notes / "train.md"
    including.write_text("# x\n\n```{literalinclude} code/train.py\n```\n", encoding="utf-8")
    kept = {str(p): reader.remembered_digest(str(p)) for p in (plain, including) if reader.file_digest(p)}
    expected = reader.included_digest(including, "train.md")
    assert kept[str(plain)][1].endswith("\n") and kept[str(including)][1].endswith("\ncode/train.py") and expected
    monkeypatch.setattr(reader, "_DIGESTS", {})
    monkeypatch.setattr(reader, "_INCLUDED", {})
    for path, (signature, digest) in kept.items():
        reader.remember_digest(path, signature, digest)
    read: list[str] = []
    real = reader.read_regular
    monkeypatch.setattr(reader, "read_regular", lambda path, *a: read.append(str(path)) or real(path, *a))
    assert reader.included_digest(plain, "plain.md") == "" and reader.included_digest(including, "train.md") == expected
    assert read == []
    monkeypatch.setattr(reader, "_INCLUDED", {})  # an older snapshot's digest: what the note includes is read
    assert reader.included_digest(including, "train.md") == expected and read == [str(including)]


def test_a_changed_example_is_a_changed_library_for_the_server(notes: Path) -> None:
    """The server's stamp of its inputs (what a warm start checks the snapshot against, what the polling
    watcher compares) and the pattern it asks the editor to watch cover the examples notes include."""
    from notesense.library.snapshot import stamp
    from notesense.lsp.watch import WATCH_PATTERN

    (notes / "train.md").write_text("# x\n\n```{literalinclude} code/train.py\n```\n", encoding="utf-8")
    example = str(notes / "code" / "train.py")
    before = stamp([notes])
    assert example in before and "py" in WATCH_PATTERN.split("{", 1)[1].rstrip("}").split(",")
    Path(example).write_text(TRAIN + "\n# changed\n", encoding="utf-8")
    assert stamp([notes])[example] != before[example]
