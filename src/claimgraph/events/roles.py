"""Who did it to whom: actor and recipient noun phrases of an event trigger, from the parse.

Active subjects, passive "by X", "X's airstrike", nominal triggers' "of X", recipients in clauses
nested under the trigger, and the person or group inside a non-person object.
"""

from __future__ import annotations

from typing import Any

from claimgraph.events.blame import in_quotation
from claimgraph.events.custody import (
    CUSTODY_STATE,
    custody_patients,
    takes_typed_agents,
    typed_agent,
)
from claimgraph.events.lexicon import english, lemma
from claimgraph.events.members import class_member
from claimgraph.events.participants import picked_out_by_act
from claimgraph.events.press import is_outlet
from claimgraph.events.words import ENACTING, MEASURES, PERSON_NOUNS, SPAN_PREPS
from claimgraph.events.triggers import (
    DISAPPROVING,
    AGENTIVE,
    Candidate,
    OBJ,
    PASS_SUBJ,
    RECIP_PREPS,
    SPEECH,
    STANCES,
    SUBJ,
    _lem,
    _lexicon_verb,
    _states_a_stance,
    demonyms,
    for_clause,
    is_speech_cue,
)


def _conj(tok) -> list:  # type: ignore[no-untyped-def]
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj" and (c.pos_ in ("NOUN", "PROPN", "PRON") or is_acronym(c)):
            out.extend(_conj(c))
        elif (
            c.dep_ == "appos"
            and tok.ent_type_ == "GPE"
            and c.ent_type_ == "GPE"
            and any(g.dep_ == "conj" for g in c.children)
        ):  # "The US, Russia, and Switzerland": a list parsed as an apposition
            out.extend(_conj(c))
    return out


def _pobj_end(prep) -> int:  # type: ignore[no-untyped-def]
    """End of a preposition's object noun phrase (its own conjuncts included), without the
    appositions and relative clauses hanging off it."""
    objs = [g for g in prep.children if g.dep_ == "pobj"]
    if not objs:
        if any(g.dep_ == "pcomp" for g in prep.children):
            return prep.i  # "the army of attacking civilians": a clause, not part of the name
        return prep.right_edge.i + 1
    end = np_span(objs[0])[1]
    for cj in _conj(objs[0])[1:]:
        end = max(end, np_span(cj)[1])
    return end


def np_span(tok) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """Token span [start, end) of the noun phrase headed by tok: the named entity if tok is in
    one, else the head with its left modifiers and a following "of"-phrase."""
    if tok.ent_type_ and tok.ent_type_ not in ("DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT"):
        doc = tok.doc
        s = tok.i
        while s > 0 and doc[s].ent_iob_ == "I":
            s -= 1
        e = tok.i + 1
        while e < len(doc) and doc[e].ent_iob_ == "I":
            e += 1
        return s, e
    start = tok.i
    for c in tok.lefts:
        if c.dep_ in ("compound", "amod", "nmod", "poss", "nummod", "det", "quantmod", "npadvmod"):
            if c.dep_ == "det" and c.lower_ in ("the", "a", "an"):
                continue
            start = min(start, c.left_edge.i)
    end = tok.i + 1
    # a following phrase is kept up to its object's own noun phrase: "fighters in al-Waer", not
    # "fighters in al-Waer, a district in Homs that was held by the opposition,"
    for c in tok.rights:
        if c.dep_ == "prep" and c.lower_ == "of":
            end = max(end, _pobj_end(c))
        elif (
            c.dep_ == "prep"
            and c.lower_ in ("in", "from")
            and tok.pos_ == "NOUN"
            and any(
                g.dep_ == "pobj"
                and (
                    g.ent_type_ in ("GPE", "LOC")
                    or (
                        c.lower_ == "from"
                        and any(x.ent_type_ in ("NORP", "ORG", "GPE") for x in g.subtree)
                    )
                )
                for g in c.children
            )
        ):  # "a court in Guyana", "rebels in the Ivory Coast", "ministers from the X government"
            end = max(end, _pobj_end(c))
        elif c.dep_ == "compound":
            end = max(end, c.i + 1)
    return start, max(end, _relative_end(tok))


def _relative_end(tok) -> int:  # type: ignore[no-untyped-def]
    """ "Those who escaped": people picked out by what they did keep the relative clause that
    says it (events.participants); any other head ends where it is."""
    if not picked_out_by_act(tok):
        return tok.i + 1
    return max(c.right_edge.i + 1 for c in tok.children if c.dep_ == "relcl")


def _subject(verb):  # type: ignore[no-untyped-def]
    """(subject tokens, passive?) with inheritance from a governing verb for xcomp/conj."""
    v = verb
    for _ in range(4):
        subj = [c for c in v.children if c.dep_ in SUBJ]
        if subj:
            return subj, False
        psubj = [c for c in v.children if c.dep_ in PASS_SUBJ]
        if psubj:
            # "X was pressured to help Y": X is the one who helps
            return psubj, v.i == verb.i or verb.dep_ == "conj"
        if v.dep_ in ("xcomp", "conj", "advcl", "acomp") and v.head.i != v.i:
            v = v.head
            continue
        if v.i == verb.i and v.dep_ == "acl" and v.head.i != v.i and v.tag_ == "VBG":
            issuer = _issuer(v.head)
            if issuer:  # "issued a statement urging X", "sent a letter calling on X"
                return issuer, False
        if v.dep_ in ("relcl", "acl") and v.head.i != v.i:
            # "the convoy attacked by X": a past participle's noun undergoes it; "the forces
            # aiding X": a present participle's noun does it
            return [v.head], v.dep_ == "acl" and v.tag_ != "VBG"
        break
    return [], False


