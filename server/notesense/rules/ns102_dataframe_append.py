"""NS102: `DataFrame.append` / `Series.append`, removed in pandas 2."""

from __future__ import annotations

import ast
import re

from notesense.analysis import api
from notesense.analysis.semantic import Scope
from notesense.rules.base import Bad, Fix, Rule, example

_PASSED_ON = frozenset({"ignore_index", "verify_integrity", "sort"})
_NAMED_RECEIVER = re.compile(r"(?<![\w.])[^\W\d]\w*(?=\.append\()")  # `rows.append(`, not `a.rows.append(`


class DataFrameAppend(Rule):
    """`DataFrame.append` was removed in pandas 2.0.

    What it does:
        Finds `.append(...)` called on a DataFrame or Series.

    Why is this bad?
        The method no longer exists: the line raises `AttributeError` under pandas 2 and 3.
        It was also slow, copying the whole frame on every call inside a loop.

    做什么:
        查找在 DataFrame 或 Series 上调用的 `.append(...)`。

    为什么不好:
        这个方法已经不存在：在 pandas 2 和 3 里这一行抛出 `AttributeError`。它本来也很慢，
        在循环里每调用一次就把整张表复制一遍；改用 `pd.concat`。

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
    note_keywords = ("DataFrame.append", "df.append", "pd.concat", "append 已删除")
    removes = ("pandas.DataFrame.append", "pandas.Series.append")
    fix_safety = "mixed"
    triggers = (".append(",)

    GOOD = [
        example("""\
            import pandas as pd
            rows = []
            rows.append({'a': 1})
            df = pd.DataFrame(rows)
            """),
        example("""\
            import pandas as pd
            df = pd.DataFrame({'a': [1]})
            df = pd.concat([df, df], ignore_index=True)
            """),
        example("""\
            import pandas as pd
            idx = pd.Index([1, 2])
            idx = idx.append(pd.Index([3]))
            """),
        example("""\
            import pandas as pd
            import numpy as np
            a = np.append(np.zeros(2), 1)
            """),
    ]
    BAD = [
        Bad(
            """\
            import pandas as pd
            df = pd.DataFrame({'a': [1]})
            other = pd.DataFrame({'a': [2]})
            df = df.append(other, ignore_index=True)
            """,
            fixed="""\
            import pandas as pd
            df = pd.DataFrame({'a': [1]})
            other = pd.DataFrame({'a': [2]})
            df = pd.concat([df, other], ignore_index=True)
            """,
            span='df.append(other, ignore_index=True)',
        ),
        Bad(
            """\
            import pandas as pd
            df = pd.DataFrame({'a': [1]})
            df = df.append({'a': 2}, ignore_index=True)
            """,
            fixed="""\
            import pandas as pd
            df = pd.DataFrame({'a': [1]})
            df = pd.concat([df, pd.DataFrame([{'a': 2}])], ignore_index=True)
            """,
            span="df.append({'a': 2}, ignore_index=True)",
        ),
        Bad(
            """\
            import pandas as pd
            s = pd.Series([1])
            s = s.append(pd.Series([2]))
            """,
            fixed="""\
            import pandas as pd
            s = pd.Series([1])
            s = pd.concat([s, pd.Series([2])])
            """,
            span='s.append(pd.Series([2]))',
        ),
        Bad(
            """\
            import pandas as pd
            
            
            def add(df: pd.DataFrame, row):
                return df.append(row)
            """,
            fixed="""\
            import pandas as pd
            
            
            def add(df: pd.DataFrame, row):
                return pd.concat([df, row])
            """,
            span='df.append(row)',
        ),
    ]

    def may_find(self, stmt: ast.stmt, scope: Scope | None, text: str | None) -> bool:
        """No `.append(` of the statement's text can be a DataFrame's when each is on a plain name that
        every binding in its scope makes a literal (`rows = []`, the list every loop fills): then the
        statement is not walked and no receiver's kind is asked for."""
        if scope is None or text is None:
            return True
        receivers = _NAMED_RECEIVER.findall(text)
        if len(receivers) != text.count(".append("):
            return True  # a receiver that is no plain name: `df["a"].append(`, `self.rows.append(`
        kinds = self.ctx.kinds
        for name in set(receivers):
            found = kinds.literal_kinds(name, scope)
            if found is None or found & api.PANDAS_DATA:
                return True
        return False

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if not (isinstance(func, ast.Attribute) and func.attr == "append" and self.ctx.kinds.kind_of(func.value) in api.PANDAS_DATA):
            return
        self.report(node, self._fixes(node, func.value))

    def _fixes(self, node: ast.Call, receiver: ast.expr) -> tuple[Fix, ...]:
        ctx = self.ctx
        concat = ctx.local("pandas.concat")
        if concat is None or len(node.args) != 1 or any(k.arg not in _PASSED_ON for k in node.keywords):
            return ()
        other = node.args[0]
        other_kind = ctx.kinds.kind_of(other)
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
            safe = other_kind == api.DATAFRAME or (other_kind == api.SERIES and ctx.kinds.kind_of(receiver) == api.SERIES)
        extra = "".join(f", {ctx.text(k)}" for k in node.keywords)
        new = f"{concat}([{ctx.text(receiver)}, {other_text}]{extra})"
        return (Fix(f"Replace with {concat}([...])", (ctx.replace(node, new),), safe=safe),)
