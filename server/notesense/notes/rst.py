"""reStructuredText notes → Markdown, read with docutils, so that one parser handles every note.

Sphinx books and study notes keep code in `.. code-block:: python` (and `code`, `sourcecode`), in `::`
literal blocks, as `>>>` doctest blocks and in `.. ipython::` / `.. jupyter-execute::` directives; the
prose names APIs with roles (:func:`torch.clamp`, :meth:`DataFrame.fillna`), and notes that copy a
library's reference explain each API under a Python-domain description (`.. function:: shutil.rmtree(path)`,
`.. class::` with its `.. method::` entries, under `.. module::`). Parsing is docutils' (never regexes
over the markup); what Sphinx adds and plain docutils does not know is registered as what it means for
a reader: code directives give code, API roles give inline code, a description gives a heading naming
the API with its signature (qualified by its module and class, as Sphinx names it) over its text, and
any other unknown directive or role is left out silently. Nothing is ever executed: docutils' `include` and
`raw` directives (which read files or URLs) are disabled; `literalinclude` reads a file only inside the
notes folder, as text (`notes.includes`).

Every piece keeps where it stands in the `.rst` file (a `LineMap`), so links land on the source line.
"""

from __future__ import annotations

import functools
import re
from contextvars import ContextVar
from typing import Any

from notesense.notes.includes import Include
from notesense.notes.model import LineMap

# Sphinx roles whose text is an API name (`:py:func:` and the like are the same roles in a domain).
_API_ROLES = "func meth class mod attr obj data exc const attribute method function module".split()
_TEXT_ROLES = "ref doc numref term abbr command file kbd program envvar option sup sub math eq cite".split()
_CODE_DIRECTIVES = ("ipython", "jupyter-execute", "testcode", "doctest", "jupyter-kernel", "plot")
# the reader of the files the note being converted includes (`convert`'s `include`)
_INCLUDE: ContextVar[Include | None] = ContextVar("include", default=None)
_SOURCE_DIRECTIVES = ("code-block", "sourcecode", "code")  # a block in the language its argument names
_CONTAINER_DIRECTIVES = (
    "dropdown tab tabs tab-set tab-item group-tab code-tab card grid grid-item grid-item-card cssclass margin "
    "exercise solution div"
).split()
_SKIPPED_DIRECTIVES = (
    "toctree autofunction automodule autoclass automethod autoattribute autodata autosummary "
    "index only tabularcolumns seealso versionadded versionchanged deprecated glossary bibliography highlight"
).split()
# Python-domain descriptions (`.. function::`, `.. py:method::`): the API named, its explanation as content
_DESCRIPTIONS = (
    "function class method attribute data exception decorator decoratormethod classmethod staticmethod property"
).split()
_MEMBERS = {"method", "attribute", "decoratormethod", "classmethod", "staticmethod", "property"}  # a class's
_MODULE_DIRECTIVES = ("module", "currentmodule")
_LANGUAGE = re.compile(r"^(?:python|py|python3|ipython|ipython3|pycon|default)?$")


