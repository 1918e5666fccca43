"""Where the notes come from, and turning them into one `Library`.

The order is fixed and the first source that names anything wins: editor settings, then the
`pyproject.toml` of every workspace folder (merged), then `NOTESENSE_NOTES`, else the library bundled with notesense. One
place decides this so the server and the CLI twins always agree on what a user sees.

A workspace is somebody else's until the user trusts it: its `pyproject.toml` is read only when
`trusted` (VS Code says whether it is; other clients and the CLI trust and log what they compile).
Whatever names them, the filesystem root, the home folder (and what holds it) and folders over the
size limits are refused with one message naming the setting, so no setting can aim notesense at a
whole disk.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from notesense.collector import paused
from notesense.files import Unreadable, read_regular, real_path
from notesense.i18n import Language, cli_language, reason
from notesense.library import snapshot
from notesense.library.index import Library
from notesense.library.loader import find_note, load_dirs
from notesense.library.model import Pitfall, Snippet
from notesense.library.snapshot import Snapshot
from notesense.paths import bundled_dir

ENV_NOTES = "NOTESENSE_NOTES"

Progress = Callable[..., None]
UNTRUSTED = ("this workspace is not trusted, so the notes named in [tool.notesense] are not read; "
             "trust the workspace to use them")


@dataclass(frozen=True, slots=True)
class Problem:
    """Something in the notes or the library that could not be used; the rest still is."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return self.shown(None)

    def shown(self, lang: Language | None) -> str:
        """`path[:line]: message`, the message in `lang` (`i18n.reason`)."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {reason(lang, self.message)}"


@dataclass(frozen=True, slots=True)
class Limits:
    """How much a note or snippet folder may hold before it is refused (`notesense.limits`)."""

    notes: int = 20_000
    megabytes: int = 500

    @classmethod
    def parse(cls, value: Any) -> Limits:
        """`{"notes": N, "megabytes": M}`; a missing or non-positive number keeps its default."""
        value = value if isinstance(value, Mapping) else {}
        pick = {k: v for k in ("notes", "megabytes") if isinstance(v := value.get(k), int) and not isinstance(v, bool) and v > 0}
        return cls(**pick)


@dataclass(frozen=True, slots=True)
class Sources:
    """Note paths to compile, snippet directories to load, which source named them, and the paths
    that source named but notesense refused (with the reason, shown to the user)."""

    notes: list[Path] = field(default_factory=list)
    snippets: list[Path] = field(default_factory=list)
    origin: str = "bundled"  # options | cli | pyproject | env | bundled
    refused: tuple[Problem, ...] = ()

    def describe(self) -> str:
        """One line for a log: where the notes come from."""
        names = ", ".join(str(p) for p in (*self.notes, *self.snippets)) or "nothing"
        return f"notes from {_ORIGIN_NAMES.get(self.origin, self.origin)}: {names}"


_ORIGIN_NAMES = {
    "options": "the editor settings",
    "cli": "the command line",
    "pyproject": "[tool.notesense] in pyproject.toml",
    "env": ENV_NOTES,
    "bundled": "the library bundled with notesense",
}
_SETTING = {  # what to change, per origin and key, named in every refusal
    ("options", "notes"): "the `notesense.notes` setting",
    ("options", "snippets"): "the `notesense.snippets` setting",
    ("cli", "notes"): "--notes",
    ("cli", "snippets"): "--snippets",
    ("pyproject", "notes"): "`notes` in [tool.notesense] of pyproject.toml",
    ("pyproject", "snippets"): "`snippets` in [tool.notesense] of pyproject.toml",
    ("env", "notes"): f"the {ENV_NOTES} environment variable",
}


def resolve_sources(
    root: Path | None,
    options: Mapping[str, Any] | None,
    *,
    trusted: bool = True,
    origin: str = "options",
    folders: Sequence[Path] = (),
) -> Sources:
    """The first of: `options` (settings, or the command line with origin="cli"), `[tool.notesense]`
    in the pyproject.toml of `root` and of the other workspace `folders` (merged, each folder's
    relative paths from that folder; only when `trusted`), `$NOTESENSE_NOTES`, the bundled snippets.
    Relative paths of `options` are taken from `root` (or the current directory); the paths are then
    checked (`Limits` from `options["limits"]`, else the first trusted pyproject's)."""
    base = Path(root) if root is not None else Path.cwd()
    refused: list[Problem] = []
    tables: list[tuple[dict[str, Any], Path]] = []
    for pyproject in pyprojects(root, folders):
        table = _pyproject_table(pyproject)
        if table and not trusted:
            if _strings(table.get("notes")) or _strings(table.get("snippets")):
                refused.append(Problem(str(pyproject), None, UNTRUSTED))
        elif table:
            tables.append((table, pyproject.parent))
    pyproject_limits = next((table["limits"] for table, _ in tables if "limits" in table), None)
    limits = Limits.parse((options or {}).get("limits") or pyproject_limits)
    if options and (found := _from_mapping(options, base, origin, limits, refused)):
        return found
    named = [found for table, folder in tables if (found := _from_mapping(table, folder, "pyproject", limits, refused))]
    if named:
        return Sources(
            notes=list(dict.fromkeys(p for s in named for p in s.notes)),
            snippets=list(dict.fromkeys(p for s in named for p in s.snippets)),
            origin="pyproject",
            refused=tuple(refused),
        )
    env = os.environ.get(ENV_NOTES, "").strip()
    if env:
        found = _from_mapping({"notes": [p for p in env.split(os.pathsep) if p.strip()]}, base, "env", limits, refused)
        if found:
            return found
    return Sources(notes=[], snippets=[bundled_dir("snippets")], origin="bundled", refused=tuple(refused))


def pyprojects(root: Path | None, folders: Sequence[Path] = ()) -> list[Path]:
    """The pyproject.toml files whose `[tool.notesense]` counts: the root's, then each other workspace
    folder's (present or not: the server watches for them to appear)."""
    found = [Path(root)] if root is not None else []
    return [folder / "pyproject.toml" for folder in dict.fromkeys([*found, *map(Path, folders)])]


def _from_mapping(value: Mapping[str, Any], base: Path, origin: str, limits: Limits, refused: list[Problem]) -> Sources | None:
    """The paths a source names that pass the checks; None when none do (the next source is asked;
    each refused path is in `refused`, with the setting to change)."""
    paths: dict[str, list[Path]] = {"notes": [], "snippets": []}
    for key, kept in paths.items():
        for text in _strings(value.get(key)):
            try:
                path = _path(text, base)
                _check_root(path, limits)
            except ValueError as exc:
                setting = _SETTING.get((origin, key), f"`{key}`")
                refused.append(Problem(text.strip(), None, f"{exc}; not read (change {setting})"))
                continue
            kept.append(path)
    if not paths["notes"] and not paths["snippets"]:
        return None
    return Sources(notes=paths["notes"], snippets=paths["snippets"], origin=origin, refused=tuple(refused))


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, (list, tuple)):
        return [v for v in value if isinstance(v, str) and v.strip()]
    return []


