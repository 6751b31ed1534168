"""Store: documents, mentions, events and per-document errors in SQLite (default) or PostgreSQL.

In: `Processed` results from the pipeline and `Event`s from merge. Out: event records for
export/API. Every write of one document (its row, its mentions, its errors) is one transaction,
so a killed run never leaves a document half-written. Writes happen only when something changed:
re-running the same corpus leaves the database file byte-identical.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, delete, event, insert, select, update

from claimgraph.model import DocError, Document, Event, EventMention
from claimgraph.store import schema

__all__ = ["Store", "default_url", "EventFilter"]

DEFAULT_DB = "claimgraph.db"


def default_url(db: str | None = None) -> str:
    """`--db` value, else $CLAIMGRAPH_DB, else ./claimgraph.db. A bare path means SQLite."""
    value = db or os.environ.get("CLAIMGRAPH_DB") or DEFAULT_DB
    if "://" in value:
        return value
    return f"sqlite:///{Path(value)}"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@dataclass
class EventFilter:
    event_type: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    actor: str | None = None
    place: str | None = None
    status: str | None = None
    limit: int | None = None


class Store:
    def __init__(self, url: str | None = None, engine: Engine | None = None) -> None:
        self.url = url or default_url()
        self.engine = engine or create_engine(self.url, future=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self.migrate()

    # -- schema -------------------------------------------------------------------------
    def migrate(self) -> None:
        """Bring the schema to the newest Alembic revision (no-op when already there)."""
        from alembic import command
        from alembic.config import Config
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        cfg = Config()
        cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
        head = ScriptDirectory.from_config(cfg).get_current_head()
        with self.engine.connect() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
        if current == head:
            return
        with self.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    @contextmanager
    def _tx(self) -> Iterator[Any]:
        with self.engine.begin() as conn:
            yield conn

    # -- documents ----------------------------------------------------------------------
    def known_ids(self) -> set[str]:
        """Ids of documents already stored or already recorded as failed."""
        with self.engine.connect() as conn:
            ids = {r[0] for r in conn.execute(select(schema.documents.c.id))}
            ids |= {r[0] for r in conn.execute(select(schema.doc_errors.c.doc_id))}
        return ids

    def save_document(self, doc: Document | None, errors: list[DocError], raw_id: str, uri: str) -> None:
        """Write one document, its mentions and its errors in a single transaction."""
        with self._tx() as conn:
            conn.execute(delete(schema.mentions).where(schema.mentions.c.document_id == raw_id))
            conn.execute(delete(schema.doc_errors).where(schema.doc_errors.c.doc_id == raw_id))
            conn.execute(delete(schema.documents).where(schema.documents.c.id == raw_id))
            if doc is not None:
                record = doc.model_dump(mode="json", exclude={"text"})
                conn.execute(
                    insert(schema.documents).values(
                        id=doc.id,
                        uri=doc.uri,
                        url=doc.url,
                        title=doc.title,
                        outlet=doc.outlet,
                        media_type=doc.media_type,
                        published=doc.published.value if doc.published else None,
                        status="failed" if errors else "ok",
                        n_mentions=len(doc.mentions),
                        text=doc.text,
                        record=_dumps(record),
                    )
                )
                rows = [
                    {
                        "id": m.id,
                        "document_id": doc.id,
                        "event_type": m.event_type,
                        "date": m.date.value if m.date else None,
                        "record": _dumps(m.model_dump(mode="json")),
                    }
                    for m in _unique_mentions(doc.mentions)
                ]
                if rows:
                    conn.execute(insert(schema.mentions), rows)
            if errors:
                self._insert_errors(conn, errors)

    def save_errors(self, errors: Iterable[DocError]) -> None:
        with self._tx() as conn:
            self._insert_errors(conn, list(errors))

    @staticmethod
    def _insert_errors(conn: Any, errors: list[DocError]) -> None:
        seen: set[tuple[str, str]] = set()
        for e in errors:
            if (e.doc_id, e.stage) in seen:
                continue
            seen.add((e.doc_id, e.stage))
            conn.execute(delete(schema.doc_errors).where(
                (schema.doc_errors.c.doc_id == e.doc_id) & (schema.doc_errors.c.stage == e.stage)
            ))  # fmt: skip
            conn.execute(
                insert(schema.doc_errors).values(
                    doc_id=e.doc_id, stage=e.stage, uri=e.uri, code=e.code, message=e.message
                )
            )

    def document(self, doc_id: str) -> Document | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(schema.documents.c.record, schema.documents.c.text).where(
                    schema.documents.c.id == doc_id
                )
            ).first()
        if row is None:
            return None
        data = json.loads(row.record)
        data["text"] = row.text
        return Document.model_validate(data)

    def documents_meta(self) -> list[dict[str, Any]]:
        cols = schema.documents.c
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(cols.id, cols.uri, cols.url, cols.title, cols.outlet, cols.published,
                       cols.status, cols.n_mentions).order_by(cols.uri)
            )  # fmt: skip
            return [dict(r._mapping) for r in rows]

    def errors(self) -> list[DocError]:
        t = schema.doc_errors
        with self.engine.connect() as conn:
            rows = conn.execute(select(t).order_by(t.c.uri, t.c.stage))
            return [DocError(**dict(r._mapping)) for r in rows]

    # -- mentions and events --------------------------------------------------------------
    def mentions(self) -> list[EventMention]:
        t = schema.mentions
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.c.record).order_by(t.c.id))
            return [EventMention.model_validate_json(r.record) for r in rows]

    def merge_inputs(self) -> tuple[list[EventMention], dict[str, Any]]:
        """All mentions plus, per document, what merge needs to know about its source."""
        from claimgraph.merge import MergeDoc

        docs: dict[str, Any] = {}
        cols = schema.documents.c
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(cols.id, cols.outlet, cols.published, cols.url, cols.text, cols.record)
            )
            for r in rows:
                docs[r.id] = MergeDoc(
                    id=r.id, outlet=r.outlet, published=r.published, url=r.url,
                    text=_citable_text(r.text, json.loads(r.record)),
                )  # fmt: skip
        return self.mentions(), docs

    def replace_events(self, events: list[Event]) -> tuple[int, int, int]:
        """Make the events table equal `events`; touch only rows that changed.

        Returns (added, changed, removed).
        """
        from claimgraph.export import event_record

        wanted = {e.id: (e, _dumps(event_record(e))) for e in events}
        t = schema.events
        with self.engine.connect() as conn:
            have = {r.id: r.record for r in conn.execute(select(t.c.id, t.c.record))}
        added = [i for i in wanted if i not in have]
        changed = [i for i in wanted if i in have and have[i] != wanted[i][1]]
        removed = [i for i in have if i not in wanted]
        if not (added or changed or removed):
            return 0, 0, 0
        with self._tx() as conn:
            if removed:
                conn.execute(delete(t).where(t.c.id.in_(removed)))
            for i in added:
                conn.execute(insert(t).values(**_event_columns(*wanted[i])))
            for i in changed:
                conn.execute(update(t).where(t.c.id == i).values(**_event_columns(*wanted[i])))
        return len(added), len(changed), len(removed)

    def event_records(self, flt: EventFilter | None = None) -> list[dict[str, Any]]:
        flt = flt or EventFilter()
        t = schema.events
        q = select(t.c.record).order_by(t.c.date, t.c.id)
        if flt.event_type:
            q = q.where(t.c.event_type == flt.event_type.upper())
        if flt.date_from:
            q = q.where(t.c.date >= flt.date_from)
        if flt.date_to:
            q = q.where(t.c.date <= flt.date_to)
        if flt.status:
            q = q.where(t.c.status == flt.status)
        with self.engine.connect() as conn:
            records = [json.loads(r.record) for r in conn.execute(q)]
        if flt.actor:
            needle = flt.actor.lower()
            records = [
                r for r in records
                if any(needle in (a.get("name") or "").lower() or needle == (a.get("actor_id") or "").lower()
                       for a in r["actors"] + r["recipients"])
            ]  # fmt: skip
        if flt.place:
            needle = flt.place.lower()
            records = [
                r for r in records
                if r.get("location") and (needle in (r["location"].get("name") or "").lower()
                                          or needle == (r["location"].get("country") or "").lower())
            ]  # fmt: skip
        if flt.limit:
            records = records[: flt.limit]
        return records

    def event_record(self, event_id: str) -> dict[str, Any] | None:
        t = schema.events
        with self.engine.connect() as conn:
            row = conn.execute(select(t.c.record).where(t.c.id == event_id)).first()
            if row is None:  # allow unique prefixes, as git does
                rows = conn.execute(select(t.c.record).where(t.c.id.like(f"{event_id}%"))).all()
                row = rows[0] if len(rows) == 1 else None
        return json.loads(row.record) if row else None

    def counts(self) -> dict[str, int]:
        from sqlalchemy import func

        out = {}
        with self.engine.connect() as conn:
            for name, t in (("documents", schema.documents), ("mentions", schema.mentions),
                            ("events", schema.events), ("errors", schema.doc_errors)):  # fmt: skip
                out[name] = conn.execute(select(func.count()).select_from(t)).scalar_one()
        return out

    def close(self) -> None:
        self.engine.dispose()


def _unique_mentions(mentions: list[EventMention]) -> list[EventMention]:
    seen: dict[str, EventMention] = {}
    for m in mentions:
        seen.setdefault(m.id, m)
    return list(seen.values())


def _citable_text(text: str, record: dict[str, Any]) -> str:
    kinds = {"title", "body", "caption"}
    parts = [text[s["start"] : s["end"]] for s in record.get("segments", []) if s["kind"] in kinds]
    return "\n".join(parts) if parts else text


def _event_columns(e: Event, record: str) -> dict[str, Any]:
    loc = e.location
    return {
        "id": e.id,
        "event_type": e.event_type,
        "date": e.date.value if e.date else None,
        "location": loc.name if loc else None,
        "country": loc.country if loc else None,
        "lat": loc.lat if loc else None,
        "lon": loc.lon if loc else None,
        "status": e.status,
        "n_sources": e.n_sources,
        "record": record,
    }