#: what a party issues that can urge, demand or warn by itself ("a statement urging calm")
MESSAGE_NOUNS = frozenset(
    "statement statements letter letters warning warnings message messages resolution "
    "resolutions declaration communique appeal post tweet video notice decree order".split()
)


def _issuer(noun) -> list:  # type: ignore[no-untyped-def]
    """Who issued a message noun: the subject of the verb it is the object of ("Pyongyang issued
    a series of warnings", "the senators sent a letter")."""
    if _lem(noun) not in MESSAGE_NOUNS and noun.lower_ not in MESSAGE_NOUNS:
        return []
    n = noun
    for _ in range(4):
        if n.dep_ == "pobj" and n.head.dep_ == "prep":
            n = n.head.head  # "a series of warnings" -> "series"
            continue
        if n.dep_ in OBJ and n.head.pos_ in ("VERB", "AUX"):
            return [c for c in n.head.children if c.dep_ in SUBJ]
        break
    return []


def _pronoun_antecedent(p):  # type: ignore[no-untyped-def]
    """ "The army denied that it attacked": a subject pronoun inside reported speech is the
    speaker."""
    if p.lower_ not in ("it", "they", "we", "he", "she"):
        return None
    for a in ancestors(p):
        if a.pos_ in ("VERB", "AUX") and _lem(a) in SPEECH:
            if across_quote(p, a) and p.lower_ != "we":
                return None  # a direct quote's "they" is not the one quoted; its "we" is
            subj = [c for c in a.children if c.dep_ in SUBJ and c.pos_ != "PRON"]
            return subj[0] if subj else None
    return None


#: pronouns the actors stage links to the one person named just before (actors.stage._coref)
PERSONAL = frozenset({"he", "she"})
QUOTE_MARKS = frozenset({'"', "\u201c", "\u201d", "``", "''"})


def across_quote(a, b) -> bool:  # type: ignore[no-untyped-def]
    """A quotation mark between two tokens: one is inside a direct quote, the other in the
    attribution clause outside it."""
    lo, hi = sorted((a.i, b.i))
    return any(x.text in QUOTE_MARKS for x in a.doc[lo + 1 : hi])


def _attribution_party(y, t) -> bool:  # type: ignore[no-untyped-def]
    """ "'... shot in the head,' villager Mahmoud told the Telegraph": the subject and the
    addressee of the speech verb outside a quote are its speaker and audience, never the roles
    of the act quoted."""
    while y.dep_ in ("conj", "appos") and y.head.i != y.i:
        y = y.head
    h = y.head
    return (
        h.i != t.i
        and h.pos_ in ("VERB", "AUX")
        and _lem(h) in SPEECH
        and across_quote(y, t)
        and across_quote(t, h)
    )


NON_ROLE_ENTS = frozenset("DATE TIME CARDINAL ORDINAL PERCENT MONEY QUANTITY".split())
# event nouns whose possessor / "of"-phrase is the one it happens to ("X's arrest", "the
# killing of X"), unlike "Russia's airstrike" where the possessor acts
PATIENT_NOUNS = frozenset(
    "arrest detention killing assassination murder death execution abduction kidnapping "
    "capture release removal ouster overthrow expulsion deportation torture rape massacre "
    "surrender imprisonment trial sentencing".split()
)
# prepositions that carry the recipient from a verb nested under the trigger ("threatened to
# impose restrictions against X", "refused to deploy peacekeepers in X")
MUTUAL = frozenset("CONSULT COOPERATE".split())
NESTED_PREPS = frozenset("against on to with from into upon at over".split())
PLACE_PREPS = frozenset("in into to on inside within across throughout near at against".split())


def _bad_role(tok) -> bool:  # type: ignore[no-untyped-def]
    return (
        tok.ent_type_ in NON_ROLE_ENTS
        or tok.dep_ in ("npadvmod", "expl")
        or tok.like_num
        or tok.pos_ in ("NUM", "ADV", "DET")
    )


def _generic(tok) -> bool:  # type: ignore[no-untyped-def]
    """A common-noun object with no name in it ("its troops", "4,000 peacekeepers")."""
    if tok.pos_ == "PROPN" or tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return False
    return not any(
        c.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
        or c.pos_ == "PROPN"
        or c.lower_ in demonyms()
        for c in tok.subtree
        if c.i < tok.i or c.dep_ == "compound"
    )


def is_acronym(tok) -> bool:  # type: ignore[no-untyped-def]
    """An all-capitals name in a mixed-case sentence ("talks between the government and IS"),
    which the tagger may read as a verb ("IS" -> AUX)."""
    return (
        tok.is_alpha
        and tok.is_upper
        and 2 <= len(tok.text) <= 6
        and tok.dep_ not in ("aux", "auxpass", "cop", "neg")
        and any(x.is_lower for x in tok.sent)
    )


DATELINE_DASHES = frozenset({"-", "--", "\u2014", "\u2013"})


def dateline_end(sent) -> int:  # type: ignore[no-untyped-def]
    """Index of the first token after a dateline/credit that opens the sentence ("BEIRUT
    (Reuters) -", "CAIRO, May 3 (AP) --", "Apr 18, Baghdad:"), else `sent.start`. The outlet and
    the dateline place are where the report comes from, not who took part."""
    toks = [t for t in sent[:16] if not t.is_space]
    for k, t in enumerate(toks):
        if t.text not in DATELINE_DASHES and t.text != ":":
            continue
        before = toks[:k]
        if not before or any(
            x.pos_ in ("VERB", "AUX") and not is_acronym(x) and not x.is_upper for x in before
        ):
            return sent.start
        if t.text == ":":
            ok = len(before) <= 6 and any(x.ent_type_ in ("GPE", "LOC", "DATE") for x in before)
        else:
            ok = any(x.text == ")" for x in before) or all(
                x.is_upper or x.is_punct or x.like_num or x.ent_type_ in ("DATE", "GPE")
                for x in before
            )
        return t.i + 1 if ok else sent.start
    return sent.start


