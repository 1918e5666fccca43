"""Completion: the user's own snippets for what they are typing, in the file's own aliases.

Runs on every keystroke next to the user's main language server, so it does as little as it can:
the line before the cursor decides what is wanted, the library's sorted indexes find candidates,
and only a receiver whose kind must be inferred (`df.`) touches the file's parse. Documentation is
left to `documentation()` (completionItem/resolve), so a long list stays cheap. The text an item
inserts depends on the snippet and the file's imports, not on where the cursor is: it is made once
and kept (`_INSERTS`) for every later completion in the file while its imports stay the same; so is
a whole completion but for the cursor's line and columns (`_PLANS`): `pd.` on the next line finds
and ranks nothing again.
"""

from __future__ import annotations

import re
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterator
from itertools import chain as chain_iter
from dataclasses import dataclass, field, replace
from functools import cache
from typing import TYPE_CHECKING, Generic, TypeVar

from notesense.analysis.document import Document
from notesense.analysis.imports import ImportMap
from notesense.analysis.resolve import Chain, chain_at, in_string_or_comment, member_bases
from notesense.features.call import call_body, signature_call
from notesense.features.insert import expand, rewrite_aliases, split_imports
from notesense.features.render import note_label, snippet_markdown
from notesense.library.index import Library
from notesense.library.model import Snippet
from notesense.yielding import point

if TYPE_CHECKING:
    from notesense.rules.base import Rule

T = TypeVar("T")
MAX_CANDIDATES = 50  # a longer list is cut: the server marks it incomplete, the client asks again as the user types
MAX_KEPT_INSERTS = 4096  # item texts kept for later completions (`_INSERTS`), the least recently used dropped
MAX_KEPT_PLANS = 256  # completions kept but where the cursor is (`_PLANS`)


@dataclass
class CompletionOptions:
    snippet_support: bool = True
    show_all: bool = False  # offer snippets of every context, not only those the file imports
    locale: str = ""  # the reader's language first among notes on the same call
    # answered where it arrives (the event loop): never wait while another thread queries the file's
    # model; the line-based reader infers a receiver's kind then (`Document.receiver`)
    at_once: bool = False


@dataclass(frozen=True, slots=True)
class TextEdit:
    """0-based lines, code-point columns."""

    line: int
    col: int
    end_line: int
    end_col: int
    text: str


@dataclass
class Candidate:
    label: str
    snippet_id: str
    insert_text: str
    is_snippet: bool
    line: int
    start_col: int  # the range the insert text replaces: [start_col, end_col) of `line`
    end_col: int
    filter_text: str
    sort_text: str
    detail: str
    label_detail: str
    additional_edits: list[TextEdit] = field(default_factory=list)
    deprecated: bool = False  # a rule reports the API as removed or deprecated (`Rule.removes`)


class Completions(list[Candidate]):
    """The candidates, and whether more matched than `MAX_CANDIDATES` (`cut`): then the list is
    incomplete, and the client must ask again as the user types rather than filter this one."""

    cut = False


def complete(
    library: Library, doc: Document, line: int, col: int, options: CompletionOptions, text: str | None = None
) -> Completions:
    """Candidates for the cursor at (line, col): after `alias.`/`receiver.` the members the notes explain,
    else the snippets whose prefix starts with the identifier being typed. `text`: the line as typed
    when it is not the document's own (`warm`)."""
    text = doc.line(line) if text is None else text
    col = min(col, len(text))
    if not library.snippets or in_string_or_comment(text, col):
        return Completions()
    chain = chain_at(text, col)
    if chain is None or (chain.receiver is None and not chain.member):
        return Completions()
    bases: tuple[tuple[str, ...], frozenset[str]] | None = None
    if chain.receiver is not None:
        bases = member_bases(doc, Chain(chain.receiver, "", chain.start, chain.start, chain.dotted), line, not options.at_once)
    imports = doc.imports
    typed = text[chain.start : col]
    indent = text[: len(text) - len(text.lstrip())]
    statement = not text[: chain.start].strip()  # a whole example fits only where a statement starts
    key = (chain.receiver, chain.member, bases, typed, indent, statement, options.show_all, options.snippet_support,
           options.locale)
    items, cut = _PLANS.get((weakref.ref(library), id(imports), *key), (imports,),
                            lambda: _plan(library, doc, chain, bases, typed, indent, statement, options))
    out = Completions(
        Candidate(i.label, i.snippet_id, i.insert_text, i.is_snippet, line, chain.start, col, i.filter_text, i.sort_text,
                  i.detail, i.label_detail, [TextEdit(imports.insert_line, 0, imports.insert_line, 0, i.imports)] if i.imports else [],
                  i.deprecated)
        for i in items
    )
    out.cut = cut
    return out


