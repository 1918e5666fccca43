"""The real notes corpus (`../shared/notes`, private, never copied here): read and classify all of it.

The expected kinds below were decided by reading every block of the four notes by hand; they refer
to blocks by note and line only. P python, R repl, S shell, C config, O output, X other, G signature.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from notesense.notes.code import clean
from notesense.notes.model import CleanCode, CodeBlock, Note
from notesense.notes.reader import discover, load_note

NOTES = Path(__file__).resolve().parents[2].parent / "shared" / "notes"

EXPECTED = {
    "000": "42O 79X 94P 144X",
    "001": (
        "17P 49R 61S 71C 107S 132P 180S 218C 250C 296P 332R 344P 377R 391P 406P 452P 462R 479P 496P 523P "
        "569P 589P 626P 703P 784P 839P 858R 889P 899P 911P 918P 924P 939R 965P 978P 992P 1003P 1010P 1033P "
        "1051P 1071P 1081P 1085P 1092P 1104P 1110P 1138P 1144P 1152P 1160P 1171P 1185P 1191P 1203P 1230P "
        "1236P 1248P 1254P 1283P 1296P 1334P 1356S 1360S 1370P 1376P 1384P 1399P 1435P 1442P 1464P 1479P "
        "1495P 1528P 1546P 1561P 1600P 1608P 1622P 1630P 1663P 1688P 1709P 1724P 1744P 1786P 1807P 1837P "
        "1909P 1932P 1984P"
    ),
    "003": (
        "32P 85P 131P 146P 194P 261R 277P 331P 338P 362P 374P 382P 395P 418R 451P 468P 496R 509R 540X 549P "
        "558P 575P 583P 597P 614P 627P 642P 653P 666P 675P 716P 771P 786P 818G 832P 869P 889P 918P 953P "
        "1059G 1167X 1198G 1210P 1264S 1270S 1276S 1289S 1300S 1309S 1331S"
    ),
    "004": (
        "15S 25S 31S 39S 46S 57X 85C 96C 115P 130P 148P 156P 166P 176P 194P 203P 338P 349P 365P 385P 404P "
        "417P 432P 446P 543P 565P 580O"
    ),
}
KINDS = {"P": "python", "R": "repl", "S": "shell", "C": "config", "O": "output", "X": "other", "G": "signature"}


@pytest.fixture(scope="module")
def corpus() -> dict[str, tuple[Note, dict[int, tuple[CodeBlock, CleanCode]]]]:
    if not NOTES.is_dir():
        pytest.skip(f"the real notes corpus is not here ({NOTES}); it lives beside the repository in shared/")
    found, errors = discover([NOTES])
    assert errors == []
    loaded = {}
    for path, display in found:
        note = load_note(path, display)
        blocks = {b.line: (b, clean(b)) for s in note.sections for b in s.blocks}
        loaded[display[:3]] = (note, blocks)
    return loaded


def _expected() -> dict[tuple[str, int], str]:
    table = {}
    for note, items in EXPECTED.items():
        for item in items.split():
            table[(note, int(item[:-1]))] = KINDS[item[-1]]
    return table


def test_every_note_loads_and_every_block_is_classified(corpus) -> None:
    assert sorted(corpus) == sorted(EXPECTED)
    seen = {(note, line) for note, (_, blocks) in corpus.items() for line in blocks}
    assert seen == set(_expected())  # the same ~170 non-empty blocks, at the same lines


def test_at_least_90_percent_of_python_blocks_come_out_python(corpus) -> None:
    python = [key for key, kind in _expected().items() if kind in ("python", "repl")]
    got = [key for key in python if corpus[key[0]][1][key[1]][1].kind in ("python", "repl")]
    assert len(python) > 120
    assert len(got) / len(python) >= 0.9, sorted(set(python) - set(got))


def test_non_python_blocks_never_come_out_python(corpus) -> None:
    wrong = [
        (key, corpus[key[0]][1][key[1]][1].kind)
        for key, kind in _expected().items()
        if kind not in ("python", "repl") and corpus[key[0]][1][key[1]][1].kind in ("python", "repl")
    ]
    assert wrong == []


def test_kinds_agree_with_the_hand_labels(corpus) -> None:
    table = _expected()
    disagree = {key: (kind, corpus[key[0]][1][key[1]][1].kind) for key, kind in table.items()
                if corpus[key[0]][1][key[1]][1].kind != kind}
    assert len(disagree) <= 0.03 * len(table), disagree


def _result(corpus, note: str, line: int) -> tuple[CodeBlock, CleanCode]:
    return corpus[note][1][line]


def test_python_under_foreign_labels(corpus) -> None:
    for line in (1051, 1092, 1104, 1144, 1152, 1688, 1709, 1807, 1191, 1203):  # apache / prolog labels
        block, result = _result(corpus, "001", line)
        assert block.info in ("apache", "prolog") and result.kind == "python", line
    for line in (918, 924, 1786):
        assert _result(corpus, "001", line)[0].info == "haskell"
        assert _result(corpus, "001", line)[1].kind == "python"


def test_transcripts_are_repl_with_outputs(corpus) -> None:
    for note, line in (("001", 49), ("001", 332), ("001", 377), ("001", 462), ("001", 858), ("001", 939),
                       ("003", 261), ("003", 418), ("003", 496), ("003", 509)):
        block, result = _result(corpus, note, line)
        assert result.kind == "repl", (note, line)
        assert ">>>" not in result.code and result.error is None
        ast.parse(result.code)
    assert _result(corpus, "001", 939)[1].outputs == ["1", "7", "3"]
    assert len(_result(corpus, "001", 377)[1].outputs) == 2  # the two printed lists, one per statement


def test_cmd_and_bash_blocks(corpus) -> None:
    for line in (15, 25, 31, 39, 46):
        block, result = _result(corpus, "004", line)
        assert block.info in ("cmd", "bash") and result.kind == "shell"
    for line in (1376, 1384):  # labelled bash, but Python
        block, result = _result(corpus, "001", line)
        assert block.info == "bash" and result.kind == "python"
    assert _result(corpus, "004", 580)[1].kind == "output"  # an error message pasted under ```cmd


def test_plaintext_broadcasting_table_is_not_python(corpus) -> None:
    block, result = _result(corpus, "000", 42)
    assert block.info == "plaintext" and result.kind in ("output", "other")


def test_torchsummary_block_splits_the_table_and_reports_the_split_line(corpus) -> None:
    block, result = _result(corpus, "003", 32)
    assert result.kind == "python"
    assert len(result.outputs) == 1 and "Total params" in result.outputs[0]
    assert "Total params" not in result.code and "----" not in result.code
    ast.parse(result.code)
    raw = (NOTES / next(p.name for p in NOTES.iterdir() if p.name.startswith("003"))).read_text("utf-8")
    error_line = result.error[0]
    assert raw.split("\n")[error_line - 1].strip() == "x = F.re"  # the exact note line
    assert "F.relu(" in result.error[1]


def test_python2_prints_are_fixed(corpus) -> None:
    for line in (296, 344, 406):
        result = _result(corpus, "001", line)[1]
        assert result.kind == "python" and result.error is None
        ast.parse(result.code)
        assert not any(text.lstrip().startswith("print ") for text in result.code.split("\n"))


def test_html_in_code_is_removed(corpus) -> None:
    for line in (918, 1152):
        result = _result(corpus, "001", line)[1]
        assert "<em>" not in result.code and "</em>" not in result.code and result.error is None


def test_signatures_are_kept_verbatim(corpus) -> None:
    for line in (818, 1059, 1198):
        block, result = _result(corpus, "003", line)
        assert result.kind == "signature" and result.signatures
        assert all(sig in block.text for sig in result.signatures)


def test_real_syntax_errors_are_reported(corpus) -> None:
    assert _result(corpus, "001", 1442)[1].error[0] == 1443  # `dtype=torch,long`
    assert _result(corpus, "001", 1283)[1].error is not None  # `with …:` whose body is `# ...`


def test_clean_python_parses_unless_an_error_is_reported(corpus) -> None:
    for note, (_, blocks) in corpus.items():
        for line, (block, result) in blocks.items():
            if result.kind in ("python", "repl") and result.error is None:
                ast.parse(result.code)
            if result.error is not None:  # the reported line lies inside the block
                assert line <= result.error[0] < line + block.text.count("\n"), (note, line)
