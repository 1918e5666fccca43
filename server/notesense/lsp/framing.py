"""Reading LSP messages off a byte stream, strictly: on the event loop where it can wait on the stream,
else in a thread of their own.

The base protocol is `Content-Length: N\\r\\n` (other headers allowed), an empty line, then N bytes of
JSON. A stream that breaks this — a header line that is not one, no Content-Length, a length that is
not a number or is over `MAX_BODY` — cannot be resynchronised: every later message would be read from
the wrong offset and go unanswered. So a framing error ends the server (the caller exits non-zero and
the client restarts it), and a length is checked before any memory is set aside for the body.

A pipe, socket or terminal is read by the event loop itself (`LoopReader`): a request's bytes then
wake the one thread that answers it. A reader thread would have to get the GIL first — while the lint
holds it, a wait of up to a switch interval — and then wake the loop, which waits for the GIL again.
Anything the loop cannot wait on (a regular file; any stream on Windows' proactor loop) is read in a
daemon thread (`Pump`), so a server that has to exit never waits on a blocked read. Both cut the bytes into messages with `Frames`.
"""

from __future__ import annotations

import asyncio
import os
import re
import stat
import threading
from collections.abc import Callable
from typing import BinaryIO

MAX_BODY = 64 * 1024 * 1024  # no real LSP message comes near this; a larger length is a broken stream
MAX_HEADER_LINE = 8 * 1024
CHUNK = 64 * 1024  # bytes read at a time
_FIELD_NAME = re.compile(rb"[!#$%&'*+.^_`|~0-9A-Za-z-]+")  # an HTTP header field name (RFC 9110 token)


class FramingError(Exception):
    """The byte stream does not follow the LSP base protocol; the message says how."""


Item = bytes | FramingError | None  # a body, why the stream broke, or its end


class Frames:
    """Message bodies cut from a stream's bytes, as they arrive in chunks of any size."""

    def __init__(self) -> None:
        self._buffer = bytearray()
        self._length: int | None = None  # the body length, once its header has been read
        self._broken = False

    def feed(self, data: bytes) -> list[bytes | FramingError]:
        """The bodies `data` completes, in order; a FramingError last when the stream broke (nothing
        after it can be read: later bytes give nothing)."""
        if self._broken:
            return []
        self._buffer += data
        found: list[bytes | FramingError] = []
        try:
            while True:
                if self._length is None:
                    self._length = self._header()
                    if self._length is None:
                        return found
                if len(self._buffer) < self._length:
                    return found
                found.append(bytes(self._buffer[: self._length]))
                del self._buffer[: self._length]
                self._length = None
        except FramingError as exc:
            self._broken = True
            found.append(exc)
            return found

    def end(self) -> FramingError | None:
        """The stream ended: None between messages, else why that broke the last one."""
        if self._length is not None:
            return FramingError("the stream ended inside a message body")
        if self._buffer:
            return FramingError("the stream ended inside a message header")
        return None

    def _header(self) -> int | None:
        """The Content-Length of a complete header at the start of the buffer, which is then dropped;
        None while the header is incomplete."""
        length: int | None = None
        at = 0
        while True:
            newline = self._buffer.find(b"\n", at, at + MAX_HEADER_LINE)
            if newline < 0:
                if len(self._buffer) - at >= MAX_HEADER_LINE:
                    raise FramingError(f"a header line longer than {MAX_HEADER_LINE} bytes")
                return None
            text = bytes(self._buffer[at:newline]).rstrip(b"\r")
            at = newline + 1
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
        del self._buffer[:at]
        return length


def pollable(stream: BinaryIO) -> int | None:
    """The file descriptor of `stream` when an event loop can wait on it (a pipe, a socket, a terminal)
    and nothing of it has been read yet; None otherwise (a regular file, an in-memory stream)."""
    try:
        fd = stream.fileno()
        mode = os.fstat(fd).st_mode
    except (AttributeError, OSError, ValueError):
        return None
    return fd if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode) or stat.S_ISCHR(mode) else None


class Pump:
    """A daemon thread that hands every message body of a stream to `deliver` (called from that
    thread), then its end (None) or the FramingError that stopped it. At most `window` bodies wait
    to be taken: the consumer calls `done()` as it takes each, so a client that sends faster than
    the server handles waits in its pipe instead of growing the server's memory."""

    def __init__(self, stream: BinaryIO, deliver: Callable[[Item], None], window: int = 64) -> None:
        self._read = getattr(stream, "read1", stream.read)  # read1: what is there, without waiting for more
        self._deliver = deliver
        self._slots = threading.Semaphore(window)
        self._thread = threading.Thread(target=self._run, name="notesense-read", daemon=True)
        self._thread.start()

    def done(self) -> None:
        """One delivered item has been taken."""
        self._slots.release()

    def _run(self) -> None:
        frames = Frames()
        while True:
            try:
                data = self._read(CHUNK)
            except (OSError, ValueError) as exc:  # the stream was closed under us
                items: list[Item] = [FramingError(f"cannot read: {exc}")]
            else:
                items = [*frames.feed(data)] if data else [frames.end()]
            for item in items:
                self._slots.acquire()
                self._deliver(item)
                if not isinstance(item, bytes):
                    return


class LoopReader:
    """`Pump`'s contract on the running event loop, for a file descriptor it can wait on (`pollable`):
    `deliver` is called on the loop. While `window` delivered items wait to be taken, the stream is
    not read. `close` stops reading."""

    def __init__(self, fd: int, deliver: Callable[[Item], None], window: int = 64) -> None:
        self._fd = fd
        self._deliver = deliver
        self._window = window
        self._waiting = 0
        self._frames = Frames()
        self._loop = asyncio.get_running_loop()
        self._reading = False
        self._ended = False
        self._resume()

    def done(self) -> None:
        """One delivered item has been taken."""
        self._waiting -= 1
        if self._waiting < self._window:
            self._resume()

    def close(self) -> None:
        self._ended = True
        self._stop()

    def _resume(self) -> None:
        if not self._reading and not self._ended:
            self._loop.add_reader(self._fd, self._readable)
            self._reading = True

    def _stop(self) -> None:
        if self._reading:
            self._loop.remove_reader(self._fd)
            self._reading = False

    def _readable(self) -> None:
        try:
            data = os.read(self._fd, CHUNK)  # the descriptor is readable: this returns without waiting
        except (BlockingIOError, InterruptedError):
            return
        except OSError as exc:
            items: list[Item] = [FramingError(f"cannot read: {exc}")]
        else:
            items = [*self._frames.feed(data)] if data else [self._frames.end()]
        for item in items:
            self._waiting += 1
            self._deliver(item)
            if not isinstance(item, bytes):
                self.close()
                return
        if self._waiting >= self._window:
            self._stop()
