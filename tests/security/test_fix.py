"""`notesense lint --fix` never loses data: an edit saved meanwhile, a symlink, a hard link, the owner,
the mode and a read-only file all survive it, and the summary counts the fixes it really applied."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from notesense.lint import fixer
from notesense.lint.runner import Options, lint_file, run

BAD = "import pandas as pd\ndf = pd.DataFrame({'a': [1, 2], 'b': [0, 0]})\ndf[df.a > 1]['b'] = 5\n"
FIXED = "import pandas as pd\ndf = pd.DataFrame({'a': [1, 2], 'b': [0, 0]})\ndf.loc[df.a > 1, 'b'] = 5\n"
FIX = Options(fix=True)


def lint(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "XDG_CACHE_HOME": str(cwd / "xdg")}
    return subprocess.run([sys.executable, "-m", "notesense", "lint", *args], cwd=cwd, capture_output=True,
                          text=True, env=env, timeout=120)


def test_an_edit_saved_while_fixing_is_never_overwritten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "train.py"
    path.write_text(BAD, encoding="utf-8")
    edited = BAD + "print('the user saved this while --fix ran')\n"
    compute = fixer.fix_text

    def user_saves_meanwhile(source: str, name: str, options: Options):
        result = compute(source, name, options)
        path.write_text(edited, encoding="utf-8")  # the editor saves after lint read the file
        return result

    monkeypatch.setattr(fixer, "fix_text", user_saves_meanwhile)
    result = lint_file(str(path), FIX)
    assert path.read_text(encoding="utf-8") == edited
    assert result.fixed == 0 and "changed on disk" in (result.error or "")
    assert [f.code for f in result.findings] == ["NS101"], "the finding is still reported, unfixed"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["train.py"], "no temp file left"


def test_concurrent_saves_during_a_real_fix_run_are_kept(tmp_path: Path) -> None:
    """A real race: `lint --fix` over a tree (in worker processes) while an editor keeps saving a
    file whose fixes take a while to compute. Whenever the file changes under the editor, it must
    be lint's fix of the editor's latest save, never a fix of an older one."""
    project = tmp_path / "project"
    project.mkdir()
    for i in range(20):
        (project / f"m{i:02}.py").write_text(BAD, encoding="utf-8")
    hot = project / "m10.py"
    body = BAD + "df[df.a > 1]['b'] = 5\n" * 400
    hot.write_text(body + "# save 0\n", encoding="utf-8")
    done = threading.Event()
    saved = [0]
    lost: list[str] = []

    def editor() -> None:
        while not done.is_set():
            current = hot.read_text(encoding="utf-8")
            if not current.endswith(f"# save {saved[0]}\n"):
                lost.append(current.rsplit("\n", 2)[-2])
            saved[0] += 1
            hot.write_text(body + f"# save {saved[0]}\n", encoding="utf-8")
            time.sleep(0.01)

    thread = threading.Thread(target=editor)
    thread.start()
    try:
        result = lint("project", "--fix", "--jobs", "2", cwd=tmp_path)
    finally:
        done.set()
        thread.join()
    assert not lost, f"lint overwrote the editor's latest save with a fix of an older one: {lost}"
    assert result.returncode in (0, 2), result.stderr
    assert hot.read_text(encoding="utf-8").endswith(f"# save {saved[0]}\n")
    assert (project / "m00.py").read_text(encoding="utf-8") == FIXED


def test_a_symlink_stays_a_link_and_its_target_is_fixed(tmp_path: Path) -> None:
    target = tmp_path / "real" / "train.py"
    target.parent.mkdir()
    target.write_text(BAD, encoding="utf-8")
    link = tmp_path / "src" / "train.py"
    link.parent.mkdir()
    link.symlink_to(target)
    result = lint("src", "--fix", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8") == FIXED
    assert sorted(p.name for p in target.parent.iterdir()) == ["train.py"]


def test_hard_linked_files_are_refused_unless_forced(tmp_path: Path) -> None:
    first = tmp_path / "a.py"
    first.write_text(BAD, encoding="utf-8")
    second = tmp_path / "b.py"
    os.link(first, second)
    result = lint("a.py", "--fix", cwd=tmp_path)
    assert result.returncode == 2 and "hard links" in result.stdout
    assert first.read_text(encoding="utf-8") == BAD and os.stat(first).st_nlink == 2
    forced = lint("a.py", "--fix", "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stdout + forced.stderr
    assert first.read_text(encoding="utf-8") == FIXED
    assert second.read_text(encoding="utf-8") == BAD, "the other name keeps its content"


def test_read_only_files_are_refused_unless_forced(tmp_path: Path) -> None:
    path = tmp_path / "a.py"
    path.write_text(BAD, encoding="utf-8")
    path.chmod(0o444)
    result = lint("a.py", "--fix", cwd=tmp_path)
    assert result.returncode == 2 and "read-only" in result.stdout
    assert path.read_text(encoding="utf-8") == BAD
    forced = lint("a.py", "--fix", "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stdout + forced.stderr
    assert path.read_text(encoding="utf-8") == FIXED
    assert stat.S_IMODE(path.stat().st_mode) == 0o444


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a file to another user needs root")
def test_owner_group_and_mode_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "a.py"
    path.write_text(BAD, encoding="utf-8")
    os.chown(path, 4321, 8765)
    path.chmod(0o664)
    result = lint("a.py", "--fix", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    st = path.stat()
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (4321, 8765, 0o664)
    assert path.read_text(encoding="utf-8") == FIXED


@pytest.mark.parametrize("source, fixed", [
    pytest.param("import pandas as pd\ndf = pd.DataFrame()\ndf[df.a > 1]['b'].fillna(method='ffill', inplace=True)\n",
                 "df.loc[df.a > 1, 'b'] = df[df.a > 1]['b'].ffill()\n", id="NS101-then-NS103-on-the-rewritten-line"),
    pytest.param("import pandas as pd\ndf = pd.DataFrame()\nother = pd.DataFrame()\nextra = pd.DataFrame()\n"
                 "merged = df.append(other).append(extra)\ndf['b'] = df['b'].fillna(method='ffill')\n",
                 "merged = pd.concat([pd.concat([df, other]), extra])\ndf['b'] = df['b'].ffill()\n", id="nested-append"),
])
def test_the_summary_counts_every_fix_applied(tmp_path: Path, source: str, fixed: str) -> None:
    """Three fixes over two passes from two findings (an in-place chained call: NS101, then NS103 on
    the rewritten line; a nested `append`: the inner call is found once the outer one is fixed, and
    NS103). A count taken from the drop in findings says two."""
    path = tmp_path / "a.py"
    path.write_text(source, encoding="utf-8")
    assert [r.fixed for r in run([str(path)], FIX).results] == [3]
    assert path.read_text(encoding="utf-8").endswith(fixed)
    path.write_text(source, encoding="utf-8")
    assert "fixed 3 " in lint("a.py", "--fix", cwd=tmp_path).stderr


def test_notebooks_get_the_same_guards(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`--fix` on an .ipynb rewrites cell sources through the same checked replace: a read-only
    notebook is left alone, and one saved while its fixes were computed is not overwritten."""
    import json

    from notesense.lint import notebook

    cell = {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": BAD.splitlines(True)}
    text = json.dumps({"cells": [cell], "metadata": {"language_info": {"name": "python"}}, "nbformat": 4,
                       "nbformat_minor": 5}, indent=1) + "\n"
    path = tmp_path / "nb.ipynb"
    path.write_text(text, encoding="utf-8")
    path.chmod(0o444)
    result = lint("nb.ipynb", "--fix", cwd=tmp_path)
    assert result.returncode == 2 and "read-only" in result.stdout and path.read_text(encoding="utf-8") == text
    path.chmod(0o644)
    fix = notebook.fix

    def saved_meanwhile(*args):
        done = fix(*args)
        path.write_text(text.replace("'b'", "'c'"), encoding="utf-8")
        return done

    monkeypatch.setattr(notebook, "fix", saved_meanwhile)
    outcome = lint_file(str(path), FIX)
    assert "changed on disk" in (outcome.error or "") and outcome.cells == (1,)
    assert path.read_text(encoding="utf-8") == text.replace("'b'", "'c'")
