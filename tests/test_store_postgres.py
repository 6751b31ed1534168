"""The store on a real PostgreSQL server, beside SQLite (issue 19).

`.ci/run` starts a throwaway cluster and sets $CLAIMGRAPH_TEST_PG to a URL of its maintenance
database; each test makes its own database there and drops it (`pg_url` in conftest). Without the
variable (a laptop without PostgreSQL) the module skips. The store tests (`test_store_db`), the
end-to-end seed and incremental-merge tests (`test_e2e_corpus`) also run on both databases
(`store_url`).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

PG = os.environ.get("CLAIMGRAPH_TEST_PG")
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"
DEMO = (
    Path(__file__).resolve().parents[1] / "src" / "claimgraph" / "data" / "demo" / "voa_demo.jsonl"
)

pytestmark = pytest.mark.skipif(not PG, reason="no PostgreSQL server ($CLAIMGRAPH_TEST_PG unset)")


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "claimgraph.cli", *args], capture_output=True, text=True
    )


def _export(db: str) -> str:
    out = _cli("export", "--format", "jsonl", "--db", db)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout


def test_store_same_document_from_two_writers_at_once(pg_url: str) -> None:
    """Writer B stores a document while writer A's transaction inserting it is still open: B
    waits on A's row, meets A's committed key, tries again and replaces it, as a re-run does."""
    from sqlalchemy import insert
    from test_store_db import make_doc

    from claimgraph.store import Store, schema

    a, b = Store(pg_url), Store(pg_url)
    doc = make_doc()
    failed: list[BaseException] = []

    def writer_b() -> None:
        try:
            b.save_document(doc, [], raw_id=doc.id, uri=doc.uri)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            failed.append(exc)

    with a.engine.connect() as conn:
        tx = conn.begin()
        conn.execute(insert(schema.documents).values(id=doc.id, uri="mem://a", status="ok", n_mentions=0, text="",
                                                     record="{}"))  # fmt: skip
        thread = threading.Thread(target=writer_b)
        thread.start()
        time.sleep(1.0)  # B is blocked on A's uncommitted row
        tx.commit()
    thread.join(timeout=60)
    assert not failed and not thread.is_alive()
    assert b.counts()["documents"] == 1 and b.counts()["mentions"] == 1
    back = b.document(doc.id)
    assert back is not None and back.text == doc.text
    a.close()
    b.close()


def test_store_merge_lock_lets_one_run_merge_at_a_time(pg_url: str) -> None:
    from claimgraph.store import Store

    a, b = Store(pg_url), Store(pg_url)
    order: list[str] = []

    def merge_b() -> None:
        with b.merge_lock():
            order.append("b")

    with a.merge_lock():
        thread = threading.Thread(target=merge_b)
        thread.start()
        time.sleep(1.0)
        order.append("a done")
    thread.join(timeout=60)
    assert order == ["a done", "b"]
    a.close()
    b.close()


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
def test_two_runs_at_once_into_one_postgres_database_equal_one_run(
    pg_url: str, tmp_path: Path
) -> None:
    """Two `claimgraph run`s start together on an empty database (both migrate) over inputs that
    share four documents, met in opposite orders: every document is stored once, no error row,
    nothing left pending, and the export is byte for byte that of one run over everything."""
    lines = DEMO.read_text(encoding="utf-8").splitlines()[:12]
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text("\n".join(lines[:8]) + "\n", encoding="utf-8")
    b.write_text(
        "\n".join(lines[7:3:-1] + lines[8:]) + "\n", encoding="utf-8"
    )  # 7, 6, 5, 4, then 8-11
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "claimgraph.cli", "run", str(p), "--db", pg_url, "-q"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for p in (a, b)
    ]
    for p in procs:
        _out, err = p.communicate(timeout=900)
        assert p.returncode == 0, err[-2000:]
    both = tmp_path / "all.jsonl"
    both.write_text("\n".join(lines) + "\n", encoding="utf-8")
    lite = str(tmp_path / "one.db")
    assert _cli("run", str(both), "--db", lite, "-q").returncode == 0
    from claimgraph.store import Store

    pg, one = Store(pg_url), Store(f"sqlite:///{lite}")
    pg_docs = pg.documents_meta()
    assert len(pg_docs) == len({d["id"] for d in pg_docs}) == len(one.documents_meta()) == 12
    assert pg.errors() == [] and pg.pending_merge() == []
    assert pg.counts() == one.counts()
    assert _export(pg_url) == _export(lite)
