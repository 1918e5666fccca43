"""The lint result cache: data only, in the user's cache folder, per project, and invalidated by any
change to the code that shapes findings."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

from old_caches import PACKAGE, Planted, old_lint_cache_names

from notesense import store
from notesense.lint.runner import CACHE_KIND, LintCache, Options, cache_folder, run

BAD = "import pandas as pd\ndf = pd.DataFrame({'a': [1, 2], 'b': [0, 0]})\ndf[df.a > 1]['b'] = 5\n"
CLEAN = "import pandas as pd\ndf = pd.DataFrame({'a': [1, 2], 'b': [0, 0]})\ndf.loc[df.a > 1, 'b'] = 5\n"
def _cli(args: list[str], cwd: Path, home: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "XDG_CACHE_HOME"}
    env.update(HOME=str(home))
    return subprocess.run([sys.executable, "-m", "notesense", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120)


def test_a_pickle_planted_in_the_working_tree_never_runs(tmp_path: Path) -> None:
    project, home, marker = tmp_path / "repo", tmp_path / "home", tmp_path / "ran"
    (project / "pkg").mkdir(parents=True)
    home.mkdir()
    (project / "pkg" / "bad.py").write_text(BAD, encoding="utf-8")
    planted = project / ".notesense-cache"
    planted.mkdir()
    payload = pickle.dumps(Planted(marker))
    names = [*old_lint_cache_names(), "results-0.pickle"]
    for name in names:
        (planted / name).write_bytes(payload)
    result = _cli(["lint", "pkg"], project, home)
    assert not marker.exists(), "a pickle shipped in the repository ran"
    assert result.returncode == 1 and "pkg/bad.py:3:1: NS101" in result.stdout
    assert sorted(p.name for p in planted.iterdir()) == sorted(names), "not even rewritten"
    caches = list((home / ".cache" / "notesense" / "lint").glob("*/results-*.json"))
    assert len(caches) == 1 and caches[0].read_bytes().startswith(b"notesense-cache lint ")


def test_a_damaged_cache_is_rebuilt(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.py").write_text(BAD, encoding="utf-8")
    first = run(["bad.py"], Options(), cache=LintCache(cache_folder(), Options()))
    [cache_file] = cache_folder().glob("results-*.json")
    for damage in (lambda b: b[: len(b) // 2], lambda b: b.replace(b"NS101", b"NS999"), lambda b: pickle.dumps(Planted(tmp_path / "ran"))):
        cache_file.write_bytes(damage(cache_file.read_bytes()))
        again = run(["bad.py"], Options(), cache=LintCache(cache_folder(), Options()))
        assert again.cached == 0 and [r.findings for r in again.results] == [r.findings for r in first.results]
        assert store.read(cache_file, CACHE_KIND, LintCache(cache_folder(), Options())._version) is not None
    assert run(["bad.py"], Options(), cache=LintCache(cache_folder(), Options())).cached == 1
    assert not (tmp_path / "ran").exists()


def test_projects_never_share_results(tmp_path: Path, monkeypatch) -> None:
    """Same relative path, same size, same mtime, different content: each project gets its own
    findings (the cache is keyed by project, and the stat signature includes ctime and inode)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    results = {}
    for name, text in (("one", BAD), ("two", CLEAN)):
        project = tmp_path / name
        project.mkdir()
        (project / "a.py").write_text(text, encoding="utf-8")
        os.utime(project / "a.py", ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
        monkeypatch.chdir(project)
        results[name] = run(["a.py"], Options(), cache=LintCache(cache_folder(), Options())).findings
    assert results == {"one": 1, "two": 0}
    assert len(list((tmp_path / "xdg" / "notesense" / "lint").iterdir())) == 2


def test_editing_the_analysis_code_invalidates_cached_results(tmp_path: Path) -> None:
    """Results depend on the semantic model too, not only on `rules/`: a changed analysis module
    (an upgrade, a local edit) must not serve results the old code computed."""
    copy = tmp_path / "site" / "notesense"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    project, home = tmp_path / "project", tmp_path / "home"
    project.mkdir()
    home.mkdir()
    (project / "a.py").write_text(BAD, encoding="utf-8")
    script = ("from notesense.lint.runner import LintCache, Options, cache_folder, run; "
              "print(run(['a.py'], Options(), cache=LintCache(cache_folder(), Options())).cached)")
    cached = lambda: _cli_python(script, project, home, str(copy.parent))  # noqa: E731
    assert cached() == "0"
    assert cached() == "1"
    with open(copy / "analysis" / "imports.py", "a", encoding="utf-8") as fh:
        fh.write("\n# a local edit\n")
    assert cached() == "0"


def _cli_python(script: str, cwd: Path, home: Path, pythonpath: str) -> str:
    env = {k: v for k, v in os.environ.items() if k != "XDG_CACHE_HOME"}
    env.update(HOME=str(home), PYTHONPATH=pythonpath)
    done = subprocess.run([sys.executable, "-c", script], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()
