"""EventStage: Document (segments, spaCy parses, actors, places) -> doc.mentions.

In: `doc.text`, `doc.segments`, `doc._spacy` and `doc.entities` (from the nlp stage; parsed here
with the bare model when missing, as the roles eval calls the stage alone), `doc.actors` and
`doc.places` (empty when those stages did not run), with `claimgraph.actors.resolve` and
`claimgraph.events.location.event_location` (where it happened). Out: `doc.mentions` (EventMention per
trigger in citable segments; forum comments only with `include_comments=True`, as opinion), and
`doc.meta["events"] = {"denies": {denial_mention_id: denied_mention_id}}` for denials that refer
back to an event told in an earlier sentence ("X denied such allegations").
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from claimgraph import actors
from claimgraph.actors.stage import is_person
from claimgraph.events import extract as ex
from claimgraph.events.acled import acled_for
from claimgraph.events.acled_model import classify, compatible
from claimgraph.events.allegations import allegation
from claimgraph.events.arabic import arabic_mentions
from claimgraph.events.embed import wanted
from claimgraph.events.location import event_location, stated_instead
from claimgraph.events.modality import is_accident
from claimgraph.events.non_events import non_event
from claimgraph.events.operations import frame_roles
from claimgraph.events.participants import is_participant
from claimgraph.events.roles import ancestors, claims_responsibility
from claimgraph.events.speech_acts import known_party as _known_party
from claimgraph.events.speech_acts import message_issuers
from claimgraph.events.speech_acts import parties as speech_parties
from claimgraph.events.threats import (
    HOSTILE,
    announced,
    condition_target,
    in_condition,
    own_side_subject,
)
from claimgraph.events.blame import blame_roles
from claimgraph.events.proceedings import is_proceeding, proceeding_roles
from claimgraph.events.rejections import capital_rejecters, rejection_doers
from claimgraph.events.restrictions import kept_out
from claimgraph.events.triggers import is_spoken_judgement
from claimgraph.events.words import COMMENTATORS
from claimgraph.model import (
    CITABLE_KINDS,
    NO_OWN_DATE,
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
from claimgraph.nlp import bare_spacy
from claimgraph.nlp.headings import is_heading

log = logging.getLogger(__name__)

DENY_LOOKBACK = 4  # sentences
DATELINE_DATE = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}\b(?:,?\s+\d{4})?"
)
PLACE_LOOKAHEAD = 2  # sentences where an unnamed place ("the last stronghold") may be named


def mention_id(doc_id: str, start: int, end: int, extra: str = "") -> str:
    h = hashlib.sha1(f"{doc_id}:{start}:{end}{extra}".encode()).hexdigest()[:16]
    return f"m_{h}"


def _sentence_parses(doc: Document) -> dict[str, Any]:
    """The nlp stage's parse of each sentence text of `doc` (first occurrence wins, as there).
    Read from the document, not from a per-thread cache: a runner may run stages of one document
    on different threads (the Dask runner's time budget does)."""
    out: dict[str, Any] = {}
    for i in sorted(doc._spacy):
        sdoc = doc._spacy[i]
        if sdoc is None:
            continue
        for sent in sdoc.sents:
            out.setdefault(sent.text, sent)
    return out


def _acled_codes(
    mentions: list[EventMention],
    embeddings: bool = False,
    parses: dict[str, Any] | None = None,
    triggers: dict[tuple[int, int, int], list[Any]] | None = None,
) -> None:
    """Set `acled_code` on the mentions whose PLOVER type ACLED codes, one classifier call per
    distinct sentence (`events.acled_model`), when the code fits the mention's PLOVER type. Where
    it does not, or the classifier fails, the merge stage uses the rule map."""
    todo = [m for m in mentions if acled_for(m.event_type, m.mode)["sub_event_type"]]
    if not todo:
        return
    sents = list(dict.fromkeys(m.evidence.text for m in todo))
    spans = [(parses or {}).get(t) for t in sents]
    # the trigger candidates this stage found in those sentences (keyed by segment Doc, start,
    # end), so the classifier's symbolic features do not run find_triggers again
    found = triggers or {}
    cands = [None if sp is None else found.get((id(sp.doc), sp.start, sp.end)) for sp in spans]
    try:
        codes = classify(sents, embeddings, spans=spans, cands=cands)
    except Exception as e:  # noqa: BLE001 - the classifier is an enrichment; the events stand
        log.warning("ACLED sub-type classifier failed, using the rule map: %s", e)
        return
    if codes is None:
        return
    by_sent = dict(zip(sents, codes))
    for m in todo:
        code = by_sent[m.evidence.text]
        m.acled_code = code if compatible(m.event_type, code) else None


class EventStage:
    name = "events"
    # what it reads: the parse and entities of the nlp stage, the actors and places found before it
    requires = ("text", "segments", "sentences", "entities", "_spacy", "actors", "places")
    provides = ("mentions",)

    def __init__(
        self,
        include_comments: bool = False,
        loose: bool = False,
        acled: bool = True,
        acled_embeddings: bool | None = None,
        resolve_actor: Callable[[str], ActorRef | None] | None = None,
        locate: Callable[..., Place | None] | None = None,
    ) -> None:
        # collaborators, handed in by pipeline.default_stages(): the actor registry's resolver
        # and the event locator (by default the same two, for stages built on their own)
        self.resolve_actor = resolve_actor or actors.resolve
        self.locate = locate or event_location
        self.include_comments = include_comments
        # loose: keep CAMEO verb-default triggers too (used by the roles eval, which scores
        # roles of the gold event whatever its trigger)
        self.loose = loose
        # acled: classify the ACLED sub-event type of English mentions that ACLED codes;
        # acled_embeddings (default `embed.wanted()`: `claimgraph run --embeddings`, which sets
        # $CLAIMGRAPH_EMBEDDINGS so worker processes see it too): with MiniLM vectors
        self.acled = acled
        if acled_embeddings is None:
            acled_embeddings = wanted()
        self.acled_embeddings = acled_embeddings

    # ------------------------------------------------------------------ public
    def __call__(self, doc: Document) -> Document:
        mentions: list[EventMention] = []
        denies: dict[str, str] = {}
        history: list[tuple[int, EventMention]] = []  # (document-wide sentence number, mention)
        titles: list[EventMention] = []
        self._sents: list[tuple[int, int, str]] = []  # absolute (start, end, lower text)
        self._unnamed: dict[str, str] = {}  # mention id -> unnamed place noun it acts on
        self._speaker_acts: set[str] = set()  # verbal acts whose subject is the speaker ("we urge")
        # per-document caches: each sentence's entities, each sentence's trigger candidates
        self._ents_cache: tuple[Any, list[Any], dict[tuple[int, int], list[Any]]] | None = None
        self._trigger_cache: dict[tuple[int, int, int], list[Any]] = {}
        n_sent = 0
        english: set[str] = set()
        resolve = self.resolve_actor
        locate = self.locate
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
                if is_heading(sent):  # a subheading run into its paragraph states nothing
                    continue
                n_sent += 1
                k = n_sent
                self._sents.append(
                    (seg.start + sent.start_char, seg.start + sent.end_char, sent.text.lower())
                )
                new = self._sentence(doc, si, sent, resolve, locate)
                for m in new:
                    m.opinion = opinion
                    mentions.append(m)
                    english.add(m.id)
                # denial of an event told earlier ("X denied such allegations")
                earlier = [
                    m for kk, m in history if k - kk <= DENY_LOOKBACK and m.opinion == opinion
                ]
                # the headline's claim is what "such allegations" most often points back to
                earlier = [m for m in titles if m not in earlier and m.opinion == opinion] + earlier
                d = self._back_denial(doc, si, sent, earlier, new, resolve)
                history.extend((k, m) for m in new)
                if kind == SegmentKind.title:
                    titles.extend(new)
                if d is not None:
                    denial, target_id = d
                    denial.opinion = opinion
                    mentions.append(denial)
                    denies[denial.id] = target_id
        self._refine_places(doc, mentions)
        _agree_with_document_countries(doc, mentions)
        _name_pronoun_speakers(mentions)
        _continue_quotes(doc, mentions)
        message_issuers(doc, mentions)  # "The statement threatened sanctions" (speech_acts)
        capital_rejecters(mentions)  # "Tehran rejected the offer": Iran (events.rejections)
        _speakers_act(mentions, self._speaker_acts)
        if self.acled:
            _acled_codes(
                [m for m in mentions if m.id in english],
                self.acled_embeddings,
                _sentence_parses(doc),
                self._trigger_cache,
            )
        self._ents_cache = None
        self._trigger_cache = {}
        doc.mentions = mentions
        doc.meta["events"] = {"denies": denies}
        return doc

    def _refine_places(self, doc: Document, mentions: list[EventMention]) -> None:
        """Document-level place fixes. (1) A place that is the event's counterpart ("negotiations
        with Russia") is not where it happened. (2) A violent event on an unnamed
        place ("captured the group's last stronghold in X") takes the town a following sentence
        names with the same noun ("The last stronghold ..., Y, ..."), else the document's
        dominant town-level place of violent events in that country."""
        _drop_counterpart_places(doc, mentions)
        dom, by_name = _violent_places(mentions)
        for m in mentions:
            noun = self._unnamed.get(m.id)
            if noun is None or (m.place is not None and m.place.precision in _FINE):
                continue
            pick = self._unnamed_place(doc, m, noun, dom, by_name)
            if pick is not None:
                m.place = pick.model_copy()

    def _unnamed_place(  # type: ignore[no-untyped-def]
        self, doc: Document, m: EventMention, noun: str, dom, by_name
    ) -> Place | None:
        """The town an unnamed place noun ("the last stronghold") stands for: named with the same
        noun within PLACE_LOOKAHEAD sentences, else the dominant town of violent events."""
        country = m.place.country if m.place is not None else None
        ok = [
            p
            for p in doc.places
            if p.precision in _FINE
            and p.start is not None
            and (country is None or p.country == country)
        ]
        pick = None
        k = next((i for i, (a, b, _t) in enumerate(self._sents) if a <= m.trigger.start < b), None)
        if k is not None:
            for a, b, low in self._sents[k + 1 : k + 1 + PLACE_LOOKAHEAD]:
                if noun not in low:
                    continue
                inside = [p for p in ok if a <= (p.start or 0) < b]
                if inside:
                    pick = inside[0]
                    break
        if pick is None and dom:
            name, n = max(dom.items(), key=lambda kv: kv[1])
            cand = by_name[name]
            if n >= 2 and (country is None or cand.country == country):
                pick = cand
        return pick

    # ------------------------------------------------------------------ helpers
    def _ents_of(self, sent) -> list[Any]:  # type: ignore[no-untyped-def]
        """`sent.ents`, computed once per sentence: spaCy builds it from `Doc.ents` of the whole
        segment at each call (a Span object per entity of the segment), and the stage asks for
        it once per trigger and per question. Same entities, same order."""
        sdoc = sent.doc
        cache = getattr(self, "_ents_cache", None)
        if cache is None or cache[0] is not sdoc:
            cache = self._ents_cache = (sdoc, list(sdoc.ents), {})
        key = (sent.start, sent.end)
        out = cache[2].get(key)
        if out is None:
            # as spaCy's Span.ents: entities in document order, from the first that starts
            # inside the span up to the first that ends past it
            out = []
            for ent in cache[1]:
                if ent.start >= sent.start:
                    if ent.end <= sent.end:
                        out.append(ent)
                    else:
                        break
            cache[2][key] = out
        return out

    def _triggers_of(self, sent) -> list[Any]:  # type: ignore[no-untyped-def]
        """`find_triggers(sent)`, kept for the document (by segment Doc and token span) so that
        the ACLED classifier's symbolic features of the same sentence reuse it."""
        cands = ex.find_triggers(sent)
        if not hasattr(self, "_trigger_cache"):
            self._trigger_cache = {}
        self._trigger_cache.setdefault((id(sent.doc), sent.start, sent.end), list(cands))
        return cands

    def _spacy(self, doc: Document, si: int):  # type: ignore[no-untyped-def]
        sdoc = doc._spacy.get(si)
        if sdoc is not None:
            return sdoc
        text = doc.segment_text(si)
        if not text.strip():
            return None
        sdoc = bare_spacy()(text)
        doc._spacy[si] = sdoc
        return sdoc

    def _participants(
        self, doc: Document, base: int, sdoc, spans, resolve, recipient: bool = False
    ) -> list[ActorRef]:  # type: ignore[no-untyped-def]
        out = []
        for sp in spans:
            ref = self._actor(doc, base, sdoc, sp, resolve)
            if ref is not None and is_participant(sdoc[sp[0] : sp[1]], ref, recipient):
                out.append(ref)
        return out

    def _actor(
        self, doc: Document, base: int, sdoc, span: tuple[int, int], resolve
    ) -> ActorRef | None:  # type: ignore[no-untyped-def]
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
        if len(toks) == 1 and toks[0].pos_ == "PRON":
            return None  # a pronoun no actor was found for names no one
        # demonym ("a Russian airstrike" -> Russia)
        dem = ex.demonyms().get(text.lower())
        name = dem[0] if dem else text
        if resolve is not None and (
            dem or any(t.pos_ == "PROPN" or t.ent_type_ or ex.is_acronym(t) for t in toks)
        ):
            for q in [name, text] if dem else [text]:
                try:
                    ref = resolve(q)
                except Exception:  # noqa: BLE001 - another stage's bug must not kill ours
                    ref = None
                if ref is not None:
                    return ref.model_copy(update={"start": start, "end": end})
            named = _named_earlier(doc, text, start)
            if named is not None:
                return named.model_copy(update={"start": start, "end": end, "matched_alias": text})
        return ActorRef(name=name, country=dem[1] if dem else None, start=start, end=end)

    def _place(self, doc, base, sdoc, sent, cand, locate) -> Place | None:  # type: ignore[no-untyped-def]
        p = self._place_candidate(doc, base, sdoc, sent, cand, locate)
        # a name the gazetteer could not place ("Laurent Gbagbo" tagged GPE) locates nothing
        if p is None or (not p.country and p.lat is None):
            return None
        return p

    def _place_candidate(self, doc, base, sdoc, sent, cand, locate) -> Place | None:  # type: ignore[no-untyped-def]
        sent_start, sent_end = base + sent.start_char, base + sent.end_char
        tok = sdoc[cand.i]
        t_start, t_end = base + tok.idx, base + tok.idx + len(tok.text)
        p = None
        if locate is not None:
            try:
                p = locate(doc, sent_start, sent_end, t_start, t_end)
            except Exception as err:  # noqa: BLE001
                log.debug("event_location failed: %s", err)
        if p is not None and (p.country or p.lat is not None):
            return p
        if p is None:
            p = self._fallback_place(doc, base, sent, cand, t_start)
        inside = [
            q for q in doc.places
            if q.start is not None and sent_start <= q.start and (q.end or 0) <= sent_end
        ]  # fmt: skip
        # a place the sentence states for the event in another country wins over the fallback's
        # pick or an unresolved name (which would place the event nowhere)
        return stated_instead(doc, t_start, p, inside)

    def _fallback_place(self, doc, base, sent, cand, t_start) -> Place | None:  # type: ignore[no-untyped-def]
        """Without the locator's answer: a place of the sentence attached by a locative
        preposition, nearest to the trigger, else the sentence's place nearest to it."""
        sent_start, sent_end = base + sent.start_char, base + sent.end_char
        # a place the places stage found in this sentence, attached by a locative preposition
        best = None
        best_d = 10**9
        for ent in self._ents_of(sent):
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
                p
                for p in doc.places
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
        dates = _date_ents(self._ents_of(sent))
        if not dates:
            return _dateline_time(base, sent)
        tok = sent.doc[cand.i]
        # a date inside a clause the trigger governs dates that clause, not the trigger: "urged X
        # to return to talks in order to reach agreement based on 17 September"
        # (and the act an accusation is about: "blamed X for withdrawing in 2017", "stand accused
        # of the 2004 bombing" date the act, not the accusation)
        clausal = {
            x.i
            for c in tok.children
            if c.dep_ in _CLAUSAL or _accused_act(c, cand)
            for x in c.subtree
        }
        dates = [e for e in dates if e.root.i not in clausal]
        if not dates:
            return TimeRef(reason=NO_OWN_DATE)
        sub = {x.i for x in tok.subtree}
        # "Despite September's delivery, ... sanctions would be imposed", "the fourth such
        # incident since December": a date outside the trigger's phrase that belongs to another
        # noun dates that noun's happening, not this one (a dateline's date is the report's)
        dl = ex.dateline_end(sent)
        dates = [e for e in dates if e.root.i in sub or e.start < dl or not _dates_a_noun(e, tok)]
        if not dates:
            return TimeRef(reason=NO_OWN_DATE)
        inside = [
            e
            for e in dates
            if e.root.i in sub or e.root.head.i == tok.i or e.root.head.head.i == tok.i
        ]
        # "Berisha, who resigned ... in 2013, rejected the allegations Thursday": a date in a
        # clause about the subject dates that clause when the trigger has a date of its own
        about_subject = _about_subject(tok)
        own = [e for e in inside if e.root.i not in about_subject]
        pick = min(own or inside or dates, key=lambda e: abs(e.start - cand.i))
        return TimeRef(text=pick.text, start=base + pick.start_char, end=base + pick.end_char)

    def _sentence(self, doc, si, sent, resolve, locate) -> list[EventMention]:  # type: ignore[no-untyped-def]
        seg = doc.segments[si]
        base = seg.start
        cands = self._sentence_candidates(seg, sent)
        if not cands:
            return []
        sizes = ex.sizes(sent.text)
        ev = Evidence(
            text=sent.text,
            segment=seg.kind.value if hasattr(seg.kind, "value") else str(seg.kind),
            start=base + sent.start_char,
            end=base + sent.end_char,
        )
        s = _Sent(
            doc=doc, sent=sent, sdoc=sent.doc, base=base, resolve=resolve, locate=locate,
            sizes=sizes, ev=ev, best=ex.main_candidate(cands),
            violent=[c for c in cands if c.entry.plover in ("ASSAULT", "COERCE")],
            owned={i for c in cands for i in [c.i, *c.linked]},
        )  # fmt: skip
        out: list[EventMention] = []
        for c in cands:
            out.extend(self._candidate_mentions(s, c))
        return out

    def _sentence_candidates(self, seg, sent) -> list[Any]:  # type: ignore[no-untyped-def]
        """The sentence's trigger candidates that report an event."""
        # CAMEO verb defaults help type a sentence but are too loose to report events on their own
        cands = self._triggers_of(sent)
        if not self.loose:
            # (scored as if at full depth: the threshold was set so)
            cands = [
                c
                for c in cands
                if not (c.entry.source == "cameo" and c.score - 0.08 * (6 - c.depth) < 1.05)
            ]
        return [
            c
            for c in cands
            if not claims_responsibility(sent.doc[c.i])
            and not ex.is_generic(sent, c)
            and non_event(sent, c, title=seg.kind == SegmentKind.title) is None
            # a headline tells a past act in the present ("Russia Backs Truce")
            and not (seg.kind != SegmentKind.title and ex.is_standing(sent, c))
            and not (c.entry.plover == "ASSAULT" and is_accident(sent, c))
        ]

    def _candidate_mentions(self, s: _Sent, c) -> list[EventMention]:  # type: ignore[no-untyped-def]
        """The mention of one candidate, and the threat it makes, if any."""
        doc, sent, sdoc, base, resolve = s.doc, s.sent, s.sdoc, s.base, s.resolve
        t0 = sdoc[c.start]
        t1 = sdoc[c.end - 1]
        tstart = base + t0.idx
        tend = base + t1.idx + len(t1.text)
        acts, recs, said = self._candidate_roles(s, c)
        unnamed = (
            ex.unnamed_place_object(sent, c) if c.entry.plover in ("ASSAULT", "COERCE") else None
        )
        mod = ex.modality(sent, c)
        att = ex.attribution(sent, c)
        if att.stance == "deny" and (att.cue_i == c.i or is_proceeding(c.entry)):
            # "a report in February — which Moscow denied": a deny verb found as its own
            # cue is the rejection itself (triggers._denies_antecedent), no claim about it;
            # "X, who faces two charges, denies them": the charges were still brought
            att = type(att)()
        actors = self._participants(doc, base, sdoc, acts, resolve)
        recips = self._participants(doc, base, sdoc, recs, resolve, recipient=True)
        if len(actors) == 1:
            # "Iran reopened its embassy": one actor does not act on itself (two do, "A and B
            # held talks", where each is the other's counterpart)
            recips = [r for r in recips if not _same_actor(r, actors[0])]
        mod = _denial_modality(s, c, mod, att)
        mod, actors = self._alleged(s, c, mod, att, actors)
        attribution = self._attribution(s, mod, att)
        size = _violent_size(s, c)
        conf = max(0.1, min(1.0, round(c.score / 1.6, 3)))
        if c is s.best:
            conf = min(1.0, conf + 0.1)
        m = EventMention(
            id=mention_id(doc.id, tstart, tend),
            document_id=doc.id,
            event_type=c.entry.plover,
            mode=list(c.modes),
            context=list(c.entry.context),
            trigger=Span(start=tstart, end=tend, text=doc.text[tstart:tend]),
            actors=actors,
            recipients=recips,
            place=self._place(doc, base, sdoc, sent, c, s.locate),
            time=self._time(base, sent, c),
            size=size,
            modality=mod,
            attribution=attribution,
            evidence=s.ev,
            confidence=conf,
            reference=ex.is_reference(sent, c),
        )
        if unnamed:
            self._unnamed[m.id] = unnamed
        if (
            not actors
            and c.entry.plover in _VERBAL_ACTS
            and (_speaker_subject(sdoc[c.i]) or is_spoken_judgement(c.entry) or said is not None)
        ):
            self._speaker_acts.add(m.id)
        threat = self._conditional_threat(doc, base, sdoc, c, m, resolve)
        if threat is None:
            threat = self._announced_threat(doc, sdoc, c, m)
        return [m] if threat is None else [m, threat]

    def _candidate_roles(self, s: _Sent, c):  # type: ignore[no-untyped-def]
        """(actor spans, recipient spans, speech parties) of a candidate: the parse's roles, then
        who says what to whom, a spoken judgement's speaker, the blamer and the blamed."""
        sdoc = s.sdoc
        acts, recs = ex.roles(s.sent, c)
        # events.operations: "an offensive launched by X", "in protest of Y"
        acts, recs = frame_roles(sdoc, c, s.violent, (acts, recs), ex.np_span)
        said = speech_parties(sdoc[c.i], c.entry)  # events.speech_acts: who says, to whom
        if said is not None:
            mine = [ex.np_span(x) for x in said[0]]
            # the doer the content names when it is a known or typed party, else the
            # speaker ("Seoul would respond," the ambassador said: an unresolved name)
            acts = (
                mine
                if _known_party(self._participants(s.doc, s.base, sdoc, mine, s.resolve), said[0])
                else acts
            )
            recs = [ex.np_span(x) for x in said[1]]
        if is_spoken_judgement(c.entry):
            # '"The vote was illegal," X said': X accuses; what is judged is the recipient
            # (and '"X is right," Y said': Y endorses X)
            acts, recs = [], acts + recs
        kept = kept_out(sdoc[c.i], c.entry)  # events.restrictions: who is kept out
        if kept and not recs:
            recs = [ex.np_span(x) for x in kept]
        if not acts and c.entry.plover == "REJECT":  # events.rejections: "dismissed by X"
            acts = [ex.np_span(x) for x in rejection_doers(sdoc[c.i])]
        blamed = blame_roles(s.sent, sdoc[c.i], c.entry, ex.np_span)
        if blamed is not None:  # events.blame: the accuser (or the speaker) and the accused
            acts, recs = blamed
        tried = proceeding_roles(sdoc[c.i], c.entry, ex.np_span)
        if tried is not None:  # events.proceedings: the court or prosecutors, the defendant
            acts, recs = tried
        return acts, recs, said

    def _alleged(self, s: _Sent, c, mod: str, att, actors: list[ActorRef]):  # type: ignore[no-untyped-def]
        """An alleged act: the accuser says it, the story does not; the accused is who did it."""
        alleged = allegation(s.sdoc[c.i]) if c.entry.plover != "ACCUSE" else None
        if alleged is None:
            return mod, actors
        mod = "hedged" if mod == "asserted" else mod
        if not actors and alleged.accused is not None:
            actors = self._participants(
                s.doc, s.base, s.sdoc, [ex.np_span(alleged.accused)], s.resolve
            )
        if att.speaker is None and alleged.accuser is not None:
            att.speaker = ex.np_span(alleged.accuser)
            att.speaker_text = s.sdoc[att.speaker[0] : att.speaker[1]].text
            att.cue, att.cue_i = alleged.verb.text, alleged.verb.i
        return mod, actors

    def _attribution(self, s: _Sent, mod: str, att) -> Attribution:  # type: ignore[no-untyped-def]
        speaker_actor = None
        if att.speaker is not None:
            speaker_actor = self._actor(s.doc, s.base, s.sdoc, att.speaker, s.resolve)
        stance = att.stance
        if att.cue is None and mod == "hedged":
            stance = "report"
        return Attribution(
            speaker=att.speaker_text, speaker_actor=speaker_actor, cue=att.cue, stance=stance
        )

    def _conditional_threat(
        self, doc, base, sdoc, cand, act: EventMention, resolve
    ) -> EventMention | None:  # type: ignore[no-untyped-def]
        """'If X does Y, we will attack': the act is hypothetical, the threat to X is asserted."""
        if act.event_type not in HOSTILE or act.modality not in ("planned", "hypothetical"):
            return None
        tok = sdoc[cand.i]
        if in_condition(tok):
            return None
        target = condition_target(tok)
        if target is None:
            return None
        actors = act.actors or (
            [act.attribution.speaker_actor]
            if act.attribution and act.attribution.speaker_actor
            else []
        )
        recips = []
        if target.pos_ in ("NOUN", "PROPN"):
            recips = self._participants(
                doc, base, sdoc, [ex.np_span(target)], resolve, recipient=True
            )
        if not actors and not recips:
            return None
        return act.model_copy(update={
            "id": mention_id(doc.id, act.trigger.start, act.trigger.end, "threat"),
            "event_type": "THREATEN", "mode": [], "context": [], "actors": actors,
            "recipients": recips or act.recipients, "modality": "asserted", "size": Size(),
            "place": None,
        })  # fmt: skip

    def _announced_threat(self, doc, sdoc, cand, act: EventMention) -> EventMention | None:  # type: ignore[no-untyped-def]
        """'He said the rebels "will be crushed" by the army', '"We will strike them," X said': a
        speaker announcing their own side's force against a named party threatens it (CAMEO 13);
        the act itself stays planned. A forecast of another side's act ("analysts said Russia
        will attack") is no threat by the speaker."""
        if act.event_type not in HOSTILE or act.modality != "planned" or not act.recipients:
            return None
        att = act.attribution
        if (
            att is None
            or not att.cue
            or ex.is_hedging_speaker(att.speaker)
            or _commenting(att.speaker)
        ):
            return None
        tok = sdoc[cand.i]
        if not announced(tok):
            return None
        speaker = att.speaker_actor
        if not _speakers_side(act.actors, speaker, own_side_subject(tok), att.speaker):
            return None
        named = speaker is not None and speaker.name.lower() not in _SPEAKER_PRONOUNS
        actors = act.actors or ([speaker] if named and speaker is not None else [])
        return act.model_copy(update={
            "id": mention_id(doc.id, act.trigger.start, act.trigger.end, "threat"),
            "event_type": "THREATEN", "mode": [], "context": [], "actors": actors,
            "modality": "asserted", "size": Size(), "place": None,
        })  # fmt: skip

    def _back_denial(self, doc, si, sent, earlier, new, resolve) -> tuple[EventMention, str] | None:  # type: ignore[no-untyped-def]
        """A deny verb whose object is an anaphor ("such allegations", "that", "the reports") and
        which governs no event of its own: a deny claim on the latest earlier event."""
        if not earlier:
            return None
        base = doc.segments[si].start
        tok = next((x for x in sent if _denies_back(x, base, new)), None)
        if tok is None:
            return None
        candidates = [m for m in earlier if m.modality not in ("hypothetical", "negated")]
        if not candidates:
            return None
        target = _denied_target(candidates, tok)
        speaker, speaker_actor = self._denier(doc, base, sent.doc, tok, resolve)
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
                    segment=getattr(doc.segments[si].kind, "value", str(doc.segments[si].kind)),
                    start=base + sent.start_char,
                    end=base + sent.end_char,
                ),
                "size": Size(),
            }
        )
        return denial, target.id

    def _denier(self, doc, base, sdoc, tok, resolve):  # type: ignore[no-untyped-def]
        """(speaker text, speaker actor) of a deny verb: its subject."""
        subj = [c for c in tok.children if c.dep_ in ex.SUBJ]
        if not subj:
            return None, None
        s, e = ex.np_span(subj[0])
        # "spokesman of the Army of Islam, Captain X": prefer the appositive name
        speaker = sdoc[s:e].text
        for c in subj[0].children:
            if c.dep_ == "appos":
                a0, a1 = ex.np_span(c)
                speaker = sdoc[a0:a1].text + ", " + speaker
        return speaker, self._actor(doc, base, sdoc, (s, e), resolve)

    # note: a REJECT mention on the same deny verb is removed by the caller


