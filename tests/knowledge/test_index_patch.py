"""A reload patches the library's index for the notes that changed (`Library.updated`); every look-up
must then be exactly what a full build of the same records gives."""

from __future__ import annotations

import gc
import os
import shutil
from pathlib import Path

import pytest

from notesense import store
from notesense.compile import cache as note_cache, pipeline
from notesense.library import snapshot
from notesense.library.index import Library
from notesense.library.sources import Sources, refresh
from notesense.notes import order

NOTES = Path(__file__).resolve().parents[2] / "notes"


def _shape(library: Library) -> dict:
    """Every index of `library`, records by identity and lists in their order."""
    ids = id
    return {
        "snippets": [ids(s) for s in library.snippets],
        "repeated": [ids(s) for s in library.repeated],
        "by_id": {k: ids(s) for k, s in library._by_id.items()},
        "by_context": {k: [ids(s) for s in v] for k, v in library._by_context.items()},
        "by_symbol": {k: [ids(s) for s in v] for k, v in library._by_symbol.items()},
        "by_tail": {k: list(v) for k, v in library._by_tail.items()},
        "by_prefix": {k: [ids(s) for s in v] for k, v in library._by_prefix.items()},
        "prefix_keys": list(library._prefix_keys),
        "symbols": list(library._symbols),
        "last_names": library._last_names,
        "contexts": library.contexts,
        "pitfalls": [p.id for p in library.pitfalls],
        "order": library.order,
    }


def _same_as_full_build(patched: Library) -> None:
    full = Library(patched.snippets, patched.pitfalls, patched.order)
    assert _shape(patched) == _shape(full)
    for symbol in patched._symbols:
        assert [s.id for s in patched.for_symbol(symbol)] == [s.id for s in full.for_symbol(symbol)]
    for prefix in ("np.", "pd.", "df", "torch", "os"):
        assert [(p, s.id) for p, s in patched.with_prefix(prefix)] == [(p, s.id) for p, s in full.with_prefix(prefix)]


@pytest.fixture
def folder(tmp_path: Path) -> tuple[Path, Path]:
    notes = tmp_path / "notes"
    shutil.copytree(NOTES, notes)
    return notes, tmp_path / "cache"


def _changed(known, sources: Sources, cache: Path):
    loaded = refresh(sources, cache, known)
    assert loaded is not known
    return loaded


def test_a_reload_patches_the_index_after_a_note_is_added_changed_or_deleted(folder: tuple[Path, Path]) -> None:
    notes, cache = folder
    sources = Sources(notes=[notes], origin="options")
    known = refresh(sources, cache, None)
    assert known.library.reindexed is None and len(known.library) > 100

    pandas = notes / "pandas.md"  # a note changes: a new section, and an old one loses its code
    text = pandas.read_text(encoding="utf-8")
    pandas.write_text(text.replace("```python", "```text", 1) + "\n## 新的 merge\n\n合并两个表。\n\n```python\n"
                      "import pandas as pd\nleft = pd.DataFrame({'k': [1]})\nleft.merge(left, on='k')\n```\n",
                      encoding="utf-8")
    known = _changed(known, sources, cache)
    assert known.library.reindexed  # patched, not built whole
    _same_as_full_build(known.library)

    (notes / "added.md").write_text("# torch.chunk\n\n把张量分块。\n\n```python\nimport torch\n"
                                    "parts = torch.chunk(torch.ones(4), 2)\n```\n", encoding="utf-8")
    known = _changed(known, sources, cache)
    assert known.library.reindexed and known.library.for_symbol("torch.chunk")
    _same_as_full_build(known.library)

    (notes / "numpy.md").unlink()
    known = _changed(known, sources, cache)
    assert known.library.reindexed and not any(s.source.note.endswith("numpy.md") for s in known.library.snippets)
    _same_as_full_build(known.library)


