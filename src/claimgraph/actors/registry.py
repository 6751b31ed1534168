"""The actor registry: shipped records + the user's file, indexed by name keys.

In: `claimgraph/data/actors/{curated.jsonl, demonyms.tsv, sources.jsonl.gz}` and the user file
(`$CLAIMGRAPH_ACTORS` or `~/.config/claimgraph/actors.jsonl`). Out: `Registry.resolve(name)`
-> `Actor` + the alias that matched, and `Registry.get(actor_id)`.

Priority when two actors share a key (lower wins): user file, curated, states (pycountry +
demonyms), UCDP, Phoenix, UniversalPetrarch Arabic. A generated record whose own name collides
with a curated/user key is shadowed (it would only ever be a worse duplicate).

Resolution cascade (first hit wins):
1. exact key  2. transliteration key  3. same without titles ("Gen.", "Dr")
4. state forces from a demonym or country + a role noun ("Russian warplanes" -> RUS-MIL,
   "Syrian state television" -> SYR-JRN, "الجيش السوري" -> SYR-MIL)
5. skeleton key (consonants)  6. rapidfuzz ratio on transliteration keys >= FUZZY_THRESHOLD.
"""

from __future__ import annotations

import functools
import gzip
import json
import logging
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from collections.abc import Iterable, Iterator

from claimgraph.actors.normalize import (
    arabic_key,
    exact_key,
    has_arabic,
    skeleton_key,
    strip_honorifics,
    translit_key,
)
from claimgraph.model import ActorRef
from claimgraph.resources import cached_build, data_path, inputs_key

log = logging.getLogger(__name__)

__all__ = ["Actor", "Match", "Registry", "registry", "user_registry_path", "FUZZY_THRESHOLD"]

#: rapidfuzz `ratio` on transliteration keys; tuned on re3d dev alias pairs and entity names
#: (below ~88 unrelated short names start to collide, e.g. "Hamas"/"Hamad").
FUZZY_THRESHOLD = 90.0
#: how alike two surnames' transliteration keys must be for a loose match on a person
SURNAME_RATIO = 85.0
_MIN_FUZZY_LEN = 6
#: consonants a vowel-less key must keep to identify anyone: "Mmusi Maimane" and "Moussa Mamane"
#: share "ms mn" (four), "Omar Bashir" and "Umar Bashir" share "umr bshr" (seven)
SKELETON_MIN_CONSONANTS = 5

PRIORITY = {"user": 0, "curated": 1, "states": 2, "pycountry": 2, "ucdp": 3, "phoenix": 4,
            "up_arabic": 5}  # fmt: skip

# role nouns after a demonym / country name -> sector of the state actor
_ROLE_NOUNS: dict[str, tuple[str, ...]] = {
    "MIL": ("army", "armies", "military", "militaries", "armed forces", "forces", "force", "troops",
            "soldiers", "soldier", "warplanes", "warplane", "jets", "jet", "fighter jets",
            "aircraft", "air force", "airforce", "air forces", "navy", "naval forces", "warships",
            "helicopters", "helicopter", "drones", "drone", "artillery", "tanks", "gunboats",
            "special forces", "marines", "airstrikes", "air strikes", "strikes", "bombers",
            "defence ministry", "defense ministry", "ministry of defence", "ministry of defense",
            "military sources", "army sources", "paratroopers", "commanders", "commander",
            "officers", "generals", "general staff", "regime forces", "government forces",
            "pro-government forces", "loyalist forces", "coalition", "battalion", "brigade",
            "division", "units", "missiles", "rockets", "airstrike"),
    "GOV": ("government", "governments", "regime", "authorities", "officials", "official",
            "leadership", "ministry", "ministries", "minister", "ministers", "president",
            "prime minister", "foreign minister", "foreign ministry", "cabinet", "administration",
            "embassy", "ambassador", "envoy", "delegation", "diplomats", "diplomat",
            "spokesman", "spokeswoman", "parliament", "state"),
    "COP": ("police", "policemen", "security forces", "riot police", "border guards",
            "border police", "gendarmerie", "interior ministry"),
    "SPY": ("intelligence", "intelligence services", "intelligence agency", "secret police",
            "security services", "mukhabarat"),
    "JRN": ("state television", "state tv", "state media", "state news agency", "television",
            "state-run television", "state-run media", "state-run news agency", "news agency",
            "state broadcaster", "official news agency", "tv", "media", "press"),
    "REB": ("rebels", "rebel", "insurgents", "militants", "opposition fighters", "rebel groups",
            "armed opposition", "jihadists", "fighters"),
    "OPP": ("opposition", "activists", "protesters", "demonstrators", "dissidents"),
    "CVL": ("civilians", "people", "citizens", "refugees", "residents", "villagers", "children",
            "women", "families", "workers"),
}  # fmt: skip
_ROLE_NOUN_SECTOR = {n: s for s, ns in _ROLE_NOUNS.items() for n in ns}
_SECTOR_LABEL = {"MIL": "military", "GOV": "government", "COP": "police", "SPY": "intelligence",
                 "JRN": "state media", "REB": "rebels", "OPP": "opposition", "CVL": "civilians"}  # fmt: skip
