"""The learned rules' gate: what a file's text decides before its semantic model is built, and what
a run that ignores every learned rule loads."""

from __future__ import annotations

from notesense.analysis.document import Document
from notesense.lint.runner import Options
from notesense.rules import learned
from notesense.rules.engine import check_document, check_source

# a bundled pitfall (`ndarray.ptp`, removed in numpy 2.0): its word is written, line 3 makes the mistake
PTP = "x = np.arange(4).reshape((2, 2))\nr = x.ptp()\n"


def test_a_file_whose_text_names_no_rules_context_is_not_analysed():
    """The rule's words are there, but nothing in the text can import numpy: the model that would
    tell the file's imports is never built (nor the file parsed, in the server's path)."""
    doc = Document("import mylib as np\n" + PTP)
    assert not check_document(doc, learned=learned.bundled())
    assert "semantic" not in doc.__dict__ and "recovered" not in doc.__dict__


def test_the_imports_still_decide_when_the_text_names_the_context():
    """`numpy` in a comment passes the text's gate; the imports then say the rule does not apply."""
    assert not check_source("# like numpy, but not numpy\nimport mylib as np\n" + PTP, learned=learned.bundled())
    assert [f.line for f in check_source("import numpy as np\n" + PTP, learned=learned.bundled())] == [3]


def test_a_context_imported_under_a_name_python_normalises_is_found():
    """Python reads `ｎｕｍｐｙ` as `numpy` (NFKC): the text's gate reads names the same way."""
    assert [f.line for f in check_source("import ｎｕｍｐｙ as np\n" + PTP, learned=learned.bundled())] == [3]


def test_a_run_that_ignores_every_learned_rule_loads_none():
    """`--ignore NSN` (or a `--select` of NS rules only): no worker loads or compiles the bundled rules."""
    for options in (Options(ignore=("NSN",)), Options(ignore=("ns",)), Options(select=("NS1", "NS201"))):
        assert options.learned_rules() is learned.none() and len(options.learned_rules()) == 0
    for options in (Options(), Options(select=("NSN",)), Options(select=("NSN0",)), Options(ignore=("NSN1",)), Options(select=("N",))):
        assert len(options.learned_rules()) > 0
