"""Reading `snippets/*.yaml` back into `Snippet` records, one bad file or entry never costing the rest.

A library edited by hand can break in three places: the YAML itself, the file's header, or one entry.
Each becomes a `LoadProblem` naming the file, the entry (id or index) and the field, and everything
else still loads — the user keeps their completions while they fix a typo.
"""

from __future__ import annotations

import hashlib
import marshal
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from notesense.library.model import SchemaError, Snippet, validate_explanation, validate_header, validate_snippet

try:  # the C loader is ~10x faster; the pure-Python one is the same safe subset
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class LoadProblem:
    """A snippet file or entry that could not be loaded; `entry` is None when the whole file failed."""

    path: Path
    entry: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}" if self.entry is None else f"{self.path}: {self.entry}"
        return f"{where}: {self.message}"


def snippet_files(dirs: Sequence[Path]) -> list[Path]:
    """The `*.yaml`/`*.yml` files of each directory (a file may be given directly), sorted, no repeats."""
    seen: set[Path] = set()
    files: list[Path] = []
    for d in dirs:
        d = Path(d)
        found = [d] if d.is_file() else sorted([*d.glob("*.yaml"), *d.glob("*.yml")]) if d.is_dir() else []
        for f in found:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                files.append(f)
    return files


def load_file(path: Path) -> tuple[list[Snippet], list[LoadProblem]]:
    """The valid snippets of one file, and a problem for each invalid part."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return [], [LoadProblem(path, None, f"cannot read: {exc}")]
    return parse_text(text, path)


def parse_text(text: str, path: Path) -> tuple[list[Snippet], list[LoadProblem]]:
    """Parse and validate the YAML text of a snippet file (`path` is only used in problems)."""
    try:
        doc = yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return [], [LoadProblem(path, None, f"invalid YAML{at}: {reason}")]
    try:
        validate_header(doc)
    except SchemaError as exc:
        return [], [LoadProblem(path, None, str(exc))]
    context = doc["context"]
    roots = [path.parent / root for root in doc.get("note_roots") or ()]
    snippets: list[Snippet] = []
    problems: list[LoadProblem] = []
    for key, validate in (("snippets", validate_snippet), ("explanations", validate_explanation)):
        for i, entry in enumerate(doc.get(key) or ()):
            where = f"{key}[{i}]"
            try:
                validate(entry, where)
            except SchemaError as exc:
                ident = entry.get("id") if isinstance(entry, dict) and isinstance(entry.get("id"), str) else None
                label = f"entry {ident}" if ident else f"entry #{i}" if key == "snippets" else f"explanation #{i}"
                problems.append(LoadProblem(path, label, str(exc)))
                continue
            record = Snippet.from_dict(context, entry, explanation=key == "explanations")
            snippets.append(_locate_note(record, roots))
    return snippets, problems


def _locate_note(snippet: Snippet, roots: Sequence[Path]) -> Snippet:
    """Make `source.note` absolute when the note is found under one of the file's note roots, so
    hovers and diagnostics link to the note itself wherever the editor was started."""
    note = snippet.source.note
    if Path(note).is_absolute():
        return snippet
    for root in roots:
        candidate = root / note
        if candidate.is_file():
            return replace(snippet, source=replace(snippet.source, note=str(candidate.resolve())))
    return snippet


def load_dirs(dirs: Sequence[Path], cache_dir: Path | None = None) -> tuple[list[Snippet], list[LoadProblem]]:
    """Every snippet of every file in `dirs`; a repeated id keeps the first and reports the others.

    With `cache_dir`, each file's validated records are kept in a marshal file keyed by the YAML
    file's size and mtime: parsing YAML is the slow part of a start-up (about 1 MB/s here).
    """
    snippets: list[Snippet] = []
    problems: list[LoadProblem] = []
    first_file: dict[str, Path] = {}
    for path in snippet_files(dirs):
        found, bad = _load_cached(path, cache_dir) if cache_dir is not None else load_file(path)
        problems.extend(bad)
        for snippet in found:
            if snippet.id in first_file:
                problems.append(LoadProblem(path, f"entry {snippet.id}", f"duplicate id (already loaded from {first_file[snippet.id]})"))
                continue
            first_file[snippet.id] = path
            snippets.append(snippet)
    return snippets, problems


_CACHE_FORMAT = 2


def _load_cached(path: Path, cache_dir: Path) -> tuple[list[Snippet], list[LoadProblem]]:
    try:
        st = path.stat()
    except OSError as exc:
        return [], [LoadProblem(path, None, f"cannot read: {exc}")]
    resolved = str(path.resolve())
    stamp = (_CACHE_FORMAT, resolved, st.st_size, st.st_mtime_ns)
    cache = cache_dir / "library" / (hashlib.sha1(resolved.encode()).hexdigest()[:20] + ".marshal")
    try:
        stored_stamp, rows, bad = marshal.loads(cache.read_bytes())
        if tuple(stored_stamp) == stamp:
            return [Snippet.from_row(r) for r in rows], [LoadProblem(path, e, m) for e, m in bad]
    except (OSError, EOFError, ValueError, TypeError):
        pass
    snippets, problems = load_file(path)
    payload = (stamp, [s.to_row() for s in snippets], [(p.entry, p.message) for p in problems])
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps(payload))
        os.replace(tmp, cache)
    except OSError:
        pass  # a read-only cache only costs speed
    return snippets, problems
