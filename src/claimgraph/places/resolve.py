"""Toponym resolution: a name (and its document context) -> one gazetteer entry.

In: mention strings, optionally with the document's other mentions. Out: `GazRow`s.

1. candidates: exact keys of the name and of its variants (no "the", no "'s", no trailing
   "province"/"city"), then skeleton+rapidfuzz keys when nothing matched exactly;
2. a first pass scores each candidate without context (population, feature class, how the name
   matched: a place reached only through an alternate name unlike its own, where another place
   bears the name as its primary one, pays `other_name` unless the text's hierarchy places it)
   and keeps the best of each mention;
3. the document context is the countries, admin1 units and points of the confident first-pass
   winners (a country or state named in the text counts most);
4. a second pass rescores with context: same country, same admin1, distance to the other places,
   "X, Y" / "X in Y" hierarchy next to the mention, and the cues of `MentionCue` (a local body
   named after the place, coordinated mentions of one type, "Suffolk" beside "Suffolk County",
   a plural type head "Otoe and Washington counties").

The weights in `WEIGHTS` were tuned together on the dev halves of geowebnews, lgl and tr_news
(by coordinate search, see bench/ notes in docs/BENCHMARKS.md); change them as a set.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from claimgraph.places.gazetteer import (
    ADMIN_WORDS,
    KIND_ABBR,
    KIND_ALT,
    KIND_CURATED,
    KIND_DEMONYM,
    KIND_PRIMARY,
    Gazetteer,
    GazRow,
)
from claimgraph.places.normalize import norm

__all__ = [
    "Candidate",
    "MentionCue",
    "Resolver",
    "DocContext",
    "feature_group",
    "precision_of",
    "haversine_km",
]

WEIGHTS: dict[str, float] = {
    "log_pop": 0.55,
    "log_pop_adm1": 0.55,
    "log_pop_adm2": 0.2,
    "big_city": 0.0,
    "kind_primary": 1.2,
    "kind_alt": 0.45,
    "kind_curated": 2.0,
    "kind_abbr": 0.0,
    "kind_demonym": 1.0,
    "adm_namesake": -0.375,
    "subspan": -1.0,
    "fuzzy": -1.5,
    "variant": -0.4,
    "grp_country": 1.5,
    "grp_adm1": 0.0,
    "grp_adm2": 0.6,
    "grp_pplc": 0.75,
    "grp_ppl": 0.0,
    "grp_cont": 3.5,
    "grp_curated": -1.0,
    "grp_other": 2.6,
    "ctx_country": 1.95,
    "ctx_admin1": 2.2,
    "ctx_near": 1.2,
    "hier": 2.25,
    "hint_country": 3.0,
    "type_hint": 2.0,
    "ctx_country_any": 0.0,
    "ctx_admin1_any": 0.0,
    "ctx_explicit": 1.5,
    "ctx_margin": 1.0,
    "ctx_margin2": 0.0,
    "namesake_ratio": 0.3,
    # a candidate reached only through an alternate name unrelated to its primary one (a former
    # or unofficial name: "Springfield" for Powder Springs, GA) when another place's primary name
    # matches; more than the whole document-context swing (ctx_country + ctx_admin1 + ctx_near),
    # so only the text's explicit "X, Y" hierarchy (`hier`, which waives it) carries it
    "other_name": -6.0,
    "rounds": 2,
    # cues from the text around a mention (`MentionCue`, see stage.cues_of); set on the three dev
    # sets together (a 3x3 grid), each helps or leaves all three
    "ctx_capital": 1.0,
    # 1.0: no change. "Cambridge Analytica", "Venice Commission" want the prominent reading (less
    # context), but local news names its own bodies after the local place ("Georgia Modular
    # Systems", "Lancaster Girls' Grammar School"): 0.0 cost lgl 2.2 points of exact accuracy
    "org_ctx": 1.0,
    "civic_ctx": 1.5,
    "coord": 1.5,
    "coref": 3.0,
    # issue 21. A demonym qualifying a kind of place in the mention's clause ("the Lebanese port
    # of Tripoli", "Tripoli, on the Syrian coast") places it in a country as "X, Lebanon" does,
    # so it weighs as `hier`: the dev halves hold too few such phrases to estimate it (the CV of
    # 0-3 is flat); tests/test_places_context.py holds the class
    "near_country": 2.25,
    # demonyms anywhere in the text voting for their country: 5-fold CV over 3 splits picks 0
    # in every fold (lgl 0.8269 -> 0.8264 at 0.25-1.0), so off
    "ctx_demonym": 0.0,
}

_COUNTRY_CODES = ("PCLI", "PCLD", "PCLIX", "PCLS", "PCLF", "PCL", "TERR")
_SUFFIX_HINT = {
    "province": "adm1", "governorate": "adm1", "state": "adm1", "region": "adm1",
    "county": "adm2", "district": "adm2", "parish": "adm2", "city": "ppl", "town": "ppl",
    "village": "ppl", "camp": "curated", "base": "curated", "airbase": "curated",
}  # fmt: skip


def feature_group(row: GazRow) -> str:
    if row.fcode in _COUNTRY_CODES:
        return "country"
    if row.fcode == "ADM1":
        return "adm1"
    if row.fcode in ("ADM2", "ADM3"):
        return "adm2"
    if row.fcode == "CONT":
        return "cont"
    if row.fcode == "PPLC":
        return "pplc"
    if row.fclass == "P":
        return "ppl"
    if row.gid < 0:
        return "curated"
    return "other"


def precision_of(row: GazRow) -> str:
    g = feature_group(row)
    if g in ("country", "cont"):
        return "country"
    if g in ("adm1", "adm2") or row.fclass in ("L", "T", "H"):
        return "region"
    if row.fclass == "S":
        return "exact"
    return "town"


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


@dataclass
class Candidate:
    row: GazRow
    kind: int  # best name kind that matched
    fuzzy: float = 0.0  # 0 when exact; rapidfuzz ratio otherwise
    variant: bool = False  # matched only after stripping "the"/"province"/...
    score: float = 0.0
    namesake: bool = False  # an admin unit named like a town of the same country in the list
    subspan: bool = False  # matched a part of the mention ("Arizona" in "Arizona State University")
    # matched only through an alternate name unrelated to its own ("Portland", a former name of
    # Blue Island, IL) while another place bears the name as its primary one
    other_name: bool = False


@dataclass
class MentionCue:
    """What the text right around one mention says about it (built by `stage.cues_of`).

    org: "civic" when the name opens the name of a local public body ("Dublin City Council",
    "Paris Police Department", "Norfolk High School": the local place), "org" when it opens another
    proper name ("Cambridge Analytica", "Venice Commission": a name, not a local reference);
    siblings: indices of the mentions coordinated with this one ("California or Washington");
    longer: indices of mentions naming the same unit with its type word ("Suffolk County" for
    "Suffolk"); hint: a type from a plural head after a list ("Otoe and Washington counties");
    near: a demonym in the same clause, which names the country (`near_country`); doc_demonyms:
    those of the whole text, which vote for their countries in the document context
    (`ctx_demonym` each).
    """

    org: str = ""
    siblings: tuple[int, ...] = ()
    longer: tuple[int, ...] = ()
    hint: str | None = None
    # a demonym in the mention's clause ("the Lebanese port of Tripoli"), as a `norm` key
    near: str | None = None
    # the adjectival demonyms of the whole text (the same tuple in every cue of a document)
    doc_demonyms: tuple[str, ...] = ()


@dataclass
class DocContext:
    countries: Counter = field(default_factory=Counter)
    admin1: Counter = field(default_factory=Counter)
    points: list[tuple[float, float]] = field(default_factory=list)
    # nearest_km by (lat, lon, len(points)): a mention named n times scores its candidates
    # against the same context n times
    _near: dict[tuple[float, float, int], float] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def nearest_km(self, lat: float, lon: float) -> float:
        """Distance from (lat, lon) to the nearest point of the context (points must not be
        empty)."""
        key = (lat, lon, len(self.points))
        d = self._near.get(key)
        if d is None:
            d = min(haversine_km(lat, lon, la, lo) for la, lo in self.points)
            self._near[key] = d
        return d

    def country_w(self, cc: str) -> float:
        tot = sum(self.countries.values())
        return self.countries[cc] / tot if tot else 0.0

    def admin1_w(self, cc: str, a1: str) -> float:
        tot = sum(self.admin1.values())
        return self.admin1[(cc, a1)] / tot if tot else 0.0

    def without(self, other: DocContext) -> DocContext:
        """This context less one mention's own contribution (so it cannot vote for itself)."""
        pts = list(self.points)
        for p in other.points:
            if p in pts:
                pts.remove(p)
        return DocContext(self.countries - other.countries, self.admin1 - other.admin1, pts)


