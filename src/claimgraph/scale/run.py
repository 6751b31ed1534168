"""`claimgraph run --runner dask`: shards on a runner, their rows into the store, a partitioned merge.

In: paths, a Store, a Runner and the rows folder. Out: a `RunReport`, as `runner.run_corpus`
gives, and the same database content: the same events with the same ids.

1. plan     the documents the store does not know (`runner.new_documents`: read errors are
            stored at once) in shards by windows of consecutive inputs, named by window and
            content (`shard.plan_windows`)
2. shards   `run_shard` on the runner; a shard whose done marker exists is not run again, so a
            killed run, rerun, redoes only the shards it had not finished
3. load     while later shards run, each done shard's rows go into the store in plan order,
            one transaction per document (as `run_corpus` stores them, in its order); the
            driver has nothing else to do meanwhile, so storing costs no wall time of its own
            (it did: 5.5 min after 33.5 of processing at 100k, stop 32). A killed run leaves
            the documents of whole stored windows and perhaps part of one; the rerun plans no
            shard for those, the later windows keep their names and done markers
4. merge    `runner.finish` with `merge.partitioned_merge` mapped on the same runner: parts that
            cannot corefer with each other, merged in parallel, then the events replace the
            stored ones (only changed rows are written)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from claimgraph.ingest import DEFAULT_MAX_MB
from claimgraph.merge import StoredMentions, partitioned_merge
from claimgraph.model import Event, EventMention, RawDocument
from claimgraph.runner import RunReport, finish, new_documents, save_result
from claimgraph.store import Store

from .rows import is_done, read_rows
from .runners import Runner
from .shard import DEFAULT_SHARD_SIZE, Shard, ShardSettings, plan_windows

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
    position = 0  # of the next input among all read, those skipped included

    def skipped(uri: str | None) -> None:
        nonlocal position
        position += 1

    def positioned() -> Iterator[tuple[int, RawDocument]]:
        nonlocal position
        for raw in new_documents(
            paths, store, report, seen_ids, reprocess=reprocess, max_mb=max_mb, passed=skipped
        ):
            yield position, raw
            position += 1

    names: list[str] = []

    def shards() -> Iterator[Shard]:
        # windows of the whole input, not batches of what is left: the shards a killed run
        # stored are skipped, and the others keep their names (and done markers)
        for shard in plan_windows(positioned(), shard_size):
            names.append(shard.name)
            yield shard

    docs_done = 0
    finished: set[str] = set()
    stored = 0  # names[:stored] are in the store
    for result in runner.run_shards(shards(), out, settings):
        docs_done += result.documents + result.failed
        finished.add(result.name)
        while stored < len(names) and names[stored] in finished:
            _load_shard(store, out, names[stored], report)
            stored += 1
        if progress:
            progress("shards", docs_done, None)
    # shards still waiting for an earlier one when the runner stopped yielding (none when it
    # ran them all)
    _load(store, out, names[stored:], report, progress)
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
        _load_shard(store, out, name, report, known)
        if progress:
            progress("load", n, len(names))


def _load_shard(
    store: Store, out: Path, name: str, report: RunReport, known: set[str] | None = None
) -> None:
    """One done shard's rows into the store (`known`: ids to skip, and to add what is stored)."""
    if not is_done(out, name):
        return
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


def _merge_on(
    runner: Runner, progress: ScaleProgress | None
) -> Callable[[list[EventMention] | StoredMentions, Any], list[Event]]:
    def merge(mentions: list[EventMention] | StoredMentions, docs: Any) -> list[Event]:
        def step(done: int, total: int, phase: str) -> None:
            if progress:
                progress(phase, done, total)

        return partitioned_merge(mentions, docs, map_fn=runner.map, progress=step)

    return merge
