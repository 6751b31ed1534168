"""Full-text search over evidence sentences on PostgreSQL (`serve`'s `q`, issue 20).

A GIN index on the `tsvector` of every claim's evidence text inside the event record. The
expression is written once, `EVIDENCE_TSVECTOR` in `claimgraph.store.schema`, and the query
uses the same text so the planner matches it to the index. 'simple' configuration: no stemming
and no stop words, as SQLite's FTS5 `unicode61` tokenizer does. SQLite needs nothing here: the
server keeps an FTS5 index in memory.

Revision ID: 0005
Revises: 0004
"""

from alembic import op

from claimgraph.store.schema import EVIDENCE_TSVECTOR

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"CREATE INDEX ix_events_evidence_fts ON events USING gin ({EVIDENCE_TSVECTOR})")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_events_evidence_fts")
