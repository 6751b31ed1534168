"""Speech acts over planned content: the saying happened, what is said has not (yet).

"Seoul would resolutely respond to any threats", Hwang said: the response is planned (the
events stage keeps it so, and hidden), the warning was given. The classes read here (fifth
round of issue 14; the fourth round's `triggers._must_clause`, `_ultimatum` and
`threats.announced` read "must" demands, time limits and announced force):

- **A response announced** (THREATEN, CAMEO 13): a speech verb whose clause says, in the future
  and not negated, that a party will respond, retaliate, defend itself, take steps or measures,
  or declare an emergency ("said Seoul would respond firmly", "the allies will have to take
  steps to defend their security").
- **A concession announced** (CONCEDE): the speaker's side (a pronoun, or the speaker named
  again) will resume or restore ties, aid or cooperation, or lift or ease a measure ("said it
  would resume cooperation with Ukraine", "we will ease the restrictions").
- **Support pledged to go on** (SUPPORT): "will continue to stand with the people", "how we can
  continue to support Ukraine": going on presupposes the support is given now.
- **A need stated** (REQUEST): "said a firm response was urgently needed".
- **A task put to a party** (REQUEST): "it is now for Russia to accept it", "it is up to Kyiv to
  decide".
- **A proposal for a body to act** (REQUEST): "a proposal for the Security Council to lift
  sanctions" asks the body to do it.
- **That something stop** (REQUEST): "X says immigration should stop", "the killing has to
  end", under a verb of saying: an end asked for, of no party named (a party told it must stop
  is `triggers._must_clause`'s).
- **A demand in a quotation with no verb of saying** (REQUEST): '"The administration must stop
  these transfers."' (the speaker is named in the sentence before or after): a named or typed
  party, never a pronoun ("we must") nor "people", must act ("should" alone is advice).
- **Told to act** (REQUEST): "told city council members to draft regulations": a party told to
  do something (not reporters, not to know or expect).

In: a parsed token. Out: the `Entry` of the speech act that token says, or None. The trigger is
the speech verb (or the copula, or the proposal noun), so its modality is the saying's.
"""

from __future__ import annotations

import re
from typing import Any

from claimgraph.events.blame import party as _typed_party
from claimgraph.events.fires import NOUN, PREDICATE, VERB, Fires
from claimgraph.events.lexicon import Entry, lemma
from claimgraph.events.press import is_outlet
from claimgraph.events.threats import in_condition
from claimgraph.events.words import SPEECH, is_commentator
from claimgraph.model import ActorRef, Document, EventMention

THREAT = Entry("THREATEN", (), (), "rule")
CONCESSION = Entry("CONCEDE", (), (), "rule")
PLEDGE = Entry("SUPPORT", (), (), "rule")
DEMAND = Entry("REQUEST", (), (), "rule")

_FUTURE = frozenset({"will", "would", "shall", "'ll"})
_SUBJ = frozenset({"nsubj", "nsubjpass"})
#: verbs of a party's own response: said of the future, a warning
_RESPONSES = frozenset("respond retaliate".split())
#: "take steps/measures/action": a response when announced
_MEASURES = frozenset("step steps measure measures action actions".split())
#: verbs undoing a measure or restoring a relation
_RESTORING = frozenset("resume restore".split())
_LIFTING = frozenset("lift ease unfreeze".split())
#: what resuming gives back (not "resume attacks", not "resume talks": a meeting is CONSULT)
_RELATIONS = frozenset(
    "cooperation aid assistance ties relations sharing support funding trade supplies "
    "deliveries shipments".split()
)
#: what lifting or easing undoes
_MEASURES_UNDONE = frozenset(
    "sanction sanctions restriction restrictions embargo blockade curfew ban tariff tariffs "
    "freeze".split()
)
#: verbs of support that going on makes a present act
_SUPPORTING = frozenset("support back help assist aid".split())
#: speakers whose pronoun can be the saying party ("it would", "we will")
_SIDE_PRONOUNS = frozenset("i we he she it they".split())
_NEEDING = frozenset("need require".split())
#: adverbs that press a need into a call
_PRESSING = frozenset("urgently badly desperately immediately sorely".split())
_PROPOSALS = frozenset("proposal proposals motion draft".split())


def _aux(v: Any) -> set[str]:
    return {c.lower_ for c in v.children if c.dep_ in ("aux", "auxpass")}


def _negated(v: Any) -> bool:
    return any(c.dep_ == "neg" for c in v.children)


