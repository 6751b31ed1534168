"""Fit the toponym rescue model (`places.detect`) on the geo dev halves, by document-level CV.

    python -m claimgraph.eval.train_toponyms --data ../shared/eval [--write]

Parses every document of geowebnews, lgl and tr_news once with the geo eval's spaCy (its
EntityRuler included) and caches the entities under $CLAIMGRAPH_CACHE/geo_cv/ (keyed by the texts
and the ruler patterns), so the places stage is re-scored per document in seconds. Per-document
counts (detection tp/fp/fn, gold spans resolved right / within 161 km) give document-level CV:
each fold's model is fitted on the other folds' documents (its C by an inner CV there) and the
whole stage is scored on the held-back ones; `--splits` fold shuffles show whether a gain holds on
more than one. `--write` fits on all documents and writes data/places/toponym_rescue_model.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from claimgraph.eval.tasks.geo import GoldDoc, _km, _nlp, load
from claimgraph.model import Document, Entity, Segment, SegmentKind
from claimgraph.places.detect import EMBED_MODEL_FILE, MODEL_FILE, RescueModel
from claimgraph.places.gazetteer import cache_dir, data_dir, demonym_keys
from claimgraph.places.ruler import ruler_patterns
from claimgraph.places.stage import (
    Mention,
    PlaceStage,
    _trim,
    cues_of,
    default_resolver,
    parents_of,
)

__all__ = ["parsed", "score", "Counts", "folds", "total", "fit", "rescue_samples"]

DATASETS = ("geowebnews", "lgl", "tr_news")


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    n: int = 0
    ok: int = 0
    ok161: int = 0

    def __add__(self, o: Counts) -> Counts:
        return Counts(*(a + b for a, b in zip(self.astuple(), o.astuple())))

    def astuple(self) -> tuple[int, ...]:
        return (self.tp, self.fp, self.fn, self.n, self.ok, self.ok161)

    @property
    def f1(self) -> float:
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp else 0.0

    @property
    def exact(self) -> float:
        return self.ok / self.n if self.n else 0.0

    @property
    def km161(self) -> float:
        return self.ok161 / self.n if self.n else 0.0


def parsed(data: Path, ds: str) -> tuple[list[GoldDoc], list[list[Entity]]]:
    """The gold documents and their spaCy (+ ruler) entities, cached."""
    _, docs = load(data / ds)
    h = hashlib.sha256()
    for d in docs:
        h.update(d.text.encode())
    h.update(json.dumps(ruler_patterns(), sort_keys=True).encode())
    path = cache_dir() / "geo_cv" / f"{ds}-{h.hexdigest()[:16]}.pkl"
    if path.exists():
        return docs, pickle.loads(path.read_bytes())
    nlp = _nlp()
    ents = []
    for sdoc in nlp.pipe([d.text for d in docs], batch_size=16):
        ents.append(
            [
                Entity(
                    start=e.start_char,
                    end=e.end_char,
                    label=e.label_,
                    text=e.text,
                    source="ruler" if e.ent_id_ else "ner",
                )
                for e in sdoc.ents
            ]  # fmt: skip
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(ents))
    return docs, ents


def detect(stage: PlaceStage, d: GoldDoc, ents: list[Entity], facilities: bool) -> Counts:
    """The geo eval's detection count for one document (same predictions, same rules)."""
    doc = Document(
        id=d.id, uri=d.id, text=d.text, entities=[e.model_copy() for e in ents],
        segments=[Segment(kind=SegmentKind.body, start=0, end=len(d.text), lang="en")],
    )  # fmt: skip
    stage(doc)
    # the stage's places all carry their span (Place.start/end are None only off the text)
    pred = cast(set[tuple[int, int]], {(p.start, p.end) for p in doc.places})
    meta = doc.meta.get("places", {})
    for dm in [*meta.get("demonyms", []), *meta.get("embedded", []), *meta.get("modifiers", []),
               *(meta.get("facilities", []) if facilities else [])]:  # fmt: skip
        pred.add((dm["start"], dm["end"]))
    pred = {k for k in pred if k[0] >= d.unannotated}
    gold = {(t.start, t.end) for t in d.tops}
    return Counts(len(pred & gold), len(pred - gold), len(gold - pred))


