"""EventStage: Document (segments, spaCy parses, actors, places) -> doc.mentions.

In: `doc.segments`, `doc._spacy` (from the nlp stage; parsed here with the bare model when
missing), optionally `doc.actors`/`doc.places` and `claimgraph.actors.resolve` /
`claimgraph.places.event_location` when those stages exist. Out: `doc.mentions` (EventMention per
trigger in citable segments; forum comments only with `include_comments=True`, as opinion), and
`doc.meta["events"] = {"denies": {denial_mention_id: denied_mention_id}}` for denials that refer
back to an event told in an earlier sentence ("X denied such allegations").
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from claimgraph.events import extract as ex
from claimgraph.events.arabic import arabic_mentions
from claimgraph.model import (
    CITABLE_KINDS,
    ActorRef,
    Attribution,
    Count,
    Document,
    EventMention,
    Evidence,
    Place,
    SegmentKind,
    Size,
    Span,
    TimeRef,
)

log = logging.getLogger(__name__)

DENY_LOOKBACK = 4  # sentences


def mention_id(doc_id: str, start: int, end: int, extra: str = "") -> str:
    h = hashlib.sha1(f"{doc_id}:{start}:{end}{extra}".encode()).hexdigest()[:16]
    return f"m_{h}"


def _resolver():  # type: ignore[no-untyped-def]
    try:
        from claimgraph.actors import resolve  # type: ignore[attr-defined]

        return resolve
    except (ImportError, AttributeError):
        return None


def _event_location():  # type: ignore[no-untyped-def]
    try:
        from claimgraph.places import event_location  # type: ignore[attr-defined]

        return event_location
    except (ImportError, AttributeError):
        return None


class EventStage:
    name = "events"
    requires = ("segments", "sentences")
    provides = ("mentions",)

    def __init__(self, include_comments: bool = False, loose: bool = False) -> None:
        self.include_comments = include_comments
        # loose: keep CAMEO verb-default triggers too (used by the roles eval, which scores
        # roles of the gold event whatever its trigger)
        self.loose = loose

    # ------------------------------------------------------------------ public
    def __call__(self, doc: Document) -> Document:
        mentions: list[EventMention] = []
        denies: dict[str, str] = {}
        history: list[tuple[int, EventMention]] = []  # (document-wide sentence number, mention)
        n_sent = 0
        resolve = _resolver()
        locate = _event_location()
        for si, seg in enumerate(doc.segments):
            kind = seg.kind
            opinion = kind == SegmentKind.comment
            if kind not in CITABLE_KINDS and not (opinion and self.include_comments):
                continue
            if seg.lang == "ar":
                for m in arabic_mentions(doc, si):
                    m.opinion = opinion
                    mentions.append(m)
                continue
            if seg.lang not in ("en", "und", ""):
                continue
            sdoc = self._spacy(doc, si)
            if sdoc is None:
                continue
            for sent in sdoc.sents:
                n_sent += 1
                k = n_sent
                new = self._sentence(doc, si, sent, resolve, locate)
                for m in new:
                    m.opinion = opinion
                    mentions.append(m)
                # denial of an event told earlier ("X denied such allegations")
                earlier = [m for kk, m in history if k - kk <= DENY_LOOKBACK and m.opinion == opinion]
                d = self._back_denial(doc, si, sent, earlier, new, resolve)
                history.extend((k, m) for m in new)
                if d is not None:
                    denial, target_id = d
                    denial.opinion = opinion
                    mentions.append(denial)
                    denies[denial.id] = target_id
        doc.mentions = mentions
        doc.meta["events"] = {"denies": denies}
        return doc

    # ------------------------------------------------------------------ helpers
    def _spacy(self, doc: Document, si: int):  # type: ignore[no-untyped-def]
        sdoc = doc._spacy.get(si)
        if sdoc is not None:
            return sdoc
        text = doc.segment_text(si)
        if not text.strip():
            return None
        from claimgraph.resources import bare_spacy

        sdoc = bare_spacy()(text)
        doc._spacy[si] = sdoc
        return sdoc

    def _actor(self, doc: Document, base: int, sdoc, span: tuple[int, int], resolve) -> ActorRef | None:  # type: ignore[no-untyped-def]
        s, e = span
        toks = sdoc[s:e]
        text = toks.text.strip()
        if not text:
            return None
        start = base + toks.start_char
        end = base + toks.end_char
        # an actor the actors stage found inside this span
        for a in doc.actors:
            if a.start is not None and a.end is not None and a.start < end and start < a.end:
                if a.actor_id:
                    return a.model_copy(update={"start": a.start, "end": a.end})
        # demonym ("a Russian airstrike" -> Russia)
        dem = ex.demonyms().get(text.lower())
        name = dem[0] if dem else text
        if resolve is not None and (dem or any(t.pos_ == "PROPN" or t.ent_type_ for t in toks)):
            for q in ([name, text] if dem else [text]):
                try:
                    ref = resolve(q)
                except Exception:  # noqa: BLE001 - another stage's bug must not kill ours
                    ref = None
                if ref is not None:
                    return ref.model_copy(update={"start": start, "end": end})
        return ActorRef(name=name, country=dem[1] if dem else None, start=start, end=end)

    def _place(self, doc, base, sdoc, sent, cand, locate) -> Place | None:  # type: ignore[no-untyped-def]
        sent_start, sent_end = base + sent.start_char, base + sent.end_char
        tok = sdoc[cand.i]
        t_start, t_end = base + tok.idx, base + tok.idx + len(tok.text)
        if locate is not None:
            try:
                p = locate(doc, sent_start, sent_end, t_start, t_end)
                if p is not None:
                    return p
            except Exception as err:  # noqa: BLE001
                log.debug("event_location failed: %s", err)
        # a place the places stage found in this sentence, attached by a locative preposition
        best = None
        best_d = 10**9
        for ent in sent.ents:
            if ent.label_ not in ("GPE", "LOC", "FAC"):
                continue
            head = ent.root
            if not (head.dep_ == "pobj" and head.head.lower_ in ex.LOC_PREPS):
                continue
            if head.head.lower_ in ("from", "on") and cand.entry.plover not in ("RETREAT",):
                continue
            d = abs(ent.start - cand.i)
            if d < best_d:
                best, best_d = ent, d
        if best is None:
            # a place the places stage found in this sentence, nearest to the trigger
            inside = [
                p for p in doc.places
                if p.start is not None and sent_start <= p.start and (p.end or 0) <= sent_end
            ]
            if inside:
                return min(inside, key=lambda p: abs((p.start or 0) - t_start))
            return None
        ps, pe = base + best.start_char, base + best.end_char
        for p in doc.places:
            if p.start is not None and p.end is not None and p.start < pe and ps < p.end:
                return p
        return Place(name=best.text, start=ps, end=pe, precision="town")

    def _time(self, base, sent, cand) -> TimeRef | None:  # type: ignore[no-untyped-def]
        dates = [
            e for e in sent.ents if e.label_ == "DATE" and "old" not in e.text and "-year" not in e.text
        ]
        if not dates:
            return None
        tok = sent.doc[cand.i]
        sub = {x.i for x in tok.subtree}
        inside = [e for e in dates if e.root.i in sub or e.root.head.i == tok.i or e.root.head.head.i == tok.i]
        pick = min(inside or dates, key=lambda e: abs(e.start - cand.i))
        return TimeRef(text=pick.text, start=base + pick.start_char, end=base + pick.end_char)

    def _sentence(self, doc, si, sent, resolve, locate) -> list[EventMention]:  # type: ignore[no-untyped-def]
        seg = doc.segments[si]
        base = seg.start
        sdoc = sent.doc
        # CAMEO verb defaults help type a sentence but are too loose to report events on their own
        cands = ex.find_triggers(sent)
        if not self.loose:
            cands = [c for c in cands if not (c.entry.source == "cameo" and c.score < 1.05)]
        if not cands:
            return []
        sizes = ex.sizes(sent.text)
        out: list[EventMention] = []
        ev = Evidence(
            text=sent.text,
            segment=seg.kind.value if hasattr(seg.kind, "value") else str(seg.kind),
            start=base + sent.start_char,
            end=base + sent.end_char,
        )
        best = ex.main_candidate(cands)
        violent = [c for c in cands if c.entry.plover in ("ASSAULT", "COERCE")]
        owned = {i for c in cands for i in [c.i, *c.linked]}
        for c in cands:
            t0 = sdoc[c.start]
            t1 = sdoc[c.end - 1]
            tstart = base + t0.idx
            tend = base + t1.idx + len(t1.text)
            acts, recs = ex.roles(sent, c)
            actors = [a for a in (self._actor(doc, base, sdoc, sp, resolve) for sp in acts) if a]
            recips = [a for a in (self._actor(doc, base, sdoc, sp, resolve) for sp in recs) if a]
            mod = ex.modality(sent, c)
            att = ex.attribution(sent, c)
            if mod == "asserted" and ex.is_hedging_speaker(att.speaker_text):
                mod = "hedged"
            if att.stance == "deny" and att.cue_i is not None and _under_other_event(
                sdoc, c, att.cue_i, owned
            ):
                # "denied that they stopped negotiations": the denial is of the stopping; the
                # negotiations it presupposes are not denied
                att.stance = "assert"
                if mod == "negated" and not any(x.dep_ == "neg" for x in sdoc[c.i].children):
                    mod = "asserted"
            if att.stance == "deny" and mod == "asserted":
                mod = "negated"
            speaker_actor = None
            if att.speaker is not None:
                speaker_actor = self._actor(doc, base, sdoc, att.speaker, resolve)
            stance = att.stance
            if att.cue is None and mod == "hedged":
                stance = "report"
            attribution = Attribution(
                speaker=att.speaker_text, speaker_actor=speaker_actor, cue=att.cue, stance=stance
            )
            size = Size()
            if c.entry.plover in ("ASSAULT", "COERCE") and sizes:
                # counts go to the nearest violent trigger in the sentence
                for kind, cnt, off in sizes:
                    near = min(violent, key=lambda v: abs(sdoc[v.i].idx - (sent.start_char + off)))
                    if near is c and getattr(size, kind) is None:
                        setattr(size, kind, Count(**cnt))
            conf = max(0.1, min(1.0, round(c.score / 1.6, 3)))
            if c is best:
                conf = min(1.0, conf + 0.1)
            out.append(
                EventMention(
                    id=mention_id(doc.id, tstart, tend),
                    document_id=doc.id,
                    event_type=c.entry.plover,
                    mode=list(c.modes),
                    context=list(c.entry.context),
                    trigger=Span(start=tstart, end=tend, text=doc.text[tstart:tend]),
                    actors=actors,
                    recipients=recips,
                    place=self._place(doc, base, sdoc, sent, c, locate),
                    time=self._time(base, sent, c),
                    size=size,
                    modality=mod,
                    attribution=attribution,
                    evidence=ev,
                    confidence=conf,
                )
            )
        return out

    def _back_denial(self, doc, si, sent, earlier, new, resolve) -> tuple[EventMention, str] | None:  # type: ignore[no-untyped-def]
        """A deny verb whose object is an anaphor ("such allegations", "that", "the reports") and
        which governs no event of its own: a deny claim on the latest earlier event."""
        if not earlier:
            return None
        sdoc = sent.doc
        for tok in sent:
            if tok.pos_ != "VERB" or ex.lemma(tok) not in ex.DENY:
                continue
            objs = [c for c in tok.children if c.dep_ in ex.OBJ or c.dep_ in ("npadvmod", "oprd")]
            ccomp = [c for c in tok.children if c.dep_ == "ccomp"]
            if ccomp and any(m.trigger.start >= doc.segments[si].start + ccomp[0].left_edge.idx for m in new):
                continue
            subj_toks = {x.i for c in tok.children if c.dep_ in ex.SUBJ for x in c.subtree}
            # parses go astray around these objects: any anaphoric report noun under the verb
            anaphor = [
                x for x in tok.subtree
                if x.i not in subj_toks and x.pos_ == "NOUN" and ex.lemma(x) in ex.DENY_OBJECTS
            ]
            if not anaphor and not any(
                ex.lemma(o) in ex.DENY_OBJECTS or o.lower_ in ex.DENY_OBJECTS for o in objs
            ):
                continue
            candidates = [m for m in earlier if m.modality not in ("hypothetical", "negated")]
            if not candidates:
                return None
            target = candidates[-1]
            base = doc.segments[si].start
            subj = [c for c in tok.children if c.dep_ in ex.SUBJ]
            speaker = speaker_actor = None
            if subj:
                s, e = ex.np_span(subj[0])
                # "spokesman of the Army of Islam, Captain X": prefer the appositive name
                speaker = sdoc[s:e].text
                for c in subj[0].children:
                    if c.dep_ == "appos":
                        a0, a1 = ex.np_span(c)
                        speaker = sdoc[a0:a1].text + ", " + speaker
                speaker_actor = self._actor(doc, base, sdoc, (s, e), resolve)
            cs, ce = base + tok.idx, base + tok.idx + len(tok.text)
            denial = target.model_copy(
                update={
                    "id": mention_id(doc.id, cs, ce, ":deny"),
                    "trigger": Span(start=cs, end=ce, text=doc.text[cs:ce]),
                    "modality": "negated",
                    "attribution": Attribution(
                        speaker=speaker, speaker_actor=speaker_actor, cue=tok.text, stance="deny"
                    ),
                    "evidence": Evidence(
                        text=sent.text,
                        segment=target.evidence.segment,
                        start=base + sent.start_char,
                        end=base + sent.end_char,
                    ),
                    "size": Size(),
                }
            )
            return denial, target.id
        return None

    # note: a REJECT mention on the same deny verb is removed by the caller


def _under_other_event(sdoc, cand, cue_i: int, owned: set[int]) -> bool:  # type: ignore[no-untyped-def]
    """Whether another event's trigger lies between this trigger and the deny verb above it."""
    mine = {cand.i, *cand.linked}
    tok = sdoc[cand.i]
    for _ in range(20):
        if tok.head is tok or tok.head.i == cue_i:
            return False
        tok = tok.head
        if tok.i in owned and tok.i not in mine:
            return True
    return False


def stage_meta(doc: Document) -> dict[str, Any]:
    return doc.meta.get("events", {})