def _subject(v: Any) -> Any | None:
    return next((c for c in v.children if c.dep_ in _SUBJ), None)


def _chain(v: Any) -> list[Any]:
    """The verb and its infinitive complements: "will have to take steps to defend" gives
    have, take, defend."""
    out = [v]
    while len(out) < 5:
        nxt = next((c for c in out[-1].children if c.dep_ == "xcomp" and c.pos_ == "VERB"), None)
        if nxt is None:
            break
        out.append(nxt)
    return out


def _objects(v: Any) -> set[str]:
    return {c.lower_ for c in v.children if c.dep_ in ("dobj", "obj", "nsubjpass")}


def _party(tok: Any | None) -> bool:
    """A name or a pronoun can be a party; a common noun too when it heads a named phrase
    ("the secretary-general", "the allies"), but not an analyst."""
    if tok is None or is_commentator(tok.lower_):
        return False
    return tok.pos_ in ("PROPN", "PRON", "NOUN")


def _commenting(verb: Any) -> bool:
    return any(c.dep_ in _SUBJ and is_commentator(c.lower_) for c in verb.children)


def _responds(chain: list[Any]) -> bool:
    """A response among the verbs: respond, retaliate, take steps, declare an emergency."""
    for v in chain:
        lem = lemma(v)
        if lem in _RESPONSES:
            return True
        if lem == "take" and _objects(v) & _MEASURES:
            return True
        if lem == "declare" and any(
            o.lower_ == "emergency"
            for c in v.children
            if c.dep_ in ("dobj", "obj")
            for o in c.subtree
        ):
            return True
    return False


def _own_side(subj: Any | None, speech_verb: Any) -> bool:
    """The clause's subject is the speaker's side: a pronoun, or the speaker's own words."""
    if subj is None:
        return False
    if subj.lower_ in _SIDE_PRONOUNS:
        return True
    speaker = _subject(speech_verb)
    return speaker is not None and speaker.lower_ == subj.lower_


def _concedes(chain: list[Any]) -> bool:
    for v in chain:
        lem = lemma(v)
        objs = _objects(v)
        if lem in _RESTORING and objs & _RELATIONS:
            return True
        if lem in _LIFTING and objs & _MEASURES_UNDONE:
            return True
    return False


def _announced(clause: Any, speech_verb: Any) -> Entry | None:
    """A future, unnegated clause under a speech verb: a response (threat) or a concession."""
    if not _aux(clause) & _FUTURE or _negated(clause) or in_condition(clause):
        return None
    chain = _chain(clause)
    if any(_negated(v) for v in chain):
        return None
    subj = _subject(clause)
    if _party(subj) and _responds(chain):
        return THREAT
    if _own_side(subj, speech_verb) and _concedes(chain):
        return CONCESSION
    return None


def _pledges_support(clause: Any) -> bool:
    """ "will continue to stand with the people", "how we can continue to support Ukraine"."""
    for v in clause.subtree:
        if v.pos_ != "VERB" or lemma(v) != "continue" or _negated(v) or in_condition(v):
            continue
        for x in v.children:
            if x.dep_ != "xcomp" or _negated(x):
                continue
            if lemma(x) in _SUPPORTING and any(c.dep_ in ("dobj", "obj") for c in x.children):
                return True
            if lemma(x) == "stand" and any(
                c.dep_ == "prep" and c.lower_ in ("with", "by") for c in x.children
            ):
                return True
    return False


def _states_a_need(clause: Any) -> bool:
    """ "a firm response was urgently needed": a passive need of something, pressed ("some
    planning is needed" describes, "is urgently needed" asks), not negated."""
    return (
        lemma(clause) in _NEEDING
        and any(c.dep_ == "advmod" and c.lower_ in _PRESSING for c in clause.children)
        and "auxpass" in {c.dep_ for c in clause.children}
        and not _negated(clause)
        and any(
            c.dep_ == "nsubjpass"
            and c.pos_ == "NOUN"
            and not any(d.lower_ == "no" for d in c.children)  # "no more help was needed"
            for c in clause.children
        )
    )


#: verbs of saying the general speech cues leave out, whose clause is still what is said
_ANSWERING = frozenset("respond reply warn vow pledge promise".split())
#: verbs a said clause may pass through to its content: "I appeal to my colleague to
#: understand that the allies will have to take steps"
_PASSING = frozenset("appeal urge understand know realize realise warn add stress note".split())
_ADDRESSED = frozenset("they you he she".split())


