"""`claimgraph eval ner`: named-entity F1 on re3d (English) or newsfane_gold (Arabic).

In: a dataset directory laid out as ../shared/eval/re3d (sub-folders with documents.json +
entities.json, mongoexport JSON lines) or ../shared/eval/newsfane_gold (one token<TAB>BIO-tag file,
blank lines between sentences). Out: EvalResult with `f1` (micro over the scored types), one F1 key
per type, and for re3d the same keys for bare `en_core_web_sm` in the same run (`baseline_*`).

re3d: gold = Organisation, Person, Location entities with confidence > 0 (re3d keeps the losing
alternatives of overlapping annotations at confidence 0), exact span and type match. System =
en_core_web_sm + our EntityRuler (actor registry + gazetteer patterns) before `ner`, then the
actors stage relabels spans that resolve to a registry person/organisation and adds its own
matches (demonym + role noun: "Iraqi security forces"). spaCy labels: PERSON -> Person,
ORG/NORP-with-role -> Organisation, GPE/LOC/FAC -> Location.

newsfane_gold: coarse classes from the fine-grained tags (Person: *_PER and Politician/Athlete/...;
Organisation: Government, Media, Group, Educational, ...; Location: Nation, Population-Center,
...), lexicon tagger = the actors stage's Arabic scan (registry aliases + noun-adjective state
forces) plus registry state/place names; exact span and type match.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from collections.abc import Iterable

from claimgraph.eval import EvalResult, UnknownDataset, prf
from claimgraph.eval.records import Skipped, each

TYPES = ("Organisation", "Person", "Location")
_SPACY_MAP = {"PERSON": "Person", "ORG": "Organisation", "GPE": "Location", "LOC": "Location",
              "FAC": "Location"}  # fmt: skip


def evaluate(data: Path, *, limit: int | None = None) -> EvalResult:
    data = Path(data)
    if any(data.glob("*/entities.json")):
        return _eval_re3d(data, limit)
    if any(data.glob("NewsFANE*.txt")) or any(data.glob("*FANE*.txt")):
        return _eval_newsfane(data, limit)
    raise UnknownDataset(f"{data}: neither re3d (*/entities.json) nor newsfane_gold")


# -- re3d -------------------------------------------------------------------------------------
def load_re3d(
    data: Path, skipped: Skipped | None = None
) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """(documents by id, entities, relations) from every source folder. A line that is not JSON,
    a document without an id or text, an entity or relation without a document id or with
    offsets that are not numbers is counted in `skipped`; an entity without `confidence` counts
    as annotated (1.0)."""
    skipped = skipped if skipped is not None else Skipped()
    docs: dict[str, dict[str, Any]] = {}
    ents: list[dict[str, Any]] = []
    rels: list[dict[str, Any]] = []
    for folder in sorted(p for p in data.iterdir() if p.is_dir()):
        for name, sink, read in (
            ("entities.json", ents, _entity),
            ("relations.json", rels, _relation),
        ):
            f = folder / name
            if f.exists():
                sink.extend(each(_json_lines(f), read, skipped))
        f = folder / "documents.json"
        if f.exists():
            for d in each(_json_lines(f), _document, skipped):
                docs[d["_id"]] = d
    return docs, ents, rels


def _document(line: str) -> dict[str, Any] | None:
    r = json.loads(line)
    if not isinstance(r["text"], str):
        raise TypeError("text is not a string")
    return {**r, "_id": str(r["_id"])}


def _entity(line: str) -> dict[str, Any]:
    r = json.loads(line)
    conf = r.get("confidence")
    return {**r, "documentId": str(r["documentId"]), "begin": int(r["begin"]), "end": int(r["end"]),
            "type": str(r["type"]), "confidence": 1.0 if conf is None else float(conf)}  # fmt: skip


def _relation(line: str) -> dict[str, Any]:
    r = json.loads(line)
    out = {**r, "documentId": str(r["documentId"]), "type": r.get("type")}
    for k in ("sourceBegin", "sourceEnd", "targetBegin", "targetEnd"):
        out[k] = int(r[k])
    return out


def _json_lines(path: Path) -> Iterable[str]:
    with path.open(encoding="utf-8-sig") as fh:
        for line in fh:
            line = line.strip()
            if line:
                yield line


def _score(gold: set[tuple[Any, ...]], pred: set[tuple[Any, ...]], prefix: str = "") -> dict[str, float]:  # fmt: skip
    out: dict[str, float] = {}
    tp_all = fp_all = fn_all = 0
    for t in TYPES:
        g = {x for x in gold if x[-1] == t}
        p = {x for x in pred if x[-1] == t}
        tp, fp, fn = len(g & p), len(p - g), len(g - p)
        tp_all, fp_all, fn_all = tp_all + tp, fp_all + fp, fn_all + fn
        out[f"{prefix}{t.lower()}_f1"] = prf(tp, fp, fn)[2]
    p_, r_, f_ = prf(tp_all, fp_all, fn_all)
    out[f"{prefix}f1"] = f_
    out[f"{prefix}precision"] = p_
    out[f"{prefix}recall"] = r_
    return out


def our_pipeline():  # type: ignore[no-untyped-def]
    """en_core_web_sm + EntityRuler (actors, and places when available) before `ner`."""
    import spacy

    from claimgraph.actors import ruler_patterns
    from claimgraph.resources import SPACY_DISABLE, SPACY_MODEL

    nlp = spacy.load(SPACY_MODEL, exclude=list(SPACY_DISABLE))
    patterns = list(ruler_patterns())
    try:
        from claimgraph.places import ruler_patterns as place_patterns

        patterns.extend(place_patterns())
    except Exception:  # noqa: BLE001 - the gazetteer is optional for this measurement
        pass
    ruler = nlp.add_pipe("entity_ruler", before="ner",
                         config={"overwrite_ents": True, "validate": False})  # fmt: skip
    with nlp.select_pipes(enable=["entity_ruler"]):
        ruler.add_patterns(patterns)
    return nlp


_TITLE_WORDS = {
    "minister", "secretary", "president", "prime", "foreign", "defence", "defense", "deputy",
    "general", "gen.", "gen", "lt.", "lt", "col.", "col", "maj.", "major", "capt.", "captain",
    "admiral", "adm.", "sgt.", "colonel", "lieutenant", "brig.", "brigadier", "mr", "mr.", "mrs",
    "ms", "dr", "dr.", "he", "sheikh", "ambassador", "envoy", "special", "advisor", "adviser",
    "representative", "chief", "commander", "spokesman", "fco", "state", "office", "for", "the",
    "of", "middle", "east", "home", "chancellor", "king", "queen", "prince", "emir", "senator",
    "governor", "mayor", "director", "staff", "air", "navy", "army", "marshal", "judge",
}  # fmt: skip
_MEMBER_NOUNS = {"fighters", "terrorists", "militants", "forces", "units", "unit", "troops",
                 "members", "militiamen", "gunmen", "extremists", "jihadists", "insurgents",
                 "leadership", "personnel", "soldiers"}  # fmt: skip
_MEMBER_ADJ = {"tactical", "foreign", "armed", "military", "security", "special", "ground",
               "coalition", "partner", "allied", "local", "senior"}  # fmt: skip


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """Drop a trailing possessive or sentence punctuation from a span."""
    while e > s and text[e - 1] in ".,;:)":
        e -= 1
    for suf in ("'s", "’s", "'", "’"):
        if text[s:e].endswith(suf) and e - len(suf) > s:
            e -= len(suf)
            break
    return s, e


def _extend(text: str, sdoc: Any, s: int, e: int, typ: str) -> tuple[int, int]:
    """re3d conventions: persons with their titles, organisations with 'the' and member nouns."""
    span = sdoc.char_span(s, e, alignment_mode="expand")
    if span is None:
        return s, e
    i = span.start
    if typ == "Person":
        while (
            i > 0
            and sdoc[i - 1].text.lower() in _TITLE_WORDS
            and (sdoc[i - 1].text[:1].isupper() or sdoc[i - 1].text.lower() in ("for", "the", "of"))
        ):
            i -= 1
        while i < span.start and sdoc[i].text.lower() in ("for", "the", "of", "state"):
            i += 1  # never start on a function word
        return sdoc[i].idx, e
    if typ == "Organisation":
        j = span.end
        k = j
        while k < len(sdoc) and sdoc[k].text.lower() in _MEMBER_ADJ:
            k += 1
        if k < len(sdoc) and sdoc[k].text.lower() in _MEMBER_NOUNS:
            e = sdoc[k].idx + len(sdoc[k].text)
        if i > 0 and sdoc[i - 1].lower_ in ("the", "an", "a") and sdoc[i - 1].text[:1] in "tT":
            s = sdoc[i - 1].idx
    return s, e


def system_entities(text: str, sdoc: Any, stage: Any) -> set[tuple[int, int, str]]:
    """Our typed spans for one text: spaCy+ruler entities refined by the actors stage."""
    from claimgraph.model import Document, Entity, Segment, SegmentKind

    ents = [Entity(start=e.start_char, end=e.end_char, label=e.label_, text=e.text)
            for e in sdoc.ents]  # fmt: skip
    doc = Document(id="x", uri="x", text=text, entities=ents,
                   segments=[Segment(kind=SegmentKind.body, start=0, end=len(text),
                                     lang="en")])  # fmt: skip
    stage(doc)
    out: dict[tuple[int, int], str] = {}
    for ent in sdoc.ents:
        t = _SPACY_MAP.get(ent.label_)
        if t == "Location" and ent.label_ == "GPE" and ent.root.dep_ in ("nsubj", "nsubjpass"):
            # a state that acts ("Turkey said", "the United States will") is an organisation
            if stage.reg.lookup(ent.text, fuzzy=False) is not None:
                t = "Organisation"
        if t:
            out[(ent.start_char, ent.end_char)] = t
    kinds = doc.meta.get("actors", {}).get("kinds", {})
    coref = {c["actor"] for c in doc.meta.get("actors", {}).get("coref", [])}
    for i, a in enumerate(doc.actors):
        if i in coref or a.start is None or a.end is None:
            continue
        kind = kinds.get(str(i), "org")
        if kind == "state":
            continue
        t = "Person" if kind == "person" else "Organisation"
        span = (a.start, a.end)
        clash = [(s, e) for s, e in out if s < a.end and a.start < e and (s, e) != span]
        if a.provisional and (span not in out or any(out[c] == "Location" for c in clash)):
            continue  # an unknown name: keep spaCy's reading
        for c in clash:
            del out[c]
        out[span] = t
    final: set[tuple[int, int, str]] = set()
    for (s, e), t in out.items():
        s, e = _trim(text, s, e)
        s, e = _extend(text, sdoc, s, e, t)
        final.add((s, e, t))
    return final


def _eval_re3d(data: Path, limit: int | None) -> EvalResult:
    from claimgraph.actors import ActorStage
    from claimgraph.nlp import bare_spacy

    skipped = Skipped()
    docs, ents, _ = load_re3d(data, skipped)
    ids = sorted(docs)
    if limit:
        ids = ids[:limit]
    idset = set(ids)
    gold = {(e["documentId"], e["begin"], e["end"], e["type"]) for e in ents
            if e["type"] in TYPES and e["confidence"] > 0 and e["documentId"] in idset}  # fmt: skip
    texts = [docs[i]["text"] for i in ids]
    base_nlp = bare_spacy()
    base: set[tuple[Any, ...]] = set()
    # the same re3d span conventions (titles, "the", member nouns) on bare spaCy output: shows
    # how much of the gain is conventions and how much is the registry
    base_conv: set[tuple[Any, ...]] = set()
    for i, text, sdoc in zip(ids, texts, base_nlp.pipe(texts, batch_size=16)):
        for e in sdoc.ents:
            t = _SPACY_MAP.get(e.label_)
            if t:
                base.add((i, e.start_char, e.end_char, t))
                s_, e_ = _trim(text, e.start_char, e.end_char)
                base_conv.add((i, *_extend(text, sdoc, s_, e_, t), t))
    nlp = our_pipeline()
    stage = ActorStage(coref=False)
    ours: set[tuple[Any, ...]] = set()
    for i, text, sdoc in zip(ids, texts, nlp.pipe(texts, batch_size=16)):
        for s, e, t in system_entities(text, sdoc, stage):
            ours.add((i, s, e, t))
    metrics = _score(gold, ours)
    metrics.update(_score(gold, base, "baseline_"))
    metrics.update({k: v for k, v in _score(gold, base_conv, "baseline_conv_").items()
                    if k.endswith("f1")})  # fmt: skip
    for t in TYPES:
        k = f"{t.lower()}_f1"
        metrics[f"delta_{k}"] = metrics[k] - metrics[f"baseline_{k}"]
    rows = [(t, f"{metrics[t.lower() + '_f1']:.3f} vs {metrics['baseline_' + t.lower() + '_f1']:.3f}")
            for t in TYPES]  # fmt: skip
    skipped.report(metrics, rows)
    return EvalResult("ner", "re3d", len(ids), metrics, rows)


# -- newsfane_gold ----------------------------------------------------------------------------
_PER = re.compile(r"(PER|Politician|Athlete|Businessman|Artist|Scientist|Police|Religious|"
                  r"Engineer|Lawyer|Group_PER)", re.I)  # fmt: skip
_LOC = re.compile(r"(Nation|Population|Continent|State-or-Province|County|GPE|Region|Water|"
                  r"Land|Celestial|Address|Boundary|LOC|Airport|Building|Path|Plant|Subarea)", re.I)  # fmt: skip
_ORG = re.compile(r"(Government|Media|Group|Educational|Commercial|Non-Governmental|Sports|"
                  r"Religious_ORG|Medical|Entertainment|ORG|Party|Army|Organization)", re.I)  # fmt: skip


def coarse(tag: str) -> str | None:
    """NewsFANE fine class -> Person / Organisation / Location (None: not scored)."""
    if _ORG.search(tag) and not tag.endswith("_PER"):
        return "Organisation"
    if _PER.search(tag):
        return "Person"
    if _LOC.search(tag):
        return "Location"
    return None


def load_newsfane(data: Path) -> list[list[tuple[str, str]]]:
    path = next(iter(sorted(data.glob("*FANE*.txt"))))
    sents: list[list[tuple[str, str]]] = []
    cur: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        parts = line.split("\t")
        tok = parts[0].replace("\u200e", "").replace("\u200f", "").strip()
        if not tok:
            if cur:
                sents.append(cur)
                cur = []
            continue
        cur.append((tok, parts[1].strip() if len(parts) > 1 else "O"))
    if cur:
        sents.append(cur)
    return sents


def _bio_spans(tags: list[str]) -> set[tuple[int, int, str]]:
    out = set()
    start, typ = None, None
    for i, t in enumerate([*tags, "O"]):
        if t.startswith("B-") or t == "O" or (t.startswith("I-") and typ is None):
            if start is not None and typ is not None:
                out.add((start, i, typ))
            start, typ = None, None
            if t.startswith("B-") or t.startswith("I-"):
                c = coarse(t[2:])
                if c:
                    start, typ = i, c
    return out


def _eval_newsfane(data: Path, limit: int | None) -> EvalResult:
    from claimgraph.actors import ActorStage
    from claimgraph.model import Document, Segment, SegmentKind

    sents = load_newsfane(data)
    if limit:
        sents = sents[:limit]
    stage = ActorStage(coref=False)
    reg = stage.reg
    gold: set[tuple[int, int, int, str]] = set()
    pred: set[tuple[int, int, int, str]] = set()
    for k, sent in enumerate(sents):
        toks = [t for t, _ in sent]
        for s, e, t in _bio_spans([tag for _, tag in sent]):
            gold.add((k, s, e, t))
        # token offsets in a space-joined text
        starts, pos = [], 0
        for t in toks:
            starts.append(pos)
            pos += len(t) + 1
        text = " ".join(toks)
        doc = Document(id="x", uri="x", text=text,
                       segments=[Segment(kind=SegmentKind.body, start=0, end=len(text),
                                         lang="ar")])  # fmt: skip
        stage(doc)
        tok_at = {s: i for i, s in enumerate(starts)}
        ends = {s + len(t): i + 1 for i, (s, t) in enumerate(zip(starts, toks))}
        taken: set[int] = set()
        for a in doc.actors:
            if a.start in tok_at and a.end in ends:
                actor = reg.get(a.actor_id) if a.actor_id else None
                kind = actor.kind if actor else "org"
                typ = "Person" if kind == "person" else "Organisation"
                s, e = tok_at[a.start], ends[a.end]
                pred.add((k, s, e, typ))
                taken.update(range(s, e))
        # locations: single tokens/bigrams that are state names or places folded into a state
        for i in range(len(toks)):
            for n in (2, 1):
                if i + n > len(toks) or any(j in taken for j in range(i, i + n)):
                    continue
                m = reg._lookup_arabic(" ".join(toks[i : i + n]))
                if m is not None and m.actor.kind == "state" and m.how == "exact":
                    pred.add((k, i, i + n, "Location"))
                    taken.update(range(i, i + n))
                    break
    metrics = _score(gold, pred)
    rows: list[tuple[str, Any]] = []
    # a token line without a tag reads as "O" and a blank line ends a sentence, so no line of
    # this format is ever unreadable: the count is reported for uniformity with the other evals
    Skipped().report(metrics, rows)
    return EvalResult("ner", "newsfane_gold", len(sents), metrics, rows)
