"""Bearer tokens for the API's write endpoints: create, revoke, list, verify.

In: the store's engine (table `api_tokens`, migration 0004). Out: a new token (shown once), or
the name of the token a request presented. Only HMAC-SHA256(salt, token) is stored, with a
random salt per token; a presented token is checked against every valid token with
`hmac.compare_digest`, so the comparison takes the same time wherever the strings differ.
Imports only SQLAlchemy: the CLI's `claimgraph token` uses it without the web stack.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime, UTC
from typing import Any

from sqlalchemy import Column, Engine, MetaData, String, Table, insert, select, update

__all__ = [
    "TokenError",
    "create_token",
    "revoke_token",
    "list_tokens",
    "verify_token",
    "TOKEN_PREFIX",
]

TOKEN_PREFIX = "cg_"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$")

# the table as migration 0004 creates it (the store's schema module is not ours to extend)
_metadata = MetaData()
api_tokens = Table(
    "api_tokens",
    _metadata,
    Column("name", String(100), primary_key=True),
    Column("salt", String(64), nullable=False),
    Column("hash", String(128), nullable=False),
    Column("created", String(32), nullable=False),
    Column("revoked", String(32)),
)


class TokenError(ValueError):
    """A token name the user can fix (bad, taken, unknown); one line for the CLI."""


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _digest(salt: str, token: str) -> str:
    return hmac.new(bytes.fromhex(salt), token.encode("utf-8"), hashlib.sha256).hexdigest()


def _check_name(name: str) -> str:
    if not _NAME.match(name):
        raise TokenError(
            f"bad token name {name!r}: 1-100 letters, digits, '.', '_', '@' or '-', starting with a letter or digit"
        )
    return name


def create_token(engine: Engine, name: str) -> str:
    """A new token called `name`; returns it (the only time it exists in clear). A revoked
    token's name may be reused; a valid one's may not."""
    _check_name(name)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    salt = secrets.token_hex(16)
    row = {"salt": salt, "hash": _digest(salt, token), "created": _now(), "revoked": None}
    t = api_tokens
    with engine.begin() as conn:
        old = conn.execute(select(t.c.revoked).where(t.c.name == name)).first()
        if old is not None and old.revoked is None:
            raise TokenError(
                f"a token called {name!r} exists; revoke it first (claimgraph token revoke {name})"
            )
        if old is None:
            conn.execute(insert(t).values(name=name, **row))
        else:
            conn.execute(update(t).where(t.c.name == name).values(**row))
    return token


def revoke_token(engine: Engine, name: str) -> None:
    """Make the token `name` invalid at once (its row stays, marked revoked)."""
    t = api_tokens
    with engine.begin() as conn:
        done = conn.execute(
            update(t).where(t.c.name == name, t.c.revoked.is_(None)).values(revoked=_now())
        ).rowcount
    if not done:
        raise TokenError(f"no valid token called {name!r} (claimgraph token list shows them)")


def list_tokens(engine: Engine) -> list[dict[str, Any]]:
    """Name, creation and revocation time of every token (never the hash)."""
    t = api_tokens
    with engine.connect() as conn:
        rows = conn.execute(select(t.c.name, t.c.created, t.c.revoked).order_by(t.c.name))
        return [dict(r._mapping) for r in rows]


def verify_token(engine: Engine, token: str) -> str | None:
    """The name of the valid token equal to `token`, or None. Every valid token is compared
    (no early exit), each in constant time."""
    if not token or len(token) > 200:
        return None
    t = api_tokens
    with engine.connect() as conn:
        rows = conn.execute(select(t.c.name, t.c.salt, t.c.hash).where(t.c.revoked.is_(None))).all()
    found = None
    for r in rows:
        if hmac.compare_digest(_digest(r.salt, token), r.hash):
            found = r.name
    return found