def _clauses(tok: Any) -> list[Any]:
    """The clauses a speech verb says: its complement clauses, and theirs through verbs that
    pass what is said on ("appeal to X to understand that ...")."""
    out: list[Any] = []
    todo = [tok]
    while todo and len(out) < 8:
        v = todo.pop()
        for c in v.children:
            if c.dep_ in ("ccomp", "xcomp") and c.pos_ in ("VERB", "AUX") and c.i != tok.i:
                if c.dep_ == "ccomp":
                    out.append(c)
                if lemma(c) in _PASSING and not _negated(c):
                    todo.append(c)
    return out


def _then_must_verb(v: Any) -> bool:
    if v.pos_ != "VERB" or _negated(v):
        return False
    kids = list(v.children)
    return (
        any(c.dep_ == "aux" and c.lower_ == "must" for c in kids)
        and any(c.dep_ == "advmod" and c.lower_ == "then" for c in kids)
        and any(c.dep_ in _SUBJ and (c.lower_ in _ADDRESSED or c.pos_ == "PROPN") for c in kids)
    )


def _then_must(tok: Any) -> bool:
    """ "If the rebels are sincere, then they must stop the attacks," X said: a demand the
    parser puts inside the condition; "then" and "must" still say it is the consequence."""
    if not any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in tok.subtree):
        return False  # "first you must ..., and then you must ...": a sequence, no condition
    return any(_then_must_verb(v) for v in tok.subtree)


#: verbs of ending: "immigration should stop", "the violence must end"
_STOPPING = frozenset("stop end cease halt".split())
_OBLIGING = frozenset({"must", "should"})
#: acts with no act ending that can be asked to stop
_KNOWN_ACTS = frozenset("violence war abuse abuses attack attacks hunt hunts raid raids".split())
#: verbs of knowing: "they must understand that ..." warns, it asks no act
_KNOWING = frozenset("know understand realize realise remember learn expect wait".split())


def _obliged_verb(clause: Any) -> Any | None:
    """The verb a clause says must be done: "X must stop" (the clause), "X has to stop" (the
    infinitive); None when it is negated or conditional."""
    if _negated(clause) or in_condition(clause):
        return None
    if _aux(clause) & _OBLIGING:
        return clause
    if lemma(clause) in ("have", "need"):
        return next((x for x in clause.children if x.dep_ == "xcomp" and _infinitive(x)), None)
    return _obliged_form(clause)


#: endings of nouns of acts: "immigration", "killing", "violence", "harassment"
_ACT_ENDINGS = ("ion", "ions", "ing", "ings", "ment", "ments", "ence", "ance")


def _an_act(noun: Any) -> bool:
    """A noun that names what people do ("immigration", "the killing", "evictions"), not a
    thing ("the rains"); "this" and "that" point back at one."""
    if noun.lower_ in ("this", "that"):
        return True
    return noun.pos_ == "NOUN" and (
        noun.lower_.endswith(_ACT_ENDINGS) or lemma(noun) in _KNOWN_ACTS
    )


def _conditioned(v: Any) -> bool:
    """ "if the talks fail, the truce should end": a clause with a condition of its own."""
    return any(
        c.dep_ == "advcl"
        and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children)
        for c in v.children
    )


def _stop_asked(clause: Any) -> bool:
    """ "immigration to France should stop", "the killing has to end": an end asked for, of a
    thing (a party told to stop is `triggers._must_clause`'s demand, with its recipient)."""
    act = _obliged_verb(clause)
    if act is None or lemma(act) not in _STOPPING or _negated(act) or _conditioned(clause):
        return False
    subj = _subject(clause)
    return (
        subj is not None
        and _an_act(subj)
        and not _typed_party(subj)
        and not any(c.dep_ in ("dobj", "obj") for c in act.children)  # "stop the war": _must_clause
    )


def quoted_demand(tok: Any) -> Any | None:
    """'"The administration must stop these transfers."': the main verb of a sentence that
    opens a quotation, with no verb of saying of its own, says a named or typed party must act;
    that party, else None."""
    if tok.pos_ != "VERB" or tok.dep_ != "ROOT" or lemma(tok) in _KNOWING:
        return None
    if not tok.sent.text.lstrip().startswith(('"', "\u201c")):
        return None
    # "must": a demand; "X should ..." with no one saying it is as often advice or opinion
    if _negated(tok) or in_condition(tok) or _conditioned(tok) or "must" not in _aux(tok):
        return None
    subj = _subject(tok)
    if subj is None or subj.pos_ == "PRON" or not _typed_party(subj) or is_commentator(subj.lower_):
        return None
    return None if lemma(subj) in _EVERYONE else subj


