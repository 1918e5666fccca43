"""The snippet record: the one data model that flows from the compiler to the server and the linter.

The compiler writes these records as YAML (one file per import context); the library loads them back.
`SCHEMA` is the JSON Schema of one YAML file; `validate_file` checks a loaded document against the same
rules without importing a JSON-Schema engine, because the server loads the library at start-up and
every millisecond there is felt by the user.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from notesense.notes.model import LIST_BULLET

SCHEMA_VERSION = 2  # 2: explanation records (`explanations:`), per-symbol `about`, learned `pitfalls:`; 1 still loads

KINDS = ("python", "repl", "signature")
PROSE = "prose"  # the kind of an explanation record: prose about an API, no code of its own
_NOTE = 5  # position of `source.note` in `Snippet.to_row()`
LANGS = ("zh", "en", "mixed")

# How much a record is about each of its symbols (`Snippet.about`), most first: the hover ranks by it.
NAMED = 4  # a hint or the heading names it (the heading is about nothing else)
EXPLAINED = 3  # the prose names it as its subject (or a heading names it among other words)
SHOWN = 2  # an example under prose demonstrates it: what the block shows, or its one API
CALLED = 1  # the code calls it
MENTIONED = 0  # mentioned in passing
MAIN_SYMBOLS = 2  # a record's first symbols are what it is about; the rest it only touches


def language_rank(lang: str, locale: str) -> int:
    """How well a record in `lang` (zh/en/mixed) suits a reader whose locale is `locale`: 0 when it is
    written (at least partly) in the reader's language, 1 when only in another; no locale, no
    preference. Within a bilingual record the reader's half comes first (`render.in_reading_order`)."""
    reads = locale[:2].lower()
    if reads in ("zh", "en"):
        return 0 if lang in (reads, "mixed") else 1
    return 0


def unsaid(doc: str, said: str) -> str:
    """The paragraphs of `doc` that `said` does not already hold (a notebook block's lead repeats the
    section's cells; an example's doc repeats the explanation shown above it): each said once."""
    shown = {paragraph.strip() for paragraph in said.split("\n\n")}
    # a list's item the prose reads without its bullet ("sum: 求和") is said by the list as written
    shown.update(LIST_BULLET.sub("", line).strip() for line in said.split("\n") if LIST_BULLET.match(line))
    # a table's row the prose reads as "name：description" is said by the table written as it stands
    rows = {_cells(line) for line in said.split("\n") if "|" in line}
    return "\n\n".join(p for p in doc.split("\n\n") if p.strip() not in shown and _cells(p) not in rows).strip()


def _cells(text: str) -> str:
    """`text` without the separators a table's row is written or read with."""
    return _SEPARATORS.sub("", text)


_SEPARATORS = re.compile(r"[\s|：:]+")


def escape(text: str) -> str:
    """Literal text for the LSP snippet grammar bodies use: `\\`, `$` and `}` escaped, so `'$10^3$'`
    stays text instead of becoming a tab stop."""
    return text.replace("\\", "\\\\").replace("$", "\\$").replace("}", "\\}")