REPORT_NOUNS = frozenset(
    "allegation claim report rumor rumour story accusation charge news".split()
)


def _denies_back(tok, base: int, new: list[EventMention]) -> bool:  # type: ignore[no-untyped-def]
    """A deny verb whose object is an anaphoric report noun and whose clause tells no event of
    the sentence's own (`new`)."""
    if tok.pos_ != "VERB" or ex.lemma(tok) not in ex.DENY:
        return False
    objs = [c for c in tok.children if c.dep_ in ex.OBJ or c.dep_ in ("npadvmod", "oprd")]
    ccomp = [c for c in tok.children if c.dep_ == "ccomp"]
    if ccomp and any(m.trigger.start >= base + ccomp[0].left_edge.idx for m in new):
        return False
    subj_toks = {x.i for c in tok.children if c.dep_ in ex.SUBJ for x in c.subtree}
    # parses go astray around these objects: any anaphoric report noun under the verb
    anaphor = [
        x
        for x in tok.subtree
        if x.i not in subj_toks and x.pos_ == "NOUN" and ex.lemma(x) in ex.DENY_OBJECTS
    ]
    return bool(anaphor) or any(
        ex.lemma(o) in ex.DENY_OBJECTS or o.lower_ in ex.DENY_OBJECTS for o in objs
    )


