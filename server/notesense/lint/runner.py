"""The batch pass: find the files, lint (and fix) them in parallel, reuse cached results.

A file's result depends only on its bytes and the rule set, so results are cached by content hash
(plus a stat fast path, so an unchanged tree is not even read again). Note links depend on the
user's library, which only the parent process loads: workers give bundled links and the parent
swaps in the user's own note where they have one.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import pickle
import tempfile
import tokenize
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from notesense import __version__
from notesense.rules.base import Finding

if TYPE_CHECKING:
    from notesense.library.index import Library
    from notesense.library.model import Pitfall
    from notesense.rules.learned import LearnedRules

_SKIP_DIRS = frozenset({"__pycache__", "node_modules", "site-packages"})
PARALLEL_MIN_FILES = 16
# Part of the cache key: what a cached result means. 2: an .ipynb is read as a notebook (version 1
# read its JSON as Python and cached "no problems" for it).
RESULTS_FORMAT = 2


@dataclass(frozen=True)
class Options:
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    fix: bool = False
    unsafe_fixes: bool = False
    diff: bool = False  # compute fixes but do not write
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

        if self.learned is None:
            return learned.bundled()
        return learned.from_records(_records_key(self.learned), self.learned)


def _records_key(pitfalls: tuple[Pitfall, ...]) -> str:
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


def collect_files(paths: Iterable[str]) -> tuple[list[Path], list[str]]:
    """Python files and Jupyter notebooks under `paths` (explicit files always count; hidden and cache
    dirs, `.ipynb_checkpoints` among them, are skipped)."""
    files: list[Path] = []
    missing: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_file():
            files.append(path)
        elif path.is_dir():
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIP_DIRS)
                files.extend(Path(root) / n for n in sorted(names) if n.endswith((".py", ".pyi", ".ipynb")))
        else:
            missing.append(raw)
    return files, missing


def read_source(data: bytes) -> tuple[str, str]:
    """Decode like Python does (coding cookie, BOM) but keep line endings exactly as on disk."""
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    return data.decode(encoding), encoding


def lint_file(path: str, options: Options) -> FileResult:
    """Lint one file (and fix it when asked). Runs in worker processes: no shared state."""
    from notesense.lint.fixer import fix_text, write_fixed
    from notesense.rules.engine import check_source

    notebook = path.endswith(".ipynb")
    try:
        data = Path(path).read_bytes()
        source, encoding = ("", "utf-8") if notebook else read_source(data)
    except (OSError, SyntaxError, UnicodeDecodeError, LookupError) as exc:
        return FileResult(path, error=f"cannot read: {exc}")
    try:
        if notebook:
            from notesense.lint.notebook import lint_path

            return lint_path(path, data, options)
        if not options.fixing:
            findings = check_source(source, path=path, select=options.select, ignore=options.ignore,
                                    learned=options.learned_rules())
            return FileResult(path, tuple(findings))
        fixed, findings, count = fix_text(source, path, options)
    except SyntaxError as exc:
        return FileResult(path, syntax_error=(exc.lineno or 1, max((exc.offset or 1) - 1, 0), exc.msg))
    except RecursionError:
        return FileResult(path, error="too deeply nested to analyse")
    except Exception as exc:  # a rule bug must not stop the batch: report it for this file (exit 2)
        return FileResult(path, error=f"internal error in notesense: {exc!r}")
    if fixed == source:
        return FileResult(path, tuple(findings))
    if options.fix and not options.diff:
        try:
            write_fixed(Path(path), fixed.encode(encoding))
        except OSError as exc:
            return FileResult(path, tuple(findings), error=f"cannot write: {exc}")
    return FileResult(path, tuple(findings), fixed=count, original=source, updated=fixed)


def _lint_job(job: tuple[str, Options]) -> FileResult:
    return lint_file(*job)


def run(paths: Sequence[str], options: Options, *, cache: LintCache | None = None,
        library: Library | None = None, jobs: int | None = None) -> Report:
    files, missing = collect_files(paths)
    report = Report(missing=missing)
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
        fresh = [lint_file(p, options) for p in todo]
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


def cache_root() -> Path:
    """`$XDG_CACHE_HOME/notesense/lint` when XDG_CACHE_HOME is set, else `.notesense-cache/` here."""
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg) / "notesense" / "lint" if xdg else Path(".notesense-cache")


class LintCache:
    """Results by file content hash, for one rule set and one select/ignore choice.

    `get` first trusts an unchanged (size, mtime) for the same path, and otherwise hashes the
    bytes, so a touched-but-identical file is still a hit.
    """

    def __init__(self, root: Path, options: Options) -> None:
        from notesense.rules.engine import ruleset_fingerprint

        key = hashlib.blake2b(
            repr((__version__, RESULTS_FORMAT, ruleset_fingerprint(), options.learned_key, options.select,
                  sorted(options.ignore))).encode(),
            digest_size=10,
        ).hexdigest()
        self.root = root
        self.file = root / f"results-{key}.pickle"
        self._by_hash: dict[str, FileResult] = {}
        self._stats: dict[str, tuple[int, int, str]] = {}  # path -> (size, mtime_ns, hash)
        self._dirty = False
        try:
            self._by_hash, self._stats = pickle.loads(self.file.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
            pass

    def get(self, path: Path) -> FileResult | None:
        try:
            st = path.stat()
        except OSError:
            return None
        known = self._stats.get(str(path))
        if known is not None and known[:2] == (st.st_size, st.st_mtime_ns):
            digest = known[2]
        else:
            try:
                digest = _digest(path.read_bytes())
            except OSError:
                return None
            self._stats[str(path)] = (st.st_size, st.st_mtime_ns, digest)
            self._dirty = True
        hit = self._by_hash.get(digest)
        return dataclasses.replace(hit, path=str(path)) if hit is not None else None

    def put(self, result: FileResult) -> None:
        path = Path(result.path)
        try:
            st = path.stat()
            digest = _digest(path.read_bytes())
        except OSError:
            return
        self._stats[result.path] = (st.st_size, st.st_mtime_ns, digest)
        self._by_hash[digest] = result
        self._dirty = True

    def save(self) -> None:
        if not self._dirty:
            return
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            ignore = self.root / ".gitignore"
            if not ignore.exists():
                ignore.write_text("*\n", encoding="utf-8")
            with tempfile.NamedTemporaryFile(dir=self.root, delete=False, suffix=".tmp") as tmp:
                tmp.write(pickle.dumps((self._by_hash, self._stats), protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(tmp.name, self.file)
        except OSError:
            return
        self._dirty = False


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()
