"""Issue 16 on the command line: exit codes, storage faults in one line, read-only databases,
and source-derived text made safe for the terminal."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimgraph.cli import app
from claimgraph.errors import EXIT_STORAGE
from claimgraph.model import DocError
from claimgraph.store import Store

runner = CliRunner()
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


# -- item 2: exit codes and storage faults ---------------------------------------------------------


def test_reliability_disk_full_is_one_line_and_exit_3(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import claimgraph.store as store_mod

    real = store_mod._sqlite_pragmas

    def tiny(dbapi_conn, record):  # type: ignore[no-untyped-def]
        real(dbapi_conn, record)
        dbapi_conn.execute(
            "PRAGMA max_page_count=40"
        )  # SQLite then says 'database or disk is full'

    monkeypatch.setattr(store_mod, "_sqlite_pragmas", tiny)
    corpus = tmp_path / "c.txt"
    corpus.write_text("Rebels shelled the town on Monday. " * 3000)
    result = runner.invoke(app, ["run", str(corpus), "--db", str(tmp_path / "x.db"), "-q"])
    assert result.exit_code == EXIT_STORAGE, result.output
    assert "database or disk is full" in result.output and "Traceback" not in result.output
    assert result.output.count("\n") == 2 and "hint: is the disk full" in result.output


def test_reliability_missing_db_folder_is_exit_3(tmp_path: Path) -> None:
    result = runner.invoke(app, ["events", "--db", str(tmp_path / "nope" / "x.db")])
    assert (
        result.exit_code == EXIT_STORAGE
        and "no database at" in result.output
        and "Traceback" not in result.output
    )
    result = runner.invoke(app, ["run", str(tmp_path), "--db", str(tmp_path / "nope" / "x.db")])
    assert result.exit_code == EXIT_STORAGE and "unable to open database file" in result.output


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_reliability_read_only_database_opens_for_reading(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "x.db"
    store = Store(f"sqlite:///{db}")
    store.save_errors(
        [DocError(doc_id="d", stage="ingest", code="E002", message="empty file", uri="a.txt")]
    )
    store.close()
    assert not (folder / "x.db-wal").exists()
    if IS_ROOT:  # root writes through permissions: say what a read-only mount would
        import claimgraph.store as store_mod

        monkeypatch.setattr(store_mod, "_writable", lambda path: False)
    (tmp_path / "in.txt").write_text("Rebels shelled the town.")
    db.chmod(0o444)
    folder.chmod(0o555)
    try:
        for args in (["events"], ["errors"], ["export", "-f", "csv"]):
            result = runner.invoke(app, [*args, "--db", str(db)])
            assert result.exit_code == 0, (args, result.output)
        assert "empty file" in runner.invoke(app, ["errors", "--db", str(db)]).output
        result = runner.invoke(app, ["run", str(tmp_path / "in.txt"), "--db", str(db), "-q"])
        assert (
            result.exit_code == EXIT_STORAGE
            and "read-only" in result.output
            and "Traceback" not in result.output
        )
    finally:
        folder.chmod(0o755)
        db.chmod(0o644)
    if not IS_ROOT:  # read as immutable: nothing written beside it
        assert sorted(p.name for p in folder.iterdir()) == ["x.db"]


def test_reliability_exit_codes_are_documented() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert "3 the database cannot" in readme
    for args in (["--help"], ["run", "--help"]):
        out = runner.invoke(app, args).output
        assert "Exit codes" in out and "3  the database" in out


# -- item 5: terminal output of source-derived text --------------------------------------------

_HOSTILE = "\x1b[2J[link=file:///etc/passwd]x[/link] :fire: \x07\u202e"


def test_reliability_show_events_errors_escape_source_text(tmp_path: Path) -> None:
    from claimgraph.store import schema

    url = f"sqlite:///{tmp_path / 'x.db'}"
    store = Store(url)
    claim = {"stance": "asserts", "speaker": _HOSTILE, "outlet": _HOSTILE, "published": "2020-01-01",
             "document_id": "d" * 64, "evidence": {"segment": 0, "start": 0, "end": 5, "text": _HOSTILE}}  # fmt: skip
    record = {"id": "evt_hostile", "event_type": "ASSAULT", "mode": [], "date": {"value": "2020-01-01"},
              "actors": [{"name": _HOSTILE}], "recipients": [], "location": {"name": _HOSTILE},
              "status": "reported", "modality": "asserted", "n_sources": 1, "claims": [claim],
              "disputes": [{"field": _HOSTILE, "values": [{"value": _HOSTILE, "claims": [0]}]}]}  # fmt: skip
    with store.engine.begin() as conn:
        conn.execute(schema.events.insert().values(id="evt_hostile", event_type="ASSAULT", date="2020-01-01",
                                                   status="reported", n_sources=1, record=json.dumps(record)))  # fmt: skip
    store.save_errors(
        [DocError(doc_id="x", stage="ingest", code="E001", message=_HOSTILE, uri=_HOSTILE)]
    )
    for args in (["events"], ["show", "evt_hostile"], ["errors"]):
        out = runner.invoke(app, [*args, "--db", url]).output
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out, args
        assert "[link=file:///etc/passwd]" in out and ":fire:" in out, (args, out)
