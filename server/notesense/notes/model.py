"""What reading and parsing a note produces; the compiler consumes only these types."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from notesense.paths import file_stem

# how a list item's bullet is written (`- `, `* `, `1. `, a task's `- [ ] `): a passage of an item is its text
# without it, and a lead that holds the list as written says each item (`library.model.unsaid`)
LIST_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?")


@dataclass(slots=True)
class CodeBlock:
    """A fenced (or indented) code block exactly as it stands in the note."""

    info: str  # the fence label as written ('apache', 'python', ''): a hint only, never trusted
    text: str  # the raw content, list indentation removed, line endings normalised to \n (a `#@tab` line blank)
    line: int  # 1-based line in the note file of the block's first content line
    # the reader a multi-framework book writes the block for (`#@tab pytorch` → 'pytorch', 'all',
    # 'mxnet, pytorch'); DEFAULT_VARIANT for an untagged block in a note that tags others; '' otherwise
    variant: str = ""
    # `<!-- notesense: … -->` hints written between the previous block and this one (`pitfall=wrong`)
    hints: dict[str, str] = field(default_factory=dict)


DEFAULT_VARIANT = "default"

# Notes not written in Markdown (notebooks, reStructuredText) are read as the Markdown they convert to;
# a line map takes a line of that Markdown back to the file as it is on disk, so links land there:
# (first Markdown line of a piece, its line in the file, whether the piece's lines follow one to one).
LineMap = list[tuple[int, int, bool]]


def file_line(lines: LineMap, line: int) -> int:
    """The file's line for Markdown line `line` (unchanged without a map)."""
    if not lines:
        return line
    index = bisect.bisect_right(lines, (line, float("inf"), True)) - 1
    if index < 0:
        return lines[0][1]
    first, at, per_line = lines[index]
    return at + (line - first) if per_line else at


# what a note's file is called: Markdown (and Quarto's Markdown, `.qmd`), notebooks, reStructuredText, plain
# text; in the order a link written without one is tried (`order._resolve`)
NOTE_SUFFIXES = (".md", ".ipynb", ".rst", ".txt", ".markdown", ".qmd")
TEXT_NOTE_SUFFIXES = tuple(s for s in NOTE_SUFFIXES if s != ".ipynb")  # read as text (Markdown or reST)


def navigates(href: str) -> bool:
    """Whether a link leads to a note or a place in one (a table of contents, an index of notes) rather
    than to documentation: its text then names what another note explains, not what this one does."""
    if "://" not in href:
        return not href.startswith("mailto:")
    return links_note_file(href)


def links_note_file(href: str) -> bool:
    """Whether a link's address is a note's file (`…/blob/master/pandas/10minutes.ipynb`, `ch2/index.md`)."""
    return href.split("#", 1)[0].split("?", 1)[0].lower().endswith(NOTE_SUFFIXES)


def variants_meet(a: str, b: str) -> bool:
    """Whether text written for reader `a` also speaks to reader `b` (either one written for everyone,
    `all`, or a shared framework name)."""
    if not a or not b or a == b:
        return True
    if "all" in (a, b):
        return a != DEFAULT_VARIANT and b != DEFAULT_VARIANT
    return bool({v.strip() for v in a.split(",")} & {v.strip() for v in b.split(",")})


@dataclass(slots=True)
class Passage:
    """One paragraph or list item of prose, as written, with the spans that can name an API."""

    line: int  # 1-based file lines [line, end]
    end: int
    text: str  # as written (a list item without its bullet), Chinese kept
    item: bool = False  # a list item, not a free paragraph
    depth: int = 0  # list nesting depth (0: a free paragraph)
    continued: bool = False  # a later paragraph of the list item above it (no bullet of its own)
    code: tuple[str, ...] = ()  # inline code spans, in order
    # **bold**, <strong>, <b> and <kbd> spans, and the text of links to documentation that is a dotted
    # name or a call (`[csv.field_size_limit(new_limit)](https://docs…)`), in order
    strong: tuple[str, ...] = ()
    variant: str = ""  # the tab of a multi-framework book it is written under ('' for every reader)
    # it stands right under a code block, no blank line between (a notebook cell's `    set1.f(set2)`
    # then "the method returns…"): it goes on about that block
    follows: bool = False


