"""The starter notes, read with markdown-it-py into sections, and handed to the tests as parameters.

Every test here looks at the same sections, so the parsing lives in one place and each test asks for
`section` (one test per `##` section) or `example` (one test per section's runnable Python block).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from notesense.compile.pitfalls import wrong_examples
from notesense.notes.code import clean
from notesense.notes.reader import load_note

REPO = Path(__file__).resolve().parents[2]
NOTES = REPO / "notes"
PYTHON_LABELS = {"python", "py", "python3"}
BLOCK_HINTS = {"pitfall", "fix", "severity"}  # hints about the block below them, not about the section


@dataclass(slots=True)
class Block:
    """A ```python fence of a section."""

    line: int  # 1-based line of the fence's first content line
    code: str
    wrong: bool = False  # a wrong example (a learned pitfall): meant to fail, never a section's example

    @property
    def kind(self) -> str:
        """'repl' for a `>>>` transcript, 'signature' for code that does not parse, else 'python'."""
        if self.code.lstrip().startswith(">>>"):
            return "repl"
        try:
            ast.parse(self.code)
        except SyntaxError:
            return "signature"
        return "python"


@dataclass(slots=True)
class NoteSection:
    """One `##` (or deeper) heading of a note and everything up to the next heading."""

    note: str  # 'notes/torch.md'
    line: int  # 1-based line of the heading
    heading: str
    emphasis: bool = False  # the heading has */_ markup, so its plain text differs from what was typed
    paragraphs: list[str] = field(default_factory=list)  # prose, inline Markdown as written
    hints: list[dict[str, str]] = field(default_factory=list)  # section hints (not a block's `pitfall=`)
    blocks: list[Block] = field(default_factory=list)  # the ```python fences, in order

    @property
    def ident(self) -> str:
        return f"{self.note}:{self.line}"

    @property
    def example(self) -> Block | None:
        """The one block the example test runs: the section's first ```python fence that is not a wrong
        example (those are tested by tests/rules/test_learned_truth.py: they must fail)."""
        return next((block for block in self.blocks if not block.wrong), None)


def parse_hint(html: str) -> dict[str, str] | None:
    """`<!-- notesense: context=torch symbols=a,b prefix=x -->` -> {'context': 'torch', ...}."""
    text = html.strip()
    if not (text.startswith("<!--") and text.endswith("-->")):
        return None
    body = text[4:-3].strip()
    if not body.startswith("notesense:"):
        return None
    pairs = (item.partition("=") for item in body[len("notesense:"):].split())
    return {key: value for key, sep, value in pairs if sep}


def read_sections(path: Path) -> list[NoteSection]:
    """The sections of one note; the level-1 title is the note's name, not a section."""
    tokens = MarkdownIt("commonmark").parse(path.read_text(encoding="utf-8"))
    name = path.relative_to(REPO).as_posix()
    note = load_note(path, name)
    wrong = wrong_examples(note, [[clean(block) for block in section.blocks] for section in note.sections])
    sections: list[NoteSection] = []
    current: NoteSection | None = None
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            level = int(token.tag[1:])
            inline = tokens[index + 1]
            emphasis = any(child.type in ("em_open", "strong_open") for child in inline.children or ())
            current = NoteSection(name, token.map[0] + 1, inline.content, emphasis) if level >= 2 else None
            if current is not None:
                sections.append(current)
        elif current is None:
            continue
        elif token.type == "inline" and tokens[index - 1].type == "paragraph_open":
            current.paragraphs.append(token.content)
        elif token.type == "html_block" and (hint := parse_hint(token.content)) is not None:
            if not set(hint) <= BLOCK_HINTS:
                current.hints.append(hint)
        elif token.type == "fence" and token.info.strip().split(" ")[0] in PYTHON_LABELS:
            current.blocks.append(Block(token.map[0] + 2, token.content, token.map[0] + 2 in wrong))
    return sections


def all_sections() -> list[NoteSection]:
    return [section for path in sorted(NOTES.glob("*.md")) for section in read_sections(path)]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrise by `note:line`, so a failure names the place to fix."""
    for name in ("section", "example"):
        if name in metafunc.fixturenames:
            sections = all_sections()  # none found: pytest reports the empty parameter set as a skip
            metafunc.parametrize(name, sections, ids=[s.ident for s in sections])
    if "transcript" in metafunc.fixturenames:
        found = [(s, b) for s in all_sections() for b in s.blocks if b.kind == "repl"]
        metafunc.parametrize("transcript", found, ids=[f"{s.note}:{b.line}" for s, b in found])


@pytest.fixture(scope="session")
def sections() -> list[NoteSection]:
    """Every section of every starter note, for the tests that look at the library as a whole."""
    return all_sections()
