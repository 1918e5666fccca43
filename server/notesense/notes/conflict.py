"""Notes committed with a git merge conflict left in them: read as the conflict's first side.

Git writes `<<<<<<< ours`, `=======` and `>>>>>>> theirs` lines around both sides of a change it could
not merge; a note synced between machines is committed so now and then. Its first side is a whole note
(a notebook's JSON parses again); the marker lines and the other side are blanked, so every line keeps
its number and a note's links still open the file at the right line.
"""

from __future__ import annotations

# what a problem report says of such a note
READ_AS = "unresolved merge conflict (<<<<<<< … >>>>>>>): read the side before =======; resolve it in git"

_FENCES = ("```", "~~~")


def first_side(text: str, fenced: bool = False) -> tuple[str, int] | None:
    """`text` with each conflict read as its first side, and the line of the first marker; None when it
    has no complete conflict. `fenced`: Markdown, whose fenced code may show conflict markers as what a
    note on git explains; only those outside fences count."""
    if "<<<<<<<" not in text or ">>>>>>>" not in text:
        return None
    lines = text.split("\n")
    first = 0
    side: str | None = None  # None outside a conflict, then "ours", then "theirs"
    fence: str | None = None
    for index, line in enumerate(lines):
        if fenced and side is None and (mark := line.lstrip()[:3]) in _FENCES:
            fence = None if fence == mark else fence or mark
            continue
        if fence:
            continue
        if side is None and line.startswith("<<<<<<<"):
            side, first = "ours", first or index + 1
        elif side == "ours" and line.rstrip() == "=======":
            side = "theirs"
        elif side == "theirs" and line.startswith(">>>>>>>"):
            side = None
        elif side != "theirs":
            continue
        lines[index] = ""
    return ("\n".join(lines), first) if first and side is None else None
