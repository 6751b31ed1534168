"""`claimgraph serve`: user errors are one line and exit 2; a real server process answers."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest
from test_serve_support import live_server, seed_db
from typer.testing import CliRunner

from claimgraph.cli import app

runner = CliRunner()


def test_serve_cli_missing_database_is_a_usage_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.db"
    result = runner.invoke(app, ["serve", "--db", str(missing), "--port", "0"])
    assert result.exit_code == 2
    assert "no database at" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not missing.exists()  # serving never creates an empty database


def test_serve_cli_port_in_use_is_a_usage_error(tmp_path: Path) -> None:
    from claimgraph.store import Store

    db = tmp_path / "empty.db"
    Store(f"sqlite:///{db}").close()
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen(1)
    port = busy.getsockname()[1]
    try:
        result = runner.invoke(app, ["serve", "--db", str(db), "--port", str(port)])
    finally:
        busy.close()
    assert result.exit_code == 2
    assert "port is in use" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_serve_cli_not_a_database_is_a_usage_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    result = runner.invoke(app, ["serve", "--db", str(junk), "--port", "0"])
    assert result.exit_code == 2
    assert "cannot open the database" in result.output and "Traceback" not in result.output


def test_serve_cli_help_does_not_import_the_web_stack() -> None:
    code = "import sys, claimgraph.cli; print(any(m in sys.modules for m in ('fastapi', 'uvicorn', 'jinja2')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.slow
def test_serve_cli_runs_a_server_that_answers(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    import httpx

    db = seed_db(tmp_path_factory)
    for server in live_server(db, tmp_path / "serve.log"):
        assert server.url.startswith("http://127.0.0.1:")
        health = httpx.get(server.url + "/api/v1/health").json()
        assert health["ok"] and health["events"] > 0
        page = httpx.get(server.url + "/events")
        assert page.status_code == 200 and "content-security-policy" in page.headers
        assert httpx.get(server.url + "/", follow_redirects=False).headers["location"] == "/events"
    assert "GET /api/v1/health" in (tmp_path / "serve.log").read_text()  # the access log
