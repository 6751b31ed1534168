"""Where the per-document pipeline spends its time: cProfile over `Pipeline.pipe`, models warmed.

    python bench/profile_stages.py [--corpus FILE.jsonl] [--limit N] [--top 15] [--out FILE.prof]

Defaults to the bundled VOA demo corpus. Loads every model first (one warm-up document), then
profiles the steady state: prints each stage's share of the time (the cumulative time of its
`__call__`) and the top functions by cumulative time, each with the stage it runs under.
Cold-start costs (model loading, first-use fitting) are printed separately from the warm-up.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
from pathlib import Path

from claimgraph.ingest import read_paths
from claimgraph.model import RawDocument
from claimgraph.pipeline import Pipeline
from claimgraph.resources import data_path

# function names that mark the top of a stage; anything called below one is charged to it
_STAGE_FILES = {
    "nlp/__init__.py": "nlp",
    "actors/stage.py": "actors",
    "places/stage.py": "places",
    "events/stage.py": "events",
    "when/stage.py": "when",
}


def _stage_of(func: tuple[str, int, str], stats: dict, seen: set | None = None) -> str:  # type: ignore[type-arg]
    """The stage a function runs under: itself when it is a stage's `__call__`, else the stage of
    the caller that spent the most time calling it (walks up the call graph)."""
    seen = seen or set()
    path, _, name = func
    for suffix, stage in _STAGE_FILES.items():
        if name == "__call__" and path.endswith(suffix):
            return stage
    if func in seen:
        return "?"
    seen.add(func)
    callers = stats[func][4]
    if not callers:
        return "-"
    best = max(callers, key=lambda c: callers[c][3])
    return _stage_of(best, stats, seen)


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--corpus", type=Path, default=data_path("demo", "voa_demo.jsonl"))
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--top", type=int, default=15)
    ap.add_argument("--out", type=Path, default=None, help="also write the raw profile here")
    args = ap.parse_args()

    raws = [r for r in read_paths([args.corpus]) if isinstance(r, RawDocument)][: args.limit]
    words = sum(len(r.text.split()) for r in raws)
    pipeline = Pipeline()
    t0 = time.perf_counter()
    pipeline.warm_up()
    print(f"cold start (load models, first-use builds): {time.perf_counter() - t0:.2f} s")

    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    for _ in pipeline.pipe(raws):
        pass
    prof.disable()
    wall = time.perf_counter() - t0
    print(f"{len(raws)} docs, {words} words in {wall:.2f} s under the profiler")

    st = pstats.Stats(prof)
    stats = st.stats  # type: ignore[attr-defined]
    total = sum(
        v[3] for k, v in stats.items() if k[2] == "_process" and k[0].endswith("pipeline.py")
    )
    print("\nper stage (cumulative, share of Pipeline._process):")
    for (path, _, name), v in sorted(stats.items(), key=lambda kv: -kv[1][3]):
        for suffix, stage in _STAGE_FILES.items():
            if name == "__call__" and path.endswith(suffix):
                print(f"  {stage:<8} {v[3]:7.2f} s  {100 * v[3] / total:5.1f}%")

    print(f"\ntop {args.top} by cumulative time (below the stages):")
    rows = []
    for func, v in stats.items():
        path, line, name = func
        if "claimgraph" not in path and "spacy" not in path and "sklearn" not in path:
            continue
        if name == "__call__" and any(path.endswith(s) for s in _STAGE_FILES):
            continue
        if path.endswith("pipeline.py"):
            continue
        rows.append((v[3], v[1], func))
    rows.sort(key=lambda r: -r[0])
    print(f"  {'cum s':>7} {'share':>6} {'calls':>7}  stage   function")
    for cum, calls, func in rows[: args.top]:
        path, line, name = func
        short = path.split("site-packages/")[-1].split("src/")[-1]
        print(
            f"  {cum:7.2f} {100 * cum / total:5.1f}% {calls:7d}  {_stage_of(func, stats):<7} {short}:{line}({name})"
        )
    if args.out:
        st.dump_stats(str(args.out))


if __name__ == "__main__":
    main()
