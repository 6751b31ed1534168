"""Document-level k-fold cross-validation of a tuned component (issue 21).

A rule or weight chosen by looking at dev documents scores optimistically on those documents.
`grid_cv` estimates what it would score on documents it was not chosen on: the dev documents
(or groups of documents that must stay together, such as an ECB+ topic) are split into k folds;
for each fold the setting is chosen again on the other k-1 folds (`select`, by default the best
of `grid` there) and scored on the fold left out. The out-of-fold results of all k folds are
pooled (counts or clusters added, then one metric, so a small fold weighs what its documents
weigh) and the whole is repeated over several fold splits with fixed seeds. The same run scores
the shipped setting on all documents (the in-sample number BENCHMARKS used to quote).

In: the documents (anything hashable names them: ids, topic names), `evaluate(setting, docs)`
returning something that adds up across folds (a Counter of tp/fp/fn, a list of clusters), and
`metric(total)`. Out: `CvEstimate`.

A change is adopted only when its CV estimate rises on more than one fold split
(`CvEstimate.rises_over`).
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

__all__ = ["CvEstimate", "doc_folds", "grid_cv", "SEEDS", "K"]

D = TypeVar("D", bound=Hashable)
S = TypeVar("S")  # a setting: a threshold, a weight tuple, a set of rule families
C = TypeVar("C")  # what `evaluate` returns; must support `+`

#: the fold splits every estimate is repeated over (fixed, so estimates are reproducible)
SEEDS: tuple[int, ...] = (0, 1, 2)
K = 5


def doc_folds(docs: Sequence[D], k: int = K, seed: int = 0) -> list[tuple[list[D], list[D]]]:
    """(training documents, test documents) for each of k folds: the distinct documents in a
    fixed order (sorted by their string form), shuffled by `seed`, dealt round-robin."""
    uniq = sorted(set(docs), key=str)
    if len(uniq) < k:
        raise ValueError(f"{len(uniq)} documents cannot make {k} folds")
    order = list(uniq)
    random.Random(seed).shuffle(order)
    folds = [order[i::k] for i in range(k)]
    return [([d for j, f in enumerate(folds) if j != i for d in f], folds[i]) for i in range(k)]


@dataclass
class CvEstimate(Generic[S]):
    in_sample: float  # the shipped setting scored on every document
    cv: float  # mean over fold splits of the pooled out-of-fold metric
    per_split: list[float]  # one pooled out-of-fold metric per seed
    chosen: list[list[Any]] = field(default_factory=list)  # the setting each fold chose, per seed
    k: int = K
    n_docs: int = 0

    @property
    def spread(self) -> tuple[float, float]:
        return min(self.per_split), max(self.per_split)

    def rises_over(self, other: CvEstimate[Any]) -> bool:
        """The adoption rule: better than `other` on more than one of the same fold splits."""
        return sum(a > b for a, b in zip(self.per_split, other.per_split)) > 1

    def line(self) -> str:
        lo, hi = self.spread
        return (f"in-sample {self.in_sample:.4f}; {self.k}-fold CV {self.cv:.4f} "
                f"(splits {lo:.4f}-{hi:.4f}, {len(self.per_split)} seeds, {self.n_docs} docs)")  # fmt: skip


def _best(
    grid: Sequence[S],
    evaluate: Callable[[S, list[D]], C],
    metric: Callable[[C], float],
    docs: list[D],
) -> S:
    """The grid setting that scores best on `docs`; the first one on a tie (list the shipped
    setting first, so a tie keeps it)."""
    best, best_score = grid[0], float("-inf")
    for s in grid:
        score = metric(evaluate(s, docs))
        if score > best_score:
            best, best_score = s, score
    return best


def grid_cv(
    docs: Sequence[D],
    evaluate: Callable[[S, list[D]], C],
    metric: Callable[[C], float],
    *,
    shipped: S,
    grid: Sequence[S] | None = None,
    select: Callable[[list[D]], S] | None = None,
    k: int = K,
    seeds: Sequence[int] = SEEDS,
) -> CvEstimate[S]:
    """The CV estimate of a component tuned on `docs` (see the module docstring).

    Each fold's setting comes from `select(training documents)` when given (a tuning procedure of
    its own: rule selection, a fitted weight), else the best of `grid` on the training folds.
    Without either, the setting is `shipped` in every fold: the component has nothing to
    re-tune and the estimate equals the in-sample number."""
    docs = list(docs)
    all_docs = sorted(set(docs), key=str)
    in_sample = metric(evaluate(shipped, all_docs))
    per_split: list[float] = []
    chosen: list[list[Any]] = []
    for seed in seeds:
        total: Any = None
        picks = []
        for train, test in doc_folds(all_docs, k, seed):
            if select is not None:
                s = select(train)
            elif grid:
                s = _best(grid, evaluate, metric, train)
            else:
                s = shipped
            picks.append(s)
            part = evaluate(s, test)
            total = part if total is None else total + part
        per_split.append(metric(total))
        chosen.append(picks)
    return CvEstimate(in_sample, statistics.fmean(per_split), per_split, chosen, k, len(all_docs))