def _head_actorish(tok) -> bool:  # type: ignore[no-untyped-def]
    if tok.pos_ == "PROPN" or tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or is_acronym(tok):
        return True
    if tok.lower_ in demonyms():
        return True
    return lemma(tok) in PERSON_NOUNS or tok.lower_ in PERSON_NOUNS


def _actorish_np(tok) -> bool:  # type: ignore[no-untyped-def]
    """An actor head, or a common noun with a name/nationality on its left ("Palestinian
    administrators", "La Prensa newspaper")."""
    if _head_actorish(tok):
        return True
    return any(
        c.i < tok.i
        and c.dep_ in ("amod", "compound", "nmod", "poss")
        and (c.ent_type_ in ("NORP", "GPE", "ORG", "PERSON") or c.lower_ in demonyms())
        for c in tok.children
    )


def _who_in(tok, depth: int = 0) -> list:  # type: ignore[no-untyped-def]
    """The actor-like part of a non-actor noun phrase: "the offices of the X administrators",
    "Palestinian homes", "the removal of X", "X's decision", "an appeal from X"."""
    if depth > 2:
        return []
    out: list = []
    for c in tok.children:
        if c.dep_ in ("poss", "appos") and c.pos_ != "PRON" and _head_actorish(c):
            out.append(c)
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("of", "for", "from", "against", "on", "to", "by"):
            for g in c.children:
                if g.dep_ == "pobj" and not _bad_role(g):
                    if _actorish_np(g):
                        out.append(g)
                    else:
                        out.extend(_who_in(g, depth + 1))
    if not out:
        for c in tok.lefts:
            if c.dep_ in ("amod", "compound", "nmod") and (
                c.ent_type_ in ("NORP", "GPE", "ORG", "PERSON") or c.lower_ in demonyms()
            ):
                out.append(c)
                break
    return out


def _typed_of(tok) -> list:  # type: ignore[no-untyped-def]
    """A typed agent in an "of" phrase: "the case of a reporter", "the release of 40 villagers"
    (acts on people, events.custody)."""
    return [
        g
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for g in c.children
        if g.dep_ == "pobj" and not _bad_role(g) and typed_agent(g)
    ]


def _clause_verbs(t, typ: str) -> list:  # type: ignore[no-untyped-def]
    """Verbs nested under the trigger that carry its content: xcomp chains ("agreed to lift the
    embargo on X"), the object clause of a request/threat ("demanded that X ...")."""
    out: list = []
    frontier = [t]
    for _ in range(3):
        nxt = []
        for v in frontier:
            for c in v.children:
                if c.dep_ == "xcomp" or (c.dep_ == "conj" and c.pos_ == "VERB" and v.i != t.i):
                    nxt.append(c)
                elif c.dep_ == "ccomp" and typ in (
                    "REQUEST",
                    "THREATEN",
                    "ACCUSE",
                    "AGREE",
                    "REJECT",
                    "SUPPORT",
                ):
                    nxt.append(c)
                elif typ == "REQUEST" and for_clause(c):
                    nxt.append(c)
                elif c.dep_ in ("dobj", "obj") and c.pos_ == "NOUN":
                    # "demanded the removal of X": noun objects are searched by _who_in
                    continue
        out.extend(nxt)
        frontier = nxt
    return out


def claims_responsibility(t) -> bool:  # type: ignore[no-untyped-def]
    """The verb of "claimed responsibility" / "took credit": an admission, not an accusation
    or a seizure."""
    return any(c.dep_ == "dobj" and c.lower_ in ("responsibility", "credit") for c in t.children)


def _responsibility_claimant(t):  # type: ignore[no-untyped-def]
    """ "X claimed responsibility for the attack", "X took credit for attacking": X did it."""
    prep = t.head
    if t.dep_ not in ("pobj", "pcomp") or prep.lower_ != "for":
        return None
    above = prep.head  # "responsibility for X", or the verb itself: "took credit for X"
    verb = above.head if above.lower_ in ("responsibility", "credit") else above
    if verb.pos_ != "VERB" or not claims_responsibility(verb):
        return None
    subj, passive = _subject(verb)
    return subj[0] if subj and not passive else None


#: prepositions by which a stated stance names whom it is aimed at ("opposition to X", "concern
#: over X", "a call on X"); "a call for X" names what is asked for, not of whom
STANCE_PREPS = frozenset("to against about over with at on".split())


def _stated_stance(t):  # type: ignore[no-untyped-def]
    """The stance noun a verb of stating states ("reiterated their *opposition*"), or None."""
    if _states_a_stance(t) is None:
        return None
    return next((c for c in t.children if c.dep_ in OBJ and c.lower_ in STANCES), None)


def roles(sent, cand: Candidate) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:  # type: ignore[no-untyped-def]
    """Actor and recipient token spans for a candidate."""
    return _RoleFinder(sent, cand).find()


