"""The one way notesense reads YAML (snippet files, note front matter): safe, bounded and strict.

- Safe: PyYAML's safe loader (libyaml's when built in), so no tag can construct a Python object.
- Bounded: aliases are checked before anything is built. A "billion laughs" file is 513 bytes of
  anchors whose aliases expand to 10^9 nodes: building it is cheap (aliases share objects), but
  everything that walks the result — validation, str(), JSON — expands it and runs out of memory.
  A document whose aliases expand to more than `ALIAS_BUDGET` nodes beyond its own, or that refers
  to itself, is rejected as an error for that document alone.
- Strict: a mapping with the same key twice is an error (YAML 1.2 says keys are unique; PyYAML
  silently keeps the last one, so a typo'd second `symbols:` would drop the first). A note's front
  matter, written for a blog engine that keeps the last one, is read that way (`unique_keys=False`).
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml import YAMLError
from yaml.nodes import MappingNode, Node, SequenceNode

__all__ = ["ALIAS_BUDGET", "RejectedYAML", "YAMLError", "load"]

_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
ALIAS_BUDGET = 10_000  # nodes that aliases may add; hand-written YAML uses a few dozen at most
_MERGE = "tag:yaml.org,2002:merge"
# Without something shaped like an anchor (`&name` after a space, a bracket, a comma or a colon) a
# document has no aliases, and the count is skipped: generated snippet files never use them.
_ANCHOR = re.compile(r"(?:^|[\s\[{,:])&[^\s,\[\]{}]")


class RejectedYAML(yaml.MarkedYAMLError):
    """YAML that parses but that notesense will not build: aliases over budget, a duplicate key."""


class _Loader(_BASE):  # type: ignore[misc, valid-type]
    unique_keys = True

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[tuple[str, str], Node] = {}
        for key, _value in node.value if self.unique_keys else ():
            if key.tag == _MERGE or not isinstance(key.value, str):
                continue  # merge keys may override; complex keys are rare enough to leave alone
            first = seen.setdefault((key.tag, key.value), key)
            if first is not key:
                raise RejectedYAML("in a mapping", node.start_mark, f"duplicate key {key.value!r}", key.start_mark)
        return super().construct_mapping(node, deep=deep)


def load(text: str, *, unique_keys: bool = True) -> Any:
    """The one document in `text`, or None for an empty one. Raises yaml.YAMLError (a syntax error,
    or `RejectedYAML`) with the line and column in its marks. `unique_keys=False` reads a key given
    twice as PyYAML does (the last one wins): for text the user wrote for another program (a blog
    engine's front matter), never for notesense's own files. Aliases are bounded either way."""
    loader = _Loader(text)
    loader.unique_keys = unique_keys
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if _ANCHOR.search(text):
            _check_aliases(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _check_aliases(root: Node) -> None:
    """Count the nodes of the document as its consumers will see them (aliases expanded) without
    expanding anything: each distinct node's size is computed once, bottom-up."""
    size: dict[int, int] = {}
    active: set[int] = set()
    distinct = 0
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            active.discard(key)
            total = 1 + sum(size[id(child)] for child in _children(node))
            size[key] = min(total, 1 << 62)
            continue
        if key in size:
            continue
        if key in active:
            raise RejectedYAML("in this document", root.start_mark, "an alias refers to the node that contains it",
                               node.start_mark)
        active.add(key)
        distinct += 1
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in size)
    if size[id(root)] > distinct + ALIAS_BUDGET:
        raise RejectedYAML("in this document", root.start_mark,
                           f"aliases expand it to more than {distinct + ALIAS_BUDGET:,} values", None)


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return node.value
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    return []
