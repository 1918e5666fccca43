"""The one table of library API facts: what pandas, numpy, torch and tensorflow calls return, which
members a class has, which names are the public spelling of a class, which calls detach a tensor.

The compiler (which symbols a note's code uses), the kind inference (`analysis.kinds`), the hover's
symbol resolution and the rules all read these facts from here, so a fact is written once and they
cannot disagree. Everything is data plus a few small lookup functions; nothing imports the libraries.

Kinds are strings. A kind is the canonical public name of the class of a value (`pandas.DataFrame`,
`torch.nn.Linear`, `pandas.Series.str` for the string accessor), optionally with one parameter in
brackets when the same class gives different results depending on where it came from:
`pandas.core.window.rolling.Rolling[pandas.Series]` is a rolling window over a Series, whose `mean()`
is a Series. `name_of(kind)` drops the parameter: that is the name hover and the compiler use.
Every library class belongs to a *family* (`torch.nn.Linear` → `torch.nn.Module`,
`torch.optim.SGD` → `torch.optim.Optimizer`); members not listed for a class are looked up on its family.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import Path

from notesense.analysis import public_api
from notesense.analysis.imports import FRAME_NAME, PROVIDED_BY, PYTHON2_MODULES

# --------------------------------------------------------------------------------------------- kinds
DATAFRAME = "pandas.DataFrame"
SERIES = "pandas.Series"
INDEX = "pandas.Index"
NDARRAY = "numpy.ndarray"
TENSOR = "torch.Tensor"
MODULE = "torch.nn.Module"
OPTIMIZER = "torch.optim.Optimizer"
LR_SCHEDULER = "torch.optim.lr_scheduler.LRScheduler"
DATASET = "torch.utils.data.Dataset"
DATALOADER = "torch.utils.data.DataLoader"
SUMMARY_WRITER = "torch.utils.tensorboard.SummaryWriter"
FIGURE = "matplotlib.figure.Figure"
AXES = "matplotlib.axes.Axes"
AXES_3D = "mpl_toolkits.mplot3d.axes3d.Axes3D"  # what `projection="3d"` makes
TF_TENSOR = "tensorflow.Tensor"
TF_DATASET = "tensorflow.data.Dataset"

FRAME_GROUPBY = "pandas.core.groupby.DataFrameGroupBy"
SERIES_GROUPBY = "pandas.core.groupby.SeriesGroupBy"
RESAMPLER = "pandas.core.resample.Resampler"
ROLLING = "pandas.core.window.rolling.Rolling"
EXPANDING = "pandas.core.window.expanding.Expanding"
EWM = "pandas.core.window.ewm.ExponentialMovingWindow"
STR_ACCESSOR = "pandas.Series.str"
DT_ACCESSOR = "pandas.Series.dt"
CAT_ACCESSOR = "pandas.Series.cat"
INDEX_STR = "pandas.Index.str"
# `df.plot` / `s.plot`: one accessor class for both, whose methods (`df.plot.scatter`) each draw one kind of chart
PLOT_ACCESSOR = "pandas.plotting.PlotAccessor"
# `df.style`: the frame shown as a styled table, each of whose methods (`highlight_max`, `background_gradient`)
# gives the Styler back
STYLER = "pandas.io.formats.style.Styler"
# the charts `df.plot(kind=…)` draws, each the accessor's method so named: `df.plot(kind="area")` is `df.plot.area()`
PLOT_KINDS = frozenset("line bar barh hist box kde density area pie scatter hexbin".split())
# the kinds of chart a heading names in words, and the functions of the plotting libraries that draw each
# (first match wins: "水平条形图" is barh's before it is a bar chart)
_CHART_KINDS: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = tuple((re.compile(words, re.IGNORECASE), frozenset(drawn.split())) for words, drawn in (
    (r"水平(?:条形|柱状|柱形)图|horizontal\s+bar", "barh"),
    (r"条形图|柱状图|柱形图|bar\s*(?:chart|plot|graph)s?", "bar barh barplot countplot"),
    (r"散点图|scatter\s*(?:plot|chart|graph)s?", "scatter scatterplot"),
    (r"折线图|曲线图|line\s*(?:chart|plot|graph)s?", "plot lineplot"),
    (r"饼图|饼状图|pie\s*(?:chart|plot)s?", "pie"),
    (r"直方图|histograms?", "hist histplot"),
    (r"箱线图|箱型图|箱形图|盒须图|box\s*(?:plot|chart)s?|boxplots?", "boxplot"),
    (r"热力图|热图|heat\s*maps?", "heatmap imshow"),
    (r"小提琴图|violin\s*plots?", "violinplot"),
    (r"等高线图|contour\s*(?:plot|map)s?", "contour contourf"),
    (r"面积图|堆叠图|area\s*(?:chart|plot)s?", "stackplot fill_between"),
    (r"极坐标图|polar\s*(?:plot|chart)s?", "polar"),
))
_PLOTTING = ("matplotlib.", "seaborn.", "pandas.", "plotly.")


def charted(heading: str, symbols: Iterable[str]) -> list[str]:
    """Of `symbols`, the plotting functions that draw the kind of chart `heading` names in words
    ("垂直条形图" over `plt.bar(...)`, "Scatter plots" over `ax.scatter(...)`)."""
    drawn = _chart_named(heading)
    return [s for s in symbols if s.startswith(_PLOTTING) and s.rpartition(".")[2] in drawn] if drawn else []


@functools.lru_cache(maxsize=4096)  # a hover's ranking asks it of every note title its records stand under
def _chart_named(heading: str) -> frozenset[str] | None:
    return next((names for words, names in _CHART_KINDS if words.search(heading)), None)


# `df.loc` and friends: what the indexer object is; its `[...]` gives rows/columns of the owner
FRAME_INDEXERS = {name: f"{DATAFRAME}.{name}" for name in ("loc", "iloc", "at", "iat")}
SERIES_INDEXERS = {name: f"{SERIES}.{name}" for name in ("loc", "iloc", "at", "iat")}

PANDAS_DATA = frozenset({DATAFRAME, SERIES})
SPLIT_KINDS = frozenset({DATAFRAME, SERIES, NDARRAY})  # what a splitter gives back as it was given (its rows)
ARRAY_LIKE = frozenset({DATAFRAME, SERIES, NDARRAY, TENSOR, TF_TENSOR})


def generic(kind: str, parameter: str) -> str:
    """`Rolling` over a Series: `pandas.core.window.rolling.Rolling[pandas.Series]`."""
    return f"{kind}[{parameter}]"


def plot_kind(function: str, kind: object) -> str | None:
    """The accessor's method that draws what `function(kind=kind)` draws (`pandas.DataFrame.plot` with
    `kind="area"`: `PlotAccessor.area`), so that a note's `df.plot(kind="area")` explains `df.plot.area()`."""
    if function not in (f"{DATAFRAME}.plot", f"{SERIES}.plot") or not isinstance(kind, str) or kind not in PLOT_KINDS:
        return None
    return f"{PLOT_ACCESSOR}.{kind}"


def name_of(kind: str) -> str:
    """The public class name of a kind, without its parameter."""
    return kind.split("[", 1)[0]


def parameter_of(kind: str) -> str | None:
    head, sep, rest = kind.partition("[")
    return rest[:-1] if sep else None


# ------------------------------------------------------------------------------------- families
_FAMILY: dict[str, str] = {}
TUPLE_MODULES = frozenset(f"torch.nn.{n}" for n in "LSTM GRU RNN MultiheadAttention".split())
OPTIMIZERS = frozenset(
    f"torch.optim.{n}"
    for n in "SGD Adam AdamW Adamax Adagrad Adadelta RMSprop Rprop ASGD LBFGS NAdam RAdam SparseAdam Adafactor Muon".split()
)
LR_SCHEDULERS = frozenset(
    f"torch.optim.lr_scheduler.{n}"
    for n in (
        "LambdaLR MultiplicativeLR StepLR MultiStepLR ConstantLR LinearLR ExponentialLR SequentialLR "
        "CosineAnnealingLR ChainedScheduler ReduceLROnPlateau CyclicLR CosineAnnealingWarmRestarts "
        "OneCycleLR PolynomialLR LRScheduler _LRScheduler"
    ).split()
)
DATASETS = frozenset(
    f"torch.utils.data.{n}"
    for n in "Dataset TensorDataset Subset ConcatDataset IterableDataset ChainDataset StackDataset".split()
)
for _name in OPTIMIZERS:
    _FAMILY[_name] = OPTIMIZER
for _name in LR_SCHEDULERS:
    _FAMILY[_name] = LR_SCHEDULER
for _name in DATASETS:
    _FAMILY[_name] = DATASET
# what wraps a model to train it on several devices: an nn.Module whose `.module` is the model it wraps
# (`model.module.state_dict()` saves the model without the wrapper)
MODEL_WRAPPERS = frozenset(n.rpartition(".")[0] for n in public_api.RUN_TIME_MEMBERS if n.endswith(".module"))
for _name in MODEL_WRAPPERS:
    _FAMILY[_name] = MODULE
# matplotlib's colormaps: the built-in ones are values of `matplotlib.cm` (`cm.jet`), and the two
# kinds of colormap a note makes have their members from `Colormap` (`cmap.set_under`)
COLORMAP = "matplotlib.colors.Colormap"
COLORBAR = "matplotlib.colorbar.Colorbar"
_FAMILY["matplotlib.colors.ListedColormap"] = _FAMILY["matplotlib.colors.LinearSegmentedColormap"] = COLORMAP
# Beautiful Soup: the parsed document is itself a Tag, and every tag found in it one; their members are
# spelt on `Tag`, so `soup.find_all(...)` in a note and `div.find_all(...)` in a file meet
TAG = "bs4.element.Tag"
SOUP = "bs4.BeautifulSoup"
_FAMILY[TAG] = _FAMILY[SOUP] = TAG
_NOT_MODULES = frozenset({"torch.nn.Parameter", "torch.nn.Buffer", "torch.nn.UninitializedParameter"})
# Hugging Face: every tokenizer (`AutoTokenizer.from_pretrained(…)`, `BertTokenizerFast(…)`) has its
# methods from one base, and every PyTorch model its own from `PreTrainedModel` (the rest from torch's
# Module): they are spelt there, so a note's `BertTokenizer` and a file's `AutoTokenizer` meet on `encode`
HF_TOKENIZER = "transformers.PreTrainedTokenizerBase"
HF_MODEL = "transformers.PreTrainedModel"
BATCH_ENCODING = "transformers.BatchEncoding"  # what a tokenizer's call gives (`enc.word_ids()`)
_HF_TOKENIZER_CLASS = re.compile(r"transformers\.\w*Tokenizer(?:Fast)?")
# (TensorFlow's and Flax's models are Keras' and JAX's; a data collator `…For…` is no model)
_HF_MODEL_CLASS = re.compile(r"transformers\.(?!TF|Flax|DataCollator)(?:AutoModel\w*|\w+(?:Model|For[A-Z]\w*))")
# a PEFT model (`get_peft_model(model, LoraConfig(...))`) wraps a model and answers for it (`peft_model.generate`),
# besides the members of its own that manage the adapters
PEFT_MODEL = "peft.PeftModel"
_PEFT_OWN = frozenset((
    "print_trainable_parameters merge_and_unload unload get_base_model disable_adapter add_adapter set_adapter "
    "delete_adapter load_adapter get_nb_trainable_parameters active_adapter peft_config save_pretrained from_pretrained"
).split())
_FAMILY[PEFT_MODEL] = HF_MODEL


def family(kind: str) -> str:
    """The family a kind belongs to: `torch.nn.Linear` → `torch.nn.Module`, `transformers.BertTokenizer`
    → `transformers.PreTrainedTokenizerBase`; a kind is its own family when it has none."""
    name = name_of(kind)
    if name in _FAMILY:
        return _FAMILY[name]
    if _is_nn_class(name):
        return MODULE
    if name.startswith("transformers."):
        return HF_TOKENIZER if _HF_TOKENIZER_CLASS.fullmatch(name) else HF_MODEL if _HF_MODEL_CLASS.fullmatch(name) else kind
    return kind


def _is_nn_class(name: str) -> bool:
    head, _, cls = name.rpartition(".")
    return head == "torch.nn" and cls[:1].isupper() and name not in _NOT_MODULES