def test_a_reload_runs_with_the_cycle_collector_paused(folder: tuple[Path, Path], monkeypatch) -> None:
    """A reload's passes over the whole library make long-lived records and indexes, no garbage: the
    cycle collector, which would rescan the library meanwhile, is paused, and on again afterwards."""
    notes, cache = folder
    sources = Sources(notes=[notes], origin="options")
    known = refresh(sources, cache, None)
    collecting: list[bool] = []
    real = Library.updated.__func__

    def updated(cls, *args, **kwargs):
        collecting.append(gc.isenabled())
        return real(cls, *args, **kwargs)

    monkeypatch.setattr(Library, "updated", classmethod(updated))
    pandas = notes / "pandas.md"
    pandas.write_text(pandas.read_text(encoding="utf-8") + "\n## 新的 merge\n\n```python\nimport os\nos.sep\n```\n",
                      encoding="utf-8")
    assert gc.isenabled()
    reloaded = _changed(known, sources, cache)
    assert collecting == [False] and gc.isenabled()
    assert reloaded.library.reindexed
    _same_as_full_build(reloaded.library)


def test_repeated_reloads_freeze_no_garbage(folder: tuple[Path, Path]) -> None:
    """A reload ends by freezing what is on the heap (`collector.paused`): a reference cycle it left
    (the learner's analysis of a pitfall's example, `ast.dump`'s closures) would stay for good, a few
    hundred objects on every note edit. After reloads, nothing frozen is garbage."""
    notes, cache = folder
    sources = Sources(notes=[notes], origin="options")
    known = refresh(sources, cache, None)
    gc.unfreeze()
    gc.collect()  # what the first load left: another matter (it was frozen by analyses it ran)
    pandas = notes / "pandas.md"  # with a pitfall note beside it, each reload settles the learned rules again
    text = pandas.read_text(encoding="utf-8")
    for edit in range(3):
        pandas.write_text(text + f"\n## merge {edit}\n\n```python\nimport os\nos.sep\n```\n", encoding="utf-8")
        known = _changed(known, sources, cache)
        assert known.library.reindexed and known.library.pitfalls
    gc.unfreeze()
    assert gc.collect() == 0


def test_patches_in_a_row_stay_a_full_build() -> None:
    """Each patch looks positions up through those before it (`_Positions`) until it folds them into one
    map again: records put in, taken out and replaced over more patches than that are indexed as a full
    build of the same records would index them."""
    from tests.knowledge.test_index import snip

    library = Library([snip(f"os.{i:04}", ("os.walk", f"os.f{i % 7}"), prefix=("walk",)) for i in range(600)])
    for step in range(9):
        records = list(library.snippets)
        at = 37 * (step + 1) % len(records)
        if step % 3 == 0:  # one record replaced by two
            records[at:at + 1] = [snip(f"os.{at:04}", ("os.getcwd",), prefix=("getcwd", "walk")),
                                  snip(f"os.{at:04}b", ("os.sep",), prefix=("sep",))]
        elif step % 3 == 1:  # two apart taken out
            del records[at + 5], records[at]
        else:  # one put in, another changed
            records.insert(at, snip(f"os.{at:04}n{step}", ("os.walk", "os.listdir"), prefix=("walk", "ls")))
            records[-3] = snip(records[-3].id, ("os.path.join",), prefix=("join",))
        library = Library.updated(library, records)
        assert library.reindexed
        _same_as_full_build(library)
        assert [library._positions()[id(s)] for s in library.snippets] == list(range(len(library)))


