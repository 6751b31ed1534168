"""`claimgraph eval event-type --data DIR`: event typing against three gold sets.

- plover_gsr_cameo (`PLOVER_GSR_CAMEO.json`): PLOVER type of each sentence, old names mapped
  (FIGHT->ASSAULT, DEMAND->REQUEST, DISAPPROVE/INVESTIGATE->ACCUSE). Metric `macro_f1` over the
  gold types, from the lexicon + parse rules only (nothing is trained on this set).
- case2021_task2_finegrained (`snippets.tsv`): ACLED sub-type codes; the headline `weighted_f1` is
  what the shipped pipeline exports, `cv_weighted_f1` a nested-CV linear SVM fitted on the set
  (secondary; see `event_type_acled`).
- arabic_event_gsr (`assault_gsr.csv`, `protest_gsr.csv`): ASSAULT/PROTEST yes vs no; the headline
  `f1` is what the pipeline detects, `cv_f1` a nested-CV character n-gram SVM fitted on the set
  (secondary; see `event_type_arabic`).

Every eval's headline metric is the shipped pipeline's output on the gold (issue 21); a classifier
fitted on the gold itself is only ever a secondary `cv_*` figure.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from claimgraph.eval import EvalResult, UnknownDataset
from claimgraph.eval.tasks.event_type_common import _f1_table, macro_weighted
from claimgraph.events.lexicon import PLOVER_ALIASES


def plover_gold(data: Path, limit: int | None = None) -> list[dict]:
    recs = json.loads((data / "PLOVER_GSR_CAMEO.json").read_text(encoding="utf-8"))
    recs = [r for r in recs if r.get("text") and r.get("event") not in (None, "DOCUMENT")]
    for r in recs:
        r["plover"] = PLOVER_ALIASES.get(r["event"], r["event"])
    return recs[:limit] if limit else recs


def _plover(data: Path, limit: int | None) -> EvalResult:
    from claimgraph.events.sentences import parse_many

    recs = plover_gold(data, limit)
    parsed = parse_many([r["text"].strip("{} ") for r in recs])
    gold = [r["plover"] for r in recs]
    pred = []
    for p in parsed:
        pred.append(p.main_type())
    macro, weighted, acc = macro_weighted(gold, pred)
    tab = _f1_table(gold, pred)
    rows = [(k, f"P {v[0]:.2f} R {v[1]:.2f} F1 {v[2]:.2f} n={v[3]}") for k, v in tab.items()]
    rows.append(("confusions", str(Counter((g, p) for g, p in zip(gold, pred) if g != p).most_common(8))))
    return EvalResult(
        "event-type", "plover_gsr_cameo", len(recs),
        {"macro_f1": macro, "weighted_f1": weighted, "accuracy": acc,
         "no_prediction": pred.count("NONE") / len(pred)},
        rows,
    )  # fmt: skip


def evaluate(data: Path, *, limit: int | None = None) -> EvalResult:
    data = Path(data)
    if (data / "PLOVER_GSR_CAMEO.json").exists():
        return _plover(data, limit)
    if (data / "snippets.tsv").exists():
        from claimgraph.eval.tasks.event_type_acled import _case2021

        return _case2021(data, limit)
    if (data / "assault_gsr.csv").exists() or (data / "protest_gsr.csv").exists():
        from claimgraph.eval.tasks.event_type_arabic import _arabic

        return _arabic(data, limit)
    raise UnknownDataset(f"{data}: not plover_gsr_cameo, case2021_task2_finegrained or arabic_event_gsr")
