"""Court proceedings told without a verb of accusing: a trial, charges faced, prosecutors' claims
(CAMEO 112 accuse / PLOVER ACCUSE, "charge in court" in the fixture guidelines).

- **On trial**: "X is/went on trial (on espionage charges)", "X will stand trial", "X faces
  trial", "X stands accused of the bombing": X is the defendant.
- **Charges faced**: "X faces two charges relating to ...", "who are facing murder-for-hire
  charges", "X faces an indictment".
- **A trial opens**: "the trial of X opened in Nairobi", "a trial opened in Paris over the
  bombing" (the act tried is its own event, told by its own noun).
- **Tried**: "the defendants are being tried in absentia", "X was tried by a military court".
- **Prosecutors' claims**: "prosecutors say X hired a gunman to kill Y": the prosecutors accuse
  X of what they say X did (that act stays its own event, with its own modality).

The accuser is the court or the prosecutors the clause names, else the place of a trial held
"in <country or city>" (the state whose court it is, when the text says where); the accused is
the defendant. A detention that the same clause tells ("remain in jail, facing trial on charges
of corruption") is the custody's event (events.custody), not a second one; negated, modal and
conditional clauses ("if convicted, he could face life in prison") are no proceeding.

In: a token of a parsed sentence. Out: the rule's entry (an ACCUSE) when the token is the trigger
of a proceeding; for the stage, the accuser and accused token spans.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from claimgraph.events.custody import CUSTODY_NOUNS, typed_agent
from claimgraph.events.fires import Fires
from claimgraph.events.lexicon import Entry, lemma
from claimgraph.events.threats import in_condition

#: one entry per rule, so that the stage and the benchmarks can tell them apart (by identity)
ON_TRIAL = Entry("ACCUSE", ("allege",), ("legal",), "rule")
CHARGES_FACED = Entry("ACCUSE", ("allege",), ("legal",), "rule")
TRIAL_OPENS = Entry("ACCUSE", ("allege",), ("legal",), "rule")
TRIED = Entry("ACCUSE", ("allege",), ("legal",), "rule")
PROSECUTORS_SAY = Entry("ACCUSE", ("allege",), ("legal",), "rule")
RULES = {
    "on trial": ON_TRIAL,
    "charges faced": CHARGES_FACED,
    "trial opens": TRIAL_OPENS,
    "tried": TRIED,
    "prosecutors say": PROSECUTORS_SAY,
}

TRIAL_NOUNS = frozenset("trial retrial".split())
#: what a defendant faces: "faces two charges", "faces an indictment", "faces trial"
FACED = frozenset("charge charges count counts indictment prosecution trial retrial".split())
#: "is on trial", "went on trial", "stands trial", "remains on trial"
BEING_ON = frozenset("be go stand remain".split())
#: a trial's beginning: "the trial opened", "a retrial began"
OPENING = frozenset("open begin start resume reopen".split())
#: who accuses in court
COURTS = frozenset("court tribunal prosecutor prosecutors prosecution judge jury".split())
#: who makes a charge by saying it
PROSECUTORS = frozenset("prosecutor prosecutors prosecution indictment".split())
SAYING = frozenset("say allege tell claim argue contend charge state".split())
_MODALS = frozenset("could might may would should can".split())
_SUBJ = frozenset({"nsubj", "nsubjpass"})


@dataclass(frozen=True)
class Proceeding:
    entry: Entry
    defendant: Any | None  # head token of the accused
    accuser: Any | None  # head token of the court, the prosecutors or the place of the trial


def _unreal(v: Any) -> bool:
    """Negated, modal or conditional: "was not charged", "could face", "if convicted"."""
    return in_condition(v) or any(
        c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ in _MODALS) for c in v.children
    )


def _subject(v: Any) -> Any | None:
    """The clause's subject; a relative pronoun gives way to the noun it stands for ("Mhlanga,
    who faces two charges")."""
    subj = next((c for c in v.children if c.dep_ in _SUBJ), None)
    if subj is not None and subj.lower_ in ("who", "that", "which") and v.dep_ == "relcl":
        return v.head
    if subj is None and v.dep_ in ("advcl", "conj", "xcomp"):  # "..., facing trial"
        return _subject(v.head)
    return subj


