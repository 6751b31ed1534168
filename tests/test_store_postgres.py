"""The store on a real PostgreSQL server, beside SQLite (issue 19).

`.ci/run` starts a throwaway cluster and sets $CLAIMGRAPH_TEST_PG to a URL of its maintenance
database; each test makes its own database there and drops it. Without the variable (a laptop
without PostgreSQL) the module skips.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

PG = os.environ.get("CLAIMGRAPH_TEST_PG")
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"
DEMO = Path(__file__).resolve().parents[1] / "src" / "claimgraph" / "data" / "demo" / "voa_demo.jsonl"

pytestmark = pytest.mark.skipif(not PG, reason="no PostgreSQL server ($CLAIMGRAPH_TEST_PG unset)")


@pytest.fixture
def pg_url() -> Iterator[str]:
    from sqlalchemy import create_engine, text

    assert PG is not None
    name = f"cg_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG.rsplit("/", 1)[0] + "/" + name
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "claimgraph.cli", *args], capture_output=True, text=True)


def _export(db: str) -> str:
    out = _cli("export", "--format", "jsonl", "--db", db)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout


def test_store_round_trip_on_postgres(pg_url: str) -> None:
    from test_store_db import make_doc, make_event

    from claimgraph.store import EventFilter, Store

    store = Store(pg_url)
    store.migrate()
    store.migrate()  # a second migration is a no-op
    doc = make_doc()
    store.save_document(doc, [], raw_id="r1", uri="mem://a")
    assert store.known_ids() >= {doc.id}
    assert [m.id for m in store.mentions()] == ["m1"]
    store.replace_events([make_event()])
    assert len(store.event_records(EventFilter())) == 1
    store.close()


@pytest.mark.slow
def test_seed_run_on_postgres_exports_what_sqlite_exports(pg_url: str, tmp_path: Path) -> None:
    corpus = SEEDS if SEEDS.is_dir() else DEMO
    lite = str(tmp_path / "seeds.db")
    assert _cli("run", str(corpus), "--db", lite, "-q").returncode in (0, 1)
    run = _cli("run", str(corpus), "--db", pg_url, "-q")
    assert run.returncode in (0, 1), run.stderr[-2000:]
    assert _export(pg_url) == _export(lite)
    # a second run adds nothing and changes nothing
    assert _cli("run", str(corpus), "--db", pg_url, "-q").returncode in (0, 1)
    assert _export(pg_url) == _export(lite)


@pytest.mark.slow
def test_two_writers_into_one_postgres_database_lose_and_duplicate_nothing(pg_url: str, tmp_path: Path) -> None:
    lines = DEMO.read_text(encoding="utf-8").splitlines()[:12]
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text("\n".join(lines[:8]) + "\n", encoding="utf-8")
    b.write_text("\n".join(lines[4:]) + "\n", encoding="utf-8")  # 4 documents in both
    migrate = _cli("events", "--db", pg_url, "--json", "--limit", "0")
    assert migrate.returncode == 0, migrate.stderr[-2000:]
    procs = [
        subprocess.Popen([sys.executable, "-m", "claimgraph.cli", "run", str(p), "--db", pg_url, "-q"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
        for p in (a, b)
    ]
    for p in procs:
        _out, err = p.communicate(timeout=600)
        assert p.returncode in (0, 1), err[-2000:]
    # both writers' documents are stored once each, and the events are those of one writer
    # that saw everything
    both = tmp_path / "all.jsonl"
    both.write_text("\n".join(lines) + "\n", encoding="utf-8")
    lite = str(tmp_path / "one.db")
    assert _cli("run", str(both), "--db", lite, "-q").returncode in (0, 1)
    from claimgraph.store import Store

    pg_docs = Store(pg_url).documents_meta()
    assert len(pg_docs) == len({d["id"] for d in pg_docs}) == len(Store(f"sqlite:///{lite}").documents_meta())
    assert _cli("run", str(both), "--db", pg_url, "-q").returncode in (0, 1)  # settles any pending merge
    got = [json.loads(x)["id"] for x in _export(pg_url).splitlines()]
    want = [json.loads(x)["id"] for x in _export(lite).splitlines()]
    assert sorted(got) == sorted(want) and len(got) == len(set(got))
