"""ACLED sub-type cues: the few words that decide an ACLED sub-type, as classifier features.

In: a snippet of English text. Out: a list of cue names ("C_AIR", "C_SUICIDE", ...) that fire on
it, plus a few combinations (a protest cue together with a force cue, a territory verb together
with a government/non-state subject). Our own hand-written patterns, grouped by the ACLED codebook's
distinctions: peaceful protest vs protest with intervention vs excessive force; armed clash vs
attack vs air/drone strike vs shelling vs remote explosive vs suicide bomb vs grenade; abduction;
sexual violence; looting/property destruction; arrests; mob violence; violent demonstration;
territory changes; agreements; group changes; weapons seizures; disasters and crime.
`role_cues` (a parsed spaCy Doc in, cue names out) reads who does a territory or force verb to
whom, one small function per part (`_doer`, `_done`, `_territory_cues`, `_violence_cues`).
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from claimgraph.events.lexicon import lemma

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

CUES: dict[str, str] = {
    "AIR": r"air ?strikes?|air ?raids?|warplanes?|war ?jets?|fighter jets?|jets?|drones?|uavs?|"
    r"aircraft|helicopters?|gunships?|bombers?|aerial|sorties?|air force|airforce|barrel bombs?",
    "SHELL": r"shell(?:s|ed|ing)?|artillery|mortars?|rockets?|missiles?|katyushas?|howitzers?|"
    r"tank fire|projectiles?|grad|cannon",
    "IED": r"ieds?|improvised explosive|roadside bombs?|land ?mines?|mines?|explosive devices?|"
    r"car bombs?|vbieds?|booby|sticky bombs?|bomb exploded|bomb went off|planted|detonat\w*|"
    r"blasts?|explosions?|exploded|explosives?",
    "SUICIDE": r"suicide|self-detonat\w*|blew (?:himself|herself|themselves) up|explosive vests?|"
    r"suicide vests?|svbieds?|bomber",
    "GRENADE": r"grenades?|rpgs?|rocket-propelled",
    "CHEM": r"chemical|chlorine|sarin|toxic gas|poison gas|nerve agent|mustard gas|gas attack|"
    r"suffocation|choking",
    "CLASH": r"clash(?:es|ed)?|fighting|fought|battles?|firefights?|gun ?battles?|exchanged fire|"
    r"exchange of fire|skirmish\w*|engaged|confrontations?|repelled|repulsed|offensive|"
    r"ambush\w*|frontline|front line",
    "ATTACK": r"attack(?:s|ed|ing)?|gunmen|gunman|shot dead|shot and killed|opened fire|"
    r"killed|murdered|stabbed|assassinat\w*|executed|beheaded|massacre\w*|lynch\w*",
    "ABDUCT": r"abduct\w*|kidnap\w*|disappear\w*|missing|hostages?|taken captive|whereabouts",
    "SEX": r"rap(?:e|ed|es|ing)|sexual\w*|sexually|molest\w*|gang-rap\w*|harass\w*",
    "ARREST": r"arrest\w*|detain\w*|detention|custody|apprehend\w*|rounded up|jailed|"
    r"taken in|nabbed|held by police|remanded",
    "PROTEST": r"protest\w*|demonstrat\w*|rall(?:y|ies|ied)|march(?:ed|es)?|sit-?ins?|"
    r"strikes? by|on strike|went on strike|gathered|chant\w*|slogans?|placards?|banners?|"
    r"petition|picket\w*|boycott\w*|hunger strike|shut ?down|bandh|hartal",
    "PEACEFUL": r"peaceful\w*|without incident|dispersed peacefully|submitted a memorandum|"
    r"memorandum",
    "INTERVENE": r"dispers\w*|tear ?gas|teargas|water cannons?|baton\w*|lathi\w*|"
    r"rubber bullets?|pellets?|police intervened|prevented|blocked by police|"
    r"detained (?:several|some|a number of)? ?(?:protesters|demonstrators)|broke up|foiled|"
    r"were arrested|stopped by",
    "LIVEFIRE": r"live (?:ammunition|rounds|bullets|fire)|opened fire on (?:the )?"
    r"(?:protesters|demonstrators|crowd)|shot (?:dead )?(?:protesters|demonstrators)|"
    r"(?:protesters|demonstrators) (?:were )?(?:killed|shot)|killing (?:\w+ )?protesters|"
    r"fired (?:on|at|into) (?:the )?(?:protesters|demonstrators|crowd)",
    "RIOT": r"riot(?:s|ers?|ed|ing|ous)?(?!\s+(?:police|squads?|gear|control|shields?|units?|"
    r"officers?))|stone[sd]?|stone-pelting|pelt\w*|hurl\w*|threw|throwing|burn(?:t|ed|ing) "
    r"tyres|burn(?:t|ed|ing) tires|tyres|tires|vandali[sz]\w*|smashed|torched|set (?:on )?fire|"
    r"clashed with (?:the )?police|(?<!non-)violen(?:t|ce)|molotov|petrol bombs?",
    "MOB": r"mob\w*|lynch\w*|vigilante\w*|angry (?:crowd|villagers|residents)|"
    r"crowd (?:beat|attacked|lynched)|beaten to death|beat (?:him|her|them) to death|"
    r"mob justice",
    "LOOT": r"loot\w*|destroy\w*|demolish\w*|razed|bulldoz\w*|burn(?:ed|t) down|torched|"
    r"set (?:on )?fire|arson|vandali[sz]\w*|ransack\w*|plunder\w*|damaged",
    "REGAIN": r"recaptur\w*|regain\w*|retook|retake\w*|liberat\w*|recover(?:ed)? (?:control|the)|"
    r"restored control|back under",
    "TAKE": r"captur\w*|seiz\w*|took control|take control|taken control|overran|overrun|"
    r"took over|taken over|stormed|fell to|control of",
    "GOVACTOR": r"army|troops|soldiers|government forces|regime forces|security forces|"
    r"military|saa|syrian arab army|iraqi forces|afghan forces|national army|police|"
    r"government|pro-government|loyalist",
    "NONSTATE": r"isis|isil|islamic state|daesh|al-shabaab|al shabaab|taliban|boko haram|"
    r"rebels?|militants?|insurgents?|jihadists?|hts|tahrir|nusra|al-qaeda|sdf|ypg|pkk|"
    r"houthis?|ansar|militia\w*|opposition|fighters|armed group|gunmen",
    "WITHDRAW": r"withdr[ae]w\w*|withdrawal|pulled out|pull out|handed over|hand over|handover|"
    r"evacuat\w*|relinquish\w*|left the|vacated|transferred|retreat\w*",
    "BASE": r"established|set up|setting up|new base|military base|headquarters|outposts?|"
    r"checkpoints?|positions? in|deployed|deploy\w*|stationed|camp",
    "AGREE": r"agreements?|agreed|ceasefire|cease-fire|truce|deal|accord|signed|peace (?:talks|"
    r"deal|agreement)|reconciliation|settlement|negotiat\w*|mou|memorandum of understanding",
    "GROUPCHANGE": r"formed|formation|merge\w*|merger|joined|split|splinter|defect\w*|"
    r"allegiance|new (?:group|faction|coalition|alliance)|dissolv\w*|renamed|"
    r"announced (?:the )?(?:creation|establishment)|launch(?:ed)? (?:a|the) new|leader",
    "DISRUPT": r"defus\w*|dismantl\w*|seized (?:weapons|arms|explosives|ammunition)|"
    r"weapons? (?:cache|depot|stockpile)|caches?|found (?:\w+ )?(?:explosives|ieds?|weapons|"
    r"bombs?|mines?)|confiscat\w*|recovered (?:\w+ )?(?:weapons|arms|explosives|ammunition)|"
    r"bomb disposal|bomb squad|cleared (?:\w+ )?mines|demining|neutrali[sz]ed (?:an? )?"
    r"(?:ied|bomb|device)|discovered|seized",
    "CRIME": r"drugs?|narcotics?|smuggl\w*|cartels?|gangs?|gangsters?|traffick\w*|robber\w*|"
    r"robbed|thie(?:f|ves)|theft|extortion|bandits?|criminals?|cocaine|heroin|mafia|"
    r"money laundering|fraud",
    "NATURAL": r"earthquakes?|quake|floods?|flooding|cyclones?|storms?|landslides?|drought|"
    r"hurricanes?|typhoons?|tsunami|heavy rain\w*|monsoon|wildfires?|lightning|avalanche|"
    r"heatwave|heat wave|tremor|magnitude|volcan\w*",
    "MANMADE": r"fire broke out|blaze|caught fire|collaps\w*|accident\w*|crash\w*|derail\w*|"
    r"leak\w*|stampede|capsiz\w*|sank|short circuit|gas cylinder|boiler|factory|"
    r"building collapse|fire|burned to death|oil spill|spill",
    "DIPLO": r"ambassadors?|diplomat\w*|embass\w*|summit|visit\w*|talks|meeting|met with|"
    r"foreign minister|bilateral|envoy|consulate|relations|condemn\w*|sanctions?|statement",
    "ATTRIB": r"claimed responsibility|claims? responsibility|responsibility for|blamed|"
    r"accus\w*|attribut\w*|said it was behind|denied (?:any )?involvement",
    "CIVILIAN": r"civilians?|villagers?|residents?|farmers?|women|children|students?|"
    r"worshippers|passengers?|journalists?|aid workers?|teachers?|shepherds?",
    "DEAD": r"killed|killing|dead|died|deaths?|bodies|corpses?|fatalit\w*",
    "POLICE": r"police\w*|cops?|security forces|riot police|officers",
    "NOFIGHT": r"without (?:a |any )?(?:fight\w*|resistance|clashes|a shot|bloodshed|violence)|"
    r"unopposed|peacefully handed|under (?:an? |the )?(?:deal|agreement|arrangement)|"
    r"(?:after|following) (?:the )?(?:withdrawal|pull-?out|retreat|departure)",
    "SOFT": r"villages?|markets?|mosques?|churches?|temples?|shrines?|schools?|hospitals?|"
    r"hotels?|restaurants?|bars?|homes?|houses?|buses|bus|weddings?|funerals?|camps? for|"
    r"shops?|worshippers|passengers|civilians?|farmers|herders|families|unarmed",
}

COMBOS = (
    ("PROTEST", "INTERVENE"),
    ("PROTEST", "LIVEFIRE"),
    ("PROTEST", "RIOT"),
    ("PROTEST", "PEACEFUL"),
    ("PROTEST", "ARREST"),
    ("PROTEST", "POLICE"),
    ("PROTEST", "DEAD"),
    ("REGAIN", "GOVACTOR"),
    ("TAKE", "GOVACTOR"),
    ("TAKE", "NONSTATE"),
    ("ATTACK", "CIVILIAN"),
    ("CLASH", "NONSTATE"),
    ("AIR", "DEAD"),
    ("IED", "SUICIDE"),
    ("IED", "DISRUPT"),
    ("MOB", "DEAD"),
    ("LOOT", "RIOT"),
    ("MANMADE", "DEAD"),
    ("TAKE", "WITHDRAW"),
    ("REGAIN", "WITHDRAW"),
    ("TAKE", "NOFIGHT"),
    ("CRIME", "ARREST"),
    ("CRIME", "ATTACK"),
    ("ATTACK", "SOFT"),
    ("CLASH", "GOVACTOR"),
    ("AGREE", "WITHDRAW"),
)


@functools.lru_cache(maxsize=1)
def _compiled() -> dict[str, re.Pattern[str]]:
    return {k: re.compile(rf"\b(?:{v})\b", re.I) for k, v in CUES.items()}


def cues(text: str) -> list[str]:
    """Cue features of a snippet: `C_<cue>` for each cue that fires (and `N_<cue>` when it fires
    more than once), `C_<a>+<b>` for the combinations the codebook turns on, `FIRST_<cue>` for the
    cue that fires earliest (snippets tend to open with their event)."""
    # a one-sentence snippet is read twice (whole, and as its first sentence in `lead_cues`)
    return list(_cues(text))


@functools.lru_cache(maxsize=4096)
def _cues(text: str) -> tuple[str, ...]:
    out: list[str] = []
    first: tuple[int, str] | None = None
    found: set[str] = set()
    for name, pat in _compiled().items():
        hits = list(pat.finditer(text))
        if not hits:
            continue
        found.add(name)
        out.append(f"C_{name}")
        if len(hits) > 1:
            out.append(f"N_{name}")
        if name not in ("GOVACTOR", "NONSTATE", "CIVILIAN", "DEAD", "POLICE", "SOFT") and (
            first is None or hits[0].start() < first[0]
        ):
            first = (hits[0].start(), name)
    for a, b in COMBOS:
        if a in found and b in found:
            out.append(f"C_{a}+{b}")
    if first is not None:
        out.append(f"FIRST_{first[1]}")
    return tuple(out + near_cues(text) + protest_cues(text, found))


_TERR = re.compile(rf"\b(?:{CUES['REGAIN']}|{CUES['TAKE']})\b", re.I)
_CAMP_GOV = re.compile(rf"\b(?:{CUES['GOVACTOR']})\b", re.I)
_CAMP_NS = re.compile(rf"\b(?:{CUES['NONSTATE']})\b", re.I)
_VIOL_DEMO = re.compile(
    r"\b(?<!non-)(?:violence|ablaze|set fire|set on fire|blocked (?:the )?(?:roads?|streets?|highways?|"
    r"railways?|traffic)|shut down (?:the )?(?:roads?|streets?)|debris|barricades?|"
    r"escalat\w*|(?:clashes|fighting|violence|riots?) (?:have |has )?(?:erupted|broke out|broken "
    r"out)|clashed with|rampag\w*|injured (?:\w+ )?police\w*|turned violent|violent "
    r"(?:protests?|demonstrations?|clashes|crowds?)|(?:stones|rocks|bricks|bottles|petrol bombs|"
    r"molotov cocktails|firecrackers|fireworks) at|confront(?:ed|ing) (?:the )?police)\b",
    re.I,
)


def near_cues(text: str) -> list[str]:
    """Surface cues that do not need the parse: `NEAR_TAKER_GOV|NS`, the camp word nearest before
    the first territory verb in its own clause ("the army and allied militia recaptured" ->
    GOV: regains vs overtakes); `VIOL_DEMO` for what makes a demonstration violent (violence,
    blocked roads, set ablaze, clashes erupting between protesters and police)."""
    out: list[str] = []
    for m in _TERR.finditer(text):
        left = re.split(r"[.;]", text[max(0, m.start() - 100) : m.start()])[-1]
        g = max((x.end() for x in _CAMP_GOV.finditer(left)), default=-1)
        n = max((x.end() for x in _CAMP_NS.finditer(left)), default=-1)
        if g >= 0 or n >= 0:
            out.append("NEAR_TAKER_" + ("GOV" if g > n else "NS"))
            break
    if _VIOL_DEMO.search(text):
        out.append("VIOL_DEMO")
    return out


_DEMO = re.compile(
    r"\b(?:protest\w*|demonstrat\w*|rall(?:y|ies|ied)|march(?:ed|es|ers)?|sit-?ins?|"
    r"human chains?|picket\w*|strikers|agitat\w*|vigils?|riot(?:s|ers?|ed|ing)|"
    r"civil disobedience)\b",
    re.I,
)
_SERIOUS = re.compile(
    r"\b(?:killed|killing|dead|died|deaths?|death toll|shot|shooting|gunfire|gunshots?|live "
    r"(?:ammunition|rounds|bullets|fire)|bullets?|buckshot|seriously (?:injured|wounded|hurt)|"
    r"critically|wounded|brutal\w*|crackdown|cracked down|beat(?:en|ing)?|lethal|deadly|"
    r"massacre\w*|bloody|bloodshed)\b",
    re.I,
)
_INTERVENTION = re.compile(
    rf"\b(?:{CUES['INTERVENE']}|pepper[- ]spray\w*|stun grenades?|cut short|break (?:it )?up|"
    r"chased|cordon\w*|suppress\w*|kettl\w*|forcibly (?:removed|evicted|dispersed)|"
    r"arrest\w*|detain\w*|rounded up|dispel\w*|not allowed|banned|denied permission|"
    r"pushed back|clear(?:ed)? (?:the )?(?:square|streets?|area|camp))\b",
    re.I,
)


def protest_cues(text: str, found: set[str]) -> list[str]:
    """The ACLED codebook's order for a demonstration event: are the demonstrators violent
    (riots: a mob attacking people -> mob violence, else violent demonstration)? If not, how do
    the authorities answer: lethal or serious force (excessive force against protesters), an
    attempt to disperse or suppress without it (protest with intervention), or not at all
    (peaceful protest). `PL_<level>` is that decision, `PF_<flag>` each signal on its own."""
    if not _DEMO.search(text) and "PROTEST" not in found:
        return []
    flags = []
    if "MOB" in found:
        flags.append("MOB")
    if _VIOL_DEMO.search(text) or "RIOT" in found:
        flags.append("VIOLENT")
    state = "POLICE" in found or "GOVACTOR" in found or _POLICE.search(text) is not None
    if "LIVEFIRE" in found or (state and _SERIOUS.search(text)):
        flags.append("FORCE")
    if _INTERVENTION.search(text):
        flags.append("INTER")
    if "PEACEFUL" in found:
        flags.append("PEACEFUL")
    order = ("MOB", "VIOLENT", "FORCE", "INTER")
    level = next((f for f in order if f in flags), "PEACE")
    return [f"PL_{level}"] + [f"PF_{f}" for f in flags]


# ------------------------------------------------------------------ who did it to whom

TERRITORY_VERBS = frozenset(
    "capture seize take recapture regain retake liberate control overrun storm enter "
    "overtake free clear reclaim".split()
)
FORCE_VERBS = frozenset(
    "fire shoot kill injure wound beat attack disperse arrest detain use charge baton "
    "clash hit assault open".split()
)
RIOT_VERBS = frozenset(
    "throw pelt burn torch vandalize vandalise damage smash attack block clash set loot "
    "hurl destroy storm ransack injure beat stone".split()
)
_PROT = re.compile(
    r"\b(?:protest\w*|demonstrat\w*|rioters?|crowds?|mobs?|students?|supporters|workers|"
    r"activists?|youths?|villagers|residents|farmers|locals|agitat\w*)\b",
    re.I,
)
_POLICE = re.compile(
    r"\b(?:police\w*|security|forces|army|soldiers|troops|guards?|officers|authorities|"
    r"military|gendarme\w*|paramilitar\w*)\b",
    re.I,
)
_GOV = re.compile(rf"\b(?:{CUES['GOVACTOR']})\b", re.I)
_NONSTATE = re.compile(rf"\b(?:{CUES['NONSTATE']})\b", re.I)


def _who(tokens) -> str | None:  # type: ignore[no-untyped-def]
    text = " ".join(t.text for t in tokens)
    if _PROT.search(text):
        return "PROT"
    if _POLICE.search(text):
        return "POL"
    return None


def _camp(tokens) -> str | None:  # type: ignore[no-untyped-def]
    text = " ".join(t.text for t in tokens)
    ns, gv = _NONSTATE.search(text), _GOV.search(text)
    if ns and (not gv or ns.start() < gv.start()):
        return "NONSTATE"
    if gv:
        return "GOV"
    return None


def _doer(t: Token) -> list[Token]:
    """The tokens of the verb's subject or passive agent; for a conjunct, complement or adverbial
    clause without one, the subject of the verb it hangs from."""
    subj = [c for c in t.children if c.dep_ in ("nsubj", "csubj")]
    agent = [g for c in t.children if c.dep_ == "agent" for g in c.children]
    doer = [x for s in subj + agent for x in s.subtree]
    if not doer and t.dep_ in ("conj", "xcomp", "advcl") and t.head.pos_ == "VERB":
        doer = [x for c in t.head.children if c.dep_ == "nsubj" for x in c.subtree]
    return doer


def _done(t: Token) -> list[Token]:
    """The tokens of the verb's object or passive subject."""
    objs = [c for c in t.children if c.dep_ in ("dobj", "obj")]
    psubj = [c for c in t.children if c.dep_ == "nsubjpass"]
    return [x for s in objs + psubj for x in s.subtree]


