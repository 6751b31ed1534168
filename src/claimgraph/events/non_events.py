"""Statements that are not events (issue 14, stop 28): the classes of ordinary news text whose
trigger words name no occurrence.

In: a spaCy sentence (`Span`), one trigger in it (`triggers.Candidate`) and whether the sentence
is a headline. Out: `non_event` gives the name of the first rule in `RULES` that says the
trigger states no event, or None. The events stage drops such a candidate, as it drops the
habitual and comparative ones of `modality.is_generic`.

The rules, each a class (docs/ARCHITECTURE.md, "Events: statements that are not events"):
- `generic_subject`: a class of people or things does something as a rule, in the present
  simple ("migrants who cross the desert face arrest", "small businesses cooperate with the
  police"), or commentators are at it ("experts are urging people to ..."): no occasion;
- `news_gathering`: the outlet or its reporter gathering the news ("VOA spoke with experts",
  "in an interview with Reuters") is how the story was made, never an event in it;
- `shown_not_protested`: "demonstrate" with an object or a clause is "show";
- `classified_as`: "does not recognize dog meat as edible": a thing classed as a quality;
- `gerund_topic`: a gerund with no doer that is the subject of its clause ("negotiating with
  armed groups is considered a crime"): the act as a topic, not an occurrence;
- `speculated`: a guess by the sentence's own adverb ("officials probably intend to ...");
- `agreed_with_an_opinion`: "agreed with officials' concerns": sharing a view, no act;
- `named_as`: "what officials described as ...": a label in a free relative, no accusation;
- `text_as_assailant`: "legislation targeting Turkey": a text or a measure aims, it never attacks;
- `labelled_as`: "denounced the moves as an attack on the constitutional order", "called them
  a punishment": an event noun as the label put on something names no occurrence;
- `habitual_present`: "the group mainly targets security vehicles": a physical act in the
  present simple, with no date or place, in body text, is a habit;
- `hit_as_affected`: "communities will be the hardest hit": "hit" with a degree says who
  suffers most, not that anyone struck;
- `inside_a_name` (stop 30): the trigger is a word of a proper name ("the Government of National
  Accord", "the Popular Mobilization Forces"): the name's bearer, no occurrence;
- `standing_participle` (stop 30): "the U.S. forces aiding the SDF": a relation in a present
  participle that describes a noun tells who the noun is, not an act;
- `nonfinite_topic` (stop 30): "it was a mistake to support them", "policies like supporting
  the group": an act with no doer and no time, named as the topic of a judgement or an example;
- `struck_not_attacked` (stop 30): "strike a deal", "struck on the idea": strike with an
  abstract object is to reach or hit upon it;
- `fought_not_attacked` (stop 38): "to fight corruption", "the fight against poverty": a
  struggle with a social ill (`ILLS`) is a policy, no attack;
- `settled_somewhere` (stop 39): "many refugees settled in Jordan", "the Asians who settled in
  the U.S.": settling in a place is making a home ("settled the dispute" stays AGREE);
- `agreed_in_words` (stop 39): '"The danger has not passed," agreed X': agree as the verb that
  tells a quotation shares a view; no agreement is made;
- `asked_a_question` (stop 39): '"Why now?" X asked.', "asked whether the talks had failed":
  a question requests nothing ("asked X for Y", "asked X to do Y" stay REQUEST);
- `no_comment` (stop 39): "refused to comment", "declined to respond": no answer to the press
  rejects nothing;
- `warned_of_a_danger` (stop 39): "warned of a possible resurgence", "warned against it": a
  danger foretold or advice given threatens no one;
- `released_a_text` (stop 39): "released a statement", "a video message released Sunday":
  publishing frees no one;
- `hazard_as_doer` (stop 31): "the cyclone displaced 3,000 people", "Tropical Cyclone Jude
  slammed into Malawi", "was struck by Chido" (named as a cyclone elsewhere in the story): a
  natural hazard or an epidemic does the act; no actor, so no political event (PLOVER and ACLED
  code neither).
- `war_toll` (stop 40): "a war that lasted three years and killed 100,000 people", "the conflict
  has displaced millions": a whole war as the doer tells its toll, an aggregate (the
  guidelines' "the war has killed thousands"), not one occurrence.
- `amount_of_violence` (stop 40): "there's been too much killing", "so much bloodshed": an act as
  a mass noun measured by "much" is an amount over a time, no occurrence.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from claimgraph.events.custody import CUSTODY_STATE
from claimgraph.events.lexicon import lemma_of
from claimgraph.events.modality import STANDING_TYPES, VERBAL_SUPPORT, attribution
from claimgraph.events.participants import agent_heads
from claimgraph.events.press import is_outlet
from claimgraph.events.roles import QUOTE_MARKS
from claimgraph.events.triggers import SUBJ, Candidate, _lem
from claimgraph.events.words import SPEECH

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = ["RULES", "non_event"]

#: nouns of a class of commentators: what they are "urging" or "warning" is advice, no act
COMMENTATORS = frozenset(
    "expert analyst observer critic scholar researcher commentator economist academic user "
    "netizen commenter blogger influencer".split()
)
#: sectors of the agents dictionary whose bare plurals name the story's own parties
#: ("officials", "police", "troops", "rebels", "prosecutors"), not a class
PARTY_SECTORS = frozenset("GOV MIL COP REB INS JUD PTY SPY IGO".split())
#: determiners that leave a plural generic ("most countries", "many migrants")
_GENERIC_DETS = frozenset("most many all some".split())
#: prepositions of a place of the act's own
_PLACE_PREPS = frozenset("in at near outside inside across".split())
#: the clause links a non-finite trigger climbs to reach the verb that has the subject
_NONFINITE_LINKS = frozenset({"advcl", "xcomp", "conj", "pcomp"})


def _finite_clause_verb(t: Token) -> Token | None:
    """The finite verb whose subject the trigger has: the trigger itself, or the verb a
    participle, infinitive or subjectless conjunct hangs from ("face ... when seeking work",
    "attack villagers and destroy crops"); for a noun, the verb it is the object of."""
    x = t
    if x.pos_ == "NOUN":
        if x.dep_ != "dobj":
            return None
        x = x.head
    for _ in range(4):
        if any(c.dep_ in SUBJ or c.dep_ == "nsubjpass" for c in x.children):
            break
        if x.dep_ not in _NONFINITE_LINKS or x.head.i == x.i or x.head.pos_ not in ("VERB", "AUX"):
            break
        x = x.head
    return x if x.pos_ in ("VERB", "AUX") else None


def _present_simple(v: Token) -> bool:
    """ "face", "cooperates", "do not recognize"; not "faced", "will face", "have faced"."""
    auxes = [c for c in v.children if c.dep_ in ("aux", "auxpass")]
    if v.tag_ in ("VBP", "VBZ"):
        return not auxes
    return v.tag_ == "VB" and len(auxes) == 1 and auxes[0].lower_ in ("do", "does")


def _present_progressive(v: Token) -> bool:
    return v.tag_ == "VBG" and any(
        c.dep_ == "aux" and c.tag_ in ("VBP", "VBZ") and _lem(c) == "be" for c in v.children
    )


def _subject(v: Token) -> Token | None:
    """The subject of a verb; for a relative clause ("bloggers who praise"), the noun it modifies."""
    if v.dep_ == "relcl":
        return v.head
    if v.dep_ == "acl" and v.tag_ == "VBG" and v.head.lower_ == "those":
        return v.head  # "those backing deeper integration"
    # the nearest before the verb: "VOA: Russia's President Putin visited China" (an interview's
    # speaker label is parsed as a second subject)
    subs = [c for c in v.children if c.dep_ in SUBJ and not _speaker_label(c)]
    before = [c for c in subs if c.i < v.i]
    return before[-1] if before else next(iter(subs), None)


def _speaker_label(n: Token) -> bool:
    """ "VOA: ...", "Q: ...": the label of a turn in an interview transcript."""
    nxt = n.doc[n.i + 1] if n.i + 1 < len(n.doc) else None
    return nxt is not None and nxt.text == ":" and not any(c.dep_ in SUBJ for c in n.children)


def _bare_plural(n: Token) -> bool:
    """A plural common noun with no article, possessor or number: a class, not a set of
    particular people ("migrants", "foreign bloggers", "most countries"; not "the migrants",
    "three bloggers", "Syrian rebels" named by a nationality)."""
    if n.lower_ == "those":
        return True
    if n.tag_ != "NNS" or n.pos_ != "NOUN" or n.ent_type_:
        return False
    for c in n.children:
        if c.dep_ == "det" and c.lower_ not in _GENERIC_DETS:
            return False
        if c.dep_ in ("poss", "nummod") or c.ent_type_ in ("NORP", "GPE", "ORG", "CARDINAL"):
            return False
    return True


def _placed(x: Token) -> bool:
    """ "talks in Madrid", "protest outside the embassy": a named place makes an occasion."""
    return any(
        g.ent_type_ in ("GPE", "LOC", "FAC")
        for c in x.children
        if c.dep_ == "prep" and c.lower_ in _PLACE_PREPS
        for g in c.subtree
    )


#: (segment Doc, its entities, {(sentence start, end): dated}) of the last `_dated` call: the
#: rules ask once per trigger, and `sent.ents` rebuilds every entity of the segment each time
_DATED: tuple[Any, list[Any], dict[tuple[int, int], bool]] = (None, [], {})


def _dated(sent: Span) -> bool:
    """A date or time in the sentence (an age, "33-year-old", is none)."""
    global _DATED
    doc, ents, memo = _DATED
    if doc is not sent.doc:
        doc, ents, memo = _DATED = (sent.doc, list(sent.doc.ents), {})
    key = (sent.start, sent.end)
    if key not in memo:
        memo[key] = any(
            e.label_ in ("DATE", "TIME") and "-year" not in e.text and "old" not in e.text
            for e in _span_ents(ents, sent)
        )
    return memo[key]


def _span_ents(ents: list[Any], sent: Span) -> list[Any]:
    """`sent.ents` from its Doc's entities, as spaCy's Span.ents: in document order, from the
    first that starts inside the span up to the first that ends past it."""
    out = []
    for ent in ents:
        if ent.start >= sent.start:
            if ent.end > sent.end:
                break
            out.append(ent)
    return out


def generic_subject(sent: Span, cand: Candidate, title: bool) -> bool:
    """A class of people or things that does the act as a rule: a bare plural subject and a
    present simple verb, in a sentence with no date ("women face challenges when seeking work",
    "foreign bloggers who praise China gain followers"); or commentators at it in the present
    ("experts are urging people to wash their hands"). A headline tells past acts in the
    present simple, so it is exempt."""
    if title or _dated(sent):
        return False
    t = sent.doc[cand.i]
    if t.pos_ == "NOUN" and any(c.dep_ in ("det", "poss") and c.lower_ != "a" for c in t.children):
        return False  # "authorities attribute the attacks to ...": particular attacks
    v = _finite_clause_verb(t)
    if v is None or _lem(v) == "be" or _placed(t) or _placed(v):
        return False  # "efforts are under way": a state now; "continue talks in Madrid": one place
    s = _subject(v)
    if s is None or not _bare_plural(s):
        return False
    if _lem(s) in COMMENTATORS and (_present_simple(v) or _present_progressive(v)):
        return True
    if agent_heads().get(_lem(s)) in PARTY_SECTORS:
        return False  # "officials blame the bombings on ...": the story's state or armed party
    if _present_simple(v):
        return True
    if v.dep_ == "acl" and s.lower_ == "those":
        # "those backing deeper integration": a stance held; "those occupying the embassy" are
        # the people of one occupation
        return cand.entry.plover in STANDING_TYPES
    return False


#: what gathering the news is typed as
GATHERING_TYPES = frozenset({"CONSULT", "REQUEST"})


def news_gathering(sent: Span, cand: Candidate, title: bool) -> bool:
    """The outlet or its reporter as the one who meets, speaks with or asks: "VOA examined the
    facts and spoke with experts", "told VOA in an interview", "an interview with Reuters"."""
    if cand.entry.plover not in GATHERING_TYPES:
        return False
    t = sent.doc[cand.i]
    if t.pos_ == "VERB":
        v = _finite_clause_verb(t) or t
        s = _subject(v)
        if s is not None and is_outlet(s):
            return True
        # "a student who spoke with VOA", "told VOA in an interview": a source talking to it
        return cand.entry.plover == "CONSULT" and any(
            is_outlet(g)
            for c in t.children
            if c.dep_ == "prep" and c.lower_ in ("with", "to")
            for g in c.children
            if g.dep_ == "pobj"
        )
    if t.pos_ != "NOUN":
        return False
    return any(
        is_outlet(g)
        for c in t.children
        if c.dep_ in ("prep", "poss", "compound")
        for g in ([c] if c.dep_ != "prep" else [x for x in c.children if x.dep_ == "pobj"])
    )


