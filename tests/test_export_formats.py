"""The CSV and GeoJSON exports on tiny hand-made records: what an ACLED / QGIS user reads."""

from __future__ import annotations

import copy
import csv
import io
import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from claimgraph.cli import app
from claimgraph.export import Written, best_evidence, event_record, write_csv, write_geojson
from claimgraph.export.formats import ACLED_COLUMNS, GEOJSON_PROPERTIES
from claimgraph.model import ActorRef, Claim, Count, Event, Evidence, Place, Size, TimeRef
from claimgraph.store import Store


def _claim(text: str, doc: str = "d1", outlet: str | None = "Reuters", stance: str = "assert",
           segment: str = "body", published: str | None = "2015-12-26") -> Claim:  # fmt: skip
    return Claim(
        document_id=doc, outlet=outlet, published=published, stance=stance,
        evidence=Evidence(text=text, segment=segment, start=0, end=len(text)),
    )  # fmt: skip


def make_event(**kw: Any) -> Event:
    base: dict[str, Any] = dict(
        id="evt_1",
        event_type="ASSAULT",
        mode=["aerial"],
        acled={"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike"},
        actors=[ActorRef(name="Russia", actor_id="RUS", country="RUS", sector="MIL")],
        recipients=[ActorRef(name="Jaysh al-Islam", actor_id="jaysh_al_islam")],
        date=TimeRef(value="2015-12-25", granularity="day", type="exact", reason="'Friday'"),
        location=Place(
            name="Eastern Ghouta",
            lat=33.5,
            lon=36.4,
            admin1="Rif Dimashq",
            country="SY",
            precision="region",
        ),  # fmt: skip
        size=Size(dead=Count(low=6, best=6, high=6)),
        claims=[_claim("Six were killed in a Russian airstrike on Eastern Ghouta.")],
        documents=["d1"],
    )
    base.update(kw)
    return Event(**base)


def rec(**kw: Any) -> dict[str, Any]:
    return event_record(make_event(**kw))


def csv_rows(*records: dict[str, Any]) -> list[dict[str, str]]:
    buf = io.StringIO()
    write_csv(records, buf)
    return list(csv.DictReader(io.StringIO(buf.getvalue())))


def geojson(*records: dict[str, Any]) -> tuple[dict[str, Any], Written]:
    buf = io.StringIO()
    written = write_geojson(records, buf)
    return json.loads(buf.getvalue()), written


# --- CSV ------------------------------------------------------------------------------------------


def test_csv_columns_are_acleds_in_acleds_order_then_ours() -> None:
    rows = csv_rows(rec())
    assert tuple(rows[0]) == ACLED_COLUMNS
    assert ACLED_COLUMNS == (
        "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "assoc_actor_1",
        "actor2", "assoc_actor_2", "country", "admin1", "location", "latitude", "longitude",
        "geo_precision", "source", "notes", "fatalities",
        "plover_type", "mode", "modality", "status", "n_sources", "event_id",
    )  # fmt: skip
    row = rows[0]
    assert row["country"] == "Syria" and row["admin1"] == "Rif Dimashq"
    assert (
        row["plover_type"] == "ASSAULT"
        and row["mode"] == "aerial"
        and row["modality"] == "asserted"
    )
    assert (
        row["event_type"] == "Explosions/Remote violence"
        and row["sub_event_type"] == "Air/drone strike"
    )
    assert row["event_id"] == "evt_1" and row["status"] == "reported" and row["n_sources"] == "1"


def test_csv_mode_is_semicolon_joined() -> None:
    assert csv_rows(rec(mode=["aerial", "historical"]))[0]["mode"] == "aerial;historical"
    assert csv_rows(rec(mode=[]))[0]["mode"] == ""


def test_csv_fatalities_empty_when_unknown_and_zero_only_when_the_record_says_zero() -> None:
    unknown, zero, six, low_only = csv_rows(
        rec(size=Size()),
        rec(size=Size(dead=Count(low=0, best=0, high=0))),
        rec(),
        rec(size=Size(dead=Count(low=3))),
    )
    assert unknown["fatalities"] == ""
    assert zero["fatalities"] == "0"
    assert six["fatalities"] == "6"
    assert low_only["fatalities"] == "3"


