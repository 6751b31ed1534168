"""`claimgraph eval pubdate`: publication date of the clean stage on trafilatura_eval.

In: a directory laid out as ../shared/eval/trafilatura_eval (`evaldata.json` with a `date` per
page where the annotators gave one, `html/<file>.gz`).
Out: `EvalResult` with `accuracy` (exact day, over pages with a gold date; a page with no date
or a date without a year counts as wrong) and `baseline_accuracy` (htmldate's `find_date` with
its defaults on the same pages, in the same run).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from claimgraph.clean.dates import parse_date_string
from claimgraph.eval import EvalResult, UnknownDataset
from claimgraph.eval.records import Skipped
from claimgraph.eval.tasks.boilerplate import load_pages, our_doc

__all__ = ["evaluate"]


def evaluate(data: Path, *, limit: int | None = None) -> EvalResult:
    data = Path(data)
    if not (data / "evaldata.json").is_file():
        raise UnknownDataset(f"{data}: pubdate needs trafilatura_eval (evaldata.json)")
    from htmldate import find_date

    skipped = Skipped()
    name, pages = load_pages(data, None, skipped)
    n = ok = base_ok = 0
    by_source: dict[str, int] = {}
    for url, html, rec in pages:
        gold = rec.get("date")
        if not gold:
            continue  # a page without a gold date is not scored here (the boilerplate eval's)
        if not isinstance(gold, str) or parse_date_string(gold) is None:
            skipped.add("date is not a date")
            continue
        if limit is not None and n >= limit:
            break
        n += 1
        doc = our_doc(html, url)
        pub = doc.published if doc is not None else None
        if (
            pub is not None
            and pub.year_known
            and pub.granularity == "day"
            and pub.value == gold[:10]
        ):
            ok += 1
            by_source[pub.source] = by_source.get(pub.source, 0) + 1
        try:
            b = find_date(html, url=url if url.startswith("http") else None)
        except Exception:  # noqa: BLE001 - a baseline failure is a miss, not a crash
            b = None
        if b and b[:10] == gold[:10]:
            base_ok += 1
    acc = ok / n if n else 0.0
    metrics = {"accuracy": acc, "baseline_accuracy": base_ok / n if n else 0.0}
    rows: list[tuple[str, Any]] = [
        ("exact day: ours / htmldate", f"{acc:.4f} / {metrics['baseline_accuracy']:.4f}")
    ]
    rows += [(f"correct via {k}", v) for k, v in sorted(by_source.items())]
    skipped.report(metrics, rows)
    return EvalResult("pubdate", name, n, metrics, rows)
