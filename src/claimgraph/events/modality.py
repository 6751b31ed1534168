"""Modality and attribution of an event mention.

In: a spaCy sentence (`Span`) and one trigger in it (`triggers.Candidate`). Out: its mode
(`modality`: asserted, hedged, negated, planned or hypothetical), who says so (`attribution` ->
`Attrib`: speaker span and text, cue, stance assert/deny/report), PLOVER's type for an act not
(yet) done (`sentence_type`), and the tests that a trigger names no single occurrence
(`is_generic`, `is_reference`, `is_standing`, `is_accident`: True when it does not).

Each decision is a chain of small named rules; `modality`'s is the table `_MODALITY_RULES` (and
`_VERB_MODES` for the verbs of the trigger's clause), tried in order, the first rule that gives a
mode deciding.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from claimgraph.events.triggers import (
    Candidate,
    DENY,
    HEDGES,
    HEDGE_SPEAKERS,
    LIGHT,
    MODAL_HYPO,
    OBJ,
    PLAN_AMODS,
    PLAN_HEADS,
    REPORT_CUES,
    SPEECH,
    SUBJ,
    _lem,
    is_speech_cue,
)
from claimgraph.events.custody import CUSTODY_STATE, arrest_campaign
from claimgraph.events.operations import FRAME
from claimgraph.events.roles import across_quote, ancestors, _conj, np_span
from claimgraph.events.words import ENACTING, MEASURES, SPAN_PREPS

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


@dataclass
class Attrib:
    speaker: tuple[int, int] | None = None  # token span
    speaker_text: str | None = None
    cue: str | None = None
    cue_i: int | None = None
    stance: str = "assert"


def _negated_true(a) -> bool:  # type: ignore[no-untyped-def]
    """ "it is not true that ...": the negation sits on "true" or on its copula."""
    if a.lower_ != "true":
        # "it was not true that X": the clause hangs off the copula, "true" is its acomp
        return any(c.lower_ == "true" and c.dep_ == "acomp" for c in a.children) and any(
            c.dep_ == "neg" for c in a.children
        )
    return any(c.dep_ == "neg" for c in a.children) or (
        a.dep_ == "acomp" and any(c.dep_ == "neg" for c in a.head.children)
    )


#: verbs whose infinitive did not happen: "refused to release the hostages", "failed to stop"
REFUSING_HEADS = frozenset("refuse decline fail".split())
#: verbs whose object is an event wanted, not (yet) had
DESIRE_HEADS = frozenset("seek want request demand need hope wish desire pursue".split())
#: nouns whose infinitive names an act intended, not done: "a plan to attack", "the decision to
#: withdraw". Not attempts, bids or efforts: an attempt to assassinate someone is an attack.
INTENT_NOUNS = frozenset(
    "plan proposal call threat decision intention intent pledge promise offer readiness "
    "willingness demand deadline ultimatum order request opportunity chance right vow "
    "commitment".split()
)
#: nouns whose infinitive names an act held back: "its reluctance to endorse the plan", "their
#: refusal to withdraw" (the stance is the act; what it refuses did not happen)
REFUSAL_NOUNS = frozenset("reluctance refusal unwillingness opposition objection".split())
#: nouns whose infinitive is an act tried for: "new efforts to impose sanctions", "in a bid to
#: pressure Washington". Tried is not done, except for violence: an attempt to kill is an attack.
ATTEMPT_NOUNS = frozenset("effort bid attempt push drive campaign".split())
ATTEMPTED_ACTS = frozenset("ASSAULT COERCE".split())
#: participles whose infinitive tells what a thing is for: "a plane used to share intelligence"
FUNCTION_HEADS = frozenset("use design intend mean build train equip".split())
#: verbs whose infinitive complement is an act asked of someone, not (yet) done
REQUEST_HEADS = frozenset(
    "urge call ask appeal press demand request encourage implore plead beg pressure pressurize "
    "invite advise order instruct exhort tell".split()
)
#: verbs whose complement clause is an act wanted of another party: "want X to lift the ban"
WANTING_HEADS = frozenset("want wish".split())
#: verbs whose present-tense infinitive is an act owed, not (yet) done: "Hamas has to release them"
OBLIGING_HEADS = frozenset("need have".split())
#: verbs whose subject is an act that has not come yet
PENDING_HEADS = frozenset("await wait pend loom".split())
#: nouns whose "of" object is an event that may come: "the threat of attacks", "fears of a coup"
RISK_NOUNS = frozenset(
    "threat risk danger fear possibility prospect likelihood spectre specter warning".split()
)


#: verbs that say whether an event noun took place at all ("the talks did not take place")
OCCURRING = frozenset(
    "happen occur take materialize materialise go proceed come exist start begin last".split()
)
_OCCURRING_STEMS = frozenset(w.rstrip("e") for w in OCCURRING)
#: verbal acts a noun names as said ("Washington's call", "Pyongyang's demand")
_SAID_ACTS = frozenset("REQUEST ACCUSE REJECT THREATEN".split())


def _what_it_did(t, x) -> bool:  # type: ignore[no-untyped-def]
    """A verbal act noun that is the subject of another verb: negating what the call or demand
    did ("did not mesh", "went unheeded" aside) does not unsay it; "never happened" does."""
    if t.pos_ != "NOUN":
        return False
    while t.dep_ == "conj" and t.head.i != t.i:  # "X's call and Y's demand did not mesh"
        t = t.head
    # (the suffix rules lemmatise "materialized" to "materializ")
    occurring = _lem(x).rstrip("e") in _OCCURRING_STEMS
    return t.dep_ in ("nsubj", "nsubjpass") and t.head.i == x.i and not occurring


#: verbs whose negation asserts their complement ("will not hesitate to", "did not fail to")
LITOTES = frozenset("hesitate fail".split())


_VERBS = ("VERB", "AUX")


@dataclass(frozen=True)
class _Trigger:
    """What the modality rules read of one trigger: its token, the tokens above it, and its
    clause (the trigger and the words above it, up to a speech verb)."""

    sent: Span
    cand: Candidate
    t: Token
    anc: list[Token]
    clause: list[Token]
    refusal: bool  # "will not accept": the negation is the act


def _trigger(sent: Span, cand: Candidate) -> _Trigger:
    t = sent.doc[cand.i]
    anc = ancestors(t)
    clause = [t]
    below = t
    for a in anc:
        if (a.pos_ in _VERBS and is_speech_cue(a)) or _told_on_its_own(below):
            break
        clause.append(a)
        below = a
    return _Trigger(sent, cand, t, anc, clause, cand.entry.modes == ("refuse",))


#: conjunctions of an adverbial clause that tells a fact of its own (time, cause, contrast)
_FACTUAL_MARKS = frozenset(
    "as while whereas after before since because when although though".split()
)


def _told_on_its_own(v: Token) -> bool:
    """A clause that tells its own past act with its own subject, coordinated with or hung on
    another ("X did not respond, but they denied it", "the U.S. will keep up pressure, as Tehran
    rejected the offer"): the other clause's negation or future is not its own. A condition
    ("if they attacked") is read on the clause's own verb, which stays in it."""
    if v.pos_ not in _VERBS or v.dep_ not in ("conj", "advcl"):
        return False
    if not any(c.dep_ in ("nsubj", "nsubjpass") for c in v.children):
        return False
    if v.dep_ == "advcl" and not any(
        c.dep_ == "mark" and c.lower_ in _FACTUAL_MARKS for c in v.children
    ):
        return False  # "in case troops retreated": an adverbial clause of what may come
    if v.dep_ == "conj" and not any(
        c.dep_ == "cc" and v.head.i < c.i < v.i for c in v.head.children
    ):
        return False  # a conjunct with no "and"/"but" before it is a misparse, not a clause
    if v.tag_ == "VBD":
        return True
    # "have denied", "had rejected" (a perfect), "was arrested" (a past passive)
    auxes = [c for c in v.children if c.dep_ in ("aux", "auxpass")]
    return v.tag_ == "VBN" and any(
        a.tag_ == "VBD" or (_lem(a) == "have" and a.tag_ in ("VBZ", "VBP")) for a in auxes
    )


def _negates(c: Token) -> bool:
    if c.dep_ == "neg" and _not_only(c):
        return False
    return c.dep_ == "neg" or (c.lower_ in ("never", "no") and c.dep_ in ("advmod", "det", "neg"))


def _not_only(c: Token) -> bool:
    """ "are not only angry with X but also Y": a correlative, no negation."""
    nxt = c.doc[c.i + 1] if c.i + 1 < len(c.doc) else None
    return (
        nxt is not None and nxt.lower_ in ("only", "just", "merely")
        and any(x.lower_ == "but" for x in c.doc[c.i + 2 : c.sent.end])
    )  # fmt: skip


def _to_infinitive(x: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in x.children)


def _negated_in_clause(g: _Trigger) -> str | None:
    """A negation on the trigger or a verb of its clause: "did not attack"."""
    for x in g.clause:
        if g.refusal and x is g.t:
            continue
        if x.i != g.t.i and g.cand.entry.plover in _SAID_ACTS and _what_it_did(g.t, x):
            break  # "the call and the demand did not mesh": the calls were made
        if _lem(x) in LITOTES and x is not g.t:
            break  # "will not hesitate to shut it off": the negation is of the hesitation
        if any(_negates(c) for c in x.children):
            return "negated"
    return None


def _denied(g: _Trigger) -> str | None:
    """Under a deny verb ("denied attacking") or "it is not true that"."""
    below = g.t
    for a in g.anc:
        # "denied the request and asked instead for ...": a verb coordinated with the denial is
        # said, not denied
        coordinated = below.dep_ == "conj" and below.pos_ in _VERBS
        # "X, who faces two charges, denies them": the denier's own phrase is not denied; nor
        # is an adverbial clause on the denial, the denier's own act or circumstance ("denied the
        # allegations while criticizing the groups", "rejected the warrant, telling reporters")
        own = below.dep_ in ("nsubj", "advcl")
        if _lem(a) in DENY and a.pos_ == "VERB" and not coordinated and not own:
            return "negated"
        if _negated_true(a):
            return "negated"
        below = a
    return None


def _asked(g: _Trigger) -> str | None:
    return "hypothetical" if _is_question(g.sent) else None  # "Who is dead?": not asserted


def _demanded(g: _Trigger) -> str | None:
    """'"The administration must stop these transfers."': a quoted demand with no verb of saying
    is triggered on its own "must" (events.speech_acts): the demand is made; what must be done
    keeps its own trigger and mode."""
    t = g.t
    return (
        "asserted"
        if t.lower_ == "must" and t.dep_ == "aux" and g.cand.entry.plover == "REQUEST"
        else None
    )


def _conditional(g: _Trigger) -> str | None:
    """A clause under "if", "unless", "whether", or with a modal of possibility ("could")."""
    for x in g.clause:
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in x.children):
            return "hypothetical"
        if x.pos_ in _VERBS:
            auxes = {c.lower_ for c in x.children if c.dep_ in ("aux", "auxpass")}
            if auxes & MODAL_HYPO and "would" not in auxes:
                return "hypothetical"
    if g.t.dep_ == "acl" and g.t.tag_ == "VBN" and _under_if(g.t):
        return "hypothetical"  # "if they are added to the lists of prisoners pardoned by the king"
    return None


