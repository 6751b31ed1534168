"""Issue 17: the command line as users of spaCy, datasette and trafilatura expect it. One test
(or one parametrized case) per finding of the issue, through typer's CliRunner on the real app,
a real SQLite database and, where a finding needs processed documents, one real `run`."""

from __future__ import annotations

import io
import json
import sys
from contextlib import redirect_stderr
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimgraph.actors.registry import clear_cache
from claimgraph.cli import app
from claimgraph.errors import EXIT_DOCS_FAILED, EXIT_STORAGE, EXIT_USAGE
from claimgraph.store import Store, schema

runner = CliRunner()
FIX = Path(__file__).parent / "fixtures"


def _ok_error(result, code: int) -> str:  # type: ignore[no-untyped-def]
    """An error the issue's way: its exit code, `error: ...` first, at most a hint after it."""
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output, result.output
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("error: ") and len(lines) <= 2, result.output
    assert len(lines) == 1 or lines[1].startswith("hint: "), result.output
    return result.output


def _event(event_id: str, date: str | None, actors: list[dict], event_type: str = "ASSAULT",
           status: str = "reported", mode: list[str] | None = None, document: str = "d" * 64) -> dict:  # fmt: skip
    claim = {"stance": "assert", "speaker": None, "outlet": "Example News", "published": "2016-01-02",
             "document_id": document, "modality": "asserted",
             "evidence": {"segment": "body", "start": 0, "end": 20, "text": "Rebels shelled the town."}}  # fmt: skip
    return {"id": event_id, "event_type": event_type, "mode": mode or [], "actors": actors, "recipients": [],
            "date": {"value": date, "end": None, "granularity": "day", "type": "exact", "reason": "'Monday'"} if date else None,
            "location": {"name": "Douma", "country": "SY", "admin1": "Rif Dimashq", "precision": "town"},
            "status": status, "modality": "asserted", "n_sources": 1, "claims": [claim], "disputes": [],
            "documents": [document]}  # fmt: skip


@pytest.fixture
def events_db(tmp_path: Path) -> str:
    """A database holding a few hand-made events (the store's own tables, no pipeline)."""
    url = f"sqlite:///{tmp_path / 'ev.db'}"
    store = Store(url)
    jaysh = {
        "name": "Jaysh al-Islam",
        "actor_id": "cg:jaysh-al-islam",
        "country": "SYR",
        "sector": "REB",
    }
    records = [
        _event("evt_aaaa1111", "2015-12-25", [jaysh]),
        _event("evt_aaaa2222", None, [{"name": "Syrian Army", "actor_id": "SYR-MIL"}]),
        _event("evt_bbbb3333", "2016-03-01", [{"name": "Russia", "actor_id": "state:RUS"}]),
        _event("evt_cccc4444", "2014-01-01", [{"name": "rebels"}], event_type="PROTEST"),
    ]
    with store.engine.begin() as conn:
        for r in records:
            conn.execute(schema.events.insert().values(
                id=r["id"], event_type=r["event_type"], date=(r["date"] or {}).get("value"), location="Douma",
                country="SY", status=r["status"], n_sources=1, record=json.dumps(r)))  # fmt: skip
        conn.execute(schema.documents.insert().values(
            id="d" * 64, uri="articles/douma.txt", url="https://example.org/douma", title="Douma", outlet="Example News",
            media_type="text/plain", published="2016-01-02", status="ok", n_mentions=1, text="x", record="{}"))  # fmt: skip
    store.close()
    return url


@pytest.fixture(scope="module")
def ran(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """One real `run`: a story, two files with the same bytes that fail, an empty folder."""
    root = tmp_path_factory.mktemp("ran")
    folder = root / "in"
    (folder / "empty").mkdir(parents=True)
    (folder / "story.txt").write_text(
        "DAMASCUS, Dec 26, 2015 - Jaysh al-Islam fighters shelled the Old City of Damascus on Friday, "
        "killing three people, the Syrian Observatory for Human Rights said.\n", encoding="utf-8")  # fmt: skip
    blank = "<html><head><title></title></head><body><script>x()</script></body></html>"
    (folder / "a.html").write_text(blank, encoding="utf-8")
    (folder / "b.html").write_text(blank, encoding="utf-8")
    db = root / "run.db"
    result = runner.invoke(app, ["run", str(folder), str(folder / "empty"), "--db", str(db)])
    return folder, db, result


# -- tracebacks on ordinary mistakes -------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [["events"], ["show", "evt_x"], ["export", "-f", "csv"], ["errors"], ["token", "list"]],
)
def test_cli17_missing_database_is_an_error_and_creates_nothing(
    tmp_path: Path, command: list[str]
) -> None:
    db = tmp_path / "mistyped.db"
    out = _ok_error(runner.invoke(app, [*command, "--db", str(db)]), EXIT_STORAGE)
    assert "no database at" in out and "claimgraph run" in out
    assert not db.exists()


