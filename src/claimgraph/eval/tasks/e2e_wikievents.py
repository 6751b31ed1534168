"""WikiEvents from the stored events (`claimgraph eval e2e --data .../wikievents`).

Gold: `dev.jsonl` (20 documents; KAIROS events with trigger and argument spans). Each document is
given to the pipeline as its gold sentences, one per line (WikiEvents' `text` runs titles into
the first sentence), without dates (the collection has none).

**Types.** KAIROS types with a clean PLOVER counterpart are scored; the others are left out on both
sides: Conflict.Attack.* -> ASSAULT; Life.Die and Life.Injure -> ASSAULT (in these attack and
bombing articles they are the attacks' dead and wounded; PLOVER puts casualties on the ASSAULT
itself); Justice.ArrestJailDetain -> COERCE; Conflict.Demonstrate -> PROTEST;
Contact.ThreatenCoerce -> THREATEN; Contact.RequestCommand -> REQUEST; Contact.Contact.Meet ->
CONSULT. Not Contact.Contact.Unspecified/Broadcast: those are "said", "reported" (statements, which
PLOVER does not code as events). `type_f1`: (document, sentence, PLOVER type) triples, the
trigger's sentence on the gold side; a stored event counts in each sentence one of its claims
cites.

**Arguments** (`f1`, the headline): head-word F1 as the WikiEvents paper scores arguments (Li, Ji &
Han, NAACL 2021, "Document-Level Event Argument Extraction by Conditional Generation", scorer
`--head-only`): a gold argument is its span's syntactic head (the token whose spaCy head lies
outside the span, a leading article dropped), a predicted one the head of the nearest place its
name is written in the document (nearest to the claim's sentence); they match when the head token
is the same token (a registry actor is looked for under its registry aliases too: records carry
the registry's name, not the text's words). Tuples are (document, sentence, PLOVER type, slot, head token). Slots: Attacker,
Killer, Injurer, Jailer, Demonstrator and (threat, request) Communicator -> our actors; Target,
Victim, Detainee and Recipient -> our recipients; Place -> our location. Meetings' Participants
are symmetric and not scored (a CONSULT scores its place only). A filler whose name is written
nowhere in the document counts as a wrong prediction (BART-Gen's scorer drops such "hallucinated"
spans instead).
Anchor: BART-Gen, trained on WikiEvents and given gold triggers: argument classification head F1
0.6457 on test (identification 0.7175). We find the events ourselves and are trained on nothing
here, so the gap includes every missed or extra event. Nothing is fitted to these documents.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from claimgraph.eval import EvalResult, UnknownDataset, prf
from claimgraph.eval.records import Skipped, each, mapping

from .e2e_common import E2eDoc, claim_spans, overlaps, run_documents

TYPE_MAP = {
    "Conflict.Attack": "ASSAULT", "Life.Die": "ASSAULT", "Life.Injure": "ASSAULT",
    "Justice.ArrestJailDetain": "COERCE", "Conflict.Demonstrate": "PROTEST",
    "Contact.ThreatenCoerce": "THREATEN", "Contact.RequestCommand": "REQUEST",
    "Contact.Contact.Meet": "CONSULT",
}  # fmt: skip
ROLE_MAP = {
    "Attacker": "actor", "Killer": "actor", "Injurer": "actor", "Jailer": "actor",
    "Demonstrator": "actor", "Communicator": "actor",
    "Target": "recipient", "Victim": "recipient", "Detainee": "recipient", "Recipient": "recipient",
    "Place": "place",
}  # fmt: skip
#: the slots each PLOVER type is scored on (the KAIROS roles above that its source types have)
SLOTS = {"ASSAULT": ("actor", "recipient", "place"), "COERCE": ("actor", "recipient", "place"),
         "THREATEN": ("actor", "recipient", "place"), "REQUEST": ("actor", "recipient", "place"),
         "PROTEST": ("actor", "place"), "CONSULT": ("place",)}  # fmt: skip
ANCHOR = ("anchor BART-Gen", "Li, Ji & Han, 'Document-Level Event Argument Extraction by Conditional Generation', "
          "NAACL 2021: arg. classification head F1 0.6457 (identification 0.7175), WikiEvents test, trained, "
          "gold triggers")  # fmt: skip


def plover_of(kairos: str) -> str | None:
    for prefix, plover in TYPE_MAP.items():
        if kairos == prefix or kairos.startswith(prefix + "."):
            return plover
    return None


def slot_of(plover: str, kairos_role: str) -> str | None:
    slot = ROLE_MAP.get(kairos_role)
    return slot if slot in SLOTS.get(plover, ()) else None


class GoldDoc:
    """One WikiEvents document as we give it to the pipeline: its sentences one per line, with
    each token's character span in that text."""

    def __init__(self, rec: dict[str, Any]) -> None:
        self.id: str = str(rec["doc_id"])
        for key in ("entity_mentions", "event_mentions"):
            if not all(isinstance(x, dict) for x in rec[key]):
                raise TypeError(f"{key} holds something other than objects")
        self.rec = rec
        parts: list[str] = []
        self.sent_spans: list[tuple[int, int]] = []
        self.tokens: list[tuple[int, int, int]] = []  # (sentence, start, end) per document token
        pos = 0
        for si, (toks, sent) in enumerate(rec["sentences"]):
            cur = 0
            for tok in toks:
                word = tok[0]
                i = sent.find(word, cur)
                if i < 0:  # a token the sentence string spells differently: keep the position
                    i = cur
                self.tokens.append((si, pos + i, pos + i + len(word)))
                cur = i + len(word)
            parts.append(sent)
            self.sent_spans.append((pos, pos + len(sent)))
            pos += len(sent) + 1
        self.text = "\n".join(parts)
        self._sent_starts = [s for s, _ in self.sent_spans]

    def sentence_of(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self._sent_starts, offset) - 1)

    def words(self, si: int) -> list[str]:
        return [t[0] for t in self.rec["sentences"][si][0]]


