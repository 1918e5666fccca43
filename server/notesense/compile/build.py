"""One note in, its snippets and its report entries out: the unit of work the cache and the process
pool deal in. Nothing here looks at other notes, which is what keeps ids and cache entries local."""

from __future__ import annotations

import ast
import functools
import re
import typing
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from itertools import zip_longest
from dataclasses import dataclass, field, fields, replace
from typing import Any

from notesense.analysis import api, public_api
from notesense.analysis.imports import ImportMap, parse_imports
from notesense.analysis.recover import recover
from notesense.analysis.semantic import walk
from notesense.compile.context import (
    PYTHON, STDLIB, code_facts, context_of_texts, folder_module, infer_context, prose_library, prose_modules, required_modules,
    symbols_library,
)
from notesense.compile.explain import (
    PASSAGE_DOC,
    Mention,
    Scope,
    apis_by_name,
    explain_section,
    heading_link_api,
    mentions,
    methods_by_name,
    name_over,
    section_heading,
    section_library,
    titled_module,
)
from notesense.compile.flow import FlowBlock, NoteFlow, build_flow
from notesense.compile.glossary import spoken_names
from notesense.compile.snippet import (
    DOC_CAP,
    build_body,
    build_prefixes,
    clean_prose,
    drop_labels,
    join_doc,
    language,
    lead_labels,
    own_lead,
    slug,
    snippet_id,
    trim_doc,
)
from notesense.compile.symbols import (
    SIGNED_NAME,
    brings_names_only,
    code_symbols,
    exercises_named,
    heading_symbols,
    heading_type,
    is_hint,
    is_task,
    lead_symbols,
    names_only,
    pasted_def,
    rank_symbols,
    signature_symbols,
    written_signature,
)
from notesense.compile.pitfalls import read_pitfalls
from notesense.library.model import CALLED, EXPLAINED, MAIN_SYMBOLS, MENTIONED, NAMED, PROSE, SHOWN, Pitfall, Snippet, Source
from notesense.library.words import EXAMPLES_END, IN_WORDS
from notesense.notes.classify import is_pasted_output, own_tree
from notesense.notes.code import printed_block
from notesense.notes.model import CleanCode, CodeBlock, Note, Passage, Section, variants_meet

SNIPPET_KINDS = ("python", "repl", "signature")
_TRIVIAL = re.compile(r"[A-Za-z_][\w.]*")
_DESCRIBES = re.compile(r"[A-Za-z]+\s+[A-Za-z]+|[\u4e00-\u9fff]{4}")  # words, not a name alone
_SHORT = 3  # lines: a block this short that calls one API is an example of it
MAX_PASSING = 6  # a block's other calls kept as passing mentions, after its main ones
_SHOWING = 15  # lines: what a longer block's last line does (`torch.save` after a training loop) is incidental
_HINT_SPLIT = re.compile(r"[,\s]+")


@dataclass(slots=True)
class NoteOutcome:
    """What compiling one note produced. Plain data: it crosses process boundaries, and `to_data`
    turns it into JSON values for the compile cache."""

    note: str
    snippets: list[Snippet] = field(default_factory=list)
    python_blocks: int = 0  # blocks that are Python by content (python, repl, signature)
    set_aside: list[tuple[int, str]] = field(default_factory=list)  # (note line, reason)
    parse_errors: list[tuple[int, str]] = field(default_factory=list)  # (note line, message)
    unreadable: str | None = None  # why the note could not be read at all
    contexts: dict[str, int] = field(default_factory=dict)  # snippets per context, for the report
    pitfalls: list[Pitfall] = field(default_factory=list)  # learned, with every candidate rule (see pipeline)
    rights: list[tuple[int, str]] = field(default_factory=list)  # (note line, code) of right blocks: rules stay silent there
    pitfall_problems: list[tuple[int, str]] = field(default_factory=list)  # (note line, why not learned)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (note line, why) read, but not as written
    # it lists calls it could not resolve (`pipeline._lists_calls`): asked of every note on every compile,
    # so answered once, where the note is compiled, and cached with it
    lists_calls: bool = False

    def to_data(self) -> dict[str, Any]:
        """JSON values: every field as it is, lists of records (`snippets`, and any record list a
        later field adds) through the records' own row codec."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        for name in _record_lists():
            data[name] = [record.to_row() for record in data[name]]
        return data

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> "NoteOutcome":
        """Read `to_data`'s values; TypeError/ValueError/KeyError on anything of another shape."""
        values = {f.name: data[f.name] for f in fields(cls)}
        for name, record in _record_lists().items():
            values[name] = [record.from_row(row) for row in values[name]]
        for name in ("set_aside", "parse_errors", "problems"):
            values[name] = [(int(line), str(text)) for line, text in values[name]]
        return cls(**values)

    def __getstate__(self) -> tuple[Any, ...]:
        """What a worker process sends back: the snippets as rows with one table of their docs (every
        block of a section carries the section's prose), not field-by-field dataclass state."""
        docs: dict[str, int] = {}
        rows = [snippet.to_row(docs) for snippet in self.snippets]
        return (rows, list(docs), *(getattr(self, f.name) for f in _OTHER_FIELDS))

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        rows, docs, *rest = state
        self.snippets = [Snippet.from_row(row, docs) for row in rows]
        for f, value in zip(_OTHER_FIELDS, rest):
            setattr(self, f.name, value)

    def located(self, note: str) -> "NoteOutcome":
        """The same outcome with every record's source at `note` (the note's absolute path)."""
        return replace(self, **{name: [r.with_note(note) for r in getattr(self, name)] for name in _record_lists()})


