"""`notesense lint` on Jupyter notebooks (issue 11): cells as one program, findings per cell as ruff
prints them, `--fix` touching only the fixed cells' source lines, bad notebooks an error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from notesense.lint.runner import Options, collect_files, run

ROOT = Path(__file__).resolve().parents[2]
CHAINED = 'df[df.a > 1]["b"] = 0'
IMAGE = {"image/png": "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==\n", "text/plain": ["<Figure size 640x480 with 1 Axes>"]}


def code(source: str | list[str], count: int | None = None, outputs: list | None = None, cell_id: str = "") -> dict:
    lines = source if isinstance(source, list) else _lines(source)
    cell = {"cell_type": "code", "execution_count": count, "metadata": {}, "outputs": outputs or [], "source": lines}
    return {**cell, "id": cell_id} if cell_id else cell


def markdown(source: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": _lines(source)}


def _lines(source: str) -> list[str]:
    return source.splitlines(keepends=True)


def notebook(cells: list[dict], language: str = "python") -> dict:
    return {
        "cells": cells,
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": language, "name": "python3"},
                     "language_info": {"name": language}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def jupyter_dumps(nb: dict) -> str:
    """As Jupyter writes a notebook (nbformat.writes): sorted keys, indent 1, UTF-8, trailing newline."""
    return json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def lint(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "XDG_CACHE_HOME": str(cwd / "xdg")}
    return subprocess.run([sys.executable, "-m", "notesense", "lint", *args], cwd=cwd, capture_output=True,
                          text=True, env=env, timeout=120)


def analysis() -> dict:
    """Markdown, imports, a magic cell with output, a CRLF cell, the pitfall in cell 6."""
    return notebook([
        markdown("# 销售分析 / sales\n\n先读数据。"),
        code("import pandas as pd\nimport torch", 1, cell_id="a1"),
        code("%matplotlib inline\n!pip list | head -2\ndf = pd.DataFrame({'a': [1, 2], 'b': [3, 4]})\ndf.plot()", 2,
             [{"data": IMAGE, "execution_count": 2, "metadata": {}, "output_type": "execute_result"}], "a2"),
        code(["x = torch.arange(10)\r\n", "parts = torch.chunk(x, 3)\r\n", "df.fillna?"], 3, cell_id="a3"),
        markdown("## 链式赋值"),
        code(f"y = 1\n{CHAINED}\n", 4, [{"name": "stdout", "output_type": "stream", "text": ["done\n"]}], "a4"),
    ])


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "我的 笔记"
    folder.mkdir()
    (folder / "分析.ipynb").write_text(jupyter_dumps(analysis()), encoding="utf-8")
    checkpoints = folder / ".ipynb_checkpoints"
    checkpoints.mkdir()
    (checkpoints / "分析-checkpoint.ipynb").write_text(jupyter_dumps(analysis()), encoding="utf-8")
    return tmp_path


def test_findings_name_the_cell_as_jupyter_numbers_it(project: Path):
    found = lint("我的 笔记", cwd=project)
    assert found.returncode == 1, found.stderr
    path = os.path.join("我的 笔记", "分析.ipynb")
    expected = f"{path}:cell 6:2:1: NS101 Chained assignment writes into a temporary copy; the DataFrame is never changed\n"
    assert found.stdout == expected  # one finding: magics, help and shell lines hide nothing, raise nothing
    assert "1 file" in found.stderr  # the checkpoint copy is skipped
    assert lint("我的 笔记", cwd=project).stdout == expected  # the same from the result cache


def test_json_and_sarif_carry_the_cell(project: Path):
    """JSON gives the cell's own position; SARIF and GitHub annotations, which mark the file itself,
    give the line and column of the `.ipynb` as it is on disk that hold the code, and the cell beside."""
    [row] = json.loads(lint("我的 笔记", "--format", "json", cwd=project).stdout)
    assert (row["cell"], row["line"], row["col"], row["code"]) == (6, 2, 0, "NS101")
    assert row["fix"]["edits"][0]["line"] == 2  # fix positions are the cell's own too
    raw = (project / "我的 笔记" / "分析.ipynb").read_text(encoding="utf-8").split("\n")
    [on_disk] = [n for n, text in enumerate(raw, 1) if json.dumps(CHAINED, ensure_ascii=False)[1:-1] in text]
    column = raw[on_disk - 1].index('"') + 2  # 1-based: the first character inside the JSON string
    doc = json.loads(lint("我的 笔记", "--format", "sarif", cwd=project).stdout)
    [result] = doc["runs"][0]["results"]
    assert (result["properties"]["cell"], result["properties"]["cellLine"]) == (6, 2)
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endLine"]) == (on_disk, column, on_disk), region
    github = lint("我的 笔记", "--format", "github", cwd=project).stdout
    assert f"line={on_disk},col={column}," in github and "cell 6:2:1" in github, github


def test_fix_rewrites_only_the_fixed_source_lines(project: Path):
    path = project / "我的 笔记" / "分析.ipynb"
    before = path.read_bytes()
    diff = lint("我的 笔记", "--diff", cwd=project)
    assert diff.returncode == 1 and path.read_bytes() == before
    changed = [line for line in diff.stdout.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert changed == ['-    "df[df.a > 1][\\"b\\"] = 0\\n"', '+    "df.loc[df.a > 1, \\"b\\"] = 0\\n"'], diff.stdout
    fixed = lint("我的 笔记", "--fix", cwd=project)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    after = path.read_bytes()
    old_lines, new_lines = before.decode().split("\n"), after.decode().split("\n")
    assert len(old_lines) == len(new_lines)
    changed = [(a, b) for a, b in zip(old_lines, new_lines) if a != b]
    assert changed == [('    "df[df.a > 1][\\"b\\"] = 0\\n"', '    "df.loc[df.a > 1, \\"b\\"] = 0\\n"')], changed
    old_nb, new_nb = json.loads(before), json.loads(after)
    for old_cell, new_cell in zip(old_nb["cells"], new_nb["cells"]):
        assert {k: v for k, v in old_cell.items() if k != "source"} == {k: v for k, v in new_cell.items() if k != "source"}
    assert after.endswith(b"}\n")
    assert lint("我的 笔记", "--fix", cwd=project).returncode == 0
    assert path.read_bytes() == after  # a second run changes nothing


def test_fix_keeps_a_layout_jupyter_did_not_write(tmp_path: Path):
    """Two-space indent, unsorted keys, ASCII escapes, a source given as one string, no final newline,
    a magic and CRLF inside the fixed cell: only that cell's source changes, the rest byte for byte."""
    nb = notebook([
        code("import pandas as pd\ndf = pd.read_csv('数据.csv')", 1),
        {"source": f"%%time\r\n# 统计\r\n{CHAINED}\r\n", "outputs": [], "metadata": {"tags": ["x"]},
         "execution_count": 2, "cell_type": "code"},
    ])
    text = json.dumps(nb, indent=2, ensure_ascii=True)
    path = tmp_path / "layout.ipynb"
    path.write_text(text, encoding="utf-8", newline="")
    found = lint("layout.ipynb", cwd=tmp_path).stdout
    assert found.startswith("layout.ipynb:cell 2:3:1: NS101 "), found  # CRLF lines counted once, after the magic
    assert lint("layout.ipynb", "--fix", cwd=tmp_path).returncode == 0
    after = path.read_bytes().decode("utf-8")
    expected = text.replace(json.dumps(f"%%time\r\n# 统计\r\n{CHAINED}\r\n"), json.dumps('%%time\r\n# 统计\r\ndf.loc[df.a > 1, "b"] = 0\r\n'))
    assert after == expected