# --------------------------------------------------------------------- public spellings of names
# Defining paths (what jedi reports, what a note may write) → the public name everyone else uses.
_PUBLIC_PREFIXES: tuple[tuple[str, str], ...] = (
    ("pandas.core.frame.DataFrame", DATAFRAME),
    ("pandas.core.series.Series", SERIES),
    ("pandas.core.generic.NDFrame", DATAFRAME),
    ("pandas.core.indexes.base.Index", INDEX),
    ("pandas.core.groupby.generic.DataFrameGroupBy", FRAME_GROUPBY),
    ("pandas.core.groupby.generic.SeriesGroupBy", SERIES_GROUPBY),
    ("pandas.core.groupby.groupby.GroupBy", FRAME_GROUPBY),
    ("pandas.api.typing.DataFrameGroupBy", FRAME_GROUPBY),
    ("pandas.api.typing.SeriesGroupBy", SERIES_GROUPBY),
    ("pandas.api.typing.Resampler", RESAMPLER),
    ("pandas.api.typing.Rolling", ROLLING),
    ("pandas.api.typing.Expanding", EXPANDING),
    ("pandas.api.typing.ExponentialMovingWindow", EWM),
    ("pandas.core.strings.accessor.StringMethods", STR_ACCESSOR),
    ("pandas.core.indexes.accessors.CombinedDatetimelikeProperties", DT_ACCESSOR),
    ("pandas.core.indexes.accessors.DatetimeProperties", DT_ACCESSOR),
    ("pandas.core.arrays.categorical.CategoricalAccessor", CAT_ACCESSOR),
    ("pandas.plotting._core.PlotAccessor", PLOT_ACCESSOR),
    ("torch._tensor.Tensor", TENSOR),
    ("torch._C.TensorBase", TENSOR),
    ("torch._C._TensorBase", TENSOR),
    ("torch.nn.modules.module.Module", MODULE),
    ("torch.optim.optimizer.Optimizer", OPTIMIZER),
    ("torch.utils.data.dataloader.DataLoader", DATALOADER),
    ("torch.utils.data.dataset.Dataset", DATASET),
    ("torch.utils.tensorboard.writer.SummaryWriter", SUMMARY_WRITER),
    # torch's writer is tensorboardX's, ported: notes import either (`from tensorboardX import SummaryWriter`)
    ("tensorboardX.SummaryWriter", SUMMARY_WRITER),
    ("tensorboardX.writer.SummaryWriter", SUMMARY_WRITER),
    ("torch.nn.parameter.Parameter", "torch.nn.Parameter"),
    # packages scikit-learn once shipped inside itself (removed in 0.23): older notes import them from there
    ("sklearn.externals.joblib", "joblib"),
    ("sklearn.externals.six", "six"),
    # Keras is one package under two spellings: Keras 3's own `keras` and TensorFlow's `tf.keras`
    # (older TensorFlow: `tensorflow.python.keras`); notes and files that spell it either way meet
    ("tensorflow.keras", "keras"),
    ("tensorflow.python.keras", "keras"),
    ("tf_keras", "keras"),
    # `from pylab import mpl` (how Chinese notes set a font: `mpl.rcParams['font.sans-serif'] = ['SimHei']`):
    # pylab hands on matplotlib itself and pyplot under their usual short names
    ("matplotlib.pylab.mpl", "matplotlib"),
    ("matplotlib.pylab.plt", "matplotlib.pyplot"),
    ("pylab.mpl", "matplotlib"),
    ("pylab.plt", "matplotlib.pyplot"),
    ("matplotlib.pyplot.cm", "matplotlib.cm"),  # `plt.cm.viridis` is `cm.viridis`
    *PYTHON2_MODULES.items(),  # Python 2 modules a note imports by their old names (`import cPickle as pickle`)
    *((made, name) for name, made in public_api.MADE_BY.items()),  # `multiprocessing.pool.Pool` is `Pool()`'s
    # typing's new forms, backported: `from typing_extensions import TypeIs` where Python is older
    ("typing_extensions", "typing"),
    ("pathlib.PosixPath", "pathlib.Path"),  # what `Path(...)` makes on each system
    ("pathlib.WindowsPath", "pathlib.Path"),
    ("_io.TextIOWrapper", "io.TextIOWrapper"),
    ("io._TextIOBase", "io.TextIOWrapper"),  # where jedi finds a text file's `read`, `readlines`
)
# a member a concrete path inherits from the pure path classes: spelt on `Path`, as the user's `p.suffix` is
_PURE_PATH_MEMBER = re.compile(r"^pathlib\.Pure(?:Posix|Windows)?Path\.(?=[a-z])")
_NN_MODULE_PATH = re.compile(r"^torch\.nn\.modules\.\w+\.([A-Z]\w*)")
_OPTIM_PATH = re.compile(r"^torch\.optim\.(?!lr_scheduler\b)[a-z_]\w*\.([A-Z]\w*)")
_DATA_PATH = re.compile(r"^torch\.utils\.data\.(?:dataset|dataloader|sampler)\.([A-Z]\w*)")


_KERAS_SRC_CLASS = re.compile(r"^keras\.src\.(\w+)\.(?:[a-z_]\w*\.)*([A-Z]\w*)")
_KERAS_SRC_FUNCTION = re.compile(r"^keras\.src\.(\w+)\.[a-z_]\w*\.([a-z_]\w*)$")
_KERAS_TOP = frozenset({"Model", "Sequential", "Input", "Functional"})  # `keras.Model`, not under a package


KERAS_MODEL = "keras.Model"
# What every Keras model has from `keras.Model` (a Sequential's `fit` is Model's `fit`), so a note on
# `model.fit` over a Sequential and a file that fits a functional Model meet
_KERAS_MODEL_METHODS = frozenset(
    "compile fit evaluate predict summary save save_weights load_weights train_on_batch test_on_batch "
    "predict_on_batch fit_generator evaluate_generator predict_generator get_layer to_json get_config "
    "get_weights set_weights count_params export".split()
)
_KERAS_MODEL_ALIAS = re.compile(r"^keras\.(?:models\.|engine\.(?:training|sequential|functional)\.)?(Model|Sequential|Functional)\b")


def _keras_model(name: str) -> str:
    """`keras.models.Sequential.fit` → `keras.Model.fit`; `keras.models.Model` → `keras.Model`."""
    if not (m := _KERAS_MODEL_ALIAS.match(name)):
        return name
    rest = name[m.end():]
    if m[1] != "Model" and rest[1:] in _KERAS_MODEL_METHODS:
        return KERAS_MODEL + rest
    return f"keras.{m[1]}{rest}"


def _keras_public(name: str) -> str:
    """Where Keras defines a name (`keras.src.layers.core.dense.Dense`, what jedi reports) → where it
    exports it (`keras.layers.Dense`): a class under its package (`keras.Model` and `keras.Sequential`
    at the top, Keras 2's `engine` classes under `layers`), a function of a package's module under the
    package (`keras.src.ops.numpy.mean` → `keras.ops.mean`; a dataset's `load_data` keeps its module:
    `keras.datasets.mnist.load_data`). Keras 3's trainers (`keras.src.trainers.trainer.Trainer.fit`,
    `…backend.tensorflow.trainer.TensorFlowTrainer.fit`) are exported as `keras.Model`'s methods."""
    if m := _KERAS_SRC_CLASS.match(name):
        package, cls = m[1], m[2]
        if package in ("trainers", "backend") and cls.endswith("Trainer"):
            cls, package = "Model", "models"  # Keras 3 defines `fit`/`evaluate` on Model's base, the trainer
        home = "keras" if cls in _KERAS_TOP and package in ("models", "engine") else \
            "keras.layers" if package == "engine" else f"keras.{package}"
        return f"{home}.{cls}{name[m.end():]}"
    if m := _KERAS_SRC_FUNCTION.match(name):
        return "keras." + name[len("keras.src."):] if m[1] == "datasets" else f"keras.{m[1]}.{m[2]}"
    return name


def may_be_real(name: str) -> bool:
    """Whether `name` may be real API: the API table lists it, as written or under a spelling
    `public_name` maps to it, or lists nothing for its class to say it is not
    (`pandas.core.groupby.DataFrameGroupBy.sum`: the table has no members of `pandas.api.typing.DataFrameGroupBy`);
    `pandas.DataFrame.fillnaa` is not (the frame's members are all listed)."""
    return public_api.is_public(name) or any(
        public_api.canonical(path + name[len(public):]) is not None
        for path, public in _PUBLIC_PREFIXES if name.startswith(f"{public}."))


@functools.lru_cache(maxsize=8192)  # a pure function of the name, asked for every reference
def public_name(name: str) -> str:
    """The public spelling of a dotted name: `pandas.core.frame.DataFrame.fillna` →
    `pandas.DataFrame.fillna`, `torch.nn.modules.linear.Linear` → `torch.nn.Linear`,
    `pandas.api.typing.DataFrameGroupBy.agg` → `pandas.core.groupby.DataFrameGroupBy.agg`,
    `tensorflow.keras.layers.Dense` → `keras.layers.Dense`, `pathlib.PurePath.suffix` →
    `pathlib.Path.suffix`."""
    if name in _BUILTIN_ITSELF:
        return _BUILTIN_ITSELF[name]
    if name in _DEPRECATED_SPELLINGS:
        return _DEPRECATED_SPELLINGS[name]
    for path, public in _PUBLIC_PREFIXES:
        if name == path or name.startswith(path + "."):
            name = public + name[len(path):]
            return _keras_model(_keras_public(name) if name.startswith("keras.src.") else name)
    if name.startswith("keras."):
        return _keras_model(_keras_public(name) if name.startswith("keras.src.") else name)
    if name.startswith("pathlib.Pure") and (m := _PURE_PATH_MEMBER.match(name)):
        return "pathlib.Path." + name[m.end():]
    for pattern, prefix in ((_NN_MODULE_PATH, "torch.nn."), (_OPTIM_PATH, "torch.optim."), (_DATA_PATH, "torch.utils.data.")):
        if m := pattern.match(name):
            return prefix + m[1] + name[m.end():]
    return name


# a module's function that is the builtin itself (`io.open is open`): a note's `open()` in a note on
# files, whose code reads with io's classes, is the builtin a user's `open(...)` calls
_BUILTIN_ITSELF = {"io.open": "open"}
# functions a library still answers to under the name it gave them first, warning that they call the new
# one (torch 0.4 renamed its in-place initialisers `init.xavier_uniform` → `init.xavier_uniform_`): notes of
# that time explain the function a user's code calls by the new name
_DEPRECATED_SPELLINGS = {
    **{f"torch.nn.init.{name}": f"torch.nn.init.{name}_" for name in
       "uniform normal constant xavier_uniform xavier_normal kaiming_uniform kaiming_normal".split()},
    "torch.nn.utils.clip_grad_norm": "torch.nn.utils.clip_grad_norm_",
}


# ------------------------------------------------------------------------ calls: what they return
def _names(prefix: str, names: str) -> frozenset[str]:
    return frozenset(f"{prefix}.{n}" for n in names.split())


_FUNCTIONS: dict[str, str] = {}


def _returns(result: str, names: frozenset[str]) -> None:
    for name in names:
        _FUNCTIONS[name] = result


_returns(DATAFRAME, _names("pandas", (
    "read_csv read_excel read_parquet read_json read_table read_sql read_sql_query read_sql_table "
    "read_feather read_pickle read_hdf read_orc read_stata read_sas read_spss read_fwf read_clipboard "
    "DataFrame concat merge merge_asof merge_ordered pivot pivot_table crosstab get_dummies json_normalize "
    "DataFrame.from_dict DataFrame.from_records"
)))
_returns(SERIES, _names("pandas", "Series"))
# frames other libraries' loaders hand over: `web.DataReader("AAPL", "stooq")`, `yf.download("AAPL")`
_returns(DATAFRAME, _names("pandas_datareader", (
    "DataReader data.DataReader get_data_fred data.get_data_fred get_data_yahoo data.get_data_yahoo "
    "get_data_stooq data.get_data_stooq get_data_famafrench data.get_data_famafrench "
    "get_data_tiingo data.get_data_tiingo get_data_quandl data.get_data_quandl wb.download"
)) | _names("yfinance", "download"))
# scikit-learn's toy and downloaded datasets: a Bunch of arrays (`iris = load_iris(); iris.data`)
BUNCH = "sklearn.utils.Bunch"
_DATASET_LOADERS = _names("sklearn.datasets", (
    "load_iris load_digits load_wine load_breast_cancer load_diabetes load_linnerud load_boston load_files "
    "fetch_california_housing fetch_openml fetch_20newsgroups fetch_20newsgroups_vectorized fetch_olivetti_faces "
    "fetch_lfw_people fetch_lfw_pairs fetch_covtype fetch_kddcup99 fetch_rcv1 fetch_species_distributions"
))
_returns(BUNCH, _DATASET_LOADERS)
# scikit-learn's shorthand constructors: `make_pipeline(StandardScaler(), LogisticRegression())` is a Pipeline
_returns("sklearn.pipeline.Pipeline", frozenset({"sklearn.pipeline.make_pipeline"}))
_returns("sklearn.pipeline.FeatureUnion", frozenset({"sklearn.pipeline.make_union"}))
_returns("sklearn.compose.ColumnTransformer", frozenset({"sklearn.compose.make_column_transformer"}))
# example frames plotting libraries ship: `sns.load_dataset("tips")`, `px.data.gapminder()`
_returns(DATAFRAME, _names("seaborn", "load_dataset") | _names("plotly.express.data", (
    "iris tips gapminder stocks wind election carshare medals_long medals_wide experiment"
)))
# `pd.read_html(url)` gives every table on the page: a list of frames (`pd.read_html(url)[0]`)
_returns(generic("list", DATAFRAME), frozenset({"pandas.read_html"}))
_returns(INDEX, _names("pandas", (
    "Index date_range bdate_range period_range timedelta_range interval_range "
    "MultiIndex.from_tuples MultiIndex.from_product MultiIndex.from_arrays MultiIndex.from_frame"
)))
_returns(NDARRAY, _names("numpy", (
    "array asarray ascontiguousarray asfarray zeros ones empty full arange linspace logspace geomspace "
    "eye identity zeros_like ones_like empty_like full_like stack vstack hstack dstack column_stack "
    "concatenate argwhere flatnonzero tile repeat transpose reshape ravel squeeze expand_dims "
    "cumsum cumprod diff sort argsort clip loadtxt genfromtxt fromfile frombuffer fromstring load "
    "copy flip fliplr flipud rot90 roll triu tril diag outer kron cross atleast_2d atleast_3d matmul "
    "random.rand random.randn random.randint random.random random.random_sample random.normal "
    "random.uniform random.permutation random.standard_normal random.binomial random.poisson "
    "random.beta random.gamma random.exponential linalg.inv linalg.pinv"
)))
# `Variable(t)` has given a tensor since torch 0.4: old notes and tutorials wrap every tensor in one
_returns(TENSOR, _names("torch", (
    "autograd.Variable tensor as_tensor from_numpy Tensor FloatTensor LongTensor IntTensor DoubleTensor BoolTensor "
    "zeros ones empty full rand randn randint randperm arange linspace "
    "logspace eye zeros_like ones_like rand_like randn_like randint_like full_like empty_like cat "
    "concat concatenate stack hstack vstack matmul mm bmm softmax log_softmax sigmoid tanh relu exp "
    "log sqrt abs masked_select gather index_select clamp clip flatten squeeze unsqueeze reshape "
    "transpose permute argmax argmin sum mean prod cumsum einsum outer tril triu diag flip roll "
    "masked_fill bernoulli multinomial normal tile repeat_interleave cdist dot vdot mv inner add sub mul div "
    "pow neg sin cos tan floor ceil round sign square rsqrt log1p expm1 maximum minimum lerp addmm baddbmm "
    "cumprod logsumexp norm std var nn.Parameter nn.parameter.Parameter "
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
    "nn.functional.softplus nn.functional.grid_sample"
)))
_returns(TF_TENSOR, _names("tensorflow", (
    "constant convert_to_tensor zeros ones fill range reshape concat stack matmul cast transpose "
    "squeeze expand_dims reduce_sum reduce_mean reduce_max reduce_min argmax argmin where gather "
    "one_hot zeros_like ones_like random.normal random.uniform nn.softmax nn.relu nn.sigmoid math.exp "
    "math.log math.sqrt math.abs add subtract multiply divide square sqrt exp abs pow maximum minimum "
    "reduce_prod reduce_all reduce_any tile linspace eye identity clip_by_value sort argsort "
    "random.shuffle random.truncated_normal nn.tanh nn.log_softmax math.reduce_sum math.reduce_mean "
    "math.square math.add math.multiply math.pow math.maximum math.minimum linalg.matmul"
)))
# tf.data: a pipeline's every step gives the next dataset (`Dataset.range(100).shuffle(100).batch(32)`)
_returns(TF_DATASET, _names("tensorflow.data", (
    "Dataset.from_tensor_slices Dataset.from_tensors Dataset.range Dataset.list_files Dataset.from_generator "
    "Dataset.zip Dataset.sample_from_datasets Dataset.choose_from_datasets TextLineDataset TFRecordDataset "
    "FixedLengthRecordDataset experimental.make_csv_dataset experimental.CsvDataset"
)) | _names("keras.utils", "image_dataset_from_directory text_dataset_from_directory timeseries_dataset_from_array")
   | _names("keras.preprocessing", "image_dataset_from_directory text_dataset_from_directory"))
