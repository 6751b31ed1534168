"""JudgeStage: drop the factual mentions the learned gate says state no event that happened.

In: a Document after the `when` stage (every mention typed, with roles, modality, place and date;
the nlp stage's parse still in `doc._spacy`). Out: the same Document without the mentions the gate
scores under its threshold; before the gate decides, the type model (`types.TypeModel`, when one
is given) may retype a factual mention (`_retyped`). Only mentions the rules call factual
(asserted or hedged) are judged:
planned, hypothetical and negated ones are never exported as current events anyway, and they stay
as the claims and statuses that say what did not (yet) happen. `JudgeStage(gate=None)` judges
nothing (training runs); `observe(doc, mention, features)` is called on every mention (judged or
not) before the decision, so a training run reads the very features the shipped stage scores.
Last, `rescue` (a `rescue.SentenceModel`, None: off) proposes a mention on each sentence left with
none whose best type probability reaches the model's threshold (`judge.rescue`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from claimgraph.judge.features import DocContext, doc_context, mention_features
from claimgraph.judge.gate import Gate
from claimgraph.judge.rescue import SentenceModel, rescue
from claimgraph.judge.types import TypeModel, apply_type, type_features
from claimgraph.model import Document, EventMention

__all__ = ["JudgeStage", "JUDGED_MODALITIES", "Observer"]

log = logging.getLogger(__name__)

#: the modalities whose mentions vote that an event happened (`merge.aggregate`): the gate's domain
JUDGED_MODALITIES = frozenset({"asserted", "hedged"})

Observer = Callable[[Document, EventMention, list[str]], None]


class JudgeStage:
    """Scores each factual mention with `gate` and drops those under its threshold."""

    name = "judge"
    requires: tuple[str, ...] = ("text", "sentences", "_spacy", "mentions", "mentions.date")
    provides: tuple[str, ...] = ("mentions.judged",)

    def __init__(
        self,
        gate: Gate | None = None,
        observe: Observer | None = None,
        rescue: SentenceModel | None = None,
        types: TypeModel | None = None,
    ) -> None:
        self.gate = gate
        self.observe = observe
        self.rescue = rescue
        self.types = types

    def __call__(self, doc: Document) -> Document:
        self._judge(doc)
        if self.rescue is not None:
            # after the gate: a sentence it emptied may be told again, by the sentence model
            doc.mentions = [*doc.mentions, *rescue(doc, self.rescue)]
        return doc

    def _judge(self, doc: Document) -> None:
        if not doc.mentions or (self.gate is None and self.observe is None and self.types is None):
            return
        ctx = doc_context(doc)
        kept: list[EventMention] = []
        for m in doc.mentions:
            factual = m.modality in JUDGED_MODALITIES
            judged = self.gate is not None and factual
            if not (judged or (factual and self.types is not None)) and self.observe is None:
                kept.append(m)
                continue
            feats = mention_features(ctx, m)
            if factual and self.types is not None:
                feats = _retyped(self.types, ctx, m, feats)
            if self.observe is not None:
                self.observe(doc, m, feats)
            if not judged or self.gate is None or self.gate.keeps(feats):
                kept.append(m)
        if len(kept) < len(doc.mentions):
            log.debug("judge: %s: %d of %d mentions dropped", doc.uri, len(doc.mentions) - len(kept),
                      len(doc.mentions))  # fmt: skip
            doc.mentions = kept


def _retyped(types: TypeModel, ctx: DocContext, m: EventMention, feats: list[str]) -> list[str]:
    """Retype mention `m` where the type model says so; its features, as they are now."""
    held = {
        o.event_type
        for o in ctx.doc.mentions
        if o is not m and o.evidence.start == m.evidence.start
    }
    new = types.retype(m.event_type, type_features(feats), held)
    if new is None:
        return feats
    apply_type(m, new)
    return mention_features(ctx, m)