_OTHER_FIELDS = tuple(f for f in fields(NoteOutcome) if f.name != "snippets")


@functools.cache
def _record_lists() -> dict[str, Any]:
    """NoteOutcome's fields that hold a list of records (a class with `from_row`), by annotation."""
    hints = typing.get_type_hints(NoteOutcome)
    found: dict[str, Any] = {}
    for f in fields(NoteOutcome):
        args = typing.get_args(hints[f.name])
        if typing.get_origin(hints[f.name]) is list and args and hasattr(args[0], "from_row"):
            found[f.name] = args[0]
    return found


Cleaner = Callable[[CodeBlock], CleanCode]


@dataclass(slots=True)
class _Usable:
    """A block that becomes a snippet, between the two passes."""

    section: int
    index: int
    block: CodeBlock
    cleaned: CleanCode
    code: str
    tree: ast.Module | None
    nodes: list[ast.AST] | None  # `semantic.walk(tree)`: parents first, one flat list every pass over the block shares
    flow: int  # its position among the note's Python blocks (`NoteFlow`); -1: read alone
    wrong: bool = False  # a wrong example (a learned pitfall): what it explains, never a completion


def compile_note(note: Note, clean: Cleaner) -> NoteOutcome:
    """Every block of every section, in note order, then what the prose explains; a block that
    cannot be used is recorded, never raised. Blocks are cleaned first, so that each one is read
    with what the blocks before it imported and bound (`flow`)."""
    outcome = NoteOutcome(note.path, problems=list(note.problems))
    usable: list[_Usable] = []
    flow_blocks: list[FlowBlock] = []
    cleaned_blocks = [
        [printed_block(clean(block), lead)
         for block, lead in zip_longest(section.blocks, section.lead[: len(section.blocks)], fillvalue="")]
        for section in note.sections
    ]
    learned = read_pitfalls(note, cleaned_blocks)
    outcome.pitfalls, outcome.rights, outcome.pitfall_problems = learned.pitfalls, learned.rights, learned.problems
    other = _other_language(note, cleaned_blocks)
    for number, (section, cleaned_section) in enumerate(zip(note.sections, cleaned_blocks)):
        for index, (block, cleaned) in enumerate(zip(section.blocks, cleaned_section)):
            if other and (label := _label(block)) in _OTHER_LANGUAGES:
                outcome.set_aside.append((block.line, f"{label} block"))  # `fd = open(path, O_RDONLY);` parses, but is C
                continue
            outcome.set_aside.extend((line, reason) for line, _text, reason in cleaned.set_aside)
            wrong = block.line in learned.wrong_blocks  # a rule now, never a completion nor read on from
            if wrong or cleaned.kind not in SNIPPET_KINDS:  # the one reason each block is set aside for
                outcome.set_aside.append((block.line, "wrong example (a learned pitfall)" if wrong else f"{cleaned.kind} block"))
                if cleaned.kind not in SNIPPET_KINDS:
                    continue
            else:
                outcome.python_blocks += 1
                if cleaned.error is not None:
                    outcome.parse_errors.append(cleaned.error)
            code = cleaned.code.strip("\n")
            if not code.strip():
                if not wrong:
                    outcome.set_aside.append((block.line, "empty after cleaning"))
                continue
            # cleaning parsed it already; the tree is this block's now (`flow` moves its lines)
            parsed = own_tree(code) if cleaned.kind != "signature" else None
            if isinstance(parsed, tuple):
                # a slip in the note (`a = ['hello',[123,234]`): the statements around it, as the server
                # reads a file while a line is typed, still say what the block imports and calls
                recovered = recover(code, alone=True)
                parsed = recovered.tree if recovered is not None and recovered.tree.body else None
            tree = parsed if isinstance(parsed, ast.Module) else None
            nodes = walk(tree) if tree is not None else None
            if cleaned.kind != "signature" and not wrong:
                flow_blocks.append(FlowBlock(code, block.variant, nodes, tree))
            # a bare name is no example; a value's attribute under the prose that explains it is
            # (`通过 ngroups 属性，可以得到分组个数：` over a cell `gb.ngroups`), and so is one that stands
            # first under a heading saying what it is (`## 解释器的可执行文件` over `sys.executable`)
            explained = (index < len(section.lead) and bool(section.lead[index].strip())) or (
                index == 0 and bool(section.heading) and bool(_DESCRIBES.search(section.heading[-1])))
            if _TRIVIAL.fullmatch(code.strip()) and not ("." in code and explained):
                if not wrong:
                    outcome.set_aside.append((block.line, "trivial (a bare name)"))
                continue
            usable.append(_Usable(number, index, block, cleaned, code, tree, nodes, -1 if wrong else len(flow_blocks) - 1, wrong))
    flow = build_flow(flow_blocks)
    # each with its block's reader, and whether prose leads into it
    per_section: list[list[tuple[Snippet, str, str]]] = [[] for _ in note.sections]
    shared: _Shared | None = None
    built: dict[int, Snippet] = {}
    leads: dict[int, str] = {}  # the prose that leads into the block (what the block is about, said)
    library: str | None = None
    exercises = exercises_named((note.title, note.path.rsplit("/", 1)[-1], *(note.sections[0].heading[:1] if note.sections else ())))
    imported = _imported(item.block.text for item in usable)
    spoken = prose_library((section.prose for section in note.sections), imported)  # the library the prose names
    # a collection named for its library (`Hello-PyTorch/`) says what a note importing none is about
    folders = [*note.folders, note.root] if note.root and imported <= STDLIB else note.folders
    parents = _parents(note)
    modules = functools.cache(lambda: prose_modules(section.prose for section in note.sections))
    # signatures last: one that names no library of its own (`Tensor.expand(*sizes)`) reads as the
    # library the note's code is about
    used: set[str] = set()  # what the blocks so far call: a later block is about what it adds
    cells: dict[int, list[int]] = defaultdict(list)
    for item in usable:
        if item.tree is None or not all(isinstance(stmt, (ast.Import, ast.ImportFrom)) for stmt in item.tree.body):
            cells[item.section].append(item.index)
    for number, item in sorted(enumerate(usable), key=lambda pair: pair[1].cleaned.kind == "signature"
                               or pasted_def(pair[1].tree) is not None):
        section = note.sections[item.section]
        if shared is None or shared.section is not section:
            shared = _Shared(note, section, spoken, parents[item.section], folders, exercises, modules, cells[item.section])
        lead = section.lead[item.index] if item.index < len(section.lead) else ""
        signature = item.cleaned.kind == "signature"
        if signature and library is None:
            library = _main_context(built.values())
        leads[number] = lead
        built[number] = _snippet(note, shared, item.index, item.block, item.cleaned, item.code, item.tree, item.nodes,
                                 lead, flow, -1 if signature else item.flow, library if signature else None, used)
        if item.wrong:  # the note's words on the APIs its wrong example calls still answer a hover
            built[number] = replace(built[number], kind=PROSE, code="", body="", prefix=())
    for number, item in enumerate(usable):
        per_section[item.section].append((built[number], item.block.variant, leads[number]))
    standard = tuple(sorted(m for m in imported if m in STDLIB and m in public_api.MODULES))
    explanations = _explanations(note, per_section, flow, spoken, folders, standard, exercises, used)  # may add what a lead mentions to its block
    if other:  # its prose speaks of that language's API: the C++ `imread` of a note on OpenCV in C++, no `cv2.imread`
        explanations = [replace(record, symbols=(), about=()) for record in explanations]
    outcome.snippets = [_in_library(snippet) for built in per_section for snippet, _variant, _lead in built]
    outcome.snippets.extend(explanations)
    outcome.snippets = number_repeats(outcome.snippets)
    outcome.contexts = dict(Counter(s.context for s in outcome.snippets))
    return outcome