def test_a_cell_that_does_not_parse_is_reported_and_left_alone(tmp_path: Path):
    nb = notebook([
        code("import pandas as pd\ndf = pd.read_csv('a.csv')"),
        code("rows = await fetch_rows()"),  # IPython runs top-level await: not an error
        code("df[ = 1"),
        code(CHAINED),
    ])
    path = tmp_path / "broken.ipynb"
    path.write_text(jupyter_dumps(nb), encoding="utf-8")
    result = lint("broken.ipynb", "--fix", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith("broken.ipynb:cell 3:1:"), result.stdout
    assert "syntax-error" in result.stdout and "cell 2" not in result.stdout
    fixed = json.loads(path.read_text(encoding="utf-8"))
    assert fixed["cells"][2]["source"] == ["df[ = 1"]
    assert fixed["cells"][3]["source"] == ['df.loc[df.a > 1, "b"] = 0']  # the other cells still get their fix


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('{"cells": [', "invalid JSON at line 1"),
        (json.dumps({"nbformat": 2, "nbformat_minor": 0, "worksheets": []}), "not an nbformat 3 or 4 notebook"),
        (json.dumps({"nbformat": 3, "nbformat_minor": 0}), "no `cells` list in its `worksheets`"),
        (json.dumps({"cells": [{"cell_type": "code", "source": 3}], "nbformat": 4}), "cell 1: `source`"),
        ("[1, 2]", "the top level is not a JSON object"),
        (json.dumps({"nbformat": 4, "metadata": {}}), "no `cells` list"),
    ],
)
def test_a_file_that_is_not_a_notebook_is_an_error(tmp_path: Path, content: str, reason: str):
    (tmp_path / "bad.ipynb").write_text(content, encoding="utf-8")
    result = lint("bad.ipynb", cwd=tmp_path)
    assert result.returncode == 2
    assert "bad.ipynb: error: cannot read the notebook:" in result.stdout and reason in result.stdout, result.stdout
    assert "0 problems" not in result.stderr and "1 file could not be checked" in result.stderr, result.stderr