def _denied_target(candidates: list[EventMention], tok) -> EventMention:  # type: ignore[no-untyped-def]
    """Which earlier event "X denied such allegations / the reports" refers to: an event that
    was itself only alleged (hedged, relayed from sources) beats a plain one, a real event beats
    a planned one; then the latest. A bare "denied it/that" takes the latest."""
    if not any(ex.lemma(x) in REPORT_NOUNS for x in tok.subtree):
        return candidates[-1]

    def score(im: tuple[int, EventMention]) -> tuple[int, int]:
        i, m = im
        alleged = (
            m.modality == "hedged"
            or m.attribution.stance == "report"
            or ex.is_hedging_speaker(m.attribution.speaker)
        )
        s = 2 * int(alleged) - int(m.modality == "planned") + int(m.confidence >= 0.7)
        return s, i

    return max(enumerate(candidates), key=score)[1]


def _under_other_event(sdoc, cand, cue_i: int, owned: set[int]) -> bool:  # type: ignore[no-untyped-def]
    """Whether another event's trigger lies between this trigger and the deny verb above it."""
    mine = {cand.i, *cand.linked}
    tok = sdoc[cand.i]
    for _ in range(20):
        if tok.head.i == tok.i or tok.head.i == cue_i:
            return False
        tok = tok.head
        if tok.i in owned and tok.i not in mine:
            return True
    return False


