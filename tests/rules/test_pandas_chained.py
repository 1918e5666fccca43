"""NS101 against pandas' own proof: the statements pandas' test-suite expects to raise
`ChainedAssignmentError`, and the correct look-alikes written beside them (mined by
`data/mine_pandas_chained.py` into `data/pandas_chained.json`; pandas' code, BSD-3-Clause).

Each case is one pandas test function with its module's imports, linted as it is: receivers come
from what the test builds (a fixture's frame is unknown, and is not guessed)."""

from __future__ import annotations

import json
from pathlib import Path

from notesense.analysis.document import Document
from notesense.rules.engine import check_document

DATA = json.loads((Path(__file__).parent / "data" / "pandas_chained.json").read_text(encoding="utf-8"))


def test_ns101_finds_what_pandas_proves_and_leaves_the_look_alikes() -> None:
    proven = found = lookalikes = flagged = 0
    report: list[str] = []
    for case in DATA["cases"]:
        lines = {f.line for f in check_document(Document(case["code"]), select=["NS101"])}
        text = case["code"].splitlines()
        for line in case["raises"]:
            proven += 1
            found += line in lines
            if line not in lines:
                report.append(f"missed  {case['test']}: {text[line - 1].strip()}")
        for line in case["lookalikes"]:
            lookalikes += 1
            flagged += line in lines
            if line in lines:
                report.append(f"flagged {case['test']}: {text[line - 1].strip()}")
    print("\n".join(report))
    print(f"{DATA['source']}: NS101 found {found}/{proven} proven statements, flagged {flagged}/{lookalikes} look-alikes")
    assert proven >= 50 and lookalikes >= 300, "the mined data is the whole set, not a sample"
    assert found >= 0.9 * proven
    assert flagged <= 0.01 * lookalikes
