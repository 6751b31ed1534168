"""The `actors` stage: names in a document -> ActorRef (registry id, or a provisional one).

In: Document with text, segments (lang) and, when the nlp stage ran, entities. Out:
`doc.actors` (ActorRef with start/end, sorted by offset) and `doc.meta["actors"]`
(`model.ActorsSideData`):
`{"roles": [{"person": i, "group": j, "role": "spokesman"}], "provisional": [{"actor_id",
"name", "context"}], "coref": [{"actor": i, "antecedent": j}]}` (i, j index doc.actors).

Cascade per document:
1. candidates: spaCy/ruler entities (ORG, PERSON, NORP, GPE), our own scan of capitalised
   n-grams against the registry (English), demonym + role noun phrases ("Russian warplanes"),
   and an n-gram scan of Arabic-script segments (noun + adjective: "الجيش السوري").
2. overlaps: the longer span wins; a registry hit beats a provisional name.
3. in-document linking: "Long Name (ACR)" and later "ACR"; a surname after the full name;
   "X's spokesman Y" / "Y, leader of X" (the person takes X's country and sector when unknown);
   appositions "the Iraqi Foreign Minister, Ibrahim al-Jaafari".
4. coreference: "the group", "the militia", ... and "he"/"she" -> the one actor of that kind in
   the preceding two sentences; nothing when there are two candidates.
5. unknown ORG/PERSON names -> provisional ActorRef (actor_id "prov_<hash>"), never dropped.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass
from typing import Any

from claimgraph.actors.lookup import resolve_match
from claimgraph.actors.normalize import (
    arabic_token_variants,
    exact_key,
    has_arabic,
    strip_honorifics,
)
from claimgraph.actors.registry import Match, Registry, registry
from claimgraph.model import ActorRef, ActorsSideData, Document, ProvisionalActor
from claimgraph.text import ARABIC_BLOCK

__all__ = ["ActorStage", "provisional_id", "mention_actor", "Candidate"]

ACTOR_LABELS = ("ORG", "PERSON", "NORP", "GPE")
_GROUP_NOUNS = ("group", "militia", "organisation", "organization", "movement", "faction",
                "rebel group", "jihadist group", "militant group", "armed group", "coalition",
                "alliance", "monitor", "observatory", "agency", "brigade", "rebels", "jihadists",
                "insurgents", "extremist group", "terror group", "terrorist group")  # fmt: skip
_ROLE_WORDS = ("spokesman", "spokeswoman", "spokesperson", "leader", "commander", "chief",
               "head", "founder", "official", "envoy", "emir", "director", "chairman",
               "president", "secretary-general", "secretary general", "representative",
               "minister", "military commander", "deputy leader", "deputy", "member",
               "political officer", "negotiator", "fighter", "militant")  # fmt: skip
_ROLE_RE = "|".join(sorted((re.escape(w) for w in _ROLE_WORDS), key=len, reverse=True))
# "<GROUP>'s spokesman, <PERSON>" / "<GROUP> spokesman <PERSON>"
_GROUP_ROLE_PERSON = re.compile(rf"^(?:'s|’s)?\s+(?:\w+\s+)?({_ROLE_RE})\s*,?\s*$", re.I)
# "<PERSON>, (the) (top) leader of <GROUP>" / "<PERSON>, a <GROUP> commander"
_PERSON_ROLE_GROUP = re.compile(
    rf"^\s*,\s*(?:the|a|an)?\s*(?:\w+\s+)?({_ROLE_RE})\s+(?:of|for|in|at)\s+(?:the\s+)?$", re.I
)
_PERSON_A_GROUP_ROLE = re.compile(r"^\s*,\s*(?:the|a|an)\s+$", re.I)
_ROLE_AFTER_GROUP = re.compile(rf"^(?:'s|’s)?\s+(?:\w+\s+)?({_ROLE_RE})\b", re.I)
_LEADER_OF = re.compile(rf"\b({_ROLE_RE})\s+(?:of|for)\s+(?:the\s+)?$", re.I)
_WORD = re.compile(r"[\w'’\-\.]+|[^\w\s]", re.U)
_AR_WORD = re.compile(f"[{ARABIC_BLOCK}\\w]+")
_MAX_NGRAM = 7
_CONNECTORS = {"of", "for", "the", "al", "el", "and", "in", "on", "de", "bin", "ibn", "abu", "-",
               "&", "la", "ul", "ad", "as", "ash", "'s"}  # fmt: skip
# single capitalised English words that are registry aliases somewhere but rarely actors
_SCAN_STOP = {"the", "a", "an", "he", "she", "it", "they", "we", "i", "in", "on", "at", "as",
              "but", "and", "or", "if", "is", "was", "this", "that", "there", "his", "her",
              "its", "their", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
              "sunday", "january", "february", "march", "april", "may", "june", "july",
              "august", "september", "october", "november", "december", "mr", "mrs", "ms",
              "observatory", "alliance", "coalition", "state", "government", "army", "police",
              "ban", "amal", "hashd", "president", "minister", "general", "islam", "muslim",
              "christian", "sunni", "shia", "shiite", "kurdish", "arab", "kurds", "arabs",
              "red crescent", "national coalition", "commission of inquiry"}  # fmt: skip


# a name that is only an article or particle ("al-", "el-", "the", "bin"): never an actor
_CUT_PARTICLE = re.compile(r"(?i)(?:the|al|el|ad|ar|as|ash|at|az|an|bin|ibn|abu|abi|umm)?[\s\-‐–]*")


def provisional_id(name: str) -> str:
    """Stable id for an actor the registry does not know: prov_ + hash of its exact key."""
    key = exact_key(name) or name.strip().lower()
    return "prov_" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


@dataclass
class Candidate:
    start: int
    end: int
    text: str
    label: str  # ORG | PERSON | NORP | GPE | SCAN | DEMONYM | AR
    match: Match | None
    source: str

    @property
    def length(self) -> int:
        return self.end - self.start


def _acronym(name: str) -> str:
    words = [w for w in re.findall(r"[A-Za-z][\w'’]*", name)
             if w.lower() not in {"of", "the", "and", "for", "in", "on", "to", "al", "a"}]  # fmt: skip
    return "".join(w[0] for w in words).upper()


class ActorStage:
    """Fill doc.actors; see the module docstring for the cascade."""

    name = "actors"
    requires: tuple[str, ...] = ("text", "segments")
    provides: tuple[str, ...] = ("actors",)

    def __init__(self, reg: Registry | None = None, *, scan: bool = True,
                 coref: bool = True, fuzzy: bool = True) -> None:  # fmt: skip
        self._reg = reg
        self.scan = scan
        self.coref = coref
        self.fuzzy = fuzzy

    @property
    def reg(self) -> Registry:
        if self._reg is None:
            self._reg = registry()
        return self._reg

    # -- candidates ----------------------------------------------------------------------
    def _entity_candidates(self, doc: Document) -> list[Candidate]:
        out = []
        for ent in doc.entities:
            if ent.label not in ACTOR_LABELS:
                continue
            text = doc.text[ent.start : ent.end]
            if has_arabic(text):
                continue  # English NER on Arabic script: the Arabic scan handles these
            start, end = ent.start, ent.end
            # "Abboud Qanbar(Arabic", "Abu Haidar,[1": cut at a bracket or comma
            cut = re.search(r"\s*[(\[,;]", text)
            if cut and cut.start() > 1:
                end = start + cut.start()
                text = doc.text[start:end]
            text = text.rstrip(".")
            end = start + len(text)
            if _CUT_PARTICLE.fullmatch(text) or (
                text.endswith("-") and doc.text[end : end + 1].isalpha()
            ):
                # "al-" of "al-Rahman Legion": NER split the word at its article; a bare
                # article or half a word names no one (the scan reads the whole name)
                continue
            # "the Syrian army": drop a leading article from the span
            m = self.reg.lookup(text, fuzzy=self.fuzzy and ent.label in ("ORG", "PERSON"))
            if ent.label in ("NORP", "GPE"):
                # "Russian" + "warplanes" -> extend over the role noun
                ext = self._extend_demonym(doc.text, start, end)
                if ext is not None:
                    end, m = ext
                    text = doc.text[start:end]
            if m is None and ent.label in ("NORP", "GPE"):
                continue
            if m is not None and m.actor.kind == "state" and ent.label == "ORG":
                pass
            out.append(Candidate(start, end, text, ent.label, m, "entity"))
        return out

    def _extend_demonym(self, text: str, start: int, end: int) -> tuple[int, Match] | None:
        tail = text[end : end + 60]
        words = list(re.finditer(r"[A-Za-z][\w\-]*", tail))
        best = None
        for n in range(1, min(4, len(words)) + 1):
            if tail[: words[n - 1].start()].strip(" ") not in ("",) and n == 1:
                # something other than spaces between the demonym and the next word
                if tail[: words[0].start()].strip() not in ("'s", "’s"):
                    break
            new_end = end + words[n - 1].end()
            seg = text[start:new_end]
            if "\n" in seg or any(c in seg for c in ",.;:()"):
                break
            m = self.reg.demonym_match(seg)
            if m is not None and m.actor.kind != "state":
                best = (new_end, m)
            elif best is not None:
                # "Kenyan authorities banned civilians": a longer phrase past a word that is no
                # part of the name only ends in another role noun
                break
        return best

    def _scan_latin(self, text: str, offset: int) -> list[Candidate]:
        """Capitalised n-grams of Latin-script `text` (at `offset` in the document) that the
        registry knows exactly, longest first, else demonym phrases ("Russian warplanes")."""
        toks = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
        out: list[Candidate] = []
        i = 0
        while i < len(toks):
            s0, _, w0 = toks[i]
            if not (w0[:1].isupper() or w0[:1].isdigit()) or w0 in ("The", "A", "An"):
                i += 1
                continue
            best = self._exact_ngram(text, toks, i)
            if best is None:
                dm = self._demonym_scan(text, toks, i)
                if dm is not None:
                    n, m = dm
                    out.append(Candidate(offset + s0, offset + toks[i + n - 1][1],
                                         text[s0 : toks[i + n - 1][1]], "DEMONYM", m, "scan"))  # fmt: skip
                    i += n
                    continue
                i += 1
                continue
            n, m = best
            e_ = toks[i + n - 1][1]
            out.append(Candidate(offset + s0, offset + e_, text[s0:e_], "SCAN", m, "scan"))
            i += n
        return out

    def _exact_ngram(
        self, text: str, toks: list[tuple[int, int, str]], i: int
    ) -> tuple[int, Match] | None:
        """The longest n-gram from token `i` (at most _MAX_NGRAM, ending in a capitalised word
        or a number, on one line) whose exact key the registry holds: (n, its match)."""
        s0 = toks[i][0]
        exact = self.reg._exact
        for n in range(min(_MAX_NGRAM, len(toks) - i), 0, -1):
            last = toks[i + n - 1][2]
            if not (any(ch.isupper() for ch in last) or last[:1].isdigit()):
                continue
            surface = text[s0 : toks[i + n - 1][1]]
            if "\n" in surface:
                continue
            key = exact_key(surface)
            if not key or key in _SCAN_STOP:
                continue
            hit = exact.get(key)
            if not hit:
                continue
            e = min(hit)
            actor = self.reg.actors[e[2]]
            if n == 1 and not _single_token_ok(surface, e, actor):
                continue
            return (n, Match(actor, e[3], "exact"))
        return None

    def _demonym_scan(self, text: str, toks: list[tuple[int, int, str]],
                      i: int) -> tuple[int, Match] | None:  # fmt: skip
        w0 = toks[i][2]
        if exact_key(w0) not in self.reg.demonyms and not (
            i + 1 < len(toks) and exact_key(w0 + " " + toks[i + 1][2]) in self.reg.demonyms
        ):
            return None
        best = None
        for n in range(2, min(6, len(toks) - i) + 1):
            surface = text[toks[i][0] : toks[i + n - 1][1]]
            if "\n" in surface or any(c in surface for c in ",.;:()"):
                break
            m = self.reg.demonym_match(surface)
            if m is not None and m.actor.kind != "state":
                best = (n, m)
            elif best is not None:
                break  # as in `_extend_demonym`: the name ends where its words stop matching
        return best

    def _scan_arabic(self, text: str, offset: int) -> list[Candidate]:
        toks = [(m.start(), m.end(), m.group()) for m in _AR_WORD.finditer(text)]
        variants = [arabic_token_variants(t[2]) for t in toks]
        out: list[Candidate] = []
        exact = self.reg._exact
        i = 0
        while i < len(toks):
            found = None
            for n in range(min(6, len(toks) - i), 0, -1):
                firsts = variants[i]
                rest = [variants[j][0] for j in range(i + 1, i + n)]
                for f in firsts:
                    key = " ".join([f, *rest])
                    hit = exact.get(key)
                    if hit:
                        e = min(hit)
                        actor = self.reg.actors[e[2]]
                        if actor.kind == "state" or (n == 1 and len(key) < 3):
                            continue
                        if n == 1 and e[0] > 1 and actor.kind != "person":
                            # one Arabic word from the big lists is too often a common noun
                            # ("الشمس", "قطاع"): only curated/user single words
                            continue
                        found = (n, Match(actor, e[3], "exact"))
                        break
                    if n >= 2:
                        m = self.reg._lookup_arabic(key)
                        if m is not None and m.how == "demonym" and m.actor.kind != "state":
                            found = (n, m)
                            break
                if found:
                    break
            if found:
                n, m = found
                s, e_ = toks[i][0], toks[i + n - 1][1]
                out.append(Candidate(offset + s, offset + e_, text[s:e_], "AR", m, "scan"))
                i += n
            else:
                i += 1
        return out

    def _scan(self, doc: Document) -> list[Candidate]:
        out: list[Candidate] = []
        segs = doc.segments or []
        spans = [(s.start, s.end, s.lang) for s in segs if s.kind.value != "boilerplate"]
        if not spans:
            spans = [(0, len(doc.text), "und")]
        for s, e, lang in spans:
            text = doc.text[s:e]
            if lang == "ar" or (lang in ("und", "other") and has_arabic(text)):
                out.extend(self._scan_arabic(text, s))
            if lang != "ar":
                out.extend(self._scan_latin(text, s))
        return out

    # -- the stage -----------------------------------------------------------------------
    def __call__(self, doc: Document) -> Document:
        cands = self._entity_candidates(doc)
        if self.scan:
            cands.extend(self._scan(doc))
        chosen = self._resolve_overlaps(cands)
        refs: list[ActorRef] = []
        provisional: list[ProvisionalActor] = []
        for c in chosen:
            if c.match is not None:
                refs.append(c.match.actor.ref(c.match.alias, c.start, c.end,
                                              name=c.match.actor.name))  # fmt: skip
            elif c.label in ("ORG", "PERSON"):
                name = re.sub(r"^(?:the|The)\s+", "", c.text).strip()
                ref = ActorRef(name=name, actor_id=provisional_id(name), provisional=True,
                               start=c.start, end=c.end)  # fmt: skip
                refs.append(ref)
        kinds = {i: self._kind(r, chosen[i] if i < len(chosen) else None)
                 for i, r in enumerate(refs)}  # fmt: skip
        meta: ActorsSideData = {"roles": [], "provisional": [], "coref": [], "kinds": {}}
        self._link_acronyms_and_surnames(doc, refs, kinds)
        self._link_roles(doc, refs, kinds, meta)
        if self.coref:
            self._coref(doc, refs, kinds, meta)
        order = sorted(range(len(refs)), key=lambda i: (refs[i].start or 0, refs[i].end or 0))
        remap = {old: new for new, old in enumerate(order)}
        doc.actors = [refs[i] for i in order]
        meta["roles"] = [{**r, "person": remap[r["person"]], "group": remap[r["group"]]}
                         for r in meta["roles"]]  # fmt: skip
        meta["coref"] = [{"actor": remap[c["actor"]], "antecedent": remap[c["antecedent"]]}
                         for c in meta["coref"]]  # fmt: skip
        for r in doc.actors:
            if r.provisional and r.actor_id not in {p["actor_id"] for p in provisional}:
                s0 = max(0, (r.start or 0) - 80)
                provisional.append({"actor_id": r.actor_id, "name": r.name,
                                    "context": doc.text[s0 : (r.end or 0) + 80]})  # fmt: skip
        meta["provisional"] = provisional
        meta["kinds"] = {str(remap[i]): k for i, k in kinds.items()}
        doc.meta["actors"] = meta
        return doc

    def _kind(self, ref: ActorRef, cand: Candidate | None) -> str:
        if ref.actor_id and not ref.provisional:
            a = self.reg.get(ref.actor_id)
            if a is not None:
                return a.kind
        if cand is not None and cand.label == "PERSON":
            return "person"
        return "org"

    @staticmethod
    def _resolve_overlaps(cands: list[Candidate]) -> list[Candidate]:
        # longer spans first; then registry hits over provisional; then entity over scan
        ranked = sorted(cands, key=lambda c: (-(c.match is not None), -c.length,
                                              c.source != "entity", c.start))  # fmt: skip
        # the spans taken are disjoint, so sorted by start their ends are sorted too: a candidate
        # overlaps one of them iff it overlaps the last one starting before its end (O(n log n);
        # the scan over every taken span was quadratic on name-heavy documents)
        starts: list[int] = []
        ends: list[int] = []
        out = []
        for c in ranked:
            i = bisect.bisect_left(starts, c.end)
            if i and ends[i - 1] > c.start:
                continue
            starts.insert(i, c.start)
            ends.insert(i, c.end)
            out.append(c)
        return sorted(out, key=lambda c: c.start)

    def _link_acronyms_and_surnames(self, doc: Document, refs: list[ActorRef],
                                    kinds: dict[int, str]) -> None:  # fmt: skip
        known: list[int] = []
        for i, r in enumerate(refs):
            if r.provisional:
                # a surname (or given name) after the full name: the first person so named, as
                # news style names a second one of that family in full ("Sali Berisha ... his
                # son Shkelzen Berisha ... Berisha said"); acronyms: the nearest long name
                j = next((k for k in known if self._names_person(r, refs[k], kinds, k)), None)
                if j is None:
                    j = next(
                        (k for k in reversed(known) if _acronym_pair(r.name, refs[k].name)), None
                    )
                if j is not None:
                    p = refs[j]
                    refs[i] = r.model_copy(update={"actor_id": p.actor_id, "name": p.name,
                                                   "country": p.country, "sector": p.sector,
                                                   "wikidata": p.wikidata,
                                                   "provisional": p.provisional,
                                                   "matched_alias": r.name})  # fmt: skip
                    kinds[i] = kinds.get(j, kinds.get(i, "org"))
            known.append(i)

    @staticmethod
    def _names_person(r: ActorRef, p: ActorRef, kinds: dict[int, str], j: int) -> bool:
        """Whether `r` is the surname or given name of the person `p` (ref j)."""
        words = p.name.split()
        return kinds.get(j) == "person" and len(words) > 1 and r.name in (words[-1], words[0])

    def _link_roles(self, doc: Document, refs: list[ActorRef], kinds: dict[int, str],
                    meta: ActorsSideData) -> None:  # fmt: skip
        """Person-role-group links between actors close in the text ("X's spokesman Y", "Y,
        leader of X"): a `roles` entry each, and the person takes the group's country and
        sector when unknown."""
        text = doc.text
        order = sorted(range(len(refs)), key=lambda i: refs[i].start or 0)
        for a_pos, i in enumerate(order):
            for j in order[a_pos + 1 : a_pos + 3]:
                link = _role_link(text, refs, kinds, i, j)
                if link is None:
                    continue
                role, person, group = link
                p, g = refs[person], refs[group]
                meta["roles"].append({"person": person, "group": group, "role": role,
                                      "group_id": g.actor_id})  # fmt: skip
                if p.provisional or p.sector is None:
                    refs[person] = p.model_copy(update={"country": p.country or g.country,
                                                        "sector": p.sector or g.sector})  # fmt: skip

    def _coref(self, doc: Document, refs: list[ActorRef], kinds: dict[int, str],
               meta: ActorsSideData) -> None:  # fmt: skip
        text = doc.text
        group_re = "|".join(sorted((re.escape(g) for g in _GROUP_NOUNS), key=len, reverse=True))
        pats = [
            (re.compile(rf"\b[Tt]he\s+({group_re})\b"), "org"),
            (re.compile(r"\b([Hh]e|[Ss]he)\b"), "person"),
        ]
        noun_sectors = _noun_sectors()
        taken = [(r.start or 0, r.end or 0) for r in refs]
        new: list[tuple[ActorRef, int]] = []
        for pat, kind in pats:
            for m in pat.finditer(text):
                s, e = m.start(), m.end()
                if any(s < te and ts < e for ts, te in taken):
                    continue
                window_start = self._window_start(doc, s)
                ok = noun_sectors.get(m.group(1).lower(), _ARMED)
                cands = [i for i, r in enumerate(refs)
                         if (r.end or 0) <= s and (r.start or 0) >= window_start
                         and kinds.get(i) == kind
                         and (kind == "person" or (r.sector in ok
                              and kinds.get(i) != "state"))]  # fmt: skip
                ids = {refs[i].actor_id for i in cands}
                if len(ids) != 1:
                    continue  # no antecedent, or not clear which
                ante = max(cands, key=lambda i: refs[i].start or 0)
                a = refs[ante]
                new.append((a.model_copy(update={"start": s, "end": e,
                                                 "matched_alias": m.group(0)}), ante))  # fmt: skip
        for ref, ante in new:
            refs.append(ref)
            kinds[len(refs) - 1] = kinds.get(ante, "org")
            meta["coref"].append({"actor": len(refs) - 1, "antecedent": ante})

    @staticmethod
    def _window_start(doc: Document, offset: int) -> int:
        """Start of the sentence before the one holding `offset` (or 400 chars back)."""
        if doc.sentences:
            idx = [i for i, s in enumerate(doc.sentences) if s.start <= offset]
            if idx:
                k = idx[-1]
                return doc.sentences[max(0, k - 1)].start
        back = doc.text.rfind(".", 0, max(0, doc.text.rfind(".", 0, offset)))
        return max(back + 1, offset - 400, 0)


# which sectors a descriptive noun may stand for: "the group" is never a newspaper, and "the
# rebels" or "the insurgents" are never a state's army or police
_ARMED = frozenset({"REB", "MIL", "OPP", "PTY", "NGO", "COP", "SPY"})
_NON_STATE_ARMED = frozenset({"REB", "OPP"})
_NOUN_SECTORS: dict[str, frozenset[str]] = {
    "monitor": frozenset({"NGO", "IGO"}),
    "observatory": frozenset({"NGO"}),
    "agency": frozenset({"JRN", "IGO", "SPY", "GOV"}),
    "coalition": frozenset({"MIL", "REB", "IGO", "OPP"}),
    "alliance": frozenset({"MIL", "REB", "IGO", "OPP", "PTY"}),
    # organised but not necessarily armed; a state's forces are "the army", not "the group"
    "group": frozenset({"REB", "OPP", "PTY", "NGO"}),
    "movement": frozenset({"REB", "OPP", "PTY", "NGO"}),
    "organisation": frozenset({"REB", "OPP", "PTY", "NGO", "IGO"}),
    "organization": frozenset({"REB", "OPP", "PTY", "NGO", "IGO"}),
    # armed units that may be pro-government
    "militia": frozenset({"REB", "OPP", "PTY", "MIL"}),
    "faction": frozenset({"REB", "OPP", "PTY", "MIL"}),
    "brigade": frozenset({"REB", "OPP", "MIL"}),
    "armed group": frozenset({"REB", "OPP", "PTY"}),
}


def _noun_sectors() -> dict[str, frozenset[str]]:
    out = dict(_NOUN_SECTORS)
    for noun in _GROUP_NOUNS:
        if noun not in out and (
            noun.endswith("group") or noun in ("rebels", "jihadists", "insurgents")
        ):
            out[noun] = _NON_STATE_ARMED
    return out


_APPOSITION_GAP = re.compile(
    r"^\s*(?:,|\(|\)|–|—|-|:)?\s*(?:\(|,)?\s*(?:also known as\s+|known as\s+|aka\s+|"
    r"nicknamed\s+)?(?:the\s+|a\s+|an\s+)?$",
    re.I,
)
_ROLE_DESC = re.compile(
    r"\b(minister|secretary|commander|commanding|general|spokes(?:man|woman|person)|director|"
    r"representative|advis[eo]r|envoy|ambassador|charg[ée]|chief|president|head|leader|officer|"
    r"commissioner|chairman|chair|emir|governor|mayor|deputy|founder|prime minister|king|"
    r"prince|premier|foreign minister)\b",
    re.I,
)
_DET = re.compile(r"^(?:the|his|her|its|their|a|an)\s+", re.I)


_PAREN = re.compile(r"\s*\([^()\n]{0,80}\)")
_COPULA = re.compile(r"^\s+(?:is|was|will be|has been)\s+$", re.I)


def _gap(doc: Document, start: int, end: int, a: ActorRef) -> str | None:
    if a.start is None or a.end is None or (a.start < end and start < a.end):
        return None
    gap = doc.text[a.end : start] if a.end <= start else doc.text[end : a.start]
    return _PAREN.sub("", gap)  # "Abboud Qanbar (Arabic: ...), also known as Abu Haidar"


def _adjacent(doc: Document, start: int, end: int, a: ActorRef, copula: bool = False) -> bool:
    gap = _gap(doc, start, end, a)
    if gap is None or len(gap) > 24 or "\n" in gap:
        return False
    if copula and _COPULA.match(gap):
        return True  # "His Chief of Staff is Major General Hassan"
    return bool(_APPOSITION_GAP.match(gap))


def is_person(doc: Document, a: ActorRef, reg: Registry | None = None) -> bool:
    """Whether an actor of `doc.actors` names a person (as the actors stage judged it)."""
    reg = reg or registry()
    kinds = doc.meta.get("actors", {}).get("kinds", {})
    try:
        i = doc.actors.index(a)
    except ValueError:
        i = -1
    if str(i) in kinds:
        return kinds[str(i)] == "person"
    act = reg.get(a.actor_id) if a.actor_id else None
    return act is not None and act.kind == "person"


_HON = r"(?:(?:Lt|Gen|Col|Dr|HE|H\.E|Mr|Mrs|Ms|Maj|Capt|Brig|Adm|Sgt|Staff|Colonel|General|Major|Sheikh)\.?\s+)"
_HON_WORDS = {"lt", "gen", "col", "dr", "mr", "mrs", "ms", "maj", "capt", "brig", "adm", "sgt",
              "staff", "colonel", "general", "major", "sheikh", "he", "jr", "sr", "st"}  # fmt: skip
_NAME_PART = r"(?:(?:al|el|bin|ibn|de|van|von)[\s\-])?[A-Z“\"][\w’'\-\.”\"]*"
_NAME_AFTER = re.compile(rf"^{_HON}*{_NAME_PART}(?:\s+{_NAME_PART}){{0,4}}")
_NAME_BEFORE = re.compile(rf"{_HON}*{_NAME_PART}(?:\s+{_NAME_PART}){{0,4}}$")
_GAP_AFTER = re.compile(r"^\s*(?:,|:|\()?\s*")


def _name_ref(name: str, start: int, end: int, reg: Registry) -> ActorRef:
    """A registry actor for a name, or a provisional one keyed on the name without titles."""
    name = _DET.sub("", name).strip().strip(",;:.")
    m = resolve_match(name, reg)
    if m is not None:
        return m.actor.ref(m.alias, start, end)
    bare = strip_honorifics(name)
    return ActorRef(name=bare, actor_id=provisional_id(bare), provisional=True, start=start,
                    end=end)  # fmt: skip


def _adjacent_name(doc: Document, start: int, end: int) -> tuple[str, int, int] | None:
    """A capitalised name right after (', X') or right before ('X, ') a span, with offsets."""
    found = _adjacent_name_raw(doc, start, end)
    if found is None:
        return None
    name, s0, _ = found
    for cut in re.finditer(r"(\w+)\.(?:\s|$)", name):  # "Abd Alamir. He" -> sentence end
        word = cut.group(1)
        if len(word) >= 3 and word.lower() not in _HON_WORDS:
            name = name[: cut.end(1)]
            break
    name = name.rstrip(",.;: ")
    return (name, s0, s0 + len(name)) if name else None


def _adjacent_name_raw(doc: Document, start: int, end: int) -> tuple[str, int, int] | None:
    after = doc.text[end : end + 80].split("\n", 1)[0]
    cop = re.match(r"^\s+(?:is|was)\s+(?=[A-Z])", after)
    if cop:
        m = _NAME_AFTER.match(after[cop.end() :])
        if m:
            name = m.group().rstrip(",.;:")
            s0 = end + cop.end()
            return name, s0, s0 + len(name)
    g = _GAP_AFTER.match(after)
    rest = after[g.end() :] if g else after
    if g and g.group().strip():
        # ", Jordanian-born militant Abu Musab al-Zarqawi": skip a short lower-case descriptor
        d = re.match(r"^(?:(?:[\w\-]+-born|[a-z][\w\-]*)\s+){1,2}(?=[A-Z]\w+\s+[A-Z])", rest)
        if d and not re.match(r"^(?:said|says|told|and|who|which|is|was|will|would|has|had)\b",
                              rest):  # fmt: skip
            g = re.match(re.escape(g.group() + d.group()), after)
            rest = after[g.end() :] if g else rest
    if g and (g.group().strip() or rest[:1].isupper()):
        m = _NAME_AFTER.match(rest)
        if m and (len(m.group().split()) >= 2 or g.group().strip()):
            name = m.group().rstrip(",.;:")
            s0 = end + g.end()
            return name, s0, s0 + len(name)
    before = doc.text[max(0, start - 80) : start].rsplit("\n", 1)[-1]
    b = re.search(r"(?:,\s*|\s)(?:the\s+)?$", before)
    if b:
        m = _NAME_BEFORE.search(before[: b.start()])
        if m and len(m.group().split()) >= 2:
            s0 = start - len(before) + m.start()
            return m.group(), s0, s0 + len(m.group())
    return None


def mention_actor(doc: Document, start: int, end: int, reg: Registry | None = None) -> ActorRef:
    """The actor a span of an already processed document refers to, using its context.

    1. a role description ("the Iraqi Foreign Minister", "commander of U.S. Central Command") in
       apposition to a person, here or at another mention of the same description in the
       document -> that person;
    2. the span's own name in the registry; 3. an actor of doc.actors covering most of it;
    4. a person's surname or title + surname ("Mr Ellwood") after the full name;
    5. apposition to any actor ("Jaish al-Ta'ifa al-Mansurah (Army of the Victorious Sect)");
    6. a provisional actor of its name.
    """
    reg = reg or registry()
    text = doc.text[start:end]
    persons = [a for a in doc.actors if a.start is not None and is_person(doc, a, reg)]
    own = resolve_match(text, reg)
    if _ROLE_DESC.search(text) and (own is None or own.actor.kind != "person"):
        ref = _described_person(doc, start, end, persons, reg)
        if ref is not None:
            return ref
    if own is not None:
        return own.actor.ref(own.alias, start, end)
    for find in (_bare_name, _also_known_as, _covering_actor, _earlier_surname, _apposition):
        ref = find(doc, start, end, persons, reg)
        if ref is not None:
            return ref
    return _name_ref(text, start, end, reg)


def _at(a: ActorRef, doc: Document, start: int, end: int) -> ActorRef:
    """Actor `a` as the mention of the span start..end (its text the matched alias)."""
    return a.model_copy(update={"start": start, "end": end, "matched_alias": doc.text[start:end]})


def _described_person(
    doc: Document, start: int, end: int, persons: list[ActorRef], reg: Registry
) -> ActorRef | None:
    """For a role description: the nearest person in apposition to it, the actor of a name
    right next to it, or a person next to the same description elsewhere in the document."""
    text = doc.text[start:end]
    near = [a for a in persons if _adjacent(doc, start, end, a, copula=True)]
    if near:
        return _at(min(near, key=lambda a: abs((a.start or 0) - start)), doc, start, end)
    adj = _adjacent_name(doc, start, end)
    if adj and not _ROLE_DESC.search(strip_honorifics(adj[0])):
        return _at(mention_actor(doc, adj[1], adj[2], reg), doc, start, end)
    # the same description elsewhere in the document, next to a person
    core = _DET.sub("", text).strip()
    if len(core) > 3:
        for m in re.finditer(re.escape(core), doc.text):
            near = [a for a in persons if _adjacent(doc, m.start(), m.end(), a)]
            if near:
                return _at(near[0], doc, start, end)
    return None


def _bare_name(
    doc: Document, start: int, end: int, persons: list[ActorRef], reg: Registry
) -> ActorRef | None:
    """The registry's actor of the span without its determiner and honorifics."""
    text = doc.text[start:end]
    bare0 = strip_honorifics(_DET.sub("", text).strip())
    if bare0 != text:
        m0 = resolve_match(bare0, reg)
        if m0 is not None:
            return m0.actor.ref(m0.alias, start, end)
    return None


def _also_known_as(
    doc: Document, start: int, end: int, persons: list[ActorRef], reg: Registry
) -> ActorRef | None:
    """An actor just before the span, joined to it by "also known as", "aka", "nicknamed"..."""
    for a in doc.actors:
        gap = _gap(doc, start, end, a)
        if (
            gap is not None
            and (a.end or 0) <= start
            and len(gap) <= 30
            and re.fullmatch(
                r"\s*,?\s*(?:also known as|aka|a\.k\.a\.|nicknamed|better known as)\s*", gap
            )
        ):
            return _at(a, doc, start, end)
    return None


def _covering_actor(
    doc: Document, start: int, end: int, persons: list[ActorRef], reg: Registry
) -> ActorRef | None:
    """The actor of doc.actors overlapping the span most, if the overlap is at least half of
    it (a provisional one without an alias: a provisional actor of the span's name)."""
    text = doc.text[start:end]
    best, best_ov = None, 0
    for a in doc.actors:
        if a.start is None or a.end is None:
            continue
        ov = min(end, a.end) - max(start, a.start)
        if ov > best_ov:
            best, best_ov = a, ov
    if best is not None and best_ov >= 0.5 * (best.end - best.start):  # type: ignore[operator]
        if best.provisional and best.matched_alias is None:
            return _name_ref(text, start, end, reg)  # keyed without titles, as descriptions
        return best.model_copy(update={"start": start, "end": end})
    return None


def _earlier_surname(
    doc: Document, start: int, end: int, persons: list[ActorRef], reg: Registry
) -> ActorRef | None:
    """A person named earlier whose surname is the span's last word ("Mr Ellwood")."""
    text = doc.text[start:end]
    bare = strip_honorifics(_DET.sub("", text).strip())
    last = bare.split()[-1] if bare.split() else ""
    if last and last[:1].isupper():
        for a in persons:
            if (a.start or 0) < start and a.name.split()[-1:] == [last] and a.name != bare:
                return _at(a, doc, start, end)
    return None


def _apposition(
    doc: Document, start: int, end: int, persons: list[ActorRef], reg: Registry
) -> ActorRef | None:
    """The nearest actor in apposition to the span: bracketed, after a comma or "known as"."""
    for a in sorted(doc.actors, key=lambda a: abs((a.start or 0) - start)):
        gap = _gap(doc, start, end, a)
        if (
            gap is not None
            and _adjacent(doc, start, end, a)
            and gap.strip(" ,") in ("(", ")", "", "also known as", "aka", "known as")
        ):
            return _at(a, doc, start, end)
    return None


def _acronym_pair(a: str, b: str) -> bool:
    """Whether one name is the other's acronym ("UNHCR", "United Nations High Commissioner for
    Refugees"), either way round."""
    return (a.isupper() and len(a) >= 2 and _acronym(b) == a) or (
        b.isupper() and len(b) >= 2 and _acronym(a) == b
    )


def _single_token_ok(surface: str, entry: Any, actor: Any) -> bool:
    """Whether a one-token registry hit may stand: acronyms must match case exactly; words only
    from our curated/user entries or when all-caps in the registry as well; no states."""
    alias = entry[3]
    if surface.isupper() and alias != surface and alias.upper() != surface:
        return False
    if len(surface) <= 2 and surface != alias:
        return False
    if entry[0] > 1 and not (surface.isupper() and len(surface) >= 3):
        return False
    return actor.kind != "state"


def _role_link(
    text: str, refs: list[ActorRef], kinds: dict[int, str], i: int, j: int
) -> tuple[str, int, int] | None:
    """(role, person index, group index) when actors i and j (j after i, at most 60 characters
    apart on one line) are a group and its person: "X's spokesman Y", "leader of X, Y",
    "Y, spokesman for X", "Y, the X spokesman"."""
    gi, pj = refs[i], refs[j]
    between = text[(gi.end or 0) : (pj.start or 0)]
    if len(between) > 60 or "\n" in between:
        return None
    if kinds.get(j) == "person" and kinds.get(i) != "person":
        m = _GROUP_ROLE_PERSON.match(between)
        if m:
            return m.group(1).lower(), j, i
        before = text[max(0, (gi.start or 0) - 40) : gi.start or 0]
        lm = _LEADER_OF.search(before)
        if lm and re.fullmatch(r"\s*,?\s*", between):
            return lm.group(1).lower(), j, i
    if kinds.get(i) == "person" and kinds.get(j) != "person":
        m = _PERSON_ROLE_GROUP.match(between)
        if m:
            return m.group(1).lower(), i, j
        if _PERSON_A_GROUP_ROLE.match(between):
            after = text[(pj.end or 0) : (pj.end or 0) + 30]
            am = _ROLE_AFTER_GROUP.match(after)
            if am:
                return am.group(1).lower(), i, j
    return None
