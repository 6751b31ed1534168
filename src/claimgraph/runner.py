"""`claimgraph run`: ingest paths, process new documents, store them, re-merge events.

In: paths and a Store. Out: a RunReport (counts and the documents that failed). Documents whose
id (content hash) the store already knows are skipped, so a re-run does no work and writes
nothing; each document is written in its own transaction, so a killed run keeps every document
finished before it, and the next run processes the rest and merges whatever is still pending.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from sqlalchemy.exc import DataError, IntegrityError, StatementError

from claimgraph.errors import Code
from claimgraph.ingest import DEFAULT_MAX_MB, read_paths
from claimgraph.merge import MergeProgress, StoredMentions, neighbourhood, partitioned_merge
from claimgraph.merge.pool import merge_map
from claimgraph.model import DocError, Event, EventMention, RawDocument
from claimgraph.pipeline import Pipeline, Processed
from claimgraph.store import Store

__all__ = [
    "RunReport",
    "run_corpus",
    "remerge",
    "new_documents",
    "save_result",
    "finish",
    "MergeFn",
]

log = logging.getLogger(__name__)


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
    #: document id -> the uris it was read under in this batch (a file with another's bytes)
    uris: dict[str, list[str]] = field(default_factory=dict, repr=False)

    @property
    def ok(self) -> bool:
        return not self.failed


Progress = Callable[[int, str], None]  # (documents done so far, uri)
#: (mentions, merge docs) -> events, e.g. `claimgraph.merge.partitioned_merge`: the mentions a
#: list, or the whole store's as `StoredMentions` (read by id when needed, never all held)
MergeFn = Callable[[list[EventMention] | StoredMentions, Mapping[str, Any]], list[Event]]


def run_corpus(
    paths: Iterable[str | Path],
    store: Store,
    *,
    pipeline: Pipeline | None = None,
    workers: int = 1,
    reprocess: bool = False,
    max_mb: float = DEFAULT_MAX_MB,
    doc_timeout: float | None = None,
    progress: Progress | None = None,
    merge_progress: MergeProgress | None = None,
    phase: Callable[[str], None] | None = None,
    uri_of: Callable[[str], str] | None = None,
) -> RunReport:
    """Read, process and store `paths`, then merge. Files are read lazily, as the pipeline asks
    for documents, so an input that cannot be read is an error row in its turn and never stops
    the documents before or after it. `doc_timeout`: seconds per document (None: the default
    budget, see `claimgraph.pipeline`; 0: no limit). `merge_progress(done, total, phase)`
    follows the merge. Storage faults (disk full, read-only database) propagate as SQLAlchemy
    `OperationalError`s. `progress(done, uri)` is called as each document is processed, skipped
    (already stored) or recorded as unreadable; `phase(name)` as the work changes: "models"
    (loading them), "documents", "merge". `uri_of(uri)`: the uri a document read at `uri` is
    stored and reported under (an upload's temporary path -> the file name its client gave)."""
    report = RunReport()
    seen_ids: set[str] = set()
    done = 0

    def tick(uri: str | None) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, uri or "")

    raws = new_documents(
        paths,
        store,
        report,
        seen_ids,
        reprocess=reprocess,
        max_mb=max_mb,
        passed=tick,
        uri_of=uri_of,
    )
    first = next(raws, None)
    if first is not None:
        if phase:
            phase("models")
        pipeline = pipeline or Pipeline(doc_timeout=doc_timeout)
        if workers <= 1:
            pipeline.warm_up()  # here, so that loading the models is a phase of its own
        if phase:
            phase("documents")
        for result in pipeline.pipe(itertools.chain([first], raws), workers=workers):
            save_result(store, result)
            report.processed += 1
            if result.document is not None:
                report.mentions += len(result.document.mentions)
            tick(result.uri)

    def merge(
        mentions: list[EventMention] | StoredMentions, docs: Mapping[str, Any]
    ) -> list[Event]:
        if phase:
            phase("merge")
        size = len(mentions) if isinstance(mentions, list) else store.counts()["mentions"]
        with merge_map(workers, size) as map_fn:
            return partitioned_merge(mentions, docs, map_fn=map_fn, progress=merge_progress)

    return finish(store, report, seen_ids, reprocess=reprocess, merge=merge)


