"""Hover: what the user's notes say about the symbol under the cursor — or nothing at all, so the
user's main language server answers alone on symbols the notes do not cover."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from notesense.analysis import api
from notesense.analysis.document import Document
from notesense.analysis.resolve import in_string_or_comment, symbol_at
from notesense.features.render import HOVER_BUDGET, members_markdown, merged_markdown
from notesense.library.index import Library
from notesense.library.model import MENTIONED, Snippet


@dataclass(frozen=True, slots=True)
class HoverResult:
    markdown: str
    line: int  # the hovered name: [start_col, end_col) of 0-based `line`, code points
    start_col: int
    end_col: int


def hover(
    library: Library, doc: Document, line: int, col: int, budget: int = HOVER_BUDGET, locale: str = ""
) -> HoverResult | None:
    """The notes on the symbol at (line, col): the one that explains it best in full, the others as
    links; None when none cover it. `locale` (`zh-cn`, `en`) puts the reader's language first."""
    if not len(library):  # not `library.snippets`: a library read from its snapshot would decode every record
        return None
    found: dict[str, list[Snippet]] = {}  # the notes on a symbol, looked up once per hover

    def notes(symbol: str) -> list[Snippet]:
        if symbol not in found:
            found[symbol] = notes_on(library, symbol, locale)
        return found[symbol]

    resolved = symbol_at(doc, line, col, worth_jedi=library.names_something, covered=lambda symbol: bool(notes(symbol)))
    if resolved is None:
        return _on_keyword(library, doc, line, col, notes, budget, locale)
    snippets = notes(resolved.canonical)
    if len(snippets) > 1 and (written := _arguments(doc.line(resolved.line), resolved.end)) is not None:
        snippets = _by_arguments(snippets, resolved.canonical, *written)
    if snippets:
        markdown = merged_markdown(snippets, budget, locale, resolved.canonical)
    elif resolved.canonical in doc.imports.names.values() and (under := library.on_module(resolved.canonical)):
        # a module (`argparse`, `np`) or a class the file imports that no note is about itself, while
        # notes cover its names (`argparse.ArgumentParser.add_argument`): those notes, as links
        markdown = members_markdown(resolved.canonical, under, locale)
    else:
        return None
    return HoverResult(markdown, resolved.line, resolved.start, resolved.end)


def notes_on(library: Library, canonical: str, locale: str = "") -> list[Snippet]:
    """The notes on `canonical`, best first; for an attribute of a library class that no note names
    (`torch.nn.Linear.bias`, `torch.optim.Optimizer.param_groups`), the notes on its class whose words
    or example mention it: what the notes say about it. A DataFrame's column (`df.price`) is no such
    attribute, so no note on DataFrame stands in for it. Blocks that only touch the attribute in
    passing (`x.requires_grad = False` in a long loading script) answer after those notes."""
    found = library.for_symbol(canonical, locale)
    owner, _, member = canonical.rpartition(".")
    if not api.is_property(owner, member) or found and max(s.aboutness(canonical) for s in found) > MENTIONED:
        return found
    word = re.compile(rf"(?<![A-Za-z0-9_]){re.escape(member)}(?![A-Za-z0-9_])")
    on_owner = [s for s in library.for_symbol(owner, locale) if word.search(s.doc) or word.search(s.code)]
    shown = {s.id for s in on_owner}
    return on_owner + [s for s in found if s.id not in shown]


def _on_keyword(library: Library, doc: Document, line: int, col: int, notes: Callable[[str], list[Snippet]],
                budget: int, locale: str) -> HoverResult | None:
    """A keyword argument under the cursor (`weight_decay` in `optim.Adam(params, weight_decay=1e-4)`):
    the notes on the call that speak of it ("### Weight Decay" over a block passing it), then those
    whose code passes it; None when no note on the call does either."""
    text = doc.line(line)
    m = next((m for m in _KEYWORD.finditer(text) if m.start(1) <= col <= m.end(1)), None)
    if m is None or in_string_or_comment(text, m.start(1)):
        return None
    callee = _callee_before(doc, line, m.start(1))
    resolved = symbol_at(doc, *callee, worth_jedi=library.names_something) if callee else None
    if resolved is None:
        return None
    name = m[1]
    spoken = re.compile(r"(?<![A-Za-z0-9])" + r"[\s_-]*".join(map(re.escape, _spoken_words(name))), re.IGNORECASE)
    on_call = notes(resolved.canonical)
    speak = [s for s in on_call if spoken.search(s.doc) or spoken.search(" ".join(s.source.heading))]
    written = [s for s in on_call if s not in speak and _passes(s.code, name)]
    if not speak and not written:
        return None
    return HoverResult(merged_markdown([*speak, *written], budget, locale), line, m.start(1), m.end(1))


