"""Who may fill an event's actor or recipient slot: a named or typed participant.

In: the token span roles chose and the ActorRef built from it. Out: keep it or not.

Named: resolved in the actor registry, a demonym ("a Russian strike"), or a span holding a
person, organisation, state or group name. Typed: the span's head noun is a kind of agent
("militants", "three villagers", "the police"), from the Phoenix/PETRARCH agents dictionary
(`data/events/agent_heads.tsv`, built by tools/build_agent_heads.py). Weapons ("suicide
jackets", "a car bomb"), pronouns nobody resolved, abstract nouns and clause fragments are
none of these, and an analyst cannot use them as "who did it to whom".
"""

from __future__ import annotations

import functools

from claimgraph.model import ActorRef
from claimgraph.resources import data_path

__all__ = ["LEGAL_PERSONS", "is_participant", "agent_heads", "picked_out_by_act"]

_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
WEAPONS = frozenset(
    "bomb ied explosive jacket vest belt rifle gun missile rocket mortar shell grenade mine drone "
    "weapon ammunition bullet device artillery munition landmine car-bomb".split()
)


#: physical targets: a recipient may be what was hit ("ambushed a convoy", "stormed a hotel")
TARGETS = frozenset(
    "convoy patrol checkpoint bus train vehicle car truck hotel school hospital mosque church "
    "market village town camp base post station office embassy compound prison jail pipeline "
    "plant bridge airport port ship vessel aircraft plane helicopter building home house".split()
)


@functools.cache
def agent_heads() -> dict[str, str]:
    out: dict[str, str] = {}
    for line in data_path("events", "agent_heads.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            head, _, sector = line.partition("\t")
            out[head] = sector
    return out


def is_participant(span, ref: ActorRef, recipient: bool = False) -> bool:  # type: ignore[no-untyped-def]
    """`span`: the spaCy tokens the ActorRef was built from; a recipient may also be a target."""
    if ref.actor_id or ref.country:
        return True
    words = [t for t in span if t.is_alpha and len(t.text) > 1]
    if not words:
        return False
    head = span.root
    forms = _singulars(head.lower_)
    if forms & WEAPONS:
        return False
    if picked_out_by_act(head):
        return True
    if head.pos_ == "PRON" or all(t.pos_ in ("PRON", "DET") for t in words):
        return False
    if any(t.ent_type_ in _NAME_LABELS for t in span) or head.pos_ == "PROPN":
        return True
    return (
        bool(forms & (agent_heads().keys() | LEGAL_PERSONS | PLAIN_PERSONS))
        or (recipient and bool(forms & TARGETS))
        or _typed_group(head, forms)
    )


#: people named by where they stand before the law, which the agents dictionary lacks: the
#: parties of arrests, trials and releases ("police caught the two suspects")
LEGAL_PERSONS = frozenset("suspect fugitive escapee defendant detainee inmate".split())
#: people named only as persons, which the agents dictionary lacks too: the agents of passive
#: acts ("threatened by unnamed individuals", "attacked by unknown individuals")
PLAIN_PERSONS = frozenset({"individual"})

#: nouns of an organised group, typed by what its members are ("a terrorist cell", "a criminal
#: ring", "a jihadist network"); alone ("the cell", "a phone network") they name no one
GROUP_NOUNS = frozenset("cell ring network syndicate".split())


def _typed_group(head, forms: set[str]) -> bool:  # type: ignore[no-untyped-def]
    """A group noun whose modifier is a kind of agent: "a terrorist cell" (issue 14)."""
    if not forms & GROUP_NOUNS:
        return False
    return any(
        c.dep_ in ("amod", "compound") and _singulars(c.lower_) & agent_heads().keys()
        for c in head.children
    )


def _singulars(word: str) -> set[str]:
    """The word and its possible singulars (the pipeline runs without spaCy's lemmatizer)."""
    out = {word}
    if word.endswith("men"):
        out.add(word[:-3] + "man")
    if word.endswith("ies"):
        out.add(word[:-3] + "y")
    if word.endswith("es"):
        out.add(word[:-2])
    if word.endswith("s"):
        out.add(word[:-1])
    if word == "children":
        out.add("child")
    return out


#: what a relative clause must say to make "those who ..." a group of people
_WHO = frozenset({"who"})


def picked_out_by_act(tok) -> bool:  # type: ignore[no-untyped-def]
    """ "Those who escaped", "those who fled the fighting": people picked out by what they did,
    a group an analyst can use as a party (an escapee, a refugee), not an unresolved pronoun."""
    return tok.lower_ == "those" and any(
        c.dep_ == "relcl" and c.pos_ == "VERB" and any(g.lower_ in _WHO for g in c.children)
        for c in tok.children
    )
