"""Issue 16, faults in a real `claimgraph run`: killed with SIGKILL at random points, then run
again, it ends with the export of a run that was never interrupted (a property test,
Hypothesis); a disk that fills up mid-run is one clear line, exit 3, a consistent database that
read commands open, and a later run finishes the job.

A kill point is the k-th SQL statement the run sends (counted by a SQLAlchemy hook on every
engine): the process kills itself with SIGKILL just before it, so every state the database can
be left in is reachable, in the first migration, between and inside a document's transaction,
in the merge and while events are written. Killing between two statements (in a stage, in the
merge's arithmetic) leaves the same database as killing before the next one.

The models take ~15 s to load, far more than the run itself, so the test process loads them once
and forks a child for each `claimgraph run` (the same command, invoked as the CLI does); a child
inherits the loaded models. Bounded: 24 examples of one or two kills over three short seed pages
(~1-2 min on a busy 2-core machine).
"""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform != "linux", reason="forks the test process"),
]

#: three short seed pages (3 KB each, ~50 event mentions, ~13 events): enough for claims that
#: merge across documents, short enough for two dozen runs
SEEDS = ("001_", "003_", "004_")
EXAMPLES = 24
CHILD_TIMEOUT_S = 300
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _child(args: list[str], kill_at: int | None = None, count_to: Path | None = None,
           max_file_bytes: int | None = None, output: Path | None = None) -> int:  # fmt: skip
    """Run `claimgraph ARGS` in a forked child; return its wait status. `kill_at`: the child
    SIGKILLs itself just before its `kill_at`-th SQL statement. `count_to`: the child writes how
    many statements it sent there. `max_file_bytes`: no file the child writes may grow past this
    (RLIMIT_FSIZE: a write past it fails as on a full disk). `output`: where its stdout and
    stderr go."""
    pid = os.fork()
    if pid == 0:  # the child: never return into pytest
        code = 70
        try:
            if max_file_bytes is not None:
                signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails (EFBIG) instead
                resource.setrlimit(resource.RLIMIT_FSIZE, (max_file_bytes, resource.RLIM_INFINITY))
            from sqlalchemy import event
            from sqlalchemy.engine import Engine
            from typer.testing import CliRunner

            from claimgraph.cli import app

            sent = 0

            def before(*_a: object, **_kw: object) -> None:
                nonlocal sent
                sent += 1
                if sent == kill_at:
                    os.kill(os.getpid(), signal.SIGKILL)

            event.listen(Engine, "before_cursor_execute", before)
            result = CliRunner().invoke(app, args)
            code = result.exit_code
            if output is not None:
                if max_file_bytes is not None:
                    resource.setrlimit(
                        resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY)
                    )
                output.write_text(result.output)
            if count_to is not None:
                count_to.write_text(str(sent))
        finally:
            os._exit(code)
    deadline = time.monotonic() + CHILD_TIMEOUT_S
    while True:  # a child that hangs (a lock held across the fork) fails the test, never stalls CI
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            raise AssertionError(f"claimgraph {' '.join(args)} hung for {CHILD_TIMEOUT_S} s")
        time.sleep(0.02)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    seeds_dir = SHARED / "corpus" / "seeds"
    if not seeds_dir.is_dir():
        pytest.skip("seed pages are absent")
    folder = tmp_path_factory.mktemp("kill") / "corpus"
    folder.mkdir()
    for prefix in SEEDS:
        [src] = sorted(seeds_dir.glob(prefix + "*"))
        (folder / src.name).write_bytes(src.read_bytes())
    return folder


@pytest.fixture(scope="module")
def baseline(corpus: Path) -> tuple[bytes, int]:
    """The export of an uninterrupted run and the number of SQL statements it sent."""
    from claimgraph.pipeline import Pipeline

    Pipeline().warm_up()  # loaded once here, inherited by every forked run
    work = corpus.parent
    count = work / "count"
    status = _child(["run", str(corpus), "--db", str(work / "base.db"), "-q"], count_to=count)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, status
    out = work / "base.jsonl"
    assert _child(["export", "-f", "jsonl", "--db", str(work / "base.db"), "-o", str(out)]) == 0
    data = out.read_bytes()
    assert data.count(b"\n") >= 5, "the seed pages give events to merge"
    return data, int(count.read_text())


