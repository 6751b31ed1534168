"""merge: level two computed on demand (linkage.py) gives the clusters of `_agglomerate`.

Random components as in test_merge_cluster_scale.py (a few documents, scores drawn from a few
values so that ties and scores equal to the threshold happen, vetoes, unscored soft pairs):
`_agglomerate_lazy`, which reads a pair only when a link it lies under is asked for and puts in
its heap only the links of clusters with an edge across, must give `_agglomerate`'s clusters,
and read fewer pairs on a component with many clusters.
"""

from __future__ import annotations

import random

import pytest
from test_merge_cluster_scale import _random_component

from claimgraph.merge.cluster import _agglomerate, _agglomerate_lazy
from claimgraph.merge.linkage import _NOT_CANDIDATE, LazyPairs, candidate


class _TablePairs(LazyPairs):
    """Pairs read from a table (a missing pair is no candidate), counting the reads."""

    def __init__(self, pair: dict[tuple[int, int], float | None], soft: frozenset) -> None:
        super().__init__([], lambda a, b: None)
        self.table, self.soft_pairs, self.reads = pair, soft, set()

    def read(self, x: int, y: int) -> object:
        self.reads.add((x, y))
        return self.table[(x, y)] if (x, y) in self.table else _NOT_CANDIDATE

    def soft(self, x: int, y: int) -> bool:
        return (x, y) in self.soft_pairs


@pytest.mark.parametrize("seed", range(400))
def test_merge_lazy_agglomerate_equals_agglomerate(seed: int) -> None:
    rng = random.Random(seed)
    comp, pair, doc_of, soft = _random_component(rng)
    inside = set(comp)
    pairs = [p for p in pair if p[0] in inside and p[1] in inside]
    threshold = rng.choice([0.3, 0.55, 0.6])
    edges = [p for p in pairs if (v := pair[p]) is not None and v >= threshold]
    want = sorted(_agglomerate(comp, pairs, pair, threshold, doc_of, soft))
    got = sorted(_agglomerate_lazy(comp, edges, _TablePairs(pair, soft), threshold, doc_of))
    assert got == want


def test_merge_lazy_agglomerate_reads_only_pairs_near_an_edge() -> None:
    # forty one-mention documents, every pair a candidate scoring 0.3 but for a chain of edges
    # 0-1, 2-3, ...: the clusters are the twenty pairs, and no pair between two of them is read
    n = 40
    pair: dict[tuple[int, int], float | None] = {
        (a, b): 0.9 if b == a + 1 and a % 2 == 0 else 0.3 for a in range(n) for b in range(a + 1, n)
    }
    edges = [(a, a + 1) for a in range(0, n, 2)]
    table = _TablePairs(pair, frozenset())
    got = _agglomerate_lazy(list(range(n)), edges, table, 0.55, [f"d{k}" for k in range(n)])
    assert got == [[a, a + 1] for a in range(0, n, 2)]
    assert table.reads == set(edges)


def test_merge_candidate_is_the_rule_of_candidate_pairs() -> None:
    from datetime import date

    from claimgraph.merge.cluster import candidate_pairs
    from claimgraph.merge.features import MentionFeatures

    rng = random.Random(7)
    feats = []
    for k in range(60):
        d0 = date(2020, 1, 1).toordinal() + rng.randrange(20)
        iv = None if rng.random() < 0.1 else (
            date.fromordinal(d0), date.fromordinal(d0 + rng.choice([0, 0, 3, 6, 30]))
        )  # fmt: skip
        feats.append(MentionFeatures(
            id=f"m{k:03d}", document_id=f"d{k % 7}", event_type=rng.choice(["ASSAULT", "AGREE", "PROTEST"]),
            modes=frozenset(), interval=iv, date_from_doc=False, granularity="day", place=None,
            country=None, actors=frozenset(), recipients=frozenset(), trigger="x",
            words=frozenset(), dead=None,
        ))  # fmt: skip
    want = set(candidate_pairs(feats))
    got = {(i, j) for i in range(60) for j in range(i + 1, 60) if candidate(feats[i], feats[j])}
    assert got == want
