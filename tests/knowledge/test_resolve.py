"""The symbol at a position: imports first, inferred receivers second, tolerant of half-typed files."""

from __future__ import annotations

import pytest

import ast

from notesense.analysis import api, resolve
from notesense.analysis.document import Document
from notesense.analysis.resolve import chain_at, public_name, symbol_at
from notesense.features.completion import CompletionOptions, complete
from notesense.features.hover import hover
from notesense.library.index import Library
from notesense.library.model import Snippet, Source


def resolved(at, source: str) -> str | None:
    doc, line, col = at(source)
    r = symbol_at(doc, line, col, use_jedi=False)
    return None if r is None else r.canonical


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import pandas as pd\npd.con|cat([a, b])", "pandas.concat"),
        ("import torch.nn.functional as F\ny = F.soft|max(x, dim=1)", "torch.nn.functional.softmax"),
        ("from numpy import argwhere as aw\nidx = a|w(x > 1)", "numpy.argwhere"),
        ("import numpy as xp\nxp.argwh|ere(x)", "numpy.argwhere"),
        ("from torch import nn\nfc = nn.Lin|ear(3, 4)", "torch.nn.Linear"),
        ("import torch\nparts = torch.chunk|(x, 2)", "torch.chunk"),  # just after the name
        ("import pandas as pd\ndf = pd.read_csv('a.csv')\ndf.fill|na(0)", "pandas.DataFrame.fillna"),
        ("import pandas as pd\ndf = pd.read_csv('a.csv')\ndf['a'].fill|na(0)", "pandas.Series.fillna"),
        ("import pandas as pd\ndf = pd.read_csv('a.csv')\ndf[df.a > 1].he|ad()", "pandas.DataFrame.head"),
        ("def f():\n    import numpy as np\n    return np.argw|here(x)", "numpy.argwhere"),
        ("import numpy as np\nx = '中文😀'; y = np.argw|here(x)  # 注释😀", "numpy.argwhere"),
        # builtin types: a dict is not a DataFrame, its `get` is `dict.get`
        ("import pandas as pd\nd = {'a': 1}\nd.ge|t('a')", "dict.get"),
        ("import pandas as pd\nrows = [1]\nrows.app|end(2)", "list.append"),
        # numpy's elementwise functions keep what they are given: a column stays a Series, an array an array
        ("import numpy as np\nimport pandas as pd\nh = pd.read_csv('h.csv')\nc = np.ceil(h['x'] / 1.5)\nc.whe|re(c < 5, 5.0)",
         "pandas.Series.where"),
        ("import numpy as np\nx = np.log(np.arange(1, 4))\nx.ro|und(2)", "numpy.ndarray.round"),
        # `projection="3d"` makes a 3D Axes: its own methods are its, the rest the 2D Axes'
        ("import matplotlib.pyplot as plt\nfig = plt.figure()\nax = fig.add_subplot(111, projection='3d')\nax.view_i|nit(30, 45)",
         "mpl_toolkits.mplot3d.axes3d.Axes3D.view_init"),
        ("import matplotlib.pyplot as plt\nfig = plt.figure()\nax = fig.add_subplot(111, projection='3d')\nax.set_tit|le('t')",
         "matplotlib.axes.Axes.set_title"),
        ("import matplotlib.pyplot as plt\nax = plt.axes(projection='3d')\nax.plot_surf|ace(X, Y, Z)",
         "mpl_toolkits.mplot3d.axes3d.Axes3D.plot_surface"),
        ("import matplotlib.pyplot as plt\nfig = plt.figure()\nax = fig.add_subplot(111)\nax.scat|ter(x, y)", "matplotlib.axes.Axes.scatter"),
        # numpy's indexed builders make arrays
        ("import numpy as np\nX_b = np.c_[np.ones((100, 1)), X]\ngram = X_b.|T.dot(X_b)", "numpy.ndarray.T"),
        ("import numpy as np\ng = np.mgrid[0:3, 0:3]\ng.resh|ape(2, -1)", "numpy.ndarray.reshape"),
        ("names = sorted(words)\nnames.so|rt()", "list.sort"),
        ("s = ', '.jo|in(names)", "str.join"),
        ("s = f'{a}-{b}'.upp|er()", "str.upper"),
        ("zi|p(a, b)", "zip"),
        # a builtin type's own function, called on the type
        ("table = str.maketr|ans('ab', '12')", "str.maketrans"),
        ("d = dict.fromke|ys(['a', 'b'])", "dict.fromkeys"),
        # a conversion keeps a column a column: `pd.to_timedelta(df.t)` is a Series, its `.dt` the accessor
        ("import pandas as pd\ndf = pd.read_csv('a.csv')\ns = pd.to_timedelta(df.t)\ns.dt.total_sec|onds()",
         "pandas.Series.dt.total_seconds"),
        ("import pandas as pd\ndf = pd.read_csv('a.csv')\nd = pd.to_datetime(df[['y', 'm', 'd']])\nd.dt.ye|ar",
         "pandas.Series.dt.year"),
        # a method chain written one call a line: the receiver stands on the lines above
        ("import pandas as pd\ndf = pd.read_csv('a.csv')\nout = (\n    df\n    .group|by('a')\n)",
         "pandas.DataFrame.groupby"),
        ("import pandas as pd\ndf = pd.read_csv('a.csv')\nout = (df.query('a > 1')  # rows\n       .groupby('a')\n       .me|an())",
         "pandas.core.groupby.DataFrameGroupBy.mean"),
        ("import pandas as pd\ndf = pd.read_csv('a.csv')\ndf = (df\n      .assign(c=1)\n      .que|ry('c > 0'))",
         "pandas.DataFrame.query"),
        ("import pandas as pd\ndf = pd.read_csv('a.csv')\nout = df.groupby('a') \\\n    .su|m()",
         "pandas.core.groupby.DataFrameGroupBy.sum"),
        # torch's in-place methods return the tensor they change
        ("import torch\nw = torch.zeros(2, 1).normal_(std=0.01)\nw.requires_gr|ad_(True)", "torch.Tensor.requires_grad_"),
        ("import torch\nb = torch.empty(3).uniform_(-1, 1).clamp_(0, 1)\nb.su|m()", "torch.Tensor.sum"),
        # a package capitalised as prose writes it (`import NumPy as np` in a note): the package meant
        ("import NumPy as np\nx = np.zer|os(3)", "numpy.zeros"),
        ("from Pandas import DataFrame\ndf = DataFrame({'a': [1]})\ndf.hea|d()", "pandas.DataFrame.head"),
        ("import Torch\nt = Torch.on|es(2)", "torch.ones"),
    ],
)
def test_resolves(at, source: str, expected: str) -> None:
    assert resolved(at, source) == expected


