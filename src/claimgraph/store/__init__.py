"""Store: documents, mentions, events and per-document errors in SQLite (default) or PostgreSQL.

In: `Processed` results from the pipeline and `Event`s from merge. Out: event records for
export/API. Every write of one document (its row, its mentions, its errors) is one transaction,
so a killed run never leaves a document half-written. Writes happen only when something changed:
re-running the same corpus leaves the database file byte-identical.

The schema is migrated in one transaction that holds SQLite's write lock from its first statement
(`BEGIN IMMEDIATE`), so two first runs at once apply it once and a run killed while migrating
leaves the database as it was. A SQLite file that cannot be written (permissions, a read-only
file system) is opened read-only, without the WAL pragma, so reading commands work on it; writing
to it, or a full disk, raises SQLAlchemy's `OperationalError`, and a schema it would have to
upgrade raises `StoreError`.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, delete, event, insert, make_url, select, text
from sqlalchemy.exc import IntegrityError

from claimgraph.export import event_record
from claimgraph.merge import MergeDoc
from claimgraph.merge.features import mention_country, when
from claimgraph.model import DocError, Document, Event, EventMention
from claimgraph.store import schema

log = logging.getLogger(__name__)

__all__ = ["Store", "StoreError", "default_url", "EventFilter"]

DEFAULT_DB = "claimgraph.db"
#: event rows fetched per round trip when records are streamed (export)
EXPORT_BATCH = 1000
#: PostgreSQL advisory lock keys (any constants unique to claimgraph): one migration at a time,
#: one merge at a time
_PG_MIGRATE_LOCK = 0x636C6731
_PG_MERGE_LOCK = 0x636C6732
#: seconds a connection waits for another process's write lock (a migration, a document)
_BUSY_TIMEOUT_S = 60.0


class StoreError(Exception):
    """The database cannot be used as asked (one line, for the command line)."""


def default_url(db: str | None = None) -> str:
    """`--db` value, else $CLAIMGRAPH_DB, else ./claimgraph.db. A bare path means SQLite."""
    value = db or os.environ.get("CLAIMGRAPH_DB") or DEFAULT_DB
    if "://" in value:
        return value
    return f"sqlite:///{Path(value)}"


def _shown(url: str) -> str:
    """A URL for messages: its password hidden, a SQLite URL as its path."""
    return make_url(url).render_as_string(hide_password=True).removeprefix("sqlite:///")


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _sqlite_readonly_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL (None: not SQLite, or in memory)."""
    parsed = make_url(url)
    if (
        parsed.get_backend_name() != "sqlite"
        or not parsed.database
        or parsed.database == ":memory:"
    ):
        return None
    return Path(parsed.database)


def _writable(path: Path) -> bool:
    """Whether SQLite can write `path` and its journal beside it (False on a read-only mount)."""
    folder = path.parent if str(path.parent) else Path(".")
    if path.exists():
        return os.access(path, os.W_OK) and os.access(folder, os.W_OK)
    return (
        os.access(folder, os.W_OK) if folder.exists() else True
    )  # a missing folder fails on connect


def _readonly_engine(path: Path) -> Engine:
    import sqlite3
    from urllib.parse import quote

    wal = path.with_name(path.name + "-wal")
    shm = path.with_name(path.name + "-shm")
    # WAL needs its -shm index; where it cannot be created, a database closed cleanly (no -wal
    # left) is read as immutable, without locks
    if shm.exists() or os.access(path.parent, os.W_OK) or wal.exists():
        mode = "mode=ro"
    else:
        mode = "immutable=1"
    uri = f"file:{quote(str(path.resolve()))}?{mode}"

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(uri, uri=True, timeout=_BUSY_TIMEOUT_S, check_same_thread=False)

    engine = create_engine("sqlite://", creator=connect)
    event.listen(engine, "connect", _sqlite_readonly_pragmas)
    return engine


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
    #: only events that happened, as far as the sources say (status reported, corroborated or
    #: contested) and are not historical background; a `status` filter overrides it
    current_only: bool = False


