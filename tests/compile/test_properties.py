"""Property-based tests: bodies are valid LSP snippets that expand back to the code; random notes
never crash the compiler and always give schema-valid snippets."""

from __future__ import annotations

import ast
import keyword
import tempfile
from pathlib import Path

from compile_helpers import SnippetSyntaxError, expand
from hypothesis import HealthCheck, assume, given, settings
import yaml
from hypothesis import strategies as st

from notesense.compile.pipeline import compile_notes
from notesense.compile.snippet import build_body, escape
from notesense.compile.writer import render_context
from notesense.library.model import Snippet, Source, validate_explanation, validate_snippet

NASTY = st.lists(st.sampled_from(list("ab$}{\\|,:0123 \n'\"中文") + ["${1:x}", "$1", "\\$", "}}"]), max_size=30).map("".join)
IDENT = st.from_regex(r"[a-z_][a-z0-9_]{0,6}", fullmatch=True).filter(lambda s: not keyword.iskeyword(s))


@given(NASTY)
def test_escaped_text_expands_to_itself(text):
    assert expand(escape(text)) == text


@given(IDENT, st.lists(st.tuples(st.sampled_from(["{v} = {v}.f({lit!r})", "print({v}, {lit!r})", "# {v} {lit}", "x = [{v}[0], '{{}}$']"]), NASTY.map(lambda s: s.replace("\n", " "))), min_size=1, max_size=6))
def test_placeholder_bodies_expand_back_to_the_code(var, lines):
    code = "\n".join(template.format(v=var, lit=lit) for template, lit in lines)
    try:
        tree = ast.parse(code)
    except SyntaxError:
        assume(False)  # counted by hypothesis as a discarded case, not a silent pass
    body = build_body(code, tree, var)
    assert expand(body) == code
    uses = sum(isinstance(n, ast.Name) and n.id == var for n in ast.walk(tree))
    assert body.count("${1:" + var + "}") == uses


def test_the_expander_rejects_invalid_bodies():
    for bad in ("a $ b", "x}", "${1:x", "\\n", "${1:a} ${1:b}"):
        try:
            expand(bad)
        except SnippetSyntaxError:
            continue
        raise AssertionError(f"accepted {bad!r}")


MD_PIECE = st.one_of(
    st.text(max_size=60),
    st.builds(lambda lvl, t: "#" * lvl + " " + t, st.integers(1, 6), st.text(max_size=20)),
    st.builds(lambda info, body: f"```{info}\n{body}\n```", st.sampled_from(["", "python", "apache", "bash", "json"]), st.text(max_size=80)),
    st.builds(lambda body: f"~~~\n{body}\n~~~", st.text(max_size=60)),
    st.builds(lambda body: f"- item\n\n    ```\n    {body}\n    ```", st.text(alphabet=st.characters(blacklist_characters="\n"), max_size=40)),
    st.sampled_from([">>> import numpy as np\n>>> np.arange(3)\narray([0, 1, 2])", "---\ntitle: x\n---", "[toc]", "<!-- notesense: context=pandas -->", "print x", "%matplotlib inline", "df.loc[df.a > 1, 'b'] = $5"]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(MD_PIECE, max_size=8).map("\n\n".join), min_size=1, max_size=3), st.sampled_from(["utf-8", "gb18030", "utf-8-sig"]))
def test_random_notes_never_crash(texts, encoding):
    with tempfile.TemporaryDirectory() as tmp:
        for i, text in enumerate(texts):
            data = text.encode(encoding, errors="replace")
            Path(tmp, f"n{i}.md").write_bytes(data)
        result = compile_notes([Path(tmp)], jobs=1)
        assert not [u for u in result.report.unreadable if "internal" in u[1]]
        for s in result.snippets:
            (validate_explanation if s.is_explanation else validate_snippet)(s.to_dict(), s.id)
            assert expand(s.body) == s.code


ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(ANY_TEXT, ANY_TEXT, ANY_TEXT), min_size=1, max_size=4))
def test_yaml_round_trips_any_text(fields):
    snippets = [
        Snippet(id=f"python.s{i}", context="python", title=title, body=escape(code), code=code, doc=doc,
                source=Source("n.md", i + 1, (title,)))
        for i, (title, code, doc) in enumerate(fields)
    ]
    text = render_context("python", snippets)
    loaded = yaml.safe_load(text)
    assert loaded["snippets"] == [s.to_dict() for s in snippets]
