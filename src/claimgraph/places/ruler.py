"""EntityRuler patterns for places spaCy's small English model misses or mislabels.

In: the gazetteer. Out: `ruler_patterns()`, spaCy EntityRuler pattern dicts
({"label": "GPE", "pattern": "Albu Kamal", "id": "geonames:174448"}) for our curated features and
for the towns and provinces of conflict-affected countries (spaCy reads "Albu Kamal", "Tal Afar"
as PERSON and "Ghouta", "Rawa" as ORG). Kept to a few thousand phrases so a ruler loads in ~1 s;
`ruler_keys()` gives the same names as `norm` keys for the stage's own text scan.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from claimgraph.places.gazetteer import Gazetteer, data_dir, default_gazetteer, strip_article
from claimgraph.places.normalize import is_arabic, norm, skeleton
from claimgraph.resources import cached_build, inputs_key

__all__ = ["ruler_patterns", "ruler_keys", "patterns_from", "CONFLICT_COUNTRIES"]

#: countries whose towns get ruler patterns (ISO-2), with the population floor used for each tier
CONFLICT_COUNTRIES = {
    "SY": 3000, "IQ": 10000, "YE": 15000, "LY": 15000, "AF": 20000, "PS": 5000, "LB": 10000,
    "IL": 30000, "JO": 30000, "SO": 20000, "SD": 30000, "SS": 20000, "ML": 20000, "NE": 30000,
    "BF": 30000, "NG": 100000, "UA": 30000, "EG": 100000, "TR": 100000, "IR": 100000,
    "SA": 100000, "CD": 100000, "CF": 20000, "ET": 100000, "PK": 150000, "MM": 100000,
}  # fmt: skip

# Latin names that are also common English words or names: never a ruler pattern
_STOP = {
    "of", "the", "and", "bar", "bin", "ibn", "ali", "hassan", "hussein", "omar", "abu", "al",
    "umm", "ain", "ras", "tal", "said", "mar", "sale", "best", "deal", "hope", "mission", "union",
    "victoria", "gift", "wells", "bay", "university", "central", "post", "may", "march", "van",
    "reading", "mobile", "nice", "most", "split", "police", "army", "news", "media", "state",
    "centre", "center", "east", "north", "south", "west", "coast", "capital", "plateau",
    "lakes", "sud", "nord", "est", "ouest", "salt", "easter", "apc", "north west", "south west",
    "north east", "south east", "far north", "littoral", "adamawa", "upper", "lower", "western",
    "eastern", "northern", "southern", "islands", "delta", "lake", "river", "sea", "red sea",
    "gulf", "highlands", "mountain", "valley", "summit", "borno", "victory", "liberty", "freedom",
}  # fmt: skip
_NAME_OK = re.compile(
    r"^(?:al-|el-|as-|ash-|ad-|ar-|az-|at-)?[A-Z][A-Za-z'’\-]+(?: (?:[A-Z][A-Za-z'’\-]+|al-[A-Z][A-Za-z'’\-]+|al|el|ad|ash|as|ar|az|at|an|ez|es|bin|bani|de|of))*$"
)


def _ok(name: str) -> bool:
    if is_arabic(name) or not _NAME_OK.match(name):
        return False
    k = norm(name)
    if len(k) < 4 or k in _STOP:
        return False
    words = [w for w in k.split() if w not in _ARTS]
    # transliteration debris ("Tynkwdwgw", "Ka Lai Mi"): vowel-less words, runs of tiny words
    if any(not re.search(r"[aeiou]", w) for w in words):
        return False
    if len(words) >= 3 and all(len(w) <= 3 for w in words):
        return False
    return True


_ARTS = {"al", "el", "ad", "as", "ash", "ar", "az", "at", "an", "ez", "es", "of", "de"}


class _Patterns:
    """The patterns collected so far, by (label, text): the first one of a name wins, names
    that `_ok` refuses are never added."""

    def __init__(self) -> None:
        self.pats: dict[tuple[str, str], dict] = {}

    def add(self, text: str, label: str, gid: int) -> None:
        if _ok(text) and (label, text) not in self.pats:
            self.pats[(label, text)] = {"label": label, "pattern": text, "id": f"geonames:{gid}"}


def patterns_from(gaz: Gazetteer) -> list[dict]:
    """The ruler patterns of `gaz`, in this order: curated features (and their names in
    features.tsv), our aliases of places in conflict countries, the towns and admin1 of those
    countries, then the transliteration variants of those towns."""
    pats = _Patterns()
    _add_curated(pats, gaz)
    _add_conflict_aliases(pats, gaz)
    _add_conflict_towns(pats, gaz)
    _add_transliterations(pats, gaz)
    return list(pats.pats.values())


def _add_curated(pats: _Patterns, gaz: Gazetteer) -> None:
    """Curated features and aliases: everything, labelled by kind (features.tsv's label)."""
    for row in gaz.iter_rows("gid < 0"):
        label = "FAC" if row.fclass == "S" else ("LOC" if row.fclass in ("L", "T", "H") else "GPE")
        pats.add(row.name, label, row.gid)
    feats = data_dir() / "features.tsv"
    if feats.exists():
        for line in feats.read_text(encoding="utf-8").splitlines():
            if line.startswith(("#", "id\t")) or not line.strip():
                continue
            cols = line.split("\t")
            gid, name, aliases, label = int(cols[0]), cols[1], cols[2], cols[-1].strip() or "GPE"
            for a in [name, *aliases.split("|")]:
                pats.add(a.strip(), label, gid)
                if a.startswith("the "):
                    pats.add(a[4:], label, gid)


def _add_conflict_aliases(pats: _Patterns, gaz: Gazetteer) -> None:
    """Our aliases (aliases.tsv, not abbreviations) of places in conflict countries ("Abu
    Kamal", "Tal Afar")."""
    aliases = data_dir() / "aliases.tsv"
    if not aliases.exists():
        return
    for line in aliases.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if line.startswith("#") or len(cols) < 2 or not cols[1].strip().isdigit():
            continue
        if len(cols) > 2 and cols[2].strip() == "abbr":
            continue
        row = gaz.get(int(cols[1]))
        if row is not None and row.cc in CONFLICT_COUNTRIES:
            pats.add(cols[0].strip(), "GPE", row.gid)


def _add_conflict_towns(pats: _Patterns, gaz: Gazetteer) -> None:
    """Towns over each conflict country's population floor and its admin1, by name, name
    without article and their ASCII forms."""
    for cc, floor in CONFLICT_COUNTRIES.items():
        for row in gaz.iter_rows("cc=? AND ((fclass='P' AND pop>=?) OR fcode='ADM1')", (cc, floor)):
            for n in dict.fromkeys([row.name, strip_article(row.name) or row.name]):
                pats.add(n, "GPE", row.gid)
                ascii_n = _ascii_title(n)
                if ascii_n != n:
                    pats.add(ascii_n, "GPE", row.gid)


def _add_transliterations(pats: _Patterns, gaz: Gazetteer) -> None:
    """Transliteration variants of the same towns ("Deir al-Zour" for "Deir ez-Zor"): alternate
    names whose skeleton equals the primary name's; other alternates (other languages) are
    noise."""
    for cc, floor in CONFLICT_COUNTRIES.items():
        q = (
            "SELECT n.key, n.skel, p.gid, p.name FROM names n JOIN places p ON p.gid=n.gid "
            "WHERE p.cc=? AND p.fclass='P' AND p.pop>=? AND n.kind<=1"
        )
        for key, skel, gid, pname in gaz.con.execute(q, (cc, max(floor, 10000))).fetchall():
            if skel and skel == skeleton(norm(pname)):
                pats.add(_title(key), "GPE", gid)
                pats.add(
                    re.sub(r"\b(al|el|ad|as|ash|ar|az|ez|es) ", r"\1-", _title(key)), "GPE", gid
                )
                if key.startswith("al "):
                    pats.add("al-" + _title(key[3:]), "GPE", gid)
                    pats.add("Al-" + _title(key[3:]), "GPE", gid)


def _title(key: str) -> str:
    arts = ("al", "el", "ad", "as", "ash", "ar", "az", "ez", "es")
    return " ".join(w if w in arts else w.capitalize() for w in key.split())


def _ascii_title(name: str) -> str:
    from anyascii import anyascii

    s = anyascii(name).replace("`", "").replace("'", "")
    return s


@functools.lru_cache(maxsize=1)
def ruler_patterns() -> list[dict]:
    """EntityRuler patterns (GPE/LOC/FAC) for the nlp stage, from the default gazetteer. Their
    ~0.3 s of queries and name checks are kept in the cache folder beside the gazetteer
    (`resources.cached_build`), under a key of the gazetteer file (its name hashes the shipped
    tables and key code; its size and time change when `gazetteer add` imports a dump into it)
    and of the code that picks the patterns."""
    gaz = default_gazetteer()
    return cached_build("place-patterns", _patterns_key(Path(gaz.path)),
                        lambda: patterns_from(gaz), list)  # fmt: skip


def _patterns_key(gaz_path: Path) -> str:
    from importlib.metadata import version

    stat = gaz_path.stat()
    here = Path(__file__)
    code = [here, here.with_name("gazetteer.py"), here.with_name("normalize.py")]
    extra = [gaz_path.name, str(stat.st_size), str(stat.st_mtime_ns), version("anyascii")]
    return inputs_key(code, extra=extra)


@functools.lru_cache(maxsize=1)
def ruler_keys() -> dict[str, str]:
    """`norm` key -> label of every ruler pattern (for scanning text without spaCy)."""
    return {norm(p["pattern"]): p["label"] for p in ruler_patterns()}
