"""From a cluster of mentions to one `Event`: claims, status, chosen fields, disputes.

In: the mentions of one cluster, their `MergeDoc`s, source groups. Out: an `Event`.

- Claims: one per mention, ordered by (published, document id, mention id); dispute values
  point at claims by index in that order.
- Status: `reported` (one independent source asserting), `corroborated` (two or more independent
  sources asserting), `contested` (asserted and denied), `denied` (only denials). A "report"
  stance (the outlet's own voice) counts as asserting; a negated mention counts as a denial.
  Only asserted or hedged mentions assert: a planned or hypothetical mention ("will attack",
  "if they attack") says nothing about whether the event happened, so it stays a claim on the
  event without a vote, and an event that has nothing else gets the status `planned` or
  `hypothetical`, which exports show and `claimgraph events` hides unless asked.
- Historical background ("the 2009 attack" in a 2025 story): an event whose date ends more than
  `HISTORICAL_DAYS` before its earliest report gets the mode `historical`, and so does one that
  every asserting mention tells as undated past background ("Ankara has previously threatened":
  a date reason starting with `model.PAST_REFERENCE`, set by `when.background`).
- Fields: each value is voted for by independent sources (one vote per source group and value),
  ties broken by precision and then a stable key, so no input order leaks into the result.
- Disputes: when claims that state a field disagree (actors, recipients, location, date, size),
  each value is listed with the indices of the claims that support it. A coarser place that
  contains the chosen one, or a month that contains the chosen day, is not a dispute.
- Id: "evt_" + hash of the defining mention (the one from the earliest published document, ties
  by mention id), so an event keeps its id as later reports join it.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import logging
from collections import defaultdict
from collections.abc import Callable, Hashable, Mapping
from typing import Any, TypeVar

from claimgraph.events.acled import acled_for
from claimgraph.events.acled_model import code_names
from claimgraph.model import (
    PAST_REFERENCE,
    ActorRef,
    Claim,
    Count,
    Dispute,
    DisputeValue,
    Event,
    EventMention,
    Place,
    Size,
    TimeRef,
)

from .docs import MergeDoc
from .features import _OPEN_SET, _norm_name, actor_key, date_interval, haversine_km, place_key

__all__ = ["build_event", "event_id", "defining_mention"]

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)

_PRECISION_RANK = {"exact": 0, "near": 1, "town": 2, "region": 3, "country": 4}
_GRAN_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
_MODALITY_RANK = {"asserted": 0, "hedged": 1, "planned": 2, "hypothetical": 3, "negated": 4}

log = logging.getLogger(__name__)


def _published(m: EventMention, docs: Mapping[str, MergeDoc]) -> str:
    d = docs.get(m.document_id)
    return (d.published or "") if d is not None else ""


def _claim_key(m: EventMention, docs: Mapping[str, MergeDoc]) -> tuple[int, str, str, str]:
    pub = _published(m, docs)
    return (0 if pub else 1, pub, m.document_id, m.id)


def defining_mention(mentions: list[EventMention], docs: Mapping[str, MergeDoc]) -> EventMention:
    return min(mentions, key=lambda m: _claim_key(m, docs))


def event_id(defining: EventMention) -> str:
    return "evt_" + hashlib.sha1(defining.id.encode()).hexdigest()[:16]


def stance_of(m: EventMention) -> str:
    if m.modality == "negated":
        return "deny"
    return m.attribution.stance or "report"


def _vote(
    items: list[tuple[int, K, T]],
    groups: list[str],
    tiebreak: Callable[[K, T], Any],
) -> tuple[K, T, dict[K, list[int]]] | None:
    """items: (claim index, value key, value). Winner by independent-source votes."""
    if not items:
        return None
    support: dict[K, list[int]] = defaultdict(list)
    votes: dict[K, set[str]] = defaultdict(set)
    sample: dict[K, T] = {}
    for ci, key, val in items:
        support[key].append(ci)
        votes[key].add(groups[ci])
        sample.setdefault(key, val)  # items come in claim order: the earliest claim's value
    best = min(
        support,
        key=lambda k: (-len(votes[k]), -len(support[k]), tiebreak(k, sample[k]), str(k)),
    )
    return best, sample[best], dict(support)


def _dispute(fld: str, support: dict[K, list[int]], render: Callable[[K], Any]) -> Dispute:
    vals = [
        DisputeValue(value=render(k), claims=sorted(cis))
        for k, cis in sorted(support.items(), key=lambda kv: (-len(kv[1]), min(kv[1])))
    ]
    return Dispute(field=fld, values=vals)


def _is_place_name(a: ActorRef, m: EventMention) -> bool:
    """An unresolved "participant" that is only the event's place ("attacked Albu Kamal")."""
    if a.actor_id or m.place is None:
        return False
    return _norm_name(a.name) == _norm_name(m.place.name)


