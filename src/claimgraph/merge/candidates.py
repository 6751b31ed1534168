"""Candidate pairs from an inverted index of evidence keys (issue 19).

In: `MentionFeatures` of one type block. Out: for each mention, the partners of the pairs it
owns (as `blocking.AreaIndex.owned`: the same date window, area and ownership) whose keys could
share evidence: one key of families 1-4 below, or `MIN_SHARED_WORDS` keys of family 5. A pair
that has neither shares no evidence (evidence.py), so it scores at most `score.UNCONFIRMED`,
under `THRESHOLD`: it can never be an edge, and leaving it out changes no edge and no event
(tests/test_merge_candidates.py checks the keys against `shared_evidence`, and the edges against
`AreaIndex`'s).

Keys of a mention (`_Keys`), one family per part of `shared_evidence`:

1. ``d:``  its document
2. ``p:``  each role filler's key (actors and recipients alike)
3. ``n:`` / ``nw:``  each proper name finer than a country and each distinctive word of a
   resolved filler's name: the first three letters and the length of a word of six letters or
   more, probed at that length and one letter either side (a spelling variant, `_near_spelling`,
   has both at least six letters, the same first three and lengths at most one apart), a
   shorter word whole
4. ``g:``  a place finer than a country; ``c:`` the grid cell of its coordinates (0.1 degree of
   latitude by 0.1 of longitude), probed in every cell within `NEAR_KM` of it
5. ``w:``  each content word, counted: a partner found by only one of them shares one word
   (mostly the trigger, or "killed"), which is no evidence, and is passed over before any bound
   is computed. The count is exact because every word is both posted and looked up.

Cost: the pairs that share a key of 1-4 or two words within the date window, not every pair of
a day and a country. Postings hold ranks in the (start, id) order, so a window is two bisections
per key, and the postings in it are gathered and counted by set operations, not one by one.
This matters most for a month- or year-dated or an undated mention, whose window is its whole
period or block: one word in common with it is common (issue 19, stop 30).
"""

from __future__ import annotations

import functools
import math
from bisect import bisect_left, bisect_right
from collections import defaultdict
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


#: `_near_spelling` compares words of at least this many letters only
_SPELLING_MIN = 6


def _name_key(w: str) -> str:
    return f"n:{w[:3]}:{len(w)}" if len(w) >= _SPELLING_MIN else f"nw:{w}"


def _name_probes(w: str) -> Iterator[str]:
    """The name keys of every word `_near_spelling` may match `w` with (itself included)."""
    if len(w) < _SPELLING_MIN:
        yield f"nw:{w}"
        return
    for n in range(max(_SPELLING_MIN, len(w) - 1), len(w) + 2):
        yield f"n:{w[:3]}:{n}"


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
    """The keys of families 1-4 a mention is found by (`emit`) and looks up (`probe`: the same
    but for the grid, its own cell and the cells around it, and the name lengths either side),
    and its word keys (`words`, family 5: found by and looked up, counted)."""

    __slots__ = ("emit", "probe", "words")

    def __init__(self, f: MentionFeatures) -> None:
        self.emit, self.probe = _fixed_keys(f)
        self.words = _word_keys(f.words)

    def found(self, other: _Keys) -> bool:
        """`other` is found by this mention's lookup: a key of 1-4, or `MIN_SHARED_WORDS`
        words (what `EvidenceIndex.owned` yields, its window and area aside)."""
        return bool(self.probe & other.emit) or len(self.words & other.words) >= MIN_SHARED_WORDS


def _word_keys(words: frozenset[str]) -> frozenset[str]:
    # not cached: an index keeps its mentions' keys while it lives, a cache would keep them on
    return frozenset(f"w:{w}" for w in content_words(words))


def _fixed_keys(f: MentionFeatures) -> tuple[frozenset[str], frozenset[str]]:
    """The keys of families 1-4 of `f` (emitted, probed)."""
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
    words = [*fine_names(names), *(w for r in _fine_of(refs) for w in r[4])]
    probe = set(out)
    out.update(_name_key(w) for w in words)
    probe.update(k for w in words for k in _name_probes(w))
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
        self._keys: dict[str, _Keys] = {}
        self._post: dict[str, list[int]] = defaultdict(list)
        self._post_undated: dict[str, list[int]] = defaultdict(list)
        for post, fs in ((self._post, self._dated), (self._post_undated, self._undated)):
            for i, f in enumerate(fs):
                k = self.keys(f)
                for key in (*k.emit, *k.words):
                    post[key].append(i)

    def keys(self, f: MentionFeatures) -> _Keys:
        k = self._keys.get(f.id)
        if k is None:
            k = self._keys[f.id] = _Keys(f)
        return k

    def owned(self, a: MentionFeatures) -> Iterator[MentionFeatures]:
        """As `AreaIndex.owned(a)`, only the partners `a`'s keys find (`_Keys.found`)."""
        probe = self.keys(a)
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
    def _window(post: dict[str, list[int]], probe: _Keys, lo: int, hi: int) -> list[int]:
        """The positions in [lo, hi) of the postings of a key of `probe.probe`, or of
        `MIN_SHARED_WORDS` keys of `probe.words`, sorted, each once."""
        if lo >= hi:
            return []
        found: set[int] = set()
        for k in probe.probe:
            p = post.get(k)
            if p:
                found.update(p[bisect_left(p, lo) : bisect_left(p, hi)])
        # positions by how many of the words they were found by, up to MIN_SHARED_WORDS
        seen: list[set[int]] = [set() for _ in range(MIN_SHARED_WORDS)]
        for k in probe.words:
            p = post.get(k)
            if p:
                got = set(p[bisect_left(p, lo) : bisect_left(p, hi)])
                for n in range(MIN_SHARED_WORDS - 1, 0, -1):
                    seen[n] |= seen[n - 1] & got
                seen[0] |= got
        found |= seen[-1]
        return sorted(found)


def _same_area(a: MentionFeatures, b: MentionFeatures) -> bool:
    """`AreaIndex`'s areas: a mention with a country meets that country's and the unplaced."""
    return a.country is None or b.country is None or a.country == b.country
