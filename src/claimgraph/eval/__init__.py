"""`claimgraph eval TASK --data DIR`: measure a stage on a gold set laid out as in ../shared/eval.

Each task lives in `claimgraph.eval.tasks.<task_with_underscores>` and exposes
`evaluate(data: Path, *, limit: int | None = None) -> EvalResult`. The task recognises which
dataset DIR holds from its files (so the same command runs on any half of that dataset).
The CLI prints `EvalResult.table` and then, as its last line, `EvalResult.summary_json()`.
"""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TASKS: tuple[str, ...] = (
    "boilerplate",
    "pubdate",
    "geo",
    "event-location",
    "event-type",
    "roles",
    "ner",
    "aliases",
    "dates",
    "dedup",
    "e2e",
)


@dataclass
class EvalResult:
    task: str
    dataset: str
    n: int
    metrics: dict[str, float]
    rows: list[tuple[str, Any]] = field(default_factory=list)  # extra lines for the table

    def summary_json(self) -> str:
        rounded = {k: (round(v, 4) if isinstance(v, float) else v) for k, v in self.metrics.items()}
        return json.dumps(
            {"task": self.task, "dataset": self.dataset, "n": self.n, "metrics": rounded},
            sort_keys=False,
        )


class UnknownDataset(ValueError):
    """DIR does not look like any dataset this task knows."""


def task_module(task: str):  # type: ignore[no-untyped-def]
    if task not in TASKS:
        raise KeyError(task)
    return importlib.import_module(f"claimgraph.eval.tasks.{task.replace('-', '_')}")


def run_task(task: str, data: Path, limit: int | None = None) -> EvalResult:
    return task_module(task).evaluate(Path(data), limit=limit)


def prf(tp: float, fp: float, fn: float) -> tuple[float, float, float]:
    """Precision, recall, F1 from counts (0 where undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f
