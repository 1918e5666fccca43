"""The library on disk and the `notesense compile` command: determinism, --check, stable ids, schema,
bad files, the cache and the process pool, on small corpora written into a temporary folder."""

from __future__ import annotations

import gc
import json
import os
import threading
from pathlib import Path

import jsonschema
import pytest
import yaml

from notesense.cli import main
from notesense.compile.pipeline import PARALLEL_MIN_NOTES, compile_notes, render_library, write_library
from notesense.compile.writer import HEADER
from notesense.library.model import validate_header, validate_snippet

TORCH_NOTE = """---
title: Torch 笔记
tags: [pytorch]
---
# Torch 一些语法

## chunk()函数

- 函数会将输入张量沿着指定维度均匀的分割成特定数量的张量块。

```python
import torch
A = torch.randn(8, 2)
parts = torch.chunk(A, 4, dim=0)
```

## 安装

```bash
pip install torch
```
"""

PANDAS_NOTE = """# Pandas 一些语法

### loc 操作 / iloc 操作

- 根据标签（label）索引

```apache
dfa.loc[dfa.start_time==0, 'start_time'] = np.nan # 取为0的项目
```

### nan 元素处理

- fillna 空值处理

```
df = df.fillna(0)
price = '$10^3$ and C:\\\\data {x}'
```
"""


def write_corpus(root: Path) -> Path:
    notes = root / "notes"
    (notes / "dl").mkdir(parents=True)
    (notes / "dl" / "torch.md").write_text(TORCH_NOTE, encoding="utf-8")
    (notes / "pandas.md").write_bytes(PANDAS_NOTE.replace("\n", "\r\n").encode("gb18030"))
    return notes


def ids(result) -> set[str]:
    return {s.id for s in result.snippets}


def test_written_library_is_deterministic_and_valid(tmp_path):
    notes = write_corpus(tmp_path)
    out = tmp_path / "snippets"
    first = compile_notes([notes])
    write_library(first, out)
    files = {p.name: p.read_bytes() for p in out.iterdir()}
    assert set(files) == {"pandas.yaml", "torch.yaml", "schema.json"}
    assert write_library(compile_notes([notes]), out) == []  # nothing changed, nothing rewritten
    assert {p.name: p.read_bytes() for p in out.iterdir()} == files
    schema = json.loads(files["schema.json"])
    for name in ("pandas.yaml", "torch.yaml"):
        text = files[name].decode("utf-8")
        assert text.startswith(HEADER)
        doc = yaml.safe_load(text)
        jsonschema.validate(doc, schema)
        validate_header(doc)
        for i, entry in enumerate(doc["snippets"]):
            validate_snippet(entry, f"{name} snippets[{i}]")
        assert [e["id"] for e in doc["snippets"]] == sorted(e["id"] for e in doc["snippets"])
    pandas_doc = yaml.safe_load(files["pandas.yaml"])
    code_blocks = [e for e in pandas_doc["snippets"] if "\n" in e["code"]]
    assert code_blocks and "code: |" in files["pandas.yaml"].decode()  # literal blocks for multi-line code
    assert any("根据标签（label）索引" in e.get("doc", "") for e in pandas_doc["snippets"])


def test_input_order_does_not_change_the_output(tmp_path):
    notes = write_corpus(tmp_path)
    a = render_library(compile_notes([notes / "dl", notes / "pandas.md"]).snippets)
    b = render_library(compile_notes([notes / "pandas.md", notes / "dl"]).snippets)
    assert a == b


def test_ids_are_stable_when_other_notes_change(tmp_path):
    notes = write_corpus(tmp_path)
    before = compile_notes([notes])
    (notes / "extra.md").write_text("# Numpy\n\n```python\nimport numpy as np\nnp.argwhere(x > 1)\n```\n", encoding="utf-8")
    edited = PANDAS_NOTE.replace("### nan 元素处理", "### 新的一节\n\n```python\nimport os\nos.listdir('.')\n```\n\n### nan 元素处理")
    (notes / "pandas.md").write_text(edited, encoding="utf-8")
    after = compile_notes([notes])
    assert ids(before) <= ids(after)
    assert len(ids(after)) == len(ids(before)) + 2


