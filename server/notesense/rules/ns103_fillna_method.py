"""NS103: `fillna(method='ffill'|'bfill')`, which pandas 3 rejects."""

from __future__ import annotations

import ast

from notesense.rules.base import Fix, Rule
from notesense.rules.receivers import is_pandas, keyword

_METHODS = {"ffill": "ffill", "pad": "ffill", "bfill": "bfill", "backfill": "bfill"}
_KEPT = frozenset({"axis", "inplace", "limit"})


class FillnaMethod(Rule):
    """`fillna(method=...)` is gone in pandas 3; `ffill()` / `bfill()` replace it.

    What it does:
        Finds `fillna(method='ffill' | 'pad' | 'bfill' | 'backfill')` on a DataFrame or Series.

    Why is this bad?
        pandas 2.1 deprecated the `method` argument and pandas 3 removed it: the call raises
        `TypeError: fillna() got an unexpected keyword argument 'method'`.

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

    GOOD = [
        "import pandas as pd\ndf = pd.DataFrame({'a': [1.0, None]})\ndf = df.ffill()\n",
        "import pandas as pd\ndf = pd.DataFrame({'a': [1.0, None]})\ndf = df.fillna(0)\n",
        "import pandas as pd\nclass Filler:\n    def fillna(self, method=None):\n        return method\n"
        "Filler().fillna(method='ffill')\n",
    ]
    BAD = [
        (
            "import pandas as pd\ndf = pd.DataFrame({'a': [1.0, None]})\ndf = df.fillna(method='ffill')\n",
            "import pandas as pd\ndf = pd.DataFrame({'a': [1.0, None]})\ndf = df.ffill()\n",
        ),
        (
            "import pandas as pd\ns = pd.Series([None, 1.0])\ns = s.fillna(method=\"backfill\", limit=1)\n",
            "import pandas as pd\ns = pd.Series([None, 1.0])\ns = s.bfill(limit=1)\n",
        ),
        (
            "import pandas as pd\ndf = pd.read_csv('x.csv')\ndf.fillna(method='pad', inplace=True)\n",
            "import pandas as pd\ndf = pd.read_csv('x.csv')\ndf.ffill(inplace=True)\n",
        ),
    ]

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if not (isinstance(func, ast.Attribute) and func.attr == "fillna"):
            return
        method = keyword(node, "method")
        if method is None or not is_pandas(self.ctx, func.value):
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