def _demanding_must(tok: Any) -> Any | None:
    """The "must" of a quoted demand, which is its trigger: the demand is made (asserted), what
    must be done is not (the verb keeps its own mention, hypothetical); the party, else None."""
    if tok.lower_ != "must" or tok.dep_ != "aux":
        return None
    return quoted_demand(tok.head)


#: no party: "people must get involved" exhorts everyone
_EVERYONE = frozenset("people everyone everybody citizen public".split())
#: who is told only to hear something: "told reporters", "told VOA"
_AUDIENCE = frozenset("reporters journalists media press audience voa listeners viewers".split())


def told_to(tok: Any) -> Any | None:
    """ "told city council members to draft regulations": the party told to act, else None."""
    if tok.pos_ != "VERB" or lemma(tok) != "tell" or _negated(tok) or in_condition(tok):
        return None
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children):
        return None
    whom = next((c for c in tok.children if c.dep_ in ("dobj", "dative", "obj")), None)
    if whom is None or whom.pos_ == "PRON" or whom.lower_ in _AUDIENCE or is_outlet(whom):
        return None  # "told VOA's Korean Service the U.N. must ...": the press hears it
    if not _typed_party(whom):
        return None
    act = any(
        x.dep_ in ("xcomp", "ccomp") and _infinitive(x) and lemma(x) not in _KNOWING
        for x in tok.children
    )
    return whom if act else None


def over_content(tok: Any) -> Entry | None:
    """The speech act a speech verb performs by what its clause says (`tok` is a speech cue)."""
    if _commenting(tok) or _negated(tok):
        return None
    if _then_must(tok):
        return DEMAND
    for clause in _clauses(tok):
        entry = _announced(clause, tok)
        if entry is not None:
            return entry
        if _pledges_support(clause):
            return PLEDGE
        if _states_a_need(clause) or _stop_asked(clause):
            return DEMAND
    return None


def _infinitive(v: Any) -> bool:
    return v.pos_ == "VERB" and any(a.dep_ == "aux" and a.lower_ == "to" for a in v.children)


def _expletive_copula(tok: Any) -> bool:
    """A present, unnegated "it is" with no predicate of its own: "it is necessary for him to",
    "it is in the public's interest for the State to" judge what is good and put no task; "it
    was up to the State to prove it" tells a burden."""
    if tok.lower_ not in ("is", "'s") or _negated(tok):
        return False
    if not any(c.dep_ == "nsubj" and c.lower_ == "it" for c in tok.children):
        return False
    return not any(
        c.dep_ in ("acomp", "attr") or (c.dep_ == "prep" and c.lower_ != "up") for c in tok.children
    )


#: what "it is up to X to" leaves to X without asking anything of X: a decision is deferred
_DEFERRED = frozenset("decide determine choose judge say".split())


def _task_verb(x: Any) -> bool:
    """An infinitive that asks an act ("to accept it"), not a decision left to someone."""
    return _infinitive(x) and lemma(x) not in _DEFERRED


def _for_clause(c: Any) -> bool:
    """ "for Russia to accept": the parser's clause with "for" as its mark and a party."""
    return (
        c.dep_ in ("advcl", "ccomp", "xcomp")
        and _task_verb(c)
        and any(m.dep_ == "mark" and m.lower_ == "for" for m in c.children)
        and _party(_subject(c))
    )


def _up_to(tok: Any) -> list[Any]:
    """The party of "it is up to Kyiv": the object of "to" under "up"."""
    return [
        g
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ == "up"
        for t in c.children
        if t.dep_ == "prep" and t.lower_ == "to"
        for g in t.children
        if g.dep_ == "pobj"
    ]


def task_put(tok: Any) -> bool:
    """ "It is now for Russia to accept it", "it is up to Kyiv to decide": the copula of an
    expletive "it" whose complement gives a party an act to do."""
    if not _expletive_copula(tok):
        return False
    if any(_for_clause(c) for c in tok.children):
        return True
    # "up to Kyiv to decide": "up to" a party, and the infinitive beside it
    return any(_party(w) for w in _up_to(tok)[:1]) and any(
        x.dep_ in ("xcomp", "advcl") and _task_verb(x) for x in tok.children
    )


