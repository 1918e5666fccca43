"""The code version every record cache is stamped with: a digest of the source, hashed again only
when a file's stat changed (a start otherwise stats the files: `store.code_fingerprint`)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from notesense import store


@pytest.fixture
def package(tmp_path: Path, monkeypatch) -> Path:
    """A package of two folders of code, and a cache folder of its own."""
    root = tmp_path / "package"
    for name, text in (("rules/a.py", "A = 1\n"), ("rules/deep/b.py", "B = 2\n"), ("rules/names.txt", "x\n"), ("lint/c.py", "C = 3\n")):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    monkeypatch.setattr(store, "_PACKAGE", root)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    store.code_fingerprint.cache_clear()
    yield root
    store.code_fingerprint.cache_clear()


def _fingerprint(monkeypatch, *parts: str) -> tuple[str, list[str]]:
    """A fresh process's fingerprint of `parts`, and the source files it read to make it."""
    store.code_fingerprint.cache_clear()
    read: list[str] = []
    original = Path.read_bytes

    def spy(self: Path) -> bytes:
        if self.suffix in (".py", ".txt"):
            read.append(self.name)
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", spy)
    try:
        return store.code_fingerprint(*parts), read
    finally:
        monkeypatch.setattr(Path, "read_bytes", original)


def _touch(path: Path) -> None:
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))


def test_a_start_hashes_the_source_only_when_a_file_changed(package: Path, monkeypatch) -> None:
    first, read = _fingerprint(monkeypatch, "rules")
    assert sorted(read) == ["a.py", "b.py", "names.txt"]
    again, read = _fingerprint(monkeypatch, "rules")
    assert (again, read) == (first, []), "nothing changed: the files are stat'ed, not read"

    _touch(package / "rules" / "a.py")  # a checkout, a reinstall: the same content
    touched, read = _fingerprint(monkeypatch, "rules")
    assert touched == first and read, "read again, and still the same version"

    (package / "rules" / "deep" / "b.py").write_text("B = 3\n", encoding="utf-8")  # same size, new content
    _touch(package / "rules" / "deep" / "b.py")
    changed, _ = _fingerprint(monkeypatch, "rules")
    assert changed != first
    assert _fingerprint(monkeypatch, "lint")[0] not in (first, changed), "each set of parts has its own"


def test_a_damaged_memo_is_hashed_again(package: Path, monkeypatch) -> None:
    first, _ = _fingerprint(monkeypatch, "rules")
    for memo in (Path(os.environ["XDG_CACHE_HOME"]) / "notesense" / "code").iterdir():
        memo.write_bytes(memo.read_bytes()[:-3])
    again, read = _fingerprint(monkeypatch, "rules")
    assert again == first and read
