"""Blocking for the merge's first pass: the pairs that could score at least `THRESHOLD`.

In: `MentionFeatures` of one type block. Out: candidate pairs, each once, and for each an upper
bound of its score. The partitioned merge (partition.py) needs only the pairs scoring at least
`THRESHOLD` (its edges) from the whole corpus; the clustering inside a part still compares every
pair of `cluster.candidate_pairs`, so nothing here changes which events come out.

1. area    two mentions placed in different countries never corefer (`score`: place veto), so
           a mention with a country is paired only with mentions of that country or of none
2. time    per country list, sorted by (start, id): a dated mention is paired with the later
           ones starting at most `MAX_GAP_DAYS` after its end (found by bisection, so the cost is
           the pairs found, not the mentions passed over); an undated one with every mention of
           its area (`candidate_pairs`' rule)
3. bound   `upper_bound(a, b)`: the exact cheap components of `score` (type, date, place, size,
           mode, the vetoes) and an optimistic value for the costly ones (roles and words, whose
           spelling-tolerant name matching needs the same first three letters), so that
           `upper_bound(a, b) >= score(a, b)` always; a pair whose bound is under `THRESHOLD` is
           not scored. `tests/test_merge_blocking.py` checks the bound against `score`. One
           helper per step of `score`: `_vetoed`, `_role_parts`, `_discourse_possible`, `_adjusted`

4. edges   `edges(feats)`: every candidate pair scoring at least `THRESHOLD` (what components
           are made of), found with 1-3; `edges_touching(feats, changed)`: those with a changed
           mention on either side (after some mentions got a new date)

Cost: pairs within a few days and one area. A coarse date (a month, a year) still meets every
mention of its area in that period, but only the bound is computed for most of them.

`edges`, `edges_touching` and the partitioned merge take the pairs of 1-2 from
`candidate_index`: by default `candidates.EvidenceIndex`, which yields only the partners that
share an evidence key (a pair sharing none scores under `THRESHOLD`, evidence.py), so the work is
the pairs that share a participant, a place, a name or words, not every pair of a day and a
country; `AreaIndex` stays as the reference it is tested against (same edges).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from functools import cache
from typing import Protocol

from .candidates import EvidenceIndex
from .features import MentionFeatures, Ref
from .score import (
    _ARRANGEMENT_MODES,
    _PRECISE,
    _STATE_FORCE,
    _SYMMETRIC,
    _UNREAL,
    ANCHOR_SAME_DOC,
    ANCHOR_SAME_TYPE,
    MAX_GAP_DAYS,
    THRESHOLD,
    TYPE_PENALTY,
    W_ACTORS,
    W_DATE,
    W_DISCOURSE,
    W_PLACE,
    W_RECIPIENTS,
    W_WORDS,
    _arrangement_pair,
    _date_score,
    _different_speakers,
    _mode_size_parts,
    _overlap,
    _participants,
    _place_score,
    _shared_participant,
    _size_score,
    compatible_types,
    score,
    type_block,
)

__all__ = [
    "AreaIndex",
    "UpperBound",
    "upper_bound",
    "edges",
    "edges_touching",
    "owned_edges",
    "candidate_index",
    "pieces",
    "INDEX_CAP",
]

_Key = tuple[date, str]


class AreaIndex:
    """Mentions of one type block by country, dated ones sorted by (start, id)."""

    def __init__(self, feats: Iterable[MentionFeatures]) -> None:
        dated: dict[str | None, list[MentionFeatures]] = defaultdict(list)
        undated: dict[str | None, list[MentionFeatures]] = defaultdict(list)
        every: list[MentionFeatures] = []
        every_undated: list[MentionFeatures] = []
        for f in feats:
            if f.interval is None:
                undated[f.country].append(f)
                every_undated.append(f)
            else:
                dated[f.country].append(f)
                every.append(f)
        self._dated = {c: self._sorted(fs) for c, fs in dated.items()}
        self._all = self._sorted(every)
        self._undated = {c: self._by_id(fs) for c, fs in undated.items()}
        self._all_undated = self._by_id(every_undated)

    @staticmethod
    def _sorted(fs: list[MentionFeatures]) -> tuple[list[_Key], list[MentionFeatures]]:
        fs = sorted(fs, key=lambda f: (f.interval[0], f.id))  # type: ignore[index]
        return [(f.interval[0], f.id) for f in fs], fs  # type: ignore[index]

    @staticmethod
    def _by_id(fs: list[MentionFeatures]) -> tuple[list[str], list[MentionFeatures]]:
        fs = sorted(fs, key=lambda f: f.id)
        return [f.id for f in fs], fs

    def _areas(self, f: MentionFeatures) -> list[tuple[list[_Key], list[MentionFeatures]]]:
        if f.country is None:
            return [self._all]
        return [x for c in (f.country, None) if (x := self._dated.get(c)) is not None]

    def _undated_areas(self, f: MentionFeatures) -> list[tuple[list[str], list[MentionFeatures]]]:
        if f.country is None:
            return [self._all_undated]
        return [x for c in (f.country, None) if (x := self._undated.get(c)) is not None]

    def owned(self, a: MentionFeatures) -> Iterator[MentionFeatures]:
        """The partners of `a` in its pairs that `a` owns: for a dated `a`, the dated mentions of
        its area after it in (start, id) order, starting at most `MAX_GAP_DAYS` after its end;
        for an undated `a`, every dated mention of its area and the undated ones of higher id.
        Every pair of `candidate_pairs` between two mentions of compatible areas is owned by
        exactly one of its two mentions."""
        if a.interval is None:
            for _, fs in self._areas(a):
                yield from fs
            for ids, us in self._undated_areas(a):
                yield from us[bisect_right(ids, a.id) :]
            return
        start, end = a.interval
        for keys, fs in self._areas(a):
            for b in fs[bisect_right(keys, (start, a.id)) :]:
                if (b.interval[0] - end).days > MAX_GAP_DAYS:  # type: ignore[index]
                    break
                yield b


# -- the bound --------------------------------------------------------------------------------


def _prefixes(names: Iterable[str]) -> frozenset[str]:
    return frozenset(w[:3] for w in names)


def _ref_prefixes(refs: tuple[Ref, ...]) -> frozenset[str]:
    return frozenset(w[:3] for r in refs for w in r[4])


#: what `score._role_score` reads of one side's fillers: their keys, whether one is resolved,
#: the countries of the resolved ones, whether every resolved one is an armed state force
_RoleSummary = tuple[frozenset[str], bool, frozenset[str], bool]


def _role_summary(refs: tuple[Ref, ...]) -> _RoleSummary:
    resolved = [r for r in refs if r[3]]
    return (
        frozenset(r[0] for r in refs),
        bool(resolved),
        frozenset(r[1] for r in resolved if r[1]),
        {r[2] for r in resolved} <= _STATE_FORCE,
    )


def _summary_score(x: _RoleSummary, y: _RoleSummary) -> float | None:
    """`score._role_score` of the fillers `x` and `y` summarise, step for step (the same value:
    the bound needs it for every pair, the sets are built once per mention here)."""
    kx, rx, cx, stx = x
    ky, ry, cy, sty = y
    if not kx or not ky:
        return None
    inter = len(kx & ky)
    if inter:
        return 0.6 + 0.4 * inter / len(kx | ky)
    if not rx or not ry:
        return None
    if cx & cy:
        return 0.75
    if stx and sty:
        return 0.3
    return 0.0


class _Pre:
    """What the bound needs of one mention, computed once: the first three letters of its
    names and of its role fillers' name words (`_near_spelling` matches only words that share
    them), its role fillers summarised for `_role_score`; its participants when asked
    (symmetric types only, as `score` does)."""

    __slots__ = (
        "f", "names", "name_prefixes", "actors", "recipients", "actor_roles", "recipient_roles",
        "bare_denial", "_participants",
    )  # fmt: skip

    def __init__(self, f: MentionFeatures) -> None:
        self.f = f
        self.names = _prefixes(f.names)
        # one per name (two names may share a prefix): `_words_bound` counts names, not prefixes
        self.name_prefixes = tuple(w[:3] for w in f.names)
        self.actors = _ref_prefixes(f.actor_refs)
        self.recipients = _ref_prefixes(f.recipient_refs)
        self.actor_roles = _role_summary(f.actor_refs)
        self.recipient_roles = _role_summary(f.recipient_refs)
        self.bare_denial = f.denied and not f.actor_refs and not f.recipient_refs
        self._participants: tuple[frozenset[str], _RoleSummary] | None = None

    def participants(self) -> tuple[frozenset[str], _RoleSummary]:
        if self._participants is None:
            refs = _participants(self.f)
            self._participants = (_ref_prefixes(refs), _role_summary(refs))
        return self._participants


def _role_bound(s: float | None, could_name: bool) -> float:
    """At most what `_role_score_text` / `_participant_score` give for a role whose plain
    agreement is `s`: s itself, 0.7 or 0.6 from a name in the other's text, or None (0.5)."""
    return max(0.5 if s is None else s, 0.7 if could_name else 0.5)


