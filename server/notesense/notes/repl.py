"""Interpreter transcripts (`>>>`, `>>`, `In [n]:`, `In:`) → the code that was typed and what it printed.

Each line keeps its note line number, so a syntax error in the typed code points at the note.
"""

from __future__ import annotations

import re

from notesense.notes.classify import BARE_PROMPT, IPYTHON_PROMPT, bracket_delta

Line = tuple[int, str]  # (note line, text)

_PROMPT = re.compile(rf"^(?P<indent>\s*)(?:>>>|{IPYTHON_PROMPT}|(?P<bare>{BARE_PROMPT}))(?: |(?=\S)|$)")
_SHORT_PROMPT = re.compile(r"^(?P<indent>\s*)>>(?: |$)")
_CONTINUATION = re.compile(r"^\s*\.\.\.:?(?: |$)")
_OUT = re.compile(r"^\s*Out ?(?:\[\d*\])?:\s?")


_SESSION_LINE = re.compile(rf"^\s{{0,3}}(?:{IPYTHON_PROMPT}|Out\[\d*\]:)")  # IPython writes `In [3]:`, `Out[3]:`


def opens_session(line: str, first: bool = True) -> bool:
    """`line` carries an IPython prompt (`In [3]:`; after the first, `Out[3]:` too): text pasted from a
    session without a fence, which Markdown reads as paragraphs."""
    return bool(_SESSION_LINE.match(line)) and (not first or line.lstrip().startswith("In"))


def split_transcript(lines: list[Line]) -> tuple[list[Line], list[str]]:
    """Typed code (prompts removed, continuation lines joined) and the output groups it printed."""
    short = not any(_PROMPT.match(text) for _, text in lines)
    prompt = _SHORT_PROMPT if short else _PROMPT
    code: list[Line] = []
    outputs: list[str] = []
    pending: list[str] = []  # the output lines being collected
    depth = 0  # open brackets of the statement being typed
    # a bare `In:` prompt's cell goes on in lines indented as far as the code after it (`In: for x in y:`
    # then `        print(x)`): the book printed the cell's lines under its first one
    margin = ""
    # the body of a compound statement typed without `...` prompts (`>>> with open(p) as f:` then
    # `    for line in f:`): indented lines go on with it until a blank line ends it, as the REPL reads them
    body = False
    blank = False  # the line before was blank: no statement is open (a `...` then is no continuation)
    for number, text in lines:
        match = prompt.match(text)
        if match:
            _flush(pending, outputs)
            typed = text[match.end():]
            margin = " " * match.end() if match.groupdict().get("bare") else ""
            if typed.strip():
                code.append((number, typed))
            depth = max(0, bracket_delta(typed))
            body, blank = _opens_block(typed), False
            continue
        if margin and text.startswith(margin) and not pending:
            typed = text[len(margin):]
            code.append((number, typed))
            depth = max(0, depth + bracket_delta(typed))
            continue
        if _CONTINUATION.match(text) and not short and not (blank and depth == 0):
            # (after a blank line, "... look at the output ..." elides what was printed)
            typed = _CONTINUATION.sub("", text, count=1)
            code.append((number, typed))
            depth = max(0, depth + bracket_delta(typed))
            blank = False
            continue
        if (depth > 0 or body and text[:1] in " \t" and text.strip()) and not pending:
            # a statement typed over several lines without `...` prompts, or the body of one
            code.append((number, text))
            depth = max(0, depth + bracket_delta(text))
            continue
        body = False
        if not text.strip():
            _flush(pending, outputs)
            blank = True
            continue
        blank = False
        if text.lstrip().startswith("#") and not pending:
            code.append((number, text.strip()))  # a comment typed between statements
            continue
        pending.append(_OUT.sub("", text, count=1))
    _flush(pending, outputs)
    return code, outputs


def _opens_block(typed: str) -> bool:
    """A typed line that opens a compound statement (`with open(p) as f:`, `for x in y:  # each`)."""
    return typed.partition("#")[0].rstrip().endswith(":")


def _flush(pending: list[str], outputs: list[str]) -> None:
    if pending:
        outputs.append("\n".join(line.rstrip() for line in pending).strip("\n"))
        pending.clear()
