"""The `notesense` settings as one typed object, parsed from initializationOptions or
workspace/configuration (jedi-language-server's `InitializationOptions` idea, without the schema
machinery: a handful of fields do not need it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def _section(value: Any, key: str) -> dict[str, Any]:
    inner = value.get(key) if isinstance(value, dict) else None
    return inner if isinstance(inner, dict) else {}


def _strings(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, (list, tuple)):
        return tuple(v for v in value if isinstance(v, str) and v)
    return ()


@dataclass(frozen=True, slots=True)
class Settings:
    """`{"notes": [...], "snippets": [...], "completion": {"showAll": bool}, "lint": {"enable": bool},
    "limits": {"notes": int, "megabytes": int}, "trusted": bool}`.

    `trusted` is the client's word on the workspace (VS Code sends `workspace.isTrusted`); None when
    the client does not say, which the server takes as trusted (and logs what it compiles)."""

    notes: tuple[str, ...] = ()
    snippets: tuple[str, ...] = ()
    show_all: bool = False
    lint_enable: bool = True
    trusted: bool | None = None
    raw: dict[str, Any] = field(default_factory=dict, compare=False)

    @classmethod
    def parse(cls, value: Any) -> Settings:
        """Accept the section itself or an object wrapping it as `{"notesense": {...}}`."""
        if isinstance(value, dict) and isinstance(value.get("notesense"), dict):
            value = value["notesense"]
        if not isinstance(value, dict):
            value = {}
        return cls(
            notes=_strings(value.get("notes")),
            snippets=_strings(value.get("snippets")),
            show_all=bool(_section(value, "completion").get("showAll", False)),
            lint_enable=bool(_section(value, "lint").get("enable", True)),
            trusted=value["trusted"] if isinstance(value.get("trusted"), bool) else None,
            raw=value,
        )

    @property
    def names_sources(self) -> bool:
        """True when these settings say where the notes are (so later sources are not consulted)."""
        return bool(self.notes or self.snippets)

    def options(self) -> dict[str, Any]:
        """The mapping `resolve_sources` reads: the section as the client sent it, normalised lists."""
        return {**self.raw, "notes": list(self.notes), "snippets": list(self.snippets)}
