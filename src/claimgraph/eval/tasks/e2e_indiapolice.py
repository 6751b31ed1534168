"""IndiaPoliceEvents from the stored events (`claimgraph eval e2e --data .../indiapoliceevents`).

Gold: `docs.jsonl`, document labels answering "did police ...?" for Times of India stories of
March 2002 (Halterman, Keith, Sarwar & O'Connor, Findings of ACL 2021): KILL (killed someone),
ARREST, FAIL (failed to intervene), FORCE (used force or violence; KILL included) and ANY_ACTION
(did anything; the others but FAIL included). `metadata.jsonl` gives each story's date, passed as
its publication date. All documents are run (645, about 2 minutes).

**Input.** The stories are all lower case and carry Windows-1252 mojibake ("â€™"); the mojibake is
repaired and case restored as for MUC-4 (`e2e_muc4.truecase`: sentence starts, and only names
from our own lists). Nothing comes from the gold set.

**Our events -> classes** (a document gets the classes of every stored event one of its claims
cites):
- the police: an actor of sector COP, or whose name has a police word (police, policemen, cop,
  constable, inspector, the Rapid Action Force and India's police acronyms: RAF, SRP, CRPF, CID,
  DSP, DCP, DGP, ...; not "SP", also the Samajwadi Party);
- KILL: an ASSAULT by the police with a dead count, or whose evidence says killed / shot dead;
- FORCE: any ASSAULT by the police (KILL included, as the gold's FORCE is);
- ARREST: a COERCE of mode arrest (or with an arrested count, or whose evidence says arrested /
  detained / rounded up) whose actor is the police or unnamed: arrests are the police's act unless
  someone else is named ("20 people were arrested");
- ANY_ACTION: any event by the police, and every ARREST;
- FAIL: "failed to intervene" is nothing we extract: never predicted, recall 0 by construction
  (so `macro_f1` is at most 0.8; `macro_f1_without_fail` averages the other four).
Per-class precision, recall, F1; `macro_f1` over the five classes (the headline).
`police_in_sentence_macro_f1` is a diagnostic: an event with no actor also counts as the police's
when its evidence sentence names the police ("killed in police firing"), i.e. what an actor
extractor that read such agents would add.

**Anchor.** The paper's zero-shot models (RoBERTa+MNLI, ELECTRA+MS MARCO) are scored there on
sentence classification, document ranking and daily counts, not on document-level F1, and need
models we do not ship; its keyword-matching baseline is re-run here on the same documents
(`keyword_macro_f1`): as in its document mode, a class is predicted when the document has a police
word and a class word (ANY_ACTION: a police word alone); our word lists, written after the paper's
description. Nothing is fitted to these documents.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from claimgraph.eval import EvalResult, UnknownDataset, prf
from claimgraph.eval.records import Skipped, each

from .e2e_common import E2eDoc, run_documents
from .e2e_muc4 import truecase

CLASSES = ("KILL", "ARREST", "FAIL", "FORCE", "ANY_ACTION")
_POLICE = re.compile(
    r"\b(?:police\w*|cops?|constab\w*|(?:sub-)?inspectors?|rapid action force|raf|srp|crpf|cisf|"
    r"cid|dsp|dcp|acp|dgp|igp|ssp|sho|grp|stf)\b",
    re.I,
)
_KILLED = re.compile(r"\b(?:kill\w*|shot dead|gunned down|died|dead|death)\b", re.I)
_ARRESTED = re.compile(r"\b(?:arrest\w*|detain\w*|rounded up|taken into custody|nabbed)\b", re.I)
# the keyword anchor's class words (word-initial matches, so "kill" covers "killed", "killing")
_KEYWORDS = {
    "KILL": re.compile(r"\b(?:kill|murder|massacr|lynch|slaughter|butcher|execut|shot dead)", re.I),
    "ARREST": re.compile(r"\b(?:arrest|detain|nab|book|apprehend|seiz|custody|chargesheet)", re.I),
    "FAIL": re.compile(
        r"\b(?:interven|interfer|stood by|stand by|standing by|mute spectator|inaction|abstain)",
        re.I,
    ),
    "FORCE": re.compile(
        r"\b(?:kill|fire|firing|fired|shoot|shot|beat|lathi|tear gas|teargas|wound|baton|"
        r"club|hit|thrash|cane|caning|choke|bullet)",
        re.I,
    ),  # fmt: skip
}
_MOJIBAKE = {"â€™": "’", "â€˜": "‘", "â€œ": "“", "â€\ufffd": "”", "â€\x9d": "”", "â€”": "—", "â€“": "–",
             "â€¢": "•", "â€š": "‚", "â€¦": "…", "Â\xa0": " ", "Â ": " ", "Â": ""}  # fmt: skip


def repair(text: str) -> str:
    """UTF-8 read as Windows-1252 ("â€™" -> "’"), as the stories were stored."""
    for bad, good in _MOJIBAKE.items():
        text = text.replace(bad, good)
    return text


def is_police(actor: dict[str, Any]) -> bool:
    return actor.get("sector") == "COP" or bool(_POLICE.search(actor.get("name") or ""))


def _evidence(rec: dict[str, Any]) -> str:
    return " ".join(c["evidence"]["text"] for c in rec["claims"])


def classes_of(rec: dict[str, Any], *, police_in_sentence: bool = False) -> set[str]:
    """The classes one stored event gives the documents that cite it (see the module docstring)."""
    typ, actors, evidence = rec["event_type"], rec["actors"], _evidence(rec)
    police = any(is_police(a) for a in actors)
    if police_in_sentence and not actors and _POLICE.search(evidence):
        police = True
    size = rec.get("size") or {}
    out: set[str] = set()
    if typ == "COERCE" and (not actors or police):
        if (
            "arrest" in (rec.get("mode") or [])
            or (size.get("arrested") or {}).get("best")
            or _ARRESTED.search(evidence)
        ):
            out |= {"ARREST", "ANY_ACTION"}
    if not police:
        return out
    out.add("ANY_ACTION")
    if typ == "ASSAULT":
        out.add("FORCE")
        if (size.get("dead") or {}).get("best") or _KILLED.search(evidence):
            out.add("KILL")
    return out


def keyword_classes(text: str) -> set[str]:
    """The keyword anchor, document mode: a police word and a class word anywhere in the text."""
    if not _POLICE.search(text):
        return set()
    return {"ANY_ACTION"} | {c for c, rx in _KEYWORDS.items() if rx.search(text)}


def keyword_sentence_classes(text: str) -> set[str]:
    """The keyword anchor, sentence mode: both words in one sentence."""
    out: set[str] = set()
    for sent in re.split(r"(?<=[.!?])\s+", text):
        out |= keyword_classes(sent)
    return out


def class_scores(
    truth: dict[str, set[str]], guess: dict[str, set[str]]
) -> dict[str, tuple[int, int, int]]:
    """Per class (tp, fp, fn) over the documents of `truth`."""
    out = {}
    for cls in CLASSES:
        tp = sum(1 for d in truth if cls in truth[d] and cls in guess.get(d, set()))
        fp = sum(1 for d in truth if cls not in truth[d] and cls in guess.get(d, set()))
        fn = sum(1 for d in truth if cls in truth[d] and cls not in guess.get(d, set()))
        out[cls] = (tp, fp, fn)
    return out


def evaluate(data: Path, *, limit: int | None = None) -> EvalResult:
    """Run the stories through the pipeline and score the classes of their stored events per
    document, beside the keyword baseline (document and sentence mode)."""
    if not (data / "docs.jsonl").exists():
        raise UnknownDataset(f"{data}: no IndiaPoliceEvents docs.jsonl")
    skipped = Skipped()
    gold, dates = _load(data, skipped)
    if limit:
        gold = gold[:limit]
    texts = {str(g["doc_id"]): repair(g["doc_text"]) for g in gold}
    docs = [E2eDoc(id=k, text=truecase(t), published=dates.get(k)) for k, t in texts.items()]
    run = run_documents(docs)
    truth = {str(g["doc_id"]): set(g["doc_labels"]) for g in gold}  # lists of strings (_gold_doc)
    guesses = _guesses(run, texts)
    metrics, rows = _scores(truth, guesses)
    metrics["failed_docs"] = float(len(run.failed))
    rows.append(("anchor keyword matching", "Halterman et al., 'Corpus-Level Evaluation for Event QA: The IndiaPoliceEvents "
                 "Corpus Covering the 2002 Gujarat Violence', Findings of ACL 2021: its keyword baseline re-run here "
                 f"(document mode) macro F1 {metrics['keyword_macro_f1']:.3f}, sentence mode "
                 f"{metrics['keyword_sentence_macro_f1']:.3f}; RoBERTa+MNLI is scored there per sentence, not here"))  # fmt: skip
    skipped.report(metrics, rows)
    return EvalResult(
        task="e2e", dataset="indiapoliceevents", n=len(gold), metrics=metrics, rows=rows
    )


def _load(data: Path, skipped: Skipped) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The gold stories of docs.jsonl, and their dates by doc id from metadata.jsonl (a date is
    optional: a metadata line that cannot be read only leaves its story undated)."""
    with (data / "docs.jsonl").open(encoding="utf-8") as fh:
        gold = list(each((ln for ln in fh if ln.strip()), _gold_doc, skipped))
    dates: dict[str, str] = {}
    if (data / "metadata.jsonl").exists():
        with (data / "metadata.jsonl").open(encoding="utf-8") as fh:
            for doc_id, date in each((ln for ln in fh if ln.strip()), _date_line, Skipped()):
                dates[doc_id] = date
    return gold, dates


