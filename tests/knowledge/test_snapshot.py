"""The library snapshot: a warm start reads one cache file, compiles nothing and parses no YAML; any
changed, added or removed note is noticed and only it is compiled again."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import notesense
from notesense import store
from notesense.compile import pipeline
from notesense.library import snapshot
from notesense.library.sources import Sources, load_library

# the child must run the notesense this process runs: another tree's (this test file's, when the path
# names another checkout) has another code version, so its snapshot is a miss and it compiles
SERVER = Path(notesense.__file__).resolve().parents[1]

TORCH = "# Torch 一些语法\n\n## chunk()函数\n\n把张量切块。\n\n```python\nimport torch\nparts = torch.chunk(x, 2)\n```\n"
NUMPY = "# Numpy\n\n## argwhere\n\n非零元素的索引。\n\n```python\nimport numpy as np\nnp.argwhere(x > 1)\n```\n"


PITFALL = """# pandas

## swapaxes 没有了

pandas 3 删掉了 DataFrame.swapaxes，转置要用 transpose。

错误写法：

```python
import pandas as pd
table = pd.DataFrame({"a": [1, 2]})
flipped = table.swapaxes(0, 1)
```

正确写法：

```python
import pandas as pd
table = pd.DataFrame({"a": [1, 2]})
flipped = table.transpose()
```
"""


@pytest.fixture
def sources(tmp_path: Path, fixtures_dir: Path) -> Sources:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "torch.md").write_text(TORCH, encoding="utf-8")
    (notes / "numpy.md").write_text(NUMPY, encoding="utf-8")
    (notes / "pitfall.md").write_text(PITFALL, encoding="utf-8")
    return Sources(notes=[notes], snippets=[fixtures_dir / "snippets"], origin="options")


def test_the_snapshot_keeps_everything_the_library_holds(tmp_path: Path, sources: Sources) -> None:
    """Every public part of a `Library` (records of each kind, learned pitfalls, whatever is added
    next) comes back from the snapshot, once its records are all decoded (`whole`, as every warm
    load does): a part that is not saved would vanish on every warm start."""
    cache = tmp_path / "cache"
    loaded, _ = load_library(sources, cache)
    read = snapshot.read(cache, sources)
    back = snapshot.whole(cache, sources, read) if read is not None else None
    assert back is not None

    def public(library) -> dict:
        return {k: v for k, v in vars(library).items() if not k.startswith("_") and k != "repeated"}

    assert loaded.pitfalls and loaded.snippets, "the notes teach a pitfall and explain APIs"
    assert public(back.library) == public(loaded)


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The display paths of the notes actually compiled (not served from a cache)."""
    seen: list[str] = []
    real = pipeline.compile_one

    def counting(path: Path, display: str):
        seen.append(display)
        return real(path, display)

    monkeypatch.setattr(pipeline, "compile_one", counting)
    return seen


def ids(library) -> list[str]:
    return [s.id for s in library.snippets]


def test_a_warm_load_comes_from_the_snapshot_alone(tmp_path: Path, sources: Sources, monkeypatch) -> None:
    cache = tmp_path / "cache"
    first, problems = load_library(sources, cache)
    assert snapshot.path_for(cache, sources).is_file()

    def no(*args, **kwargs):
        raise AssertionError("a warm load must not compile or parse anything")

    monkeypatch.setattr(pipeline, "compile_notes", no)
    monkeypatch.setattr("notesense.library.loader.load_file", no)
    warm, warm_problems = load_library(sources, cache)
    assert ids(warm) == ids(first) and warm.snippets == first.snippets
    assert warm_problems == problems
    chunk = warm.for_symbol("torch.chunk")[0]
    assert chunk.source.note == str((sources.notes[0] / "torch.md").resolve())
    assert chunk.source.uri() == (sources.notes[0] / "torch.md").resolve().as_uri() + f"#L{chunk.source.line}"


def test_a_changed_added_or_removed_note_is_noticed_and_only_it_compiled(
    tmp_path: Path, sources: Sources, compiled: list[str]
) -> None:
    cache = tmp_path / "cache"
    notes = sources.notes[0]
    load_library(sources, cache)
    assert sorted(compiled) == ["numpy.md", "pitfall.md", "torch.md"]
    compiled.clear()
    (notes / "numpy.md").write_text(NUMPY.replace("非零元素的索引", "非零元素的坐标"), encoding="utf-8")
    (notes / "pandas.md").write_text("# Pandas\n\n## melt\n\n```python\nimport pandas as pd\nlong = pd.melt(df, id_vars=[\"a\"])\n```\n", encoding="utf-8")
    library, _ = load_library(sources, cache)
    assert sorted(compiled) == ["numpy.md", "pandas.md"]
    assert "坐标" in library.for_symbol("numpy.argwhere")[0].doc
    assert library.for_symbol("pandas.melt")
    compiled.clear()
    (notes / "pandas.md").unlink()
    library, _ = load_library(sources, cache)
    assert compiled == [] and not library.for_symbol("pandas.melt")