_REGION_ADJ = {
    "western", "eastern", "northern", "southern", "central", "northeastern", "northwestern",
    "southeastern", "southwestern", "rural",
}  # fmt: skip
_COMPASS = {"n": "north", "s": "south", "e": "east", "w": "west"}
_POSS = re.compile(r"(?:['’]s|['’])$")

#: names whose candidates a `Resolver` keeps: a worker resolves hundreds of thousands of distinct
#: names in a year of news, and an unbounded cache grew its RSS by ~7 MB every 1,000 documents
#: (~230 MB at 63k; `Candidate` objects, found with a type census). Cleared when full, as the
#: actor registry's fuzzy cache: the frequent names come back within a few documents.
CAND_CACHE_MAX = 20_000


def name_variants(text: str) -> list[tuple[str, str | None]]:
    """(key, type hint) pairs to look up, the plain key first."""
    t = " ".join(text.split())
    t = _POSS.sub("", t)
    k = norm(t)
    out: list[tuple[str, str | None]] = [(k, None)]
    toks = k.split()
    if toks and toks[0] == "the" and len(toks) > 1:
        toks = toks[1:]
        out.append((" ".join(toks), None))
    if len(toks) > 1 and toks[0] in _COMPASS and len(toks[1]) > 1:
        toks = [_COMPASS[toks[0]], *toks[1:]]  # "W. Columbia" -> "west columbia"
        out.append((" ".join(toks), None))
    if len(toks) > 1 and toks[0] in _REGION_ADJ:
        out.append((" ".join(toks[1:]), None))  # "Western US", "northern Syria" -> the whole
    if toks and toks[-1] == "co" and len(toks) > 1:
        out.append((" ".join([*toks[:-1], "county"]), "adm2"))
    hint = None
    while len(toks) > 1 and toks[-1] in ADMIN_WORDS:
        hint = hint or _SUFFIX_HINT.get(toks[-1])
        toks = toks[:-1]
        out.append((" ".join(toks), hint))
    return [(k2, h) for k2, h in dict.fromkeys(out) if k2]