class _RoleFinder:
    """The parties of one candidate: `actors` and `recips` (tokens) are filled by the rules
    below in order, each looking at what the earlier ones found; `find` turns them into spans.
    Acts on people (arrests, releases): typed agents ("captors", "prison guards",
    "schoolgirls") are their parties too (events.custody)."""

    def __init__(self, sent, cand: Candidate) -> None:  # type: ignore[no-untyped-def]
        self.doc = sent.doc
        self.cand = cand
        self.t = self.doc[cand.i]
        self.actors: list = []
        self.recips: list = []
        self.typ = cand.entry.plover
        self.preps = RECIP_PREPS.get(self.typ, set())
        self.physical = self.typ in ("ASSAULT", "COERCE")
        self.weak: list = []
        self.weak_phys: list = []
        self.spans: dict[int, tuple[int, int]] = {}
        self.dl_end = dateline_end(sent)
        self.typed = takes_typed_agents(self.typ, cand.modes or cand.entry.modes)

    def find(self) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        t = self.t
        if self.cand.entry is CUSTODY_STATE:
            # "X and Y are in jail": they are held; nobody in the clause held them
            self.add(self.recips, custody_patients(t), target=True)
        elif t.pos_ in ("VERB", "AUX", "ADJ"):
            self._verb_trigger()
        else:
            self._noun_trigger()
        return self._spans()

    # ------------------------------------------------------------------ adding a party
    def _typed(self, tok) -> list:  # type: ignore[no-untyped-def]
        if not self.typed:
            return []
        return [tok] if typed_agent(tok) else _typed_of(tok)

    def add(self, lst, toks, *, target: bool = False):  # type: ignore[no-untyped-def]
        for x in toks:
            # "Canada is among countries that banned X": the member, not the class (events.members)
            for y in _conj(class_member(x) or x):
                for z in self._role_tokens(lst, y, target):
                    if z not in lst and z.i != self.t.i:
                        lst.append(z)

    def _party(self, y):  # type: ignore[no-untyped-def]
        """`y` as a party of the act, or None: not the speaker of an attribution, a pronoun's
        antecedent, outside the trigger and the dateline, a quantity's "of X"."""
        if _attribution_party(y, self.t) or _founded(y):
            return None
        if y.pos_ == "PRON" and not picked_out_by_act(y):
            ante = _pronoun_antecedent(y)
            if ante is None and y.lower_ in PERSONAL and not in_quotation(y):
                # "she demanded an end to it": the person the actors stage resolved "she" to,
                # if it did (events.stage._actor drops a pronoun it did not); inside a quote
                # "he" is someone the speaker talks of, rarely the last person named
                return y
            y = ante
            if y is None:
                return None
        if self.cand.start <= y.i < self.cand.end or y.i < self.dl_end:
            return None
        if _bad_role(y):
            # "Thousands of Iraqi Kurds demonstrated", "killed dozens of civilians"
            of = [
                g
                for c in y.children
                if c.dep_ == "prep" and c.lower_ == "of"
                for g in c.children
                if g.dep_ == "pobj"
            ]
            if of:
                y = of[0]
        if _bad_role(y):
            return None
        return y

    def _role_tokens(self, lst, y, target: bool) -> list:  # type: ignore[no-untyped-def]
        y = self._party(y)
        if y is None:
            return []
        y = _what_is_held(y)
        if not target or _head_actorish(y):
            return [y]
        # a name or person inside the phrase first; for acts on people, a typed agent
        # ("schoolgirls", "the case of a reporter") before giving up
        inner = _who_in(y) or self._typed(y)
        if inner:
            return inner
        if not self.physical:
            return []
        if lst is self.recips:
            # a physical target ("the convoy") only when no actor-like one is
            # found ("fired batteries at Russia")
            if y not in self.weak_phys:
                self.weak_phys.append(y)
            return []
        return [y]

    # ------------------------------------------------------------------ a noun's parties
    def noun_roles(self, n, fill_actor: bool = True) -> None:  # type: ignore[no-untyped-def]
        patient = _lem(n) in PATIENT_NOUNS or n.lower_ in PATIENT_NOUNS
        for c in n.children:
            if c.dep_ == "poss":
                if patient:
                    self.add(self.recips, [c], target=True)
                elif fill_actor:
                    self.add(self.actors, [c])
            elif c.dep_ in ("amod", "compound") and c.i < n.i and fill_actor:
                self._noun_modifier(n, c)
            elif c.dep_ == "prep":
                self._noun_prep(c, patient, fill_actor)

    def _noun_modifier(self, n, c) -> None:  # type: ignore[no-untyped-def]
        group = next(
            (
                g
                for g in n.lefts
                if g.i > c.i
                and g.dep_ == "compound"
                and g.pos_ in ("NOUN", "PROPN")
                and _head_actorish(g)
            ),
            None,
        )
        if group is not None and group.ent_type_ not in ("NORP", "GPE", "ORG"):
            # "Syrian army airstrikes": one actor, "Syrian army"
            self.spans[group.i] = (min(c.i, np_span(group)[0]), np_span(group)[1])
            self.add(self.actors, [group])
        elif c.ent_type_ in ("NORP", "GPE", "ORG") or c.lower_ in demonyms():
            self.add(self.actors, [c])
        elif c.dep_ == "compound" and c.pos_ in ("NOUN", "PROPN") and _head_actorish(c):
            self.add(self.actors, [c])  # "a police raid"

    def _noun_prep(self, c, patient: bool, fill_actor: bool) -> None:  # type: ignore[no-untyped-def]
        pobj = [g for g in c.children if g.dep_ == "pobj"]
        if c.lower_ == "by" and fill_actor:
            self.add(self.actors, pobj)
        elif c.lower_ == "between":
            self.add(self.actors, _between(c))
        elif c.lower_ == "of":
            if self.physical or patient:
                self.add(self.recips, pobj, target=True)
        elif c.lower_ in self.preps:
            self.add(self.recips, pobj, target=True)

    # ------------------------------------------------------------------ a verb's targets
    def verb_targets(self, v, nested: bool) -> None:  # type: ignore[no-untyped-def]
        self._verb_objects(v, nested)
        vpreps = self._verb_preps(nested)
        kids = list(v.children)
        kids += [g for c in v.children if c.dep_ == "prt" for g in c.children]  # "up to 16 X"
        for c in kids:
            if c.dep_ == "prep" and c.lower_ in vpreps:
                self.add(self.recips, _pobjs(c), target=True)
            elif c.dep_ == "prep" and c.lower_ == "to" and c.head.dep_ == "prt":
                self.add(self.recips, _pobjs(c), target=True)
        if "with" in self.preps:  # "resumed ties with X", "held talks with X": the partner
            for c in v.children:
                if c.dep_ in OBJ:
                    for p in c.children:
                        if p.dep_ == "prep" and p.lower_ == "with":
                            self.add(self.recips, _pobjs(p), target=True)

    def _verb_preps(self, nested: bool) -> set[str]:
        vpreps = self.preps | (NESTED_PREPS if nested else set())
        if self.typ in ("AID", "AGREE", "CONCEDE") or (self.typed and self.typ == "RETREAT"):
            # "granted bail to X", "handed the hostages over to X"
            vpreps = vpreps | {"to", "for", "on"}
        if self.cand.end - self.cand.start > 1 or self.physical:  # "set fire to X", "hack into X"
            vpreps = vpreps | {"to", "into"}
        if "withdraw" in self.cand.entry.modes and self.typ == "SANCTION":
            vpreps = vpreps | {"from"}  # "withdrew from ECOWAS": the body left
        return vpreps

    def _verb_objects(self, v, nested: bool) -> None:  # type: ignore[no-untyped-def]
        stance = _stated_stance(v)
        for c in v.children:
            if stance is not None and c.i == stance.i:
                continue  # the stance stated is no recipient (its own "to X" is, see below)
            if self.typed and c.dep_ == "dative" and c.pos_ == "ADP":
                # "granted bail to the two activists": the parser's dative "to" holds them
                self.add(self.recips, _pobjs(c), target=True)
                continue
            if (c.dep_ in OBJ or c.dep_ == "dative") and not _press_told(v, c):
                if (nested or self.typ == "RETREAT") and _generic(c):
                    # "willing to withdraw its troops from X", "refused to deploy
                    # peacekeepers in X": the things moved, not the recipient
                    self.weak.append(c)
                    continue
                self.add(self.recips, [c], target=True)

    # ------------------------------------------------------------------ a verb trigger
    def _verb_trigger(self) -> None:
        t, typ = self.t, self.typ
        self._subject_and_objects()
        if not self.actors and t.tag_ == "VBG" and not _lexicon_verb(english(), _lem(t.head)):
            # "Fighting between the army and the RSF continued": a gerund read as a verb (when
            # it is the subject of another act, "Fighting between X and Y killed 12", that
            # act takes X and Y)
            for c in t.children:
                if c.dep_ == "prep" and c.lower_ == "between":
                    self.add(self.actors, _between(c))
        if not self.actors:
            claimant = _responsibility_claimant(t)  # "X took credit for attacking Y"
            if claimant is not None:
                self.add(self.actors, [claimant])
        if not self.recips or typ in ("AID", "AGREE", "CONSULT", "COOPERATE", "RETREAT", "CONCEDE"):
            self.verb_targets(t, nested=False)
        if not self.recips:
            # "demanded that X ...", "called on Arabs to unite against X"
            for v in _clause_verbs(t, typ):
                if v.dep_ == "ccomp" or for_clause(v):
                    s, p = _subject(v)
                    self.add(self.recips, s, target=True)
                if not self.recips:
                    self.verb_targets(v, nested=True)
                if self.recips:
                    break
        # subject that is itself an event ("an airstrike killed"): take its agent
        for a in list(self.actors):
            if a.i in self.cand.linked or _event_gerund(a):
                self.actors.remove(a)
                self.noun_roles(a)
        for li in self.cand.linked:
            n = self.doc[li]
            self.noun_roles(n, fill_actor=not self.actors)

    def _subject_and_objects(self) -> None:
        t = self.t
        subj, passive = _subject(t)
        passive = passive or any(c.dep_ in ("auxpass",) for c in t.children) or _headline_passive(t)
        if passive and self.typ == "ACCUSE" and t.lower_ in DISAPPROVING:
            passive = False  # "the EU is disappointed by the verdict": the EU disapproves
        if passive:
            self.add(self.recips, subj, target=True)
            self._passive_agents(t)
            return
        self.add(self.actors, subj)
        stance = _stated_stance(t)
        for c in t.children:
            if stance is not None and c.i == stance.i:
                # "reiterated their opposition to X": the stance is what is said, X (a
                # party, if one) is the one it is aimed at
                for p in c.children:
                    if p.dep_ == "prep" and p.lower_ in STANCE_PREPS:
                        self.add(self.recips, _pobjs(p), target=True)
            elif (c.dep_ in OBJ or c.dep_ == "dative") and not _press_told(t, c):
                self.add(self.recips, [c], target=True)

    def _passive_agents(self, t: Any) -> None:
        """The "by" party of a passive verb; "threatened with economic consequences by China":
        the parser hangs the agent on the instrument."""
        for c in t.children:
            if c.dep_ == "agent":
                self.add(self.actors, _pobjs(c))
            elif c.dep_ == "prep" and c.lower_ == "with" and not self.actors:
                for g in _pobjs(c):
                    for by in g.children:
                        if by.dep_ == "prep" and by.lower_ == "by":
                            self.add(self.actors, _pobjs(by))

    # ------------------------------------------------------------------ a noun trigger
    def _noun_trigger(self) -> None:
        """The noun's own modifiers, then each rule below in turn (most fire only while no
        actor, or no recipient, has been found)."""
        t = self.t
        self.noun_roles(t)
        for li in self.cand.linked:  # "airstrikes targeting X": the merged verb's targets
            v = self.doc[li]
            if v.pos_ == "VERB" and not self.recips:
                self.verb_targets(v, nested=False)
        for rule in (
            _RoleFinder._between_after_be,
            _RoleFinder._deal_about,
            _RoleFinder._demand_that,
            _RoleFinder._in_talks,
            _RoleFinder._measure_announced,
            _RoleFinder._visit_speaker,
            _RoleFinder._object_of_verb,
            _RoleFinder._claimant,
            _RoleFinder._subject_of_verb,
        ):
            rule(self)

    def _between_after_be(self) -> None:
        t = self.t
        if t.dep_ in SUBJ and _lem(t.head) == "be" and not self.actors:
            # "the deal was the first between X and Y"
            for a in t.head.children:
                if a.dep_ in ("attr", "acomp"):
                    for x in a.subtree:
                        if x.dep_ == "prep" and x.lower_ == "between":
                            self.add(self.actors, _between(x))

    def _deal_about(self) -> None:
        if self.typ == "AGREE" and not self.recips:
            # "a deal to evacuate X fighters": the party the deal is about
            for c in self.t.children:
                if c.pos_ == "VERB" and (
                    c.dep_ == "acl"
                    or (
                        c.dep_ == "relcl"
                        and any(x.dep_ == "aux" and x.lower_ == "to" for x in c.children)
                    )
                ):
                    self.verb_targets(c, nested=True)

    def _demand_that(self) -> None:
        if self.typ in ("REQUEST", "THREATEN", "ACCUSE") and not self.recips:
            # "its demand that X ease restrictions"
            for c in self.t.children:
                if c.dep_ in ("ccomp", "acl") and c.pos_ in ("VERB", "AUX"):
                    s_, _p = _subject(c)
                    self.add(self.recips, [x for x in s_ if x.head.i == c.i], target=True)

    def _in_talks(self) -> None:
        t = self.t
        head = t.head
        if (
            not self.actors
            and t.dep_ == "pobj"
            and head.lower_ in ("in", "into")
            and head.head.i != head.i
        ):
            # "X is in talks with Y", "X entered into negotiations with Y", headline "X in talks with Y"
            h = head.head
            if _lem(h) in IN_EVENT_VERBS:
                subj, passive = _subject(h)
                if not passive:
                    self.add(self.actors, subj)
                if not subj and h.dep_ == "ROOT" and _head_actorish(h):
                    self.add(self.actors, [h])

    def _measure_announced(self) -> None:
        t = self.t
        head = t.head
        if not self.actors and self.typ in MEASURES and t.dep_ in OBJ and _lem(head) in ENACTING:
            # "retaliated by announcing new tariffs": who announces a measure imposes it
            self.add(self.actors, _subject(_out_of_pcomp(head))[0])

    def _visit_speaker(self) -> None:
        t = self.t
        if not self.actors and self.typ == "CONSULT" and _in_span_of(t):
            # "During a visit to Kabul, the minister said": the one who speaks took part
            subj, passive = _subject(t.head.head)
            if not passive:
                self.add(self.actors, subj)

    def _object_of_verb(self) -> None:
        t = self.t
        head = t.head
        if t.dep_ in OBJ and head.pos_ == "VERB" and not self.actors:
            # "launched an attack": the launcher did it; "confirmed X's killing", "condemned the
            # attack": the one who talks about it did not; "suffered an attack": the sufferer
            # was its target
            subj, passive = _subject(head)
            if not passive and _lem(head) in UNDERGO_VERBS:
                self.add(self.recips, subj, target=True)
            elif not passive and not self.physical and _lem(head) in RECEIVING_VERBS:
                # "Lai's plight has received bipartisan support", "the move drew criticism from
                # rights groups": the subject is given it; who gives it comes with "from"
                self.add(self.recips, subj, target=True)
                froms = [
                    c
                    for c in [*head.children, *t.children]
                    if c.dep_ == "prep" and c.lower_ == "from"
                ]
                self.add(self.actors, [g for c in froms for g in _pobjs(c)])
            elif not passive and not is_speech_cue(head) and _lem(head) not in REPORTING_VERBS:
                self.add(self.actors, subj)

    def _claimant(self) -> None:
        if not self.actors:
            claimant = _responsibility_claimant(self.t)
            if claimant is not None:
                self.add(self.actors, [claimant])

    def _subject_of_verb(self) -> None:
        t = self.t
        head = t.head
        if t.dep_ in SUBJ and head.pos_ == "VERB" and not self.recips:
            for c in head.children:
                if c.dep_ in OBJ:
                    self.add(self.recips, [c], target=True)

    # ------------------------------------------------------------------ tokens -> spans
    def _spans(self) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        doc, t, typ, typed = self.doc, self.t, self.typ, self.typed
        actors = self.actors
        acts = [self.spans.get(x.i) or np_span(x) for x in actors]
        acts = [
            a
            for a in acts
            if is_actorish(doc[a[0] : a[1]]) or (typed and typed_agent(doc[a[0] : a[1]].root))
        ]
        if not acts and t.pos_ == "NOUN" and (_lem(t) in AGENTIVE or t.lower_ in AGENTIVE):
            acts = [np_span(t)]  # "Demonstrators flooded the streets": who protested is the trigger
        if not self.recips and typ in MUTUAL and len(actors) >= 2:
            # "X and Y met": each side is the other's counterpart
            self.recips = list(actors)
            acts_keep = [np_span(x) for x in actors]
            recs = [r for r in acts_keep if is_actorish(doc[r[0] : r[1]])]
            return _dedupe(acts), _dedupe(recs)
        if not self.recips and self.weak_phys:
            self.recips = list(self.weak_phys)
        if not self.recips:
            self.recips = _place_target(t, acts, venue=typ in VENUE_TYPES and bool(acts))
        if not self.recips and self.weak:
            self.add(self.recips, self.weak, target=True)
        return _dedupe(acts), _dedupe(self._recipient_spans(acts))

    def _recipient_spans(self, acts: list[tuple[int, int]]) -> list[tuple[int, int]]:
        doc = self.doc
        recs = [np_span(x) for x in self.recips]
        recs = [
            r
            for r in recs
            if r not in acts and not any(a[0] <= r[0] and r[1] <= a[1] for a in acts)
        ]
        if (
            self.physical
        ):  # physical targets count ("the convoy", "the village"), event nouns do not
            # (people named by what they do are people: "killed eight protesters")
            recs = [r for r in recs if _person_noun(doc[r[0] : r[1]].root) or (
                _lem(doc[r[0] : r[1]].root) not in english().single
                and (_lem(doc[r[0] : r[1]].root), "N") not in english().single
            )]  # fmt: skip
        else:
            recs = [
                r
                for r in recs
                if is_actorish(doc[r[0] : r[1]])
                or (self.typed and typed_agent(doc[r[0] : r[1]].root))
            ]
        return recs


