"""The packaged .vsix carries its server: unzipped, it serves a hover with a Python that has nothing
installed; `bundled/tool/lsp_server.py` picks the notesense the import strategy asks for and turns
away an interpreter that is too old."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from pytest_lsp import ClientServerConfig, client_capabilities
from lsprotocol import types

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "lsp"))  # importlib mode: the LSP test helpers

from lsp_helpers import Session, utf16_position  # noqa: E402

EXTENSION = Path(__file__).resolve().parents[2] / "vscode-extension"
TOOL = EXTENSION / "bundled" / "tool" / "lsp_server.py"
MAX_VSIX_BYTES = 15 * 1024 * 1024
COMPILED = re.compile(r"\.(so|pyd|dylib|dll)$", re.IGNORECASE)


def clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """No PYTHONPATH (the checkout must not leak in), no note folders, a private cache."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "NOTESENSE_NOTES", "NOTESENSE_IMPORT_STRATEGY")}
    return {**env, "XDG_CACHE_HOME": str(tmp_path / "cache"), **extra}


def probe(python: Path, tool: Path, env: dict[str, str]) -> dict:
    done = subprocess.run([str(python), str(tool), "--probe"], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def unpacked(vsix: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("vsix")
    with zipfile.ZipFile(vsix) as archive:
        archive.extractall(target)
    return target / "extension"


@pytest.mark.slow
def test_vsix_is_small_universal_and_one_version(vsix: Path, unpacked: Path) -> None:
    assert vsix.stat().st_size <= MAX_VSIX_BYTES, f"{vsix.stat().st_size / 2**20:.1f} MB"
    with zipfile.ZipFile(vsix) as archive:
        names = archive.namelist()
    assert not [n for n in names if COMPILED.search(n)], "a compiled file ties the .vsix to one platform"
    assert not [n for n in names if "/src/" in n or n.endswith((".ts", ".pyc"))]
    manifest = json.loads((unpacked / "package.json").read_text(encoding="utf-8"))
    bundled = re.search(r'__version__ = "([^"]+)"', (unpacked / "bundled/libs/notesense/__init__.py").read_text(encoding="utf-8"))
    assert bundled and bundled[1] == manifest["version"]
    assert (unpacked / "bundled/libs/notesense/_bundled/snippets/schema.json").is_file()
    assert (unpacked / "bundled/libs/yaml/__init__.py").is_file() and (unpacked / "bundled/tool/lsp_server.py").is_file()


@pytest.mark.slow
def test_vsix_speaks_english_and_chinese(unpacked: Path) -> None:
    """Every manifest string and every string the code localizes (`vscode.l10n.t`, exported from the
    sources at packaging time into l10n/bundle.l10n.json) has its Chinese translation."""
    manifest = (unpacked / "package.json").read_text(encoding="utf-8")
    english, chinese = (json.loads((unpacked / name).read_text(encoding="utf-8")) for name in ("package.nls.json", "package.nls.zh-cn.json"))
    assert set(re.findall(r'"%([^%"]+)%"', manifest)) == set(english) == set(chinese)
    strings, translated = (json.loads((unpacked / "l10n" / name).read_text(encoding="utf-8")) for name in ("bundle.l10n.json", "bundle.l10n.zh-cn.json"))
    assert len(strings) > 20 and set(strings) == set(translated)
    han = re.compile(r"[\u4e00-\u9fff]")
    untranslated = sorted(key for key, text in {**chinese, **translated}.items() if not han.search(text))
    assert untranslated == ["displayName", "{0} · Python {1}"]  # a name and a format: nothing to translate
    placeholders = re.compile(r"\{\d\}")
    assert [k for k, text in translated.items() if sorted(placeholders.findall(k)) != sorted(placeholders.findall(text))] == []


@pytest.mark.slow
async def test_unzipped_vsix_serves_a_hover_with_nothing_installed(unpacked: Path, bare_python: Path, tmp_path: Path) -> None:
    """The bare venv cannot import notesense, PyYAML or pygls (checked by `bare_python`): everything
    the hover needs comes from the extension's bundle, PyYAML's pure-Python loader included."""
    tool = unpacked / "bundled" / "tool" / "lsp_server.py"
    env = clean_env(tmp_path)
    found = probe(bare_python, tool, env)
    assert found["origin"] == "bundled" and Path(found["location"]).is_relative_to(unpacked)
    pure = subprocess.run(
        [str(bare_python), "-c", f"import sys; sys.path.insert(0, {str(unpacked / 'bundled/libs')!r}); import yaml; print(yaml.__with_libyaml__)"],
        capture_output=True, text=True, env=env, check=True,
    )
    assert pure.stdout.strip() == "False"

    workspace = tmp_path / "project"
    workspace.mkdir()
    client = await ClientServerConfig(server_command=[str(bare_python), str(tool), "--stdio"], server_env=env).start()
    session = Session(client, workspace)
    try:
        await client.initialize_session(
            types.InitializeParams(capabilities=client_capabilities("visual-studio-code"), root_uri=workspace.as_uri())
        )
        await session.wait_ready()
        text = "import torch\nparts = torch.chunk(torch.arange(4), 2)\n"
        uri = session.open("t.py", text)
        hover = await session.hover(uri, utf16_position(text, "chunk", 1))
        assert hover is not None and "torch.chunk" in hover.contents.value and "块" in hover.contents.value
        assert (unpacked / "bundled/libs/notesense/_bundled/notes").resolve().as_uri() in hover.contents.value
    finally:
        await client.shutdown_session()
        await client.stop()


def test_from_environment_uses_the_installed_notesense(installed_python: tuple[Path, Path], tmp_path: Path) -> None:
    python, package = installed_python
    env = clean_env(tmp_path, NOTESENSE_IMPORT_STRATEGY="fromEnvironment")
    found = probe(python, TOOL, env)
    assert (found["origin"], Path(found["location"]).resolve()) == ("environment", package)
    bundled = probe(python, TOOL, {**env, "NOTESENSE_IMPORT_STRATEGY": "useBundled"})
    assert bundled["origin"] == "bundled"


@pytest.mark.slow
def test_from_environment_falls_back_to_the_bundle(vsix: Path, bare_python: Path, tmp_path: Path) -> None:
    """`vsix` built the bundle in the source tree, where the tool script finds it."""
    found = probe(bare_python, TOOL, clean_env(tmp_path, NOTESENSE_IMPORT_STRATEGY="fromEnvironment"))
    assert found["origin"] == "bundled"
    assert Path(found["location"]).resolve() == (EXTENSION / "bundled" / "libs" / "notesense").resolve()


@pytest.mark.parametrize("mode", [["--probe"], ["--stdio"]])
def test_too_old_python_is_told_clearly(mode: list[str], tmp_path: Path) -> None:
    """The version gate runs before anything needs a newer Python (the interpreter claims 3.9 here:
    no Python older than 3.10 is installed on the test machines)."""
    claim_39 = (
        "import runpy, sys; sys.version_info = (3, 9, 18, 'final', 0); "
        f"sys.argv = [{str(TOOL)!r}, *{mode!r}]; runpy.run_path({str(TOOL)!r}, run_name='__main__')"
    )
    done = subprocess.run([sys.executable, "-c", claim_39], capture_output=True, text=True, env=clean_env(tmp_path), timeout=60)
    if mode == ["--probe"]:
        assert done.returncode == 0
        assert json.loads(done.stdout) == {"python": "3.9.18", "executable": sys.executable, "supported": False, "minimum": "3.10"}
    else:
        assert done.returncode == 3
        assert done.stderr.strip() == f"notesense needs Python 3.10 or newer; {sys.executable} is Python 3.9.18."