@functools.lru_cache(maxsize=1)
def _nlp():  # type: ignore[no-untyped-def]
    from claimgraph.nlp import bare_spacy

    return bare_spacy()


@functools.lru_cache(maxsize=4096)
def _parse(words: tuple[str, ...]):  # type: ignore[no-untyped-def]
    """spaCy's parse of one gold sentence, on the gold tokens (BART-Gen parses gold tokens too)."""
    from spacy.tokens import Doc

    nlp = _nlp()
    doc = Doc(nlp.vocab, words=list(words))
    for _name, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def find_head(doc, start: int, end: int) -> int:  # type: ignore[no-untyped-def]
    """BART-Gen's find_head: climb from the first token while the head stays inside [start, end]."""
    cur = start
    while start <= doc[cur].head.i <= end:
        if doc[cur].head.i == cur:
            break
        cur = doc[cur].head.i
    return cur


def head_token(gd: GoldDoc, first: int, last: int) -> int:
    """Document token index of the head of document tokens first..last (inclusive)."""
    words_all = gd.rec["tokens"]
    if last > first and words_all[first].lower() in ("the", "a", "an"):
        first += 1  # BART-Gen's clean_span
    si = gd.tokens[first][0]
    sent_first = next(i for i, t in enumerate(gd.tokens) if t[0] == si)
    sent_last = max(i for i, t in enumerate(gd.tokens) if t[0] == si)
    last = min(last, sent_last)
    if first == last:
        return first
    doc = _parse(tuple(gd.words(si)))
    return sent_first + find_head(doc, first - sent_first, last - sent_first)


def surface_forms(filler: dict[str, Any]) -> list[str]:
    """The strings a stored actor or place may be written as: its name, then (a registry actor) its
    registry aliases. Records keep the registry's canonical name ("Russia military"), not the
    words of the text, so the aliases are how we find where the text names it."""
    forms = [filler["name"]]
    aid = filler.get("actor_id") or ""
    if aid and not aid.startswith("prov_"):
        try:
            from claimgraph.actors import registry

            actor = registry().get(aid)
        except Exception:  # noqa: BLE001 - without the registry, the name alone
            actor = None
        if actor is not None:
            forms += [n for n in actor.names() if n and n not in forms]
    return forms


def locate(gd: GoldDoc, names: list[str], near: tuple[int, int]) -> tuple[int, int] | None:
    """Document tokens first..last where one of `names` is written, the occurrence nearest `near`
    (earlier names first on ties)."""
    best = None
    for rank, name in enumerate(names):
        words = re.findall(r"\w+", name)
        if not words:
            continue
        rx = re.compile(r"(?<!\w)" + r"\W*".join(re.escape(w) for w in words) + r"(?!\w)", re.I)
        for m in rx.finditer(gd.text):
            inside = overlaps((m.start(), m.end()), near, 0.01)
            dist = 0 if inside else min(abs(m.start() - near[1]), abs(near[0] - m.end()))
            if best is None or (dist, rank) < best[:2]:
                best = (dist, rank, m.start(), m.end())
    if best is None:
        return None
    toks = [i for i, (_s, a, b) in enumerate(gd.tokens) if a < best[3] and b > best[2]]
    return (toks[0], toks[-1]) if toks else None


def gold_sets(gds: list[GoldDoc]) -> tuple[set[tuple], set[tuple]]:
    types: set[tuple] = set()
    args: set[tuple] = set()
    for gd in gds:
        # GoldDoc checked that these are lists of objects; an event without a type or trigger
        # sentence, or an argument without a role or entity, is left out
        ents = {e.get("id"): e for e in gd.rec["entity_mentions"]}
        for e in gd.rec["event_mentions"]:
            plover = plover_of(e.get("event_type") or "")
            si = mapping(e.get("trigger")).get("sent_idx")
            if plover is None or not isinstance(si, int):
                continue
            types.add((gd.id, si, plover))
            for a in e.get("arguments") or []:
                slot = slot_of(plover, mapping(a).get("role") or "")
                ent = ents.get(mapping(a).get("entity_id"))
                if (
                    slot
                    and ent
                    and isinstance(ent.get("start"), int)
                    and isinstance(ent.get("end"), int)
                ):
                    args.add(
                        (gd.id, si, plover, slot, head_token(gd, ent["start"], ent["end"] - 1))
                    )
    return types, args