@functools.cache
def _docutils() -> dict[str, Any]:
    """docutils, with the Sphinx vocabulary notes use registered once per process."""
    from docutils import nodes
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Directive, Parser, directives, roles

    def api_role(name, rawtext, text, lineno, inliner, options=None, content=None):  # noqa: ANN001, ARG001
        target = re.sub(r"^[~!.]+|\s*<[^>]*>$", "", text)  # :func:`~torch.clamp`, :meth:`fill <x.fillna>`
        return [nodes.literal(rawtext, target)], []

    def text_role(name, rawtext, text, lineno, inliner, options=None, content=None):  # noqa: ANN001, ARG001
        return [nodes.Text(re.sub(r"\s*<[^>]*>$", "", text))], []

    def literal(text: str, language: str, line: int | None) -> Any:
        node = nodes.literal_block(text, text, classes=["code", *([language] if language else [])])
        node.line = line
        return node

    class CodeDirective(Directive):
        """A block of code: Sphinx's `.. code-block:: python` (`sourcecode`, `code`), whose argument is its
        language (none: Python), with any of Sphinx's options (`:linenos:`, `:caption:`), which docutils' own
        `code` directive rejects, dropping the block; and the executable-example directives of Sphinx
        extensions (`.. ipython::`, `.. testcode::`), whose body is Python, their options ignored."""

        has_content = True
        optional_arguments = 1
        final_argument_whitespace = True
        option_spec = _AnyOption()

        def run(self) -> list[Any]:
            text = "\n".join(self.content)
            written = self.arguments[0].split() if self.arguments else []
            language = (written[0].lower() if written else "") if self.name in _SOURCE_DIRECTIVES else "python"
            return [literal(text, language, self.content_offset + 1)]

    class LiteralInclude(Directive):
        """`.. literalinclude:: code/train.py`: the file's text as the block, when the note's reader gives it
        (`includes`: inside the notes folder, never run); else nothing, as an unknown directive."""

        required_arguments = 1
        final_argument_whitespace = True
        option_spec = _AnyOption()

        def run(self) -> list[Any]:
            include = _INCLUDE.get()
            found = include(self.arguments[0], self.options) if include else None
            if found is None:
                return []
            node = literal(found[0], found[1].lower(), self.lineno)
            node["included"] = True
            return [node]

    class Container(Directive):
        """A box a Sphinx extension draws around notes (sphinx-design's `.. dropdown:: 答案`, `.. tab-item::
        PyTorch`, sphinx-tabs' `.. tab::`): its content is the note's, read as any other (docutils
        knows none of them, and would drop it whole)."""

        has_content = True
        optional_arguments = 1
        final_argument_whitespace = True
        option_spec = _AnyOption()  # (`:open:`, `:sync:`)

        def run(self) -> list[Any]:
            node = nodes.container()
            self.state.nested_parse(self.content, self.content_offset, node)
            return [node]

    class Skipped(Directive):
        has_content = True
        optional_arguments = 10
        final_argument_whitespace = True
        option_spec = None

        def run(self) -> list[Any]:
            return []

    class Description(Directive):
        """A Python-domain description: `signatures` as written (one per argument line), `objtype` the
        directive's kind, the content parsed into the node (nested descriptions of a class's members too)."""

        has_content = True
        optional_arguments = 1
        final_argument_whitespace = True
        option_spec = _AnyOption()  # `:noindex:`, `:module:`, … accepted

        def run(self) -> list[Any]:
            node = description()
            node["objtype"] = self.name.removeprefix("py:")
            node["signatures"] = [line.strip() for line in (self.arguments[0] if self.arguments else "").split("\n") if line.strip()]
            node["options"] = dict(self.options)
            node.line = self.lineno
            self.state.nested_parse(self.content, self.content_offset, node)
            return [node]

    class Module(Directive):
        """`.. module:: shutil` / `.. currentmodule:: shutil`: the module the descriptions after it are of."""

        has_content = True
        optional_arguments = 1
        final_argument_whitespace = True
        option_spec = _AnyOption()

        def run(self) -> list[Any]:
            name = self.arguments[0].strip() if self.arguments else ""
            return [module_marker(module="" if name == "None" else name)]

    class description(nodes.Element):  # noqa: N801 - docutils names its node classes in lower case
        pass

    class module_marker(nodes.Element):  # noqa: N801
        pass

    for domain in ("", "py:"):
        for name in _API_ROLES:
            roles.register_local_role(domain + name, api_role)
        for name in _DESCRIPTIONS:
            directives.register_directive(domain + name, Description)
        for name in _MODULE_DIRECTIVES:
            directives.register_directive(domain + name, Module)
    for name in _TEXT_ROLES:
        roles.register_local_role(name, text_role)
    for name in (*_CODE_DIRECTIVES, *_SOURCE_DIRECTIVES):
        directives.register_directive(name, CodeDirective)
    for name in _CONTAINER_DIRECTIVES:
        directives.register_directive(name, Container)
    directives.register_directive("literalinclude", LiteralInclude)
    for name in _SKIPPED_DIRECTIVES:
        directives.register_directive(name, Skipped)
    settings = get_default_settings(Parser)
    settings.report_level = 5  # a note is not a document to validate: nothing is reported...
    settings.halt_level = 5  # ...and nothing stops the reading
    settings.file_insertion_enabled = False  # docutils' `include` reads any file: never (`literalinclude` is ours)
    settings.raw_enabled = False
    settings.line_length_limit = 1_000_000
    return {"nodes": nodes, "Parser": Parser, "settings": settings, "description": description, "module": module_marker}