def test_each_set_of_sources_has_its_own_snapshot(tmp_path: Path, sources: Sources) -> None:
    cache = tmp_path / "cache"
    only_notes = Sources(notes=sources.notes, snippets=[], origin="options")
    both, _ = load_library(sources, cache)
    alone, _ = load_library(only_notes, cache)
    assert snapshot.path_for(cache, sources) != snapshot.path_for(cache, only_notes)
    assert len(alone) < len(both) and alone.get("pandas.fillna-zero") is None


def test_a_warm_start_imports_neither_the_compiler_nor_yaml(tmp_path: Path, sources: Sources) -> None:
    """What a warm start costs is mostly imports: it must not pay for markdown-it-py or PyYAML."""
    cache = tmp_path / "cache"
    # the snapshot is stamped with the code's version, which this process computed once, maybe many
    # minutes ago; the child computes it now. A source file that changed meanwhile (a merge into the
    # tree while a long run goes on) would make the child's start cold: both must stamp the same code.
    store.code_fingerprint.cache_clear()
    load_library(sources, cache)
    script = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from notesense.library.sources import Sources, load_library\n"
        "notes, snippets, cache = json.loads(sys.argv[1])\n"
        "from notesense.library import snapshot\n"
        "sources = Sources(notes=[Path(notes)], snippets=[Path(snippets)])\n"
        "known = snapshot.read(Path(cache), sources)  # why a start would not be warm, should it not be\n"
        "why = 'no snapshot' if known is None else '' if known.stamp == snapshot.stamp(snapshot.roots(sources)) else 'stamp'\n"
        "library, _ = load_library(sources, Path(cache))\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('yaml', 'markdown_it'))\n"
        "print(json.dumps([len(library), heavy, why]))\n"
    )
    argument = json.dumps([str(sources.notes[0]), str(sources.snippets[0]), str(cache)])
    env = {**os.environ, "PYTHONPATH": str(SERVER)}
    out = subprocess.run([sys.executable, "-c", script, argument], capture_output=True, text=True, env=env, check=True)
    count, heavy, why = json.loads(out.stdout)
    assert why == "", f"the child's start was not warm: {why}"
    assert count == len(load_library(sources, cache)[0]) and heavy == []


def test_a_read_decodes_only_the_records_a_lookup_asks_for(tmp_path: Path, sources: Sources, monkeypatch) -> None:
    """A warm start answers its first hover before decoding the library: `read` decodes no record,
    a look-up decodes the records filed under the symbols it asks about, and answers as the whole
    library does; `whole` then decodes the rest, keeping the records already made."""
    from notesense.library.model import Snippet

    cache = tmp_path / "cache"
    loaded, _ = load_library(sources, cache)
    made: list[str] = []
    real = Snippet.from_row.__func__

    def counting(cls, row, docs=None):
        made.append(row[0])
        return real(cls, row, docs)

    monkeypatch.setattr(Snippet, "from_row", classmethod(counting))
    read = snapshot.read(cache, sources)
    assert read is not None and made == [] and len(read.library) == len(loaded)
    assert loaded.decoded and not read.library.decoded, "a completion on the loop must wait for the records"
    chunk = read.library.for_symbol("torch.chunk")
    assert [s.id for s in chunk] == [s.id for s in loaded.for_symbol("torch.chunk")] and chunk
    assert sorted(made) == sorted({s.id for s in chunk}), "decoded more than the records asked for"
    decoded = len(made)
    assert read.library.names_something("argwhere") and not read.library.names_something("no_such_name")
    assert len(made) == decoded, "names_something decodes nothing"
    back = snapshot.whole(cache, sources, read)
    assert back is read and read.library.decoded and len(made) == len(loaded)
    assert read.library.snippets == loaded.snippets
    assert read.library.for_symbol("torch.chunk")[0] is chunk[0], "a record decoded early is the library's own"


def test_a_record_that_does_not_decode_discards_the_snapshot(tmp_path: Path, sources: Sources) -> None:
    """A snapshot of the right layout and checksum whose record is of another shape is never half
    used: `whole` discards it and the load is cold, with the right records."""
    cache = tmp_path / "cache"
    loaded, problems = load_library(sources, cache)
    path = snapshot.path_for(cache, sources)
    payload = bytes(store.read_payload(path, snapshot.KIND, store.code_version()))
    rows = snapshot._parts(memoryview(payload))[1]
    first, end = rows.base, rows.base + len(rows[0] and json.dumps(rows[0], ensure_ascii=False, separators=(",", ":")).encode())
    assert payload[first:end + 1].endswith(b"],"), "the first record, then the second's comma"
    wrong = b'"' + b"x" * (end - first - 2) + b'"'  # a string where a record's array was, the same length
    store.write_encoded(path, snapshot.KIND, store.code_version(), payload[:first] + wrong + payload[end:])
    read = snapshot.read(cache, sources)
    assert read is not None, "the layout and checksum are right: the damage shows when the record is decoded"
    assert snapshot.whole(cache, sources, read) is None and not path.exists()
    again, again_problems = load_library(sources, cache)
    assert again.snippets == loaded.snippets and again_problems == problems


