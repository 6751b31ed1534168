"""Accusations made without a verb of accusing: a speaker blames a party by what they say it
does or is (CAMEO 11, disapprove / 112, accuse).

- **Blame predicates in reported speech**: "she said Canada has been ripping off the United
  States", "Kabul was failing to rein in the separatists, he said", '"The administration has
  tried to sabotage the process," X said'. The speaker accuses; the predicate's subject is
  accused.
- **Blaming complements in reported speech**: "officials said the group was responsible for the
  attack", '"Congress has become anti-Turkish," he said'.
- **Linking by officials**: "authorities said the cells were aligned with the Islamic State",
  "sources said the attack's handlers are based in Afghanistan": the party the perpetrators are
  tied to is accused.
- **Reports that document prohibited conduct**: "U.N. experts detailed prohibited transfers of
  arms from X to Y in a report": the report's authors accuse X.
- **Wrongs committed and harms directed, in reported speech**: "the U.N. says both sides have
  committed abuses", "he suggested the generals must have given the orders", "officials said X
  masterminded the bombing": the doer is accused (the harm itself is its own event).
- **A harm told as a party's design, in reported speech**: "he believes the attack was deliberate
  by the security services", "others suggest the bombing was a plot by France".
- **Blame as an act**: "the minister held the commanders responsible for the massacre", "leaders
  pointed the finger at the ruling party", "historians exposed X as a fraud": the subject accuses
  the party held, pointed at or exposed.
- **A party's conduct condemned, in reported speech**: "it is a reflection of Dodik's disrespect
  for the court," X said; '"It's time to stop Israel's heinous attacks"': the possessor of a noun
  of wrongful conduct, or of an act a condemning adjective qualifies, is accused. The party must
  be named in the sentence (its possessive): an evaluation of a policy alone accuses no one.

The words of negative evaluation these rules add are a table, data/events/evaluations.tsv.

In: a token of a parsed sentence. Out: the rule's entry (an ACCUSE) and, for the stage, the
accuser (empty: the speaker, named by the stage's attribution) and the accused spans. Every rule
needs a party to blame: a named or typed party, never a pronoun ("he is responsible" names no
one the sentence can tell).
"""

from __future__ import annotations

import functools
from typing import Any

from claimgraph.events.fires import PREDICATE, Fires
from claimgraph.events.lexicon import Entry, english, lemma
from claimgraph.events.threats import in_condition
from claimgraph.events.valence import negative
from claimgraph.events.words import PERSON_NOUNS
from claimgraph.resources import data_rows


def _evaluation_words() -> dict[str, frozenset[str]]:
    """data/events/evaluations.tsv by class: verb, conduct, condemning, act, exposed, state,
    dispute."""
    out: dict[str, set[str]] = {}
    for row in data_rows("events", "evaluations.tsv") or []:
        out.setdefault(row[1], set()).add(row[0])
    return {k: frozenset(v) for k, v in out.items()}


EVALUATIONS = _evaluation_words()

#: one entry per rule, so that the stage and the benchmarks can tell them apart (by identity)
BLAME_PREDICATE = Entry("ACCUSE", ("disapprove",), (), "rule")
BLAME_COMPLEMENT = Entry("ACCUSE", ("disapprove",), (), "rule")
LINKING = Entry("ACCUSE", (), (), "rule")
REPORTED_CONDUCT = Entry("ACCUSE", (), (), "rule")
DESIGNED_HARM = Entry("ACCUSE", (), (), "rule")
BLAME_ACT = Entry("ACCUSE", ("disapprove",), (), "rule")
CONDEMNED_CONDUCT = Entry("ACCUSE", ("disapprove",), (), "rule")
JUDGED_PARTY = Entry("ACCUSE", ("disapprove",), (), "rule")
_SPOKEN = (
    BLAME_PREDICATE,
    BLAME_COMPLEMENT,
    LINKING,
    DESIGNED_HARM,
    CONDEMNED_CONDUCT,
    JUDGED_PARTY,
)
RULES = {
    "blame predicate": BLAME_PREDICATE,
    "blame complement": BLAME_COMPLEMENT,
    "linking": LINKING,
    "reported conduct": REPORTED_CONDUCT,
    "designed harm": DESIGNED_HARM,
    "blame act": BLAME_ACT,
    "condemned conduct": CONDEMNED_CONDUCT,
    "judged party": JUDGED_PARTY,
}

