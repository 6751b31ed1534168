"""Runners: where shards and merge parts run. Each maps the same pure functions.

- `SerialRunner`: this process (tests, `claimgraph run-shard`, small inputs).
- `DaskRunner`: a Dask cluster; a `distributed.LocalCluster` of `workers` processes with one
  thread each by default, or any running scheduler (`tcp://HOST:PORT`). Each worker loads the
  models once, when it starts (a worker plugin calling `shard.shard_pipeline`). A worker that
  dies mid-shard is restarted by its nanny and the scheduler runs the shard again (its files
  are overwritten, never duplicated); a shard that kills every worker it is given to
  (`KilledWorker`) is run again with one task per document, so only the document that kills is
  lost, as an E303 error row.

(`claimgraph run --runner local`, the default, is not here: it is the process pool of
`claimgraph.runner`, which needs no shards.)
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol

import dask
from distributed.diagnostics.plugin import WorkerPlugin

from claimgraph.errors import Code
from claimgraph.model import DocError, RawDocument
from claimgraph.pipeline import Processed

from .shard import (
    Shard,
    ShardResult,
    ShardSettings,
    process_one,
    run_shard,
    shard_pipeline,
    write_shard,
)

__all__ = ["Runner", "SerialRunner", "DaskRunner", "LOGS", "QUIET", "WORKER_ENV"]

log = logging.getLogger(__name__)

#: Dask settings of the LocalCluster: its housekeeping runs on a clock, not per task, so on a
#: busy machine it takes CPU from the documents. Idle, a default cluster of 2 workers used 0.06
#: of a core (0.03 in the workers and nannies, 0.03 in the driver's scheduler); with these, 0.012
#: (docs/BENCHMARKS.md, Scale). Nobody reads the dashboard's statistics here.
QUIET = {
    # the statistical profiler sampled the task thread's (deep spaCy) stack every 10 ms
    "distributed.worker.profile.enabled": False,
    # the event-loop watchdog woke every 20 ms in every process; it only logs stalls
    "distributed.admin.tick.interval": "1s",
    # CPU, memory and network statistics for the dashboard, every 500 ms
    "distributed.admin.system-monitor.interval": "5s",
    # the nanny's check of its worker's memory, every 100 ms (the limit is still enforced)
    "distributed.worker.memory.monitor-interval": "1s",
}

#: Dask keeps the last `distributed.admin.low-level-log-length` (1,000) messages of every
#: stream for debugging, each one that is under 1 MB whole. The scheduler's stream to a worker
#: carries the shards: a shard of short documents (500 of them, under 1 MB) stayed in the log,
#: so a run of up to 1,000 shards kept the text of every document it had sent, and a merge on
#: the cluster its parts' mentions: the driver's ~8.5 KB a document at 100k (docs/BENCHMARKS.md,
#: "Scale, stop 38"). A few messages are enough for a stack trace. Set for the whole process
#: (`DaskRunner` sets it), not only while the cluster starts: the stream to a restarted worker
#: is made later. A cluster started elsewhere (`--scheduler`) keeps its own setting.
LOGS = {"distributed.admin.low-level-log-length": 16}

#: What a LocalCluster's nannies put in their workers' environment, beside Dask's defaults. Dask
#: sets `MALLOC_TRIM_THRESHOLD_=65536`, and glibc, given a trim threshold, stops raising its mmap
#: threshold: every array over 128 KB (spaCy's and thinc's layer outputs) is mapped fresh and
#: faulted in page by page, then unmapped. 2,500 page faults per document instead of 35, 0.006 s
#: of system time per document and ~12% more CPU than the same documents in a pool worker
#: (docs/BENCHMARKS.md, "Dask overhead, third probe"). Without it a worker's malloc is a pool
#: worker's. (Set in the shell, the variable still reaches the workers; a cluster started
#: elsewhere, `--scheduler`, keeps its own settings.)
WORKER_ENV = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}


class Runner(Protocol):
    def run_shards(
        self, shards: Iterable[Shard], out: Path, settings: ShardSettings
    ) -> Iterator[ShardResult]:
        """Run every shard; results as shards finish (any order)."""
        ...

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterable[Any]:
        """`fn` on every item; results as they finish (any order)."""
        ...

    def close(self) -> None: ...


class SerialRunner:
    """Everything in this process, in order."""

    def run_shards(
        self, shards: Iterable[Shard], out: Path, settings: ShardSettings
    ) -> Iterator[ShardResult]:
        for shard in shards:
            yield run_shard(shard, out, settings)

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterable[Any]:
        return map(fn, items)

    def close(self) -> None:
        pass


class _Models(WorkerPlugin):
    """Loads the models when a worker starts (restarted workers too), outside any shard."""

    def __init__(self, settings: ShardSettings) -> None:
        self.settings = settings
        self.name = f"claimgraph-pipeline-{abs(hash(settings)):x}"

    def setup(self, worker: Any) -> None:
        shard_pipeline(self.settings)


class DaskRunner:
    """Shards and merge parts on a Dask cluster (see the module docstring)."""

    def __init__(
        self,
        scheduler: str | None = None,
        workers: int = 2,
        *,
        verbose: bool = False,
        allowed_failures: int = 3,
    ) -> None:
        """`allowed_failures`: worker deaths a task survives before it counts as killing them
        (Dask's `distributed.scheduler.allowed-failures`; applies to a LocalCluster only)."""
        from distributed import Client, LocalCluster

        dask.config.set(LOGS)
        if not verbose:
            # a restarted worker is reported in the run's summary, not in scheduler log lines
            for name in ("distributed", "tornado", "bokeh"):
                logging.getLogger(name).setLevel(logging.CRITICAL)
        self.cluster = None
        if scheduler:
            self.client = Client(scheduler)
        else:
            with dask.config.set({**QUIET, **WORKER_ENV, "distributed.scheduler.allowed-failures": allowed_failures}):  # fmt: skip
                self.cluster = LocalCluster(
                    n_workers=max(1, workers), threads_per_worker=1, processes=True,
                    dashboard_address=":0", silence_logs=logging.CRITICAL if not verbose else logging.WARNING,
                )  # fmt: skip
            self.client = Client(self.cluster)
        self._plugins: set[ShardSettings] = set()

    @property
    def n_workers(self) -> int:
        return max(1, len(self.client.scheduler_info(n_workers=-1).get("workers", {})))

    def _preload(self, settings: ShardSettings) -> None:
        if settings in self._plugins:
            return
        self.client.register_plugin(_Models(settings))
        self._plugins.add(settings)

    def run_shards(
        self, shards: Iterable[Shard], out: Path, settings: ShardSettings
    ) -> Iterator[ShardResult]:
        from distributed import as_completed
        from distributed.scheduler import KilledWorker

        self._preload(settings)
        ahead = 2 * self.n_workers  # shards in flight: the driver holds their text
        source = iter(shards)
        by_key: dict[object, Shard] = {}
        queue = as_completed()

        def submit() -> bool:
            shard = next(source, None)
            if shard is None:
                return False
            future = self.client.submit(
                run_shard, shard, str(out), settings, key=f"shard-{shard.name}", pure=False
            )
            by_key[future.key] = shard
            queue.add(future)
            return True

        for _ in range(ahead):
            if not submit():
                break
        for future in queue:
            shard = by_key.pop(future.key)
            try:
                result = future.result()
            except KilledWorker:
                log.warning(
                    "shard %s killed every worker it ran on; running it document by document",
                    shard.name,
                )
                result = self._one_by_one(shard, out, settings)
            future.release()
            yield result
            submit()

    def _one_by_one(self, shard: Shard, out: Path, settings: ShardSettings) -> ShardResult:
        """A shard that killed its workers, one task per document: the document that kills
        becomes an E303 row, the others are processed.

        The scheduler charges a worker's death to every task assigned to that worker, not only
        to the one running: a document queued behind the one that kills may be charged twice and
        fail with `KilledWorker` too. So when more than one is charged here, each is run again
        alone, one at a time, where nothing else of ours can kill its worker: only the document
        that kills fails there."""
        from distributed.scheduler import KilledWorker

        raws = [i for i in shard.items if isinstance(i, RawDocument)]
        futures = [self.client.submit(process_one, raw, settings, pure=False) for raw in raws]
        outcomes: list[Processed | None] = []
        for future in futures:
            try:
                outcomes.append(future.result())
            except KilledWorker:
                outcomes.append(None)
            future.release()
        charged = [k for k, o in enumerate(outcomes) if o is None]
        for k in charged:
            raw = raws[k]
            if len(charged) > 1:  # (one charged document is the one that kills: no more deaths)
                future = self.client.submit(process_one, raw, settings, pure=False)
                try:
                    outcomes[k] = future.result()
                except KilledWorker:
                    pass
                future.release()
            if outcomes[k] is None:
                log.warning("%s: the worker process died on it", raw.uri)
                error = DocError(doc_id=raw.id, stage="pipeline", code=Code.WORKER_DIED, uri=raw.uri,
                                 message="the worker process died on this document (out of memory?)")  # fmt: skip
                outcomes[k] = Processed(raw.id, raw.uri, None, [error])
        return write_shard(shard, out, [o for o in outcomes if o is not None])

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterable[Any]:
        """`fn` on every item, at most `2 * n_workers` of them on the cluster at once (each is
        sent when one finishes): a merge's items are the features of a slab or the mentions of
        parts, and all of them at once would sit pickled in the scheduler (the driver's process,
        for a LocalCluster) for the whole phase. Results as they finish."""
        from distributed import as_completed

        source = iter(items)
        queue = as_completed()

        def submit() -> None:
            for item in source:
                queue.add(self.client.submit(fn, item, pure=False))
                return

        for _ in range(2 * self.n_workers):
            submit()
        for future in queue:
            result = future.result()
            future.release()
            submit()
            yield result

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