def _in_custody(v: Any) -> bool:
    """The clause (or the one it hangs from) tells a detention: "remain in jail, facing trial"."""
    verbs = [v, v.head] if v.dep_ in ("advcl", "conj", "xcomp") else [v]
    return any(
        lemma(x) in CUSTODY_NOUNS or x.lower_ in CUSTODY_NOUNS
        for u in verbs
        for c in u.children
        if c.dep_ == "prep"
        for x in c.subtree
    )


def _party(tok: Any) -> bool:
    """A named or typed party, not a pronoun and not "neither X nor Y" (nobody)."""
    if tok is None or tok.pos_ == "PRON":
        return False
    if any(c.dep_ in ("preconj", "det") and c.lower_ in ("neither", "no") for c in tok.children):
        return False
    if tok.pos_ == "PROPN" or tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return True
    return tok.pos_ == "NOUN" and typed_agent(tok)


def _court(v: Any, skip: Any | None) -> Any | None:
    """The court or prosecutors the clause of `v` names, else the place of a trial "in X"."""
    banned = {x.i for x in skip.subtree} if skip is not None else set()
    for x in v.subtree:
        if x.i not in banned and (lemma(x) in COURTS or x.lower_ in COURTS) and x.pos_ != "VERB":
            return x
    for x in v.subtree:
        if x.ent_type_ == "GPE" and x.dep_ == "pobj" and x.head.lower_ == "in" and x.is_title:
            if x.head.head.i == v.i or lemma(x.head.head) in TRIAL_NOUNS:
                return x
    return None


def _on_trial(v: Any) -> Proceeding | None:
    """ "X is on trial", "X went on trial", "X will stand trial", "X faces trial": the verb is the
    trigger (a noun after a preposition would be read as a reference to a known trial)."""
    if lemma(v) not in BEING_ON | {"face"} or _unreal(v) or _in_custody(v):
        return None
    on = [g for c in v.children if c.dep_ == "prep" and c.lower_ == "on" for g in c.children]
    trial = [
        x
        for x in [*on, *(c for c in v.children if c.dep_ == "dobj" and lemma(v) != "be")]
        if lemma(x) in TRIAL_NOUNS and x.pos_ == "NOUN"
    ]
    if not trial or (lemma(v) == "face" and trial[0].dep_ != "dobj"):
        return None
    defendant = _subject(v)
    if not _party(defendant):
        return None
    return Proceeding(ON_TRIAL, defendant, _court(v, defendant))


def _stands_accused(tok: Any) -> Proceeding | None:
    """ "X stands accused of the bombing", "X remains accused": X is the defendant (the parse
    makes X the accuser of a verb "accused")."""
    v = tok.head
    if tok.lower_ != "accused" or tok.dep_ not in ("acomp", "oprd", "xcomp", "attr", "advcl"):
        return None
    if lemma(v) not in BEING_ON or lemma(v) == "be" or _unreal(v):
        return None
    defendant = _subject(v)
    return Proceeding(ON_TRIAL, defendant, _court(v, defendant)) if _party(defendant) else None


def _charges_faced(tok: Any) -> Proceeding | None:
    """ "X faces two charges", "who are facing murder-for-hire charges"."""
    if lemma(tok) != "face" or tok.pos_ != "VERB" or _unreal(tok) or _in_custody(tok):
        return None
    objs = [c for c in tok.children if c.dep_ == "dobj"]
    if not any(lemma(o) in FACED - TRIAL_NOUNS or o.lower_ in FACED - TRIAL_NOUNS for o in objs):
        return None
    defendant = _subject(tok)
    if not _party(defendant):
        return None
    return Proceeding(CHARGES_FACED, defendant, _court(tok, defendant))


