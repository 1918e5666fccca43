"""What a full compile does once per block or section, counted (not timed): every pass the compiler
repeats over a note's text is paid for every note of a library."""

from __future__ import annotations

import gc
import re

import pytest

from notesense.compile import snippet
from notesense.compile.build import compile_note
from notesense.notes import code as note_code
from notesense.notes.markdown import parse_sections
from notesense.notes.model import Note

# one section, four blocks, each introduced by a label: two captions ("输出：", "Output:") and two labels
# that say what their block does ("删除文件：", "Read a file:")
SECTION = """# 文件操作

删除文件：

```python
import os
os.remove('a.txt')
```

输出：

```python
print(os.listdir('.'))
```

Read a file:

```python
text = open('b.txt').read()
```

Output:

```python
print(text.splitlines())
```
"""


class _CountedSub:
    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern, self.texts = pattern, []

    def sub(self, replacement: str, text: str) -> str:
        self.texts.append(text)
        return self.pattern.sub(replacement, text)


def test_a_sections_labels_are_judged_once_not_once_per_block(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each block's doc leaves out the captions among its section's labels: whether a label is a
    caption is worked out once per label, not again for every block of the section."""
    counted = _CountedSub(snippet._CAPTION_WORDS)
    monkeypatch.setattr(snippet, "_CAPTION_WORDS", counted)
    snippet._caption.cache_clear()
    note = Note(path="notes/files.md", sha256="")
    note.sections = parse_sections(SECTION)
    outcome = compile_note(note, note_code.clean)
    docs = {s.code: s.doc for s in outcome.snippets if s.kind == "python"}
    assert docs["import os\nos.remove('a.txt')"].startswith("删除文件")  # a label that says what the block does stays
    assert not any(doc.startswith(("输出", "Output")) for doc in docs.values())  # a caption goes
    assert sorted(counted.texts) == sorted(set(counted.texts)) and len(counted.texts) <= 4


def test_a_compile_in_this_process_collects_as_a_pool_worker_does(tmp_path) -> None:
    """With the default collector threshold an in-process compile spent up to a fourth of its CPU in
    collections on a busy machine (full ones scanning every object of the process), and a recompile
    that found every other note in the cache half its time in one full collection; the whole compile
    (discovery and the cache look-ups before the first note too) runs with a worker's threshold, and
    the caller's comes back after it."""
    from notesense.compile import pipeline

    for i in range(3):
        (tmp_path / f"n{i}.md").write_text(SECTION.replace("a.txt", f"{i}.txt"), encoding="utf-8")
    before = gc.get_threshold()
    seen: list[tuple[int, ...]] = []
    result = pipeline.compile_notes([tmp_path], jobs=1, progress=lambda done, total, name: seen.append(gc.get_threshold()))
    assert result.report.notes_read == 3 and result.snippets
    assert seen == [pipeline.WORKER_GC_THRESHOLD] * 4  # before the first note, and while each is compiled
    assert gc.get_threshold() == before


@pytest.mark.parametrize(("path", "display", "root"), [
    ("/home/u/notes/a/b.md", "a/b.md", "notes"),
    ("/home/u/notes/b.md", "b.md", "notes"),
    ("/x/y/z.md", "./y//z.md", "x"),
    ("/b.md", "b.md", ""),
    ("/a/b.md", "q/a/b.md", ""),
    ("/x/y/z.md", "", ""),
])
def test_the_folder_a_note_is_named_under_is_found_by_its_display_path(path: str, display: str, root: str) -> None:
    """`root_name`, asked of every note on every recompile, reads the folder from the strings."""
    from pathlib import Path

    from notesense.notes.reader import root_name

    assert root_name(Path(path), display) == root


def test_a_relative_path_is_named_under_the_folder_it_is_in_from_here(tmp_path, monkeypatch) -> None:
    from pathlib import Path

    from notesense.notes.reader import root_name

    (tmp_path / "my notes" / "torch").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    assert root_name(Path("my notes/torch/chunk.md"), "torch/chunk.md") == "my notes"
