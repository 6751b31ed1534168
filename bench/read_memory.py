"""Memory of reading a corpus in the driver (issue 19): `runner.new_documents` over FILE into an
empty store, no processing; the process's resident set every 20,000 records.

    python bench/read_memory.py FILE.jsonl

What the driver of `claimgraph run` (either runner) holds for reading, apart from the documents
in flight. Not a test: the numbers go in docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from claimgraph.runner import RunReport, new_documents
from claimgraph.store import Store


def _rss_mb() -> int:
    return int(Path("/proc/self/statm").read_text().split()[1]) * 4096 // 2**20


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--every", type=int, default=20_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'read.db'}")
        report, seen = RunReport(), set[str]()
        print(f"start {_rss_mb()} MB", flush=True)
        n = 0
        for n, _ in enumerate(new_documents([args.corpus], store, report, seen), start=1):
            if n % args.every == 0:
                print(f"{n} records {_rss_mb()} MB", flush=True)
        print(f"end: {n} records, {_rss_mb()} MB")
        store.close()


if __name__ == "__main__":
    main()
