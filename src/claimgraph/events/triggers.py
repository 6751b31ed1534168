"""Event triggers in a parsed sentence: which words are events, of which PLOVER type and mode.

In: a spaCy sentence `Span` (offsets relative to its segment). Out: `Candidate` records with
token indices, scored so that framing acts (threaten, refuse, agree) outrank the verb they frame.
Nothing here knows about seeds or particular names: rules key on parse relations and lexicons.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, KeysView
from dataclasses import dataclass, field

from claimgraph.events import blame, custody, funds, operations, proceedings, rejections
from claimgraph.events import restrictions, speech_acts
from claimgraph.events.blame import blame_trigger, is_spoken_blame
from claimgraph.events.custody import (
    ARREST,
    CUSTODY_STATE,
    ORDERED_CLOSURE,
    catches_a_person,
    custody_state,
    displaced_state,
    granted_measure,
    orders_a_closure,
)
from claimgraph.events.fires import (
    CONTENT,
    NOMINAL,
    NOUN,
    PREDICATE,
    VERB,
    Dispatch,
    Fires,
    UndeclaredFire,
    check_mode,
    fires_on,
)
from claimgraph.events.funds import funds_voted
from claimgraph.events.lexicon import Entry, english, lemma
from claimgraph.events.operations import fold_repeats, framed_act
from claimgraph.events.proceedings import proceeding_entry
from claimgraph.events.restrictions import access_refused, exercise_shape, sent_to_detention
from claimgraph.events.rejections import NO_EVENT, rejected_saying, rejection
from claimgraph.events.speech_acts import anyone_or_own, market_demand, spoken_act
from claimgraph.events.words import (  # re-exported: the stage's vocabulary
    AGENTIVE,
    COMMENTATORS,
    DENY,
    DENY_OBJECTS,
    LIGHT,
    NON_EVENT_HEADS,
    PERSON_NOUNS,
    PLAN_HEADS,  # noqa: F401 (re-exported)
    REPORT_CUES,  # noqa: F401 (re-exported)
    SPEECH,
)
from claimgraph.resources import data_path

#: weapons name no act by themselves ("bought Russian missiles", "Russia has missiles"): like
#: agentive nouns, they trigger only as the subject of a verb that is no trigger itself ("a
#: rocket landed"); "fired missiles" and "a missile strike" are the verb's and the strike's
WEAPON_NOUNS = frozenset("missile missiles rocket rockets mortar mortars grenade grenades".split())
PLAN_AMODS = frozenset("planned scheduled upcoming proposed future expected pending".split())
#: participles that hedge a noun ("this alleged consensus", "the suspected militants"): no
#: accusation is made by using them
HEDGE_PARTICIPLES = frozenset("allege suspect purport accuse".split())
HEDGES = frozenset("reportedly allegedly apparently purportedly supposedly presumably".split())
HEDGE_SPEAKERS = frozenset(
    "source sources activist activists witness witnesses resident residents".split()
)
# "can", "should", "must": an ability or an obligation, not a happening ("he can end it by
# withdrawing his troops", "they must release the hostages")
MODAL_HYPO = frozenset("could might may would can should must ought".split())
LOC_PREPS = frozenset("in near at outside around inside across into from on".split())
RECIP_PREPS = {
    "ASSAULT": {"on", "against", "at", "upon"},
    "COERCE": {"on", "against", "from", "over", "into"},
    "THREATEN": {"against", "with"},
    "CONSULT": {"with"},
    "COOPERATE": {"with"},
    "AGREE": {"with", "to"},
    "AID": {"to", "for"},
    "ACCUSE": {"against", "of"},
    "PROTEST": {"against", "outside", "at"},
    "REQUEST": {"from", "on", "to", "for"},
    "SANCTION": {"on", "against", "with"},
    "REJECT": {"from"},
    "RETREAT": {"from"},
    "SUPPORT": {"for", "with"},  # "resumed ties with X"
}
SUBJ = {"nsubj", "csubj"}
PASS_SUBJ = {"nsubjpass", "csubjpass"}
OBJ = {"dobj", "obj", "dative", "attr"}
TYPE_PRIORITY = {  # tie-break: who wins when two triggers score the same
    "ASSAULT": 0.06, "COERCE": 0.05, "PROTEST": 0.05, "THREATEN": 0.04, "ACCUSE": 0.04,
    "REJECT": 0.04, "REQUEST": 0.03, "RETREAT": 0.03, "SANCTION": 0.03, "MOBILIZE": 0.03,
    "AID": 0.02, "AGREE": 0.02, "CONSULT": 0.02, "CONCEDE": 0.02, "COOPERATE": 0.01,
    "SUPPORT": 0.0,
}  # fmt: skip


@dataclass
class Candidate:
    i: int  # head token index (doc-level, within the segment doc)
    start: int  # token span of the trigger [start, end)
    end: int
    entry: Entry
    score: float
    linked: list[int] = field(default_factory=list)  # merged same-event triggers
    modes: list[str] = field(default_factory=list)
    depth: int = 6


@functools.lru_cache(maxsize=1)
def demonyms() -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for line in data_path("events", "demonyms.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        d, name, iso = line.split("\t")[:3]
        out[d.strip()] = (name.strip(), iso.strip())
    return out


def _lem(tok) -> str:  # type: ignore[no-untyped-def]
    return lemma(tok)


#: a part of speech's class for the finders: V, N, A, X (auxiliary) or ? (anything else)
_POS_CLASS = {"VERB": "V", "NOUN": "N", "PROPN": "N", "ADJ": "A", "AUX": "X"}


def for_clause(v) -> bool:  # type: ignore[no-untyped-def]
    """ "called for the Taliban to lift the ban": a clause marked by "for", whose subject is the
    one asked (the parser hangs it on the verb as an adverbial clause)."""
    return v.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ == "for" for g in v.children)


def _obj_words(tok) -> KeysView[str]:  # type: ignore[no-untyped-def]
    """Object, particle and prepositional words of a verb, in sentence order: the first that
    keys a lexicon entry wins, so the order must not depend on string hashing."""
    words: dict[str, None] = {}
    for c in tok.children:
        if c.dep_ in OBJ or c.dep_ in ("prt", "oprd", "nsubjpass"):
            words[_lem(c)] = None
            words[c.lower_] = None
            words[_lem(_counted_head(c))] = None  # "hosting 85% of the refugees": refugees
            for cc in c.children:
                if cc.dep_ in ("compound", "amod"):
                    words[cc.lower_] = None
        if c.dep_ in ("prep", "agent"):
            words[c.lower_] = None
            for g in c.children:
                if g.dep_ == "pobj":
                    words[_lem(g)] = None
                    words[g.lower_] = None
        if c.dep_ == "xcomp":
            for g in c.children:
                if g.dep_ in OBJ:
                    words[_lem(g)] = None
        if for_clause(c):
            words["for"] = None  # "called for the charge to be dropped": "for" marks the clause
    return words.keys()


def _depth(tok) -> int:  # type: ignore[no-untyped-def]
    d = 0
    while tok.head.i != tok.i and d < 30:
        tok = tok.head
        d += 1
    return d


def is_speech_cue(tok) -> bool:  # type: ignore[no-untyped-def]
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    lem = _lem(tok)
    if lem not in SPEECH:
        return False
    if lem in DENY:
        return True
    return (
        any(c.dep_ in ("ccomp", "parataxis") for c in tok.children)
        or any(c.dep_ in ("ccomp", "parataxis") and c.head.i == tok.i for c in tok.head.children)
        or tok.dep_ in ("parataxis", "ROOT", "conj", "advcl")
    )


MUST_REQUEST = Entry("REQUEST", (), (), "rule")
BROKERED_PLAN = Entry("AGREE", (), ("diplomatic",), "rule")
PLAN_NOUNS = frozenset("plan proposal initiative roadmap arrangement scheme".split())
BROKERED = re.compile(r"(?:brokered|sponsored|backed|mediated|agreed|negotiated)$")
MUST_AUX = frozenset("must should".split())


#: cues of an opinion: "I believe people should wait" says what the speaker thinks is right
BELIEF_CUES = frozenset("believe think feel hope guess".split())
#: "the insurgents should know that ...", "must understand": a warning or a lesson, not a demand
COGNITION = frozenset("know understand realize realise remember learn".split())


#: pronouns a demand can be put to: the addressee or a party named before ("they must stop");
#: "we must", "I must" say what the speaker's side will do, "it must" what has to happen
ADDRESSED = frozenset("they you he she".split())
#: verbs of necessity whose infinitive is what someone is told to do: "they need to return it"
NEEDING = frozenset("need have".split())


def _obliged(clause):  # type: ignore[no-untyped-def]
    """The act a clause says its subject must do: "Y must withdraw" (the clause verb), "they need
    to return it" (the infinitive), or None."""
    if any(a.dep_ == "aux" and a.lower_ in MUST_AUX for a in clause.children):
        return clause
    if clause.lower_ == "ought":  # "employers ought to raise wages": the parser's clause is "ought"
        return next((x for x in clause.children if x.dep_ == "xcomp"), None)
    if _lem(clause) in NEEDING and not any(c.dep_ == "neg" for c in clause.children):
        return next(
            (
                x
                for x in clause.children
                if x.dep_ == "xcomp"
                and any(a.dep_ == "aux" and a.lower_ == "to" for a in x.children)
            ),
            None,
        )
    return None