# a model builder hands back a network (`models.resnet18(weights=...)`, `timm.create_model("vit_base")`)
_returns(MODULE, _names("torchvision.models", (
    "alexnet convnext_base convnext_large convnext_small convnext_tiny densenet121 densenet161 densenet169 "
    "densenet201 efficientnet_b0 efficientnet_b1 efficientnet_b2 efficientnet_b3 efficientnet_b4 efficientnet_b5 "
    "efficientnet_b6 efficientnet_b7 efficientnet_v2_l efficientnet_v2_m efficientnet_v2_s get_model googlenet "
    "inception_v3 maxvit_t mnasnet0_5 mnasnet0_75 mnasnet1_0 mnasnet1_3 mobilenet_v2 mobilenet_v3_large "
    "mobilenet_v3_small regnet_x_16gf regnet_x_1_6gf regnet_x_32gf regnet_x_3_2gf regnet_x_400mf regnet_x_800mf "
    "regnet_x_8gf regnet_y_128gf regnet_y_16gf regnet_y_1_6gf regnet_y_32gf regnet_y_3_2gf regnet_y_400mf "
    "regnet_y_800mf regnet_y_8gf resnet101 resnet152 resnet18 resnet34 resnet50 resnext101_32x8d resnext101_64x4d "
    "resnext50_32x4d shufflenet_v2_x0_5 shufflenet_v2_x1_0 shufflenet_v2_x1_5 shufflenet_v2_x2_0 squeezenet1_0 "
    "squeezenet1_1 swin_b swin_s swin_t swin_v2_b swin_v2_s swin_v2_t vgg11 vgg11_bn vgg13 vgg13_bn vgg16 "
    "vgg16_bn vgg19 vgg19_bn vit_b_16 vit_b_32 vit_h_14 vit_l_16 vit_l_32 wide_resnet101_2 wide_resnet50_2"
)) | frozenset({"torch.hub.load", "timm.create_model"}))
# polars: the eager readers and constructors give a DataFrame, the lazy scans a LazyFrame
_returns("polars.DataFrame", _names("polars", (
    "DataFrame read_csv read_parquet read_json read_ndjson read_excel read_database read_ipc from_pandas "
    "from_dict from_dicts from_records from_numpy from_arrow concat"
)))
_returns("polars.LazyFrame", _names("polars", "LazyFrame scan_csv scan_parquet scan_ndjson scan_ipc"))
_returns(DATALOADER, frozenset({DATALOADER}))
_returns(FIGURE, _names("matplotlib.pyplot", "figure gcf"))
_returns(AXES, _names("matplotlib.pyplot", "gca subplot axes"))
_returns(SUMMARY_WRITER, frozenset({SUMMARY_WRITER}))
_returns(KERAS_MODEL, frozenset({"keras.models.load_model", "keras.saving.load_model", "keras.models.clone_model"}))
_returns("numpy.random.Generator", frozenset({"numpy.random.default_rng"}))
# numpy.ma's constructors and maskers give a masked array (`x = ma.array(d, mask=m)`, then `x.compressed()`)
_returns("numpy.ma.MaskedArray", _names("numpy.ma", (
    "array masked_array MaskedArray asarray asanyarray fix_invalid masked_where masked_values masked_equal "
    "masked_not_equal masked_greater masked_greater_equal masked_less masked_less_equal masked_inside "
    "masked_outside masked_invalid masked_object zeros ones empty arange concatenate"
)))
# OpenCV hands images around as numpy arrays
_returns(NDARRAY, _names("cv2", (
    "imread imdecode cvtColor resize GaussianBlur blur medianBlur bilateralFilter Canny dilate erode "
    "morphologyEx warpAffine warpPerspective flip rotate copyMakeBorder equalizeHist addWeighted "
    "bitwise_and bitwise_or bitwise_not inRange filter2D Sobel Laplacian getRotationMatrix2D"
)))
_returns(COLORMAP, frozenset({"matplotlib.cm.get_cmap", "matplotlib.pyplot.get_cmap", "matplotlib.colormaps.get_cmap",
                              "matplotlib.colors.LinearSegmentedColormap.from_list"}))
_returns(COLORBAR, frozenset({"matplotlib.pyplot.colorbar"}))
# matplotlib's drawing calls hand back the artists they draw, which a program goes on to change
# (`line, = ax.plot([], [])`, then `line.set_data(x, y)` in an animation; `t = ax.set_title(…)`, then
# `t.set_fontweight("bold")`): the same result from an Axes' method, pyplot's function and a Figure's
LINE2D, TEXT = "matplotlib.lines.Line2D", "matplotlib.text.Text"
BAR_CONTAINER = "matplotlib.container.BarContainer"
SPINES = "matplotlib.spines.Spines"  # an Axes' four spines by name (`ax.spines["top"].set_visible(False)`)
_DRAWN = {
    "plot": generic("list", LINE2D), "axhline": LINE2D, "axvline": LINE2D,
    "scatter": "matplotlib.collections.PathCollection", "imshow": "matplotlib.image.AxesImage",
    "text": TEXT, "set_title": TEXT, "set_xlabel": TEXT, "set_ylabel": TEXT, "annotate": "matplotlib.text.Annotation",
    "legend": "matplotlib.legend.Legend", "get_legend": "matplotlib.legend.Legend",
    "get_xticklabels": generic("list", TEXT), "get_yticklabels": generic("list", TEXT),
    "contour": "matplotlib.contour.QuadContourSet", "contourf": "matplotlib.contour.QuadContourSet",
    "pcolormesh": "matplotlib.collections.QuadMesh",
    # its bars, each a Rectangle (`for bar in ax.bar(x, h): bar.get_height()`)
    **dict.fromkeys(("bar", "barh"), generic(BAR_CONTAINER, "matplotlib.patches.Rectangle")),
}
_FIGURE_DRAWN = {"text": TEXT, "suptitle": TEXT, "supxlabel": TEXT, "supylabel": TEXT, "legend": _DRAWN["legend"]}
# pyplot's functions draw on the current Axes or Figure, its labels named without `set_` (`plt.title`)
for _name, _kind in {**_DRAWN, **_FIGURE_DRAWN, "title": TEXT, "xlabel": TEXT, "ylabel": TEXT, "figtext": TEXT}.items():
    if not _name.startswith("set_"):
        _returns(_kind, frozenset({f"matplotlib.pyplot.{_name}"}))
# asyncio: the loop a program gets, and the task a coroutine is wrapped in (the stubs say these with
# type variables the table leaves out)
EVENT_LOOP = "asyncio.AbstractEventLoop"
_returns(EVENT_LOOP, _names("asyncio", "get_event_loop new_event_loop get_running_loop"))
_returns("asyncio.Task", _names("asyncio", "ensure_future create_task"))
# pymongo: a client's attribute or item is a database, a database's a collection; a find a cursor
MONGO_CLIENT, MONGO_DATABASE = "pymongo.MongoClient", "pymongo.database.Database"
MONGO_COLLECTION, MONGO_CURSOR = "pymongo.collection.Collection", "pymongo.cursor.Cursor"
_MONGO_MEMBERS = {
    MONGO_CLIENT: frozenset((
        "list_database_names list_databases drop_database get_database get_default_database close server_info "
        "start_session watch address admin nodes options topology_description"
    ).split()),
    MONGO_DATABASE: frozenset((
        "list_collection_names list_collections get_collection create_collection drop_collection command "
        "aggregate watch validate_collection name client codec_options"
    ).split()),
}
_MONGO_HELD = {MONGO_CLIENT: MONGO_DATABASE, MONGO_DATABASE: MONGO_COLLECTION}
_MONGO_RESULTS = {
    MONGO_CLIENT: {"get_database": MONGO_DATABASE, "get_default_database": MONGO_DATABASE},
    MONGO_DATABASE: {"get_collection": MONGO_COLLECTION, "create_collection": MONGO_COLLECTION},
    MONGO_COLLECTION: {"find": MONGO_CURSOR, "aggregate": "pymongo.command_cursor.CommandCursor", "find_one": "dict"},
    MONGO_CURSOR: dict.fromkeys(("sort", "skip", "limit", "batch_size", "hint", "max_time_ms", "where"), MONGO_CURSOR),
}
# Selenium: every browser's driver is a WebDriver, whose searches find elements (Selenium 3's
# `find_element_by_id` too), as an element's own do; an action chain's steps hand the chain on
WEBDRIVER = "selenium.webdriver.remote.webdriver.WebDriver"
WEB_ELEMENT = "selenium.webdriver.remote.webelement.WebElement"
ACTION_CHAINS = "selenium.webdriver.common.action_chains.ActionChains"
for _name in ("Chrome", "Firefox", "Edge", "Safari", "Ie", "Remote", "PhantomJS", "ChromiumEdge"):
    _FAMILY[f"selenium.webdriver.{_name}"] = WEBDRIVER
_FAMILY[WEBDRIVER] = WEBDRIVER
_FAMILY["selenium.webdriver.ActionChains"] = ACTION_CHAINS
# Hugging Face datasets: a load without `split` gives every split by name (`ds["train"]`), one with it a
# Dataset; each processing step gives another of what it was called on; evaluate's metrics are modules
HF_DATASET, HF_DATASET_DICT = "datasets.Dataset", "datasets.DatasetDict"
_returns(HF_DATASET_DICT, frozenset({"datasets.load_dataset"}))
_returns("evaluate.EvaluationModule", frozenset({"evaluate.load"}))
_returns(PEFT_MODEL, frozenset({"peft.get_peft_model"}))
_HF_DATASET_STEPS = frozenset((
    "map filter select shuffle sort rename_column rename_columns remove_columns select_columns cast cast_column "
    "flatten add_column with_format with_transform class_encode_column"
).split())
PIL_IMAGE = "PIL.Image.Image"
_returns(PIL_IMAGE, _names("PIL.Image", "open new fromarray"))
# requests: every HTTP call, module-level or on a Session, answers with a Response
RESPONSE = "requests.Response"
_HTTP_VERBS = "get post put patch delete head options request"
_returns(RESPONSE, _names("requests", _HTTP_VERBS))
# SQLAlchemy: an engine hands out connections; `SessionLocal = sessionmaker(bind=engine)` is a factory whose
# call is a Session (`session = SessionLocal()`), as `async_sessionmaker`'s is an AsyncSession; a session's
# `query(User)` is a Query that each filtering step hands on; executing a statement gives a Result
SA_ENGINE, SA_ASYNC_ENGINE = "sqlalchemy.engine.Engine", "sqlalchemy.ext.asyncio.AsyncEngine"
SA_CONNECTION = "sqlalchemy.engine.Connection"
SA_SESSION, SA_ASYNC_SESSION = "sqlalchemy.orm.Session", "sqlalchemy.ext.asyncio.AsyncSession"
_SA_FACTORIES = {"sqlalchemy.orm.sessionmaker": SA_SESSION, "sqlalchemy.ext.asyncio.async_sessionmaker": SA_ASYNC_SESSION}
SA_QUERY, SA_RESULT = "sqlalchemy.orm.Query", "sqlalchemy.engine.Result"
_SA_QUERY_STEPS = frozenset((
    "filter filter_by where order_by group_by having join outerjoin limit offset distinct options select_from "
    "with_entities"
).split())
# Django: a model class's `objects` is its manager, whose methods are a QuerySet's (the reference spells them
# there: `QuerySet.filter`, `QuerySet.get`); each filtering step hands on a QuerySet
DJANGO_MODEL, QUERYSET = "django.db.models.Model", "django.db.models.query.QuerySet"
_QUERYSET_STEPS = frozenset((
    "all filter exclude order_by reverse distinct values values_list dates datetimes none union intersection "
    "difference select_related prefetch_related extra defer only using select_for_update raw annotate alias"
).split())
_returns(SA_ENGINE, _names("sqlalchemy", "create_engine engine.create_engine"))
_returns(SA_ASYNC_ENGINE, _names("sqlalchemy.ext.asyncio", "create_async_engine"))
for _factory in _SA_FACTORIES:
    _returns(_factory, frozenset({_factory}))
