"""A mention and its sentence -> sparse binary feature names, for the mention gate.

In: a processed Document (after the `when` stage: type, mode, modality, roles, place, date and the
nlp stage's parse in `doc._spacy`) and one of its mentions. Out: a sorted list of feature names
such as `type=ASSAULT`, `lemma=kill`, `modality=hedged`, `w=soldier`. Cheap by design: no second
parse and no embeddings; the trigger's token is looked up in the parse the document already has.

The groups, each a small function: what the rules said (type, mode, context, modality, stance,
reference, the rule score), the trigger's token (lemma as the events stage reads it, part of speech, dependency, head lemma),
the clause's cues (negation, hedges, speech or attribution verbs, quotes), the participants
(actor / recipient, their sectors, registry or provisional), place and size, where the sentence
sits in the story and how long it is, the date against the publication date (and whether the
when stage told it as background or history), and the content lemmas of the sentence.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from claimgraph.events.lexicon import lemma
from claimgraph.model import PAST_REFERENCE, ActorRef, Document, EventMention
from claimgraph.when.background import trigger_token

__all__ = ["DocContext", "doc_context", "mention_features", "FEATURE_VERSION"]

#: bump when the features change, so cached feature rows are not reused
FEATURE_VERSION = 2

_SPEECH = frozenset(
    "say tell state claim add announce report accuse deny allege warn insist argue note describe "
    "call confirm quote cite write testify acknowledge admit blame condemn urge".split()
)
_HEDGES = frozenset(
    "may might could reportedly allegedly possibly apparently suspect suspected believe believed "
    "likely unconfirmed purportedly presumably perhaps".split()
)
_CONTENT_POS = frozenset({"NOUN", "VERB", "ADJ", "ADV"})
_QUOTES = ('"', "\u201c", "\u201d")


@dataclass
class DocContext:
    """What the features of one document's mentions share."""

    doc: Document
    sent_starts: list[int]
    published: dt.date | None
    per_sentence: Counter[int]
    per_type: Counter[str]  # sentences of the document with a mention of each type
    sentences: dict[tuple[int, int], _SentenceView] = field(default_factory=dict)


def doc_context(doc: Document) -> DocContext:
    starts = sorted(s.start for s in doc.sentences)
    pub = None
    if doc.published is not None and doc.published.year_known:
        try:
            pub = dt.date.fromisoformat(doc.published.value[:10])
        except ValueError:
            pub = None
    per_type = Counter(t for t, _ in {(m.event_type, m.evidence.start) for m in doc.mentions})
    return DocContext(doc, starts, pub, Counter(m.evidence.start for m in doc.mentions), per_type)


@dataclass(frozen=True)
class _SentenceView:
    """What the features read of one parsed sentence, computed once for all its mentions."""

    n_tokens: int
    words: frozenset[str]  # lemmas and lower-case forms
    negated: bool
    content: tuple[tuple[int, str], ...]  # (token index, lemma) of the content words


def _view(ctx: DocContext, tok: Any) -> _SentenceView:
    sent = tok.sent
    key = (id(tok.doc), sent.start)
    view = ctx.sentences.get(key)
    if view is None:
        toks = list(sent)
        content = tuple(
            (t.i, lemma(t)) for t in toks if t.pos_ in _CONTENT_POS and t.is_alpha and not t.is_stop
        )
        view = _SentenceView(
            n_tokens=len(toks),
            words=frozenset(
                {lem for _, lem in content}
                | {t.lower_ for t in toks}
                | _other_lemmas(toks, content)
            ),
            negated=any(t.dep_ == "neg" for t in toks),
            content=content,
        )
        ctx.sentences[key] = view
    return view


def _other_lemmas(toks: list[Any], content: tuple[tuple[int, str], ...]) -> set[str]:
    """The lemmas of the words that are not content words (each word's lemma is read once)."""
    done = {i for i, _ in content}
    return {lemma(t) for t in toks if t.i not in done}


_NO_SENTENCE = _SentenceView(0, frozenset(), False, ())


def mention_features(ctx: DocContext, m: EventMention) -> list[str]:
    """The feature names of mention `m` of `ctx.doc` (sorted, each once)."""
    tok = trigger_token(ctx.doc, m)
    view = _view(ctx, tok) if tok is not None else _NO_SENTENCE
    out: set[str] = set()
    for group in (
        _rule_features(m),
        _token_features(tok),
        _cue_features(m, view),
        _participant_features(m),
        _position_features(ctx, m, view),
        _date_features(ctx, m),
        (f"w={lem}" for i, lem in view.content if tok is None or i != tok.i),
    ):
        out.update(group)
    return sorted(out)


