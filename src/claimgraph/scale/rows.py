"""Shard rows: what one shard of documents produced, as Parquet files other tools can read.

In: the outcome of each input of a shard (a `Processed`, or a `DocError` of ingest). Out:
`OUT/rows/<year_month>/<shard>.parquet` (one file per month of publication in the shard,
`undated` for documents without a dated year, `failed` for inputs that were never a document),
one row per input, then `OUT/_done/<shard>`. File names are fixed by the shard name, and each
file is written to a temporary name and renamed, so a retried shard overwrites its files and
never adds a second copy of a row; a shard is done only once its marker exists.

Row type (docs/ARCHITECTURE.md, "Shard rows"): the document's columns as the store keeps them
(`record` is the `Document` JSON without its text), its mentions as a list of structs (typed
columns beside the JSON record) and its errors as a list of structs.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from claimgraph.merge import MergeDoc, interval_and_country
from claimgraph.model import DocError, Document
from claimgraph.pipeline import Processed

__all__ = ["ROW_SCHEMA", "Row", "write_rows", "read_rows", "is_done", "done_summary", "shard_files"]

_MENTION = pa.struct([
    ("id", pa.string()), ("event_type", pa.string()), ("date", pa.string()),
    ("date_lo", pa.string()), ("date_hi", pa.string()), ("country", pa.string()),
    ("record", pa.string()),
])  # fmt: skip
_ERROR = pa.struct([("stage", pa.string()), ("code", pa.string()), ("message", pa.string())])

#: one row per input of a shard
ROW_SCHEMA = pa.schema([
    ("doc_id", pa.string()),  # sha256 of the raw bytes (of the record, for JSONL)
    ("uri", pa.string()),
    ("kind", pa.string()),  # document | ingest-error
    ("year_month", pa.string()),  # YYYY-MM of publication, "undated" or "failed"
    ("status", pa.string()),  # ok | failed
    ("url", pa.string()),
    ("title", pa.string()),
    ("outlet", pa.string()),
    ("media_type", pa.string()),
    ("published", pa.string()),  # ISO date, or --MM-DD without a year (as the store)
    ("n_mentions", pa.int32()),
    ("text", pa.string()),
    ("record", pa.string()),  # Document JSON without text; null when never a document
    ("mentions", pa.list_(_MENTION)),
    ("errors", pa.list_(_ERROR)),
])  # fmt: skip


@dataclass
class Row:
    """One input's outcome: `ingest` errors never became a document (E0xx, read before any stage)."""

    result: Processed
    ingest: bool = False


def _dumps(obj: Any) -> str:
    # the store's JSON form, so a row loads into byte-identical store rows
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _published(doc: Document) -> str | None:
    if doc.published is None:
        return None
    if not doc.published.year_known:
        return "--" + doc.published.value[5:10]
    return doc.published.value


def _year_month(row: Row) -> str:
    doc = row.result.document
    if doc is None:
        return "failed"
    if doc.published is None or not doc.published.year_known:
        return "undated"
    return doc.published.value[:7]


def _record(row: Row) -> dict[str, Any]:
    r = row.result
    doc = r.document
    errors = [{"stage": e.stage, "code": e.code, "message": e.message} for e in r.errors]
    base: dict[str, Any] = {
        "doc_id": r.raw_id, "uri": r.uri, "kind": "ingest-error" if row.ingest else "document",
        "year_month": _year_month(row), "status": "failed" if r.errors else "ok", "errors": errors,
        "n_mentions": 0, "mentions": [],
    }  # fmt: skip
    if doc is None:
        return base
    mdoc = MergeDoc.from_document(doc)
    mentions = []
    seen: set[str] = set()
    for m in doc.mentions:
        if m.id in seen:
            continue
        seen.add(m.id)
        interval, country = interval_and_country(m, mdoc)
        lo, hi = interval if interval is not None else (None, None)
        mentions.append({
            "id": m.id, "event_type": m.event_type, "date": m.date.value if m.date else None,
            "date_lo": lo.isoformat() if lo else None, "date_hi": hi.isoformat() if hi else None,
            "country": country, "record": _dumps(m.model_dump(mode="json")),
        })  # fmt: skip
    base.update(
        url=doc.url, title=doc.title, outlet=doc.outlet, media_type=doc.media_type,
        published=_published(doc), n_mentions=len(doc.mentions), text=doc.text,
        record=_dumps(doc.model_dump(mode="json", exclude={"text"})), mentions=mentions,
    )  # fmt: skip
    return base


def _replace(path: Path, write: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    write(tmp)
    os.replace(tmp, path)


def shard_files(out: Path, shard: str) -> list[Path]:
    return sorted((out / "rows").glob(f"*/{shard}.parquet"))


def write_rows(out: Path, shard: str, rows: Iterable[Row], summary: dict[str, Any]) -> list[Path]:
    """Write a shard's rows and then its done marker; returns the files written. Each row is
    made a record (strings and numbers) as it comes, so a lazy `rows` lets its documents go:
    a shard that held its hundreds of processed documents made every full collection of the
    worker walk them (issue 19, stop 34)."""
    by_month: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        rec = _record(row)
        by_month.setdefault(rec["year_month"], []).append(rec)
    written = []
    for month in sorted(by_month):
        path = out / "rows" / month / f"{shard}.parquet"
        table = pa.Table.from_pylist(by_month[month], schema=ROW_SCHEMA)
        _replace(path, lambda p, t=table: pq.write_table(t, p, compression="zstd"))
        written.append(path)
    for stale in set(shard_files(out, shard)) - set(written):
        stale.unlink()  # an earlier attempt on other inputs under this name
    marker = out / "_done" / shard
    summary = {**summary, "files": [str(p.relative_to(out)) for p in written]}
    _replace(marker, lambda p: p.write_text(json.dumps(summary, sort_keys=True) + "\n"))
    return written


def is_done(out: Path, shard: str) -> bool:
    return (out / "_done" / shard).is_file()


def done_summary(out: Path, shard: str) -> dict[str, Any]:
    return json.loads((out / "_done" / shard).read_text())


def read_rows(out: Path, shard: str) -> Iterator[Row]:
    """The rows of a done shard, as the outcomes the pipeline gave (documents rebuilt from JSON)."""
    for rel in done_summary(out, shard)["files"]:
        table = pq.read_table(
            out / rel, columns=["doc_id", "uri", "kind", "text", "record", "errors"]
        )
        for rec in table.to_pylist():
            errors = [
                DocError(doc_id=rec["doc_id"], uri=rec["uri"], **e) for e in rec["errors"] or []
            ]
            doc = None
            if rec["record"] is not None:
                data = json.loads(rec["record"])
                data["text"] = rec["text"]
                doc = Document.model_validate(data)
            yield Row(
                Processed(rec["doc_id"], rec["uri"], doc, errors),
                ingest=rec["kind"] == "ingest-error",
            )
