"""Document-level CV of resolver weights on the geo dev halves (issue 21).

    PYTHONPATH=src python bench/geo_cv.py                      # in-sample numbers of the tree
    PYTHONPATH=src python bench/geo_cv.py --grid near_country=0,1,2,3 --splits 3

For each value of the weight the resolver scores every document (gold spans) of geowebnews, lgl
and tr_news; `cv_choice` then picks, in each training part of a k-fold split of the documents of
all three sets, the value with the best exact-id accuracy there (pooled over the three sets) and
scores that value on the held-back documents. A value is worth adopting when the CV estimate
rises over the current one on more than one fold split (`--splits` shuffles). The spaCy parses
are cached (`claimgraph.eval.train_toponyms.parsed`), so a run takes seconds after the first.
Not a test; numbers go to docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from claimgraph.eval.train_toponyms import (
    DATASETS,
    Counts,
    cv_choice,
    folds,
    parsed,
    score,
    total,
)
from claimgraph.places.gazetteer import default_gazetteer
from claimgraph.places.resolve import Resolver


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=Path(__file__).parents[1] / "../shared/eval")
    ap.add_argument("--grid", help="weight=v1,v2,... (the first value is today's)")
    ap.add_argument("--splits", type=int, default=3)
    ap.add_argument("--folds", type=int, default=5)
    a = ap.parse_args()
    corpora = {ds: parsed(a.data, ds) for ds in DATASETS}
    if not a.grid:
        for ds, cs in score(corpora).items():
            t = total(cs)
            print(f"{ds:12s} det F1 {t.f1:.4f} (tp {t.tp} fp {t.fp} fn {t.fn})  "
                  f"exact {t.exact:.4f}  161km {t.km161:.4f}  n {t.n}")  # fmt: skip
        return
    key, vals = a.grid.split("=")
    variants: dict[str, dict[str, list[Counts]]] = {}
    for v in vals.split(","):
        res = Resolver(default_gazetteer(), {key: float(v)})
        variants[v] = score(corpora, res=res, detection=False)
        line = "  ".join(
            f"{ds} {total(cs).exact:.4f}/{total(cs).km161:.4f}" for ds, cs in variants[v].items()
        )
        print(f"{key}={v:6s} in-sample exact/161km  {line}")
    # one list of documents over the three sets, so a fold holds documents of each
    flat = {v: [c for ds in DATASETS for c in per[ds]] for v, per in variants.items()}
    offsets, n = {}, 0
    for ds in DATASETS:
        offsets[ds] = (n, n + len(corpora[ds][0]))
        n = offsets[ds][1]
    for seed in range(a.splits):
        got, chosen = cv_choice(flat, lambda c: c.exact, a.folds, seed)
        # per-set CV counts: re-walk the folds with the chosen values
        per = {ds: Counts() for ds in DATASETS}
        for f, v in zip(folds(n, a.folds, seed), chosen):
            for i in f:
                ds = next(d for d, (s, e) in offsets.items() if s <= i < e)
                per[ds] = per[ds] + flat[v][i]
        line = "  ".join(f"{ds} {c.exact:.4f}/{c.km161:.4f}" for ds, c in per.items())
        print(f"CV split {seed}: chosen {chosen}  exact/161km {line}")


if __name__ == "__main__":
    main()