def test_a_patch_copies_only_what_the_changed_records_are_filed_under() -> None:
    """A reload must not copy the library's indexes whole (a copy of every prefix entry cost a one-note
    reload tens of milliseconds): the lists of keys no changed record is filed under, and the sorted
    keys when none came or went, are the previous library's very objects."""
    from tests.knowledge.test_index import snip

    records = [snip(f"os.{i:04}", ("os.walk", f"os.f{i % 7}"), prefix=("walk", f"w{i % 5}")) for i in range(400)]
    library = Library(records)
    changed = list(records)
    changed[10] = snip("os.0010", ("os.walk", "os.f3"), prefix=("walk", "w0"))  # was filed under os.f3 and w0 too
    patched = Library.updated(library, changed)
    assert patched.reindexed == 2
    _same_as_full_build(patched)
    assert patched._by_prefix["w1"] is library._by_prefix["w1"] and patched._by_prefix["walk"] is not library._by_prefix["walk"]
    walk, before = patched._by_prefix["walk"].chunks, library._by_prefix["walk"].chunks
    assert len(walk) == len(before) > 1 and walk[0] is not before[0] and all(a is b for a, b in zip(walk[1:], before[1:]))
    assert patched._by_symbol["os.f1"] is library._by_symbol["os.f1"]
    assert patched._prefix_keys is library._prefix_keys and patched._symbols is library._symbols
    changed[11] = snip("os.0011", ("os.getcwd",), prefix=("cwd",))  # a new key and symbol; w1's record leaves
    again = Library.updated(patched, changed)
    _same_as_full_build(again)
    assert "cwd" in again._prefix_keys and "cwd" not in patched._prefix_keys and "os.getcwd" not in patched._symbols


def test_a_filing_patched_again_and_again_splits_and_drops_its_chunks() -> None:
    """Records put in at one place patch after patch grow one chunk of a filing until it splits; records
    taken out empty chunks, which go. Every step indexes as a full build does."""
    from tests.knowledge.test_index import snip

    library = Library([snip(f"os.{i:04}", ("os.walk",), prefix=("walk",)) for i in range(300)])
    for step in range(12):
        records = list(library.snippets)
        records[150:150] = [snip(f"os.0150.{step:02}.{k:02}", ("os.walk", "os.sep"), prefix=("walk", "sep")) for k in range(30)]
        library = Library.updated(library, records)
        assert library.reindexed == 30
        _same_as_full_build(library)
    sizes = [len(chunk) for chunk in library._by_prefix["walk"].chunks]
    assert len(sizes) > 2 and max(sizes) < 2 * 256 and sum(sizes) == 660  # 300 records were two chunks
    for step in range(9):  # the first records go, 40 at a time: the first chunk empties
        library = Library.updated(library, library.snippets[40:])
        _same_as_full_build(library)
    assert len(library) == 300 and [len(chunk) for chunk in library._by_prefix["walk"].chunks] == sizes[1:]


def test_the_first_reload_after_a_warm_start_patches_the_snapshots_index(folder: tuple[Path, Path]) -> None:
    """A warm start answers from the snapshot's records; a reload's records are the compile cache's,
    equal to them but other objects. The index is patched all the same, and a later reload too."""
    notes, cache = folder
    sources = Sources(notes=[notes], origin="options")
    snapshot.write(cache, sources, refresh(sources, cache, None))
    warm = snapshot.read(cache, sources)  # as a restarted server reads it
    assert warm is not None and len(warm.library) > 100

    pandas = notes / "pandas.md"
    pandas.write_text(pandas.read_text(encoding="utf-8") + "\n## 新的 merge\n\n合并两个表。\n\n```python\n"
                      "import pandas as pd\nleft = pd.DataFrame({'k': [1]})\nleft.merge(left, on='k')\n```\n",
                      encoding="utf-8")
    reloaded = _changed(warm, sources, cache)
    assert not set(map(id, reloaded.library.snippets)) & set(map(id, warm.library.snippets))  # the cache's records
    assert reloaded.library.reindexed  # patched, not built whole
    assert reloaded.library.for_symbol("pandas.DataFrame.merge")
    _same_as_full_build(reloaded.library)

    (notes / "numpy.md").unlink()
    again = _changed(reloaded, sources, cache)
    assert again.library.reindexed
    _same_as_full_build(again.library)


