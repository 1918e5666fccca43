"""The symbol at a position, as a canonical public name (`pd.concat` → `pandas.concat`).

Three steps, cheapest first: the file's own imports (`F.softmax`, `aw(x)`); the kind of a receiver
from the local inference (`df.fillna` after `df = pd.read_csv(...)`); and jedi, only when the file
parses and only within a time budget — a hover must never wait on it longer than that.
"""

from __future__ import annotations

import builtins
import concurrent.futures
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass

from notesense.analysis import api, public_api
from notesense.analysis.document import Document
from notesense.analysis.imports import with_foundations

JEDI_BUDGET_S = 0.05
_BUILTINS = frozenset(n for n in dir(builtins) if not n.startswith("_"))


@dataclass(frozen=True, slots=True)
class Resolved:
    """`canonical` spans columns [start, end) of 0-based `line` (code points)."""

    canonical: str
    start: int
    end: int
    line: int


@dataclass(frozen=True, slots=True)
class Chain:
    """What stands before a position on a line: `receiver` `.` `member`, or a bare `member`.

    `start` is where the whole expression begins (the receiver's first column), `member_start`
    where the identifier at the position begins. `dotted` is True when the receiver is a plain
    dotted name (`np.random`), which the imports alone can qualify."""

    receiver: str | None
    member: str
    start: int
    member_start: int
    dotted: bool


def _binds(doc: Document, name: str) -> bool:
    """Whether the file itself binds `name` (assignment, def, class, parameter, import, loop
    target), read from its text so it holds while the file is being typed."""
    n = re.escape(name)
    pattern = (
        rf"\b(?:def|class)\s+{n}\b|\bas\s+{n}\b|\bimport\s+(?:[\w.]+\s*,\s*)*{n}\b|\bfor\s+[^:\n]*\b{n}\b[^:\n]*\bin\b"
        rf"|^\s*(?:[\w.]+\s*,\s*)*{n}\s*(?:,[^=\n]*)?=(?!=)|\bdef\s+\w+\([^)]*\b{n}\b"
    )
    return re.search(pattern, doc.source, re.M) is not None


def is_ident_char(ch: str) -> bool:
    return ch == "_" or ch.isalnum()


def chain_at(text: str, col: int, extend_right: bool = False) -> Chain | None:
    """The expression ending at `col` of `text` (with `extend_right`, the identifier under `col`)."""
    col = max(0, min(col, len(text)))
    end = col
    if extend_right:
        while end < len(text) and is_ident_char(text[end]):
            end += 1
    start = col
    while start > 0 and is_ident_char(text[start - 1]):
        start -= 1
    member = text[start:end]
    if member[:1].isdigit():
        return None
    i = start
    while i > 0 and text[i - 1] == " ":
        i -= 1
    if i == 0 or text[i - 1] != ".":
        return Chain(None, member, start, start, True) if member else None
    # walk back over `.name`, `(...)` and `[...]` pieces of the receiver
    j = i - 1
    dotted = True
    grouped = False  # the piece just walked over was a `(...)` or `[...]`
    while True:
        k = j
        while k > 0 and text[k - 1] == " ":
            k -= 1
        if k > 0 and text[k - 1] in ")]":
            opened = _match_open(text, k - 1)
            if opened is None:
                return None
            dotted = False
            grouped = True
            j = opened
            continue
        if k > 0 and text[k - 1] in "'\"" and j == i - 1:
            opened = _string_start(text, k - 1)  # `', '.join`: a string literal receiver
            if opened is None:
                return None
            return Chain(text[opened : i - 1].strip(), member, opened, start, False)
        n = k
        while n > 0 and is_ident_char(text[n - 1]):
            n -= 1
        if n == k:
            if grouped:
                break  # no name before the brackets: `(x * 2).detach`, `[1, 2].count` — the group is the receiver
            return None  # `.` after a literal or an operator: `1.`
        grouped = False
        if text[n].isdigit():
            return None
        j = n
        if j > 0 and text[j - 1] == ".":
            j -= 1
            continue
        break
    receiver = text[j : i - 1].replace(" ", "") if dotted else text[j : i - 1].strip()
    return Chain(receiver, member, j, start, dotted)


def _match_open(text: str, close: int) -> int | None:
    """Index of the bracket that opens the one at `close`, skipping simple string literals."""
    pairs = {")": "(", "]": "["}
    stack = [text[close]]
    i = close - 1
    while i >= 0:
        ch = text[i]
        if ch in "'\"":
            q = text.rfind(ch, 0, i)
            if q < 0:
                return None
            i = q - 1
            continue
        if ch in ")]":
            stack.append(ch)
        elif ch in "([":
            if pairs[stack[-1]] != ch:
                return None
            stack.pop()
            if not stack:
                return i
        i -= 1
    return None