_PRONOUNS = frozenset("he she they i we you him her them it".split())
#: how many mentions back a pronoun speaker may look for the named speaker it stands for
SPEAKER_LOOKBACK = 12


def _name_pronoun_speakers(mentions: list[EventMention]) -> None:
    """A claim's speaker is a named or typed source: "he said" is the last source the story named
    before (within SPEAKER_LOOKBACK mentions), else the outlet itself (no speaker)."""
    named: list[tuple[int, Attribution]] = []
    for i, m in enumerate(mentions):
        att = m.attribution
        if not att.speaker:
            continue
        if att.speaker.strip().lower() not in _PRONOUNS:
            named.append((i, att))
            continue
        prev = next((a for j, a in reversed(named) if i - j <= SPEAKER_LOOKBACK), None)
        m.attribution = att.model_copy(
            update={"speaker": prev.speaker if prev else None,
                    "speaker_actor": prev.speaker_actor if prev else None}
        )  # fmt: skip


#: sectors of a state's own force: announced by its officials, its acts are the state's threats
_STATE_FORCE = frozenset({"GOV", "MIL", "COP"})
_SPEAKER_PRONOUNS = frozenset({"he", "she", "they", "we", "i"})


def _commenting(speaker: str | None) -> bool:
    """An analyst's or expert's forecast ("analysts said Russia will attack") threatens no one."""
    words = {w.rstrip("s") for w in re.findall(r"[a-z]+", (speaker or "").lower())}
    return bool(words & COMMENTATORS)


