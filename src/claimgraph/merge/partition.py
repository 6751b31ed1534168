"""Partitioned merge: the events of `merge_events`, computed in independent parts.

In: mentions and a `MergeDoc` per document (as `merge_events`), and a `map` to run the parts
with (the builtin, a process pool, Dask). Out: the same events as `merge_events` on the whole
input, ids included, sorted the same way.

1. edges    the candidate pairs of `cluster.candidate_pairs` (type block; dates within
            `MAX_GAP_DAYS`; an undated mention with its whole block) in one area (blocking.py:
            mentions in different countries never score) that share an evidence key
            (candidates.py: the others score under `THRESHOLD`) are found in slabs of the
            date-sorted mentions, each slab a task; a pair is scored only when its cheap upper
            bound reaches `THRESHOLD`, and only pairs scoring at least `THRESHOLD` stay
2. anchors  a document with no date at all is dated by the events its undated mentions join
            (`merge_events`' second pass): those components are clustered here, and the
            anchored documents' mentions scored again, with the anchored date
3. parts    connected components of the edges of both passes, all mentions of an anchor-dated
            document in one, packed into parts of about `part_size` mentions
4. merge    `merge_events` on each part (a task each); the events concatenated and sorted

Why it is exact: clustering never crosses a component of pairs scoring at least `THRESHOLD`
(cluster.py, step 2). Every part is a union of components of both passes and holds every
mention of a document that needs an anchor date, so `merge_events` finds inside a part the
same components, the same anchor dates and so the same clusters as on the whole input.
Cost: each candidate pair of one area is bounded once and scored only if it may reach
`THRESHOLD` (`merge_events` scores every pair twice, once per pass), in parallel; then each part
again, and parts are small because real coreference is local. The edges are those of
`merge_events` because the bound is never under the score (tests/test_merge_blocking.py).
"""

from __future__ import annotations

import logging
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

import numpy as np

from claimgraph.model import Event, EventMention

from . import _anchors, _undated_docs, _usable, merge_events
from .blocking import UpperBound, candidate_index, edges_touching, owned_edges, pieces
from .cluster import _components, cluster
from .cut import MAX_LINKS, MAX_PART, cut, oversized
from .docs import MergeDoc
from .features import Interner, MentionFeatures, features
from .score import MAX_GAP_DAYS, type_block

log = logging.getLogger(__name__)

__all__ = ["partitioned_merge", "MapFn", "PART_SIZE", "SLAB", "BATCH", "StoredMentions"]

#: runs `fn` on every item; results in any order (a process pool or Dask may finish out of order).
#: The items may be lazy (the parts' mentions are fetched as they are taken): a map takes each
#: item when it has room for another task, not all of them first
MapFn = Callable[[Callable[[Any], Any], Iterable[Any]], Iterable[Any]]
#: (tasks done, tasks in the phase, phase name: "pairs" or "parts")
MergeProgress = Callable[[int, int, str], None]

#: mentions per part: parts are packed from whole components up to this size
PART_SIZE = 300
#: owning mentions per pair-scoring task
SLAB = 1500
#: owners whose window is their block's whole span (undated) or reaches more than `WIDE_DAYS`
#: past their start (a year, a season) may be slabbed apart from the others, `WIDE_SLABS`
#: slabs' worth a task: each such task holds about its whole block, so these owners spread over
#: many slabs (and each day-dated owner slabbed with one of them) made the first pass index and
#: ship the block once per slab, growing with the square of the mentions (issue 19, stop 31)
WIDE_DAYS = 31
WIDE_SLABS = 20
#: which slab plan the first pass takes: "cheaper" of the two (`_dated_tasks`), or always
#: "plain" or "apart" (tests, benchmarks)
PLAN = "cheaper"
#: mentions fetched together for the parts merged next (`StoredMentions`): whole parts
BATCH = 5_000


