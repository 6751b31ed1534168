"""`claimgraph run`: ingest paths, process new documents, store them, re-merge events.

In: paths and a Store. Out: a RunReport (counts and the documents that failed). Documents whose
id (content hash) the store already knows are skipped, so a re-run does no work and writes
nothing; each document is written in its own transaction, so a killed run keeps every document
finished before it, and the next run processes the rest and merges whatever is still pending.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from claimgraph.ingest import DEFAULT_MAX_MB, read_paths
from claimgraph.model import DocError, RawDocument
from claimgraph.pipeline import Pipeline
from claimgraph.store import Store

__all__ = ["RunReport", "run_corpus", "remerge"]


@dataclass
class RunReport:
    seen: int = 0
    skipped: int = 0
    processed: int = 0
    failed: list[DocError] = field(default_factory=list)
    mentions: int = 0
    events: int = 0
    events_added: int = 0
    events_changed: int = 0
    events_removed: int = 0

    @property
    def ok(self) -> bool:
        return not self.failed


Progress = Callable[[int, str], None]  # (documents done so far, uri)


def run_corpus(
    paths: Iterable[str | Path],
    store: Store,
    *,
    pipeline: Pipeline | None = None,
    workers: int = 1,
    reprocess: bool = False,
    max_mb: float = DEFAULT_MAX_MB,
    progress: Progress | None = None,
) -> RunReport:
    report = RunReport()
    known = set() if reprocess else store.known_ids()
    todo: list[RawDocument] = []
    seen_ids: set[str] = set()
    for item in read_paths(paths, max_mb=max_mb):
        report.seen += 1
        item_id = item.doc_id if isinstance(item, DocError) else item.id
        seen_ids.add(item_id)
        if item_id in known:
            report.skipped += 1
            continue
        if isinstance(item, DocError):
            store.save_errors([item])
            known.add(item_id)
            continue
        known.add(item.id)  # the same bytes twice in one batch are one document
        todo.append(item)

    if todo:
        pipeline = pipeline or Pipeline()
        for done, result in enumerate(pipeline.pipe(todo, workers=workers), start=1):
            store.save_document(result.document, result.errors, result.raw_id, result.uri)
            report.processed += 1
            if result.document is not None:
                report.mentions += len(result.document.mentions)
            if progress:
                progress(done, result.uri)
    # documents stored by this run, or by an earlier run killed before it merged
    pending = store.pending_merge()
    if pending or reprocess:
        remerge(store, report, new_document_ids=None if reprocess else pending)
        store.mark_merged(pending)
    # failures of this batch, including those recorded by an earlier run of the same files
    report.failed = [e for e in store.errors() if e.doc_id in seen_ids]
    report.events = store.counts()["events"]
    return report


def remerge(
    store: Store, report: RunReport | None = None, new_document_ids: list[str] | None = None
) -> RunReport:
    """Cluster stored mentions into events and write only what changed.

    With `new_document_ids`, only the neighbourhood of their mentions (time window and area,
    grown until closed; see `claimgraph.merge.neighbourhood`) is re-merged, which gives the same
    events as a full re-merge; without, or when no events are stored yet, everything is.
    """
    from claimgraph.merge import merge_events, neighbourhood

    report = report or RunReport()
    docs = store.merge_docs()
    if new_document_ids is None or not store.has_events():
        events = merge_events(store.mentions(), docs)
        counts = store.replace_events(events)
    else:
        _, scope = neighbourhood(store.mentions_of(new_document_ids), store.mentions_in, docs)
        events = merge_events(scope, docs)
        counts = store.replace_events(events, scope=[m.id for m in scope])
    report.events_added, report.events_changed, report.events_removed = counts
    return report
