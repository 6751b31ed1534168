"""Gazetteer build, lookup and resolution on tiny GeoNames-format fixtures."""

from __future__ import annotations

import importlib
import zipfile
from pathlib import Path

import pytest

from claimgraph.model import Document, Entity
from claimgraph.places.dumps import import_file
from claimgraph.places.gazetteer import Gazetteer, build_gazetteer
from claimgraph.places.normalize import norm, skeleton
from claimgraph.places.resolve import Resolver
from claimgraph.places.stage import PlaceStage

FIX = Path(__file__).parent / "fixtures" / "places"


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    out = tmp_path_factory.mktemp("gz") / "g.sqlite"
    build_gazetteer(
        out,
        cities={},
        countries={},
        continents={},
        admin1_file=FIX / "admin1CodesASCII.txt",
        admin2_file=FIX / "admin2Codes.txt",
        geonames_files=[FIX / "geonames_cities.txt"],
    )
    return Gazetteer(out)


def test_places_normalize_keys() -> None:
    assert norm("Deir ez-Zor") == "deir ez zor"
    assert norm("St. Louis") == norm("Saint Louis")
    assert skeleton(norm("Dayr az Zawr")) == skeleton(norm("Deir ez-Zor"))
    assert norm("الرقة") == "الرقه"


def test_places_lookup_exact_alternate_arabic(gaz: Gazetteer) -> None:
    assert {g for g, _ in gaz.lookup(norm("Douma"))} >= {170592}
    assert 172955 in {g for g, _ in gaz.lookup(norm("الرقة"))}
    assert gaz.get(170592).fcode == "PPLA2"
    # curated features ship with the package
    assert any(gaz.get(g).name == "Eastern Ghouta" for g, _ in gaz.lookup("eastern ghouta"))


def test_places_admin_tables_have_ids_and_coords(gaz: Gazetteer) -> None:
    a1 = gaz.admin1_row("US", "OH")
    assert a1 is not None and a1.gid == 5165418
    assert gaz.lookup("raqqah")  # "Ar-Raqqah" without its article


def test_places_resolve_with_context(gaz: Gazetteer) -> None:
    res = Resolver(gaz)
    assert res.best("Damascus").gid == 170654
    assert res.best("Damascus", country_hint="US").gid == 5722088
    # "Dayton, Tennessee": the hierarchy beats population
    rows = res.resolve_all(["Dayton", "Tennessee"], [["Tennessee"], []])
    assert rows[0].gid == 4620131
    assert res.best("Dayr al Raqqa") is None or res.best("Raqqa").gid == 172955


def test_places_candidate_cache_is_bounded(gaz: Gazetteer, monkeypatch: pytest.MonkeyPatch) -> None:
    # a worker meets hundreds of thousands of names: the cache stays under its bound and a name
    # resolved again after a clear resolves the same
    # (the package's `resolve` function hides the module of that name)
    monkeypatch.setattr(importlib.import_module("claimgraph.places.resolve"), "CAND_CACHE_MAX", 3)
    res = Resolver(gaz)
    first = res.best("Damascus").gid
    for name in ("Douma", "Raqqa", "Tabaqa", "Dayton", "Tennessee"):
        res.best(name)
        assert len(res._cand_cache) <= 3
    assert res.best("Damascus").gid == first == 170654


def test_places_fuzzy_candidates(gaz: Gazetteer) -> None:
    res = Resolver(gaz)
    assert res.best("Ar-Raqqa").gid in (172955, 172957)
    assert res.best("Tabaqa").gid == 172374


def test_places_stage_fills_places(gaz: Gazetteer) -> None:
    text = "Jets struck Douma and a Damascus-based group said Tabqa city in Raqqa was hit."
    ents = [
        Entity(start=12, end=17, label="GPE", text="Douma"),
        Entity(start=24, end=32, label="GPE", text="Damascus"),
        Entity(start=50, end=55, label="GPE", text="Tabqa"),
        Entity(start=64, end=69, label="GPE", text="Raqqa"),
    ]
    doc = Document(id="d", uri="d", text=text, entities=ents)
    PlaceStage(gaz, scan=False)(doc)
    got = [(p.name, p.geonames_id, p.start) for p in doc.places]
    assert ("Dūmā", 170592, 12) in got
    assert all(p.start != 24 for p in doc.places)  # "Damascus-based" is not a place
    tabqa = next(p for p in doc.places if p.start == 50)
    assert tabqa.geonames_id == 172374 and tabqa.admin1 == "Ar-Raqqah" and tabqa.country == "SY"