def proposes_to_a_body(tok: Any) -> bool:
    """ "a proposal made on Monday for the Security Council to lift sanctions": a proposal for a
    party to act asks that party to act."""
    if tok.pos_ != "NOUN" or tok.lower_ not in _PROPOSALS:
        return False
    heads = [tok, *(c for c in tok.children if c.dep_ == "acl")]
    for h in heads:
        fors = [c for c in h.children if c.dep_ == "prep" and c.lower_ == "for"]
        for f in fors:
            who = next((g for g in f.children if g.dep_ == "pobj"), None)
            if who is None or who.pos_ != "PROPN":
                continue
            if any(_infinitive(x) for x in [*h.children, *f.children, *who.children]):
                return True
    return False


#: verbs of wanting an act of another party: "want the government to lift the ban", "wishes
#: Beijing would stop"; not hope or expect, which foretell as often as they ask
_WANTING = frozenset("want wish".split())
#: verbs of asking whose passive names the party asked: "were asked to record", "were told to"
#: (not "instructed" or "ordered": orders go down a chain of command, to one's own side; not
#: "encouraged" or "advised": advice to the public, "residents are encouraged to recycle")
_ASKING = frozenset("ask tell urge request implore beg press".split())
#: a passive asking told as done: "were asked", "had been told"; "are asked to call the
#: police" is a standing notice to the public
_DONE_PASSIVE = frozenset("was were been".split())
#: asked only for words: "was asked to comment on the report" is a reporter's question
_COMMENTING = frozenset("comment elaborate confirm speculate respond".split())
#: the speaker's own side: "our forces need to", "we must"
_OWN = frozenset("we us our i me my".split())
#: a quantified party is anyone, a rule and no demand: "every Rasta has to keep dreadlocks"
_ANYONE = frozenset("every each any no".split())
#: relative pronouns, and heads that stand for whoever a copula names ("X is among those who
#: want", "X is one of the people who want")
_RELATIVES = frozenset("who that which".split())
_THOSE = frozenset("those one ones others people many some".split())


def _question(tok: Any) -> bool:
    return tok.sent.text.rstrip().rstrip("\"'\u201d\u2019)").endswith("?")


#: a side's armed forces: told of with no side named, they are the speaker's own
_FORCES = frozenset("troop troops force forces army military soldier soldiers police".split())


def _side_named(noun: Any) -> bool:
    """ "Russian troops", "Israel's army", "the forces of the junta", "NATO forces"."""
    for c in noun.children:
        if c.dep_ == "poss" and c.pos_ != "PRON":
            return True
        if c.dep_ in ("compound", "amod") and (c.pos_ == "PROPN" or c.ent_type_ in ("NORP", "GPE")):
            return True
        if c.dep_ == "prep" and c.lower_ == "of":
            return True
    return False


def anyone_or_own(subj: Any) -> bool:
    """The party a "must"/"should"/"has to" clause puts its act to is no other party: the
    speaker's own side ("our forces need to stay", "we must", "the troops must stay") or anyone
    ("every citizen has to", "any country should")."""
    low = subj.lower_
    if low in _OWN or any(c.dep_ == "poss" and c.lower_ in _OWN for c in subj.children):
        return True
    if lemma(subj) in _FORCES and not _side_named(subj):
        return True  # "he wants the troops to come home": his own; another side's are named
    # "any new Israeli government should" still names the side
    return any(c.dep_ == "det" and c.lower_ in _ANYONE for c in subj.children) and not (
        _side_named(subj)
    )


def _obliged_form(clause: Any) -> Any | None:
    """ "X ought to act": the infinitive after "ought" (the parser makes "ought" the clause)."""
    if clause.lower_ != "ought" or _negated(clause):
        return None
    return next((x for x in clause.children if x.dep_ == "xcomp" and _infinitive(x)), None)


def _theirs(noun: Any) -> bool:
    """ "their children", "his supporters": a wish for what one's own do is no request."""
    return any(c.dep_ == "poss" and c.pos_ == "PRON" for c in noun.children)


def _wanter(tok: Any) -> Any | None:
    """Who wants: the subject, or for "X is among those who want" (a relative clause on
    "those"), X, the subject of the copula the relative's head hangs from."""
    subj = _subject(tok)
    if subj is None or subj.lower_ not in _RELATIVES or tok.dep_ != "relcl":
        return subj
    head = tok.head
    if _typed_party(head) and lemma(head) not in _EVERYONE and head.lower_ not in _THOSE:
        return head  # "activists who want the hunts stopped"
    x = head
    for _ in range(4):
        if x.dep_ not in ("pobj", "prep", "attr") or x.head.i == x.i:
            break
        x = x.head
        if lemma(x) == "be":
            return _subject(x)
    return None