def test_check_reports_differences_and_writes_nothing(tmp_path, capsys):
    notes = write_corpus(tmp_path)
    out = tmp_path / "snippets"
    assert main(["compile", str(notes), "-o", str(out), "--check"]) == 1  # nothing written yet
    assert not out.exists()
    assert main(["compile", str(notes), "-o", str(out)]) == 0
    assert main(["compile", str(notes), "-o", str(out), "--check"]) == 0
    snapshot = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.iterdir()}
    (notes / "dl" / "torch.md").write_text(TORCH_NOTE.replace("dim=0", "dim=1"), encoding="utf-8")
    (out / "gone.yaml").write_text(HEADER + "version: 1\ncontext: gone\nsnippets: []\n", encoding="utf-8")
    (out / "mine.yaml").write_text("keep: me\n", encoding="utf-8")  # not generated: never touched
    capsys.readouterr()
    assert main(["compile", str(notes), "-o", str(out), "--check"]) == 1
    listed = capsys.readouterr().out
    assert "torch.yaml" in listed and "gone.yaml" in listed and "pandas.yaml" not in listed and "mine.yaml" not in listed
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.iterdir() if p.name in snapshot} == snapshot
    assert main(["compile", str(notes), "-o", str(out)]) == 0
    assert not (out / "gone.yaml").exists() and (out / "mine.yaml").exists()
    assert main(["compile", str(notes), "-o", str(out), "--check"]) == 0


def test_bad_files_are_reported_and_the_rest_compiles(tmp_path):
    notes = write_corpus(tmp_path)
    (notes / "binary.md").write_bytes(b"\x00\x01\x02PNG\x00" * 10)
    report_file = tmp_path / "report.json"
    out = tmp_path / "snippets"
    assert main(["compile", str(notes), "-o", str(out), "--report", str(report_file)]) == 0
    report = json.loads(report_file.read_text(encoding="utf-8"))
    assert [u["path"] for u in report["unreadable"]] == ["binary.md"]
    assert report["notes_read"] == 2 and report["snippets_per_context"] == {"pandas": 2, "torch": 1}
    assert report["set_aside_counts"].get("shell block") == 1


def test_usage_and_fatal_errors_exit_2(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["compile", str(empty), "-o", str(tmp_path / "out")]) == 2
    notes = write_corpus(tmp_path)
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert main(["compile", str(notes), "-o", str(blocker / "out")]) == 2
    with pytest.raises(SystemExit) as exc:
        main(["compile", str(notes)])  # -o missing
    assert exc.value.code == 2


def test_cache_serves_unchanged_notes_and_matches_a_full_compile(tmp_path):
    notes = write_corpus(tmp_path)
    cache = tmp_path / "cache"
    first = compile_notes([notes], cache_dir=cache)
    assert first.report.notes_cached == 0
    second = compile_notes([notes], cache_dir=cache)
    assert second.report.notes_cached == 2
    assert second.snippets == first.snippets
    (notes / "dl" / "torch.md").write_text(TORCH_NOTE + "\n```python\nimport torch\ntorch.ones(2)\n```\n", encoding="utf-8")
    third = compile_notes([notes], cache_dir=cache)
    assert third.report.notes_cached == 1
    assert third.snippets == compile_notes([notes]).snippets
    entries = list((cache / "notes").rglob("*.json"))
    assert len(entries) == 3 and all(e.read_bytes().startswith(b"notesense-cache note ") for e in entries)


def test_process_pool_gives_the_same_result(tmp_path):
    notes = tmp_path / "many"
    notes.mkdir()
    for i in range(PARALLEL_MIN_NOTES + 5):
        (notes / f"n{i:03}.md").write_text(TORCH_NOTE.replace("chunk", f"chunk{i}"), encoding="utf-8")
    seen = []
    pooled = compile_notes([notes], jobs=2, progress=lambda done, total, note: seen.append((done, total)))
    assert render_library(pooled.snippets) == render_library(compile_notes([notes], jobs=1).snippets)
    assert seen[-1] == (PARALLEL_MIN_NOTES + 5, PARALLEL_MIN_NOTES + 5)


def test_pool_tasks_taper_so_no_core_idles_at_the_end() -> None:
    # equal 16-note tasks leave one core idle for up to a task's time (~0.5 s) while the other
    # finishes the last one; tapering tasks end with single notes, every note sent once, in order
    from notesense.compile.pipeline import _CHUNK, _chunks

    todo = [(i, Path(f"n{i}.md"), f"n{i}.md", None) for i in range(2000)]
    tasks = _chunks(todo, 2)
    assert [item for task in tasks for item in task] == todo
    sizes = [len(task) for task in tasks]
    assert sizes[0] == _CHUNK and max(sizes) == _CHUNK
    assert sizes == sorted(sizes, reverse=True) and sizes[-4:] == [1, 1, 1, 1]
    assert len(tasks) < 2000 // _CHUNK * 1.25  # still few round trips


