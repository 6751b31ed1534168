"""`claimgraph eval aliases`: do two names of one actor resolve to the same actor?

In: a re3d-shaped directory (sub-folders with documents.json, entities.json, relations.json).
Out: EvalResult with `accuracy` over `IsSynonymOf` pairs whose two ends are gold Organisation or
Person entities (unordered, de-duplicated per document), plus `accuracy_no_context` (each name
through `resolve()` alone, unknown names by their provisional id) and `registry_coverage` (share of
pair names the registry knows without context).

In context = the document through the nlp ruler + the actors stage, then
`claimgraph.actors.stage.mention_actor` for each end (registry name, covering actor, apposition,
provisional id).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from claimgraph.eval import EvalResult, UnknownDataset
from claimgraph.eval.records import Skipped

_TYPES = ("Organisation", "Person")


def alias_pairs(docs: dict[str, Any], ents: list[dict[str, Any]],
                rels: list[dict[str, Any]]) -> list[tuple[str, tuple[int, int], tuple[int, int]]]:  # fmt: skip
    typed = {(e["documentId"], e["begin"], e["end"]) for e in ents if e["type"] in _TYPES}
    seen: set[tuple[str, frozenset[tuple[int, int]]]] = set()
    out = []
    for r in rels:
        if r.get("type") != "IsSynonymOf":
            continue
        d = r["documentId"]
        a = (r["sourceBegin"], r["sourceEnd"])
        b = (r["targetBegin"], r["targetEnd"])
        if d not in docs or a == b or (d, *a) not in typed or (d, *b) not in typed:
            continue
        key = (d, frozenset((a, b)))
        if key in seen:
            continue
        seen.add(key)
        out.append((d, a, b))
    return sorted(out)


def evaluate(data: Path, *, limit: int | None = None) -> EvalResult:
    from claimgraph.actors import ActorStage, provisional_id, resolve_match
    from claimgraph.actors.stage import mention_actor
    from claimgraph.eval.tasks.ner import load_re3d, our_pipeline
    from claimgraph.model import Document, Entity, Segment, SegmentKind

    data = Path(data)
    if not any(data.glob("*/relations.json")):
        raise UnknownDataset(f"{data}: no */relations.json (re3d layout)")
    skipped = Skipped()
    docs, ents, rels = load_re3d(data, skipped)
    pairs = alias_pairs(docs, ents, rels)
    if limit:
        pairs = pairs[:limit]
    doc_ids = sorted({d for d, _, _ in pairs})
    nlp = our_pipeline()
    stage = ActorStage()
    processed: dict[str, Document] = {}
    texts = [docs[d]["text"] for d in doc_ids]
    for d, text, sdoc in zip(doc_ids, texts, nlp.pipe(texts, batch_size=8)):
        doc = Document(
            id=d, uri=d, text=text,
            segments=[Segment(kind=SegmentKind.body, start=0, end=len(text), lang="en")],
            entities=[Entity(start=e.start_char, end=e.end_char, label=e.label_, text=e.text)
                      for e in sdoc.ents],
        )  # fmt: skip
        processed[d] = stage(doc)

    def alone(name: str) -> str:
        m = resolve_match(name)
        return m.actor.id if m else provisional_id(name)

    ok = ok_alone = known = 0
    rows = []
    for d, a, b in pairs:
        doc = processed[d]
        ra, rb = mention_actor(doc, *a), mention_actor(doc, *b)
        na, nb = doc.text[a[0] : a[1]], doc.text[b[0] : b[1]]
        hit = ra.actor_id == rb.actor_id
        ok += hit
        ok_alone += alone(na) == alone(nb)
        known += (resolve_match(na) is not None) + (resolve_match(nb) is not None)
        rows.append((f"{'ok ' if hit else 'MISS'} {na!r} ~ {nb!r}", f"{ra.actor_id} {rb.actor_id}"))
    n = len(pairs)
    metrics = {
        "accuracy": ok / n if n else 0.0,
        "accuracy_no_context": ok_alone / n if n else 0.0,
        "registry_coverage": known / (2 * n) if n else 0.0,
    }
    skipped.report(metrics, rows)
    return EvalResult("aliases", "re3d", n, metrics, rows)
