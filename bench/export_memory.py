"""Time and peak memory of `claimgraph export` on synthetic databases of N events (not a test).

    python bench/export_memory.py --events 10000 100000 [--src PATH] [--formats jsonl csv ...]
                                  [--pg postgresql+psycopg://user@host/db]

Builds (once; reused when the file already holds N events) a SQLite store of N synthetic events,
the generator of `bench/serve_latency.py` (1-3 claims each, dates over ten years, so a
`year_month` partitioned export has ~120 partitions), then runs each export in a fresh process
(`python -m claimgraph.cli export ...`, with `--src` first on PYTHONPATH: another checkout's
`src` measures that version) and prints one line per (N, format): wall seconds, the child's peak
RSS (`ru_maxrss` from `wait4`) and the output's size. Streaming shows as a peak RSS that stays
where it is from 10k to 100k events; a list of every record grows with N. With `--pg URL` the
events are copied into that PostgreSQL database (its events table is replaced) and exported from
there too (a server-side cursor).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serve_latency import build  # the same synthetic events as the serve bench
from sqlalchemy import func, insert, select

from claimgraph.store import Store, schema

REPO = Path(__file__).resolve().parents[1]
FORMATS = {
    "jsonl": ["--format", "jsonl"],
    "csv": ["--format", "csv"],
    "geojson": ["--format", "geojson"],
    "parquet": ["--format", "parquet"],
    "parquet-partitioned": ["--format", "parquet", "--partition", "year_month"],
}


def copy_to(url: str, lite: Store) -> None:
    """The SQLite store's events into the database at `url` (unless it holds as many already)."""
    target = Store(url)
    t = schema.events
    with lite.engine.connect() as src, target.engine.begin() as dst:
        n = src.execute(select(func.count()).select_from(t)).scalar_one()
        if dst.execute(select(func.count()).select_from(t)).scalar_one() == n:
            return
        dst.execute(t.delete())
        rows = src.execution_options(yield_per=5000).execute(select(t))
        for part in rows.partitions():
            dst.execute(insert(t), [dict(r._mapping) for r in part])
    target.close()


def measure(src: Path, db: Path | str, args: list[str], out: Path) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MB and output bytes of one export in a new process."""
    env = dict(os.environ, PYTHONPATH=str(src))
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "claimgraph.cli", "export", "--db", str(db), *args,
                             "-o", str(out), "-q"], env=env, stderr=subprocess.PIPE)  # fmt: skip
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"export {' '.join(args)} failed: {err}")
    size = (
        sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
        if out.is_dir()
        else out.stat().st_size
    )
    return wall, usage.ru_maxrss / 1024, size


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--events", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument(
        "--src", type=Path, default=REPO / "src", help="the claimgraph source tree to measure"
    )
    ap.add_argument("--formats", nargs="+", default=list(FORMATS), choices=list(FORMATS))
    ap.add_argument("--dbdir", type=Path, default=Path(tempfile.gettempdir()))
    ap.add_argument(
        "--pg",
        default=None,
        help="also export from this PostgreSQL database (its events are replaced)",
    )
    args = ap.parse_args()
    print(f"src {args.src}", file=sys.stderr)
    for n in args.events:
        db = args.dbdir / f"claimgraph-export-bench-{n}.db"
        t0 = time.perf_counter()
        lite = build(db, n)
        sources: list[tuple[str, Path | str]] = [("sqlite", db)]
        if args.pg:
            copy_to(args.pg, lite)
            sources.append(("postgresql", args.pg))
        lite.close()
        print(
            f"database {db}: {n} events ready in {time.perf_counter() - t0:.1f} s", file=sys.stderr
        )
        work = Path(tempfile.mkdtemp(prefix="cg-export-bench-"))
        try:
            for backend, url in sources:
                for fmt in args.formats:
                    out = work / f"events-{fmt}"
                    wall, rss, size = measure(args.src, url, FORMATS[fmt], out)
                    print(f"{n:>7} events  {backend:<10} {fmt:<20} {wall:7.1f} s  peak RSS {rss:7.0f} MB  "
                          f"output {size / 1e6:7.1f} MB", flush=True)  # fmt: skip
                    shutil.rmtree(out, ignore_errors=True) if out.is_dir() else out.unlink()
        finally:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
