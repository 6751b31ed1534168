"""The ASGI app: JSON API under /api/v1, server-rendered pages, vendored static files.

In: a store URL (or an open `Store`). Out: a FastAPI app. Every response carries a
Content-Security-Policy with no inline script and no host but this one. An exception that
escapes a route becomes a 500 with an error id, logged with its traceback under the same id;
the client never sees the traceback. A request body over the upload limit is a 413 (from its
Content-Length, or while it streams).
"""

from __future__ import annotations

import logging
import uuid
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from claimgraph import __version__
from claimgraph.ingest import DEFAULT_MAX_MB
from claimgraph.serve import api, web, write
from claimgraph.serve.pages import TEMPLATES, TYPE_COLOURS, render  # noqa: F401 (re-exported)
from claimgraph.serve.queries import FilterError, Reader
from claimgraph.store import Store

log = logging.getLogger("claimgraph.serve")

HERE = Path(__file__).parent
API_PREFIX = "/api/v1"

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]

#: default limit of one request body (an upload of documents), in MB
MAX_UPLOAD_MB = 50.0


def _too_large(limit: int) -> StarletteHTTPException:
    return StarletteHTTPException(413, f"the request body is over the upload limit of {limit / 1e6:g} MB; "
                                       "send the documents in several requests")  # fmt: skip


class Guard:
    """Outermost middleware: security headers on every response, error ids for crashes, and
    the upload limit on request bodies."""

    def __init__(self, app: ASGIApp, max_body: int = int(MAX_UPLOAD_MB * 1e6)) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False
        limit = self.max_body
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            exc = _too_large(limit)
            response = error_response(
                scope.get("path", ""), 413, "too_large", str(exc.detail), limit_bytes=limit
            )
            await self._send_body_refused(response, scope, receive, send)
            return
        received = 0
        outer_receive = receive

        async def receive_counted() -> Message:  # a body without Content-Length (chunked)
            nonlocal received
            message = await outer_receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _too_large(limit)  # FastAPI passes HTTPExceptions from body parsing on
            return message

        receive = receive_counted

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    h for h in SECURITY_HEADERS if h[0] not in names
                ]
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            error_id = uuid.uuid4().hex[:12]
            log.exception("error %s: %s %s", error_id, scope.get("method"), scope.get("path"))
            if started:  # the response is half sent: nothing better to do than cut it
                raise
            response = error_response(scope.get("path", ""), 500, "internal_error",
                                      "Something went wrong on the server. Quote this error id "
                                      "when you report it.", error_id=error_id)  # fmt: skip
            await response(scope, receive, send_with_headers)

    async def _send_body_refused(
        self, response: Response, scope: Scope, receive: Receive, send: Send
    ) -> None:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = (
                    list(message.get("headers", []))
                    + SECURITY_HEADERS
                    + [(b"connection", b"close")]
                )
            await send(message)

        await response(scope, receive, send_with_headers)


def error_response(path: str, status: int, code: str, message: str, **extra: Any) -> Response:
    """JSON for the API, an HTML page for the rest."""
    if path.startswith(API_PREFIX):
        return JSONResponse({"error": code, "message": message, **extra}, status_code=status)
    html = TEMPLATES.get_template("error.html").render(
        request=None, status=status, code=code, message=message, **extra
    )
    return HTMLResponse(html, status_code=status)


def _validation_message(errors: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    out = []
    for e in errors:
        loc = [
            str(x)
            for x in e.get("loc", ())
            if x not in ("query", "path", "body") and not isinstance(x, int)
        ]
        param = ".".join(loc) or "request"
        msg = str(e.get("msg", "invalid value"))
        ctx = e.get("ctx") or {}
        if "expected" in ctx:
            msg = f"must be {ctx['expected']}"
        out.append({"param": param, "message": msg, "got": e.get("input")})
    text = "; ".join(f"{x['param']}: {x['message']}" for x in out)
    return text, out


def create_app(url: str | None = None, *, store: Any | None = None, read_token_required: bool = False,
               max_upload_mb: float = MAX_UPLOAD_MB, max_doc_mb: float | None = None) -> FastAPI:  # fmt: skip
    """The app over the store at `url` (or an open `Store`). Writes always need a bearer token;
    reads too when `read_token_required`. `max_upload_mb`: the limit of one request body;
    `max_doc_mb`: of one document in it (as `run --max-doc-mb`)."""
    from fastapi import Depends

    store = store or Store(url)
    app = FastAPI(
        title="claimgraph",
        version=__version__,
        description=(
            "API over a claimgraph event database: events with their claims, evidence and "
            "disputes; documents; actors; counts. Filters are the same on every list; `format` "
            "gives any filtered view as csv, jsonl or geojson. Writes (adding documents, actor "
            "registry edits) need `Authorization: Bearer TOKEN` with a token from "
            "`claimgraph token create NAME`; reads are open unless the server runs with "
            "`--read-token-required`."
        ),
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,  # FastAPI's pages load scripts from a CDN: ours are vendored (web.docs)
        redoc_url=None,
    )
    app.state.store = store
    app.state.reader = Reader(store.engine)
    app.state.read_token_required = read_token_required
    app.state.max_doc_mb = DEFAULT_MAX_MB if max_doc_mb is None else max_doc_mb

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        message, details = _validation_message(list(exc.errors()))
        return error_response(request.url.path, 422, "invalid_request", message, details=details)

    @app.exception_handler(FilterError)
    async def _bad_filter(request: Request, exc: FilterError) -> Response:
        details = [{"param": exc.field, "message": exc.message}]
        return error_response(request.url.path, 422, "invalid_request", str(exc), details=details)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        code = HTTP_CODES.get(exc.status_code, "http_error")
        response = error_response(request.url.path, exc.status_code, code, str(exc.detail))
        for k, v in (exc.headers or {}).items():
            response.headers[k] = v
        return response

    readers = [Depends(write.require_reader)]
    app.include_router(write.router, prefix=API_PREFIX)
    app.include_router(api.router, prefix=API_PREFIX, dependencies=readers)
    app.include_router(web.open_router)
    app.include_router(web.router, dependencies=readers)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.add_middleware(Guard, max_body=int(max_upload_mb * 1e6))
    return app


HTTP_CODES = {401: "unauthorized", 404: "not_found", 405: "method_not_allowed", 413: "too_large",
              415: "unsupported_media_type", 422: "invalid_request", 503: "read_only"}  # fmt: skip