def _actor_field(
    mentions: list[EventMention], groups: list[str], attr: str
) -> tuple[list[ActorRef], Dispute | None]:
    items: list[tuple[int, tuple[str, ...], list[ActorRef]]] = []
    denied: list[tuple[int, tuple[str, ...], list[ActorRef]]] = []
    names: dict[str, str] = {}
    open_keys: set[tuple[str, ...]] = set()
    for ci, m in enumerate(mentions):
        refs: list[ActorRef] = [a for a in getattr(m, attr) if not _is_place_name(a, m)]
        if not refs:
            continue
        key = tuple(sorted({actor_key(a) for a in refs}))
        for a in refs:
            names.setdefault(actor_key(a), a.name)
        if any(not a.actor_id and _OPEN_SET.search(a.name) for a in refs):
            open_keys.add(key)
        # what a denial names is what it says did not happen: it votes only when nothing else
        # states the field
        (denied if stance_of(m) == "deny" else items).append((ci, key, refs))
    res = _vote(items or denied, groups, lambda k, v: -sum(1 for a in v if a.actor_id))
    if res is None:
        return [], None
    key, refs, support = res
    # one ActorRef per key, resolved ones preferred, positions dropped (they belong to a doc)
    chosen: dict[str, ActorRef] = {}
    for a in sorted(refs, key=lambda a: (actor_key(a), a.name)):
        chosen.setdefault(actor_key(a), a.model_copy(update={"start": None, "end": None}))
    out = [chosen[k] for k in sorted(chosen)]
    dispute = None
    if len(support) > 1:
        # against the chosen value: a claim naming a subset/superset of it is no disagreement,
        # nor one naming others when either names an open set of partners ("X and its allies"),
        # nor one naming only unresolved fillers ("the town", "gunmen"): those can only agree
        chosen_keys = set(key)

        def disagrees(k: tuple[str, ...]) -> bool:
            ks = set(k)
            if ks <= chosen_keys or chosen_keys <= ks or k in open_keys or key in open_keys:
                return False
            return any(x.startswith("id:") for x in ks) and any(
                x.startswith("id:") for x in chosen_keys
            )

        if any(disagrees(k) for k in support if k != key):

            def render(k: tuple[str, ...]) -> Any:
                ns = [names[x] for x in k]
                return ns[0] if len(ns) == 1 else ns

            dispute = _dispute(attr, support, render)
    return out, dispute


def _one_side(
    actors: list[ActorRef], recipients: list[ActorRef], mentions: list[EventMention]
) -> tuple[list[ActorRef], list[ActorRef]]:
    """One party on one side of an event: a party the claims name as actor and as recipient
    keeps the side more claims name it on (ties: the side of the best-ranked claim), unless one
    sentence puts it on both sides (fighting within a group)."""

    def keys(refs: list[ActorRef]) -> set[str]:
        return {actor_key(a) for a in refs}

    both = keys(actors) & keys(recipients)
    if not both:
        return actors, recipients
    drop_act: set[str] = set()
    drop_rec: set[str] = set()
    for k in both:
        if any(k in keys(m.actors) and k in keys(m.recipients) for m in mentions):
            continue
        on_act = [i for i, m in enumerate(mentions) if k in keys(m.actors)]
        on_rec = [i for i, m in enumerate(mentions) if k in keys(m.recipients)]
        if (len(on_act), -min(on_act, default=len(mentions))) >= (
            len(on_rec),
            -min(on_rec, default=len(mentions)),
        ):
            drop_rec.add(k)
        else:
            drop_act.add(k)
    return (
        [a for a in actors if actor_key(a) not in drop_act],
        [a for a in recipients if actor_key(a) not in drop_rec],
    )


