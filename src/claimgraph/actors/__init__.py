"""Actors: a registry of who is who, in Latin and Arabic script, and its use on documents.

In: names (`resolve`) or Documents (`ActorStage`). Out: `ActorRef`s with registry ids, or
provisional ids for names the registry does not know.

    resolve(name) -> ActorRef | None          one name, no context
    ruler_patterns() -> list[dict]            spaCy EntityRuler patterns for the nlp stage
    ActorStage()(doc) -> doc                  fills doc.actors (see claimgraph.actors.stage)
    registry() -> Registry                    shipped data + the user file, cached per process

Data: `claimgraph/data/actors/` (sources and licences in its README.md); rebuild the generated
part with `python -m claimgraph.actors.build`.
"""

from __future__ import annotations

import functools
from typing import Any

from claimgraph.actors.lookup import resolve, resolve_match
from claimgraph.actors.registry import Actor, Match, Registry, registry
from claimgraph.actors.stage import ActorStage, provisional_id
from claimgraph.text import has_arabic

__all__ = [
    "Actor",
    "ActorStage",
    "Match",
    "Registry",
    "registry",
    "resolve",
    "resolve_match",
    "ruler_patterns",
    "add_entity_ruler",
    "provisional_id",
]

# "Hezbollah fighters", "ISIS militants": the group itself
_LABEL = {"person": "PERSON", "org": "ORG", "group": "NORP"}
# names too short or too generic to tag everywhere (they still resolve through `resolve`)
_PATTERN_STOP = {"IS", "AA", "AP", "AQ", "PA", "US", "SAF", "COI", "JAS", "ISI", "SNA", "RIA",
                 "Observatory", "the Alliance", "Ban", "Amal", "Hashd", "Red Crescent",
                 "National Coalition", "Commission of Inquiry", "Expeditionary Corps", "SMART",
                 "Shabab", "Nusra", "Assad", "Trump", "Kerry", "Abu Hammam"}  # fmt: skip
_PHOENIX_PATTERN_SECTORS = {"REB", "MIL", "IGO", "NGO", "JRN", "MED", "OPP", "SPY", "COP"}
_PATTERN_SECTORS = {"REB", "MIL", "IGO", "NGO", "GOV", "JRN", "MED", "OPP", "COP", "SPY", "PTY",
                    "ELI", "JUD", "LEG", "CVL"}  # fmt: skip


@functools.lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[str, str, str], ...]:
    reg = registry()
    out: dict[str, tuple[str, str]] = {}
    for a in reg.actors.values():
        if a.kind == "state":
            continue  # country names are the gazetteer's (places.ruler_patterns)
        label = _LABEL.get(a.kind, "ORG")
        if a.source in ("curated", "user"):
            names = list(a.names())
        elif a.source == "ucdp":
            if a.kind != "org":
                continue
            names = list(a.names())
        elif a.source == "phoenix":
            if a.sector not in _PATTERN_SECTORS:
                continue
            if a.kind == "person" or a.sector not in _PHOENIX_PATTERN_SECTORS:
                continue  # office holders since 1945: resolvable, not worth tagging (load time)
            names = list(a.names())
        else:
            continue
        for n in names:
            if not n or n in _PATTERN_STOP or has_arabic(n) or len(n) < 3:
                continue
            if n.lower() == n:  # lower-case phrases would tag common words
                continue
            if len(n.split()) == 1 and not n.isupper() and a.source not in ("curated", "user"):
                continue  # one-word names from the big lists: too ambiguous ("Rebel", "Ali")
            out.setdefault(n, (label, a.id))
            if n.startswith("the ") or n.startswith("The "):
                continue
            # news writes both "al-Qaeda" and "Al-Qaeda"
            cap = n[:1].upper() + n[1:]
            out.setdefault(cap, (label, a.id))
    return tuple((p, lab, aid) for p, (lab, aid) in sorted(out.items()))


def ruler_patterns() -> list[dict[str, Any]]:
    """EntityRuler patterns: {"label": ORG|PERSON|NORP, "pattern": name, "id": actor_id}."""
    return [{"label": lab, "pattern": p, "id": aid} for p, lab, aid in _patterns()]


def add_entity_ruler(nlp: Any, *, before: str = "ner", name: str = "actor_ruler") -> Any:
    """Add an EntityRuler with `ruler_patterns()` before `before` (about 1 s for ~6k patterns).

    The patterns are added with only the ruler enabled: otherwise spaCy runs tok2vec, tagger and
    parser over every pattern string (5 s+).
    """
    ruler = nlp.add_pipe("entity_ruler", name=name, before=before)
    with nlp.select_pipes(enable=[name]):
        ruler.add_patterns(ruler_patterns())
    return ruler
