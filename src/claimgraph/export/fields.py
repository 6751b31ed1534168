"""Flat, typed fields of an event record, shared by the CSV and GeoJSON writers.

In: one export record (`records.event_record`, DESIGN.md §4). Out: scalars, None where the record
does not know the value (never a made-up day, never 0 for an unknown count, never a hash for a
source). `flat(rec)` gathers them all; the writers only rename and format.

Best evidence (`best_claim`): the claim a reader should see first. Ranked by the claim's modality
(it happened, asserted or hedged, before planned or hypothetical), then stance (assert, then
report, then deny), then segment (body before title and caption), then how many of the event's own
fields the sentence names (actor and recipient names, the location name, the dead count when it is
known), then the earliest publication date (unknown last), document id and offset, so the choice is
deterministic.
"""

from __future__ import annotations

import functools
import re
from typing import Any
from urllib.parse import urlsplit

from claimgraph.events.acled import acled_for

Record = dict[str, Any]

_STANCE_RANK = {"assert": 0, "report": 1, "deny": 2}
_SEGMENT_RANK = {"body": 0, "title": 1, "caption": 1}
_FULL_YEAR = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_GRANULARITIES = ("day", "week", "month", "year")
# ACLED's time_precision: 1 the day is known, 2 the week or month, 3 only the year
_TIME_PRECISION = {"day": 1, "week": 2, "month": 2, "year": 3}
# ACLED's geo_precision: 1 the place itself, 2 near it / its district, 3 the province or country
_GEO_PRECISION = {"exact": 1, "near": 1, "town": 1, "region": 2, "country": 3}

# ACLED's country names where they differ from pycountry's common name (ACLED codebook usage)
_ACLED_COUNTRY = {
    "CD": "Democratic Republic of Congo",
    "CG": "Republic of Congo",
    "CI": "Ivory Coast",
    "CZ": "Czech Republic",
    "PS": "Palestine",
    "RU": "Russia",
    "TR": "Turkey",
    "XK": "Kosovo",
}

_NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
).split()
_TENS = dict(zip(range(30, 100, 10), "thirty forty fifty sixty seventy eighty ninety".split()))


# --- small helpers ------------------------------------------------------------------------------


def names(actors: list[Record] | None) -> list[str]:
    """The names of a record's actors (or recipients), empty names dropped."""
    return [a["name"] for a in actors or [] if a.get("name")]


def joined(values: list[str], sep: str = "; ") -> str | None:
    return sep.join(values) if values else None


@functools.lru_cache(maxsize=512)
def country_name(code: str | None) -> str | None:
    """ISO 3166 alpha-2 (or alpha-3) code -> the country name ACLED writes ("SY" -> "Syria");
    None when the code is missing or unknown."""
    if not code:
        return None
    code = code.strip().upper()
    if code in _ACLED_COUNTRY:
        return _ACLED_COUNTRY[code]
    import pycountry

    try:
        c = (
            pycountry.countries.get(alpha_2=code)
            if len(code) == 2
            else pycountry.countries.get(alpha_3=code)
        )
    except (KeyError, LookupError):
        c = None
    if c is None:
        return None
    if c.alpha_2 in _ACLED_COUNTRY:
        return _ACLED_COUNTRY[c.alpha_2]
    return getattr(c, "common_name", None) or c.name


# --- date ---------------------------------------------------------------------------------------


def event_date(rec: Record) -> str | None:
    """The event's ISO date, or None when there is none or its year is unknown (`--MM-DD`)."""
    value = (rec.get("date") or {}).get("value")
    if not value or not _FULL_YEAR.match(str(value)):
        return None
    return str(value)


def date_precision(rec: Record) -> str | None:
    """day | week | month | year: how much of the date is known (None without a date). A range
    of days is widened to what it spans."""
    if event_date(rec) is None:
        return None
    date = rec.get("date") or {}
    gran = date.get("granularity") if date.get("granularity") in _GRANULARITIES else "day"
    end = date.get("end")
    if end and _FULL_YEAR.match(str(end)) and end != date.get("value"):
        span = _days_between(str(date["value"]), str(end))
        wider = "year" if span is None or span > 31 else "month" if span > 7 else "week"
        if _GRANULARITIES.index(wider) > _GRANULARITIES.index(gran):
            gran = wider
    return str(gran)