def _wanted_clause(tok: Any) -> Any | None:
    """The clause of an act wanted of another party: "want the government to lift the ban",
    "wish Beijing would stop", "want the hunts to be stopped" (a passive: the party that would do
    it is not named); not "want to sell" (one's own act), not "want you to know"."""
    if tok.pos_ != "VERB" or _negated(tok) or in_condition(tok) or _question(tok):
        return None
    if lemma(tok) not in _WANTING and not (lemma(tok) == "like" and "would" in _aux(tok)):
        return None
    for c in tok.children:
        if c.dep_ != "ccomp" or c.pos_ != "VERB" or lemma(c) in _KNOWING or _negated(c):
            continue
        if not (_infinitive(c) or "would" in _aux(c)):
            continue  # "wanted Mr. X eliminated": X is the one harmed, not the one asked
        subj = _subject(c)
        if subj is None or anyone_or_own(subj) or _theirs(subj) or lemma(subj) in _EVERYONE:
            continue  # "they wanted their children to", "we want people to take care"
        if (subj.dep_ == "nsubjpass" and subj.pos_ == "NOUN") or _typed_party(subj):
            return c
    return None


def wished(tok: Any) -> tuple[Any | None, Any | None] | None:
    """A wish for another party's act is a request: (the one who wants, the party asked, or
    None when the act is passive), or None."""
    clause = _wanted_clause(tok)
    if clause is None:
        return None
    who = _wanter(tok)
    if who is None or is_commentator(who.lower_) or who.lower_ in _RELATIVES:
        return None
    subj = _subject(clause)
    if subj is not None and lemma(subj) == lemma(who):
        return None  # "Russia wants Russia to ..."
    return who, (subj if subj is not None and subj.dep_ == "nsubj" else None)


def asked_passive(tok: Any) -> Any | None:
    """ "The bloggers were asked to record", "residents were told to leave": the party asked to
    act (the passive's subject), else None; not asked only to know or expect, not negated."""
    if tok.pos_ != "VERB" or lemma(tok) not in _ASKING or _negated(tok) or in_condition(tok):
        return None
    if not any(c.dep_ == "auxpass" and c.lower_ in _DONE_PASSIVE for c in tok.children):
        return None
    if _question(tok):
        return None
    # one is asked to act only as a party: any noun subject counts ("the bloggers were asked")
    whom = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
    if whom is None or whom.pos_ not in ("NOUN", "PROPN") or whom.lower_ in _AUDIENCE:
        return None
    act = any(
        x.dep_ == "xcomp" and _infinitive(x) and lemma(x) not in _KNOWING | _COMMENTING
        for x in tok.children
    )
    return whom if act else None


def _asker(tok: Any) -> list[Any]:
    """The "by" party of a passive asking: "were asked by the ministry to"."""
    return [
        g
        for c in tok.children
        if c.dep_ == "agent"
        for g in c.children
        if g.dep_ == "pobj" and _typed_party(g)
    ]


#: modifiers of "demand" as a quantity of goods wanted: "an increased demand for books"
_MARKET = frozenset(
    "increased increasing growing rising high higher strong weak low lower falling global "
    "domestic consumer local market surging soaring huge booming".split()
)
#: what is asked for without a noun of doing: "a demand for a ceasefire"
_ASKS = frozenset(
    "end ceasefire truce justice peace talks elections independence release return withdrawal "
    "removal dismissal apology ouster reform reforms probe inquiry referendum".split()
)
#: verbs whose object "demand" is a party's demand: "issued a demand for", "rejected the demand"
_MAKING = frozenset(
    "issue make repeat renew reiterate reject meet present submit voice press drop accept "
    "refuse".split()
)


def _demander(noun: Any) -> bool:
    """A party who demands: "their demands", "Russia's demand", "demands by the unions"."""
    for c in noun.children:
        if c.dep_ == "poss" or (c.dep_ in ("compound", "amod") and _typed_party(c)):
            return True
        if c.dep_ == "prep" and c.lower_ in ("by", "from", "of"):
            if any(g.dep_ == "pobj" and _typed_party(g) for g in c.children):
                return True
    return False


