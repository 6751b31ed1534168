"""Document-level CV estimates of the components tuned on dev halves (issue 21), beside their
in-sample numbers. Slow (minutes each); not in CI.

    python bench/cv_tuned.py [--only arabic,plover,acled,dedup] [--seeds 0,1,2] [--k 5]

Each estimate re-runs the component's own tuning on k-1 folds and scores the fold left out
(`claimgraph.eval.cv.grid_cv`), pooled over folds, mean over fold splits:
- arabic (arabic_protest): the ASSAULT (PROTEST) lexicon's tier-1 stems (which stems may call a sentence an event), as the
  shipped `f1` (lexicon + the gate fitted on our own examples). Per fold: a stem is tier 1 when
  it matches >= 2 training sentences of which >= half are "yes" (the tiers were chosen on dev
  by their precision there).
- plover: PLOVER typing's lexicon entries. Per fold: an entry (trigger lemma -> type) that is the
  main trigger of >= 2 training sentences and types fewer than half of them right is switched off
  (the next candidate, if any, types the sentence).
- acled: the ACLED cue families (`events.acled_cues`, written against dev errors) in the shipped
  sub-type classifier, as exported (`weighted_f1`). Per fold: a family is dropped when the
  classifier without it scores higher on the training snippets. And the MiniLM block's weight
  (`acled_model.EMB_WEIGHT`, first chosen on plain CV of dev) for `weighted_f1_emb`, from its grid.
- dedup: the ECB+ scorer's document and mention thresholds (tuned together on dev), from a grid,
  with topics as the documents (a topic's documents are clustered together).
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from claimgraph.eval import prf
from claimgraph.eval.cv import CvEstimate, grid_cv
from claimgraph.eval.tasks import dedup as dd
from claimgraph.eval.tasks.event_type import plover_gold
from claimgraph.eval.tasks.event_type_acled import _as_pipeline, _examples
from claimgraph.eval.tasks.event_type_common import macro_weighted
from claimgraph.events import acled_model
from claimgraph.events import extract as ex
from claimgraph.events.acled_model import AcledModel
from claimgraph.events.arabic import detect, matched_stems
from claimgraph.events.arabic_model import assault_sentences
from claimgraph.events.embed import embed
from claimgraph.events.sentences import acled_code, acled_features, parse_many
from claimgraph.merge.corefmetrics import conll

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"


def _f1(c: Counter) -> float:
    return prf(c["tp"], c["fp"], c["fn"])[2]


def _bin_counts(pairs: Sequence[tuple[bool, bool]]) -> Counter:
    c: Counter = Counter()
    for g, p in pairs:
        c["tp"] += g and p
        c["fp"] += (not g) and p
        c["fn"] += g and not p
    return c


# -- Arabic ASSAULT lexicon tiers ----------------------------------------------------------------
def arabic(k: int, seeds: Sequence[int], typ: str = "ASSAULT") -> CvEstimate:

    with (EVAL / "arabic_event_gsr" / f"{typ.lower()}_gsr.csv").open(encoding="utf-8") as fh:
        recs = [
            r
            for r in csv.DictReader(fh)
            if r.get("label") in ("yes", "easy no", "difficult no") and r.get("text")
        ]
    gold = [r["label"] == "yes" for r in recs]
    stems = [matched_stems(r["text"], typ) for r in recs]
    shipped_pred = [
        typ in detect(r["text"]) for r in recs
    ]  # tiers (+ the ASSAULT gate), as the pipeline
    # the gate reads ASSAULT only; PROTEST triggers count on the lexicon alone
    gate = assault_sentences([r["text"] for r in recs]) if typ == "ASSAULT" else [True] * len(recs)
    ids = list(range(len(recs)))

    def evaluate(setting: Any, docs: list[int]) -> Counter:
        if setting == "shipped":
            return _bin_counts([(gold[i], shipped_pred[i]) for i in docs])
        return _bin_counts([(gold[i], bool(stems[i] & setting) and gate[i]) for i in docs])

    def select(train: list[int]) -> frozenset:
        n: Counter = Counter()
        pos: Counter = Counter()
        for i in train:
            for st in stems[i]:
                n[st] += 1
                pos[st] += gold[i]
        return frozenset(st for st in n if n[st] >= 2 and pos[st] / n[st] >= 0.5)

    return grid_cv(ids, evaluate, _f1, shipped="shipped", select=select, k=k, seeds=seeds)


# -- PLOVER typing lexicon entries ---------------------------------------------------------------
def plover(k: int, seeds: Sequence[int]) -> CvEstimate:

    recs = plover_gold(EVAL / "plover_gsr_cameo")
    parsed = parse_many([r["text"].strip("{} ") for r in recs])
    gold = [r["plover"] for r in recs]
    # each sentence's candidates, best first, as (entry key, the type the sentence gets with it)
    ranked = []
    for p in parsed:
        cands = sorted(p.cands, key=lambda sc: -sc[1].score)
        ranked.append(
            [((ex.lemma(s.doc[c.i]), c.entry.plover), ex.sentence_type(s, c)) for s, c in cands]
        )
    ids = list(range(len(recs)))

    def predict(i: int, off: frozenset) -> str:
        return next((t for key, t in ranked[i] if key not in off), "NONE")

    def evaluate(off: frozenset, docs: list[int]) -> list[tuple[str, str]]:
        return [(gold[i], predict(i, off)) for i in docs]

    def metric(pairs: list[tuple[str, str]]) -> float:
        return macro_weighted([g for g, _ in pairs], [p for _, p in pairs])[0]

    def select(train: list[int]) -> frozenset:
        n: Counter = Counter()
        right: Counter = Counter()
        for i in train:
            if ranked[i]:
                key, t = ranked[i][0]
                n[key] += 1
                right[key] += t == gold[i]
        return frozenset(key for key in n if n[key] >= 2 and right[key] / n[key] < 0.5)

    return grid_cv(ids, evaluate, metric, shipped=frozenset(), select=select, k=k, seeds=seeds)


# -- ACLED cue families and the MiniLM block's weight ---------------------------------------------
def _family(feat: str) -> set[str]:
    """The cue families a symbolic feature belongs to (rule features from the trigger lexicon,
    T_/M_/L_/MAIN_/ACLED_, belong to none: they are not cues)."""
    for pre in ("S1_C_", "C_", "N_"):
        if feat.startswith(pre):
            return set(feat[len(pre) :].split("+"))
    for pre in ("TERR_", "VIOL_", "NEAR_TAKER_", "PL_", "PF_", "FIRST_"):
        if feat.startswith(pre):
            return {pre.rstrip("_")}
    return set()


def acled(k: int, seeds: Sequence[int]) -> tuple[CvEstimate, CvEstimate | None]:

    with (EVAL / "case2021_task2_finegrained" / "snippets.tsv").open(encoding="utf-8") as fh:
        rows = [
            r
            for r in csv.DictReader(fh, delimiter="\t")
            if r.get("EventSnippet") and r.get("SubType")
        ]
    texts = [r["EventSnippet"] for r in rows]
    gold = [r["SubType"] for r in rows]
    parsed = parse_many(texts, batch_size=32)
    rules = [acled_code(p) for p in parsed]
    feats = [acled_features(p, t) for p, t in zip(parsed, texts)]
    ex_texts, ex_feats, ex_labels = _examples()
    families = sorted({f for fs in (*feats, *ex_feats) for x in fs for f in _family(x)})
    ids = list(range(len(texts)))
    cache: dict[Any, list[str]] = {}

    def exported(
        drop: frozenset, emb_weight: float | None = None, emb=None, ex_emb=None
    ) -> list[str]:
        key = (drop, emb_weight)
        if key not in cache:
            keep = lambda fs: " ".join(x for x in fs if not (_family(x) & drop))  # noqa: E731
            saved = acled_model.EMB_WEIGHT
            try:
                if emb_weight is not None:
                    acled_model.EMB_WEIGHT = emb_weight
                m = AcledModel.fit(
                    list(ex_texts), [keep(f) for f in ex_feats], list(ex_labels), ex_emb
                )
            finally:
                acled_model.EMB_WEIGHT = saved
            codes = m.predict(texts, [keep(f) for f in feats], emb)
            cache[key] = _as_pipeline(parsed, codes, rules)
        return cache[key]

    def metric(pairs: list[tuple[str, str]]) -> float:
        return macro_weighted([g for g, _ in pairs], [p for _, p in pairs])[1]

    def evaluate(drop: frozenset, docs: list[int]) -> list[tuple[str, str]]:
        pred = exported(drop)
        return [(gold[i], pred[i]) for i in docs]

    print(
        f"acled: {len(families)} cue families; fitting one classifier without each", file=sys.stderr
    )
    base = frozenset()
    exported(base)
    for fam in families:
        exported(frozenset({fam}))

    def select(train: list[int]) -> frozenset:
        full = metric(evaluate(base, train))
        return frozenset(f for f in families if metric(evaluate(frozenset({f}), train)) > full)

    cues = grid_cv(ids, evaluate, metric, shipped=base, select=select, k=k, seeds=seeds)

    emb_est = None
    emb = embed(texts)  # None without the MiniLM weights
    if emb is not None:
        ex_emb = embed(list(ex_texts))
        grid = (acled_model.EMB_WEIGHT, 1.0, 2.0)

        def evaluate_emb(w: float, docs: list[int]) -> list[tuple[str, str]]:
            pred = exported(base, w, emb, ex_emb)
            return [(gold[i], pred[i]) for i in docs]

        emb_est = grid_cv(
            ids, evaluate_emb, metric, shipped=acled_model.EMB_WEIGHT, grid=grid, k=k, seeds=seeds
        )
    return cues, emb_est


# -- ECB+ document and mention thresholds -------------------------------------------------------
def dedup(k: int, seeds: Sequence[int]) -> CvEstimate:

    docs, mentions = dd.load(EVAL / "ecbplus")
    parsed = dd._parse(docs)
    for m in mentions:
        dd._featurise(m, parsed[dd._sent_key(m.doc, m.sentence)])
    vecs = dd._doc_vectors(docs)
    topics = sorted({d.topic for d in docs})
    docs_of = defaultdict(list)
    for d in docs:
        docs_of[d.topic].append(d)
    ments_of = defaultdict(list)
    for m in mentions:
        ments_of[m.topic].append(m)
    key_of: dict[str, list] = {}
    for t in topics:
        clusters: dict[str, list] = defaultdict(list)
        for m in ments_of[t]:
            clusters[m.gold].append(m.key)
        key_of[t] = list(clusters.values())
    memo: dict[tuple, list] = {}

    def clusters_of(setting: tuple[float, float], topic: str) -> list:
        if (setting, topic) not in memo:
            sub = dd._subtopics(docs_of[topic], vecs, setting[0])
            memo[(setting, topic)] = dd._cluster_mentions(ments_of[topic], sub, setting[1])
        return memo[(setting, topic)]

    def evaluate(setting: tuple[float, float], ts: list[str]) -> tuple[list, list]:
        key = [c for t in ts for c in key_of[t]]
        resp = [c for t in ts for c in clusters_of(setting, t)]
        return key, resp

    def metric(kr: tuple[list, list]) -> float:
        return conll(kr[0], kr[1])["conll_f1"]

    shipped = (dd.DOC_THRESHOLD, dd.MENTION_THRESHOLD)
    grid = [shipped] + [(a, b) for a in (0.1, 0.15, 0.2, 0.25, 0.3) for b in (0.4, 0.45, 0.5, 0.55, 0.6)
                        if (a, b) != shipped]  # fmt: skip

    class Pair(tuple):  # (key, response) lists that add up across folds
        def __add__(self, other):  # type: ignore[no-untyped-def, override]
            return Pair((self[0] + other[0], self[1] + other[1]))

    return grid_cv(topics, lambda s, ts: Pair(evaluate(s, ts)), metric, shipped=shipped, grid=grid,
                   k=k, seeds=seeds)  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", default="arabic,arabic_protest,plover,acled,dedup")
    ap.add_argument("--seeds", default="0,1,2")
    ap.add_argument("--k", type=int, default=5)
    args = ap.parse_args()
    if not EVAL.is_dir():
        print(f"{EVAL} absent")
        return 1
    seeds = [int(s) for s in args.seeds.split(",")]
    for name in args.only.split(","):
        t0 = time.time()
        if name == "acled":
            cues, emb = acled(args.k, seeds)
            print(f"acled cue families (weighted_f1 as exported): {cues.line()}", flush=True)
            dropped = Counter(f for picks in cues.chosen for s in picks for f in s)
            print(
                f"  families a fold dropped (of {args.k * len(seeds)} folds): {dict(dropped.most_common(12))}"
            )
            if emb is not None:
                print(
                    f"acled MiniLM block weight (weighted_f1_emb): {emb.line()}; chosen {emb.chosen}",
                    flush=True,
                )
        else:
            protest = lambda k, s: arabic(k, s, "PROTEST")  # noqa: E731
            est = {"arabic": arabic, "arabic_protest": protest, "plover": plover, "dedup": dedup}[
                name
            ](args.k, seeds)
            print(f"{name}: {est.line()}", flush=True)
            if name == "dedup":
                print(f"  chosen (doc, mention) thresholds: {est.chosen}")
            elif name == "plover":
                off = Counter(e for picks in est.chosen for s in picks for e in s)
                print(f"  entries switched off most often: {dict(off.most_common(10))}")
            else:
                print(f"  tier-1 stems per fold: {[len(s) for picks in est.chosen for s in picks]}")
        print(f"  ({time.time() - t0:.0f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