def _speakers_side(
    actors: list[ActorRef], speaker: ActorRef | None, own_subject: bool, speaker_text: str | None
) -> bool:
    """Whether the act's doers are the speaker's side: "we"/"he" as its subject, no doer named
    ("will be crushed"), the speaker itself or their country, or (the speaker being a pronoun
    not yet resolved) a state's own forces."""
    if own_subject or not actors:
        return True
    if speaker is not None and (speaker.actor_id or speaker.country):
        return any(
            _same_actor(a, speaker) or (a.country is not None and a.country == speaker.country)
            for a in actors
        )
    # "He said ...": the events stage keeps no pronoun speaker (it is named later, by the merge)
    unnamed = not speaker_text or speaker_text.strip().lower() in _SPEAKER_PRONOUNS
    return unnamed and any(a.actor_id and a.sector in _STATE_FORCE for a in actors)


#: acts done by saying something: the one who says it does it
_VERBAL_ACTS = frozenset({"REQUEST", "ACCUSE", "SUPPORT", "REJECT", "THREATEN", "AGREE"})
_FIRST_PERSON = frozenset({"i", "we"})
_OPEN_QUOTES = ('"', "\u201c")


def _speaker_subject(tok) -> bool:  # type: ignore[no-untyped-def]
    """The verb's subject is the speaker: "we urge", "I appeal", or a participle with no subject
    of its own that goes on the speaker's statement ("the Kremlin said much remains to be done,
    signaling its reluctance to endorse it")."""
    if tok.pos_ != "VERB":
        return False
    if (
        tok.tag_ == "VBG"
        and tok.dep_ == "advcl"
        and not any(c.dep_ in ex.SUBJ for c in tok.children)
    ):
        return True
    v = tok
    while (
        v.dep_ in ("conj", "xcomp")
        and v.head.i != v.i
        and not any(c.dep_ == "nsubj" for c in v.children)
    ):
        v = v.head
    return any(c.dep_ == "nsubj" and c.lower_ in _FIRST_PERSON for c in v.children)