class Store:
    def __init__(
        self, url: str | None = None, engine: Engine | None = None, *, create: bool = True
    ) -> None:
        """`create=False` opens an existing claimgraph database only (StoreError otherwise), so
        a mistyped path given to a reading command never becomes a new empty database."""
        self.url = url or default_url()
        self.create = create
        path = _sqlite_file(self.url) if engine is None else None
        if not create and path is not None and not path.exists():
            raise StoreError(f"no database at {path}")
        #: a SQLite file this process cannot write: opened for reading only
        self.readonly = path is not None and path.exists() and not _writable(path)
        if engine is not None:
            self.engine = engine
        elif self.readonly:
            assert path is not None
            self.engine = _readonly_engine(path)
        elif path is not None:
            self.engine = create_engine(self.url, connect_args={"timeout": _BUSY_TIMEOUT_S})
        else:
            self.engine = create_engine(self.url)
        if self.engine.dialect.name == "sqlite" and not self.readonly:
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
        if current is None and not self.create:
            raise StoreError(
                f"no claimgraph database at {_shown(self.url)} (it holds no claimgraph tables)"
            )
        if self.readonly:
            raise StoreError(
                f"the database is read-only and its schema is {current or 'empty'}, not {head}: "
                "run claimgraph once where it can be written"
            )
        with self.engine.connect() as conn:
            if self.engine.dialect.name == "sqlite":
                # take the write lock before reading the revision: a second first run waits
                # here, then finds the schema current; DDL in this transaction is all-or-nothing
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            else:
                conn.begin()
                if self.engine.dialect.name == "postgresql":
                    # the same for PostgreSQL: two first runs at once, the second waits here,
                    # then Alembic reads the revision the first committed and does nothing
                    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATE_LOCK})
            cfg.attributes["connection"] = conn
            log.info("%s: schema %s -> %s", _shown(self.url), current or "empty", head)
            command.upgrade(cfg, "head")
            conn.commit()

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

    @contextmanager
    def merge_lock(self) -> Iterator[None]:
        """Held while a run merges: concurrent runs into one PostgreSQL database merge one after
        another, each reading what the others committed (else a run that read the mentions
        before another's documents arrived could write its older events over the other's). A
        session advisory lock on its own connection, released when the block ends or the
        process dies. SQLite: no lock (one writer per file is its model)."""
        if self.engine.dialect.name != "postgresql":
            yield
            return
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _PG_MERGE_LOCK})
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _PG_MERGE_LOCK})

    def save_document(
        self, doc: Document | None, errors: list[DocError], raw_id: str, uri: str
    ) -> None:
        """Write one document, its mentions and its errors in a single transaction. Two runs
        storing the same document at once (PostgreSQL): the second insert meets the first's
        committed row; it is tried once more, and then replaces that row like a re-run."""
        try:
            self._save_document(doc, errors, raw_id, uri)
        except IntegrityError:
            self._save_document(doc, errors, raw_id, uri)

    def _save_document(
        self, doc: Document | None, errors: list[DocError], raw_id: str, uri: str
    ) -> None:
        with self._tx() as conn:
            conn.execute(delete(schema.mentions).where(schema.mentions.c.document_id == raw_id))
            conn.execute(delete(schema.doc_errors).where(schema.doc_errors.c.doc_id == raw_id))
            conn.execute(delete(schema.documents).where(schema.documents.c.id == raw_id))
            if doc is not None:
                # pydantic writes the JSON itself: the same values as `_dumps(model_dump)`, a
                # third of the time (fields in model order; only parsed back, never compared)
                record = doc.model_dump_json(exclude={"text"})
                conn.execute(
                    insert(schema.documents).values(
                        id=doc.id,
                        uri=doc.uri,
                        url=doc.url,
                        title=doc.title,
                        outlet=doc.outlet,
                        media_type=doc.media_type,
                        published=_published(doc),
                        status="failed" if errors else "ok",
                        n_mentions=len(doc.mentions),
                        text=doc.text,
                        record=record,
                    )
                )
                mdoc = MergeDoc.from_document(doc)  # once: it joins the document's text
                rows = [_mention_row(m, doc, mdoc) for m in _unique_mentions(doc.mentions)]
                if rows:
                    conn.execute(insert(schema.mentions), rows)
            if errors:
                self._insert_errors(conn, errors)

    def error_uris(self) -> dict[str, set[str]]:
        """Per uri, the ids of its error rows."""
        out: dict[str, set[str]] = {}
        t = schema.doc_errors
        with self.engine.connect() as conn:
            for doc_id, uri in conn.execute(
                select(t.c.doc_id, t.c.uri).where(t.c.uri.is_not(None))
            ):
                out.setdefault(uri, set()).add(doc_id)
        return out

    def clear_errors(self, uri: str, keep: str | None = None) -> None:
        """Delete the error rows of `uri` (but those of document `keep`): it reads otherwise now."""
        t = schema.doc_errors
        cond = t.c.uri == uri
        if keep is not None:
            cond = cond & (t.c.doc_id != keep)
        with self._tx() as conn:
            conn.execute(delete(t).where(cond))

    def save_errors(self, errors: Iterable[DocError]) -> None:
        """Write error rows, replacing those of the same document and stage (tried once more
        when another run inserted the same row meanwhile, as `save_document`)."""
        errors = list(errors)
        try:
            with self._tx() as conn:
                self._insert_errors(conn, errors)
        except IntegrityError:
            with self._tx() as conn:
                self._insert_errors(conn, errors)

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

    def iter_mentions(self, batch: int = 2000) -> Iterator[EventMention]:
        """Every stored mention, by id, read `batch` rows at a time (a server-side cursor on
        PostgreSQL): for a caller that keeps less than the mentions (the merge's features)."""
        t = schema.mentions
        with self.engine.connect() as conn:
            rows = conn.execution_options(yield_per=batch).execute(
                select(t.c.record).order_by(t.c.id)
            )
            for r in rows:
                yield EventMention.model_validate_json(r.record)

    def mentions_by_id(self, ids: Iterable[str]) -> list[EventMention]:
        """The stored mentions with these ids, by id (ids not stored are left out)."""
        return self._mentions_where(schema.mentions.c.id, ids)

    def _mentions_where(self, column: Any, values: Iterable[str]) -> list[EventMention]:
        """Stored mentions whose `column` is one of `values`, by id; 500 values a query."""
        t = schema.mentions
        wanted = sorted(set(values))
        out: list[EventMention] = []
        with self.engine.connect() as conn:
            for i in range(0, len(wanted), 500):
                rows = conn.execute(
                    select(t.c.record).where(column.in_(wanted[i : i + 500])).order_by(t.c.id)
                )
                out.extend(EventMention.model_validate_json(r.record) for r in rows)
        return out

    def merge_docs(self) -> LazyMergeDocs:
        """Per document, what merge needs to know about its source; loaded on first access."""
        return LazyMergeDocs(self)

    def _merge_doc(self, doc_id: str) -> Any:
        cols = schema.documents.c
        with self.engine.connect() as conn:
            r = conn.execute(
                select(cols.id, cols.outlet, cols.url, cols.text, cols.record).where(
                    cols.id == doc_id
                )
            ).first()
        if r is None:
            return None
        return MergeDoc.from_record(json.loads(r.record), r.text)

    def mentions_of(self, document_ids: Iterable[str]) -> list[EventMention]:
        return self._mentions_where(schema.mentions.c.document_id, document_ids)

    def mentions_in(self, window: Any) -> list[EventMention]:
        """Stored mentions that may fall in a merge Window (a superset is fine)."""
        t = schema.mentions
        q = select(t.c.record).order_by(t.c.id)
        if window.date_from is not None and window.date_to is not None:
            q = q.where(
                t.c.date_lo.is_(None)
                | (
                    (t.c.date_lo <= window.date_to.isoformat())
                    & (t.c.date_hi >= window.date_from.isoformat())
                )
            )
        if window.countries is not None:
            q = q.where(t.c.country.is_(None) | t.c.country.in_(sorted(window.countries)))
        with self.engine.connect() as conn:
            return [EventMention.model_validate_json(r.record) for r in conn.execute(q)]

    def pending_merge(self) -> list[str]:
        """Documents stored but not yet merged into events (e.g. after a killed run)."""
        cols = schema.documents.c
        with self.engine.connect() as conn:
            return [
                r[0]
                for r in conn.execute(select(cols.id).where(cols.merged == 0).order_by(cols.id))
            ]

    def mark_merged(self, document_ids: Iterable[str]) -> None:
        ids = sorted(set(document_ids))
        if not ids:
            return
        cols = schema.documents.c
        with self._tx() as conn:
            for i in range(0, len(ids), 500):
                conn.execute(
                    schema.documents.update().where(cols.id.in_(ids[i : i + 500])).values(merged=1)
                )

    def has_events(self) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(schema.events.c.id).limit(1)).first() is not None

    def replace_events(
        self, events: list[Event], scope: Iterable[str] | None = None
    ) -> tuple[int, int, int]:
        """Make the stored events equal `events`; touch only rows that changed.

        Without `scope` the whole table is replaced. With `scope` (mention ids that were
        re-merged) only the stored events holding one of those mentions are replaced.
        Returns (added, changed, removed).
        """
        wanted = {e.id: (e, _dumps(event_record(e))) for e in events}
        t, em = schema.events, schema.event_mentions
        with self.engine.connect() as conn:
            if scope is None:
                q = select(t.c.id, t.c.record)
            else:
                held = select(em.c.event_id).where(em.c.mention_id.in_(sorted(set(scope))))
                q = select(t.c.id, t.c.record).where(t.c.id.in_(held) | t.c.id.in_(sorted(wanted)))
            have = {r.id: r.record for r in conn.execute(q)}
        added = [i for i in wanted if i not in have]
        changed = [i for i in wanted if i in have and have[i] != wanted[i][1]]
        removed = [i for i in have if i not in wanted]
        if not (added or changed or removed):
            return 0, 0, 0
        with self._tx() as conn:
            gone = removed + changed
            if gone:
                conn.execute(delete(t).where(t.c.id.in_(gone)))
                conn.execute(delete(em).where(em.c.event_id.in_(gone)))
            # two statements executed over many rows (not one statement per event), in the
            # order rows were inserted one by one before: events by id, each event's links
            rows: list[dict[str, Any]] = []
            link_rows: list[dict[str, Any]] = []
            for i in sorted(added + changed):
                event_obj, record = wanted[i]
                rows.append(_event_columns(event_obj, record))
                links = sorted(
                    {c.mention_id for c in event_obj.claims if c.mention_id}
                    | set(event_obj.mention_ids)
                )
                link_rows.extend({"event_id": i, "mention_id": m} for m in links)
            if rows:
                conn.execute(insert(t), rows)
            if link_rows:
                conn.execute(insert(em), link_rows)
        return len(added), len(changed), len(removed)

    def event_records(self, flt: EventFilter | None = None) -> list[dict[str, Any]]:
        """The records `iter_event_records` yields, as a list (for callers that want them all)."""
        return list(self.iter_event_records(flt))

    def iter_event_records(
        self, flt: EventFilter | None = None, batch: int = EXPORT_BATCH
    ) -> Iterator[dict[str, Any]]:
        """Event records in the store's order (date, undated first, then id), fetched `batch`
        rows at a time (a server-side cursor on PostgreSQL), so a caller that writes as it reads
        holds one batch, not the table: exports stay flat in memory as the events grow."""
        from itertools import islice

        flt = flt or EventFilter()
        t = schema.events
        q = select(t.c.record).order_by(
            t.c.date.asc().nulls_first(), t.c.id
        )  # one order on every backend
        if flt.event_type:
            q = q.where(t.c.event_type == flt.event_type.upper())
        if flt.date_from:
            q = q.where(t.c.date >= flt.date_from)
        if flt.date_to:
            q = q.where(t.c.date <= flt.date_to)
        if flt.status:
            q = q.where(t.c.status == flt.status)
        elif flt.current_only:
            q = q.where(t.c.status.in_(("reported", "corroborated", "contested")))
        with self.engine.connect() as conn:
            rows = conn.execution_options(yield_per=batch).execute(q)
            records = (json.loads(r.record) for r in rows)
            yield from islice(_kept(records, flt), flt.limit or None)

    def event_record(self, event_id: str) -> dict[str, Any] | None:
        t = schema.events
        with self.engine.connect() as conn:
            row = conn.execute(select(t.c.record).where(t.c.id == event_id)).first()
            if row is None:  # allow unique prefixes, as git does
                rows = conn.execute(select(t.c.record).where(t.c.id.like(f"{event_id}%"))).all()
                row = rows[0] if len(rows) == 1 else None
        return json.loads(row.record) if row else None

    def event_ids(self, prefix: str, limit: int = 10) -> list[str]:
        """Ids of the events whose id starts with `prefix` (at most `limit`, sorted)."""
        t = schema.events
        pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(t.c.id)
                .where(t.c.id.like(pattern, escape="\\"))
                .order_by(t.c.id)
                .limit(limit)
            )
            return [r[0] for r in rows]

    def documents_by_id(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Where each document came from: uri (file path or URL as read), url, title, outlet."""
        cols = schema.documents.c
        wanted = sorted(set(ids))
        out: dict[str, dict[str, Any]] = {}
        with self.engine.connect() as conn:
            for i in range(0, len(wanted), 500):
                q = select(cols.id, cols.uri, cols.url, cols.title, cols.outlet, cols.published)
                for r in conn.execute(q.where(cols.id.in_(wanted[i : i + 500]))):
                    out[r.id] = dict(r._mapping)
        return out

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


class LazyMergeDocs(Mapping[str, Any]):
    """MergeDoc per document id, read from the store only for the documents merge touches."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._cache: dict[str, Any] = {}

    def __getitem__(self, doc_id: str) -> Any:
        if doc_id not in self._cache:
            self._cache[doc_id] = self._store._merge_doc(doc_id)
        if self._cache[doc_id] is None:
            raise KeyError(doc_id)
        return self._cache[doc_id]

    def __iter__(self) -> Iterator[str]:
        with self._store.engine.connect() as conn:
            return iter([r[0] for r in conn.execute(select(schema.documents.c.id))])

    def __len__(self) -> int:
        return self._store.counts()["documents"]


def _kept(records: Iterator[dict[str, Any]], flt: EventFilter) -> Iterator[dict[str, Any]]:
    """The records that pass the filters SQL does not apply (actor, place, historical)."""
    actor = flt.actor.lower() if flt.actor else None
    place = flt.place.lower() if flt.place else None
    for r in records:
        if actor and not any(
            actor in (a.get("name") or "").lower() or actor == (a.get("actor_id") or "").lower()
            for a in r["actors"] + r["recipients"]
        ):
            continue
        if flt.current_only and not flt.status and "historical" in (r.get("mode") or []):
            continue
        loc = r.get("location")
        if place and not (
            loc
            and (
                place in (loc.get("name") or "").lower()
                or place == (loc.get("country") or "").lower()
            )
        ):
            continue
        yield r


def _published(doc: Document) -> str | None:
    """ISO date, or ISO 8601's "--MM-DD" when the page gives no year (never a made-up year)."""
    if doc.published is None:
        return None
    if not doc.published.year_known:
        return "--" + doc.published.value[5:10]
    return doc.published.value


def _mention_row(m: EventMention, doc: Document, mdoc: MergeDoc) -> dict[str, Any]:
    # the interval and country merge's features give (not all of its features: merge makes them
    # again from the stored record)
    interval = when(m, mdoc)[0]
    lo, hi = interval if interval is not None else (None, None)
    return {
        "id": m.id,
        "document_id": doc.id,
        "event_type": m.event_type,
        "date": m.date.value if m.date else None,
        "record": m.model_dump_json(),
        "date_lo": lo.isoformat() if lo else None,
        "date_hi": hi.isoformat() if hi else None,
        "country": mention_country(m),
    }


def _unique_mentions(mentions: list[EventMention]) -> list[EventMention]:
    seen: dict[str, EventMention] = {}
    for m in mentions:
        seen.setdefault(m.id, m)
    return list(seen.values())


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