def _territory_cues(lem: str, doer: list[Token], done: list[Token]) -> list[str]:
    """TERR_BY_/TERR_FROM_ the camp (GOV or NONSTATE) that takes or loses ground; TERR_RE for a
    retaking."""
    taker, loser = _camp(doer), _camp(done)
    out = [f"TERR_BY_{taker}"] if taker else []
    out += [f"TERR_FROM_{loser}"] if loser else []
    if lem in ("recapture", "regain", "retake", "reclaim", "liberate"):
        out.append("TERR_RE")
    return out


def _violence_cues(doer: list[Token], done: list[Token]) -> list[str]:
    """VIOL_BY_/VIOL_ON_ protesters or police, and VIOL_<by>_ON_<on> when both are named."""
    w, v = _who(doer), _who(done)
    out = [f"VIOL_BY_{w}"] if w else []
    out += [f"VIOL_ON_{v}"] if v else []
    if w and v:
        out.append(f"VIOL_{w}_ON_{v}")
    return out


def role_cues(doc: Doc) -> list[str]:
    """Parse-based cues: whether the territory taker is a government or non-state force, and
    whether protesters or police do the violence (violent demonstration vs force against
    protesters vs intervention). `doc` is a spaCy Doc."""
    out: list[str] = []
    for t in doc:
        if t.pos_ != "VERB":
            continue
        lem = lemma(t)
        if lem in TERRITORY_VERBS:
            out += _territory_cues(lem, _doer(t), _done(t))
        if lem in FORCE_VERBS or lem in RIOT_VERBS:
            out += _violence_cues(_doer(t), _done(t))
    return sorted(set(out))


TERRITORY_MAIN = TERRITORY_VERBS | frozenset("gain oust drive push purge".split())


def lead_cues(doc, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    """What the snippet's opening says: cues of its first sentence (`S1_C_<cue>`: the event a
    report leads with, not the background after it) and the camp of whoever does the first
    territory verb (`TERR_FIRST_BY_GOV|NONSTATE`: "X recaptured ..." decides regains vs
    overtakes whatever the later sentences tell)."""
    sents = list(doc.sents)
    first = sents[0].text if sents else text
    out = ["S1_" + c for c in cues(first) if c.startswith("C_")]
    for t in doc:
        if t.pos_ != "VERB" or lemma(t) not in TERRITORY_MAIN:
            continue
        doer = [x for c in t.children if c.dep_ in ("nsubj", "csubj") for x in c.subtree]
        doer += [x for c in t.children if c.dep_ == "agent" for g in c.children for x in g.subtree]
        camp = _camp(doer)
        if camp:
            out.append(f"TERR_FIRST_BY_{camp}")
            break
    return out