def _in_library(snippet: Snippet) -> Snippet:
    """A block whose code imports no library while the APIs it shows are one's (`y.add(x)` in a cell
    after the one that made `y` a tensor) is that library's: completion offers it where a file
    imports the library, as it offers the cell that made `y`. Decided once the note's explanations
    are read, which weigh the libraries the note's code itself imports."""
    library = symbols_library(snippet.symbols) if snippet.context == PYTHON else None
    if library is None:
        return snippet
    return replace(snippet, context=library, id=library + snippet.id.removeprefix(PYTHON),
                   requires=(library, *(m for m in snippet.requires if m != library)))


def _main_context(snippets: Iterable[Snippet]) -> str | None:
    """The library most of a note's snippets are about (none when they are all plain Python)."""
    return next(iter(_contexts(snippets)), None)


def _contexts(snippets: Iterable[Snippet]) -> tuple[str, ...]:
    """The libraries a note's snippets are about, most snippets first."""
    return tuple(library for library, _n in Counter(s.context for s in snippets if s.context != PYTHON).most_common())


def _explanations(
    note: Note, per_section: list[list[tuple[Snippet, str, str]]], flow: NoteFlow, prose_library: str | None,
    folders: Sequence[str], standard: tuple[str, ...] = (), exercises: bool = False, used: Collection[str] = (),
) -> list[Snippet]:
    """The explanation records of every section, read with the note's imports so far, the section's
    code, and the library the note is mostly about (its code's, else the one its prose names most).
    `used`: every API the note's code calls (what its Chinese prose may call by name, `glossary`).
    A block's record also gets the APIs its lead marks as code and no record of the section carries, as
    mentioned in passing (`per_section` is updated): "常用的有随机采样器`RandomSampler`，…" over a
    `DataLoader(shuffle=True)` cell is where the note speaks of RandomSampler."""
    contexts = _contexts(s for built in per_section for s, _v, _lead in built)
    names = ImportMap()
    by_variant: dict[str, ImportMap] = {}
    placeholders: dict[str, str] = {}
    carried = [symbol for built in per_section for snippet, _v, _lead in built for symbol in snippet.symbols]
    note_methods, note_apis = methods_by_name(carried), apis_by_name(carried)
    later: dict[str, str] = {}
    for built in per_section:
        for snippet, _v, _lead in built:
            for local, target in snippet.aliases:
                later.setdefault(local, target)
    for local, target in _inline_imports(note).items():  # "- `from collections import defaultdict`"
        later.setdefault(local, target)
    spoken = spoken_names(used)  # every API the note's code calls, not only what each record keeps
    module = folder_module(folders, contexts, note.name)
    page_module = titled_module(note)
    out: list[Snippet] = []
    for number, (section, built) in enumerate(zip(note.sections, per_section)):
        code: dict[str, list[str]] = {}
        for snippet, variant, _lead in built:
            own = by_variant.setdefault(variant, ImportMap())
            for local, target in snippet.aliases:
                names.names.setdefault(local, target)
                own.names.setdefault(local, target)
            code.setdefault(variant, []).extend(snippet.symbols)
        scope = Scope(names, section_library(note, section, folders, contexts, module), code, flow.variant_kind,
                      note_library=next(iter(contexts), prose_library), note_libraries=contexts,
                      by_variant=by_variant, placeholders=placeholders, note_methods=note_methods, exercises=exercises,
                      binds=flow.binds, assigns=flow.assigns, own_class=flow.defines_class, later=later, standard=standard, spoken=spoken,
                      below=functools.partial(_code_below, note.sections, per_section, number), note_apis=note_apis,
                      folder_module=module, page_module=page_module)
        coded: dict[str, int] = {}  # what the code snippets name, or explain in prose that names it
        for snippet, _variant, _lead in built:
            for symbol, level in zip(snippet.symbols, snippet.about):
                if level == EXPLAINED and symbol.rsplit(".", 1)[-1] not in snippet.doc:
                    level = SHOWN  # the lead's words, not the section's prose: that may still say more
                coded[symbol] = max(level, coded.get(symbol, -1))
        # what a block that prose leads into is first about: its own line's comment is an aside then
        leading = {symbol for snippet, _variant, lead in built if lead.strip() for symbol in snippet.symbols[:MAIN_SYMBOLS]}
        explained = explain_section(note, section, scope, coded, {**note.hints, **section.hints}, leading,
                                    note.sections[number - 1] if number else None)
        out.extend(explained)
        _add_lead_mentions(section, built, scope, {x for record in explained for x in record.symbols})
    return out