def _under_if(t: Token) -> bool:
    """A participle on a noun of a clause under "if" or "unless": what the noun is said to
    have undergone is as conditional as the clause."""
    return any(
        c.dep_ == "mark" and c.lower_ in ("if", "unless") for a in t.ancestors for c in a.children
    )


def _refused(g: _Trigger) -> str | None:
    return "asserted" if g.refusal else None  # "will not accept" refuses now


def _future(x: Token, g: _Trigger) -> bool:
    auxes = {c.lower_ for c in x.children if c.dep_ == "aux"}
    return bool(auxes & {"will", "shall", "'ll"} or ("would" in auxes and g.anc))


def _xcomp_of(heads: frozenset[str]) -> Callable[[Token, _Trigger], bool]:
    return lambda x, g: x.dep_ == "xcomp" and _lem(x.head) in heads


def _refused_to(x: Token, g: _Trigger) -> bool:
    """ "refused to release the hostages", "declined to meet": the act refused did not happen.
    Only the refused verb itself: in "failed to stop the attack" the attack happened."""
    return x.i == g.t.i and x.dep_ == "xcomp" and _lem(x.head) in REFUSING_HEADS


def _owed(x: Token, g: _Trigger) -> bool:
    """ "they need to return it", "they ought to return it": owed, not done ("had to flee" was)."""
    return (
        x.dep_ == "xcomp" and _to_infinitive(x)
        and ((_lem(x.head) in OBLIGING_HEADS and x.head.tag_ in ("VBP", "VBZ"))
             or x.head.lower_ == "ought")
    )  # fmt: skip


def _wanted(x: Token, g: _Trigger) -> bool:
    """ "want the government to lift the ban", "wish Beijing would stop": wanted of another party,
    not done (events.speech_acts reads the wish as a request)."""
    return x.dep_ == "ccomp" and _lem(x.head) in WANTING_HEADS and x.pos_ == "VERB"


def _purpose(x: Token, g: _Trigger) -> bool:
    return x.dep_ == "advcl" and _to_infinitive(x)  # "making bombs to carry out attacks"


