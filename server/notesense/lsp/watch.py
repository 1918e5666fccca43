"""Knowing when notes change: the client's file watcher when it offers one, else a polling thread.

Polling mtimes once a second costs a directory walk; it needs no dependency and works the same on
every platform and in every editor (Neovim on Linux does not offer dynamic watch registration).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from lsprotocol import types
from pygls.uris import from_fs_path

from notesense.library.snapshot import INPUT_SUFFIXES, stamp

log = logging.getLogger(__name__)

WATCH_PATTERN = "**/*.{" + ",".join(sorted(s.lstrip(".") for s in INPUT_SUFFIXES)) + "}"


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
        before = stamp(self.roots)
        while not self._stop.wait(self.interval):
            after = stamp(self.roots)
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