# `np.where(c)` (one argument) gives a tuple of index arrays; `torch.where(c)` likewise.
_THREE_ARGUMENTS = frozenset({"numpy.where", "torch.where"})


def unpacked_result(qualified: str, index: int, arguments: tuple = (),
                    keywords: Mapping[str, object] | None = None) -> str | None:
    """The kind of element `index` of what a call returns when it is unpacked (`fig, ax =
    plt.subplots()`, `values, indices = torch.sort(x)`), or None when that is not known: `subplots`
    gives one Axes for a single panel, else an array of them; `torch.max` a pair only with `dim`.
    `arguments`: the positional ones, each a literal's value or `...`."""
    keywords = keywords or {}
    if qualified == "matplotlib.pyplot.subplots":
        return FIGURE if index == 0 else _subplots_axes(arguments, keywords) if index == 1 else None
    if qualified in ("torch.max", "torch.min") and not (len(arguments) >= 2 or "dim" in keywords):
        return None
    if qualified in _DATASET_LOADERS:
        return _loaded_data(keywords, index)
    if qualified in _UNPACKED_PARTS:
        parts = _UNPACKED_PARTS[qualified]
        return parts[index] if index < len(parts) else None
    found = _UNPACKED.get(qualified)
    return found if found is not None and index < _UNPACKED_SIZE.get(qualified, index + 1) else None


_AXES_ROW = generic(NDARRAY, AXES)  # `plt.subplots(1, 3)`: `axes[0]` is an Axes
_AXES_GRID = generic(NDARRAY, _AXES_ROW)  # `plt.subplots(2, 2)` (or `squeeze=False`): `axes[0, 1]` is


def _subplots_axes(arguments: tuple, keywords: Mapping[str, object]) -> str | None:
    """What `plt.subplots(nrows, ncols)` gives beside its Figure: one Axes for one panel, a row of
    them for a row or a column, a grid otherwise; None when the sizes are not literal integers."""
    rows = arguments[0] if arguments else keywords.get("nrows", 1)
    cols = arguments[1] if len(arguments) > 1 else keywords.get("ncols", 1)
    if type(rows) is not int or type(cols) is not int:  # not `...` (unknown), nor a bool
        return None
    if keywords.get("squeeze", True) is not True:
        return _AXES_GRID
    return (AXES, _AXES_ROW, _AXES_GRID)[(rows > 1) + (cols > 1)]


# What a scikit-learn cross-validator's `split` yields: (train, test) pairs of row positions
FOLDS = generic("typing.Iterator", generic("tuple", NDARRAY))

# Calls whose unpacked results follow their arguments: `train_test_split(X, y)` gives X's train and
# test parts, then y's, each of its argument's kind (a DataFrame's rows are a DataFrame)
_SPLITS_ARGUMENTS = frozenset({"sklearn.model_selection.train_test_split"})


def unpacked_argument(qualified: str, index: int, positional: int) -> int | None:
    """Which positional argument element `index` of a call's unpacked result has the kind of (None: the
    result does not follow its arguments)."""
    return index // 2 if qualified in _SPLITS_ARGUMENTS and index // 2 < positional else None


# scikit-learn's generated datasets, each a pair of samples and targets: `X, y = make_classification(...)`
_SAMPLES_AND_TARGETS = (
    "make_classification make_regression make_blobs make_moons make_circles make_gaussian_quantiles "
    "make_hastie_10_2 make_friedman1 make_friedman2 make_friedman3 make_s_curve make_swiss_roll "
    "make_multilabel_classification"
)
# Calls that return a fixed-size tuple (or a list of arrays) of one kind, and how many elements.
_UNPACKED = {
    **dict.fromkeys(_names("torch", "sort topk max min kthvalue mode median std_mean var_mean"), TENSOR),
    **dict.fromkeys(_names("torch", "meshgrid split chunk unbind"), TENSOR),
    **dict.fromkeys(_names("numpy", "meshgrid histogram split array_split nonzero"), NDARRAY),
    "pandas.read_html": DATAFRAME,
    **dict.fromkeys(_names("sklearn.datasets", _SAMPLES_AND_TARGETS), NDARRAY),
}
# calls that give a pair of different things: `conn, addr = server.accept()` (the connection's socket, then
# the peer's address), `parent, child = Pipe()` (its two ends)
_UNPACKED_PARTS: dict[str, tuple[str | None, ...]] = {
    "socket.socket.accept": ("socket.socket", None),
    "socket.socketpair": ("socket.socket", "socket.socket"),
    "multiprocessing.Pipe": ("multiprocessing.connection.Connection", "multiprocessing.connection.Connection"),
    # `n, bins, patches = ax.hist(x)`: the counts and the bin edges are arrays
    **dict.fromkeys(("matplotlib.pyplot.hist", "matplotlib.axes.Axes.hist"), (NDARRAY, NDARRAY, None)),
}
_UNPACKED_SIZE = {**dict.fromkeys(_names("torch", "sort topk max min kthvalue mode median std_mean var_mean"), 2),
                  "numpy.histogram": 2, **dict.fromkeys(_names("sklearn.datasets", _SAMPLES_AND_TARGETS), 2)}


def _loaded_data(keywords: Mapping[str, object], index: int) -> str | None:
    """Element `index` of `load_iris(return_X_y=True)`: the samples, then the targets; a frame and a
    Series with `as_frame=True`."""
    if keywords.get("return_X_y") is not True or index > 1:
        return None
    return (DATAFRAME, SERIES)[index] if keywords.get("as_frame") is True else NDARRAY


# conversions that keep a column a column (`pd.to_timedelta(df.t)` is a Series; of a list, an index; of a
# string, a scalar): what they return follows their first argument
_CONVERTS_COLUMNS = {"pandas.to_datetime": (SERIES, DATAFRAME), "pandas.to_timedelta": (SERIES,),
                     "pandas.to_numeric": (SERIES,)}


# numpy's elementwise functions (ufuncs, and those that call the object's own method): of a Series a
# Series, of a frame a frame, of an array an array (`np.ceil(housing["income"] / 1.5).where(…)` is Series.where)
_KEEPS_PANDAS = frozenset(f"numpy.{name}" for name in (
    "ceil floor rint trunc fix round around abs absolute fabs sqrt cbrt square exp exp2 expm1 log log2 log10 "
    "log1p sign negative positive reciprocal sin cos tan arcsin arccos arctan sinh cosh tanh isnan isinf "
    "isfinite clip"
).split())


def converted(qualified: str, argument: frozenset[str | None]) -> str | None:
    """The kind `qualified` returns given its first argument's public kinds: a Series for a column
    (`pd.to_datetime` of a frame's year/month/day columns too), the same pandas object from numpy's
    elementwise functions; None when not known."""
    if qualified in ("copy.copy", "copy.deepcopy"):  # `best = copy.deepcopy(model)`: another of the same
        return next(iter(argument)) if len(argument) == 1 else None
    if qualified in _KEEPS_PANDAS:
        return next(iter(argument)) if len(argument) == 1 and argument <= {SERIES, DATAFRAME, NDARRAY} else None
    columns = _CONVERTS_COLUMNS.get(qualified)
    return SERIES if columns and argument and all(kind in columns for kind in argument) else None


def call_result(qualified: str, positional: int = 0) -> str | None:
    """The kind a call of the public function or class `qualified` returns (`positional`: how many
    positional arguments it was given), or None when that is not known."""
    if qualified in _THREE_ARGUMENTS:
        return (NDARRAY if qualified.startswith("numpy") else TENSOR) if positional == 3 else None
    found = _FUNCTIONS.get(qualified)
    if found is not None:
        return found
    return instance_kind(qualified) or _stdlib_returns().get(qualified)


def _stdlib_returns() -> dict[str, str]:
    """`re.match` → `re.Match`, `datetime.datetime.now` → `datetime.datetime`, `str.split` → `list`:
    what standard-library calls return, generated from their type stubs with the public-API table
    (`python -m notesense.analysis.public_api --write`), never at run time."""
    return _stdlib_table()[0]


@functools.cache
def _stdlib_table() -> tuple[dict[str, str], frozenset[str]]:
    """(what each standard-library function or member returns, the members that are properties)."""
    path = Path(__file__).with_name("stdlib_returns.txt")
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    returns: dict[str, str] = {}
    properties: set[str] = set()
    for line in text.split("\n"):
        name, _, rest = line.partition(" ")
        kind, _, flag = rest.partition(" ")
        if kind and kind != "-":
            returns[name] = kind
        if flag == "property":
            properties.add(name)
    return returns, frozenset(properties)


def from_stubs(kind: str) -> bool:
    """A standard-library class a call returns (`re.Match`): its members are exactly the listed ones."""
    return kind in _stub_kinds()


@functools.cache
def _stub_kinds() -> frozenset[str]:
    """The classes public calls return (what `with`, `/` and iteration give does not count: a
    `ZipFile` made by its constructor is one the table has no members listed for)."""
    return frozenset(kind for name, kind in _stdlib_returns().items()
                     if not name.rpartition(".")[2].startswith("_")) - BUILTIN_TYPES


def instance_kind(cls: str) -> str | None:
    """The kind of an instance of the public class `cls` (a constructor call, an annotation)."""
    cls = public_name(cls)
    if cls in _ANNOTATIONS:
        return _ANNOTATIONS[cls]
    if cls in _FAMILY or _is_nn_class(cls) or cls in (OPTIMIZER, LR_SCHEDULER, DATASET):
        return cls
    if cls in _stub_kinds():  # a standard-library class the stubs list members of, lower-case too (`deque`)
        return cls
    if cls in _LISTED_CLASSES:  # a library's class whose members the list holds, lower-case too (`tqdm.tqdm`)
        return cls
    return None


_LISTED_CLASSES = frozenset(c for c in public_api.CLASSES if "." in c)


def library_class(name: str) -> str | None:
    """The kind of an instance of a class this table has no facts about (`sklearn.linear_model.LinearRegression`,
    `pathlib.Path`, a base class a local class extends): the class's public name, so that its members
    are named `<class>.<member>` alike by hover and the compiler; None for a name that does not look
    like a class (a function, a module). Nothing is known of what its methods return. (A standard-library
    class spelt in lower case, `collections.deque()`, is one the stubs know: `instance_kind`.)"""
    head, _, last = name.rpartition(".")
    if not head or not last[:1].isupper() or any(head == m or head.startswith(m + ".") for m in _NOT_CLASSES):
        return None
    return public_name(name)


def made_by_class(name: str) -> str | None:
    """The kind an alternative constructor of a class this table does not list gives: its class's
    instance (`tf.data.Dataset.from_tensor_slices(x)`, `tf.data.Dataset.range(100)`,
    `AutoTokenizer.from_pretrained(path)`, `Word2Vec.load(f)`), so that its methods are named
    `<class>.<method>` alike by hover and the compiler. None for a listed class (the table says what its
    methods return) and any other method."""
    head, _, method = name.rpartition(".")
    if not (method.startswith("from_") or method in _MAKERS) or public_api.is_closed(head):
        return None
    return library_class(head)


_MAKERS = frozenset({"range", "load", "create"})


# libraries that each have their own class for one idea (a `Transformer`, a `Dense` layer, an optimizer)
FRAMEWORKS = frozenset({"torch", "tensorflow", "keras", "mxnet", "paddle", "jax", "flax", "mindspore", "oneflow"})
# the base classes of what a framework's users make from their own classes (a model, an optimizer wrapper)
_MADE_BASES = {"torch": ("torch.nn.Module", "torch.optim.Optimizer")}
# methods so many classes have that the name says nothing of the base (`Trainer.train`, `YOLO.train`)
_EVERY_CLASS_VERBS = frozenset({"train", "to", "apply", "type", "float", "double", "half"})


def made_member(cls: str, member: str, frameworks: Iterable[str | None]) -> str | None:
    """`member` of the framework base class that `cls`, a class this table knows nothing of and no
    framework's own (`model.LeNet`, d2l's `RNNModel`, horovod's `DistributedOptimizer`), extends where
    one of `frameworks` is used (an iterable read only for such a class): `torch.nn.Module.load_state_dict`, or for a class named `…Optimizer`
    `torch.optim.Optimizer.step`. None for a verb every class has, or where no base has `member`."""
    if member in _EVERY_CLASS_VERBS or not without_facts(cls) or public_api.is_closed(cls) \
            or cls.split(".", 1)[0] in FRAMEWORKS:
        return None
    named = cls.rpartition(".")[2]
    for framework in dict.fromkeys(frameworks):
        bases = sorted(_MADE_BASES.get(framework or "", ()), key=lambda base: not named.endswith(base.rpartition(".")[2]))
        for base in bases:
            if public_api.is_public(f"{base}.{member}"):
                return f"{base}.{member}"
    return None


def without_facts(cls: str) -> bool:
    """A class this table knows nothing about (`library_class` gave its kind): what the file says of
    its members is a guess at the spelling, not a fact (`models.Net.eval` for a class from another file)."""
    return library_class(cls) == cls and instance_kind(cls) is None


_NOT_CLASSES = frozenset({"typing", "typing_extensions", "collections.abc", "abc"})  # type constructors, not values

# Builtin types whose methods notes explain (`str.join`, `dict.get`, `list.sort`): the kinds of displays and literals.
BUILTIN_TYPES = frozenset({"list", "dict", "set", "tuple", "str", "bytes"})
# Builtin calls whose result the table knows: those that build one (`sorted(x)` is a new list, `input()`
# the line typed, `repr(x)` a string), and `open`, which gives a file object (`opened`).
_BUILDS = {"list": "list", "sorted": "list", "dict": "dict", "set": "set", "tuple": "tuple", "str": "str", "bytes": "bytes",
           **dict.fromkeys(("input", "repr", "ascii", "chr", "hex", "oct", "bin", "format"), "str")}
