"""Shared fixtures. Gold data and seed pages live in ../shared, beside the repository.

Databases: `db_url` is a SQLite file; `store_url` runs a test once on SQLite and once on a real
PostgreSQL server when $CLAIMGRAPH_TEST_PG names one (`.ci/run` starts a throwaway cluster and
sets it); without it the PostgreSQL case skips. Each PostgreSQL test gets its own database,
dropped after it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
# every test that finds triggers asks every finder and checks that the one that answers declared
# the token (events.fires): a rule added without its words fails here, not silently in a run
os.environ.setdefault("CLAIMGRAPH_CHECK_FIRES", "1")
SHARED = REPO.parent / "shared"


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is absent")
    return SHARED


@pytest.fixture
def seeds_dir(shared_dir: Path) -> Path:
    path = shared_dir / "corpus" / "seeds"
    if not path.is_dir():
        pytest.skip("seed pages are absent")
    return path


@pytest.fixture
def eval_dir(shared_dir: Path) -> Path:
    path = shared_dir / "eval"
    if not path.is_dir():
        pytest.skip("eval data is absent")
    return path


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.db'}"


PG = os.environ.get("CLAIMGRAPH_TEST_PG")


@contextmanager
def _pg_databases() -> Iterator[Callable[[], str]]:
    """Make new databases on the test server on demand; drop them all at the end."""
    from sqlalchemy import create_engine, text

    assert PG is not None
    admin = create_engine(PG, isolation_level="AUTOCOMMIT")
    made: list[str] = []

    def new() -> str:
        name = f"cg_{uuid.uuid4().hex[:12]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        made.append(name)
        return PG.rsplit("/", 1)[0] + "/" + name

    try:
        yield new
    finally:
        with admin.connect() as conn:
            for name in made:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A new, empty PostgreSQL database on the test server (skips without one)."""
    if not PG:
        pytest.skip("no PostgreSQL server ($CLAIMGRAPH_TEST_PG unset)")
    with _pg_databases() as new:
        yield new()


@pytest.fixture(params=["sqlite", "postgresql"])
def new_store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[str], str]]:
    """`new_store_url(name)`: the URL of a new, empty database; the test runs once with SQLite
    files and once with PostgreSQL databases (skipped without a server)."""
    if request.param == "sqlite":
        yield lambda name: f"sqlite:///{tmp_path / (name + '.db')}"
        return
    if not PG:
        pytest.skip("no PostgreSQL server ($CLAIMGRAPH_TEST_PG unset)")
    with _pg_databases() as new:
        yield lambda _name: new()


@pytest.fixture
def store_url(new_store_url: Callable[[str], str]) -> str:
    """The same test on SQLite and on PostgreSQL."""
    return new_store_url("test")


@pytest.fixture(scope="session")
def pipe() -> Any:
    """One default pipeline for every test that runs sentences through all the stages (the
    models load once per session; `sentences.mentions` runs a text through it)."""
    from claimgraph.pipeline import Pipeline  # here: most tests never load the models

    # no `logging.disable` here: it would last the whole session and silence the log lines
    # that the command-line tests read (it did so once these tests ran before them)
    return Pipeline()
