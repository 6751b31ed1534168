"""Fit the judge's mention gate on our read annotations, and judge it by document-level CV.

    python -m claimgraph.eval.train_gate [--label KIND ...] [--write] [--no-cv] [--report FILE]

Data: every mention of the judge-off pipeline on the read VOA sets (`eval.mention_labels`), those
the rules call factual (asserted or hedged: the judge's domain). Label `happened`: the mention's
sentence overlaps a gold sentence of a gold event that happened; `typed`: one of those also has the
mention's type; `happened_rows`, `typed_rows`: the same, fitted only on the mentions that are in a
current row of the judge-off run (the others can rarely change a row). Model: scikit-learn's L2 LogisticRegression over the binary feature names seen in
at least `MIN_COUNT` training mentions. C and the threshold are chosen inside the training data
only: out-of-fold probabilities of an inner `INNER_FOLDS`-fold split by story; each threshold is
scored by its effect on the training stories' rows (`RowContext`: the judge-off run's current rows,
a row kept while one of its factual mentions is kept, its match as the scorer made it, no
re-merge), C by the best such F1 over the thresholds (ties: the smaller C; threshold 0, keeping
every mention, competes), the threshold at its best.

Judged end to end: `FOLDS` folds over the read stories, fixed by a hash of the set and story id;
for each fold, a gate fitted on the other folds' mentions is put into the shipped pipeline, and the
fold's stories of each set are run and scored with the e2e scorer (`e2e_fixture.evaluate`), beside
the same run with the judge off. Counts pooled over folds give precision and recall per set and
overall: the honest estimate. `--write` fits on every read mention and writes
`data/judge/mention_gate.json`; its in-sample ("fitted") numbers are `claimgraph eval e2e` with it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from claimgraph.eval.mention_labels import (
    READ_SETS,
    MentionRecord,
    fixtures_dir,
    gold_counts,
    mention_records,
)
from claimgraph.judge.features import FEATURE_VERSION
from claimgraph.judge.gate import GATE_FILE, Gate
from claimgraph.judge.stage import JUDGED_MODALITIES
from claimgraph.resources import data_path

__all__ = ["FOLDS", "fold_of", "fit_gate", "cross_validate", "main"]

FOLDS = 5
INNER_FOLDS = 4
MIN_COUNT = 2
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)
THRESHOLDS = tuple(round(0.05 + 0.025 * i, 3) for i in range(31))  # 0.05 .. 0.80
#: label kinds; "_rows": fitted only on the mentions in a current row of the judge-off run (the
#: ones whose dropping can change a row)
LABELS = ("happened", "typed", "happened_rows", "typed_rows")


def fold_of(set_name: str, story: str, k: int = FOLDS, salt: str = "") -> int:
    """The fold of a story: fixed by a hash of its set and id, so it never depends on order."""
    digest = hashlib.sha256(f"{salt}{set_name}/{story}".encode()).hexdigest()
    return int(digest, 16) % k


def judged(records: Sequence[MentionRecord]) -> list[MentionRecord]:
    """The mentions the judge scores: factual ones."""
    return [r for r in records if r.modality in JUDGED_MODALITIES]


def _labels(rows: Sequence[MentionRecord], label: str) -> np.ndarray:
    typed = label.startswith("typed")
    return np.array([r.label_typed if typed else r.label for r in rows], dtype=int)


def _vocab(rows: Sequence[MentionRecord]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for r in rows:
        for f in r.features:
            counts[f] = counts.get(f, 0) + 1
    names = sorted(f for f, n in counts.items() if n >= MIN_COUNT)
    return {f: i for i, f in enumerate(names)}


def _matrix(rows: Sequence[MentionRecord], index: dict[str, int]) -> Any:
    from scipy.sparse import csr_matrix

    indptr, cols = [0], []
    for r in rows:
        cols.extend(sorted({index[f] for f in r.features if f in index}))
        indptr.append(len(cols))
    data = np.ones(len(cols))
    return csr_matrix((data, np.array(cols, dtype=int), indptr), shape=(len(rows), len(index)))


def _fit(rows: Sequence[MentionRecord], y: np.ndarray, c: float) -> tuple[dict[str, int], Any]:
    from sklearn.linear_model import LogisticRegression

    index = _vocab(rows)
    model = LogisticRegression(C=c, penalty="l2", solver="lbfgs", max_iter=5000)
    model.fit(_matrix(rows, index), y)
    return index, model


def _oof(rows: Sequence[MentionRecord], y: np.ndarray, c: float) -> np.ndarray:
    """Out-of-fold probabilities of an inner split by story (its own salt)."""
    fold = np.array([fold_of(r.set, r.story, INNER_FOLDS, salt="inner:") for r in rows])
    out = np.zeros(len(rows))
    for k in range(INNER_FOLDS):
        train, test = fold != k, fold == k
        if not test.any() or len(set(y[train])) < 2:
            out[test] = y[train].mean() if train.any() else 0.5
            continue
        tr = [r for r, t in zip(rows, train, strict=True) if t]
        index, model = _fit(tr, y[train], c)
        out[test] = model.predict_proba(
            _matrix([r for r, t in zip(rows, test, strict=True) if t], index)
        )[:, 1]
    return out


@dataclass(frozen=True)
class RowContext:
    """The judge-off current rows of the training stories, for scoring a threshold by its effect
    on rows: which rows the scorer matched, which hold no judged mention (kept whatever the gate
    says), and how many gold events that happened the stories tell."""

    matched: frozenset[str]
    unjudged: frozenset[str]
    gold: int

    @classmethod
    def of(cls, records: Sequence[MentionRecord], gold: int) -> RowContext:
        every = {r.row for r in records if r.row}
        judged_rows = {r.row for r in judged(records) if r.row}
        matched = {r.row for r in records if r.row and r.row_matched}
        return cls(frozenset(matched), frozenset(every - judged_rows), gold)

    def f1(self, rows: Sequence[MentionRecord], p: np.ndarray, t: float) -> float:
        """The e2e F1 of the training stories if the mentions under `t` were dropped, every
        row keeping its other mentions (no re-merge)."""
        kept = set(self.unjudged)
        kept.update(r.row for r, pi in zip(rows, p, strict=True) if r.row and pi >= t)
        tp = len(kept & self.matched)
        return 2 * tp / (len(kept) + self.gold) if kept or self.gold else 0.0


def _best_threshold(
    rows: Sequence[MentionRecord], p: np.ndarray, ctx: RowContext
) -> tuple[float, float]:
    """(row-level F1, threshold) at the best threshold; 0.0 (keep every mention) competes too."""
    best = (ctx.f1(rows, p, 0.0), 0.0)
    for t in THRESHOLDS:
        f1 = ctx.f1(rows, p, t)
        if f1 > best[0] + 1e-9:
            best = (f1, t)
    return best


def choose(
    rows: Sequence[MentionRecord], y: np.ndarray, ctx: RowContext
) -> tuple[float, float, float]:
    """(C, threshold, inner row-level F1) chosen on the training rows alone."""
    best = (-1.0, C_GRID[0], THRESHOLDS[0])
    for c in C_GRID:
        f1, t = _best_threshold(rows, _oof(rows, y, c), ctx)
        if f1 > best[0] + 1e-9:
            best = (f1, c, t)
    return best[1], best[2], best[0]


def fit_gate(
    records: Sequence[MentionRecord], label: str, gold: int, info: dict[str, Any] | None = None
) -> Gate:
    """A gate fitted on the factual mentions of `records`, C and threshold chosen inside them
    (`gold`: the gold events that happened their stories tell)."""
    rows = judged(records)
    if label.endswith("_rows"):
        rows = [r for r in rows if r.row]
    y = _labels(rows, label)
    c, threshold, inner_f1 = choose(rows, y, RowContext.of(records, gold))
    index, model = _fit(rows, y, c)
    return Gate(
        index=index,
        coef=np.asarray(model.coef_[0], dtype=np.float64),
        intercept=float(model.intercept_[0]),
        threshold=threshold,
        info={**(info or {}), "label": label, "C": c, "inner_row_f1": round(inner_f1, 4),
              "mentions": len(rows), "positives": int(y.sum())},
    )  # fmt: skip


# -- end-to-end CV -------------------------------------------------------------------------------


@dataclass
class Pooled:
    """Counts of the e2e scorer pooled over folds: matched rows, current rows, gold events
    matched and gold events that happened."""

    tp: int = 0
    rows: int = 0
    matched: int = 0
    gold: int = 0

    def add(self, metrics: dict[str, float]) -> None:
        rows, gold = int(metrics["rows"]), int(metrics["gold_events"])
        self.tp += round(metrics["precision"] * rows)
        self.rows += rows
        self.matched += round(metrics["recall"] * gold)
        self.gold += gold

    def scores(self) -> dict[str, float]:
        p = self.tp / self.rows if self.rows else 0.0
        r = self.matched / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                "rows": self.rows, "gold_events": self.gold}  # fmt: skip


@dataclass
class CvResult:
    by_set: dict[str, dict[str, Pooled]] = field(default_factory=dict)  # set -> arm -> counts
    gates: list[dict[str, Any]] = field(default_factory=list)

    def add(self, set_name: str, arm: str, metrics: dict[str, float]) -> None:
        self.by_set.setdefault(set_name, {}).setdefault(arm, Pooled()).add(metrics)

    def report(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            s: {a: p.scores() for a, p in arms.items()} for s, arms in self.by_set.items()
        }
        overall: dict[str, Pooled] = {}
        for arms in self.by_set.values():
            for a, p in arms.items():
                o = overall.setdefault(a, Pooled())
                o.tp, o.rows, o.matched, o.gold = (
                    o.tp + p.tp,
                    o.rows + p.rows,
                    o.matched + p.matched,
                    o.gold + p.gold,
                )
        out["overall"] = {a: p.scores() for a, p in overall.items()}
        out["folds"] = self.gates
        return out


def _pipelines() -> tuple[Any, Any]:
    """(the shipped stages without the judge, the Pipeline class): one set of models for all."""
    from claimgraph.judge import JudgeStage
    from claimgraph.pipeline import Pipeline, default_stages

    return [s for s in default_stages() if not isinstance(s, JudgeStage)], Pipeline


def cross_validate(
    records: Sequence[MentionRecord], labels: Sequence[str], fixtures: Path | None = None
) -> CvResult:
    """End-to-end document-level CV of the gate for each label kind (module docstring)."""
    from claimgraph.eval.tasks.e2e_fixture import evaluate
    from claimgraph.judge import JudgeStage

    root = fixtures or fixtures_dir()
    gold = gold_counts(fixtures)
    base, pipeline_cls = _pipelines()
    result = CvResult()
    stories = sorted(gold)
    for k in range(FOLDS):
        test = {(s, st) for s, st in stories if fold_of(s, st) == k}
        train = [r for r in records if (r.set, r.story) not in test]
        train_gold = sum(n for key, n in gold.items() if key not in test)
        arms: dict[str, Gate | None] = {"off": None}
        for label in labels:
            gate = fit_gate(train, label, train_gold)
            arms[label] = gate
            result.gates.append({"fold": k, **{x: gate.info[x] for x in ("label", "C", "inner_row_f1")},
                                 "threshold": gate.threshold})  # fmt: skip
        for set_name in sorted({s for s, _ in test}):
            fold_stories = {st for s, st in test if s == set_name}
            for arm, arm_gate in arms.items():
                pipe = pipeline_cls(stages=[*base, JudgeStage(gate=arm_gate)])
                res = evaluate(root / set_name, stories=fold_stories, pipeline=pipe)
                result.add(set_name, arm, res.metrics)
    return result


# -- the command ---------------------------------------------------------------------------------


def _commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              check=True, cwd=Path(__file__).parent).stdout.strip()  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def write_gate(records: Sequence[MentionRecord], label: str, path: Path | None = None) -> Gate:
    """Fit on every read mention and write the shipped gate's JSON."""
    gold = gold_counts()
    sets = {s: len({st for ss, st in gold if ss == s}) for s in sorted({s for s, _ in gold})}
    gate = fit_gate(records, label, sum(gold.values()), {"model": "L2 logistic regression (scikit-learn), binary features",
                                  "feature_version": FEATURE_VERSION, "training_sets": sets,
                                  "commit": _commit()})  # fmt: skip
    out = path or data_path(*GATE_FILE)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(gate.to_dict(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return gate


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m claimgraph.eval.train_gate", description=__doc__.split("\n")[0]
    )
    ap.add_argument("--label", choices=LABELS, action="append", help="(repeatable) default: all")
    ap.add_argument(
        "--write", action="store_true", help="fit on all read mentions and write the gate"
    )
    ap.add_argument("--no-cv", action="store_true", help="skip the end-to-end cross-validation")
    ap.add_argument("--fixtures", type=Path, default=None)
    ap.add_argument(
        "--report", type=Path, default=None, help="also write the CV report here (JSON)"
    )
    args = ap.parse_args(argv)
    records = mention_records(args.fixtures, READ_SETS)
    if not records:
        print("train_gate: no read fixture sets found, nothing to do")
        return 0
    labels = tuple(args.label or LABELS)
    if not args.no_cv:
        report = cross_validate(records, labels, args.fixtures)
        text = json.dumps(report.report(), indent=1)
        print(text)
        if args.report:
            args.report.write_text(text + "\n", encoding="utf-8")
    if args.write:
        if len(labels) != 1:
            ap.error("--write needs one --label (the one the CV chose)")
        gate = write_gate(records, labels[0])
        print(json.dumps(gate.info, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