def _place_contains(big: Place, small: Place) -> bool:
    """True when `big` is a coarser place consistent with `small` (region containing a town)."""
    if _PRECISION_RANK.get(big.precision, 2) <= _PRECISION_RANK.get(small.precision, 2):
        return False
    if big.precision == "country":
        return not big.country or not small.country or big.country == small.country
    if big.admin1 and small.admin1:
        return big.admin1 == small.admin1
    if None not in (big.lat, big.lon, small.lat, small.lon):
        return haversine_km(big.lat, big.lon, small.lat, small.lon) <= 60.0  # type: ignore[arg-type]
    return False


def _same_place(a: Place, b: Place) -> bool:
    if place_key(a) == place_key(b):
        return True
    if None not in (a.lat, a.lon, b.lat, b.lon):
        return haversine_km(a.lat, a.lon, b.lat, b.lon) <= 5.0  # type: ignore[arg-type]
    return False


def _location(
    mentions: list[EventMention], groups: list[str]
) -> tuple[Place | None, Dispute | None]:
    items = [(ci, place_key(m.place), m.place) for ci, m in enumerate(mentions) if m.place]
    res = _vote(
        items,
        groups,
        lambda k, p: (_PRECISION_RANK.get(p.precision, 2), p.name),
    )
    if res is None:
        return None, None
    key, place, support = res
    place = place.model_copy(update={"start": None, "end": None})
    samples = {k: p for _, k, p in items}
    disagreeing = [
        k for k in support
        if k != key and not _same_place(samples[k], place)
        and not _place_contains(samples[k], place) and not _place_contains(place, samples[k])
    ]  # fmt: skip
    dispute = _dispute("location", support, lambda k: samples[k].name) if disagreeing else None
    return place, dispute


def _date(mentions: list[EventMention], groups: list[str]) -> tuple[TimeRef | None, Dispute | None]:
    items: list[tuple[int, tuple[str, str | None, str], TimeRef]] = []
    fallback: list[tuple[int, tuple[str, str | None, str], TimeRef]] = []
    for ci, m in enumerate(mentions):
        d = m.date
        if d is None or not d.value:
            continue
        # no time expression: the when stage's publication-date fallback states nothing about the
        # event's date, so it only counts when no claim states one
        (fallback if d.type == "approximate" and d.text is None else items).append(
            (ci, (d.value, d.end_value, d.granularity), d)
        )
    if not items:
        items = fallback
    res = _vote(
        items,
        groups,
        lambda k, d: (_GRAN_RANK.get(d.granularity, 3), d.value),
    )
    if res is None:
        return None, None
    key, tr, support = res
    chosen = TimeRef(
        value=tr.value, end_value=tr.end_value, granularity=tr.granularity, type=tr.type,
        reason=tr.reason,
    )  # fmt: skip
    ci_int = date_interval(tr.value, tr.end_value, tr.granularity)
    samples = {k: d for _, k, d in items}

    def consistent(d: TimeRef) -> bool:
        iv = date_interval(d.value, d.end_value, d.granularity)
        if iv is None or ci_int is None:
            return True
        # one contains the other: a coarser statement of the same date
        return (iv[0] <= ci_int[0] and ci_int[1] <= iv[1]) or (
            ci_int[0] <= iv[0] and iv[1] <= ci_int[1]
        )

    disputed = any(not consistent(samples[k]) for k in support if k != key)
    dispute = _dispute("date", support, lambda k: samples[k].value) if disputed else None
    return chosen, dispute


def _size(mentions: list[EventMention], groups: list[str]) -> tuple[Size, list[Dispute]]:
    out: dict[str, Count | None] = {}
    disputes: list[Dispute] = []
    for kind in ("dead", "injured", "arrested"):
        items: list[tuple[int, int, Count]] = []
        lows: list[int] = []
        highs: list[int] = []
        for ci, m in enumerate(mentions):
            c: Count | None = getattr(m.size, kind)
            if c is None:
                continue
            best = next((v for v in (c.best, c.low, c.high) if v is not None), None)
            if best is None:
                continue
            items.append((ci, best, c))
            lows.append(c.low if c.low is not None else best)
            highs.append(c.high if c.high is not None else best)
        res = _vote(items, groups, lambda k, c: -k)
        if res is None:
            out[kind] = None
            continue
        best, _, support = res
        out[kind] = Count(low=min(lows), best=best, high=max(highs))
        if len(support) > 1:
            disputes.append(_dispute(f"size.{kind}", support, lambda k: k))
    return Size(**out), disputes


