"""Note-level flow: what earlier blocks (or notebook cells) of a note bound, seen by the later ones.

A note is read top to bottom like a notebook: `df = pd.read_csv(...)` in one block makes `df.query`
in a later block `pandas.DataFrame.query`, and `import torch.nn as nn` at the top serves every block
below. The compiler runs the server's own semantic model (`analysis.kinds.analyse`, the one the
editor asks about the user's file) once over the note's Python blocks concatenated in order — blocks
that do not parse contribute only their imports — and every block then asks it about the names it
reads but does not bind itself: their kind where that block begins.

A multi-framework book (d2l: `#@tab pytorch` blocks beside MXNet and TensorFlow ones) is read once
per framework: a PyTorch block sees what earlier PyTorch (and framework-neutral) blocks bound.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from notesense.analysis import public_api
from notesense.analysis.imports import CONVENTIONAL_ALIASES, ImportMap, imports_from_nodes, parse_imports
from notesense.analysis.kinds import Kinds, OwnKinds, analyse
from notesense.analysis.semantic import Binding, BindingKind, SemanticModel
from notesense.notes.model import DEFAULT_VARIANT, variants_meet
from notesense.compile.context import drop_ins

_IMPORT_LINE = re.compile(r"^(?:import|from)\s+[\w.]+")
_FUTURE = re.compile(r"^from\s+__future__\s+import\b.*$", re.M)


@dataclass(slots=True)
class FlowBlock:
    """One Python block of the note, in note order."""

    code: str
    variant: str
    nodes: list[ast.AST] | None  # every node of its tree (`semantic.walk`); None: it does not parse
    tree: ast.Module | None = None  # its own tree, which the first reading of it takes over (`shift`)
    shift: int | None = None  # lines its tree was moved down, to where it stands in that reading

    @property
    def parses(self) -> bool:
        return self.nodes is not None


@dataclass(slots=True)
class _Reading:
    """The note as one reader (variant) sees it: the blocks they read, concatenated."""

    blocks: list[int]  # indexes into the note's blocks, in order
    starts: dict[int, int] = field(default_factory=dict)  # block index -> 1-based line in `source`
    kinds: Kinds | None = None


@dataclass(slots=True)
class NoteFlow:
    """Imports so far and inferred kinds, per block of one note."""

    blocks: list[FlowBlock]
    _readings: dict[str, _Reading] = field(default_factory=dict)
    _imports: list[ImportMap] = field(default_factory=list)  # per block: imports of the blocks before it
    _before: dict[tuple[int, str], str | None] = field(default_factory=dict)  # kind_before's answers
    # what any block imports, whichever reader reads it: where a signature's bare name is from
    # (`bar(x, height)` above the cell that imports `matplotlib.pyplot as plt`)
    imports_anywhere: ImportMap = field(default_factory=ImportMap)

    def imports_before(self, index: int) -> ImportMap:
        """The names earlier blocks this block's reader read imported (the block's own not included)."""
        return self._imports[index] if index < len(self._imports) else ImportMap()

    def shift_of(self, index: int) -> int:
        """How far block `index`'s tree was moved down (0 for a block that is no flow block, -1)."""
        return (self.blocks[index].shift or 0) if 0 <= index < len(self.blocks) else 0

    def kind_before(self, index: int, name: str) -> str | None:
        """What earlier blocks left `name` holding where block `index` begins (flow-aware: the
        bindings that reach that point), in whichever reading of the block knows it: a kind the
        block's own model can `assume` (`Kinds.carried`). Asked once per block and name: a block's
        model asks again at every read of a name it does not bind."""
        key = (index, name)
        if key not in self._before:
            self._before[key] = self._kind_before(index, name)
        return self._before[key]

    def bound_before(self, index: int, name: str) -> bool:
        """Whether an earlier block binds `name` (a variable of the note, whatever its kind): block
        `index`'s `optimizer.param_groups` is then no module's attribute, whatever a heading says."""
        block = self.blocks[index] if 0 <= index < len(self.blocks) else None
        if block is None:
            return False
        for reader in _readers(block.variant):
            reading = self._readings.get(reader)
            if reading is None or reading.kinds is None or index not in reading.starts:
                continue
            start = (reading.starts[index], 0)
            # a conventional alias the reading binds for the whole note (`pd`: `implicit`) is no block's
            if any(b.position < start and not isinstance(b.node, ast.Module)
                   for b in reading.kinds.model.module.bindings.get(name, ())):
                return True
        return False

    def binds(self, name: str) -> bool:
        """Whether any block of the note binds `name` at its top level (`def plot(...)`): the note's own
        name, no library's."""
        return any(reading.kinds is not None and name in reading.kinds.model.module.bindings
                   for reading in self._readings.values())

    def assigns(self, name: str) -> bool:
        """Whether a block of the note gives `name` a value of its own (`px = px.asfreq('B')`), not an
        import: the note's variable, whatever library a conventional alias so spelt would be."""
        return any(b.kind is not BindingKind.IMPORT for b in self._bindings(name))

    def defines_class(self, name: str) -> bool:
        """Whether a block of the note defines a plain class `name` (`class Counter:`, `class Stack(object):`):
        the note's own data structure, whatever a library's class of that name is. One built on a library's
        class (`class LSTM(nn.Module):`) builds that library's idea anew: its name is still the API's."""
        return any(b.kind is BindingKind.CLASS and isinstance(b.node, ast.ClassDef)
                   and all(isinstance(base, ast.Name) and base.id == "object" for base in b.node.bases)
                   for b in self._bindings(name))

    def _bindings(self, name: str) -> Iterator[Binding]:
        """Every top-level binding of `name` in the note's blocks, reading by reading."""
        for reading in self._readings.values():
            if reading.kinds is not None:
                yield from reading.kinds.model.module.bindings.get(name, ())

    def _kind_before(self, index: int, name: str) -> str | None:
        block = self.blocks[index] if 0 <= index < len(self.blocks) else None
        if block is None:
            return None
        for reader in _readers(block.variant):  # `mxnet, pytorch`: whichever framework's reading knows
            reading = self._readings.get(reader)
            if reading is None or reading.kinds is None or index not in reading.starts:
                continue
            if name not in reading.kinds.model.module.bindings:
                continue  # `print`, `len`, a name only functions bind: nothing the note binds reaches here
            kind = reading.kinds.carried(name, (reading.starts[index], 0))
            if kind is not None:
                return kind
        return None

    def variant_kind(self, name: str, variant: str) -> str | None:
        """The kind of `name` in the reading of `variant` (for prose, which sits between blocks):
        every binding of the reading must agree, else unknown."""
        for reader in _readers(variant):
            reading = self._readings.get(reader)
            if reading is not None and reading.kinds is not None:
                kind = reading.kinds.kind_of_source(name)
                if kind is not None:
                    return kind
        return None