def _trial_opens(tok: Any) -> Proceeding | None:
    """ "The trial of X opened", "X's trial began", "a trial opened in Paris over the bombing"."""
    if lemma(tok) not in OPENING or tok.pos_ != "VERB" or _unreal(tok):
        return None
    trial = next((c for c in tok.children if c.dep_ == "nsubj" and lemma(c) in TRIAL_NOUNS), None)
    if trial is None:
        return None
    defendant = next((c for c in trial.children if c.dep_ == "poss" and _party(c)), None)
    for c in trial.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            defendant = next((g for g in c.children if g.dep_ == "pobj" and _party(g)), defendant)
    return Proceeding(TRIAL_OPENS, defendant, _court(tok, defendant))


def _tried(tok: Any) -> Proceeding | None:
    """ "The defendants are being tried in absentia", "X was tried by a military court"; not
    "tried to" (an attempt)."""
    if lemma(tok) != "try" or tok.tag_ != "VBN" or _unreal(tok):
        return None
    kids = list(tok.children)
    if not any(c.dep_ == "auxpass" for c in kids) or any(c.dep_ == "xcomp" for c in kids):
        return None
    defendant = next((c for c in kids if c.dep_ == "nsubjpass"), None)
    if not _party(defendant):
        return None
    return Proceeding(TRIED, defendant, _court(tok, defendant))


def _prosecutors_say(tok: Any) -> Proceeding | None:
    """ "Prosecutors say X hired a gunman to kill Y": what the prosecution says a party did."""
    if lemma(tok) not in SAYING or tok.pos_ != "VERB" or _unreal(tok):
        return None
    speaker = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if speaker is None or (lemma(speaker) not in PROSECUTORS and speaker.lower_ not in PROSECUTORS):
        return None
    for content in tok.children:
        if content.dep_ != "ccomp" or content.pos_ != "VERB" or _unreal(content):
            continue
        if not any(c.dep_ in ("dobj", "xcomp") for c in content.children):
            continue  # an act done to someone: "hired X", "ordered X to"; not "the victim died"
        subj = next((c for c in content.children if c.dep_ == "nsubj"), None)
        if _party(subj) and lemma(subj) not in COURTS:
            return Proceeding(PROSECUTORS_SAY, subj, speaker)
    return None


_FORMS: tuple[Callable[[Any], Proceeding | None], ...] = (
    _on_trial,
    _stands_accused,
    _charges_faced,
    _trial_opens,
    _tried,
    _prosecutors_say,
)


#: what `proceeding_entry` can fire on (events.fires): the lemmas the forms above test (the
#: verb of `_on_trial` in any part of speech), and the word "accused" (`_stands_accused`)
FIRES = (
    Fires(
        lemmas=BEING_ON | OPENING | SAYING | frozenset({"face", "try"}),
        forms=frozenset({"accused"}),
    ),
)


def proceeding(tok: Any) -> Proceeding | None:
    """The proceeding `tok` is the trigger of, else None."""
    for form in _FORMS:
        found = form(tok)
        if found is not None:
            return found
    return None


def proceeding_entry(tok: Any) -> Entry | None:
    """The ACCUSE entry of the proceeding `tok` triggers, else None (events.triggers)."""
    found = proceeding(tok)
    return found.entry if found is not None else None


def is_proceeding(entry: Any) -> bool:
    """An ACCUSE read by a rule of this module (events.stage)."""
    return any(entry is e for e in RULES.values())


def proceeding_roles(tok: Any, entry: Any, np_span: Any) -> tuple[list, list] | None:  # type: ignore[type-arg]
    """Accuser and accused token spans of a proceeding's trigger `tok`; None when `entry` is no
    rule of this module (events.stage)."""
    if not is_proceeding(entry):
        return None
    found = proceeding(tok)
    if found is None:
        return [], []
    acts = [np_span(found.accuser)] if found.accuser is not None else []
    return acts, [np_span(found.defendant)] if found.defendant is not None else []
