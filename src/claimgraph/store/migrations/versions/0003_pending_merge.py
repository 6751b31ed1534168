"""Documents remember whether their mentions have been merged into events.

A run killed between storing documents and merging leaves them pending; the next run merges
them even though it has no new documents of its own.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("merged", sa.Integer, nullable=False, server_default="0"))
    op.create_index("ix_documents_merged", "documents", ["merged"])


def downgrade() -> None:
    op.drop_index("ix_documents_merged", "documents")
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("merged")