def _infinitive_of(nouns: frozenset[str]) -> Callable[[Token, _Trigger], bool]:
    """The infinitive of one of `nouns`: "the decision to withdraw"."""
    return lambda x, g: x.dep_ == "acl" and _lem(x.head) in nouns and _to_infinitive(x)


#: nouns of an arrangement whose compound names what it provides for ("an evacuation deal")
ARRANGEMENTS = frozenset("deal agreement accord plan proposal pact treaty roadmap".split())
#: arrangements whose "for"/"on" gerund is what they provide for: "a plan for rearming Europe",
#: "an agreement on withdrawing troops"
PROVIDING_NOUNS = ARRANGEMENTS | frozenset("strategy programme program initiative bill".split())


def _instead(x: Token, g: _Trigger) -> bool:
    """ "instead of calling for an Asian NATO, Japan will ...", "rather than attacking": the act
    set aside is not done."""
    prep = x.head
    if x.dep_ != "pcomp" or prep.dep_ != "prep" or prep.i == 0:
        return False
    # the parser hangs "instead" and "rather" anywhere: read the word before the preposition
    before = prep.doc[prep.i - 1].lower_
    return (prep.lower_, before) in (("of", "instead"), ("than", "rather"))


def _provided_for(x: Token, g: _Trigger) -> bool:
    """ "proposed an $873 billion plan for rearming Europe and supporting Ukraine": what a plan
    or deal provides for is still to come."""
    return (
        x.dep_ == "pcomp" and x.head.lower_ in ("for", "on") and x.head.dep_ == "prep"
        and _lem(x.head.head) in PROVIDING_NOUNS
    )  # fmt: skip


def _attempted(x: Token, g: _Trigger) -> bool:
    """Tried for: "new efforts to impose sanctions" (an attempt to kill is an attack)."""
    return (
        x is g.t and x.dep_ == "acl" and _lem(x.head) in ATTEMPT_NOUNS
        and g.cand.entry.plover not in ATTEMPTED_ACTS and _to_infinitive(x)
    )  # fmt: skip


def _to_be_done(x: Token, g: _Trigger) -> bool:
    """ "a report to be released next month"."""
    return (
        x is g.t and x.dep_ in ("acl", "relcl") and x.tag_ == "VBN" and _to_infinitive(x)
        and any(c.dep_ == "auxpass" for c in x.children)
    )  # fmt: skip


def _function(x: Token, g: _Trigger) -> bool:
    """What a thing is for: "a plane used to share intelligence"."""
    return (
        x.dep_ == "xcomp" and _lem(x.head) in FUNCTION_HEADS
        and x.head.dep_ == "acl" and x.head.tag_ == "VBN"
    )  # fmt: skip


#: nouns whose infinitive predicate is an act aimed at: "our objective is to liberate the
#: territories", "the rebels' main goal is to capture the city"
GOAL_NOUNS = INTENT_NOUNS | frozenset(
    "aim goal objective mission priority task purpose ambition target dream hope".split()
)


def _goal_predicate(x: Token, g: _Trigger) -> bool:
    """The infinitive that says what a goal is: "our key objective is to liberate Iraq's
    territories" (aimed at, not done; "the attack was to avenge" has no goal noun)."""
    return (
        x.dep_ == "xcomp" and _lem(x.head) == "be" and _to_infinitive(x)
        and any(c.dep_ == "nsubj" and _lem(c) in GOAL_NOUNS for c in x.head.children)
    )  # fmt: skip


def _going_to(x: Token, g: _Trigger) -> bool:
    return x.lower_ == "going" and any(c.dep_ == "xcomp" for c in x.children)


#: verbs that keep someone from an act: "prevented the rebels from attacking", "laws prevent
#: aid workers to negotiate", "barred journalists from entering"
PREVENTING = frozenset(
    "prevent stop bar block forbid prohibit keep deter restrain hinder preclude ban".split()
)


def _prevented(x: Token, g: _Trigger) -> bool:
    """The act someone was kept from did not happen; "Russia stopped attacking" (no one kept
    from it) tells attacks that did, and stays."""
    if x.dep_ == "pcomp" and x.head.lower_ == "from" and x.head.dep_ == "prep":
        return _lem(x.head.head) in PREVENTING
    if x.dep_ not in ("xcomp", "ccomp") or _lem(x.head) not in PREVENTING:
        return False
    # "prevent workers to negotiate": the one kept from it as the object, or parsed as the
    # subject of an infinitive clause
    if x.dep_ == "ccomp":
        return _to_infinitive(x) and any(c.dep_ == "nsubj" for c in x.children)
    return any(c.dep_ == "dobj" and c.i < x.i for c in x.head.children)


#: (test, mode) for a verb of the trigger's clause, tried in order; the first that holds decides
_VERB_MODES: tuple[tuple[Callable[[Token, _Trigger], bool], str], ...] = (
    (_future, "planned"),
    (_prevented, "negated"),
    (_instead, "negated"),
    (_refused_to, "negated"),
    (_xcomp_of(PLAN_HEADS), "planned"),
    (_xcomp_of(REQUEST_HEADS), "hypothetical"),  # "urged the population to remain calm"
    (_owed, "hypothetical"),
    (_wanted, "hypothetical"),
    (_purpose, "planned"),
    (_infinitive_of(INTENT_NOUNS), "planned"),  # an intent: "the decision to withdraw"
    (_provided_for, "planned"),
    (_infinitive_of(REFUSAL_NOUNS), "hypothetical"),  # held back: "its reluctance to endorse it"
    (_attempted, "planned"),
    (_to_be_done, "planned"),
    (_function, "hypothetical"),
    (_going_to, "planned"),
    (_goal_predicate, "planned"),
)


def _clause_mode(g: _Trigger) -> str | None:
    """What the verbs of the clause say (future, wanted, owed, for a purpose ...), or a plan
    adjective on a noun of it ("the planned attack"); a noun above the trigger ends the clause."""
    for x in g.clause:
        if x.pos_ in _VERBS:
            for test, mode in _VERB_MODES:
                if test(x, g):
                    return mode
        if x.pos_ in ("NOUN", "PROPN") and any(c.lower_ in PLAN_AMODS for c in x.children):
            return "planned"
        if x.i != g.t.i and x.pos_ == "NOUN":
            break
    return None


