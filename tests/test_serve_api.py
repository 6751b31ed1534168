"""The JSON API and the pages, through httpx (TestClient) on the seed database."""

from __future__ import annotations

import io
import json
import logging
import re
import sqlite3
from pathlib import Path

import pytest
from test_serve_support import (
    ALLOUSH_PAGES, SCRIPT_TITLE, alloush_event, db_copy, doc_ids, seed_db,
)  # fmt: skip

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seed_db(tmp_path_factory)


@pytest.fixture(scope="module")
def client(db: Path):  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from claimgraph.serve import create_app

    with TestClient(create_app(f"sqlite:///{db}")) as c:
        yield c


def _all(client, **params) -> list[dict]:  # type: ignore[no-untyped-def]
    r = client.get("/api/v1/events", params={**params, "limit": 500})
    assert r.status_code == 200, r.text
    assert r.json()["next_cursor"] is None
    return r.json()["items"]


@pytest.fixture(scope="module")
def alloush(client, db: Path) -> dict:  # type: ignore[no-untyped-def]
    return alloush_event(_all(client, type="ASSAULT"), doc_ids(db))


# --- events -------------------------------------------------------------------------------------


def test_serve_api_events_filter_by_type(client) -> None:  # type: ignore[no-untyped-def]
    items = _all(client, type="ASSAULT")
    assert items and {r["event_type"] for r in items} == {"ASSAULT"}
    both = _all(client, type=["ASSAULT", "COERCE"])
    assert {r["event_type"] for r in both} == {"ASSAULT", "COERCE"}
    assert len(both) > len(items)


def test_serve_api_events_filters_find_the_alloush_strike(client, alloush: dict) -> None:  # type: ignore[no-untyped-def]
    def ids(**params) -> set[str]:  # type: ignore[no-untyped-def]
        return {r["id"] for r in _all(client, **params)}

    eid = alloush["id"]
    assert eid in ids(since="2015-12-25", until="2015-12-25")
    assert eid in ids(since="2015-12", until="2015")
    assert eid not in ids(since="2015-12-26")
    assert eid in ids(country="SY") and ids(country="SY") == ids(country="Syria") == ids(
        country="SYR"
    )
    assert eid not in ids(country="IQ")
    assert eid in ids(status="corroborated") and eid not in ids(status="reported")
    assert eid in ids(min_sources=2) and all(
        r["n_sources"] >= 2 for r in _all(client, min_sources=2)
    )
    assert eid in ids(bbox="35.5,33,37,34") and eid not in ids(bbox="40,30,45,35")
    assert eid in ids(mode="aerial") and eid not in ids(mode="protest")
    assert eid in ids(acled="Air/drone strike")
    assert eid in ids(place="damascus") and eid not in ids(place="Mosul")
    # the actor through the registry: a state matches its military; the group by its Arabic name
    assert eid in ids(actor="Russia")
    assert eid in ids(actor="Jaysh al-Islam") and ids(actor="Jaysh al-Islam") == ids(
        actor="جيش الإسلام"
    )
    assert eid in ids(actor="Army of Islam")
    # full text over the evidence sentences
    assert eid in ids(q="airstrike") and eid in ids(q="Alloush Russian")
    assert eid not in ids(q="Saraqeb")
    assert ids(q="airstr*") >= ids(q="airstrike")


def test_serve_api_events_sorts(client) -> None:  # type: ignore[no-untyped-def]
    def keys(sort: str, field) -> list:  # type: ignore[no-untyped-def]
        return [
            field(r)
            for r in client.get("/api/v1/events", params={"sort": sort, "limit": 500}).json()[
                "items"
            ]
        ]

    dates = keys("-date", lambda r: r["date"]["value"] or "")
    assert dates == sorted(dates, reverse=True)
    n = keys("-n_sources", lambda r: r["n_sources"])
    assert n == sorted(n, reverse=True) and n[0] >= 2
    types = keys("event_type", lambda r: r["event_type"])
    assert types == sorted(types)