#: verbs that blame their subject for what it does to others
BLAME_VERBS = frozenset(
    "sabotage undermine obstruct betray cheat flout destabilize destabilise meddle interfere "
    "mislead deceive harbor harbour incite persecute oppress plunder stoke rig fabricate "
    "falsify manipulate weaponize weaponise politicize politicise".split()
) | EVALUATIONS.get("verb", frozenset())
#: phrasal verbs of blame: verb lemma -> particle
BLAME_PHRASAL = {"rip": "off"}
#: verbs of carrying out a conduct: with a prohibited object they blame their subject
CONDUCTING = frozenset(
    "build expand develop advance maintain conduct carry transfer ship supply sell export import "
    "smuggle run operate pursue use deploy occupy construct produce test launch finance fund "
    "traffic acquire possess stockpile enrich".split()
)
#: duties whose failure is blamed on the one who fails ("failing to rein in the separatists")
DUTIES = frozenset(
    "rein curb stop prevent protect control act honor honour respect implement comply fulfil "
    "fulfill pay address tackle punish investigate abide meet uphold enforce".split()
)
#: committing a wrong blames the one who commits it ("have committed grave abuses")
COMMITTING = frozenset("commit perpetrate".split())
WRONGS = frozenset(
    "abuse abuses crime crimes atrocity atrocities violation violations genocide massacre "
    "massacres torture fraud offence offences offense offenses".split()
)
#: directing a harm blames the one who directs it ("ordered the strike", "masterminded the
#: bombing"); "gave the orders" is the noun form
DIRECTING = frozenset("order mastermind orchestrate instigate sponsor direct plan".split())
#: a harm told as someone's design: "the attack was a plot by X", "... was deliberate by X"
DESIGNS = frozenset("plot ploy conspiracy provocation setup set-up".split())
DELIBERATE = frozenset("deliberate intentional premeditated planned staged orchestrated".split())
#: "held X responsible/accountable"
HELD_TO_ACCOUNT = frozenset("responsible accountable culpable".split())
#: complements that blame their subject ("responsible for the attack", "complicit")
BLAMING_COMPLEMENTS = frozenset("responsible culpable complicit guilty aggressor".split())
#: what one is responsible for when blamed: harm, not a duty ("responsible for security")
HARMS = frozenset(
    "attack attacks bombing bombings killing killings death deaths violence war crisis massacre "
    "abduction kidnapping explosion blast shooting destruction crime crimes atrocity atrocities "
    "assault strike strikes raid genocide famine collapse failure plot plots ambush ambushes "
    "assassination murder murders fire arson poisoning".split()
)
#: who is said to be linked to a party: perpetrators, cells, armed men
SUSPECTS = frozenset(
    "group groups cell cells attacker attackers handler handlers militant militants gunman "
    "gunmen perpetrator perpetrators mastermind masterminds suspect suspects plotter plotters "
    "bomber bombers assailant assailants network networks terrorist terrorists insurgent "
    "insurgents killer killers kidnapper kidnappers abductor abductors organizer organizers "
    "planner planners".split()
)
#: ties to a party: "aligned with", "linked to"; places: "based in", "operating from"
TIES = {
    **dict.fromkeys(
        "aligned linked affiliated tied connected allied loyal".split(), ("with", "to")
    ),
    **dict.fromkeys("based hiding operating sheltering".split(), ("in", "from")),
}
#: verbs of reported speech (narrower than events.words.SPEECH: no "believe", "know", "show")
SAYING = frozenset(
    "say tell state claim allege add note insist declare assert argue contend write tweet post "
    "charge complain warn report suggest believe".split()
)
#: authors of a report of conduct: panels, experts, monitors
REPORTERS = frozenset(
    "expert experts panel monitor monitors investigator investigators report inspector "
    "inspectors inquiry commission mission probe".split()
)
DOCUMENTING = frozenset("detail document find reveal cite record describe show".split())
#: conduct a report documents as prohibited
PROHIBITED = frozenset(
    "prohibited illegal illicit banned unlawful unauthorized clandestine".split()
)
#: institutions that are blamed as parties, besides events.words.PERSON_NOUNS
INSTITUTIONS = frozenset(
    "administration government regime congress parliament senate movement organization "
    "organisation network service services company firm corporation".split()
)
_SUBJ = frozenset({"nsubj", "nsubjpass", "csubj"})
_OPEN_QUOTES = ('"', "\u201c")
_CLAUSE_LINKS = frozenset({"ccomp", "advcl", "conj", "xcomp", "parataxis"})


def _inflections(verbs: frozenset[str]) -> frozenset[str]:
    """Every written form of the verbs (the lemma tables miss "rigged", "meddled")."""
    out = set()
    for v in verbs:
        stem = v[:-1] if v.endswith("e") else v
        if v.endswith("y") and v[-2:-1] not in "aeiou":  # bully: bullies, bullied
            out |= {v[:-1] + "ies", v[:-1] + "ied"}
        out |= {
            v,
            v + "s",
            v + "es",
            stem + "ed",
            stem + "ing",
            v + v[-1] + "ed",
            v + v[-1] + "ing",
        }
    return frozenset(out)


BLAME_FORMS = _inflections(BLAME_VERBS)
CONDUCTING_FORMS = _inflections(CONDUCTING)
COMMITTING_FORMS = _inflections(COMMITTING)
PHRASAL_FORMS = {f: p for v, p in BLAME_PHRASAL.items() for f in _inflections(frozenset({v}))}


def _party(tok: Any) -> bool:
    """A named or typed party, not a pronoun: "Canada", "the Kabul administration"."""
    if tok.pos_ == "PRON":
        return False
    if tok.pos_ == "PROPN" or tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return True
    w = tok.lower_
    forms = {w, lemma(tok), w[:-3] + "y" if w.endswith("ies") else w, w.rstrip("s")}
    return tok.pos_ == "NOUN" and bool(forms & (PERSON_NOUNS | INSTITUTIONS))


party = _party  # for events.speech_acts: the same named or typed party


