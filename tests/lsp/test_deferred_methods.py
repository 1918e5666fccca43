"""The protocol classes' generated methods, compiled when first used (`lsp.deferred`): the same methods
as attrs compiles up front, and at a server start almost none of them compiled. Each check runs in a
fresh interpreter, where the classes are made."""

from __future__ import annotations

import json
import subprocess
import sys

_DESCRIBE = r"""
import json, sys
from contextlib import nullcontext
from notesense.lsp.deferred import compiled_on_first_use
with compiled_on_first_use() if sys.argv[1] == "deferred" else nullcontext():
    from lsprotocol import types
import attrs

def described(value):
    code = getattr(value, "__code__", None)
    if code is None:
        return repr(value)
    return [code.co_code.hex(), repr(code.co_consts), code.co_names, code.co_varnames, code.co_filename,
            repr(value.__defaults__), repr(value.__kwdefaults__), repr(value.__annotations__), value.__qualname__,
            value.__module__, value.__doc__, value.__name__, sorted(value.__globals__)]

out = {}
for name, cls in sorted(vars(types).items()):
    if isinstance(cls, type) and attrs.has(cls) and cls.__module__ == types.__name__:
        out[name] = {m: described(getattr(cls, m)) for m in ("__init__", "__repr__", "__eq__", "__ne__", "__hash__")}
position = types.Position(line=1, character=2)
out["objects"] = [repr(types.Range(position, position)), types.Position(1, 2) == position, types.Position(1, 3) != position,
                  repr(types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="x")))]
print(json.dumps(out, sort_keys=True))
"""


def _run(*args: str) -> str:
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_deferred_methods_are_the_ones_attrs_compiles_up_front(tmp_path) -> None:
    script = tmp_path / "describe.py"
    script.write_text(_DESCRIBE, encoding="utf-8")
    deferred, eager = _run(str(script), "deferred"), _run(str(script), "eager")
    assert deferred == eager
    classes = json.loads(eager)
    assert len(classes) > 500 and classes["objects"][1:3] == [True, True]


def test_a_message_converted_compiles_its_classes_methods_and_only_those() -> None:
    out = _run("-c", (
        "import json\n"
        "from notesense.lsp.deferred import compiled_on_first_use\n"
        "with compiled_on_first_use():\n"
        "    from notesense.lsp.server import server\n"
        "from lsprotocol import types\n"
        "import attrs\n"
        "def waiting():\n"
        "    return {n for n, c in vars(types).items() if isinstance(c, type) and attrs.has(c)\n"
        "            and type(vars(c).get('__init__')).__name__ == '_Method'}\n"
        "before = waiting()\n"
        "hover = types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value='x'))\n"
        "print(json.dumps([len(before), sorted(before - waiting())]))\n"
    ))
    waiting, compiled = json.loads(out)
    assert waiting > 500
    assert compiled == ["Hover", "MarkupContent"]


_SERVE = r"""
import json, sys
from contextlib import contextmanager
import notesense.lsp.deferred as deferred
original = deferred.compiled_on_first_use

@contextmanager
def spy():
    before = "lsprotocol.types" in sys.modules
    with original():
        yield
    from lsprotocol import types
    import attrs
    waiting = [c for c in vars(types).values() if isinstance(c, type) and attrs.has(c)
               and type(vars(c).get("__init__")).__name__ == "_Method"]
    with open(sys.argv[1], "w") as out:
        json.dump([before, len(waiting)], out)

deferred.compiled_on_first_use = spy
from notesense.cli import main
main(["serve", "--stdio"])
"""


def test_notesense_serve_imports_the_server_with_deferred_methods(tmp_path) -> None:
    """The start an editor makes: the protocol classes are made within `compiled_on_first_use` (the
    client here is gone at once: the server exits)."""
    script, out = tmp_path / "serve.py", tmp_path / "out.json"
    script.write_text(_SERVE, encoding="utf-8")
    subprocess.run([sys.executable, str(script), str(out)], stdin=subprocess.DEVNULL, capture_output=True, timeout=180)
    imported_before, waiting = json.loads(out.read_text(encoding="utf-8"))
    assert not imported_before and waiting > 500
