"""Acceptance: a cloned repository and a home folder with executable caches planted everywhere
notesense ever kept one. `notesense lint`, `compile` and the server, run there with XDG_CACHE_HOME
unset, run none of it, serve none of it, answer right — cold, warm, and after every store file of
the new caches has been corrupted, which they then rebuild."""

from __future__ import annotations

import marshal
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

from old_caches import Planted, old_compile_key, old_lint_cache_names, old_marshal_name, old_marshal_stamp

from notesense import store

FIXTURES = Path(__file__).resolve().parents[1] / "knowledge" / "fixtures"
TORCH = "# Torch 一些语法\n\n## chunk()函数\n\n仓库里的笔记：把张量沿维度切成块。\n\n```python\nimport torch\nparts = torch.chunk(x, 2)\n```\n"
TRAIN = "import pandas as pd\nimport torch\ndf = pd.DataFrame({'a': [1, 2], 'b': [0, 0]})\ndf[df.a > 1]['b'] = 5\nparts = torch.chunk(x, 2)\n"
PLANTED_ROW = ("planted.evil", "torch", "PLANTED", "x", "x", "n.md", 1, (), ("chunk",), ("torch.chunk",), (), (),
               "PLANTED DOC", "en", (), "python", "", ())


def plant(repo: Path, home: Path, marker: Path) -> list[Path]:
    """Every old cache location, filled; returns the planted files. Lint results: `.notesense-cache/`
    of the working folder and `<cache>/lint/`, under every key formula; per-note compile results:
    `<cache>/` (the server and the CLI twins), `<cache>/notes/` (`rule --learned --notes`) and a
    `compile --cache` folder in the repository; snippet files: `<cache>/library/*.marshal`."""
    payload = pickle.dumps(Planted(marker))
    old = home / ".cache" / "notesense"
    names = [*old_lint_cache_names(), "results-0.pickle"]
    planted = [folder / name for folder in (repo / ".notesense-cache", old / "lint") for name in names]
    key = old_compile_key((repo / "notes" / "torch.md").read_bytes(), "torch.md")
    planted += [folder / key[:2] / f"{key}.pickle" for folder in (old, old / "notes", repo / ".notesense-cache")]
    for path in planted:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(payload)
    for yaml_file in sorted((repo / "snippets").glob("*.yaml")):
        path = old / "library" / old_marshal_name(yaml_file)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(marshal.dumps((old_marshal_stamp(yaml_file), [PLANTED_ROW], [])))
        planted.append(path)
    return planted


def store_files(*folders: Path) -> list[Path]:
    return sorted(p for folder in folders for p in folder.rglob("*.json"))


def intact(path: Path) -> bool:
    """A store file whose checksum matches its payload, of whatever kind and version its header says."""
    blob = path.read_bytes()
    head = blob.split(b"\n", 1)[0].split(b" ")
    return len(head) == 4 and store.loads(blob, head[1].decode(), head[2].decode()) is not None


def test_nothing_planted_runs_results_are_right_and_damaged_caches_are_rebuilt(raw_server, tmp_path: Path) -> None:
    repo, home, marker = tmp_path / "repo", tmp_path / "home", tmp_path / "ran"
    (repo / "notes").mkdir(parents=True)
    (repo / "notes" / "torch.md").write_text(TORCH, encoding="utf-8")
    shutil.copytree(FIXTURES / "snippets", repo / "snippets")
    (repo / "src").mkdir()
    (repo / "src" / "train.py").write_text(TRAIN, encoding="utf-8")
    (repo / "pyproject.toml").write_text('[tool.notesense]\nnotes = ["notes"]\nsnippets = ["snippets"]\n', encoding="utf-8")
    home.mkdir()
    planted = {path: path.read_bytes() for path in plant(repo, home, marker)}
    repo_before = set(repo.rglob("*"))
    env = {k: v for k, v in os.environ.items() if k not in ("XDG_CACHE_HOME", "NOTESENSE_NOTES")}
    env["HOME"] = str(home)
    uri = (repo / "src" / "train.py").as_uri()

    for round_ in ("cold", "warm", "damaged"):
        if round_ == "damaged":
            damaged = store_files(home / ".cache" / "notesense", repo / ".notesense-cache")
            assert len(damaged) >= 5, damaged  # lint results, note (twice), snippet files, library snapshot
            for path in damaged:
                path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
        lint = subprocess.run([sys.executable, "-m", "notesense", "lint", "src"], cwd=repo, env=env,
                              capture_output=True, text=True, timeout=120)
        assert not marker.exists(), f"lint ran a planted pickle ({round_})"
        assert lint.returncode == 1 and lint.stdout.startswith("src/train.py:4:1: NS101"), (round_, lint.stdout, lint.stderr)
        compiled = subprocess.run([sys.executable, "-m", "notesense", "compile", "notes", "-o", "out", "--cache",
                                   ".notesense-cache"], cwd=repo, env=env, capture_output=True, text=True, timeout=120)
        assert not marker.exists(), f"compile ran a planted pickle ({round_})"
        assert compiled.returncode == 0 and "仓库里的笔记" in (repo / "out" / "torch.yaml").read_text(encoding="utf-8")
        server = raw_server(env={"XDG_CACHE_HOME": None, "HOME": str(home)})
        server.initialize(repo)
        server.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": TRAIN}})
        hover = server.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 4, "character": 16}})
        text = hover["result"]["contents"]["value"]
        assert "仓库里的笔记" in text and "PLANTED" not in text, (round_, text)
        assert server.request("shutdown")["result"] is None
        server.notify("exit")
        assert server.exit_code() == 0
        assert not marker.exists(), f"the server ran a planted pickle ({round_})"
        assert {path: path.read_bytes() for path in planted} == planted, "planted files are never read back or rewritten"
    assert all(intact(path) for path in damaged), "every damaged cache was rebuilt"
    named = (repo / "out", repo / ".notesense-cache" / "notes")  # what the commands were told to write
    written = {p for p in set(repo.rglob("*")) - repo_before if not any(p == n or n in p.parents for n in named)}
    assert not written, f"written into the repository unasked: {sorted(written)}"
    assert not list((home / ".cache" / "notesense").rglob("*.tmp"))