def predicted_sets(
    records: list[dict[str, Any]], run, gds: dict[str, GoldDoc]
) -> tuple[set[tuple], set[tuple]]:  # type: ignore[no-untyped-def]
    types: set[tuple] = set()
    args: set[tuple] = set()
    texts = {k: g.text for k, g in gds.items()}
    for rec in records:
        typ = rec["event_type"]
        if typ not in SLOTS:
            continue
        fillers = [("actor", a) for a in rec["actors"]] + [
            ("recipient", a) for a in rec["recipients"]
        ]
        if rec.get("location"):
            fillers.append(("place", rec["location"]))
        fillers = [(s, f) for s, f in fillers if s in SLOTS[typ] and f.get("name")]
        for gid, span in claim_spans(rec, run, texts):
            gd = gds[gid]
            sents = {si for si, ss in enumerate(gd.sent_spans) if overlaps(span, ss)} or {
                gd.sentence_of(span[0])
            }
            for si in sents:
                types.add((gid, si, typ))
                for slot, filler in fillers:
                    where = locate(gd, surface_forms(filler), gd.sent_spans[si])
                    head = head_token(gd, *where) if where else f"unwritten:{filler['name']}"
                    args.add((gid, si, typ, slot, head))
    return types, args


def evaluate(data: Path, *, limit: int | None = None) -> EvalResult:
    path = data / "dev.jsonl" if (data / "dev.jsonl").exists() else data / "test.jsonl"
    if not path.exists():
        raise UnknownDataset(f"{data}: no WikiEvents dev.jsonl/test.jsonl")
    skipped = Skipped()
    with path.open(encoding="utf-8") as fh:
        gds_all = list(
            each((ln for ln in fh if ln.strip()), lambda ln: GoldDoc(json.loads(ln)), skipped)
        )
    if limit:
        gds_all = gds_all[:limit]
    gold_recs = [g.rec for g in gds_all]
    gds = {g.id: g for g in gds_all}
    run = run_documents(E2eDoc(id=k, text=g.text) for k, g in gds.items())
    gold_types, gold_args = gold_sets(list(gds.values()))
    pred_types, pred_args = predicted_sets(run.records, run, gds)

    metrics: dict[str, float] = {}
    rows: list[tuple[str, Any]] = []
    tp = len(pred_args & gold_args)
    p, r, f = prf(tp, len(pred_args) - tp, len(gold_args) - tp)
    metrics.update({"f1": f, "arg_precision": p, "arg_recall": r})
    rows.append(
        (
            "arguments (head token)",
            f"P {p:.3f} R {r:.3f} F1 {f:.3f} ({tp} right of {len(pred_args)} stored, {len(gold_args)} gold)",
        )
    )
    for slot in ("actor", "recipient", "place"):
        ps = {a for a in pred_args if a[3] == slot}
        gs = {a for a in gold_args if a[3] == slot}
        t = len(ps & gs)
        sp, sr, sf = prf(t, len(ps) - t, len(gs) - t)
        metrics[f"{slot}_f1"] = sf
        rows.append(
            (
                f"  {slot}",
                f"P {sp:.3f} R {sr:.3f} F1 {sf:.3f} ({t} of {len(ps)} stored, {len(gs)} gold)",
            )
        )
    tt = len(pred_types & gold_types)
    p, r, f = prf(tt, len(pred_types) - tt, len(gold_types) - tt)
    metrics.update({"type_f1": f, "type_precision": p, "type_recall": r})
    rows.append(
        (
            "event types (doc, sentence, type)",
            f"P {p:.3f} R {r:.3f} F1 {f:.3f} ({tt} right of {len(pred_types)} stored, {len(gold_types)} gold)",
        )
    )
    gold_by_type = Counter(t[2] for t in gold_types)
    pred_by_type = Counter(t[2] for t in pred_types)
    right_by_type = Counter(t[2] for t in pred_types & gold_types)
    for typ in SLOTS:
        if gold_by_type[typ] or pred_by_type[typ]:
            rows.append(
                (
                    f"  {typ}",
                    f"{right_by_type[typ]} right of {pred_by_type[typ]} stored, {gold_by_type[typ]} gold",
                )
            )
    metrics["failed_docs"] = float(len(run.failed))
    rows.append(ANCHOR)
    skipped.report(metrics, rows)
    return EvalResult(
        task="e2e", dataset="wikievents", n=len(gold_recs), metrics=metrics, rows=rows
    )
