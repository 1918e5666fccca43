"""Loading snippet YAML: valid files load, broken files and entries are reported and skipped."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from notesense.library.index import Library


def copy_fixtures(src: Path, dst: Path) -> Path:
    shutil.copytree(src / "snippets", dst / "snippets")
    return dst / "snippets"


def test_loads_all_fixture_files(library: Library) -> None:
    assert library.counts() == {"numpy": 2, "pandas": 5, "python": 1, "torch": 3}
    assert library.contexts == {"numpy", "pandas", "python", "torch"}
    s = library.get("pandas.fillna-zero")
    assert s is not None and s.context == "pandas"
    assert "空值" in s.doc and s.source.line == 12
    assert s.alias_map == {"pd": "pandas"}


def test_broken_yaml_file_is_reported_and_others_load(tmp_path: Path, fixtures_dir: Path) -> None:
    folder = copy_fixtures(fixtures_dir, tmp_path)
    (folder / "numpy.yaml").write_text("version: 1\ncontext: numpy\nsnippets:\n  - id: [unclosed\n", encoding="utf-8")
    lib, problems = Library.load([folder])
    assert len(problems) == 1
    assert problems[0].path.name == "numpy.yaml" and problems[0].entry is None
    assert "invalid YAML" in problems[0].message and "line" in problems[0].message
    assert "numpy" not in lib.contexts
    assert lib.counts()["pandas"] == 5 and lib.counts()["torch"] == 3


def test_bad_entry_names_file_entry_and_field(tmp_path: Path, fixtures_dir: Path) -> None:
    folder = copy_fixtures(fixtures_dir, tmp_path)
    text = (folder / "torch.yaml").read_text(encoding="utf-8")
    text = text.replace("    source: {note: notes/torch.md, line: 15,", "    source: {note: notes/torch.md, line: zero,")
    (folder / "torch.yaml").write_text(text, encoding="utf-8")
    lib, problems = Library.load([folder])
    assert len(problems) == 1
    problem = problems[0]
    assert problem.path.name == "torch.yaml"
    assert problem.entry == "entry torch.softmax-dim"
    assert "source.line" in problem.message
    assert "torch.yaml" in str(problem) and "torch.softmax-dim" in str(problem)
    assert lib.get("torch.softmax-dim") is None
    assert lib.get("torch.chunk") is not None and lib.get("torch.linear-layer") is not None


def test_bad_header_and_entry_without_id(tmp_path: Path, fixtures_dir: Path) -> None:
    folder = copy_fixtures(fixtures_dir, tmp_path)
    (folder / "extra.yaml").write_text("context: 3\nsnippets: []\n", encoding="utf-8")
    (folder / "more.yaml").write_text("version: 1\ncontext: os\nsnippets:\n  - title: no id\n", encoding="utf-8")
    lib, problems = Library.load([folder])
    by_file = {p.path.name: p for p in problems}
    assert "missing required field 'version'" in by_file["extra.yaml"].message
    assert by_file["more.yaml"].entry == "entry #0"
    assert "missing required field 'id'" in by_file["more.yaml"].message
    assert len(lib) == 11


def test_duplicate_ids_keep_the_first(tmp_path: Path, fixtures_dir: Path) -> None:
    folder = copy_fixtures(fixtures_dir, tmp_path)
    shutil.copy(folder / "numpy.yaml", folder / "numpy2.yaml")
    lib, problems = Library.load([folder])
    assert lib.counts()["numpy"] == 2
    assert {p.entry for p in problems} == {"entry numpy.argwhere", "entry numpy.where-replace"}
    assert all("duplicate snippet id" in p.message and p.path.name == "numpy.md" for p in problems)


def test_cache_round_trip_and_invalidation(tmp_path: Path, fixtures_dir: Path) -> None:
    folder = copy_fixtures(fixtures_dir, tmp_path)
    cache = tmp_path / "cache"
    cold, _ = Library.load([folder], cache_dir=cache)
    entries = list((cache / "snippet-files").glob("*.json"))
    assert len(entries) == 4 and all(e.read_bytes().startswith(b"notesense-cache snippet-file ") for e in entries)
    warm, _ = Library.load([folder], cache_dir=cache)
    assert warm.snippets == cold.snippets
    # an edit (new size and mtime) is seen, not served stale from the cache
    path = folder / "python.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("dict.get 默认值", "dict.get 的默认值"), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10_000_000))
    edited, _ = Library.load([folder], cache_dir=cache)
    assert edited.get("python.dict-get").title == "dict.get 的默认值"


def test_cached_problems_are_reported_again(tmp_path: Path, fixtures_dir: Path) -> None:
    folder = copy_fixtures(fixtures_dir, tmp_path)
    (folder / "bad.yaml").write_text("version: 1\ncontext: os\nsnippets:\n  - id: x\n", encoding="utf-8")
    cache = tmp_path / "cache"
    _, first = Library.load([folder], cache_dir=cache)
    _, second = Library.load([folder], cache_dir=cache)
    assert [str(p) for p in first] == [str(p) for p in second] and len(first) == 1