def _planned_noun(g: _Trigger) -> str | None:
    """ "talks scheduled for May", "plans to hold talks"."""
    t = g.t
    if t.pos_ != "NOUN":
        return None
    if any(c.dep_ == "acl" and c.lower_ in PLAN_AMODS for c in t.children):
        return "planned"
    h = t.head
    if (
        h.pos_ == "VERB" and _lem(h) in PLAN_HEADS | {"convene", "hold"} and t.dep_ in OBJ
        and h.dep_ == "xcomp" and _lem(h.head) in PLAN_HEADS
    ):  # fmt: skip
        return "planned"
    if any(c.dep_ == "amod" and c.lower_ in POSSIBLE_AMODS for c in t.children):
        return "hypothetical"  # "a possible offensive", "a feared crackdown"
    if t.dep_ == "nsubjpass" and _lem(h) in EXPECTING and _to_come(h):
        return "planned"  # "operations are expected", "talks are scheduled to begin"
    if t.dep_ == "compound" and _lem(h) in ARRANGEMENTS and _lem(t) not in TRUCES:
        return "planned"  # "the evacuation deal": what a deal or plan provides for
    return None


#: adjectives of an act that may come: "a possible offensive", "potential strikes"
POSSIBLE_AMODS = frozenset("possible potential likely feared prospective eventual".split())
#: verbs whose passive subject is still to come: "operations are expected"
EXPECTING = frozenset("expect plan schedule anticipate".split())


def _to_come(expected: Token) -> bool:
    """ "are expected", "are scheduled to begin": the act itself is to come ("the assault is
    expected to intensify" is under way)."""
    xs = [c for c in expected.children if c.dep_ == "xcomp"]
    return not xs or any(_lem(x).rstrip("e") in _OCCURRING_STEMS for x in xs)


#: a ceasefire agreement declares the ceasefire: it is not to come
TRUCES = frozenset("ceasefire cease-fire truce armistice".split())


def _pending(g: _Trigger) -> str | None:
    """ "sanctions are waiting", "sanctions are in Congress awaiting ratification"."""
    t = g.t
    if (
        t.pos_ == "NOUN"
        and t.dep_ in SUBJ
        and (
            _lem(t.head) in PENDING_HEADS
            or any(c.dep_ == "advcl" and _lem(c) in PENDING_HEADS for c in t.head.children)
        )
    ):
        return "planned"
    return None


def _at_risk(g: _Trigger) -> str | None:
    """ "the ongoing threat of terrorist attacks"."""
    t = g.t
    if (
        t.pos_ == "NOUN" and t.dep_ == "pobj" and t.head.lower_ == "of"
        and _lem(t.head.head) in RISK_NOUNS
    ):  # fmt: skip
        return "hypothetical"
    return None


#: verbs that ask for what their "for" object names: "called for the release of", "pressed for
#: talks" (not "ordered the arrest": an order from authority is carried out)
ASKING_HEADS = frozenset("call ask appeal press push plead beg lobby urge".split())
#: verbs that ask for what their object names: "urged an investigation" ("called the attack a
#: provocation", "pressed charges" are no asking)
ASKING_OBJECT_HEADS = frozenset("urge implore beg".split())


def _desired(g: _Trigger) -> str | None:
    """ "is seeking military assistance", "urging a full investigation", "called for the
    release of the journalists": asked for, not given."""
    t = g.t
    if t.pos_ != "NOUN":
        return None
    if t.dep_ == "compound" and t.head.pos_ == "NOUN":
        t = t.head  # "is pursuing the loan facility": the phrase is what is sought
    if t.dep_ in OBJ and _lem(t.head) in DESIRE_HEADS | ASKING_OBJECT_HEADS:
        return "hypothetical"
    h = t.head
    if t.dep_ == "pobj" and h.lower_ == "for" and _lem(h.head) in ASKING_HEADS:
        return "hypothetical"
    return None


def _hedged(g: _Trigger) -> str | None:
    """A hedge near the trigger or in the sentence, unnamed sources, or a passive "is said"."""
    for x in ([g.t] + g.anc)[:4]:
        if any(c.lower_ in HEDGES for c in x.children):
            return "hedged"
    if {x.lower_ for x in g.sent} & HEDGES or _cites_unnamed_sources(g.sent):
        return "hedged"
    for a in g.anc:
        if _lem(a) in ("say", "report", "believe", "think", "claim", "suspect") and any(
            c.dep_ == "auxpass" for c in a.children
        ):
            return "hedged"
    return None


#: verbs whose "of"/"with"/"for" object is an act laid at someone's door by an accuser, the
#: police or a prosecutor: "charged with murder", "accused of killing", "suspected of planning an
#: attack", "arrested for smuggling", "indicted on charges of". What the story reports is the
#: charge; the act charged is its content, not told as having happened.
CHARGING_HEADS = frozenset(
    "charge accuse suspect indict arrest detain prosecute investigate probe allege implicate "
    "hold".split()
)
#: nouns whose "of" object is an act charged: "faces charges of inciting violence", "on
#: suspicion of spying", "allegations of torture"
CHARGE_NOUNS = frozenset("charge accusation allegation suspicion indictment".split())
#: "convicted of murder", "sentenced for the killing", "found guilty of": a court's finding is
#: the act's attribution, not a hypothesis, so the act keeps its mode (`_charged` stops here)
FINDING_HEADS = frozenset("convict sentence jail imprison guilty".split())
_CHARGE_PREPS = frozenset({"of", "with", "for"})
#: how an act charged hangs below its preposition: "of killing and looting", "with the
#: kidnapping of", "of planning an attack"
_CHARGED_DEPS = frozenset({"conj", "pobj", "pcomp", "dobj", "xcomp", "appos"})


def _charging_word(prep: Token) -> Token | None:
    """The verb or noun a charge preposition hangs from: "charged with", "accused X of" (the
    accused in between), "charges of"."""
    head = prep.head
    if head.pos_ == "NOUN" and _lem(head) in CHARGE_NOUNS:
        # "in charge of the coordination" is a duty, not a charge
        return None if head.dep_ == "pobj" and head.head.lower_ == "in" else head
    if head.pos_ in ("NOUN", "PROPN", "PRON") and head.dep_ in OBJ:
        head = head.head  # "accused the rebels of killing", "arrested two men for smuggling"
    return head if head.pos_ in (*_VERBS, "ADJ") else None


def _known_happening(t: Token) -> bool:
    """ "arrested for the bombing", "accused of Sunday's attack": a determined noun names a
    happening the story takes as known; only who did it is charged."""
    return t.pos_ == "NOUN" and any(
        c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these"))
        for c in t.children
    )


def _charged(g: _Trigger) -> str | None:
    """An act that is the content of a charge, an accusation or a suspicion: "was charged with
    raping, kidnapping and murder", "faces charges of inciting violence". Not asserted, so not a
    reported event: hypothetical (it stays a claim on an event other sentences report). A
    conviction is a finding and keeps the act's mode."""
    x = g.t
    for _ in range(8):  # a bounded climb: "with robbing ..., raping, kidnapping and attacking"
        # "accused the police of beating protesters" is often parsed with the gerund as the
        # object's modifier: climb from it as from the object
        gerund_mod = x.dep_ == "amod" and x.tag_ == "VBG"
        if (x.dep_ not in _CHARGED_DEPS and not gerund_mod) or x.head.i == x.i:
            return None
        if x.dep_ in ("pobj", "pcomp") and x.head.lower_ in _CHARGE_PREPS:
            word = _charging_word(x.head)
            if word is None or _lem(word) in FINDING_HEADS:
                return None
            if _lem(word) in CHARGING_HEADS or _lem(word) in CHARGE_NOUNS:
                known = _known_happening(x) or _known_happening(g.t)
                return None if known else "hypothetical"
            return None
        x = x.head
    return None