def _must_clause(tok) -> bool:  # type: ignore[no-untyped-def]
    """ "X said that Y must withdraw", '"They need to return it," an official said': a demand on
    Y, a party (a name, a noun of people, or a pronoun of one: not "strong diplomacy must work",
    not "we must"), said, not believed, and of an act, not a realisation."""
    if _lem(tok) in BELIEF_CUES or _lem(tok) in COGNITION:
        return False
    if any(c.dep_ in SUBJ and _lem(c) in COMMENTATORS for c in tok.children):
        return False  # "analysts said the government needs to act": an opinion, no demand
    clauses = [c for c in tok.children if c.dep_ == "ccomp"]
    # "they know that they need to return it": a demand put as what the addressee knows (a
    # modal cognition, "they should know that", stays a warning, below)
    clauses += [
        g
        for c in clauses
        if _lem(c) in COGNITION and _obliged(c) is None
        for g in c.children
        if g.dep_ == "ccomp"
    ]
    for c in clauses:
        act = _obliged(c)
        if act is None:
            continue
        if _lem(c) in COGNITION or _lem(act) in COGNITION:
            return False
        return any(
            x.dep_ in SUBJ
            and (_party(x) or (x.pos_ == "PRON" and x.lower_ in ADDRESSED))
            and not anyone_or_own(x)  # "our forces must", "every citizen has to"
            for x in c.children
        )
    return False


def _asks_to_know(tok) -> bool:  # type: ignore[no-untyped-def]
    """A request whose asked act is a realisation ("urged Moscow to understand that ...")."""
    return any(c.dep_ == "xcomp" and _lem(c) in COGNITION for c in tok.children)


#: what one agrees with when endorsing it, not agreeing to do something
VIEW_NOUNS = frozenset(
    "proposal plan position view assessment stance approach idea initiative call decision".split()
)
ENDORSEMENT = Entry("SUPPORT", (), ("diplomatic",), "lexicon")


#: leaving a body or a pact reduces relations (CAMEO 16, PLOVER SANCTION "withdraw"): "Burkina
#: Faso, Mali and Niger withdrew from ECOWAS"; troops withdrawn from a place stay a RETREAT
WITHDRAWAL = Entry("SANCTION", ("withdraw",), ("diplomatic",), "lexicon")
PACT_NOUNS = frozenset(
    "deal agreement accord treaty pact talk talks negotiation negotiations alliance bloc union "
    "organization organisation convention coalition framework federation community council".split()
)


def _left_a_body(tok) -> bool:  # type: ignore[no-untyped-def]
    """A withdrawal "from" (or a pull-out "of") an organisation or a pact."""
    preps = [c for c in tok.children if c.dep_ in ("prep", "prt")]
    preps += [g for c in preps if c.lower_ == "out" for g in c.children if g.dep_ == "prep"]
    return any(
        c.lower_ in ("from", "of") and g.dep_ == "pobj" and _body(g)
        for c in preps
        for g in c.children
    )


def _body(tok) -> bool:  # type: ignore[no-untyped-def]
    """An organisation ("ECOWAS", the tagger's ORG) or a pact ("the nuclear deal")."""
    if _lem(tok) in PACT_NOUNS or tok.ent_type_ == "ORG":
        return True
    acronym = tok.pos_ in ("PROPN", "NOUN") and tok.text.isupper() and len(tok.text) >= 2
    return acronym and tok.ent_type_ not in ("GPE", "LOC", "FAC", "NORP")


def _agrees_with_a_view(tok) -> bool:  # type: ignore[no-untyped-def]
    if _lem(tok) != "agree":
        return False
    return any(
        c.dep_ == "prep" and c.lower_ == "with" and _lem(g) in VIEW_NOUNS
        for c in tok.children
        for g in c.children
        if g.dep_ == "pobj"
    )


def _party(tok) -> bool:  # type: ignore[no-untyped-def]
    """A name or a noun of people or groups ("the government", "rebels", "Kenya")."""
    if tok.pos_ == "PROPN" or tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return True
    w = tok.lower_
    forms = {w, _lem(tok), w[:-3] + "y" if w.endswith("ies") else w, w.rstrip("s")}
    return tok.pos_ == "NOUN" and bool(forms & (PERSON_NOUNS | PARTIES))


#: nouns of parties besides PERSON_NOUNS: "the international community must act"
PARTIES = frozenset("community world powers nations".split())


def _warns_of_a_state(tok) -> bool:  # type: ignore[no-untyped-def]
    """ "Officials warn it is too big to put out", "warned that cooperation is dangerous": a
    warning that something is or may be so is a judgement, not a threat. A threat warns of the
    speaker's side's act: "warned that it would retaliate", "warned of consequences"."""
    if _lem(tok) != "warn":
        return False
    clauses = [c for c in tok.children if c.dep_ == "ccomp"]
    if not clauses:
        return False
    # a future act ("police will no longer tolerate rallies") is a threat, whoever performs it
    if any(
        a.dep_ == "aux" and a.lower_ in ("will", "would", "'ll", "shall")
        for c in clauses
        for a in c.children
    ):
        return False
    # a possible act of the warner's own ("Ankara is warning it could turn to Moscow")
    return not any(_own_possible_act(tok, c) for c in clauses)


#: pronouns that can take up a named warner, by what it names
_OWN_PRONOUNS = {"PERSON": ("he", "she", "we", "i"), "": ("it", "they", "we", "i")}
#: verbs of a clause that says how things may turn out rather than what someone may do
_STATE_VERBS = frozenset("be take become happen cost last lead cause mean seem get".split())


