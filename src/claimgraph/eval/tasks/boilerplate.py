"""`claimgraph eval boilerplate`: main-text extraction of the clean stage vs trafilatura.

In: a dataset directory laid out as ../shared/eval/scrapinghub_aeb (`ground-truth.json` +
`html/<hash>.html.gz`) or ../shared/eval/trafilatura_eval (`evaldata.json` + `html/<file>.gz`).
Out: `EvalResult` with `f1`, `precision`, `recall` and `baseline_f1` (trafilatura's own
`extract()` on the same pages, in the same run).

scrapinghub_aeb: our text is the `body` segments of `claimgraph.clean.clean`; scored against
`articleBody` as article-extraction-benchmark does (per-page counts normalised to sum 1, mean
precision and mean recall over pages, F1 of the two means), on bags of `\\w+` tokens
(`f1`, the DESIGN.md metric) and on 4-token shingles (`f1_shingle4`, the benchmark's own).
trafilatura_eval: each `with` snippet found in our text is a true positive, each `without`
snippet found a false positive (trafilatura's tests/evaluate.py scheme).
"""

from __future__ import annotations

import gzip
import json
import statistics
from collections import Counter
from collections.abc import Iterator
import re
from pathlib import Path

from claimgraph.eval import EvalResult, UnknownDataset, prf
from claimgraph.eval.records import Skipped, each, mapping, text_of
from claimgraph.model import RawDocument

__all__ = ["evaluate", "load_pages", "token_counts", "our_main_text", "baseline_text"]

_TOKEN = re.compile(r"\w+")


def load_pages(
    data: Path, limit: int | None = None, skipped: Skipped | None = None
) -> tuple[str, Iterator[tuple[str, str, dict]]]:
    """(dataset name, iterator of (key, decoded html, gold record)). Records that are not
    objects, name no file, or whose file is missing or unreadable are counted in `skipped`."""
    from trafilatura.utils import decode_file

    skipped = skipped if skipped is not None else Skipped()
    if (data / "ground-truth.json").is_file():
        gold = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
        name = "scrapinghub_aeb"
        at = lambda k, v: data / "html" / f"{k}.html.gz"  # noqa: E731
    elif (data / "evaldata.json").is_file():
        gold = json.loads((data / "evaldata.json").read_text(encoding="utf-8"))
        name = "trafilatura_eval"
        at = lambda k, v: data / "html" / f"{v['file']}.gz"  # noqa: E731
    else:
        raise UnknownDataset(f"{data}: neither ground-truth.json nor evaldata.json")
    recs = sorted(mapping(gold).items())
    items = list(
        each(recs, lambda kv: (kv[0], at(*kv), kv[1]) if isinstance(kv[1], dict) else None, skipped)
    )
    for it in items:
        if not it[1].is_file():
            skipped.add("html file missing")
    items = [it for it in items if it[1].is_file()]
    if limit is not None:
        items = items[:limit]

    def gen() -> Iterator[tuple[str, str, dict]]:
        for key, path, rec in items:
            try:
                raw = gzip.decompress(path.read_bytes())
            except (OSError, EOFError) as exc:
                skipped.add(f"unreadable html: {type(exc).__name__}")
                continue
            yield key, decode_file(raw), rec

    return name, gen()


def our_doc(html: str, url: str | None):  # type: ignore[no-untyped-def]
    from claimgraph.clean import clean
    from claimgraph.stage import StageError

    url = url if url and url.startswith("http") else None  # trafilatura_eval keys "hard::..."
    raw = RawDocument(id="eval", uri=url or "eval", media_type="text/html", text=html, url=url)
    try:
        return clean(raw)
    except StageError:
        return None


def our_main_text(doc) -> str:  # type: ignore[no-untyped-def]
    if doc is None:
        return ""
    return "\n".join(doc.text[s.start : s.end] for s in doc.segments if s.kind.value == "body")


def baseline_text(html: str, url: str | None) -> str:
    import trafilatura

    url = url if url and url.startswith("http") else None
    return trafilatura.extract(html, url=url, include_comments=False) or ""


