"""Peak memory of `claimgraph gazetteer add` on a GeoNames-sized dump (not run in CI).

    python bench/gazetteer_add_memory.py [--size-gb 1.5] [--keep] [--tmp DIR]

Writes a synthetic file in GeoNames' 19-column `allCountries.txt` format (random names with
comma-separated alternates, Arabic-script ones included, real-looking feature codes, countries and
populations) of the given size into a temporary directory, then runs
`claimgraph gazetteer add FILE` in a subprocess with `CLAIMGRAPH_CACHE` pointing into that
directory (the default gazetteer is built there first, in its own subprocess, so its cost is not
counted), and reports the import's peak RSS (the child's `ru_maxrss` from `wait4`, cross-checked
by sampling `/proc/PID/status` VmHWM), wall time and rows/s. The issue's bound is 1 GB.
The temporary directory (dump + index, several GB) is removed unless --keep.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

LIMIT_BYTES = 1 << 30  # 1 GiB
_FEATURES = [("P", "PPL")] * 6 + [("P", "PPLA2"), ("A", "ADM2"), ("A", "ADM3"), ("H", "STM"),
             ("T", "HLL"), ("S", "SCH"), ("L", "AREA"), ("V", "FRST"), ("R", "RD")]  # fmt: skip
_COUNTRIES = ["SY", "IQ", "US", "FR", "DE", "IN", "CN", "RU", "BR", "NG", "YE", "LY", "AF", "PK"]
_SYL = ["al", "ba", "dar", "el", "ka", "ma", "na", "ra", "sa", "ta", "zor", "hom", "bur", "ville",
        "ton", "berg", "dorf", "abad", "pur", "kan", "shah", "qa", "mi", "lo", "ne", "ri"]  # fmt: skip
_AR = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def _name(rng: random.Random) -> str:
    w = "".join(rng.choice(_SYL) for _ in range(rng.randint(2, 4))).capitalize()
    return w if rng.random() < 0.8 else f"{w} {rng.choice(_SYL).capitalize()}"


def write_dump(path: Path, size_bytes: int, seed: int = 0) -> int:
    """A synthetic allCountries-format file of about `size_bytes`; returns its line count."""
    rng = random.Random(seed)
    n = 0
    written = 0
    gid = 1_000_000
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        buf: list[str] = []
        while written < size_bytes:
            gid += rng.randint(1, 3)
            nm = _name(rng)
            alts = [_name(rng) for _ in range(rng.choice((0, 0, 1, 2, 3, 6)))]
            if rng.random() < 0.3:
                alts.append("".join(rng.choice(_AR) for _ in range(rng.randint(4, 9))))
            fc, fcode = rng.choice(_FEATURES)
            cc = rng.choice(_COUNTRIES)
            pop = rng.choice((0, 0, 0, rng.randint(100, 2_000_000)))
            line = "\t".join([
                str(gid), nm, nm, ",".join(alts), f"{rng.uniform(-60, 70):.5f}",
                f"{rng.uniform(-180, 180):.5f}", fc, fcode, cc, "", f"{rng.randint(1, 20):02d}",
                str(rng.randint(1, 900)), "", "", str(pop), "", str(rng.randint(0, 3000)),
                "Asia/Damascus", "2020-01-01",
            ]) + "\n"  # fmt: skip
            buf.append(line)
            written += len(line.encode("utf-8"))
            n += 1
            if len(buf) >= 50_000:
                f.write("".join(buf))
                buf.clear()
        f.write("".join(buf))
    return n


def _claimgraph() -> list[str]:
    exe = shutil.which("claimgraph") or str(Path(sys.executable).with_name("claimgraph"))
    return [exe]


def _sample_hwm(pid: int, out: list[int], stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    out.append(int(line.split()[1]) * 1024)
        except OSError:
            return
        stop.wait(0.5)


def run_add(dump: Path, env: dict[str, str]) -> tuple[int, int, float, int]:
    """(peak RSS from wait4, peak sampled VmHWM, seconds, exit status) of `gazetteer add`."""
    t0 = time.time()
    proc = subprocess.Popen([*_claimgraph(), "gazetteer", "add", str(dump)], env=env)
    hwm: list[int] = []
    stop = threading.Event()
    th = threading.Thread(target=_sample_hwm, args=(proc.pid, hwm, stop), daemon=True)
    th.start()
    _, status, ru = os.wait4(proc.pid, 0)
    stop.set()
    th.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return ru.ru_maxrss * 1024, max(hwm, default=0), time.time() - t0, proc.returncode


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--size-gb", type=float, default=1.5)
    ap.add_argument("--tmp", type=Path, default=None, help="parent of the temporary directory")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="cg-gaz-bench-", dir=args.tmp))
    try:
        dump = tmp / "allCountries.txt"
        t0 = time.time()
        lines = write_dump(dump, int(args.size_gb * 1e9))
        size = dump.stat().st_size
        print(
            f"dump: {dump} {size / 1e9:.2f} GB, {lines} rows, written in {time.time() - t0:.0f} s"
        )
        env = {**os.environ, "CLAIMGRAPH_CACHE": str(tmp / "cache"), "SQLITE_TMPDIR": str(tmp)}
        subprocess.run([*_claimgraph(), "gazetteer", "build"], env=env, check=True)
        rss, hwm, secs, rc = run_add(dump, env)
        peak = max(rss, hwm)
        print(
            f"gazetteer add: exit {rc}, {secs:.0f} s ({lines / max(secs, 1e-9):,.0f} rows/s), "
            f"peak RSS {peak / 2**20:.0f} MiB (wait4 {rss / 2**20:.0f}, VmHWM {hwm / 2**20:.0f}); "
            f"limit {LIMIT_BYTES / 2**20:.0f} MiB: {'OK' if peak < LIMIT_BYTES else 'OVER'}"
        )
        db = list((tmp / "cache").glob("gazetteer-*.sqlite"))
        if db:
            print(f"index: {db[0].stat().st_size / 1e9:.2f} GB")
        if rc != 0 or peak >= LIMIT_BYTES:
            sys.exit(1)
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
