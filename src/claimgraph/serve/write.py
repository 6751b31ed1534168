"""Write endpoints of /api/v1 and the bearer-token checks they need.

    POST /documents                  files (multipart) or a JSONL body: the pipeline and the
                                     incremental merge, as `claimgraph run` does them
    POST /actors/{id}/aliases        add aliases to a registry actor
    POST /actors/merge               merge one registry actor into another

Every write needs `Authorization: Bearer TOKEN` with a token from `claimgraph token create`
(401 otherwise). Uploads are written to a private temporary folder and handed to
`claimgraph.runner.run_corpus`, so a document goes through exactly what `run` does to it; one
upload runs at a time per process. Registry edits append one line to the user registry file
(`$CLAIMGRAPH_ACTORS`, default `~/.config/claimgraph/actors.jsonl`), as `claimgraph actors
alias|merge` do; they change how names resolve in documents processed from then on.
"""

from __future__ import annotations

import json
import logging
import re
import tempfile
import threading
import unicodedata
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field
from sqlalchemy import select
from starlette.datastructures import UploadFile

from claimgraph.serve.tokens import verify_token

log = logging.getLogger("claimgraph.serve")

router = APIRouter()
bearer = HTTPBearer(auto_error=False, description="A token from `claimgraph token create NAME`.")
TOKEN_COOKIE = "claimgraph_token"

_UPLOAD_LOCK = threading.Lock()
_REGISTRY_LOCK = threading.Lock()
JSONL_TYPES = (
    "application/x-ndjson",
    "application/jsonl",
    "application/x-jsonlines",
    "application/json-lines",
)
MAX_FILES = 1000
MAX_ALIASES = 50


def _unauthorized(message: str) -> HTTPException:
    return HTTPException(401, message, headers={"WWW-Authenticate": 'Bearer realm="claimgraph"'})


def token_name(
    request: Request, creds: HTTPAuthorizationCredentials | None, cookie: bool = False
) -> str | None:
    """The name of the valid token the request carries (header, or the login cookie when
    `cookie`), else None."""
    token = creds.credentials if creds is not None else None
    if token is None and cookie:
        token = request.cookies.get(TOKEN_COOKIE)
    if not token:
        return None
    return verify_token(request.app.state.store.engine, token)


