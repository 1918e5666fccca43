"""NS104: the `.ix` indexer, removed in pandas 1.0."""

from __future__ import annotations

import ast

from notesense.rules.base import Rule
from notesense.rules.receivers import is_pandas


class IxIndexer(Rule):
    """`.ix` no longer exists; say `.loc` (labels) or `.iloc` (positions).

    What it does:
        Finds `.ix` on a DataFrame or Series.

    Why is this bad?
        `.ix` guessed whether a key was a label or a position; it was removed in pandas 1.0 and
        raises `AttributeError`. Which replacement is right depends on what the key means, so
        there is no automatic fix.

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
    note_symbols = ("pandas.DataFrame.ix", "pandas.DataFrame.loc", "pandas.DataFrame.iloc")
    note_keywords = (".ix", "ix 已删除")
    triggers = (".ix",)

    GOOD = [
        "import pandas as pd\ndf = pd.DataFrame({'a': [1]})\nx = df.loc[0, 'a']\n",
        "import pandas as pd\nclass Grid:\n    ix = {0: 1}\nv = Grid().ix[0]\n",
    ]
    BAD = [
        ("import pandas as pd\ndf = pd.DataFrame({'a': [1]})\nx = df.ix[0, 'a']\n", None),
        ("import pandas as pd\ns = pd.Series([1, 2])\ns.ix[0] = 5\n", None),
    ]

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr == "ix" and is_pandas(self.ctx, node.value):
            self.report(node)