# Arabic: noun first, then the adjective ("الجيش السوري"); keys after arabic_key()
_AR_ROLE_NOUNS = {
    "جيش": "MIL", "قوات": "MIL", "قوه": "MIL", "طاير": "MIL", "طايرات": "MIL", "طيران": "MIL",
    "مقاتلات": "MIL", "جنود": "MIL", "عسكر": "MIL", "جيوش": "MIL", "مدفعيه": "MIL",
    "حكومه": "GOV", "نظام": "GOV", "سلطات": "GOV", "وزاره": "GOV", "رييس": "GOV", "خارجيه": "GOV",
    "مسوول": "GOV", "مسوولين": "GOV", "شرطه": "COP", "امن": "COP", "مخابرات": "SPY",
    "تلفزيون": "JRN", "وكاله": "JRN", "اعلام": "JRN", "معارضه": "OPP", "متمردين": "REB",
    "مدنيين": "CVL",
}  # fmt: skip


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    kind: str = "org"  # org | person | state | group
    sector: str | None = None
    country: str | None = None
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    wikidata: str | None = None
    valid_from: str | None = None
    valid_to: str | None = None
    source: str = "curated"
    roles: tuple[dict[str, Any], ...] = ()
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @classmethod
    def from_record(cls, r: dict[str, Any]) -> Actor:
        known = {"id", "name", "kind", "sector", "country", "aliases", "parent", "wikidata",
                 "valid_from", "valid_to", "source", "roles"}  # fmt: skip
        return cls(
            id=r["id"],
            name=r["name"],
            kind=r.get("kind", "org"),
            sector=r.get("sector"),
            country=r.get("country"),
            aliases=tuple(r.get("aliases", ())),
            parent=r.get("parent"),
            wikidata=r.get("wikidata"),
            valid_from=r.get("valid_from"),
            valid_to=r.get("valid_to"),
            source=r.get("source", "curated"),
            roles=tuple(r.get("roles", ())),
            extra={k: v for k, v in r.items() if k not in known},
        )

    def record(self) -> dict[str, Any]:
        r: dict[str, Any] = {
            "id": self.id, "name": self.name, "kind": self.kind, "sector": self.sector,
            "country": self.country, "aliases": list(self.aliases), "parent": self.parent,
            "wikidata": self.wikidata, "valid_from": self.valid_from, "valid_to": self.valid_to,
            "source": self.source, "roles": list(self.roles), **self.extra,
        }  # fmt: skip
        return {k: v for k, v in r.items() if v not in (None, [], "")}

    def names(self) -> Iterator[str]:
        yield self.name
        yield from self.aliases

    def ref(self, matched_alias: str | None = None, start: int | None = None,
            end: int | None = None, name: str | None = None) -> ActorRef:  # fmt: skip
        return ActorRef(
            name=name or self.name,
            actor_id=self.id,
            country=self.country,
            sector=self.sector,
            wikidata=self.wikidata,
            matched_alias=matched_alias,
            start=start,
            end=end,
        )


