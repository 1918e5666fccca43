"""The wheel carries the bundled library: a plain install, used from another folder, serves it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def unpacked_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(out)],
        capture_output=True, text=True, timeout=600,
    )
    assert build.returncode == 0, build.stderr
    [wheel] = out.glob("notesense-*.whl")
    target = out / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    return target


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