@pytest.mark.parametrize(
    "source",
    [
        "x = 1\nx.bit|_length()",
        "s = 'text'\ns.no_such_meth|od()",  # a str, but no str method of that name
        "import pandas as pd\npd.concat(|)",  # not on a name
        "import pandas as pd\n# pd.con|cat in a comment is text",
        "str = 3\nstr.maketr|ans('ab', '12')",  # `str` rebound: the file's own value, an int
        "import pandas as pd\ndf = pd.read_csv('a.csv')\nx = 1\n\n    .su|m()",  # no receiver above a blank line
    ],
)
def test_unknown_is_none(at, source: str) -> None:
    assert resolved(at, source) is None


def test_half_typed_file_keeps_imports_and_receivers(at) -> None:
    source = """
    import pandas as pd
    import numpy as xp

    df = pd.read_csv("a.csv")
    def broken(:
    df.fill|na(0)
    y = xp.argwhere(
    """
    doc, line, col = at(source)
    assert doc.tree is None and doc.imports.tolerant
    assert symbol_at(doc, line, col).canonical == "pandas.DataFrame.fillna"


def test_columns_are_code_points_with_emoji(at) -> None:
    doc, line, col = at("import numpy as np\ns = '😀😀'; np.argw|here(x)")
    r = symbol_at(doc, line, col, use_jedi=False)
    assert (r.start, r.end) == (13, 21)
    assert doc.line(line)[r.start:r.end] == "argwhere"


def test_chain_at_receivers() -> None:
    c = chain_at("x = df['a'].fil", 15)
    assert (c.receiver, c.member, c.start, c.dotted) == ("df['a']", "fil", 4, False)
    c = chain_at("    pd.DataFrame.", 17)
    assert (c.receiver, c.member, c.start, c.dotted) == ("pd.DataFrame", "", 4, True)
    c = chain_at("foo(bar).baz(1).q", 17)
    assert (c.receiver, c.member, c.start) == ("foo(bar).baz(1)", "q", 0)
    c = chain_at("y = (x * 2).detach()", 18)  # no name before the brackets: the group is the receiver
    assert (c.receiver, c.member, c.start, c.dotted) == ("(x * 2)", "detach", 4, False)
    assert chain_at("print((x * 2).de", 16).receiver == "(x * 2)"
    c = chain_at("x = 'a, b'.up", 13)  # a string literal receiver
    assert (c.receiver, c.member, c.start, c.dotted) == ("'a, b'", "up", 4, False)
    assert chain_at("f'{x}'.up", 9).receiver == "f'{x}'"
    assert chain_at("x = 1.5", 7) is None
    assert chain_at("plain", 3).member == "pla"


def test_public_name() -> None:
    assert public_name("pandas.core.frame.DataFrame.fillna") == "pandas.DataFrame.fillna"
    assert public_name("pandas.core.generic.NDFrame.fillna") == "pandas.DataFrame.fillna"
    assert public_name("numpy._core.multiarray.argwhere") == "numpy.argwhere"
    assert public_name("torch.nn.functional.softmax") == "torch.nn.functional.softmax"


def _jedi_idle() -> None:
    """Wait for jedi work earlier tests left running (a hover on torch code can keep jedi busy for
    many seconds on a loaded machine): these tests time jedi's answer to their own request."""
    from notesense.analysis import resolve

    resolve._jedi_pool.submit(lambda: None).result(timeout=300)


def test_jedi_fallback_within_budget() -> None:
    """jedi answers what the local inference cannot (an attribute of a user's class instance); the
    first call may exceed the budget (jedi warming up) and then answers None, never blocking."""
    import time

    _jedi_idle()

    source = "import collections\nclass A:\n    q = collections.OrderedDict()\nA().q.popitem()\n"
    doc = Document(source)
    started = time.perf_counter()
    first = symbol_at(doc, 3, 8)
    assert time.perf_counter() - started < 1.0
    deadline = time.time() + 20
    result = first
    while result is None and time.time() < deadline:
        time.sleep(0.2)
        result = symbol_at(doc, 3, 8)
    assert result is not None and result.canonical.endswith("OrderedDict.popitem")


def test_a_late_jedi_answer_serves_the_next_request(monkeypatch) -> None:
    """On a busy machine jedi may never answer within the budget; its late answer is kept, so the
    next hover at the same place gets it at once instead of starting jedi over (and timing out again)."""
    import time

    from notesense.analysis import resolve

    _jedi_idle()
    monkeypatch.setattr(resolve, "JEDI_BUDGET_S", 0.0)  # every request gives up before jedi answers
    doc = Document("import collections\nclass B:\n    q = collections.deque()\nB().q.appendleft(1)\n")
    deadline = time.time() + 60
    result = symbol_at(doc, 3, 8)
    while result is None and time.time() < deadline:
        time.sleep(0.1)
        result = symbol_at(doc, 3, 8)
    assert result is not None and result.canonical.endswith("deque.appendleft")


RECEIVERS = """\
import pandas as pd
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset
from torch.utils.tensorboard import SummaryWriter

df = pd.read_csv("sales.csv")
s = df["city"]
parts = s.str.split(",")
hours = df["when"].dt.hour
totals = df.groupby("a").agg("sum")
monthly = df.resample("M").mean()
smooth = s.rolling(3).mean()


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 3)

    def forward(self, x):
        return self.fc(x)


model = Net()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=1)
optimizer.zero_grad()
scheduler.step()
model.eval()
w = model.fc.weight
loader = DataLoader(TensorDataset(torch.zeros(4, 3)), batch_size=2)
n = loader.dataset
first = DataLoader(TensorDataset(torch.zeros(4, 3))).dataset
adam = torch.optim.Adam(model.parameters(), lr=0.01)
adam.step()
writer = SummaryWriter()
writer.add_scalar("loss", 1.0, 0)
t = torch.ones(2, 2, requires_grad=True)
frozen = (t * 2).detach()
centred = (s - s.mean()).abs()
"""


