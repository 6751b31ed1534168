"""Incremental merge: each mention's date interval and country; which event holds which mention.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("mentions") as batch:
        batch.add_column(sa.Column("date_lo", sa.String(10)))
        batch.add_column(sa.Column("date_hi", sa.String(10)))
        batch.add_column(sa.Column("country", sa.String(8)))
    op.create_index("ix_mentions_window", "mentions", ["date_lo", "date_hi"])
    op.create_table(
        "event_mentions",
        sa.Column("event_id", sa.String(80), primary_key=True),
        sa.Column("mention_id", sa.String(80), primary_key=True),
    )
    op.create_index("ix_event_mentions_mention", "event_mentions", ["mention_id"])


def downgrade() -> None:
    op.drop_table("event_mentions")
    op.drop_index("ix_mentions_window", "mentions")
    with op.batch_alter_table("mentions") as batch:
        batch.drop_column("country")
        batch.drop_column("date_hi")
        batch.drop_column("date_lo")
