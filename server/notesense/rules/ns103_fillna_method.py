"""NS103: `fillna(method='ffill'|'bfill')`, which pandas 3 rejects."""

from __future__ import annotations

import ast

from notesense.analysis import api
from notesense.analysis.semantic import keyword
from notesense.rules.base import Bad, Fix, Rule, example

_METHODS = {"ffill": "ffill", "pad": "ffill", "bfill": "bfill", "backfill": "bfill"}
_KEPT = frozenset({"axis", "inplace", "limit"})


class FillnaMethod(Rule):
    """`fillna(method=...)` is gone in pandas 3; `ffill()` / `bfill()` replace it.

    What it does:
        Finds `fillna(method='ffill' | 'pad' | 'bfill' | 'backfill')` on a DataFrame or Series.

    Why is this bad?
        pandas 2.1 deprecated the `method` argument and pandas 3 removed it: the call raises
        `TypeError: fillna() got an unexpected keyword argument 'method'`.

    做什么:
        查找 DataFrame 或 Series 上的 `fillna(method='ffill' | 'pad' | 'bfill' | 'backfill')`。

    为什么不好:
        pandas 2.1 弃用了 `method` 参数，pandas 3 把它删掉了：调用会抛出
        `TypeError: fillna() got an unexpected keyword argument 'method'`。改用 `.ffill()` / `.bfill()`。

    Example:
        df = df.fillna(method="ffill", limit=2)

    Use instead:
        df = df.ffill(limit=2)
    """

    code = "NS103"
    name = "fillna-method"
    context = "pandas"
    severity = "error"
    message = "fillna(method=...) was removed in pandas 3; use .ffill() or .bfill()"
    hint = "pandas 3 的 fillna 没有 method 参数，改用 .ffill() / .bfill()"
    note = "pandas-pitfalls.md"
    note_symbols = ("pandas.DataFrame.fillna", "pandas.DataFrame.ffill", "pandas.DataFrame.bfill")
    note_keywords = ("fillna(method", "ffill", "bfill")
    fix_safety = "safe"
    triggers = ("fillna",)
    # a finding is a call with the keyword `method=` spelled in its statement: most `fillna(0)` are not
    # walked at all
    locators = ("method",)

    GOOD = [
        example("""\
            import pandas as pd
            df = pd.DataFrame({'a': [1.0, None]})
            df = df.ffill()
            """),
        example("""\
            import pandas as pd
            df = pd.DataFrame({'a': [1.0, None]})
            df = df.fillna(0)
            """),
        example("""\
            import pandas as pd
            class Filler:
                def fillna(self, method=None):
                    return method
            Filler().fillna(method='ffill')
            """),
    ]
    BAD = [
        Bad(
            """\
            import pandas as pd
            df = pd.DataFrame({'a': [1.0, None]})
            df = df.fillna(method='ffill')
            """,
            fixed="""\
            import pandas as pd
            df = pd.DataFrame({'a': [1.0, None]})
            df = df.ffill()
            """,
            span="df.fillna(method='ffill')",
        ),
        Bad(
            """\
            import pandas as pd
            s = pd.Series([None, 1.0])
            s = s.fillna(method="backfill", limit=1)
            """,
            fixed="""\
            import pandas as pd
            s = pd.Series([None, 1.0])
            s = s.bfill(limit=1)
            """,
            span='s.fillna(method="backfill", limit=1)',
        ),
        Bad(
            """\
            import pandas as pd
            df = pd.read_csv('x.csv')
            df.fillna(method='pad', inplace=True)
            """,
            fixed="""\
            import pandas as pd
            df = pd.read_csv('x.csv')
            df.ffill(inplace=True)
            """,
            span="df.fillna(method='pad', inplace=True)",
        ),
    ]

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if not (isinstance(func, ast.Attribute) and func.attr == "fillna"):
            return
        method = keyword(node, "method")
        if method is None or not self.ctx.kinds.kind_of(func.value) in api.PANDAS_DATA:
            return
        self.report(node, self._fixes(node, func, method))

    def _fixes(self, node: ast.Call, func: ast.Attribute, method: ast.keyword) -> tuple[Fix, ...]:
        value = method.value
        if not (isinstance(value, ast.Constant) and value.value in _METHODS) or node.args:
            return ()
        rest = [k for k in node.keywords if k is not method]
        if any(k.arg not in _KEPT for k in rest):
            return ()
        ctx = self.ctx
        name = _METHODS[value.value]
        args = ", ".join(ctx.text(k) for k in rest)
        new = f"{ctx.text(func.value)}.{name}({args})"
        return (Fix(f"Use .{name}()", (ctx.replace(node, new),), safe=True),)