def _own_possible_act(warn, clause) -> bool:  # type: ignore[no-untyped-def]
    """ "X warned it could/might/may <act>": the warner, a named party, may act (a threat);
    "officials warned it could take weeks" names no one and says how things may go."""
    if not any(a.dep_ == "aux" and a.lower_ in ("could", "might", "may") for a in clause.children):
        return False
    if _lem(clause) in _STATE_VERBS:
        return False
    warner = next((c for c in warn.children if c.dep_ in SUBJ), None)
    subj = next((c for c in clause.children if c.dep_ in SUBJ), None)
    if warner is None or subj is None or subj.pos_ != "PRON":
        return False
    if not (warner.pos_ == "PROPN" or warner.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")):
        return False
    kind = "PERSON" if warner.ent_type_ == "PERSON" else ""
    return subj.lower_ in _OWN_PRONOUNS[kind]


QUESTION_VERBS = frozenset("ask press".split())
_WH = frozenset("who what when where why how whether which".split())


def _asks_a_question(tok) -> bool:  # type: ignore[no-untyped-def]
    """ "Asked aloud: 'Who is dead?'", "pressed on how sure he was": a question put, no request."""
    for c in tok.children:
        if c.dep_ in ("ccomp", "prep", "dobj", "xcomp") and any(
            x.lower_ in _WH for x in c.subtree if x.i <= c.i + 3
        ):
            return True
        if c.dep_ in ("ccomp", "advcl") and _asked_if(tok, c):
            return True
    return tok.sent.text.rstrip().rstrip("\"'”’").endswith("?")


def _asked_if(tok, clause) -> bool:  # type: ignore[no-untyped-def]
    """ "asked the elder Lai if he agreed": "if" opening the clause of a verb of asking that
    asks no act (no infinitive) puts a question."""
    return any(m.dep_ == "mark" and m.lower_ == "if" for m in clause.children) and not any(
        c.dep_ == "xcomp" for c in tok.children
    )


LAW_WORDS = frozenset("Act Law Bill Resolution Amendment Statute".split())


def _in_law_name(tok) -> bool:  # type: ignore[no-untyped-def]
    """A word of a law's title ("Countering America's Adversaries Through Sanctions Act")."""
    doc = tok.doc
    for j in range(tok.i + 1, min(tok.i + 4, len(doc))):
        if doc[j].pos_ != "PROPN":
            return False
        if doc[j].text in LAW_WORDS:
            return True
    return False


#: words that condemn what they are said of (a general list of negative judgements, not names)
NEGATIVE_JUDGEMENTS = frozenset(
    "deplorable egregious insulting arbitrary illegal illegitimate unconstitutional baseless "
    "outrageous unacceptable criminal terrorist terrorists shameful irresponsible provocative "
    "blatant absurd ridiculous false lie lies disgraceful reckless barbaric heinous cowardly "
    "appalling atrocious unjust unfair unlawful dangerous destabilizing destabilising "
    "hypocritical despicable abhorrent inhumane brutal treacherous weaponization".split()
)
JUDGING_VERBS = frozenset("call describe label brand term dub".split())
CONDEMNATION = Entry("ACCUSE", ("disapprove",), (), "lexicon")
#: a speaker's "X is <condemning word>": the speaker accuses, X (a party, if one) is accused
SPOKEN_JUDGEMENT = Entry("ACCUSE", ("disapprove",), (), "lexicon")
#: condemning words that judge an act or a party, not a situation ("dangerous", "brutal" and
#: "false" also describe how things are)
CONDEMNING = frozenset(
    "deplorable egregious arbitrary illegal illegitimate unconstitutional baseless outrageous "
    "unacceptable shameful irresponsible absurd ridiculous disgraceful reckless barbaric heinous "
    "cowardly appalling atrocious unjust unfair unlawful hypocritical despicable abhorrent "
    "inhumane treacherous".split()
)
_OPEN_QUOTES = ('"', "\u201c")
DENIAL = Entry("REJECT", (), (), "lexicon")
#: verbs of going along with someone whose negation is a refusal
REFUSED = frozenset("recognize recognise accept succumb bow yield comply obey heed".split())
REFUSAL = Entry("REJECT", ("refuse",), (), "lexicon")


#: what one denies by refusing it or disowning it: a request, or a part in something
REFUSED_OBJECTS = frozenset(
    "request requests demand demands proposal proposals offer offers appeal appeals plea pleas "
    "bid application invitation involvement responsibility role complicity wrongdoing".split()
)
_RELATIVE = frozenset("which that".split())


def _denies_antecedent(tok) -> bool:  # type: ignore[no-untyped-def]
    """ "a report in February, which Moscow denied", "the claims, which the army denied": a deny
    verb in a relative clause denies the noun it hangs on."""
    objs = [c for c in tok.children if c.dep_ in OBJ]
    if tok.dep_ == "advcl":
        # "in a report in February — which Moscow denied": after a dash the parser hangs the
        # relative clause on the main verb; its "which" still names what is denied
        return any(o.lower_ == "which" and o.i < tok.i for o in objs) and any(
            c.dep_ in SUBJ for c in tok.children
        )
    if tok.dep_ != "relcl":
        return False
    return all(o.lower_ in _RELATIVE for o in objs) and any(c.dep_ in SUBJ for c in tok.children)


#: verbs that ask someone to act when they have an object and a to-infinitive
URGING = frozenset("encourage implore exhort beseech".split())


def _urges(tok) -> bool:  # type: ignore[no-untyped-def]
    """ "encouraged the parties to resume talks" (not "was encouraged by the progress")."""
    kids = list(tok.children)
    return any(c.dep_ in ("dobj", "obj") for c in kids) and any(
        c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.children) for c in kids
    )


def _relative_object(tok):  # type: ignore[no-untyped-def]
    """The noun a relative clause hangs on, when it is the clause verb's missing object: "the
    test North Korea said it carried out", "the sale the president blocked" (not "the soldiers
    who arrived", whose noun is the subject)."""
    if any(c.dep_ in OBJ for c in tok.children) or not any(c.dep_ in SUBJ for c in tok.children):
        return None
    clause = tok
    if tok.dep_ == "ccomp" and tok.head.dep_ == "relcl" and is_speech_cue(tok.head):
        clause = tok.head  # "the test it said it carried out"
    if clause.dep_ != "relcl" or clause.head.pos_ not in ("NOUN", "PROPN"):
        return None
    if any(c.lower_ in ("who", "which", "that") and c.dep_ in SUBJ for c in clause.children):
        return None
    return clause.head


def _refused(tok) -> bool:  # type: ignore[no-untyped-def]
    kids = list(tok.children)
    return any(c.dep_ == "neg" or c.lower_ == "never" for c in kids) or any(
        c.lower_ == "longer" and any(g.lower_ == "no" for g in c.children) for c in kids
    )


#: nouns of something said: judged false, they are rejected ("called the assertions baseless")
CLAIM_NOUNS = frozenset(
    "assertion allegation accusation claim charge report rumor rumour story news".split()
)
NAMING = frozenset("call name dub".split())
PRICING = frozenset({"charge"})


def _gives_a_name(tok) -> bool:  # type: ignore[no-untyped-def]
    """ "a militia called the anti-Balaka (fought back)": a name given, no call. The parser reads
    the verb as a participle on its noun, or, when the name is followed by the clause's real verb,
    as the main verb with that verb as its object complement; no call, naming or judging takes a
    verb there ("called him a liar", "called on X to" take a noun or a particle)."""
    if tok.dep_ == "acl" and tok.tag_ == "VBN":
        return True
    return any(c.dep_ == "oprd" and c.pos_ == "VERB" for c in tok.children)


def _priced(tok) -> bool:  # type: ignore[no-untyped-def]
    """A verb with a sum or a rate among its complements: "charging 25% more", "charged $10"."""
    return any(
        x.ent_type_ in ("MONEY", "PERCENT")
        for c in tok.children
        if c.dep_ not in SUBJ
        for x in c.subtree
    )


def _judges_a_claim(tok) -> bool:  # type: ignore[no-untyped-def]
    return any(
        (c.dep_ in OBJ or c.dep_ == "oprd") and c.pos_ == "NOUN" and _lem(c) in CLAIM_NOUNS
        for c in tok.children
    )


def _judges_badly(tok) -> bool:  # type: ignore[no-untyped-def]
    """A verb that says something of a party in negative words: "called X arbitrary", "described
    X as deplorable", "warned that X is dangerous". The words must follow the verb in its own
    clause, within a few tokens (parses of quoted adjectives are unreliable, so no tree path)."""
    lem = _lem(tok)
    if lem in JUDGING_VERBS:
        if not any(c.dep_ in ("dobj", "oprd", "ccomp", "prep") for c in tok.children):
            return False
        window = tok.doc[tok.i + 1 : min(tok.sent.end, tok.i + 14)]
    elif lem == "warn":
        clause = next((c for c in tok.children if c.dep_ == "ccomp"), None)
        copulas = ("is", "are", "was", "were", "be", "been")
        # a copula, not a passive's auxiliary ("warned that terrorists will not be spared")
        if clause is None or not (
            clause.lower_ in copulas
            or any(x.lower_ in copulas and x.dep_ != "auxpass" for x in clause.children)
        ):
            return False
        window = clause.subtree
    else:
        return False
    return any(x.lower_ in NEGATIVE_JUDGEMENTS for x in window)


#: states of mind that disapprove of what they are about (CAMEO 111, "voiced concern")
DISAPPROVING = frozenset(
    "disappointed troubled concerned alarmed dismayed outraged appalled disturbed angered "
    "incensed disgusted".split()
)
_LINKING = frozenset("be remain feel become grow".split())
_COPULAS = frozenset("'re 's 'm".split())
#: typed parties that take stances as bodies ("the group remains concerned with X"); people
#: ("residents are concerned about prices") voice worries, not a party's disapproval
INSTITUTIONS = frozenset(
    "government administration ministry council committee group alliance bloc union coalition "
    "organization organisation agency embassy ministers minister leaders bank court".split()
)
_ABOUT = frozenset("by with about over at".split())


def _disapproves(tok) -> bool:  # type: ignore[no-untyped-def]
    """ "The United States is deeply disappointed by the vote", "we are troubled by what is
    happening", "the ministers remain concerned with the build-up": a named party (or "we", the
    speaker's side) states its disapproval of something. Residents "worried about prices" and
    "I am concerned about my health" name no party taking a stance."""
    if tok.lower_ not in DISAPPROVING:
        return False
    # "we’re" (a curly apostrophe) is not in the lemma tables: a contracted copula is "be"
    linking = _lem(tok.head) in _LINKING or tok.head.lower_.replace("\u2019", "'") in _COPULAS
    if tok.dep_ == "acomp" and linking:
        holder = tok.head
    elif any(c.dep_ == "auxpass" for c in tok.children):  # parsed as a passive
        holder = tok
    else:
        return False
    if not (
        any(c.dep_ in ("prep", "agent") and c.lower_ in _ABOUT for c in tok.children)
        or any(c.dep_ == "ccomp" for c in tok.children)
    ):
        return False
    subj = next((c for c in holder.children if c.dep_ in SUBJ or c.dep_ in PASS_SUBJ), None)
    if subj is None:
        return False
    return (
        subj.lower_ == "we"
        or subj.pos_ == "PROPN"
        or subj.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
        or _lem(subj) in INSTITUTIONS
    )