#: PROTEST verbs that mean "show" with an object or a clause
_SHOW_SENSES = frozenset({"demonstrate"})


def shown_not_protested(sent: Span, cand: Candidate, title: bool) -> bool:
    """ "demonstrate the added value of", "the results demonstrate that": to show, not to
    protest (a protest is intransitive: "demonstrated against the law")."""
    t = sent.doc[cand.i]
    return (
        cand.entry.plover == "PROTEST" and _lem(t) in _SHOW_SENSES and t.pos_ == "VERB"
        and any(c.dep_ in ("dobj", "ccomp") for c in t.children)
    )  # fmt: skip


#: verbs that class a thing as something when they take "as"
_CLASSING = frozenset("recognize recognise consider regard classify class treat".split())


def classified_as(sent: Span, cand: Candidate, title: bool) -> bool:
    """ "Indonesia does not recognize dog meat as edible": a thing classed by a quality (an
    adjective after "as"), not a party recognized or refused ("recognized the Taliban as the
    government", "does not recognize the court")."""
    t = sent.doc[cand.i]
    if t.pos_ != "VERB" or _lem(t) not in _CLASSING:
        return False
    return any(
        c.dep_ == "prep" and c.lower_ == "as"
        and any(g.tag_ in ("JJ", "JJR", "JJS") and g.dep_ in ("amod", "pobj", "acomp") for g in c.children)
        for c in t.children
    )  # fmt: skip


