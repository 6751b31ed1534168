"""Parquet export: one row per event, for pandas, DuckDB, Spark, R arrow.

In: event records (DESIGN.md §4) in the store's order. Out: one Parquet file, or a folder
partitioned hive-style (`year_month=2015-12/part-0.parquet`, undated events under
`year_month=undated`: Hive's null partition, `__HIVE_DEFAULT_PARTITION__`, makes pandas fail to
read the folder, "Cannot yet unify dictionaries with nulls").
Rows are written in row groups of `BATCH_ROWS` as they arrive, so memory stays flat in the number
of events; the same records give byte-identical files.

The columns and their types are `SCHEMA` (docs/ARCHITECTURE.md, "Parquet export"): scalars flat,
so `df[df.status == "contested"]` and `WHERE country_code = 'SY'` need no unnesting; what is
many-per-event stays nested as the JSONL has it (`claims`, `actors`, `recipients`, `disputes` as
list<struct>), so a claim never loses its event and DuckDB's `UNNEST` / pandas' `explode` give
one row per claim. Dates are date32 (a real date in both tools; the JSONL's granularity is a
column beside it); a date whose year is unknown (`--MM-DD`) is null.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from claimgraph.export.fields import country_name, fatalities
from claimgraph.export.formats import Written

Record = dict[str, Any]

#: rows per row group (and per write): the memory an export holds at once, about 2 MB of records
BATCH_ROWS = 2000
#: how a partitioned export can split its rows (the partition column, hive-style)
PARTITIONS = ("year_month", "year")
#: the partition of events without a date (or whose year is unknown)
UNDATED = "undated"

_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")

_ACTOR = pa.struct([
    ("name", pa.string()), ("actor_id", pa.string()), ("country", pa.string()),
    ("sector", pa.string()), ("wikidata", pa.string()),
])  # fmt: skip
_EVIDENCE = pa.struct([
    ("text", pa.string()), ("segment", pa.string()), ("start", pa.int32()), ("end", pa.int32()),
])  # fmt: skip
_CLAIM = pa.struct([
    ("document_id", pa.string()), ("outlet", pa.string()), ("published", pa.date32()),
    ("speaker", pa.string()), ("stance", pa.string()), ("modality", pa.string()),
    ("evidence", _EVIDENCE), ("mention_id", pa.string()), ("source_group", pa.string()),
])  # fmt: skip
_DISPUTE = pa.struct([
    ("field", pa.string()),
    ("values", pa.list_(pa.struct([("value", pa.string()), ("claims", pa.list_(pa.int32()))]))),
])  # fmt: skip
_COUNT = (("low", pa.int64()), ("best", pa.int64()), ("high", pa.int64()))

SCHEMA = pa.schema([
    ("id", pa.string()),
    ("event_type", pa.string()),
    ("mode", pa.list_(pa.string())),
    ("context", pa.list_(pa.string())),
    ("acled_event_type", pa.string()),
    ("acled_sub_event_type", pa.string()),
    ("date", pa.date32()),
    ("date_end", pa.date32()),
    ("date_granularity", pa.string()),
    ("date_type", pa.string()),
    ("date_reason", pa.string()),
    ("location", pa.string()),
    ("geonames_id", pa.int64()),
    ("latitude", pa.float64()),
    ("longitude", pa.float64()),
    ("admin1", pa.string()),
    ("country_code", pa.string()),
    ("country", pa.string()),
    ("precision", pa.string()),
    *[(f"{kind}_{k}", t) for kind in ("dead", "injured", "arrested") for k, t in _COUNT],
    ("fatalities", pa.int64()),
    ("status", pa.string()),
    ("modality", pa.string()),
    ("n_sources", pa.int32()),
    ("n_claims", pa.int32()),
    ("actors", pa.list_(_ACTOR)),
    ("recipients", pa.list_(_ACTOR)),
    ("claims", pa.list_(_CLAIM)),
    ("disputes", pa.list_(_DISPUTE)),
    ("documents", pa.list_(pa.string())),
])  # fmt: skip


class ParquetTargetError(ValueError):
    """The output path cannot take a partitioned export (a file, or a folder of other things)."""


def _date(value: Any) -> dt.date | None:
    """An ISO day (or the day a longer ISO value starts with); None without a full date."""
    if not isinstance(value, str) or not _FULL_DATE.match(value):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _dispute_value(value: Any) -> str | None:
    """Dispute values are names, dates, counts or lists: strings as they are, others as JSON."""
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _actors(actors: list[Record] | None) -> list[Record]:
    return [{k: a.get(k) for k in _ACTOR.names} for a in actors or []]


def _claim(c: Record) -> Record:
    claim = {k: c.get(k) for k in _CLAIM.names}
    claim["published"] = _date(c.get("published"))
    claim["evidence"] = {k: (c.get("evidence") or {}).get(k) for k in _EVIDENCE.names}
    return claim


def _dispute(d: Record) -> Record:
    values = [{"value": _dispute_value(v.get("value")), "claims": list(v.get("claims") or [])}
              for v in d.get("values") or []]  # fmt: skip
    return {"field": d.get("field"), "values": values}


def parquet_row(rec: Record) -> Record:
    """One event record as a row of `SCHEMA` (Python values; pyarrow converts them)."""
    date = rec.get("date") or {}
    loc = rec.get("location") or {}
    size = rec.get("size") or {}
    acled = rec.get("acled") or {}
    row: Record = {
        "id": rec["id"],
        "event_type": rec.get("event_type"),
        "mode": list(rec.get("mode") or []),
        "context": list(rec.get("context") or []),
        "acled_event_type": acled.get("event_type"),
        "acled_sub_event_type": acled.get("sub_event_type"),
        "date": _date(date.get("value")),
        "date_end": _date(date.get("end")),
        "date_granularity": date.get("granularity"),
        "date_type": date.get("type"),
        "date_reason": date.get("reason"),
        "location": loc.get("name"),
        "geonames_id": loc.get("geonames_id"),
        "latitude": loc.get("lat"),
        "longitude": loc.get("lon"),
        "admin1": loc.get("admin1"),
        "country_code": loc.get("country"),
        "country": country_name(loc.get("country")),
        "precision": loc.get("precision"),
        "fatalities": fatalities(rec),
        "status": rec.get("status"),
        "modality": rec.get("modality"),
        "n_sources": rec.get("n_sources", len(rec.get("claims") or [])),
        "n_claims": len(rec.get("claims") or []),
        "actors": _actors(rec.get("actors")),
        "recipients": _actors(rec.get("recipients")),
        "claims": [_claim(c) for c in rec.get("claims") or []],
        "disputes": [_dispute(d) for d in rec.get("disputes") or []],
        "documents": list(rec.get("documents") or []),
    }
    for kind in ("dead", "injured", "arrested"):
        count = size.get(kind) or {}
        for k, _t in _COUNT:
            row[f"{kind}_{k}"] = count.get(k)
    return row


def partition_key(rec: Record, by: str) -> str:
    """The partition value of a record: `2015-12` (year_month), `2015` (year), else `undated`."""
    day = _date((rec.get("date") or {}).get("value"))
    if day is None:
        return UNDATED
    return f"{day.year:04d}-{day.month:02d}" if by == "year_month" else f"{day.year:04d}"


def _batches(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    batch: list[Record] = []
    for rec in records:
        batch.append(rec)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _table(rows: list[Record]) -> pa.Table:
    return pa.Table.from_pylist([parquet_row(r) for r in rows], schema=SCHEMA)


def write_parquet(records: Iterable[Record], out: Any, batch_rows: int = BATCH_ROWS) -> Written:
    """One Parquet file (a path or a binary stream), written a row group at a time."""
    n = 0
    with pq.ParquetWriter(out, SCHEMA, compression="zstd") as writer:
        for rows in _batches(records, batch_rows):
            writer.write_table(_table(rows), row_group_size=batch_rows)
            n += len(rows)
    return Written(n)


def write_parquet_dataset(
    records: Iterable[Record], folder: Path, by: str = "year_month", batch_rows: int = BATCH_ROWS
) -> Written:
    """A hive-partitioned folder `folder/<by>=<value>/part-0.parquet`, one file per partition.

    Built in a temporary folder beside `folder`, then put in its place, so an interrupted export
    never leaves half a dataset; an earlier export there (only `<by>=...` folders) is replaced,
    anything else in the way refuses (`ParquetTargetError`). Rows come in the store's date order,
    so partitions arrive one after another: at most `batch_rows` rows per partition are held, and
    a partition's writer is closed when the next begins (a partition met again reopens none: it
    is written as a second file, `part-1.parquet`).
    """
    if by not in PARTITIONS:
        raise ValueError(f"unknown partition {by!r}: one of {', '.join(PARTITIONS)}")
    folder = Path(folder)
    _check_target(folder, by)
    parent = folder.parent if str(folder.parent) else Path(".")
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=parent))
    try:
        n = _write_partitions(records, tmp, by, batch_rows)
        if folder.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{folder.name}.old.", dir=parent))
            os.replace(folder, old / folder.name)
            os.replace(tmp, folder)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, folder)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return Written(n)


def _write_partitions(records: Iterable[Record], root: Path, by: str, batch_rows: int) -> int:
    n = 0
    current: tuple[str, pq.ParquetWriter] | None = None
    files: dict[str, int] = {}
    pending: list[Record] = []

    def flush() -> None:
        if pending and current is not None:
            current[1].write_table(_table(pending), row_group_size=batch_rows)
            pending.clear()

    try:
        for rec in records:
            key = partition_key(rec, by)
            if current is None or current[0] != key:
                flush()
                if current is not None:
                    current[1].close()
                part = root / f"{by}={key}"
                part.mkdir(exist_ok=True)
                files[key] = files.get(key, -1) + 1
                current = (
                    key,
                    pq.ParquetWriter(
                        part / f"part-{files[key]}.parquet", SCHEMA, compression="zstd"
                    ),
                )
            pending.append(rec)
            n += 1
            if len(pending) >= batch_rows:
                flush()
        flush()
    finally:
        if current is not None:
            current[1].close()
    return n


def _check_target(folder: Path, by: str) -> None:
    if folder.exists() and not folder.is_dir():
        raise ParquetTargetError(f"{folder} is a file: a partitioned export writes a folder")
    if folder.is_dir():
        foreign = [
            p.name for p in folder.iterdir() if not (p.is_dir() and p.name.startswith(f"{by}="))
        ]
        if foreign:
            raise ParquetTargetError(
                f"{folder} holds other files ({', '.join(sorted(foreign)[:3])}): "
                "give a new or empty folder, or an earlier export's"
            )