@dataclass(frozen=True, slots=True)
class Source:
    """Where a snippet came from: the note file (as given to the compiler), 1-based line, heading path."""

    note: str
    line: int
    heading: tuple[str, ...] = ()

    def uri(self) -> str | None:
        """`file:///…/note.md#L612`, or None when the note was not found. The loaders make `note`
        absolute exactly when they find the file, so this never touches the disk: hovers call it."""
        path = Path(self.note)
        return f"{path.as_uri()}#L{self.line}" if path.is_absolute() else None

    def to_dict(self) -> dict[str, Any]:
        return {"note": self.note, "line": self.line, "heading": list(self.heading)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Source":
        return cls(d["note"], int(d["line"]), tuple(d.get("heading") or ()))


@dataclass(frozen=True, slots=True)
class Snippet:
    """One piece of a note that the editor can offer: code, what it explains, and where it came from."""

    id: str
    context: str
    title: str
    body: str
    code: str
    source: Source
    prefix: tuple[str, ...] = ()
    symbols: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    aliases: tuple[tuple[str, str], ...] = ()
    doc: str = ""
    lang: str = "en"
    links: tuple[str, ...] = ()
    kind: str = "python"
    signature: str = ""
    tags: tuple[str, ...] = field(default=())
    about: tuple[int, ...] = ()  # per symbol: NAMED, EXPLAINED, SHOWN, CALLED or MENTIONED (see `aboutness`)

    @property
    def alias_map(self) -> dict[str, str]:
        return dict(self.aliases)

    @property
    def is_explanation(self) -> bool:
        """Prose about an API with no code of its own (a heading, a bullet, a paragraph)."""
        return self.kind == PROSE

    def aboutness(self, symbol: str) -> int:
        """How much this record is about `symbol` (-1: not at all). Records written before `about`
        existed count their first symbol as explained and the others as called."""
        try:
            index = self.symbols.index(symbol)
        except ValueError:
            return -1
        if index < len(self.about):
            return self.about[index]
        return EXPLAINED if index == 0 else CALLED

    def to_dict(self) -> dict[str, Any]:
        """The YAML mapping, keys in a fixed order and empty optional fields left out (stable diffs)."""
        out: dict[str, Any] = {"id": self.id, "title": self.title}
        if self.prefix:
            out["prefix"] = list(self.prefix)
        if not self.is_explanation:
            out["body"] = self.body
            out["code"] = self.code
        if self.signature:
            out["signature"] = self.signature
        if not self.is_explanation:
            out["kind"] = self.kind
        if self.symbols:
            out["symbols"] = list(self.symbols)
        if self.about:
            out["about"] = list(self.about)
        if self.requires:
            out["requires"] = list(self.requires)
        if self.aliases:
            out["aliases"] = dict(self.aliases)
        if self.doc or self.is_explanation:  # an explanation's is required, empty when the note gives a signature alone
            out["doc"] = self.doc
        out["lang"] = self.lang
        if self.links:
            out["links"] = list(self.links)
        if self.tags:
            out["tags"] = list(self.tags)
        out["source"] = self.source.to_dict()
        return out

    def to_row(self, docs: dict[str, int] | None = None) -> list[Any]:
        """The record as one JSON array, the row format of the caches (`from_row` reads it back).
        Positional, because a cache of 10,000 records decodes measurably faster without the keys;
        a change here changes `store.code_version()`, so no cache of the old layout is ever read.
        With `docs`, the doc is stored as its number in that table: every block of a section carries
        the section's prose, so a library of long notes holds each text many times."""
        s = self.source
        doc = self.doc if docs is None else docs.setdefault(self.doc, len(docs))
        return [self.id, self.context, self.title, self.body, self.code, s.note, s.line, s.heading, self.prefix,
                self.symbols, self.requires, self.aliases, doc, self.lang, self.links, self.kind,
                self.signature, self.tags, self.about]

    @classmethod
    def from_row(cls, r: list[Any], docs: Sequence[str] | None = None) -> "Snippet":
        """Read a `to_row` array (`docs`: the table it was written with); TypeError, ValueError or
        IndexError on anything of another shape."""
        (id_, context, title, body, code, note, line, heading, prefix, symbols, requires, aliases, doc, lang, links,
         kind, signature, tags, about) = r
        return cls(id_, context, title, body, code, Source(note, int(line), tuple(heading)), tuple(prefix),
                   tuple(symbols), tuple(requires), tuple(map(tuple, aliases)), doc if docs is None else docs[doc],
                   lang, tuple(links), kind, signature, tuple(tags), tuple(about))

    def with_note(self, note: str) -> "Snippet":
        """The same record with its source at `note` (the loaders make note paths absolute): through
        the row, several times faster than `dataclasses.replace` on a library of thousands."""
        row = self.to_row()
        row[_NOTE] = note
        return self.from_row(row)

    @classmethod
    def from_dict(cls, context: str, d: dict[str, Any], explanation: bool = False) -> "Snippet":
        """Build from a mapping that `validate_snippet` (or, with `explanation`, `validate_explanation`)
        accepted."""
        return cls(
            id=d["id"],
            context=context,
            title=d["title"],
            body=d.get("body", ""),
            code=d.get("code", ""),
            source=Source.from_dict(d["source"]),
            prefix=tuple(d.get("prefix") or ()),
            symbols=tuple(d.get("symbols") or ()),
            requires=tuple(d.get("requires") or ()),
            aliases=tuple(sorted((d.get("aliases") or {}).items())),
            doc=d.get("doc") or "",
            lang=d.get("lang", "en"),
            links=tuple(d.get("links") or ()),
            kind=PROSE if explanation else d.get("kind", "python"),
            signature=d.get("signature") or "",
            tags=tuple(d.get("tags") or ()),
            about=tuple(d.get("about") or ()),
        )


@dataclass(frozen=True, slots=True)
class PitfallPattern:
    """A learned rule as data, in ast-grep/semgrep terms (`notesense.rules.pattern` runs it):
    `pattern` is Python with `$X` / `$$$ARGS` metavariables and `...` lines; `where` gives a
    metavariable the kind its code must have (`pandas.DataFrame`); `modules` are the packages whose
    dotted names in the pattern and fix are canonical; `fix` (None: a hint without a fix) replaces
    the `focus` statements, or the matched expression; `fix_requires` pins literal metavariables to
    the note's text where the fix's own numbers may depend on them; `not_inside` are block headers
    (`with torch.no_grad(): ...`) inside which the code is right."""

    pattern: str
    where: tuple[tuple[str, str], ...] = ()
    modules: tuple[str, ...] = ()
    fix: str | None = None
    focus: tuple[int, int] | None = None
    fix_requires: tuple[tuple[str, str], ...] = ()
    not_inside: tuple[str, ...] = ()  # guards (`with torch.no_grad(): ...`) the right code puts it under

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"pattern": self.pattern}
        if self.where:
            out["where"] = dict(self.where)
        if self.modules:
            out["modules"] = list(self.modules)
        if self.focus is not None:
            out["focus"] = list(self.focus)
        if self.fix is not None:
            out["fix"] = self.fix
        if self.fix_requires:
            out["fix_requires"] = dict(self.fix_requires)
        if self.not_inside:
            out["not_inside"] = list(self.not_inside)
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "PitfallPattern":
        focus = d.get("focus")
        return cls(
            pattern=d["pattern"],
            where=tuple(sorted((d.get("where") or {}).items())),
            modules=tuple(d.get("modules") or ()),
            fix=d.get("fix"),
            focus=(int(focus[0]), int(focus[1])) if focus else None,
            fix_requires=tuple(sorted((d.get("fix_requires") or {}).items())),
            not_inside=tuple(d.get("not_inside") or ()),
        )