BUILTIN_CALLS = frozenset(_BUILDS) | {"open"}
TEXT_FILE = "io.TextIOWrapper"


def builtin_result(name: str, arguments: Sequence[object] = (), keywords: Mapping[str, object] | None = None) -> str | None:
    """The kind a call of the builtin `name` (one of `BUILTIN_CALLS`) returns. `arguments`: its
    positional arguments' constant values (`...` for any other expression); `keywords`: the constant
    keyword arguments."""
    if name == "open":
        return opened(arguments[1] if len(arguments) > 1 else (keywords or {}).get("mode", "r"))
    return _BUILDS.get(name)


def opened(mode: object) -> str | None:
    """The file object `open(path, mode)` (or `Path.open(mode)`) returns: a text file, or for a
    binary mode the buffered reader or writer; None when the mode is not a constant."""
    if not isinstance(mode, str):
        return None
    if "b" not in mode:
        return TEXT_FILE
    if "+" in mode:
        return "io.BufferedRandom"
    return "io.BufferedReader" if "r" in mode else "io.BufferedWriter"


def entered(kind: str) -> str | None:
    """What `with value as name:` binds for a value of `kind`: for the standard library what its
    `__enter__` returns (a file, a `ZipFile`: itself) by the type stubs; for another library's class
    the table has no facts on (`tf.GradientTape()`, `pd.ExcelWriter(path)`) and a `SummaryWriter`
    the instance itself, as context managers made by calling a class are; else None."""
    name = name_of(kind)
    found = _stdlib_returns().get(f"{name}.__enter__")
    if found is not None or name.split(".", 1)[0] in _stdlib_packages():
        return found  # the stubs say, or do not know (`TemporaryDirectory` gives a str): never a guess
    return kind if without_facts(name) or name == SUMMARY_WRITER or name in _LISTED_CLASSES else None


@functools.cache
def _stdlib_packages() -> frozenset[str]:
    return frozenset(name.split(".", 1)[0] for name in _stdlib_returns())


def element_of(kind: str) -> str | None:
    """What `for item in value:` binds for a value of `kind`: an iterator's item (`Path.glob` gives
    `typing.Iterator[pathlib.Path]`), what a file's `__next__` reads (a line: `str`); else None."""
    if name_of(kind) == "typing.Iterator":
        return parameter_of(kind)
    if name_of(kind) in _BATCHES:
        return _BATCHES[name_of(kind)]
    if name_of(kind) in ("list", NDARRAY, BAR_CONTAINER) and parameter_of(kind):
        return parameter_of(kind)  # `for table in pd.read_html(url):` a frame; `for ax in axes:` an Axes
    return _stdlib_returns().get(f"{name_of(kind)}.__next__")


# what iterating a DataLoader gives: a batch, the list its default collate makes of the samples' parts
_BATCHES = {DATALOADER: generic("list", TENSOR)}


# What decoding JSON gives: a document is an object or an array (a dict or a list), so a member only
# one of them has (`data.get`, `items.append`) says which it is.
JSON_DOCUMENT = frozenset({"dict", "list"})
_JSON_DECODERS = frozenset({"json.load", "json.loads", "requests.Response.json"})


def decodes_json(qualified: str) -> bool:
    """`json.load(f)`, `json.loads(s)`, `response.json()`: the call's value is a `JSON_DOCUMENT`."""
    return qualified in _JSON_DECODERS


def unpacked_element(kind: str) -> str | None:
    """What each name gets when an item of a value of `kind` is unpacked (`for x, y in loader:`): a
    DataLoader's batches and a TensorDataset's samples are tuples of tensors, a cross-validator's
    folds pairs of index arrays; else None."""
    if name_of(kind) in ("list", "tuple") and parameter_of(kind):
        return parameter_of(kind)  # a DataLoader's batch
    if name_of(kind) == "typing.Iterator" and (item := parameter_of(kind)) and name_of(item) in ("list", "tuple"):
        return parameter_of(item)  # `for train, test in folds`: each item a tuple of one kind
    return TENSOR if name_of(kind) in (DATALOADER, "torch.utils.data.TensorDataset") else None


# the pairs a frame's `iterrows()` and `items()` yield: a label, then a row's (a column's) Series
FRAME_PAIRS = "pandas.DataFrame.iterrows"
# what `for key, rows in frame.groupby(...)` binds: each group's key (not known), then its rows; and
# `for i, row in frame.iterrows()`: a label, then the row
_GROUPS = {FRAME_GROUPBY: DATAFRAME, SERIES_GROUPBY: SERIES, FRAME_PAIRS: SERIES}


def unpacked_item(kind: str, index: int) -> str | None:
    """What the `index`-th name gets when an item of a value of `kind` is unpacked: a GroupBy's
    (key, rows) pairs give the rows' kind to the second name; else `unpacked_element`'s one kind."""
    if kind in _GROUPS:
        return _GROUPS[kind] if index == 1 else None
    return unpacked_element(kind)


def paired_argument(builtin: str, index: int, arguments: int) -> int | None:
    """In `for i, line in enumerate(f)` / `for x, y in zip(xs, ys)`: which argument of the builtin
    the loop's `index`-th name takes its items from; None for the counter or another call."""
    if builtin == "enumerate":
        return 0 if index == 1 and arguments >= 1 else None
    if builtin == "zip":
        return index if index < arguments else None
    return None


_OPERATORS = {"Div": ("__truediv__", "__rtruediv__")}


def operator_result(left: str | None, operator: str, right: str | None) -> str | None:
    """What `left <operator> right` gives when a class defines the operator (`Path / "name"` is a
    Path, so is `"dir" / path`), from the type stubs; None when neither side's class does.
    `operator`: the name of the `ast` operator class (`Div`)."""
    methods = _OPERATORS.get(operator)
    if methods is None:
        return None
    found = _stdlib_returns().get(f"{name_of(left)}.{methods[0]}") if left else None
    return found or (_stdlib_returns().get(f"{name_of(right)}.{methods[1]}") if right else None)


_ANNOTATIONS: dict[str, str] = {
    DATAFRAME: DATAFRAME,
    SERIES: SERIES,
    INDEX: INDEX,
    NDARRAY: NDARRAY,
    "numpy.typing.NDArray": NDARRAY,
    TENSOR: TENSOR,
    "torch.FloatTensor": TENSOR,
    "torch.LongTensor": TENSOR,
    "torch.nn.Parameter": TENSOR,
    TF_TENSOR: TF_TENSOR,
    TF_DATASET: TF_DATASET,
    DATALOADER: DATALOADER,
    SUMMARY_WRITER: SUMMARY_WRITER,
    FRAME_GROUPBY: FRAME_GROUPBY,
    SERIES_GROUPBY: SERIES_GROUPBY,
}

# ----------------------------------------------------------------------- methods: what they return
# removed methods that returned what they were called on (`df = df.append(row)`): old code still means that
_REMOVED_SAME_KIND = frozenset("append backfill pad sortlevel tshift slice_shift".split())
_FRAME_TO_FRAME = frozenset(
    "head tail copy dropna fillna ffill bfill drop drop_duplicates rename reset_index set_index "
    "sort_values sort_index merge join assign query filter astype replace pivot pivot_table melt "
    "transpose sample nlargest nsmallest describe corr cov select_dtypes abs round clip cumsum "
    "cumprod cummax cummin diff pct_change shift isna isnull notna notnull where mask reindex "
    "interpolate explode convert_dtypes infer_objects isin map applymap rank combine_first "
    "truncate droplevel swaplevel add sub mul div truediv floordiv mod pow set_axis add_prefix "
    "add_suffix rename_axis asfreq dot compare".split()
) | _REMOVED_SAME_KIND
_FRAME_TO_SERIES = frozenset(
    "sum mean median std var min max count nunique idxmax idxmin duplicated memory_usage prod sem "
    "skew kurt any all".split()
)
_SERIES_TO_SERIES = frozenset(
    "head tail copy dropna fillna ffill bfill astype map replace sort_values sort_index value_counts "
    "isna isnull notna notnull abs round clip cumsum cumprod cummax cummin shift diff pct_change where "
    "mask between isin duplicated rank rename drop_duplicates nlargest nsmallest sample explode "
    "interpolate drop reindex add sub mul div truediv floordiv mod pow convert_dtypes infer_objects "
    "rename_axis asfreq apply transform".split()  # `s.apply(str).str.upper()`: a function applied to each value
) | _REMOVED_SAME_KIND
# pandas methods that take `inplace=True` and then return None
INPLACE_CAPABLE = frozenset(
    "fillna ffill bfill replace interpolate clip where mask drop dropna drop_duplicates rename "
    "rename_axis reset_index set_index sort_values sort_index query eval set_axis".split()
)
_GROUPBY_AGG = frozenset(
    "agg aggregate sum mean median std var min max count nunique first last prod cumsum "
    "ffill bfill head tail nth transform".split()
)
_WINDOW_AGG = frozenset("mean sum std var min max median count apply agg aggregate".split())
_NDARRAY_TO_NDARRAY = frozenset(
    "reshape copy astype transpose flatten ravel squeeze clip round cumsum cumprod argsort repeat "
    "swapaxes view conj dot take diagonal compress".split()
)
_TF_DATASET_TO_DATASET = frozenset(
    "batch map shuffle prefetch repeat interleave cache take skip filter unbatch padded_batch flat_map "
    "window apply enumerate concatenate shard with_options rebatch map_with_legacy_function "
    "bucket_by_sequence_length ignore_errors take_while unique".split()
)
_NDARRAY_REDUCE = frozenset("sum mean std var min max prod argmax argmin any all".split())
_TENSOR_TO_TENSOR = frozenset(
    "view view_as reshape reshape_as permute transpose t contiguous clone detach to cuda cpu float "
    "double long int half bool bfloat16 squeeze unsqueeze flatten expand expand_as repeat sum mean "
    "abs exp log sqrt softmax log_softmax sigmoid tanh relu matmul mm bmm masked_fill masked_select "
    "gather index_select argmax argmin norm pow clamp clip type_as add sub mul div "
    "neg sign floor ceil round cumsum prod std var logsumexp "
    "flip roll narrow unfold new_zeros new_ones new_full new_empty new_tensor".split()
)  # (and every in-place method: `_in_place`)


def _in_place(method: str) -> bool:
    """Whether `method` is one of the tensor's in-place methods (`normal_`, `clamp_`, `index_fill_`)."""
    return method.endswith("_") and not method.startswith("_") and public_api.is_public(f"{TENSOR}.{method}")


_TENSOR_MULTI = frozenset({"max", "min", "sort", "topk", "chunk", "split", "unbind", "size", "item", "tolist"})
_MODULE_TO_SELF = frozenset("to cuda cpu train eval float double half bfloat16 requires_grad_ apply".split())
# the methods of a class deriving from these that torch calls with a tensor as their first input after
# `self` (a module's `forward`) or `ctx` (an autograd Function's static `forward` and `backward`)
TENSOR_INPUT_METHODS = {MODULE: frozenset({"forward"}), "torch.autograd.Function": frozenset({"forward", "backward"})}
_MODULE_ITERATORS = {"parameters": generic("typing.Iterator", TENSOR), "buffers": generic("typing.Iterator", TENSOR),
                     "modules": generic("typing.Iterator", MODULE), "children": generic("typing.Iterator", MODULE)}
_STR_TO_OTHER = frozenset({"split", "rsplit", "extract", "extractall", "get_dummies", "partition", "rpartition"})
_STR_SPLITS = frozenset({"split", "rsplit", "partition", "rpartition"})
# a Tag's searches: those that find one tag (None when nothing matches) and those that find a list of them
_TAG_TO_TAG = frozenset((
    "find select_one find_parent find_next_sibling find_previous_sibling find_next find_previous findChild "
    "findParent findNextSibling findPreviousSibling findNext findPrevious new_tag"
).split())
_TAG_TO_TAGS = frozenset((
    "find_all findAll select find_parents find_next_siblings find_previous_siblings find_all_next "
    "find_all_previous findChildren findParents findNextSiblings findPreviousSiblings findAllNext findAllPrevious"
).split())
_TAG_TO_TEXT = frozenset({"get_text", "getText", "prettify", "decode", "decode_contents"})
# a Tag's attributes that hold a value of their own (`tag.parent` a tag, `tag.attrs` a dict); any other
# lower-case attribute not a member is the first child tag of that name (`soup.title`, `soup.body.div`)
_TAG_ATTRIBUTES = {
    **dict.fromkeys(("parent", "next_sibling", "previous_sibling", "next_element", "previous_element"), TAG),
    "contents": generic("list", TAG),
    **dict.fromkeys(("children", "descendants", "parents", "next_siblings", "previous_siblings", "next_elements",
                     "previous_elements"), generic("typing.Iterator", TAG)),
    **dict.fromkeys(("strings", "stripped_strings"), generic("typing.Iterator", "str")),
    **dict.fromkeys(("text", "string", "name"), "str"),
    "attrs": "dict",
}
_TAG_MEMBERS = _TAG_TO_TAG | _TAG_TO_TAGS | _TAG_TO_TEXT | frozenset(_TAG_ATTRIBUTES) | frozenset((
    "get has_attr encode encode_contents extract decompose replace_with insert append extend clear wrap "
    "unwrap insert_before insert_after smooth index css new_string original_encoding is_empty_element hidden "
    "can_be_empty_element self_and_descendants isSelfClosing string_container"
).split())
# pyquery: a document and what a selector or a step through the tree finds are each a PyQuery of elements
PYQUERY = "pyquery.PyQuery"
_PYQUERY_TO_PYQUERY = frozenset((
    "find children parent parents siblings next prev next_all prev_all nextAll prevAll eq filter not_ closest "
    "contents add_class addClass remove_class removeClass toggle_class toggleClass css remove empty append "
    "prepend after before wrap replace_with"
).split())
_PYQUERY_TO_TEXT = frozenset({"text", "html", "outer_html", "outerHtml"})
# the HTML attributes Beautiful Soup reads as a list of words (`tag["class"]`); any other is a string (`tag["href"]`)
_MULTI_VALUED = frozenset({"class", "rel", "rev", "accept-charset", "headers", "accesskey", "dropzone"})
_PIL_TO_IMAGE = frozenset("resize convert crop rotate copy transpose filter point quantize reduce".split())
_ESTIMATOR_TO_SELF = frozenset({"fit", "partial_fit", "set_params", "set_output"})  # scikit-learn's convention
# a frame's or a series' methods that give a builtin value (the Axes `plot()` draws on: PLOT_ACCESSOR's)
_TO_BUILTIN = {"to_dict": "dict", "tolist": "list", "to_list": "list"}
_ESTIMATOR_TO_ARRAY = frozenset(
    "transform fit_transform inverse_transform predict fit_predict predict_proba predict_log_proba decision_function".split())


