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

from functools import lru_cache
from typing import NamedTuple

from .evidence import shared_evidence
from .features import (
    MentionFeatures,
    Ref,
    _named_in,
    _names_shared,
    _near_spelling,
    haversine_km,
    place_key,
)

__all__ = ["score", "compatible_types", "MAX_GAP_DAYS", "THRESHOLD", "UNCONFIRMED"]

#: dates (intervals) further apart than this are never the same event; also the blocking radius
MAX_GAP_DAYS = 2
#: average-link score needed to put two clusters together
THRESHOLD = 0.55
#: the most a pair scores that shares no evidence (evidence.py): under `THRESHOLD`, so it links
#: nothing on its own; the neutral value, so inside an event it neither confirms nor denies
UNCONFIRMED = 0.5
#: two precisely located places further apart than this are different events
NEAR_KM = 10.0
#: a region/country-level place "contains" a town when within this radius (no admin data)
REGION_KM = 60.0

W_DATE, W_PLACE, W_ACTORS, W_RECIPIENTS, W_WORDS, W_SIZE = 2.0, 2.0, 1.5, 1.5, 1.0, 0.5
W_MODE = 0.75
#: taken off when the two mentions have different (compatible) types
TYPE_PENALTY = 0.15

_DATE_BY_GAP = {0: 1.0, 1: 0.7, 2: 0.4}
#: the most a coarse date can confirm
_GRAN_CAP = {"day": 1.0, "week": 0.5, "month": 0.4, "year": 0.3}
_UNREAL = frozenset({"planned", "hypothetical"})
#: event types whose participants are parties on an equal footing (roles interchangeable)
_SYMMETRIC = frozenset({"AGREE", "CONSULT", "COOPERATE"})
#: weight of "same document, same type, same days, nothing apart"
W_DISCOURSE = 3.0
#: speech acts: each is one utterance by one speaker, so a story's many demands, accusations or
#: words of praise on one day are many events; the discourse bonus needs the same speaker there
_SPEECH_ACTS = frozenset({"REQUEST", "ACCUSE", "SUPPORT", "REJECT", "THREATEN"})
#: score floors for the same precise place on overlapping days with no role disagreement
ANCHOR_SAME_TYPE = 0.7
ANCHOR_SAME_DOC = 0.62
_PRECISE = frozenset({"exact", "near", "town"})

# types a reporter may use for the same happening (one calls it a clash, another an attack)
_COMPATIBLE: dict[str, frozenset[str]] = {
    "ASSAULT": frozenset({"ASSAULT", "COERCE"}),
    "COERCE": frozenset({"ASSAULT", "COERCE"}),
    "AGREE": frozenset({"AGREE", "COOPERATE"}),
    "COOPERATE": frozenset({"AGREE", "COOPERATE"}),
}

# An arrangement and what it arranges: a deal (AGREE) to evacuate fighters, the evacuation
# itself (RETREAT: withdraw, ceasefire) and the deportation side of it (COERCE: deport). Reports
# name the same happening by either half, so these may corefer, but only on stronger evidence than
# same-type pairs: no date or place veto and a shared participant or the same precise place.
_ARRANGEMENT_MODES = {"RETREAT": None, "COERCE": frozenset({"deport"}), "AGREE": None}


def _arrangement(event_type: str, modes: frozenset[str]) -> bool:
    if event_type not in _ARRANGEMENT_MODES:
        return False
    need = _ARRANGEMENT_MODES[event_type]
    return need is None or bool(modes & need)


def compatible_types(a: str, b: str) -> bool:
    return a == b or b in _COMPATIBLE.get(a, frozenset())


def _arrangement_pair(a: MentionFeatures, b: MentionFeatures) -> bool:
    return (
        a.event_type != b.event_type
        and "AGREE" in (a.event_type, b.event_type)
        and _arrangement(a.event_type, a.modes)
        and _arrangement(b.event_type, b.modes)
    )


def type_block(event_type: str) -> str:
    """Blocking key: types that may corefer share it."""
    if event_type in ("ASSAULT", "COERCE", "AGREE", "COOPERATE", "RETREAT"):
        return "ASSAULT|COERCE|AGREE|COOPERATE|RETREAT"
    return event_type