#: prepositions of the other party of an act ("negotiating with", "talking to")
_PARTY_PREPS = frozenset("with to".split())
#: what makes a clause a judgement on its subject: "is considered", "a crime", "difficult"
_JUDGED = frozenset({"auxpass", "acomp", "oprd", "attr"})


def gerund_topic(sent: Span, cand: Candidate, title: bool) -> bool:
    """ "negotiating with armed groups is considered a crime", "providing food is proving
    difficult": a gerund with an object or party but no doer of its own, the subject of a
    judgement, names a kind of act ("fighting in the region has forced thousands to flee",
    "fighting in the north was fierce on Tuesday" tell what happened)."""
    t = sent.doc[cand.i]
    if t.tag_ != "VBG" or t.dep_ not in ("csubj", "csubjpass", "nsubj", "nsubjpass"):
        return False
    if any(c.dep_ in ("nsubj", "poss") for c in t.children) or _dated(sent):
        return False
    if not any(
        c.dep_ == "dobj" or (c.dep_ == "prep" and c.lower_ in _PARTY_PREPS) for c in t.children
    ):
        return False  # "fighting in the north was fierce": the fighting, not a kind of act
    # judged: a copula, a passive ("is considered"), or a predicate ("is proving difficult")
    h = t.head
    return _lem(h) == "be" or any(c.dep_ in _JUDGED for c in h.children)


#: adverbs of a guess
SPECULATIVE = frozenset("probably likely possibly perhaps presumably conceivably".split())


def speculated(sent: Span, cand: Candidate, title: bool) -> bool:
    """ "officials probably intend to use the law, experts say", "Moscow perhaps wants a pause,
    analysts believe": a commentator's guess, the verb's own adverb making it one (a guess about
    another clause's verb leaves this one alone; an official's "likely killed" is a hedged
    report of what happened, kept)."""
    t = sent.doc[cand.i]
    if t.pos_ != "VERB" or not any(
        c.dep_ == "advmod" and c.lower_ in SPECULATIVE for c in t.children
    ):
        return False
    who = attribution(sent, cand).speaker_text
    return who is not None and lemma_of(who.split()[-1].lower(), "NOUN") in COMMENTATORS


#: what one agrees with when one shares a view
OPINION_NOUNS = frozenset(
    "concern view assessment opinion sentiment idea argument analysis notion premise "
    "conclusion fear worry observation characterization point criticism".split()
)


def agreed_with_an_opinion(sent: Span, cand: Candidate, title: bool) -> bool:
    """ "she agreed with officials' concerns", "many agree with the mayor's assessment": a view
    shared, no agreement made ("agreed with Russia on a ceasefire" is one)."""
    t = sent.doc[cand.i]
    if _lem(t) != "agree":
        return False
    objs = [g for c in t.children if c.dep_ == "prep" and c.lower_ == "with" for g in c.children]
    return bool(objs) and all(_lem(g) in OPINION_NOUNS for g in objs if g.dep_ == "pobj")


