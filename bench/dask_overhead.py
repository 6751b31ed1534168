"""Where the Dask runner's overhead goes: the same documents through four set-ups of 2 workers.

    python bench/dask_overhead.py [--docs 200] [--repeat 2] [--variants local shards dask ...]

Variants (each in a fresh process, in turn, `--repeat` times, so that they share the machine's
load alike):

- `local`   today's `run --runner local`: a process pool, one document per task (`Pipeline.pipe`'s
            worker functions); rows go back to the driver.
- `shards`  the same pool running `run_shard` on shards of `--shard-size`: the documents plus the
            Parquet writing each Dask shard does, without Dask.
- `dask`    `DaskRunner.run_shards` on a LocalCluster (`runners.QUIET`, `runners.WORKER_ENV`), as
            `run --runner dask`.
- `dask-trim`  the same with Dask's `MALLOC_TRIM_THRESHOLD_=65536` in the workers' environment,
            as before stop 29 (given a trim threshold, glibc stops raising its mmap threshold, so
            every large array is mapped fresh and faulted in page by page).

Every worker is warmed up (models loaded) before the clock starts. Reported per variant: the
workers' CPU seconds per document (the figure that holds on a busy machine; their system share
and minor page faults apart), the driver's, and documents per second (wall; only meaningful when the machine is idle). Not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

VARIANTS = ("local", "shards", "dask", "dask-trim")


def _write_corpus(n: int, path: Path) -> None:
    """The documents every variant reads: written once, by the parent (before stop 29 each child
    generated its own, and the generator's draws followed the process's string hash seed, so the
    variants compared different documents)."""
    from synthetic_corpus import generate

    with path.open("w", encoding="utf-8") as fh:
        for d in generate(n):
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")


def _raws(path: Path) -> list[Any]:
    from claimgraph.ingest import read_paths
    from claimgraph.model import RawDocument

    return [r for r in read_paths([path]) if isinstance(r, RawDocument)]


def _cpu_of(pids: list[int]) -> tuple[float, float, int]:
    """CPU seconds (user + system), system seconds and minor page faults of `pids`, so far."""
    import psutil

    cpu, system, faults = 0.0, 0.0, 0
    for pid in pids:
        t = psutil.Process(pid).cpu_times()
        cpu, system = cpu + t.user + t.system, system + t.system
        # /proc/PID/stat: minflt is the 10th field; the 2nd, the command, may hold spaces
        faults += int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[7])
    return cpu, system, faults


def _since(before: tuple[float, float, int], pids: list[int]) -> tuple[float, float, int]:
    now = _cpu_of(pids)
    return now[0] - before[0], now[1] - before[1], now[2] - before[2]


def _rss_of(pids: list[int]) -> list[int]:
    """Each worker's RSS in MB now (after the documents) and its peak (Linux VmHWM)."""
    out = []
    for pid in pids:
        status = Path(f"/proc/{pid}/status").read_text()
        hwm = [line for line in status.splitlines() if line.startswith("VmHWM:")]
        out.append(int(hwm[0].split()[1]) // 1024 if hwm else -1)
    return sorted(out)


def _pid(_: object = None) -> int:
    time.sleep(0.2)  # long enough for the next probe to go to another (warmed-up) worker
    return os.getpid()


Usage = tuple[tuple[float, float, int], float, float, list[int]]


def _pool_variant(raws: list[Any], shards: bool, shard_size: int) -> Usage:
    from concurrent.futures import ProcessPoolExecutor

    from claimgraph.pipeline import _init_worker, _process_in_worker
    from claimgraph.scale.shard import ShardSettings, plan_shards, run_shard

    settings = ShardSettings(doc_timeout=0)
    with ProcessPoolExecutor(max_workers=2, initializer=_init_worker, initargs=(0,)) as pool:
        pids: set[int] = set()
        while len(pids) < 2:
            pids.update(pool.map(_pid, range(2)))
        if shards:
            # warm the shard pipeline of each worker too (its own cached Pipeline)
            list(pool.map(_warm_shard_pipeline, [settings] * 2))
        with tempfile.TemporaryDirectory() as out:
            c0, d0, t0 = _cpu_of(list(pids)), time.process_time(), time.perf_counter()
            if shards:
                items = list(plan_shards(raws, shard_size))
                list(pool.map(run_shard, items, [out] * len(items), [settings] * len(items)))
            else:
                list(pool.map(_process_in_worker, raws))
            wall = time.perf_counter() - t0
            return _since(c0, list(pids)), time.process_time() - d0, wall, _rss_of(list(pids))


def _warm_shard_pipeline(settings: Any) -> int:
    from claimgraph.scale.shard import shard_pipeline

    shard_pipeline(settings)
    time.sleep(0.5)
    return os.getpid()


def _dask_variant(raws: list[Any], shard_size: int, trim: bool) -> Usage:
    from claimgraph.scale import DaskRunner
    from claimgraph.scale.shard import ShardSettings, plan_shards

    settings = ShardSettings(doc_timeout=0)
    if trim:
        # Dask's value, as its nannies set it; the shell's environment reaches the workers
        # (this process's glibc has read its own environment already)
        os.environ["MALLOC_TRIM_THRESHOLD_"] = "65536"
    runner = DaskRunner(workers=2)
    try:
        runner._preload(settings)  # the plugin's setup has loaded the models when this returns
        pids = list(runner.client.run(os.getpid).values())
        with tempfile.TemporaryDirectory() as out:
            c0, d0, t0 = _cpu_of(pids), time.process_time(), time.perf_counter()
            list(runner.run_shards(plan_shards(raws, shard_size), Path(out), settings))
            wall = time.perf_counter() - t0
            return _since(c0, pids), time.process_time() - d0, wall, _rss_of(pids)
    finally:
        runner.close()


def _one(variant: str, corpus: Path, shard_size: int) -> dict[str, Any]:
    raws = _raws(corpus)
    if variant in ("local", "shards"):
        workers, driver, wall, rss = _pool_variant(raws, variant == "shards", shard_size)
    else:
        workers, driver, wall, rss = _dask_variant(raws, shard_size, variant == "dask-trim")
    return {
        "variant": variant,
        "docs": len(raws),
        "workers_cpu_per_doc": round(workers[0] / len(raws), 4),
        "workers_system_cpu_per_doc": round(workers[1] / len(raws), 4),
        "workers_minor_faults_per_doc": round(workers[2] / len(raws)),
        "driver_cpu_per_doc": round(driver / len(raws), 4),
        "docs_per_s": round(len(raws) / wall, 2),
        "workers_peak_rss_mb": rss,
        "load_average_1min": round(os.getloadavg()[0], 2),
    }


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--shard-size", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--variants", nargs="+", choices=VARIANTS, default=list(VARIANTS))
    ap.add_argument("--one", choices=VARIANTS, help=argparse.SUPPRESS)  # a child run
    ap.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)  # the child's documents
    args = ap.parse_args()
    if args.one:
        print(json.dumps(_one(args.one, args.corpus, args.shard_size)))
        return
    runs: dict[str, list[dict[str, Any]]] = {v: [] for v in args.variants}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "docs.jsonl"
        _write_corpus(args.docs, corpus)
        for _ in range(args.repeat):
            for v in args.variants:
                cmd = [sys.executable, __file__, "--one", v, "--corpus", str(corpus),
                       "--shard-size", str(args.shard_size)]  # fmt: skip
                out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
                run = json.loads(out.strip().splitlines()[-1])
                runs[v].append(run)
                print(json.dumps(run), flush=True)
    for v, rs in runs.items():
        med = statistics.median(r["workers_cpu_per_doc"] for r in rs)
        print(f"{v:18s} workers' CPU per document: median {med:.4f} s of "
              f"{sorted(r['workers_cpu_per_doc'] for r in rs)}")  # fmt: skip


if __name__ == "__main__":
    main()
