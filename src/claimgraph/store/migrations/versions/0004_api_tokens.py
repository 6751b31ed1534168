"""API tokens for `claimgraph serve`'s write endpoints (and reads under --read-token-required).

Only a salted hash of each token is stored: `claimgraph token create NAME` prints the token
once. A revoked token keeps its row (with the time it was revoked) so `token list` can show it.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "api_tokens",
        sa.Column("name", sa.String(100), primary_key=True),
        sa.Column("salt", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(128), nullable=False),  # hex HMAC-SHA256(salt, token)
        sa.Column("created", sa.String(32), nullable=False),  # ISO 8601, UTC
        sa.Column("revoked", sa.String(32)),  # ISO 8601, UTC; NULL while the token is valid
    )


def downgrade() -> None:
    op.drop_table("api_tokens")
