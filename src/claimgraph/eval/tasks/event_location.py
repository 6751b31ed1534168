"""`claimgraph eval event-location`: which place did an event happen at (halterman_event_location).

In: a directory with `labeled_text.jsonl` (sentences with one VERB span and zero or more LOCATION
spans where that event happened). Out: EvalResult with `accuracy` (a sentence is right when we
return no place and gold has none, or our place overlaps a gold LOCATION span), plus
`accuracy_with_location` / `accuracy_no_location`, a nearest-place baseline and the older
hand-weighted scorer (`accuracy_linear`). The shipped ranker was fitted on the dev half, so on dev
`accuracy` is in-sample: its honest figure is the nested CV accuracy stored in the model file
(`python -m claimgraph.eval.train_location` recomputes it); on the held-out half it is honest.
The "none" decision has two variants in the model file: with the sentence's MiniLM embedding
(`claimgraph.events.embed`; the pipeline uses it with `run --embeddings`, this eval whenever the
weights are installed) and without; the result says which one ran (`embedding_decision` 1/0) and
gives that variant's nested CV accuracy, and both variants' as `model_nested_cv_accuracy_plain` /
`_emb`.
Our places come from spaCy + the gazetteer ruler + PlaceStage, as in the pipeline.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from claimgraph.eval import EvalResult, UnknownDataset
from claimgraph.eval.records import Skipped, each

__all__ = ["evaluate", "load", "prepare"]


def _record(line: str) -> dict | None:
    """One sentence of labeled_text.jsonl as {id, text, verb, locs}; None when it has no VERB
    span (nothing to locate). A record without `spans`, `_id` or `tokens` is read without them."""
    r = json.loads(line)
    text = r["text"]
    if not isinstance(text, str):
        raise TypeError("text is not a string")
    toks = r.get("tokens") if isinstance(r.get("tokens"), list) else []
    spans = [sp for sp in (r.get("spans") or []) if isinstance(sp, dict) and sp.get("label")]
    for sp in spans:
        # some records' character offsets are stale; their token offsets are right
        ts, te = sp.get("token_start"), sp.get("token_end")
        if isinstance(ts, int) and isinstance(te, int) and 0 <= ts and te < len(toks):
            sp["start"], sp["end"] = toks[ts]["start"], toks[te]["end"]
    verbs = [s for s in spans if s["label"] == "VERB"]
    if not verbs:
        return None
    verb = {**verbs[0], "start": int(verbs[0]["start"]), "end": int(verbs[0]["end"])}
    return {
        "id": str(r["_id"]) if r.get("_id") is not None else hashlib.sha1(text.encode()).hexdigest()[:12],
        "text": text, "verb": verb,
        "locs": [(int(s["start"]), int(s["end"])) for s in spans if s["label"] == "LOCATION"],
    }  # fmt: skip


def load(data: Path, limit: int | None = None, skipped: Skipped | None = None) -> list[dict]:
    """The sentences with an event (a VERB span); records that cannot be read (not JSON, no
    text, offsets that are not numbers) are counted in `skipped`, sentences without a VERB span
    are left out as before (there is nothing to locate)."""
    f = Path(data) / "labeled_text.jsonl"
    if not f.exists():
        raise UnknownDataset(f"{data}: no labeled_text.jsonl")
    skipped = skipped if skipped is not None else Skipped()
    no_verb = Skipped()  # not counted as skipped: such sentences are not in the task
    rows = []
    with open(f, encoding="utf-8") as fh:
        lines = (line for line in fh if line.strip())
        for row in each(lines, _record, no_verb):
            rows.append(row)
            if limit and len(rows) >= limit:
                break
    for reason, n in no_verb.reasons.items():
        if reason != "nothing to score":
            skipped.reasons[reason] += n
    return rows


def prepare(rows: list[dict]):  # type: ignore[no-untyped-def]
    """Documents with places (and the parse) for each sentence."""
    from claimgraph.model import Document, Entity, Segment, SegmentKind
    from claimgraph.places.stage import PlaceStage

    nlp = _nlp()
    stage = PlaceStage()
    docs = []
    for r, sdoc in zip(rows, nlp.pipe([r["text"] for r in rows], batch_size=64)):
        ents = [
            Entity(start=e.start_char, end=e.end_char, label=e.label_, text=e.text)
            for e in sdoc.ents
        ]
        d = Document(
            id=r["id"], uri=r["id"], text=r["text"], entities=ents,
            segments=[Segment(kind=SegmentKind.body, start=0, end=len(r["text"]), lang="en")],
        )  # fmt: skip
        d._spacy[0] = sdoc
        stage(d)
        docs.append(d)
    return docs


def _nlp():  # type: ignore[no-untyped-def]
    import spacy

    from claimgraph.places.ruler import ruler_patterns
    from claimgraph.resources import SPACY_DISABLE, SPACY_MODEL

    # the pipeline's own spaCy components (claimgraph.nlp): the ranker's part-of-speech features
    # need the attribute_ruler, which the pipeline keeps
    nlp = spacy.load(SPACY_MODEL, exclude=list(SPACY_DISABLE))
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "ORTH"})
    ruler.add_patterns(ruler_patterns())  # type: ignore[attr-defined]
    return nlp


def score(rows: list[dict], docs: list, weights: dict | None = None) -> dict[str, float]:  # type: ignore[type-arg]
    from claimgraph.events.location import event_location

    from claimgraph.events.location import LOC_WEIGHTS

    ok = ok_loc = n_loc = ok_none = n_none = base_ok = lin_ok = 0
    for r, d in zip(rows, docs):
        v = r["verb"]
        p = event_location(d, 0, len(d.text), v["start"], v["end"], weights)
        gold = r["locs"]
        q = event_location(d, 0, len(d.text), v["start"], v["end"], weights or LOC_WEIGHTS)
        lin_ok += (q is None and not gold) or (
            q is not None and any(q.start < e and s < q.end for s, e in gold)
        )
        if gold:
            n_loc += 1
            hit = p is not None and any(p.start < e and s < p.end for s, e in gold)
            ok_loc += hit
        else:
            n_none += 1
            hit = p is None
            ok_none += hit
        ok += hit
        # baseline: the place nearest the trigger, if any
        near = min(d.places, key=lambda q: abs((q.start or 0) - v["start"]), default=None)
        base_ok += (near is None and not gold) or (
            near is not None and any(near.start < e and s < near.end for s, e in gold)
        )
    n = len(rows)
    return {
        "accuracy": ok / n if n else 0.0,
        "accuracy_with_location": ok_loc / n_loc if n_loc else 0.0,
        "accuracy_no_location": ok_none / n_none if n_none else 0.0,
        "baseline_nearest": base_ok / n if n else 0.0,
        "accuracy_linear": lin_ok / n if n else 0.0,
    }


def evaluate(data: Path, *, limit: int | None = None) -> EvalResult:
    skipped = Skipped()
    rows = load(Path(data), limit, skipped)
    docs = prepare(rows)
    from claimgraph.events.embed import available, enable
    from claimgraph.events.location import decision_variant, load_model, sentence_embeddings

    model = load_model() or {}
    enable(available())  # score the embedding variant whenever the weights are installed
    variant = decision_variant(model)
    if variant == "embedding":
        sentence_embeddings([r["text"] for r in rows])  # one batch; event_location reads the cache
    m = score(rows, docs)
    m["embedding_decision"] = 1.0 if variant == "embedding" else 0.0
    # the honest estimate for the half the model was fitted on (there `accuracy` is in-sample)
    cv_key = "nested_cv_accuracy_emb" if variant == "embedding" else "nested_cv_accuracy"
    if cv_key in model:
        m["model_nested_cv_accuracy"] = float(model[cv_key])
    for key, name in (("nested_cv_accuracy", "plain"), ("nested_cv_accuracy_emb", "emb")):
        if key in model:
            m[f"model_nested_cv_accuracy_{name}"] = float(model[key])
    table = [
        ("sentences", len(rows)),
        ("accuracy (ranker | hand weights | nearest place)",
         f"{m['accuracy']:.3f} | {m['accuracy_linear']:.3f} | {m['baseline_nearest']:.3f}"),
        ("ranker fitted on", f"{model.get('trained_on', '?')}; nested CV accuracy there "
         f"{model.get(cv_key, float('nan')):.3f} (on that half `accuracy` is in-sample)"),
        ("none decision", f"{variant}" + (" (sentence MiniLM embedding + features)"
         if variant == "embedding" else " (features only; no MiniLM embedding)")),
        ("with a gold location | without", f"{m['accuracy_with_location']:.3f} | "
         f"{m['accuracy_no_location']:.3f}"),
    ]  # fmt: skip
    skipped.report(m, table)
    return EvalResult("event-location", "halterman_event_location", len(rows), m, table)
