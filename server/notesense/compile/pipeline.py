"""`compile_notes`: find the notes, compile each one (from the cache, in this process or in a pool of
processes), and put the snippets in their final, deterministic order.

Importable without rich or a process pool being started: the language server calls it at start-up
and again on every note change.
"""

from __future__ import annotations

import builtins
import functools
import gc
import multiprocessing
import os
import re
import threading
import time
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from notesense.analysis import public_api
from notesense.collector import collecting_less, freeze_made, sweep
from notesense.compile.build import NoteOutcome, compile_note, number_repeats
from notesense.compile.cache import NoteCache
from notesense.compile.context import LIBRARY_WORDS, PYTHON
from notesense.compile.report import CompileReport
from notesense.compile.writer import check_files, render_library, write_files
from notesense.compile.pitfalls import Known, Negatives, settle
from notesense.library.model import Pitfall, Snippet
from notesense.notes import code as note_code
from notesense.notes.model import Note, NoteError
from notesense.notes.order import reading_order
from notesense.notes.reader import discover, load_note, stat_signature
from notesense.paths import bundled_dir

# Below this many notes to compile, starting worker processes costs more than it saves.
PARALLEL_MIN_NOTES = 40
_CHUNK = 16  # notes per task sent to a worker at most: fewer round trips, still balanced
_TAIL_SHARE = 4  # a task takes at most 1/(this × workers) of the notes still unassigned (`_chunks`)
# A worker's collector: a note's compile allocates hundreds of thousands of short-lived objects (trees,
# scopes, bindings), which the default first-generation threshold (700) answers with a collection every
# few hundred of them, ~6% of a worker's CPU; objects die young here, so few collections find the same.
WORKER_GC_THRESHOLD = (10_000, 20, 20)

Progress = Callable[[int, int, str], None]
_Item = tuple[int, Path, str, "str | None"]  # (index in discovery order, path, display path, cache key)


@dataclass(slots=True)
class CompileResult:
    """Everything one compile produced: the library's snippets and the report about the notes."""

    snippets: list[Snippet] = field(default_factory=list)  # sorted by (context, id)
    report: CompileReport = field(default_factory=CompileReport)
    pitfalls: list[Pitfall] = field(default_factory=list)  # learned rules, sorted by id (disabled ones too)
    roots: list[Path] = field(default_factory=list)  # the folders `source.note` paths are relative to
    order: list[str] = field(default_factory=list)  # the notes (as `source.note` names them) in reading order
    # with a cache: each readable note's entry (cache key, where its records are located, outcome), what a
    # library snapshot keeps so that the next process finds the notes in memory (`cache.prime`)
    cached: list[tuple[str, str, NoteOutcome]] = field(default_factory=list)

    def note_roots(self, out_dir: Path) -> list[str]:
        """The roots as written into the library: relative to `out_dir`, so a checkout can move."""
        out = Path(out_dir).resolve()
        return [Path(os.path.relpath(root.resolve(), out)).as_posix() for root in self.roots]


def compile_one(path: Path, display: str, neighbours: str | None = None) -> NoteOutcome:
    """Read and compile one note; a note that cannot be read, or that trips a compiler bug, comes
    back as an outcome with `unreadable` set so the rest of the run goes on. `neighbours`: the library
    the notes around it are about (`_from_neighbours`), read as the notes folder's name is (`Note.root`)."""
    try:
        note = load_note(path, display)
        if neighbours:
            note.root = neighbours
        outcome = compile_note(note, note_code.clean)
        outcome.lists_calls = _lists_calls(outcome)
        return outcome
    except NoteError as exc:
        return NoteOutcome(display, unreadable=exc.reason)
    except (RecursionError, MemoryError) as exc:
        return NoteOutcome(display, unreadable=f"too deeply nested or too large to compile ({type(exc).__name__})")
    except Exception as exc:  # a compiler bug must cost one note, not the library
        return NoteOutcome(display, unreadable=f"internal compiler error: {type(exc).__name__}: {exc}")


# note path -> (its stat signature when it was last located, its folder, its name, whether it is a symlink)
_LOCATED: dict[str, tuple[tuple[int, int, int, int], str, str, bool]] = {}