def _words_bound(a: MentionFeatures, b: MentionFeatures, pa: _Pre, pb: _Pre) -> float:
    inter = len(a.words & b.words)
    union = len(a.words) + len(b.words) - inter  # len(a.words | b.words), without the set
    j = inter / union if union else 0.0
    trig = 1.0 if a.trigger and a.trigger == b.trigger else 0.0
    # `_names_shared` counts at most the names of `a` whose prefix is one of `b`'s
    names = sum(1 for p in pa.name_prefixes if p in pb.names)
    return min(1.0, 0.3 * trig + 1.4 * j + 0.2 * min(names, 2))


class UpperBound:
    """`upper_bound` with what it needs of each mention cached (by mention id)."""

    def __init__(self) -> None:
        self._pre: dict[str, _Pre] = {}

    def pre(self, f: MentionFeatures) -> _Pre:
        p = self._pre.get(f.id)
        if p is None:
            p = self._pre[f.id] = _Pre(f)
        return p

    def __call__(self, a: MentionFeatures, b: MentionFeatures) -> float | None:
        return upper_bound(a, b, self.pre(a), self.pre(b))


def _vetoed(
    a: MentionFeatures, b: MentionFeatures, arrangement: bool, ds: float | None, ps: float | None
) -> bool:
    """`score`'s vetoes past the type check: dates or places that exclude each other, sizes that
    differ within one document, an arrangement with no shared party and no shared place, two
    different speakers."""
    if ds == -1.0 or ps == -1.0:
        return True
    if a.document_id == b.document_id and _size_score(a, b) == 0.2:
        return True
    if arrangement and not (_shared_participant(a, b) or (ps is not None and ps >= 0.8)):
        return True
    return _different_speakers(a, b)


