"""`compile_notes`: find the notes, compile each one (from the cache, in this process or in a pool of
processes), and put the snippets in their final, deterministic order.

Importable without rich or a process pool being started: the language server calls it at start-up
and again on every note change.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path

from notesense.compile.build import NoteOutcome, compile_note
from notesense.compile.cache import NoteCache, cache_key
from notesense.compile.report import CompileReport
from notesense.compile.writer import check_files, render_library, write_files
from notesense.library.model import Snippet
from notesense.notes import code as note_code
from notesense.notes.model import NoteError
from notesense.notes.reader import discover, load_note

# Below this many notes to compile, starting worker processes costs more than it saves.
PARALLEL_MIN_NOTES = 40
_CHUNK = 16  # notes per task sent to a worker: fewer round trips, still balanced

Progress = Callable[[int, int, str], None]


@dataclass(slots=True)
class CompileResult:
    snippets: list[Snippet] = field(default_factory=list)  # sorted by (context, id)
    report: CompileReport = field(default_factory=CompileReport)


def compile_one(path: Path, display: str) -> NoteOutcome:
    """Read and compile one note; a note that cannot be read, or that trips a compiler bug, comes
    back as an outcome with `unreadable` set so the rest of the run goes on."""
    try:
        return compile_note(load_note(path, display), note_code.clean)
    except NoteError as exc:
        return NoteOutcome(display, unreadable=exc.reason)
    except (RecursionError, MemoryError) as exc:
        return NoteOutcome(display, unreadable=f"too deeply nested or too large to compile ({type(exc).__name__})")
    except Exception as exc:  # a compiler bug must cost one note, not the library
        return NoteOutcome(display, unreadable=f"internal compiler error: {type(exc).__name__}: {exc}")


def _compile_many(items: list[tuple[Path, str]]) -> list[NoteOutcome]:
    return [compile_one(path, display) for path, display in items]


def compile_notes(
    paths: Sequence[Path],
    *,
    cache_dir: Path | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> CompileResult:
    """Compile every note under `paths` into snippets plus a report.

    `jobs`: worker processes (None: all cores when there are enough notes to be worth it; 1: none).
    `cache_dir`: per-note cache, reused in memory within this process and on disk across processes.
    """
    started = time.perf_counter()
    files, errors = discover([Path(p) for p in paths])
    report = CompileReport(notes_found=len(files) + len(errors))
    report.unreadable.extend((e.path, e.reason) for e in errors)
    cache = NoteCache(cache_dir) if cache_dir is not None else None
    outcomes: list[NoteOutcome | None] = [None] * len(files)
    todo: list[tuple[int, Path, str, str | None]] = []
    for index, (path, display) in enumerate(files):
        key = None
        if cache is not None:
            try:
                key = cache_key(path.read_bytes(), display)
            except OSError:
                key = None
            hit = cache.get(key) if key else None
            if hit is not None:
                outcomes[index] = hit
                report.notes_cached += 1
                continue
        todo.append((index, path, display, key))
    total = len(files)
    done = report.notes_cached
    if progress:
        progress(done, total, "")
    for (index, _path, display, key), outcome in _run(todo, jobs):
        outcomes[index] = outcome
        if cache is not None and key:
            cache.put(key, outcome)
        done += 1
        if progress:
            progress(done, total, display)
    if cache is not None:
        cache.keep_seen()
    snippets = _assemble([o for o in outcomes if o is not None], report)
    report.seconds = time.perf_counter() - started
    return CompileResult(snippets, report)


def _run(todo: list[tuple[int, Path, str, str | None]], jobs: int | None) -> Iterator[tuple[tuple[int, Path, str, str | None], NoteOutcome]]:
    """Yield (item, outcome) as notes finish: in this process for few notes, else in a pool."""
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if workers <= 1 or len(todo) < PARALLEL_MIN_NOTES:
        for item in todo:
            yield item, compile_one(item[1], item[2])
        return
    chunks = [todo[i:i + _CHUNK] for i in range(0, len(todo), _CHUNK)]
    # fork is the cheap start, but forking a process that runs other threads (the language server)
    # can deadlock a child on a lock some thread held; such processes get a fork server instead.
    methods = multiprocessing.get_all_start_methods()
    if threading.active_count() == 1 and "fork" in methods:
        method = "fork"
    else:
        method = "forkserver" if "forkserver" in methods else "spawn"
    context = multiprocessing.get_context(method)
    with ProcessPoolExecutor(max_workers=min(workers, len(chunks)), mp_context=context) as pool:
        futures = {pool.submit(_compile_many, [(p, d) for _, p, d, _ in chunk]): chunk for chunk in chunks}
        for future in as_completed(futures):
            chunk = futures[future]
            try:
                outcomes = future.result()
            except Exception:  # a worker died (killed, out of memory): finish its notes here
                outcomes = [compile_one(path, display) for _, path, display, _ in chunk]
            for item, outcome in zip(chunk, outcomes):
                yield item, outcome


def _assemble(outcomes: list[NoteOutcome], report: CompileReport) -> list[Snippet]:
    """Merge per-note outcomes in discovery order (sorted paths, never completion order), then give
    repeated ids (the same heading path twice in one note) a numbered suffix in source order."""
    snippets: list[Snippet] = []
    for outcome in outcomes:
        display = outcome.note
        if outcome.unreadable is not None:
            report.unreadable.append((display, outcome.unreadable))
            continue
        report.notes_read += 1
        report.python_blocks += outcome.python_blocks
        report.set_aside.extend((display, line, reason) for line, reason in outcome.set_aside)
        report.parse_errors.extend((display, line, message) for line, message in outcome.parse_errors)
        snippets.extend(outcome.snippets)
    snippets.sort(key=lambda s: (s.context, s.id, s.source.note, s.source.line))
    seen: Counter[str] = Counter()
    unique: list[Snippet] = []
    for snippet in snippets:
        seen[snippet.id] += 1
        unique.append(snippet if seen[snippet.id] == 1 else replace(snippet, id=f"{snippet.id}-{seen[snippet.id]}"))
    unique.sort(key=lambda s: (s.context, s.id))
    report.unreadable.sort()
    report.snippets_per_context = dict(sorted(Counter(s.context for s in unique).items()))
    return unique


def write_library(result: CompileResult, out_dir: Path) -> list[Path]:
    """Write `<context>.yaml` files and `schema.json` into `out_dir`; the paths written or removed."""
    return write_files(render_library(result.snippets), Path(out_dir))


def check_library(result: CompileResult, out_dir: Path) -> list[str]:
    """What differs between `out_dir` and `result`, one line per file; [] means up to date."""
    return check_files(render_library(result.snippets), Path(out_dir))
