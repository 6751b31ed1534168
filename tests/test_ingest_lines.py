"""`ingest.lines.stream_lines`: the lines of `bytes.splitlines()`, read a block at a time."""

from __future__ import annotations

import hashlib
import io
import random

import pytest

from claimgraph.ingest.lines import stream_lines


def _expected(data: bytes, max_bytes: int) -> list[tuple[bytes | None, str, int]]:
    return [
        (x if len(x) <= max_bytes else None, hashlib.sha256(x).hexdigest(), len(x))
        for x in data.splitlines()
    ]


def _got(data: bytes, max_bytes: int, block: int) -> list[tuple[bytes | None, str, int]]:
    return [
        (ln.data, ln.sha256, ln.length)
        for ln in stream_lines(io.BytesIO(data), max_bytes, block=block)
    ]


@pytest.mark.parametrize("block", [1, 2, 3, 5, 16, 1 << 20])
def test_lines_are_those_of_splitlines_whatever_the_block(block: int) -> None:
    rng = random.Random(block)
    alphabet = [b"a", b"b", b"{", b"\r", b"\n", b"\r\n", b" ", b"\xff"]
    for _ in range(300):
        data = b"".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40)))
        max_bytes = rng.choice([0, 1, 3, 8, 100])
        assert _got(data, max_bytes, block) == _expected(data, max_bytes), (data, max_bytes)


def test_an_overlong_line_is_read_past_in_flat_memory() -> None:
    big = b"x" * 5_000_000
    data = b'{"text": "a"}\n' + big + b"\r\n" + b'{"text": "b"}'
    lines = list(stream_lines(io.BytesIO(data), 1000, block=4096))
    assert [ln.data for ln in lines] == [b'{"text": "a"}', None, b'{"text": "b"}']
    assert lines[1].length == len(big)
    assert lines[1].sha256 == hashlib.sha256(big).hexdigest()
