"""Diagnostics from the rules: debounced per document, computed in a thread, kept for code actions."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

from notesense.lsp import convert
from notesense.lsp.context import ClientContext

if TYPE_CHECKING:
    from notesense.library.index import Library
    from notesense.rules.base import Finding

log = logging.getLogger(__name__)

DEBOUNCE_SECONDS = 0.15


@dataclass(slots=True)
class Linted:
    """The findings behind the diagnostics last published for one version of a document."""

    version: int | None
    positions: convert.Positions
    findings: list[Finding] = field(default_factory=list)
    diagnostics: list[types.Diagnostic] = field(default_factory=list)


class Linter:
    """Runs `check_source` ~150 ms after the last change of a document and publishes the result."""

    def __init__(
        self,
        run_in_thread: Callable[..., Awaitable],
        publish: Callable[[types.PublishDiagnosticsParams], None],
        codec: Callable[[], PositionCodec],
    ) -> None:
        self._run = run_in_thread
        self._publish = publish
        self._codec = codec
        self._pending: dict[str, asyncio.Task] = {}
        self.results: dict[str, Linted] = {}

    def schedule(
        self,
        uri: str,
        version: int | None,
        source: str,
        path: str | None,
        library: Library,
        ctx: ClientContext,
        enabled: bool,
    ) -> None:
        """Replace any pending run for `uri`; the newest text wins."""
        if task := self._pending.pop(uri, None):
            task.cancel()
        if not enabled:
            if self.results.pop(uri, None) is not None:  # clear once, not on every keystroke
                self._publish(types.PublishDiagnosticsParams(uri=uri, diagnostics=[], version=version))
            return
        self._pending[uri] = asyncio.ensure_future(self._lint(uri, version, source, path, library, ctx))

    def clear(self, uri: str) -> None:
        if task := self._pending.pop(uri, None):
            task.cancel()
        self.results.pop(uri, None)
        self._publish(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    async def _lint(
        self, uri: str, version: int | None, source: str, path: str | None, library: Library, ctx: ClientContext
    ) -> None:
        await asyncio.sleep(DEBOUNCE_SECONDS)
        try:
            from notesense.rules.engine import check_source  # on first use: `initialize` never pays for the rules

            findings = await self._run(check_source, source, path=path or "<editor>", library=library)
        except (SyntaxError, ValueError):
            return  # half-typed: the last diagnostics stay until the file parses again
        except Exception:
            log.exception("rules failed on %s", uri)
            return
        finally:
            if self._pending.get(uri) is asyncio.current_task():
                del self._pending[uri]
        positions = convert.Positions(convert.lsp_lines(source), self._codec())
        diagnostics = [convert.diagnostic(f, positions, ctx) for f in findings]
        self.results[uri] = Linted(version, positions, list(findings), diagnostics)
        self._publish(types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version))
