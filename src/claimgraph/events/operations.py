"""Events told by a noun or by a word beside the verb: operations and offensives, protests, calls.

In: a parsed token. Out: the `Entry` of the event its frame tells (`framed_act`), or the token
spans of the parties the frame names (`frame_parties`); None when the token has no such frame.
The classes (issue 14, nominal triggers):

- **A military operation or campaign with its parties** (ASSAULT): "an operation conducted by
  the intelligence agency", "soldiers are conducting operations against al-Shabab", "a bombing
  campaign against the rebels". The noun alone is no event ("U.S. military operations in the
  Middle East", "the group's external operations", "a rescue operation"): it needs a conducting
  participle or light verb with an armed doer, or a party it is aimed at, and no civilian kind.
- **Parties of an event noun told by a participle** (any violent noun trigger): "an offensive
  launched by forces in Puntland" (actor), "an operation mounted against the militia"
  (recipient); `frame_parties` gives them to the events stage where the noun has none.
- **A protest told beside the verb** (PROTEST): "hundreds massed outside the consulate in
  protest of the raid" (the verb is the protest, its subject the protesters, what they protest
  against the recipient); "demonstrators threw rocks at police", "protesters, some of whom
  hurled stones" (an act of protesters that names no other event is their protest).
- **A call by phone** (CONSULT, mode phone): "spoke by phone with X", "talked on the phone with
  X", "in a phone call with X".

Entries made here carry `source="frame"`: the frame is what makes the noun an act, so such a
noun is never a mere reference (`modality.is_reference`). Forces arriving somewhere are the
lexicon's (`arrive <peacekeeper|...`, MOBILIZE).
"""

from __future__ import annotations

from typing import Any

from claimgraph.events.fires import NOUN, VERB, Fires
from claimgraph.events.lexicon import Entry, lemma
from claimgraph.events.words import PERSON_NOUNS

FRAME = "frame"
OPERATION = Entry("ASSAULT", (), ("military",), FRAME)
PROTEST_ACT = Entry("PROTEST", ("demo",), (), FRAME)
PHONE_CALL = Entry("CONSULT", ("phone",), ("diplomatic",), FRAME)

#: nouns that name a military act only inside a frame (alone they are plans, units, business)
OPERATION_NOUNS = frozenset("operation campaign counteroffensive counter-offensive".split())
#: words that make an operation or campaign something other than an attack
CIVIL_KINDS = frozenset(
    "rescue relief aid humanitarian evacuation search recovery salvage peacekeeping business "
    "clean-up cleanup election electoral vaccination immunization medical sting advocacy "
    "awareness pressure media marketing fundraising recruitment influence disinformation "
    "propaganda lobbying information charm diplomatic demining mining trading banking "
    "external global field day-to-day daily combing".split()
)
#: modifiers that make a campaign or operation military on their own
MILITARY_KINDS = frozenset(
    "military bombing air aerial ground artillery drone counterterrorism counter-terrorism "
    "counterinsurgency counter-insurgency anti-terror anti-terrorist security army naval "
    "commando offensive combat".split()
)
#: verbs by which a party carries out an operation ("conducted by", "launched against")
CONDUCTING = frozenset(
    "conduct launch carry mount wage stage lead undertake execute perform begin start "
    "continue intensify step".split()
)
#: heads of the parties that conduct military operations
ARMED_HEADS = frozenset(
    "force forces troop troops soldier soldiers army military police militia militias "
    "commando commandos agency unit units navy marine marines fighter fighters militant "
    "militants rebel rebels coalition jet jets drone drones guard guards service command "
    "insurgent insurgents battalion brigade division".split()
)
#: who protests, and what they do that is their protest ("threw rocks", "chanted slogans"; not
#: what befalls them: "a protester died")
PROTEST_NOUNS = frozenset("protester protestor demonstrator marcher".split())
PROTEST_VERBS = frozenset(
    "throw hurl chant shout wave carry burn block barricade gather mass rally sing occupy pelt "
    "stone light erect raise converge march parade picket".split()
)
_QUANTIFIERS = frozenset("some many most several one few dozens hundreds thousands all".split())
_AGAINST_PREPS = frozenset("of against over at".split())
_PHONES = frozenset("phone telephone videoconference video".split())
_SPEAKING = frozenset("speak talk confer chat".split())


def _preps(tok: Any, words: frozenset[str]) -> list[Any]:
    """The objects of `tok`'s prepositions among `words`."""
    return [
        g
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ in words
        for g in c.children
        if g.dep_ == "pobj"
    ]