def _spoken_words(name: str) -> list[str]:
    """The words a keyword is written in prose with: `weight_decay` "weight decay", and
    `early_stopping_rounds` "early stopping" (its last word a unit the prose may leave out)."""
    words = [w for w in name.split("_") if w]
    return words[:-1] if len(words) > 2 else words


def _callee_before(doc: Document, line: int, col: int) -> tuple[int, int] | None:
    """Where the name of the call whose parentheses hold (`line`, `col`) ends, a few lines up at most."""
    depth = 0
    for number in range(line, max(line - _CALL_LINES, -1), -1):
        text = doc.line(number)
        for at in range((col if number == line else len(text)) - 1, -1, -1):
            if text[at] in ")]}":
                depth += 1
            elif text[at] in "([{":
                if depth == 0:
                    return (number, at - 1) if text[at] == "(" and at and (text[at - 1].isalnum() or text[at - 1] == "_") else None
                depth -= 1
    return None


def _passes(code: str, keyword: str) -> bool:
    """Whether `code` passes the keyword argument `keyword` (`weight_decay=1e-5`) somewhere."""
    return keyword in code and any(m[1] == keyword for m in _KEYWORD.finditer(code))


_CALL_LINES = 12  # a call written one argument per line
_ARGUMENT_RIVALS = 12
_KEYWORD = re.compile(r"(?<![\w.])([A-Za-z_]\w*)\s*=(?!=)")


def _arguments(text: str, start: int) -> tuple[list[str], int | None] | None:
    """The keyword arguments the call whose `(` stands at `start` of `text` passes and how many positional
    ones (`json.dumps(obj, ensure_ascii=False)`: `ensure_ascii`, 1); None when no call opens there. A call
    the text does not close (a line being typed, one argument per line) has its keywords so far and no count."""
    if not text.startswith("(", start):
        return None
    depth, quote, parts, current = 0, "", [], start + 1
    for at in range(start, len(text)):
        char = text[at]
        if quote:
            quote = "" if char == quote and text[at - 1] != "\\" else quote
        elif char in "'\"":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth == 0:
                parts.append(text[current:at])
                break
        elif char == "," and depth == 1:
            parts.append(text[current:at])
            current = at + 1
    else:
        return _KEYWORD.findall(text, start + 1), None
    written = [part.strip() for part in parts if part.strip()]
    keywords = [m[1] for part in written if (m := _KEYWORD.match(part))]
    return keywords, len(written) - len(keywords) - sum(part.startswith("**") for part in written)


def _by_arguments(snippets: list[Snippet], symbol: str, written: list[str], positional: int | None) -> list[Snippet]:
    """The notes on `symbol` with, first, an entry of the best one's section as much about it that
    writes every keyword argument the user's call passes, when the best does not: of two rows of a
    table on `json.dumps`, the one with `ensure_ascii=False` answers a call that passes it. So too
    for as many positional arguments, when the best one's code never calls it with that many: of two
    cells on `np.where`, the one calling `np.where(b % 2 == 0, b, c)` answers a call that passes three.
    Another section is left where the ranking put it: an incidental `random_state=0` says nothing of
    which note explains `train_test_split`."""
    name = symbol.rpartition(".")[2]
    call = re.compile(rf"(?<![\w]){re.escape(name)}\s*(?=\()")

    def counts(s: Snippet) -> set[int | None]:
        return {_arguments(s.code, m.end())[1] for m in call.finditer(s.code)} if name in s.code else set()

    def writes(s: Snippet) -> bool:
        return all(_passes(s.code, keyword) or re.search(rf"(?<![\w.]){keyword}\b", s.doc) for keyword in written)

    best = snippets[0]
    shaped = positional is None or not (made := counts(best)) or positional in made
    if writes(best) and shaped:
        return snippets
    level = best.aboutness(symbol)
    for i, s in enumerate(snippets[1:_ARGUMENT_RIVALS], 1):  # those a hover lists: the ranking otherwise stands
        if s.source.note == best.source.note and s.source.heading == best.source.heading \
                and s.aboutness(symbol) >= level and writes(s) and (shaped or positional in counts(s)):
            return [s, *snippets[:i], *snippets[i + 1:]]
    return snippets

