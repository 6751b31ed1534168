"""Acts that one party accuses another of: "X accused the army of attacking civilians".

In: a trigger token of a parsed sentence. Out: the accusing verb, who stands accused and who
accuses, when the trigger is what the accusation is about. The accused act is an allegation: the
accuser says it, the story does not (hedged, as "allegedly"), and the accused is its actor.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from claimgraph.events.lexicon import lemma

ACCUSE_VERBS = frozenset("accuse blame charge suspect implicate fault".split())
_PREPS = frozenset({"of", "for"})


@dataclass(frozen=True)
class Allegation:
    verb: Any  # the accusing verb token
    accused: Any | None  # head token of who stands accused
    accuser: Any | None  # head token of who accuses


def allegation(tok: Any) -> Allegation | None:
    """The accusation `tok` is the content of: "accused X of <tok>ing", "blamed X for the <tok>",
    "X was accused of <tok>ing"."""
    if (
        tok.dep_ not in ("pcomp", "pobj")
        or tok.head.lower_ not in _PREPS
        or tok.head.dep_ != "prep"
    ):
        return None
    prep = tok.head
    verb = prep.head
    accused = None
    if verb.pos_ in ("NOUN", "PROPN", "PRON") and verb.dep_ == "dobj":
        accused, verb = verb, verb.head
    if verb.pos_ != "VERB" or lemma(verb) not in ACCUSE_VERBS:
        return None
    kids = list(verb.children)
    if accused is None:
        accused = next((c for c in kids if c.dep_ in ("dobj", "nsubjpass")), None)
    accuser = next((c for c in kids if c.dep_ == "nsubj"), None)
    if accuser is None:
        agent = next((c for c in kids if c.dep_ == "agent"), None)
        if agent is not None:
            accuser = next((g for g in agent.children if g.dep_ == "pobj"), None)
    return Allegation(verb, accused, accuser)