def _date_score(a: MentionFeatures, b: MentionFeatures) -> float | None:
    if a.interval is None or b.interval is None:
        return None
    (a0, a1), (b0, b1) = a.interval, b.interval
    gap = max((b0 - a1).days, (a0 - b1).days, 0)
    if gap > MAX_GAP_DAYS:
        return -1.0  # veto marker
    if (
        gap > 0
        and not (a.date_from_doc or b.date_from_doc)
        and "day" not in (a.granularity, b.granularity)
    ):
        # "last month" and "earlier this month": two months that do not overlap are two events
        # (the slack of MAX_GAP_DAYS is for days misreported, not for adjacent periods)
        return -1.0
    s = _DATE_BY_GAP[gap]
    if a.date_from_doc or b.date_from_doc:
        s = min(s, 0.5)  # the publication date only bounds the event
    # overlapping with a coarse date is weak evidence
    s = min(s, _GRAN_CAP.get(a.granularity, 0.3), _GRAN_CAP.get(b.granularity, 0.3))
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


#: sectors of armed state forces: reports confuse one such force for an allied one
_STATE_FORCE = frozenset({"MIL", "GOV", "SPY", "COP"})


def _role_score_text(
    x: tuple[Ref, ...],
    y: tuple[Ref, ...],
    xnames: frozenset[str],
    ynames: frozenset[str],
    open_set: bool = False,
    co_actors: bool = False,
) -> float | None:
    """Role agreement, with what the evidence texts add to the extracted roles.

    - one side's filler named in the other's evidence (a spelling variant, a long sentence the
      events stage could not attach) agrees;
    - two different resolved fillers are no disagreement when one side's role is an open set of
      partners (`open_set`: the other names one of them) or, for actors (`co_actors`), when one
      side's actor is named in the other's evidence (co-actors named together: "X and its allies,
      spearheaded by Y"). Targets named in passing ("the leader of Y") prove no such thing.
    """
    s = _role_score(x, y)
    if s is None or s == 0.0 or s == 0.3:
        # no agreement from the extracted roles: is one side's filler named in the other's text?
        if (x and not y and _named_in(x, ynames)) or (y and not x and _named_in(y, xnames)):
            return 0.7
    if s is not None and s < 0.5 and x and y:
        if co_actors and (_named_in(x, ynames) or _named_in(y, xnames)):
            return 0.6
        if open_set:
            return None
    return s


def _role_score(x: tuple[Ref, ...], y: tuple[Ref, ...]) -> float | None:
    """Agreement of two role fillers (actors or recipients).

    A shared key agrees; a shared country among resolved actors ("Russia" and "Russian air
    force") mostly agrees; two resolved, different actors disagree (0.0), softly (0.3) when both
    are armed state forces, the classic misattribution ("Russian or Syrian jets"). Unresolved names
    ("the group", "government troops") can only agree: not matching them proves nothing.
    """
    if not x or not y:
        return None
    kx, ky = {r[0] for r in x}, {r[0] for r in y}
    inter = len(kx & ky)
    if inter:
        return 0.6 + 0.4 * inter / len(kx | ky)
    rx, ry = [r for r in x if r[3]], [r for r in y if r[3]]
    if not rx or not ry:
        return None
    cx, cy = {r[1] for r in rx if r[1]}, {r[1] for r in ry if r[1]}
    if cx & cy:
        return 0.75
    sx, sy = {r[2] for r in rx}, {r[2] for r in ry}
    if sx <= _STATE_FORCE and sy <= _STATE_FORCE:
        return 0.3
    return 0.0  # a disagreement, not a veto


def _different_speakers(a: MentionFeatures, b: MentionFeatures) -> bool:
    """Two speech acts by two different resolved speakers are two utterances. Unlike two armed
    forces (one strike, its perpetrator disputed), a country shared by the speakers proves
    nothing: the Taliban and the Afghan government accuse each other."""
    if a.event_type not in _SPEECH_ACTS or b.event_type not in _SPEECH_ACTS:
        return False
    ka = {r[0] for r in a.actor_refs if r[3]}
    kb = {r[0] for r in b.actor_refs if r[3]}
    if _state_and_government(a.actor_refs, b.actor_refs):
        return False
    return bool(ka) and bool(kb) and not ka & kb


#: directed acts that answer each other: a tariff and the retaliatory tariff, an accusation and
#: the counter-accusation. An attack is left out: one battle is told from either side ("rebels
#: attacked troops", "troops attacked rebels") and is one event.
_ANSWERABLE = frozenset({"SANCTION", "AID", "MOBILIZE", *_SPEECH_ACTS})


def _parties(refs: tuple[Ref, ...]) -> set[str]:
    """Keys and the countries of resolved fillers: "Trump" is also "USA"."""
    return {r[0] for r in refs} | {f"country:{r[1]}" for r in refs if r[3] and r[1]}