def _real_paths(paths: Sequence[Path]) -> list[str]:
    """`os.path.realpath` of each path, each folder resolved once: a note that is no symlink itself is
    its folder's real path plus its name (the server locates every note again on each change). Whether
    a note is a symlink is asked again only when its stat signature (discovery's, `stat_signature`)
    changed: a file that becomes a link, or stops being one, is another file to `stat` (another inode)."""
    folders: dict[str, str] = {}
    out: list[str] = []
    for path in paths:
        key = os.fspath(path)
        signature = stat_signature(key)
        known = _LOCATED.get(key)
        if known is not None and known[0] == signature:
            _signature, folder, name, link = known
        else:
            folder, name = os.path.split(key)
            link = not name or os.path.islink(key)
            if signature is not None:
                _LOCATED[key] = (signature, folder, name, link)
        if link:
            out.append(os.path.realpath(key))
            continue
        real = folders.get(folder)
        if real is None:
            real = folders[folder] = os.path.realpath(folder)
        out.append(os.path.join(real, name))
    return out


def _compile_many(items: list[tuple[Path, str]]) -> list[NoteOutcome]:
    return [compile_one(path, display) for path, display in items]


def _start_worker() -> None:
    """A pool worker's collector: what it inherited (modules, the API tables) is never garbage, so full
    collections leave it alone (`gc.freeze`), and young collections come far less often."""
    gc.freeze()
    gc.set_threshold(*WORKER_GC_THRESHOLD)


def compile_notes(
    paths: Sequence[Path],
    *,
    cache_dir: Path | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
    locate: bool = False,
) -> CompileResult:
    """Compile every note under `paths` into snippets plus a report.

    `jobs`: worker processes (None: all cores when there are enough notes to be worth it; 1: none).
    `cache_dir`: per-note cache, reused in memory within this process and on disk across processes.
    `locate`: each snippet's `source.note` is its note's absolute path (what the server and the CLI
    twins link to) instead of the display path the library files keep.

    Collected as a pool worker is (`WORKER_GC_THRESHOLD`): with the default thresholds a compile's
    collections, the full ones scanning every object of the process, cost 10-25% of its CPU on a busy
    machine, and a recompile that finds every other note in the cache spent half its time in one full
    collection of what the compile before it left (the server's reload holds the collector off anyway).
    """
    with collecting_less(WORKER_GC_THRESHOLD):
        return _compile_notes(paths, cache_dir, jobs, progress, locate)


def _compile_notes(paths: Sequence[Path], cache_dir: Path | None, jobs: int | None, progress: Progress | None,
                   locate: bool) -> CompileResult:
    started = time.perf_counter()
    digests: dict[str, str] = {}
    signatures: dict[str, tuple[int, int]] = {}
    files, errors = discover([Path(p) for p in paths], digests, signatures)
    report = CompileReport(notes_found=len(files) + len(errors))
    report.unreadable.extend((e.path, e.reason) for e in errors)
    cache = NoteCache(cache_dir) if cache_dir is not None else None
    outcomes: list[NoteOutcome | None] = [None] * len(files)
    keys: list[str | None] = [None] * len(files)
    where = _real_paths([path for path, _display in files]) if locate else [""] * len(files)
    todo: list[_Item] = []
    for index, (path, display) in enumerate(files):
        key = None
        if cache is not None:
            key = keys[index] = cache.key_for(path, display, digests.get(str(path)))
            hit = cache.get(key, where[index]) if key else None
            if hit is not None:
                outcomes[index] = hit
                report.notes_cached += 1
                continue
        todo.append((index, path, display, key))
    total = len(files)
    done = report.notes_cached
    freeze_made()  # discovery and the cache look-ups make no cycles: the sweep below need not visit them
    if progress:
        progress(done, total, "")
    for (index, _path, display, key), outcome in _run(todo, jobs):
        if cache is not None and key:
            outcome = cache.put(key, outcome, where[index])
        elif where[index]:
            outcome = outcome.located(where[index])
        outcomes[index] = outcome
        done += 1
        if progress:
            progress(done, total, display)
    _from_neighbours(files, outcomes, keys, cache, where)
    if cache is not None:
        cache.keep_seen()
    finished = [o for o in outcomes if o is not None]
    readable = [o for o in finished if o.unreadable is None]
    roots = [Path(p) if Path(p).is_dir() else Path(p).parent for p in paths]
    learned = [p for o in readable for p in o.pitfalls]
    # the right code rules must stay silent on (the bundled library read for it) only when there are rules
    pitfalls, problems = settle(learned, _negatives(readable, roots) if learned else Negatives([]))
    # what compiling and settling left in cycles, collected before the report and the library-sized
    # lists below are made: a young collection visits every young container and all it holds (the
    # report's entries alone, remade from every note on each reload, cost ~40 ms of a reload to visit)
    sweep()
    _merge_report(finished, report)
    report.pitfalls = len([p for p in pitfalls if p.enabled])
    report.pitfall_problems.extend(problems)
    report.pitfall_problems.sort()
    snippets = _order(readable, reuse=cache is not None)
    per_context: dict[str, int] = {}
    for outcome in readable:  # a reload sums 2,000 notes here: a plain loop, not a Counter.update per note
        for context, count in outcome.contexts.items():
            per_context[context] = per_context.get(context, 0) + count
    report.snippets_per_context = dict(sorted(per_context.items()))
    report.seconds = time.perf_counter() - started
    named = {str(path): where[index] or display for index, (path, display) in enumerate(files)}
    order = [named[path] for path in reading_order([Path(p) for p in paths], named, signatures)]
    cached = [(key, where[index], outcome) for index, (key, outcome) in enumerate(zip(keys, outcomes))
              if key is not None and outcome is not None and outcome.unreadable is None]
    return CompileResult(snippets, report, pitfalls=pitfalls, roots=list(dict.fromkeys(roots)), order=order, cached=cached)


