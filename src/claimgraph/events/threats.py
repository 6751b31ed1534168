"""Threats made as conditions: "if the army enters the city, we will attack", "sanctions could
follow if Ankara activates the system", "we will impose tariffs if Beijing does not change course".

In: a trigger of a hostile act in a parsed sentence. Out: the subject of the condition (whom the
threat is aimed at), when the act is the consequence of an "if"/"unless" clause. The act itself
did not happen (the events stage keeps it planned or hypothetical); saying it is a THREATEN
(PLOVER: "threaten ... with a conditional act") that did.
"""

from __future__ import annotations

from typing import Any

#: acts whose announcement under a condition is a threat
HOSTILE = frozenset({"ASSAULT", "SANCTION", "COERCE", "MOBILIZE"})
_CONDITION_MARKS = frozenset({"if", "unless"})
_SUBJ = frozenset({"nsubj", "nsubjpass"})


def condition_target(tok: Any) -> Any | None:
    """The condition's subject token ("if *Ankara* activates"), or the condition's verb when it
    has no subject; None when `tok` is no consequence of a condition."""
    heads = [tok]
    if tok.dep_ in _SUBJ or tok.dep_ in ("dobj", "xcomp"):  # "sanctions could follow if ..."
        heads.append(tok.head)
    if tok.head.dep_ == "xcomp" or tok.dep_ == "xcomp":  # "will not hesitate to shut ... if"
        heads.append(tok.head.head)
    for h in heads:
        for c in h.children:
            if c.dep_ == "advcl" and any(
                m.dep_ == "mark" and m.lower_ in _CONDITION_MARKS for m in c.children
            ):
                subj = next((s for s in c.children if s.dep_ in _SUBJ), None)
                return subj if subj is not None else c
    return None


def in_condition(tok: Any) -> bool:
    """Whether `tok` lies inside an "if"/"unless" clause (the condition, not the consequence)."""
    x = tok
    for _ in range(6):
        if x.dep_ == "advcl" and any(
            m.dep_ == "mark" and m.lower_ in _CONDITION_MARKS for m in x.children
        ):
            return True
        if x.head.i == x.i:
            return False
        x = x.head
    return False
