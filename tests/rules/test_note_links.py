"""Which note a finding's "open note" opens: the user's section about that pitfall, checked for every
rule on the real notes (../shared/notes), and the order of the signals on a small library."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from notesense.library.index import Library
from notesense.library.model import Snippet, Source
from notesense.library.sources import Sources, load_library
from notesense.paths import bundled_dir
from notesense.rules.engine import ALL_RULES, RULES_BY_CODE
from notesense.rules.links import note_link

REAL_NOTES = Path(__file__).resolve().parents[2].parent / "shared" / "notes"

# the heading of the section each rule's link must land in (None: the notes have no such section, ours
# explains it); a short probe of the user's own heading
SECTIONS = {
    "NS101": "SettingwithCopy",  # 链式操作的 bug 解决 [SettingwithCopy 解决]
    "NS102": "向 DataFrame 中增加数据",  # `df = df.append(data)`, "很坑爹的语法"
    "NS103": "nan 元素处理",  # fillna(method='ffill')
    "NS104": None,  # no note on `.ix`: a section that only uses .iloc is not about it
    "NS201": "同时 backward 两个网络",  # retain_graph
    "NS202": "梯度传播因为更改的时候 RuntimeError",  # the Actor whose in-place write backward refuses
    "NS203": "model.train()和 model.eval()",  # eval() and no_grad
    "NS204": "cuda 操作的异步性",  # synchronize to time CUDA work
    "NS301": "### Session",
}


def _section(uri: str) -> str:
    """The heading above the line a `file://…#L<n>` link opens (code fences skipped)."""
    parsed = urlparse(uri)
    lines = Path(unquote(parsed.path)).read_text(encoding="utf-8").splitlines()
    number = int(parsed.fragment.removeprefix("L"))
    heading, fenced = "", False
    for line in lines[:number]:
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced and line.startswith("#"):
            heading = line
    return heading


@pytest.fixture(scope="module")
def real_library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    if not REAL_NOTES.is_dir():
        pytest.skip(f"the real notes corpus is absent ({REAL_NOTES}); CI has it beside the repository")
    library, _ = load_library(Sources(notes=[REAL_NOTES], snippets=[], origin="options"), tmp_path_factory.mktemp("cache"))
    return library


@pytest.mark.parametrize("code", sorted(SECTIONS))
def test_each_rule_links_the_section_on_its_pitfall(real_library: Library, code: str) -> None:
    assert set(SECTIONS) == {r.code for r in ALL_RULES}  # every rule is checked
    link = note_link(RULES_BY_CODE[code], real_library)
    probe = SECTIONS[code]
    if probe is None:
        assert link.startswith(bundled_dir("notes").resolve().as_uri()), link
    else:
        assert REAL_NOTES.resolve().as_uri() in link and probe in _section(link), (link, _section(link))


def _snippet(n: int, title: str, code: str = "x = 1", doc: str = "", symbols: tuple[str, ...] = ()) -> Snippet:
    return Snippet(id=f"torch.s{n}", context="torch", title=title, body=code, code=code, doc=doc, symbols=symbols,
                   source=Source(note=str(Path("/notes/torch.md").resolve()), line=n))


def test_a_section_about_the_pitfall_wins_over_a_passing_use_of_a_symbol() -> None:
    rule = RULES_BY_CODE["NS202"]
    passing = _snippet(10, "torch.cat", "y = torch.cat([a, b], 1)", symbols=("torch.cat",))
    prose = _snippet(20, "张量", doc="inplace 的张量会让 backward 报错")
    heading = _snippet(30, "inplace 操作与 autograd")
    assert note_link(rule, Library([passing])).endswith("#L10")  # the only one: better than nothing
    assert note_link(rule, Library([passing, prose])).endswith("#L20")
    assert note_link(rule, Library([passing, prose, heading])).endswith("#L30")
