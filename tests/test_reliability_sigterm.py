"""A run stopped with SIGTERM (`kill`, a batch scheduler's time limit, systemd) unwinds as Ctrl-C
does: one line, no traceback, no worker left running, and the next run finishes the job. Before,
the driver died at once and its pool workers ran on as orphans (a merge worker for minutes)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest

from claimgraph.cli import _stop
from claimgraph.merge.pool import PoolMap

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def test_pool_map_interrupted_kills_its_workers_at_once() -> None:
    # the command line's own SIGTERM handler, here for the test's length (the process-wide SIGINT
    # handler is not ours to rely on: other tests and tools replace it)
    previous = signal.signal(signal.SIGTERM, _stop)
    pool = PoolMap(2)
    workers: list[psutil.Process] = []

    def interrupt() -> None:
        workers.extend(psutil.Process(p) for p in pool._pool._processes)  # type: ignore[union-attr]
        os.kill(os.getpid(), signal.SIGTERM)  # a real signal: it wakes the blocked main thread

    timer = threading.Timer(3.0, interrupt)
    t0 = time.perf_counter()
    try:
        with pytest.raises(KeyboardInterrupt), pool:
            timer.start()
            list(pool(time.sleep, [60.0, 60.0]))  # two tasks a minute long: never awaited
    finally:
        timer.cancel()
        signal.signal(signal.SIGTERM, previous)
    assert time.perf_counter() - t0 < 20
    _gone, alive = psutil.wait_procs(workers, timeout=10)
    assert len(workers) == 2 and not alive


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="signals")
def test_sigterm_stops_a_run_and_its_workers_and_the_rerun_finishes(tmp_path: Path) -> None:
    seeds = SHARED / "corpus" / "seeds"
    if not seeds.is_dir():
        pytest.skip("seed pages are absent")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for page in sorted(seeds.iterdir())[:6]:
        (corpus / page.name).write_bytes(page.read_bytes())
    db = tmp_path / "run.db"
    args = [sys.executable, "-m", "claimgraph.cli", "run", str(corpus), "--db", str(db)]
    proc = subprocess.Popen(
        [*args, "--workers", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    driver = psutil.Process(proc.pid)
    deadline = time.monotonic() + 120
    while len(driver.children(recursive=True)) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    workers = driver.children(recursive=True)
    assert len(workers) >= 2, "the pool's workers did not start"
    time.sleep(1.0)  # in their initialiser or on a document: either way they must end
    os.kill(proc.pid, signal.SIGTERM)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode != 0
    assert "Traceback" not in err + out
    _gone, alive = psutil.wait_procs(workers, timeout=15)
    assert not alive, f"workers left running: {alive}"
    rerun = subprocess.run([*args, "-q"], capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