@pytest.mark.parametrize("analysed", [True, False], ids=["model", "quick"])
@pytest.mark.parametrize(
    ("line_text", "word", "expected", "quick_too"),
    [
        ("parts = s.str.split", "split", "pandas.Series.str.split", True),
        ("hours = df", "hour", "pandas.Series.dt.hour", True),
        ("totals =", "agg", "pandas.core.groupby.DataFrameGroupBy.agg", True),
        ("monthly =", "mean", "pandas.core.resample.Resampler.mean", True),
        ("smooth =", "mean", "pandas.core.window.rolling.Rolling.mean", True),
        ("optimizer.zero_grad", "zero_grad", "torch.optim.Optimizer.zero_grad", True),
        ("scheduler.step", "step", "torch.optim.lr_scheduler.LRScheduler.step", True),
        ("model.eval", "eval", "torch.nn.Module.eval", True),
        ("w = model.fc.weight", "weight", "torch.nn.Linear.weight", False),
        ("n = loader.dataset", "dataset", "torch.utils.data.DataLoader.dataset", True),
        ("writer.add_scalar", "add_scalar", "torch.utils.tensorboard.SummaryWriter.add_scalar", True),
        ("frozen = (t * 2)", "detach", "torch.Tensor.detach", True),  # a bracketed expression is the receiver
        ("centred = (s - s.mean())", "abs", "pandas.Series.abs", True),
        ("        return self.fc", "fc", None, True),  # the class's own attribute names no library API
    ],
)
def test_receivers_hover_and_the_compiler_agree_on(line_text, word, expected, quick_too, analysed) -> None:
    """Accessors, GroupBy/Resampler/Rolling results, optimizers, schedulers, data loaders, writers,
    nn.Module subclasses and their attributes resolve to the names the compiler writes."""
    if not analysed and not quick_too:
        pytest.skip("needs the class body: the model, not the binding lines")
    lines = RECEIVERS.splitlines()
    line = next(i for i, text in enumerate(lines) if text.startswith(line_text))
    doc = Document(RECEIVERS)
    if analysed:
        assert doc.kinds is not None
    found = symbol_at(doc, line, lines[line].rindex(word), use_jedi=False)
    assert (found.canonical if found else None) == expected


def test_the_compiler_names_receivers_like_the_hover() -> None:
    from notesense.analysis.imports import parse_imports
    from notesense.compile.symbols import code_symbols
    from notesense.analysis.semantic import walk

    import ast

    tree = ast.parse(RECEIVERS)
    found = code_symbols(tree, walk(tree), RECEIVERS, parse_imports(RECEIVERS), "torch").ranked
    for name in ("pandas.Series.str.split", "pandas.core.groupby.DataFrameGroupBy.agg", "torch.optim.Optimizer.zero_grad",
                 "torch.nn.Module.eval", "torch.utils.tensorboard.SummaryWriter.add_scalar", "torch.Tensor.detach",
                 "pandas.Series.abs"):
        assert name in found, name


FILES_AND_PATHS = """\
from pathlib import Path

log = open("run.log", encoding="utf-8")
text = log.read()
with open("rows.txt") as f:
    rows = f.readlines()
with open("out.txt", "w") as out, open("blob.bin", "rb") as raw:
    out.write("done")
    head = raw.read(4)
data = Path.cwd() / "data" / "train.csv"
ext = data.suffix
name = data.stem
folder = data.parent
other = data.with_suffix(".parquet")
config = "etc" / Path.home() / ".config"
config.mkdir()
fh = Path("a.bin").open("rb")
fh.read()
base = Path(__file__).resolve().parent
for table in base.rglob("*.csv"):
    print(table.stem)
for line in log:
    cells = line.strip().split(",")
for number, entry in enumerate(log):
    entry.split()
"""


@pytest.mark.parametrize(
    ("line_text", "word", "expected"),
    [
        ("text = log.read", "read", "io.TextIOWrapper.read"),
        ("    rows = f.readlines", "readlines", "io.TextIOWrapper.readlines"),
        ("    out.write", "write", "io.TextIOWrapper.write"),
        ("    head = raw.read", "read", "io.BufferedReader.read"),  # a binary mode's file
        ("ext = data.suffix", "suffix", "pathlib.Path.suffix"),  # `/` on a Path is a Path
        ("name = data.stem", "stem", "pathlib.Path.stem"),
        ("folder = data.parent", "parent", "pathlib.Path.parent"),
        ("other = data.with_suffix", "with_suffix", "pathlib.Path.with_suffix"),
        ("config.mkdir", "mkdir", "pathlib.Path.mkdir"),  # `str / Path` too, and `Path.home()`
        ("fh.read", "read", "io.BufferedReader.read"),
        ("for table in base.rglob", "rglob", "pathlib.Path.rglob"),  # a property's value: `.parent` is a Path
        ("    print(table.stem", "stem", "pathlib.Path.stem"),  # what iterating `glob`/`rglob` gives
        ("    cells = line.strip", "strip", "str.strip"),  # a line of a text file
        ("    entry.split", "split", "str.split"),  # what `enumerate` pairs with its counter
    ],
)
def test_files_open_gives_and_paths_hover_as_the_compiler_names_them(line_text, word, expected) -> None:
    """`open()` (and `with open(...) as f`) gives a file object whose `read`/`readlines`/`write` are
    the io classes' (by the mode), a Path's operators and inherited PurePath members keep it a Path:
    the hover on the user's file and the compiler on a note's code name them alike."""
    _hover_and_compiler_name(FILES_AND_PATHS, line_text, word, expected)


EVERYDAY = """\
import subprocess
import zipfile
from concurrent.futures import ThreadPoolExecutor
import cv2
import numpy as np
from PIL import Image

done = subprocess.run(["ls"], capture_output=True, text=True)
print(done.stdout)
with zipfile.ZipFile("data.zip") as archive:
    archive.extractall("data")
with ThreadPoolExecutor() as pool:
    job = pool.submit(print, 1)
    job.result()
rng = np.random.default_rng(0)
noise = rng.normal(size=3)
img = cv2.imread("a.png")
print(img.shape)
thumb = Image.open("a.png").resize((32, 32))
thumb.save("b.png")
from sklearn.linear_model import LogisticRegression
fitted = LogisticRegression().fit(X, y)
fitted.predict_proba(X)
"""


