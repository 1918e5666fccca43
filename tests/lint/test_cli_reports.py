"""`notesense lint` as a user meets it (qa14's pass): what the editor reports on a half-typed file, the
note each finding links, and a run with no path."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

TYPING = (
    "import pandas as pd\nimport torch\n\n"
    "df = pd.DataFrame({'a': [1, 2], 'b': [0, 0]})\n"
    "df[df.a > 1]['b'] = 5\n\n"
    "y = torch.\n"  # the line being typed
)
BAD = "import pandas as pd\ndf = pd.DataFrame({'a': [1, 2], 'b': [0, 0]})\ndf[df.a > 1]['b'] = 5\n"
NO_LANGUAGE = {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8", "FORCE_HYPERLINK": "0"}


def lint(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, **NO_LANGUAGE, "XDG_CACHE_HOME": str(cwd / "xdg"), **(env or {})}
    return subprocess.run([sys.executable, "-m", "notesense", "lint", *args], cwd=cwd, capture_output=True,
                          text=True, env=environment, timeout=120)


@pytest.mark.parametrize("fix", [(), ("--fix",)])
def test_a_half_typed_line_keeps_the_findings_above_it(tmp_path: Path, fix: tuple[str, ...]) -> None:
    """The same model as the editor's: NS101 on line 5 is reported beside the syntax error on line 7,
    in line order; the file is never touched and its findings offer no fix."""
    path = tmp_path / "half.py"
    path.write_text(TYPING, encoding="utf-8")
    found = lint("half.py", *fix, cwd=tmp_path)
    assert found.returncode == 1
    lines = found.stdout.splitlines()
    assert [line.split(": ", 1)[0] for line in lines] == ["half.py:5:1", "half.py:7:11"], found.stdout
    assert lines[0].split(" ")[1] == "NS101" and lines[1].split(" ")[1] == "syntax-error"
    assert "Found 2 problems in 1 file" in found.stderr and "fixable" not in found.stderr
    assert path.read_text(encoding="utf-8") == TYPING
    again = lint("half.py", *fix, cwd=tmp_path)  # from the result cache (without --fix): the same
    assert again.stdout == found.stdout


def test_text_format_shows_the_note_each_rule_links(tmp_path: Path) -> None:
    """Once a rule, after the findings (stderr, beside the summary), as `path:line`; on a terminal the
    code itself links there (OSC 8), as ruff links its codes to the rule's page."""
    (tmp_path / "bad.py").write_text(BAD, encoding="utf-8")
    (tmp_path / "bad2.py").write_text(BAD, encoding="utf-8")
    found = lint(".", cwd=tmp_path)
    [line] = [row for row in found.stderr.splitlines() if row.startswith("NS101 note: ")]
    place = line.removeprefix("NS101 note: ")
    note, _, number = place.rpartition(":")
    heading = Path(note).read_text(encoding="utf-8").splitlines()[int(number) - 1]
    assert heading.startswith("## NS101"), heading  # the section on this pitfall
    assert "\x1b]8;" not in found.stdout
    linked = lint(".", "--no-cache", cwd=tmp_path, env={"FORCE_HYPERLINK": "1"})
    assert f"\x1b]8;;{Path(note).resolve().as_uri()}#L{number}\x1b\\NS101\x1b]8;;\x1b\\ " in linked.stdout


def test_no_path_lints_the_current_folder_but_what_ruff_excludes(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "bad.py").write_text(BAD, encoding="utf-8")
    for skipped in ("venv", ".venv", "node_modules", "dist", "my-env/lib"):
        folder = tmp_path / skipped
        folder.mkdir(parents=True)
        (folder / "vendored.py").write_text(BAD, encoding="utf-8")
    (tmp_path / "my-env" / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")  # a venv by any name
    found = lint(cwd=tmp_path)
    assert found.returncode == 1, found.stderr
    assert found.stdout.splitlines() == [f"{os.path.join('pkg', 'bad.py')}:3:1: NS101 "
                                         "Chained assignment writes into a temporary copy; the DataFrame is never changed"]
    assert lint("my-env", cwd=tmp_path).returncode == 1  # named, a folder is linted whatever it holds


def test_a_learned_rules_two_sentences_stay_on_the_problems_one_line(tmp_path: Path) -> None:
    """A rule the bundled notes teach says what is wrong and what to do (two sentences, two lines in an
    editor's diagnostic); the text format keeps one line a problem, as ruff's does, so that `grep` and
    editors' quickfix lists read it."""
    (tmp_path / "old.py").write_text("import numpy as np\narea = np.trapz([1.0, 2.0], [0.0, 1.0])\n", encoding="utf-8")
    found = lint("old.py", "--locale", "zh-CN", cwd=tmp_path)
    lines = found.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("old.py:2:8: NSN"), found.stdout
    assert "np.trapezoid" in lines[0] and "先 `y` 再 `x`" in lines[0], lines[0]  # both sentences, on that line