def _library(outcome: NoteOutcome | None) -> str | None:
    """The library a compiled note is about: its records' most common context other than plain Python
    ("" for a note about none; None for one that could not be read)."""
    if outcome is None or outcome.unreadable is not None:
        return None
    named = [(count, context) for context, count in outcome.contexts.items() if context and context != PYTHON]
    return max(named)[1] if named else ""


def _from_neighbours(files: Sequence[tuple[Path, str]], outcomes: list[NoteOutcome | None],
                     keys: list[str | None], cache: NoteCache | None, where: Sequence[str]) -> None:
    """A note that lists calls it could not resolve (`NoteOutcome.lists_calls`) is compiled again as if
    its folder were named after a library, the way a folder `numpy/` names it: the one its own sections
    name (a torch docs page whose examples import nothing), or, where it names none nor imports one
    (`ufuncs/floating.md`: "isfinite( x [, out] ) 判断是不是NaN 和无穷大数据"), the one the notes around it
    are about: the nearest folder up whose notes name a library decides, one library named by two notes
    at least and three in four of them. Cached under the key of a note in a folder so named."""
    libraries = [_library(outcome) for outcome in outcomes]
    votes: dict[str, Counter[str]] = {}
    for (_path, display), library in zip(files, libraries):
        if library:
            for folder in _folders_up(display):
                votes.setdefault(folder, Counter())[library] += 1
    for index, ((path, display), library) in enumerate(zip(files, libraries)):
        if library is None or not outcomes[index].lists_calls:
            continue
        # a note whose sections name a library (a page on torch's schedulers, "### ReduceLROnPlateau") reads
        # its other sections' bare names under it too; one that names none, under its neighbours'
        chosen = library or _made_library(outcomes[index]) or next(
            (top for folder in _folders_up(display) if (counted := votes.get(folder)) for top, count in counted.most_common(1)
             if count >= 2 and count * 4 >= sum(counted.values()) * 3), None)
        if chosen is None or chosen not in LIBRARY_WORDS.values():
            continue
        key = cache.key_for(path, display, root=chosen) if cache is not None and keys[index] else None
        outcome = cache.get(key, where[index]) if key else None
        if outcome is None:
            outcome = compile_one(path, display, chosen)
            if outcome.unreadable is not None:
                continue  # (a compiler bug the plain compile escaped: that one stands)
            if key:
                outcome = cache.put(key, outcome, where[index])
            elif where[index]:
                outcome = outcome.located(where[index])
        outcomes[index], keys[index] = outcome, key


