"""Peak memory of `claimgraph run` at 1x and 10x the documents (issue 16: "memory flat in corpus
size", 10x within 10% of 1x). Not a test: minutes of CPU.

    python bench/run_memory.py [--base 8] [--factor 10] [--corpus FILE.jsonl]

Each size is one `claimgraph run` in a fresh process on a fresh database, over the first N
distinct stories of the corpus (default the VOA stories in ../shared/corpus/voa, 89 of them;
past that, stories repeat with a line of their own so that they are new documents). The
process's resident set is read from /proc every 0.1 s: the peak (VmHWM), the resident set when
the first document is stored (models loaded), and at the end.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

VOA = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "voa" / "voa_stories.jsonl"
CLAIMGRAPH = str(Path(sys.executable).parent / "claimgraph")


def _kib(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _stored(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.05)
        try:
            return con.execute("select count(*) from documents").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return -1


def measure(stories: list[dict], work: Path) -> dict[str, float]:
    corpus = work / f"corpus{len(stories)}.jsonl"
    corpus.write_text(
        "".join(json.dumps(s, ensure_ascii=False) + "\n" for s in stories), encoding="utf-8"
    )
    db = work / f"run{len(stories)}.db"
    t0 = time.monotonic()
    proc = subprocess.Popen([CLAIMGRAPH, "run", str(corpus), "--db", str(db), "-q"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    peak = loaded = last = 0
    samples: list[tuple[float, int, int]] = []  # (seconds, documents stored, RSS KiB)
    while proc.poll() is None:
        rss = _kib(proc.pid, "VmRSS")
        peak = max(peak, _kib(proc.pid, "VmHWM"))
        last = rss or last
        if len(samples) % 10 == 0 or not loaded:
            n = _stored(db)
            if n > 0 and not loaded:
                loaded = rss
            samples.append((time.monotonic() - t0, n, rss))
        else:
            samples.append((time.monotonic() - t0, samples[-1][1], rss))
        time.sleep(0.1)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode not in (0, 1):
        raise SystemExit(f"run failed ({proc.returncode}): {err[-2000:]}")
    return {
        "documents": len(stories), "stored": _stored(db), "seconds": round(time.monotonic() - t0, 1),
        "peak_mb": round(peak / 1024), "loaded_mb": round(loaded / 1024), "end_mb": round(last / 1024),
    }  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--corpus", type=Path, default=VOA)
    ap.add_argument("--base", type=int, default=8, help="documents at 1x")
    ap.add_argument("--factor", type=int, default=10)
    args = ap.parse_args()
    lines = [
        json.loads(line)
        for line in args.corpus.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    wanted = args.base * args.factor
    stories = []
    for i in range(wanted):
        s = dict(lines[i % len(lines)])
        if i >= len(lines):  # a new document, not a copy the store would skip
            s["text"] = s["text"] + f"\n\n(Republished, copy {i // len(lines)}.)"
        stories.append(s)
    work = Path(tempfile.mkdtemp(prefix="claimgraph-mem-"))
    try:
        rows = [measure(stories[:n], work) for n in (args.base, wanted)]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for r in rows:
        print(json.dumps(r))
    one, ten = rows
    print(f"peak RSS {one['peak_mb']} MB at {one['documents']} documents, {ten['peak_mb']} MB at "
          f"{ten['documents']}: {100 * (ten['peak_mb'] / one['peak_mb'] - 1):+.1f}%")  # fmt: skip


if __name__ == "__main__":
    main()