def test_serve_api_cursor_pages_are_stable_under_inserts(tmp_path, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from claimgraph.serve import create_app

    db = db_copy(tmp_path, tmp_path_factory)
    client = TestClient(create_app(f"sqlite:///{db}"))
    everything = [r["id"] for r in _all(client, sort="date")]
    seen: list[str] = []
    r = client.get("/api/v1/events", params={"limit": 5, "sort": "date"}).json()
    seen += [x["id"] for x in r["items"]]
    # a run inserts events before and after the cursor while the client pages
    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT record FROM events LIMIT 1").fetchone()
        for new_id, date in (("evt_0000early", "1999-01-01"), ("evt_zzzzlate", "2099-01-01")):
            rec = json.loads(row[0]) | {"id": new_id, "date": {"value": date}}
            conn.execute(
                "INSERT INTO events (id, event_type, date, status, n_sources, record) VALUES (?, ?, ?, ?, ?, ?)",
                (new_id, rec["event_type"], date, "reported", 1, json.dumps(rec)),
            )
    while r["next_cursor"]:
        assert len(r["items"]) == 5
        r = client.get(
            "/api/v1/events", params={"limit": 5, "sort": "date", "cursor": r["next_cursor"]}
        ).json()
        seen += [x["id"] for x in r["items"]]
    assert len(seen) == len(set(seen))  # no event twice
    assert seen == everything + ["evt_zzzzlate"]  # none skipped; the one after the cursor shows up


def test_serve_api_formats_go_through_the_exporters(client, db: Path) -> None:  # type: ignore[no-untyped-def]
    from claimgraph.export import FORMATS
    from claimgraph.export.formats import ACLED_COLUMNS
    from claimgraph.store import Store

    store = Store(f"sqlite:///{db}")
    for fmt in ("jsonl", "csv", "geojson"):
        expected = io.StringIO()
        FORMATS[fmt](store.event_records(), expected)  # what `claimgraph export` writes
        r = client.get("/api/v1/events", params={"format": fmt, "sort": "date"})
        assert r.status_code == 200
        assert r.text == expected.getvalue(), fmt
        assert "attachment" in r.headers["content-disposition"]
    csv_text = client.get("/api/v1/events", params={"format": "csv", "type": "ASSAULT"}).text
    lines = csv_text.strip().splitlines()
    assert lines[0].split(",") == list(ACLED_COLUMNS)
    assert len(lines) - 1 == len(_all(client, type="ASSAULT"))
    geo = client.get("/api/v1/events", params={"format": "geojson", "type": "ASSAULT"}).json()
    assert geo["type"] == "FeatureCollection" and all(
        f["properties"]["event_type"] == "ASSAULT" for f in geo["features"]
    )


def test_serve_api_event_has_claims_documents_and_disputes(client, alloush: dict, db: Path) -> None:  # type: ignore[no-untyped-def]
    r = client.get(f"/api/v1/events/{alloush['id']}")
    assert r.status_code == 200
    ev = r.json()
    ids = doc_ids(db)
    assert {c["document"]["id"] for c in ev["claims"]} == {ids[p] for p in ALLOUSH_PAGES}
    titles = {c["document"]["title"] for c in ev["claims"]}
    assert any("Russian airstrike" in (t or "") for t in titles)
    for c in ev["claims"]:
        assert {"outlet", "stance", "speaker", "evidence"} <= set(c)
        assert c["evidence"]["segment"] in ("body", "title", "caption")
    # the perpetrator dispute, with the number of independent sources behind each value
    [actors] = [d for d in ev["disputes"] if d["field"] == "actors"]
    values = {v["label"]: v["n_sources"] for v in actors["values"]}
    assert values.get("Russia military") == 2 and values.get("Syria military") == 1
    # evidence offsets point into the document's text
    claim = ev["claims"][0]
    doc = client.get(f"/api/v1/documents/{claim['document_id']}").json()
    assert (
        doc["text"][claim["evidence"]["start"] : claim["evidence"]["end"]]
        == claim["evidence"]["text"]
    )
    # a unique prefix finds the event too
    assert client.get(f"/api/v1/events/{alloush['id'][:14]}").json()["id"] == alloush["id"]


def test_serve_api_document_segments_and_mentions(client, db: Path) -> None:  # type: ignore[no-untyped-def]
    doc = client.get(f"/api/v1/documents/{doc_ids(db)[ALLOUSH_PAGES[0]]}").json()
    kinds = {s["kind"] for s in doc["segments"]}
    assert {"title", "body", "boilerplate", "comment"} <= kinds
    for s in doc["segments"]:
        assert s["text"] == doc["text"][s["start"] : s["end"]]
    assert doc["mentions"] and any(m["event_id"] for m in doc["mentions"])
    m = next(m for m in doc["mentions"] if m["event_id"])
    assert client.get(f"/api/v1/events/{m['event_id']}").status_code == 200


def test_serve_api_actors(client, alloush: dict) -> None:  # type: ignore[no-untyped-def]
    items = client.get("/api/v1/actors").json()["items"]
    assert any(a["id"] == "cg:jaysh-al-islam" for a in items)
    a = client.get("/api/v1/actors/cg:jaysh-al-islam").json()
    assert "جيش الإسلام" in a["aliases"] and "Army of Islam" in a["aliases"]
    assert alloush["id"] in {e["id"] for e in a["events_as_recipient"]}
    russia = client.get("/api/v1/actors/state:RUS").json()
    assert alloush["id"] in {e["id"] for e in russia["events_as_actor"]}  # through Russia military
    assert client.get("/api/v1/actors/nobody:none").status_code == 404


def test_serve_api_place(client, alloush: dict) -> None:  # type: ignore[no-untyped-def]
    gid = alloush["location"]["geonames_id"]
    r = client.get(f"/api/v1/places/{gid}")
    assert r.status_code == 200, r.text
    place = r.json()
    assert place["id"] == gid and place["country"] == "SY" and place["n_events"] >= 1
    assert (
        alloush["id"] in {e["id"] for e in place["events"]} and sum(place["by_month"].values()) >= 1
    )
    assert place["name"] and place["lat"] is not None
    assert client.get("/api/v1/places/1").status_code == 404
    for bad in ("douma", "0", "99999999999"):
        assert client.get(f"/api/v1/places/{bad}").status_code == 422


def test_serve_api_actor_graph_and_page(client, alloush: dict, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from claimgraph.serve.queries import Reader

    g = client.get("/api/v1/actors/state:RUS/graph").json()
    edges = {(e["source"], e["target"]): e["events"] for e in g["edges"]}
    assert (
        edges[("RUS-MIL", "cg:zahran-alloush")] >= 1
    )  # the Alloush strike: Russia's military on Alloush
    nodes = {n["id"]: n for n in g["nodes"]}
    assert nodes["state:RUS"]["focus"] and nodes["RUS-MIL"]["focus"]  # under Russia
    assert all(e["source"] in nodes and e["target"] in nodes for e in g["edges"])
    assert client.get("/api/v1/actors/nobody:none/graph").status_code == 404
    # an edge's events: Russia's military acting on Alloush
    hits = _all(client, actor="RUS-MIL", recipient="cg:zahran-alloush")
    assert alloush["id"] in {r["id"] for r in hits}
    assert all(any(a.get("actor_id") == "cg:zahran-alloush" for a in r["recipients"]) for r in hits)
    assert alloush["id"] not in {r["id"] for r in _all(client, recipient="RUS-MIL")}
    client.get("/actors/state:RUS")  # the snapshot (and its actor index) is built

    # the actor page reads the snapshot's index and fetches its events by id: no scan of the table
    def no_scan(*a, **k):  # type: ignore[no-untyped-def]
        raise AssertionError("the actor page scanned the events")

    monkeypatch.setattr(Reader, "iter_events", no_scan)
    monkeypatch.setattr(Reader, "_all_records", no_scan)
    page = client.get("/actors/state:RUS")
    assert page.status_code == 200, page.text
    html = page.text
    assert 'id="actor-graph"' in html and "/static/vendor/cytoscape/cytoscape.min.js" in html
    assert 'data-graph-url="/api/v1/actors/state%3ARUS/graph"' in html
    assert "/events?actor=RUS-MIL&amp;recipient=cg%3Azahran-alloush" in html  # the pair table links
    assert f'href="/events/{alloush["id"]}"' in html and 'class="bar"' in html
    assert "<script>" not in html.replace('<script src="', "")  # no inline script
    named = client.get("/actors/name:civilians")  # a name outside the registry has a page too
    assert named.status_code == 200 and "/events?actor=civilians" in named.text


def test_serve_api_stats_and_points(client) -> None:  # type: ignore[no-untyped-def]
    s = client.get("/api/v1/stats").json()
    assert s["total"] == len(_all(client))
    assert s["by_type"]["ASSAULT"] == len(_all(client, type="ASSAULT"))
    assert sum(s["by_day"].values()) + s["undated"] == s["total"]
    assert s["by_country"]["SY"] == len(_all(client, country="SY"))
    assert client.get("/api/v1/stats", params={"type": "ASSAULT"}).json()["by_type"] == {
        "ASSAULT": s["by_type"]["ASSAULT"]
    }
    p = client.get("/api/v1/points", params={"type": "ASSAULT"}).json()
    assert not p["aggregated"] and all(x["type"] == "ASSAULT" for x in p["points"])
    assert len(p["points"]) + p["without_coordinates"] == s["by_type"]["ASSAULT"]


# --- errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "param"),
    [
        ({"type": "BOMBING"}, "type"), ({"since": "2015-13-01"}, "since"), ({"since": "yesterday"}, "since"),
        ({"bbox": "1,2,3"}, "bbox"), ({"bbox": "0,50,10,40"}, "bbox"), ({"cursor": "garbage!"}, "cursor"),
        ({"limit": 0}, "limit"), ({"limit": 100000}, "limit"), ({"min_sources": "many"}, "min_sources"),
        ({"format": "xml"}, "format"), ({"sort": "colour"}, "sort"), ({"status": "rumoured"}, "status"),
        ({"country": "Atlantis"}, "country"), ({"since": "2016", "until": "2015"}, "since"),
    ],
)  # fmt: skip
def test_serve_api_invalid_filters_are_4xx_with_a_message(client, params: dict, param: str) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/api/v1/events", params=params)
    assert r.status_code == 422, r.text
    body = r.json()
    assert body["error"] == "invalid_request"
    assert body["message"].startswith(param) and param in {d["param"] for d in body["details"]}


def test_serve_api_unknown_ids_are_404(client) -> None:  # type: ignore[no-untyped-def]
    for path in ("/api/v1/events/evt_nope", "/api/v1/documents/nope"):
        r = client.get(path)
        assert r.status_code == 404 and r.json()["error"] == "not_found"
    assert client.get("/api/v1/nothing").status_code == 404
    r = client.get("/events/evt_nope")
    assert r.status_code == 404 and "text/html" in r.headers["content-type"]


def test_serve_api_500_gives_an_error_id_the_log_has(tmp_path, tmp_path_factory, caplog) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from claimgraph.serve import create_app

    db = db_copy(tmp_path, tmp_path_factory)
    with sqlite3.connect(db) as conn:
        (eid,) = conn.execute("SELECT id FROM events LIMIT 1").fetchone()
        conn.execute("UPDATE events SET record = '{broken' WHERE id = ?", (eid,))
    client = TestClient(create_app(f"sqlite:///{db}"))
    with caplog.at_level(logging.ERROR, logger="claimgraph.serve"):
        r = client.get(f"/api/v1/events/{eid}")
        page = client.get(f"/events/{eid}")
    assert r.status_code == 500
    body = r.json()
    assert body["error"] == "internal_error" and re.fullmatch(r"[0-9a-f]{12}", body["error_id"])
    assert "Traceback" not in r.text and "JSONDecodeError" not in r.text
    assert body["error_id"] in caplog.text and "JSONDecodeError" in caplog.text
    assert page.status_code == 500 and "Traceback" not in page.text
    assert re.search(r'class="error-id">[0-9a-f]{12}<', page.text)


# --- safety and concurrency ---------------------------------------------------------------------


def test_serve_api_csp_and_no_inline_script(client, alloush: dict, db: Path) -> None:  # type: ignore[no-untyped-def]
    pages = ["/events", "/events?type=ASSAULT", f"/events/{alloush['id']}", "/actors", "/errors",
             "/actors/cg:jaysh-al-islam", f"/documents/{doc_ids(db)[ALLOUSH_PAGES[0]]}", "/api/v1/docs"]  # fmt: skip
    for path in pages:
        r = client.get(path)
        assert r.status_code == 200, path
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "http" not in csp
        for tag in re.findall(r"<script\b[^>]*>", r.text):
            assert re.search(r'\bsrc="/static/', tag), (
                path,
                tag,
            )  # no inline script, no other host
        assert not re.search(r'(?:src|href)="(?:https?:)?//', r.text), path
    assert "content-security-policy" in client.get("/api/v1/events").headers


def test_serve_api_source_text_is_escaped(client, db: Path) -> None:  # type: ignore[no-untyped-def]
    doc_id = doc_ids(db)["script-title.html"]
    api = client.get(f"/api/v1/documents/{doc_id}").json()
    assert api["title"] == SCRIPT_TITLE
    for path in (f"/documents/{doc_id}", "/events"):
        html = client.get(path).text
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;/script&gt;" in html  # shown as text (the events table shows it as an actor)


def test_serve_api_reads_while_a_run_writes(tmp_path, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from claimgraph.serve import create_app

    db = db_copy(tmp_path, tmp_path_factory)
    client = TestClient(create_app(f"sqlite:///{db}"))
    before = client.get("/api/v1/events").json()["items"]
    writer = sqlite3.connect(db, isolation_level=None)
    assert writer.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    writer.execute("BEGIN IMMEDIATE")  # a run's write transaction, held open
    writer.execute(
        "INSERT INTO doc_errors (doc_id, stage, uri, code, message) VALUES ('x', 'clean', 'x.txt', 'E999', 'test')"
    )
    r = client.get("/api/v1/events")
    assert r.status_code == 200 and r.json()["items"] == before
    assert client.get("/events").status_code == 200
    assert client.get("/api/v1/errors").json()["items"] == []  # uncommitted: not seen
    writer.execute("COMMIT")
    writer.close()
    assert [e["code"] for e in client.get("/api/v1/errors").json()["items"]] == ["E999"]
    assert "E999" in client.get("/errors").text


def test_serve_api_openapi_and_docs(client) -> None:  # type: ignore[no-untyped-def]
    spec = client.get("/api/v1/openapi.json").json()
    paths = spec["paths"]
    for p in ("/api/v1/events", "/api/v1/events/{event_id}", "/api/v1/documents/{doc_id}",
              "/api/v1/actors", "/api/v1/actors/{actor_id}", "/api/v1/stats"):  # fmt: skip
        assert p in paths
    params = {p["name"] for p in paths["/api/v1/events"]["get"]["parameters"]}
    assert {"type", "mode", "acled", "actor", "country", "place", "bbox", "since", "until", "status",
            "min_sources", "q", "sort", "cursor", "format", "limit"} <= params  # fmt: skip
    assert not any(p.startswith("/events") for p in paths)  # pages are not API
    docs = client.get("/api/v1/docs").text
    assert "/static/vendor/swagger-ui-dist/swagger-ui-bundle.js" in docs


def test_serve_api_events_page_filters_and_pages(client, alloush: dict) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/events", params={"type": "ASSAULT"}).text
    assert f'data-event-id="{alloush["id"]}"' in html
    assert re.search(r'<option value="ASSAULT" selected>', html)
    assert client.get("/events", params={"type": "FOO"}).status_code == 400
    r = client.get("/events", params={"type": "FOO"})
    assert "unknown event type" in r.text and 'name="type"' in r.text
    page = client.get(f"/events/{alloush['id']}").text
    assert "Russia military" in page and "Syria military" in page
    assert page.count('class="claim"') == len(alloush["claims"])
    assert 'class="evidence"' in page and "seg-boilerplate" in page


def test_serve_api_basemap_data_is_served_from_here(client) -> None:  # type: ignore[no-untyped-def]
    """The map's offline basemap: the files the events page names are served by the app, each
    vendored with its licence (tools/vendor_js.sh; admin-1 borders by tools/build_admin1.py)."""
    html = client.get("/events").text
    urls = dict(re.findall(r'data-(basemap|admin1)="(/static/[^"]+)"', html))
    assert set(urls) == {"basemap", "admin1"}
    for url in urls.values():
        r = client.get(url)
        assert r.status_code == 200 and r.json()["type"] == "Topology", url
        assert client.get(url.rsplit("/", 1)[0] + "/LICENSE").status_code == 200, url
    admin1 = client.get(urls["admin1"]).json()
    ids = {g["id"] for g in admin1["objects"]["admin1"]["geometries"]}
    assert {"SYR", "IRQ", "UKR", "RUS", "YEM", "SDN"} <= ids and len(ids) >= 150
