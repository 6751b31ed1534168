"""Peak memory of the merge's largest pair tasks, each in a fresh process (issue 19).

    python bench/pair_task_memory.py DB [--cap N] [--largest K]

Streams the features of a stored corpus's mentions (as `runner.remerge` does), plans the first
pass's pair tasks (`partition._pair_tasks`: owners and the partners indexed, in pieces of at most
`blocking.INDEX_CAP`, `--cap` to set it; a cap above the largest block is the plan before the
pieces), and runs the `--largest` tasks (most owners plus partners) one at a time, each in a
freshly spawned process, as a merge worker would: its peak RSS (`ru_maxrss`), CPU seconds and
edges found. Prints a JSON line: the tasks planned, the largest task's size, and for each task
run its owners, partners, edges, peak RSS and CPU. Reads DB only. Not a test: the numbers go in
docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import time
from typing import Any

from claimgraph.merge import blocking, partition
from claimgraph.merge.features import Interner, features
from claimgraph.store import Store


def _run(task: Any) -> dict[str, Any]:
    c = time.process_time()
    found = partition._score_task(task)
    return {
        "owners": len(task[0]),
        "partners": len(task[1]),
        "edges": len(found),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "cpu_s": round(time.process_time() - c, 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("--cap", type=int, default=None)
    ap.add_argument("--largest", type=int, default=3)
    args = ap.parse_args()
    if args.cap:
        blocking.INDEX_CAP = args.cap
    store = Store(f"sqlite:///{args.db}", create=False)
    docs = store.merge_docs()
    shared = Interner()
    feats = sorted(
        (
            shared.intern(features(m, docs.get(m.document_id)))
            for m in store.iter_mentions()
            if not m.opinion
        ),
        key=lambda f: f.id,
    )
    tasks = partition._pair_tasks(feats, partition.SLAB)
    largest = sorted(tasks, key=lambda t: len(t[0]) + len(t[1]), reverse=True)[: args.largest]
    ctx = multiprocessing.get_context("spawn")
    runs = []
    for task in largest:
        # a fresh process a task, so that each peak is that task's alone
        with ctx.Pool(1, maxtasksperchild=1) as pool:
            runs.append(pool.apply(_run, (task,)))
    print(
        json.dumps(
            {
                "db": args.db,
                "mentions": len(feats),
                "index_cap": blocking.INDEX_CAP,
                "tasks": len(tasks),
                "mentions_shipped": sum(len(o) + len(p) for o, p in tasks),
                "runs": runs,
            }
        )
    )


if __name__ == "__main__":
    main()
