"""Build the shipped actor registry from public actor lists.

In: ../shared/data/{ucdp_actor_221, phoenix_actor_dictionaries, up_arabic_actor_dictionary}
(or `--src DIR`), plus pycountry. Out: `claimgraph/data/actors/sources.jsonl.gz`, one actor per
line, sorted by id, so that a rebuild from the same inputs is byte-identical.

    python -m claimgraph.actors.build [--src ../shared/data] [--out FILE]

Hand-curated entries (`curated.jsonl`) and demonyms (`demonyms.tsv`) are not generated: they are
edited by hand and merged over these records when the registry loads.

Record keys: id, name, kind (org | person | state | group), sector (PLOVER/CAMEO sector code),
country (ISO-3), parent, aliases, roles [{sector, country, from, to}], valid_from, valid_to,
wikidata, source.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
import sys
from pathlib import Path
from typing import Any

import pycountry

from claimgraph.actors.normalize import arabic_key, arabic_norm
from claimgraph.text import ARABIC_BLOCK

DEFAULT_SRC = Path(__file__).resolve().parents[3].parent / "shared" / "data"

# UCDP "Org" codes (codebook 22.1): 1 rebel group, 2 supporters of a party, 3 identity group,
# 4 government
_UCDP_SECTOR = {"1": "REB", "2": "OPP", "3": "CVL", "4": "GOV"}
_UCDP_KIND = {"1": "org", "2": "group", "3": "group", "4": "org"}
# CAMEO actor-type codes that are not PLOVER sectors: mapped to the nearest one
_SECTOR_MAP = {"IMG": "REB", "INS": "REB", "UAF": "REB", "SEP": "REB", "RAD": "REB", "HRI": "NGO"}
_NON_STATE_ROOTS = {"IGO", "IMG", "NGO", "MNC", "UAF", "INS", "REB", "NGM"}
_SMALL = {"of", "the", "and", "for", "in", "on", "al", "el", "de", "du", "la", "le", "bin",
          "ibn", "to", "a", "an", "ad", "as", "ash", "at", "ul", "des", "del", "da", "van", "von"}  # fmt: skip

_ISO3 = {c.alpha_3 for c in pycountry.countries}
# institution nouns (after arabic_key): a name holding one is an organisation
_AR_ORG_WORDS = {"جيش", "قوات", "قوه", "وزاره", "حكومه", "منظمه", "حركه", "حزب", "شرطه", "مجلس",
                 "هييه", "جبهه", "اتحاد", "جماعه", "لجنه", "وكاله", "شركه", "بنك", "محكمه",
                 "برلمان", "جامعه", "مكتب", "سلطه", "كتايب", "لواء", "فيلق", "تنظيم", "مخابرات"}  # fmt: skip
_COUNTRY_FIX = {
    "russia (soviet union)": "RUS", "vietnam (north vietnam)": "VNM", "yemen (north yemen)": "YEM",
    "cambodia (kampuchea)": "KHM", "serbia (yugoslavia)": "SRB", "myanmar (burma)": "MMR",
    "dr congo (zaire)": "COD", "zimbabwe (rhodesia)": "ZWE", "madagascar (malagasy)": "MDG",
    "ivory coast": "CIV", "bosnia-herzegovina": "BIH", "south vietnam": "VNM", "laos": "LAO",
    "iran": "IRN", "syria": "SYR", "russia": "RUS", "turkey": "TUR", "kosovo": "XKX",
    "hyderabad": "IND", "south yemen": "YEM", "congo": "COG", "macedonia, fyr": "MKD",
    "east timor": "TLS", "yemen": "YEM", "palestine": "PSE", "taiwan": "TWN",
    "united states of america": "USA", "north korea": "PRK", "south korea": "KOR",
    "tanzania": "TZA", "bolivia": "BOL", "venezuela": "VEN", "moldova": "MDA",
    "czech republic": "CZE", "kingdom of eswatini (swaziland)": "SWZ", "north macedonia": "MKD",
}  # fmt: skip


def iso3(name: str) -> str | None:
    """Country name (as UCDP writes it) -> ISO-3, or None."""
    key = name.strip().lower()
    if key in _COUNTRY_FIX:
        return _COUNTRY_FIX[key]
    try:
        return pycountry.countries.lookup(name.strip()).alpha_3
    except LookupError:
        pass
    base = re.sub(r"\s*\(.*\)\s*", "", name).strip()
    if base != name.strip():
        return iso3(base)
    try:
        return pycountry.countries.search_fuzzy(name.strip())[0].alpha_3
    except LookupError:
        return None


def smart_title(text: str, org: bool = True) -> str:
    """'SYRIAN_OBSERVATORY_FOR_HUMAN_RIGHTS_' -> 'Syrian Observatory for Human Rights'.

    In organisation names two-letter words that are not function words stay upper case
    ("US", "UN", "EU"); in person names they are name parts ("Wu", "Li").
    """
    words = [w for w in text.replace("_", " ").split() if w]
    if len(words) == 1 and len(words[0]) <= 5 and words[0].isupper():
        return words[0]  # an acronym: ANSF, HAMAS is handled by curated entries
    out = []
    for i, w in enumerate(words):
        if "." in w and len(w) <= 6:  # U.N., U.S.
            out.append(w.upper())
            continue
        if org and len(w) == 2 and w.isalpha() and w.lower() not in _SMALL | {"is", "or", "no"}:
            out.append(w.upper())
            continue
        parts = w.lower().split("-")
        parts = [p if (p in _SMALL and (i or j)) else p[:1].upper() + p[1:] for j, p in
                 enumerate(parts)]  # fmt: skip
        out.append("-".join(parts))
    return " ".join(out)


def _slug(text: str) -> str:
    return re.sub(f"[^0-9a-z{ARABIC_BLOCK}]+", "_", text.lower()).strip("_")[:60]


def _date(s: str) -> str | None:
    s = s.strip()
    if not s or not s.isdigit():
        return None
    if len(s) == 6:
        yy = int(s[:2])
        s = ("19" if yy > 30 else "20") + s
    if len(s) != 8:
        return None
    y, m, d = s[:4], s[4:6], s[6:8]
    if y == "1800":  # the Arabic dictionary's "open end"
        return None
    m = m if "01" <= m <= "12" else "01"
    d = d if "01" <= d <= "31" else "01"
    return f"{y}-{m}-{d}"


def parse_code(code: str) -> dict[str, Any]:
    """'SYROPPHRI >20120101' -> {country, sector, from, to}."""
    parts = code.split()
    c = parts[0] if parts else ""
    role: dict[str, Any] = {"country": None, "sector": None, "from": None, "to": None}
    if c[:3] in _ISO3:
        role["country"] = c[:3]
        rest = c[3:]
    elif c[:3] in _NON_STATE_ROOTS:
        rest = c
    else:
        rest = c
    sec = rest[:3] or None
    role["sector"] = _SECTOR_MAP.get(sec, sec) if sec else None
    if len(parts) > 1:
        span = parts[1]
        if span.startswith(">"):
            role["from"] = _date(span[1:])
        elif span.startswith("<"):
            role["to"] = _date(span[1:])
        elif "-" in span:
            a, b = span.split("-", 1)
            role["from"], role["to"] = _date(a), _date(b)
    return role


def _parse_tabari(path: Path) -> list[dict[str, Any]]:
    """Entries of a TABARI/PETRARCH .actors file: name, aliases, codes, comment."""
    entries: list[dict[str, Any]] = []
    cur: dict[str, Any] | None = None
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        comment = raw.split("#", 1)[1] if "#" in raw else ""
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        codes = re.findall(r"\[([^\]]+)\]", line)
        text = re.sub(r"\[[^\]]*\]", "", line).strip()
        if raw[:1] in ("\t",) or (not text and codes):
            if cur is not None:
                cur["codes"].extend(codes)
            continue
        if text.startswith("+"):
            if cur is not None:
                cur["aliases"].append(text[1:].strip())
                cur["codes"].extend(codes)
            continue
        cur = {"name": text, "aliases": [], "codes": list(codes), "comment": comment}
        entries.append(cur)
    return entries


def _clean_alias(a: str) -> str:
    a = a.replace("_", " ").strip()
    a = re.sub(r"\s+", " ", a)
    return a


def _role_record(codes: list[str]) -> tuple[str | None, str | None, list[dict[str, Any]]]:
    roles = [parse_code(c) for c in codes if c.strip()]
    roles = [r for r in roles if r["country"] or r["sector"]]
    if not roles:
        return None, None, []
    # the current role is the one with the latest start (open end first)
    best = max(roles, key=lambda r: ((r["to"] or "9999"), r["from"] or ""))
    return best["country"], best["sector"], roles


def build_phoenix(src: Path) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    files = ["Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
             "Phoenix.MilNonState.actors.txt"]  # fmt: skip
    for fname in files:
        for e in _parse_tabari(src / fname):
            codes = e["codes"]
            if any(c.strip().split()[0] in _ISO3 for c in codes if c.strip()):
                continue  # a country block (cities as aliases): countries come from pycountry
            person = "CountryInfo" in e["comment"]
            name = smart_title(e["name"], org=not person)
            if len(name) < 2:
                continue
            country, sector, roles = _role_record(codes)
            aliases = sorted({smart_title(a, org=not person) for a in e["aliases"]
                              if len(a.strip("_ ")) > 1} - {name})  # fmt: skip
            rec = {
                "id": f"phx:{_slug(e['name'])}",
                "name": name,
                "kind": "person" if person else "org",
                "sector": sector,
                "country": country,
                "aliases": aliases,
                "roles": roles
                if len(roles) > 1 or any(r["from"] or r["to"] for r in roles)
                else [],
                "source": "phoenix",
            }
            if person and roles:
                rec["valid_from"] = min((r["from"] for r in roles if r["from"]), default=None)
                ends = [r["to"] for r in roles]
                rec["valid_to"] = None if any(t is None for t in ends) else max(ends)
            out.append(rec)
    return out


def build_ucdp(src: Path) -> list[dict[str, Any]]:
    path = src / "ucdp-actor-221.csv"
    out: list[dict[str, Any]] = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            names = [row["NameData"], row["NameOrig"], row["NameOrigFull"], row["NameOrigFullEng"],
                     row["NewName"], row["NewNameFullMotherTongue"], row["NewNameFullEng"]]  # fmt: skip
            names = [n.strip() for n in names if n and n.strip() and n.strip() != "n/a"]
            if not names:
                continue
            loc = [s.strip() for s in row["Location"].split(",") if s.strip()]
            country = iso3(loc[0]) if len(loc) == 1 else None
            name = names[0]
            org = row["Org"].strip()
            rec = {
                "id": f"ucdp:{row['ActorId'].strip()}",
                "name": name,
                "kind": _UCDP_KIND.get(org, "org"),
                "sector": _UCDP_SECTOR.get(org),
                "country": country,
                "aliases": sorted(set(names[1:]) - {name}),
                "roles": [],
                "source": "ucdp",
            }
            if org == "4":
                # "Government of Syria" is the state's government: one id for every spelling
                gov_of = (
                    iso3(name[len("Government of ") :])
                    if name.startswith("Government of ")
                    else None
                )
                country = gov_of or country
                if gov_of:
                    rec.update(id=f"{gov_of}-GOV", country=gov_of, parent=f"state:{gov_of}")
            out.append(rec)
    return out


def build_arabic(src: Path) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for e in _parse_tabari(src / "actor_dict_ar_v4.txt"):
        codes = [c for c in e["codes"] if c.strip()]
        country, sector, roles = _role_record(codes)
        if not country:  # generic agents ("جيش" [MIL]) are not actors
            continue
        name = arabic_norm(e["name"])
        if len(name) < 2:
            continue
        aliases = sorted({arabic_norm(a) for a in e["aliases"] if a.strip("_ ")} - {name})
        if sector is None:
            # a bare country code: the name is the country or a place in it; fold into the state
            out.append({"id": f"state:{country}", "aliases": [name, *aliases],
                        "source": "up_arabic", "_fold": True})  # fmt: skip
            continue
        # dated roles mark persons, unless the name is an institution ("جيش اسرائيلي")
        person = any(r["from"] or r["to"] for r in roles) and not any(
            w in _AR_ORG_WORDS for w in arabic_key(name).split()
        )
        out.append(
            {
                "id": f"upar:{_slug(name)}",
                "name": name,
                "kind": "person" if person else "org",
                "sector": sector,
                "country": country,
                "aliases": aliases,
                "roles": roles if person else [],
                "source": "up_arabic",
            }
        )
    return out


def build_states() -> list[dict[str, Any]]:
    out = []
    for c in pycountry.countries:
        names = {c.name, getattr(c, "official_name", c.name), getattr(c, "common_name", c.name)}
        name = getattr(c, "common_name", c.name)
        out.append(
            {
                "id": f"state:{c.alpha_3}",
                "name": name,
                "kind": "state",
                "sector": "GOV",
                "country": c.alpha_3,
                "aliases": sorted(names - {name}),
                "roles": [],
                "source": "pycountry",
            }
        )
    return out


def build(src: Path) -> list[dict[str, Any]]:
    recs: dict[str, dict[str, Any]] = {}
    states = build_states()
    for r in states:
        recs[r["id"]] = r
    groups = [
        build_ucdp(src / "ucdp_actor_221"),
        build_phoenix(src / "phoenix_actor_dictionaries"),
        build_arabic(src / "up_arabic_actor_dictionary"),
    ]
    for group in groups:
        for r in group:
            if r.pop("_fold", False):
                if r["id"] in recs:
                    al = set(recs[r["id"]]["aliases"]) | set(r["aliases"])
                    recs[r["id"]]["aliases"] = sorted(al - {recs[r["id"]]["name"]})
                continue
            rid = r["id"]
            n = 2
            while rid in recs:  # slug collisions: same name twice in one source
                if recs[rid]["name"] == r["name"] and recs[rid]["source"] == r["source"]:
                    al = set(recs[rid]["aliases"]) | set(r["aliases"])
                    recs[rid]["aliases"] = sorted(al - {recs[rid]["name"]})
                    break
                rid = f"{r['id']}_{n}"
                n += 1
            else:
                r["id"] = rid
                recs[rid] = r
    return [recs[k] for k in sorted(recs)]


def write(records: list[dict[str, Any]], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    payload = "".join(
        json.dumps({k: v for k, v in r.items() if v not in (None, [], "")}, ensure_ascii=False,
                   sort_keys=True) + "\n"
        for r in records
    )  # fmt: skip
    # mtime=0 and no file name in the header: reproducible bytes
    with out.open("wb") as fh, gzip.GzipFile(fileobj=fh, mode="wb", mtime=0, filename="") as gz:
        gz.write(payload.encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", type=Path, default=DEFAULT_SRC)
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "data"
                    / "actors" / "sources.jsonl.gz")  # fmt: skip
    args = ap.parse_args(argv)
    if not (args.src / "ucdp_actor_221").is_dir():
        print(f"no actor lists under {args.src}", file=sys.stderr)
        return 2
    recs = build(args.src)
    write(recs, args.out)
    print(f"{len(recs)} actors -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