#: verbs that state a stance already held or newly taken: "reiterated its opposition to",
#: "signaling its reluctance to endorse", "underscored the need for monitors"
STATING = frozenset(
    "reiterate reaffirm restate repeat renew express voice signal state stress emphasize "
    "emphasise underline underscore register".split()
)
#: stances whose statement is a verbal act, by the act (CAMEO 12 reject, 111 disapprove, 10
#: demand/appeal, 13 threaten). Support is left to the lexicon: a stated support is often standing.
STANCES = {
    **dict.fromkeys(
        "opposition objection objections rejection refusal reluctance unwillingness "
        "disagreement".split(),
        Entry("REJECT", (), (), "lexicon"),
    ),
    **dict.fromkeys(
        "concern concerns alarm dismay outrage anger disappointment regret displeasure "
        "condemnation criticism".split(),
        CONDEMNATION,
    ),
    **dict.fromkeys("call calls demand demands appeal need plea".split(), MUST_REQUEST),
    **dict.fromkeys(
        "threat threats warning warnings ultimatum".split(), Entry("THREATEN", (), (), "lexicon")
    ),
}


#: a time given to act, by its unit: "gave the agency 14 days to present a plan"
DURATIONS = frozenset("minute minutes hour hours day days week weeks month months".split())
ULTIMATUM = Entry("THREATEN", (), (), "lexicon")


def _ultimatum(tok) -> bool:  # type: ignore[no-untyped-def]
    """ "gave the agency 14 days to present a plan", "were given until Friday to clear the
    square": a party given a time limit to do something is threatened with what follows (CAMEO
    139, give ultimatum). Needs the party (an indirect object, or a passive's subject), the time
    and the act (an infinitive)."""
    if _lem(tok) not in ("give", "grant") or tok.pos_ != "VERB":
        return False
    kids = list(tok.children)
    party = any(c.dep_ == "dative" for c in kids) or any(c.dep_ in PASS_SUBJ for c in kids)
    time = any(
        c.dep_ in ("dobj", "npadvmod")
        and c.lower_ in DURATIONS
        and not any(g.lower_ == "of" for g in c.children)  # "14 days of seed" is a quantity
        for c in kids
    ) or any(c.dep_ == "prep" and c.lower_ == "until" for c in kids)
    act = any(
        x.dep_ in ("advcl", "xcomp", "acl")
        and any(a.dep_ == "aux" and a.lower_ == "to" for a in x.children)
        for c in kids
        for x in [c, *c.children]
    )
    return party and time and act


#: acts a stated stance can be spelled out by
_VERBAL = frozenset("REJECT ACCUSE REQUEST THREATEN SUPPORT".split())


def _spelled_out(tok, lex) -> bool:  # type: ignore[no-untyped-def]
    """ "reaffirmed their concerns over X, strongly opposing any attempt to ...": a participle
    with no subject of its own that is itself a verbal act says what the stance is; one act."""
    for c in tok.children:
        if c.dep_ == "advcl" and c.tag_ == "VBG" and not any(g.dep_ in SUBJ for g in c.children):
            e = lex.single.get((_lem(c), "V")) or lex.single.get((_lem(c), "*"))
            if e is not None and e.plover in _VERBAL:
                return True
    return False


def _states_a_stance(tok) -> Entry | None:  # type: ignore[no-untyped-def]
    """ "G7 members reiterated their opposition to unilateral attempts", "signaling its
    reluctance to endorse the proposal", "Rubio underscored the need for monitors": a verb of
    stating whose object is a stance is the act the stance names. A stance with a "for"/"to"/
    "about"/"over" complement or an infinitive is aimed at something; a bare "expressed regret"
    is kept too (the lexicon already reads "voice concern" so)."""
    if tok.pos_ != "VERB" or _lem(tok) not in STATING:
        return None
    for c in tok.children:
        if c.dep_ in ("dobj", "obj") and c.pos_ == "NOUN" and c.lower_ in STANCES:
            if c.lower_ in ("call", "calls") and not any(
                g.dep_ in ("prep", "acl") for g in c.children
            ):
                return None  # "repeated the call" with nothing called for
            if c.lower_ == "need" and not any(
                g.dep_ == "prep" and g.lower_ == "for" for g in c.children
            ):
                return None  # "stressed the need to remain calm": advice; "the need for X" asks
            return STANCES[c.lower_]
    return None


def _judges_in_speech(tok) -> bool:  # type: ignore[no-untyped-def]
    """'"This is an absolutely baseless case," the president said', 'he said the vote was
    illegal': a copular clause of reported speech whose complement condemns its subject."""
    return any(
        x.lower_ in CONDEMNING and not any(n.dep_ == "neg" for n in x.children)
        for c in _spoken_copula(tok)
        for x in c.subtree
    )


#: words that praise what they are said of ("a positive step", "President X is right")
PRAISING = frozenset(
    "positive constructive commendable encouraging admirable courageous laudable praiseworthy "
    "right correct wise helpful good welcome great excellent promising".split()
)
#: a speaker's "X is <praising word>": the speaker endorses X (CAMEO 051)
SPOKEN_PRAISE = Entry("SUPPORT", (), ("diplomatic",), "lexicon")
#: what can be praised besides a party: an act between parties ("the agreements are a positive
#: step"), not a state of things ("the situation is positive", "it is right to ask")
PRAISED_ACTS = frozenset(
    "agreement deal accord pact treaty talk talks negotiation dialogue step move decision "
    "effort initiative proposal ceasefire truce cooperation meeting summit role release "
    "withdrawal visit".split()
)


def is_spoken_judgement(entry: Entry) -> bool:
    """An act told by a copular clause of reported speech: its speaker acts, its subject is
    the recipient (events.stage)."""
    return entry is SPOKEN_JUDGEMENT or entry is SPOKEN_PRAISE or is_spoken_blame(entry)


def _spoken_copula(tok) -> list:  # type: ignore[no-untyped-def,type-arg]
    """The complements (attr, acomp) of a non-negated copular clause of reported speech with a
    subject ('"X is Y," the president said', 'he said X was Y'); empty when it is none."""
    if _lem(tok) not in ("be", "become") or tok.pos_ not in ("AUX", "VERB"):
        return []
    kids = list(tok.children)
    if not any(c.dep_ in SUBJ for c in kids) or any(c.dep_ == "neg" for c in kids):
        return []
    head = tok.head
    spoken = (
        tok.dep_ in ("ccomp", "parataxis") and _lem(head) in SPEECH and head.i != tok.i
    ) or tok.sent.text.lstrip().startswith(_OPEN_QUOTES)
    return [c for c in kids if c.dep_ in ("attr", "acomp")] if spoken else []


def _praises_in_speech(tok) -> bool:  # type: ignore[no-untyped-def]
    """'"President X is right," the senator said', 'she said the agreements are a positive
    step': reported speech that praises a party or an act between parties. "The situation is
    positive" and "it is right to wait" praise no one."""
    comps = _spoken_copula(tok)
    if not comps:
        return False
    subj = next(c for c in tok.children if c.dep_ in SUBJ)
    if not (_party(subj) or _lem(subj) in PRAISED_ACTS or subj.lower_ in PRAISED_ACTS):
        return False
    if subj.pos_ == "PRON":
        return False
    # the complement itself or a word qualifying it ("a positive step"), not a word deeper in
    # it ("a decision issued at the right time")
    return any(
        x.lower_ in PRAISING and not any(n.dep_ == "neg" for n in x.children)
        for c in comps
        for x in [c, *(a for a in c.children if a.dep_ == "amod")]
    )


def _voted_against(tok) -> bool:  # type: ignore[no-untyped-def]
    """ "The assembly voted against the bill": a rejection, not an agreement."""
    return _lem(tok) == "vote" and any(
        c.dep_ == "prep" and c.lower_ == "against" for c in tok.children
    )


#: a joint appearance before the press is a meeting of its speakers (CAMEO 040)
PRESS_EVENTS = frozenset("conference briefing".split())
JOINT_APPEARANCE = Entry("CONSULT", (), ("diplomatic",), "lexicon")


