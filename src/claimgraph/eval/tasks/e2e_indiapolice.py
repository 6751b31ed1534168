"""IndiaPoliceEvents from the stored events (`claimgraph eval e2e --data .../indiapoliceevents`).

Gold: `docs.jsonl` document labels answering "did police ...?" (KILL, ARREST, FAIL, FORCE,
ANY_ACTION) for Times of India stories of March 2002; `metadata.jsonl` gives their dates.
A document gets a class when one of the stored events citing it has a police actor (a name with
police, policeman, cop, constable or officer in it, or an actor of sector COP) and:
- KILL: an ASSAULT whose dead count is given or whose evidence says killed / shot dead;
- ARREST: a COERCE of mode arrest, or whose evidence says arrested / detained / custody;
- FORCE: any ASSAULT (KILL included, as the gold's FORCE is);
- ANY_ACTION: any event at all; FAIL ("failed to intervene") is not something we extract, so it
  is never predicted (its recall is 0 by construction, said here).
Per-class precision, recall, F1; `macro_f1` over the five classes. Beside it, in the same run, a
keyword anchor in the spirit of the paper's keyword-matching baseline: a class is predicted when
one sentence names the police and a class keyword. Nothing is fitted to these documents.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from claimgraph.eval import EvalResult, UnknownDataset, prf

from .e2e_common import E2eDoc, run_documents

CLASSES = ("KILL", "ARREST", "FAIL", "FORCE", "ANY_ACTION")
_POLICE = re.compile(r"\b(?:police\w*|cops?|constables?|officers?|sub-inspectors?)\b", re.I)
_KILLED = re.compile(r"\b(?:kill\w*|shot dead|died|dead)\b", re.I)
_ARRESTED = re.compile(r"\b(?:arrest\w*|detain\w*|custody|rounded up|held)\b", re.I)
_KEYWORDS = {
    "KILL": _KILLED,
    "ARREST": _ARRESTED,
    "FAIL": re.compile(r"\b(?:failed to|mute spectators?|did nothing|inaction)\b", re.I),
    "FORCE": re.compile(r"\b(?:fir(?:ed|ing)|lathi\w*|tear ?gas|shot|baton|force)\b", re.I),
    "ANY_ACTION": re.compile(r"\b(?:arrest\w*|fir(?:ed|ing)|lathi\w*|tear ?gas|deployed|curfew|raid\w*)\b", re.I),
}


def _police(actor: dict[str, Any]) -> bool:
    return actor.get("sector") == "COP" or bool(_POLICE.search(actor.get("name") or ""))


def classes_of(rec: dict[str, Any]) -> set[str]:
    if not any(_police(a) for a in rec["actors"]):
        return set()
    evidence = " ".join(c["evidence"]["text"] for c in rec["claims"])
    out = {"ANY_ACTION"}
    if rec["event_type"] == "ASSAULT":
        out.add("FORCE")
        if ((rec.get("size") or {}).get("dead") or {}).get("best") or _KILLED.search(evidence):
            out.add("KILL")
    if rec["event_type"] == "COERCE" and ("arrest" in rec.get("mode", []) or _ARRESTED.search(evidence)):
        out.add("ARREST")
    return out


def keyword_classes(text: str) -> set[str]:
    out = set()
    for sent in re.split(r"(?<=[.!?])\s+", text):
        if _POLICE.search(sent):
            out.update(c for c, rx in _KEYWORDS.items() if rx.search(sent))
    return out


def evaluate(data: Path, *, limit: int | None = None) -> EvalResult:
    if not (data / "docs.jsonl").exists():
        raise UnknownDataset(f"{data}: no IndiaPoliceEvents docs.jsonl")
    gold = [json.loads(line) for line in (data / "docs.jsonl").open(encoding="utf-8") if line.strip()]
    dates = {}
    if (data / "metadata.jsonl").exists():
        for line in (data / "metadata.jsonl").open(encoding="utf-8"):
            if line.strip():
                m = json.loads(line)
                dates[str(m["doc_id"])] = m.get("date")
    if limit:
        gold = gold[:limit]
    docs = [E2eDoc(id=str(g["doc_id"]), text=g["doc_text"], published=dates.get(str(g["doc_id"]))) for g in gold]
    run = run_documents(docs)
    gold_of = {v: k for k, v in run.document_ids.items()}
    pred: dict[str, set[str]] = {d.id: set() for d in docs}
    for rec in run.records:
        cls = classes_of(rec)
        for c in rec["claims"]:
            if c["document_id"] in gold_of:
                pred[gold_of[c["document_id"]]] |= cls
    truth = {str(g["doc_id"]): set(g["doc_labels"]) for g in gold}
    keyword = {d.id: keyword_classes(d.text) for d in docs}
    metrics: dict[str, float] = {}
    rows: list[tuple[str, Any]] = []
    for name, guess in (("", pred), ("keyword_", keyword)):
        f1s = []
        for cls in CLASSES:
            tp = sum(1 for d in truth if cls in truth[d] and cls in guess[d])
            fp = sum(1 for d in truth if cls not in truth[d] and cls in guess[d])
            fn = sum(1 for d in truth if cls in truth[d] and cls not in guess[d])
            p, r, f = prf(tp, fp, fn)
            f1s.append(f)
            metrics[f"{name}{cls.lower()}_precision"] = p
            metrics[f"{name}{cls.lower()}_recall"] = r
            metrics[f"{name}{cls.lower()}_f1"] = f
            rows.append((f"{name or 'claimgraph '}{cls}", f"P {p:.3f} R {r:.3f} F1 {f:.3f} ({tp + fn} gold)"))
        metrics[f"{name}macro_f1"] = sum(f1s) / len(f1s)
    return EvalResult(task="e2e", dataset="indiapoliceevents", n=len(gold), metrics=metrics, rows=rows)