def _crossed(a: MentionFeatures, b: MentionFeatures) -> bool:
    """The actor of one is the recipient of the other, and no actor is shared: the two acts go
    in opposite directions (a tariff on Canada and Canada's tariffs on the United States), two
    events however alike their words and day."""
    if a.event_type not in _ANSWERABLE or a.event_type != b.event_type:
        return False
    for x, y in ((a, b), (b, a)):
        ax, ay = _parties(x.actor_refs), _parties(y.actor_refs)
        if ax & _parties(y.recipient_refs) and not ax & ay:
            return True
    return False


#: the answerable acts that are measures, not speech
_MEASURES = _ANSWERABLE - _SPEECH_ACTS


def _two_doers_of_one_sentence(a: MentionFeatures, b: MentionFeatures) -> bool:
    """ "Europe retaliated with its own tariffs ..., while Canada imposed new tariffs on ...": two
    triggers of one sentence whose named doers share nothing are two acts of the kind that
    answer each other (a sanction, aid, a deployment), not one told twice."""
    # (speech acts have their own veto: two speakers, `_different_speakers`)
    if a.event_type not in _MEASURES or a.event_type != b.event_type:
        return False
    if a.document_id != b.document_id or a.sentence_at < 0 or a.sentence_at != b.sentence_at:
        return False
    if a.trigger_at == b.trigger_at:
        return False
    ka, kb = _parties(a.actor_refs), _parties(b.actor_refs)
    return bool(ka) and bool(kb) and not ka & kb


def _another_one(a: MentionFeatures, b: MentionFeatures) -> bool:
    """ "Another crackdown", "another summit": the story tells an act of a kind it told before,
    and not that one; it is no event the story's earlier mentions of that kind report."""
    if a.document_id != b.document_id:
        return False
    return (a.another and 0 <= b.trigger_at < a.trigger_at) or (
        b.another and 0 <= a.trigger_at < b.trigger_at
    )


#: acts that last or that a story dates by the day each part was told: an attack, a siege, a
#: hostage-taking, a detention (the day a statement on it was made is often the date read)
_LASTING = frozenset({"ASSAULT", "COERCE"})


def _dated_apart(a: MentionFeatures, b: MentionFeatures) -> bool:
    """One story dates two acts itself ("on Monday", "last week") to days that do not overlap:
    one writer keeps the days of one act straight, so these are two acts (the crown prince met
    the minister on Monday, the talks he led were on Tuesday; a tariff last week and another on
    Tuesday). Across stories `MAX_GAP_DAYS` stays the slack for days misreported, and lasting
    acts are left out."""
    if a.document_id != b.document_id or a.event_type in _LASTING or b.event_type in _LASTING:
        return False
    if a.interval is None or b.interval is None or a.date_from_doc or b.date_from_doc:
        return False
    (a0, a1), (b0, b1) = a.interval, b.interval
    return b0 > a1 or a0 > b1


def _state_and_government(x: tuple[Ref, ...], y: tuple[Ref, ...]) -> bool:
    """One side names a state as a whole ("the C.A.R. is pleading"), the other that state's
    government ("Central African Republic officials"): a state speaks through its government,
    so they are one speaker. A state's rebels or its other parties are not its government."""
    for p, q in ((x, y), (y, x)):
        states = {r[1] for r in p if r[3] and r[1] and r[0] == f"id:state:{r[1]}"}
        if states & {r[1] for r in q if r[3] and r[2] == "GOV"}:
            return True
    return False


def _shared_participant(a: MentionFeatures, b: MentionFeatures) -> bool:
    """Some resolved or named participant occurs on both sides, in any role."""
    ka = {r[0] for r in (*a.actor_refs, *a.recipient_refs)}
    kb = {r[0] for r in (*b.actor_refs, *b.recipient_refs)}
    return bool(ka & kb)


def _mode_score(a: MentionFeatures, b: MentionFeatures) -> float | None:
    if not a.modes or not b.modes:
        return None
    return 1.0 if a.modes & b.modes else 0.2


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
    # proper names shared by the two evidences: a person, group or place named in both
    names = _names_shared(a.names, b.names)
    return min(1.0, 0.3 * trig + 1.4 * j + 0.2 * min(names, 2))


@lru_cache(maxsize=8192)
def _minus(names: frozenset[str], refs: tuple[Ref, ...]) -> frozenset[str]:
    """`names` without the (spelling variants of the) names of `refs`. Of one mention's own
    names and fillers, so asked again for each pair it is in: cached (both are immutable)."""
    toks = [t for r in refs for t in r[4]]
    if not toks:
        return names
    return frozenset(w for w in names if not any(_near_spelling(w, t) for t in toks))


