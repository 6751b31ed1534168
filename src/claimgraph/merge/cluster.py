"""Order-independent clustering of mentions into events.

In: `MentionFeatures` (any order). Out: clusters (tuples of mention ids), deterministic.

1. Blocking: mentions are compared only within the same type block and when their date
   intervals lie within `MAX_GAP_DAYS` (mentions without any date are compared with the whole
   block).
2. Components: mentions linked by a pair scoring at least `THRESHOLD` form a component; nothing
   outside a component can change how it clusters (this is what makes re-merging only an
   affected neighbourhood equal to a full re-merge).
3. Inside a component: average-link agglomeration, with a veto when any pair across the two
   clusters cannot corefer. Ties are broken by mention ids, never by input order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date

from .features import MentionFeatures
from .score import MAX_GAP_DAYS, THRESHOLD, score, type_block

__all__ = ["cluster", "candidate_pairs"]

ScoreFn = Callable[[MentionFeatures, MentionFeatures], float | None]


def candidate_pairs(feats: list[MentionFeatures]) -> Iterable[tuple[int, int]]:
    """Index pairs (i < j, by position in `feats`, which is sorted by id) worth scoring."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(feats):
        blocks[type_block(f.event_type)].append(i)
    for idx in blocks.values():
        dated = sorted((i for i in idx if feats[i].interval is not None),
                       key=lambda i: (feats[i].interval[0], feats[i].id))  # type: ignore[index]
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


def _agglomerate(
    comp: list[int], pair: dict[tuple[int, int], float | None], threshold: float
) -> list[list[int]]:
    clusters: list[list[int]] = [[i] for i in comp]

    def link(a: list[int], b: list[int]) -> float | None:
        total = 0.0
        for i in a:
            for j in b:
                s = pair.get((min(i, j), max(i, j)))
                if s is None:
                    return None
                total += s
        return total / (len(a) * len(b))

    while len(clusters) > 1:
        best: tuple[float, int, int] | None = None
        for x in range(len(clusters)):
            for y in range(x + 1, len(clusters)):
                s = link(clusters[x], clusters[y])
                if s is None or s < threshold:
                    continue
                # clusters are kept sorted by their smallest index, so (x, y) is a stable tiebreak
                if best is None or s > best[0]:
                    best = (s, x, y)
        if best is None:
            break
        _, x, y = best
        merged = sorted(clusters[x] + clusters[y])
        clusters = [c for k, c in enumerate(clusters) if k not in (x, y)] + [merged]
        clusters.sort(key=lambda c: c[0])
    return clusters


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
    out: list[tuple[str, ...]] = []
    for comp in _components(len(feats), edges):
        if len(comp) == 1:
            out.append((feats[comp[0]].id,))
            continue
        for c in _agglomerate(comp, pair, threshold):
            out.append(tuple(sorted(feats[i].id for i in c)))
    return sorted(out)