def _code_below(sections: Sequence[Section], per_section: list[list[tuple[Snippet, str, str]]], number: int) -> tuple[str, ...]:
    """The APIs the code of the sections under section `number` uses: a heading over sub-sections
    ("#### RMSProp" over "**缺点**" and its example, a bold line opening a section of its own) names
    what their code uses as much as what its own does."""
    path = sections[number].heading
    out: dict[str, None] = {}
    for section, built in zip(sections[number + 1:], per_section[number + 1:]):
        if len(section.heading) <= len(path) or section.heading[:len(path)] != path:
            break
        out.update((symbol, None) for snippet, _variant, _lead in built for symbol in snippet.symbols)
    return tuple(out)


def _other_language(note: Note, cleaned_blocks: list[list[CleanCode]]) -> bool:
    """A note on another language: a block labelled as one (```c, ```go, ```sql) that is no Python, and no
    block labelled otherwise that is. Its `open()`, `exit()`, `max()` are that language's (a system call,
    a SQL aggregate), and so is a line of it that happens to parse (`fd = open(path, O_RDONLY);`). A note
    whose "```lua" blocks are Python is a Python note mislabelled, and so is one whose "```r" blocks are
    Python but for one or two (a blogdown post run through reticulate: 77 Python blocks, one of output):
    another language's code parses as Python now and then, a mislabelled note's more than twice as often
    as not."""
    labelled = [(_label(block), cleaned.kind in SNIPPET_KINDS)
                for section, cleaned_section in zip(note.sections, cleaned_blocks)
                for block, cleaned in zip(section.blocks, cleaned_section)]
    other = [python for label, python in labelled if label in _OTHER_LANGUAGES]
    return not all(other) and sum(other) <= 2 * (len(other) - sum(other)) and not any(
        python for label, python in labelled if label not in _OTHER_LANGUAGES)


def _label(block: CodeBlock) -> str:
    return block.info.split()[0].lower() if block.info.strip() else ""


_OTHER_LANGUAGES = frozenset({"c", "h", "cpp", "c++", "cc", "hpp", "cxx", "go", "golang", "rust", "rs", "java", "kotlin", "kt",
                              "swift", "cs", "csharp", "c#", "php", "ruby", "rb", "scala", "js", "javascript", "ts",
                              "typescript", "sql", "mysql", "plsql", "matlab", "r"})


def _inline_imports(note: Note) -> dict[str, str]:
    """What the import statements a note writes as inline code bind ("- `from collections import
    defaultdict`" over "`d = defaultdict(list)`"): notes kept as outlines write their code in spans."""
    out: dict[str, str] = {}
    for section in note.sections:
        for passage in section.passages:
            for span in passage.code:
                if _IMPORT_SPAN.match(span):
                    for local, target in parse_imports(span).names.items():
                        if public_api.is_public(target) or target in public_api.MODULES:  # not `from package import item`
                            out.setdefault(local, target)
    return out