@pytest.mark.parametrize(
    ("line_text", "word", "expected"),
    [
        ("print(done.stdout", "stdout", "subprocess.CompletedProcess.stdout"),  # an attribute its stub annotates
        ("    archive.extractall", "extractall", "zipfile.ZipFile.extractall"),
        ("    job = pool.submit", "submit", "concurrent.futures.ThreadPoolExecutor.submit"),
        ("    job.result", "result", "concurrent.futures.Future.result"),
        ("noise = rng.normal", "normal", "numpy.random.Generator.normal"),
        ("print(img.shape", "shape", "numpy.ndarray.shape"),  # OpenCV's images are arrays
        ("thumb.save", "save", "PIL.Image.Image.save"),
        ("fitted.predict_proba", "predict_proba", "sklearn.linear_model.LogisticRegression.predict_proba"),  # fit → self
    ],
)
def test_everyday_library_objects_are_typed(line_text, word, expected) -> None:
    """What `subprocess.run`, a `ZipFile` or an executor in a `with`, a `Future`, numpy's
    `default_rng()`, `cv2.imread`, PIL's `Image.open` and an estimator's `fit` give: their members
    hover by their class."""
    lines = EVERYDAY.splitlines()
    line = next(i for i, text in enumerate(lines) if text.startswith(line_text))
    found = symbol_at(Document(EVERYDAY), line, lines[line].rindex(word), use_jedi=False)
    assert (found.canonical if found else None) == expected


def test_jedis_spellings_of_path_and_file_members_are_the_tables() -> None:
    """jedi answers where a member is defined (`pathlib.PurePath.with_suffix`, `io._TextIOBase.read`);
    hover looks notes up under the class the user's value has."""
    assert public_name("pathlib.PurePath.with_suffix") == "pathlib.Path.with_suffix"
    assert public_name("pathlib.PosixPath") == "pathlib.Path"
    assert public_name("io._TextIOBase.read") == "io.TextIOWrapper.read"
    assert public_name("pathlib.PurePath") == "pathlib.PurePath"  # the class itself stays


@pytest.mark.parametrize("analysed", [True, False], ids=["model", "before-the-model"])
def test_hover_and_completion_name_every_receiver_as_the_rules_model_does(analysed, monkeypatch) -> None:
    """Through features.hover and features.completion: for every attribute in the file, the note shown
    is the one on the name the rules' model (`Document.kinds`, what `check_document` reads) gives it,
    and completing a call offers that note. Before the model is built (a request arriving ahead of
    the lint) the answer may be nothing, never another name."""
    monkeypatch.setattr(resolve, "_jedi_name", lambda doc, line, col: None)  # the file alone answers
    lines = RECEIVERS.splitlines()
    model = Document(RECEIVERS)
    attributes = [n for n in ast.walk(model.tree) if isinstance(n, ast.Attribute)]
    calls = {id(n.func) for n in ast.walk(model.tree) if isinstance(n, ast.Call)}
    named = {id(n): model.kinds.canonical(n) for n in attributes}
    library = Library(
        Snippet(id=f"note{i}", context=name.split(".")[0], title=f"note on {name}", body=f"x.{name.rpartition('.')[2]}(1)",
                code=f"x.{name.rpartition('.')[2]}(1)", source=Source("n.md", i + 1), symbols=(name,))
        for i, name in enumerate(sorted({name for name in named.values() if name}))
    )
    assert {"pandas.core.groupby.DataFrameGroupBy.agg", "pandas.Series.str.split", "torch.utils.data.DataLoader.dataset",
            "torch.optim.Optimizer.step", "torch.optim.Optimizer.zero_grad", "torch.nn.Linear.weight"} <= set(named.values())
    shown: dict[str, str | None] = {}
    for node in attributes:
        expected, line = named[id(node)], node.end_lineno - 1
        doc = Document(RECEIVERS)
        if analysed:
            assert doc.kinds is not None
        resolved = symbol_at(doc, line, node.end_col_offset - 1)  # what the hover looks notes up under
        found = hover(library, doc, line, node.end_col_offset - 1)
        title = found.markdown.removeprefix("**note on ").partition("**")[0] if found else None
        shown[ast.unparse(node)] = title
        for answer in (resolved.canonical if resolved else None, title):
            assert answer == expected or (not analysed and answer is None), (ast.unparse(node), answer, expected)
        if id(node) in calls and expected is not None:
            typed = lines[:line] + [lines[line][: node.end_col_offset]] + lines[line + 1:]
            doc = Document("\n".join(typed))
            if analysed:
                assert doc.kinds is not None
            offered = complete(library, doc, line, node.end_col_offset, CompletionOptions(show_all=True))
            assert expected in {library.get(c.snippet_id).symbols[0] for c in offered}, (ast.unparse(node), expected)
    assert shown["df.groupby('a').agg"] == "pandas.core.groupby.DataFrameGroupBy.agg"
    assert shown["DataLoader(TensorDataset(torch.zeros(4, 3))).dataset"] == "torch.utils.data.DataLoader.dataset"
    assert shown["model.fc"] is None  # the class's own attribute, in both modes


DATABASES_ROWS_BATCHES = """\
import csv
import sqlite3
import torch
from torch.utils.data import DataLoader, TensorDataset

conn = sqlite3.connect("shop.db")
cur = conn.cursor()
cur.execute("select name from items")
names = cur.fetchall()
conn.commit()
with open("items.csv", newline="") as f:
    for row in csv.reader(f):
        row.append("checked")
loader = DataLoader(TensorDataset(torch.zeros(8, 3), torch.zeros(8)), batch_size=4)
for step, (features, labels) in enumerate(loader):
    features.to("cuda")
for xb, yb in loader:
    yb.long()
for (xs, ys), (a, b) in zip(loader, loader):
    ys.float()
"""


@pytest.mark.parametrize(
    ("line_text", "word", "expected"),
    [
        ("cur = conn.cursor", "cursor", "sqlite3.Connection.cursor"),  # `connect`'s overloads agree on Connection
        ("cur.execute", "execute", "sqlite3.Cursor.execute"),
        ("names = cur.fetchall", "fetchall", "sqlite3.Cursor.fetchall"),
        ("conn.commit", "commit", "sqlite3.Connection.commit"),
        ("        row.append", "append", "list.append"),  # a csv row is a list of str
        ("    features.to", "to", "torch.Tensor.to"),  # `for i, (x, y) in enumerate(loader)`
        ("    yb.long", "long", "torch.Tensor.long"),  # a batch unpacked
        ("    ys.float", "float", "torch.Tensor.float"),  # nested inside zip
    ],
)
def test_database_cursors_csv_rows_and_unpacked_batches_are_typed(line_text, word, expected) -> None:
    """sqlite3 connections and cursors (the stubs' factory overloads read as their bound), the rows
    `csv.reader` gives, and loop targets unpacked at any depth (`for i, (x, y) in enumerate(loader)`):
    hover and the compiler name them alike."""
    _hover_and_compiler_name(DATABASES_ROWS_BATCHES, line_text, word, expected)


