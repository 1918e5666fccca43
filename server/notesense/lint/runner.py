"""The batch pass: find the files, lint (and fix) them in parallel, reuse cached results.

A file's result depends only on its bytes and the rule set, so results are cached by content hash
(plus a stat fast path, so an unchanged tree is not even read again). Note links depend on the
user's library, which only the parent process loads: workers give bundled links and the parent
swaps in the user's own note where they have one.
"""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import io
import os
import stat
import tokenize
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from notesense import paths, store
from notesense.files import NotWritten, Snapshot, Unreadable, describe_error, digest, read_regular
from notesense.rules.base import Edit, Finding, Fix

if TYPE_CHECKING:
    from notesense.library.index import Library
    from notesense.library.model import Pitfall
    from notesense.rules.learned import LearnedRules

# with the hidden ones, ruff's default excludes: caches, installed packages, build output
_SKIP_DIRS = frozenset({"__pycache__", "node_modules", "site-packages", "__pypackages__", "venv", "_build", "buck-out", "dist"})
PARALLEL_MIN_FILES = 16


@dataclass(frozen=True)
class Options:
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    fix: bool = False
    unsafe_fixes: bool = False
    diff: bool = False  # compute fixes but do not write
    force: bool = False  # --fix also read-only and hard-linked files, and files whose owner can't be kept
    # the learned rules to run (records, so they travel to worker processes); None: the bundled notes'
    learned: tuple[Pitfall, ...] | None = None

    @property
    def fixing(self) -> bool:
        return self.fix or self.diff

    @property
    def learned_key(self) -> str:
        """Names the learned rule set: part of the result cache key, and of the workers' compiled-rule cache."""
        return self.learned_rules().fingerprint

    def learned_rules(self) -> LearnedRules:
        from notesense.rules import learned

        if not learned.any_chosen(self.select, self.ignore):
            return learned.none()
        if self.learned is None:
            return learned.bundled()
        return learned.from_records(self._records_key, self.learned)

    @cached_property
    def _records_key(self) -> str:
        """The key of `learned`, computed once per options object (a worker asks for every file, and
        a hundred records take longer to spell than a small file takes to lint)."""
        return records_key(self.learned or ())


def records_key(pitfalls: tuple[Pitfall, ...]) -> str:
    return hashlib.blake2b(repr([(p.id, p.rule, p.safe, p.severity) for p in pitfalls]).encode(), digest_size=12).hexdigest()


@dataclass(frozen=True)
class FileResult:
    """What linting one file gave: findings left, fixes applied, or why it could not be checked."""

    path: str
    findings: tuple[Finding, ...] = ()
    syntax_error: tuple[int, int, str] | None = None  # line, col, message
    error: str | None = None  # could not read / write the file
    fixed: int = 0
    original: str | None = None  # set when fixes changed the source (for --diff)
    updated: str | None = None
    cells: tuple[int, ...] = ()  # a notebook's: the 1-based cell of each finding (its lines are the cell's)
    syntax_cell: int | None = None  # a notebook's: the cell `syntax_error` is in


@dataclass
class Report:
    results: list[FileResult] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    cached: int = 0

    @property
    def findings(self) -> int:
        return sum(len(r.findings) + (r.syntax_error is not None) for r in self.results)

    @property
    def errors(self) -> int:
        return len(self.missing) + sum(r.error is not None for r in self.results)


def collect_files(paths: Iterable[str]) -> tuple[list[Path], list[str], list[FileResult]]:
    """Python files and Jupyter notebooks under `paths` (explicit files always count; hidden and cache
    dirs, `.ipynb_checkpoints` among them, and AppleDouble files are skipped), the paths that do not
    exist, and what could not be checked: FIFOs, devices and sockets (never opened), symlink loops,
    unreadable folders."""
    files: list[Path] = []
    missing: list[str] = []
    skipped: list[FileResult] = []
    for raw in paths:
        path = Path(raw)
        try:
            mode = path.stat().st_mode
        except OSError as exc:
            if os.path.lexists(path) or exc.errno not in (errno.ENOENT, errno.ENOTDIR):
                skipped.append(FileResult(raw, error=describe_error(exc)))
            else:
                missing.append(raw)
            continue
        if stat.S_ISDIR(mode):
            def unreadable(exc: OSError) -> None:
                skipped.append(FileResult(exc.filename or raw, error=f"cannot read folder ({describe_error(exc)}); its files were not checked"))

            for root, dirs, names in os.walk(path, onerror=unreadable):
                if "pyvenv.cfg" in names and root != str(path):  # a virtual environment, whatever its name
                    dirs[:] = []
                    continue
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIP_DIRS)
                # (not macOS's AppleDouble copies, `._train.py`: its metadata of `train.py`, no Python)
                files.extend(Path(root) / n for n in sorted(names)
                             if n.endswith((".py", ".pyi", ".ipynb")) and not n.startswith("._"))
        else:
            files.append(path)
    return files, missing, skipped


