"""Members reached through the user's own classes: a local subclass inherits the library's members
(and the notes on them) but owns what it defines itself; attributes it holds (`self.fc = nn.Linear(…)`)
lead on to their class's members (`model.fc.weight`)."""

from __future__ import annotations

import pytest

from notesense.features.completion import CompletionOptions, complete
from notesense.features.hover import hover
from notesense.library.index import Library
from notesense.library.model import Snippet, Source

CLASSES = """\
import torch
from torch import nn
import pandas as pd
from sklearn.linear_model import LinearRegression


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)
        self.scale = 2

    def forward(self, x):
        return self.fc(x) * self.scale


class Table(pd.DataFrame):
    pass


class Ridge2(LinearRegression):
    def score_twice(self, X, y):
        return 2 * self.score(X, y)


model = Net()
reg = Ridge2()
"""


def _note(symbol: str, title: str, code: str = "") -> Snippet:
    return Snippet(id=f"{symbol.split('.')[0]}.{title}", context=symbol.split(".")[0], title=title, body=code, code=code,
                   source=Source(f"{title}.md", 1), symbols=(symbol,), doc=f"what {symbol} does", kind="python")


@pytest.fixture(scope="module")
def notes() -> Library:
    return Library([
        _note("torch.nn.Module.load_state_dict", "load-state"),
        _note("torch.nn.Module.eval", "eval-mode"),
        _note("torch.nn.Module.parameters", "parameters"),
        _note("torch.nn.Module.forward", "forward-hook"),
        _note("torch.nn.Linear", "linear-layer", "fc = nn.Linear(4, 2)\nprint(fc.bias.shape)"),
        _note("torch.nn.Linear.weight", "linear-weight"),
        _note("pandas.DataFrame.to_csv", "to-csv"),
        _note("sklearn.linear_model.LinearRegression.fit", "fit-a-line"),
    ])


@pytest.fixture(params=["quick", "model"], autouse=True)
def analysed(request, monkeypatch) -> None:
    """Both ways a request is answered: from the lines binding the receiver (a keystroke ahead of the
    linter), and from the version's model (built by the linter)."""
    if request.param == "model":
        from notesense.analysis.document import Document

        monkeypatch.setattr(Document, "_analysed", lambda self: self.kinds is not None)


@pytest.fixture(autouse=True)
def no_jedi(monkeypatch) -> None:
    """What the file says decides (jedi's answers depend on what is installed)."""
    from notesense.analysis import resolve

    monkeypatch.setattr(resolve, "_jedi_name", lambda doc, line, col: None)


def _hover_title(library: Library, at, tail: str) -> str | None:
    doc, line, col = at(CLASSES + tail)
    result = hover(library, doc, line, col)
    return result.markdown.split("\n", 1)[0] if result else None


@pytest.mark.parametrize("tail, title", [
    ("model.load_state_d|ict(torch.load('m.pt'))\n", "**load-state**"),
    ("model.ev|al()\n", "**eval-mode**"),
    ("for p in model.para|meters():\n    pass\n", "**parameters**"),
    ("Table({'a': [1]}).to_c|sv('a.csv')\n", "**to-csv**"),
    ("reg.fi|t(X, y)\n", "**fit-a-line**"),
    ("model.fc.wei|ght\n", "**linear-weight**"),
    ("model.fc.bi|as\n", "**linear-layer**"),  # no note on Linear.bias: the Linear note that shows it
])
def test_inherited_and_held_members_hover_the_library_note(notes: Library, at, tail: str, title: str) -> None:
    assert _hover_title(notes, at, tail) == title


@pytest.mark.parametrize("tail", ["model.forw|ard(x)\n", "model.sca|le\n", "model.f|c\n", "reg.score_tw|ice(X, y)\n",
                                  "model.fc.in_featu|res\n"])
def test_what_the_local_class_defines_is_its_own(notes: Library, at, tail: str) -> None:
    """Its own `forward` is not `torch.nn.Module.forward`: no library note claims it."""
    assert _hover_title(notes, at, tail) is None


def _labels(library: Library, at, tail: str) -> list[str]:
    doc, line, col = at(CLASSES + tail)
    return [c.label for c in complete(library, doc, line, col, CompletionOptions())]


def test_completion_offers_inherited_members_but_not_the_classs_own(notes: Library, at) -> None:
    labels = _labels(notes, at, "model.|")
    assert {"model.eval", "model.load_state_dict", "model.parameters"} <= set(labels)
    assert "model.forward" not in labels  # Net defines forward itself
    assert _labels(notes, at, "model.fo|") == []
    assert _labels(notes, at, "reg.f|") == ["reg.fit"]


def test_completion_follows_an_attribute_to_its_class(notes: Library, at) -> None:
    """`model.fc` holds an nn.Linear: its own parameters (`weight`) and the Module family's members."""
    assert _labels(notes, at, "model.fc.wei|") == ["model.fc.weight"]
    assert {"model.fc.weight", "model.fc.eval", "model.fc.forward"} <= set(_labels(notes, at, "model.fc.|"))


def test_a_class_from_another_file_is_followed_by_jedi_only_when_the_notes_miss(notes: Library, at, monkeypatch) -> None:
    """`net = Net()` with `Net` imported from the user's own module: the file alone says `models.Net.eval`,
    which no note covers, so jedi (following the class to `nn.Module`) is asked; a member of a kind the
    API table knows (`df.price`: a column) is never sent to jedi."""
    from notesense.analysis import resolve

    asked: list[int] = []

    def jedi(doc, line, col):
        asked.append(line)
        return "torch.nn.Module.eval"

    monkeypatch.setattr(resolve, "_jedi_name", jedi)
    doc, line, col = at("from models import Net\n\nnet = Net()\nnet.ev|al()\n")
    result = hover(notes, doc, line, col)
    assert result is not None and result.markdown.startswith("**eval-mode**") and asked == [line]
    doc, line, col = at("import pandas as pd\n\ndf = pd.read_csv('a.csv')\ndf.ev|al\n")
    assert hover(notes, doc, line, col) is None and asked == [3]
