"""NS101: chained assignment into a DataFrame selection (the write lands on a temporary copy)."""

from __future__ import annotations

import ast

from notesense.analysis import api
from notesense.analysis.flow import definitions
from notesense.analysis.semantic import is_true, keyword
from notesense.rules.base import Bad, Edit, Fix, Rule, example

# Methods that return a piece of their receiver: a write into what they return is lost.
_SELECTING_METHODS = frozenset({"xs", "get", "take", "head", "tail", "filter", "copy"})
_POSITIONAL = ("iloc", "iat")


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


_WRITING_METHODS = api.CHAINED_UPDATE_METHODS | api.CHAINED_INPLACE_METHODS


def _through_more_than_a_name(inner: ast.expr) -> bool:
    """A write into `inner[...]` may land on a temporary: `inner` is neither a name (`df["a"] = v`) nor a
    name's indexer (`df.loc[m, "a"] = v`), the commonest writes, which write into the object itself
    (`_temporary` of a name is False): let go here without a call."""
    kind = type(inner)
    if kind is ast.Name:
        return False
    return not (kind is ast.Attribute and type(inner.value) is ast.Name and inner.attr in api.INDEXERS)  # type: ignore[attr-defined]


# what the code of every call `_check_call` reports spells: its `inplace=` argument, or an updating method's name
_CALL_WORDS = ("inplace", *sorted(api.CHAINED_UPDATE_METHODS))


def _may_write(func: ast.expr) -> bool:
    """A call of this callee can be one `_check_call` reports: a method that writes in place, or
    `getattr(...)(...)`."""
    kind = type(func)
    return (func.attr in _WRITING_METHODS) if kind is ast.Attribute else kind is ast.Call  # type: ignore[attr-defined]


