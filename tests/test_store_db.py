"""The store on SQLite and, when $CLAIMGRAPH_TEST_PG names a server, on PostgreSQL (`store_url`)."""

from pathlib import Path

from sqlalchemy import inspect

from claimgraph.model import (
    DocError, Document, Event, EventMention, Evidence, Segment, SegmentKind, Span, TimeRef,
)  # fmt: skip
from claimgraph.store import EventFilter, Store


def make_doc(doc_id: str = "d" * 64) -> Document:
    text = "Rebels shelled Douma on Monday."
    doc = Document(
        id=doc_id, uri="mem://a", text=text,
        segments=[Segment(kind=SegmentKind.body, start=0, end=len(text), lang="en")],
    )  # fmt: skip
    doc.mentions.append(
        EventMention(
            id="m1", document_id=doc_id, event_type="ASSAULT", trigger=Span(start=7, end=14, text="shelled"),
            evidence=Evidence(text=text, segment="body", start=0, end=len(text)),
            date=TimeRef(value="2020-01-06", type="exact"),
        )
    )  # fmt: skip
    return doc


def make_event(status: str = "reported") -> Event:
    ev = Evidence(text="x", segment="body", start=0, end=1)
    from claimgraph.model import Claim

    return Event(
        id="evt_a", event_type="ASSAULT", status=status, date=TimeRef(value="2020-01-06"),
        claims=[Claim(document_id="d" * 64, evidence=ev)], documents=["d" * 64],
    )  # fmt: skip


def test_store_migrates_and_uses_wal(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'x.db'}")
    names = set(inspect(store.engine).get_table_names())
    assert {"documents", "mentions", "events", "doc_errors", "alembic_version"} <= names
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    Store(store.url)  # a second open finds the schema current


def test_store_document_roundtrip_and_rewrite(store_url: str) -> None:
    store = Store(store_url)
    doc = make_doc()
    store.save_document(doc, [], doc.id, doc.uri)
    store.save_document(doc, [], doc.id, doc.uri)  # same again: replaced, not duplicated
    assert store.counts()["mentions"] == 1
    back = store.document(doc.id)
    assert back is not None and back.text == doc.text and back.mentions[0].id == "m1"
    assert store.known_ids() == {doc.id}


def test_store_errors_are_rows(store_url: str) -> None:
    store = Store(store_url)
    err = DocError(doc_id="e" * 64, stage="ingest", code="E001", message="binary file", uri="x.bin")
    store.save_errors([err, err])
    assert store.errors() == [err]
    assert "e" * 64 in store.known_ids()


def test_store_replace_events_writes_only_changes(store_url: str) -> None:
    store = Store(store_url)
    assert store.replace_events([make_event()]) == (1, 0, 0)
    assert store.replace_events([make_event()]) == (0, 0, 0)
    assert store.replace_events([make_event("contested")]) == (0, 1, 0)
    assert store.event_records(EventFilter(event_type="assault"))[0]["status"] == "contested"
    assert store.event_record("evt_")["id"] == "evt_a"  # unique prefix
    assert store.replace_events([]) == (0, 0, 1)


def test_store_migration_from_0001_keeps_rows(tmp_path: Path) -> None:
    """An older database is brought to head without losing what it holds."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    import claimgraph.store as store_pkg

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(store_pkg.__file__).parent / "migrations"))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.exec_driver_sql(
            "INSERT INTO doc_errors (doc_id, stage, uri, code, message) VALUES ('x', 'ingest', 'u', 'E002', 'empty file')"
        )
    store = Store(url)
    assert "event_mentions" in inspect(store.engine).get_table_names()
    assert store.errors()[0].code == "E002"


def test_store_publication_date_without_year_is_not_given_one(store_url: str) -> None:
    from claimgraph.model import PubDate

    store = Store(store_url)
    doc = make_doc()
    doc.published = PubDate(value="0004-04-18", year_known=False)
    store.save_document(doc, [], doc.id, doc.uri)
    assert store.documents_meta()[0]["published"] == "--04-18"
