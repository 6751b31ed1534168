"""Where an event happened: choose one of the places in its sentence (or none).

In: a Document with `places` filled (and, when the nlp stage ran, its spaCy parse in
`doc._spacy`), the sentence and trigger offsets. Out: a copy of the chosen Place with `precision`
set (`near` for "near/outside/north of X"), or None.

Each place in the sentence gets a score from named features (weights in `LOC_WEIGHTS`, tuned on
halterman_event_location dev): the preposition that governs it ("in"/"at" yes, "from"/"to"/"for"
no), its distance from the trigger in words and, with a parse, in dependency edges, whether it
modifies a noun ("a Syrian-backed group", "Baghdad's governor") or sits in a quoted/attributed
part, and the place's own kind. The best place wins if its score clears `threshold`.
"""

from __future__ import annotations

import re
from typing import Any

from claimgraph.model import Document, Place

__all__ = ["event_location", "LOC_WEIGHTS", "place_features"]

LOC_WEIGHTS: dict[str, float] = {
    "bias": 1.9,
    "prep_in": 1.1,  # in / at / inside / across / throughout / into
    "prep_near": 0.7,  # near / outside / north of ...
    "prep_on": 0.6,  # on / over / against (attacks "on Aleppo")
    "prep_from": -0.8,  # from / to / toward / for / with / by
    "prep_none": 1.2,
    "after_trigger": 0.9,
    "word_dist": -0.12,  # per word between trigger and place (capped at 20)
    "dep_dist": -0.25,  # per dependency edge (capped at 8)
    "possessive": -2.1,  # "Baghdad's", "Iraqi"
    "subject_side": -2.5,  # before the trigger with no preposition: likely the actor
    "is_country": -1.7,
    "is_region": -0.7,
    "is_fac": -1.9,
    "unresolved": 0.8,
    "threshold": 0.1,
    # the word governing the place, where it matters beyond its class
    "w_from": -0.5,
    "w_across": -0.2,
    "w_into": -2.2,
    "w_outside": -0.5,
    "w_against": -2.0,
    "w_and": -1.3,
    "w_said": -2.0,
    "w_throughout": -2.0,
    "w_inside": 0.2,
    # features with no weight yet: in_subtree, other_verb, prep_head_trigger, in_subject,
    # compound, only_place, nearest, n_places (computed, tuned to 0 on dev)
}

_PREP_IN = {"in", "at", "inside", "across", "throughout", "into", "within", "of"}
_PREP_ON = {"on", "over", "against", "upon", "onto"}
_PREP_FROM = {"from", "to", "toward", "towards", "for", "with", "by", "between", "via", "than"}
_WORD = re.compile(r"[\w'’-]+")


def _prev_words(text: str, start: int, n: int = 4) -> list[str]:
    return [w.lower() for w in _WORD.findall(text[max(0, start - 60) : start])][-n:]


_PREP_WORDS = ("in", "at", "near", "on", "from", "to", "of", "across", "into", "outside", "by",
               "against", "for", "with", "and", "said", "throughout", "inside")  # fmt: skip
_SKIP = {
    "the", "a", "an", "city", "town", "village", "province", "district", "capital", "region",
    "area", "governorate", "neighbourhood", "neighborhood", "camp", "rural", "central", "downtown",
    "northern", "southern", "eastern", "western", "besieged", "rebel-held", "countryside",
    "suburb", "suburbs", "outskirts", "of", "north", "south", "east", "west", "northeast",
    "northwest", "southeast", "southwest", "km", "kilometers", "kilometres", "miles", "border",
    "nearby", "restive", "northwestern", "northeastern", "southwestern", "southeastern",
}  # fmt: skip
_DIR = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
        "outskirts", "km", "kilometers", "kilometres", "miles"}  # fmt: skip
_NEAR = {"near", "outside", "nearby", "close", "around"}


def _prep_word(text: str, start: int) -> str:
    words = _prev_words(text, start, 8)
    while words and (words[-1] in _SKIP or words[-1].isdigit()):
        words.pop()
    return words[-1] if words else ""


def _prep_class(text: str, start: int) -> tuple[str, bool]:
    """('in'|'near'|'on'|'from'|'none', near?) from the words before a place."""
    words = _prev_words(text, start, 8)
    near = False
    while words and (words[-1] in _SKIP or words[-1].isdigit()):
        w = words.pop()
        if w == "of" and words and words[-1] in _DIR:
            near = True
    if not words:
        return ("near" if near else "none"), near
    w = words[-1]
    if w in _NEAR:
        return "near", True
    if w in _PREP_IN:
        return ("near" if near else "in"), near
    if w in _PREP_ON:
        return ("near" if near else "on"), near
    if w in _PREP_FROM:
        return "from", False
    return ("near" if near else "none"), near


