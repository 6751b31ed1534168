"""The places stage: toponyms in a Document -> `doc.places` (Place with start/end).

In: `doc.entities` (GPE/LOC/FAC from spaCy and the gazetteer EntityRuler) and `doc.text`.
Out: `doc.places`, one Place per toponym mention, resolved together (see `resolve.Resolver`);
unresolved GPE/LOC mentions stay as Places without coordinates. Text that the nlp stage did not
cover (or documents without entities) is scanned for our ruler names ("Eastern Ghouta", "Douma").
Demonyms and "X-based" are not places: "a Damascus-based group" adds no Place.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from claimgraph.model import Document, Entity, Place, PlaceSpan, SegmentKind
from claimgraph.places.detect import (
    RescueModel,
    default_embed_model,
    default_rescue_model,
    doc_keys,
    embedded_features,
    exact_matches,
    rescue_features,
)
from claimgraph.places.gazetteer import Gazetteer, GazRow, default_gazetteer, demonym_keys
from claimgraph.places.normalize import norm
from claimgraph.places.resolve import (
    Candidate,
    MentionCue,
    Resolver,
    feature_group,
    precision_of,
)
from claimgraph.places.ruler import ruler_keys

__all__ = [
    "PlaceStage", "Mention", "find_mentions", "parents_of", "cues_of", "to_place",
    "default_resolver",
]  # fmt: skip

PLACE_LABELS = ("GPE", "LOC", "FAC")
_BASED = re.compile(r"^\s?-\s?(?:based|born|led|backed|controlled|held|made)\b", re.I)
_DEMONYM_END = re.compile(r"(?:ians?|ese|ish|is|ans|ites?)$")
# tokens that may sit inside a multi-word place name ("Deir al-Zour", "Bani Walid", "Gulf of ...")
_INNER = {"al", "el", "ad", "as", "ash", "ar", "az", "ez", "es", "of", "de", "bin", "bani"}
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_HIER_GAP = re.compile(
    r"^\s*(?:,|\bin\b|\bof\b|,\s*in\b|\bcity\s+(?:in|of)\b|\bprovince\s+(?:in|of)\b|"
    r"\btown\s+(?:in|of)\b|\bvillage\s+(?:in|of)\b|\bdistrict\s+(?:in|of)\b|"
    r"\bcountryside\s+(?:in|of)\b|\bregion\s+(?:in|of)\b|,\s*(?:in|near)\b)\s*(?:the\s+)?$",
    re.I,
)


# a locative cue before a name that spaCy labelled PERSON/ORG/...: "in Khan Touman", "near Lusaka"
_LOC_CUE = re.compile(
    r"(?:\b(?:in|at|near|outside|into|across|inside)\s+(?:the\s+)?"
    r"(?:(?:northern|southern|eastern|western|central|rural|besieged|rebel-held|restive)\s+)?)$",
    re.I,
)
# a strong cue: the name is a place whatever the gazetteer says ("the village of Garubula")
_STRONG_CUE = re.compile(
    r"\b(?:town|village|city|district|neighbou?rhood|province|governorate|camp|region|"
    r"suburb|outskirts|area|hamlet|municipality)\s+of\s+(?:the\s+)?$",
    re.I,
)
_RESCUE_LABELS = ("PERSON", "ORG", "PRODUCT", "WORK_OF_ART", "EVENT", "NORP", "LAW")
_CAPSEQ = re.compile(
    r"(?:(?:[Aa]l|[Ee]l)-)?[A-Z][\w'’-]*(?:\s+(?:(?:al|el|de|bin|ibn)[- ])?[A-Z][\w'’-]*)*"
)


#: capitalised words that may stand before a one-word place without making it a person's name:
#: directions, place words, titles
_BEFORE_A_PLACE = frozenset(
    "north south east west northern southern eastern western central upper lower new old "
    "greater port saint st mount lake cape gulf fort san santa los las el al president "
    "governor minister mayor general king queen prince princess sheikh emir sultan senator "
    "ambassador chancellor premier pope mr mrs ms dr sir lord".split()
)


@dataclass
class Mention:
    start: int
    end: int
    text: str
    label: str = "GPE"


@functools.lru_cache(maxsize=1)
def default_resolver() -> Resolver:
    return Resolver(default_gazetteer())


def _is_demonym(text: str, gaz_rows: int) -> bool:
    return gaz_rows == 0 and bool(_DEMONYM_END.search(text)) and " " not in text


def scan_text(text: str, keys: dict[str, str], taken: list[tuple[int, int]]) -> list[Mention]:
    """Longest ruler-name matches in `text` not overlapping `taken` spans."""
    out: list[Mention] = []
    words = list(_WORD.finditer(text))
    i = 0
    while i < len(words):
        w = words[i]
        if not w.group()[0].isupper() and w.group().lower() not in ("al", "el"):
            i += 1
            continue
        best = None
        for j in range(min(len(words), i + 5) - 1, i - 1, -1):
            s, e = w.start(), words[j].end()
            if "\n" in text[s:e] or any(ch in text[s:e] for ch in '.;:!?()"'):
                continue
            last = words[j].group()
            if not last[0].isupper() or words[j].group().lower() in _INNER:
                continue
            if norm(text[s:e]) in keys:
                best = (j, s, e)
                break
        if best is None:
            i += 1
            continue
        j, s, e = best
        # part of a longer capitalised name ("Hama Street", "Homs University")?
        nxt = text[e : e + 2]
        prev = text[max(0, s - 2) : s]
        longer = (len(nxt) == 2 and nxt[0] == " " and nxt[1].isupper()) or (
            len(prev) == 2 and prev[1] == " " and prev[0].isalpha() and prev[0].isupper()
        )
        if (
            not longer
            and not any(s < te and ts < e for ts, te in taken)
            and not _BASED.match(text[e : e + 12])
        ):
            out.append(Mention(s, e, text[s:e], keys[norm(text[s:e])]))
        i = j + 1
    return out


# a dateline in capitals at a line start, after a URL (web-page header) or after a sentence end:
# "TORONTO —", "SAN DIEGO (AP) -", "...475224002/ SAN ANTONIO Turner Sports/CBS analyst"
_DATELINE = re.compile(
    r"(?m)(?:^[ \t]*|(?:https?://\S+|[.!?])[ \t]+)"
    r"([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3})(?=,|\s*\(|\s+[—–-]|\s+[A-Z][a-z])"
)
_EMBED_STOP = {
    "centre", "center", "central", "south", "north", "east", "west", "federal", "easter", "the",
    "national", "union", "state", "states", "city", "county", "new", "royal", "general", "grand",
    "university", "college", "street", "bank", "island", "islands", "lake", "river", "mount",
    "western", "eastern", "northern", "southern",
}  # fmt: skip
# (issue 21: nine place names once listed here, "georgia", "jordan", "paris"..., were a case rule
# from one dev document: document-level CV on the dev halves, geowebnews 0.8631 -> 0.8625,
# lgl 0.7339 -> 0.7373 detection F1 without them, on every fold split)
_STRONG_CUE_ANY = re.compile(_STRONG_CUE.pattern[:-1], re.I)


_FACILITY_HEAD = re.compile(
    r"\s(?:University|College|Academy|School|Hospital|Stadium|Center|Centre|Church|Cathedral|"
    r"Street|Avenue|Road|Square|Prison|Theatre|Theater|Airport|Courthouse|Court|Park|Bridge|"
    r"Hotel|Mall|Palace|Cottage|Drive|Boulevard|Campus|Library|Armory|Plantation|Mosque|"
    r"Market|Base|Airbase|Camp)$"
)
_INSTITUTION_FIRST = {
    "Supreme", "Catholic", "District", "High", "Federal", "Constitutional", "Criminal", "Grave",
    "International", "Appeals", "Orthodox", "Anglican", "Methodist", "Baptist",
}  # fmt: skip
# words spaCy labels GPE/LOC that are no toponym on their own ("the Centre" = India's central
# government, "the West", "Easter", "Dr")
_NOT_ALONE = {
    "Centre", "Center", "West", "East", "North", "South", "City", "Dr", "Saint", "Easter",
    "Western", "Eastern", "Northern", "Southern", "Capital", "Republic", "State",
}  # fmt: skip
_UNI_OF = re.compile(r"^(?:University|Bank|College|Museum|Port) of [A-Z]")
_ABBR_DOTS = re.compile(r"[A-Z](?:\.[A-Z])+")
_LEAD_THE = re.compile(r"^(?:the|The|THE)\s+")
_TRAIL_POSS = re.compile(r"(?:['’]s|['’])$")
_TRAIL_PUNCT = re.compile(r"[\s\-–—,;:/]+$")


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """'the United States' -> 'United States'; "Syria's" -> 'Syria'."""
    span = text[s:e]
    m = _LEAD_THE.match(span)
    if m and len(span) > m.end():
        s += m.end()
    m2 = _TRAIL_PUNCT.search(text[s:e])  # "Asia-" of "Asia-Pacific" split by the tokenizer
    if m2 and m2.start() > 0:
        e = s + m2.start()
    m2 = _TRAIL_POSS.search(text[s:e])
    if m2 and m2.start() > 0:
        e = s + m2.start()
    return s, e


def find_mentions(
    doc: Document,
    scan: bool = True,
    rescue: Callable[[str], bool] | None = None,
    rescue_ent: Callable[[Entity], bool] | None = None,
    drop: frozenset[tuple[int, int]] = frozenset(),
) -> list[Mention]:
    """Toponym mentions: GPE/LOC/FAC entities plus ruler-name matches elsewhere in the text.

    An entity spaCy labelled otherwise (PERSON, ORG...) is a toponym after "the village of", or
    when `rescue_ent` says so (the stage's learned decision), else (no `rescue_ent`) after a
    locative word when `rescue` knows the name."""
    taken = [(e.start, e.end) for e in doc.entities]
    text = doc.text
    ments: list[Mention] = []
    for e in doc.entities:
        m = _entity_mention(text, e, rescue, rescue_ent, drop)
        if m is not None:
            ments.append(m)
    if rescue is not None:
        ments = _add_datelines(text, ments, taken, rescue)
        ments.extend(_cued_names(text, taken))
    if scan:
        ments.extend(_ruler_names(doc, taken))
    ments.sort(key=lambda m: m.start)
    return ments


def _entity_mention(
    text: str,
    e: Entity,
    rescue: Callable[[str], bool] | None,
    rescue_ent: Callable[[Entity], bool] | None,
    drop: frozenset[tuple[int, int]],
) -> Mention | None:
    """The mention an entity makes: a GPE/LOC/FAC trimmed ("the", "'s"), unless dropped, alone
    only as part of a name, or a modifier ("Damascus-based"); another label when rescued."""
    if _BASED.match(text[e.end : e.end + 12]):
        return None
    if e.label in PLACE_LABELS:
        s, t = _trim(text, e.start, e.end)
        if text[s:t] in _NOT_ALONE or (e.start, e.end) in drop:
            return None
        return Mention(s, t, text[s:t], e.label) if t > s else None
    if e.label in _RESCUE_LABELS and rescue is not None:
        return _rescued(text, e, rescue, rescue_ent)
    return None


def _rescued(
    text: str,
    e: Entity,
    rescue: Callable[[str], bool],
    rescue_ent: Callable[[Entity], bool] | None,
) -> Mention | None:
    """An entity spaCy labelled otherwise (PERSON, ORG...) as a toponym: after "the village of",
    when `rescue_ent` says so, else after a locative word when `rescue` knows the name."""
    before = text[max(0, e.start - 40) : e.start]
    if _STRONG_CUE.search(before):
        return Mention(e.start, e.end, text[e.start : e.end], "GPE")
    if rescue_ent is not None and rescue_ent(e):
        s, t = _trim(text, e.start, e.end)
        return Mention(s, t, text[s:t], "GPE")
    if _LOC_CUE.search(before) and rescue(e.text):
        return Mention(e.start, e.end, text[e.start : e.end], "GPE")
    return None


def _add_datelines(
    text: str, ments: list[Mention], taken: list[tuple[int, int]], rescue: Callable[[str], bool]
) -> list[Mention]:
    """`ments` with the datelines in capitals, which spaCy misses: "TORONTO —", "SAN ANTONIO
    (AP) --"; each dateline taken is added to `taken`."""
    for m in _DATELINE.finditer(text):
        s, e = m.start(1), m.end(1)
        over = [(ts, te) for ts, te in taken if s < te and ts < e]
        # spaCy may split a dateline it half-recognises ("ST." + "LOUIS"): the whole wins
        if all(s <= ts and te <= e for ts, te in over) and rescue(m.group(1)):
            ments = [x for x in ments if not (s <= x.start and x.end <= e)]
            ments.append(Mention(s, e, m.group(1), "GPE"))
            taken.append((s, e))
    return ments


def _cued_names(text: str, taken: list[tuple[int, int]]) -> list[Mention]:
    """Capitalised names after "the village of" with no entity at all ("the village of
    Garubula"); each is added to `taken`."""
    out: list[Mention] = []
    for m in _STRONG_CUE_ANY.finditer(text):
        c = _CAPSEQ.match(text, m.end())
        if c and not any(c.start() < te and ts < c.end() for ts, te in taken):
            out.append(Mention(c.start(), c.end(), c.group(), "GPE"))
            taken.append((c.start(), c.end()))
    return out


def _ruler_names(doc: Document, taken: list[tuple[int, int]]) -> list[Mention]:
    """Ruler names outside `taken` in the segments that are not boilerplate (the whole text of
    a document with neither segments nor entities)."""
    keys = ruler_keys()
    out: list[Mention] = []
    for seg in doc.segments or ():
        if seg.kind.value == "boilerplate":
            continue
        for m in scan_text(
            doc.text[seg.start : seg.end],
            keys,
            [(s - seg.start, e - seg.start) for s, e in taken],
        ):
            out.append(Mention(m.start + seg.start, m.end + seg.start, m.text, m.label))
    if not doc.segments and not doc.entities:
        out.extend(scan_text(doc.text, keys, []))
    return out


def parents_of(text: str, ments: list[Mention]) -> list[list[str]]:
    """For "Tabqa city in Raqqa" / "Dayton, Ohio": the containing mention's text, per mention."""
    out: list[list[str]] = []
    for i, m in enumerate(ments):
        ps = []
        if i + 1 < len(ments):
            n = ments[i + 1]
            gap = text[m.end : n.start]
            if len(gap) <= 30 and _HIER_GAP.match(gap):
                ps.append(n.text)
        out.append(ps)
    return out


# words that open the name of a local public body after a place name: "Dublin City Council",
# "Paris Police Department", "Norfolk High School", "Madison County Health Department"
_CIVIC = {
    "city", "town", "township", "village", "borough", "county", "municipal", "council",
    "councilman", "councilwoman", "councilor", "councilors", "mayor", "police", "fire", "sheriff",
    "high", "middle", "elementary", "school", "schools", "public", "library", "board", "selectman",
    "selectmen", "superintendent", "parks", "recreation", "community", "regional", "health",
    "department", "court", "jail", "chamber", "housing", "planning", "water", "transit",
    "hospital", "memorial", "area", "district", "commissioners", "aldermen", "alderman",
    "veterans", "senior", "volunteer", "rescue", "emergency", "utilities", "zoning", "library's",
    "clerk", "treasurer", "assessor", "coroner", "prosecutor", "attorney", "judge", "constable",
    "marshal", "crimestoppers", "crimeline", "elks", "rotary", "lions", "kiwanis", "ymca",
}  # fmt: skip
_NEXT_WORD = re.compile(r"^[ \t]([A-Z][A-Za-z'’]*)")
_COORD_GAP = re.compile(r"^\s*(?:,|,?\s*(?:and|or|&)|/)\s*(?:the\s+)?$", re.I)
_PLURAL_HEAD = re.compile(
    r"^\s+(counties|provinces|states|governorates|districts|parishes|regions|countries)\b", re.I
)
_PLURAL_HINT = {
    "counties": "adm2",
    "districts": "adm2",
    "parishes": "adm2",
    "provinces": "adm1",
    "states": "adm1",
    "governorates": "adm1",
    "regions": "adm1",
    "countries": "country",
}
_UNIT_WORDS = ("county", "province", "state", "governorate", "district", "parish", "region",
               "oblast")  # fmt: skip


def _base(key: str) -> tuple[str, str]:
    toks = key.split()
    if len(toks) > 1 and toks[-1] in ("county", "city", "province", "state", "governorate",
                                      "district", "parish", "region", "oblast"):  # fmt: skip
        return " ".join(toks[:-1]), toks[-1]
    return key, ""


def cues_of(text: str, ments: list[Mention]) -> list[MentionCue]:
    """What the words around each mention say (see `resolve.MentionCue`)."""
    cues = [MentionCue() for _ in ments]
    _mark_orgs(text, ments, cues)
    _mark_runs(text, ments, cues)
    _mark_longer(ments, cues)
    _mark_demonyms(text, ments, cues)
    return cues


def _mark_orgs(text: str, ments: list[Mention], cues: list[MentionCue]) -> None:
    """A name opening a longer proper name: a local body ("civic"), or some other organisation
    ("org")."""
    for m, cue in zip(ments, cues):
        nxt = _NEXT_WORD.match(text[m.end : m.end + 40])
        if not nxt or m.text.isupper() or any(o.start == m.end + 1 for o in ments):
            continue
        w = nxt.group(1).lower().rstrip("'’s")
        cue.org = "civic" if w in _CIVIC or nxt.group(1).lower() in _CIVIC else "org"


def _mark_runs(text: str, ments: list[Mention], cues: list[MentionCue]) -> None:
    """Coordinated runs: "Becker, Clay and Wilkin counties", "California or Washington" (each
    mention's siblings, and the type of a plural head after the run)."""
    run: list[int] = []
    for i in range(len(ments) + 1):
        if i < len(ments) and run:
            gap = text[ments[i - 1].end : ments[i].start]
            if len(gap) <= 8 and _COORD_GAP.match(gap):
                run.append(i)
                continue
        if len(run) > 1:
            last = ments[run[-1]]
            head = _PLURAL_HEAD.match(text[last.end : last.end + 20])
            for j in run:
                cues[j].siblings = tuple(k for k in run if k != j)
                if head:
                    cues[j].hint = _PLURAL_HINT[head.group(1).lower()]
        run = [i]


def _mark_longer(ments: list[Mention], cues: list[MentionCue]) -> None:
    """ "Suffolk" (or "Suffolk City") in a text that names "Suffolk County": the mentions that
    name the same unit with its type word."""
    bases = [_base(norm(m.text)) for m in ments]
    for i, (b, _suf) in enumerate(bases):
        longer = tuple(
            j for j, (b2, suf2) in enumerate(bases)
            if b2 == b and suf2 in _UNIT_WORDS and norm(ments[j].text) != norm(ments[i].text)
        )  # fmt: skip
        cues[i].longer = longer


def _mark_demonyms(text: str, ments: list[Mention], cues: list[MentionCue]) -> None:
    """A demonym in the same clause: "the Lebanese port of Tripoli", "Tripoli, on the Syrian
    coast"; and every adjectival demonym of the text, which says what country it is about."""
    dem = demonym_keys()
    doc_dem = tuple(
        k for w in _WORD.finditer(text)
        if w.group()[0].isupper() and (k := norm(w.group())) in dem and not k.endswith("s")
    )  # fmt: skip
    for i, (m, cue) in enumerate(zip(ments, cues)):
        cue.doc_demonyms = doc_dem
        lo = max(ments[i - 1].end if i else 0, m.start - 50)
        hi = min(ments[i + 1].start if i + 1 < len(ments) else len(text), m.end + 50)
        before = _CLAUSE_END.split(text[lo : m.start])[-1]
        after = _CLAUSE_END.split(text[m.end : hi])[0]
        near = _demonym_of_place(before, dem) or _demonym_of_place(after, dem)
        if near:
            cue.near = near


def _demonym_of_place(part: str, dem: frozenset[str]) -> str | None:
    """The first demonym in `part` that qualifies a kind of place ("port", "coast"), not people
    ("Irish pub"), as a `norm` key."""
    for d in _DEMONYM_PLACE.finditer(part):
        if norm(d.group(1)) in dem:
            return norm(d.group(1))
    return None


_CLAUSE_END = re.compile(r"[.!?;:()\n]|\bbut\b|\band\b")
_DEMONYM_PLACE = re.compile(
    r"\b([A-Z][a-z]+)\s+(?:(?:northern|southern|eastern|western|central|northeastern|"
    r"northwestern|southeastern|southwestern|coastal|border|port|capital|mountain|desert)\s+)?"
    r"(?:port|city|town|village|capital|province|region|coast|border|side|island|district|"
    r"governorate|state|county|enclave|resort|harbou?r|frontier|countryside|desert|mountains|"
    r"territory|seaside|suburb|oasis|hamlet|municipality|commune)s?\b"
)


def to_place(row: GazRow | None, m: Mention, gaz: Gazetteer) -> Place:
    if row is None:
        return Place(name=m.text, start=m.start, end=m.end, precision="town")
    a1 = None
    if row.admin1 and feature_group(row) not in ("country", "cont"):
        a = gaz.admin1_row(row.cc, row.admin1)
        a1 = a.name if a else None
    return Place(
        name=row.name,
        geonames_id=row.gid if row.gid > 0 else None,
        lat=round(row.lat, 5),
        lon=round(row.lon, 5),
        admin1=a1,
        country=row.cc or None,
        feature_code=row.fcode or None,
        precision=precision_of(row),
        start=m.start,
        end=m.end,
    )


@dataclass(frozen=True)
class _OrgScan:
    """What the search for place names inside organisation names needs of one document: the
    spans already taken by mentions, the demonym keys, whether to keep names the hand rule does
    not take, the place-labelled entity keys and the (country, admin1) votes of its places."""

    doc: Document
    taken: set[tuple[int, int]]
    dem: frozenset[str]
    all_names: bool
    places: Counter[str]
    fctx: frozenset[tuple[str, str]]


class PlaceStage:
    """Fills `doc.places`; construct with a Gazetteer to use another index (tests use a tiny one)."""

    name = "places"
    requires = ("text", "entities")
    provides = ("places",)

    def __init__(
        self,
        gazetteer: Gazetteer | None = None,
        scan: bool = True,
        keep_unresolved: bool = True,
        rescue_model: RescueModel | bool = True,
        drop_places: bool = False,
        embed_model: RescueModel | bool = True,
    ) -> None:
        self._gaz = gazetteer
        self.scan = scan
        # entities spaCy labelled PERSON/ORG... that may be toponyms: True, the shipped learned
        # decision (`detect`); a RescueModel, that one (CV folds); False, the cue rule alone
        self.rescue_model = default_rescue_model() if rescue_model is True else rescue_model or None
        # the same decision also drops entities spaCy labelled GPE/LOC/FAC ("Salah", "Riad")
        self.drop_places = drop_places
        # names inside organisation names: True, the shipped learned decision; a model, that
        # one; False, the hand rule
        self.embed_model = default_embed_model() if embed_model is True else embed_model or None
        # names spaCy calls GPE/LOC that no gazetteer entry matches (or only a near spelling
        # does): villages and neighbourhoods the gazetteer lacks, which events need as places
        # without coordinates, but also people ("Modi", "Buhari"). A geoparser that must only
        # output resolved toponyms (the geo eval) passes keep_unresolved=False.
        self.keep_unresolved = keep_unresolved

    @property
    def resolver(self) -> Resolver:
        if self._gaz is None:
            return default_resolver()
        if not hasattr(self, "_resolver"):
            self._resolver = Resolver(self._gaz)
        return self._resolver

    def _known(self, name: str) -> bool:
        """An exact gazetteer name (not a demonym, not fuzzy) of a sizeable town or bigger."""
        cands, _ = self.resolver.candidates(name)
        return any(
            not c.fuzzy and not c.subspan and c.kind <= 2
            and (c.row.pop >= 5000 or c.row.fclass != "P")
            for c in cands
        )  # fmt: skip

    def _votes(self, name: str) -> tuple[tuple[str, str], ...]:
        """(country, "") and (country, admin1) of a known name's best reading."""
        row = self.resolver.best(name) if self._known(name) else None
        if row is None or not row.cc:
            return ()
        return ((row.cc, ""), (row.cc, row.admin1)) if row.admin1 else ((row.cc, ""),)

    def rescue_candidates(
        self, doc: Document, places_too: bool = False
    ) -> list[tuple[Entity, dict[str, float]]]:
        """Entities spaCy labelled PERSON, ORG... (with `places_too`, also those it labelled
        GPE/LOC/FAC itself, not our ruler's) whose whole (trimmed) text is a known gazetteer
        name, with the features of `detect.rescue_features`."""
        out: list[tuple[Entity, dict[str, float]]] = []
        places, persons = doc_keys(doc.text, doc.entities)
        ctx: Counter[tuple[str, str]] = Counter()
        for e in doc.entities:
            if e.label in ("GPE", "LOC"):
                ctx.update(self._votes(e.text))
        # organisation names that open with a state or country ("Indiana University")
        for e in doc.entities:
            if e.label == "ORG" and " " in e.text:
                head = e.text.split()[0]
                if self._major(head):
                    row = self.resolver.best(head)
                    if row is not None and row.cc:
                        ctx[(row.cc, "")] += 1
                        if row.admin1 and feature_group(row) == "adm1":
                            ctx[(row.cc, row.admin1)] += 1
        labels = _RESCUE_LABELS + (PLACE_LABELS if places_too else ())
        for e in doc.entities:
            if e.label not in labels or _BASED.match(doc.text[e.end : e.end + 12]):
                continue
            if e.label in PLACE_LABELS and e.source == "ruler":
                continue  # our own curated names
            s, t = _trim(doc.text, e.start, e.end)
            name = doc.text[s:t]
            if t <= s or "\n" in name or not self._known(name):
                continue
            cands = exact_matches(self.resolver.candidates(name)[0])
            own = Counter(self._votes(e.text)) if e.label in ("GPE", "LOC") else Counter()
            feats = rescue_features(
                doc.text, s, t, e.label, cands, places, persons,
                frozenset(k for k, v in (ctx - own).items() if v > 0),
                own_place=e.label in ("GPE", "LOC", "FAC"),
            )  # fmt: skip
            out.append((e, feats))
        return out

    def _facilities(self, doc: Document, ments: list[Mention]) -> list[PlaceSpan]:
        """Named buildings, streets and campuses ("Barclays Center", "Royal Street", "Arizona
        State University"): toponyms for a geoparser (GeoWebNews annotates them), mostly absent
        from the gazetteer, so recorded as spans without an id and never places of events."""
        out: list[PlaceSpan] = []
        for e in doc.entities:
            if e.label not in ("ORG", "FAC", "PERSON", "LOC", "GPE"):
                continue
            s, t = _trim(doc.text, e.start, e.end)
            name = doc.text[s:t]
            words = name.split()
            if len(words) < 2 or "\n" in name:
                continue
            if not (_FACILITY_HEAD.search(name) or _UNI_OF.match(name)):
                continue
            if words[0] in _INSTITUTION_FIRST or name in ("White House",):
                continue  # institutions, not buildings: "Supreme Court", "Catholic Church"
            if any(m.start == s and m.end == t for m in ments):
                continue
            out.append({"start": s, "end": t, "geonames_id": None, "country": None})
        return out

    def _major(self, name: str) -> bool:
        """An exact gazetteer name of a country, first-level unit or continent."""
        cands, _ = self.resolver.candidates(name)
        return any(
            not c.fuzzy and not c.subspan and not c.variant and c.kind <= 2
            and feature_group(c.row) in ("country", "adm1", "cont")
            for c in cands
        )  # fmt: skip

    def _merge_pairs(self, text: str, ments: list[Mention]) -> list[Mention]:
        """Two entities ("Washington" + "D.C.", "Trinidad" + "Tobago") whose whole ("A, B",
        "A and B") is a country or first-level unit name -> one mention."""
        out: list[Mention] = []
        i = 0
        while i < len(ments):
            m = ments[i]
            if i + 1 < len(ments):
                n = ments[i + 1]
                gap = text[m.end : n.start]
                if gap in (", ", " and ", " & ") and self._major(text[m.start : n.end]):
                    out.append(Mention(m.start, n.end, text[m.start : n.end], m.label))
                    i += 2
                    continue
            out.append(m)
            i += 1
        return out

    def _split_lists(self, ments: list[Mention]) -> list[Mention]:
        """A lost comma ("Cyprus, Greece Italy or Spain") merges two countries into one entity
        that no gazetteer name matches; split it where both sides are countries/states."""
        out: list[Mention] = []
        for m in ments:
            words = list(_WORD.finditer(m.text))
            cut = None
            if 2 <= len(words) <= 4:
                cands, _ = self.resolver.candidates(m.text)
                if not any(not c.fuzzy and not c.subspan for c in cands):
                    for k in range(1, len(words)):
                        a, b = m.text[: words[k - 1].end()], m.text[words[k].start() :]
                        gap = m.text[words[k - 1].end() : words[k].start()]
                        if gap.strip(" ,") == "" and self._major(a) and self._major(b):
                            cut = (words[k - 1].end(), words[k].start())
                            break
            if cut is None:
                out.append(m)
                continue
            out.append(Mention(m.start, m.start + cut[0], m.text[: cut[0]], m.label))
            out.append(Mention(m.start + cut[1], m.end, m.text[cut[1] :], m.label))
        return out

    def embedded_candidates(
        self,
        doc: Document,
        taken: set[tuple[int, int]],
        dem: frozenset[str],
        all_names: bool = False,
    ) -> list[tuple[int, int, GazRow, bool, dict[str, float]]]:
        """Gazetteer names inside organisation names ("Illinois" in "Illinois State Police"):
        (start, end, row, whether the hand rule takes it, features), the longest name at each
        word. The rule takes well-known names only (countries, first-level units, cities over
        100k, demonyms; country/continent abbreviations, never an organisation's own acronym);
        `all_names`: also the names it does not take (for the learned decision)."""
        places, _persons = doc_keys(doc.text, doc.entities)
        ctx: Counter[tuple[str, str]] = Counter()
        for e in doc.entities:
            if e.label in ("GPE", "LOC"):
                ctx.update(self._votes(e.text))
        scan = _OrgScan(doc, taken, dem, all_names, places, frozenset(ctx))
        out: list[tuple[int, int, GazRow, bool, dict[str, float]]] = []
        for e in doc.entities:
            if e.label in ("ORG", "FAC", "EVENT", "WORK_OF_ART", "PRODUCT", "MONEY"):
                out.extend(self._names_in(scan, e))
        return out

    def _names_in(
        self, scan: _OrgScan, e: Entity
    ) -> list[tuple[int, int, GazRow, bool, dict[str, float]]]:
        """The gazetteer names inside one organisation name, left to right, the longest (of at
        most four words) at each word."""
        out: list[tuple[int, int, GazRow, bool, dict[str, float]]] = []
        words = list(_WORD.finditer(e.text))
        i = 0
        while i < len(words):
            hit = None
            for j in range(min(len(words), i + 4) - 1, i - 1, -1):
                s, t = e.start + words[i].start(), e.start + words[j].end()
                hit = self._name_at(scan, e, s, t)
                if hit is not None:
                    out.append(hit)
                    i = j
                    break
            i += 1
        return out

    def _name_at(
        self, scan: _OrgScan, e: Entity, s: int, t: int
    ) -> tuple[int, int, GazRow, bool, dict[str, float]] | None:
        """(start, end, row, rule_ok, features) when the words at [s, t) of the organisation
        name `e` name a place worth recording, else None."""
        text = scan.doc.text
        frag = text[s:t]
        if frag.startswith(("The ", "the ")):
            return None
        if not frag[0].isupper() or (s, t) in scan.taken or len(frag) < 3:
            return None
        if norm(frag) in _EMBED_STOP:
            return None
        if _ABBR_DOTS.fullmatch(frag) and text[t : t + 1] == ".":
            t += 1  # "U.S." keeps its last dot
            frag = text[s:t]
        k = norm(frag)
        cands, _ = self.resolver.candidates(frag)
        exact = [c for c in cands if not c.fuzzy and not c.subspan and c.kind <= 2]
        row = self._well_known(frag, k, exact, scan.dem)
        rule_ok = row is not None
        if row is None and exact and scan.all_names:
            row = max(exact, key=lambda c: c.row.pop).row
        if row is None:
            return None
        f = embedded_features(text, s, t, e, rule_ok, exact, k in scan.dem, scan.places,
                              scan.fctx)  # fmt: skip
        return (s, t, row, rule_ok, f)

    def _well_known(
        self, frag: str, k: str, exact: list[Candidate], dem: frozenset[str]
    ) -> GazRow | None:
        """The place the hand rule takes `frag` (`norm` key `k`, exact candidates `exact`) for: a
        country or continent abbreviation ("EU Aviation Strategy", "US dollars"), a demonym's
        place, a country, first-level unit, continent or city over 100k; else None."""
        if len(k.replace(" ", "")) <= 3:
            good = [c for c in exact if feature_group(c.row) in ("country", "cont")]
            return max(good, key=lambda c: c.row.pop).row if good else None
        if k in dem:
            return self.resolver.best(frag)
        good = [c for c in exact
                if feature_group(c.row) in ("country", "adm1", "cont")
                or c.row.pop >= 100000]  # fmt: skip
        return max(good, key=lambda c: c.row.pop).row if good else None

    def _embedded(
        self, doc: Document, taken: set[tuple[int, int]], dem: frozenset[str]
    ) -> list[PlaceSpan]:
        """Toponyms inside organisation names, recorded for geoparsing, never places of events:
        those the learned decision takes (`detect.embedded_features`), else the hand rule's."""
        m = self.embed_model
        return [
            {"start": s, "end": t, "geonames_id": row.gid, "country": row.cc or None}
            for s, t, row, rule_ok, f in self.embedded_candidates(doc, taken, dem, m is not None)
            if (m.prob(f) >= m.threshold if m is not None else rule_ok)
        ]

    def mentions(self, doc: Document) -> list[Mention]:
        """The toponym mentions of `doc` (entities, rescued entities, ruler names), in order."""
        rescue_ent = None
        drop: frozenset[tuple[int, int]] = frozenset()
        if self.rescue_model is not None:
            model = self.rescue_model
            found = [
                (e, model.prob(f) >= model.threshold)
                for e, f in self.rescue_candidates(doc, places_too=self.drop_places)
            ]  # fmt: skip
            keep = {(e.start, e.end) for e, yes in found if yes and e.label not in PLACE_LABELS}
            drop = frozenset(
                (e.start, e.end) for e, yes in found if not yes and e.label in PLACE_LABELS
            )
            rescue_ent = lambda e: (e.start, e.end) in keep  # noqa: E731
        ments = self._split_lists(
            find_mentions(doc, scan=self.scan, rescue=self._known, rescue_ent=rescue_ent, drop=drop)
        )
        surnames = _person_surnames(doc)
        ments = [
            m for m in ments
            if not self._surname(doc, m)
            and not (m.text in surnames and not self._known(m.text))
        ]  # fmt: skip
        return self._merge_pairs(doc.text, ments)

    def _surname(self, doc: Document, m: Mention) -> bool:
        """ "Cambodian journalist Mech Dara", "killed Mansoor Tima-Weeyne": a one-word GPE the
        tagger split from a person's name, the proper noun before it, in no entity of its own,
        being its compound (the given name): not a direction, a place word or a title, and with
        it no place the gazetteer knows. Read as a place, "Dara" put a Cambodian story's events
        in Syria (Dar'a). Headlines are left alone: title case makes every word a proper noun."""
        if m.label != "GPE" or " " in m.text:
            return False
        for i, seg in enumerate(doc.segments):
            if seg.start <= m.start < seg.end:
                sdoc = doc._spacy.get(i)
                if sdoc is None or seg.kind == SegmentKind.title:
                    return False
                span = sdoc.char_span(m.start - seg.start, m.end - seg.start)
                if span is None or len(span) != 1 or span[0].i == 0:
                    return False
                tok, prev = span[0], sdoc[span[0].i - 1]
                return (
                    prev.dep_ == "compound" and prev.head.i == tok.i and prev.pos_ == "PROPN"
                    and prev.is_title and not prev.ent_type_
                    and prev.lower_ not in _BEFORE_A_PLACE
                    and not self._known(f"{prev.text} {tok.text}")
                )  # fmt: skip
        return False

    def __call__(self, doc: Document) -> Document:
        ments = self.mentions(doc)
        rows = self.resolver.resolve_all(
            [m.text for m in ments], parents_of(doc.text, ments), cues=cues_of(doc.text, ments)
        )
        dem = demonym_keys()
        demonyms = self._demonyms(doc, dem)
        facilities = self._facilities(doc, ments)
        embedded = [
            x for x in self._embedded(doc, {(m.start, m.end) for m in ments}, dem)
            if not any(f["start"] <= x["start"] and x["end"] <= f["end"] for f in facilities)
        ]  # fmt: skip
        modifiers = self._modifiers(doc)
        doc.places = self._places(ments, rows)
        # demonyms ("Syrian", "French") are toponyms for a geoparser but never places of events
        doc.meta["places"] = {"demonyms": demonyms, "embedded": embedded, "modifiers": modifiers,
                              "facilities": facilities}  # fmt: skip
        return doc

    def _demonyms(self, doc: Document, dem: frozenset[str]) -> list[PlaceSpan]:
        """The adjectival demonyms of `doc` ("French wine"; "the French" and "Mexicans" are
        people) with the place each names."""
        demonyms: list[PlaceSpan] = []
        for e in doc.entities:
            if e.label == "NORP" and norm(e.text) in dem and not e.text.endswith("s"):
                row = self.resolver.best(e.text)
                if row is not None:
                    demonyms.append({"start": e.start, "end": e.end, "geonames_id": row.gid,
                                     "country": row.cc or None})  # fmt: skip
        return demonyms

    def _modifiers(self, doc: Document) -> list[PlaceSpan]:
        """Toponyms used as modifiers ("a Beijing-based company"), never places of events."""
        modifiers: list[PlaceSpan] = []
        for e in doc.entities:
            if e.label in PLACE_LABELS and _BASED.match(doc.text[e.end : e.end + 12]):
                s, t = _trim(doc.text, e.start, e.end)
                row = self.resolver.best(doc.text[s:t]) if t > s else None
                if row is not None and self._known(doc.text[s:t]):
                    modifiers.append({"start": s, "end": t, "geonames_id": row.gid,
                                      "country": row.cc or None})  # fmt: skip
        return modifiers

    def _places(self, ments: list[Mention], rows: list[GazRow | None]) -> list[Place]:
        """The Places of the resolved mentions. Without `keep_unresolved`, a mention whose
        candidates are all near spellings is unresolved ("Guhdar" is a person) and an unresolved
        one is no place; with it, unresolved facilities and demonyms are none."""
        res = self.resolver
        places = []
        for m, row in zip(ments, rows):
            if row is not None and not self.keep_unresolved:
                cands, _ = res.candidates(m.text)
                if all(c.fuzzy for c in cands):
                    row = None  # only a near spelling of some village: "Guhdar" is a person
            if row is None and (not self.keep_unresolved or m.label == "FAC"
                                or _is_demonym(m.text, 0)):  # fmt: skip
                continue
            places.append(to_place(row, m, res.gaz))
        return places


def _person_surnames(doc: Document) -> frozenset[str]:
    """The last words of the persons the tagger names in full ("Sali Berisha"): alone ("Berisha
    rejected the allegations") such a word is the person, not the hamlet of that name the
    gazetteer knows (Breese, Illinois, is "Berisha" in GeoNames); a sizeable place stays a place
    (`PlaceStage._known`: "Washington" beside "Denzel Washington")."""
    return frozenset(
        words[-1]
        for e in doc.entities
        if e.label == "PERSON" and len(words := e.text.split()) > 1 and words[-1][:1].isupper()
    )