def test_after_a_warm_start_a_reload_reads_no_note_cache_file(folder: tuple[Path, Path], monkeypatch) -> None:
    """A restarted server (nothing in the compile cache's memory) that reloads after one note changed
    finds the unchanged notes in the snapshot it started from: their outcomes as the per-note cache
    files hold them, their records the snapshot's own objects; only the changed note is compiled."""
    notes, cache = folder
    sources = Sources(notes=[notes], origin="options")
    loaded = refresh(sources, cache, None)
    snapshot.write(cache, sources, loaded)
    on_disk = {(key, where): store.encode(outcome.to_data()) for key, where, outcome in loaded.notes}
    monkeypatch.setattr(note_cache, "_MEMORY", {})  # a new process
    monkeypatch.setattr(pipeline, "_LAST_ORDER", None)
    warm = snapshot.read(cache, sources)
    assert warm is not None and len(warm.notes) == len(on_disk) > 10
    assert {(key, where): store.encode(outcome.to_data()) for key, where, outcome in snapshot.entries(warm)} == on_disk

    read: list[str] = []
    real_read = store.read
    monkeypatch.setattr(store, "read", lambda path, kind, version: read.append(kind) or real_read(path, kind, version))
    compiled: list[str] = []
    real_compile = pipeline.compile_one
    monkeypatch.setattr(pipeline, "compile_one", lambda path, display: compiled.append(display) or real_compile(path, display))
    pandas = notes / "pandas.md"
    pandas.write_text(pandas.read_text(encoding="utf-8") + "\n## 新的 merge\n\n合并两个表。\n\n```python\n"
                      "import pandas as pd\nleft = pd.DataFrame({'k': [1]})\nleft.merge(left, on='k')\n```\n",
                      encoding="utf-8")
    reloaded = _changed(warm, sources, cache)
    assert compiled == ["pandas.md"] and read.count("note") == 1  # the changed note, a miss
    unchanged = [s for s in reloaded.library.snippets if not s.source.note.endswith("pandas.md")]
    assert unchanged and set(map(id, unchanged)) <= set(map(id, warm.library.snippets))
    assert reloaded.library.reindexed and reloaded.library.for_symbol("pandas.DataFrame.merge")
    _same_as_full_build(reloaded.library)


def test_after_a_warm_start_a_reload_hashes_and_sorts_only_the_changed_note(folder: tuple[Path, Path], monkeypatch) -> None:
    """Discovery keys the compile cache by each note's sha256, remembered under its stat in memory; the
    snapshot keeps those digests, so a restarted server's first reload reads and hashes the note that
    changed, not every note (a fresh process read all 20 MB of the bench's notes for it); and it patches
    the order the snapshot kept of the records instead of sorting them all."""
    from notesense.notes import reader

    notes, cache = folder
    sources = Sources(notes=[notes], origin="options")
    loaded = refresh(sources, cache, None)
    snapshot.write(cache, sources, loaded)
    monkeypatch.setattr(note_cache, "_MEMORY", {})  # a new process
    monkeypatch.setattr(reader, "_DIGESTS", {})
    monkeypatch.setattr(pipeline, "_LAST_ORDER", None)
    warm = snapshot.read(cache, sources)
    assert warm is not None and len(warm.digests) == len(list(notes.rglob("*.md"))) > 10
    hashed: list[str] = []
    real_read = reader.read_regular
    monkeypatch.setattr(reader, "read_regular", lambda path, *a: hashed.append(str(path)) or real_read(path, *a))
    patched: list[object] = []
    real_patch = pipeline._patch
    monkeypatch.setattr(pipeline, "_patch", lambda *a: patched.append(real_patch(*a)) or patched[-1])
    pandas = notes / "pandas.md"
    pandas.write_text(pandas.read_text(encoding="utf-8") + "\n## more\n\n```python\nimport os\nos.sep\n```\n", encoding="utf-8")
    reloaded = _changed(warm, sources, cache)
    assert set(hashed) == {str(pandas)}
    assert len(patched) == 1 and patched[0] is not None  # the snapshot's order patched, not every record sorted
    keys = [pipeline._sort_key(s) for s in reloaded.library.snippets]
    assert keys == sorted(keys) and [s.id for s in reloaded.library.snippets] == [s.id for s in refresh(sources, None, None).library.snippets]
    assert reloaded.library.reindexed and len(reloaded.library) == len(loaded.library) + 1
    _same_as_full_build(reloaded.library)
    touched = notes / "numpy.md"  # a note whose stat changed but not its bytes: read again, same records
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))
    again = _changed(reloaded, sources, cache)
    assert str(touched) in hashed and [s.id for s in again.library.snippets] == [s.id for s in reloaded.library.snippets]