def _clause_subject(tok: Any) -> Any | None:
    """The subject of the clause `tok` heads, going up infinitives and coordinations that have
    none of their own ("has tried to sabotage": the subject of "tried")."""
    v = tok
    for _ in range(8):
        subj = next((c for c in v.children if c.dep_ in _SUBJ), None)
        # "Iran is defying": the parser may hang the subject on the auxiliary
        aux = (g for a in v.children if a.dep_ == "aux" for g in a.children if g.dep_ in _SUBJ)
        subj = subj if subj is not None else next(aux, None)
        if subj is not None:
            return subj
        # a participle or an infinitive with no subject of its own: "X is threatening ...,
        # refusing to meet to discuss ..."
        participle = v.dep_ == "advcl" and (
            v.tag_ == "VBG" or any(a.dep_ == "aux" and a.lower_ == "to" for a in v.children)
        )
        if (v.dep_ not in ("xcomp", "conj") and not participle) or v.head.i == v.i:
            return None
        v = v.head
    return None


def speech_verb(tok: Any) -> Any | None:
    """The verb of saying whose content clause holds `tok` ("said Kabul was failing"), else
    None."""
    x = tok
    for _ in range(8):
        if x.head.i == x.i:
            return None
        dep, x = x.dep_, x.head
        if dep not in _CLAUSE_LINKS or (
            dep == "conj" and in_quotation(x) and not in_quotation(tok)
        ):
            # '"We respect sovereignty," and here, Russia has violated it': a conjunct after
            # the quotation closed is not what the quoted speaker says
            return None
        if x.pos_ in ("VERB", "AUX") and lemma(x) in SAYING and dep in ("ccomp", "parataxis"):
            return x
    return None


def _reported(tok: Any) -> bool:
    """Whether `tok` says what a speaker says: under a verb of saying, after "according to", or
    in a sentence that opens a quotation."""
    if speech_verb(tok) is not None or tok.sent.text.lstrip().startswith(_OPEN_QUOTES):
        return True
    return any(
        c.lower_ == "according" and c.dep_ == "prep" and c.head.i == tok.sent.root.i
        for c in tok.sent
    )


_MODALS = frozenset("could might may would should must can".split())


def _inferred(tok: Any) -> bool:
    """ "must have given the orders": "must" with a perfect is an inference about what was done,
    not a duty."""
    aux = [c.lower_ for c in tok.children if c.dep_ == "aux"]
    return tok.tag_ == "VBN" and "must" in aux and "have" in aux


def _negated(tok: Any) -> bool:
    """Negated, only possible or a condition: "did not interfere", "could be responsible", "if
    X rigs the election"."""
    return in_condition(tok) or any(
        c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ in _MODALS and not _inferred(tok))
        for c in tok.children
    )


def _objects(tok: Any) -> list[Any]:
    return [c for c in tok.children if c.dep_ == "dobj"]


def _harm(tok: Any) -> bool:
    return lemma(tok) in HARMS or tok.lower_ in HARMS


def _wrong(tok: Any) -> bool:
    return lemma(tok) in WRONGS or tok.lower_ in WRONGS


_HARMING = frozenset("kill shoot attack bomb strike fire".split())


