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
3. ``s:`` / ``nw:``  each proper name finer than a country and each distinctive word of a
   resolved filler's name, by its spelling variants (`_near_spelling`, below): a word of six
   letters or more by its first three letters and each subsequence of the rest as long as a
   variant must share (``n:``, first three letters and lengths, when those would be too many),
   a shorter word whole
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

Name keys (issue 19, stop 31). `_near_spelling(x, y)` accepts equal words, or words of
`SPELLING_MIN` letters or more with the same first three letters, lengths lo <= hi <= lo + 1
and `SequenceMatcher.ratio()` = 2M / (lo + hi) >= `SPELLING_RATIO`, where M counts the letters
of its matching blocks: a common subsequence, so the longest common subsequence (LCS) of x and y
is at least `_matches_needed(lo, hi)`. Equal first letters are always in some LCS, so the rests
x[3:] and y[3:] have a common subsequence of `_matches_needed(lo, hi) - 3` letters, and so does
every pair of words that `_near_spelling` accepts. Each word of length n posts, for each length
pair (lo, hi) it can be in (n - 1, n or n + 1 with n), every subsequence of its rest of that many
letters (``s:`` + first three letters + the subsequence): two accepted words share one. A length
pair whose subsequences would be more than `_SUBSEQ_CAP` for a word of either length (a long
name, 18 letters or more) posts the coarse key ``n:`` + first three letters + lo + hi instead,
on both sides. A word's keys are a superset of its variants' (tests/test_merge_candidates.py:
generated variants and the actor registry's aliases), so the edges are unchanged.
"""

from __future__ import annotations

import functools
import itertools
import math
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import timedelta

from .evidence import _NEAR_KM, MIN_SHARED_WORDS, _fine_of, content_words, fine_names
from .features import SPELLING_MIN, SPELLING_RATIO, MentionFeatures, Ref, place_key
from .score import MAX_GAP_DAYS

__all__ = ["EvidenceIndex"]

#: grid cell, in degrees
_CELL = 0.1
_EARTH_KM = 6371.0
#: rows of 0.1 degree (11.1 km) holding points within NEAR_KM of a point: its own, one either side
_ROW_SLACK = 1


#: a length pair whose subsequence keys would be more than this many for a word takes the
#: coarse key (first three letters and lengths): from 18 letters on (a rare name), 10-120 keys
#: a word below
_SUBSEQ_CAP = 128


@functools.cache
def _matches_needed(lo: int, hi: int) -> int:
    """The fewest matched letters M for which `SequenceMatcher.ratio()` of words of lengths
    `lo` and `hi` reaches `SPELLING_RATIO` (difflib computes the ratio as 2.0 * M / (lo + hi))."""
    return next(m for m in range(lo + 1) if 2.0 * m / (lo + hi) >= SPELLING_RATIO)


@functools.cache
def _kept(lo: int, hi: int) -> int | None:
    """The letters after the first three that two variants of lengths `lo` and `hi` must have
    in common (the length of their subsequence keys), or None when a word of either length would
    have more than `_SUBSEQ_CAP` of them (the pair takes the coarse key)."""
    keep = _matches_needed(lo, hi) - 3
    if max(math.comb(n - 3, keep) for n in (lo, hi)) > _SUBSEQ_CAP:
        return None
    return keep


@functools.lru_cache(maxsize=1 << 16)
def _name_keys(w: str) -> frozenset[str]:
    """The keys of a name word, posted and looked up alike: `w` and every word `_near_spelling`
    accepts with it share one (the module's docstring says why)."""
    if len(w) < SPELLING_MIN:
        return frozenset((f"nw:{w}",))
    out: set[str] = set()
    for n in (len(w) - 1, len(w), len(w) + 1):
        if n < SPELLING_MIN:
            continue
        lo, hi = min(n, len(w)), max(n, len(w))
        keep = _kept(lo, hi)
        if keep is None:
            out.add(f"n:{w[:3]}:{lo}:{hi}")
        else:
            out.update(f"s:{w[:3]}:{''.join(c)}" for c in itertools.combinations(w[3:], keep))
    return frozenset(out)


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


def _fixed(
    doc: str,
    refs: tuple[Ref, ...],
    names: frozenset[str],
    place: tuple[str, float | None, float | None] | None,
) -> tuple[frozenset[str], frozenset[str]]:
    # not cached across indexes (each `EvidenceIndex` keeps its own mentions' keys while it
    # lives): a process-wide cache of 131k mentions' keys stayed in the merge's driver from the
    # first pass to the end, 1.8 KB a mention (issue 19, stop 31), for the ~1/3 of a slab's
    # mentions the next slab asks again
    out = {f"d:{doc}"}
    out.update(f"p:{r[0]}" for r in refs)
    words = [*fine_names(names), *(w for r in _fine_of(refs) for w in r[4])]
    probe = set(out)
    for w in words:
        out |= _name_keys(w)
        probe |= _name_keys(w)
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
