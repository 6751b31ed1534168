"""Restrictions and detention told without a plain coercion verb (issue 14, stop 29).

In: a spaCy token of a parsed sentence. Out: a COERCE entry when the token is such an act, else
None. Used by the trigger finder (`triggers.find_triggers`, the `_restriction` finder).

- *Access refused* ("the army does not allow humanitarian agencies to go to these areas",
  "police refused to allow aid workers into the camp", "the junta never lets journalists enter
  the state"): a verb of permitting (allow, let, permit) that is negated or refused, whose
  complement is a movement or access (go, enter, travel, reach, visit, a "to/into" place, or
  "access", "entry"). Keeping people out is the restriction that happened (CAMEO 1724/175,
  PLOVER COERCE); the negation is the act, so the mention is asserted (mode "refuse", read by
  `modality._refused`), not a negated permission; who is kept out is its recipient
  (`kept_out`, read by `stage._candidate_roles`). A permission that is only not given to a
  thing ("does not allow imports of X", "the law does not allow it") names no one kept out and
  the rule does not fire.
- *People sent to a place of detention* ("began sending migrants to the detention center at
  Guantanamo Bay", "transferred the detainees to a military prison", "was sent to jail"): a
  verb of sending or transfer whose "to" phrase, in its own clause, is a jail, a prison or a
  detention centre is a detention (CAMEO 173, PLOVER COERCE arrest). A "to" phrase inside a
  naming clause ("sending what officials described as 'aliens' to X") is still its own: the
  naming stands for the noun. Aid, letters or troops sent to a prison's area are not people
  held: the thing sent must not be a thing in the lexicon's send entries (aid, weapons...).
- *The shape of an exercise is no blockade* ("China conducted military drills encircling
  Taiwan", "naval exercises surrounding the island"): a verb of encircling or surrounding whose
  noun or subject is a military exercise tells where the exercise ran; the exercise is the event
  (MOBILIZE, with the place or party as its recipient), not a second, coercive one. Forces
  encircling a town ("troops encircling the city") are no exercise and stay COERCE.
"""

from __future__ import annotations

from claimgraph.events.fires import VERB, Fires
from claimgraph.events.lexicon import Entry, lemma
from claimgraph.events.participants import agent_heads

__all__ = [
    "ACCESS_REFUSED",
    "SENT_TO_DETENTION",
    "access_refused",
    "exercise_shape",
    "kept_out",
    "sent_to_detention",
]

#: people kept out of a place: the refusal is the act (mode "refuse": asserted when negated)
ACCESS_REFUSED = Entry("COERCE", ("refuse",), (), "lexicon")
#: people sent to a jail, a prison or a detention centre (CAMEO 173)
SENT_TO_DETENTION = Entry("COERCE", ("arrest",), ("legal",), "lexicon")

#: verbs of permitting
PERMITTING = frozenset("allow let permit".split())
#: verbs that refuse their complement ("refused to allow")
_REFUSING = frozenset("refuse decline".split())
#: going somewhere or reaching someone
MOVEMENT = frozenset(
    "go come enter travel reach visit access cross return leave land dock pass operate "
    "work deliver move".split()
)
#: what is let in
ACCESS_NOUNS = frozenset("access entry passage entrance".split())
_PLACE_PREPS = frozenset("to into in inside".split())

#: verbs of sending people somewhere
SENDING = frozenset("send transfer move fly ship bus take bring return".split())
#: where people are held
DETENTION_PLACES = frozenset("jail jails prison prisons detention penitentiary gulag".split())
#: things sent that are no people (the lexicon's `send >aid|troops...` AID and MOBILIZE)
_THINGS_SENT = frozenset(
    "aid troops assistance food weapons relief supplies letter letters message money "
    "reinforcements equipment".split()
)
#: verbs of naming whose clause stands for a noun ("what officials described as aliens")
_NAMING = frozenset("describe call label term dub".split())

#: verbs that give an exercise its shape
SHAPING = frozenset("encircle surround circle ring".split())
#: military exercises (the lexicon's MOBILIZE nouns)
EXERCISES = frozenset("drill drills exercise exercises manoeuvres maneuvers wargames games".split())


def _refused(tok) -> bool:  # type: ignore[no-untyped-def]
    """ "does not allow", "never lets", "refused to allow"."""
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    return tok.dep_ == "xcomp" and lemma(tok.head) in _REFUSING