def _known(noun: Any) -> bool:
    """A determined noun names a happening the story knows: "the strike", "this attack",
    "Monday's bombing"."""
    return any(
        (c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those"))
        or c.dep_ == "poss"
        for c in noun.children
    )


def _orders_a_harm(order: Any) -> bool:
    """ "gave the orders" (what was ordered is the story's harm), "the order to shoot": not
    "the order to withdraw"."""
    told = [c for c in order.children if c.dep_ in ("acl", "prep", "relcl")]
    return not told or any(_harm(x) or lemma(x) in _HARMING for c in told for x in c.subtree)


def _wrongdoing(tok: Any, lem: str) -> bool:
    """Committing a wrong ("committed atrocities") or directing a harm ("ordered the strike",
    "must have given the orders")."""
    objs = _objects(tok)
    if lem in COMMITTING or tok.lower_ in COMMITTING_FORMS:  # the lemma tables miss "perpetrated"
        return any(_wrong(o) for o in objs)
    # a known harm ("ordered the strike"), not an operation reported ("ordered strikes on
    # rebel positions" is the doer's own act, told by its side as often as by the other)
    if lem in DIRECTING:
        return any(_harm(o) and _known(o) for o in objs)
    if lem == "give":
        return any(lemma(o) == "order" and _known(o) and _orders_a_harm(o) for o in objs)
    return False


def _blames(tok: Any) -> bool:
    """Whether the verb itself blames: a blaming verb or phrasal verb, a failed duty, or
    carrying out prohibited conduct."""
    lem = lemma(tok)
    particle = PHRASAL_FORMS.get(tok.lower_)
    if (
        lem in BLAME_VERBS
        or tok.lower_ in BLAME_FORMS
        or any(
            c.dep_ in ("prt", "prep") and c.i == tok.i + 1 and c.lower_ == particle
            for c in tok.children
        )
    ):
        return True
    if lem == "fail" and any(c.dep_ == "xcomp" and lemma(c) in DUTIES for c in tok.children):
        return True
    if _wrongdoing(tok, lem):
        return True
    if lem in CONDUCTING or tok.lower_ in CONDUCTING_FORMS:
        # "continues to build illegal settlements", "advance its prohibited weapons"; not
        # "provided equipment to interdict illicit smuggling" (what counters the conduct)
        return any(
            c.dep_ == "dobj"
            and any(a.dep_ == "amod" and a.lower_ in PROHIBITED for a in c.children)
            for c in tok.children
        )
    return False


def _committed_by(tok: Any) -> Any | None:
    """ "(said) the atrocities were perpetrated by the army", "abuses committed by the militia":
    the party after "by"."""
    if tok.lower_ not in COMMITTING_FORMS or tok.tag_ != "VBN" or _negated(tok):
        return None
    wrong = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
    if wrong is None and tok.dep_ == "acl":
        wrong = tok.head
    if wrong is None or not (_wrong(wrong) or _harm(wrong)):
        return None
    return _by_party(tok, ("by",))


def _blamed_agent(tok: Any) -> Any | None:
    """ "MSF reports the population is being victimized by all sides", "said the vote was rigged
    by the ruling party": a passive verb of blame accuses its "by" party, in reported speech."""
    if tok.tag_ != "VBN" or not (lemma(tok) in BLAME_VERBS or tok.lower_ in BLAME_FORMS):
        return None
    by = _by_party(tok, ("by",))
    return by if by is not None and _reported(tok) else None


#: taking part in what is named after "in": "was involved in corrupt acts"
PARTAKING = frozenset("involved engaged implicated embroiled".split())


def _partakes_in_wrong(tok: Any) -> bool:
    """ "was involved in corrupt acts", "engaged in abuses": a part in a wrong, a harm or a
    condemned conduct."""
    if tok.lower_ not in PARTAKING:
        return False
    objs = [g for p in tok.children if p.dep_ == "prep" and p.lower_ == "in"
            for g in p.children if g.dep_ == "pobj"]  # fmt: skip
    return any(_wrong(o) or _harm(o) or _condemned(o) for o in objs)


def _blame_predicate(tok: Any) -> Any | None:
    """The accused subject of a blaming verb in reported speech, else None."""
    if tok.pos_ == "VERB" and not _negated(tok) and _partakes_in_wrong(tok):
        subj = _clause_subject(tok)
        return subj if subj is not None and _judgeable(subj) and _reported(tok) else None
    by = _committed_by(tok)
    if by is not None:
        # "said abuses committed by the militia were widespread": the saying is over the clause
        # the wrong is a part of
        v = tok.head if tok.dep_ == "acl" else tok
        while v.pos_ not in ("VERB", "AUX") and v.head.i != v.i:
            v = v.head
        return by if _reported(tok) or _reported(v) else None
    if tok.pos_ != "VERB" or _negated(tok) or not _blames(tok):
        return None
    subj = _clause_subject(tok)
    if subj is not None and subj.dep_ == "nsubjpass":
        return _blamed_agent(tok)
    if subj is None or not _party(subj):
        return None
    v = tok
    while v.i != subj.head.i and v.head.i != v.i:  # "did not try to sabotage"
        v = v.head
        if _negated(v):
            return None
    return subj if _reported(tok) else None


def _anti(comp: Any) -> bool:
    """ "anti-Turkish", parsed as "anti" "-" "Turkish" or as one word."""
    w = comp.lower_
    return w.startswith("anti-") or (
        w == "anti" and comp.i + 2 < len(comp.doc) and comp.doc[comp.i + 1].text == "-"
    )


def _blames_by_complement(comp: Any) -> bool:
    w = comp.lower_
    if _anti(comp):
        return True
    if w not in BLAMING_COMPLEMENTS and lemma(comp) not in BLAMING_COMPLEMENTS:
        return False
    if w != "responsible":
        return True
    fors = [c for c in comp.children if c.dep_ == "prep" and c.lower_ == "for"]
    objs = [g for f in fors for g in f.children if g.dep_ in ("pobj", "pcomp")]
    return not fors or any(lemma(g) in HARMS or g.lower_ in HARMS for g in objs)


def _behind_a_harm(tok: Any) -> bool:
    """ "X was behind the attack" ("X is to blame" is the lexicon's)."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "behind":
            if any(
                g.dep_ == "pobj" and (lemma(g) in HARMS or g.lower_ in HARMS) for g in c.children
            ):
                return True
    return False


def _blame_complement(tok: Any) -> Any | None:
    """ "X is responsible for the attack", "X has become anti-Turkish", "X was behind the
    bombing": the accused X."""
    if lemma(tok) not in ("be", "become") or tok.pos_ not in ("AUX", "VERB") or _negated(tok):
        return None
    comps = [c for c in tok.children if c.dep_ in ("attr", "acomp")]
    if not any(_blames_by_complement(c) for c in comps) and not _behind_a_harm(tok):
        return None
    subj = next((c for c in tok.children if c.dep_ in _SUBJ), None)
    if subj is None or not _party(subj):
        return None
    return subj if _reported(tok) else None


def _by_party(tok: Any, preps: tuple[str, ...]) -> Any | None:
    """The party named after "by" (or another of `preps`) hanging from `tok`."""
    for c in tok.children:
        if c.dep_ in ("prep", "agent") and c.lower_ in preps:
            party = next((g for g in c.children if g.dep_ == "pobj" and _party(g)), None)
            if party is not None:
                return party
    return None


def _designed_harm(tok: Any) -> Any | None:
    """ "(he believes) the attack was deliberate by X", "the bombing was a plot by X": a harm
    told as X's design, in reported speech; the accused X."""
    if lemma(tok) != "be" or tok.pos_ not in ("AUX", "VERB") or _negated(tok):
        return None
    subj = next((c for c in tok.children if c.dep_ in _SUBJ), None)
    if subj is None or not _harm(subj):
        return None
    for comp in tok.children:
        designed = (comp.dep_ == "attr" and lemma(comp) in DESIGNS) or (
            comp.dep_ == "acomp" and comp.lower_ in DELIBERATE
        )
        if not designed:
            continue
        party = _by_party(comp, ("by",)) or _by_party(tok, ("by",))
        if party is not None and _reported(tok):
            return party
    return None


def _held_responsible(tok: Any) -> Any | None:
    """ "held the commanders responsible for the massacre", "hold the company accountable"
    (parsed as a clause whose subject is the company): the party held."""
    for c in tok.children:
        small = c.dep_ in ("ccomp", "xcomp") and c.lower_ in HELD_TO_ACCOUNT
        obj = next((s for s in c.children if s.dep_ == "nsubj"), None) if small else c
        if obj is None or (not small and obj.dep_ != "dobj") or not _party(obj):
            continue
        held = [x for x in [c, *obj.children, *tok.children] if x.dep_ in _HELD_DEPS]
        if any(x.lower_ in HELD_TO_ACCOUNT and _blames_by_complement_for(x) for x in held):
            return obj
    return None


def _pointed_at(tok: Any) -> Any | None:
    """ "pointed the finger at the ruling party": the party pointed at."""
    if not any(lemma(o) == "finger" for o in _objects(tok)):
        return None
    return _by_party(tok, ("at",)) or next(
        (p for o in _objects(tok) if (p := _by_party(o, ("at",))) is not None), None
    )


def _blame_act(tok: Any) -> Any | None:
    """Blame laid as an act, no speech needed: the party held responsible or pointed at."""
    if tok.pos_ != "VERB" or _negated(tok) or (tok.tag_ == "VBN" and _passive(tok)):
        return None
    lem = lemma(tok)
    if lem == "hold":
        return _held_responsible(tok)
    if lem in EXPOSING:
        return _exposed_as(tok)
    if lem in NAMING:
        return _named_as(tok)
    return _pointed_at(tok) if lem == "point" else None


_HELD_DEPS = frozenset({"amod", "oprd", "acomp", "ccomp", "xcomp", "advmod"})


def _passive(tok: Any) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)


