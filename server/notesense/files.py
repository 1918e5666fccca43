"""Reading and writing user files safely: only regular files, bounded, and replaced so that a reader
sees the old content or the new, never half of either — and never over an edit made meanwhile.

Everything notesense reads from a notes folder, a snippets folder or a lint tree goes through
`read_regular`: a FIFO there would block `open()` forever, `/dev/zero` would never end, and a device
may act on being opened, so only regular files are opened at all, after a `stat`, and read up to a
size cap. Everything `--fix` writes goes through `replace_checked`.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

MAX_FILE_BYTES = 50 * 1024 * 1024  # a note, snippet file or source file larger than this is skipped

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class Unreadable(OSError):
    """A file notesense will not (or cannot) read; `reason` says why in words for the user. An
    OSError, so that code which already copes with unreadable files copes with these too."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


_LOOP = "symlink loop (the link points back at itself)"


def describe_error(exc: OSError) -> str:
    """An OSError as a short reason: 'symlink loop', 'permission denied', …"""
    if exc.errno == errno.ELOOP:
        return _LOOP
    if exc.errno == errno.ENOENT:
        return "no such file (or a broken symlink)"
    return (exc.strerror or str(exc)).lower()


def real_path(path: Path | str) -> Path:
    """`path` with every symlink resolved; `Unreadable` for a symlink loop (which Python reports as
    RuntimeError before 3.13 and OSError since)."""
    try:
        return Path(path).resolve()
    except RuntimeError:
        raise Unreadable(_LOOP) from None
    except OSError as exc:
        raise Unreadable(describe_error(exc)) from None


def kind(mode: int) -> str | None:
    """What a non-regular file is ('a named pipe (FIFO)', …); None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def check_regular(path: Path | str, limit: int = MAX_FILE_BYTES) -> os.stat_result:
    """The `stat` of `path` (symlinks followed) if it is a regular file within `limit` bytes; raises
    `Unreadable` otherwise. Nothing is opened."""
    try:
        st = os.stat(path)
    except OSError as exc:
        raise Unreadable(describe_error(exc)) from None
    what = kind(st.st_mode)
    if what is not None:
        raise Unreadable(f"{what}, not a regular file")
    if st.st_size > limit:
        raise Unreadable(f"larger than the {limit // (1024 * 1024)} MB limit ({st.st_size / 1048576:.0f} MB)")
    return st


def read_regular(path: Path | str, limit: int = MAX_FILE_BYTES) -> tuple[bytes, os.stat_result]:
    """(bytes, stat) of a regular file of at most `limit` bytes; `Unreadable` for anything else.

    The file is checked before it is opened (so a FIFO or a device is never opened), opened without
    blocking, and checked again on the open handle, so a file swapped in between is caught too."""
    before = check_regular(path, limit)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise Unreadable(describe_error(exc)) from None
    with os.fdopen(fd, "rb") as handle:
        st = os.fstat(fd)
        if (st.st_dev, st.st_ino) != (before.st_dev, before.st_ino) or kind(st.st_mode) is not None:
            raise Unreadable("changed while being opened")
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise Unreadable(describe_error(exc)) from None
    if len(data) > limit:
        raise Unreadable(f"larger than the {limit // (1024 * 1024)} MB limit")
    return data, st


def write_atomic(path: Path, data: bytes, mode: int = 0o644, sync: bool = True) -> None:
    """Replace `path` with `data` through a temp file in the same folder and a rename. An existing
    file keeps its permissions; a new one gets `mode`. `sync=False`: the data is not forced to disk
    before the rename, for a file whose reader checks it and treats a damaged one as missing (a cache)."""
    path = Path(path)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        pass
    tmp = _write_temp(path, data, mode, sync)
    try:
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_temp(path: Path, data: bytes, mode: int, sync: bool = True) -> str:
    """A fully written (with `sync`, synced) temp file beside `path` with `mode`; its name."""
    import tempfile  # here, as shutil below: with what they import, ~10 ms of every server start

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if sync:
                os.fsync(handle.fileno())
        os.chmod(tmp, mode)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What a file was when it was read: the state `replace_checked` insists on finding again."""

    size: int
    mtime_ns: int
    inode: tuple[int, int]
    digest: str

    @classmethod
    def of(cls, data: bytes, st: os.stat_result) -> Snapshot:
        return cls(st.st_size, st.st_mtime_ns, (st.st_dev, st.st_ino), digest(data))


def digest(data: bytes) -> str:
    """The content hash used for files and caches (blake2b, 128 bits)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class NotWritten(Exception):
    """`replace_checked` left the file as it was; `reason` says why (for the user)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def replace_checked(path: Path, data: bytes, expected: Snapshot, *, force: bool = False) -> Path:
    """Replace the file at `path` with `data` — only if it is still exactly as `expected` — and
    return the file actually written.

    A symlink is followed and its target replaced (the link stays a link). The new file keeps the
    old one's mode and owner. Read-only files, files with other hard links (a rename would split
    them) and files whose owner cannot be kept are refused unless `force`. The re-check runs after
    the new content is on disk, immediately before the rename, so an edit saved while fixes were
    computed is never overwritten. Raises `NotWritten` (nothing changed) or OSError."""
    target = Path(os.path.realpath(path))
    try:
        st = check_regular(target, limit=max(len(data), MAX_FILE_BYTES))
    except Unreadable as exc:
        raise NotWritten(exc.reason) from None
    if not force:
        if not st.st_mode & 0o222 or not os.access(target, os.W_OK):
            raise NotWritten("read-only; not changed (use --force to fix it anyway)")
        if st.st_nlink > 1:
            raise NotWritten(
                f"has {st.st_nlink} hard links; fixing it would split them (use --force to fix this name only)"
            )
    tmp = _write_temp(target, data, stat.S_IMODE(st.st_mode))
    try:
        _keep_owner(tmp, st, force)
        _expect(target, expected)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def _keep_owner(tmp: str, st: os.stat_result, force: bool) -> None:
    """Give the temp file the owner and group of the file it replaces (and its mode again: a chown
    clears set-id bits). Raise NotWritten when that is not allowed, unless `force`."""
    if not hasattr(os, "chown") or (st.st_uid, st.st_gid) == (os.geteuid(), os.getegid()):
        return
    try:
        os.chown(tmp, st.st_uid, st.st_gid)
    except PermissionError:
        if not force:
            raise NotWritten(
                "owned by another user or group, which a rewrite cannot keep; not changed (use --force to fix it anyway)"
            ) from None
        return
    os.chmod(tmp, stat.S_IMODE(st.st_mode))