def _kept_out(tok) -> bool:  # type: ignore[no-untyped-def]
    """The permission's complement: someone going somewhere, or access or entry."""
    people = [c for c in tok.children if c.dep_ in ("dobj", "dative")]
    for c in tok.children:
        if c.dep_ in ("ccomp", "xcomp") and c.pos_ == "VERB" and lemma(c) in MOVEMENT:
            return True
        if c.dep_ in ("dobj", "dative") and (c.lower_ in ACCESS_NOUNS or lemma(c) in ACCESS_NOUNS):
            return True
        if people and c.dep_ == "prep" and c.lower_ in ("into", "inside"):
            return True
    return False


_PARTY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})


def _party_refuses(tok) -> bool:  # type: ignore[no-untyped-def]
    """Who refuses is a party (a name, a pronoun, an agent noun: "the army", "police"), not a
    thing ("the weather", "the law"); an agentless passive ("is not allowed to leave") has one
    untold."""
    v = tok.head if tok.dep_ == "xcomp" else tok  # "police refused to allow"
    subj = next((c for c in v.children if c.dep_ == "nsubj"), None)
    if subj is None:
        return any(c.dep_ == "nsubjpass" for c in tok.children)
    if subj.pos_ == "PRON" or subj.ent_type_ in _PARTY_LABELS:
        return True
    return subj.lower_ in agent_heads() or lemma(subj) in agent_heads()


def access_refused(tok) -> Entry | None:  # type: ignore[no-untyped-def]
    """`ACCESS_REFUSED` if `tok` is a permission to go somewhere that is refused, else None."""
    if tok.pos_ != "VERB" or lemma(tok) not in PERMITTING:
        return None
    if _refused(tok) and _kept_out(tok) and _party_refuses(tok):
        return ACCESS_REFUSED
    return None


def _clause_of(tok, verb) -> bool:  # type: ignore[no-untyped-def]
    """`tok` hangs from `verb` without crossing another verb (a naming verb excepted)."""
    x = tok.head
    for _ in range(10):
        if x.i == verb.i:
            return True
        if x.pos_ in ("VERB", "AUX") and lemma(x) not in _NAMING:
            return False
        if x.head.i == x.i:
            return False
        x = x.head
    return False


def _detention_place(tok) -> bool:  # type: ignore[no-untyped-def]
    """A jail, a prison or a detention centre ("Guantanamo Bay's detention center")."""
    words = {tok.lower_, lemma(tok)}
    words |= {c.lower_ for c in tok.children if c.dep_ in ("compound", "amod")}
    return bool(words & DETENTION_PLACES)


def sent_to_detention(tok) -> Entry | None:  # type: ignore[no-untyped-def]
    """`SENT_TO_DETENTION` if `tok` sends people to a place of detention, else None."""
    if tok.pos_ != "VERB" or lemma(tok) not in SENDING:
        return None
    sent = {c.lower_ for c in tok.children if c.dep_ in ("dobj", "nsubjpass")}
    # "sending what officials described as aliens": the naming clause is the object
    sent |= {"what" for c in tok.children if c.dep_ == "ccomp" and lemma(c) in _NAMING}
    if not sent or sent & _THINGS_SENT:
        return None  # "returned to prison" by himself; aid sent to a prison
    for x in tok.subtree:
        if (
            x.dep_ == "pobj"
            and x.head.lower_ == "to"
            and _detention_place(x)
            and _clause_of(x.head, tok)
        ):
            return SENT_TO_DETENTION
    return None


def exercise_shape(tok) -> bool:  # type: ignore[no-untyped-def]
    """ "drills encircling Taiwan", "the exercises surrounded the island": the verb says where an
    exercise ran, no act itself."""
    if tok.pos_ != "VERB" or lemma(tok) not in SHAPING:
        return False
    # the participle's noun, or the subject ("the drills encircled the island")
    nouns = [tok.head] if tok.dep_ == "acl" else []
    nouns += [c for c in tok.children if c.dep_ == "nsubj"]
    return any(n.lower_ in EXERCISES or lemma(n) in EXERCISES for n in nouns)


def kept_out(tok, entry: Entry) -> list:  # type: ignore[no-untyped-def]
    """Who an access refused keeps out: the object of the permission ("does not allow aid
    workers into the camp") or the subject of its movement ("does not allow humanitarian
    agencies to go there", which the parse reads as a clause); [] for any other act."""
    if entry is not ACCESS_REFUSED:
        return []
    people = [
        c for c in tok.children if c.dep_ in ("dobj", "dative") and lemma(c) not in ACCESS_NOUNS
    ]
    for c in tok.children:
        if c.dep_ in ("ccomp", "xcomp") and lemma(c) in MOVEMENT:
            people += [g for g in c.children if g.dep_ == "nsubj"]
    return people


#: what `exercise_shape`, `access_refused` and `sent_to_detention` can fire on (events.fires)
FIRES = (Fires(lemmas=SHAPING | PERMITTING | SENDING, pos=VERB),)