def _blames_by_complement_for(comp: Any) -> bool:
    """ "responsible for the attack" (not "for security"); "accountable" for anything."""
    return comp.lower_ != "responsible" or _blames_by_complement(comp)


def _linked_party(tok: Any) -> Any | None:
    """ "said the cells were aligned with the Islamic State", "said the attack's handlers are
    based in Afghanistan": the party the suspects are tied to."""
    preps = TIES.get(tok.lower_)
    if preps is None or tok.tag_ not in ("VBN", "JJ", "VBG") or _negated(tok):
        return None
    head = tok if tok.dep_ != "acomp" else tok.head
    subj = next((c for c in head.children if c.dep_ in _SUBJ), None)
    if subj is None or lemma(subj) not in SUSPECTS and subj.lower_ not in SUSPECTS:
        return None
    party = next(
        (
            g
            for c in tok.children
            if c.dep_ == "prep" and c.lower_ in preps
            for g in c.children
            if g.dep_ == "pobj" and (g.pos_ == "PROPN" or g.ent_type_ in ("ORG", "GPE", "NORP"))
        ),
        None,
    )
    return party if party is not None and _reported(head) else None


def _reported_conduct(tok: Any) -> tuple[Any, Any] | None:
    """ "U.N. experts detailed prohibited transfers of arms from X to Y in a report": the
    report's authors and the party whose conduct it documents (the "from"/"by" party, or the
    conduct's possessor)."""
    if tok.pos_ != "VERB" or lemma(tok) not in DOCUMENTING or _negated(tok):
        return None
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if subj is None or (lemma(subj) not in REPORTERS and subj.lower_ not in REPORTERS):
        return None
    obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    if obj is None or not any(c.dep_ == "amod" and c.lower_ in PROHIBITED for c in obj.children):
        return None
    for x in obj.subtree:
        if x.dep_ == "poss" and x.head.i == obj.i and _party(x):
            return subj, x
        if x.dep_ == "prep" and x.lower_ in ("from", "by"):
            party = next((g for g in x.children if g.dep_ == "pobj" and _party(g)), None)
            if party is not None:
                return subj, party
    return None


_QUOTES = frozenset({'"', "\u201c", "\u201d"})
_CLAUSE_HEADS = frozenset({"ccomp", "advcl", "relcl", "xcomp", "conj", "parataxis", "acl", "csubj"})


def in_quotation(tok: Any) -> bool:
    """Inside a quotation: an odd number of quotation marks before `tok` in its sentence."""
    return sum(t.text in _QUOTES for t in tok.doc[tok.sent.start : tok.i]) % 2 == 1


#: verbs whose clause is itself an evaluation of what it names ("is", "shows", "reflects"), or
#: asks that a conduct end ("time to stop X's attacks"); any other verb does something of its
#: own to the conduct ("support Ukraine in the face of Russia's aggression")
EVALUATING = frozenset(
    "be become show reflect demonstrate reveal highlight prove illustrate represent constitute "
    "amount stop end halt".split()
)
#: how a condemned noun hangs in its clause: subject, object, attribute, "of" phrases in them
_CORE = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "pobj", "prep", "conj", "appos"})