_GENERIC = {
    "university", "college", "academy", "embassy", "centre", "center", "city", "county", "south",
    "north", "east", "west", "western", "eastern", "northern", "southern", "central", "detention",
    "no", "school", "hospital", "airport", "street", "road", "the", "of", "and", "state", "new",
    "great", "upper", "lower", "greater", "old", "port", "lake", "river", "park", "valley", "club",
    "bank", "national", "international", "high", "st", "mt", "ft", "saint", "united", "royal",
}  # fmt: skip


def _related(keys: list[str], name: str) -> bool:
    """Whether a looked-up key is a form of the place's own name: one holds the other's words
    ("Newcastle" / "Newcastle upon Tyne", "Jackson" / "Jackson County") or a near spelling
    ("Jenin" / "Janin")."""
    from rapidfuzz import fuzz

    nw = name.split()
    for k in keys:
        kw = k.split()
        short, long_ = (kw, nw) if len(kw) <= len(nw) else (nw, kw)
        n = len(short)
        if n and any(long_[i : i + n] == short for i in range(len(long_) - n + 1)):
            return True
        if fuzz.ratio(k, name) >= 80.0:
            return True
    return False


def _demonym_stems(key: str) -> list[str]:
    if " " in key or len(key) < 5:
        return []
    out = []
    for suf, rep in (
        ("ans", ""),
        ("an", ""),
        ("ns", ""),
        ("n", ""),
        ("ans", "as"),
        ("an", "as"),
        ("ers", ""),
        ("er", ""),
        ("ites", ""),
        ("ite", ""),
        ("s", ""),
    ):
        if key.endswith(suf) and len(key) - len(suf) >= 3:
            out.append(key[: len(key) - len(suf)] + rep)
    return list(dict.fromkeys(out))


def _copy(x: Candidate) -> Candidate:
    """A fresh copy of a cached candidate, its score 0."""
    return Candidate(x.row, x.kind, x.fuzzy, x.variant, 0.0, x.namesake, x.subspan, x.other_name)


