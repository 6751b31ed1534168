"""Toponyms that spaCy labelled as something else: a learned decision, not a cue list.

In: one entity spaCy labelled PERSON, ORG, NORP... whose whole text is an exact gazetteer name
("Tamil Nadu said", "flew to the UK", "Norwich" at the start of a sentence, "Bloomington" named
like its university), the document's other entities and the resolver. Out: the features of that
entity (`rescue_features`) and the probability that it is a toponym (`RescueModel.prob`).

The features are general (the entity's label, the words right before and after it, whether it
opens a sentence, whether the document names the same string as a place or as part of a person's
name, the kind and size of the gazetteer's best match); their weights are a logistic regression
fitted on the geo dev halves by `claimgraph.eval.train_toponyms`, its C chosen by
document-level CV (docs/BENCHMARKS.md). The coefficients ship as JSON in data/places; without
the file the stage falls back to its cue rule.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from claimgraph.model import Entity
from claimgraph.places.gazetteer import KIND_ALT, KIND_PRIMARY, data_dir
from claimgraph.places.normalize import norm
from claimgraph.places.resolve import Candidate, feature_group

__all__ = [
    "RescueModel", "rescue_features", "default_rescue_model", "MODEL_FILE", "exact_matches",
    "doc_keys", "embedded_features", "EMBED_MODEL_FILE", "default_embed_model",
]  # fmt: skip

MODEL_FILE = "toponym_rescue_model.json"
EMBED_MODEL_FILE = "toponym_embedded_model.json"

# the word before: a preposition of place or motion ("in", "to", "from"...), a verb of travel
_PREP = {
    "in", "at", "near", "outside", "into", "across", "inside", "to", "from", "toward", "towards",
    "via", "through", "throughout", "around", "within", "between", "of", "over",
    "beyond", "on",
}  # fmt: skip
_TRAVEL = re.compile(
    r"\b(?:flew|fly|flying|flies|travel(?:l?ed|l?ing|s)?|trip|visit(?:ed|ing|s)?|arriv(?:ed|ing|es|e)|"
    r"return(?:ed|ing|s)?|mov(?:ed|ing|es|e)|went|go(?:es|ing)?|came|come|head(?:ed|ing|s)?|"
    r"fled|flee(?:ing)?|deport(?:ed|ing)?|extradit(?:ed|ing)?|sail(?:ed|ing)?|drove|driv(?:e|ing)|"
    r"born|raised|based|lives?|lived|living|located|stationed|exported?|imported?|shipped)"
    r"\s+(?:\w+\s+)?(?:to|from|in|into|for|back\s+to)?\s*(?:the\s+)?$",
    re.I,
)
_TITLE = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sen|Rep|Gov|Gen|Col|Capt|Sgt|Lt|St|Rev|Sir|Lady|Lord|"
    r"President|Minister|Senator|Governor|coach|striker|midfielder|defender|player|actor|"
    r"actress|singer|author|chairman|spokesman|spokeswoman|judge|Judge)\.?\s+$"
)
_SAY = re.compile(
    r"^['’]?s?\s*(?:said|says|say|told|argued|contended|stated|insisted|added|announced|"
    r"claimed|wants|wanted|has|had|is|was|will|would|should|must|can|could)\b"
)
_SENT_END = re.compile(r"(?:^|[.!?\n:;\"“”]\s*|\n\s*)$")
_CAP = re.compile(r"^\s([A-Z][\w'’-]*)")
_COMMA_PLACE = re.compile(r"^\s*,\s*[A-Z]")


@dataclass
class RescueModel:
    names: list[str]
    coef: list[float]
    intercept: float
    threshold: float = 0.5

    def prob(self, feats: dict[str, float]) -> float:
        z = self.intercept
        for n, w in zip(self.names, self.coef):
            v = feats.get(n)
            if v:
                z += w * v
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_json(self) -> dict[str, Any]:
        return {"names": self.names, "coef": self.coef, "intercept": self.intercept,
                "threshold": self.threshold}  # fmt: skip

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> RescueModel:
        return cls(list(d["names"]), [float(x) for x in d["coef"]], float(d["intercept"]),
                   float(d.get("threshold", 0.5)))  # fmt: skip


@functools.lru_cache(maxsize=1)
def default_rescue_model() -> RescueModel | None:
    p = data_dir() / MODEL_FILE
    if not p.exists():
        return None
    return RescueModel.from_json(json.loads(p.read_text(encoding="utf-8")))


@functools.lru_cache(maxsize=1)
def default_embed_model() -> RescueModel | None:
    p = data_dir() / EMBED_MODEL_FILE
    if not p.exists():
        return None
    return RescueModel.from_json(json.loads(p.read_text(encoding="utf-8")))


def exact_matches(cands: list[Candidate]) -> list[Candidate]:
    """Candidates matched by the whole name (not a part, not a near spelling, not a demonym)."""
    return [c for c in cands if not c.fuzzy and not c.subspan and c.kind <= 3]


def rescue_features(
    text: str,
    start: int,
    end: int,
    label: str,
    cands: list[Candidate],
    place_keys: Counter[str],
    person_names: frozenset[str],
    ctx: frozenset[tuple[str, str]] = frozenset(),
    own_place: bool = False,
) -> dict[str, float]:
    """Features of one non-place entity `text[start:end]` whose exact matches are `cands`.

    place_keys: how often each `norm` key is a place-labelled entity of the document (less one
    for the entity itself when `own_place`: it is one of them); person_names: those of its
    multi-word PERSON entities ("mohamed salah", for "Salah" alone); ctx: (country, "") and
    (country, admin1) of the places the document names (the resolver's evidence: "Norwich" in a
    text that names England, "Bloomington" in one that names Indiana)."""
    name = text[start:end]
    key = norm(name)
    lab = label if label in ("PERSON", "ORG", "NORP", "GPE", "LOC", "FAC") else "other"
    f: dict[str, float] = {"label=" + lab: 1.0}
    _context_features(f, text, start, end)
    if place_keys[key] - int(own_place) > 0:
        f["doc_place"] = 1.0
    kw = set(key.split())
    if any(k != key and kw & set(k.split()) for k in person_names):
        f["doc_person_word"] = 1.0
    if name.isupper():
        f["all_caps"] = 1.0
    nw = len(key.split())
    f["words=" + str(min(nw, 3))] = 1.0
    if cands:
        _candidate_features(f, cands, ctx)
    return f


def _context_features(f: dict[str, float], text: str, start: int, end: int) -> None:
    """Into `f`, what the words around `text[start:end]` say: a preposition, "the", travel or a
    title before it, a sentence start, capitalised words, a speech verb, ", Capital" or a
    possessive after it."""
    before = text[max(0, start - 60) : start]
    after = text[end : end + 40]
    words = before.split()
    prev = words[-1].lower().strip("(\"“'") if words else ""
    prev2 = words[-2].lower() if len(words) > 1 else ""
    if prev == "the":
        f["prev_the"] = 1.0
        prev, prev2 = prev2, ""
    if prev in _PREP:
        f["prev_prep"] = 1.0
        f["prev=" + prev] = 1.0
    if _TRAVEL.search(before):
        f["travel"] = 1.0
    if _TITLE.search(before):
        f["title_before"] = 1.0
    if _SENT_END.search(before):
        f["sent_start"] = 1.0
    elif words and words[-1][:1].isupper() and prev not in _PREP:
        f["prev_cap"] = 1.0  # inside a longer capitalised run: "Nash Riad"
    if _CAP.match(after):
        f["next_cap"] = 1.0
    if _SAY.match(after):
        f["next_verb"] = 1.0
    if _COMMA_PLACE.match(after):
        f["next_comma_cap"] = 1.0
    if after.startswith(("'s", "’s")):
        f["next_poss"] = 1.0


def _candidate_features(
    f: dict[str, float], cands: list[Candidate], ctx: frozenset[tuple[str, str]]
) -> None:
    """Into `f`, what the gazetteer matches say: the most populous one's kind of place and
    population, the best name kind, how many, a major unit among them, and whether one lies
    in a country or admin1 the document names."""
    best = max(cands, key=lambda c: c.row.pop)
    g = feature_group(best.row)
    f["grp=" + g] = 1.0
    f["log_pop"] = math.log10(best.row.pop + 1) / 7.0
    kind = min(c.kind for c in cands)
    kname = "primary" if kind == KIND_PRIMARY else "alt" if kind == KIND_ALT else "curated"
    f["kind=" + kname] = 1.0
    f["n_cands"] = min(len(cands), 20) / 20.0
    if any(feature_group(c.row) in ("country", "adm1", "cont") for c in cands):
        f["major"] = 1.0
    if any((c.row.cc, "") in ctx for c in cands if feature_group(c.row) != "country"):
        f["ctx_country"] = 1.0
    if any((c.row.cc, c.row.admin1) in ctx for c in cands
           if c.row.admin1 and feature_group(c.row) not in ("country", "adm1")):  # fmt: skip
        f["ctx_admin1"] = 1.0


def embedded_features(
    text: str,
    start: int,
    end: int,
    ent: Entity,
    rule_ok: bool,
    cands: list[Candidate],
    demonym: bool,
    place_keys: Counter[str],
    ctx: frozenset[tuple[str, str]],
) -> dict[str, float]:
    """Features of a gazetteer name inside an organisation's name ("Suffolk" of "Suffolk Times",
    "Illinois" of "Illinois Department of Public Health"); `rule_ok`: the hand rule (well-known
    names only) takes it, so the rule is one feature among others, weighed by the data."""
    key = norm(text[start:end])
    lab = ent.label if ent.label in ("ORG", "FAC", "EVENT") else "other"
    f: dict[str, float] = {"e_label=" + lab: 1.0}
    if rule_ok:
        f["e_rule"] = 1.0
    if start == ent.start:
        f["e_first"] = 1.0
    if end == ent.end:
        f["e_last"] = 1.0
    nxt = _CAP.match(text[end : min(ent.end, end + 30)])
    if nxt and nxt.group(1).lower() in _ORG_HEADS:
        f["e_head=" + nxt.group(1).lower()] = 1.0
    if text[max(ent.start, start - 3) : start] in ("of ", "Of "):
        f["e_after_of"] = 1.0
    if demonym:
        f["e_demonym"] = 1.0
    if len(key.replace(" ", "")) <= 3:
        f["e_short"] = 1.0
    if place_keys[key] > 0:
        f["e_doc_place"] = 1.0
    if cands:
        best = max(cands, key=lambda c: c.row.pop)
        f["e_grp=" + feature_group(best.row)] = 1.0
        f["e_log_pop"] = math.log10(best.row.pop + 1) / 7.0
        if any((c.row.cc, "") in ctx for c in cands):
            f["e_ctx_country"] = 1.0
        if any((c.row.cc, c.row.admin1) in ctx for c in cands if c.row.admin1):
            f["e_ctx_admin1"] = 1.0
    return f


# the word after a place name inside an organisation's name, as a feature (a closed list of the
# common heads, so the weights are shared across names)
_ORG_HEADS = {
    "university", "college", "state", "times", "post", "news", "herald", "journal", "police",
    "department", "county", "city", "council", "fc", "united", "airport", "school", "high",
    "hospital", "bank", "national", "international", "government", "ministry", "district",
    "court", "public", "church", "club", "chamber", "commission", "board", "football",
    "institute", "museum", "zoo", "tribune", "gazette", "daily", "press", "democrats",
    "republicans", "party", "senate", "house", "assembly", "legislature", "army", "navy",
    "air", "sheriff", "fire", "water", "power", "electric", "energy", "airlines", "railway",
}  # fmt: skip


def doc_keys(text: str, ents: list[Entity]) -> tuple[Counter[str], frozenset[str]]:
    """(`norm` keys of place-labelled entities with their counts, those of multi-word PERSON
    entities)."""
    places = Counter(norm(e.text) for e in ents if e.label in ("GPE", "LOC", "FAC"))
    person = frozenset(norm(e.text) for e in ents if e.label == "PERSON" and " " in e.text.strip())
    return places, person