def _serial_map(fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterable[Any]:
    return map(fn, items)


@dataclass(frozen=True)
class StoredMentions:
    """Mentions kept elsewhere (a store), read as the partitioned merge needs them: streamed
    once for their features, then fetched by id, a batch of parts at a time, so that the
    caller never holds every mention at once (issue 19: ~9 KB of objects a mention against
    ~1 KB of features). `stream()` yields every mention once (one per id, any order);
    `fetch(ids)` returns the mentions with those ids (any order)."""

    stream: Callable[[], Iterable[EventMention]]
    fetch: Callable[[list[str]], list[EventMention]]


def partitioned_merge(
    mentions: list[EventMention] | StoredMentions,
    docs: Mapping[str, MergeDoc],
    *,
    map_fn: MapFn | None = None,
    progress: MergeProgress | None = None,
    part_size: int = PART_SIZE,
    slab: int = SLAB,
    include_opinion: bool = False,
    batch: int = BATCH,
) -> list[Event]:
    """`merge_events(mentions, docs)`, in parts run with `map_fn` (default: in this process).
    `mentions` as `StoredMentions`: the same events, with only the features held throughout
    and the mentions of at most about `batch` parts' worth of mentions at a time."""
    run = map_fn or _serial_map
    source, feats = _read(mentions, docs, include_opinion)

    # 1. edges of the first pass, as positions in `feats` (sorted by id, so a pair's lower id is
    # its lower position): 8 bytes an edge, where a tuple of two id strings took 90-220, and a
    # year of news has tens of millions of edges (issue 19, stop 33)
    tasks = _pair_tasks(feats, slab)
    ids = [f.id for f in feats]
    pos = {i: k for k, i in enumerate(ids)}
    found_pos: list[np.ndarray] = []
    for done, found in enumerate(run(_score_task, tasks), start=1):
        found_pos.append(_positions(found, pos))
        if progress:
            progress(done, len(tasks), "pairs")
    del tasks
    edges = _unique_rows(found_pos, len(ids))
    del found_pos

    # 2. documents dated by their events, and the pairs of their mentions with that date
    ties, anchored = _anchor_links(feats, source.fetch, edges, docs)
    tie_pos, links = _positions(ties, pos), _positions(anchored, pos)

    # 3. parts: unions of components, an oversized one cut first (cut.py)
    joined = np.concatenate([edges, links, tie_pos])
    comps = _bounded(_components(len(ids), joined), joined, tie_pos, feats)
    parts = [[ids[k] for k in part] for part in _pack(comps, part_size)]
    _report(len(ids), len(edges), parts)
    del comps, links, tie_pos, joined

    # 4. merge each part, with the first pass's edges inside it (so it need not find them),
    # its mentions fetched a batch of parts at a time, as the map asks for the next part: the
    # driver reads a batch while the workers merge the parts in flight (fetching and merging in
    # turn left half of a pool of two idle at 100k documents, stop 35)
    by_part = _part_edges(parts, edges, ids, pos)
    known = {f.id: f for f in feats}
    del feats, edges, ids, pos
    payloads = (
        payload
        for chunk in _batches(parts, batch)
        for payload in _payloads(chunk, source.fetch, docs, by_part, include_opinion, known)
    )
    events: list[Event] = []
    for done, found in enumerate(run(_merge_task, payloads), start=1):
        events.extend(found)
        if progress:
            progress(done, len(parts), "parts")
    events.sort(key=lambda e: (e.date.value if e.date and e.date.value else "9999", e.id))
    return events


def _report(n: int, n_edges: int, parts: list[list[str]]) -> None:
    """Log the merge's shape (docs/ARCHITECTURE.md, "Bounded pair tasks and integer edges")."""
    largest = max((len(p) for p in parts), default=0)
    log.info("merge: %d mentions, %d edges, %d parts, largest %d", n, n_edges, len(parts), largest)


def _bounded(
    comps: list[list[int]], links: np.ndarray, ties: np.ndarray, feats: list[MentionFeatures]
) -> list[list[int]]:
    """The components, each over `cut.MAX_PART` mentions or `cut.MAX_LINKS` links cut at its
    weakest day boundaries (cut.py), with a warning: the events across a cut are not merged."""
    label = np.empty(len(feats), dtype=np.int64)
    for k, c in enumerate(comps):
        label[c] = k
    n_links = np.bincount(label[links[:, 0]], minlength=len(comps))
    over = {
        k for k, c in enumerate(comps) if oversized(len(c), int(n_links[k]), MAX_PART, MAX_LINKS)
    }
    if not over:
        return comps
    day = np.array([f.interval[0].toordinal() if f.interval else -1 for f in feats])
    out = [c for k, c in enumerate(comps) if k not in over]
    for k in sorted(over):
        comp = comps[k]
        mine = links[label[links[:, 0]] == k]
        pieces = cut(comp, mine, ties[label[ties[:, 0]] == k], day, MAX_PART, MAX_LINKS)
        piece_of = np.empty(len(feats), dtype=np.int64)
        for q, piece in enumerate(pieces):
            piece_of[piece] = q
        kept = int((piece_of[mine[:, 0]] == piece_of[mine[:, 1]]).sum())
        log.warning(
            "merge: a component of %d mentions and %d links is cut into %d pieces of at most "
            "%d mentions and %d links at its weakest day boundaries (%d links dropped): events "
            "across them stay apart",
            len(comp), len(mine), len(pieces), MAX_PART, MAX_LINKS, len(mine) - kept,
        )  # fmt: skip
        out.extend(pieces)
    return sorted(out, key=lambda c: c[0])


def _read(
    mentions: list[EventMention] | StoredMentions,
    docs: Mapping[str, MergeDoc],
    include_opinion: bool,
) -> tuple[StoredMentions, list[MentionFeatures]]:
    """The mentions as a source to fetch from, and the features of the usable ones (`_usable`:
    no opinion unless asked, one per id, sorted by id)."""
    # one copy of each repeated value (a document id, a word, a place) across the features the
    # driver holds for the whole merge
    shared = Interner()
    if isinstance(mentions, StoredMentions):
        feats = sorted(
            (
                shared.intern(features(m, docs.get(m.document_id)))
                for m in mentions.stream()
                if include_opinion or not m.opinion
            ),
            key=lambda f: f.id,
        )
        if any(a.id == b.id for a, b in zip(feats, feats[1:])):
            raise ValueError("StoredMentions.stream gave a mention id twice")
        return mentions, feats
    ms = _usable(mentions, include_opinion)
    by_id = {m.id: m for m in ms}
    source = StoredMentions(stream=lambda: ms, fetch=lambda wanted: [by_id[i] for i in wanted])
    return source, [shared.intern(features(m, docs.get(m.document_id))) for m in ms]


def _batches(parts: list[list[str]], batch: int, least: int = 2) -> Iterable[list[list[str]]]:
    """Consecutive parts holding about `batch` mentions together, and at least `least` parts
    each where there are that many (a last short chunk joins the one before): a map of one item
    runs in the driver (a pool is not worth it), so a part over `batch` alone (cut.py's pieces
    reach 20,000 mentions) left the workers idle while the driver clustered it (issue 19, stop
    34)."""
    done: list[list[str]] | None = None
    chunk: list[list[str]] = []
    size = 0
    for part in parts:
        if len(chunk) >= least and size + len(part) > batch:
            if done is not None:
                yield done
            done, chunk, size = chunk, [], 0
        chunk.append(part)
        size += len(part)
    if done is not None and len(chunk) < least:
        done, chunk = done + chunk, []
    for last in (done, chunk):
        if last:
            yield last


def _pack(comps: list[list[int]], part_size: int) -> list[list[int]]:
    """Whole components, in order of their first mention, packed into parts of at most
    `part_size` mentions (a larger component is a part of its own). O(n)."""
    parts: list[list[int]] = []
    for comp in sorted(comps, key=lambda c: c[0]):
        if parts and len(parts[-1]) + len(comp) <= part_size:
            parts[-1].extend(comp)
        else:
            parts.append(list(comp))
    return parts


#: a part's mentions, their documents, include_opinion, the first pass's edges inside the part
#: and the mentions' features (computed once, here)
_Payload = tuple[
    list[EventMention],
    dict[str, MergeDoc],
    bool,
    list[tuple[str, str]],
    dict[str, MentionFeatures],
]


def _positions(pairs: Iterable[tuple[str, str]], pos: Mapping[str, int]) -> np.ndarray:
    """Id pairs as an (e, 2) array of their positions."""
    return np.array([(pos[a], pos[b]) for a, b in pairs], dtype=np.int32).reshape(-1, 2)


def _unique_rows(chunks: list[np.ndarray], n: int) -> np.ndarray:
    """The pairs of all `chunks` (positions under `n`), each once, sorted."""
    pairs = np.concatenate([np.empty((0, 2), dtype=np.int32), *chunks])
    keys = np.unique(pairs[:, 0].astype(np.int64) * n + pairs[:, 1])
    return np.stack([keys // n, keys % n], axis=1).astype(np.int32)


#: the edges of each part: the positions of the edges sorted by (part, pair), and where each
#: part's run starts and ends, by the part's first mention id
_PartEdges = tuple[np.ndarray, dict[str, tuple[int, int]], list[str]]


def _part_edges(
    parts: list[list[str]], edges: np.ndarray, ids: list[str], pos: Mapping[str, int]
) -> _PartEdges:
    """The edges inside each part, grouped by part, each part's sorted. An edge lies inside one
    component, so inside one part, unless its component was cut (cut.py): then it is dropped.
    O(n + e log e)."""
    part_of = np.empty(len(ids), dtype=np.int32)
    for p, part in enumerate(parts):
        part_of[[pos[i] for i in part]] = p
    if len(edges):
        edges = edges[part_of[edges[:, 0]] == part_of[edges[:, 1]]]
    which = part_of[edges[:, 0]] if len(edges) else np.empty(0, dtype=np.int32)
    order = np.argsort(which, kind="stable")  # `edges` is sorted: each part's run stays so
    starts = np.searchsorted(which[order], np.arange(len(parts) + 1))
    runs = {part[0]: (int(starts[p]), int(starts[p + 1])) for p, part in enumerate(parts)}
    return edges[order], runs, ids


def _edges_of(part: list[str], part_edges: _PartEdges) -> list[tuple[str, str]]:
    grouped, runs, ids = part_edges
    lo, hi = runs[part[0]]
    return [(ids[a], ids[b]) for a, b in grouped[lo:hi].tolist()]


def _payloads(
    parts: list[list[str]],
    fetch: Callable[[list[str]], list[EventMention]],
    docs: Mapping[str, MergeDoc],
    part_edges: _PartEdges,
    include_opinion: bool,
    feats: dict[str, MentionFeatures],
) -> list[_Payload]:
    """What each part's task needs: its mentions (fetched together for these parts), the
    documents they come from and the edges between them."""
    by_id = {m.id: m for m in fetch(sorted(i for part in parts for i in part))}
    payloads = []
    for part in parts:
        pm = [by_id[i] for i in part]
        dids = {m.document_id for m in pm}
        pdocs = {d: doc for d in sorted(dids) if (doc := docs.get(d)) is not None}
        pe = _edges_of(part, part_edges)
        payloads.append((pm, pdocs, include_opinion, pe, {i: feats[i] for i in part}))
    return payloads


def _merge_task(payload: _Payload) -> list[Event]:
    mentions, docs, include_opinion, edges, feats = payload
    return merge_events(mentions, docs, include_opinion=include_opinion, edges=edges, known=feats)


# -- pairs ------------------------------------------------------------------------------------

#: (owners, partners: the mentions indexed, among which the owners' pairs are found)
_PairTask = tuple[list[MentionFeatures], list[MentionFeatures]]


def _pair_tasks(feats: list[MentionFeatures], slab: int) -> list[_PairTask]:
    """Slabs of owners with every mention they can be paired with, per type block.

    Dated owners pair with the later-starting mentions up to `MAX_GAP_DAYS` past their end
    (the sweep of `candidate_pairs`); undated owners with their whole block. The owners and
    their partners are cut in pieces of at most `blocking.INDEX_CAP`, a task for each pair of
    pieces, so that a task's memory is bounded whatever the block's size."""
    blocks: dict[str, list[MentionFeatures]] = defaultdict(list)
    for f in feats:
        blocks[type_block(f.event_type)].append(f)
    tasks: list[_PairTask] = []
    for key in sorted(blocks):
        block = blocks[key]
        dated = sorted(
            (f for f in block if f.interval is not None),
            key=lambda f: (f.interval[0], f.id),  # type: ignore[index]
        )
        slabs = _dated_tasks(dated, slab)
        undated = [f for f in block if f.interval is None]
        size = slab * WIDE_SLABS
        slabs += [(undated[k : k + size], block) for k in range(0, len(undated), size)]
        for owners, partners in slabs:
            tasks.extend((o, p) for o in pieces(owners) for p in pieces(partners))
    return tasks


def _days(f: MentionFeatures) -> int:
    return (f.interval[1] - f.interval[0]).days  # type: ignore[index]


def _dated_tasks(dated: list[MentionFeatures], slab: int) -> list[_PairTask]:
    """The tasks of one block's dated owners (sorted by (start, id)): slabs of `slab` in that
    order, or the owners of at most `WIDE_DAYS` so and the wider ones in slabs of `WIDE_SLABS`
    times that, whichever plan holds fewer mentions in all (each owner meets its whole window
    either way; a block of a few slabs is cheaper in one piece)."""
    starts = [f.interval[0] for f in dated]  # type: ignore[index]
    plain = [list(range(k, min(k + slab, len(dated)))) for k in range(0, len(dated), slab)]
    narrow = [k for k, f in enumerate(dated) if _days(f) <= WIDE_DAYS]
    wide = [k for k, f in enumerate(dated) if _days(f) > WIDE_DAYS]
    size = slab * WIDE_SLABS
    apart = [narrow[k : k + slab] for k in range(0, len(narrow), slab)]
    apart += [wide[k : k + size] for k in range(0, len(wide), size)]
    plans = {"plain": plain, "apart": apart}
    spans = [[(owned, _end(dated, starts, owned)) for owned in plans[p]] for p in plans]
    if PLAN in plans:
        spans = [spans[list(plans).index(PLAN)]]
    best = min(spans, key=lambda plan: sum(end - owned[0] for owned, end in plan))
    return [_dated_task(dated, owned, end) for owned, end in best]


def _end(dated: list[MentionFeatures], starts: list[date], owned: list[int]) -> int:
    """One past the last position a task of these owners reaches: every later start up to
    `MAX_GAP_DAYS` past the latest end among them (`AreaIndex.owned`'s window)."""
    reach = max(dated[k].interval[1] for k in owned)  # type: ignore[index]
    return max(owned[-1] + 1, bisect_right(starts, reach + timedelta(days=MAX_GAP_DAYS)))


def _dated_task(dated: list[MentionFeatures], owned: list[int], end: int) -> _PairTask:
    """The owners at positions `owned` of `dated`, and every mention from the first of them to
    `end` as their partners."""
    return [dated[k] for k in owned], dated[owned[0] : end]


def _score_task(task: _PairTask) -> list[tuple[str, str]]:
    """Pairs (lower id first) scoring at least THRESHOLD, each owned by one task only.

    The owners' pairs of `cluster.candidate_pairs` in the same area that share an evidence key
    (`blocking.candidate_index`: the others cannot reach THRESHOLD), each scored only when its
    `blocking.upper_bound` reaches THRESHOLD."""
    owners, partners = task
    index, bound = candidate_index(partners), UpperBound()
    return [p for a in owners for p in owned_edges(a, index.owned(a), bound)]


# -- anchors ----------------------------------------------------------------------------------


def _anchor_links(
    feats: list[MentionFeatures],
    fetch: Callable[[list[str]], list[EventMention]],
    edges: np.ndarray,
    docs: Mapping[str, MergeDoc],
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Links that keep `merge_events`' second pass inside a part: ties of every mention of a
    document with no date to the others of it (never cut: its anchor date comes from their
    clusters), and the links of the anchor-dated mentions to the mentions they score at least
    THRESHOLD with under that date."""
    undated = _undated_docs(feats, docs)
    if not undated:
        return [], []
    ties: list[tuple[str, str]] = []
    of_doc: dict[str, list[str]] = defaultdict(list)
    for f in feats:
        if f.document_id in undated:
            of_doc[f.document_id].append(f.id)
    for mids in of_doc.values():
        ties.extend((mids[0], m) for m in mids[1:])
    fdocs = _anchored_docs(feats, edges, docs, undated)
    if not fdocs:
        return ties, []
    changed = {f.id for f in feats if f.document_id in fdocs}
    mentions = {m.id: m for m in fetch(sorted(changed))}
    feats2 = [
        features(mentions[f.id], fdocs[f.document_id]) if f.id in changed else f for f in feats
    ]
    # the pairs of `candidate_pairs` with a changed mention on either side that score
    return ties, sorted(edges_touching(feats2, changed))


def _anchored_docs(
    feats: list[MentionFeatures],
    edges: np.ndarray,
    docs: Mapping[str, MergeDoc],
    undated: set[str],
) -> dict[str, MergeDoc]:
    """The undated documents that the first pass dates (`merge._anchors`), each with that date
    as its publication date. Only the components holding an undated document's undated mentions
    are clustered for it, with the first pass's edges among them. O(n + e) and their clustering."""
    comps = _components(len(feats), edges)
    wanted = [
        c for c in comps
        if any(feats[k].interval is None and feats[k].document_id in undated for k in c)
    ]  # fmt: skip
    sub = [feats[k] for c in wanted for k in c]
    inside = np.zeros(len(feats), dtype=bool)
    inside[[k for c in wanted for k in c]] = True
    # an edge lies inside one component
    sub_edges = [(feats[a].id, feats[b].id) for a, b in edges[inside[edges[:, 0]]].tolist()]
    fdocs: dict[str, MergeDoc] = {}
    for did, day in _anchors(cluster(sub, edges=sub_edges), sub, docs).items():
        base = docs.get(did) or MergeDoc(id=did)
        fdocs[did] = replace(base, published=day.isoformat())
    return fdocs
