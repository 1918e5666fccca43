"""Start the real `python -m notesense serve` over stdio with pytest-lsp, against notes the tests write.
`lsp_helpers` (beside this file) holds the notes, position helpers and the `Session` wrapper."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from lsprotocol import types
from pytest_lsp import ClientServerConfig, client_capabilities

sys.path.insert(0, str(Path(__file__).resolve().parent))  # importlib mode: make lsp_helpers importable

from lsp_helpers import NUMPY_NOTE, PANDAS_NOTE, SERVER, TORCH_NOTE, Session  # noqa: E402


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "pandas.md").write_text(PANDAS_NOTE, encoding="utf-8")
    (folder / "torch.md").write_text(TORCH_NOTE, encoding="utf-8")
    (folder / "numpy.md").write_text(NUMPY_NOTE, encoding="utf-8")
    return folder


@pytest_asyncio.fixture
async def start(tmp_path: Path):
    """`await start(profile, options)` → an initialized Session; every server is shut down afterwards."""
    sessions: list[Session] = []
    workspace = tmp_path / "project"
    workspace.mkdir(exist_ok=True)

    async def _start(
        profile: str = "visual-studio-code",
        options: dict[str, Any] | None = None,
        capabilities: types.ClientCapabilities | None = None,
        configuration: dict[str, Any] | None = None,
        env: dict[str, str] | None = None,
    ) -> Session:
        server_env = {k: v for k, v in os.environ.items() if k != "NOTESENSE_NOTES"}
        server_env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
        server_env.update(env or {})
        config = ClientServerConfig(server_command=SERVER, server_env=server_env)
        client = await config.start()
        registrations: list[types.Registration] = []

        @client.feature(types.CLIENT_REGISTER_CAPABILITY)
        def register(params: types.RegistrationParams) -> None:  # pytest-lsp has no default for it
            registrations.extend(params.registrations)

        if configuration is not None:
            client.set_configuration(configuration, section="notesense")
        session = Session(client, workspace)
        session.registrations = registrations
        sessions.append(session)
        session.capabilities = await client.initialize_session(
            types.InitializeParams(
                capabilities=capabilities or client_capabilities(profile),
                initialization_options=options,
                root_uri=workspace.as_uri(),
                workspace_folders=[types.WorkspaceFolder(uri=workspace.as_uri(), name="project")],
            )
        )
        return session

    yield _start
    for session in sessions:
        await session.client.shutdown_session()
        await session.client.stop()
