"""Provenance and order of the notes a hover links: notebook links land on the cell in the `.ipynb`
file as it is on disk, a build copy never stands in for its source, and among notes equally about
an API the one read first (the folder's contents file, else natural name order) introduces it."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

from notesense.analysis.document import Document
from notesense.cli import main
from notesense.features.hover import hover
from notesense.library.sources import Sources, load_library
from notesense.notes.order import reading_order
from notesense.notes.reader import discover

_LINK = re.compile(r"\]\((file://[^)#]+)#L(\d+)\)")


def _library(folder: Path, cache: Path):
    library, problems = load_library(Sources(notes=[folder], snippets=[], origin="options"), cache)
    assert not problems, problems
    return library


def _links(markdown: str) -> list[tuple[Path, int]]:
    return [(Path(unquote(urlparse(uri).path)), int(line)) for uri, line in _LINK.findall(markdown)]


def _notebook(cells: list[tuple[str, list[str]]]) -> str:
    """A notebook as Jupyter writes it (one JSON string per source line, outputs before the source)."""
    out = [{"cell_type": kind, "metadata": {}, "source": source,
            **({"execution_count": 1, "outputs": [{"name": "stdout", "output_type": "stream", "text": ["ok\n"]}]}
               if kind == "code" else {})} for kind, source in cells]
    return json.dumps({"cells": out, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1, ensure_ascii=False)


def test_a_notebook_link_opens_the_ipynb_at_the_cells_line(tmp_path: Path, capsys, monkeypatch) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    cell = ["\n", "import pandas as pd\n", "df = pd.read_csv('sales.csv')\n", "df.query('amount > 100')\n"]
    (notes / "pandas 课程.ipynb").write_text(_notebook([
        ("markdown", ["# 筛选\n", "\n", "`query` 用一个表达式字符串筛选行，比布尔索引好读。\n"]),
        ("code", cell),
    ]), encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    source = tmp_path / "mine.py"
    source.write_text("import pandas as pd\n\ndf = pd.read_csv('x.csv')\ndf.query('a > 1')\n", encoding="utf-8")
    assert main(["hover", f"{source}:4:5", "--notes", str(notes), "--format", "json"]) == 0
    markdown = json.loads(capsys.readouterr().out)["markdown"]
    links = [(path, line) for path, line in _links(markdown) if path.suffix == ".ipynb"]
    assert links, markdown
    path, line = links[0]
    on_disk = path.read_text(encoding="utf-8").split("\n")[line - 1]
    # the line the link opens is the cell's code as the notebook file holds it, not its Markdown form
    assert json.loads(on_disk.strip().rstrip(",")) in (cell[1], "# 筛选\n", "`query` 用一个表达式字符串筛选行，比布尔索引好读。\n")
    assert "df.query" in markdown


def test_a_build_copy_never_stands_in_for_its_source(tmp_path: Path) -> None:
    notes = tmp_path / "book"
    (notes / "ch1").mkdir(parents=True)
    (notes / "_build" / "html" / "_sources" / "ch1").mkdir(parents=True)
    text = "# 张量\n\n## torch.chunk\n\n把张量切成若干块。\n\n```python\nimport torch\nparts = torch.chunk(x, 2)\n```\n"
    (notes / "ch1" / "tensor.md").write_text(text, encoding="utf-8")
    (notes / "_build" / "html" / "_sources" / "ch1" / "tensor.md.txt").write_text(text, encoding="utf-8")
    (notes / "_build" / "html" / "_sources" / "ch1" / "old.md.txt").write_text(text + "\n旧版本\n", encoding="utf-8")
    found = [display for _path, display in discover([notes])[0]]
    assert found == ["ch1/tensor.md", "_build/html/_sources/ch1/old.md.txt"]  # a copy with no source stays
    library = _library(notes, tmp_path / "cache")
    result = hover(library, Document("import torch\n\ntorch.chunk(x, 2)\n"), 2, 7)
    assert result is not None
    assert _links(result.markdown)[0][0] == (notes / "ch1" / "tensor.md").resolve()


def test_a_build_copy_under_another_name_comes_after_the_source(tmp_path: Path) -> None:
    """A Sphinx build kept beside the sources (`docs/_sources/ch8/实操.md.txt`, converted from
    `notebook/ch8.ipynb`, whose name it does not share, with the exporter's `![png](output_3_1.png)`
    under each cell) says what the notebook says: the notebook opens the hover, the copy's same
    record is not linked again under it, and an exported output figure is no prose."""
    book = tmp_path / "book"
    (book / "notebook").mkdir(parents=True)
    (book / "docs" / "_sources" / "ch8").mkdir(parents=True)
    (book / "notebook" / "ch8.ipynb").write_text(_notebook([
        ("markdown", ["## transforms.CenterCrop(size)\n"]),
        ("code", ["from torchvision import transforms\n", "# 沿中心切割图片\n", "out = transforms.CenterCrop(224)(img)\n"]),
    ]), encoding="utf-8")
    (book / "docs" / "_sources" / "ch8" / "实操.md.txt").write_text(
        "# 实操\n\n## transforms.CenterCrop(size)\n\n```python\nfrom torchvision import transforms\n# 沿中心切割图片\n"
        "out = transforms.CenterCrop(224)(img)\n```\n\n![png](./figures/output_3_1.png)\n", encoding="utf-8")
    library = _library(book, tmp_path / "cache")
    result = hover(library, Document("from torchvision import transforms\nt = transforms.CenterCrop(224)\n"), 1, 18)
    assert result is not None
    links = _links(result.markdown)
    assert links[0][0] == (book / "notebook" / "ch8.ipynb").resolve(), result.markdown
    assert not any(path.name == "实操.md.txt" for path, _line in links[1:])  # the same words: linked once
    copy = [s for s in library.snippets if s.source.note.endswith(".md.txt")]
    assert copy and all("![png]" not in s.doc for s in copy)


def test_reading_order_follows_the_contents_file_then_natural_names(tmp_path: Path) -> None:
    book = tmp_path / "book"
    for name in ("ch10/a.md", "ch2/b.md", "ch2/a.md", "ch2/a_origin.md", "ch2/index.md", "README.md", "extra.md"):
        (book / name).parent.mkdir(parents=True, exist_ok=True)
        (book / name).write_text("# x\n", encoding="utf-8")
    (book / "README.md").write_text("# 目录\n\n- [第二章](ch2/index.md)\n- [第十章](ch10/a.md)\n", encoding="utf-8")
    (book / "ch2" / "index.md").write_text("# 第二章\n\n```toc\n:maxdepth: 2\n\nb\na\n```\n", encoding="utf-8")
    notes = [str(p) for p in book.rglob("*.md")]
    order = [str(Path(p).relative_to(book)) for p in reading_order([book], notes)]
    assert order == ["README.md", "ch2/index.md", "ch2/b.md", "ch2/a.md", "ch2/a_origin.md", "ch10/a.md", "extra.md"]
    loose = tmp_path / "loose"
    for name in ("ch10.md", "ch2.md", "ch1.md"):
        (loose / name).parent.mkdir(parents=True, exist_ok=True)
        (loose / name).write_text("# x\n", encoding="utf-8")
    assert [Path(p).name for p in reading_order([loose], [str(p) for p in loose.iterdir()])] == ["ch1.md", "ch2.md", "ch10.md"]


def test_the_note_read_first_introduces_an_api(tmp_path: Path) -> None:
    """Two chapters show `torch.mm` the same way; the hover opens with the one the contents list
    first (named `z_…`, so alphabetical order would pick the other), the other as a link."""
    book = tmp_path / "book"
    book.mkdir()
    chapter = "# {title}\n\n## 矩阵乘法\n\n{lead}\n\n```python\nimport torch\nA = torch.ones(2, 3)\ntorch.mm(A, A.T)\n```\n"
    (book / "z_basics.md").write_text(chapter.format(title="基础", lead="矩阵乘法把两个矩阵相乘。"), encoding="utf-8")
    (book / "a_later.md").write_text(chapter.format(title="进阶", lead="再做一次矩阵乘法。"), encoding="utf-8")
    (book / "SUMMARY.md").write_text("* [基础](z_basics.md)\n* [进阶](a_later.md)\n", encoding="utf-8")
    library = _library(book, tmp_path / "cache")
    result = hover(library, Document("import torch\n\ntorch.mm(a, b)\n"), 2, 7, locale="zh-CN")
    assert result is not None
    first, *others = _links(result.markdown)
    assert first[0].name == "z_basics.md" and others and others[0][0].name == "a_later.md", result.markdown


def test_chapters_referred_back_to_come_first(tmp_path: Path) -> None:
    """Without a contents file, a chapter the others refer to is read first, whatever form its label
    takes (d2l `:label:`, MyST `(x)=`, Sphinx `.. _x:`); a line-start form inside a `:label:` span that
    runs over lines (an unclosed backtick) is not a label."""
    book = tmp_path / "book"
    chapters = {
        "ch_0e/v.md": "# E\n\n:label:`sec_e\n(sec-f)=\n` end\n",
        "ch_a/x.md": "# A\n\nSee :numref:`sec_b`, {ref}`C <sec-c>`, {ref}`sec-d` and {ref}`sec-f`.\n",
        "ch_b/y.md": "# B\n:label:`sec_b`\n",
        "ch_c/z.md": "(sec-c)=\n# C\n",
        "ch_d/w.md": "# D\n\n.. _sec-d:\n",
    }
    for name, text in chapters.items():
        (book / name).parent.mkdir(parents=True, exist_ok=True)
        (book / name).write_text(text, encoding="utf-8")
    order = [Path(p).parent.name for p in reading_order([book], [str(book / name) for name in chapters])]
    assert order == ["ch_b", "ch_c", "ch_d", "ch_0e", "ch_a"]
