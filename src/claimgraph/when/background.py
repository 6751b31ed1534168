"""Undated background: an act its clause tells as before the story's time, with no date.

In: a Document whose mentions the when stage has dated, and the nlp stage's parses
(`doc._spacy`). Out: the same mentions; one the stage dated by the publication-date fallback
whose clause says it lies in the past without saying when ("In past tensions, Ankara has
threatened", "Tehran has previously called", "has been targeted for years", "has long sought",
"decades ago") keeps that fallback date, its reason now starting with `model.PAST_REFERENCE`, so
the merge marks an event told only so as historical background (`merge.aggregate`), as it does
one dated more than a year before its report.

The cue must modify the trigger's own clause: the verb it attaches to is the trigger or one the
trigger reaches through its heads without entering another clause (a relative, adverbial or
complement clause has a time of its own). A mention with a date expression of its own is left
alone ("previously held the town, captured on Monday"), and so is a duration with a number
("for six years": how long, not when) and "earlier" (same-day in news: "had earlier said").
Without a parse of the sentence nothing changes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from claimgraph.model import PAST_REFERENCE, Document, EventMention

__all__ = ["mark_background", "background_cue", "clause_verbs", "trigger_token"]

#: adverbs that place an act before the story's time
_ADVERBS = frozenset({"previously", "formerly", "once"})
#: "has long sought": long before now, with a perfect
_PERFECT_ADVERBS = frozenset({"long"})
#: the perfect's auxiliary, as written (the nlp stage's fast pipeline sets few lemmas)
_HAVE = frozenset({"has", "have", "had", "'s", "'ve", "'d"})
#: "for years", "over the decades", "in past tensions", "in the past"
_SPAN_NOUNS = frozenset({"years", "decades"})
#: dependencies that open a clause with a time of its own: the cue of the outer clause stops there
_CLAUSE_DEPS = frozenset({"relcl", "advcl", "ccomp", "csubj", "acl", "parataxis", "pcomp"})
#: a cheap test before any token is looked at
_CUE_WORDS = ("previously", "formerly", "once", "long", "past", "years", "decades")


def _span_cue(tok: Any) -> bool:
    """ "for years", "over the decades", "in past tensions", "in the past", "decades ago"."""
    lw = tok.lower_
    if tok.dep_ == "prep" and lw in ("for", "over", "in"):
        for obj in (c for c in tok.children if c.dep_ == "pobj"):
            if any(c.dep_ == "nummod" for c in obj.children):
                return False  # "for six years": a duration
            if lw in ("for", "over") and obj.lower_ in _SPAN_NOUNS:
                return True
            if lw == "in" and (
                obj.lower_ == "past"
                and any(c.lower_ == "the" for c in obj.children)
                or any(c.lower_ == "past" and c.dep_ == "amod" for c in obj.children)
            ):
                return True
    if lw == "ago":
        return any(c.lower_ in _SPAN_NOUNS and not list(c.children) for c in tok.children)
    return False


def _cue_of(tok: Any) -> bool:
    """`tok` is a background cue attached to its head verb."""
    lw = tok.lower_
    if lw in _ADVERBS and tok.dep_ == "advmod":
        return True
    if lw in _PERFECT_ADVERBS and tok.dep_ == "advmod":
        return any(c.dep_ == "aux" and c.lower_ in _HAVE for c in tok.head.children)
    return _span_cue(tok)


def _past_verb(verb: Any) -> bool:
    """The verb tells a past act: past tense, or a perfect ("has threatened")."""
    if verb.tag_ == "VBD":
        return True
    return verb.tag_ == "VBN" and any(
        c.dep_ in ("aux", "auxpass") and c.lower_ in _HAVE for c in verb.children
    )


def clause_verbs(trigger: Any) -> Iterator[Any]:
    """The trigger and the heads it reaches without entering another clause."""
    tok = trigger
    while True:
        yield tok
        if tok.dep_ in _CLAUSE_DEPS or tok.head.i == tok.i:
            return
        tok = tok.head


def background_cue(trigger: Any) -> str | None:
    """The cue ("previously", "for years", ...) that tells the trigger's clause as past
    background, or None. `trigger` is a spaCy token."""
    for verb in clause_verbs(trigger):
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        for c in verb.children:
            if _cue_of(c) and _past_verb(verb):
                return " ".join(t.text for t in c.subtree)
        return None  # the nearest verb decides
    return None


def trigger_token(doc: Document, m: EventMention) -> Any | None:
    """The spaCy token heading the trigger, from the nlp stage's parse of its segment."""
    for si, seg in enumerate(doc.segments):
        if seg.start <= m.trigger.start < seg.end:
            sdoc = doc._spacy.get(si)
            if sdoc is None:
                return None
            span = sdoc.char_span(
                m.trigger.start - seg.start, m.trigger.end - seg.start, alignment_mode="expand"
            )
            return span.root if span is not None else None
    return None


def _undated(m: EventMention) -> bool:
    """Dated by the publication-date fallback: no expression of its own."""
    d = m.date
    return d is not None and d.value is not None and d.text is None and d.type == "approximate"


def mark_background(doc: Document) -> None:
    """Mark each undated mention whose clause tells it as past background (module docstring)."""
    for m in doc.mentions:
        if not _undated(m) or not any(w in m.evidence.text.lower() for w in _CUE_WORDS):
            continue
        tok = trigger_token(doc, m)
        cue = background_cue(tok) if tok is not None else None
        if cue is None or m.date is None:
            continue
        m.date.reason = f"{PAST_REFERENCE} '{cue}': told as background, no date; {m.date.reason}"
