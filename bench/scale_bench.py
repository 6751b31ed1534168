"""Scale benchmark: the local and the dask runner in the same run, and merge time against N.

    python bench/scale_bench.py --docs 500 2000 --workers 2 [--merge 2000 10000 50000]

For each corpus size: a synthetic corpus (`synthetic_corpus.py`), then `run_corpus` with a
process pool of `--workers` (the local runner) and `run_sharded` on a Dask LocalCluster of as
many workers, each into a fresh SQLite database. Per runner: documents per second while
processing (until the merge starts), merge seconds, wall seconds, the peak RSS of each worker
process (sampled every 0.2 s) and of the driver, and whether the two exports are identical.

`--merge`: synthetic mentions (`synthetic_mentions.py`, ~40 a day, so the span grows with N as
a longer archive does): `merge_events` (one process; skipped above 10k), `partitioned_merge` in
this process (CPU seconds) and on the Dask cluster (wall seconds).

Long runs (`bench/scale_100k.sh`, hours): every line is printed as it happens (flushed), so
a log written by redirecting stdout holds the progress: a line every 250 documents, a
`monitor` line every `--monitor` seconds in every phase (the merge too) with the driver's and
each worker's RSS now and at peak, and each runner's result line when it ends (also written to
`result-<runner>-<N>.json` in the `--keep` folder). The export is compared by its sha256,
streamed from the store (`export_sha256`), not held in memory; `--compare A.db B.db` compares
two kept stores. Rerun with the same `--keep` folder, a killed run resumes: the local runner
skips the documents already stored and merges what is pending, the dask runner skips its done
shards (its rates then cover only what was left: `resumed` says so).

Not a test: it takes minutes per size on a 2-core machine. Numbers go in docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic_mentions import mentions  # noqa: E402

from claimgraph.merge import merge_events, partitioned_merge  # noqa: E402
from claimgraph.runner import run_corpus  # noqa: E402
from claimgraph.scale import DaskRunner, ShardSettings, run_sharded  # noqa: E402
from claimgraph.store import Store  # noqa: E402


#: seconds between two `monitor` lines (`--monitor`)
MONITOR_S = 60.0


class RssSampler:
    """Peak RSS of this process and of each child process, sampled in a thread; every
    `MONITOR_S` seconds a `monitor` line (the phase, RSS now and at peak, CPU)."""

    def __init__(self, every: float = 0.2, name: str = "") -> None:
        self.every = every
        self.name = name
        self.phase = "process"
        self.peaks: dict[int, int] = {}
        self.now: dict[int, int] = {}
        self.cpu: dict[int, float] = {}  # CPU seconds of each child, last seen
        self.driver = 0
        self._driver_now = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._t0 = time.perf_counter()

    def _run(self) -> None:
        me = psutil.Process()
        next_line = time.perf_counter() + MONITOR_S
        while not self._stop.is_set():
            try:
                self._driver_now = me.memory_info().rss
                self.driver = max(self.driver, self._driver_now)
                now: dict[int, int] = {}
                for child in me.children(recursive=True):
                    try:
                        rss = child.memory_info().rss
                        t = child.cpu_times()
                    except psutil.Error:
                        continue
                    now[child.pid] = rss
                    self.peaks[child.pid] = max(self.peaks.get(child.pid, 0), rss)
                    self.cpu[child.pid] = t.user + t.system
                self.now = now
            except psutil.Error:
                pass
            if self.name and time.perf_counter() >= next_line:
                next_line += MONITOR_S
                self.monitor()
            self._stop.wait(self.every)

    def monitor(self) -> None:
        big = [pid for pid, v in self.peaks.items() if v >= 200 * 2**20]
        print(json.dumps({
            "monitor": self.name, "phase": self.phase,
            "elapsed_s": round(time.perf_counter() - self._t0, 1),
            "driver_rss_mb": round(self._driver_now / 2**20), "driver_peak_mb": round(self.driver / 2**20),
            "workers_rss_mb": sorted((round(self.now.get(p, 0) / 2**20) for p in big), reverse=True),
            "workers_peak_mb": self.workers_mb(), "children_cpu_s": round(self.children_cpu(), 1),
            "load_avg": [round(x, 1) for x in os.getloadavg()],
        }), flush=True)  # fmt: skip

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def children_cpu(self) -> float:
        """CPU seconds of every child process so far (workers, nannies, helpers)."""
        return sum(self.cpu.values())

    def workers_mb(self, min_mb: float = 200) -> list[int]:
        # model-loading workers; helper processes (resource trackers, forkservers) stay small
        return sorted(
            (round(v / 2**20) for v in self.peaks.values() if v / 2**20 >= min_mb), reverse=True
        )


def _log(runner: str, docs: int, t0: float, rss: RssSampler) -> None:
    """A line every 250 documents: a partial run still gives a measured rate."""
    print(json.dumps({"runner": runner, "docs_done": docs, "elapsed_s": round(time.perf_counter() - t0, 1),
                      "children_cpu_s": round(rss.children_cpu(), 1), "load_avg": os.getloadavg()}),
          flush=True)  # fmt: skip


def _export(store: Store) -> str:
    """sha256 of the events' export (a record a line, sorted keys), streamed from the store:
    at 100k documents the export text would be hundreds of MB in the driver."""
    h = hashlib.sha256()
    for n, r in enumerate(store.iter_event_records()):
        h.update((("\n" if n else "") + json.dumps(r, sort_keys=True)).encode())
    return h.hexdigest()


def _result(row: dict[str, object], tmp: Path, runner: str, n: int) -> None:
    """Print a runner's result line, and keep it beside its database."""
    line = json.dumps({"n_docs": n, runner: row})
    print(line, flush=True)
    (tmp / f"result-{runner}-{n}.json").write_text(line + "\n", encoding="utf-8")