def _string_start(text: str, close: int) -> int | None:
    """Where the one-line string literal whose closing quote is at `close` starts (its prefix
    letters included), when the text before it is read the same way; None otherwise."""
    quote = text[close]
    opened = text.rfind(quote, 0, close)
    if opened < 0 or in_string_or_comment(text, opened):
        return None
    return _prefix_start(text, opened)


def in_string_or_comment(text: str, col: int) -> bool:
    """Whether `col` of `text` is inside a string literal or a comment (one line's view: a
    triple-quoted string opened on an earlier line is not seen). The replacement fields of an
    f-string are code (`f"loss: {loss.item():.4f}"`), strings written inside them strings again."""
    quote: str | None = None  # the delimiter of the string `i` is in
    fstring = False  # that string is an f-string
    field = 0  # bracket depth inside one of its replacement fields (0: in its text)
    inner: str | None = None  # the delimiter of a string written inside a field
    i = 0
    while i < col:
        ch = text[i]
        if inner or (quote and not field):
            if ch == "\\":
                i += 2
                continue
            if inner and text.startswith(inner, i):
                i += len(inner)
                inner = None
                continue
            if not inner and fstring and ch == "{":
                if text.startswith("{{", i):
                    i += 2
                    continue
                field = 1
            elif not inner and text.startswith(quote or "", i):
                i += len(quote or "")
                quote, fstring = None, False
                continue
        elif ch == "#":
            return True
        elif ch in "'\"":
            opened = text[i : i + 3] if text[i : i + 3] in ("'''", '"""') else ch
            if field:
                inner = opened
            else:
                quote, fstring = opened, "f" in text[_prefix_start(text, i):i].lower()
            i += len(opened)
            continue
        elif field:
            field += 1 if ch in "([{" else -1 if ch in ")]}" else 0
        i += 1
    return inner is not None or (quote is not None and not field)


def _prefix_start(text: str, at: int) -> int:
    """Where the string literal whose quote opens at `at` starts: before its prefix letters (`rf` of
    `rf"…"`, two at most), at the quote when the letters end a name (`elf"…"` is no prefix)."""
    start = at
    while start > 0 and at - start < 2 and text[start - 1] in "rRbBfFuU":
        start -= 1
    return at if start and is_ident_char(text[start - 1]) else start


def member_bases(doc: Document, chain: Chain, line: int, wait: bool = True) -> tuple[tuple[str, ...], frozenset[str]]:
    """Where completing `receiver.` finds members: the module a dotted receiver names through the
    imports (`np.random`), else the receiver's class and its family (`torch.nn.Linear` and
    `torch.nn.Module` for `model.fc`); and the members the receiver's local class defines itself,
    which no library note may claim (its own `forward`). `wait`: as `Document.receiver`'s."""
    receiver = chain.receiver or ""
    if chain.dotted:
        qualified = doc.imports.qualify(receiver)
        if qualified is not None:
            return (api.public_name(qualified),), frozenset()
        if _builtin_type(doc, receiver):
            return (receiver,), frozenset()
    cls, own = doc.receiver(receiver, line, chain.start, wait)
    if cls is None:
        return (), own
    return tuple(dict.fromkeys((api.name_of(cls), api.member_name(cls, "").rstrip(".")))), own


def _builtin_type(doc: Document, name: str) -> bool:
    """`name` is a builtin type the file does not rebind (`str` in `str.maketrans(...)`)."""
    return name in api.BUILTIN_TYPES and not _binds(doc, name)


def canonical_of(doc: Document, chain: Chain, line: int) -> str | None:
    """The canonical name a chain spells, from imports first and the inferred receiver kind second."""
    imports = doc.imports
    if chain.receiver is None:
        if not chain.member:
            return None
        qualified = imports.qualify(chain.member)
        if qualified is None and chain.member in _BUILTINS and not _binds(doc, chain.member):
            return chain.member  # `zip`, `hasattr`: a builtin the file does not rebind
        return api.public_name(qualified) if qualified is not None else None
    if chain.dotted:
        qualified = imports.qualify(chain.receiver)
        if qualified is not None and chain.member and (value := api.imported_value(api.public_name(qualified))):
            return api.member_name(value, chain.member)  # `cm.jet.set_under`: a colormap's; `Article.objects.get`: a QuerySet's
        if qualified is not None:
            return api.public_name(f"{qualified}.{chain.member}" if chain.member else qualified)
        if chain.member and _builtin_type(doc, chain.receiver):  # `str.maketrans`, `dict.fromkeys`
            return f"{chain.receiver}.{chain.member}" if public_api.is_public(f"{chain.receiver}.{chain.member}") else None
    return doc.member_symbol(chain.receiver, chain.member, line, chain.start) if chain.member else None


