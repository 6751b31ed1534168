"""Synthetic event mentions for timing the merge (no NLP): `mentions(n, seed)`.

Mentions of a few event types in documents spread over `days` days and a dozen countries, with
duplicate groups (the same happening told by several documents: same day or a day off, same or a
nearby place, the same actors), a share without a place or a date, and a few documents without
any date (merge dates them by the events they join). Deterministic for a seed.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta

from claimgraph.merge import MergeDoc
from claimgraph.model import ActorRef, Evidence, EventMention, Place, Span, TimeRef

TYPES = ["ASSAULT", "ASSAULT", "ASSAULT", "COERCE", "PROTEST", "AGREE", "ACCUSE", "RETREAT"]
COUNTRIES = ["SY", "IQ", "YE", "LY", "AF", "ML", "SO", "SD", "NG", "UA", "LB", "PS"]
_SYL = [
    "ka",
    "ri",
    "mo",
    "ta",
    "shi",
    "lu",
    "be",
    "no",
    "za",
    "qu",
    "de",
    "fa",
    "gho",
    "yi",
    "pe",
    "ru",
]
#: distinct made-up names (names shared by every mention would make every pair look alike)
ACTORS = [
    f"{(a + b + c).capitalize()} {(c + a).capitalize()}"
    for a in _SYL
    for b in _SYL
    for c in _SYL[:8]
]
#: words of the story told, drawn per happening (reports of one happening share their words)
VOCAB = [
    f"w{chr(97 + i)}{chr(97 + j)}{chr(97 + k)}"
    for i in range(26)
    for j in range(26)
    for k in range(4)
]
TOWNS = [(a + b + c).capitalize() for a in _SYL for b in _SYL[:5] for c in _SYL[:5]]


def mentions(
    n: int, seed: int = 0, per_day: float = 40.0
) -> tuple[list[EventMention], dict[str, MergeDoc]]:
    """About `n` mentions; the span of days grows with n (`per_day` mentions a day), as a longer
    archive does, so the density per day stays that of a busy year of coverage."""
    rng = random.Random(seed)
    days = max(30, int(n / per_day))
    start = date(2016, 1, 1)
    out: list[EventMention] = []
    docs: dict[str, MergeDoc] = {}
    k = 0
    while len(out) < n:
        # one happening, told by 1-4 documents, each in 1-3 sentences
        day = start + timedelta(days=rng.randrange(days))
        etype = rng.choice(TYPES)
        country = rng.choice(COUNTRIES)
        town = rng.randrange(len(TOWNS))
        lat, lon = 10 + town % 20 + rng.random() * 0.02, 20 + town // 20 + rng.random() * 0.02
        actor, target = rng.sample(ACTORS, 2)
        dead = rng.choice([None, None, rng.randrange(1, 40)])
        story = " ".join(rng.sample(VOCAB, 8))
        for _ in range(rng.choice([1, 1, 2, 3, 4])):
            k += 1
            doc_id = f"d{seed}-{k:07d}"
            undated_doc = rng.random() < 0.01
            pub = (
                None
                if undated_doc
                else (day + timedelta(days=rng.choice([0, 0, 1, 2]))).isoformat()
            )
            text = f"{actor} attacked {target} in {TOWNS[town]} on {day.isoformat()}. " * 3
            docs[doc_id] = MergeDoc(
                id=doc_id, outlet=f"outlet{rng.randrange(60)}.example", published=pub, text=text
            )
            for s in range(rng.choice([1, 1, 2, 3])):
                told = day + timedelta(days=rng.choice([0, 0, 0, 1]))
                dated = rng.random() > 0.1
                placed = rng.random() > 0.2
                told_words = " ".join(rng.sample(story.split(), 5))
                ev = f"{actor} attacked {target} in {TOWNS[town]}, {told_words}, killing {dead or 'some'} people."
                out.append(EventMention(
                    id=f"m-{doc_id}-{s}", document_id=doc_id, event_type=etype,
                    trigger=Span(start=0, end=8, text="attacked"),
                    actors=[ActorRef(name=actor, actor_id=f"act_{actor.replace(' ', '_')}")],
                    recipients=[ActorRef(name=target)],
                    place=Place(name=TOWNS[town], geonames_id=100000 + town, lat=lat, lon=lon,
                                country=country, precision="town") if placed else None,
                    date=TimeRef(text="on Monday", value=told.isoformat(), type="exact") if dated else None,
                    evidence=Evidence(text=ev, segment="body", start=0, end=len(ev)),
                ))  # fmt: skip
    return out[:n], docs


# -- a fixed span: a year of dense coverage (issue 19) ----------------------------------------

#: event types as often as the pipeline finds them in the demo stories (1,033 mentions)
TYPE_WEIGHTS = {
    "ASSAULT": 257, "CONSULT": 99, "ACCUSE": 84, "COERCE": 84, "REQUEST": 79, "AGREE": 78,
    "THREATEN": 61, "SANCTION": 61, "RETREAT": 55, "REJECT": 47, "SUPPORT": 46, "MOBILIZE": 20,
    "PROTEST": 19, "AID": 19, "COOPERATE": 15, "CONCEDE": 9,
}  # fmt: skip
TRIGGERS = {t: t.lower()[:6] + "ed" for t in TYPE_WEIGHTS}
#: a year of Syrian coverage: most placed mentions in Syria, the rest in its neighbours
COUNTRY_WEIGHTS = {"SY": 50, "IQ": 12, "TR": 10, "LB": 8, "JO": 5, "IL": 5, "RU": 5, "US": 5}
#: unresolved fillers every story uses ("gunmen", "government forces"): shared by many happenings
GENERIC = ["gunmen", "government forces", "rebels", "militants", "civilians", "the army"]
MODALITIES = {"asserted": 72, "hypothetical": 10, "planned": 8, "negated": 7, "hedged": 3}


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class _Happening:
    """One thing that happened: its type, day, country, town, parties, toll and words."""

    def __init__(self, rng: random.Random, day: date) -> None:
        self.day = day
        self.etype = _pick(rng, TYPE_WEIGHTS)
        self.country = _pick(rng, COUNTRY_WEIGHTS)
        self.town = rng.randrange(len(TOWNS))
        self.actor, self.target = rng.sample(ACTORS, 2)
        self.dead = rng.choice([None, None, None, None, rng.randrange(1, 40)])
        self.story = rng.sample(VOCAB, 8)


def _date_of(rng: random.Random, h: _Happening, pub: date) -> TimeRef | None:
    """As the when stage dates mentions: mostly the publication-date fallback (no time
    expression: a week), some a day, a month or a year, a few none."""
    r = rng.random()
    if r < 0.62:
        return TimeRef(value=pub.isoformat(), granularity="week", type="approximate")
    if r < 0.82:
        return TimeRef(text="on Monday", value=h.day.isoformat(), type="exact")
    if r < 0.89:
        return TimeRef(text="in March", value=h.day.isoformat()[:7] + "-01", granularity="month",
                       type="approximate")  # fmt: skip
    if r < 0.96:
        return TimeRef(text="this year", value=f"{h.day.year}-01-01", granularity="year",
                       type="approximate")  # fmt: skip
    return None


def _place_of(rng: random.Random, h: _Happening) -> Place | None:
    """Half unplaced, a quarter the country only, the rest the town."""
    r = rng.random()
    if r < 0.5:
        return None
    if r < 0.75:
        return Place(name=h.country, geonames_id=900 + list(COUNTRY_WEIGHTS).index(h.country),
                     country=h.country, precision="country")  # fmt: skip
    lat, lon = 30 + h.town % 20 * 0.3, 35 + h.town // 20 * 0.3
    return Place(name=TOWNS[h.town], geonames_id=100000 + h.town, lat=lat, lon=lon,
                 country=h.country, precision="town")  # fmt: skip


def _role(rng: random.Random, name: str, p_named: float) -> list[ActorRef]:
    r = rng.random()
    if r < p_named:
        return [ActorRef(name=name, actor_id=f"act_{name.replace(' ', '_')}")]
    if r < p_named + 0.15:
        return [ActorRef(name=rng.choice(GENERIC))]
    return []


def _mention(rng: random.Random, h: _Happening, doc_id: str, s: int, pub: date) -> EventMention:
    words = " ".join(rng.sample(h.story, 5) + rng.sample(VOCAB, 4))
    dead = h.dead if h.dead is not None and rng.random() < 0.5 else None
    ev = f"{h.actor} {TRIGGERS[h.etype]} {h.target} in {TOWNS[h.town]}, {words}."
    start = 300 * s
    return EventMention(
        id=f"m-{doc_id}-{s:02d}", document_id=doc_id, event_type=h.etype,
        trigger=Span(start=start, end=start + 8, text=TRIGGERS[h.etype]),
        actors=_role(rng, h.actor, 0.35), recipients=_role(rng, h.target, 0.3),
        place=_place_of(rng, h), date=_date_of(rng, h, pub),
        modality=_pick(rng, MODALITIES),
        size={"dead": {"best": dead}} if dead else {},
        evidence=Evidence(text=ev, segment="body", start=start, end=start + len(ev)),
    )  # fmt: skip


def year_mentions(
    n: int, seed: int = 0, span_days: int = 365
) -> tuple[list[EventMention], dict[str, MergeDoc]]:
    """About `n` mentions of documents published over a fixed `span_days` (a year of coverage,
    so the density per day grows with n, as an archive of one conflict's year does).

    As the synthetic corpus's documents look to the pipeline: ~7.5 mentions a document (3-12),
    telling 1-4 happenings, two in five of them told already by earlier stories of the last
    week; types as often as in the demo stories; ~60% of dates the publication-date fallback,
    20% a day, 7% a month, 7% a year; half unplaced, a quarter placed by country only; each
    story written by 1-4 outlets (the same mentions, the same or the next day)."""
    rng = random.Random(seed)
    start = date(2016, 1, 1)
    by_day: dict[date, list[_Happening]] = defaultdict(list)
    out: list[EventMention] = []
    docs: dict[str, MergeDoc] = {}
    k = 0
    while len(out) < n:
        pub = start + timedelta(days=rng.randrange(span_days))
        told = []
        for _ in range(rng.choice([1, 2, 2, 3, 4])):
            old = by_day.get(pub - timedelta(days=rng.randrange(8)))
            if old and rng.random() < 0.4:
                told.append(rng.choice(old))
            else:
                told.append(_Happening(rng, pub - timedelta(days=rng.choice([0, 0, 1, 2]))))
                by_day[told[-1].day].append(told[-1])
        plan = [(rng.choice(told), s) for s in range(rng.randint(3, 12))]
        for copy in range(rng.choice([1, 1, 2, 3, 4])):
            k += 1
            doc_id = f"y{seed}-{k:07d}"
            day = pub + timedelta(days=rng.choice([0, 0, 1]) if copy else 0)
            sub = random.Random(seed * 10**8 + k - copy)  # a copy tells the same mentions
            ms = [_mention(sub, h, doc_id, s, day) for h, s in plan]
            text = " ".join(m.evidence.text for m in ms) + f" {copy}"
            docs[doc_id] = MergeDoc(id=doc_id, outlet=f"outlet{rng.randrange(60)}.example",
                                    published=day.isoformat(), text=text)  # fmt: skip
            out.extend(ms)
    return out[:n], docs
