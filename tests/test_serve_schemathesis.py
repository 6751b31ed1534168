"""Schemathesis against /api/v1/openapi.json: generated requests to every operation of the
in-process app (no network), over a copy of the seed database, with a valid token so the write
endpoints run for real; none may answer 5xx. A bounded number of examples per operation keeps
the test under a minute."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_serve_support import seed_db

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402

pytestmark = pytest.mark.slow

#: examples per operation: about 30 s for the whole API on this machine
EXAMPLES = 20


@schemathesis.serializer("application/x-ndjson")
def ndjson(ctx, value) -> bytes:  # type: ignore[no-untyped-def]
    """JSONL bodies: the generated value as text (any string must be handled, not only JSONL)."""
    return value if isinstance(value, bytes) else str(value).encode("utf-8", "surrogatepass")


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[object, str]]:
    from claimgraph.actors.registry import clear_cache
    from claimgraph.serve import create_app
    from claimgraph.serve.tokens import create_token
    from claimgraph.store import Store

    root = tmp_path_factory.mktemp("schemathesis")
    db = root / "api.db"
    shutil.copy(seed_db(tmp_path_factory), db)
    store = Store(f"sqlite:///{db}")
    token = create_token(store.engine, "schemathesis")
    with pytest.MonkeyPatch.context() as mp:
        # registry edits go to a scratch file, never the user's
        mp.setenv("CLAIMGRAPH_ACTORS", str(root / "actors.jsonl"))
        clear_cache()
        yield create_app(store=store, max_upload_mb=1), token
    clear_cache()
    store.close()


@pytest.fixture(scope="module")
def api_schema(setup):  # type: ignore[no-untyped-def]
    app, _ = setup
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)


@pytest.fixture(scope="module")
def token(setup) -> str:  # type: ignore[no-untyped-def]
    return setup[1]


def test_serve_schemathesis_no_server_errors(api_schema, token: str) -> None:  # type: ignore[no-untyped-def]
    # each operation's strategy driven by Hypothesis directly: schemathesis' pytest plugin does
    # not run under pytest 9 (it reads a private attribute pytest removed)
    from hypothesis import given

    failures: list[str] = []
    statuses: dict[str, set[int]] = {}
    for result in api_schema.get_all_operations():
        op = result.ok()
        label = f"{op.method.upper()} {op.path}"

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        @given(case=op.as_strategy())
        def check(case) -> None:  # type: ignore[no-untyped-def]
            response = case.call_and_validate(
                headers={"Authorization": f"Bearer {token}"}, checks=[not_a_server_error]
            )
            statuses.setdefault(label, set()).add(response.status_code)  # noqa: B023 (called in this iteration)

        try:
            check()
        except Exception as exc:  # noqa: BLE001 - collect every operation's failure, then fail
            failures.append(f"{label}: {exc}")
    assert not failures, "\n\n".join(failures)
    # the generated requests got through validation to the real work too
    assert 200 in statuses["POST /api/v1/documents"], statuses
    assert 200 in statuses["GET /api/v1/events"] and 200 in statuses["GET /api/v1/stats"], statuses


def test_serve_schemathesis_covers_every_operation(api_schema) -> None:  # type: ignore[no-untyped-def]
    ops = {
        f"{op.method.upper()} {op.path.removeprefix('/api/v1')}"
        for op in (r.ok() for r in api_schema.get_all_operations())
    }
    assert ops == {
        "GET /events", "GET /events/{event_id}", "GET /documents/{doc_id}", "GET /actors",
        "GET /actors/{actor_id}", "GET /actors/{actor_id}/graph", "GET /places/{place_id}", "GET /stats", "GET /points",
        "GET /errors", "GET /health", "POST /documents", "POST /actors/{actor_id}/aliases",
        "POST /actors/merge",
    }  # fmt: skip


def test_serve_schemathesis_pinned() -> None:
    text = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text()
    assert f"schemathesis=={schemathesis.__version__}" in text
