"""Issue 16: ~200 hostile inputs (tests/fuzz_corpus.py) through `claimgraph run`, as a user runs it.

No crash (exit code 1: some documents failed, never 3 or a traceback), and every input accounted
for: stored, deduplicated (its bytes are a stored document), or an error row with a code and its
path; JSONL files line by line.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import sqlite3
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from claimgraph.errors import Code
from claimgraph.ingest import path_uri
from fuzz_corpus import make_corpus

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX special files"),
]

CLAIMGRAPH = str(Path(sys.executable).parent / "claimgraph")
#: per document; the pathological inputs (megabyte lines, 50,000 repeated tokens) run into it
DOC_TIMEOUT_S = 5


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _jsonl_lines(data: bytes) -> list[tuple[int, bytes]] | None:
    """Non-blank lines of a UTF-8 JSONL file as ingest numbers them (None: not plain UTF-8)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")) or b"\x00" in data[:2000:2]:
        return None
    return [(n, line) for n, line in enumerate(data.splitlines(), start=1)
            if line.decode("utf-8", errors="replace").strip()]  # fmt: skip


def test_reliability_fuzz_corpus_through_run(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    inputs = make_corpus(corpus, n=200, seed=16)
    assert len(inputs) >= 200
    db = tmp_path / "fuzz.db"
    t0 = time.monotonic()
    done = subprocess.run(
        [CLAIMGRAPH, "run", str(corpus), "--db", str(db), "-q", "--doc-timeout", str(DOC_TIMEOUT_S)],
        capture_output=True, timeout=600, env={**os.environ, "HOME": str(tmp_path)},
    )  # fmt: skip
    elapsed = time.monotonic() - t0
    stderr = done.stderr.decode("utf-8", errors="replace")
    assert done.returncode == 1, stderr[-3000:]
    assert "Traceback" not in stderr and "Traceback" not in done.stdout.decode(
        "utf-8", errors="replace"
    )

    con = sqlite3.connect(db)
    docs = {uri: doc_id for doc_id, uri in con.execute("select id, uri from documents")}
    doc_ids = set(docs.values())
    errors = dict(con.execute("select uri, code from doc_errors").fetchall())
    assert all(code in {c.value for c in Code} for code in errors.values())
    seen = set(docs) | set(errors)

    def found(uri: str) -> bool:
        return uri in seen or any(u.startswith(uri + "#") for u in seen)

    lost: list[str] = []
    for item in inputs:
        uri = path_uri(item.path)
        if not item.path.is_file():  # broken links, FIFOs, folders: their row
            if not found(uri):
                lost.append(f"{item.kind}: {uri}")
            continue
        data = item.path.read_bytes()
        readable = True
        if item.path.name.endswith(".gz"):
            try:
                data = gzip.decompress(data)
            except (OSError, EOFError, zlib.error):
                readable = False  # one row for the file
        jsonl = readable and item.path.name.removesuffix(".gz").endswith(".jsonl")
        lines = _jsonl_lines(data) if jsonl else None
        if lines is not None:
            for n, line in lines:
                if f"{uri}#{n}" not in seen and _sha(line) not in doc_ids:
                    lost.append(f"{item.kind}: {uri}#{n}")
        elif not found(uri) and _sha(data) not in doc_ids:
            lost.append(f"{item.kind}: {uri}")
    assert lost == [], lost
    timeouts = [u for u, c in errors.items() if c == Code.TIMEOUT]
    print(f"\nfuzz: {len(inputs)} inputs, {len(docs)} documents stored, {len(errors)} error rows "
          f"({len(timeouts)} over the {DOC_TIMEOUT_S} s budget), 0 lost, exit {done.returncode}, "
          f"{elapsed:.0f} s")  # fmt: skip