def _tokens(doc: Document, a: int, b: int) -> tuple[Any, Any] | None:
    """spaCy tokens at absolute offsets a and b when both lie in one parsed segment."""
    spacy_docs: dict[int, Any] = getattr(doc, "_spacy", {}) or {}
    for i, sdoc in spacy_docs.items():
        seg = doc.segments[i] if i < len(doc.segments) else None
        base = seg.start if seg else 0
        if not (base <= a <= base + len(sdoc.text) and base <= b <= base + len(sdoc.text)):
            continue
        if not sdoc.has_annotation("DEP"):
            return None
        ta = sdoc.char_span(a - base, min(a - base + 1, len(sdoc.text)), alignment_mode="expand")
        tb = sdoc.char_span(b - base, min(b - base + 1, len(sdoc.text)), alignment_mode="expand")
        if ta is None or tb is None or not len(ta) or not len(tb):
            return None
        return ta[0], tb[0]
    return None


def _dep_features(doc: Document, trig: int, place_start: int, place_end: int) -> dict[str, float]:
    toks = _tokens(doc, trig, place_start)
    if toks is None:
        return {}
    x, y = toks
    # the place's syntactic head token: the token of its span whose head lies outside the span
    sent = y.doc
    span = sent.char_span(y.idx, y.idx + (place_end - place_start), alignment_mode="expand")
    if span is not None and len(span):
        y = span.root
    anc_x = [x, *x.ancestors]
    anc_y = [y, *y.ancestors]
    idx_y = {t.i: k for k, t in enumerate(anc_y)}
    dist = None
    lca = None
    for k, t in enumerate(anc_x):
        if t.i in idx_y:
            dist = k + idx_y[t.i]
            lca = t
            break
    f: dict[str, float] = {}
    if dist is not None:
        f["dep_dist"] = float(min(8, dist))
    f["in_subtree"] = 1.0 if x in anc_y[1:] else 0.0
    # verbs strictly between the place and the trigger on the path: another clause
    path = anc_y[: idx_y[lca.i]] if lca is not None and lca.i in idx_y else anc_y
    f["other_verb"] = (
        1.0 if any(t.pos_ in ("VERB", "AUX") and t.i != x.i for t in path[1:]) else 0.0
    )
    f["prep_head_trigger"] = (
        1.0 if (y.head.dep_ == "prep" and y.head.head.i == x.i) or y.head.i == x.i else 0.0
    )
    f["in_subject"] = 1.0 if any(t.dep_ in ("nsubj", "nsubjpass") for t in path) else 0.0
    f["compound"] = 1.0 if y.dep_ in ("compound", "amod", "poss", "nmod") else 0.0
    return f


def place_features(
    doc: Document, p: Place, trigger_start: int, trigger_end: int
) -> dict[str, float]:
    text = doc.text
    prep, near = _prep_class(text, p.start or 0)
    f: dict[str, float] = {"bias": 1.0, f"prep_{prep}": 1.0}
    pw = _prep_word(text, p.start or 0)
    if pw in _PREP_WORDS:
        f[f"w_{pw}"] = 1.0
    after = (p.start or 0) >= trigger_end
    f["after_trigger"] = 1.0 if after else 0.0
    lo, hi = (trigger_end, p.start or 0) if after else (p.end or 0, trigger_start)
    f["word_dist"] = float(min(20, len(_WORD.findall(text[lo:hi]))))
    f.update(_dep_features(doc, trigger_start, p.start or 0, p.end or 0))
    tail = text[p.end or 0 : (p.end or 0) + 3]
    if tail.startswith(("'s", "’s")) or tail.startswith("-"):
        f["possessive"] = 1.0
    if not after and prep == "none":
        f["subject_side"] = 1.0
    if p.precision == "country":
        f["is_country"] = 1.0
    elif p.precision == "region":
        f["is_region"] = 1.0
    elif p.precision == "exact":
        f["is_fac"] = 1.0
    if p.lat is None:
        f["unresolved"] = 1.0
    f["_near"] = 1.0 if near else 0.0
    return f


def event_location(
    doc: Document,
    sentence_start: int,
    sentence_end: int,
    trigger_start: int,
    trigger_end: int,
    weights: dict[str, float] | None = None,
) -> Place | None:
    """The place where the event whose trigger is at [trigger_start, trigger_end) happened."""
    w = weights or LOC_WEIGHTS
    cands = [
        p for p in doc.places
        if p.start is not None and p.end is not None
        and sentence_start <= p.start and p.end <= sentence_end
        and not (p.start < trigger_end and trigger_start < p.end)
    ]  # fmt: skip
    best, best_s, best_f = None, float("-inf"), None
    nearest = min(cands, key=lambda q: abs((q.start or 0) - trigger_start), default=None)
    for p in cands:
        f = place_features(doc, p, trigger_start, trigger_end)
        f["only_place"] = 1.0 if len(cands) == 1 else 0.0
        f["nearest"] = 1.0 if p is nearest else 0.0
        f["n_places"] = float(min(5, len(cands)))
        s = sum(w.get(k, 0.0) * v for k, v in f.items() if not k.startswith("_"))
        if s > best_s:
            best, best_s, best_f = p, s, f
    if best is None or best_s < w.get("threshold", 0.0):
        return None
    out = best.model_copy()
    if best_f and best_f.get("_near") and out.precision in ("town", "exact"):
        out.precision = "near"
    return out