def require_writer(
    request: Request, creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> str:
    """Dependency of every write: the token's name, or 401. Only the header counts (a browser
    sends cookies on its own, so a cookie must never authorise a write)."""
    if creds is None:
        raise _unauthorized(
            "this endpoint needs a token: Authorization: Bearer TOKEN (claimgraph token create NAME)"
        )
    name = token_name(request, creds)
    if name is None:
        raise _unauthorized("the token is not valid (unknown or revoked)")
    return name


def require_reader(
    request: Request, creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> None:
    """Dependency of every read when the server runs with --read-token-required."""
    if not request.app.state.read_token_required:
        return
    if token_name(request, creds, cookie=True) is None:
        raise _unauthorized(
            "this server needs a token to read: Authorization: Bearer TOKEN, or sign in at /login"
        )


Writer = Annotated[str, Depends(require_writer)]


# --- uploads ----------------------------------------------------------------------------------

_UNSAFE = re.compile(r"[^\w.\-]+")


def safe_name(name: str | None, index: int, taken: set[str]) -> str:
    """A file name for the temporary folder: the upload's last path part, word characters,
    dots and dashes only, its extension kept (the reader goes by it), unique in the upload."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = unicodedata.normalize("NFKC", base)
    base = _UNSAFE.sub("_", base).strip("._")[-120:] or f"upload-{index}.txt"
    out, n = base, 1
    while out.casefold() in taken:
        n += 1
        out = f"{n}-{base}"
    taken.add(out.casefold())
    return out


def _no_content(message: str) -> HTTPException:
    return HTTPException(422, message)


@router.post(
    "/documents",
    summary="Add documents: the pipeline and the incremental merge, as `claimgraph run`",
    responses={
        401: {"description": "No valid bearer token."},
        413: {"description": "The request body is over the upload limit."},
        415: {"description": "Neither multipart/form-data nor a JSONL body."},
        422: {"description": "No document in the request."},
        503: {"description": "The database is read-only."},
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {"files": {"type": "array", "items": {"type": "string", "format": "binary"}}},
                        "required": ["files"],
                    }
                },
                "application/x-ndjson": {
                    "schema": {"type": "string", "description": 'One JSON object per line: {"text": ..., "title": ..., "url": ..., "published": ...}'}
                },
            },
        }
    },
)  # fmt: skip
async def post_documents(request: Request, who: Writer) -> Any:
    """Files (.txt, .html, .jsonl, .warc(.gz); multipart field `files`, repeatable) or a JSONL
    body (`Content-Type: application/x-ndjson`). Each document gets a status: `stored`,
    `already_stored` (the same bytes were added before) or `failed` with the stage, the error
    code (`E0xx` reading, `E1xx` cleaning, `E2xx`/`E3xx` the pipeline, `E4xx` the store) and the
    reason; then the events merged from them."""
    store = request.app.state.store
    if getattr(store, "readonly", False):
        raise HTTPException(
            503, "the database is read-only on this server; documents cannot be added"
        )
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    tmp = tempfile.TemporaryDirectory(prefix="claimgraph-upload-")
    try:
        folder = Path(tmp.name)
        names: dict[str, str] = {}  # file name in the folder -> name the client gave
        taken: set[str] = set()
        if ctype == "multipart/form-data":
            form = await request.form(max_files=MAX_FILES, max_fields=MAX_FILES)
            try:
                uploads = [v for _, v in form.multi_items() if isinstance(v, UploadFile)]
                if not uploads:
                    raise _no_content("no file in the form (send them in the field `files`)")
                for i, up in enumerate(uploads, start=1):
                    name = safe_name(up.filename, i, taken)
                    with (folder / name).open("wb") as fh:
                        while chunk := await up.read(1 << 20):
                            fh.write(chunk)
                    names[name] = up.filename or name
            finally:
                await form.close()
        elif ctype in JSONL_TYPES:
            body = await request.body()
            if not body.strip():
                raise _no_content("the JSONL body is empty")
            (folder / "upload.jsonl").write_bytes(body)
            names["upload.jsonl"] = "body"
        else:
            raise HTTPException(
                415,
                "send multipart/form-data (field `files`) or a JSONL body (application/x-ndjson)",
            )
        from starlette.concurrency import run_in_threadpool

        result = await run_in_threadpool(_run, request.app, folder, names)
    finally:
        tmp.cleanup()
    log.info("token %s added %d documents (%d failed)", who, result["processed"], result["failed"])
    return result


def _run(app: Any, folder: Path, names: dict[str, str]) -> dict[str, Any]:
    """Run the pipeline on `folder` into the app's store (one upload at a time) and say what
    became of each document."""
    from claimgraph.ingest import read_paths
    from claimgraph.model import DocError
    from claimgraph.pipeline import Pipeline
    from claimgraph.runner import run_corpus

    store = app.state.store
    prefix = str(folder) + "/"

    def client_uri(uri: str) -> str:
        """A document is stored under the name its client gave (`story.html`, `feed.jsonl#3`,
        `body#2` for a JSONL body), never under the temporary folder it was read from."""
        file_part, sep, line = uri.removeprefix(prefix).partition("#")
        return names.get(file_part, file_part) + sep + line

    with _UPLOAD_LOCK:
        items = [
            (it.doc_id, client_uri(it.uri or ""), it)
            if isinstance(it, DocError)
            else (it.id, client_uri(it.uri), None)
            for it in read_paths([folder], max_mb=app.state.max_doc_mb)
        ]
        known = store.known_ids()
        if getattr(app.state, "pipeline", None) is None:
            app.state.pipeline = Pipeline()
        report = run_corpus(
            [folder],
            store,
            pipeline=app.state.pipeline,
            max_mb=app.state.max_doc_mb,
            uri_of=client_uri,
        )
    return _statuses(store, items, known, report)


def _statuses(
    store: Any, items: list[tuple[str, str, Any]], known: set[str], report: Any
) -> dict[str, Any]:
    from claimgraph.store import schema

    ids = sorted({i for i, _, _ in items})
    d, e, m, em = (
        schema.documents.c,
        schema.doc_errors.c,
        schema.mentions.c,
        schema.event_mentions.c,
    )
    docs: dict[str, dict[str, Any]] = {}
    errors: dict[str, list[dict[str, Any]]] = {}
    events: dict[str, set[str]] = {}
    with store.engine.connect() as conn:
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            for r in conn.execute(
                select(d.id, d.title, d.status, d.n_mentions).where(d.id.in_(chunk))
            ):
                docs[r.id] = dict(r._mapping)
            for r in conn.execute(
                select(e.doc_id, e.stage, e.code, e.message)
                .where(e.doc_id.in_(chunk))
                .order_by(e.stage)
            ):
                errors.setdefault(r.doc_id, []).append(
                    {"stage": r.stage, "code": r.code, "message": r.message}
                )
            q = (select(m.document_id, em.event_id).select_from(schema.mentions)
                 .join(schema.event_mentions, em.mention_id == m.id).where(m.document_id.in_(chunk)))  # fmt: skip
            for r in conn.execute(q):
                events.setdefault(r.document_id, set()).add(r.event_id)
    out = []
    seen: set[str] = set()
    for doc_id, name, ingest_error in items:
        errs = errors.get(doc_id) or []
        if ingest_error is not None and not errs:
            errs = [
                {
                    "stage": ingest_error.stage,
                    "code": str(ingest_error.code),
                    "message": ingest_error.message,
                }
            ]
        meta = docs.get(doc_id) or {}
        status = (
            "failed"
            if errs
            else "already_stored"
            if doc_id in known or doc_id in seen
            else "stored"
        )
        seen.add(doc_id)
        out.append({
            "name": name, "id": doc_id, "status": status, "errors": errs,
            "title": meta.get("title"), "mentions": meta.get("n_mentions") or 0,
            "events": sorted(events.get(doc_id, ())),
        })  # fmt: skip
    return {
        "documents": out,
        "processed": report.processed, "skipped": report.skipped,
        "failed": sum(1 for x in out if x["status"] == "failed"),
        "events": {"total": report.events, "added": report.events_added,
                   "changed": report.events_changed, "removed": report.events_removed},
    }  # fmt: skip


# --- the actor registry -----------------------------------------------------------------------


class AliasEdit(BaseModel):
    aliases: list[Annotated[str, Field(min_length=1, max_length=200)]] = Field(
        min_length=1, max_length=MAX_ALIASES, description="New names of the actor, in any script."
    )


class MergeEdit(BaseModel):
    id: str = Field(
        min_length=1,
        max_length=200,
        description="The actor merged away: its names become aliases of `into`.",
    )
    into: str = Field(min_length=1, max_length=200, description="The actor that remains.")


def _clean_alias(text: str) -> str:
    if any(unicodedata.category(c) in ("Cc", "Cf") and c not in "\u200c\u200d" for c in text):
        raise HTTPException(422, f"alias {text[:40]!r} holds control or formatting characters")
    out = " ".join(text.split())
    if not out:
        raise HTTPException(422, "an alias is empty")
    return out


def _append_user_record(record: dict[str, Any]) -> None:
    from claimgraph.actors.registry import clear_cache, user_registry_path

    path = user_registry_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    clear_cache()


@router.post(
    "/actors/{actor_id}/aliases",
    summary="Add aliases to a registry actor",
    responses={401: {"description": "No valid bearer token."}, 404: {"description": "No such actor in the registry."}},
)  # fmt: skip
def add_aliases(actor_id: str, edit: AliasEdit, who: Writer) -> Any:
    """Appends an alias edit to the user registry file (as `claimgraph actors alias`): the
    names resolve to this actor in documents processed from now on."""
    from claimgraph.actors import registry

    names = list(dict.fromkeys(_clean_alias(a) for a in edit.aliases))
    with _REGISTRY_LOCK:
        actor = registry().get(actor_id)
        if actor is None:
            raise HTTPException(404, f"no actor with id {actor_id!r} in the registry")
        have = {n.casefold() for n in actor.names()}
        new = [n for n in names if n.casefold() not in have]
        if new:
            _append_user_record({"op": "alias", "id": actor.id, "aliases": new})
        updated = registry().get(actor.id)
    log.info("token %s added aliases %r to %s", who, new, actor.id)
    return {"actor": (updated or actor).record(), "added": new}


@router.post(
    "/actors/merge",
    summary="Merge one registry actor into another",
    responses={401: {"description": "No valid bearer token."}, 404: {"description": "No such actor in the registry."}},
)  # fmt: skip
def merge_actors(edit: MergeEdit, who: Writer) -> Any:
    """Appends a merge to the user registry file (as `claimgraph actors merge`): `id`'s names
    become aliases of `into`, and `id` redirects there."""
    from claimgraph.actors import registry

    with _REGISTRY_LOCK:
        reg = registry()
        drop, keep = reg.get(edit.id), reg.get(edit.into)
        for given, actor in ((edit.id, drop), (edit.into, keep)):
            if actor is None:
                raise HTTPException(404, f"no actor with id {given!r} in the registry")
        assert drop is not None and keep is not None
        if drop.id == keep.id:
            raise HTTPException(422, f"{edit.id!r} and {edit.into!r} are the same actor")
        _append_user_record({"op": "merge", "id": drop.id, "into": keep.id})
        updated = registry().get(keep.id)
    log.info("token %s merged %s into %s", who, drop.id, keep.id)
    return {"merged": drop.id, "into": keep.id, "actor": (updated or keep).record()}