def _overlap(a: MentionFeatures, b: MentionFeatures) -> bool:
    """The two date intervals overlap and each is a day or only a publication-date bound."""
    if a.interval is None or b.interval is None:
        return False
    (a0, a1), (b0, b1) = a.interval, b.interval
    if b0 > a1 or a0 > b1:
        return False
    return all(f.date_from_doc or f.granularity == "day" for f in (a, b))


def _participants(f: MentionFeatures) -> tuple[Ref, ...]:
    return tuple(sorted(set(f.actor_refs) | set(f.recipient_refs)))


def _participant_score(a: MentionFeatures, b: MentionFeatures) -> float | None:
    """Agreement of the parties of a symmetric event (a deal, talks): roles do not matter ("A
    reached a deal with B" = "B agreed"), and a report naming one party or the broker says nothing
    against another naming a different one."""
    pa, pb = _participants(a), _participants(b)
    s = _role_score(pa, pb)
    if s is not None and s < 0.5:
        if len(pa) == 1 or len(pb) == 1 or _named_in(pa, b.names) or _named_in(pb, a.names):
            return None
        return 0.3
    if s is None and (pa or pb):
        if (pa and _named_in(pa, b.names)) or (pb and _named_in(pb, a.names)):
            return 0.7
    return s


class _Roles(NamedTuple):
    """What the roles of a pair add to the score: the weighted parts, whether a role disagrees,
    and the actors' agreement (None when unknown or the event is symmetric)."""

    parts: list[tuple[float, float | None]]
    disagree: bool
    actors: float | None


def _vetoed(
    a: MentionFeatures,
    b: MentionFeatures,
    arrangement: bool,
    ds: float | None,
    ps: float | None,
) -> bool:
    """The pair can never be one event: dates or places apart, two tolls from one writer, an
    arrangement without a shared participant or place, two speakers."""
    if ds == -1.0 or ps == -1.0:
        return True
    if a.document_id == b.document_id and _size_score(a, b) == 0.2:
        return True  # one writer gives one toll per event: 18 killed and 1 killed are two attacks
    if arrangement and not (_shared_participant(a, b) or (ps is not None and ps >= 0.8)):
        return True
    return (
        _different_speakers(a, b)
        or _different_coercions(a, b)
        or _crossed(a, b)
        or _another_one(a, b)
        or _dated_apart(a, b)
        or _two_doers_of_one_sentence(a, b)
    )


def _roles(a: MentionFeatures, b: MentionFeatures) -> _Roles | None:
    """The role parts of the score; None when actors and recipients both disagree."""
    if a.event_type in _SYMMETRIC and b.event_type in _SYMMETRIC:
        part = _participant_score(a, b)
        return _Roles([(W_ACTORS + W_RECIPIENTS, part)], part is not None and part < 0.5, None)
    # a denial that names no one ("it was not true that the town was taken") denies whatever was
    # reported there and then: its roles are absent, not unknown
    bare_denial = any(f.denied and not f.actor_refs and not f.recipient_refs for f in (a, b))
    # a name in the evidence that fills the other role there is no co-actor ("Syrian jets
    # targeting Alloush" does not make Alloush a co-actor of the Syrian army)
    act = _role_score_text(
        a.actor_refs, b.actor_refs, _minus(a.names, a.recipient_refs),
        _minus(b.names, b.recipient_refs), a.actors_open or b.actors_open, co_actors=True,
    )  # fmt: skip
    rec = _role_score_text(
        a.recipient_refs, b.recipient_refs, _minus(a.names, a.actor_refs),
        _minus(b.names, b.actor_refs), a.recipients_open or b.recipients_open,
    )  # fmt: skip
    # both actors and recipients disagree: two different events that happen to look alike
    # (a soft disagreement between state forces included: Russian vs Syrian jets on Jaysh
    # al-Islam is a dispute, Russian jets on Jaysh al-Islam vs Syrian jets on IS two strikes)
    if act is not None and rec is not None and act < 0.5 and rec < 0.5:
        return None
    disagree = (act is not None and act < 0.5) or (rec is not None and rec < 0.5)
    parts: list[tuple[float, float | None]] = []
    if not bare_denial:
        parts.append((W_ACTORS, act))
        parts.append((W_RECIPIENTS, rec))
    return _Roles(parts, disagree, act)


