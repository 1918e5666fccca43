"""What a server start costs before the first hover: the modules it imports and the protocol classes it
prepares. Each check runs in a fresh interpreter, where the start-up happens."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

# Never needed to answer the first hover from a warm library: the rules and the compiler (the first
# lint and a cold load import them), YAML and Markdown (cold loads only), jedi and docutils (never in the
# server process), multiprocessing (a cold load's child), the file-tree helpers (saving a snapshot).
HEAVY = (
    "notesense.rules", "notesense.compile", "yaml", "markdown_it", "jedi", "parso", "docutils",
    "multiprocessing", "ctypes", "shutil", "tempfile",
)


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_importing_the_server_leaves_out_what_the_first_hover_does_not_need() -> None:
    loaded = json.loads(_run(
        "import json, sys\n"
        "import notesense.lsp.server\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r} or m.startswith({HEAVY!r}))))\n"
    ))
    assert loaded == []


def test_a_protocol_class_is_resolved_when_a_message_first_needs_it() -> None:
    """lsprotocol resolves the type hints of all ~560 of its classes when a converter is made (about a
    tenth of the start-up's CPU); the server's converter resolves a class when it first converts one."""
    out = _run(
        "import attrs\n"
        "from lsprotocol import types\n"
        "from notesense.lsp.server import server\n"
        "hint = lambda: attrs.fields(types.InlayHintParams).text_document.type\n"
        "print(hint() == 'TextDocumentIdentifier')\n"
        "message = {'jsonrpc': '2.0', 'id': 1, 'method': 'textDocument/inlayHint', 'params': {\n"
        "    'textDocument': {'uri': 'file:///a.py'},\n"
        "    'range': {'start': {'line': 0, 'character': 0}, 'end': {'line': 1, 'character': 0}}}}\n"
        "params = server.protocol.structure_message(message).params\n"
        "print(hint() is types.TextDocumentIdentifier, params.text_document.uri, params.range.end.line)\n"
    )
    assert out.split() == ["True", "True", "file:///a.py", "1"]


_CONVERTED = r"""
import glob, json, os, sys
from lsprotocol import types
import pytest_lsp
if sys.argv[1] == "server":
    from notesense.lsp.server import server
    convert = server.protocol._converter
else:
    from pygls.protocol import default_converter
    convert = default_converter()
out = []
for path in sorted(glob.glob(os.path.join(os.path.dirname(pytest_lsp.__file__), "clients", "*.json"))):
    with open(path, encoding="utf-8") as f:
        client = json.load(f)
    message = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "processId": 1, "rootUri": "file:///w", "capabilities": client["capabilities"],
        "clientInfo": client["clientInfo"], "workspaceFolders": [{"uri": "file:///w", "name": "w"}]}}
    request = convert.structure(message, types.InitializeRequest)
    out.append(convert.unstructure(request))
    out.append(repr(request.params.capabilities))
position = types.Position(0, 1)
answers = [
    types.InitializeResult(capabilities=types.ServerCapabilities(
        text_document_sync=types.TextDocumentSyncOptions(open_close=True, change=types.TextDocumentSyncKind.Incremental),
        completion_provider=types.CompletionOptions(trigger_characters=["."], resolve_provider=True),
        hover_provider=True, notebook_document_sync=types.NotebookDocumentSyncOptions(notebook_selector=[
            types.NotebookDocumentFilterWithCells(cells=[types.NotebookCellLanguage(language="python")], notebook="*")]),
        diagnostic_provider=types.DiagnosticOptions(inter_file_dependencies=False, workspace_diagnostics=False)),
        server_info=types.ServerInfo(name="n", version="1")),
    types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="h"), range=types.Range(position, position)),
    types.PublishDiagnosticsParams(uri="file:///a", version=3, diagnostics=[types.Diagnostic(
        range=types.Range(position, position), message="m", severity=types.DiagnosticSeverity.Warning, code="NS101",
        code_description=types.CodeDescription(href="https://x"), data={"a": 1})]),
    types.RegistrationParams(registrations=[types.Registration(
        id="1", method="workspace/didChangeWatchedFiles", register_options=types.DidChangeWatchedFilesRegistrationOptions(
            watchers=[types.FileSystemWatcher(glob_pattern=types.RelativePattern(base_uri="file:///a", pattern="**/*.md"))]))]),
]
for answer in answers:
    plain = convert.unstructure(answer)
    out.append(plain)
    out.append(repr(convert.structure(plain, type(answer))))
print(json.dumps(out, sort_keys=True))
"""


def test_the_server_s_converter_converts_as_lsprotocol_s_own(tmp_path: Path) -> None:
    """Real clients' `initialize` (pytest-lsp's recorded capabilities of Neovim, Emacs, VS Code) and the
    server's kinds of answers, both ways: the same as a converter that resolved every class up front."""
    script = tmp_path / "convert.py"
    script.write_text(_CONVERTED, encoding="utf-8")
    server = _run_script(script, "server")
    assert server == _run_script(script, "lsprotocol")
    assert len(json.loads(server)) >= 10


def _run_script(script: Path, which: str) -> str:
    done = subprocess.run([sys.executable, str(script), which], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_notesense_serve_builds_only_its_own_command() -> None:
    """Every editor start runs `notesense serve`: the other commands' modules are not imported for it,
    and any other command line still sees every command."""
    out = _run(
        "import json, sys\n"
        "import notesense.lsp.command as serve\n"
        "serve.run = lambda args: print(sorted(m for m in sys.modules if m.endswith('.command'))) or 0\n"
        "from notesense.cli import main\n"
        "main(['serve', '--stdio'])\n"
        "from notesense.cli import build_parser\n"
        "print(json.dumps(sorted(build_parser()._subparsers._group_actions[0].choices)))\n"
    )
    served, every = out.splitlines()
    assert served == "['notesense.lsp.command']"
    assert {"serve", "lint", "compile"} <= set(json.loads(every))
