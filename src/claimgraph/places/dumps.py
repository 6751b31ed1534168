"""Import official GeoNames dumps into a gazetteer, streaming.

In: files users download from https://download.geonames.org/export/dump/ — `allCountries.zip`,
per-country `XX.zip`, `citiesNNN.zip` (the 19-column "geoname" table) and `alternateNamesV2.zip`
(or the same as plain .txt). Out: rows inserted into the gazetteer's `places`/`names` tables.

Files are read line by line (zip members through a stream) and written in batches, so memory
stays flat whatever the size of the dump; alternate names go through a staging table and are kept
only for places the gazetteer has.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

from claimgraph.places.kinds import KIND_ABBR, KIND_ALT, KIND_PRIMARY
from claimgraph.places.normalize import norm, skeleton, usable_script

if TYPE_CHECKING:  # the index imports this module to build itself from dumps
    from claimgraph.places.gazetteer import Gazetteer

__all__ = ["import_file", "import_geonames_lines", "import_alternate_lines", "not_a_dump"]

BATCH = 20000
# alternateNames "languages" that are not names
_SKIP_LANGS = {"link", "post", "iata", "icao", "faac", "wkdt", "unlc", "tcid", "fr_1793"}


def _open_members(path: Path) -> Iterator[tuple[str, IO[str]]]:
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                n = info.filename.rsplit("/", 1)[-1]
                if not n.endswith(".txt") or n.lower().startswith(("readme", "iso-languagecodes")):
                    continue
                with zf.open(info) as raw:
                    yield n, io.TextIOWrapper(raw, encoding="utf-8", newline="")
    else:
        with open(path, encoding="utf-8", newline="") as f:
            yield path.name, f


def not_a_dump(path: Path, lines: int = 20) -> str | None:
    """Why `path` is not a GeoNames dump this module reads (None: it is one), from its first
    lines, before anything is imported: a news article or a CSV must not "add" 0 rows."""
    try:
        members = 0
        for name, f in _open_members(Path(path)):
            members += 1
            alternate = name.lower().startswith("alternatenames")
            rows = [
                line.rstrip("\n").split("\t") for _, line in zip(range(lines), f) if line.strip()
            ]
            if not rows:
                return f"{name} is empty"
            for c in rows:
                if alternate and len(c) >= 4 and c[0].isdigit() and c[1].isdigit():
                    continue
                if not alternate and len(c) >= 15 and c[0].isdigit() and _floats(c[4], c[5]):
                    continue
                what = (
                    "alternateNames (4+ tab-separated columns)"
                    if alternate
                    else "geoname table (19 tab-separated columns)"
                )
                return f"{name} is not a GeoNames {what}; its line {rows.index(c) + 1} reads {' '.join(c)[:60]!r}"
        if members == 0:
            return "the zip file holds no .txt dump"
    except (zipfile.BadZipFile, UnicodeDecodeError, OSError) as exc:
        return f"cannot be read as a GeoNames dump ({type(exc).__name__}: {exc})"
    return None


def _floats(*values: str) -> bool:
    try:
        [float(v) for v in values]
    except ValueError:
        return False
    return True


def import_file(gz: Gazetteer, path: Path, progress: Callable[[int], None] | None = None) -> int:
    """Import one dump file (zip or txt); returns the number of rows read."""
    n = 0
    # secondary indexes are rebuilt once at the end: updating them row by row makes a
    # 12M-row allCountries import several times slower
    gz.con.executescript(
        "DROP INDEX IF EXISTS names_skel; DROP INDEX IF EXISTS names_gid; "
        "DROP INDEX IF EXISTS places_admin;"
    )
    gz.con.execute("PRAGMA cache_size=-64000")  # 64 MB page cache: memory stays bounded
    for name, f in _open_members(Path(path)):
        if name.lower().startswith("alternatenames"):
            n += import_alternate_lines(gz, f, progress)
        else:
            n += import_geonames_lines(gz, f, progress)
    gz.finish()
    gz._cache.clear()
    gz._admin1 = gz._countries = None
    return n


def import_geonames_lines(
    gz: Gazetteer, lines: IO[str], progress: Callable[[int], None] | None = None
) -> int:
    """The 19-column geoname table: geonameid, name, asciiname, alternatenames, lat, lon,
    feature class, feature code, country, cc2, admin1..admin4, population, elevation, dem,
    timezone, modification date."""
    cur = gz.con.cursor()
    gz.con.executescript("CREATE UNIQUE INDEX IF NOT EXISTS names_key_gid ON names(key, gid);")
    places: list[tuple] = []
    names: list[tuple[str, str, int, int]] = []
    n = 0
    sql_n = (
        "INSERT INTO names VALUES (?,?,?,?) ON CONFLICT(key, gid) DO UPDATE SET "
        "kind=min(kind, excluded.kind)"
    )

    def flush() -> None:
        cur.executemany("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)", places)
        cur.executemany(sql_n, names)
        places.clear()
        names.clear()

    for line in lines:
        c = line.rstrip("\n").split("\t")
        if len(c) < 15 or not c[0].isdigit():
            continue
        gid = int(c[0])
        try:
            lat, lon = float(c[4]), float(c[5])
        except ValueError:
            continue
        pop = int(c[14]) if c[14].strip().lstrip("-").isdigit() else 0
        places.append((gid, c[1], lat, lon, c[6], c[7], c[8], c[10], c[11], pop, "dump"))
        seen = set()
        for i, nm in enumerate([c[1], c[2], *c[3].split(",")]):
            if not nm or not usable_script(nm):
                continue
            k = norm(nm)
            if not k or k in seen:
                continue
            seen.add(k)
            names.append((k, skeleton(k), gid, KIND_PRIMARY if i < 2 else KIND_ALT))
        n += 1
        if len(places) >= BATCH:
            flush()
            if progress:
                progress(n)
    flush()
    return n


def import_alternate_lines(
    gz: Gazetteer, lines: IO[str], progress: Callable[[int], None] | None = None
) -> int:
    """alternateNamesV2: alternateNameId, geonameid, isolanguage, name, isPreferredName,
    isShortName, isColloquial, isHistoric, from, to. Names of unknown places are dropped."""
    con = gz.con
    con.execute("DROP TABLE IF EXISTS stage_names")
    con.execute("CREATE TEMP TABLE stage_names (key TEXT, skel TEXT, gid INTEGER, kind INTEGER)")
    batch: list[tuple[str, str, int, int]] = []
    n = 0
    for line in lines:
        c = line.rstrip("\n").split("\t")
        if len(c) < 4 or not c[1].isdigit():
            continue
        lang = c[2]
        if lang in _SKIP_LANGS or (len(c) > 7 and c[7] == "1"):  # historic names: skip
            continue
        nm = c[3]
        if not nm or not usable_script(nm):
            continue
        k = norm(nm)
        if not k:
            continue
        kind = KIND_ABBR if lang == "abbr" else KIND_ALT
        batch.append((k, skeleton(k), int(c[1]), kind))
        n += 1
        if len(batch) >= BATCH:
            con.executemany("INSERT INTO stage_names VALUES (?,?,?,?)", batch)
            batch.clear()
            if progress:
                progress(n)
    con.executemany("INSERT INTO stage_names VALUES (?,?,?,?)", batch)
    con.executescript("CREATE UNIQUE INDEX IF NOT EXISTS names_key_gid ON names(key, gid);")
    con.execute(
        "INSERT OR IGNORE INTO names SELECT key, skel, gid, kind FROM stage_names "
        "WHERE gid IN (SELECT gid FROM places)"
    )
    con.execute("DROP TABLE stage_names")
    return n
