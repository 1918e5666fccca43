"""One version of an open Python file, analysed lazily and at most once.

Completion runs on every keystroke, so nothing here is computed before someone asks for it, and a
new version reuses what the previous one computed when that is still right: the imports, when no
import line changed (the common case while typing), and the kind map, while the new text does not
parse. Parsing a 3,000-line file costs ~20 ms; reading its import lines costs well under one, and
a receiver's kind comes from the few lines that bind it (`receiver_kind`) unless the full inference
has already run for this version.
"""

from __future__ import annotations

import ast
import re
from functools import cached_property

from notesense.analysis.imports import ImportMap, parse_imports
from notesense.analysis.infer import KindMap, infer_kinds
from notesense.analysis.quick import quick_kind

_LINE_END = re.compile(r"\r\n|\r|\n")


class Document:
    """The source of one version, its lines (split as LSP counts them), imports, tree and kinds."""

    def __init__(self, source: str, previous: "Document | None" = None) -> None:
        self.source = source
        # Only finished analyses are carried over, never the previous Document: no chain of versions.
        self._prev_imports: tuple[tuple[tuple[int, str], ...], ImportMap] | None = None
        self._prev_kinds: KindMap | None = None
        if previous is not None:
            done = previous.__dict__
            if "imports" in done and "_import_signature" in done:
                self._prev_imports = (done["_import_signature"], done["imports"])
            else:
                self._prev_imports = previous._prev_imports
            self._prev_kinds = done.get("kinds") or previous._prev_kinds

    @cached_property
    def lines(self) -> list[str]:
        return _LINE_END.split(self.source)

    @cached_property
    def _import_signature(self) -> tuple[tuple[int, str], ...]:
        """The lines that can change what the file imports (cheap: a substring test per line)."""
        return tuple((i, line) for i, line in enumerate(self.lines) if "import" in line)

    @cached_property
    def imports(self) -> ImportMap:
        signature = self._import_signature  # kept with the result, for the next version to compare
        if self._prev_imports is not None and self._prev_imports[0] == signature:
            return self._prev_imports[1]
        return parse_imports(self.source)

    @cached_property
    def tree(self) -> ast.Module | None:
        """The module's AST, or None while the file does not parse (being typed)."""
        try:
            return ast.parse(self.source)
        except (SyntaxError, ValueError, RecursionError, MemoryError, SystemError):
            # SystemError: CPython 3.11 can report "AST constructor recursion depth mismatch" on some
            # inputs; a file we cannot parse is handled like one being typed.
            return None

    @cached_property
    def tolerant_tree(self) -> ast.Module | None:
        """The AST, or for a file that does not parse, the AST with the offending lines blanked.

        A half-typed line (`df.fil`, `x = (`) is usually the only error; blanking it (keeping its
        indentation, as `pass`) and the lines up to where the parser gave up keeps every other
        binding of the file visible to the inference."""
        if self.tree is not None:
            return self.tree
        lines = list(self.lines)
        for _ in range(3):
            try:
                return ast.parse("\n".join(lines))
            except (RecursionError, MemoryError, SystemError):
                return None
            except SyntaxError as exc:
                start = (exc.lineno or 1) - 1
                end = max(start, (getattr(exc, "end_lineno", None) or exc.lineno or 1) - 1)
                if not 0 <= start < len(lines):
                    return None
                for i in range(start, min(end, len(lines) - 1) + 1):
                    indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
                    lines[i] = f"{indent}pass" if lines[i].strip() else lines[i]
            except ValueError:
                return None
        return None

    @cached_property
    def kinds(self) -> KindMap:
        """What the file's names hold; from a repaired parse while typing, else the last good version."""
        tree = self.tolerant_tree
        if tree is None and self._prev_kinds is not None:
            return self._prev_kinds
        return infer_kinds(tree if tree is not None else ast.Module(body=[], type_ignores=[]), self.imports)

    def receiver_kind(self, expr: str, line: int) -> str | None:
        """The kind of a receiver's text read on 0-based `line`: from the full inference when this
        version already has it, else from the lines that bind its names (about a millisecond, on any
        file size, and indifferent to syntax errors elsewhere)."""
        if "kinds" in self.__dict__:
            return self.kinds.kind_of_source(expr, line + 1)
        return quick_kind(self.lines, self.imports, expr, line)

    def line(self, index: int) -> str:
        """The text of 0-based line `index` ('' past the end)."""
        lines = self.lines
        return lines[index] if 0 <= index < len(lines) else ""
