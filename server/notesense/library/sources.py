"""Where the notes come from, and turning them into one `Library`.

The order is fixed and the first source that names anything wins: editor settings, then the
workspace's `pyproject.toml`, then `NOTESENSE_NOTES`, else the library bundled with notesense. One
place decides this so the server and the CLI twins always agree on what a user sees.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from notesense.library import snapshot
from notesense.library.index import Library
from notesense.library.loader import find_note, load_dirs
from notesense.library.model import Pitfall, Snippet
from notesense.library.snapshot import Snapshot
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
    """Compile the note paths (several folders merge), load the snippet dirs, and index them together.
    With `cache_dir`, an unchanged library is read back whole from its snapshot (see `refresh`)."""
    known = snapshot.read(cache_dir, sources) if cache_dir is not None else None
    loaded = refresh(sources, cache_dir, known, progress)
    if cache_dir is not None and loaded is not known:
        snapshot.write(cache_dir, sources, loaded)
    return loaded.library, loaded.problems


def refresh(
    sources: Sources,
    cache_dir: Path | None,
    known: Snapshot | None,
    progress: Progress | None = None,
    current: snapshot.Stamp | None = None,
) -> Snapshot:
    """`known` itself when no input file changed since it was taken (`current`: the inputs' stamp, if
    the caller has just taken it), else a new load for the caller to save (`snapshot.write`) once it
    has put it to use. The new load reads unchanged notes and snippet files from their own caches:
    only what changed is compiled or parsed again."""
    current = snapshot.stamp(snapshot.roots(sources)) if current is None else current
    if known is not None and known.stamp == current:
        return known
    library, problems = _load(sources, cache_dir, progress)
    return Snapshot(current, library, problems)


def _load(sources: Sources, cache_dir: Path | None, progress: Progress | None) -> tuple[Library, list[Problem]]:
    problems: list[Problem] = []
    snippets: list[Snippet] = []
    pitfalls: list[Pitfall] = []
    order: list[str] = []
    notes = [p for p in sources.notes if p.exists()]
    problems.extend(Problem(str(p), None, "note path not found") for p in sources.notes if not p.exists())
    if notes:
        compiled, order = _compile(notes, cache_dir, progress, problems, pitfalls)
        snippets.extend(compiled)
    dirs = [d for d in sources.snippets if d.exists()]
    problems.extend(Problem(str(d), None, "snippet directory not found") for d in sources.snippets if not d.exists())
    if dirs:
        loaded, load_problems = load_dirs(dirs, cache_dir, pitfalls)
        problems.extend(Problem(str(p.path), None, f"{p.entry}: {p.message}" if p.entry else p.message) for p in load_problems)
        snippets.extend(loaded)
    library = Library(snippets, pitfalls, order)
    problems.extend(Problem(s.source.note, s.source.line, f"duplicate snippet id {s.id}; the first one is used") for s in library.repeated)
    return library, problems


def _compile(
    notes: Sequence[Path], cache_dir: Path | None, progress: Progress | None, problems: list[Problem],
    pitfalls: list[Pitfall],
) -> tuple[list[Snippet], list[str]]:
    """The notes' records (their learned pitfalls into `pitfalls`) and the notes in reading order."""
    from notesense.compile.pipeline import compile_notes  # the compiler pulls in markdown-it-py

    result = compile_notes(list(notes), cache_dir=cache_dir, progress=progress, locate=True)
    problems.extend(Problem(find_note(path, notes) or path, None, str(reason)) for path, reason in result.report.unreadable)
    pitfalls.extend(result.pitfalls)
    return result.snippets, result.order
