"""`claimgraph eval roles --data DIR`: who did it (actor) and to whom (recipient).

- plover_gsr_cameo: gold `source[*].actorText` / `target[*].actorText` per sentence. We take the
  mention whose trigger lies in the gold EVT markup (else the sentence's main mention) and match
  predicted actor spans (their surface text) to gold texts by content-word overlap (a match when they share at least
  half of the shorter one's content words), one-to-one; micro P/R/F1.
- petrarch2_gsr_validation: gold CAMEO actor codes. A predicted actor counts by its country
  (ISO-3 from the actor registry, a demonym or a country name in its text) against the first three
  letters of the gold code (codes starting "---" or IGO/IMG/NGO with no country are skipped);
  sets per sentence over all mentions, micro P/R/F1.
`f1` = mean of `actor_f1` and `recipient_f1`. Nothing is trained on these sets.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from claimgraph.eval import EvalResult, UnknownDataset, prf
from claimgraph.eval.records import Skipped
from claimgraph.eval.tasks.event_type import plover_gold

_STOP = frozenset(
    "the a an of and in on at to for by with from his her its their 's s mr mrs ms".split()
)


def _content(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOP}


def _match(p: str, g: str) -> bool:
    a, b = _content(p), _content(g)
    if not a or not b:
        return False
    inter = len(a & b)
    return inter > 0 and inter / min(len(a), len(b)) >= 0.5


def _greedy(pred: list[str], gold: list[str]) -> int:
    used: set[int] = set()
    tp = 0
    for p in pred:
        for j, g in enumerate(gold):
            if j not in used and _match(p, g):
                used.add(j)
                tp += 1
                break
    return tp


def _mentions_for(texts: list[str]):  # type: ignore[no-untyped-def]
    from claimgraph.events import EventStage
    from claimgraph.model import Document, Segment, SegmentKind
    from claimgraph.nlp import bare_spacy

    nlp = bare_spacy()
    stage = EventStage(loose=True, acled=False)  # roles only: no ACLED sub-typing
    out = []
    for i, sdoc in enumerate(nlp.pipe(texts, batch_size=64)):
        t = texts[i]
        d = Document(
            id=f"e{i}",
            uri="eval",
            text=t,
            segments=[Segment(kind=SegmentKind.body, start=0, end=len(t), lang="en")],
        )
        d._spacy[0] = sdoc
        stage(d)
        out.append(d.mentions)
    return out


def _surface(text: str, a) -> str:  # type: ignore[no-untyped-def]
    """The text span the actor was read from (gold is a text span too); the registry name when
    the span is unknown. Registry names ("Israel military") would not match "Israeli troops"."""
    if a.start is not None and a.end is not None and 0 <= a.start < a.end <= len(text):
        return text[a.start : a.end]
    return a.name


def _plover(data: Path, limit: int | None) -> EvalResult:
    skipped = Skipped()
    recs = plover_gold(data, limit, skipped)
    texts = [r["text"] for r in recs]
    ms = _mentions_for(texts)
    counts = {"actor": [0, 0, 0], "recipient": [0, 0, 0]}
    for r, mentions in zip(recs, ms):
        gold_a, gold_r = r["source_texts"], r["target_texts"]
        evt = re.findall(r"\(EVT: ([^)]*)\)", r["markup"])
        evt_words = {w.lower() for e in evt for w in e.split()}
        m = None
        cands = [
            x
            for x in mentions
            if x.attribution.stance != "deny" or x.trigger.text.lower() not in ("denied",)
        ]
        for x in cands:
            if x.trigger.text.lower() in evt_words or any(
                w in evt_words for w in x.trigger.text.lower().split()
            ):
                m = x
                break
        if m is None and cands:
            m = max(cands, key=lambda x: x.confidence)
        pa = [_surface(r["text"], a) for a in m.actors] if m else []
        pr = [_surface(r["text"], a) for a in m.recipients] if m else []
        for key, pred, gold in (("actor", pa, gold_a), ("recipient", pr, gold_r)):
            tp = _greedy(pred, gold)
            counts[key][0] += tp
            counts[key][1] += len(pred) - tp
            counts[key][2] += len(gold) - tp
    return _result("plover_gsr_cameo", len(recs), counts, skipped)


def _result(
    name: str, n: int, counts: dict[str, list[int]], skipped: Skipped | None = None
) -> EvalResult:
    metrics: dict[str, float] = {}
    rows = []
    for key, (tp, fp, fn) in counts.items():
        p, r, f = prf(tp, fp, fn)
        metrics[f"{key}_precision"] = p
        metrics[f"{key}_recall"] = r
        metrics[f"{key}_f1"] = f
        rows.append((key, f"P {p:.2f} R {r:.2f} F1 {f:.2f} (tp {tp} fp {fp} fn {fn})"))
    metrics = {"f1": (metrics["actor_f1"] + metrics["recipient_f1"]) / 2, **metrics}
    (skipped or Skipped()).report(metrics, rows)
    return EvalResult("roles", name, n, metrics, rows)


@functools.lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    import pycountry

    from claimgraph.events.extract import demonyms

    out: dict[str, str] = {}
    for c in pycountry.countries:
        for nm in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)):
            if nm:
                out[nm.lower()] = c.alpha_3
    for d, (name, iso) in demonyms().items():
        out[d] = iso
        out[name.lower()] = iso
    out.update({"united states": "USA", "america": "USA", "washington": "USA", "moscow": "RUS",
                "beijing": "CHN", "paris": "FRA", "london": "GBR", "kigali": "RWA", "tehran": "IRN",
                "britain": "GBR", "russia": "RUS", "iran": "IRN", "syria": "SYR", "kremlin": "RUS",
                "white house": "USA", "pentagon": "USA", "baghdad": "IRQ", "damascus": "SYR"})  # fmt: skip
    return out


def country_of(actor) -> str | None:  # type: ignore[no-untyped-def]
    if actor.country and len(actor.country) == 3:
        return actor.country
    names = _country_names()
    words = re.findall(r"[A-Za-z.]+", actor.name)
    low = [w.lower().rstrip(".") if w.lower() != "u.s." else "u.s." for w in words]
    for n in (3, 2, 1):
        for i in range(len(low) - n + 1):
            key = " ".join(low[i : i + n])
            if key in names:
                return names[key]
    return None


def _petrarch(data: Path, limit: int | None) -> EvalResult:
    raw = (data / "PETR2_GSR_validation.xml").read_text(encoding="utf-8")
    blocks = re.findall(r"<Sentence [^>]*>(.*?)</Sentence>", raw, flags=re.S)
    items = []
    skipped = Skipped()
    for b in blocks:
        tm = re.search(r"<Text>(.*?)</Text>", b, flags=re.S)
        if not tm:
            skipped.add("no <Text>")
            continue
        codes = re.findall(
            r'<EventCoding eventcode="[^"]*" sourcecode="([^"]*)" targetcode="([^"]*)"', b
        )
        items.append((" ".join(tm.group(1).split()), codes))
    if limit:
        items = items[:limit]
    ms = _mentions_for([t for t, _ in items])

    def cc(code: str) -> str | None:
        c = code[:3]
        return None if c in ("---", "IGO", "IMG", "NGO") or not c.isalpha() else c

    counts = {"actor": [0, 0, 0], "recipient": [0, 0, 0]}
    for (_text, codes), mentions in zip(items, ms):
        gold_a = {cc(s) for s, _t in codes} - {None}
        gold_r = {cc(t) for _s, t in codes} - {None}
        pa = {country_of(a) for m in mentions for a in m.actors} - {None}
        pr = {country_of(a) for m in mentions for a in m.recipients} - {None}
        for key, pred, gold in (("actor", pa, gold_a), ("recipient", pr, gold_r)):
            tp = len(pred & gold)
            counts[key][0] += tp
            counts[key][1] += len(pred - gold)
            counts[key][2] += len(gold - pred)
    return _result("petrarch2_gsr_validation", len(items), counts, skipped)


def evaluate(data: Path, *, limit: int | None = None) -> EvalResult:
    data = Path(data)
    if (data / "PLOVER_GSR_CAMEO.json").exists():
        return _plover(data, limit)
    if (data / "PETR2_GSR_validation.xml").exists():
        return _petrarch(data, limit)
    raise UnknownDataset(f"{data}: roles knows plover_gsr_cameo and petrarch2_gsr_validation")
