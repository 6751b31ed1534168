"""Rescue: an event the rules made no mention for, proposed by a learned sentence model.

In: a Document after the judge's gate (the nlp parse in `doc._spacy`, the mentions left). Out: new
`EventMention`s, one at most per sentence that has no mention: a sentence whose best type
probability (one-vs-rest logistic regressions over sparse sentence features, `sentence_features`)
reaches the model's threshold. The model is fitted offline on our read annotations
(`eval/train_rescue.py`) and ships as plain arrays in `data/judge/sentence_events.json`
(`SentenceModel`); without the file nothing is rescued.

The mention is built by the events stage's own code, as if its trigger tables had known the
sentence's root verb as a trigger of the predicted type (`EventStage._candidate_mentions`: roles,
modality, attribution, place, time), then dated by the when stage (`WhenStage.date_for`). A
speech act's actor is its attributed speaker (`events.stage._speakers_act`, after the stage's
pronoun and quotation passes). Like every event it needs an actor or a recipient.
"""

from __future__ import annotations

import functools
import json
import logging
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimgraph.events import extract as ex
from claimgraph.events.lexicon import Entry
from claimgraph.events.valence import THRESHOLD, valence
from claimgraph.events.words import is_commentator
from claimgraph.events.stage import (
    _VERBAL_ACTS,
    EventStage,
    _continue_quotes,
    _name_pronoun_speakers,
    _Sent,
)
from claimgraph.model import CITABLE_KINDS, Document, EventMention, Evidence
from claimgraph.resources import data_path
from claimgraph.when.stage import WhenStage

__all__ = [
    "MODEL_FILE",
    "SentenceModel",
    "Sentence",
    "document_sentences",
    "sentence_features",
    "rescue",
    "shipped_model",
]

log = logging.getLogger(__name__)

MODEL_FILE = ("judge", "sentence_events.json")
#: bump when the features change (a shipped model of another version is not used)
FEATURE_VERSION = 1

_SPEECH = frozenset(
    "say tell state claim add announce report accuse deny allege warn insist argue note describe "
    "call confirm quote cite write testify acknowledge admit blame condemn urge believe think "
    "suggest stress explain complain criticize criticise".split()
)
_CONTENT_POS = frozenset({"NOUN", "VERB", "ADJ", "ADV"})
_NAMED = {"PERSON": "person", "ORG": "org", "GPE": "state", "NORP": "group"}
_QUOTES = ('"', "\u201c", "\u201d")
_PRONOUNS = frozenset({"he", "she", "they", "we", "i", "it"})


@dataclass
class Sentence:
    """One sentence of a document: its parse span, where it starts in the document's text,
    its segment, and its number in the story."""

    sent: Any
    base: int
    segment: int
    index: int

    @property
    def start(self) -> int:
        return int(self.base + self.sent.start_char)

    @property
    def end(self) -> int:
        return int(self.base + self.sent.end_char)


def document_sentences(doc: Document) -> Iterator[Sentence]:
    """The English sentences of the citable segments, in story order (as the events stage reads
    them)."""
    n = 0
    for si, seg in enumerate(doc.segments):
        if seg.kind not in CITABLE_KINDS or seg.lang not in ("en", "und", ""):
            continue
        sdoc = doc._spacy.get(si)
        if sdoc is None:
            continue
        for sent in sdoc.sents:
            yield Sentence(sent, seg.start, si, n)
            n += 1


def _lem(tok: Any) -> str:
    return str(ex.lemma(tok)).lower()


def _word_features(sent: Any) -> set[str]:
    """Content lemmas (their bigrams were tried: no better in CV, docs/BENCHMARKS.md)."""
    return {f"w={_lem(t)}" for t in sent if t.pos_ in _CONTENT_POS and t.is_alpha}


def _cue_features(sent: Any) -> set[str]:
    """Speech verbs, negation, modal verbs, quotes, 'according to', the root's lemma and its
    subject's kind."""
    out: set[str] = set()
    root = sent.root
    out.add(f"root={_lem(root)}")
    out.add(f"rootpos={root.pos_}")
    for t in sent:
        lem = _lem(t)
        if t.pos_ == "VERB" and lem in _SPEECH:
            out.add("speech")
            out.add(f"speech={lem}")
        if t.dep_ == "neg":
            out.add("neg")
        if t.tag_ == "MD":
            out.add(f"modal={t.lower_}")
        if t.dep_ in ("nsubj", "nsubjpass") and t.head.i == root.i:
            out.add(f"subj={t.ent_type_ or t.pos_}")
    if any(q in sent.text for q in _QUOTES):
        out.add("quote")
    if "according to" in sent.text.lower():
        out.add("according")
    return out


