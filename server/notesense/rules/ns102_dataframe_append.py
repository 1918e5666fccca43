"""NS102: `DataFrame.append` / `Series.append`, removed in pandas 2."""

from __future__ import annotations

import ast

from notesense.analysis.api import DATAFRAME, SERIES
from notesense.rules.base import Fix, Rule
from notesense.rules.receivers import is_pandas, kind

_PASSED_ON = frozenset({"ignore_index", "verify_integrity", "sort"})


class DataFrameAppend(Rule):
    """`DataFrame.append` was removed in pandas 2.0.

    What it does:
        Finds `.append(...)` called on a DataFrame or Series.

    Why is this bad?
        The method no longer exists: the line raises `AttributeError` under pandas 2 and 3.
        It was also slow, copying the whole frame on every call inside a loop.

    Example:
        df = df.append(other, ignore_index=True)

    Use instead:
        df = pd.concat([df, other], ignore_index=True)
    """

    code = "NS102"
    name = "dataframe-append"
    context = "pandas"
    severity = "error"
    message = "DataFrame.append was removed in pandas 2; use pd.concat([df, other])"
    hint = "pandas 2 起没有 DataFrame.append，改用 pd.concat([df, other])"
    note = "pandas-pitfalls.md"
    note_symbols = ("pandas.DataFrame.append", "pandas.concat")
    note_keywords = ("DataFrame.append", "pd.concat", "append 已删除")
    fix_safety = "mixed"
    triggers = (".append(",)

    GOOD = [
        "import pandas as pd\nrows = []\nrows.append({'a': 1})\ndf = pd.DataFrame(rows)\n",
        "import pandas as pd\ndf = pd.DataFrame({'a': [1]})\ndf = pd.concat([df, df], ignore_index=True)\n",
        "import pandas as pd\nidx = pd.Index([1, 2])\nidx = idx.append(pd.Index([3]))\n",
        "import pandas as pd\nimport numpy as np\na = np.append(np.zeros(2), 1)\n",
    ]
    BAD = [
        (
            "import pandas as pd\ndf = pd.DataFrame({'a': [1]})\nother = pd.DataFrame({'a': [2]})\n"
            "df = df.append(other, ignore_index=True)\n",
            "import pandas as pd\ndf = pd.DataFrame({'a': [1]})\nother = pd.DataFrame({'a': [2]})\n"
            "df = pd.concat([df, other], ignore_index=True)\n",
        ),
        (
            "import pandas as pd\ndf = pd.DataFrame({'a': [1]})\ndf = df.append({'a': 2}, ignore_index=True)\n",
            "import pandas as pd\ndf = pd.DataFrame({'a': [1]})\n"
            "df = pd.concat([df, pd.DataFrame([{'a': 2}])], ignore_index=True)\n",
        ),
        (
            "import pandas as pd\ns = pd.Series([1])\ns = s.append(pd.Series([2]))\n",
            "import pandas as pd\ns = pd.Series([1])\ns = pd.concat([s, pd.Series([2])])\n",
        ),
        (
            "import pandas as pd\n\n\ndef add(df: pd.DataFrame, row):\n    return df.append(row)\n",
            "import pandas as pd\n\n\ndef add(df: pd.DataFrame, row):\n    return pd.concat([df, row])\n",
        ),
    ]

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if not (isinstance(func, ast.Attribute) and func.attr == "append" and is_pandas(self.ctx, func.value)):
            return
        self.report(node, self._fixes(node, func.value))

    def _fixes(self, node: ast.Call, receiver: ast.expr) -> tuple[Fix, ...]:
        ctx = self.ctx
        concat = ctx.local("pandas.concat")
        if concat is None or len(node.args) != 1 or any(k.arg not in _PASSED_ON for k in node.keywords):
            return ()
        other = node.args[0]
        other_kind = kind(ctx, other)
        if isinstance(other, ast.Dict):
            frame = ctx.local("pandas.DataFrame")
            if frame is None:
                return ()
            other_text, safe = f"{frame}([{ctx.text(other)}])", True
        elif isinstance(other, (ast.List, ast.Starred)):
            return ()
        else:
            other_text = ctx.text(other)
            # appending a Series to a DataFrame added it as a *row*; concat would add a column
            safe = other_kind == DATAFRAME or (other_kind == SERIES and kind(ctx, receiver) == SERIES)
        extra = "".join(f", {ctx.text(k)}" for k in node.keywords)
        new = f"{concat}([{ctx.text(receiver)}, {other_text}]{extra})"
        return (Fix(f"Replace with {concat}([...])", (ctx.replace(node, new),), safe=safe),)
