"""The VS Code extension: its manifest, and the real workbench (code-server + headless Chromium)."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest

from notesense.rules.ns101_chained_assignment import ChainedAssignment

HERE = Path(__file__).resolve().parent
EXTENSION = HERE.parents[1] / "vscode-extension"
STEPS = [
    "install-vsix",
    "start-code-server",
    "open-file",
    "squiggle",
    "hover-chunk",
    "completion",
    "settings-restart",
    "quick-fix",
    "show-library",
    "open-note",
    "restart-server",
    "notebook-open",
    "notebook-squiggle",
    "notebook-hover",
    "notebook-quick-fix",
    "multi-root",
    "from-environment",
    "bad-interpreter",
    "untrusted-workspace",
    "trust-granted",
    "zh-install-vsix",
    "zh-start-code-server",
    "zh-open-file",
    "zh-diagnostic",
    "zh-status",
    "zh-commands",
]
SCREENSHOTS = [
    "01-diagnostic",
    "02-hover",
    "03-completion",
    "04-settings",
    "05-quick-fix",
    "06-fixed",
    "07-library",
    "08-note",
    "09-multi-root",
    "10-from-environment",
    "11-notebook-diagnostic",
    "12-notebook-hover",
    "13-notebook-quick-fix",
    "14-notebook-fixed",
    "15-bad-interpreter",
    "16-untrusted",
    "17-trusted",
    "18-zh-diagnostic",
    "19-zh-status",
    "20-zh-commands",
]


def test_manifest_declares_settings_commands_and_activation() -> None:
    manifest = json.loads((EXTENSION / "package.json").read_text(encoding="utf-8"))
    settings = manifest["contributes"]["configuration"]["properties"]
    assert set(settings) == {
        "notesense.notes",
        "notesense.lint.enable",
        "notesense.completion.showAll",
        "notesense.interpreter",
        "notesense.importStrategy",
        "notesense.logLevel",
        "notesense.logFile",
        "notesense.trace.server",
    }
    assert settings["notesense.importStrategy"]["default"] == "useBundled"
    nls = json.loads((EXTENSION / "package.nls.json").read_text(encoding="utf-8"))
    titles = {f"{c['category']}: {nls[c['title'].strip('%')]}" for c in manifest["contributes"]["commands"]}
    assert titles == {
        "notesense: Recompile notes",
        "notesense: Open note for symbol",
        "notesense: Show library",
        "notesense: Restart server",
    }
    assert manifest["activationEvents"] == [
        "onLanguage:python", "onNotebook:jupyter-notebook", "onNotebook:interactive", "workspaceContains:**/*.ipynb",
    ]
    client = (EXTENSION / "src" / "client.ts").read_text(encoding="utf-8")
    assert "{ notebook: '*', language: 'python' }" in client  # notebook cells reach the server
    assert "{ scheme: 'file', pattern: '**/*.ipynb' }" in client  # and an .ipynb reopened as its JSON text
    # packaging must never stop to ask (CI has no terminal): MIT licence, no repository prompt
    assert manifest["license"] == "MIT" and "--allow-missing-repository" in manifest["scripts"]["package"]
    assert "npm run bundle" in manifest["scripts"]["vscode:prepublish"]
    assert (EXTENSION / "LICENSE").is_file() and (EXTENSION / "package-lock.json").is_file()


@pytest.mark.slow
def test_vscode_workbench_like_a_person(
    node_env: dict[str, str],
    vsix: Path,
    bare_python: Path,
    installed_python: tuple[Path, Path],
    editor_env: dict[str, str],
    chunk_fragments: list[str],
    artifacts: Path,
) -> None:
    """useBundled with an interpreter that has nothing installed, then fromEnvironment with one that
    has notesense installed."""
    out = artifacts / "vscode"
    python, package = installed_python
    env = {
        **editor_env,
        "PATH": node_env["PATH"],
        "NOTESENSE_ARTIFACTS": str(out),
        "NOTESENSE_VSIX": str(vsix),
        "NOTESENSE_BARE_PYTHON": str(bare_python),
        "NOTESENSE_PYTHON": str(python),
        "NOTESENSE_ENV_LOCATION": str(package),
        "NOTESENSE_EXPECT_HOVER": json.dumps(chunk_fragments, ensure_ascii=False),
        "NOTESENSE_NS101_TEXT": json.dumps({"en": ChainedAssignment.message, "zh": ChainedAssignment.hint}, ensure_ascii=False),
    }
    started = time.perf_counter()
    done = subprocess.run(["node", str(HERE / "vscode_e2e.mjs")], capture_output=True, text=True, timeout=600, env=env)
    print(f"VS Code run: {time.perf_counter() - started:.1f} s\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    report = json.loads((out / "results.json").read_text(encoding="utf-8"))
    failed = [r for r in report["results"] if not r["ok"]]
    assert not failed, json.dumps(failed, ensure_ascii=False, indent=2)
    assert [r["step"] for r in report["results"]] == STEPS
    assert done.returncode == 0
    for name in SCREENSHOTS:
        assert (out / f"{name}.png").stat().st_size > 10_000, name
