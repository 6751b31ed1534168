"""`claimgraph run --runner dask`: shards on a runner, their rows into the store, a partitioned merge.

In: paths, a Store, a Runner and the rows folder. Out: a `RunReport`, as `runner.run_corpus`
gives, and the same database content: the same events with the same ids.

1. plan     the documents the store does not know (`runner.new_documents`: read errors are
            stored at once) in consecutive shards, named by position and content
2. shards   `run_shard` on the runner; a shard whose done marker exists is not run again, so a
            killed run, rerun, redoes only the shards it had not finished
3. load     once every shard is done, each shard's rows go into the store, one transaction per
            document (as `run_corpus` stores them); a run killed here is finished by the rerun
4. merge    `runner.finish` with `merge.partitioned_merge` mapped on the same runner: parts that
            cannot corefer with each other, merged in parallel, then the events replace the
            stored ones (only changed rows are written)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from claimgraph.ingest import DEFAULT_MAX_MB
from claimgraph.merge import StoredMentions, partitioned_merge
from claimgraph.model import Event, EventMention
from claimgraph.runner import RunReport, finish, new_documents, save_result
from claimgraph.store import Store

from .rows import is_done, read_rows
from .runners import Runner
from .shard import DEFAULT_SHARD_SIZE, ShardSettings, plan_shards

__all__ = ["run_sharded", "load_rows", "ScaleProgress"]

#: (what is happening: "shards", "load", "pairs" or "parts"; units done; units in all, or None)
ScaleProgress = Callable[[str, int, "int | None"], None]


def run_sharded(
    paths: Iterable[str | Path],
    store: Store,
    runner: Runner,
    out: str | Path,
    *,
    shard_size: int = DEFAULT_SHARD_SIZE,
    settings: ShardSettings | None = None,
    reprocess: bool = False,
    max_mb: float = DEFAULT_MAX_MB,
    progress: ScaleProgress | None = None,
) -> RunReport:
    """Process `paths` in shards on `runner`, store them and merge (see the module docstring)."""
    out = Path(out)
    settings = settings or ShardSettings()
    report = RunReport()
    seen_ids: set[str] = set()
    raws = new_documents(paths, store, report, seen_ids, reprocess=reprocess, max_mb=max_mb)
    names: list[str] = []

    def shards():  # type: ignore[no-untyped-def]
        for shard in plan_shards(raws, shard_size):
            names.append(shard.name)
            yield shard

    docs_done = 0
    for result in runner.run_shards(shards(), out, settings):
        docs_done += result.documents + result.failed
        if progress:
            progress("shards", docs_done, None)
    _load(store, out, names, report, progress)
    return finish(store, report, seen_ids, reprocess=reprocess, merge=_merge_on(runner, progress))


def load_rows(
    store: Store, out: str | Path, runner: Runner, *, progress: ScaleProgress | None = None
) -> RunReport:
    """Store the rows of every done shard under `out` that the store does not know yet, then
    merge: the last step after shards ran elsewhere (a SLURM array of `claimgraph run-shard`)."""
    out = Path(out)
    names = (
        sorted(p.name for p in (out / "_done").iterdir() if not p.name.startswith("."))
        if (out / "_done").is_dir()
        else []
    )
    report = RunReport()
    known = store.known_ids()
    _load(store, out, names, report, progress, known=known)
    seen = {e.doc_id for e in store.errors()}
    return finish(store, report, seen, merge=_merge_on(runner, progress))


def _load(
    store: Store,
    out: Path,
    names: list[str],
    report: RunReport,
    progress: ScaleProgress | None,
    known: set[str] | None = None,
) -> None:
    for n, name in enumerate(names, start=1):
        if not is_done(out, name):
            continue
        for row in read_rows(out, name):
            r = row.result
            if known is not None:
                report.seen += 1
                if r.raw_id in known:
                    report.skipped += 1
                    continue
                known.add(r.raw_id)
            if row.ingest:
                store.save_errors(r.errors)
                continue
            save_result(store, r)
            report.processed += 1
            if r.document is not None:
                report.mentions += len(r.document.mentions)
        if progress:
            progress("load", n, len(names))


def _merge_on(
    runner: Runner, progress: ScaleProgress | None
) -> Callable[[list[EventMention] | StoredMentions, Any], list[Event]]:
    def merge(mentions: list[EventMention] | StoredMentions, docs: Any) -> list[Event]:
        def step(done: int, total: int, phase: str) -> None:
            if progress:
                progress(phase, done, total)

        return partitioned_merge(mentions, docs, map_fn=runner.map, progress=step)

    return merge
