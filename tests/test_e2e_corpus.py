"""End to end: the bundled demo corpus and the seed pages through `claimgraph run` and export.

The seed-page, incremental-merge and resume tests run on SQLite and on PostgreSQL (`new_store_url`
in conftest; the PostgreSQL case skips without $CLAIMGRAPH_TEST_PG)."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimgraph.cli import app
from claimgraph.resources import data_path
from claimgraph.store import Store

CONTRACT_KEYS = {
    "id", "event_type", "mode", "context", "acled", "actors", "recipients", "date", "location",
    "size", "status", "modality", "claims", "disputes", "documents",
}  # fmt: skip
CHROME = re.compile(
    r"_w\d+_|\.jpg|Link to comment|Share on other sites|newsletter|Sign up for|Previous article|said:$",
    re.I | re.M,
)
runner = CliRunner()


def _md5(path: Path) -> str:
    """The database's content: pages still in the write-ahead log are folded in first (when
    SQLite checkpoints on its own depends on the size of what was written, not on a change)."""
    import sqlite3

    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()
    return hashlib.md5(path.read_bytes()).hexdigest()


def _content(url: str) -> str:
    """What a database holds: a SQLite file's bytes (see `_md5`); on a server every row of every
    table, in key order."""
    if url.startswith("sqlite:///"):
        return _md5(Path(url.removeprefix("sqlite:///")))
    from sqlalchemy import select

    from claimgraph.store import schema

    store = Store(url, create=False)
    digest = hashlib.md5()
    with store.engine.connect() as conn:
        for table in schema.metadata.sorted_tables:
            for row in conn.execute(select(table).order_by(*table.primary_key.columns)):
                digest.update(repr(tuple(row)).encode())
    store.close()
    return digest.hexdigest()


def _run_and_export(paths: list[Path], db: Path | str) -> tuple[int, list[dict], str]:
    result = runner.invoke(app, ["run", *map(str, paths), "--db", str(db), "-q"])
    export = runner.invoke(app, ["export", "--format", "jsonl", "--db", str(db)])
    assert export.exit_code == 0, export.output
    return (
        result.exit_code,
        [json.loads(line) for line in export.stdout.splitlines()],
        export.stdout,
    )


def _check_records(records: list[dict], store: Store) -> None:
    assert records, "no events"
    for rec in records:
        assert CONTRACT_KEYS <= set(rec)
        for claim in rec["claims"]:
            ev = claim["evidence"]
            doc = store.document(claim["document_id"])
            assert doc is not None
            assert doc.text[ev["start"] : ev["end"]] == ev["text"]
            assert ev["segment"] in {"title", "body", "caption"}
            assert not CHROME.search(ev["text"]), ev["text"]


@pytest.mark.slow
def test_e2e_demo_corpus_is_stored_exported_and_idempotent(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    code, records, first = _run_and_export([data_path("demo", "voa_demo.jsonl")], db)
    assert code == 0
    _check_records(records, Store(f"sqlite:///{db}"))
    assert len({r["id"] for r in records}) == len(records)
    assert any(r["event_type"] == "ASSAULT" for r in records)
    before = _md5(db)
    code, _, second = _run_and_export([data_path("demo", "voa_demo.jsonl")], db)
    assert code == 0 and second == first and _md5(db) == before

    # the browsing commands work on what was stored, and read-only commands write nothing
    assault = runner.invoke(
        app, ["events", "--db", str(db), "--type", "ASSAULT", "--json", "--limit", "0"]
    )
    typed = [json.loads(line) for line in assault.stdout.splitlines()]
    assert typed and all(r["event_type"] == "ASSAULT" for r in typed)
    some = records[0]
    shown = runner.invoke(app, ["show", some["id"][:14], "--db", str(db)])
    assert shown.exit_code == 0 and some["claims"][0]["evidence"]["text"][
        :40
    ] in shown.stdout.replace("\n", " ")
    for fmt in ("csv", "geojson", "parquet"):
        out = tmp_path / f"events.{fmt}"
        assert (
            runner.invoke(
                app, ["export", "--format", fmt, "-o", str(out), "--db", str(db)]
            ).exit_code
            == 0
        )
        assert out.stat().st_size > 0
    import pyarrow.parquet as pq

    assert pq.read_table(tmp_path / "events.parquet", columns=["id"])["id"].to_pylist() == [
        r["id"] for r in records
    ]
    assert _md5(db) == before


@pytest.mark.slow
def test_e2e_seed_pages_cite_only_reporting(store_url: str, seeds_dir: Path) -> None:
    code, records, first = _run_and_export([seeds_dir], store_url)
    assert code == 0
    _check_records(records, Store(store_url))
    before = _content(store_url)
    _, _, second = _run_and_export([seeds_dir], store_url)
    assert second == first and _content(store_url) == before


@pytest.mark.slow
def test_e2e_bad_files_are_listed_and_good_ones_stored(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(
        "Syrian government forces shelled the town of Douma on Monday, killing 12 civilians, "
        "the Syrian Observatory for Human Rights said.\n",
        encoding="utf-8",
    )
    (corpus / "latin1.txt").write_bytes(
        "Government troops attacked rebels in Aleppo on Tuesday, the ministry said. Café.\n".encode(
            "latin-1"
        )
    )
    (corpus / "image.bin").write_bytes(bytes(range(256)) * 64)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "huge.txt").write_bytes(b"fighting continued " * 1_100_000)  # ~20 MB
    db = tmp_path / "bad.db"
    result = runner.invoke(app, ["run", str(corpus), "--db", str(db), "-q"])
    assert result.exit_code == 1
    for name in ("image.bin", "empty.txt", "huge.txt"):
        assert name in result.output
    store = Store(f"sqlite:///{db}")
    assert {Path(d["uri"]).name for d in store.documents_meta()} == {"good.txt", "latin1.txt"}
    assert {e.code for e in store.errors()} == {"E001", "E002", "E003"}
    again = runner.invoke(app, ["run", str(corpus), "--db", str(db), "-q"])
    assert again.exit_code == 1  # still says which documents failed


@pytest.mark.slow
def test_e2e_incremental_runs_equal_one_full_run(
    new_store_url: Callable[[str], str], seeds_dir: Path
) -> None:
    """Adding documents one run at a time re-merges only neighbourhoods, yet ends where one
    run over everything ends, ids included; so does a different order."""
    files = sorted(seeds_dir.iterdir())
    _, _, full = _run_and_export(files, new_store_url("full"))
    for name, order in (("forward", files), ("backward", files[::-1])):
        db = new_store_url(name)
        for f in order:
            _, _, export = _run_and_export([f], db)
        assert export == full, name


@pytest.mark.slow
def test_e2e_killed_run_resumes_to_the_same_result(
    new_store_url: Callable[[str], str], tmp_path: Path
) -> None:
    """A run interrupted after two documents keeps them; the next run finishes the job and ends
    exactly where an uninterrupted run ends."""
    from claimgraph.runner import run_corpus

    corpus = tmp_path / "corpus.jsonl"
    lines = data_path("demo", "voa_demo.jsonl").read_text(encoding="utf-8").splitlines()[:5]
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, _, full = _run_and_export([corpus], new_store_url("full"))

    db = new_store_url("killed")
    store = Store(db)

    def die_after_two(done: int, uri: str) -> None:
        if done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_corpus([corpus], store, progress=die_after_two)
    assert store.counts()["documents"] == 2 and store.counts()["events"] == 0
    store.close()
    _, _, resumed = _run_and_export([corpus], db)
    assert resumed == full


@pytest.mark.slow
def test_e2e_process_pool_gives_the_same_events(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    lines = data_path("demo", "voa_demo.jsonl").read_text(encoding="utf-8").splitlines()[:3]
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, _, one = _run_and_export([corpus], tmp_path / "one.db")
    result = runner.invoke(
        app, ["run", str(corpus), "--db", str(tmp_path / "two.db"), "--workers", "2", "-q"]
    )
    assert result.exit_code == 0, result.output
    two = runner.invoke(app, ["export", "--db", str(tmp_path / "two.db")]).stdout
    assert two == one
