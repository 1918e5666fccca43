"""Reading order: the order in which a folder of notes is meant to be read.

A book or a course introduces an API once and uses it for the rest of the way: when several notes
are as much about a name, the one read first is the one that introduces it. The order comes from
what the folder itself says, most explicit first:

1. a table of contents: an index/README/SUMMARY/toc file listing its notes (Markdown links, a
   Sphinx/d2l ``toctree`` or ```` ```toc ```` block, a jupyter-book ``_toc.yml``, a mkdocs ``nav``),
   followed into the indexes of sub-folders it lists;
2. for folders no contents file orders, their cross-references: a chapter the others refer back to
   (``:numref:`sec_x```, ``{ref}`x```, a Markdown link) comes before the chapters that refer to it;
3. otherwise names in natural order (``2.10`` after ``2.9``, ``ch10`` after ``ch2``).

A translation or variant kept beside a note (``x_origin.md``, ``x.en.md``) reads where its source does.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path

from notesense.notes.model import NOTE_SUFFIXES, TEXT_NOTE_SUFFIXES
from notesense.paths import BUILD_DIRS, natural_key as _natural_key

INDEX_STEMS = ("index", "readme", "summary", "_toc", "toc", "contents", "mkdocs", "目录")
_INDEX_SUFFIXES = (*NOTE_SUFFIXES, ".yml", ".yaml")
_MAX_INDEX_BYTES = 1 << 20
_LINK = re.compile(r"\]\(\s*<?([^)\s>#?]+)")  # Markdown link targets
_ENTRY = re.compile(r"^\s*(?:-\s*)?(?:file:\s*|\w+:\s+)?['\"]?([^\s'\"`#:][^\s'\"`#]*?)['\"]?\s*$")  # a path alone on a line
# Labels a chapter defines: d2l `:label:`x``, MyST `(x)=` and Sphinx `.. _x:` (one scan each, the last two
# only when a line starts that way: an alternation without a literal to look for costs a regex step at
# every character of every note, and the reading order reads them all)
_LABEL = re.compile(r":label:`([^`]+)`")
_MYST_LABEL = re.compile(r"^\(([\w.-]+)\)=\s*$", re.M)
_RST_LABEL = re.compile(r"^\.\.\s+_([\w.-]+):", re.M)
# references (`:numref:`x``, `{ref}`text <x>``): found from their `ref`, the part before it is optional
_REF = re.compile(r"ref\}?:?`(?:[^`<]*<)?([\w.-]+)>?`")


# a reload orders every note again; their names rarely change: each name's key is made once
natural_key = lru_cache(maxsize=1 << 16)(_natural_key)


# an absolute path's normal form depends on nothing else: a reload normalises every note's path again
_normal = lru_cache(maxsize=1 << 16)(os.path.normpath)


def reading_order(roots: Sequence[Path], notes: Iterable[str],
                  signatures: Mapping[str, tuple[int, int]] | None = None) -> list[str]:
    """`notes` (paths of note files under `roots`) in reading order, every one exactly once.
    `signatures`: (mtime_ns, size) of notes by their names in `notes`, as the caller has just stat'ed
    them (discovery does), so that their references are read again only if they changed, without
    a `stat` of every note on each reload."""
    remaining = {_normal(n) if os.path.isabs(n) else os.path.normpath(os.path.abspath(n)): n for n in notes}
    stated = {key: signatures[n] for key, n in remaining.items() if n in signatures} if signatures else {}
    out: list[str] = []
    for root in roots:
        root_dir = os.path.normpath(os.path.abspath(root))
        if not os.path.isdir(root_dir):
            continue
        inside = root_dir + os.sep
        under = {k: v for k, v in remaining.items() if k.startswith(inside)}
        for key in _order_folder(root_dir, sorted(under), set(), stated):
            out.append(remaining.pop(key))
    out.extend(remaining[k] for k in sorted(remaining, key=natural_key))
    return out


def _order_folder(folder: str, notes: list[str], visiting: set[str], stated: Mapping[str, tuple[int, int]]) -> list[str]:
    """The notes under `folder` (absolute, normalized) in reading order (`stated`: see `reading_order`)."""
    visiting.add(folder)
    listed: list[str] = []
    taken: set[str] = set()
    index = _index_file(folder)
    for target in _listed(index) if index is not None else ():
        inner_index = target in notes and os.path.dirname(target) != folder and _is_index(target)
        if os.path.isdir(target) or inner_index:  # a chapter: its own contents, in place
            sub = target if os.path.isdir(target) else os.path.dirname(target)
            if sub not in visiting:
                inner = [n for n in notes if n.startswith(sub + os.sep) and n not in taken]
                found = _order_folder(sub, inner, visiting, stated)
                listed.extend(found)
                taken.update(found)
                continue
        if target in notes and target not in taken:
            listed.append(target)
            taken.add(target)
    if index is not None and index in notes and index not in taken:
        listed.insert(0, index)
        taken.add(index)
    rest = [n for n in notes if n not in taken]
    # what no contents file lists: the folder's own files (variants beside their source), then its
    # sub-folders, those the others refer back to first
    here: list[str] = []
    named: dict[str, list[str]] = {}  # sub-folder name -> its notes (its path joined once, below)
    for n in rest:  # every note here lies under `folder`: the first part below it names its sub-folder
        below = n[len(folder):].lstrip(os.sep)
        if os.sep in below:
            named.setdefault(below.split(os.sep, 1)[0], []).append(n)
        else:
            here.append(n)
    subfolders = {os.path.join(folder, name): inner for name, inner in named.items()}
    here.sort(key=natural_key)
    out = _with_variants(here, listed)
    for sub in _by_references(subfolders, stated):
        out.extend(_order_folder(sub, subfolders[sub], visiting, stated))
    return out


def _with_variants(unlisted: list[str], listed: list[str]) -> list[str]:
    """`listed` with each unlisted note placed right after the listed one in its folder whose stem
    begins its own (`x_origin.md` after `x.md`); the others after all of them."""
    if not listed:
        return list(unlisted)
    after: dict[str, list[str]] = {}
    loose: list[str] = []
    stems = {n: Path(n).stem for n in listed}
    for n in unlisted:
        stem = Path(n).stem
        source = max((m for m in listed if os.path.dirname(m) == os.path.dirname(n) and stem.startswith(stems[m])
                      and stem != stems[m]), key=lambda m: len(stems[m]), default=None)
        (after.setdefault(source, []) if source else loose).append(n)
    out: list[str] = []
    for n in listed:
        out.append(n)
        out.extend(after.get(n, ()))
    return out + loose


def _is_index(path: str) -> bool:
    stem, suffix = os.path.splitext(os.path.basename(path))
    return suffix.lower() in _INDEX_SUFFIXES and stem.lower() in INDEX_STEMS


def _index_file(folder: str) -> str | None:
    """The folder's contents file: an index/README/SUMMARY/toc file, the first by that preference (read
    again only once the folder's listing changed: a reload after a note edit lists no folder)."""
    try:
        signature = os.stat(folder).st_mtime_ns
    except OSError:
        return None
    known = _INDEX_FILES.get(folder)
    if known is not None and known[0] == signature:
        return known[1]
    try:
        names = os.listdir(folder)
    except OSError:
        return None
    found: dict[str, str] = {}
    for name in sorted(names):
        if _is_index(name):
            found.setdefault(os.path.splitext(name)[0].lower(), os.path.join(folder, name))
    index = next((found[s] for s in INDEX_STEMS if s in found), None)
    _INDEX_FILES[folder] = (signature, index)
    return index


