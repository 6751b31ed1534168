"""Export: stored events -> JSONL (our schema, DESIGN.md §4), ACLED-style CSV, GeoJSON.

In: event records (dicts built by `event_record`). Out: text written to a stream. Order is the
store's (date, then id), and JSON keys keep the contract's order, so the same corpus always gives
byte-identical files.
"""

from __future__ import annotations

from claimgraph.export.formats import FORMATS, write_csv, write_geojson, write_jsonl
from claimgraph.export.records import event_record

__all__ = ["FORMATS", "event_record", "write_csv", "write_geojson", "write_jsonl"]
