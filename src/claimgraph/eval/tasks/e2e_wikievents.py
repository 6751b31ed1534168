"""WikiEvents from the stored events (`claimgraph eval e2e --data .../wikievents`).

Gold: `dev.jsonl` (KAIROS events with trigger and argument spans per sentence). KAIROS types that
have a clean PLOVER counterpart are scored; the others are left out on both sides:
Conflict.Attack.* and Life.Die/Life.Injure -> ASSAULT, Justice.ArrestJailDetain -> COERCE,
Conflict.Demonstrate -> PROTEST, Contact.ThreatenCoerce -> THREATEN, Contact.RequestCommand ->
REQUEST, Contact.Contact.Meet -> CONSULT.

- `type_f1`: (document, sentence, PLOVER type) triples; a stored event counts in each sentence
  one of its claims cites.
- `f1` (argument head-word F1, as the WikiEvents paper scores arguments): (document, sentence,
  type, role, head word) tuples. Roles: Attacker/Killer/Jailer/Demonstrator/Communicator -> our
  actors; Target/Victim/Detainee/Recipient -> our recipients; Place -> our location; a head word
  is the last word of the name.
The paper's BART-Gen is given gold triggers and is trained on WikiEvents (argument classification
head F1 0.646 on test); we find triggers ourselves and are trained on nothing here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from claimgraph.eval import EvalResult, UnknownDataset, prf

from .e2e_common import E2eDoc, claim_spans, overlaps, run_documents

TYPE_MAP = {
    "Conflict.Attack": "ASSAULT", "Life.Die": "ASSAULT", "Life.Injure": "ASSAULT",
    "Justice.ArrestJailDetain": "COERCE", "Conflict.Demonstrate": "PROTEST",
    "Contact.ThreatenCoerce": "THREATEN", "Contact.RequestCommand": "REQUEST",
    "Contact.Contact.Meet": "CONSULT",
}  # fmt: skip
ROLE_MAP = {
    "Attacker": "actor", "Killer": "actor", "Jailer": "actor", "Demonstrator": "actor",
    "Communicator": "actor", "Target": "recipient", "Victim": "recipient",
    "Detainee": "recipient", "Recipient": "recipient", "Place": "place",
}  # fmt: skip


def plover_of(kairos: str) -> str | None:
    for prefix, plover in TYPE_MAP.items():
        if kairos == prefix or kairos.startswith(prefix + "."):
            return plover
    return None


def _head(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return words[-1] if words else ""


def _doc(rec: dict[str, Any]) -> tuple[str, list[tuple[int, int]]]:
    """The document's text (sentences one per line) and each sentence's character span."""
    parts, spans, pos = [], [], 0
    for _tokens, sent in rec["sentences"]:
        parts.append(sent)
        spans.append((pos, pos + len(sent)))
        pos += len(sent) + 1
    return "\n".join(parts), spans


def evaluate(data: Path, *, limit: int | None = None) -> EvalResult:
    path = data / "dev.jsonl" if (data / "dev.jsonl").exists() else data / "test.jsonl"
    if not path.exists():
        raise UnknownDataset(f"{data}: no WikiEvents dev.jsonl/test.jsonl")
    gold_recs = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    if limit:
        gold_recs = gold_recs[:limit]
    texts, sent_spans = {}, {}
    for r in gold_recs:
        texts[r["doc_id"]], sent_spans[r["doc_id"]] = _doc(r)
    run = run_documents(E2eDoc(id=k, text=v) for k, v in texts.items())

    gold_types, gold_args = set(), set()
    for r in gold_recs:
        for e in r["event_mentions"]:
            plover = plover_of(e["event_type"])
            if plover is None:
                continue
            si = e["trigger"]["sent_idx"]
            gold_types.add((r["doc_id"], si, plover))
            for a in e["arguments"]:
                role = ROLE_MAP.get(a["role"])
                if role:
                    gold_args.add((r["doc_id"], si, plover, role, _head(a["text"])))
    scored = set(TYPE_MAP.values())
    pred_types, pred_args = set(), set()
    for rec in run.records:
        typ = rec["event_type"]
        if typ not in scored:
            continue
        fillers = [("actor", a["name"]) for a in rec["actors"]] + [
            ("recipient", a["name"]) for a in rec["recipients"]
        ]
        if rec.get("location"):
            fillers.append(("place", rec["location"]["name"]))
        for gid, span in claim_spans(rec, run, texts):
            for si, sspan in enumerate(sent_spans[gid]):
                if overlaps(span, sspan):
                    pred_types.add((gid, si, typ))
                    pred_args.update((gid, si, typ, role, _head(name)) for role, name in fillers)
    tp_t = len(pred_types & gold_types)
    tp_a, p_args = len(pred_args & gold_args), len(pred_args)
    tpa_p, tpa_r, tpa_f = prf(tp_a, p_args - tp_a, len(gold_args) - tp_a)
    tt_p, tt_r, tt_f = prf(tp_t, len(pred_types) - tp_t, len(gold_types) - tp_t)
    metrics = {"f1": tpa_f, "arg_precision": tpa_p, "arg_recall": tpa_r,
               "type_f1": tt_f, "type_precision": tt_p, "type_recall": tt_r}  # fmt: skip
    rows = [
        ("event types (doc, sentence, type)", f"{tp_t} right of {len(pred_types)} stored, {len(gold_types)} gold"),
        ("arguments (head words)", f"{tp_a} right of {p_args} stored, {len(gold_args)} gold"),
        ("anchor", "BART-Gen (Li, Ji & Han, NAACL 2021), trained, gold triggers: arg. classification head F1 0.646 (test)"),
    ]
    return EvalResult(task="e2e", dataset="wikievents", n=len(gold_recs), metrics=metrics, rows=rows)