def _event_gerund(a) -> bool:  # type: ignore[no-untyped-def]
    """A subject that is itself an act, a gerund the tagger read as a verb ("Fighting between X
    and Y killed 12"); an event noun is folded into the verb as a linked trigger instead ("an
    airstrike killed"), and an agent noun in the lexicon ("gunmen") stays the actor."""
    return a.tag_ == "VBG" and _lexicon_verb(english(), _lem(a))


#: nouns of holding that stand for what is held: "take control of the train"
HOLDING = frozenset("control custody possession command".split())


def _what_is_held(y):  # type: ignore[no-untyped-def]
    """ "seized control of the town", "took custody of the detainees": the town, the detainees."""
    if _lem(y) not in HOLDING:
        return y
    held = [g for c in y.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
            if g.dep_ == "pobj"]  # fmt: skip
    return held[0] if held else y


def _press_told(v, c) -> bool:  # type: ignore[no-untyped-def]
    """The outlet a source speaks to is its audience: "told VOA's Korean Service the U.N. must
    maintain sanctions" asks it of the U.N., the clause's subject, not of VOA."""
    return _lem(v) in SPEECH and is_outlet(c)


def _pobjs(prep) -> list:  # type: ignore[no-untyped-def]
    """The objects of a preposition."""
    return [g for g in prep.children if g.dep_ == "pobj"]