def symbol_at(
    doc: Document,
    line: int,
    col: int,
    use_jedi: bool = True,
    worth_jedi: Callable[[str], bool] = lambda _name: True,
    covered: Callable[[str], bool] = lambda _symbol: True,
) -> Resolved | None:
    """The canonical name of the identifier at (line, col), 0-based, code points; None when unknown.
    jedi is asked only when the file alone does not tell and `worth_jedi(name)` says an answer could
    matter (a hover asks only about names its notes explain). `covered(symbol)`: whether an answer is
    worth showing; a member of a class the API table has no facts on (`net.eval()` where `Net` comes
    from another file, so the file alone says `models.Net.eval`) that is not covered is asked of jedi
    too, which follows the class to the library it extends."""
    text = doc.line(line)
    probe = col
    if probe < len(text) and not is_ident_char(text[probe]) and probe > 0 and is_ident_char(text[probe - 1]):
        probe -= 1  # the cursor just after a name still hovers it
    if not (probe < len(text) and is_ident_char(text[probe])) or in_string_or_comment(text, probe):
        return None
    overriding = _overridden(doc, line, probe)
    if overriding is not None:
        return overriding
    chain = chain_at(text, probe, extend_right=True)
    where = line  # the line the receiver starts on
    if chain is None and _opens_with_member(text, probe):
        chain, where = _continued_chain(doc, line, probe)
    if chain is None or not chain.member:
        return None
    start, end = chain.member_start, chain.member_start + len(chain.member)
    canonical = canonical_of(doc, chain, where)
    receiver = chain.receiver
    if canonical is None and receiver is not None and worth_jedi(chain.member):
        # the receiver's own binding lines did not tell: the version's model, once, before asking jedi
        canonical = doc.member_symbol(receiver, chain.member, where, chain.start, analyse=True)
    guessed = canonical is not None and receiver is not None and api.without_facts(canonical.rpartition(".")[0])
    uncovered = canonical is None or (guessed and not covered(canonical))
    if uncovered and use_jedi and worth_jedi(chain.member):
        found = _jedi_name(doc, line, start)
        canonical = found if found is not None and (canonical is None or covered(found)) else canonical
    if canonical is None and receiver is not None and worth_jedi(chain.member):
        canonical = _sole_owner(doc, chain, where)  # (only for a name the notes explain: no receiver read else)
    return Resolved(canonical, start, end, line) if canonical else None


_METHOD_DEF = re.compile(r"[ \t]+(?:async[ \t]+)?def[ \t]+([A-Za-z_]\w*)[ \t]*\([ \t]*(\w+)")


def _overridden(doc: Document, line: int, col: int) -> Resolved | None:
    """The library method that the method defined at the cursor overrides (`def forward(self, x)` in a
    class extending `nn.Module` → `torch.nn.Module.forward`): what the notes on it say is what the method
    written must do. Asked of the version's model, which knows what `self` is there."""
    text = doc.line(line)
    found = _METHOD_DEF.match(text)
    if found is None or not found.start(1) <= col < found.end(1) or doc.kinds is None:
        return None
    body = line + 1 if text.rstrip().endswith(":") else line  # read where the body stands: a one-line method's after its colon
    owner = doc.kinds.kind_of_source(found[2], doc.ast_position(body, len(doc.line(body))))
    symbol = f"{owner}.{found[1]}" if owner else None
    if symbol is None or not public_api.is_public(symbol):
        return None
    return Resolved(public_api.canonical(symbol) or symbol, found.start(1), found.end(1), line)


_CONTINUED_LINES = 12  # how far up a method chain written one call a line is followed


def _opens_with_member(text: str, col: int) -> bool:
    """Whether the name at `col` is the first thing on its line after a dot (`    .groupby(...)`)."""
    start = col
    while start > 0 and is_ident_char(text[start - 1]):
        start -= 1
    return text[:start].strip() == "."