_NAME = r"(?:[A-Z][\w'’.\-]*\s+){0,4}[A-Z][\w'’.\-]*"
_SAID_AFTER_QUOTE = re.compile(
    rf"[,.!?][\"”]\s+(?:(?P<a>{_NAME})\s+(?:said|says|added|told reporters)|(?:said|says|added)\s+(?P<b>{_NAME}))\.\s*$"
)


def _continue_quotes(doc: Document, mentions: list[EventMention]) -> None:
    """A quotation that goes on after its attribution ('"...," Hassan said. "So we urged X ..."'):
    a sentence that opens a quote and names no speaker, right after a sentence that ends a quote
    with its speaker, has that speaker."""
    for m in mentions:
        att = m.attribution
        if att is None or att.speaker or not m.evidence.text.lstrip().startswith(_OPEN_QUOTES):
            continue
        before = doc.text[max(0, m.evidence.start - 300) : m.evidence.start]
        hit = _SAID_AFTER_QUOTE.search(before)
        if hit is None:
            continue
        name = hit.group("a") or hit.group("b")
        start = m.evidence.start - len(before) + hit.start("a" if hit.group("a") else "b")
        actor = _named_earlier(doc, name, start) or next(
            (
                a
                for a in doc.actors
                if a.start is not None
                and a.end is not None
                and a.start < start + len(name)
                and start < a.end
            ),
            None,
        )
        m.attribution = att.model_copy(update={"speaker": name, "speaker_actor": actor})


