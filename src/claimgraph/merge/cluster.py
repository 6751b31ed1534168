"""Order-independent clustering of mentions into events.

In: `MentionFeatures` (any order). Out: clusters (tuples of mention ids), deterministic.

1. Blocking: mentions are compared only within the same type block and when their date
   intervals lie within `MAX_GAP_DAYS` (mentions without any date are compared with the whole
   block).
2. Components: mentions linked by a pair scoring at least `THRESHOLD` form a component; nothing
   outside a component can change how it clusters (this is what makes re-merging only an
   affected neighbourhood equal to a full re-merge).
3. Inside a component, two levels: each document's own mentions first (best-match link: its
   vague sentences need one good partner), then those per-document units across documents
   (average link over compared unit pairs; a unit's similarity is how well the smaller one's
   mentions find partners in the other). A veto (any pair that cannot corefer) keeps clusters
   apart at both levels. Ties are broken by mention ids, never by input order.
   `average_link` stays the plain matrix routine the ECB+ eval shares.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date

from .features import MentionFeatures
from .score import MAX_GAP_DAYS, THRESHOLD, compatible_types, score, type_block

import numpy as np

__all__ = ["cluster", "candidate_pairs", "average_link", "best_match_link"]

ScoreFn = Callable[[MentionFeatures, MentionFeatures], float | None]


def candidate_pairs(feats: list[MentionFeatures]) -> Iterable[tuple[int, int]]:
    """Index pairs (i < j, by position in `feats`, which is sorted by id) worth scoring."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(feats):
        blocks[type_block(f.event_type)].append(i)
    for idx in blocks.values():
        dated = sorted(
            (i for i in idx if feats[i].interval is not None),
            key=lambda i: (feats[i].interval[0], feats[i].id),
        )  # type: ignore[index]
        undated = [i for i in idx if feats[i].interval is None]
        for k, i in enumerate(dated):
            end: date = feats[i].interval[1]  # type: ignore[index]
            for j in dated[k + 1 :]:
                # starts are sorted, so once one is too late every later one is too
                if (feats[j].interval[0] - end).days > MAX_GAP_DAYS:  # type: ignore[index]
                    break
                yield (min(i, j), max(i, j))
        for u in undated:
            for j in idx:
                if j != u and (feats[j].interval is not None or j > u):
                    yield (min(u, j), max(u, j))


def _components(n: int, edges: Iterable[tuple[int, int]]) -> list[list[int]]:
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in edges:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    comps: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        comps[find(i)].append(i)
    return [sorted(c) for c in comps.values()]


def average_link(sim: np.ndarray, threshold: float) -> list[list[int]]:
    """Average-link agglomerative clustering of a symmetric similarity matrix.

    `-inf` marks a pair that may never share a cluster (a veto: any average with it stays
    `-inf`). Merges the most similar pair of clusters while that similarity is at least
    `threshold`; ties go to the lowest indices, so the result depends only on the matrix.
    Returns clusters as sorted index lists, ordered by their smallest index.
    """
    n = sim.shape[0]
    if n == 0:
        return []
    s = np.array(sim, dtype=float, copy=True)
    np.fill_diagonal(s, -np.inf)
    size = np.ones(n)
    members: list[list[int] | None] = [[i] for i in range(n)]
    alive = np.ones(n, dtype=bool)
    while True:
        flat = int(np.argmax(s))
        i, j = divmod(flat, n)
        if not np.isfinite(s[i, j]) or s[i, j] < threshold:
            break
        i, j = min(i, j), max(i, j)
        # Lance-Williams update for average link: i absorbs j
        row = (size[i] * s[i] + size[j] * s[j]) / (size[i] + size[j])
        s[i, :] = row
        s[:, i] = row
        s[i, i] = -np.inf
        s[j, :] = -np.inf
        s[:, j] = -np.inf
        size[i] += size[j]
        members[i] = sorted((members[i] or []) + (members[j] or []))
        members[j] = None
        alive[j] = False
    return sorted((m for m in members if m is not None), key=lambda c: c[0])


