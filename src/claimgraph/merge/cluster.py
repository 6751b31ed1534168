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
4. Cost: a pair inside a component is scored only when a link it lies under is asked for
   (linkage.py, issue 19): a dense month's component of thousands of mentions is clustered
   along its edges, not over the square of its mentions. `_agglomerate` (every candidate pair
   scored first) stays as the reference the tests compare with.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date

from .blocking import edges as blocking_edges
from .features import MentionFeatures
from .linkage import LazyPairs, Scores, lazy_link
from .score import MAX_GAP_DAYS, THRESHOLD, score, type_block

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

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
            key=lambda i: (feats[i].interval[0], feats[i].id),  # type: ignore[index]
        )
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


def _components(n: int, edges: Iterable[tuple[int, int]] | np.ndarray) -> list[list[int]]:
    """The connected components of `n` nodes joined by `edges` (index pairs, or an (e, 2)
    array), singletons included, each sorted, in order of their smallest node. O(n + e) in
    scipy, so the partitioned merge's millions of edges never become Python tuples."""
    if n == 0:
        return []
    pairs = edges if isinstance(edges, np.ndarray) else np.array(list(edges), dtype=np.int64)
    pairs = pairs.reshape(-1, 2)
    graph = coo_matrix((np.ones(len(pairs), dtype=np.int8), (pairs[:, 0], pairs[:, 1])), (n, n))
    # labels are numbered in order of each component's smallest node
    _, labels = connected_components(graph, directed=False)
    order = np.argsort(labels, kind="stable")
    bounds = np.flatnonzero(np.diff(labels[order])) + 1
    return [c.tolist() for c in np.split(order, bounds)]


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


#: between two clusters: [sum of compared similarities, pairs compared, pairs not vetoed]
_Link = list[float]
_NO_LINK: _Link = [0.0, 0.0, 0.0]


def _sparse_link(
    n: int,
    sims: dict[tuple[int, int], float],
    compatible: dict[tuple[int, int], int],
    sizes: list[int],
    threshold: float,
) -> list[list[int]]:
    """Average link over the pairs that were compared; uncompared pairs neither help nor hurt,
    vetoed ones keep clusters apart (the clusters of the former dense routine, kept in
    tests/test_merge_cluster_scale.py as the reference).

    `sims[(a, b)]` (a < b): the similarity of two compared items; `compatible[(a, b)]`: how many
    of the underlying pairs of a and b are not vetoed, out of `sizes[a] * sizes[b]` (a and b may
    share a cluster only when all are: a pair missing from `compatible` is vetoed). Merges the
    pair with the highest average over compared pairs, ties to the lowest (i, j), while it is
    at least `threshold`; i absorbs j, as the dense routine does, so sums add in the same order.

    Cost: O((p + m * d) log p) for p compatible pairs, m merges and d the largest number of
    compatible neighbours of a cluster; no n x n matrix. A pair found vetoed is dropped at once
    (a veto is never lifted), so only compatible neighbours are ever carried."""
    links: list[dict[int, _Link]] = [{} for _ in range(n)]
    for (a, b), ok in compatible.items():
        if ok < sizes[a] * sizes[b]:
            continue
        s = sims.get((a, b))
        link = [0.0 if s is None else s, 0.0 if s is None else 1.0, float(ok)]
        links[a][b] = link
        links[b][a] = link
    size = list(sizes)
    members: list[list[int] | None] = [[i] for i in range(n)]
    version = [0] * n
    heap: list[tuple[float, int, int, int, int]] = []

    def push(i: int, j: int, link: _Link) -> None:
        if link[1] > 0:
            i, j = min(i, j), max(i, j)
            heapq.heappush(heap, (-(link[0] / link[1]), i, j, version[i], version[j]))

    for i in range(n):
        for j, link in links[i].items():
            if i < j:
                push(i, j, link)
    while heap:
        neg, i, j, vi, vj = heap[0]
        if members[i] is None or members[j] is None or version[i] != vi or version[j] != vj:
            heapq.heappop(heap)  # stale: one side was merged since
            continue
        if -neg < threshold:
            break
        heapq.heappop(heap)
        _absorb(links, size, i, j)
        version[i] += 1
        members[i] = sorted((members[i] or []) + (members[j] or []))
        members[j] = None
        for m, link in links[i].items():
            push(i, m, link)
    return sorted((m for m in members if m is not None), key=lambda c: c[0])


