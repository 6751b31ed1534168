"""`claimgraph eval geo`: toponym detection and resolution on geowebnews, lgl, tr_news.

In: a dataset directory laid out as ../shared/eval/<dataset>/ (GeoWebNews brat `N.txt`/`N.ann`
with GeoNames ids in AnnotatorNotes; LGL / TR-News XML with `<toponym>` start/end/gaztag).
Out: EvalResult with
- `exact_accuracy`, `acc_161km`: resolution given the gold spans (all gold toponyms with an id;
  a prediction whose point is unknown counts as wrong); `baseline_exact`, `baseline_161km`: the
  most-populous-candidate baseline on the same spans; `acc_161km_gold_placed`: `acc_161km` over
  the gold spans whose point is known (in the gold file or the gazetteer), beside the headline;
- `detection_precision/recall/f1`: predicted toponym spans (spaCy + our ruler +
  PlaceStage(keep_unresolved=False): only names the gazetteer resolves, not near spellings) vs
  gold spans, exact offsets; `e2e_f1`: same, counting a hit only when the GeoNames id is right.
  GeoWebNews' gold spans for detection are its toponym types (literal and associative, incl.
  adjectival "French"): our predictions are `doc.places` plus the demonyms the stage records in
  `doc.meta["places"]["demonyms"]` and `["embedded"]` (toponyms inside organisation names),
  which are toponyms though never places of events, and `["modifiers"]` ("Beijing" of
  "Beijing-based"), and on GeoWebNews only `["facilities"]` (named buildings, streets,
  campuses, which its scheme annotates). GeoWebNews' "TITLE: ... LINK: url" header has no gold
  span in any file (never annotated): predictions inside it are not scored.
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from claimgraph.eval import EvalResult, UnknownDataset, prf
from claimgraph.eval.records import Skipped, each

__all__ = ["evaluate", "GoldDoc", "GoldTop", "load"]

GWN_TOPONYM_TYPES = {
    "Literal", "Mixed", "Literal_Modifier", "Coercion", "Embedded_Literal", "Metonymic",
    "Non_Literal_Modifier", "Embedded_Non_Lit",
}  # fmt: skip


@dataclass
class GoldTop:
    start: int
    end: int
    text: str
    gid: int | None = None
    lat: float | None = None
    lon: float | None = None
    kind: str = ""


@dataclass
class GoldDoc:
    id: str
    text: str
    tops: list[GoldTop] = field(default_factory=list)
    # GeoWebNews files open with a "TITLE: ... LINK: <url>" header that was never annotated (no
    # gold span in it in any file): predictions before this offset are not scored
    unannotated: int = 0


def load(
    data: Path, limit: int | None = None, skipped: Skipped | None = None
) -> tuple[str, list[GoldDoc]]:
    """(dataset name, gold documents). A document without its text, a toponym whose offsets are
    missing or not numbers, is counted in `skipped` (the rest of the document is kept)."""
    data = Path(data)
    skipped = skipped if skipped is not None else Skipped()
    gwn = data / "GeoWebNews" if (data / "GeoWebNews").is_dir() else data
    if list(gwn.glob("*.ann")):
        return "geowebnews", _load_gwn(gwn, limit, skipped)
    for name, ds in (("lgl.xml", "lgl"), ("TR-News.xml", "tr_news")):
        if (data / name).exists():
            return ds, _load_xml(data / name, limit, skipped)
    xmls = list(data.glob("*.xml"))
    if xmls:
        return xmls[0].stem.lower().replace("-", "_"), _load_xml(xmls[0], limit, skipped)
    raise UnknownDataset(f"{data}: no GeoWebNews .ann files or LGL/TR-News XML")


_GWN_HEADER = re.compile(r"TITLE:.*?LINK:\s*\S+", re.S)


def _gwn_span(line: str, text: str) -> tuple[str, GoldTop] | None:
    """A brat text-bound line ("T3<TAB>Literal 10 16<TAB>Sudan"); None for a discontinuous one."""
    p = line.split("\t")
    kind, rest = p[1].split(" ", 1)
    if ";" in rest:
        return ("", GoldTop(0, 0, ""))  # discontinuous spans are not scored (as before)
    s, e = (int(x) for x in rest.split())
    return p[0], GoldTop(s, e, text[s:e], kind=kind)


def _load_gwn(d: Path, limit: int | None, skipped: Skipped) -> list[GoldDoc]:
    files = sorted(d.glob("*.ann"), key=lambda p: int(p.stem) if p.stem.isdigit() else 0)
    docs = []
    for ann in files[:limit] if limit else files:
        if not ann.with_suffix(".txt").is_file():
            skipped.add("no .txt beside the .ann")
            continue
        text = ann.with_suffix(".txt").read_text(encoding="utf-8")
        spans: dict[str, GoldTop] = {}
        notes: dict[str, str] = {}
        lines = ann.read_text(encoding="utf-8").splitlines()
        tlines = [ln for ln in lines if ln.startswith("T") and len(ln.split("\t")) >= 3]
        for key, top in each(tlines, functools.partial(_gwn_span, text=text), skipped):
            if key:
                spans[key] = top
        for line in lines:
            p = line.split("\t")
            if p[0].startswith("#") and len(p) >= 3 and len(p[1].split()) >= 2:
                notes[p[1].split()[1]] = p[2].strip()
        tops = []
        for k, t in spans.items():
            if t.kind not in GWN_TOPONYM_TYPES:
                continue
            n = notes.get(k, "")
            t.gid = int(n) if n.isdigit() else None
            tops.append(t)
        head = _GWN_HEADER.match(text)
        docs.append(
            GoldDoc(ann.stem, text, sorted(tops, key=lambda t: t.start), head.end() if head else 0)
        )
    return docs


def _load_xml(path: Path, limit: int | None, skipped: Skipped) -> list[GoldDoc]:
    docs: list[GoldDoc] = []
    for _ev, el in ET.iterparse(path, events=("end",)):
        if el.tag != "article":
            continue
        text = el.findtext("text") or ""
        tops = []
        for t in el.iter("toponym"):
            try:
                s, e = int(t.findtext("start") or -1), int(t.findtext("end") or -1)
            except ValueError:
                s = e = -1
            if s < 0 or e <= s:
                skipped.add("toponym without start/end")
                continue
            g = t.find("gaztag")
            gid = lat = lon = None
            if g is not None and (g.get("geonameid") or "").isdigit():
                gid = int(g.get("geonameid"))
                try:
                    lat, lon = float(g.findtext("lat")), float(g.findtext("lon"))
                except (TypeError, ValueError):
                    lat = lon = None
            phrase = (t.findtext("phrase") or "").strip()
            if phrase and text[s:e] != phrase:
                # some TR-News offsets are shifted by a character or two: realign on the phrase
                near = text.find(phrase, max(0, s - 10), e + 10 + len(phrase))
                if near >= 0:
                    s, e = near, near + len(phrase)
            tops.append(GoldTop(s, e, text[s:e] or phrase, gid, lat, lon))
        docs.append(
            GoldDoc(el.get("docid") or str(len(docs)), text, sorted(tops, key=lambda t: t.start))
        )
        el.clear()
        if limit and len(docs) >= limit:
            break
    return docs


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    from claimgraph.places.resolve import haversine_km

    return haversine_km(a[0], a[1], b[0], b[1])


def resolution_scores(docs: list[GoldDoc], resolver=None) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Resolution given gold spans: ours and the most-populous baseline."""
    from claimgraph.places.stage import Mention, cues_of, default_resolver, parents_of

    res = resolver or default_resolver()
    gaz = res.gaz
    n = ok = ok161 = b_ok = b_161 = placed = 0
    for d in docs:
        tops = [t for t in d.tops if t.text.strip()]
        ments = [Mention(t.start, t.end, t.text) for t in tops]
        rows = res.resolve_all(
            [m.text for m in ments], parents_of(d.text, ments), cues=cues_of(d.text, ments)
        )
        for t, row in zip(tops, rows):
            if t.gid is None:
                continue
            n += 1
            # the loaders set a gold point's lat and lon together
            gold_pt = cast(tuple[float, float], (t.lat, t.lon)) if t.lat is not None else None
            if gold_pt is None:
                g = gaz.get(t.gid)
                gold_pt = (g.lat, g.lon) if g else None
            placed += gold_pt is not None
            if row is not None:
                if row.gid == t.gid:
                    ok += 1
                    ok161 += 1
                elif gold_pt and _km(gold_pt, (row.lat, row.lon)) <= 161:
                    ok161 += 1
            cands, _ = res.candidates(t.text)
            if cands:
                b = max(cands, key=lambda c: c.row.pop).row
                if b.gid == t.gid:
                    b_ok += 1
                    b_161 += 1
                elif gold_pt and _km(gold_pt, (b.lat, b.lon)) <= 161:
                    b_161 += 1
    f = lambda x: x / n if n else 0.0  # noqa: E731
    return {
        "exact_accuracy": f(ok),
        "acc_161km": f(ok161),
        "baseline_exact": f(b_ok),
        "baseline_161km": f(b_161),
        "n_resolution": float(n),
        # the same count over the gold spans whose point is known (GeoWebNews gives ids only, and
        # ids outside the gazetteer have no point): a distance can only be judged for these
        "acc_161km_gold_placed": ok161 / placed if placed else 0.0,
        "n_gold_placed": float(placed),
    }