_VARIABLE = re.compile(r"\$(\w+|\{([^}]*)\})")


def _path(text: str, base: Path) -> Path:
    """A path as written in a setting: `~` is the home folder, `$VAR`/`${VAR}` an environment
    variable (an unset one is an error, not a folder named `$VAR`), relative paths (`../notes`
    too) start at `base`; `..` is resolved so messages and watchers show the real folder."""
    text = text.strip()
    for match in _VARIABLE.finditer(text):
        name = match.group(2) if match.group(2) is not None else match.group(1)
        if name not in os.environ:
            raise ValueError(f"uses ${name}, which is not set")
    path = Path(os.path.expandvars(os.path.expanduser(text)))
    return Path(os.path.normpath(path if path.is_absolute() else base / path))


def _check_root(path: Path, limits: Limits) -> None:
    """Raise ValueError (the reason) for a folder notesense must not read: the filesystem root, the
    home folder or a folder holding it, or one over `limits`. Symlinks are followed first."""
    try:
        real = real_path(path)
    except Unreadable as exc:
        raise ValueError(exc.reason) from None
    if real == Path(real.anchor):
        raise ValueError("is the root of the filesystem")
    home = Path.home().resolve()
    if real == home:
        raise ValueError("is your whole home folder")
    if home.is_relative_to(real):
        raise ValueError(f"holds your home folder ({home})")
    if real.is_dir():
        _check_size(real, limits)


def _check_size(folder: Path, limits: Limits) -> None:
    """Count the note files under `folder` (as the compiler finds them), stopping at the limit."""
    from notesense.notes.reader import walk_notes

    count = size = 0
    budget = limits.megabytes * 1024 * 1024
    for _display, file in walk_notes(folder, []):
        count += 1
        try:
            size += os.stat(file).st_size
        except OSError:
            pass
        if count > limits.notes:
            raise ValueError(f"holds more than {limits.notes:,} notes (the limit, `notesense.limits.notes`)")
        if size > budget:
            raise ValueError(f"holds more than {limits.megabytes:,} MB of notes (the limit, `notesense.limits.megabytes`)")


def _pyproject_table(path: Path) -> dict[str, Any] | None:
    """`[tool.notesense]` of a pyproject.toml; None when absent or unreadable (a broken file is not ours)."""
    try:
        import tomllib
    except ImportError:  # Python 3.10
        try:
            import tomli as tomllib  # type: ignore[no-redef]
        except ImportError:
            return None
    try:
        data = tomllib.loads(read_regular(path, 1024 * 1024)[0].decode("utf-8"))
    except (Unreadable, UnicodeDecodeError, ValueError):
        return None
    table = data.get("tool", {}).get("notesense")
    return table if isinstance(table, dict) else None