class Resolver:
    def __init__(self, gaz: Gazetteer, weights: dict[str, float] | None = None) -> None:
        self.gaz = gaz
        self.w = dict(WEIGHTS)
        if weights:
            self.w.update(weights)
        self._cand_cache: dict[str, tuple[list[Candidate], str | None]] = {}
        self._dem_cc: dict[str, str | None] = {}

    # -- candidates ----------------------------------------------------------------------------
    def candidates(self, text: str) -> tuple[list[Candidate], str | None]:
        """The gazetteer entries `text` may name (fresh copies, score 0) and the type hint of the
        variant that matched ("X Province": adm1)."""
        if text not in self._cand_cache:
            variants = name_variants(text)
            if not variants:  # nothing left after normalising ("+", "--")
                return [], None
            if len(self._cand_cache) >= CAND_CACHE_MAX:
                self._cand_cache.clear()
            self._cand_cache[text] = self._new_candidates(variants)
        cands, hint = self._cand_cache[text]
        return [_copy(x) for x in cands], hint

    def _new_candidates(
        self, variants: list[tuple[str, str | None]]
    ) -> tuple[list[Candidate], str | None]:
        """Candidates of a name by its variants' exact keys, else as a demonym, else by a part
        of it, else by fuzzy keys; then their `namesake` and `other_name` marks."""
        found, hint = self._exact_candidates(variants)
        by_name = set(found)  # matched on the mention's own words (not a part, not a demonym)
        key = variants[0][0]
        if not found:
            found = self._demonym_candidates(key)
        if not found and len(key.split()) > 1:
            found = self._part_candidates(key)
        if not found:
            found = self._fuzzy_candidates(key)
        cands = list(found.values())
        self._mark_namesakes(cands)
        if any(c.kind == KIND_PRIMARY for c in cands):
            keys = [k for k, _h in variants]
            for c in cands:
                c.other_name = (
                    c.kind == KIND_ALT
                    and c.row.gid in by_name
                    and not _related(keys, norm(c.row.name))
                )
        return cands, hint

    def _exact_candidates(
        self, variants: list[tuple[str, str | None]]
    ) -> tuple[dict[int, Candidate], str | None]:
        """Entries under the exact keys of the variants (the plain key alone when it matches),
        each with the best name kind that matched, and the hint of the first variant that found
        one."""
        found: dict[int, Candidate] = {}
        hint = None
        for i, (key, h) in enumerate(variants):
            for gid, kind in self.gaz.lookup(key):
                row = self.gaz.get(gid)
                if row is None:
                    continue
                prev = found.get(gid)
                if prev is None:
                    found[gid] = Candidate(row, kind, 0.0, i > 0)
                    if i > 0:
                        hint = hint or h
                elif kind < prev.kind and not (i > 0 and not prev.variant):
                    prev.kind = kind
            if found and i == 0:
                break
        return found, hint

    def _demonym_candidates(self, key: str) -> dict[int, Candidate]:
        """Demonyms of places: "Ohioans", "Iowans", "Texan", "Londoners"."""
        found: dict[int, Candidate] = {}
        for dk in _demonym_stems(key):
            for gid, kind in self.gaz.lookup(dk):
                row = self.gaz.get(gid)
                if (
                    row is not None
                    and kind <= KIND_CURATED
                    and feature_group(row) in ("country", "adm1", "pplc", "ppl")
                ):
                    found.setdefault(gid, Candidate(row, kind, 0.0, True))
            if found:
                break
        return found

    def _part_candidates(self, key: str) -> dict[int, Candidate]:
        """A place inside a longer name ("University of California", "South Florida"): the
        longest runs of words first; generic words never stand alone."""
        found: dict[int, Candidate] = {}
        toks = key.split()
        for size in range(len(toks) - 1, 0, -1):
            for i in range(len(toks) - size + 1):
                part = toks[i : i + size]
                sub = " ".join(part)
                if len(sub) < 4 or all(t in _GENERIC for t in part):
                    continue
                for gid, kind in self.gaz.lookup(sub):
                    row = self.gaz.get(gid)
                    if row is not None and kind <= KIND_DEMONYM and gid not in found:
                        found[gid] = Candidate(row, kind, 0.0, False, subspan=True)
            if found:
                break
        return found

    def _fuzzy_candidates(self, key: str) -> dict[int, Candidate]:
        """Entries whose skeleton key is close to `key` (rapidfuzz score of at least 80)."""
        found: dict[int, Candidate] = {}
        for gid, s in self.gaz.fuzzy(key, min_score=80.0):
            row = self.gaz.get(gid)
            if row is not None:
                found[gid] = Candidate(row, KIND_ALT, s, False)
        return found

    def _mark_namesakes(self, cands: list[Candidate]) -> None:
        """Mark an admin unit whose namesake town (same primary name, same country) holds a good
        share of its people: "Boise" the town, not Boise County; "Moscow" the city, not Moscow
        Oblast."""
        towns = [c.row for c in cands if c.row.fclass == "P" and c.kind == KIND_PRIMARY]
        ratio = self.w.get("namesake_ratio", 0.3)
        for c in cands:
            if feature_group(c.row) in ("adm1", "adm2"):
                c.namesake = any(
                    t.cc == c.row.cc and t.pop >= ratio * max(c.row.pop, 1) for t in towns
                )

    # -- scoring -------------------------------------------------------------------------------
    def prior(self, c: Candidate, hint: str | None = None) -> float:
        w = self.w
        g = feature_group(c.row)
        # admin populations are derived (sums of member towns, or the seat's): weighted apart
        pw = (
            w["log_pop_adm2"] if g == "adm2" else w["log_pop_adm1"] if g == "adm1" else w["log_pop"]
        )
        s = pw * math.log10(c.row.pop + 1)
        if g in ("ppl", "pplc") and c.row.pop > 1_000_000:
            # world cities keep their name against small namesakes whatever the context
            s += w["big_city"] * (math.log10(c.row.pop) - 6.0 + 1.0)
        s += {
            KIND_PRIMARY: w["kind_primary"],
            KIND_ALT: w["kind_alt"],
            KIND_CURATED: w["kind_curated"],
            KIND_ABBR: w["kind_abbr"],
            KIND_DEMONYM: w["kind_demonym"],
        }.get(c.kind, 0.0)
        if c.namesake:
            s += w["adm_namesake"]
        if c.subspan:
            s += w["subspan"]
        if c.fuzzy:
            s += w["fuzzy"] + (c.fuzzy - 100) / 10.0
        if c.variant:
            s += w["variant"]
        if c.other_name:
            s += w["other_name"]
        s += w.get("grp_" + g, 0.0)
        if hint and (hint == g or (hint == "ppl" and g == "pplc")):
            s += w["type_hint"]
        return s

    def contextual(
        self,
        c: Candidate,
        ctx: DocContext,
        hint: str | None = None,
        parent: list[GazRow] | None = None,
        country_hint: str | None = None,
        scale: float = 1.0,
        near_cc: str | None = None,
    ) -> float:
        """`scale` weighs the document context (country, admin1, nearby points) for this mention;
        `near_cc`: the country a demonym in its clause names."""
        w = self.w
        s = self.prior(c, hint)
        row = c.row
        g = feature_group(row)
        if row.cc and ctx.countries[row.cc] > 0 and g == "pplc":
            # the capital of a country the text names ("Washington" in a London story)
            s += w["ctx_capital"]
        s += scale * self._context_score(row, g, ctx)
        if parent:
            s = self._placed(s, c, g, parent)
        if country_hint and row.cc == country_hint.upper()[:2]:
            s += w["hint_country"]
        if near_cc and row.cc == near_cc and g not in ("country", "cont"):
            s += w["near_country"]
        return s

    def _context_score(self, row: GazRow, g: str, ctx: DocContext) -> float:
        """How well `row` (of feature group `g`) fits the document context: its country, its
        admin1 unit, its distance to the context's points."""
        w = self.w
        cs = 0.0
        if row.cc:
            cs += w["ctx_country"] * ctx.country_w(row.cc)
            if ctx.countries[row.cc] > 0:
                cs += w["ctx_country_any"]
            if g not in ("country", "cont") and row.admin1:
                cs += w["ctx_admin1"] * ctx.admin1_w(row.cc, row.admin1)
                if ctx.admin1[(row.cc, row.admin1)] > 0:
                    cs += w["ctx_admin1_any"]
        if ctx.points and g not in ("country", "cont"):
            d = ctx.nearest_km(row.lat, row.lon)
            cs += w["ctx_near"] * max(0.0, 1.0 - d / 500.0)
        return cs

    def _placed(self, s: float, c: Candidate, g: str, parent: list[GazRow]) -> float:
        """The score `s` with the bonus of the first parent the text places `c` in ("X, Y",
        "X in Y"), which also waives the cost of an other name."""
        w = self.w
        row = c.row
        for p in parent:
            pg = feature_group(p)
            if pg == "country" and row.cc == p.cc and g != "country":
                s += w["hier"]
            elif pg == "adm1" and row.cc == p.cc and row.admin1 == p.admin1 and g != "adm1":
                s += w["hier"]
            elif pg in ("ppl", "pplc", "adm2") and row.cc == p.cc and row.admin1 == p.admin1:
                s += w["hier"] * 0.5
            else:
                continue
            if c.other_name:
                s -= w["other_name"]  # the text places it: its other name is evidence enough
            break
        return s

    def demonym_country(self, key: str) -> str | None:
        """ISO-2 of the country a demonym names ("lebanese" -> LB), else None."""
        if key not in self._dem_cc:
            row = self.best(key)
            self._dem_cc[key] = (
                row.cc if row is not None and feature_group(row) == "country" else None
            )
        return self._dem_cc[key]

    def best(self, text: str, country_hint: str | None = None) -> GazRow | None:
        cands, hint = self.candidates(text)
        if not cands:
            return None
        ctx = DocContext()
        for c in cands:
            c.score = self.contextual(c, ctx, hint, None, country_hint)
        return max(cands, key=lambda c: c.score).row

    def _context(
        self,
        texts: list[str],
        winners: list[Candidate | None],
        cand_lists: list[tuple[list[Candidate], str | None]],
        strict: bool,
    ) -> tuple[DocContext, dict[str, DocContext]]:
        """Countries, admin1 units and points voted for by the current winners."""
        ctx = DocContext()
        own: dict[str, DocContext] = {}
        min_margin = self.w.get("ctx_margin", 1.0) if strict else self.w.get("ctx_margin2", 0.0)
        for t, c, (cands, _hint) in zip(texts, winners, cand_lists):
            if c is None:
                continue
            others = sorted((x.score for x in cands if x is not c), reverse=True)
            margin = c.score - others[0] if others else 3.0
            if margin < min_margin:
                continue
            g = feature_group(c.row)
            wt = self.w.get("ctx_explicit", 2.0) if g in ("country", "adm1") else 1.0
            mine = own.setdefault(t, DocContext())
            # float weights in Counters (typeshed types a Counter's counts as int: the ignores)
            for cx in (ctx, mine):
                if c.row.cc:
                    cx.countries[c.row.cc] += wt  # type: ignore[assignment]
                if g not in ("country", "cont") and c.row.admin1:
                    cx.admin1[(c.row.cc, c.row.admin1)] += wt  # type: ignore[assignment]
                if g in ("ppl", "pplc", "adm2", "curated"):
                    cx.points.append((c.row.lat, c.row.lon))
        return ctx, own

    def _cue_bonus(
        self, c: Candidate, cands: list[Candidate], cue: MentionCue, prev: list[Candidate | None]
    ) -> float:
        s = 0.0
        g = feature_group(c.row)
        for j in cue.siblings:
            p = prev[j] if j < len(prev) else None
            if p is None:
                continue
            pg = feature_group(p.row)
            if (
                pg == g
                and pg in ("country", "adm1", "adm2")
                and (pg == "country" or p.row.cc == c.row.cc)
            ):
                s += self.w["coord"]
                break
        for j in cue.longer:
            p = prev[j] if j < len(prev) else None
            if p is None:
                continue
            # "Lexington" beside "Lexington County": the county's namesake town when it has one
            # in the same state, else the county itself
            if c.row.fclass == "P" and (c.row.cc, c.row.admin1) == (p.row.cc, p.row.admin1):
                s += self.w["coref"]
                break
            if p.row.gid == c.row.gid and not any(
                x.row.fclass == "P" and (x.row.cc, x.row.admin1) == (p.row.cc, p.row.admin1)
                for x in cands
            ):
                s += self.w["coref"]
                break
        return s

    @staticmethod
    def _exclude(
        ctx: DocContext, own: dict[str, DocContext], text: str, cache: dict[str, DocContext]
    ) -> DocContext:
        if text in cache:
            return cache[text]
        words = set(norm(text).split()) - _GENERIC
        out = ctx
        for t, c in own.items():
            if t == text or (words and words & set(norm(t).split())):
                out = out.without(c)
        cache[text] = out
        return out

    def resolve_all(
        self,
        texts: list[str],
        parents: list[list[str]] | None = None,
        country_hint: str | None = None,
        cues: list[MentionCue] | None = None,
    ) -> list[GazRow | None]:
        """Resolve every mention of one document together (see the module docstring)."""
        cand_lists = [self.candidates(t) for t in texts]
        winners = self._first_pass(cand_lists)
        parent_rows: dict[str, GazRow | None] = {}
        out: list[GazRow | None] = [None] * len(texts)
        rounds = int(self.w.get("rounds", 2))
        dem_votes = self._demonym_votes(cues)
        for rnd in range(rounds):
            ctx, own = self._context(texts, winners, cand_lists, strict=(rnd == 0))
            ctx.countries.update(dem_votes)
            excl_cache: dict[str, DocContext] = {}
            prev = winners
            out = [None] * len(texts)
            cur: list[Candidate | None] = [None] * len(texts)
            # a mention that shortens another ("Suffolk" of "Suffolk County") after that one
            order = sorted(range(len(texts)), key=lambda i: bool(cues and cues[i].longer))
            for i in order:
                cands, hint = cand_lists[i]
                if not cands:
                    continue
                prow = self._parent_rows(parents[i] if parents else [], parent_rows, country_hint)
                # a mention's own vote (and its namesakes': "Suffolk" for "Suffolk County")
                # must not pull itself
                cx = self._exclude(ctx, own, texts[i], excl_cache)
                cue = cues[i] if cues else None
                hint, scale, near_cc = self._cue_terms(cue, hint)
                known = [c if c is not None else p for c, p in zip(cur, prev)]
                for c in cands:
                    c.score = self.contextual(c, cx, hint, prow, country_hint, scale, near_cc)
                    if cue is not None:
                        c.score += self._cue_bonus(c, cands, cue, known)
                win = max(cands, key=lambda c: c.score)
                cur[i] = win
                out[i] = win.row
            winners = cur
        return out

    def _first_pass(
        self, cand_lists: list[tuple[list[Candidate], str | None]]
    ) -> list[Candidate | None]:
        """Each mention's best candidate by its prior alone (no context)."""
        first: list[Candidate | None] = []
        for cands, hint in cand_lists:
            for c in cands:
                c.score = self.prior(c, hint)
            first.append(max(cands, key=lambda c: c.score) if cands else None)
        return first

    def _demonym_votes(self, cues: list[MentionCue] | None) -> Counter:
        """The countries the text's demonyms name, `ctx_demonym` each."""
        dem_votes: Counter = Counter()
        # float weights in a Counter (typeshed types its counts as int: the ignore)
        if cues and self.w["ctx_demonym"]:
            for k in cues[0].doc_demonyms:
                cc = self.demonym_country(k)
                if cc:
                    dem_votes[cc] += self.w["ctx_demonym"]  # type: ignore[assignment]
        return dem_votes

    def _parent_rows(
        self, ptexts: list[str], parent_rows: dict[str, GazRow | None], country_hint: str | None
    ) -> list[GazRow]:
        """The places the text puts a mention in ("X, Y": Y), each resolved once per document
        (`parent_rows` caches them)."""
        prow = []
        for ptext in ptexts:
            if ptext not in parent_rows:
                parent_rows[ptext] = self.best(ptext, country_hint)
            row = parent_rows[ptext]
            if row is not None:
                prow.append(row)
        return prow

    def _cue_terms(
        self, cue: MentionCue | None, hint: str | None
    ) -> tuple[str | None, float, str | None]:
        """What a mention's cue sets for its scoring: the type hint (the name's own first), the
        scale of the document context (a local body's name: more; another name's: `org_ctx`)
        and the country of a demonym in its clause."""
        scale = 1.0
        if cue is None:
            return hint, scale, None
        hint = hint or cue.hint
        if cue.org == "org":
            scale = self.w["org_ctx"]
        elif cue.org == "civic":
            scale = self.w["civic_ctx"]
        near_cc = self.demonym_country(cue.near) if cue.near else None
        return hint, scale, near_cc