def test_cli17_run_creates_the_database_and_says_so(ran) -> None:  # type: ignore[no-untyped-def]
    _, db, result = ran
    assert db.exists() and f"created the database {db}" in result.output


@pytest.mark.parametrize("target", ["missing/dir/x.csv", "."])
def test_cli17_export_to_a_path_that_cannot_be_written(
    events_db: str, tmp_path: Path, target: str
) -> None:
    out = _ok_error(
        runner.invoke(
            app, ["export", "-f", "csv", "-o", str(tmp_path / target), "--db", events_db]
        ),
        EXIT_USAGE,
    )
    assert "folder" in out  # "the folder ... does not exist", "... is a folder"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ev.db"]  # nothing half-written


def test_cli17_export_writes_the_whole_file(events_db: str, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["export", "--format", "CSV", "-o", str(tmp_path / "e.csv"), "--db", events_db]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "e.csv").read_text(encoding="utf-8").count("\n") == 5
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize("url", ["foo://bar", "not a url://x"])
def test_cli17_unknown_database_url_is_a_usage_error(url: str) -> None:
    out = _ok_error(runner.invoke(app, ["events", "--db", url]), EXIT_USAGE)
    assert "--db" in out


def test_cli17_missing_postgres_driver_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [m for m in sys.modules if m == "psycopg" or m.startswith("psycopg.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "psycopg", None)  # what a fresh install without [postgres] has
    out = _ok_error(
        runner.invoke(app, ["events", "--db", "postgresql+psycopg://u@localhost:1/db"]),
        EXIT_STORAGE,
    )
    assert "psycopg is not installed" in out and ".[postgres]" in out
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert "pip install -e '.[postgres]'" in readme


def test_cli17_internal_error_is_one_line_and_debug_shows_the_traceback(events_db: str) -> None:
    store = Store(events_db)
    with store.engine.begin() as conn:  # a record no version of claimgraph writes
        conn.execute(schema.events.insert().values(id="evt_broken", event_type="ASSAULT", status="reported",
                                                   n_sources=1, record="{"))  # fmt: skip
    out = _ok_error(runner.invoke(app, ["show", "evt_broken", "--db", events_db]), EXIT_STORAGE)
    assert "internal error: JSONDecodeError" in out and "--debug" in out
    result = runner.invoke(app, ["show", "evt_broken", "--db", events_db, "--debug"])
    assert isinstance(result.exception, json.JSONDecodeError)  # raised: Python prints its traceback


# -- invalid values ----------------------------------------------------------------------------


@pytest.mark.parametrize("args", [
    ["events", "--since", "yesterday"],
    ["events", "--since", "2018-13-45"],
    ["events", "--until", "2018-02-30"],
    ["events", "--status", "bogus"],
    ["events", "--type", "BOMBING"],
    ["events", "--since", "2019-01-01", "--until", "2018-12-31"],
    ["events", "--limit", "-1"],
    ["events", "--country", "Narnia"],
    ["run", ".", "--workers", "0"],
    ["run", ".", "--max-doc-mb", "-1"],
    ["run", ".", "--doc-timeout", "-5"],
    ["export", "--format", "xml"],
    ["demo", "--limit", "0"],
    ["eval", "nonsense", "--data", "."],
    ["eval", "dates", "--data", ".", "--limit", "0"],
    ["actors", "add", "X", "--kind", "banana"],
    ["actors", "search", "x", "-n", "0"],
    ["gazetteer", "lookup", "x", "--country", "Narnia"],
    ["serve", "--port", "70000"],
])  # fmt: skip
def test_cli17_invalid_values_are_usage_errors(args: list[str], events_db: str) -> None:
    if args[0] in ("events", "export"):
        args = [*args, "--db", events_db]
    _ok_error(runner.invoke(app, args), EXIT_USAGE)


def test_cli17_enums_match_in_any_case_and_are_listed(events_db: str) -> None:
    for args in (["--type", "assault"], ["--type", "ASSAULT"], ["--status", "Reported"], ["--country", "syr"],
                 ["--country", "Syria"], ["--country", "sy"]):  # fmt: skip
        result = runner.invoke(app, ["events", "--db", events_db, "--json", *args])
        assert result.exit_code == 0 and "evt_aaaa1111" in result.stdout, (args, result.output)
    assert runner.invoke(app, ["export", "--format", "GeoJSON", "--db", events_db]).exit_code == 0
    helped = runner.invoke(app, ["events", "--help"]).output
    assert (
        "ASSAULT" in helped
        and "PROTEST" in helped
        and "hypothetical" in helped
        and "corroborated" in helped
    )


def test_cli17_partial_dates_cover_their_span(events_db: str) -> None:
    result = runner.invoke(
        app, ["events", "--db", events_db, "--json", "--since", "2015-12", "--until", "2015"]
    )
    ids = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    assert ids == ["evt_aaaa1111"], result.output


# -- silence on long work --------------------------------------------------------------------------


def test_cli17_run_says_what_it_does(ran) -> None:  # type: ignore[no-untyped-def]
    _, _, result = ran
    for phase in ("loading the language models", "processing", "merging mentions into events"):
        assert phase in result.output, result.output


@pytest.mark.parametrize("where", ["before", "after"])
def test_cli17_verbose_at_every_level_logs_our_modules(events_db: str, where: str) -> None:
    args = (
        ["-v", "export", "--db", events_db]
        if where == "before"
        else ["export", "--db", events_db, "-v"]
    )
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "exporting the events:" in result.output  # claimgraph.cli's own log line, with its time
    quiet = runner.invoke(app, ["export", "--db", events_db, "-q"])
    assert quiet.exit_code == 0 and "exporting the events" not in quiet.output


def test_cli17_first_gazetteer_build_says_what_and_where(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import claimgraph.cli as cli
    import claimgraph.cli_common as cli_common
    import claimgraph.places.gazetteer as gz

    # the build itself (a minute, 100 MB) is the places tests' business; here: what the user sees
    built: list[Path] = []
    monkeypatch.setattr(gz, "default_path", lambda: tmp_path / "gazetteer.sqlite")
    monkeypatch.setattr(
        gz, "default_gazetteer", lambda: built.append(tmp_path / "gazetteer.sqlite")
    )
    monkeypatch.setitem(cli_common._STATE, "quiet", False)  # as a command without -q starts
    buf = io.StringIO()
    with redirect_stderr(buf):
        cli._ensure_gazetteer()
    assert (
        built
        and "building the gazetteer" in buf.getvalue()
        and str(tmp_path / "gazetteer.sqlite") in buf.getvalue()
    )


def test_cli17_eval_says_what_it_does(eval_dir: Path) -> None:
    result = runner.invoke(
        app, ["eval", "dates", "--data", str(eval_dir / "tempeval3_platinum"), "--limit", "2"]
    )
    assert result.exit_code == 0, result.output
    assert "evaluating dates on" in result.output
    assert json.loads(result.stdout.strip().splitlines()[-1])["task"] == "dates"


# -- output that leaks internals -------------------------------------------------------------------


def test_cli17_show_is_readable(events_db: str) -> None:
    result = runner.invoke(app, ["show", "evt_aaaa1111", "--db", events_db])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "None" not in out and "[" not in out and "{" not in out
    assert (
        "articles/douma.txt" not in out and "https://example.org/douma" in out
    )  # the URL when there is one
    assert (
        "Example News" in out and "precision: day" in out and "2015-12-25" in out and "Syria" in out
    )
    undated = runner.invoke(app, ["show", "evt_aaaa2222", "--db", events_db]).stdout
    assert "undated" in undated and "None" not in undated


def test_cli17_events_newest_first_undated_last_with_totals(events_db: str) -> None:
    result = runner.invoke(app, ["events", "--db", events_db, "--json", "--all"])
    ids = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    assert ids == ["evt_bbbb3333", "evt_aaaa1111", "evt_cccc4444", "evt_aaaa2222"]
    table = runner.invoke(app, ["events", "--db", events_db, "--limit", "2"]).stdout
    assert "2 of 4" in table and "--limit 0" in table and "undated" not in table
    assert table.index("evt_bbbb3333") < table.index("evt_aaaa1111")
    assert "Douma (SYR)" in table  # the ISO-3 codes the actors use


def test_cli17_usage_lines_show_no_internals() -> None:
    for args in (["run", "--help"], ["run"], ["show"], ["eval", "--help"]):
        out = runner.invoke(app, args).output
        assert "{" not in out.splitlines()[0] and "<list" not in out and "Path]" not in out, out


def test_cli17_run_summary_explains_itself(ran) -> None:  # type: ignore[no-untyped-def]
    _, _, result = ran
    assert (
        "this run added" in result.output
        and "changed" in result.output
        and "(+" not in result.output
    )


def test_cli17_demo_next_steps_are_separate_commands() -> None:
    import inspect

    import claimgraph.cli as cli

    src = inspect.getsource(cli.demo)
    assert "Next, try:" in src and "| claimgraph" not in src


# -- actor commands ------------------------------------------------------------------------------


@pytest.fixture
def user_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "actors.jsonl"
    monkeypatch.setenv("CLAIMGRAPH_ACTORS", str(path))
    clear_cache()
    yield path
    clear_cache()


@pytest.mark.parametrize(
    "name", ["Army of Islam", "Jaish al-Islam", "جيش الإسلام", "cg:jaysh-al-islam", "Jaysh"]
)
def test_cli17_events_actor_resolves_aliases(events_db: str, name: str, user_file: Path) -> None:
    result = runner.invoke(app, ["events", "--db", events_db, "--json", "--actor", name])
    ids = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    assert ids == ["evt_aaaa1111"], (name, result.output)


def test_cli17_actors_add_twice_needs_replace(user_file: Path) -> None:
    assert runner.invoke(app, ["actors", "add", "Qwzx Brigade", "--country", "SY"]).exit_code == 0
    out = _ok_error(
        runner.invoke(app, ["actors", "add", "Qwzx Brigade", "--sector", "REB"]), EXIT_USAGE
    )
    assert "--replace" in out and "exists" in out
    again = runner.invoke(app, ["actors", "add", "Qwzx Brigade", "--sector", "REB", "--replace"])
    assert again.exit_code == 0 and json.loads(again.stdout)["replaced"] == "user:qwzx-brigade"
    first = json.loads(user_file.read_text(encoding="utf-8").splitlines()[0])
    assert first["country"] == "SYR"  # ISO-2 in, ISO-3 stored, as the registry has them


def test_cli17_alias_clash_warns(user_file: Path) -> None:
    result = runner.invoke(app, ["actors", "add", "Qwzx Brigade", "--alias", "Army of Islam"])
    assert (
        result.exit_code == 0
        and "warning:" in result.output
        and "cg:jaysh-al-islam" in result.output
    )
    result = runner.invoke(app, ["actors", "alias", "user:qwzx-brigade", "Free Syrian Army"])
    assert result.exit_code == 0 and "warning:" in result.output and "cg:fsa" in result.output
    quiet = runner.invoke(app, ["actors", "alias", "user:qwzx-brigade", "Qwzx Lions"])
    assert quiet.exit_code == 0 and "warning" not in quiet.output


@pytest.mark.parametrize("query,best", [("Army of Islam", "cg:jaysh-al-islam"), ("Free Syrian", "cg:fsa"),
                                        ("Syrian Observatory", "cg:sohr")])  # fmt: skip
def test_cli17_actors_search_ranks_by_match_quality(query: str, best: str, user_file: Path) -> None:
    rows = [
        json.loads(line)
        for line in runner.invoke(app, ["actors", "search", query, "-n", "5"]).stdout.splitlines()
    ]
    assert rows[0]["actor_id"] == best
    assert all(r["score"] < rows[0]["score"] - 4 for r in rows[1:]), rows
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)


def test_cli17_actors_help_lists_build() -> None:
    out = runner.invoke(app, ["--help"]).output
    assert "resolve, search, add, alias, merge, build" in out
    assert "build" in runner.invoke(app, ["actors", "--help"]).output


# -- odd cases -----------------------------------------------------------------------------------


def test_cli17_ambiguous_id_prefix(events_db: str) -> None:
    out = _ok_error(runner.invoke(app, ["show", "evt_aaaa", "--db", events_db]), EXIT_USAGE)
    assert "evt_aaaa1111" in out and "evt_aaaa2222" in out and "more characters" in out
    out = _ok_error(runner.invoke(app, ["show", "evt_zzzz", "--db", events_db]), EXIT_USAGE)
    assert "no event" in out
    assert runner.invoke(app, ["show", "evt_bbbb", "--db", events_db]).exit_code == 0


def test_cli17_gazetteer_add_refuses_a_non_dump(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import claimgraph.places.gazetteer as gz

    monkeypatch.setenv("CLAIMGRAPH_CACHE", str(tmp_path / "cache"))
    article = tmp_path / "story.txt"
    article.write_text(
        "DAMASCUS - Rebels shelled the town on Monday.\nThree people were killed.\n",
        encoding="utf-8",
    )
    out = _ok_error(runner.invoke(app, ["gazetteer", "add", str(article)]), EXIT_USAGE)
    assert "not a GeoNames" in out and "download.geonames.org" in out
    z = tmp_path / "news.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("news.txt", article.read_text(encoding="utf-8"))
    _ok_error(runner.invoke(app, ["gazetteer", "add", str(z)]), EXIT_USAGE)
    assert gz.added_dumps() == []  # nothing remembered, nothing built


def test_cli17_empty_folder_warns(ran) -> None:  # type: ignore[no-untyped-def]
    folder, _, result = ran
    assert f"warning: {folder / 'empty'} holds no file to read" in result.output


def test_cli17_same_bytes_reported_under_its_own_name(ran) -> None:  # type: ignore[no-untyped-def]
    folder, _, result = ran
    assert result.exit_code == EXIT_DOCS_FAILED, result.output
    lines = [
        line for line in result.output.splitlines() if line.startswith("  ") and ".html" in line
    ]
    assert any(line.strip().startswith(str(folder / "a.html")) for line in lines), result.output
    b = [line for line in lines if line.strip().startswith(str(folder / "b.html"))]
    assert b and f"same bytes as {folder / 'a.html'}" in b[0], result.output


# -- info ----------------------------------------------------------------------------------------


def test_cli17_info(events_db: str) -> None:
    result = runner.invoke(app, ["info", "--db", events_db, "--json"])
    assert result.exit_code == 0, result.output
    facts = json.loads(result.stdout)
    assert facts["counts"]["events"] == 4 and facts["counts"]["documents"] == 1
    for key in ("claimgraph", "cache", "gazetteer", "actor registry", "MiniLM weights (--embeddings)",
                "PostgreSQL driver (psycopg)"):  # fmt: skip
        assert facts[key], key
    plain = runner.invoke(app, ["info", "--db", "/nonexistent/x.db"])
    assert plain.exit_code == 0 and "no database at" in plain.output


def test_cli17_a_closed_pipe_is_no_error(tmp_path: Path) -> None:
    """`claimgraph export | head`: the reader stops early; no error line, no traceback, exit 0."""
    import subprocess

    url = f"sqlite:///{tmp_path / 'many.db'}"
    store = Store(url)
    with store.engine.begin() as conn:
        for i in range(600):  # far more than a pipe's buffer
            r = _event(f"evt_{i:08d}", "2016-01-01", [{"name": "Russia", "actor_id": "state:RUS"}])
            conn.execute(schema.events.insert().values(id=r["id"], event_type="ASSAULT", date="2016-01-01",
                                                       status="reported", n_sources=1, record=json.dumps(r)))  # fmt: skip
    store.close()
    proc = subprocess.Popen([sys.executable, "-m", "claimgraph.cli", "export", "--db", url],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    assert proc.stdout is not None and proc.stdout.read(200)
    proc.stdout.close()
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0 and b"error" not in err and b"Traceback" not in err, err


@pytest.mark.parametrize("args", [[], ["actors"], ["gazetteer"], ["token"]])
def test_cli17_a_group_without_a_command_prints_its_help(args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.output.startswith("Usage: claimgraph") and "Commands:" in result.output
    assert "error:" not in result.output and "Traceback" not in result.output
