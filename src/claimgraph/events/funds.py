"""Money voted or approved for a country or a people: AID (issue 14, stop 29).

In: a spaCy token of a parsed sentence. Out: `FUNDS_VOTED` when the token is such an act, else
None. Used by the trigger finder (`triggers.find_triggers`, the `_funds` finder before the
lexicon's).

- *Funds voted for a party* ("the monies that the U.S. Congress voted for Taiwan defense",
  "parliament approved $2 billion in military aid to Ukraine", "the funds the council allocated
  for Somali refugees"): a verb of granting money (vote, approve, allocate, earmark,
  appropriate, authorize, disburse) whose object is money (funds, monies, aid, assistance,
  funding, a grant or loan, a sum "$5 billion" or "$5 billion in aid") and whose "for"/"to"
  phrase names a country or a people. The grant is the aid (CAMEO 07, PLOVER AID), not an
  agreement: the lexicon's `vote <congress...` AGREE is for votes on motions and laws.
- The money may be the verb's object, its passive subject ("$5 billion was approved for
  Ukraine") or the noun a relative clause hangs from ("the monies that Congress voted").
- *Not aid*: money approved for a thing or a body at home ("voted funds for the new stadium",
  "approved the budget", "allocated money for road repairs") names no country or people: the
  rule does not fire and the verb keeps its lexicon entry.
"""

from __future__ import annotations

from claimgraph.events.fires import VERB, Fires
from claimgraph.events.lexicon import Entry, lemma

__all__ = ["FUNDS_VOTED", "funds_voted"]

#: money granted to a party by a vote or an approval (CAMEO 07)
FUNDS_VOTED = Entry("AID", (), ("economic",), "lexicon")

#: verbs of granting money by a decision
GRANTING = frozenset(
    "vote approve allocate earmark appropriate authorize authorise disburse".split()
)
#: nouns of money given
MONEY_NOUNS = frozenset(
    "fund funds money monies aid assistance funding grant grants loan loans dollars euros".split()
)
#: number words a sum of money is counted in ("$5 billion")
_SUM_WORDS = frozenset("million billion trillion".split())
#: entity labels of a country or a people
_PARTY_LABELS = frozenset({"GPE", "NORP"})
_BENEFICIARY = frozenset({"for", "to"})


def _is_money(tok) -> bool:  # type: ignore[no-untyped-def]
    """A money noun, a sum of money ("$5 billion"), or a sum "in/of" money ("$5 billion in
    aid")."""
    if tok.lower_ in MONEY_NOUNS or lemma(tok) in MONEY_NOUNS:
        return True
    if tok.ent_type_ == "MONEY" or tok.lower_ in _SUM_WORDS:
        return True
    return any(
        g.lower_ in MONEY_NOUNS
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ in ("in", "of")
        for g in c.children
        if g.dep_ == "pobj"
    )


def _money_of(verb) -> list:  # type: ignore[no-untyped-def]
    """The money `verb` grants: its object or passive subject, or the noun its relative clause
    hangs from."""
    got = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass") and _is_money(c)]
    if not got and verb.dep_ == "relcl" and verb.head.i != verb.i and _is_money(verb.head):
        got = [verb.head]
    return got


def _names_a_party(tok) -> bool:  # type: ignore[no-untyped-def]
    """A "for"/"to" phrase whose object names a country or a people."""
    return any(
        x.ent_type_ in _PARTY_LABELS for g in tok.children if g.dep_ == "pobj" for x in g.subtree
    )


def _beneficiaries(verb, money: list) -> list:  # type: ignore[no-untyped-def]
    """The "for"/"to" phrases of the verb and of its money."""
    return [
        c
        for t in [verb, *money]
        for c in t.children
        if c.dep_ in ("prep", "dative") and c.lower_ in _BENEFICIARY
    ]


def funds_voted(tok) -> Entry | None:  # type: ignore[no-untyped-def]
    """`FUNDS_VOTED` if `tok` is a verb granting money to a country or a people, else None."""
    if tok.pos_ != "VERB" or lemma(tok) not in GRANTING:
        return None
    money = _money_of(tok)
    if not money:
        return None
    if any(_names_a_party(p) for p in _beneficiaries(tok, money)):
        return FUNDS_VOTED
    return None


#: what `funds_voted` can fire on (events.fires)
FIRES = (Fires(lemmas=GRANTING, pos=VERB),)
