"""Where an event happened: choose one of the places in its sentence (or none).

In: a Document with `places` filled (and, when the nlp stage ran, its spaCy parse in
`doc._spacy`), the sentence and trigger offsets. Out: a copy of the chosen Place with `precision`
set (`near` for "near/outside/north of X"), or None.

Each place in the sentence gets a score from named features (weights in `LOC_WEIGHTS`, tuned on
halterman_event_location dev): the preposition that governs it ("in"/"at" yes, "from"/"to"/"for"
no), its distance from the trigger in words and, with a parse, in dependency edges, whether it
modifies a noun ("a Syrian-backed group", "Baghdad's governor") or sits in a quoted/attributed
part, and the place's own kind. The best place wins if its score clears `threshold`.

That hand-weighted scorer is now the fallback (`weights=` or no model file): the default is a
logistic regression over `candidate_features` (the same cues as one-hot bins and conjunctions,
plus the parse attachment of the place's preposition, the trigger's verb, the place's relation to
the other places, and spaCy entities that no place covers as extra candidates), fitted on
halterman_event_location dev by `claimgraph.eval.train_location` and shipped as
data/places/event_location_model.json (`candidate_features` builds each place's row with
`_place_row`, then marks what relates the places: `_mark_order`, `_mark_containers`,
`_add_shared`; the keys go in in a fixed order). Whether to return the top place at all is a second
logistic regression (`none_model`) over `decision_features`: the ranker's top probability and
margin, the top place's features, the trigger's sentence-level features (`sentence_features`:
tag, auxiliaries, negation, reporting verb, subject/object words, dates, aggregates) and the
sentence's lower-case words; 43% of the gold sentences have no location. Nested 5-fold CV
accuracy on dev 0.779 (ranker with a plain threshold: 0.752, measured before the part-of-speech
features were filled in training; hand weights, in-sample: 0.696). When the MiniLM sentence
embedding is wanted and installed (`claimgraph run --embeddings`; `claimgraph.events.embed`), the
decision is its variant `none_model_emb`, which also reads the embedding (scaled by `emb_scale`),
over the probabilities of `ranker_tok`, a ranker that also reads how each place relates to the
trigger in MiniLM's token vectors (`token_features`); otherwise the plain ranker and
`none_model` decide as before. Both variants' nested CV accuracies are in the model file.
"""

from __future__ import annotations

import bisect
import functools
import json
import math
import re
import threading
from typing import Any

from claimgraph.events.embed import embed_cached, span_vector, token_states, wanted
from claimgraph.model import Document, Place
from claimgraph.places.gazetteer import default_gazetteer
from claimgraph.places.normalize import norm
from claimgraph.resources import data_path

__all__ = [
    "event_location",
    "rank_places",
    "candidate_features",
    "decision_features",
    "sentence_features",
    "sentence_embeddings",
    "token_features",
    "decision_variant",
    "load_model",
    "LOC_WEIGHTS",
    "place_features",
    "stated_instead",
    "stated_place",
]

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
        # Doc.text and has_annotation walk every token: compute once per parsed segment, not
        # once per candidate place (this was most of the pipeline's time)
        cached = sdoc.user_data.get("cg_len_dep")
        if cached is None:
            cached = sdoc.user_data["cg_len_dep"] = (len(sdoc.text), sdoc.has_annotation("DEP"))
        n, has_dep = cached
        if not (base <= a <= base + n and base <= b <= base + n):
            continue
        if not has_dep:
            return None
        ta = _token_at(sdoc, a - base, n)
        tb = _token_at(sdoc, b - base, n)
        if ta is None or tb is None:
            return None
        return ta, tb
    return None


def _token_at(sdoc: Any, off: int, n: int) -> Any:
    """The first token of `sdoc.char_span(off, off + 1, "expand")` (None when there is none),
    remembered per parsed segment: every candidate place of a trigger asks for the trigger's."""
    memo = sdoc.user_data.get("cg_tok_at")
    if memo is None:
        memo = sdoc.user_data["cg_tok_at"] = {}
    if off in memo:
        return memo[off]
    span = sdoc.char_span(off, min(off + 1, n), alignment_mode="expand")
    tok = memo[off] = span[0] if span is not None and len(span) else None
    return tok


def _place_head(y: Any, length: int) -> Any:
    """The syntactic head of the `length` characters from token `y` (`y` when they cover no
    token), remembered per parsed segment (each place is scored once per trigger, twice)."""
    sdoc = y.doc
    memo = sdoc.user_data.get("cg_place_head")
    if memo is None:
        memo = sdoc.user_data["cg_place_head"] = {}
    key = (y.idx, length)
    head = memo.get(key)
    if head is None:
        span = sdoc.char_span(y.idx, y.idx + length, alignment_mode="expand")
        head = memo[key] = span.root if span is not None and len(span) else y
    return head


