"""The document-level CV helper (`claimgraph.eval.cv`) on small synthetic problems."""

from __future__ import annotations

from collections import Counter

import pytest

from claimgraph.eval.cv import CvEstimate, doc_folds, grid_cv


def test_cv_doc_folds_partition_documents_reproducibly() -> None:
    docs = [f"d{i}" for i in range(23)] + ["d3", "d4"]  # repeated names are one document
    folds = doc_folds(docs, k=5, seed=1)
    tests = [set(te) for _, te in folds]
    assert len(folds) == 5 and set().union(*tests) == {f"d{i}" for i in range(23)}
    assert sum(len(t) for t in tests) == 23
    for train, test in folds:
        assert not set(train) & set(test) and len(train) + len(test) == 23
    assert doc_folds(docs, k=5, seed=1) == folds and doc_folds(docs, k=5, seed=2) != folds
    with pytest.raises(ValueError):
        doc_folds(["a", "b"], k=5)


def _threshold_problem() -> tuple[list[int], dict[int, float], dict[int, bool]]:
    # documents with a score; the label is "score above 0.5", except a few noisy documents
    docs = list(range(60))
    score = {d: (d % 20) / 20 for d in docs}
    label = {d: score[d] > 0.5 for d in docs}
    for d in (3, 27, 44):  # noise: the in-sample best threshold bends to it
        label[d] = not label[d]
    return docs, score, label


def _counts(t: float, docs: list[int], score: dict[int, float], label: dict[int, bool]) -> Counter:
    c: Counter = Counter()
    for d in docs:
        c["right"] += (score[d] > t) == label[d]
        c["n"] += 1
    return c


def test_cv_grid_cv_retunes_per_fold_and_pools() -> None:
    docs, score, label = _threshold_problem()
    grid = [0.5, 0.1, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8]
    acc = lambda c: c["right"] / c["n"]  # noqa: E731
    est = grid_cv(
        docs,
        lambda t, ds: _counts(t, ds, score, label),
        acc,
        shipped=0.5,
        grid=grid,
        seeds=(0, 1, 2),
    )
    assert isinstance(est, CvEstimate)
    assert est.in_sample == pytest.approx(57 / 60)
    assert len(est.per_split) == 3 and all(len(p) == 5 for p in est.chosen)
    assert all(t in grid for picks in est.chosen for t in picks)
    assert est.cv <= est.in_sample + 1e-9 and est.n_docs == 60
    # the same call gives the same estimate (fixed seeds)
    again = grid_cv(
        docs,
        lambda t, ds: _counts(t, ds, score, label),
        acc,
        shipped=0.5,
        grid=grid,
        seeds=(0, 1, 2),
    )
    assert again.per_split == est.per_split


def test_cv_without_anything_to_tune_equals_in_sample() -> None:
    docs, score, label = _threshold_problem()
    acc = lambda c: c["right"] / c["n"]  # noqa: E731
    est = grid_cv(docs, lambda t, ds: _counts(t, ds, score, label), acc, shipped=0.5)
    assert est.cv == pytest.approx(est.in_sample) and est.spread[0] == est.spread[1]


def test_cv_select_is_a_tuning_procedure_of_its_own() -> None:
    docs, score, label = _threshold_problem()
    acc = lambda c: c["right"] / c["n"]  # noqa: E731
    seen: list[int] = []

    def select(train: list[int]) -> float:
        seen.append(len(train))
        return 0.5

    est = grid_cv(
        docs,
        lambda t, ds: _counts(t, ds, score, label),
        acc,
        shipped=0.9,
        select=select,
        k=4,
        seeds=(7,),
    )
    assert seen == [45, 45, 45, 45] and est.chosen == [[0.5] * 4]
    assert est.in_sample == pytest.approx(acc(_counts(0.9, docs, score, label)))


def test_cv_rises_over_needs_more_than_one_split() -> None:
    a = CvEstimate(0.8, 0.70, [0.70, 0.71, 0.69])
    b = CvEstimate(0.8, 0.70, [0.71, 0.70, 0.69])
    c = CvEstimate(0.8, 0.72, [0.72, 0.72, 0.68])
    assert not b.rises_over(a)  # one split up, one down, one tie
    assert c.rises_over(a) and not a.rises_over(c)
