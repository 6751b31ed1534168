"""What every `claimgraph` command shares: one error path, the options several commands take
(defined once, validated once), the consoles, progress, and opening the database.

In: command-line values. Out: validated values, or a `CliError`, which the command group prints
as one line `error: ...` (and a `hint: ...` line when there is a hint) with its exit code:
2 usage (bad option or argument, unknown id), 3 storage or environment (the database cannot be
opened or written, a driver is missing) or an internal error. A traceback only with `--debug`.

Commands use these as `db: DbOption = None`, `since: SinceOption = None`... and `open_store(db)`
for reading (an existing database only) or `open_store(db, create=True)` for `run`. Every
command gets `-v/--verbose`, `-q/--quiet` and `--debug` from `Group` (added to each command as
it is built), and so does the top level: `claimgraph -v run ...` and `claimgraph run -v ...`.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
import typer.core
import typer.main
from rich.console import Console
from rich.markup import escape

from claimgraph.errors import EXIT_STORAGE, EXIT_USAGE
from claimgraph.model import PLOVER_TYPES
from claimgraph.text import countries

__all__ = [
    "CliError", "Group", "EXIT_CODES_HELP", "console", "err_console", "safe", "safe_markup",
    "DbOption", "SinceOption", "UntilOption", "EventTypeOption", "StatusOption", "LimitOption",
    "OutputOption", "CountryOption", "choice", "check_range", "country_code", "iso_date",
    "open_store", "status", "quiet", "verbosity", "warn", "info", "STATUSES", "HAPPENED",
]  # fmt: skip

log = logging.getLogger("claimgraph.cli")

#: what `claimgraph events` shows by default: the events that happened, as far as the sources say
HAPPENED = ("reported", "corroborated", "contested")
STATUSES = (*HAPPENED, "denied", "planned", "hypothetical")

EXIT_CODES_HELP = (
    "\b\nExit codes:\n"
    "  0  success\n"
    "  1  the run finished, some documents failed (claimgraph errors lists them)\n"
    "  2  usage error (bad option or argument, unknown id)\n"
    "  3  the database cannot be opened or written (read-only, disk full), or an internal error\n"
    "  130  interrupted (Ctrl-C or SIGTERM); the same command again goes on where it stopped"
)

# a table piped to a file or a CI log would be folded to 80 columns
console = Console(width=None if Console().is_terminal else 160, emoji=False)
err_console = Console(
    stderr=True,
    emoji=False,
    highlight=False,
    width=None if Console(stderr=True).is_terminal else 160,
)


# -- text from the sources -----------------------------------------------------------------------

_CONTROL = str.maketrans(
    dict.fromkeys([*range(0, 9), *range(11, 32), 127, *range(128, 160), *range(8234, 8239), *range(8294, 8298)], "�")
    | {9: " ", 10: " ", 13: " "}
)  # fmt: skip


def safe(value: object) -> str:
    """Source-derived text for the terminal: control and bidi characters replaced, one line."""
    return str(value if value is not None else "").translate(_CONTROL)


def safe_markup(value: object) -> str:
    """`safe`, with Rich markup escaped, to embed in a markup string."""
    return escape(safe(value))


# -- the error path ------------------------------------------------------------------------------


class CliError(typer.TyperException):
    """A user or environment error: `error: MESSAGE`, then `hint: HINT` when there is one."""

    def __init__(self, message: str, hint: str | None = None, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.exit_code = code

    def format_message(self) -> str:
        return self.message

    def show(self, file: Any = None) -> None:  # noqa: ARG002 - click's signature
        _print_error(self.message, self.hint)


def _print_error(message: str, hint: str | None = None) -> None:
    # soft_wrap: one line however long, so a log can be grepped for it
    err_console.print(f"error: {safe(message)}", markup=False, soft_wrap=True)
    if hint:
        err_console.print(f"hint: {safe(hint)}", markup=False, soft_wrap=True)


def _usage_message(exc: Any) -> tuple[str, str | None]:
    """Click's usage errors (typer vendors click) as our one line: no 'Usage:' block, a hint
    naming the help."""
    message = exc.format_message()
    ctx = getattr(exc, "ctx", None)
    if getattr(exc, "possibilities", None) and getattr(exc, "option_name", None):
        message = f"no such option: {exc.option_name} (did you mean {', '.join(sorted(exc.possibilities))}?)"
    hint = (
        f"`{ctx.command_path} --help` lists its options"
        if ctx is not None
        else "`claimgraph --help`"
    )
    return message, hint


_STATE: dict[str, Any] = {"verbosity": 0, "quiet": False, "debug": False}


def verbosity() -> int:
    return int(_STATE["verbosity"])


def quiet() -> bool:
    return bool(_STATE["quiet"])


def _configure_logging() -> None:
    """Our modules at INFO with -v (DEBUG with -vv), only errors with -q; others at WARNING."""
    from rich.logging import RichHandler

    root = logging.getLogger()
    if not any(getattr(h, "_claimgraph", False) for h in root.handlers):
        handler = RichHandler(console=err_console, show_time=False, show_path=False, markup=False)
        handler._claimgraph = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    ours = logging.getLogger("claimgraph")
    v = verbosity()
    # NOTSET by default: our loggers follow the root's level (WARNING), as an embedding program sets it
    ours.setLevel(
        logging.ERROR
        if _STATE["quiet"]
        else logging.DEBUG
        if v >= 2
        else logging.INFO
        if v
        else logging.NOTSET
    )


def _set_state(ctx: typer.Context, param: Any, value: Any) -> None:
    if ctx.resilient_parsing or value in (None, False, 0):
        return
    if param.name == "verbose":
        _STATE["verbosity"] = max(verbosity(), int(value))
    else:
        _STATE[str(param.name)] = True
    _configure_logging()


_COMMON = typer.Typer(add_completion=False)


@_COMMON.command()
def _common(
    verbose: Annotated[
        int,
        typer.Option(
            "--verbose",
            "-v",
            count=True,
            expose_value=False,
            is_eager=True,
            show_default=False,
            callback=_set_state,
            help="Log what claimgraph's own modules do (-vv: debug details).",
        ),
    ] = 0,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet",
            "-q",
            expose_value=False,
            is_eager=True,
            callback=_set_state,
            help="No progress, no notes: only results, warnings and errors.",
        ),
    ] = False,
    debug: Annotated[
        bool,
        typer.Option(
            "--debug",
            expose_value=False,
            is_eager=True,
            callback=_set_state,
            help="On an error, show the Python traceback too.",
        ),
    ] = False,
) -> None:
    """Where typer builds the options every command gets (typer vendors its own click)."""


def _with_common(cmd: Any) -> Any:
    names = {o for p in cmd.params for o in getattr(p, "opts", [])}
    common = typer.main.get_command(_COMMON).params
    cmd.params.extend(p for p in common if not set(p.opts) & names)
    for p in cmd.params:
        _plain_type(p)
    cmd.epilog = cmd.epilog or EXIT_CODES_HELP
    pieces = cmd.collect_usage_pieces
    # typer writes a required argument as {NAME}: the usage line says NAME, as click and man do
    cmd.collect_usage_pieces = lambda ctx: [re.sub(r"\{([^{}]*)\}", r"\1", p) for p in pieces(ctx)]
    return cmd


_TYPE_WORDS = {"int": "N", "int range": "N", "float": "NUMBER", "float range": "NUMBER", "text": "TEXT", "str": "TEXT",
               "path": "PATH", "file": "FILE", "directory": "DIR"}  # fmt: skip


def _plain_type(param: Any) -> None:
    """Help shows a metavar (N, PATH, DATE), never typer's Python types (`<list[Path]>`)."""
    shown = getattr(param, "display_type_rich", None)
    if shown is None:
        return
    if isinstance(param, typer.core.TyperArgument):
        # its NAME (metavar) says it (a per-instance replacement of typer's method: the ignore)
        param.display_type_rich = lambda ctx: None  # type: ignore[method-assign]
    else:

        def display(ctx: Any, shown: Any = shown) -> str | None:
            value = shown(ctx)
            if not (isinstance(value, str) and value.startswith("<")):
                return value  # a metavar
            word = value.strip("<>.").lower().removeprefix("list[").removesuffix("]")
            return _TYPE_WORDS.get(word, word.upper())

        param.display_type_rich = display


