"""Which section a hover opens with in a course's notes, where the same API comes back in many later
chapters: the chapter that explains it, not a later one that uses it in passing. The notes under
`fixtures/course` are written for these tests."""

from __future__ import annotations

from pathlib import Path

from notesense.library.index import Library
from notesense.library.sources import Sources, load_library
from written import first_entry

COURSE = Path(__file__).resolve().parent / "fixtures" / "course"
TORCH = "import torch\nfrom torch import nn\n\n"


def _loaded(folder: str) -> Library:
    """The notes of one fixture folder, loaded as the server loads a notes folder."""
    found, problems = load_library(Sources(notes=[COURSE / folder], snippets=[], origin="options"), None)
    assert not problems
    return found


def test_a_link_to_the_documentation_names_the_api_once() -> None:
    """"…in one line with [`nn.Sequential`](…/torch.nn.Sequential.html)" names it once, not twice: the
    address is no second mention, and the earlier chapter that says what it does comes first."""
    first = first_entry(_loaded("links"), TORCH + "net = nn.Sequential(nn.Linear(2, 1))\n", "Sequential")
    assert first is not None and "one after another" in first, first


def test_a_sentence_about_the_api_comes_before_its_linked_row_in_a_table() -> None:
    """A table row whose name is a link to the documentation is a row of a listing all the same."""
    first = first_entry(_loaded("tables"), TORCH + "b = torch.reshape(a, (1, 6))\n", "reshape")
    assert first is not None and "leading batch axis" in first, first


def test_a_sentence_about_the_api_comes_before_its_row_with_a_longer_description() -> None:
    """A table row is one line however much its description says (here 80 characters)."""
    first = first_entry(_loaded("tables"), TORCH + "v = torch.flatten(images, start_dim=1)\n", "flatten")
    assert first is not None and "keeps the batch axis" in first, first


def test_a_heading_that_says_the_operation_comes_before_a_passing_use_under_another_heading() -> None:
    """"Squeezing and unsqueezing" is about `unsqueeze` even when its paragraph also names `squeeze`;
    a later chapter on predicting that adds a batch axis with it comes after."""
    first = first_entry(_loaded("headings"), TORCH + "batch = torch.unsqueeze(image, dim=0)\n", "unsqueeze")
    assert first is not None and "puts back an axis" in first, first


def test_a_signatures_parameters_named_again_are_no_other_apis() -> None:
    """"`torch.permute(input, dims)`, where `input` comes back as a view laid out by `dims`" is about
    permute: `input` and `dims` are its parameters, not more names that would make it one of many."""
    first = first_entry(_loaded("signatures"), TORCH + "y = torch.permute(x, (2, 0, 1))\n", "permute")
    assert first is not None and "another order" in first, first


NUMPY = "import numpy as np\n\ngrid = np.arange(12).reshape(3, 4)\n"


def test_a_cheat_sheet_row_comes_after_the_section_a_heading_names() -> None:
    """A cheat sheet's row (its description first, "按维度求累加和 | `np.cumsum(arr, axis)`", or its name
    first, "`np.clip(…)`：把数值夹在区间里") says one short line: the section whose heading names the
    API over an example with its comments comes first, and a course's closing summary, a bullet that is
    only the call, explains nothing."""
    library = _loaded("sheet")
    for source, word, words in ((NUMPY + "totals = np.cumsum(grid, axis=0)\n", "cumsum", "到它为止的和"),
                                (NUMPY + "safe = np.clip(grid, 0, 5)\n", "clip", "大于 1 的变成 1")):
        first = first_entry(library, source, word)
        assert first is not None and words in first, first


def test_a_cheat_sheet_row_still_answers_when_nothing_says_more() -> None:
    first = first_entry(_loaded("sheet"), NUMPY + "np.save('grid', grid)\n", "save")
    assert first is not None and "存储单个数组" in first, first


def test_a_sentence_that_says_the_api_was_introduced_elsewhere_does_not_explain_it() -> None:
    """"`argsort`在入门篇中已有介绍，此处不再赘述" names it on the way to other APIs: the beginner's note
    that says what it returns comes first, though the advanced note is read before it."""
    first = first_entry(_loaded("deferred"), NUMPY + "order = np.argsort(grid)\n", "argsort")
    assert first is not None and "原来的位置" in first, first


def test_a_heading_over_an_example_whose_comments_say_what_it_does_comes_before_an_overview() -> None:
    """`### np.argsort` over an example whose comment says what it gives explains it, as prose would:
    it comes before the overview above it that only lists the section's two APIs."""
    first = first_entry(_loaded("commented"), NUMPY + "order = np.argsort(grid)\n", "argsort")
    assert first is not None and "原来所在的位置" in first, first