SEVERITIES = ("error", "warning", "info", "hint")


@dataclass(frozen=True, slots=True)
class Pitfall:
    """A pitfall a note describes, learned into a rule: the rule, the note's words, its code, where it
    came from, and whether it passed its self-check (`check` is 'ok' or why not; only 'ok' ones run).

    `candidates` holds every rule the learner found (general first) between compiling the note and
    checking them against the other notes; the library written to disk keeps only the chosen `rule`."""

    id: str  # NSN + five digits
    context: str
    title: str
    rule: PitfallPattern
    source: Source
    wrong: str
    right: str = ""
    message: str = ""
    hint: str = ""
    severity: str = "hint"
    safe: bool = False  # the note said `fix=safe`
    check: str = "ok"
    candidates: tuple[PitfallPattern, ...] = ()
    part: int = 0  # which edit of the wrong block (a pair can teach several)

    @property
    def enabled(self) -> bool:
        return self.check == "ok"

    def to_dict(self, *, candidates: bool = False) -> dict[str, Any]:
        """The YAML mapping (the cache also keeps `candidates`)."""
        out: dict[str, Any] = {"id": self.id, "title": self.title, **self.rule.to_dict()}
        out["safe"] = self.safe
        out["severity"] = self.severity
        if self.message:
            out["message"] = self.message
        if self.hint:
            out["hint"] = self.hint
        out["wrong"] = self.wrong
        if self.right:
            out["right"] = self.right
        out["check"] = self.check
        if self.part:
            out["part"] = self.part
        out["source"] = self.source.to_dict()
        if candidates and self.candidates:
            out["candidates"] = [c.to_dict() for c in self.candidates]
        return out

    def to_row(self) -> list[Any]:
        """The record as JSON values, for the caches (`from_row` reads it back): few records, kept whole."""
        return [self.context, self.to_dict(candidates=True)]

    @classmethod
    def from_row(cls, row: list[Any]) -> "Pitfall":
        context, d = row
        return cls.from_dict(context, d)

    def with_note(self, note: str) -> "Pitfall":
        """The same record with its source at `note` (the loaders make note paths absolute)."""
        return replace(self, source=replace(self.source, note=note))

    @classmethod
    def from_dict(cls, context: str, d: dict[str, Any]) -> "Pitfall":
        """Build from a mapping that `validate_pitfall` accepted."""
        return cls(
            id=d["id"],
            context=context,
            title=d.get("title") or "",
            rule=PitfallPattern.from_dict(d),
            source=Source.from_dict(d["source"]),
            wrong=d["wrong"],
            right=d.get("right") or "",
            message=d.get("message") or "",
            hint=d.get("hint") or "",
            severity=d.get("severity", "hint"),
            safe=bool(d.get("safe", False)),
            check=d.get("check", "ok"),
            candidates=tuple(PitfallPattern.from_dict(c) for c in d.get("candidates") or ()),
            part=int(d.get("part", 0)),
        )


