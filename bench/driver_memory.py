"""The merge driver's memory on a stored corpus (issue 19): peak RSS per phase, top allocations.

    python bench/driver_memory.py DB [--trace] [--top N]

Runs `runner.remerge(DB)` (what `claimgraph run` does after its documents are stored: read the
mentions back, `partitioned_merge`, write the events) on a SQLite store whose events table is
emptied first: WRITES DB, run it on a copy. A thread samples the process's RSS every 0.1 s and
notes the phase it is in (read, pairs, parts, write); `ru_maxrss` gives the peak. `--trace`:
tracemalloc, a snapshot when the first part is merged (mentions, features, edges and payloads
all alive; `--trace-last`: when the last is), the top `--top` allocation sites by size. Prints a JSON line: mentions, events, the
peak RSS per phase and overall, CPU seconds and the first 16 hex digits of the sha256 of the
events' JSON (one event a line), so a change that claims the same events shows the same digest.
`--read list|stream`: only the merge's first read, no merge (a 10k store's merge takes tens of
minutes on a shared machine): `list` as before stop 29 (`store.mentions()`, then the features of
each), `stream` as `runner.remerge` now reads (`StoredMentions`: the features of each streamed
mention, not the mentions); prints the peak RSS and how much of it the kept objects take.
Not a test: the numbers go in docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import sqlite3
import threading
import time
import tracemalloc
from typing import Any

from claimgraph import merge as merge_mod
from claimgraph.runner import remerge
from claimgraph.store import Store

_phase = ["read"]
_peaks: dict[str, int] = {}


def _rss_kb() -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def _sample(stop: threading.Event) -> None:
    while not stop.is_set():
        rss = _rss_kb()
        p = _phase[0]
        _peaks[p] = max(_peaks.get(p, 0), rss)
        time.sleep(0.1)


def _read_only(db: str, how: str) -> None:
    from claimgraph.merge.features import features

    store = Store(f"sqlite:///{db}", create=False)
    docs = store.merge_docs()
    tracemalloc.start()
    t0 = time.process_time()
    if how == "list":
        kept: Any = store.mentions()
        feats = [features(m, docs.get(m.document_id)) for m in kept]
    else:
        kept = None
        feats = [features(m, docs.get(m.document_id)) for m in store.iter_mentions()]
    cpu = time.process_time() - t0
    held, _peak = tracemalloc.get_traced_memory()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out = {
        "db": db,
        "read": how,
        "mentions": len(feats),
        "peak_rss_mb": round(peak_kb / 1024, 1),
        "held_mb": round(held / 2**20, 1),
        "held_kb_per_mention": round(held / 1024 / max(len(feats), 1), 2),
        "cpu_s": round(cpu, 1),
    }
    print(json.dumps(out))
    del kept


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("--trace", action="store_true")
    ap.add_argument("--top", type=int, default=15)
    ap.add_argument("--trace-last", action="store_true", help="snapshot when the last part is done")
    ap.add_argument("--read", choices=["list", "stream"])
    args = ap.parse_args()
    if args.read:
        _read_only(args.db, args.read)
        return
    with sqlite3.connect(args.db) as conn:
        conn.execute("DELETE FROM event_mentions")
        conn.execute("DELETE FROM events")
        n_mentions = conn.execute("SELECT count(*) FROM mentions").fetchone()[0]
    top: list[dict[str, Any]] = []
    traced = {"done": False}

    def progress(done: int, total: int, phase: str) -> None:
        _phase[0] = phase
        at = done == total if args.trace_last else True
        if args.trace and phase == "parts" and at and not traced["done"]:
            traced["done"] = True
            snap = tracemalloc.take_snapshot()
            stats = snap.statistics("lineno")
            top.append({"total_mb": round(sum(s.size for s in stats) / 2**20, 1)})
            for s in stats[: args.top]:
                f = s.traceback[0]
                top.append(
                    {"site": f"{f.filename.split('src/')[-1]}:{f.lineno}",
                     "mb": round(s.size / 2**20, 1), "blocks": s.count}
                )  # fmt: skip

    captured: list[Any] = []

    def merge(mentions: Any, docs: Any) -> list[Any]:
        events = merge_mod.partitioned_merge(mentions, docs, progress=progress)
        captured.append(events)
        _phase[0] = "write"
        return events

    if args.trace:
        tracemalloc.start()
    stop = threading.Event()
    sampler = threading.Thread(target=_sample, args=(stop,), daemon=True)
    sampler.start()
    t0, w0 = time.process_time(), time.time()
    remerge(Store(f"sqlite:///{args.db}"), merge=merge)
    cpu, wall = time.process_time() - t0, time.time() - w0
    stop.set()
    sampler.join()
    events = captured[0]
    text = "\n".join(e.model_dump_json() for e in events)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out = {
        "db": args.db,
        "mentions": n_mentions,
        "events": len(events),
        "peak_rss_mb": round(peak_kb / 1024, 1),
        "kb_per_mention": round(peak_kb / max(n_mentions, 1), 2),
        "phase_peak_rss_mb": {k: round(v / 1024, 1) for k, v in _peaks.items()},
        "cpu_s": round(cpu, 1),
        "wall_s": round(wall, 1),
        "sha256": hashlib.sha256(text.encode()).hexdigest()[:16],
        "trace": top,
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
