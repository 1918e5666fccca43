"""What the client can do, read once at `initialize` (esbonio's request-context idea).

Handlers ask `ctx.snippet_support` instead of walking the capability tree on every request; one place
decides what a missing capability means.
"""

from __future__ import annotations

from dataclasses import dataclass

from lsprotocol import types
from pygls.capabilities import get_capability

from notesense.i18n import Language
from notesense.i18n import language as language_of


@dataclass(frozen=True, slots=True)
class ClientContext:
    """The capabilities notesense adapts to; conservative defaults when the client says nothing."""

    snippet_support: bool = False
    label_details: bool = False
    completion_markdown: bool = False
    hover_markdown: bool = False
    work_done_progress: bool = False
    configuration: bool = False
    watch_registration: bool = False
    watch_relative_patterns: bool = False
    show_document: bool = False
    diagnostic_code_description: bool = True
    # LSP 3.17 pull diagnostics (`textDocument/diagnostic`; then nothing is pushed) only for a client that
    # can also be told to pull again (`workspace/diagnostic/refresh`): a notes edit changes the diagnostics
    # of files nobody touched, which a client that pulls only after its own edits would not show
    # (Neovim 0.11 announces pull without refresh: it gets them pushed).
    pull_diagnostics: bool = False
    locale: str = ""  # `initialize.locale` or `serve --locale` ('zh-cn', 'en'): the language the user reads first

    @classmethod
    def from_capabilities(cls, caps: types.ClientCapabilities, locale: str | None = None) -> ClientContext:
        def cap(path: str, default=None):
            return get_capability(caps, path, default)

        markdown = types.MarkupKind.Markdown
        return cls(
            snippet_support=bool(cap("text_document.completion.completion_item.snippet_support", False)),
            label_details=bool(cap("text_document.completion.completion_item.label_details_support", False)),
            completion_markdown=markdown
            in (cap("text_document.completion.completion_item.documentation_format") or ()),
            hover_markdown=markdown in (cap("text_document.hover.content_format") or ()),
            work_done_progress=bool(cap("window.work_done_progress", False)),
            configuration=bool(cap("workspace.configuration", False)),
            watch_registration=bool(cap("workspace.did_change_watched_files.dynamic_registration", False)),
            watch_relative_patterns=bool(cap("workspace.did_change_watched_files.relative_pattern_support", False)),
            show_document=bool(cap("window.show_document.support", False)),
            diagnostic_code_description=bool(cap("text_document.publish_diagnostics.code_description_support", True)),
            pull_diagnostics=cap("text_document.diagnostic") is not None
            and bool(cap("workspace.diagnostics.refresh_support", False)),
            locale=(locale or "").strip().lower(),
        )

    @property
    def language(self) -> Language | None:
        """The language of what the server says: diagnostics, titles, messages (`notesense.i18n`)."""
        return language_of(self.locale)

    def markup(self, text: str, markdown_ok: bool) -> types.MarkupContent:
        """Markdown when the client renders it; the same text as plaintext otherwise (still readable)."""
        kind = types.MarkupKind.Markdown if markdown_ok else types.MarkupKind.PlainText
        return types.MarkupContent(kind=kind, value=text)
