"""Study notebooks of the Python 2 era (`%pylab`, `from numpy import *`, a Chinese sentence ending in
a colon before each cell): the cell after the sentence is what the sentence explains. Every note here
is written for the test."""

from __future__ import annotations

from pathlib import Path

from notesense.analysis import api
from notesense.analysis.document import Document
from notesense.analysis.imports import parse_imports
from notesense.analysis.resolve import symbol_at
from notesense.library.sources import Sources, load_library
from written import first_entry, notebook

SORTING = [
    ("markdown", "# 数组排序"),
    ("code", "%pylab inline"),
    ("markdown", "## sort 方法"),
    ("code", "data = array([20.8, 93.2, 53.4])\ndata.argsort()"),
    ("markdown", "和前面不同，下面这样会就地修改原来的数组，不返回新数组："),
    ("code", "data.sort()\nprint data"),
]
TESTS = [
    ("code", "from numpy import *\nfrom scipy.stats import norm, ttest_ind"),
    ("markdown", "### 独立样本 t 检验"),
    ("markdown", "两组样本："),
    ("code", "a = norm(0.3).rvs(size=50)\nb = norm(0).rvs(size=50)"),
    ("markdown", "独立双样本 t 检验用来判断两组样本的均值之间是否有显著差异："),
    ("code", "t_val, p = ttest_ind(a, b)\nprint 'p = {}'.format(p)"),
]


def _library(tmp_path: Path, name: str, cells: list[tuple[str, str]]):
    (tmp_path / name).write_text(notebook(cells), encoding="utf-8")
    library, problems = load_library(Sources(notes=[tmp_path], snippets=[], origin="options"), None)
    assert not problems
    return library


def test_a_star_import_binds_the_public_names_of_a_listed_module() -> None:
    names = parse_imports("from numpy import *\nfrom pylab import *\nfrom somewhere import *\n").names
    assert names["array"] == "numpy.array" and names["linspace"] == "numpy.linspace"
    source = "from numpy import *\n\nm = zeros((3, 4))\nm.astype(int)\n"
    found = symbol_at(Document(source), 3, 3, use_jedi=False)
    assert found is not None and found.canonical == "numpy.ndarray.astype"


def test_pylab_magic_cells_let_later_cells_use_numpy_unprefixed(tmp_path: Path) -> None:
    library = _library(tmp_path, "sorting.ipynb", SORTING)
    user = "import numpy as np\n\nvalues = np.array([3.0, 1.0, 2.0])\nvalues.sort()\n"
    entry = first_entry(library, user, "sort")
    assert entry is not None and "就地修改原来的数组" in entry and "sorting.ipynb" in entry


def test_a_sentence_ending_in_a_colon_leads_into_its_cell_and_stays_in_its_hover(tmp_path: Path) -> None:
    library = _library(tmp_path, "tests.ipynb", TESTS)
    user = "from scipy import stats\n\nt, p = stats.ttest_ind(x, y)\n"
    entry = first_entry(library, user, "ttest_ind")
    assert entry is not None and "均值之间是否有显著差异" in entry
    assert "两组样本：" not in entry  # a short label is still no prose


def test_a_generators_draws_are_arrays_when_sized() -> None:
    assert api.method_result("numpy.random.Generator", "normal", keywords={"size": (3, 4)}) == api.NDARRAY
    assert api.method_result("numpy.random.Generator", "random", positional=1) == api.NDARRAY
    assert api.method_result("numpy.random.Generator", "integers", positional=2) is None  # one number
    source = "import numpy as np\n\nrng = np.random.default_rng(0)\nm = rng.normal(size=(3, 4))\nm.flatten()\n"
    found = symbol_at(Document(source), 4, 3, use_jedi=False)
    assert found is not None and found.canonical == "numpy.ndarray.flatten"


def test_python_2_names_are_the_python_3_api(tmp_path: Path) -> None:
    cells = [("markdown", "## 高阶函数"),
             ("markdown", "`reduce(f, sq)` 接受一个二元函数，每次把序列里的两个元素合并成一个："),
             ("code", "reduce(lambda x, y: x + y, [1, 2, 3])"),
             ("markdown", "## 存盘"),
             ("markdown", "`cPickle` 比 `pickle` 快，用法一样，dump 把对象写进打开的文件："),
             ("code", "import cPickle\nwith open('d.pkl', 'wb') as f:\n    cPickle.dump({'a': 1}, f)")]
    library = _library(tmp_path, "py2.ipynb", cells)
    entry = first_entry(library, "from functools import reduce\n\ntotal = reduce(max, [3, 1, 2])\n", "reduce")
    assert entry is not None and "每次把序列里的两个元素合并成一个" in entry
    entry = first_entry(library, "import pickle\n\nwith open('x.pkl', 'wb') as out:\n    pickle.dump([1], out)\n", "dump")
    assert entry is not None and "dump 把对象写进打开的文件" in entry
