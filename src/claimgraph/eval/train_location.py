"""Fit the event-location ranker on halterman_event_location (dev half) and write its JSON.

    python -m claimgraph.eval.train_location --data ../shared/eval/halterman_event_location \
        [--out src/claimgraph/data/places/event_location_model.json] [--folds 5]

In: the dataset directory (loaded and parsed as `claimgraph eval event-location` does). Out: a JSON
file with the logistic-regression coefficients over `location.candidate_features`, the intercept,
the "no location" threshold, and the nested cross-validated accuracy it was chosen with.

Two models: the ranker (one row per candidate place) and the "none" decision (one row per
sentence: does it have a location? over `location.decision_features`, which include the ranker's
probabilities, taken out-of-fold so that they look as they will on new text).

The reported accuracy is honest: sentences are split into folds by text (several verbs of one
sentence stay together); for each outer fold, the ranker's C is picked by an inner 3-fold CV on
the other folds, whose out-of-fold probabilities then train the decision (its C and threshold by
another inner 3-fold CV); both are refitted there and scored on the held-out fold. The shipped
model is fitted the same way on all of dev with 5 folds. Needs scikit-learn.

When the MiniLM sentence embedding is installed (`location.sentence_embeddings`; skip with
`--no-embeddings`), the decision is also fitted with the embedding as an extra block of features
(`none_model_emb`, its scale chosen with C and the threshold by the same inner CV), on the
probabilities of a ranker that also reads the candidates' MiniLM token features
(`location.token_features`, `ranker_tok`); both variants' nested CV accuracies are printed and
stored (`nested_cv_accuracy`, `nested_cv_accuracy_emb`) from the same outer folds.
"""

from __future__ import annotations

import argparse
import json
import zlib
from pathlib import Path
from typing import Any

from claimgraph.events.location import (
    _sentence_candidates,
    candidate_features,
    decision_features,
    sentence_embeddings,
    sentence_features,
    token_features,
)

__all__ = ["Sample", "samples", "nested_cv", "nested_cv_variants", "fit", "main"]

C_GRID = (0.03, 0.1, 0.3, 1.0)
T_GRID = tuple(round(0.2 + 0.025 * i, 3) for i in range(21))  # 0.2 .. 0.7
C2_GRID = (0.1, 0.3, 1.0)
T2_GRID = tuple(round(0.3 + 0.025 * i, 3) for i in range(17))  # 0.3 .. 0.7
EMB_GRID = (2.0, 4.0)  # weight of the embedding block (its components are ~0.05) vs the rest
# weight of the token-feature block in the embedding variant's ranker (`location.token_features`)
TOK_SCALE = 1.0
MIN_COUNT = 5  # a decision feature (mostly sentence words) must occur this often in training


class Sample:
    """One (sentence, verb): its candidates' features and labels, the gold, and the sentence's
    own features (`location.sentence_features`, with its words) for the "none" decision."""

    __slots__ = ("group", "feats", "labels", "has_gold", "sent", "emb", "tok")

    def __init__(
        self,
        group: int,
        feats: list[dict[str, float]],
        labels: list[int],
        has_gold: bool,
        sent: dict[str, float] | None = None,
        emb: Any = None,
        tok: list[dict[str, float]] | None = None,
    ):
        self.group, self.feats, self.labels, self.has_gold = group, feats, labels, has_gold
        self.sent = sent or {}
        self.emb = emb  # the sentence's MiniLM vector (`location.sentence_embeddings`) or None
        self.tok = tok  # per candidate, `location.token_features` at scale 1, or None

    def with_tok(self, scale: float) -> Sample:
        """This sample as the token-feature ranker sees it (its candidates' features joined
        with `tok` times `scale`)."""
        if not scale or self.tok is None:
            return self
        feats = [
            {**f, **{k: v * scale for k, v in t.items()}} for f, t in zip(self.feats, self.tok)
        ]
        return Sample(self.group, feats, self.labels, self.has_gold, self.sent, self.emb)


def samples(
    rows: list[dict],  # type: ignore[type-arg]
    docs: list,  # type: ignore[type-arg]
    embs: list | None = None,  # type: ignore[type-arg]
    tokens: bool = False,
) -> list[Sample]:
    """One Sample per row; `tokens`: also the candidates' MiniLM token features."""
    out = []
    for j, (r, d) in enumerate(zip(rows, docs)):
        v = r["verb"]
        sent = sentence_features(d, v["start"], v["end"], d.text)
        cands = _sentence_candidates(d, 0, len(d.text), v["start"], v["end"])
        feats = candidate_features(d, cands, v["start"], v["end"], sent) if cands else []
        gold = r["locs"]
        labels = [int(any((p.start or 0) < e and s < (p.end or 0) for s, e in gold)) for p in cands]
        group = zlib.crc32(" ".join(r["text"].split()).encode())
        tok = None
        if tokens and cands:
            tok = token_features(d.text, 0, cands, v["start"], v["end"])
        out.append(Sample(group, feats, labels, bool(gold), sent, embs[j] if embs else None, tok))
    return out