def detection_scores(docs: list[GoldDoc], facilities: bool = False) -> dict[str, float]:
    """spaCy (with our ruler) + PlaceStage on the raw text, against the gold spans.

    `facilities`: also count the stage's named-building spans (`meta["places"]["facilities"]`)
    as toponyms, for GeoWebNews, whose scheme annotates buildings, streets and campuses; LGL and
    TR-News annotate few (on LGL dev they add 25 hits and 168 false positives)."""
    from claimgraph.model import Document, Entity, Segment, SegmentKind
    from claimgraph.places.stage import PlaceStage

    nlp = _nlp()
    stage = PlaceStage(keep_unresolved=False)  # a geoparser outputs resolved toponyms only
    tp = fp = fn = 0
    e_tp = e_fp = e_fn = 0
    texts = [d.text for d in docs]
    for d, sdoc in zip(docs, nlp.pipe(texts, batch_size=16)):
        ents = [
            Entity(start=e.start_char, end=e.end_char, label=e.label_, text=e.text,
                   source="ruler" if e.ent_id_ else "ner")
            for e in sdoc.ents
        ]  # fmt: skip
        doc = Document(
            id=d.id, uri=d.id, text=d.text, entities=ents,
            segments=[Segment(kind=SegmentKind.body, start=0, end=len(d.text), lang="en")],
        )  # fmt: skip
        doc._spacy[0] = sdoc  # the parse, as the nlp stage leaves it for the stages after it
        stage(doc)
        # the stage's places all carry their span (Place.start/end are None only off the text)
        pred = cast(
            dict[tuple[int, int], int | None],
            {(p.start, p.end): p.geonames_id for p in doc.places},
        )
        meta = doc.meta.get("places", {})
        for dm in [*meta.get("demonyms", []), *meta.get("embedded", []),
                   *meta.get("modifiers", []),
                   *(meta.get("facilities", []) if facilities else [])]:  # fmt: skip
            pred.setdefault((dm["start"], dm["end"]), dm["geonames_id"])
        pred = {k: v for k, v in pred.items() if k[0] >= d.unannotated}
        gold = {(t.start, t.end): t.gid for t in d.tops}
        tp += len(pred.keys() & gold.keys())
        fp += len(pred.keys() - gold.keys())
        fn += len(gold.keys() - pred.keys())
        gold_ids = {k: v for k, v in gold.items() if v is not None}
        hit = {k for k in pred.keys() & gold_ids.keys() if pred[k] == gold_ids[k]}
        e_tp += len(hit)
        e_fp += len(pred) - len(hit)
        e_fn += len(gold_ids) - len(hit)
    p, r, f = prf(tp, fp, fn)
    _, _, ef = prf(e_tp, e_fp, e_fn)
    return {"detection_precision": p, "detection_recall": r, "detection_f1": f, "e2e_f1": ef}