#: verbs that give a label
_LABELLING = frozenset("describe call term label characterize characterise dub brand".split())


def named_as(sent: Span, cand: Candidate, title: bool) -> bool:
    """ "sending what officials described as 'high threat illegal aliens'", "shelled what it
    called terrorist positions": the label of a free relative names a thing; no one is accused."""
    t = sent.doc[cand.i]
    return (
        t.pos_ == "VERB" and _lem(t) in _LABELLING
        and any(c.lower_ == "what" and c.dep_ in ("dobj", "nsubjpass") for c in t.children)
    )  # fmt: skip


#: nouns of a text or a measure: they aim at someone ("legislation targeting Turkey", "the law
#: targeted gaming addictions"), they never attack anyone
TEXTS_AND_MEASURES = frozenset(
    "bill legislation law regulation rule resolution measure sanction tariff policy decree "
    "amendment proposal plan report directive".split()
)


def _agents(t: Token) -> list[Token]:
    """The "by" agents of a passive verb."""
    return [g for c in t.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]


def _doers(t: Token) -> list[Token]:
    """Who does a verb's act: its active subject, the "by" agent of a passive, or the noun an
    active participle or relative clause describes ("legislation targeting Turkey", "a law
    that targets"; in "villages targeted by" the noun is the target)."""
    out = _agents(t)
    subs = [c for c in t.children if c.dep_ == "nsubj"]
    out += [c for c in subs if c.lower_ not in _RELPRON]
    if (t.dep_ == "acl" and t.tag_ == "VBG") or (
        t.dep_ == "relcl" and any(c.lower_ in _RELPRON for c in subs)
    ):
        out.append(t.head)
    return out


_RELPRON = frozenset("which that who".split())


def text_as_assailant(sent: Span, cand: Candidate, title: bool) -> bool:
    """ "A Senate committee passed legislation targeting Turkey", "the law targeted gaming
    addictions": a text or a measure aims at someone; an assault needs an assailant."""
    t = sent.doc[cand.i]
    if cand.entry.plover != "ASSAULT" or t.pos_ != "VERB":
        return False
    # the word as written, singular or plural (the suffix lemmas read "planes" as "plan")
    return any(d.lower_.removesuffix("s") in TEXTS_AND_MEASURES for d in _doers(t))


#: what makes a noun one occasion rather than a label: "the deadliest attack", "the third
#: attack this month"
_OCCASION_TAGS = frozenset({"JJS", "CD"})


def _occasion(t: Token) -> bool:
    return any(
        c.tag_ in _OCCASION_TAGS or c.ent_type_ in ("ORDINAL", "DATE", "TIME")
        for c in t.subtree
        if c.i != t.i
    )


#: happenings told without a type of their own: a label on one ("called the explosion an
#: attack", "in what Macron called an attack") is what types it
NEUTRAL_HAPPENINGS = frozenset(
    "explosion blast incident event fire crash violence unrest what which it this that".split()
)


def _labelled(t: Token) -> list[Token]:
    """What the label `t` is put on: the object of the labelling verb ("denounced the moves as
    ...", "called the explosion an attack"), else its subject ("the arrest served as ...")."""
    v = t.head.head if t.dep_ == "pobj" else t.head
    objs = [c for c in v.children if c.dep_ in ("dobj", "nsubjpass")]
    return objs or [c for c in v.children if c.dep_ == "nsubj"]


def labelled_as(sent: Span, cand: Candidate, title: bool) -> bool:
    """An event noun that is the label a speaker puts on something: "denounced the moves as an
    attack on the constitutional order", "the arrest served as a warning to others", "called
    them a punishment". The label names no occurrence of its own (what it labels is told by its
    own words). A label on a happening told without a type ("called the explosion an attack",
    "in what Macron called an attack") is what types it, and a label that counts or ranks one
    occasion ("described it as the deadliest attack since 2019") is one: both stay events."""
    t = sent.doc[cand.i]
    if t.pos_ != "NOUN" or _occasion(t):
        return False
    h = t.head
    as_label = t.dep_ == "pobj" and h.lower_ == "as" and h.dep_ == "prep"
    if not (t.dep_ == "oprd" or (as_label and h.head.pos_ in ("VERB", "AUX"))):
        return False  # "denounced X as", "served as", "known as"; "called them a punishment"
    return not any(x.lower_.removesuffix("s") in NEUTRAL_HAPPENINGS for x in _labelled(t))


#: acts done at a time to people or places: in the present simple they are a habit, not an
#: occasion. COERCE only by its seizing modes: a restriction ("does not allow agencies to go",
#: "bans fishing") is a measure in force, and the present tells it held now
PHYSICAL_TYPES = frozenset("ASSAULT COERCE MOBILIZE PROTEST".split())
_STANDING_MODES = frozenset("ban restrict obstruct censor curfew".split())
_SEIZING_MODES = frozenset("arrest seize deport abduct".split())


def _instant_act(cand: Candidate) -> bool:
    modes = set(cand.entry.modes)
    if cand.entry.plover == "COERCE":
        return bool(modes & _SEIZING_MODES)
    return cand.entry.plover in PHYSICAL_TYPES and not modes & _STANDING_MODES


#: clause links of a verb that can take a subject of its own
_CLAUSE_HEADS = frozenset("ROOT conj relcl ccomp advcl".split())


