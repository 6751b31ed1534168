"""JSON API, mounted under /api/v1. Read-only.

Every list of events takes the same filters (`EventQuery`), validated once by
`queries.Filters.from_params`; `format` other than json streams the whole filtered view through
the exporters `claimgraph export` uses.
"""

from __future__ import annotations

import io
import threading
from enum import Enum
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi import Path as PathParam  # pathlib's name is Path
from fastapi.responses import JSONResponse, Response

from claimgraph.model import PLOVER_TYPES
from claimgraph.serve.queries import (
    DEFAULT_SORT, MAX_LIMIT, SORTS, STATUSES, Filters, Reader,
)  # fmt: skip
from claimgraph.serve.render import event_view

router = APIRouter()

PloverType = Enum("PloverType", {t: t for t in PLOVER_TYPES}, type=str)  # type: ignore[misc]
Status = Enum("Status", {s: s for s in STATUSES}, type=str)  # type: ignore[misc]
Sort = Enum("Sort", {s.replace("-", "desc_"): s for s in SORTS}, type=str)  # type: ignore[misc]


class Format(str, Enum):
    json = "json"
    csv = "csv"
    jsonl = "jsonl"
    geojson = "geojson"


DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
_MEDIA = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson",
          "geojson": "application/geo+json"}  # fmt: skip


def reader(request: Request) -> Reader:
    return request.app.state.reader  # type: ignore[no-any-return]


def event_filters(
    type_: Annotated[list[PloverType] | None, Query(alias="type", description="PLOVER event type; repeat for several.")] = None,
    mode: Annotated[str | None, Query(description="PLOVER mode of the type, e.g. aerial.", max_length=100)] = None,
    acled: Annotated[str | None, Query(description="ACLED sub-event type (or event type), e.g. Air/drone strike.", max_length=200)] = None,
    actor: Annotated[str | None, Query(description="Actor or recipient: any alias, Latin or Arabic script, or a registry id.", max_length=200)] = None,
    recipient: Annotated[str | None, Query(description="Recipient (the actor acted on): any alias or a registry id.", max_length=200)] = None,
    country: Annotated[str | None, Query(description="Country of the location: ISO code or English name.", max_length=100)] = None,
    place: Annotated[str | None, Query(description="Place or province name (part of it).", max_length=200)] = None,
    bbox: Annotated[str | None, Query(description="min_lon,min_lat,max_lon,max_lat", max_length=200)] = None,
    since: Annotated[str | None, Query(description="Earliest date: YYYY, YYYY-MM or YYYY-MM-DD.", pattern=DATE_PATTERN)] = None,
    until: Annotated[str | None, Query(description="Latest date, inclusive: YYYY, YYYY-MM or YYYY-MM-DD.", pattern=DATE_PATTERN)] = None,
    status: Annotated[list[Status] | None, Query(description="reported, corroborated, contested, denied, planned, hypothetical; repeat for several.")] = None,
    min_sources: Annotated[int | None, Query(ge=1, le=10_000, description="At least this many independent sources.")] = None,
    q: Annotated[str | None, Query(description="Words that must all appear in one of the event's evidence sentences (SQLite FTS5; `word*` for a prefix).", max_length=500)] = None,
) -> Filters:  # fmt: skip
    return Filters.from_params({
        "type": [t.value for t in type_ or []], "status": [s.value for s in status or []],
        "mode": mode, "acled": acled, "actor": actor, "recipient": recipient, "country": country, "place": place,
        "bbox": bbox, "since": since, "until": until,
        "min_sources": None if min_sources is None else str(min_sources), "q": q,
    })  # fmt: skip


FiltersDep = Annotated[Filters, Depends(event_filters)]
ReaderDep = Annotated[Reader, Depends(reader)]


@router.get("/events", summary="Events, filtered, sorted and paged")
def list_events(
    request: Request,
    rd: ReaderDep,
    flt: FiltersDep,
    sort: Annotated[Sort, Query(description="Sort field; a leading - sorts descending.")] = Sort(DEFAULT_SORT),  # type: ignore[call-arg]
    cursor: Annotated[str | None, Query(description="`next_cursor` of the previous page.", max_length=1000)] = None,
    limit: Annotated[int | None, Query(ge=1, le=MAX_LIMIT, description="Page size (json, default 50); for the other formats, at most this many events (default all).")] = None,
    format: Annotated[Format, Query(description="json (a page), or the whole filtered view as csv (ACLED columns), jsonl or geojson.")] = Format.json,
) -> Any:  # fmt: skip
    """Export records (DESIGN.md §4) of the events that pass every filter."""
    if format is not Format.json:
        from claimgraph.export import FORMATS

        buf = io.StringIO()
        FORMATS[format.value](rd.records(flt, sort.value, limit), buf)
        return Response(
            buf.getvalue(), media_type=_MEDIA[format.value],
            headers={"content-disposition": f'attachment; filename="events.{format.value}"'},
        )  # fmt: skip
    items, nxt = rd.page(flt, sort.value, cursor, limit or 50)
    next_url = None
    if nxt:
        next_url = str(request.url.include_query_params(cursor=nxt))
    return {"items": items, "count": len(items), "next_cursor": nxt, "next": next_url}