def _nlp():  # type: ignore[no-untyped-def]
    """spaCy with the gazetteer EntityRuler before `ner`, as the nlp stage builds it."""
    import spacy

    from claimgraph.places.ruler import ruler_patterns
    from claimgraph.resources import SPACY_MODEL

    nlp = spacy.load(SPACY_MODEL, exclude=["lemmatizer", "attribute_ruler", "parser"])
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "ORTH"})
    ruler.add_patterns(ruler_patterns())  # type: ignore[attr-defined]
    return nlp


def evaluate(data: Path, *, limit: int | None = None, detection: bool = True) -> EvalResult:
    skipped = Skipped()
    dataset, docs = load(Path(data), limit, skipped)
    m = resolution_scores(docs)
    if detection:
        m.update(detection_scores(docs, facilities=dataset == "geowebnews"))
    rows = [
        ("documents", len(docs)),
        ("toponyms with a GeoNames id", int(m["n_resolution"])),
        ("exact-id accuracy (ours | most populous)", f"{m['exact_accuracy']:.3f} | {m['baseline_exact']:.3f}"),
        ("within 161 km (ours | most populous)", f"{m['acc_161km']:.3f} | {m['baseline_161km']:.3f}"),
    ]  # fmt: skip
    if detection:
        rows.append(
            (
                "detection P/R/F1",
                f"{m['detection_precision']:.3f} / "
                f"{m['detection_recall']:.3f} / {m['detection_f1']:.3f}",
            )
        )
        rows.append(("end-to-end F1 (span + id)", f"{m['e2e_f1']:.3f}"))
    skipped.report(m, rows)
    return EvalResult("geo", dataset, len(docs), m, rows)
