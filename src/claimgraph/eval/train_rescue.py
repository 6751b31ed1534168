"""Fit the judge's rescue sentence model on our read annotations, and judge it by document-level CV.

    python -m claimgraph.eval.train_rescue [--write] [--no-cv] [--fixtures DIR] [--report FILE]

Data: every English sentence of every story of the read VOA sets (`mention_labels.READ_SETS`),
from one run of the shipped stages (the judge with the shipped gate, no rescue) with its features
(`judge.rescue.sentence_features`) and whether a mention is left on it; labelled with the types
(and alt_types) of the gold events that happened whose sentence or `also` overlaps it (the e2e
scorer's own `_load_gold`, `_gold_events`, `gold_happened`, `overlaps`). Model: one L2 logistic
regression (scikit-learn) per type of `TYPES`, over the feature names seen in at least `MIN_COUNT`
training sentences, fitted on every sentence. The threshold is chosen inside the training stories
only: out-of-fold probabilities of an inner `INNER_FOLDS`-fold split by story, on the sentences
with no mention (where the model acts), each threshold scored by right - `FP_COST` x wrong
proposals (a proposal is right when its type is one of the sentence's labels).

Judged end to end: `FOLDS` folds of the read stories (`train_gate.fold_of`); for each fold, a
model fitted on the other folds is put into the shipped pipeline's judge and the fold's stories of
each set are run and scored by the e2e scorer, beside the same run without rescue; counts pooled
over folds. `--write` fits on every story and writes `data/judge/sentence_events.json`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from claimgraph.eval.mention_labels import READ_SETS, fixtures_dir
from claimgraph.eval.records import Skipped
from claimgraph.eval.tasks.e2e_common import overlaps
from claimgraph.eval.tasks.e2e_fixture import (
    GOLD_FILE,
    _gold_events,
    _load_gold,
    _stories,
    evaluate,
    gold_happened,
)
from claimgraph.eval.train_gate import FOLDS, fold_of
from claimgraph.judge.rescue import (
    FEATURE_VERSION,
    MODEL_FILE,
    DocView,
    SentenceModel,
    document_sentences,
    sentence_features,
)
from claimgraph.model import Document
from claimgraph.resources import data_path

__all__ = ["SentenceRow", "sentence_rows", "fit_model", "cross_validate", "main"]

#: the types most gold events without any row have on the read sets (docs/BENCHMARKS.md)
TYPES = ("ACCUSE", "REQUEST", "REJECT")
C = 0.3
MIN_COUNT = 2
INNER_FOLDS = 4
FP_COST = 0.5
THRESHOLDS = tuple(round(0.2 + 0.05 * i, 2) for i in range(15))  # 0.20 .. 0.90
_OFF = 1.01  # a threshold no probability reaches


@dataclass(frozen=True)
class SentenceRow:
    set: str
    story: str
    text: str
    features: tuple[str, ...]
    has_mention: bool
    labels: tuple[str, ...]


class _Collect:
    """A stage after the judge that records each sentence of each document."""

    name = "rescue_collect"
    requires: tuple[str, ...] = ("mentions",)
    provides: tuple[str, ...] = ()

    def __init__(self) -> None:
        self.seen: list[tuple[str | None, str, tuple[str, ...], bool]] = []

    def __call__(self, doc: Document) -> Document:
        sents = list(document_sentences(doc))
        view = DocView.of(doc, sents)
        for s in sents:
            feats = tuple(sentence_features(s, view))
            self.seen.append((doc.url, s.sent.text, feats, bool(view.types_at[s.index])))
        return doc


def _base_stages() -> list[Any]:
    """The shipped stages, the judge without rescue."""
    from claimgraph.judge import JudgeStage
    from claimgraph.pipeline import default_stages

    return [JudgeStage(gate=s.gate) if isinstance(s, JudgeStage) else s for s in default_stages()]


def _labels(text: str, story: str, texts: dict[str, str], gold: Any, spans: Any) -> tuple[str, ...]:
    raw, t = texts[story], text.strip()
    i = raw.find(t)
    i = i if i >= 0 else raw.find(t[:60])
    if i < 0:
        return ()
    sp = (i, i + len(t))
    out: set[str] = set()
    for k, kspans in spans.items():
        if gold_happened(gold[k]) and any(s == story and overlaps(sp, g) for s, g in kspans):
            out.update([gold[k]["type"], *gold[k].get("alt_types", [])])
    return tuple(sorted(out))


def _set_rows(data: Path, name: str) -> list[SentenceRow]:
    from claimgraph.pipeline import Pipeline

    corpus = _stories(data)
    gold_stories = _load_gold(data, corpus, Skipped())
    texts = {gs["story"]: corpus[gs["story"]]["text"] for gs in gold_stories}
    gold, spans = _gold_events(gold_stories, texts)
    story_of = {
        corpus[g["story"]].get("url") or f"gold:{g['story']}": g["story"] for g in gold_stories
    }
    collect = _Collect()
    evaluate(data, pipeline=Pipeline(stages=[*_base_stages(), collect]))
    return [
        SentenceRow(name, story_of[url], text, feats, has, _labels(text, story_of[url], texts, gold, spans))
        for url, text, feats, has in collect.seen
        if url in story_of
    ]  # fmt: skip


def sentence_rows(fixtures: Path | None = None) -> list[SentenceRow]:
    """The sentences of every read set present under `fixtures`."""
    root = fixtures or fixtures_dir()
    out: list[SentenceRow] = []
    for name in READ_SETS:
        if (root / name / GOLD_FILE).exists():
            out.extend(_set_rows(root / name, name))
    return out


def _fit(rows: Sequence[SentenceRow], types: Sequence[str] = TYPES) -> SentenceModel:
    from sklearn.linear_model import LogisticRegression

    counts = Counter(f for r in rows for f in r.features)
    names = sorted(f for f, n in counts.items() if n >= MIN_COUNT)
    index = {f: j for j, f in enumerate(names)}
    x = np.zeros((len(rows), len(names)))
    for i, r in enumerate(rows):
        x[i, [index[f] for f in r.features if f in index]] = 1.0
    weights, bias = [], []
    for t in types:
        y = np.array([t in r.labels for r in rows])
        clf = LogisticRegression(C=C, max_iter=2000).fit(x, y)
        weights.append({names[j]: float(w) for j, w in enumerate(clf.coef_[0]) if abs(w) > 1e-4})
        bias.append(float(clf.intercept_[0]))
    return SentenceModel(types=list(types), weights=weights, bias=bias, threshold=_OFF)


def _threshold(rows: Sequence[SentenceRow]) -> float:
    """The threshold the training stories choose (module docstring): inner out-of-fold
    proposals on their sentences with no mention."""
    scored: list[tuple[float, bool]] = []
    for k in range(INNER_FOLDS):
        inner = [r for r in rows if fold_of(r.set, r.story, INNER_FOLDS, "inner") != k]
        model = _fit(inner)
        for r in rows:
            if fold_of(r.set, r.story, INNER_FOLDS, "inner") == k and not r.has_mention:
                probs = model.probabilities(r.features)
                j = int(np.argmax(probs))
                scored.append((probs[j], model.types[j] in r.labels))
    best, pick = 0.0, _OFF
    for t in THRESHOLDS:
        value = sum(1.0 if ok else -FP_COST for p, ok in scored if p >= t)
        if value > best:
            best, pick = value, t
    return pick


def fit_model(rows: Sequence[SentenceRow], meta: dict[str, Any] | None = None) -> SentenceModel:
    model = _fit(rows)
    model.threshold = _threshold(rows)
    model.meta = {"C": C, "fp_cost": FP_COST, "min_count": MIN_COUNT, **(meta or {})}
    return model


def cross_validate(rows: Sequence[SentenceRow], fixtures: Path | None = None) -> dict[str, Any]:
    """End-to-end CV (module docstring): per set and pooled, rescue off and on."""
    from claimgraph.judge import JudgeStage
    from claimgraph.pipeline import Pipeline

    root = fixtures or fixtures_dir()
    base = _base_stages()
    counts: dict[str, Counter[str]] = {}
    thresholds = []
    for k in range(FOLDS):
        model = fit_model([r for r in rows if fold_of(r.set, r.story) != k])
        thresholds.append(model.threshold)
        test = sorted({(r.set, r.story) for r in rows if fold_of(r.set, r.story) == k})
        for name in sorted({s for s, _ in test}):
            stories = {st for s, st in test if s == name}
            for arm, m in (("off", None), ("rescue", model)):
                stages = [JudgeStage(gate=s.gate, rescue=m) if isinstance(s, JudgeStage) else s
                          for s in base]  # fmt: skip
                res = evaluate(root / name, stories=stories, pipeline=Pipeline(stages=stages))
                _add(counts, name, arm, res.metrics)
    return {"thresholds": thresholds, "scores": _report(counts)}


def _add(counts: dict[str, Counter[str]], name: str, arm: str, metrics: dict[str, float]) -> None:
    tp = round(metrics["precision"] * metrics["rows"])
    for key in (f"{name}/{arm}", f"all/{arm}"):
        c = counts.setdefault(key, Counter())
        c.update({"tp": tp, "rows": int(metrics["rows"]), "gold": int(metrics["gold_events"])})


def _report(counts: dict[str, Counter[str]]) -> dict[str, dict[str, float]]:
    out = {}
    for key, c in sorted(counts.items()):
        p = c["tp"] / c["rows"] if c["rows"] else 0.0
        r = c["tp"] / c["gold"] if c["gold"] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        out[key] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), **c}
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m claimgraph.eval.train_rescue", description=__doc__.split("\n")[0]
    )
    ap.add_argument(
        "--write", action="store_true", help="fit on every read story and write the model"
    )
    ap.add_argument("--no-cv", action="store_true", help="skip the end-to-end cross-validation")
    ap.add_argument("--fixtures", type=Path, default=None)
    ap.add_argument(
        "--report", type=Path, default=None, help="also write the CV report here (JSON)"
    )
    args = ap.parse_args(argv)
    rows = sentence_rows(args.fixtures)
    if not rows:
        print("train_rescue: no read fixture sets found, nothing to do")
        return 0
    if not args.no_cv:
        text = json.dumps(cross_validate(rows, args.fixtures), indent=1)
        print(text)
        if args.report:
            args.report.write_text(text + "\n", encoding="utf-8")
    if args.write:
        sets = Counter(r.set for r in rows)
        model = fit_model(rows, {"feature_version": FEATURE_VERSION, "sentences": dict(sets)})
        path = data_path(*MODEL_FILE)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(model.to_json(), indent=1) + "\n", encoding="utf-8")
        print(f"threshold {model.threshold}; written {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
