"""Cheap local kind inference: which names hold a DataFrame, a Series, an ndarray, a Tensor, a Module.

Resolving `df.fillna` to `pandas.DataFrame.fillna` and firing a pandas rule on `df[...]` both need to
know what `df` holds, without running anything and without waiting for jedi. This is a per-scope,
flow-insensitive inference: every binding of a name in a scope must agree on one kind, otherwise the
name is unknown. Unknown (`None`) is always the safe answer — a rule that fires on a dict because we
guessed "DataFrame" is worse than one that stays silent.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field

from notesense.analysis.imports import ImportMap, dotted_name

DATAFRAME = "pandas.DataFrame"
SERIES = "pandas.Series"
INDEX = "pandas.Index"
NDARRAY = "numpy.ndarray"
TENSOR = "torch.Tensor"
MODULE = "torch.nn.Module"
OPTIMIZER = "torch.optim.Optimizer"
TF_TENSOR = "tensorflow.Tensor"

PUBLIC_KINDS = frozenset({DATAFRAME, SERIES, INDEX, NDARRAY, TENSOR, MODULE, OPTIMIZER, TF_TENSOR})

# Intermediate kinds: never returned by `kind_of`, only used to follow chains like
# `df.groupby('a').agg(...)` or `df.loc[mask, 'b']`.
_FRAME_GROUPBY = "_pandas.DataFrameGroupBy"
_SERIES_GROUPBY = "_pandas.SeriesGroupBy"
_FRAME_WINDOW = "_pandas.DataFrameWindow"
_SERIES_WINDOW = "_pandas.SeriesWindow"
_FRAME_LOC = "_pandas.DataFrame.loc"
_FRAME_ILOC = "_pandas.DataFrame.iloc"
_SERIES_LOC = "_pandas.Series.loc"
_SERIES_STR = "_pandas.Series.str"
_MODULE_TUPLE = "_torch.nn.Module.tuple"  # a module whose call returns a tuple (LSTM, GRU, ...)
_CLASS = "_class."  # prefix: a local class name, `_class.<qualname>`

_IMPORT = "_import"  # a name bound by an import statement (a module or an imported object)

_TOP = object()  # "not computed yet" in the fixed point; becomes None if it never resolves

_PANDAS_FRAME_FUNCS = frozenset(
    "read_csv read_excel read_parquet read_json read_table read_sql read_sql_query read_sql_table "
    "read_feather read_pickle read_hdf read_orc read_stata read_sas read_spss read_fwf read_clipboard "
    "DataFrame concat merge merge_asof merge_ordered pivot pivot_table crosstab get_dummies "
    "json_normalize DataFrame.from_dict DataFrame.from_records".split()
)
_PANDAS_SERIES_FUNCS = frozenset({"Series"})
_PANDAS_INDEX_FUNCS = frozenset("Index date_range period_range timedelta_range interval_range MultiIndex.from_tuples MultiIndex.from_product MultiIndex.from_arrays".split())

_NUMPY_FUNCS = frozenset(
    "array asarray ascontiguousarray asfarray zeros ones empty full arange linspace logspace geomspace "
    "eye identity zeros_like ones_like empty_like full_like stack vstack hstack dstack column_stack "
    "concatenate argwhere flatnonzero tile repeat transpose reshape ravel squeeze expand_dims "
    "cumsum cumprod diff sort argsort clip loadtxt genfromtxt fromfile frombuffer fromstring "
    "copy flip fliplr flipud rot90 roll triu tril diag outer kron cross atleast_2d atleast_3d "
    "random.rand random.randn random.randint random.random random.random_sample random.normal "
    "random.uniform random.permutation random.standard_normal random.binomial random.poisson "
    "random.beta random.gamma random.exponential linalg.inv linalg.pinv".split()
)

_TORCH_FUNCS = frozenset(
    "tensor as_tensor from_numpy zeros ones empty full rand randn randint randperm arange linspace "
    "logspace eye zeros_like ones_like rand_like randn_like randint_like full_like empty_like cat "
    "concat concatenate stack hstack vstack matmul mm bmm softmax log_softmax sigmoid tanh relu exp "
    "log sqrt abs masked_select gather index_select clamp clip flatten squeeze unsqueeze reshape "
    "transpose permute argmax argmin sum mean prod cumsum einsum outer tril triu diag flip roll "
    "where masked_fill bernoulli multinomial normal tile repeat_interleave cdist "
    "nn.functional.softmax nn.functional.log_softmax nn.functional.relu nn.functional.gelu "
    "nn.functional.silu nn.functional.elu nn.functional.leaky_relu nn.functional.sigmoid "
    "nn.functional.tanh nn.functional.dropout nn.functional.linear nn.functional.conv1d "
    "nn.functional.conv2d nn.functional.conv3d nn.functional.pad nn.functional.interpolate "
    "nn.functional.normalize nn.functional.one_hot nn.functional.cross_entropy "
    "nn.functional.mse_loss nn.functional.l1_loss nn.functional.nll_loss nn.functional.smooth_l1_loss "
    "nn.functional.binary_cross_entropy nn.functional.binary_cross_entropy_with_logits "
    "nn.functional.kl_div nn.functional.embedding nn.functional.max_pool1d nn.functional.max_pool2d "
    "nn.functional.avg_pool1d nn.functional.avg_pool2d nn.functional.adaptive_avg_pool2d "
    "nn.functional.layer_norm nn.functional.batch_norm nn.functional.cosine_similarity "
    "nn.functional.softplus nn.functional.grid_sample".split()
)
_TORCH_TUPLE_MODULES = frozenset({"LSTM", "GRU", "RNN", "MultiheadAttention"})
_TORCH_OPTIMIZERS = frozenset(
    "Optimizer SGD Adam AdamW Adamax Adagrad Adadelta RMSprop Rprop ASGD LBFGS NAdam RAdam SparseAdam".split()
)
_TF_FUNCS = frozenset(
    "constant convert_to_tensor zeros ones fill range reshape concat stack matmul cast transpose "
    "squeeze expand_dims reduce_sum reduce_mean reduce_max reduce_min argmax argmin where gather "
    "one_hot zeros_like ones_like random.normal random.uniform nn.softmax nn.relu nn.sigmoid math.exp "
    "math.log math.sqrt math.abs".split()
)

# Methods whose result has a known kind, per receiver kind. Methods that can also return None (inplace=True)
# are filtered by `_inplace`.
_FRAME_TO_FRAME = frozenset(
    "head tail copy dropna fillna ffill bfill drop drop_duplicates rename reset_index set_index "
    "sort_values sort_index merge join assign query filter astype replace pivot pivot_table melt "
    "transpose sample nlargest nsmallest describe corr cov select_dtypes abs round clip cumsum "
    "cumprod cummax cummin diff pct_change shift isna isnull notna notnull where mask reindex "
    "interpolate explode convert_dtypes infer_objects isin map applymap rank combine_first "
    "truncate droplevel swaplevel add sub mul div truediv floordiv mod pow set_axis add_prefix "
    "add_suffix".split()
)
_FRAME_TO_SERIES = frozenset(
    "sum mean median std var min max count nunique idxmax idxmin duplicated memory_usage prod sem "
    "skew kurt any all".split()
)
_SERIES_TO_SERIES = frozenset(
    "head tail copy dropna fillna ffill bfill astype map replace sort_values sort_index value_counts "
    "isna isnull notna notnull abs round clip cumsum cumprod cummax cummin shift diff pct_change where "
    "mask between isin duplicated rank rename drop_duplicates nlargest nsmallest sample explode "
    "interpolate drop reindex add sub mul div truediv floordiv mod pow convert_dtypes infer_objects".split()
)
_SERIES_TO_FRAME = frozenset({"to_frame"})
_TO_NDARRAY = frozenset({"to_numpy"})
_INDEX_TO_INDEX = frozenset("copy rename drop unique sort_values union intersection difference append".split())
_GROUPBY_AGG = frozenset(
    "agg aggregate sum mean median std var min max count nunique first last prod cumsum "
    "ffill bfill head tail nth".split()
)
_WINDOW_AGG = frozenset("mean sum std var min max median count apply agg aggregate".split())
_NDARRAY_TO_NDARRAY = frozenset(
    "reshape copy astype transpose flatten ravel squeeze clip round cumsum cumprod argsort repeat "
    "swapaxes view conj".split()
)
_NDARRAY_REDUCE = frozenset("sum mean std var min max prod argmax argmin any all".split())
_TENSOR_TO_TENSOR = frozenset(
    "view view_as reshape reshape_as permute transpose t contiguous clone detach to cuda cpu float "
    "double long int half bool bfloat16 squeeze unsqueeze flatten expand expand_as repeat sum mean "
    "abs exp log sqrt softmax log_softmax sigmoid tanh relu matmul mm bmm masked_fill masked_select "
    "gather index_select argmax argmin norm pow clamp clip type_as requires_grad_ add sub mul div "
    "add_ sub_ mul_ div_ zero_ fill_ neg sign floor ceil round cumsum prod std var logsumexp "
    "flip roll narrow unfold new_zeros new_ones new_full new_empty new_tensor".split()
)
_TENSOR_ATTRS = frozenset({"T", "mT", "H", "data", "grad", "real", "imag"})
_MODULE_TO_MODULE = frozenset("to cuda cpu train eval float double half bfloat16 requires_grad_".split())

_FRAME_NON_COLUMNS = frozenset({"shape", "size", "ndim", "empty", "columns", "index", "dtypes", "attrs", "flags"})

_ANNOTATION_KINDS = {
    "pandas.DataFrame": DATAFRAME,
    "pandas.core.frame.DataFrame": DATAFRAME,
    "pandas.Series": SERIES,
    "pandas.core.series.Series": SERIES,
    "pandas.Index": INDEX,
    "numpy.ndarray": NDARRAY,
    "numpy.typing.NDArray": NDARRAY,
    "torch.Tensor": TENSOR,
    "torch.FloatTensor": TENSOR,
    "torch.LongTensor": TENSOR,
    "torch.nn.Module": MODULE,
    "torch.nn.parameter.Parameter": TENSOR,
    "torch.nn.Parameter": TENSOR,
    "torch.optim.Optimizer": OPTIMIZER,
    "tensorflow.Tensor": TF_TENSOR,
}


@dataclass(eq=False)
class _Scope:
    """A function, lambda, class body, comprehension or the module: the names it binds, and how."""

    node: ast.AST
    parent: "_Scope | None"
    bindings: dict[str, list[ast.expr | str | None]] = field(default_factory=dict)
    declared: dict[str, str] = field(default_factory=dict)  # name -> kind from an annotation
    globals_: set[str] = field(default_factory=set)
    is_class: bool = False
    kinds: dict[str, object] = field(default_factory=dict)

    def bind(self, name: str, value: ast.expr | str | None) -> None:
        self.bindings.setdefault(name, []).append(value)


class KindMap:
    """What each expression of one module holds, as far as a cheap local inference can tell."""

    def __init__(self, tree: ast.Module, imports: ImportMap) -> None:
        self._imports = imports
        self._scope_of: dict[int, _Scope] = {}  # id(ast.Name / ast.Lambda ...) -> the scope it is read in
        self._module = _Scope(tree, None)
        self._scopes: list[_Scope] = [self._module]
        self._classes: dict[str, ast.ClassDef] = {}  # name -> class (module and nested; last wins)
        self._module_classes: dict[str, str | None] = {}  # class name -> MODULE / _MODULE_TUPLE / None
        self._self_attrs: dict[tuple[int, str], list[ast.expr | None]] = {}  # (id(class), attr) -> values
        self._self_kinds: dict[tuple[int, str], object] = {}
        self._class_of_scope: dict[int, ast.ClassDef] = {}  # id(function scope) -> enclosing class
        self._returns: dict[str, str] = {}  # local function name -> annotated return kind
        self._collect(tree, self._module)
        self._classify_classes()
        self._solve()

    # ----------------------------------------------------------------- public
    def kind_of(self, node: ast.expr) -> str | None:
        """The kind of `node` (an expression of the tree this map was built from), or None when unsure."""
        kind = self._eval(node)
        return kind if isinstance(kind, str) and kind in PUBLIC_KINDS else None

    def kind_of_name(self, name: str, line: int | None = None) -> str | None:
        """The kind of a bare name as seen from the innermost function scope around 1-based `line`."""
        scope = self._scope_at_line(line) if line is not None else self._module
        kind = self._lookup(name, scope)
        return kind if isinstance(kind, str) and kind in PUBLIC_KINDS else None

    def kind_of_source(self, expr: str, line: int | None = None) -> str | None:
        """The kind of an expression given as text (e.g. the receiver before a dot), read at `line`."""
        try:
            node = ast.parse(expr.strip(), mode="eval").body
        except (SyntaxError, ValueError):
            return None
        scope = self._scope_at_line(line) if line is not None else self._module
        names = [sub for sub in ast.walk(node) if isinstance(sub, ast.Name)]
        for sub in names:
            self._scope_of[id(sub)] = scope
        try:
            kind = self._eval(node)
        finally:
            for sub in names:
                self._scope_of.pop(id(sub), None)
        return kind if isinstance(kind, str) and kind in PUBLIC_KINDS else None

    def names(self) -> dict[str, str]:
        """Module-level names with a known kind (for debugging and the CLI)."""
        return {n: k for n, k in self._module.kinds.items() if isinstance(k, str) and k in PUBLIC_KINDS}

    # ---------------------------------------------------------- collection
    def _collect(self, node: ast.AST, scope: _Scope) -> None:
        """Record bindings per scope and the scope every name is read in (one walk)."""
        for child in ast.iter_child_nodes(node):
            self._visit(child, scope)

    def _visit(self, node: ast.AST, scope: _Scope) -> None:
        if isinstance(node, ast.Name):
            if isinstance(node.ctx, ast.Load):
                self._scope_of[id(node)] = scope
            return
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for deco in node.decorator_list:
                self._visit(deco, scope)
            self._visit_args_defaults(node.args, scope)
            if node.returns is not None:
                kind = self._annotation_kind(node.returns)
                if kind and not scope.is_class:
                    self._returns[node.name] = kind
            self._target(scope, node.name, None)
            inner = self._new_scope(node, scope)
            if scope.is_class:
                self._class_of_scope[id(inner)] = scope.node  # type: ignore[assignment]
            self._bind_params(node.args, inner)
            for stmt in node.body:
                self._visit(stmt, inner)
            return
        if isinstance(node, ast.Lambda):
            self._visit_args_defaults(node.args, scope)
            inner = self._new_scope(node, scope)
            self._bind_params(node.args, inner)
            self._visit(node.body, inner)
            return
        if isinstance(node, ast.ClassDef):
            for expr in [*node.decorator_list, *node.bases, *(k.value for k in node.keywords)]:
                self._visit(expr, scope)
            self._target(scope, node.name, _CLASS + node.name)
            self._classes[node.name] = node
            inner = self._new_scope(node, scope)
            inner.is_class = True
            for stmt in node.body:
                self._visit(stmt, inner)
            return
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
            # the first iterable is evaluated outside; targets and the rest inside
            inner = self._new_scope(node, scope)
            for i, gen in enumerate(node.generators):
                self._visit(gen.iter, scope if i == 0 else inner)
                self._bind_unknown_targets(gen.target, inner)
                for cond in gen.ifs:
                    self._visit(cond, inner)
            parts = [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]
            for part in parts:
                self._visit(part, inner)
            return
        if isinstance(node, (ast.Global, ast.Nonlocal)):
            if isinstance(node, ast.Global):
                scope.globals_.update(node.names)
            return
        if isinstance(node, ast.Assign):
            for target in node.targets:
                self._assign(scope, target, node.value)
        elif isinstance(node, ast.AnnAssign):
            if isinstance(node.target, ast.Name):
                kind = self._annotation_kind(node.annotation)
                target_scope = self._binding_scope(scope, node.target.id)
                if kind:
                    target_scope.declared[node.target.id] = kind
                if node.value is not None or not kind:
                    self._target(scope, node.target.id, node.value)
            else:
                self._assign(scope, node.target, node.value)
            if node.value is not None:
                self._visit(node.value, scope)
            self._visit_store_subexprs(node.target, scope)
            return
        elif isinstance(node, ast.AugAssign):
            if isinstance(node.target, ast.Name):
                load = ast.Name(id=node.target.id, ctx=ast.Load())
                ast.copy_location(load, node.target)
                self._scope_of[id(load)] = scope
                value = ast.BinOp(left=load, op=node.op, right=node.value)
                ast.copy_location(value, node)
                self._target(scope, node.target.id, value)
            else:
                self._assign(scope, node.target, None)
        elif isinstance(node, ast.NamedExpr):
            self._target(scope, node.target.id, node.value)
            self._visit(node.value, scope)
            return
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
            self._bind_unknown_targets(node.target, scope)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                if item.optional_vars is not None:
                    self._bind_unknown_targets(item.optional_vars, scope)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                if alias.name != "*":
                    self._target(scope, alias.asname or alias.name.split(".")[0], _IMPORT)
            return
        elif isinstance(node, ast.ExceptHandler) and node.name:
            self._target(scope, node.name, None)
        elif isinstance(node, ast.Delete):
            for target in node.targets:
                self._bind_unknown_targets(target, scope)
        elif isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
            self._target(scope, node.name, None)
        elif isinstance(node, ast.MatchMapping) and node.rest:
            self._target(scope, node.rest, None)
        for child in ast.iter_child_nodes(node):
            self._visit(child, scope)

    def _visit_store_subexprs(self, target: ast.expr, scope: _Scope) -> None:
        for child in ast.iter_child_nodes(target):
            self._visit(child, scope)

    def _visit_args_defaults(self, args: ast.arguments, scope: _Scope) -> None:
        for default in [*args.defaults, *(d for d in args.kw_defaults if d is not None)]:
            self._visit(default, scope)

    def _new_scope(self, node: ast.AST, parent: _Scope) -> _Scope:
        scope = _Scope(node, parent)
        self._scopes.append(scope)
        return scope

    def _bind_params(self, args: ast.arguments, scope: _Scope) -> None:
        params = [*args.posonlyargs, *args.args, *args.kwonlyargs]
        for arg in params:
            kind = self._annotation_kind(arg.annotation) if arg.annotation is not None else None
            if kind:
                scope.declared[arg.arg] = kind
            else:
                scope.bind(arg.arg, None)
        for arg in (args.vararg, args.kwarg):
            if arg is not None:
                scope.bind(arg.arg, None)

    def _binding_scope(self, scope: _Scope, name: str) -> _Scope:
        return self._module if name in scope.globals_ else scope

    def _target(self, scope: _Scope, name: str, value: ast.expr | str | None) -> None:
        self._binding_scope(scope, name).bind(name, value)

    def _assign(self, scope: _Scope, target: ast.expr, value: ast.expr | None) -> None:
        if isinstance(target, ast.Name):
            self._target(scope, target.id, value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            values = value.elts if isinstance(value, (ast.Tuple, ast.List)) else None
            if values is not None and len(values) == len(target.elts) and not any(
                isinstance(e, ast.Starred) for e in [*target.elts, *values]
            ):
                for sub_target, sub_value in zip(target.elts, values):
                    self._assign(scope, sub_target, sub_value)
            else:
                self._bind_unknown_targets(target, scope)
        elif isinstance(target, ast.Starred):
            self._bind_unknown_targets(target, scope)
        elif (
            isinstance(target, ast.Attribute)
            and isinstance(target.value, ast.Name)
            and target.value.id == "self"
            and id(scope) in self._class_of_scope
        ):
            cls = self._class_of_scope[id(scope)]
            self._self_attrs.setdefault((id(cls), target.attr), []).append(value)

    def _bind_unknown_targets(self, target: ast.expr, scope: _Scope) -> None:
        for sub in ast.walk(target):
            if isinstance(sub, ast.Name) and not isinstance(sub.ctx, ast.Load):
                self._target(scope, sub.id, None)
            elif isinstance(sub, ast.Attribute) and isinstance(sub.value, ast.Name) and sub.value.id == "self" and id(scope) in self._class_of_scope:
                cls = self._class_of_scope[id(scope)]
                self._self_attrs.setdefault((id(cls), sub.attr), []).append(None)

    def _annotation_kind(self, node: ast.expr) -> str | None:
        """`pd.DataFrame`, `"pd.DataFrame"`, `npt.NDArray[np.float64]` → a kind; `Optional[...]` → None."""
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            try:
                node = ast.parse(node.value, mode="eval").body
            except SyntaxError:
                return None
        if isinstance(node, ast.Subscript):
            node = node.value
        dotted = dotted_name(node)
        if dotted is None:
            return None
        if dotted in self._classes and self._imports.qualify(dotted) is None:
            return self._class_kind(dotted, set())  # `model: Net` where `class Net(nn.Module)` is local
        return _ANNOTATION_KINDS.get(self._imports.qualify(dotted) or "")

    # ---------------------------------------------------------- classes
    def _classify_classes(self) -> None:
        """Local classes that subclass nn.Module (directly or through another local class)."""
        for name in self._classes:
            self._module_classes[name] = self._class_kind(name, set())

    def _class_kind(self, name: str, seen: set[str]) -> str | None:
        if name in self._module_classes:
            return self._module_classes[name]
        cls = self._classes.get(name)
        if cls is None or name in seen:
            return None
        seen.add(name)
        for base in cls.bases:
            dotted = dotted_name(base)
            if dotted is None:
                continue
            qualified = self._imports.qualify(dotted)
            if qualified == "torch.nn.Module":
                return _MODULE_TUPLE if _forward_returns_tuple(cls) else MODULE
            if qualified is None and dotted in self._classes:
                inherited = self._class_kind(dotted, seen)
                if inherited:
                    return _MODULE_TUPLE if _forward_returns_tuple(cls) else inherited
        return None

    # ---------------------------------------------------------- solving
    def _solve(self) -> None:
        """Greatest fixed point: start every name at TOP, let bindings lower it to a kind or None."""
        for scope in self._scopes:
            for name in scope.bindings:
                scope.kinds[name] = scope.declared.get(name, _TOP)
            for name, kind in scope.declared.items():
                scope.kinds[name] = kind
        for key in self._self_attrs:
            self._self_kinds[key] = _TOP
        for _ in range(12):
            changed = False
            for scope in self._scopes:
                for name, values in scope.bindings.items():
                    if name in scope.declared:
                        continue
                    new = _meet(self._binding_kind(v) for v in values)
                    if new != scope.kinds.get(name):
                        scope.kinds[name] = new
                        changed = True
            for key, values in self._self_attrs.items():
                new = _meet(self._binding_kind(v) for v in values)
                if new != self._self_kinds[key]:
                    self._self_kinds[key] = new
                    changed = True
            if not changed:
                break
        for scope in self._scopes:
            for name, kind in scope.kinds.items():
                if kind is _TOP:
                    scope.kinds[name] = None
        for key, kind in self._self_kinds.items():
            if kind is _TOP:
                self._self_kinds[key] = None

    def _binding_kind(self, value: ast.expr | str | None) -> object:
        if value is None or isinstance(value, str):
            return value
        return self._eval(value)

    def _lookup(self, name: str, scope: _Scope | None) -> object:
        """Python's LEGB for the names we track; class bodies are skipped by nested functions."""
        first = True
        while scope is not None:
            if (not scope.is_class or first) and name in scope.kinds:
                return scope.kinds[name]
            first = False
            scope = scope.parent
        return None

    def _scope_at_line(self, line: int) -> _Scope:
        best = self._module
        for scope in self._scopes[1:]:
            node = scope.node
            start, end = getattr(node, "lineno", 0), getattr(node, "end_lineno", 0) or 0
            if start < line <= end and not scope.is_class and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if start >= getattr(best.node, "lineno", 0):
                    best = scope
        return best

    # ---------------------------------------------------------- evaluation
    def _eval(self, node: ast.expr) -> object:
        """Kind of an expression: a kind string, TOP (depends on something not solved yet) or None."""
        if isinstance(node, ast.Name):
            scope = self._scope_of.get(id(node))
            return self._lookup(node.id, scope) if scope is not None else None
        if isinstance(node, ast.Call):
            return self._eval_call(node)
        if isinstance(node, ast.Attribute):
            return self._eval_attribute(node)
        if isinstance(node, ast.Subscript):
            return self._eval_subscript(node)
        if isinstance(node, ast.BinOp):
            return self._eval_binop(node)
        if isinstance(node, ast.UnaryOp):
            inner = self._eval(node.operand)
            if isinstance(node.op, ast.Not):
                return None
            return inner if inner in (SERIES, DATAFRAME, NDARRAY, TENSOR, TF_TENSOR, _TOP) else None
        if isinstance(node, ast.Compare):
            if len(node.ops) != 1 or isinstance(node.ops[0], (ast.Is, ast.IsNot, ast.In, ast.NotIn)):
                return None
            return self._combine(self._operand(node.left), self._operand(node.comparators[0]))
        if isinstance(node, ast.NamedExpr):
            return self._eval(node.value)
        if isinstance(node, ast.Await):
            return None
        return None

    def _qualified(self, func: ast.expr) -> str | None:
        dotted = dotted_name(func)
        return self._imports.qualify(dotted) if dotted else None

    def _eval_call(self, node: ast.Call) -> object:
        func = node.func
        qualified = self._qualified(func)
        if qualified is not None and not self._shadowed(func):
            kind = self._call_kind(qualified, node)
            if kind is not None:
                return kind
        if isinstance(func, ast.Name) and func.id in self._returns and self._lookup(func.id, self._scope_of.get(id(func))) is None:
            return self._returns[func.id]
        if isinstance(func, ast.Attribute):
            callee = self._eval_attribute(func)
            if callee in (MODULE, _TOP):
                return TENSOR if callee == MODULE else _TOP
            receiver = self._eval(func.value)
            if receiver is _TOP:
                return _TOP
            if isinstance(receiver, str):
                return self._method_kind(receiver, func.attr, node)
            return None
        callee = self._eval(func)
        if callee is _TOP:
            return _TOP
        if callee in (MODULE,):
            return TENSOR
        if isinstance(callee, str) and callee.startswith(_CLASS):
            cls_kind = self._module_classes.get(callee[len(_CLASS):])
            if cls_kind == MODULE:
                return MODULE
            if cls_kind == _MODULE_TUPLE:
                return _MODULE_TUPLE
        return None

    def _shadowed(self, func: ast.expr) -> bool:
        """`pd` rebound locally (a parameter called `np`, say) is not the import any more."""
        head = func
        while isinstance(head, ast.Attribute):
            head = head.value
        if not isinstance(head, ast.Name):
            return True
        scope = self._scope_of.get(id(head))
        while scope is not None:
            values = scope.bindings.get(head.id)
            if values is not None:
                return any(v != _IMPORT for v in values)
            scope = scope.parent
        return False

    def _call_kind(self, qualified: str, node: ast.Call) -> str | None:
        module, _, rest = qualified.partition(".")
        if module == "pandas":
            if rest in _PANDAS_FRAME_FUNCS:
                return DATAFRAME
            if rest in _PANDAS_SERIES_FUNCS:
                return SERIES
            if rest in _PANDAS_INDEX_FUNCS:
                return INDEX
        elif module == "numpy":
            if rest == "where":
                return NDARRAY if len(node.args) == 3 else None
            if rest in _NUMPY_FUNCS:
                return NDARRAY
        elif module == "torch":
            if rest in ("where",) and len(node.args) != 3:
                return None
            if rest in ("max", "min", "sort", "topk", "chunk", "split", "unbind"):
                return None
            if rest in _TORCH_FUNCS:
                return TENSOR
            if rest in ("nn.Parameter", "nn.parameter.Parameter"):
                return TENSOR
            head, _, name = rest.rpartition(".")
            if head == "nn" and name[:1].isupper():
                return _MODULE_TUPLE if name in _TORCH_TUPLE_MODULES else MODULE
            if head == "optim" and name in _TORCH_OPTIMIZERS:
                return OPTIMIZER
        elif module == "tensorflow":
            if rest in _TF_FUNCS:
                return TF_TENSOR
        return None

    def _method_kind(self, receiver: str, method: str, node: ast.Call) -> object:
        inplace = _inplace(node)
        if receiver == DATAFRAME:
            if method in _FRAME_TO_FRAME:
                return None if inplace else DATAFRAME
            if method in _FRAME_TO_SERIES:
                return None if _axis_none(node) else SERIES
            if method in _TO_NDARRAY:
                return NDARRAY
            if method == "groupby":
                return _FRAME_GROUPBY
            if method in ("rolling", "expanding", "ewm", "resample"):
                return _FRAME_WINDOW
        elif receiver == SERIES:
            if method == "reset_index":
                return None if inplace else (SERIES if _kwarg_true(node, "drop") else DATAFRAME)
            if method in _SERIES_TO_SERIES:
                return None if inplace else SERIES
            if method in _SERIES_TO_FRAME:
                return DATAFRAME
            if method in _TO_NDARRAY or method == "unique":
                return NDARRAY
            if method == "groupby":
                return _SERIES_GROUPBY
            if method in ("rolling", "expanding", "ewm", "resample"):
                return _SERIES_WINDOW
        elif receiver == _SERIES_STR:
            if method in ("split", "extract", "extractall", "get_dummies", "partition", "rpartition"):
                return None
            return SERIES
        elif receiver == INDEX:
            if method in _INDEX_TO_INDEX:
                return INDEX
            if method in _TO_NDARRAY:
                return NDARRAY
        elif receiver == _FRAME_GROUPBY:
            if method == "size":
                return SERIES
            if method in _GROUPBY_AGG:
                return DATAFRAME
        elif receiver == _SERIES_GROUPBY:
            if method in _GROUPBY_AGG or method == "size":
                return SERIES
        elif receiver in (_FRAME_WINDOW, _SERIES_WINDOW):
            if method in _WINDOW_AGG:
                return DATAFRAME if receiver == _FRAME_WINDOW else SERIES
        elif receiver == NDARRAY:
            if method == "view" and (node.args or node.keywords):
                return None  # `a.view(np.matrix)`, `a.view(type=...)`: the class may change
            if method in _NDARRAY_TO_NDARRAY:
                return NDARRAY
            if method in _NDARRAY_REDUCE and any(k.arg == "axis" and not _is_none(k.value) for k in node.keywords):
                return NDARRAY
        elif receiver == TENSOR:
            if method in ("max", "min", "sort", "topk", "chunk", "split", "unbind", "size", "item", "tolist"):
                return TENSOR if method in ("max", "min") and not node.args and not node.keywords else None
            if method == "numpy":
                return NDARRAY
            if method in _TENSOR_TO_TENSOR:
                return TENSOR
        elif receiver in (MODULE, _MODULE_TUPLE):
            if method in _MODULE_TO_MODULE:
                return receiver
            if method == "forward":
                return TENSOR if receiver == MODULE else None
        elif receiver == TF_TENSOR:
            if method == "numpy":
                return NDARRAY
        return None

    def _eval_attribute(self, node: ast.Attribute) -> object:
        if isinstance(node.value, ast.Name) and node.value.id == "self":
            scope = self._scope_of.get(id(node.value))
            cls = self._class_of_scope.get(id(scope)) if scope is not None else None
            if cls is not None and self._lookup("self", scope) is None:
                return self._self_kinds.get((id(cls), node.attr))
        receiver = self._eval(node.value)
        if receiver is _TOP:
            return _TOP
        attr = node.attr
        if receiver == DATAFRAME:
            if attr == "T":
                return DATAFRAME
            if attr in ("columns", "index"):
                return INDEX
            if attr == "values":
                return NDARRAY
            if attr in ("loc", "iloc"):
                return _FRAME_LOC if attr == "loc" else _FRAME_ILOC
            if attr == "dtypes":
                return SERIES
        elif receiver == SERIES:
            if attr == "index":
                return INDEX
            if attr == "values":
                return NDARRAY
            if attr in ("loc", "iloc"):
                return _SERIES_LOC
            if attr == "str":
                return _SERIES_STR
            if attr == "dt":
                return _SERIES_STR  # like .str: its methods and attributes give Series
            if attr == "T":
                return SERIES
        elif receiver == _SERIES_STR:
            return SERIES
        elif receiver == INDEX:
            if attr == "values":
                return NDARRAY
        elif receiver == NDARRAY:
            if attr == "T":
                return NDARRAY
        elif receiver == TENSOR:
            if attr in _TENSOR_ATTRS:
                return TENSOR
        elif receiver == _FRAME_GROUPBY:
            return None
        return None

    def _eval_subscript(self, node: ast.Subscript) -> object:
        receiver = self._eval(node.value)
        if receiver is _TOP:
            return _TOP
        key = node.slice
        if receiver == DATAFRAME:
            return self._frame_getitem(key)
        if receiver == _FRAME_LOC or receiver == _FRAME_ILOC:
            return self._frame_loc(key)
        if receiver == SERIES or receiver == _SERIES_LOC:
            return SERIES if self._is_multi(key) else None
        if receiver == _FRAME_GROUPBY:
            if isinstance(key, ast.List):
                return _FRAME_GROUPBY
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                return _SERIES_GROUPBY
            return None
        if receiver == NDARRAY:
            parts = key.elts if isinstance(key, ast.Tuple) else [key]
            if any(isinstance(p, ast.Slice) for p in parts) or self._eval(key) == NDARRAY:
                return NDARRAY
            return None
        if receiver == TENSOR:
            return TENSOR
        if receiver == TF_TENSOR:
            return TF_TENSOR
        if receiver == INDEX:
            return INDEX if self._is_multi(key) else None
        return None

    def _frame_getitem(self, key: ast.expr) -> object:
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            return SERIES
        if isinstance(key, (ast.List, ast.Slice)):
            return DATAFRAME
        kind = self._eval(key)
        if kind is _TOP:
            return _TOP
        if kind == SERIES:  # a boolean mask
            return DATAFRAME
        if kind == DATAFRAME:  # df[df > 0]
            return DATAFRAME
        return None

    def _frame_loc(self, key: ast.expr) -> object:
        if isinstance(key, ast.Tuple) and len(key.elts) == 2:
            rows, cols = key.elts
            rows_multi, cols_multi = self._is_multi(rows), self._is_multi(cols)
            if rows_multi and cols_multi:
                return DATAFRAME
            if rows_multi != cols_multi and _is_scalar_key(cols if rows_multi else rows):
                return SERIES
            return None
        if self._is_multi(key):
            return DATAFRAME
        if _is_scalar_key(key):
            return SERIES
        return None

    def _is_multi(self, key: ast.expr) -> bool:
        """A key that selects several rows/columns: a slice, a list, or a boolean Series/array mask."""
        if isinstance(key, (ast.Slice, ast.List)):
            return True
        return self._eval(key) in (SERIES, NDARRAY, INDEX)

    def _eval_binop(self, node: ast.BinOp) -> object:
        return self._combine(self._operand(node.left), self._operand(node.right), node)

    def _operand(self, node: ast.expr) -> object:
        """Like `_eval`, but `df.col` in arithmetic or a comparison is a column (a method would raise)."""
        kind = self._eval(node)
        if kind is None and isinstance(node, ast.Attribute) and not node.attr.startswith("_"):
            if node.attr not in _FRAME_NON_COLUMNS and self._eval(node.value) == DATAFRAME:
                return SERIES
        return kind

    def _combine(self, left: object, right: object, node: ast.AST | None = None) -> object:
        """Arithmetic and comparisons: the array-like side wins over scalars; two different kinds → None."""
        if left is _TOP or right is _TOP:
            return _TOP
        arrays = (DATAFRAME, SERIES, NDARRAY, TENSOR, TF_TENSOR)
        lk = left if left in arrays else None
        rk = right if right in arrays else None
        if lk and rk:
            if lk == rk:
                return lk
            if {lk, rk} == {DATAFRAME, SERIES}:
                return DATAFRAME
            if NDARRAY in (lk, rk) and (SERIES in (lk, rk) or DATAFRAME in (lk, rk)):
                return lk if lk != NDARRAY else rk
            return None
        known = lk or rk
        if known is None:
            return None
        other = node.right if isinstance(node, ast.BinOp) and lk else node.left if isinstance(node, ast.BinOp) else None
        # the other side is a number, a name we know nothing about, or an expression: only numbers and
        # names of unknown kind are accepted as scalars; lists/dicts/strings make the result unknown
        if other is not None and isinstance(other, (ast.List, ast.Dict, ast.Set, ast.Tuple, ast.JoinedStr)):
            return None
        if other is not None and isinstance(other, ast.Constant) and isinstance(other.value, str):
            return None
        return known


def _meet(kinds: Iterator[object]) -> object:
    result: object = _TOP
    for kind in kinds:
        if kind is _TOP:
            continue
        if kind is None:
            return None
        if result is _TOP:
            result = kind
        elif result != kind:
            return None
    return result


def _inplace(node: ast.Call) -> bool:
    return _kwarg_true(node, "inplace")


def _kwarg_true(node: ast.Call, name: str) -> bool:
    for kw in node.keywords:
        if kw.arg == name:
            return not (isinstance(kw.value, ast.Constant) and not kw.value.value)
    return False


def _axis_none(node: ast.Call) -> bool:
    return any(kw.arg == "axis" and _is_none(kw.value) for kw in node.keywords)


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _is_scalar_key(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, (str, int))


def _forward_returns_tuple(cls: ast.ClassDef) -> bool:
    for stmt in cls.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name == "forward":
            return any(
                isinstance(n, ast.Return) and isinstance(n.value, ast.Tuple) for n in ast.walk(stmt)
            )
    return False


def infer_kinds(tree: ast.Module, imports: ImportMap) -> KindMap:
    """Infer what the names of `tree` hold; see `KindMap.kind_of`."""
    return KindMap(tree, imports)