#: words of intent that PLOVER files under AGREE ("vowed to", "offered to", "proposed a plan",
#: "is ready to"): what they promise is still to come, so the AGREE they make is planned; an
#: agreement made is told by other words ("agreed to", "signed", "accepted the deal")
PROMISING = frozenset("promise pledge vow offer propose intend ready prepared willing".split())


def _promised(g: _Trigger) -> str | None:
    """ "vowed to make the region climate neutral", "offered to resettle the Uyghurs"."""
    if g.cand.entry.plover == "AGREE" and _lem(g.t) in PROMISING:
        return "planned"
    return None


#: the rules of `modality`, in order: the first that gives a mode decides; else "asserted"
_MODALITY_RULES: tuple[Callable[[_Trigger], str | None], ...] = (
    _negated_in_clause,
    _denied,
    _charged,
    _asked,
    _demanded,
    _conditional,
    _refused,
    _promised,
    _clause_mode,
    _planned_noun,
    _pending,
    _at_risk,
    _desired,
    _hedged,
)


def modality(sent: Span, cand: Candidate) -> str:
    """The mode of the trigger `cand` in `sent`: negated, hypothetical, planned, hedged or
    asserted (`_MODALITY_RULES`, the first rule that gives one decides)."""
    g = _trigger(sent, cand)
    for rule in _MODALITY_RULES:
        mode = rule(g)
        if mode:
            return mode
    return "asserted"


def _cites_unnamed_sources(sent) -> bool:  # type: ignore[no-untyped-def]
    """ "..., citing sources close to the talks": the outlet passes on what unnamed sources say."""
    return any(
        x.lower_ == "citing"
        and any(c.dep_ in OBJ and c.lower_ in HEDGE_SPEAKERS for c in x.children)
        for x in sent
    )


def _speech_cue(t: Token) -> Token | None:
    """The speech verb the trigger is said under: an ancestor ("officials said X happened"), or
    a reporting clause hung from the clause root ("X happened, officials said")."""
    anc = ancestors(t)
    # "'... were taken away and shot,' a villager told X": the whole quote is what is said
    quoted = any(a.pos_ in _VERBS and _lem(a) in SPEECH and across_quote(t, a) for a in anc)
    below = t
    for a in anc:
        if below.dep_ == "conj" and below.pos_ in _VERBS and not quoted:
            break  # "denied the request and asked instead": the asking is done, not said
        if below.dep_ == "advcl" and _lem(a) in DENY:
            break  # "denied the allegations while criticizing X": the denier's own act
        if a.pos_ in _VERBS and _lem(a) in SPEECH:
            return a
        below = a
    # "X happened, officials said": speech verb as parataxis/ccomp child of the clause root
    root = anc[-1] if anc else t
    for c in list(root.children) + list(t.children):
        if c.dep_ in ("parataxis", "ccomp", "advcl") and c.pos_ == "VERB" and _lem(c) in SPEECH:
            if _relative(c):
                continue  # "... in a report — which Moscow denied": a clause on a noun
            return c
    return None


def _relative(verb: Token) -> bool:
    """A verb whose object or subject is a relative pronoun ("which Moscow denied"): a relative
    clause on a noun (parsed as hung from the root), not a report of the root's clause."""
    return any(c.dep_ in (*OBJ, *SUBJ) and c.tag_ in ("WDT", "WP") for c in verb.children)


def _subject_span(cue: Token) -> tuple[int, int] | None:
    """The token span of the speech verb's subject, conjuncts and a trailing name included;
    None without one, or for "it" ("it said")."""
    subj = [c for c in cue.children if c.dep_ in SUBJ]
    if not subj:
        return None
    s = subj[0]
    toks = _conj(s)
    start = min(np_span(x)[0] for x in toks)
    end = max(np_span(x)[1] for x in toks)
    for x in subj[1:] + [c for c in s.children if c.dep_ == "appos"]:
        if x.i == end and x.pos_ == "PROPN":
            # "40-year-old local villager Mahmoud": the name parsed as a second subject or an
            # apposition
            end = np_span(x)[1]
    if s.pos_ == "PRON" and s.lower_ == "it":
        return None
    if s.pos_ == "NOUN" and not s.ent_type_:
        # "a body that monitors the war said": the bare noun names no source; its relative
        # clause is what types it
        for c in s.children:
            if c.dep_ == "relcl" and c.i > s.i:
                end = max(end, c.right_edge.i + 1)
    return start, end


def _stance(cue: Token) -> str:
    """deny ("denied that"), report ("reported", "was said", "did not confirm") or assert."""
    lem = _lem(cue)
    if lem in DENY:
        return "deny"
    if lem in REPORT_CUES or any(c.dep_ in ("auxpass", "neg") for c in cue.children):
        return "report"
    return "assert"