def habitual_present(sent: Span, cand: Candidate, title: bool) -> bool:
    """A physical act in the present simple, with no date and no place of its own, in body text:
    "the terror group mainly targets our security vehicles", "armed fighters who fight to
    control villages", "they tend to change their behavior and they kill people". English tells
    one occasion in the present simple only in a headline (exempt) or with a date or a place of
    its own ("as they march in Khartoum Thursday", a caption's "Police detain a man in Tehran,
    Jan. 5"); said acts ("we reject", "China urges") are done by saying them and are left alone
    (`PHYSICAL_TYPES`), and so are a restriction in force ("the army does not allow agencies to
    go there": `_STANDING_MODES`) and a detention held (`CUSTODY_STATE`)."""
    if title or not _instant_act(cand) or _dated(sent):
        return False
    if cand.entry is CUSTODY_STATE:
        return False  # "Thailand still holds eight Uyghurs": a detention going on (events.custody)
    t = sent.doc[cand.i]
    if t.pos_ != "VERB" or t.dep_ not in _CLAUSE_HEADS or not _present_simple(t):
        return False
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in t.children):
        return False  # a condition: hypothetical (modality), not a habit
    if t.dep_ == "relcl":
        return not _placed(t)
    # a pronoun or a determined noun: a caption or headline drops the article ("Protesters
    # Clash With Police", "Police detain man"), and a bare plural is `generic_subject`'s class
    subs = [c for c in t.children if c.dep_ in SUBJ]
    return bool(subs) and all(_particular(c) for c in subs) and not _placed(t)


def _particular(n: Token) -> bool:
    """ "they", "the group", "its fighters": a pronoun or a noun with an article or possessor."""
    return n.tag_ == "PRP" or (
        n.pos_ == "NOUN" and any(c.dep_ in ("det", "poss") for c in n.children)
    )


#: degree adverbs of "hit" meaning affected: "the hardest hit", "badly hit by the drought"
_DEGREE = frozenset("hardest worst hard badly heavily severely".split())


def hit_as_affected(sent: Span, cand: Candidate, title: bool) -> bool:
    """ "communities will be the hardest hit if the U.K. imposes restrictions", "farmers badly hit
    by the drought": "hit" with a degree, as a participle with no striker of its own, says who
    suffers most, not that anyone struck ("missiles hit the city hard" has one and stays; an
    attack that did the harm is told by its own word: "hit hard by shelling")."""
    t = sent.doc[cand.i]
    return (
        cand.entry.plover == "ASSAULT" and t.lower_ == "hit" and t.tag_ == "VBN"
        and any(c.dep_ == "advmod" and c.lower_ in _DEGREE for c in t.children)
        and not any(c.dep_ == "nsubj" for c in t.children)
    )  # fmt: skip


#: entity labels of proper names: a trigger word inside one is a word of the name ("the Government
#: of National Accord", "Popular Mobilization Forces", "Reporters Without Borders"). Not EVENT or
#: LAW: "the Minsk Agreement" names an occurrence or a text, told by their own rules
NAME_LABELS = frozenset("ORG PERSON FAC GPE NORP PRODUCT WORK_OF_ART".split())


def inside_a_name(sent: Span, cand: Candidate, title: bool) -> bool:
    """A trigger word that is a modifier in a proper name of several words: "backing of the
    Libyan Government of National Accord", "the Rapid Support Forces". The name names its bearer
    (the name's head); what the bearer did is told by the sentence's verbs. A name whose head is
    the trigger names the occurrence itself ("talks failed at the Hanoi Summit") and stays. A
    headline is exempt (title case makes the tagger read "Rebels Attack Town" as one name)."""
    if title:
        return False
    t = sent.doc[cand.i]
    # capitalised where the sentence does not make it so: a word of the name, not a common word
    # the tagger swept into an entity ("the Taliban attack")
    if not t.is_title or t.i == sent.start:
        return False
    if t.tag_ in ("NNP", "NNPS") and t.dep_ == "compound" and t.head.tag_ in ("NNP", "NNPS"):
        return True  # "the Eastern Peace Accord Commission": a proper-noun modifier of a name
    if t.ent_type_ not in NAME_LABELS:
        return False
    ent = next((e for e in t.doc.ents if e.start <= t.i < e.end), None)
    # the name's head is its bearer: "the Hanoi Summit", "the Farmer Tariff" name the occurrence
    # or the measure itself, and stay
    return ent is not None and len(ent) > 1 and ent.root.i != t.i


#: nouns of what is said or written: "a statement supporting the plan" is a statement made
_SAID_NOUNS = frozenset(
    "statement letter resolution declaration communique message post video speech remark "
    "petition motion comment tweet editorial article report".split()
)


def standing_participle(sent: Span, cand: Candidate, title: bool) -> bool:
    """A relation (SUPPORT, AID, COOPERATE) in a present participle that describes a noun, with no
    subject, date or time of its own: "the U.S. forces aiding the SDF", "opposition figures
    supporting the former president", "militias cooperating with the army". It says who the
    noun is, as "soldiers backed by" does (`modality.is_standing`), not that an act took place.
    Said support stays an act ("a resolution endorsing", "a statement backing the plan",
    "lawmakers praising")."""
    t = sent.doc[cand.i]
    if cand.entry.plover not in STANDING_TYPES - {"REJECT"} or t.tag_ != "VBG" or t.dep_ != "acl":
        return False
    if (
        _lem(t) in VERBAL_SUPPORT | SPEECH
        or t.head.lower_ == "those"
        or t.head.pos_ != "NOUN"
        and t.head.pos_ != "PROPN"
    ):
        return False
    if _lem(t.head) in _SAID_NOUNS:
        return False
    return not any(
        c.dep_ in SUBJ or c.ent_type_ in ("DATE", "TIME") for c in t.subtree if c.i != t.i
    )


