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
from typing import Any, cast

from claimgraph.eval import EvalResult, UnknownDataset
from claimgraph.eval.records import Skipped, each, text_of
from claimgraph.eval.tasks.event_type_common import _f1_table, macro_weighted
from claimgraph.events.lexicon import PLOVER_ALIASES


def _plover_record(r: dict) -> dict | None:
    """One sentence record with `text`, `event` mapped to `plover`, and its optional fields in one
    shape: `markup` (from `textInfo`, an object or a plain string), `source_texts` /
    `target_texts` (the gold actors' texts; entries without one are left out)."""
    text, event = r["text"], r["event"]
    if not isinstance(text, str) or not text.strip() or not isinstance(event, str) or not event:
        return None
    info = r.get("textInfo")
    actors = {
        key: [a["actorText"] if isinstance(a, dict) else a
              for a in (cast(list[Any], r.get(key)) if isinstance(r.get(key), list) else [])
              if (isinstance(a, dict) and isinstance(a.get("actorText"), str)) or isinstance(a, str)]
        for key in ("source", "target")
    }  # fmt: skip
    return {**r, "plover": PLOVER_ALIASES.get(event, event), "markup": text_of(info, "markup"),
            "source_texts": actors["source"], "target_texts": actors["target"]}  # fmt: skip


def plover_gold(data: Path, limit: int | None = None, skipped: Skipped | None = None) -> list[dict]:
    """The sentence records of PLOVER_GSR_CAMEO.json (document-level ones are not sentences);
    records without a text or an event are counted in `skipped`."""
    recs = json.loads((data / "PLOVER_GSR_CAMEO.json").read_text(encoding="utf-8"))
    recs = [r for r in (recs if isinstance(recs, list) else [])
            if not (isinstance(r, dict) and r.get("event") == "DOCUMENT")]  # fmt: skip
    out = list(each(recs, _plover_record, skipped if skipped is not None else Skipped()))
    return out[:limit] if limit else out


def _plover(data: Path, limit: int | None) -> EvalResult:
    from claimgraph.events.sentences import parse_many

    skipped = Skipped()
    recs = plover_gold(data, limit, skipped)
    parsed = parse_many([r["text"].strip("{} ") for r in recs])
    gold = [r["plover"] for r in recs]
    pred = []
    for p in parsed:
        pred.append(p.main_type())
    macro, weighted, acc = macro_weighted(gold, pred)
    tab = _f1_table(gold, pred)
    rows = [(k, f"P {v[0]:.2f} R {v[1]:.2f} F1 {v[2]:.2f} n={v[3]}") for k, v in tab.items()]
    rows.append(
        ("confusions", str(Counter((g, p) for g, p in zip(gold, pred) if g != p).most_common(8)))
    )
    metrics = {"macro_f1": macro, "weighted_f1": weighted, "accuracy": acc,
               "no_prediction": pred.count("NONE") / len(pred) if pred else 0.0}  # fmt: skip
    skipped.report(metrics, rows)
    return EvalResult("event-type", "plover_gsr_cameo", len(recs), metrics, rows)


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
    raise UnknownDataset(
        f"{data}: not plover_gsr_cameo, case2021_task2_finegrained or arabic_event_gsr"
    )