def _dep_features(doc: Document, trig: int, place_start: int, place_end: int) -> dict[str, float]:
    toks = _tokens(doc, trig, place_start)
    if toks is None:
        return {}
    x, y = toks
    # the place's syntactic head token: the token of its span whose head lies outside the span
    y = _place_head(y, place_end - place_start)
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


# -- learned ranker --------------------------------------------------------------------------
# A logistic regression over `candidate_features` (one row per place in the sentence, label =
# the place overlaps a gold event location), fitted on halterman_event_location dev by
# `claimgraph.eval.train_location`; its coefficients ship as JSON. At inference the
# best-scoring place wins if its probability clears the model's threshold, else "no location".
MODEL_FILE = "event_location_model.json"
_GAP_HIER = re.compile(
    r"^\s*(?:,|\bin\b|\bof\b|,\s*(?:in|near|outside)\b|\bnear\b|\boutside\b|"
    r"\b(?:city|town|village|province|district|area|region|neighbou?rhood|governorate|"
    r"countryside|suburb|camp)\s+(?:in|of|near)\b)\s*(?:the\s+)?(?:[a-z-]+\s+)?$"
)
_GAP_KIND_OF = re.compile(
    r"^\s*(?:['’]s\s+)?(?:[a-z-]+\s+){0,2}(?:city|town|village|province|district|area|region|"
    r"neighbou?rhood|governorate|suburb|camp|quarter|port|border\s+town|county|state)\s+of\s+"
    r"(?:the\s+)?$"
)
_DIRECTION = {"north", "south", "east", "west", "northern", "southern", "eastern", "western",
              "central", "middle"}  # fmt: skip
_VERB_SUFFIX = re.compile(r"(?:ing|ed|es|s|e)$")