def token_counts(true: str, pred: str, n: int = 1) -> tuple[float, float, float]:
    """Normalised (tp, fp, fn) over bags of n-token shingles."""

    def bag(text: str) -> Counter:
        toks = _TOKEN.findall(text or "")
        if n == 1:
            return Counter(toks)
        return Counter(
            tuple(toks[i : i + n]) for i in range(max(1, len(toks) - n + 1)) if toks[i : i + n]
        )

    t, p = bag(true), bag(pred)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def aeb_metrics(counts: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """Mean precision, mean recall, F1 of the means (article-extraction-benchmark)."""

    def p(tp: float, fp: float, fn: float) -> float:
        return 1.0 if fp == fn == 0 else (0.0 if tp == fp == 0 else tp / (tp + fp))

    def r(tp: float, fp: float, fn: float) -> float:
        return 1.0 if fp == fn == 0 else (0.0 if tp == fn == 0 else tp / (tp + fn))

    ps = [p(*c) for c in counts if c[0] + c[1] > 0]
    rs = [r(*c) for c in counts if c[0] + c[2] > 0]
    mp = statistics.mean(ps) if ps else 0.0
    mr = statistics.mean(rs) if rs else 0.0
    f = 2 * mp * mr / (mp + mr) if mp + mr else 0.0
    return mp, mr, f


def _strings(value: object) -> list[str]:
    """A gold list of snippets; a single string is one snippet, anything else none."""
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _snippet_counts(text: str, rec: dict) -> tuple[int, int, int, int]:
    tp = fn = fp = tn = 0
    for s in _strings(rec.get("with")):
        if s in text:
            tp += 1
        else:
            fn += 1
    for s in _strings(rec.get("without")):
        if s in text:
            fp += 1
        else:
            tn += 1
    return tp, fn, fp, tn


def evaluate(data: Path, *, limit: int | None = None) -> EvalResult:
    skipped = Skipped()
    name, pages = load_pages(Path(data), limit, skipped)
    if name == "scrapinghub_aeb":
        ours1, base1, ours4, base4 = [], [], [], []
        n = 0
        for _key, html, rec in pages:
            n += 1
            gold = text_of(rec.get("articleBody"))
            url = rec.get("url") if isinstance(rec.get("url"), str) else None
            mine = our_main_text(our_doc(html, url))
            base = baseline_text(html, url)
            ours1.append(token_counts(gold, mine))
            base1.append(token_counts(gold, base))
            ours4.append(token_counts(gold, mine, 4))
            base4.append(token_counts(gold, base, 4))
        p, r, f = aeb_metrics(ours1)
        _, _, bf = aeb_metrics(base1)
        p4, r4, f4 = aeb_metrics(ours4)
        bp4, br4, bf4 = aeb_metrics(base4)
        metrics = {
            "f1": f, "precision": p, "recall": r, "baseline_f1": bf,
            "f1_shingle4": f4, "precision_shingle4": p4, "recall_shingle4": r4,
            "baseline_f1_shingle4": bf4,
        }  # fmt: skip
        rows = [
            ("tokens: ours F1 / trafilatura F1", f"{f:.4f} / {bf:.4f}"),
            ("4-shingles: ours F1 / trafilatura F1", f"{f4:.4f} / {bf4:.4f}"),
        ]
        skipped.report(metrics, rows)
        return EvalResult("boilerplate", name, n, metrics, rows)

    tot = [0, 0, 0, 0]
    btot = [0, 0, 0, 0]
    n = 0
    for url, html, rec in pages:
        n += 1
        mine = our_main_text(our_doc(html, url))
        base = baseline_text(html, url)
        for i, v in enumerate(_snippet_counts(mine, rec)):
            tot[i] += v
        for i, v in enumerate(_snippet_counts(base, rec)):
            btot[i] += v
    p, r, f = prf(tot[0], tot[2], tot[1])
    bp, br, bf = prf(btot[0], btot[2], btot[1])
    acc = (tot[0] + tot[3]) / max(1, sum(tot))
    metrics = {
        "f1": f,
        "precision": p,
        "recall": r,
        "accuracy": acc,
        "baseline_f1": bf,
        "baseline_precision": bp,
        "baseline_recall": br,
    }
    rows = [("snippets: ours F1 / trafilatura F1", f"{f:.4f} / {bf:.4f}")]
    skipped.report(metrics, rows)
    return EvalResult("boilerplate", name, n, metrics, rows)