_STR_LIST = {"type": "array", "items": {"type": "string"}}
_ABOUT = {"type": "array", "items": {"type": "integer", "minimum": MENTIONED, "maximum": NAMED}}
_SOURCE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["note", "line"],
    "properties": {
        "note": {"type": "string"},
        "line": {"type": "integer", "minimum": 1},
        "heading": _STR_LIST,
    },
}
_STR_MAP = {"type": "object", "additionalProperties": {"type": "string"}}

SNIPPET_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "title", "body", "code", "kind", "lang", "source"],
    "properties": {
        "id": {"type": "string", "pattern": r"^[A-Za-z0-9_.\-]+$"},
        "title": {"type": "string"},
        "prefix": _STR_LIST,
        "body": {"type": "string"},
        "code": {"type": "string"},
        "signature": {"type": "string"},
        "kind": {"enum": list(KINDS)},
        "symbols": _STR_LIST,
        "requires": _STR_LIST,
        "aliases": {"type": "object", "additionalProperties": {"type": "string"}},
        "doc": {"type": "string"},
        "lang": {"enum": list(LANGS)},
        "links": _STR_LIST,
        "tags": _STR_LIST,
        "about": _ABOUT,
        "source": _SOURCE,
    },
}

# An explanation: what a note's prose says about an API, kept without code (a heading `### shutil.rmtree`
# with one line of prose, a bullet `torch.squeeze(): 这个函数…`). `signature` is the call the note
# writes out, offered by completion.
EXPLANATION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "title", "doc", "lang", "source"],  # no symbols: prose kept for search only
    "properties": {
        "id": SNIPPET_SCHEMA["properties"]["id"],
        "title": {"type": "string"},
        "prefix": _STR_LIST,
        "signature": {"type": "string"},
        "symbols": _STR_LIST,
        "about": _ABOUT,
        "requires": _STR_LIST,
        "aliases": SNIPPET_SCHEMA["properties"]["aliases"],
        "doc": {"type": "string"},
        "lang": {"enum": list(LANGS)},
        "links": _STR_LIST,
        "tags": _STR_LIST,
        "source": _SOURCE,
    },
}

_SOURCE_SCHEMA = SNIPPET_SCHEMA["properties"]["source"]
_PATTERN_PROPERTIES: dict[str, Any] = {
    "pattern": {"type": "string"},
    "where": _STR_MAP,
    "modules": _STR_LIST,
    "focus": {"type": "array", "items": {"type": "integer", "minimum": 0}},
    "fix": {"type": "string"},
    "fix_requires": _STR_MAP,
    "not_inside": _STR_LIST,
}

PITFALL_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "title", "pattern", "safe", "severity", "wrong", "check", "source"],
    "properties": {
        "id": {"type": "string", "pattern": r"^NSN[0-9]+$"},
        "title": {"type": "string"},
        **_PATTERN_PROPERTIES,
        "safe": {"type": "boolean"},
        "severity": {"enum": list(SEVERITIES)},
        "message": {"type": "string"},
        "hint": {"type": "string"},
        "wrong": {"type": "string"},
        "right": {"type": "string"},
        "check": {"type": "string"},
        "part": {"type": "integer", "minimum": 0},
        "source": _SOURCE_SCHEMA,
        "candidates": {
            "type": "array",
            "items": {"type": "object", "additionalProperties": False, "required": ["pattern"],
                      "properties": _PATTERN_PROPERTIES},
        },
    },
}

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://notesense.dev/schema/snippets-v2.json",
    "title": "notesense snippet library (one file per import context)",
    "type": "object",
    "additionalProperties": False,
    "required": ["version", "context", "snippets"],
    "properties": {
        "version": {"enum": [1, SCHEMA_VERSION]},
        "context": {"type": "string", "pattern": r"^[A-Za-z_][A-Za-z0-9_.]*$"},
        # folders (relative to this file's folder) that `source.note` paths are relative to
        "note_roots": _STR_LIST,
        "snippets": {"type": "array", "items": SNIPPET_SCHEMA},
        "explanations": {"type": "array", "items": EXPLANATION_SCHEMA},  # version 2
        # pitfalls the notes describe, learned into rules (`notesense rule --learned` lists them)
        "pitfalls": {"type": "array", "items": PITFALL_SCHEMA},
    },
}