@functools.lru_cache(maxsize=1)
def load_model() -> dict[str, Any] | None:
    """The shipped ranker ({"coef": {feature: w}, "intercept": b, "threshold": t, ...})."""
    try:
        with open(data_path("places", MODEL_FILE), encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def _bin(x: float, edges: tuple[float, ...]) -> str:
    for e in edges:
        if x <= e:
            return f"{e:g}"
    return f">{edges[-1]:g}"


def _verb_key(text: str) -> str:
    w = text.lower().strip()
    w = _VERB_SUFFIX.sub("", w) if len(w) > 4 else w
    return w[:-1] if len(w) > 3 and w[-1] == w[-2] else w  # "shott" -> "shot", "patroll"


def _parse_features(doc: Document, trig: int, p: Place) -> dict[str, float]:
    toks = _tokens(doc, trig, p.start or 0)
    if toks is None:
        return {"noparse": 1.0}
    x, y = toks
    y = _place_head(y, (p.end or 0) - (p.start or 0))
    f: dict[str, float] = {
        f"dep={y.dep_ if y.dep_ in _DEPS else 'other'}": 1.0,
        f"tdep={x.dep_ if x.dep_ in _TDEPS else 'other'}": 1.0,
        f"tpos={x.pos_ if x.pos_ in ('VERB', 'NOUN', 'AUX', 'ADJ') else 'other'}": 1.0,
    }
    if y.dep_ == "pobj":
        prep = y.head
        att = prep.head
        f[f"att_pos={att.pos_ if att.pos_ in ('VERB', 'NOUN', 'PROPN', 'AUX') else 'other'}"] = 1.0
        f["att_is_trigger"] = 1.0 if att.i == x.i else 0.0
        f["att_above_trigger"] = 1.0 if any(a.i == att.i for a in x.ancestors) else 0.0
        f["att_below_trigger"] = 1.0 if any(a.i == x.i for a in att.ancestors) else 0.0
        # "a bomb in Baghdad", "the war in Syria": which noun the place modifies
        if att.pos_ == "NOUN":
            f["att_noun_is_obj"] = 1.0 if att.head.i == x.i else 0.0
            f[f"att_noun={att.text.lower()}"] = 1.0
        f[f"prep_word={prep.text.lower()}|att_is_trigger={int(att.i == x.i)}"] = 1.0
    same_sent = x.sent.start == y.sent.start
    f["other_sentence"] = 0.0 if same_sent else 1.0
    return f


_DEPS = {"pobj", "compound", "nsubj", "nsubjpass", "dobj", "conj", "appos", "npadvmod", "poss",
         "ROOT", "amod", "attr", "nmod"}  # fmt: skip
_TDEPS = {"ROOT", "advcl", "xcomp", "conj", "relcl", "acl", "ccomp", "pcomp", "pobj", "dobj",
          "nsubj", "amod", "compound"}  # fmt: skip


def _distance_features(f: dict[str, float], kind: str, near: float) -> None:
    """The place's kind, "near", and its word and dependency distances binned and scaled."""
    f[f"kind={kind}"] = 1.0
    f["near"] = near
    f[f"wd={_bin(f['word_dist'], (0, 1, 2, 4, 7, 12))}"] = 1.0
    if "dep_dist" in f:
        f[f"dd={_bin(f['dep_dist'], (1, 2, 3, 4, 6))}"] = 1.0
    f["word_dist"] = f["word_dist"] / 10.0
    f["dep_dist"] = f.get("dep_dist", 4.0) / 4.0


def _name_features(f: dict[str, float], name: str, unresolved: bool) -> None:
    """The shape of the place's name: one word, all capitals, a direction word first."""
    words = name.split()
    f["one_word"] = 1.0 if len(words) == 1 else 0.0
    f["upper"] = 1.0 if name.isupper() and len(name) > 3 else 0.0
    f["direction_word"] = 1.0 if words and words[0].lower() in _DIRECTION else 0.0
    f["unres|one_word"] = 1.0 if unresolved and len(words) == 1 else 0.0


def _entity_features(f: dict[str, float], doc: Document, p: Place, name: str, prep: str) -> None:
    """The spaCy entity label over the place; for an extra candidate (an entity no place
    covers), whether the gazetteer knows its name; else the place's feature code."""
    lab = _entity_label(doc, p)
    f[f"ent={lab}"] = 1.0
    if lab.startswith("x"):
        f["extra"] = 1.0
        f[f"extra|prep={prep}"] = 1.0
        if _in_gazetteer(name):
            f[f"extra_in_gaz={lab}"] = 1.0
    elif p.feature_code:
        f[f"fcode={p.feature_code[:3]}"] = 1.0


def _place_row(
    doc: Document, p: Place, trigger_start: int, trigger_end: int
) -> tuple[dict[str, float], bool]:
    """The features of one place (`place_features`, binned, with the parse and conjunctions),
    and whether it comes after the trigger. The keys go in in one fixed order."""
    text = doc.text
    f = place_features(doc, p, trigger_start, trigger_end)
    f.pop("bias", None)
    near = f.pop("_near", 0.0)
    after = f.get("after_trigger", 0.0) > 0
    prep = next((k[5:] for k in f if k.startswith("prep_")), "none")
    kind = p.precision or "none"
    _distance_features(f, kind, near)
    f[f"prep={prep}|after={int(after)}"] = 1.0
    f[f"prep={prep}|kind={kind}"] = 1.0
    f[f"kind={kind}|after={int(after)}"] = 1.0
    f.update(_parse_features(doc, trigger_start, p))
    f[f"kind={kind}|att_is_trigger={int(f.get('att_is_trigger', 0.0) > 0)}"] = 1.0
    f[f"other_verb={int(f.get('other_verb', 0.0) > 0)}|after={int(after)}"] = 1.0
    f[f"in_subtree={int(f.get('in_subtree', 0.0) > 0)}|prep={prep}"] = 1.0
    name = text[p.start or 0 : p.end or 0]
    _name_features(f, name, p.lat is None)
    _entity_features(f, doc, p, name, prep)
    f["sent_start"] = 1.0 if not text[: p.start or 0].strip() else 0.0
    f["dateline"] = 1.0 if re.match(r"\s*(?:\(\w+\)\s*)?[,-]{1,2}|\s*\(", text[p.end or 0 :][:6]) and (
        f["upper"] or f["sent_start"]) else 0.0  # fmt: skip
    return f, after


def _mark_order(out: list[dict[str, float]], dists: list[float]) -> None:
    """Each place's rank by distance from the trigger; the first place after it and the last
    before it."""
    n = len(out)
    order = sorted(range(n), key=lambda i: dists[i])
    for r, i in enumerate(order):
        out[i][f"rank={min(r, 2)}"] = 1.0
    after_idx = [i for i in range(n) if out[i].get("after_trigger")]
    before_idx = [i for i in range(n) if not out[i].get("after_trigger")]
    if after_idx:
        out[after_idx[0]]["first_after"] = 1.0
    if before_idx:
        out[before_idx[-1]]["last_before"] = 1.0


def _mark_containers(out: list[dict[str, float]], cands: list[Place], text: str) -> None:
    """Neighbouring places one inside the other ("the town of X", "X, Y")."""
    for i in range(len(cands) - 1):
        a, b = cands[i], cands[i + 1]
        gap = text[a.end or 0 : b.start or 0].lower()
        if len(gap) <= 40 and _GAP_KIND_OF.match(gap):
            # "the West Bank town of Bethlehem", "the Baghdad neighbourhood of Al-Bayaa": the
            # second place lies in the first
            out[i]["outer_kind_of"] = 1.0
            out[i + 1]["inner_kind_of"] = 1.0
        elif len(gap) <= 40 and _GAP_HIER.match(gap):
            out[i]["has_container"] = 1.0
            out[i + 1]["is_container"] = 1.0


def _add_shared(out: list[dict[str, float]], verb: str, sf: dict[str, float]) -> None:
    """What every candidate of the trigger carries: the number of places, the trigger's verb
    (with the place's side of it), and the sentence-level `s_*` features."""
    n = len(out)
    nb = _bin(n, (1, 2, 3))
    vk = _verb_key(verb)
    for f in out:
        f[f"n={nb}"] = 1.0
        f[f"verb={vk}"] = 1.0
        f[f"verb={vk}|after={int(f.get('after_trigger', 0) > 0)}"] = 1.0
        if n == 1:
            f["only_place"] = 1.0
        f.update(sf)


def candidate_features(
    doc: Document,
    cands: list[Place],
    trigger_start: int,
    trigger_end: int,
    sent: dict[str, float] | None = None,
) -> list[dict[str, float]]:
    """Features of each place in `cands` (sorted by offset) as the event's location; every
    candidate also carries the trigger's sentence-level `s_*` features (`sent`, computed here by
    `sentence_features` when not given; its `bow=` words are left out)."""
    if sent is None:
        sent = sentence_features(doc, trigger_start, trigger_end)
    sf = {k: v for k, v in sent.items() if k.startswith("s_")}
    dists = []
    out: list[dict[str, float]] = []
    for p in cands:
        f, after = _place_row(doc, p, trigger_start, trigger_end)
        dists.append(f["word_dist"] + (0.0 if after else 0.05))
        out.append(f)
    # relations between the places
    _mark_order(out, dists)
    _mark_containers(out, cands, doc.text)
    _add_shared(out, doc.text[trigger_start:trigger_end], sf)
    return out


def token_features(
    sentence: str,
    offset: int,
    cands: list[Place],
    trigger_start: int,
    trigger_end: int,
    scale: float = 1.0,
) -> list[dict[str, float]] | None:
    """How each place in `cands` reads beside the trigger in MiniLM's contextual vectors: the
    cosine of the two (`tv_cos`) and their component-wise product scaled to unit sum
    (`tvp<i>`), all times `scale`; or None without the weights. `sentence` starts at document
    offset `offset`. A place the event happened at ("killed in Dora") reads differently from
    one that only qualifies a person or group ("a chef from Chichester"), in ways the parse
    features miss; these feed the embedding variant of the ranker (`ranker_tok`)."""
    import numpy as np

    states = token_states(sentence)
    if states is None:
        return None

    def unit(a: int, b: int):  # type: ignore[no-untyped-def]
        v = span_vector(sentence, states, max(0, a - offset), max(0, b - offset))
        return v / (float(np.linalg.norm(v)) + 1e-9)

    trig = unit(trigger_start, trigger_end)
    root = math.sqrt(len(trig))
    out = []
    for p in cands:
        c = unit(p.start or 0, p.end or 0)
        f = {"tv_cos": float(trig @ c) * scale}
        f.update((f"tvp{i}", float(x)) for i, x in enumerate(trig * c * (root * scale)))
        out.append(f)
    return out


# -- sentence level: is there an event location at all? ---------------------------------------
# Computed once per trigger (not per candidate). The trigger's tag and auxiliaries (modal,
# perfect, passive), negation, a reporting verb above it, its subject/object/head words, dates
# and times in the sentence, aggregate counts ("hundreds", "since"), length and quotes.
_MODAL = {"will", "would", "could", "can", "may", "might", "should", "must", "shall"}
_SAY = {"said", "say", "says", "told", "reported", "according", "claimed", "added", "stated",
        "confirmed", "announced"}  # fmt: skip
_AGG = {"hundreds", "thousands", "dozens", "scores", "millions", "tens"}
# lower-case words only: the sentence's wording, not which places or names it mentions
_BOW = re.compile(r"(?<![\w'’-])[a-z][a-z'’-]+")


def sentence_features(
    doc: Document,
    trigger_start: int,
    trigger_end: int,
    sentence: str | None = None,
) -> dict[str, float]:
    """`s_*` features of the trigger's sentence from the parse (none without one), plus
    `bow=<word>` for each lower-cased word of `sentence` when it is given."""
    f: dict[str, float] = {}
    if sentence is not None:
        for w in set(_BOW.findall(sentence)):
            f["bow=" + w] = 1.0
    toks = _tokens(doc, trigger_start, trigger_start)
    if toks is None:
        return f
    x = toks[0]
    f[f"s_tag={x.tag_}"] = 1.0
    for c in x.children:
        w = c.lower_
        if c.dep_ in ("aux", "auxpass"):
            if w in _MODAL:
                f["s_modal"] = 1.0
            elif w in ("has", "have", "had"):
                f["s_perfect"] = 1.0
            elif c.dep_ == "auxpass":
                f["s_passive"] = 1.0
            elif w == "to":
                f["s_inf"] = 1.0
        if c.dep_ == "neg":
            f["s_neg"] = 1.0
        if c.dep_ == "agent":
            f["s_agent"] = 1.0
        if c.dep_ in ("nsubj", "nsubjpass", "dobj", "prt", "advmod", "npadvmod"):
            f[f"s_{c.dep_}={w}"] = 1.0
        if c.dep_ in ("nsubj", "nsubjpass") and c.ent_type_:
            f[f"s_subj_ent={c.ent_type_}"] = 1.0
    if any(a.lower_ in _SAY for a in x.ancestors):
        f["s_reported"] = 1.0
    if x.head.i != x.i:
        f[f"s_head={x.head.lower_}"] = 1.0
    sent_start, dates, before, after, bignum = _sentence_level(x)
    # (keys in the order they were first written: the linear models sum them in this order)
    f.update(before)
    if dates and any(x in t.ancestors for t in dates):
        f["s_date_under"] = 1.0
    f.update(after)
    if x.i - sent_start < 3:
        f["s_trig_first"] = 1.0
    if bignum:
        f["s_bignum"] = 1.0
    return f


def _sentence_level(
    x: Any,
) -> tuple[int, list[Any], dict[str, float], dict[str, float], bool]:
    """What `sentence_features` reads of the sentence of token `x` whatever the trigger, once per
    sentence: its first token, its DATE tokens, the features before and after `s_date_under`,
    and whether it has a number from 100 to 1899."""
    sdoc = x.doc
    memo = sdoc.user_data.get("cg_sent_level")
    if memo is None:
        memo = sdoc.user_data["cg_sent_level"] = {}
    sent = x.sent
    hit = memo.get(sent.start)
    if hit is not None:
        return hit  # type: ignore[no-any-return]
    toks = list(sent)
    before: dict[str, float] = {}
    words = {t.lower_ for t in toks}
    if words & _AGG:
        before["s_agg"] = 1.0
    if "since" in words:
        before["s_since"] = 1.0
    dates = [t for t in toks if t.ent_type_ == "DATE"]
    if dates:
        before["s_date"] = 1.0
    after: dict[str, float] = {}
    if any(t.ent_type_ == "TIME" for t in toks):
        after["s_time"] = 1.0
    text = sent.text
    if '"' in text or "“" in text:
        after["s_quote"] = 1.0
    after[f"s_len={_bin(len(toks), (10, 20, 30, 45))}"] = 1.0
    bignum = False
    for t in toks:
        v = t.text.replace(",", "")
        if v.isdigit() and 100 <= int(v) < 1900:
            bignum = True
            break
    out = memo[sent.start] = (sent.start, dates, before, after, bignum)
    return out


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def decision_features(
    sent: dict[str, float],
    probs: list[float],
    feats: list[dict[str, float]],
    emb: Any = None,
    emb_scale: float = 1.0,
) -> dict[str, float]:
    """Features of the "is there a location, and is it the top place?" decision: the
    sentence's features (`sentence_features`, with its words), the ranker's top probability,
    its margin over the runner-up, and the top place's own features (prefixed `top_`). With
    `emb` (the sentence's MiniLM vector, `sentence_embeddings`), also `emb<i>` = its i-th
    component times `emb_scale` (the embedding variant of the decision, `none_model_emb`)."""
    f = dict(sent)
    if emb is not None:
        for i, v in enumerate(emb):
            f[f"emb{i}"] = emb_scale * float(v)
    if not probs:
        f["nocand"] = 1.0
        return f
    order = sorted(range(len(probs)), key=lambda i: -probs[i])
    top = _logit(probs[order[0]])
    f["top_logit"] = top
    f["top_p"] = probs[order[0]]
    f["gap"] = top - (_logit(probs[order[1]]) if len(order) > 1 else -8.0)
    f["sum_p"] = min(3.0, sum(probs))
    for k, v in feats[order[0]].items():
        if not k.startswith("s_"):
            f["top_" + k] = v
    return f


# -- sentence embeddings for the decision ----------------------------------------------------
# The "none" decision has a second variant (`none_model_emb` in the model file) that also reads
# the sentence's MiniLM embedding (`claimgraph.events.embed`); it is used when embeddings are
# wanted (`run --embeddings`) and installed, else the plain `none_model` decides (the same model
# as without this variant).


def _embeddings_wanted() -> bool:
    return wanted()


def sentence_embeddings(texts: list[str]) -> list[Any] | None:
    """MiniLM vectors of `texts` (shared per-process cache, `embed.embed_cached`), or None when
    embeddings are not wanted or not installed."""
    if not wanted():
        return None
    return embed_cached(texts)


def decision_variant(model: dict[str, Any] | None = None) -> str:
    """Which "none" decision `event_location` uses with `model` (default the shipped one):
    "embedding" (`none_model_emb`, MiniLM available), "plain" (`none_model`) or "threshold"."""
    mdl = model or load_model() or {}
    if mdl.get("none_model_emb") and sentence_embeddings(["."]) is not None:
        return "embedding"
    return "plain" if mdl.get("none_model") else "threshold"


_EXTRA_LABELS = ("FAC", "ORG", "PERSON", "LOC", "GPE", "PRODUCT")


@functools.lru_cache(maxsize=4096)
def _in_gazetteer(name: str) -> bool:
    try:
        k = norm(re.sub(r"^(?:the|al|el)[\s-]+", "", name, flags=re.I))
        return bool(k) and bool(default_gazetteer().lookup(k))
    except Exception:  # noqa: BLE001 - no gazetteer: the feature is just off
        return False


class _SpanIndex:
    """A document's places and entities sorted by start, for range queries per sentence: the
    events stage asks once per trigger, so scanning every place and entity of the document each
    time made the stage quadratic (cubic with the entity-covered check) in a document's names.
    Answers equal the scans' (list order kept where it decides)."""

    def __init__(self, doc: Document) -> None:
        self.places_ref, self.entities_ref = doc.places, doc.entities
        self.n = (len(doc.places), len(doc.entities))
        placed = [p for p in doc.places if p.start is not None and p.end is not None]
        self.places = sorted(placed, key=lambda p: p.start or 0)
        self.place_starts = [p.start or 0 for p in self.places]
        self.place_len = max((int(p.end or 0) - int(p.start or 0) for p in placed), default=0)
        order = sorted(range(len(doc.entities)), key=lambda i: doc.entities[i].start)
        self.entities = [(i, doc.entities[i]) for i in order]
        self.entity_starts = [doc.entities[i].start for i in order]
        self.entity_len = max((e.end - e.start for e in doc.entities), default=0)

    def fits(self, doc: Document) -> bool:
        return (
            self.places_ref is doc.places
            and self.entities_ref is doc.entities
            and self.n == (len(doc.places), len(doc.entities))
        )

    def places_from(self, start: int, end: int) -> list[Place]:
        """Places starting in [start, end), in start order."""
        lo = bisect.bisect_left(self.place_starts, start)
        hi = bisect.bisect_left(self.place_starts, end)
        return self.places[lo:hi]

    def entities_from(self, start: int, end: int) -> list[tuple[int, Any]]:
        """(list index, entity) of entities starting in [start, end), in start order."""
        lo = bisect.bisect_left(self.entity_starts, start)
        hi = bisect.bisect_left(self.entity_starts, end)
        return self.entities[lo:hi]

    def place_overlaps(self, start: int, end: int) -> bool:
        return any(
            (p.start or 0) < end and start < (p.end or 0)
            for p in self.places_from(start - self.place_len + 1, end)
        )

    def first_entity_over(self, start: int, end: int) -> Any:
        hits = [
            (i, e)
            for i, e in self.entities_from(start - self.entity_len + 1, end)
            if e.start < end and start < e.end
        ]
        return min(hits, key=lambda h: h[0])[1] if hits else None


_index_cache = threading.local()


def _span_index(doc: Document) -> _SpanIndex:
    """The index of `doc`, built once per document and thread (it holds the document's lists, so
    an identity check cannot be fooled by a reused id; a grown list rebuilds it)."""
    idx = getattr(_index_cache, "index", None)
    if idx is None or not idx.fits(doc):
        idx = _index_cache.index = _SpanIndex(doc)
    return idx


def _sentence_candidates(
    doc: Document,
    sentence_start: int,
    sentence_end: int,
    trigger_start: int,
    trigger_end: int,
    extra: bool = True,
) -> list[Place]:
    """The sentence's places, plus (with `extra`) its FAC/ORG/PERSON/LOC/GPE/PRODUCT entities
    that no place covers, as unresolved Places whose `feature_code` is "ent:<label>" (spaCy reads
    "Santo Domingo", "Ayn Al-Fijah", "Borno State" as PERSON/ORG; the ranker weighs that).
    O(log n + k) per sentence of k names, through the document's `_SpanIndex`."""

    def inside(a: int, b: int) -> bool:
        return (
            sentence_start <= a
            and b <= sentence_end
            and not (a < trigger_end and trigger_start < b)
        )

    idx = _span_index(doc)
    cands = [
        p for p in idx.places_from(sentence_start, sentence_end)
        if inside(p.start or 0, p.end or 0)
    ]  # fmt: skip
    if extra:
        for _, e in idx.entities_from(sentence_start, sentence_end):
            if e.label not in _EXTRA_LABELS or not inside(e.start, e.end):
                continue
            if idx.place_overlaps(e.start, e.end):
                continue
            if not e.text[:1].isalpha() or len(e.text) < 3:
                continue
            cands.append(
                Place(name=e.text, start=e.start, end=e.end, feature_code=f"ent:{e.label}",
                      precision="exact" if e.label == "FAC" else "town")
            )  # fmt: skip
    return sorted(cands, key=lambda p: (p.start or 0, p.end or 0))


def _entity_label(doc: Document, p: Place) -> str:
    if p.feature_code and p.feature_code.startswith("ent:"):
        return "x" + p.feature_code[4:]
    e = _span_index(doc).first_entity_over(p.start or 0, p.end or 0)
    return e.label if e is not None else "none"


def _linear(f: dict[str, float], model: dict[str, Any]) -> float:
    coef = model["coef"]
    return model.get("intercept", 0.0) + sum(coef.get(k, 0.0) * v for k, v in f.items())


def rank_places(
    doc: Document,
    sentence_start: int,
    sentence_end: int,
    trigger_start: int,
    trigger_end: int,
    model: dict[str, Any] | None = None,
) -> list[tuple[Place, float, dict[str, float]]]:
    """Each candidate place with the model's probability that the event happened there."""
    model = model or load_model()
    cands = _sentence_candidates(doc, sentence_start, sentence_end, trigger_start, trigger_end)
    if not cands or model is None:
        return []
    feats = candidate_features(doc, cands, trigger_start, trigger_end)
    return [(p, _sigmoid(_linear(f, model)), f) for p, f in zip(cands, feats)]


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


# -- the place the sentence states (issue 14) --------------------------------------------------
# "talks in Stockholm", "the summit was in Hanoi", "dismantled in the Spanish cities of Seville and
# Ceuta": a locative phrase on the event's own clause says where it happened, whatever countries
# its participants belong to or the sentence speaks of.

#: prepositions that say where an act took place
_LOCATIVE = frozenset("in at inside across throughout within near outside around".split())
#: how a name hangs inside the noun phrase of a locative ("the cities of X and Y", "X, a town");
#: not as a modifier of a common noun ("near the Cameroon border", "Kabul's envoy"): that noun
#: is the place, and the name only qualifies it
_NAME_LINKS = frozenset({"conj", "appos"})
_VERBAL = frozenset({"VERB", "AUX"})
#: kinds of place a name can name inside a locative ("the towns of X", "the X neighborhood")
_KINDS = frozenset(
    "city cities town towns village villages area areas district districts province provinces "
    "region regions neighborhood neighborhoods neighbourhood quarter settlement settlements "
    "capital state county suburb camp governorate municipality island port".split()
)


def _governing_prep(y: Any) -> Any:
    """The preposition whose phrase holds the name headed by token `y` ("in" of "in the cities of
    Seville and Ceuta", "in" of "in the Karradah neighborhood"), or None; a name that qualifies
    another noun ("the embassies of X", "near the X border") is not the phrase's place."""
    t = y
    for _ in range(6):
        while t.head.i != t.i and (
            t.dep_ in _NAME_LINKS or (t.dep_ == "compound" and t.head.lower_ in _KINDS)
        ):
            t = t.head
        if t.dep_ != "pobj":
            return None
        prep = t.head
        if prep.lower_ == "of" and prep.head.lower_ in _KINDS and prep.head.i != prep.i:
            t = prep.head  # "the cities of X": the phrase of "cities"
            continue
        return prep if prep.dep_ == "prep" else None
    return None


def _in_clause_of(h: Any, x: Any) -> bool:
    """Whether token `h` is the trigger `x`, a word of its clause above it up to the clause's verb
    ("the summit was ... in X": "was"), or a noun below it reached without another verb ("attacked
    a base in X": "base")."""
    t = x
    for _ in range(8):
        if t.i == h.i:
            return True
        if t.pos_ in _VERBAL or t.head.i == t.i:
            break
        t = t.head
    if h.pos_ in _VERBAL:
        return False
    t = h
    for _ in range(8):
        # a coordinated word is another argument or clause ("X condemned ..., and their
        # partnership - from flights near Alaska -"), not a part of the trigger's
        if t.head.i == t.i or t.dep_ == "conj" or (t.pos_ in _VERBAL and t.i != x.i):
            return False
        t = t.head
        if t.i == x.i:
            return True
    return False


def stated_place(doc: Document, trigger_start: int, place: Place) -> bool:
    """The sentence says the event happened at `place`: it sits in a locative phrase ("in", "at",
    "across", "near" ...) on the trigger or its clause (`_in_clause_of`); needs a parse."""
    if place.start is None or place.end is None:
        return False
    toks = _tokens(doc, trigger_start, place.start)
    if toks is None:
        return False
    x, y = toks
    prep = _governing_prep(_place_head(y, place.end - place.start))
    if prep is None or prep.lower_ not in _LOCATIVE:
        return False
    return _in_clause_of(prep.head, x) or _fronted(prep, x)


#: clauses a fronted locative does not reach: what a speaker says ("In Washington, officials said
#: Russia bombed Kyiv": the bombing is not in Washington)
_REPORTED = frozenset({"ccomp", "parataxis"})


def _fronted(prep: Any, x: Any) -> bool:
    """ "Meanwhile, in Washington, three senators led a group ... in calling on ...": a locative
    before the subject of the sentence's main verb sets the scene of that verb's clause and of the
    acts below it, except reported speech."""
    h = prep.head
    if h.dep_ != "ROOT" or prep.i > x.i or prep.i > h.i:
        return False
    if any(c.dep_ in ("nsubj", "nsubjpass") and c.i < prep.i for c in h.children):
        return False
    t = x
    for _ in range(12):
        if t.i == h.i:
            return True
        if t.dep_ in _REPORTED or t.head.i == t.i:
            return False
        t = t.head
    return False


def _stated_over_top(doc: Document, cands: list[Place], probs: list[float], trig: int) -> int:
    """The index of the place to return: the ranker's best, unless the sentence states another
    place for the event (`stated_place`) in another country ("talks in Stockholm" over a
    participant's country, "In Washington, senators led ..." over the country they speak of);
    the best stated one then. Whether to return a place at all stays the decision model's."""
    top = max(range(len(cands)), key=probs.__getitem__)
    if cands[top].precision != "country":
        # an unresolved name the ranker prefers is most often a finer place the gazetteer lacks
        # ("the Seif Al-Dawla area of east Aleppo"): the eval's place; the stage weighs it apart
        return top
    stated = _stated_others(doc, trig, cands[top], cands)
    return max(stated, key=probs.__getitem__) if stated else top


def _stated_others(doc: Document, trig: int, chosen: Place | None, cands: list[Place]) -> list[int]:
    """The indices of `cands` the sentence states for the event and that lie in another country
    than `chosen`, when `chosen` itself is not stated (else none)."""
    if chosen is not None and (
        (chosen.country and chosen.precision != "country") or stated_place(doc, trig, chosen)
    ):
        return []  # a finer place is not overruled: it may lie inside the stated one
    country = chosen.country if chosen is not None else None
    return [
        k for k, p in enumerate(cands)
        if p.country and p.country != country and stated_place(doc, trig, p)
    ]  # fmt: skip


def stated_instead(
    doc: Document, trig: int, chosen: Place | None, cands: list[Place]
) -> Place | None:
    """`chosen` (the stage's fallback pick, or an unresolved name the locator chose, which would
    place the event nowhere), or the first of `cands` the sentence states for the event in
    another country (see `_stated_over_top`) when `chosen` is a country or unresolved."""
    stated = _stated_others(doc, trig, chosen, cands)
    return cands[stated[0]] if stated else chosen


def event_location(
    doc: Document,
    sentence_start: int,
    sentence_end: int,
    trigger_start: int,
    trigger_end: int,
    weights: dict[str, float] | None = None,
    model: dict[str, Any] | None = None,
) -> Place | None:
    """The place where the event whose trigger is at [trigger_start, trigger_end) happened.

    Uses the learned ranker (`model`, default the shipped one); `weights` (or a missing model
    file) selects the older hand-weighted linear scorer."""
    mdl = None if weights is not None else (model or load_model())
    if mdl is None:
        return _event_location_linear(
            doc, sentence_start, sentence_end, trigger_start, trigger_end, weights
        )
    cands = _sentence_candidates(doc, sentence_start, sentence_end, trigger_start, trigger_end)
    if not cands:
        return None
    none_model = mdl.get("none_model")
    sentence = doc.text[sentence_start:sentence_end]
    emb = None
    ranker, tok = mdl, None
    if none_model and mdl.get("none_model_emb"):
        # the embedding decision was trained on the probabilities of the ranker that also reads
        # the MiniLM token features (model files before it have no `ranker_tok`)
        rk = mdl.get("ranker_tok")
        if rk and _embeddings_wanted():
            # its MiniLM pass also caches the sentence vector read just below
            tok = token_features(sentence, sentence_start, cands, trigger_start, trigger_end,
                                 rk.get("tok_scale", 1.0))  # fmt: skip
        vecs = sentence_embeddings([sentence])
        if vecs is not None:
            none_model, emb = mdl["none_model_emb"], vecs[0]
            if rk and tok is not None:
                ranker = rk
    sent = sentence_features(doc, trigger_start, trigger_end, sentence if none_model else None)
    feats = candidate_features(doc, cands, trigger_start, trigger_end, sent)
    if tok is not None and ranker is not mdl:
        feats = [{**f, **t} for f, t in zip(feats, tok)]
    probs = [_sigmoid(_linear(f, ranker)) for f in feats]
    i = _stated_over_top(doc, cands, probs, trigger_start)
    best, prob, f = cands[i], probs[i], feats[i]
    if none_model:
        df = decision_features(sent, probs, feats, emb, none_model.get("emb_scale", 1.0))
        q = _sigmoid(_linear(df, none_model))
        if q < none_model.get("threshold", 0.5):
            return None
    elif prob < mdl.get("threshold", 0.5):
        return None
    out = best.model_copy()
    if out.feature_code and out.feature_code.startswith("ent:"):
        out.feature_code = None  # an entity spaCy did not call a place: unresolved name
    if f.get("near") and out.precision in ("town", "exact"):
        out.precision = "near"
    return out


def _event_location_linear(
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