def _clause_nouns(verb: Any) -> list[Any]:
    """The nouns in the core of the clause `verb` heads (subject, object, attribute and their
    "of" phrases), not those of adjuncts or of the clauses below it."""
    out, todo = [], [c for c in verb.children if c.dep_ in _CORE and c.dep_ != "prep"]
    while todo:
        x = todo.pop()
        if x.pos_ == "NOUN":
            out.append(x)
        todo.extend(
            c
            for c in x.children
            if c.dep_ in _CORE and (c.dep_ != "prep" or c.lower_ == "of") and c.pos_ != "VERB"
        )
    return out


#: what VADER rates negative but is no evaluation of a party (events.valence): the casualty
#: words of events.sizes (besides HARMS and the trigger lexicon's own words)
CASUALTY = frozenset(
    "dead death deaths died killed fatalities casualties bodies injured wounded injuries hurt "
    "toll terrorism terror".split()
)
#: acts whose possessor is the one they befall ("Lai's unjust detention", "the reporter's
#: brutal murder"), besides HARMS: a person named there is no doer
UNDERGONE = frozenset("detention detentions arrest arrests trial imprisonment treatment".split())
#: typed parties that are told as those harmed, never judged ("the refugees are desperate")
VICTIMS = frozenset(
    "victim civilian refugee hostage detainee prisoner child woman family resident villager "
    "people migrant survivor patient".split()
)


@functools.lru_cache(maxsize=1)
def _lexicon_lemmas() -> frozenset[str]:
    """The trigger lexicon's one-word lemmas: words of events."""
    return frozenset(w for w, _ in english().single)


@functools.lru_cache(maxsize=1)
def _not_evaluations() -> frozenset[str]:
    """Words no evaluation rule reads, however negative: the trigger lexicon's lemmas (events),
    HARMS and CASUALTY (harms and their toll), evaluations.tsv's states (feelings, conditions) and
    words of dispute ("argument", "tensions")."""
    tables = EVALUATIONS.get("state", frozenset()) | EVALUATIONS.get("dispute", frozenset())
    return _lexicon_lemmas() | HARMS | CASUALTY | tables


def _evaluative(tok: Any) -> bool:
    """A word of negative evaluation by the general lexicon (events.valence), not an event, a
    harm or a state; not a participle ("devastated", "trapped": what was done to or felt by the
    one it is said of)."""
    if tok.tag_ == "VBN" or tok.lower_.endswith("ed"):
        return False
    return negative({tok.lower_, lemma(tok)}, _not_evaluations())


def _condemning(adj: Any) -> bool:
    """An adjective that condemns what it qualifies: the table's, or a negative evaluation."""
    return adj.lower_ in EVALUATIONS.get("condemning", frozenset()) or (
        adj.pos_ == "ADJ" and _evaluative(adj)
    )


def _conduct(noun: Any) -> bool:
    """A noun of wrongful conduct: the table's ("disrespect", "propaganda"), or a noun of
    negative evaluation ("lies", "incompetence", "cruelty")."""
    words = {noun.lower_, lemma(noun)}
    if words & EVALUATIONS.get("conduct", frozenset()):
        return True
    # "Tuesday's attacker" names the doer of a harm (a participant), not a conduct judged
    return noun.pos_ == "NOUN" and not words & SUSPECTS and _evaluative(noun)


def _act(noun: Any) -> bool:
    """A noun of a party's act: "policy", "decision", "occupation", "attacks", or a noun the
    trigger lexicon knows as an event ("ban", "sanctions")."""
    words = {noun.lower_, lemma(noun)}
    if words & (EVALUATIONS.get("act", frozenset()) | HARMS):
        return True
    return bool(words & _lexicon_lemmas())


def _condemned(noun: Any) -> bool:
    """A noun of wrongful conduct ("disrespect", "propaganda"), or an act a condemning
    adjective qualifies ("heinous attacks", "illegal annexation")."""
    if _conduct(noun):
        return True
    return _act(noun) and any(
        a.dep_ in ("amod", "conj") and _condemning(a)
        for c in noun.children
        for a in [c, *(g for g in c.children if c.dep_ == "amod")]
    )


def _victim(tok: Any) -> bool:
    w = tok.lower_
    return bool({w, lemma(tok), w[:-3] + "y" if w.endswith("ies") else w, w.rstrip("s")} & VICTIMS)


_NOT_PARTIES = frozenset("DATE TIME CARDINAL ORDINAL MONEY PERCENT QUANTITY".split())


def _judgeable(tok: Any) -> bool:
    """A party a judgement can fall on: named or typed, not a victim, not a day ("Tuesday's
    attacker")."""
    return _party(tok) and not _victim(tok) and tok.ent_type_ not in _NOT_PARTIES


def _by_speaker(said: Any | None, party: Any) -> bool:
    """Whether `party` is the one who says it ("Russia said Russia's policy ..."): a speaker
    judging itself accuses no one."""
    subj = next((c for c in said.children if c.dep_ == "nsubj"), None) if said else None
    return subj is not None and party.lower_ in {x.lower_ for x in subj.subtree}


def _undergone(act: Any, owner: Any) -> bool:
    """ "Lai's unjust detention", "the reporter's brutal murder": a person's harm is what befell
    that person, not that person's act."""
    person = owner.ent_type_ == "PERSON" or owner.lower_ in VICTIMS
    return person and bool({act.lower_, lemma(act)} & (UNDERGONE | HARMS))


