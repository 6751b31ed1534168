"""One shard: a list of inputs through the per-document stages into Parquet rows.

In: a `Shard` (a name and its inputs: `RawDocument`s, and `DocError`s of inputs that could not
be read) and an output folder. Out: the shard's rows and done marker (`rows.py`) and a
`ShardResult` of counts. `run_shard` is what every runner calls: in this process, on a Dask
worker, or as `claimgraph run-shard` in a SLURM array task. It touches no database.

The pipeline is built once per process (`shard_pipeline`, a cached loader: a Dask worker loads
the models when it starts, through a worker plugin, and every shard it runs reuses them). A
document that fails or runs out of time in a stage is an error row, and the shard goes on.
"""

from __future__ import annotations

import hashlib
import importlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from claimgraph.model import DocError, RawDocument
from claimgraph.pipeline import Pipeline, Processed

from .rows import Row, done_summary, is_done, write_rows

__all__ = [
    "Shard", "ShardSettings", "ShardResult", "run_shard", "shard_pipeline", "plan_shards",
    "plan_windows", "process_one", "write_shard", "DEFAULT_SHARD_SIZE",
]  # fmt: skip

#: documents per shard: a shard is the unit a runner retries, so it should take minutes, not hours
DEFAULT_SHARD_SIZE = 500


@dataclass(frozen=True)
class ShardSettings:
    """What the per-document stages need to know, the same in every worker."""

    doc_timeout: float | None = None  # seconds per document (None: the default budget)
    embeddings: bool = False  # read MiniLM sentence vectors too (`claimgraph run --embeddings`)
    #: "module:callable" returning the `Pipeline` to use instead of the default one (other stages;
    #: the fault tests put a stage that kills its process there); imported where the shard runs
    factory: str | None = None


@dataclass
class Shard:
    name: str
    items: list[RawDocument | DocError]


@dataclass
class ShardResult:
    name: str
    documents: int
    mentions: int
    failed: int
    #: the shard was done already (its marker exists) and was not run again
    skipped: bool = False


_PIPELINES: dict[ShardSettings, Pipeline] = {}


def shard_pipeline(settings: ShardSettings) -> Pipeline:
    """This process's pipeline for `settings`, built and warmed up on first use."""
    pipeline = _PIPELINES.get(settings)
    if pipeline is None:
        if settings.embeddings:
            os.environ["CLAIMGRAPH_EMBEDDINGS"] = "1"  # read by the stages
        if settings.factory:
            module, _, attr = settings.factory.partition(":")
            pipeline = getattr(importlib.import_module(module), attr)()
        else:
            pipeline = Pipeline(doc_timeout=settings.doc_timeout)
        pipeline.warm_up()
        _PIPELINES[settings] = pipeline
    return pipeline


def plan_shards(
    items: Iterable[RawDocument | DocError], size: int = DEFAULT_SHARD_SIZE
) -> Iterator[Shard]:
    """Consecutive shards of `size` inputs, named by their position and a hash of their ids, so
    the same inputs give the same names on a rerun (and other inputs never reuse a done one)."""
    return plan_windows(enumerate(items), size)


def plan_windows(
    items: Iterable[tuple[int, RawDocument | DocError]], size: int = DEFAULT_SHARD_SIZE
) -> Iterator[Shard]:
    """Shards of the inputs by their position in a longer stream (`(position, input)`, rising):
    one shard per window of `size` positions that holds any, named by the window and a hash of
    its ids. A run that skips what an earlier, killed run stored (whole windows) plans the rest
    into the same shards as that run did, so their done markers are found."""
    batch: list[RawDocument | DocError] = []
    window = 0

    def named(batch: list[RawDocument | DocError]) -> Shard:
        ids = "\n".join(i.doc_id if isinstance(i, DocError) else i.id for i in batch)
        return Shard(f"{window:06d}-{hashlib.sha1(ids.encode()).hexdigest()[:10]}", batch)

    for position, item in items:
        if batch and position // size != window:
            yield named(batch)
            batch = []
        window = position // size
        batch.append(item)
    if batch:
        yield named(batch)


def run_shard(
    shard: Shard,
    out: str | Path,
    settings: ShardSettings | None = None,
    *,
    pipeline: Pipeline | None = None,
    workers: int = 1,
    force: bool = False,
) -> ShardResult:
    """Process `shard` and write its rows under `out`; a done shard is skipped unless `force`.

    `workers > 1` runs its documents in a process pool that isolates each one (a document that
    kills its process becomes an E303 row): the runners' last resort for a shard that killed
    every worker it was given to."""
    out = Path(out)
    if not force and is_done(out, shard.name):
        s = done_summary(out, shard.name)
        return ShardResult(shard.name, s["documents"], s["mentions"], s["failed"], skipped=True)
    settings = settings or ShardSettings()
    raws = [i for i in shard.items if isinstance(i, RawDocument)]
    if workers > 1:
        outcomes = Pipeline(doc_timeout=settings.doc_timeout).pipe(raws, workers=workers)
    else:
        outcomes = (pipeline or shard_pipeline(settings)).pipe(raws)
    return write_shard(shard, out, outcomes)


def process_one(raw: RawDocument, settings: ShardSettings) -> Processed:
    """One document through this process's pipeline (a runner's task when a shard must be taken
    apart, see `runners.DaskRunner`)."""
    return shard_pipeline(settings)(raw)


def write_shard(shard: Shard, out: str | Path, outcomes: Iterable[Processed]) -> ShardResult:
    """Write the rows of `shard` from the outcomes of its documents, in their order; each
    outcome is counted and made a row record as it comes (`write_rows`), then dropped."""
    results = iter(outcomes)
    counts = {"documents": 0, "mentions": 0, "failed": 0}

    def rows() -> Iterator[Row]:
        for item in shard.items:
            if isinstance(item, DocError):
                row = Row(Processed(item.doc_id, item.uri or "", None, [item]), ingest=True)
            else:
                row = Row(next(results))
            doc = row.result.document
            counts["documents"] += doc is not None
            counts["mentions"] += len(doc.mentions) if doc is not None else 0
            counts["failed"] += bool(row.result.errors)
            yield row

    # the done marker, written after the last row, reads the counts complete
    write_rows(Path(out), shard.name, rows(), counts)
    return ShardResult(shard.name, counts["documents"], counts["mentions"], counts["failed"])
