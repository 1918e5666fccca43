"""Where the notes come from, and turning them into one `Library`.

The order is fixed and the first source that names anything wins: editor settings, then the
workspace's `pyproject.toml`, then `NOTESENSE_NOTES`, else the library bundled with notesense. One
place decides this so the server and the CLI twins always agree on what a user sees.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from notesense.library.index import Library
from notesense.library.model import Pitfall, Snippet
from notesense.paths import bundled_dir

ENV_NOTES = "NOTESENSE_NOTES"

Progress = Callable[..., None]


@dataclass(frozen=True, slots=True)
class Sources:
    """Note paths to compile, snippet directories to load, and which source named them."""

    notes: list[Path] = field(default_factory=list)
    snippets: list[Path] = field(default_factory=list)
    origin: str = "bundled"  # options | pyproject | env | bundled


@dataclass(frozen=True, slots=True)
class Problem:
    """Something in the notes or the library that could not be used; the rest still is."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


def resolve_sources(root: Path | None, options: Mapping[str, Any] | None) -> Sources:
    """The first of: `options` (settings), `[tool.notesense]` in root/pyproject.toml, `$NOTESENSE_NOTES`,
    the bundled snippets. Relative paths are taken from `root` (or the current directory)."""
    base = Path(root) if root is not None else Path.cwd()
    if options:
        found = _from_mapping(options, base, "options")
        if found:
            return found
    if root is not None:
        table = _pyproject_table(Path(root) / "pyproject.toml")
        found = _from_mapping(table, base, "pyproject") if table else None
        if found:
            return found
    env = os.environ.get(ENV_NOTES, "").strip()
    if env:
        notes = [_path(p, base) for p in env.split(os.pathsep) if p.strip()]
        if notes:
            return Sources(notes=notes, snippets=[], origin="env")
    return Sources(notes=[], snippets=[bundled_dir("snippets")], origin="bundled")


def _from_mapping(value: Mapping[str, Any], base: Path, origin: str) -> Sources | None:
    notes = [_path(p, base) for p in _strings(value.get("notes"))]
    snippets = [_path(p, base) for p in _strings(value.get("snippets"))]
    return Sources(notes=notes, snippets=snippets, origin=origin) if notes or snippets else None


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, (list, tuple)):
        return [v for v in value if isinstance(v, str) and v.strip()]
    return []


def _path(text: str, base: Path) -> Path:
    path = Path(os.path.expandvars(os.path.expanduser(text.strip())))
    return path if path.is_absolute() else base / path


def _pyproject_table(path: Path) -> dict[str, Any] | None:
    """`[tool.notesense]` of a pyproject.toml; None when absent or unreadable (a broken file is not ours)."""
    if not path.is_file():
        return None
    try:
        import tomllib
    except ImportError:  # Python 3.10
        try:
            import tomli as tomllib  # type: ignore[no-redef]
        except ImportError:
            return None
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    table = data.get("tool", {}).get("notesense")
    return table if isinstance(table, dict) else None


def load_library(sources: Sources, cache_dir: Path | None, progress: Progress | None = None) -> tuple[Library, list[Problem]]:
    """Compile the note paths (several folders merge), load the snippet dirs, and index them together."""
    problems: list[Problem] = []
    snippets: list[Snippet] = []
    pitfalls: list[Pitfall] = []
    notes = [p for p in sources.notes if p.exists()]
    problems.extend(Problem(str(p), None, "note path not found") for p in sources.notes if not p.exists())
    if notes:
        snippets.extend(_compile(notes, cache_dir, progress, problems, pitfalls))
    dirs = [d for d in sources.snippets if d.exists()]
    problems.extend(Problem(str(d), None, "snippet directory not found") for d in sources.snippets if not d.exists())
    if dirs:
        loaded, load_problems = Library.load(dirs, cache_dir=cache_dir)
        problems.extend(Problem(str(p.path), None, f"{p.entry}: {p.message}" if p.entry else p.message) for p in load_problems)
        snippets.extend(loaded.snippets)
        pitfalls.extend(loaded.pitfalls)
    return _merge(snippets, pitfalls, problems), problems


def _compile(
    notes: Sequence[Path], cache_dir: Path | None, progress: Progress | None, problems: list[Problem],
    pitfalls: list[Pitfall],
) -> list[Snippet]:
    from notesense.compile.pipeline import compile_notes  # the compiler pulls in markdown-it-py

    result = compile_notes(list(notes), cache_dir=cache_dir, progress=progress)
    problems.extend(Problem(str(_absolute(path, notes)), None, str(reason)) for path, reason in result.report.unreadable)
    pitfalls.extend(_absolute_note(p, notes) for p in result.pitfalls)
    return [_absolute_note(s, notes) for s in result.snippets]


_Record = TypeVar("_Record", Snippet, Pitfall)


def _absolute_note(snippet: _Record, roots: Sequence[Path]) -> _Record:
    """The compiler names a note relative to the folder it was given; hovers link to the file itself."""
    path = _absolute(snippet.source.note, roots)
    if str(path) == snippet.source.note:
        return snippet
    return replace(snippet, source=replace(snippet.source, note=str(path)))


def _absolute(note: str, roots: Sequence[Path]) -> Path | str:
    """A note's display path (relative to the folder given, or a file's name) as an absolute path."""
    if Path(note).is_absolute():
        return note
    for root in roots:
        candidate = root if root.is_file() and root.name == note else root / note
        if candidate.exists():
            return candidate.resolve()
    return note


def _merge(snippets: list[Snippet], pitfalls: list[Pitfall], problems: list[Problem]) -> Library:
    """One library; an id that appears twice (the same note in two folders) keeps the first."""
    seen: set[str] = set()
    unique: list[Snippet] = []
    for s in snippets:
        if s.id in seen:
            problems.append(Problem(s.source.note, s.source.line, f"duplicate snippet id {s.id}; the first one is used"))
        else:
            seen.add(s.id)
            unique.append(s)
    learned: dict[str, Pitfall] = {}
    for pitfall in pitfalls:  # the same pitfall learned from two notes is one rule: the first note names it
        learned.setdefault(pitfall.id, pitfall)
    return Library(unique, list(learned.values()))
