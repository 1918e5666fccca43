"""NS101: chained assignment into a DataFrame selection (the write lands on a temporary copy)."""

from __future__ import annotations

import ast

from notesense.analysis.api import SERIES
from notesense.rules.base import Edit, Fix, Rule
from notesense.rules.receivers import is_frame, is_true, keyword, kind

_INPLACE_METHODS = frozenset(
    "fillna replace clip where mask interpolate ffill bfill update".split()
)
_INDEXERS = ("loc", "iloc")


def _is_column_key(key: ast.expr) -> bool:
    """`'c'` or `['a', 'b']`: a DataFrame's `[]` with this key selects columns."""
    if isinstance(key, ast.Constant):
        return isinstance(key.value, str)
    if isinstance(key, ast.List):
        return bool(key.elts) and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in key.elts)
    return False


def _is_mask(key: ast.expr) -> bool:
    """A boolean row mask written out: `df.a > 1`, `(m1) & (m2)`, `~m`, `s.isna()`."""
    if isinstance(key, ast.Compare):
        return True
    if isinstance(key, ast.BinOp) and isinstance(key.op, (ast.BitAnd, ast.BitOr, ast.BitXor)):
        return True
    if isinstance(key, ast.UnaryOp) and isinstance(key.op, ast.Invert):
        return True
    return isinstance(key, ast.Call) and isinstance(key.func, ast.Attribute) and key.func.attr in (
        "isna", "isnull", "notna", "notnull", "isin", "between", "duplicated",
    )


