"""merge: the sparse clustering of a component gives the clusters of the former dense one.

`_agglomerate` used k x k matrices for a component of k mentions (O(k^3) time): components grow
with the archive when undated mentions tie together reports of the same actors months apart.
The reference below is that dense routine, verbatim; random components (random documents,
scores drawn from a few values so that ties happen, vetoes, unscored `soft` pairs) must cluster
the same way under both.
"""

from __future__ import annotations

import random

import numpy as np
import pytest

from claimgraph.merge.cluster import _agglomerate, best_match_link, cluster


def _dense_average_link(
    sim: np.ndarray, present: np.ndarray, veto: np.ndarray, threshold: float
) -> list[list[int]]:
    n = sim.shape[0]
    tot = np.where(present, sim, 0.0)
    cnt = present.astype(float)
    vet = veto.copy()
    members: list[list[int] | None] = [[i] for i in range(n)]
    while True:
        with np.errstate(invalid="ignore", divide="ignore"):
            avg = np.where(cnt > 0, tot / np.maximum(cnt, 1), -np.inf)
        avg[vet] = -np.inf
        flat = int(np.argmax(avg))
        i, j = divmod(flat, n)
        if not np.isfinite(avg[i, j]) or avg[i, j] < threshold:
            break
        i, j = min(i, j), max(i, j)
        tot[i, :] += tot[j, :]
        tot[:, i] += tot[:, j]
        cnt[i, :] += cnt[j, :]
        cnt[:, i] += cnt[:, j]
        vet[i, :] |= vet[j, :]
        vet[:, i] |= vet[:, j]
        vet[i, i] = True
        vet[j, :] = True
        vet[:, j] = True
        members[i] = sorted((members[i] or []) + (members[j] or []))
        members[j] = None
    return sorted((m for m in members if m is not None), key=lambda c: c[0])


def _dense_agglomerate(
    comp: list[int],
    pair: dict[tuple[int, int], float | None],
    threshold: float,
    doc_of: list[str],
    soft: frozenset[tuple[int, int]],
) -> list[list[int]]:
    k = len(comp)
    sim = np.full((k, k), -np.inf)
    vetoed = np.zeros((k, k), dtype=bool)
    for a in range(k):
        for b in range(a + 1, k):
            v = pair.get((comp[a], comp[b]))
            if v is None and (comp[a], comp[b]) not in soft:
                vetoed[a, b] = vetoed[b, a] = True
            else:
                sim[a, b] = sim[b, a] = v
    docs = [doc_of[i] for i in comp]
    same = np.array([[docs[a] == docs[b] for b in range(k)] for a in range(k)])
    within = np.where(same, sim, -np.inf)
    units = best_match_link(within, threshold, veto=vetoed & same)
    u = len(units)
    if u == 1:
        return [[comp[x] for x in units[0]]]
    usim = np.zeros((u, u))
    uveto = np.eye(u, dtype=bool)
    present = np.zeros((u, u), dtype=bool)
    score0 = np.where(np.isfinite(sim), sim, 0.0)
    for a in range(u):
        for b in range(a + 1, u):
            ua, ub = units[a], units[b]
            if vetoed[np.ix_(ua, ub)].any():
                uveto[a, b] = uveto[b, a] = True
                continue
            if not np.isfinite(sim[np.ix_(ua, ub)]).any():
                continue
            present[a, b] = present[b, a] = True
            fwd = float(score0[np.ix_(ua, ub)].max(axis=1).mean())
            bwd = float(score0[np.ix_(ub, ua)].max(axis=1).mean())
            if len(ua) < len(ub):
                v = fwd
            elif len(ub) < len(ua):
                v = bwd
            else:
                v = (fwd + bwd) / 2
            usim[a, b] = usim[b, a] = v
    return [
        sorted(comp[x] for g in grp for x in units[g])
        for grp in _dense_average_link(usim, present, uveto, threshold)
    ]


def _random_component(
    rng: random.Random,
) -> tuple[list[int], dict[tuple[int, int], float | None], list[str], frozenset[tuple[int, int]]]:
    """Positions 0..n-1 in a few documents; a component is a random subset of them. Most pairs
    are candidates (scored, often on tied values), some vetoed (None), some unscored soft."""
    n = rng.randint(2, 40)
    doc_of = [f"d{rng.randrange(max(1, n // rng.choice([1, 2, 3, 5])))}" for _ in range(n)]
    comp = sorted(rng.sample(range(n), rng.randint(2, n)))
    pair: dict[tuple[int, int], float | None] = {}
    soft = set()
    p_candidate = rng.choice([0.3, 0.7, 1.0])
    values = [0.2, 0.4, 0.55, 0.6, 0.6, 0.7, 0.8, 0.9, round(rng.random(), 3)]
    for a in range(n):
        for b in range(a + 1, n):
            if rng.random() > p_candidate:
                continue  # never a candidate: a veto
            r = rng.random()
            if r < 0.1:
                pair[(a, b)] = None
            elif r < 0.15:
                pair[(a, b)] = None
                soft.add((a, b))
            else:
                pair[(a, b)] = rng.choice(values)
    return comp, pair, doc_of, frozenset(soft)


@pytest.mark.parametrize("seed", range(400))
def test_merge_sparse_agglomerate_equals_dense(seed: int) -> None:
    rng = random.Random(seed)
    comp, pair, doc_of, soft = _random_component(rng)
    inside = set(comp)
    pairs = [p for p in pair if p[0] in inside and p[1] in inside]
    rng.shuffle(pairs)  # the order the pairs come in does not matter
    threshold = rng.choice([0.3, 0.55, 0.6])
    got = sorted(_agglomerate(comp, pairs, pair, threshold, doc_of, soft))
    want = sorted(_dense_agglomerate(comp, pair, threshold, doc_of, soft))
    assert got == want


def test_merge_cluster_rejects_a_threshold_that_would_link_documents_at_level_one() -> None:
    with pytest.raises(ValueError):
        cluster([], threshold=0.0)