def _conducting_verb(noun: Any) -> Any | None:
    """The verb that carries the operation out: its participle ("an operation conducted by X")
    or the light verb it is the object of ("are conducting operations")."""
    for c in noun.children:
        if c.dep_ == "acl" and c.tag_ == "VBN" and lemma(c) in CONDUCTING:
            return c
    if noun.dep_ == "dobj" and lemma(noun.head) in CONDUCTING:
        return noun.head
    return None


def _doers(verb: Any, noun: Any) -> list[Any]:
    """Who carries it out: a participle's "by" agent, else the light verb's subject."""
    if verb.i != noun.head.i:  # the participle
        return _preps(verb, frozenset({"by"})) + [
            g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"
        ]
    return [c for c in verb.children if c.dep_ in ("nsubj",)]


def _armed(tok: Any) -> bool:
    """An armed party: a force, army, agency ... ("Somalia's National Intelligence and Security
    Agency", "government soldiers"), or a name whose last word is one."""
    return lemma(tok) in ARMED_HEADS or tok.lower_ in ARMED_HEADS


def _party(tok: Any) -> bool:
    """A named or typed party ("al-Shabab", "the rebels"), not a thing or an idea."""
    return (
        tok.pos_ == "PROPN"
        or tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
        or lemma(tok) in PERSON_NOUNS
        or tok.lower_ in PERSON_NOUNS
    )


def _targets(noun: Any) -> list[Any]:
    """The parties an operation is aimed at: "against X" on the noun or its conducting verb."""
    verb = _conducting_verb(noun)
    found = _preps(noun, frozenset({"against"}))
    if verb is not None:
        found += _preps(verb, frozenset({"against"}))
    return [g for g in found if _party(g)]


def _kinds(noun: Any) -> set[str]:
    return {c.lower_ for c in noun.children if c.dep_ in ("amod", "compound", "nmod")}


def _military_operation(noun: Any) -> bool:
    """An operation or campaign told as an act with its parties (see the module docstring)."""
    if noun.pos_ != "NOUN" or lemma(noun) not in OPERATION_NOUNS:
        return False
    kinds = _kinds(noun)
    if kinds & CIVIL_KINDS or _for_a_search(noun):
        return False
    if _targets(noun):
        return True
    verb = _conducting_verb(noun)
    if verb is None:
        return False
    if kinds & MILITARY_KINDS and lemma(noun) == "operation":
        return True  # "conducted a military operation in Diffa"
    return any(_armed(d) for d in _doers(verb, noun))


#: what an operation is for when it is a police search or a rescue, not an attack
_SEARCHING = frozenset("arrest apprehend rescue evacuate search find locate free recover".split())


def _for_a_search(noun: Any) -> bool:
    """ "an operation to arrest the killers", "launched an operation to rescue the hostages"."""
    verb = _conducting_verb(noun)
    heads = [noun] + ([verb] if verb is not None else [])
    return any(
        c.dep_ in ("acl", "advcl", "xcomp") and lemma(c) in _SEARCHING
        for h in heads
        for c in h.children
    )


def _in_protest(verb: Any) -> bool:
    """ "massed outside the consulate in protest of X", "shops closed in protest"."""
    return any(
        c.dep_ == "prep"
        and c.lower_ == "in"
        and any(
            g.dep_ == "pobj"
            and g.lower_ == "protest"
            and not any(d.dep_ == "det" for d in g.children)
            for g in c.children
        )
        for c in verb.children
    )


def _protesters(verb: Any) -> Any | None:
    """The protesters the verb's subject names, or None: "demonstrators threw rocks",
    "protesters, some of whom hurled stones" (a quantifier over them, or a relative pronoun
    standing for them)."""
    for s in (c for c in verb.children if c.dep_ == "nsubj"):
        first = s
        if s.lower_ in _QUANTIFIERS:
            s = next(iter(_preps(s, frozenset({"of"}))), s)
        if s.tag_ in ("WP", "WDT"):
            s = _antecedent(verb, first)
        if s is not None and (lemma(s) in PROTEST_NOUNS or s.lower_ in PROTEST_NOUNS):
            return s
    return None