def test_csv_country_is_the_name_acled_writes() -> None:
    def place(code: str | None) -> Place:
        return Place(name="X", lat=1.0, lon=2.0, country=code, precision="town")

    rows = csv_rows(
        rec(location=place("SY")), rec(location=place("RU")), rec(location=place("IR")),
        rec(location=place("US")), rec(location=place("ZZ")), rec(location=place(None)),
        rec(location=None),
    )  # fmt: skip
    assert [r["country"] for r in rows] == ["Syria", "Russia", "Iran", "United States", "", "", ""]
    assert rows[-1]["latitude"] == "" and rows[-1]["geo_precision"] == ""


def test_csv_source_is_outlet_names_never_document_hashes() -> None:
    claims = [
        _claim("a", doc="9f" * 32, outlet="Reuters"),
        _claim("b", doc="8e" * 32, outlet="Al Jazeera"),
        _claim("c", doc="7d" * 32, outlet="Reuters"),
        _claim("d", doc="6c" * 32, outlet=None),
    ]
    r = rec(claims=claims)
    assert csv_rows(r)[0]["source"] == "Al Jazeera; Reuters"
    # no outlet: the host of the document URL when the claim carries one, else nothing
    only_url = copy.deepcopy(r)
    for c in only_url["claims"]:
        c["outlet"] = None
    only_url["claims"][0]["url"] = "https://www.voanews.com/a/some-story/123.html"
    source = csv_rows(only_url)[0]["source"]
    assert source == "voanews.com"
    assert "6c6c" not in source and "9f9f" not in source


def test_csv_type_without_acled_counterpart_stays_empty_with_the_plover_type_beside_it() -> None:
    consult, request = csv_rows(
        rec(event_type="CONSULT", mode=["visit"], acled={}),
        rec(event_type="REQUEST", mode=[], acled={"event_type": None, "sub_event_type": None}),
    )
    assert (consult["event_type"], consult["sub_event_type"], consult["plover_type"]) == (
        "",
        "",
        "CONSULT",
    )
    assert (request["event_type"], request["sub_event_type"], request["plover_type"]) == (
        "",
        "",
        "REQUEST",
    )


def test_csv_type_acled_codes_falls_back_to_the_rule_map_when_the_record_has_none() -> None:
    agree, ceasefire = csv_rows(
        rec(event_type="AGREE", mode=[], acled={}),
        rec(event_type="RETREAT", mode=["ceasefire"], acled={}),
    )
    assert (agree["event_type"], agree["sub_event_type"]) == ("Strategic developments", "Agreement")
    assert (ceasefire["event_type"], ceasefire["sub_event_type"]) == (
        "Strategic developments",
        "Agreement",
    )


def test_csv_event_date_and_time_precision() -> None:
    day, week, month, year, none, range_ = csv_rows(
        rec(),
        rec(date=TimeRef(value="2015-12-21", granularity="week", type="approximate")),
        rec(date=TimeRef(value="2015-12-01", granularity="month", type="exact")),
        rec(date=TimeRef(value="2015-01-01", granularity="year", type="exact")),
        rec(date=None),
        rec(
            date=TimeRef(
                value="2015-12-01", end_value="2015-12-12", granularity="day", type="range"
            )
        ),
    )
    assert (day["event_date"], day["time_precision"]) == ("2015-12-25", "1")
    assert (week["event_date"], week["time_precision"]) == ("2015-12-21", "2")
    assert (month["event_date"], month["time_precision"]) == ("2015-12-01", "2")
    assert (year["event_date"], year["time_precision"]) == ("2015-01-01", "3")
    assert (none["event_date"], none["time_precision"]) == ("", "")
    # a range of eleven days is known to the month, not the day
    assert (range_["event_date"], range_["time_precision"]) == ("2015-12-01", "2")


def test_csv_date_without_a_year_is_empty() -> None:
    r = rec()
    r["date"] = {
        "value": "--12-25",
        "end": None,
        "granularity": "day",
        "type": "approximate",
        "reason": "",
    }
    row = csv_rows(r)[0]
    assert row["event_date"] == "" and row["time_precision"] == ""