class _AnyOption(dict):
    """A directive's option table that accepts every option (as text, "" for a flag): notes carry Sphinx's
    options (`:noindex:`, `:module:`, `:linenos:`) that plain docutils would report and drop the directive
    for. Never empty to docutils, which parses no option at all for an empty table."""

    def __missing__(self, key: str) -> Any:
        return _option_text

    def __bool__(self) -> bool:
        return True


def _option_text(value: str | None) -> str:
    return "" if value is None else value


def convert(text: str, include: Include | None = None) -> tuple[str, LineMap]:
    """The note as Markdown, and where each piece of it stands in the `.rst` text; `include` reads the
    files its `literalinclude`s name (none are read without it)."""
    from docutils.utils import new_document

    du = _docutils()
    document = new_document("<note>", du["settings"])
    token = _INCLUDE.set(include)
    try:
        du["Parser"]().parse(text, document)
    finally:
        _INCLUDE.reset(token)
    writer = _Writer(du, text.split("\n"))
    writer.body(document, 0)
    return "\n\n".join(writer.parts) + "\n" if writer.parts else "", writer.lines


class _Writer:
    """Walks the doctree in order, writing Markdown pieces and their source lines."""

    def __init__(self, du: dict[str, Any], source: list[str]) -> None:
        self.nodes = du["nodes"]
        self.description = du["description"]
        self.module_marker = du["module"]
        self.source = source
        self.module = ""  # the module the descriptions are of (`.. module::`), in document order
        self.owner = ""  # the class whose description the walk is inside
        self.parts: list[str] = []
        self.lines: LineMap = []
        self.at = 1  # the Markdown line the next piece starts on
        self.seen = 0  # source lines before this are behind us (pieces come in order)

    def emit(self, text: str, source_line: int | None, first_offset: int = 0) -> None:
        """Add a piece; `source_line` is where its text starts in the file (its first Markdown line
        after `first_offset` lines of fence)."""
        if source_line is not None:
            self.lines.append((self.at + first_offset, source_line, True))
            self.seen = max(self.seen, source_line)
        self.parts.append(text)
        self.at += text.count("\n") + 2

    def find(self, first: str, hint: int | None) -> int | None:
        """The 1-based file line where a piece whose first line reads `first` starts: searched from
        the last piece on (docutils' own line numbers are the start for some nodes, the end for
        others); `hint` when the text cannot be found as written."""
        want = first.strip()
        if want:
            for index in range(max(self.seen - 1, 0), len(self.source)):
                if want in self.source[index]:
                    return index + 1
        return hint

    def body(self, node: Any, depth: int) -> None:
        self.walk(node.children, depth)

    def walk(self, children: list[Any], depth: int) -> None:
        """Nodes in order, each as what it is (a definition's or list item's remaining nodes, too)."""
        n = self.nodes
        for child in children:
            if isinstance(child, n.section):
                self.body(child, depth + 1)
            elif isinstance(child, n.title):
                text = self.inline(child)
                self.emit(f"{'#' * min(max(depth, 1), 6)} {text}", self.find(child.astext().split("\n")[0], child.line))
            elif isinstance(child, (n.literal_block, n.doctest_block)):
                self.code(child)
            elif isinstance(child, self.description):
                self.describe(child, depth + 1)
            elif isinstance(child, self.module_marker):
                self.module = child["module"]
            elif isinstance(child, n.paragraph):
                text = self.inline(child)
                self.emit(text, self.find(_first_words(child.astext()), child.line))
            elif isinstance(child, (n.bullet_list, n.enumerated_list)):
                for item in child.children:
                    self.item(item, "- " if isinstance(child, n.bullet_list) else "1. ")
            elif isinstance(child, n.table):
                self.table(child)
            elif isinstance(child, n.definition_list):
                for item in child.children:
                    self.definition(item, depth)
            elif isinstance(child, (n.system_message, n.comment, n.substitution_definition, n.target, n.raw)):
                continue
            elif isinstance(child, n.Element):
                self.body(child, depth)  # admonitions, block quotes: their paragraphs

    def describe(self, node: Any, depth: int) -> None:
        """A description: a heading with the API's name and signature in code, as Sphinx names it
        (`rmtree(path)` under `.. module:: shutil` is `shutil.rmtree(path)`, a method in a class's
        description is the class's), then its text and members one level below."""
        signatures = [self.qualified(signature, node["objtype"], node["options"]) for signature in node["signatures"]]
        if signatures:
            first = node["signatures"][0]
            self.emit(f"{'#' * min(depth, 6)} `{signatures[0]}`", self.find(first, node.line))
            if len(signatures) > 1:
                self.emit(" ".join(f"`{signature}`" for signature in signatures[1:]), None)
        is_class = node["objtype"] in ("class", "exception") and signatures
        self.owned(_name_of(signatures[0]) if is_class else self.owner, node.children, depth)

    def owned(self, owner: str, children: list[Any], depth: int) -> None:
        """`children` walked as the description of `owner`'s members (or of no class: `owner` as it was)."""
        outer, self.owner = self.owner, owner
        self.walk(children, depth)
        self.owner = outer

    def qualified(self, signature: str, objtype: str, options: dict[str, Any]) -> str:
        """`signature` with its name spelt in full: a member's by its class (`:class:` or the enclosing
        description), anything else's by its module (`:module:` or the last `.. module::`), unless it is
        spelt from there already."""
        name = _name_of(signature)
        # a function described inside a class's description is one of its methods (notes write
        # `.. function::` there as often as `.. method::`)
        owner = options.get("class") or (self.owner if objtype in _MEMBERS or objtype == "function" else "")
        prefix = owner or options.get("module") or self.module
        if not name or not prefix or name == prefix or name.startswith(prefix + "."):
            return signature.strip()
        head, _, last = prefix.rpartition(".")
        if name.startswith(last + "."):  # `Counter.most_common` in `collections.Counter`'s description
            return f"{head}.{signature.strip()}" if head else signature.strip()
        return f"{prefix}.{signature.strip()}"

    def table(self, table: Any) -> None:
        """A table (grid, simple, `list-table`) as a Markdown table, a row a line, each row at its line
        in the file: a reference's table ("strptime(string[, format]) | Parses a string…") is read as a
        Markdown one is, its column titles with it (blank where the table has none)."""
        n = self.nodes
        head = [row for part in table.findall(n.thead) for row in part.findall(n.row)]
        body = [row for part in table.findall(n.tbody) for row in part.findall(n.row)]
        if not body:
            return
        rows = [self.cells(row) for row in body]
        header = self.cells(head[0]) if head else [" "] * max(len(row) for row in rows)
        lines = [f"| {' | '.join(header)} |", "|" + "---|" * len(header)]
        start = self.at
        self.emit("\n".join([*lines, *(f"| {' | '.join(row)} |" for row in rows)]), None)
        for number, (row, written) in enumerate(zip(body, rows)):  # each row links to its own line
            first = next((cell for cell in written if cell.strip()), "")
            if (line := self.find(_first_words(first) or first, row.line)) is not None:
                self.lines.append((start + len(lines) + number, line, False))
                self.seen = max(self.seen, line)

    def cells(self, row: Any) -> list[str]:
        """A table row's cells as Markdown table cells: their paragraphs' text, on one line, pipes escaped."""
        n = self.nodes
        return [" ".join(self.inline(p) for p in entry.findall(n.paragraph)).replace("|", "\\|").replace("\n", " ")
                for entry in row.findall(n.entry)]

    def definition(self, item: Any, depth: int) -> None:
        """A definition list's item: a term naming an API over what it does ("strptime(string[, format])"
        over "Parses a string…") reads as the entry "`strptime(string[, format])`：Parses a string…", any
        other term in bold; a term that is a class's line ("class concurrent.futures.Executor") heads its
        description as `.. class::` would, the functions described under it its methods."""
        n = self.nodes
        terms = [c for c in item.children if isinstance(c, n.term)]
        body = [c for c in item.children if isinstance(c, n.definition)]
        if not terms:
            return
        term = terms[0]
        plain = " ".join(term.astext().split())
        children = [c for d in body for c in d.children]
        if (cls := _CLASS_TERM.match(plain)) and _name_of(plain[cls.end():]):
            signature = self.qualified(plain[cls.end():], "class", {})
            self.emit(f"{'#' * min(depth + 1, 6)} `{signature}`", self.find(plain, term.line))
            self.owned(_name_of(signature), children, depth + 1)
            return
        head = f"`{plain}`" if _CODE_TERM.fullmatch(plain) else f"**{self.inline(term)}**"
        first = children.pop(0) if children and isinstance(children[0], n.paragraph) else None
        self.emit(f"{head}：{self.inline(first)}" if first is not None else head, self.find(plain, term.line))
        self.walk(children, depth)

    def item(self, item: Any, bullet: str) -> None:
        """A list item: its first paragraph on the bullet line, the rest (code, sub-lists) after it."""
        n = self.nodes
        children = list(item.children)
        if children and isinstance(children[0], n.paragraph):
            first = children.pop(0)
            self.emit(bullet + self.inline(first), self.find(_first_words(first.astext()), first.line))
        self.walk(children, 0)

    def code(self, block: Any) -> None:
        classes = [c for c in block.get("classes", []) if c != "code"]
        language = classes[0] if classes else ""
        text = block.astext()
        if isinstance(block, self.nodes.literal_block) and not _LANGUAGE.match(language.lower()):
            label = language  # ``.. code-block:: bash``: kept with its label, the classifier decides
        else:
            label = "python"
        fence = "`" * max(3, max((len(r) for r in re.findall(r"`+", text)), default=0) + 1)
        first = next((line for line in text.split("\n") if line.strip()), "")
        # another file's text (`literalinclude`) stands at its directive's line, not where its first line is found
        where = block.line if block.get("included") else self.find(first, block.line)
        self.emit(f"{fence}{label}\n{text}\n{fence}", where, first_offset=1)

    def inline(self, node: Any) -> str:
        """A paragraph's text as Markdown: literals in backticks, bold and emphasis kept, links as links."""
        n = self.nodes
        out: list[str] = []
        for child in node.children:
            if isinstance(child, n.Text):
                out.append(child.astext())
            elif isinstance(child, (n.literal, n.title_reference)):
                out.append(f"`{child.astext()}`")
            elif isinstance(child, n.strong):
                out.append(f"**{self.inline(child)}**")
            elif isinstance(child, n.emphasis):
                out.append(f"*{self.inline(child)}*")
            elif isinstance(child, n.reference) and child.get("refuri"):
                out.append(f"[{child.astext()}]({child['refuri']})")
            elif isinstance(child, (n.system_message, n.target)):
                continue
            elif isinstance(child, n.Element):
                out.append(self.inline(child))
        return "".join(out)


def _name_of(signature: str) -> str:
    """The dotted name a description's signature gives (`shutil.rmtree(path, …)` -> `shutil.rmtree`,
    `async fetch(url)` -> `fetch`, `class Pool(n)` -> `Pool`); '' when it names nothing."""
    match = re.match(r"\s*(?:(?:async|class|classmethod|staticmethod|abstractmethod|final)\s+)*([A-Za-z_][\w.]*)", signature)
    return match.group(1).rstrip(".") if match else ""


_CLASS_TERM = re.compile(r"class\s+(?=[A-Za-z_])")  # "class concurrent.futures.Executor", a reference's class line
_CODE_TERM = re.compile(r"[A-Za-z_][\w.]*(?:\(.*\))?")  # a name, dotted or with its signature


def _first_words(text: str) -> str:
    """The first few words of a paragraph as they likely stand in the source (before any markup)."""
    first = text.split("\n")[0]
    match = re.match(r"[^`*:_\[<|]{4,24}", first)
    return match.group() if match else ""
