"""Sentence-level event extraction over a spaCy parse: triggers, roles, size, modality, attribution.

In: a spaCy sentence `Span` (offsets relative to its segment). Out: `Candidate` records with token
indices; `claimgraph.events.stage` turns them into `EventMention`s with absolute offsets.
Nothing here knows about seeds or particular names: rules key on parse relations and lexicons.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from claimgraph.events.lexicon import Entry, english, lemma
from claimgraph.resources import data_path

# verbs that introduce reported speech: cues for attribution, not events themselves
SPEECH = frozenset(
    "say tell report announce state add note claim confirm deny insist explain declare assert "
    "affirm acknowledge admit stress indicate reveal write tweet quote cite allege suggest "
    "believe think know learn hear show argue reiterate emphasize emphasise disclose comment "
    "dismiss refute".split()
)
DENY = frozenset("deny refute dismiss reject".split())
DENY_OBJECTS = frozenset(
    "allegation claim report news rumor rumour story accusation charge it that this this".split()
)
REPORT_CUES = frozenset("report cite quote".split())
LIGHT = frozenset(
    "launch carry conduct stage mount make begin start continue resume escalate intensify "
    "undertake perform wage unleash step have take give receive suffer come".split()
)
PLAN_HEADS = frozenset(
    "plan aim intend expect schedule prepare seek want hope decide vow pledge promise try "
    "attempt set agree plot threaten propose offer consider".split()
)
NON_EVENT_HEADS = frozenset(
    "aim plan expect schedule seek want hope decide try attempt set consider going".split()
)
AGENTIVE = frozenset(
    "protester protestor demonstrator rioter gunman gunmen sniper bomber militant "
    "suicide bomber".split()
)
PLAN_AMODS = frozenset("planned scheduled upcoming proposed future expected planned".split())
HEDGES = frozenset("reportedly allegedly apparently purportedly supposedly presumably".split())
HEDGE_SPEAKERS = frozenset("source sources activist activists witness witnesses resident residents".split())
MODAL_HYPO = frozenset("could might may would".split())
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
    "SUPPORT": {"for"},
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


def _posclass(tok) -> str:  # type: ignore[no-untyped-def]
    if tok.pos_ in ("VERB",):
        return "V"
    if tok.pos_ in ("NOUN", "PROPN"):
        return "N"
    if tok.pos_ == "ADJ":
        return "A"
    if tok.pos_ == "AUX":
        return "X"
    return "?"


def _obj_words(tok) -> set[str]:  # type: ignore[no-untyped-def]
    words: set[str] = set()
    for c in tok.children:
        if c.dep_ in OBJ or c.dep_ in ("prt", "oprd", "nsubjpass"):
            words.add(_lem(c))
            words.add(c.lower_)
            for cc in c.children:
                if cc.dep_ in ("compound", "amod"):
                    words.add(cc.lower_)
        if c.dep_ in ("prep", "agent"):
            words.add(c.lower_)
            for g in c.children:
                if g.dep_ == "pobj":
                    words.add(_lem(g))
                    words.add(g.lower_)
        if c.dep_ == "xcomp":
            for g in c.children:
                if g.dep_ in OBJ:
                    words.add(_lem(g))
    return words


def _depth(tok) -> int:  # type: ignore[no-untyped-def]
    d = 0
    while tok.head is not tok and d < 30:
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
    return any(c.dep_ in ("ccomp", "parataxis") for c in tok.children) or any(
        c.dep_ in ("ccomp", "parataxis") and c.head is tok for c in tok.head.children
    ) or tok.dep_ in ("parataxis", "ROOT", "conj", "advcl")


MUST_REQUEST = Entry("REQUEST", (), (), "rule")
BROKERED_PLAN = Entry("AGREE", (), ("diplomatic",), "rule")
PLAN_NOUNS = frozenset("plan proposal initiative roadmap arrangement scheme".split())
BROKERED = re.compile(r"(?:brokered|sponsored|backed|mediated|agreed|negotiated)$")
MUST_AUX = frozenset("must should".split())


def _must_clause(tok) -> bool:  # type: ignore[no-untyped-def]
    for c in tok.children:
        if c.dep_ == "ccomp" and any(a.dep_ == "aux" and a.lower_ in MUST_AUX for a in c.children):
            return any(x.dep_ in SUBJ and x.pos_ != "PRON" for x in c.children)
    return False


def find_triggers(sent, *, lex=None) -> list[Candidate]:  # type: ignore[no-untyped-def]
    """All trigger candidates in a sentence, one per head token, best entry first."""
    lex = lex or english()
    toks = list(sent)
    lems = [_lem(t) for t in toks]
    used: set[int] = set()
    cands: list[Candidate] = []
    # multiword phrases first
    for k, t in enumerate(toks):
        for n in range(min(lex.max_phrase, len(toks) - k), 1, -1):
            key = tuple(lems[k : k + n])
            hit = lex.phrases.get(key)
            if hit is None:
                low = tuple(x.lower_ for x in toks[k : k + n])
                hit = lex.phrases.get(low)
            if hit is None:
                continue
            pos, entry = hit
            span = toks[k : k + n]
            # head of the phrase: the token whose head lies outside the phrase
            head = next((x for x in span if x.head not in span or x.head is x), span[-1])
            if pos == "V" and not any(x.pos_ == "VERB" for x in span):
                continue
            cands.append(Candidate(head.i, span[0].i, span[-1].i + 1, entry, 1.3))
            used.update(x.i for x in span)
            break
    for k, t in enumerate(toks):
        if t.i in used:
            continue
        pc = _posclass(t)
        if pc not in ("V", "N", "A"):
            continue
        lem = lems[k]
        entry: Entry | None = None
        score = 1.0
        if pc == "V" and is_speech_cue(t) and lem not in ("accuse", "allege", "claim"):
            if lem not in DENY and _must_clause(t):
                # "X said that Y must withdraw": a demand on Y
                cands.append(Candidate(t.i, t.i, t.i + 1, MUST_REQUEST, 1.1))
                continue
            if lem not in DENY or any(c.dep_ in ("ccomp",) for c in t.children):
                continue
            objs = _obj_words(t)
            if lem in DENY and objs & DENY_OBJECTS:
                continue
        if pc == "V" and lem in LIGHT and lem not in lex.with_obj:
            continue
        if pc == "V" and lem in NON_EVENT_HEADS and any(c.dep_ == "xcomp" for c in t.children):
            continue
        if pc == "N" and (lem in AGENTIVE or t.lower_ in AGENTIVE) and not (
            t.dep_ in SUBJ and _lem(t.head) not in lex.single and _lem(t.head) not in lex.cameo
        ):
            continue
        objs = _obj_words(t) if pc == "V" else set()
        if pc == "V" and lem in lex.with_obj:
            for o in objs:
                if o in lex.with_obj[lem]:
                    entry = lex.with_obj[lem][o]
                    score = 1.2
                    break
        if entry is None and pc == "V" and lem == "take" and any(
            c.dep_ in PASS_SUBJ and (c.pos_ == "PROPN" or c.ent_type_ in ("GPE", "LOC", "FAC"))
            for c in t.children
        ):
            entry, score = lex.with_obj["take"]["town"], 1.2
        if entry is None:
            entry = lex.single.get((lem, pc)) or lex.single.get((lem, "*"))
            if entry is None and pc == "N" and t.lower_ != lem:
                entry = lex.single.get((t.lower_, pc)) or lex.single.get((t.lower_, "*"))
        if entry is None and pc == "N" and lem in PLAN_NOUNS and any(
            BROKERED.search(c.lower_) for c in t.children if c.dep_ in ("amod", "acl", "compound")
        ):  # "a U.N.-brokered plan", "the plan, brokered by the UN"
            entry = BROKERED_PLAN
        if entry is None and pc == "V" and lem in lex.cameo_obj:
            for o in objs:
                e = lex.cameo_obj[lem].get(o)
                if e is not None:
                    entry, score = e, 0.8
                    break
        if entry is None and pc == "V" and lem in lex.cameo:
            entry, score = lex.cameo[lem], 0.6
        if entry is None:
            continue
        if pc == "N":
            score -= 0.25
        if pc == "A":
            if not any(c.dep_ == "xcomp" for c in t.children):
                continue
            score -= 0.1
        cands.append(Candidate(t.i, t.i, t.i + 1, entry, score))
    for c in cands:
        tok = sent.doc[c.i]
        c.score += TYPE_PRIORITY.get(c.entry.plover, 0.0) - 0.08 * min(_depth(tok), 6)
        if tok.pos_ == "VERB":
            c.score += 0.3
        c.modes = list(c.entry.modes)
    _frame_scores(sent, cands)
    cands.sort(key=lambda c: c.i)
    return _merge_linked(sent, cands)


# types whose complement clause is their content, not a second event: "threatened to impose",
# "refused to lift", "agreed to withdraw", "demanded that X leave", "accused X of attacking"
FRAMING = frozenset("THREATEN REJECT REQUEST AGREE ACCUSE".split())
BACKGROUND_MARKS = frozenset("after before since because as while when until once following".split())


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
            if x.head is x:
                break
            dep, x = x.dep_, x.head
            frame = by_i.get(x.i)
            if frame is not None and frame is not c and frame.entry.plover in FRAMING and dep in (
                "xcomp", "ccomp", "pcomp", "acl", "pobj", "prep", "dobj", "conj"
            ) and not (dep == "conj" and frame.entry.plover != c.entry.plover):
                c.score = min(c.score, frame.score - 0.05)
                break
        # background clauses
        y = tok
        for _ in range(8):
            if y.head is y:
                break
            if y.dep_ == "relcl" or (y.dep_ == "advcl" and any(
                m.dep_ in ("mark", "prep") and m.lower_ in BACKGROUND_MARKS for m in y.children
            )) or (y.dep_ == "pcomp" and y.head.lower_ in BACKGROUND_MARKS):
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
        tok = doc[c.i]
        if tok.pos_ not in ("NOUN", "PROPN"):
            continue
        head = tok.head
        if tok.dep_ == "pobj" and head.dep_ == "prep":
            head = head.head
        if tok.dep_ == "compound":
            continue
        target = by_i.get(head.i)
        if target is None or target is c or target.i in drop:
            continue
        violent = {"ASSAULT", "COERCE"}
        if target.entry.plover == c.entry.plover or (
            target.entry.plover in violent and c.entry.plover in violent
        ):
            if target.entry.plover == "COERCE" and c.entry.plover == "ASSAULT":
                # "an airstrike burned the market": the attack is the event
                target.entry = c.entry
            elif target.entry.source == "cameo" and c.entry.source != "cameo":
                # "reached an agreement": our lexicon noun vouches for the CAMEO verb
                target.entry = Entry(c.entry.plover, target.entry.modes or c.entry.modes,
                                     c.entry.context, c.entry.source)
                target.score = max(target.score, c.score + 0.3)
            target.linked.append(c.i)
            for m in c.modes:
                if m not in target.modes:
                    target.modes.append(m)
            # the specific mode of the noun ("airstrike": aerial) beats the verb's default
            if c.entry.modes and target.entry.plover == "ASSAULT" and c.entry.plover == "ASSAULT":
                target.modes = list(c.entry.modes) + [
                    m for m in target.modes if m not in c.entry.modes
                ]
                target.modes = [target.modes[0]]
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


def main_candidate(cands: list[Candidate]) -> Candidate | None:
    return max(cands, key=lambda c: c.score) if cands else None


# ------------------------------------------------------------------ roles


def _conj(tok) -> list:  # type: ignore[no-untyped-def]
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj" and (c.pos_ in ("NOUN", "PROPN", "PRON") or is_acronym(c)):
            out.extend(_conj(c))
        elif (
            c.dep_ == "appos" and tok.ent_type_ == "GPE" and c.ent_type_ == "GPE"
            and any(g.dep_ == "conj" for g in c.children)
        ):  # "The US, Russia, and Switzerland": a list parsed as an apposition
            out.extend(_conj(c))
    return out


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
    for c in tok.rights:
        if c.dep_ == "prep" and c.lower_ == "of":
            end = max(end, c.right_edge.i + 1)
        elif c.dep_ == "prep" and c.lower_ in ("in", "from") and tok.pos_ == "NOUN" and any(
            g.dep_ == "pobj" and (g.ent_type_ in ("GPE", "LOC") or (
                c.lower_ == "from" and any(x.ent_type_ in ("NORP", "ORG", "GPE") for x in g.subtree)))
            for g in c.children
        ):  # "a court in Guyana", "rebels in the Ivory Coast", "ministers from the X government"
            end = max(end, c.right_edge.i + 1)
        elif c.dep_ == "compound":
            end = max(end, c.i + 1)
    return start, end


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
            return psubj, v is verb or verb.dep_ == "conj"
        if v.dep_ in ("xcomp", "conj", "advcl", "acomp") and v.head is not v:
            v = v.head
            continue
        if v.dep_ in ("relcl", "acl") and v.head is not v:
            return [v.head], v.dep_ == "acl"
        break
    return [], False


def _pronoun_antecedent(p):  # type: ignore[no-untyped-def]
    """"The army denied that it attacked": a subject pronoun inside reported speech is the
    speaker."""
    if p.lower_ not in ("it", "they", "we", "he", "she"):
        return None
    for a in _ancestors(p):
        if a.pos_ in ("VERB", "AUX") and _lem(a) in SPEECH:
            subj = [c for c in a.children if c.dep_ in SUBJ and c.pos_ != "PRON"]
            return subj[0] if subj else None
    return None


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
        c.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or c.pos_ == "PROPN" or c.lower_ in demonyms()
        for c in tok.subtree
        if c.i < tok.i or c.dep_ == "compound"
    )


def is_acronym(tok) -> bool:  # type: ignore[no-untyped-def]
    """An all-capitals name in a mixed-case sentence ("talks between the government and IS"),
    which the tagger may read as a verb ("IS" -> AUX)."""
    return (
        tok.is_alpha and tok.is_upper and 2 <= len(tok.text) <= 6
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
        if not before or any(x.pos_ in ("VERB", "AUX") and not is_acronym(x) and not x.is_upper for x in before):
            return sent.start
        if t.text == ":":
            ok = len(before) <= 6 and any(x.ent_type_ in ("GPE", "LOC", "DATE") for x in before)
        else:
            ok = any(x.text == ")" for x in before) or all(
                x.is_upper or x.is_punct or x.like_num or x.ent_type_ in ("DATE", "GPE") for x in before
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
        c.i < tok.i and c.dep_ in ("amod", "compound", "nmod", "poss")
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


def _clause_verbs(t, typ: str) -> list:  # type: ignore[no-untyped-def]
    """Verbs nested under the trigger that carry its content: xcomp chains ("agreed to lift the
    embargo on X"), the object clause of a request/threat ("demanded that X ...")."""
    out: list = []
    frontier = [t]
    for _ in range(3):
        nxt = []
        for v in frontier:
            for c in v.children:
                if c.dep_ == "xcomp" or (c.dep_ == "conj" and c.pos_ == "VERB" and v is not t):
                    nxt.append(c)
                elif c.dep_ == "ccomp" and typ in ("REQUEST", "THREATEN", "ACCUSE", "AGREE", "REJECT", "SUPPORT"):
                    nxt.append(c)
                elif c.dep_ in ("dobj", "obj") and c.pos_ == "NOUN":
                    # "demanded the removal of X": noun objects are searched by _who_in
                    continue
        out.extend(nxt)
        frontier = nxt
    return out


def roles(sent, cand: Candidate) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:  # type: ignore[no-untyped-def]
    """Actor and recipient token spans for a candidate."""
    doc = sent.doc
    t = doc[cand.i]
    actors: list = []
    recips: list = []
    typ = cand.entry.plover
    preps = RECIP_PREPS.get(typ, set())
    physical = typ in ("ASSAULT", "COERCE")
    weak: list = []
    weak_phys: list = []
    spans: dict[int, tuple[int, int]] = {}
    dl_end = dateline_end(sent)

    def add(lst, toks, *, target: bool = False):  # type: ignore[no-untyped-def]
        for x in toks:
            for y in _conj(x):
                if y.pos_ == "PRON":
                    y = _pronoun_antecedent(y)
                    if y is None:
                        continue
                if cand.start <= y.i < cand.end or y.i < dl_end:
                    continue
                if _bad_role(y):
                    # "Thousands of Iraqi Kurds demonstrated", "killed dozens of civilians"
                    of = [g for c in y.children if c.dep_ == "prep" and c.lower_ == "of"
                          for g in c.children if g.dep_ == "pobj"]
                    if of:
                        y = of[0]
                if _bad_role(y):
                    continue
                ys = [y]
                if target and not _head_actorish(y):
                    inner = _who_in(y)
                    if inner:
                        ys = inner
                    elif not physical:
                        continue
                    elif lst is recips:
                        # a physical target ("the convoy") only when no actor-like one is
                        # found ("fired batteries at Russia")
                        if y not in weak_phys:
                            weak_phys.append(y)
                        continue
                for z in ys:
                    if z not in lst and z is not t:
                        lst.append(z)

    def noun_roles(n, fill_actor=True):  # type: ignore[no-untyped-def]
        patient = _lem(n) in PATIENT_NOUNS or n.lower_ in PATIENT_NOUNS
        for c in n.children:
            if c.dep_ == "poss":
                if patient:
                    add(recips, [c], target=True)
                elif fill_actor:
                    add(actors, [c])
            elif c.dep_ in ("amod", "compound") and c.i < n.i and fill_actor:
                group = next((g for g in n.lefts if g.i > c.i and g.dep_ == "compound"
                              and g.pos_ in ("NOUN", "PROPN") and _head_actorish(g)), None)
                if group is not None and group.ent_type_ not in ("NORP", "GPE", "ORG"):
                    # "Syrian army airstrikes": one actor, "Syrian army"
                    spans[group.i] = (min(c.i, np_span(group)[0]), np_span(group)[1])
                    add(actors, [group])
                elif c.ent_type_ in ("NORP", "GPE", "ORG") or c.lower_ in demonyms():
                    add(actors, [c])
                elif c.dep_ == "compound" and c.pos_ in ("NOUN", "PROPN") and _head_actorish(c):
                    add(actors, [c])  # "a police raid"
            elif c.dep_ == "prep":
                pobj = [g for g in c.children if g.dep_ == "pobj"]
                if c.lower_ == "by" and fill_actor:
                    add(actors, pobj)
                elif c.lower_ == "between":
                    add(actors, _between(c))
                elif c.lower_ == "of":
                    if physical or patient:
                        add(recips, pobj, target=True)
                elif c.lower_ in preps:
                    add(recips, pobj, target=True)

    def verb_targets(v, nested: bool) -> None:  # type: ignore[no-untyped-def]
        vpreps = preps | (NESTED_PREPS if nested else set())
        if typ in ("AID", "AGREE", "CONCEDE"):
            vpreps = vpreps | {"to", "for", "on"}
        if cand.end - cand.start > 1 or physical:  # "set fire to X", "hack into X"
            vpreps = vpreps | {"to", "into"}
        for c in v.children:
            if c.dep_ in OBJ or c.dep_ == "dative":
                if (nested or typ == "RETREAT") and _generic(c):
                    # "willing to withdraw its troops from X", "refused to deploy
                    # peacekeepers in X": the things moved, not the recipient
                    weak.append(c)
                    continue
                add(recips, [c], target=True)
        kids = list(v.children)
        kids += [g for c in v.children if c.dep_ == "prt" for g in c.children]  # "up to 16 X"
        for c in kids:
            if c.dep_ == "prep" and c.lower_ in vpreps:
                add(recips, [g for g in c.children if g.dep_ == "pobj"], target=True)
            elif c.dep_ == "prep" and c.lower_ == "to" and c.head.dep_ == "prt":
                add(recips, [g for g in c.children if g.dep_ == "pobj"], target=True)

    if t.pos_ in ("VERB", "AUX", "ADJ"):
        subj, passive = _subject(t)
        passive = passive or any(c.dep_ in ("auxpass",) for c in t.children) or _headline_passive(t)
        if passive:
            add(recips, subj, target=True)
            for c in t.children:
                if c.dep_ == "agent":
                    add(actors, [g for g in c.children if g.dep_ == "pobj"])
        else:
            add(actors, subj)
            for c in t.children:
                if c.dep_ in OBJ or c.dep_ == "dative":
                    add(recips, [c], target=True)
        if not recips or typ in ("AID", "AGREE", "CONSULT", "COOPERATE", "RETREAT", "CONCEDE"):
            verb_targets(t, nested=False)
        if not recips:
            # "demanded that X ...", "called on Arabs to unite against X"
            for v in _clause_verbs(t, typ):
                if v.dep_ == "ccomp":
                    s, p = _subject(v)
                    add(recips, s, target=True)
                if not recips:
                    verb_targets(v, nested=True)
                if recips:
                    break
        # subject noun that is itself an event ("an airstrike killed"): take its agent
        for a in list(actors):
            if a.i in cand.linked or _lem(a) in english().single and a.pos_ == "NOUN":
                actors.remove(a)
                noun_roles(a)
        for li in cand.linked:
            n = doc[li]
            noun_roles(n, fill_actor=not actors)
    else:
        noun_roles(t)
        for li in cand.linked:  # "airstrikes targeting X": the merged verb's targets
            v = doc[li]
            if v.pos_ == "VERB" and not recips:
                verb_targets(v, nested=False)
        if t.dep_ in SUBJ and _lem(t.head) == "be" and not actors:
            # "the deal was the first between X and Y"
            for a in t.head.children:
                if a.dep_ in ("attr", "acomp"):
                    for x in a.subtree:
                        if x.dep_ == "prep" and x.lower_ == "between":
                            add(actors, _between(x))
        if typ == "AGREE" and not recips:
            # "a deal to evacuate X fighters": the party the deal is about
            for c in t.children:
                if c.pos_ == "VERB" and (c.dep_ == "acl" or (c.dep_ == "relcl" and any(
                    x.dep_ == "aux" and x.lower_ == "to" for x in c.children
                ))):
                    verb_targets(c, nested=True)
        if typ in ("REQUEST", "THREATEN", "ACCUSE") and not recips:
            # "its demand that X ease restrictions"
            for c in t.children:
                if c.dep_ in ("ccomp", "acl") and c.pos_ in ("VERB", "AUX"):
                    s_, _p = _subject(c)
                    add(recips, [x for x in s_ if x.head is c], target=True)
        head = t.head
        if not actors and t.dep_ == "pobj" and head.lower_ in ("in", "into") and head.head is not head:
            # "X is in talks with Y", "X entered into negotiations with Y", headline "X in talks with Y"
            h = head.head
            if _lem(h) in IN_EVENT_VERBS:
                subj, passive = _subject(h)
                if not passive:
                    add(actors, subj)
                if not subj and h.dep_ == "ROOT" and _head_actorish(h):
                    add(actors, [h])
        if t.dep_ in OBJ and head.pos_ == "VERB" and not actors:
            subj, passive = _subject(head)
            if not passive:
                add(actors, subj)
        if t.dep_ in SUBJ and head.pos_ == "VERB" and not recips:
            for c in head.children:
                if c.dep_ in OBJ:
                    add(recips, [c], target=True)
    acts = [spans.get(x.i) or np_span(x) for x in actors]
    acts = [a for a in acts if is_actorish(doc[a[0] : a[1]])]
    if not recips and typ in MUTUAL and len(actors) >= 2:
        # "X and Y met": each side is the other's counterpart
        recips = list(actors)
        acts_keep = [np_span(x) for x in actors]
        recs = [r for r in acts_keep if is_actorish(doc[r[0] : r[1]])]
        return _dedupe(acts), _dedupe(recs)
    if not recips and weak_phys:
        recips = list(weak_phys)
    if not recips:
        recips = _place_target(t, acts)
    if not recips and weak:
        add(recips, weak, target=True)
    recs = [np_span(x) for x in recips]
    recs = [r for r in recs if r not in acts and not any(a[0] <= r[0] and r[1] <= a[1] for a in acts)]
    if physical:  # physical targets count ("the convoy", "the village"), event nouns do not
        recs = [r for r in recs if _lem(doc[r[0] : r[1]].root) not in english().single
                and (_lem(doc[r[0] : r[1]].root), "N") not in english().single]
    else:
        recs = [r for r in recs if is_actorish(doc[r[0] : r[1]])]
    return _dedupe(acts), _dedupe(recs)


IN_EVENT_VERBS = frozenset("be engage enter remain hold join take is".split())
# verbs whose headline past participle reads as a passive ("Rebel leader killed in air strike")
HEADLINE_PASSIVE = frozenset(
    "kill wound injure hurt arrest detain capture abduct kidnap shoot execute behead "
    "displace seize".split()
)


def _headline_passive(t) -> bool:  # type: ignore[no-untyped-def]
    """"X killed in a Russian airstrike": a bare participle with no object whose "in/during"
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
        objs += [g for c in t.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
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


def _place_target(t, acts) -> list:  # type: ignore[no-untyped-def]
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
        path = []
        y = x
        while y is not root and y.head is not y and len(path) < 12:
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
            return [x.doc[s:e].root]
        if head.dep_ in ("amod", "compound") and head.ent_type_ == "NORP":
            continue
    return []


PERSON_NOUNS = frozenset(
    "force troop police army government official civilian people rebel soldier protester "
    "demonstrator villager militant fighter leader peacekeeper refugee minister president "
    "militia insurgent guerrilla gunman student worker journalist activist resident "
    "commander member opposition authority authorities regime delegation side country "
    "state parliament court coalition group party ally envoy diplomat spokesman spokeswoman "
    "prisoner hostage detainee child woman man victim family settler police officer "
    "administration cabinet council committee agency ministry embassy navy airforce "
    "nation colonist crew pilot governor mayor king prince general chief head secretary "
    "spokesperson senator lawmaker legislator premier chancellor negotiator representative "
    "counterpart mediator monitor observer official team unit battalion brigade division".split()
)


def is_actorish(span_toks) -> bool:  # type: ignore[no-untyped-def]
    """A span that can be an actor/recipient: a name, a group noun, a demonym."""
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


# ------------------------------------------------------------------ modality & attribution


@dataclass
class Attrib:
    speaker: tuple[int, int] | None = None  # token span
    speaker_text: str | None = None
    cue: str | None = None
    cue_i: int | None = None
    stance: str = "assert"


def _ancestors(tok):  # type: ignore[no-untyped-def]
    out = []
    while tok.head is not tok and len(out) < 20:
        tok = tok.head
        out.append(tok)
    return out


def _negated_true(a) -> bool:  # type: ignore[no-untyped-def]
    """"it is not true that ...": the negation sits on "true" or on its copula."""
    if a.lower_ != "true":
        # "it was not true that X": the clause hangs off the copula, "true" is its acomp
        return any(c.lower_ == "true" and c.dep_ == "acomp" for c in a.children) and any(
            c.dep_ == "neg" for c in a.children
        )
    return any(c.dep_ == "neg" for c in a.children) or (
        a.dep_ == "acomp" and any(c.dep_ == "neg" for c in a.head.children)
    )


def modality(sent, cand: Candidate) -> str:  # type: ignore[no-untyped-def]
    doc = sent.doc
    t = doc[cand.i]
    anc = _ancestors(t)
    chain = [t] + anc
    # the clause verbs the trigger belongs to (stop at a speech verb)
    clause = [t]
    for a in anc:
        if a.pos_ in ("VERB", "AUX") and is_speech_cue(a):
            break
        clause.append(a)
    for x in clause:
        for c in x.children:
            if c.dep_ == "neg" or (c.lower_ in ("never", "no") and c.dep_ in ("advmod", "det", "neg")):
                return "negated"
    for a in anc:
        if _lem(a) in DENY and a.pos_ == "VERB":
            return "negated"
        if _negated_true(a):
            return "negated"
    for x in clause:
        for c in x.children:
            if c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether"):
                return "hypothetical"
        if x.pos_ in ("VERB", "AUX"):
            auxes = {c.lower_ for c in x.children if c.dep_ in ("aux", "auxpass")}
            if auxes & MODAL_HYPO and "would" not in auxes:
                return "hypothetical"
    for x in clause:
        if x.pos_ in ("VERB", "AUX"):
            auxes = {c.lower_ for c in x.children if c.dep_ == "aux"}
            if auxes & {"will", "shall", "'ll"} or ("would" in auxes and anc):
                return "planned"
            if x.dep_ == "xcomp" and _lem(x.head) in PLAN_HEADS:
                return "planned"
            if x.lower_ == "going" and any(c.dep_ == "xcomp" for c in x.children):
                return "planned"
        if x.pos_ in ("NOUN", "PROPN"):
            for c in x.children:
                if c.lower_ in PLAN_AMODS:
                    return "planned"
        if x is not t and x.pos_ in ("NOUN",):
            break
    if t.pos_ == "NOUN":
        for c in t.children:
            if c.dep_ == "acl" and c.lower_ in PLAN_AMODS:
                return "planned"
        if t.head.pos_ == "VERB" and _lem(t.head) in PLAN_HEADS | {"convene", "hold"} and t.dep_ in OBJ:
            h = t.head
            if h.dep_ == "xcomp" and _lem(h.head) in PLAN_HEADS:
                return "planned"
    words = {x.lower_ for x in sent}
    for x in chain[:4]:
        for c in x.children:
            if c.lower_ in HEDGES:
                return "hedged"
    if words & HEDGES:
        return "hedged"
    for a in anc:
        if _lem(a) in ("say", "report", "believe", "think", "claim", "suspect") and any(
            c.dep_ == "auxpass" for c in a.children
        ):
            return "hedged"
    return "asserted"


def attribution(sent, cand: Candidate) -> Attrib:  # type: ignore[no-untyped-def]
    doc = sent.doc
    t = doc[cand.i]
    cue = None
    for a in _ancestors(t):
        if a.pos_ in ("VERB", "AUX") and _lem(a) in SPEECH:
            cue = a
            break
    if cue is None:
        # "X happened, officials said": speech verb as parataxis/ccomp child of the clause root
        root = t
        for a in _ancestors(t):
            root = a
        for c in list(root.children) + list(t.children):
            if c.dep_ in ("parataxis", "ccomp", "advcl") and c.pos_ == "VERB" and _lem(c) in SPEECH:
                cue = c
                break
    att = Attrib()
    if cue is not None:
        lem = _lem(cue)
        subj = [c for c in cue.children if c.dep_ in SUBJ]
        if subj:
            s = subj[0]
            toks = _conj(s)
            start = min(np_span(x)[0] for x in toks)
            end = max(np_span(x)[1] for x in toks)
            if s.pos_ != "PRON" or s.lower_ not in ("it",):
                att.speaker = (start, end)
                att.speaker_text = doc[start:end].text
        agent = [g for c in cue.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if agent and att.speaker is None:
            s, e = np_span(agent[0])
            att.speaker, att.speaker_text = (s, e), doc[s:e].text
        att.cue, att.cue_i = cue.text, cue.i
        if lem in DENY:
            att.stance = "deny"
        elif lem in REPORT_CUES or any(c.dep_ == "auxpass" for c in cue.children):
            att.stance = "report"
        else:
            att.stance = "assert"
        # "it was not true that ..." / "denied that" handled by DENY; "did not confirm" -> report
        if any(c.dep_ == "neg" for c in cue.children) and lem not in DENY:
            att.stance = "report"
    # "according to X"
    for tok in sent:
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            pobj = [g for g in doc[tok.i + 1].children if g.dep_ == "pobj"]
            if pobj and att.speaker is None:
                s, e = np_span(pobj[0])
                att.speaker, att.speaker_text = (s, e), doc[s:e].text
                att.cue, att.cue_i, att.stance = "according to", tok.i, "report"
    # "not true that X": a denial without a deny verb
    for a in _ancestors(t):
        if _negated_true(a):
            att.stance = "deny"
            if att.cue is None:
                att.cue, att.cue_i = "not true", a.i
    return att


def is_hedging_speaker(text: str | None) -> bool:
    if not text:
        return False
    words = set(re.findall(r"[a-z]+", text.lower()))
    return bool(words & HEDGE_SPEAKERS)


# ------------------------------------------------------------------ size

_NUMWORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "a dozen": 12, "dozen": 12, "dozens": 24, "scores": 40,
    "hundreds": 200, "thousands": 2000, "a hundred": 100, "a": 1, "an": 1,
}  # fmt: skip
_NUM = r"(?:\d[\d,]*(?:\.\d+)?(?:\s+(?:thousand|million))?|a dozen|a hundred|" + "|".join(
    sorted((k for k in _NUMWORDS if " " not in k and k not in ("a", "an")), key=len, reverse=True)
) + ")"
_QUAL = r"(?:at least|more than|over|about|around|nearly|almost|some|up to|approximately|roughly|as many as|an estimated|fewer than|less than|at most)"
_KIND = {
    "dead": r"(?:killed|dead|died|deaths?|slain|lost their lives|massacred|executed|fatalities|bodies)",
    "injured": r"(?:wounded|injured|hurt|injuries|casualties)",
    "arrested": r"(?:arrested|detained|captured|rounded up|taken into custody|jailed|abducted|kidnapped)",
}
_VERB_FIRST = {
    "dead": r"(?:killing|killed|kills|kill|claimed the lives of|death toll (?:rose to|reached|climbed to|stood at|of|is|was|at))",
    "injured": r"(?:wounding|wounded|injuring|injured|injure|wound)",
    "arrested": r"(?:arresting|arrested|detaining|detained|rounded up)",
}
_NOUNISH = r"(?:[A-Za-z\-']+\s+){0,3}?"


def _num(s: str) -> int | None:
    s = s.strip().lower()
    mult = 1
    if s.endswith(" thousand"):
        mult, s = 1000, s[: -len(" thousand")]
    elif s.endswith(" million"):
        mult, s = 1_000_000, s[: -len(" million")]
    if s in _NUMWORDS:
        return _NUMWORDS[s] * mult
    try:
        return int(float(s.replace(",", "")) * mult)
    except ValueError:
        return None


def _count(qual: str | None, a: str, b: str | None) -> dict[str, int | None] | None:
    x = _num(a)
    if x is None:
        return None
    if b:
        y = _num(b)
        if y is not None and y >= x:
            return {"low": x, "best": None, "high": y}
    q = (qual or "").lower()
    if q in ("at least", "more than", "over", "as many as") and q != "as many as":
        return {"low": x + (1 if q in ("more than", "over") else 0), "best": None, "high": None}
    if q in ("up to", "nearly", "almost", "fewer than", "less than", "at most", "as many as"):
        return {"low": None, "best": None, "high": x}
    if q in ("about", "around", "some", "approximately", "roughly", "an estimated"):
        return {"low": None, "best": x, "high": None}
    if a.strip().lower() in ("dozens", "scores", "hundreds", "thousands"):
        return {"low": x, "best": None, "high": None}
    return {"low": x, "best": x, "high": x}


def sizes(text: str) -> list[tuple[str, dict[str, int | None], int]]:
    """(kind, count, char offset) found in a sentence's text; ranges and hedged numbers kept."""
    out: list[tuple[str, dict[str, int | None], int]] = []
    seen: set[tuple[str, int]] = set()
    for kind in ("dead", "injured", "arrested"):
        # "at least 10 people were killed", "10 dead", "about 15 to 20 civilians died"
        pat = re.compile(
            rf"(?<![\w,])(?:({_QUAL})\s+)?({_NUM})(?:\s*(?:to|-|and|or)\s*({_NUM}))?\s+"
            rf"(?:(?:other|more|people|persons|civilians|soldiers|troops|policemen|police|"
            rf"officers|militants|fighters|rebels|children|women|men|protesters|members|"
            rf"[A-Za-z\-]+)\s+){{0,3}}(?:(?:were|was|have been|had been|are|reportedly|been|"
            rf"being|also)\s+)*{_KIND[kind]}\b",
            re.I,
        )
        for m in pat.finditer(text):
            c = _count(m.group(1), m.group(2), m.group(3))
            if c and (kind, m.start(2)) not in seen:
                seen.add((kind, m.start(2)))
                out.append((kind, c, m.start(2)))
        pat2 = re.compile(
            rf"\b{_VERB_FIRST[kind]}\s+(?:({_QUAL})\s+)?({_NUM})(?:\s*(?:to|-)\s*({_NUM}))?\b"
            rf"(?!\s*(?:years?|months?|days?|hours?|km|kilometers|miles|%|percent))",
            re.I,
        )
        for m in pat2.finditer(text):
            if m.group(2).lower() in ("a", "an"):
                continue
            c = _count(m.group(1), m.group(2), m.group(3))
            if c and (kind, m.start(2)) not in seen:
                seen.add((kind, m.start(2)))
                out.append((kind, c, m.start(2)))
    return out