def _evidence_parts(a: MentionFeatures, b: MentionFeatures) -> list[tuple[float, float | None]]:
    """The weighted parts from the evidence texts, the modes and the tolls (those known)."""
    return [(W_WORDS, _words_score(a, b)), *_mode_size_parts(a, b)]


def _mode_size_parts(a: MentionFeatures, b: MentionFeatures) -> list[tuple[float, float | None]]:
    """The weighted mode and toll parts, those known (the blocking bound adds them as they are)."""
    parts: list[tuple[float, float | None]] = []
    ms = _mode_score(a, b)
    if ms is not None:
        parts.append((W_MODE, ms))
    sz = _size_score(a, b)
    if sz is not None:
        parts.append((W_SIZE, sz))
    return parts


def _unreal_pair(a: MentionFeatures, b: MentionFeatures) -> bool:
    """One side planned or hypothetical, the other not."""
    return (a.modality in _UNREAL) != (b.modality in _UNREAL)


def _same_discourse(
    a: MentionFeatures, b: MentionFeatures, overlap: bool, roles: _Roles, ps: float | None
) -> bool:
    """One writer, one day, one kind of event, nothing apart (a speech act: the same speaker)."""
    same_speaker = roles.actors is not None and roles.actors >= 0.5
    return (
        a.document_id == b.document_id
        and overlap
        and not roles.disagree
        and not _unreal_pair(a, b)
        and (a.event_type == b.event_type and (ps is None or ps >= 0.5))
        and (a.event_type not in _SPEECH_ACTS or same_speaker)
    )


def _different_coercions(a: MentionFeatures, b: MentionFeatures) -> bool:
    """Two coercive acts of different kinds (an arrest, a curfew, an occupation, a media ban) in
    one story with no party in common: the story tells a crackdown's several measures, several
    events, even in one place on one day (issue 14). "Captured the suspect" and "arrested the
    suspect" share him and may still be one."""
    return (
        a.document_id == b.document_id
        and a.event_type == b.event_type == "COERCE"
        and bool(a.modes)
        and bool(b.modes)
        and not a.modes & b.modes
        and not _shared_participant(a, b)
    )


def _anchored(
    a: MentionFeatures, b: MentionFeatures, overlap: bool, disagree: bool, ps: float | None
) -> bool:
    """The same precise place on the same day(s), nobody apart, and the same type or the same
    document."""
    return (
        overlap and not disagree and ps is not None and ps >= 0.8
        and a.place is not None and b.place is not None
        and a.place.precision in _PRECISE and b.place.precision in _PRECISE
        and (a.event_type == b.event_type or a.document_id == b.document_id)
    )  # fmt: skip


def _adjusted(
    a: MentionFeatures, b: MentionFeatures, s: float, overlap: bool, disagree: bool,
    ps: float | None,
) -> float:  # fmt: skip
    """The weighted mean `s` less the type and modality penalties, raised to an anchor floor."""
    if a.event_type != b.event_type:
        s -= TYPE_PENALTY
    if _unreal_pair(a, b):
        s -= 0.1  # a plan or a possibility is seldom the happening another report asserts
    elif _anchored(a, b, overlap, disagree, ps):
        # the same precise place on the same day(s), nobody apart: strong evidence on its own
        # (same type), or within one document for compatible types (the battle for a town and
        # its capture)
        s = max(s, ANCHOR_SAME_TYPE if a.event_type == b.event_type else ANCHOR_SAME_DOC)
    return s


def score(a: MentionFeatures, b: MentionFeatures) -> float | None:
    """Coreference score in [0, 1], None when the two cannot be one event."""
    arrangement = _arrangement_pair(a, b)
    if not arrangement and not compatible_types(a.event_type, b.event_type):
        return None
    ds = _date_score(a, b)
    ps = _place_score(a, b)
    if _vetoed(a, b, arrangement, ds, ps):
        return None
    roles = _roles(a, b)
    if roles is None:
        return None
    parts = [*roles.parts, (W_DATE, ds), (W_PLACE, ps), *_evidence_parts(a, b)]
    overlap = _overlap(a, b)
    if _same_discourse(a, b, overlap, roles, ps):
        # the discourse keeps returning to the same happening ("the deal", "the evacuation deal")
        parts.append((W_DISCOURSE, 1.0))
    num = sum(w * (0.5 if s is None else s) for w, s in parts)
    den = sum(w for w, _ in parts)
    s = _adjusted(a, b, num / den, overlap, roles.disagree, ps)
    if s > UNCONFIRMED and not shared_evidence(a, b):
        # same type, same days, same country and nothing else in common: two events as likely
        s = UNCONFIRMED
    return max(0.0, min(1.0, s))
