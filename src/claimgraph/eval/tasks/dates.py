"""`claimgraph eval dates`: TIMEX3 DATE value accuracy on TempEval-3 platinum (.tml files).

In: a directory of TimeML `.tml` documents (as ../shared/eval/tempeval3_platinum), each with a
document creation time (`<DCT><TIMEX3 value=...>`) and gold TIMEX3 spans in `<TEXT>`.
Out: EvalResult with `accuracy` = share of gold DATE expressions whose normalised value we
reproduce exactly, given the gold span (its text and position; the tense is guessed from the
words around it, never read from the gold annotation). Our TimeRef is turned into a TIMEX3-style
value by `claimgraph.when.to_timex` (month -> "YYYY-MM", week -> "YYYY-Www", "now" ->
"PRESENT_REF", seasons -> "YYYY-SU"). DURATION, TIME and SET expressions are counted, not scored.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections import Counter
from pathlib import Path

from claimgraph.eval import EvalResult, UnknownDataset
from claimgraph.eval.records import Skipped, each
from claimgraph.when import guess_tense, resolve, to_timex

_TIMEX = re.compile(r"<TIMEX3\b([^>]*)>(.*?)</TIMEX3>", re.DOTALL)
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_TAG = re.compile(r"<[^>]+>")


def _attrs(s: str) -> dict[str, str]:
    return dict(_ATTR.findall(s))


def parse_tml(path: Path) -> tuple[dt.date, str, list[dict[str, object]]]:
    """(creation date, plain text of <TEXT>, gold TIMEX3 dicts with start/end into that text)."""
    raw = path.read_text(encoding="utf-8")
    dct_m = re.search(r"<DCT>\s*<TIMEX3\b([^>]*)>", raw)
    if not dct_m:
        raise UnknownDataset(f"{path.name}: no <DCT>")
    dct = dt.date.fromisoformat(_attrs(dct_m.group(1))["value"][:10])
    body_m = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.DOTALL)
    body = body_m.group(1) if body_m else ""
    out: list[str] = []
    timexes: list[dict[str, object]] = []
    pos = 0
    length = 0
    for m in _TIMEX.finditer(body):
        before = html.unescape(_TAG.sub("", body[pos : m.start()]))
        out.append(before)
        length += len(before)
        inner = html.unescape(_TAG.sub("", m.group(2)))
        a = _attrs(m.group(1))
        timexes.append({"text": inner, "start": length, "end": length + len(inner), **a})
        out.append(inner)
        length += len(inner)
        pos = m.end()
    out.append(html.unescape(_TAG.sub("", body[pos:])))
    return dct, "".join(out), timexes


def evaluate(data: Path, *, limit: int | None = None) -> EvalResult:
    files = sorted(Path(data).glob("*.tml"))
    if not files:
        raise UnknownDataset(f"{data}: no .tml files (expected TempEval-3 TimeML documents)")
    if limit is not None:
        files = files[:limit]
    types: Counter[str] = Counter()
    n = correct = 0
    resolved = 0
    misses: list[tuple[str, object]] = []
    skipped = Skipped()
    # a document without a creation date (or with one that is no date) cannot be scored: skipped
    for f, (dct, text, timexes) in each(files, lambda f: (f, parse_tml(f)), skipped):
        for tx in timexes:
            ttype = str(tx.get("type", "?"))
            types[ttype] += 1
            if ttype != "DATE":
                continue
            if not tx.get("value"):
                skipped.add("DATE without a value")
                continue
            n += 1
            s, e = int(tx["start"]), int(tx["end"])  # type: ignore[call-overload]
            tense = guess_tense(text, s, e)
            ref = resolve(str(tx["text"]), dct, tense)
            got = to_timex(ref)
            if got is not None:
                resolved += 1
            if got == tx.get("value"):
                correct += 1
            else:
                misses.append(
                    (
                        f"  miss {f.stem}",
                        f"{tx['text']!r}: gold {tx.get('value')} got {got} ({tense})",
                    )
                )
    metrics: dict[str, float] = {
        "accuracy": correct / n if n else 0.0,
        "resolved_share": resolved / n if n else 0.0,
        "n_date": float(n),
    }
    for t in ("DATE", "TIME", "DURATION", "SET"):
        metrics[f"n_{t.lower()}"] = float(types.get(t, 0))
    rows: list[tuple[str, object]] = [
        ("documents", len(files)),
        ("DATE expressions", n),
        ("correct values", correct),
        ("per type (all TIMEX3)", dict(sorted(types.items()))),
    ]
    rows += misses
    skipped.report(metrics, rows)
    return EvalResult(task="dates", dataset="tempeval3_platinum", n=n, metrics=metrics, rows=rows)
