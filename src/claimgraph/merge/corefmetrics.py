"""Coreference metrics: MUC, B3, CEAF-e and CoNLL F1 (their mean), as in the reference scorer.

In: key and response clusterings, each a list of sets of hashable mention ids. Mentions present in
only one side (system mentions not in the key, key mentions missed) are handled as in the CoNLL
scorer: B3 and CEAF-e count them against precision/recall, MUC ignores singletons.
Out: (recall, precision, f1) triples and `conll(key, response) -> dict`.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

import numpy as np

__all__ = ["muc", "b3", "ceafe", "conll"]

Clusters = list[frozenset[Hashable]]


def _f(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _norm(cs: Iterable[Iterable[Hashable]]) -> Clusters:
    return [frozenset(c) for c in cs if c]


def muc(key: Clusters, resp: Clusters) -> tuple[float, float, float]:
    def side(a: Clusters, b: Clusters) -> float:
        where = {m: i for i, c in enumerate(b) for m in c}
        num = den = 0
        for c in a:
            parts = {where.get(m, ("single", m)) for m in c}
            num += len(c) - len(parts)
            den += len(c) - 1
        return num / den if den else 0.0

    r, p = side(key, resp), side(resp, key)
    return r, p, _f(p, r)


def b3(key: Clusters, resp: Clusters) -> tuple[float, float, float]:
    def side(a: Clusters, b: Clusters) -> float:
        where = {m: c for c in b for m in c}
        num = 0.0
        total = 0
        for c in a:
            for m in c:
                total += 1
                other = where.get(m)
                if other is not None:
                    num += len(c & other) / len(c)
        return num / total if total else 0.0

    r, p = side(key, resp), side(resp, key)
    return r, p, _f(p, r)


def ceafe(key: Clusters, resp: Clusters) -> tuple[float, float, float]:
    from scipy.optimize import linear_sum_assignment

    if not key or not resp:
        return 0.0, 0.0, 0.0
    where = {m: j for j, c in enumerate(resp) for m in c}
    sim = np.zeros((len(key), len(resp)))
    for i, c in enumerate(key):
        for m in c:
            j = where.get(m)
            if j is not None:
                sim[i, j] += 1
    for i, c in enumerate(key):
        for j in np.nonzero(sim[i])[0]:
            sim[i, j] = 2 * sim[i, j] / (len(c) + len(resp[j]))
    rows, cols = linear_sum_assignment(-sim)
    total = sim[rows, cols].sum()
    r, p = total / len(key), total / len(resp)
    return r, p, _f(p, r)


def conll(
    key: Iterable[Iterable[Hashable]], resp: Iterable[Iterable[Hashable]]
) -> dict[str, float]:
    k, s = _norm(key), _norm(resp)
    out: dict[str, float] = {}
    for name, fn in (("muc", muc), ("b3", b3), ("ceafe", ceafe)):
        r, p, f = fn(k, s)
        out[f"{name}_r"], out[f"{name}_p"], out[f"{name}_f1"] = r, p, f
    out["conll_f1"] = (out["muc_f1"] + out["b3_f1"] + out["ceafe_f1"]) / 3
    return out