#: words of a judgement on an act named by an infinitive: "it was a mistake to support", "it is
#: wrong to attack", "it is time to negotiate"
_TOPIC_PREPS = frozenset("like about regarding concerning".split())


def nonfinite_topic(sent: Span, cand: Candidate, title: bool) -> bool:
    """An act with no doer of its own, named as a topic: the infinitive of "it was a mistake to
    support the group", "it is important to cooperate with them" (the subject "it" stands for
    the infinitive, judged), or a gerund after "like", "about", "such as": "policies like
    supporting the brotherhood", "a debate about arming the rebels". A kind of act, not an
    occurrence ("he was arrested for attacking police" and "accused of supporting" tell one)."""
    t = sent.doc[cand.i]
    if t.pos_ != "VERB" or any(c.dep_ in SUBJ for c in t.children):
        return False
    h = t.head
    if t.tag_ == "VB" and t.dep_ == "xcomp" and _lem(h) == "be":
        # "it was a mistake to support": the expletive subject and a predicate
        return any(c.dep_ == "nsubj" and c.lower_ == "it" for c in h.children) and any(
            c.dep_ in ("attr", "acomp") for c in h.children
        )
    if t.tag_ != "VBG" or t.dep_ != "pcomp":
        return False
    return h.lower_ in _TOPIC_PREPS or (
        h.lower_ == "as" and h.i > 0 and sent.doc[h.i - 1].lower_ == "such"
    )


#: what one strikes when striking is reaching or hitting upon: "strike a deal", "struck a
#: balance", "struck on the idea", "strikes a conciliatory tone"
ABSTRACT_STRUCK = frozenset(
    "deal agreement accord bargain pact compromise balance tone note chord idea pose "
    "partnership alliance truce settlement understanding".split()
)


def struck_not_attacked(sent: Span, cand: Candidate, title: bool) -> bool:
    """ "the member states strike an agreement", "we struck on the idea", "he struck a
    conciliatory tone": strike with an abstract object is to reach or find it, no attack
    ("struck the convoy", "struck targets in the city" keep their ASSAULT)."""
    t = sent.doc[cand.i]
    if cand.entry.plover != "ASSAULT" or t.pos_ != "VERB" or _lem(t) != "strike":
        return False
    # what is struck: the object, else what is struck on ("struck on the idea"; not "on Monday")
    objs = [c for c in t.children if c.dep_ == "dobj"] or [
        g
        for c in t.children
        if c.dep_ == "prep" and c.lower_ in ("on", "upon")
        for g in c.children
        if g.dep_ == "pobj" and not g.ent_type_
    ]
    return bool(objs) and all(_lem(o) in ABSTRACT_STRUCK for o in objs)


#: social ills that policies "fight": a struggle with one of them attacks no one
ILLS = frozenset(
    "corruption graft fraud bribery poverty hunger famine crime criminality disease pandemic "
    "epidemic virus malaria cholera cancer inflation unemployment illiteracy disinformation "
    "misinformation propaganda drug drugs trafficking smuggling piracy extremism radicalization "
    "radicalisation terrorism impunity racism discrimination pollution deforestation "
    "desertification climate".split()
)
_STRUGGLES = frozenset("fight combat battle tackle".split())


def fought_not_attacked(sent: Span, cand: Candidate, title: bool) -> bool:
    """ "a drive to fight corruption", "fighting global corruption is a priority", "the fight
    against poverty": a struggle with a social ill is a policy, no attack ("fought the rebels",
    "the fight against the militants" keep their ASSAULT)."""
    t = sent.doc[cand.i]
    if cand.entry.plover != "ASSAULT" or _lem(t) not in _STRUGGLES:
        return False
    if t.dep_ == "amod" and _ill(t.head):
        return True  # "fighting global corruption is a priority", parsed as an adjective
    objs = [c for c in t.children if c.dep_ == "dobj"] + [
        g
        for c in t.children
        if c.dep_ == "prep" and c.lower_ == "against"
        for g in c.children
        if g.dep_ == "pobj"
    ]
    return bool(objs) and all(_ill(o) for o in objs)


def _ill(n: Token) -> bool:
    """ "corruption", "global corruption", "climate change", "drug trafficking"."""
    return (
        _lem(n) in ILLS
        or n.lower_ in ILLS
        or any(c.dep_ in ("compound", "amod") and c.lower_ in ILLS for c in n.children)
    )


#: nouns of a place one lives in: "settled in the town", "settled in a camp"
_DWELLINGS = frozenset(
    "town city village country area region island neighborhood neighbourhood district camp "
    "suburb state province capital countryside abroad home".split()
)
_NOT_A_HOME = frozenset("DATE TIME ORG PERSON NORP EVENT LAW".split())


def settled_somewhere(sent: Span, cand: Candidate, title: bool) -> bool:
    """ "many Chagossians settled in Mauritius", "the Asians who settled in the U.S.", "they
    have settled there": settling in a place is making a home, no agreement ("settled the
    dispute", "settled with the plaintiffs", "settled on a compromise" keep their AGREE)."""
    t = sent.doc[cand.i]
    if cand.entry.plover != "AGREE" or t.pos_ != "VERB" or _lem(t) != "settle":
        return False
    if any(c.dep_ in ("dobj", "nsubjpass", "xcomp", "ccomp") for c in t.children):
        return False
    if any(c.dep_ == "advmod" and c.lower_ in ("there", "here", "abroad") for c in t.children):
        return True
    return any(
        g.ent_type_ in ("GPE", "LOC", "FAC")
        # a name the model mistypes ("Mauritius" as a PRODUCT), not a date, court or party
        or (g.pos_ == "PROPN" and g.ent_type_ not in _NOT_A_HOME)
        or _lem(g) in _DWELLINGS
        for c in t.children
        if c.dep_ == "prep" and c.lower_ in _PLACE_PREPS
        for g in c.children
        if g.dep_ == "pobj"
    )


