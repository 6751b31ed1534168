"""Time and peak memory of `claimgraph export` on synthetic databases of N events (not a test).

    python bench/export_memory.py --events 10000 100000 [--src PATH] [--formats jsonl csv ...]

Builds (once; reused when the file already holds N events) a SQLite store of N synthetic events,
the generator of `bench/serve_latency.py` (1-3 claims each, dates over ten years, so a
`year_month` partitioned export has ~120 partitions), then runs each export in a fresh process
(`python -m claimgraph.cli export ...`, with `--src` first on PYTHONPATH: another checkout's
`src` measures that version) and prints one line per (N, format): wall seconds, the child's peak
RSS (`ru_maxrss` from `wait4`) and the output's size. Streaming shows as a peak RSS that stays
where it is from 10k to 100k events; a list of every record grows with N.
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
from serve_latency import build  # noqa: E402 - the same synthetic events as the serve bench

REPO = Path(__file__).resolve().parents[1]
FORMATS = {
    "jsonl": ["--format", "jsonl"],
    "csv": ["--format", "csv"],
    "geojson": ["--format", "geojson"],
    "parquet": ["--format", "parquet"],
    "parquet-partitioned": ["--format", "parquet", "--partition", "year_month"],
}


def measure(src: Path, db: Path, args: list[str], out: Path) -> tuple[float, float, int]:
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
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) if out.is_dir() else out.stat().st_size
    return wall, usage.ru_maxrss / 1024, size


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--src", type=Path, default=REPO / "src", help="the claimgraph source tree to measure")
    ap.add_argument("--formats", nargs="+", default=list(FORMATS), choices=list(FORMATS))
    ap.add_argument("--dbdir", type=Path, default=Path(tempfile.gettempdir()))
    args = ap.parse_args()
    print(f"src {args.src}", file=sys.stderr)
    for n in args.events:
        db = args.dbdir / f"claimgraph-export-bench-{n}.db"
        t0 = time.perf_counter()
        build(db, n).close()
        print(f"database {db}: {n} events ready in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        work = Path(tempfile.mkdtemp(prefix="cg-export-bench-"))
        try:
            for fmt in args.formats:
                out = work / f"events-{fmt}"
                wall, rss, size = measure(args.src, db, FORMATS[fmt], out)
                print(f"{n:>7} events  {fmt:<20} {wall:7.1f} s  peak RSS {rss:7.0f} MB  output {size / 1e6:7.1f} MB",
                      flush=True)  # fmt: skip
                shutil.rmtree(out, ignore_errors=True) if out.is_dir() else out.unlink()
        finally:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