# --- notes: the best evidence ---------------------------------------------------------------------


def test_notes_prefers_assert_over_report_over_deny() -> None:
    deny = _claim("Officials denied that Russia struck Eastern Ghouta.", doc="a", stance="deny")
    report = _claim("Activists said an airstrike hit the town.", doc="b", stance="report")
    assert_ = _claim("An airstrike hit the town.", doc="c", stance="assert")
    assert best_evidence(rec(claims=[deny, report, assert_])) == assert_.evidence.text
    assert best_evidence(rec(claims=[deny, report])) == report.evidence.text
    assert best_evidence(rec(claims=[deny])) == deny.evidence.text
    assert best_evidence(rec(claims=[])) is None
    assert csv_rows(rec(claims=[]))[0]["notes"] == ""


def test_notes_prefers_body_over_title_and_caption() -> None:
    title = _claim("Russia strikes Eastern Ghouta, six dead", doc="a", segment="title")
    caption = _claim(
        "Smoke over Eastern Ghouta after the Russian strike.", doc="b", segment="caption"
    )
    body = _claim("An airstrike hit the town.", doc="c", segment="body")
    assert best_evidence(rec(claims=[title, caption, body])) == body.evidence.text


def test_notes_prefers_the_sentence_that_names_most_of_the_events_fields() -> None:
    vague = _claim("An airstrike hit the town.", doc="a")
    actor = _claim("Russian jets struck the area.", doc="b")
    full = _claim("Russia killed 6 Jaysh al-Islam fighters in Eastern Ghouta.", doc="c")
    assert best_evidence(rec(claims=[vague, actor, full])) == full.evidence.text
    assert best_evidence(rec(claims=[vague, actor])) == actor.evidence.text
    # the number counts only when the record knows the dead count; number words count too
    other = _claim("The raid lasted 2 hours.", doc="a")
    words = _claim("Six people died in the raid.", doc="b")
    assert best_evidence(rec(claims=[other, words])) == words.evidence.text
    assert best_evidence(rec(claims=[words, other], size=Size())) == other.evidence.text  # a tie
    digits = _claim("The raid killed 6.", doc="b")
    assert best_evidence(rec(claims=[other, digits])) == digits.evidence.text
    no_match = _claim("The raid killed 60.", doc="b")
    assert best_evidence(rec(claims=[other, no_match])) == other.evidence.text


def test_notes_ties_go_to_the_earliest_publication_then_the_document_id() -> None:
    late = _claim("An airstrike hit the town.", doc="a", published="2015-12-28")
    early = _claim("An airstrike hit the town at dawn.", doc="z", published="2015-12-26")
    undated = _claim("An airstrike hit the town at night.", doc="0", published=None)
    assert best_evidence(rec(claims=[late, undated, early])) == early.evidence.text
    b = _claim("An airstrike hit the area.", doc="b", published="2015-12-26")
    a = _claim("An airstrike hit the place.", doc="a", published="2015-12-26")
    assert best_evidence(rec(claims=[b, a])) == a.evidence.text
    assert best_evidence(rec(claims=[a, b])) == a.evidence.text


def test_notes_are_the_same_in_csv_and_geojson() -> None:
    r = rec(claims=[
        _claim("An airstrike hit the town.", doc="a"),
        _claim("Russia struck Eastern Ghouta.", doc="b", stance="report"),
        _claim("Russia struck Eastern Ghouta, killing six.", doc="c"),
    ])  # fmt: skip
    gj, _ = geojson(r)
    assert csv_rows(r)[0]["notes"] == gj["features"][0]["properties"]["notes"] == best_evidence(r)
    assert best_evidence(r) == "Russia struck Eastern Ghouta, killing six."


# --- GeoJSON --------------------------------------------------------------------------------------