#: seconds a document may take (`--doc-timeout`; 0: no limit). On a machine at load 20 the
#: default budget turns the machine's load into E302 rows and restarted pools, not a rate.
DOC_TIMEOUT: float | None = None


def run_local(corpus: Path, db: Path, workers: int) -> dict[str, object]:
    resumed = db.exists()  # a kept store of a killed run: this run finishes it
    store = Store(f"sqlite:///{db}")
    marks: dict[str, float] = {}

    cpu: dict[str, float] = {}

    def merge_step(done: int, total: int, phase: str) -> None:
        rss.phase = f"merge:{phase} {done}/{total}"
        if "merge" not in marks:
            marks["merge"] = time.perf_counter()
            cpu["process"] = rss.children_cpu()

    def step(done: int, uri: str) -> None:
        if done % 250 == 0:
            _log("local", done, t0, rss)

    with RssSampler(name="local") as rss:
        load0 = os.getloadavg()
        t0 = time.perf_counter()
        report = run_corpus(
            [corpus], store, workers=workers, merge_progress=merge_step, progress=step,
            doc_timeout=DOC_TIMEOUT,
        )  # fmt: skip
        t1 = time.perf_counter()
    merge_start = marks.get("merge", t1)
    row = _row("local", report, t0, merge_start, t1, rss, store)
    row["workers_cpu_s"] = round(cpu.get("process", rss.children_cpu()), 1)
    row["load_avg_start_end"] = [load0, os.getloadavg()]
    row["resumed"] = resumed
    return row


def run_dask(
    corpus: Path, db: Path, rows: Path, workers: int, shard_size: int
) -> dict[str, object]:
    resumed = db.exists()  # a kept store of a killed run: this run finishes it
    store = Store(f"sqlite:///{db}")
    marks: dict[str, float] = {}

    cpu: dict[str, float] = {}
    logged = [0]

    def step(phase: str, done: int, total: int | None) -> None:
        rss.phase = f"{phase} {done}/{total}" if total else f"{phase} {done}"
        if phase in ("load", "pairs", "parts") and phase not in marks:
            marks[phase] = time.perf_counter()
            cpu[phase] = rss.children_cpu()
        if phase == "shards" and done // 250 > logged[0]:
            logged[0] = done // 250
            _log("dask", done, t0, rss)

    with RssSampler(name="dask") as rss:
        load0 = os.getloadavg()
        t0 = time.perf_counter()
        runner = DaskRunner(workers=workers)
        t_up = time.perf_counter()
        try:
            report = run_sharded(
                [corpus], store, runner, rows, shard_size=shard_size, progress=step,
                settings=ShardSettings(doc_timeout=DOC_TIMEOUT),
            )  # fmt: skip
        finally:
            runner.close()
        t1 = time.perf_counter()
    # processing ends where storing the last shards or the merge starts (the shards are stored
    # while the next ones run: the "load" phase is what is left when the last one finishes)
    processed = marks.get("load", marks.get("pairs", t1))
    row = _row("dask", report, t0, processed, t1, rss, store)
    row["cluster_start_s"] = round(t_up - t0, 2)
    row["merge_s"] = round(t1 - marks.get("pairs", t1), 1)  # loading rows into SQLite apart
    row["load_s"] = round(marks.get("pairs", t1) - processed, 1)
    # processing and storing, as the local runner's figure (which stores while it processes)
    row["docs_per_s_with_load"] = round(
        report.processed / max(1e-9, marks.get("pairs", t1) - t0), 2
    )
    row["workers_cpu_s"] = round(cpu.get("load", rss.children_cpu()), 1)
    row["load_avg_start_end"] = [load0, os.getloadavg()]
    row["resumed"] = resumed
    return row


def _row(
    name: str, report, t0: float, merge_start: float, t1: float, rss: RssSampler, store: Store
) -> dict[str, object]:  # type: ignore[no-untyped-def]
    docs = report.processed
    return {
        "runner": name, "docs": docs, "mentions": report.mentions, "events": report.events,
        "failed": len(report.failed), "process_s": round(merge_start - t0, 1),
        "docs_per_s": round(docs / max(1e-9, merge_start - t0), 2), "merge_s": round(t1 - merge_start, 1),
        "wall_s": round(t1 - t0, 1), "worker_peak_rss_mb": rss.workers_mb(),
        "driver_peak_rss_mb": round(rss.driver / 2**20), "export_sha256": _export(store),
    }  # fmt: skip


