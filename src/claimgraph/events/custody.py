"""Coercion, detention and release told without a plain arrest verb (issue 14, fourth round).

In: spaCy tokens of a parsed sentence. Out: whether a token is such an act, and who undergoes
it. Used by the trigger finder (`triggers.find_triggers`), the roles (`roles.roles`) and the
not-an-event tests (`modality.is_generic`, `modality.is_reference`).

- *A detention told as a state of named or typed people* ("X and Y are in jail, facing trial",
  "those who escaped are back in custody", "has been in custody since Feb. 24 over
  accusations"): the story reports the detention of these people as a fact about them, tied to
  a charge, a trial, a custody change or a date it began. CAMEO 173 (arrest, detain), PLOVER
  COERCE. A population described by its state ("1,542 prisoners were in detention", "thousands
  remain in jail") is no event: detainees in detention say nothing happened to anyone.
- *Caught people* ("escapees were caught", "caught by prison guards"): an arrest; "caught fire",
  "caught in the crossfire", "caught off guard" are not.
- *A campaign of arrests counted since a date* ("security forces have arrested at least 2,400
  people since February 1"): one coercive campaign by a named or typed force, not a tally of
  unrelated acts; an agentless "journalists have been detained in the past two years" stays one.
- *An order to close a place* ("the government has ordered its military to immediately seal
  border areas", "instructed police to seal off the town"): the order is the restriction that
  happened (CAMEO 1724, PLOVER COERCE), whether or not the story tells the sealing done; the
  sealing itself stays planned.
- *Who takes part*: typed agents from the Phoenix agents dictionary (`participants.agent_heads`:
  "captors", "prison guards", "schoolgirls") fill the roles of these acts and of releases.
"""

from __future__ import annotations

from claimgraph.events.fires import NOUN, VERB, Fires
from claimgraph.events.lexicon import Entry, english, lemma
from claimgraph.events.participants import LEGAL_PERSONS, TARGETS, agent_heads
from claimgraph.events.words import PERSON_NOUNS

__all__ = [
    "ARREST",
    "CUSTODY_STATE",
    "ORDERED_CLOSURE",
    "arrest_campaign",
    "catches_a_person",
    "custody_patients",
    "custody_state",
    "granted_measure",
    "orders_a_closure",
    "displaced_state",
    "takes_typed_agents",
    "typed_agent",
]

#: an arrest read by a rule of this module (CAMEO 173)
ARREST = Entry("COERCE", ("arrest",), ("legal",), "lexicon")
#: a detention told as a state ("are in jail, facing trial"): its noun is no reference, and its
#: subject undergoes it (nobody in the clause did it)
CUSTODY_STATE = Entry("COERCE", ("arrest",), ("legal",), "lexicon")

#: where people are held
CUSTODY_NOUNS = frozenset("jail prison custody detention".split())
#: people named by being held: "prisoners are in detention" tells nothing happened to anyone
DETAINEE_NOUNS = frozenset("prisoner detainee inmate convict captive".split())
#: verbs of being somewhere
_BEING = frozenset("be remain stay languish".split())
#: words that tie a custody to a legal act against the people held
LEGAL_TIES = frozenset(
    "charge charges trial accusation accusations indictment conviction sentence verdict "
    "accused charged convicted indicted sentenced arrest arrested".split()
)
_SUBJ = frozenset({"nsubj", "nsubjpass"})
#: "caught in the crossfire", "caught up in", "caught off guard", "caught on camera"
_NOT_ARRESTS = frozenset("in up off on between unaware".split())
_RELATIVE_PERSONS = frozenset({"who"})


def typed_agent(tok) -> bool:  # type: ignore[no-untyped-def]
    """A head noun that names a kind of agent (Phoenix agents dictionary) or of person, not a
    place or thing."""
    w = tok.lower_
    forms = {
        w,
        lemma(tok),
        w[:-1] if w.endswith("s") else w,
        w[:-3] + "man" if w.endswith("men") else w,
    }
    # the agents dictionary also lists places of agents ("building", "office", "camp"): things.
    # Membership per form, not a union of the dictionary's keys built on every call.
    heads = agent_heads()
    return any(f in heads or f in PERSON_NOUNS or f in LEGAL_PERSONS for f in forms) and not (
        forms & TARGETS
    )


