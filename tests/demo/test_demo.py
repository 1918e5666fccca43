"""`notesense demo` shows real results from every layer on a copy of examples/ and touches nothing."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _digest() -> str:
    return hashlib.sha256(b"".join(p.read_bytes() for p in sorted(EXAMPLES.glob("*.py")))).hexdigest()


def test_demo_shows_diagnostics_hovers_completions_and_the_fix_diff(tmp_path):
    before = _digest()
    env = dict(os.environ, COLUMNS="200", XDG_CACHE_HOME=str(tmp_path / "cache"))
    out = subprocess.run(
        [sys.executable, "-m", "notesense", "demo"], capture_output=True, text=True, encoding="utf-8", env=env, timeout=120, cwd=tmp_path
    )
    assert out.returncode == 0, out.stderr
    text = out.stdout
    # every pitfall planted in the example project is diagnosed, with its Chinese hint and its note
    for code in ("NS101", "NS102", "NS103", "NS201", "NS202", "NS203"):
        assert code in text, code
    assert "链式赋值" in text
    links = [line.split("note: ", 1)[1] for line in text.splitlines() if line.strip().startswith("note: file://")]
    assert links and any("pandas-pitfalls.md#L" in link for link in links)
    for link in links:  # every link opens a real note, wherever the demo was started
        assert Path(unquote(urlparse(link).path)).is_file(), link
    # hovers come from the bundled notes, Chinese kept
    assert "Hover on `chunk`" in text and "按块" in text
    assert "Hover on `fillna`" in text
    # three completions after `F.`, each naming the note it came from
    section = text.split("3. Completions", 1)[1].split("4. What", 1)[0]
    labels = [line.split()[0] for line in section.splitlines() if line.startswith("F.")]
    assert len(labels) == 3, section
    assert section.count(".md:") >= 3
    # the fix diff is the real fixer's output
    assert "+    sales.loc[sales.quantity < 0, \"quantity\"] = 0" in text
    assert "+    sales = pd.concat([sales, refunds])" in text
    assert "retain_graph=True" in text
    assert _digest() == before, "the demo must work on a copy, never on examples/ itself"


def test_demo_keep_leaves_the_copied_project(tmp_path):
    target = tmp_path / "project"
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"))
    subprocess.run([sys.executable, "-m", "notesense", "demo", "--keep", str(target)], check=True, capture_output=True, env=env, timeout=120)
    assert sorted(p.name for p in target.glob("*.py")) == sorted(p.name for p in EXAMPLES.glob("*.py"))
