"""Neovim 0.11 with the shipped config against the real notesense server (headless and on screen)."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path
from urllib.parse import quote

import pytest

HERE = Path(__file__).resolve().parent
CONFIG = HERE.parents[1] / "editors" / "nvim" / "notesense.lua"
LSPCONFIG_SNIPPET = CONFIG.with_name("lspconfig.lua")
CHECKS = {"attach", "hover", "completion", "typing", "diagnostic-and-fix", "notebook"}


def test_config_registers_the_server(nvim: str, tmp_path: Path, editor_env: dict[str, str]) -> None:
    """The shipped config declares notesense for Python files with the chosen interpreter and settings."""
    script = tmp_path / "show.lua"
    script.write_text(
        "vim.g.notesense_python = '/opt/py/bin/python'\n"
        "vim.g.notesense_settings = { notes = { '~/notes' }, completion = { showAll = true } }\n"
        f"dofile([[{CONFIG}]])\n"
        "local c = vim.lsp.config.notesense\n"
        f"assert(loadfile([[{LSPCONFIG_SNIPPET}]]))  -- the lspconfig snippet at least parses\n"
        "local attaches = {}\n"
        "for _, name in ipairs({ 'a.py', 'b.ipynb', 'C.IPYNB', 'package.json' }) do\n"
        "  local buf = vim.api.nvim_create_buf(true, false)\n"
        "  vim.api.nvim_buf_set_name(buf, name)\n"
        "  vim.bo[buf].filetype = name:match('%.py$') and 'python' or 'json'\n"
        "  c.root_dir(buf, function() table.insert(attaches, name) end)\n"
        "end\n"
        "io.stdout:write(vim.json.encode({ cmd = c.cmd, filetypes = c.filetypes, init = c.init_options,"
        " settings = c.settings, enabled = vim.lsp.is_enabled('notesense'), attaches = attaches }))\n",
        encoding="utf-8",
    )
    done = subprocess.run([nvim, "--headless", "-u", "NONE", "-l", str(script)], capture_output=True, text=True, timeout=60, env=editor_env)
    assert done.returncode == 0, done.stderr
    config = json.loads(done.stdout)
    assert config["cmd"] == ["/opt/py/bin/python", "-m", "notesense", "serve"]
    assert config["filetypes"] == ["python", "json"]
    assert config["attaches"] == ["a.py", "b.ipynb", "C.IPYNB"]  # JSON: notebooks only
    assert config["enabled"] is True
    expected = {"notes": [str(Path(editor_env["HOME"]) / "notes")], "lint": {"enable": True}, "completion": {"showAll": True}}
    assert config["init"] == expected
    assert config["settings"] == {"notesense": expected}


@pytest.mark.slow
def test_headless_neovim_against_the_server(
    nvim: str, project: Path, editor_env: dict[str, str], chunk_fragments: list[str], artifacts: Path
) -> None:
    result = artifacts / "nvim" / "results.json"
    result.parent.mkdir(exist_ok=True)
    result.unlink(missing_ok=True)
    env = {
        **editor_env,
        "NOTESENSE_CONFIG": str(CONFIG),
        "NOTESENSE_PROJECT": str(project),
        "NOTESENSE_EXPECT_HOVER": json.dumps(chunk_fragments, ensure_ascii=False),
        "NOTESENSE_RESULT": str(result),
    }
    started = time.perf_counter()
    done = subprocess.run(
        [nvim, "--headless", "-u", "NONE", "-l", str(HERE / "nvim_e2e.lua")], capture_output=True, text=True, timeout=120, env=env
    )
    print(f"headless Neovim run: {time.perf_counter() - started:.2f} s\n{done.stderr}")
    assert done.returncode == 0, done.stderr
    report = json.loads(result.read_text(encoding="utf-8"))
    assert report["ok"] is True
    assert {r["check"] for r in report["results"] if r["ok"]} == CHECKS
    attach = next(r for r in report["results"] if r["check"] == "attach")
    assert quote(project.name).lower() in attach["detail"]["uri"], attach  # Neovim's lowercase escapes were served


@pytest.mark.slow
@pytest.mark.parametrize(("shown", "view"), [("hover", []), ("notebook-hover", ["analysis.ipynb", "24", "44"])])
def test_neovim_hover_screenshot(
    nvim: str, editor_tools: Path, project: Path, editor_env: dict[str, str], chunk_fragments: list[str], artifacts: Path,
    shown: str, view: list[str],
) -> None:
    """A real nvim in tmux: `K` on `chunk` shows the note (in train.py, and in cell 2 of the notebook
    opened as its JSON, with cell 4's NS101 in view); the screen becomes a PNG for the README."""
    png = artifacts / "nvim" / f"{shown}.png"
    png.parent.mkdir(exist_ok=True)
    png.unlink(missing_ok=True)
    env = {**editor_env, "NOTESENSE_CONFIG": str(CONFIG)}
    done = subprocess.run(
        ["bash", str(HERE / "nvim_screenshot.sh"), str(project), str(png), chunk_fragments[0], *view],
        capture_output=True, text=True, timeout=120, env=env,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 10_000


@pytest.mark.slow
def test_headless_neovim_learned_pitfall_from_the_users_note(nvim: str, tmp_path: Path, editor_env: dict[str, str]) -> None:
    """The user's note teaches a rule: a hint in the note's words, a quick fix, and a note edit that adds
    a diagnostic while Neovim keeps running (the pair texts are the pytest-lsp test's)."""
    import sys

    sys.path.insert(0, str(HERE.parent / "lsp"))
    from test_learned import ADDED, NOTE, PROGRAM

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "pandas.md").write_text(NOTE, encoding="utf-8")
    program = tmp_path / "work" / "report.py"
    program.parent.mkdir()
    program.write_text(PROGRAM, encoding="utf-8")
    result = tmp_path / "learned.json"
    env = {
        **editor_env,
        "NOTESENSE_CONFIG": str(CONFIG),
        "NOTESENSE_NOTES": str(notes),
        "NOTESENSE_NOTE": str(notes / "pandas.md"),
        "NOTESENSE_PROGRAM": str(program),
        "NOTESENSE_ADDED": ADDED,
        "NOTESENSE_WORDS": json.dumps(["pandas 3 删掉了 DataFrame.swapaxes", "NumPy 2 删除了 np.NaN"], ensure_ascii=False),
        "NOTESENSE_RESULT": str(result),
    }
    done = subprocess.run([nvim, "--headless", "-u", "NONE", "-l", str(HERE / "nvim_learned.lua")],
                          capture_output=True, text=True, timeout=180, env=env, cwd=program.parent)
    assert done.returncode == 0, done.stderr
    report = json.loads(result.read_text(encoding="utf-8"))
    assert report["ok"] is True and len(report["results"]) == 3, report
