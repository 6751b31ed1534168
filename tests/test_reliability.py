"""Issue 16: no input can sink a batch, every document has a time budget, migrations hold.

Most tests run a fake clean stage (no model) so they take milliseconds; where a real process
matters (races, kills) they start one. The command line's side is in test_reliability_cli.py.
"""

from __future__ import annotations

import gzip
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest
from claimgraph.errors import Code
from claimgraph.ingest import read_paths
from claimgraph.model import DocError, Document, RawDocument
from claimgraph.pipeline import Pipeline
from claimgraph.runner import run_corpus
from claimgraph.store import Store

PY = sys.executable
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _fake_clean(raw: RawDocument) -> Document:
    return Document(id=raw.id, uri=raw.uri, text=raw.text, title=raw.title, url=raw.url)


def _fast_pipeline(**kw: object) -> Pipeline:
    return Pipeline(stages=[], clean=_fake_clean, **kw)  # type: ignore[arg-type]


def _codes(items: list[RawDocument | DocError]) -> dict[str, str]:
    return {Path(e.uri or "").name: e.code for e in items if isinstance(e, DocError)}


def _warc(path: Path, n: int = 2, gz: bool = False) -> bytes:
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for i in range(n):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        body = f"<html><body><p>Troops advanced on the town, story {i}.</p></body></html>".encode()
        rec = writer.create_warc_record(
            f"https://x.test/{i}", "response", payload=BytesIO(body), http_headers=headers
        )
        writer.write_record(rec)
    path.write_bytes(buf.getvalue())
    return buf.getvalue()


# -- item 1: every bad input is a row, the batch goes on ---------------------------------------


def test_reliability_jsonl_bad_encodings_types_and_nesting(tmp_path: Path) -> None:
    (tmp_path / "utf8.jsonl").write_bytes(b'{"text": "caf\xe9 \xff in Kabul"}\n')
    (tmp_path / "utf16.jsonl").write_bytes('{"text": "Gunmen attacked Mosul."}\n'.encode("utf-16"))
    (tmp_path / "types.jsonl").write_text(
        json.dumps(
            {
                "text": "Rebels shelled Aleppo.",
                "url": 5,
                "title": ["a"],
                "published": {"y": 1},
                "author": [1],
            }
        )
        + "\n"
    )
    (tmp_path / "deep.jsonl").write_text("[" * 100_000 + "]" * 100_000 + "\n")
    (tmp_path / "surrogate.jsonl").write_text(
        '{"text": "Police \\ud800 arrested", "title": "\\udfff"}\n'
    )
    items = list(read_paths([tmp_path]))
    docs = {Path(d.uri.split("#")[0]).name: d for d in items if isinstance(d, RawDocument)}
    assert _codes(items) == {"deep.jsonl#1": Code.NOT_JSON}
    assert "Kabul" in docs["utf8.jsonl"].text
    assert docs["utf16.jsonl"].text == "Gunmen attacked Mosul."
    assert docs["types.jsonl"].url == "5" and docs["types.jsonl"].title is None
    assert docs["types.jsonl"].published is None and docs["types.jsonl"].hints == {}
    assert (
        docs["surrogate.jsonl"].text == "Police \ufffd arrested"
        and docs["surrogate.jsonl"].title == "\ufffd"
    )


