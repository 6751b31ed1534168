"""The sha256 of the merge's events on fixed inputs: a merge change that claims the same events
shows the same digests before and after (issue 19).

    python bench/merge_identity.py --results A.pkl B.pkl ... [--synthetic 2000 10000]
                                   [--year 10000 20000]

`--results`: pickles of the pipeline's results written by `bench/merge_store.py --results`
(the demo, VOA and seed stores): each alone and all together. `--synthetic N`:
`synthetic_mentions.mentions(N)`; `--year N`: `synthetic_mentions.year_mentions(N)` (a fixed
year). Each input through `merge_events` (only up to `--whole-max` mentions: it clusters the
whole input at once) and `partitioned_merge`. Prints a JSON line per input: mentions, events,
CPU seconds and the first 16 hex digits of the sha256 of the events' JSON (one event a line).
`--area`: the first pass takes its candidates from `blocking.AreaIndex` (every pair of one
area in the date window) instead of the evidence index (`merge/candidates.py`), the slower
path the indexed one must give the same events as.
Not a test: the digests go in docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
import time
from collections.abc import Callable
from pathlib import Path

from claimgraph.merge import MergeDoc, merge_events, partitioned_merge
from claimgraph.model import Event, EventMention

sys.path.insert(0, str(Path(__file__).resolve().parent))

Input = tuple[list[EventMention], dict[str, MergeDoc]]


def _digest(events: list[Event]) -> str:
    text = "\n".join(e.model_dump_json() for e in events)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _from_results(paths: list[Path]) -> Input:
    ms: list[EventMention] = []
    docs: dict[str, MergeDoc] = {}
    for path in paths:
        results, _ = pickle.loads(path.read_bytes())
        for r in results:
            if r.document is not None:
                ms.extend(r.document.mentions)
                docs[r.document.id] = MergeDoc.from_document(r.document)
    return ms, docs


def _inputs(args: argparse.Namespace) -> list[tuple[str, Callable[[], Input]]]:
    from synthetic_mentions import mentions, year_mentions

    out: list[tuple[str, Callable[[], Input]]] = []
    for p in args.results:
        out.append((p.stem, lambda p=p: _from_results([p])))
    if len(args.results) > 1:
        out.append(("all results", lambda: _from_results(args.results)))
    for n in args.synthetic:
        out.append((f"synthetic {n}", lambda n=n: mentions(n)))
    for n in args.year:
        out.append((f"year {n}", lambda n=n: year_mentions(n)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--results", nargs="*", type=Path, default=[])
    ap.add_argument("--synthetic", nargs="*", type=int, default=[])
    ap.add_argument("--year", nargs="*", type=int, default=[])
    ap.add_argument("--whole-max", type=int, default=5000)
    ap.add_argument("--area", action="store_true", help="candidates from the area index")
    args = ap.parse_args()
    if args.area:
        from claimgraph.merge import blocking

        blocking.CANDIDATES = "area"
    from claimgraph.actors.registry import registry

    registry()  # loaded by the pipeline in a real run; merge reads it (capitals' states)
    for name, load in _inputs(args):
        ms, docs = load()
        row: dict[str, object] = {"input": name, "mentions": len(ms), "area": args.area}
        runs = [("partitioned", partitioned_merge)]
        if len(ms) <= args.whole_max:
            runs.insert(0, ("whole", merge_events))
        for label, fn in runs:
            c = time.process_time()
            events = fn(ms, docs)
            row[label] = {"events": len(events), "sha256": _digest(events),
                          "cpu_s": round(time.process_time() - c, 2)}  # fmt: skip
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