def _condemned_conduct(tok: Any) -> Any | None:
    """ "it is a reflection of Dodik's disrespect for the court," X said: the party whose
    conduct a quotation or a reported clause condemns, named as its possessor."""
    if tok.pos_ not in ("VERB", "AUX") or _negated(tok) or lemma(tok) not in EVALUATING:
        return None
    for noun in _clause_nouns(tok):
        owner = next((c for c in noun.children if c.dep_ == "poss"), None)
        if owner is None or not _judgeable(owner) or _undergone(noun, owner):
            continue
        if not _condemned(noun):
            continue
        if (_reported(tok) or in_quotation(noun)) and not _by_speaker(speech_verb(tok), owner):
            return owner
    return None


def _judging(comp: Any) -> bool:
    """A complement that judges its subject: "corrupt", "a liar", "a reckless decision"; not
    a person noun of what one is ("a refugee", "a prisoner"), not negated ("not illegal"), not
    a comparison."""
    if any(c.dep_ == "neg" for c in comp.children):
        return False
    if comp.tag_ == "JJR" or any(c.lower_ in ("more", "less") for c in comp.children):
        return False  # a comparison ranks ("more severe than those outlined"), it does not condemn
    if comp.lower_ == "one":  # "one of the most abusive authorities in the world"
        # the class may be a party's ("authorities"): what judges is its adjective
        return any(
            any(a.dep_ == "amod" and _condemning(a) for a in g.children)
            for p in comp.children if p.dep_ == "prep" and p.lower_ == "of"
            for g in p.children if g.dep_ == "pobj"
        )  # fmt: skip
    if comp.pos_ == "ADJ":
        return _condemning(comp)
    if comp.pos_ != "NOUN" or _party(comp) or _victim(comp):
        return False
    return _conduct(comp) or any(a.dep_ == "amod" and _condemning(a) for a in comp.children)


def _conjuncts(words: list[Any]) -> list[Any]:
    """The words and their conjuncts ("corrupt and incompetent")."""
    return [x for w in words for x in (w, *(g for g in w.children if g.dep_ == "conj"))]


def _owner(act: Any) -> Any | None:
    """The party whose act `act` is: its possessor ("Beijing's policy"), a name before it ("the
    U.K. ban"), a nationality ("the Russian invasion") or its "by" party."""
    for c in act.children:
        if c.dep_ == "poss" and _party(c):
            return c
        if c.dep_ in ("compound", "amod") and c.ent_type_ in ("GPE", "ORG", "NORP", "PERSON"):
            return c
    return _by_party(act, ("by",))


def _judged_party(subj: Any | None) -> Any | None:
    """The party a judgement of `subj` falls on: the party itself ("the regime"), or the one
    whose act it is ("Beijing's policy", "the decision by the court"); never a victim."""
    if subj is None:
        return None
    if _party(subj):
        return subj if _judgeable(subj) else None
    if not (_act(subj) or _conduct(subj)):
        return None
    found = _owner(subj)
    if found is None or not _judgeable(found) or _undergone(subj, found):
        return None
    return found


def _judged(tok: Any) -> Any | None:
    """ "officials said the regime is corrupt", '"Beijing's policy is reckless," X said': the
    party a copular clause of reported speech judges in negative words, not the speaker."""
    if lemma(tok) not in ("be", "become") or tok.pos_ not in ("AUX", "VERB") or _negated(tok):
        return None
    comps = _conjuncts([c for c in tok.children if c.dep_ in ("attr", "acomp")])
    if not any(_judging(c) for c in comps):
        return None
    said = speech_verb(tok)
    if said is None or _negated(said):
        return None
    # "X is going to be bad": the subject of the clause the copula completes
    party = _judged_party(_clause_subject(tok))
    return None if party is None or _by_speaker(said, party) else party


#: exposing someone as a wrongdoer: "historians exposed X as a fraud"
EXPOSING = frozenset("expose unmask".split())


def _exposed_as(tok: Any) -> Any | None:
    """ "exposed Detrez as a fraud", "unmasked the envoy as a spy": the party exposed."""
    obj = next((o for o in _objects(tok) if _party(o)), None)
    if obj is None:
        return None
    as_objs = [
        g
        for c in [*tok.children, *obj.children]
        if c.dep_ == "prep" and c.lower_ == "as"
        for g in c.children
        if g.dep_ == "pobj"
    ]
    exposed = EVALUATIONS.get("exposed", frozenset())
    return obj if any(g.lower_ in exposed or lemma(g) in exposed for g in as_objs) else None


#: naming something in words: "called the ruling arbitrary", "described X's policy as cruel"
NAMING = frozenset("call describe label brand term dub".split())


def _named_as(tok: Any) -> Any | None:
    """ "called the regime corrupt", "called the governor a liar", "described Moscow's policy as
    cruel": the party named, or whose act is named, in words of negative evaluation."""
    for c in tok.children:
        small = c.dep_ in ("ccomp", "xcomp") and c.pos_ in ("ADJ", "NOUN", "AUX", "VERB")
        named = next((g for g in c.children if g.dep_ == "nsubj"), None) if small else c
        if named is None or (not small and c.dep_ != "dobj"):
            continue
        said = [c] if small else []
        said += [
            x
            for h in (tok, named)
            for p in h.children
            if p.dep_ in ("oprd", "acomp", "xcomp", "attr")
            or (p.dep_ == "prep" and p.lower_ == "as")
            for x in ([p] if p.dep_ != "prep" else list(p.children))
        ]
        party = _judged_party(named)
        if party is not None and any(_judging(x) for x in _conjuncts(said)):
            return party
    return None


