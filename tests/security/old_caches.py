"""Where and how notesense up to round 1 kept executable caches — the places an attacker would plant
a file — and a payload that proves it ran. Their algorithms are copied here on purpose: the code
that computed these names is gone, and the tests must keep planting exactly where it looked."""

from __future__ import annotations

import hashlib
from pathlib import Path

import notesense
from notesense import __version__

PACKAGE = Path(notesense.__file__).resolve().parent


class Planted:
    """Unpickling this creates `marker`: proof that a pickle ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def old_compile_key(data: bytes, display: str) -> str:
    """The per-note compile cache's file name (`<cache>/<key[:2]>/<key>.pickle`)."""
    digest = hashlib.sha256(b"1")
    for source in [*sorted((PACKAGE / "notes").glob("*.py")), *sorted((PACKAGE / "compile").glob("*.py")),
                   PACKAGE / "analysis" / "imports.py", PACKAGE / "library" / "model.py"]:
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    key = hashlib.sha256(f"{digest.hexdigest()[:16]}\0{display}\0".encode())
    key.update(data)
    return key.hexdigest()


def old_lint_cache_names() -> list[str]:
    """The lint cache's file names (`results-<key>.pickle` in `.notesense-cache/` of the working
    folder, or in `$XDG_CACHE_HOME/notesense/lint/`), no select/ignore, under each key formula the
    pickle era used: (version, rules), then with the learned rule set, the results format, or both."""
    rules = hashlib.blake2b(digest_size=12)
    for path in sorted((PACKAGE / "rules").glob("*.py")):
        rules.update(path.name.encode())
        rules.update(path.read_bytes())
    fingerprint = rules.hexdigest()
    from notesense.lint.runner import Options

    learned = getattr(Options(), "learned_key", None)  # the bundled learned rules, named as this package names them
    formats = [(__version__, fingerprint, None, []), (__version__, fingerprint, learned, None, []),
               (__version__, 2, fingerprint, None, []), (__version__, 2, fingerprint, learned, None, [])]
    return [f"results-{hashlib.blake2b(repr(key).encode(), digest_size=10).hexdigest()}.pickle" for key in formats]


def old_marshal_name(yaml_file: Path) -> str:
    """The snippet-file cache's name (`<cache>/library/<name>`) and, with `old_marshal_stamp`, its key."""
    return hashlib.sha1(str(yaml_file.resolve()).encode()).hexdigest()[:20] + ".marshal"


def old_marshal_stamp(yaml_file: Path) -> tuple:
    resolved = yaml_file.resolve()
    st = resolved.stat()
    return (1, str(resolved), st.st_size, st.st_mtime_ns)
