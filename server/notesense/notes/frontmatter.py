"""Front matter: the YAML (`---`) or TOML (`+++`) header that blog-style notes start with, or the
`Key: value` lines of Pelican and MultiMarkdown.

Broken front matter is never fatal: the note is then read as plain Markdown from its first line,
because losing a whole note over a typo in its header would be worse than a stray heading. It is said
once (`FrontMatter.problem`: the compile report, the server's log, the CLI's stderr), with the line,
when the header was meant as one (it starts with a `key:`/`key =` line): a `---` rule around prose is not.
"""

from __future__ import annotations

import re
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
    summary: str = ""  # what the post says it is about, in a sentence (`summary`, `description`, `excerpt`)
    tags: list[str] = field(default_factory=list)
    hints: dict[str, str] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)
    problem: tuple[int, str] | None = None  # (file line, why) a header meant as front matter was not read as written


def split_front_matter(text: str, display: str = "<note>") -> FrontMatter:
    """Split a leading `---`/`+++` header off `text` and read it; anything odd leaves `text` whole.
    Raises NoteError (naming `display`) for a header notesense refuses to read at all: YAML whose
    aliases would expand without bound."""
    lines = text.split("\n", 1)
    opener = lines[0].rstrip()
    if opener not in ("---", "+++") or len(lines) < 2:
        return _metadata(text) or FrontMatter(body=text)
    closers = ("---", "...") if opener == "---" else ("+++",)
    rest = lines[1]
    offset = 0
    for raw in rest.splitlines(keepends=True):
        if raw.rstrip() in closers:
            header = rest[:offset]
            body = rest[offset + len(raw):]
            data, problem = _load(header, yaml_header=opener == "---", display=display)
            if data is None:
                return FrontMatter(body=text, problem=problem if _MEANT.match(header) else None)
            first_line = 2 + header.count("\n") + 1
            matter = _from_mapping(data, body, first_line)
            matter.problem = problem
            return matter
        offset += len(raw)
    return FrontMatter(body=text)


# Pelican's, MultiMarkdown's and Python-Markdown's header: `Key: value` lines from the first line to the
# first blank one (a value may go on over indented lines), no fences around it
_META_LINE = re.compile(r"([A-Za-z][A-Za-z0-9_-]*):(?:[ \t]+(.*?))?[ \t]*")
_META_KEYS = frozenset(
    "title date modified slug summary tags tag category categories author authors status lang save_as url "
    "template description keywords subtitle".split()
)


def _metadata(text: str) -> FrontMatter | None:
    """A header of `Key: value` lines (`Title: Bernoulli Naive Bayes Classifier`, `Summary: …`), or None.
    Only a header whose keys are a blog engine's and that gives a title counts: a note that starts with
    "Note: …" is prose."""
    first = _META_LINE.fullmatch(text.partition("\n")[0])
    if first is None or first[1].lower() not in _META_KEYS:
        return None  # most notes: a heading or a sentence, seen on the first line
    data: dict[str, Any] = {}
    key = ""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if not line.strip():
            break
        if key and line[:1] in (" ", "\t"):
            data[key] = f"{data[key]} {line.strip()}".strip()
            continue
        match = _META_LINE.fullmatch(line)
        if match is None or (key := match[1].lower()) not in _META_KEYS:
            return None
        data[key] = match[2] or ""
    else:
        return None
    body = "\n".join(lines[index + 1:])
    if not data.get("title") or not body.strip():
        return None  # nothing after the header: a note of `Key: value` lines is the note itself
    # a Pelican category is one name ("Machine Learning"), tags a comma list
    data["categories"] = [data.pop("category")] if data.get("category") else data.get("categories")
    return _from_mapping(data, body, index + 2)


_MEANT = re.compile(r"[ \t]*[A-Za-z_][\w-]*[ \t]*[:=]")  # a header whose first line is a key: meant as front matter
_TOML_LINE = re.compile(r"at line (\d+)")


def _load(header: str, *, yaml_header: bool, display: str) -> tuple[dict[str, Any] | None, tuple[int, str] | None]:
    """(the header as a mapping, or None when it is not one: then it is ordinary text; (file line, why)
    when something in it was not read as written). A key given twice (`aliases:` in every post of
    a Hugo blog) costs the note nothing: the last one is read, as the blog engine reads it."""
    problem: tuple[int, str] | None = None
    try:
        if yaml_header:
            try:
                data = yamlsafe.load(header) if header.strip() else {}
            except yamlsafe.RejectedYAML as exc:
                if not (exc.problem or "").startswith("duplicate key"):
                    raise
                data = yamlsafe.load(header, unique_keys=False)
                problem = 2 + (exc.problem_mark.line if exc.problem_mark else 0), f"front matter: {exc.problem}; the last one is read"
        elif tomllib is not None:
            data = tomllib.loads(header)
        else:  # pragma: no cover - Python 3.10
            data = _tiny_toml(header)
    except yamlsafe.RejectedYAML as exc:
        line = 2 + (exc.problem_mark.line if exc.problem_mark else 0)
        raise NoteError(display, f"front matter (line {line}): {exc.problem}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        return None, (2 + (mark.line if mark else 0), _not_read(getattr(exc, "problem", None) or str(exc)))
    except ValueError as exc:  # tomllib.TOMLDecodeError: "… (at line 3, column 9)"
        found = _TOML_LINE.search(str(exc))
        return None, (1 + (int(found[1]) if found else 1), _not_read(str(exc)))
    return (data, problem) if isinstance(data, dict) else (None, (2, _not_read("not a mapping of keys to values")))


def _not_read(reason: str) -> str:
    return f"front matter not read ({reason.strip()}); the note is read as Markdown from its first line"


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
        summary=_summary(data, str(title or "")),
        tags=list(dict.fromkeys(_as_list(data.get("tags")) + _as_list(data.get("categories")))),
        hints={str(k): _as_text(v) for k, v in hints.items()} if isinstance(hints, dict) else {},
        data=data,
    )


def _summary(data: dict[str, Any], title: str) -> str:
    """The header's description of the note, unless it only says the title again."""
    for key in ("summary", "description", "excerpt"):
        text = " ".join(data[key].split()) if isinstance(data.get(key), str) else ""
        if text:
            return "" if text.rstrip(".。").casefold() == title.strip().casefold() else text
    return ""


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