def resolve(res, d: GoldDoc) -> Counts:  # type: ignore[no-untyped-def]
    """The geo eval's resolution count (gold spans) for one document."""
    tops = [t for t in d.tops if t.text.strip()]
    ments = [Mention(t.start, t.end, t.text) for t in tops]
    rows = res.resolve_all(
        [m.text for m in ments], parents_of(d.text, ments), cues=cues_of(d.text, ments)
    )
    c = Counts()
    for t, row in zip(tops, rows):
        if t.gid is None:
            continue
        c.n += 1
        # the loaders set a gold point's lat and lon together
        pt = cast(tuple[float, float], (t.lat, t.lon)) if t.lat is not None else None
        if pt is None:
            g = res.gaz.get(t.gid)
            pt = (g.lat, g.lon) if g else None
        if row is not None:
            if row.gid == t.gid:
                c.ok += 1
                c.ok161 += 1
            elif pt and _km(pt, (row.lat, row.lon)) <= 161:
                c.ok161 += 1
    return c


def score(
    corpora: dict[str, tuple[list[GoldDoc], list[list[Entity]]]],
    stage: PlaceStage | None = None,
    res=None,  # type: ignore[no-untyped-def]
    detection: bool = True,
) -> dict[str, list[Counts]]:
    """Per-document counts of each dataset."""
    stage = stage or PlaceStage(keep_unresolved=False)
    res = res or default_resolver()
    out: dict[str, list[Counts]] = {}
    for ds, (docs, ents) in corpora.items():
        out[ds] = [
            resolve(res, d) + (detect(stage, d, e, ds == "geowebnews") if detection else Counts())
            for d, e in zip(docs, ents)
        ]
    return out


def folds(n: int, k: int, seed: int) -> list[list[int]]:
    idx = list(range(n))
    random.Random(seed).shuffle(idx)
    return [idx[i::k] for i in range(k)]


def total(counts: Sequence[Counts], idx: Sequence[int] | None = None) -> Counts:
    c = Counts()
    for i in idx if idx is not None else range(len(counts)):
        c = c + counts[i]
    return c


def cv_choice(
    variants: dict[str, list[Counts]],
    metric: Callable[[Counts], float],
    k: int = 5,
    seed: int = 0,
) -> tuple[Counts, list[str]]:
    """Choose a variant on each training part, score it on the held-back part; pooled counts and
    the variant chosen in each fold."""
    n = len(next(iter(variants.values())))
    got, chosen = Counts(), []
    for f in folds(n, k, seed):
        train = [i for i in range(n) if i not in set(f)]
        best = max(variants, key=lambda v: metric(total(variants[v], train)))
        chosen.append(best)
        got = got + total(variants[best], f)
    return got, chosen


def _document(d: GoldDoc, ents: list[Entity]) -> Document:
    return Document(
        id=d.id, uri=d.id, text=d.text, entities=[e.model_copy() for e in ents],
        segments=[Segment(kind=SegmentKind.body, start=0, end=len(d.text), lang="en")],
    )  # fmt: skip


def rescue_samples(
    stage: PlaceStage, docs: list[GoldDoc], ents: list[list[Entity]], places_too: bool = False
) -> list[list[tuple[dict[str, float], int]]]:
    """Per document: each rescue candidate's features and whether its span is a gold toponym."""
    out = []
    for d, es in zip(docs, ents):
        gold = {(t.start, t.end) for t in d.tops}
        doc = _document(d, es)
        rows = []
        for e, f in stage.rescue_candidates(doc, places_too):
            s, t = _trim(d.text, e.start, e.end)
            if s >= d.unannotated:
                rows.append((f, int((s, t) in gold)))
        out.append(rows)
    return out


def fit(rows: Sequence[tuple[dict[str, float], int]], c: float) -> RescueModel:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform([f for f, _ in rows])
    ys = [y for _, y in rows]
    clf = LogisticRegression(C=c, max_iter=5000, solver="liblinear")
    clf.fit(x, ys)
    names = list(vec.get_feature_names_out())
    return RescueModel(names, [round(float(w), 5) for w in clf.coef_[0]],
                       round(float(clf.intercept_[0]), 5))  # fmt: skip


C_GRID = (0.1, 0.3, 1.0, 3.0)


def _choose_c(rows_by_doc: list[list[tuple[dict[str, float], int]]], seed: int) -> float:
    """C by an inner 3-fold document CV: the most candidates decided right at p >= 0.5."""
    best, best_c = -1, C_GRID[0]
    for c in C_GRID:
        right = 0
        for f in folds(len(rows_by_doc), 3, seed + 101):
            fs = set(f)
            train = [r for i, rs in enumerate(rows_by_doc) if i not in fs for r in rs]
            test = [r for i in f for r in rows_by_doc[i]]
            if not test or len({y for _, y in train}) < 2:
                continue
            m = fit(train, c)
            right += sum((m.prob(x) >= m.threshold) == bool(y) for x, y in test)
        if right > best:
            best, best_c = right, c
    return best_c


