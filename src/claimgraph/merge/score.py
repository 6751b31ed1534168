"""Pairwise coreference score between two event mentions.

In: two `MentionFeatures`. Out: a score in [0, 1], or None when the pair can never be one event
(incompatible type, dates more than `MAX_GAP_DAYS` apart, places clearly apart).

The score is a weighted mean of the components that are known on both sides; an unknown component
is neutral (0.5). Actors that differ when both sides name them score 0, which *lowers* the score
but does not veto it: "Russian jets" in one report and "Syrian jets" in another, same day, same
place, same target, is one event with a dispute on the perpetrator, not two events.

The constants below were tuned together (on hand-built cases and the seed pages); change them as
a set.
"""

from __future__ import annotations

from .features import MentionFeatures, haversine_km, place_key

__all__ = ["score", "compatible_types", "MAX_GAP_DAYS", "THRESHOLD"]

#: dates (intervals) further apart than this are never the same event; also the blocking radius
MAX_GAP_DAYS = 2
#: average-link score needed to put two clusters together
THRESHOLD = 0.6
#: two precisely located places further apart than this are different events
NEAR_KM = 10.0
#: a region/country-level place "contains" a town when within this radius (no admin data)
REGION_KM = 60.0

W_DATE, W_PLACE, W_ACTORS, W_RECIPIENTS, W_WORDS, W_SIZE = 2.0, 2.0, 1.5, 1.5, 1.0, 0.5

_DATE_BY_GAP = {0: 1.0, 1: 0.7, 2: 0.4}
_PRECISE = frozenset({"exact", "near", "town"})

# types a reporter may use for the same happening (one calls it a clash, another an attack)
_COMPATIBLE: dict[str, frozenset[str]] = {
    "ASSAULT": frozenset({"ASSAULT", "COERCE"}),
    "COERCE": frozenset({"ASSAULT", "COERCE"}),
    "AGREE": frozenset({"AGREE", "COOPERATE"}),
    "COOPERATE": frozenset({"AGREE", "COOPERATE"}),
}


def compatible_types(a: str, b: str) -> bool:
    return a == b or b in _COMPATIBLE.get(a, frozenset())


def type_block(event_type: str) -> str:
    """Blocking key: types that may corefer share it."""
    if event_type in ("ASSAULT", "COERCE"):
        return "ASSAULT|COERCE"
    if event_type in ("AGREE", "COOPERATE"):
        return "AGREE|COOPERATE"
    return event_type


def _date_score(a: MentionFeatures, b: MentionFeatures) -> float | None:
    if a.interval is None or b.interval is None:
        return None
    (a0, a1), (b0, b1) = a.interval, b.interval
    gap = max((b0 - a1).days, (a0 - b1).days, 0)
    if gap > MAX_GAP_DAYS:
        return -1.0  # veto marker
    s = _DATE_BY_GAP[gap]
    if a.date_from_doc or b.date_from_doc or a.granularity != "day" or b.granularity != "day":
        # overlapping with a coarse or fallback date is weak evidence
        s = min(s, 0.5)
    return s


def _place_score(a: MentionFeatures, b: MentionFeatures) -> float | None:
    pa, pb = a.place, b.place
    if pa is None or pb is None:
        return None
    if a.country and b.country and a.country != b.country:
        return -1.0
    if place_key(pa) == place_key(pb):
        return 1.0
    both_precise = pa.precision in _PRECISE and pb.precision in _PRECISE
    if None not in (pa.lat, pa.lon, pb.lat, pb.lon):
        d = haversine_km(pa.lat, pa.lon, pb.lat, pb.lon)  # type: ignore[arg-type]
        if d <= NEAR_KM:
            return 0.8 if both_precise else 0.7
        if both_precise:
            return -1.0
        # a region or country and a town inside it: consistent, not confirming
        if pa.admin1 and pb.admin1 and pa.admin1 == pb.admin1:
            return 0.6
        if pa.precision == "country" or pb.precision == "country":
            return 0.5
        return 0.5 if d <= REGION_KM else -1.0
    if pa.admin1 and pb.admin1:
        if pa.admin1 != pb.admin1:
            return -1.0 if (pa.precision != "country" and pb.precision != "country") else 0.5
        return 0.3 if both_precise else 0.6
    return 0.3 if both_precise else 0.5


def _set_score(x: frozenset[str], y: frozenset[str]) -> float | None:
    if not x or not y:
        return None
    inter = len(x & y)
    if not inter:
        return 0.0  # a disagreement, not a veto
    return 0.6 + 0.4 * inter / len(x | y)


def _size_score(a: MentionFeatures, b: MentionFeatures) -> float | None:
    if a.dead is None or b.dead is None:
        return None
    lo, hi = sorted((a.dead, b.dead))
    if hi == lo:
        return 1.0
    return 0.7 if hi <= 2 * lo + 2 else 0.2


def _words_score(a: MentionFeatures, b: MentionFeatures) -> float:
    union = a.words | b.words
    j = len(a.words & b.words) / len(union) if union else 0.0
    trig = 1.0 if a.trigger and a.trigger == b.trigger else 0.0
    return min(1.0, 0.3 * trig + 1.4 * j)


def score(a: MentionFeatures, b: MentionFeatures) -> float | None:
    """Coreference score in [0, 1], None when the two cannot be one event."""
    if not compatible_types(a.event_type, b.event_type):
        return None
    parts: list[tuple[float, float | None]] = []
    ds = _date_score(a, b)
    ps = _place_score(a, b)
    if ds == -1.0 or ps == -1.0:
        return None
    parts.append((W_DATE, ds))
    parts.append((W_PLACE, ps))
    parts.append((W_ACTORS, _set_score(a.actors, b.actors)))
    parts.append((W_RECIPIENTS, _set_score(a.recipients, b.recipients)))
    parts.append((W_WORDS, _words_score(a, b)))
    sz = _size_score(a, b)
    if sz is not None:
        parts.append((W_SIZE, sz))
    # both actors and recipients disagree: two different events that happen to look alike
    if parts[2][1] == 0.0 and parts[3][1] == 0.0:
        return None
    num = sum(w * (0.5 if s is None else s) for w, s in parts)
    den = sum(w for w, _ in parts)
    s = num / den
    if a.event_type != b.event_type:
        s -= 0.1
    return max(0.0, min(1.0, s))
