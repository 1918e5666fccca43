"""`notesense serve`: the language server over stdio (the default) or TCP."""

from __future__ import annotations

import argparse
import gc
import logging
import os
import platform
import sys
from pathlib import Path
from typing import BinaryIO

LOG_LEVELS = {"error": logging.ERROR, "warning": logging.WARNING, "info": logging.INFO, "debug": logging.DEBUG}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("serve", help="run the language server (stdio by default)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--stdio", action="store_true", help="talk LSP over stdin/stdout (the default)")
    mode.add_argument("--tcp", metavar="HOST:PORT", help="listen on a TCP address instead")
    parser.add_argument("--log-file", metavar="FILE", help="write the log here instead of stderr")
    parser.add_argument(
        "--log-level", choices=LOG_LEVELS, help="how much to log (default: warning; -v is info, -vv debug)"
    )
    parser.add_argument("-v", "--verbose", action="count", default=0, help="-v info, -vv debug")
    parser.add_argument(
        "--locale", metavar="TAG",
        help="language of diagnostics and messages: zh, zh-CN, … Chinese; en English (default: the client's `locale`)",
    )
    parser.set_defaults(run=run)


def _address(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    if not port.isdigit():
        raise SystemExit(f"notesense serve: --tcp expects HOST:PORT, got {value!r}")
    return host or "127.0.0.1", int(port)


def _private_stdout() -> BinaryIO:
    """The LSP channel on a private copy of fd 1; fd 1 itself then points at stderr, so a stray print
    (ours, a library's, a child process's) can never corrupt the protocol stream."""
    channel = os.fdopen(os.dup(1), "wb")
    sys.stdout.flush()
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return channel


def _log_handler(log_file: str | None) -> logging.Handler:
    """A handler for `--log-file` (its folder created), else stderr — also when the file cannot be
    opened: a log setting must never keep the server from starting."""
    if log_file:
        path = Path(log_file).expanduser()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            return logging.FileHandler(path, encoding="utf-8")
        except OSError as exc:
            print(f"notesense serve: cannot write the log to {path} ({exc}); logging to stderr", file=sys.stderr)
    return logging.StreamHandler(sys.stderr)


def run(args: argparse.Namespace) -> int:
    verbosity = (logging.WARNING, logging.INFO, logging.DEBUG)[min(args.verbose, 2)]
    level = LOG_LEVELS[args.log_level] if args.log_level else verbosity
    handler = _log_handler(args.log_file)
    logging.basicConfig(level=level, handlers=[handler], format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if level > logging.DEBUG:  # pygls logs every message body at INFO: only debug wants that
        logging.getLogger("pygls").setLevel(logging.WARNING)
    # Requests hop between the event loop and a worker thread while a library load holds the GIL in
    # another; a 1 ms switch interval (default 5 ms) bounds each hop's wait.
    sys.setswitchinterval(0.001)

    # Importing the server builds ~1,000 protocol classes (lsprotocol) and their converters: hundreds of
    # thousands of objects, none of them garbage. The cycle collector would scan them again and again
    # while they are made (about a quarter of the import time), so it is paused, and what the imports
    # made is then frozen out of later collections: it lives as long as the process. The classes'
    # methods are compiled as they are first used (`deferred`: about half of lsprotocol's import).
    gc.disable()
    from notesense import __version__
    from notesense.lsp.deferred import compiled_on_first_use

    with compiled_on_first_use():
        from notesense.lsp.server import server

    gc.freeze()
    gc.enable()
    server.locale = args.locale

    log = logging.getLogger("notesense.lsp")
    log.info("notesense %s from %s, Python %s (%s)", __version__, Path(__file__).parents[1], platform.python_version(), sys.executable)
    if args.tcp:
        host, port = _address(args.tcp)
        log.info("notesense %s serving on %s:%d", __version__, host, port)
        code = server.start_tcp(host, port)
    else:
        log.info("notesense %s serving on stdio", __version__)
        code = server.start_io(sys.stdin.buffer, _private_stdout())
    log.info("exiting with code %d", code)
    # End now: a worker thread may still be busy (a compile, a read of stdin that never returns), and
    # an LSP client waits for the process to end after `exit` or restarts it after a broken stream.
    logging.shutdown()
    sys.stderr.flush()
    os._exit(code)
