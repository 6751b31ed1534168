"""Candidate pairs from an inverted index of evidence keys (issue 19).

In: `MentionFeatures` of one type block. Out: for each mention, the partners of the pairs it
owns (as `blocking.AreaIndex.owned`: the same date window, area and ownership) that share at
least one evidence key. A pair that shares no key shares no evidence (evidence.py), so it scores
at most `score.UNCONFIRMED`, under `THRESHOLD`: it can never be an edge, and leaving it out
changes no edge and no event (tests/test_merge_candidates.py checks the keys against
`shared_evidence`, and the edges against `AreaIndex`'s).

Keys of a mention (`_Keys`), one family per part of `shared_evidence`:

1. ``d:``  its document
2. ``p:``  each role filler's key (actors and recipients alike)
3. ``n:`` / ``nw:``  each proper name finer than a country and each distinctive word of a
   resolved filler's name: the first three letters of a word of six letters or more (a spelling
   variant, `_near_spelling`, has both at least six letters and the same first three), a
   shorter word whole
4. ``g:``  a place finer than a country; ``c:`` the grid cell of its coordinates (0.1 degree of
   latitude by 0.1 of longitude), probed in every cell within `NEAR_KM` of it
5. ``w:``  its content words but the most frequent one (in the index's own order: how often a
   word occurs there, then the word): two sets sharing `MIN_SHARED_WORDS` = 2 words share one
   of these (prefix filtering, Chaudhuri et al. 2006), so the commonest word, often the
   trigger, need not be looked up

Cost: the pairs that share a key within the date window, not every pair of a day and a country.
Postings hold ranks in the (start, id) order, so a window is two bisections per key.
"""

from __future__ import annotations

import functools
import math
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from datetime import timedelta

from .evidence import _NEAR_KM, MIN_SHARED_WORDS, _fine_of, content_words, fine_names
from .features import MentionFeatures, Ref, place_key
from .score import MAX_GAP_DAYS

__all__ = ["EvidenceIndex"]

#: grid cell, in degrees
_CELL = 0.1
_EARTH_KM = 6371.0
#: rows of 0.1 degree (11.1 km) holding points within NEAR_KM of a point: its own, one either side
_ROW_SLACK = 1


def _name_key(w: str) -> str:
    return f"n:{w[:3]}" if len(w) >= 6 else f"nw:{w}"


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat / _CELL), math.floor(lon / _CELL) % round(360 / _CELL)


def _near_cells(lat: float, lon: float) -> Iterator[str]:
    """Every grid cell holding a point within `NEAR_KM` of (lat, lon). Two points d km apart
    differ in latitude by at most d/R radians, and in longitude by at most the angle whose
    haversine is hav(d/R) / (cos lat1 cos lat2) (the haversine formula less its latitude term)."""
    row, _ = _cell(lat, lon)
    dphi = math.degrees(_NEAR_KM / _EARTH_KM)
    low = min(89.999, abs(lat) + dphi)
    hav = math.sin(_NEAR_KM / _EARTH_KM / 2) ** 2 / (
        math.cos(math.radians(abs(lat))) * math.cos(math.radians(low))
    )
    ncols = round(360 / _CELL)
    if hav >= 1.0:
        cols = range(ncols)
    else:
        dlon = math.degrees(2 * math.asin(math.sqrt(hav))) + 1e-9
        first, last = math.floor((lon - dlon) / _CELL), math.floor((lon + dlon) / _CELL)
        cols = range(first, last + 1) if last - first < ncols else range(ncols)
    for r in range(row - _ROW_SLACK, row + _ROW_SLACK + 1):
        for c in cols:
            yield f"c:{r}:{c % ncols}"


class _Keys:
    """The keys a mention is found by (`emit`) and looks up (`probe`): the same but for the grid
    (its own cell, and the cells around it)."""

    __slots__ = ("emit", "probe")

    def __init__(self, f: MentionFeatures, rank: dict[str, tuple[int, str]]) -> None:
        fixed, probe = _fixed_keys(f)
        words = sorted(content_words(f.words), key=lambda w: rank.get(w, (0, w)))
        if len(words) < MIN_SHARED_WORDS:
            self.emit, self.probe = fixed, probe
            return
        mine = {f"w:{w}" for w in words[: len(words) - MIN_SHARED_WORDS + 1]}
        self.emit = fixed | mine
        self.probe = probe | mine