def test_after_a_warm_start_the_reading_order_reads_only_the_changed_note(tmp_path: Path, monkeypatch) -> None:
    """Chapters ordered by their cross-references: the snapshot keeps what the order read of each note,
    so a restarted server's reload opens the note that changed, not every note, for the same order."""
    notes, cache = tmp_path / "book", tmp_path / "cache"
    for chapter, text in (("b_intro", ":label:`sec_intro`\n"), ("a_use", "see :numref:`sec_intro`\n")):
        (notes / chapter).mkdir(parents=True)
        for n in range(3):
            (notes / chapter / f"{n}.md").write_text(f"# {chapter} {n}\n\n{text}\n```python\nimport os\nos.getcwd()\n```\n",
                                                     encoding="utf-8")
    sources = Sources(notes=[notes], origin="options")
    loaded = refresh(sources, cache, None)
    assert [Path(n).parent.name for n in loaded.library.order][:3] == ["b_intro"] * 3  # referred to: read first
    snapshot.write(cache, sources, loaded)
    monkeypatch.setattr(note_cache, "_MEMORY", {})  # a new process
    monkeypatch.setattr(order, "_ANCHORS", {})
    monkeypatch.setattr(pipeline, "_LAST_ORDER", None)
    warm = snapshot.read(cache, sources)
    opened: list[str] = []
    monkeypatch.setattr(order, "open", lambda path, *a, **k: opened.append(path) or open(path, *a, **k), raising=False)
    changed = notes / "a_use" / "1.md"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nmore\n", encoding="utf-8")
    reloaded = _changed(warm, sources, cache)
    assert opened == [str(changed)]
    assert reloaded.library.order == loaded.library.order


def test_many_new_records_moved_records_or_a_repeated_id_build_the_index_whole() -> None:
    from tests.knowledge.test_index import snip

    first = Library([snip(f"os.{i:04}", ("os.walk", f"os.f{i % 7}"), prefix=("walk", "WALK") if i == 10 else ("walk",))
                     for i in range(1000)])
    again = [snip(f"os.{i:04}", ("os.walk", f"os.g{i % 7}"), prefix=("walk",)) for i in range(1000)]  # all changed
    assert Library.updated(first, again).reindexed is None
    replaced = snip("os.0500", ("os.getcwd",), prefix=("Walk", "walk", "getcwd"))
    one = Library.updated(first, [*first.snippets[:10], *first.snippets[11:500], replaced, *first.snippets[501:]])
    assert one.reindexed == 3
    _same_as_full_build(one)
    moved = [first.snippets[1], first.snippets[0], *first.snippets[2:]]  # the same records, two swapped
    assert Library.updated(first, moved).reindexed is None
    _same_as_full_build(Library.updated(first, moved))
    repeated = Library.updated(first, [*first.snippets, snip("os.0001", ("os.path.join",))])  # a repeated id
    assert repeated.reindexed is None and [s.id for s in repeated.repeated] == ["os.0001"]
