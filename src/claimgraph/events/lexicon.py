"""Trigger lexicons: our hand-written English file, the CAMEO-derived verb table, Arabic stems.

In: files under `claimgraph/data/events/`. Out: cached lookup tables and `lemma(token)`, a small
rule lemmatizer that does not need spaCy's lemmatizer (the nlp stage disables it for speed).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from claimgraph.events.words import AGENTIVE, LIGHT, NON_EVENT_HEADS, PLAN_HEADS, SPEECH
from claimgraph.resources import data_path
from claimgraph.text import normalize_arabic

PLOVER_ALIASES = {  # PLOVER 0.5 / CAMEO-era names -> PLOVER 2021
    "FIGHT": "ASSAULT",
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "YIELD": "CONCEDE",
    "REDUCE": "SANCTION",
    "ENGAGE": "COOPERATE",
}


@dataclass(frozen=True)
class Entry:
    plover: str
    modes: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    source: str = "lexicon"  # lexicon | cameo
    weight: float = 1.0


@dataclass
class Lexicon:
    single: dict[tuple[str, str], Entry] = field(default_factory=dict)  # (lemma, pos V/N/A/*)
    phrases: dict[tuple[str, ...], tuple[str, Entry]] = field(default_factory=dict)
    with_obj: dict[str, dict[str, Entry]] = field(default_factory=dict)  # verb -> obj -> entry
    with_subj: dict[str, dict[str, Entry]] = field(
        default_factory=dict
    )  # verb -> subj head -> entry
    cameo: dict[str, Entry] = field(default_factory=dict)  # verb -> default
    cameo_obj: dict[str, dict[str, Entry]] = field(default_factory=dict)
    max_phrase: int = 1


def _split(s: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in s.split(",") if x.strip())


@functools.lru_cache(maxsize=1)
def english() -> Lexicon:
    lex = Lexicon()
    for line in data_path("events", "triggers_en.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t") + ["", "", "", ""]
        trig, pos, typ, modes, ctx = (c.strip() for c in cols[:5])
        entry = Entry(typ, _split(modes), _split(ctx))
        if ">" in trig:
            verb, objs = trig.split(">", 1)
            for o in objs.split("|"):
                lex.with_obj.setdefault(verb.strip(), {})[o.strip()] = entry
        elif "<" in trig:
            verb, subjs = trig.split("<", 1)
            for o in subjs.split("|"):
                lex.with_subj.setdefault(verb.strip(), {})[o.strip()] = entry
        elif " " in trig:
            words = tuple(trig.split())
            lex.phrases[words] = (pos, entry)
            lex.max_phrase = max(lex.max_phrase, len(words))
        else:
            lex.single.setdefault((trig, pos or "*"), entry)
    path = data_path("events", "cameo_verbs.tsv")
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 6:
                continue
            lemma, obj, typ, mode, ctx, votes = cols[:6]
            e = Entry(typ, _split(mode), _split(ctx.replace(";", ",")), "cameo", float(votes))
            if obj == "*":
                lex.cameo[lemma] = e
            else:
                lex.cameo_obj.setdefault(lemma, {})[obj] = e
    return lex


# ---------------------------------------------------------------- lemmatizer

IRREGULAR = {
    "took": "take", "taken": "take", "met": "meet", "fought": "fight", "shot": "shoot",
    "struck": "strike", "stricken": "strike", "held": "hold", "threw": "throw", "thrown": "throw",
    "led": "lead", "sent": "send", "fled": "flee", "gave": "give", "given": "give", "said": "say",
    "told": "tell", "began": "begin", "begun": "begin", "broke": "break", "broken": "break",
    "withdrew": "withdraw", "withdrawn": "withdraw", "beaten": "beat", "blew": "blow",
    "blown": "blow", "spoke": "speak", "spoken": "speak", "sought": "seek", "brought": "bring",
    "bought": "buy", "overran": "overrun", "undertook": "undertake", "undertaken": "undertake",
    "froze": "freeze", "frozen": "freeze", "forbade": "forbid", "forbidden": "forbid",
    "stole": "steal", "stolen": "steal", "hit": "hit", "cut": "cut", "put": "put", "set": "set",
    "left": "leave", "came": "come", "went": "go", "gone": "go", "won": "win", "lost": "lose",
    "drove": "drive", "driven": "drive", "rode": "ride", "slew": "slay", "slain": "slay",
    "bore": "bear", "borne": "bear", "saw": "see", "seen": "see", "knew": "know", "known": "know",
    "made": "make", "found": "find", "kept": "keep", "paid": "pay", "rose": "rise", "risen": "rise",
    "fell": "fall", "fallen": "fall", "shook": "shake", "stood": "stand", "wrote": "write",
    "written": "write", "ran": "run", "swept": "sweep", "sped": "speed", "bled": "bleed",
    "dealt": "deal", "meant": "mean", "felt": "feel", "heard": "hear", "sold": "sell",
    "laid": "lay", "lay": "lie", "sat": "sit", "hung": "hang", "understood": "understand",
    "was": "be", "were": "be", "is": "be", "are": "be", "been": "be", "am": "be", "has": "have",
    "had": "have", "did": "do", "done": "do", "does": "do", "men": "man", "gunmen": "gunman",
    "women": "woman", "children": "child", "people": "people", "talks": "talk", "news": "news",
    "forces": "force", "arms": "arms", "dead": "dead", "militia": "militia",
    "ceasefire": "ceasefire", "hostages": "hostage", "crisis": "crisis", "press": "press",
    "troops": "troop", "airstrikes": "airstrike", "series": "series",
}  # fmt: skip


@functools.lru_cache(maxsize=1)
def _known_lemmas() -> frozenset[str]:
    lex = english()
    words = {w for (w, _p) in lex.single}
    words |= {p[0] for p in lex.phrases}
    words |= set(lex.with_obj) | set(lex.with_subj) | set(lex.cameo) | set(lex.cameo_obj)
    words |= {"say", "deny", "report", "confirm", "claim", "announce", "state", "add", "tell"}
    words |= SPEECH | LIGHT | PLAN_HEADS | NON_EVENT_HEADS | AGENTIVE
    return frozenset(words)


@functools.lru_cache(maxsize=1)
def _forms() -> dict[str, str]:
    out: dict[str, str] = {}
    path = data_path("events", "verb_forms.tsv")
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or "\t" not in line:
                continue
            f, lem = line.split("\t", 1)
            out[f] = lem
    out.update(IRREGULAR)
    return out


def _suffix_candidates(w: str) -> list[str]:
    """Base forms of `w` with an inflection stripped, most likely first: -ies/-ied -> -y, -es,
    -s, -ed (and a doubled consonant), -ing (and -e, and a doubled consonant), -ers/-ors."""
    cands: list[str] = []
    if w.endswith("ies") and len(w) > 4:
        cands.append(w[:-3] + "y")
    if w.endswith("ied") and len(w) > 4:
        cands.append(w[:-3] + "y")
    if w.endswith("es"):
        cands += [w[:-2], w[:-1]]
    if w.endswith("s") and not w.endswith("ss"):
        cands.append(w[:-1])
    if w.endswith("ed"):
        cands += [w[:-2], w[:-1]]
        if len(w) > 5 and w[-3] == w[-4]:
            cands.append(w[:-3])
    if w.endswith("ing") and len(w) > 5:
        cands += [w[:-3], w[:-3] + "e"]
        if w[-4] == w[-5]:
            cands.append(w[:-4])
    if w.endswith("ers") or w.endswith("ors"):
        cands.append(w[:-1])
    return cands


@functools.lru_cache(maxsize=50000)
def lemma_of(word: str, pos: str = "") -> str:
    """Lemma of a lowercase word: irregular table, then suffix stripping checked against lexicons."""
    w = word.lower()
    forms = _forms()
    if w in forms:
        return forms[w]
    known = _known_lemmas()
    if w in known and not (pos == "VERB" and w.endswith("ing")):
        return w
    cands = _suffix_candidates(w)
    for c in cands:
        if c in known:
            return c
    if w in known:  # "warning" the noun is known; "is warning" the verb is "warn" (above)
        return w
    # unknown word: a plausible base form anyway (features for the classifier)
    if pos in ("NOUN", "PROPN") and w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"  # "parties" -> "party", not "partie"
    if pos in ("NOUN", "PROPN") and w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return cands[0] if cands and pos == "VERB" else w


#: (token, its lemma) of the last call: the trigger finders each ask for the lemma of the token
#: they look at (~10 calls on the same Token object); holding the token keeps its identity from
#: being reused, and the pair is replaced in one assignment (threads see a whole pair)
_LAST: tuple[Any, str] = (None, "")


def lemma(token) -> str:  # type: ignore[no-untyped-def]
    global _LAST
    last = _LAST
    if token is last[0]:
        return last[1]
    lem = _lemma(token)
    _LAST = (token, lem)
    return lem


def _lemma(token) -> str:  # type: ignore[no-untyped-def]
    lem = getattr(token, "lemma_", "") or ""
    if lem and lem != token.text and lem.lower() in _known_lemmas():
        return lem.lower()
    return lemma_of(token.text, token.pos_)


# ---------------------------------------------------------------- Arabic

# stems and running text are folded by the one Arabic normaliser (text/arabic.py)
ar_normalize = normalize_arabic


@functools.lru_cache(maxsize=1)
def arabic() -> list[tuple[str, str, tuple[str, ...], bool, int]]:
    """(normalised stem, PLOVER type, modes, exact, tier) from data/events/triggers_ar.tsv."""
    out = []
    for line in data_path("events", "triggers_ar.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t") + ["", "", "", ""]
        stem = cols[0].strip()
        exact = stem.startswith("=")
        tier = int(cols[3].strip() or 2)
        out.append((ar_normalize(stem.lstrip("=")), cols[1].strip(), _split(cols[2]), exact, tier))
    return out