def read_source(data: bytes) -> tuple[str, str]:
    """Decode like Python does (coding cookie, BOM) but keep line endings exactly as on disk."""
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    return data.decode(encoding), encoding


def check_text(source: str, path: str, options: Options, split: bool = False) -> list[Finding]:
    """The findings of one file's text: a file the server would analyse in parts is analysed in the
    same parts (`lint.split`; with `split`, its lower parts by a child process on the second core);
    any other, whole. Raises SyntaxError when the file does not parse."""
    from notesense.lint.split import check_large
    from notesense.rules.engine import check_source

    learned = options.learned_rules()
    found = check_large(source, path=path, select=options.select, ignore=options.ignore, learned=learned, fork=split)
    if found is None:
        found = check_source(source, path=path, select=options.select, ignore=options.ignore, learned=learned)
    return found


def lint_file(path: str, options: Options, split: bool = False) -> FileResult:
    """Lint one file (and fix it when asked). Runs in worker processes: no shared state. `split`: a
    core is free for a large file's lower parts (`check_text`)."""
    from notesense.analysis.document import Document
    from notesense.lint.fixer import fix_text, write_fixed
    from notesense.rules.engine import check_document

    notebook = path.endswith(".ipynb")
    try:
        data, st = read_regular(path)
        source, encoding = ("", "utf-8") if notebook else read_source(data)
    except Unreadable as exc:
        return FileResult(path, error=exc.reason)
    except (SyntaxError, UnicodeDecodeError, LookupError) as exc:
        return FileResult(path, error=f"cannot read: {exc}")
    try:
        if notebook:
            from notesense.lint.notebook import lint_path

            return lint_path(path, data, Snapshot.of(data, st), options)
        if not options.fixing:
            return FileResult(path, tuple(check_text(source, path, options, split)))
        fixed, findings, count = fix_text(source, path, options)
    except SyntaxError as exc:
        # what the editor reports too: the findings of the statements that parse, without fixes (a file
        # that does not parse is never fixed)
        found = () if notebook else tuple(
            dataclasses.replace(f, fixes=()) for f in check_document(
                Document(source, alone=True), path=path, select=options.select, ignore=options.ignore,
                learned=options.learned_rules()))
        return FileResult(path, found, syntax_error=(exc.lineno or 1, max((exc.offset or 1) - 1, 0), exc.msg))
    except RecursionError:
        return FileResult(path, error="too deeply nested to analyse")
    except Exception as exc:  # a rule bug must not stop the batch: report it for this file (exit 2)
        return FileResult(path, error=f"internal error in notesense: {exc!r}")
    if fixed == source:
        return FileResult(path, tuple(findings))
    if options.fix and not options.diff:
        try:
            write_fixed(Path(path), fixed.encode(encoding), Snapshot.of(data, st), force=options.force)
        except (NotWritten, OSError) as exc:
            reason = exc.reason if isinstance(exc, NotWritten) else describe_error(exc)
            unfixed = check_text(source, path, options)
            return FileResult(path, tuple(unfixed), error=f"not fixed: {reason}")
    return FileResult(path, tuple(findings), fixed=count, original=source, updated=fixed)


def _lint_job(job: tuple[str, Options]) -> FileResult:
    return lint_file(*job)