def _fixed_keys(f: MentionFeatures) -> tuple[frozenset[str], frozenset[str]]:
    """The keys of `f` that do not depend on the index's word order (emitted, probed)."""
    p = f.place
    fine = None
    if p is not None and p.precision != "country":
        fine = (place_key(p), p.lat, p.lon)
    return _fixed(f.document_id, (*f.actor_refs, *f.recipient_refs), f.names, fine)


@functools.lru_cache(maxsize=1 << 17)
def _fixed(
    doc: str,
    refs: tuple[Ref, ...],
    names: frozenset[str],
    place: tuple[str, float | None, float | None] | None,
) -> tuple[frozenset[str], frozenset[str]]:
    # cached: the tasks of the partitioned merge overlap, and each asks a mention's keys
    out = {f"d:{doc}"}
    out.update(f"p:{r[0]}" for r in refs)
    out.update(_name_key(w) for w in fine_names(names))
    out.update(_name_key(w) for r in _fine_of(refs) for w in r[4])
    probe = set(out)
    if place is not None:
        key, lat, lon = place
        out.add(f"g:{key}")
        probe.add(f"g:{key}")
        if lat is not None and lon is not None:
            r, c = _cell(lat, lon)
            out.add(f"c:{r}:{c}")
            probe.update(_near_cells(lat, lon))
    return frozenset(out), frozenset(probe)


class EvidenceIndex:
    """Mentions of one type block by their evidence keys: `owned(a)` yields the partners
    `blocking.AreaIndex(feats).owned(a)` yields that share a key with `a`, in (start, id) order,
    then the undated ones by id. `a` may be outside `feats` (`blocking.edges_touching`): its keys
    are then taken in the index's word order."""

    def __init__(self, feats: Iterable[MentionFeatures]) -> None:
        feats = list(feats)
        self._dated = sorted(
            (f for f in feats if f.interval is not None),
            key=lambda f: (f.interval[0], f.id),  # type: ignore[index]
        )
        self._order = [(f.interval[0], f.id) for f in self._dated]  # type: ignore[index]
        self._undated = sorted((f for f in feats if f.interval is None), key=lambda f: f.id)
        self._undated_ids = [f.id for f in self._undated]
        count = Counter(w for f in feats for w in content_words(f.words))
        self._rank = {w: (n, w) for w, n in count.items()}
        self._keys: dict[str, _Keys] = {}
        self._post: dict[str, list[int]] = defaultdict(list)
        self._post_undated: dict[str, list[int]] = defaultdict(list)
        for i, f in enumerate(self._dated):
            for k in self.keys(f).emit:
                self._post[k].append(i)
        for i, f in enumerate(self._undated):
            for k in self.keys(f).emit:
                self._post_undated[k].append(i)

    def keys(self, f: MentionFeatures) -> _Keys:
        k = self._keys.get(f.id)
        if k is None:
            k = self._keys[f.id] = _Keys(f, self._rank)
        return k

    def owned(self, a: MentionFeatures) -> Iterator[MentionFeatures]:
        """As `AreaIndex.owned(a)`, only the partners that share a key with `a`."""
        probe = self.keys(a).probe
        if a.interval is None:
            dated_lo, dated_hi = 0, len(self._dated)
            undated_lo = bisect_right(self._undated_ids, a.id)
        else:
            start, end = a.interval
            dated_lo = bisect_right(self._order, (start, a.id))
            # every later start up to MAX_GAP_DAYS past the end ("" sorts before every id)
            last = end + timedelta(days=MAX_GAP_DAYS)
            dated_hi = bisect_left(self._order, (last + timedelta(days=1), ""))
            undated_lo = len(self._undated)
        dated = self._window(self._post, probe, dated_lo, dated_hi)
        undated = self._window(self._post_undated, probe, undated_lo, len(self._undated))
        for i in dated:
            b = self._dated[i]
            if _same_area(a, b):
                yield b
        for i in undated:
            b = self._undated[i]
            if _same_area(a, b):
                yield b

    @staticmethod
    def _window(post: dict[str, list[int]], probe: frozenset[str], lo: int, hi: int) -> list[int]:
        """The positions in [lo, hi) of the postings of the keys `probe`, sorted, each once."""
        if lo >= hi:
            return []
        found: set[int] = set()
        for k in probe:
            p = post.get(k)
            if p:
                found.update(p[bisect_left(p, lo) : bisect_left(p, hi)])
        return sorted(found)


def _same_area(a: MentionFeatures, b: MentionFeatures) -> bool:
    """`AreaIndex`'s areas: a mention with a country meets that country's and the unplaced."""
    return a.country is None or b.country is None or a.country == b.country
