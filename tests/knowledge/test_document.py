"""Document analysis is lazy, cached, and reuses the previous version's work while that is still right."""

from __future__ import annotations

from notesense.analysis.document import Document
from notesense.analysis.semantic import END

SOURCE = "import pandas as pd\nimport numpy as np\n\ndf = pd.read_csv('a.csv')\nx = 1\n"


def test_lines_as_lsp_counts_them() -> None:
    doc = Document("a\r\nb\rc\nd\x0ce")
    assert doc.lines == ["a", "b", "c", "d\x0ce"]
    assert doc.line(10) == ""


def test_imports_reused_when_no_import_line_changed() -> None:
    first = Document(SOURCE)
    imports = first.imports
    typed = Document(SOURCE + "df.fil(", previous=first)
    assert typed.imports is imports  # not re-parsed
    changed = Document(SOURCE.replace("numpy as np", "numpy as xp"), previous=typed)
    assert changed.imports is not imports and changed.imports.names["xp"] == "numpy"


def test_kinds_while_typing_come_from_a_repaired_parse() -> None:
    doc = Document(SOURCE + "df.fil(\ny = np.zeros(3)\n")
    assert doc.tree is None
    assert doc.kinds.kind_at("df", END) == "pandas.DataFrame"
    assert doc.kinds.kind_at("y", END) == "numpy.ndarray"


def test_kinds_of_a_file_nothing_of_which_parses_come_from_the_lines_that_bind_the_name() -> None:
    good = Document(SOURCE)
    assert good.kinds.kind_at("df", END) == "pandas.DataFrame"
    hopeless = Document(SOURCE + "x = " + "-" * 100_000 + "1\n", previous=good)  # too deep for the parser
    assert hopeless.recovered is None and hopeless.kinds is None
    assert hopeless.receiver_kind("df", 5) == "pandas.DataFrame"


def test_previous_versions_are_not_kept_alive() -> None:
    import gc
    import weakref

    first = Document(SOURCE)
    first.imports
    ref = weakref.ref(first)
    second = Document(SOURCE + "\n", previous=first)
    del first
    gc.collect()
    assert ref() is None
    assert second.imports.names["pd"] == "pandas"


def test_a_list_comprehension_is_a_list_of_what_its_element_makes() -> None:
    """`threads = [threading.Thread(...) for i in range(4)]`, then `for t in threads: t.join()`: each `t`
    is a thread; a comprehension of what the table does not know is a list all the same."""
    doc = Document("import threading\n\nthreads = [threading.Thread(target=print, args=(i,)) for i in range(4)]\n"
                   "for t in threads:\n    t.join()\nrows = [make(i) for i in range(3)]\nrows.append(1)\n")
    assert doc.receiver_kind("threads", 3) == "list[threading.Thread]"
    assert doc.receiver_kind("t", 4, 4) == "threading.Thread"
    assert doc.receiver_kind("rows", 6) == "list"
