"""Level two of `cluster._agglomerate`, computed on demand: the same clusters, fewer pairs scored.

In: one component's mentions (positions into the id-sorted features), its edges (pairs scoring
at least the threshold), a score function. Out: the clusters `_agglomerate` gives on the same
component with every candidate pair scored (tests/test_merge_linkage.py compares the two).

Why fewer pairs suffice. `_sparse_link` merges, while it can, the two clusters whose link has
the highest average (ties to the lowest indices), and a link is the sum, in the order the merges
happened, of the links of the units across; a link is dropped once a pair across is vetoed.
1. A link whose two clusters have no edge across averages unit similarities that are each under
   the threshold (a unit's similarity is a mean of best scores), so it is under it and is never
   merged along: only the links of clusters with an edge across ("hot") go into the heap.
2. The value of a hot link is the same sum: `_Links.value` splits the later-formed cluster of the
   two into the two it was formed of, down to units, adding in the same tree (`_absorb`'s row
   sums), so the floats are equal bit for bit; each value is kept once computed.
3. A pair is scored when a unit link it lies under is asked for: the pairs between clusters that
   never have an edge across, and never join one that has, are not scored at all.
The growth of a dense month (a component of thousands of mentions) is then in its edges and the
clusters along them, not in the square of the component.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Protocol

from .features import MentionFeatures
from .score import MAX_GAP_DAYS, compatible_types, type_block

__all__ = ["LazyPairs", "Scores", "lazy_link", "candidate"]

ScoreFn = Callable[[MentionFeatures, MentionFeatures], float | None]


class Scores(Protocol):
    """Scores of pairs by (lower, higher) position: a dict, or `LazyPairs`."""

    def __getitem__(self, key: tuple[int, int], /) -> float | None: ...


#: a cluster as it was after some merge: (its index, its version)
_Node = tuple[int, int]
#: [sum of compared similarities, pairs compared, pairs not vetoed] (`cluster._Link`)
_Link = list[float]
_NOT_CANDIDATE = object()


def candidate(a: MentionFeatures, b: MentionFeatures) -> bool:
    """Whether `cluster.candidate_pairs` yields the pair: the same type block, and one undated or
    the later-starting one (by start, then id) starting at most `MAX_GAP_DAYS` after the
    other's end."""
    if type_block(a.event_type) != type_block(b.event_type):
        return False
    if a.interval is None or b.interval is None:
        return True
    x, y = (a, b) if (a.interval[0], a.id) <= (b.interval[0], b.id) else (b, a)
    return (y.interval[0] - x.interval[1]).days <= MAX_GAP_DAYS  # type: ignore[index]


class LazyPairs:
    """The candidate pairs of one component (positions into `feats`, lower first), each scored
    when first read (`candidate`: the rule of `cluster.candidate_pairs`; `score_fn` called with
    the lower position first, as `_agglomerate`'s callers did)."""

    def __init__(self, feats: list[MentionFeatures], score_fn: ScoreFn) -> None:
        self.feats = feats
        self.score_fn = score_fn
        self._memo: dict[tuple[int, int], object] = {}

    def read(self, x: int, y: int) -> object:
        """The score of (x, y) (x < y), None when vetoed, `_NOT_CANDIDATE` when not a pair."""
        key = (x, y)
        v = self._memo.get(key, self)
        if v is self:
            a, b = self.feats[x], self.feats[y]
            v = self.score_fn(a, b) if candidate(a, b) else _NOT_CANDIDATE
            self._memo[key] = v
        return v

    def soft(self, x: int, y: int) -> bool:
        """An unscored pair of types that never corefer (`cluster._agglomerate`)."""
        fx, fy = self.feats[x], self.feats[y]
        return self.read(x, y) is None and not compatible_types(fx.event_type, fy.event_type)

    def allowed(self, x: int, y: int) -> bool:
        """A candidate pair that is scored or soft: it keeps no two clusters apart."""
        v = self.read(x, y)
        return v is not _NOT_CANDIDATE and (v is not None or self.soft(x, y))

    def __getitem__(self, key: tuple[int, int]) -> float | None:
        v = self.read(*key)
        return None if v is _NOT_CANDIDATE else v  # type: ignore[return-value]

    def same_document(
        self, comp: list[int], doc_of: list[str]
    ) -> tuple[dict[tuple[int, int], float | None], frozenset[tuple[int, int]]]:
        """The component's candidate pairs within one document and the soft ones among them
        (what `cluster._units` reads)."""
        by_doc: dict[str, list[int]] = defaultdict(list)
        for x in comp:
            by_doc[doc_of[x]].append(x)
        pair: dict[tuple[int, int], float | None] = {}
        soft = set()
        for xs in by_doc.values():
            for p, x in enumerate(xs):
                for y in xs[p + 1 :]:
                    if self.read(x, y) is not _NOT_CANDIDATE:
                        pair[(x, y)] = self[(x, y)]
                        if self.soft(x, y):
                            soft.add((x, y))
        return pair, frozenset(soft)


