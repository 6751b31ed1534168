"""Throughput of the full per-document pipeline vs bare `en_core_web_sm` `nlp.pipe`, same texts.

    python bench/throughput.py [--corpus FILE.jsonl|DIR] [--limit N] [--repeat N] [--quick]

Defaults to the VOA corpus in ../shared/corpus/voa when present, else the bundled demo corpus.
Prints docs/s and words/s of both, and their ratio (pipeline / bare spaCy). Models are loaded and
warmed up before timing, so the numbers are steady-state per-process throughput. With
`--repeat N` the measurement runs N times, each in a fresh process (so no cache of the pipeline
has seen the texts before), and the median of the N paired ratios is reported, which holds up
better on a shared, busy machine. `--quick` (what CI runs: a benchmark, never a timed test) times
the first 10 documents of the bundled demo corpus once and always exits 0; its ratio is a smoke
reading, not a figure for docs/BENCHMARKS.md.

    python bench/throughput.py --embeddings [...]      the pipeline as `claimgraph run --embeddings`
    python bench/throughput.py --workers 2 [...]       also N worker processes vs this one process
    python bench/throughput.py --startup [--repeat N]  a later run's start-up, fresh processes
    python bench/throughput.py --cold-start SEED_PAGE  a first run on an empty cache folder

`--embeddings` turns the MiniLM sentence vectors on (as `run --embeddings`) for the pipeline side;
bare spaCy stays the baseline. `--workers N` then times the same documents through N warmed-up
pool workers (the pipeline's own worker functions, a document per task as `Pipeline.pipe`
submits them) and reports the rate over the one-process rate, wall and CPU: each worker's CPU
seconds for its documents, so that on a busy machine (where N workers cannot get N free cores
and the wall ratio says little) the CPU cost per document still compares. `--startup` times
`import claimgraph.cli` + `Pipeline().warm_up()` in a fresh process (what a later `claimgraph
run` spends before its first document; the caches must exist: run it once first), CPU and wall.
`--cold-start` runs `claimgraph run SEED_PAGE` with `$CLAIMGRAPH_CACHE` pointing at an empty
temporary folder, so every first-use build (gazetteer, actor registry, ACLED fit) is counted.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from claimgraph.ingest import read_paths
from claimgraph.model import RawDocument
from claimgraph.pipeline import Pipeline
from claimgraph.resources import SPACY_MODEL, data_path

VOA = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "voa" / "voa_stories.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--corpus", type=Path, default=VOA if VOA.exists() else data_path("demo", "voa_demo.jsonl")
    )
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument(
        "--repeat", type=int, default=1, help="paired runs; the median ratio is reported"
    )
    ap.add_argument(
        "--quick",
        action="store_true",
        help="CI smoke run: 10 demo documents, one pass, never fails",
    )
    ap.add_argument(
        "--embeddings", action="store_true", help="the pipeline with MiniLM sentence vectors"
    )
    ap.add_argument("--workers", type=int, default=1, help="also time N pool workers")
    ap.add_argument(
        "--startup", action="store_true", help="time a later run's start-up (fresh processes)"
    )
    ap.add_argument(
        "--cold-start", type=Path, default=None, metavar="SEED_PAGE",
        help="time `claimgraph run SEED_PAGE` on an empty cache folder",
    )  # fmt: skip
    args = ap.parse_args()
    if args.embeddings:
        # read by the events stage, here and in pool workers (as `claimgraph run --embeddings`)
        os.environ["CLAIMGRAPH_EMBEDDINGS"] = "1"
    if args.startup:
        _startup(args.repeat)
        return
    if args.cold_start is not None:
        _cold_start(args.cold_start)
        return
    if args.quick:
        args.corpus = data_path("demo", "voa_demo.jsonl")
        args.limit = args.limit or 10
        args.repeat = 1
        try:
            _measure(args)
        except Exception as err:  # noqa: BLE001 - a benchmark reports, it never fails CI
            print(f"throughput benchmark did not run: {type(err).__name__}: {err}")
        return
    if args.repeat > 1:
        _repeat(args)
        return
    _measure(args)


def _measure(args: argparse.Namespace) -> None:
    """One paired measurement in this process: the pipeline, then bare spaCy, same texts."""
    raws = [r for r in read_paths([args.corpus]) if isinstance(r, RawDocument)][: args.limit]
    texts = [r.text for r in raws]
    words = sum(len(t.split()) for t in texts)

    # no time budget: on a busy machine a slow document would otherwise be cut short (an E302
    # row) and the pipeline would look faster for doing less
    pipeline = Pipeline(doc_timeout=0)
    # warm-up: loads the models, registry and gazetteer outside any time budget, then one document
    pipeline.warm_up()
    pipeline(raws[0])
    # the baseline stays the packaged model as first measured (without the lemmatizer), whatever
    # components the pipeline itself switches off
    import spacy

    nlp = spacy.load(SPACY_MODEL, exclude=["lemmatizer"])
    list(nlp.pipe(texts[:1]))

    t0, c0 = time.perf_counter(), time.process_time()
    outcomes = list(pipeline.pipe(raws))
    mentions = sum(len(p.document.mentions) for p in outcomes if p.document)
    failed = sum(1 for p in outcomes if p.errors)
    t_pipe, c_pipe = time.perf_counter() - t0, time.process_time() - c0
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    t_bare, c_bare = time.perf_counter() - t0, time.process_time() - c0

    result: dict[str, Any] = {
        "corpus": args.corpus.name,
        "docs": len(raws),
        "words": words,
        "pipeline_docs_per_s": round(len(raws) / t_pipe, 2),
        "pipeline_words_per_s": round(words / t_pipe),
        "bare_spacy_docs_per_s": round(len(raws) / t_bare, 2),
        "bare_spacy_words_per_s": round(words / t_bare),
        "ratio_pipeline_over_bare": round(t_bare / t_pipe, 3),
        # the same ratio in CPU seconds of this process: steadier when other work shares the cores
        "cpu_ratio_pipeline_over_bare": round(c_bare / c_pipe, 3),
        "pipeline_cpu_s": round(c_pipe, 2),
        "bare_spacy_cpu_s": round(c_bare, 2),
        "mentions": mentions,
        "failed": failed,
        "embeddings": bool(args.embeddings),
        # other work on the cores moves the timings (the ratio less): say how busy it was
        "load_average_1min": round(os.getloadavg()[0], 2),
        "python": platform.python_version(),
        "cpu": platform.processor() or platform.machine(),
    }
    print(
        f"full pipeline : {result['pipeline_docs_per_s']:>7} docs/s {result['pipeline_words_per_s']:>7} words/s"
    )
    print(
        f"bare spaCy    : {result['bare_spacy_docs_per_s']:>7} docs/s {result['bare_spacy_words_per_s']:>7} words/s"
    )
    print(f"ratio (pipeline/bare): {result['ratio_pipeline_over_bare']}")
    if args.workers > 1:
        result.update(_workers(raws, args.workers, t_pipe, c_pipe, mentions))
        print(
            f"{args.workers} workers: {result['workers_docs_per_s']} docs/s, "
            f"{result['workers_speedup_wall']}x the one-process rate (wall), "
            f"CPU per document {result['workers_cpu_per_doc_ratio']}x the one process's"
        )
    print(json.dumps(result))


def _timed_in_worker(raw: RawDocument) -> tuple[int, float, int]:
    """One document in a pool worker: (worker pid, CPU seconds it took there, mentions)."""
    from claimgraph.pipeline import _process_in_worker

    c0 = time.process_time()
    result = _process_in_worker(raw)
    mentions = len(result.document.mentions) if result.document else 0
    return os.getpid(), time.process_time() - c0, mentions


def _ready_in_worker(_: int) -> int:
    time.sleep(0.2)  # long enough for the next probe to go to another (warmed-up) worker
    return os.getpid()


def _workers(
    raws: list[RawDocument], n: int, t_one: float, c_one: float, mentions_one: int
) -> dict[str, Any]:
    """The documents through `n` pool workers, each warmed up (models loaded) before the clock
    starts, as `Pipeline.pipe(workers=n)` runs them; compared with the one-process pass."""
    from concurrent.futures import ProcessPoolExecutor

    from claimgraph.pipeline import _init_worker

    with ProcessPoolExecutor(max_workers=n, initializer=_init_worker, initargs=(0,)) as pool:
        seen: set[int] = set()
        while len(seen) < n:
            seen.update(pool.map(_ready_in_worker, range(n)))
        t0 = time.perf_counter()
        out = list(pool.map(_timed_in_worker, raws))
        wall = time.perf_counter() - t0
    per_worker: dict[int, float] = {}
    for pid, cpu, _ in out:
        per_worker[pid] = per_worker.get(pid, 0.0) + cpu
    cpu_total = sum(per_worker.values())
    mentions = sum(m for _, _, m in out)
    if mentions != mentions_one:
        print(f"warning: {mentions} mentions from the workers, {mentions_one} from one process")
    return {
        "workers": n,
        "workers_docs_per_s": round(len(raws) / wall, 2),
        "workers_speedup_wall": round(t_one / wall, 3),
        "workers_cpu_s": [round(c, 2) for c in sorted(per_worker.values())],
        "one_process_cpu_s": round(c_one, 2),
        # > 1: a document costs the workers more CPU than the one process (shared caches, memory
        # bandwidth); the best wall speed-up on n free cores is about n over this
        "workers_cpu_per_doc_ratio": round(cpu_total / c_one, 3),
        "workers_mentions": mentions,
    }


_STARTUP_CODE = """
import json, time
c0, t0 = time.process_time(), time.perf_counter()
import claimgraph.cli
from claimgraph.pipeline import Pipeline
Pipeline().warm_up()
print(json.dumps({"cpu_s": time.process_time() - c0, "wall_s": time.perf_counter() - t0}))
"""


def _startup(repeat: int) -> None:
    """A later run's start-up: interpreter start, imports and warm-up, each in a fresh process."""
    runs = []
    for _ in range(max(1, repeat)):
        r0, t0 = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", _STARTUP_CODE], capture_output=True, text=True, check=True
        ).stdout
        wall = time.perf_counter() - t0
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        inner = json.loads(out.strip().splitlines()[-1])
        runs.append({
            "process_cpu_s": round(r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime, 2),
            "process_wall_s": round(wall, 2),
            "warm_up_cpu_s": round(inner["cpu_s"], 2),
            "load_average_1min": round(os.getloadavg()[0], 2),
        })  # fmt: skip
    cpu = statistics.median(r["process_cpu_s"] for r in runs)
    print(f"start-up CPU s, one fresh process each: {sorted(r['process_cpu_s'] for r in runs)}")
    print(json.dumps({"startup_cpu_s_median": cpu, "runs": runs}))


