"""Front matter: the YAML (`---`) or TOML (`+++`) header that blog-style notes start with.

Broken front matter is never fatal: the note is then read as plain Markdown from its first line,
because losing a whole note over a typo in its header would be worse than a stray heading.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from notesense import yamlsafe
from notesense.notes.model import NoteError

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    tomllib = None  # type: ignore[assignment]


@dataclass(slots=True)
class FrontMatter:
    """What the header says, and where the Markdown body starts."""

    body: str  # the text after the header (the whole text when there is none)
    first_line: int = 1  # 1-based line of `body`'s first line in the file
    title: str = ""
    tags: list[str] = field(default_factory=list)
    hints: dict[str, str] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)


def split_front_matter(text: str, display: str = "<note>") -> FrontMatter:
    """Split a leading `---`/`+++` header off `text` and read it; anything odd leaves `text` whole.
    Raises NoteError (naming `display`) for a header notesense refuses to read at all: YAML whose
    aliases would expand without bound."""
    lines = text.split("\n", 1)
    opener = lines[0].rstrip()
    if opener not in ("---", "+++") or len(lines) < 2:
        return FrontMatter(body=text)
    closers = ("---", "...") if opener == "---" else ("+++",)
    rest = lines[1]
    offset = 0
    for raw in rest.splitlines(keepends=True):
        if raw.rstrip() in closers:
            header = rest[:offset]
            body = rest[offset + len(raw):]
            data = _load(header, yaml_header=opener == "---", display=display)
            if data is None:
                return FrontMatter(body=text)
            first_line = 2 + header.count("\n") + 1
            return _from_mapping(data, body, first_line)
        offset += len(raw)
    return FrontMatter(body=text)


def _load(header: str, *, yaml_header: bool, display: str) -> dict[str, Any] | None:
    """The header as a mapping, or None when it is not one (then it is ordinary text)."""
    try:
        if yaml_header:
            data = yamlsafe.load(header) if header.strip() else {}
        elif tomllib is not None:
            data = tomllib.loads(header)
        else:  # pragma: no cover - Python 3.10
            data = _tiny_toml(header)
    except yamlsafe.RejectedYAML as exc:
        line = 2 + (exc.problem_mark.line if exc.problem_mark else 0)
        raise NoteError(display, f"front matter (line {line}): {exc.problem}") from None
    except (yaml.YAMLError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _tiny_toml(header: str) -> dict[str, Any]:
    """`key = value` lines only: enough for title/tags on Python 3.10, which has no tomllib."""
    import ast

    data: dict[str, Any] = {}
    for line in header.splitlines():
        key, sep, value = line.partition("=")
        if not sep or line.lstrip().startswith(("#", "[")):
            continue
        value = value.strip()
        name = key.strip().strip('"')
        if value in ("true", "false"):
            data[name] = value == "true"
            continue
        try:
            data[name] = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            data[name] = value
    return data


def _from_mapping(data: dict[str, Any], body: str, first_line: int) -> FrontMatter:
    title = data.get("title")
    hints = data.get("notesense")
    return FrontMatter(
        body=body,
        first_line=first_line,
        title=str(title).strip() if title is not None else "",
        tags=list(dict.fromkeys(_as_list(data.get("tags")) + _as_list(data.get("categories")))),
        hints={str(k): _as_text(v) for k, v in hints.items()} if isinstance(hints, dict) else {},
        data=data,
    )


def _as_list(value: Any) -> list[str]:
    """Tags written as a list, a comma/space separated string, or a single scalar."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if v is not None and str(v).strip()]
    text = str(value).replace("，", ",")
    parts = text.split(",") if "," in text else text.split()
    return [p.strip() for p in parts if p.strip()]


def _as_text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value)
    return "" if value is None else str(value)
