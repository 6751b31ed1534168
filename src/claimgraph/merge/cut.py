"""A bound on the size of what the partitioned merge clusters in one task (issue 19, stop 34).

In: one connected component of the merge's link graph (positions of mentions, sorted), its
links (an (e, 2) array of positions), the links that must never be cut (all mentions of an
undated document: their anchor date comes from their own clusters) and each mention's day.
Out: pieces of at most `MAX_PART` mentions and `MAX_LINKS` links where possible, each sorted,
in order of their smallest mention; the links between pieces are dropped.

Why: a part is a whole component, and clustering a component holds all its mentions in one
task (~20 KB a mention) for time that grows faster than its size. Real coreference is local,
but month- and year-dated mentions ("last year", "in March") and wire copy chain: on a year of
100k synthetic documents one component held 38% of the mentions (docs/BENCHMARKS.md, stop 33),
one task of several GB and hours. A task's memory grows with its links as well as its mentions
(each link is a pair scored and kept, and the clusters along dense links compare their members
pairwise): a dense 20,000-mention piece took a merge worker to 2.5 GB (stop 35), so the links
are bounded too. An oversized component is cut where its links are fewest
between consecutive days: the links a cut drops join mentions of different days, which the
scorer already rates below same-day pairs, and a chain through thousands of mentions is not one
event anyway.

How: undated mentions take the earliest day of a linked dated mention (else the component's
last day); mentions tied by unbreakable links move together (a group, at its earliest day).
Groups in order of (day, smallest mention); among the boundaries between two days that leave at
least a quarter of the mentions on each side (any boundary between two days when none does; a
boundary inside a day that leaves a quarter on each side when the piece is one day), the one
crossed by the fewest links, then the nearest the middle, then the earliest. Each side's
components are cut again while over the bound. Deterministic: a function of the component's
mentions, days and links only, so a full run, an incremental re-merge of a neighbourhood (whole
components) and every runner cut alike. Cost: O((n + e) log n) a level, O(log n) levels where
the cuts are balanced; the sides wait in a work list, not on the stack, so the links held are
the component's once over, whatever the depth. (A one-day piece was first cut at its fewest
crossing links anywhere: in a dense day that peels one mention at a time, each level holding a
copy of the day's links; the link bound met it at once, stop 36.)
"""

from __future__ import annotations

import numpy as np

from .cluster import _components

__all__ = ["MAX_LINKS", "MAX_PART", "cut", "oversized"]

#: most mentions clustered in one task: ~20 KB a mention there (400 MB), and a 14,710-mention
#: component took 44 CPU s (docs/BENCHMARKS.md, stop 33)
MAX_PART = 20_000
#: most links inside one task's piece: ~2 KB a link there (500 MB), so that a piece at both
#: bounds stays near 1.2 GB; an 816,498-link piece of 11,881 mentions peaked at 2.2 GB, a
#: 230,070-link piece of 19,679 mentions at 1.2 GB (docs/BENCHMARKS.md, stop 36)
MAX_LINKS = 250_000


def oversized(
    mentions: int, links: int, limit: int = MAX_PART, link_limit: int = MAX_LINKS
) -> bool:
    """Whether a component of `mentions` mentions and `links` links is cut."""
    return mentions > limit or links > link_limit


def cut(
    comp: list[int],
    links: np.ndarray,
    ties: np.ndarray,
    day: np.ndarray,
    limit: int = MAX_PART,
    link_limit: int = MAX_LINKS,
) -> list[list[int]]:
    """`comp` (sorted positions) in pieces of at most `limit` mentions and `link_limit` links
    where the ties allow. `links`, `ties`: (e, 2) arrays of positions inside `comp`; `day`: a day
    number for every position (any int; -1 for an undated mention)."""
    if not oversized(len(comp), len(links), limit, link_limit):
        return [comp]
    nodes = np.asarray(comp, dtype=np.int64)
    local = np.searchsorted(nodes, links.reshape(-1, 2)).astype(np.int64)
    tied = np.searchsorted(nodes, ties.reshape(-1, 2)).astype(np.int64)
    group = _labels(len(nodes), tied)
    # the groups' graph: one node a group, weight its mentions, day its earliest
    n_groups = int(group.max()) + 1
    weight = np.bincount(group, minlength=n_groups)
    gday = _group_days(group, n_groups, day[nodes], local)
    glinks = group[local]
    glinks = glinks[glinks[:, 0] != glinks[:, 1]]
    first = np.full(n_groups, len(nodes), dtype=np.int64)
    np.minimum.at(first, group, np.arange(len(nodes)))
    # each group's piece, then each piece's mentions in one pass (not one scan a piece: a
    # component of 258k mentions made 2,273 pieces)
    piece_of = np.empty(n_groups, dtype=np.int64)
    for k, piece in enumerate(
        _split(np.arange(n_groups), glinks, weight, gday, first, (limit, link_limit))
    ):
        piece_of[piece] = k
    labels = piece_of[group]
    order = np.argsort(labels, kind="stable")
    bounds = np.flatnonzero(np.diff(labels[order])) + 1
    pieces = [nodes[members].tolist() for members in np.split(order, bounds)]
    return sorted(pieces, key=lambda p: p[0])