def _cold_start(seed: Path) -> None:
    """`claimgraph run SEED` in a fresh process on an empty cache folder and a new database."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="claimgraph-cold-") as tmp:
        env = dict(os.environ, CLAIMGRAPH_CACHE=str(Path(tmp) / "cache"))
        cmd = [sys.executable, "-m", "claimgraph.cli", "run", str(seed), "--db",
               str(Path(tmp) / "cold.db")]  # fmt: skip
        load = os.getloadavg()[0]
        r0, t0 = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
        done = subprocess.run(cmd, env=env, capture_output=True, text=True)
        wall = time.perf_counter() - t0
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = {
        "seed": seed.name,
        "exit": done.returncode,
        "cpu_s": round(r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime, 2),
        "wall_s": round(wall, 2),
        "peak_rss_mb": round(r1.ru_maxrss / 1024),
        "load_average_1min_before": round(load, 2),
        "load_average_1min_after": round(os.getloadavg()[0], 2),
    }
    print(done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-500:])
    print(json.dumps(result))


def _repeat(args: argparse.Namespace) -> None:
    """Run the measurement `args.repeat` times, each in a fresh process; print every run's
    ratio and the median."""
    cmd = [sys.executable, __file__, "--corpus", str(args.corpus)]
    if args.embeddings:
        cmd.append("--embeddings")
    if args.workers > 1:
        cmd += ["--workers", str(args.workers)]
    if args.limit is not None:
        cmd += ["--limit", str(args.limit)]
    runs = []
    for _ in range(args.repeat):
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
        runs.append(json.loads(out.strip().splitlines()[-1]))
    ratios = [r["ratio_pipeline_over_bare"] for r in runs]
    cpu = [r["cpu_ratio_pipeline_over_bare"] for r in runs]
    med = statistics.median(ratios)
    print(f"ratios (pipeline/bare), one process each: {sorted(ratios)}; median {med}")
    print(f"CPU-time ratios: {sorted(cpu)}; median {statistics.median(cpu)}")
    result = dict(
        runs[0],
        ratio_pipeline_over_bare=med,
        ratios=sorted(ratios),
        cpu_ratio_pipeline_over_bare=statistics.median(cpu),
        cpu_ratios=sorted(cpu),
        # each run's pipeline CPU per document: compares the pipeline's own cost across commits
        pipeline_cpu_ms_per_doc=sorted(
            round(1000 * r["pipeline_cpu_s"] / r["docs"], 1) for r in runs
        ),
    )
    for k in ("pipeline_words_per_s", "bare_spacy_words_per_s"):
        result[k] = round(statistics.median(r[k] for r in runs))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
