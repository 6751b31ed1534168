"""Shared by the serve tests: a database built once per test session by running the pipeline on
the seed pages (../shared/corpus/seeds) plus one page of our own whose title holds a <script>
tag; a live `claimgraph serve` process over it. Skips cleanly when the seeds are absent."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"
ALLOUSH_PAGES = ("000_d6ee9360ffc1ff27.txt", "001_aab8a3634b40cb55.txt")
REPO = Path(__file__).resolve().parents[1]
CLAIMGRAPH = Path(sys.executable).with_name("claimgraph")
# screenshots: under build/ (gitignored), or where $CLAIMGRAPH_SHOTS says
SHOTS = Path(os.environ.get("CLAIMGRAPH_SHOTS") or REPO / "build" / "serve-screenshots")

SCRIPT_TITLE = '<script>alert("pwned")</script> Rebels shell Idlib'
# an HTML page whose title and body carry markup as text (escaped in the HTML source)
XSS_PAGE = """<html><head><title>&lt;script&gt;alert("pwned")&lt;/script&gt; Rebels shell Idlib</title></head>
<body><article><h1>&lt;script&gt;alert("pwned")&lt;/script&gt; Rebels shell Idlib</h1>
<p>IDLIB, Syria, March 3, 2018 - Rebel fighters shelled the town of Saraqeb in Idlib province on
Friday, killing four civilians, the Syrian Observatory for Human Rights said.
&lt;img src=x onerror=alert(2)&gt;</p>
<p>The government denied that its forces had taken part in the fighting near Saraqeb.</p>
</article></body></html>
"""

_built: dict[str, Path] = {}


def seed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed database of this session (built on first use, about 15 s)."""
    if not all((SEEDS / p).is_file() for p in ALLOUSH_PAGES):
        pytest.skip("../shared/corpus/seeds is absent")
    if "db" not in _built:
        from claimgraph.runner import run_corpus
        from claimgraph.store import Store

        root = tmp_path_factory.mktemp("serve")
        page = root / "script-title.html"
        page.write_text(XSS_PAGE, encoding="utf-8")
        db = root / "seeds.db"
        store = Store(f"sqlite:///{db}")
        run_corpus([SEEDS, page], store)
        store.close()
        _built["db"] = db
    return _built["db"]


def db_copy(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the seed database, for tests that change it."""
    dst = tmp_path / "copy.db"
    shutil.copy(seed_db(tmp_path_factory), dst)
    return dst


def doc_ids(db: Path) -> dict[str, str]:
    """Seed file name -> document id."""
    import sqlite3

    with sqlite3.connect(db) as conn:
        return {Path(uri).name: i for i, uri in conn.execute("SELECT id, uri FROM documents")}


def alloush_event(records: list[dict], ids: dict[str, str]) -> dict:
    """The Alloush airstrike: the ASSAULT both Alloush pages carry."""
    want = {ids[p] for p in ALLOUSH_PAGES}
    hits = [r for r in records if r["event_type"] == "ASSAULT" and want <= set(r["documents"])]
    assert len(hits) == 1, [(r["id"], r["documents"]) for r in hits]
    return hits[0]


class LiveServer:
    """`claimgraph serve` in a child process on a free port; stopped by its pid."""

    def __init__(self, db: Path, log: Path) -> None:
        self.log = log
        self._log_fh = log.open("w")
        # stdout (the URL line, the access log) and stderr both go to the log file: a pipe
        # nobody drains would block the server once full
        self.proc = subprocess.Popen(
            [str(CLAIMGRAPH), "serve", "--db", str(db), "--port", "0"],
            stdout=self._log_fh, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        line = ""
        while time.monotonic() < deadline and self.proc.poll() is None:
            line = next(
                (
                    x
                    for x in log.read_text().splitlines()
                    if x.startswith("claimgraph serve: http://")
                ),
                "",
            )
            if line:
                break
            time.sleep(0.1)
        if not line:
            self.stop()
            raise RuntimeError(f"serve did not start: {log.read_text()}")
        self.url = line.split()[2].rstrip("/")
        self._wait_ready()

    def _wait_ready(self) -> None:
        import httpx

        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/api/v1/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("serve did not answer within 20 s")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log_fh.close()


def live_server(db: Path, log: Path) -> Iterator[LiveServer]:
    server = LiveServer(db, log)
    try:
        yield server
    finally:
        server.stop()


@pytest.mark.slow
def test_serve_support_seed_db_has_the_alloush_strike(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    from claimgraph.store import Store

    db = seed_db(tmp_path_factory)
    store = Store(f"sqlite:///{db}")
    rec = alloush_event(store.event_records(), doc_ids(db))
    assert rec["n_sources"] == 2
    assert any(d["title"] == SCRIPT_TITLE for d in store.documents_meta())
