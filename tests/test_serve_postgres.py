"""`serve`'s text search on PostgreSQL (issue 20): `q` through the tsvector GIN index of
migration 0005, finding what SQLite's FTS5 finds. Skips without $CLAIMGRAPH_TEST_PG (`.ci/run`
starts a server)."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

PG = os.environ.get("CLAIMGRAPH_TEST_PG")
pytestmark = pytest.mark.skipif(not PG, reason="no PostgreSQL server ($CLAIMGRAPH_TEST_PG unset)")

EVIDENCE = {
    "evt_a": [
        "Warplanes struck the vegetable market in Douma on Sunday.",
        "Jaysh al-Islam said 40 died.",
    ],
    "evt_b": [
        "Rebels shelled the Old City of Aleppo.",
        "Government sources denied the strike on the market.",
    ],
    "evt_c": ["قصفت الطائرات سوق دوما", "Protesters marched in Idlib."],
}
QUERIES = ["warplanes market", "Market", "warpl*", "aleppo rebels", "denied strike", "دوما", "marched idlib",
           "nothing here", "", "!!! & | :*", "market & !douma", "o'clock"]  # fmt: skip


@pytest.fixture
def pg_url() -> Iterator[str]:
    from sqlalchemy import create_engine, text

    assert PG is not None
    name = f"cg_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _fill(url: str) -> None:
    from claimgraph.store import Store, schema

    store = Store(url)
    with store.engine.begin() as conn:
        for i, (event_id, sentences) in enumerate(EVIDENCE.items()):
            claims = [{"stance": "asserts", "document_id": "d" * 64, "evidence": {"segment": "body", "start": 0,
                       "end": len(s), "text": s}} for s in sentences]  # fmt: skip
            record = {"id": event_id, "event_type": "ASSAULT", "mode": [], "date": {"value": f"2018-04-0{i + 1}"},
                      "actors": [], "recipients": [], "location": None, "status": "reported", "modality": "asserted",
                      "n_sources": 1, "claims": claims, "disputes": []}  # fmt: skip
            conn.execute(schema.events.insert().values(
                id=event_id, event_type="ASSAULT", date=record["date"]["value"], status="reported", n_sources=1,
                record=json.dumps(record, ensure_ascii=False)))  # fmt: skip
    store.close()


def _hits(url: str, q: str) -> list[str]:
    from sqlalchemy import create_engine

    from claimgraph.serve.queries import Filters, Reader

    engine = create_engine(url)
    try:
        page, _ = Reader(engine).page(Filters.from_params({"q": q}), limit=50)
        return sorted(r["id"] for r in page)
    finally:
        engine.dispose()


def test_serve_postgres_text_search_finds_what_fts5_finds(pg_url: str, tmp_path: Path) -> None:
    sqlite_url = f"sqlite:///{tmp_path / 'x.db'}"
    _fill(pg_url)
    _fill(sqlite_url)
    assert _hits(pg_url, "warplanes market") == ["evt_a"]
    assert _hits(pg_url, "warpl*") == ["evt_a"] and _hits(pg_url, "دوما") == ["evt_c"]
    for q in QUERIES:
        assert _hits(pg_url, q) == _hits(sqlite_url, q), q


def test_serve_postgres_text_search_uses_the_index_and_the_api(pg_url: str) -> None:
    from fastapi.testclient import TestClient
    from sqlalchemy import create_engine, text

    from claimgraph.serve import create_app
    from claimgraph.store.schema import EVIDENCE_TSVECTOR

    _fill(pg_url)
    engine = create_engine(pg_url)
    with engine.connect() as conn:
        conn.execute(text("SET enable_seqscan = off"))  # three rows: the planner would scan them
        plan = "\n".join(r[0] for r in conn.execute(text(
            f"EXPLAIN SELECT id FROM events WHERE {EVIDENCE_TSVECTOR} @@ to_tsquery('simple'::regconfig, 'market')")))  # fmt: skip
    engine.dispose()
    assert "ix_events_evidence_fts" in plan, plan
    with TestClient(create_app(pg_url)) as c:
        r = c.get("/api/v1/events", params={"q": "vegetable market"})
        assert r.status_code == 200 and [e["id"] for e in r.json()["items"]] == ["evt_a"]
        for q in ("a & | ! (", "'", "\\", "x" * 500):
            assert c.get("/api/v1/events", params={"q": q}).status_code == 200, q
        assert "Warplanes" in c.get("/events", params={"q": "warplanes"}).text