_IMPORT_SPAN = re.compile(r"\s*(?:from\s+[\w.]+\s+)?import\s+[\w.]")


def _add_lead_mentions(section: Section, built: list[tuple[Snippet, str, str]], scope: Scope, explained: set[str]) -> None:
    """Give each block the APIs the prose leading into it, or the prose its hover shows, marks as code
    (a code span, bold, a call) that no record of the section carries, as mentioned in passing: the only
    place the note speaks of them ("**Note** _to match the whole string, use `re.fullmatch()` instead_"
    after a block on `re.match`), found when nothing says more. A builtin (`len(...)`) is no such API: a
    hover on it would show a note about something else."""
    carried = explained | {x for snippet, _variant, _lead in built for x in snippet.symbols}
    said: dict[int, list[Mention]] = {}  # a passage's mentions, asked once for every block that shows it

    def told(passage: Passage) -> list[Mention]:
        if id(passage) not in said:
            said[id(passage)] = mentions(passage, scope)
        return said[id(passage)]

    for number, (snippet, variant, lead) in enumerate(built):
        texts = [t for t in (lead, snippet.doc) if "`" in t or "*" in t or "<" in t]
        if not texts:
            continue  # nothing marked (most leads and docs): no passage to look for
        extra = [m.symbol for p in section.passages
                 if (text := p.text.strip()) and variants_meet(p.variant, variant) and any(text in t for t in texts)
                 for m in told(p) if m.strong and "." in m.symbol and m.symbol not in carried]
        if extra:
            extra = list(dict.fromkeys(extra))
            carried.update(extra)
            built[number] = (replace(snippet, symbols=(*snippet.symbols, *extra),
                                     about=(*snippet.about, *[MENTIONED] * len(extra))), variant, lead)


def number_repeats(snippets: list[Snippet]) -> list[Snippet]:
    """Give a repeated id (the same heading path twice in one note) a numbered suffix, in order."""
    seen: Counter[str] = Counter()
    out: list[Snippet] = []
    for snippet in snippets:
        seen[snippet.id] += 1
        n = seen[snippet.id]
        out.append(snippet if n == 1 else replace(snippet, id=f"{snippet.id}-{n}"))
    return out


def _comments(text: str) -> str:
    """The comment lines of a block, as lines of prose."""
    return "\n".join(line.strip().lstrip("#").strip() for line in text.split("\n") if line.strip().startswith("#")).strip()


def _hint_list(value: str | None) -> list[str]:
    return [v for v in _HINT_SPLIT.split(value or "") if v]


def _imported(blocks: Iterable[str]) -> set[str]:
    """The top-level libraries a note's blocks import (`%matplotlib inline` is matplotlib's)."""
    out: set[str] = set()
    for text in blocks:
        for m in _IMPORT_LINE.finditer(text):
            out.add(m[1] or "matplotlib")
    return out


_IMPORT_LINE = re.compile(r"^[ \t]*(?:(?:import|from)[ \t]+([A-Za-z_]\w*)|%matplotlib\b)", re.MULTILINE)


def _parents(note: Note) -> list[Section | None]:
    """For each section, the nearest one it stands under that has prose of its own (None: the note)."""
    said: dict[tuple[str, ...], Section] = {}
    out: list[Section | None] = []
    for section in note.sections:
        heading = tuple(section.heading)
        out.append(next((said[heading[:n]] for n in range(len(heading) - 1, 0, -1) if heading[:n] in said), None))
        if heading and section.prose.strip():
            said[heading] = section
    return out


def _naming(names: Sequence[str]) -> re.Pattern[str] | None:
    """What finds any of `names` written as a word; None for no names."""
    return re.compile(rf"(?<![A-Za-z0-9_])(?:{'|'.join(map(re.escape, names))})(?![A-Za-z0-9_])") if names else None


def _said(section: Section, labels: frozenset[str] = frozenset()) -> str:
    """A section's own prose, as a block borrows it, without those of `labels` that are captions
    (`输出：`); nothing when that is pasted output."""
    prose = own_lead(section.prose, labels)
    return "" if is_pasted_output(prose) else trim_doc(clean_prose(prose), PASSAGE_DOC)