class ChainedAssignment(Rule):
    """Chained assignment: a value written into a selection of a DataFrame, not the DataFrame.

    What it does:
        Finds writes into a temporary pandas object — a selection, a column read as an
        attribute, an accessor's result, a selecting method's result: assignments (plain and
        augmented) such as `df[m]['c'] = v`, `df['c'][m] = v`, `df['c'].iloc[i] = v`,
        `df['c'].at[i] = v`, `df[0:3].iat[0, 0] = v`, `df.c[m] = v`, `df.loc[m]['c'] = v`,
        `df.xs(2)[:] = v`, `s.dt.hour[0] = v`, and in-place calls on one:
        `df['c'].fillna(0, inplace=True)` (also `replace`, `interpolate`, `clip`, `where`, `mask`,
        `ffill`, `bfill`, `update`, and through `getattr`). These are the forms pandas' own
        test-suite proves raise `ChainedAssignmentError`. A name nothing defines (a parameter) is
        taken for a DataFrame only when people name frames so (`df`, `train_df`, `data`) and the
        write itself is pandas (`df['c'].loc[m] = v`, `df['c'].fillna(0, inplace=True)`); no fix
        is offered then.

    Why is this bad?
        The first selection returns a new object; the write goes into it and is thrown away.
        pandas 3 (copy-on-write) never changes `df` and emits `ChainedAssignmentError`; older
        pandas warned with `SettingWithCopyWarning` and sometimes silently worked.

    做什么:
        查找写进 pandas 临时对象的赋值：选出来的子集、当属性读出的列、访问器或
        选取方法的结果——例如 `df[m]['c'] = v`、`df['c'][m] = v`、`df['c'].iloc[i] = v`、
        `df.loc[m]['c'] = v`、`s.dt.hour[0] = v`（普通赋值和 `+=` 这类增量赋值），以及在它们上面
        `inplace=True` 的调用，如 `df['c'].fillna(0, inplace=True)`。这些写法 pandas 自己的
        测试都证明会抛出 `ChainedAssignmentError`。没有定义的名字（函数参数）只有在名字像
        DataFrame（`df`、`train_df`、`data`）且写法本身是 pandas 的（`df['c'].loc[m] = v`、
        `df['c'].fillna(0, inplace=True)`）时才当作 DataFrame，这时不给修复。

    为什么不好:
        第一次选取返回的是一个新对象，值写进了它，随后就被丢掉。pandas 3（写时复制）
        从不修改 `df`，并报 `ChainedAssignmentError`；更早的版本报
        `SettingWithCopyWarning`，有时又悄悄生效，结果时对时错。

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
    note_keywords = ("SettingWithCopy", "ChainedAssignmentError", "链式赋值", "chained assignment")
    fix_safety = "mixed"
    triggers = ("]", ".")

    GOOD = [
        example("""\
            import pandas as pd
            df = pd.DataFrame({'a': [1, 2]})
            df.loc[df.a > 1, 'b'] = 0
            """),
        example("""\
            import pandas as pd
            df = pd.DataFrame({'a': [1, 2]})
            df['b'] = df['b'].fillna(0)
            """),
        example("""\
            import pandas as pd
            d = {'a': {'b': 1}}
            d['a']['b'] = 2
            """),
        example("""\
            import pandas as pd
            import numpy as np
            a = np.zeros((2, 2))
            a[0][1] = 3
            """),
        example("""\
            import pandas as pd
            df = pd.DataFrame({'a': [1]})
            df.attrs['source'] = 'x'
            """),
        example("""\
            import pandas as pd
            rows = [[1, 2]]
            rows[0][1] += 1
            """),
        example("""\
            import pandas as pd
            df = pd.DataFrame({'a': [1]})
            df.loc[0, 'a'] += 1  # one step
            """),
        example("""\
            import pandas as pd
            df = pd.DataFrame({'a': [1.0, None]})
            df.fillna(0, inplace=True)
            """),
        example("""\
            import pandas as pd
            df = pd.DataFrame({'a': [1.0, 2.0]})
            df.loc(axis=0)[0] = None
            """),
        example("""\
            import pandas as pd
            
            
            def clean(frames, data):
                frames['train'].fillna(0, inplace=True)  # a dict of frames, for all its name says
                data = {'train': pd.DataFrame({'a': [1.0, None]})}
                data['train'].fillna(0, inplace=True)
            """),
    ]
    BAD = [
        Bad(
            """\
            import pandas as pd
            df = pd.DataFrame({'a': [1, 2, 3], 'b': [0, 0, 0]})
            df[df.a > 1]['b'] = 9
            """,
            fixed="""\
            import pandas as pd
            df = pd.DataFrame({'a': [1, 2, 3], 'b': [0, 0, 0]})
            df.loc[df.a > 1, 'b'] = 9
            """,
            span="df[df.a > 1]['b']",
        ),
        Bad(
            """\
            import pandas as pd
            df = pd.DataFrame({'a': [1, 2, 3], 'b': [0, 0, 0]})
            df['b'][df.a > 1] = 9
            """,
            fixed="""\
            import pandas as pd
            df = pd.DataFrame({'a': [1, 2, 3], 'b': [0, 0, 0]})
            df.loc[df.a > 1, 'b'] = 9
            """,
            span="df['b'][df.a > 1]",
            safe=True,  # a mask picks the same rows on any index
        ),
        Bad(
            """\
            import pandas as pd
            df = pd.DataFrame({'a': [1, 2, 3], 'b': [0, 0, 0]})
            df['b'].iloc[0] = 9
            """,
            fixed="""\
            import pandas as pd
            df = pd.DataFrame({'a': [1, 2, 3], 'b': [0, 0, 0]})
            df.iloc[0, df.columns.get_loc('b')] = 9
            """,
            span="df['b'].iloc[0]",
        ),
        Bad(
            """\
            import pandas as pd
            df = pd.DataFrame({'a': [1, 2, 3], 'b': [0, 0, 0]})
            df['b'].loc[2] = 9
            """,
            fixed="""\
            import pandas as pd
            df = pd.DataFrame({'a': [1, 2, 3], 'b': [0, 0, 0]})
            df.loc[2, 'b'] = 9
            """,
            span="df['b'].loc[2]",
        ),
        Bad(
            """\
            import pandas as pd
            df = pd.DataFrame({'a': [1, 2, 3], 'b': [0, 0, 0]})
            df.b[df.a > 1] = 9
            """,
            fixed="""\
            import pandas as pd
            df = pd.DataFrame({'a': [1, 2, 3], 'b': [0, 0, 0]})
            df.loc[df.a > 1, 'b'] = 9
            """,
            span='df.b[df.a > 1]',
        ),
        Bad(
            """\
            import pandas as pd
            df = pd.DataFrame({'a': [1, 2, 3], 'b': [0, 0, 0]})
            df.loc[df.a > 1]['b'] = 9
            """,
            fixed="""\
            import pandas as pd
            df = pd.DataFrame({'a': [1, 2, 3], 'b': [0, 0, 0]})
            df.loc[df.a > 1, 'b'] = 9
            """,
            span="df.loc[df.a > 1]['b']",
        ),
        Bad(
            """\
            import pandas as pd
            df = pd.DataFrame({'a': [1, 2, 3], 'b': [0, 0, 0]})
            df['b'][df.a > 1] += 5  # bump
            """,
            fixed="""\
            import pandas as pd
            df = pd.DataFrame({'a': [1, 2, 3], 'b': [0, 0, 0]})
            df.loc[df.a > 1, 'b'] += 5  # bump
            """,
            span="df['b'][df.a > 1]",
        ),
        Bad(
            """\
            import pandas as pd
            df = pd.DataFrame({'a': [1, 2, 3], 'b': [1.0, None, 3.0]})
            df['b'].fillna(0, inplace=True)
            """,
            fixed="""\
            import pandas as pd
            df = pd.DataFrame({'a': [1, 2, 3], 'b': [1.0, None, 3.0]})
            df['b'] = df['b'].fillna(0)
            """,
            span="df['b'].fillna(0, inplace=True)",
        ),
        Bad(
            """\
            import pandas as pd
            df = pd.DataFrame({'a': [1, 2, 3], 'b': [0, 5, 0]})
            df['b'].replace(5, 9, inplace=True)
            """,
            fixed="""\
            import pandas as pd
            df = pd.DataFrame({'a': [1, 2, 3], 'b': [0, 5, 0]})
            df['b'] = df['b'].replace(5, 9)
            """,
            span="df['b'].replace(5, 9, inplace=True)",
        ),
        Bad(
            """\
            import pandas as pd
            df = pd.DataFrame({'a': [1, 2, 3], 'b': [0, 5, 20]})
            df.b.clip(upper=9, inplace=True)
            """,
            fixed="""\
            import pandas as pd
            df = pd.DataFrame({'a': [1, 2, 3], 'b': [0, 5, 20]})
            df['b'] = df.b.clip(upper=9)
            """,
            span='df.b.clip(upper=9, inplace=True)',
        ),
        Bad(
            """\
            import pandas as pd
            df = pd.DataFrame({'a': [1, 2, 3], 'b': [1.0, None, 3.0]})
            df['b'].update(pd.Series([9.0], index=[1]))
            """,
            span="df['b'].update(pd.Series([9.0], index=[1]))",
        ),
        Bad(
            """\
            import pandas as pd
            
            
            def reset(frame: pd.DataFrame, rows):
                frame['b'][rows] = 0
                return frame
            
            
            df = reset(pd.DataFrame({'a': [1, 2, 3], 'b': [9, 9, 9]}), [0, 1])
            """,
            fixed="""\
            import pandas as pd
            
            
            def reset(frame: pd.DataFrame, rows):
                frame.loc[rows, 'b'] = 0
                return frame
            
            
            df = reset(pd.DataFrame({'a': [1, 2, 3], 'b': [9, 9, 9]}), [0, 1])
            """,
            span="frame['b'][rows]",
            safe=False,  # a parameter's index is unknown: `rows` may have meant positions
        ),
        Bad(
            """\
            import pandas as pd
            df = pd.DataFrame({'a': [1, 2, 3], 'b': [0, 0, 0]})
            df['b'][0] = 9
            """,
            fixed="""\
            import pandas as pd
            df = pd.DataFrame({'a': [1, 2, 3], 'b': [0, 0, 0]})
            df.loc[0, 'b'] = 9
            """,
            span="df['b'][0]",
            safe=True,  # the default RangeIndex: label 0 is position 0
        ),
        Bad(
            """\
            import pandas as pd
            df = pd.DataFrame({'a': [1, 2, 3], 'b': [0, 0, 0]}, index=[10, 20, 30])
            df['b'][20] = 9
            """,
            fixed="""\
            import pandas as pd
            df = pd.DataFrame({'a': [1, 2, 3], 'b': [0, 0, 0]}, index=[10, 20, 30])
            df.loc[20, 'b'] = 9
            """,
            span="df['b'][20]",
            safe=False,  # an index of its own: on strings, `[0]` meant a position and `.loc[0]` adds a row
        ),
        Bad(
            """\
            import pandas as pd
            df = pd.DataFrame({'a': [1, 2, 3], 'b': [0, 0, 0]})
            df = df[df.a > 1]
            df['b'][1] = 9
            """,
            fixed="""\
            import pandas as pd
            df = pd.DataFrame({'a': [1, 2, 3], 'b': [0, 0, 0]})
            df = df[df.a > 1]
            df.loc[1, 'b'] = 9
            """,
            span="df['b'][1]",
            safe=False,  # filtered: labels are no longer positions
        ),
        Bad(  # a parameter nothing annotates, but a frame's name and a column changed with inplace=True (the name
            # is the point: a parameter, which the property test does not rename)
            """\
            import pandas as pd
            
            
            def prep(df):
                df['b'].fillna(0, inplace=True)
                return df
            """,
            span="df['b'].fillna(0, inplace=True)",
        ),
        Bad(
            """\
            import pandas as pd
            
            
            def munge(data):
                data['Is_Married'] = 0
                data['Is_Married'].loc[data['Title'] == 7] = 1
                return data
            """,
            span="data['Is_Married'].loc[data['Title'] == 7]",
        ),
        Bad(
            """\
            import pandas as pd
            df = pd.DataFrame({'a': [5, 6, 7, 8], 'b': [0, 0, 0, 0]})
            df = df[~df.index.isin([1, 3])]
            df['b'][0] = 1
            """,
            fixed="""\
            import pandas as pd
            df = pd.DataFrame({'a': [5, 6, 7, 8], 'b': [0, 0, 0, 0]})
            df = df[~df.index.isin([1, 3])]
            df.loc[0, 'b'] = 1
            """,
            span="df['b'][0]",
            safe=False,  # the rows kept no longer run 0, 1, 2, ...: label 0 may be gone
        ),
    ]

    def visit_Module(self, node: ast.Module) -> None:
        """The statements a finding can stand in, asked of the model and the text once rather than
        every statement visited: the writes into a subscript (`SemanticModel.writes`: `df[m]["c"] = v`,
        `df["c"][m] += v`), and the assignments and expression statements whose own code spells a word
        every call `_check_call` reports spells (`inplace`, or the method: `update`)."""
        ctx = self.ctx
        for stmt, _ in ctx.writes():
            for target in stmt.targets if type(stmt) is ast.Assign else (stmt.target,):  # type: ignore[attr-defined]
                if type(target) is ast.Subscript and _through_more_than_a_name(target.value):  # type: ignore[attr-defined]
                    self._check_target(target)
        for stmt in ctx.spelling(_CALL_WORDS, (ast.Assign, ast.Expr)):
            value = stmt.value  # type: ignore[attr-defined]
            if type(value) is ast.Call and _may_write(value.func):  # `result = df["a"].fillna(0, inplace=True)`: None, and df unchanged
                self._check_call(value, stmt if type(stmt) is ast.Expr else None)  # type: ignore[arg-type]

    def _check_call(self, call: ast.Call, statement: ast.Expr | None) -> None:
        """An in-place method called on a temporary; `statement`: the call is a whole statement (then
        assigning its result back is the fix)."""
        func = call.func
        if isinstance(func, ast.Call) and isinstance(func.func, ast.Name) and func.func.id == "getattr" and func.args:
            inplace = keyword(call, "inplace")  # getattr(df["a"], name)(inplace=True)
            if inplace is not None and is_true(inplace.value) and self._temporary(func.args[0], pandas_result=True):
                self.report(call)
            return
        if not isinstance(func, ast.Attribute):
            return
        method, selection = func.attr, func.value
        if method in api.CHAINED_UPDATE_METHODS:
            if self._temporary(selection, pandas_result=True):
                self.report(call)
            return
        if method not in api.CHAINED_INPLACE_METHODS:
            return
        inplace = keyword(call, "inplace")
        if inplace is None or not is_true(inplace.value):
            return
        if not self._temporary(selection, pandas_result=True):  # `inplace=True`: it is a pandas object
            return
        target = self._assignable(selection)
        if target is None or statement is None:
            self.report(call)
            return
        ctx = self.ctx
        edits = (ctx.insert(*ctx.start(statement), f"{target} = "), self._drop_keyword(call, inplace))
        self.report(call, (Fix(f"Assign the result: {target} = {target}.{method}(...)", edits, safe=True),))

    # ------------------------------------------------------------------ helpers
    def _pandas(self, node: ast.expr) -> bool:
        return self.ctx.kinds.kind_of(node) in api.PANDAS_DATA

    def _frame(self, node: ast.expr) -> bool:
        return self.ctx.kinds.kind_of(node) == api.DATAFRAME

    def _named_frame(self, node: ast.expr) -> bool:
        """A name nothing says anything about (a parameter, a loop's item) that people give a DataFrame
        (`df`, `train_df`, `data`: `api.conventional_kinds`). Asked only where the statement itself is
        pandas: a column of it written through `.loc` or changed with `inplace=True`."""
        return (isinstance(node, ast.Name) and self.ctx.kinds.kinds_of(node) == {None}
                and api.conventional_kinds(node.id)[:1] == (api.DATAFRAME,))

    def _temporary(self, node: ast.expr, pandas_result: bool = False) -> bool:
        """`node` makes a new pandas object out of another, so a write into it is lost: a selection
        (`df[...]`, `df.loc[...]`, `s[mask]`), a column read as an attribute (`df.c`), an accessor's
        result (`s.dt.hour`), a selecting method (`df.xs(2)`). `pandas_result`: the caller knows the
        result is a pandas object (it is written through `.loc`/`.iloc`/`.at`/`.iat`, or has a method
        only pandas has called on it with `inplace=True`)."""
        if isinstance(node, ast.Subscript):
            base = node.value
            if isinstance(base, ast.Attribute) and base.attr in api.INDEXERS:
                base = base.value
            return self._frame(base) or (self._pandas(base) and (pandas_result or self._pandas(node))) or (
                pandas_result and base is node.value and _is_column_key(node.slice) and self._named_frame(base))
        if isinstance(node, ast.Attribute):
            kinds = self.ctx.kinds
            owner = kinds.kind_of(node.value)
            return kinds.kind_of(node) == api.SERIES and owner in (api.DATAFRAME, api.DT_ACCESSOR, api.CAT_ACCESSOR)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if not self._pandas(node.func.value):
                return False
            return node.func.attr in _SELECTING_METHODS or self._pandas(node)
        return False

    def _assignable(self, selection: ast.expr) -> str | None:
        """How to assign back to `selection` of a DataFrame (`df['b']`, `df[['a']]`, `df.b` → `df['b']`);
        None when it cannot be said in one step."""
        ctx = self.ctx
        if isinstance(selection, ast.Subscript):
            base = selection.value
            if isinstance(base, ast.Attribute) and base.attr in ("loc", "iloc"):
                base = base.value
            if self._frame(base) and not self._temporary(base):
                return ctx.text(selection)
            # `df[m]['b']`: assigning back is itself a chained write, which the next pass makes one
            # `.loc` step — offered only when that step is safe
            chained = self._fixes(selection, base, selection.slice) if self._temporary(base) else ()
            return ctx.text(selection) if chained and chained[0].safe else None
        if isinstance(selection, ast.Attribute) and self._frame(selection.value) and not self._temporary(selection.value):
            return f"{ctx.text(selection.value)}[{selection.attr!r}]"
        return None

    def _check_target(self, target: ast.expr) -> None:
        if not isinstance(target, ast.Subscript):
            return
        inner, key = target.value, target.slice
        # X.loc[key] / X.iloc[key] / X.at[key] / X.iat[key] on a temporary X
        if isinstance(inner, ast.Attribute) and inner.attr in api.INDEXERS:
            sel = inner.value
            if not self._temporary(sel, pandas_result=True):
                return
            fix = None
            single = not isinstance(key, ast.Tuple)
            if isinstance(sel, ast.Subscript) and self._frame(sel.value) and _is_column_key(sel.slice):
                fix = self._fix(target, sel.value, inner.attr, key, sel.slice, safe=single)
            elif isinstance(sel, ast.Attribute) and self._frame(sel.value):
                fix = self._fix(target, sel.value, inner.attr, key, repr(sel.attr), safe=single)
            self.report(target, (fix,) if fix else ())
            return
        if self._temporary(inner):
            self.report(target, self._fixes(target, inner, key))

    def _fixes(self, target: ast.Subscript, inner: ast.expr, key: ast.expr) -> tuple[Fix, ...]:
        if isinstance(key, ast.Tuple):
            return ()
        if isinstance(inner, ast.Attribute):  # df.c[key]
            if isinstance(key, ast.Slice) or not self._frame(inner.value):
                return ()
            return (self._fix(target, inner.value, "loc", key, repr(inner.attr), safe=self._same_rows(inner.value, key)),)
        if not isinstance(inner, ast.Subscript):
            return ()
        base, first = inner.value, inner.slice
        if isinstance(base, ast.Attribute) and base.attr in ("loc", "iloc"):  # df.loc[rows][col]
            if not self._frame(base.value):
                return ()
            if isinstance(first, ast.Tuple) or not _is_column_key(key):
                return ()
            return (self._fix(target, base.value, base.attr, first, key, safe=True),)
        if not self._frame(base):
            return ()
        if _is_column_key(first) and not isinstance(key, ast.Slice):  # df['c'][rows]
            return (self._fix(target, base, "loc", key, first, safe=self._same_rows(base, key)),)
        if _is_column_key(key) and not isinstance(first, ast.Slice):  # df[rows]['c']
            return (self._fix(target, base, "loc", first, key, safe=_is_mask(first)),)
        return ()

    def _same_rows(self, frame: ast.expr, key: ast.expr) -> bool:
        """Whether `frame.loc[key, c]` picks the rows `frame[c][key]` meant: a mask or a label written as
        a string does on any index; an integer or unknown key (`df['a'][0]`) may have meant a position
        (what `Series[int]` fell back to on a non-integer index before pandas 3), the same only on the
        default RangeIndex."""
        return _is_mask(key) or _is_column_key(key) or self._default_index(frame)

    def _default_index(self, frame: ast.expr, depth: int = 3) -> bool:
        """`frame` is known to have the default RangeIndex wherever it is read: every value reaching it
        is built without an index (`api.DEFAULT_INDEX_BUILDERS` without theirs, data written out
        literally), `x.reset_index()`, or a copy of such a frame. Filtering, `set_index`, a parameter,
        anything else: not known."""
        values = definitions(self.ctx.semantic, frame)
        return bool(values) and all(self._builds_default_index(v, depth) for v in values)  # type: ignore[union-attr]

    def _builds_default_index(self, value: ast.expr, depth: int) -> bool:
        if not isinstance(value, ast.Call) or depth < 0:
            return False
        func = value.func
        if isinstance(func, ast.Attribute) and func.attr == "reset_index":
            return not value.args and keyword(value, "level") is None
        if isinstance(func, ast.Attribute) and func.attr == "copy":
            receiver = func.value
            return (self._default_index(receiver, depth - 1) if isinstance(receiver, ast.Name)
                    else self._builds_default_index(receiver, depth - 1))
        index_keyword = api.DEFAULT_INDEX_BUILDERS.get(self.ctx.qualname(func) or "")
        if index_keyword is None:
            return False
        given = keyword(value, index_keyword)  # `index_col=None` / `False` say the default
        if given is not None and not (isinstance(given.value, ast.Constant)
                                      and (given.value.value is None or given.value.value is False)):
            return False
        data = value.args[0] if value.args else None
        if index_keyword == "index" and data is not None:  # a dict of Series would align on their index
            return isinstance(data, (ast.List, ast.Tuple)) or (isinstance(data, ast.Dict) and all(
                isinstance(v, (ast.List, ast.Tuple, ast.Constant)) for v in data.values))
        return True

    def _fix(self, target: ast.expr, frame: ast.expr, indexer: str, rows: ast.expr, column: ast.expr | str, *, safe: bool) -> Fix:
        ctx = self.ctx
        rows_text = ctx.text(rows)
        if isinstance(rows, ast.Tuple) and not rows_text.startswith("("):
            rows_text = f"({rows_text})"
        column_text = column if isinstance(column, str) else ctx.text(column)
        frame_text = ctx.text(frame)
        if indexer in _POSITIONAL:
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
