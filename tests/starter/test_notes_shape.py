"""The starter notes keep the regular shape the compiler and the rules depend on.

Each section: a bilingual heading, Chinese prose, English prose, one `notesense` hint with a top-level
context and canonical symbols that really exist, a runnable Python example first, a link. Each rule
code has exactly one explaining heading, in the note the rules engine opens.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

PRIVATE_NOTES = Path(__file__).resolve().parents[2].parent / "shared" / "notes"
MIN_SECTIONS = 120
MIN_QUOTE = 20  # characters (whitespace ignored): a sentence this long found verbatim is a copy
CJK = re.compile(r"[\u4e00-\u9fff]")
WORD = re.compile(r"[A-Za-z]{2,}")
DOTTED = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")
THIRD_PARTY = {"numpy", "pandas", "torch", "tensorflow", "cv2"}
RULE_NOTES = {
    "NS101": "notes/pandas-pitfalls.md",
    "NS102": "notes/pandas-pitfalls.md",
    "NS103": "notes/pandas-pitfalls.md",
    "NS104": "notes/pandas-pitfalls.md",
    "NS201": "notes/torch-pitfalls.md",
    "NS202": "notes/torch-pitfalls.md",
    "NS203": "notes/torch-pitfalls.md",
    "NS204": "notes/torch-pitfalls.md",
    "NS301": "notes/tensorflow-pitfalls.md",
}


def squeeze(text: str) -> str:
    """Whitespace removed, so a re-wrapped copy still matches."""
    return "".join(text.split())


def is_english(paragraph: str) -> bool:
    return not CJK.search(paragraph) and len(WORD.findall(paragraph)) >= 8


def test_there_are_enough_sections(sections) -> None:
    assert len(sections) >= MIN_SECTIONS


def test_every_context_has_several_sections(sections) -> None:
    contexts = Counter(s.hints[0]["context"] for s in sections if s.hints and "context" in s.hints[0])
    for context in ["pandas", "numpy", "torch", "tensorflow", "cv2", "collections", "multiprocessing"]:
        assert contexts[context] >= 3, f"only {contexts[context]} sections for {context}"


def test_library_shows_transcripts_and_signatures(sections) -> None:
    """The compiler's REPL and signature paths need real examples in the bundled notes."""
    kinds = Counter(block.kind for section in sections for block in section.blocks[1:])
    assert kinds["repl"] >= 3 and kinds["signature"] >= 3, kinds


def test_heading_is_bilingual(section) -> None:
    zh, sep, en = section.heading.rpartition(" / ")
    assert sep and CJK.search(zh), f"{section.ident}: heading wants 'Chinese / English': {section.heading!r}"
    assert WORD.search(en) and not CJK.search(en), f"{section.ident}: no English title: {section.heading!r}"


def test_heading_has_no_accidental_emphasis(section) -> None:
    """`zip(*) ... (*x)` or `__main__` outside backticks turn into emphasis and vanish from the title."""
    assert not section.emphasis, f"{section.ident}: wrap * and __ in backticks: {section.heading!r}"


def test_prose_is_bilingual(section) -> None:
    assert any(CJK.search(p) for p in section.paragraphs), f"{section.ident}: no Chinese prose"
    assert any(is_english(p) for p in section.paragraphs), f"{section.ident}: no English prose"


def test_section_links_to_documentation(section) -> None:
    assert any("https://" in p for p in section.paragraphs), f"{section.ident}: no link"


def test_first_python_block_is_a_runnable_example(section) -> None:
    assert section.example is not None, f"{section.ident}: no ```python block"
    assert section.example.kind == "python", f"{section.ident}: first block is a {section.example.kind}"


def test_hint_names_a_top_level_context_and_symbols(section) -> None:
    assert len(section.hints) == 1, f"{section.ident}: wants exactly one notesense hint"
    hint = section.hints[0]
    context = hint.get("context", "")
    assert context == "python" or context in THIRD_PARTY or context in sys.stdlib_module_names, (
        f"{section.ident}: context {context!r} is not a top-level package"
    )
    symbols = [s for s in hint.get("symbols", "").split(",") if s]
    assert symbols, f"{section.ident}: no symbols"
    root = "builtins" if context == "python" else context
    for symbol in symbols:
        assert DOTTED.match(symbol) and symbol.split(".")[0] == root, f"{section.ident}: bad symbol {symbol!r}"
    assert hint.get("prefix"), f"{section.ident}: no prefix"


def resolve(dotted: str) -> object:
    """Import the longest importable module prefix of `dotted`, then walk attributes."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        module_name = ".".join(parts[:cut])
        try:
            found: object = importlib.import_module(module_name)
        except ImportError:
            continue
        for attribute in parts[cut:]:
            found = getattr(found, attribute)
        return found
    raise ImportError(dotted)


def test_symbols_exist_in_the_installed_library(section) -> None:
    symbols = [s for s in section.hints[0].get("symbols", "").split(",") if s] if section.hints else []
    top = symbols[0].split(".")[0] if symbols else ""
    if not top or importlib.util.find_spec(top) is None:
        pytest.skip(f"{section.ident}: {top or 'no symbols'} is not installed here")
    for symbol in symbols:
        try:
            resolve(symbol)
        except (ImportError, AttributeError) as error:
            pytest.fail(f"{section.ident}: {symbol} does not exist ({error})")


@pytest.mark.parametrize("code", sorted(RULE_NOTES))
def test_each_rule_has_one_explaining_heading_in_its_note(sections, code: str) -> None:
    owners = [s for s in sections if s.heading.startswith(code + " ")]
    assert [s.note for s in owners] == [RULE_NOTES[code]], f"{code}: headings at {[s.ident for s in owners]}"


def test_prose_is_not_copied_from_the_private_notes(sections) -> None:
    """Facts may come from the user's notes in ../shared/notes; sentences may not."""
    if not PRIVATE_NOTES.is_dir():
        pytest.skip(f"the private notes corpus is not beside this checkout ({PRIVATE_NOTES})")
    corpus = squeeze("\n".join(
        path.read_text(encoding="utf-8", errors="replace") for path in PRIVATE_NOTES.rglob("*") if path.is_file()
    ))
    copied = [
        f"{section.ident}: {sentence.strip()[:60]}"
        for section in sections
        for paragraph in section.paragraphs
        for sentence in re.split(r"[。！？；!?;]|\. ", paragraph)
        if len(squeeze(sentence)) >= MIN_QUOTE and squeeze(sentence) in corpus
    ]
    assert not copied, copied
