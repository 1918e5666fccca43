"""Neovim 0.11 with the notesense plugin installed on 'runtimepath' (as a plugin manager does it)
against the real notesense server: its config, headless sessions, `:checkhealth`, and on screen."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest

import notesense
from notesense.rules.ns101_chained_assignment import ChainedAssignment

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
LSPCONFIG = REPO / "editors" / "nvim" / "lspconfig.lua"
CHECKS = {
    "enable": {"plugin-waits", "attach", "hover", "completion", "typing", "diagnostic-and-fix", "health", "notebook"},
    "autostart": {"plugin-waits", "attach"},
    "missing": {"plugin-waits", "health-error"},
}


def plugin_nvim(nvim: str, *args: str) -> list[str]:
    """Neovim with no user config but its plugins loaded, and this repository on 'runtimepath'."""
    return [nvim, "--headless", "-u", "NORC", "--cmd", f"set rtp^={REPO}", *args]


def without_notesense_on_path(env: dict[str, str]) -> dict[str, str]:
    """No `notesense` command and no PYTHONPATH: the server is wherever the options say."""
    path = os.pathsep.join(d for d in env["PATH"].split(os.pathsep) if not (Path(d) / "notesense").exists())
    return {**{k: v for k, v in env.items() if k != "PYTHONPATH"}, "PATH": path}


def c_locale(env: dict[str, str]) -> dict[str, str]:
    """The C locale, whatever the caller's: `v:lang` names no language, the plugin passes no `--locale`."""
    return {**{k: v for k, v in env.items() if not k.startswith("LC_")}, "LANG": "C.UTF-8"}


def show_config(nvim: str, tmp_path: Path, env: dict[str, str], lua: str) -> dict:
    script = tmp_path / "show.lua"
    script.write_text(
        "local loaded_at_start = package.loaded.notesense ~= nil\n"
        f"{lua}\n"
        "local c = vim.lsp.config.notesense\n"
        f"local static = dofile([[{LSPCONFIG}]])\n"
        "local enabled = vim.lsp.is_enabled('notesense')\n"
        "local attaches = {}  -- which buffers the config serves (the loop's FileType events come after `enabled`)\n"
        "for _, name in ipairs({ 'a.py', 'b.ipynb', 'C.IPYNB', 'package.json' }) do\n"
        "  local buf = vim.api.nvim_create_buf(true, false)\n"
        "  vim.api.nvim_buf_set_name(buf, name)\n"
        "  vim.bo[buf].filetype = name:match('%.py$') and 'python' or 'json'\n"
        "  c.root_dir(buf, function() table.insert(attaches, name) end)\n"
        "end\n"
        "io.stdout:write(vim.json.encode({ cmd = c.cmd, filetypes = c.filetypes, root_markers = c.root_markers,"
        " init = c.init_options, settings = c.settings, enabled = enabled, attaches = attaches,"
        " loaded_at_start = loaded_at_start, static = { cmd = static.cmd, filetypes = static.filetypes,"
        " root_markers = static.root_markers, settings = static.settings } }))\n",
        encoding="utf-8",
    )
    done = subprocess.run(plugin_nvim(nvim, "-l", str(script)), capture_output=True, text=True, timeout=60, env=c_locale(env))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_config_from_options_without_notesense_on_path(nvim: str, tmp_path: Path, editor_env: dict[str, str]) -> None:
    """`vim.g.notesense` only: Neovim reads lsp/notesense.lua from the runtimepath; without a
    `notesense` command the configured Python runs the server. Startup loaded none of the plugin's Lua."""
    config = show_config(
        nvim, tmp_path, without_notesense_on_path(editor_env),
        "vim.g.notesense = { python = '/opt/py/bin/python', notes = { '~/notes' }, completion = { show_all = true } }",
    )
    assert config["loaded_at_start"] is False
    assert config["cmd"] == ["/opt/py/bin/python", "-m", "notesense", "serve"]
    assert config["filetypes"] == ["python", "json"]
    assert config["attaches"] == ["a.py", "b.ipynb", "C.IPYNB"]  # JSON: notebooks only
    assert config["enabled"] is False  # autostart waits for the first Python buffer or notebook
    expected = {"notes": [str(Path(editor_env["HOME"]) / "notes")], "lint": {"enable": True}, "completion": {"showAll": True}}
    assert config["init"] == expected
    assert config["settings"] == {"notesense": expected}
    # editors/nvim/lspconfig.lua, the static 0.11 form for nvim-lspconfig, says the same
    assert config["static"]["filetypes"] == ["python"]  # notebooks opened as JSON need the plugin
    assert config["static"]["root_markers"] == config["root_markers"]
    assert config["static"]["settings"] == {"notesense": {"lint": {"enable": True}, "completion": {"showAll": False}}}
    assert config["static"]["cmd"] == ["notesense", "serve"]


