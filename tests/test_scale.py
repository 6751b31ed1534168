"""Scale-out: shard rows, the partitioned merge, the Dask runner and its faults (real Dask
LocalCluster, small inputs, bounded time)."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from claimgraph.cli import app
from claimgraph.merge import (
    MergeDoc,
    StoredMentions,
    features,
    interval_and_country,
    merge_events,
    partition,
    partitioned_merge,
)
from claimgraph.merge.pool import POOL_MIN_MENTIONS, PoolMap, merge_map
from claimgraph.model import (
    ActorRef,
    Document,
    Event,
    Evidence,
    EventMention,
    Place,
    RawDocument,
    Span,
    TimeRef,
)
from claimgraph.pipeline import Pipeline
from claimgraph.resources import data_path
from claimgraph.runner import remerge
from claimgraph.scale import (
    DaskRunner,
    SerialRunner,
    Shard,
    ShardSettings,
    plan_shards,
    plan_windows,
    run_shard,
    run_sharded,
)
from claimgraph.scale.runners import LOGS
from claimgraph.store import Store

import scale_faults
from scale_faults import FaultStage

cli = CliRunner()
FAULTS = ShardSettings(factory="scale_faults:pipeline")


def _raw(i: int, text: str) -> RawDocument:
    return RawDocument(id=f"{i:064x}", uri=f"doc{i}.txt", media_type="text/plain", text=text)


def _texts(n: int) -> list[RawDocument]:
    return [
        _raw(i, f"Story {i}. Fighters attacked a checkpoint near Town{i} on 3 May 2016.\n")
        for i in range(n)
    ]


def _parquet_ids(out: Path) -> list[str]:
    return [
        r
        for p in sorted((out / "rows").glob("*/*.parquet"))
        for r in pq.read_table(p, columns=["doc_id"]).column(0).to_pylist()
    ]


# -- the partitioned merge ---------------------------------------------------------------------


def _mentions(seed: int) -> tuple[list[EventMention], dict[str, MergeDoc]]:
    """Small happenings retold by a few documents; some documents and mentions undated."""
    rng = random.Random(seed)
    out, docs = [], {}
    for k in range(60):
        day = date(2016, 1, 1) + timedelta(days=rng.randrange(40))
        town, etype = rng.randrange(15), rng.choice(["ASSAULT", "COERCE", "PROTEST", "AGREE"])
        actor = rng.choice(["Army", "Rebels", "Police", "Militia"])
        for d in range(rng.choice([1, 2, 3])):
            did = f"doc{seed}-{k}-{d}"
            pub = None if rng.random() < 0.15 else day.isoformat()
            docs[did] = MergeDoc(
                id=did,
                outlet=f"o{rng.randrange(9)}",
                published=pub,
                text=f"{actor} in T{town} " * 9,
            )
            for s in range(rng.choice([1, 2])):
                ev = f"{actor} attacked people in T{town} ({s})."
                out.append(EventMention(
                    id=f"m-{did}-{s}", document_id=did, event_type=etype,
                    trigger=Span(start=0, end=8, text="attacked"),
                    actors=[ActorRef(name=actor, actor_id=f"a_{actor}")], recipients=[ActorRef(name="people")],
                    place=Place(name=f"T{town}", geonames_id=town + 1, lat=33 + town, lon=36.0, country="SY")
                    if rng.random() > 0.2 else None,
                    date=TimeRef(text="on Monday", value=day.isoformat(), type="exact") if rng.random() > 0.25 else None,
                    evidence=Evidence(text=ev, segment="body", start=0, end=len(ev)),
                ))  # fmt: skip
    return out, docs


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_scale_partitioned_merge_equals_merge_events(seed: int) -> None:
    mentions, docs = _mentions(seed)
    whole = [e.model_dump_json() for e in merge_events(mentions, docs)]
    steps: list[tuple[int, int, str]] = []
    parts = partitioned_merge(
        mentions, docs, part_size=20, slab=25, progress=lambda *a: steps.append(a)
    )
    assert [e.model_dump_json() for e in parts] == whole
    assert {p for *_, p in steps} == {"pairs", "parts"} and sum(
        1 for s in steps if s[2] == "parts"
    ) > 1


def test_scale_partitioned_merge_cuts_a_component_over_the_bound(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # a part is a whole component, clustered in one task: one over MAX_PART is cut (cut.py),
    # alike whatever the part size, the slabs or the pool, with a warning
    mentions, docs = _mentions(1)
    with caplog.at_level("INFO", logger="claimgraph.merge.partition"):
        whole = partitioned_merge(mentions, docs, part_size=20, slab=25)
    assert "parts, largest" in caplog.text and "is cut into" not in caplog.text
    largest = int(caplog.text.split("largest ")[1].split()[0])
    assert [e.model_dump_json() for e in whole] == [
        e.model_dump_json() for e in merge_events(mentions, docs)
    ]
    monkeypatch.setattr(partition, "MAX_PART", largest // 2)
    caplog.clear()
    with caplog.at_level("INFO", logger="claimgraph.merge.partition"):
        cut_runs = [
            [e.model_dump_json() for e in partitioned_merge(mentions, docs, part_size=ps, slab=sl)]
            for ps, sl in ((20, 25), (7, 9))
        ]
    assert f"a component of {largest} mentions and " in caplog.text and "is cut into" in caplog.text
    for line in caplog.text.splitlines():
        if "parts, largest" in line:
            assert int(line.split("largest ")[1].split()[0]) <= max(20, largest // 2)
    assert cut_runs[0] == cut_runs[1]
    with PoolMap(2) as pool:
        pooled = partitioned_merge(mentions, docs, part_size=20, slab=25, map_fn=pool)
    assert [e.model_dump_json() for e in pooled] == cut_runs[0]


def test_scale_partitioned_merge_on_a_local_pool_equals_merge_events() -> None:
    mentions, docs = _mentions(4)
    whole = [e.model_dump_json() for e in merge_events(mentions, docs)]
    with PoolMap(2) as pool:
        parts = partitioned_merge(mentions, docs, part_size=20, slab=25, map_fn=pool)
        assert pool._pool is not None  # it did run on the pool
    assert [e.model_dump_json() for e in parts] == whole


def test_scale_local_pool_merges_what_a_dead_worker_left_in_the_driver() -> None:
    # the item that killed a worker is mapped again in the driver, with every one not answered
    with PoolMap(2) as pool:
        got = sorted(pool(scale_faults.square_dying_in_a_worker, list(range(8))))
        assert pool._broken
    assert got == [x * x for x in range(8)]


class _BreaksAtSubmit(ThreadPoolExecutor):
    """An executor whose pool is found broken at its `n`-th submit: the race in which a worker
    dies after our wait and before the next item is sent."""

    def __init__(self, n: int) -> None:
        super().__init__(max_workers=2)
        self.n = n

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.n -= 1
        if self.n < 0:
            raise BrokenProcessPool("a worker died")
        return super().submit(fn, *args, **kwargs)


@pytest.mark.parametrize("n", [0, 2, 4, 5, 7])
def test_scale_local_pool_loses_no_item_taken_when_a_submit_meets_a_broken_pool(n: int) -> None:
    # the item taken from the source for that submit is merged in the driver with the others
    # (stop 36's CI lost one: 7 squares of 8)
    with PoolMap(2) as pool:
        pool._pool = _BreaksAtSubmit(n)  # type: ignore[assignment]
        got = sorted(pool(lambda x: x * x, iter(range(8))))
        assert pool._broken
    assert got == [x * x for x in range(8)]


def test_scale_local_pool_takes_items_as_its_workers_free_up() -> None:
    # the parts' mentions are fetched as the map takes them: a map that read every item first
    # would hold them all, and one that waited for a batch's results before reading the next
    # batch left workers idle (stop 35)
    taken: list[int] = []

    def items() -> Iterator[int]:
        for k in range(12):
            taken.append(k)
            yield k

    with PoolMap(2) as pool:
        answered = 0
        for _ in pool(abs, items()):
            answered += 1
            assert len(taken) <= answered + 2 * 2
        assert pool._pool is not None
    assert answered == 12


def test_scale_local_pool_only_for_merges_worth_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLAIMGRAPH_MERGE_POOL_MIN", raising=False)
    assert merge_map(2, POOL_MIN_MENTIONS - 1).workers == 1
    assert merge_map(2, POOL_MIN_MENTIONS).workers == 2
    assert merge_map(1, 10 * POOL_MIN_MENTIONS).workers == 1
    monkeypatch.setenv("CLAIMGRAPH_MERGE_POOL_MIN", "0")
    assert merge_map(2, 5).workers == 2


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_scale_partitioned_merge_of_stored_mentions_fetches_a_batch_at_a_time(seed: int) -> None:
    mentions, docs = _mentions(seed)
    whole = [e.model_dump_json() for e in merge_events(mentions, docs)]
    by_id = {m.id: m for m in mentions}
    streamed, fetched = [], []

    def stream() -> list[EventMention]:
        streamed.append(1)
        return list(reversed(mentions))  # any order

    def fetch(ids: list[str]) -> list[EventMention]:
        fetched.append(len(ids))
        return [by_id[i] for i in ids]

    parts = partitioned_merge(StoredMentions(stream, fetch), docs, part_size=20, slab=25, batch=40)
    assert [e.model_dump_json() for e in parts] == whole
    # streamed once; fetched in several batches, never all at once
    assert streamed == [1] and len(fetched) > 2 and max(fetched) < len(mentions)


def test_scale_remerge_of_a_store_equals_merge_events_of_its_mentions(tmp_path: Path) -> None:
    mentions, docs = _mentions(4)
    store = Store(f"sqlite:///{tmp_path / 'm.db'}")
    for did, d in docs.items():
        ms = [m for m in mentions if m.document_id == did]
        doc = Document(id=did, uri=did, outlet=d.outlet, text=d.text, mentions=ms)
        store.save_document(doc, [], did, did)
    assert [m.id for m in store.iter_mentions(batch=7)] == sorted(m.id for m in mentions)
    some = sorted(m.id for m in mentions)[::3]
    assert [m.id for m in store.mentions_by_id([*some, "no-such-id"])] == some
    whole = merge_events(store.mentions(), store.merge_docs())
    got: list[Any] = []

    def merge(ms: Any, d: Any) -> list[Event]:
        got.append(ms)
        got.extend(events := partitioned_merge(ms, d, part_size=20, batch=30))
        return events

    remerge(store, merge=merge)
    assert isinstance(got[0], StoredMentions)  # never the whole list
    assert [e.model_dump_json() for e in got[1:]] == [e.model_dump_json() for e in whole]
    assert store.counts()["events"] == len(whole) > 5


# -- shards --------------------------------------------------------------------------------------


def test_scale_run_shard_writes_rows_then_marker_and_a_retry_overwrites(tmp_path: Path) -> None:
    pipeline = Pipeline(stages=[FaultStage()])
    raws = _texts(5) + [_raw(99, "POISON in this one, dated 3 May 2016.")]
    shard = Shard("000000-test", raws)
    first = run_shard(shard, tmp_path, pipeline=pipeline)
    assert (first.documents, first.failed, first.skipped) == (6, 1, False)
    assert (tmp_path / "_done" / "000000-test").is_file()
    assert sorted(_parquet_ids(tmp_path)) == sorted(r.id for r in raws)
    table = pq.read_table(next((tmp_path / "rows").glob("*/*.parquet")))
    assert {"doc_id", "uri", "year_month", "record", "mentions", "errors"} <= set(
        table.column_names
    )
    poisoned = [
        r
        for p in (tmp_path / "rows").glob("*/*.parquet")
        for r in pq.read_table(p).to_pylist()
        if r["errors"]
    ]
    assert [e["code"] for r in poisoned for e in r["errors"]] == ["E299"]
    assert run_shard(shard, tmp_path, pipeline=pipeline).skipped  # a rerun skips a done shard
    again = run_shard(shard, tmp_path, pipeline=pipeline, force=True)  # a retry overwrites
    assert not again.skipped and sorted(_parquet_ids(tmp_path)) == sorted(r.id for r in raws)


def test_scale_plan_shards_names_are_stable_and_content_bound() -> None:
    raws = _texts(7)
    names = [s.name for s in plan_shards(raws, 3)]
    assert names == [s.name for s in plan_shards(raws, 3)] and len(names) == 3
    assert (
        names[0].startswith("000000-") and [s.name for s in plan_shards(raws[1:], 3)][0] != names[0]
    )


def test_scale_plan_windows_keep_the_names_of_shards_after_a_stored_prefix() -> None:
    raws = _texts(7)
    whole = [s.name for s in plan_windows(enumerate(raws), 3)]
    assert whole == [s.name for s in plan_shards(raws, 3)]
    # the first window stored by a killed run, and one input of the second: the third keeps
    # its name, the second is a new shard of what is left of it
    rest = [s.name for s in plan_windows(list(enumerate(raws))[4:], 3)]
    assert rest[1] == whole[2] and rest[0] != whole[1] and rest[0].startswith("000001-")


class _Stops(SerialRunner):
    """A runner that records how many documents the store held as each shard finished, and
    stops (as a killed driver) after `stop_after` shards."""

    def __init__(self, store: Store, stop_after: int | None = None) -> None:
        self.store = store
        self.stop_after = stop_after
        self.stored_at: list[int] = []
        self.ran: list[str] = []

    def run_shards(self, shards, out, settings):  # type: ignore[no-untyped-def]
        for n, result in enumerate(super().run_shards(shards, out, settings)):
            if self.stop_after is not None and n == self.stop_after:
                raise KeyboardInterrupt
            self.stored_at.append(self.store.counts()["documents"])
            if not result.skipped:
                self.ran.append(result.name)
            yield result


def _jsonl(tmp_path: Path, raws: list[RawDocument]) -> Path:
    inputs = tmp_path / "in"
    inputs.mkdir(exist_ok=True)
    (inputs / "docs.jsonl").write_text(
        "".join(
            json.dumps({"text": r.text, "url": f"https://e.x/{i}"}) + "\n"
            for i, r in enumerate(raws)
        )
    )
    return inputs


def test_scale_sharded_run_stores_shards_while_the_next_ones_run(tmp_path: Path) -> None:
    inputs = _jsonl(tmp_path, _texts(7))
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    runner = _Stops(store)
    report = run_sharded([inputs], store, runner, tmp_path / "rows", shard_size=3, settings=FAULTS)
    # when a shard finishes, those before it are in the store already
    assert runner.stored_at == [0, 3, 6] and report.processed == 7
    assert store.counts()["documents"] == 7


def test_scale_sharded_run_killed_after_storing_reruns_only_what_was_not_done(
    tmp_path: Path,
) -> None:
    raws = _texts(10)
    inputs = _jsonl(tmp_path, raws)
    one = Store(f"sqlite:///{tmp_path / 'one.db'}")
    run_sharded([inputs], one, SerialRunner(), tmp_path / "rows1", shard_size=3, settings=FAULTS)
    store = Store(f"sqlite:///{tmp_path / 'k.db'}")
    killed = _Stops(store, stop_after=2)
    with pytest.raises(KeyboardInterrupt):
        run_sharded([inputs], store, killed, tmp_path / "rows", shard_size=3, settings=FAULTS)
    # shards 0 and 1 stored; shard 2 ran (its rows and marker written) but was not yet stored
    assert store.counts()["documents"] == 6 and len(killed.ran) == 2
    rerun = _Stops(store)
    report = run_sharded([inputs], store, rerun, tmp_path / "rows", shard_size=3, settings=FAULTS)
    # the stored windows planned no shard; shard 2 kept its name, was found done and stored from
    # its rows; only the last shard ran
    assert [n[:6] for n in rerun.ran] == ["000003"] and report.processed == 4
    assert store.counts()["documents"] == 10 and store.known_ids() == one.known_ids()


# -- Dask: equality and faults ----------------------------------------------------------------


@pytest.fixture(scope="module")
def dask_runner():  # type: ignore[no-untyped-def]
    runner = DaskRunner(workers=2, allowed_failures=1)  # one retry after a worker dies
    yield runner
    runner.close()


def test_scale_dask_worker_killed_mid_shard_is_retried_without_loss_or_duplicates(
    tmp_path: Path, dask_runner: DaskRunner
) -> None:
    flag = tmp_path / "killed"
    raws = _texts(9)
    raws[4] = _raw(4, f"KILL-ONCE {flag} on 3 May 2016.")
    store = Store(f"sqlite:///{tmp_path / 'k.db'}")
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "docs.jsonl").write_text(
        "".join(
            json.dumps({"text": r.text, "url": f"https://e.x/{i}"}) + "\n"
            for i, r in enumerate(raws)
        )
    )
    report = run_sharded(
        [inputs], store, dask_runner, tmp_path / "rows", shard_size=3, settings=FAULTS
    )
    assert flag.exists()  # the worker died once, on that document
    ids = _parquet_ids(tmp_path / "rows")
    assert len(ids) == len(set(ids)) == 9
    assert report.processed == 9 and store.counts()["documents"] == 9 and not report.failed
    # one model load per worker process, the restarted one included
    assert set(dask_runner.client.run(scale_faults.built).values()) == {1}


def test_scale_dask_poison_and_hanging_documents_become_error_rows(
    tmp_path: Path, dask_runner: DaskRunner
) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    texts = [
        "A quiet day in Town1.",
        "POISON pill in Town2.",
        "HANG forever in Town3.",
        "Another day in Town4.",
    ]
    (inputs / "docs.jsonl").write_text("".join(json.dumps({"text": t}) + "\n" for t in texts))
    store = Store(f"sqlite:///{tmp_path / 'p.db'}")
    t0 = time.monotonic()
    report = run_sharded(
        [inputs], store, dask_runner, tmp_path / "rows", shard_size=4, settings=FAULTS
    )
    assert time.monotonic() - t0 < 60
    assert sorted(e.code for e in report.failed) == ["E299", "E302"]
    assert report.processed == 4 and len(list((tmp_path / "rows" / "_done").iterdir())) == 1


def test_scale_dask_a_document_that_kills_every_worker_costs_only_itself(
    tmp_path: Path, dask_runner: DaskRunner
) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    texts = ["A quiet day in Town1.", "KILL-ALWAYS in Town2.", "Another day in Town3."]
    (inputs / "docs.jsonl").write_text("".join(json.dumps({"text": t}) + "\n" for t in texts))
    store = Store(f"sqlite:///{tmp_path / 'x.db'}")
    report = run_sharded(
        [inputs], store, dask_runner, tmp_path / "rows", shard_size=3, settings=FAULTS
    )
    assert [e.code for e in report.failed] == ["E303"] and report.processed == 3
    assert store.counts()["documents"] == 2 and len(_parquet_ids(tmp_path / "rows")) == 3


def test_scale_dask_driver_keeps_no_shard_it_sent(tmp_path: Path, dask_runner: DaskRunner) -> None:
    """The scheduler lives in the driver (a LocalCluster); Dask's debugging log of each stream
    kept every message under 1 MB, so every shard of short documents stayed there with its text
    (`runners.LOGS`). Sixty one-document shards: at most the last few per worker stay."""
    import gc

    marker = f"LOGTEST-{os.getpid()}-{time.monotonic_ns()}"
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "docs.jsonl").write_text(
        "".join(json.dumps({"text": f"{marker} story {i} in Town{i}."}) + "\n" for i in range(60))
    )
    store = Store(f"sqlite:///{tmp_path / 'l.db'}")
    report = run_sharded(
        [inputs], store, dask_runner, tmp_path / "rows", shard_size=1, settings=FAULTS
    )
    assert report.processed == 60
    gc.collect()
    kept = [o for o in gc.get_objects() if isinstance(o, RawDocument) and marker in o.text]
    per_stream = LOGS["distributed.admin.low-level-log-length"]
    assert len(kept) <= per_stream * dask_runner.n_workers < 60


@pytest.mark.slow
def test_scale_local_dask_and_single_process_exports_are_identical(
    tmp_path: Path, seeds_dir: Path
) -> None:
    corpus = [str(data_path("demo", "voa_demo.jsonl")), str(seeds_dir)]
    exports = {}
    for name, extra in {
        "single": [],
        "local": ["--workers", "2"],
        "dask": ["--runner", "dask", "--workers", "2", "--shard-size", "8"],
    }.items():
        db = tmp_path / f"{name}.db"
        # each run in a fresh process, as users run it: the test process carries caches other
        # tests filled (a run in it once differed from fresh Dask workers in one ACLED sub-type)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
        if name == "local":
            env["CLAIMGRAPH_MERGE_POOL_MIN"] = "0"  # its merge on its pool too, as at scale
        result = subprocess.run(
            [sys.executable, "-m", "claimgraph.cli", "run", *corpus, "--db", str(db), "-q", *extra],
            env=env, capture_output=True, text=True,
        )  # fmt: skip
        assert result.returncode == 0, result.stdout + result.stderr
        exports[name] = cli.invoke(app, ["export", "--format", "jsonl", "--db", str(db)]).stdout
    assert (
        exports["single"]
        and exports["local"] == exports["single"]
        and exports["dask"] == exports["single"]
    )
    assert sorted(
        p.name for p in (tmp_path / "dask.db.rows" / "_done").iterdir()
    )  # shards were written


@pytest.mark.slow
def test_scale_driver_sigkill_then_rerun_gives_the_same_export(
    tmp_path: Path, seeds_dir: Path
) -> None:
    corpus = [str(seeds_dir)]
    base = tmp_path / "base.db"
    assert cli.invoke(app, ["run", *corpus, "--db", str(base), "-q"]).exit_code == 0
    want = cli.invoke(app, ["export", "--format", "jsonl", "--db", str(base)]).stdout
    db, rows = tmp_path / "killed.db", tmp_path / "rows"
    cmd = [sys.executable, "-m", "claimgraph.cli", "run", *corpus, "--db", str(db), "-q",
           "--runner", "dask", "--workers", "2", "--shard-size", "1", "--rows", str(rows)]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen(
        cmd, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not (rows / "_done").is_dir():
            time.sleep(0.2)
        assert (rows / "_done").is_dir(), "no shard finished"
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the driver and its Dask cluster, at once
        proc.wait()
    done_before = {p.name: p.stat().st_mtime_ns for p in (rows / "_done").iterdir()}
    assert 0 < len(done_before) < 5
    result = cli.invoke(app, ["run", *corpus, "--db", str(db), "-q", "--runner", "dask", "--workers", "2",
                              "--shard-size", "1", "--rows", str(rows)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert cli.invoke(app, ["export", "--format", "jsonl", "--db", str(db)]).stdout == want
    after = {p.name: p.stat().st_mtime_ns for p in (rows / "_done").iterdir()}
    assert len(after) == 5 and all(
        after[n] == t for n, t in done_before.items()
    )  # done shards were not rerun


@pytest.mark.slow
def test_scale_run_shard_array_then_load_rows_equals_one_run(
    tmp_path: Path, seeds_dir: Path
) -> None:
    """The SLURM recipe: shards by `run-shard` (no database), then `load-rows` stores and merges."""
    files = sorted(str(p) for p in seeds_dir.iterdir() if p.is_file())
    base = tmp_path / "base.db"
    assert cli.invoke(app, ["run", *files, "--db", str(base), "-q"]).exit_code == 0
    want = cli.invoke(app, ["export", "--format", "jsonl", "--db", str(base)]).stdout
    rows = tmp_path / "rows"
    for name, part in (("00000", files[:3]), ("00001", files[3:])):
        result = cli.invoke(app, ["run-shard", *part, "--out", str(rows), "--name", name])
        assert result.exit_code == 0 and f"shard {name} done" in result.output, result.output
    again = cli.invoke(app, ["run-shard", *files[3:], "--out", str(rows), "--name", "00001"])
    assert "already done" in again.output
    db = tmp_path / "loaded.db"
    loaded = cli.invoke(app, ["load-rows", str(rows), "--db", str(db)])
    assert loaded.exit_code == 0 and f"{len(files)} documents stored" in loaded.output, (
        loaded.output
    )
    assert cli.invoke(app, ["export", "--format", "jsonl", "--db", str(db)]).stdout == want
    assert "0 documents stored" in cli.invoke(app, ["load-rows", str(rows), "--db", str(db)]).output


@pytest.mark.parametrize("seed", [1, 2])
def test_scale_rows_keep_the_features_interval_and_country(seed: int) -> None:
    # a shard row keeps each mention's interval and country for the partitioned reading; it
    # computes them without the rest of the features, and must agree with them
    mentions, docs = _mentions(seed)
    for m in mentions:
        f = features(m, docs.get(m.document_id))
        assert interval_and_country(m, docs.get(m.document_id)) == (f.interval, f.country)


def test_scale_part_batches_give_the_pool_two_parts_at_least() -> None:
    # a batch of one part runs in the driver: a part larger than the batch goes with another
    parts = [["a"] * 9000, ["b"] * 8000, ["c"] * 100, ["d"] * 100, ["e"] * 7000]
    chunks = list(partition._batches(parts, 5000))
    assert [[p[0] for p in c] for c in chunks] == [["a", "b"], ["c", "d", "e"]]
    assert [p for c in chunks for p in c] == parts
    assert [len(c) for c in partition._batches([["x"] * 10], 5)] == [1]