def takes_typed_agents(plover: str, modes: list[str] | tuple[str, ...]) -> bool:
    """Acts on people whose roles typed agents fill: coercion, concessions and releases."""
    return plover in ("COERCE", "CONCEDE") or (plover == "RETREAT" and "release" in modes)


def _counted(tok):  # type: ignore[no-untyped-def]
    """What a number counts: "Sixty of those" -> "those", "2,400 people" -> "people"."""
    if tok.like_num or tok.pos_ == "NUM":
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                return next((g for g in c.children if g.dep_ == "pobj"), tok)
    return tok


def _person(tok) -> bool:  # type: ignore[no-untyped-def]
    """A named or typed person or group, or "those who ..." (people picked out by an act)."""
    tok = _counted(tok)
    if tok.ent_type_ in ("PERSON", "ORG", "NORP") or tok.pos_ == "PROPN":
        return True
    if tok.lower_ in ("those", "they", "he", "she", "them", "him", "her"):
        return tok.lower_ != "those" or any(
            c.dep_ == "relcl" and any(g.lower_ in _RELATIVE_PERSONS for g in c.children)
            for c in tok.children
        )
    return tok.pos_ == "NOUN" and typed_agent(tok)


def _being_verb(noun):  # type: ignore[no-untyped-def]
    """The verb of "X is/remains (back) in <noun>", else None."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ != "in":
        return None
    v = prep.head
    if v.lower_ == "back" and v.dep_ == "advmod":
        v = v.head  # "are back in custody"
    return v if lemma(v) in _BEING and v.pos_ in ("AUX", "VERB") else None


def custody_patients(noun) -> list:  # type: ignore[no-untyped-def]
    """Who is held, for a custody-state noun: the subject of its being verb (or of the verb a
    conjunct shares it with: "have been caught and are back in custody")."""
    v = _being_verb(noun)
    if v is None:
        return []
    for _ in range(2):
        subj = [c for c in v.children if c.dep_ in _SUBJ]
        if subj:
            return subj
        if v.dep_ != "conj" or v.head.i == v.i:
            break
        v = v.head
    return []


def _legal_tie(v) -> bool:  # type: ignore[no-untyped-def]
    """A charge, a trial or an arrest in the clause, a return to custody ("back"), or the date
    the custody began ("since Feb. 24")."""
    for x in v.subtree:
        if lemma(x) in LEGAL_TIES or x.lower_ in LEGAL_TIES:
            return True
        if x.lower_ == "back" and x.head.i == v.i:
            return True
        if (
            x.lower_ == "since"
            and x.head.i == v.i
            and any(g.ent_type_ == "DATE" for g in x.subtree)
        ):
            return True
    return False


def custody_state(noun) -> bool:  # type: ignore[no-untyped-def]
    """ "Officials are also in jail, facing trial on charges of corruption": a detention of
    named or typed people, tied to a legal act, told as a state (the module says which)."""
    if noun.pos_ != "NOUN" or lemma(noun) not in CUSTODY_NOUNS:
        return False
    v = _being_verb(noun)
    if v is None or any(c.dep_ == "neg" for c in v.children):
        return False
    held = custody_patients(noun)
    if not held or not any(_person(h) for h in held):
        return False
    if any(lemma(_counted(h)) in DETAINEE_NOUNS for h in held):
        return False
    return _legal_tie(v)


def catches_a_person(verb) -> bool:  # type: ignore[no-untyped-def]
    """ "Escapees were caught", "caught by prison guards", "police caught the suspect": an
    arrest of a person; "caught fire", "caught in the crossfire" are not."""
    if verb.pos_ != "VERB" or lemma(verb) != "catch":
        return False
    kids = list(verb.children)
    if any(c.lower_ in _NOT_ARRESTS for c in kids if c.dep_ in ("prep", "prt", "advmod", "acomp")):
        return False
    patients = [c for c in kids if c.dep_ in ("dobj", "nsubjpass")]
    passive = any(c.dep_ == "auxpass" for c in kids)
    if not patients and passive and verb.dep_ in ("pcomp", "conj", "advcl"):
        return any(c.dep_ == "agent" for c in kids)  # "before being caught by prison guards"
    return bool(patients) and all(_person(p) for p in patients)


def arrest_campaign(verb) -> bool:  # type: ignore[no-untyped-def]
    """ "Security forces have arrested at least 2,400 people since February 1": a named or typed
    force's arrests of a counted number of people since a dated start, one campaign."""
    if verb.pos_ != "VERB" or lemma(verb) not in ("arrest", "detain", "jail"):
        return False
    kids = list(verb.children)
    if any(c.dep_ == "auxpass" for c in kids):
        return False
    subj = [c for c in kids if c.dep_ == "nsubj"]
    objs = [c for c in kids if c.dep_ == "dobj"]
    if not subj or not objs or not all(_person(s) for s in subj):
        return False
    counted = any(
        c.dep_ == "nummod" or c.lower_ in ("hundreds", "thousands", "dozens")
        for o in objs
        for c in [o, *o.children]
    )
    since = any(
        c.dep_ == "prep" and c.lower_ == "since" and any(g.ent_type_ == "DATE" for g in c.subtree)
        for c in kids
    )
    return counted and since


