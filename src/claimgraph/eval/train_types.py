"""Fit the judge's type model on our read annotations and measure it end to end by story folds.

    python -m claimgraph.eval.train_types            # fit on every read set, print the choice
    python -m claimgraph.eval.train_types --cv       # + the end-to-end 5-fold CV, model off / on
    python -m claimgraph.eval.train_types --write    # + write data/judge/mention_types.json

In: the mention records of the judge-off run on the read sets (`eval.mention_labels`). Out: a
`judge.types.TypeModel` and, with `--cv`, pooled precision / recall of the e2e scorer per read
set and overall with the model off and on, with the type-confusion counts beside them.

Training rows: the factual mentions (asserted, hedged) whose sentence overlaps a gold event that
happened. The label is the mention's own type when the scorer would count it right there (its
type, or a release for CONCEDE, is the gold type or an alt_type: `label_typed`); else the types of
the gold events of that sentence no other mention of it already has (each weighted 1/n), or, when
all are had, of all of them. The model's C and its margin (how much more probable another type must
be than the rule's) are chosen inside the training rows, by a 3-fold split by story maximising the
mention-level gain (retyped right minus retyped wrong). Variant `rows` trains and chooses only on
the mentions in a current row of the judge-off run. The CV folds are the gate's
(`train_gate.fold_of`, a hash of set and story id); each fold's stories are run through the
shipped pipeline (its gate kept) with the models fitted on the other folds and scored by the e2e
scorer (`e2e_fixture.evaluate`), beside the same run without a type model.
Nothing here reads the blind sets (`mention_labels.READ_SETS`).
"""

from __future__ import annotations

import argparse
import json
import subprocess
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from claimgraph.eval.mention_labels import (
    READ_SETS,
    MentionRecord,
    fixtures_dir,
    gold_counts,
    mention_records,
)
from claimgraph.eval.train_gate import FOLDS, fold_of
from claimgraph.judge.stage import JUDGED_MODALITIES
from claimgraph.judge.types import TYPES_FILE, TypeModel, type_features

__all__ = ["VARIANTS", "training_rows", "fit", "choose", "fit_chosen", "cross_validate", "main"]

INNER_FOLDS = 3
#: which mentions train and choose: every factual one, or only those in a current row of the
#: judge-off run (`MentionRecord.row`: the others can rarely change a row)
VARIANTS = ("all", "rows")
CS = (0.3, 1.0, 3.0)
MARGINS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)  # 1.0: never retype
_CV_METRICS = ("false_wrong_type", "missed_wrong_type")

Row = tuple[list[str], str, float]  # features, label, weight


def _happened_types(r: MentionRecord) -> list[tuple[str, ...]]:
    return [t for t, h in zip(r.gold_types, r.gold_happened) if h]


def _eligible(r: MentionRecord, variant: str = "all") -> bool:
    return r.modality in JUDGED_MODALITIES and r.label and (variant == "all" or r.row is not None)


def _sentence(r: MentionRecord) -> tuple[str, str, str]:
    return (r.set, r.story, r.sentence)


def _label(r: MentionRecord, siblings: list[MentionRecord]) -> list[str]:
    """The types `r` should have (module docstring)."""
    if r.label_typed:
        return [r.event_type]
    had = {s.event_type for s in siblings if s is not r and s.label_typed}
    golds = _happened_types(r)
    missing = sorted({t[0] for t in golds if not had & set(t)})
    return missing or sorted({t[0] for t in golds})


def training_rows(records: Iterable[MentionRecord], variant: str = "all") -> list[Row]:
    """(type features, label, weight) of every training mention (module docstring)."""
    records = list(records)
    by_sentence: dict[tuple[str, str, str], list[MentionRecord]] = defaultdict(list)
    for r in records:
        by_sentence[_sentence(r)].append(r)
    rows: list[Row] = []
    for r in records:
        if not _eligible(r, variant):
            continue
        labels = _label(r, by_sentence[_sentence(r)])
        feats = type_features(r.features)
        rows.extend((feats, lab, 1.0 / len(labels)) for lab in labels)
    return rows


