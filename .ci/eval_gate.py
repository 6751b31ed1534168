"""CI eval gate: every wired eval task on its ../shared/eval dev set must meet its floor.

Reads .ci/eval_floors.toml ([[gate]] task, dataset, metric, floor; `path` instead of a
../shared/eval dataset for gold kept in the repository, such as our annotated fixture). Skips cleanly when
../shared/eval is absent. Exit 1 when any metric is below its floor or a task fails to run.

`--only TASK[:DATASET]` (repeatable) runs a subset, e.g. while developing a change that can only
move the events evals: `--only e2e --only event-type --only roles`. CI runs them all.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EVAL = REPO.parent / "shared" / "eval"


def _selected(gate: dict, only: list[str]) -> bool:
    if not only:
        return True
    return any(
        gate["task"] == sel.split(":")[0]
        and (":" not in sel or gate["dataset"] == sel.split(":", 1)[1])
        for sel in only
    )


def main(argv: list[str]) -> int:
    only = [argv[i + 1] for i, a in enumerate(argv[:-1]) if a == "--only"]
    gates = tomllib.loads((REPO / ".ci" / "eval_floors.toml").read_text()).get("gate", [])
    gates = [g for g in gates if _selected(g, only)]
    if not EVAL.is_dir():
        print(f"eval gate: {EVAL} absent, skipped")
        return 0
    runs: dict[tuple[str, str, str], dict] = {}
    failures = []
    for g in gates:
        key = (g["task"], g["dataset"], g.get("path", ""))  # two fixtures, one scorer
        if key not in runs:
            t0 = time.time()
            proc = subprocess.run(
                [sys.executable, "-m", "claimgraph.cli", "eval", g["task"], "--data",
                 str(REPO / g["path"]) if "path" in g else str(EVAL / g["dataset"])],
                capture_output=True, text=True,
            )  # fmt: skip
            lines = [ln for ln in proc.stdout.strip().splitlines() if ln.strip()]
            try:
                runs[key] = json.loads(lines[-1])["metrics"]
            except (IndexError, ValueError, KeyError):
                runs[key] = {}
                failures.append(
                    f"{g['task']} on {g['dataset']}: did not run (rc {proc.returncode})\n{proc.stderr[-2000:]}"
                )
            print(
                f"eval gate: {g['task']} on {g['dataset']} took {time.time() - t0:.0f}s", flush=True
            )
        value = runs[key].get(g["metric"])
        if value is None:
            if runs[key]:
                failures.append(f"{g['task']} on {g['dataset']}: no metric {g['metric']}")
            continue
        mark = "ok " if value >= g["floor"] else "LOW"
        print(
            f"  {mark} {g['task']:<15} {g['dataset']:<28} {g['metric']:<24} {value:.4f} (floor {g['floor']})"
        )
        if value < g["floor"]:
            failures.append(
                f"{g['task']} on {g['dataset']}: {g['metric']} {value:.4f} < floor {g['floor']}"
            )
    for f in failures:
        print("eval gate FAILED:", f)
    print(f"eval gate: {len(gates) - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
