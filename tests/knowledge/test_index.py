"""Library look-ups: by symbol (with sibling fallback), prefix, symbol prefix, context."""

from __future__ import annotations

from notesense.library.index import Library
from notesense.library.model import Snippet, Source


def snip(id: str, symbols: tuple[str, ...], title: str = "t", doc: str = "", prefix: tuple[str, ...] = ()) -> Snippet:
    return Snippet(id=id, context=id.split(".")[0], title=title, body="x", code="x", source=Source("n.md", 1),
                   symbols=symbols, doc=doc, prefix=prefix)


def test_for_symbol_exact_best_first(library: Library) -> None:
    found = [s.id for s in library.for_symbol("pandas.DataFrame.fillna")]
    # the snippet whose first symbol is fillna ranks above one that mentions it second
    assert found == ["pandas.fillna-zero", "pandas.fillna-ffill"]
    assert library.for_symbol("pandas.DataFrame.nothing") == []


def test_for_symbol_sibling_fallback(library: Library) -> None:
    assert [s.id for s in library.for_symbol("pandas.Series.fillna")][0] == "pandas.fillna-zero"
    assert [s.id for s in library.for_symbol("torch.Tensor.chunk")] == ["torch.chunk"]
    assert library.for_symbol("numpy.ndarray.chunk") == []  # another package's chunk is not a sibling
    assert library.for_symbol("torch.Tensor.chunk") and not library.for_symbol("torch.Tensor.view")


def test_ranking_prefers_primary_titled_documented() -> None:
    lib = Library([
        snip("pandas.b", ("pandas.DataFrame.merge", "pandas.merge")),
        snip("pandas.a", ("pandas.merge",), title="merge 合并", doc="说明"),
        snip("pandas.c", ("pandas.merge",), title="other"),
    ])
    assert [s.id for s in lib.for_symbol("pandas.merge")] == ["pandas.a", "pandas.c", "pandas.b"]


def test_prefix_lookups(library: Library) -> None:
    assert {s.id for _, s in library.with_prefix("fill")} == {"pandas.fillna-zero"}
    assert {p for p, _ in library.with_prefix("PD.CON")} == {"pd.concat"}
    assert library.with_prefix("zzz") == []
    assert library.symbols_with_prefix("pandas.DataFrame.f") == ["pandas.DataFrame.ffill", "pandas.DataFrame.fillna"]
    assert library.symbols_with_prefix("torch.nn.") == ["torch.nn.Linear", "torch.nn.functional.softmax"]
    # an owner's own members only, the one being typed narrowing them; a library patched by `updated` lists its own
    assert library.members("torch.nn") == ["torch.nn.Linear"]
    assert library.members("pandas.DataFrame", "f") == ["pandas.DataFrame.ffill", "pandas.DataFrame.fillna"]
    assert library.members("pandas.DataFrame", "fi") == ["pandas.DataFrame.fillna"] and library.members("nothing") == []
    grown = Library.updated(library, [*library.snippets, snip("torch.new", ("torch.nn.Conv2d",))])
    assert grown.members("torch.nn") == ["torch.nn.Conv2d", "torch.nn.Linear"]
    assert library.members("torch.nn") == ["torch.nn.Linear"]


def test_a_repeated_id_keeps_the_first_and_is_listed() -> None:
    lib = Library([snip("os.a", ("os.walk",), title="first"), snip("os.a", (), title="second")])
    assert len(lib) == 1 and lib.get("os.a").title == "first"
    assert [s.title for s in lib.repeated] == ["second"] and lib.for_symbol("os.walk")[0].title == "first"
    assert lib.in_context("os")[0].title == "first" and lib.in_context("numpy") == []


def test_a_name_is_counted_where_it_stands_as_a_whole_word_as_a_regex_would() -> None:
    import random
    import re

    from notesense.library.index import _mentions

    rng = random.Random(3)
    for _ in range(3000):
        name = "".join(rng.choice("ab_1") for _ in range(rng.randint(1, 3)))
        text = "".join(rng.choice("ab_1 .(é") for _ in range(rng.randint(0, 24)))
        words = re.findall(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])", text)
        assert [_mentions(text, name, most) for most in (1, 3, 99)] == [min(len(words), most) for most in (1, 3, 99)]