class Group(typer.core.TyperGroup):
    """Every command runs inside this. Its commands get -v/-q/--debug; what escapes a command is
    one line and an exit code (`CliError`), unless --debug asks for the traceback."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _with_common(self)
        for cmd in self.commands.values():
            if not hasattr(cmd, "commands"):  # a command, not a group of them
                _with_common(cmd)

    # ctx: the group's `context_class`, a Context of the click typer vendors (no typer.Context)
    def invoke(self, ctx: typer.core._click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            # `claimgraph events --json | head`: the reader has what it wanted; no error, and no
            # second one when Python flushes stdout at exit
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(0) from None
        except Exception as exc:  # noqa: BLE001 - a user never sees a traceback unasked
            if _cli_signal(exc) or _STATE["debug"]:
                raise
            raise _as_cli_error(exc) from None

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None, complete_var: str | None = None,  # type: ignore[override]
             standalone_mode: bool = True, **extra: Any) -> Any:  # fmt: skip
        """Click's main, with its usage errors printed our way (one line and a hint)."""
        _STATE.update(
            verbosity=0, quiet=False, debug=False
        )  # a test runs many commands in one process
        _configure_logging()
        try:
            rv = super().main(
                args=args,
                prog_name=prog_name,
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )
        except CliError as exc:
            if not standalone_mode:
                raise
            exc.show()
            sys.exit(exc.exit_code)
        except typer.TyperException as exc:  # click's usage errors
            if not standalone_mode:
                raise
            if (
                type(exc).__name__ == "NoArgsIsHelpError"
            ):  # `claimgraph`, `claimgraph actors`: the help
                err_console.print(exc.format_message(), markup=False, highlight=False)
                sys.exit(getattr(exc, "exit_code", EXIT_USAGE))
            _print_error(*_usage_message(exc))
            sys.exit(getattr(exc, "exit_code", EXIT_USAGE))
        except typer.Abort:
            if not standalone_mode:
                raise
            rv = 130
        if not standalone_mode:
            return rv
        # an Abort, or typer's own silent Exit(130) for Ctrl-C (and SIGTERM, see `cli.main`)
        if rv == 130:
            _print_error("interrupted")
        sys.exit(rv if isinstance(rv, int) else 0)


