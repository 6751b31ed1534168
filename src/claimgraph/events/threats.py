"""Threats made as conditions: "if the army enters the city, we will attack", "sanctions could
follow if Ankara activates the system", "we will impose tariffs if Beijing does not change course";
and threats made as announcements: a speaker saying that their own side will use force against a
party ("he said the rebels will be crushed by the army", "we will impose tariffs on Canada").

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


_FUTURE = frozenset({"will", "shall", "'ll", "would"})
#: pronouns by which a speaker announces their own side's act ("we will strike back")
_OWN_SIDE = frozenset({"we", "i", "he", "she"})


def announced(tok: Any) -> bool:
    """A future act ("will attack", "will be crushed"), not negated, not conditional, not asked:
    what a speaker announces their side will do."""
    v = tok
    if v.dep_ == "xcomp":  # "will have to take steps": the future is on the head
        v = v.head
    auxes = {c.lower_ for c in v.children if c.dep_ in ("aux", "auxpass")}
    if not auxes & _FUTURE or any(c.dep_ == "neg" for c in v.children):
        return False
    return condition_target(tok) is None and not in_condition(tok)


def own_side_subject(tok: Any) -> bool:
    """The act's subject is a pronoun of the speaker's side ("we will", "he would")."""
    return any(c.dep_ in _SUBJ and c.lower_ in _OWN_SIDE for c in tok.children)