# A numpy Generator's draws: the position of `size` (None: always an array, `permutation(10)`)
_GENERATOR_SIZE: dict[str, int | None] = {
    "random": 0, "standard_normal": 0, "standard_exponential": 0, "normal": 2, "uniform": 2, "integers": 2,
    "choice": 1, "binomial": 2, "poisson": 1, "exponential": 1, "beta": 2, "gamma": 2, "lognormal": 2,
    "laplace": 2, "logistic": 2, "multinomial": 2, "geometric": 1, "dirichlet": None,
    "multivariate_normal": None, "permutation": None, "permuted": None,
}


def method_result(kind: str, method: str, inplace: bool = False, axis_none: bool = False,
                  positional: int = 0, keywords: Mapping[str, object] | None = None,
                  arguments: Sequence[object] = ()) -> str | None:
    """The kind `receiver.method(...)` returns for a receiver of `kind`, or None when unknown.
    `inplace`: the call passes `inplace=True` (pandas then returns None); `axis_none`: `axis=None`
    (a reduction to a scalar); `keywords`: the keyword arguments whose value is a constant;
    `arguments`: the positional arguments' constant values (`...` for other expressions)."""
    keywords = keywords or {}
    name = name_of(kind)
    fam = family(kind)
    if kind == PLOT_ACCESSOR or method == "plot" and kind in PANDAS_DATA:
        # `df.plot(...)`, `s.plot.hist()`: the chart is drawn on one Axes, returned (`subplots=True`: one per column)
        return None if keywords.get("subplots") else AXES
    if kind == STYLER:  # each styling step hands the Styler on (`df.style.highlight_max().format("{:.2f}")`)
        return None if method.startswith(("to_", "export")) or method in ("render", "use") else STYLER
    if kind == DATAFRAME:
        if method in _FRAME_TO_FRAME:
            return None if inplace and method in INPLACE_CAPABLE else DATAFRAME
        if method in _FRAME_TO_SERIES:
            return None if axis_none else SERIES
        if method == "to_numpy":
            return NDARRAY
        if method == "groupby":
            return FRAME_GROUPBY
        if method in ("iterrows", "items"):
            return FRAME_PAIRS
        if method == "squeeze":  # `pd.read_csv(path, usecols=["a"]).squeeze("columns")`: its one column
            axis = keywords.get("axis", arguments[0] if arguments else None)
            return SERIES if axis in ("columns", 1, "index", 0) else None
        return _TO_BUILTIN.get(method) or _window(method, DATAFRAME)
    if kind == SERIES:
        if method == "reset_index":
            return None if inplace else (SERIES if keywords.get("drop") is True else DATAFRAME)
        if method in _SERIES_TO_SERIES:
            return None if inplace and method in INPLACE_CAPABLE else SERIES
        if method == "to_frame":
            return DATAFRAME
        if method in ("to_numpy", "unique"):
            return NDARRAY
        if method == "groupby":
            return SERIES_GROUPBY
        return _TO_BUILTIN.get(method) or _window(method, SERIES)
    if kind in (STR_ACCESSOR, DT_ACCESSOR, CAT_ACCESSOR):
        if method in _STR_SPLITS:  # a Series of lists (of tuples), or a frame of their parts with `expand=True`
            expand = keywords.get("expand", method in ("partition", "rpartition"))
            return DATAFRAME if expand is True else SERIES if expand is False else None
        return None if method in _STR_TO_OTHER else SERIES
    if kind == INDEX_STR:
        return None if method in _STR_TO_OTHER else INDEX
    if kind == INDEX:
        if method in ("copy", "rename", "drop", "unique", "sort_values", "union", "intersection", "difference", "append"):
            return INDEX
        # a boolean mask of the labels (`df[df.index.isin(keep)]` picks rows), or the labels' values
        return NDARRAY if method in ("to_numpy", "isin", "duplicated", "isna", "notna", "isnull", "notnull") else None
    if kind == FRAME_GROUPBY:
        return SERIES if method == "size" else DATAFRAME if method in _GROUPBY_AGG else None
    if kind == SERIES_GROUPBY:
        return SERIES if method in _GROUPBY_AGG or method == "size" else None
    if name in (ROLLING, EXPANDING, EWM, RESAMPLER):
        return parameter_of(kind) if method in _WINDOW_AGG else None
    if kind == NDARRAY:
        if method == "view" and (positional or keywords):
            return None  # `a.view(np.matrix)`, `a.view(type=...)`: the class may change
        if method in _NDARRAY_TO_NDARRAY:
            return NDARRAY
        if method in _NDARRAY_REDUCE and "axis" in keywords and keywords["axis"] is not None:
            return NDARRAY
        return None
    if kind == TENSOR:
        if method in _TENSOR_MULTI:
            return TENSOR if method in ("max", "min") and not positional and not keywords else None
        if method == "numpy":
            return NDARRAY
        # torch's in-place methods return the tensor they change (`torch.zeros(2, 1).normal_(std=0.01)`)
        return TENSOR if method in _TENSOR_TO_TENSOR or _in_place(method) else None
    if fam == HF_MODEL:  # `model.to(device)`: the model; it returns an output object, not a tensor
        return kind if method in _MODULE_TO_SELF else _MODULE_ITERATORS.get(method)
    if fam == HF_TOKENIZER:
        return BATCH_ENCODING if method in ("encode_plus", "batch_encode_plus", "pad") else None
    if name in (HF_DATASET, HF_DATASET_DICT):
        return HF_DATASET_DICT if method == "train_test_split" else kind if method in _HF_DATASET_STEPS else None
    if fam == MODULE:
        if method in _MODULE_TO_SELF:
            return kind
        if method == "forward":
            return None if name in TUPLE_MODULES else TENSOR
        # `for p in model.parameters(): p.data.normal_()`: its parameters are tensors, its submodules modules
        return _MODULE_ITERATORS.get(method)
    if kind == TF_TENSOR:
        return NDARRAY if method == "numpy" else None
    if kind == TF_DATASET:
        return TF_DATASET if method in _TF_DATASET_TO_DATASET else None
    if kind == FIGURE:
        return COLORBAR if method == "colorbar" else \
            projected(keywords) if method in ("add_subplot", "add_axes", "gca") else _FIGURE_DRAWN.get(method)
    if fam == COLORMAP:  # `cm.jet.resampled(8)`, `cmap.reversed()`: a new colormap
        return COLORMAP if method in ("resampled", "reversed", "copy", "with_extremes") else None
    if kind == AXES:
        return AXES if method in ("twinx", "twiny") else _DRAWN.get(method)
    if name == "numpy.random.Generator" and method in _GENERATOR_SIZE:
        at = _GENERATOR_SIZE[method]
        drawn = at is None or "size" in keywords or positional > at
        return NDARRAY if drawn else None  # `rng.integers(5)` is one number; `size=` makes an array
    if name == "requests.Session" and method in _HTTP_VERBS.split():
        return RESPONSE
    if name in (SA_ENGINE, SA_ASYNC_ENGINE) and method in ("connect", "begin"):
        return SA_CONNECTION if name == SA_ENGINE else "sqlalchemy.ext.asyncio.AsyncConnection"
    if name in (SA_SESSION, SA_ASYNC_SESSION, SA_CONNECTION):
        return SA_QUERY if method == "query" and name == SA_SESSION else SA_RESULT if method == "execute" else None
    if name == SA_QUERY:
        return SA_QUERY if method in _SA_QUERY_STEPS else None
    if name == QUERYSET:
        return QUERYSET if method in _QUERYSET_STEPS else None
    if name == PIL_IMAGE:
        return PIL_IMAGE if method in _PIL_TO_IMAGE else None
    if name in _MONGO_RESULTS:
        return _MONGO_RESULTS[name].get(method)
    if fam in (WEBDRIVER, WEB_ELEMENT) and method.startswith("find_element"):
        return generic("list", WEB_ELEMENT) if method.startswith("find_elements") else WEB_ELEMENT
    if fam == ACTION_CHAINS:
        return None if method in ("perform", "reset_actions") else ACTION_CHAINS
    if name == EVENT_LOOP and method == "create_task":
        return "asyncio.Task"
    if name == PYQUERY:
        return PYQUERY if method in _PYQUERY_TO_PYQUERY else "str" if method in _PYQUERY_TO_TEXT else \
            generic("typing.Iterator", PYQUERY) if method == "items" else None
    if fam == TAG:
        return TAG if method in _TAG_TO_TAG else generic("list", TAG) if method in _TAG_TO_TAGS else \
            "str" if method in _TAG_TO_TEXT else None
    if name.startswith("sklearn.") and method in _ESTIMATOR_TO_SELF:
        return kind  # `model = Pipeline(steps).fit(X, y)`: an estimator's fit returns the estimator
    if name.startswith("sklearn.") and method in _ESTIMATOR_TO_ARRAY:
        return NDARRAY  # `X2 = scaler.fit_transform(X)`, `clf.predict(X)`: an array (unless set_output asks a frame)
    if name.startswith("sklearn.model_selection.") and method == "split":
        return FOLDS  # `for train, test in KFold(5).split(X)`: each a row-position array
    if name == "pathlib.Path" and method == "open":
        return opened(arguments[0] if arguments else keywords.get("mode", "r"))
    return _stdlib_returns().get(f"{name}.{method}")  # `m.span()`, `s.split()`, `now.date()`


def _window(method: str, owner: str) -> str | None:
    window = {"rolling": ROLLING, "expanding": EXPANDING, "ewm": EWM, "resample": RESAMPLER}.get(method)
    return generic(window, owner) if window else None


# torchvision's transforms whose call gives a tensor whatever it is given (`ToTensor()(image)`); the
# others give what they are given (`Resize`: a PIL image stays one) or what their parts make (`Compose`)
TENSOR_TRANSFORMS = frozenset(f"torchvision.transforms.{n}" for n in "ToTensor PILToTensor Normalize ConvertImageDtype".split())


def call_of_instance(kind: str) -> str | None:
    """What calling an instance returns: a module's forward output (None for modules that return
    tuples, like LSTM), a tensor-making transform's tensor."""
    if family(kind) == MODULE:
        return None if name_of(kind) in TUPLE_MODULES else TENSOR
    if family(kind) == COLORMAP:
        return NDARRAY  # `cm.jet(np.linspace(0, 1, 8))`: the colours, an array of RGBA rows
    if name_of(kind) == PYQUERY:
        return PYQUERY  # `doc("li.active")`: the elements the selector matches
    if name_of(kind) in _SA_FACTORIES:
        return _SA_FACTORIES[name_of(kind)]  # `session = SessionLocal()`
    if family(kind) == HF_TOKENIZER:
        return BATCH_ENCODING  # `tokenizer(text, truncation=True)`: the ids and masks
    return TENSOR if name_of(kind) in TENSOR_TRANSFORMS else None