def _fit(train: list[Sample], c: float):  # type: ignore[no-untyped-def]
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    xs = [f for s in train for f in s.feats]
    ys = [y for s in train for y in s.labels]
    vec = DictVectorizer()
    x = vec.fit_transform(xs)
    clf = LogisticRegression(C=c, max_iter=5000, solver="liblinear")
    clf.fit(x, ys)
    return vec, clf


def _probs(model, test: list[Sample]) -> list[list[float]]:  # type: ignore[no-untyped-def]
    vec, clf = model
    xs = [f for s in test for f in s.feats]
    if not xs:
        return [[] for _ in test]
    p = clf.predict_proba(vec.transform(xs))[:, 1]
    out, i = [], 0
    for s in test:
        out.append([float(v) for v in p[i : i + len(s.feats)]])
        i += len(s.feats)
    return out


def _correct(s: Sample, probs: list[float], t: float) -> bool:
    if not probs or max(probs) < t:
        return not s.has_gold
    return _top_ok(s, probs)


def _top_ok(s: Sample, probs: list[float]) -> bool:
    return bool(probs) and bool(s.labels[max(range(len(probs)), key=probs.__getitem__)])


def _folds(data: list[Sample], k: int, level: int = 0) -> list[tuple[list[Sample], list[Sample]]]:
    """k folds by group hash; `level` 1 (inner CV) uses other bits than level 0 (outer)."""

    def fold(s: Sample) -> int:
        return (s.group >> (16 * level)) % k

    return [
        ([s for s in data if fold(s) != i], [s for s in data if fold(s) == i]) for i in range(k)
    ]


def _select(
    data: list[Sample], k: int = 3, level: int = 1
) -> tuple[float, float, float, list[list[float]]]:
    """(C, threshold, CV accuracy, out-of-fold probabilities of `data` under that C) maximising
    k-fold CV accuracy of the ranker with a plain threshold on `data`."""
    preds: dict[float, dict[int, list[float]]] = {c: {} for c in C_GRID}
    for tr, te in _folds(data, k, level):
        for c in C_GRID:
            preds[c].update((id(s), p) for s, p in zip(te, _probs(_fit(tr, c), te)))
    best = (C_GRID[0], 0.5, -1.0)
    for c, pr in preds.items():
        for t in T_GRID:
            acc = sum(_correct(s, pr[id(s)], t) for s in data) / len(data)
            if acc > best[2] + 1e-9:
                best = (c, t, acc)
    return best[0], best[1], best[2], [preds[best[0]][id(s)] for s in data]


# -- the "none" decision: a second logistic regression over `location.decision_features` of
# each sentence (ranker probabilities out-of-fold, so it sees them as they are on new text):
# does gold have a location at all? (Training it only on the sentences where the decision
# matters, top place right or no gold location, scored 0.777 against 0.780 nested.)
def _dfeats(s: Sample, p: list[float], a: float) -> dict[str, float]:
    """The decision's features of `s`; with `a` > 0 its embedding block, scaled by `a`."""
    return decision_features(s.sent, p, s.feats, s.emb if a else None, a)


def _fit2(data: list[Sample], probs: list[list[float]], c: float, a: float = 0.0):  # type: ignore[no-untyped-def]
    from collections import Counter

    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    rows = [(_dfeats(s, p, a), int(s.has_gold)) for s, p in zip(data, probs)]
    if len({y for _, y in rows}) < 2:
        return None
    cnt = Counter(k for f, _ in rows for k in f)
    keep = {k for k, n in cnt.items() if n >= MIN_COUNT}
    vec = DictVectorizer()
    x = vec.fit_transform([{k: v for k, v in f.items() if k in keep} for f, _ in rows])
    clf = LogisticRegression(C=c, max_iter=5000, solver="liblinear")
    clf.fit(x, [y for _, y in rows])
    return vec, clf


def _probs2(model, data: list[Sample], probs: list[list[float]], a: float = 0.0) -> list[float]:  # type: ignore[no-untyped-def]
    if model is None:
        return [1.0 for _ in data]
    vec, clf = model
    x = vec.transform([_dfeats(s, p, a) for s, p in zip(data, probs)])
    return [float(v) for v in clf.predict_proba(x)[:, 1]]