def _hover_and_compiler_name(source: str, line_text: str, word: str, expected: str) -> None:
    """The hover on `word` of the line starting `line_text`, and the compiler's symbols of `source`, both
    name `expected`."""
    from notesense.analysis.imports import parse_imports
    from notesense.analysis.semantic import walk
    from notesense.compile.symbols import code_symbols

    lines = source.splitlines()
    line = next(i for i, text in enumerate(lines) if text.startswith(line_text))
    found = symbol_at(Document(source), line, lines[line].rindex(word), use_jedi=False)
    assert (found.canonical if found else None) == expected
    tree = ast.parse(source)
    assert expected in code_symbols(tree, walk(tree), source, parse_imports(source), "python").ranked


JSON_DOCUMENTS = """\
import json
import requests

with open("config.json", encoding="utf-8") as f:
    config = json.load(f)
port = config.get("port", 8080)
queue = json.loads("[]")
queue.append({"id": 1})
either = json.loads(text)
either.copy()
payload = requests.get("https://example.com/api").json()
for key, value in payload.items():
    print(key, value)
"""


@pytest.mark.parametrize(
    ("line_text", "word", "expected"),
    [
        ("port = config.get", "get", "dict.get"),  # only a JSON object has `get`
        ("queue.append", "append", "list.append"),  # only a JSON array has `append`
        ("either.copy", "copy", None),  # both have `copy`: which one is not known
        ("for key, value in payload.items", "items", "dict.items"),  # `Response.json()` decodes JSON too
    ],
)
def test_decoded_json_is_a_dict_or_a_list_by_the_member_used(line_text, word, expected) -> None:
    """`json.load`, `json.loads` and `response.json()` give a JSON document: a dict or a list. A member
    only one of them has says which; one both have names nothing."""
    lines = JSON_DOCUMENTS.splitlines()
    line = next(i for i, text in enumerate(lines) if text.startswith(line_text))
    found = symbol_at(Document(JSON_DOCUMENTS), line, lines[line].rindex(word), use_jedi=False)
    assert (found.canonical if found else None) == expected


def test_jedis_keras_src_spellings_are_the_exported_names() -> None:
    """jedi answers where Keras defines a name (`keras.src.layers.core.dense.Dense`, Keras 2's
    `keras.src.engine.training.Model`, `tf_keras.src…`); notes and hover use where Keras exports it."""
    assert public_name("keras.src.layers.core.dense.Dense") == "keras.layers.Dense"
    assert public_name("keras.src.layers.core.dense.Dense.call") == "keras.layers.Dense.call"
    # what a Sequential has from Model is Model's: a note on a functional model's `fit` is about it too
    assert public_name("keras.src.models.sequential.Sequential.fit") == "keras.Model.fit"
    assert public_name("keras.src.models.sequential.Sequential.add") == "keras.Sequential.add"
    assert public_name("keras.src.engine.training.Model.compile") == "keras.Model.compile"
    assert public_name("keras.src.engine.base_layer.Layer") == "keras.layers.Layer"
    assert public_name("tf_keras.src.engine.sequential.Sequential") == "keras.Sequential"
    assert public_name("keras.src.optimizers.adam.Adam") == "keras.optimizers.Adam"
    assert public_name("keras.src.callbacks.early_stopping.EarlyStopping") == "keras.callbacks.EarlyStopping"
    assert public_name("keras.src.ops.numpy.mean") == "keras.ops.mean"
    assert public_name("keras.src.datasets.mnist.load_data") == "keras.datasets.mnist.load_data"
    assert public_name("keras.layers.Dense") == "keras.layers.Dense"


LOWER_CASE_CLASSES = """\
import collections
from datetime import datetime, date

stamp = datetime(2024, 3, 15, 9, 30)
stamp.weekday()
day = date(2024, 3, 15)
day.isoformat()
queue = collections.deque(maxlen=3)
queue.appendleft(1)
"""


@pytest.mark.parametrize(
    ("line_text", "word", "expected"),
    [
        ("stamp.weekday", "weekday", "datetime.datetime.weekday"),
        ("day.isoformat", "isoformat", "datetime.date.isoformat"),
        ("queue.appendleft", "appendleft", "collections.deque.appendleft"),
    ],
)
def test_a_standard_library_class_spelt_in_lower_case_makes_instances(line_text, word, expected) -> None:
    """`datetime(2024, 3, 15)` and `collections.deque()` construct instances as `Path()` does: the stubs
    list what calls return these classes, so they are classes, not functions."""
    lines = LOWER_CASE_CLASSES.splitlines()
    line = next(i for i, text in enumerate(lines) if text.startswith(line_text))
    found = symbol_at(Document(LOWER_CASE_CLASSES), line, lines[line].rindex(word), use_jedi=False)
    assert (found.canonical if found else None) == expected


BATCHES_ROWS_QUEUES = """\
import csv
from collections import deque

import torch
from torch.utils.data import DataLoader

loader = DataLoader(dataset, batch_size=8, shuffle=True)
for batch in loader:
    inputs = batch[0].to("cuda")
images, labels = next(iter(loader))
images.unsqueeze(1)
with open("scores.csv", newline="") as f:
    header = next(csv.reader(f))
    where = header.index("score")
recent = deque(maxlen=3)
recent.appendleft(1)
"""


@pytest.mark.parametrize(
    "line_text, word, expected",
    [
        ("    inputs = batch[0]", "to", "torch.Tensor.to"),  # a batch is a list of tensors
        ("images.unsqueeze", "unsqueeze", "torch.Tensor.unsqueeze"),  # `next(iter(loader))`, taken apart
        ("    where = header.index", "index", "list.index"),  # `next(csv.reader(f))` is a row
        ("recent.appendleft", "appendleft", "collections.deque.appendleft"),  # a lower-case stdlib class
    ],
)
def test_batches_by_index_next_rows_and_lower_case_stdlib_instances_are_typed(line_text, word, expected) -> None:
    """What `next(...)` and `iter(...)` give is an item as a loop binds it; a DataLoader's batch is a list
    of tensors, so `batch[0]` is one; `deque(...)` makes a deque. Hover and the compiler name them alike."""
    _hover_and_compiler_name(BATCHES_ROWS_QUEUES, line_text, word, expected)


def test_keras_3s_trainer_methods_are_the_models() -> None:
    """Keras 3 defines `fit`, `evaluate` and `predict` on Model's base class, the trainer (one per
    backend); jedi reports them there, while notes and the file's own code say `keras.Model.fit`."""
    assert public_name("keras.src.trainers.trainer.Trainer.fit") == "keras.Model.fit"
    assert public_name("keras.src.backend.tensorflow.trainer.TensorFlowTrainer.evaluate") == "keras.Model.evaluate"
    assert public_name("keras.src.backend.jax.trainer.JAXTrainer.predict") == "keras.Model.predict"