def _continued_chain(doc: Document, line: int, col: int) -> tuple[Chain | None, int]:
    """The chain of a member on a line that starts with `.member` (a method chain written one call a
    line: `(df\n  .groupby("a")\n  .mean())`), read with the lines above it that hold its receiver,
    and the line that receiver starts on. Columns are the hovered line's; (None, line) when the lines
    above do not end in a receiver."""
    pieces = [doc.line(line)]
    first = line
    while first > 0 and line - first < _CONTINUED_LINES:
        above = doc.line(first - 1).split("#", 1)[0].rstrip().removesuffix("\\").rstrip()
        if not above:
            break
        pieces.insert(0, above)
        first -= 1
        if not above.lstrip().startswith("."):
            break
    joined = " ".join(pieces)
    offset = len(joined) - len(pieces[-1])
    chain = chain_at(joined, col + offset, extend_right=True)
    if chain is None or chain.receiver is None or chain.start >= offset:
        return None, line
    begins = chain.start  # the receiver's line among the pieces, and its column there
    for piece in pieces:
        if begins <= len(piece):
            break
        begins -= len(piece) + 1
        first += 1
    return Chain(chain.receiver, chain.member, begins, chain.member_start - offset, chain.dotted), first


def _sole_owner(doc: Document, chain: Chain, line: int) -> str | None:
    """`feats[4].register_forward_hook` on a value nothing in the file (nor jedi) tells about: the one
    main class of an imported library with that compound-named method, as the notes are read; else,
    on a bare name (`def train(model, optimizer, loss)`: parameters nothing annotates), the kind its
    name conventionally holds where that kind has the member (`optimizer.zero_grad`, `loss.backward`),
    the guess the compiler makes of the same names in notes (`api.named_kind`); else what it is where
    a name called on the way is what its name conventionally holds (`pred = model(x)`: a tensor's
    member, `api.called_kind`), when that is listed API."""
    receiver = chain.receiver or ""
    cls, own = doc.receiver(receiver, line, chain.start)
    if cls is not None or chain.member in own:
        return None
    libraries = with_foundations(doc.imports.modules)
    found = public_api.sole_owner(chain.member, libraries) or api.mirrored_owner(chain.member, libraries)
    kind = None if found or not receiver.isidentifier() else api.named_kind(receiver, chain.member, libraries)
    if found or kind:
        return found or f"{kind}.{chain.member}"
    guessed = doc.guessed_member_symbol(receiver, chain.member, line, chain.start)
    return guessed if guessed and api.may_be_real(guessed) else None


# ------------------------------------------------------------------ jedi, under a budget
_jedi_pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="notesense-jedi")
_jedi_busy = threading.Lock()
# (source, line, col) -> jedi's answer, kept when it came after the budget: the next request there
# (the user hovering again, a busy machine) gets it at once instead of starting jedi over
_jedi_late: dict[tuple[str, int, int], str | None] = {}
_JEDI_LATE_MAX = 256


def _jedi_name(doc: Document, line: int, col: int) -> str | None:
    """jedi's answer if it comes within JEDI_BUDGET_S; a request never waits longer (and never queues
    behind a slow one: while jedi is busy, we answer None at once). The parse check that skips jedi
    on a broken file runs inside the budget too."""
    key = (doc.source, line, col)
    if key in _jedi_late:
        return _jedi_late[key]
    if not _jedi_busy.acquire(blocking=False):
        return None
    try:
        future = _jedi_pool.submit(_jedi_infer, doc, line, col)
    except RuntimeError:
        _jedi_busy.release()
        return None

    def finished(done: concurrent.futures.Future[str | None]) -> None:
        if not done.cancelled() and done.exception() is None:
            if len(_jedi_late) >= _JEDI_LATE_MAX:
                _jedi_late.clear()
            _jedi_late[key] = done.result()
        _jedi_busy.release()

    future.add_done_callback(finished)
    try:
        return future.result(timeout=JEDI_BUDGET_S)
    except Exception:  # noqa: BLE001 - a timeout or jedi failing both mean "unknown"
        return None


def _jedi_infer(doc: Document, line: int, col: int) -> str | None:
    if doc.tree is None:
        return None
    import jedi

    names = jedi.Script(doc.source).infer(line + 1, col)
    for name in names:
        if name.full_name:
            return public_name(name.full_name)
    return None


def public_name(full_name: str) -> str:
    """jedi's defining path → the public spelling: `pandas.core.frame.DataFrame.fillna` →
    `pandas.DataFrame.fillna`, `numpy._core.multiarray.argwhere` → `numpy.argwhere`,
    `torch.optim.optimizer.Optimizer.zero_grad` → `torch.optim.Optimizer.zero_grad` (the API table's
    spellings first, so hover and the compiler name things alike)."""
    known = api.public_name(full_name)
    if known != full_name:
        return known
    parts = full_name.split(".")
    internal = any(p.startswith("_") or p in ("core", "generic", "frame", "series") for p in parts[1:-1])
    if not internal:
        return full_name
    for i, part in enumerate(parts[1:], start=1):
        if part[:1].isupper():
            cls = "DataFrame" if part == "NDFrame" else part
            return ".".join([parts[0], cls, *parts[i + 1 :]])
    return f"{parts[0]}.{parts[-1]}"
