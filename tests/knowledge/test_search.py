"""Search by title, symbol and words, Chinese and English, ranked."""

from __future__ import annotations

from notesense.features.search import search
from notesense.library.index import Library
from notesense.library.words import terms


def ids(found) -> list[str]:
    return [s.id for s in found]


def test_terms_mix_ascii_words_and_cjk_bigrams() -> None:
    assert terms("df.fillna 空值处理") == {"df.fillna", "df", "fillna", "空值", "值处", "处理"}
    assert terms("单 Read_CSV") == {"单", "read_csv", "read", "csv"}


def test_chinese_query(library: Library) -> None:
    found = ids(search(library, "空值"))
    assert found[0] == "pandas.fillna-zero"
    assert ids(search(library, "张量切块"))[0] == "torch.chunk"
    assert ids(search(library, "均匀切成"))[0] == "torch.chunk"


def test_english_and_symbol_queries(library: Library) -> None:
    assert ids(search(library, "numpy.argwhere"))[0] == "numpy.argwhere"
    assert ids(search(library, "csv"))[0] == "pandas.read-csv"
    assert ids(search(library, "fully connected layer"))[0] == "torch.linear-layer"
    # symbol matches outrank prose matches
    assert ids(search(library, "fillna"))[:2] == ["pandas.fillna-zero", "pandas.fillna-ffill"]


def test_substring_fallback_limit_and_empty(library: Library) -> None:
    assert "numpy.argwhere" in ids(search(library, "argwh"))
    assert len(search(library, "pandas", limit=2)) == 2
    assert search(library, "   ") == []
    assert search(library, "qqqzzz") == []
