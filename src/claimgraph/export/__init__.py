"""Export: stored events -> JSONL (our schema, DESIGN.md §4), ACLED-style CSV, GeoJSON.

In: event records (dicts built by `event_record`). Out: text written to a stream, and a `Written`
count. Order is the store's (date, then id), and JSON keys keep the contract's order, so the same
corpus always gives byte-identical files. The CSV and GeoJSON fields (country name, outlets, best
evidence, fatalities...) come from one place, `fields.flat`.
"""

from __future__ import annotations

from claimgraph.export.fields import best_claim, best_evidence, flat
from claimgraph.export.formats import FORMATS, Written, write_csv, write_geojson, write_jsonl
from claimgraph.export.records import event_record

__all__ = [
    "FORMATS", "Written", "best_claim", "best_evidence", "event_record", "flat", "write_csv",
    "write_geojson", "write_jsonl",
]  # fmt: skip