def _role_parts(
    a: MentionFeatures, b: MentionFeatures, pa: _Pre, pb: _Pre
) -> list[tuple[float, float | None]]:
    """The (weight, bound) of the roles: the participants at once for a symmetric type, else the
    actors and the recipients (none when a denial names neither)."""
    if a.event_type in _SYMMETRIC and b.event_type in _SYMMETRIC:
        # `score._named_in(refs, names)` needs a name word of `refs` with the first three
        # letters of a word of `names` (`_near_spelling`: equal, or the same prefix)
        (xp, xs), (yp, ys) = pa.participants(), pb.participants()
        named = bool(xp & pb.names) or bool(yp & pa.names)
        return [(W_ACTORS + W_RECIPIENTS, _role_bound(_summary_score(xs, ys), named))]
    if pa.bare_denial or pb.bare_denial:
        return []
    named = bool(pa.actors & pb.names) or bool(pb.actors & pa.names)
    s = _summary_score(pa.actor_roles, pb.actor_roles)
    parts: list[tuple[float, float | None]] = [(W_ACTORS, _role_bound(s, named))]
    named = bool(pa.recipients & pb.names) or bool(pb.recipients & pa.names)
    s = _summary_score(pa.recipient_roles, pb.recipient_roles)
    parts.append((W_RECIPIENTS, _role_bound(s, named)))
    return parts