def _expect(target: Path, expected: Snapshot) -> None:
    """Raise NotWritten unless `target` still has exactly the content it had when it was read."""
    changed = NotWritten("changed on disk while it was being fixed; left as it is (run --fix again)")
    try:
        data, st = read_regular(target, max(expected.size, 0) + 1)
    except Unreadable:
        raise changed from None
    if Snapshot.of(data, st) != expected:
        raise changed


# -- replacing a folder as a unit ---------------------------------------------------------------

_STAGE = ".{name}.notesense-"  # + "<pid>-<random>": a hidden sibling, never inside the folder loaders read


class FolderNotReplaced(OSError):
    """`replace_folder` could not make a new generation beside the folder (a read-only parent, a
    mount point); nothing was changed."""


def replace_folder(folder: Path, fill: Callable[[Path], None]) -> None:
    """Replace `folder` by a new generation in one step, so that a reader — or whatever is left after
    a crash — sees the old folder or the new one, whole, never a mix.

    `fill(stage)` writes the new generation into a fresh hidden sibling folder (its files synced);
    the two then swap names in one atomic exchange (or the stage is renamed into place where `folder`
    does not exist yet) and the old generation is removed. A stage left by a process that was killed
    is swept by the next call. A symlinked `folder` is followed: its target is replaced, the link
    stays. Where the filesystem cannot exchange two names, the old folder is renamed away and the
    new one renamed in (two renames: for a moment there is no folder)."""
    import shutil
    import tempfile

    folder = real_path(folder) if os.path.islink(folder) else Path(folder)
    parent = folder.parent
    prefix = f"{_STAGE.format(name=folder.name)}{os.getpid()}-"
    try:
        sweep_stages(folder)
        stage = Path(tempfile.mkdtemp(dir=parent, prefix=prefix))
    except OSError as exc:
        raise FolderNotReplaced(exc.errno, f"cannot make a new generation beside it: {describe_error(exc)}", str(folder)) from exc
    try:
        fill(stage)
        if folder.is_dir():
            os.chmod(stage, stat.S_IMODE(folder.stat().st_mode))
        _sync_folder(stage)
        if not folder.exists():
            os.rename(stage, folder)
        elif not _exchange(stage, folder):
            old = Path(tempfile.mkdtemp(dir=parent, prefix=prefix))
            os.rename(folder, old / folder.name)
            os.rename(stage, folder)
            stage = old
        _sync_folder(parent)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _sync_folder(folder: Path) -> None:
    """Flush a folder's entries to disk, so that a rename never publishes entries a power cut loses."""
    if hasattr(os, "O_DIRECTORY"):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def sweep_stages(folder: Path) -> None:
    """Remove the stages of new generations of `folder` whose process has ended (killed mid-write)."""
    import shutil

    folder = real_path(folder) if os.path.islink(folder) else Path(folder)
    if not folder.parent.is_dir():
        return
    prefix = _STAGE.format(name=folder.name)
    for entry in os.scandir(folder.parent):
        pid = entry.name[len(prefix):].split("-", 1)[0] if entry.name.startswith(prefix) else ""
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(entry.path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, under another user
        return True
    return True


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux `renameat2(RENAME_EXCHANGE)`, macOS `renamex_np(RENAME_SWAP)`);
    False where the platform or the filesystem cannot."""
    import ctypes  # here, not at the top: every server start imports this module, and ctypes is ~20 ms of it

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if sys.platform.startswith("linux") and hasattr(libc, "renameat2"):
            at_fdcwd, rename_exchange = -100, 2
            done = libc.renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
        elif sys.platform == "darwin" and hasattr(libc, "renamex_np"):
            done = libc.renamex_np(os.fsencode(a), os.fsencode(b), 0x2)
        else:
            return False
    except OSError:  # no C library to load (an unusual build)
        return False
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise FolderNotReplaced(code, os.strerror(code), str(b))


def write_new(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Create `path` (it must not exist) with `data`, synced: for files of a new generation."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(path, mode)


def carry(source: Path, target: Path) -> None:
    """Put `source` (a file, a symlink or a folder) at `target` without copying data where a hard
    link can share it: an unchanged file keeps its inode and mtime, so caches keyed by them hold."""
    import shutil

    if source.is_symlink():
        os.symlink(os.readlink(source), target)
    elif source.is_dir():
        shutil.copytree(source, target, symlinks=True, copy_function=_link_or_copy)
    else:
        _link_or_copy(source, target)


def _link_or_copy(source: str | Path, target: str | Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        import shutil

        shutil.copy2(source, target)