def _out_of_pcomp(verb):  # type: ignore[no-untyped-def]
    """ "retaliated by announcing X": the verb whose subject also announces."""
    if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.pos_ == "VERB":
        return verb.head.head
    return verb


def _in_span_of(t) -> bool:  # type: ignore[no-untyped-def]
    """ "during a visit": an event noun spanning the act of the clause it modifies."""
    return t.dep_ == "pobj" and t.head.lower_ in SPAN_PREPS and t.head.head.pos_ == "VERB"


#: verbs whose subject talks about, sees or judges the event named by their object
REPORTING_VERBS = frozenset(
    "confirm report condemn denounce deny investigate probe announce praise welcome criticize "
    "criticise blame witness see watch describe document mark remember recall discuss debate "
    "monitor fear expect predict mourn commemorate hear cover film decry deplore hail "
    "acknowledge verify dispute reject oppose support back applaud".split()
)
#: verbs whose subject is the event's target ("the city suffered an attack")
UNDERGO_VERBS = frozenset("suffer survive escape endure experience undergo face".split())
#: verbs of being given a non-physical act: "received support", "drew criticism", "won backing"
RECEIVING_VERBS = frozenset("receive get win draw earn garner attract enjoy gain".split())
IN_EVENT_VERBS = frozenset("be engage enter remain hold join take is".split())
# verbs whose headline past participle reads as a passive ("Rebel leader killed in air strike")
HEADLINE_PASSIVE = frozenset(
    "kill wound injure hurt arrest detain capture abduct kidnap shoot execute behead "
    "displace seize".split()
)


