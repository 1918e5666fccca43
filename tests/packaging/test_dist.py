"""What would be published: `python -m build` gives an sdist and a wheel (built from that sdist) that
`twine check --strict` accepts, with one version everywhere; the wheel carries the bundled library and,
used from another folder, serves it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

import notesense

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`python -m build` once for the module: the sdist, then the wheel built from it."""
    out = tmp_path_factory.mktemp("dist")
    build = subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)], capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stdout[-2000:] + build.stderr[-2000:]
    return out


@pytest.fixture(scope="module")
def unpacked_wheel(dist: Path) -> Path:
    [wheel] = dist.glob("notesense-*.whl")
    target = dist / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    return target


def test_twine_accepts_the_sdist_and_the_wheel(dist: Path) -> None:
    files = sorted(dist.glob("notesense-*"))
    assert [f.name for f in files] == [f"notesense-{notesense.__version__}-py3-none-any.whl", f"notesense-{notesense.__version__}.tar.gz"]
    check = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", *map(str, files)], capture_output=True, text=True, timeout=300)
    assert check.returncode == 0, check.stdout + check.stderr


def test_sdist_holds_the_sources_and_nothing_from_the_editors(dist: Path) -> None:
    [sdist] = dist.glob("notesense-*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert {"pyproject.toml", "README.md", "CHANGELOG.md", "LICENSE", "server/notesense/__init__.py", "snippets/schema.json"} <= names
    assert not [n for n in names if n.startswith(("vscode-extension/", "editors/", "lua/", "plugin/"))]


def test_one_version_for_package_extension_and_changelog() -> None:
    manifest = json.loads((ROOT / "vscode-extension" / "package.json").read_text(encoding="utf-8"))
    changelog = re.search(r"^## \[(\d[^\]]*)\]", (ROOT / "CHANGELOG.md").read_text(encoding="utf-8"), re.MULTILINE)
    assert (manifest["version"], changelog and changelog[1]) == (notesense.__version__, notesense.__version__)


def test_wheel_ships_snippets_notes_and_examples(unpacked_wheel: Path):
    bundled = unpacked_wheel / "notesense" / "_bundled"
    shipped = {p.name for p in (bundled / "snippets").glob("*.yaml")}
    assert shipped == {p.name for p in (ROOT / "snippets").glob("*.yaml")}
    assert (bundled / "snippets" / "schema.json").is_file()
    assert {p.name for p in (bundled / "notes").glob("*.md")} == {p.name for p in (ROOT / "notes").glob("*.md")}
    assert (bundled / "examples" / "train.py").is_file()


def test_installed_package_serves_the_bundled_library_from_anywhere(unpacked_wheel: Path, tmp_path: Path):
    """Run from an unrelated folder with only the wheel's code first on the path: the hover on
    `torch.chunk` comes from the wheel's own snippets and links to the wheel's own note."""
    user_file = tmp_path / "t.py"
    user_file.write_text("import torch\nparts = torch.chunk(torch.arange(4), 2)\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "NOTESENSE_NOTES"}
    env["PYTHONPATH"] = str(unpacked_wheel)
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    where = subprocess.run(
        [sys.executable, "-c", "import notesense.paths as p; print(p.bundled_dir('snippets'))"],
        capture_output=True, text=True, cwd=tmp_path, env=env, check=True,
    )
    assert Path(where.stdout.strip()).is_relative_to(unpacked_wheel)
    hover = subprocess.run(
        [sys.executable, "-m", "notesense", "hover", f"{user_file}:2:16", "--format", "json"],
        capture_output=True, text=True, encoding="utf-8", cwd=tmp_path, env=env,
    )
    assert hover.returncode == 0, hover.stderr
    markdown = json.loads(hover.stdout)["markdown"]
    assert "torch.chunk" in markdown and "块" in markdown
    assert (unpacked_wheel / "notesense" / "_bundled" / "notes").resolve().as_uri() in markdown