class ChainedAssignment(Rule):
    """Chained assignment: a value written into a selection of a DataFrame, not the DataFrame.

    What it does:
        Finds assignments (plain and augmented) and in-place method calls whose target is a
        selection of a selection: `df[m]['c'] = v`, `df['c'][m] = v`, `df['c'].iloc[i] = v`,
        `df['c'].loc[i] = v`, `df.c[m] = v`, `df.loc[m]['c'] = v`, `df['c'] += 1`-style chains and
        `df['c'].fillna(0, inplace=True)`.

    Why is this bad?
        The first selection returns a new object; the write goes into it and is thrown away.
        pandas 3 (copy-on-write) never changes `df` and emits `ChainedAssignmentError`; older
        pandas warned with `SettingWithCopyWarning` and sometimes silently worked.

    Example:
        df[df.a > 1]["b"] = 0
        df["b"].fillna(0, inplace=True)

    Use instead:
        df.loc[df.a > 1, "b"] = 0
        df["b"] = df["b"].fillna(0)
    """

    code = "NS101"
    name = "chained-assignment"
    context = "pandas"
    severity = "warning"
    message = "Chained assignment writes into a temporary copy; the DataFrame is never changed"
    hint = "链式赋值只改了副本，原 DataFrame 不变；改成一步 .loc[行, 列] 赋值"
    note = "pandas-pitfalls.md"
    note_symbols = ("pandas.errors.ChainedAssignmentError", "pandas.errors.SettingWithCopyWarning")
    note_keywords = ("SettingWithCopyWarning", "ChainedAssignmentError", "链式赋值", "chained assignment")
    fix_safety = "mixed"
    triggers = ("]", ".")

    GOOD = [
        "import pandas as pd\ndf = pd.DataFrame({'a': [1, 2]})\ndf.loc[df.a > 1, 'b'] = 0\n",
        "import pandas as pd\ndf = pd.DataFrame({'a': [1, 2]})\ndf['b'] = df['b'].fillna(0)\n",
        "import pandas as pd\nd = {'a': {'b': 1}}\nd['a']['b'] = 2\n",
        "import pandas as pd\nimport numpy as np\na = np.zeros((2, 2))\na[0][1] = 3\n",
        "import pandas as pd\ndf = pd.DataFrame({'a': [1]})\ndf.attrs['source'] = 'x'\n",
        "import pandas as pd\nrows = [[1, 2]]\nrows[0][1] += 1\n",
        "import pandas as pd\ndf = pd.DataFrame({'a': [1]})\ndf.loc[0, 'a'] += 1  # one step\n",
        "import pandas as pd\ndf = pd.DataFrame({'a': [1.0, None]})\ndf.fillna(0, inplace=True)\n",
    ]
    BAD = [
        (
            "import pandas as pd\ndf = pd.DataFrame({'a': [1, 2, 3], 'b': [0, 0, 0]})\ndf[df.a > 1]['b'] = 9\n",
            "import pandas as pd\ndf = pd.DataFrame({'a': [1, 2, 3], 'b': [0, 0, 0]})\ndf.loc[df.a > 1, 'b'] = 9\n",
        ),
        (
            "import pandas as pd\ndf = pd.DataFrame({'a': [1, 2, 3], 'b': [0, 0, 0]})\ndf['b'][df.a > 1] = 9\n",
            "import pandas as pd\ndf = pd.DataFrame({'a': [1, 2, 3], 'b': [0, 0, 0]})\ndf.loc[df.a > 1, 'b'] = 9\n",
        ),
        (
            "import pandas as pd\ndf = pd.DataFrame({'a': [1, 2, 3], 'b': [0, 0, 0]})\ndf['b'].iloc[0] = 9\n",
            "import pandas as pd\ndf = pd.DataFrame({'a': [1, 2, 3], 'b': [0, 0, 0]})\n"
            "df.iloc[0, df.columns.get_loc('b')] = 9\n",
        ),
        (
            "import pandas as pd\ndf = pd.DataFrame({'a': [1, 2, 3], 'b': [0, 0, 0]})\ndf['b'].loc[2] = 9\n",
            "import pandas as pd\ndf = pd.DataFrame({'a': [1, 2, 3], 'b': [0, 0, 0]})\ndf.loc[2, 'b'] = 9\n",
        ),
        (
            "import pandas as pd\ndf = pd.DataFrame({'a': [1, 2, 3], 'b': [0, 0, 0]})\ndf.b[df.a > 1] = 9\n",
            "import pandas as pd\ndf = pd.DataFrame({'a': [1, 2, 3], 'b': [0, 0, 0]})\ndf.loc[df.a > 1, 'b'] = 9\n",
        ),
        (
            "import pandas as pd\ndf = pd.DataFrame({'a': [1, 2, 3], 'b': [0, 0, 0]})\ndf.loc[df.a > 1]['b'] = 9\n",
            "import pandas as pd\ndf = pd.DataFrame({'a': [1, 2, 3], 'b': [0, 0, 0]})\ndf.loc[df.a > 1, 'b'] = 9\n",
        ),
        (
            "import pandas as pd\ndf = pd.DataFrame({'a': [1, 2, 3], 'b': [0, 0, 0]})\n"
            "df['b'][df.a > 1] += 5  # bump\n",
            "import pandas as pd\ndf = pd.DataFrame({'a': [1, 2, 3], 'b': [0, 0, 0]})\n"
            "df.loc[df.a > 1, 'b'] += 5  # bump\n",
        ),
        (
            "import pandas as pd\ndf = pd.DataFrame({'a': [1, 2, 3], 'b': [1.0, None, 3.0]})\n"
            "df['b'].fillna(0, inplace=True)\n",
            "import pandas as pd\ndf = pd.DataFrame({'a': [1, 2, 3], 'b': [1.0, None, 3.0]})\n"
            "df['b'] = df['b'].fillna(0)\n",
        ),
        (
            "import pandas as pd\ndf = pd.DataFrame({'a': [1, 2, 3], 'b': [0, 5, 0]})\n"
            "df['b'].replace(5, 9, inplace=True)\n",
            "import pandas as pd\ndf = pd.DataFrame({'a': [1, 2, 3], 'b': [0, 5, 0]})\n"
            "df['b'] = df['b'].replace(5, 9)\n",
        ),
        (
            "import pandas as pd\ndf = pd.DataFrame({'a': [1, 2, 3], 'b': [0, 5, 20]})\n"
            "df.b.clip(upper=9, inplace=True)\n",
            "import pandas as pd\ndf = pd.DataFrame({'a': [1, 2, 3], 'b': [0, 5, 20]})\n"
            "df['b'] = df.b.clip(upper=9)\n",
        ),
        (
            "import pandas as pd\ndf = pd.DataFrame({'a': [1, 2, 3], 'b': [1.0, None, 3.0]})\n"
            "df['b'].update(pd.Series([9.0], index=[1]))\n",
            None,
        ),
        (
            "import pandas as pd\n\n\ndef reset(frame: pd.DataFrame, rows):\n    frame['b'][rows] = 0\n    return frame\n\n\n"
            "df = reset(pd.DataFrame({'a': [1, 2, 3], 'b': [9, 9, 9]}), [0, 1])\n",
            "import pandas as pd\n\n\ndef reset(frame: pd.DataFrame, rows):\n    frame.loc[rows, 'b'] = 0\n    return frame\n\n\n"
            "df = reset(pd.DataFrame({'a': [1, 2, 3], 'b': [9, 9, 9]}), [0, 1])\n",
        ),
    ]

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            self._check_target(target)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self._check_target(node.target)

    def visit_Expr(self, node: ast.Expr) -> None:
        call = node.value
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)):
            return
        method, selection = call.func.attr, call.func.value
        if method not in _INPLACE_METHODS:
            return
        inplace = keyword(call, "inplace")
        if method != "update" and (inplace is None or not is_true(inplace.value)):
            return
        target = self._selection_target(selection)
        if target is None:
            return
        if method == "update" or target == "":
            self.report(call)
            return
        ctx = self.ctx
        edits = (ctx.insert(*ctx.start(node), f"{target} = "), self._drop_keyword(call, inplace))
        self.report(call, (Fix(f"Assign the result: {target} = {target}.{method}(...)", edits, safe=True),))

    # ------------------------------------------------------------------ helpers
    def _selection_target(self, selection: ast.expr) -> str | None:
        """How to assign back to `selection` of a DataFrame: `''` when it can't be said, None if no selection."""
        ctx = self.ctx
        if isinstance(selection, ast.Subscript):
            base = selection.value
            if isinstance(base, ast.Attribute) and base.attr in _INDEXERS and is_frame(ctx, base.value):
                return ctx.text(selection)
            if is_frame(ctx, base):
                return ctx.text(selection)
            if self._is_selection(base):
                return ""
            return None
        if isinstance(selection, ast.Attribute) and is_frame(ctx, selection.value) and kind(ctx, selection) == SERIES:
            return f"{ctx.text(selection.value)}[{selection.attr!r}]"
        return None

    def _is_selection(self, node: ast.expr) -> bool:
        """`df[...]`, `df.loc[...]`, `df.c` for a DataFrame `df`."""
        ctx = self.ctx
        if isinstance(node, ast.Subscript):
            base = node.value
            if isinstance(base, ast.Attribute) and base.attr in _INDEXERS:
                return is_frame(ctx, base.value)
            return is_frame(ctx, base)
        if isinstance(node, ast.Attribute):
            return is_frame(ctx, node.value) and kind(ctx, node) == SERIES
        return False

    def _check_target(self, target: ast.expr) -> None:
        if not isinstance(target, ast.Subscript):
            return
        inner, key = target.value, target.slice
        ctx = self.ctx
        # df[...].loc[key] / df[...].iloc[key]
        if isinstance(inner, ast.Attribute) and inner.attr in _INDEXERS and self._is_selection(inner.value):
            sel = inner.value
            fix = None
            if isinstance(sel, ast.Subscript) and is_frame(ctx, sel.value) and _is_column_key(sel.slice):
                fix = self._fix(target, sel.value, inner.attr, key, sel.slice, safe=not isinstance(key, ast.Tuple))
            elif isinstance(sel, ast.Attribute):
                fix = self._fix(target, sel.value, inner.attr, key, repr(sel.attr), safe=not isinstance(key, ast.Tuple))
            self.report(target, (fix,) if fix else ())
            return
        if not self._is_selection(inner):
            return
        self.report(target, self._fixes(target, inner, key))

    def _fixes(self, target: ast.Subscript, inner: ast.expr, key: ast.expr) -> tuple[Fix, ...]:
        if isinstance(key, ast.Tuple):
            return ()
        if isinstance(inner, ast.Attribute):  # df.c[key]
            if isinstance(key, ast.Slice):
                return ()
            return (self._fix(target, inner.value, "loc", key, repr(inner.attr), safe=True),)
        base, first = inner.value, inner.slice  # type: ignore[attr-defined]
        if isinstance(base, ast.Attribute) and base.attr in _INDEXERS:  # df.loc[rows][col]
            if isinstance(first, ast.Tuple) or not _is_column_key(key):
                return ()
            return (self._fix(target, base.value, base.attr, first, key, safe=True),)
        if _is_column_key(first) and not isinstance(key, ast.Slice):  # df['c'][rows]
            return (self._fix(target, base, "loc", key, first, safe=True),)
        if _is_column_key(key) and not isinstance(first, ast.Slice):  # df[rows]['c']
            return (self._fix(target, base, "loc", first, key, safe=_is_mask(first)),)
        return ()

    def _fix(self, target: ast.expr, frame: ast.expr, indexer: str, rows: ast.expr, column: ast.expr | str, *, safe: bool) -> Fix:
        ctx = self.ctx
        rows_text = ctx.text(rows)
        if isinstance(rows, ast.Tuple) and not rows_text.startswith("("):
            rows_text = f"({rows_text})"
        column_text = column if isinstance(column, str) else ctx.text(column)
        frame_text = ctx.text(frame)
        if indexer == "iloc":
            column_text = f"{frame_text}.columns.get_loc({column_text})"
        new = f"{frame_text}.{indexer}[{rows_text}, {column_text}]"
        return Fix(f"Assign in one step: {new}", (ctx.replace(target, new),), safe=safe)

    def _drop_keyword(self, call: ast.Call, kw: ast.keyword) -> Edit:
        """The edit that deletes `kw` and its separating comma from `call`."""
        ctx = self.ctx
        args: list[ast.AST] = [*call.args, *call.keywords]
        args.sort(key=lambda a: (a.lineno, a.col_offset))
        i = args.index(kw)
        if i > 0:
            start, end = ctx.end(args[i - 1]), ctx.end(kw)
        elif len(args) > 1:
            start, end = ctx.start(kw), ctx.start(args[1])
        else:
            start, end = ctx.start(kw), ctx.end(kw)
        return Edit(*start, *end, "")