_RULES = (
    (BLAME_PREDICATE, _blame_predicate),
    (BLAME_COMPLEMENT, _blame_complement),
    (LINKING, _linked_party),
    (DESIGNED_HARM, _designed_harm),
    (CONDEMNED_CONDUCT, _condemned_conduct),
    (JUDGED_PARTY, _judged),
)


#: what `blame_trigger` can fire on (events.fires), from the rules above: a verb or copula by
#: its lemma or its written form (`_blame_predicate` via `_blames` and `_wrongdoing`,
#: `_blame_complement`, `_designed_harm`, `_condemned_conduct`, `_judged`, `_reported_conduct`,
#: `_blame_act` with its verbs of naming); a participle of committing or of a tie in any part of speech (`_committed_by`,
#: `_linked_party`, which the tagger may read as adjectives)
FIRES = (
    Fires(
        lemmas=BLAME_VERBS
        | COMMITTING
        | DIRECTING
        | CONDUCTING
        | EVALUATING
        | DOCUMENTING
        | EXPOSING
        | NAMING
        | frozenset({"fail", "give", "be", "become", "hold", "point"}),
        forms=BLAME_FORMS
        | COMMITTING_FORMS
        | CONDUCTING_FORMS
        | PARTAKING
        | frozenset(PHRASAL_FORMS),
        pos=PREDICATE,
    ),
    Fires(forms=COMMITTING_FORMS | frozenset(TIES)),
)


def blame_entry(tok: Any) -> Entry | None:
    """The ACCUSE entry `tok` is the blaming predicate of by one of the rules, else None."""
    for entry, rule in _RULES:
        if rule(tok) is not None:
            return entry
    if _reported_conduct(tok) is not None:
        return REPORTED_CONDUCT
    if _blame_act(tok) is not None:
        return BLAME_ACT
    return None


def blame_trigger(tok: Any) -> tuple[int, Entry] | None:
    """Where the accusation `tok` makes is anchored, and its entry: the verb of saying when the
    sentence has one (the saying happened even when what is said is habitual or an attempt,
    "has repeatedly tried to sabotage"), else the blaming predicate itself."""
    entry = blame_entry(tok)
    if entry is None:
        return None
    if entry is REPORTED_CONDUCT or entry is BLAME_ACT:
        return tok.i, entry
    said = speech_verb(tok)
    accusing = english().single.get((lemma(said), "V")) if said is not None else None
    if said is not None and accusing is not None and accusing.plover == "ACCUSE":
        # "X alleged that Y violated ...": the verb of accusing is the lexicon's accusation,
        # with the same roles; what it says is still no event of its own
        return said.i, accusing
    if said is not None:
        return said.i, entry
    # a quotation with no verb of saying: the clause that names the accused is the statement
    # ('"X is threatening ..., refusing ... and advancing its prohibited weapons"')
    subj = _clause_subject(tok)
    return (subj.head if subj is not None else tok).i, entry


def is_spoken_blame(entry: Any) -> bool:
    """An accusation whose accuser is the speaker of the sentence (events.stage)."""
    return any(entry is e for e in _SPOKEN)


def _accused(anchor: Any, entry: Any) -> Any | None:
    """The accused party of the spoken rule `entry` anchored at `anchor` (the predicate, or the
    verb of saying over it)."""
    rule = next((r for e, r in _RULES if e is entry), None)
    if rule is None:
        return None
    found = rule(anchor)
    if found is not None:
        return found
    for x in anchor.subtree:
        found = rule(x) if x.i != anchor.i else None
        if found is not None and blame_trigger(x) == (anchor.i, entry):
            return found
    return None


def blame_roles(sent: Any, tok: Any, entry: Any, np_span: Any) -> tuple[list, list] | None:  # type: ignore[type-arg]
    """Accuser and accused token spans of a blame trigger `tok`; the accuser is the verb of
    saying's subject when it is a party, else empty (the stage names the speaker). None when
    `entry` is no rule of this module."""
    if entry is REPORTED_CONDUCT:
        found = _reported_conduct(tok)
        return ([np_span(found[0])], [np_span(found[1])]) if found else ([], [])
    if entry is BLAME_ACT:
        blamed = _blame_act(tok)
        # the one who lays the blame: a party, or the typed people who expose ("historians")
        subj = next(
            (c for c in tok.children if c.dep_ == "nsubj" and (_party(c) or c.pos_ == "NOUN")),
            None,
        )
        return [np_span(subj)] if subj is not None else [], [np_span(blamed)] if blamed else []
    if not is_spoken_blame(entry):
        return None
    accused = _accused(tok, entry)
    said = tok if tok.pos_ in ("VERB", "AUX") and lemma(tok) in SAYING else None
    subj = next((c for c in said.children if c.dep_ == "nsubj"), None) if said else None
    accuser = [np_span(subj)] if subj is not None and _party(subj) else []
    return accuser, [np_span(accused)] if accused is not None else []