def _entity_features(sent: Any) -> set[str]:
    out = {f"ent={_NAMED[e.label_]}" for e in sent.ents if e.label_ in _NAMED}
    n = sum(1 for e in sent.ents if e.label_ in _NAMED)
    out.add(f"nents={min(n, 3)}")
    return out


def _shape_features(index: int, n_tokens: int) -> set[str]:
    pos = "first" if index == 0 else "early" if index <= 3 else "mid" if index <= 10 else "late"
    size = "short" if n_tokens < 12 else "medium" if n_tokens < 30 else "long"
    return {f"pos={pos}", f"len={size}"}


def _valence_features(sent: Any) -> set[str]:
    """How many words of negative and of positive evaluation (VADER, `events.valence`)."""
    neg = pos = 0
    for t in sent:
        v = valence(t.lower_)
        if v is None:
            v = valence(_lem(t))
        if v is not None and v <= THRESHOLD:
            neg += 1
        elif v is not None and v >= -THRESHOLD:
            pos += 1
    return {f"val-={min(neg, 2)}", f"val+={min(pos, 2)}"}


@dataclass
class DocView:
    """What the features of one document's sentences share: the document, and the types of the
    rules' mentions on each sentence (by its start offset)."""

    doc: Document
    types_at: dict[int, set[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, doc: Document, sentences: list[Sentence]) -> DocView:
        view = cls(doc)
        for s in sentences:
            view.types_at[s.index] = {
                m.event_type
                for m in doc.mentions
                if m.evidence.start < s.end and s.start < m.evidence.end
            }
        return view


def _speaker_features(view: DocView, s: Sentence) -> set[str]:
    """Who the sentence is attributed to (the events stage's `attribution`, read from the root):
    nobody, a pronoun, a commentator, a party of the actor registry (its sector), another name."""
    sent = s.sent
    root = sent.root
    cand = ex.Candidate(i=root.i, start=root.i, end=root.i + 1, entry=Entry("ACCUSE"), score=1.0)
    att = ex.attribution(sent, cand)
    if att.speaker is None:
        return {"spk=none"}
    text = (att.speaker_text or "").strip().lower()
    if text in _PRONOUNS:
        return {"spk=pron", "speech"}
    if any(is_commentator(w) for w in text.split()):
        return {"spk=comment", "speech"}
    lo, hi = s.base + sent.doc[att.speaker[0]].idx, s.base + sent.doc[att.speaker[1] - 1].idx + 1
    for a in view.doc.actors:
        if a.actor_id and a.start is not None and a.end is not None and a.start < hi and lo < a.end:
            return {"spk=party", f"spk={a.sector or 'party'}", "speech"}
    return {"spk=name", "speech"}


def _party_features(view: DocView, s: Sentence) -> set[str]:
    """The registry's parties named in the sentence (their sectors), and the rules' mention types
    on the sentences before and after it."""
    out: set[str] = set()
    for a in view.doc.actors:
        if a.actor_id and a.start is not None and s.start <= a.start < s.end:
            out.add(f"party={a.sector or 'x'}")
    out |= {f"prev={t}" for t in view.types_at.get(s.index - 1, ())}
    out |= {f"next={t}" for t in view.types_at.get(s.index + 1, ())}
    return out


def sentence_features(s: Sentence, view: DocView) -> list[str]:
    """The sparse feature names of one sentence (sorted, each once)."""
    sent = s.sent
    out = _word_features(sent) | _cue_features(sent) | _entity_features(sent)
    out |= _shape_features(s.index, len(sent)) | _valence_features(sent)
    out |= _speaker_features(view, s) | _party_features(view, s)
    return sorted(out)


@dataclass
class SentenceModel:
    """One-vs-rest logistic regressions over feature names, as plain numbers: `weights[t][f]`
    the coefficient of feature f for type `types[t]`, `bias[t]` the intercept. A sentence's
    proposal is its most probable type when that probability reaches `threshold`."""

    types: list[str]
    weights: list[dict[str, float]]
    bias: list[float]
    threshold: float
    version: int = FEATURE_VERSION
    meta: dict[str, Any] = field(default_factory=dict)

    def probabilities(self, feats: Sequence[str]) -> list[float]:
        out = []
        for w, b in zip(self.weights, self.bias):
            z = b + sum(w.get(f, 0.0) for f in feats)
            out.append(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))))
        return out

    def best(self, feats: Sequence[str]) -> tuple[str, float] | None:
        """The most probable type and its probability, when it reaches the threshold."""
        probs = self.probabilities(feats)
        if not probs:
            return None
        i = max(range(len(probs)), key=probs.__getitem__)
        return (self.types[i], probs[i]) if probs[i] >= self.threshold else None

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "types": self.types,
            "bias": self.bias,
            "threshold": self.threshold,
            "weights": [{f: round(v, 5) for f, v in sorted(w.items())} for w in self.weights],
            "meta": self.meta,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> SentenceModel:
        return cls(
            types=list(d["types"]),
            weights=[dict(w) for w in d["weights"]],
            bias=[float(b) for b in d["bias"]],
            threshold=float(d["threshold"]),
            version=int(d.get("version", 0)),
            meta=dict(d.get("meta") or {}),
        )

    @classmethod
    def load(cls, path: Path) -> SentenceModel | None:
        if not path.exists():
            return None
        model = cls.from_json(json.loads(path.read_text(encoding="utf-8")))
        if model.version != FEATURE_VERSION:
            log.warning("%s: feature version %s, not %s: no rescue", path, model.version,
                        FEATURE_VERSION)  # fmt: skip
            return None
        return model