def _speakers_act(mentions: list[EventMention], ids: set[str]) -> None:
    """'"We urge the authorities to ...," the groups said': the speaker is the actor."""
    for m in mentions:
        att = m.attribution
        if m.id in ids and not m.actors and att is not None and att.speaker_actor is not None:
            m.actors = [att.speaker_actor]


#: a country the document names at most this often (places and actors together) ...
WEAK_COUNTRY_SUPPORT = 2
#: ... while another one it names at least this many times as often is the document's country
DOMINANT_RATIO = 3


#: events that happen where their parties meet or speak, not in the lands they concern
_VENUE_TYPES = frozenset(
    "REQUEST ACCUSE SUPPORT REJECT THREATEN CONSULT AGREE COOPERATE SANCTION CONCEDE".split()
)


_FINE = ("town", "exact", "near")


def _overlaps(p: Place, refs: list[ActorRef]) -> bool:
    """Whether place `p` lies on one of the actor references `refs`."""
    return p.start is not None and any(
        r.start is not None and r.end is not None and r.start < (p.end or 0) and p.start < r.end
        for r in refs
    )


def _drop_counterpart_places(doc: Document, mentions: list[EventMention]) -> None:
    """A place that is the event's counterpart ("negotiations with Russia") is not where it
    happened."""
    for m in mentions:
        p = m.place
        if p is not None and _participant_country(m, p, _overlaps):
            m.place = None
            continue
        if p is not None and p.start is not None and _overlaps(p, m.actors + m.recipients):
            before = doc.text[max(0, p.start - 12) : p.start].rstrip().lower()
            if before.endswith((" with", " between", " and")):
                m.place = None
        elif p is not None and p.start is not None and p.precision == "country":
            # "stopped negotiations with Russia": the counterpart country, not the venue
            if doc.text[max(0, p.start - 6) : p.start].rstrip().lower().endswith(" with"):
                m.place = None


def _violent_places(mentions: list[EventMention]) -> tuple[dict[str, int], dict[str, Place]]:
    """How often each town-level place of a violent event occurs, and its first Place."""
    dom: dict[str, int] = {}
    by_name: dict[str, Place] = {}
    for m in mentions:
        if (
            m.event_type in ("ASSAULT", "COERCE")
            and m.place is not None
            and m.place.precision in _FINE
        ):
            key = m.place.name
            dom[key] = dom.get(key, 0) + 1
            by_name.setdefault(key, m.place)
    return dom, by_name


@dataclass
class _Sent:
    """What the mentions of one sentence share (EventStage._sentence)."""

    doc: Document
    sent: Any
    sdoc: Any
    base: int
    resolve: Any
    locate: Any
    sizes: Any
    ev: Evidence
    best: Any
    violent: list[Any]
    owned: set[int]


def _denial_modality(s: _Sent, c, mod: str, att) -> str:  # type: ignore[no-untyped-def]
    """The modality once the speaker and a denial are known (`att.stance` may be reset)."""
    if mod == "asserted" and ex.is_hedging_speaker(att.speaker_text):
        mod = "hedged"
    if (
        att.stance == "deny"
        and att.cue_i is not None
        and _under_other_event(s.sdoc, c, att.cue_i, s.owned)
    ):
        # "denied that they stopped negotiations": the denial is of the stopping; the
        # negotiations it presupposes are not denied
        att.stance = "assert"
        if mod == "negated" and not any(x.dep_ == "neg" for x in s.sdoc[c.i].children):
            mod = "asserted"
    if att.stance == "deny" and mod == "asserted":
        mod = "negated"
    return mod


def _violent_size(s: _Sent, c) -> Size:  # type: ignore[no-untyped-def]
    """The counts of a violent candidate."""
    size = Size()
    if c.entry.plover in ("ASSAULT", "COERCE") and s.sizes:
        # counts go to the nearest violent trigger in the sentence, and to the violent
        # triggers bound to it in one clause ("ambushed a bus and killed 18", "attacked
        # the town, killing five"), which tell the same attack
        sdoc = s.sdoc
        for kind, cnt, off in s.sizes:
            near = min(s.violent, key=lambda v: abs(sdoc[v.i].idx - (s.sent.start_char + off)))
            if (near is c or _bound(sdoc[near.i], sdoc[c.i])) and getattr(size, kind) is None:
                setattr(size, kind, Count(**cnt))
    return size


def _date_ents(ents: list[Any]) -> list[Any]:
    """The DATE entities that can date an event: not an age ("40 years old", "a 40-year-old")."""
    # "Omarov, 40,": a bare number under four digits is an age or a count, never a date
    return [
        e for e in ents
        if e.label_ == "DATE" and "old" not in e.text and "-year" not in e.text
        and not (e.text.strip().isdigit() and len(e.text.strip()) < 4)
    ]  # fmt: skip


def _dateline_time(base: int, sent) -> TimeRef | None:  # type: ignore[no-untyped-def]
    """ "Apr 18, Baghdad: ..." - a dateline date the tagger missed dates a present report."""
    dl = ex.dateline_end(sent)
    if dl > sent.start:
        head = sent.doc[sent.start : dl]
        mt = DATELINE_DATE.search(head.text)
        if mt:
            s0 = base + head.start_char + mt.start()
            return TimeRef(text=mt.group(0), start=s0, end=s0 + len(mt.group(0)))
    return None


def _participant_country(m: EventMention, p: Place, overlaps) -> bool:  # type: ignore[no-untyped-def]
    """ "The U.S. urged Haiti to ...", "talks with North Korea in Stockholm": a country that is a
    party to a statement, a deal or talks is not where it happened."""
    if m.event_type not in _VENUE_TYPES or p.precision != "country":
        return False
    refs = m.actors + m.recipients
    if overlaps(p, refs):
        return True
    return bool(p.country) and any(_iso2(r.country) == p.country for r in refs if r.country)