#: statuses of events that (as far as the sources say) happened; the others did not or not yet
FACTUAL_STATUSES = ("reported", "corroborated", "contested")
UNREAL_STATUSES = ("denied", "planned", "hypothetical")
_FACTUAL_MODALITIES = frozenset({"asserted", "hedged"})
#: background older than this before the first report is history, not a current event
HISTORICAL_DAYS = 365


def _status(mentions: list[EventMention], stances: list[str], groups: list[str]) -> str:
    asserting, denying = set(), set()
    for m, s, g in zip(mentions, stances, groups, strict=True):
        if s == "deny":
            denying.add(g)
        elif m.modality in _FACTUAL_MODALITIES:
            asserting.add(g)
    if asserting and denying:
        return "contested"
    if denying:
        return "denied"
    if asserting:
        return "corroborated" if len(asserting) >= 2 else "reported"
    return "planned" if any(m.modality == "planned" for m in mentions) else "hypothetical"


def _historical(date: TimeRef | None, claims: list[Claim]) -> bool:
    """The event's date ends more than HISTORICAL_DAYS before its earliest report."""
    if date is None or not date.value:
        return False
    iv = date_interval(date.value, date.end_value, date.granularity)
    published = sorted(c.published for c in claims if c.published and c.published[:1].isdigit())
    if iv is None or not published:
        return False
    try:
        first = _dt.date.fromisoformat(published[0][:10])
    except ValueError:
        return False
    return (first - iv[1]).days > HISTORICAL_DAYS


def _background(mentions: list[EventMention]) -> bool:
    """Every mention that says the event happened tells it as undated past background ("In past
    tensions, Ankara has threatened"; `when.background`), and none dates it itself."""
    factual = [m for m in mentions if m.modality in _FACTUAL_MODALITIES]
    return (
        bool(factual)
        and all(m.date is not None and m.date.reason.startswith(PAST_REFERENCE) for m in factual)
        and not any(m.date is not None and m.date.text for m in mentions)
    )


def _acled(
    event_type: str,
    modes: list[str],
    ms: list[EventMention] | None = None,
    groups: list[str] | None = None,
) -> dict[str, str | None]:
    """ACLED event_type / sub_event_type: the mentions' classified codes by independent-source
    vote (codes ACLED does not code abstain), else the rule map of the PLOVER type and modes."""
    try:
        rule = dict(acled_for(event_type, modes))
        if ms and groups and rule.get("sub_event_type"):
            names = code_names()
            items = [(i, m.acled_code, m.acled_code) for i, m in enumerate(ms)
                     if m.event_type == event_type and m.acled_code and names.get(m.acled_code)]  # fmt: skip
            vote = _vote(items, groups, lambda k, v: str(k))
            if vote is not None:
                et, sub = names[str(vote[0])]  # type: ignore[misc]
                return {"event_type": et, "sub_event_type": sub}
        return rule
    except (KeyError, ValueError, TypeError) as err:
        # a mapping gap must not lose the event, nor pass unseen
        log.warning("no ACLED type for %s %s: %s", event_type, modes, err)
        return {}


_SEIZE_MODES = frozenset({"seize", "occupy"})
_REAL = frozenset({"asserted", "hedged", "negated"})


def _seizure(m: EventMention) -> bool:
    return m.event_type == "COERCE" and bool(_SEIZE_MODES & set(m.mode)) and m.modality in _REAL


def _without_roles(m: EventMention) -> EventMention:
    return m.model_copy(update={"actors": [], "recipients": []})


def _one_per_sentence(ms: list[EventMention], event_type: str) -> list[EventMention]:
    """One claim per (document, sentence): two triggers of one sentence in one event are one
    statement, not two sources (nor an assertion and a denial of itself). The kept mention is
    the one of the event's type, then an explicit denial by a speaker, then a factual one."""
    by_sentence: dict[tuple[str, int, int], list[EventMention]] = defaultdict(list)
    for m in ms:
        by_sentence[(m.document_id, m.evidence.start, m.evidence.end)].append(m)

    def rank(m: EventMention) -> tuple[int, int, int]:
        explicit_denial = m.attribution.stance == "deny" and m.attribution.speaker is not None
        return (m.event_type != event_type, not explicit_denial, _MODALITY_RANK.get(m.modality, 9))

    kept = {min(group, key=lambda m: (*rank(m), m.id)).id for group in by_sentence.values()}
    return [m for m in ms if m.id in kept]