def new_documents(
    paths: Iterable[str | Path],
    store: Store,
    report: RunReport,
    seen_ids: set[str],
    *,
    reprocess: bool = False,
    max_mb: float = DEFAULT_MAX_MB,
    passed: Callable[[str | None], None] | None = None,
    uri_of: Callable[[str], str] | None = None,
) -> Iterator[RawDocument]:
    """The documents under `paths` that the store does not know yet, lazily. Counts them in
    `report`, adds every id read to `seen_ids` (and its uri to `report.uris`), stores read errors
    (`DocError` items) at once and clears the error rows of a uri that now reads otherwise.
    `passed(uri)` is called for each item it does not yield (known, or a read error); `uri_of`
    renames each item's uri as it is read (see `run_corpus`)."""
    known = set() if reprocess else store.known_ids()
    stale = store.error_uris()  # uri -> ids of its error rows, to clear once it reads otherwise

    def clear_stale(uri: str | None, item_id: str) -> None:
        if uri is not None and stale.get(uri, {item_id}) != {item_id}:
            store.clear_errors(uri, keep=item_id)
            stale[uri] = {item_id}

    for item in read_paths(paths, max_mb=max_mb):
        if uri_of is not None and item.uri is not None:
            item = item.model_copy(update={"uri": uri_of(item.uri)})
        report.seen += 1
        item_id = item.doc_id if isinstance(item, DocError) else item.id
        seen_ids.add(item_id)
        if item.uri is not None:
            report.uris.setdefault(item_id, []).append(item.uri)
        clear_stale(item.uri, item_id)
        if item_id in known:
            report.skipped += 1
            if passed:
                passed(item.uri)
            continue
        known.add(item_id)  # the same bytes twice in one batch are one document
        if isinstance(item, DocError):
            store.save_errors([item])
            if passed:
                passed(item.uri)
            continue
        yield item


def finish(
    store: Store,
    report: RunReport,
    seen_ids: set[str],
    *,
    reprocess: bool = False,
    merge: MergeFn | None = None,
) -> RunReport:
    """Merge what is pending (documents stored by this run, or by an earlier run killed before it
    merged), then fill in the report's failures and event count. `merge`: see `remerge`."""
    with store.merge_lock():  # concurrent runs (PostgreSQL) merge one after another
        pending = store.pending_merge()
        if pending or reprocess:
            remerge(store, report, new_document_ids=None if reprocess else pending, merge=merge)
            store.mark_merged(pending)
    # failures of this batch, including those recorded by an earlier run of the same files; a
    # file holding the same bytes as another is reported under its own name, saying so (an item
    # read without a uri has none in report.uris: its error row is kept as it is, uri None)
    report.failed = [
        e if uri == e.uri else e.model_copy(update={"uri": uri, "message": f"{e.message} (same bytes as {e.uri})"})
        for e in store.errors() if e.doc_id in seen_ids
        for uri in dict.fromkeys(cast("list[str | None] | None", report.uris.get(e.doc_id)) or [e.uri])
    ]  # fmt: skip
    report.events = store.counts()["events"]
    log.info("read %d documents: %d processed, %d already stored, %d failed; %d events (%d added, %d changed, %d removed)",
             report.seen, report.processed, report.skipped, len(report.failed), report.events,
             report.events_added, report.events_changed, report.events_removed)  # fmt: skip
    return report


def save_result(store: Store, result: Processed) -> None:
    """Store one result; data the database refuses makes the document an E401 row (a storage
    fault, `OperationalError`, is not caught: the run cannot go on)."""
    try:
        store.save_document(result.document, result.errors, result.raw_id, result.uri)
    except (IntegrityError, DataError, ValueError) as exc:
        _not_stored(store, result, exc)
    except StatementError as exc:
        if exc.orig is not None and not isinstance(exc.orig, (ValueError, TypeError)):
            raise
        _not_stored(store, result, exc)


def _not_stored(store: Store, result: Processed, exc: Exception) -> None:
    log.warning("%s: not stored: %s", result.uri, exc)
    message = f"not stored: {type(exc).__name__}: {str(exc).splitlines()[0][:300]}"
    store.save_errors(
        [
            DocError(
                doc_id=result.raw_id,
                stage="store",
                code=Code.NOT_STORED,
                message=message,
                uri=result.uri,
            )
        ]
    )


def remerge(
    store: Store,
    report: RunReport | None = None,
    new_document_ids: list[str] | None = None,
    merge: MergeFn | None = None,
) -> RunReport:
    """Cluster stored mentions into events and write only what changed.

    With `new_document_ids`, only the neighbourhood of their mentions (time window and area,
    grown until closed; see `claimgraph.merge.neighbourhood`) is re-merged, which gives the same
    events as a full re-merge; without, or when no events are stored yet, everything is.
    `merge(mentions, docs)` clusters them (default `partitioned_merge` in this process: the
    events of `merge_events`, each candidate pair scored once and clustered in small parts;
    the scale runners map its parts on their workers).
    """
    merge = merge or partitioned_merge

    report = report or RunReport()
    docs = store.merge_docs()
    if new_document_ids is None or not store.has_events():
        # the store's mentions streamed for their features, then read by id part by part: the
        # driver never holds them all (issue 19)
        events = merge(StoredMentions(store.iter_mentions, store.mentions_by_id), docs)
        counts = store.replace_events(events)
    else:
        _, scope = neighbourhood(store.mentions_of(new_document_ids), store.mentions_in, docs)
        events = merge(scope, docs)
        counts = store.replace_events(events, scope=[m.id for m in scope])
    report.events_added, report.events_changed, report.events_removed = counts
    return report