@router.get("/events/{event_id}", summary="One event with its claims, sources and disputes")
def get_event(event_id: str, rd: ReaderDep) -> Any:
    """The export record; each claim also carries its document (title, uri, url, outlet) and its
    index; each dispute value the number of independent sources behind it."""
    rec = rd.event(event_id)
    if rec is None:
        raise HTTPException(404, f"no event with id {event_id!r}")
    docs = rd.documents_meta(sorted({c["document_id"] for c in rec.get("claims") or []}))
    return event_view(rec, docs)


@router.get("/documents/{doc_id}", summary="One document: segments with labels, mentions")
def get_document(doc_id: str, rd: ReaderDep) -> Any:
    doc = rd.document(doc_id)
    if doc is None:
        raise HTTPException(404, f"no document with id {doc_id!r}")
    return document_json(doc)


def document_json(doc: dict[str, Any]) -> dict[str, Any]:
    rec, text = doc["record"], doc["text"] or ""
    segments = [{**s, "text": text[s["start"] : s["end"]]} for s in rec.get("segments") or []]
    mentions = [
        {k: m.get(k) for k in ("id", "event_type", "mode", "trigger", "actors", "recipients", "place",
                               "date", "size", "modality", "attribution", "evidence", "opinion")}
        | {"event_id": doc["mention_events"].get(m["id"])}
        for m in rec.get("mentions") or []
    ]  # fmt: skip
    return {
        "id": doc["id"], "uri": doc["uri"], "url": doc["url"], "title": doc["title"],
        "outlet": doc["outlet"], "published": rec.get("published"), "status": doc["status"],
        "media_type": rec.get("media_type"), "text": text, "segments": segments,
        "mentions": mentions, "actors": rec.get("actors") or [], "places": rec.get("places") or [],
        "entities": rec.get("entities") or [], "errors": rec.get("errors") or [],
    }  # fmt: skip


