"""Share of `claimgraph run` spent writing and merging (issue 18: under 10% on the VOA stories).

    python bench/merge_store.py [--corpus FILE.jsonl] [--results FILE.pkl] [--repeat N]
                                [--profile FILE.prof]

What `run_corpus` does, one process, its three parts timed apart in CPU seconds
(`time.process_time`, steadier than wall time on a shared machine): the pipeline over every
document (models warmed first), `save_result` of each result into a fresh SQLite database, and
`finish` (read the mentions back, `partitioned_merge`, write the events). The pipeline's results
can be kept in `--results` (pickle) so that later runs time only the store and the merge, each
`--repeat` times into a new database (the median is printed); the pipeline time printed then is
the one measured when the file was written. Prints a JSON line, and the sha256 of the events
stored (the export's order), so that a faster store or merge can be shown to write the same.
`--profile`: cProfile of the store and merge of the last repeat.

Defaults to the VOA corpus in ../shared/corpus/voa. Not a test: numbers go in docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import json
import os
import pickle
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from claimgraph.actors.registry import registry
from claimgraph.ingest import read_paths
from claimgraph.model import RawDocument
from claimgraph.pipeline import Pipeline, Processed
from claimgraph.runner import RunReport, finish, save_result
from claimgraph.store import Store

VOA = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "voa" / "voa_stories.jsonl"


def _process(corpus: Path) -> tuple[list[Processed], float]:
    raws = [r for r in read_paths([corpus]) if isinstance(r, RawDocument)]
    pipeline = Pipeline()
    pipeline.warm_up()
    c = time.process_time()
    results = list(pipeline.pipe(raws))
    return results, time.process_time() - c


def _store_and_merge(results: list[Processed], prof: cProfile.Profile | None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'bench.db'}")
        if prof:
            prof.enable()
        c = time.process_time()
        for r in results:
            save_result(store, r)
        c1 = time.process_time()
        report = RunReport(processed=len(results))
        finish(store, report, {r.raw_id for r in results})
        c2 = time.process_time()
        if prof:
            prof.disable()
        records = store.event_records()
        store.close()
    digest = hashlib.sha256("\n".join(json.dumps(r, sort_keys=True) for r in records).encode())
    return {
        "store_s": c1 - c,
        "finish_s": c2 - c1,
        "events": report.events,
        "events_sha256": digest.hexdigest()[:16],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=VOA)
    ap.add_argument("--results", type=Path, help="pickle of the pipeline's results (reused)")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--profile", type=Path)
    args = ap.parse_args()
    if args.results and args.results.exists():
        results, pipeline_s = pickle.loads(args.results.read_bytes())
        registry()  # loaded by the pipeline in a real run; merge reads it (capitals' states)
    else:
        results, pipeline_s = _process(args.corpus)
        if args.results:
            args.results.write_bytes(pickle.dumps((results, pipeline_s)))
    runs = []
    for k in range(args.repeat):
        prof = cProfile.Profile() if args.profile and k == args.repeat - 1 else None
        runs.append(_store_and_merge(results, prof))
        if prof:
            prof.dump_stats(str(args.profile))
    store_s = statistics.median(r["store_s"] for r in runs)
    finish_s = statistics.median(r["finish_s"] for r in runs)
    total = pipeline_s + store_s + finish_s
    print(json.dumps({
        "documents": len(results),
        "mentions": sum(len(r.document.mentions) for r in results if r.document),
        "pipeline_cpu_s": round(pipeline_s, 2),
        "store_cpu_s": round(store_s, 2),
        "merge_cpu_s": round(finish_s, 2),
        "store_and_merge_share": round((store_s + finish_s) / total, 3),
        "runs": [{k: round(v, 2) if isinstance(v, float) else v for k, v in r.items()}
                 for r in runs],
        "load_avg": os.getloadavg(),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
