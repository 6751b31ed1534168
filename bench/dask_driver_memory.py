"""The dask runner's driver memory per shard (issue 19): tracemalloc in the driver, the traced
Python memory after every shard, and the allocation sites that grew between the third shard and
the last.

    python bench/dask_driver_memory.py FILE.jsonl SHARD_SIZE

Runs `scale.run_sharded` on a `DaskRunner(workers=2)` (a LocalCluster: its scheduler lives in
this process) into a throwaway store and stops before the merge. Stop 38 found with it the
scheduler's stream logs holding every shard sent (`runners.LOGS`). Not a test: the numbers go
in docs/BENCHMARKS.md.
"""

from __future__ import annotations

import gc
import sys
import tempfile
import tracemalloc
from pathlib import Path


def _rss_mb() -> int:
    return int(Path("/proc/self/statm").read_text().split()[1]) * 4096 // 2**20


def main() -> None:
    from claimgraph.scale import run as run_mod
    from claimgraph.scale.runners import DaskRunner
    from claimgraph.store import Store

    path, shard_size = sys.argv[1], int(sys.argv[2])
    tmp = Path(tempfile.mkdtemp())
    store = Store(f"sqlite:///{tmp / 'dask.db'}")
    runner = DaskRunner(workers=2)
    tracemalloc.start(8)
    snaps: dict[str, tracemalloc.Snapshot] = {}
    shards = [0]

    def progress(phase: str, done: int, total: int | None) -> None:
        if phase != "shards":
            return
        shards[0] += 1
        gc.collect()
        traced = tracemalloc.get_traced_memory()[0] // 2**20
        print(f"shard {shards[0]} docs {done} rss {_rss_mb()} MB traced {traced} MB", flush=True)
        if shards[0] == 3:
            snaps["early"] = tracemalloc.take_snapshot()
        snaps["last"] = tracemalloc.take_snapshot()

    run_mod.finish = lambda *a, **k: None  # type: ignore[assignment]  # no merge
    try:
        run_mod.run_sharded(
            [path], store, runner, tmp / "rows", shard_size=shard_size, progress=progress
        )
    finally:
        runner.close()
    for stat in snaps["last"].compare_to(snaps["early"], "traceback")[:12]:
        print(stat)
        print("    " + "\n    ".join(stat.traceback.format()[-10:]))


if __name__ == "__main__":
    main()