def _days_between(a: str, b: str) -> int | None:
    import datetime as dt

    try:
        return abs((dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days)
    except ValueError:
        return None


def time_precision(rec: Record) -> int | None:
    """ACLED's time_precision code (1 day, 2 week or month, 3 year); None without a date."""
    p = date_precision(rec)
    return None if p is None else _TIME_PRECISION[p]


# --- counts, types, sources ---------------------------------------------------------------------


def fatalities(rec: Record) -> int | None:
    """The best dead count (else the low estimate); None when the record does not know it. 0 only
    when the record says 0."""
    dead = (rec.get("size") or {}).get("dead") or {}
    for key in ("best", "low"):
        if dead.get(key) is not None:
            return int(dead[key])
    return None


def acled_types(rec: Record) -> tuple[str | None, str | None]:
    """ACLED event_type and sub_event_type: the record's own, else the rule map of its PLOVER type
    (`events.acled`); (None, None) for types ACLED does not code (CONSULT, REQUEST, ACCUSE...)."""
    acled = rec.get("acled") or {}
    if acled.get("event_type"):
        return acled.get("event_type"), acled.get("sub_event_type") or None
    try:
        sector = next((a.get("sector") for a in rec.get("actors") or []), None)
        hit = acled_for(rec.get("event_type") or "", list(rec.get("mode") or []), sector)
    except (ImportError, OSError):
        return None, None
    return hit.get("event_type") or None, hit.get("sub_event_type") or None


def _host(url: Any) -> str | None:
    if not url or not isinstance(url, str):
        return None
    host = urlsplit(url if "//" in url else "//" + url).hostname
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def claim_source(claim: Record, rec: Record | None = None) -> str | None:
    """The outlet of a claim; else the host of its document's URL (the claim's `url`, or the
    record's `document_urls` map when one is carried); never a document hash."""
    if claim.get("outlet"):
        return str(claim["outlet"]).strip() or None
    url = claim.get("url") or claim.get("document_url")
    if not url and rec is not None:
        url = (rec.get("document_urls") or {}).get(claim.get("document_id"))
    return _host(url)


def sources(rec: Record) -> list[str]:
    """The distinct outlets that carry the event, sorted."""
    found = {s for c in rec.get("claims") or [] if (s := claim_source(c, rec))}
    return sorted(found, key=lambda s: (s.casefold(), s))


# --- best evidence ------------------------------------------------------------------------------


def _number_patterns(n: int) -> list[str]:
    out = [str(n)]
    if n >= 1000:
        out.append(f"{n:,}")
    if n < len(_NUMBER_WORDS):
        out.append(_NUMBER_WORDS[n])
    elif n in _TENS:
        out.append(_TENS[n])
    return out


def _mentions(text: str, needle: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(needle.casefold()), text) is not None


def fields_named(text: str, rec: Record) -> int:
    """How many of the event's own fields a sentence names: each actor and recipient name, the
    location name, and the dead count when the record knows it (digits or a number word)."""
    low = text.casefold()
    hits = sum(1 for name in dict.fromkeys(names(rec.get("actors")) + names(rec.get("recipients")))
               if _mentions(low, name))  # fmt: skip
    place = (rec.get("location") or {}).get("name")
    if place and _mentions(low, place):
        hits += 1
    dead = fatalities(rec)
    if dead is not None and any(
        re.search(r"(?<![\w,.])" + re.escape(p) + r"(?![\w]|[,.]\d)", low)
        for p in _number_patterns(dead)
    ):
        hits += 1
    return hits


def _published_key(claim: Record) -> tuple[int, str]:
    pub = claim.get("published")
    if pub and _FULL_YEAR.match(str(pub)[:10]):
        return 0, str(pub)
    return 1, ""


def best_claim(rec: Record) -> Record | None:
    """The claim whose evidence best shows the event (ranking in the module docstring)."""

    def key(claim: Record) -> tuple[Any, ...]:
        ev = claim.get("evidence") or {}
        return (
            # a claim that the event happened shows it better than a plan or a possibility
            claim.get("modality", "asserted") not in ("asserted", "hedged"),
            _STANCE_RANK.get(claim.get("stance") or "", 3),
            _SEGMENT_RANK.get(ev.get("segment") or "", 2),
            -fields_named(ev.get("text") or "", rec),
            _published_key(claim),
            claim.get("document_id") or "",
            ev.get("start") if isinstance(ev.get("start"), int) else 0,
        )

    claims = [c for c in rec.get("claims") or [] if (c.get("evidence") or {}).get("text")]
    return min(claims, key=key) if claims else None


def best_evidence(rec: Record) -> str | None:
    """The text of the best claim's evidence (None when the event has no claim)."""
    claim = best_claim(rec)
    return claim["evidence"]["text"] if claim else None


# --- everything, flat ---------------------------------------------------------------------------


def flat(rec: Record) -> dict[str, Any]:
    """Every exported field of one record as a flat dict of scalars (None = unknown)."""
    actors, recipients = names(rec.get("actors")), names(rec.get("recipients"))
    loc = rec.get("location") or {}
    acled_type, acled_sub = acled_types(rec)
    lat, lon = loc.get("lat"), loc.get("lon")
    return {
        "id": rec["id"],
        "date": event_date(rec),
        "date_precision": date_precision(rec),
        "time_precision": time_precision(rec),
        "event_type": rec.get("event_type"),
        "mode": joined(list(rec.get("mode") or []), ";"),
        "acled_event_type": acled_type,
        "acled_sub_event_type": acled_sub,
        "actor1": actors[0] if actors else None,
        "assoc_actor_1": joined(actors[1:]),
        "actor2": recipients[0] if recipients else None,
        "assoc_actor_2": joined(recipients[1:]),
        "actors": joined(actors, ";"),
        "recipients": joined(recipients, ";"),
        "fatalities": fatalities(rec),
        "status": rec.get("status"),
        "modality": rec.get("modality"),
        "n_sources": rec.get("n_sources", len(rec.get("claims") or [])),
        "n_claims": len(rec.get("claims") or []),
        "source": joined(sources(rec)),
        "location": loc.get("name") or None,
        "admin1": loc.get("admin1") or None,
        "country": country_name(loc.get("country")),
        "country_code": loc.get("country") or None,
        "precision": loc.get("precision") or None,
        "geo_precision": _GEO_PRECISION.get(loc.get("precision") or ""),
        "latitude": lat,
        "longitude": lon,
        "notes": best_evidence(rec),
    }