def cv_rescue(
    corpora: dict[str, tuple[list[GoldDoc], list[list[Entity]]]],
    k: int = 5,
    seed: int = 0,
    places_too: bool = False,
) -> tuple[dict[str, Counts], list[float]]:
    """Detection counts of the whole stage per dataset, each document scored with the rescue
    model fitted on the other folds (documents of all three datasets, each dataset split into k
    folds)."""
    base = PlaceStage(keep_unresolved=False, rescue_model=False)
    samples = {ds: rescue_samples(base, *corpora[ds], places_too) for ds in corpora}
    return _cross_validate(
        corpora,
        samples,
        lambda model: PlaceStage(keep_unresolved=False, rescue_model=model, drop_places=places_too),
        k,
        seed,
    )


def _cross_validate(
    corpora: dict[str, tuple[list[GoldDoc], list[list[Entity]]]],
    samples: dict[str, list[list[tuple[dict[str, float], int]]]],
    stage_with: Callable[[RescueModel], PlaceStage],
    k: int,
    seed: int,
) -> tuple[dict[str, Counts], list[float]]:
    """Document-level k-fold CV shared by the place decisions: each dataset split into k folds,
    a model fitted on the other folds' samples (all datasets), the stage that `stage_with` builds
    around it scored on the held-out documents. Returns the counts and each fold's chosen C."""
    fold_of = {ds: folds(len(corpora[ds][0]), k, seed) for ds in corpora}
    got = {ds: Counts() for ds in corpora}
    cs = []
    for j in range(k):
        test = {ds: set(fold_of[ds][j]) for ds in corpora}
        train_docs = [
            rs for ds in corpora for i, rs in enumerate(samples[ds]) if i not in test[ds]
        ]  # fmt: skip
        c = _choose_c(train_docs, seed)
        cs.append(c)
        stage = stage_with(fit([r for rs in train_docs for r in rs], c))
        for ds, (docs, ents) in corpora.items():
            for i in sorted(test[ds]):
                got[ds] = got[ds] + detect(stage, docs[i], ents[i], ds == "geowebnews")
    return got, cs


def embedded_samples(
    stage: PlaceStage, docs: list[GoldDoc], ents: list[list[Entity]]
) -> list[list[tuple[dict[str, float], int]]]:
    """Per document: each name inside an organisation's name (all of them, not only the hand
    rule's), its features and whether its span is a gold toponym."""
    dem = demonym_keys()
    out = []
    for d, es in zip(docs, ents):
        gold = {(t.start, t.end) for t in d.tops}
        doc = _document(d, es)
        ments = stage.mentions(doc)
        fac = stage._facilities(doc, ments)
        rows = []
        for s, t, _row, _ok, f in stage.embedded_candidates(
            doc, {(m.start, m.end) for m in ments}, dem, all_names=True
        ):
            if s >= d.unannotated and not any(x["start"] <= s and t <= x["end"] for x in fac):
                rows.append((f, int((s, t) in gold)))
        out.append(rows)
    return out


def cv_embedded(
    corpora: dict[str, tuple[list[GoldDoc], list[list[Entity]]]], k: int = 5, seed: int = 0
) -> tuple[dict[str, Counts], list[float]]:
    """As `cv_rescue`, for the decision on names inside organisation names."""
    base = PlaceStage(keep_unresolved=False, embed_model=False)
    samples = {ds: embedded_samples(base, *corpora[ds]) for ds in corpora}
    return _cross_validate(
        corpora,
        samples,
        lambda model: PlaceStage(keep_unresolved=False, embed_model=model),
        k,
        seed,
    )