PLOTS_FROM_FRAMES = """\
import pandas as pd

df = pd.read_csv("sales.csv")
df.plot.scatter(x="price", y="qty")
df["price"].plot.hist(bins=20)
ax = df.plot(x="day", y="qty")
ax.set_title("qty")
"""


@pytest.mark.parametrize("analysed", [True, False], ids=["model", "quick"])
@pytest.mark.parametrize(
    ("line_text", "word", "expected"),
    [
        ("df.plot.scatter", "scatter", "pandas.plotting.PlotAccessor.scatter"),
        ('df["price"].plot', "hist", "pandas.plotting.PlotAccessor.hist"),  # a column's is the same accessor
        ("ax = df.plot", "plot", "pandas.DataFrame.plot"),
        ("ax.set_title", "set_title", "matplotlib.axes.Axes.set_title"),  # what plotting a frame draws on
    ],
)
def test_a_frames_plot_accessor_and_what_it_draws_on_are_typed(line_text, word, expected, analysed) -> None:
    """`df.plot` is pandas' plotting accessor (a frame's and a column's alike), whose methods each draw
    one chart and, as `df.plot(...)` does, return the Axes they drew on."""
    lines = PLOTS_FROM_FRAMES.splitlines()
    line = next(i for i, text in enumerate(lines) if text.startswith(line_text))
    doc = Document(PLOTS_FROM_FRAMES)
    if analysed:
        assert doc.kinds is not None
    found = symbol_at(doc, line, lines[line].rindex(word) + 1, use_jedi=False)
    assert (found.canonical if found else None) == expected


def test_the_compiler_names_plot_accessor_methods_like_the_hover() -> None:
    from notesense.analysis.imports import parse_imports
    from notesense.analysis.semantic import walk
    from notesense.compile.symbols import code_symbols

    code = "df.plot.scatter(x='a', y='b')\nax = df.plot.line()\nax.set_xlabel('t')\n"  # a note's frame, never read
    tree = ast.parse(code)
    found = code_symbols(tree, walk(tree), code, parse_imports(code), "pandas").ranked
    assert {"pandas.plotting.PlotAccessor.scatter", "pandas.plotting.PlotAccessor.line",
            "matplotlib.axes.Axes.set_xlabel"} <= set(found)
    assert api.public_name("pandas.plotting._core.PlotAccessor.scatter") == "pandas.plotting.PlotAccessor.scatter"  # jedi's


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import torch\n\npred = model(x)\nout = pred.deta|ch().numpy()", "torch.Tensor.detach"),  # another cell's model
        ("import torch\n\ndef evaluate(net, x):\n    out = net(x)\n    return out.deta|ch()", "torch.Tensor.detach"),
        # what is not called, or a name that holds nothing in particular, or no torch: nothing guessed
        ("import torch\n\npred = predict(x)\npred.deta|ch()", None),
        # a name only a model's output gets, whatever made it: a tensor
        ("import torch\n\nembeddings = model(**inputs).pooler_output\nembeddings.deta|ch().numpy()", "torch.Tensor.detach"),
        ("import torch\n\nlogits = head(h)\nlogits.argm|ax(-1)", "torch.Tensor.argmax"),
        ("import numpy as np\n\nlogits = head(h)\nlogits.argm|ax(-1)", None),
        ("import numpy as np\n\npred = model(x)\npred.deta|ch()", None),
        ("import torch\n\npred = model(x)\npred.fooba|r()", None),
    ],
)
def test_what_a_model_the_file_calls_returns_is_a_tensor(at, source: str, expected: str | None) -> None:
    """A value named as a torch module is conventionally (`model`, `net`), called where nothing says what
    it holds (a parameter, another cell's), gives its forward's output: the hover's last guess, the one
    the compiler makes of notes (`api.called_kind`)."""
    doc, line, col = at(source)
    assert (r.canonical if (r := symbol_at(doc, line, col, use_jedi=False)) else None) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import pandas as pd\n\ndef clean(df):\n    return df.groupby('a').su|m()", "pandas.core.groupby.DataFrameGroupBy.sum"),
        ("import pandas as pd\n\ndef clean(df):\n    return df.dropna().fill|na(0)", "pandas.DataFrame.fillna"),
        ('import pandas as pd\n\ndef clean(df):\n    return df.groupby("a").me|an()', "pandas.core.groupby.DataFrameGroupBy.mean"),
        # no pandas in the file, or a member the frame does not have: nothing guessed
        ("import torch\n\ndef clean(df):\n    return df.groupby('a').su|m()", None),
        ("import pandas as pd\n\ndef clean(df):\n    return df.dropna().fillnaa|()", None),
    ],
)
def test_a_parameter_s_conventional_name_carries_through_a_chain(at, source: str, expected: str | None) -> None:
    """`def clean(df): return df.groupby('a').sum()`: nothing says what `df` holds, its name says a frame
    (as `df.dropna()` alone is read); the chain on it follows from there, as the compiler reads the same
    chain in a note (`api.guessed_kind`)."""
    doc, line, col = at(source)
    assert (r.canonical if (r := symbol_at(doc, line, col, use_jedi=False)) else None) == expected


def test_the_compiler_reads_a_called_model_in_a_torch_note_like_the_hover() -> None:
    from notesense.analysis.imports import parse_imports
    from notesense.analysis.semantic import walk
    from notesense.compile.symbols import code_symbols

    code = "pred = model(x)\nlabels = pred.argmax(dim=1)\n"
    tree = ast.parse(code)
    assert "torch.Tensor.argmax" in code_symbols(tree, walk(tree), code, parse_imports(code), "torch").ranked
    assert "torch.Tensor.argmax" not in code_symbols(tree, walk(tree), code, parse_imports(code), "numpy").ranked
    # a `net` with a member no module has is a class of the note's own (a book's RNN from scratch): nothing guessed
    code = "state = net.begin_state(batch_size=1)\ny, state = net(x, state)\nlabels = y.argmax(dim=1)\n"
    tree = ast.parse(code)
    found = code_symbols(tree, walk(tree), code, parse_imports(code), "torch").ranked
    assert not {"torch.nn.Module.begin_state", "torch.Tensor.argmax"} & set(found)