def _joint_appearance(tok) -> bool:  # type: ignore[no-untyped-def]
    """ "a joint news conference", "a news conference with the French minister": two parties
    meet before the press. A news conference of one speaker is speech, no event."""
    if _lem(tok) not in PRESS_EVENTS or not any(
        c.dep_ == "compound" and c.lower_ in ("news", "press") for c in tok.children
    ):
        return False
    if any(c.dep_ == "amod" and c.lower_ == "joint" for c in tok.children):
        return True
    return any(
        c.dep_ == "prep" and c.lower_ == "with" and _party(g)
        for c in tok.children
        for g in c.children
        if g.dep_ == "pobj"
    )


def _describes_speaker(tok) -> bool:  # type: ignore[no-untyped-def]
    """ "Evans Revere, a former official who had negotiated with North Korea, said ...": a clause
    that tells who the speaker is describes a career, not an event the story reports."""
    if tok.dep_ not in ("relcl", "acl"):
        return False
    h = tok.head
    while h.dep_ == "appos" and h.head.i != h.i:
        h = h.head
    return h.dep_ in SUBJ and h.head.pos_ in ("VERB", "AUX") and is_speech_cue(h.head)


_QUANTITY_HEADS = frozenset(
    "tens dozens hundreds thousands millions scores number thousand hundred million % percent "
    "majority half most".split()
    # a span or a round of something is that thing for its verb: "led eight hours of talks",
    # "held three rounds of negotiations"
    + "hours days weeks months rounds round series".split()
)


def _counted_head(tok):  # type: ignore[no-untyped-def]
    """What a quantity counts: "thousands of people" -> "people"."""
    for _ in range(3):  # "tens of thousands of people"
        if not (tok.lower_ in _QUANTITY_HEADS or tok.like_num):
            break
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        nxt = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
        if nxt is None:
            break
        tok = nxt
    return tok


def _doer_key(tok) -> str:  # type: ignore[no-untyped-def]
    """The lemma a `verb <subj` entry is keyed on; a people named by its demonym ("Sudanese",
    "Central Africans") is "people"."""
    if tok.tag_ in ("NNS", "NNPS") and (tok.ent_type_ == "NORP" or tok.lower_ in demonyms()):
        return "people"
    if tok.tag_ == "NNPS" or (tok.ent_type_ == "NORP" and tok.pos_ == "PROPN"):
        return "people" if tok.lower_.endswith("s") or tok.lower_ in demonyms() else _lem(tok)
    return _lem(tok)


def _custody_act(tok, pc: str) -> Entry | None:  # type: ignore[no-untyped-def]
    """A detention told as a state or a person caught (events.custody), else None."""
    if pc == "N" and custody_state(tok):
        return CUSTODY_STATE
    if pc == "V" and catches_a_person(tok):
        return ARREST
    if pc == "V" and orders_a_closure(tok):
        return ORDERED_CLOSURE
    return None


def _lexicon_verb(lex, lem: str) -> bool:  # type: ignore[no-untyped-def]
    """The lexicon types the verb itself (its own event, not its doers' protest)."""
    return (
        (lem, "V") in lex.single
        or (lem, "*") in lex.single
        or lem in lex.with_obj
        or lem in lex.with_subj
    )


#: nouns of a change or a ruling whose noun modifier is what changes or is ruled ("tariff hikes",
#: "arrest warrant"), of what is handed over ("an aid package", "aid convoys"), or of an act's
#: occasion or try ("shooting incidents", "a bombing campaign", "the assassination attempt": an
#: attempt to kill is an attack): the modifier is the act
_ACT_HEADS = frozenset(
    "increase increases hike hikes boost boosts rise rises cut cuts decision decisions order "
    "orders warrant warrants package packages shipment shipments delivery deliveries convoy "
    "convoys drop drops flight flights tranche tranches disbursement attempt attempts incident "
    "incidents campaign campaigns spree wave".split()
)


def _event_head(head) -> bool:  # type: ignore[no-untyped-def]
    """Whether a noun a trigger noun modifies is itself an event ("ceasefire deal", "bomb blast",
    the lexicon's) or the act of it ("tariff hikes", "arrest warrant")."""
    lex, lem = english(), lemma(head)
    return (
        head.lower_ in _ACT_HEADS
        or (lem, "N") in lex.single
        or (lem, "*") in lex.single
        or (head.lower_, "N") in lex.single
    )


class Skip:
    """A trigger finder's answer "no trigger on this token": the finders after it are not asked."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "SKIP"


SKIP = Skip()


class Site:
    """One token as the trigger finders see it: the token `t`, its index `k` in the sentence,
    its lemma `lem`, its part-of-speech class `pc` (V, N, A, X or ?; of its `pos_`, which the
    caller has read), the lexicon `lex`, the candidates `found` so far in the sentence and the
    token indices `used` by them (a finder may drop candidates or claim tokens, as the blame
    finder does)."""

    def __init__(
        self, t, k: int, lem: str, lex, found: list[Candidate], used: set[int], pos: str
    ) -> None:  # type: ignore[no-untyped-def]
        self.t = t
        self.k = k
        self.lem = lem
        self.lex = lex
        self.found = found
        self.used = used
        self.pc = _POS_CLASS.get(pos, "?")

    def one(self, entry: Entry, score: float) -> Candidate:
        """A one-token candidate on this token."""
        return Candidate(self.t.i, self.t.i, self.t.i + 1, entry, score)


#: a trigger finder: a Candidate (the token's trigger), SKIP (no trigger on this token) or None
#: (no answer: ask the next finder)
Finder = Callable[[Site], "Candidate | Skip | None"]


def find_triggers(sent, *, lex=None) -> list[Candidate]:  # type: ignore[no-untyped-def]
    """All trigger candidates in a sentence, one per head token, best entry first: the lexicon's
    multiword phrases first, then on each other token the finders of FINDERS in order, the first
    answer deciding; then scores, framing and the folding of linked triggers."""
    lex = lex or english()
    toks = list(sent)
    lems = [_lem(t) for t in toks]
    used: set[int] = set()
    cands = _phrases(toks, lems, lex, used)
    finders_for, check = _dispatch(), check_mode()
    for k, t in enumerate(toks):
        if t.i in used:
            continue
        pos = t.pos_
        site = Site(t, k, lems[k], lex, cands, used, pos)
        fit = finders_for(lems[k], t.lower_, pos)
        for finder in FINDERS if check else fit:
            found = finder(site)
            if found is not None:
                if check and finder not in fit:
                    raise UndeclaredFire(_undeclared(finder, t, lems[k]))
                if isinstance(found, Candidate):
                    cands.append(found)
                break
    for c in cands:
        tok = sent.doc[c.i]
        # main clauses first; `depth` is kept because the CAMEO-default threshold (events.stage)
        # was calibrated while this penalty sat at its maximum for every token
        c.depth = min(_depth(tok), 6)
        c.score += TYPE_PRIORITY.get(c.entry.plover, 0.0) - 0.08 * c.depth
        if tok.pos_ == "VERB":
            c.score += 0.3
        c.modes = list(c.entry.modes)
    _frame_scores(sent, cands)
    cands.sort(key=lambda c: c.i)
    return fold_repeats(sent, _merge_linked(sent, cands))  # (events.operations)


@functools.lru_cache(maxsize=1)
def _dispatch() -> Dispatch:
    """FINDERS by what each can fire on (events.fires), built at first use."""
    return Dispatch(FINDERS)


def _undeclared(finder, t, lem: str) -> str:  # type: ignore[no-untyped-def]
    return (
        f"trigger finder {finder.__name__} answered on {t.text!r} (lemma {lem!r}, pos {t.pos_}),"
        " which its Fires declarations leave out: add the word to them (events.fires)"
    )


def _phrases(toks, lems: list[str], lex, used: set[int]) -> list[Candidate]:  # type: ignore[no-untyped-def]
    """The lexicon's multiword phrases, longest first at each token; their tokens go to `used`."""
    cands: list[Candidate] = []
    firsts = {p[0] for p in lex.phrases}  # (a few dozen phrases)
    lows = [x.lower_ for x in toks]
    for k in range(len(toks)):
        if lems[k] not in firsts and lows[k] not in firsts:
            continue  # no phrase starts with this word (by lemma or by form)
        for n in range(min(lex.max_phrase, len(toks) - k), 1, -1):
            key = tuple(lems[k : k + n])
            hit = lex.phrases.get(key)
            if hit is None:
                hit = lex.phrases.get(tuple(lows[k : k + n]))
            if hit is None:
                continue
            pos, entry = hit
            span = toks[k : k + n]
            # head of the phrase: the token whose head lies outside the phrase
            head = next((x for x in span if x.head not in span or x.head.i == x.i), span[-1])
            if pos == "V" and not any(x.pos_ == "VERB" for x in span):
                continue
            cands.append(Candidate(head.i, span[0].i, span[-1].i + 1, entry, 1.3))
            used.update(x.i for x in span)
            break
    return cands