def market_demand(tok: Any) -> bool:
    """ "There is an increased demand for books", "supply and demand": demand as goods wanted,
    no party demanding; its "for" object is a thing, not an act or an end asked for."""
    if tok.pos_ != "NOUN" or lemma(tok) != "demand" or _demander(tok):
        return False
    kids = list(tok.children)
    if any(c.lower_ in _MARKET for c in kids if c.dep_ in ("amod", "compound")):
        return True
    if tok.dep_ == "attr" and any(c.dep_ == "expl" for c in tok.head.children):
        return True  # "there is demand for ..."
    if any(lemma(c) == "supply" for c in [*kids, tok.head] if "conj" in (c.dep_, tok.dep_)):
        return True
    if tok.dep_ in ("dobj", "nsubjpass") and lemma(tok.head) in _MAKING:
        return False
    wanted = [g for c in kids if c.dep_ == "prep" and c.lower_ == "for" for g in c.children]
    return any(
        g.dep_ == "pobj" and g.pos_ == "NOUN" and not _an_act(g) and lemma(g) not in _ASKS
        for g in wanted
    )


#: what `spoken_act` can fire on (events.fires): "tell" (`told_to`), a verb of saying or
#: answering (`over_content`; a speech cue's lemma is in SPEECH), the "must" of a quoted demand,
#: the copula "is" of `task_put`, the nouns of `proposes_to_a_body`, the verbs of `wished` and
#: `asked_passive`, and "demand" (`market_demand`, which the finder skips)
FIRES = (
    Fires(lemmas=_WANTING | _ASKING | frozenset({"like"}), pos=VERB),
    Fires(lemmas=frozenset({"demand"}), pos=NOUN),
    Fires(lemmas=SPEECH | _ANSWERING | frozenset({"tell"}), pos=VERB),
    Fires(forms=frozenset({"must"})),
    Fires(forms=frozenset({"is", "'s"}), pos=PREDICATE),
    Fires(forms=_PROPOSALS, pos=NOUN),
)


def spoken_act(tok: Any, speech_cue: bool) -> Entry | None:
    """The hook `triggers.find_triggers` calls for each token: the speech act it says, if any."""
    if told_to(tok) is not None or _demanding_must(tok) is not None:
        return DEMAND
    if wished(tok) is not None or asked_passive(tok) is not None:
        return DEMAND
    if tok.pos_ == "VERB" and (speech_cue or lemma(tok) in _ANSWERING):
        return over_content(tok)
    if tok.pos_ in ("AUX", "VERB") and task_put(tok):
        return DEMAND
    if proposes_to_a_body(tok):
        return DEMAND
    return None


#: the entries this module makes: their roles are read here (`parties`)
RULES = (THREAT, CONCESSION, PLEDGE, DEMAND)


def _named(tok: Any | None) -> bool:
    """A subject that names its party (not a pronoun the speaker stands for)."""
    return tok is not None and tok.pos_ in ("PROPN", "NOUN") and not is_commentator(tok.lower_)


def _content_clause(tok: Any, entry: Entry) -> Any | None:
    for clause in _clauses(tok):
        if entry is PLEDGE and _pledges_support(clause):
            return clause
        if entry is not PLEDGE and _announced(clause, tok) is entry:
            return clause
    return None


def _pobjs(v: Any, preps: tuple[str, ...]) -> list[Any]:
    return [
        g
        for c in v.children
        if c.dep_ == "prep" and c.lower_ in preps
        for g in c.children
        if g.dep_ == "pobj" and _party(g)
    ]


def _pledge_parties(clause: Any) -> tuple[list[Any], list[Any]]:
    for v in clause.subtree:
        if v.pos_ == "VERB" and lemma(v) == "continue":
            for x in v.children:
                if x.dep_ == "xcomp":
                    whom = [c for c in x.children if c.dep_ in ("dobj", "obj") and _party(c)]
                    whom += _pobjs(x, ("with", "by"))
                    subj = _subject(v)
                    return ([subj] if _named(subj) else []), whom
    return [], []


def _demand_parties(tok: Any) -> tuple[list[Any], list[Any]] | None:
    """Who a demand is put to: the body a proposal is for, the party a task is put to, the
    subject of "then they must"; a need stated puts no party to act."""
    if tok.pos_ == "NOUN":
        who = [
            g
            for f in tok.subtree
            if f.dep_ == "prep" and f.lower_ == "for"
            for g in f.children
            if g.dep_ == "pobj"
        ]
        return None if not who else ([], who[:1])
    whom = told_to(tok)
    if whom is not None:
        subj = _subject(tok)
        return ([subj] if _named(subj) else []), [whom]
    whom = _demanding_must(tok)
    if whom is not None:
        return [], [whom]
    want = wished(tok)
    if want is not None:
        wisher, asked = want
        return ([wisher] if _named(wisher) else []), ([asked] if asked is not None else [])
    whom = asked_passive(tok)
    if whom is not None:
        return _asker(tok), [whom]
    if lemma(tok) == "be":
        who = [_subject(c) for c in tok.children if c.dep_ in ("advcl", "ccomp", "xcomp")]
        return [], [w for w in [*who, *_up_to(tok)] if _party(w)][:1]
    return [], [_subject(v) for v in tok.subtree if _then_must_verb(v)][:1]