def test_a_method_defined_in_a_subclass_is_the_library_method_it_overrides() -> None:
    """`def forward(self, x)` in a class extending `nn.Module` is `torch.nn.Module.forward`: a hover on
    the name being written shows what the notes say the method must do. A method the base class does
    not have, a function outside a class and the parameter `self` name nothing so."""
    doc = Document(
        "import torch.nn as nn\n\n\nclass MLP(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.fc = nn.Linear(4, 3)\n\n    def forward(self, x):\n        return self.fc(x)\n\n"
        "    def helper(self):\n        return 1\n\n\ndef forward(x):\n    return x\n"
    )
    found = symbol_at(doc, 8, 10)
    assert found is not None and (found.canonical, found.start, found.end) == ("torch.nn.Module.forward", 8, 15), found
    for line, col in ((11, 10), (15, 5), (8, 17)):  # helper: no method of Module; a function; `self`
        other = symbol_at(doc, line, col, use_jedi=False)
        assert other is None or not other.canonical.startswith("torch."), (line, other)
    note = Snippet(id="torch.s1", context="torch", title="forward", body="x", code="", kind="prose",
                   source=Source("nn.md", 3), symbols=("torch.nn.Module.forward",), doc="forward() 定义输出怎样算出，不必亲自调用。")
    shown = hover(Library([note]), doc, 8, 10)
    assert shown is not None and "不必亲自调用" in shown.markdown, shown


SCRAPING = """\
from bs4 import BeautifulSoup

soup = BeautifulSoup(page, "lxml")
first = soup.find_all("a")[0]
print(first["href"].strip())
print(first["class"].append)
for child in soup.body.div.children:
    child.get_text()
"""


@pytest.mark.parametrize(
    ("line_text", "word", "expected"),
    [
        ('first = soup', "find_all", "bs4.element.Tag.find_all"),  # the soup's members are Tag's
        ('print(first["href"]', "strip", "str.strip"),  # an attribute's value is a string
        ('print(first["class"]', "append", "list.append"),  # `class` a list of words
        ("for child", "children", "bs4.element.Tag.children"),  # `soup.body.div`: tags by name
        ("    child.get_text", "get_text", "bs4.element.Tag.get_text"),
    ],
)
def test_beautiful_soup_tags_are_typed(line_text, word, expected) -> None:
    lines = SCRAPING.splitlines()
    line = next(i for i, text in enumerate(lines) if text.startswith(line_text))
    found = symbol_at(Document(SCRAPING), line, lines[line].rindex(word), use_jedi=False)
    assert (found.canonical if found else None) == expected


COLOURS = """\
import copy
import matplotlib as mpl
import matplotlib.pyplot as plt
import matplotlib.cm as cm
import matplotlib.colors as mcolors
import torch.nn as nn

cmap = copy.copy(cm.jet)
cmap.set_under("black")
cm.jet.set_over("white")
plt.cm.viridis.set_bad("gray")
mine = mcolors.LinearSegmentedColormap.from_list("mine", ["r", "b"])
mine.reversed().set_bad("k")
mpl.colormaps["viridis"].resampled(8)
fig, ax = plt.subplots()
bar = fig.colorbar(image, ax=ax)
bar.set_ticks([0, 1])
best = copy.deepcopy(nn.Linear(2, 2))
best.load_state_dict(state)
"""


@pytest.mark.parametrize(
    ("line_text", "word", "expected"),
    [
        ("cmap.set_under", "set_under", "matplotlib.colors.Colormap.set_under"),  # a copy of a built-in colormap
        ("cm.jet.set_over", "set_over", "matplotlib.colors.Colormap.set_over"),
        ("plt.cm.viridis", "set_bad", "matplotlib.colors.Colormap.set_bad"),
        ("mine.reversed", "set_bad", "matplotlib.colors.Colormap.set_bad"),  # made from a list, then reversed
        ('mpl.colormaps["viridis"]', "resampled", "matplotlib.colors.Colormap.resampled"),
        ("bar.set_ticks", "set_ticks", "matplotlib.colorbar.Colorbar.set_ticks"),
        ("best.load_state_dict", "load_state_dict", "torch.nn.Module.load_state_dict"),  # a deep copy of a layer
    ],
)
def test_colormaps_colorbars_and_copies_are_typed(line_text, word, expected) -> None:
    """matplotlib's built-in colormaps are values of `matplotlib.cm`, and what the colormap makers and
    `fig.colorbar` give have their class's members; `copy.copy`/`copy.deepcopy` give another of what
    they copy. The compiler names them alike in a note's code."""
    _hover_and_compiler_name(COLOURS, line_text, word, expected)


ARTISTS = """\
import matplotlib.pyplot as plt
import numpy as np

fig, ax = plt.subplots()
line, = ax.plot([], [], lw=2)
line.set_data(np.arange(3), np.arange(3))
title = ax.set_title("Sales")
title.set_fontweight("bold")
points = ax.scatter([], [])
points.set_offsets(np.zeros((5, 2)))
label = plt.xlabel("x")
label.set_color("red")
for tick in ax.get_xticklabels():
    tick.set_rotation(45)
n, bins, patches = ax.hist(np.random.randn(100))
centres = bins.mean()
ax.spines["left"].set_position("zero")
ax.spines.top.set_visible(False)
fig.canvas.mpl_connect("key_press_event", print)
legend = ax.legend()
legend.get_texts()
for rect in ax.bar(["a", "b"], [3, 5]):
    height = rect.get_height()
"""


@pytest.mark.parametrize(
    ("line_text", "word", "expected"),
    [
        ("line.set_data", "set_data", "matplotlib.lines.Line2D.set_data"),  # `line, =` takes the one Line2D
        ("title.set_fontweight", "set_fontweight", "matplotlib.text.Text.set_fontweight"),
        ("points.set_offsets", "set_offsets", "matplotlib.collections.PathCollection.set_offsets"),
        ("label.set_color", "set_color", "matplotlib.text.Text.set_color"),  # pyplot's label, as the Axes' one
        ("    tick.set_rotation", "set_rotation", "matplotlib.text.Text.set_rotation"),
        ("centres = bins", "mean", "numpy.ndarray.mean"),  # a histogram's bin edges
        ('ax.spines["left"]', "set_position", "matplotlib.spines.Spine.set_position"),
        ("ax.spines.top", "set_visible", "matplotlib.spines.Spine.set_visible"),  # by attribute, as by name
        ("fig.canvas", "mpl_connect", "matplotlib.backend_bases.FigureCanvasBase.mpl_connect"),
        ("legend.get_texts", "get_texts", "matplotlib.legend.Legend.get_texts"),
        ("    height = rect", "get_height", "matplotlib.patches.Rectangle.get_height"),  # each bar of a bar chart
    ],
)
def test_drawn_artists_are_typed(line_text, word, expected) -> None:
    """What matplotlib's drawing calls return (lines, texts, collections, a legend, a histogram's
    arrays), an Axes' spines and a figure's canvas have their class's members, which a program goes on
    to change; the compiler names them alike in a note's code."""
    _hover_and_compiler_name(ARTISTS, line_text, word, expected)