# ---------------------------------------------------------------------- the finders, in order
# Each finder declares above it what it can fire on (events.fires): find_triggers runs on a token
# only the finders whose declarations the token passes.
#: `_spoken_copula`: "be" or "become", a copula or a verb
_COPULA = Fires(lemmas=frozenset({"be", "become"}), pos=PREDICATE)
#: `_judges_badly`: a verb of judging, or "warn"
_JUDGING = Fires(lemmas=JUDGING_VERBS | frozenset({"warn"}), pos=VERB)
#: `_lexicon`: any content word; the tables it looks up are the finder itself and vary with the
#: lexicon passed
_LEXICON = Fires(pos=CONTENT, why="its own lookup is the lexicon's tables, which vary by lexicon")


@fires_on(_COPULA)
def _spoken_judgement(s: Site) -> Candidate | Skip | None:
    return s.one(SPOKEN_JUDGEMENT, 1.1) if _judges_in_speech(s.t) else None


@fires_on(_COPULA)
def _spoken_praise(s: Site) -> Candidate | Skip | None:
    return s.one(SPOKEN_PRAISE, 1.1) if _praises_in_speech(s.t) else None


@fires_on(*blame.FIRES)
def _blame(s: Site) -> Candidate | Skip | None:
    """ "said Kabul was failing to rein in X": the saying is an accusation (events.blame), and
    what the accused is said to do there is its content."""
    blame = blame_trigger(s.t)
    if blame is None:
        return None
    i, entry = blame
    s.found[:] = [c for c in s.found if c.i != i]
    s.used.add(i)
    return Candidate(i, i, i + 1, entry, 1.2)


@fires_on(*rejections.FIRES)
def _rejection(s: Site) -> Candidate | Skip | None:
    """ "pleaded not guilty", "brushed aside the criticism" (events.rejections)."""
    refusal = rejection(s.t)
    if refusal is not None or rejected_saying(s.t):
        if refusal is not None and refusal is not NO_EVENT:
            return s.one(refusal, 1.2)
        return SKIP
    return None


@fires_on(*proceedings.FIRES)
def _proceeding(s: Site) -> Candidate | Skip | None:
    """ "is on trial", "who face two charges" (events.proceedings)."""
    trial = proceeding_entry(s.t)
    return None if trial is None else s.one(trial, 1.2)


@fires_on(Fires(lemmas=PRESS_EVENTS, pos=NOUN))
def _joint(s: Site) -> Candidate | Skip | None:
    return s.one(JOINT_APPEARANCE, 0.95) if s.t.pos_ == "NOUN" and _joint_appearance(s.t) else None


@fires_on(*speech_acts.FIRES)
def _spoken(s: Site) -> Candidate | Skip | None:
    """ "said Seoul would respond", "it is for Russia to accept it" (events.speech_acts)."""
    if market_demand(s.t):
        return SKIP  # "an increased demand for books": goods wanted, no one demanding
    spoken = spoken_act(s.t, is_speech_cue(s.t) and s.lem not in DENY)
    return None if spoken is None else s.one(spoken, 1.1)


@fires_on(*operations.FIRES)
def _framed(s: Site) -> Candidate | Skip | None:
    """ "an operation conducted by X", "massed in protest of X" (events.operations)."""
    framed = framed_act(s.t, _lexicon_verb(s.lex, s.lem))
    if framed is None:
        return None
    return s.one(framed, 1.2 if s.t.pos_ == "VERB" else 0.95)


@fires_on(Fires(not_pos=CONTENT, why="every word that is no verb, noun or adjective"))
def _no_content_word(s: Site) -> Candidate | Skip | None:
    return SKIP if s.pc not in ("V", "N", "A") else None


@fires_on(*custody.FIRES)
def _custody(s: Site) -> Candidate | Skip | None:
    """ "are in jail, facing trial", "were caught by prison guards" (events.custody)."""
    custody = _custody_act(s.t, s.pc)
    return None if custody is None else s.one(custody, 1.2 if s.pc == "V" else 1.0)


@fires_on(*restrictions.FIRES)
def _restriction(s: Site) -> Candidate | Skip | None:
    """ "does not allow aid agencies to go there", "sent migrants to a detention center"; not
    "drills encircling Taiwan" (events.restrictions)."""
    if s.pc != "V":
        return None
    if exercise_shape(s.t):
        return SKIP  # "drills encircling Taiwan": the drills are the event
    entry = access_refused(s.t) or sent_to_detention(s.t)
    return None if entry is None else s.one(entry, 1.2)


@fires_on(Fires(forms=frozenset({"according"})))
def _according_to(s: Site) -> Candidate | Skip | None:
    t = s.t
    if t.lower_ == "according" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "to":
        return SKIP  # "according to X" cites a source, it makes no accord
    return None


@fires_on(Fires(lemmas=frozenset({"give", "grant"}), pos=VERB))
def _ultimatum_set(s: Site) -> Candidate | Skip | None:
    return s.one(ULTIMATUM, 1.2) if s.pc == "V" and _ultimatum(s.t) else None


@fires_on(Fires(lemmas=STATING, pos=VERB))
def _stance(s: Site) -> Candidate | Skip | None:
    """ "reiterated their opposition to X": the stated stance is the act (CAMEO 12, 111, 10)."""
    stance = _states_a_stance(s.t) if s.pc == "V" else None
    if stance is not None and not _spelled_out(s.t, s.lex):
        return s.one(stance, 1.2)
    return None


@fires_on(Fires(lemmas=SPEECH, pos=VERB))
def _speech_cue(s: Site) -> Candidate | Skip | None:
    """A verb of saying is no event itself, unless it demands ("X said that Y must withdraw") or
    denies a charge, a request or an antecedent."""
    t, lem = s.t, s.lem
    if not (s.pc == "V" and is_speech_cue(t) and lem not in ("accuse", "allege", "claim")):
        return None
    if lem not in DENY and _must_clause(t):
        # "X said that Y must withdraw": a demand on Y
        return s.one(MUST_REQUEST, 1.1)
    if lem not in DENY or any(c.dep_ in ("ccomp",) for c in t.children):
        return SKIP
    objs = _obj_words(t)
    if objs & DENY_OBJECTS:
        # "denied the charges", "dismissed accusations": the denial is itself a REJECT
        # (the denied event gets a deny claim too: events.stage._back_denial)
        return s.one(DENIAL, 1.1)
    if objs & REFUSED_OBJECTS or _denies_antecedent(t):
        # "denied the request", "denied involvement", "a report which Moscow denied":
        # a REJECT, and no deny claim on an earlier event (a request denied was made)
        return s.one(DENIAL, 1.1)
    return None


@fires_on(Fires(lemmas=LIGHT, pos=VERB))
def _light(s: Site) -> Candidate | Skip | None:
    return SKIP if s.pc == "V" and s.lem in LIGHT and s.lem not in s.lex.with_obj else None


@fires_on(Fires(lemmas=REFUSED, pos=VERB))
def _refusal(s: Site) -> Candidate | Skip | None:
    """ "will not succumb to pressure", "will no longer recognize X": a rejection (CAMEO 12)."""
    return s.one(REFUSAL, 1.2) if s.pc == "V" and s.lem in REFUSED and _refused(s.t) else None


@fires_on(_JUDGING)
def _judged_claim(s: Site) -> Candidate | Skip | None:
    """ "called the assertions baseless", "described the reports as false": a rejection."""
    if s.pc == "V" and _judges_badly(s.t) and _judges_a_claim(s.t):
        return s.one(DENIAL, 1.2)
    return None


@fires_on(_JUDGING)
def _condemnation(s: Site) -> Candidate | Skip | None:
    """ "called the ruling arbitrary", "described the jailbreak as deplorable", "warned that the
    cooperation is dangerous and illegal": a condemnation (CAMEO 111)."""
    return s.one(CONDEMNATION, 1.2) if s.pc == "V" and _judges_badly(s.t) else None


@fires_on(Fires(forms=DISAPPROVING, pos=frozenset({"ADJ", "VERB"})))
def _disapproval(s: Site) -> Candidate | Skip | None:
    """ "is deeply disappointed by the vote": a condemnation (CAMEO 111)."""
    return s.one(CONDEMNATION, 1.2) if s.pc in ("A", "V") and _disapproves(s.t) else None