def _readers(variant: str) -> list[str]:
    """The readings a block is part of: one per framework it names (`mxnet, pytorch`)."""
    if not variant or variant == "all":
        return [variant]
    return [v.strip() for v in variant.split(",") if v.strip()]


def _reader(variant: str) -> str:
    """The reading a block's imports count for first: its first named framework."""
    return _readers(variant)[0]


def build_flow(blocks: Sequence[FlowBlock]) -> NoteFlow:
    """One inference per reader over the blocks that reader reads, and each block's inherited imports."""
    flow = NoteFlow(list(blocks))
    readers = sorted({r for b in blocks for r in _readers(b.variant)}) or [""]
    for reader in readers:
        members = [i for i, b in enumerate(blocks) if _reads(reader, b.variant)]
        flow._readings[reader] = _infer(blocks, members)
    flow._imports = _inherited_imports(blocks, flow.imports_anywhere)
    return flow


def _reads(reader: str, variant: str) -> bool:
    if reader in ("", "all"):
        return _reader(variant) == reader or not variant
    if variant == DEFAULT_VARIANT:
        return reader == DEFAULT_VARIANT
    return variants_meet(reader, variant)


def _infer(blocks: Sequence[FlowBlock], members: list[int]) -> _Reading:
    reading = _Reading(members)
    parts: list[str] = []
    own: list[bool] = []  # whether a block's text is the one its tree was parsed from
    line = 1
    for position, index in enumerate(members):
        block = blocks[index]
        text = block.code if block.parses else _imports_only(block.code)
        if position and "__future__" in text:
            stripped = _FUTURE.sub("", text)  # `from __future__` is only legal first
            own.append(stripped == text and block.parses)
            text = stripped
        else:
            own.append(block.parses)
        reading.starts[index] = line
        parts.append(text)
        line += text.count("\n") + 1
    source = "\n".join(parts)
    # `df = pd.DataFrame(...)` in a note that never imports pandas: `pd` is what everyone means by it, as
    # each block's own reading takes it (an import in the note binds the name from there on); a name the
    # note assigns (`px = px.asfreq('B')`, its first value made in a cell set aside) is its own variable
    implicit = {name: module for name, module in CONVENTIONAL_ALIASES.items()
                if f"{name}." in source and not re.search(rf"(?m)^[ \t]*{name}[ \t]*=(?!=)", source)}
    # and a library's name notes write without importing it (`AutoTokenizer.from_pretrained(…)`); a class or
    # value the note makes under that name binds it from there on, as an import would
    implicit.update((name, target) for name, target in public_api.UNLISTED_NAMES.items() if name in source)
    tree = _joined_tree(blocks, members, reading.starts, parts, own)
    if tree is None:  # a piece that does not parse alone: the tolerant parse of the whole text
        reading.kinds = analyse(source, implicit=implicit, owned=True)
    else:
        reading.kinds = OwnKinds(SemanticModel(tree, source=source, implicit=implicit))
    return reading