def test_a_notebook_in_another_language_has_nothing_to_lint(tmp_path: Path):
    nb = notebook([code("library(dplyr)\ndf[df$a > 1, ]")], language="R")
    (tmp_path / "r.ipynb").write_text(jupyter_dumps(nb), encoding="utf-8")
    assert lint("r.ipynb", cwd=tmp_path).returncode == 0


def test_directories_are_walked_for_notebooks(project: Path):
    files, _, _ = collect_files([str(project)])
    assert [f.name for f in files] == ["分析.ipynb"]
    report = run([str(project)], Options())
    assert [r.cells for r in report.results] == [(6,)]


def test_a_folder_walk_skips_macos_appledouble_files(tmp_path: Path):
    """`._train.py` beside `train.py` (a folder copied from a Mac onto another file system) is macOS's
    metadata, not Python: a folder's lint never reads it, so it reports no unreadable file."""
    (tmp_path / "train.py").write_text("import torch\n", encoding="utf-8")
    (tmp_path / "._train.py").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        \x00\x02\xff")
    files, _, _ = collect_files([str(tmp_path)])
    assert [f.name for f in files] == ["train.py"]
    assert lint(".", cwd=tmp_path).returncode == 0


def test_pre_commit_hooks_take_notebooks():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert all("jupyter" in hook["types_or"] for hook in hooks)