def _from_cue(att: Attrib, cue: Token) -> None:
    """Speaker (the subject, else the "by" agent of a passive), cue and stance of a speech verb."""
    doc = cue.doc
    span = _subject_span(cue)
    if span is not None:
        att.speaker, att.speaker_text = span, doc[span[0] : span[1]].text
    agent = [g for c in cue.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if agent and att.speaker is None:
        s, e = np_span(agent[0])
        att.speaker, att.speaker_text = (s, e), doc[s:e].text
    att.cue, att.cue_i = cue.text, cue.i
    att.stance = _stance(cue)


def _according_to(att: Attrib, sent: Span) -> None:
    """ "according to X": X is the speaker, if no speech verb gave one."""
    doc = sent.doc
    for tok in sent:
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            pobj = [g for g in doc[tok.i + 1].children if g.dep_ == "pobj"]
            if pobj and att.speaker is None:
                s, e = np_span(pobj[0])
                att.speaker, att.speaker_text = (s, e), doc[s:e].text
                att.cue, att.cue_i, att.stance = "according to", tok.i, "report"


def _not_true(att: Attrib, t: Token) -> None:
    """ "not true that X": a denial without a deny verb."""
    for a in ancestors(t):
        if _negated_true(a):
            att.stance = "deny"
            if att.cue is None:
                att.cue, att.cue_i = "not true", a.i


def attribution(sent: Span, cand: Candidate) -> Attrib:
    """Who says the trigger `cand` happened, with which cue and stance: a speech verb over it,
    "according to X", "it is not true that"."""
    t = sent.doc[cand.i]
    att = Attrib()
    cue = _speech_cue(t)
    if cue is not None:
        _from_cue(att, cue)
    _according_to(att, sent)
    _not_true(att, t)
    return att


def is_hedging_speaker(text: str | None) -> bool:
    if not text:
        return False
    words = set(re.findall(r"[a-z]+", text.lower()))
    return bool(words & HEDGE_SPEAKERS)


PROMISABLE = frozenset("SUPPORT AID RETREAT CONCEDE COOPERATE CONSULT".split())
THREATENABLE = frozenset("COERCE ASSAULT SANCTION PROTEST MOBILIZE".split())


def sentence_type(sent, cand: Candidate) -> str:  # type: ignore[no-untyped-def]
    """PLOVER's reading of a sentence whose main event is not (yet) done: a promise to
    cooperate is AGREE ("will provide aid"), a future coercive act is THREATEN ("would
    blockade Paris"), a refusal to cooperate is REJECT ("will not accept refugees")."""
    typ = cand.entry.plover
    mod = modality(sent, cand)
    if mod == "negated" and typ in PROMISABLE | {"AGREE"}:
        return "REJECT"
    if mod == "planned":
        if typ in PROMISABLE:
            return "AGREE"
        if typ in THREATENABLE:
            return "THREATEN"
    return typ


HABITUAL = frozenset(
    "frequently often regularly routinely usually typically repeatedly constantly always generally "
    "commonly continually habitually sometimes occasionally consistently persistently "
    "continuously".split()
)
#: relations that hold over time: told in the present, or as going on, they describe a standing
#: position or tie ("the group opposes the dam", "the two armies are cooperating"), not an act
STANDING_TYPES = frozenset("COOPERATE SUPPORT AID REJECT".split())
CONTINUING = frozenset("continue keep".split())
#: SUPPORT that is said ("praise", "welcome"): an act of speech in any tense
VERBAL_SUPPORT = frozenset(
    "praise welcome commend hail applaud congratulate thank endorse laud salute agree".split()
)
_FIRST_PERSON = frozenset("i we".split())


def _present(v) -> bool:  # type: ignore[no-untyped-def]
    """A verb in the present: "opposes", "are cooperating", "is backed", "has been continuing";
    not a present perfect ("has provided" tells a past act)."""
    if v.tag_ in ("VBZ", "VBP"):
        return True
    auxes = [c for c in v.children if c.dep_ in ("aux", "auxpass")]
    if not auxes or auxes[0].tag_ not in ("VBZ", "VBP"):
        return False
    lems = [_lem(a) for a in auxes]
    return lems[0] == "be" or (lems[:2] == ["have", "be"] and v.tag_ == "VBG")


def _progressive(v) -> bool:  # type: ignore[no-untyped-def]
    return v.tag_ == "VBG" and any(c.dep_ == "aux" and _lem(c) == "be" for c in v.children)


def is_standing(sent, cand: Candidate) -> bool:  # type: ignore[no-untyped-def]
    """A standing relation, not an act (STANDING_TYPES): one that was already going on ("was
    already providing aid before the coup"), goes on ("continues to defy calls", "we continue to
    recognize"), or that the story states in the present on its own authority ("the group also
    opposes Chinese investment", "the two presidents are closely cooperating"). A position said
    by someone ("Russia supports the proposal, Putin said"), one dated ("is supplying arms this
    week") or taken by the speaker ("we reject") is an act of saying, and kept; so is a headline
    (the caller checks)."""
    t = sent.doc[cand.i]
    if cand.entry.plover not in STANDING_TYPES or _lem(t) in SPEECH | DENY | VERBAL_SUPPORT:
        return False  # "denies the charges", "analysts are praising X": said, whatever the tense
    if t.pos_ == "NOUN":
        # "their cooperation is legitimate": the relation judged, not an act
        return t.dep_ in SUBJ and _lem(t.head) == "be"
    if t.pos_ != "VERB":
        return False
    if t.dep_ == "acl" and t.tag_ == "VBN":
        return True  # "soldiers backed by African Union troops": who they are
    if _progressive(t) and any(c.lower_ == "already" for c in t.children):
        return True
    head = t.head if t.dep_ == "xcomp" else None
    if head is not None and _lem(head) in CONTINUING and _present(head):
        return True
    if not _present(t) or t.dep_ not in ("ROOT", "conj", "relcl"):
        return False
    if any(c.dep_ in SUBJ and c.lower_ in _FIRST_PERSON for c in t.children):
        return False
    if any(e.label_ in ("DATE", "TIME") for e in sent.ents):
        return False
    return attribution(sent, cand).cue is None


def _is_question(sent) -> bool:  # type: ignore[no-untyped-def]
    return sent.text.rstrip().rstrip("\"'”’)»").endswith("?")


#: "in the past two years", "over recent months": what happened in such a period is a tally
_PERIOD = re.compile(
    r"\b(?:in|over|during|throughout)\s+(?:the\s+)?(?:past|last|recent)\s+(?:(?:few|several|\w+)\s+)?"
    r"(?:years?|months?|decades?)\b|\bin recent (?:years|months|decades)\b|\bsince\b",
    re.I,
)
#: "several attacks", "over 500 attacks": many occurrences counted, not one
_MANY = frozenset(
    "several numerous many multiple repeated dozens hundreds thousands scores series".split()
)
#: nouns that gather many occurrences: "a wave of kidnappings", "a spate of attacks"
_WAVES = _MANY | frozenset("wave waves spate string spree rash surge spike string".split())
_ONE_DAY = re.compile(
    r"\b(?:on|last|this)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|\b(?:yesterday|today|"
    r"tonight|overnight)\b|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:'s)?\b",
    re.I,
)


def _clause_verbs(t) -> list:  # type: ignore[no-untyped-def]
    """The verb of the trigger's clause, and the verb a participle hangs from ("has claimed
    several attacks, targeting X"; "have intensified attacks")."""
    x = t
    if x.pos_ == "NOUN" and x.dep_ == "pobj" and x.head.dep_ == "prep":
        x = x.head.head
    elif x.pos_ == "NOUN" and x.dep_ in OBJ:
        x = x.head
    out = [x] if x.pos_ in ("VERB", "AUX") else []
    if x.tag_ == "VBG" and x.dep_ in ("advcl", "acl", "xcomp") and x.head.pos_ in ("VERB", "AUX"):
        out.append(x.head)
    return out


def _counted(noun) -> bool:  # type: ignore[no-untyped-def]
    """A plural event noun counted as many ("504 attacks", "several deadly attacks")."""
    if noun.pos_ != "NOUN" or noun.tag_ != "NNS":
        return False
    for c in noun.children:
        if c.lower_ in _MANY:
            return True
        if c.dep_ == "nummod" and c.like_num:
            try:
                return float(c.text.replace(",", "")) >= 2
            except ValueError:
                return c.lower_ not in ("one", "a")
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lower_ in _WAVES:
        return True  # "a wave of kidnappings", "a string of bombings"
    return noun.head.dep_ == "pobj" and noun.dep_ == "pobj" and noun.head.lower_ in _MANY


def _tally(t) -> bool:  # type: ignore[no-untyped-def]
    """Many occurrences counted over a period ("launched 504 attacks in 2024", "killed 400 people
    in over 500 attacks"); a count of one day's attacks ("three attacks on Tuesday") is kept."""
    nouns = [t] if t.pos_ == "NOUN" else []
    if t.pos_ == "VERB":
        heads = [t] + [c for c in t.children if c.dep_ in OBJ]  # "killed 300 people in 400 attacks"
        for h in heads:
            for c in h.children:
                if c.dep_ in OBJ:
                    nouns.append(c)
                elif c.dep_ == "prep" and c.lower_ in ("in", "with"):
                    nouns += [g for g in c.children if g.dep_ == "pobj"]
    # "conducting 13 rounds of missile tests since May": the rounds are counted
    nouns = [n for n in nouns if _lem(n) in _EVENT_NOUNS or _of_event(n)]
    return any(_counted(n) for n in nouns) and not _ONE_DAY.search(t.sent.text)


#: nouns that count occurrences of what their "of" names ("13 rounds of missile tests")
_ROUNDS = frozenset("round series".split())


def _of_event(noun) -> bool:  # type: ignore[no-untyped-def]
    return _lem(noun) in _ROUNDS and any(
        _lem(g) in _EVENT_NOUNS
        for c in noun.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for g in c.children
        if g.dep_ == "pobj"
    )


_EVENT_NOUNS = frozenset(
    "attack strike raid bombing assault airstrike operation ambush killing abduction kidnapping "
    "shooting test launch".split()
)


def _attendant(clause) -> bool:  # type: ignore[no-untyped-def]
    """A clause of what went with the main one ("while covering events", "fleeing the town"), not
    one that dates it ("since they held a summit")."""
    marks = [c.lower_ for c in clause.children if c.dep_ == "mark"]
    return marks == ["while"] or (not marks and clause.tag_ in ("VBG", "VBN"))


def _habitual(t: Token) -> bool:
    """ "the group frequently conducts bombings": a habit adverb on the trigger's clause (up to
    its first verb, short of a speech verb)."""
    clause = [t]
    for a in ancestors(t):
        if a.pos_ in _VERBS and is_speech_cue(a):
            break
        clause.append(a)
        if a.pos_ == "VERB":
            break
    return any(c.dep_ == "advmod" and c.lower_ in HABITUAL for x in clause for c in x.children)


def _measured(t: Token) -> bool:
    """ "$70 million less than it had sought": a measure, not an act."""
    return t.pos_ == "VERB" and any(c.dep_ == "mark" and c.lower_ == "than" for c in t.children)


def _circumstance(t: Token, cand: Candidate) -> bool:
    """ "deadlocked, with both rivals accusing each other": a circumstance, not an act."""
    return (
        t.pos_ == "VERB" and t.dep_ == "pcomp" and t.head.lower_ == "with"
        and t.tag_ in ("VBG", "VBN") and cand.entry.plover not in ("ASSAULT", "COERCE")
        and cand.entry.source != FRAME  # "with X speaking by phone with Y": a call made
        and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)
    )  # fmt: skip


