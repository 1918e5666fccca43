"""What a recompile after one note changed does once per note, counted: the language server reloads
on every note edit, and each per-note pass over a large library is milliseconds of that reload."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest

from notesense import collector
from notesense.compile import pipeline
from notesense.compile.pipeline import compile_notes

NOTES = 60

NOTE = """# 第 {i} 节

读入一个表格：

```python
import pandas as pd
df = pd.read_csv('data_{i}.csv')
df.head()
```

安装：

```bash
pip install pandas
```

```bash
conda activate env{i}
```
"""


@pytest.fixture()
def library(tmp_path: Path) -> tuple[Path, Path]:
    """Notes in two sub-folders (so that the reading order reads their references), compiled once
    into a cache."""
    notes = tmp_path / "notes"
    for i in range(NOTES):
        folder = notes / f"part{i % 2}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"n{i:02}.md").write_text(NOTE.format(i=i), encoding="utf-8")
    cache = tmp_path / "cache"
    compile_notes([notes], cache_dir=cache, jobs=1)
    return notes, cache


def test_a_recompile_stats_each_note_once(library: tuple[Path, Path], monkeypatch) -> None:
    """Discovery stats every note (its digest is remembered by size and times); the reading order
    then reads each note's references by that same stat, not by a `stat` of its own."""
    notes, cache = library
    stats: list[str] = []
    real = os.stat

    def counting(path, *args, **kwargs):
        if os.fspath(path).endswith(".md"):
            stats.append(os.path.basename(os.fspath(path)))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", counting)
    result = compile_notes([notes], cache_dir=cache, jobs=1)
    assert result.report.notes_cached == NOTES and len(result.order) == NOTES
    assert len(stats) == NOTES and len(set(stats)) == NOTES


def test_the_sweep_after_compiling_visits_only_what_compiling_made(library: tuple[Path, Path], monkeypatch) -> None:
    """During a reload (collector paused) the young collection after the compile visits every young
    container: discovery's, the cache look-ups' and the report's entries (a tuple per set-aside block
    of every note, made again on each reload) must not be among them."""
    notes, cache = library
    changed = notes / "part1" / "n31.md"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n```python\nimport os\nos.sep\n```\n", encoding="utf-8")
    young: list[int] = []
    real = pipeline.sweep

    def counting() -> None:
        young.append(len(gc.get_objects(0)))
        real()

    monkeypatch.setattr(pipeline, "sweep", counting)
    with collector.paused():
        result = compile_notes([notes], cache_dir=cache, jobs=1)
    assert result.report.notes_cached == NOTES - 1
    assert len(result.report.set_aside) >= 2 * NOTES  # the report is made, after the sweep
    assert len(young) == 1 and young[0] < NOTES, young


def _edit(note: Path) -> None:
    note.write_text(note.read_text(encoding="utf-8") + "\n```python\nimport os\nos.sep\n```\n", encoding="utf-8")


def test_a_recompile_asks_only_the_changed_note_whether_it_is_a_symlink(library: tuple[Path, Path], tmp_path: Path,
                                                                         monkeypatch) -> None:
    """Locating the notes (the server links to their real paths) asks whether a note is a symlink once
    per version of the note, not for every note on each reload; a note that becomes a symlink is a new
    version (another file to `stat`) and is located at its target."""
    notes, cache = library
    compile_notes([notes], cache_dir=cache, jobs=1, locate=True)
    asked: list[str] = []
    real = os.path.islink

    def islink(path) -> bool:
        if os.fspath(path).endswith(".md"):  # the walk asks about folders
            asked.append(os.path.basename(path))
        return real(path)

    monkeypatch.setattr(os.path, "islink", islink)
    _edit(notes / "part1" / "n31.md")
    result = compile_notes([notes], cache_dir=cache, jobs=1, locate=True)
    assert asked == ["n31.md"]
    assert {s.source.note for s in result.snippets} == {os.path.realpath(p) for p in notes.rglob("*.md")}

    target = tmp_path / "elsewhere" / "n05.md"
    target.parent.mkdir()
    target.write_text((notes / "part1" / "n05.md").read_text(encoding="utf-8") + "\n改过了。\n", encoding="utf-8")
    (notes / "part1" / "n05.md").unlink()
    (notes / "part1" / "n05.md").symlink_to(target)
    asked.clear()
    result = compile_notes([notes], cache_dir=cache, jobs=1, locate=True)
    assert asked == ["n05.md"]
    assert str(target.resolve()) in {s.source.note for s in result.snippets}
    assert str((notes / "part1" / "n05.md").resolve(strict=False)) == str(target.resolve())