def _event_type(every: list[EventMention], doc_groups: Mapping[str, str]) -> str:
    """The type voted by independent sources; a battle reported with the capture it ended in is
    the capture."""
    type_vote = _vote(
        [(i, m.event_type, m.event_type) for i, m in enumerate(every)],
        [doc_groups.get(m.document_id, m.document_id) for m in every],
        lambda k, v: str(k),
    )
    assert type_vote is not None
    event_type = str(type_vote[0])
    if event_type == "ASSAULT" and any(_seizure(m) for m in every):
        # the fighting for a place and its capture reported together: the capture is the event
        # (ACLED codes a battle that changes who holds territory by the territorial change)
        event_type = "COERCE"
    return event_type


def _claims(
    ms: list[EventMention], docs: Mapping[str, MergeDoc], doc_groups: Mapping[str, str]
) -> list[Claim]:
    claims = []
    for m in ms:
        d = docs.get(m.document_id)
        claims.append(
            Claim(
                document_id=m.document_id,
                outlet=d.outlet if d else None,
                published=d.published if d else None,
                speaker=m.attribution.speaker,
                stance=stance_of(m),
                modality=m.modality,
                evidence=m.evidence,
                mention_id=m.id,
                source_group=doc_groups.get(m.document_id),
            )
        )
    return claims


def _participants(
    ms: list[EventMention], event_type: str, groups: list[str]
) -> tuple[list[ActorRef], list[ActorRef], list[Dispute]]:
    """Actors, recipients and their disputes. Who did what to whom comes from the mentions of
    this event's type: the speaker of a "said" (REQUEST) or the accuser of an ACCUSE in the
    cluster is not the attack's actor."""
    role_types = {event_type} | (
        {"ASSAULT"} if event_type == "COERCE" and any(map(_seizure, ms)) else set()
    )
    role_ms = [m if m.event_type in role_types else _without_roles(m) for m in ms]
    actors, d_act = _actor_field(role_ms, groups, "actors")
    recipients, d_rec = _actor_field(role_ms, groups, "recipients")
    actors, recipients = _one_side(actors, recipients, role_ms)
    return actors, recipients, [d for d in (d_act, d_rec) if d is not None]


def build_event(
    mentions: list[EventMention], docs: Mapping[str, MergeDoc], doc_groups: Mapping[str, str]
) -> Event:
    """One event from one cluster of mentions (any order)."""
    every = sorted(mentions, key=lambda m: _claim_key(m, docs))
    event_type = _event_type(every, doc_groups)
    ms = _one_per_sentence(every, event_type)
    groups = [doc_groups.get(m.document_id, m.document_id) for m in ms]
    claims = _claims(ms, docs, doc_groups)
    same_type = [m for m in ms if m.event_type == event_type]
    mode = sorted({x for m in same_type for x in m.mode})
    context = sorted({x for m in ms for x in m.context})
    actors, recipients, d_roles = _participants(ms, event_type, groups)
    location, d_loc = _location(ms, groups)
    date, d_date = _date(ms, groups)
    size, d_size = _size(ms, groups)
    disputes = [*d_roles, *(d for d in (d_loc, d_date) if d is not None), *d_size]
    modality = min((m.modality for m in ms), key=lambda x: (_MODALITY_RANK.get(x, 9), x))
    status = _status(ms, [c.stance for c in claims], groups)
    acled = _acled(event_type, mode, ms, groups)
    if _historical(date, claims) or _background(ms):
        mode = sorted({*mode, "historical"})
    documents = list(dict.fromkeys(m.document_id for m in ms))
    return Event(
        id=event_id(defining_mention(ms, docs)),
        event_type=event_type,
        mode=mode,
        context=context,
        acled=acled,
        actors=actors,
        recipients=recipients,
        date=date,
        location=location,
        size=size,
        status=status,
        modality=modality,
        claims=claims,
        disputes=disputes,
        documents=documents,
        n_sources=len(set(groups)),
        mention_ids=sorted(m.id for m in every),
    )