def test_empty_cells_and_backslashes_keep_positions_and_fix_once(tmp_path: Path):
    """Empty code cells (`""`, `[]`) count in the cell numbers and hold no line of another cell;
    backslashes (a Windows path, a regex, a line continuation, a shell line continued) move no column."""
    windows = r"df = pd.read_csv(r'C:\new\数据.csv')"
    regex = r'''df[df.name.str.contains(r"\d+\\")]["b"] = 0'''
    nb = notebook([
        code([]),
        code(["import pandas as pd\n", windows + "\n", "x = 1 + \\\n", "    2\n"]),
        {**code([]), "source": ""},
        code(["!dir C:\\data\\\n", "  /b\n", f"y = 'a\\\\'; {CHAINED}  # C:\\\n"]),
        {**code([]), "source": f"%%time\ns = '\\\\'\n{regex}"},  # one string, not a list of lines
    ])
    path = tmp_path / "paths.ipynb"
    path.write_text(jupyter_dumps(nb), encoding="utf-8")
    found = lint("paths.ipynb", cwd=tmp_path).stdout.splitlines()
    assert [line.split(" NS")[0] for line in found] == ["paths.ipynb:cell 4:3:12:", "paths.ipynb:cell 5:3:1:"], found
    before = path.read_text(encoding="utf-8")
    assert lint("paths.ipynb", "--fix", "--unsafe-fixes", cwd=tmp_path).returncode == 0
    after = path.read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(before.split("\n"), after.split("\n"), strict=True) if a != b]
    assert [b.strip() for _, b in changed] == [
        json.dumps(f"y = 'a\\\\'; df.loc[df.a > 1, \"b\"] = 0  # C:\\\n"),
        '"source": ' + json.dumps(f"%%time\ns = '\\\\'\n" + regex.replace('df[df.name.str.contains(r"\\d+\\\\")]["b"]', 'df.loc[df.name.str.contains(r"\\d+\\\\"), "b"]')),
    ], changed
    assert json.loads(after)["cells"][0]["source"] == [] and json.loads(after)["cells"][2]["source"] == ""
    assert lint("paths.ipynb", "--fix", "--unsafe-fixes", cwd=tmp_path).returncode == 0
    assert path.read_text(encoding="utf-8") == after  # a second run changes nothing


def v3_notebook() -> dict:
    """As IPython 1–2 saved a notebook (nbformat 3): cells inside worksheets, a code cell's code in
    `input`, its language on the cell, headings as cells of their own."""
    def v3_code(source: str, language: str = "python") -> dict:
        return {"cell_type": "code", "collapsed": False, "input": _lines(source), "language": language,
                "metadata": {}, "outputs": [], "prompt_number": None}

    first = [{"cell_type": "heading", "level": 1, "metadata": {}, "source": ["销售分析"]},
             v3_code("%pylab inline\nimport pandas as pd\ndf = pd.read_csv('sales.csv')")]
    second = [{"cell_type": "markdown", "metadata": {}, "source": ["大于 1 的行："]},
              v3_code("%%R\ndf[df$a > 1, ]", language="R"),
              v3_code(f"{CHAINED}\nprint(df.shape)")]
    return {"metadata": {"name": "分析"}, "nbformat": 3, "nbformat_minor": 0,
            "worksheets": [{"cells": first, "metadata": {}}, {"cells": second, "metadata": {}}]}


def test_an_nbformat_3_notebook_is_linted_and_fixed_in_its_own_layout(tmp_path: Path):
    nb = v3_notebook()
    path = tmp_path / "old.ipynb"
    before = json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    path.write_text(before, encoding="utf-8")
    result = lint("old.ipynb", cwd=tmp_path)
    # cells are numbered across the worksheets, as Jupyter shows the upgraded file; the R cell is not Python
    assert result.stdout.splitlines()[0].startswith("old.ipynb:cell 5:1:1: NS101"), result.stdout
    assert result.returncode == 1
    assert lint("old.ipynb", "--fix", cwd=tmp_path).returncode == 0
    after = path.read_text(encoding="utf-8")
    fixed = json.loads(after)
    assert fixed["worksheets"][1]["cells"][2]["input"] == ['df.loc[df.a > 1, "b"] = 0\n', "print(df.shape)"]
    old, new = before.splitlines(), after.splitlines()  # the fix rewrote that one line of the JSON, nothing else
    assert len(old) == len(new)
    assert [(a.strip(), b.strip()) for a, b in zip(old, new) if a != b] == [
        (r'"df[df.a > 1][\"b\"] = 0\n",', r'"df.loc[df.a > 1, \"b\"] = 0\n",')]