def best_match_link(
    sim: np.ndarray, threshold: float, veto: np.ndarray | None = None
) -> list[list[int]]:
    """Agglomerative clustering where two clusters are as similar as their members' best matches.

    sim(K, L) = mean over every member of K and of L of its best score with the other cluster.
    A report returns to one happening in many sentences, most of them vague ("the deal", "the
    strike"): under average link their weak cross-pairs outvote the few precise pairs, and a
    large, well-supported cluster can no longer absorb a document's own fragment of the same
    event. Here each vague mention needs only one good partner. `-inf` is a veto (as in
    `average_link`): clusters containing a vetoed pair never merge; with `veto` given, only the
    pairs it marks are vetoes and other `-inf` pairs merely unscored. Ties go to the lowest
    indices, so the result depends only on the matrix.
    """
    n = sim.shape[0]
    if n == 0:
        return []
    s = np.array(sim, dtype=float, copy=True)
    np.fill_diagonal(s, -np.inf)
    veto = ~np.isfinite(s) if veto is None else np.array(veto, dtype=bool, copy=True)
    np.fill_diagonal(veto, False)
    # best[x, K]: mention x's best score with cluster K (clusters indexed by their first slot)
    best = np.where(np.isfinite(s), s, 0.0)
    veto_c = veto.copy()  # veto_c[K, L]: some pair across K and L is vetoed
    members: list[list[int] | None] = [[i] for i in range(n)]
    alive = np.ones(n, dtype=bool)
    while True:
        idx = np.flatnonzero(alive)
        if len(idx) < 2:
            break
        # S[K, L] = sum over x in K of best[x, L]
        owner = np.full(n, -1)
        for k in idx:
            owner[members[k]] = k  # type: ignore[index]
        part = np.zeros((n, n))
        np.add.at(part, owner, best)
        sizes = np.array([len(members[k] or []) for k in range(n)], dtype=float)
        sub = part[np.ix_(idx, idx)]
        sz = sizes[idx]
        link = (sub + sub.T) / (sz[:, None] + sz[None, :])
        blocked = veto_c[np.ix_(idx, idx)] | np.eye(len(idx), dtype=bool)
        link[blocked] = -np.inf
        flat = int(np.argmax(link))
        a, b = divmod(flat, len(idx))
        if not np.isfinite(link[a, b]) or link[a, b] < threshold:
            break
        i, j = int(min(idx[a], idx[b])), int(max(idx[a], idx[b]))
        best[:, i] = np.maximum(best[:, i], best[:, j])
        best[:, j] = 0.0
        veto_c[i, :] |= veto_c[j, :]
        veto_c[:, i] |= veto_c[:, j]
        members[i] = sorted((members[i] or []) + (members[j] or []))
        members[j] = None
        alive[j] = False
    return sorted((m for m in members if m is not None), key=lambda c: c[0])


def _sparse_average_link(
    sim: np.ndarray, present: np.ndarray, veto: np.ndarray, threshold: float
) -> list[list[int]]:
    """Average link over the pairs that were compared (`present`); uncompared pairs neither help
    nor hurt, vetoed ones keep clusters apart. Ties go to the lowest indices."""
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


def _agglomerate(
    comp: list[int],
    pair: dict[tuple[int, int], float | None],
    threshold: float,
    doc_of: list[str],
    soft: frozenset[tuple[int, int]] = frozenset(),
) -> list[list[int]]:
    """Two levels, as a reader would: first each document's own mentions of one happening
    (best-match link over same-document pairs: a report keeps returning to its event in vague
    sentences), then those per-document units across documents (average link over unit
    similarities, so a third report must fit both). A unit's similarity to another is how well
    the smaller one's mentions find a partner in the larger: a second report usually tells part
    of the story, and its vaguer sentences are carried by its precise ones. Any vetoed or unscored
    pair keeps two units apart, except the `soft` ones: an arrangement and a happening of another
    type that share nothing (a deal and an evacuation told without a common participant or
    place) are not linked by that pair, but nor are they kept apart by it."""
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
                continue  # nothing compared (a deal and a siege): no evidence either way
            present[a, b] = present[b, a] = True
            fwd = float(score0[np.ix_(ua, ub)].max(axis=1).mean())  # ua's mentions in ub
            bwd = float(score0[np.ix_(ub, ua)].max(axis=1).mean())
            if len(ua) < len(ub):
                v = fwd
            elif len(ub) < len(ua):
                v = bwd
            else:
                v = (fwd + bwd) / 2
            usim[a, b] = usim[b, a] = v
    out = []
    for grp in _sparse_average_link(usim, present, uveto, threshold):
        out.append(sorted(comp[x] for g in grp for x in units[g]))
    return out


def cluster(
    feats: list[MentionFeatures], *, score_fn: ScoreFn = score, threshold: float = THRESHOLD
) -> list[tuple[str, ...]]:
    """Clusters of mention ids; the same set of mentions in any order gives the same clusters."""
    feats = sorted(feats, key=lambda f: f.id)
    pair: dict[tuple[int, int], float | None] = {}
    for i, j in candidate_pairs(feats):
        if (i, j) not in pair:
            pair[(i, j)] = score_fn(feats[i], feats[j])
    edges = [p for p, s in pair.items() if s is not None and s >= threshold]
    soft = frozenset(
        p for p, s in pair.items()
        if s is None and not compatible_types(feats[p[0]].event_type, feats[p[1]].event_type)
    )  # fmt: skip
    out: list[tuple[str, ...]] = []
    for comp in _components(len(feats), edges):
        if len(comp) == 1:
            out.append((feats[comp[0]].id,))
            continue
        for c in _agglomerate(comp, pair, threshold, [f.document_id for f in feats], soft):
            out.append(tuple(sorted(feats[i].id for i in c)))
    return sorted(out)