def _discourse_possible(
    a: MentionFeatures, b: MentionFeatures, ps: float | None, overlap: bool, unreal_pair: bool
) -> bool:
    """The cheap conditions of `score`'s discourse bonus (its speaker and disagreement
    conditions assumed met)."""
    return (
        a.document_id == b.document_id
        and overlap
        and not unreal_pair
        and a.event_type == b.event_type
        and (ps is None or ps >= 0.5)
    )


def _anchored(a: MentionFeatures, b: MentionFeatures, ps: float | None, overlap: bool) -> bool:
    """The conditions of `score`'s anchor floor: overlapping, placed precisely at one place, and
    of one type or one document."""
    return (
        overlap and ps is not None and ps >= 0.8
        and a.place is not None and b.place is not None
        and a.place.precision in _PRECISE and b.place.precision in _PRECISE
        and (a.event_type == b.event_type or a.document_id == b.document_id)
    )  # fmt: skip


def _adjusted(
    a: MentionFeatures, b: MentionFeatures, s: float, ps: float | None, overlap: bool, unreal: bool
) -> float:
    """The weighted mean `s` after `score`'s type penalty, unreal-pair penalty or anchor floor,
    clipped to [0, 1]."""
    if a.event_type != b.event_type:
        s -= TYPE_PENALTY
    if unreal:
        s -= 0.1
    elif _anchored(a, b, ps, overlap):
        s = max(s, ANCHOR_SAME_TYPE if a.event_type == b.event_type else ANCHOR_SAME_DOC)
    return max(0.0, min(1.0, s))


def upper_bound(
    a: MentionFeatures, b: MentionFeatures, pa: _Pre | None = None, pb: _Pre | None = None
) -> float | None:
    """A number at least `score(a, b)`, or None when `score(a, b)` is None for sure.

    Mirrors `score.score` step by step: the vetoes and the cheap components exactly, the roles
    and the words at the most their name matching could give, the discourse bonus and the anchor
    floor whenever their cheap conditions hold. The weighted mean grows with each component, so
    the result bounds the score from above."""
    arrangement = _arrangement_pair(a, b)
    if not arrangement and not compatible_types(a.event_type, b.event_type):
        return None
    ds = _date_score(a, b)
    ps = _place_score(a, b)
    if _vetoed(a, b, arrangement, ds, ps):
        return None
    pa = pa or _Pre(a)
    pb = pb or _Pre(b)
    parts = _role_parts(a, b, pa, pb)
    parts.append((W_DATE, ds))
    parts.append((W_PLACE, ps))
    parts.append((W_WORDS, _words_bound(a, b, pa, pb)))
    parts.extend(_mode_size_parts(a, b))
    overlap = _overlap(a, b)
    unreal_pair = (a.modality in _UNREAL) != (b.modality in _UNREAL)
    if _discourse_possible(a, b, ps, overlap, unreal_pair):
        parts.append((W_DISCOURSE, 1.0))
    num = sum([w * (0.5 if s is None else s) for w, s in parts])
    den = sum([w for w, _ in parts])
    return _adjusted(a, b, num / den, ps, overlap, unreal_pair)


# -- edges ------------------------------------------------------------------------------------


@cache
def _may_pair(x: str, y: str) -> bool:
    """Mentions of types `x` and `y` may pass `upper_bound`'s type check: compatible types, or
    the two halves of an arrangement (`_arrangement_pair` then also reads their modes)."""
    halves = x != y and "AGREE" in (x, y) and x in _ARRANGEMENT_MODES and y in _ARRANGEMENT_MODES
    return compatible_types(x, y) or halves


