"""Initial tables: documents, mentions, events, doc_errors.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("uri", sa.Text, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("outlet", sa.Text),
        sa.Column("media_type", sa.String(40)),
        sa.Column("published", sa.String(32)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("n_mentions", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("record", sa.Text, nullable=False),
    )
    op.create_table(
        "mentions",
        sa.Column("id", sa.String(80), primary_key=True),
        sa.Column("document_id", sa.String(64), nullable=False),
        sa.Column("event_type", sa.String(16), nullable=False),
        sa.Column("date", sa.String(32)),
        sa.Column("record", sa.Text, nullable=False),
    )
    op.create_index("ix_mentions_document_id", "mentions", ["document_id"])
    op.create_table(
        "events",
        sa.Column("id", sa.String(80), primary_key=True),
        sa.Column("event_type", sa.String(16), nullable=False),
        sa.Column("date", sa.String(32)),
        sa.Column("location", sa.Text),
        sa.Column("country", sa.String(8)),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("status", sa.String(16)),
        sa.Column("n_sources", sa.Integer),
        sa.Column("record", sa.Text, nullable=False),
    )
    op.create_index("ix_events_event_type", "events", ["event_type"])
    op.create_index("ix_events_date", "events", ["date"])
    op.create_index("ix_events_date_type", "events", ["date", "event_type"])
    op.create_table(
        "doc_errors",
        sa.Column("doc_id", sa.String(64), primary_key=True),
        sa.Column("stage", sa.String(16), primary_key=True),
        sa.Column("uri", sa.Text),
        sa.Column("code", sa.String(8), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in ("doc_errors", "events", "mentions", "documents"):
        op.drop_table(table)