def _absorb(links: list[dict[int, _Link]], size: list[int], i: int, j: int) -> None:
    """Cluster i takes in cluster j: its links become the sums of both, and a link that is no
    longer compatible with every pair across (a veto on either side) is dropped.
    O(d) for d compatible neighbours of i and j."""
    li, lj = links[i], links[j]
    li.pop(j, None)
    lj.pop(i, None)
    size[i] += size[j]
    for m in sorted(set(li) | set(lj)):
        x, y = li.get(m, _NO_LINK), lj.get(m, _NO_LINK)
        merged = [x[0] + y[0], x[1] + y[1], x[2] + y[2]]  # the dense routine's row sums
        links[m].pop(j, None)
        if merged[2] < size[i] * size[m]:
            li.pop(m, None)
            links[m].pop(i, None)
            continue
        li[m] = merged
        links[m][i] = merged
    links[j] = {}


def _units(
    comp: list[int],
    pair: dict[tuple[int, int], float | None],
    threshold: float,
    doc_of: list[str],
    soft: frozenset[tuple[int, int]],
) -> list[list[int]]:
    """Level one of `_agglomerate`: each document's own mentions of one happening, by best-match
    link over its same-document pairs; positions into `comp`, ordered by their first.

    Documents never link here (their pairs count as unscored, 0, under a positive threshold),
    so each document is clustered alone: O(sum of d^3) for d mentions of one document in the
    component, instead of O(k^3) for the whole component."""
    by_doc: dict[str, list[int]] = defaultdict(list)
    for a, x in enumerate(comp):
        by_doc[doc_of[x]].append(a)
    units: list[list[int]] = []
    for mine in by_doc.values():
        d = len(mine)
        if d == 1:
            units.append(mine)
            continue
        sim = np.full((d, d), -np.inf)
        vetoed = np.zeros((d, d), dtype=bool)
        for p in range(d):
            for q in range(p + 1, d):
                key = (comp[mine[p]], comp[mine[q]])
                v = pair.get(key)
                if v is None and key not in soft:
                    vetoed[p, q] = vetoed[q, p] = True
                else:
                    sim[p, q] = sim[q, p] = np.nan if v is None else v
        units.extend([mine[x] for x in c] for c in best_match_link(sim, threshold, veto=vetoed))
    return sorted(units, key=lambda u: u[0])