@functools.lru_cache(maxsize=1)
def shipped_model() -> SentenceModel | None:
    """The model in data/judge/sentence_events.json (None without it)."""
    return SentenceModel.load(data_path(*MODEL_FILE))


class _Builder:
    """Builds rescued mentions with the events stage's code for one document."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.events = EventStage(acled=False)
        self.events._unnamed = {}
        self.events._speaker_acts = set()
        self.events._ents_cache = None
        self.events._trigger_cache = {}

    def mention(self, s: Sentence, event_type: str, p: float) -> EventMention | None:
        sent, sdoc = s.sent, s.sent.doc
        root = sent.root
        seg = self.doc.segments[s.segment]
        ev = Evidence(text=sent.text, segment=seg.kind.value, start=s.start, end=s.end)
        cand = ex.Candidate(
            i=root.i, start=root.i, end=root.i + 1, entry=Entry(event_type, source="rescue"),
            score=1.0,
        )  # fmt: skip
        ctx = _Sent(
            doc=self.doc, sent=sent, sdoc=sdoc, base=s.base, resolve=self.events.resolve_actor,
            locate=self.events.locate, sizes=ex.sizes(sent.text), ev=ev, best=cand,
            violent=[], owned={root.i},
        )  # fmt: skip
        made = self.events._candidate_mentions(ctx, cand)
        if not made:
            return None
        m = made[0]
        m.id = f"{m.id}_r"
        m.confidence = round(p, 3)
        return m


def _with_speaker_actor(m: EventMention) -> EventMention:
    """A speech act's doer is whoever says it: the attributed speaker, when it is an actor."""
    att = m.attribution
    if m.event_type in _VERBAL_ACTS and att.speaker_actor is not None:
        speaker = att.speaker_actor
        m.actors = [speaker]
        m.recipients = [r for r in m.recipients if r.name != speaker.name]
    return m


def rescue(
    doc: Document,
    model: SentenceModel,
    when: WhenStage | None = None,
    features: dict[int, list[str]] | None = None,
) -> list[EventMention]:
    """The mentions the model proposes on the sentences of `doc` that have none
    (`features`: already computed features by sentence index, to reuse)."""
    sentences = list(document_sentences(doc))
    view = DocView.of(doc, sentences)
    builder: _Builder | None = None
    out: list[EventMention] = []
    for s in sentences:
        if view.types_at[s.index]:
            continue
        feats = (features or {}).get(s.index) or sentence_features(s, view)
        best = model.best(feats)
        if best is None:
            continue
        builder = builder or _Builder(doc)
        m = builder.mention(s, *best)
        if m is not None:
            out.append(m)
    if not out:
        return out
    # "he said": the last source named before, among the rules' mentions and these
    _name_pronoun_speakers(sorted([*doc.mentions, *out], key=lambda m: m.evidence.start))
    _continue_quotes(doc, out)
    out = [_with_speaker_actor(m) for m in out]
    out = [m for m in out if m.actors or m.recipients]
    when = when or WhenStage()
    for m in out:
        m.date = when.date_for(doc, m)
    return out
