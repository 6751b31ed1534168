"""The store's tables (SQLAlchemy Core). Alembic migrations in `migrations/` create them.

Rows hold the typed records as JSON plus the columns we filter on; the JSON is the source of
truth, the columns are indexes. Nothing here carries a wall-clock timestamp, so re-running the
same corpus leaves the database byte-identical.
"""

from __future__ import annotations

from sqlalchemy import Column, Float, Index, Integer, MetaData, String, Table, Text

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("id", String(64), primary_key=True),  # sha256 of the raw bytes
    Column("uri", Text, nullable=False),
    Column("url", Text),
    Column("title", Text),
    Column("outlet", Text),
    Column("media_type", String(40)),
    Column("published", String(32)),
    Column("status", String(16), nullable=False),  # ok | failed
    Column("n_mentions", Integer, nullable=False, default=0),
    Column("text", Text, nullable=False, default=""),
    Column("record", Text, nullable=False),  # Document JSON without text
    # 0 until its mentions are merged into events (a killed run leaves documents pending)
    Column("merged", Integer, nullable=False, default=0, server_default="0", index=True),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", String(80), primary_key=True),
    Column("document_id", String(64), nullable=False, index=True),
    Column("event_type", String(16), nullable=False),
    Column("date", String(32)),
    Column("record", Text, nullable=False),
    # the interval and country merge blocks on, so a re-merge can fetch only a neighbourhood
    Column("date_lo", String(10)),
    Column("date_hi", String(10)),
    Column("country", String(8)),
)

event_mentions = Table(
    "event_mentions",
    metadata,
    Column("event_id", String(80), primary_key=True),
    Column("mention_id", String(80), primary_key=True, index=True),
)

events = Table(
    "events",
    metadata,
    Column("id", String(80), primary_key=True),
    Column("event_type", String(16), nullable=False, index=True),
    Column("date", String(32), index=True),
    Column("location", Text),
    Column("country", String(8)),
    Column("lat", Float),
    Column("lon", Float),
    Column("status", String(16)),
    Column("n_sources", Integer),
    Column("record", Text, nullable=False),  # the export record, DESIGN.md §4
)

doc_errors = Table(
    "doc_errors",
    metadata,
    Column("doc_id", String(64), primary_key=True),
    Column("stage", String(16), primary_key=True),
    Column("uri", Text),
    Column("code", String(8), nullable=False),
    Column("message", Text, nullable=False),
)

Index("ix_events_date_type", events.c.date, events.c.event_type)
Index("ix_mentions_window", mentions.c.date_lo, mentions.c.date_hi)

#: PostgreSQL: the evidence sentences of an event's claims as a tsvector (migration 0005 indexes
#: it with GIN; `serve`'s text search compares with `@@`). to_tsvector over a jsonb array reads
#: only its string values, so JSON punctuation never becomes a word.
EVIDENCE_TSVECTOR = "to_tsvector('simple'::regconfig, jsonb_path_query_array((record)::jsonb, '$.claims[*].evidence.text'::jsonpath))"
