"""The partitioned merge's tasks on a local process pool: the `local` runner's merge (issue 19).

`partitioned_merge` maps its tasks with any `map_fn`; the dask runner passes its cluster's. A
`PoolMap` is the same on one machine without Dask: `workers` processes, started at the first map
of more than one item and kept for the merge's later phases, at most two items a worker in
flight (a part's payload is its mentions: all of them at once would sit pickled in the pipes),
results as they finish. The merge's output does not depend on the order its tasks finish in (the
edges are a set, the events are sorted), so the events are those of the serial merge.

Workers are spawned, not forked: the driver holds the store's connection and a progress bar's
thread, neither of which a forked child may inherit safely. A pool that breaks (a worker killed)
is not a failed merge: the items it had not answered are merged here, serially, and the pool is
not used again.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from types import TracebackType
from typing import Any

__all__ = ["PoolMap", "POOL_MIN_MENTIONS", "merge_map"]

log = logging.getLogger(__name__)

#: below this many mentions the merge stays in the driver: starting the workers (each imports
#: the merge and loads what it reads at first use) costs more than a small merge. The
#: environment variable `CLAIMGRAPH_MERGE_POOL_MIN` overrides it (0: always a pool).
POOL_MIN_MENTIONS = 20_000


class PoolMap:
    """`map_fn` for `partitioned_merge` on a pool of `workers` spawned processes; a context
    manager (the pool is shut down on exit)."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._broken = False

    def __call__(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        source = iter(items)
        head = list(itertools.islice(source, 2))
        if self._broken or self.workers < 2 or len(head) < 2:
            return map(fn, itertools.chain(head, source))
        return self._on_pool(fn, itertools.chain(head, source))

    def _on_pool(self, fn: Callable[[Any], Any], source: Iterator[Any]) -> Iterator[Any]:
        """`fn` on the items, taken from `source` only as a worker is free: a lazy source (the
        merge's parts, fetched a batch at a time) is read while the tasks in flight run."""
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers, mp_context=multiprocessing.get_context("spawn")
            )
        pool = self._pool
        pending: dict[Future[Any], Any] = {}  # each task's item, kept until it is answered

        def submit(item: Any) -> None:
            try:
                future = pool.submit(fn, item)
            except BrokenProcessPool as exc:
                # the pool can break between a worker's death and our next wait: the item is out
                # of the source already, so its future fails as those in flight do (a flaky CI
                # run at stop 36 lost it; `pipeline._submit` does the same for documents)
                future = Future[Any]()
                future.set_exception(exc)
            pending[future] = item

        try:
            for item in itertools.islice(source, 2 * self.workers):
                submit(item)
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    result = future.result()
                    del pending[future]
                    yield result
                    for item in itertools.islice(source, 1):
                        submit(item)
        except BrokenProcessPool:
            left = list(pending.values())
            log.warning(
                "a merge worker died; merging the %d items in flight and those left in this process",
                len(left),
            )
            self._broken = True
            self.close()
            yield from map(fn, itertools.chain(left, source))

    def close(self, stop: bool = False) -> None:
        """Shut the pool down: after its tasks (the default), or at once, its workers killed
        (`stop`: a run interrupted by Ctrl-C or SIGTERM, whose task may be minutes long)."""
        if self._pool is None:
            return
        if stop:
            for proc in list((getattr(self._pool, "_processes", None) or {}).values()):
                proc.kill()
        # after a kill, no cancelling: the executor's thread fails the futures itself, and
        # cancelling them too races it (an InvalidStateError traceback on Python 3.11)
        self._pool.shutdown(wait=True, cancel_futures=not stop)
        self._pool = None

    def __enter__(self) -> PoolMap:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close(stop=exc_type is not None)


def merge_map(workers: int, mentions: int) -> PoolMap:
    """The map for a merge of `mentions` mentions by a run of `workers`: a pool when both are
    large enough to pay for it, else one that maps in this process."""
    floor = os.environ.get("CLAIMGRAPH_MERGE_POOL_MIN", "")
    least = int(floor) if floor.strip().isdigit() else POOL_MIN_MENTIONS
    return PoolMap(workers if mentions >= least else 1)