def fit(rows: Sequence[Row], c: float, margin: float = 1.0) -> TypeModel:
    """A multinomial L2 logistic regression on binary features, as a `TypeModel`."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform([dict.fromkeys(f, 1) for f, _, _ in rows])
    clf = LogisticRegression(C=c, max_iter=3000)
    clf.fit(x, [lab for _, lab, _ in rows], sample_weight=[w for _, _, w in rows])
    classes = tuple(str(c) for c in clf.classes_)
    coef = np.asarray(clf.coef_, dtype=np.float64).T
    intercept = np.asarray(clf.intercept_, dtype=np.float64)
    if len(classes) == 2:  # scikit-learn keeps one column for two classes: +z for the second
        coef = np.stack([-coef[:, 0] / 2, coef[:, 0] / 2], axis=1)
        intercept = np.asarray([-intercept[0] / 2, intercept[0] / 2])
    return TypeModel(
        index={f: i for i, f in enumerate(vec.feature_names_)},
        coef=coef,
        intercept=intercept,
        classes=classes,
        margin=margin,
        info={"C": c},
    )


def held_types(records: Iterable[MentionRecord]) -> dict[str, set[str]]:
    """Mention id -> the types the other mentions of its sentence have (`TypeModel.retype`)."""
    records = list(records)
    by_sentence: dict[tuple[str, str, str], list[MentionRecord]] = defaultdict(list)
    for r in records:
        by_sentence[_sentence(r)].append(r)
    return {
        r.mention_id: {s.event_type for s in by_sentence[_sentence(r)] if s is not r}
        for r in records
    }


def gain(
    model: TypeModel, records: Iterable[MentionRecord], margin: float, variant: str = "all"
) -> int:
    """Mentions retyped to a type the scorer counts right, minus those retyped from one."""
    records = list(records)
    held = held_types(records)
    g = 0
    for r in records:
        if not _eligible(r, variant) or r.event_type not in model.classes:
            continue
        p = model.proba(type_features(r.features))
        best = int(np.argmax(p))
        new = model.classes[best]
        if new in held[r.mention_id]:
            continue
        if new != r.event_type and p[best] - p[model.classes.index(r.event_type)] > margin:
            g += any(new in t for t in _happened_types(r)) - r.label_typed
    return g


def choose(records: Sequence[MentionRecord], variant: str = "all") -> tuple[float, float, int]:
    """(C, margin, inner gain) by an inner split of `records` by story (module docstring); ties
    go to the larger margin, then the smaller C."""
    table: Counter[tuple[float, float]] = Counter()
    for c in CS:
        for f in range(INNER_FOLDS):
            inner = [fold_of(r.set, r.story, INNER_FOLDS, salt="inner:") for r in records]
            train = [r for r, k in zip(records, inner) if k != f]
            test = [r for r, k in zip(records, inner) if k == f]
            rows = training_rows(train, variant)
            if not rows or len({lab for _, lab, _ in rows}) < 2:
                continue
            model = fit(rows, c, margin=0.0)
            for mg in MARGINS:
                table[(c, mg)] += gain(model, test, mg, variant)
    if not table:
        return CS[0], MARGINS[-1], 0
    (c, mg), g = max(table.items(), key=lambda kv: (kv[1], kv[0][1], -kv[0][0]))
    return c, mg, g


def fit_chosen(records: Sequence[MentionRecord], variant: str = "all") -> TypeModel:
    """The model of `records` with its C and margin chosen inside them."""
    c, mg, g = choose(records, variant)
    m = fit(training_rows(records, variant), c, margin=mg)
    info = {"variant": variant, "C": c, "inner_gain": g}
    return TypeModel(m.index, m.coef, m.intercept, m.classes, mg, info)


@dataclass
class _Pool:
    """Pooled e2e counts over folds: matched rows, current rows, gold events, error classes."""

    tp: int = 0
    rows: int = 0
    gold: int = 0
    errors: Counter[str] = field(default_factory=Counter)

    def add(self, metrics: dict[str, float]) -> None:
        rows = int(metrics["rows"])
        self.tp += round(metrics["precision"] * rows)
        self.rows += rows
        self.gold += int(metrics["gold_events"])
        for k in _CV_METRICS:
            self.errors[k] += int(metrics.get(k, 0))

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / self.rows if self.rows else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def line(self) -> str:
        p, r, f = self.prf()
        errs = " ".join(f"{k} {v}" for k, v in sorted(self.errors.items()))
        return (
            f"P {p:.3f} R {r:.3f} F1 {f:.3f} ({self.tp}/{self.rows} rows, {self.gold} gold; {errs})"
        )


def cross_validate(
    records: Sequence[MentionRecord],
    variants: Sequence[str] = VARIANTS,
    fixtures: Path | None = None,
) -> dict[str, dict[str, _Pool]]:
    """{set or "all": {"off" or a variant: pool}} of the end-to-end story-fold CV."""
    from claimgraph.eval.tasks.e2e_fixture import evaluate
    from claimgraph.judge import JudgeStage
    from claimgraph.pipeline import Pipeline, default_stages

    root = fixtures or fixtures_dir()
    stages = default_stages()
    gate = next(s for s in stages if isinstance(s, JudgeStage)).gate  # the shipped gate stays
    base = [s for s in stages if not isinstance(s, JudgeStage)]
    stories = sorted(gold_counts(fixtures))
    out: dict[str, dict[str, _Pool]] = defaultdict(lambda: defaultdict(_Pool))
    for k in range(FOLDS):
        test = {(s, st) for s, st in stories if fold_of(s, st) == k}
        train = [r for r in records if (r.set, r.story) not in test]
        arms: dict[str, TypeModel | None] = {"off": None}
        for v in variants:
            model = arms[v] = fit_chosen(train, v)
            print(f"fold {k} {v}: C {model.info['C']} margin {model.margin}", flush=True)
        for set_name in sorted({s for s, _ in test}):
            fold = {st for s, st in test if s == set_name}
            for arm, types in arms.items():
                pipe = Pipeline(stages=[*base, JudgeStage(gate=gate, types=types)])
                metrics = evaluate(root / set_name, stories=fold, pipeline=pipe).metrics
                out[set_name][arm].add(metrics)
                out["all"][arm].add(metrics)
    return out


def _commit() -> str:
    try:
        return subprocess.run(
            ["git", "-C", str(fixtures_dir().parent.parent), "rev-parse", "--short", "HEAD"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m claimgraph.eval.train_types", description=__doc__)
    ap.add_argument("--cv", action="store_true", help="end-to-end 5-fold CV by story")
    ap.add_argument("--write", action="store_true", help="write data/judge/mention_types.json")
    ap.add_argument("--variant", choices=VARIANTS, default="all", help="what --write fits")
    args = ap.parse_args(argv)
    records = mention_records()
    if not records:
        print("no read fixture sets under tests/fixtures: nothing to fit")
        return 0
    sets = sorted({r.set for r in records}, key=READ_SETS.index)
    rows = training_rows(records, args.variant)
    print(f"{len(records)} mentions of {', '.join(sets)}; {len(rows)} training rows")
    if args.cv:
        for name, arms in cross_validate(records).items():
            for arm, pool in arms.items():
                print(f"{name:14s} {arm:5s} {pool.line()}")
    model = fit_chosen(records, args.variant)
    print(f"fitted on all: C {model.info['C']} margin {model.margin}")
    if args.write:
        from claimgraph.resources import data_path

        info = {"sets": sets, "commit": _commit(), "training_rows": len(rows), **model.info}
        out = TypeModel(model.index, model.coef, model.intercept, model.classes, model.margin, info)
        path = data_path(*TYPES_FILE)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(out.to_dict(), ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