def _who_did(verb: Any) -> Any | None:
    """The verb's doer, through conjuncts and quantifiers: "hundreds of people, many waving
    flags, massed ...": the people (the parser may make "massed" a conjunct of "waving")."""
    s = None
    for _ in range(3):
        s = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if s is not None or verb.dep_ != "conj" or verb.head.i == verb.i:
            break
        verb = verb.head
    if s is not None and s.lower_ in _QUANTIFIERS and s.head.dep_ == "acl":
        s = s.head.head  # "many waving flags": said of the noun the participle hangs from
    if s is not None and s.lower_ in _QUANTIFIERS:
        s = next(iter(_preps(s, frozenset({"of"}))), s)
    return s


def _antecedent(verb: Any, first: Any) -> Any | None:
    """What a relative pronoun stands for: the relative clause's noun, or (when the parser
    hangs the clause elsewhere) the noun just before it ("demonstrators, some of whom")."""
    if verb.dep_ == "relcl":
        return verb.head
    i = first.i - 1
    if i >= 0 and first.doc[i].is_punct:
        i -= 1
    return first.doc[i] if i >= 0 and first.doc[i].pos_ == "NOUN" else None


def _by_phone(verb: Any) -> bool:
    """ "spoke by phone with X", "talked on the phone with X"."""
    if lemma(verb) not in _SPEAKING:
        return False
    means = _preps(verb, frozenset({"by", "on", "over"}))
    # ("by phone Sunday": the parser may hang the phone on the day as a compound)
    phoned = any(
        lemma(x) in _PHONES
        for m in means
        for x in [m, *m.children]
        if x.i == m.i or x.dep_ == "compound"
    )
    return phoned and bool(_preps(verb, frozenset({"with"})))


def _phone_call(noun: Any) -> bool:
    """ "in a phone call with X", "held a telephone call"."""
    return lemma(noun) == "call" and bool(_kinds(noun) & _PHONES)


#: what `framed_act` can fire on (events.fires): the nouns of an operation or a phone call; any
#: verb ("closed in protest", "spoke by phone": the frame is in the verb's dependents)
FIRES = (
    Fires(lemmas=OPERATION_NOUNS | frozenset({"call"}), pos=NOUN),
    Fires(pos=VERB, why="a verb done in protest is known by its dependents, not its word"),
)


def framed_act(tok: Any, lex_verb: bool) -> Entry | None:
    """The event `tok`'s frame tells, or None. `lex_verb`: the lexicon already types the verb
    (its own event wins over the protest of its doers: "protesters clashed with police")."""
    if tok.pos_ == "NOUN":
        if _military_operation(tok):
            return OPERATION
        return PHONE_CALL if _phone_call(tok) else None
    if tok.pos_ != "VERB":
        return None
    if _by_phone(tok):
        return PHONE_CALL
    if _in_protest(tok) or (
        not lex_verb and lemma(tok) in PROTEST_VERBS and _protesters(tok) is not None
    ):
        return PROTEST_ACT
    return None


def frame_parties(tok: Any) -> tuple[list[Any], list[Any]] | None:
    """Actor and recipient tokens an event's frame names, or None when it names none: "an
    offensive launched by forces in Puntland", "an operation conducted by NISA", "operations
    against al-Shabab"; for a protest told beside the verb, the protesters (the subject, or the
    protesters a quantifier or relative pronoun stands for) and who the protest is against ("in
    protest of Israeli police actions": the police)."""
    if tok.pos_ == "VERB":
        return _protest_parties(tok)
    if tok.pos_ != "NOUN":
        return None
    verb = _conducting_verb(tok)
    actors = [d for d in _doers(verb, tok) if _party(d)] if verb is not None else []
    if verb is not None and verb.i == tok.head.i:
        actors = []  # the light verb's subject: roles already reads it
    recips = _targets(tok) if lemma(tok) in OPERATION_NOUNS or verb is not None else []
    recips = recips or _victims(tok)
    return (actors, recips) if actors or recips else None


#: what an operation results in that names whom it hit: "resulted in the deaths of 16 militants"
_OUTCOMES = frozenset("death deaths killing killings arrest arrests capture".split())
_RESULTING = frozenset("result lead cause leave".split())


def _victims(noun: Any) -> list[Any]:
    """ "an operation ..., which resulted in the deaths of 16 al-Shabab militants": the militants
    (the parser may hang the relative clause on the participle's agent)."""
    verb = _conducting_verb(noun)
    heads = [noun] + (_doers(verb, noun) if verb is not None and verb.i != noun.head.i else [])
    return [
        v
        for h in heads
        for c in h.children
        if c.dep_ in ("relcl", "acl") and lemma(c) in _RESULTING
        for o in _preps(c, frozenset({"in", "to"}))
        if o.lower_ in _OUTCOMES or lemma(o) in _OUTCOMES
        for v in _preps(o, frozenset({"of"}))
        if _party(v)
    ]