def _cli_signal(exc: BaseException) -> bool:
    """Exceptions the command line framework handles itself (exit, abort, usage errors)."""
    return isinstance(exc, (typer.Exit, typer.Abort, typer.TyperException))


def _as_cli_error(exc: Exception) -> CliError:
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

    from claimgraph.store import StoreError

    if isinstance(exc, (NoSuchModuleError, ArgumentError)):
        return CliError(f"{_DB_IN_USE or 'the database URL'}: {exc}", hint=_DB_HINT)
    if isinstance(exc, ModuleNotFoundError) and exc.name and exc.name.split(".")[0] in _DRIVERS:
        log.info("missing driver", exc_info=True)
        return CliError(f"the database driver {exc.name} is not installed", hint=_DRIVERS[exc.name.split(".")[0]],
                        code=EXIT_STORAGE)  # fmt: skip
    if isinstance(exc, (SQLAlchemyError, StoreError, OSError)):
        log.info("storage error", exc_info=True)
        message = _storage_message(exc)
        hint = (
            _FULL_HINT
            if any(w in message for w in ("disk is full", "disk I/O error", "No space left"))
            else None
        )
        return CliError(message, hint=hint, code=EXIT_STORAGE)
    log.info("internal error", exc_info=True)
    return CliError(f"internal error: {type(exc).__name__}: {exc}", code=EXIT_STORAGE,
                    hint="run it again with --debug for the traceback, and report it")  # fmt: skip


_DRIVERS = {
    "psycopg": "PostgreSQL needs its extra: pip install -e '.[postgres]' (README, Database)",
    "psycopg2": "install psycopg2, or use postgresql+psycopg:// with pip install -e '.[postgres]'",
    "pg8000": "install pg8000, or use postgresql+psycopg:// with pip install -e '.[postgres]'",
    "pymysql": "install pymysql (pip install pymysql)",
    "MySQLdb": "install mysqlclient (pip install mysqlclient)",
}
_DB_HINT = "--db takes a file path (SQLite) or a URL such as postgresql+psycopg://user@host/db"
_DB_IN_USE: str | None = None
#: SQLite says "disk I/O error" when a write fails otherwise than for want of space (a file over
#: the size limit, a failing device); either way what was committed is kept
_FULL_HINT = "is the disk full, or the file over a size limit? Everything stored before this is kept; make room and run again"


def _storage_message(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)  # the driver's own message, without the SQL
    reason = str(
        orig if orig is not None else (getattr(exc, "strerror", None) or exc)
    ).splitlines()[0]
    where = f" {_DB_IN_USE}" if _DB_IN_USE else ""
    if isinstance(exc, OSError) and getattr(exc, "filename", None):
        where = f" {exc.filename}"
    return f"storage error on{where}: {reason}"