def test_setup_prefers_the_notesense_command_and_passes_the_locale_and_log_options(
    nvim: str, tmp_path: Path, editor_env: dict[str, str]
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    command = bin_dir / "notesense"
    command.write_text("#!/bin/sh\n", encoding="utf-8")
    command.chmod(0o755)
    env = {**editor_env, "PATH": f"{bin_dir}{os.pathsep}{editor_env['PATH']}"}
    config = show_config(
        nvim, tmp_path, env,
        "require('notesense').setup({ python = '/opt/py/bin/python', log = { level = 'debug', file = '~/ns.log' }, locale = 'zh_CN' })",
    )
    log_file = str(Path(editor_env["HOME"]) / "ns.log")
    assert config["cmd"] == ["notesense", "serve", "--locale", "zh_CN", "--log-level", "debug", "--log-file", log_file]
    assert config["enabled"] is True  # setup() enables unless autostart = false
    assert config["init"] == {"lint": {"enable": True}, "completion": {"showAll": False}}


def run_session(nvim: str, mode: str, project: Path, env: dict[str, str], result: Path, expect: list[str]) -> dict:
    """`nvim_e2e.lua` in `mode`; in the C locale, so only the `enable` session's `locale` option (zh_CN)
    asks for a language."""
    result.unlink(missing_ok=True)
    env = {
        **c_locale(env),
        "NOTESENSE_NS101_ZH": ChainedAssignment.hint,
        "NOTESENSE_MODE": mode,
        "NOTESENSE_PROJECT": str(project),
        "NOTESENSE_EXPECT_HOVER": json.dumps(expect, ensure_ascii=False),
        "NOTESENSE_RESULT": str(result),
    }
    started = time.perf_counter()
    done = subprocess.run(plugin_nvim(nvim, "-l", str(HERE / "nvim_e2e.lua")), capture_output=True, text=True, timeout=180, env=env)
    print(f"headless Neovim ({mode}): {time.perf_counter() - started:.2f} s\n{done.stderr}")
    assert done.returncode == 0, done.stderr
    report = json.loads(result.read_text(encoding="utf-8"))
    assert report["ok"] is True
    assert {r["check"] for r in report["results"] if r["ok"]} == CHECKS[mode]
    return {r["check"]: r["detail"] for r in report["results"]}


def with_notesense_command(env: dict[str, str]) -> dict[str, str]:
    """The test interpreter's folder first on PATH: its `notesense` command is the one found."""
    return {**env, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"}


@pytest.mark.slow
def test_headless_neovim_against_the_server(
    nvim: str, project: Path, editor_env: dict[str, str], chunk_fragments: list[str], artifacts: Path
) -> None:
    """`vim.lsp.enable('notesense')` attaches (the `notesense` command serves, asked for Chinese), hover,
    completion, diagnostic (its message the rule's Chinese hint) and fix work, and `:checkhealth
    notesense` reports OK and no ERROR."""
    assert (Path(sys.executable).parent / "notesense").exists(), "the test interpreter has no notesense command"
    result = artifacts / "nvim" / "results.json"
    result.parent.mkdir(exist_ok=True)
    details = run_session(nvim, "enable", project, with_notesense_command(editor_env), result, chunk_fragments)
    assert details["attach"]["cmd"] == ["notesense", "serve", "--locale", "zh_CN"]
    assert quote(project.name).lower() in details["attach"]["uri"], details["attach"]  # Neovim's lowercase escapes were served
    assert any(f"notesense {notesense.__version__}" in line for line in details["health"])


@pytest.mark.slow
def test_plugin_starts_the_server_on_the_first_python_buffer(
    nvim: str, project: Path, editor_env: dict[str, str], artifacts: Path
) -> None:
    details = run_session(nvim, "autostart", project, with_notesense_command(editor_env), artifacts / "nvim" / "autostart.json", [])
    assert details["plugin-waits"] == "nothing loaded for toml"


@pytest.mark.slow
def test_checkhealth_reports_a_missing_server(
    nvim: str, project: Path, editor_env: dict[str, str], artifacts: Path, bare_python: Path
) -> None:
    """No `notesense` command and a Python without notesense: an ERROR that says what to install."""
    env = {**without_notesense_on_path(editor_env), "NOTESENSE_PYTHON": str(bare_python)}
    details = run_session(nvim, "missing", project, env, artifacts / "nvim" / "missing.json", [])
    assert any("No module named notesense" in line for line in details["health-error"]), details


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
    done = subprocess.run(
        ["bash", str(HERE / "nvim_screenshot.sh"), str(project), str(png), chunk_fragments[0], *view],
        capture_output=True, text=True, timeout=120, env=with_notesense_command(editor_env),
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
        **c_locale(editor_env),  # no language asked for: the message and the note's hint both show
        "NOTESENSE_NOTES": str(notes),
        "NOTESENSE_NOTE": str(notes / "pandas.md"),
        "NOTESENSE_PROGRAM": str(program),
        "NOTESENSE_ADDED": ADDED,
        "NOTESENSE_WORDS": json.dumps(["pandas 3 删掉了 DataFrame.swapaxes", "NumPy 2 删除了 np.NaN"], ensure_ascii=False),
        "NOTESENSE_RESULT": str(result),
    }
    done = subprocess.run(plugin_nvim(nvim, "-l", str(HERE / "nvim_learned.lua")),
                          capture_output=True, text=True, timeout=180, env=env, cwd=program.parent)
    assert done.returncode == 0, done.stderr
    report = json.loads(result.read_text(encoding="utf-8"))
    assert report["ok"] is True and len(report["results"]) == 3, report


@pytest.mark.slow
def test_checkhealth_says_why_a_note_is_unusable_in_the_plugins_language(nvim: str, tmp_path: Path, editor_env: dict[str, str]) -> None:
    """`locale = 'zh_CN'`: `:checkhealth notesense` gives each problem's reason in Chinese (doctor is
    asked with the server's `--locale`); no server needs to run for it."""
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "ok.md").write_text("# pandas\n\n```python\nimport pandas as pd\ndf = pd.read_csv('a.csv')\n```\n", encoding="utf-8")
    (notes / "broken.md").write_bytes(b"# \x00\xff\x00\n")
    script, lines = tmp_path / "health.lua", tmp_path / "health.json"
    script.write_text(
        "vim.g.notesense = { python = vim.env.NOTESENSE_PYTHON, notes = { vim.env.NOTESENSE_NOTES }, locale = 'zh_CN' }\n"
        "vim.cmd('checkhealth notesense')\n"
        "local file = assert(io.open(vim.env.NOTESENSE_RESULT, 'w'))\n"
        "file:write(vim.json.encode(vim.api.nvim_buf_get_lines(0, 0, -1, false)))\n"
        "file:close()\n"
        "vim.cmd('qall!')\n",
        encoding="utf-8",
    )
    env = {**c_locale(editor_env), "NOTESENSE_NOTES": str(notes), "NOTESENSE_RESULT": str(lines)}
    done = subprocess.run(plugin_nvim(nvim, "-l", str(script)), capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    report = json.loads(lines.read_text(encoding="utf-8"))
    assert any("locale: zh_CN" in line for line in report), report
    assert any("broken.md: 二进制文件（含 NUL 字节）" in line and "WARNING" in line for line in report), report
