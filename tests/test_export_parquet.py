"""The Parquet export as pandas and DuckDB users read it: the documented types (docs/ARCHITECTURE.md,
"Parquet export"), the JSONL export's rows in its order, one file or a hive-partitioned folder."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest
from test_export_formats import _claim, make_event
from typer.testing import CliRunner

from claimgraph.cli import app
from claimgraph.export.parquet import SCHEMA, UNDATED, write_parquet
from claimgraph.model import ActorRef, Count, Dispute, DisputeValue, Place, Size, TimeRef
from claimgraph.store import Store

runner = CliRunner()

# the types docs/ARCHITECTURE.md promises, as DuckDB names them
DUCKDB_TYPES = {
    "id": "VARCHAR", "event_type": "VARCHAR", "mode": "VARCHAR[]", "date": "DATE", "date_end": "DATE",
    "date_granularity": "VARCHAR", "latitude": "DOUBLE", "longitude": "DOUBLE", "geonames_id": "BIGINT",
    "country_code": "VARCHAR", "dead_best": "BIGINT", "fatalities": "BIGINT", "n_sources": "INTEGER",
    "n_claims": "INTEGER", "documents": "VARCHAR[]",
    "actors": "STRUCT(\"name\" VARCHAR, actor_id VARCHAR, country VARCHAR, sector VARCHAR, wikidata VARCHAR)[]",
    "claims": "STRUCT(document_id VARCHAR, outlet VARCHAR, published DATE, speaker VARCHAR, stance VARCHAR, "
              "modality VARCHAR, evidence STRUCT(\"text\" VARCHAR, segment VARCHAR, \"start\" INTEGER, "
              "\"end\" INTEGER), mention_id VARCHAR, source_group VARCHAR)[]",
    "disputes": "STRUCT(field VARCHAR, \"values\" STRUCT(\"value\" VARCHAR, claims INTEGER[])[])[]",
}  # fmt: skip


def _events() -> list[Any]:
    """Three months, an undated event, a year-unknown claim date, a numeric dispute value."""
    return [
        make_event(),
        make_event(id="evt_2", date=TimeRef(value="2015-12-01", end_value="2015-12-03", granularity="day", type="range"),
                   size=Size(dead=Count(low=3, best=None, high=9))),
        make_event(id="evt_3", date=TimeRef(value="2016-01-10", granularity="month", type="approximate"),
                   location=None, size=Size(),
                   claims=[_claim("Rebels denied it.", stance="deny", published="--04-18"),
                           _claim("Forty were killed.", doc="d2", outlet=None)],
                   disputes=[Dispute(field="size.dead", values=[DisputeValue(value=40, claims=[1]),
                                                                DisputeValue(value="many", claims=[0])])]),
        make_event(id="evt_4", date=None, actors=[ActorRef(name="gunmen")], recipients=[],
                   location=Place(name="Syria", country="SY", precision="country")),
    ]  # fmt: skip


@pytest.fixture
def db(tmp_path: Path) -> str:
    (tmp_path / "db").mkdir()
    path = tmp_path / "db" / "events.db"
    store = Store(f"sqlite:///{path}")
    store.replace_events(_events())
    store.close()
    return str(path)


def _export(db: str, *args: str) -> str:
    result = runner.invoke(app, ["export", "--db", db, *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def _jsonl(db: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in _export(db, "--format", "jsonl").splitlines()]


def _same_rows(rows: list[dict[str, Any]], records: list[dict[str, Any]]) -> None:
    """Parquet rows (as Python values) hold what the JSONL records hold, in the same order."""
    assert [r["id"] for r in rows] == [r["id"] for r in records]
    for row, rec in zip(rows, records):
        value = (rec["date"] or {}).get("value")
        assert row["date"] == (dt.date.fromisoformat(value) if value else None)
        assert row["event_type"] == rec["event_type"] and row["status"] == rec["status"]
        assert list(row["mode"]) == rec["mode"] and list(row["documents"]) == rec["documents"]
        assert [c["evidence"]["text"] for c in row["claims"]] == [
            c["evidence"]["text"] for c in rec["claims"]
        ]
        assert [c["document_id"] for c in row["claims"]] == [
            c["document_id"] for c in rec["claims"]
        ]
        assert [a["name"] for a in row["actors"]] == [a["name"] for a in rec["actors"]]
        loc = rec["location"] or {}
        assert (row["latitude"], row["country_code"]) == (loc.get("lat"), loc.get("country"))
        dead = (rec["size"] or {}).get("dead") or {}
        assert (row["dead_low"], row["dead_best"], row["dead_high"]) == (
            dead.get("low"),
            dead.get("best"),
            dead.get("high"),
        )
        assert [d["field"] for d in row["disputes"]] == [d["field"] for d in rec["disputes"]]


def test_export_parquet_file_reads_in_duckdb_with_the_documented_types(
    db: str, tmp_path: Path
) -> None:
    out = tmp_path / "events.parquet"
    _export(db, "--format", "parquet", "-o", str(out))
    con = duckdb.connect()
    types = {
        name: typ
        for name, typ, *_ in con.execute(
            "DESCRIBE SELECT * FROM read_parquet(?)", [str(out)]
        ).fetchall()
    }
    assert list(types) == SCHEMA.names
    for col, typ in DUCKDB_TYPES.items():
        assert types[col] == typ, col
    rel = con.execute("SELECT * FROM read_parquet(?)", [str(out)])
    cols = [d[0] for d in rel.description]
    rows = [dict(zip(cols, r)) for r in rel.fetchall()]
    _same_rows(rows, _jsonl(db))
    # what an analyst writes: one row per claim, unknown counts are NULL (never 0)
    per_claim = con.execute(
        "SELECT id, c.stance, c.published FROM read_parquet(?), UNNEST(claims) AS t(c) ORDER BY id, c.stance",
        [str(out)],
    ).fetchall()
    assert ("evt_3", "deny", None) in per_claim and len(per_claim) == 5
    assert con.execute(
        "SELECT fatalities FROM read_parquet(?) WHERE id = 'evt_3'", [str(out)]
    ).fetchone() == (None,)
    assert con.execute(
        'SELECT d."values"[1]."value" FROM read_parquet(?), UNNEST(disputes) AS t(d)', [str(out)]
    ).fetchall() == [("40",)]


def test_export_parquet_file_reads_in_pandas_with_the_documented_types(
    db: str, tmp_path: Path
) -> None:
    out = tmp_path / "events.parquet"
    _export(db, "--format", "parquet", "-o", str(out))
    assert pq.read_schema(out).remove_metadata() == SCHEMA
    df = pd.read_parquet(out)
    assert list(df.columns) == SCHEMA.names
    # pandas' default: dates as datetime.date objects, unknown counts NaN in float64
    assert df["date"].map(type).tolist() == [type(None), dt.date, dt.date, dt.date]
    assert str(df["latitude"].dtype) == "float64" and str(df["n_sources"].dtype) == "int32"
    nullable = pd.read_parquet(out, dtype_backend="numpy_nullable")
    assert str(nullable["fatalities"].dtype) == "Int64" and nullable["fatalities"].tolist()[1:] == [
        3,
        6,
        pd.NA,
    ]
    _same_rows(df.astype(object).where(df.notna(), None).to_dict("records"), _jsonl(db))


def test_export_parquet_partitioned_folder_is_hive_style(db: str, tmp_path: Path) -> None:
    out = tmp_path / "events"
    _export(db, "--format", "parquet", "--partition", "year_month", "-o", str(out))
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.parquet")) == [
        "year_month=2015-12/part-0.parquet", "year_month=2016-01/part-0.parquet",
        f"year_month={UNDATED}/part-0.parquet",
    ]  # fmt: skip
    records = {r["id"]: r for r in _jsonl(db)}
    con = duckdb.connect()
    got = con.execute(
        "SELECT id, year_month, date FROM read_parquet(?, hive_partitioning = true) ORDER BY date NULLS FIRST, id",
        [str(out / "*" / "*.parquet")],
    ).fetchall()
    assert [g[0] for g in got] == list(records)
    assert [g[1] for g in got] == ["undated", "2015-12", "2015-12", "2016-01"]
    df = pd.read_parquet(out)
    assert sorted(df["id"]) == sorted(records) and (df["year_month"] == "undated").sum() == 1
    by_id = {
        row["id"]: row
        for row in df.drop(columns="year_month")
        .astype(object)
        .where(df.notna(), None)
        .to_dict("records")
    }
    _same_rows([by_id[i] for i in records], list(records.values()))


def test_export_parquet_is_byte_identical_and_replaces_only_its_own_folder(
    db: str, tmp_path: Path
) -> None:
    one, folder = tmp_path / "a.parquet", tmp_path / "parts"
    _export(db, "--format", "parquet", "-o", str(one))
    _export(db, "--format", "parquet", "--partition", "year", "-o", str(folder))
    first = (one.read_bytes(), {p: p.read_bytes() for p in folder.rglob("*.parquet")})
    _export(db, "--format", "parquet", "-o", str(one))
    _export(
        db, "--format", "parquet", "--partition", "year", "-o", str(folder)
    )  # an earlier export: replaced
    assert (one.read_bytes(), {p: p.read_bytes() for p in folder.rglob("*.parquet")}) == first
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "a.parquet",
        "db",
        "parts",
    ]  # no temporary left
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    refused = runner.invoke(
        app, ["export", "--db", db, "--format", "parquet", "--partition", "year", "-o", str(folder)]
    )
    assert (
        refused.exit_code == 2 and "notes.txt" in refused.output and (folder / "notes.txt").exists()
    )


def test_export_parquet_needs_a_path_and_partition_needs_parquet(db: str, tmp_path: Path) -> None:
    no_path = runner.invoke(app, ["export", "--db", db, "--format", "parquet"])
    assert no_path.exit_code == 2 and "-o" in no_path.output
    csv_parts = runner.invoke(
        app,
        ["export", "--db", db, "--format", "csv", "--partition", "year", "-o", str(tmp_path / "x")],
    )
    assert csv_parts.exit_code == 2 and "--partition" in csv_parts.output
    folder = runner.invoke(app, ["export", "--db", db, "--format", "parquet", "-o", str(tmp_path)])
    assert folder.exit_code == 2 and "--partition" in folder.output
    assert "Traceback" not in no_path.output + csv_parts.output + folder.output


def test_export_parquet_writes_a_row_group_per_batch(db: str, tmp_path: Path) -> None:
    """Rows go to disk batch by batch as they arrive (memory flat in the number of events)."""
    records = _jsonl(db)
    pulled: list[int] = []

    def lazily() -> Any:
        for i, rec in enumerate(records):
            pulled.append(i)
            yield rec

    out = tmp_path / "b.parquet"
    assert write_parquet(lazily(), out, batch_rows=2).events == 4
    assert pq.ParquetFile(out).metadata.num_row_groups == 2 and pulled == [0, 1, 2, 3]