def test_decoding_the_rest_of_a_snapshot_gives_way_to_a_request(tmp_path: Path, monkeypatch) -> None:
    """`whole` runs in the loader's thread while the first hovers are answered: between stretches of
    records it waits while a request is unanswered (`yielding`), then decodes them all."""
    import threading

    from notesense.library.index import Library
    from notesense.lsp.foreground import Foreground
    from tests.knowledge.test_index import snip

    library = Library([snip(f"os.{i:04}", ("os.walk",)) for i in range(600)])
    sources = Sources(snippets=[tmp_path / "snippets"], origin="options")
    assert snapshot.write(tmp_path, sources, snapshot.Snapshot({}, library, []))
    read = snapshot.read(tmp_path, sources)
    assert read is not None and not read.library.decoded
    foreground = Foreground()
    foreground.started(5, "textDocument/hover")
    done: list = []
    thread = threading.Thread(target=lambda: done.append(snapshot.whole(tmp_path, sources, read, foreground.pause)), daemon=True)
    thread.start()
    thread.join(0.3)
    assert thread.is_alive() and not read.library.decoded, "it decoded on while the request waited"
    foreground.answered(5)
    thread.join(30)
    assert done == [read] and read.library.decoded
    assert [s.id for s in read.library.snippets] == [s.id for s in library.snippets]


def test_the_snapshot_files_records_as_the_library_does_a_patched_one_too(tmp_path: Path, sources: Sources) -> None:
    """The head's filing is the library's own (`_by_symbol`), symbols in the order a build files them:
    a patched library files a new symbol last, and a stored library answers as the library saved."""
    import dataclasses

    from notesense.library.index import Library

    cache = tmp_path / "cache"
    loaded, _ = load_library(sources, cache)
    chunk = next(s for s in loaded.snippets if "torch.chunk" in s.symbols)
    at = loaded.snippets.index(chunk)
    sibling = dataclasses.replace(chunk, id="tensor-chunk", symbols=("torch.Tensor.chunk", "torch.chunk"))
    patched = Library.updated(loaded, [*loaded.snippets[:at], sibling, *loaded.snippets[at:]], loaded.pitfalls, loaded.order)
    assert patched.reindexed == 1, "patched, not built whole"
    fresh = Library(patched.snippets, patched.pitfalls, patched.order)
    assert list(patched._by_symbol) != list(fresh._by_symbol), "the patch filed the new symbol last"
    assert snapshot.write(cache, sources, snapshot.Snapshot(snapshot.stamp(snapshot.roots(sources)), patched, []))
    read = snapshot.read(cache, sources)
    head = snapshot._parts(store.read_payload(snapshot.path_for(cache, sources), snapshot.KIND, store.code_version()))[0]
    where = {id(s): i for i, s in enumerate(patched.snippets)}
    assert list(head["symbols"]) == list(fresh._by_symbol)
    assert head["symbols"] == {y: [where[id(s)] for s in records] for y, records in patched._by_symbol.items()}
    for symbol in ("torch.chunk", "torch.Tensor.chunk", "numpy.argwhere"):
        assert [s.id for s in read.library.for_symbol(symbol)] == [s.id for s in patched.for_symbol(symbol)], symbol
    assert not read.library.decoded


def test_a_first_hover_from_a_snapshot_decodes_only_its_records(tmp_path: Path, sources: Sources, monkeypatch) -> None:
    """What a warm start's first hover asks of a stored library is answered from the head and the records
    filed under its symbol: never `library.snippets` or any other index, which would decode all of it."""
    from notesense.analysis.document import Document
    from notesense.features.hover import hover

    cache = tmp_path / "cache"
    load_library(sources, cache)
    read = snapshot.read(cache, sources)

    def whole_library(self) -> None:
        raise AssertionError("the whole library was decoded")

    monkeypatch.setattr(snapshot._Stored, "build", whole_library)
    text = "import torch\n\nparts = torch.chunk(x, 2)\nother = torch.no_such_thing(x)\n"
    found = hover(read.library, Document(text), 2, len("parts = torch.ch"))
    assert found is not None and "切块" in found.markdown
    assert hover(read.library, Document(text), 3, len("other = torch.no_")) is None, "no note names it"
    assert not read.library.decoded