# ------------------------------------------------------------------- attributes: what they hold
DATAFRAME_MEMBERS = frozenset(
    """T abs add add_prefix add_suffix agg aggregate align all any apply asfreq asof assign astype at at_time
    attrs axes between_time bfill boxplot clip columns combine combine_first compare convert_dtypes copy corr
    corrwith count cov cummax cummin cumprod cumsum describe diff div divide dot drop drop_duplicates droplevel
    dropna dtypes duplicated empty eq equals eval ewm expanding explode ffill fillna filter first_valid_index
    flags floordiv from_arrow from_dict from_records ge get groupby gt head hist iat idxmax idxmin iloc index
    infer_objects info insert interpolate isetitem isin isna isnull items iterrows itertuples join keys kurt
    kurtosis last_valid_index le loc lt map mask max mean median melt memory_usage merge min mod mode mul
    multiply ndim ne nlargest notna notnull nsmallest nunique pct_change pipe pivot pivot_table plot pop pow
    prod product quantile query radd rank rdiv reindex reindex_like rename rename_axis reorder_levels replace
    resample reset_index rfloordiv rmod rmul rolling round rpow rsub rtruediv sample select select_dtypes sem
    set_axis set_flags set_index shape shift size skew sort_index sort_values sparse squeeze stack std style
    sub subtract sum swaplevel tail take to_clipboard to_csv to_dict to_excel to_feather to_hdf to_html
    to_iceberg to_json to_latex to_markdown to_numpy to_orc to_parquet to_period to_pickle to_records to_sql
    to_stata to_string to_timestamp to_xarray to_xml transform transpose truediv truncate tz_convert
    tz_localize unstack update value_counts values var where xs""".split()
)
# Members older pandas had: code that still spells them means the member, never a column.
REMOVED_MEMBERS = frozenset(
    {name.rpartition(".")[2] for name in public_api.FORMER if name.startswith(f"{DATAFRAME}.")}
    | {"bool", "first", "last", "pad", "mad"}
)
# Members that hold data (read without a call): they name API even when not called.
PROPERTIES: dict[str, frozenset[str]] = {
    # `ix`: the indexer pandas 1.0 removed, which older notes index with (`df.ix[0]`)
    DATAFRAME: frozenset("loc iloc at iat ix shape columns index values T dtypes size ndim empty axes attrs flags style"
                         .split()),
    SERIES: frozenset("loc iloc at iat ix shape index values T dtype size ndim empty str dt cat name hasnans is_unique "
                      "is_monotonic_increasing is_monotonic_decreasing nbytes array attrs flags".split()),
    TENSOR: frozenset("shape grad data T mT dtype device requires_grad is_cuda ndim is_leaf grad_fn layout".split()),
    NDARRAY: frozenset("shape T dtype size ndim flat real imag nbytes itemsize strides base".split()),
    # an Index's, with what only its kinds have: a MultiIndex's levels, a DatetimeIndex's date fields
    INDEX: frozenset("shape values T dtype size ndim empty str name names nlevels is_unique hasnans levels codes "
                     "year month day hour minute second weekday dayofweek day_of_week dayofyear quarter date".split()),
    MODULE: frozenset({"training"}),
    OPTIMIZER: frozenset({"param_groups", "state", "defaults"}),
    DATALOADER: frozenset({"dataset", "batch_size"}),
    FRAME_GROUPBY: frozenset("ngroups groups indices ndim".split()),
    SERIES_GROUPBY: frozenset("ngroups groups indices ndim".split()),
    RESPONSE: frozenset("text content status_code headers cookies url encoding apparent_encoding history ok reason "
                        "elapsed request raw links is_redirect".split()),
    TAG: frozenset(_TAG_ATTRIBUTES),
    WEBDRIVER: frozenset("title current_url page_source window_handles current_window_handle switch_to name "
                         "session_id".split()),
    WEB_ELEMENT: frozenset("text tag_name size location rect id parent".split()),
}
_TENSOR_VALUES = frozenset({"T", "mT", "H", "data", "grad", "real", "imag"})
# (a batch norm's running statistics, the buffers `model.eval()` switches it to; a recurrent layer's
# weights per layer `k`, `weight_ih_l0`, and per direction, `weight_ih_l0_reverse`, as its reference lists them)
_NORM_STATISTICS = ("weight", "bias", "running_mean", "running_var", "num_batches_tracked")
_RECURRENT_WEIGHTS = tuple(f"{w}_{g}_l{k}{d}" for w in ("weight", "bias") for g in ("ih", "hh") for k in range(4)
                           for d in ("", "_reverse"))
_MODULE_PARAMETERS = {"torch.nn.Linear": ("weight", "bias"), "torch.nn.Conv1d": ("weight", "bias"),
                      "torch.nn.Conv2d": ("weight", "bias"), "torch.nn.Conv3d": ("weight", "bias"),
                      "torch.nn.ConvTranspose2d": ("weight", "bias"), "torch.nn.Embedding": ("weight",),
                      "torch.nn.BatchNorm1d": _NORM_STATISTICS, "torch.nn.BatchNorm2d": _NORM_STATISTICS,
                      "torch.nn.BatchNorm3d": _NORM_STATISTICS, "torch.nn.LayerNorm": ("weight", "bias"),
                      "torch.nn.GroupNorm": ("weight", "bias"),
                      **dict.fromkeys(("torch.nn.RNN", "torch.nn.LSTM", "torch.nn.GRU"), _RECURRENT_WEIGHTS),
                      **dict.fromkeys(("torch.nn.RNNCell", "torch.nn.LSTMCell", "torch.nn.GRUCell"),
                                      ("weight_ih", "weight_hh", "bias_ih", "bias_hh"))}
# attributes an instance gets in its constructor, by class, and the kind each holds: a layer's
# parameters, the model a multi-device wrapper holds (`model.module.state_dict()`)
_INSTANCE_ATTRIBUTES: dict[str, dict[str, str]] = {
    **{layer: dict.fromkeys(names, TENSOR) for layer, names in _MODULE_PARAMETERS.items()},
    **{wrapper: {"module": MODULE} for wrapper in MODEL_WRAPPERS},
    # an Axes' two axes, whose ticks are set through them (`ax.xaxis.set_major_locator(MultipleLocator(2))`)
    AXES: {**dict.fromkeys(("xaxis", "yaxis"), "matplotlib.axis.Axis"), "spines": SPINES},
    # a figure's canvas, whose events a program connects to (`fig.canvas.mpl_connect("key_press_event", f)`)
    FIGURE: {"canvas": "matplotlib.backend_bases.FigureCanvasBase"},
    BUNCH: {"data": NDARRAY, "target": NDARRAY, "images": NDARRAY, "frame": DATAFRAME},
    # `load_iris(as_frame=True)`: its samples a frame, its targets a Series
    generic(BUNCH, DATAFRAME): {"data": DATAFRAME, "target": SERIES, "frame": DATAFRAME},
}


# what a DataFrameGroupBy has that a DataFrame does not: no column of the groups
_GROUPBY_MEMBERS = frozenset("cumcount first get_group groups indices last ngroup ngroups nth ohlc obj plot".split())


def is_frame_column(attr: str) -> bool:
    """`df.price` reads a column: the name is no DataFrame member, present or removed."""
    return not attr.startswith("_") and attr not in DATAFRAME_MEMBERS and attr not in REMOVED_MEMBERS


def attribute_result(kind: str, attr: str) -> str | None:
    """The kind of `value.attr` for a value of `kind` (a DataFrame's column attribute is a Series)."""
    if kind == DATAFRAME:
        if attr in FRAME_INDEXERS:
            return FRAME_INDEXERS[attr]
        return {"T": DATAFRAME, "columns": INDEX, "index": INDEX, "values": NDARRAY, "dtypes": SERIES,
                "plot": PLOT_ACCESSOR, "style": STYLER}.get(attr) or (
            SERIES if is_frame_column(attr) else None
        )
    if kind == SERIES:
        if attr in SERIES_INDEXERS:
            return SERIES_INDEXERS[attr]
        return {"index": INDEX, "values": NDARRAY, "T": SERIES, "str": STR_ACCESSOR, "dt": DT_ACCESSOR,
                "cat": CAT_ACCESSOR, "plot": PLOT_ACCESSOR}.get(attr)
    if kind in (DT_ACCESSOR, CAT_ACCESSOR):
        return SERIES  # `s.dt.hour`, `s.cat.codes`
    if kind == FRAME_GROUPBY and attr not in _GROUPBY_MEMBERS and is_frame_column(attr):
        return SERIES_GROUPBY  # `df.groupby("k").price`, as `df.groupby("k")["price"]`
    if kind == INDEX:
        return {"values": NDARRAY, "str": INDEX_STR}.get(attr)
    if kind == NDARRAY:
        return NDARRAY if attr == "T" else None
    if kind == TENSOR:
        return TENSOR if attr in _TENSOR_VALUES else None
    if held := (_INSTANCE_ATTRIBUTES.get(kind) or _INSTANCE_ATTRIBUTES.get(name_of(kind), {})).get(attr):
        return held
    if kind == DATALOADER and attr == "dataset":
        return DATASET
    if kind in _MONGO_HELD and not attr.startswith("_") and attr not in _MONGO_MEMBERS[kind]:
        return _MONGO_HELD[kind]  # `client.test`, `db.students`
    if kind == SPINES and attr in ("left", "right", "top", "bottom"):
        return item_of(kind, attr)  # `ax.spines.top`, as `ax.spines["top"]`
    if family(kind) == TAG:
        found = _TAG_ATTRIBUTES.get(attr)
        child = attr.isidentifier() and attr.islower() and not attr.startswith("_") and attr not in _TAG_MEMBERS
        return found or (TAG if child else None)
    name = f"{name_of(kind)}.{attr}"
    return _stdlib_returns().get(name) if name in _stdlib_table()[1] else None  # `path.parent`: a property's value


def member_name(kind: str, member: str) -> str:
    """The public name of `member` on a value of `kind`, as hover and the compiler spell it:
    `pandas.Series.str.split`, `torch.optim.Optimizer.zero_grad` for an SGD, `torch.nn.Linear.weight`,
    `Axes.set_title` for a 3D Axes (`Axes3D.view_init` its own)."""
    name = name_of(kind)
    if name == AXES_3D and member not in _AXES_3D_OWN:
        return f"{AXES}.{member}"
    if member in _INSTANCE_ATTRIBUTES.get(name, ()):
        return f"{name}.{member}"
    if name == HF_DATASET_DICT and member in _HF_DATASET_STEPS:  # each split's step, as a Dataset's
        return f"{HF_DATASET}.{member}"
    if name == PEFT_MODEL and member in _PEFT_OWN:
        return f"{PEFT_MODEL}.{member}"
    fam = family(kind)
    if fam == HF_MODEL and public_api.is_public(f"{MODULE}.{member}"):  # `model.eval()`: torch's
        return f"{MODULE}.{member}"
    if name_of(fam) == INDEX and not public_api.is_public(f"{INDEX}.{member}"):
        owners = [k for k in _INDEX_KINDS if public_api.is_public(f"{k}.{member}")]
        if len(owners) == 1:  # `idx.levels`, `idx.weekday`: what only one kind of Index has
            return f"{owners[0]}.{member}"
    found = f"{name_of(fam)}.{member}"
    return _keras_model(found) if found.startswith("keras.") else found


# a 3D Axes' own members, and those it draws in three dimensions (`ax.scatter(x, y, z)`); it has the rest
# from the 2D Axes (`ax.set_title`)
_AXES_3D_OWN = frozenset((
    "view_init plot_surface plot_wireframe plot_trisurf contour3D contourf3D scatter3D plot3D bar3d text3D "
    "quiver3D stem3D add_collection3d voxels set_zlabel get_zlabel set_zlim get_zlim set_zlim3d set_zticks "
    "get_zticks set_zticklabels set_zscale invert_zaxis zaxis set_proj_type set_box_aspect get_proj "
    "mouse_init disable_mouse_rotation azim elev roll dist scatter plot bar contour contourf tricontour "
    "tricontourf quiver text errorbar fill_between"
).split())


def projected(keywords: Mapping[str, object]) -> str:
    """The Axes a call that makes one (`fig.add_subplot`, `plt.axes`) makes given these constant keywords:
    3D for `projection="3d"`."""
    return AXES_3D if keywords.get("projection") == "3d" else AXES


# what a call's constant keywords may change (`keyword_result`): the kinds of result that depend on them
KEYWORD_RESULTS = frozenset({AXES, BUNCH, HF_DATASET_DICT})


def keyword_result(found: str, keywords: Mapping[str, object]) -> str | None:
    """What a call whose result is `found` without keywords gives with these constant ones: a 3D Axes
    for `projection="3d"`; a dataset's Bunch of frames for `as_frame=True`, and no Bunch at all for
    `return_X_y=True` (a pair, known only when unpacked)."""
    if found == AXES:
        return projected(keywords)
    if found == BUNCH:
        return None if keywords.get("return_X_y") is True else \
            generic(BUNCH, DATAFRAME) if keywords.get("as_frame") is True else BUNCH
    if found == HF_DATASET_DICT and "split" in keywords:  # `load_dataset(…, split="train")`: that split
        return HF_DATASET
    return found


# library objects indexed for a value, and its kind: numpy's that build an array (`np.c_[np.ones((100, 1)), X]`,
# `np.mgrid[0:3, 0:3]`), matplotlib's registry of colormaps (`matplotlib.colormaps["viridis"]`)
INDEXED_VALUES = {**dict.fromkeys(("numpy.c_", "numpy.r_", "numpy.mgrid"), NDARRAY), "matplotlib.colormaps": COLORMAP}


def item_of(kind: str, key: object) -> str | None:
    """What `value[key]` holds for a value of `kind` (`key`: the constant indexed with, else `...`): a
    pymongo client's database and a database's collection by name (`client["test"]["students"]`), a
    Beautiful Soup tag's HTML attribute (`link["href"]` a string, `tag["class"]` a list of words)."""
    if kind in _MONGO_HELD:
        return _MONGO_HELD[kind]
    if family(kind) == TAG and isinstance(key, str):
        return "list" if key in _MULTI_VALUED else "str"
    if kind == SPINES:  # `ax.spines["left"]`, or a list of names whose spines are changed together
        return "matplotlib.spines.Spine"
    if kind == HF_DATASET_DICT and isinstance(key, str):  # `ds["train"]`
        return HF_DATASET
    return None


def class_attribute(cls: str | None, attr: str) -> str | None:
    """The kind of a class's attribute that no definition in the file binds: a Django model's `objects`
    (its manager, a QuerySet as far as its methods go) for a subclass of `django.db.models.Model`, for a
    class a project imports from an app's `models` module (`from blog.models import Article`), and for a
    capitalised class the file names with no path at all (`cls` None: `from .models import Tag`, a note's
    `Entry` from its project)."""
    if attr != "objects":
        return None
    if cls is None or cls == DJANGO_MODEL:
        return QUERYSET
    module, _, name = cls.rpartition(".")
    app_model = module.rpartition(".")[2] == "models" and name[:1].isupper() and not cls.startswith(_LIBRARY_MODELS)
    return QUERYSET if app_model else None


_LIBRARY_MODELS = ("torchvision.", "keras.", "tensorflow.", "django.")  # their `models` modules hold no app's models


def imported_value(qualified: str) -> str | None:
    """The kind of an imported name's attribute read as written (`cm.jet`, `Article.objects`), when known."""
    owner, _, attr = qualified.rpartition(".")
    return module_value(qualified) or (class_attribute(owner, attr) if owner else None)


def module_value(qualified: str) -> str | None:
    """The kind of a library's module-level value read as an attribute: matplotlib's built-in colormaps
    (`cm.jet`, `plt.cm.viridis`), each listed with its reversed twin (`jet_r`) as no other name of the
    module is; None for anything else."""
    module, _, name = qualified.rpartition(".")
    if module != "matplotlib.cm" or name.startswith("_"):
        return None
    twin = name[:-2] if name.endswith("_r") else f"{name}_r"
    return COLORMAP if public_api.is_public(qualified) and public_api.is_public(f"{module}.{twin}") else None