# a line that opens with a call or a signature ("isfinite( x [, out] ) 判断…", "- `zeros(shape)`：…")
_CALL_LINE = re.compile(r"^[\s\-*+>|`]*[A-Za-z_][\w.]*\s*\(", re.M)
# a heading that is a call alone, numbered or assigned ("chunk(n)", "2. y = x.clone()"): a reference
# entry's title, which counts as two lines that open with a call
_CALL_HEADING = re.compile(r"(?:\d+[.、)]\s*)?(?:\w+\s*=\s*)?[A-Za-z_][\w.]*\([^()]*\)")
# a class made by its bare name (`StepLR(optimizer, …)`; no exception, no attribute's)
_CLASS_CALL = re.compile(r"(?<![\w.])([A-Z](?=\w*?[a-z])(?=\w*?[A-Z])\w*)\(")  # `StepLR(`, `SGDClassifier(`; not `Net(`
_CLASS_DEF = re.compile(r"^\s*class\s+(\w+)", re.M)


def _lists_calls(outcome: NoteOutcome) -> bool:
    """Whether a note's records that name nothing hold two lines at least that open with a call (a
    heading that is one counts twice): a reference listing whose library went unsaid, not a note on the
    theory (whose `max` in a formula is no library's function, whatever its neighbours are about); or
    two examples at least that make a class they never import nor define (`scheduler = StepLR(optimizer,
    step_size=10)` on a docs page whose imports went unsaid), or one that makes two (`SGDClassifier(…)`
    searched by `GridSearchCV(…)`)."""
    unnamed = [s for s in outcome.snippets if not s.symbols]
    if not unnamed:
        return False
    lines = sum(len(_CALL_LINE.findall(s.doc)) for s in unnamed if "(" in s.doc)
    titles = sum(bool(s.source.heading and _CALL_HEADING.fullmatch(s.source.heading[-1].strip())) for s in unnamed)
    if lines + 2 * titles >= 2:
        return True
    made = _made_classes(outcome)
    return sum(bool(names) for names in made) >= 2 or any(len(names) >= 2 for names in made)


def _made_classes(outcome: NoteOutcome) -> list[set[str]]:
    """For each record that names nothing, the classes its example makes by a bare name it never
    imports, and the note never defines nor Python builds in (`StepLR(…)`; not `ValueError(…)`)."""
    made = [names for s in outcome.snippets if not s.symbols and "(" in s.code
            and (names := {n for n in _CLASS_CALL.findall(s.code) if not hasattr(builtins, n)})]
    if not made:
        return []
    defined = {name for s in outcome.snippets if "class" in s.code for name in _CLASS_DEF.findall(s.code)}
    return [kept for names in made if (kept := names - defined)]


def _made_library(outcome: NoteOutcome) -> str | None:
    """The one library whose classes a note's examples make without importing them, two at least
    (`SGDClassifier(…)`, `GridSearchCV(…)`: sklearn's), or None."""
    found = [cls for name in set().union(*_made_classes(outcome)) if (cls := public_api.class_named(name))]
    tops = {cls.partition(".")[0] for cls in found}
    return tops.pop() if len(found) >= 2 and len(tops) == 1 else None


def _folders_up(display: str) -> list[str]:
    """The folders a note's display path is in, innermost first, up to the notes folder (`""`)."""
    parts = display.split("/")[:-1]
    return ["/".join(parts[:end]) for end in range(len(parts), -1, -1)]


def _negatives(readable: list[NoteOutcome], roots: Sequence[Path]) -> Negatives:
    """The code learned rules must stay silent on: the notes' right blocks, notesense's examples and its
    bundled notes (runnable and tested; the compiled ones when the bundled notes are what is compiled),
    and for each pitfall the ordinary code of its own note."""
    known = [Known(f"{o.note}:{line}", code) for o in readable for line, code in o.rights]
    examples = bundled_dir("examples")
    known.extend(Known(str(path.name), path.read_text(encoding="utf-8")) for path in sorted(examples.glob("*.py")))
    bundled = bundled_dir("notes").resolve()
    if any(Path(root).resolve() == bundled for root in roots):
        known.extend(Known(f"{s.source.note}:{s.source.line}", s.code) for o in readable for s in o.snippets
                     if s.kind == "python")
        return Negatives(known)
    known.extend(Known(f"{s.source.note}:{s.source.line}", s.code) for s in bundled_snippets() if s.kind == "python")
    # keyed as the pitfalls name their note: a located outcome's records carry the note's absolute path,
    # its `note` the name the report shows (`NoteOutcome.located`)
    own = {o.pitfalls[0].source.note: [Known(f"{o.note}:{s.source.line}", s.code) for s in o.snippets if s.kind == "python"]
           for o in readable if o.pitfalls}
    return Negatives(known, own)