_QUESTION_WORDS = frozenset("if whether what why how when where who whom which".split())


def _quoted(clause: Token) -> bool:
    """A clause that sits between quotation marks, or right after one."""
    toks = list(clause.subtree)
    doc = clause.doc
    before = doc[toks[0].i - 1] if toks[0].i > 0 else None
    return any(x.text in QUOTE_MARKS for x in toks) or (
        before is not None and before.text in QUOTE_MARKS
    )


def agreed_in_words(sent: Span, cand: Candidate, title: bool) -> bool:
    """'"The danger is not passed yet," agreed Polat Sayim': agree as the verb that tells a
    quotation shares a view; no agreement is made ("they agreed to a ceasefire", "agreed that
    prisoners would be exchanged", unquoted, keep their AGREE)."""
    t = sent.doc[cand.i]
    if cand.entry.plover != "AGREE" or t.pos_ != "VERB" or _lem(t) != "agree":
        return False
    said = [c for c in t.children if c.dep_ == "ccomp"]
    return bool(said) and all(_quoted(c) for c in said)


def asked_a_question(sent: Span, cand: Candidate, title: bool) -> bool:
    """'"Why now?" Bugajski asked.', "asked by a reporter whether he might back off", "asked
    a question": asking a question requests nothing ("asked Trump for relief", "asked them to
    leave", "asked that the vote be delayed" keep their REQUEST)."""
    t = sent.doc[cand.i]
    if cand.entry.plover != "REQUEST" or t.pos_ != "VERB" or _lem(t) != "ask":
        return False
    kids = list(t.children)
    if any(c.dep_ in ("xcomp", "oprd") for c in kids):
        return False
    if any(c.dep_ == "prep" and c.lower_ == "for" for c in kids):
        return False
    if any(c.dep_ == "dobj" and _lem(c) in ("question", "questions") for c in kids):
        return True
    clauses = [c for c in kids if c.dep_ in ("ccomp", "advcl")]
    if clauses:
        return all(
            any(x.text == "?" for x in c.subtree)
            or any(x.lower_ in _QUESTION_WORDS and x.i < c.i for x in c.subtree)
            for c in clauses
        )
    # '"Why now?" Bugajski asked.' (the question often parsed as a sentence of its own): a
    # bare "asked" asks no one for anything
    return not any(c.dep_ in ("dobj", "dative", "prep", "ccomp", "nsubjpass") for c in kids)


#: what a source declines to do when it gives the press no answer
_NO_ANSWER = frozenset("comment respond elaborate confirm answer speak say".split())


def no_comment(sent: Span, cand: Candidate, title: bool) -> bool:
    """ "Malawi's education authorities refused to comment", "the ministry declined to respond":
    no answer to the press rejects nothing ("refused to attend the hearing", "declined to
    participate in the plan" keep their REJECT)."""
    t = sent.doc[cand.i]
    if cand.entry.plover != "REJECT" or _lem(t) not in ("refuse", "decline"):
        return False
    done = [c for c in t.children if c.dep_ == "xcomp"]
    return bool(done) and all(
        _lem(v) in _NO_ANSWER and not any(c.dep_ == "dobj" for c in v.children) for v in done
    )


def warned_of_a_danger(sent: Span, cand: Candidate, title: bool) -> bool:
    """ "officials warned of a possible IS resurgence", "warned against hospital care there": a
    danger foretold or advice given threatens no one ("warned Washington of severe
    consequences", "warned that it would execute the hostages" keep their THREATEN)."""
    t = sent.doc[cand.i]
    if cand.entry.plover != "THREATEN" or t.pos_ != "VERB" or _lem(t) != "warn":
        return False
    kids = list(t.children)
    # (an adverbial "saying ..." adds what was said, not a warning to someone)
    if any(
        c.dep_ in ("dobj", "dative", "ccomp", "xcomp")
        or (c.dep_ == "advcl" and _lem(c) not in SPEECH)
        for c in kids
    ):
        return False
    # "warned in July of a resurgence": the "of" may hang on the date's phrase
    return any(
        x.dep_ == "prep" and x.lower_ in ("of", "about", "against") and _prep_chain(x, t)
        for x in t.subtree
    )


def _prep_chain(x: Token, top: Token) -> bool:
    """`x` hangs on `top` through prepositions and their objects only."""
    h = x.head
    while h.i != top.i:
        if h.dep_ not in ("prep", "pobj") or h.head.i == h.i:
            return False
        h = h.head
    return True


#: what is published when it is "released": a text, a recording, figures or a plan
PUBLISHED = frozenset(
    "report statement video message footage recording audio data figure figures result results "
    "finding findings study survey program programme plan strategy document transcript list "
    "detail details book album film movie photo photos image images picture pictures map "
    "guideline guidelines version update edition poll index ranking forecast".split()
)


def released_a_text(sent: Span, cand: Candidate, title: bool) -> bool:
    """ "the army released a statement", "a video message released Sunday", "the PISA survey,
    released this month by the OECD": publishing frees no one ("released the hostages", "the
    girls were released" keep their RETREAT)."""
    t = sent.doc[cand.i]
    if cand.entry.plover != "RETREAT" or t.pos_ != "VERB" or _lem(t) != "release":
        return False
    what = [c for c in t.children if c.dep_ in ("dobj", "nsubjpass")]
    if t.tag_ == "VBN" and any(c.dep_ == "agent" for c in t.children):
        what += [c for c in t.children if c.dep_ == "nsubj"]  # a reduced passive
    if t.dep_ == "acl":
        what.append(t.head)  # "a video message released Sunday"
    return bool(what) and all(_lem(w) in PUBLISHED or w.lower_ in PUBLISHED for w in what)


