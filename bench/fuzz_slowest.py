"""The fuzz corpus of the reliability test (tests/fuzz_corpus.py) through the pipeline, one
document at a time, timing each: how many inputs, documents, error rows and timeouts, and the
slowest documents (issue 16's "the slowest document's time"). Not a test: ~2 minutes.

    python bench/fuzz_slowest.py [--n 200] [--seed 16] [--doc-timeout 5]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from fuzz_corpus import make_corpus

from claimgraph.ingest import read_paths
from claimgraph.model import DocError
from claimgraph.pipeline import Pipeline


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--doc-timeout", type=float, default=5.0, help="as the fuzz test runs it")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="claimgraph-fuzz-") as tmp:
        inputs = make_corpus(Path(tmp) / "corpus", n=args.n, seed=args.seed)
        pipeline = Pipeline(doc_timeout=args.doc_timeout)
        pipeline.warm_up()
        times: list[tuple[float, int, str, str]] = []
        codes: Counter[str] = Counter()
        t0 = time.monotonic()
        for item in read_paths([Path(tmp) / "corpus"]):
            if isinstance(item, DocError):
                codes[str(item.code)] += 1
                continue
            start = time.perf_counter()
            [result] = list(pipeline.pipe([item]))
            times.append((time.perf_counter() - start, len(item.text), item.uri.rsplit("/", 1)[-1][:60],
                          ",".join(str(e.code) for e in result.errors)))  # fmt: skip
            for e in result.errors:
                codes[str(e.code)] += 1
        total = time.monotonic() - t0
    times.sort(reverse=True)
    print(f"{len(inputs)} inputs, {len(times)} documents through the pipeline, error rows by code "
          f"{dict(sorted(codes.items()))}, {total:.0f} s in all")  # fmt: skip
    for secs, chars, name, errs in times[:8]:
        print(f"  {secs:6.2f} s  {chars:>9,} chars  {name}  {errs}")


if __name__ == "__main__":
    main()