def _rule_features(m: EventMention) -> Iterator[str]:
    t = m.event_type
    yield f"type={t}"
    yield f"modality={m.modality}"
    yield f"type|modality={t}|{m.modality}"
    for mode in m.mode:
        yield f"mode={mode}"
        yield f"type|mode={t}|{mode}"
    for c in m.context:
        yield f"context={c}"
    yield f"stance={m.attribution.stance}"
    yield f"type|stance={t}|{m.attribution.stance}"
    if m.attribution.speaker:
        yield "speaker"
        yield f"type|speaker={t}"
    if m.attribution.cue:
        yield f"cue={m.attribution.cue.lower().split()[0]}"
    if m.reference:
        yield "reference"
        yield f"type|reference={t}"
    if m.opinion:
        yield "opinion"
    yield f"confidence={min(9, int(m.confidence * 10))}"
    if m.acled_code:
        yield f"acled={m.acled_code}"


def _token_features(tok: Any) -> Iterator[str]:
    if tok is None:
        yield "no_parse"
        return
    lem = lemma(tok)
    yield f"lemma={lem}"
    yield f"pos={tok.pos_}"
    yield f"dep={tok.dep_}"
    yield f"tag={tok.tag_}"
    head = tok.head
    if head.i != tok.i:
        yield f"head={lemma(head)}"
        yield f"head_pos={head.pos_}"
    else:
        yield "head=ROOT"
    if any(c.dep_ == "neg" for c in (*tok.children, *head.children)):
        yield "negated_here"
    if any(c.dep_ == "aux" and lemma(c) in ("will", "would", "shall") for c in tok.children):
        yield "future_aux"


def _cue_features(m: EventMention, view: _SentenceView) -> Iterator[str]:
    text = m.evidence.text
    if any(q in text for q in _QUOTES):
        yield "quote_in_sentence"
        rel = m.trigger.start - m.evidence.start
        if sum(text[:rel].count(q) for q in _QUOTES) % 2 == 1:
            yield "trigger_in_quote"
    lemmas = view.words
    if lemmas & _SPEECH:
        yield "speech_verb"
    for lem in sorted(lemmas & _HEDGES):
        yield f"hedge={lem}"
    if view.negated:
        yield "neg_in_sentence"
    if "according" in lemmas:  # the form: "according to"
        yield "according_to"
    if text.rstrip().endswith("?"):
        yield "question"


def _actor_kind(a: ActorRef) -> str:
    if a.provisional:
        return "provisional"
    if a.actor_id:
        return f"sector:{a.sector or 'none'}"
    return "name"


def _participant_features(m: EventMention) -> Iterator[str]:
    t = m.event_type
    yield f"actor={'yes' if m.actors else 'no'}"
    yield f"recipient={'yes' if m.recipients else 'no'}"
    yield f"type|participants={t}|{bool(m.actors)}|{bool(m.recipients)}"
    for a in m.actors:
        yield f"actor_kind={_actor_kind(a)}"
    for a in m.recipients:
        yield f"recipient_kind={_actor_kind(a)}"
    yield f"place={m.place.precision if m.place is not None else 'none'}"
    for name in ("dead", "injured", "arrested"):
        if getattr(m.size, name) is not None:
            yield f"size={name}"


def _bucket(n: int, edges: Iterable[int]) -> str:
    last = 0
    for e in edges:
        if n < e:
            return f"{last}-{e - 1}"
        last = e
    return f"{last}+"


def _position_features(ctx: DocContext, m: EventMention, view: _SentenceView) -> Iterator[str]:
    si = max(0, bisect_right(ctx.sent_starts, m.evidence.start) - 1)
    yield f"sentence_index={_bucket(si, (1, 2, 3, 6, 11, 21))}"
    n = max(1, len(ctx.sent_starts))
    yield f"sentence_third={min(2, 3 * si // n)}"
    yield f"sentence_tokens={_bucket(view.n_tokens, (10, 20, 30, 45))}"
    yield f"mentions_in_sentence={_bucket(ctx.per_sentence[m.evidence.start], (2, 3, 5))}"
    # an act the story tells in several sentences is one it reports; a lone one may be an aside
    yield f"type_sentences={_bucket(ctx.per_type[m.event_type], (2, 3, 5))}"


def _date_features(ctx: DocContext, m: EventMention) -> Iterator[str]:
    d = m.date
    if d is None:
        yield "date=none"
        return
    yield f"date_type={d.type}"
    yield f"date_granularity={d.granularity}"
    if d.reason.startswith(PAST_REFERENCE):
        yield "past_reference"
    if d.reason.startswith("narrative"):
        yield "narrative"
    if d.value is None or ctx.published is None:
        return
    try:
        days = (ctx.published - dt.date.fromisoformat(d.value[:10])).days
    except ValueError:
        return
    if days < 0:
        yield "date=after_publication"
    else:
        yield f"days_before={_bucket(days, (2, 8, 31, 366))}"
        if days > 365:
            yield "historical"
