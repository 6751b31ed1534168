"""Merge time against the number of mentions (issue 16): `partitioned_merge` on synthetic mentions.

    python bench/merge_curve.py 2000 10000 50000

Each size in a fresh process (so the peak RSS is that size's): `synthetic_mentions.mentions(n)`
(~40 mentions a day, so the span grows with n as a longer archive does; 1% of documents
undated), then `partitioned_merge` in that process. Prints a JSON line per size: CPU seconds of
the merge (`time.process_time`), the process's peak RSS, the events and the sha256 of their
JSON (the same input must give the same events on any commit that claims to preserve them),
and the load average. Not a test: numbers go in docs/BENCHMARKS.md.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path


def _one(n: int) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from synthetic_mentions import mentions

    from claimgraph.merge import partitioned_merge

    ms, docs = mentions(n)
    c = time.process_time()
    events = partitioned_merge(ms, docs)
    cpu = time.process_time() - c
    digest = hashlib.sha256("\n".join(e.model_dump_json() for e in events).encode())
    print(json.dumps({
        "mentions": len(ms),
        "merge_cpu_s": round(cpu, 2),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        "events": len(events),
        "events_sha256": digest.hexdigest()[:16],
        "load_avg": [round(x, 1) for x in os.getloadavg()],
    }), flush=True)  # fmt: skip


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        _one(int(sys.argv[2]))
        return
    for n in [int(x) for x in sys.argv[1:]] or [2000, 10000, 50000]:
        subprocess.run([sys.executable, __file__, "--one", str(n)], check=True)


if __name__ == "__main__":
    main()
