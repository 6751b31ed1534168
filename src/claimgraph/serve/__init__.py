"""Serve: the analysts' web app and the JSON API over the store that `claimgraph run` writes.

In: a database URL (or SQLite path). Out: an HTTP server (FastAPI on uvicorn).

    create_app(url) -> FastAPI      the app (tests use it through httpx / TestClient)
    serve(db, host, port)           check the database and the port, print the URL, run

Reads are open unless `read_token_required`; writes (adding documents, actor registry edits)
need a bearer token (`tokens.py`, `claimgraph token create NAME`). SQLite runs in WAL mode (the store sets it on every connection), so pages
and API calls keep answering while a `run` writes into the same file. Modules:

    app.py      the app, security headers, error ids, templates
    api.py      /api/v1 (JSON; the export formats as downloads)
    write.py    the write endpoints and the token checks
    tokens.py   tokens: create, revoke, list, verify (only salted hashes are stored)
    web.py      the pages (Jinja2 templates in templates/, vendored JS in static/vendor/)
    queries.py  filters, keyset pages, stats, map points, the FTS5 evidence index
    render.py   source text cut into labelled, highlighted pieces for the templates
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["ServeError", "create_app", "serve", "check_database"]


class ServeError(Exception):
    """Something the user can fix (no database, port in use); the CLI prints it on one line."""


def create_app(url: str | None = None, **options: Any) -> FastAPI:
    """The app (see `claimgraph.serve.app.create_app` for the options)."""
    from claimgraph.serve.app import create_app as _create

    return _create(url, **options)


def check_database(url: str) -> None:
    """A SQLite file must exist: serving would otherwise create an empty database."""
    from sqlalchemy.engine import make_url

    try:
        u = make_url(url)
    except Exception as exc:  # sqlalchemy raises ArgumentError for anything it cannot parse
        raise ServeError(f"not a database URL: {url!r}") from exc
    if u.get_backend_name() == "sqlite":
        path = u.database or ""
        if path in ("", ":memory:") or path.startswith("file:"):
            return
        if not Path(path).is_file():
            raise ServeError(
                f"no database at {path} (build one with `claimgraph run FILES --db {path}`)"
            )


def bind(host: str, port: int) -> socket.socket:
    """A listening socket, or a ServeError saying why not (port in use, bad host)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror}") from exc
    family, _, _, _, addr = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    # as uvicorn does: a restart may bind while the last run's connections linger in TIME_WAIT
    # (two live listeners on one port still fail on Linux and macOS)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(addr)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        reason = "the port is in use" if exc.errno in (98, 48, 10048) else exc.strerror
        raise ServeError(f"cannot listen on {host}:{port}: {reason}") from exc
    sock.set_inheritable(True)
    return sock


def _warm_up() -> None:
    """Load the actor registry (about 3 s) in the background, before the first actor filter."""
    import threading

    from claimgraph.actors import registry

    threading.Thread(target=registry, name="warm-registry", daemon=True).start()


def serve(db: str | None = None, host: str = "127.0.0.1", port: int = 8000,
          echo: Callable[[str], None] = print, log_level: str = "info",
          read_token_required: bool = False) -> None:  # fmt: skip
    """Run the server until interrupted. Raises ServeError before starting when it cannot."""
    import uvicorn

    from claimgraph.store import default_url

    url = default_url(db)
    check_database(url)
    sock = bind(host, port)
    try:
        from claimgraph.serve.app import create_app as _create

        try:
            app = _create(url, read_token_required=read_token_required)
        except Exception as exc:  # not a database, a newer schema...: one line, not a traceback
            raise ServeError(f"cannot open the database {url}: {str(exc).splitlines()[0]}") from exc
        _warm_up()
        real_port = sock.getsockname()[1]
        shown = f"[{host}]" if ":" in host else host
        echo(
            f"claimgraph serve: http://{shown}:{real_port}/  (API http://{shown}:{real_port}/api/v1/docs; Ctrl-C stops)"
        )
        config = uvicorn.Config(app, log_level=log_level, access_log=True, lifespan="off")
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()