class _Shared:
    """What every block of one section reads the same way, worked out once for all of them."""

    __slots__ = ("note", "section", "hints", "around", "heading", "title", "links", "linked", "labels",
                 "prose_library", "parent", "folders", "exercises", "modules", "cells", "topic", "over", "_purpose",
                 "_prose")

    def __init__(self, note: Note, section: Section, prose_library: str | None, parent: Section | None,
                 folders: Sequence[str] = (), exercises: bool = False, modules: Callable[[], dict[str, str]] = dict,
                 cells: Sequence[int] = ()) -> None:
        self.note = note
        self.folders = folders  # those that may name the library, innermost first
        self.cells = cells  # the section's blocks that do more than import, in order (`cell_prose`)
        self.modules = modules  # the modules the note's prose names in full, by last name (once per note)
        self.exercises = exercises  # the note is a set of exercises: its numbered headings are tasks
        self.section = section
        self.prose_library = prose_library
        self.parent = parent
        self._purpose: str | None = None
        self.hints = {**note.hints, **section.hints}
        self.heading = section_heading(note, section)  # what names the API ("pandas_apply" read "pandas apply")
        self.around = note.around(section)
        self.title = note.heading_of(section)  # before the first heading, the note's title or its file name as written
        self.links = tuple(dict.fromkeys(section.links))
        # the API the heading links its one name to (`## [Namedtuple](…#collections.namedtuple)`)
        self.linked = heading_link_api(section)
        self.labels = lead_labels(section.lead)
        self.topic = heading_type(note.trail(section))  # the builtin type the headings (and title) name (`# 列表`)
        self.over = name_over(note, section)  # the API a note kept one file per API names over its opening
        self._prose: dict[str, str] = {}

    def purpose(self, names: Sequence[str] = (), note_wide: bool = True) -> str:
        """What the section's blocks are there to show when it says nothing itself: the prose of the section
        it stands under ("## 一、精确率" over a label heading "官方示例代码为："), else what the note says it
        is for — its header's summary and the prose it opens with before its first heading ("The Bernoulli
        naive Bayes classifier assumes…" over "Train Model"). Worked out only for a block that needs it.
        Of a section above that says more than a hover shows, the passages that name one of `names` (what
        the block is about) when some do: "### 设置刻度线" lists a dozen APIs over "#### ax.tick_params
        的用法" and its cell. `note_wide`: whether the note's own introduction may answer though it does not
        name the block's APIs (False where the heading names them: it says more of them)."""
        parent, named = self.parent, _naming(names)
        if named is not None and parent is not None and len(parent.prose) > PASSAGE_DOC:
            texts = [p.text for p in parent.passages if named.search(p.text)]
            if texts:
                return clean_prose(drop_labels("\n\n".join(texts), self.labels))
        if not note_wide and parent is not None and len(parent.heading) > 1 and (above := _said(parent)):
            return above  # the section above, unless that is the note's title: its words introduce the note
        if self._purpose is None:
            note = self.note
            first = note.sections[0] if len(note.sections) > 1 else None
            opening = first is not None and not first.heading and not first.blocks
            whole = "\n\n".join(dict.fromkeys(text for text in (note.summary, _said(first) if opening else "") if text))
            self._purpose = (_said(parent) if parent is not None else "") or whole
        if note_wide or (named is not None and named.search(self._purpose)):
            return self._purpose
        return ""  # the note's introduction, which says nothing of what the block shows

    def cell_prose(self, variant: str, index: int, names: Sequence[str]) -> str:
        """A notebook cell's share of its section's prose: what opens the section, before its first cell
        that does more than import, the markdown from the one before it that does (and after it, for the
        last), and any that names one of `names` (what the cell is about, `re.sub`); not the markdown
        that leads into the section's other cells (a notebook's cell-by-cell tour of `os.path` under one
        heading), save the words written right under the cell's block (a sample inside a markdown cell,
        `    set1.difference_update(set2)` then "the method returns…": the cell goes on about it).
        Elsewhere the section's prose: a note's words after a block may well be about it."""
        blocks, cells = self.section.blocks, self.cells
        if len(cells) < 2 or index not in cells or not self.note.path.lower().endswith(".ipynb"):
            return self.prose(variant)
        at = cells.index(index)
        first, start, here = blocks[cells[0]].line, blocks[cells[at - 1] if at else cells[0]].line, blocks[index].line
        last = at == len(cells) - 1
        below = blocks[index + 1].line if index + 1 < len(blocks) else None  # the section's next block
        named = _naming(names)

        def belongs(p: Passage) -> bool:  # it leads into the cell, goes on right under its block, or names what it shows
            return start < p.line < here or p.follows and here < p.line and (below is None or p.line < below) \
                or named is not None and named.search(p.text) is not None

        kept = [(p.text, mine) for p in self.section.passages if variants_meet(p.variant, variant)
                and ((mine := belongs(p)) or p.line < first or last and p.line > here)]
        if sum(len(text) for text, _own in kept) > DOC_CAP and any(own for _text, own in kept):
            # more than a hover shows ("### 设置刻度线" listing a dozen APIs above the cell that shows
            # one): what leads into the cell and what names what it shows, not an opening cut short of them
            kept = [(text, own) for text, own in kept if own]
        return clean_prose(drop_labels("\n\n".join(text for text, _own in kept), self.labels))

    def prose(self, variant: str) -> str:
        """The section's prose a reader of `variant` sees, cleaned and without block labels."""
        found = self._prose.get(variant)
        if found is None:
            found = self._prose[variant] = clean_prose(drop_labels(self.section.prose_for(variant), self.labels))
        return found


def _headed_members(signatures: Sequence[str], headings: Sequence[str], used: Collection[str]) -> list[str]:
    """`flow_from_directory(directory, …)` under "ImageDataGenerator › 方法": the method of the class an
    earlier block of the note calls (its constructor's signature, `tf.keras….ImageDataGenerator(…)`) and a
    heading above names, which the page documents member by member: the innermost heading's class, then by
    name (`used` is a set, and a compile gives one answer)."""
    headed = [(-max(at for at, heading in enumerate(headings) if name in heading), cls) for cls in used
              if (name := cls.rpartition(".")[2])[:1].isupper() and any(name in heading for heading in headings)]
    if not headed:
        return []
    cls = min(headed)[1]
    methods = (m[1] for signature in signatures if (m := SIGNED_NAME.match(signature)) and "." not in m[1] and m[1][:1].islower())
    return [member for method in methods if public_api.is_public(member := f"{cls}.{method}")
            or not public_api.is_closed(cls.partition(".")[0])]


