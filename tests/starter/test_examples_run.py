"""Every starter note's runnable example runs and its asserts hold, so the notes never teach broken code.

Each example runs in its own interpreter (the notes are ours, so executing them is intended), from an
empty temporary folder, with no GPU. An example whose library is not installed here is skipped with
the name of the missing module rather than failed: TensorFlow is not in the test extras.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

TIMEOUT_S = 60


def missing_modules(code: str) -> list[str]:
    """Top-level modules the code imports (at any depth) that this interpreter cannot find."""
    wanted: set[str] = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import):
            wanted.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            wanted.add(node.module.split(".")[0])
    return sorted(name for name in wanted if importlib.util.find_spec(name) is None)


def run_example(code: str, folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `code` as a script file (multiprocessing's spawn needs a real `__main__` file)."""
    script = folder / "example.py"
    script.write_text(code, encoding="utf-8")
    env = {**os.environ, "CUDA_VISIBLE_DEVICES": "", "PYTHONHASHSEED": "0", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, str(script), *args],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )


def test_example_runs(example, tmp_path: Path) -> None:
    block = example.example
    assert block is not None, f"{example.ident}: the section has no ```python example"
    if block.kind != "python":
        pytest.skip(f"{example.ident}: the first python block is a {block.kind}, not a program")
    if missing := missing_modules(block.code):
        pytest.skip(f"{example.ident}: not installed here: {', '.join(missing)}")
    result = run_example(block.code, tmp_path)
    assert result.returncode == 0, (
        f"{example.note}:{block.line} ({example.heading}) failed\n{result.stderr[-3000:]}"
    )


DOCTEST_RUNNER = """
import doctest, sys
text = open(sys.argv[1], encoding="utf-8").read()
test = doctest.DocTestParser().get_doctest(text, {}, "transcript", sys.argv[1], 0)
runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
runner.run(test)
sys.exit(1 if runner.failures else 0)
"""


def run_transcript(text: str, folder: Path) -> subprocess.CompletedProcess[str]:
    """Replay a `>>>` transcript with doctest in a fresh interpreter; failures are printed to stdout."""
    (folder / "transcript.txt").write_text(text, encoding="utf-8")
    return run_example(DOCTEST_RUNNER, folder, "transcript.txt")


def test_repl_transcript_matches(transcript, tmp_path: Path) -> None:
    """A `>>>` transcript in a note shows what the library prints today."""
    section, block = transcript
    if missing := missing_modules(_transcript_source(block.code)):
        pytest.skip(f"{section.ident}: not installed here: {', '.join(missing)}")
    result = run_transcript(block.code, tmp_path)
    assert result.returncode == 0, f"{section.note}:{block.line} differs\n{result.stdout[-3000:]}"


def _transcript_source(text: str) -> str:
    """The statements of a `>>>` transcript, so its imports can be checked before running it."""
    lines = [line[4:] for line in text.splitlines() if line.startswith((">>> ", "... "))]
    return "\n".join(lines)


def test_runner_reports_a_failing_assert(tmp_path: Path) -> None:
    result = run_example("assert [1, 2][::-1] == [1, 2], 'reversed'\n", tmp_path)
    assert result.returncode != 0
    assert "AssertionError: reversed" in result.stderr


def test_transcript_replay_catches_a_wrong_output(tmp_path: Path) -> None:
    assert run_transcript(">>> sorted([3, 1, 2])\n[1, 2, 3]\n", tmp_path).returncode == 0
    wrong = run_transcript(">>> sorted([3, 1, 2])\n[3, 2, 1]\n", tmp_path)
    assert wrong.returncode != 0 and "[1, 2, 3]" in wrong.stdout


def test_runner_runs_in_the_given_folder(tmp_path: Path) -> None:
    code = "import os, pathlib\nassert pathlib.Path(os.getcwd()).resolve() == pathlib.Path(__file__).resolve().parent\n"
    assert run_example(code, tmp_path).returncode == 0


def test_missing_modules_sees_nested_and_from_imports() -> None:
    code = "import os\nfrom json import loads\ndef f():\n    import notesense_no_such_module.sub\n"
    assert missing_modules(code) == ["notesense_no_such_module"]