@router.get("/actors", summary="Actors that take part in events, with counts")
def list_actors(
    rd: ReaderDep,
    q: Annotated[str | None, Query(description="Part of the name or id.", max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
) -> Any:  # fmt: skip
    return {"items": actors_seen(rd, q)[:limit]}


def actors_seen(rd: Reader, q: str | None = None) -> list[dict[str, Any]]:
    items = list(rd.snapshot().actors.values())
    if q:
        needle = q.casefold()
        items = [
            a
            for a in items
            if needle in (a["name"] or "").casefold() or needle in a["id"].casefold()
        ]
    return sorted(
        items, key=lambda a: (-(a["as_actor"] + a["as_recipient"]), a["name"] or "", a["id"])
    )


@router.get("/actors/{actor_id}", summary="One actor: registry entry and events")
def get_actor(actor_id: str, rd: ReaderDep) -> Any:
    """Registry entry (aliases in both scripts, parent) and the events where it (or an actor
    under it, e.g. a state's military) is actor or recipient."""
    view = actor_view(rd, actor_id)
    if view is None:
        raise HTTPException(404, f"no actor with id {actor_id!r} in the registry or in any event")
    return view


#: rows per role on an actor page (the events page has them all)
ACTOR_PAGE_ROWS = 500


def actor_view(rd: Reader, actor_id: str) -> dict[str, Any] | None:
    from claimgraph.actors import registry

    actor = registry().get(actor_id)
    ids_actor, ids_recipient = rd.actor_events(actor_id)  # the snapshot's index: no table scan

    def summaries(ids: list[str]) -> list[dict[str, Any]]:
        return _summaries(rd, ids)

    if actor is None and not ids_actor and not ids_recipient:
        return None
    seen = rd.snapshot().actors.get(actor_id, {})
    record = (
        actor.record()
        if actor
        else {"id": actor_id, "name": seen.get("name") or actor_id.removeprefix("name:")}
    )
    parent = registry().get(actor.parent) if actor and actor.parent else None
    return {
        **record, "known": actor is not None,
        "parent_name": parent.name if parent else None,
        "n_as_actor": len(ids_actor), "n_as_recipient": len(ids_recipient),
        "events_as_actor": summaries(ids_actor), "events_as_recipient": summaries(ids_recipient),
        "by_month": rd.months(sorted(set(ids_actor) | set(ids_recipient))),
    }  # fmt: skip


def _summaries(rd: Reader, ids: list[str]) -> list[dict[str, Any]]:
    """The newest `ACTOR_PAGE_ROWS` of the events `ids`, as rows of a list."""
    return [{"id": r["id"], "event_type": r["event_type"], "date": r["date"], "location": r["location"],
             "status": r["status"], "n_sources": r["n_sources"]}
            for r in rd.rows_by_id(ids, "-date", ACTOR_PAGE_ROWS)]  # fmt: skip


@router.get(
    "/places/{place_id}", summary="One place: its gazetteer entry and the events located there"
)
def get_place(
    place_id: Annotated[int, PathParam(ge=1, le=2_147_483_647, description="Its GeoNames id (`location.geonames_id` of an event).")],
    rd: ReaderDep,
) -> Any:  # fmt: skip
    """The GeoNames entry (name, country, first-level division, coordinates, feature code,
    population) when the local gazetteer has it, and the events located there (newest first,
    up to 500; `n_events` counts them all; `by_month` for a timeline)."""
    ids, named = rd.place_events(place_id)
    row = _gazetteer_row(place_id)
    if row is None and named is None:
        raise HTTPException(
            404, f"no place with GeoNames id {place_id} in the gazetteer or in any event"
        )
    entry: dict[str, Any] = {"id": place_id, **(named or {}), "in_gazetteer": row is not None}
    if row is not None:
        entry.update(name=row.name, country=row.cc, lat=row.lat, lon=row.lon, feature_code=f"{row.fclass}.{row.fcode}",
                     population=row.pop)  # fmt: skip
    return {
        **entry,
        "n_events": len(ids),
        "events": _summaries(rd, ids),
        "by_month": rd.months(sorted(ids)),
    }


def _gazetteer_row(geonames_id: int) -> Any:
    """The gazetteer's row, if the gazetteer was built (the server never builds it: that is a
    minute's work for `run`). Imported here: the places package loads the NLP stack, which a
    server that only reads has no use for."""
    from claimgraph.places.gazetteer import Gazetteer, default_path

    path = default_path()
    if not path.exists():
        return None
    global _GAZETTEER
    with _GAZETTEER_LOCK:  # one SQLite connection, shared by the server's threads
        if _GAZETTEER is None or _GAZETTEER.path != str(path):
            _GAZETTEER = Gazetteer(path)
        return _GAZETTEER.get(geonames_id)


_GAZETTEER: Any = None
_GAZETTEER_LOCK = threading.Lock()


@router.get("/actors/{actor_id}/graph", summary="Who acts on whom in an actor's events")
def get_actor_graph(
    actor_id: str, rd: ReaderDep,
    max_edges: Annotated[int, Query(ge=1, le=500, description="The heaviest edges kept.")] = 60,
) -> Any:  # fmt: skip
    """Nodes (actors) and edges (actor -> recipient, weighted by the number of events) of the
    events where the actor, or an actor under it, takes part. `filter` of a node is its value
    for the events' `actor` filter."""
    if not any(rd.actor_events(actor_id)):
        from claimgraph.actors import registry

        if registry().get(actor_id) is None:
            raise HTTPException(
                404, f"no actor with id {actor_id!r} in the registry or in any event"
            )
    return rd.actor_graph(actor_id, max_edges)


@router.get("/stats", summary="Counts per type, status, country and day")
def stats(rd: ReaderDep, flt: FiltersDep) -> Any:
    """Counts over the filtered events; `by_day_type` feeds the timeline."""
    return rd.stats(flt)


@router.get("/points", summary="Map points of the filtered events (grid cells when many)")
def points(rd: ReaderDep, flt: FiltersDep) -> Any:
    return rd.points(flt)


@router.get("/errors", summary="Documents that failed, with stage, code and reason")
def errors(rd: ReaderDep) -> Any:
    return {"items": rd.errors()}


@router.get("/health", summary="Counts of documents, events and errors", include_in_schema=True)
def health(rd: ReaderDep) -> JSONResponse:
    return JSONResponse({"ok": True, **rd.counts()})
