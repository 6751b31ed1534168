"""Server-rendered pages: events (filters, timeline, map, table), one event, a document, actors,
errors, and the API docs. Templates autoescape everything; source text is never marked safe.
The map and the timeline are drawn by static/js/events.js from the JSON API."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from claimgraph.export import flat
from claimgraph.model import PLOVER_TYPES
from claimgraph.serve.api import actor_view, actors_seen, document_json
from claimgraph.serve.pages import TYPE_COLOURS, render
from claimgraph.serve.queries import DEFAULT_SORT, SORTS, STATUSES, FilterError, Filters, Reader
from claimgraph.serve.render import Highlight, blocks, event_view

router = APIRouter(include_in_schema=False)
#: pages open even under --read-token-required (signing in)
open_router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50


def _reader(request: Request) -> Reader:
    return request.app.state.reader  # type: ignore[no-any-return]


def _params(request: Request) -> dict[str, Any]:
    qp = request.query_params
    return {k: qp.getlist(k) for k in qp.keys()}


@router.get("/")
def index() -> Response:
    return RedirectResponse("/events", status_code=307)


@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request) -> Response:
    params = _params(request)
    sort = (params.get("sort") or [DEFAULT_SORT])[-1]
    cursor = (params.get("cursor") or [None])[-1] or None
    error = None
    try:
        if sort not in SORTS:
            raise FilterError("sort", f"unknown sort {sort!r}; one of {', '.join(SORTS)}")
        flt = Filters.from_params(params)
        items, nxt = _reader(request).page(flt, sort, cursor, PAGE_SIZE)
    except FilterError as exc:
        error, flt, items, nxt = str(exc), Filters(), [], None
        # keep what the user typed in the form, even the bad value
        raw = {k: v[-1] for k, v in params.items() if v}
    else:
        raw = flt.params()
    query = flt.params()
    rows = [{**flat(r), "record": r} for r in items]

    def link(**changes: Any) -> str:
        p = {**query, "sort": sort, **changes}
        return "/events?" + urlencode({k: v for k, v in p.items() if v})

    sort_links = {}
    for name in ("date", "event_type", "country", "n_sources"):
        sort_links[name] = link(sort=name if sort == "-" + name else "-" + name)
    api_query = urlencode(query)
    return render(
        request, "events.html", status_code=400 if error else 200,
        rows=rows, error=error, form=raw, sort=sort, sort_links=sort_links,
        next_link=link(cursor=nxt) if nxt else None,
        first_link=link() if cursor else None,
        api_query=api_query, types=PLOVER_TYPES, statuses=STATUSES,
        selected_types=set(flt.types), selected_status=set(flt.status),
        downloads={f: "/api/v1/events?" + urlencode({**query, "sort": sort, "format": f})
                   for f in ("csv", "jsonl", "geojson")},
    )  # fmt: skip


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: str) -> Response:
    rd = _reader(request)
    rec = rd.event(event_id)
    if rec is None:
        raise HTTPException(404, f"No event with id {event_id!r}.")
    if rec["id"] != event_id:  # a unique prefix: send the reader to the event's own address
        return RedirectResponse(f"/events/{rec['id']}", status_code=307)
    doc_ids = list(
        dict.fromkeys(
            [c["document_id"] for c in rec.get("claims") or []] + list(rec.get("documents") or [])
        )
    )
    metas = rd.documents_meta(doc_ids)
    view = event_view(rec, metas)
    sources = []
    for doc_id in doc_ids:
        doc = rd.document(doc_id)
        if doc is None:
            continue
        hl = [Highlight(c["evidence"]["start"], c["evidence"]["end"], c["index"])
              for c in view["claims"] if c["document_id"] == doc_id]  # fmt: skip
        sources.append({"doc": doc, "blocks": blocks(doc["text"] or "", doc["record"].get("segments") or [], hl),
                        "claims": [c for c in view["claims"] if c["document_id"] == doc_id]})  # fmt: skip
    asserting = [c for c in view["claims"] if c.get("stance") != "deny"]
    denying = [c for c in view["claims"] if c.get("stance") == "deny"]
    return render(request, "event.html", ev=view, f=flat(rec), asserting=asserting, denying=denying,
                  sources=sources)  # fmt: skip


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: str) -> Response:
    doc = _reader(request).document(doc_id)
    if doc is None:
        raise HTTPException(404, f"No document with id {doc_id!r}.")
    data = document_json(doc)
    hl = [Highlight(m["evidence"]["start"], m["evidence"]["end"], i)
          for i, m in enumerate(data["mentions"]) if m.get("evidence")]  # fmt: skip
    return render(request, "document.html", d=data,
                  blocks=blocks(data["text"], doc["record"].get("segments") or [], hl))  # fmt: skip


@router.get("/actors", response_class=HTMLResponse)
def actors_page(request: Request, q: str | None = None) -> Response:
    items = actors_seen(_reader(request), (q or "").strip()[:200] or None)
    return render(request, "actors.html", items=items[:500], q=q or "", total=len(items))


@router.get("/actors/{actor_id}", response_class=HTMLResponse)
def actor_page(request: Request, actor_id: str) -> Response:
    view = actor_view(_reader(request), actor_id)
    if view is None:
        raise HTTPException(404, f"No actor with id {actor_id!r}.")
    rd = _reader(request)
    graph = rd.actor_graph(actor_id)
    flt = actor_id.removeprefix("name:")  # the events' actor filter takes a name or an id
    names = {n["id"]: n for n in graph["nodes"]}
    edges = [{**e, "source_name": names[e["source"]]["name"], "target_name": names[e["target"]]["name"],
              "link": "/events?" + urlencode({"actor": names[e["source"]]["filter"],
                                              "recipient": names[e["target"]]["filter"]})}
             for e in graph["edges"]]  # fmt: skip
    return render(request, "actor.html", a=view, events_link="/events?" + urlencode({"actor": flt}),
                  months=month_bars(view["by_month"], flt), edges=edges, total_edges=graph["total_edges"],
                  graph_url="/api/v1/actors/" + quote(actor_id, safe="") + "/graph")  # fmt: skip


def month_bars(by_month: dict[str, int], actor_id: str, height: int = 80) -> dict[str, Any] | None:
    """Bars of an SVG chart (no style attributes: the CSP forbids them): one per month, or per
    year past ten years, empty periods included; each links to its events."""
    if not by_month:
        return None
    first, last = min(by_month), max(by_month)
    y0, m0, y1, m1 = int(first[:4]), int(first[5:7]), int(last[:4]), int(last[5:7])
    yearly = (y1 - y0) * 12 + m1 - m0 >= 120
    counts: dict[str, int] = {}
    if yearly:
        for y in range(y0, y1 + 1):
            counts[str(y)] = sum(n for k, n in by_month.items() if k.startswith(f"{y}-"))
    else:
        y, m = y0, m0
        while (y, m) <= (y1, m1):
            counts[f"{y}-{m:02d}"] = by_month.get(f"{y}-{m:02d}", 0)
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    top = max(counts.values()) or 1
    width = 12
    bars = []
    for i, (label, n) in enumerate(counts.items()):
        h = round(n / top * height) if n else 0
        bars.append({"label": label, "n": n, "x": i * width, "y": height - h, "h": h, "w": width - 2,
                     "link": "/events?" + urlencode({"actor": actor_id, "since": label, "until": label})})  # fmt: skip
    return {"bars": bars, "width": len(bars) * width, "height": height, "top": top,
            "unit": "year" if yearly else "month", "first": next(iter(counts)), "last": label}  # fmt: skip


@router.get("/errors", response_class=HTMLResponse)
def errors_page(request: Request) -> Response:
    return render(request, "errors.html", rows=_reader(request).errors())


@router.get("/api/v1/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> Response:
    return render(request, "docs.html")


@router.get("/assets/types.css")
def types_css() -> Response:
    """One class per event type (CSP forbids style attributes, so colours live in a stylesheet)."""
    css = "".join(f".type-{t}{{background:{c}}}\n" for t, c in TYPE_COLOURS.items())
    return Response(css, media_type="text/css", headers={"cache-control": "max-age=3600"})


@open_router.get("/login", response_class=HTMLResponse)
def login_page(request: Request) -> Response:
    """Under --read-token-required, a browser signs in with a token once (kept in a cookie)."""
    return render(request, "login.html", error=None, required=request.app.state.read_token_required)


@open_router.post("/login", response_class=HTMLResponse)
async def login(request: Request) -> Response:
    from claimgraph.serve.write import TOKEN_COOKIE
    from claimgraph.serve.tokens import verify_token

    form = await request.form(max_files=0, max_fields=4)
    token = str(form.get("token") or "").strip()
    if not token or verify_token(request.app.state.store.engine, token) is None:
        return render(request, "login.html", status_code=401, error="That token is not valid (unknown or revoked).",
                      required=request.app.state.read_token_required)  # fmt: skip
    response = RedirectResponse("/events", status_code=303)
    # the cookie only opens reads: writes take the Authorization header alone (no CSRF)
    response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict", max_age=30 * 86400)
    return response
