"""Reading `snippets/*.yaml` back into `Snippet` records, one bad file or entry never costing the rest.

A library edited by hand can break in three places: the YAML itself, the file's header, or one entry.
Each becomes a `LoadProblem` naming the file, the entry (id or index) and the field, and everything
else still loads — the user keeps their completions while they fix a typo.

Parsing YAML is the slow part of loading a library (about 1 MB/s with PyYAML's pure-Python loader),
so with a cache folder each file's validated records are kept as a `notesense.store` file, keyed by
the YAML file's absolute path, size and mtime.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from notesense import store
from notesense.files import Unreadable, read_regular, real_path
from notesense.library.model import (
    Pitfall,
    SchemaError,
    Snippet,
    validate_explanation,
    validate_header,
    validate_pitfall,
    validate_snippet,
)
from notesense.paths import project_key
from notesense.yielding import point

KIND = "snippet-file"


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
            try:
                key = real_path(f)
            except Unreadable:  # a symlink loop: kept, so that loading it reports it
                key = f
            if key not in seen:
                seen.add(key)
                files.append(f)
    return files


def find_note(note: str, roots: Sequence[Path]) -> str | None:
    """The absolute path of `note` (a path as the compiler wrote it, relative to one of `roots`; a root
    may be the note file itself), or None when it is on none of them. Links point at what this finds."""
    if Path(note).is_absolute():
        return note
    for root in roots:
        candidate = root if root.name == note and root.is_file() else root / note
        if candidate.is_file():
            return str(candidate.resolve())
    return None


def load_file(path: Path, pitfalls: list[Pitfall] | None = None) -> tuple[list[Snippet], list[LoadProblem]]:
    """The valid snippets of one file, and a problem for each invalid part (its valid pitfalls are
    added to `pitfalls` when given)."""
    try:
        text = read_regular(path)[0].decode("utf-8-sig")
    except Unreadable as exc:
        return [], [LoadProblem(path, None, exc.reason)]
    except UnicodeDecodeError as exc:
        return [], [LoadProblem(path, None, f"cannot read: {exc}")]
    return parse_text(text, path, pitfalls)


def parse_text(text: str, path: Path, pitfalls: list[Pitfall] | None = None) -> tuple[list[Snippet], list[LoadProblem]]:
    """Parse and validate the YAML text of a snippet file (`path` is only used in problems); the file's
    learned pitfalls go to `pitfalls` when given."""
    from notesense import yamlsafe  # imported on first use: a warm start never parses YAML

    try:
        doc = yamlsafe.load(text)
    except yamlsafe.YAMLError as exc:
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
    located: dict[str, str | None] = {}  # each note looked up once, however many snippets it has
    snippets: list[Snippet] = []
    problems: list[LoadProblem] = []
    def keep_pitfall(entry: dict[str, Any]) -> None:
        if pitfalls is not None:
            pitfalls.append(Pitfall.from_dict(context, entry))

    kinds = (  # (key, check, what a problem calls an entry with an id / without one, keep)
        ("snippets", validate_snippet, "entry", "entry", lambda e: snippets.append(Snippet.from_dict(context, e))),
        ("explanations", validate_explanation, "entry", "explanation",
         lambda e: snippets.append(Snippet.from_dict(context, e, explanation=True))),
        ("pitfalls", validate_pitfall, "pitfall", "pitfall", keep_pitfall),
    )
    for key, validate, named, unnamed, keep in kinds:
        for i, entry in enumerate(doc.get(key) or ()):
            try:
                validate(entry, f"{key}[{i}]")
            except SchemaError as exc:
                ident = entry.get("id") if isinstance(entry, dict) and isinstance(entry.get("id"), str) else None
                problems.append(LoadProblem(path, f"{named} {ident}" if ident else f"{unnamed} #{i}", str(exc)))
                continue
            note = entry["source"]["note"]
            if note not in located:
                located[note] = find_note(note, roots)
            if located[note] is not None:
                entry["source"]["note"] = located[note]
            keep(entry)
    return snippets, problems


def load_dirs(
    dirs: Sequence[Path], cache_dir: Path | None = None, pitfalls: list[Pitfall] | None = None
) -> tuple[list[Snippet], list[LoadProblem]]:
    """Every snippet of every file in `dirs`, in file order (the `Library` keeps the first of a
    repeated id), and the problems; the files' pitfalls go to `pitfalls` when given. With `cache_dir`,
    unchanged files are read from their cache."""
    snippets: list[Snippet] = []
    problems: list[LoadProblem] = []
    for path in snippet_files(dirs):
        point()  # in the server's lint, the first read of the bundled pitfalls lets requests go first
        found, bad = _load_cached(path, cache_dir, pitfalls) if cache_dir is not None else load_file(path, pitfalls)
        snippets.extend(found)
        problems.extend(bad)
    return snippets, problems


def _load_cached(path: Path, cache_dir: Path, pitfalls: list[Pitfall] | None) -> tuple[list[Snippet], list[LoadProblem]]:
    try:
        resolved = real_path(path)
        st = resolved.stat()
    except Unreadable as exc:
        return [], [LoadProblem(path, None, exc.reason)]
    except OSError as exc:
        return [], [LoadProblem(path, None, f"cannot read: {exc}")]
    stamp = [str(resolved), st.st_size, st.st_mtime_ns]
    cache = Path(cache_dir) / "snippet-files" / f"{project_key(resolved)}.json"
    data = store.read(cache, KIND, store.code_version())
    if isinstance(data, dict) and data.get("stamp") == stamp:
        try:
            learned = [Pitfall.from_row(r) for r in data["pitfalls"]]
            found = [Snippet.from_row(r) for r in data["rows"]], [LoadProblem(path, e, m) for e, m in data["problems"]]
        except (TypeError, ValueError, KeyError):
            store.discard(cache)
        else:
            if pitfalls is not None:
                pitfalls.extend(learned)
            return found
    learned = []
    snippets, problems = load_file(path, learned)
    if pitfalls is not None:
        pitfalls.extend(learned)
    rows = [s.to_row() for s in snippets]
    store.write(cache, KIND, store.code_version(), {"stamp": stamp, "rows": rows, "pitfalls": [p.to_row() for p in learned],
                                                    "problems": [[p.entry, p.message] for p in problems]})
    return snippets, problems
