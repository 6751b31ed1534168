"""The lines of a byte stream, a block at a time (a JSONL file of any size in flat memory).

In: a binary file object and the longest line to hand on. Out: `Line`s, the same lines as
`bytes.splitlines()` of the whole stream (ended by "\\n", "\\r\\n" or "\\r"; no empty line after
a final terminator), each with the sha256 of its bytes. A line longer than `max_bytes` is never
held whole: it comes as its hash and length only (`Line.data` None), so a 10 GB line, or a
decompression bomb of zeros, costs one block of memory.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

__all__ = ["Line", "line_of", "stream_lines"]

BLOCK = 1 << 20

_EOL = re.compile(rb"\r\n|\r|\n")


class Readable(Protocol):
    def read(self, size: int = ..., /) -> bytes: ...


@dataclass(frozen=True)
class Line:
    data: bytes | None  # None: over the limit, not kept
    sha256: str
    length: int


class _Skipped:
    """An overlong line being read past: its hash and length so far."""

    def __init__(self, start: bytes) -> None:
        self.hash = hashlib.sha256(start)
        self.length = len(start)

    def add(self, piece: bytes) -> None:
        self.hash.update(piece)
        self.length += len(piece)

    def line(self) -> Line:
        return Line(None, self.hash.hexdigest(), self.length)


def line_of(data: bytes, max_bytes: int) -> Line:
    """`data` as a `Line`: kept when it is at most `max_bytes` long."""
    digest = hashlib.sha256(data).hexdigest()
    return Line(data if len(data) <= max_bytes else None, digest, len(data))


def stream_lines(fh: Readable, max_bytes: int, *, block: int = BLOCK) -> Iterator[Line]:
    """Every line of `fh` (see the module docstring). Errors of the stream (a truncated gzip)
    propagate after the lines read before them."""
    tail = b""  # the start of a line not ended yet: at most max_bytes bytes and a "\r"
    skipped: _Skipped | None = None
    while True:
        piece = fh.read(block)
        eof = not piece
        data = tail + piece
        start = 0
        for m in _EOL.finditer(data):
            if not eof and m.end() == len(data) and m.group() == b"\r":
                break  # a "\r" that ends the block may be the start of "\r\n"
            text = data[start : m.start()]
            if skipped is not None:
                skipped.add(text)
                yield skipped.line()
                skipped = None
            else:
                yield line_of(text, max_bytes)
            start = m.end()
        rest = data[start:]
        if eof:
            if skipped is not None:
                skipped.add(rest)
                yield skipped.line()
            elif rest:
                yield line_of(rest, max_bytes)
            return
        held = b"\r" if rest.endswith(b"\r") else b""
        body = rest[: len(rest) - len(held)]
        if skipped is not None:
            skipped.add(body)
            tail = held
        elif len(body) > max_bytes:
            skipped = _Skipped(body)
            tail = held
        else:
            tail = rest
