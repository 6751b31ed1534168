"""The corpus merge alone on the mentions of a stored database (issue 19).

    python bench/merge_stored.py COPY.db [--area]

Reads every mention and document summary back from a SQLite store `claimgraph run` wrote (give
it a copy: nothing is written, but the file is opened through the store, which may migrate it),
then runs `partitioned_merge` in this process as `runner.remerge` does on a first run. Prints a
JSON line: mentions, documents, CPU seconds of reading and of the merge (`time.process_time`),
the process's peak RSS, the events and the sha256 of their JSON, the load average. `--area`: the
first pass's candidates from `blocking.AreaIndex` (the slower path). Not a test: numbers go in
docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("db", type=Path)
    ap.add_argument("--area", action="store_true", help="candidates from the area index")
    args = ap.parse_args()
    from claimgraph.actors.registry import registry
    from claimgraph.merge import blocking, partitioned_merge
    from claimgraph.store import Store

    if args.area:
        blocking.CANDIDATES = "area"
    registry()  # loaded by the pipeline in a real run; merge reads it (capitals' states)
    store = Store(f"sqlite:///{args.db}")
    c = time.process_time()
    mentions, docs = store.mentions(), store.merge_docs()
    read_s = time.process_time() - c
    store.close()
    c = time.process_time()
    events = partitioned_merge(mentions, docs)
    merge_s = time.process_time() - c
    digest = hashlib.sha256("\n".join(e.model_dump_json() for e in events).encode())
    print(json.dumps({
        "mentions": len(mentions),
        "documents": len(docs),
        "candidates": blocking.CANDIDATES,
        "read_cpu_s": round(read_s, 2),
        "merge_cpu_s": round(merge_s, 2),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        "events": len(events),
        "events_sha256": digest.hexdigest()[:16],
        "load_avg": [round(x, 1) for x in os.getloadavg()],
    }), flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