def _snippet(
    note: Note,
    shared: _Shared,
    index: int,
    block: CodeBlock,
    cleaned: CleanCode,
    code: str,
    tree: ast.Module | None,
    nodes: list[ast.AST] | None,
    lead: str,
    flow: NoteFlow,
    position: int,
    library: str | None = None,
    used: set[str] | None = None,
) -> Snippet:
    """The block's record. `used`: the APIs the note's blocks before it call (updated with this one's):
    of the code's names, those this block calls first come first (a notebook repeats its model and
    data set-up in every cell; the one line it changes is what the cell is there to show)."""
    section, hints = shared.section, shared.hints
    shift = flow.shift_of(position)
    before = flow.imports_before(position) if position >= 0 else None
    # a block outside the note's flow (a wrong example) reads the note's variables as the note gives them
    facts = code_facts(code, nodes, before, shift,
                       lambda name: flow.bound_before(position, name) if position >= 0 else flow.assigns(name),
                       lambda name: shared.modules().get(name))
    if facts.free_bases:  # a variable an earlier block (cell) makes, or any block of the note, is no module
        facts.free_bases = [name for name in facts.free_bases
                            if not (position >= 0 and flow.bound_before(position, name) or flow.assigns(name))]
    context = infer_context(facts, shared.around, hints.get("context"), shared.folders, shared.prose_library)
    if context in facts.free_bases:  # `pygame.Surface(..)` under a "pygame" heading: pygame is a module
        facts.names.names.setdefault(context, context)
        facts.names.modules.add(context)
    heading = shared.heading
    outer = (lambda name: flow.kind_before(position, name)) if position >= 0 else None
    # the library the note's words name, its prose or else its headings and title ("pandas_sql.md" over a
    # block that imports sqlalchemy and calls `data.to_sql(...)` of a frame it never made)
    spoken = shared.prose_library or context_of_texts(shared.around, shared.folders)
    found = code_symbols(tree, nodes, code, facts.names, context, outer, shift, before.modules if before else (),
                         shared.topic, spoken)
    if used is not None:
        fresh = [symbol for symbol in found.ranked if symbol not in used]
        used.update(fresh)
        found.ranked = fresh + [symbol for symbol in found.ranked if symbol not in fresh]
    named = heading_symbols(heading, found, facts.names, context, shared.exercises) or (
        heading_symbols(shared.over, found, facts.names, context, shared.exercises) if shared.over else []) or (
        [shared.linked] if shared.linked else [])
    if cleaned.kind == "signature" or cleaned.signatures:
        signed = signature_symbols(cleaned.signatures or [code], facts.names, context, heading, flow.imports_anywhere)
        if not signed and context == PYTHON and library:  # `Tensor.expand(*sizes)` in a torch note
            signed = [s for s in signature_symbols(cleaned.signatures or [code], facts.names, library, heading)
                      if public_api.is_public(s)]
            context = library if signed else context
        if not signed and used:
            signed = _headed_members(cleaned.signatures or [code], section.heading, used)
        named = signed + named
    elif written_signature(tree):  # the section documents the call it writes out with its defaults
        signed = [s for s in signature_symbols([code], facts.names, context, heading) if s in found.ranked]
        named = [*(signed or _headed_members([code], section.heading, used or ())), *named]
    elif (pasted := pasted_def(tree)) and used:
        # `def subplots(nrows=1, ncols=1, …):` with no body: the signature of the one API the note's code
        # calls by that name (`plt.subplots(2, 2)`), however many blocks below
        signed = [s for s in used if s.rpartition(".")[2] == pasted]
        named = [*(signed if len(signed) == 1 else []), *named]
    if named and "." in named[0] and "context" not in hints:
        # the heading says what the block is about: "multiprocess.event 的作用" is multiprocessing's
        # snippet even when time.sleep and random.randint are called more often
        top = named[0].split(".")[0]
        if top != context and top not in api.BUILTIN_TYPES and (top in facts.weights or context == PYTHON):
            context = top
    hinted = [api.public_name(s) for s in _hint_list(hints.get("symbols"))]  # `tensorflow.keras.X`: `keras.X`
    # a block that opens with a docstring in words ('"""sklearn中提供了 train_test_split 函数，用于数据集的划分"""'):
    # the note's words on it, as the prose leading into it would be
    opening = clean_prose(ast.get_docstring(tree, clean=True) or "") if tree is not None and cleaned.kind == "python" else ""
    if opening and not IN_WORDS.search(opening):
        opening = ""
    lead = f"{lead.rstrip()}\n\n{opening}".strip() if opening else lead
    explained, mentioned = lead_symbols(lead, found)
    if explained and "\n" not in lead.strip() and EXAMPLES_END.search(lead):
        # a caption that calls the block an example ("Tensor.unsqueeze 和 Tensor.squeeze 方法示例"): it
        # shows them; what they are is said elsewhere (the cell above, its docstring alone)
        mentioned, explained = [*explained, *mentioned], []
    if found.settings:  # "数据类型为long" over `torch.zeros(5, 3, dtype=torch.long)` says how zeros is called
        mentioned += [s for s in explained if s in found.settings]
        explained = [s for s in explained if s not in found.settings]
    # a note or chapter whose heading is nothing but an API's name ("Adam算法") is about it throughout
    for outer_heading in section.heading[:-1]:
        outer_named = heading_symbols(outer_heading, found, facts.names, context, shared.exercises)
        if names_only(outer_heading, outer_named):
            explained += [s for s in outer_named if s not in explained]
    shown: list[str] = []
    # a section of one heading over code ("Join the two dataframes along rows" over `pd.concat([a, b])`,
    # "删除整行&整列" over `data.drop(…)` and a line on its parameter after it): the heading says in words
    # what its first block does when the block does one thing
    described = not lead.strip() and index == 0 and not named and not any(part.strip() for part in section.lead) \
        and bool(_DESCRIBES.search(heading))
    if (lead.strip() or described) and not is_hint(lead):
        # prose, then a block that ends by showing a call, or a short one that calls one API: an
        # example of it, which the prose describes in its own words (an exercise's hint says nothing)
        lines = len(code.strip().splitlines())
        acting = [s for s in found.ranked if s not in found.settings]  # `dtype=torch.long` only sets a call
        single = acting if len(acting) == 1 and lines <= _SHORT else []
        ending = found.shown if lines <= _SHOWING and not described else []
        shown = [s for s in [*(ending or single), *mentioned] if s not in explained]
    elif tree is not None and found.shown and brings_names_only(tree):
        shown = found.shown  # the one API a block of an import alone brings in, whatever the prose after it
    if not named:  # "垂直条形图" over `plt.bar(...)`: the block shows the function that draws the chart it names
        shown += [s for s in api.charted(heading, found.ranked) if s not in shown and s not in explained]
    main = hinted or rank_symbols(named, explained + shown, found)
    # what else a long block calls (`joblib.dump` after six sklearn and pickle calls): found in passing,
    # where it would otherwise have no record at all; never offered as a completion's prefix
    # (those its comments name first: "# put the testing code under 'torch.no_grad()' to avoid troubles" in
    # a long training loop says what the `with` below it is for)
    rest = [s for s in found.ranked if s not in main]
    if "#" in code and len(rest) > MAX_PASSING:
        said_of = _comments(code)
        rest.sort(key=lambda s: f"{s.rpartition('.')[2]}(" not in said_of)
    passing = [] if hinted else rest[:MAX_PASSING]
    symbols = [*main, *passing]
    headline = NAMED if names_only(heading, named) else EXPLAINED
    about = tuple(
        NAMED if hinted else headline if symbol in named else EXPLAINED if symbol in explained
        else SHOWN if symbol in shown else CALLED
        for symbol in main
    ) + (MENTIONED,) * len(passing)
    receiver = found.receivers.get(symbols[0]) if symbols else None
    local_names = {s: spelled for s in main if (spelled := facts.names.local_name(s))}
    prefixes = _hint_list(hints.get("prefix")) or build_prefixes(main, local_names, heading)
    title = shared.title
    # a block its section says nothing about is shown with what it is there to show
    said = clean_prose(own_lead(lead, shared.labels))
    if cleaned.kind == "signature":  # its comments are the note's words on it (`torch.cat(seq, dim=0) -> Tensor` over `# 连接…`)
        said = "\n\n".join(filter(None, (_comments(block.text), said)))
    # the section's words that lead into another of its blocks still speak of this one before the
    # note's introduction does ("是以下函数的快捷方式：" under `traceback.print_exc(…)`); an exercise's
    # solution is what its task (the heading) asks for: the note's introduction says nothing of it, and
    # would be the doc of every one of a hundred exercises
    tails = [symbol.rpartition(".")[2] for symbol in symbols[:MAIN_SYMBOLS]]
    # a heading that names what the block shows ("#### ✅ Train-Test Split:") says more of it than the
    # note's introduction ("Machine Learning is a subset of AI…"): the section above may still speak
    doc = join_doc(shared.cell_prose(block.variant, index, tails), said) or _said(shared.section, shared.labels) or (
        "" if is_task(shared.heading, shared.exercises) else shared.purpose(tails, note_wide=not set(named) & set(symbols[:MAIN_SYMBOLS])))
    aliases = tuple(sorted((k, v) for k, v in facts.names.names.items() if k != v))
    return Snippet(
        id=snippet_id(context, slug(main, heading), note.path, section.heading, index),
        context=context,
        title=title,
        body=build_body(code, tree, receiver, shift, nodes),
        code=code,
        source=Source(note.path, block.line, note.trail(section)),
        prefix=tuple(prefixes),
        symbols=tuple(symbols),
        requires=tuple(required_modules(facts, context)),
        aliases=aliases,
        doc=doc,
        lang=language(f"{title}\n{doc}"),
        links=shared.links,
        kind=cleaned.kind,
        signature="\n".join(cleaned.signatures),
        about=about,
    )