# folder -> (its mtime_ns, its contents file): a folder's mtime changes when a file in it is added,
# removed or renamed
_INDEX_FILES: dict[str, tuple[int, str | None]] = {}


def _listed(index: str) -> list[str]:
    """The paths a contents file lists, in order, resolved against its folder (existing ones only)."""
    try:
        if os.path.getsize(index) > _MAX_INDEX_BYTES:
            return []
        with open(index, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
    except OSError:
        return []
    base = os.path.dirname(index)
    out: list[str] = []
    for line in text.splitlines():
        candidates = _LINK.findall(line)
        entry = _ENTRY.match(line)
        if not candidates and entry and not line.lstrip().startswith((":", "..", "#", "```")):
            candidates = [entry[1]]
        for candidate in candidates:
            found = _resolve(base, candidate)
            if found is not None and found not in out:
                out.append(found)
    return out


def _resolve(base: str, written: str) -> str | None:
    if "://" in written or written.startswith("mailto:"):
        return None
    path = os.path.normpath(os.path.join(base, written.replace("%20", " ")))
    if os.path.isfile(path):
        return path
    for suffix in NOTE_SUFFIXES:
        if os.path.isfile(path + suffix):
            return path + suffix
    return path if os.path.isdir(path) else None


def _by_references(folders: dict[str, list[str]], stated: Mapping[str, tuple[int, int]]) -> list[str]:
    """Sibling folders, those the others refer back to first: each folder scores the references it
    receives from its siblings minus those it makes to them; ties and unreferenced folders keep
    their natural order."""
    if len(folders) < 2:
        return list(folders)
    owner: dict[str, str] = {}  # label or note path -> folder
    refs: dict[str, list[str]] = {}
    for folder, notes in folders.items():
        found: list[str] = []
        for note in notes:
            owner[note] = folder
            labels, targets = _anchors(note, stated.get(note))
            owner.update(dict.fromkeys(labels, folder))
            found.extend(targets)
        refs[folder] = found
    score: Counter[str] = Counter()
    for folder, found in refs.items():
        for target in found:
            other = owner.get(target)
            if other is not None and other != folder:
                score[other] += 1
                score[folder] -= 1
    # a builder's copies (`_build`, `site`) are read last, whatever refers to them
    return sorted(folders, key=lambda f: (os.path.basename(f) in BUILD_DIRS, -score[f], natural_key(f)))


# note path -> ((mtime_ns, size), (labels, references)): a recompile after one note changed reads one note
_ANCHORS: dict[str, tuple[tuple[int, int], tuple[list[str], list[str]]]] = {}


def _anchors(note: str, signature: tuple[int, int] | None = None) -> tuple[list[str], list[str]]:
    """The labels a note defines and what it refers to (labels, and note paths it links); `signature`:
    the note's (mtime_ns, size) if the caller has just stat'ed it."""
    if signature is None:
        try:
            st = os.stat(note)
        except OSError:
            return [], []
        signature = (st.st_mtime_ns, st.st_size)
    known = _ANCHORS.get(note)
    if known is not None and known[0] == signature:
        return known[1]
    text = ""
    if signature[1] <= _MAX_INDEX_BYTES * 4 and note.endswith(TEXT_NOTE_SUFFIXES):
        try:
            with open(note, encoding="utf-8", errors="replace") as handle:
                text = handle.read()
        except OSError:
            pass
    labels = _labels(text)
    base = os.path.dirname(note)
    # a link to a web page (`https://…`) is no note of the folder: only relative links are followed
    targets = _REF.findall(text) + [os.path.normpath(os.path.join(base, t)) for t in _LINK.findall(text)
                                    if "://" not in t and not t.startswith("mailto:")]
    _ANCHORS[note] = (signature, (labels, targets))
    return labels, targets


def known_anchors(note: str) -> list | None:
    """What `_anchors` last read of `note` as JSON values, `[mtime_ns, size, labels, references]`
    (None if it read nothing): a library snapshot keeps it, so that the next process orders the
    notes without reading every one of them again (`remember_anchors`)."""
    known = _ANCHORS.get(os.path.normpath(os.path.abspath(note)))
    return None if known is None else [*known[0], *known[1]]


def remember_anchors(note: str, row: object) -> None:
    """Take a `known_anchors` row for `note` unless this process read the note itself; a row of
    another shape is ignored. The signature in it makes a note changed since a re-read."""
    key = os.path.normpath(os.path.abspath(note))
    if key in _ANCHORS or not isinstance(row, list) or len(row) != 4:
        return
    mtime, size, labels, targets = row
    if isinstance(mtime, int) and isinstance(size, int) and isinstance(labels, list) and isinstance(targets, list) \
            and all(isinstance(x, str) for x in (*labels, *targets)):
        _ANCHORS[key] = ((mtime, size), (labels, targets))


def _labels(text: str) -> list[str]:
    """The labels `text` defines, in order. A `:label:` span may run over lines (an unclosed backtick):
    the line-start forms inside it are its text, not labels."""
    spans = [(m.start(), m.end(), m[1]) for m in _LABEL.finditer(text)] if ":label:`" in text else []
    found = [(start, label) for start, _end, label in spans]
    for pattern, lead in ((_MYST_LABEL, "("), (_RST_LABEL, "..")):
        if text.startswith(lead) or "\n" + lead in text:
            found.extend((m.start(), m[1]) for m in pattern.finditer(text)
                         if not any(start <= m.start() < end for start, end, _label in spans))
    return [label for _start, label in sorted(found)]