def warn(message: str) -> None:
    """`warning: ...` on stderr (shown even with --quiet)."""
    err_console.print(f"warning: {safe(message)}", markup=False, soft_wrap=True)


def info(message: str) -> None:
    """A note on stderr (what was created, where); hidden by --quiet."""
    if not quiet():
        err_console.print(safe(message), markup=False, soft_wrap=True)


# -- opening the database -------------------------------------------------------------------------


def open_store(db: str | None, *, create: bool = False):  # type: ignore[no-untyped-def]
    """The store `--db` names. Reading commands open an existing claimgraph database only (a
    mistyped path is an error, not a new empty database); `create=True` (for `run`) creates one
    and says so."""
    from sqlalchemy import make_url
    from sqlalchemy.exc import ArgumentError

    from claimgraph.store import Store, StoreError, default_url

    global _DB_IN_USE
    url = default_url(db)
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise CliError(
            f"--db {db or url!r} is neither a file path nor a database URL", hint=_DB_HINT
        ) from None
    _DB_IN_USE = parsed.render_as_string(hide_password=True).removeprefix("sqlite:///")
    try:
        parsed.get_dialect()
    except Exception:  # noqa: BLE001 - sqlalchemy's NoSuchModuleError, or a plugin failing to load
        raise CliError(
            f"unknown kind of database {parsed.drivername!r} in --db {_DB_IN_USE}", hint=_DB_HINT
        ) from None
    path = (
        Path(parsed.database)
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:")
        else None
    )
    if path is not None and path.is_dir():
        raise CliError(f"--db {path} is a folder, not a database file", hint=_DB_HINT)
    new = path is not None and not path.exists()
    try:
        store = Store(url, create=create)
    except StoreError as exc:
        if create:
            raise
        raise CliError(str(exc), code=EXIT_STORAGE,
                       hint="`claimgraph run PATHS` creates it; --db or $CLAIMGRAPH_DB names another") from None  # fmt: skip
    if new and create:
        info(f"created the database {path}")
    return store


# -- validated values ------------------------------------------------------------------------------


def iso_date(value: str, *, end: bool = False, option: str = "date") -> str:
    """YYYY, YYYY-MM or YYYY-MM-DD, checked against the calendar; `end`: the last day it covers
    (2015 -> 2015-12-31), else the first (2015 -> 2015-01-01)."""
    v = value.strip()
    parts = v.split("-")
    try:
        if not (
            1 <= len(parts) <= 3 and len(parts[0]) == 4 and all(len(p) == 2 for p in parts[1:])
        ):
            raise ValueError
        y, m, d = (
            int(parts[0]),
            int(parts[1]) if len(parts) > 1 else None,
            int(parts[2]) if len(parts) > 2 else None,
        )
        if d is not None:
            day = dt.date(y, m or 1, d)
        elif m is not None:
            day = dt.date(y, m, 1)
            if end:
                day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(
                    days=1
                )
        else:
            day = dt.date(y, 12, 31) if end else dt.date(y, 1, 1)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date: write YYYY-MM-DD (or YYYY-MM, YYYY), e.g. 2015-12-01",
                                 param_hint=option) from None  # fmt: skip
    return day.isoformat()


def _since(value: str | None) -> str | None:
    return None if value is None else iso_date(value, option="--since")


def _until(value: str | None) -> str | None:
    return None if value is None else iso_date(value, end=True, option="--until")


def check_range(since: str | None, until: str | None) -> None:
    if since and until and since > until:
        raise typer.BadParameter(f"--since {since} is after --until {until}", param_hint="--since")


def country_code(value: str, *, alpha: int = 2, option: str = "--country") -> str:
    """ISO-2 (alpha=2) or ISO-3 code from an ISO-2 or ISO-3 code or an English name
    (`claimgraph.text.countries`)."""
    c = countries.country(value)
    if c is None:
        raise typer.BadParameter(f"unknown country {value!r}: give an ISO code (SY or SYR) or an English name",
                                 param_hint=option)  # fmt: skip
    return str(c.alpha_2 if alpha == 2 else c.alpha_3)


def choice(values: Sequence[str], what: str) -> Callable[[Optional[str]], Optional[str]]:
    """The callback of an enum option: any case matches, the canonical spelling is passed on, and
    the message of a wrong value lists the right ones (so does the option's help: `one_of`)."""
    canon = {v.casefold(): v for v in values}

    def check(value: Optional[str]) -> Optional[str]:
        if value is None:
            return None
        try:
            return canon[value.strip().casefold()]
        except KeyError:
            raise typer.BadParameter(
                f"unknown {what} {value!r}; one of: {one_of(values)}"
            ) from None

    return check