def bench_docs(n: int, workers: int, shard_size: int, tmp: Path, runner: str = "both") -> None:
    corpus = tmp / f"synth-{n}.jsonl"
    if not corpus.exists():  # (a kept folder: the corpus of an earlier run, the same for a seed)
        # in a child process: the generator holds every document (~0.4 GB at 100k), which
        # would stay in this process's RSS, the driver's figure
        part = corpus.with_suffix(".part")
        script = Path(__file__).resolve().parent / "synthetic_corpus.py"
        subprocess.run([sys.executable, str(script), "--docs", str(n), "-o", str(part)], check=True)
        part.rename(corpus)
    if runner != "both":
        # one runner only (two of these at once see the same machine load)
        if runner == "local":
            row = run_local(corpus, tmp / f"local-{n}.db", workers)
        else:
            row = run_dask(corpus, tmp / f"dask-{n}.db", tmp / f"rows-{n}", workers, shard_size)
        _result(row, tmp, runner, n)
        return
    local = run_local(corpus, tmp / f"local-{n}.db", workers)
    _result(local, tmp, "local", n)
    dask = run_dask(corpus, tmp / f"dask-{n}.db", tmp / f"rows-{n}", workers, shard_size)
    _result(dask, tmp, "dask", n)
    same = local["export_sha256"] == dask["export_sha256"]
    overhead = (
        (local["docs_per_s"] / dask["docs_per_s"] - 1) * 100 if dask["docs_per_s"] else float("nan")
    )
    print(json.dumps({"n_docs": n, "exports_identical": same, "dask_overhead_pct": round(overhead, 1)}),
          flush=True)  # fmt: skip


def compare(a: Path, b: Path) -> bool:
    """Whether two stores export the same events (sha256 of the streamed export)."""
    da, db = (_export(Store(f"sqlite:///{p}", create=False)) for p in (a, b))
    print(json.dumps({"compare": [str(a), str(b)], "export_sha256": [da, db],
                      "exports_identical": da == db}), flush=True)  # fmt: skip
    return da == db


def bench_merge(sizes: list[int], workers: int) -> None:
    runner = DaskRunner(workers=workers)
    try:
        for n in sizes:
            ms, docs = mentions(n)
            row: dict[str, object] = {"n_mentions": len(ms)}
            if n <= 10_000:
                c = time.process_time()
                whole = merge_events(ms, docs)
                row["merge_events_cpu_s"] = round(time.process_time() - c, 1)
            c = time.process_time()
            parts = partitioned_merge(ms, docs)
            row["partitioned_cpu_s"] = round(time.process_time() - c, 1)
            w = time.perf_counter()
            on_dask = partitioned_merge(ms, docs, map_fn=runner.map)
            row["partitioned_dask_wall_s"] = round(time.perf_counter() - w, 1)
            row["events"] = len(parts)
            row["same_events"] = [e.id for e in parts] == [e.id for e in on_dask] and (
                n > 10_000
                or [e.model_dump_json() for e in whole] == [e.model_dump_json() for e in parts]
            )
            print(json.dumps(row), flush=True)
    finally:
        runner.close()


def main() -> None:
    global DOC_TIMEOUT, MONITOR_S
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, nargs="*", default=[])
    ap.add_argument("--merge", type=int, nargs="*", default=[])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--shard-size", type=int, default=100)
    ap.add_argument("--runner", choices=["local", "dask", "both"], default="both")
    ap.add_argument("--keep", type=Path, help="work in this folder and keep its databases")
    ap.add_argument("--doc-timeout", type=float, default=None, help="0: no limit")
    ap.add_argument(
        "--monitor", type=float, default=MONITOR_S, help="seconds between monitor lines"
    )
    ap.add_argument("--compare", type=Path, nargs=2, metavar="DB", help="compare two kept stores")
    args = ap.parse_args()
    DOC_TIMEOUT, MONITOR_S = args.doc_timeout, args.monitor
    if args.compare:
        sys.exit(0 if compare(*args.compare) else 1)
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                          cwd=Path(__file__).parent).stdout.strip()  # fmt: skip
    print(
        json.dumps({"commit": head, "cpus": os.cpu_count(), "load_avg": os.getloadavg()}),
        flush=True,
    )
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        for n in args.docs:
            bench_docs(n, args.workers, args.shard_size, args.keep, args.runner)
    else:
        with tempfile.TemporaryDirectory(prefix="claimgraph-scale-") as tmp:
            for n in args.docs:
                bench_docs(n, args.workers, args.shard_size, Path(tmp), args.runner)
    if args.merge:
        bench_merge(args.merge, args.workers)
    print(json.dumps({"load_avg_end": os.getloadavg()}), flush=True)


if __name__ == "__main__":
    main()