def _agglomerate(
    comp: list[int],
    pairs: list[tuple[int, int]],
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
    place) are not linked by that pair, but nor are they kept apart by it.

    `comp`: the component's mentions (sorted positions); `pairs`: its keys of `pair` (the
    candidate pairs inside it). Cost: level one as `_units`; level two O(p) to find the unit
    pairs that every underlying pair allows (a pair that was never a candidate is a veto, so
    only candidate pairs can allow one) and `_sparse_link` on them, p = len(pairs). Linear in
    the component for a bounded number of candidates per mention; no k x k matrix."""
    units = _units(comp, pair, threshold, doc_of, soft)
    if len(units) == 1:
        return [[comp[x] for x in units[0]]]
    unit_of: dict[int, int] = {comp[a]: g for g, members in enumerate(units) for a in members}
    compatible: dict[tuple[int, int], int] = defaultdict(int)
    compared: set[tuple[int, int]] = set()
    for x, y in pairs:
        g, h = unit_of[x], unit_of[y]
        v = pair[(x, y)]
        if g == h or (v is None and (x, y) not in soft):
            continue
        key = (g, h) if g < h else (h, g)
        compatible[key] += 1
        if v is not None:
            compared.add(key)
    sizes = [len(u) for u in units]
    sims: dict[tuple[int, int], float] = {}
    for g, h in sorted(compared):
        if compatible[(g, h)] == sizes[g] * sizes[h]:
            sims[(g, h)] = _unit_similarity(
                [comp[a] for a in units[g]], [comp[a] for a in units[h]], pair
            )
    out = []
    for grp in _sparse_link(len(units), sims, compatible, sizes, threshold):
        out.append(sorted(comp[x] for g in grp for x in units[g]))
    return out


def _unit_similarity(ua: list[int], ub: list[int], pair: Scores) -> float:
    """How well the smaller unit's mentions find a partner in the other (the mean of their best
    scores; both ways averaged when the sizes are equal); an unscored (soft) pair counts 0.
    O(|ua| * |ub|)."""
    block = np.zeros((len(ua), len(ub)))
    for p, x in enumerate(ua):
        for q, y in enumerate(ub):
            v = pair[(x, y) if x < y else (y, x)]
            block[p, q] = 0.0 if v is None else v
    fwd = float(block.max(axis=1).mean())  # ua's mentions in ub
    bwd = float(block.T.max(axis=1).mean())
    if len(ua) < len(ub):
        return fwd
    if len(ub) < len(ua):
        return bwd
    return (fwd + bwd) / 2


def cluster(
    feats: list[MentionFeatures],
    *,
    score_fn: ScoreFn = score,
    threshold: float = THRESHOLD,
    edges: Iterable[tuple[str, str]] | None = None,
) -> list[tuple[str, ...]]:
    """Clusters of mention ids; the same set of mentions in any order gives the same clusters.

    `edges`: the candidate pairs (ids) that score at least `threshold`, when the caller has
    them already (the partitioned merge's first pass); else they are found here, with the
    default `score` by `blocking.edges` (each pair of one area bounded, scored only when its
    bound reaches `threshold`), with another `score_fn` by scoring every candidate pair.
    Clustering a component reads only the pairs inside it, so only those are scored then.

    Cost: finding the edges as above; then per component `_agglomerate_lazy`: the pairs within
    each document (cubic only in the mentions one document has in it) and the pairs under the
    links of clusters with an edge across. `threshold` must be positive (documents never link
    at level one)."""
    if threshold <= 0:
        raise ValueError(f"threshold must be positive, not {threshold}")
    feats = sorted(feats, key=lambda f: f.id)
    if edges is None:
        edges = _edges(feats, score_fn, threshold)
    pos = {f.id: k for k, f in enumerate(feats)}
    doc_of = [f.document_id for f in feats]
    links = [(pos[a], pos[b]) for a, b in edges]
    comps = _components(len(feats), links)
    comp_of = {x: c for c, comp in enumerate(comps) for x in comp}
    inside: list[list[tuple[int, int]]] = [[] for _ in comps]
    for x, y in links:
        inside[comp_of[x]].append((min(x, y), max(x, y)))
    out: list[tuple[str, ...]] = []
    for comp, comp_edges in zip(comps, inside, strict=True):
        if len(comp) == 1:
            out.append((feats[comp[0]].id,))
            continue
        pairs = LazyPairs(feats, score_fn)
        for c in _agglomerate_lazy(comp, comp_edges, pairs, threshold, doc_of):
            out.append(tuple(sorted(feats[i].id for i in c)))
    return sorted(out)


def _agglomerate_lazy(
    comp: list[int],
    edges: list[tuple[int, int]],
    pairs: LazyPairs,
    threshold: float,
    doc_of: list[str],
) -> list[list[int]]:
    """`_agglomerate` with the pairs scored when read (linkage.py): level one on the pairs
    within each document, level two (`linkage.lazy_link`) from the unit pairs with an edge
    across. The same clusters (positions in `feats`); see linkage.py for why."""
    same_doc, soft = pairs.same_document(comp, doc_of)
    units = [[comp[a] for a in u] for u in _units(comp, same_doc, threshold, doc_of, soft)]
    if len(units) == 1:
        return [units[0]]
    unit_of = {x: g for g, u in enumerate(units) for x in u}
    hot = {(min(g, h), max(g, h)) for x, y in edges if (g := unit_of[x]) != (h := unit_of[y])}
    out = []
    for grp in lazy_link(units, sorted(hot), pairs, _unit_similarity, threshold):
        out.append(sorted(x for g in grp for x in units[g]))
    return out


def _edges(
    feats: list[MentionFeatures], score_fn: ScoreFn, threshold: float
) -> list[tuple[str, str]]:
    if score_fn is score and threshold == THRESHOLD:
        return blocking_edges(feats)
    out = []
    for i, j in candidate_pairs(feats):
        s = score_fn(feats[i], feats[j])
        if s is not None and s >= threshold:
            out.append((feats[i].id, feats[j].id))
    return out
