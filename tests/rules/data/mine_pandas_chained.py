"""Mine pandas' own test-suite for chained assignment: the statements pandas proves raise
`ChainedAssignmentError` and the correct look-alikes beside them. Writes `pandas_chained.json`.

    python tests/rules/data/mine_pandas_chained.py      # with pandas (and its tests) installed

A statement is *proven* when it sits in a `with tm.raises_chained_assignment_error():` block (or a
`pytest.warns` / `tm.assert_produces_warning` block naming `ChainedAssignmentError`, or a bare
`pytest.warns()` whose test then asserts that category); a *look-alike*
is a write that could be mistaken for one — an assignment into a subscript or an indexer, an
`inplace=True` call, an `update(...)` — in the same test functions, outside such a block. Each case
keeps the test function's source with its module's imports, so the test runs without pandas' tests
installed. The code is pandas' (BSD-3-Clause, Copyright (c) 2008-2011 AQR Capital Management, LLC,
Lambda Foundry, Inc. and PyData Development Team; 2011-2025 Open source contributors).
"""

from __future__ import annotations

import ast
import importlib.metadata
import json
import textwrap
from pathlib import Path

import pandas

OUT = Path(__file__).with_name("pandas_chained.json")
_MARKERS = ("raises_chained_assignment_error", "ChainedAssignmentError")


def _expects_chained(item: ast.withitem, function: str) -> bool:
    """The block expects a ChainedAssignmentError: it says so, or it is a bare `pytest.warns()` in a
    test that then asserts that category."""
    text = ast.unparse(item.context_expr)
    return any(m in text for m in _MARKERS) or (text == "pytest.warns()" and "ChainedAssignmentError" in function)


def _is_write(stmt: ast.stmt) -> bool:
    if isinstance(stmt, (ast.Assign, ast.AugAssign)):
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
        return any(isinstance(t, ast.Subscript) for t in targets)
    call = stmt.value if isinstance(stmt, (ast.Expr, ast.Assign)) else None
    if isinstance(call, ast.Call):
        inplace = any(k.arg == "inplace" and isinstance(k.value, ast.Constant) and k.value.value is True for k in call.keywords)
        updates = isinstance(call.func, ast.Attribute) and call.func.attr == "update"
        return inplace or updates
    return False


def _statements(body: list[ast.stmt]):
    for stmt in body:
        yield stmt
        for name in ("body", "orelse", "finalbody"):
            inner = getattr(stmt, name, None)
            if isinstance(inner, list) and not isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                yield from _statements(inner)


def _cases(path: Path, root: Path):
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    imports = [ast.get_source_segment(source, n) for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    header = "\n".join(imports) + "\n\n\n"
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) or not node.name.startswith("test"):
            continue
        raises: set[int] = set()
        function = ast.get_source_segment(source, node) or ""
        for stmt in _statements(node.body):
            if isinstance(stmt, ast.With) and any(_expects_chained(i, function) for i in stmt.items):
                raises.update(s.lineno for s in _statements(stmt.body) if not isinstance(s, (ast.For, ast.With, ast.If)))
        lookalikes = {s.lineno for s in _statements(node.body) if _is_write(s)} - raises
        if not raises and not lookalikes:
            continue
        first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
        lines = source.splitlines()[first - 1:node.end_lineno]
        code = textwrap.dedent("\n".join(lines)) + "\n"
        shift = header.count("\n") - first + 1
        yield {
            "test": f"{path.relative_to(root).as_posix()}::{node.name}",
            "code": header + code,
            "raises": sorted(line + shift for line in raises),
            "lookalikes": sorted(line + shift for line in lookalikes),
        }


def main() -> None:
    root = Path(pandas.__file__).parent
    files = sorted(p for p in (root / "tests").rglob("*.py") if any(m in p.read_text(encoding="utf-8") for m in _MARKERS))
    cases = [case for path in files for case in _cases(path, root.parent)]
    cases = [c for c in cases if c["raises"]] + [c for c in cases if not c["raises"]]
    data = {
        "source": f"pandas {importlib.metadata.version('pandas')} test-suite (pandas/tests), BSD-3-Clause",
        "cases": cases,
    }
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(cases)} test functions, {sum(len(c['raises']) for c in cases)} proven statements, "
          f"{sum(len(c['lookalikes']) for c in cases)} look-alikes -> {OUT}")


if __name__ == "__main__":
    main()