HUGGING_FACE = """\
import evaluate
from datasets import load_dataset
from peft import LoraConfig, get_peft_model
from transformers import AutoModelForCausalLM, AutoTokenizer, BertTokenizerFast, DataCollatorForLanguageModeling

tokenizer = AutoTokenizer.from_pretrained("bert-base-chinese")
ids = tokenizer.encode("你好")
fast = BertTokenizerFast.from_pretrained("bert-base-chinese")
fast.decode(ids)
enc = tokenizer("question", "context", truncation="only_second")
start = enc.sequence_ids(0).index(1)
model = AutoModelForCausalLM.from_pretrained("gpt2").to("cuda")
out = model.generate(**enc)
model.eval()
ds = load_dataset("imdb")
train = ds["train"].shuffle(seed=42).select(range(100))
parts = train.train_test_split(test_size=0.1)
parts.map(len)
one = load_dataset("imdb", split="train")
one.to_pandas()
metric = evaluate.load("accuracy")
metric.compute(predictions=[1], references=[1])
collator = DataCollatorForLanguageModeling(tokenizer, mlm=True)
collator.torch_call(examples)
tuned = get_peft_model(model, LoraConfig(r=8))
tuned.print_trainable_parameters()
answer = tuned.generate(**enc)
"""


@pytest.mark.parametrize(
    ("line_text", "word", "expected"),
    [
        ("ids = tokenizer", "encode", "transformers.PreTrainedTokenizerBase.encode"),  # every tokenizer's, one name
        ("fast.decode", "decode", "transformers.PreTrainedTokenizerBase.decode"),
        ("start = enc", "sequence_ids", "transformers.BatchEncoding.sequence_ids"),  # what calling a tokenizer gives
        ("out = model", "generate", "transformers.PreTrainedModel.generate"),  # `.to(…)` hands the model on
        ("model.eval", "eval", "torch.nn.Module.eval"),  # what it has from torch is torch's
        ("train = ", "select", "datasets.Dataset.select"),  # a split of the DatasetDict, shuffled
        ("parts.map", "map", "datasets.Dataset.map"),  # a DatasetDict's step is each split's
        ("one.to_pandas", "to_pandas", "datasets.Dataset.to_pandas"),  # `split=` loads that split
        ("metric.compute", "compute", "evaluate.EvaluationModule.compute"),
        ("collator.torch_call", "torch_call", "transformers.DataCollatorForLanguageModeling.torch_call"),  # no model
        ("tuned.print", "print_trainable_parameters", "peft.PeftModel.print_trainable_parameters"),  # its own
        ("answer = tuned", "generate", "transformers.PreTrainedModel.generate"),  # the model it wraps answers
    ],
)
def test_hugging_face_objects_are_typed(line_text, word, expected) -> None:
    """Hugging Face's tokenizers and models have their members from one base each (the model the rest
    from torch's Module), a tokenizer's call gives a BatchEncoding, datasets load as a DatasetDict or,
    with `split`, a Dataset that each step hands on, a metric is an EvaluationModule, and a PEFT model
    answers for the model it wraps besides its own adapter members; the compiler names them alike."""
    _hover_and_compiler_name(HUGGING_FACE, line_text, word, expected)


SPIDERS = """\
import asyncio
import pymongo
from selenium import webdriver
from selenium.webdriver import ActionChains

client = pymongo.MongoClient(host="localhost", port=27017)
collection = client["test"]["students"]
rows = collection.find().sort("name", pymongo.ASCENDING)
client.test.students.delete_many({})
browser = webdriver.Chrome()
logo = browser.find_element("id", "logo")
logo.get_attribute("src")
print(browser.find_elements_by_tag_name("li")[0].text)
ActionChains(browser).move_to_element(logo).click().perform()
task = asyncio.ensure_future(job())
task.add_done_callback(done)
loop = asyncio.new_event_loop()
loop.create_task(job()).cancel()
"""


@pytest.mark.parametrize(
    ("line_text", "word", "expected"),
    [
        ("rows = collection", "sort", "pymongo.cursor.Cursor.sort"),  # a client's item a database, its item a collection
        ("client.test.students", "delete_many", "pymongo.collection.Collection.delete_many"),  # or by attribute
        ("logo.get_attribute", "get_attribute", "selenium.webdriver.remote.webelement.WebElement.get_attribute"),
        ("print(browser", "text", "selenium.webdriver.remote.webelement.WebElement.text"),
        ("ActionChains", "click", "selenium.webdriver.common.action_chains.ActionChains.click"),
        ("task.add_done_callback", "add_done_callback", "asyncio.Task.add_done_callback"),
        ("loop.create_task", "cancel", "asyncio.Task.cancel"),  # a loop's task
    ],
)
def test_databases_browsers_and_event_loops_are_typed(line_text, word, expected) -> None:
    """What scraping notes drive: pymongo's client, databases, collections and cursors, Selenium's
    drivers, elements and action chains, asyncio's loop and tasks; the compiler names them alike."""
    _hover_and_compiler_name(SPIDERS, line_text, word, expected)


PAIRS = """\
import socket
from multiprocessing import Pipe

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
conn, addr = server.accept()
data = conn.recv(1024)
parent, child = Pipe()
child.send("x")
"""


@pytest.mark.parametrize(
    ("line_text", "word", "expected"),
    [
        ("data = conn", "recv", "socket.socket.recv"),  # `accept()` gives the connection's socket, then the address
        ("child.send", "send", "multiprocessing.connection.Connection.send"),  # a pipe's two ends
    ],
)
def test_calls_that_give_a_pair_of_different_things_type_each_name(line_text, word, expected) -> None:
    _hover_and_compiler_name(PAIRS, line_text, word, expected)


def test_pyplots_cm_is_the_colormap_module() -> None:
    """`plt.cm.viridis` is `matplotlib.cm.viridis`: pyplot hands the module on, so a note's `cm.viridis` and
    a file's `plt.cm.viridis` meet."""
    lines = COLOURS.splitlines()
    line = next(i for i, text in enumerate(lines) if text.startswith("plt.cm.viridis"))
    found = symbol_at(Document(COLOURS), line, lines[line].index("viridis"), use_jedi=False)
    assert found is not None and found.canonical == "matplotlib.cm.viridis"