# the kinds of Index whose own members the table lists (a frame's `.index` is any of them)
_INDEX_KINDS = ("pandas.MultiIndex", "pandas.DatetimeIndex")


def is_property(kind: str, member: str) -> bool:
    """A member that names API when read without a call (`df.loc`, `x.shape`, `s.dt.hour`, a
    standard class's property by its stub: `path.suffix`, `now.year`); a DataFrame's column read as an
    attribute does not."""
    if name_of(kind) in (DT_ACCESSOR, CAT_ACCESSOR) or member in _INSTANCE_ATTRIBUTES.get(name_of(kind), ()):
        return True
    if member.endswith("_") and kind.startswith("sklearn."):  # a fitted estimator's `inertia_`, `coef_`, as listed
        return public_api.is_public(f"{name_of(kind)}.{member}")
    return member in PROPERTIES.get(name_of(family(kind)), ()) or f"{name_of(kind)}.{member}" in _stdlib_table()[1]


# --------------------------------------------------------------------- what a value's name suggests
# How people name the values a note uses without defining them (`model.eval()` in a sentence,
# `df.loc[...]` in a snippet with no read_csv). Only a guess: taken where nothing says what the name
# holds, and only for a member the class really has.
_CONVENTIONAL_NAMES: dict[str, tuple[str, ...]] = {
    "model": (MODULE, KERAS_MODEL, HF_MODEL), "net": (MODULE,), "module": (MODULE,), "layer": (MODULE,),
    "tokenizer": (HF_TOKENIZER,),
    "optimizer": (OPTIMIZER,), "optim": (OPTIMIZER,), "opt": (OPTIMIZER,),
    "scheduler": (LR_SCHEDULER,), "lr_scheduler": (LR_SCHEDULER,), "writer": (SUMMARY_WRITER,),
    "df": (DATAFRAME,), "data": (DATAFRAME,), "series": (SERIES,), "s": (SERIES,),
    "arr": (NDARRAY,), "array": (NDARRAY,), "tensor": (TENSOR,), "loss": (TENSOR,),
    # what a model gives back, by the names only its outputs get (`embeddings.detach().numpy()`,
    # `logits.argmax(-1)`; not `pred`, `output`: what any function returns is named so too)
    "logits": (TENSOR,), "outputs": (TENSOR,), "embeddings": (TENSOR,), "embedding": (TENSOR,), "emb": (TENSOR,),
    "hidden": (TENSOR,), "probs": (TENSOR,),
    "loader": (DATALOADER,), "dataloader": (DATALOADER,), "dataset": (DATASET,),
    "f": (TEXT_FILE,), "fp": (TEXT_FILE,), "fh": (TEXT_FILE,), "file": (TEXT_FILE,), "fin": (TEXT_FILE,),
    "fout": (TEXT_FILE,),
    "ax": (AXES,), "fig": (FIGURE,),
    "soup": (SOUP,), "response": (RESPONSE,), "resp": (RESPONSE,),
    # a browser a note on Selenium drives (`driver.set_window_size(100, 50)`), a MongoDB client and database
    "driver": (WEBDRIVER,), "browser": (WEBDRIVER,), "client": (MONGO_CLIENT,), "db": (MONGO_DATABASE,),
    "self": ("unittest.TestCase",),  # `self.assertRaises(...)` written alone in a note on unittest
    # beginners' notes name values by their type (`list1.copy()`, `dict2.items()`, `str1.encode()`)
    "list": ("list",), "lst": ("list",), "dict": ("dict",), "dic": ("dict",), "tuple": ("tuple",),
    "tup": ("tuple",), "set": ("set",), "str": ("str",),
}


def named_kind(name: str, member: str, libraries: Collection[str]) -> str | None:
    """The kind a value's conventional name gives it when it is used with `member` (`ax.set_xticks`:
    an Axes; `model.fit`: a Keras Model) in a note about `libraries`: one of that kind's listed
    members, or any member of a library the public-API list does not cover (the note writes it, so
    nothing is invented)."""
    if member.startswith("_"):
        return None
    for kind in conventional_kinds(name):
        listed = public_api.is_public(f"{kind}.{member}")
        if _of_libraries(kind, libraries) and (listed or not public_api.is_closed(kind)):
            return kind
    return None


def conventional_kinds(name: str) -> tuple[str, ...]:
    """The kinds a variable's name alone suggests (`model`, `optimizer`, `df_train`), most likely first."""
    found = _CONVENTIONAL_NAMES.get(name.lower().rstrip("0123456789_"))
    if found:
        return found
    return (DATAFRAME,) if FRAME_NAME.fullmatch(name) else ()


# the owners whose members spelt alike are one operation: a module's function and its class's method
# (`pandas.merge` and `DataFrame.merge`, `torch.sum` and `Tensor.sum`, `numpy.sum` and `ndarray.sum`), a
# frame's and a series' (`isnull`, both NDFrame's); pyplot's functions call the current Axes' or Figure's
# method (`plt.plot`, `plt.subplots_adjust`)
MIRRORS = (frozenset({"pandas", "pandas.Series", "pandas.DataFrame"}), frozenset({"torch", "torch.Tensor"}),
           frozenset({"numpy", "numpy.ndarray"}),
           frozenset({"matplotlib.pyplot", "matplotlib.axes.Axes", "matplotlib.figure.Figure"}),
           # a module's functions and its compiled pattern's (or generator's) methods: `re.sub(p, r, s)` is
           # `re.compile(p).sub(r, s)`, `random.randint` is the module's hidden `random.Random`'s
           frozenset({"re", "re.Pattern"}), frozenset({"random", "random.Random"}))


def mirrors(a: str, b: str) -> bool:
    """Whether two members spelt alike are the same operation (`pandas.Series.isnull` and
    `pandas.DataFrame.isnull`), not namesakes (`DataFrame.transform`, `DataFrameGroupBy.transform`)."""
    owner_a, owner_b = a.rpartition(".")[0], b.rpartition(".")[0]
    return owner_a == owner_b or any(owner_a in group and owner_b in group for group in MIRRORS)


def mirrored_owner(member: str, packages: Collection[str]) -> str | None:
    """`public_api.sole_owner`, where the main classes with `member` are one operation's spellings
    (`to_sql`: a frame's and a series'): the first of them, the one notes mean most (`DataFrame.to_sql`)."""
    owned = public_api.owners(member, packages)
    return owned[0] if owned and all(mirrors(owned[0], other) for other in owned[1:]) else None


def guessed_kind(name: str, libraries: Collection[str]) -> str | None:
    """The first kind a value's conventional name suggests that belongs to one of `libraries`
    (`def clean(df): return df.groupby("a").sum()`: a frame, whose grouping's `sum` the chain reaches)."""
    return next((kind for kind in conventional_kinds(name) if _of_libraries(kind, libraries)), None)


def _of_libraries(kind: str, libraries: Collection[str]) -> bool:
    """Whether `kind` is a class of one of `libraries` (notes file Keras under TensorFlow: `PROVIDED_BY`)."""
    root = kind.split(".", 1)[0]
    return root in libraries or PROVIDED_BY.get(root) in libraries


def called_kind(name: str, libraries: Collection[str], members: Iterable[str] = ()) -> str | None:
    """The kind a value's conventional name gives it where the code calls it and nothing says what it
    holds (`pred = model(x)`, `model` a parameter or another cell's: a torch module, so `pred` is its
    forward's output): the first of its conventional kinds, of one of `libraries`, whose instances are
    called and that lists every one of the `members` the code uses on it (d2l's `net.begin_state()`
    says its `net` is a class of the book's own); None otherwise."""
    for kind in conventional_kinds(name):
        listed = all(public_api.is_public(f"{kind}.{m}") for m in members if not m.startswith("__"))  # `__class__`: any object's
        if _of_libraries(kind, libraries) and call_of_instance(kind) and listed:
            return kind
    return None


# ------------------------------------------------------------------------------ autograd facts
# Operations whose backward needs their own *output*: writing into that output in place breaks backward.
SAVES_OUTPUT = frozenset(
    "exp tanh sigmoid relu softmax log_softmax sqrt rsqrt exp2 expm1 relu6 hardtanh elu".split()
)
# Modules whose forward ends in such an operation (so does an nn.Sequential whose last layer is one).
SAVES_OUTPUT_MODULES = frozenset(
    f"torch.nn.{n}" for n in "Tanh Sigmoid ReLU ReLU6 ELU Softmax LogSoftmax Hardtanh Softmax2d".split()
)
SAVES_OUTPUT_CLASS_NAMES = frozenset(name_of(m).rsplit(".", 1)[1] for m in SAVES_OUTPUT_MODULES)  # `Tanh`: how code names one
CONTAINER_MODULES = frozenset({"torch.nn.Sequential", "torch.nn.ModuleList", "torch.nn.ModuleDict"})
# Calls whose result is cut off from the autograd graph, and attributes that hold no graph.
DETACHING = frozenset({"detach", "item", "tolist", "numpy"})
NO_GRAD_ATTRS = frozenset({"data", "grad", "shape", "dtype", "device"})
# Operations whose backward reads no saved tensor (sizes at most): a graph made from leaves by these
# alone saves nothing, so a second backward through it works (`y = x.sum(); y.backward(); y.backward()`
# accumulates `x.grad`, as tutorials show); `*`, `/`, `**`, `@` and the activations save their inputs.
SAVES_NOTHING = frozenset(
    "sum mean add sub neg negative view reshape flatten squeeze unsqueeze t transpose permute expand expand_as "
    "clone contiguous to cuda cpu float double half cat stack".split()
)
# Conversions that keep a tensor the same value (a leaf stays a leaf for autograd's purposes).
CONVERSIONS = frozenset("to cuda cpu float double half bfloat16 view reshape requires_grad_ contiguous".split())
LEAF_FACTORIES = frozenset({"torch.nn.Parameter", "torch.nn.parameter.Parameter"})
BACKWARD_FUNCTIONS = frozenset({"torch.autograd.grad", "torch.autograd.backward"})
GRAD_GUARDS = frozenset({"no_grad", "inference_mode", "set_grad_enabled"})
TRAINING_CALLS = frozenset({"backward", "step", "zero_grad", "train"})
# Methods only nn.Module (not optimizers, not data loaders) has: a name used with one is a module.
MODULE_ONLY_METHODS = frozenset(
    {"parameters", "named_parameters", "named_modules", "named_children", "register_buffer", "eval"}
)

# --------------------------------------------------------------------------------- CUDA timing
TIMERS = frozenset({"time.time", "time.perf_counter", "time.monotonic", "timeit.default_timer"})
# A public torch operation that queues device work: `torch.matmul`, `torch.nn.functional.conv2d`.
DEVICE_OP = re.compile(r"^torch\.(?:nn\.functional\.|linalg\.|fft\.)?[a-z][a-z0-9_]*$")
SYNCING = frozenset({"synchronize", "item", "cpu", "tolist", "numpy", "elapsed_time", "wait"})
# torch functions that queue no device work: they build a tensor on the host from host data
# (`torch.from_numpy(a)`, a data loader's batch) or touch no tensor at all (seeding, saving, settings).
HOST_ONLY = frozenset(
    "from_numpy frombuffer manual_seed seed initial_seed save load is_tensor is_floating_point numel "
    "set_num_threads get_num_threads set_printoptions set_default_dtype get_default_dtype".split()
)
# Factories that allocate on the default (CPU) device unless given `device=`; `torch.tensor(rows)` copies
# host data there too.
DEFAULT_DEVICE_FACTORIES = frozenset(
    "tensor as_tensor zeros ones empty full rand randn randint randperm arange linspace logspace eye".split()
)

# ------------------------------------------------------------------------------ pandas writes
# Methods that, called with `inplace=True` on a temporary (a column, a selection), warn with
# ChainedAssignmentError in pandas 3 and change nothing (pandas.core.generic, pandas 3.1).
CHAINED_INPLACE_METHODS = frozenset("fillna ffill bfill replace interpolate clip where mask".split())
# `update` writes in place without an `inplace` argument (pandas.core.frame / series, pandas 3.1).
CHAINED_UPDATE_METHODS = frozenset({"update"})
INDEXERS = ("loc", "iloc", "at", "iat")
# What builds a DataFrame on the default RangeIndex (labels 0..n-1 are its positions) unless told
# otherwise by the keyword beside it: `pd.DataFrame({...})` (no `index=`), `pd.read_csv(path)` (no `index_col=`).
DEFAULT_INDEX_BUILDERS = {"pandas.DataFrame": "index", "pandas.read_csv": "index_col", "pandas.read_table": "index_col",
                          "pandas.read_excel": "index_col"}

# --------------------------------------------------------------------------------- TensorFlow 1
# Names that exist in TF1's top level (or sub-module) and only under `tf.compat.v1` in TF2.
TF1_ONLY = frozenset(
    """Session InteractiveSession placeholder placeholder_with_default get_variable variable_scope
    global_variables_initializer local_variables_initializer initialize_all_variables
    reset_default_graph get_default_graph get_default_session ConfigProto GPUOptions RunOptions
    trainable_variables global_variables assign assign_add Print to_float to_int32 to_int64 log
    sparse_placeholder random_normal random_uniform truncated_normal set_random_seed
    train.GradientDescentOptimizer train.AdamOptimizer train.MomentumOptimizer train.RMSPropOptimizer
    train.AdagradOptimizer train.Saver train.get_or_create_global_step train.get_global_step
    layers.dense layers.conv2d layers.dropout layers.flatten layers.max_pooling2d
    losses.softmax_cross_entropy losses.sparse_softmax_cross_entropy summary.FileWriter
    summary.merge_all nn.rnn_cell.LSTMCell nn.rnn_cell.BasicLSTMCell nn.dynamic_rnn
    app.flags app.run logging.set_verbosity""".split()
)
