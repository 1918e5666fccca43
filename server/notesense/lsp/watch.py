"""Knowing when notes change: the client's file watcher when it offers one, else a polling thread.

Polling mtimes once a second costs a directory walk; it needs no dependency and works the same on
every platform and in every editor (Neovim on Linux does not offer dynamic watch registration).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from lsprotocol import types
from pygls.uris import from_fs_path

from notesense.notes.reader import NOTE_SUFFIXES, SKIPPED_DIRS

log = logging.getLogger(__name__)

WATCH_SUFFIXES = (*NOTE_SUFFIXES, ".yaml", ".yml")
WATCH_PATTERN = "**/*.{" + ",".join(sorted(s.lstrip(".") for s in WATCH_SUFFIXES)) + "}"

Snapshot = dict[str, tuple[int, int]]


def snapshot(roots: Iterable[Path]) -> Snapshot:
    """(mtime_ns, size) of every watched file under `roots` (a root may be a single file)."""
    seen: Snapshot = {}
    for root in roots:
        if root.is_file():
            files: Iterable[str] = [str(root)]
        else:
            files = _walk(root)
        for path in files:
            try:
                st = os.stat(path)
            except OSError:
                continue
            seen[path] = (st.st_mtime_ns, st.st_size)
    return seen


def _walk(root: Path) -> Iterable[str]:
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS and not d.startswith(".")]
        for name in names:
            if not name.startswith(".") and os.path.splitext(name)[1].lower() in WATCH_SUFFIXES:
                yield os.path.join(folder, name)


class PollingWatcher:
    """Calls `on_change(paths)` from its own thread when files under `roots` appear, change or vanish."""

    def __init__(self, roots: Iterable[Path], on_change: Callable[[list[str]], None], interval: float = 1.0) -> None:
        self.roots = [Path(r) for r in roots]
        self.on_change = on_change
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="notesense-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        before = snapshot(self.roots)
        while not self._stop.wait(self.interval):
            after = snapshot(self.roots)
            changed = sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))
            before = after
            if changed:
                log.info("notes changed on disk: %s", ", ".join(changed))
                try:
                    self.on_change(changed)
                except Exception:
                    log.exception("note watcher callback failed")


REGISTRATION_ID = "notesense-notes"


def registration(roots: Iterable[Path], relative_patterns: bool) -> types.RegistrationParams:
    """`workspace/didChangeWatchedFiles` watchers for every note and snippet folder."""
    watchers = []
    for root in roots:
        folder, pattern = (root.parent, root.name) if root.is_file() else (root, WATCH_PATTERN)
        glob: str | types.RelativePattern
        if relative_patterns:
            glob = types.RelativePattern(base_uri=from_fs_path(str(folder)) or str(folder), pattern=pattern)
        else:
            glob = f"{folder.as_posix()}/{pattern}"
        watchers.append(types.FileSystemWatcher(glob_pattern=glob))
    return types.RegistrationParams(
        registrations=[
            types.Registration(
                id=REGISTRATION_ID,
                method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
            )
        ]
    )


def unregistration() -> types.UnregistrationParams:
    return types.UnregistrationParams(
        unregisterations=[types.Unregistration(id=REGISTRATION_ID, method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES)]
    )