def _labels(n: int, pairs: np.ndarray) -> np.ndarray:
    label = np.empty(n, dtype=np.int64)
    for k, c in enumerate(_components(n, pairs)):
        label[c] = k
    return label


def _group_days(group: np.ndarray, n_groups: int, day: np.ndarray, links: np.ndarray) -> np.ndarray:
    """Each group's earliest day; an undated group takes its earliest linked dated group's
    (two rounds), and the component's last day when still none."""
    big = np.iinfo(np.int64).max
    gday = np.full(n_groups, big, dtype=np.int64)
    dated = day >= 0
    np.minimum.at(gday, group[dated], day[dated])
    g = group[links]
    for _ in range(2):
        have = gday[g]
        for a, b in ((0, 1), (1, 0)):
            take = (have[:, a] == big) & (have[:, b] != big)
            np.minimum.at(gday, g[take, a], have[take, b])
    known = gday != big
    gday[~known] = gday[known].max() if known.any() else 0
    return gday


def _split(
    groups: np.ndarray,
    links: np.ndarray,
    weight: np.ndarray,
    gday: np.ndarray,
    first: np.ndarray,
    bounds: tuple[int, int],
) -> list[np.ndarray]:
    """`groups` (a connected set) in pieces within `bounds` (mentions, links), as far as groups
    allow."""
    out: list[np.ndarray] = []
    todo = [(groups, links)]
    while todo:
        mine_groups, mine = todo.pop()
        total = int(weight[mine_groups].sum())
        if not oversized(total, len(mine), *bounds) or len(mine_groups) == 1:
            out.append(mine_groups)
            continue
        for side in _halves(mine_groups, mine, weight, gday, first, total):
            srt = np.sort(side)
            keep = np.isin(mine[:, 0], srt) & np.isin(mine[:, 1], srt)
            side_links = mine[keep]
            pos = np.searchsorted(srt, side_links)
            for c in _components(len(srt), pos):
                part = srt[c]
                inside = np.isin(side_links[:, 0], part) & np.isin(side_links[:, 1], part)
                todo.append((part, side_links[inside]))
    return out


def _halves(
    groups: np.ndarray,
    mine: np.ndarray,
    weight: np.ndarray,
    gday: np.ndarray,
    first: np.ndarray,
    total: int,
) -> tuple[np.ndarray, np.ndarray]:
    """The two sides of the best boundary of `groups` (the module's "How"); `mine`: their links."""
    order = groups[np.lexsort((first[groups], gday[groups]))]
    rank = np.empty(int(groups.max()) + 1, dtype=np.int64)
    rank[order] = np.arange(len(order))
    r = np.sort(rank[mine], axis=1)
    # boundary i lies between ranks i and i + 1: a link (a, b) crosses boundaries a .. b - 1
    crossing = np.zeros(len(order), dtype=np.int64)
    np.add.at(crossing, r[:, 0], 1)
    np.add.at(crossing, r[:, 1], -1)
    crossing = np.cumsum(crossing)[:-1]
    left = np.cumsum(weight[order])[:-1]
    days = gday[order]
    new_day = days[1:] != days[:-1]
    balanced = (left >= total / 4) & (left <= 3 * total / 4)
    for allowed in (new_day & balanced, new_day, balanced, np.ones_like(new_day)):
        if allowed.any():
            break
    cand = np.flatnonzero(allowed)
    best = cand[np.lexsort((cand, np.abs(left[cand] - total / 2), crossing[cand]))[0]]
    return order[: best + 1], order[best + 1 :]