class _Links:
    """Link values of clusters, as `cluster._sparse_link` holds them, computed when asked."""

    def __init__(
        self,
        units: list[list[int]],
        pairs: LazyPairs,
        similarity: Callable[[list[int], list[int], LazyPairs], float],
    ) -> None:
        self.units = units
        self.pairs = pairs
        self.similarity = similarity
        #: node -> (merge step, the absorbing node, the absorbed node)
        self.formed: dict[_Node, tuple[int, _Node, _Node]] = {}
        self._memo: dict[tuple[_Node, _Node], _Link | None] = {}

    def _unit_link(self, g: int, h: int) -> _Link | None:
        """The link of two units: None when a pair across is not allowed (no link)."""
        ug, uh = self.units[g], self.units[h]
        compared = False
        for x in ug:
            for y in uh:
                x_, y_ = (x, y) if x < y else (y, x)
                if not self.pairs.allowed(x_, y_):
                    return None
                compared = compared or self.pairs[(x_, y_)] is not None
        if not compared:
            return [0.0, 0.0, float(len(ug) * len(uh))]
        return [self.similarity(ug, uh, self.pairs), 1.0, float(len(ug) * len(uh))]

    def _split(self, key: tuple[_Node, _Node]) -> tuple[tuple[_Node, _Node], ...] | None:
        """The two links `key`'s link was summed from, None for two units."""
        a, b = key
        sa = self.formed[a][0] if a in self.formed else -1
        sb = self.formed[b][0] if b in self.formed else -1
        if sa < 0 and sb < 0:
            return None
        later, other = (a, b) if sa > sb else (b, a)
        _, left, right = self.formed[later]
        return _key(left, other), _key(right, other)

    def value(self, a: _Node, b: _Node) -> _Link | None:
        """The link of clusters `a` and `b` (None: none), summed as `_absorb` sums it."""
        memo = self._memo
        stack = [_key(a, b)]
        while stack:
            key = stack[-1]
            if key in memo:
                stack.pop()
                continue
            parts = self._split(key)
            if parts is None:
                memo[key] = self._unit_link(key[0][0], key[1][0])
                stack.pop()
                continue
            todo = [p for p in parts if p not in memo]
            if todo:
                stack.extend(todo)
                continue
            x, y = memo[parts[0]], memo[parts[1]]
            memo[key] = None if x is None or y is None else [x[0] + y[0], x[1] + y[1], x[2] + y[2]]
            stack.pop()
        return memo[_key(a, b)]


def _key(a: _Node, b: _Node) -> tuple[_Node, _Node]:
    return (a, b) if a[0] < b[0] else (b, a)


def lazy_link(
    units: list[list[int]],
    hot: Iterable[tuple[int, int]],
    pairs: LazyPairs,
    similarity: Callable[[list[int], list[int], LazyPairs], float],
    threshold: float,
) -> list[list[int]]:
    """`cluster._sparse_link` over the units (lists of positions), the unit pairs with an edge
    across given (`hot`), the pairs read from `pairs`: the same groups of unit indices."""
    links = _Links(units, pairs, similarity)
    near: list[set[int]] = [set() for _ in units]
    for g, h in hot:
        near[g].add(h)
        near[h].add(g)
    members: list[list[int] | None] = [[g] for g in range(len(units))]
    version = [0] * len(units)
    heap: list[tuple[float, int, int, int, int]] = []

    def push(i: int, j: int) -> None:
        i, j = min(i, j), max(i, j)
        link = links.value((i, version[i]), (j, version[j]))
        if link is not None and link[1] > 0:
            heapq.heappush(heap, (-(link[0] / link[1]), i, j, version[i], version[j]))

    for g in range(len(units)):
        for h in sorted(near[g]):
            if g < h:
                push(g, h)
    step = 0
    while heap:
        neg, i, j, vi, vj = heap[0]
        if members[i] is None or members[j] is None or version[i] != vi or version[j] != vj:
            heapq.heappop(heap)  # stale: one side was merged since
            continue
        if -neg < threshold:
            break
        heapq.heappop(heap)
        links.formed[(i, vi + 1)] = (step, (i, vi), (j, vj))
        step += 1
        version[i] += 1
        members[i] = sorted((members[i] or []) + (members[j] or []))
        members[j] = None
        near[i] = (near[i] | near[j]) - {i, j}
        for m in near[j] - {i}:
            near[m].discard(j)
            near[m].add(i)
        near[j] = set()
        for m in sorted(near[i]):
            push(i, m)
    return sorted((m for m in members if m is not None), key=lambda c: c[0])
