"""Merge time against the number of mentions (issue 16): `partitioned_merge` on synthetic mentions.

    python bench/merge_curve.py 2000 10000 50000
    python bench/merge_curve.py --span-days 365 10000 40000 [--profile /tmp/p.prof]

Each size in a fresh process (so the peak RSS is that size's): `synthetic_mentions.mentions(n)`
(~40 mentions a day, so the span grows with n as a longer archive does; 1% of documents
undated), or with `--span-days D` `synthetic_mentions.year_mentions(n, span_days=D)` (a fixed
span, so the density grows with n: issue 19's year of coverage), then `partitioned_merge` in
that process (`--profile FILE`: its cProfile, FILE.N per size; `--area`: the first pass's
candidates from `blocking.AreaIndex` instead of the evidence index, the slower path). Prints a JSON line per size: CPU seconds of
the merge (`time.process_time`), the process's peak RSS, the events and the sha256 of their
JSON (the same input must give the same events on any commit that claims to preserve them),
and the load average. Not a test: numbers go in docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path


def _one(n: int, span_days: int | None, profile: str | None, area: bool = False) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from synthetic_mentions import mentions, year_mentions

    from claimgraph.merge import blocking, partitioned_merge

    if area:
        blocking.CANDIDATES = "area"

    ms, docs = mentions(n) if span_days is None else year_mentions(n, span_days=span_days)
    prof = cProfile.Profile() if profile else None
    c = time.process_time()
    if prof:
        prof.enable()
    events = partitioned_merge(ms, docs)
    if prof:
        prof.disable()
        prof.dump_stats(f"{profile}.{n}")
    cpu = time.process_time() - c
    digest = hashlib.sha256("\n".join(e.model_dump_json() for e in events).encode())
    print(json.dumps({
        "mentions": len(ms),
        "span_days": span_days,
        "candidates": blocking.CANDIDATES,
        "merge_cpu_s": round(cpu, 2),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        "events": len(events),
        "events_sha256": digest.hexdigest()[:16],
        "load_avg": [round(x, 1) for x in os.getloadavg()],
    }), flush=True)  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sizes", nargs="*", type=int, default=[2000, 10000, 50000])
    ap.add_argument("--span-days", type=int, help="a fixed span of days (year_mentions)")
    ap.add_argument("--profile", help="write each size's cProfile to PROFILE.N")
    ap.add_argument("--area", action="store_true", help="candidates from the area index")
    ap.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        _one(args.sizes[0], args.span_days, args.profile, args.area)
        return
    opts = [*(["--span-days", str(args.span_days)] if args.span_days else []),
            *(["--profile", args.profile] if args.profile else []),
            *(["--area"] if args.area else [])]  # fmt: skip
    for n in args.sizes:
        subprocess.run([sys.executable, __file__, "--one", *opts, str(n)], check=True)


if __name__ == "__main__":
    main()