#: verbs that grant, extend or end a custody measure: "granted him house arrest", "lifted his
#: house arrest"; the measure they take as object is no arrest of its own
MEASURE_VERBS = frozenset("grant lift end extend ease".split())


def granted_measure(noun) -> bool:  # type: ignore[no-untyped-def]
    """ "A court granted him house arrest": the house arrest is what the court granted (a
    CONCEDE), no arrest that happened."""
    return (
        lemma(noun) in ("arrest", "detention", "bail")
        and noun.dep_ in ("dobj", "obj")
        and lemma(noun.head) in MEASURE_VERBS
    )


def displaced_state(verb) -> bool:  # type: ignore[no-untyped-def]
    """ "People are starting to become displaced": displacement as a state people are in, with
    nobody who expelled them (CAMEO 174 needs an expeller), is no COERCE."""
    return (
        lemma(verb) == "displace"
        and verb.dep_ == "acomp"
        and not any(c.dep_ == "agent" for c in verb.children)
    )


#: an order to close a place, read by `orders_a_closure`
ORDERED_CLOSURE = Entry("COERCE", ("restrict",), ("military",), "lexicon")
#: verbs of commanding a force to act
ORDERING = frozenset("order instruct direct command".split())
#: the modes of a closing act in the lexicon ("seal >border", "impose >curfew")
_CLOSING_MODES = frozenset({"restrict", "curfew"})


def _closes_a_place(verb) -> bool:  # type: ignore[no-untyped-def]
    """ "seal border areas", "seal off the town", "close the border": a lexicon COERCE of the
    restricting kind, keyed by the verb's object or particle."""
    lex = english()
    kids = list(verb.children)
    prt = [c.lower_ for c in kids if c.dep_ == "prt"]
    phrase = lex.phrases.get((lemma(verb), *prt)) if prt else None
    if phrase is not None and phrase[1].plover == "COERCE":
        return bool(set(phrase[1].modes) & _CLOSING_MODES)
    by_obj = lex.with_obj.get(lemma(verb), {})
    for c in kids:
        if c.dep_ not in ("dobj", "obj"):
            continue
        e = by_obj.get(lemma(c)) or by_obj.get(c.lower_)
        if e is not None and e.plover == "COERCE" and set(e.modes) & _CLOSING_MODES:
            return True
    return False


def orders_a_closure(verb) -> bool:  # type: ignore[no-untyped-def]
    """ "Has ordered its military to immediately seal border areas": an order to close a place,
    given (not denied), is a restriction that happened (the module says why)."""
    if verb.pos_ != "VERB" or lemma(verb) not in ORDERING:
        return False
    if any(c.dep_ == "neg" for c in verb.children):
        return False
    return any(c.dep_ == "xcomp" and _closes_a_place(c) for c in verb.children)


#: what `custody_state`, `catches_a_person` and `orders_a_closure` can fire on (events.fires)
FIRES = (
    Fires(lemmas=CUSTODY_NOUNS, pos=NOUN),
    Fires(lemmas=ORDERING | frozenset({"catch"}), pos=VERB),
)