def _governing_verbs(t: Token) -> list[Token]:
    """The verbs a tally may be told by: the clause verb of the trigger (or of the first of its
    conjuncts), and up to three clauses it hangs from as a conjunct or attendant participle
    ("have been harassed while covering events and detained")."""
    v = t
    while v.dep_ == "conj" and v.head.i != v.i:
        v = v.head
    verbs = _clause_verbs(v)
    w = v
    for _ in range(3):
        if w.head.i == w.i or not (w.dep_ == "conj" or (w.dep_ == "advcl" and _attendant(w))):
            break
        w = w.head
        verbs.append(w)
    return verbs


def _period_tally(sent: Span, verbs: list[Token]) -> bool:
    """ "in the past two years, journalists have been detained": a perfect over a period."""
    return bool(_PERIOD.search(sent.text)) and any(
        c.dep_ == "aux" and c.lower_ in ("have", "has") for x in verbs for c in x.children
    )


def _compared(t: Token) -> bool:
    """ "has suffered more attacks than any other": a comparison of counts."""
    return (
        t.pos_ == "NOUN" and t.tag_ == "NNS"
        and any(
            c.lower_ in ("more", "fewer", "most") and any(g.lower_ == "than" for g in t.subtree)
            for c in t.children
        )
    )  # fmt: skip


def is_generic(sent: Span, cand: Candidate) -> bool:
    """A habitual or comparative statement names no occurrence: "the group frequently conducts
    bombings", "the city has suffered more attacks than any other". Not an event."""
    t = sent.doc[cand.i]
    if _habitual(t) or _measured(t) or _circumstance(t, cand) or _judges_any(t, cand):
        return True
    if cand.entry is CUSTODY_STATE or arrest_campaign(t):
        # "has been in custody since Feb. 24", "have arrested 2,400 people since February 1":
        # a detention and its start, one campaign (events.custody), not a tally
        return False
    verbs = _governing_verbs(t)
    if _period_tally(sent, verbs) or _tally(t) or any(_tally(x) for x in verbs if x is not t):
        return True
    return _compared(t)


#: acts of judging: condemning or praising "any" such thing is a position, not an act on one
_JUDGEMENTS = frozenset({"ACCUSE", "SUPPORT"})


def _judges_any(t: Token, cand: Candidate) -> bool:
    """ "condemns any violence against civilians", "welcomes any effort to end the war": a
    judgement of whatever may come names no occurrence judged (and no one judged)."""
    return cand.entry.plover in _JUDGEMENTS and any(
        c.dep_ in OBJ and any(d.dep_ == "det" and d.lower_ == "any" for d in c.children)
        for c in t.children
    )


ACCIDENTS = frozenset(
    "crash accident collision derailment stampede flood earthquake storm landslide".split()
)
ACCIDENT_VERBS = frozenset("crash collide capsize sink derail overturn".split())