@functools.cache
def bundled_snippets() -> tuple[Snippet, ...]:
    """The bundled library's snippets (read once per process)."""
    from notesense.library.loader import load_dirs

    folder = bundled_dir("snippets")
    return tuple(load_dirs([folder])[0]) if folder.is_dir() else ()


# a note that goes through every step of a compile (reader, cleaning, flow, symbols, explanations)
_WARM_NOTE = ("# pandas\n\nRead a table, then `DataFrame.head` shows its first rows：\n\n"
              "```python\nimport pandas as pd\ndf = pd.read_csv('a.csv')\ndf.head()\n```\n")


@functools.cache  # once per process: what it loads stays loaded
def warm_up() -> None:
    """Make this process ready to compile a note: import the readers' parsers (the reader imports them
    when first asked), fill the API tables and compile the regular expressions a compile loads lazily.
    A compile that runs in a pool does it first, so that forked workers inherit it and the language
    server's first one-note recompile after it (in this process) does not pay ~80 ms for it."""
    from notesense.notes import frontmatter, ipynb, rst  # noqa: F401 - what `load_note` imports when first asked
    from notesense.notes.markdown import parse_sections

    note = Note(path="warm-up.md", sha256="")
    try:
        note.sections = parse_sections(_WARM_NOTE)
        compile_note(note, note_code.clean)
    except Exception:  # noqa: BLE001 - a compiler bug must cost the warm-up, never the compile (as in compile_one)
        return


def _run(todo: list[_Item], jobs: int | None) -> Iterator[tuple[_Item, NoteOutcome]]:
    """Yield (item, outcome) as notes finish: in this process for few notes, else in a pool."""
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if workers <= 1 or len(todo) < PARALLEL_MIN_NOTES:
        for item in todo:  # (collected as a pool worker is: `compile_notes`)
            yield item, compile_one(item[1], item[2])
        return
    warm_up()
    chunks = _chunks(todo, workers)
    # fork is the cheap start, but forking a process that runs other threads (the language server)
    # can deadlock a child on a lock some thread held; such processes get a fork server instead.
    methods = multiprocessing.get_all_start_methods()
    if threading.active_count() == 1 and "fork" in methods:
        method = "fork"
    else:
        method = "forkserver" if "forkserver" in methods else "spawn"
    context = multiprocessing.get_context(method)
    with ProcessPoolExecutor(max_workers=min(workers, len(chunks)), mp_context=context, initializer=_start_worker) as pool:
        futures = {pool.submit(_compile_many, [(p, d) for _, p, d, _ in chunk]): chunk for chunk in chunks}
        for future in as_completed(futures):
            chunk = futures[future]
            try:
                outcomes = future.result()
            except Exception:  # a worker died (killed, out of memory): finish its notes here
                outcomes = [compile_one(path, display) for _, path, display, _ in chunk]
            for item, outcome in zip(chunk, outcomes):
                yield item, outcome


