"""The flow rules build a region's graph only where a finding can be: NS201 asks an autograd question
of every assignment of a region it analyses, and in a function that calls backward once every other
region (each loop body, branch, handler) was analysed for nothing — 60% of the regions over the torch
sources of the lint benchmark."""

from __future__ import annotations

import textwrap

from notesense.rules import ns201_double_backward
from notesense.rules.engine import check_source

TRAIN = textwrap.dedent("""\
    import torch


    def train(batches, opt):
        w = torch.randn(3, requires_grad=True)
        for x, y in batches:
            out = x * w
            loss = (out - y).pow(2).sum()
            if loss > 10:
                scale = loss.detach()
                out = out / scale
            else:
                scale = torch.ones(1)
            try:
                extra = out.exp()
            except RuntimeError:
                extra = out
            opt.zero_grad()
            loss.backward()
            loss.backward()
            opt.step()
        return out
""")


def _graphs(monkeypatch) -> list[int]:
    built: list[int] = []
    graph = ns201_double_backward.RegionGraph

    def counted(ag, statements, *args):
        built.append(statements[0].lineno)
        return graph(ag, statements, *args)

    monkeypatch.setattr(ns201_double_backward, "RegionGraph", counted)
    return built


def test_only_the_region_that_calls_backward_gets_a_graph(monkeypatch) -> None:
    built = _graphs(monkeypatch)
    found = check_source(TRAIN, select=["NS201"])
    assert [(f.code, f.line) for f in found] == [("NS201", 20)]
    assert built == [7]  # the loop body; not the function's body, the two branches nor the handler


def test_a_region_spelling_grad_without_a_call_gets_none(monkeypatch) -> None:
    """`requires_grad` and `.grad` spell `grad` but call nothing: the region is walked, not analysed."""
    built = _graphs(monkeypatch)
    text = TRAIN.replace("        scale = torch.ones(1)\n",
                         "        scale = torch.ones(1, requires_grad=True)\n            g = scale.grad\n")
    assert "g = scale.grad" in text
    assert [f.line for f in check_source(text, select=["NS201"])] == [21]
    assert built == [7]


def test_a_call_of_an_imported_grad_is_a_use(monkeypatch) -> None:
    """`grad(y, w)` spells neither trigger; the function's `.backward(` lets the rule in."""
    built = _graphs(monkeypatch)
    text = textwrap.dedent("""\
        import torch
        from torch.autograd import grad


        def twice(x):
            w = torch.randn(3, requires_grad=True)
            y = w.sum()
            if x.sum() > 0:
                y = (w * x).exp().sum()
                a = grad(y, w)
                b = grad(y, w)
            else:
                y.backward()
            return y
    """)
    assert [f.line for f in check_source(text, select=["NS201"])] == [11]
    assert built == [9, 13]


def test_the_names_used_as_modules_are_read_back_from_each_call() -> None:
    """`Autograd.module_names` finds each module-only call (`.eval(`) first and reads the name before it:
    the name a word, never a number, an attribute's owner nor a name with a non-ASCII first letter
    (what the pattern `\\b([A-Za-z_]\\w*)\\.eval\\(` it replaced matched)."""
    from notesense.analysis.autograd import Autograd
    from notesense.analysis.document import Document

    text = ("import torch\nnet.eval()\nenc.dec.parameters()\n2model.eval()\névite.eval()\n_m9.named_modules()\n"
            "x .eval()\nself.eval()\nmodel.evaluate()\nf(model2).register_buffer('a', t)\n")
    doc = Document(text)
    assert Autograd(doc.semantic, doc.kinds, text).module_names() == {"net", "dec", "_m9"}


def test_a_large_document_in_parts_finds_what_the_whole_file_finds(monkeypatch) -> None:
    """In a part, only the part's own text is searched for a use: a region whose uses stand in other
    parts reports nothing the part keeps."""
    from notesense.analysis import document
    from notesense.analysis.document import Document
    from notesense.rules.engine import check_document

    monkeypatch.setattr(document, "LARGE_LINES", 1_000)
    plain = "def step_{i}(x):\n    w = torch.randn(3, requires_grad=True)\n    y = (w * x).sum()\n    return y.grad\n\n"
    twice = "def twice_{i}(x):\n    w = torch.randn(3, requires_grad=True)\n    y = (w * x).exp().sum()\n    y.backward()\n    y.backward()\n\n"
    text = "import torch\n\n" + "".join((twice if i % 97 == 5 else plain).format(i=i) for i in range(800))
    whole = check_source(text, select=["NS201"])
    assert len(whole) == 9
    doc = Document(text)
    assert doc.in_parts
    assert check_document(doc, select=["NS201"]) == whole
