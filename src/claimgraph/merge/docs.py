"""What merge needs to know about a document: who published it, when, and its citable text.

In: built by the store/pipeline from a `Document`. Out: `MergeDoc`, a small frozen record, so
merge stays pure (no database, no spaCy) and cheap to ship to workers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from claimgraph.model import CITABLE_KINDS, Document

__all__ = ["MergeDoc"]


@dataclass(frozen=True, slots=True)
class MergeDoc:
    id: str
    outlet: str | None = None
    published: str | None = None  # ISO date (or datetime) string
    url: str | None = None
    text: str = ""  # citable body text, for near-duplicate detection

    @classmethod
    def from_document(cls, doc: object) -> MergeDoc:
        """Build from a `claimgraph.model.Document` (citable segments only)."""
        assert isinstance(doc, Document)
        parts = [doc.text[s.start : s.end] for s in doc.segments if s.kind in CITABLE_KINDS]
        text = "\n".join(parts) if doc.segments else doc.text
        published = doc.published.value if doc.published and doc.published.year_known else None
        return cls(id=doc.id, outlet=doc.outlet, published=published, url=doc.url, text=text)

    @classmethod
    def from_record(cls, record: Mapping[str, Any], text: str) -> MergeDoc:
        """`from_document` of a stored document: its record (the `Document` JSON without its
        text) and its text, read as stored instead of validating the whole `Document` (its
        sentences, entities and mentions), which merge never reads."""
        segments = record.get("segments") or []
        parts = [text[s["start"] : s["end"]] for s in segments if s["kind"] in CITABLE_KINDS]
        body = "\n".join(parts) if segments else text
        pub = record.get("published")
        published = pub["value"] if pub and pub.get("year_known", True) else None
        return cls(
            id=record["id"],
            outlet=record.get("outlet"),
            published=published,
            url=record.get("url"),
            text=body,
        )