_CLAUSAL = frozenset({"xcomp", "ccomp", "advcl", "relcl", "acl"})


_CHARGED_PREPS = frozenset({"of", "for", "with"})


def _accused_act(child, cand) -> bool:  # type: ignore[no-untyped-def]
    """The "of"/"for"/"with" phrase of an accusation: what the accused is said to have done."""
    return cand.entry.plover == "ACCUSE" and child.dep_ == "prep" and child.lower_ in _CHARGED_PREPS


#: how a date hangs from a noun it qualifies: "September's delivery", "the May 5 vote"
_NOUN_DATE_DEPS = frozenset({"poss", "compound", "nmod", "npadvmod", "amod"})
_CLAUSE_ARGS = frozenset({"nsubj", "nsubjpass", "dobj"})
#: prepositions of a setting the act happens in: "in an interview Thursday", "during Friday's talks"
_SETTINGS = frozenset("in at during on amid throughout".split())


def _dates_a_noun(ent, trigger) -> bool:  # type: ignore[no-untyped-def]
    """The date qualifies a common noun other than the trigger: a possessive or modifier of it
    ("September's delivery", "the May 5 vote") or the start of its period ("the fourth incident
    since December"). Other prepositions are left alone: the parser hangs "in January" or "on
    Wednesday" on whatever noun precedes ("telling journalists in the capital on Wednesday"),
    and a setting's date is the date of what happens in it ("during statements on Tuesday")."""
    h = ent.root
    if h.dep_ in _NOUN_DATE_DEPS:
        owner = h.head
    elif h.dep_ == "pobj" and h.head.dep_ == "prep" and h.head.lower_ == "since":
        owner = h.head.head
    else:
        return False
    if owner.pos_ != "NOUN":
        return False
    chain = {trigger.i, *(a.i for a in ancestors(trigger))}
    if owner.dep_ == "pobj" and owner.head.lower_ in _SETTINGS and owner.head.head.i in chain:
        return False  # "in an interview Thursday, X said": the setting's date is the act's
    # "the single biggest attack, in 2009, killed 25": the noun the trigger tells of is its own;
    # "another court in November revoked his house arrest": a date on a subject or object of the
    # trigger's own clause is that clause's (the parser hangs "in November" on the noun)
    return owner.i not in chain and not (owner.dep_ in _CLAUSE_ARGS and owner.head.i in chain)


def _about_subject(tok) -> set[int]:  # type: ignore[no-untyped-def]
    """The tokens of the relative or participial clauses on the subject of `tok`."""
    return {
        x.i
        for c in tok.children
        if c.dep_ in ("nsubj", "nsubjpass")
        for r in c.children
        if r.dep_ in ("relcl", "acl")
        for x in r.subtree
    }


def _named_earlier(doc: Document, text: str, start: int) -> ActorRef | None:
    """A person named by surname alone ("Dagalo") after the full name earlier in the document
    ("Mohammed Hamdan Dagalo"): the registry entry or provisional actor of the full name; of
    several so named, the first (news style names a second of that family in full: "Sali Berisha
    ... his son Shkelzen Berisha ... Berisha rejected"), as the actors stage links them."""
    words = text.split()
    if len(words) != 1 or not text[:1].isupper():
        return None
    for a in sorted(doc.actors, key=lambda a: a.start or 0):
        if a.start is None or a.end is None or a.start >= start:
            continue
        written = doc.text[a.start : a.end].split()
        if len(written) > 1 and written[-1] == text and is_person(doc, a):
            return a
    return None


def _same_actor(a: ActorRef, b: ActorRef) -> bool:
    if a.actor_id and b.actor_id:
        return a.actor_id == b.actor_id
    return a.name.casefold() == b.name.casefold()


def _bound(a, b) -> bool:  # type: ignore[no-untyped-def]
    """Two verbs of one clause chain: coordinated, or one an adverbial or complement of the other;
    or the attack a killing happened in ("were killed in the attack and the ensuing battle")."""
    return any(
        (x.head.i == y.i and x.i != y.i and x.dep_ in ("conj", "advcl", "xcomp")) or _scene_of(x, y)
        for x, y in ((a, b), (b, a))
    )


def _scene_of(noun, verb) -> bool:  # type: ignore[no-untyped-def]
    """`noun` names the attack in which `verb` happened: "killed in the attack (and the battle)"."""
    while noun.dep_ == "conj" and noun.head.i != noun.i and noun.head.pos_ == "NOUN":
        noun = noun.head
    return (
        noun.pos_ == "NOUN" and noun.dep_ == "pobj" and noun.head.lower_ in ("in", "during")
        and noun.head.head.i == verb.i
    )  # fmt: skip


def _iso2(iso3: str | None) -> str | None:
    if not iso3:
        return None
    import pycountry

    c = pycountry.countries.get(alpha_3=iso3.upper())
    return c.alpha_2 if c is not None else None


def _agree_with_document_countries(doc: Document, mentions: list[EventMention]) -> None:
    """An event's place must agree with the text's country evidence. A place in a country the
    document barely names (a fuzzy gazetteer hit such as "Jangebe" -> Jiangbei, China, or "a
    company operated by China" in a Balochistan story) while the document is overwhelmingly about
    another country is replaced by that country's own place in the document, or dropped."""
    support: Counter[str] = Counter()
    for p in doc.places:
        if p.country:
            support[p.country.upper()] += 1
    for a in doc.actors:
        c2 = _iso2(a.country)
        if c2:
            support[c2] += 1
    if not support:
        return
    top, n_top = support.most_common(1)[0]
    country_place = next(
        (p for p in doc.places if p.precision == "country" and (p.country or "").upper() == top),
        None,
    )
    for m in mentions:
        place = m.place
        if place is None or not place.country or place.country.upper() == top:
            continue
        n = support[place.country.upper()]
        if n <= WEAK_COUNTRY_SUPPORT and n_top >= DOMINANT_RATIO * max(n, 1):
            m.place = country_place.model_copy() if country_place is not None else None


def stage_meta(doc: Document) -> dict[str, Any]:
    # the side data as a plain dict: `EventsSideData`, or an empty one when the stage wrote none
    return cast(dict[str, Any], doc.meta.get("events", {}))
