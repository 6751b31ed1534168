"""Event -> the export record of DESIGN.md §4 (keys other tools read: never rename them)."""

from __future__ import annotations

from typing import Any

from claimgraph.events.acled import acled_for
from claimgraph.model import ActorRef, Count, Event, Place, Size

_EMPTY_DATE = {"value": None, "end": None, "granularity": None, "type": "unresolved", "reason": ""}


def _actor(a: ActorRef) -> dict[str, Any]:
    return {
        "name": a.name,
        "actor_id": a.actor_id,
        "country": a.country,
        "sector": a.sector,
        "wikidata": a.wikidata,
    }


def _location(p: Place | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {
        "name": p.name,
        "geonames_id": p.geonames_id,
        "lat": p.lat,
        "lon": p.lon,
        "admin1": p.admin1,
        "country": p.country,
        "precision": p.precision,
    }


def _count(c: Count | None) -> dict[str, int | None] | None:
    return None if c is None else {"low": c.low, "best": c.best, "high": c.high}


def _size(s: Size) -> dict[str, Any]:
    return {"dead": _count(s.dead), "injured": _count(s.injured), "arrested": _count(s.arrested)}


def _acled(event: Event) -> dict[str, str | None]:
    if event.acled:
        return dict(event.acled)
    return dict(acled_for(event.event_type, list(event.mode)))


def event_record(event: Event) -> dict[str, Any]:
    """The JSONL export record for one event."""
    return {
        "id": event.id,
        "event_type": event.event_type,
        "mode": list(event.mode),
        "context": list(event.context),
        "acled": _acled(event),
        "actors": [_actor(a) for a in event.actors],
        "recipients": [_actor(a) for a in event.recipients],
        "date": event.date.as_record() if event.date else dict(_EMPTY_DATE),
        "location": _location(event.location),
        "size": _size(event.size),
        "status": event.status,
        "modality": event.modality,
        "claims": [
            {
                "document_id": c.document_id,
                "outlet": c.outlet,
                "published": c.published,
                "speaker": c.speaker,
                "stance": c.stance,
                "modality": c.modality,
                "evidence": {
                    "text": c.evidence.text,
                    "segment": c.evidence.segment,
                    "start": c.evidence.start,
                    "end": c.evidence.end,
                },
                "mention_id": c.mention_id,
                "source_group": c.source_group,
            }
            for c in event.claims
        ],
        "disputes": [
            {
                "field": d.field,
                "values": [{"value": v.value, "claims": list(v.claims)} for v in d.values],
            }
            for d in event.disputes
        ],
        "documents": list(event.documents),
        "n_sources": event.n_sources,
    }