def test_reliability_gzip_and_warc_faults_are_rows(tmp_path: Path) -> None:
    data = gzip.compress(b"Troops advanced on the town. " * 50)
    (tmp_path / "cut.txt.gz").write_bytes(data[: len(data) // 2])
    (tmp_path / "fake.txt.gz").write_bytes(b"not gzip at all")
    whole = _warc(tmp_path / "ok.warc")
    (tmp_path / "cut_body.warc").write_bytes(whole[:-40])
    (tmp_path / "cut_header.warc").write_bytes(whole[: len(whole) // 2 + 300])
    gz = _warc(tmp_path / "ok2.warc.gz", gz=True)
    (tmp_path / "cut.warc.gz").write_bytes(gz[:-100])
    (tmp_path / "plain.warc").write_text("just some text\n")
    (tmp_path / "empty.warc").write_bytes(b"")
    (tmp_path / "header.warc").write_bytes(b"WARC/1.0\r\n")
    items = list(read_paths([tmp_path]))
    codes = _codes(items)
    assert codes == {
        "cut.txt.gz": Code.BAD_GZIP, "fake.txt.gz": Code.BAD_GZIP,
        "1": Code.BROKEN_WARC,  # cut_body.warc#https://x.test/1: the record, not the file
        "cut_header.warc": Code.BROKEN_WARC, "cut.warc.gz": Code.BROKEN_WARC,
        "plain.warc": Code.EMPTY_WARC, "empty.warc": Code.EMPTY_FILE, "header.warc#": Code.BROKEN_WARC,
    }  # fmt: skip
    stored = sorted(
        Path(d.uri.split("#")[0]).name + "/" + d.uri.rsplit("/", 1)[-1]
        for d in items
        if isinstance(d, RawDocument)
    )
    # the complete records of truncated archives are kept; the truncated one never is
    assert stored == [
        "cut.warc.gz/0",
        "cut_body.warc/0",
        "cut_header.warc/0",
        "ok.warc/0",
        "ok.warc/1",
        "ok2.warc.gz/0",
        "ok2.warc.gz/1",
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and symlinks")
def test_reliability_special_entries_are_reported(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Rebels shelled the town.")
    (tmp_path / ".hidden.txt").write_text("hidden")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref")
    os.mkfifo(tmp_path / "pipe")
    os.symlink("loop", tmp_path / "loop")
    os.symlink("nowhere", tmp_path / "dangling")
    (tmp_path / "sub").mkdir()
    os.symlink("..", tmp_path / "sub" / "up")
    with open(os.path.join(os.fsencode(tmp_path), b"bad\xffname.txt"), "wb") as fh:
        fh.write(b"Soldiers fired on protesters.")
    items = list(read_paths([tmp_path]))  # never blocks on the FIFO
    assert _codes(items) == {
        ".hidden.txt": Code.SKIPPED, ".git": Code.SKIPPED, "pipe": Code.NOT_A_FILE,
        "loop": Code.SYMLINK_LOOP, "dangling": Code.MISSING, "up": Code.SYMLINK_LOOP,
    }  # fmt: skip
    uris = sorted(d.uri for d in items if isinstance(d, RawDocument))
    assert uris == [str(tmp_path / "a.txt"), str(tmp_path) + "/bad\\xffname.txt"]


@pytest.mark.skipif(IS_ROOT, reason="root reads every folder")
def test_reliability_unreadable_folder_is_a_row(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.txt").write_text("x")
    locked.chmod(0)
    try:
        assert _codes(list(read_paths([tmp_path]))) == {"locked": Code.UNREADABLE}
    finally:
        locked.chmod(0o755)


def test_reliability_run_stores_every_document_despite_bad_ones(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a_empty.txt").write_bytes(b"")
    (corpus / "b_empty.txt").write_bytes(b"")
    (corpus / "c.jsonl").write_bytes(
        b'{"text": "Lone \\udc80 surrogate in Kabul"}\n[[[\n{"text": 3}\n'
    )
    (corpus / "d.txt").write_text("Rebels shelled the town on Monday.")
    os.symlink("nowhere", corpus / "e_dangling")
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    report = run_corpus([corpus], store, pipeline=_fast_pipeline())
    stored = {d["uri"] for d in store.documents_meta()}
    assert stored == {f"{corpus}/c.jsonl#1", f"{corpus}/d.txt"}
    rows = {(Path(e.uri or "").name, e.code) for e in store.errors()}
    # two different empty files are two rows
    assert rows == {("a_empty.txt", "E002"), ("b_empty.txt", "E002"), ("c.jsonl#2", "E004"),
                    ("c.jsonl#3", "E005"), ("e_dangling", "E010")}  # fmt: skip
    assert len(report.failed) == 5 and report.processed == 2
    # a re-run does nothing and reports the same failures
    again = run_corpus([corpus], store, pipeline=_fast_pipeline())
    assert again.processed == 0 and len(again.failed) == 5


def test_reliability_error_row_cleared_once_the_file_is_stored(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_bytes(b"")
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    assert [e.code for e in run_corpus([corpus], store, pipeline=_fast_pipeline()).failed] == [
        "E002"
    ]
    (corpus / "a.txt").write_text("Rebels shelled the town on Monday.")
    report = run_corpus([corpus], store, pipeline=_fast_pipeline())
    assert report.failed == [] and store.errors() == []
    # fixed into a copy of a stored document (deduplicated, not processed): cleared too
    (corpus / "b.txt").write_bytes(b"\x00\x01\x02")
    run_corpus([corpus], store, pipeline=_fast_pipeline())
    assert [e.code for e in store.errors()] == ["E001"]
    (corpus / "b.txt").write_text("Rebels shelled the town on Monday.")
    assert (
        run_corpus([corpus], store, pipeline=_fast_pipeline()).failed == [] and store.errors() == []
    )


def test_reliability_reading_is_lazy_and_a_crash_reading_one_file_is_a_row(
    tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import claimgraph.ingest as ingest

    corpus = tmp_path / "in"
    corpus.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (corpus / name).write_text(f"Story {name}: troops advanced.")
    log: list[str] = []
    real = ingest.read_path

    def read_path(path: Path, max_mb: float = 5.0):  # type: ignore[no-untyped-def]
        log.append(f"read {path.name}")
        if path.name == "b.txt":
            raise RuntimeError("a bug in a reader")
        yield from real(path, max_mb)

    def clean(raw: RawDocument) -> Document:
        log.append(f"clean {Path(raw.uri).name}")
        return _fake_clean(raw)

    monkeypatch.setattr(ingest, "read_path", read_path)
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    report = run_corpus([corpus], store, pipeline=Pipeline(stages=[], clean=clean))
    assert log == ["read a.txt", "clean a.txt", "read b.txt", "read c.txt", "clean c.txt"]
    assert [(Path(e.uri or "").name, e.code) for e in report.failed] == [
        ("b.txt", Code.READ_FAILED)
    ]


def test_reliability_data_the_database_refuses_is_a_row(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text("First story.")
    (corpus / "b.txt").write_text("Second story.")
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    real = store.save_document

    def save_document(doc, errors, raw_id, uri):  # type: ignore[no-untyped-def]
        if uri.endswith("a.txt"):
            raise UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed")
        return real(doc, errors, raw_id, uri)

    monkeypatch.setattr(store, "save_document", save_document)
    report = run_corpus([corpus], store, pipeline=_fast_pipeline())
    assert [(Path(e.uri or "").name, e.stage, e.code) for e in report.failed] == [
        ("a.txt", "store", Code.NOT_STORED)
    ]
    assert [d["uri"] for d in store.documents_meta()] == [str(corpus / "b.txt")]


# -- item 3: a time budget per document --------------------------------------------------------


class _Slow:
    name = "slow"
    requires: tuple[str, ...] = ()
    provides: tuple[str, ...] = ()

    def __call__(self, doc: Document) -> Document:
        if "slow" in doc.text:
            end = time.monotonic() + 30
            while time.monotonic() < end:  # pure Python, as the stages' hot loops are
                try:
                    sum(range(1000))
                except Exception:  # noqa: BLE001 - a stage's own handler must not swallow the timeout
                    pass
        return doc


def test_reliability_doc_timeout_names_the_stage_and_the_batch_goes_on(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text("a slow document")
    (corpus / "b.txt").write_text("a quick document")
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    t0 = time.monotonic()
    report = run_corpus(
        [corpus], store, pipeline=Pipeline(stages=[_Slow()], clean=_fake_clean, doc_timeout=0.5)
    )
    assert time.monotonic() - t0 < 10
    [err] = report.failed
    assert (Path(err.uri or "").name, err.stage, err.code) == ("a.txt", "slow", Code.TIMEOUT)
    assert {d["uri"].rsplit("/", 1)[-1]: d["status"] for d in store.documents_meta()} == {
        "a.txt": "failed",
        "b.txt": "ok",
    }


class _BusyDestructor:
    """Spins in `__del__`, where an exception cannot propagate (the interpreter swallows it)."""

    def __del__(self) -> None:
        t0 = time.monotonic()
        while time.monotonic() - t0 < 0.6:
            pass


def _spin(seconds: float) -> None:
    t0 = time.monotonic()
    while time.monotonic() - t0 < seconds:
        pass


@pytest.mark.parametrize("in_thread", [False, True], ids=["signal", "thread"])
def test_reliability_timeout_swallowed_by_a_destructor_fires_again_without_a_traceback(
    in_thread: bool, capfd: pytest.CaptureFixture[str]
) -> None:
    import threading

    from claimgraph.pipeline import DocTimeout, _alarm

    outcome: list[str] = []

    def work() -> None:
        t0 = time.monotonic()
        try:
            with _alarm(0.2):
                _BusyDestructor()  # freed at once: the alarm lands inside its __del__
                _spin(10)
        except DocTimeout:
            outcome.append(f"timeout after {time.monotonic() - t0:.1f}s")

    if in_thread:  # as a Dask worker runs tasks
        worker = threading.Thread(target=work)
        worker.start()
        worker.join(30)
    else:
        work()
    assert outcome and float(outcome[0].split()[2][:-1]) < 5, outcome
    assert "Traceback" not in capfd.readouterr().err


def test_reliability_default_budget_grows_with_length() -> None:
    from claimgraph.pipeline import TIMEOUT_FLOOR_S, doc_budget

    short = RawDocument(id="a", uri="a", media_type="text/plain", text="x" * 100)
    long = RawDocument(id="b", uri="b", media_type="text/plain", text="x" * 1_000_000)
    assert (
        doc_budget(short, None) == TIMEOUT_FLOOR_S and doc_budget(long, None) > 5 * TIMEOUT_FLOOR_S
    )
    assert doc_budget(long, 3) == 3 and doc_budget(long, 0) == 0


# -- item 4: migrations atomic and serialised ------------------------------------------------------

_OPEN = "import sys; from claimgraph.store import Store; Store('sqlite:///' + sys.argv[1]).counts()"


def _opens(db: Path) -> bool:
    return (
        subprocess.run([PY, "-c", _OPEN, str(db)], capture_output=True, timeout=120).returncode == 0
    )


def test_reliability_two_first_runs_at_once_migrate_once(tmp_path: Path) -> None:
    for attempt in range(3):
        db = tmp_path / f"race{attempt}.db"
        procs = [
            subprocess.Popen([PY, "-c", _OPEN, str(db)], stderr=subprocess.PIPE) for _ in range(4)
        ]
        errs = [p.communicate(timeout=120)[1].decode() for p in procs]
        assert [p.returncode for p in procs] == [0, 0, 0, 0], errs
        assert _opens(db)


def test_reliability_failed_migration_leaves_nothing_half_done(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from alembic.operations import Operations

    db = tmp_path / "m.db"
    real = Operations.create_index

    def create_index(self, name, *a, **kw):  # type: ignore[no-untyped-def]
        if name == "ix_documents_merged":  # the last step of migration 0003, after 0001 and 0002
            raise RuntimeError("killed")
        return real(self, name, *a, **kw)

    monkeypatch.setattr(Operations, "create_index", create_index)
    with pytest.raises(RuntimeError):
        Store(f"sqlite:///{db}")
    tables = {
        r[0]
        for r in sqlite3.connect(db).execute("select name from sqlite_master where type='table'")
    }
    assert tables == set()  # not a table of the earlier migrations left behind
    monkeypatch.setattr(Operations, "create_index", real)
    assert Store(f"sqlite:///{db}").counts()["documents"] == 0


def test_reliability_kill_during_first_migration_leaves_a_database_that_opens(
    tmp_path: Path,
) -> None:
    import random

    rng = random.Random(16)
    for i in range(8):
        db = tmp_path / f"kill{i}.db"
        proc = subprocess.Popen([PY, "-c", _OPEN, str(db)], stderr=subprocess.DEVNULL)
        # the interpreter and SQLAlchemy take ~0.5 s to import; kill around the migration
        time.sleep(rng.uniform(0.3, 1.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert _opens(db), f"kill {i} left a database that does not open"


def _die_on(raw: RawDocument):  # type: ignore[no-untyped-def]
    if raw.text == "die":
        os._exit(1)  # as the OOM killer would
    return _REAL_PROCESS(raw)


def _init_fast(doc_timeout: float | None = None) -> None:
    import claimgraph.pipeline as pipeline_mod

    pipeline_mod._WORKER_PIPELINE = _fast_pipeline(doc_timeout=doc_timeout)


_REAL_PROCESS = None


@pytest.mark.skipif(sys.platform != "linux", reason="the patched workers are forked")
def test_reliability_a_dead_worker_costs_only_its_document(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import claimgraph.pipeline as pipeline_mod

    global _REAL_PROCESS
    _REAL_PROCESS = pipeline_mod._process_in_worker
    monkeypatch.setattr(pipeline_mod, "_init_worker", _init_fast)
    monkeypatch.setattr(pipeline_mod, "_process_in_worker", _die_on)
    texts = ["a", "b", "die", "c", "d", "e", "f", "g", "h"]
    raws = [
        RawDocument(id=str(i), uri=f"u{i}", media_type="text/plain", text=t)
        for i, t in enumerate(texts)
    ]
    results = list(_fast_pipeline().pipe(raws, workers=2))
    assert [(r.uri, [e.code for e in r.errors]) for r in results] == [
        (f"u{i}", [Code.WORKER_DIED] if t == "die" else []) for i, t in enumerate(texts)
    ]


class _BreaksAtSubmit(ProcessPoolExecutor):
    """A pool found broken at its 3rd submit: a worker died after the last wait."""

    submits = 0

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
        type(self).submits += 1
        if type(self).submits == 3:
            raise BrokenProcessPool("a worker died")
        return super().submit(fn, *args, **kwargs)


@pytest.mark.skipif(sys.platform != "linux", reason="the patched workers are forked")
def test_reliability_a_pool_broken_at_a_submit_loses_no_document(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # stop 36 found the merge pool's twin of this race; here the submit's BrokenProcessPool
    # escaped and ended the whole run
    import claimgraph.pipeline as pipeline_mod

    monkeypatch.setattr(pipeline_mod, "_init_worker", _init_fast)
    monkeypatch.setattr(
        pipeline_mod,
        "_new_pool",
        lambda workers, doc_timeout: _BreaksAtSubmit(
            max_workers=workers, initializer=_init_fast, initargs=(doc_timeout,)
        ),
    )
    raws = [
        RawDocument(id=str(i), uri=f"u{i}", media_type="text/plain", text=t)
        for i, t in enumerate("abcdefgh")
    ]
    results = list(_fast_pipeline().pipe(raws, workers=2))
    assert [(r.uri, r.errors) for r in results] == [(f"u{i}", []) for i in range(8)]


def test_reliability_a_cut_gzipped_jsonl_keeps_the_records_before_the_cut(tmp_path: Path) -> None:
    """JSONL is read a block at a time (`ingest.lines`): a gzip that breaks off mid-file keeps
    what it held before the break, and the file gets its error row."""
    lines = b"".join(
        json.dumps({"text": f"Story {i}: troops advanced on Town{i} at dawn. " + "x" * i}).encode()
        + b"\n"
        for i in range(2000)
    )
    data = gzip.compress(lines)
    (tmp_path / "cut.jsonl.gz").write_bytes(data[: len(data) // 2])
    items = list(read_paths([tmp_path]))
    docs = [i for i in items if isinstance(i, RawDocument)]
    errors = [i for i in items if isinstance(i, DocError)]
    assert [e.code for e in errors] == [Code.BAD_GZIP]
    assert 100 < len(docs) < 2000
    assert [d.uri.rsplit("#", 1)[1] for d in docs] == [str(n) for n in range(1, len(docs) + 1)]


def test_reliability_a_gzipped_jsonl_bomb_stops_with_an_error_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import claimgraph.ingest as ingest

    lines = b'{"text": "Troops advanced on the town."}\n' + b"\n" * 3_000_000
    (tmp_path / "bomb.jsonl.gz").write_bytes(gzip.compress(lines, 9))
    # the floor of the ratio test, lowered for a small file
    monkeypatch.setattr(ingest, "_MAX_JSONL_BYTES", 1_000_000)
    items = list(read_paths([tmp_path]))
    assert [type(i).__name__ for i in items] == ["RawDocument", "DocError"]
    assert isinstance(items[1], DocError) and items[1].code == Code.TOO_LARGE
    assert "bomb" in items[1].message