@dataclass(frozen=True, slots=True)
class _Item:
    """One item of a completion, but where the cursor is: what `Candidate` holds besides its line
    and columns (`imports`: the statements it adds at the file's import line, if any)."""

    label: str
    snippet_id: str
    insert_text: str
    is_snippet: bool
    filter_text: str
    sort_text: str
    detail: str
    label_detail: str
    imports: str
    deprecated: bool = False


def _plan(
    library: Library, doc: Document, chain: Chain, bases: tuple[tuple[str, ...], frozenset[str]] | None, typed: str,
    indent: str, statement: bool, options: CompletionOptions,
) -> tuple[list[_Item], bool]:
    """The items for what is typed (`chain`, `typed`) where it is typed (a line indented by `indent`,
    at a statement's start or not), and whether more matched than `MAX_CANDIDATES`."""
    if bases is not None:
        found = _members(library, chain, bases, options)
    else:
        found = chain_iter(_imported_names(library, doc, chain.member),
                           ((prefix, prefix, s, None) for prefix, s in library.iter_prefix(chain.member)))
    imports = doc.imports
    items: list[_Item] = []
    # One item per snippet, except that a note explaining two calls (`torch.chunk`, `torch.arange`)
    # offers each; symbol matches come first, so a prefix match never repeats a snippet already offered.
    offered: set[str] = set()
    calls: set[tuple[str, str]] = set()
    same: set[tuple[str, str, str]] = set()  # what an item inserts: notes that insert alike are offered once
    labels: set[str] = set()
    for rank, (label, filter_text, snippet, symbol) in enumerate(found):
        point()  # a `warm` gives way to requests here (a request's own thread has no pause: nothing)
        if not (options.show_all or imports.imports_context(snippet.context)):
            continue
        if (snippet.id, label) in calls if symbol else snippet.id in offered:
            continue
        inserted = _inserted(snippet, symbol, imports, label, typed, options.snippet_support, statement)
        if inserted is None:
            continue
        if (label, inserted.text, inserted.imports) in same or (inserted.text == label and label in labels):
            continue  # twelve notes on `torch.Tensor` that each insert the name: one item, the best note's;
            # a note that only names an API adds nothing to a note's call of it
        if len(items) >= MAX_CANDIDATES:
            return items, True
        offered.add(snippet.id)
        calls.add((snippet.id, label))
        same.add((label, inserted.text, inserted.imports))
        labels.add(label)
        item = _item(snippet, inserted, label, filter_text, typed, rank, options.snippet_support, indent)
        rule = removed_by().get(symbol) if symbol else None
        if rule is not None:  # last, and saying why and what instead (the rule's message names the replacement)
            message = rule.hint if options.locale.startswith("zh") else rule.message
            item = replace(item, sort_text=f"~~{item.sort_text}", detail=f"{rule.code}: {message}", deprecated=True)
        items.append(item)
    return items, False


@cache
def removed_by() -> dict[str, type[Rule]]:
    """The rule that reports each API it calls removed or deprecated (`Rule.removes`)."""
    from notesense.rules.engine import ALL_RULES  # the rules import the analysis this module is imported beside

    return {symbol: rule for rule in ALL_RULES for symbol in rule.removes}


Found = Iterator[tuple[str, str, Snippet, "str | None"]]  # label, filter text, snippet, symbol called (if any)


def _members(
    library: Library, chain: Chain, found: tuple[tuple[str, ...], frozenset[str]], options: CompletionOptions
) -> Found:
    """For `receiver.member…`: symbols under what the receiver is (`found`: `member_bases`), inserted as
    calls, and snippet prefixes spelled with this receiver (`df.loc`); lazily, the caller stops when it
    has enough. A member the receiver's local class defines itself is its own: no library note is
    offered for it."""
    receiver = chain.receiver or ""
    spelled = f"{receiver}.{chain.member}"
    bases, own = found
    named: set[str] = set(own)
    for base in bases:  # the class first (`torch.nn.Linear.weight`), then its family (`torch.nn.Module.eval`)
        for symbol in library.members(base, chain.member):
            rest = symbol[len(base) + 1 :]
            if rest in named:
                continue
            named.add(rest)
            label = f"{receiver}.{rest}"
            yield from ((label, label, s, symbol) for s in library.for_symbol(symbol, options.locale))
    for prefix, snippet in library.iter_prefix(spelled):
        if prefix[len(receiver) + 1 :] not in own:
            yield prefix, prefix, snippet, None