def _chunks(todo: list[_Item], workers: int) -> list[list[_Item]]:
    """The tasks for a pool of `workers`, in order: `_CHUNK` notes each while many remain, then fewer
    and fewer, down to one. Equal chunks leave a core idle at the end for up to a whole chunk's time
    (16 notes, ~0.5 s) while the last one finishes; tapering ones end within about a note of each other."""
    out: list[list[_Item]] = []
    start = 0
    while start < len(todo):
        size = max(1, min(_CHUNK, (len(todo) - start) // (_TAIL_SHARE * workers)))
        out.append(todo[start:start + size])
        start += size
    return out


def _merge_report(outcomes: list[NoteOutcome], report: CompileReport) -> None:
    """Fold per-note report entries into `report` in discovery order (never completion order)."""
    for outcome in outcomes:
        display = outcome.note
        if outcome.unreadable is not None:
            report.unreadable.append((display, outcome.unreadable))
            continue
        report.notes_read += 1
        report.python_blocks += outcome.python_blocks
        if outcome.set_aside:
            report.set_aside.extend((display, line, reason) for line, reason in outcome.set_aside)
        if outcome.parse_errors:
            report.parse_errors.extend((display, line, message) for line, message in outcome.parse_errors)
        if outcome.pitfall_problems:
            report.pitfall_problems.extend((display, line, reason) for line, reason in outcome.pitfall_problems)
        report.note_problems.extend((display, line, reason) for line, reason in outcome.problems)
    report.unreadable.sort()


def _sort_key(snippet: Snippet) -> str:
    # one string sorts several times faster than a (context, id) tuple and orders the same way
    return f"{snippet.context}\0{snippet.id}"


@dataclass(slots=True)
class _Order:
    """The last ordered result, so that a recompile after a few notes changed re-sorts nothing."""

    outcomes: list[NoteOutcome]
    snippets: list[Snippet]
    keys: list[str]


_LAST_ORDER: _Order | None = None
_MAX_INCREMENTAL = 32  # changed notes beyond which a full sort is cheaper than inserting


def _order(readable: list[NoteOutcome], reuse: bool) -> list[Snippet]:
    """All snippets sorted by (context, id). With `reuse` (cached compiles: the language server),
    the previous order is patched: the snippets of notes that changed leave, the new ones are
    inserted by bisection, which keeps a one-note recompile of a large library well under 200 ms."""
    global _LAST_ORDER
    if reuse and _LAST_ORDER is not None:
        patched = _patch(_LAST_ORDER, readable)
        if patched is not None:
            _LAST_ORDER = patched
            return list(patched.snippets)
    snippets = [s for outcome in readable for s in outcome.snippets]
    snippets.sort(key=_sort_key)  # stable: equal ids keep discovery order
    repeated = any(a.id == b.id and a.context == b.context for a, b in zip(snippets, snippets[1:]))
    if repeated:
        # two input folders hold notes with the same relative path: number the later ones
        snippets = number_repeats(snippets)
        snippets.sort(key=_sort_key)
    _LAST_ORDER = _Order(readable, snippets, [_sort_key(s) for s in snippets]) if reuse and not repeated else None
    return list(snippets)


def remember_order(outcomes: Sequence[NoteOutcome], snippets: Sequence[Snippet]) -> None:
    """Take `snippets`, the records of `outcomes` in the order a library snapshot kept them, as the last
    order when this process has none: a restarted server's first recompile then patches it instead of
    sorting every record again. Kept only if sorted as `_order` sorts (no repeated ids)."""
    global _LAST_ORDER
    if _LAST_ORDER is None and snippets:
        keys = [_sort_key(s) for s in snippets]
        if all(map(str.__lt__, keys, keys[1:])):
            _LAST_ORDER = _Order(list(outcomes), list(snippets), keys)


def _patch(previous: _Order, readable: list[NoteOutcome]) -> _Order | None:
    now = {id(o) for o in readable}
    before = {id(o) for o in previous.outcomes}
    removed = [o for o in previous.outcomes if id(o) not in now]
    added = [o for o in readable if id(o) not in before]
    if len(removed) + len(added) > _MAX_INCREMENTAL:
        return None
    keys, snippets = list(previous.keys), list(previous.snippets)
    for outcome in removed:
        for snippet in outcome.snippets:
            at = bisect_left(keys, _sort_key(snippet))
            if at == len(keys) or snippets[at] is not snippet:
                return None
            del keys[at], snippets[at]
    for outcome in added:
        for snippet in outcome.snippets:
            key = _sort_key(snippet)
            at = bisect_left(keys, key)
            if at < len(keys) and keys[at] == key:
                return None  # a repeated id: the full path numbers it
            keys.insert(at, key)
            snippets.insert(at, snippet)
    return _Order(list(readable), snippets, keys)


def write_library(result: CompileResult, out_dir: Path) -> list[Path]:
    """Write `<context>.yaml` files and `schema.json` into `out_dir`; the paths written or removed."""
    return write_files(render_library(result.snippets, result.note_roots(out_dir), result.pitfalls), Path(out_dir))


def check_library(result: CompileResult, out_dir: Path) -> list[str]:
    """What differs between `out_dir` and `result`, one line per file; [] means up to date."""
    return check_files(render_library(result.snippets, result.note_roots(out_dir), result.pitfalls), Path(out_dir))