@dataclass(frozen=True)
class Match:
    actor: Actor
    alias: str  # the registry name that matched
    how: str  # exact | translit | title | demonym | skeleton | fuzzy
    score: float = 100.0


def user_registry_path() -> Path:
    env = os.environ.get("CLAIMGRAPH_ACTORS")
    if env:
        return Path(env).expanduser()
    return Path("~/.config/claimgraph/actors.jsonl").expanduser()


def _read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:  # type: ignore[operator]
        for line in fh:
            line = line.strip()
            if line and not line.startswith("#"):
                yield json.loads(line)


def _read_demonyms(path: Path) -> list[tuple[str, list[str], list[str], list[str]]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = (line.split("\t") + ["", "", ""])[:4]
        out.append((cols[0].strip(), *[[x.strip() for x in c.split(",") if x.strip()]
                                       for c in cols[1:]]))  # fmt: skip
    return out  # type: ignore[return-value]


class Registry:
    """Actors and their name index. Build with `Registry.load()` or from records (tests)."""

    def __init__(self, records: Iterable[dict[str, Any]] = (),
                 demonyms: list[tuple[str, list[str], list[str], list[str]]] | None = None) -> None:  # fmt: skip
        self.actors: dict[str, Actor] = {}
        self.redirect: dict[str, str] = {}
        self._exact: dict[str, list[tuple[int, int, str, str]]] = {}
        self._translit: dict[str, list[tuple[int, int, str, str]]] = {}
        self._skeleton: dict[str, list[tuple[int, int, str, str]]] = {}
        self.demonyms: dict[str, str] = {}  # exact key of demonym/country name -> ISO3
        self.ar_adjectives: dict[str, str] = {}  # arabic key -> ISO3
        self.country_names: dict[str, str] = {}  # ISO3 -> English name
        self._fuzzy_keys: list[str] | None = None
        self._fuzzy_cache: dict[str, Match | None] = {}
        self._fuzzy_owner: list[tuple[int, int, str, str]] = []
        self._order = 0
        recs = list(records)
        for r in recs:
            if r.get("source") == "pycountry" or str(r.get("id", "")).startswith("state:"):
                self.country_names.setdefault(r["id"].split(":", 1)[1], r["name"])
        if demonyms:
            recs = self._merge_demonyms(recs, demonyms)
        recs.sort(key=lambda r: PRIORITY.get(r.get("source", "curated"), 6))
        for r in recs:
            self.add(r)

    # -- loading -------------------------------------------------------------------------
    @classmethod
    def load(cls, user_file: Path | None = None, *, shipped: bool = True) -> Registry:
        recs: list[dict[str, Any]] = []
        demonyms = None
        if shipped:
            base = data_path("actors")
            recs.extend(_read_jsonl(base / "curated.jsonl"))
            src = base / "sources.jsonl.gz"
            if src.exists():
                recs.extend(_read_jsonl(src))
            demonyms = _read_demonyms(base / "demonyms.tsv")
        uf = user_file if user_file is not None else user_registry_path()
        if uf.exists():
            recs.extend(load_user_records(uf))
        return cls(recs, demonyms)

    def _merge_demonyms(self, recs: list[dict[str, Any]],
                        demonyms: list[tuple[str, list[str], list[str], list[str]]]) -> list[dict[str, Any]]:  # fmt: skip
        by_id = {r["id"]: r for r in recs}
        for iso, adjs, names, ar in demonyms:
            sid = f"state:{iso}"
            st = by_id.get(sid)
            if st is None:
                st = {"id": sid, "name": names[0] if names else iso, "kind": "state",
                      "sector": "GOV", "country": iso, "aliases": [], "source": "pycountry"}  # fmt: skip
                recs.append(st)
                by_id[sid] = st
                self.country_names[iso] = st["name"]
            if names and st["name"] != names[0]:
                # the short name people write ("Russia", not "Russian Federation")
                st["aliases"] = [st["name"], *st.get("aliases", [])]
                st["name"] = names[0]
            self.country_names[iso] = st["name"]
            st["aliases"] = [a for a in dict.fromkeys([*st.get("aliases", []), *names, *ar])
                             if a != st["name"]]  # fmt: skip
            for a in [*adjs, *names, st["name"], *st.get("aliases", [])]:
                if not has_arabic(a):
                    self.demonyms.setdefault(exact_key(a), iso)
            for a in ar:
                self.ar_adjectives.setdefault(arabic_key(a), iso)
        for r in recs:
            if r.get("kind") == "state" and r.get("country") and not has_arabic(r["name"]):
                self.demonyms.setdefault(exact_key(r["name"]), r["country"])
        return recs

    def add(self, r: dict[str, Any]) -> Actor:
        """Add (or replace) one actor record; later records with the same id replace earlier."""
        actor = Actor.from_record(r)
        prio = PRIORITY.get(actor.source, 6)
        if prio >= 2 and actor.source != "user":
            # shadowed: its own name is already a curated/user key
            for k in {exact_key(actor.name), translit_key(actor.name)}:
                for owner in self._exact.get(k, []) + self._translit.get(k, []):
                    if owner[0] <= 1 and self.actors[owner[2]].kind == actor.kind:
                        self.redirect[actor.id] = owner[2]
                        return self.actors[owner[2]]
        if actor.id in self.actors:
            self._unindex(actor.id)
        self.actors[actor.id] = actor
        self._order += 1
        for name in actor.names():
            self._index(name, (prio, self._order, actor.id, name))
        self._fuzzy_keys = None
        self._fuzzy_cache = {}
        return actor

    def _index(self, name: str, entry: tuple[int, int, str, str]) -> None:
        if not name or not name.strip():
            return
        if has_arabic(name):
            self._exact.setdefault(arabic_key(name), []).append(entry)
            return
        ek, tk = exact_key(name), translit_key(name)
        if not ek:
            return
        self._exact.setdefault(ek, []).append(entry)
        if len(tk) >= 3:
            self._translit.setdefault(tk, []).append(entry)
        sk = skeleton_key(name, tk)
        if len(sk.replace(" ", "")) >= 4 and " " in sk:
            self._skeleton.setdefault(sk, []).append(entry)

    def _unindex(self, actor_id: str) -> None:
        for idx in (self._exact, self._translit, self._skeleton):
            for k in list(idx):
                lst = [e for e in idx[k] if e[2] != actor_id]
                if lst:
                    idx[k] = lst
                else:
                    del idx[k]

    # -- lookups -------------------------------------------------------------------------
    def get(self, actor_id: str) -> Actor | None:
        actor_id = self.redirect.get(actor_id, actor_id)
        a = self.actors.get(actor_id)
        if a is None and re.fullmatch(r"[A-Z]{3}-[A-Z]{3}", actor_id):
            return self.state_actor(actor_id[:3], actor_id[4:])
        return a

    def state_actor(self, iso: str, sector: str) -> Actor:
        """The synthetic actor for a state's sector: 'RUS','MIL' -> RUS-MIL 'Russia military'."""
        aid = f"{iso}-{sector}"
        if aid in self.actors:
            return self.actors[aid]
        cname = self.country_names.get(iso, iso)
        return Actor(id=aid, name=f"{cname} {_SECTOR_LABEL.get(sector, sector.lower())}",
                     kind="org", sector=sector, country=iso, parent=f"state:{iso}",
                     source="states")  # fmt: skip

    @staticmethod
    def _best(entries: list[tuple[int, int, str, str]]) -> tuple[int, int, str, str]:
        return min(entries)

    def lookup(self, name: str, *, fuzzy: bool = True) -> Match | None:
        """Resolve a name through the cascade in the module docstring."""
        name = name.strip()
        if not name:
            return None
        if has_arabic(name):
            return self._lookup_arabic(name)
        ek = exact_key(name)
        if not ek:
            return None
        hit = self._exact.get(ek)
        if hit:
            return self._match(hit, "exact")
        tk = translit_key(name)
        hit = self._translit.get(tk)
        # one-word names collide easily across transliteration ("Douma"/"Duma"): only trust
        # curated/user/state entries there
        if hit and " " not in tk:
            hit = [e for e in hit if e[0] <= 2]
        if hit:
            return self._match(hit, "translit")
        bare = strip_honorifics(name)
        if bare != name:
            hit = self._exact.get(exact_key(bare)) or self._translit.get(translit_key(bare))
            if hit:
                return self._match(hit, "title")
        dm = self.demonym_match(name)
        if dm:
            return dm
        sk = skeleton_key(bare)
        informative = " " in sk and len(sk.replace(" ", "")) >= SKELETON_MIN_CONSONANTS
        hit = self._skeleton.get(sk) if informative else None
        if hit:
            hit = [e for e in hit if self._same_person(translit_key(bare), e)]
        if hit:
            return self._match(hit, "skeleton")
        if fuzzy:
            return self._fuzzy(translit_key(bare))
        return None

    def _match(self, entries: list[tuple[int, int, str, str]], how: str,
               score: float = 100.0) -> Match:  # fmt: skip
        e = self._best(entries)
        return Match(self.actors[e[2]], e[3], how, score)

    def demonym_match(self, name: str) -> Match | None:
        """'Russian warplanes' -> RUS-MIL; 'Syria's government' -> SYR-GOV; 'Syrians' -> state."""
        words = exact_key(name).split()
        for i in range(min(3, len(words)), 0, -1):
            head = " ".join(words[:i])
            iso = self.demonyms.get(head)
            if iso is None:
                continue
            rest = [w for w in words[i:] if w not in ("s", "the", "own", "new", "backed",
                                                      "led", "pro")]  # fmt: skip
            if not rest:
                st = self.actors.get(f"state:{iso}")
                return Match(st, head, "demonym") if st else None
            # "Iraqi Popular Mobilisation Forces": the rest is itself a known actor
            hit = (
                self._exact.get(" ".join(rest)) or self._translit.get(translit_key(" ".join(rest)))
                if len(rest) >= 2
                else None
            )
            if hit:
                e = min(hit)
                if self.actors[e[2]].kind != "state":
                    return Match(self.actors[e[2]], e[3], "demonym")
            if len(rest) > 4:
                return None
            sector = None
            # longest role noun at the end ("Syrian government forces" -> forces)
            for j in range(len(rest)):
                sector = _ROLE_NOUN_SECTOR.get(" ".join(rest[j:]))
                if sector:
                    break
            if sector:
                return Match(self.state_actor(iso, sector), name, "demonym")
        return None

    def _lookup_arabic(self, name: str) -> Match | None:
        key = arabic_key(name)
        hit = self._exact.get(key)
        if hit:
            return self._match(hit, "exact")
        words = key.split()
        # noun + adjective: "الجيش السوري", "القوات الروسية", "الطائرات الحربية الروسية"
        if len(words) >= 2:
            iso = self.ar_adjectives.get(words[-1])
            sector = _AR_ROLE_NOUNS.get(words[0]) if len(words) <= 4 else None
            if iso and sector:
                return Match(self.state_actor(iso, sector), name, "demonym")
        if len(words) == 1 and words[0] in self.ar_adjectives:
            st = self.actors.get(f"state:{self.ar_adjectives[words[0]]}")
            if st:
                return Match(st, name, "demonym")
        return None

    def _fuzzy_index(self) -> list[str]:
        if self._fuzzy_keys is None or not hasattr(self, "_bucket_keys"):
            items = sorted(self._translit.items(), key=lambda kv: kv[0])
            self._fuzzy_keys = [k for k, _ in items]
            self._fuzzy_owner = [min(v) for _, v in items]
            # buckets by first letter: a ratio >= 90 almost never changes the first letter,
            # and scanning one bucket is ~20x faster than all keys
            self._buckets: dict[str, list[int]] = {}
            for i, k in enumerate(self._fuzzy_keys):
                self._buckets.setdefault(k[:1], []).append(i)
            # each bucket's keys, listed once (a lookup listed its bucket's keys every time)
            self._bucket_keys = {
                c: [self._fuzzy_keys[i] for i in idx] for c, idx in self._buckets.items()
            }
        return self._fuzzy_keys

    def _same_person(self, tk: str, e: tuple[int, int, str, str]) -> bool:
        """A loose (skeleton or fuzzy) match on a person keeps the surname: the last words'
        transliteration keys are equal, or share a skeleton and differ by a letter or two
        ("al-Bagdadi" / "al-Baghdadi"). A shared first name is not the same person ("Mark Esper"
        is not "Mark Espat", nor "Mmusi Maimane" "Mousa Maani")."""
        if self.actors[e[2]].kind != "person":
            return True
        mine, theirs = tk.split()[-1:], translit_key(e[3]).split()[-1:]
        if not mine or not theirs or mine == theirs:
            return True
        from rapidfuzz import fuzz

        return skeleton_key(mine[0]) == skeleton_key(theirs[0]) and (
            fuzz.ratio(mine[0], theirs[0]) >= SURNAME_RATIO
        )

    def _fuzzy(self, tk: str) -> Match | None:
        if len(tk.replace(" ", "")) < _MIN_FUZZY_LEN:
            return None
        if tk in self._fuzzy_cache:
            return self._fuzzy_cache[tk]
        from rapidfuzz import fuzz, process

        self._fuzzy_index()
        bucket = self._buckets.get(tk[:1], [])
        res = process.extractOne(tk, self._bucket_keys.get(tk[:1], []), scorer=fuzz.ratio,
                                 score_cutoff=FUZZY_THRESHOLD)  # fmt: skip
        out = None
        if res is not None:
            _, score, j = res
            e = self._fuzzy_owner[bucket[j]]
            one_word_ok = " " in tk or e[0] <= 2  # one-word hits only on curated/user/state names
            if one_word_ok and self._same_person(tk, e):
                out = Match(self.actors[e[2]], e[3], "fuzzy", float(score))
        if len(self._fuzzy_cache) > 50_000:
            self._fuzzy_cache.clear()
        self._fuzzy_cache[tk] = out
        return out

    def search(self, query: str, limit: int = 10) -> list[tuple[Actor, float]]:
        """Actors whose names best match `query`, best first, scored 0-100 by match quality: 100
        when `query` resolves exactly (any alias, either script); then the whole name
        (`ratio` of transliteration keys, or of their words in any order); a name the query
        begins (whole words) scores 85-100 by how much of it was typed, one holding every word of the query
        70-95. A short name found inside a long query (WRatio's partial match, which scored
        "SLA" 90 for "Army of Islam") gets no credit for it."""
        from rapidfuzz import fuzz, process

        tk = translit_key(query)
        keys = self._fuzzy_index()
        words = set(tk.split())
        found: set[int] = set()
        for scorer in (fuzz.WRatio, fuzz.token_sort_ratio):  # recall; ranked below
            found.update(
                i for _, _, i in process.extract(tk, keys, scorer=scorer, limit=limit * 20)
            )
        out: dict[str, tuple[Actor, float]] = {}
        for i in found:
            key = keys[i]
            score = max(fuzz.ratio(tk, key), fuzz.token_sort_ratio(tk, key))
            if tk and key.startswith(tk) and key[len(tk) : len(tk) + 1] in ("", " "):  # whole words
                score = max(score, 85 + 15 * len(tk) / len(key))
            elif words and words <= set(key.split()):
                score = max(score, 70 + 25 * len(tk) / len(key))
            a = self.actors[self._fuzzy_owner[i][2]]
            if a.id not in out or out[a.id][1] < score:
                out[a.id] = (a, float(score))
        ex = self.lookup(query, fuzzy=False)
        if ex:
            out[ex.actor.id] = (ex.actor, 100.0)
        return sorted(out.values(), key=lambda t: (-t[1], t[0].name))[:limit]

    def __len__(self) -> int:
        return len(self.actors)


def load_user_records(path: Path) -> list[dict[str, Any]]:
    """User file records: full actors, or {"op": "alias"|"merge", ...} edits applied on load."""
    recs: list[dict[str, Any]] = []
    for r in _read_jsonl(path):
        r.setdefault("source", "user")
        recs.append(r)
    return recs


def apply_user_ops(reg: Registry, recs: Iterable[dict[str, Any]]) -> None:
    """Alias/merge operations recorded in the user file."""
    for r in recs:
        op = r.get("op")
        if op == "alias":
            a = reg.get(r["id"])
            if a is not None:
                rec = a.record()
                rec["aliases"] = list(dict.fromkeys([*a.aliases, *r.get("aliases", [])]))
                rec["source"] = "user"
                reg.add(rec)
        elif op == "merge":
            keep, drop = reg.get(r["into"]), reg.get(r["id"])
            if keep is not None and drop is not None and keep.id != drop.id:
                rec = keep.record()
                rec["aliases"] = list(dict.fromkeys([*keep.aliases, drop.name, *drop.aliases]))
                rec["source"] = "user"
                reg._unindex(drop.id)
                reg.actors.pop(drop.id, None)
                reg.redirect[drop.id] = keep.id
                reg.add(rec)


@functools.lru_cache(maxsize=4)
def _cached(user_file: str) -> Registry:
    start = time.perf_counter()
    reg = _load(user_file)
    log.info(
        "loaded the actor registry: %d actors (user file %s) in %.1f s",
        len(reg),
        user_file,
        time.perf_counter() - start,
    )
    return reg


def _load(user_file: str) -> Registry:
    uf = Path(user_file)
    user_recs = load_user_records(uf) if uf.exists() else []
    full = [r for r in user_recs if "op" not in r]
    ops = [r for r in user_recs if "op" in r]
    reg = shipped_registry()
    for r in full:
        reg.add(r)
    apply_user_ops(reg, ops)
    return reg


#: the code that turns records into the index: a change to it changes the cached registry
_KEY_CODE = (
    Path(__file__),
    Path(__file__).with_name("normalize.py"),
    Path(__file__).parent.parent / "text" / "arabic.py",
)


def shipped_registry() -> Registry:
    """A fresh registry of the shipped actors, without the user file. Indexing the 30k actors
    takes ~2 s CPU, so the index is kept in the cache folder (`resources.cached_build`) and a
    later process unpickles it in ~0.2 s; the user's records and edits are applied on top by
    `_load`, as they were on a fresh index, so editing the user file never rebuilds it."""
    return cached_build(
        "actor-registry",
        shipped_key(),
        lambda: Registry.load(user_file=Path("/nonexistent")),
        Registry,
    )


def shipped_key() -> str:
    """Hash of what the shipped registry is made of: the shipped actor files, the code that
    indexes them and the transliteration library's version."""
    from importlib.metadata import version

    base = data_path("actors")
    files = [base / "curated.jsonl", base / "sources.jsonl.gz", base / "demonyms.tsv", *_KEY_CODE]
    return inputs_key(files, extra=[f"anyascii {version('anyascii')}"])


def registry() -> Registry:
    """The process-wide registry (shipped data + the user file), loaded on first use."""
    return _cached(str(user_registry_path()))


def clear_cache() -> None:
    _cached.cache_clear()