def _correct2(s: Sample, probs: list[float], q: float, t2: float) -> bool:
    if not probs or q < t2:
        return not s.has_gold
    return _top_ok(s, probs)


def _select2(
    data: list[Sample],
    probs: list[list[float]],
    k: int = 3,
    level: int = 1,
    a_grid: tuple[float, ...] = (0.0,),
) -> tuple[float, float, float, float]:
    """(C, threshold, CV accuracy, embedding scale) of the "none" decision on out-of-fold
    ranker `probs`; `a_grid` the embedding block's scales to try ((0.0,): no embeddings)."""
    idx = {id(s): i for i, s in enumerate(data)}
    grid = [(c, a) for a in a_grid for c in C2_GRID]
    qs: dict[tuple[float, float], dict[int, float]] = {g: {} for g in grid}
    for tr, te in _folds(data, k, level):
        ptr = [probs[idx[id(s)]] for s in tr]
        pte = [probs[idx[id(s)]] for s in te]
        for c, a in grid:
            fold_q = _probs2(_fit2(tr, ptr, c, a), te, pte, a)
            qs[(c, a)].update((id(s), qi) for s, qi in zip(te, fold_q))
    best = (C2_GRID[0], 0.5, -1.0, a_grid[0])
    for (c, a), q in qs.items():
        for t in T2_GRID:
            acc = sum(_correct2(s, p, q[id(s)], t) for s, p in zip(data, probs)) / len(data)
            if acc > best[2] + 1e-9:
                best = (c, t, acc, a)
    return best


def nested_cv(data: list[Sample], k: int = 5) -> tuple[float, list[tuple[float, float, float]]]:
    """Nested k-fold accuracy of ranker + "none" decision and, per outer fold, (C of the
    ranker, threshold of the decision, fold accuracy). Everything (both C's, the threshold,
    the decision's training probabilities) is chosen inside the outer training folds."""
    acc, per = nested_cv_variants(data, k, {"plain": (0.0,)})["plain"]
    return acc, [(c, t, a) for c, t, a, _ in per]


def nested_cv_variants(
    data: list[Sample],
    k: int,
    variants: dict[str, tuple[float, ...]],
    tok: dict[str, float] | None = None,
) -> dict[str, tuple[float, list[tuple[float, float, float, float]]]]:
    """`nested_cv` of each decision variant (name: its embedding scales, (0.0,) for none, chosen
    by the inner CV with C and threshold) on the same outer folds; `tok` (name: scale) gives a
    variant the ranker that also reads the token features (`Sample.with_tok`), else variants
    share the plain ranker. Per fold (C of the ranker, threshold of the decision, fold accuracy,
    embedding scale)."""
    tok = tok or {}
    ok = dict.fromkeys(variants, 0)
    per: dict[str, list[tuple[float, float, float, float]]] = {v: [] for v in variants}
    for tr0, te0 in _folds(data, k):
        rankers: dict[float, Any] = {}
        for v, a_grid in variants.items():
            ts = tok.get(v, 0.0)
            if ts not in rankers:
                tr, te = [s.with_tok(ts) for s in tr0], [s.with_tok(ts) for s in te0]
                c, _, _, oof = _select(tr)
                rankers[ts] = (tr, te, c, oof, _probs(_fit(tr, c), te))
            tr, te, c, oof, pr = rankers[ts]
            c2, t2, _, a = _select2(tr, oof, a_grid=a_grid)
            q = _probs2(_fit2(tr, oof, c2, a), te, pr, a)
            n_ok = sum(_correct2(s, p, qi, t2) for s, p, qi in zip(te, pr, q))
            ok[v] += n_ok
            per[v].append((c, t2, n_ok / len(te), a))
    return {v: (ok[v] / len(data), per[v]) for v in variants}


def _coefs(vec, clf) -> dict[str, float]:  # type: ignore[no-untyped-def]
    coef = {
        name: round(float(w), 5)
        for name, w in zip(vec.get_feature_names_out(), clf.coef_[0])
        if abs(w) >= 1e-5
    }
    return dict(sorted(coef.items()))


