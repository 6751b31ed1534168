"""Fit the event-location ranker on halterman_event_location (dev half) and write its JSON.

    python -m claimgraph.places.train_location --data ../shared/eval/halterman_event_location \
        [--out src/claimgraph/data/places/event_location_model.json] [--folds 5]

In: the dataset directory (loaded and parsed as `claimgraph eval event-location` does). Out: a JSON
file with the logistic-regression coefficients over `location.candidate_features`, the intercept,
the "no location" threshold, and the nested cross-validated accuracy it was chosen with.

The reported accuracy is honest: sentences are split into folds by text (several verbs of one
sentence stay together); for each outer fold, C and the threshold are picked by an inner 3-fold CV
on the other folds, refitted there, and scored on the held-out fold. The shipped model is then
fitted on all of dev with C and threshold picked by a 5-fold CV on all of it. Needs scikit-learn.
"""

from __future__ import annotations

import argparse
import json
import zlib
from pathlib import Path
from typing import Any

from claimgraph.places.location import _sentence_candidates, candidate_features

__all__ = ["Sample", "samples", "nested_cv", "fit", "main"]

C_GRID = (0.03, 0.1, 0.3, 1.0)
T_GRID = tuple(round(0.2 + 0.025 * i, 3) for i in range(21))  # 0.2 .. 0.7


class Sample:
    """One (sentence, verb): its candidates' features and labels, and the gold."""

    __slots__ = ("group", "feats", "labels", "has_gold")

    def __init__(
        self, group: int, feats: list[dict[str, float]], labels: list[int], has_gold: bool
    ):
        self.group, self.feats, self.labels, self.has_gold = group, feats, labels, has_gold


def samples(rows: list[dict], docs: list) -> list[Sample]:  # type: ignore[type-arg]
    out = []
    for r, d in zip(rows, docs):
        v = r["verb"]
        cands = _sentence_candidates(d, 0, len(d.text), v["start"], v["end"])
        feats = candidate_features(d, cands, v["start"], v["end"]) if cands else []
        gold = r["locs"]
        labels = [int(any((p.start or 0) < e and s < (p.end or 0) for s, e in gold)) for p in cands]
        group = zlib.crc32(" ".join(r["text"].split()).encode())
        out.append(Sample(group, feats, labels, bool(gold)))
    return out


def _fit(train: list[Sample], c: float):  # type: ignore[no-untyped-def]
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    xs = [f for s in train for f in s.feats]
    ys = [y for s in train for y in s.labels]
    vec = DictVectorizer()
    x = vec.fit_transform(xs)
    clf = LogisticRegression(C=c, max_iter=5000, solver="liblinear")
    clf.fit(x, ys)
    return vec, clf


def _probs(model, test: list[Sample]) -> list[list[float]]:  # type: ignore[no-untyped-def]
    vec, clf = model
    xs = [f for s in test for f in s.feats]
    if not xs:
        return [[] for _ in test]
    p = clf.predict_proba(vec.transform(xs))[:, 1]
    out, i = [], 0
    for s in test:
        out.append([float(v) for v in p[i : i + len(s.feats)]])
        i += len(s.feats)
    return out


def _correct(s: Sample, probs: list[float], t: float) -> bool:
    if not probs or max(probs) < t:
        return not s.has_gold
    return bool(s.labels[max(range(len(probs)), key=probs.__getitem__)])


def _folds(data: list[Sample], k: int, level: int = 0) -> list[tuple[list[Sample], list[Sample]]]:
    """k folds by group hash; `level` 1 (inner CV) uses other bits than level 0 (outer)."""

    def fold(s: Sample) -> int:
        return (s.group >> (16 * level)) % k

    return [
        ([s for s in data if fold(s) != i], [s for s in data if fold(s) == i]) for i in range(k)
    ]


def _select(data: list[Sample], k: int = 3, level: int = 1) -> tuple[float, float, float]:
    """(C, threshold, CV accuracy) maximising k-fold CV accuracy on `data`."""
    preds: dict[float, list[tuple[Sample, list[float]]]] = {c: [] for c in C_GRID}
    for tr, te in _folds(data, k, level):
        for c in C_GRID:
            preds[c].extend(zip(te, _probs(_fit(tr, c), te)))
    best = (C_GRID[0], 0.5, -1.0)
    for c, pr in preds.items():
        for t in T_GRID:
            acc = sum(_correct(s, p, t) for s, p in pr) / len(pr)
            if acc > best[2] + 1e-9:
                best = (c, t, acc)
    return best


def nested_cv(data: list[Sample], k: int = 5) -> tuple[float, list[tuple[float, float, float]]]:
    """Nested k-fold accuracy and, per outer fold, (C, threshold, fold accuracy)."""
    ok = 0
    per = []
    for tr, te in _folds(data, k):
        c, t, _ = _select(tr)
        pr = _probs(_fit(tr, c), te)
        n_ok = sum(_correct(s, p, t) for s, p in zip(te, pr))
        ok += n_ok
        per.append((c, t, n_ok / len(te)))
    return ok / len(data), per


def fit(data: list[Sample], k: int = 5) -> dict[str, Any]:
    """The shipped model: C and threshold by k-fold CV on all of `data`, then refitted on it."""
    c, t, acc = _select(data, k, level=0)
    vec, clf = _fit(data, c)
    coef = {
        name: round(float(w), 5)
        for name, w in zip(vec.get_feature_names_out(), clf.coef_[0])
        if abs(w) >= 1e-5
    }
    return {
        "model": "logistic regression over claimgraph.places.location.candidate_features",
        "C": c,
        "threshold": t,
        "intercept": round(float(clf.intercept_[0]), 5),
        "cv_accuracy_select": round(acc, 4),
        "coef": dict(sorted(coef.items())),
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args(argv)
    from claimgraph.eval.tasks.event_location import load, prepare
    from claimgraph.resources import data_path

    rows = load(args.data)
    data = samples(rows, prepare(rows))
    acc, per = nested_cv(data, args.folds)
    print(f"nested {args.folds}-fold CV accuracy: {acc:.4f}")
    for i, (c, t, a) in enumerate(per):
        print(f"  fold {i}: C={c} threshold={t} accuracy={a:.4f}")
    model = fit(data, args.folds)
    model["nested_cv_accuracy"] = round(acc, 4)
    model["trained_on"] = f"halterman_event_location dev ({len(rows)} sentences)"
    out = args.out or data_path("places", "event_location_model.json")
    out.write_text(json.dumps(model, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {out} ({len(model['coef'])} features, C={model['C']}, "
          f"threshold={model['threshold']})")  # fmt: skip


if __name__ == "__main__":
    main()
