"""The pre-commit hook definition runs the real command."""

from __future__ import annotations

from pathlib import Path

import yaml

from notesense.cli import build_parser

HOOKS = Path(__file__).resolve().parents[2] / ".pre-commit-hooks.yaml"


def test_hook_runs_notesense_lint():
    hooks = {h["id"]: h for h in yaml.safe_load(HOOKS.read_text(encoding="utf-8"))}
    hook = hooks["notesense-lint"]
    assert hook["language"] == "python" and "python" in hook["types_or"]
    argv = hook["entry"].split()[1:] + ["file.py"]
    assert argv[0] == "lint"
    args = build_parser().parse_args(argv)
    assert args.paths == ["file.py"] and callable(args.run)
    fix_args = build_parser().parse_args(hooks["notesense-lint-fix"]["entry"].split()[1:] + ["f.py"])
    assert fix_args.fix