#: natural hazards and epidemics: what they do is no one's act ("fire" is left out: a fire
#: may be set)
HAZARDS = frozenset(
    "cyclone hurricane typhoon storm tornado earthquake quake tremor aftershock flood flooding "
    "floodwater deluge drought wildfire bushfire tsunami landslide mudslide avalanche monsoon rain "
    "rainfall downpour heatwave eruption volcano lightning windstorm snowstorm blizzard hailstorm "
    "pandemic epidemic virus outbreak disease".split()
)


def _hazard_word(t: Token) -> bool:
    return t.lower_.removesuffix("s") in HAZARDS or _lem(t) in HAZARDS


#: the last segment asked about and its hazard names (one segment's sentences come in a row;
#: holding the Doc keeps its identity from being reused)
_LAST_HAZARD_NAMES: list[Any] = [None, frozenset()]


def _hazard_names(doc: Any) -> frozenset[str]:
    """Names the story gives a hazard: "Cyclone Chido", "Cyclones Chido and Dikeledi",
    "Hurricane Maria" (a proper noun after a hazard word, and the names joined to it)."""
    if _LAST_HAZARD_NAMES[0] is doc:
        return _LAST_HAZARD_NAMES[1]
    names: set[str] = set()
    for t in doc:
        if t.pos_ == "PROPN" and any(_hazard_word(c) for c in t.children if c.dep_ == "compound"):
            names.add(t.text)
            names.update(c.text for c in t.conjuncts if c.pos_ == "PROPN")
    _LAST_HAZARD_NAMES[:] = [doc, frozenset(names)]
    return _LAST_HAZARD_NAMES[1]


def hazard_as_doer(sent: Span, cand: Candidate, title: bool) -> bool:
    """ "the cyclone displaced more than 3,000 people", "Tropical Cyclone Jude slammed into
    parts of southern Africa", "Malawi was struck by Chido": the doer is a natural hazard (by
    its word, by a hazard word compounded to its name, or by a name the story gives a hazard)."""
    t = sent.doc[cand.i]
    doers = _doers(t)
    # "slammed into the island, destroying homes": a clause with no subject of its own has the
    # doer of the clause it hangs on
    if not doers and t.dep_ in ("advcl", "xcomp", "conj"):
        doers = _doers(t.head)
    if not doers:
        # "were destroyed or submerged by floods": the last passive's agent is each one's
        doers = [g for c in t.children if c.dep_ == "conj" for g in _agents(c)]
    if not doers:
        return False
    names = _hazard_names(sent.doc)
    return all(
        _hazard_word(d)
        or any(_hazard_word(c) for c in d.children if c.dep_ == "compound")
        or (d.pos_ == "PROPN" and d.text in names)
        for d in doers
    )


#: a whole war: what it did is its toll, not one occurrence
WARS = frozenset("war conflict insurgency genocide".split())


def war_toll(sent: Span, cand: Candidate, title: bool) -> bool:
    """ "a war that lasted three years and killed 100,000 people", "the conflict has displaced
    millions": a war as the doer tells its toll, an aggregate of many acts (the guidelines' "the
    war has killed thousands"); no one occurrence. Fighting, clashes or violence that killed
    are told of one occasion and stay."""
    t = sent.doc[cand.i]
    if cand.entry.plover not in ("ASSAULT", "COERCE") or t.pos_ != "VERB":
        return False
    doers = _doers(t)
    if not doers and t.dep_ == "conj":
        doers = _doers(t.head)  # "a war that lasted three years and killed ..."
    return bool(doers) and all(_lem(d) in WARS or d.lower_ in WARS for d in doers)


def amount_of_violence(sent: Span, cand: Candidate, title: bool) -> bool:
    """ "there's been too much killing and too much destruction", "so much bloodshed": an act
    as a mass noun measured by "much" is an amount over a time, an aggregate; no occurrence."""
    t = sent.doc[cand.i]
    return t.pos_ == "NOUN" and any(c.lower_ == "much" for c in t.children if c.dep_ == "amod")


NonEventRule = Callable[["Span", Candidate, bool], bool]

#: tried in order; the first that fires names why the candidate is no event
RULES: tuple[tuple[str, NonEventRule], ...] = (
    ("generic_subject", generic_subject),
    ("news_gathering", news_gathering),
    ("shown_not_protested", shown_not_protested),
    ("classified_as", classified_as),
    ("gerund_topic", gerund_topic),
    ("speculated", speculated),
    ("agreed_with_an_opinion", agreed_with_an_opinion),
    ("named_as", named_as),
    ("text_as_assailant", text_as_assailant),
    ("labelled_as", labelled_as),
    ("habitual_present", habitual_present),
    ("hit_as_affected", hit_as_affected),
    ("inside_a_name", inside_a_name),
    ("standing_participle", standing_participle),
    ("nonfinite_topic", nonfinite_topic),
    ("struck_not_attacked", struck_not_attacked),
    ("fought_not_attacked", fought_not_attacked),
    ("settled_somewhere", settled_somewhere),
    ("agreed_in_words", agreed_in_words),
    ("asked_a_question", asked_a_question),
    ("no_comment", no_comment),
    ("warned_of_a_danger", warned_of_a_danger),
    ("released_a_text", released_a_text),
    ("hazard_as_doer", hazard_as_doer),
    ("war_toll", war_toll),
    ("amount_of_violence", amount_of_violence),
)


def non_event(sent: Span, cand: Candidate, *, title: bool = False) -> str | None:
    """The name of the first rule that says the candidate states no event, else None."""
    return next((name for name, rule in RULES if rule(sent, cand, title)), None)
