"""Reading LSP messages off a byte stream, strictly, in a thread of their own.

The base protocol is `Content-Length: N\\r\\n` (other headers allowed), an empty line, then N bytes of
JSON. A stream that breaks this — a header line that is not one, no Content-Length, a length that is
not a number or is over `MAX_BODY` — cannot be resynchronised: every later message would be read from
the wrong offset and go unanswered. So a framing error ends the server (the caller exits non-zero and
the client restarts it), and a length is checked before any memory is set aside for the body.

Reading happens in a daemon thread, so a server that has to exit never waits on a blocked read.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import BinaryIO

MAX_BODY = 64 * 1024 * 1024  # no real LSP message comes near this; a larger length is a broken stream
MAX_HEADER_LINE = 8 * 1024
_FIELD_NAME = re.compile(rb"[!#$%&'*+.^_`|~0-9A-Za-z-]+")  # an HTTP header field name (RFC 9110 token)


class FramingError(Exception):
    """The byte stream does not follow the LSP base protocol; the message says how."""


def read_frame(stream: BinaryIO) -> bytes | None:
    """The body of the next message; None when the stream ends between messages. FramingError for
    anything else, including a stream that ends inside a message."""
    length: int | None = None
    started = False
    while True:
        line = stream.readline(MAX_HEADER_LINE)
        if not line:
            if not started:
                return None
            raise FramingError("the stream ended inside a message header")
        started = True
        if not line.endswith(b"\n"):
            raise FramingError(f"a header line longer than {MAX_HEADER_LINE} bytes")
        text = line.rstrip(b"\r\n")
        if not text:
            break
        name, colon, value = text.partition(b":")
        if not colon or not _FIELD_NAME.fullmatch(name):
            raise FramingError(f"not a header line: {text[:60]!r}")
        if name.strip().lower() == b"content-length":
            value = value.strip()
            if not value.isdigit() or len(value) > 12:
                raise FramingError(f"Content-Length is not a byte count: {value[:40]!r}")
            length = int(value)
            if length > MAX_BODY:
                raise FramingError(f"Content-Length {length} is over the {MAX_BODY} byte limit")
    if length is None:
        raise FramingError("a message without a Content-Length header")
    body = stream.read(length)
    if len(body) < length:
        raise FramingError("the stream ended inside a message body")
    return body


Item = bytes | FramingError | None  # a body, why the stream broke, or its end


class Pump:
    """A daemon thread that hands every message body of a stream to `deliver` (called from that
    thread), then its end (None) or the FramingError that stopped it. At most `window` bodies wait
    to be taken: the consumer calls `done()` as it takes each, so a client that sends faster than
    the server handles waits in its pipe instead of growing the server's memory."""

    def __init__(self, stream: BinaryIO, deliver: Callable[[Item], None], window: int = 64) -> None:
        self._stream = stream
        self._deliver = deliver
        self._slots = threading.Semaphore(window)
        self._thread = threading.Thread(target=self._run, name="notesense-read", daemon=True)
        self._thread.start()

    def done(self) -> None:
        """One delivered item has been taken."""
        self._slots.release()

    def _run(self) -> None:
        while True:
            try:
                item: Item = read_frame(self._stream)
            except FramingError as exc:
                item = exc
            except (OSError, ValueError) as exc:  # the stream was closed under us
                item = FramingError(f"cannot read: {exc}")
            self._slots.acquire()
            self._deliver(item)
            if not isinstance(item, bytes):
                return