def _imported_names(library: Library, doc: Document, typed: str) -> Found:
    """Names the file imports that start with what is typed (`aw` for `from numpy import argwhere as aw`)
    and that the notes explain."""
    for local, target in sorted(doc.imports.names.items()):
        if local.startswith(typed) and local != target.split(".")[0]:
            yield from ((local, local, s, target) for s in library.for_symbol(target) if target in s.symbols)


@dataclass(frozen=True, slots=True)
class _Insert:
    """What an item shows and inserts, wherever the cursor is: its text (its later lines indented as
    the cursor's line is by `_item`), the import statements it adds, its detail and the note it
    comes from."""

    text: str
    imports: str
    detail: str
    label_detail: str


class _Kept(Generic[T]):
    """Results kept per key, the least recently used dropped beyond `size`, shared by the request
    threads. An entry holds the objects it was made from (`made_from`) and is served only for those
    very objects: a changed import block or a reloaded library is a different object, so a stale
    result is never served."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._kept: OrderedDict[tuple, tuple[tuple, T]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple, made_from: tuple, make: Callable[[], T]) -> T:
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None and all(a is b for a, b in zip(kept[0], made_from, strict=True)):
                self._kept.move_to_end(key)
                return kept[1]
        made = make()
        with self._lock:
            self._kept[key] = (made_from, made)
            self._kept.move_to_end(key)
            while len(self._kept) > self._size:
                self._kept.popitem(last=False)
        return made


# `_insert` results per (snippet, what it is offered as, the file's imports, ...): a file's completions
# offer the same few notes again and again, and making an item's text (the note's call read again, its
# aliases respelt for this file) costs far more than finding it
_INSERTS: _Kept[_Insert | None] = _Kept(MAX_KEPT_INSERTS)
# whole completions but where the cursor is (`_plan`), per library, import block and what is typed where:
# completing `pd.` or `df.` again on another line finds no note and makes no item text again. The
# library is held by a weak reference: a reloaded one's predecessor is not kept alive by its plans
_PLANS: _Kept[tuple[list[_Item], bool]] = _Kept(MAX_KEPT_PLANS)


def _inserted(
    snippet: Snippet, symbol: str | None, imports: ImportMap, label: str, typed: str, snippet_support: bool,
    statement: bool,
) -> _Insert | None:
    """`_insert`, kept (`_INSERTS`); `typed` matters only to a prefix match mid-expression (`_prefix_call`)."""
    key = (id(imports), snippet.id, symbol, label, snippet_support, statement, None if symbol else typed)
    return _INSERTS.get(key, (imports, snippet), lambda: _insert(snippet, symbol, imports, label, typed, snippet_support, statement))


def _item(
    snippet: Snippet, inserted: _Insert, label: str, filter_text: str, typed: str, rank: int, is_snippet: bool,
    indent: str,
) -> _Item:
    """The item for one snippet on a line indented by `indent`."""
    exact = typed == label or typed in snippet.prefix
    return _Item(label, snippet.id, _indent_continuation(inserted.text, indent), is_snippet, filter_text,
                 f"{'0' if exact else '~'}{rank:04d}", inserted.detail, inserted.label_detail, inserted.imports)


def _insert(
    snippet: Snippet, symbol: str | None, imports: ImportMap, label: str, typed: str, snippet_support: bool,
    statement: bool,
) -> _Insert | None:
    """What one snippet inserts: for an item named for an API (`symbol`), its call, or its name when the
    note never calls it; for a prefix match, the call it explains where an expression is being typed,
    the whole example where a statement starts; None when neither fits here."""
    aliases = dict(snippet.aliases)
    call = call_body(snippet, symbol, label) if symbol else None
    if call is None and symbol and snippet.signature:  # a note that writes the signature, not a call
        written = signature_call(snippet.signature, symbol, label)
        call = (written, {}) if written else None
    if call is None and symbol is None and not (statement and snippet.body.strip()):
        call = _prefix_call(snippet, imports, typed)
    if call is None and symbol:
        # an item named for one API inserts that API, never the note's whole example (`torch.BoolTensor`
        # used inside a masking example) nor an explanation's prose: the example is its documentation
        call = (label, {})
    if call is not None:
        (body, aliases), body_imports = call, ()
    elif statement:
        body, body_imports = split_imports(snippet.body, aliases, imports)
        receiver, _, member = label.rpartition(".")
        if receiver and receiver.split(".")[0] not in imports.names:  # a prefix spelled on a value (`df.loc`)
            shown = _on_receiver(body, receiver, member)
            body, body_imports, aliases = (label, (), {}) if shown is None else (shown, body_imports, aliases)
        elif _DEFINITION.match(body):
            # an example that defines a class or a function (`class Attend(nn.Module): …` calling
            # `F.softmax` inside) is another program: typing the API asks for its call
            (body, aliases), body_imports = _prefix_call(snippet, imports, typed) or (label, {}), ()
    else:
        return None
    if not body.strip():
        return None  # an example of imports only: an empty edit would just delete what was typed
    rewritten = rewrite_aliases(body, aliases, imports)
    missing = tuple(dict.fromkeys(body_imports + rewritten.imports))
    body = rewritten.text if snippet_support else expand(rewritten.text)
    return _Insert(
        body,
        "".join(f"{stmt}\n" for stmt in missing),
        snippet.signature.split("\n", 1)[0] if snippet.signature else snippet.title,
        f"  {note_label(snippet)}",
    )


_DEFINITION = re.compile(r"(?:\s*#[^\n]*\n)*\s*(?:@|class\s|def\s|async\s+def\s)")  # after any comment lines


def _on_receiver(body: str, receiver: str, member: str) -> str | None:
    """A note's whole example (its imports apart) offered for a prefix spelled on a value (`df.loc` typed
    as `df.lo`): from its first statement that starts with that member of its own variable
    (`${1:stock}.loc[...]`), the receiver typed as that variable's default (`${1:df}`): the lines that
    made the note's variable (`stock = pd.read_csv(...)`) would rebind the user's. None when no
    statement starts so (an `.iloc` example, a loop that uses `.loc` inside): the name typed is what
    is asked for then, not another note's program."""
    found = re.search(r"^\$\{1:([A-Za-z_]\w*)\}\." + re.escape(member) + r"\b", body, re.M)
    if found is not None:
        return body[found.start():].replace(f"${{1:{found[1]}}}", f"${{1:{receiver}}}")
    found = re.search("^" + re.escape(f"{receiver}.{member}") + r"\b", body, re.M)
    return None if found is None else body[found.start():]


