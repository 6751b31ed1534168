"""Synthetic event mentions for timing the merge (no NLP): `mentions(n, seed)`.

Mentions of a few event types in documents spread over `days` days and a dozen countries, with
duplicate groups (the same happening told by several documents: same day or a day off, same or a
nearby place, the same actors), a share without a place or a date, and a few documents without
any date (merge dates them by the events they join). Deterministic for a seed.
"""

from __future__ import annotations

import random
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