@dataclass(slots=True)
class Section:
    """The text under one heading, up to the next heading of any level."""

    heading: tuple[str, ...]  # heading path from the top ('Pandas 一些语法', 'loc 操作 / iloc 操作')
    line: int  # 1-based line of the heading (1 for text before the first heading)
    prose: str  # the section's Markdown prose, code blocks removed, as written (Chinese kept)
    links: list[str] = field(default_factory=list)
    heading_links: tuple[str, ...] = ()  # the addresses its own heading links (`### [Log Loss](…log_loss.html)`)
    blocks: list[CodeBlock] = field(default_factory=list)
    # prose that stands right before each block (same order as `blocks`): the sentence that explains it
    lead: list[str] = field(default_factory=list)
    # `<!-- notesense: context=pandas symbols=pandas.DataFrame.loc prefix=loc -->` comments in the section
    hints: dict[str, str] = field(default_factory=dict)
    passages: list[Passage] = field(default_factory=list)  # the prose, unit by unit, in order

    def prose_for(self, variant: str) -> str:
        """The section's prose a reader of `variant` sees: everything when the note has no variants."""
        if not variant or all(not p.variant for p in self.passages):
            return self.prose
        return "\n\n".join(p.text for p in self.passages if variants_meet(p.variant, variant))


@dataclass(slots=True)
class Note:
    """One note file, read and split into sections."""

    path: str  # as the compiler names it in provenance: relative to the folder it was found under
    sha256: str  # of the raw bytes: the cache key and the duplicate detector
    title: str = ""
    summary: str = ""  # the header's one-sentence description of the note
    tags: list[str] = field(default_factory=list)
    hints: dict[str, str] = field(default_factory=dict)  # front-matter `notesense:` hints
    sections: list[Section] = field(default_factory=list)
    encoding: str = "utf-8"
    problems: list[tuple[int, str]] = field(default_factory=list)  # (file line, why) what was read not as written
    root: str = ""  # the name of the notes folder it was found under (`Hello-PyTorch`): may name the library

    @property
    def name(self) -> str:
        """The note's title, else its file's name: a Typora note's title is its file name (`模块——h5py.md`),
        and a note kept one file per API (`topk.md`, `torch.cat.md`) names its API there."""
        return self.title or file_stem(self.path)

    def around(self, section: Section) -> list[str]:
        """What may name the library a section is about, innermost first: its headings (or the one it
        stands under), the note's name (its words: `pandas_sql` says pandas), its tags."""
        heading = reversed(section.heading) if section.heading else [self.heading_of(section)]
        return [*heading, self.name.replace("_", " "), *self.tags]

    @property
    def folders(self) -> list[str]:
        """The folders the note is kept in, under the notes folder it was found in, innermost first
        (`PyTorch/基础/张量.md` → 基础, PyTorch): people file notes by library."""
        return self.path.replace("\\", "/").split("/")[-2::-1]

    def trail(self, section: Section) -> tuple[str, ...]:
        """The headings a record of `section` is shown under (its provenance): the note's title first when
        the header gives one — a blog post's body rarely repeats it, and a bare "Preliminaries" or "Merge"
        says little without the post it belongs to."""
        heading = tuple(section.heading)
        return (self.title, *heading) if self.title and heading[:1] != (self.title,) else heading

    def heading_of(self, section: Section) -> str:
        """The heading `section` stands under; for the text before the first heading, the note's name."""
        return section.heading[-1] if section.heading else self.name


@dataclass(slots=True)
class CleanCode:
    """A code block after cleaning, classified by what it contains."""

    kind: str  # 'python' | 'repl' | 'signature' | 'shell' | 'config' | 'output' | 'other'
    code: str  # cleaned Python (python/repl/signature kinds); the text as-is otherwise
    outputs: list[str] = field(default_factory=list)  # program output split off the code
    set_aside: list[tuple[int, str, str]] = field(default_factory=list)  # (note line, text, reason)
    signatures: list[str] = field(default_factory=list)  # API signature lines, e.g. 'os.walk(top[, topdown=True])'
    error: tuple[int, str] | None = None  # (note line, message) when the cleaned code does not parse


class NoteError(Exception):
    """A note that cannot be read at all; the message says which file and why."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