def owned_edges(
    a: MentionFeatures, partners: Iterable[MentionFeatures], upper: UpperBound
) -> list[tuple[str, str]]:
    """The pairs of `a` with `partners` (lower id first) that score at least `THRESHOLD`, each
    scored only when its bound reaches it. O(len(partners)) bounds; a partner of a type that
    can never pair with `a`'s (a type block holds a deal and an attack) is passed over first."""
    out = []
    pa, ta = upper.pre(a), a.event_type
    for b in partners:
        if not _may_pair(ta, b.event_type):
            continue
        pb = upper.pre(b)
        x, y, px, py = (a, b, pa, pb) if a.id < b.id else (b, a, pb, pa)
        bound = upper_bound(x, y, px, py)
        if bound is None or bound < THRESHOLD:
            continue
        s = score(x, y)
        if s is not None and s >= THRESHOLD:
            out.append((x.id, y.id))
    return out


class _Index(Protocol):
    def owned(self, a: MentionFeatures) -> Iterator[MentionFeatures]: ...


#: the index the first pass takes its candidate pairs from (`candidate_index`): "evidence"
#: (`candidates.EvidenceIndex`: the pairs that share an evidence key), or "area" (`AreaIndex`:
#: every pair of one area within the date window), the slower path the indexed one is compared
#: with (`bench/merge_identity.py --area`). Both give the same edges.
CANDIDATES = "evidence"


def candidate_index(feats: Iterable[MentionFeatures]) -> _Index:
    """The index of `CANDIDATES` over `feats` (mentions of one type block)."""
    return AreaIndex(feats) if CANDIDATES == "area" else EvidenceIndex(feats)


#: mentions one index holds at most where its partners may be a whole block (a wide or undated
#: owner's): an index keeps every mention's evidence keys and their postings, ~20 KB a mention,
#: so one index of a block took 4 GB of a merge worker at 100k documents (issue 19, stop 32).
#: The partners are indexed in pieces instead: an index yields a mention's partners among its
#: own mentions only, by keys that do not depend on the others (`candidates.EvidenceIndex`),
#: so the pieces' pairs are the whole index's, each once.
INDEX_CAP = 10_000


def pieces(fs: list[MentionFeatures]) -> list[list[MentionFeatures]]:
    """`fs` in consecutive pieces of at most `INDEX_CAP`; one piece if empty."""
    return [fs[k : k + INDEX_CAP] for k in range(0, len(fs), INDEX_CAP)] or [fs]


def _blocks(feats: Iterable[MentionFeatures]) -> dict[str, list[MentionFeatures]]:
    out: dict[str, list[MentionFeatures]] = defaultdict(list)
    for f in feats:
        out[type_block(f.event_type)].append(f)
    return out


def edges(feats: Iterable[MentionFeatures]) -> list[tuple[str, str]]:
    """Every pair of `cluster.candidate_pairs` among `feats` that scores at least `THRESHOLD`
    (ids, lower first; in no set order). O(n log n) for the index, then one bound per candidate
    pair of one area and one score per pair whose bound reaches `THRESHOLD`."""
    out: list[tuple[str, str]] = []
    for block in _blocks(feats).values():
        index, bound = candidate_index(block), UpperBound()
        for a in block:
            out.extend(owned_edges(a, index.owned(a), bound))
    return out


def edges_touching(feats: list[MentionFeatures], changed: set[str]) -> set[tuple[str, str]]:
    """The pairs of `edges(feats)` with a mention of `changed` (ids) on either side. Each pair
    is owned by one side (`AreaIndex.owned`): a changed owner finds it among every mention of
    its block, any owner among the changed ones. O(c * area + n log c) for c changed mentions."""
    found: set[tuple[str, str]] = set()
    blocks = _blocks(feats)
    for key in sorted({type_block(f.event_type) for f in feats if f.id in changed}):
        scope = blocks[key]
        mine = [f for f in scope if f.id in changed]
        # the block in pieces, each with its own bound cache: both hold ~KBs a mention
        for piece in pieces(scope):
            everyone, bound = candidate_index(piece), UpperBound()
            for a in mine:
                found.update(owned_edges(a, everyone.owned(a), bound))
        for piece in pieces(mine):
            only_changed, bound = candidate_index(piece), UpperBound()
            for a in scope:
                found.update(owned_edges(a, only_changed.owned(a), bound))
    return found