def one_of(values: Sequence[str]) -> str:
    return ", ".join(values)


def _country2(value: str | None) -> str | None:
    return None if value is None else country_code(value)


def _output(value: Path | None) -> Path | None:
    """`-o FILE` checked before any work: its folder exists and can be written, it is no folder."""
    return writable_output(value, folder_ok=False)


def writable_output(value: Path | None, *, folder_ok: bool) -> Path | None:
    """`-o` checked before any work: its folder exists and can be written; a folder itself only
    when `folder_ok` (a partitioned Parquet export writes one)."""
    if value is None or str(value) == "-":
        return value
    if value.is_dir() and not folder_ok:
        raise typer.BadParameter(
            f"{value} is a folder; give a file name, e.g. {value / 'events.csv'}",
            param_hint="--output",
        )
    folder = value.parent if str(value.parent) else Path(".")
    if not folder.is_dir():
        raise typer.BadParameter(f"the folder {folder} does not exist", param_hint="--output")
    if not os.access(folder, os.W_OK) or (value.exists() and not os.access(value, os.W_OK)):
        raise typer.BadParameter(f"{value} cannot be written (permissions)", param_hint="--output")
    return value


DbOption = Annotated[
    Optional[str],
    typer.Option(
        "--db", metavar="PATH|URL", show_default=False,
        help="SQLite file or SQLAlchemy URL (postgresql+psycopg://user@host/db). "
        "Default: $CLAIMGRAPH_DB, else ./claimgraph.db.",
    ),
]  # fmt: skip
SinceOption = Annotated[
    Optional[str],
    typer.Option(
        metavar="DATE", callback=_since, help="Earliest date: YYYY-MM-DD (or YYYY-MM, YYYY)."
    ),
]
UntilOption = Annotated[
    Optional[str],
    typer.Option(
        metavar="DATE",
        callback=_until,
        help="Latest date: YYYY-MM-DD (or YYYY-MM, YYYY: to its end).",
    ),
]
EventTypeOption = Annotated[
    Optional[str],
    typer.Option("--type", "-t", metavar="TYPE", callback=choice(PLOVER_TYPES, "event type"), show_default=False,
                 help=f"PLOVER event type, any case: {one_of(PLOVER_TYPES)}."),
]  # fmt: skip
StatusOption = Annotated[
    Optional[str],
    typer.Option(metavar="STATUS", callback=choice(STATUSES, "status"), show_default=False,
                 help="reported, corroborated, contested: it happened; denied, planned, hypothetical: "
                 "it did not, or not yet."),
]  # fmt: skip
CountryOption = Annotated[
    Optional[str],
    typer.Option(
        metavar="COUNTRY",
        callback=_country2,
        help="Country: ISO-2 (SY), ISO-3 (SYR) or English name.",
    ),
]
LimitOption = Annotated[int, typer.Option(min=0, metavar="N", help="At most N rows (0: all).")]
OutputOption = Annotated[
    Optional[Path],
    typer.Option("--output", "-o", callback=_output, metavar="FILE", show_default=False,
                 help="File to write (default: standard output)."),
]  # fmt: skip


# -- progress --------------------------------------------------------------------------------------


@contextmanager
def status(what: str, *, note: bool = True) -> Iterator[Callable[[str], None]]:
    """Say what runs, for work that may take more than two seconds: a spinner with the elapsed
    time on a terminal, a line on stderr otherwise (a CI log; `note=False`: not for work that is
    usually quick), nothing with --quiet. Yields a function that says what runs now. The time it
    took is logged (-v)."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    start = time.perf_counter()
    if quiet():
        yield lambda _: None
    elif not err_console.is_terminal and not note:
        yield lambda _: None
    elif not err_console.is_terminal:

        def line(text: str) -> None:
            err_console.print(f"{safe(text)} ...", markup=False, soft_wrap=True)

        line(what)
        yield line
    else:
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                      console=err_console, transient=True) as bar:  # fmt: skip
            task = bar.add_task(safe_markup(what), total=None)
            yield lambda text: bar.update(task, description=safe_markup(text))
    log.info("%s: %.1f s", what, time.perf_counter() - start)


def live() -> bool:
    """Whether a progress display can be drawn (a terminal, and not --quiet)."""
    return not quiet() and err_console.is_terminal