Spans = list[tuple[int, int]]


def frame_roles(
    sdoc: Any, cand: Any, cands: list[Any], roles: tuple[Spans, Spans], np_span: Any
) -> tuple[Spans, Spans]:
    """The roles of `cand` with its frame's parties put in (they win over the roles' guess), and
    without a recipient that is an operation told in the same sentence ("This attack follows an
    operation conducted by X": the operation is another event, not what was attacked). `cands`:
    the sentence's candidates (its violent ones suffice: operations are attacks)."""
    acts, recs = roles
    tok = sdoc[cand.i]
    framed = frame_parties(tok) if tok.pos_ != "VERB" or cand.entry.plover == "PROTEST" else None
    if framed is not None:
        acts = [np_span(x) for x in framed[0]] or acts
        recs = [np_span(x) for x in framed[1]] or recs
    for li in cand.linked:  # an operation told again in the act's clause fills its gaps
        told = frame_parties(sdoc[li]) if sdoc[li].pos_ == "NOUN" else None
        if told is not None:
            acts = acts or [np_span(x) for x in told[0]]
            recs = recs or [np_span(x) for x in told[1]]
    # the operation is the act, not what it was done to ("conducted a military operation")
    events = {o.i for o in cands if o.entry.source == FRAME and o is not cand}
    events |= {li for li in cand.linked if lemma(sdoc[li]) in OPERATION_NOUNS}
    return acts, [r for r in recs if sdoc[r[0] : r[1]].root.i not in events]


#: words that put two acts of one sentence in sequence: "this attack follows an operation"
_SEQUENCE = frozenset("follow precede after before since prior earlier later".split())


def fold_repeats(sent: Any, cands: list[Any]) -> list[Any]:
    """An operation told inside the clause of another attack of the sentence is that attack
    told again ("the army stormed the village, marking the first time that government forces
    have conducted a military operation there"): it is linked to it, not a second event. Two
    acts put in sequence ("this attack follows an operation") stay two."""
    doc = sent.doc
    by_i = {c.i: c for c in cands}
    drop: set[int] = set()
    for c in cands:
        if c.entry.source != FRAME or c.entry.plover != "ASSAULT":
            continue
        for o in cands:  # "a bombing campaign": the bombing is the campaign
            if (
                doc[o.i].dep_ == "compound"
                and doc[o.i].head.i == c.i
                and o.entry.plover == "ASSAULT"
            ):
                c.linked.append(o.i)
                drop.add(o.i)
        x = doc[c.i]
        for _ in range(8):
            if x.head.i == x.i or lemma(x) in _SEQUENCE or x.lower_ in _SEQUENCE:
                break
            x = x.head
            other = by_i.get(x.i)
            if other is not None and other.entry.plover == "ASSAULT" and other.i not in drop:
                other.linked.extend([c.i, *c.linked])
                drop.add(c.i)
                break
    return [c for c in cands if c.i not in drop]


def _protest_parties(verb: Any) -> tuple[list[Any], list[Any]] | None:
    protesters = _protesters(verb)
    if protesters is None and not _in_protest(verb):
        return None
    if protesters is None:
        protesters = _who_did(verb)
    against = [
        g
        for c in verb.children
        if c.dep_ == "prep" and c.lower_ == "in"
        for p in c.children
        if p.dep_ == "pobj" and p.lower_ == "protest"
        for g in _preps(p, _AGAINST_PREPS)
    ]
    inner = [x for g in against for x in ([g] if _party(g) else _owners(g)[:1])]
    return ([protesters] if protesters is not None else [], inner)


def _owners(noun: Any) -> list[Any]:
    """The party a thing belongs to: "Israeli police actions" -> police, "X's policy" -> X."""
    # a possessor first ("Ankara's military campaign"), then the nearest modifier ("Israeli
    # police actions" -> "police", whose span takes "Israeli")
    rank = {"poss": 0, "compound": 1, "amod": 2}
    mods = [c for c in noun.children if c.dep_ in rank and c.i < noun.i and _party(c)]
    return sorted(mods, key=lambda c: (rank[c.dep_], -c.i))


__all__ = [
    "FRAME",
    "OPERATION",
    "PHONE_CALL",
    "PROTEST_ACT",
    "fold_repeats",
    "frame_parties",
    "frame_roles",
    "framed_act",
]
