"""A party told as one of a class that did something (issue 14, stop 29).

In: a spaCy token. Out: the party a relative pronoun stands for, or None. Used by the roles
(`roles._RoleFinder.add`).

"Canada and Belgium are among countries that have recently banned imports", "Kenya is one of
the countries that have arrested journalists": the relative clause says what the class did, and
the copula puts the subject in the class, so the subject did it. The class noun itself
("countries") is no party. Only a copula ("be", "remain") with "among" or "one of" makes the
subject a member; "Canada called on countries that banned imports" says nothing of Canada.
"""

from __future__ import annotations

from claimgraph.events.lexicon import lemma

__all__ = ["class_member"]

_RELATIVES = frozenset("that which who".split())
_COPULAS = frozenset("be remain become".split())
_NUMBERS = frozenset("one two three several some many".split())


def _copula_subject(prep):  # type: ignore[no-untyped-def]
    """The subject of the copula `prep` ("among", "of") hangs from."""
    head = prep.head
    if head.lower_ in _NUMBERS and head.dep_ == "attr":  # "is one of the countries"
        head = head.head
    if lemma(head) not in _COPULAS:
        return None
    return next((c for c in head.children if c.dep_ == "nsubj"), None)


def class_member(tok):  # type: ignore[no-untyped-def]
    """The subject of "X are among the Ns" / "X is one of the Ns" when `tok` is the relative
    pronoun subject of a clause on those Ns, else None."""
    if tok.lower_ not in _RELATIVES or tok.dep_ != "nsubj" or tok.head.dep_ != "relcl":
        return None
    noun = tok.head.head
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ not in ("among", "of"):
        return None
    if prep.lower_ == "of" and prep.head.lower_ not in _NUMBERS:
        return None
    return _copula_subject(prep)
