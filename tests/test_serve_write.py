"""Writes: tokens (CLI and store), POST /documents through the real pipeline, actor registry
edits, the upload limit, and --read-token-required; on copies of the seed database."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from test_serve_support import db_copy
from typer.testing import CliRunner

from claimgraph.cli import app as cli_app

STORY = (
    "DAMASCUS, Syria, March 5, 2018 - Government warplanes struck the town of Douma in Eastern "
    "Ghouta on Monday, killing 12 civilians, the Syrian Observatory for Human Rights said.\n\n"
    "Rebels in Douma said they shelled army positions near Harasta in response.\n"
)
runner = CliRunner()


def _client(db: Path, **options):  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from claimgraph.serve import create_app

    return TestClient(create_app(f"sqlite:///{db}", **options))


def _token(db: Path, name: str = "tester") -> str:
    from claimgraph.serve.tokens import create_token
    from claimgraph.store import Store

    store = Store(f"sqlite:///{db}")
    try:
        return create_token(store.engine, name)
    finally:
        store.close()


def _auth(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}


# --- tokens -----------------------------------------------------------------------------------


def test_serve_write_tokens_store_only_a_salted_hash(tmp_path: Path) -> None:
    from claimgraph.serve.tokens import (
        TokenError,
        create_token,
        list_tokens,
        revoke_token,
        verify_token,
    )
    from claimgraph.store import Store

    db = tmp_path / "t.db"
    store = Store(f"sqlite:///{db}")
    a, b = create_token(store.engine, "alice"), create_token(store.engine, "bob")
    assert a != b and a.startswith("cg_") and len(a) > 40
    assert verify_token(store.engine, a) == "alice" and verify_token(store.engine, b) == "bob"
    for wrong in ("", a[:-1], a + "x", b.upper(), "x" * 500):
        assert verify_token(store.engine, wrong) is None
    with pytest.raises(TokenError, match="exists"):
        create_token(store.engine, "alice")
    with pytest.raises(TokenError, match="bad token name"):
        create_token(store.engine, "al ice; drop table")
    rows = (
        sqlite3.connect(db)
        .execute("SELECT name, salt, hash FROM api_tokens ORDER BY name")
        .fetchall()
    )
    assert [r[0] for r in rows] == ["alice", "bob"] and rows[0][1] != rows[1][1]  # a salt per token
    store.close()
    assert a.encode() not in db.read_bytes() and b.encode() not in db.read_bytes()
    store = Store(f"sqlite:///{db}")
    revoke_token(store.engine, "alice")
    assert verify_token(store.engine, a) is None and verify_token(store.engine, b) == "bob"
    with pytest.raises(TokenError, match="no valid token"):
        revoke_token(store.engine, "alice")
    listed = {r["name"]: r for r in list_tokens(store.engine)}
    assert listed["alice"]["revoked"] and listed["bob"]["revoked"] is None
    a2 = create_token(store.engine, "alice")  # a revoked name can be given out again
    assert verify_token(store.engine, a2) == "alice" and verify_token(store.engine, a) is None


def test_serve_write_token_cli_prints_the_token_once(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    made = runner.invoke(cli_app, ["token", "create", "alice", "--db", str(db)])
    assert made.exit_code == 0, made.output
    token = made.stdout.strip().splitlines()[0]
    assert token.startswith("cg_")
    listed = runner.invoke(cli_app, ["token", "list", "--db", str(db)])
    assert listed.exit_code == 0 and "alice" in listed.output and token not in listed.output
    again = runner.invoke(cli_app, ["token", "create", "alice", "--db", str(db)])
    assert again.exit_code == 2 and "exists" in again.output and "Traceback" not in again.output
    assert runner.invoke(cli_app, ["token", "revoke", "alice", "--db", str(db)]).exit_code == 0
    gone = runner.invoke(cli_app, ["token", "revoke", "alice", "--db", str(db)])
    assert gone.exit_code == 2 and "no valid token" in gone.output
    bad = runner.invoke(cli_app, ["token", "create", "a b", "--db", str(db)])
    assert bad.exit_code == 2 and "bad token name" in bad.output


# --- POST /documents ---------------------------------------------------------------------------


@pytest.mark.slow
def test_serve_write_documents_need_a_valid_token(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from claimgraph.serve.tokens import revoke_token
    from claimgraph.store import Store

    db = db_copy(tmp_path, tmp_path_factory)
    token = _token(db)
    files = [("files", ("story.txt", STORY.encode()))]
    with _client(db) as c:
        before = c.get("/api/v1/health").json()
        for headers in (
            {},
            _auth("cg_nope"),
            {"authorization": "Basic dXNlcjpwdw=="},
            _auth(token + "x"),
        ):
            r = c.post("/api/v1/documents", files=files, headers=headers)
            assert r.status_code == 401, r.text
            assert r.json()["error"] == "unauthorized" and r.headers["www-authenticate"].startswith(
                "Bearer"
            )
        store = Store(f"sqlite:///{db}")
        revoke_token(store.engine, "tester")
        store.close()
        assert c.post("/api/v1/documents", files=files, headers=_auth(token)).status_code == 401
        assert c.get("/api/v1/health").json() == before  # nothing was written
        # reads stay open
        assert c.get("/api/v1/events").status_code == 200 and c.get("/events").status_code == 200


@pytest.mark.slow
def test_serve_write_documents_run_the_pipeline_as_run_does(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from claimgraph.runner import run_corpus
    from claimgraph.store import Store

    api_db = db_copy(tmp_path, tmp_path_factory)
    cli_db = tmp_path / "cli.db"
    cli_db.write_bytes(api_db.read_bytes())
    token = _token(api_db)
    with _client(api_db) as c:
        r = c.post("/api/v1/documents", headers=_auth(token), files=[
            ("files", ("douma story.txt", STORY.encode())),
            ("files", ("../../etc/empty.txt", b"")),
        ])  # fmt: skip
        assert r.status_code == 200, r.text
        out = r.json()
        docs = {d["name"]: d for d in out["documents"]}
        assert docs["douma story.txt"]["status"] == "stored" and docs["douma story.txt"]["events"]
        assert docs["douma story.txt"]["mentions"] >= 1
        empty = docs["../../etc/empty.txt"]
        assert empty["status"] == "failed" and empty["errors"][0]["code"] == "E002"
        assert out["failed"] == 1 and out["events"]["added"] >= 1
        new_event = docs["douma story.txt"]["events"][0]
        assert c.get(f"/api/v1/events/{new_event}").status_code == 200  # the reader sees it at once
        # the same bytes again: already stored, nothing changes
        again = c.post("/api/v1/documents", headers=_auth(token),
                       files=[("files", ("copy.txt", STORY.encode()))]).json()  # fmt: skip
        assert again["documents"][0]["status"] == "already_stored" and again["events"]["added"] == 0
    # what `claimgraph run` makes of the same file: the same events
    story = tmp_path / "douma story.txt"
    story.write_text(STORY, encoding="utf-8")
    store = Store(f"sqlite:///{cli_db}")
    run_corpus([story], store)
    cli_events = store.event_records()
    store.close()
    store = Store(f"sqlite:///{api_db}")
    assert store.event_records() == cli_events
    # stored under the names the client gave, not the server's temporary folder
    uris = {d["uri"] for d in store.documents_meta()}
    assert "douma story.txt" in uris and not any("claimgraph-upload-" in u for u in uris)
    assert "../../etc/empty.txt" in {e.uri for e in store.errors()}
    store.close()


@pytest.mark.slow
def test_serve_write_documents_jsonl_body_per_line_status(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    db = db_copy(tmp_path, tmp_path_factory)
    token = _token(db)
    body = "\n".join([
        json.dumps({"text": STORY, "title": "<b>Douma</b>", "url": "https://example.org/douma"}),
        "{not json",
        json.dumps({"title": "no text"}),
    ]).encode()  # fmt: skip
    with _client(db) as c:
        r = c.post("/api/v1/documents", content=body,
                   headers={**_auth(token), "content-type": "application/x-ndjson"})  # fmt: skip
        assert r.status_code == 200, r.text
        docs = r.json()["documents"]
        assert [d["name"] for d in docs] == ["body#1", "body#2", "body#3"]
        assert docs[0]["status"] == "stored" and docs[0]["title"] == "<b>Douma</b>"
        assert docs[1]["status"] == "failed" and docs[1]["errors"][0]["code"] == "E004"
        assert docs[2]["status"] == "failed" and docs[2]["errors"][0]["code"] == "E005"
        doc = c.get(f"/documents/{docs[0]['id']}").text
        assert "&lt;b&gt;Douma&lt;/b&gt;" in doc and "<b>Douma</b>" not in doc
        assert c.get(f"/api/v1/documents/{docs[0]['id']}").json()["uri"] == "body#1"


@pytest.mark.slow
def test_serve_write_documents_bad_requests(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    db = db_copy(tmp_path, tmp_path_factory)
    token = _token(db)
    with _client(db, max_upload_mb=0.01) as c:
        big = c.post(
            "/api/v1/documents", headers=_auth(token), files=[("files", ("big.txt", b"a" * 20_000))]
        )
        assert (
            big.status_code == 413
            and big.json()["error"] == "too_large"
            and "0.01 MB" in big.json()["message"]
        )

        def chunks():  # no Content-Length: the limit holds while the body streams
            for _ in range(40):
                yield b"b" * 1000

        streamed = c.post("/api/v1/documents", content=chunks(),
                          headers={**_auth(token), "content-type": "application/x-ndjson"})  # fmt: skip
        assert streamed.status_code == 413 and "Traceback" not in streamed.text
        assert c.post("/api/v1/documents", headers={**_auth(token), "content-type": "text/csv"},
                      content=b"a,b").status_code == 415  # fmt: skip
        empty = c.post(
            "/api/v1/documents",
            headers={**_auth(token), "content-type": "application/x-ndjson"},
            content=b"  \n",
        )
        assert empty.status_code == 422 and empty.json()["error"] == "invalid_request"
        no_file = c.post(
            "/api/v1/documents", headers=_auth(token), files={"files": (None, b"just text")}
        )
        assert no_file.status_code == 422 and "no file" in no_file.json()["message"]
        form = c.post("/api/v1/documents", headers=_auth(token), data={"files": "just text"})
        assert form.status_code == 415
        assert c.get("/api/v1/health").json()["ok"]


def test_serve_write_safe_names() -> None:
    from claimgraph.serve.write import safe_name

    taken: set[str] = set()
    assert safe_name("../../etc/passwd", 1, taken) == "passwd"
    assert safe_name("C:\\x\\passwd", 2, taken) == "2-passwd"
    assert safe_name("a b<script>.html", 3, taken) == "a_b_script_.html"
    assert safe_name("", 4, taken) == "upload-4.txt" and safe_name("..", 5, taken) == "upload-5.txt"


# --- reads behind a token -----------------------------------------------------------------------


@pytest.mark.slow
def test_serve_write_read_token_required(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    db = db_copy(tmp_path, tmp_path_factory)
    token = _token(db)
    with _client(db, read_token_required=True) as c:
        for path in ("/api/v1/events", "/api/v1/stats", "/api/v1/actors"):
            r = c.get(path)
            assert r.status_code == 401 and r.json()["error"] == "unauthorized"
            assert c.get(path, headers=_auth(token)).status_code == 200
        page = c.get("/events")
        assert page.status_code == 401 and 'href="/login"' in page.text
        assert c.get("/static/app.css").status_code == 200  # no data in the vendored files
        assert c.get("/login").status_code == 200
        assert c.post("/login", data={"token": "cg_wrong"}).status_code == 401
        signed = c.post("/login", data={"token": token}, follow_redirects=False)
        assert signed.status_code == 303 and "httponly" in signed.headers["set-cookie"].lower()
        assert c.get("/events").status_code == 200 and c.get("/api/v1/events").status_code == 200
        # the cookie opens reads only: a write still needs the header
        w = c.post("/api/v1/actors/merge", json={"id": "a", "into": "b"})
        assert w.status_code == 401


# --- actor registry edits ---------------------------------------------------------------------


@pytest.mark.slow
def test_serve_write_actor_alias_and_merge(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from claimgraph.actors import registry, resolve_match
    from claimgraph.actors.registry import clear_cache

    user_file = tmp_path / "actors.jsonl"
    user_file.write_text(
        json.dumps({"id": "user:north-brigade", "name": "North Brigade Qx", "kind": "group"}) + "\n"
        + json.dumps({"id": "user:nb-old", "name": "Old Brigade Qx", "kind": "group"}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    monkeypatch.setenv("CLAIMGRAPH_ACTORS", str(user_file))
    clear_cache()
    db = db_copy(tmp_path, tmp_path_factory)
    token = _token(db)
    try:
        with _client(db) as c:
            url = "/api/v1/actors/user:north-brigade/aliases"
            assert c.post(url, json={"aliases": ["Liwa al-Shamal Qx"]}).status_code == 401
            r = c.post(
                url,
                json={"aliases": ["Liwa al-Shamal Qx", "  لواء الشمال  ", "North Brigade Qx"]},
                headers=_auth(token),
            )
            assert r.status_code == 200, r.text
            assert r.json()["added"] == ["Liwa al-Shamal Qx", "لواء الشمال"]
            assert "Liwa al-Shamal Qx" in r.json()["actor"]["aliases"]
            assert resolve_match("Liwa al-Shamal Qx", registry()).actor.id == "user:north-brigade"  # type: ignore[union-attr]
            for bad in (
                {"aliases": []},
                {"aliases": [""]},
                {"aliases": ["a\u202eb"]},
                {"names": ["x"]},
                {"aliases": ["x"] * 51},
            ):
                assert c.post(url, json=bad, headers=_auth(token)).status_code == 422, bad
            assert (
                c.post(
                    "/api/v1/actors/user:nobody/aliases",
                    json={"aliases": ["x"]},
                    headers=_auth(token),
                ).status_code
                == 404
            )

            m = c.post(
                "/api/v1/actors/merge",
                json={"id": "user:nb-old", "into": "user:north-brigade"},
                headers=_auth(token),
            )
            assert m.status_code == 200, m.text
            assert (
                m.json()["merged"] == "user:nb-old"
                and "Old Brigade Qx" in m.json()["actor"]["aliases"]
            )
            assert registry().get("user:nb-old").id == "user:north-brigade"  # type: ignore[union-attr]
            same = c.post(
                "/api/v1/actors/merge",
                json={"id": "user:north-brigade", "into": "user:nb-old"},
                headers=_auth(token),
            )
            assert same.status_code == 422  # nb-old is north-brigade now
            assert c.post("/api/v1/actors/merge", json={"id": "user:zz", "into": "user:north-brigade"},
                          headers=_auth(token)).status_code == 404  # fmt: skip
        lines = [json.loads(x) for x in user_file.read_text(encoding="utf-8").splitlines()]
        assert lines[2:] == [
            {
                "op": "alias",
                "id": "user:north-brigade",
                "aliases": ["Liwa al-Shamal Qx", "لواء الشمال"],
            },
            {"op": "merge", "id": "user:nb-old", "into": "user:north-brigade"},
        ]
    finally:
        monkeypatch.undo()
        clear_cache()