def test_geojson_properties_are_flat_typed_scalars() -> None:
    r = rec(
        mode=["aerial", "historical"],
        actors=[ActorRef(name="Russia"), ActorRef(name="Syria military")],
        claims=[_claim("Six were killed in a Russian airstrike.", outlet="Reuters"),
                _claim("Six dead in Eastern Ghouta.", doc="d2", outlet="AP", segment="title")],
    )  # fmt: skip
    gj, written = geojson(r)
    assert written == Written(1, 0)
    (feature,) = gj["features"]
    assert feature["type"] == "Feature" and feature["id"] == "evt_1"
    assert feature["geometry"] == {"type": "Point", "coordinates": [36.4, 33.5]}
    props = feature["properties"]
    assert tuple(props) == GEOJSON_PROPERTIES
    assert all(v is None or isinstance(v, (str, int, float)) for v in props.values()), props
    assert props["date"] == "2015-12-25" and props["date_precision"] == "day"
    assert props["event_type"] == "ASSAULT" and props["mode"] == "aerial;historical"
    assert props["acled_event_type"] == "Explosions/Remote violence"
    assert props["acled_sub_event_type"] == "Air/drone strike"
    assert props["actor1"] == "Russia" and props["actor2"] == "Jaysh al-Islam"
    assert props["actors"] == "Russia;Syria military" and props["recipients"] == "Jaysh al-Islam"
    assert props["fatalities"] == 6 and isinstance(props["fatalities"], int)
    assert props["n_sources"] == 1 and props["n_claims"] == 2
    assert props["location"] == "Eastern Ghouta" and props["admin1"] == "Rif Dimashq"
    assert (
        props["country"] == "Syria"
        and props["country_code"] == "SY"
        and props["precision"] == "region"
    )
    assert props["source"] == "AP; Reuters"
    assert props["notes"] == "Six were killed in a Russian airstrike."


def test_geojson_unknowns_are_null() -> None:
    gj, _ = geojson(rec(actors=[], recipients=[], date=None, size=Size(), event_type="CONSULT",
                        mode=[], acled={}))  # fmt: skip
    props = gj["features"][0]["properties"]
    for key in ("date", "date_precision", "actor1", "actor2", "actors", "recipients", "fatalities",
                "mode", "acled_event_type", "acled_sub_event_type"):  # fmt: skip
        assert props[key] is None, key
    assert props["event_type"] == "CONSULT"


def test_geojson_counts_the_events_left_out_for_lack_of_coordinates() -> None:
    no_place = rec(id="evt_2", location=None)
    no_coords = rec(id="evt_3", location=Place(name="Somewhere", country="SY", precision="town"))
    gj, written = geojson(rec(), no_place, no_coords)
    assert written == Written(events=1, left_out=2)
    assert gj["type"] == "FeatureCollection"
    assert [f["id"] for f in gj["features"]] == ["evt_1"]
    assert gj["claimgraph"] == {"events": 3, "features": 1, "without_coordinates": 2}


def test_geojson_without_events_is_a_valid_empty_collection() -> None:
    gj, written = geojson()
    assert gj == {"type": "FeatureCollection", "features": [],
                  "claimgraph": {"events": 0, "features": 0, "without_coordinates": 0}}  # fmt: skip
    assert written == Written(0, 0)


def test_cli_export_geojson_says_how_many_events_were_left_out(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    Store(url).replace_events([make_event(), make_event(id="evt_2", location=None)])
    out = tmp_path / "x.geojson"
    result = CliRunner().invoke(app, ["export", "--format", "geojson", "-o", str(out), "--db", url])
    assert result.exit_code == 0, result.output
    assert f"wrote 1 events to {out} (1 without coordinates left out)" in result.stderr
    assert len(json.loads(out.read_text())["features"]) == 1
    csv_out = tmp_path / "x.csv"
    result = CliRunner().invoke(app, ["export", "--format", "csv", "-o", str(csv_out), "--db", url])
    assert f"wrote 2 events to {csv_out}" in result.stderr and "left out" not in result.stderr
    result = CliRunner().invoke(app, ["export", "--format", "geojson", "--db", url])
    assert json.loads(result.stdout)["claimgraph"]["without_coordinates"] == 1
    assert "1 without coordinates left out of 2 events" in result.stderr