def _headline_passive(t) -> bool:  # type: ignore[no-untyped-def]
    """ "X killed in a Russian airstrike": a bare participle with no object whose "in/during"
    phrase names the attack is the passive of headlines and captions."""
    if t.tag_ not in ("VBD", "VBN") or _lem(t) not in HEADLINE_PASSIVE:
        return False
    if any(c.dep_ in OBJ or c.dep_ in ("aux", "ccomp", "xcomp") for c in t.children):
        return False
    lex = english()
    for c in t.children:
        if c.dep_ == "prep" and c.lower_ in ("in", "during", "by"):
            for g in c.children:
                if g.dep_ == "pobj" and (
                    c.lower_ == "by" or (_lem(g), "N") in lex.single or (_lem(g), "*") in lex.single
                ):
                    return True
    return False


UNNAMED_PLACES = frozenset(
    "stronghold bastion town city village base district neighbourhood neighborhood area camp "
    "enclave pocket outpost hub capital border crossing airport port province".split()
)


def unnamed_place_object(sent, cand: Candidate) -> str | None:  # type: ignore[no-untyped-def]
    """The noun of an unnamed place the event acts on ("captured the group's last stronghold
    in X", "the town was shelled"), or None when the place is named ("captured Raqqa")."""
    t = sent.doc[cand.i]
    objs = [c for c in t.children if c.dep_ in ("dobj", "obj", "nsubjpass")]
    if t.pos_ == "NOUN":
        objs += [
            g
            for c in t.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for g in c.children
            if g.dep_ == "pobj"
        ]
    for o in objs:
        if o.ent_type_ in ("GPE", "LOC", "FAC") or o.pos_ == "PROPN":
            continue
        if _lem(o) in UNNAMED_PLACES or o.lower_ in UNNAMED_PLACES:
            return o.lower_
    return None


