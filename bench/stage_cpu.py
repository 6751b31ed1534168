"""CPU seconds of each per-document stage over a corpus, in one process, models loaded; and a
hash of every document's output, to check that a speed-up leaves the output identical.

    python bench/stage_cpu.py CORPUS        (a .jsonl file or a folder, as `claimgraph run` reads)

Prints one JSON line: the total and each stage's `process_time` over the corpus (the warm-up
document excluded), `sha` (sha256 prefix of every document's JSON after the last stage, in
order) and the load average. Compare two versions of the code by running it with each on
`PYTHONPATH`, alternating, a fresh process each.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time

from claimgraph.pipeline import Pipeline  # (first: the package's import order)
from claimgraph.ingest import read_paths
from claimgraph.model import RawDocument


def main() -> None:
    raws = [r for r in read_paths([sys.argv[1]]) if isinstance(r, RawDocument)]
    pipe = Pipeline(doc_timeout=0)
    pipe.warm_up()
    pipe(raws[0])
    cost = {"clean": 0.0, **{s.name: 0.0 for s in pipe.stages}}
    digest = hashlib.sha256()
    t0 = time.process_time()
    for raw in raws:
        c0 = time.process_time()
        doc = pipe.clean(raw)
        cost["clean"] += time.process_time() - c0
        for stage in pipe.stages:
            c0 = time.process_time()
            doc = stage(doc)
            cost[stage.name] += time.process_time() - c0
        doc._spacy.clear()
        digest.update(doc.model_dump_json().encode())
    total = time.process_time() - t0
    out = {"total": round(total, 2), **{k: round(v, 2) for k, v in cost.items()}}
    out.update(sha=digest.hexdigest()[:16], load=round(os.getloadavg()[0], 2))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
