"""Writers for the export formats. Each takes an iterable of event records and a text stream."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from typing import Any, TextIO

Record = dict[str, Any]

ACLED_COLUMNS = (
    "event_date", "event_type", "sub_event_type", "actor1", "assoc_actor_1", "actor2",
    "assoc_actor_2", "admin1", "location", "latitude", "longitude", "geo_precision", "source",
    "notes", "fatalities", "time_precision", "status", "n_sources", "event_id",
)  # fmt: skip

# ACLED codes precision 1 (exact) .. 3 (region); ours is a word
_GEO_PRECISION = {"exact": 1, "near": 1, "town": 1, "region": 2, "country": 3}
_TIME_PRECISION = {"day": 1, "week": 2, "month": 2, "year": 3}


def write_jsonl(records: Iterable[Record], out: TextIO) -> int:
    n = 0
    for rec in records:
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        n += 1
    return n


def _names(actors: list[Record]) -> list[str]:
    return [a.get("name") or "" for a in actors]


def acled_row(rec: Record) -> dict[str, Any]:
    actors, recipients = _names(rec["actors"]), _names(rec["recipients"])
    loc = rec.get("location") or {}
    date = rec.get("date") or {}
    dead = (rec.get("size") or {}).get("dead") or {}
    sources = sorted({c.get("outlet") or c.get("document_id", "")[:12] for c in rec["claims"]})
    notes = rec["claims"][0]["evidence"]["text"] if rec["claims"] else ""
    return {
        "event_date": date.get("value") or "",
        "event_type": (rec.get("acled") or {}).get("event_type") or "",
        "sub_event_type": (rec.get("acled") or {}).get("sub_event_type") or "",
        "actor1": actors[0] if actors else "",
        "assoc_actor_1": "; ".join(actors[1:]),
        "actor2": recipients[0] if recipients else "",
        "assoc_actor_2": "; ".join(recipients[1:]),
        "admin1": loc.get("admin1") or "",
        "location": loc.get("name") or "",
        "latitude": "" if loc.get("lat") is None else loc["lat"],
        "longitude": "" if loc.get("lon") is None else loc["lon"],
        "geo_precision": _GEO_PRECISION.get(loc.get("precision") or "", "") if loc else "",
        "source": "; ".join(s for s in sources if s),
        "notes": notes,
        "fatalities": dead.get("best") if dead.get("best") is not None else 0,
        "time_precision": _TIME_PRECISION.get(date.get("granularity") or "", 3),
        "status": rec["status"],
        "n_sources": rec.get("n_sources", len(rec["claims"])),
        "event_id": rec["id"],
    }


def write_csv(records: Iterable[Record], out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for rec in records:
        writer.writerow(acled_row(rec))
        n += 1
    return n


def write_geojson(records: Iterable[Record], out: TextIO) -> int:
    """A FeatureCollection of the events that have coordinates (others are counted, not drawn)."""
    features = []
    for rec in records:
        loc = rec.get("location") or {}
        if loc.get("lat") is None or loc.get("lon") is None:
            continue
        props = {k: v for k, v in rec.items() if k not in ("claims",)}
        props["n_claims"] = len(rec["claims"])
        features.append(
            {
                "type": "Feature",
                "id": rec["id"],
                "geometry": {"type": "Point", "coordinates": [loc["lon"], loc["lat"]]},
                "properties": props,
            }
        )
    json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
    out.write("\n")
    return len(features)


FORMATS: dict[str, Callable[[Iterable[Record], TextIO], int]] = {
    "jsonl": write_jsonl,
    "csv": write_csv,
    "geojson": write_geojson,
}