class SchemaError(ValueError):
    """A snippet file that does not match the schema; the message names the entry and the field."""


def _check(value: Any, schema: dict[str, Any], where: str) -> None:
    if "const" in schema and value != schema["const"]:
        raise SchemaError(f"{where}: expected {schema['const']!r}, got {value!r}")
    if "enum" in schema and value not in schema["enum"]:
        raise SchemaError(f"{where}: expected one of {schema['enum']}, got {value!r}")
    kind = schema.get("type")
    if kind == "object":
        if not isinstance(value, dict):
            raise SchemaError(f"{where}: expected a mapping, got {type(value).__name__}")
        props = schema.get("properties", {})
        for key in schema.get("required", ()):
            if key not in value:
                raise SchemaError(f"{where}: missing required field '{key}'")
        extra = schema.get("additionalProperties", True)
        for key, item in value.items():
            if key in props:
                _check(item, props[key], f"{where}.{key}")
            elif extra is False:
                raise SchemaError(f"{where}: unknown field '{key}'")
            elif isinstance(extra, dict):
                _check(item, extra, f"{where}.{key}")
    elif kind == "array":
        if not isinstance(value, list):
            raise SchemaError(f"{where}: expected a list, got {type(value).__name__}")
        for i, item in enumerate(value):
            _check(item, schema["items"], f"{where}[{i}]")
    elif kind == "string":
        if not isinstance(value, str):
            raise SchemaError(f"{where}: expected a string, got {type(value).__name__}")
    elif kind == "integer":
        if not isinstance(value, int) or isinstance(value, bool):
            raise SchemaError(f"{where}: expected an integer, got {value!r}")
        if value < schema.get("minimum", value):
            raise SchemaError(f"{where}: must be >= {schema['minimum']}, got {value}")


def validate_snippet(entry: Any, where: str) -> None:
    """Raise SchemaError naming `where` (e.g. `snippets[3] (id pandas.loc)`) when `entry` is invalid."""
    if isinstance(entry, dict) and isinstance(entry.get("id"), str):
        where = f"{where} (id {entry['id']})"
    _check(entry, SNIPPET_SCHEMA, where)


def validate_explanation(entry: Any, where: str) -> None:
    """`validate_snippet` for an entry of `explanations:`."""
    if isinstance(entry, dict) and isinstance(entry.get("id"), str):
        where = f"{where} (id {entry['id']})"
    _check(entry, EXPLANATION_SCHEMA, where)


def validate_pitfall(entry: Any, where: str) -> None:
    """Raise SchemaError naming `where` when a `pitfalls` entry is invalid."""
    if isinstance(entry, dict) and isinstance(entry.get("id"), str):
        where = f"{where} (id {entry['id']})"
    _check(entry, PITFALL_SCHEMA, where)
    focus = entry.get("focus")
    if focus is not None and (len(focus) != 2 or focus[0] >= focus[1]):
        raise SchemaError(f"{where}.focus: expected [start, end] with start < end, got {focus!r}")


def validate_header(doc: Any) -> None:
    """Check everything of a file but its entries (snippets, explanations, pitfalls), which the loader
    checks one by one."""
    if not isinstance(doc, dict):
        raise SchemaError(f"top level: expected a mapping with 'context' and 'snippets', got {type(doc).__name__}")
    entries = {"type": "array", "items": {}}
    header_schema = dict(SCHEMA, properties=dict(SCHEMA["properties"], snippets=entries, explanations=entries,
                                                 pitfalls=entries))
    _check(doc, header_schema, "top level")
    if doc.get("version") == 1 and "explanations" in doc:
        raise SchemaError("top level: 'explanations' needs version 2 (this file says version 1)")