def load_library(sources: Sources, cache_dir: Path | None, progress: Progress | None = None) -> tuple[Library, list[Problem]]:
    """Compile the note paths (several folders merge), load the snippet dirs, and index them together.
    With `cache_dir`, an unchanged library is read back whole from its snapshot (see `refresh`). The
    problems start with the paths the sources refused (not part of a snapshot: they depend on trust
    and settings, not on files)."""
    known = snapshot.read(cache_dir, sources) if cache_dir is not None else None
    loaded = refresh(sources, cache_dir, known, progress)
    if cache_dir is not None and loaded is not known:
        snapshot.write(cache_dir, sources, loaded)
    return loaded.library, [*sources.refused, *loaded.problems]


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
    if known is not None and cache_dir is not None:
        known = snapshot.whole(cache_dir, sources, known)  # a record that does not decode: loaded as if cold
    if known is not None and known.stamp == current:
        return known
    if known is None:
        library, problems, notes = _load(sources, cache_dir, progress)
        return Snapshot(current, library, problems, notes)
    if known.notes and cache_dir is not None:
        snapshot.prime(known)  # after a warm start: the unchanged notes are the snapshot's
    # A reload is passes over the library (discovery, order, index patch) making long-lived objects,
    # none of them garbage: the cycle collector would scan the whole library again and again meanwhile
    # (over a third of a one-note reload of 64,000 records), so it is paused (`collector`).
    with paused():
        library, problems, notes = _load(sources, cache_dir, progress, known.library)
    return Snapshot(current, library, problems, notes)


def _load(sources: Sources, cache_dir: Path | None, progress: Progress | None,
          previous: Library | None = None) -> tuple[Library, list[Problem], list[Any]]:
    """Compile and load `sources`; the index is `previous` patched where that is the same (`Library.updated`).
    Also the compiled notes' cache entries (`Snapshot.notes`)."""
    problems: list[Problem] = []
    notes_cached: list[Any] = []
    snippets: list[Snippet] = []
    pitfalls: list[Pitfall] = []
    order: list[str] = []
    notes = [p for p in sources.notes if p.exists()]
    problems.extend(Problem(str(p), None, "note path not found") for p in sources.notes if not p.exists())
    if notes:
        compiled, order, notes_cached = _compile(notes, cache_dir, progress, problems, pitfalls)
        snippets.extend(compiled)  # `compile_notes` swept what compiling left in cycles (a paused reload freezes)
    dirs = [d for d in sources.snippets if d.exists()]
    problems.extend(Problem(str(d), None, "snippet directory not found") for d in sources.snippets if not d.exists())
    if dirs:
        loaded, load_problems = load_dirs(dirs, cache_dir, pitfalls)
        problems.extend(Problem(str(p.path), None, f"{p.entry}: {p.message}" if p.entry else p.message) for p in load_problems)
        snippets.extend(loaded)
    library = Library.updated(previous, snippets, pitfalls, order)
    problems.extend(Problem(s.source.note, s.source.line, f"duplicate snippet id {s.id}; the first one is used") for s in library.repeated)
    return library, problems, notes_cached


def _compile(
    notes: Sequence[Path], cache_dir: Path | None, progress: Progress | None, problems: list[Problem],
    pitfalls: list[Pitfall],
) -> tuple[list[Snippet], list[str], list[Any]]:
    """The notes' records (their learned pitfalls into `pitfalls`), the notes in reading order, and
    the notes' cache entries (with a `cache_dir`)."""
    from notesense.compile.pipeline import compile_notes  # the compiler pulls in markdown-it-py

    result = compile_notes(list(notes), cache_dir=cache_dir, progress=progress, locate=True)
    problems.extend(Problem(find_note(path, notes) or path, None, str(reason)) for path, reason in result.report.unreadable)
    problems.extend(Problem(find_note(path, notes) or path, line, reason) for path, line, reason in result.report.note_problems)
    pitfalls.extend(result.pitfalls)
    return result.snippets, result.order, list(result.cached)


def load_for_cli(notes: Sequence[str], snippets: Sequence[str], bundled: bool = True) -> Library | None:
    """The library a CLI twin (hover, complete, search, export) answers from: `--notes`/`--snippets`,
    else what the current folder's pyproject.toml or the environment names — a shell trusts the
    folder it runs in, and says on stderr what it compiles and what it could not use. Without
    `bundled`, None when nothing names notes (`lint` has the bundled notes' rules built in)."""
    import sys

    from notesense.paths import cache_dir

    sources = resolve_sources(Path.cwd(), {"notes": list(notes), "snippets": list(snippets)}, origin="cli")
    if sources.origin == "bundled" and not bundled:
        return None
    if sources.origin in ("pyproject", "env"):
        print(f"notesense: {sources.describe()}", file=sys.stderr)
    library, problems = load_library(sources, cache_dir())
    lang = cli_language(None)  # the terminal's language, as `doctor` speaks it
    for problem in problems:
        print(f"notesense: {problem.shown(lang)}", file=sys.stderr)
    return library