def _joined_tree(blocks: Sequence[FlowBlock], members: list[int], starts: dict[int, int], parts: list[str],
                 own: list[bool]) -> ast.Module | None:
    """The tree of the reading's text (`parts` joined) put together from its blocks' trees: a block
    not yet taken by another reading gives its own, moved to its lines here (the block's snippet
    reads that tree too, `FlowBlock.shift`); only the others' text is parsed. None when a piece does
    not parse alone. Each block parses alone and closes every bracket, string and suite it opens, so
    the pieces' statements are the joined text's."""
    body: list[ast.stmt] = []
    for index, text, whole in zip(members, parts, own):
        block = blocks[index]
        shift = starts[index] - 1
        if whole and block.tree is not None and block.shift is None:
            _move(block, shift)
            body.extend(block.tree.body)
            continue
        try:
            body.extend(ast.parse("\n" * shift + text).body)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return None
    return ast.Module(body=body, type_ignores=[])


def _move(block: FlowBlock, shift: int) -> None:
    """Move the block's tree `shift` lines down, in place."""
    block.shift = shift
    if shift and block.nodes is not None:
        for node in block.nodes:
            try:
                node.lineno += shift  # type: ignore[attr-defined]
            except AttributeError:  # the module, operators, `arguments`: no position
                continue
            node.end_lineno += shift  # type: ignore[attr-defined]


def _imports_only(code: str) -> str:
    """The import statements of a block that does not parse, one per line, each checked to parse."""
    kept: list[str] = []
    for line in code.split("\n"):
        stripped = line.strip()
        if _IMPORT_LINE.match(stripped):
            try:
                ast.parse(stripped)
            except SyntaxError:
                continue
            kept.append(stripped)
    return "\n".join(kept)


def _inherited_imports(blocks: Sequence[FlowBlock], everything: ImportMap | None = None) -> list[ImportMap]:
    """Per block: the imports of the earlier blocks its reader read, later imports winning (and into
    `everything`, every block's, the first binding of a name kept). Each reader's
    merge is carried forward as blocks come (a copy per block), not redone from the note's first block:
    a notebook of n cells merged n²/2 import maps."""
    out: list[ImportMap] = []
    seen: list[tuple[str, ImportMap]] = []
    merged: dict[str, tuple[int, ImportMap]] = {}  # reader -> (entries of `seen` merged, their merge)
    for block in blocks:
        reader = _reader(block.variant)
        done, imports_so_far = merged.get(reader, (0, ImportMap()))
        for variant, imports in seen[done:]:
            if _reads(reader, variant) or not variant:
                imports_so_far.names.update(imports.names)
                imports_so_far.modules.update(imports.modules)
        merged[reader] = (len(seen), imports_so_far)
        out.append(ImportMap(dict(imports_so_far.names), set(imports_so_far.modules)))
        code = block.code if block.parses else _imports_only(block.code)
        if "import" in code:  # a block that parses is not parsed again: its nodes are in `ast.walk` order
            imports = drop_ins(imports_from_nodes(block.nodes) if block.nodes is not None else parse_imports(code))
            seen.append((block.variant, imports))
            if everything is not None:
                for name, target in imports.names.items():
                    everything.names.setdefault(name, target)
                everything.modules.update(imports.modules)
    return out
