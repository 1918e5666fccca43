"""NS104: the `.ix` indexer, removed in pandas 1.0."""

from __future__ import annotations

import ast

from notesense.analysis import api
from notesense.rules.base import Bad, Rule, example


class IxIndexer(Rule):
    """`.ix` no longer exists; say `.loc` (labels) or `.iloc` (positions).

    What it does:
        Finds `.ix` on a DataFrame or Series.

    Why is this bad?
        `.ix` guessed whether a key was a label or a position; it was removed in pandas 1.0 and
        raises `AttributeError`. Which replacement is right depends on what the key means, so
        there is no automatic fix.

    做什么:
        查找 DataFrame 或 Series 上的 `.ix`。

    为什么不好:
        `.ix` 要猜一个键是标签还是位置；pandas 1.0 删掉了它，现在会抛出 `AttributeError`。
        该换成 `.loc`（标签）还是 `.iloc`（位置）取决于键的含义，所以没有自动修复。

    Example:
        first = df.ix[0, "price"]

    Use instead:
        first = df.loc[0, "price"]      # 0 is a label
        first = df.iloc[0, 2]           # 0 is a position
    """

    code = "NS104"
    name = "ix-indexer"
    context = "pandas"
    severity = "error"
    message = ".ix was removed in pandas 1.0; use .loc for labels or .iloc for positions"
    hint = ".ix 已删除：按标签用 .loc，按位置用 .iloc"
    note = "pandas-pitfalls.md"
    note_symbols = ("pandas.DataFrame.ix",)  # not `.loc`/`.iloc`, its replacements: a note using them is not about `.ix`
    note_keywords = (".ix", "ix 已删除")
    removes = ("pandas.DataFrame.ix", "pandas.Series.ix")
    triggers = (".ix",)

    GOOD = [
        example("""\
            import pandas as pd
            df = pd.DataFrame({'a': [1]})
            x = df.loc[0, 'a']
            """),
        example("""\
            import pandas as pd
            class Grid:
                ix = {0: 1}
            v = Grid().ix[0]
            """),
    ]
    BAD = [
        Bad(
            """\
            import pandas as pd
            df = pd.DataFrame({'a': [1]})
            x = df.ix[0, 'a']
            """,
            span='df.ix',
        ),
        Bad(
            """\
            import pandas as pd
            s = pd.Series([1, 2])
            s.ix[0] = 5
            """,
            span='s.ix',
        ),
    ]

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr == "ix" and self.ctx.kinds.kind_of(node.value) in api.PANDAS_DATA:
            self.report(node)