def _guesses(run: Any, texts: dict[str, str]) -> dict[str, dict[str, set[str]]]:
    """Each scorer's classes by gold doc id: claimgraph's events ("", and with the police in
    the event's sentence), the keyword baseline by document and by sentence."""
    gold_of = {v: k for k, v in run.document_ids.items()}
    guesses: dict[str, dict[str, set[str]]] = {"": {}, "police_in_sentence_": {}}
    for name, guess in guesses.items():
        for rec in run.records:
            cls = classes_of(rec, police_in_sentence=bool(name))
            for c in rec["claims"]:
                if cls and c["document_id"] in gold_of:
                    guess.setdefault(gold_of[c["document_id"]], set()).update(cls)
    guesses["keyword_"] = {d: keyword_classes(t) for d, t in texts.items()}
    guesses["keyword_sentence_"] = {d: keyword_sentence_classes(t) for d, t in texts.items()}
    return guesses


def _scores(
    truth: dict[str, set[str]], guesses: dict[str, dict[str, set[str]]]
) -> tuple[dict[str, float], list[tuple[str, Any]]]:
    """Per scorer the macro F1; per class precision, recall and F1 (metrics and table rows) of
    claimgraph and of the document keyword baseline."""
    metrics: dict[str, float] = {}
    rows: list[tuple[str, Any]] = []
    for name, guess in guesses.items():
        scores = class_scores(truth, guess)
        f1s = {}
        for cls, (tp, fp, fn) in scores.items():
            p, r, f = prf(tp, fp, fn)
            f1s[cls] = f
            if name in ("", "keyword_"):
                metrics[f"{name}{cls.lower()}_precision"] = p
                metrics[f"{name}{cls.lower()}_recall"] = r
                metrics[f"{name}{cls.lower()}_f1"] = f
                rows.append(
                    (
                        f"{name or 'claimgraph_'}{cls}",
                        f"P {p:.3f} R {r:.3f} F1 {f:.3f} ({tp + fn} gold, {tp + fp} predicted)",
                    )
                )
        metrics[f"{name}macro_f1"] = sum(f1s.values()) / len(f1s)
        if not name:
            metrics["macro_f1_without_fail"] = sum(f for c, f in f1s.items() if c != "FAIL") / (
                len(f1s) - 1
            )
    return metrics, rows


def _gold_doc(line: str) -> dict[str, Any]:
    """A story with its `doc_id`, `doc_text` and `doc_labels` (a list of class names)."""
    g = json.loads(line)
    if (
        g["doc_id"] is None
        or not isinstance(g["doc_text"], str)
        or not isinstance(g["doc_labels"], list)
    ):
        raise TypeError("doc_id, doc_text or doc_labels of the wrong type")
    return {**g, "doc_labels": [str(c) for c in g["doc_labels"]]}


def _date_line(line: str) -> tuple[str, str] | None:
    m = json.loads(line)
    return (str(m["doc_id"]), m["date"]) if isinstance(m.get("date"), str) else None
