"""Writers for the export formats. Each takes an iterable of event records and a text stream,
writes as it reads, and returns a `Written` count.

CSV: ACLED's column names in ACLED's order, then ours (`ACLED_COLUMNS`). GeoJSON: one Point feature
per event that has coordinates, with flat scalar properties (`GEOJSON_PROPERTIES`) so QGIS can
filter on them; events without coordinates are counted in `Written.left_out` and in the
collection's `claimgraph` member. Every field comes from `fields.flat`, so both formats agree.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TextIO

from claimgraph.export.fields import flat

Record = dict[str, Any]

# ACLED's columns (ACLED's order) -> our flat field
_ACLED_FIELDS = {
    "event_date": "date",
    "time_precision": "time_precision",
    "event_type": "acled_event_type",
    "sub_event_type": "acled_sub_event_type",
    "actor1": "actor1",
    "assoc_actor_1": "assoc_actor_1",
    "actor2": "actor2",
    "assoc_actor_2": "assoc_actor_2",
    "country": "country",
    "admin1": "admin1",
    "location": "location",
    "latitude": "latitude",
    "longitude": "longitude",
    "geo_precision": "geo_precision",
    "source": "source",
    "notes": "notes",
    "fatalities": "fatalities",
}
# ours, after ACLED's
_OUR_FIELDS = {
    "plover_type": "event_type",
    "mode": "mode",
    "modality": "modality",
    "status": "status",
    "n_sources": "n_sources",
    "event_id": "id",
}
ACLED_COLUMNS = tuple(_ACLED_FIELDS) + tuple(_OUR_FIELDS)  # the CSV header

GEOJSON_PROPERTIES = (
    "id", "date", "date_precision", "event_type", "mode", "acled_event_type",
    "acled_sub_event_type", "actor1", "actor2", "actors", "recipients", "fatalities", "status",
    "modality", "n_sources", "n_claims", "source", "location", "admin1", "country",
    "country_code", "precision", "notes",
)  # fmt: skip


@dataclass(frozen=True)
class Written:
    """What a writer did: `events` written, `left_out` read but not written (GeoJSON: events
    without coordinates)."""

    events: int
    left_out: int = 0


def write_jsonl(records: Iterable[Record], out: TextIO) -> Written:
    n = 0
    for rec in records:
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        n += 1
    return Written(n)


def acled_row(rec: Record) -> dict[str, Any]:
    """One CSV row: ACLED's columns then ours; "" where the value is unknown."""
    f = flat(rec)
    row = {col: f[key] for col, key in _ACLED_FIELDS.items()}
    row.update({col: f[key] for col, key in _OUR_FIELDS.items()})
    return {k: "" if v is None else v for k, v in row.items()}


def write_csv(records: Iterable[Record], out: TextIO) -> Written:
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for rec in records:
        writer.writerow(acled_row(rec))
        n += 1
    return Written(n)


def _coord(v: Any) -> float | None:
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
        return None
    return v


def geojson_feature(rec: Record) -> dict[str, Any] | None:
    """A Point feature with flat properties, or None when the event has no coordinates."""
    f = flat(rec)
    lat, lon = _coord(f["latitude"]), _coord(f["longitude"])
    if lat is None or lon is None:
        return None
    return {
        "type": "Feature",
        "id": rec["id"],
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {k: f[k] for k in GEOJSON_PROPERTIES},
    }


def write_geojson(records: Iterable[Record], out: TextIO) -> Written:
    """A FeatureCollection of the events that have coordinates; the others are counted (returned
    as `left_out` and written in the top-level `claimgraph` member), not drawn."""
    out.write('{"type": "FeatureCollection", "features": [')
    n = left_out = 0
    for rec in records:
        feature = geojson_feature(rec)
        if feature is None:
            left_out += 1
            continue
        out.write(("\n" if n == 0 else ",\n") + json.dumps(feature, ensure_ascii=False))
        n += 1
    meta = {"events": n + left_out, "features": n, "without_coordinates": left_out}
    out.write(("\n" if n else "") + '], "claimgraph": ' + json.dumps(meta) + "}\n")
    return Written(n, left_out)


FORMATS: dict[str, Callable[[Iterable[Record], TextIO], Written]] = {
    "jsonl": write_jsonl,
    "csv": write_csv,
    "geojson": write_geojson,
}