def _partners(clause: Any) -> list[Any]:
    """The partners of a concession: "resume cooperation with Ukraine", "lift sanctions on X"."""
    preps = ("with", "to", "on")
    whom = _pobjs(clause, preps)
    for v in _chain(clause)[1:]:
        whom += _pobjs(v, preps)
    for o in (c for c in clause.children if c.dep_ in ("dobj", "obj")):
        whom += _pobjs(o, preps)
    return whom


def parties(tok: Any, entry: Entry) -> tuple[list[Any], list[Any]] | None:
    """Actor and recipient head tokens of a speech act this module found at `tok`, or None to
    keep the general roles. The doer named in the content is the actor ("Seoul would respond":
    Seoul; "the secretary-general will continue to stand with the people"), else the speaker
    (the speech verb's subject, or the quoted speaker the stage finds); the party put to act is
    the recipient ("for Russia to accept it", "for the Security Council to lift")."""
    if entry not in RULES:
        return None
    if entry is DEMAND:
        return _demand_parties(tok)
    clause = _content_clause(tok, entry)
    if clause is None:
        return None
    speaker = [s for s in [_subject(tok)] if s is not None]
    if entry is PLEDGE:
        acts, whom = _pledge_parties(clause)
        return (acts or speaker), whom
    subj = _subject(clause)
    acts = [subj] if _named(subj) else speaker
    return acts, (_partners(clause) if entry is CONCESSION else [])


def known_party(refs: list[Any], heads: list[Any]) -> bool:
    """Whether the doer the content names can stand as the actor: resolved to a known actor, or
    a typed noun ("the secretary-general", "the allies"); an unresolved name may be a place."""
    return bool(refs) and (
        any(getattr(r, "actor_id", None) for r in refs) or any(h.pos_ == "NOUN" for h in heads)
    )


#: messages that can carry a speech act of their issuer ("The statement threatened sanctions")
_MESSAGES = r"statement|letter|communiqu[eé]|declaration|message|memo"
_MESSAGE_SUBJECT = re.compile(
    rf"^\W*(?:The|This|That|Its|Their|His|Her)\s+(?:[\w-]+\s+)?(?P<noun>{_MESSAGES})\s+$"
)
_ISSUED = re.compile(
    rf"\b(?:issued|released|published|sent|posted|put out)\s+(?:a|an|the|its|their|his|her)\s+"
    rf"(?:[\w-]+\s+){{0,2}}(?P<noun>{_MESSAGES})\b"
)
#: how far back the issuing sentence may be (characters): the sentence before, or the one before it
_ISSUER_WINDOW = 600


def _issuer(doc: Document, noun: str, before: int) -> ActorRef | None:
    """The actor who issued the message `noun` last before offset `before`: the known actor
    nearest before "issued a statement" in that sentence ("Blinken issued a statement")."""
    window = doc.text[max(0, before - _ISSUER_WINDOW) : before]
    hits = [h for h in _ISSUED.finditer(window) if h.group("noun").lower() == noun.lower()]
    if not hits:
        return None
    verb = before - len(window) + hits[-1].start()
    line = doc.text.rfind(". ", 0, verb) + 1  # the issuing sentence's start
    near = [
        a
        for a in doc.actors
        if a.actor_id and a.start is not None and a.end is not None and line <= a.start < verb
    ]
    return max(near, key=lambda a: a.start or 0, default=None)


def message_issuers(doc: Document, mentions: list[EventMention]) -> None:
    """ "X issued a statement ... The statement threatened sanctions": a speech act whose
    subject is the message, with no actor of its own, is the issuer's (named in one of the two
    sentences before). The stage calls this once per document."""
    for m in mentions:
        if m.actors or m.event_type not in _SAID_TYPES:
            continue
        lead = doc.text[m.evidence.start : m.trigger.start]
        hit = _MESSAGE_SUBJECT.match(lead)
        if hit is None:
            continue
        issuer = _issuer(doc, hit.group("noun"), m.evidence.start)
        if issuer is not None:
            m.actors = [issuer]


#: the acts a message can do
_SAID_TYPES = frozenset("THREATEN REQUEST ACCUSE REJECT SUPPORT".split())