def run(paths: Sequence[str], options: Options, *, cache: LintCache | None = None,
        library: Library | None = None, jobs: int | None = None) -> Report:
    files, missing, skipped = collect_files(paths)
    report = Report(results=skipped, missing=missing)
    todo: list[str] = []
    for path in files:
        hit = cache.get(path) if cache is not None and not options.fixing else None
        if hit is not None:
            report.results.append(hit)
            report.cached += 1
        else:
            todo.append(str(path))
    workers = jobs or os.cpu_count() or 1
    if len(todo) >= PARALLEL_MIN_FILES and workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            fresh = list(pool.map(_lint_job, [(p, options) for p in todo], chunksize=max(1, len(todo) // (workers * 8))))
    else:
        fresh = [lint_file(p, options, split=workers > 1) for p in todo]  # one file at a time: a core is free
    if cache is not None and not options.fixing:
        for result in fresh:
            if result.error is None:
                cache.put(result)
        cache.save()
    report.results.extend(fresh)
    if library is not None:
        report.results = [_relink(r, library) for r in report.results]
    report.results.sort(key=lambda r: r.path)
    return report


def _relink(result: FileResult, library: Library) -> FileResult:
    if not result.findings:
        return result
    from notesense.rules.engine import RULES_BY_CODE
    from notesense.rules.links import note_link

    findings = tuple(dataclasses.replace(f, note=note_link(RULES_BY_CODE[f.code], library)) if f.code in RULES_BY_CODE
                     else f for f in result.findings)
    return dataclasses.replace(result, findings=findings)


def cache_folder(project: Path | None = None) -> Path:
    """Where the lint cache of a project (the folder lint runs in, whose relative paths the cache
    keys) lives: under the user's cache folder, never in the project — a cache a cloned repository
    could ship is a cache an attacker writes."""
    return paths.cache_dir() / "lint" / paths.project_key(project or Path.cwd())


CACHE_KIND = "lint"
CACHE_FORMAT = "3"  # 3: results carry notebook cells
_FINGERPRINTED = ("rules", "analysis", "lint")  # the code whose output a cached result is (.py and .ipynb)


class LintCache:
    """Results by file content hash, for one version of the code that shapes findings and one
    select/ignore choice; kept as data (`notesense.store`), so a damaged or planted file is a miss.

    `get` first trusts an unchanged stat signature (size, mtime, ctime, inode) for the same path,
    and otherwise hashes the bytes, so a touched-but-identical file is still a hit. Results stay
    in their stored JSON form until a hit asks for one.
    """

    def __init__(self, folder: Path, options: Options) -> None:
        version = f"{CACHE_FORMAT}.{store.code_fingerprint(*_FINGERPRINTED)}"
        choice = repr((options.learned_key, options.select, sorted(options.ignore))).encode()
        self.file = Path(folder) / f"results-{digest(choice)[:16]}.json"
        self._version = version
        self._by_hash: dict[str, list] = {}
        self._stats: dict[str, list] = {}  # path -> [size, mtime_ns, ctime_ns, inode, hash]
        self._dirty = False
        data = store.read(self.file, CACHE_KIND, version)
        if isinstance(data, dict) and isinstance(data.get("results"), dict) and isinstance(data.get("stats"), dict):
            self._by_hash, self._stats = data["results"], data["stats"]

    def get(self, path: Path) -> FileResult | None:
        try:
            st = path.stat()
        except OSError:
            return None
        signature = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
        known = self._stats.get(str(path))
        if isinstance(known, list) and known[:4] == signature:
            key = known[4]
        else:
            try:
                data, _ = read_regular(path)
            except Unreadable:
                return None
            key = digest(data)
            self._stats[str(path)] = [*signature, key]
            self._dirty = True
        row = self._by_hash.get(key)
        if row is None:
            return None
        try:
            return _result_from_row(str(path), row)
        except (TypeError, ValueError, KeyError):  # a well-formed file of an unexpected shape: a miss
            del self._by_hash[key]
            return None

    def put(self, result: FileResult) -> None:
        path = Path(result.path)
        try:
            st = path.stat()
            data, _ = read_regular(path)
        except (OSError, Unreadable):
            return
        key = digest(data)
        self._stats[result.path] = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, key]
        self._by_hash[key] = _result_to_row(result)
        self._dirty = True

    def save(self) -> None:
        if self._dirty and store.write(self.file, CACHE_KIND, self._version, {"results": self._by_hash, "stats": self._stats}):
            self._dirty = False


def _result_to_row(result: FileResult) -> list:
    findings = [
        [f.code, f.message, f.hint, f.severity, f.line, f.col, f.end_line, f.end_col, f.note,
         [[x.title, x.safe, [[e.line, e.col, e.end_line, e.end_col, e.text] for e in x.edits]] for x in f.fixes]]
        for f in result.findings
    ]
    syntax_error = list(result.syntax_error) if result.syntax_error is not None else None
    return [findings, syntax_error, list(result.cells), result.syntax_cell]


def _result_from_row(path: str, row: list) -> FileResult:
    findings, syntax_error, cells, syntax_cell = row
    if not findings and syntax_error is None:
        return FileResult(path)  # most files: nothing to rebuild
    return FileResult(
        path,
        tuple(
            Finding(code, message, hint, severity, line, col, end_line, end_col, note,
                    tuple(Fix(title, tuple(Edit(*edit) for edit in edits), safe) for title, safe, edits in fixes))
            for code, message, hint, severity, line, col, end_line, end_col, note, fixes in findings
        ),
        syntax_error=tuple(syntax_error) if syntax_error is not None else None,
        cells=tuple(cells),
        syntax_cell=syntax_cell,
    )