def fit(data: list[Sample], k: int = 5) -> dict[str, Any]:
    """The shipped model: C and threshold by k-fold CV on all of `data`, then refitted on it;
    the "none" decision fitted on the k-fold out-of-fold ranker probabilities of `data`; when
    the samples carry embeddings, also its embedding variant (`none_model_emb`)."""
    c, t, acc, oof = _select(data, k, level=0)
    vec, clf = _fit(data, c)
    out: dict[str, Any] = {
        "model": "logistic regression over claimgraph.events.location.candidate_features",
        "C": c,
        "threshold": t,
        "intercept": round(float(clf.intercept_[0]), 5),
        "cv_accuracy_select": round(acc, 4),
        "coef": _coefs(vec, clf),
    }
    c2, t2, acc2, _ = _select2(data, oof, k, level=0)
    m2 = _fit2(data, oof, c2)
    if m2 is not None:
        out["none_model"] = {
            "model": "logistic regression over claimgraph.events.location.decision_features: "
            "return the top place when its probability clears `threshold`",
            "C": c2,
            "threshold": t2,
            "intercept": round(float(m2[1].intercept_[0]), 5),
            "cv_accuracy_select": round(acc2, 4),
            "coef": _coefs(*m2),
        }
    if data and all(s.emb is not None for s in data):
        edata = data
        if any(s.tok for s in data):
            # the embedding variant's own ranker, which also reads the token features; its
            # out-of-fold probabilities train the embedding decision
            edata = [s.with_tok(TOK_SCALE) for s in data]
            ce, _, acce, oof = _select(edata, k, level=0)
            vec, clf = _fit(edata, ce)
            out["ranker_tok"] = {
                "model": "logistic regression over candidate_features + token_features (needs "
                "claimgraph.events.embed; decides with `none_model_emb`)",
                "C": ce,
                "tok_scale": TOK_SCALE,
                "intercept": round(float(clf.intercept_[0]), 5),
                "cv_accuracy_select": round(acce, 4),
                "coef": _coefs(vec, clf),
            }
        c2, t2, acc2, a = _select2(edata, oof, k, level=0, a_grid=EMB_GRID)
        m2 = _fit2(edata, oof, c2, a)
        if m2 is not None:
            out["none_model_emb"] = {
                "model": "logistic regression over claimgraph.events.location.decision_features "
                "with the sentence's MiniLM embedding (needs claimgraph.events.embed; without "
                "it `none_model` decides): return the top place when its probability clears "
                "`threshold`",
                "C": c2,
                "threshold": t2,
                "emb_scale": a,
                "intercept": round(float(m2[1].intercept_[0]), 5),
                "cv_accuracy_select": round(acc2, 4),
                "coef": _coefs(*m2),
            }
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--no-embeddings", action="store_true",
                    help="fit only the plain decision (no MiniLM variant)")  # fmt: skip
    args = ap.parse_args(argv)
    from claimgraph.eval.tasks.event_location import load, prepare
    from claimgraph.resources import data_path

    rows = load(args.data)
    if not args.no_embeddings:
        from claimgraph.events.embed import enable

        enable(True)  # training reads them whenever the weights are installed
    embs = None if args.no_embeddings else sentence_embeddings([r["text"] for r in rows])
    data = samples(rows, prepare(rows), embs, tokens=embs is not None)
    variants: dict[str, tuple[float, ...]] = {"plain": (0.0,)}
    if embs is not None:
        variants["embedding"] = EMB_GRID
    res = nested_cv_variants(data, args.folds, variants, {"embedding": TOK_SCALE})
    for v, (acc, per) in res.items():
        print(f"nested {args.folds}-fold CV accuracy, {v} decision: {acc:.4f}")
        for i, (c, t, a, e) in enumerate(per):
            print(f"  fold {i}: ranker C={c} none-decision threshold={t} embedding scale={e} "
                  f"accuracy={a:.4f}")  # fmt: skip
    model = fit(data, args.folds)
    model["nested_cv_accuracy"] = round(res["plain"][0], 4)
    if "embedding" in res and "none_model_emb" in model:
        model["nested_cv_accuracy_emb"] = round(res["embedding"][0], 4)
    model["trained_on"] = f"halterman_event_location dev ({len(rows)} sentences)"
    out = args.out or data_path("places", "event_location_model.json")
    out.write_text(json.dumps(model, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    nm = model.get("none_model", {})
    ne = model.get("none_model_emb", {})
    print(f"wrote {out} (ranker: {len(model['coef'])} features, C={model['C']}; none decision: "
          f"{len(nm.get('coef', {}))} features, C={nm.get('C')}, "
          f"threshold={nm.get('threshold')}; embedding variant: "
          f"{len(ne.get('coef', {}))} features, C={ne.get('C')}, "
          f"threshold={ne.get('threshold')}, scale={ne.get('emb_scale')})")  # fmt: skip


if __name__ == "__main__":
    main()
