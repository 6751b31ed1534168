"""The bound on a component's size (merge/cut.py)."""

from __future__ import annotations

import random

import numpy as np

from claimgraph.merge.cut import cut


def _chain(days: list[int], extra: list[tuple[int, int]] = ()) -> np.ndarray:
    links = [(k, k + 1) for k in range(len(days) - 1)] + list(extra)
    return np.array(links, dtype=np.int64).reshape(-1, 2)


def _none() -> np.ndarray:
    return np.zeros((0, 2), dtype=np.int64)


def test_merge_cut_leaves_a_component_within_the_bound_whole() -> None:
    day = np.array([1, 1, 2, 3])
    assert cut([0, 1, 2, 3], _chain([1, 1, 2, 3]), _none(), day, limit=4) == [[0, 1, 2, 3]]


def test_merge_cut_cuts_where_fewest_links_cross_between_two_days() -> None:
    # days 0-1 dense, 2-3 dense, one link between day 1 and day 2: the cut drops only it
    day = np.array([0, 0, 1, 1, 2, 2, 3, 3])
    links = np.array(
        [(0, 1), (0, 2), (1, 3), (2, 3), (0, 3), (3, 4), (4, 5), (4, 6), (5, 7), (6, 7), (4, 7)]
    )
    assert cut(list(range(8)), links, _none(), day, limit=5) == [[0, 1, 2, 3], [4, 5, 6, 7]]


def test_merge_cut_never_separates_tied_mentions() -> None:
    # mentions 3 and 4 are one undated document's: they move together, at the earliest day
    day = np.array([0, 0, 1, -1, 2, 3])
    links = _chain([0] * 6)
    ties = np.array([(3, 4)])
    pieces = cut(list(range(6)), links, ties, day, limit=3)
    assert any({3, 4} <= set(p) for p in pieces)
    assert sorted(x for p in pieces for x in p) == list(range(6))


def test_merge_cut_pieces_cover_the_component_within_the_bound_deterministically() -> None:
    rng = random.Random(7)
    n = 400
    day = np.array([rng.randrange(30) if rng.random() > 0.1 else -1 for _ in range(n)])
    links = _chain(list(range(n)), [(rng.randrange(n), rng.randrange(n)) for _ in range(600)])
    links = links[links[:, 0] != links[:, 1]]
    pieces = cut(list(range(n)), links, _none(), day, limit=50)
    assert sorted(x for p in pieces for x in p) == list(range(n))
    assert all(len(p) <= 50 for p in pieces)
    assert all(p == sorted(p) for p in pieces) and pieces == sorted(pieces, key=lambda p: p[0])
    # the same links in another order, the same pieces
    shuffled = links[np.random.default_rng(1).permutation(len(links))][:, ::-1]
    assert cut(list(range(n)), shuffled, _none(), day, limit=50) == pieces


def test_merge_cut_positions_need_not_start_at_zero() -> None:
    comp = [10, 11, 12, 13]
    day = np.full(20, -1)
    day[comp] = [0, 0, 5, 5]
    links = np.array([(10, 11), (11, 12), (12, 13)])
    assert cut(comp, links, _none(), day, limit=2) == [[10, 11], [12, 13]]


def test_merge_cut_bounds_a_pieces_links_as_well_as_its_mentions() -> None:
    # 12 mentions over 4 days, each day a clique of 3 (3 links), a link between days: within the
    # mention bound, over the link bound, so cut at day boundaries until each piece has few links
    day = np.repeat(np.arange(4), 3)
    cliques = [(3 * d + a, 3 * d + b) for d in range(4) for a, b in ((0, 1), (0, 2), (1, 2))]
    links = np.array(cliques + [(2, 3), (5, 6), (8, 9)])
    assert cut(list(range(12)), links, _none(), day, limit=100) == [list(range(12))]
    pieces = cut(list(range(12)), links, _none(), day, limit=100, link_limit=7)
    assert pieces == [[0, 1, 2, 3, 4, 5], [6, 7, 8, 9, 10, 11]]
    pieces = cut(list(range(12)), links, _none(), day, limit=100, link_limit=3)
    assert pieces == [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 10, 11]]