def test_pool_workers_collect_rarely(tmp_path, monkeypatch):
    # every note a worker compiles says which collector thresholds it ran under (the forked worker
    # inherits the patched `compile_one`): the raised ones, which save ~6% of a worker's CPU
    if threading.active_count() > 1:  # asked when the test runs: earlier tests may have left threads
        pytest.skip("the pool forks only a single-threaded process")
    from notesense.compile import pipeline
    from notesense.compile.build import NoteOutcome

    notes = tmp_path / "many"
    notes.mkdir()
    for i in range(PARALLEL_MIN_NOTES):
        (notes / f"n{i:03}.md").write_text(f"# note {i}\n", encoding="utf-8")
    monkeypatch.setattr(pipeline, "compile_one", lambda path, display: NoteOutcome(display, unreadable=repr(gc.get_threshold())))
    before = gc.get_threshold()
    result = compile_notes([notes], jobs=2)
    assert {reason for _note, reason in result.report.unreadable} == {repr(pipeline.WORKER_GC_THRESHOLD)}
    assert gc.get_threshold() == before  # the compiling process itself (the language server) keeps its own


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_output_exits_2(tmp_path):
    notes = write_corpus(tmp_path)
    out = tmp_path / "ro"
    out.mkdir()
    out.chmod(0o500)
    try:
        assert main(["compile", str(notes), "-o", str(out)]) == 2
    finally:
        out.chmod(0o700)


def test_summary_fits_one_screen_and_names_broken_code(tmp_path):
    from rich.console import Console

    from notesense.compile.report import CompileReport, render_summary

    report = CompileReport(notes_read=3, python_blocks=40, snippets_per_context={f"ctx{i}": i + 1 for i in range(30)})
    report.parse_errors = [(f"n{i}.md", i + 1, "invalid syntax") for i in range(30)]
    report.set_aside = [("n.md", i, f"reason {i % 20}") for i in range(60)]
    report.unreadable = [("bad.md", "binary file")]
    console = Console(record=True, width=100)
    render_summary(report, console)
    text = console.export_text()
    assert "n0.md:1: invalid syntax" in text and "bad.md: binary file" in text and "22 more" in text
    assert len(text.splitlines()) <= 50


def test_located_notes_name_their_real_files(tmp_path):
    """With `locate`, a record links the note's real file: through a symlinked notes folder, and for a
    note that is itself a symlink, to the file it points at (each folder is resolved once)."""
    real = tmp_path / "real"
    (real / "sub").mkdir(parents=True)
    (real / "a.md").write_text("# A\n\n```python\nimport os\nos.getcwd()\n```\n", encoding="utf-8")
    (real / "sub" / "b.md").write_text("# B\n\n```python\nimport os\nos.listdir('.')\n```\n", encoding="utf-8")
    (tmp_path / "link").symlink_to(real)
    (tmp_path / "elsewhere.md").write_text("# C\n\n```python\nimport os\nos.getpid()\n```\n", encoding="utf-8")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "c.md").symlink_to(tmp_path / "elsewhere.md")
    notes = {s.source.note for s in compile_notes([tmp_path / "link", tmp_path / "other"], locate=True).snippets}
    assert notes == {os.path.realpath(p) for p in (real / "a.md", real / "sub" / "b.md", tmp_path / "elsewhere.md")}


def test_a_pool_compile_warms_up_the_compiling_process_once(tmp_path, monkeypatch):
    # forked workers inherit the warm-up, and the language server's next one-note recompile (in
    # this process) does not pay for the readers' imports and the lazy tables (~80 ms)
    from notesense.compile import pipeline
    from notesense.compile.build import NoteOutcome

    notes = tmp_path / "many"
    notes.mkdir()
    for i in range(PARALLEL_MIN_NOTES):
        (notes / f"n{i:03}.md").write_text(f"# note {i}\n", encoding="utf-8")
    monkeypatch.setattr(pipeline, "compile_one", lambda path, display: NoteOutcome(display))
    calls = []
    monkeypatch.setattr(pipeline, "warm_up", lambda: calls.append(1))
    compile_notes([notes], jobs=2)
    assert calls == [1]
    compile_notes([notes], jobs=1)  # in this process: the compile itself warms it
    assert calls == [1]


def test_after_warm_up_a_note_compiles_without_importing_anything(tmp_path):
    # in a fresh process, as the language server is after a start that compiled in workers
    import subprocess
    import sys

    note = tmp_path / "n.md"
    note.write_text("# torch\n\n```python\nimport torch\nx = torch.ones(2)\nx.sum()\n```\n", encoding="utf-8")
    code = (
        "import sys\nfrom pathlib import Path\nfrom notesense.compile import pipeline\npipeline.warm_up()\n"
        "before = set(sys.modules)\nout = pipeline.compile_one(Path(sys.argv[1]), 'n.md')\n"
        "assert out.unreadable is None and out.snippets, out\nprint(sorted(set(sys.modules) - before))\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(note)], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_an_unchanged_note_s_cache_key_is_hashed_once_per_process(tmp_path):
    from notesense.compile import cache as note_cache

    notes = write_corpus(tmp_path)
    compile_notes([notes], cache_dir=tmp_path / "cache")
    hashed = note_cache._key.cache_info().misses
    again = compile_notes([notes], cache_dir=tmp_path / "cache")
    assert again.report.notes_cached == 2
    assert note_cache._key.cache_info().misses == hashed  # a reload asks for every note's key again