def _agentive_noun(s: Site) -> bool:
    """An agentive or weapon noun triggers only as the subject of a verb that is no trigger."""
    t, lem, lex = s.t, s.lem, s.lex
    return (
        s.pc == "N"
        and (lem in AGENTIVE or t.lower_ in AGENTIVE or t.lower_ in WEAPON_NOUNS)
        and not (
            t.dep_ in SUBJ and _lem(t.head) not in lex.single and _lem(t.head) not in lex.cameo
        )
    )


#: words that look like triggers and are none here, each tested in this order
_NO_EVENT: tuple[Callable[[Site], bool], ...] = (
    lambda s: s.pc == "V" and (_warns_of_a_state(s.t) or _describes_speaker(s.t)),
    lambda s: s.pc == "V" and s.t.dep_ == "amod" and s.lem in HEDGE_PARTICIPLES,
    # "a militia called the anti-Balaka": a name, no call
    lambda s: s.pc == "V" and s.lem in NAMING and _gives_a_name(s.t),
    # "charging 25% more for electricity": a price, no charge in court
    lambda s: s.pc == "V" and s.lem in PRICING and _priced(s.t),
    # "rejected the accusations": the rejection is the act, not an accusation
    lambda s: s.pc == "N" and s.lem in CLAIM_NOUNS and s.t.dep_ in OBJ and _lem(s.t.head) in DENY,
    lambda s: s.pc == "V" and s.lem in QUESTION_VERBS and _asks_a_question(s.t),
    lambda s: s.t.pos_ == "PROPN" and _in_law_name(s.t),
    lambda s: (
        s.pc == "V" and s.lem in NON_EVENT_HEADS and any(c.dep_ == "xcomp" for c in s.t.children)
    ),
    _agentive_noun,
)


#: what the `_NO_EVENT` rules can fire on: any verb (a clause describing the speaker is known by
#: its dependency), any proper noun (a word of a law's title, by the words after it), nouns of
#: claims, agentive and weapon nouns
_NO_EVENT_FIRES = (
    Fires(pos=VERB, why="a clause that describes the speaker is known by its dependency"),
    Fires(pos=frozenset({"PROPN"}), why="a word of a law's title is known by the words after it"),
    Fires(lemmas=CLAIM_NOUNS | AGENTIVE, forms=AGENTIVE | WEAPON_NOUNS, pos=NOMINAL),
)


@fires_on(*_NO_EVENT_FIRES)
def _no_event(s: Site) -> Candidate | Skip | None:
    return SKIP if any(rule(s) for rule in _NO_EVENT) else None


@fires_on(Fires(lemmas=URGING, pos=VERB))
def _urging(s: Site) -> Candidate | Skip | None:
    """ "I encourage the police to speed up the inquiry": a request (CAMEO 10)."""
    return s.one(MUST_REQUEST, 1.2) if s.pc == "V" and s.lem in URGING and _urges(s.t) else None


@fires_on(*funds.FIRES)
def _funds(s: Site) -> Candidate | Skip | None:
    """ "the monies that Congress voted for Taiwan defense": aid (events.funds)."""
    entry = funds_voted(s.t) if s.pc == "V" else None
    return None if entry is None else s.one(entry, 1.2)


@fires_on(_LEXICON)
def _lexicon(s: Site) -> Candidate | Skip | None:
    """The lexicons' entry for the token (`_lexicon_entry`), then the checks on it."""
    got = _lexicon_entry(s)
    if got is None or isinstance(got, Skip):
        return got
    entry, score = got
    t, pc = s.t, s.pc
    if pc == "V" and entry.plover == "REQUEST" and _asks_to_know(t):
        return SKIP  # "appealed to them to understand that ...": a warning, no request
    if pc == "V" and entry.plover == "AGREE" and _agrees_with_a_view(t):
        entry = ENDORSEMENT  # "agree with the U.S. proposal": an endorsement (CAMEO 051)
    if pc == "V" and entry.plover == "RETREAT" and _left_a_body(t):
        entry = WITHDRAWAL
    if _not_coerced(t, pc, entry):
        return SKIP
    if pc == "V" and t.dep_ == "compound" and t.head.pos_ in ("NOUN", "PROPN"):
        return SKIP  # "Press freedom groups said": a noun the tagger took for an imperative
    if pc == "N" and t.dep_ == "compound" and t.head.pos_ == "NOUN" and not _event_head(t.head):
        return SKIP  # "combat aircraft", "sanctions bill", "detention center": a kind of thing
    if pc == "N":
        score -= 0.25
    if pc == "A":
        if not any(c.dep_ == "xcomp" for c in t.children):
            return SKIP
        score -= 0.1
    return s.one(entry, score)


def _not_coerced(t, pc: str, entry: Entry) -> bool:  # type: ignore[no-untyped-def]
    """A coercion word that tells a state or a measure granted, not an act."""
    if entry.plover != "COERCE":
        return False
    if (
        pc == "N"
        and t.dep_ == "pobj"
        and t.head.lower_ == "in"
        and _lem(t.head.head) in ("be", "remain", "stay")
    ):
        return True  # "1,542 prisoners were in detention": a state, not an arrest
    if pc == "N" and granted_measure(t):
        return True  # "granted him house arrest": what was granted (events.custody)
    # "people are becoming displaced": nobody expelled them (events.custody)
    return pc == "V" and displaced_state(t)


def _lexicon_entry(s: Site) -> tuple[Entry, float] | Skip | None:
    """(entry, score): a verb's entry by its object or its subject, else the word's own entry,
    a brokered plan, CAMEO's verb by its object, CAMEO's verb default; SKIP where the lexicon
    says "-" (no event at all); None where it knows nothing."""
    objs = _obj_words(s.t) if s.pc == "V" else {}.keys()
    got = _verb_entry(s, objs)
    if isinstance(got, Skip):
        return got
    entry, score, objs = got
    if entry is None:
        entry, score = _word_entry(s, objs)
    return None if entry is None else (entry, score)


def _verb_entry(s: Site, objs):  # type: ignore[no-untyped-def]
    """(entry or None, score, object words) of a verb whose meaning depends on its object or its
    subject, or SKIP."""
    t, lem, pc, lex = s.t, s.lem, s.pc, s.lex
    entry: Entry | None = None
    score = 1.0
    if pc == "V" and lem in lex.with_obj:
        got = _object_entry(s, objs)
        if isinstance(got, Skip):
            return got
        entry, objs = got
        if entry is not None:
            score = 1.2
    if (
        pc == "V"
        and lem in lex.with_obj
        and entry is None
        and "*" in lex.with_obj[lem]
        and any(c.dep_ in ("dobj", "nsubjpass") for c in t.children)
    ):  # "returned the bodies" (but "returned to prison" is no return of anything)
        entry, score = lex.with_obj[lem]["*"], 1.0
    if entry is None and pc == "V" and lem in lex.with_subj:
        e = _subject_entry(s)
        if isinstance(e, Skip):
            return e
        if e is not None:
            entry, score = e, 1.2
    if entry is None and pc == "V" and lem == "take" and _takes_a_place(t):
        entry, score = lex.with_obj["take"]["town"], 1.2
    if entry is None and pc == "V" and lem == "take" and _takes_to_court(t):
        entry, score = lex.single[("sue", "V")], 1.2
    return entry, score, objs


def _object_entry(s: Site, objs):  # type: ignore[no-untyped-def]
    """(entry or None, object words) of a verb whose meaning depends on its object, or SKIP
    where the entry is "-"."""
    t = s.t
    if t.dep_ == "acl" or (
        t.dep_ == "relcl" and any(c.dep_ == "auxpass" for c in t.children)
    ):  # "the report released last week", "a report to be released": the noun
        objs = [*objs, _lem(t.head)]
    antecedent = _relative_object(t)
    if antecedent is not None:  # "the test North Korea said it carried out"
        objs = [*objs, _lem(antecedent)]
    table = s.lex.with_obj[s.lem]
    entry = next((table[o] for o in objs if o in table), None)
    if entry is not None and entry.plover == "-":
        return SKIP  # "released a report", "offered no evidence": no event at all
    return entry, objs


def _takes_a_place(t) -> bool:  # type: ignore[no-untyped-def]
    """ "Kherson was taken": a place as the passive subject of "take"."""
    return any(
        c.dep_ in PASS_SUBJ and (c.pos_ == "PROPN" or c.ent_type_ in ("GPE", "LOC", "FAC"))
        for c in t.children
    )


def _takes_to_court(t) -> bool:  # type: ignore[no-untyped-def]
    """ "took the school to court": a suit (but a hearing that "takes place in court" is none).
    The tagger may read "to court" as an infinitive."""
    return any(
        (c.dep_ == "prep" and c.lower_ == "to" and any(g.lower_ == "court" for g in c.children))
        or (c.dep_ == "xcomp" and c.lower_ == "court")
        for c in t.children
    )