def is_accident(sent, cand: Candidate) -> bool:  # type: ignore[no-untyped-def]
    """Deaths in an accident with no one who caused them ("five people were killed in the
    crash", "the aircraft crashed, resulting in all crew killed", "died when a bus collided with
    a truck") are no attack."""
    t = sent.doc[cand.i]
    if t.pos_ != "VERB" or any(c.dep_ == "agent" for c in t.children):
        return False
    if any(c.dep_ in SUBJ and c.pos_ in ("PROPN",) for c in t.children):
        return False
    for c in t.children:
        if (
            c.dep_ == "prep"
            and c.lower_ in ("in", "during", "after")
            and any(_lem(g) in ACCIDENTS for g in c.children if g.dep_ == "pobj")
        ):
            return True
        if c.dep_ == "advcl" and _lem(c) in ACCIDENT_VERBS:
            return True
    # "crashed, resulting in all crew killed", "crashed, leaving six dead": the crash's outcome
    return any(_lem(a) in ACCIDENT_VERBS for a in list(ancestors(t))[:3])


#: prepositions of a setting: "at the meeting"
SETTING_PREPS = frozenset({"at"})


def is_setting(noun) -> bool:  # type: ignore[no-untyped-def]
    """A noun that says where another act took place ("said at Friday's meeting"); not one its
    parties own ("at their meeting in July", told as theirs)."""
    return (
        noun.dep_ == "pobj"
        and noun.head.lower_ in SETTING_PREPS
        and not any(c.dep_ == "poss" and c.ent_type_ not in ("DATE", "TIME") for c in noun.children)
    )


def _placed(noun) -> bool:  # type: ignore[no-untyped-def]
    """A noun with a place or parties of its own ("talks in Stockholm", "talks between the
    government and the rebels"; "a meeting on Afghanistan" is its topic): told as a happening."""
    preps = [p for p in noun.children if p.dep_ == "prep"]
    if any(p.lower_ in ("between", "with") for p in preps):
        return True
    if any(c.dep_ == "poss" and c.ent_type_ not in ("DATE", "TIME") for c in noun.children):
        return True  # "at their meeting": told as theirs
    return any(
        x.ent_type_ in ("GPE", "LOC", "FAC")
        for p in preps
        if p.lower_ in ("in", "near")
        for x in p.subtree
    ) or any(
        # "a visit to Quetta": where the visitor went (a name the tagger may call an ORG)
        x.dep_ == "pobj" and (x.pos_ == "PROPN" or x.ent_type_ in ("GPE", "LOC", "FAC"))
        for p in preps
        if p.lower_ == "to"
        for x in p.children
    )


def _is_setting_or_span(noun) -> bool:  # type: ignore[no-untyped-def]
    """A noun after "at" or "during": the scene or the span of another act, whoever's it is."""
    return noun.dep_ == "pobj" and noun.head.lower_ in SETTING_PREPS | SPAN_PREPS


#: subordinators of a clause that dates another by an event the reader knows
ANCHOR_MARKS = frozenset({"before"})

#: verbs of a measure taken against someone for what they did
MEASURE_VERBS = frozenset(
    "sanction punish arrest detain jail imprison sentence convict charge indict prosecute fine "
    "ban expel blacklist".split()
)
#: prepositions that give a measure's ground ("for", "including by")
_GROUND_PREPS = frozenset("for including by".split())


def _ground_of_a_measure(t) -> bool:  # type: ignore[no-untyped-def]
    """The act is the ground of a measure: "sanctioned for undermining democracy, including by
    targeting journalists", "arrested for attacking police". The story tells the measure; the
    act is what it was for, told as known (a means, "killed five by detonating a bomb", is none).
    """
    x, grounds = t, False
    for _ in range(6):  # a few conjuncts and prepositions up
        if x.dep_ == "conj" and x.head.i != x.i:
            x = x.head
        elif x.dep_ in ("pcomp", "pobj") and x.head.lower_ in _GROUND_PREPS:
            grounds |= x.head.lower_ != "by"
            x = x.head.head
        elif x.dep_ == "prep" and x.lower_ == "including":
            # "..., including by targeting journalists": one instance of what the clause says,
            # not an act told on its own (the parser hangs "including" anywhere in the sentence)
            return t.tag_ == "VBG" and not any(c.dep_ in SUBJ for c in t.children)
        else:
            break
    return grounds and x.i != t.i and x.pos_ == "VERB" and _lem(x) in MEASURE_VERBS


def _anchoring_clause(t: Token) -> bool:
    """ "... than before Russia invaded Ukraine": a known event dates another ("shot him before
    fleeing" tells what happened next, and is no reference)."""
    clause = t.head if t.pos_ == "NOUN" and t.dep_ in SUBJ else t
    return (
        clause.dep_ == "advcl" and clause.tag_ in ("VBD", "VBZ", "VBP")
        and any(c.dep_ == "mark" and c.lower_ in ANCHOR_MARKS for c in clause.children)
        and any(c.dep_ in SUBJ for c in clause.children)
    )  # fmt: skip


def _scene_clause(t: Token) -> bool:
    """ "attacked a hotel where elders were meeting": the scene of another event."""
    return (
        t.pos_ == "VERB" and t.dep_ == "relcl" and _progressive(t)
        and any(c.lower_ in ("where", "when") for c in t.children)
    )  # fmt: skip


def _told_as_act(t: Token, cand: Candidate) -> bool:
    """An event noun object told as an act after all: dated ("Saturday's attack"), the object of
    a light verb ("held talks"), or a measure an enacting verb imposes ("announced new tariffs
    on steel": the announcement imposes them)."""
    if any(c.ent_type_ in ("DATE", "TIME") for c in t.subtree):
        return True
    if t.dep_ == "dobj" and _lem(t.head) in LIGHT:
        return True
    return t.dep_ == "dobj" and cand.entry.plover in MEASURES and _lem(t.head) in ENACTING


def is_reference(sent: Span, cand: Candidate) -> bool:
    """An event noun that names a happening as a known thing, the object of a preposition or of
    a verb that is no event itself: "officials involved in negotiations", "return to the talks",
    "at a Security Council meeting", "the anniversary of the strikes". The subject of a clause
    ("the talks failed", "the attack killed five") and a noun dated on its own ("Saturday's
    attack") report the happening."""
    t = sent.doc[cand.i]
    if _anchoring_clause(t) or _scene_clause(t):
        return True
    if t.pos_ == "VERB" and _ground_of_a_measure(t):
        return True
    if cand.entry.source == FRAME:
        return False  # "an operation conducted by X": its frame tells it as an act (operations)
    if t.pos_ != "NOUN" or t.dep_ not in ("pobj", "dobj") or cand.entry is CUSTODY_STATE:
        return False  # "are in jail, facing trial": the detention told (events.custody)
    if cand.entry.plover == "CONSULT" and _is_setting_or_span(t):
        # "dismissed the claims at Friday's meeting": where it was said; "said during talks
        # with the rebels in Geneva": talks with parties or a place of their own took place
        return not _placed(t)
    return not _told_as_act(t, cand)