def _between(prep) -> list:  # type: ignore[no-untyped-def]
    """The parties of "between A and B"; B too when the parser hung it elsewhere ("between the
    government and IS" with IS read as a verb)."""
    out = [g for g in prep.children if g.dep_ == "pobj"]
    for g in list(out):
        if any(c.dep_ == "conj" for c in g.children):
            continue
        cc = [c for c in g.children if c.dep_ == "cc" and c.lower_ == "and"]
        if cc and cc[0].i + 1 < len(g.doc):
            nxt = g.doc[cc[0].i + 1]
            while nxt.dep_ in ("det", "compound", "amod") and nxt.head.i > nxt.i:
                nxt = nxt.head
            if nxt.i < g.sent.end and _head_actorish(nxt):
                out.append(nxt)
    return out


#: meetings and deals: a place in a locative phrase is where they are held ("X convened talks in
#: Geneva"), not a party to them (kept only when the sentence names no party at all: "talks in
#: Stockholm", whose parties another sentence names)
VENUE_TYPES = frozenset("CONSULT COOPERATE AGREE".split())
VENUE_PREPS = frozenset("in at inside within near".split())
#: what these verbs' object names is brought into being, not a party ("declared a Caliphate")
FOUNDING_VERBS = frozenset("declare proclaim found establish form create".split())


def _founded(tok) -> bool:  # type: ignore[no-untyped-def]
    if tok.dep_ in OBJ and _lem(tok.head) in FOUNDING_VERBS:
        return True
    # "declared a Caliphate and its fighters began ...": parsed as the subject of a clause
    # complement, the indefinite noun phrase right after the verb is still what it declared
    v = tok.head
    return (
        tok.dep_ in SUBJ
        and v.dep_ == "ccomp"
        and _lem(v.head) in FOUNDING_VERBS
        and tok.left_edge.i == v.head.i + 1
        and tok.left_edge.lower_ in ("a", "an")
    )


def _place_target(t, acts, venue: bool = False) -> list:  # type: ignore[no-untyped-def]
    """No recipient found: a named place the action is directed at or happens in ("lifted the
    curfew in X", "troops arrived in X", "exploded bombs in the capital Kabul") stands for its
    population or government, as PLOVER/CAMEO coders record it."""
    root = t
    if t.pos_ in ("NOUN", "PROPN") and t.head.pos_ == "VERB" and t.dep_ in OBJ:
        root = t.head
    for x in root.subtree:
        if x.ent_type_ not in ("GPE", "LOC", "NORP") or x.ent_iob_ != "B":
            continue
        if any(a[0] <= x.i < a[1] for a in acts):
            continue
        # not across a clause boundary ("... a pathologist sent to Israel")
        path: list[Any] = []
        y = x
        while y.i != root.i and y.head.i != y.i and len(path) < 12:
            path.append(y)
            y = y.head
        if any(p.dep_ in ("relcl", "acl", "advcl", "ccomp", "parataxis") for p in path):
            continue
        # the entity's head word must hang off a place preposition (or be its appositive)
        s, e = x.i, x.i + 1
        while e < len(x.doc) and x.doc[e].ent_iob_ == "I":
            e += 1
        head = x.doc[s:e].root
        h = head.head
        if head.dep_ in ("appos", "compound") and h.dep_ == "pobj":
            head, h = h, h.head
        if head.dep_ == "pobj" and h.lower_ in PLACE_PREPS:
            if venue and h.lower_ in VENUE_PREPS:
                continue
            return [x.doc[s:e].root]
        if head.dep_ in ("amod", "compound") and head.ent_type_ == "NORP":
            continue
    return []


def _person_noun(tok) -> bool:  # type: ignore[no-untyped-def]
    return lemma(tok) in PERSON_NOUNS or tok.lower_ in PERSON_NOUNS


def is_actorish(span_toks) -> bool:  # type: ignore[no-untyped-def]
    """A span that can be an actor/recipient: a name, a group noun, a demonym, "he" or "she"
    (kept for the actors stage's coreference; the events stage drops one it did not resolve)."""
    if len(span_toks) == 1 and span_toks[0].lower_ in PERSONAL:
        return True
    for t in span_toks:
        if t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or is_acronym(t):
            return True
        if t.lower_ in demonyms():
            return True
    head = span_toks.root
    return lemma(head) in PERSON_NOUNS or head.lower_ in PERSON_NOUNS


def _dedupe(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s in spans:
        if any(o[0] <= s[0] and s[1] <= o[1] for o in out):
            continue
        out = [o for o in out if not (s[0] <= o[0] and o[1] <= s[1])]
        out.append(s)
    return out


def ancestors(tok):  # type: ignore[no-untyped-def]
    out = []
    while tok.head.i != tok.i and len(out) < 20:
        tok = tok.head
        out.append(tok)
    return out