def _prefix_call(snippet: Snippet, imports: ImportMap, typed: str) -> tuple[str, dict[str, str]] | None:
    """Mid-expression, a prefix match (`return softm|`) inserts the call of the symbol it names,
    spelled the way this file reaches it (`torch.nn.functional.softmax` after `import torch`)."""
    for symbol in snippet.symbols:
        spelled = imports.local_name(symbol)
        if spelled and symbol.rsplit(".", 1)[-1].startswith(typed):
            call = call_body(snippet, symbol, spelled)
            if call is None and snippet.signature:
                written = signature_call(snippet.signature, symbol, spelled)
                call = (written, {}) if written else None
            if call is not None:
                return call
    return None


def _indent_continuation(body: str, indent: str) -> str:
    """A multi-line body inserted on an indented line keeps its later lines at that indentation."""
    if not indent or "\n" not in body:
        return body
    first, *rest = body.split("\n")
    return "\n".join([first, *((indent + r) if r else r for r in rest)])


def warm(library: Library, doc: Document, options: CompletionOptions) -> int:
    """Complete now after each name the file imports (`pd.`, `F.`), as mid-expression: the first
    completion after a name ranks the notes of fifty symbols and makes fifty item texts, kept for
    later ones (`Library.for_symbol`, `_INSERTS`), so the user's first `pd.` in an opened file costs
    what the later ones do. Run where requests come first (`yielding.pausing`): it gives way to them
    between items. How many items it made."""
    line = max(len(doc.lines) - 1, 0)
    made = 0
    for local in doc.imports.names:
        text = f"_ = {local}."
        made += len(complete(library, doc, line, len(text), replace(options, at_once=True), text))
    return made


def documentation(library: Library, snippet_id: str) -> str | None:
    """The Markdown documentation of one candidate (for completionItem/resolve)."""
    snippet = library.get(snippet_id)
    return None if snippet is None else snippet_markdown(snippet)