def cv_both(
    corpora: dict[str, tuple[list[GoldDoc], list[list[Entity]]]], k: int = 5, seed: int = 0
) -> dict[str, Counts]:
    """Detection counts with both decisions fitted on each fold's training documents (the
    rescue first; the embedded names' samples then come from a stage using that rescue)."""
    base = PlaceStage(keep_unresolved=False, rescue_model=False, embed_model=False)
    rs_samples = {ds: rescue_samples(base, *corpora[ds]) for ds in corpora}
    fold_of = {ds: folds(len(corpora[ds][0]), k, seed) for ds in corpora}
    got = {ds: Counts() for ds in corpora}
    for j in range(k):
        test = {ds: set(fold_of[ds][j]) for ds in corpora}

        def train(samples: dict[str, list], test: dict[str, set[int]] = test) -> list:  # type: ignore[type-arg]
            return [rs for ds in corpora for i, rs in enumerate(samples[ds]) if i not in test[ds]]

        tr = train(rs_samples)
        rescue = fit([r for rs in tr for r in rs], _choose_c(tr, seed))
        st = PlaceStage(keep_unresolved=False, rescue_model=rescue, embed_model=False)
        em_samples = {
            ds: [
                rs if i not in test[ds] else []
                for i, rs in enumerate(embedded_samples(st, *corpora[ds]))
            ]
            for ds in corpora
        }  # fmt: skip
        tr = train(em_samples)
        embed = fit([r for rs in tr for r in rs], _choose_c(tr, seed))
        stage = PlaceStage(keep_unresolved=False, rescue_model=rescue, embed_model=embed)
        for ds, (docs, ents) in corpora.items():
            for i in sorted(test[ds]):
                got[ds] = got[ds] + detect(stage, docs[i], ents[i], ds == "geowebnews")
    return got


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, required=True, help="../shared/eval")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--splits", type=int, default=3, help="fold shuffles to report")
    ap.add_argument("--write", action="store_true", help="fit on all and write the model")
    ap.add_argument(
        "--places-too",
        action="store_true",
        help="also decide entities spaCy labelled GPE/LOC/FAC (drop the unlikely)",
    )
    ap.add_argument(
        "--joint",
        action="store_true",
        help="CV of both decisions together, each fitted per fold (no --write)",
    )
    ap.add_argument(
        "--embedded",
        action="store_true",
        help="the decision on names inside organisation names instead",
    )
    a = ap.parse_args()
    corpora = {ds: parsed(a.data, ds) for ds in DATASETS}
    if a.embedded:
        _main_embedded(a, corpora)
        return
    if a.joint:
        for seed in range(a.splits):
            for ds, t in cv_both(corpora, a.folds, seed).items():
                print(f"CV split {seed} {ds:11s} detection F1 {t.f1:.4f} "
                      f"(P {t.tp / (t.tp + t.fp):.3f} R {t.tp / (t.tp + t.fn):.3f})")  # fmt: skip
        return
    old = PlaceStage(keep_unresolved=False, rescue_model=False)
    for ds, (docs, ents) in corpora.items():
        t = total([detect(old, d, e, ds == "geowebnews") for d, e in zip(docs, ents)])
        print(f"cue rule    {ds:11s} detection F1 {t.f1:.4f} (tp {t.tp} fp {t.fp} fn {t.fn})")
    for seed in range(a.splits):
        got, cs = cv_rescue(corpora, a.folds, seed, a.places_too)
        for ds, t in got.items():
            print(f"CV split {seed} {ds:11s} detection F1 {t.f1:.4f} "
                  f"(tp {t.tp} fp {t.fp} fn {t.fn}) C {cs}")  # fmt: skip
    if a.write:
        samples = [
            rs for ds in corpora for rs in rescue_samples(old, *corpora[ds], a.places_too)
        ]  # fmt: skip
        c = _choose_c(samples, 0)
        model = fit([r for rs in samples for r in rs], c)
        out = data_dir() / MODEL_FILE
        out.write_text(json.dumps(model.to_json(), indent=0) + "\n", encoding="utf-8")
        print(f"wrote {out} (C {c}, {sum(len(r) for r in samples)} candidates)")


def _main_embedded(a: argparse.Namespace, corpora: dict) -> None:  # type: ignore[type-arg]
    old = PlaceStage(keep_unresolved=False, embed_model=False)
    for ds, (docs, ents) in corpora.items():
        t = total([detect(old, d, e, ds == "geowebnews") for d, e in zip(docs, ents)])
        print(f"hand rule   {ds:11s} detection F1 {t.f1:.4f} (tp {t.tp} fp {t.fp} fn {t.fn})")
    for seed in range(a.splits):
        got, cs = cv_embedded(corpora, a.folds, seed)
        for ds, t in got.items():
            print(f"CV split {seed} {ds:11s} detection F1 {t.f1:.4f} "
                  f"(tp {t.tp} fp {t.fp} fn {t.fn}) C {cs}")  # fmt: skip
    if a.write:
        samples = [rs for ds in corpora for rs in embedded_samples(old, *corpora[ds])]
        c = _choose_c(samples, 0)
        model = fit([r for rs in samples for r in rs], c)
        out = data_dir() / EMBED_MODEL_FILE
        out.write_text(json.dumps(model.to_json(), indent=0) + "\n", encoding="utf-8")
        print(f"wrote {out} (C {c}, {sum(len(r) for r in samples)} candidates)")


if __name__ == "__main__":
    main()