def test_reliability_kill_anywhere_then_resume_gives_the_same_export(
    corpus: Path, baseline: tuple[bytes, int]
) -> None:
    expected, statements = baseline
    work = corpus.parent
    tried: set[tuple[int, ...]] = set()

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(kills=st.lists(st.integers(min_value=1, max_value=statements), min_size=1, max_size=2))
    def resumed_run_is_uninterrupted_run(kills: list[int]) -> None:
        tried.add(tuple(kills))
        db = work / f"k{len(tried)}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        run = ["run", str(corpus), "--db", str(db), "-q"]
        for k in kills:
            status = _child(run, kill_at=k)
            # killed, or (a second kill point past what is left to do) finished
            assert (
                os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
            ) or status == 0, (kills, status)
            if db.exists():
                con = sqlite3.connect(db)
                try:
                    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
                finally:
                    con.close()
        assert _child(run) == 0, f"the run after kills {kills} failed"
        out = work / f"k{len(tried)}.jsonl"
        assert _child(["export", "-f", "jsonl", "--db", str(db), "-o", str(out)]) == 0
        assert out.read_bytes() == expected, (
            f"kills at statements {kills} of {statements} changed the export"
        )
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        out.unlink()

    resumed_run_is_uninterrupted_run()
    points = {k for kills in tried for k in kills}
    print(f"\nkill: {len(tried)} runs, killed at {len(points)} distinct points of {statements} "
          f"statements, every resumed export identical")  # fmt: skip
    assert len(points) >= 20


# -- item 7: storage faults ------------------------------------------------------------------------


def _consistent_and_readable(db: Path, work: Path) -> None:
    """The database passes SQLite's integrity check and the read commands open it (or, when the
    fault stopped the first migration, it is empty: no half-made schema)."""
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        tables = {r[0] for r in con.execute("select name from sqlite_master where type = 'table'")}
    finally:
        con.close()
    if not tables:
        print(f"\n{db.name}: empty (the first migration was stopped)")
        return
    con = sqlite3.connect(db)
    try:
        counts = [
            con.execute(f"select count(*) from {t}").fetchone()[0] for t in ("documents", "events")
        ]
    finally:
        con.close()
    print(f"\n{db.name}: {counts[0]} documents, {counts[1]} events kept")
    assert {"documents", "events", "doc_errors", "alembic_version"} <= tables
    for args in (
        ["events", "--all"],
        ["errors"],
        ["export", "-f", "csv", "-o", str(work / "x.csv")],
    ):
        assert _child([*args, "--db", str(db)]) == 0, args


def _one_clear_line(out: Path) -> str:
    text = out.read_text()
    assert "Traceback" not in text, text
    lines = [line for line in text.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("error:")]
    assert len(errors) == 1 and all(line.startswith(("error:", "hint:")) for line in lines), text
    return errors[0]


@pytest.mark.parametrize("limit_kb", [48, 160, 400])
def test_reliability_disk_full_mid_run(
    corpus: Path, baseline: tuple[bytes, int], limit_kb: int
) -> None:
    """No file may grow past `limit_kb` (RLIMIT_FSIZE, so no root and no mount are needed): 48 KB
    stops the first migration, 160 KB the first document, 400 KB the merge's writes."""
    expected, _ = baseline
    work = corpus.parent
    db = work / f"full{limit_kb}.db"
    out = work / f"full{limit_kb}.out"
    run = ["run", str(corpus), "--db", str(db), "-q"]
    status = _child(run, max_file_bytes=limit_kb * 1024, output=out)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 3, (status, out.read_text())
    line = _one_clear_line(out)
    assert "disk" in line or "full" in line or "too large" in line, line
    _consistent_and_readable(db, work)
    assert _child(run) == 0  # room again: the run finishes what the full disk stopped
    export = work / f"full{limit_kb}.jsonl"
    assert _child(["export", "-f", "jsonl", "--db", str(db), "-o", str(export)]) == 0
    assert export.read_bytes() == expected


def _tmpfs(path: Path, size_kb: int) -> bool:
    path.mkdir()
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "claimgraph-test", str(path)],
                          check=False, capture_output=True)  # fmt: skip
    return done.returncode == 0


def test_reliability_full_file_system_mid_run(corpus: Path, baseline: tuple[bytes, int]) -> None:
    """A real file system that fills up: a 256 KB tmpfs (needs root and permission to mount;
    skipped otherwise, the RLIMIT_FSIZE test above covers the same path)."""
    expected, _ = baseline
    work = corpus.parent
    mnt = work / "tiny"
    if not _tmpfs(mnt, 256):
        pytest.skip("cannot mount a tmpfs here (not root, or no permission)")
    try:
        db = mnt / "x.db"
        out = work / "tmpfs.out"
        run = ["run", str(corpus), "--db", str(db), "-q"]
        status = _child(run, output=out)
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 3, (status, out.read_text())
        assert (
            "database or disk is full" in _one_clear_line(out)
            and "hint: is the disk full" in out.read_text()
        )
        _consistent_and_readable(db, work)
        bigger = work / "bigger.db"
        for suffix in ("", "-wal"):  # the database moves to a disk with room, and the run goes on
            if Path(f"{db}{suffix}").exists():
                Path(f"{bigger}{suffix}").write_bytes(Path(f"{db}{suffix}").read_bytes())
        assert _child(["run", str(corpus), "--db", str(bigger), "-q"]) == 0
        export = work / "tmpfs.jsonl"
        assert _child(["export", "-f", "jsonl", "--db", str(bigger), "-o", str(export)]) == 0
        assert export.read_bytes() == expected
    finally:
        subprocess.run(["umount", str(mnt)], check=False, capture_output=True)
