"""`notesense lint` end to end: exit codes, formats, --fix atomicity, --diff, the cache."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from notesense.files import Snapshot, read_regular
from notesense.lint.fixer import write_fixed
from notesense.lint.runner import LintCache, Options, run
from notesense.rules.ns101_chained_assignment import ChainedAssignment

BAD = "import pandas as pd\ndf = pd.DataFrame({'a': [1, 2], 'b': [0, 0]})\ndf[df.a > 1]['b'] = 5\n"
FIXED = "import pandas as pd\ndf = pd.DataFrame({'a': [1, 2], 'b': [0, 0]})\ndf.loc[df.a > 1, 'b'] = 5\n"
CLEAN = "import pandas as pd\nframe = pd.DataFrame({'a': [1]})\n"


NO_LANGUAGE = {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"}  # English, whatever runs the tests


def lint(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, **NO_LANGUAGE, "XDG_CACHE_HOME": str(cwd / "xdg"), **(env or {})}
    return subprocess.run([sys.executable, "-m", "notesense", "lint", *args], cwd=cwd, capture_output=True,
                          text=True, env=environment, timeout=120)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "bad.py").write_text(BAD, encoding="utf-8")
    (tmp_path / "pkg" / "clean.py").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "pkg" / ".hidden").mkdir()
    (tmp_path / "pkg" / ".hidden" / "skipped.py").write_text(BAD, encoding="utf-8")
    return tmp_path


def test_exit_codes_and_text_format(project: Path):
    clean = lint("pkg/clean.py", cwd=project)
    assert clean.returncode == 0 and clean.stdout == ""
    found = lint("pkg", cwd=project)
    assert found.returncode == 1
    assert found.stdout == "pkg/bad.py:3:1: NS101 Chained assignment writes into a temporary copy; the DataFrame is never changed\n"
    missing = lint("pkg", "nope.py", cwd=project)
    assert missing.returncode == 2 and "nope.py" in missing.stdout
    assert lint("pkg", "--ignore", "NS1", cwd=project).returncode == 0
    assert lint("pkg", "--select", "NS101", cwd=project).returncode == 1


def test_locale_picks_the_language_of_the_messages(project: Path):
    """Chinese as the language server shows it (the note's words) from `--locale` or, without it, the
    environment (LANGUAGE here: it names a language without needing that locale installed)."""
    zh = f"pkg/bad.py:3:1: NS101 {ChainedAssignment.hint}\n"
    en = f"pkg/bad.py:3:1: NS101 {ChainedAssignment.message}\n"
    assert lint("pkg", "--locale", "zh-CN", cwd=project).stdout == zh
    assert lint("pkg", cwd=project, env={"LANGUAGE": "zh_CN:en"}).stdout == zh  # read from the cache: same text
    assert lint("pkg", "--no-cache", cwd=project, env={"LC_ALL": "zh_CN.UTF-8"}).stdout == zh
    assert lint("pkg", "--locale", "en", cwd=project, env={"LANGUAGE": "zh_CN"}).stdout == en
    assert lint("pkg", cwd=project).stdout == en  # C.UTF-8 names no language
    [row] = json.loads(lint("pkg", "--format", "json", "--locale", "zh", cwd=project).stdout)
    assert (row["message"], row["hint"]) == (ChainedAssignment.hint, ChainedAssignment.hint)
    github = lint("pkg", "--format", "github", "--locale", "zh", cwd=project).stdout
    assert github.endswith(f"NS101 {ChainedAssignment.hint}\n"), github


def test_syntax_error_is_reported_and_never_touched(project: Path):
    broken = project / "pkg" / "broken.py"
    broken.write_text("import pandas as pd\ndf[ = 1\n", encoding="utf-8")
    before = broken.stat().st_mtime_ns
    result = lint("pkg/broken.py", "--fix", cwd=project)
    assert result.returncode == 1
    assert re.match(r"pkg/broken\.py:2:\d+: syntax-error SyntaxError", result.stdout)
    assert broken.read_text(encoding="utf-8") == "import pandas as pd\ndf[ = 1\n"
    assert broken.stat().st_mtime_ns == before


WARNED = 'import re\nnumber = re.compile("\\d+")\nsmall = 1if True else 2\n'  # Python warns of both when it parses them


def test_what_python_warns_of_in_the_linted_code_is_not_printed(project: Path):
    """`1if x` and `"\\d"` make Python's compiler print a warning on stderr as it parses them: under a
    real finding, a line per file of `<unknown>:1: SyntaxWarning: invalid decimal literal` would be
    noise notesense never asked for, from the batch and from the worker processes alike."""
    cells = [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": WARNED}]
    notebook = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    for i in range(3):
        (project / "pkg" / f"warned{i}.py").write_text(WARNED, encoding="utf-8")
        (project / "pkg" / f"warned{i}.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    for jobs in ("1", "2"):
        result = lint("pkg", "--no-cache", "--jobs", jobs, cwd=project)
        assert result.returncode == 1 and "pkg/bad.py:3:1: NS101" in result.stdout
        assert "Warning" not in result.stderr, result.stderr
    notes = project / "notes"
    notes.mkdir()
    (notes / "re.md").write_text(f"# re\n\n## compile\n\n```python\n{WARNED}```\n", encoding="utf-8")
    compiled = subprocess.run([sys.executable, "-m", "notesense", "compile", "notes", "-o", "out"], cwd=project,
                              capture_output=True, text=True, timeout=120)
    assert compiled.returncode == 0 and "Warning" not in compiled.stderr, compiled.stderr


def test_json_format(project: Path):
    rows = json.loads(lint("pkg", "--format", "json", cwd=project).stdout)
    [row] = rows
    assert {"path", "line", "col", "end_line", "end_col", "code", "message", "fix"} <= set(row)
    assert (row["path"], row["line"], row["col"], row["code"]) == ("pkg/bad.py", 3, 0, "NS101")
    assert row["fix"]["safe"] is True and row["fix"]["edits"][0]["text"] == "df.loc[df.a > 1, 'b']"


def test_sarif_format(project: Path):
    doc = json.loads(lint("pkg", "--format", "sarif", cwd=project).stdout)
    assert doc["version"] == "2.1.0" and "sarif" in doc["$schema"]
    [run_] = doc["runs"]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "notesense"
    rule_ids = [r["id"] for r in driver["rules"]]
    [result] = run_["results"]
    assert result["ruleId"] == "NS101" and rule_ids[result["ruleIndex"]] == "NS101"
    assert result["level"] in ("error", "warning", "note", "none")
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 3 and region["startColumn"] == 1 and region["endColumn"] > 1
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "pkg/bad.py"


def test_github_format(project: Path):
    out = lint("pkg", "--format", "github", cwd=project).stdout
    assert re.fullmatch(r"::warning file=pkg/bad\.py,line=3,col=1,endLine=3,endColumn=\d+,title=NS101::NS101 .+\n", out)


def test_fix_writes_atomically_and_keeps_mode(project: Path):
    bad = project / "pkg" / "bad.py"
    bad.chmod(0o640)
    result = lint("pkg", "--fix", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert bad.read_text(encoding="utf-8") == FIXED
    assert stat.S_IMODE(bad.stat().st_mode) == 0o640
    assert sorted(p.name for p in (project / "pkg").iterdir()) == [".hidden", "bad.py", "clean.py"], "no temp files left"
    assert lint("pkg", "--fix", cwd=project).returncode == 0
    assert bad.read_text(encoding="utf-8") == FIXED, "fixing again changes nothing"


def test_write_atomic_refuses_unparsable_source(tmp_path: Path):
    target = tmp_path / "x.py"
    target.write_text("a = 1\n", encoding="utf-8")
    data, st = read_regular(target)
    with pytest.raises(SyntaxError):
        write_fixed(target, b"a = = 1\n", Snapshot.of(data, st))
    assert target.read_text(encoding="utf-8") == "a = 1\n"
    assert [p.name for p in tmp_path.iterdir()] == ["x.py"]


def test_unsafe_fixes_need_the_flag(project: Path):
    source = "import pandas as pd\ndf = pd.DataFrame({'a': [1]})\n\n\ndef add(row):\n    return df.append(row)\n"
    path = project / "pkg" / "bad.py"
    path.write_text(source, encoding="utf-8")
    assert lint("pkg/bad.py", "--fix", cwd=project).returncode == 1
    assert path.read_text(encoding="utf-8") == source
    assert lint("pkg/bad.py", "--fix", "--unsafe-fixes", cwd=project).returncode == 0
    assert "pd.concat([df, row])" in path.read_text(encoding="utf-8")


def test_diff_prints_and_does_not_write(project: Path):
    result = lint("pkg", "--diff", cwd=project)
    assert result.returncode == 1
    assert "-df[df.a > 1]['b'] = 5\n+df.loc[df.a > 1, 'b'] = 5\n" in result.stdout
    assert (project / "pkg" / "bad.py").read_text(encoding="utf-8") == BAD
    assert lint("pkg/clean.py", "--diff", cwd=project).returncode == 0


def test_diff_headers_apply_with_git_for_absolute_paths_under_the_folder(project: Path, tmp_path_factory):
    inside = lint(str(project / "pkg" / "bad.py"), "--diff", cwd=project).stdout
    assert inside.startswith("--- a/pkg/bad.py\n+++ b/pkg/bad.py\n"), inside
    applied = subprocess.run(["git", "apply", "--unsafe-paths", "-"], input=inside, cwd=project, text=True, capture_output=True)
    assert applied.returncode == 0, applied.stderr
    assert (project / "pkg" / "bad.py").read_text(encoding="utf-8") == FIXED
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    outside = lint(str(project / "pkg" / "bad.py"), "--diff", cwd=elsewhere).stdout
    assert outside == ""  # already fixed by the applied diff
    (project / "pkg" / "bad.py").write_text(BAD, encoding="utf-8")
    outside = lint(str(project / "pkg" / "bad.py"), "--diff", cwd=elsewhere).stdout
    assert outside.startswith(f"--- {project / 'pkg' / 'bad.py'}\n+++ {project / 'pkg' / 'bad.py'}\n"), outside


def test_cache_hits_on_unchanged_files_and_misses_on_changes(project: Path):
    cache_dir = project / "cache"
    first = run([str(project / "pkg")], Options(), cache=LintCache(cache_dir, Options()))
    assert first.cached == 0 and first.findings == 1
    second = run([str(project / "pkg")], Options(), cache=LintCache(cache_dir, Options()))
    assert second.cached == 2 and second.findings == 1
    assert [r.findings for r in second.results] == [r.findings for r in first.results]
    (project / "pkg" / "bad.py").write_text(FIXED, encoding="utf-8")
    third = run([str(project / "pkg")], Options(), cache=LintCache(cache_dir, Options()))
    assert third.cached == 1 and third.findings == 0
    other = run([str(project / "pkg")], Options(select=("NS2",)), cache=LintCache(cache_dir, Options(select=("NS2",))))
    assert other.cached == 0, "select/ignore are part of the key"


def test_cli_cache_lives_under_xdg_cache_home(project: Path):
    assert lint("pkg", cwd=project).returncode == 1
    assert list((project / "xdg" / "notesense" / "lint").glob("*/results-*.json"))
    assert not (project / ".notesense-cache").exists()
    again = lint("pkg", cwd=project)
    assert again.returncode == 1 and "NS101" in again.stdout
    assert lint("pkg", "--no-cache", cwd=project).returncode == 1


def test_parallel_run_matches_serial(tmp_path: Path):
    for i in range(20):
        (tmp_path / f"m{i}.py").write_text(BAD if i % 2 else CLEAN, encoding="utf-8")
    serial = run([str(tmp_path)], Options(), jobs=1)
    parallel = run([str(tmp_path)], Options(), jobs=2)
    assert [(r.path, r.findings) for r in serial.results] == [(r.path, r.findings) for r in parallel.results]
    assert parallel.findings == 10


def test_notes_option_links_to_the_users_note(project: Path):
    notes = project / "notes"
    notes.mkdir()
    (notes / "pandas.md").write_text(
        "# pandas\n\n## 链式赋值\n\nSettingWithCopyWarning 的坑：\n\n```python\nimport pandas as pd\n"
        "df.loc[df.a > 1, 'b'] = 0\n```\n",
        encoding="utf-8",
    )
    rows = json.loads(lint("pkg", "--format", "json", "--notes", str(notes), cwd=project).stdout)
    assert rows[0]["note"].startswith((notes / "pandas.md").resolve().as_uri() + "#L")
    assert "pandas-pitfalls.md" not in rows[0]["note"]


PAIR = """# numpy 笔记

## product 没了

{words}

错误：

```python
import numpy as np
shape = np.array([2, 3, 4])
print(np.product(shape))
```

正确：

```python
import numpy as np
shape = np.array([2, 3, 4])
print(np.prod(shape))
```
"""


def test_a_learned_finding_from_the_cache_follows_the_notes_words_and_the_users_note_wins(tmp_path: Path):
    """The user's pair teaches the same rule as a bundled note (its only edit is inside a print): the
    finding carries the user's words and link, and editing those words is not answered from the cache."""
    (tmp_path / "notes").mkdir()
    note = tmp_path / "notes" / "my.md"
    (tmp_path / "prog.py").write_text("import numpy as np\nsize = np.product([2, 3])\n", encoding="utf-8")

    def finding(words: str) -> dict:
        note.write_text(PAIR.format(words=words), encoding="utf-8")
        [row] = json.loads(lint("prog.py", "--format", "json", "--notes", "notes", cwd=tmp_path).stdout)
        return row

    first = finding("numpy 2 里 np.product 被删了，用 np.prod。")
    assert first["message"].startswith("numpy 2 里 np.product 被删了") and first["note"].startswith(note.resolve().as_uri())
    second = finding("NumPy 2.0 删除了 np.product，改用 np.prod。")
    assert second["message"].startswith("NumPy 2.0 删除了 np.product"), second


def test_the_notes_the_projects_pyproject_names_teach_the_cli_too(tmp_path: Path):
    """A pre-commit hook runs `notesense lint FILE` with no `--notes`: the pitfalls of the notes that
    `[tool.notesense]` names (the ones the editor uses) are found all the same."""
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "my.md").write_text(PAIR.format(words="np.product 在 numpy 2 里没了，用 np.prod。"),
                                              encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.notesense]\nnotes = ["notes"]\n', encoding="utf-8")
    (tmp_path / "prog.py").write_text("import numpy as np\nsize = np.product([2, 3])\n", encoding="utf-8")
    [row] = json.loads(lint("prog.py", "--format", "json", cwd=tmp_path).stdout)
    assert row["message"].startswith("np.product 在 numpy 2 里没了"), row