def _subject_entry(s: Site) -> Entry | Skip | None:
    """ "troops moved into the town", "civilians fled", "displaced by fighting": what the verb
    means depends on who does it; "-" entries say that it then is no event at all (SKIP)."""
    t, lem, lex = s.t, s.lem, s.lex
    doers = [c for c in t.children if c.dep_ in SUBJ]
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in t.children)
    doers += [
        g
        for c in t.children
        # a passive's "by" the parser read as a plain preposition ("displaced this week
        # by fighting") is its agent too
        if c.dep_ == "agent" or (passive and c.dep_ == "prep" and c.lower_ == "by")
        for g in c.children
        if g.dep_ in ("pobj", "pcomp")
    ]
    if not doers and t.dep_ == "xcomp":
        # "forced thousands of villagers to flee": who is made to do it
        doers = [c for c in t.head.children if c.dep_ in OBJ]
    keys = [_doer_key(_counted_head(c)) for c in doers]
    e = next((lex.with_subj[lem][k] for k in keys if k in lex.with_subj[lem]), None)
    if e is not None and e.plover == "-":
        return SKIP
    if e is not None and e.plover == "AGREE" and _voted_against(t):
        return DENIAL  # "the house voted against the bill" (CAMEO 12)
    return e


def _word_entry(s: Site, objs) -> tuple[Entry | None, float]:  # type: ignore[no-untyped-def]
    """The word's own entry (lemma, then the form of a noun), a brokered plan, then CAMEO's verb
    entry by object (0.8) and its default (0.6)."""
    t, lem, pc, lex = s.t, s.lem, s.pc, s.lex
    entry = lex.single.get((lem, pc)) or lex.single.get((lem, "*"))
    if entry is None and pc == "N" and t.lower_ != lem:
        entry = lex.single.get((t.lower_, pc)) or lex.single.get((t.lower_, "*"))
    if (
        entry is None
        and pc == "N"
        and lem in PLAN_NOUNS
        and any(
            BROKERED.search(c.lower_) for c in t.children if c.dep_ in ("amod", "acl", "compound")
        )
    ):  # "a U.N.-brokered plan", "the plan, brokered by the UN"
        entry = BROKERED_PLAN
    if entry is not None:
        return entry, 1.0
    if pc == "V" and lem in lex.cameo_obj:
        for o in objs:
            e = lex.cameo_obj[lem].get(o)
            if e is not None:
                return e, 0.8
    if pc == "V" and lem in lex.cameo:
        return lex.cameo[lem], 0.6
    return None, 1.0


#: the trigger finders, tried in this order on each token that no multiword phrase took; the
#: first answer decides (a Candidate, or SKIP for none). The rules of other modules enter here
#: as finders: blame (events.blame), rejections (events.rejections), spoken acts
#: (events.speech_acts), framed operations (events.operations), custody (events.custody),
#: funds voted (events.funds), restrictions (events.restrictions).
FINDERS: tuple[Finder, ...] = (
    _spoken_judgement,
    _spoken_praise,
    _blame,
    _rejection,
    _proceeding,
    _joint,
    _spoken,
    _framed,
    _no_content_word,
    _custody,
    _restriction,
    _according_to,
    _ultimatum_set,
    _stance,
    _speech_cue,
    _light,
    _refusal,
    _judged_claim,
    _condemnation,
    _disapproval,
    _no_event,
    _urging,
    _funds,
    _lexicon,
)


# types whose complement clause is their content, not a second event: "threatened to impose",
# "refused to lift", "agreed to withdraw", "demanded that X leave", "accused X of attacking"
FRAMING = frozenset("THREATEN REJECT REQUEST AGREE ACCUSE".split())
BACKGROUND_MARKS = frozenset(
    "after before since because as while when until once following".split()
)


def _frame_scores(sent, cands: list[Candidate]) -> None:  # type: ignore[no-untyped-def]
    """The sentence's main event is the framing act, not what it frames; events in background
    clauses ("after two vehicles were hit", "who overran it", "the occupied West Bank") rank low."""
    doc = sent.doc
    by_i = {c.i: c for c in cands}
    for c in cands:
        tok = doc[c.i]
        if tok.pos_ == "VERB" and tok.dep_ in ("amod", "compound"):
            c.score -= 0.6  # participle used as an adjective
        x = tok
        for _ in range(8):
            if x.head.i == x.i:
                break
            dep, x = x.dep_, x.head
            frame = by_i.get(x.i)
            if (
                frame is not None
                and frame is not c
                and frame.entry.plover in FRAMING
                and dep in ("xcomp", "ccomp", "pcomp", "acl", "pobj", "prep", "dobj", "conj")
                and not (dep == "conj" and frame.entry.plover != c.entry.plover)
            ):
                c.score = min(c.score, frame.score - 0.05)
                break
        # background clauses
        y = tok
        for _ in range(8):
            if y.head.i == y.i:
                break
            if (
                y.dep_ == "relcl"
                or (
                    y.dep_ == "advcl"
                    and any(
                        m.dep_ in ("mark", "prep") and m.lower_ in BACKGROUND_MARKS
                        for m in y.children
                    )
                )
                or (y.dep_ == "pcomp" and y.head.lower_ in BACKGROUND_MARKS)
            ):
                c.score -= 0.3
                break
            y = y.head


def _merge_linked(sent, cands: list[Candidate]) -> list[Candidate]:  # type: ignore[no-untyped-def]
    """Fold a noun trigger into the verb trigger it modifies when both describe one event
    ("killed in an airstrike", "an airstrike killed", "launched an attack" is handled by LIGHT)."""
    by_i = {c.i: c for c in cands}
    doc = sent.doc
    drop: set[int] = set()
    for c in cands:
        target = _fold_target(doc[c.i], c, by_i, drop)
        if target is not None:
            _fold(target, c)
            drop.add(c.i)
    # a relative clause on a merged noun ("a raid that targeted X") is the same event
    owner = {li: c for c in cands for li in c.linked}
    for c in cands:
        tok = doc[c.i]
        if c.i in drop or tok.dep_ not in ("relcl", "acl"):
            continue
        tgt = owner.get(tok.head.i) or (by_i.get(tok.head.i) if tok.head.i not in drop else None)
        if tgt is not None and tgt is not c and tgt.entry.plover == c.entry.plover:
            tgt.linked.append(c.i)
            drop.add(c.i)
    return [c for c in cands if c.i not in drop]


_VIOLENT = frozenset({"ASSAULT", "COERCE"})


def _fold_target(tok, c: Candidate, by_i: dict[int, Candidate], drop: set[int]) -> Candidate | None:  # type: ignore[no-untyped-def]
    """The verb candidate a noun candidate `c` (at `tok`) folds into: the one it hangs from
    (through a preposition), of the same type or both violent; None if there is none."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return None
    head = tok.head
    if c.entry.plover == "CONSULT" and tok.dep_ == "pobj" and head.lower_ == "at":
        return None  # "spoke at the meeting": the meeting is the setting, not the speaking
    if tok.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    if tok.dep_ == "compound":
        return None
    target = by_i.get(head.i)
    if target is None or target is c or target.i in drop:
        return None
    if target.entry.plover == c.entry.plover or (
        target.entry.plover in _VIOLENT and c.entry.plover in _VIOLENT
    ):
        return target
    return None


def _fold(target: Candidate, c: Candidate) -> None:
    """Fold noun candidate `c` into verb candidate `target`: its type, modes and score."""
    if target.entry.plover == "COERCE" and c.entry.plover == "ASSAULT":
        # "an airstrike burned the market": the attack is the event
        target.entry = c.entry
    elif target.entry.source == "cameo" and c.entry.source != "cameo":
        # "reached an agreement": our lexicon noun vouches for the CAMEO verb
        target.entry = Entry(
            c.entry.plover,
            target.entry.modes or c.entry.modes,
            c.entry.context,
            c.entry.source,
        )
        target.score = max(target.score, c.score + 0.3)
    target.linked.append(c.i)
    for m in c.modes:
        if m not in target.modes:
            target.modes.append(m)
    # the specific mode of the noun ("airstrike": aerial) beats the verb's default
    if c.entry.modes and target.entry.plover == "ASSAULT" and c.entry.plover == "ASSAULT":
        target.modes = list(c.entry.modes) + [m for m in target.modes if m not in c.entry.modes]
        target.modes = [target.modes[0]]


def main_candidate(cands: list[Candidate]) -> Candidate | None:
    return max(cands, key=lambda c: c.score) if cands else None