def test_places_dump_import_zip_streaming(gaz: Gazetteer, tmp_path: Path) -> None:
    z = tmp_path / "SY.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr(
            "SY.txt",
            (FIX / "geonames_cities.txt")
            .read_text(encoding="utf-8")
            .replace("Al-Tabqa\tAl-Tabqa", "Al-Tabqa\tAl-Tabqa"),
        )
        zf.writestr("readme.txt", "not data")
    a = tmp_path / "alternateNamesV2.zip"
    with zipfile.ZipFile(a, "w") as zf:
        zf.writestr("alternateNamesV2.txt", (FIX / "alternateNames_small.txt").read_text("utf-8"))
    g2 = Gazetteer(tmp_path / "x.sqlite")
    assert import_file(g2, z) == 9
    assert import_file(g2, a) == 5
    assert 172374 in {g for g, _ in g2.lookup("tabqa city")}
    assert not g2.lookup("nowhere")  # names of places we do not have are dropped
    assert g2.get(172374).name == "Al-Tabqa"


@pytest.mark.slow
def test_places_default_gazetteer_api() -> None:
    """The shipped index (built on first use into $CLAIMGRAPH_CACHE): ruler names and resolve()."""
    import time

    from claimgraph.places import resolve, ruler_patterns

    pats = ruler_patterns()
    names = {p["pattern"] for p in pats}
    for n in ("Albu Kamal", "Eastern Ghouta", "Douma", "Harasta", "Yarmouk", "Tabqa", "Hmeimim",
              "Qaim", "Tal Afar", "Deir al-Zour"):  # fmt: skip
        assert n in names, n
    assert 1000 < len(pats) < 20000
    assert {p["label"] for p in pats} <= {"GPE", "LOC", "FAC"}
    t = time.perf_counter()
    assert resolve("Eastern Ghouta").precision == "region"
    assert resolve("Hmeimim").precision == "exact"
    assert resolve("U.S.").geonames_id == 6252001
    assert resolve("Tal Afar").country == "IQ"
    assert resolve("Damascus").country == "SY"
    assert resolve("Damascus", country_hint="US").country == "US"
    assert resolve("Calif.").geonames_id == 5332921
    assert resolve("xqzzyv") is None
    assert time.perf_counter() - t < 2.0


def test_places_country_named_by_its_first_part(tmp_path: Path) -> None:
    countries = {
        "TT": {"geonameid": 3573591, "name": "Trinidad and Tobago", "iso": "TT", "iso3": "TTO",
               "population": 1389858, "capital": "Port of Spain"},
        "TC": {"geonameid": 3576916, "name": "Turks and Caicos Islands", "iso": "TC",
               "iso3": "TCA", "population": 41000, "capital": "Cockburn Town"},
    }  # fmt: skip
    out = build_gazetteer(
        tmp_path / "g.sqlite", cities={}, countries=countries, continents={},
        admin1_file=FIX / "admin1CodesASCII.txt", admin2_file=FIX / "admin2Codes.txt",
    )  # fmt: skip
    gz = Gazetteer(out)
    assert 3573591 in {g for g, _ in gz.lookup("trinidad")}
    assert 3576916 not in {g for g, _ in gz.lookup("turks")}  # a plural: the demonym


def test_places_other_name_needs_the_text_to_place_it(tmp_path: Path) -> None:
    # Blue Island, IL lists "Portland" among its alternate names; an Illinois story must not turn
    # "Portland" into it over the Portland whose own name it is, unless the text says "Illinois"
    def line(gid: int, name: str, alts: str, lat: float, lon: float, cc: str, a1: str, pop: int):
        return f"{gid}\t{name}\t{name}\t{alts}\t{lat}\t{lon}\tP\tPPL\t{cc}\t\t{a1}\t\t\t\t{pop}\t0\t0\t\t2020-01-01\n"

    (tmp_path / "g.txt").write_text(
        line(1, "Portland", "", 45.52, -122.68, "US", "OR", 650000)
        + line(2, "Blue Island", "Portland", 41.66, -87.68, "US", "IL", 23000)
        + line(3, "Chicago", "", 41.85, -87.65, "US", "IL", 2700000)
        + line(4, "Newcastle upon Tyne", "Newcastle", 54.97, -1.61, "GB", "ENG", 300000)
        + line(5, "Newcastle", "", -32.93, 151.78, "AU", "02", 500000),
        encoding="utf-8",
    )
    (tmp_path / "a1.txt").write_text("US.IL\tIllinois\tIllinois\t4896861\n", encoding="utf-8")
    out = tmp_path / "g.sqlite"
    build_gazetteer(
        out, cities={}, countries={}, continents={}, admin1_file=tmp_path / "a1.txt",
        admin2_file=FIX / "admin2Codes.txt", geonames_files=[tmp_path / "g.txt"],
    )  # fmt: skip
    res = Resolver(Gazetteer(out))
    flags = {c.row.gid: c.other_name for c in res.candidates("Portland")[0]}
    assert flags == {1: False, 2: True}
    # a shortened form of its own name is no other name
    assert not any(c.other_name for c in res.candidates("Newcastle")[0])
    assert [r.gid for r in res.resolve_all(["Portland", "Chicago"])] == [1, 3]
    assert res.resolve_all(["Portland"], parents=[["Illinois"]])[0].gid == 2
    # the old behaviour, for contrast: the Illinois context carried the other name
    assert Resolver(res.gaz, {"other_name": 0.0}).resolve_all(["Portland", "Chicago"])[0].gid == 2
