"""Quick-fix titles speak the client's language: in a Chinese editor the menu offered on a squiggle was
`Assign in one step: …` and `Keep the graph on the first backward: …` next to `NS101：打开笔记` (seen in
real Neovim with `locale = 'zh_CN'`). Every rule's fix title has its Chinese; the code it writes stays."""

from __future__ import annotations

import re

import pytest
from lsp_helpers import code_actions
from lsprotocol import types

from notesense.i18n import fix_title
from notesense.rules.engine import ALL_RULES, check_source

HAN = re.compile(r"[\u4e00-\u9fff]")
PROGRAM = (
    "import pandas as pd\nimport torch\n\n"
    'df = pd.read_csv("a.csv")\n'
    'df[df.a > 1]["b"] = 0\n'
    "w = torch.ones(3, requires_grad=True)\n"
    "loss = (w * 2).sum()\n"
    "loss.backward()\n"
    "loss.backward()\n"
    "df = df.append(df)\n"
)


def _example_fix_titles() -> list[str]:
    """The title of every fix the rules offer on their own bad examples."""
    titles = {fix.title for rule in ALL_RULES for bad in rule.BAD for finding in check_source(bad.code) for fix in finding.fixes}
    return sorted(titles)


@pytest.mark.parametrize("title", _example_fix_titles())
def test_every_fix_title_has_its_chinese(title):
    chinese = fix_title("zh", title)
    assert HAN.search(chinese), f"no Chinese for {title!r} (add it to i18n._ZH_FIXES)"
    code = re.findall(r"[\w.]+\(|retain_graph=True|\.loc\[", title)
    assert all(c in chinese for c in code), (title, chinese)  # the code it writes stays as written
    assert fix_title("en", title) == fix_title(None, title) == title


def test_a_learned_fix_title_keeps_the_note_code():
    assert fix_title("zh", 'Rewrite as the note does: pd.read_csv("a", on_bad_lines="skip")') == (
        '照笔记的写法改：pd.read_csv("a", on_bad_lines="skip")'
    )


@pytest.mark.asyncio
@pytest.mark.parametrize("locale", ["zh-CN", "en"])
async def test_quick_fix_titles_in_the_client_language(start, notes, locale):
    session = await start(options={"notes": [str(notes)]}, locale=locale)
    await session.wait_ready()
    uri = session.open("train.py", PROGRAM)
    diagnostics = [d for d in await session.diagnostics(uri) if d.code in ("NS101", "NS102", "NS201")]
    assert {d.code for d in diagnostics} == {"NS101", "NS102", "NS201"}
    titles = []
    for diagnostic in diagnostics:
        titles += [a["title"] for a in await code_actions(session, uri, diagnostic.range, [diagnostic])]
    fixes = [t for t in titles if "retain_graph" in t or "concat" in t or ".loc[" in t]
    assert len(fixes) == 3, titles
    if locale == "en":
        assert not [t for t in titles if HAN.search(t)], titles
    else:
        assert all(HAN.search(t) for t in titles), titles
