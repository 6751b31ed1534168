"""Shared by the end-to-end evals: run gold documents through the shipped pipeline, as a user would.

In: gold documents (`E2eDoc`: an id, the text, optionally a title and publication date). Out: the
stored event records of one full `claimgraph run` over them (ingest from a JSONL file, every
per-document stage, the cross-document merge, the store), exactly what `claimgraph export
--format jsonl` would write. Nothing is scored here; each e2e task scores these records its own way.

`document_ids` maps each gold id to the id the store gave its document (the content hash of its
JSONL line), so a task can find which gold document a claim cites.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from claimgraph.pipeline import Pipeline

__all__ = ["E2eDoc", "E2eRun", "run_documents", "claim_spans", "overlaps"]


@dataclass(frozen=True)
class E2eDoc:
    id: str
    text: str
    title: str | None = None
    published: str | None = None  # ISO date as the collection gives it
    url: str | None = None


@dataclass
class E2eRun:
    records: list[dict[str, Any]]  # export records (DESIGN.md §4), claims included
    document_ids: dict[str, str]  # gold id -> store document id
    failed: list[str]  # gold ids whose document failed in the pipeline
    texts: dict[str, str]  # store document id -> Document.text (evidence offsets point here)


def run_documents(
    docs: Iterable[E2eDoc], *, workers: int = 1, pipeline: Pipeline | None = None
) -> E2eRun:
    """One `claimgraph run` over `docs` into a throwaway SQLite store; its stored events.
    `pipeline`: another set of stages than the shipped one (a training run's judge, say)."""
    from claimgraph.runner import run_corpus
    from claimgraph.store import Store

    docs = list(docs)
    with tempfile.TemporaryDirectory(prefix="claimgraph-e2e-") as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        uri_of: dict[str, str] = {}
        with corpus.open("w", encoding="utf-8") as out:
            for lineno, d in enumerate(docs, start=1):
                rec: dict[str, Any] = {"text": d.text}
                if d.title:
                    rec["title"] = d.title
                if d.published:
                    rec["published"] = d.published
                rec["url"] = d.url or f"gold:{d.id}"
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
                uri_of[f"{corpus}#{lineno}"] = d.id
        store = Store(f"sqlite:///{Path(tmp) / 'e2e.db'}")
        try:
            run_corpus([corpus], store, workers=workers, pipeline=pipeline)
            document_ids: dict[str, str] = {}
            texts: dict[str, str] = {}
            for meta in store.documents_meta():
                gold_id = uri_of.get(meta.get("uri") or "")
                if gold_id is None:
                    continue
                document_ids[gold_id] = meta["id"]
                doc = store.document(meta["id"])
                if doc is not None:
                    texts[meta["id"]] = doc.text
            failed_uris = {e.uri for e in store.errors()}
            failed = sorted(uri_of[u] for u in failed_uris if u in uri_of)
            records = store.event_records()
        finally:
            store.close()
    return E2eRun(records=records, document_ids=document_ids, failed=failed, texts=texts)


def claim_spans(
    rec: dict[str, Any], run: E2eRun, gold_texts: dict[str, str]
) -> Iterator[tuple[str, tuple[int, int]]]:
    """(gold document id, character span in the gold text) of each claim's evidence sentence.

    Found by searching the evidence text in the gold text (cleaning may re-wrap lines, so the
    first 60 characters are tried too); claims whose sentence cannot be found are skipped."""
    gold_of = {v: k for k, v in run.document_ids.items()}
    for c in rec.get("claims") or []:
        gid = gold_of.get(c["document_id"])
        if gid is None or gid not in gold_texts:
            continue
        text = c["evidence"]["text"].strip()
        raw = gold_texts[gid]
        i = raw.find(text)
        if i < 0:
            i = raw.find(text[:60])
        if i >= 0:
            yield gid, (i, i + len(text))


def overlaps(a: tuple[int, int], b: tuple[int, int], share: float = 0.5) -> bool:
    """Two character spans overlap by at least `share` of the shorter one."""
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return inter > 0 and inter >= share * min(a[1] - a[0], b[1] - b[0])
